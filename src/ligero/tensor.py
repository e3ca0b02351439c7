"""The Tensor: a NumPy array plus the operation that made it.

Every operation on tensors (see :mod:`ligero.ops`) returns a new Tensor that
remembers its parents and a *backward rule*: a function that, given the
gradient of the final scalar with respect to the output, ``dL/dout``, returns
``dL/dparent`` for each parent (the chain rule, one node at a time).
``Tensor.backward()`` walks that recorded graph in reverse topological order
and accumulates ``dL/dleaf`` into the ``.grad`` of every leaf that asked for
gradients (``requires_grad=True``).

Three rules keep it fast: nodes that no leaf needs are never recorded; a
backward rule computes only the gradients of parents that require them; and
under :func:`no_grad` nothing is recorded at all. A rule may also hand back a
:class:`LazyGradient`, a gradient not computed yet (the speed trick of
:mod:`ligero.blas`); backward has one rule for it: a fresh leaf gradient of the
leaf's dtype is kept as it is, anything else is evaluated first. Reading
``.grad`` evaluates it.

torch's rules on top (the PyTorch face): ``.grad`` and ``.data`` are Tensors
sharing memory with the stored arrays; after a backward the rules that read saved
values are freed (a second backward raises unless ``retain_graph=True``); each
tensor has a version, the creation counter's value at its last in-place change,
and backward refuses a rule whose saved values changed after it was recorded
(one int slot, read only when some in-place change happened since). ``run_backward``
is the one engine behind ``backward``, ``autograd.grad`` and ``autograd.backward``.
"""

from __future__ import annotations

import functools
import itertools
import operator
import sys
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from ligero import dtypes as _dtypes
from ligero.errors import DataError, GradientError, ShapeError
from ligero.grad_fn import Node, node_of, present, torch_name
from ligero.tensor_str import format_tensor

DEFAULT_DTYPE = np.float32

BackwardRule = Callable[[np.ndarray], Sequence[Any]]


_creation_counter = itertools.count()


class _GradMode:
    enabled = True


class _GradModeSetter:
    """Sets grad mode for a ``with`` block or a decorated function, then restores it.

    Usable as ``with no_grad():``, ``@no_grad()`` and ``@no_grad`` (torch's three forms).
    """

    mode = False

    def __new__(cls, func: Any = None) -> Any:
        self = super().__new__(cls)
        self._previous = []
        if callable(func) and not isinstance(func, bool):
            return self(func)  # bare decorator: @no_grad
        return self

    def __init__(self, func: Any = None) -> None:
        pass

    def __enter__(self) -> None:
        self._previous.append(_GradMode.enabled)
        _GradMode.enabled = self.mode

    def __exit__(self, *exc: Any) -> None:
        _GradMode.enabled = self._previous.pop()

    def __call__(self, func: Callable) -> Callable:
        setter = type(self)

        @functools.wraps(func)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            with setter():
                return func(*args, **kwargs)

        return wrapped


class no_grad(_GradModeSetter):  # noqa: N801 - torch's name
    """Operations inside record no graph (inference, parameter updates)."""

    mode = False


class enable_grad(_GradModeSetter):  # noqa: N801
    """Turns graph recording back on inside :class:`no_grad`."""

    mode = True


class inference_mode(_GradModeSetter):  # noqa: N801
    """Like :class:`no_grad` (``inference_mode(False)`` leaves recording as it is)."""

    def __new__(cls, mode: Any = True) -> Any:
        if callable(mode) and not isinstance(mode, bool):
            return super().__new__(cls, mode)
        self = super().__new__(cls)
        self.mode = False if mode else _GradMode.enabled
        return self


class set_grad_enabled(_GradModeSetter):  # noqa: N801
    """Switches recording on or off: at once (as a call), or for a ``with`` block."""

    def __new__(cls, mode: bool) -> Any:
        self = super().__new__(cls)
        self.mode = bool(mode)
        self._previous.append(_GradMode.enabled)
        _GradMode.enabled = self.mode
        return self

    def __enter__(self) -> None:
        pass  # already switched by the call

    def __call__(self, func: Callable) -> Callable:
        _GradMode.enabled = self._previous.pop()  # as a decorator: undo the call's switch
        mode = self.mode

        @functools.wraps(func)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                return func(*args, **kwargs)

        return wrapped


def is_grad_enabled() -> bool:
    """Whether operations currently record the computational graph."""
    return _GradMode.enabled


