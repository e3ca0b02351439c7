# torch's type promotion between tensors and Python numbers.
import torch

i64 = torch.tensor([1, 2, 3])
i32 = torch.tensor([1, 2, 3], dtype=torch.int32)
f32 = torch.tensor([1.0, 2.0, 3.0])
f64 = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
b = torch.tensor([True, False, True])
cases = {
    "int64 + 1.5": i64 + 1.5,
    "int64 * 2": i64 * 2,
    "int32 * 2": i32 * 2,
    "int64 + int32": i64 + i32,
    "float32 + float64": f32 + f64,
    "float32 * 2.5": f32 * 2.5,
    "float32 + int64": f32 + i64,
    "int64 / int64": i64 / i64,
    "int32 / 2": i32 / 2,
    "bool + 1": b + 1,
    "bool + int32": b + i32,
    "float32 + 0-d float64": f32 + torch.tensor(2.0, dtype=torch.float64),
    "int32 + 0-d int64": i32 + torch.tensor(5),
    "int64 + 0-d float64": i64 + torch.tensor(0.5, dtype=torch.float64),
    "2 ** int64": 2 ** i64,
    "float32 ** 2": f32 ** 2,
}
for name, t in cases.items():
    print(name, str(t.dtype), t.tolist())
