# nn.Embedding with padding_idx (zero row, no gradient), from_pretrained (frozen or not), F.embedding.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
emb = nn.Embedding(5, 3, padding_idx=2)
print("padding row", emb.weight[2].tolist())
print("padding_idx", emb.padding_idx, emb.num_embeddings, emb.embedding_dim)
rng = np.random.default_rng(1)
table = torch.tensor(rng.standard_normal((5, 3)).astype(np.float32))
with torch.no_grad():
    emb.weight.copy_(table)
ids = torch.tensor([[0, 2, 4], [2, 2, 1]])
out = emb(ids)
(out * torch.arange(3.0)).sum().backward()
print("grad", emb.weight.grad.tolist())
frozen = nn.Embedding.from_pretrained(table)
print("frozen", frozen.weight.requires_grad, frozen(torch.tensor([1, 3])).numpy().round(5).tolist())
tuned = nn.Embedding.from_pretrained(table, freeze=False, padding_idx=0)
tuned(torch.tensor([0, 1, 0])).sum().backward()
print("tuned grad", tuned.weight.grad.tolist())
w = table.clone().requires_grad_(True)
F.embedding(torch.tensor([3, 3, 0]), w, padding_idx=3).pow(2).sum().backward()
print("F grad", w.grad.numpy().round(5).tolist())
print(emb)
