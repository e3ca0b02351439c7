# A leaf tensor that requires grad keeps the flag through a file; a plain one does not get it.
import os
import tempfile

import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0])
path = os.path.join(tempfile.mkdtemp(), "flags.pt")
torch.save([a, b], path)
la, lb = torch.load(path)
print("a requires grad", la.requires_grad)
print("b requires grad", lb.requires_grad)
y = (la * la).sum()
y.backward()
print("grad", la.grad.tolist())
