"""The decks' exercises as experiments: mnist-softmax/-mlp/-cnn, regression, regularization, leaderboard,
and the deck's layout (volumes, N = (W − F + 2P)/S + 1) printed by ``cnn``."""

from __future__ import annotations

import gzip
import json
import struct

import numpy as np
import pytest

import ligero.keras as keras
from ligero import experiments
from ligero.errors import ConfigError, DataError, DataFileError
from ligero.experiments.cnn import course_cnn
from ligero.experiments.deck_layout import deck_layout, layout_line, layout_text, output_size
from ligero.experiments.leaderboard import collect, run_files
from ligero.experiments.regression import PROBLEMS, build_model, grid, sample
from ligero.experiments.regularization import build_model as regularized_model

DECK = ["mnist-softmax", "mnist-mlp", "mnist-cnn", "regression", "regularization"]


def _metrics(folder):
    return json.loads((folder / "metrics.json").read_text(encoding="utf-8"))


def write_idx_test_split(directory, n, seed=0):
    """A tiny MNIST test split in the official IDX layout (gzip): t10k images and labels, their arrays."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, n).astype(np.uint8)
    directory.mkdir(parents=True, exist_ok=True)
    for name, array, code in (("t10k-images-idx3-ubyte.gz", images, 0x08), ("t10k-labels-idx1-ubyte.gz", labels, 8)):
        header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
        (directory / name).write_bytes(gzip.compress(header + array.tobytes()))
    return images, labels


# ---------------------------------------------------------------------------
# every new experiment end to end on tiny data
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", DECK)
def test_runs_end_to_end_quick(name, tmp_path):
    result = experiments.run(name, out=tmp_path / name, quick=True, quiet=True)
    metrics = _metrics(tmp_path / name)
    assert metrics["experiment"] == name and result["final"] == metrics["final"]
    assert (tmp_path / name / "report.md").read_text(encoding="utf-8").startswith("# ")
    assert metrics["figures"]
    for figure in metrics["figures"]:
        assert (tmp_path / name / figure).stat().st_size > 1000
    if name == "regression":
        assert set(metrics["results"]) == {"1d", "2d"} and "fit_1d.png" in metrics["figures"]
        assert all(np.isfinite(r["test_mse"]) for r in metrics["results"].values())
        return
    entries = metrics["leaderboard"]
    assert entries and all(0.0 <= e["test_accuracy"] <= 1.0 and e["train_seconds"] >= 0 for e in entries)
    if name == "regularization":
        assert [e["model"] for e in entries] == [f"regularization: {v}" for v in
                                                 ("plain", "dropout", "l2", "early stopping")]
        assert len([f for f in metrics["figures"] if f.startswith("curves_")]) == 4
    else:
        final = metrics["final"]
        assert (final["train_samples"], final["test_samples"]) == (240, 60)
        assert final["correct"] == round(final["test_accuracy"] * 60)


def test_mnist_experiments_read_an_idx_split_and_cap_it(tmp_path):
    write_idx_test_split(tmp_path / "idx", 50)
    experiments.run("mnist-softmax", out=tmp_path / "run", mnist=tmp_path / "idx", samples=20, test_samples=5,
                    epochs=2, quiet=True)
    metrics = _metrics(tmp_path / "run")
    final = metrics["final"]
    assert (final["train_samples"], final["test_samples"], final["epochs"]) == (20, 5, 2)
    assert "IDX test split" in metrics["leaderboard"][0]["data"]
    assert len(metrics["history"]["loss"]) == 2


def test_softmax_learns_separable_digits(tmp_path):
    # two kinds of "digit" (ink in the left half: 0; in the right half: 7) the softmax regression must tell apart
    d = tmp_path / "idx"
    d.mkdir()
    rng = np.random.default_rng(0)
    images = rng.integers(0, 40, (100, 28, 28)).astype(np.uint8)
    labels = (np.arange(100) % 2 * 7).astype(np.uint8)
    images[labels == 0, :, :14] += 200
    images[labels == 7, :, 14:] += 200
    for name, array, code in (("t10k-images-idx3-ubyte", images, 8), ("t10k-labels-idx1-ubyte", labels, 8)):
        (d / name).write_bytes(bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
                               + array.tobytes())
    result = experiments.run("mnist-softmax", out=tmp_path / "run", mnist=d, epochs=3, quiet=True)
    assert result["final"]["test_accuracy"] == 1.0 and result["final"]["test_samples"] == 20


@pytest.mark.parametrize("options, message", [({"widths": "32,x,1024"}, "--widths"),
                                              ({"widths": "32,64"}, "--widths"),
                                              ({"samples": -1}, "--samples")])
def test_bad_options_give_one_clear_error(tmp_path, options, message):
    with pytest.raises(ConfigError, match=message):
        experiments.run("mnist-cnn", out=tmp_path, quick=True, quiet=True, **options)


def test_missing_mnist_folder_names_it(tmp_path):
    with pytest.raises(DataFileError, match="nowhere"):
        experiments.run("mnist-mlp", out=tmp_path / "run", mnist=tmp_path / "nowhere", quiet=True)


def test_regularization_rejects_a_subset_larger_than_the_data(tmp_path):
    write_idx_test_split(tmp_path / "idx", 30)
    with pytest.raises(DataError, match="fewer than the subset"):
        experiments.run("regularization", out=tmp_path / "run", mnist=tmp_path / "idx", samples=20,
                        validation=10, quiet=True)


# ---------------------------------------------------------------------------
# regression and regularization pieces
# ---------------------------------------------------------------------------


def test_regression_mlp_fits_the_sinusoid_and_has_a_linear_output():
    problem = PROBLEMS[0]
    x, t = sample(problem, 60, np.random.default_rng(0))
    model = build_model(1, hidden=16, seed=0)
    assert model.layers[-1].activation.get_config()["name"] == "linear"
    xs = grid(problem, 50)
    before = float(np.mean((model.predict(xs, verbose=0)[:, 0] - problem.func(xs)) ** 2))
    model.fit(x, t, batch_size=32, epochs=300, verbose=0)
    after = float(np.mean((model.predict(xs, verbose=0)[:, 0] - problem.func(xs)) ** 2))
    assert after < 0.05 < before  # sin(2πx) has variance 0.5: the fit follows it


def test_grid_covers_the_box():
    g = grid(PROBLEMS[1], 5)
    assert g.shape == (25, 2) and g.min() == -1.0 and g.max() == 1.0 and len(np.unique(g, axis=0)) == 25


def test_regularized_models_carry_their_remedy():
    assert any(type(layer).__name__ == "Dropout" for layer in regularized_model("dropout").layers)
    l2 = regularized_model("l2")
    assert all(layer.kernel_regularizer is not None for layer in l2.layers)
    assert all(layer.kernel_regularizer is None for layer in regularized_model("plain").layers)
    with pytest.raises(ConfigError, match="unknown variant"):
        regularized_model("weight noise")


# ---------------------------------------------------------------------------
# the deck's layout
# ---------------------------------------------------------------------------


def test_course_cnn_in_the_deck_layout():
    rows = deck_layout(course_cnn())
    assert layout_line(rows) == "INPUT [32,32,3] → CONV [32,32,12] → RELU [32,32,12] → POOL [16,16,12] → FC [1,1,10]"
    by_name = {r.name: r for r in rows}
    assert "(32 − 3 + 2·1)/1 + 1 = 32" in by_name["CONV"].formula
    assert "(32 − 2 + 2·0)/2 + 1 = 16" in by_name["POOL"].formula
    assert by_name["FC"].computed == 1


@pytest.mark.parametrize("size, kernel, strides, padding", [(9, 3, 2, "valid"), (9, 3, 2, "same"),
                                                            (28, 5, 1, "same"), (10, 4, 3, "valid")])
def test_formula_matches_the_real_output_shape(size, kernel, strides, padding):
    model = keras.Sequential([keras.Input((size, size, 2)), keras.layers.Conv2D(3, kernel, strides=strides,
                                                                                  padding=padding),
                              keras.layers.MaxPooling2D(2, padding=padding)])
    rows = deck_layout(model)
    for row in rows[1:]:
        assert row.computed == row.shape[1], (row, layout_text(rows))


def test_output_size_is_the_deck_formula():
    assert output_size(32, 3, 1, 1) == 32 and output_size(32, 2, 0, 2) == 16 and output_size(7, 3, 0, 2) == 3


def test_cnn_prints_the_deck_layout(tmp_path, capsys):
    experiments.run("cnn", out=tmp_path, quick=True, epochs=1)
    printed = capsys.readouterr().out
    lines = [line.split() for line in printed.splitlines()]
    for name, volume in [("INPUT", "[32,32,3]"), ("CONV", "[32,32,12]"), ("RELU", "[32,32,12]"),
                         ("POOL", "[16,16,12]"), ("FC", "[1,1,10]")]:
        assert [name, volume] in [line[:2] for line in lines], printed
    assert "(32 − 3 + 2·1)/1 + 1 = 32" in printed and "(32 − 2 + 2·0)/2 + 1 = 16" in printed
    assert "INPUT [32,32,3] → CONV [32,32,12]" in (tmp_path / "report.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# the leaderboard
# ---------------------------------------------------------------------------


def _write(folder, metrics):
    folder.mkdir(parents=True)
    (folder / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")


def test_leaderboard_ranks_every_mnist_run(tmp_path):
    runs = tmp_path / "runs"
    _write(runs / "cnn", {"experiment": "mnist-cnn", "leaderboard": [
        {"model": "mnist-cnn", "test_accuracy": 0.99, "train_seconds": 500, "test_samples": 2000}]})
    _write(runs / "soft", {"experiment": "mnist-softmax", "leaderboard": [
        {"model": "mnist-softmax", "test_accuracy": 0.91, "train_seconds": 3, "test_samples": 2000}]})
    _write(runs / "linear", {"experiment": "linear", "results": {
        "mnist_svm": {"test_accuracy": 0.88, "seconds": 9}, "cifar_svm": {"test_accuracy": 0.38, "seconds": 9}}})
    _write(runs / "digits", {"experiment": "mnist", "final": {"test_accuracy": 0.91, "train_seconds": 40,
                                                              "test_samples": 100}})
    _write(runs / "cifar", {"experiment": "cifar-mse", "final": {"test_accuracy": 0.36}})
    result = experiments.run("leaderboard", out=runs / "leaderboard", quiet=True)
    rows = result["leaderboard_rows"]
    assert [r["model"] for r in rows] == ["mnist-cnn", "mnist-softmax", "mnist (784-200-10)", "linear: svm"]
    assert result["final"]["best_model"] == "mnist-cnn" and result["final"]["runs"] == 5
    report = (runs / "leaderboard" / "report.md").read_text(encoding="utf-8")
    assert "| 1 | mnist-cnn | 0.9900 | 2000 |" in report
    # run again: its own earlier metrics.json is not a run to rank
    again = experiments.run("leaderboard", out=runs / "leaderboard", quiet=True)
    assert len(again["leaderboard_rows"]) == 4


def test_leaderboard_reads_real_runs(tmp_path):
    for name in ("mnist-softmax", "regularization"):
        experiments.run(name, out=tmp_path / "runs" / name, quick=True, quiet=True)
    rows = collect(run_files([tmp_path / "runs"]))
    assert len(rows) == 5 and rows == sorted(rows, key=lambda r: (-r["test_accuracy"], r["train_seconds"]))
    assert {r["run"] for r in rows} == {"mnist-softmax", "regularization"}


def test_leaderboard_bad_input(tmp_path):
    with pytest.raises(DataFileError, match="no such folder"):
        experiments.run("leaderboard", out=tmp_path / "lb", runs=[tmp_path / "missing"], quiet=True)
    _write(tmp_path / "runs" / "cifar", {"experiment": "cifar-mse", "final": {"test_accuracy": 0.36}})
    with pytest.raises(DataError, match="no MNIST run"):
        experiments.run("leaderboard", out=tmp_path / "lb", runs=[tmp_path / "runs"], quiet=True)
    (tmp_path / "runs" / "broken").mkdir()
    (tmp_path / "runs" / "broken" / "metrics.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFileError, match="broken"):
        experiments.run("leaderboard", out=tmp_path / "lb", runs=[tmp_path / "runs"], quiet=True)
