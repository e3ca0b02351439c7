# Old-tutorial tensor types: torch.FloatTensor(...), torch.LongTensor(...), isinstance checks, .type(),
# and torch.set_default_tensor_type (restored at the end).
import torch

a = torch.FloatTensor([[1, 2], [3, 4]])
b = torch.LongTensor([0, 1, 1])
c = torch.FloatTensor(2, 3)
print(a, a.dtype, b, b.dtype, c.shape, c.dtype)
print(isinstance(a, torch.FloatTensor), isinstance(a, torch.DoubleTensor), isinstance(b, torch.LongTensor))
print(a.type(), b.type(), a.type(torch.DoubleTensor).dtype, b.type("torch.FloatTensor"))
print(torch.ByteTensor([1, 0, 2]).dtype, torch.BoolTensor([True, False]), torch.IntTensor([7]).dtype)

torch.set_default_tensor_type(torch.DoubleTensor)
print(torch.get_default_dtype(), torch.zeros(2).dtype, torch.tensor([0.5]).dtype, torch.nn.Linear(2, 2).weight.dtype)
x = torch.randn(3).abs() + 1
print(x.dtype, (x * 2.5).dtype, torch.arange(0.0, 1.0, 0.25))
torch.set_default_tensor_type("torch.FloatTensor")
print(torch.get_default_dtype(), torch.ones(1).dtype)
