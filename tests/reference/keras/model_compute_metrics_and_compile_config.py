# A test_step override ending in self.compute_metrics (Keras 3's), get_compile_config, History.params and
# epoch with validation_split, Masking + LSTM on sequences of any length, predict_on_batch, count_params.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(30)


class WithComputeMetrics(keras.Model):
    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred)
        self._loss_tracker_value = loss
        return self.compute_metrics(x, y, y_pred, sample_weight=None)


inputs = keras.Input((3,))
model = WithComputeMetrics(inputs, layers.Dense(1)(inputs))
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
x = rng.standard_normal((10, 3)).astype("float32")
y = rng.standard_normal((10, 1)).astype("float32")
print({k: round(float(v), 5) for k, v in model.evaluate(x, y, verbose=0, return_dict=True).items()})
h = model.fit(x, y, validation_split=0.2, epochs=2, verbose=0, shuffle=False)
print(sorted(h.history), h.params, h.epoch)
print(model.get_compile_config()["loss"], sorted(model.get_compile_config()))
m2 = keras.Sequential([keras.Input((None, 2)), layers.Masking(), layers.LSTM(2)])
m2.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in m2.get_weights()])
seq = rng.standard_normal((2, 5, 2)).astype("float32")
seq[0, 3:] = 0.0
print(np.round(m2.predict(seq, verbose=0), 5).tolist(), np.round(m2.predict(seq[:, :3], verbose=0), 5).tolist())
out = model.predict_on_batch(x[:2])
print(type(out).__name__, out.shape)
print(model.count_params(), model.layers[-1].count_params(), model.get_layer(index=1).name)