class Size(tuple):
    """A shape: a tuple that prints as ``torch.Size([2, 3])``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        # a user's f"{x.shape}" reads as torch's (the quickstart tutorial prints it); in ligero's own
        # f-strings (error messages, shared with the Keras face) a shape reads as a tuple
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if not spec and not (caller == "ligero" or caller.startswith("ligero.")):
            return repr(self)
        return format(tuple(self), spec) if not spec else tuple.__format__(self, spec)

    def numel(self) -> int:
        n = 1
        for d in self:
            n *= d
        return n

    def __getitem__(self, item: Any) -> Any:
        out = tuple.__getitem__(self, item)
        return Size(out) if isinstance(item, slice) else out


class device:  # noqa: N801 - torch's name
    """Where a tensor lives: always the CPU."""

    __slots__ = ("type", "index")

    def __init__(self, type: str = "cpu", index: int | None = None) -> None:  # noqa: A002
        kind = str(type).split(":")[0]
        if kind != "cpu":
            raise RuntimeError(f"ligero runs on the CPU only, not on device {type!r}")
        self.type, self.index = "cpu", index

    def __repr__(self) -> str:
        return "device(type='cpu')"

    def __str__(self) -> str:
        return "cpu"

    def __eq__(self, other: Any) -> bool:
        return str(other).split(":")[0] == "cpu"

    def __hash__(self) -> int:
        return hash("cpu")


CPU = device("cpu")


def _to_array(data: Any, dtype: Any = None) -> np.ndarray:
    """Convert ``data`` to an ndarray: float32 unless ``dtype`` or a float array says otherwise.

    Data that are not numbers (None, strings, ragged nested lists) raise DataError.
    """
    if isinstance(data, Tensor):
        data = data.array
    if dtype is None and isinstance(data, (np.ndarray, np.generic)) and data.dtype.kind in "fc":
        return data if isinstance(data, np.ndarray) else np.asarray(data)  # a float array as it is
    if data is None:
        raise DataError("cannot make a tensor from None")
    try:
        return np.asarray(data, dtype=DEFAULT_DTYPE if dtype is None else dtype)
    except TypeError as exc:
        if dtype is None and _is_complex_data(data):  # Python complex numbers: the default complex dtype
            return np.asarray(data, dtype=np.result_type(_dtypes.DEFAULT_FLOAT.dtype, np.complex64))
        raise DataError(f"cannot make a numeric tensor from {_describe(data)} ({exc})") from None
    except ValueError as exc:
        raise DataError(f"cannot make a numeric tensor from {_describe(data)} ({exc})") from None


def _is_complex_data(data: Any) -> bool:
    try:
        return np.asarray(data).dtype.kind == "c"
    except (ValueError, TypeError):
        return False


def _describe(data: Any) -> str:
    """A short description of ``data`` for error messages."""
    if isinstance(data, np.ndarray):
        return f"an array of dtype {data.dtype} and shape {data.shape}"
    text = repr(data)
    return f"a {type(data).__name__} {text[:60]}{'...' if len(text) > 60 else ''}"


def _sized(*dims: Any) -> np.ndarray:
    """Zeros of the default float dtype and shape ``dims`` (``Tensor(2, 3)``, up to four sizes; torch leaves
    the values uninitialized)."""
    dims = tuple(d for d in dims if d is not None)
    if not all(type(d) is int for d in dims):
        raise TypeError(f"Tensor(): sizes must be integers, got {dims}")
    if min(dims) < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(dims)}: {list(dims)}")
    return np.zeros(dims, dtype=_dtypes.DEFAULT_FLOAT.dtype)


class LazyGradient:
    """A gradient not computed yet, that an optimizer may consume without forming it.

    Backward keeps one in a fresh leaf's ``.grad`` (see :attr:`Tensor.unevaluated_grad`)
    and evaluates it anywhere else; reading ``.grad`` evaluates it. The one kind
    is :class:`ligero.blas.GradientProduct`.
    """

    __slots__ = ()
    dtype: np.dtype

    def evaluate(self) -> np.ndarray:
        """The gradient as an array."""
        raise NotImplementedError

    def reads(self, array: np.ndarray) -> bool:
        """Whether evaluating it may read memory of ``array`` (then a write to ``array`` must wait)."""
        raise NotImplementedError


# The leaves whose .grad is a LazyGradient now (id -> weak reference), so that a write to memory one
# of them reads evaluates it first (settle_lazy_gradients): a lazy gradient keeps the values backward saw.
_LAZY_HOLDERS: dict[int, weakref.ref] = {}


def settle_lazy_gradients(overwritten: Any) -> None:
    """Evaluate every lazy gradient kept in a leaf that reads memory of the arrays ``overwritten``
    (an iterable of arrays about to change in place: an in-place op's target, an optimizer's weights)."""
    if not _LAZY_HOLDERS:
        return
    arrays = tuple(overwritten)
    for key, ref in tuple(_LAZY_HOLDERS.items()):
        leaf = ref()
        g = None if leaf is None else leaf._grad
        if g is None or type(g) is np.ndarray or not isinstance(g, LazyGradient):
            del _LAZY_HOLDERS[key]
        elif any(g.reads(a) for a in arrays):
            leaf._grad = g.evaluate()
            del _LAZY_HOLDERS[key]


def evaluate_lazy_gradients(leaves: Any) -> None:
    """Evaluate the lazy gradients ``leaves`` hold, and forget them as holders (``fit`` does it when it ends:
    a lazy gradient kept after training would be checked against every later in-place write)."""
    for leaf in leaves:
        g = leaf._grad
        if g is not None and type(g) is not np.ndarray and isinstance(g, LazyGradient):
            leaf._grad = g.evaluate()
            _LAZY_HOLDERS.pop(id(leaf), None)


class Tensor:
    """An n-dimensional array that can record the operations applied to it.

    Attributes:
        array: the values, a NumPy array (float32 unless asked otherwise); what code inside ligero reads.
        grad: ``dL/dself`` after ``backward()``, a Tensor sharing memory with the stored gradient
            (code inside ligero reads :attr:`grad_array` or :attr:`unevaluated_grad`).
        data: a Tensor sharing this one's memory, cut off from the graph.
        requires_grad: whether gradients flow to (and accumulate in) this tensor.
        op: name of the operation that produced it (``None`` for a leaf).
        name: optional label, used in graph figures.
    """

    __slots__ = (
        "array", "_grad", "requires_grad", "op", "name", "_parents", "_backward",
        "_retain", "_seq", "_logits", "_version", "_hooks", "__weakref__",
    )
    # ``_logits`` is set only on the outputs of softmax and sigmoid (see ``attach_logits``).
    # ``_version``: the creation counter's value at the last in-place change (0: never changed).
    # ``_hooks``: None, or the list of functions ``register_hook`` added.
    # Make ``ndarray + Tensor`` call Tensor.__radd__ instead of broadcasting elementwise.
    __array_priority__ = 1000

    def __init__(
        self,
        data: Any = (),
        requires_grad: bool = False,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        if type(data) is int:  # torch.Tensor(3), torch.Tensor(2, 3): sizes, torch's legacy form (a number is
            # a shape here; ligero's own code wraps numbers with as_tensor or tensor, which keep them numbers)
            if type(requires_grad) is int:
                data, requires_grad, dtype, name = _sized(data, requires_grad, dtype, name), False, None, None
            elif requires_grad is False and dtype is None and name is None:
                data = _sized(data)
        self.array: np.ndarray = _to_array(data, dtype)
        if requires_grad and self.array.dtype.kind not in "fc":
            raise GradientError(_FLOAT_ONLY)
        self._grad: np.ndarray | LazyGradient | None = None
        self.requires_grad = bool(requires_grad)
        self._seq = next(_creation_counter)
        self.op: str | None = None
        self.name = name
        self._parents: tuple[Tensor, ...] = ()
        self._backward: BackwardRule | None = None
        self._retain = False
        self._version = 0
        self._hooks: list | None = None

    # ----------------------------------------------------------------- gradient
    @property
    def grad(self) -> Tensor | None:
        """``dL/dself`` accumulated by ``backward()``: a Tensor sharing memory with the stored gradient."""
        g = self.grad_array
        if g is None:
            return None
        if _GRAPH_GRADS:  # a gradient backward(create_graph=True) left: the recorded Tensor itself
            entry = _GRAPH_GRADS.get(id(self))
            if entry is not None and entry[0]() is self and entry[1].array is g:
                return entry[1]
        return _leaf(g)

    @grad.setter
    def grad(self, value: Any) -> None:
        if value is not None:
            value = value.array if isinstance(value, Tensor) else value
            if not isinstance(value, (np.ndarray, LazyGradient)):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got {type(value).__name__}")
            if isinstance(value, np.ndarray) and value.shape != self.array.shape:
                raise RuntimeError(
                    f"assigned grad has data of a different size: {tuple(value.shape)} "
                    f"for a tensor of shape {tuple(self.array.shape)}"
                )
        self._grad = value

    @property
    def grad_array(self) -> np.ndarray | None:
        """The gradient as an ndarray (a lazy one evaluated), or None: what code inside ligero reads."""
        g = self._grad
        if g is not None and type(g) is not np.ndarray and isinstance(g, LazyGradient):
            g = self._grad = g.evaluate()
        return g

    @property
    def unevaluated_grad(self) -> np.ndarray | LazyGradient | None:
        """The gradient as backward left it: an array, a :class:`LazyGradient` or None (read by optimizers)."""
        return self._grad

    @property
    def data(self) -> Tensor:
        """A Tensor sharing this one's memory, outside the graph (``p.data = x`` replaces the values)."""
        return _leaf(self.array)

    @data.setter
    def data(self, value: Any) -> None:
        self.array = value.array if isinstance(value, Tensor) else (
            value if isinstance(value, np.ndarray) else _to_array(value))

    # ------------------------------------------------------------- description
    @property
    def shape(self) -> Size:
        return Size(self.array.shape)

    def size(self, dim: int | None = None) -> Any:
        """The shape as a :class:`Size`, or the length of dimension ``dim``."""
        if dim is None:
            return Size(self.array.shape)
        return self.array.shape[_dim(dim, self.array.ndim, "size")]

    @property
    def dtype(self) -> _dtypes.dtype:
        return _dtypes.of(self.array.dtype)

    @property
    def ndim(self) -> int:
        return self.array.ndim

    def dim(self) -> int:
        return self.array.ndim

    def numel(self) -> int:
        return self.array.size

    nelement = numel

    def element_size(self) -> int:
        return self.array.itemsize

    @property
    def device(self) -> device:
        return CPU

    @property
    def is_cuda(self) -> bool:
        return False

    def is_floating_point(self) -> bool:
        return self.array.dtype.kind == "f"

    @property
    def is_leaf(self) -> bool:
        """True for tensors made by the user, and for results of ops no input needed gradients for."""
        return self._backward is None

    @property
    def grad_fn(self) -> Node | None:
        """The node that made this tensor (``None`` on a leaf), of a class named as torch names it
        (``AddBackward0``; see :mod:`ligero.grad_fn`)."""
        return None if self._backward is None else node_of(self)

    @property
    def parents(self) -> tuple[Tensor, ...]:
        """The tensors this one was computed from (empty for a leaf)."""
        return self._parents

    # ----------------------------------------------------------- Python protocols
    def __len__(self) -> int:
        if not self.array.ndim:
            raise TypeError("len() of a 0-d tensor")
        return len(self.array)

    def __iter__(self) -> Iterator[Tensor]:
        if not self.array.ndim:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(len(self.array)))

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        a = self.array
        return a if dtype is None else a.astype(dtype, copy=False)

    def _scalar(self, kind: str) -> Any:
        if self.array.size != 1:
            raise (RuntimeError if kind == "bool" else TypeError)(
                "Boolean value of Tensor with more than one value is ambiguous" if kind == "bool"
                else f"only one element tensors can be converted to Python scalars (got {self.array.size})"
            )
        return self.array.reshape(()).item()

    def __float__(self) -> float:
        return float(self._scalar("float"))

    def __int__(self) -> int:
        return int(self._scalar("int"))

    def __bool__(self) -> bool:
        return bool(self._scalar("bool"))

    def __index__(self) -> int:
        if self.array.dtype.kind not in "iub" or self.array.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.array.reshape(()).item())

    def __format__(self, spec: str) -> str:
        if self.array.ndim == 0:  # as torch: only a 0-d tensor formats as its number
            return format(self.array.item(), spec)
        return object.__format__(self, spec) if spec else repr(self)

    def __repr__(self) -> str:
        return _format_repr(self)

    __hash__ = object.__hash__

    def numpy(self, force: bool = False) -> np.ndarray:
        """The underlying array (shared, not copied); torch's error if it requires grad."""
        if self.requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
            )
        return self.array

    def item(self) -> Any:
        """The single value of a one-element tensor, as a Python number."""
        if self.array.size != 1:
            raise RuntimeError(
                f"a Tensor with {self.array.size} elements cannot be converted to Scalar"
            )
        return self.array.reshape(()).item()

    def tolist(self) -> Any:
        return self.array.tolist()

    def detach(self) -> Tensor:
        """A new leaf sharing this tensor's data, cut off from the graph."""
        return _leaf(self.array)

    def detach_(self) -> Tensor:
        """Cut this tensor off from the graph, in place."""
        self._parents, self._backward, self.requires_grad, self.op = (), None, False, None
        return self

    def astype(self, dtype: Any) -> Tensor:
        """A copy converted to ``dtype``, cut off from the graph (NumPy's name)."""
        return Tensor(self.array.astype(_dtypes.to_numpy(dtype)), requires_grad=self.requires_grad)

    def zero_grad(self) -> None:
        """Forget the accumulated gradient."""
        self._grad = None

    def retain_grad(self) -> None:
        """Keep ``.grad`` on this non-leaf tensor after ``backward()`` (for inspection)."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._backward is not None:
            self._retain = True

    @property
    def retains_grad(self) -> bool:
        return self._retain

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Switch gradient tracking of this leaf on or off, in place."""
        if requires_grad and self.array.dtype.kind not in "fc":
            raise GradientError(_FLOAT_ONLY)
        if not requires_grad and self._backward is not None:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a "
                "computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        self.requires_grad = bool(requires_grad)
        return self

    def register_hook(self, hook: Callable[[Tensor], Any]) -> RemovableHandle:
        """Call ``hook(grad)`` when this tensor's gradient is computed; a Tensor it returns replaces it."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return RemovableHandle(self._hooks, hook)

    # --------------------------------------------------------------- backward
    def backward(
        self, gradient: Any = None, retain_graph: bool | None = None, create_graph: bool = False,
        inputs: Any = None, *, grad: Any = None,
    ) -> None:
        """Backpropagate ``gradient`` (``dL/dself``; 1 for a scalar) to every leaf.

        Gradients accumulate into ``leaf.grad`` until they are zeroed. The graph's
        saved values are freed afterwards unless ``retain_graph=True``.
        """
        seed = _seed_gradient(self, gradient if gradient is not None else grad)
        if create_graph:
            from ligero.autograd.higher_order import backward_with_graph

            backward_with_graph((self,), (gradient if gradient is not None else grad,), (seed,), inputs)
            return
        capture = None
        if inputs is not None:
            inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
            capture = dict.fromkeys(inputs)
        found = run_backward((self,), (seed,), bool(retain_graph), capture)
        if capture is not None:
            for t, g in found.items():
                if g is not None:
                    t._grad = np.array(g) if t._grad is None else t.grad_array + g

    # ------------------------------------------------------ operator sugar
    def __add__(self, other: Any) -> Tensor:
        return _ops.add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        return _ops.add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        return _ops.sub(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return present(_ops.sub(other, self), "rsub")  # torch's RsubBackward1

    def __mul__(self, other: Any) -> Tensor:
        return _ops.mul(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return _ops.mul(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        return _ops.div(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        return _ops.div(other, self)

    def __pow__(self, other: Any) -> Tensor:
        return _ops.pow(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return _ops.pow(other, self)

    def __neg__(self) -> Tensor:
        return _ops.neg(self)

    def __matmul__(self, other: Any) -> Tensor:
        return _ops.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return _ops.matmul(other, self)

    def __getitem__(self, index: Any) -> Tensor:
        return _ops.getitem(self, index)

    def __setitem__(self, index: Any, value: Any) -> None:
        from ligero.tensor_methods import setitem

        setitem(self, index, value)


def _evaluated(g: Any) -> Any:
    return g.evaluate() if isinstance(g, LazyGradient) else g


def _own_gradient(g: Any, handed_out: set[int]) -> np.ndarray:
    """``g`` made fit to be stored as a ``.grad``: a writable ndarray sharing no memory with another.

    Backward rules may return views (reshape, transpose, concatenate), read-only
    broadcasts (sum, mean), the very array they received (add), or NumPy scalars;
    such a ``g`` is copied, so that no two ``.grad`` arrays alias and each can be
    updated in place. ``handed_out`` holds the ids of the memory owners already stored.
    """
    owner = g if type(g) is np.ndarray and g.base is None else _memory_owner(g)
    if owner is None or id(owner) in handed_out or not g.flags.writeable:
        g = owner = np.array(g)
    handed_out.add(id(owner))
    return g


def _memory_owner(a: Any) -> np.ndarray | None:
    """The array whose buffer ``a`` views (``a`` itself if it owns it); None if unknown."""
    if not isinstance(a, np.ndarray):
        return None
    while a.base is not None:
        if not isinstance(a.base, np.ndarray):
            return None
        a = a.base
    return a


# a leaf -> the recorded Tensor whose array is its ``.grad`` (left by backward(create_graph=True));
# keyed by id, as _PRIOR
_GRAPH_GRADS: dict[int, tuple[weakref.ref, Tensor]] = {}


def set_graph_gradient(leaf: Tensor, g: Tensor) -> None:
    """Accumulate the recorded gradient ``g`` into ``leaf.grad``, which then is (and reads as) a Tensor
    with a graph of its own, as torch's after ``backward(create_graph=True)``."""
    if leaf._grad is not None:
        g = leaf.grad + g
    if g.array.dtype != leaf.array.dtype:
        g = _ops.cast(g, leaf.array.dtype)
    leaf._grad = g.array
    key = id(leaf)
    _GRAPH_GRADS[key] = (weakref.ref(leaf, lambda _ref, k=key, table=_GRAPH_GRADS: table.pop(k, None)), g)


