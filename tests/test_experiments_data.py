"""The data experiments (CIFAR MLPs, linear classifiers, digits, perceptron rule) end to end on tiny data.

No network and no real data set: quick mode synthesizes CIFAR-shaped images
or uses a few of the embedded digits; fake CIFAR batches and course-format
files are written here.
"""

from __future__ import annotations

import contextlib
import io
import json
import pickle
import re
from pathlib import Path

import numpy as np
import pytest

import ligero as lg
from ligero import datasets, experiments
from ligero.cli import main
from ligero.experiments import mnist

NAMES = ["cifar-mse", "cifar-cce", "cifar-relu", "cifar-deep", "linear", "perceptron-rule"]  # mnist: below


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("tests must not use the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def check_run(result: dict, out: Path) -> dict:
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["final"] and metrics["final"] == json.loads(json.dumps(result["final"]))
    assert (out / "report.md").read_text().startswith("# ")
    assert metrics["figures"], "no figures"
    for fig in metrics["figures"]:
        assert (out / fig).stat().st_size > 1000, fig
    return metrics


@pytest.mark.parametrize("name", NAMES)
def test_experiment_runs_quick(name, tmp_path):
    out = tmp_path / name
    result = experiments.run(name, out=out, quick=True, quiet=True)
    metrics = check_run(result, out)
    if name.startswith("cifar"):
        history = metrics["history"]
        assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(history)
        assert "val_accuracy" in metrics["final"]
        assert {"samples.png", "history.png", "mean_image.png"} <= set(metrics["figures"])
    if name == "perceptron-rule":
        assert metrics["final"]["converged_AND"] and metrics["final"]["converged_OR"]
        assert not metrics["final"]["converged_XNOR"]


def test_cifar_relu_one_combination_with_sigmoid_cce_as_logits(tmp_path):
    result = experiments.run("cifar-relu", out=tmp_path, quick=True, quiet=True, output="sigmoid", loss="cce",
                             sigmoid_cce="logits", l2=0.0)
    assert set(result["results"]) == {"relu_sigmoid_cce"}
    assert result["final"]["val_accuracy"] == result["results"]["relu_sigmoid_cce"]["val_accuracy"]
    report = (tmp_path / "report.md").read_text()
    assert "CCE on a sigmoid output: `logits`" in report and "no L2 penalty" in report


def test_normalized_crossentropy_formula():
    from ligero.experiments.cifar import NormalizedCrossentropy

    s = np.array([[0.2, 0.6, 0.2], [0.5, 0.25, 0.25]])
    t = np.eye(3)[[1, 0]]
    loss = NormalizedCrossentropy()(t, lg.tensor(s, dtype=np.float64))  # targets first, as Keras
    assert float(loss.data) == pytest.approx(-(np.log(0.6) + np.log(0.5)) / 2)


def write_fake_cifar(root: Path, rows: int = 20) -> Path:
    """root/cifar-10-batches-py in the official layout, ``rows`` random images per batch."""
    d = root / "cifar-10-batches-py"
    d.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        batch = {b"batch_label": name.encode(), b"labels": [int(v) for v in rng.integers(0, 10, rows)],
                 b"data": rng.integers(0, 256, (rows, 3072), dtype=np.uint8),
                 b"filenames": [f"{name}_{i}.png".encode() for i in range(rows)]}
        with open(d / name, "wb") as f:
            pickle.dump(batch, f, protocol=2)
    meta = {b"num_cases_per_batch": rows, b"num_vis": 3072,
            b"label_names": [c.encode() for c in datasets.CIFAR10_CLASSES]}
    with open(d / "batches.meta", "wb") as f:
        pickle.dump(meta, f, protocol=2)
    return d


def test_cifar_from_data_dir_is_centered_on_the_training_mean(tmp_path):
    from ligero.experiments import cifar
    from ligero.experiments._run import RunConfig

    write_fake_cifar(tmp_path / "data")
    config = RunConfig(name="cifar-cce", out=tmp_path / "out", data_dir=tmp_path / "data")
    data = cifar.load_data(config)
    assert data.x_train.shape == (100, 3072) and data.x_test.shape == (20, 3072)
    np.testing.assert_allclose(data.x_train.mean(axis=0), 0, atol=1e-6)
    (raw, _), (raw_test, _) = datasets.load_cifar10(tmp_path / "data")
    np.testing.assert_allclose(data.x_test, raw_test.reshape(20, -1) / 255 - raw.reshape(100, -1).mean(0) / 255,
                               atol=1e-6)
    assert data.source.startswith("CIFAR-10 from")


def test_mlp_curves_pick_one_run_per_experiment(tmp_path):
    from ligero.experiments.cifar import mlp_curves

    for d, name, acc in [("cifar-cce", "cifar-cce", 0.4), ("cce-other", "cifar-cce", 0.1), ("x", "xnor", 1.0)]:
        (tmp_path / d).mkdir()
        (tmp_path / d / "metrics.json").write_text(json.dumps(
            {"experiment": name, "history": {"val_accuracy": [acc, acc]}}))
    assert mlp_curves(tmp_path) == {"MLP cifar-cce": [0.4, 0.4]}


# ---------------------------------------------------------------------------
# digits: save -> reload -> evaluate
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mnist_run(tmp_path_factory):
    """``ligero run mnist --quick --data FILE`` on 200 embedded digits written in the course format."""
    root = tmp_path_factory.mktemp("mnist")
    x, y = datasets.load_mnist_txt(None, limit=mnist.QUICK_SAMPLES)
    data = root / "digits.txt.gz"
    datasets.save_mnist_txt(data, x, y)
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        assert main(["run", "mnist", "--quick", "--data", str(data), "--out", str(root / "run")]) == 0
    result = json.loads((root / "run" / "metrics.json").read_text())
    return root / "run", result, text.getvalue()


def test_mnist_reloaded_model_predicts_identically(mnist_run):
    out, result, _ = mnist_run
    metrics = check_run(result, out)
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(metrics["history"])
    assert {"cost.png", "history.png", "samples.png", "misclassified.png"} <= set(metrics["figures"])
    assert metrics["final"]["test_accuracy"] == metrics["final"]["correct"] / metrics["final"]["test_samples"]
    assert result["final"]["reloaded_identical"] is True
    x, y = datasets.load_mnist_txt(None, limit=mnist.QUICK_SAMPLES)
    _, test = mnist.split(len(x))
    x_test = mnist.prepare(x[test])
    reloaded = lg.load_model(out / mnist.MODEL_FILE)
    again = lg.load_model(out / mnist.MODEL_FILE)
    np.testing.assert_array_equal(reloaded.predict(x_test), again.predict(x_test))
    predicted = reloaded.predict(x_test).argmax(axis=1)
    assert int((predicted == y[test]).sum()) == result["final"]["correct"]
    wrong = {m["index"] for m in result["misclassified"]}
    assert wrong == {int(i) + test.start for i in np.flatnonzero(predicted != y[test])}


def test_evaluate_command_on_a_course_file(mnist_run, tmp_path, capsys):
    out, _, _ = mnist_run
    x, y = datasets.load_mnist_txt(None, limit=260)
    x, y = x[200:260], y[200:260]  # digits the quick run never saw
    data = tmp_path / "digits.txt"
    datasets.save_mnist_txt(data, x, y)
    model = lg.load_model(out / mnist.MODEL_FILE)
    correct = int((model.predict(mnist.prepare(x)).argmax(axis=1) == y).sum())
    code = mnist.evaluate_command(model=out / mnist.MODEL_FILE, data=data, out=tmp_path / "eval")
    assert code == 0
    printed = capsys.readouterr().out
    assert mnist.rate(correct, 60) in printed
    evaluation = json.loads((tmp_path / "eval" / "evaluation.json").read_text())
    assert evaluation["correct"] == correct and evaluation["total"] == 60
    assert (tmp_path / "eval" / "misclassified.png").exists()


def test_cli_evaluate_prints_the_number_the_run_printed(mnist_run, tmp_path, capsys):
    out, result, run_text = mnist_run
    printed = re.search(r"Recognition on .*?: (\d+\.\d+ % \(\d+/\d+\))", run_text).group(1)
    assert printed == mnist.rate(result["final"]["correct"], result["final"]["test_samples"])
    x, y = datasets.load_mnist_txt(None, limit=mnist.QUICK_SAMPLES)
    _, test = mnist.split(len(x))
    test_file = tmp_path / "test.txt"
    datasets.save_mnist_txt(test_file, x[test], y[test])
    assert main(["evaluate", str(out / mnist.MODEL_FILE), "--data", str(test_file)]) == 0
    assert printed in capsys.readouterr().out


def test_evaluate_command_default_is_the_held_out_embedded_digits(mnist_run, capsys):
    out, _, _ = mnist_run
    mnist.evaluate_command(model=out / mnist.MODEL_FILE)
    assert re.search(r"held-out embedded digits \(samples 900-999\): \d+\.\d+ % \(\d+/100\)",
                     capsys.readouterr().out)


def test_mnist_split_and_augment():
    assert mnist.split(1000) == (slice(0, 900), slice(900, 1000))
    assert mnist.split(100) == (slice(0, 80), slice(80, 100))
    img = np.zeros((1, 28, 28), dtype=np.uint8)
    img[0, 5, 7] = 200
    x, y = mnist.augment(img, np.array([4]))
    assert x.shape == (5, 28, 28) and list(y) == [4] * 5
    assert [tuple(np.argwhere(a)[0]) for a in x] == [(5, 7), (6, 7), (4, 7), (5, 8), (5, 6)]
    edge = np.zeros((1, 28, 28), dtype=np.uint8)
    edge[0, 27, 0] = 9
    assert mnist.shift(edge, 1, 0).sum() == 0 and mnist.shift(edge, 0, -1).sum() == 0
