"""The deck's final project: a small CNN on your own images, then ``ligero predict`` on new ones.

    photos/                      ligero run images --data-dir photos --out runs/photos
      cats/  a.jpg b.png ...     ligero predict runs/photos/model.ligero new1.jpg new2.png
      dogs/  c.jpg ...

The classes are the sub-folder names in alphabetical order; every picture is
read with Pillow, converted to RGB (or grayscale with ``--color-mode
grayscale``) whatever it was stored as (grayscale, RGB, RGBA over white,
palette) and resized to ``--image-size`` × ``--image-size``; files that are
not readable images are skipped with one warning that lists them
(:func:`ligero.datasets.image_folder.index_folder`). The file list is shuffled
once with ``--seed`` and its last ``--validation-split`` part is held out
(``keras.utils.image_dataset_from_directory``'s split).

The model, channels-last (NHWC), built with the Keras face::

    INPUT[S,S,C] = x/255 → RandomFlip(horizontal) → RandomCrop(S, pad S/8)
      → (CONV 3×3 "same" → BN → ReLU → 2×2 max-pool) × 3 with 16, 32, 64 channels
      → Flatten (S/8 · S/8 · 64) → Dropout 0.3 → FC K → softmax

trained with Adam (lr 1e-3, cosine decay to 0 over the run: lrₜ = lr·(1 + cos(πt/T))/2)
on the sparse categorical cross-entropy −(1/N) Σₙ log pₙ[yₙ]. The augmentation layers act only in ``fit`` (in
``predict`` they are the identity), so each epoch sees new flips and shifts of
the same pictures; ``--augment crop`` drops the flip (digits, text), ``none``
both. Each 2×2 pool halves the side (floor), so S must be at least 2³ = 8.

The run prints the per-class counts and the validation accuracy and writes
``history.png`` (curves), ``confusion.png``, ``misclassified.png`` (validation
images titled true → predicted), ``model.ligero`` (the safe ``.npz`` format)
and ``model.json`` beside it: the class names, the image size and the color
mode that :func:`predict_command` needs. Neither file can run code when read.
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ligero import datasets, keras, plotting
from ligero.datasets.image_dataset import ImageDataset, image_dataset_from_directory
from ligero.datasets.image_folder import load_image
from ligero.errors import ConfigError, DataError, DataFileError
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register, text_table, write_json

MODEL_FILE = "model.ligero"
INFO_FORMAT = "ligero-image-classifier"
POOLS = 3
WIDTHS = (16, 32, 64)
AUGMENTS = ("flip-crop", "crop", "none")
COLOR_MODES = {"rgb": 3, "grayscale": 1}
MAX_MISCLASSIFIED = 30


def min_image_size(pools: int = POOLS) -> int:
    """The smallest side that survives ``pools`` 2×2 max-pools: 2**pools."""
    return 2 ** pools


def check_image_size(size: Any) -> int:
    """``size`` as an int, or a ConfigError saying why it does not fit the model."""
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
        raise ConfigError(f"--image-size must be a whole number of pixels, got {size!r}")
    smallest = min_image_size()
    if size < smallest:
        raise ConfigError(f"--image-size {size} does not fit the model: its {POOLS} 2×2 max-pools halve the "
                          f"side {POOLS} times, so images must be at least {smallest}×{smallest} pixels")
    return int(size)


def build_model(image_size: int, channels: int, classes: int, seed: int = 0,
                augment: str = "flip-crop") -> keras.Sequential:
    """The CNN of the module docstring for S×S×C images and ``classes`` outputs (softmax)."""
    if augment not in AUGMENTS:
        raise ConfigError(f"--augment must be one of {AUGMENTS}, got {augment!r}")
    layers = keras.layers
    keras.utils.set_random_seed(seed)
    stack: list[Any] = [keras.Input(shape=(image_size, image_size, channels))]
    if augment == "flip-crop":
        stack.append(layers.RandomFlip("horizontal", seed=seed + 11))
    if augment != "none":
        stack.append(layers.RandomCrop(image_size, image_size, padding=max(1, image_size // 8), seed=seed + 12))
    for width in WIDTHS:
        stack += [layers.Conv2D(width, 3, padding="same", use_bias=False, kernel_initializer="he_normal"),
                  layers.BatchNormalization(), layers.Activation("relu"), layers.MaxPooling2D(2)]
    stack += [layers.Flatten(), layers.Dropout(0.3, seed=seed + 13), layers.Dense(classes, activation="softmax")]
    return keras.Sequential(stack, name="images_cnn")


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------


def _arrays(dataset: ImageDataset) -> tuple[np.ndarray, np.ndarray]:
    """All the images (uint8 NHWC) and int labels of a dataset, read once, in file order."""
    images, labels = [], []
    for x, y in dataset:
        images.append(x.astype(np.uint8))
        labels.append(np.asarray(y, dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels)


def load_folder(data_dir: Path | None, image_size: int, color_mode: str, validation_split: float,
                seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """``(x_train, y_train, x_val, y_val, class_names)`` of a class folder; x uint8 (N, S, S, C).

    Errors (one message each): no ``--data-dir``, a missing folder, an empty class folder
    (from :func:`~ligero.datasets.image_folder.index_folder`), fewer than two classes, a
    split that leaves no training or no validation image.
    """
    if data_dir is None:
        raise ConfigError("ligero run images needs --data-dir DIR: a folder with one sub-folder of images "
                          "per class (e.g. DIR/cats/*.jpg, DIR/dogs/*.jpg)")
    if color_mode not in COLOR_MODES:
        raise ConfigError(f"--color-mode must be one of {sorted(COLOR_MODES)}, got {color_mode!r}")
    if not 0 < validation_split < 1:
        raise ConfigError(f"--validation-split must be between 0 and 1 (e.g. 0.2), got {validation_split}")
    train, val = image_dataset_from_directory(
        data_dir, label_mode="int", color_mode=color_mode, batch_size=256, image_size=(image_size, image_size),
        seed=seed, validation_split=validation_split, subset="both", verbose=False)
    names = list(train.class_names)
    if len(names) < 2:
        raise DataError(f"{data_dir}: found a single class ({names[0]!r}); a classifier needs at least two "
                        "class sub-folders")
    x_train, y_train = _arrays(train)
    x_val, y_val = _arrays(val)
    return x_train, y_train, x_val, y_val, names


def class_counts(class_names: Sequence[str], y_train: np.ndarray, y_val: np.ndarray) -> list[tuple[str, int, int]]:
    """``(class, training images, validation images)`` for each class."""
    k = len(class_names)
    tr, va = np.bincount(y_train, minlength=k), np.bincount(y_val, minlength=k)
    return [(name, int(tr[i]), int(va[i])) for i, name in enumerate(class_names)]


# ---------------------------------------------------------------------------
# the saved model and what predict needs
# ---------------------------------------------------------------------------


def info_path(model_path: str | Path) -> Path:
    """Where the facts beside a saved model live: ``model.ligero`` → ``model.json``."""
    return Path(model_path).with_suffix(".json")


def save_classifier(model: keras.Model, path: Path, class_names: Sequence[str], image_size: int,
                    color_mode: str) -> Path:
    """Save ``model`` to ``path`` and its class names, image size and color mode to :func:`info_path`."""
    model.save(path)
    write_json(info_path(path), {"format": INFO_FORMAT, "model": path.name, "class_names": list(class_names),
                                 "image_size": [image_size, image_size], "color_mode": color_mode})
    return path


def read_info(model_path: Path) -> dict[str, Any]:
    """The JSON beside a saved classifier, checked field by field (plain data; nothing is executed)."""
    path = info_path(model_path)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"{path}: not found; `ligero predict` needs the {path.name} that `ligero run images` "
                            f"writes beside {model_path.name} (class names, image size, color mode)") from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: not a readable JSON file ({exc})") from None
    ok = (isinstance(info, dict) and info.get("format") == INFO_FORMAT
          and isinstance(info.get("class_names"), list) and all(isinstance(c, str) for c in info["class_names"])
          and isinstance(info.get("image_size"), list) and len(info["image_size"]) == 2
          and all(isinstance(s, int) and s > 0 for s in info["image_size"]) and info.get("color_mode") in COLOR_MODES)
    if not ok:
        raise DataFileError(f"{path}: not the description of an image classifier (expected format "
                            f"{INFO_FORMAT!r} with class_names, image_size [h, w] and color_mode)")
    return info


def check_fits(model: keras.Model, info: dict[str, Any], where: Path) -> None:
    """The model's input (h, w, c) and output K must agree with the image size, color mode and classes."""
    want = (*info["image_size"], COLOR_MODES[info["color_mode"]])
    have = tuple(model.input_shape[1:])
    if have != want:
        raise ConfigError(f"{where}: the model takes images of shape {have} (height, width, channels) but "
                          f"{info_path(where).name} says image_size {info['image_size']} in "
                          f"{info['color_mode']} {want}; the two files do not belong together")
    outputs = int(model.output_shape[-1])
    if outputs != len(info["class_names"]):
        raise ConfigError(f"{where}: the model has {outputs} outputs but {info_path(where).name} names "
                          f"{len(info['class_names'])} classes")


