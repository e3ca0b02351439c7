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
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from ligero.errors import DataError, GradientError, ShapeError

DEFAULT_DTYPE = np.float32

BackwardRule = Callable[[np.ndarray], Sequence[Any]]


_creation_counter = itertools.count()


class _GradMode:
    enabled = True


@contextlib.contextmanager
def no_grad() -> Iterator[None]:
    """Context manager in which operations record no graph (inference, updates)."""
    previous = _GradMode.enabled
    _GradMode.enabled = False
    try:
        yield
    finally:
        _GradMode.enabled = previous


@contextlib.contextmanager
def enable_grad() -> Iterator[None]:
    """Context manager that turns graph recording back on inside :func:`no_grad`."""
    previous = _GradMode.enabled
    _GradMode.enabled = True
    try:
        yield
    finally:
        _GradMode.enabled = previous


def is_grad_enabled() -> bool:
    """Whether operations currently record the computational graph."""
    return _GradMode.enabled


def _to_array(data: Any, dtype: Any = None) -> np.ndarray:
    """Convert ``data`` to an ndarray: float32 unless ``dtype`` or a float array says otherwise.

    Data that are not numbers (None, strings, ragged nested lists) raise DataError.
    """
    if isinstance(data, Tensor):
        data = data.array
    if dtype is None and isinstance(data, (np.ndarray, np.generic)) and data.dtype.kind == "f":
        return data if isinstance(data, np.ndarray) else np.asarray(data)  # a float array as it is
    if data is None:
        raise DataError("cannot make a tensor from None")
    try:
        return np.asarray(data, dtype=DEFAULT_DTYPE if dtype is None else dtype)
    except (ValueError, TypeError) as exc:
        raise DataError(f"cannot make a numeric tensor from {_describe(data)} ({exc})") from None


def _describe(data: Any) -> str:
    """A short description of ``data`` for error messages."""
    if isinstance(data, np.ndarray):
        return f"an array of dtype {data.dtype} and shape {data.shape}"
    text = repr(data)
    return f"a {type(data).__name__} {text[:60]}{'...' if len(text) > 60 else ''}"


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


