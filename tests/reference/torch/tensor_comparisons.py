# Elementwise comparisons give bool tensors; tensors stay usable in sets and dicts.
import torch

a = torch.tensor([1.0, 2.0, 3.0, 4.0])
b = torch.tensor([4.0, 2.0, 1.0, 4.0])
for name, t in (("==", a == b), ("!=", a != b), ("<", a < b), ("<=", a <= b), (">", a > b), (">=", a >= b),
                ("> 2", a > 2), ("2 < a", 2 < a), ("eq", a.eq(b)), ("ne", torch.ne(a, b)), ("lt", a.lt(3)),
                ("le", torch.le(a, b)), ("gt", a.gt(b)), ("ge", torch.ge(a, 2))):
    print(name, str(t.dtype), t.tolist())
print((a == b).sum().item(), (a > 1).float().mean().item())
seen = {a: "a", b: "b"}
print(seen[a], seen[b], len({a, b, a}))
print(any(t is b for t in [a, b]), [t is a for t in (a, b)])
