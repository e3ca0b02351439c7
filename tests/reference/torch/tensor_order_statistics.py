# Order statistics and summaries of everyday data analysis: median, mode, kthvalue, quantile
# (interpolations), std_mean/var_mean, histogram, plus unfold windows and repeat_interleave.
import numpy as np
import torch

rng = np.random.default_rng(21)
scores = torch.tensor(rng.normal(loc=70, scale=10, size=(4, 9)).round().astype(np.float32))
print(scores)
print(scores.median(), scores.median(dim=1))
print(torch.mode(torch.tensor([3, 1, 3, 2, 1, 3])), scores.kthvalue(3, dim=1).values)
q = torch.tensor([0.1, 0.5, 0.9])
print(torch.quantile(scores, q, dim=1))
for how in ("linear", "lower", "higher", "nearest", "midpoint"):
    print(how, torch.quantile(scores[0], 0.35, interpolation=how).item())
std, mean = torch.std_mean(scores, dim=0)
var, mean_all = torch.var_mean(scores, unbiased=False)
print(std, mean, var.item(), mean_all.item())
hist, edges = torch.histogram(scores.flatten(), bins=5)
print(hist, edges)
print(torch.histogram(scores.flatten(), bins=torch.tensor([40.0, 60.0, 70.0, 80.0, 100.0])).hist)

x = torch.tensor(rng.normal(size=(2, 5)).astype(np.float32), requires_grad=True)
robust = torch.quantile(x, 0.75, dim=1) - torch.quantile(x, 0.25, dim=1) + x.median()
robust.sum().backward()
print(robust, x.grad)

signal = torch.arange(10.0)
print(signal.unfold(0, 4, 3), signal.unfold(0, 3, 3).mean(dim=1))
print(torch.repeat_interleave(torch.tensor([1, 2, 3]), torch.tensor([2, 0, 1])))
print(torch.tensor([[1, 2]]).repeat_interleave(2, dim=0))
