# zero_grad() sets the gradients to None; zero_grad(set_to_none=False) zeroes them in place.
import torch

w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
(w * w).sum().backward()
print("grad", w.grad.tolist())
opt.zero_grad(set_to_none=False)
print("zeroed", w.grad.tolist())
(w * w * w).sum().backward()
print("accumulated", w.grad.tolist())
opt.step()
print("w", [round(v, 6) for v in w.tolist()])
opt.zero_grad()
print("none", w.grad is None)
opt.step()  # parameters without a gradient are left alone
print("w", [round(v, 6) for v in w.tolist()])