_FLOAT_ONLY = "only Tensors of floating point dtype can require gradients"

_SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward."
)

# ops whose backward reads no saved value: their graph survives a backward, and changing
# their inputs in place does not invalidate it (as in torch)
SAVES_NOTHING = frozenset({
    "add", "sub", "neg", "sum", "mean", "reshape", "view", "transpose", "permute", "getitem",
    "concatenate", "stack", "expand", "squeeze", "unsqueeze", "flatten", "clone", "repeat", "flip",
    "roll", "narrow", "split", "chunk", "unbind", "cast", "contiguous", "tril", "triu", "diag",
    "sum_dim", "mean_dim",
})


# ops whose backward reads their own output: changing that output in place invalidates them
SAVES_OUTPUT = frozenset({
    "exp", "sqrt", "tanh", "sigmoid", "softmax", "log_softmax", "div", "pow", "expm1", "rsqrt", "tan",
    "reciprocal", "cumprod",
})

# a tensor changed in place while part of a graph -> the node it was before (see tensor_methods.inplace):
# ops recorded before the change send their gradient there, as torch's edges point to the old node
# (keyed by id, not by the tensor: ``==`` between tensors is elementwise)
_PRIOR: dict[int, tuple[weakref.ref, Tensor]] = {}


def set_prior(t: Tensor, old: Tensor) -> None:
    """Record that ``t`` was ``old`` before an in-place change (forgotten when ``t`` is)."""
    key = id(t)
    _PRIOR[key] = (weakref.ref(t, lambda _ref, k=key: _PRIOR.pop(k, None)), old)


