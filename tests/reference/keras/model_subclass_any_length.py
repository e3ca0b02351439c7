# A subclassed model on sequences of any length (call with a mask from Embedding(mask_zero=True)),
# built by its first batch, trained with fit on arrays, then on batches of another length.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(23)


class Tagger(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Embedding(12, 4, mask_zero=True)
        self.rnn = layers.GRU(3)
        self.out = layers.Dense(2, activation="softmax")

    def call(self, tokens):
        return self.out(self.rnn(self.embed(tokens)))


model = Tagger()
x = np.array([[1, 2, 3, 0], [4, 5, 0, 0], [6, 7, 8, 9], [10, 0, 0, 0]])
y = np.array([0, 1, 1, 0])
model(x[:1])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(0.5), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, batch_size=2, epochs=2, shuffle=False, verbose=0)
print({k: np.round(v, 5).tolist() for k, v in history.history.items()})
longer = np.array([[1, 2, 3, 4, 5, 6, 0], [7, 8, 0, 0, 0, 0, 0]])
print(np.round(model.predict(longer, verbose=0), 5).tolist())
print(np.round(model.train_on_batch(longer, np.array([1, 0])), 5).tolist())
print(len(model.weights), [w.shape for w in model.trainable_weights])
