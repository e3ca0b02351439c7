# keras.ops.adaptive_average_pool and adaptive_max_pool (Keras 3.15): 1-D and 2-D, channels-last and first,
# sizes that do and do not divide the input, and the gradient through each in a custom loss.
import keras
import numpy as np
from keras import ops

rng = np.random.default_rng(79)
x = rng.standard_normal((2, 7, 9, 3)).astype("float32")
seq = rng.standard_normal((2, 11, 4)).astype("float32")
for fn in (ops.adaptive_average_pool, ops.adaptive_max_pool):
    for data, size, fmt, where in [(x, (3, 4), None, (0, slice(None), slice(None), 1)), (x, 2, None, (1, 0)),
                                   (x.transpose(0, 3, 1, 2), (5, 2), "channels_first", (0, 2)),
                                   (seq, 4, None, (1,)), (seq.transpose(0, 2, 1), (3,), "channels_first", (0,))]:
        out = ops.convert_to_numpy(fn(data, size, data_format=fmt))
        print(fn.__name__, list(out.shape), np.round(out[where], 4).tolist())

inputs = keras.Input((7, 9, 3))
pooled = keras.layers.Lambda(lambda t: ops.adaptive_max_pool(t, (2, 2)) + ops.adaptive_average_pool(t, 2))(inputs)
model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Flatten()(pooled)))
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.3 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
history = model.fit(x, np.ones((2, 1), "float32"), batch_size=2, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
