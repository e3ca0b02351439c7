"""Discretization(num_bins=...).adapt(data): the bin boundaries Keras 3 computes (its own quantile-summary
functions are pure NumPy; its adapt needs TensorFlow to read data, so the test calls those functions)."""

from __future__ import annotations

import os

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ConfigError
from ligero.layers import quantiles

os.environ.setdefault("KERAS_BACKEND", "torch")

kd = pytest.importorskip("keras.src.layers.preprocessing.discretization")


def _keras_boundaries(batches, num_bins, epsilon):
    summary = np.array([[], []], dtype="float32")
    for batch in batches:
        summary = kd.merge_summaries(kd.summarize(np.asarray(batch, "float32"), epsilon), summary, epsilon)
    return kd.get_bin_boundaries(summary, num_bins).tolist()


@pytest.mark.parametrize("num_bins, epsilon", [(4, 0.01), (3, 0.01), (5, 0.1), (10, 0.001)])
def test_adapt_on_an_array_gives_keras_boundaries(num_bins, epsilon):
    data = np.random.default_rng(num_bins).standard_normal((300, 2)).astype("float32")
    layer = keras.layers.Discretization(num_bins=num_bins, epsilon=epsilon)
    layer.adapt(data)
    assert layer.bin_boundaries == pytest.approx(_keras_boundaries([data], num_bins, epsilon), rel=1e-6)
    assert len(layer.bin_boundaries) == num_bins - 1


def test_adapt_on_batches_merges_their_summaries_and_steps_stops_early():
    rng = np.random.default_rng(1)
    batches = [rng.uniform(0, 10, (40, 1)).astype("float32") for _ in range(3)]
    layer = keras.layers.Discretization(num_bins=4)
    layer.adapt(iter(batches))
    assert layer.bin_boundaries == pytest.approx(_keras_boundaries(batches, 4, 0.01), rel=1e-6)
    layer.adapt(batches, steps=1)
    assert layer.bin_boundaries == pytest.approx(_keras_boundaries(batches[:1], 4, 0.01), rel=1e-6)


def test_adapted_layer_bins_values_and_reports_errors():
    layer = keras.layers.Discretization(num_bins=4, output_mode="one_hot")
    with pytest.raises(ConfigError, match="adapt"):
        layer(np.zeros((2, 1), "float32"))
    layer.adapt(np.arange(40, dtype="float32"))
    out = keras.ops.convert_to_numpy(layer(np.array([0.0, 15.0, 39.0], "float32")))
    assert out.argmax(axis=-1).tolist() == [0, 1, 3]
    given = keras.layers.Discretization(bin_boundaries=[0.0, 1.0])
    assert str(keras.ops.convert_to_numpy(given(np.array([[0.5]], "float32"))).dtype) == "int32"
    with pytest.raises(ConfigError, match="num_bins"):
        given.adapt(np.zeros(3))
    with pytest.raises(ConfigError, match="either"):
        keras.layers.Discretization()


def test_summary_compression_keeps_the_total_weight():
    values = np.random.default_rng(2).standard_normal(1000).astype("float32")
    summary = quantiles.merge(quantiles.summarize(values, 0.01), quantiles.empty_summary(), 0.01)
    assert summary.shape[1] <= 101 and float(summary[1].sum()) == pytest.approx(1000, rel=1e-5)
