# no_grad, enable_grad, set_grad_enabled, inference_mode: as context managers and as decorators.
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
print(torch.is_grad_enabled(), (x * 2).requires_grad)
with torch.no_grad():
    print(torch.is_grad_enabled(), (x * 2).requires_grad)
    with torch.enable_grad():
        print(torch.is_grad_enabled(), (x * 2).requires_grad)
    print((x * 2).requires_grad)
with torch.set_grad_enabled(False):
    print((x * 2).requires_grad)
print(torch.is_grad_enabled())
torch.set_grad_enabled(False)
print(torch.is_grad_enabled(), (x * 2).requires_grad)
torch.set_grad_enabled(True)
with torch.inference_mode():
    print((x * 2).requires_grad)


@torch.no_grad()
def doubled(t):
    return t * 2


@torch.no_grad
def tripled(t):
    return t * 3


@torch.enable_grad()
def squared(t):
    return t * t


print(doubled(x).requires_grad, tripled(x).requires_grad, torch.is_grad_enabled())
with torch.no_grad():
    print(squared(x).requires_grad)
