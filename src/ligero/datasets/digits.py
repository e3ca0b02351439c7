"""The 5,000 real MNIST digits shipped inside ligero, for use with no download.

They live in ``ligero/data/mnist5000.npz`` (uint8 images ``x`` (5000, 28, 28),
upright, and uint8 labels ``y``), made from the course text file by
:func:`make_digits_file`, and are read without pickle.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import numpy as np

from ligero.datasets.mnist_txt import check_limit, load_mnist_txt
from ligero.errors import DataFileError

RESOURCE = "mnist5000.npz"


def load_digits(limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The embedded digits as ``(x, y)``: uint8 ``(5000, 28, 28)`` upright, int64 labels 0-9.

    ``limit`` keeps only the first ``limit`` samples. The samples are in the
    order of the course file (the first 1,000 are the course's exercise set).
    """
    limit = check_limit(limit)
    resource = resources.files("ligero").joinpath("data").joinpath(RESOURCE)
    try:
        with resource.open("rb") as f, np.load(f, allow_pickle=False) as npz:
            x, y = npz["x"], npz["y"]
    except FileNotFoundError:
        raise DataFileError(
            f"ligero/data/{RESOURCE}: the embedded digits are missing from this installation of ligero"
        ) from None
    except (OSError, ValueError, KeyError) as exc:
        raise DataFileError(f"ligero/data/{RESOURCE}: cannot read the embedded digits ({exc})") from None
    return x[:limit].copy(), y[:limit].astype(np.int64)


def make_digits_file(source: str | os.PathLike[str], dest: str | os.PathLike[str]) -> None:
    """Convert a course text file into the embedded ``.npz`` layout (how ``mnist5000.npz`` was made)."""
    x, y = load_mnist_txt(source)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(dest, x=x, y=y.astype(np.uint8))
