# The 60-minute blitz autograd page: Q = 3a^3 - b^2, backward with an external gradient, requires_grad
# flags through operations, freezing a pretrained-style model and replacing its classifier head.
import torch
from torch import nn, optim

a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)
print(9*a**2 == a.grad)
print(-2*b == b.grad)
print(a.grad, b.grad)
x = torch.rand(5, 5)
y = torch.rand(5, 5)
z = torch.rand((5, 5), requires_grad=True)
a = x + y
print(f"Does `a` require gradients?: {a.requires_grad}")
b = x + z
print(f"Does `b` require gradients?: {b.requires_grad}")
model = nn.Sequential(nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 5))
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(6, 3)
model[2] = model.fc
trainable = [n for n, p in model.named_parameters() if p.requires_grad]
print(trainable)
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
out = model(torch.ones(2, 8))
out.sum().backward()
print([p.grad is None for p in model.parameters()])
print(out.shape, out.requires_grad, out.grad_fn is not None)
with torch.no_grad():
    w = x * 2
print(w.requires_grad, (z * 2).detach().requires_grad)
