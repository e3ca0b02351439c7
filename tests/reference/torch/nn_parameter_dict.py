# nn.ParameterDict in a module: registration order, state_dict keys, update/pop/in/len, and training the
# parameters it holds with SGD; values from NumPy.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(41)


class Scales(nn.Module):
    def __init__(self):
        super().__init__()
        self.scales = nn.ParameterDict({"a": nn.Parameter(torch.ones(3)), "b": torch.zeros(2)})
        self.scales["c"] = nn.Parameter(torch.full((1,), 0.5))

    def forward(self, x):
        return (x[:, :3] * self.scales["a"]).sum(1) + (x[:, 3:5] + self.scales["b"]).sum(1) * self.scales["c"]


model = Scales()
print(list(model.state_dict()), len(model.scales), "b" in model.scales, list(model.scales.keys()))
print(type(model.scales["b"]).__name__, model.scales["b"].requires_grad)
x = torch.from_numpy(rng.standard_normal((4, 5)).astype(np.float32))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(3):
    optimizer.zero_grad()
    loss = (model(x) - 1).pow(2).mean()
    loss.backward()
    optimizer.step()
    print(step, round(loss.item(), 5))
print({k: np.round(v.detach().numpy(), 5).tolist() for k, v in model.scales.items()})
model.scales.update({"d": nn.Parameter(torch.ones(2, 2))})
removed = model.scales.pop("a")
print(list(model.state_dict()), tuple(removed.shape), sum(p.numel() for p in model.parameters()))
print(model.scales)
