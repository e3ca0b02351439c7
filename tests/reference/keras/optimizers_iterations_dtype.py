# optimizer.iterations as Keras 3 reads it: an int32 scalar whose numpy() counts the steps
import keras
import numpy as np

model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
opt = keras.optimizers.Adam(1e-3)
model.compile(opt, "mse")
rng = np.random.default_rng(0)
model.fit(rng.standard_normal((8, 3)).astype("float32"), rng.standard_normal((8, 2)).astype("float32"),
          batch_size=4, epochs=2, verbose=0, shuffle=False)
it = opt.iterations.numpy()
print(type(it).__name__, it.dtype, it.shape, int(it))
print(str(opt.iterations.dtype), int(opt.iterations))
