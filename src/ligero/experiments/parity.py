"""P2 Ej7: N-bit parity with an N → N' → 1 tanh network, and a study of N and N'.

Inputs are all 2^N patterns of ±1; the target is their product (+1 for an even
number of -1s). Course settings: tanh, the course's MSE, full batch, SGD lr
0.35, the course's L2 λ/2·ΣW² (λ = 0.01, biases included), 1000 epochs, N = 5, N' = 10. The sweep trains every (N, N')
pair of a grid and plots the final accuracy, which answers the course's
question of what happens when N' is much smaller than N.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import ligero as lg
from ligero import layers, optimizers, plotting
from ligero.datasets import parity
from ligero.experiments._course import course_l2
from ligero.experiments._run import WORKERS_OPTION, RunConfig, RunOutput, backend, register
from ligero.sweep import sweep

LR, L2, EPOCHS = 0.35, 0.01, 1000


def final_accuracy(config: dict[str, Any]) -> dict[str, float]:
    """One run of the N × N' study (a sweep task): the final training accuracy."""
    _, history = train(int(config["n"]), int(config["hidden"]), int(config["seed"]), int(config["epochs"]))
    return {"accuracy": history.history["sign_accuracy"][-1], "loss": history.history["loss"][-1]}


def train(n: int, hidden: int, seed: int, epochs: int = EPOCHS) -> tuple[lg.Model, Any]:
    """Train an ``n → hidden → 1`` tanh network on ``n``-bit parity at the course settings."""
    lg.set_seed(seed)
    model = lg.Sequential([
        layers.Dense(hidden, activation="tanh", input_dim=n, **course_l2(L2)),
        layers.Dense(1, activation="tanh", **course_l2(L2)),
    ], name=f"parity_{n}_{hidden}")
    model.compile(optimizer=optimizers.SGD(lr=LR), loss="course_mse", metrics=["sign_accuracy"])
    x, y = parity(n)
    history = model.fit(x, y, batch_size=len(x), epochs=epochs, verbose=0, shuffle=False)
    return model, history


@register("parity", help="P2 Ej7: N-bit parity with an N-N'-1 tanh net, and a sweep over N and N'",
          options=[("--n", {"type": int, "default": 5, "help": "number of inputs N"}),
                   ("--hidden", {"type": int, "default": 10, "help": "hidden units N'"}),
                   ("--sweep", {"action": "store_true", "default": False,
                                "help": "also train a grid of N and N' and plot the accuracies"}),
                   WORKERS_OPTION])
def run(config: RunConfig) -> dict:
    n, hidden = int(config.get("n", 5)), int(config.get("hidden", 10))
    epochs = config.epochs_or(EPOCHS if not config.quick else 50)
    out = RunOutput(config, title=f"{n}-bit parity (P2 Ej7)")
    model, history = train(n, hidden, config.seed, epochs)
    out.set_history(history)
    x, y = parity(n)
    predicted = np.sign(model.predict(x)).ravel()
    learned = int((predicted == y.ravel()).sum())
    out.print(f"N={n}, N'={hidden}, {epochs} epochs: learned {learned}/{len(x)} patterns, "
              f"accuracy {history.history['sign_accuracy'][-1]:.3f}, loss {history.history['loss'][-1]:.4f}")
    plotting.plot_history(history, out.figure("history.png"), title=f"parity N={n}, N'={hidden}")
    out.final.update(accuracy=history.history["sign_accuracy"][-1], patterns_learned=learned, patterns=len(x))
    report = f"N = {n}, N' = {hidden}: {learned} of {len(x)} patterns learned after {epochs} epochs."
    study: dict[str, Any] = {}
    if config.get("sweep") or config.quick:
        ns = [2, 3, 4, 5, 6] if not config.quick else [2, 3]
        hiddens = [1, 2, 3, 5, 10, 20] if not config.quick else [1, 2]
        table = sweep(final_accuracy, {"n": ns, "hidden": hiddens}, seeds=[config.seed],
                      fixed={"epochs": epochs}, out=config.out / "sweep", backend=backend(config),
                      workers=config.get("workers"), progress=False, resume=False)
        accuracy = {(r["config"]["n"], r["config"]["hidden"]): r["metrics"]["accuracy"] for r in table}
        grid = np.array([[accuracy[nn_, hh] for hh in hiddens] for nn_ in ns])
        for i, nn_ in enumerate(ns):
            for j, hh in enumerate(hiddens):
                out.print(f"  N={nn_:2d} N'={hh:2d}: accuracy {grid[i, j]:.3f}")
        plotting.plot_sweep(grid, out.figure("sweep.png"), rows=ns, cols=hiddens,
                            title=f"parity: final training accuracy after {epochs} epochs")
        study = {"n": ns, "hidden": hiddens, "accuracy": grid.tolist()}
        smallest = []
        for i, nn_ in enumerate(ns):
            solved = [hh for j, hh in enumerate(hiddens) if grid[i, j] == 1.0]
            smallest.append(f"N = {nn_}: " + (f"N' = {solved[0]}" if solved else f"none up to N' = {hiddens[-1]}"))
        report += (
            "\n\nThe sweep (figure `sweep.png`) trains every (N, N') pair at the same settings. "
            "Smallest N' that learned every pattern: " + "; ".join(smallest) + ". With N' much "
            "smaller than N the hidden layer has too few tanh thresholds to cut the 2^N corners of "
            "the cube into alternating classes, so some patterns stay wrong; at larger N the fixed "
            "lr and L2 of the course also stop a full solution within the epochs given."
        )
    return out.finish(report=report, sweep=study)
