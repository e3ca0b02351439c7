# item(), tolist(), numpy(), float(), int(), bool() and their errors for several elements.
import torch

s = torch.tensor([[2.5]])
print(s.item(), float(s), int(s), bool(s), type(s.item()).__name__)
i = torch.tensor(7)
print(i.item(), type(i.item()).__name__, int(i) + 1)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
print(x.tolist(), x.numpy().tolist(), x[1].tolist(), x[1, 0].item())
print(bool(torch.tensor([0.0])), bool(torch.tensor(True)))
for convert in (float, int, bool, lambda t: t.item()):
    try:
        convert(x)
        print("no error")
    except (RuntimeError, TypeError, ValueError):
        print("error for a tensor of", x.numel(), "elements")
