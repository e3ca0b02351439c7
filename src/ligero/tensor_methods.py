"""The PyTorch face's Tensor methods, with torch's meaning, installed onto :class:`Tensor`.

Each method is a thin call of an op of :mod:`ligero.ops` (where the derivative
lives). ``dim=``/``keepdim=`` are torch's names; NumPy's ``axis=``/``keepdims=``
are accepted too, as torch accepts them. In-place methods (``add_``, ``+=``,
``normal_``...) go through one mechanism, :func:`inplace`: torch's rule for leaves
that require grad, the result written into ``t.array``, the version bumped.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import dtypes as _dtypes
from ligero import ops
from ligero import statistics as _statistics
from ligero.grad_fn import present
from ligero.ops import compare, index, linalg
from ligero.ops import reduce as _reduce
from ligero.ops import shape as _shape
from ligero.ops import special as _special
from ligero.ops import spectral as _spectral
from ligero.ops import unary as _unary
from ligero.ops._common import cast, normalize_axes
from ligero.tensor import (
    CPU,
    Tensor,
    _GradMode,
    _leaf,
    as_tensor,
    bump_version,
    device,
    no_grad,
    prior_of,
    set_prior,
    settle_lazy_gradients,
)
from ligero.tensor import _dim as _dim_index
from ligero.torch_generator import stream_of

ValuesIndices = _statistics.RETURN_TYPES  # torch.return_types.max(values=..., indices=...) and the others


def _shape_args(args: tuple) -> tuple[int, ...]:
    """Sizes given as varargs (``view(2, 3)``) or as one tuple/list (``view((2, 3))``)."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(int(n) for n in args[0])
    return tuple(int(n) for n in args)


def _axis(dim: Any, axis: Any) -> Any:
    return axis if dim is None else dim


def _kept(keepdim: bool, keepdims: Any) -> bool:
    return bool(keepdim if keepdims is None else keepdims)


def _with_dtype(t: Tensor, dtype: Any) -> Tensor:
    return t if dtype is None else cast(t, _dtypes.to_numpy(dtype))


def _sum_dtype(t: Tensor, dtype: Any) -> Tensor:
    """sum/prod/cumsum of integers and bools accumulate in int64, as torch's."""
    if dtype is None and t.array.dtype.kind in "biu":
        return cast(t, np.int64)
    return _with_dtype(t, dtype)


def _float_only(t: Tensor, name: str) -> None:
    if t.array.dtype.kind != "f":
        raise RuntimeError(
            f"{name}(): could not infer output dtype. Input dtype must be either a floating point or "
            f"complex dtype. Got: {_dtypes.of(t.array.dtype).name.capitalize()}"
        )


# ----------------------------------------------------------------------------- in place


def inplace(t: Tensor, result: Any, *args: Any, **kwargs: Any) -> Tensor:
    """``t`` overwritten by ``result(t, *args)`` (an op), torch's way.

    A leaf that requires grad refuses outside ``no_grad()``; with recording on and
    a graph involved, ``t`` becomes the op's node, fed by a snapshot of its old
    values (which takes its old place in the graph); the version is bumped, so a
    backward that needs the old values raises.
    """
    recording = _GradMode.enabled
    if recording and t.requires_grad and t._backward is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    if recording and (t.requires_grad or any(isinstance(a, Tensor) and a.requires_grad for a in args)):
        old = _snapshot(t)
        bump_version(t)
        old._version = t._version  # the values its op saw are about to change
        res = result(old, *args, **kwargs)
        _write(t, res.array)
        t._parents, t._backward, t.requires_grad, t.op, t._seq = (
            res._parents, res._backward, res.requires_grad, res.op, res._seq)
        return t
    res = result(t, *args, **kwargs)  # records nothing: no operand requires grad, or grad mode is off
    _write(t, res.array)
    bump_version(t)
    return t


def restrided(t: Tensor, view: Any, *args: Any) -> Tensor:
    """``t`` given the shape and strides of ``view(t, *args)`` in place (``t_``, ``unsqueeze_``...): the
    same memory seen another way; in a graph, ``t`` becomes the view's node."""
    recording = _GradMode.enabled
    if recording and t.requires_grad and t._backward is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    if recording and t.requires_grad:
        old = _snapshot(t)
        res = view(old, *args)
        t._parents, t._backward, t.op, t._seq = res._parents, res._backward, res.op, res._seq
        t.array = res.array
        return t
    with no_grad():
        t.array = view(t, *args).array
    return t


def _snapshot(t: Tensor) -> Tensor:
    """A copy of ``t``'s values that takes ``t``'s place in the graph (its op, parents, creation number)."""
    old = _leaf(t.array.copy())
    old._parents, old._backward, old.requires_grad, old.op = t._parents, t._backward, t.requires_grad, t.op
    old._seq, old._retain, old._hooks = t._seq, t._retain, t._hooks
    before = prior_of(t)
    if before is not None:
        set_prior(old, before)
    set_prior(t, old)
    return old


def _write(t: Tensor, values: np.ndarray) -> None:
    if values.shape != t.array.shape:
        raise RuntimeError(
            f"output with shape {list(t.array.shape)} doesn't match the broadcast shape {list(values.shape)}"
        )
    if values.dtype != t.array.dtype and not np.can_cast(values.dtype, t.array.dtype, "same_kind"):
        raise RuntimeError(
            f"result type {_dtypes.of(values.dtype).name.capitalize()} can't be cast to the desired "
            f"output type {_dtypes.of(t.array.dtype).name.capitalize()}"
        )
    settle_lazy_gradients((t.array,))
    np.copyto(t.array, values, casting="unsafe")


def _filled(t: Tensor, values: Any) -> Tensor:
    """``t`` overwritten with constant ``values`` (no gradient flows to what it held)."""
    if _GradMode.enabled and t.requires_grad and t._backward is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    settle_lazy_gradients((t.array,))
    np.copyto(t.array, values, casting="unsafe")
    if t._backward is not None and _GradMode.enabled:
        t._parents, t._backward, t.requires_grad, t.op = (), None, False, None
    bump_version(t)
    return t


def _float_dtype(a: np.ndarray, op: str) -> np.dtype:
    if a.dtype.kind != "f":
        raise RuntimeError(f"{op} expects a floating point tensor, got dtype {a.dtype}")
    return a.dtype


