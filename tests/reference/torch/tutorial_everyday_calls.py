# Everyday tutorial lines, each one torch call: a dict-returning Dataset in a DataLoader, the anomaly switch,
# logspace, the default generator and initial_seed, OneCycleLR, retain_grad, autograd.grad, and more.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)


class DS(Dataset):
    def __init__(self):
        self.x = torch.arange(20, dtype=torch.float32).view(10, 2)
        self.y = torch.arange(10) % 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return {"x": self.x[i], "y": self.y[i]}


dl = DataLoader(DS(), batch_size=4, shuffle=False, drop_last=True)
for batch in dl:
    print(batch["x"].shape, batch["y"].tolist())
m = nn.Linear(2, 2)
print(sum(p.numel() for p in m.parameters()), m.weight.grad)
x = torch.randn(3, 2)
print(x.mean(dim=0, keepdim=True).shape, x.std(0).shape, x.max(1)[1].dtype, torch.argmax(x, 1).shape)
print(torch.no_grad()(lambda: 1)())
with torch.autograd.set_detect_anomaly(True):
    print(torch.is_anomaly_enabled())
print(F.gelu(torch.tensor([1.0]), approximate="tanh").item() > 0)
print(torch.tensor([[1, 2], [3, 4]]).float().mean().item())
print(torch.linspace(0, 1, 5).tolist(), torch.logspace(0, 2, 3).tolist())
a = torch.zeros(3)
a[1] = 5
a[[0, 2]] += 1
print(a.tolist())
print(torch.where(torch.tensor([1., -1.]) > 0, 1.0, 0.0).tolist())
print(x.numpy().dtype, torch.from_numpy(x.numpy()).dtype)
print(torch.clamp(torch.tensor([1.5, -2.0]), -1, 1).tolist(), torch.tensor(3.7).round().item())
print(nn.functional.dropout(torch.ones(4), 0.0).tolist())
opt = torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=0.01)
sch = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10)
for _ in range(3):
    opt.step()
    sch.step()
print(round(sch.get_last_lr()[0], 6))
print(torch.tensor([1, 2, 3]).sum().item(), torch.tensor([True, False]).sum().item())
print((torch.arange(5) > 2).float().mean().item())
emb = nn.Embedding(10, 3)
print(emb(torch.tensor([[1, 2], [3, 4]])).shape)
print(torch.cat([torch.ones(2, 1), torch.zeros(2, 1)], dim=-1).tolist())
print(torch.tensor([[0.1, 0.9]]).softmax(-1).argmax(-1).item(), torch.randint(0, 5, (3,)).dtype)
h = torch.tensor([1.0, 2.0], requires_grad=True)
g = h * 2
g.retain_grad()
g.sum().backward()
print(g.grad.tolist(), h.grad.tolist())
print(torch.autograd.grad((h ** 2).sum(), h)[0].tolist())
print(nn.utils.parameters_to_vector(m.parameters()).shape)
print(F.cross_entropy(torch.randn(4, 3, 5), torch.randint(0, 3, (4, 5))).shape)
print(torch.stack([torch.tensor(1.), torch.tensor(2.)]).tolist(), torch.tensor([1., 2.]).unsqueeze(-1).shape)
print(type(torch.manual_seed(1)).__name__, torch.initial_seed(), torch.default_generator.initial_seed())
print(x.detach().cpu().numpy().shape, x.item() if x.numel() == 1 else x.size(0), x.size(), x.shape[-1])
