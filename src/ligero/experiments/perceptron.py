"""P2 Ej1 and Ej2: forward values and gradients of one perceptron, by the autodiff engine.

Ej1 (``perceptron``): ``f(h)``, ``h = w·x + b`` with x = (2.8, -1.8),
w = (1.45, -0.35), b = -4, for the sigmoid, tanh, ELU(α=0.1) and leaky
ReLU(α=0.1) activations. Ej2 (``perceptron2``): a layer of two sigmoid units
``f = σ(Wx + b)`` and the gradients of ``Σ f`` and of the squared-error cost
``‖f - 0‖²``.

Every number comes from the engine (float64 graph, ``backward()``); each case
is also gradient-checked against central differences, and its computational
graph is drawn from the tensors the engine recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ligero import ops
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register, text_table
from ligero.gradcheck import gradcheck
from ligero.tensor import Tensor

F64 = np.float64

# ---------------------------------------------------------------------------
# Ej1: one neuron, four activations
# ---------------------------------------------------------------------------

X1 = (2.8, -1.8)
W1 = (1.45, -0.35)
B1 = -4.0
ALPHA = 0.1

ACTIVATIONS: dict[str, tuple[str, Callable[[Any], Tensor]]] = {
    "sigmoid": ("sigmoid", ops.sigmoid),
    "tanh": ("tanh", ops.tanh),
    "elu": (f"ELU(α={ALPHA})", lambda h: ops.elu(h, alpha=ALPHA)),
    "leaky_relu": (f"leaky ReLU(α={ALPHA})", lambda h: ops.leaky_relu(h, alpha=ALPHA)),
}


def _leaf(values: Any, name: str) -> Tensor:
    return Tensor(values, requires_grad=True, dtype=F64, name=name)


def _named(t: Tensor, name: str) -> Tensor:
    t.name = name
    t.retain_grad()  # torch's retain_grad returns None
    return t


def neuron(activation: str) -> dict[str, Any]:
    """Forward and backward pass of ``f = act(w·x + b)``; returns the graph's tensors and values."""
    label, act = ACTIVATIONS[activation]
    x, w, b = _leaf(X1, "x"), _leaf(W1, "w"), _leaf(B1, "b")
    s = _named(w @ x, "w·x")
    h = _named(s + b, "h")
    f = _named(act(h), "f")
    f.backward()
    return {
        "activation": activation,
        "label": label,
        "output": f,
        "h": float(h.array),
        "f": float(f.array),
        "dh": float(h.grad_array),  # df/dh
        "grad_x": x.grad_array.copy(),
        "grad_w": w.grad_array.copy(),
        "grad_b": float(b.grad_array),
        "gradcheck": gradcheck(lambda x_, w_, b_: act(x_ @ w_ + b_), [X1, W1, B1]),
    }


# ---------------------------------------------------------------------------
# Ej2: a layer of two sigmoid units
# ---------------------------------------------------------------------------

X2 = (-3.1, 1.5)
W2 = ((-0.2, 2.0), (-0.5, -0.3))  # rows = output units
B2 = (-4.0, -1.0)

COSTS = {
    "sum": "L = Σᵢ fᵢ",
    "squared_error": "L = ‖f − t‖², t = 0",
}


def _layer(x: Any, W: Any, b: Any) -> Tensor:
    return ops.sigmoid(W @ x + b)


def layer(cost: str) -> dict[str, Any]:
    """Forward and backward pass of ``L(σ(Wx + b))`` for ``cost`` in ``COSTS``."""
    x, W, b = _leaf(X2, "x"), _leaf(W2, "W"), _leaf(B2, "b")
    z = _named(W @ x, "Wx")
    h = _named(z + b, "h")
    f = _named(ops.sigmoid(h), "f")
    if cost == "sum":
        loss = _named(ops.sum(f), "L")

        def scalar(x_: Tensor, W_: Tensor, b_: Tensor) -> Tensor:
            return ops.sum(_layer(x_, W_, b_))
    else:
        t = Tensor(np.zeros(2), dtype=F64, name="t")
        d = _named(f - t, "f−t")
        sq = _named(d ** 2, "(f−t)²")
        loss = _named(ops.sum(sq), "L")

        def scalar(x_: Tensor, W_: Tensor, b_: Tensor) -> Tensor:
            return ops.sum((_layer(x_, W_, b_) - np.zeros(2)) ** 2)

    loss.backward()
    return {
        "cost": cost,
        "label": COSTS[cost],
        "output": loss,
        "h": h.array.copy(),
        "f": f.array.copy(),
        "L": float(loss.array),
        "df": f.grad_array.copy(),
        "dh": h.grad_array.copy(),
        "grad_x": x.grad_array.copy(),
        "grad_W": W.grad_array.copy(),
        "grad_b": b.grad_array.copy(),
        "gradcheck": gradcheck(scalar, [X2, W2, B2]),
    }


# ---------------------------------------------------------------------------
# formatting
# ---------------------------------------------------------------------------


def _r(v: Any, nd: int = 3) -> str:
    """``v`` rounded to ``nd`` decimals: a number, a vector ``(a, b)`` or a matrix ``[[..], [..]]``."""
    a = np.asarray(v, dtype=float)
    if a.ndim == 0:
        text = f"{float(a):.{nd}f}"
        return text.replace("-", "", 1) if float(text) == 0 else text
    if a.ndim == 1:
        return "(" + ", ".join(_r(e, nd) for e in a) + ")"
    return "[" + ", ".join("[" + ", ".join(_r(e, nd) for e in row) + "]" for row in a) + "]"


