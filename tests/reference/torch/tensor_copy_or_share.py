# tensor() copies its data; as_tensor() and from_numpy() share the NumPy array's memory.
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])
copied = torch.tensor(a)
shared = torch.from_numpy(a)
also = torch.as_tensor(a)
a[0] = 100.0
print(copied.tolist(), shared.tolist(), also.tolist())
print(str(copied.dtype), str(shared.dtype), str(also.dtype))
shared[1] = -5.0
print(a.tolist())
i = np.array([1, 2], dtype=np.int32)
print(str(torch.from_numpy(i).dtype), str(torch.as_tensor(i, dtype=torch.float32).dtype))
t = torch.tensor([1.0, 2.0])
print(torch.as_tensor(t) is t)
print(np.asarray(t).tolist(), t.numpy().dtype.name)
