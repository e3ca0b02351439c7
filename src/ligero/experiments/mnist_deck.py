"""The USC deck's MNIST exercises (the TensorFlow tutorials), written with the Keras face.

- ``mnist-softmax`` ("MNIST for ML beginners"): softmax regression
  ``p = softmax(xW + b)`` on the 784 pixels, W and b started at zero,
  cross-entropy ``L = −(1/N) Σ_n log p_n,t_n``, plain gradient descent lr 0.5,
  batches of 100 (12 epochs of 8,000 digits ≈ the tutorial's 1,000 steps).
- ``mnist-mlp``: its multilayer version, 784 → 256 ReLU → 10 softmax, Adam
  lr 1e-3, batches of 100, 20 epochs.
- ``mnist-cnn`` ("Deep MNIST for experts"): [28,28,1] → CONV 5×5×32 (same) →
  RELU → POOL 2×2 → CONV 5×5×64 → RELU → POOL 2×2 → FC 1024 → RELU →
  DROPOUT 0.5 → FC 10 (softmax); Adam (lr 1e-3 rather than the tutorial's
  1e-4, so that a few epochs suffice on a CPU), batches of 50, 8 epochs.
  ``--widths 16,32,256`` shrinks it (about 6× faster). The deck's layout and
  N = (W − F + 2P)/S + 1 are printed for every layer.

Data (``--mnist PATH``, as in ``ligero run linear``): a directory of IDX files
(with train and test files: the official split; with only the 10,000-image
``t10k`` test set: its first 8,000 train and its last 2,000 test), an IDX file
or a course text file (last 20 % = test); by default the 5,000 digits shipped
with ligero (4,000 train, 1,000 test). Pixels / 255. The test digits are
monitored after each epoch (the ``val_*`` curves) but never used to choose
anything. Every run's ``metrics.json`` carries a ``leaderboard`` entry for
``ligero run leaderboard``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import ligero.keras as keras
from ligero import plotting
from ligero.errors import ConfigError, DataError
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register
from ligero.experiments.deck_layout import deck_layout, layout_line, layout_text
from ligero.experiments.linear_models import load_mnist_any

QUICK_TRAIN, QUICK_TEST = 240, 60
GRID_MAX = 40

#: name -> (title, default epochs, batch size)
RECIPES: dict[str, tuple[str, int, int]] = {
    "mnist-softmax": ("MNIST softmax regression (TF 'for beginners')", 12, 100),
    "mnist-mlp": ("MNIST multilayer perceptron 784-256-10", 20, 100),
    "mnist-cnn": ("MNIST convolutional network (TF 'for experts')", 8, 50),
}
CNN_WIDTHS = (32, 64, 1024)


@dataclass
class Digits:
    """uint8 digits ``(N, 28, 28)`` and int labels, split, and where they came from."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str


MNIST_OPTIONS = [
    ("--mnist", {"type": Path, "default": None, "metavar": "PATH",
                 "help": "IDX directory or file, or course text file (default: the 5,000 shipped digits)"}),
    ("--samples", {"type": int, "default": 0, "help": "use only the first N training digits (0: all)"}),
    ("--test-samples", {"type": int, "default": 0, "help": "use only the first N test digits (0: all)"}),
]


def load_digits(config: RunConfig) -> Digits:
    """The digits of ``--mnist`` (or ``--data-dir``), split train/test, capped by ``--samples``/``--test-samples``.

    ``--quick`` caps them at 240 training and 60 test digits.
    """
    path = config.get("mnist") or config.data_dir
    (x_train, y_train, x_test, y_test), source = load_mnist_any(path, config.quick)
    n_train, n_test = int(config.get("samples", 0) or 0), int(config.get("test_samples", 0) or 0)
    if n_train < 0 or n_test < 0:
        raise ConfigError(f"--samples and --test-samples must be 0 (all) or positive, got {n_train}, {n_test}")
    if config.quick:
        n_train, n_test = min(n_train or QUICK_TRAIN, QUICK_TRAIN), min(n_test or QUICK_TEST, QUICK_TEST)
    x_train, y_train = x_train[:n_train or None], y_train[:n_train or None]
    x_test, y_test = x_test[:n_test or None], y_test[:n_test or None]
    if len(x_train) < 2 or len(x_test) < 1:
        raise DataError(f"{source}: {len(x_train)} training and {len(x_test)} test digits; need at least 2 and 1")
    return Digits(x_train, y_train, x_test, y_test, source)


