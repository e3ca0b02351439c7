"""Every plotting function writes a PNG on small inputs."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero import plotting

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def assert_png(path, min_bytes=2_000):
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert len(data) > min_bytes


class History:  # a Keras-like History
    def __init__(self, history):
        self.history = history


HIST = {"loss": [1.0, 0.7, 0.5], "accuracy": [0.3, 0.5, 0.6],
        "val_loss": [1.1, 0.8, 0.7], "val_accuracy": [0.25, 0.45, 0.5]}


@pytest.mark.parametrize("history", [HIST, History(HIST), {"loss": [3.0, 2.0]}])
def test_plot_history(tmp_path, history):
    path = plotting.plot_history(history, tmp_path / "h.png", title="training")
    assert path == tmp_path / "h.png"
    assert_png(path)


def test_plot_comparison(tmp_path):
    curves = {"SVM": [0.30, 0.35, 0.37], "Softmax": [0.31, 0.36, 0.38], "MLP": [0.35, 0.40, 0.43]}
    assert_png(plotting.plot_comparison(curves, tmp_path / "c.png", ylabel="test accuracy",
                                        title="CIFAR-10"))


@pytest.mark.parametrize(
    "images",
    [
        np.random.default_rng(0).integers(0, 256, (12, 28, 28), dtype=np.uint8),  # MNIST
        np.random.default_rng(1).integers(0, 256, (12, 3, 32, 32), dtype=np.uint8),  # CIFAR NCHW
        np.random.default_rng(2).random((12, 32, 32, 3)).astype(np.float32),  # NHWC floats
        np.random.default_rng(3).standard_normal((12, 784)).astype(np.float32),  # flat standardized
        np.random.default_rng(4).random((12, 3072)),  # flat CIFAR rows
    ],
)
def test_image_grid(tmp_path, images):
    labels = np.arange(12) % 10
    predicted = (labels + (np.arange(12) % 3 == 0)) % 10
    path = plotting.image_grid(images, labels, tmp_path / "g.png", ncols=6, predicted=predicted)
    assert_png(path)


def test_image_grid_path_positional_and_class_names(tmp_path):
    images = np.zeros((3, 3, 32, 32), dtype=np.uint8)
    assert_png(plotting.image_grid(images, tmp_path / "a.png"), min_bytes=500)
    onehot = np.eye(3)
    assert_png(plotting.image_grid(images, labels=onehot, path=tmp_path / "b.png",
                                   class_names=["cat", "dog", "ship"]), min_bytes=500)


def test_plot_mean_image(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (20, 3, 32, 32), dtype=np.uint8)
    assert_png(plotting.plot_mean_image(images, tmp_path / "m.png"))
    labels = np.arange(20) % 4
    assert_png(plotting.plot_mean_image(images, tmp_path / "m4.png", labels=labels,
                                        class_names=["a", "b", "c", "d"]))


@pytest.mark.parametrize("normalize", [False, True])
def test_plot_confusion_matrix(tmp_path, normalize):
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 10, 200)
    y_pred = np.where(rng.random(200) < 0.7, y_true, rng.integers(0, 10, 200))
    path = plotting.plot_confusion_matrix(y_true, y_pred, tmp_path / "cm.png", normalize=normalize,
                                          class_names=[f"c{i}" for i in range(10)])
    assert_png(path)


@pytest.mark.parametrize("kind", ["heatmap", "lines"])
def test_plot_sweep_array_and_mapping(tmp_path, kind):
    grid = np.array([[0.5, 0.8, 1.0], [0.4, 0.7, 0.9]])
    assert_png(plotting.plot_sweep(grid, tmp_path / "s.png", rows=[3, 5], cols=[2, 5, 10], kind=kind))
    mapping = {(3, 2): 0.5, (3, 5): 0.8, (5, 10): 0.9}  # missing pairs stay blank
    assert_png(plotting.plot_sweep(mapping, tmp_path / "s2.png", row_label="N", col_label="N'",
                                   kind=kind))


def test_plot_graph_of_a_small_graph(tmp_path):
    x = lg.Tensor([1.0, 2.0], requires_grad=True, name="x")
    w = lg.tensor([[0.5, -1.0], [2.0, 0.1]], requires_grad=True)  # unnamed input
    y = lg.tanh(x @ w)
    y.retain_grad()
    loss = (y * 2.0).sum()  # a constant and an unnamed intermediate
    loss.backward()
    path = plotting.plot_graph(loss, tmp_path / "graph.png", title="tiny graph")
    assert_png(path)


def test_plot_graph_large_tensors_and_leaf(tmp_path):
    x = lg.tensor(np.ones((8, 5)), requires_grad=True)
    loss = lg.mean(x * x)
    assert_png(plotting.plot_graph(loss, tmp_path / "big.png"))  # no backward: no gradients
    assert_png(plotting.plot_graph(lg.tensor(3.0), tmp_path / "leaf.png"), min_bytes=500)


def test_plot_graph_rejects_non_tensor(tmp_path):
    with pytest.raises(TypeError):
        plotting.plot_graph(np.ones(3), tmp_path / "x.png")
