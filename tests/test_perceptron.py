"""P2 Ej1 / Ej2 against values derived by hand, and the experiments' output files."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from ligero.cli import main
from ligero.experiments import perceptron as P

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# ---------------------------------------------------------------------------
# Ej1 by hand: h = w·x + b = 1.45·2.8 + (-0.35)(-1.8) - 4 = 4.06 + 0.63 - 4 = 0.69
# ---------------------------------------------------------------------------

X = np.array([2.8, -1.8])
W = np.array([1.45, -0.35])
H = 1.45 * 2.8 + (-0.35) * (-1.8) - 4.0  # 0.69

# f and df/dh for each activation, at h = 0.69 > 0
HAND = {
    # σ(h) = 1/(1+e^-h);  dσ/dh = σ(1-σ)
    "sigmoid": (sig(H), sig(H) * (1 - sig(H))),
    # tanh h;  d/dh = 1 - tanh² h
    "tanh": (math.tanh(H), 1 - math.tanh(H) ** 2),
    # ELU: h for h > 0, slope 1
    "elu": (H, 1.0),
    # leaky ReLU: h for h > 0, slope 1
    "leaky_relu": (H, 1.0),
}


def test_h_is_069():
    assert H == pytest.approx(0.69)
    assert P.neuron("sigmoid")["h"] == pytest.approx(0.69, abs=1e-12)


def test_sigmoid_reference_numbers():
    r = P.neuron("sigmoid")
    assert round(r["f"], 3) == 0.666  # not 0.33 as one report prints
    assert round(r["dh"], 3) == 0.222
    np.testing.assert_allclose(np.round(r["grad_x"], 3), [0.323, -0.078])
    np.testing.assert_allclose(np.round(r["grad_w"], 3), [0.623, -0.400])
    assert round(r["grad_b"], 3) == 0.222


@pytest.mark.parametrize("activation", list(HAND))
def test_neuron_matches_hand_derivation(activation):
    f, dh = HAND[activation]
    r = P.neuron(activation)
    assert r["f"] == pytest.approx(f, abs=1e-12)
    assert r["dh"] == pytest.approx(dh, abs=1e-12)
    # chain rule: ∇x = dh·w, ∇w = dh·x, ∇b = dh
    np.testing.assert_allclose(r["grad_x"], dh * W, atol=1e-12)
    np.testing.assert_allclose(r["grad_w"], dh * X, atol=1e-12)
    assert r["grad_b"] == pytest.approx(dh, abs=1e-12)
    assert r["gradcheck"] < 1e-6


def test_tanh_values_to_three_decimals():
    r = P.neuron("tanh")
    assert round(r["f"], 3) == 0.598
    assert round(r["dh"], 3) == 0.642


def test_graph_records_names_and_ops():
    r = P.neuron("sigmoid")
    f = r["output"]
    assert f.op == "sigmoid" and f.name == "f"
    (h,) = f.parents
    assert h.op == "add"
    assert {p.name for p in h.parents} == {"w·x", "b"}
    assert f.grad is not None and h.grad is not None  # retained for the figure


# ---------------------------------------------------------------------------
# Ej2 by hand: z = Wx + b with rows of W = outputs
#   z1 = -0.2·(-3.1) + 2·1.5 - 4 = 0.62 + 3 - 4 = -0.38
#   z2 = -0.5·(-3.1) - 0.3·1.5 - 1 = 1.55 - 0.45 - 1 = 0.10
# ---------------------------------------------------------------------------

X2 = np.array([-3.1, 1.5])
W2 = np.array([[-0.2, 2.0], [-0.5, -0.3]])
Z2 = np.array([-0.2 * -3.1 + 2.0 * 1.5 - 4.0, -0.5 * -3.1 + -0.3 * 1.5 - 1.0])
F2 = np.array([sig(Z2[0]), sig(Z2[1])])


def test_layer_forward():
    np.testing.assert_allclose(Z2, [-0.38, 0.10], atol=1e-12)
    r = P.layer("sum")
    np.testing.assert_allclose(r["h"], Z2, atol=1e-12)
    np.testing.assert_allclose(np.round(r["f"], 3), [0.406, 0.525])  # not (0.59, 0.47)


def _hand_layer_grads(delta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """With δ = ∂L/∂z: ∇b_i = δ_i, ∇W_ij = δ_i x_j, ∇x_j = Σ_i δ_i W_ij."""
    grad_b = delta
    grad_W = np.array([[delta[i] * X2[j] for j in range(2)] for i in range(2)])
    grad_x = np.array([sum(delta[i] * W2[i, j] for i in range(2)) for j in range(2)])
    return grad_x, grad_W, grad_b


@pytest.mark.parametrize("cost", ["sum", "squared_error"])
def test_layer_gradients(cost):
    local = F2 * (1 - F2)  # σ_i(1-σ_i)
    if cost == "sum":
        delta, loss = local, F2.sum()  # L = Σ f
    else:
        delta, loss = 2 * F2 * local, (F2 ** 2).sum()  # L = ‖f - 0‖², ∂L/∂f_i = 2 f_i
    grad_x, grad_W, grad_b = _hand_layer_grads(delta)
    r = P.layer(cost)
    assert r["L"] == pytest.approx(loss, abs=1e-12)
    np.testing.assert_allclose(r["dh"], delta, atol=1e-12)
    np.testing.assert_allclose(r["grad_b"], grad_b, atol=1e-12)
    np.testing.assert_allclose(r["grad_W"], grad_W, atol=1e-12)
    np.testing.assert_allclose(r["grad_x"], grad_x, atol=1e-12)
    assert r["gradcheck"] < 1e-6


def test_layer_sum_rounded():
    r = P.layer("sum")
    np.testing.assert_allclose(np.round(r["grad_b"], 3), [0.241, 0.249])
    np.testing.assert_allclose(np.round(r["grad_x"], 3), [-0.173, 0.408])
    np.testing.assert_allclose(np.round(r["grad_W"], 3), [[-0.748, 0.362], [-0.773, 0.374]])


# ---------------------------------------------------------------------------
# the experiments through the CLI
# ---------------------------------------------------------------------------


def _assert_png(path):
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC, path
    assert len(data) > 5_000, f"{path} is suspiciously small ({len(data)} bytes)"


@pytest.mark.parametrize(
    "name, figures",
    [
        ("perceptron", ["graph_sigmoid.png", "graph_tanh.png", "graph_elu.png", "graph_leaky_relu.png"]),
        ("perceptron2", ["graph_sum.png", "graph_squared_error.png"]),
    ],
)
def test_run_writes_outputs(tmp_path, capsys, name, figures):
    out = tmp_path / name
    assert main(["run", name, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["experiment"] == name
    assert metrics["config"]["seed"] == 0
    assert sorted(metrics["figures"]) == sorted(figures)
    for fig in figures:
        _assert_png(out / fig)
    report = (out / "report.md").read_text()
    assert report.startswith("# ")
    for fig in figures:
        assert fig in report
    if name == "perceptron":
        assert "0.666" in printed and "0.222" in printed
        assert metrics["final"]["sigmoid"]["f"] == pytest.approx(sig(H))
        assert metrics["final"]["sigmoid"]["grad_x"] == pytest.approx(list(HAND["sigmoid"][1] * W))  # ∇x = dh·w
    else:
        assert "(0.406, 0.525)" in printed
        assert metrics["final"]["sum"]["f"] == pytest.approx(list(F2))


def test_run_quiet_prints_nothing(tmp_path, capsys):
    assert main(["run", "perceptron", "--out", str(tmp_path), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert (tmp_path / "metrics.json").exists()
