# In-place on a leaf that requires grad: refused outside no_grad(), allowed inside it.
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
for attempt in (lambda: w.add_(1), lambda: w.mul_(2), lambda: w.zero_(), lambda: w.__iadd__(1)):
    try:
        attempt()
        print("allowed")
    except RuntimeError:
        print("refused")
with torch.no_grad():
    w.add_(1)
    w *= 2
    w[0] = -1.0
print(w.tolist(), w.requires_grad, w.is_leaf)
(w * w).sum().backward()
print(w.grad.tolist())
