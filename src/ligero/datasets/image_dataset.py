"""``keras.utils.image_dataset_from_directory``: batches of a class folder's images, as Keras makes them.

    train, val = image_dataset_from_directory("photos", image_size=(64, 64), batch_size=32,
                                              validation_split=0.2, subset="both", seed=1)
    model.fit(train, validation_data=val, epochs=10)

As in Keras 3: the classes are the sub-folder names in alphabetical order (or
``class_names``); images come as float32 arrays of shape (batch, height, width,
channels) with values 0-255 (not rescaled); labels as ``label_mode`` says: ``"int"``
(int32, shape (batch,)), ``"categorical"`` (one-hot float32), ``"binary"`` (float32,
(batch, 1), two classes only) or None. The file list is shuffled once with ``seed``
(NumPy's ``RandomState``, as Keras does) before the validation split, so the same seed
gives the same split; with ``shuffle`` the training batches are reshuffled every epoch.
Images are read batch by batch, so a large folder does not have to fit in memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from ligero.datasets.image_folder import index_folder, load_image
from ligero.errors import ConfigError, DataError

LABEL_MODES = ("int", "categorical", "binary", None)


class ImageDataset:
    """An iterable of ``(images, labels)`` batches (or images alone when there are no labels)."""

    def __init__(self, paths: Sequence[Any], labels: np.ndarray | None, class_names: Sequence[str],
                 image_size: tuple[int, int], batch_size: int | None, color_mode: str, label_mode: str | None,
                 shuffle: bool, seed: int | None, interpolation: str, data_format: str) -> None:
        self.file_paths = [str(p) for p in paths]
        self.labels, self.class_names = labels, list(class_names)
        self.image_size, self.batch_size = image_size, batch_size
        self.color_mode, self.label_mode, self.interpolation = color_mode, label_mode, interpolation
        self.shuffle, self.data_format = shuffle, data_format
        self._rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        """Batches per epoch (samples when unbatched)."""
        n = len(self.file_paths)
        return n if self.batch_size is None else -(-n // self.batch_size)

    def __iter__(self) -> Iterator[Any]:
        order = self._rng.permutation(len(self.file_paths)) if self.shuffle else np.arange(len(self.file_paths))
        step = self.batch_size or 1
        for start in range(0, len(order), step):
            rows = order[start:start + step]
            images = np.stack([self._image(i) for i in rows])
            batch = images if self.labels is None else (images, self._encode(self.labels[rows]))
            if self.batch_size is None:  # one sample, no batch axis
                batch = images[0] if self.labels is None else (images[0], batch[1][0])
            yield batch

    def _image(self, row: int) -> np.ndarray:
        image = load_image(self.file_paths[row], self.image_size, self.color_mode, self.interpolation)
        image = image.astype(np.float32)
        return image.transpose(2, 0, 1) if self.data_format == "channels_first" else image

    def _encode(self, labels: np.ndarray) -> np.ndarray:
        if self.label_mode == "categorical":
            return np.eye(len(self.class_names), dtype=np.float32)[labels]
        if self.label_mode == "binary":
            return labels.astype(np.float32).reshape(-1, 1)
        return labels.astype(np.int32)

    def __repr__(self) -> str:
        return (f"ImageDataset({len(self.file_paths)} images, classes={self.class_names}, "
                f"image_size={self.image_size}, batch_size={self.batch_size})")


def image_dataset_from_directory(
    directory: str | os.PathLike,
    labels: Any = "inferred",
    label_mode: str | None = "int",
    class_names: Sequence[str] | None = None,
    color_mode: str = "rgb",
    batch_size: int | None = 32,
    image_size: tuple[int, int] = (256, 256),
    shuffle: bool = True,
    seed: int | None = None,
    validation_split: float | None = None,
    subset: str | None = None,
    interpolation: str = "bilinear",
    follow_links: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    data_format: str | None = None,
    verbose: bool = True,
) -> ImageDataset | tuple[ImageDataset, ImageDataset]:
    """Keras 3's ``image_dataset_from_directory`` (see the module docstring); ``subset="both"``
    returns ``(training, validation)``. ``crop_to_aspect_ratio``/``pad_to_aspect_ratio`` are not
    supported (images are resized, as with both False)."""
    if crop_to_aspect_ratio or pad_to_aspect_ratio:
        raise ConfigError("image_dataset_from_directory: crop_to_aspect_ratio and pad_to_aspect_ratio "
                          "are not supported; images are resized to image_size")
    _check_arguments(labels, label_mode, class_names, validation_split, subset, shuffle, seed)
    index = index_folder(directory, class_names)
    paths, label_array = list(index.paths), np.array(index.labels, dtype=np.int64)
    if labels not in ("inferred", None):
        label_array = _explicit_labels(labels, len(paths))
    if label_mode == "binary" and len(index.class_names) != 2:
        raise DataError(f"{directory}: label_mode='binary' needs exactly 2 classes, found "
                        f"{len(index.class_names)} ({list(index.class_names)}); use label_mode='int' or "
                        "'categorical'")
    if shuffle:  # Keras shuffles the file list once, paths and labels with the same seed
        seed = int(np.random.randint(1_000_000)) if seed is None else seed
        np.random.RandomState(seed).shuffle(paths)
        np.random.RandomState(seed).shuffle(label_array)
    if verbose:
        print(f"Found {len(paths)} files belonging to {len(index.class_names)} classes.")
    size = (int(image_size[0]), int(image_size[1]))
    fmt = data_format or "channels_last"

    def make(rows: slice, training: bool) -> ImageDataset:
        return ImageDataset(paths[rows], None if labels is None or label_mode is None else label_array[rows],
                            index.class_names, size, batch_size, color_mode, label_mode,
                            shuffle and training, seed, interpolation, fmt)

    if not validation_split:
        return make(slice(None), True)
    n_val = int(validation_split * len(paths))
    if n_val == 0 or n_val == len(paths):
        raise DataError(f"{directory}: validation_split={validation_split} of {len(paths)} images leaves "
                        f"{len(paths) - n_val} for training and {n_val} for validation")
    train, val = make(slice(None, -n_val), True), make(slice(-n_val, None), False)
    if verbose:
        for name, ds in (("training", train), ("validation", val)):
            if subset in (name, "both"):
                print(f"Using {len(ds.file_paths)} files for {name}.")
    return {"training": train, "validation": val, "both": (train, val)}[subset]


def _check_arguments(labels: Any, label_mode: Any, class_names: Any, validation_split: Any, subset: Any,
                     shuffle: bool, seed: Any) -> None:
    if label_mode not in LABEL_MODES:
        raise ConfigError(f"label_mode must be one of {LABEL_MODES}, got {label_mode!r}")
    if class_names is not None and labels != "inferred":
        raise ConfigError("class_names can only be given with labels='inferred'")
    if validation_split is not None and not 0 < validation_split < 1:
        raise ConfigError(f"validation_split must be between 0 and 1, got {validation_split}")
    if subset not in (None, "training", "validation", "both"):
        raise ConfigError(f"subset must be 'training', 'validation' or 'both', got {subset!r}")
    if (subset is None) != (not validation_split):
        raise ConfigError("give validation_split and subset together (subset='training', 'validation' or 'both')")
    if validation_split and shuffle and seed is None:
        raise ConfigError("with validation_split and shuffle=True, give a seed so that the training and "
                          "validation subsets do not overlap")


def _explicit_labels(labels: Any, count: int) -> np.ndarray:
    array = np.asarray(labels)
    if array.ndim != 1 or len(array) != count:
        raise DataError(f"labels: expected a list of {count} labels (one per image file, in alphabetical "
                        f"order), got shape {array.shape}")
    return array.astype(np.int64)
