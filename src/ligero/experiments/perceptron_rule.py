"""The classic perceptron rule on AND and OR, and its failure on XNOR.

One step unit ``a = step(w·p + b)`` learns by Rosenblatt's rule, sample by
sample: ``e = t − a``, ``w ← w + lr·e·p``, ``b ← b + lr·e`` (see
:class:`ligero.classifiers.Perceptron`). AND and OR are linearly separable, so the
rule stops after a few epochs with no error (the perceptron convergence
theorem). XNOR is not: no line separates {(0,0), (1,1)} from {(0,1), (1,0)},
every epoch makes at least one error, and with integer steps the weights fall
into a cycle that repeats for ever (the report shows where it closes).

Encodings (``--encoding``): ``binary`` (default; inputs and targets 0/1,
``step(n) = 1 if n ≥ 0 else 0``) or ``bipolar`` (±1, ``step(n) = ±1``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ligero import plotting
from ligero.classifiers import Perceptron
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register, text_table

INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
GATES = {
    "AND": np.array([0, 0, 0, 1], dtype=np.float64),
    "OR": np.array([0, 1, 1, 1], dtype=np.float64),
    "XNOR": np.array([1, 0, 0, 1], dtype=np.float64),
}
LR, EPOCHS = 1.0, 30


def gate(name: str, encoding: str = "binary") -> tuple[np.ndarray, np.ndarray]:
    """Inputs and targets of gate ``name`` (AND, OR, XNOR) in the 0/1 or ±1 encoding."""
    x, t = INPUTS.copy(), GATES[name].copy()
    if encoding == "bipolar":
        x, t = 2 * x - 1, 2 * t - 1
    return x, t


def find_cycle(weights: list[tuple[np.ndarray, np.ndarray]]) -> tuple[int, int] | None:
    """``(first, repeat)``: the first epoch-end state that recurs, and where it recurs (or None).

    ``weights[k]`` is ``(w, b)`` after epoch ``k`` (``weights[0]`` the start).
    A deterministic rule with a fixed order that revisits a state repeats the
    same epochs for ever.
    """
    seen: dict[bytes, int] = {}
    for k, (w, b) in enumerate(weights):
        key = np.concatenate([np.ravel(w), np.ravel(b)]).round(12).tobytes()
        if key in seen:
            return seen[key], k
        seen[key] = k
    return None


def plot_boundaries(results: dict[str, dict[str, Any]], encoding: str, path: Path) -> Path:
    """The four patterns of each gate and the final line ``w·p + b = 0``."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.0 * len(results), 3.8), dpi=100)
    axes = fig.subplots(1, len(results), squeeze=False)[0]
    lo, hi = (-0.5, 1.5) if encoding == "binary" else (-1.8, 1.8)
    for ax, (name, r) in zip(axes, results.items()):
        x, t = gate(name, encoding)
        for label, marker, color in ((1.0, "o", "tab:blue"), (0.0 if encoding == "binary" else -1.0, "x", "tab:red")):
            sel = t == label
            ax.scatter(x[sel, 0], x[sel, 1], marker=marker, s=80, color=color, label=f"t = {label:g}")
        w, b = np.asarray(r["w"]), float(r["b"])
        xs = np.linspace(lo, hi, 50)
        if abs(w[1]) > 1e-12:
            ax.plot(xs, -(w[0] * xs + b) / w[1], "k-", label="w·p + b = 0")
        elif abs(w[0]) > 1e-12:
            ax.axvline(-b / w[0], color="k", label="w·p + b = 0")
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        state = f"converged in {r['epochs']} epochs" if r["converged"] else f"not converged after {r['epochs']}"
        ax.set_title(f"{name}: {state}", fontsize=10)
        ax.set_xlabel("p1")
        ax.set_ylabel("p2")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="center right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight", facecolor="white")
    return path


