# index_select, masked_select, nonzero (and as_tuple), count_nonzero.
import torch

x = torch.tensor([[1.0, 0.0, 3.0], [0.0, 5.0, 6.0], [7.0, 8.0, 0.0]])
print(x.index_select(0, torch.tensor([2, 0])).tolist(), torch.index_select(x, 1, torch.tensor([1])).tolist())
print(x.masked_select(x > 4).tolist(), torch.masked_select(x, torch.tensor([True, False, True])).tolist())
print(x.nonzero().tolist(), str(x.nonzero().dtype))
print([t.tolist() for t in x.nonzero(as_tuple=True)], torch.nonzero(x[0]).tolist())
print(torch.count_nonzero(x).item(), x.count_nonzero(dim=0).tolist())
