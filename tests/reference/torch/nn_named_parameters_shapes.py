# Looking inside a model: named_parameters with shapes, trainable counts, named_children,
# named_modules, state_dict keys and buffers, parameters grouped for weight decay.
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(4 * 4 * 4, 10), nn.LayerNorm(10))
        self.scale = nn.Parameter(torch.ones(1))
        self.register_buffer("steps", torch.zeros((), dtype=torch.long))

    def forward(self, x):
        return self.head(self.features(x)) * self.scale


net = Net()
for name, p in net.named_parameters():
    print(f"{name:24s} {str(list(p.shape)):16s} {p.numel():5d} {p.requires_grad}")
total = sum(p.numel() for p in net.parameters())
trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
print("total", total, "trainable", trainable)
print([name for name, _ in net.named_children()])
print([name for name, _ in net.named_modules()])
print(list(net.state_dict().keys()))
print([(name, b.dtype, list(b.shape)) for name, b in net.named_buffers()])
decay = [n for n, p in net.named_parameters() if p.ndim > 1]
no_decay = [n for n, p in net.named_parameters() if p.ndim <= 1]
print(decay)
print(no_decay)
opt = torch.optim.AdamW([{"params": [p for n, p in net.named_parameters() if p.ndim > 1], "weight_decay": 0.01},
                         {"params": [p for n, p in net.named_parameters() if p.ndim <= 1], "weight_decay": 0.0}],
                        lr=1e-3)
print([len(g["params"]) for g in opt.param_groups], [g["weight_decay"] for g in opt.param_groups])
print(net(torch.zeros(2, 1, 8, 8)).shape)
