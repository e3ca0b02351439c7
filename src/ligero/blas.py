"""The speed tricks that need BLAS, behind one door.

NumPy's ``matmul`` always overwrites its output (BLAS's ``beta = 0``), so an
SGD update of a weight from its gradient ``xᵀ·g`` takes a product into a new
array and two more passes over the weights:

    G = x.T @ g;  W *= 1 - lr·k;  W -= lr·G

BLAS's ``gemm`` computes ``W ← β·W + α·xᵀ·g`` (``β = 1 - lr·k``, ``α = -lr``)
in one threaded call that never materialises ``G``. Two pieces make that happen,
and both live here:

- **the deferred weight gradient.** ``linear``'s backward hands a large weight's
  gradient back as a :class:`GradientProduct` ``a @ b`` (:func:`weight_gradient`).
  ``Tensor.backward`` keeps such a lazy gradient in a fresh leaf's ``.grad`` and
  evaluates it anywhere else; reading ``.grad`` evaluates it too. A lazy gradient
  keeps the values backward saw: a write to memory it reads evaluates it first
  (:func:`ligero.tensor.settle_lazy_gradients`, called by the tensor API's in-place
  ops, the optimizers before they update, ``nn.init`` and Keras's ``assign``).
  Only a write through a NumPy view of a tensor's memory goes unseen: inside
  :func:`evaluated_weight_gradients` backward computes every gradient at once.
- **the one primitive that consumes it**, :func:`accumulate`: ``c ← β·c + α·grad``
  in place, for an array or a deferred product (then one call of
  :func:`gemm_update`). Plain SGD's update is that one call.

:func:`gemm_update` calls NumPy's own BLAS, the OpenBLAS its wheels ship (found
with threadpoolctl, so it shares NumPy's thread pool and honours
:func:`ligero.set_num_threads`), and falls back to NumPy where that library is
not available (another BLAS, an unusual layout, overlapping arrays); the results
agree to rounding. The decay factor goes to BLAS as its ``β``: on OpenBLAS 0.3.31's
SkylakeX kernel with two threads the 3072×100 update takes 204 µs so, against
280 µs for a ``β = 1`` product followed by a NumPy scaling pass (and 1.5-4 % of a
CIFAR-10 MLP epoch, in four interleaved A/B runs; docs/performance.md).
"""

from __future__ import annotations

import ctypes
import functools
from pathlib import Path
from typing import Any

import numpy as np

from ligero.tensor import LazyGradient

_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112
_ROUTINES = {np.dtype(np.float32): "sgemm", np.dtype(np.float64): "dgemm"}

DEFER_PRODUCTS_FROM = 1 << 14
"""Weight gradients of fewer elements are evaluated: below this, the foreign call costs more than the
passes it saves (measured on the CIFAR-10 MLPs: 3072×100 kernels gain, 100×10 ones do not)."""


TRANSPOSED_FROM = 1 << 14
"""``x @ wᵀ`` of at most :data:`TRANSPOSED_ROWS` rows and a weight of at least this many elements is computed
as ``(w @ xᵀ)ᵀ`` (:func:`matmul_transposed`)."""
TRANSPOSED_ROWS = 64


class _Mode:
    defer_products = True  # False inside evaluated_weight_gradients()


def matmul_transposed(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``x @ wᵀ`` for ``x`` (..., K) and a weight ``w`` (N, K) of PyTorch's layout, as a fresh array.

    A 2-D ``x`` of few rows (≤ :data:`TRANSPOSED_ROWS`) against a large weight (≥ :data:`TRANSPOSED_FROM`
    elements) is computed as ``(w @ xᵀ)ᵀ`` and made contiguous: OpenBLAS packs a transposed right operand
    slowly there, and the transposed product gives the same numbers (measured on its SkylakeX and
    Haswell kernels: a batch of 32 through a (100, 3072) weight 271 → 176 µs; docs/performance.md).
    """
    if w.size >= TRANSPOSED_FROM and x.ndim == 2 and x.shape[0] <= TRANSPOSED_ROWS:  # (small weights leave first)
        return np.ascontiguousarray(np.dot(w, x.T).T)
    return np.dot(x, w.T) if x.ndim == 2 else x @ w.T


def dot2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b``, through ``np.dot`` when both are 2-D: the same GEMM and the same numbers (checked on
    2,520 cases of shapes, dtypes and transposed layouts, ``tests/test_fast_paths.py``), with ~0.3 µs
    less overhead a call than ``np.matmul``'s, which is a tenth of a tiny layer's product."""
    return np.dot(a, b) if a.ndim == 2 and b.ndim == 2 else a @ b


# ------------------------------------------------------- the deferred gradient
class GradientProduct(LazyGradient):
    """A gradient ``a @ b`` not computed yet: a weight's ``xᵀ·g`` from a fused ``linear``.

    Forming ``xᵀ·g`` only to have the optimizer scale it and subtract it from the
    weights costs two extra passes over an array the size of the weights; a plain
    SGD step instead updates the weights in one BLAS call from ``a`` and ``b``
    (:func:`accumulate`). Reading ``tensor.grad`` evaluates it.
    """

    __slots__ = ("a", "b", "dtype")

    def __init__(self, a: np.ndarray, b: np.ndarray) -> None:
        self.a, self.b = a, b
        self.dtype: np.dtype = a.dtype if a.dtype == b.dtype else np.result_type(a, b)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.a.shape[0], self.b.shape[1])

    def evaluate(self) -> np.ndarray:
        """The product ``a @ b``, a new array."""
        return np.dot(self.a, self.b)  # both 2-D: see dot2

    def reads(self, array: np.ndarray) -> bool:
        return np.may_share_memory(self.a, array) or np.may_share_memory(self.b, array)


