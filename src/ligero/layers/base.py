"""Layer: the Keras-style base class, and the symbolic tensors of the functional API.

A layer creates its weights lazily in ``build(input_shape)`` the first time it
sees an input, so only the first layer of a network needs to be told its input
size. Shapes here exclude the batch dimension: ``Dense(100)`` on inputs of shape
``(N, 3072)`` is built with ``input_shape == (3072,)``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import numpy as np

from ligero import initializers
from ligero.errors import ConfigError, ShapeError
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
from ligero.random import get_rng
from ligero.tensor import Tensor, as_tensor, no_grad

Shape = tuple[int, ...]

_name_counts: dict[str, int] = defaultdict(int)


def _unique_name(cls_name: str) -> str:
    base = re.sub(r"(?<!^)(?=[A-Z][a-z])", "_", cls_name).lower().replace("2_d", "2d")
    count = _name_counts[base]
    _name_counts[base] += 1
    return base if count == 0 else f"{base}_{count}"


class Layer(Module):
    """Base class of the Keras-style layers.

    Subclasses implement ``build(input_shape)`` (create weights with
    :meth:`add_weight`) and ``call(x)`` (the forward computation on Tensors),
    and list their constructor arguments in ``get_config()`` so that a saved
    model can be rebuilt.
    """

    _keras_face = True  # state_dict() gives ndarray copies; a parameter attribute may be rebound

    def __init__(
        self,
        name: str | None = None,
        input_shape: Any = None,
        input_dim: int | None = None,
        dtype: Any = "float32",
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.name = name or _unique_name(type(self).__name__)
        if input_dim is not None:
            input_shape = (input_dim,)
        self.declared_input_shape: Shape | None = (
            _check_shape(input_shape, f"{type(self).__name__}: input_shape") if input_shape else None
        )
        self.dtype = np.dtype(dtype)
        self.seed = seed
        self.built = False
        self.input_shape: Any = None
        self.output_shape: Any = None

    # ------------------------------------------------------------ weights
    def add_weight(
        self,
        shape: Shape,
        initializer: Any = "glorot_uniform",
        regularizer: Any = None,
        trainable: bool = True,
        rng: np.random.Generator | None = None,
    ) -> Parameter:
        """A new Parameter of ``shape`` drawn from ``initializer`` (seeded by the layer's seed)."""
        init = initializers.get(initializer)
        param = Parameter(init(tuple(shape), rng or get_rng(self.seed), self.dtype), trainable=trainable)
        param.regularizer = regularizer
        return param

    def build(self, input_shape: Any) -> None:
        """Create the weights for inputs of ``input_shape`` (batch dimension excluded)."""

    def call(self, x: Any) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} must define call()")

    # ------------------------------------------------------------ calling
    def __call__(self, x: Any) -> Any:
        if type(x) is not Tensor and _is_symbolic(x):
            return SymbolicTensor.from_layer_call(self, x)
        return self.forward(x)

    def forward(self, x: Any) -> Tensor:
        """Check (or, the first time, build for) the input shape, then ``call``."""
        if type(x) is Tensor and self.built:  # the common case, checked first
            if x.array.shape[1:] != self.input_shape:
                self._raise_shape(x.array.shape[1:])
            return self.call(x)
        if isinstance(x, (list, tuple)):
            x = [as_tensor(t) for t in x]
            shape: Any = [t.shape[1:] for t in x]
        else:
            x = as_tensor(x)
            shape = x.shape[1:]
        if not self.built:
            self.build_for(shape)
        elif shape != self.input_shape:
            self._raise_shape(shape)
        return self.call(x)

    def build_for(self, input_shape: Any) -> None:
        """Build for ``input_shape`` and record it; find the output shape with a dummy batch."""
        if self.declared_input_shape is not None and not isinstance(input_shape, list):
            if tuple(input_shape) != self.declared_input_shape:
                self._raise_shape(input_shape, self.declared_input_shape)
        self.input_shape = input_shape if isinstance(input_shape, list) else tuple(input_shape)
        self.build(self.input_shape)
        self.built = True
        self.output_shape = self.compute_output_shape(self.input_shape)

    def compute_output_shape(self, input_shape: Any) -> Shape:
        """Output shape (batch excluded), by running a batch of one through the layer."""
        if isinstance(input_shape, list):
            dummy: Any = [np.zeros((1, *s), dtype=self.dtype) for s in input_shape]
        else:
            dummy = np.zeros((1, *input_shape), dtype=self.dtype)
        was_training = self.training
        self.eval()
        try:
            with no_grad():
                tensors = [as_tensor(d) for d in dummy] if isinstance(dummy, list) else as_tensor(dummy)
                out = self.call(tensors)
        finally:
            self.train(was_training)
        return tuple(out.shape[1:])

    def _raise_shape(self, got: Any, expected: Any = None) -> None:
        expected = self.input_shape if expected is None else expected
        raise ShapeError(
            f"layer '{self.name}' ({type(self).__name__}) expects inputs of shape "
            f"{_fmt(expected)} but received {_fmt(got)}"
        )

    def _require_images(self, input_shape: tuple[int, ...]) -> None:
        """ShapeError naming this layer unless ``input_shape`` is (channels, height, width)."""
        if len(input_shape) != 3:
            raise ShapeError(
                f"layer '{self.name}' ({type(self).__name__}) expects images of shape "
                f"(None, channels, height, width) but received {(None, *input_shape)}"
            )

    # ------------------------------------------------------------- config
    def get_config(self) -> dict[str, Any]:
        """Constructor arguments that rebuild this layer (subclasses extend it)."""
        config: dict[str, Any] = {"name": self.name, "dtype": self.dtype.name}
        if self.declared_input_shape is not None:
            config["input_shape"] = list(self.declared_input_shape)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Layer:
        return cls(**config)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


