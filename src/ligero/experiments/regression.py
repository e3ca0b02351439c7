"""UTP deck: function approximation by an MLP with a linear output, in 1-D and 2-D.

The network is a regression model, ``y(x) = W₂ tanh(W₁ x + b₁) + b₂`` (two
tanh hidden layers here, then one *linear* output unit), trained on noisy
samples ``t = f(x) + ε``, ε ~ N(0, σ²), by minimizing the mean squared error
``E = (1/N) Σ_n (y(x_n) − t_n)²`` with Adam:

- 1-D: ``f(x) = sin(2πx)`` on [0, 1] (the deck's sinusoid), 100 samples, σ = 0.1;
- 2-D: ``f(x₁, x₂) = sin(πx₁)·cos(πx₂)`` on [−1, 1]², 400 samples, σ = 0.05.

The fit is tested against the noiseless f on a dense grid (``test_mse``): a
good fit is below σ² (the noise the samples carry, which a model should not
reproduce). Figures: the fitted curve over the data (1-D), the data, f and
the fit as maps (2-D), and the training curves.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import ligero.keras as keras
from ligero import plotting
from ligero.errors import ConfigError
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register
from ligero.plotting import _figure, _save  # the figures' shared Agg helpers

HIDDEN, LR, BATCH, EPOCHS = 32, 0.01, 32, 1000
GRID = {1: 200, 2: 50}  # test grid points per axis


@dataclass(frozen=True)
class Problem:
    """A target function on a box, the number of noisy samples and the noise σ."""

    name: str
    formula: str
    dim: int
    func: Callable[[np.ndarray], np.ndarray]
    low: float
    high: float
    samples: int
    noise: float


PROBLEMS = (
    Problem("1d", "f(x) = sin(2πx)", 1, lambda x: np.sin(2 * np.pi * x[:, 0]), 0.0, 1.0, 100, 0.1),
    Problem("2d", "f(x₁, x₂) = sin(πx₁)·cos(πx₂)", 2,
            lambda x: np.sin(np.pi * x[:, 0]) * np.cos(np.pi * x[:, 1]), -1.0, 1.0, 400, 0.05),
)


def sample(problem: Problem, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points uniform in the box and their noisy targets ``t = f(x) + ε``, float32, ``t`` as ``(n, 1)``."""
    x = rng.uniform(problem.low, problem.high, size=(n, problem.dim))
    t = problem.func(x) + problem.noise * rng.standard_normal(n)
    return x.astype(np.float32), t[:, None].astype(np.float32)


def grid(problem: Problem, per_axis: int) -> np.ndarray:
    """A regular grid over the box, ``(per_axis ** dim, dim)`` float32 (the last axis varies fastest)."""
    axis = np.linspace(problem.low, problem.high, per_axis)
    mesh = np.meshgrid(*([axis] * problem.dim), indexing="ij")
    return np.stack([m.ravel() for m in mesh], axis=1).astype(np.float32)


def build_model(dim: int, hidden: int = HIDDEN, seed: int = 0) -> keras.Model:
    """dim → hidden tanh → hidden tanh → 1 linear; MSE, Adam."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((dim,)), keras.layers.Dense(hidden, activation="tanh"),
                              keras.layers.Dense(hidden, activation="tanh"), keras.layers.Dense(1)],
                             name=f"regression_{dim}d")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss="mse")
    return model


# ---------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------


def plot_fit_1d(x: np.ndarray, t: np.ndarray, xs: np.ndarray, f: np.ndarray, y: np.ndarray, path: Any,
                title: str) -> None:
    """The samples, the true function and the network's fit over [low, high]."""
    fig = _figure(6.4, 4.2)
    ax = fig.subplots()
    ax.plot(x[:, 0], t[:, 0], "o", markersize=4, alpha=0.6, label="samples t = f(x) + ε")
    ax.plot(xs[:, 0], f, "--", color="gray", label="f(x)")
    ax.plot(xs[:, 0], y, "-", color="C3", linewidth=2, label="MLP y(x)")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    _save(fig, path)


def plot_fit_2d(x: np.ndarray, t: np.ndarray, f: np.ndarray, y: np.ndarray, per_axis: int, box: tuple[float, float],
                path: Any, title: str) -> None:
    """Three maps: the samples (coloured by t), f on the grid, the network's fit on the grid."""
    fig = _figure(13.5, 4.2)
    axes = fig.subplots(1, 3)
    extent = (box[0], box[1], box[0], box[1])
    lo, hi = float(min(f.min(), t.min())), float(max(f.max(), t.max()))
    sc = axes[0].scatter(x[:, 1], x[:, 0], c=t[:, 0], cmap="viridis", vmin=lo, vmax=hi, s=12)
    for ax, values, name in ((axes[1], f, "f(x₁, x₂)"), (axes[2], y, "MLP y(x₁, x₂)")):
        ax.imshow(values.reshape(per_axis, per_axis), origin="lower", extent=extent, cmap="viridis",
                  vmin=lo, vmax=hi, aspect="auto")
        ax.set_title(name)
    axes[0].set_title("samples t = f + ε")
    for ax in axes:
        ax.set_xlabel("x₂")
        ax.set_ylabel("x₁")
        ax.set_xlim(box)
        ax.set_ylim(box)
    fig.colorbar(sc, ax=list(axes))
    fig.suptitle(title)
    _save(fig, path)


