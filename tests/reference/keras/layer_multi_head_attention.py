# MultiHeadAttention called eagerly: cross-attention with key, value and output sizes of their own, an
# attention_mask and the causal mask (scores returned), self-attention with the key defaulting to the value,
# and a rank-4 query attending over both of its middle axes.
import keras
import numpy as np
from keras import layers


def show(value):
    print(np.round(keras.ops.convert_to_numpy(value).astype("float64"), 4).tolist())


rng = np.random.default_rng(3)
q = rng.standard_normal((2, 4, 6)).astype("float32")
v = rng.standard_normal((2, 5, 7)).astype("float32")
k = rng.standard_normal((2, 5, 3)).astype("float32")
cross = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=4, output_shape=5)
cross(q, v, k)
cross.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in cross.get_weights()])
print([list(w.shape) for w in cross.get_weights()])
out, scores = cross(q, v, k, return_attention_scores=True)
show(out)
show(scores)
mask = rng.integers(0, 2, (2, 4, 5)).astype(bool)
mask[..., 0] = True
show(cross(q, v, k, attention_mask=mask))
out, scores = cross(q, v, k, attention_mask=mask, return_attention_scores=True, use_causal_mask=True)
show(out)
show(scores)
config = cross.get_config()
print({key: config[key] for key in ("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape",
                                    "attention_axes")})

self_attention = layers.MultiHeadAttention(num_heads=3, key_dim=2, use_bias=False)
self_attention(q, q)
self_attention.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5
                            for w in self_attention.get_weights()])
print([list(w.shape) for w in self_attention.get_weights()])
show(self_attention(q, q))
show(self_attention(q[:, :3], q))
show(self_attention(q, q, use_causal_mask=True))

images = rng.standard_normal((2, 2, 3, 4)).astype("float32")
grid = layers.MultiHeadAttention(num_heads=2, key_dim=2, output_shape=(2, 3))
grid(images, images)
grid.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in grid.get_weights()])
out, scores = grid(images, images, return_attention_scores=True)
print(list(out.shape), list(scores.shape))
show(out)
