"""Differentiable operations, each a forward computation plus its backward rule.

Grouped by kind: :mod:`arithmetic` (broadcasting binary ops, matmul),
:mod:`reduce` (sum/mean/max/min), :mod:`unary` (elementwise maths and
activations), :mod:`shape` (reshape, transpose, indexing, concatenate) and
:mod:`fused` (linear, cross-entropy, squared error). :mod:`conv` holds the
convolution and pooling ops, :mod:`norm` batch normalization and dropout,
:mod:`penalty` the L1/L2 weight penalty and :mod:`augment` the image flips and
crops of data augmentation.
"""

from ligero.ops._common import cast
from ligero.ops.arithmetic import (
    add,
    clip,
    div,
    floor_divide,
    fmod,
    matmul,
    maximum,
    minimum,
    mul,
    neg,
    pow,
    remainder,
    sub,
    where,
)
from ligero.ops.augment import crop_windows, flip_images
from ligero.ops.conv import avg_pool2d, conv2d, global_avg_pool2d, max_pool2d
from ligero.ops.fused import cross_entropy, linear, squared_error
from ligero.ops.index import (
    gather,
    index_put,
    index_select,
    masked_fill,
    masked_select,
    nonzero,
    scatter,
    scatter_add,
    sort,
    topk,
    unique,
)
from ligero.ops.linalg import bmm, diag, dot, einsum, mm, outer, trace, tril, triu
from ligero.ops.norm import batch_norm, batch_norm_inference, batch_norm_training, dropout
from ligero.ops.penalty import penalty
from ligero.ops.reduce import cumprod, cumsum, max, mean, min, prod, sum
from ligero.ops.shape import (
    chunk,
    clone,
    concatenate,
    expand,
    flatten,
    flip,
    getitem,
    narrow,
    permute,
    repeat,
    reshape,
    roll,
    split,
    squeeze,
    stack,
    swapdims,
    transpose,
    unbind,
    unsqueeze,
)
from ligero.ops.special import erfc, exp2
from ligero.ops.unary import (
    abs,
    arccos,
    arccosh,
    arcsin,
    arcsinh,
    arctan,
    arctan2,
    arctanh,
    ceil,
    cos,
    cosh,
    elu,
    erf,
    exp,
    expm1,
    floor,
    frac,
    leaky_relu,
    log,
    log1p,
    log2,
    log10,
    log_softmax,
    reciprocal,
    relu,
    round,
    rsqrt,
    sigmoid,
    sign,
    sin,
    sinh,
    softmax,
    sqrt,
    square,
    tan,
    tanh,
    trunc,
)

__all__ = [
    "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2", "arctanh", "cosh", "erfc", "exp2", "log10",
    "log2", "sinh",
    "bmm", "cast", "ceil", "chunk", "clone", "cos", "cumprod", "cumsum", "diag", "dot", "einsum", "erf",
    "expand", "expm1", "flatten", "flip", "floor", "floor_divide", "fmod", "frac", "gather", "index_put",
    "index_select", "log1p", "masked_fill", "masked_select", "mm", "narrow", "nonzero", "outer", "permute",
    "prod", "reciprocal", "remainder", "repeat", "roll", "round", "rsqrt", "scatter", "scatter_add", "sign",
    "sin", "sort", "split", "square", "squeeze", "swapdims", "tan", "topk", "trace", "tril", "triu", "trunc",
    "unbind", "unique", "unsqueeze",
    "abs", "add", "avg_pool2d", "batch_norm", "batch_norm_inference", "batch_norm_training", "clip",
    "concatenate", "conv2d", "crop_windows", "cross_entropy", "div", "dropout", "elu", "exp", "flip_images",
    "getitem", "global_avg_pool2d", "leaky_relu", "linear", "log", "log_softmax", "matmul", "max", "max_pool2d",
    "maximum", "mean", "min", "minimum", "mul", "neg", "penalty", "pow", "relu", "reshape", "sigmoid",
    "softmax", "sqrt", "squared_error", "stack", "sub", "sum", "tanh", "transpose", "where",
]

from ligero import tensor_methods as _tensor_methods  # noqa: E402,F401  (Tensor's torch methods, once ops exist)
