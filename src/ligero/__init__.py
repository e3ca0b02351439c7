"""ligero: a small, fast deep-learning framework written from scratch on NumPy."""

from ligero import (
    activations,
    callbacks,
    datasets,
    initializers,
    layers,
    losses,
    metrics,
    nn,
    optim,
    optimizers,
    regularizers,
    threads,
    utils,
)
from ligero.blas import deferred_weight_gradients
from ligero.errors import (
    ConfigError,
    DataError,
    DataFileError,
    GradientError,
    LigeroError,
    ShapeError,
    TrainingError,
    UnsafeFileError,
)
from ligero.gradcheck import gradcheck
from ligero.layers import Input
from ligero.models import Model, Sequential, load_model
from ligero.ops import (
    abs,
    add,
    clip,
    concatenate,
    cross_entropy,
    div,
    elu,
    exp,
    leaky_relu,
    linear,
    log,
    log_softmax,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mul,
    neg,
    pow,
    relu,
    reshape,
    sigmoid,
    softmax,
    sqrt,
    squared_error,
    stack,
    sub,
    sum,
    tanh,
    transpose,
    where,
)
from ligero.random import set_seed
from ligero.serialization import load, save
from ligero.tensor import (
    Tensor,
    as_tensor,
    enable_grad,
    is_grad_enabled,
    no_grad,
    tensor,
)
from ligero.threads import get_num_threads, set_num_threads

__version__ = "0.1.0"
