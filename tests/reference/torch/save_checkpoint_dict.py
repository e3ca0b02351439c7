# A training checkpoint (epoch, loss, name, weights) round-trips with its plain values intact.
import os
import tempfile

import numpy as np
import torch

rng = np.random.default_rng(3)
checkpoint = {
    "epoch": 7,
    "loss": 0.3125,
    "name": "mlp-784-100-10",
    "history": [1.5, 0.75, 0.3125],
    "best": None,
    "weights": {"w": torch.tensor(rng.standard_normal((2, 2)).astype("float32"))},
}
path = os.path.join(tempfile.mkdtemp(), "ckpt.pt")
torch.save(checkpoint, path)
loaded = torch.load(path, weights_only=True)
print("keys", sorted(loaded))
print("epoch", loaded["epoch"], type(loaded["epoch"]).__name__)
print("loss", loaded["loss"], "name", loaded["name"], "best", loaded["best"])
print("history", loaded["history"])
print("w", np.round(loaded["weights"]["w"].numpy(), 5).tolist())
