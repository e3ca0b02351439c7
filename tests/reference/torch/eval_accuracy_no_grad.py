# Evaluation as the tutorials do it: model.eval(), torch.no_grad(), argmax(dim=1).eq(y).sum().item(),
# per-class accuracy, a confusion matrix with bincount, and softmax confidences.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(11)
x = torch.tensor(rng.normal(size=(30, 6)).astype(np.float32))
y = torch.tensor(rng.integers(0, 3, size=30))
model = nn.Sequential(nn.Linear(6, 12), nn.ReLU(), nn.Dropout(0.5), nn.Linear(12, 3))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.tensor(rng.normal(scale=0.6, size=tuple(p.shape)).astype(np.float32)))
loader = DataLoader(TensorDataset(x, y), batch_size=7)
model.eval()
correct, total, loss_sum = 0, 0, 0.0
preds = []
criterion = nn.CrossEntropyLoss(reduction="sum")
with torch.no_grad():
    for xb, yb in loader:
        out = model(xb)
        loss_sum += criterion(out, yb).item()
        pred = out.argmax(dim=1)
        correct += pred.eq(yb).sum().item()
        total += yb.size(0)
        preds.append(pred)
pred = torch.cat(preds)
print(f"accuracy {correct}/{total} = {100.0 * correct / total:.2f}%  loss {loss_sum / total:.5f}")
print(pred.requires_grad, pred.dtype, (pred == y).float().mean().item())
for c in range(3):
    mask = y == c
    print(c, mask.sum().item(), (pred[mask] == c).sum().item())
confusion = torch.bincount(y * 3 + pred, minlength=9).reshape(3, 3)
print(confusion)
probs = torch.softmax(model(x[:4]), dim=1)
conf, cls = probs.max(dim=1)
print(cls, conf)
print(model.training, [m.training for m in model])