@register("perceptron-rule", help="classic perceptron rule: converges on AND/OR, never on XNOR",
          options=[("--encoding", {"choices": ["binary", "bipolar"], "default": "binary",
                                   "help": "0/1 inputs and targets (default) or ±1"}),
                   ("--lr", {"type": float, "default": LR, "help": "learning rate (default 1)"})])
def run(config: RunConfig) -> dict:
    encoding, lr = str(config.get("encoding", "binary")), float(config.get("lr", LR))
    epochs = config.epochs_or(10 if config.quick else EPOCHS)
    out = RunOutput(config, title="The classic perceptron rule: AND, OR and XNOR")
    out.print(f"rule: a = step(w·p + b), w ← w + lr·(t − a)·p, b ← b + lr·(t − a); lr {lr:g}, "
              f"{encoding} encoding, weights start at 0, samples in a fixed order, at most {epochs} epochs")
    results: dict[str, dict[str, Any]] = {}
    for name in GATES:
        x, t = gate(name, encoding)
        p = Perceptron(lr=lr, epochs=epochs, encoding=encoding).fit(x, t)
        cycle = find_cycle(p.weights_)
        results[name] = {
            "converged": p.converged_, "epochs": len(p.errors_), "errors": p.errors_,
            "w": p.coef_.tolist(), "b": float(p.intercept_), "accuracy": p.score(x, t),
            "outputs": p.predict(x).tolist(),
            "cycle": None if (cycle is None or p.converged_) else {"from_epoch": cycle[0], "to_epoch": cycle[1]},
        }
        out.history[f"{name}_errors"] = list(p.errors_)
    headers = ["gate", "converged", "epochs", "errors per epoch", "w", "b", "accuracy"]
    rows = [(n, "yes" if r["converged"] else "no", r["epochs"], " ".join(map(str, r["errors"][:12]))
             + (" ..." if len(r["errors"]) > 12 else ""), "(" + ", ".join(f"{v:g}" for v in r["w"]) + ")",
             f"{r['b']:g}", f"{r['accuracy']:.2f}") for n, r in results.items()]
    out.print(text_table(headers, rows))
    xnor = results["XNOR"]
    if xnor["cycle"]:
        c = xnor["cycle"]
        length = c["to_epoch"] - c["from_epoch"]
        span = f"epoch {c['to_epoch']}" if length == 1 else f"epochs {c['from_epoch'] + 1}-{c['to_epoch']}"
        cycle_text = (f"XNOR: the weights after epoch {c['to_epoch']} equal those after epoch {c['from_epoch']}, "
                      f"so {span} repeat{'s' if length == 1 else ''} for ever (a cycle of {length} "
                      f"epoch{'s' if length > 1 else ''}, {xnor['errors'][-1]} errors in each): the rule never "
                      "converges.")
    else:
        cycle_text = f"XNOR: still {xnor['errors'][-1]} error(s) in epoch {xnor['epochs']}; no line separates it."
    out.print(cycle_text)

    curves = {n: r["errors"] for n, r in results.items()}
    plotting.plot_comparison(curves, out.figure("errors.png"), ylabel="errors in the epoch",
                             title="perceptron rule: errors per epoch")
    plot_boundaries(results, encoding, out.figure("boundaries.png"))
    for n, r in results.items():
        out.final[f"converged_{n}"] = r["converged"]
        out.final[f"epochs_{n}"] = r["epochs"]
        out.final[f"accuracy_{n}"] = r["accuracy"]
    report = "\n".join([
        f"Rosenblatt's rule on the 4 patterns of each gate ({encoding} encoding, lr {lr:g}, zero initial "
        f"weights, fixed sample order, at most {epochs} epochs). An error is a sample with t − a ≠ 0.",
        "",
        markdown_table(headers, rows),
        "",
        "AND and OR are linearly separable, so the rule stops after an epoch with no error. " + cycle_text,
    ])
    return out.finish(report=report, results=results)