def prior_of(t: Tensor) -> Tensor | None:
    """What ``t`` was before its latest in-place change inside a graph, or None."""
    entry = _PRIOR.get(id(t))
    return entry[1] if entry is not None and entry[0]() is t else None


def _prior(t: Tensor, seq: int) -> Tensor:
    """The incarnation of ``t`` that a node created at ``seq`` used (``t`` itself unless changed in place)."""
    while t._seq > seq:
        before = prior_of(t)
        if before is None:
            break
        t = before
    return t


def _freed(g: np.ndarray) -> tuple:
    raise RuntimeError(_SECOND_BACKWARD)


class _Inplace:
    last = 0  # the creation counter's value at the latest in-place change of any tensor


def bump_version(t: Tensor) -> None:
    """Record that ``t``'s values changed in place (checked by backward against saved inputs)."""
    t._version = _Inplace.last = next(_creation_counter)


def _leaf(array: np.ndarray) -> Tensor:
    """A leaf Tensor over ``array`` (shared), outside the graph: ``.data``, ``.grad``, ``detach()``."""
    out = Tensor.__new__(Tensor)
    out.array = array
    out._grad = None
    out.requires_grad = False
    out._seq = next(_creation_counter)
    out.op = out.name = None
    out._parents = ()
    out._backward = None
    out._retain = False
    out._version = 0
    out._hooks = None
    return out


