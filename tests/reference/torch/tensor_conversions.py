# dtype conversions: .to(dtype), .float(), .long(), .type(dtype), .to("cpu").
import torch

x = torch.tensor([[1.7, -2.2], [0.0, 3.5]])
for t in (x.double(), x.long(), x.int(), x.bool(), x.half(), x.float(), x.to(torch.int16),
          x.type(torch.float64), x.to("cpu"), x.to(torch.float64).to(torch.float32)):
    print(str(t.dtype), t.tolist())
print(x.type(), x.long().type(), x.double().type())
print(x.to(torch.float32) is x, x.cpu() is x, x.contiguous() is x)
print(str(x.device), x.device == torch.device("cpu"), x.is_floating_point(), x.long().is_floating_point())
y = torch.tensor([1, 2, 3])
print(str(y.to(x).dtype), str(y.type_as(x).dtype), y.element_size(), x.element_size())
