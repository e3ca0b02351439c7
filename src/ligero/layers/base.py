"""Layer: the Keras-style base class, and the symbolic tensors of the functional API.

A layer creates its weights lazily in ``build(input_shape)`` the first time it
sees an input, so only the first layer of a network needs to be told its input
size.

The build convention: ligero's own layers (classes defined in the ``ligero``
package) get shapes *without* the batch dimension in ``build`` and
``compute_output_shape``: ``Dense(100)`` on inputs of shape ``(N, 3072)`` is built
with ``input_shape == (3072,)``, and ``layer.input_shape`` is stored that way. A
``build`` or ``compute_output_shape`` defined outside ligero (a user's layer, as in
Keras) gets Keras's form instead, the batch as ``None`` first: ``(None, 3072)``
(and returns its output shape in that form too).

Keras semantics kept here: ``layer(x, training=...)`` (a ``call`` with a ``training``
parameter receives it; a layer called without it runs in inference mode, as Keras's),
``trainable`` (frozen weights are left alone by ``fit``), ``weights`` /
``trainable_weights`` / ``non_trainable_weights`` in Keras's order (each a
:class:`Variable` with ``name``, ``path``, ``shape``, ``numpy()``, ``assign()``),
``get_weights``/``set_weights``, ``count_params`` and ``add_weight`` with Keras's
argument names.
"""

from __future__ import annotations

import inspect
import re
import warnings
import weakref
from collections import defaultdict
from typing import Any

import numpy as np

from ligero import constraints, initializers, regularizers
from ligero.errors import ConfigError, ShapeError
from ligero.layers.shapes import compatible, has_unknown, is_dim, merge_probed, probe_shapes
from ligero.masks import get_mask, masks_in_use, set_mask
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


class KerasWeights:
    """Keras's view of a layer's or a model's weights, shared by :class:`Layer` and ``Model``:
    ``trainable``, ``weights`` (trainable ones as created, then non-trainable, then the
    sub-layers'), their split, ``get_weights``/``set_weights`` and ``count_params``."""

    #: what error messages call the owner ("layer 'dense'", "model 'clf'")
    weights_owner = "layer"

    @property
    def trainable(self) -> bool:
        """Whether ``fit`` updates the weights; setting it sets every sub-layer's too (as Keras)."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        set_trainable(self, bool(value))

    @property
    def weights(self) -> list[Variable]:
        return layer_weights(self)

    @property
    def trainable_weights(self) -> list[Variable]:
        return [w for w in self.weights if w.trainable]

    @property
    def non_trainable_weights(self) -> list[Variable]:
        return [w for w in self.weights if not w.trainable]

    @property
    def variables(self) -> list[Variable]:
        return self.weights

    @property
    def trainable_variables(self) -> list[Variable]:
        """Keras 3's other name of :attr:`trainable_weights` (what a custom training loop differentiates)."""
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list[Variable]:
        """Keras 3's other name of :attr:`non_trainable_weights`."""
        return self.non_trainable_weights

    def get_weights(self) -> list[np.ndarray]:
        """Copies of :attr:`weights` as NumPy arrays (Keras's order)."""
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights: list[Any]) -> None:
        """Set :attr:`weights` from a list of arrays in the same order (shapes must match)."""
        assign_weights(self.weights, weights, f"{self.weights_owner} '{self.name}'")

    @property
    def losses(self) -> list[Any]:
        """Keras's ``losses``: the weight regularization penalties ``R(w)``, one scalar Tensor per
        regularized weight, in :attr:`weights` order (what ``fit`` adds to the loss), then the
        losses that calls gave with :meth:`add_loss` (see :func:`added_losses`)."""
        params = [w.param for w in self.weights if w.param is not None]
        penalties = [p.regularizer(p) for p in params if getattr(p, "regularizer", None) is not None]
        return penalties + added_losses(self)

    def add_loss(self, loss: Any) -> None:
        """Keras's ``add_loss``: a scalar term (a Tensor, gradients kept) added to the training loss
        ``L = compiled loss + Σ added`` of the current model call; the outermost model call forgets
        the terms of the call before."""
        value = loss if isinstance(loss, Tensor) else as_tensor(np.asarray(loss, dtype="float32"))
        self.__dict__.setdefault("_added_losses", []).append(value)
        _LOSS_HOLDERS.add(self)

    @property
    def output(self) -> Any:
        """The symbolic tensor this layer gave when last called on a symbolic one (``keras.Input``, a
        model's layers): what ``keras.Model(model.inputs, model.get_layer("x").output)`` takes."""
        found = self.__dict__.get("_symbolic_output")
        if found is None:
            raise AttributeError(f"layer '{self.name}' ({type(self).__name__}) has no output yet: call it on "
                                 "keras.Input(...) or put it in a model built for an input shape first")
        return found

    @property
    def input(self) -> Any:
        """The symbolic tensor(s) this layer was last called on (see :attr:`output`)."""
        found = self.__dict__.get("_symbolic_output")
        if found is None:
            raise AttributeError(f"layer '{self.name}' ({type(self).__name__}) has not been called on a symbolic "
                                 "input yet")
        return found.inputs if found.multi_input else (found.inputs[0] if found.inputs else found)

    def count_params(self) -> int:
        """The number of values in :attr:`weights`."""
        return int(sum(int(np.prod(w.shape)) for w in self.weights))