class RemovableHandle:
    """What ``register_hook`` returns: ``remove()`` takes the hook off again."""

    __slots__ = ("_hooks", "_hook")

    def __init__(self, hooks: list, hook: Callable) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def _dim(dim: Any, ndim: int, where: str) -> int:
    """``dim`` as a non-negative index into ``ndim`` dimensions (IndexError as torch, if out of range)."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(
            f"{where}: Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})"
        )
    return dim % n


def _format_repr(t: Tensor) -> str:
    """torch's look: ``tensor([[1., 2.]], requires_grad=True)`` (see :mod:`ligero.tensor_str`)."""
    grad_fn = torch_name(t) if t._backward is not None else None
    return format_tensor(t.array, grad_fn, t.requires_grad)


def _seed_gradient(root: Tensor, gradient: Any) -> np.ndarray:
    """The gradient backward starts from: ones for a one-element tensor, else ``gradient`` checked."""
    if not root.requires_grad:
        raise GradientError(
            "element 0 of tensors does not require grad and does not have a grad_fn: no input of "
            "the computation had requires_grad=True (or it ran under no_grad())"
        )
    if gradient is None:
        if root.array.size != 1:
            raise GradientError(
                f"grad can be implicitly created only for scalar outputs (got shape "
                f"{tuple(root.array.shape)}): pass gradient= of that shape"
            )
        seed = np.array(1, root.array.dtype)  # fresh: a rule may write into its g
        return seed if not root.array.ndim else seed.reshape(root.array.shape)
    seed = np.array(_to_array(gradient, root.array.dtype))
    if seed.shape != root.array.shape:
        raise ShapeError(
            f"backward(gradient=...) got a gradient of shape {seed.shape} "
            f"for a tensor of shape {root.array.shape}"
        )
    return seed


