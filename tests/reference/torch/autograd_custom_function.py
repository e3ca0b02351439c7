# A custom torch.autograd.Function: forward/backward staticmethods, ctx.save_for_backward, needs_input_grad.
import torch


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 3 * x * x * grad


class ScaledAdd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b, alpha):
        ctx.alpha = alpha
        ctx.flags = ctx.needs_input_grad
        return a + alpha * b

    @staticmethod
    def backward(ctx, grad):
        return grad, ctx.alpha * grad, None


x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
y = Cube.apply(x)
print(y.tolist(), y.requires_grad)
y.sum().backward()
print(x.grad.tolist())
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0])
z = ScaledAdd.apply(a, b, 0.5)
(z * z).sum().backward()
print(z.tolist(), a.grad.tolist(), b.grad is None)
print(z.grad_fn is not None)
