# Output shapes and parameter counts of a model mixing the image layer families.
import keras
import numpy as np
from keras import layers

inputs = keras.Input(shape=(16, 16, 3))
outputs = inputs
for layer in [
    layers.ZeroPadding2D(1),
    layers.Conv2D(8, 3, strides=2),
    layers.BatchNormalization(),
    layers.DepthwiseConv2D(3, padding="same"),
    layers.SeparableConv2D(12, 3, padding="same"),
    layers.MaxPooling2D(),
    layers.UpSampling2D(),
    layers.Cropping2D(1),
    layers.Conv2DTranspose(4, 3, strides=2, padding="same"),
    layers.AveragePooling2D(2),
    layers.GlobalMaxPooling2D(),
    layers.Dense(5),
]:
    outputs = layer(outputs)
model = keras.Model(inputs, outputs)
x = np.zeros((2, 16, 16, 3), dtype="float32")
print(list(model.predict(x, verbose=0).shape))
print([list(w.shape) for w in model.get_weights()])
print(sum(int(np.prod(w.shape)) for w in model.get_weights()))
