"""``keras.datasets``: MNIST and CIFAR-10 with Keras's shapes, served offline."""

__all__: list[str] = []
