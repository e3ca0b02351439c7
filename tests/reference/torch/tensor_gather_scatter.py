# gather, scatter (src tensor or value), scatter_add and their in-place forms.
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
idx = torch.tensor([[2, 0], [1, 1]])
print(x.gather(1, idx).tolist(), torch.gather(x, 0, torch.tensor([[1, 0, 1]])).tolist())
z = torch.zeros(2, 4)
src = torch.tensor([[10.0, 20.0], [30.0, 40.0]])
print(z.scatter(1, torch.tensor([[0, 3], [1, 2]]), src).tolist())
print(z.scatter(1, torch.tensor([[1], [2]]), 7.0).tolist())
print(torch.zeros(3).scatter_add(0, torch.tensor([0, 2, 0, 1]), torch.tensor([1.0, 2.0, 3.0, 4.0])).tolist())
w = torch.zeros(2, 3)
w.scatter_(1, torch.tensor([[2], [0]]), 1.0)
print(w.tolist())
w.scatter_add_(0, torch.tensor([[1, 1, 1]]), torch.tensor([[5.0, 6.0, 7.0]]))
print(w.tolist())
labels = torch.tensor([2, 0, 1])
print(torch.zeros(3, 3).scatter_(1, labels.unsqueeze(1), 1.0).tolist())
