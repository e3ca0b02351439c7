"""Differentiable operations, each a forward computation plus its backward rule.

Grouped by kind: :mod:`arithmetic` (broadcasting binary ops, matmul),
:mod:`reduce` (sum/mean/max/min), :mod:`unary` (elementwise maths and
activations), :mod:`shape` (reshape, transpose, indexing, concatenate) and
:mod:`fused` (linear, cross-entropy, squared error). :mod:`conv` holds the
convolution and pooling ops, :mod:`norm` batch normalization and dropout,
:mod:`penalty` the L1/L2 weight penalty and :mod:`augment` the image flips and
crops of data augmentation.
"""

from ligero.ops.arithmetic import (
    add,
    clip,
    div,
    matmul,
    maximum,
    minimum,
    mul,
    neg,
    pow,
    sub,
    where,
)
from ligero.ops.augment import crop_windows, flip_images
from ligero.ops.conv import avg_pool2d, conv2d, global_avg_pool2d, max_pool2d
from ligero.ops.fused import cross_entropy, linear, squared_error
from ligero.ops.norm import batch_norm, batch_norm_inference, batch_norm_training, dropout
from ligero.ops.penalty import penalty
from ligero.ops.reduce import max, mean, min, sum
from ligero.ops.shape import concatenate, getitem, reshape, stack, transpose
from ligero.ops.unary import (
    abs,
    elu,
    exp,
    leaky_relu,
    log,
    log_softmax,
    relu,
    sigmoid,
    softmax,
    sqrt,
    tanh,
)

__all__ = [
    "abs", "add", "avg_pool2d", "batch_norm", "batch_norm_inference", "batch_norm_training", "clip",
    "concatenate", "conv2d", "crop_windows", "cross_entropy", "div", "dropout", "elu", "exp", "flip_images",
    "getitem", "global_avg_pool2d", "leaky_relu", "linear", "log", "log_softmax", "matmul", "max", "max_pool2d",
    "maximum", "mean", "min", "minimum", "mul", "neg", "penalty", "pow", "relu", "reshape", "sigmoid",
    "softmax", "sqrt", "squared_error", "stack", "sub", "sum", "tanh", "transpose", "where",
]
