"""Keras-style layers. Each is also a :class:`ligero.nn.Module`.

``layers.get_class(name)`` finds a layer class by its class name (used when a
saved model is rebuilt): every layer class exported here is found.
"""

from typing import Any

from ligero.errors import unknown_name
from ligero.layers import (
    activation_layers,
    attention_layers,
    augmentation,
    bidirectional,
    conv,
    embedding,
    layer_normalization,
    merging,
    multi_head_attention,
    normalization,
    pooling,
    preprocessing,
    recurrent,
    regularization,
    reshaping,
    text_vectorization,
    time_distributed,
)
from ligero.layers.activation_layers import *  # noqa: F403
from ligero.layers.attention_layers import *  # noqa: F403
from ligero.layers.augmentation import *  # noqa: F403
from ligero.layers.base import Input, InputLayer, Layer, SymbolicTensor, clear_session
from ligero.layers.bidirectional import *  # noqa: F403
from ligero.layers.conv import *  # noqa: F403
from ligero.layers.core import (
    Activation,
    Concatenate,
    Dense,
    Dropout,
    Flatten,
    Identity,
    KernelLayer,
    Lambda,
    Masking,
    Reshape,
)
from ligero.layers.embedding import *  # noqa: F403
from ligero.layers.layer_normalization import *  # noqa: F403
from ligero.layers.merging import *  # noqa: F403
from ligero.layers.multi_head_attention import *  # noqa: F403
from ligero.layers.normalization import *  # noqa: F403
from ligero.layers.pooling import *  # noqa: F403
from ligero.layers.preprocessing import *  # noqa: F403
from ligero.layers.recurrent import *  # noqa: F403
from ligero.layers.regularization import *  # noqa: F403
from ligero.layers.reshaping import *  # noqa: F403
from ligero.layers.text_vectorization import *  # noqa: F403
from ligero.layers.time_distributed import *  # noqa: F403

__all__ = ["Activation", "Concatenate", "Dense", "Dropout", "Flatten", "Identity", "Input", "InputLayer",
           "KernelLayer", "Lambda", "Layer", "Masking", "Reshape", "SymbolicTensor"]
for _module in (augmentation, conv, embedding, merging, normalization, pooling, preprocessing, regularization,
                reshaping):
    __all__ += [name for name in _module.__all__ if name != "pair"]
__all__ += recurrent.__all__ + bidirectional.__all__ + layer_normalization.__all__
__all__ += activation_layers.__all__ + time_distributed.__all__ + multi_head_attention.__all__
__all__ += attention_layers.__all__ + text_vectorization.__all__


def _layer_class_names() -> list[str]:
    return [n for n in __all__ if isinstance(globals().get(n), type) and issubclass(globals()[n], Layer)]


def get_class(name: str) -> Any:
    """The layer class called ``name`` (for rebuilding saved models)."""
    found = globals().get(name)
    if isinstance(found, type) and issubclass(found, Layer):
        return found
    raise unknown_name("layer class", name, _layer_class_names())
