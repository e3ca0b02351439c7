"""``ligero.optim``: the PyTorch face of the optimizers (``torch.optim``), over ligero's one update rule each.

``Optimizer`` (param groups, state, state dicts) lives in :mod:`.optimizer`, the
algorithms in :mod:`.algorithms` (each calls its rule in
:mod:`ligero.optimizers.rules`, shared with the Keras face), the schedulers in
:mod:`.lr_scheduler`.
"""

from ligero.optim import lr_scheduler
from ligero.optim.algorithms import SGD, Adadelta, Adagrad, Adam, Adamax, AdamW, NAdam, RAdam, RMSprop
from ligero.optim.optimizer import Optimizer

__all__ = ["SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "NAdam", "Optimizer", "RAdam", "RMSprop",
           "lr_scheduler"]
