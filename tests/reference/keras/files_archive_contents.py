# A .keras file is a zip of metadata.json, config.json and model.weights.h5, with the model's class and layers.
import json
import os
import tempfile
import zipfile

import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="relu"), layers.Dense(1)],
                         name="tiny")
path = os.path.join(tempfile.mkdtemp(), "tiny.keras")
model.save(path)
with zipfile.ZipFile(path) as archive:
    print("files", sorted(archive.namelist()))
    metadata = json.loads(archive.read("metadata.json"))
    config = json.loads(archive.read("config.json"))
print("metadata keys", sorted(metadata))
print("class", config["class_name"], config["config"]["name"])
print("layers", [layer["class_name"] for layer in config["config"]["layers"]])
print("units", [layer["config"].get("units") for layer in config["config"]["layers"][1:]])
