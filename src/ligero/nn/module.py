"""Module: the PyTorch-style base class of every layer and model (the Keras layers too).

As in PyTorch, assigning a :class:`Parameter` or a Module to an attribute
registers it (in definition order), and ``register_buffer`` registers a tensor
saved with the state; ``state_dict()`` lists a module's own parameters, then its
persistent buffers, then its children's, by dotted name:

    class Net(Module):
        def __init__(self):
            super().__init__()
            self.hidden = Linear(784, 128)
        def forward(self, x):
            return self.hidden(x).relu()

For the Keras face, Modules kept inside plain lists, tuples and dicts
(``self.layers = [...]``) are found too, after the registered ones.
"""

from __future__ import annotations

from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ligero.nn.backward_hooks import call_with_backward_hooks
from ligero.nn.parameter import Parameter
from ligero.tensor import RemovableHandle, Tensor


class Listing(list):
    """A list that ``next()`` also walks, as the generator PyTorch's ``parameters()`` returns."""

    _cursor = 0

    def __next__(self) -> Any:
        if self._cursor >= len(self):
            raise StopIteration
        self._cursor += 1
        return self[self._cursor - 1]


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns: the keys it missed and the keys it did not know."""

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


class Module:
    """Base class: parameters, submodules, buffers, train/eval mode and state dicts."""

    # The Keras face's classes set True: state_dict() gives ndarray copies, and a registered
    # parameter's attribute may be rebound to any value (it is then no parameter any more).
    _keras_face = False

    def __init__(self) -> None:
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent", set())
        object.__setattr__(self, "_modules", OrderedDict())

    # ------------------------------------------------------------ forward
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    _forward_pre_hooks: list | None = None  # (hook, with_kwargs) entries; None: never registered
    _forward_hooks: list | None = None
    _backward_hooks: list | None = None  # full backward hooks (see ligero.nn.backward_hooks)
    _hooked = False  # whether a hook of any of the three kinds was ever registered

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self._hooked:
            return self.forward(*args, **kwargs)
        return self._call_with_hooks(args, kwargs)

    def _call_with_hooks(self, args: tuple, kwargs: dict[str, Any]) -> Any:
        """torch's call order: each pre-hook may replace the inputs, ``forward``, then each forward
        hook may replace the output (a hook returning None changes nothing)."""
        for hook, with_kwargs in tuple(self._forward_pre_hooks or ()):
            if with_kwargs:
                result = hook(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2):
                        raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, new_kwargs), "
                                           f"but got {result}.")
                    args, kwargs = result
            else:
                result = hook(self, args)
                if result is not None:
                    args = result if isinstance(result, tuple) else (result,)
        if self._backward_hooks:
            output = call_with_backward_hooks(self, lambda a: self.forward(*a, **kwargs), args)
        else:
            output = self.forward(*args, **kwargs)
        for hook, with_kwargs in tuple(self._forward_hooks or ()):
            result = hook(self, args, kwargs, output) if with_kwargs else hook(self, args, output)
            if result is not None:
                output = result
        return output

    def register_forward_pre_hook(self, hook: Callable, *, prepend: bool = False,
                                  with_kwargs: bool = False) -> RemovableHandle:
        """Call ``hook(module, args)`` (``with_kwargs``: ``hook(module, args, kwargs)``) before each
        forward; what it returns, if not None, replaces the inputs. ``handle.remove()`` takes it off."""
        return self._add_hook("_forward_pre_hooks", (hook, bool(with_kwargs)), prepend)

    def register_forward_hook(self, hook: Callable, *, prepend: bool = False, with_kwargs: bool = False,
                              always_call: bool = False) -> RemovableHandle:
        """Call ``hook(module, args, output)`` (``with_kwargs``: ``hook(module, args, kwargs, output)``)
        after each forward; what it returns, if not None, replaces the output."""
        return self._add_hook("_forward_hooks", (hook, bool(with_kwargs)), prepend)

    def register_full_backward_hook(self, hook: Callable, prepend: bool = False) -> RemovableHandle:
        """Call ``hook(module, grad_input, grad_output)`` when the gradients of the module's inputs are
        computed; a tuple it returns replaces ``grad_input`` (see :mod:`ligero.nn.backward_hooks`)."""
        return self._add_hook("_backward_hooks", hook, prepend)

    register_backward_hook = register_full_backward_hook  # the deprecated name: same call here

    def _add_hook(self, attribute: str, entry: Any, prepend: bool) -> RemovableHandle:
        hooks = self.__dict__.get(attribute)
        if hooks is None:
            hooks = []
            object.__setattr__(self, attribute, hooks)
            object.__setattr__(self, "_hooked", True)
        if prepend:
            hooks.insert(0, entry)
        else:
            hooks.append(entry)
        return RemovableHandle(hooks, entry)

    # ------------------------------------------------------ registration
    def __setattr__(self, name: str, value: Any) -> None:
        registries = self.__dict__.get("_parameters")
        if registries is not None:
            if isinstance(value, Parameter):  # a name keeps its place when rebound, as in PyTorch
                self._forget(name, keep=self._parameters)
                self._parameters[name] = value
            elif isinstance(value, Module):
                self._forget(name, keep=self._modules)
                self._modules[name] = value
            elif name in self._buffers:
                self._buffers[name] = value
            elif name in self._parameters or name in self._modules:
                if self._keras_face:
                    self._forget(name)
                elif value is not None:
                    raise TypeError(
                        f"cannot assign '{type(value).__name__}' as {name!r} of {type(self).__name__}: "
                        f"{name!r} is a registered {'parameter' if name in self._parameters else 'module'} "
                        "(assign a Parameter, a Module or None)"
                    )
                else:
                    (self._parameters if name in self._parameters else self._modules)[name] = None
        elif isinstance(value, (Parameter, Module)):
            raise AttributeError(f"cannot assign {name!r} before {type(self).__name__}.__init__() calls "
                                 "super().__init__()")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if "_parameters" in self.__dict__:
            self._forget(name)
        object.__delattr__(self, name)

    def _forget(self, name: str, keep: Any = None) -> None:
        for registry in (self._parameters, self._buffers, self._modules):
            if registry is not keep:
                registry.pop(name, None)
        self._non_persistent.discard(name)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add ``param`` (or a None placeholder) as the parameter ``name``."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter {name!r} "
                            "(torch.nn.Parameter or None required)")
        _check_name(self, name, "parameter")
        self._forget(name)
        self._parameters[name] = param
        object.__setattr__(self, name, param)

    def register_buffer(self, name: str, tensor: Any, persistent: bool = True) -> None:
        """A tensor saved with the state but not trained (e.g. batch-norm running statistics).

        ``persistent=False`` keeps it out of ``state_dict()``.
        """
        _check_name(self, name, "buffer")
        self._forget(name)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent.add(name)
        object.__setattr__(self, name, tensor)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add ``module`` as the child ``name`` (``register_module`` is the same)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        _check_name(self, name, "module")
        self._forget(name)
        self._modules[name] = module
        object.__setattr__(self, name, module)

    register_module = add_module

    # --------------------------------------------------------- discovery
    def named_children(self) -> Iterator[tuple[str, Module]]:
        """Direct submodules: the registered ones, then those inside plain lists/tuples/dicts."""
        seen: set[int] = set()
        for name, child in self._modules.items():
            if child is not None and id(child) not in seen:
                seen.add(id(child))
                yield name, child
        for name, value in self.__dict__.items():
            if name.startswith("_") or not isinstance(value, (list, tuple, dict)):
                continue
            for child_name, child in _modules_in(name, value):
                if id(child) not in seen:
                    seen.add(id(child))
                    yield child_name, child

    def children(self) -> Listing:
        return Listing(child for _, child in self.named_children())

    def named_modules(self, memo: set | None = None, prefix: str = "", remove_duplicate: bool = True
                      ) -> Iterator[tuple[str, Module]]:
        """This module and every submodule, depth first (pre-order), each once."""
        memo = set() if memo is None else memo
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, child in self.named_children():
            yield from child.named_modules(memo, f"{prefix}.{name}" if prefix else name, remove_duplicate)

    def modules(self) -> Listing:
        return Listing(self._each_module(set()))

    def _each_module(self, memo: set[int]) -> Iterator[Module]:
        """:meth:`named_modules`'s walk without the names (``parameters()`` and ``train()`` run it often)."""
        if id(self) in memo:
            return
        memo.add(id(self))
        yield self
        for _, child in self.named_children():
            yield from child._each_module(memo)

    def _named_members(self, registry: str, prefix: str, recurse: bool, remove_duplicate: bool = True
                       ) -> Iterator[tuple[str, Any]]:
        seen: set[int] = set()
        modules = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for module_name, module in modules:
            for name, value in getattr(module, registry).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield (f"{module_name}.{name}" if module_name else name), value

    def named_parameters(self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
                         ) -> Iterator[tuple[str, Parameter]]:
        """Every Parameter of this module (and, with ``recurse``, its submodules), each once, by dotted name."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Listing:
        """Every Parameter, each once, in :meth:`named_parameters`'s order."""
        seen: set[int] = set()
        found = Listing()
        for module in self._each_module(set()) if recurse else (self,):
            for p in module._parameters.values():
                if p is not None and id(p) not in seen:
                    seen.add(id(p))
                    found.append(p)
        return found

    def trainable_parameters(self) -> list[Parameter]:
        return [p for p in self.parameters() if p.requires_grad]

    def named_buffers(self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
                      ) -> Iterator[tuple[str, Any]]:
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Listing:
        return Listing(b for _, b in self.named_buffers(recurse=recurse))

    def get_submodule(self, target: str) -> Module:
        """The submodule at dotted path ``target`` (``""`` is this module)."""
        module: Module = self
        for part in target.split(".") if target else []:
            child = dict(module.named_children()).get(part)
            if child is None:
                raise AttributeError(f"{type(module).__name__} has no attribute `{part}`")
            module = child
        return module

    def num_parameters(self) -> int:
        return int(sum(p.array.size for p in self.parameters()))

    # -------------------------------------------------------------- modes
    def train(self, mode: bool = True) -> Module:
        """Training mode (dropout active, batch norm uses batch statistics) for this module and its children."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> Module:
        """Inference mode: ``train(False)``."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget (``set_to_none``) or zero the accumulated gradients of every parameter."""
        for p in self.parameters():
            if set_to_none or p.grad_array is None:
                p.grad = None
            else:
                p.grad_array[...] = 0

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call ``fn`` on every submodule (children first) and then on this module."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    # ------------------------------------------------------ dtype / device
    def to(self, *args: Any, **kwargs: Any) -> Module:
        """``to(dtype)``, ``to(device)`` or ``to(device, dtype)``: converts floating parameters and buffers in place.

        Devices are accepted and ignored: everything runs on the CPU.
        """
        dtype = kwargs.get("dtype")
        for arg in args:
            found = _as_float_dtype(arg)
            dtype = found if found is not None else dtype
        if dtype is not None:
            self._convert_floats(_as_float_dtype(dtype))
        return self

    def double(self) -> Module:
        return self.to(np.float64)

    def float(self) -> Module:  # noqa: A003 - PyTorch's name
        return self.to(np.float32)

    def half(self) -> Module:
        return self.to(np.float16)

    def cpu(self) -> Module:
        return self

    def _convert_floats(self, dtype: np.dtype) -> None:
        for module in self.modules():
            for p in module._parameters.values():
                if p is not None and p.array.dtype.kind == "f" and p.array.dtype != dtype:
                    p.array = p.array.astype(dtype)
                    if p.grad_array is not None:
                        p.grad = p.grad_array.astype(dtype)
            for name, b in list(module._buffers.items()):
                array = b.array if isinstance(b, Tensor) else b
                if isinstance(array, np.ndarray) and array.dtype.kind == "f" and array.dtype != dtype:
                    if isinstance(b, Tensor):
                        b.array = array.astype(dtype)
                    else:
                        module._buffers[name] = array.astype(dtype)
                        object.__setattr__(module, name, module._buffers[name])

    # -------------------------------------------------------------- state
    def state_dict(self, destination: Any = None, prefix: str = "", keep_vars: bool = False) -> OrderedDict:
        """Every parameter and persistent buffer by dotted name: own ones first, then each child's.

        As PyTorch's, the values share memory with the module (``{k: v.clone()}`` copies);
        ``keep_vars=True`` gives the Parameters themselves.
        """
        state = OrderedDict() if destination is None else destination
        for module_name, module in self.named_modules(prefix=prefix.rstrip(".")):
            dotted = f"{module_name}." if module_name else ""
            for name, p in module._parameters.items():
                if p is not None:
                    state[dotted + name] = self._state_value(p, keep_vars)
            for name, b in module._buffers.items():
                if b is not None and name not in module._non_persistent:
                    state[dotted + name] = self._state_value(b, keep_vars)
        return state

    def _state_value(self, value: Any, keep_vars: bool) -> Any:
        array = value.array if isinstance(value, Tensor) else np.asarray(value)
        if self._keras_face:
            return array.copy()
        if keep_vars and isinstance(value, Tensor):
            return value
        return Tensor(array, dtype=array.dtype)  # shares the memory, as PyTorch's detach()

    def load_state_dict(self, state_dict: Any, strict: bool = True, assign: bool = False) -> _IncompatibleKeys:
        """Copy values into the parameters and buffers in place, by name.

        Returns ``(missing_keys, unexpected_keys)``. With ``strict`` a missing or
        unexpected key raises RuntimeError; a shape that does not fit always does.
        """
        from ligero.nn._state import load_into

        return _IncompatibleKeys(*load_into(self, state_dict, strict))

    # --------------------------------------------------------------- repr
    def extra_repr(self) -> str:
        """The text inside the parentheses of this module's ``repr`` (subclasses override)."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({key}): {_indent(repr(module), 2)}" for key, module in self._modules.items()]
        lines = extra_lines + child_lines
        body = ""
        if lines:
            body = extra_lines[0] if len(extra_lines) == 1 and not child_lines else "\n  " + "\n  ".join(lines) + "\n"
        return f"{self._get_name()}({body})"


def _indent(text: str, spaces: int) -> str:
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    return lines[0] + "\n" + "\n".join(" " * spaces + line for line in lines[1:])


def _check_name(module: Module, name: str, kind: str) -> None:
    if "_parameters" not in module.__dict__:
        raise AttributeError(f"cannot assign {kind} before Module.__init__() call")
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
    if "." in name or name == "":
        raise KeyError(f'{kind} name can\'t contain ".", got: {name!r}' if name
                       else f"{kind} name can't be empty string \"\"")
    if hasattr(module, name) and name not in module._parameters and name not in module._buffers \
            and name not in module._modules:
        raise KeyError(f"attribute '{name}' already exists")


def _as_float_dtype(value: Any) -> np.dtype | None:
    """A floating NumPy dtype for ``value`` (a NumPy dtype, a name, a framework dtype object), else None."""
    if value is None or isinstance(value, Module):
        return None
    for candidate in (value, str(value).replace("torch.", "")):
        try:
            dtype = np.dtype(candidate)
        except (TypeError, ValueError):
            continue
        return dtype if dtype.kind == "f" else None
    return None


def _modules_in(name: str, value: Any) -> Iterator[tuple[str, Module]]:
    if isinstance(value, Module):
        yield name, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _modules_in(f"{name}.{i}", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _modules_in(f"{name}.{key}", item)


def check_built(module: Module) -> None:
    """Raise a clear error if some layer of ``module`` has not created its weights yet.

    Keras-style layers (``ligero.layers.Conv2D``, ``Dense`` without an input size)
    build on their first call; an optimizer given their parameters before that
    would silently train nothing. Call this before collecting the parameters.
    """
    pending = unbuilt_layers(module)
    if pending:
        from ligero.errors import ConfigError

        names = ", ".join(f"{name or '(root)'} ({type(m).__name__})" for name, m in pending[:5])
        raise ConfigError(
            f"{len(pending)} layer(s) of {type(module).__name__} have no weights yet: {names}; "
            "they are built on their first call: run the model once on a batch (or give the input "
            "shape) before passing its parameters to an optimizer"
        )


def unbuilt_layers(module: Module) -> list[tuple[str, Module]]:
    """The (name, layer) pairs of the lazy layers in ``module`` (itself included) that have not made
    their weights yet (containers, whose weights are their layers', are not listed themselves)."""
    return [(name, m) for name, m in module.named_modules()
            if getattr(m, "built", True) is False and _builds_weights(type(m)) and not m.children()]


def _builds_weights(cls: type) -> bool:
    """Whether ``cls`` overrides the no-op ``build`` of the lazy layer base (the class defining ``add_weight``)."""
    base = next((c for c in cls.__mro__ if "add_weight" in vars(c)), None)
    if base is None:
        return hasattr(cls, "build")
    return getattr(cls, "build", None) is not vars(base).get("build")