def pixels(images: np.ndarray, image: bool = False) -> np.ndarray:
    """Digits → float32 in [0, 1] (``x / 255``): rows ``(N, 784)``, or ``(N, 28, 28, 1)`` with ``image``."""
    x = images.astype(np.float32) / 255.0
    return x[..., None] if image else x.reshape(len(x), -1)


# ---------------------------------------------------------------------------
# the networks (Keras face, as a student writes them)
# ---------------------------------------------------------------------------


def softmax_model(seed: int = 0) -> keras.Model:
    """softmax(xW + b), W and b started at zero; SGD lr 0.5."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((784,)),
                              keras.layers.Dense(10, activation="softmax", kernel_initializer="zeros")],
                             name="mnist_softmax")
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def mlp_model(seed: int = 0, hidden: int = 256) -> keras.Model:
    """784 → hidden ReLU → 10 softmax; Adam lr 1e-3."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")], name="mnist_mlp")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def cnn_model(seed: int = 0, widths: tuple[int, int, int] = CNN_WIDTHS) -> keras.Model:
    """The 'for experts' network: two (conv 5×5 same → ReLU → 2×2 max-pool), FC, dropout 0.5, FC 10."""
    keras.utils.set_random_seed(seed)
    c1, c2, fc = widths
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(c1, 5, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(c2, 5, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(fc, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(10, activation="softmax"),
    ], name="mnist_cnn")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def parse_widths(text: str) -> tuple[int, int, int]:
    """``"32,64,1024"`` → ``(32, 64, 1024)``: the two conv widths and the FC width."""
    try:
        widths = tuple(int(w) for w in str(text).split(","))
    except ValueError:
        widths = ()
    if len(widths) != 3 or min(widths) < 1:
        raise ConfigError(f"--widths takes three positive integers CONV1,CONV2,FC (e.g. 32,64,1024), got {text!r}")
    return widths  # type: ignore[return-value]


# ---------------------------------------------------------------------------
# training and reporting, shared by the three
# ---------------------------------------------------------------------------


def _misclassified(out: RunOutput, digits: Digits, predicted: np.ndarray) -> None:
    """The misclassified test digits (at most ``GRID_MAX``; the first ten test digits if none is)."""
    wrong = np.flatnonzero(predicted != digits.y_test)
    title = f"misclassified: {len(wrong)} of {len(digits.y_test)} (true → predicted)"
    shown = wrong[:GRID_MAX]
    if not len(wrong):
        shown, title = np.arange(min(10, len(digits.y_test))), "no misclassified digit; the first test digits"
    plotting.image_grid(digits.x_test[shown], digits.y_test[shown], out.figure("misclassified.png"),
                        predicted=predicted[shown], ncols=min(10, len(shown)), title=title)


def train_and_report(config: RunConfig, model: keras.Model, setup: str, image: bool = False,
                     layout: bool = False) -> dict:
    """Fit ``model`` on the digits, test it, write curves, confusion matrix, misclassified grid and report."""
    title, default_epochs, batch = RECIPES[config.name]
    epochs = config.epochs_or(1 if config.quick else default_epochs)
    out = RunOutput(config, title=title)
    digits = load_digits(config)
    x_train, x_test = pixels(digits.x_train, image), pixels(digits.x_test, image)
    out.print(f"{title}\ndata: {digits.source}: {len(x_train)} training, {len(x_test)} test digits; pixels / 255")
    rows = deck_layout(model) if layout else []
    if rows:
        out.print("the deck's layout:\n" + layout_text(rows))
    out.print(f"{setup}; batch {batch}, {epochs} epochs, seed {config.seed}")
    start = time.perf_counter()
    history = model.fit(x_train, digits.y_train, batch_size=batch, epochs=epochs, shuffle=True,
                        validation_data=(x_test, digits.y_test), verbose=0 if config.quiet else 2)
    seconds = time.perf_counter() - start
    predicted = model.predict(x_test, batch_size=500, verbose=0).argmax(axis=1)
    accuracy = float(np.mean(predicted == digits.y_test))
    out.set_history(history)
    plotting.plot_history(history, out.figure("history.png"), title=f"{title} (validation = test digits)")
    plotting.plot_confusion_matrix(digits.y_test, predicted, out.figure("confusion.png"),
                                   title=f"test digits: accuracy {accuracy:.4f}")
    _misclassified(out, digits, predicted)
    h = history.history
    n_test = len(digits.y_test)
    out.final.update(test_accuracy=accuracy, correct=int(np.sum(predicted == digits.y_test)), test_samples=n_test,
                     train_samples=len(x_train), accuracy=h["accuracy"][-1], loss=h["loss"][-1],
                     epochs=len(h["loss"]), train_seconds=round(seconds, 1), parameters=int(model.count_params()))
    out.print(f"test accuracy {accuracy:.4f} ({out.final['correct']}/{n_test}); {seconds:.0f} s training")
    table = markdown_table(["epoch", "loss", "accuracy", "val_loss", "val_accuracy"],
                           [(i + 1, f"{h['loss'][i]:.4f}", f"{h['accuracy'][i]:.4f}", f"{h['val_loss'][i]:.4f}",
                             f"{h['val_accuracy'][i]:.4f}") for i in range(len(h["loss"]))])
    report = "\n".join([
        f"Data: {digits.source}; {len(x_train)} training and {n_test} test digits, pixels / 255.",
        "",
        *([f"Layout (the deck's): {layout_line(rows)}", "", "```", layout_text(rows), "```", ""] if rows else []),
        f"Network: {setup}; batch {batch}, {epochs} epochs, seed {config.seed}; {model.count_params()} parameters.",
        "",
        f"**Test accuracy {accuracy:.4f}** ({out.final['correct']}/{n_test}); {seconds:.0f} s of training.",
        "",
        table,
    ])
    entry = {"model": config.name, "test_accuracy": accuracy, "train_seconds": round(seconds, 1),
             "test_samples": n_test, "train_samples": len(x_train), "data": digits.source}
    return out.finish(report=report, leaderboard=[entry],
                      layout=[{"layer": r.name, "shape": r.shape, "formula": r.formula} for r in rows])


# ---------------------------------------------------------------------------
# the experiments
# ---------------------------------------------------------------------------


@register("mnist-softmax", help="USC deck: MNIST softmax regression (TF 'for beginners'), SGD lr 0.5",
          options=MNIST_OPTIONS)
def run_softmax(config: RunConfig) -> dict:
    setup = "softmax regression 784 → 10, W = b = 0 at the start, cross-entropy, SGD lr 0.5"
    return train_and_report(config, softmax_model(config.seed), setup)


@register("mnist-mlp", help="USC deck: MNIST multilayer perceptron 784-256-10 (ReLU), Adam",
          options=[*MNIST_OPTIONS,
                   ("--hidden", {"type": int, "default": 256, "help": "hidden units (default 256)"})])
def run_mlp(config: RunConfig) -> dict:
    hidden = int(config.get("hidden", 256))
    if hidden < 1:
        raise ConfigError(f"--hidden must be positive, got {hidden}")
    setup = f"784 → {hidden} ReLU → 10 softmax, cross-entropy, Adam lr 1e-3"
    return train_and_report(config, mlp_model(config.seed, hidden), setup)


@register("mnist-cnn", help="USC deck: MNIST CNN (TF 'for experts'): 2x(conv 5x5, pool), FC 1024, dropout",
          options=[*MNIST_OPTIONS,
                   ("--widths", {"default": "32,64,1024",
                                 "help": "CONV1,CONV2,FC widths (default 32,64,1024; 16,32,256 is ~6x faster)"})])
def run_cnn(config: RunConfig) -> dict:
    widths = parse_widths(config.get("widths", "32,64,1024"))
    setup = (f"[28,28,1] → conv 5×5×{widths[0]} same, ReLU, 2×2 max-pool → conv 5×5×{widths[1]} same, ReLU, "
             f"2×2 max-pool → FC {widths[2]} ReLU → dropout 0.5 → FC 10 softmax, cross-entropy, Adam lr 1e-3")
    return train_and_report(config, cnn_model(config.seed, widths), setup, image=True, layout=True)
