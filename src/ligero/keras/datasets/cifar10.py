"""``keras.datasets.cifar10``: ``load_data()`` returns uint8 ``(50000, 32, 32, 3)`` images and ``(50000, 1)`` labels."""

from __future__ import annotations

from ligero.datasets.keras_layout import Split, cifar10_load_data


def load_data() -> tuple[Split, Split]:
    """``((x_train, y_train), (x_test, y_test))`` channels-last, from Keras's cache or ligero's data directory."""
    return cifar10_load_data("channels_last")


__all__ = ["load_data"]
