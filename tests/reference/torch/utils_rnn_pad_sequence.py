# pad_sequence for variable-length batches, then pack_padded_sequence through an LSTM and back.
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

rng = np.random.default_rng(12)
seqs = [torch.tensor(rng.standard_normal((n, 2)).astype(np.float32)) for n in (4, 2, 3)]
padded = pad_sequence(seqs)
print("time first", tuple(padded.shape))
batch = pad_sequence(seqs, batch_first=True, padding_value=-1.0)
print("batch first", tuple(batch.shape), batch.numpy().round(5).tolist())
tokens = [torch.tensor([5, 2, 7]), torch.tensor([1]), torch.tensor([3, 3])]
ids = pad_sequence(tokens, batch_first=True)
print("ids", ids.tolist(), ids.dtype)
lengths = torch.tensor([len(s) for s in seqs])
torch.manual_seed(0)
lstm = nn.LSTM(2, 3, batch_first=True)
with torch.no_grad():
    for name, p in lstm.named_parameters():
        p.copy_(torch.tensor(rng.uniform(-0.5, 0.5, tuple(p.shape)).astype(np.float32)))
packed = pack_padded_sequence(batch, lengths, batch_first=True, enforce_sorted=False)
out, (h, c) = lstm(packed)
unpacked, out_lengths = pad_packed_sequence(out, batch_first=True)
print("unpacked", tuple(unpacked.shape), out_lengths.tolist())
print("outputs", unpacked.detach().numpy().round(5).tolist())
print("h", h.detach().numpy().round(5).tolist())