def _check_versions(node: Tensor) -> None:
    """torch's error if a value ``node``'s backward reads was changed in place after it was recorded."""
    if node.op in SAVES_NOTHING:
        return
    changed = [t for t in node._parents if t._version > node._seq]
    if node._version > node._seq and node.op in SAVES_OUTPUT:
        changed.append(node)
    for t in changed:
        raise RuntimeError(
            "one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [{_dtypes.of(t.array.dtype)} {list(t.array.shape)}], used by "
            f"{torch_name(node)}, was changed after it was saved. Hint: the operation that "
            "changed it in place came later than its use; use an out-of-place version instead."
        )


def _run_hooks(node: Tensor, g: np.ndarray) -> np.ndarray:
    for hook in tuple(node._hooks):
        replaced = hook(_leaf(g))
        if replaced is not None:
            g = _to_array(replaced, node.array.dtype)
    return g


def run_backward(
    roots: Sequence[Tensor], seeds: Sequence[np.ndarray], retain_graph: bool = False,
    capture: dict[Tensor, Any] | None = None,
) -> dict[Tensor, Any] | None:
    """The one engine: propagate ``seeds`` from ``roots`` through the graph, in reverse creation order.

    Without ``capture`` gradients accumulate into the leaves' ``.grad`` (and retained
    non-leaves'); with it, only the gradients of the tensors in ``capture`` are
    gathered there and no ``.grad`` is touched (``autograd.grad``). Unless
    ``retain_graph``, each rule that read saved values is freed after its use.
    """
    grads: dict[Tensor, Any] = {}
    for root, seed in zip(roots, seeds):
        grads[root] = seed if root not in grads else grads[root] + seed
    check = _Inplace.last
    pending, ndarray = grads.pop, np.ndarray
    order = _kept_graph_order(roots) if retain_graph else _topological_order(roots, latest_first=True)
    for node in order:  # the computed nodes; the leaves come after
        g = pending(node, None)
        if g is None:
            continue
        if type(g) is not ndarray and isinstance(g, LazyGradient):
            g = g.evaluate()  # a lazy gradient is evaluated anywhere but in a leaf
        if node._hooks is not None or node._retain or capture is not None:
            g = _visit(node, g, capture)
        stale = check > node._seq  # some tensor changed in place after this node was recorded
        if stale:
            _check_versions(node)
        for parent, pg in zip(node._parents, node._backward(g)):
            if pg is None or not parent.requires_grad:
                continue
            if stale and parent._seq > node._seq:  # changed in place since: its gradient goes to what it was
                parent = _prior(parent, node._seq)
            previous = grads.get(parent)
            if previous is None:
                grads[parent] = pg
            else:  # a parent used twice sums its gradients into a new array: either may
                # be a view of (or the very) array another node still holds
                grads[parent] = _evaluated(previous) + _evaluated(pg)
        if not retain_graph and node.op not in SAVES_NOTHING:
            node._backward = _freed
    _store_leaf_gradients(grads, capture)
    return capture


