# keras.regularizers' lower-case names, their values and a Dense layer's penalty in model.losses.
import keras
import numpy as np
from keras import layers, regularizers

w = np.array([[0.5, -1.0], [2.0, 0.25]], dtype="float32")
for reg in [regularizers.l1(0.1), regularizers.l2(0.01), regularizers.l1_l2(l1=0.1, l2=0.01), regularizers.L2()]:
    described = regularizers.serialize(reg)
    print(described["class_name"], sorted(described["config"].items()), round(float(reg(w)), 6))
orth = regularizers.OrthogonalRegularizer(factor=0.5)
columns = regularizers.OrthogonalRegularizer(mode="columns")  # a tensor: Keras mishandles axis 0 of a NumPy array
print(round(float(orth(w)), 6), round(float(columns(keras.ops.convert_to_tensor(w))), 6))
print(type(regularizers.get("l2")).__name__, type(regularizers.deserialize(regularizers.serialize(orth))).__name__)
model = keras.Sequential([keras.Input((2,)), layers.Dense(2, kernel_regularizer=regularizers.l2(0.5),
                                                          bias_regularizer=regularizers.l1(0.1))])
model.set_weights([w, np.array([1.0, -2.0], dtype="float32")])
model(np.zeros((1, 2), dtype="float32"))
print([round(float(v), 5) for v in model.losses])
