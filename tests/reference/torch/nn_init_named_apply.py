# Initialisation the way users write it: model.apply(init_fn) with isinstance checks and nn.init.*_ functions,
# calculate_gain, named_parameters filtering 'bias', parameter counts, and checks that random inits stay
# within their documented bounds (values themselves are seed-dependent, so only bounds and stats are printed).
import math

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8 * 4 * 4, 10)
        self.emb = nn.Embedding(5, 4)

    def forward(self, x):
        return self.fc(torch.relu(self.bn(self.conv(x))).flatten(1))


def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        nn.init.constant_(m.bias, 0.01)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Embedding):
        nn.init.normal_(m.weight, mean=0.0, std=0.02)


torch.manual_seed(0)
model = Model()
model.apply(init_weights)
bound = math.sqrt(6 / (128 + 10))
print(model.fc.weight.abs().max().item() <= bound, model.fc.bias.abs().sum().item())
print(model.conv.bias.tolist() == [0.01] * 8 or model.conv.bias.detach().numpy().round(6).tolist())
print(model.bn.weight.tolist(), model.bn.bias.tolist())
print(abs(model.conv.weight.std().item() - math.sqrt(2 / (8 * 9))) < 0.05,
      abs(model.emb.weight.std().item() - 0.02) < 0.01)
print([round(nn.init.calculate_gain(n), 4) for n in ("linear", "sigmoid", "tanh", "relu")],
      round(nn.init.calculate_gain("leaky_relu", 0.2), 4), round(nn.init.calculate_gain("selu"), 4))
decay = [n for n, p in model.named_parameters() if "bias" not in n and p.dim() > 1]
no_decay = [n for n, p in model.named_parameters() if "bias" in n or p.dim() <= 1]
print(decay, no_decay)
opt = torch.optim.AdamW([{"params": [p for n, p in model.named_parameters() if n in decay], "weight_decay": 0.01},
                         {"params": [p for n, p in model.named_parameters() if n in no_decay], "weight_decay": 0.0}],
                        lr=1e-3)
print([g["weight_decay"] for g in opt.param_groups], [len(g["params"]) for g in opt.param_groups])
w = torch.empty(3, 5)
nn.init.uniform_(w, a=-0.1, b=0.1)
print(w.min().item() >= -0.1, w.max().item() <= 0.1)
nn.init.eye_(w)
print(w.tolist())
c = torch.empty(2, 2, 3)
nn.init.dirac_(c)
print(c.tolist())
nn.init.trunc_normal_(w, std=1.0, a=-2.0, b=2.0)
print(w.abs().max().item() <= 2.0)
o = torch.empty(4, 3)
nn.init.orthogonal_(o)
print(torch.allclose(o.T @ o, torch.eye(3), atol=1e-5))
x = torch.randn(2, 3, 4, 4)
print(model(x).shape, sum(p.numel() for p in model.parameters()))
print(sum(b.numel() for b in model.buffers()), [n for n, _ in model.named_buffers()])
