# torch's random functions after manual_seed: the values themselves, generators of their own, and how
# many draws each takes (the value drawn after each).
import torch

torch.manual_seed(42)
print("rand", [round(v, 6) for v in torch.rand(4).tolist()])
print("randn small", [round(v, 5) for v in torch.randn(3).tolist()])
print("randn large", [round(v, 5) for v in torch.randn(20)[:4].tolist()])
print("randint", torch.randint(0, 10, (8,)).tolist(), torch.randint(5, (2, 2)).tolist())
print("randperm", torch.randperm(10).tolist())
print("normal", [round(v, 5) for v in torch.normal(2.0, 0.5, size=(3,)).tolist()])
print("uniform_", [round(v, 5) for v in torch.empty(3).uniform_(-1, 1).tolist()])
print("random_", torch.empty(3, dtype=torch.int64).random_(100).tolist())
print("float64", [round(v, 8) for v in torch.randn(3, dtype=torch.float64).tolist()])
g = torch.Generator().manual_seed(7)
print("generator", [round(v, 6) for v in torch.rand(3, generator=g).tolist()], g.initial_seed())
print("default after", [round(v, 6) for v in torch.rand(2).tolist()], torch.initial_seed())
like = torch.zeros(2, 3)
print("like", torch.rand_like(like).shape, [round(v, 5) for v in torch.randn_like(like)[0].tolist()])
