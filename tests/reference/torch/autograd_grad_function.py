# torch.autograd.grad: gradients of outputs with respect to inputs, leaving .grad untouched.
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
w = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
y = (w @ x).tanh().sum()
gx, gw = torch.autograd.grad(y, (x, w), retain_graph=True)
print([round(v, 6) for v in gx.tolist()], [[round(v, 6) for v in r] for r in gw.tolist()])
print(x.grad is None, w.grad is None, gx.requires_grad)
(gx_only,) = torch.autograd.grad(y, x)
print([round(v, 6) for v in gx_only.tolist()])
v = x * 3
out = torch.autograd.grad(v, x, grad_outputs=torch.tensor([1.0, -1.0]))
print(out[0].tolist())
u = torch.tensor([5.0], requires_grad=True)
s = (x * x).sum()
gs = torch.autograd.grad(s, [x, u], allow_unused=True)
print(gs[0].tolist(), gs[1] is None)
try:
    torch.autograd.grad((x * x).sum(), [x, u])
except RuntimeError:
    print("unused input refused")
t = x * 2
gt = torch.autograd.grad(t.sum(), t)
print(gt[0].tolist())
