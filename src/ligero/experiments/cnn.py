"""Convolutional networks on CIFAR-10: the course's first CNN, and a fast, accurate one.

- ``cnn``: the course's architecture INPUT[32,32,3] → CONV 3×3×12 (padding 1,
  so the output is (32 − 3 + 2·1)/1 + 1 = 32 wide) → ReLU → 2×2 max-pool
  (16×16×12) → FC 10 with softmax + categorical cross-entropy. Pixels are
  ``x/255`` minus the mean training image (the MLP exercises' preprocessing);
  SGD with Nesterov momentum 0.9, lr 0.01, batches of 64, 10 epochs; the test
  set is the validation set.
- ``cifar-cnn``: the challenge — the highest test accuracy in a wall-clock
  budget (``--time-budget-min``, default 28) on a 2-core CPU. Three blocks
  [conv 3×3 "same" (no bias) → batch norm → ReLU → 2×2 max-pool] with 32, 64,
  128 channels, then FC 10 (softmax). Inputs standardized per channel (training
  mean and std), augmented in training by a random crop (zero padding 4) and a
  random horizontal flip (layers at the start of the Sequential). SGD, Nesterov
  momentum 0.9, weight decay 5e-4, batches of 128, and a one-cycle learning
  rate (linear warm-up to 0.1 over the first 15 % of the budget, then cosine
  down to 0) driven by the *elapsed time*, so the schedule ends when the
  budget does whatever the machine's load; training stops before an epoch that
  would not fit in the budget (:class:`TimeBudget`).

Both print the per-epoch time, write the curves and the confusion matrix, and
keep BLAS to ``--blas-threads`` threads (default 1: on a shared 2-core machine
two OpenBLAS threads that are not both scheduled spin and wait for each other,
which measured here 3-6× slower than one thread).
"""

from __future__ import annotations

import math
import time
from types import SimpleNamespace
from typing import Any

import numpy as np

import ligero as lg
from ligero import datasets, layers, optimizers, plotting
from ligero.callbacks import Callback
from ligero.errors import ConfigError
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register
from ligero.experiments.deck_layout import deck_layout, layout_line, layout_text
from ligero.threads import blas_threads

QUICK_TRAIN, QUICK_TEST = 256, 128


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------


def _load_uint8(config: RunConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]:
    """CIFAR-10 as uint8 NCHW; random images in quick mode without a data directory."""
    if config.quick and config.data_dir is None:
        rng = config.rng(1)
        xtr = rng.integers(0, 256, (QUICK_TRAIN, 3, 32, 32), dtype=np.uint8)
        xte = rng.integers(0, 256, (QUICK_TEST, 3, 32, 32), dtype=np.uint8)
        ytr, yte = rng.integers(0, 10, QUICK_TRAIN), rng.integers(0, 10, QUICK_TEST)
        return xtr, ytr.astype(np.int64), xte, yte.astype(np.int64), "synthetic random images (quick mode)"
    (xtr, ytr), (xte, yte) = datasets.load_cifar10(config.data_dir)
    source = "CIFAR-10 from the given data directory" if config.data_dir else "CIFAR-10 (cache)"
    subset = int(config.get("train_samples", 0) or 0)
    if config.quick:
        subset = subset or QUICK_TRAIN
        xte, yte = xte[:QUICK_TEST], yte[:QUICK_TEST]
    if subset:
        xtr, ytr = xtr[:subset], ytr[:subset]
    return xtr, ytr, xte, yte, source


