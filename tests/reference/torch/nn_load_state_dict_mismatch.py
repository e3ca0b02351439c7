# A shape that does not fit raises RuntimeError even with strict=False; the keys that fit are loaded all the same.
import numpy as np
import torch
import torch.nn as nn

model = nn.Linear(4, 2)
model.load_state_dict({"weight": torch.tensor(np.ones((2, 4), dtype=np.float32)),
                       "bias": torch.tensor(np.zeros(2, dtype=np.float32))})
bad = {"weight": torch.tensor(np.zeros((4, 2), dtype=np.float32)),
       "bias": torch.tensor(np.full(2, 7.0, dtype=np.float32))}
for strict in (True, False):
    try:
        model.load_state_dict(bad, strict=strict)
        print("loaded")
    except RuntimeError:
        print("strict", strict, "raised RuntimeError")
print("weight unchanged", model.weight.detach().numpy().tolist())
print("bias loaded", model.bias.detach().numpy().tolist())
