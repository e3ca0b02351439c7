"""P1: linear SVM and Softmax classifiers on CIFAR-10 and on MNIST digits.

Both are ``s = xW + b`` trained by mini-batch SGD through ligero's engine
(:mod:`ligero.classifiers`): the multiclass hinge (Weston-Watkins) or the softmax
cross-entropy, plus ``λ ΣW²``. Data are preprocessed like the MLPs: pixels
``/255`` minus the training mean image, flattened. Test accuracy is recorded
after every epoch and plotted next to the CIFAR MLPs' validation (= test)
curves when their runs are found (``--compare DIR``: every
``DIR/*/metrics.json`` of a ``cifar-*`` run).

MNIST: the 5,000 embedded digits (first 4,000 train, last 1,000 test) or
``--mnist PATH``: a course text file, an IDX images file, or a directory of
IDX files (train and t10k; with only one split, its last 20 % are the test set).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from ligero import datasets, plotting
from ligero.classifiers import LinearSVM, SoftmaxClassifier
from ligero.errors import DataFileError
from ligero.experiments import cifar
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register, text_table

# Chosen per data set on a validation split of the training data (CIFAR-10: the
# last 5,000 training images; MNIST: training digits 3,500-3,999), 30 epochs;
# see docs/results.md. CIFAR-10: λ 0.1 lost 2-4 points, 1e-2 and 1e-3 tie (30
# epochs barely overfit); lr is the largest whose curve is smooth (the SVM's
# hinge gradient does not shrink near the optimum, so above 3e-4 its accuracy
# zigzags by ±1 point from epoch to epoch). MNIST's pixel vectors are shorter
# and its 4,000 digits give few steps per epoch: 10-30x larger rates are best.
SETTINGS: dict[str, dict[str, dict[str, float]]] = {
    "cifar": {"svm": {"lr": 3e-4, "reg": 1e-3}, "softmax": {"lr": 3e-3, "reg": 1e-3}},
    "mnist": {"svm": {"lr": 1e-2, "reg": 1e-2}, "softmax": {"lr": 3e-2, "reg": 1e-3}},
}
EPOCHS, BATCH, MOMENTUM = 30, 200, 0.9
MODELS = {"svm": LinearSVM, "softmax": SoftmaxClassifier}
LABELS = {"svm": "linear SVM", "softmax": "Softmax"}
QUICK_DIGITS = 300


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------


def _split_last(x: np.ndarray, y: np.ndarray, fraction: float = 0.2) -> tuple[np.ndarray, ...]:
    cut = len(x) - max(1, int(round(len(x) * fraction)))
    return x[:cut], y[:cut], x[cut:], y[cut:]


def load_mnist_any(path: Path | None, quick: bool = False) -> tuple[tuple[np.ndarray, ...], str]:
    """``(x_train, y_train, x_test, y_test)`` uint8 images, and where they came from."""
    if path is None:
        x, y = datasets.load_mnist_txt(None, limit=QUICK_DIGITS if quick else None)
        return _split_last(x, y), f"{len(x)} embedded MNIST digits (last 20 % = test)"
    path = Path(path)
    if path.is_dir():
        try:
            train = datasets.load_mnist(path, split="train")
        except DataFileError:
            x, y = datasets.load_mnist(path, split="test")
            return _split_last(x, y), f"MNIST IDX test split in {path} (last 20 % = test)"
        return (*train, *datasets.load_mnist(path, split="test")), f"MNIST IDX train/test in {path}"
    try:
        x, y = datasets.load_mnist_txt(path)
        source = f"course text file {path}"
    except DataFileError:
        x, y = datasets.load_mnist(path)
        source = f"IDX file {path}"
    return _split_last(x, y), f"{source} (last 20 % = test)"


def _prepare(parts: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """x/255 minus the training mean, flattened; labels as they are."""
    x_train, y_train, x_test, y_test = parts
    xtr, xte, _ = datasets.center(datasets.flatten(datasets.scale(x_train)), datasets.flatten(datasets.scale(x_test)))
    return xtr, y_train, xte, y_test


def _templates(coef: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The weight column of each class as an image, stretched to [0, 1]."""
    w = coef.T.astype(np.float64)
    lo, hi = w.min(axis=1, keepdims=True), w.max(axis=1, keepdims=True)
    return ((w - lo) / np.where(hi > lo, hi - lo, 1.0)).reshape(-1, *shape)


# ---------------------------------------------------------------------------
# training
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# training
# ---------------------------------------------------------------------------


def train(kind: str, dataset: str, data: tuple[np.ndarray, ...], epochs: int, seed: int,
          lr: float | None = None, reg: float | None = None) -> tuple[Any, float]:
    """Fit the ``kind`` classifier with the ``dataset``'s ``SETTINGS`` (unless overridden);
    returns (classifier, seconds)."""
    settings = dict(SETTINGS[dataset][kind])
    if lr is not None:
        settings["lr"] = lr
    if reg is not None:
        settings["reg"] = reg
    x_train, y_train, x_test, y_test = data
    clf = MODELS[kind](reg=settings["reg"], lr=settings["lr"], epochs=epochs, batch_size=BATCH,
                       momentum=MOMENTUM, seed=seed)
    start = time.perf_counter()
    clf.fit(x_train, y_train, validation_data=(x_test, y_test))
    return clf, time.perf_counter() - start


