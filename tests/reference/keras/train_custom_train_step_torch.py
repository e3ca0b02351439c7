# The guide "Customizing what happens in fit() with PyTorch": a train_step override that calls
# self.compute_loss, backward(), self.optimizer.apply(gradients, trainable_weights) and updates
# self.metrics (the loss tracker and compile_metrics) itself; then the same model with a test_step.
import keras
import numpy as np
import torch
from keras import layers

rng = np.random.default_rng(5)


class CustomModel(keras.Model):
    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        loss.backward()
        trainable_weights = [v for v in self.trainable_weights]
        gradients = [v.value.grad for v in trainable_weights]
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_weights)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


inputs = keras.Input(shape=(3,))
outputs = layers.Dense(1)(inputs)
model = CustomModel(inputs, outputs)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
x = rng.standard_normal((12, 3)).astype("float32")
y = rng.standard_normal((12, 1)).astype("float32")
history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0, validation_data=(x[:6], y[:6]))
for key in history.history:
    print(key, np.round(history.history[key], 5).tolist())
print([np.round(w, 5).tolist() for w in model.get_weights()])
print(model.metrics_names, int(model.optimizer.iterations.numpy()))
print({k: round(float(v), 5) for k, v in model.evaluate(x, y, verbose=0, return_dict=True).items()})
