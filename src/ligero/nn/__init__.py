"""``ligero.nn`` as ``torch.nn``: Module, Parameter, layers, losses, ``functional``, ``init``, ``utils``.

The Keras-style layers of :mod:`ligero.layers` are Modules too.
"""

from ligero.nn import functional, init, utils
from ligero.nn import padding as _padding
from ligero.nn.activation import (
    ELU,
    GELU,
    SELU,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    LeakyReLU,
    LogSigmoid,
    LogSoftmax,
    Mish,
    PReLU,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    Softplus,
    Softsign,
    Tanh,
    Threshold,
)
from ligero.nn.attention import MultiheadAttention
from ligero.nn.container import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from ligero.nn.conv import (
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AdaptiveMaxPool1d,
    AdaptiveMaxPool2d,
    AvgPool1d,
    AvgPool2d,
    Conv1d,
    Conv2d,
    ConvTranspose2d,
    MaxPool1d,
    MaxPool2d,
    MaxUnpool2d,
)
from ligero.nn.dropout import Dropout, Dropout2d
from ligero.nn.linear import Bilinear, Flatten, Fold, Identity, LazyLinear, Linear, Unflatten, Unfold
from ligero.nn.loss import (
    BCELoss,
    BCEWithLogitsLoss,
    CosineEmbeddingLoss,
    CrossEntropyLoss,
    GaussianNLLLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    MultiLabelSoftMarginLoss,
    MultiMarginLoss,
    NLLLoss,
    PoissonNLLLoss,
    SmoothL1Loss,
    TripletMarginLoss,
)
from ligero.nn.module import Module, check_built, unbuilt_layers
from ligero.nn.normalization import (
    BatchNorm1d,
    BatchNorm2d,
    GroupNorm,
    InstanceNorm1d,
    InstanceNorm2d,
    InstanceNorm3d,
    LayerNorm,
)
from ligero.nn.padding import *  # noqa: F403 - the padding and distance modules
from ligero.nn.parameter import Parameter
from ligero.nn.resample import (
    PixelShuffle,
    PixelUnshuffle,
    Upsample,
    UpsamplingBilinear2d,
    UpsamplingNearest2d,
)
from ligero.nn.rnn import GRU, LSTM, RNN
from ligero.nn.rnn_cells import GRUCell, LSTMCell, RNNCell, RNNCellBase
from ligero.nn.sparse import Embedding
from ligero.nn.transformer import (
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)

__all__ = [
    "ELU", "GELU", "GRU", "LSTM", "RNN", "SELU", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d", "AvgPool1d", "AvgPool2d",
    "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d", "Bilinear", "BatchNorm2d", "Conv1d", "Conv2d", "ConvTranspose2d",
    "CosineEmbeddingLoss", "CrossEntropyLoss", "Dropout", "Dropout2d", "Embedding", "Flatten", "GroupNorm",
    "Hardsigmoid", "Hardswish", "Hardtanh", "HuberLoss", "Identity", "KLDivLoss", "L1Loss", "LayerNorm",
    "LeakyReLU", "Linear", "LogSigmoid", "LogSoftmax", "MSELoss", "MaxPool1d", "MaxPool2d", "MaxUnpool2d",
    "Mish", "Module",
    "ModuleDict", "ModuleList", "MultiMarginLoss", "MultiheadAttention", "NLLLoss", "PReLU", "Parameter",
    "ParameterDict", "ParameterList", "PixelShuffle", "PixelUnshuffle", "ReLU", "ReLU6",
    "Sequential", "SiLU", "Sigmoid", "SmoothL1Loss", "Softmax", "Softplus",
    "Softsign", "Tanh", "Threshold", "Unflatten", "Unfold", "Fold", "Upsample", "UpsamplingBilinear2d",
    "UpsamplingNearest2d", "check_built", "functional", "init", "unbuilt_layers", "utils",
    "Transformer", "TransformerDecoder", "TransformerDecoderLayer", "TransformerEncoder", "TransformerEncoderLayer",
]
__all__ += _padding.__all__
__all__ += ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyLinear"]
__all__ += ["GRUCell", "LSTMCell", "RNNCell", "RNNCellBase"]
__all__ += ["GaussianNLLLoss", "MultiLabelSoftMarginLoss", "PoissonNLLLoss", "TripletMarginLoss"]
