# What tutorials write first: the device check (CPU here), torch.backends flags, machine limits of dtypes,
# and .contiguous() making a transposed tensor viewable.
import torch

device = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
print(device, torch.cuda.device_count(), torch.device(device))
torch.cuda.manual_seed_all(0)
torch.backends.cudnn.benchmark = True
torch.backends.cudnn.deterministic = True
print(torch.backends.cudnn.deterministic)
x = torch.ones(2, 3).to(device)
print(x.device, x.is_cuda)
print(torch.finfo(torch.float32).eps, torch.finfo(torch.float64).max, torch.finfo(torch.float32).tiny)
print(torch.finfo().bits, torch.finfo(torch.float16).eps, torch.iinfo(torch.int32).max, torch.iinfo(torch.int8).min)
print(torch.finfo(torch.float32).dtype, torch.iinfo(torch.int64).bits)
m = torch.arange(12.0).reshape(3, 4)
t = m.t()
print(t.is_contiguous(), t.contiguous().is_contiguous(), m.contiguous() is m)
print(t.contiguous().view(-1).tolist())
w = torch.arange(6.0, requires_grad=True)
y = w.reshape(2, 3).t().contiguous().view(-1)
(y * torch.arange(6.0)).sum().backward()
print(w.grad.tolist())
try:
    t.view(-1)
except RuntimeError as e:
    print("RuntimeError", "view size is not compatible" in str(e))
