"""``Module.load_state_dict``: copy a state into a module's parameters and buffers, with PyTorch's checks."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.tensor import Tensor


def _array(value: Any) -> np.ndarray:
    if isinstance(value, Tensor):
        return value.array
    array = getattr(value, "array", None)  # a framework tensor of another kind: through NumPy
    if isinstance(array, np.ndarray):
        return array
    if hasattr(value, "detach") and hasattr(value, "numpy"):
        return value.detach().numpy()
    return np.asarray(value)


def _targets(module: Any) -> dict[str, tuple[Any, str, str]]:
    """Every key of ``module.state_dict()`` -> (owning module, attribute, 'parameter' or 'buffer')."""
    found: dict[str, tuple[Any, str, str]] = {}
    for module_name, sub in module.named_modules():
        dotted = f"{module_name}." if module_name else ""
        for name, p in sub._parameters.items():
            if p is not None:
                found.setdefault(dotted + name, (sub, name, "parameter"))
        for name, b in sub._buffers.items():
            if b is not None and name not in sub._non_persistent:
                found.setdefault(dotted + name, (sub, name, "buffer"))
    return found


def _size(shape: tuple[int, ...]) -> str:
    return f"torch.Size([{', '.join(str(d) for d in shape)}])"


def _mismatch(key: str, got: tuple[int, ...], have: tuple[int, ...]) -> str:
    text = (f'size mismatch for {key}: copying a param with shape {_size(got)} from checkpoint, '
            f'the shape in current model is {_size(have)}.')
    if len(got) == 2 and got == have[::-1]:
        text += (" It is the transposed shape: a Linear weight is (out_features, in_features); "
                 "a Keras-style (in, out) kernel must be transposed (.T) first.")
    return text


def load_into(module: Any, state_dict: Any, strict: bool) -> tuple[list[str], list[str]]:
    """Copy ``state_dict`` into ``module`` in place; returns (missing_keys, unexpected_keys).

    Raises RuntimeError, as PyTorch, listing every missing and unexpected key (with
    ``strict``) and every shape that does not fit (always), naming the key and both shapes;
    as PyTorch's, the values that fit are copied all the same.
    """
    if not hasattr(state_dict, "keys"):
        raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
    targets = _targets(module)
    missing = [k for k in targets if k not in state_dict]
    unexpected = [k for k in state_dict if k not in targets]
    errors = []
    if strict:
        if missing:
            errors.append("Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". ")
        if unexpected:
            errors.append("Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ". ")
    arrays, mismatched = {}, []
    for key, (owner, attr, _) in targets.items():
        if key not in state_dict:
            continue
        value, current = _array(state_dict[key]), _array(getattr(owner, attr))
        if value.shape != current.shape:
            errors.append(_mismatch(key, value.shape, current.shape))
            mismatched.append((key, current.shape, value.shape))
        else:
            arrays[key] = value
    if module._keras_face:
        _check_keras_state(module, strict, missing, unexpected, mismatched)
    for key, value in arrays.items():  # as PyTorch, what fits is copied even when something else raises
        owner, attr, _ = targets[key]
        target = _array(getattr(owner, attr))
        if value.dtype.kind not in "fciub":
            errors.append(f"While copying the parameter named \"{key}\", expected numbers, got {value.dtype}.")
            continue
        target[...] = value
    if errors:
        raise RuntimeError(f"Error(s) in loading state_dict for {type(module).__name__}:\n\t" + "\n\t".join(errors))
    return missing, unexpected


def _check_keras_state(module: Any, strict: bool, missing: list, unexpected: list, mismatched: list) -> None:
    """The Keras face's errors (before anything is copied): ConfigError for the keys, ShapeError for a shape."""
    from ligero.errors import ConfigError, ShapeError

    if strict and (missing or unexpected):
        raise ConfigError(f"load_state_dict: state does not match {type(module).__name__}: "
                          f"missing {sorted(missing)}, unexpected {sorted(unexpected)}")
    if mismatched:
        key, have, got = mismatched[0]
        raise ShapeError(f"load_state_dict: '{key}' has shape {have} in the model but {got} in the state")
