# Iteration over dim 0, unpacking, len, np.asarray, f-string formats, integer tensors as indices.
import numpy as np
import torch

x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
print(len(x), [row.tolist() for row in x])
first, second, third = x
print(first.tolist(), third.tolist())
a, b = x[0]
print(a.item(), b.item())
print(np.asarray(x).tolist(), np.asarray(x).dtype.name, np.array(torch.tensor([1, 2])).dtype.name)
loss = torch.tensor(0.123456)
print(f"{loss:.4f}", f"{loss.item():.2f}", f"{torch.tensor(2.5):.3f}")
idx = torch.tensor(2)
print([10, 20, 30, 40][idx], list(range(10))[torch.tensor(1):torch.tensor(4)])
print(sum(t.item() for t in x.flatten()), max(torch.tensor([3, 9, 4])).item())
print(np.sum(x.numpy()), float(x.sum()), int(torch.tensor(7)))
