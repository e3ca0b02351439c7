# Unknown (None) dimensions through more layers: input_shape=(None, 5) on a first layer, batch_shape,
# TimeDistributed, LayerNormalization, attention; a Dense on an unknown last axis is a ValueError.
import keras
from keras import layers

m = keras.Sequential([layers.LSTM(4, input_shape=(None, 5)), layers.Dense(1)])
print(m.input_shape, m.output_shape)
i = keras.Input(batch_shape=(None, None, 3))
print(i.shape, keras.Model(i, layers.Conv1D(2, 3)(i)).output_shape)
try:
    keras.Sequential([keras.Input((None, 3)), layers.Flatten(), layers.Dense(2)])
    print("built")
except Exception as e:
    print(isinstance(e, ValueError))
try:
    keras.Sequential([keras.Input((None,)), layers.Dense(2)])
    print("built")
except Exception as e:
    print(isinstance(e, ValueError))
x = keras.Input((None, 4))
y = layers.Dense(3)(x)
z = layers.TimeDistributed(layers.Dense(2))(y)
print(y.shape, z.shape, layers.LayerNormalization()(z).shape, layers.Dropout(0.1)(z).shape)
print(layers.MultiHeadAttention(2, 3)(z, z).shape, layers.Attention()([z, z]).shape)