@register("linear", help="P1: linear SVM and Softmax classifiers on CIFAR-10 and MNIST, next to the MLPs",
          options=[("--dataset", {"choices": ["cifar", "mnist", "both"], "default": "both",
                                  "help": "which data set(s) (default both)"}),
                   ("--mnist", {"type": Path, "default": None, "metavar": "PATH",
                                "help": "MNIST: course text file, IDX file or IDX directory "
                                        "(default: the embedded digits)"}),
                   ("--compare", {"type": Path, "default": None, "metavar": "DIR",
                                  "help": "runs directory whose cifar-* runs' curves are plotted alongside "
                                          "(default: the parent of --out)"}),
                   ("--lr", {"type": float, "default": None, "help": "override the learning rate"}),
                   ("--reg", {"type": float, "default": None, "help": "override the L2 factor λ"})])
def run(config: RunConfig) -> dict:
    epochs = config.epochs_or(1 if config.quick else EPOCHS)
    which = str(config.get("dataset", "both"))
    datasets_ = ["cifar", "mnist"] if which == "both" else [which]
    lr, reg = config.extra.get("lr"), config.extra.get("reg")
    out = RunOutput(config, title="Linear SVM and Softmax classifiers (P1)")
    compare_dir = config.get("compare") or Path(config.out).parent
    rows, results = [], {}
    for ds in datasets_:
        if ds == "cifar":
            loaded = cifar.load_data(config)
            data = (loaded.x_train, loaded.y_train, loaded.x_test, loaded.y_test)
            source, shape = loaded.source, (3, 32, 32)
        else:
            parts, source = load_mnist_any(config.get("mnist"), config.quick)
            data, shape = _prepare(parts), (28, 28)
        out.print(f"\n{ds}: {source}; {len(data[0])} training, {len(data[2])} test samples, "
                  "x/255 minus the training mean")
        curves: dict[str, list[float]] = {}
        for kind in MODELS:
            clf, seconds = train(kind, ds, data, epochs, config.seed, lr, reg)
            h = clf.history_
            for key, values in h.items():
                out.history[f"{ds}_{kind}_{key}"] = values
            test_acc = clf.score(data[2], data[3])
            used = {"lr": clf.lr, "reg": clf.reg}
            results[f"{ds}_{kind}"] = {"test_accuracy": test_acc, "best_test_accuracy": max(h["val_accuracy"]),
                                       "train_accuracy": clf.score(data[0], data[1]), "seconds": round(seconds, 1),
                                       **used, "epochs": epochs, "batch_size": BATCH, "momentum": MOMENTUM}
            curves[LABELS[kind]] = h["val_accuracy"]
            rows.append((ds, LABELS[kind], f"{used['lr']:g}", f"{used['reg']:g}", f"{test_acc:.4f}",
                         f"{results[f'{ds}_{kind}']['train_accuracy']:.4f}", f"{seconds:.0f}"))
            out.print(f"  {LABELS[kind]}: test accuracy {test_acc:.4f} (lr {used['lr']:g}, λ {used['reg']:g}, "
                      f"{seconds:.0f} s)")
            out.final[f"{ds}_{kind}_test_accuracy"] = test_acc
            templates = _templates(clf.coef_, shape)
            names = datasets.CIFAR10_CLASSES if ds == "cifar" else None
            plotting.image_grid(templates, np.arange(len(templates)), out.figure(f"{ds}_{kind}_weights.png"),
                                class_names=names, title=f"{LABELS[kind]} weights per class ({ds})")
        if ds == "cifar":
            mlp = cifar.mlp_curves(Path(compare_dir))
            curves.update(mlp)
            if mlp:
                out.print(f"  plotted next to: {', '.join(mlp)} (from {compare_dir})")
        plotting.plot_comparison(curves, out.figure(f"{ds}_test_accuracy.png"), ylabel="test accuracy",
                                 title=f"{'CIFAR-10' if ds == 'cifar' else 'MNIST'}: test accuracy per epoch")
    first = datasets_[0]
    out.final["val_accuracy"] = max(out.final[f"{first}_{k}_test_accuracy"] for k in MODELS)
    headers = ["data", "model", "lr", "λ", "test accuracy", "train accuracy", "seconds"]
    out.print("\n" + text_table(headers, rows))
    report = "\n".join([
        f"Linear classifiers `s = xW + b`, trained by ligero's engine: SGD, momentum {MOMENTUM:g}, batch {BATCH}, "
        f"{epochs} epochs, L2 penalty λ ΣW² on W, weights from N(0, 0.001²), seed {config.seed}. "
        "Data: x/255 minus the training mean image, flattened. Test accuracy after the last epoch:",
        "",
        markdown_table(headers, rows),
        "",
        "`val_accuracy` in *Final* is the best of the two on the first data set.",
    ])
    return out.finish(report=report, results=results)