# ---------------------------------------------------------------------------
# ligero run images
# ---------------------------------------------------------------------------


def _misclassified_grid(x_val: np.ndarray, y_val: np.ndarray, predicted: np.ndarray, names: Sequence[str],
                        path: Path) -> int:
    """The validation images the model got wrong, titled true → predicted; returns how many were wrong."""
    wrong = np.flatnonzero(predicted != y_val)
    shown = wrong[:MAX_MISCLASSIFIED]
    title = f"misclassified: {len(wrong)} of {len(y_val)} validation images (true → predicted)"
    if len(wrong) == 0:
        shown = np.arange(min(len(y_val), 10))
        title = f"no misclassified image; the first {len(shown)} validation images"
    images = x_val[shown][..., 0] if x_val.shape[-1] == 1 else x_val[shown]
    plotting.image_grid(images, y_val[shown], path, predicted=predicted[shown], class_names=list(names),
                        title=title)
    return int(len(wrong))


def _train(config: RunConfig, model: keras.Model, data: tuple[np.ndarray, ...], epochs: int) -> Any:
    """Adam with a cosine decay of the learning rate over all the steps of the run."""
    x_train, y_train, x_val, y_val = data
    batch = int(config.get("batch_size", 32))
    if batch < 1:
        raise ConfigError(f"--batch-size must be at least 1, got {batch}")
    steps = epochs * -(-len(y_train) // batch)
    schedule = keras.optimizers.schedules.CosineDecay(float(config.get("lr", 1e-3)), decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(datasets.scale(x_train), y_train, batch_size=batch, epochs=epochs,
                     validation_data=(datasets.scale(x_val), y_val), seed=config.seed,
                     verbose=0 if config.quiet else 2)


_OPTIONS = [
    ("--image-size", {"type": int, "default": 32, "help": "side S of the S×S images the model takes (default 32)"}),
    ("--validation-split", {"type": float, "default": 0.2,
                            "help": "fraction of the images held out for validation (default 0.2)"}),
    ("--color-mode", {"default": "rgb", "choices": sorted(COLOR_MODES), "help": "rgb (default) or grayscale"}),
    ("--augment", {"default": "flip-crop", "choices": AUGMENTS,
                   "help": "training augmentation: random horizontal flip + shifted crop (default), crop only "
                           "(digits, text), or none"}),
    ("--lr", {"type": float, "default": 1e-3,
              "help": "Adam learning rate at the start, cosine-decayed to 0 (default 1e-3)"}),
    ("--batch-size", {"type": int, "default": 32, "help": "batch size (default 32)"}),
]


@register("images", help="final project: a small CNN on your own images (--data-dir: one sub-folder per class)",
          options=_OPTIONS)
def run(config: RunConfig) -> dict:
    title = "Your own images: a small CNN"
    size = check_image_size(config.get("image_size", 32))
    color_mode, augment = str(config.get("color_mode", "rgb")), str(config.get("augment", "flip-crop"))
    epochs = config.epochs_or(2 if config.quick else 30)
    x_train, y_train, x_val, y_val, names = load_folder(
        config.data_dir, size, color_mode, float(config.get("validation_split", 0.2)), config.seed)
    out = RunOutput(config, title=title)
    counts = class_counts(names, y_train, y_val)
    out.print(f"{title}\n{len(y_train) + len(y_val)} images in {len(names)} classes, {size}×{size} {color_mode}\n"
              + text_table(["class", "training", "validation"], counts))
    model = build_model(size, COLOR_MODES[color_mode], len(names), config.seed, augment)
    start = time.perf_counter()
    history = _train(config, model, (x_train, y_train, x_val, y_val), epochs)
    seconds = time.perf_counter() - start
    predicted = model.predict(datasets.scale(x_val), batch_size=256, verbose=0).argmax(axis=1)
    accuracy = float(np.mean(predicted == y_val))
    out.set_history(history)
    plotting.plot_history(history, out.figure("history.png"), title=title)
    plotting.plot_confusion_matrix(y_val, predicted, out.figure("confusion.png"), class_names=names,
                                   title="validation set")
    wrong = _misclassified_grid(x_val, y_val, predicted, names, out.figure("misclassified.png"))
    model_path = save_classifier(model, out.path(MODEL_FILE), names, size, color_mode)
    chance = float(np.max(np.bincount(y_val, minlength=len(names))) / len(y_val))
    out.print(f"validation accuracy {accuracy:.4f} ({len(y_val) - wrong} of {len(y_val)}; the largest class "
              f"alone would give {chance:.4f}); {seconds:.1f} s training\nsaved {model_path} and "
              f"{info_path(model_path).name}; try: ligero predict {model_path} IMAGE...")
    out.final.update(val_accuracy=accuracy, majority_class_accuracy=chance, misclassified=wrong,
                     train_images=len(y_train), val_images=len(y_val), classes=len(names), epochs=epochs,
                     train_seconds=round(seconds, 1), model=MODEL_FILE)
    report = "\n".join([
        f"{len(y_train) + len(y_val)} images in {len(names)} classes, resized to {size}×{size} ({color_mode}); "
        f"{len(y_val)} held out for validation (seed {config.seed}).", "",
        markdown_table(["class", "training", "validation"], counts), "",
        f"CNN (module docstring), augmentation {augment}, Adam lr {config.get('lr', 1e-3):g}, batch "
        f"{config.get('batch_size', 32)}, {epochs} epochs, {seconds:.1f} s.", "",
        f"**Validation accuracy {accuracy:.4f}** (majority class: {chance:.4f}); {wrong} misclassified.", "",
        f"Saved `{MODEL_FILE}` and `{info_path(model_path).name}`: `ligero predict {MODEL_FILE} IMAGE...`.",
    ])
    return out.finish(report=report, class_counts=[dict(zip(("class", "training", "validation"), c))
                                                   for c in counts])


# ---------------------------------------------------------------------------
# ligero predict
# ---------------------------------------------------------------------------


def _model_file(model: Path) -> Path:
    """A model file, or the run folder that holds ``model.ligero``."""
    path = Path(model)
    if path.is_dir():
        path = path / MODEL_FILE
    if not path.is_file():
        raise DataFileError(f"{path}: no such model file (give the {MODEL_FILE} that `ligero run images` wrote, "
                            "or its run folder)")
    return path


def read_images(paths: Sequence[Path], image_size: Sequence[int], color_mode: str) -> tuple[list[Path], np.ndarray]:
    """The readable images among ``paths`` as a batch x/255; the others skipped with one warning."""
    kept, arrays, skipped = [], [], []
    for path in paths:
        try:
            arrays.append(load_image(path, (int(image_size[0]), int(image_size[1])), color_mode))
            kept.append(Path(path))
        except DataFileError as exc:
            skipped.append(str(exc))
    if skipped:
        warnings.warn(f"skipped {len(skipped)} files that are not readable images: " + "; ".join(skipped),
                      stacklevel=2)
    if not kept:
        raise DataFileError(f"none of the {len(paths)} files given is a readable image")
    return kept, datasets.scale(np.stack(arrays))


def predict_files(model_path: Path, images: Sequence[Path]) -> list[dict[str, Any]]:
    """For each readable image: its path, predicted class and that class's probability (softmax output)."""
    from ligero.models.saving import load_model

    path = _model_file(model_path)
    info = read_info(path)
    model = load_model(path, compile=False)
    check_fits(model, info, path)
    kept, batch = read_images(images, info["image_size"], info["color_mode"])
    probs = np.asarray(model.predict(batch, batch_size=256, verbose=0))
    names = info["class_names"]
    return [{"file": p, "class": names[int(row.argmax())], "probability": float(row.max())}
            for p, row in zip(kept, probs)]


def predict_command(model: Path, images: Sequence[Path]) -> int:
    """``ligero predict MODEL IMAGE...``: print each image's class and probability; returns the exit code."""
    rows = predict_files(model, images)
    print(text_table(["image", "class", "probability"],
                     [(r["file"], r["class"], f"{r['probability']:.4f}") for r in rows]))
    return 0
