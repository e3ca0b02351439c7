"""What ``compile`` sets up, as Keras 3 does: the losses per output and the metrics per output.

- :class:`CompiledLoss`: one loss per output (a single loss is used for every output; a list goes
  by position, a dict by output name), each multiplied by its ``loss_weights`` entry and summed;
  with several outputs, each output's unweighted loss is tracked as ``<output>_loss``.
- :class:`CompiledMetrics`: the ``metrics`` (unweighted) and ``weighted_metrics`` (given the
  sample weights), resolved into Metric objects once the first targets and outputs are seen
  (``"accuracy"`` by their shapes); with several outputs, logged as ``<output>_<metric>``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import losses as _losses
from ligero import metrics as _metrics
from ligero.errors import ConfigError
from ligero.tensor import Tensor


def per_output(spec: Any, names: list[str], what: str) -> list[Any]:
    """``spec`` for each output: the same for all, a list by position, or a dict by output name."""
    if isinstance(spec, dict) and not (what == "loss_weights" and not names):
        unknown = set(spec) - set(names)
        if unknown:
            raise ConfigError(f"compile: {what} names unknown outputs {sorted(unknown)}; the outputs are {names}")
        return [spec.get(name) for name in names]
    if isinstance(spec, (list, tuple)) and len(names) > 1:
        if len(spec) != len(names):
            raise ConfigError(f"compile: {len(spec)} {what} for a model of {len(names)} outputs {names}")
        return list(spec)
    return [spec] * max(1, len(names))


class CompiledLoss:
    """The total loss ``Σ_k w_k · loss_k(y_k, p_k, sample_weight)`` over the outputs."""

    def __init__(self, loss: Any, loss_weights: Any, output_names: list[str]) -> None:
        self.spec, self.weights_spec = loss, loss_weights
        self.output_names = output_names
        self.losses = [_losses.resolve(spec) for spec in per_output(loss, output_names, "losses")]
        if loss_weights is None:
            self.loss_weights: list[Any] = [None] * len(self.losses)
        elif isinstance(loss_weights, (int, float)):
            self.loss_weights = [float(loss_weights)] * len(self.losses)
        else:
            self.loss_weights = per_output(loss_weights, output_names, "loss_weights")
        self.trackers = [_metrics.Mean(name=f"{n}_loss") for n in output_names] if len(self.losses) > 1 else []
        self.built = False  # set by the first call (fit or evaluate): then model.metrics lists the trackers

    @property
    def first(self) -> Any:
        return self.losses[0]

    def __call__(self, y: list[Any], pred: list[Tensor], sample_weight: Any) -> Tensor | None:
        self.built = True
        total = None
        for k, (loss, weight) in enumerate(zip(self.losses, self.loss_weights)):
            if loss is None:
                continue
            sw = sample_weight[k] if isinstance(sample_weight, list) else sample_weight
            value = loss(y[k], pred[k]) if sw is None else loss(y[k], pred[k], sample_weight=sw)
            if self.trackers:
                self.trackers[k].update_scalar(float(value.array), float(len(y[k])))
            if weight is not None:
                value = value * float(weight)
            total = value if total is None else total + value
        return total

    def reset(self) -> None:
        for tracker in self.trackers:
            tracker.reset_state()

    def results(self) -> dict[str, float]:
        return {t.name: t.value() for t in self.trackers}


class CompiledMetrics:
    """The compiled metrics of each output, resolved from the first batch's targets and outputs."""

    def __init__(self, metrics: Any, weighted_metrics: Any, output_names: list[str]) -> None:
        self.output_names = output_names
        self.metric_specs = self._specs(metrics)
        self.weighted_specs = self._specs(weighted_metrics)
        for specs in (*self.metric_specs, *self.weighted_specs):
            for spec in specs:
                if isinstance(spec, str) and spec.lower() not in ("accuracy", "acc"):
                    _metrics.get(spec)  # fails early on an unknown name
        self.metrics: list[list[Any]] | None = None
        self.weighted: list[list[Any]] | None = None
        self._kind: list[Any] = []
        self.empty = not any(self.metric_specs) and not any(self.weighted_specs)  # no metrics at all

    def _specs(self, given: Any) -> list[list[Any]]:
        if given is None:
            return [[] for _ in range(max(1, len(self.output_names)))]
        if isinstance(given, str) or callable(given) or isinstance(given, _metrics.Metric):
            given = [given]
        if isinstance(given, dict):
            return [_as_list(v) for v in per_output(given, self.output_names, "metrics")]
        given = list(given)
        if len(self.output_names) > 1 and given and all(isinstance(g, (list, tuple)) or g is None for g in given):
            return [_as_list(v) for v in per_output(given, self.output_names, "metrics")]
        return [list(given) for _ in range(max(1, len(self.output_names)))]

    def build(self, y: list[np.ndarray], pred: list[Any]) -> None:
        """Resolve the metrics for targets like ``y``; again when the targets change kind (labels or rows)."""
        kind = [(a.ndim, a.shape[-1:] == (1,)) for a in (y if type(y[0]) is np.ndarray else map(np.asarray, y))]
        if self.metrics is not None and kind == self._kind:
            return
        self._kind = kind
        prefix = len(self.output_names) > 1

        def make(specs: list[Any], k: int) -> list[Any]:
            made = []
            for spec in specs:
                metric = _metrics.resolve(spec, np.shape(y[k]), np.shape(pred[k]))
                if prefix:
                    metric.name = f"{self.output_names[k]}_{metric.name}"
                made.append(metric)
            return made

        self.metrics = [make(specs, k) for k, specs in enumerate(self.metric_specs)]
        self.weighted = [make(specs, k) for k, specs in enumerate(self.weighted_specs)]
        _rename_duplicates([m for group in self.weighted for m in group],
                           {m.name for group in self.metrics for m in group}, "weighted_")
        self._updates = [(k, m, False) for k, group in enumerate(self.metrics) for m in group] + [
            (k, m, True) for k, group in enumerate(self.weighted) for m in group]
        self._readers = [(m, _fast_reader(m)) for _, m, _ in self._updates]

    def update(self, y: list[np.ndarray], pred: list[np.ndarray], sample_weight: Any) -> None:
        self.build(y, pred)
        for k, metric, weighted in self._updates:
            if weighted:
                sw = sample_weight[k] if isinstance(sample_weight, list) else sample_weight
                metric.update_state(y[k], pred[k], sample_weight=sw)
            else:
                metric.update_state(y[k], pred[k])

    def all(self) -> list[Any]:
        return [m for groups in (self.metrics or [], self.weighted or []) for group in groups for m in group]

    def reset(self) -> None:
        for metric in self.all():
            metric.reset_state()

    def results(self) -> dict[str, float]:
        if self.metrics is None:
            return {}
        return {m.name: read() if read is not None else _value(m) for m, read in self._readers}


