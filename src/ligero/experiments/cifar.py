"""P2 Ej3, Ej4, Ej5 and Ej8: multilayer perceptrons on CIFAR-10 at the course settings.

Preprocessing: pixels ``x / 255``, minus the mean training image, flattened to
3072 values (CHW order); the validation set is the test set (10,000 images).
Network: 3072 → 100 → 10 (Ej8: 3072 → 100 → 100 → 10), Glorot-normal kernels,
zero biases, the course's L2 penalty ``λ/2 · ΣW²`` with λ = 0.01 on every weight,
biases included as in the course's augmented W (``--l2`` sets λ; ``--penalty keras``
puts Keras's ``λ · ΣW²`` on the kernels only, what these experiments used before
2026-12-02), SGD with lr 1e-3, batches of 32, 50 epochs.

- ``cifar-mse`` (Ej3): tanh hidden layer (the statement says sigmoid:
  ``--hidden-activation sigmoid``), linear output, the course's MSE with
  one-hot targets, ``L = (1/N) Σ_n ||y_n − t_n||²`` (``--mse elements`` gives
  Keras's ``(1/(N·C)) Σ_n Σ_c (y_nc − t_nc)²``, C times smaller).
- ``cifar-cce`` (Ej4): the same with a softmax output and categorical
  cross-entropy ``L = −(1/N) Σ_n log p_n,t_n``, ``p = softmax(xW + b)``.
- ``cifar-relu`` (Ej5): ReLU hidden layer; sigmoid or linear output; MSE or
  CCE: all four combinations (or one with ``--output``/``--loss``).
- ``cifar-deep`` (Ej8): Ej4 with a second hidden layer of 100.

Cross-entropy needs probabilities. On a linear output the scores are the
logits of a softmax (the same as a softmax output layer). On a sigmoid output
``s = σ(z)`` there are two readings (``--sigmoid-cce``):

- ``normalized`` (default; what Keras's ``categorical_crossentropy`` does with
  outputs that are not a softmax): ``p_c = s_c / Σ_j s_j``, then
  ``L = −(1/N) Σ_n log clip(p_n,t_n, ε, 1)``;
- ``logits``: the sigmoid outputs are scores fed to a softmax,
  ``p = softmax(s)``, ``L = −(1/N) Σ_n log p_n,t_n``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import ligero as lg
from ligero import datasets, layers, losses, ops, optimizers, plotting, regularizers
from ligero.experiments._course import course_l2
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register, text_table
from ligero.tensor import Tensor

HIDDEN, LR, L2, BATCH, EPOCHS = 100, 1e-3, 0.01, 32, 50
QUICK_TRAIN, QUICK_TEST = 300, 100

REFERENCE = {"cifar-mse": 0.36, "cifar-cce": 0.40, "cifar-relu": 0.43, "cifar-deep": 0.45}


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------


@dataclass
class CifarData:
    """Preprocessed CIFAR-10: flat float32 rows, int64 labels, and what made them."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    images: np.ndarray  # a few raw uint8 NCHW training images, for the sample grid
    mean: np.ndarray  # the training mean of x/255, flat (3072,)
    class_means: np.ndarray  # (10, 3072) mean of x/255 per class
    source: str


def _synthetic(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Random uint8 images of CIFAR's shape with labels 0-9 (quick runs without data)."""
    return rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8), rng.integers(0, 10, n).astype(np.int64)


def load_data(config: RunConfig) -> CifarData:
    """CIFAR-10 from ``config.data_dir`` (or the cache), preprocessed the course's way.

    ``x = x/255 − mean_train(x/255)``, flattened. In quick mode only
    ``QUICK_TRAIN``/``QUICK_TEST`` samples are kept, and without a data
    directory they are random images (so tests never need the data set).
    """
    if config.quick and config.data_dir is None:
        rng = config.rng(1)
        (xtr, ytr), (xte, yte) = _synthetic(rng, QUICK_TRAIN), _synthetic(rng, QUICK_TEST)
        source = "synthetic random images (quick mode)"
    else:
        (xtr, ytr), (xte, yte) = datasets.load_cifar10(config.data_dir)
        source = f"CIFAR-10 from {config.data_dir}" if config.data_dir else "CIFAR-10 (cache)"
        if config.quick:
            xtr, ytr, xte, yte = xtr[:QUICK_TRAIN], ytr[:QUICK_TRAIN], xte[:QUICK_TEST], yte[:QUICK_TEST]
    x_train, x_test, mean = datasets.center(datasets.flatten(datasets.scale(xtr)),
                                            datasets.flatten(datasets.scale(xte)))
    class_means = np.stack([x_train[ytr == c].mean(axis=0) if np.any(ytr == c) else np.zeros_like(mean)
                            for c in range(10)]) + mean
    shown = 10 if config.quick else 30
    return CifarData(x_train, ytr, x_test, yte, xtr[:shown].copy(), mean, class_means, source)


