"""``keras.datasets``: MNIST and CIFAR-10 in Keras's shapes, offline (see ``ligero.datasets.keras_layout``)."""

from ligero.keras.datasets import cifar10, mnist

__all__ = ["cifar10", "mnist"]
