# Creation functions and torch's dtype inference: ints -> int64, floats -> float32, bools -> bool.
import torch

for data in ([1, 2, 3], [1.5, 2.0], [True, False], 7, 2.5):
    t = torch.tensor(data)
    print(str(t.dtype), tuple(t.shape), t.tolist())
print(str(torch.zeros(2, 3).dtype), torch.zeros(2, 3).tolist())
print(str(torch.ones((2,), dtype=torch.int64).dtype), torch.ones((2,), dtype=torch.int64).tolist())
print(str(torch.full((2, 2), 7).dtype), torch.full((2, 2), 7).tolist())
print(str(torch.full((2,), 1.5).dtype), torch.full((2,), 1.5).tolist())
print(str(torch.arange(5).dtype), torch.arange(5).tolist())
print(str(torch.arange(0, 1, 0.25).dtype), torch.arange(0, 1, 0.25).tolist())
print(torch.arange(2, 10, 3).tolist())
print(str(torch.linspace(0, 1, 5).dtype), torch.linspace(0, 1, 5).tolist())
print(torch.eye(3).tolist(), torch.eye(2, 3).tolist())
e = torch.empty(2, 4)
print(tuple(e.shape), str(e.dtype))
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
for f in (torch.zeros_like, torch.ones_like):
    y = f(x)
    print(str(y.dtype), y.tolist())
print(torch.full_like(x, 3).tolist(), str(torch.empty_like(x).dtype))
print(str(torch.zeros(3, dtype=torch.float16).dtype), str(torch.tensor([1, 2], dtype=torch.int8).dtype))
print(str(torch.tensor([1, 2], dtype=torch.uint8).dtype), str(torch.tensor([1, 2], dtype=torch.int16).dtype))
print(torch.float32 == torch.float, torch.float64 == torch.double, torch.int64 == torch.long,
      torch.int32 == torch.int, torch.float16 == torch.half)