class _Methods:
    """Its functions become Tensor's methods (see :func:`install`)."""

    # ------------------------------------------------------------ shape
    def view(self, *shape: Any) -> Tensor:
        if len(shape) == 1 and not isinstance(shape[0], (int, tuple, list)):
            return self.to(shape[0])  # view(dtype) of the same size: a conversion here
        target = _shape_args(shape)
        probe = self.array.view()
        try:
            probe.shape = target
        except AttributeError:
            raise RuntimeError(
                "view size is not compatible with input tensor's size and stride (at least one dimension "
                "spans across two contiguous subspaces). Use .reshape(...) instead."
            ) from None
        except ValueError:
            raise RuntimeError(f"shape '{list(target)}' is invalid for input of size {self.array.size}") from None
        return ops.reshape(self, target)

    def view_as(self, other: Tensor) -> Tensor:
        return self.view(other.array.shape)

    def reshape(self, *shape: Any) -> Tensor:
        target = _shape_args(shape)
        try:
            return ops.reshape(self, target)
        except ValueError:
            raise RuntimeError(f"shape '{list(target)}' is invalid for input of size {self.array.size}") from None

    def reshape_as(self, other: Tensor) -> Tensor:
        return ops.reshape(self, other.array.shape)

    def permute(self, *dims: Any) -> Tensor:
        return _shape.permute(self, _shape_args(dims))

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        return _shape.swapdims(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def t(self) -> Tensor:
        if self.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.ndim}D")
        return present(ops.transpose(self, None), "t")

    @property
    def T(self) -> Tensor:  # noqa: N802 - torch's name
        return present(ops.transpose(self, None), "permute")

    @property
    def mT(self) -> Tensor:  # noqa: N802
        return _shape.swapdims(self, -2, -1)

    def unsqueeze(self, dim: int) -> Tensor:
        return _shape.unsqueeze(self, dim)

    def squeeze(self, dim: Any = None) -> Tensor:
        return _shape.squeeze(self, dim)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return _shape.flatten(self, start_dim, end_dim)

    def unflatten(self, dim: int, sizes: Any) -> Tensor:
        d = _shape._dim_index(dim, self.ndim)
        shape = self.array.shape
        return ops.reshape(self, (*shape[:d], *sizes, *shape[d + 1:]))

    def expand(self, *sizes: Any) -> Tensor:
        return _shape.expand(self, _shape_args(sizes))

    def expand_as(self, other: Tensor) -> Tensor:
        return _shape.expand(self, other.array.shape)

    def repeat(self, *sizes: Any) -> Tensor:
        return _shape.repeat(self, _shape_args(sizes))

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        return _shape.chunk(self, chunks, dim)

    def split(self, split_size: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return _shape.split(self, split_size, dim)

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        return _shape.unbind(self, dim)

    def flip(self, *dims: Any) -> Tensor:
        return _shape.flip(self, _shape_args(dims))

    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        return _shape.roll(self, shifts, dims)

    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        return _shape.narrow(self, dim, start, length)

    def contiguous(self, memory_format: Any = None) -> Tensor:
        return _shape.contiguous(self)

    def is_contiguous(self, memory_format: Any = None) -> bool:
        return bool(self.array.flags.c_contiguous)

    def storage_offset(self) -> int:
        """Elements between the start of the memory this tensor views and its first element."""
        base = self.array
        while isinstance(base.base, np.ndarray):
            base = base.base
        start = self.array.__array_interface__["data"][0] - base.__array_interface__["data"][0]
        return int(start) // self.array.itemsize

    def stride(self, dim: int | None = None) -> Any:
        """Steps in elements between neighbours along each dimension (a tuple; one int for ``dim``)."""
        item = self.array.itemsize
        steps = tuple(int(b) // item for b in self.array.strides)
        return steps if dim is None else steps[_dim_index(dim, self.ndim, "stride")]

    def clone(self, memory_format: Any = None) -> Tensor:
        return _shape.clone(self)

    # ------------------------------------------------------------ conversion
    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """``to(dtype)``, ``to("cpu")``, ``to(device, dtype)``, ``to(other)``: a converted tensor (or self)."""
        target = kwargs.get("dtype")
        for a in (*args, kwargs.get("device")):
            if isinstance(a, Tensor):
                target = a.array.dtype
            elif isinstance(a, (str, device)):
                device(str(a))  # only the CPU
            elif a is not None and not isinstance(a, bool):
                target = a
        if target is None:
            return self
        np_dtype = _dtypes.to_numpy(target)
        return self if np_dtype == self.array.dtype else cast(self, np_dtype)

    def type(self, dtype: Any = None) -> Any:
        if dtype is None:
            return _TYPE_NAMES.get(self.array.dtype.name, "torch." + self.array.dtype.name)
        if isinstance(dtype, str) and dtype in _TYPE_NAMES.values():
            dtype = _dtypes.of(np.dtype({v: k for k, v in _TYPE_NAMES.items()}[dtype]))
        elif isinstance(getattr(dtype, "dtype", None), _dtypes.dtype):  # a legacy type: torch.DoubleTensor
            dtype = dtype.dtype
        return self.to(dtype)

    def float(self) -> Tensor:
        return self.to(_dtypes.float32)

    def double(self) -> Tensor:
        return self.to(_dtypes.float64)

    def half(self) -> Tensor:
        return self.to(_dtypes.float16)

    def long(self) -> Tensor:
        return self.to(_dtypes.int64)

    def int(self) -> Tensor:
        return self.to(_dtypes.int32)

    def short(self) -> Tensor:
        return self.to(_dtypes.int16)

    def bool(self) -> Tensor:
        return self.to(_dtypes.bool)

    def byte(self) -> Tensor:
        return self.to(_dtypes.uint8)

    def cpu(self) -> Tensor:
        return self

    def cuda(self, *args: Any, **kwargs: Any) -> Tensor:
        raise RuntimeError("Torch not compiled with CUDA enabled (ligero runs on the CPU only)")

    def type_as(self, other: Tensor) -> Tensor:
        return self.to(other.array.dtype)

    def new_empty(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return self.new_zeros(*size, dtype=dtype, requires_grad=requires_grad)  # zero-filled: deterministic

    def new_zeros(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return Tensor(np.zeros(_shape_args(size), _dtypes.to_numpy(dtype) or self.array.dtype),
                      requires_grad=requires_grad)

    def new_ones(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return Tensor(np.ones(_shape_args(size), _dtypes.to_numpy(dtype) or self.array.dtype),
                      requires_grad=requires_grad)

    def new_full(self, size: Any, fill_value: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return Tensor(np.full(tuple(size), fill_value, _dtypes.to_numpy(dtype) or self.array.dtype),
                      requires_grad=requires_grad)

    def new_tensor(self, data: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return Tensor(np.array(data, _dtypes.to_numpy(dtype) or self.array.dtype), requires_grad=requires_grad)

    # ------------------------------------------------------------ reductions
    def sum(self, dim: Any = None, keepdim: bool = False, dtype: Any = None, *, axis: Any = None,
            keepdims: Any = None, out: None = None) -> Tensor:
        return ops.sum(_sum_dtype(self, dtype), _axis(dim, axis), _kept(keepdim, keepdims))

    def mean(self, dim: Any = None, keepdim: bool = False, dtype: Any = None, *, axis: Any = None,
            keepdims: Any = None, out: None = None) -> Tensor:
        t = _with_dtype(self, dtype)
        _float_only(t, "mean")
        return ops.mean(t, _axis(dim, axis), _kept(keepdim, keepdims))

    def prod(self, dim: Any = None, keepdim: bool = False, dtype: Any = None, *, axis: Any = None,
            keepdims: Any = None, out: None = None) -> Tensor:
        return _reduce.prod(_sum_dtype(self, dtype), _axis(dim, axis), _kept(keepdim, keepdims))

    def max(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None,
            out: None = None) -> Any:
        return _extreme(self, "max", dim, keepdim, axis, keepdims)

    def min(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None,
            out: None = None) -> Any:
        return _extreme(self, "min", dim, keepdim, axis, keepdims)

    def amax(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None) -> Tensor:
        d = _axis(dim, axis)
        return ops.max(self, None if d == () else d, _kept(keepdim, keepdims))

    def amin(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None) -> Tensor:
        d = _axis(dim, axis)
        return ops.min(self, None if d == () else d, _kept(keepdim, keepdims))

    def argmax(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None) -> Tensor:
        return _arg(self, np.argmax, _axis(dim, axis), keepdim)

    def argmin(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None) -> Tensor:
        return _arg(self, np.argmin, _axis(dim, axis), keepdim)

    def var(self, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *, correction: Any = None,
            axis: Any = None, keepdims: Any = None) -> Tensor:
        """``Σ (x - mean)² / (n - correction)``; correction 1 (unbiased) unless told otherwise."""
        _float_only(self, "var")
        if isinstance(dim, bool):  # var(False): the old positional ``unbiased``
            dim, unbiased = None, dim
        axes = normalize_axes(_axis(dim, axis), self.ndim)
        c = correction if correction is not None else (1 if unbiased is None or unbiased else 0)
        n = int(np.prod([self.array.shape[i] for i in axes])) if axes else 1
        centred = self - ops.mean(self, axes, True)
        total = ops.sum(centred * centred, axes, _kept(keepdim, keepdims))
        return present(total / max(n - c, 0) if n - c > 0 else total / 0.0, "var", (self,))

    def std(self, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *, correction: Any = None,
            axis: Any = None, keepdims: Any = None) -> Tensor:
        var = self.var(dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims)
        return present(ops.sqrt(var), "std", (self,))

    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        """``m + log Σ e^(x - m)`` with m the max (a constant: the value is shift-invariant)."""
        axes = normalize_axes(dim, self.ndim)
        m = _leaf(np.where(np.isfinite(top := self.array.max(axis=axes, keepdims=True)), top, 0))
        out = ops.log(ops.sum(ops.exp(self - m), axes, True)) + m
        return present(out if keepdim else _shape.squeeze(out, axes) if axes else out, "logsumexp", (self,))

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        return present(_vector_norm(_with_dtype(self, dtype), p, dim, keepdim), "vector_norm", (self,))

    @property
    def real(self) -> Tensor:
        return _spectral.real(self)

    @property
    def imag(self) -> Tensor:
        return _spectral.imag(self)

    def conj(self) -> Tensor:
        return _spectral.conj(self)

    def angle(self) -> Tensor:
        return _spectral.angle(self)

    def is_complex(self) -> bool:
        return self.array.dtype.kind == "c"

    def resolve_conj(self) -> Tensor:
        """``self``: ligero has no lazy conjugate views (torch materialises one here)."""
        return self

    resolve_neg = resolve_conj

    def select(self, dim: int, index: int) -> Tensor:
        d = _shape._dim_index(dim, self.ndim)
        return ops.getitem(self, (slice(None),) * d + (index,))

    def cumsum(self, dim: int, dtype: Any = None) -> Tensor:
        return _reduce.cumsum(_sum_dtype(self, dtype), dim)

    def cumprod(self, dim: int, dtype: Any = None) -> Tensor:
        return _reduce.cumprod(_sum_dtype(self, dtype), dim)

    def all(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _leaf(np.asarray(np.all(self.array, axis=dim, keepdims=keepdim)))


    def any(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _leaf(np.asarray(np.any(self.array, axis=dim, keepdims=keepdim)))

    def count_nonzero(self, dim: Any = None) -> Tensor:
        return _leaf(np.asarray(np.count_nonzero(self.array, axis=dim), dtype=np.int64))

    # ------------------------------------------------------------ elementwise
    exp = ops.exp  # the op itself: x.exp() is ops.exp(x)

    log = ops.log  # the op itself: x.log() is ops.log(x)

    log1p = _unary.log1p  # the op itself: x.log1p() is _unary.log1p(x)

    expm1 = _unary.expm1  # the op itself: x.expm1() is _unary.expm1(x)

    sqrt = ops.sqrt  # the op itself: x.sqrt() is ops.sqrt(x)

    rsqrt = _unary.rsqrt  # the op itself: x.rsqrt() is _unary.rsqrt(x)

    abs = ops.abs  # the op itself: x.abs() is ops.abs(x)

    neg = ops.neg  # the op itself: x.neg() is ops.neg(x)

    negative = neg

    sign = _unary.sign  # the op itself: x.sign() is _unary.sign(x)

    sin = _unary.sin  # the op itself: x.sin() is _unary.sin(x)

    cos = _unary.cos  # the op itself: x.cos() is _unary.cos(x)

    tan = _unary.tan  # the op itself: x.tan() is _unary.tan(x)

    arcsin = _unary.arcsin  # the op itself: x.arcsin() is _unary.arcsin(x)

    arccos = _unary.arccos  # the op itself: x.arccos() is _unary.arccos(x)

    arctan = _unary.arctan  # the op itself: x.arctan() is _unary.arctan(x)

    sinh = _unary.sinh  # the op itself: x.sinh() is _unary.sinh(x)

    cosh = _unary.cosh  # the op itself: x.cosh() is _unary.cosh(x)

    arcsinh = _unary.arcsinh  # the op itself: x.arcsinh() is _unary.arcsinh(x)

    arccosh = _unary.arccosh  # the op itself: x.arccosh() is _unary.arccosh(x)

    arctanh = _unary.arctanh  # the op itself: x.arctanh() is _unary.arctanh(x)

    log2 = _unary.log2  # the op itself: x.log2() is _unary.log2(x)

    log10 = _unary.log10  # the op itself: x.log10() is _unary.log10(x)

    def arctan2(self, other: Any) -> Tensor:
        return _unary.arctan2(self, other)

    asin, acos, atan, asinh, acosh, atanh, atan2 = arcsin, arccos, arctan, arcsinh, arccosh, arctanh, arctan2

    tanh = ops.tanh  # the op itself: x.tanh() is ops.tanh(x)

    sigmoid = ops.sigmoid  # the op itself: x.sigmoid() is ops.sigmoid(x)

    relu = ops.relu  # the op itself: x.relu() is ops.relu(x)

    def softmax(self, dim: Any = None, dtype: Any = None, *, axis: Any = None) -> Tensor:
        d = _axis(dim, axis)
        return ops.softmax(_with_dtype(self, dtype), -1 if d is None else d)

    def log_softmax(self, dim: Any = None, dtype: Any = None, *, axis: Any = None) -> Tensor:
        d = _axis(dim, axis)
        return ops.log_softmax(_with_dtype(self, dtype), -1 if d is None else d)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
        """``min(max(x, min), max)``; tensor bounds broadcast and get the gradient where they win."""
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        x = self
        if x.array.dtype.kind in "iub" and any(isinstance(b, float) for b in (min, max)):
            x = cast(x, _dtypes.DEFAULT_FLOAT.dtype)  # an integer tensor with a float bound: torch promotes
        if not isinstance(min, Tensor) and not isinstance(max, Tensor):
            return ops.clip(x, min, max)
        if min is not None:
            x = ops.where(x.lt(min), min, x)
        if max is not None:
            x = ops.where(x.gt(max), max, x)
        return x

    clip = clamp

    def clamp_min(self, min: Any) -> Tensor:  # noqa: A002
        return ops.clip(self, min, None)

    def clamp_max(self, max: Any) -> Tensor:  # noqa: A002
        return ops.clip(self, None, max)

    floor = _unary.floor  # the op itself: x.floor() is _unary.floor(x)

    ceil = _unary.ceil  # the op itself: x.ceil() is _unary.ceil(x)

    def round(self, decimals: int = 0) -> Tensor:
        if decimals:
            scale = 10.0 ** decimals
            return _unary.round(self * scale) / scale
        return _unary.round(self)

    trunc = _unary.trunc  # the op itself: x.trunc() is _unary.trunc(x)

    frac = _unary.frac  # the op itself: x.frac() is _unary.frac(x)

    reciprocal = _unary.reciprocal  # the op itself: x.reciprocal() is _unary.reciprocal(x)

    def pow(self, exponent: Any) -> Tensor:
        return ops.pow(self, exponent)

    square = _unary.square  # the op itself: x.square() is _unary.square(x)

    erf = _unary.erf  # the op itself: x.erf() is _unary.erf(x)

    erfc = _special.erfc  # the op itself: x.erfc() is _special.erfc(x)

    erfinv = _special.erfinv  # the op itself: x.erfinv() is _special.erfinv(x)

    lgamma = _special.lgamma  # the op itself: x.lgamma() is _special.lgamma(x)

    digamma = _special.digamma  # the op itself: x.digamma() is _special.digamma(x)

    i0 = _special.i0  # the op itself: x.i0() is _special.i0(x)

    sinc = _special.sinc  # the op itself: x.sinc() is _special.sinc(x)

    exp2 = _special.exp2  # the op itself: x.exp2() is _special.exp2(x)

    def logit(self, eps: float | None = None) -> Tensor:
        return _special.logit(self, eps)

    def xlogy(self, other: Any) -> Tensor:
        return _special.xlogy(self, other)

    def maximum(self, other: Any) -> Tensor:
        return ops.maximum(self, other)

    def minimum(self, other: Any) -> Tensor:
        return ops.minimum(self, other)

    def lerp(self, end: Any, weight: Any) -> Tensor:
        """``self + weight·(end - self)``."""
        return self + weight * (end - self)

    def addcmul(self, tensor1: Any, tensor2: Any, *, value: float = 1) -> Tensor:
        """``self + value·tensor1·tensor2``."""
        return self + value * (tensor1 * tensor2)

    def addcdiv(self, tensor1: Any, tensor2: Any, *, value: float = 1) -> Tensor:
        """``self + value·tensor1/tensor2``."""
        return self + value * (tensor1 / tensor2)

    def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return ops.add(self, other if alpha == 1 else other * alpha)

    def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return ops.sub(self, other if alpha == 1 else other * alpha)

    subtract = sub

    def mul(self, other: Any) -> Tensor:
        return ops.mul(self, other)

    multiply = mul

    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        if rounding_mode == "floor":
            return ops.floor_divide(self, other)
        if rounding_mode == "trunc":
            return _unary.trunc(ops.div(self, other)).to(self.array.dtype)
        return ops.div(self, other)

    divide = true_divide = div

    def matmul(self, other: Any) -> Tensor:
        return ops.matmul(self, other)

    def mm(self, other: Any) -> Tensor:
        return linalg.mm(self, other)

    def bmm(self, other: Any) -> Tensor:
        return linalg.bmm(self, other)

    def dot(self, other: Any) -> Tensor:
        return linalg.dot(self, other)

    def outer(self, other: Any) -> Tensor:
        return linalg.outer(self, other)

    def tril(self, diagonal: int = 0) -> Tensor:
        return linalg.tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        return linalg.triu(self, diagonal)

    def diag(self, diagonal: int = 0) -> Tensor:
        return linalg.diag(self, diagonal)

    def trace(self) -> Tensor:
        return linalg.trace(self)

    def diff(self, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None) -> Tensor:
        from ligero.torch_functions import diff

        return diff(self, n, dim, prepend, append)

    # ------------------------------------------------------------ indexing
    def where(self, condition: Any, other: Any) -> Tensor:
        return ops.where(condition, self, other)

    def gather(self, dim: int, index: Any) -> Tensor:
        return index_ops.gather(self, dim, index)

    def scatter(self, dim: int, index: Any, src: Any = None, *, value: Any = None, reduce: Any = None) -> Tensor:
        return index_ops.scatter(self, dim, index, value if src is None else src, reduce)

    def scatter_add(self, dim: int, index: Any, src: Any) -> Tensor:
        return index_ops.scatter_add(self, dim, index, src)

    def median(self, dim: int | None = None, keepdim: bool = False) -> Any:
        return _statistics.median(self, dim, keepdim)

    def kthvalue(self, k: int, dim: int = -1, keepdim: bool = False) -> Any:
        return _statistics.kthvalue(self, k, dim, keepdim)

    def mode(self, dim: int = -1, keepdim: bool = False) -> Any:
        return _statistics.mode(self, dim, keepdim)

    def quantile(self, q: Any, dim: int | None = None, keepdim: bool = False, *,
                 interpolation: str = "linear") -> Tensor:
        return _statistics.quantile(self, q, dim, keepdim, interpolation=interpolation)

    def unfold(self, dimension: int, size: int, step: int) -> Tensor:
        """Every window of ``size`` elements along ``dimension``, ``step`` apart, as a new last dimension."""
        d = _dim_index(dimension, self.ndim, "unfold")
        starts = np.arange(0, self.array.shape[d] - size + 1, step)
        index = Tensor((starts[:, None] + np.arange(size)).reshape(-1), dtype=np.int64)
        picked = index_ops.index_select(self, d, index)
        shape = self.array.shape[:d] + (len(starts), size) + self.array.shape[d + 1:]
        windows = _shape.permute(ops.reshape(picked, shape), (*range(d + 1), *range(d + 2, len(shape)), d + 1))
        return present(windows, "unfold_windows", (self,))  # torch's UnfoldBackward0

    def repeat_interleave(self, repeats: Any, dim: int | None = None, *, output_size: Any = None) -> Tensor:
        """Each element (or slice along ``dim``) repeated ``repeats`` times (an int, or one count each)."""
        x, d = (ops.reshape(self, (-1,)), 0) if dim is None else (self, _dim_index(dim, self.ndim, "repeat_interleave"))
        counts = repeats.array if isinstance(repeats, Tensor) else np.asarray(repeats)
        index = np.repeat(np.arange(x.array.shape[d]), np.broadcast_to(counts, (x.array.shape[d],)))
        out = index_ops.index_select(x, d, Tensor(index.astype(np.int64), dtype=np.int64))
        return present(out, "view") if counts.ndim == 0 else out  # torch: a view of an expand for one count

    def apply_(self, fn: Any) -> Tensor:
        """Replace each element by ``fn(element)``, in place (a Python call per element, as in torch)."""
        flat = self.array.reshape(-1)
        flat[...] = [fn(v) for v in flat.tolist()]
        bump_version(self)
        return self

    def map_(self, other: Any, fn: Any) -> Tensor:
        """Replace each element by ``fn(element, other's element)``, in place (``other`` broadcast)."""
        paired = np.broadcast_to(as_tensor(other).array, self.array.shape).reshape(-1).tolist()
        flat = self.array.reshape(-1)
        flat[...] = [fn(a, b) for a, b in zip(flat.tolist(), paired)]
        bump_version(self)
        return self

    def index_select(self, dim: int, index: Any) -> Tensor:
        return index_ops.index_select(self, dim, index)

    def index_add(self, dim: int, index: Any, source: Any, *, alpha: Any = 1) -> Tensor:
        """``out[..., index[i], ...] += alpha·source[..., i, ...]`` along ``dim`` (repeated indices add up)."""
        source = as_tensor(source)
        idx = _along(self, dim, index, source)
        return index_ops.scatter_add(self, dim, idx, source if alpha == 1 else source * alpha)

    def index_copy(self, dim: int, index: Any, source: Any) -> Tensor:
        """``out[..., index[i], ...] = source[..., i, ...]`` along ``dim``."""
        source = as_tensor(source)
        return index_ops.scatter(self, dim, _along(self, dim, index, source), source)

    def masked_scatter(self, mask: Any, source: Any) -> Tensor:
        """The elements of ``source``, in order, written where ``mask`` (broadcast to self) is True."""
        where = np.broadcast_to(np.asarray(mask.array if isinstance(mask, Tensor) else mask, dtype=bool),
                                self.array.shape)
        count = int(where.sum())
        source = as_tensor(source)
        if source.numel() < count:
            raise RuntimeError(f"masked_scatter: the mask selects {count} elements, source has {source.numel()}")
        return index_ops.index_put(self, where, source.reshape(-1)[:count])

    def scatter_reduce(self, dim: int, index: Any, src: Any, reduce: str, *, include_self: bool = True) -> Tensor:
        from ligero.ops.scatter_reduce import scatter_reduce

        return scatter_reduce(self, dim, index, src, reduce, include_self)

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        return index_ops.masked_fill(self, mask, value)

    def masked_select(self, mask: Any) -> Tensor:
        return index_ops.masked_select(self, mask)

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        return index_ops.nonzero(self, as_tuple)

    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:
        return ValuesIndices["sort"](*index_ops.sort(self, dim, descending))

    def argsort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
        return index_ops.sort(self, dim, descending)[1]

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:  # noqa: A002
        return ValuesIndices["topk"](*index_ops.topk(self, k, dim, largest, sorted))

    def unique(self, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
               dim: Any = None) -> Any:
        return index_ops.unique(self, sorted, return_inverse, return_counts, dim)

    # ------------------------------------------------------------ comparison
    def eq(self, other: Any) -> Tensor:
        return compare.eq(self, other)

    def ne(self, other: Any) -> Tensor:
        return compare.ne(self, other)

    def lt(self, other: Any) -> Tensor:
        return compare.lt(self, other)

    def le(self, other: Any) -> Tensor:
        return compare.le(self, other)

    def gt(self, other: Any) -> Tensor:
        return compare.gt(self, other)

    def ge(self, other: Any) -> Tensor:
        return compare.ge(self, other)

    def isclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
        return compare.isclose(self, other, rtol, atol, equal_nan)

    def allclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
        return compare.allclose(self, other, rtol, atol, equal_nan)

    def equal(self, other: Any) -> bool:
        return compare.equal(self, other)

    def logical_and(self, other: Any) -> Tensor:
        return compare.logical_and(self, other)

    def logical_or(self, other: Any) -> Tensor:
        return compare.logical_or(self, other)

    def logical_xor(self, other: Any) -> Tensor:
        return compare.logical_xor(self, other)

    def logical_not(self) -> Tensor:
        return compare.logical_not(self)

    def isnan(self) -> Tensor:
        return compare.isnan(self)

    def isinf(self) -> Tensor:
        return compare.isinf(self)

    def isfinite(self) -> Tensor:
        return compare.isfinite(self)

    __eq__ = eq
    __ne__ = ne
    __lt__ = lt
    __le__ = le
    __gt__ = gt
    __ge__ = ge

    def __and__(self, other: Any) -> Tensor:
        return compare.bitwise_and(self, other)

    def __rand__(self, other: Any) -> Tensor:
        return compare.bitwise_and(other, self)

    def __or__(self, other: Any) -> Tensor:
        return compare.bitwise_or(self, other)

    def __ror__(self, other: Any) -> Tensor:
        return compare.bitwise_or(other, self)

    def __xor__(self, other: Any) -> Tensor:
        return compare.bitwise_xor(self, other)

    def __rxor__(self, other: Any) -> Tensor:
        return compare.bitwise_xor(other, self)

    def __invert__(self) -> Tensor:
        return compare.bitwise_not(self)

    def __floordiv__(self, other: Any) -> Tensor:
        return ops.floor_divide(self, other)

    def __rfloordiv__(self, other: Any) -> Tensor:
        return ops.floor_divide(other, self)

    def __mod__(self, other: Any) -> Tensor:
        return ops.remainder(self, other)

    def __rmod__(self, other: Any) -> Tensor:
        return ops.remainder(other, self)

    __abs__ = ops.abs  # the op itself: x.__abs__() is ops.abs(x)

    def __pos__(self) -> Tensor:
        return self

    def __contains__(self, value: Any) -> bool:
        return bool(np.any(self.array == (value.array if isinstance(value, Tensor) else value)))

    # ------------------------------------------------------------ in place
    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return inplace(self, _Methods.add, other, alpha=alpha)

    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return inplace(self, _Methods.sub, other, alpha=alpha)

    def mul_(self, other: Any) -> Tensor:
        return inplace(self, ops.mul, other)

    def div_(self, other: Any) -> Tensor:
        return inplace(self, ops.div, other)

    def pow_(self, exponent: Any) -> Tensor:
        return inplace(self, ops.pow, exponent)

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
        return inplace(self, _Methods.clamp, min, max)

    clip_ = clamp_

    def neg_(self) -> Tensor:
        return inplace(self, ops.neg)

    def floor_(self) -> Tensor:
        return inplace(self, _unary.floor)

    def ceil_(self) -> Tensor:
        return inplace(self, _unary.ceil)

    def trunc_(self) -> Tensor:
        return inplace(self, _unary.trunc)

    def round_(self, decimals: int = 0) -> Tensor:
        return inplace(self, _Methods.round, decimals)

    def exp_(self) -> Tensor:
        return inplace(self, ops.exp)

    def log_(self) -> Tensor:
        return inplace(self, ops.log)

    def abs_(self) -> Tensor:
        return inplace(self, ops.abs)

    def sqrt_(self) -> Tensor:
        return inplace(self, ops.sqrt)

    def tanh_(self) -> Tensor:
        return inplace(self, ops.tanh)

    def sigmoid_(self) -> Tensor:
        return inplace(self, ops.sigmoid)

    def t_(self) -> Tensor:
        return restrided(self, Tensor.t)

    def transpose_(self, dim0: int, dim1: int) -> Tensor:
        return restrided(self, Tensor.transpose, dim0, dim1)

    swapaxes_ = swapdims_ = transpose_

    def unsqueeze_(self, dim: int) -> Tensor:
        return restrided(self, Tensor.unsqueeze, dim)

    def squeeze_(self, dim: Any = None) -> Tensor:
        return restrided(self, Tensor.squeeze, dim)

    def relu_(self) -> Tensor:
        return inplace(self, ops.relu)

    def square_(self) -> Tensor:
        return inplace(self, _unary.square)

    def lerp_(self, end: Any, weight: Any) -> Tensor:
        return inplace(self, _Methods.lerp, end, weight)

    def addcmul_(self, tensor1: Any, tensor2: Any, *, value: float = 1) -> Tensor:
        return inplace(self, _Methods.addcmul, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1: Any, tensor2: Any, *, value: float = 1) -> Tensor:
        return inplace(self, _Methods.addcdiv, tensor1, tensor2, value=value)

    def masked_fill_(self, mask: Any, value: Any) -> Tensor:
        return inplace(self, index_ops.masked_fill, mask, value)

    def index_fill_(self, dim: int, index: Any, value: Any) -> Tensor:
        d = _shape._dim_index(dim, self.ndim)
        idx = np.asarray(index.array if isinstance(index, Tensor) else index).reshape(-1)
        return inplace(self, index_ops.index_put, (slice(None),) * d + (idx,), value)

    def scatter_(self, dim: int, index: Any, src: Any = None, *, value: Any = None, reduce: Any = None) -> Tensor:
        return inplace(self, index_ops.scatter, dim, index, value if src is None else src, reduce)

    def scatter_add_(self, dim: int, index: Any, src: Any) -> Tensor:
        return inplace(self, index_ops.scatter_add, dim, index, src)

    def index_add_(self, dim: int, index: Any, source: Any, *, alpha: Any = 1) -> Tensor:
        return inplace(self, _Methods.index_add, dim, index, source, alpha=alpha)

    def index_copy_(self, dim: int, index: Any, source: Any) -> Tensor:
        return inplace(self, _Methods.index_copy, dim, index, source)

    def index_put_(self, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
        return inplace(self, _Methods.index_put, indices, values, accumulate)

    def index_put(self, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
        """A copy with ``self[indices] = values`` (``accumulate``: ``+=``, repeated indices summed)."""
        key = tuple(i.array if isinstance(i, Tensor) else i for i in indices)
        if not accumulate:
            return index_ops.index_put(self, key, values)
        flat_index = np.ravel_multi_index(tuple(np.broadcast_arrays(*[np.asarray(k) for k in key])),
                                          self.array.shape[:len(key)])
        rest = self.array.shape[len(key):]
        width = int(np.prod(rest, dtype=np.int64))
        source = _shape.expand(as_tensor(values).to(self.dtype), flat_index.shape + rest)
        zeros = Tensor(np.zeros((int(np.prod(self.array.shape[:len(key)])), width), self.array.dtype))
        rows = zeros.index_add(0, Tensor(flat_index.reshape(-1), dtype=np.int64), ops.reshape(source, (-1, width)))
        return present(self + ops.reshape(rows, self.array.shape), "IndexPutBackward0", (self,))

    def fill_diagonal_(self, fill_value: Any, wrap: bool = False) -> Tensor:
        """The main diagonal (of a 2-D tensor, or of equal-sized dimensions) set to ``fill_value``, in place."""
        if self.ndim < 2 or (self.ndim > 2 and len(set(self.array.shape)) != 1):
            raise RuntimeError("all dimensions of input must be of equal length")
        n = min(self.array.shape)
        mask = np.zeros(self.array.shape, dtype=bool)
        mask[(np.arange(n),) * self.ndim] = True
        if wrap and self.ndim == 2 and self.array.shape[0] > self.array.shape[1] + 1:
            step = self.array.shape[1] + 1
            mask.reshape(-1)[::step] = True
        return self.masked_fill_(Tensor(mask, dtype=bool), fill_value)

    def ravel(self) -> Tensor:
        return ops.reshape(self, (-1,))

    def cummax(self, dim: int) -> Any:
        return _cumulative_extreme(self, dim, np.greater_equal, "cummax")

    def cummin(self, dim: int) -> Any:
        return _cumulative_extreme(self, dim, np.less_equal, "cummin")

    def diag_embed(self, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        """Each last-dimension vector as the diagonal of a matrix (the new last two dimensions)."""
        if offset != 0 or (dim1, dim2) != (-2, -1):
            raise NotImplementedError("diag_embed: only offset=0, dim1=-2, dim2=-1 are supported")
        n = self.array.shape[-1]
        return ops.mul(ops.unsqueeze(self, -1), Tensor(np.eye(n, dtype=self.array.dtype), dtype=self.array.dtype))

    def masked_scatter_(self, mask: Any, source: Any) -> Tensor:
        return inplace(self, _Methods.masked_scatter, mask, source)

    def scatter_reduce_(self, dim: int, index: Any, src: Any, reduce: str, *, include_self: bool = True) -> Tensor:
        return inplace(self, _Methods.scatter_reduce, dim, index, src, reduce, include_self=include_self)

    def copy_(self, src: Any, non_blocking: bool = False) -> Tensor:
        def copied(t: Tensor, s: Any) -> Tensor:
            s = s if isinstance(s, Tensor) else Tensor(np.asarray(s))
            return ops.add(t * 0, cast(s, t.array.dtype) if s.array.dtype != t.array.dtype else s)

        return inplace(self, copied, src)

    def zero_(self) -> Tensor:
        return _filled(self, 0)

    def fill_(self, value: Any) -> Tensor:
        return _filled(self, value.array if isinstance(value, Tensor) else value)

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Tensor:
        """Normal values, torch's for its seed (:mod:`ligero.torch_generator`)."""
        a = self.array
        return _filled(self, stream_of(generator).normal(a.shape, _float_dtype(a, "normal_"), float(mean), float(std)))

    def uniform_(self, a: float = 0.0, b: float = 1.0, *, generator: Any = None) -> Tensor:
        """Uniform values on [a, b), torch's for its seed."""
        x = self.array
        return _filled(self, stream_of(generator).uniform(x.shape, _float_dtype(x, "uniform_"), float(a), float(b)))

    def exponential_(self, lambd: float = 1.0, *, generator: Any = None) -> Tensor:
        """Exponential values of rate ``lambd``, torch's for its seed."""
        a = self.array
        return _filled(self, stream_of(generator).exponential(a.shape, _float_dtype(a, "exponential_"), float(lambd)))

    def bernoulli_(self, p: Any = 0.5, *, generator: Any = None) -> Tensor:
        """1 with probability ``p`` (a number, or a tensor broadcast to this one), else 0: torch's draws."""
        shape = self.array.shape
        prob = np.broadcast_to(p.array, shape) if isinstance(p, Tensor) else float(p)
        return _filled(self, stream_of(generator).bernoulli(shape, prob))

    def random_(self, *bounds: Any, generator: Any = None, **named: Any) -> Tensor:
        """torch's ``random_()`` (0 up to the dtype's largest exact integer), ``random_(to)`` and
        ``random_(from, to)`` (also by the names ``from``/``to``), torch's values for its seed."""
        if len(bounds) == 1 and not named:
            low, high = 0, bounds[0]
        else:
            low = bounds[0] if bounds else named.get("from", 0)
            high = bounds[1] if len(bounds) > 1 else named.get("to")
        stream, shape = stream_of(generator), self.array.shape
        if high is None and not low:
            return _filled(self, stream.full_range(shape, self.array.dtype))
        if high is None:  # from ``from`` up to the dtype's largest exact integer
            dt = self.array.dtype
            high = (1 << np.finfo(dt).nmant + 1) + 1 if dt.kind == "f" else int(np.iinfo(dt).max) + 1
        return _filled(self, stream.integers(int(low), int(high), shape))

    def __iadd__(self, other: Any) -> Tensor:
        return inplace(self, ops.add, other)

    def __isub__(self, other: Any) -> Tensor:
        return inplace(self, ops.sub, other)

    def __imul__(self, other: Any) -> Tensor:
        return inplace(self, ops.mul, other)

    def __itruediv__(self, other: Any) -> Tensor:
        return inplace(self, ops.div, other)

    def __ipow__(self, other: Any) -> Tensor:
        return inplace(self, ops.pow, other)


index_ops = index


def _cumulative_extreme(t: Tensor, dim: int, better: Any, name: str) -> Any:
    """torch's cummax/cummin: the running extreme and the index where it was (last) reached."""
    d = _dim_index(dim, t.ndim, name)
    moved = np.moveaxis(t.array, d, 0) if t.ndim else t.array.reshape(1)
    where = np.zeros(moved.shape, np.int64)
    best = moved[0].copy()
    for i in range(1, moved.shape[0]):
        take = better(moved[i], best) | np.isnan(moved[i])
        best = np.where(take, moved[i], best)
        where[i] = np.where(take, i, where[i - 1])
    indices = np.moveaxis(where, 0, d) if t.ndim else where.reshape(())
    values = t.gather(d, Tensor(indices, dtype=np.int64)) if t.ndim else t
    label = "CummaxBackward0" if name == "cummax" else "CumminBackward0"
    return ValuesIndices[name](present(values, label, (t,)), Tensor(indices, dtype=np.int64))


def _vector_norm(t: Tensor, p: Any, dim: Any, keepdim: bool) -> Tensor:
    """``(Σ |t|^p)^(1/p)`` over ``dim`` (all of it when None); p = 'fro' or 2, inf, 1 or any other."""
    axes = normalize_axes(dim, t.ndim) if dim is not None else None
    if p in ("fro", 2, 2.0):
        return ops.sqrt(ops.sum(t * t, axes, keepdim))
    if p in (float("inf"), "inf"):
        return ops.max(ops.abs(t), axes, keepdim)
    if p == 1:
        return ops.sum(ops.abs(t), axes, keepdim)
    return ops.sum(ops.abs(t) ** p, axes, keepdim) ** (1.0 / p)


def _extreme(t: Tensor, op: str, dim: Any, keepdim: bool, axis: Any, keepdims: Any) -> Any:
    """torch's max/min: the value (no dim), (values, indices) (a dim), or the elementwise one (a tensor)."""
    if isinstance(dim, Tensor):
        return (ops.maximum if op == "max" else ops.minimum)(t, dim)
    d = _axis(dim, axis)
    if d is None:
        if t.array.size == 0:
            raise RuntimeError(f"{op}(): Expected reduction dim to be specified for input.numel() == 0.")
        return ops.max(t) if op == "max" else ops.min(t)
    if isinstance(d, (tuple, list)):  # NumPy's several axes: the values (ligero's old meaning)
        return (ops.max if op == "max" else ops.min)(t, d, _kept(keepdim, keepdims))
    values, indices = _reduce.extreme_along(op, t, d, _kept(keepdim, keepdims))
    return ValuesIndices[op](values, _leaf(np.asarray(indices, dtype=np.int64)))


def _arg(t: Tensor, fn: Any, dim: Any, keepdim: bool) -> Tensor:
    if dim is None:
        out = np.asarray(fn(t.array.reshape(-1)), dtype=np.int64)
        return _leaf(out.reshape((1,) * t.ndim) if keepdim else out)
    return _leaf(np.asarray(fn(t.array, axis=dim, keepdims=keepdim), dtype=np.int64))


def _along(t: Tensor, dim: int, index: Any, source: Tensor) -> np.ndarray:
    """A 1-D ``index`` along ``dim`` spread to ``source``'s shape (the form scatter takes)."""
    d = _shape._dim_index(dim, t.ndim)
    idx = np.asarray(index.array if isinstance(index, Tensor) else index).reshape(-1)
    if source.ndim != t.ndim or source.shape[d] != idx.size:
        raise RuntimeError(
            f"index_add/index_copy: source of shape {tuple(source.shape)} must have the dims of self "
            f"{tuple(t.shape)} and {idx.size} entries (the index length) along dim {dim}")
    view = [1] * t.ndim
    view[d] = -1
    return np.broadcast_to(idx.reshape(view), source.array.shape)


def setitem(t: Tensor, key: Any, value: Any) -> None:
    """``t[key] = value`` in place (differentiable where a graph is recorded)."""
    inplace(t, index_ops.index_put, key, value)


_TYPE_NAMES = {
    "float32": "torch.FloatTensor", "float64": "torch.DoubleTensor", "float16": "torch.HalfTensor",
    "int64": "torch.LongTensor", "int32": "torch.IntTensor", "int16": "torch.ShortTensor",
    "int8": "torch.CharTensor", "uint8": "torch.ByteTensor", "bool": "torch.BoolTensor",
}

_KEEP_CORE = {"__init__", "__repr__", "__hash__", "__dict__", "__weakref__", "__module__", "__doc__",
              "__qualname__"}


def install() -> None:
    """Give :class:`Tensor` every method of :class:`_Methods` (Tensor's own core ones win)."""
    for name, member in vars(_Methods).items():
        if name in _KEEP_CORE:
            continue
        if name in vars(Tensor) and not name.startswith("__") and name not in _REPLACED:
            continue
        setattr(Tensor, name, member)
    Tensor.__hash__ = object.__hash__  # ``==`` is elementwise: identity hashing keeps dicts and sets working


# the old NumPy-flavoured forms that Tensor's core no longer defines are replaced by torch's
_REPLACED = {"sum", "mean", "max", "min", "reshape", "transpose", "T", "flatten", "clip", "softmax",
             "log_softmax", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu"}


install()
CPU_DEVICE = CPU
