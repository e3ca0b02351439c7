"""``keras.utils.plot_model`` and ``model_to_dot``: Keras draws a model with pydot and graphviz; ligero
does not, and says so with the error Keras gives where pydot is missing (an ImportError)."""

from __future__ import annotations

from typing import Any

_HINT = ("ligero does not draw models with pydot; model.summary() prints the layers, their output shapes "
         "and parameter counts")


def plot_model(model: Any, to_file: str = "model.png", show_shapes: bool = False, **kwargs: Any) -> None:
    """Raises ImportError, as Keras's does without pydot (see the module docstring)."""
    raise ImportError(f"You must install pydot (`pip install pydot`) for `plot_model` to work ({_HINT}).")


def model_to_dot(model: Any, show_shapes: bool = False, **kwargs: Any) -> None:
    """Raises ImportError, as Keras's does without pydot (see the module docstring)."""
    raise ImportError(f"You must install pydot (`pip install pydot`) for model_to_dot to work ({_HINT}).")
