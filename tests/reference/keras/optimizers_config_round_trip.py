# get_config / from_config and serialize / get rebuild an optimizer with the same settings.
import keras

opt = keras.optimizers.Adam(learning_rate=0.02, beta_1=0.8, amsgrad=True, clipnorm=1.5, weight_decay=0.01)
config = opt.get_config()
print(sorted(config))
print(config["learning_rate"], config["beta_1"], config["beta_2"], config["epsilon"], config["amsgrad"])
print(config["clipnorm"], config["clipvalue"], config["weight_decay"], config["use_ema"])
again = keras.optimizers.Adam.from_config(config)
print(type(again).__name__, again.beta_1, again.amsgrad, again.clipnorm, float(again.learning_rate))
data = keras.optimizers.serialize(keras.optimizers.SGD(0.3, momentum=0.5, nesterov=True))
print(data["class_name"], sorted(data["config"]))
rebuilt = keras.optimizers.deserialize(data)
print(type(rebuilt).__name__, float(rebuilt.learning_rate), rebuilt.momentum, rebuilt.nesterov)
for name in ["sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "adamw"]:
    print(name, type(keras.optimizers.get(name)).__name__)
