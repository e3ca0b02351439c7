# The guide "Writing a training loop from scratch" (PyTorch backend): model(x, training=True), a loss
# object, zero_grad, backward, optimizer.apply on the trainable weights, metrics updated and reset by hand.
import keras
import numpy as np
import torch
from keras import layers

rng = np.random.default_rng(21)
model = keras.Sequential([keras.Input((5,)), layers.Dense(8, activation="relu"), layers.Dense(3)])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
optimizer = keras.optimizers.Adam(learning_rate=0.01)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
train_acc = keras.metrics.SparseCategoricalAccuracy()
val_acc = keras.metrics.SparseCategoricalAccuracy()
x = rng.standard_normal((24, 5)).astype("float32")
y = rng.integers(0, 3, 24)
x_val, y_val = x[:8], y[:8]
for epoch in range(3):
    for step in range(3):
        xb, yb = x[8 * step:8 * step + 8], y[8 * step:8 * step + 8]
        logits = model(xb, training=True)
        loss = loss_fn(yb, logits)
        model.zero_grad()
        loss.backward()
        trainable_weights = [v for v in model.trainable_weights]
        gradients = [v.value.grad for v in trainable_weights]
        with torch.no_grad():
            optimizer.apply(gradients, trainable_weights)
        train_acc.update_state(yb, logits)
        if step == 2:
            print(epoch, step, round(float(keras.ops.convert_to_numpy(loss)), 5))
    print("train acc", round(float(train_acc.result()), 5))
    train_acc.reset_state()
    val_logits = model(x_val, training=False)
    val_acc.update_state(y_val, val_logits)
    print("val acc", round(float(val_acc.result()), 5))
    val_acc.reset_state()
print(int(optimizer.iterations.numpy()), [np.round(w, 4).tolist() for w in model.get_weights()[-1:]])
