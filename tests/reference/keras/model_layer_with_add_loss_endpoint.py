# The guide's LogisticEndpoint: a layer taking targets and logits that adds its loss with add_loss; the
# model takes a dict of inputs and compiles with an optimizer only (no loss), fit on x alone.
import keras
import numpy as np
from keras import ops

rng = np.random.default_rng(33)


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)

    def call(self, targets, logits, sample_weights=None):
        loss = self.loss_fn(targets, logits, sample_weights)
        self.add_loss(loss)
        return ops.softmax(logits)


inputs = keras.Input(shape=(3,), name="inputs")
targets = keras.Input(shape=(10,), name="targets")
logits = keras.layers.Dense(10)(inputs)
predictions = LogisticEndpoint(name="predictions")(targets, logits)
model = keras.Model(inputs=[inputs, targets], outputs=predictions)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(0.01))
data = {"inputs": rng.random((6, 3)).astype("float32"), "targets": rng.random((6, 10)).astype("float32")}
history = model.fit(data, batch_size=3, epochs=2, shuffle=False, verbose=0)
print({k: np.round(v, 5).tolist() for k, v in history.history.items()})
print(np.round(model.predict(data, verbose=0)[0][:3], 5).tolist())