class _WeightGradientMode:
    """Set whether backward may leave large weight gradients unevaluated, for a block (then restore it)."""

    __slots__ = ("defer", "previous")

    def __init__(self, defer: bool) -> None:
        self.defer = defer

    def __enter__(self) -> None:
        self.previous = _Mode.defer_products
        _Mode.defer_products = self.defer

    def __exit__(self, *exc: Any) -> None:
        _Mode.defer_products = self.previous


def deferred_weight_gradients() -> _WeightGradientMode:
    """A block in which a large ``linear`` weight's gradient ``xᵀ·g`` is kept as a :class:`GradientProduct`
    that plain SGD folds into its update in one BLAS call (the default everywhere; the block restores it
    inside :func:`evaluated_weight_gradients`). Reading ``.grad`` gives the array::

        with lg.deferred_weight_gradients():
            loss.backward()
        optimizer.step()
    """
    return _WeightGradientMode(True)


def evaluated_weight_gradients() -> _WeightGradientMode:
    """A block in which backward computes every weight gradient at once (no lazy ``.grad``): for code
    that changes a layer's input through a NumPy view of its memory between backward and the step."""
    return _WeightGradientMode(False)


def weight_gradient(a: np.ndarray, b: np.ndarray) -> np.ndarray | GradientProduct:
    """The gradient ``a @ b`` of a weight: left unevaluated where an optimizer can save passes.

    Deferred (unless inside :func:`evaluated_weight_gradients`) when it has at least
    :data:`DEFER_PRODUCTS_FROM` elements and when NumPy's BLAS can fold it into
    an update (:func:`fused_available`).
    """
    if (
        _Mode.defer_products and a.shape[0] * b.shape[1] >= DEFER_PRODUCTS_FROM
        and a.dtype == b.dtype and fused_available(a.dtype)
    ):
        return GradientProduct(a, b)
    return np.dot(a, b)  # both 2-D: see dot2


def accumulate(c: np.ndarray, grad: Any, alpha: float, beta: float, scratch: np.ndarray | None = None) -> None:
    """``c ← β·c + α·grad`` in place; ``grad`` is an array or a :class:`GradientProduct`.

    A product is folded in by one call of :func:`gemm_update` and never formed;
    an array takes ``c *= β`` (skipped when β = 1) and ``c += α·grad`` (through
    ``scratch``, an array of ``c``'s shape, when given: no temporary).
    """
    if type(grad) is GradientProduct:
        gemm_update(grad.a, grad.b, c, alpha, beta)
        return
    if beta != 1:
        np.multiply(c, scalar(beta, c.dtype), out=c)
    if alpha == 1:
        c += grad
    elif scratch is not None:
        np.multiply(grad, scalar(alpha, grad.dtype), out=scratch)
        c += scratch
    else:
        c += np.multiply(grad, scalar(alpha, grad.dtype))


@functools.lru_cache(maxsize=256)
def scalar(value: float, dtype: np.dtype) -> np.ndarray:
    """``value`` as a read-only 0-d array of ``dtype``, the same number a ufunc would make of the Python
    float for an operand of that dtype: NumPy takes it ~40 % faster (a small parameter's
    ``c *= β``: 760 → 455 ns), which is most of the cost of an update of a small parameter."""
    out = np.array(value, dtype)
    out.flags.writeable = False
    return out


# ------------------------------------------------------------ the BLAS call


