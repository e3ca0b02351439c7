# MSELoss, L1Loss, SmoothL1Loss and HuberLoss with each reduction, and their gradients.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(16)
pred_np = rng.normal(0, 2, (3, 4)).astype(np.float32)
target = torch.tensor(rng.normal(0, 2, (3, 4)).astype(np.float32))
losses = [nn.MSELoss, nn.L1Loss, nn.SmoothL1Loss, nn.HuberLoss]
for cls in losses:
    for reduction in ("mean", "sum", "none"):
        pred = torch.tensor(pred_np, requires_grad=True)
        loss = cls(reduction=reduction)(pred, target)
        loss.sum().backward()
        print(cls.__name__, reduction, loss.detach().numpy().tolist(), np.asarray(pred.grad)[0].tolist())
pred = torch.tensor(pred_np)
print("beta", nn.SmoothL1Loss(beta=0.5)(pred, target).item(), "delta", nn.HuberLoss(delta=2.0)(pred, target).item())