class Layer(KerasWeights, Module):
    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A ``build`` called directly (``layer.build((None, 4))``, as in Keras) also marks the layer built."""
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _direct_build(cls.__dict__["build"])
        cls._computes_mask = cls.compute_mask is not Layer.compute_mask
        cls._call_parameters = None  # the names ``call`` takes, found on first use

    """Base class of the Keras-style layers.

    Subclasses implement ``build(input_shape)`` (create weights with
    :meth:`add_weight`) and ``call(x)`` (the forward computation on Tensors),
    and list their constructor arguments in ``get_config()`` so that a saved
    model can be rebuilt.
    """

    _keras_face = True  # state_dict() gives ndarray copies; a parameter attribute may be rebound
    activity_regularizer: Any = None  # Keras's: R(output) / batch size added to the loss of each call
    supports_masking = False  # Keras's: whether the layer passes a mask on (see compute_mask)
    _computes_mask = False
    _call_parameters: frozenset | None = None

    def __init__(
        self,
        name: str | None = None,
        input_shape: Any = None,
        input_dim: int | None = None,
        dtype: Any = "float32",
        seed: int | None = None,
        trainable: bool = True,
        activity_regularizer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self.training = False  # as Keras's: inference unless fit (or training=True) says otherwise
        self.name = name or _unique_name(type(self).__name__)
        if input_dim is not None:
            input_shape = (input_dim,)
        if input_shape is None and kwargs.get("batch_input_shape") is not None:
            input_shape = tuple(kwargs.pop("batch_input_shape"))[1:]
        kwargs.pop("autocast", None)
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unexpected arguments {sorted(kwargs)}")
        self.declared_input_shape: Shape | None = (
            _check_shape(input_shape, f"{type(self).__name__}: input_shape") if input_shape else None
        )
        self.dtype = np.dtype(dtype or "float32")
        self.seed = seed
        self.built = False
        self.input_shape: Any = None
        self.output_shape: Any = None
        self._trainable = bool(trainable)
        self._own_weights: list[tuple[str, Parameter, bool]] = []
        if activity_regularizer is not None:
            self.activity_regularizer = regularizers.get(activity_regularizer)

    # ------------------------------------------------------------ weights
    def add_weight(
        self,
        shape: Any = None,
        initializer: Any = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        regularizer: Any = None,
        constraint: Any = None,
        aggregation: str = "none",
        name: str | None = None,
        *,
        rng: np.random.Generator | None = None,
    ) -> Parameter:
        """A new weight of ``shape`` drawn from ``initializer`` (default glorot_uniform; seeded by the
        layer's seed), with Keras's arguments. ligero's older positional form
        ``add_weight(shape, initializer, regularizer)`` still works (a regularizer in the third place)."""
        if dtype is not None and not _is_dtype(dtype):
            regularizer, dtype = dtype, None  # the older positional form
        init = initializers.get("glorot_uniform" if initializer is None else initializer)
        shape = () if shape is None else tuple(shape)
        if None in shape:  # a weight sized by an input dimension that is unknown (Input(shape=(None,)))
            seen = f" (inputs of shape {_fmt(self.input_shape)})" if self.input_shape is not None else ""
            raise ShapeError(f"layer '{self.name}' ({type(self).__name__}): its weight '{name or 'variable'}' of "
                             f"shape {shape} needs input dimensions that are defined, not None{seen}; give the "
                             "size in keras.Input(shape=...) (a Dense needs the last one)")
        from ligero.keras.variables import Variable as KerasVariable  # a Parameter with assign/assign_add

        self.__dict__.setdefault("_path_scope", "".join(f"{n}/" for n in _NAME_SCOPE))  # Keras's variable paths
        value = init(shape, rng or get_rng(self.seed), np.dtype(dtype) if dtype else self.dtype)
        param = KerasVariable(value, dtype=np.asarray(value).dtype, trainable=bool(trainable) and self._trainable)
        param.regularizer = regularizer
        param.constraint = constraints.get(constraint)  # applied after each optimizer update
        count = len(self._own_weights)
        self._own_weights.append((name or ("variable" if count == 0 else f"variable_{count}"), param,
                                  bool(trainable)))
        return param


    def build(self, input_shape: Any) -> None:
        """Create the weights for inputs of ``input_shape`` (batch dimension excluded)."""

    def call(self, x: Any) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} must define call()")

    # ------------------------------------------------------------ calling
    def __call__(self, x: Any, *args: Any, training: Any = None, **kwargs: Any) -> Any:
        if type(x) is not Tensor and _is_symbolic(x):
            if args and all(isinstance(a, SymbolicTensor) for a in args):  # call(targets, logits)
                self.__dict__["positional_inputs"] = True
                out = SymbolicTensor.from_layer_call(self, [x, *args], training)
                out.positional = True
                return out
            return SymbolicTensor.from_layer_call(self, x, training)
        if self.activity_regularizer is not None:
            out = self._eager_call(x, args, training, kwargs)
            self._add_activity_loss(out)
            return out
        return self._eager_call(x, args, training, kwargs)

    def _eager_call(self, x: Any, args: tuple, training: Any, kwargs: dict[str, Any]) -> Any:
        if self.__dict__.get("positional_inputs") and self.built and args:
            return self._call(as_tensor(x), *[as_tensor(a) for a in args], **kwargs)
        if masks_in_use() or self._computes_mask:
            return self._masked_call(x, args, training, kwargs)
        if training is None:  # the common case inside a model: nothing to switch
            return self.forward(x, *args, **kwargs)
        with training_context(self, training):
            return self.forward(x, *args, **kwargs)

    def _add_activity_loss(self, out: Any) -> None:
        """Keras's activity regularization: ``add_loss(R(y) / batch size)`` for each output ``y``."""
        for y in out if isinstance(out, (list, tuple)) else [out]:
            if isinstance(y, Tensor):
                loss = self.activity_regularizer(y)
                self.add_loss(loss / y.shape[0] if y.ndim and y.shape[0] else loss)

    def _masked_call(self, x: Any, args: tuple, training: Any, kwargs: dict[str, Any]) -> Any:
        """A call as Keras 3 makes it where masks are about: the input's mask handed to a ``call`` that
        takes ``mask``; the output's mask from :meth:`compute_mask` if the layer ``supports_masking``,
        else a warning that the mask stops here."""
        previous = kwargs.get("mask")
        if previous is None:
            previous = get_mask(x[0] if isinstance(x, (list, tuple)) and x else x)
            if previous is not None and "mask" in self._call_parameter_names():
                kwargs["mask"] = previous
        with training_context(self, training):
            out = self.forward(x, *args, **kwargs)
        if self.supports_masking:
            out_masks = self.compute_mask(x, previous)
            outs = out if isinstance(out, (list, tuple)) else [out]
            for tensor, mask in zip(outs, out_masks if isinstance(out_masks, (list, tuple)) else [out_masks]):
                if mask is not None and isinstance(tensor, Tensor) and get_mask(tensor) is None:
                    set_mask(tensor, mask)
        elif previous is not None:
            warnings.warn(f"Layer '{self.name}' (of type {type(self).__name__}) was passed an input with a mask "
                          "attached to it. However, this layer does not support masking and will therefore "
                          "destroy the mask information. Downstream layers will not see the mask.", stacklevel=3)
        return out

    def compute_mask(self, inputs: Any, previous_mask: Any) -> Any:
        """The mask of the output (Keras's): by default the input's, passed on unchanged."""
        return previous_mask

    def replay_safe(self) -> bool:
        """Whether a training call of this layer runs the same ops for every batch of one shape (no Python
        branch on values, no random numbers, no state kept outside the ops), so that ``fit`` may record
        the forward pass once and replay it (``compile(jit_compile="auto")``, :mod:`ligero.models.replay`).

        Built-in layers say so with ``replay_safe_call = True`` beside their ``call``; a subclass that
        overrides ``call`` (or ``forward``) is not taken on trust, nor is a custom activation.
        """
        if (not declares_replay_safe(self, "call") or type(self).forward is not Layer.forward
                or type(self).__call__ is not Layer.__call__):
            return False
        return getattr(getattr(self, "activation", None), "builtin", True)

    def _call_parameter_names(self) -> frozenset:
        names = type(self).__dict__.get("_call_parameters")
        if names is None:
            names = frozenset(inspect.signature(self.call).parameters)
            type.__setattr__(type(self), "_call_parameters", names)
        return names

    def _call(self, x: Any, *args: Any, **kwargs: Any) -> Any:
        """``call``, given ``training`` when its signature has that parameter and the value is known
        (passed to this call or to an enclosing one, as Keras resolves it; else the default)."""
        if _TRAINING[-1] is not None and "training" not in kwargs and "training" in self._call_parameter_names():
            return self.call(x, *args, training=_TRAINING[-1], **kwargs)
        return self.call(x, *args, **kwargs)

    def forward(self, x: Any, *args: Any, **kwargs: Any) -> Tensor:
        """Check (or, the first time, build for) the input shape, then ``call``."""
        if type(x) is Tensor and self.built:  # the common case, checked first
            if x.array.shape[1:] != self.input_shape and not self.accepts(x.array.shape[1:]):
                self._raise_shape(x.array.shape[1:])
            return self._call(x, *args, **kwargs)
        if isinstance(x, (list, tuple)):
            x = [as_tensor(t) for t in x]
            shape: Any = [t.shape[1:] for t in x]
        else:
            x = as_tensor(x)
            shape = x.shape[1:]
        if not self.built:
            self.build_for(shape)
        elif shape != self.input_shape and not self.accepts(shape):
            self._raise_shape(shape)
        return self._call(x, *args, **kwargs)

    def checked_axes(self) -> tuple[int, ...] | None:
        """The axes of a sample (batch excluded) whose size a built layer holds to, as Keras's InputSpec: the
        last (features, channels) for a layer with weights, none for one without; None: every axis (the
        weights depend on all of them)."""
        return (-1,) if self._own_weights or self.parameters() else ()

    def accepts(self, shape: Any) -> bool:
        """Whether a built layer takes samples of ``shape``: compatible with the shape it was built for,
        or of the same rank and the same size on :meth:`checked_axes` (a Conv2D built on 28×28 images
        takes 32×32 ones, an Embedding built on sequences of 4 takes 7, as in Keras)."""
        expected = self.input_shape
        if compatible(shape, expected):
            return True
        axes = self.checked_axes()
        if axes == ():  # no InputSpec: any shape (a Dropout, an Embedding)
            return True
        if axes is None or isinstance(expected, list) or isinstance(shape, list) or len(shape) != len(expected):
            return False
        return all(expected[a] is None or shape[a] == expected[a] for a in axes if -len(shape) <= a < len(shape))

    def build_for(self, input_shape: Any) -> None:
        """Build for ``input_shape`` (batch excluded) and record it; find the output shape."""
        if self.declared_input_shape is not None and not isinstance(input_shape, list):
            if not compatible(tuple(input_shape), self.declared_input_shape):
                self._raise_shape(input_shape, self.declared_input_shape)
        self.input_shape = input_shape if isinstance(input_shape, list) else tuple(input_shape)
        self._in_build_for = True
        try:
            if _defined_by_user(type(self), "build"):
                self.build(_with_batch(self.input_shape))
            else:
                self.build(self.input_shape)
        finally:
            self._in_build_for = False
        self.built = True
        if _defined_by_user(type(self), "compute_output_shape"):
            self.output_shape = _without_batch(self.compute_output_shape(_with_batch(self.input_shape)))
        else:
            self.output_shape = self.compute_output_shape(self.input_shape)

    def compute_output_shape(self, input_shape: Any) -> Shape:
        """Output shape (batch excluded), by running a batch of one through the layer; where the input
        has unknown (``None``) dimensions, by two runs at different sizes (see ``layers.shapes``)."""
        if has_unknown(input_shape):
            runs = [self._probe_output_shape(probe_shapes(input_shape, run)) for run in (0, 1)]
            return merge_probed(*runs)
        return self._probe_output_shape(input_shape)

    def _probe_output_shape(self, input_shape: Any) -> Shape:
        if isinstance(input_shape, list):
            dummy: Any = [np.zeros((1, *s), dtype=self.dtype) for s in input_shape]
        else:
            dummy = np.zeros((1, *input_shape), dtype=self.dtype)
        was_training = self.training
        self.eval()
        try:
            with no_grad():
                tensors = [as_tensor(d) for d in dummy] if isinstance(dummy, list) else as_tensor(dummy)
                positional = self.__dict__.get("positional_inputs") and isinstance(tensors, list)
                out = self._call(*tensors) if positional else self._call(tensors)
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
        config: dict[str, Any] = {"name": self.name, "dtype": self.dtype.name, "trainable": self._trainable}
        if self.declared_input_shape is not None:
            config["input_shape"] = list(self.declared_input_shape)
        if self.activity_regularizer is not None:  # as Keras: only when there is one
            config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Layer:
        return cls(**config)

    @property
    def path(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


class Variable:
    """A weight as Keras shows it: ``name`` (``"kernel"``), ``path`` (``"dense/kernel"``), ``shape``,
    ``dtype``, ``trainable``, ``numpy()`` (a copy), ``value``, ``assign(v)``.

    ``value`` is what Keras's torch backend gives: the parameter itself (a Tensor sharing the weight's
    memory, with ``.grad`` after ``backward()``); a statistic that is not a parameter (batch norm's
    moving mean) gives its array."""

    def __init__(self, layer: Any, name: str, param: Parameter | None = None, buffer: str | None = None) -> None:
        self.layer, self.name, self.param, self.buffer = layer, name, param, buffer

    @property
    def value(self) -> Any:
        return self.param if self.param is not None else getattr(self.layer, self.buffer)

    @property
    def array(self) -> np.ndarray:
        """The weight's array itself (shared memory)."""
        return self.param.array if self.param is not None else getattr(self.layer, self.buffer)

    @property
    def grad(self) -> Any:
        """The parameter's gradient after ``backward()`` (None for a statistic)."""
        return self.param.grad if self.param is not None else None

    @property
    def path(self) -> str:
        """``<scope>/<layer>/<name>``, the scope being the models the layer was built inside (Keras's: a
        Sequential's or a subclassed model's layers, ``"sequential/dense/kernel"``; not a functional
        model's, whose layers are built before it exists)."""
        return f"{self.layer.__dict__.get('_path_scope', '')}{self.layer.name}/{self.name}"

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(np.shape(self.array))

    @property
    def dtype(self) -> str:
        return np.asarray(self.array).dtype.name

    @property
    def trainable(self) -> bool:
        return self.param is not None and bool(self.param.requires_grad)

    def numpy(self) -> np.ndarray:
        return np.array(self.array, copy=True)

    def assign(self, value: Any) -> None:
        array = np.asarray(value.array if isinstance(value, Tensor) else value)
        if array.shape != self.shape:
            raise ShapeError(f"assign: '{self.path}' has shape {self.shape}, got a value of shape {array.shape}")
        self.array[...] = array

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.numpy() if dtype is None else self.numpy().astype(dtype)

    def __repr__(self) -> str:
        return f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype}>"


def _own_variables(layer: Any) -> list[Variable]:
    """A layer's own weights: created trainable (in order), then non-trainable, then unregistered
    Parameters and buffers (non-trainable statistics such as batch norm's moving mean and variance)."""
    registered = getattr(layer, "_own_weights", [])
    seen = {id(p) for _, p, _ in registered}
    made = [Variable(layer, n, p) for n, p, t in registered if t] + [Variable(layer, n, p) for n, p, t in registered
                                                                       if not t]
    for attr, value in vars(layer).items():
        if isinstance(value, Parameter) and id(value) not in seen:
            made.append(Variable(layer, attr, value))
            seen.add(id(value))
    made += [Variable(layer, name, buffer=name) for name in getattr(layer, "_buffers", {})]
    return made


def layer_weights(root: Any) -> list[Variable]:
    """``root``'s own weights, then each sub-layer's (depth first, each weight once), as Keras orders them."""
    found: list[Variable] = []
    seen: set[int] = set()

    def visit(module: Any) -> None:
        for var in _own_variables(module):
            key = id(var.param) if var.param is not None else (id(module), var.buffer)
            if key not in seen:
                seen.add(key)
                found.append(var)
        for child in _sublayers(module):
            visit(child)

    visit(root)
    return found


def _sublayers(module: Any) -> list[Any]:
    layers = getattr(module, "layers", None)
    if isinstance(layers, list) and module.__class__.__name__ != "Layer":
        children = [c for c in layers if isinstance(c, Module)]
        extra = [c for c in module.children() if all(c is not k for k in children)]
        return children + extra
    return list(module.children())


def assign_weights(variables: list[Variable], values: list[Any], owner: str) -> None:
    values = list(values)
    if len(values) != len(variables):
        raise ShapeError(f"set_weights: {owner} has {len(variables)} arrays, got {len(values)}")
    for var, value in zip(variables, values):
        array = np.asarray(value.array if isinstance(value, Tensor) else value)
        if array.shape != var.shape:
            raise ShapeError(f"set_weights: {owner}: weight '{var.path}' has shape {var.shape}, got {array.shape}")
    for var, value in zip(variables, values):
        var.assign(value)


def set_trainable(root: Any, value: bool) -> None:
    """Set ``trainable`` on ``root`` and every layer inside it; a weight created non-trainable stays so."""
    for module in root.modules():
        if hasattr(module, "_trainable"):
            module._trainable = value
        fixed = {id(p) for _, p, t in getattr(module, "_own_weights", []) if not t}
        for attr_value in vars(module).values():
            if isinstance(attr_value, Parameter):
                attr_value.requires_grad = value and id(attr_value) not in fixed


def _direct_build(build: Any) -> Any:
    """``build`` wrapped so that a direct call (not through :meth:`Layer.build_for`) builds the layer once
    and records its shapes; ligero's own layers get Keras's ``(None, ...)`` shape without the batch."""

    def wrapped(self: Any, input_shape: Any = None) -> None:
        if getattr(self, "_in_build_for", False) or not isinstance(self, Layer):
            return build(self, input_shape)
        if self.built:
            return None
        shape = _without_batch(input_shape) if _has_batch(input_shape) else input_shape
        self.build_for(list(shape) if isinstance(shape, list) else tuple(shape))
        return None

    wrapped.__wrapped__ = build  # type: ignore[attr-defined]
    wrapped.__doc__, wrapped.__name__ = build.__doc__, build.__name__
    wrapped.__module__, wrapped.__qualname__ = build.__module__, build.__qualname__
    return wrapped


def _has_batch(shape: Any) -> bool:
    if isinstance(shape, list):
        return bool(shape) and all(_has_batch(s) for s in shape)
    return isinstance(shape, tuple | list) and len(shape) > 0 and shape[0] is None


def _is_dtype(value: Any) -> bool:
    if isinstance(value, (str, np.dtype, type)):
        try:
            np.dtype(value)
            return True
        except TypeError:
            return False
    return False


def _defined_by_user(cls: type, method: str) -> bool:
    """Whether ``method`` of ``cls`` comes from a class defined outside the ligero package."""
    for klass in cls.__mro__:
        if method in klass.__dict__:
            return not klass.__module__.startswith("ligero.")
    return False


def _with_batch(shape: Any) -> Any:
    return [(None, *s) for s in shape] if isinstance(shape, list) else (None, *shape)


def _without_batch(shape: Any) -> Any:
    if isinstance(shape, list):
        return [_without_batch(s) for s in shape]
    return tuple(shape)[1:]


# The layers that hold add_loss terms now: while it is empty (no layer of the program calls
# add_loss) a model call and a training step skip the walk over every module.
_LOSS_HOLDERS: weakref.WeakSet = weakref.WeakSet()


# the names of the models whose layers are being built now, outermost first (Keras's name scopes): a weight's
# path starts with them (Variable.path)
_NAME_SCOPE: list[str] = []


class name_scope:  # noqa: N801 - a context manager named for what it opens
    """``with name_scope(model.name):`` the weights made inside get ``<name>/`` before their layer's name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        _NAME_SCOPE.append(self.name)

    def __exit__(self, *exc: Any) -> None:
        _NAME_SCOPE.pop()


def declares_replay_safe(obj: Any, method: str) -> bool:
    """Whether the class that defines ``obj``'s ``method`` declares ``replay_safe_<method> = True`` in its own
    body (see :meth:`Layer.replay_safe`): a subclass that overrides the method is not taken on trust."""
    owner = next((c for c in type(obj).__mro__ if method in c.__dict__), None)
    return owner is not None and owner.__dict__.get(f"replay_safe_{method}") is True


def added_losses(module: Any) -> list[Any]:
    """The :meth:`KerasWeights.add_loss` terms of ``module`` and every module inside it (module order)."""
    if not _LOSS_HOLDERS:
        return []
    return [loss for m in module.modules() for loss in m.__dict__.get("_added_losses", ())]


def clear_added_losses(module: Any) -> None:
    """Forget the :meth:`KerasWeights.add_loss` terms of ``module`` and the modules inside it."""
    if not _LOSS_HOLDERS:
        return
    for m in module.modules():
        if m.__dict__.pop("_added_losses", None) is not None:
            _LOSS_HOLDERS.discard(m)


_MODEL_CALLS = [0]  # how many model calls are running: the outermost clears the added losses


_TRAINING: list[bool | None] = [None]  # the training value of the enclosing calls (None: not given)


class training_context:  # noqa: N801  (used as a function: ``with training_context(model, True):``)
    """Run ``module`` with ``training`` (when given): its mode switched for the call, and the value
    handed to the ``call(..., training=...)`` of every layer inside it, as Keras does.

    A class rather than a generator context manager: a model call enters it once a batch."""

    __slots__ = ("module", "training", "previous")

    def __init__(self, module: Any, training: Any) -> None:
        self.module = module
        self.training = None if training is None else bool(training)

    def __enter__(self) -> None:
        if self.training is None:
            return
        self.previous = self.module.training
        if self.previous != self.training:
            self.module.train(self.training)
        _TRAINING.append(self.training)

    def __exit__(self, *exc: Any) -> None:
        if self.training is None:
            return
        _TRAINING.pop()
        if self.previous != self.training:
            self.module.train(self.previous)


def _check_shape(shape: Any, what: str) -> Shape:
    """``shape`` (an int or a sequence of ints, batch excluded) as a tuple of positive ints, ``None``
    where a dimension may take any size (``Input(shape=(None,))``: sequences of any length)."""
    dims = (shape,) if isinstance(shape, (int, np.integer)) else shape
    try:
        dims = tuple(dims)
    except TypeError:
        dims = None
    if dims is None or not all(is_dim(d) for d in dims):
        raise ConfigError(f"{what} must be a positive integer or a tuple of them (None for any size; batch "
                          f"excluded), got {shape!r}")
    return tuple(None if d is None else int(d) for d in dims)


def _fmt(shape: Any) -> str:
    if isinstance(shape, list):
        return "[" + ", ".join(_fmt(s) for s in shape) + "]"
    return str((None, *shape))


def is_symbolic(x: Any) -> bool:
    """Whether ``x`` is a symbolic tensor of a functional model, or a list of them."""
    if isinstance(x, SymbolicTensor):
        return True
    return isinstance(x, (list, tuple)) and bool(x) and all(isinstance(t, SymbolicTensor) for t in x)


_is_symbolic = is_symbolic


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
        self.call_kwargs: dict[str, Any] = {}  # what every run passes the layer: ``training`` given here
        self.positional = False  # True: the layer was called as ``layer(a, b)``, each input an argument

    @classmethod
    def from_layer_call(cls, layer: Layer, x: Any, training: Any = None) -> SymbolicTensor:
        inputs = list(x) if isinstance(x, (list, tuple)) else [x]
        shapes = [tuple(t.shape[1:]) for t in inputs]
        input_shape: Any = shapes if isinstance(x, (list, tuple)) else shapes[0]
        if not layer.built:
            layer.build_for(input_shape)
        elif input_shape != layer.input_shape and not layer.accepts(input_shape):
            layer._raise_shape(input_shape)
        out = cls(layer.output_shape, layer, inputs, multi_input=isinstance(x, (list, tuple)))
        if training is not None:  # ``base(x, training=False)``: the layer runs so in every call of the model
            out.call_kwargs["training"] = bool(training)
        layer.__dict__["_symbolic_output"] = out
        return out

    @property
    def name(self) -> str | None:
        """The name of the layer that made it (an Input's name for a model input), as a KerasTensor's."""
        return self.layer.name if self.layer is not None else None

    def __repr__(self) -> str:
        source = self.layer.name if self.layer else "input"
        return f"SymbolicTensor(shape={self.shape}, from={source!r})"


class InputLayer(Layer):
    """Marks where data enters a functional model; passes it through unchanged."""

    replay_safe_call = True

    def __init__(self, shape: Any = None, batch_size: int | None = None, dtype: Any = None,
                 name: str | None = None, **kwargs: Any) -> None:
        kwargs.pop("sparse", None)
        kwargs.pop("ragged", None)
        batch_shape = kwargs.pop("batch_shape", None) or kwargs.pop("input_shape", None)
        if shape is None and batch_shape is not None:
            shape = tuple(batch_shape)[1:]
        super().__init__(name=name, input_shape=shape, dtype=dtype or "float32", **kwargs)
        self.batch_size = batch_size
        self.build_for(self.declared_input_shape)

    def call(self, x: Tensor) -> Tensor:
        return x

    def checked_axes(self) -> None:
        """Every axis: a model's input takes the shapes its Input declares (None: any size)."""
        return None

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "shape": list(self.declared_input_shape or ()), "dtype": self.dtype.name}


def Input(  # noqa: N802 - Keras's name
    shape: Any = None,
    batch_size: int | None = None,
    dtype: Any = None,
    sparse: Any = None,
    batch_shape: Any = None,
    name: str | None = None,
    tensor: Any = None,
    optional: bool = False,
) -> SymbolicTensor:
    """The entry point of a functional model: ``x = Input(shape=(784,))``, ``Input((32, 32, 3), name="image")``.

    ``shape`` excludes the batch dimension (``batch_shape`` includes it).
    """
    if shape is None and batch_shape is not None:
        shape = tuple(batch_shape)[1:]
    if shape is None:
        raise ConfigError("Input: give shape (the shape of one sample, batch excluded)")
    shape = _check_shape(shape, "Input: shape")
    layer = InputLayer(shape, batch_size=batch_size, name=name, dtype=dtype or "float32")
    out = SymbolicTensor(tuple(shape), layer, [], multi_input=False)
    layer.__dict__["_symbolic_output"] = out
    return out


def clear_session() -> None:
    """Forget the automatic layer names given so far (the next Dense is ``dense`` again), as Keras's."""
    _name_counts.clear()
