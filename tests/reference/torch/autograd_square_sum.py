# d/dx sum(x*x + 3x) = 2x + 3, on a leaf created with requires_grad.
import torch

x = torch.tensor([[1.0, -2.0], [0.5, 4.0]], requires_grad=True)
y = (x * x + 3 * x).sum()
y.backward()
print("y", round(y.item(), 6))
print("grad", x.grad.tolist())
