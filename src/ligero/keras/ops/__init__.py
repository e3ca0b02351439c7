"""``keras.ops``: the differentiable ops that custom losses, metrics and layers are written with, under
Keras 3's names, argument names and defaults, each a thin adapter over ligero's one implementation
(``ligero.ops``, ``ligero.nn.functional``, ``ligero.torch_functions``).

:mod:`.core` (conversion, ``stop_gradient``, control flow), :mod:`.creation`, :mod:`.numpy` (elementwise),
:mod:`.reduce`, :mod:`.shapes` (shape, indexing, products, sorting), :mod:`.indexing` (diagonals,
splitting, scatter and segment updates, searching), :mod:`.linalg`,
:mod:`.convolution` (convolution, pooling, attention) :mod:`.nn` (activations, losses,
``moments``, ``normalize``, ``one_hot``), :mod:`.numeric` (integer, bitwise, NaN-aware and more) and
:mod:`.image` (``keras.ops.image.resize``).
"""

from ligero.keras.ops import convolution, core, creation, image, indexing, linalg, nn, numeric, numpy, reduce, shapes
from ligero.keras.ops.convolution import *  # noqa: F403
from ligero.keras.ops.core import *  # noqa: F403
from ligero.keras.ops.creation import *  # noqa: F403
from ligero.keras.ops.indexing import *  # noqa: F403
from ligero.keras.ops.linalg import *  # noqa: F403
from ligero.keras.ops.nn import *  # noqa: F403
from ligero.keras.ops.numeric import *  # noqa: F403
from ligero.keras.ops.numpy import *  # noqa: F403
from ligero.keras.ops.reduce import *  # noqa: F403
from ligero.keras.ops.shapes import *  # noqa: F403

__all__ = sorted({*convolution.__all__, *core.__all__, *creation.__all__, *indexing.__all__, *linalg.__all__,
                  *nn.__all__, *numeric.__all__, *numpy.__all__, *reduce.__all__,
                  *shapes.__all__})
