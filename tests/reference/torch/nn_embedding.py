# Embedding lookups from integer index batches (padding_idx row zero, no gradient for it).
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

rng = np.random.default_rng(9)
emb = nn.Embedding(6, 3, padding_idx=0)
emb.load_state_dict({"weight": torch.tensor(rng.uniform(-1, 1, (6, 3)).astype(np.float32))})
tokens = np.array([[1, 2, 0, 0], [3, 3, 5, 0], [4, 1, 2, 3]])
batch = next(iter(DataLoader(tokens, batch_size=3)))
vectors = emb(batch)
print("shape", tuple(vectors.shape))
print("vectors", vectors.detach().numpy().tolist())
(vectors.sum(1) ** 2).sum().backward()
print("grad", np.asarray(emb.weight.grad).tolist())
print(emb)