def _check_shape(shape: Any, what: str) -> Shape:
    """``shape`` (an int or a sequence of ints, batch excluded) as a tuple of positive ints."""
    dims = (shape,) if isinstance(shape, (int, np.integer)) else shape
    try:
        dims = tuple(dims)
    except TypeError:
        dims = None
    if dims is None or not all(
        isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d > 0 for d in dims
    ):
        raise ConfigError(f"{what} must be a positive integer or a tuple of them (batch excluded), got {shape!r}")
    return tuple(int(d) for d in dims)


def _fmt(shape: Any) -> str:
    if isinstance(shape, list):
        return "[" + ", ".join(_fmt(s) for s in shape) + "]"
    return str((None, *shape))


def _is_symbolic(x: Any) -> bool:
    if isinstance(x, SymbolicTensor):
        return True
    return isinstance(x, (list, tuple)) and bool(x) and all(isinstance(t, SymbolicTensor) for t in x)


class SymbolicTensor:
    """A placeholder in a functional model: the output of ``layer`` applied to ``inputs``.

    It carries no values, only the shape (``None`` for the batch) and where it came from;
    ``multi_input`` tells whether ``layer`` was called on a list of tensors (even a list of
    one) rather than on one tensor, so that running the graph calls it the same way.
    """

    def __init__(
        self, shape: Shape, layer: Layer | None, inputs: list[SymbolicTensor], multi_input: bool = False
    ) -> None:
        self.shape = (None, *shape)
        self.layer = layer
        self.inputs = inputs
        self.multi_input = multi_input

    @classmethod
    def from_layer_call(cls, layer: Layer, x: Any) -> SymbolicTensor:
        inputs = list(x) if isinstance(x, (list, tuple)) else [x]
        shapes = [tuple(t.shape[1:]) for t in inputs]
        input_shape: Any = shapes if isinstance(x, (list, tuple)) else shapes[0]
        if not layer.built:
            layer.build_for(input_shape)
        elif input_shape != layer.input_shape:
            layer._raise_shape(input_shape)
        return cls(layer.output_shape, layer, inputs, multi_input=isinstance(x, (list, tuple)))

    def __repr__(self) -> str:
        source = self.layer.name if self.layer else "input"
        return f"SymbolicTensor(shape={self.shape}, from={source!r})"


class InputLayer(Layer):
    """Marks where data enters a functional model; passes it through unchanged."""

    def __init__(self, shape: Any, name: str | None = None, dtype: Any = "float32") -> None:
        super().__init__(name=name, input_shape=shape, dtype=dtype)
        self.build_for(self.declared_input_shape)

    def call(self, x: Tensor) -> Tensor:
        return x

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "shape": list(self.declared_input_shape or ()), "dtype": self.dtype.name}


def Input(shape: Any, name: str | None = None, dtype: Any = "float32") -> SymbolicTensor:  # noqa: N802
    """The entry point of a functional model: ``x = Input(784)`` or ``Input((3, 32, 32))``."""
    shape = _check_shape(shape, "Input: shape")
    layer = InputLayer(shape, name=name, dtype=dtype)
    return SymbolicTensor(tuple(shape), layer, [], multi_input=False)


def clear_session() -> None:
    """Forget the automatic layer names given so far (the next Dense is ``dense`` again), as Keras's."""
    _name_counts.clear()
