# Attention (dot, scaled, concat) and AdditiveAttention called eagerly on [query, value] and [query, value, key]:
# Keras's weights set explicitly, the attention scores returned, mask=[query_mask, value_mask], use_causal_mask
# with a value mask (a query that sees no key gets the softmax of the lowered scores, as in Keras).
import keras
import numpy as np
from keras import layers


def show(value):
    print(np.round(keras.ops.convert_to_numpy(value).astype("float64"), 4).tolist())


rng = np.random.default_rng(5)
q = rng.standard_normal((2, 3, 4)).astype("float32")
v = rng.standard_normal((2, 5, 3)).astype("float32")
k = rng.standard_normal((2, 5, 4)).astype("float32")
query_mask = np.array([[1, 1, 0], [1, 0, 1]], bool)
value_mask = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 1]], bool)
for layer in (layers.Attention(), layers.Attention(use_scale=True), layers.Attention(score_mode="concat"),
              layers.Attention(use_scale=True, score_mode="concat"), layers.AdditiveAttention(),
              layers.AdditiveAttention(use_scale=False)):
    layer([q, v, k])
    layer.set_weights([rng.standard_normal(w.shape).astype("float32") for w in layer.get_weights()])
    print(type(layer).__name__, [(w.name, list(w.shape)) for w in layer.weights])
    show(layer([q, q]))
    out, scores = layer([q, v, k], return_attention_scores=True)
    print(list(out.shape), list(scores.shape))
    show(out)
    show(scores)
    out, scores = layer([q, v, k], mask=[query_mask, value_mask], return_attention_scores=True)
    show(out)
    show(scores)
    out, scores = layer([q, q], mask=[None, value_mask[:, :3]], return_attention_scores=True, use_causal_mask=True)
    show(out)
    show(scores)
    config = layer.get_config()
    print({key: config.get(key) for key in ("use_scale", "score_mode", "dropout", "seed")})