class Tensor:
    """An n-dimensional array that can record the operations applied to it.

    Attributes:
        array: the values, a NumPy array (float32 unless asked otherwise).
        grad: ``dL/dself`` after ``backward()``; same shape and dtype as ``array``
            (an unevaluated :class:`LazyGradient` is evaluated when read).
        requires_grad: whether gradients flow to (and accumulate in) this tensor.
        op: name of the operation that produced it (``None`` for a leaf).
        name: optional label, used in graph figures.
    """

    __slots__ = (
        "array", "_grad", "requires_grad", "op", "name",
        "_parents", "_backward", "_retain", "_seq", "_logits", "__weakref__",
    )
    # ``_logits`` is set only on the outputs of softmax and sigmoid (see ``attach_logits``).
    # Make ``ndarray + Tensor`` call Tensor.__radd__ instead of broadcasting elementwise.
    __array_priority__ = 1000

    def __init__(
        self,
        data: Any,
        requires_grad: bool = False,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        self.array: np.ndarray = _to_array(data, dtype)
        if requires_grad and not np.issubdtype(self.array.dtype, np.floating):
            raise GradientError(
                f"only floating-point tensors can require gradients, got dtype {self.array.dtype}"
            )
        self._grad: np.ndarray | LazyGradient | None = None
        self.requires_grad = bool(requires_grad)
        self._seq = next(_creation_counter)
        self.op: str | None = None
        self.name = name
        self._parents: tuple[Tensor, ...] = ()
        self._backward: BackwardRule | None = None
        self._retain = False

    # ----------------------------------------------------------------- basics
    @property
    def grad(self) -> np.ndarray | None:
        """``dL/dself`` accumulated by ``backward()`` (None before, or after ``zero_grad``)."""
        g = self._grad
        if isinstance(g, LazyGradient):
            g = self._grad = g.evaluate()
        return g

    @grad.setter
    def grad(self, value: np.ndarray | None) -> None:
        self._grad = value

    @property
    def data(self) -> np.ndarray:
        """The values (shared, not copied). Code inside ligero reads :attr:`array`."""
        return self.array

    @data.setter
    def data(self, value: Any) -> None:
        self.array = value if isinstance(value, np.ndarray) else _to_array(value)

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
    def shape(self) -> tuple[int, ...]:
        return self.array.shape

    @property
    def dtype(self) -> np.dtype:
        return self.array.dtype

    @property
    def ndim(self) -> int:
        return self.array.ndim

    @property
    def size(self) -> int:
        return self.array.size

    @property
    def is_leaf(self) -> bool:
        """True for tensors created by the user rather than by an operation."""
        return self._backward is None

    @property
    def parents(self) -> tuple[Tensor, ...]:
        """The tensors this one was computed from (empty for a leaf)."""
        return self._parents

    def __len__(self) -> int:
        return len(self.array)

    def __repr__(self) -> str:
        extra = ", requires_grad=True" if self.requires_grad else ""
        if self.op:
            extra += f", op={self.op}"
        body = np.array2string(self.array, precision=4, separator=", ", prefix="tensor(")
        return f"tensor({body}, dtype={self.array.dtype}{extra})"

    def numpy(self) -> np.ndarray:
        """The underlying array (shared, not copied)."""
        return self.array

    def item(self) -> float:
        """The single value of a one-element tensor, as a Python number."""
        if self.array.size != 1:
            raise ShapeError(f"item() needs a tensor with one element, got shape {self.shape}")
        return self.array.item()

    def tolist(self) -> Any:
        return self.array.tolist()

    def detach(self) -> Tensor:
        """A new leaf sharing this tensor's data, cut off from the graph."""
        return Tensor(self.array)

    def astype(self, dtype: Any) -> Tensor:
        """A copy converted to ``dtype``, cut off from the graph."""
        return Tensor(self.array.astype(dtype), requires_grad=self.requires_grad)

    def zero_grad(self) -> None:
        """Forget the accumulated gradient."""
        self.grad = None

    def retain_grad(self) -> Tensor:
        """Keep ``.grad`` on this non-leaf tensor after ``backward()`` (for inspection)."""
        self._retain = True
        return self

    def requires_grad_(self, flag: bool = True) -> Tensor:
        """Switch gradient tracking of this leaf on or off, in place."""
        if flag and not np.issubdtype(self.array.dtype, np.floating):
            raise GradientError(f"only floating-point tensors can require gradients, got {self.dtype}")
        self.requires_grad = bool(flag)
        return self

    # --------------------------------------------------------------- backward
    def backward(self, grad: Any = None) -> None:
        """Backpropagate ``grad`` (``dL/dself``; 1 for a scalar) to every leaf.

        Gradients accumulate into ``leaf.grad`` until ``zero_grad()``.
        """
        if not self.requires_grad:
            raise GradientError(
                "backward() called on a tensor that does not require grad: no input of the "
                "computation had requires_grad=True (or it ran under no_grad())"
            )
        if grad is None:
            if self.array.size != 1:
                raise GradientError(
                    f"backward() on a non-scalar tensor of shape {self.shape} needs an explicit "
                    "grad= of that shape (the gradient of the final scalar with respect to it)"
                )
            seed = np.ones(self.array.shape, self.array.dtype)  # fresh: a rule may write into its g
        else:
            seed = np.array(_to_array(grad, self.dtype))
            if seed.shape != self.shape:
                raise ShapeError(
                    f"backward(grad=...) got a gradient of shape {seed.shape} "
                    f"for a tensor of shape {self.shape}"
                )

        grads: dict[Tensor, np.ndarray] = {self: seed}  # keyed by identity (Tensor has no __eq__)
        handed_out: set[int] = set()  # ids of the memory owners of arrays stored in some .grad
        for node in reversed(_topological_order(self)):
            g = grads.pop(node, None)
            if g is None:
                continue
            rule = node._backward
            # the one rule for a lazy gradient: kept by a fresh leaf of its dtype, evaluated anywhere else
            if type(g) is not np.ndarray and isinstance(g, LazyGradient):
                if rule is None and node._grad is None and g.dtype == node.array.dtype:
                    node._grad = g
                    continue
                g = g.evaluate()
            if rule is None or node._retain:
                if g.dtype != node.array.dtype:
                    g = g.astype(node.array.dtype)
                if node._grad is None:  # a retained non-leaf keeps a copy: its rule may hold g
                    node._grad = _own_gradient(g, handed_out) if rule is None else np.array(g)
                else:
                    node.grad += g
                if rule is None:
                    continue
            for parent, pg in zip(node._parents, rule(g)):
                if pg is None or not parent.requires_grad:
                    continue
                previous = grads.get(parent)
                if previous is None:
                    grads[parent] = pg
                else:  # a parent used twice sums its gradients into a new array: either may
                    # be a view of (or the very) array another node still holds
                    grads[parent] = _evaluated(previous) + _evaluated(pg)

    # ------------------------------------------------------ operator sugar
    def __add__(self, other: Any) -> Tensor:
        return _ops.add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        return _ops.add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        return _ops.sub(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return _ops.sub(other, self)

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

    # Comparisons give plain boolean arrays: they are not differentiable.
    def __lt__(self, other: Any) -> np.ndarray:
        return self.array < _plain(other)

    def __le__(self, other: Any) -> np.ndarray:
        return self.array <= _plain(other)

    def __gt__(self, other: Any) -> np.ndarray:
        return self.array > _plain(other)

    def __ge__(self, other: Any) -> np.ndarray:
        return self.array >= _plain(other)

    __hash__ = object.__hash__

    # ------------------------------------------------------- method forms
    def sum(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        return _ops.sum(self, axis, keepdims)

    def mean(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        return _ops.mean(self, axis, keepdims)

    def max(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        return _ops.max(self, axis, keepdims)

    def min(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        return _ops.min(self, axis, keepdims)

    def exp(self) -> Tensor:
        return _ops.exp(self)

    def log(self) -> Tensor:
        return _ops.log(self)

    def sqrt(self) -> Tensor:
        return _ops.sqrt(self)

    def abs(self) -> Tensor:
        return _ops.abs(self)

    def tanh(self) -> Tensor:
        return _ops.tanh(self)

    def sigmoid(self) -> Tensor:
        return _ops.sigmoid(self)

    def relu(self) -> Tensor:
        return _ops.relu(self)

    def softmax(self, axis: int = -1) -> Tensor:
        return _ops.softmax(self, axis)

    def log_softmax(self, axis: int = -1) -> Tensor:
        return _ops.log_softmax(self, axis)

    def reshape(self, *shape: Any) -> Tensor:
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _ops.reshape(self, shape)

    def transpose(self, *axes: Any) -> Tensor:
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        return _ops.transpose(self, axes or None)

    @property
    def T(self) -> Tensor:  # noqa: N802 - NumPy's name
        return _ops.transpose(self, None)

    def flatten(self, start_axis: int = 0) -> Tensor:
        lead = self.shape[:start_axis]
        return _ops.reshape(self, (*lead, -1))

    def clip(self, low: Any = None, high: Any = None) -> Tensor:
        return _ops.clip(self, low, high)


def _evaluated(g: Any) -> Any:
    return g.evaluate() if isinstance(g, LazyGradient) else g


def _own_gradient(g: Any, handed_out: set[int]) -> np.ndarray:
    """``g`` made fit to be stored as a ``.grad``: a writable ndarray sharing no memory with another.

    Backward rules may return views (reshape, transpose, concatenate), read-only
    broadcasts (sum, mean), the very array they received (add), or NumPy scalars;
    such a ``g`` is copied, so that no two ``.grad`` arrays alias and each can be
    updated in place. ``handed_out`` holds the ids of the memory owners already stored.
    """
    owner = _memory_owner(g)
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


def _topological_order(root: Tensor) -> list[Tensor]:
    """Nodes that require grad, each after all of its parents.

    A tensor is always created after its parents, so ordering the nodes reachable
    from ``root`` by creation number is a topological order (no recursion, no
    post-order bookkeeping).
    """
    seen = {root}  # by identity
    stack = [root]
    while stack:
        for parent in stack.pop()._parents:
            if parent.requires_grad and parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return sorted(seen, key=_creation_number)


def _creation_number(t: Tensor) -> int:
    return t._seq


def as_tensor(x: Any, dtype: Any = None) -> Tensor:
    """``x`` itself if it is a Tensor, else a constant Tensor wrapping it."""
    if isinstance(x, Tensor):
        return x
    return Tensor(x, dtype=dtype)


def tensor(data: Any, requires_grad: bool = False, dtype: Any = None, name: str | None = None) -> Tensor:
    """Create a leaf tensor (float32 unless ``dtype`` or a floating ndarray says otherwise).

    ``name`` labels it in graph figures (:func:`ligero.plotting.plot_graph`).
    """
    if isinstance(data, np.ndarray):
        data = data.copy()  # torch.tensor copies its data
    return Tensor(data, requires_grad=requires_grad, dtype=dtype, name=name)


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
    out.op = op
    out._seq = next(_creation_counter)
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
