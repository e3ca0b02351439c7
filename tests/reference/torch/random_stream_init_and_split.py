# nn.init and the modules' default initialisation drawn from the seeded default generator, then
# random_split and a RandomSampler with replacement, all in torch's order.
import torch
import torch.nn as nn
from torch.utils.data import RandomSampler, random_split

torch.manual_seed(1)
conv = nn.Conv2d(1, 2, 3)
lstm = nn.LSTM(2, 3)
print("conv", [round(v, 5) for v in conv.weight.flatten()[:5].tolist()], [round(v, 5) for v in conv.bias.tolist()])
print("lstm", [(name, round(p.sum().item(), 5)) for name, p in lstm.named_parameters()])
w = torch.empty(3, 4)
nn.init.xavier_uniform_(w)
print("xavier", [round(v, 5) for v in w[0].tolist()])
nn.init.kaiming_normal_(w, nonlinearity="relu")
print("kaiming", [round(v, 4) for v in w[0].tolist()])
nn.init.trunc_normal_(w, std=0.02)
print("trunc", [round(v, 5) for v in w[0].tolist()])
train, val = random_split(range(10), [0.8, 0.2])
print("split", list(train), list(val))
print("sampler", list(RandomSampler(range(5), replacement=True, num_samples=6)))
