"""Overfitting and three cures, side by side: dropout 0.5, L2 and early stopping (Keras face).

A 784 → 512 → 512 → 10 ReLU network (softmax output, cross-entropy, Adam lr
1e-3, batches of 32) trained on a small MNIST subset (the first 1,000
training digits) learns it by heart: training accuracy reaches 100 % while
the validation loss, after a few epochs, climbs. The same network is then
trained three more times, each with one remedy:

- ``dropout``: ``Dropout(0.5)`` after each hidden layer (each unit is zeroed
  with probability 0.5 in training, the others scaled by 2);
- ``l2``: ``kernel_regularizer=regularizers.L2(λ)`` on every kernel, which adds
  Keras's ``λ ΣW²`` to the loss (λ = 1e-3; the course's λ/2·‖w‖² with
  λ = 2e-3);
- ``early stopping``: ``callbacks.EarlyStopping(monitor="val_loss",
  patience=5, restore_best_weights=True)``: training stops 5 epochs after the
  best validation loss and the weights of that epoch are put back.

Validation digits: the last 1,000 of the training split (disjoint from the
subset); test digits: the test split (MNIST data as in ``mnist-cnn``,
``--mnist PATH``). One figure of train/validation curves per variant, one of
the four validation losses together, and a table of the final accuracies.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

import ligero.keras as keras
from ligero import plotting
from ligero.errors import ConfigError, DataError
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register, text_table
from ligero.experiments.linear_models import load_mnist_any
from ligero.experiments.mnist_deck import pixels

SUBSET, VALIDATION, HIDDEN, EPOCHS, BATCH, LR = 1000, 1000, 512, 50, 32, 1e-3
L2, DROPOUT, PATIENCE = 1e-3, 0.5, 5
VARIANTS = ("plain", "dropout", "l2", "early stopping")
QUICK_SUBSET, QUICK_VALIDATION = 100, 60


def split_subset(config: RunConfig) -> tuple[tuple[np.ndarray, ...], str, str]:
    """``(x_train, y_train, x_val, y_val, x_test, y_test)`` as float rows in [0, 1] and labels; the source
    and the subset's description."""
    (x, y, x_test, y_test), source = load_mnist_any(config.get("mnist") or config.data_dir, config.quick)
    n = QUICK_SUBSET if config.quick else int(config.get("samples", SUBSET))
    v = QUICK_VALIDATION if config.quick else int(config.get("validation", VALIDATION))
    if n < 1 or v < 1:
        raise ConfigError(f"--samples and --validation must be positive, got {n}, {v}")
    if n + v > len(x):
        raise DataError(f"{source}: {len(x)} training digits, fewer than the subset {n} + validation {v}")
    if config.quick:
        x_test, y_test = x_test[:QUICK_VALIDATION], y_test[:QUICK_VALIDATION]
    parts = (pixels(x[:n]), y[:n], pixels(x[-v:]), y[-v:], pixels(x_test), y_test)
    return parts, source, f"subset: training digits 0-{n - 1}, validation: the last {v} training digits"


