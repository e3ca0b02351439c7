"""torch's global settings and compilation entry points, as a NumPy-only, CPU-only torch answers them.

``torch.compile`` gives back what it is given (ligero runs every call eagerly, as torch does with
``backend="eager"``); the matmul-precision and determinism switches are recorded and read back
(NumPy's float32 products are always full precision, and its results deterministic).
"""

from __future__ import annotations

from typing import Any

from ligero.nn.module import Module

__all__ = ["OptimizedModule", "are_deterministic_algorithms_enabled", "compile", "get_float32_matmul_precision",
           "set_float32_matmul_precision", "use_deterministic_algorithms"]

_STATE = {"precision": "highest", "deterministic": False}


def compile(model: Any = None, *, fullgraph: bool = False, dynamic: Any = None,  # noqa: A001 - torch's name
            backend: Any = "inductor", mode: Any = None, options: Any = None, disable: bool = False) -> Any:
    """``model`` itself (a Module or a function), run eagerly; used as ``@torch.compile`` or
    ``@torch.compile(mode=...)`` it decorates the same way."""
    if model is None:
        return lambda fn: fn
    if not callable(model):
        raise RuntimeError(f"compile: expected a Module or a function, got {type(model).__name__}")
    return OptimizedModule(model) if isinstance(model, Module) else model


class OptimizedModule(Module):
    """torch's wrapper of a compiled Module: the original as ``_orig_mod`` (so the state dict's keys
    start with ``_orig_mod.``, as torch's), every call and attribute passed on to it."""

    def __init__(self, mod: Module) -> None:
        super().__init__()
        self._orig_mod = mod

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self._orig_mod(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        modules = self.__dict__.get("_modules", {})
        if "_orig_mod" in modules and name != "_orig_mod":
            return getattr(modules["_orig_mod"], name)
        raise AttributeError(f"'OptimizedModule' object has no attribute {name!r}")


def set_float32_matmul_precision(precision: str) -> None:
    """torch's switch between full float32 products and TF32/bfloat16 ones: 'highest', 'high', 'medium'."""
    if precision not in ("highest", "high", "medium"):
        raise RuntimeError(f"Invalid precision {precision!r}: expected one of 'highest', 'high', 'medium'")
    _STATE["precision"] = precision


def get_float32_matmul_precision() -> str:
    return str(_STATE["precision"])


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Record the request (every ligero op is deterministic already)."""
    _STATE["deterministic"] = bool(mode)


def are_deterministic_algorithms_enabled() -> bool:
    return bool(_STATE["deterministic"])
