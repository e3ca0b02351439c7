# A hand-written SGD loop: no_grad updates, p -= lr * p.grad, p.grad.zero_(), f-string losses.
import torch

x = torch.tensor([[0.5, -1.2], [1.5, 0.3], [-0.7, 0.8], [1.1, -0.4]])
y = torch.tensor([[1.0], [2.0], [0.0], [1.5]])
w = torch.tensor([[0.1], [-0.2]], requires_grad=True)
b = torch.tensor([0.05], requires_grad=True)
for step in range(5):
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
    w.grad.zero_()
    b.grad.zero_()
    print(f"step {step} loss {loss:.5f}")
print(w.tolist(), b.tolist(), w.requires_grad, w.is_leaf)
