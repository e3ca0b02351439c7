"""``tensor.grad_fn`` as torch shows it: one node class per backward kind, named as torch names it.

A recorded tensor's ``grad_fn`` is an instance of a class called after torch's backward node
(``AddBackward0``, ``MmBackward0``, ``NllLossBackward0``, ...), so ``type(y.grad_fn).__name__``,
``y.grad_fn.name()`` and ``print(y.grad_fn)`` read as in torch. ``next_functions`` gives one
``(node, 0)`` pair per input: the input's node, an :class:`AccumulateGrad` for a leaf that
requires grad (``.variable`` is the leaf), None for a constant.

The name comes from the tensor's ``op`` label through :data:`_NAMES` (a string, or a function of
the tensor for the kinds whose torch name depends on the shapes); an unlisted label ``foo_bar``
reads ``FooBarBackward0``. An op that ligero computes in one node where torch records several
(``linear`` is ``AddmmBackward0`` over ``TBackward0``; fused cross-entropy is ``NllLossBackward0``
over ``LogSoftmaxBackward0``) shows torch's chain as nodes of its own, and a composite made of
several ops (``mse_loss``) is :func:`present`-ed as one node over the inputs the user gave.

This module reads tensors by duck typing and imports nothing of ligero (NumPy only).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

# a node shown under another label -> (the tensor, the label, the inputs it shows or None); kept
# while the node lives, keyed by id (``==`` between tensors is elementwise)
_SHOWN: dict[int, tuple[weakref.ref, str, tuple | None]] = {}


def present(t: Any, label: str, inputs: tuple | None = None) -> Any:
    """Show ``t``'s node as ``label`` (its torch name, through :data:`_NAMES`) and, for a composite,
    with ``inputs`` as its inputs instead of the inner nodes; returns ``t``. Only the display
    changes: ``t.op`` (what its backward rule is) stays."""
    if t._backward is not None:
        key = id(t)
        _SHOWN[key] = (weakref.ref(t, lambda _ref, k=key, table=_SHOWN: table.pop(k, None)), label,
                       None if inputs is None else tuple(inputs))
    return t


def _shown(t: Any) -> tuple[str, tuple]:
    """The label and the inputs ``t``'s node is shown with."""
    entry = _SHOWN.get(id(t))
    if entry is None or entry[0]() is not t:
        return t.op or "unknown", t._parents
    return entry[1], t._parents if entry[2] is None else entry[2]


