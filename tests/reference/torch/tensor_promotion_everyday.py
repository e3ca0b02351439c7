# dtype promotion in everyday code: int tensors with Python floats, true and floor division, bool arithmetic,
# comparisons, accuracy as (pred == y).float().mean(), int mean raising, sum of bools, mixed int/float tensors.
import torch

i = torch.tensor([1, 2, 3])
f = torch.tensor([0.5, 1.5, 2.5])
b = torch.tensor([True, False, True])
for name, t in [("i*2", i * 2), ("i*2.0", i * 2.0), ("i/2", i / 2), ("i//2", i // 2), ("i%2", i % 2),
                ("i+f", i + f), ("i**2", i ** 2), ("i**0.5", i ** 0.5), ("2**i", 2 ** i), ("b+b", b + b),
                ("b*i", b * i), ("b*1.5", b * 1.5), ("b.sum()", b.sum()), ("-i", -i), ("i>1", i > 1),
                ("i==f", i == f), ("i.float()", i.float()), ("f.long()", f.long()), ("f.int()", f.int()),
                ("i.double()+f", i.double() + f), ("torch.tensor(2)*f", torch.tensor(2) * f),
                ("torch.tensor(2.)*i", torch.tensor(2.) * i), ("f.to(torch.int64)", f.to(torch.int64)),
                ("i.to(f)", i.to(f)), ("i.type(torch.float)", i.type(torch.float)), ("b.int()", b.int()),
                ("i.bool()", i.bool()), ("(i>1)&b", (i > 1) & b), ("b|~b", b | ~b), ("i.sum()", i.sum()),
                ("i.prod()", i.prod()), ("i.cumsum(0)", i.cumsum(0)), ("f.round()", f.round()),
                ("torch.div(i,2,rounding_mode='floor')", torch.div(i, 2, rounding_mode="floor")),
                ("torch.div(-i,2,rounding_mode='trunc')", torch.div(-i, 2, rounding_mode="trunc")),
                ("i.float().mean()", i.float().mean()), ("torch.true_divide(i,i)", torch.true_divide(i, i))]:
    print(name, t.dtype, t.tolist())
pred = torch.tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
y = torch.tensor([1, 0, 0])
print((pred.argmax(1) == y).float().mean().item(), (pred.argmax(dim=1) == y).sum().item(),
      (pred.argmax(1) == y).type(torch.float).sum().item(), (pred.argmax(1) == y).sum().dtype)
try:
    i.mean()
except RuntimeError:
    print("mean of int raises")
print(i.mean(dtype=torch.float32).item(), i.float().std().item(), torch.mean(i.float()).item())
i2 = i.clone()
i2 += 1
print(i2.tolist(), i2.dtype)
try:
    i2 += 0.5
    print(i2)
except RuntimeError:
    print("int += float raises")
f2 = f.clone()
f2 += i
print(f2.tolist(), f2.dtype)
print(torch.tensor([1, 2], dtype=torch.int32) + torch.tensor([1, 2]), torch.tensor([1], dtype=torch.uint8) + 1)
print((torch.tensor([1.0], dtype=torch.float64) + torch.tensor([1.0])).dtype,
      (torch.tensor(1.0, dtype=torch.float64) + torch.tensor([1.0])).dtype)
print(torch.tensor(5) // 2, torch.tensor(5.0) // 2, torch.tensor(-5) % 3, torch.tensor(-5.0) % 3)