def _values(result: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: np.asarray(result[k]).tolist() if isinstance(result[k], np.ndarray) else result[k]
            for k in keys}


# ---------------------------------------------------------------------------
# the experiments
# ---------------------------------------------------------------------------


@register("perceptron", help="P2 Ej1: f(w·x + b) and its gradients for sigmoid, tanh, ELU, leaky ReLU")
def run_perceptron(config: RunConfig) -> dict:
    from ligero import plotting

    out = RunOutput(config, title="P2 Ej1 — gradients of one perceptron")
    results = [neuron(a) for a in ACTIVATIONS]
    h = results[0]["h"]

    headers = ["activation", "f", "df/dh", "∇x", "∇w", "∇b", "gradcheck"]
    rows = [
        (r["label"], _r(r["f"]), _r(r["dh"]), _r(r["grad_x"]), _r(r["grad_w"]), _r(r["grad_b"]),
         f"{r['gradcheck']:.1e}")
        for r in results
    ]
    out.print(f"P2 Ej1: f(h), h = w·x + b, x = {_r(X1, 2)}, w = {_r(W1, 2)}, b = {B1:g}")
    out.print(f"h = {h:.3f}\n")
    out.print(text_table(headers, rows))
    out.print("\n(∇ = gradient of f; gradcheck = worst difference from central differences)")

    for r in results:
        path = plotting.plot_graph(r["output"], out.figure(f"graph_{r['activation']}.png"),
                                   title=f"f = {r['label']}(w·x + b)")
        out.print(f"figure: {path}")
        out.final[r["activation"]] = _values(r, ["h", "f", "dh", "grad_x", "grad_w", "grad_b", "gradcheck"])

    report = "\n".join([
        f"One neuron `f = act(h)`, `h = w·x + b` with x = {_r(X1, 2)}, w = {_r(W1, 2)}, b = {B1:g}: "
        f"**h = {h:.3f}**. Values and gradients computed by ligero's autodiff engine in float64 "
        "(∇ is the gradient of f); `df/dh` is the local derivative of the activation, and the chain "
        "rule gives ∇x = (df/dh)·w, ∇w = (df/dh)·x, ∇b = df/dh.",
        "",
        markdown_table(headers, rows),
        "",
        "Note: one course report prints σ(0.69) = 0.33; the correct value is σ(0.69) = 0.666 "
        "(1 − 0.666 = 0.334 is σ(−0.69)). Its gradients are right.",
    ])
    return out.finish(report=report)


@register("perceptron2", help="P2 Ej2: two sigmoid units σ(Wx + b); gradients of Σf and of ‖f − 0‖²")
def run_perceptron2(config: RunConfig) -> dict:
    from ligero import plotting

    out = RunOutput(config, title="P2 Ej2 — gradients of a layer of two sigmoid units")
    results = [layer(c) for c in COSTS]
    first = results[0]

    out.print(f"P2 Ej2: f = σ(Wx + b), x = {_r(X2, 2)}, W = {_r(W2, 2)} (rows = outputs), b = {_r(B2, 1)}")
    out.print(f"Wx + b = {_r(first['h'])}")
    out.print(f"f      = {_r(first['f'])}\n")
    headers = ["cost", "L", "∂L/∂f", "∂L/∂h", "∇x", "∇W", "∇b", "gradcheck"]
    rows = [
        (r["label"], _r(r["L"]), _r(r["df"]), _r(r["dh"]), _r(r["grad_x"]), _r(r["grad_W"]),
         _r(r["grad_b"]), f"{r['gradcheck']:.1e}")
        for r in results
    ]
    out.print(text_table(headers, rows))
    out.print("\n(h = Wx + b; ∇ = gradient of L; gradcheck = worst difference from central differences)")

    for r in results:
        path = plotting.plot_graph(r["output"], out.figure(f"graph_{r['cost']}.png"),
                                   title=f"f = σ(Wx + b),  {r['label']}")
        out.print(f"figure: {path}")
        out.final[r["cost"]] = _values(r, ["h", "f", "L", "df", "dh", "grad_x", "grad_W", "grad_b",
                                           "gradcheck"])

    report = "\n".join([
        f"Two sigmoid units `f = σ(Wx + b)` with x = {_r(X2, 2)}, W = {_r(W2, 2)} (rows = outputs), "
        f"b = {_r(B2, 1)}: Wx + b = {_r(first['h'])}, **f = {_r(first['f'])}**. Gradients by "
        "ligero's autodiff engine in float64. With δ = ∂L/∂h: ∇b = δ, ∇W = δ xᵀ, ∇x = Wᵀ δ; "
        "δᵢ = σᵢ(1 − σᵢ) for L = Σf and 2fᵢ·σᵢ(1 − σᵢ) for L = ‖f‖².",
        "",
        markdown_table(headers, rows),
        "",
        "Note: one course report prints f = (0.59, 0.47); that is σ(−h), a sign slip. "
        "The correct values are f = (0.406, 0.525).",
    ])
    return out.finish(report=report)
