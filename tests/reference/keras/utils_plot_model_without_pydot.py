# keras.utils.plot_model where pydot is not installed: Keras raises ImportError (ligero always does:
# it draws no model graphs).
import keras
from keras import layers

model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
print(hasattr(keras.utils, "plot_model"), hasattr(keras.utils, "model_to_dot"))
try:
    keras.utils.plot_model(model, to_file="model.png", show_shapes=True)
    print("plotted")
except ImportError:
    print("ImportError")