def gemm_update(a: np.ndarray, b: np.ndarray, c: np.ndarray, alpha: float, beta: float) -> None:
    """``c ← beta·c + alpha·(a @ b)`` in place, for 2-D arrays of one float dtype.

    ``a`` (m, k) and ``b`` (k, n) may be transposed views; ``c`` (m, n) must not
    overlap them. Uses NumPy's OpenBLAS when it can (:func:`fused_available`),
    else NumPy (``c *= beta; c += alpha·(a @ b)``).
    """
    if a.shape[1] != b.shape[0] or c.shape != (a.shape[0], b.shape[1]):
        raise ValueError(f"gemm_update: shapes {a.shape} @ {b.shape} do not give {c.shape}")
    routine = _blas_routine(c.dtype)
    if routine is not None and a.dtype == b.dtype == c.dtype and min(c.shape) and a.shape[1]:
        la, lb, lc = _layout(a), _layout(b), _layout(c)
        if (
            la is not None and lb is not None and lc is not None and lc[0] == _NO_TRANS
            and c.flags.writeable and not np.may_share_memory(c, a) and not np.may_share_memory(c, b)
        ):
            m, n = c.shape
            routine(
                _ROW_MAJOR, la[0], lb[0], m, n, a.shape[1], alpha,
                a.ctypes.data, la[1], b.ctypes.data, lb[1], beta, c.ctypes.data, lc[1],
            )
            return
    product = a @ b
    if beta != 1:
        c *= beta
    if alpha != 1:
        product *= alpha
    c += product


def fused_available(dtype: Any = np.float32) -> bool:
    """Whether :func:`gemm_update` runs as one BLAS call for ``dtype`` (else it uses NumPy)."""
    return _blas_routine(np.dtype(dtype)) is not None


def _layout(x: np.ndarray) -> tuple[int, int] | None:
    """(transpose flag, leading dimension) describing ``x`` to row-major BLAS, or None."""
    item = x.itemsize
    rows, cols = x.shape
    s0, s1 = x.strides
    if not x.flags.aligned or s0 < 0 or s1 < 0:
        return None
    if s1 == item and s0 % item == 0 and s0 >= max(cols, 1) * item:
        return _NO_TRANS, s0 // item
    if s0 == item and s1 % item == 0 and s1 >= max(rows, 1) * item:
        return _TRANS, s1 // item  # x is the transpose of a row-major (cols, rows) array
    return None


def _blas_routine(dtype: np.dtype) -> Any:
    name = _ROUTINES.get(dtype)
    return None if name is None else _routines().get(name)


@functools.cache
def _routines() -> dict[str, Any]:
    """``cblas_sgemm``/``cblas_dgemm`` of NumPy's OpenBLAS, checked on a small product; {} if absent."""
    try:
        library, prefix, index = _numpy_openblas()
    except (OSError, LookupError, AttributeError, TypeError, ValueError):
        return {}
    routines = {}
    for name, real in (("sgemm", ctypes.c_float), ("dgemm", ctypes.c_double)):
        try:
            fn = getattr(library, f"{prefix}cblas_{name}{'64_' if index is ctypes.c_int64 else ''}")
        except AttributeError:
            continue
        ptr = ctypes.c_void_p
        fn.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, index, index, index,
                       real, ptr, index, ptr, index, real, ptr, index]
        fn.restype = None
        if _self_test(fn, np.float32 if name == "sgemm" else np.float64):
            routines[name] = fn
    return routines


def _numpy_openblas() -> tuple[ctypes.CDLL, str, type]:
    """NumPy's own OpenBLAS (the scipy-openblas its wheels ship), its symbol prefix and int type."""
    from threadpoolctl import ThreadpoolController

    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    if blas.get("name") != "scipy-openblas":
        raise LookupError("NumPy is not linked to the OpenBLAS of its wheels")
    index = ctypes.c_int64 if "USE64BITINT" in blas.get("openblas configuration", "") else ctypes.c_int32
    numpy_dir = Path(np.__file__).resolve().parent
    homes = (numpy_dir, numpy_dir.with_name("numpy.libs"))
    for controller in ThreadpoolController().lib_controllers:
        path = Path(controller.filepath).resolve()
        if controller.internal_api == "openblas" and any(h in path.parents for h in homes):
            return ctypes.CDLL(str(path)), "scipy_", index
    raise LookupError("NumPy's OpenBLAS is not loaded")


def _self_test(fn: Any, dtype: Any) -> bool:
    """Whether ``fn`` computes a small ``β·C + α·AᵀB`` as NumPy does (guards the binding)."""
    a = np.arange(6, dtype=dtype).reshape(3, 2)
    b = np.arange(12, dtype=dtype).reshape(3, 4) / 4
    c = np.ones((2, 4), dtype=dtype)
    expected = 0.5 * c + 2.0 * (a.T @ b)
    fn(_ROW_MAJOR, _TRANS, _NO_TRANS, 2, 4, 3, 2.0, a.ctypes.data, 2, b.ctypes.data, 4, 0.5,
       c.ctypes.data, 4)
    return bool(np.allclose(c, expected, rtol=1e-5))
