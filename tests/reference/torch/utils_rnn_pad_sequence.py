# pad_sequence for variable-length batches (time first and batch first), a length mask, and the gradient back.
import numpy as np
import torch
from torch.nn.utils.rnn import pad_sequence

rng = np.random.default_rng(12)
seqs = [torch.tensor(rng.standard_normal((n, 2)).astype(np.float32), requires_grad=True) for n in (4, 2, 3)]
padded = pad_sequence(seqs)
print("time first", tuple(padded.shape))
batch = pad_sequence(seqs, batch_first=True, padding_value=-1.0)
print("batch first", tuple(batch.shape), batch.detach().numpy().round(5).tolist())
tokens = [torch.tensor([5, 2, 7]), torch.tensor([1]), torch.tensor([3, 3])]
ids = pad_sequence(tokens, batch_first=True)
print("ids", ids.tolist(), ids.dtype)
lengths = torch.tensor([len(s) for s in seqs])
mask = torch.arange(batch.shape[1])[None, :] < lengths[:, None]
print("mask", mask.tolist())
mean = (batch * mask.unsqueeze(-1)).sum(1) / lengths.unsqueeze(-1)
print("masked mean", mean.detach().numpy().round(5).tolist())
(mean ** 2).sum().backward()
print("grads", [s.grad.numpy().round(5).tolist() for s in seqs])
print("1-d", pad_sequence([torch.ones(2), torch.ones(3)], batch_first=True).tolist())
