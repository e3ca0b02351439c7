# A custom autograd.Function that reads ctx.needs_input_grad, uses once_differentiable and mark_non_differentiable.
import torch
from torch.autograd.function import once_differentiable


class ScaledMul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b, scale):
        ctx.save_for_backward(a, b)
        ctx.scale = scale
        return a * b * scale

    @staticmethod
    @once_differentiable
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        print("  needs_input_grad", ctx.needs_input_grad)
        ga = grad * b * ctx.scale if ctx.needs_input_grad[0] else None
        gb = grad * a * ctx.scale if ctx.needs_input_grad[1] else None
        return ga, gb, None


class SortWithIndex(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        values, idx = torch.sort(x)
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(idx)
        return values, idx

    @staticmethod
    def backward(ctx, grad_values, grad_idx):
        (idx,) = ctx.saved_tensors
        grad = torch.zeros_like(grad_values)
        grad[idx] = grad_values
        return grad


a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = torch.tensor([4.0, 5.0, 6.0])
print("forward", ScaledMul.apply(a, b, 0.5).tolist())
ScaledMul.apply(a, b, 0.5).sum().backward()
print("grad a", a.grad.tolist(), "grad b", b.grad)
b.requires_grad_(True)
a.grad = None
ScaledMul.apply(a, b, 2.0).sum().backward()
print("grad a", a.grad.tolist(), "grad b", b.grad.tolist())
x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
values, idx = SortWithIndex.apply(x)
print("sorted", values.tolist(), idx.tolist(), values.requires_grad, idx.requires_grad)
(values * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print("grad x", x.grad.tolist())
