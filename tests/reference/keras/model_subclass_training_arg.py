# A custom keras.Model with layers in __init__ and call(), trained with fit.
import keras
import numpy as np
from keras import layers


class MLP(keras.Model):
    def __init__(self, hidden, classes, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(hidden, activation="relu")
        self.dropout = layers.Dropout(0.5)
        self.classifier = layers.Dense(classes)

    def call(self, inputs, training=False):
        x = self.hidden(inputs)
        x = self.dropout(x, training=training)
        return self.classifier(x)


rng = np.random.default_rng(11)
model = MLP(6, 3)
x = rng.standard_normal((12, 4)).astype("float32")
y = rng.integers(0, 3, 12)
model(x[:1])
print(model.built, len(model.weights), [w.shape for w in model.get_weights()])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")])
print(round(float(model.evaluate(x, y, verbose=0)[0]), 4))
model.dropout.rate = 0.0
history = model.fit(x, y, batch_size=6, epochs=3, shuffle=False, verbose=0)
print(sorted(history.history), np.round(history.history["loss"], 4).tolist())
print(np.round(model.predict(x[:2], verbose=0), 4).tolist())
print(model.count_params(), len(model.trainable_weights))
