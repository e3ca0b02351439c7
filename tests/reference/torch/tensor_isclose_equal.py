# isclose, allclose (rtol/atol) and equal (same shape and values).
import torch

a = torch.tensor([1.0, 2.0, 3.0])
b = torch.tensor([1.0, 2.00001, 3.1])
print(torch.isclose(a, b).tolist(), a.isclose(b, atol=0.2).tolist())
print(torch.allclose(a, b), torch.allclose(a, b, atol=0.2), a.allclose(a))
print(torch.equal(a, a.clone()), torch.equal(a, b), torch.equal(a, a[:2]), a.equal(a))
n = torch.tensor([float("nan"), 1.0])
print(torch.isclose(n, n).tolist(), torch.isclose(n, n, equal_nan=True).tolist(), torch.isnan(n).tolist())
