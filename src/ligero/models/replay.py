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


class RecordedStep:
    """One recorded training pass: the input leaf, the targets' buffer (when the loss was recorded too),
    the nodes with their recomputations, the output and the loss."""

    def __init__(self, source: Tensor, nodes: list[Tensor], recomputes: list[Any], output: Tensor,
                 weights: list[Tensor]) -> None:
        self.source, self.nodes, self.recomputes, self.output = source, nodes, recomputes, output
        self.weights = weights
        self.trainable = [w.requires_grad for w in weights]
        self.targets: np.ndarray | None = None
        self.loss: Tensor | None = None

    @classmethod
    def of(cls, recording: StepRecording, source: Tensor, output: Any, model: Any) -> RecordedStep | None:
        """The replayable forward pass ``recording`` holds, or None when a condition of the module fails."""
        if (type(output) is not Tensor or output is source or added_losses(model)
                or any(m._hooked for m in model.modules())):
            return None
        weights = {id(p): p for p in model.parameters()}
        used = _replayable(recording, {id(source)}, weights, None)
        if used is None or id(output) not in {id(n) for n in recording.nodes}:
            return None
        return cls(source, list(recording.nodes), [recording.recomputes[id(n)][0] for n in recording.nodes], output,
                   list(used.values()))

    def add_loss(self, recording: StepRecording, loss: Any, targets: np.ndarray, model: Any) -> None:
        """Keep the loss ``recording`` made from the output and the targets' buffer ``targets``, if it can
        be recomputed the same way (else the loss stays eager)."""
        weights = {id(p): p for p in model.parameters()}
        known = {id(self.source)} | {id(n) for n in self.nodes}
        used = _replayable(recording, known, weights, targets)
        if used is None or type(loss) is not Tensor or id(loss) not in {id(n) for n in recording.nodes}:
            return
        self.nodes += recording.nodes
        self.recomputes += [recording.recomputes[id(n)][0] for n in recording.nodes]
        self.weights += [w for w in used.values() if all(w is not v for v in self.weights)]
        self.trainable = [w.requires_grad for w in self.weights]
        self.targets, self.loss = targets, loss

    def current(self) -> bool:
        """Whether the recorded graph still fits: the same weights trainable as when it was recorded."""
        return [w.requires_grad for w in self.weights] == self.trainable

    def run(self, x: np.ndarray, y: Any) -> tuple[Tensor, Tensor | None]:
        """The output (and the loss, if recorded) for the batch ``x`` (and targets ``y``) of the recorded
        shapes, their graph ready for backward."""
        settle_lazy_gradients(node.array for node in self.nodes)  # the arrays about to be rewritten
        self.source.array = x
        if self.targets is not None:
            np.copyto(self.targets, y)
        renumber(self.nodes)
        for recompute in self.recomputes:
            recompute()
        return self.output, self.loss


def _replayable(recording: StepRecording, known: set[int], weights: dict[int, Tensor],
                targets: np.ndarray | None) -> dict[int, Tensor] | None:
    """The weights ``recording``'s nodes read, or None unless every node can recompute and reads only
    nodes of the pass (``known`` or its own), weights, numbers, or (an array) the targets' buffer."""
    made = known | {id(n) for n in recording.nodes}
    used: dict[int, Tensor] = {}
    for node in recording.nodes:
        entry = recording.recomputes.get(id(node))
        if entry is None:
            return None
        for read in entry[1]:
            if type(read) is np.ndarray:
                if targets is None or not np.may_share_memory(read, targets):
                    return None  # an array from elsewhere: its values would be frozen
            elif id(read) in weights:
                used[id(read)] = read
            elif id(read) not in made and read.array.ndim:
                return None  # a tensor made on the side (a noise sample...): it would be frozen
    return used


class ForwardReplay:
    """The training pass of ``model`` for one ``fit``, recorded per batch shape, then replayed: the forward
    pass, and the loss too when ``with_loss`` (the model's own ``compute_loss``, one output, no sample
    weights)."""

    def __init__(self, model: Any, jit_compile: Any, with_loss: bool) -> None:
        self.model = model
        self.enabled = jit_compile is True or (jit_compile == "auto" and model.replay_safe())
        self.with_loss = with_loss
        self.passes: dict[tuple, RecordedStep | None] = {}  # (shapes, dtypes) -> the pass, None if refused
        self.replays = 0  # batches replayed

    def __call__(self, x: Any, y: Any, sample_weight: Any) -> tuple[Any, Tensor | None, bool]:
        """The model's training output for ``x``, the loss if the replay made it (else None: compute it),
        and whether the graph is kept (backward must then retain it)."""
        if not self.enabled or type(x) is not np.ndarray or x.dtype.kind != "f" or masks_in_use():
            return self.model(x, training=True), None, False
        with_loss = self.with_loss and sample_weight is None and type(y) is np.ndarray
        key = (x.shape, x.dtype, y.shape, y.dtype) if with_loss else (x.shape, x.dtype)
        recorded = self.passes.get(key, False)
        if recorded is None:
            return self.model(x, training=True), None, False
        if recorded is not False and recorded.current():
            self.replays += 1
            output, loss = recorded.run(x, y)
            return output, loss, True
        source = Tensor(x, dtype=x.dtype)
        with StepRecording() as recording:
            output = self.model(source, training=True)
        recorded = self.passes[key] = RecordedStep.of(recording, source, output, self.model)
        if recorded is None or not with_loss:
            return output, None, recorded is not None
        targets = np.array(y)  # the pass's own buffer: each replay copies the batch's targets into it
        with StepRecording() as recording:
            loss = self.model.compute_loss(source, targets, output, None)
        recorded.add_loss(recording, loss, targets, self.model)
        return output, loss, True
