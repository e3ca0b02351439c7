# keras.ops maths on NumPy arrays, as tutorials use it (results converted back with convert_to_numpy).
import numpy as np
from keras import ops

a = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], dtype="float32")
b = np.array([[2.0, 1.0], [0.0, -1.0], [1.0, 3.0]], dtype="float32")


def show(name, value):
    print(name, np.round(ops.convert_to_numpy(value), 5).tolist())


show("matmul", ops.matmul(a, b))
show("sum", ops.sum(a, axis=0))
show("mean", ops.mean(a, axis=1, keepdims=True))
show("max", ops.max(a))
show("argmax", ops.argmax(a, axis=1))
show("exp", ops.exp(a[:, :2]))
show("log", ops.log(ops.abs(a) + 1.0))
show("sqrt", ops.sqrt(ops.square(a)))
show("clip", ops.clip(a, -1.0, 1.0))
show("where", ops.where(a > 0, a, 0.0))
show("softmax", ops.softmax(a, axis=-1))
show("relu", ops.relu(a))
show("sigmoid", ops.sigmoid(a))
show("concat", ops.concatenate([a, a], axis=0).shape)
show("stack", ops.stack([a, a]).shape)
show("reshape", ops.reshape(a, (3, 2)))
show("transpose", ops.transpose(a))
show("expand", ops.expand_dims(a, 0).shape)
show("squeeze", ops.squeeze(ops.expand_dims(a, 0), 0).shape)
show("maximum", ops.maximum(a, 0.5))
show("power", ops.power(a, 2))
show("one_hot", ops.one_hot(np.array([0, 2]), 3))
show("norm", ops.norm(a))