# ---------------------------------------------------------------------------
# losses for a sigmoid output
# ---------------------------------------------------------------------------


class NormalizedCrossentropy(losses.Loss):
    """Cross-entropy of outputs normalized to sum 1 (Keras's CCE on a non-softmax output).

    ``p_nc = y_nc / Σ_j y_nj``,  ``L = −(1/N) Σ_n Σ_c t_nc log clip(p_nc, ε, 1)``;
    the outputs ``y`` must be positive (e.g. a sigmoid's).
    """

    def __init__(self, eps: float = 1e-7) -> None:
        super().__init__(name="normalized_crossentropy")
        self.eps = float(eps)

    def __call__(self, y_true: Any, y_pred: Tensor, sample_weight: Any = None) -> Tensor:
        t = np.asarray(y_true, dtype=y_pred.dtype)
        p = y_pred / y_pred.sum(axis=1, keepdims=True)
        log_p = ops.log(ops.clip(p, self.eps, 1.0))
        return -(log_p * t).sum() / y_pred.shape[0]

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "eps": self.eps}


# ---------------------------------------------------------------------------
# the networks
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One network: hidden activations (one per hidden layer of ``HIDDEN``), output, loss."""

    key: str
    hidden: tuple[str, ...]
    output: str  # "linear" or "sigmoid"
    loss: str  # "mse" or "cce"

    def describe(self) -> str:
        arch = "-".join(["3072", *(str(HIDDEN) for _ in self.hidden), "10"])
        output = "softmax" if (self.output, self.loss) == ("linear", "cce") else self.output
        return f"{arch}, hidden {'/'.join(self.hidden)}, {output} output, {self.loss.upper()}"


def build_model(variant: Variant, input_dim: int = 3072, seed: int = 0, l2: float = L2,
                penalty: str = "course") -> lg.Model:
    """The Sequential MLP of ``variant``; a linear output with CCE becomes a softmax layer.

    ``penalty="course"``: every weight, biases included (the course's augmented W), gets the
    course's ``λ/2 · ΣW²`` with ``λ = l2`` (:class:`ligero.regularizers.CourseL2`);
    ``"keras"``: every kernel gets Keras's ``l2 · ΣW²``. None when ``l2`` is 0.
    """
    lg.set_seed(seed)
    kw: dict[str, Any] = {"kernel_initializer": "glorot_normal"}
    if penalty == "course":
        kw.update(course_l2(l2))
    elif l2:
        kw.update(kernel_regularizer=regularizers.L2(l2))
    stack = [layers.Dense(HIDDEN, activation=variant.hidden[0], input_dim=input_dim, **kw)]
    stack += [layers.Dense(HIDDEN, activation=act, **kw) for act in variant.hidden[1:]]
    output = "softmax" if (variant.loss == "cce" and variant.output == "linear") else variant.output
    stack.append(layers.Dense(10, activation=output, **kw))
    return lg.Sequential(stack, name=variant.key.replace("-", "_"))


def make_loss(variant: Variant, mse: str = "samples", sigmoid_cce: str = "normalized") -> losses.Loss:
    """The loss of ``variant`` (see the module docstring for the conventions)."""
    if variant.loss == "mse":
        return losses.SumSquaredError() if mse == "samples" else losses.MeanSquaredError()
    if variant.output == "sigmoid":
        return NormalizedCrossentropy() if sigmoid_cce == "normalized" else \
            losses.CategoricalCrossentropy(from_logits=True)
    return losses.CategoricalCrossentropy()


def train(variant: Variant, data: CifarData, epochs: int, seed: int, verbose: int = 0,
          mse: str = "samples", sigmoid_cce: str = "normalized", l2: float = L2, lr: float = LR,
          batch_size: int = BATCH, penalty: str = "course") -> tuple[lg.Model, Any, float]:
    """Train ``variant`` (at the course settings unless told otherwise); returns (model, History, seconds)."""
    model = build_model(variant, data.x_train.shape[1], seed, l2, penalty)
    model.compile(optimizer=optimizers.SGD(lr=lr), loss=make_loss(variant, mse, sigmoid_cce),
                  metrics=["accuracy"])
    y_train, y_test = datasets.one_hot(data.y_train, 10), datasets.one_hot(data.y_test, 10)
    start = time.perf_counter()
    history = model.fit(data.x_train, y_train, batch_size=batch_size, epochs=epochs,
                        validation_data=(data.x_test, y_test), verbose=verbose, seed=seed)
    return model, history, time.perf_counter() - start


# ---------------------------------------------------------------------------
# running and reporting
# ---------------------------------------------------------------------------


def _data_figures(out: RunOutput, data: CifarData) -> None:
    names = datasets.CIFAR10_CLASSES
    plotting.image_grid(data.images, data.y_train[:len(data.images)], out.figure("samples.png"),
                        class_names=names, title="training samples")
    plotting.plot_mean_image(data.mean.reshape(1, 3, 32, 32), out.figure("mean_image.png"),
                             title="training mean image (x/255)")
    plotting.image_grid(data.class_means.reshape(-1, 3, 32, 32), np.arange(10), out.figure("class_means.png"),
                        class_names=names, title="mean image per class")


def run_variants(config: RunConfig, variants: list[Variant], title: str, headline: str) -> dict:
    """Train each variant, write curves, figures, metrics.json and report.md.

    ``headline`` is the variant whose history is also stored under the plain
    Keras names and whose final ``val_accuracy`` is the run's result.
    """
    epochs = config.epochs_or(1 if config.quick else EPOCHS)
    mse, sigmoid_cce = str(config.get("mse", "samples")), str(config.get("sigmoid_cce", "normalized"))
    l2, penalty = float(config.get("l2", L2)), str(config.get("penalty", "course"))
    lr, batch_size = float(config.get("lr", LR)), int(config.get("batch_size", BATCH))
    verbose = 0 if config.quiet else 2
    out = RunOutput(config, title=title)
    data = load_data(config)
    out.print(f"{title}\ndata: {data.source}: {len(data.x_train)} training, {len(data.x_test)} test samples; "
              f"x/255 minus the training mean, flattened to {data.x_train.shape[1]}")
    _data_figures(out, data)
    results: dict[str, dict[str, Any]] = {}
    curves: dict[str, list[float]] = {}
    for variant in variants:
        out.print(f"\n[{variant.key}] {variant.describe()}; SGD lr {lr:g}, batch {batch_size}, "
                  f"{_penalty_formula(l2, penalty)}, {epochs} epochs")
        model, history, seconds = train(variant, data, epochs, config.seed, verbose, mse, sigmoid_cce, l2, lr,
                                        batch_size, penalty)
        _record_variant(out, variant, model, history, data, title, several=len(variants) > 1,
                        headline=variant.key == headline)
        h = history.history
        curves[variant.key] = h["val_accuracy"]
        results[variant.key] = {
            "description": variant.describe(), "val_accuracy": h["val_accuracy"][-1],
            "best_val_accuracy": max(h["val_accuracy"]), "accuracy": h["accuracy"][-1],
            "loss": h["loss"][-1], "val_loss": h["val_loss"][-1], "train_seconds": round(seconds, 1),
            "seconds_per_epoch": round(seconds / epochs, 2),
        }
        out.print(f"[{variant.key}] final val_accuracy {h['val_accuracy'][-1]:.4f} "
                  f"(best {max(h['val_accuracy']):.4f}), train accuracy {h['accuracy'][-1]:.4f}, "
                  f"{seconds:.0f} s")
    if len(variants) > 1:
        plotting.plot_comparison(curves, out.figure("val_accuracy.png"), ylabel="validation (test) accuracy",
                                 title=title)
    head = results[headline]
    reference = REFERENCE.get(config.name)
    out.final.update(val_accuracy=head["val_accuracy"], best_val_accuracy=head["best_val_accuracy"],
                     accuracy=head["accuracy"], loss=head["loss"], val_loss=head["val_loss"],
                     train_seconds=head["train_seconds"], reference_val_accuracy=reference)
    if len(variants) > 1:
        out.final.update({f"val_accuracy_{k}": r["val_accuracy"] for k, r in results.items()})
    headers = ["variant", "network", "val_accuracy (final)", "best", "train accuracy", "seconds"]
    rows = [(k, r["description"], f"{r['val_accuracy']:.4f}", f"{r['best_val_accuracy']:.4f}",
             f"{r['accuracy']:.4f}", f"{r['train_seconds']:.0f}") for k, r in results.items()]
    out.print("\n" + text_table(headers, rows))
    conventions = [f"MSE: `{mse}` convention"] if any(v.loss == "mse" for v in variants) else []
    if any(v.output == "sigmoid" and v.loss == "cce" for v in variants):
        conventions.append(f"CCE on a sigmoid output: `{sigmoid_cce}`")
    report = "\n".join([
        f"Data: {data.source}; {len(data.x_train)} training and {len(data.x_test)} test (= validation) "
        f"images, x/255 minus the training mean image, flattened. Glorot-normal kernels, "
        f"{_penalty_formula(l2, penalty)}, SGD lr {lr:g}, batch {batch_size}, {epochs} epochs, seed {config.seed}."
        + "".join(f" {c}." for c in conventions),
        "",
        markdown_table(headers, rows),
        "",
        f"Reference (course): val accuracy ≈ {reference:.2f}." if reference is not None else "",
    ])
    return out.finish(report=report, results=results)


def _record_variant(out: RunOutput, variant: Variant, model: Any, history: Any, data: CifarData, title: str,
                    several: bool, headline: bool) -> None:
    """One variant's curves into the run's history (prefixed by its key when there are several) and its
    figures; the headline variant's also under the plain names, with the confusion matrix."""
    h = history.history
    if several:
        for key, values in h.items():
            out.history[f"{variant.key}_{key}"] = list(values)
        plotting.plot_history(history, out.figure(f"history_{variant.key}.png"), title=variant.describe())
    if headline:
        for key, values in h.items():
            out.history[key] = list(values)
        plotting.plot_history(history, out.figure("history.png"), title=f"{title}: {variant.describe()}")
        predicted = model.predict(data.x_test).argmax(axis=1)
        plotting.plot_confusion_matrix(data.y_test, predicted, out.figure("confusion.png"),
                                       class_names=datasets.CIFAR10_CLASSES)


def _penalty_formula(l2: float, penalty: str) -> str:
    """The L2 penalty in words, for the log and the report."""
    if not l2:
        return "no L2 penalty"
    if penalty == "course":
        return f"the course's L2 penalty λ/2·ΣW² with λ = {l2:g} on every weight and bias"
    return f"Keras's L2 penalty λ·ΣW² with λ = {l2:g} on the kernels"


_L2_OPTION = ("--l2", {"type": float, "default": L2,
                       "help": "λ of the L2 penalty (default the course's 0.01; 0: none)"})
_PENALTY_OPTION = ("--penalty", {"choices": ["course", "keras"], "default": "course",
                                 "help": "course: λ/2·ΣW² on every weight and bias (default); keras: λ·ΣW² on "
                                         "the kernels"})
_SGD_OPTIONS = [
    ("--lr", {"type": float, "default": LR, "help": f"SGD learning rate (default the course's {LR:g})"}),
    ("--batch-size", {"type": int, "default": BATCH, "help": f"mini-batch size (default the course's {BATCH})"}),
]
_COMMON_OPTIONS = [
    _L2_OPTION, _PENALTY_OPTION, *_SGD_OPTIONS,
    ("--mse", {"choices": ["samples", "elements"], "default": "samples",
               "help": "MSE convention: mean over samples of ||y-t||^2 (course) or over elements (Keras)"}),
]
_HIDDEN_OPTION = ("--hidden-activation", {"choices": ["tanh", "sigmoid", "relu"], "default": "tanh",
                                          "help": "activation of the hidden layer(s) (default tanh)"})


@register("cifar-mse", help="P2 Ej3: CIFAR-10 MLP 3072-100-10, tanh hidden, linear output, MSE",
          options=[_HIDDEN_OPTION, *_COMMON_OPTIONS])
def run_mse(config: RunConfig) -> dict:
    act = str(config.get("hidden_activation", "tanh"))
    variant = Variant(f"{act}_linear_mse", (act,), "linear", "mse")
    return run_variants(config, [variant], "CIFAR-10 MLP with MSE (P2 Ej3)", variant.key)


@register("cifar-cce", help="P2 Ej4: CIFAR-10 MLP 3072-100-10, tanh hidden, softmax + cross-entropy",
          options=[_HIDDEN_OPTION, _L2_OPTION, _PENALTY_OPTION, *_SGD_OPTIONS])
def run_cce(config: RunConfig) -> dict:
    act = str(config.get("hidden_activation", "tanh"))
    variant = Variant(f"{act}_softmax_cce", (act,), "linear", "cce")
    return run_variants(config, [variant], "CIFAR-10 MLP with cross-entropy (P2 Ej4)", variant.key)


@register("cifar-relu", help="P2 Ej5: CIFAR-10 MLP with ReLU hidden; sigmoid/linear output x MSE/CCE",
          options=[("--output", {"choices": ["sigmoid", "linear", "both"], "default": "both",
                                 "help": "output activation (default: both)"}),
                   ("--loss", {"choices": ["mse", "cce", "both"], "default": "both",
                               "help": "loss (default: both)"}),
                   ("--sigmoid-cce", {"choices": ["normalized", "logits"], "default": "normalized",
                                      "help": "CCE on a sigmoid output: outputs normalized to sum 1 "
                                              "(Keras) or used as softmax logits"}),
                   *_COMMON_OPTIONS])
def run_relu(config: RunConfig) -> dict:
    outputs = ["sigmoid", "linear"] if config.get("output", "both") == "both" else [config.get("output")]
    lossnames = ["mse", "cce"] if config.get("loss", "both") == "both" else [config.get("loss")]
    variants = [Variant(f"relu_{o}_{lo}", ("relu",), o, lo) for o in outputs for lo in lossnames]
    keys = [v.key for v in variants]
    headline = "relu_sigmoid_cce" if "relu_sigmoid_cce" in keys else keys[0]
    return run_variants(config, variants, "CIFAR-10 MLP with ReLU (P2 Ej5)", headline)


@register("cifar-deep", help="P2 Ej8: CIFAR-10 MLP 3072-100-100-10, tanh hidden, softmax + cross-entropy",
          options=[_HIDDEN_OPTION, _L2_OPTION, _PENALTY_OPTION, *_SGD_OPTIONS])
def run_deep(config: RunConfig) -> dict:
    act = str(config.get("hidden_activation", "tanh"))
    variant = Variant(f"{act}2_softmax_cce", (act, act), "linear", "cce")
    return run_variants(config, [variant], "CIFAR-10 MLP with two hidden layers (P2 Ej8)", variant.key)


def mlp_curves(runs_dir: Path) -> dict[str, list[float]]:
    """``val_accuracy`` per epoch of the CIFAR MLP runs in ``runs_dir/*/metrics.json``.

    One run per experiment: the one in a directory named after it (``runs/cifar-cce``)
    if there is one, else the first in name order.
    """
    import json

    chosen: dict[str, tuple[bool, list[float]]] = {}
    for path in sorted(Path(runs_dir).glob("*/metrics.json")):
        try:
            metrics = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        name = str(metrics.get("experiment", ""))
        values = metrics.get("history", {}).get("val_accuracy")
        if name not in REFERENCE or not values:
            continue
        exact = path.parent.name == name
        if name not in chosen or (exact and not chosen[name][0]):
            chosen[name] = (exact, [float("nan") if v is None else float(v) for v in values])
    return {f"MLP {name}": chosen[name][1] for name in REFERENCE if name in chosen}
