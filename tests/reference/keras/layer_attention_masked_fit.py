# Attention and AdditiveAttention in functional models over Embedding(mask_zero=True): the padding mask reaches
# the attention layer (value mask) and goes on to GlobalAveragePooling1D (query mask), with and without
# use_causal_mask; predict, three epochs of SGD, predict again.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(7)
tokens = np.array([[4, 2, 7, 0, 0], [1, 5, 0, 0, 0], [3, 3, 3, 3, 6], [9, 8, 2, 0, 0]])
y = np.array([[1.0], [0.0], [1.0], [0.0]], "float32")
for kind in ("dot", "concat", "additive"):
    for causal in (False, True):
        inputs = keras.Input(shape=(5,), dtype="int32")
        embedded = layers.Embedding(10, 4, mask_zero=True)(inputs)
        if kind == "additive":
            attention = layers.AdditiveAttention()
        else:
            attention = layers.Attention(use_scale=True, score_mode=kind)
        attended = attention([embedded, embedded], use_causal_mask=causal)
        outputs = layers.Dense(1, activation="sigmoid")(layers.GlobalAveragePooling1D()(attended))
        model = keras.Model(inputs, outputs)
        model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
        print(kind, causal, [list(w.shape) for w in model.get_weights()])
        print(np.round(model.predict(tokens, verbose=0), 5).tolist())
        model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy")
        history = model.fit(tokens, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
        print(np.round(history.history["loss"], 5).tolist())
        print(np.round(model.predict(tokens, verbose=0), 5).tolist())