def preprocess_mean_image(xtr: np.ndarray, xte: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The course's preprocessing: ``x/255`` minus the mean training image (images stay NCHW)."""
    x_train, x_test, _ = datasets.center(datasets.scale(xtr), datasets.scale(xte))
    return x_train, x_test


def preprocess_standardize(xtr: np.ndarray, xte: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(x/255 − μ_c) / σ_c`` per channel c, with the training set's mean and std."""
    x_train, x_test = datasets.scale(xtr), datasets.scale(xte)
    mean = x_train.mean(axis=(0, 2, 3), keepdims=True, dtype=np.float64).astype(np.float32)
    std = x_train.std(axis=(0, 2, 3), keepdims=True, dtype=np.float64).astype(np.float32)
    x_train -= mean
    x_train /= std
    x_test -= mean
    x_test /= std
    return x_train, x_test, mean.ravel(), std.ravel()


# ---------------------------------------------------------------------------
# time budget and a time-driven one-cycle schedule
# ---------------------------------------------------------------------------


def one_cycle(progress: float, peak: float, warmup: float = 0.15, start_div: float = 10.0,
              final_div: float = 1000.0) -> float:
    """Learning rate at ``progress`` ∈ [0, 1] of training: linear from ``peak/start_div`` up to
    ``peak`` over the first ``warmup`` fraction, then cosine down to ``peak/final_div``."""
    p = min(max(float(progress), 0.0), 1.0)
    if p < warmup:
        low = peak / start_div
        return low + (peak - low) * p / warmup
    low = peak / final_div
    q = (p - warmup) / max(1.0 - warmup, 1e-12)
    return low + (peak - low) * 0.5 * (1.0 + math.cos(math.pi * q))


class TimeBudget(Callback):
    """Stop training before an epoch that would not end within ``seconds`` of ``start``.

    After every epoch it estimates the next one's duration as the longest of the
    last three epochs (load on a shared machine changes) and sets
    ``model.stop_training`` if it would overrun the budget. With ``peak_lr`` it
    also drives a one-cycle learning rate (:func:`one_cycle`) by the fraction
    of the budget used, set before every batch, so the rate reaches its floor when
    the time is up however fast the epochs turn out to be.

    Attributes after training: ``epoch_seconds`` (each epoch's duration,
    validation included), ``stopped_early`` (True if the budget cut training
    short of ``fit``'s ``epochs``).
    """

    def __init__(self, seconds: float, start: float | None = None, peak_lr: float | None = None,
                 warmup: float = 0.15, clock: Any = time.perf_counter) -> None:
        super().__init__()
        if not seconds > 0:
            raise ConfigError(f"TimeBudget: seconds must be positive, got {seconds!r}")
        self.seconds, self.peak_lr, self.warmup, self.clock = float(seconds), peak_lr, float(warmup), clock
        self.start = start
        self.epoch_seconds: list[float] = []
        self.stopped_early = False
        self._epoch_start = 0.0

    def elapsed(self) -> float:
        return self.clock() - (self.start if self.start is not None else 0.0)

    def on_train_begin(self, logs: dict | None = None) -> None:
        if self.start is None:
            self.start = self.clock()
        self.epoch_seconds, self.stopped_early = [], False

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch_start = self.clock()

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        if self.peak_lr is not None:
            self.model.optimizer.lr = one_cycle(self.elapsed() / self.seconds, self.peak_lr, self.warmup)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch_seconds.append(self.clock() - self._epoch_start)
        if logs is not None:
            logs["learning_rate"] = float(self.model.optimizer.lr)
            logs["epoch_seconds"] = self.epoch_seconds[-1]
        next_epoch = max(self.epoch_seconds[-3:])
        last = epoch + 1 >= self.params.get("epochs", math.inf)
        if not last and self.elapsed() + next_epoch > self.seconds:
            self.model.stop_training = True
            self.stopped_early = True


class EpochTimer(Callback):
    """Records each epoch's wall time (validation included) in ``epoch_seconds`` and the logs."""

    def __init__(self) -> None:
        super().__init__()
        self.epoch_seconds: list[float] = []
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch_seconds.append(time.perf_counter() - self._start)
        if logs is not None:
            logs["epoch_seconds"] = self.epoch_seconds[-1]


# ---------------------------------------------------------------------------
# the networks
# ---------------------------------------------------------------------------


def course_cnn(seed: int = 0, data_format: str = "channels_last") -> lg.Sequential:
    """INPUT[32,32,3] → CONV 3×3×12 (pad 1) → ReLU → 2×2 max-pool → FC 10 (softmax), in the deck's
    channels-last layout (images (N, 32, 32, 3)), or on NCHW images with ``"channels_first"``."""
    lg.set_seed(seed)
    fmt = {"data_format": data_format}
    shape = (32, 32, 3) if data_format == "channels_last" else (3, 32, 32)
    return lg.Sequential([
        layers.Conv2D(12, 3, padding="same", activation="relu", kernel_initializer="he_normal",
                      input_shape=shape, **fmt),
        layers.MaxPooling2D(2, **fmt),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ], name="course_cnn")


def challenge_cnn(widths: tuple[int, ...] = (32, 64, 128), seed: int = 0, augment: bool = True) -> lg.Sequential:
    """[RandomCrop(pad 4) → RandomFlip] → (conv3×3 → BN → ReLU → max-pool 2) per width → FC 10, on NCHW
    images (``data_format="channels_first"``, BN on axis 1 with Keras's momentum 0.9 = PyTorch's 0.1)."""
    lg.set_seed(seed)
    nchw = {"data_format": "channels_first"}
    stack: list[Any] = []
    if augment:
        stack += [layers.RandomCrop(32, 32, padding=4, seed=seed + 11, input_shape=(3, 32, 32), **nchw),
                  layers.RandomFlip("horizontal", seed=seed + 12, **nchw)]
    for i, width in enumerate(widths):
        extra = {"input_shape": (3, 32, 32)} if (i == 0 and not augment) else {}
        stack += [layers.Conv2D(width, 3, padding="same", use_bias=False, kernel_initializer="he_normal",
                                **nchw, **extra),
                  layers.BatchNormalization(axis=1, momentum=0.9),
                  layers.Activation("relu"),
                  layers.MaxPooling2D(2, **nchw)]
    stack += [layers.Flatten(), layers.Dense(10, activation="softmax")]
    return lg.Sequential(stack, name="cifar_cnn")


# ---------------------------------------------------------------------------
# reporting helpers
# ---------------------------------------------------------------------------


def _summary_text(model: lg.Model) -> str:
    lines: list[str] = []
    model.summary(print_fn=lines.append)
    return "\n".join(lines)


def _load_average() -> str:
    try:
        import os

        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except (OSError, AttributeError):
        return "n/a"


_LAYOUT_WORDS = {"channels_last": "NHWC (the deck's layout)", "channels_first": "NCHW"}


def _test_figures(out: RunOutput, model: lg.Model, x_test: np.ndarray, y_test: np.ndarray,
                  title: str) -> tuple[float, np.ndarray]:
    predicted = model.predict(x_test, batch_size=500).argmax(axis=1)
    accuracy = float(np.mean(predicted == y_test))
    plotting.plot_confusion_matrix(y_test, predicted, out.figure("confusion.png"),
                                   class_names=datasets.CIFAR10_CLASSES, title=f"{title}: test set")
    return accuracy, predicted


# ---------------------------------------------------------------------------
# cnn: the course's first CNN
# ---------------------------------------------------------------------------


def _mean_image_inputs(xtr: np.ndarray, xte: np.ndarray, data_format: str) -> tuple[np.ndarray, np.ndarray]:
    """x/255 minus the mean training image, in the deck's (N, 32, 32, 3) layout for channels_last."""
    x_train, x_test = preprocess_mean_image(xtr, xte)
    if data_format == "channels_last":
        x_train, x_test = (np.ascontiguousarray(x.transpose(0, 2, 3, 1)) for x in (x_train, x_test))
    return x_train, x_test


@register("cnn", help="first CNN: CONV 3x3x12 -> ReLU -> 2x2 max-pool -> FC 10 on CIFAR-10",
          options=[("--lr", {"type": float, "default": 0.01, "help": "SGD learning rate (default 0.01)"}),
                   ("--batch-size", {"type": int, "default": 64, "help": "batch size (default 64)"}),
                   ("--train-samples", {"type": int, "default": 0,
                                        "help": "use only the first N training images (0: all)"}),
                   ("--blas-threads", {"type": int, "default": 1,
                                       "help": "BLAS threads (default 1; 0: the library's default)"}),
                   ("--data-format", {"choices": ["channels_last", "channels_first"], "default": "channels_last",
                                      "help": "image layout: the deck's (N, 32, 32, 3) (default) or NCHW"})])
def run_cnn(config: RunConfig) -> dict:
    title = "First CNN on CIFAR-10"
    epochs = config.epochs_or(1 if config.quick else 10)
    lr, batch = float(config.get("lr", 0.01)), int(config.get("batch_size", 64))
    out = RunOutput(config, title=title)
    load_start = _load_average()
    xtr, ytr, xte, yte, source = _load_uint8(config)
    data_format = str(config.get("data_format", "channels_last"))
    x_train, x_test = _mean_image_inputs(xtr, xte, data_format)
    y_train, y_test = datasets.one_hot(ytr, 10), datasets.one_hot(yte, 10)
    model = course_cnn(config.seed, data_format)
    model.compile(optimizer=optimizers.SGD(lr=lr, momentum=0.9, nesterov=True),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    summary = _summary_text(model)
    layout = deck_layout(model)
    out.print(f"{title}\ndata: {source}: {len(x_train)} training, {len(x_test)} test images, "
              f"x/255 minus the mean training image\n"
              f"the deck's layout ({'the network runs NCHW; ' if data_format == 'channels_first' else ''}"
              f"volumes listed [height, width, depth]):\n"
              f"{layout_text(layout)}\n{summary}\n"
              f"SGD lr {lr:g}, Nesterov momentum 0.9, batch {batch}, {epochs} epochs")
    timer = EpochTimer()
    start = time.perf_counter()
    with blas_threads(config.get("blas_threads", 1)):
        history = model.fit(x_train, y_train, batch_size=batch, epochs=epochs, validation_data=(x_test, y_test),
                            callbacks=[timer], seed=config.seed, verbose=0 if config.quiet else 2)
        train_seconds = time.perf_counter() - start
        test_accuracy, _ = _test_figures(out, model, x_test, yte, title)
    out.set_history(history)
    plotting.plot_history(history, out.figure("history.png"), title=f"{title} (validation = test set)")
    plotting.image_grid(xtr[:20], ytr[:20], out.figure("samples.png"), class_names=datasets.CIFAR10_CLASSES,
                        title="training samples")
    per_epoch = float(np.mean(timer.epoch_seconds))
    h = history.history
    out.final.update(test_accuracy=test_accuracy, val_accuracy=h["val_accuracy"][-1],
                     best_val_accuracy=max(h["val_accuracy"]), accuracy=h["accuracy"][-1],
                     loss=h["loss"][-1], val_loss=h["val_loss"][-1], epochs=len(h["loss"]),
                     seconds_per_epoch=round(per_epoch, 2), train_seconds=round(train_seconds, 1),
                     load_average_start=load_start, load_average_end=_load_average(),
                     parameters=int(sum(p.array.size for p in model.trainable_parameters())))
    keys = ["loss", "accuracy", "val_loss", "val_accuracy"]
    table = _history_table(h, keys, keys, timer.epoch_seconds)
    out.print(f"test accuracy {test_accuracy:.4f}; {per_epoch:.1f} s per epoch; {train_seconds:.0f} s training")
    report = "\n".join([
        f"Data: {source}; {len(x_train)} training and {len(x_test)} test (= validation) images, "
        f"x/255 minus the mean training image, {_LAYOUT_WORDS[data_format]}.",
        "", "Architecture: INPUT[32,32,3] → CONV 3×3×12, padding 1 ((32 − 3 + 2)/1 + 1 = 32) → ReLU → "
        "2×2 max-pool (16×16×12) → FC 10 → softmax; categorical cross-entropy.",
        "", f"The deck's layout: {layout_line(layout)}.",
        "", "```", layout_text(layout), "", summary, "```", "",
        f"SGD lr {lr:g}, Nesterov momentum 0.9, batch {batch}, {epochs} epochs, seed {config.seed}, "
        f"BLAS threads {config.get('blas_threads', 1) or 'default'}.",
        "",
        f"**Test accuracy {test_accuracy:.4f}**; {per_epoch:.1f} s per epoch (validation included), "
        f"{train_seconds:.0f} s training; load average (1, 5, 15 min) {load_start} at start, "
        f"{_load_average()} at the end.",
        "", table,
    ])
    return out.finish(report=report)


# ---------------------------------------------------------------------------
# cifar-cnn: the challenge
# ---------------------------------------------------------------------------


@register("cifar-cnn", help="challenge: best CIFAR-10 test accuracy in a wall-clock budget (BN CNN, augmentation)",
          options=[("--time-budget-min", {"type": float, "default": 28.0,
                                          "help": "wall-clock budget in minutes for the whole run (default 28)"}),
                   ("--widths", {"default": "32,64,128", "help": "channels of the conv blocks (default 32,64,128)"}),
                   ("--lr", {"type": float, "default": 0.1, "help": "peak learning rate of the one-cycle (0.1)"}),
                   ("--batch-size", {"type": int, "default": 128, "help": "batch size (default 128)"}),
                   ("--weight-decay", {"type": float, "default": 5e-4, "help": "SGD weight decay (5e-4)"}),
                   ("--no-augment", {"action": "store_true", "help": "no random crop / flip"}),
                   ("--val-samples", {"type": int, "default": 2000,
                                      "help": "test images evaluated after every epoch for the curves "
                                              "(default 2000; the final accuracy uses all)"}),
                   ("--train-samples", {"type": int, "default": 0,
                                        "help": "use only the first N training images (0: all)"}),
                   ("--blas-threads", {"type": int, "default": 1,
                                       "help": "BLAS threads (default 1; 0: the library's default)"})])
def run_cifar_cnn(config: RunConfig) -> dict:
    wall_start = time.perf_counter()
    title = "CIFAR-10 CNN challenge"
    opts = _challenge_options(config)
    out = RunOutput(config, title=title)
    load_start = _load_average()
    x_train, y_train, x_test, yte, validation, source, (mean, std) = _challenge_data(config)
    n_val = len(validation[0])
    model = challenge_cnn(opts.widths, config.seed, opts.augment)
    model.compile(optimizer=optimizers.SGD(lr=opts.lr / 10, momentum=0.9, nesterov=True,
                                           weight_decay=opts.weight_decay),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    summary = _summary_text(model)
    # keep ~1.5 % of the budget (at least 20 s, at most 60 s) for the final test pass and the figures
    budget_s = opts.budget_min * 60.0
    reserve = min(60.0, max(20.0, 0.015 * budget_s)) if not config.quick else 0.0
    train_budget = max(budget_s - reserve - (time.perf_counter() - wall_start), 1.0)
    out.print(f"{title}\ndata: {source}: {len(x_train)} training, {len(x_test)} test images; per-channel "
              f"standardization (mean {[round(float(v), 3) for v in mean]}, std {[round(float(v), 3) for v in std]})\n"
              f"{summary}\n{opts.recipe}\nbudget {opts.budget_min:g} min for the run, {train_budget:.0f} s for "
              f"training; load average {load_start}")
    budget = TimeBudget(train_budget, peak_lr=opts.lr)
    with blas_threads(config.get("blas_threads", 1)):
        history = model.fit(x_train, y_train, batch_size=opts.batch, epochs=opts.epochs,
                            validation_data=validation,
                            callbacks=[budget], seed=config.seed, verbose=0 if config.quiet else 2)
        train_seconds = budget.elapsed()
        test_accuracy, _ = _test_figures(out, model, x_test, yte, title)
    out.set_history(history)
    plotting.plot_history(history, out.figure("history.png"),
                          title=f"{title} (validation: {n_val} test images)")
    h = history.history
    n_epochs = len(h["loss"])
    per_epoch = float(np.mean(budget.epoch_seconds)) if budget.epoch_seconds else math.nan
    if not config.quick:
        model.save(out.path("model.ligero"))
    wall = time.perf_counter() - wall_start
    load_end = _load_average()
    out.final.update(test_accuracy=test_accuracy, epochs=n_epochs, seconds_per_epoch=round(per_epoch, 1),
                     train_seconds=round(train_seconds, 1), wall_seconds=round(wall, 1),
                     wall_minutes=round(wall / 60, 2), time_budget_minutes=opts.budget_min,
                     stopped_by_budget=budget.stopped_early, accuracy=h["accuracy"][-1], loss=h["loss"][-1],
                     val_accuracy=h["val_accuracy"][-1], val_samples=n_val,
                     load_average_start=load_start, load_average_end=load_end,
                     parameters=int(sum(p.array.size for p in model.trainable_parameters())),
                     reached_70_percent=test_accuracy >= 0.70, within_30_minutes=wall < 30 * 60)
    out.print(f"test accuracy {test_accuracy:.4f} after {n_epochs} epochs; {per_epoch:.1f} s per epoch; "
              f"wall time {wall / 60:.1f} min; load average {load_start} at start, {load_end} at the end")
    report = "\n".join([
        f"Data: {source}; {len(x_train)} training and {len(x_test)} test images; x/255 standardized per "
        "channel with the training mean and std.",
        "", f"Architecture (widths {', '.join(map(str, opts.widths))}):", "", "```", summary, "```", "",
        f"Recipe: {opts.recipe}. Budget {opts.budget_min:g} min for the whole run ({train_budget:.0f} s for "
        f"training; BLAS threads {config.get('blas_threads', 1) or 'default'}).",
        "",
        f"**Test accuracy {test_accuracy:.4f}** (10,000 images) after {n_epochs} epochs; "
        f"{per_epoch:.1f} s per epoch (validation on {n_val} test images included); total wall time "
        f"{wall / 60:.1f} min; load average (1, 5, 15 min) {load_start} at start, {load_end} at the end.",
        "", _history_table(h, ["loss", "accuracy", "val_accuracy", "learning_rate"],
                           ["loss", "accuracy", f"val_accuracy ({n_val})", "lr at end"], budget.epoch_seconds),
    ])
    return out.finish(report=report)


def _challenge_data(config: RunConfig) -> tuple:
    """``(x_train, y_train one-hot, x_test, test labels, (x_val, y_val), source, (mean, std))``: images
    standardized per channel; the curves' validation set a fixed draw of ``--val-samples`` test images."""
    xtr, ytr, xte, yte, source = _load_uint8(config)
    x_train, x_test, mean, std = preprocess_standardize(xtr, xte)
    n_val = min(int(config.get("val_samples", 2000)) or len(x_test), len(x_test))
    val_idx = np.random.default_rng(config.seed + 5).permutation(len(x_test))[:n_val]
    validation = (x_test[val_idx], datasets.one_hot(yte[val_idx], 10))
    return x_train, datasets.one_hot(ytr, 10), x_test, yte, validation, source, (mean, std)


def _challenge_options(config: RunConfig) -> SimpleNamespace:
    """The challenge's settings from the command line, and the recipe sentence the reports print."""
    budget_min = float(config.get("time_budget_min", 28.0))
    if not budget_min > 0:
        raise ConfigError(f"--time-budget-min must be positive, got {budget_min}")
    lr, weight_decay = float(config.get("lr", 0.1)), float(config.get("weight_decay", 5e-4))
    batch, augment = int(config.get("batch_size", 128)), not bool(config.get("no_augment", False))
    recipe = (f"SGD, Nesterov momentum 0.9, weight decay {weight_decay:g}, batch {batch}; one-cycle learning rate "
              f"by elapsed time (warm-up {lr / 10:g} → {lr:g} over 15 % of the training budget, cosine to "
              f"{lr / 1000:g}); augmentation: {'random crop (pad 4) + horizontal flip' if augment else 'none'}")
    return SimpleNamespace(budget_min=budget_min, lr=lr, batch=batch, weight_decay=weight_decay, augment=augment,
                           widths=tuple(int(w) for w in str(config.get("widths", "32,64,128")).split(",")),
                           epochs=config.epochs_or(1 if config.quick else 100),  # else the budget decides
                           recipe=recipe)


def _history_table(h: dict[str, list], keys: list[str], headers: list[str], epoch_seconds: list[float]) -> str:
    """One row an epoch: the history's ``keys`` (4 decimals; the learning rate 4 digits) and the seconds."""
    rows = [(i + 1, *(f"{h[k][i]:.4g}" if k == "learning_rate" else f"{h[k][i]:.4f}" for k in keys),
             f"{epoch_seconds[i]:.1f}") for i in range(len(h["loss"]))]
    return markdown_table(["epoch", *headers, "seconds"], rows)
