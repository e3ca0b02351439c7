# keras.activations with their parameters: relu's three options, slopes, alphas, axes, thresholds.
import keras
import numpy as np

x = np.array([[-4.0, -1.5, -0.5, 0.25, 0.5, 1.0, 2.5, 5.0], [3.0, -2.0, 0.0, 1.0, -1.0, 0.5, 4.0, -3.0]],
             dtype="float32")
A = keras.activations


def show(label, value):
    print(label, np.round(keras.ops.convert_to_numpy(value), 5).tolist())


show("relu slope", A.relu(x, negative_slope=0.1))
show("relu max", A.relu(x, max_value=2.0))
show("relu threshold", A.relu(x, threshold=0.5))
show("relu all", A.relu(x, negative_slope=0.1, max_value=3.0, threshold=0.5))
show("leaky_relu 0.3", A.leaky_relu(x, negative_slope=0.3))
show("elu 0.5", A.elu(x, alpha=0.5))
show("celu 2", A.celu(x, alpha=2.0))
show("gelu tanh", A.gelu(x, approximate=True))
show("softmax axis 0", A.softmax(x, axis=0))
show("log_softmax axis 0", A.log_softmax(x, axis=0))
# Keras 3.15 computes sparsemax's threshold from the sum of the cumulative sums over the support, which is
# right only when the support has one element (ligero's output sums to 1 in every case: see
# tests/test_keras_activations.py); these inputs keep Keras where it is right.
show("sparsemax axis 0", A.sparsemax(4 * x, axis=0))
show("sparsemax", A.sparsemax(4 * x))
show("threshold", A.threshold(x, 0.5, -9.0))
show("hard_shrink 1", A.hard_shrink(x, threshold=1.0))
show("soft_shrink 1", A.soft_shrink(x, threshold=1.0))
show("squareplus 1", A.squareplus(x, b=1))
show("glu", A.glu(x))
show("glu axis 0", A.glu(x, axis=0))
