"""Fit's forward pass, recorded once and replayed for later batches of the same shape (``compile(jit_compile=...)``).

Keras compiles its training step (XLA, on its JAX and TensorFlow backends) when ``jit_compile`` is
``"auto"`` and the model allows it. ligero's counterpart takes the Python out of the forward pass,
which in a small network costs more than the arithmetic: the first training batch of a shape runs
as usual inside a :class:`~ligero.tensor.StepRecording`. The nodes it made are kept when

- every one of them registered how to recompute its output in place (the ops that can: the
  fused ``linear``, tanh, sigmoid, relu, softmax, reshape),
- the graph's only leaves are the model's weights, the input and numbers (no array made on the
  side, such as a noise sample, that would be frozen at its first value), and
- no layer added a loss, and no mask or hook is involved.

A later batch of that shape becomes the input leaf's array, every kept node recomputes its array in
creation order (the same NumPy calls as the eager ops, into the same arrays: the same values, bit for
bit) and the step goes on as usual from the output: the loss, backward through the kept graph
(``retain_graph``), the update, the metrics. A change of which weights are trainable records again.

``jit_compile``: ``"auto"`` (the default) replays models whose every layer is
:meth:`~ligero.layers.Layer.replay_safe` (built-in layers whose call is the same ops for every batch:
no Python branch on values, no random numbers, no state kept outside the ops); ``True`` replays any
model whose recording passes the checks above (as with ``tf.function``, a Python branch on values is
then fixed at its first outcome); ``False`` never replays.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.layers.base import added_losses
from ligero.masks import masks_in_use
from ligero.tensor import StepRecording, Tensor, renumber, settle_lazy_gradients


class RecordedForward:
    """One recorded forward pass: its input leaf, its nodes with their recomputations, its output."""

    def __init__(self, source: Tensor, nodes: list[Tensor], recomputes: list[Any], output: Tensor,
                 weights: list[Tensor]) -> None:
        self.source, self.nodes, self.recomputes, self.output = source, nodes, recomputes, output
        self.weights = weights
        self.trainable = [w.requires_grad for w in weights]

    @classmethod
    def of(cls, recording: StepRecording, source: Tensor, output: Any, model: Any) -> RecordedForward | None:
        """The replayable pass ``recording`` holds, or None when one of the module's conditions fails."""
        nodes, recomputes = recording.nodes, recording.recomputes
        if (type(output) is not Tensor or not nodes or added_losses(model)
                or any(m._hooked for m in model.modules())):
            return None
        made = {id(n) for n in nodes}
        if id(output) not in made or any(id(n) not in recomputes for n in nodes):
            return None
        weights = {id(p): p for p in model.parameters()}
        used: dict[int, Tensor] = {}
        for node in nodes:
            for read in recomputes[id(node)][1]:
                if id(read) in weights:
                    used[id(read)] = read
                elif id(read) not in made and read is not source and read.array.ndim:
                    return None  # an array made on the side (a noise sample...): it would be frozen
        return cls(source, nodes, [recomputes[id(n)][0] for n in nodes], output, list(used.values()))

    def current(self) -> bool:
        """Whether the recorded graph still fits: the same weights trainable as when it was recorded."""
        return all(w.requires_grad is t for w, t in zip(self.weights, self.trainable))

    def run(self, x: np.ndarray) -> Tensor:
        """The output for the batch ``x`` (of the recorded shape and dtype), its graph ready for backward."""
        settle_lazy_gradients(node.array for node in self.nodes)  # the arrays about to be rewritten
        self.source.array = x
        renumber(self.nodes)
        for recompute in self.recomputes:
            recompute()
        return self.output


class ForwardReplay:
    """The training forward pass of ``model`` for one ``fit``: recorded per batch shape, then replayed."""

    def __init__(self, model: Any, jit_compile: Any) -> None:
        self.model = model
        self.enabled = jit_compile is True or (jit_compile == "auto" and model.replay_safe())
        self.passes: dict[tuple, RecordedForward | None] = {}  # (shape, dtype) -> the pass, None if refused
        self.replays = 0  # batches replayed

    def __call__(self, x: Any) -> tuple[Any, bool]:
        """The model's training output for ``x``, and whether its graph is kept (backward must retain it)."""
        if not self.enabled or type(x) is not np.ndarray or x.dtype.kind != "f" or masks_in_use():
            return self.model(x, training=True), False
        key = (x.shape, x.dtype)
        recorded = self.passes.get(key, False)
        if recorded is None:
            return self.model(x, training=True), False
        if recorded is not False and recorded.current():
            self.replays += 1
            return recorded.run(x), True
        source = Tensor(x, dtype=x.dtype)
        with StepRecording() as recording:
            output = self.model(source, training=True)
        recorded = self.passes[key] = RecordedForward.of(recording, source, output, self.model)
        return output, recorded is not None
