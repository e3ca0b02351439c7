# The losses of probabilistic and metric-learning tutorials: GaussianNLLLoss (var per element and per
# sample, full), PoissonNLLLoss (log_input both ways, full), TripletMarginLoss (swap, p=1),
# MultiLabelSoftMarginLoss (weight), with their gradients; fixed NumPy inputs.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(21)
x = torch.from_numpy(rng.standard_normal((4, 3))).requires_grad_()
y = torch.from_numpy(rng.standard_normal((4, 3)))
var = torch.from_numpy(rng.random((4, 3)) + 1e-7).requires_grad_()
for loss_fn, args in ((nn.GaussianNLLLoss(), (x, y, var)),
                      (nn.GaussianNLLLoss(full=True, reduction="sum"), (x, y, var)),
                      (nn.GaussianNLLLoss(reduction="none"), (x, y, torch.from_numpy(rng.random((4, 1)))))):
    value = loss_fn(*args)
    value.sum().backward()
    print(np.round(value.detach().numpy(), 6).tolist(), np.round(x.grad.numpy()[0], 6).tolist())
    x.grad = None
print(np.round(var.grad.numpy()[1], 6).tolist())
counts = torch.from_numpy(rng.integers(0, 5, (4, 3)).astype(np.float64))
for loss_fn in (nn.PoissonNLLLoss(), nn.PoissonNLLLoss(log_input=False), nn.PoissonNLLLoss(full=True)):
    inp = (x.abs() + 0.1) if not loss_fn.log_input else x
    value = loss_fn(inp, counts)
    value.backward()
    print(round(value.item(), 6), np.round(x.grad.numpy()[2], 6).tolist())
    x.grad = None
a, p, n = (torch.from_numpy(rng.standard_normal((5, 4))).requires_grad_() for _ in range(3))
for loss_fn in (nn.TripletMarginLoss(), nn.TripletMarginLoss(margin=0.5, p=1, swap=True)):
    value = loss_fn(a, p, n)
    value.backward()
    print(round(value.item(), 6), np.round(a.grad.numpy()[0], 6).tolist())
    a.grad = None
labels = torch.from_numpy((rng.random((4, 3)) > 0.5).astype(np.float64))
for loss_fn in (nn.MultiLabelSoftMarginLoss(), nn.MultiLabelSoftMarginLoss(weight=torch.tensor([1.0, 2.0, 0.5],
                                                                                                dtype=torch.float64))):
    value = loss_fn(x, labels)
    value.backward()
    print(round(value.item(), 6), np.round(x.grad.numpy()[3], 6).tolist())
    x.grad = None