# ---------------------------------------------------------------------------
# the experiment
# ---------------------------------------------------------------------------


def fit_problem(problem: Problem, config: RunConfig, out: RunOutput, epochs: int, hidden: int,
                n: int) -> dict[str, Any]:
    """Sample, train, test on the grid, draw; returns this problem's numbers."""
    x, t = sample(problem, n, config.rng(problem.dim))
    model = build_model(problem.dim, hidden, config.seed)
    start = time.perf_counter()
    history = model.fit(x, t, batch_size=BATCH, epochs=epochs, shuffle=True, verbose=0)
    seconds = time.perf_counter() - start
    per_axis = GRID[problem.dim] if not config.quick else 20
    xs = grid(problem, per_axis)
    f, y = problem.func(xs), model.predict(xs, batch_size=1000, verbose=0)[:, 0]
    test_mse = float(np.mean((y - f) ** 2))
    train_mse = float(np.mean((model.predict(x, verbose=0) - t) ** 2))
    for key, values in history.history.items():
        out.history[f"{problem.name}_{key}"] = [float(v) for v in values]
    title = f"{problem.formula}: MLP {problem.dim}-{hidden}-{hidden}-1 fit (test MSE {test_mse:.2g})"
    if problem.dim == 1:
        plot_fit_1d(x, t, xs, f, y, out.figure("fit_1d.png"), title)
    else:
        plot_fit_2d(x, t, f, y, per_axis, (problem.low, problem.high), out.figure("fit_2d.png"), title)
    plotting.plot_history(history, out.figure(f"history_{problem.name}.png"), title=f"{problem.formula}: MSE")
    return {"function": problem.formula, "samples": n, "noise_sigma": problem.noise,
            "noise_variance": problem.noise ** 2, "train_mse": train_mse, "test_mse": test_mse,
            "below_noise": test_mse < problem.noise ** 2, "seconds": round(seconds, 1)}


@register("regression", help="UTP deck: a 1-D and a 2-D function fitted by an MLP with a linear output (MSE)",
          options=[("--hidden", {"type": int, "default": HIDDEN, "help": f"units per hidden layer ({HIDDEN})"}),
                   ("--samples", {"type": int, "default": 0,
                                  "help": "noisy samples per function (0: 100 for 1-D, 400 for 2-D)"})])
def run(config: RunConfig) -> dict:
    hidden, samples = int(config.get("hidden", HIDDEN)), int(config.get("samples", 0) or 0)
    if hidden < 1 or samples < 0:
        raise ConfigError(f"--hidden must be positive and --samples 0 or positive, got {hidden}, {samples}")
    epochs = config.epochs_or(2 if config.quick else EPOCHS)
    out = RunOutput(config, title="Function approximation with an MLP (linear output)")
    results = {}
    for problem in PROBLEMS:
        n = samples or (min(problem.samples, 40) if config.quick else problem.samples)
        out.print(f"{problem.formula}: {n} samples, noise σ {problem.noise:g}; MLP {problem.dim}-{hidden}-"
                  f"{hidden}-1 (tanh, linear output), MSE, Adam lr {LR:g}, batch {BATCH}, {epochs} epochs")
        r = results[problem.name] = fit_problem(problem, config, out, epochs, hidden, n)
        out.print(f"  train MSE {r['train_mse']:.4f}, test MSE against f {r['test_mse']:.4f} "
                  f"(noise variance {r['noise_variance']:.4f}), {r['seconds']:.0f} s")
        out.final.update({f"{problem.name}_test_mse": r["test_mse"], f"{problem.name}_train_mse": r["train_mse"]})
    rows = [(r["function"], r["samples"], f"{r['noise_variance']:.4f}", f"{r['train_mse']:.4f}",
             f"{r['test_mse']:.4f}", r["seconds"]) for r in results.values()]
    report = "\n".join([
        f"An MLP d-{hidden}-{hidden}-1 (tanh hidden layers, a linear output unit) fitted to noisy samples "
        f"t = f(x) + ε by the mean squared error, Adam lr {LR:g}, batch {BATCH}, {epochs} epochs, seed "
        f"{config.seed}. test MSE: the fit against the noiseless f on a regular grid; a fit that follows f "
        "and not the noise has it below the noise variance σ².",
        "",
        markdown_table(["function", "samples", "σ²", "train MSE", "test MSE", "seconds"], rows),
    ])
    return out.finish(report=report, results=results)
