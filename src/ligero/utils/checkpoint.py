"""``torch.utils.checkpoint``: activation checkpointing, which trades memory for a second forward.

ligero keeps every activation of the graph anyway, so a checkpointed function simply runs once
and its gradients are exactly those of the plain call (what torch's recomputation reproduces).
"""

from __future__ import annotations

from typing import Any

__all__ = ["checkpoint", "checkpoint_sequential"]


def checkpoint(function: Any, *args: Any, use_reentrant: bool | None = None, context_fn: Any = None,
               determinism_check: str = "default", debug: bool = False, preserve_rng_state: bool = True,
               **kwargs: Any) -> Any:
    """``function(*args, **kwargs)``, with the gradients of the plain call."""
    return function(*args, **kwargs)


def checkpoint_sequential(functions: Any, segments: int, input: Any, use_reentrant: bool | None = None,  # noqa: A002
                          **kwargs: Any) -> Any:
    """Run the modules of a Sequential (or a list of them) one after another on ``input``."""
    modules = list(functions.children()) if hasattr(functions, "children") else list(functions)
    for module in modules:
        input = module(input)
    return input