def build_model(variant: str, seed: int = 0, hidden: int = HIDDEN) -> keras.Model:
    """784 → hidden → hidden → 10 (ReLU, softmax), with the variant's dropout or L2; Adam, cross-entropy."""
    if variant not in VARIANTS:
        raise ConfigError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")
    keras.utils.set_random_seed(seed)
    reg = {"kernel_regularizer": keras.regularizers.L2(L2)} if variant == "l2" else {}
    stack: list[Any] = [keras.Input((784,))]
    for _ in range(2):
        stack.append(keras.layers.Dense(hidden, activation="relu", **reg))
        if variant == "dropout":
            stack.append(keras.layers.Dropout(DROPOUT))
    stack.append(keras.layers.Dense(10, activation="softmax", **reg))
    model = keras.Sequential(stack, name=f"mlp_{variant.replace(' ', '_')}")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def train_variant(variant: str, parts: tuple[np.ndarray, ...], epochs: int, seed: int,
                  hidden: int) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Train one variant; its history and its numbers (accuracies, epochs run, best epoch, seconds)."""
    x_train, y_train, x_val, y_val, x_test, y_test = parts
    model = build_model(variant, seed, hidden)
    callbacks = []
    if variant == "early stopping":
        callbacks.append(keras.callbacks.EarlyStopping(monitor="val_loss", patience=PATIENCE,
                                                       restore_best_weights=True))
    start = time.perf_counter()
    history = model.fit(x_train, y_train, batch_size=BATCH, epochs=epochs, shuffle=True, verbose=0,
                        validation_data=(x_val, y_val), callbacks=callbacks)
    seconds = time.perf_counter() - start
    h = {k: [float(v) for v in vals] for k, vals in history.history.items()}

    def accuracy(x: np.ndarray, y: np.ndarray) -> float:
        return float(np.mean(model.predict(x, batch_size=1000, verbose=0).argmax(axis=1) == y))

    numbers = {"train_accuracy": accuracy(x_train, y_train), "val_accuracy": accuracy(x_val, y_val),
               "test_accuracy": accuracy(x_test, y_test), "epochs_run": len(h["loss"]),
               "best_epoch": int(np.argmin(h["val_loss"])) + 1, "min_val_loss": min(h["val_loss"]),
               "final_val_loss": h["val_loss"][-1], "train_seconds": round(seconds, 1)}
    numbers["gap"] = numbers["train_accuracy"] - numbers["val_accuracy"]
    return h, numbers


@register("regularization", help="an MNIST subset that overfits, then dropout 0.5, L2 and early stopping",
          options=[("--mnist", {"type": Path, "default": None, "metavar": "PATH",
                                "help": "IDX directory or file, or course text file (default: the shipped digits)"}),
                   ("--samples", {"type": int, "default": SUBSET, "help": f"training subset size ({SUBSET})"}),
                   ("--validation", {"type": int, "default": VALIDATION,
                                     "help": f"validation digits, the last of the training split ({VALIDATION})"}),
                   ("--hidden", {"type": int, "default": HIDDEN, "help": f"units per hidden layer ({HIDDEN})"})])
def run(config: RunConfig) -> dict:
    epochs = config.epochs_or(3 if config.quick else EPOCHS)
    hidden = int(config.get("hidden", HIDDEN))
    out = RunOutput(config, title="Overfitting and regularization: dropout, L2, early stopping")
    parts, source, subset = split_subset(config)
    out.print(f"data: {source}; {subset}; {len(parts[0])} training, {len(parts[2])} validation, "
              f"{len(parts[4])} test digits\n"
              f"network 784-{hidden}-{hidden}-10 ReLU, softmax, cross-entropy; Adam lr {LR:g}, batch {BATCH}, "
              f"up to {epochs} epochs")
    results, entries, rows = {}, [], []
    for variant in VARIANTS:
        h, r = train_variant(variant, parts, epochs, config.seed, hidden)
        results[variant] = r
        key = variant.replace(" ", "_")
        out.history.update({f"{key}_{k}": v for k, v in h.items()})
        plotting.plot_history(h, out.figure(f"curves_{key}.png"), title=f"{variant}: train and validation")
        rows.append((variant, f"{r['train_accuracy']:.4f}", f"{r['val_accuracy']:.4f}", f"{r['test_accuracy']:.4f}",
                     f"{r['gap']:.4f}", r["epochs_run"], r["best_epoch"], f"{r['min_val_loss']:.4f}",
                     f"{r['final_val_loss']:.4f}", r["train_seconds"]))
        out.print(f"  {variant}: train {r['train_accuracy']:.4f}, validation {r['val_accuracy']:.4f}, test "
                  f"{r['test_accuracy']:.4f}; {r['epochs_run']} epochs (best validation loss at {r['best_epoch']})")
        out.final[f"{key}_test_accuracy"] = r["test_accuracy"]
        entries.append({"model": f"regularization: {variant}", "test_accuracy": r["test_accuracy"],
                        "train_seconds": r["train_seconds"], "test_samples": len(parts[5]),
                        "train_samples": len(parts[0]), "data": source})
    plotting.plot_comparison({v: out.history[f"{v.replace(' ', '_')}_val_loss"] for v in VARIANTS},
                             out.figure("val_loss.png"), ylabel="validation loss",
                             title="validation loss: plain vs dropout, L2, early stopping")
    headers = ["variant", "train acc", "val acc", "test acc", "train − val", "epochs", "best epoch",
               "min val loss", "last-epoch val loss", "seconds"]
    out.print(text_table(headers, rows))
    report = "\n".join([
        f"Data: {source}; {subset}; {len(parts[0])} training, {len(parts[2])} validation, {len(parts[4])} test digits, "
        "pixels / 255.",
        f"Network 784-{hidden}-{hidden}-10 (ReLU, softmax), cross-entropy, Adam lr {LR:g}, batch {BATCH}, up to "
        f"{epochs} epochs, seed {config.seed}. Variants: dropout {DROPOUT:g} after each hidden layer; "
        f"`regularizers.L2({L2:g})` on every kernel (Keras's λ ΣW², the course's λ/2·‖w‖² with λ = {2 * L2:g}); "
        f"`EarlyStopping(monitor='val_loss', patience={PATIENCE}, restore_best_weights=True)`.",
        "",
        markdown_table(headers, rows),
    ])
    return out.finish(report=report, results=results, leaderboard=entries)
