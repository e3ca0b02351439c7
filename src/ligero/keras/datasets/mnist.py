"""``keras.datasets.mnist``: ``load_data()`` gives uint8 ``(60000, 28, 28)``, ``(60000,)`` and the test set."""

from __future__ import annotations

from ligero.datasets.keras_layout import Split, mnist_load_data


def load_data(path: str = "mnist.npz") -> tuple[Split, Split]:
    """``((x_train, y_train), (x_test, y_test))`` from Keras's cache or ligero's data directory, never the network."""
    return mnist_load_data(path)


__all__ = ["load_data"]
