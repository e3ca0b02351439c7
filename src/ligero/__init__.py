"""ligero: a small, fast deep-learning framework written from scratch on NumPy."""

from ligero import (  # torch.cuda / torch.backends are those of a CPU-only torch
    activations,
    autograd,
    backends,
    callbacks,
    cuda,
    datasets,
    distributions,
    fft,
    initializers,
    layers,
    linalg,
    losses,
    metrics,
    nn,
    optim,
    optimizers,
    regularizers,
    special,
    threads,
    utils,
)
from ligero.allocator import keep_freed_memory as _keep_freed_memory
from ligero.autograd.anomaly import is_anomaly_enabled, set_detect_anomaly  # noqa: F401 - torch's names
from ligero.blas import deferred_weight_gradients, evaluated_weight_gradients
from ligero.creation import (
    arange,
    as_tensor,
    bernoulli,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    initial_seed,
    linspace,
    logspace,
    manual_seed,
    multinomial,
    normal,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    randperm,
    seed,
    tensor,
    zeros,
    zeros_like,
)
from ligero.dtypes import (
    bool,
    cdouble,
    cfloat,
    complex64,
    complex128,
    double,
    dtype,
    finfo,
    float,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    iinfo,
    int,
    int8,
    int16,
    int32,
    int64,
    long,
    set_default_dtype,
    short,
    uint8,
)
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
from ligero.ops import cross_entropy, elu, leaky_relu, linear, squared_error
from ligero.random import set_seed
from ligero.serialization import load, save
from ligero.tensor import (
    Size,
    Tensor,
    device,
    enable_grad,
    inference_mode,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)
from ligero.tensor_str import set_printoptions
from ligero.threads import get_num_threads, set_num_threads
from ligero.torch_functions import (
    FUNCTIONS as _FUNCTIONS,
)
from ligero.torch_functions import (
    cat,
    concat,
    concatenate,
    einsum,
    hstack,
    is_tensor,
    stack,
    vstack,
    where,
)
from ligero.torch_settings import (
    are_deterministic_algorithms_enabled,
    compile,
    get_float32_matmul_precision,
    set_float32_matmul_precision,
    use_deterministic_algorithms,
)
from ligero.utils.data import Generator, default_generator

_keep_freed_memory()  # batch-sized arrays reused, not page-faulted in again (see ligero.allocator)
globals().update(_FUNCTIONS)  # sum, max, transpose, exp, ...: torch's functions (see torch_functions)
from ligero.legacy_types import (  # noqa: E402 - torch's legacy tensor types
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
    set_default_tensor_type,
)

__version__ = "0.1.0"
