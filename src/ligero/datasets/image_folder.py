"""Your own images: a folder with one sub-folder of pictures per class.

    photos/
      cats/  a.jpg b.png ...
      dogs/  c.jpg ...

:func:`index_folder` finds the classes (the sub-folder names, sorted) and the
image files; :func:`load_image` reads one picture with Pillow as an RGB (or
grayscale) array of a fixed size, whatever it was stored as (grayscale, RGB,
RGBA, palette; any size). Files that are not readable images are skipped with
one warning that lists them. Both faces build on these two functions:
``keras.utils.image_dataset_from_directory`` (:mod:`ligero.datasets.image_dataset`)
and the PyTorch face's ``ImageFolder`` (:mod:`ligero.vision`).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ligero.errors import DataError, DataFileError

#: the file endings read as images (Keras's list, and torchvision's)
IMAGE_EXTENSIONS = (".bmp", ".gif", ".jpeg", ".jpg", ".png", ".ppm", ".pgm", ".tif", ".tiff", ".webp")
COLOR_MODES = {"rgb": ("RGB", 3), "grayscale": ("L", 1), "rgba": ("RGBA", 4)}


@dataclass(frozen=True)
class ImageIndex:
    """The images of a class folder: paths, integer labels and the class names (label = index)."""

    paths: tuple[Path, ...]
    labels: tuple[int, ...]
    class_names: tuple[str, ...]


def index_folder(directory: str | os.PathLike, class_names: Any = None, check: bool = True) -> ImageIndex:
    """The image files under ``directory``'s class sub-folders, in class then file-name order.

    ``class_names`` (optional) fixes which sub-folders are classes and their order. With
    ``check``, each file is opened once (header only) and unreadable ones are skipped with
    one warning listing them. Errors: a missing folder, no class sub-folders, a named class
    without its folder, a class folder without images, or no readable image at all.
    """
    root = Path(directory)
    if not root.is_dir():
        raise DataFileError(f"{root}: no such folder (expected one sub-folder of images per class)")
    found = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    names = list(found if class_names is None else class_names)
    if not names:
        raise DataFileError(f"{root}: no class sub-folders (put the images of each class in a folder of its own)")
    missing = [n for n in names if n not in found]
    if missing:
        raise DataFileError(f"{root}: class_names {missing} have no sub-folder (found: {found})")
    paths, labels, skipped = [], [], []
    for label, name in enumerate(names):
        files = sorted(p for p in (root / name).rglob("*") if p.is_file() and not p.name.startswith("."))
        images = [p for p in files if p.suffix.lower() in IMAGE_EXTENSIONS]
        skipped += [p for p in files if p.suffix.lower() not in IMAGE_EXTENSIONS]
        if check:
            unreadable = [p for p in images if not _readable(p)]
            skipped += unreadable
            images = [p for p in images if p not in set(unreadable)]
        if not images:
            raise DataFileError(f"{root / name}: the class folder '{name}' holds no readable image")
        paths += images
        labels += [label] * len(images)
    if skipped:
        listed = ", ".join(str(p.relative_to(root)) for p in skipped[:10])
        more = f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        warnings.warn(f"{root}: skipped {len(skipped)} files that are not readable images: {listed}{more}",
                      stacklevel=2)
    return ImageIndex(tuple(paths), tuple(labels), tuple(names))


def _readable(path: Path) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def load_image(path: str | os.PathLike, size: tuple[int, int] | None = None, color_mode: str = "rgb",
               interpolation: str = "bilinear") -> np.ndarray:
    """One picture as a uint8 array of shape (height, width, channels), resized to ``size`` = (h, w).

    ``color_mode``: ``"rgb"`` (3 channels), ``"grayscale"`` (1) or ``"rgba"`` (4); palette,
    grayscale, RGBA and CMYK files are converted (transparent pixels over white for RGB).
    """
    from PIL import Image, UnidentifiedImageError

    if color_mode not in COLOR_MODES:
        raise DataError(f"color_mode must be one of {sorted(COLOR_MODES)}, got {color_mode!r}")
    mode, channels = COLOR_MODES[color_mode]
    try:
        with Image.open(path) as image:
            image = _converted(image, mode)
            if size is not None and image.size != (size[1], size[0]):
                image = image.resize((int(size[1]), int(size[0])), _resample(interpolation))
            array = np.asarray(image, dtype=np.uint8)
    except FileNotFoundError:
        raise DataFileError(f"{path}: file not found") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DataFileError(f"{path}: not a readable image ({exc})") from None
    return array.reshape(array.shape[0], array.shape[1], channels)


def _converted(image: Any, mode: str) -> Any:
    from PIL import Image

    if image.mode == mode:
        return image
    if mode == "RGB" and ("A" in image.getbands() or "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert(mode)


def _resample(name: str) -> Any:
    from PIL import Image

    table = {"nearest": Image.Resampling.NEAREST, "bilinear": Image.Resampling.BILINEAR,
             "bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS,
             "area": Image.Resampling.BOX, "box": Image.Resampling.BOX}
    if name not in table:
        raise DataError(f"interpolation must be one of {sorted(table)}, got {name!r}")
    return table[name]
