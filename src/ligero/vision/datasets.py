"""``ImageFolder``: a class folder of images as a map-style dataset, as torchvision's."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from ligero.datasets.image_folder import IMAGE_EXTENSIONS, index_folder


class ImageFolder:
    """``root/<class>/<image>`` as ``(transform(image), class_index)`` pairs.

    As torchvision's: ``classes`` (sub-folder names, sorted), ``class_to_idx``,
    ``samples`` (``(path, class_index)`` in class then file order), ``targets``; an item
    is a PIL image in RGB (``loader`` may replace that) passed through ``transform``, and
    its class passed through ``target_transform``. Unreadable files are skipped with one
    warning (torchvision would fail later, on the first bad file).
    """

    extensions = IMAGE_EXTENSIONS

    def __init__(self, root: str | os.PathLike, transform: Callable[[Any], Any] | None = None,
                 target_transform: Callable[[int], Any] | None = None,
                 loader: Callable[[str], Any] | None = None) -> None:
        index = index_folder(root)
        self.root = str(root)
        self.classes = list(index.class_names)
        self.class_to_idx = {name: i for i, name in enumerate(self.classes)}
        self.samples = [(str(p), label) for p, label in zip(index.paths, index.labels)]
        self.imgs = self.samples
        self.targets = [label for _, label in self.samples]
        self.transform, self.target_transform = transform, target_transform
        self.loader = loader or pil_loader

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> tuple[Any, Any]:
        path, target = self.samples[index]
        image = self.loader(path)
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return image, target

    def __repr__(self) -> str:
        return f"Dataset ImageFolder\n    Number of datapoints: {len(self)}\n    Root location: {self.root}"


def pil_loader(path: str) -> Any:
    """The image at ``path`` as an RGB PIL image (torchvision's default loader)."""
    from PIL import Image

    with open(path, "rb") as f:
        image = Image.open(f)
        return image.convert("RGB")


__all__ = ["ImageFolder", "pil_loader"]
