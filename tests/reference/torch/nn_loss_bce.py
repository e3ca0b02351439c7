# BCELoss on probabilities and BCEWithLogitsLoss on logits (weight, pos_weight), with gradients.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(17)
logits_np = rng.normal(0, 2, (4, 3)).astype(np.float32)
target = torch.tensor((rng.random((4, 3)) > 0.5).astype(np.float32))
for reduction in ("mean", "sum", "none"):
    logits = torch.tensor(logits_np, requires_grad=True)
    loss = nn.BCEWithLogitsLoss(reduction=reduction)(logits, target)
    loss.sum().backward()
    print("logits", reduction, loss.detach().numpy().tolist(), np.asarray(logits.grad).tolist())
pos_weight = torch.tensor(np.array([1.0, 2.0, 0.5], dtype=np.float32))
logits = torch.tensor(logits_np, requires_grad=True)
loss = nn.BCEWithLogitsLoss(pos_weight=pos_weight)(logits, target)
loss.backward()
print("pos_weight", loss.item(), np.asarray(logits.grad).tolist())
probs = torch.sigmoid(torch.tensor(logits_np, requires_grad=True))
weight = torch.tensor(np.array([[1.0], [0.5], [2.0], [1.0]], dtype=np.float32))
print("bce", nn.BCELoss()(probs, target).item(), nn.BCELoss(weight=weight, reduction="sum")(probs, target).item())
