# Only floating-point tensors can require gradients; requires_grad_() switches a leaf on and off.
import torch

makers = (
    lambda: torch.tensor([1, 2], requires_grad=True),
    lambda: torch.tensor([1, 2]).requires_grad_(),
    lambda: torch.tensor([True]).requires_grad_(),
    lambda: torch.zeros(2, dtype=torch.int32, requires_grad=True),
)
for make in makers:
    try:
        make()
        print("allowed")
    except RuntimeError as e:
        print("RuntimeError", "floating point" in str(e))
t = torch.tensor([1.0, 2.0])
print(t.requires_grad_() is t, t.requires_grad)
t.requires_grad_(False)
print(t.requires_grad)
d = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
(d * 2).sum().backward()
print(d.grad.tolist(), str(d.grad.dtype))
print(torch.ones(2, requires_grad=True).requires_grad, torch.zeros(2).requires_grad)