# a root backpropagated with retain_graph=True -> the order its walk visits the nodes in (keyed by id, as _PRIOR):
# a node's parents never change, so a kept graph is walked the same way again (fit's replayed step does it
# every batch)
_ORDERS: dict[int, tuple[weakref.ref, list[Tensor]]] = {}


def _kept_graph_order(roots: Sequence[Tensor]) -> list[Tensor]:
    """:func:`_topological_order` of ``roots`` (latest first) for a graph backward keeps, remembered for one root."""
    if len(roots) != 1:
        return _topological_order(roots, latest_first=True)
    root = roots[0]
    entry = _ORDERS.get(id(root))
    if entry is not None and entry[0]() is root:
        return [root, *entry[1]]
    order = _topological_order(roots, latest_first=True)
    if order and order[0] is root:  # kept without the root itself, which must stay free to die
        key = id(root)
        _ORDERS[key] = (weakref.ref(root, lambda _ref, k=key: _ORDERS.pop(k, None)), order[1:])
    return order


def _visit(node: Tensor, g: np.ndarray, capture: dict[Tensor, Any] | None) -> np.ndarray:
    """A computed node's hooks, then its gradient kept: in ``capture`` (``autograd.grad``) or, if it
    retains its gradient, in its ``.grad``; returns the gradient to propagate."""
    if node._hooks is not None:
        g = _run_hooks(node, g)
    if capture is not None:
        if node in capture:
            capture[node] = g
    elif node._retain:
        _store_gradient(node, g, False, set())
    return g


def _store_leaf_gradients(grads: dict[Tensor, Any], capture: dict[Tensor, Any] | None) -> None:
    """Hand each leaf its summed gradient: into ``.grad``, or into ``capture`` (``autograd.grad``)."""
    handed_out: set[int] = set()  # ids of the memory owners of arrays stored in some .grad
    fresh = np.ndarray
    for leaf, g in grads.items():
        if leaf._backward is not None:  # a computed node the walk did not reach
            continue
        if type(g) is not fresh and isinstance(g, LazyGradient):
            # the one rule for a lazy gradient: kept by a fresh leaf of its dtype, evaluated anywhere else
            if leaf._grad is None and g.dtype == leaf.array.dtype and capture is None and leaf._hooks is None:
                leaf._grad = g
                _LAZY_HOLDERS[id(leaf)] = weakref.ref(leaf)
                continue
            g = g.evaluate()
        if leaf._hooks is not None:
            g = _run_hooks(leaf, g)
        if capture is not None:
            if leaf in capture:
                capture[leaf] = g
        elif (leaf._grad is None and type(g) is fresh and g.base is None and g.dtype is leaf.array.dtype
                and id(g) not in handed_out and g.flags.writeable):
            leaf._grad = g  # the common case of _store_gradient: a fresh array, stored first
            handed_out.add(id(g))
        else:
            _store_gradient(leaf, g, True, handed_out)


def _store_gradient(node: Tensor, g: np.ndarray, leaf: bool, handed_out: set[int]) -> None:
    """Accumulate ``g`` into ``node``'s stored gradient (a copy where it might alias another)."""
    if g.dtype != node.array.dtype:
        g = g.astype(node.array.dtype)
    if node._grad is None:  # a retained non-leaf keeps a copy: its rule may hold g
        node._grad = _own_gradient(g, handed_out) if leaf else np.array(g)
    else:
        stored = node.grad_array
        if stored.flags.writeable:
            stored += g
        else:
            node._grad = stored + g


def attach_logits(probabilities: Tensor, logits: Tensor | None) -> Tensor:
    """Mark ``probabilities`` as the softmax (over the class axis) or sigmoid of ``logits``.

    Losses then compute from the logits in one fused, stable step, whether or
    not a graph was recorded (as Keras does with ``_keras_logits``). ``None``
    marks probabilities that have no usable logits (a softmax over another axis).
    """
    probabilities._logits = logits
    return probabilities


