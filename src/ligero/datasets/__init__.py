"""Data sets and loaders: CIFAR-10, MNIST (IDX and the course text format),
the embedded digits, XNOR and parity, and preprocessing helpers.

Every loader returns NumPy arrays, rows = samples: images as uint8 (NCHW for
CIFAR-10, ``(N, 28, 28)`` for digits), labels as int64. A missing, truncated
or malformed file raises :class:`ligero.DataFileError` naming the path (and
the line, for text files); a pickle that asks to run code raises
:class:`ligero.UnsafeFileError`; labels or pixels out of range raise
:class:`ligero.DataError`.

    >>> from ligero import datasets
    >>> (x_train, y_train), (x_test, y_test) = datasets.load_cifar10()   # cache or download
    >>> x, y = datasets.load_mnist_txt()                                  # 5,000 embedded digits
    >>> x = datasets.flatten(datasets.scale(x))                           # float32 (5000, 784) in [0, 1]
"""

from ligero.datasets.cache import data_dir
from ligero.datasets.cifar10 import (
    CIFAR10_CLASSES,
    CIFAR10_MD5,
    CIFAR10_URL,
    find_cifar10,
    load_cifar10,
    load_cifar10_meta,
)
from ligero.datasets.digits import load_digits
from ligero.datasets.download import download, file_md5, verify_md5
from ligero.datasets.mnist import load_mnist, read_idx
from ligero.datasets.mnist_txt import load_mnist_txt, save_mnist_txt
from ligero.datasets.preprocessing import (
    center,
    flatten,
    one_hot,
    scale,
    standardize,
    to_categorical,
    train_test_split,
)
from ligero.datasets.safe_pickle import safe_load
from ligero.datasets.toy import parity, xnor

__all__ = [
    "CIFAR10_CLASSES",
    "CIFAR10_MD5",
    "CIFAR10_URL",
    "center",
    "data_dir",
    "download",
    "file_md5",
    "find_cifar10",
    "flatten",
    "load_cifar10",
    "load_cifar10_meta",
    "load_digits",
    "load_mnist",
    "load_mnist_txt",
    "one_hot",
    "parity",
    "read_idx",
    "safe_load",
    "save_mnist_txt",
    "scale",
    "standardize",
    "to_categorical",
    "train_test_split",
    "verify_md5",
    "xnor",
]
