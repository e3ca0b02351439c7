"""What ``fit`` keeps to recover from a bad epoch, and the check for weights that hold NaN or inf."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ligero.models.data import user_stacklevel
from ligero.nn.parameter import Parameter


class LastGood:
    """The weights, buffers and optimizer state at the end of the last completed epoch.

    Saved after every epoch into copies made once (the arrays are found once, not
    per epoch); ``restore`` puts them back in place. The optimizer keeps its
    current hyper-parameters (a callback may have changed the learning rate since).
    """

    def __init__(self, model: Any) -> None:
        self.model = model
        self.arrays = [p.array for p in model.parameters()] + [b for _, b in model.named_buffers()]
        self.copies = [a.copy() for a in self.arrays]
        self.optimizer_state = model.optimizer.state_dict(config=False)  # restore() uses the current one

    def save(self) -> None:
        for copy, array in zip(self.copies, self.arrays):
            copy[...] = array
        self.optimizer_state = self.model.optimizer.state_dict(config=False)

    def restore(self) -> None:
        for array, copy in zip(self.arrays, self.copies):
            array[...] = copy
        optimizer = self.model.optimizer
        optimizer.load_state_dict({**self.optimizer_state, "config": optimizer.get_config()})


def nonfinite_weights(model: Any) -> list[str]:
    """Names (``layer.attribute``) of the parameters of ``model`` holding NaN or infinite values."""
    bad: list[str] = []
    seen: set[int] = set()
    for module_name, module in model.named_modules():
        label = getattr(module, "name", None) or module_name or type(module).__name__
        for attr, value in vars(module).items():
            if isinstance(value, Parameter) and id(value) not in seen:
                seen.add(id(value))
                if not np.isfinite(value.array).all():
                    bad.append(f"{label}.{attr}")
    return bad


def warn_if_nonfinite(model: Any, where: str, what: str) -> None:
    """Say why ``what`` (the outputs, the loss) came out NaN or infinite."""
    bad = nonfinite_weights(model)
    if bad:
        why = (f"the weights {', '.join(bad[:5])} hold NaN or infinite values (build the model again "
               "or load finite weights)")
    else:
        why = "the weights are finite, so the inputs are too large or a computation overflowed"
    warnings.warn(f"{where}: {what} contain NaN or infinite values: {why}", RuntimeWarning,
                  stacklevel=user_stacklevel())