def logits_of(t: Tensor) -> Tensor | None:
    """The logits ``t`` was made from by :func:`attach_logits`, or None."""
    return getattr(t, "_logits", None)


def is_probability_output(t: Tensor) -> bool:
    """Whether a softmax or sigmoid produced ``t`` (:func:`attach_logits` marked it)."""
    return hasattr(t, "_logits")


def _plain(x: Any) -> Any:
    return x.array if isinstance(x, Tensor) else x


def _topological_order(roots: Sequence[Tensor], latest_first: bool = False) -> list[Tensor]:
    """The computed nodes (those with a backward rule) behind ``roots``, each after all of its parents
    (``latest_first``: each before its parents, the order backward visits them).

    A tensor is always created after its parents, so ordering the nodes reachable
    from ``roots`` by creation number is a topological order (no recursion, no
    post-order bookkeeping). Leaves are left out: backward hands them their
    gradients once every node is done.
    """
    seen = {root for root in roots if root._backward is not None}  # by identity
    stack = list(seen)
    visit, push, take = seen.add, stack.append, stack.pop
    while stack:
        for parent in take()._parents:
            if parent._backward is not None and parent not in seen:
                visit(parent)
                push(parent)
    return sorted(seen, key=_creation_number, reverse=latest_first)


_creation_number = operator.attrgetter("_seq")  # a tensor's creation number, read in C


def as_tensor(x: Any, dtype: Any = None) -> Tensor:
    """``x`` itself if it is a Tensor, else a constant Tensor wrapping it."""
    if isinstance(x, Tensor):
        return x
    return Tensor(np.asarray(x) if type(x) is int else x, dtype=dtype)  # a Python int stays a number


def tensor(data: Any, requires_grad: bool = False, dtype: Any = None, name: str | None = None) -> Tensor:
    """Create a leaf tensor (float32 unless ``dtype`` or a floating ndarray says otherwise).

    ``name`` labels it in graph figures (:func:`ligero.plotting.plot_graph`).
    """
    if isinstance(data, np.ndarray):
        data = data.copy()  # torch.tensor copies its data
    elif type(data) is int:
        data = np.asarray(data)  # tensor(3) is the number 3 (Tensor(3) is three elements, as in torch)
    return Tensor(data, requires_grad=requires_grad, dtype=dtype, name=name)


class StepRecording:
    """The nodes one forward pass creates, in creation order, and how each recomputes its output:
    what :mod:`ligero.models.replay` records once and replays for later batches of the same shapes.

    While a recording is :attr:`active` (a ``with`` block), :func:`make_result` lists every node it
    makes. An op whose output can be recomputed from its parents' current arrays, in place into the
    very arrays its backward rule reads, registers that function with :meth:`note`; the ops test
    ``StepRecording.active`` first, so outside a recording they pay one attribute read.
    """

    active: StepRecording | None = None

    def __init__(self) -> None:
        self.nodes: list[Tensor] = []
        # id(node) -> (recompute its array in place, the tensors and arrays it reads)
        self.recomputes: dict[int, tuple[Callable[[], None], tuple[Any, ...]]] = {}

    def note(self, node: Tensor, out: np.ndarray, recompute: Callable[[], None], *reads: Any) -> None:
        """Say that ``recompute()`` brings ``node``'s array ``out`` (and what its backward reads) up to date
        from the current values of ``reads`` (the tensors, or target arrays, it reads; None for an absent
        one), and nothing else. Taken only if ``out`` is the node's array (an op on a 0-d input may hold
        its value as a NumPy scalar, which cannot be written into)."""
        if out is node.array:
            self.recomputes[id(node)] = (recompute, tuple(r for r in reads if r is not None))

    def __enter__(self) -> StepRecording:
        self._outer, StepRecording.active = StepRecording.active, self
        return self

    def __exit__(self, *exc: Any) -> None:
        StepRecording.active = self._outer


def renumber(nodes: Sequence[Tensor]) -> None:
    """Give recomputed ``nodes`` fresh creation numbers, in order: they are new values, made after every
    in-place change so far (so backward's version check sees them as such)."""
    for node in nodes:
        node._seq = next(_creation_counter)


def make_result(
    data: np.ndarray,
    parents: tuple[Tensor, ...],
    backward: BackwardRule,
    op: str,
) -> Tensor:
    """Wrap an op's output; record the graph only if some parent needs gradients."""
    out = Tensor.__new__(Tensor)
    out.array = data if type(data) is np.ndarray else np.asarray(data)  # not a NumPy scalar
    out._grad = None
    out.name = None
    out._retain = False
    out._version = 0
    out._hooks = None
    out.op = op
    out._seq = next(_creation_counter)
    if StepRecording.active is not None:
        StepRecording.active.nodes.append(out)
    if _GradMode.enabled:
        for p in parents:
            if p.requires_grad:
                out.requires_grad = True
                out._parents = parents
                out._backward = backward
                return out
    out.requires_grad = False
    out._parents = ()
    out._backward = None
    return out


from ligero import ops as _ops  # noqa: E402  (ops need Tensor defined first)