class Node:
    """A backward node: ``name()``, ``next_functions``, printed ``<NameBackward0 object at 0x...>``."""

    __slots__ = ("_tensor", "_edges")

    def __init__(self, tensor: Any, edges: tuple = ()) -> None:
        self._tensor, self._edges = tensor, edges

    def name(self) -> str:
        return type(self).__name__

    @property
    def next_functions(self) -> tuple:
        return tuple((_edge(e), 0) for e in self._edges)

    @property
    def metadata(self) -> dict:
        return {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {id(self):#x}>"

    def __eq__(self, other: Any) -> bool:
        return type(other) is type(self) and other._tensor is self._tensor and other._edges == self._edges

    def __hash__(self) -> int:
        return hash((type(self).__name__, id(self._tensor)))


class AccumulateGrad(Node):
    """Where a leaf's gradient is accumulated; ``variable`` is the leaf."""

    __slots__ = ()

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    @property
    def variable(self) -> Any:
        return self._tensor


class _Chain:
    """An edge to a node torch records and ligero does not (``TBackward0`` of a linear's weight)."""

    __slots__ = ("name", "edges")

    def __init__(self, name: str, *edges: Any) -> None:
        self.name, self.edges = name, edges


_CLASSES: dict[str, type] = {}
_TORCH_NAME = re.compile(r"[A-Z][A-Za-z0-9]*Backward[0-9]+")


def _node_class(name: str) -> type:
    cls = _CLASSES.get(name)
    if cls is None:
        cls = _CLASSES[name] = type(name, (Node,), {"__slots__": (), "__module__": "torch.autograd.graph"})
    return cls


def _edge(e: Any) -> Node | None:
    if isinstance(e, _Chain):
        return _node_class(e.name)(None, e.edges)
    if e._backward is not None:
        return node_of(e)
    return AccumulateGrad(e) if e.requires_grad else None


def node_of(t: Any) -> Node:
    """The grad_fn node of the recorded tensor ``t``."""
    name, edges = structure(t)
    return _node_class(name)(t, tuple(edges))


def structure(t: Any) -> tuple[str, tuple]:
    """``(torch's node name, the edges it shows)`` for the recorded tensor ``t``."""
    op, parents = _shown(t)
    if _TORCH_NAME.fullmatch(op):  # presented under torch's name itself
        return op, tuple(parents)
    if op[:1].isupper():  # an autograd.Function's class name
        return f"{op}Backward", tuple(parents)
    rule = _NAMES.get(op.split("(")[0])
    if rule is None:
        return "".join(part.capitalize() for part in op.split("(")[0].split("_")) + "Backward0", parents
    if isinstance(rule, str):
        return rule, parents
    return rule(t, parents)


def torch_name(t: Any) -> str:
    """torch's name of the node that made ``t`` (``AddBackward0``)."""
    return structure(t)[0]


def _constant_number(p: Any) -> bool:
    """A 0-d constant: what a Python number becomes as an operand (torch shows no edge for it)."""
    return p._backward is None and not p.requires_grad and p.array.ndim == 0


def _pow(t: Any, ps: tuple) -> tuple[str, tuple]:
    if _constant_number(ps[1]):
        return "PowBackward0", ps[:1]
    if _constant_number(ps[0]):
        return "PowBackward2", ps[1:]
    return "PowBackward1", ps


def _rsub(t: Any, ps: tuple) -> tuple[str, tuple]:
    return ("RsubBackward1", ps[1:]) if _constant_number(ps[0]) else ("SubBackward0", ps)


def _matmul(t: Any, ps: tuple) -> tuple[str, tuple]:
    a, b = ps
    kinds = {(2, 2): "MmBackward0", (2, 1): "MvBackward0", (1, 1): "DotBackward0"}
    name = kinds.get((a.array.ndim, b.array.ndim))
    if name is not None:
        return name, ps
    if a.array.ndim == 1:
        return "SqueezeBackward4", (_Chain("MmBackward0", *ps),)
    inner = "BmmBackward0" if b.array.ndim > 2 else "MmBackward0"
    return "UnsafeViewBackward0", (_Chain(inner, *ps),)


def _linear(t: Any, ps: tuple) -> tuple[str, tuple]:
    """torch's ``F.linear``: ``addmm(b, x, Wᵀ)`` (``mm`` without a bias), viewed for non-2-D inputs."""
    x, weight = ps[0], _Chain("TBackward0", ps[1])
    if x.array.ndim == 2:
        return ("AddmmBackward0", (ps[2], x, weight)) if len(ps) == 3 else ("MmBackward0", (x, weight))
    rows = _Chain("ViewBackward0", x)
    if len(ps) == 3:
        return "ViewBackward0", (_Chain("AddmmBackward0", ps[2], rows, weight),)
    return "UnsafeViewBackward0", (_Chain("MmBackward0", rows, weight),)


def index_kind(index: Any) -> str:
    """What torch calls an indexing node: ``SelectBackward0`` (an integer), ``SliceBackward0``,
    ``IndexBackward0`` (index arrays), ``UnsqueezeBackward0`` (None)."""
    parts = index if isinstance(index, tuple) else (index,)
    if any(isinstance(p, (list, np.ndarray)) for p in parts):
        return "IndexBackward0"
    if any(isinstance(p, (int, np.integer)) and not isinstance(p, bool) for p in parts):
        return "SelectBackward0"
    return "UnsqueezeBackward0" if any(p is None for p in parts) else "SliceBackward0"


def _getitem(t: Any, ps: tuple) -> tuple[str, tuple]:
    """Select, Slice, Index or Unsqueeze, by the index the node's rule closed over."""
    fn = t._backward
    names = getattr(getattr(fn, "__code__", None), "co_freevars", ())
    cells = dict(zip(names, (c.cell_contents for c in (getattr(fn, "__closure__", None) or ()))))
    return (index_kind(cells["index"]) if "index" in cells else "SliceBackward0"), ps


def _cross_entropy(t: Any, ps: tuple) -> tuple[str, tuple]:
    logits = ps[0]
    nll = "NllLoss2DBackward0" if logits.array.ndim > 2 else "NllLossBackward0"
    return nll, (_Chain("LogSoftmaxBackward0", logits),)


_NAMES: dict[str, str | Callable[[Any, tuple], tuple[str, tuple]]] = {
    "sum_dim": "SumBackward1", "mean_dim": "MeanBackward1", "max": "MaxBackward1", "min": "MinBackward1",
    "max_dim": "MaxBackward0", "min_dim": "MinBackward0",
    "getitem": _getitem, "pow": _pow, "rsub": _rsub, "matmul": _matmul, "linear": _linear,
    "cross_entropy": _cross_entropy,
    "reshape": "ViewBackward0", "view": "ViewBackward0", "flatten": "ViewBackward0",
    "squeeze": "SqueezeBackward1", "squeeze_all": "SqueezeBackward0",
    "t": "TBackward0", "concatenate": "CatBackward0", "stack": "StackBackward0", "clip": "ClampBackward1",
    "cast": "ToCopyBackward0",
    "contiguous": "CloneBackward0", "log1p": "Log1PBackward0", "narrow": "SliceBackward0",
    "split": "SplitBackward0", "chunk": "SplitBackward0", "mse_loss": "MseLossBackward0",
    "nll_loss": "NllLossBackward0", "unfold": "Im2ColBackward0", "fold": "Col2ImBackward0",
    "unfold_windows": "UnfoldBackward0", "det": "LinalgDetBackward0", "inv": "LinalgInvExBackward0",
    "solve": "LinalgSolveExBackward0", "cholesky": "LinalgCholeskyExBackward0", "svdvals": "LinalgSvdBackward0",
    "binary_cross_entropy_with_logits": "BinaryCrossEntropyWithLogitsBackward0",
    "vector_norm": "LinalgVectorNormBackward0", "norm": "LinalgVectorNormBackward0",
    "smooth_l1_loss": "SmoothL1LossBackward0", "huber_loss": "HuberLossBackward0",
    "logsumexp": "LogsumexpBackward0", "square": "PowBackward0",
    "binary_cross_entropy": "BinaryCrossEntropyBackward0", "dropout": "MulBackward0",
    "conv1d": "ConvolutionBackward0", "conv2d": "ConvolutionBackward0", "conv3d": "ConvolutionBackward0",
    "conv_transpose1d": "ConvolutionBackward0", "conv_transpose2d": "ConvolutionBackward0",
    "conv_transpose3d": "ConvolutionBackward0", "max_pool2d": "MaxPool2DWithIndicesBackward0",
    "avg_pool2d": "AvgPool2DBackward0", "batch_norm": "NativeBatchNormBackward0",
    "batch_norm_training": "NativeBatchNormBackward0", "batch_norm_inference": "NativeBatchNormBackward0",
    "normalize": "NativeLayerNormBackward0", "embedding": "EmbeddingBackward0", "gelu_tanh": "GeluBackward0",
    "fftn": "FftC2CBackward0", "ifftn": "FftC2CBackward0", "fft_r2c": "FftR2CBackward0",
    "fft_c2r": "FftC2RBackward0", "real": "SelectBackward0", "imag": "SelectBackward0",
}