def _fast_reader(metric: Any) -> Any:
    """``metric.value`` for a running mean read as its float directly (``fit`` reads every metric
    after every batch, and a tensor per read costs a small net's step); None for any other metric."""
    if isinstance(metric, _metrics.Mean) and type(metric).result is _metrics.Mean.result:
        return metric.value
    return None


def _value(metric: Any) -> Any:
    """A metric's result as a float (a list for vector results)."""
    read = _fast_reader(metric)
    if read is not None:
        return read()
    result = metric.result()
    a = np.asarray(result.array if isinstance(result, Tensor) else result)
    return float(a) if a.ndim == 0 else a.tolist()


def _as_list(spec: Any) -> list[Any]:
    if spec is None:
        return []
    return list(spec) if isinstance(spec, (list, tuple)) else [spec]


def _rename_duplicates(metrics: list[Any], taken: set[str], prefix: str) -> None:
    for metric in metrics:
        if metric.name in taken:
            metric.name = prefix + metric.name


class CompileMetrics(_metrics.Metric):
    """Keras 3's ``compile_metrics``: every compiled metric as the one Metric that ``model.metrics``
    lists after the loss. ``update_state(y, y_pred, sample_weight)`` updates each (``y`` and ``y_pred``
    one array, or a list or a dict per output), ``result()`` is the dict of their results by name,
    ``reset_state()`` resets each."""

    def __init__(self, compiled: CompiledMetrics) -> None:
        self.compiled = compiled
        super().__init__(name="compile_metrics")

    def _per_output(self, value: Any) -> list[Any]:
        names = self.compiled.output_names
        if isinstance(value, dict):
            return [value[n] for n in names] if all(n in value for n in names) else list(value.values())
        if isinstance(value, (list, tuple)) and len(names) > 1:
            return list(value)
        return [value]

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        ys = [np.asarray(getattr(y, "array", y)) for y in self._per_output(y_true)]
        preds = [np.asarray(getattr(p, "array", p)) for p in self._per_output(y_pred)]
        self.compiled.update(ys, preds, sample_weight)

    def result(self) -> dict[str, Any]:  # type: ignore[override]
        return self.compiled.results()

    def reset_state(self) -> None:
        self.compiled.reset()
