# Indexing: ints, negative ints, slices with steps, None, Ellipsis, bool masks, index lists and tensors.
import torch

x = torch.arange(24).reshape(2, 3, 4)
print(x[1].tolist(), x[-1, -1].tolist(), x[0, 1, 2].item())
print(x[:, 1:, ::2].tolist())
print(tuple(x[None].shape), tuple(x[..., 0].shape), tuple(x[:, None, :, None].shape), tuple(x[0, ..., 1:3].shape))
print(x[x > 20].tolist(), x[0][torch.tensor([True, False, True])].tolist())
print(x[0, [0, 2]].tolist(), x[[0, 1], [1, 2]].tolist())
print(x[torch.tensor([1, 0])][:, 0, 0].tolist(), x[:, torch.tensor([2, 2])].shape)
print(x[1, :, torch.tensor([0, 3])].tolist())
i = torch.tensor(1)
print(x[i, i].tolist(), [10, 20, 30][torch.tensor(2)])
try:
    x[5]
except IndexError:
    print("index 5 out of range for dim 0 of size 2")
