# CrossEntropyLoss on class-index targets with each reduction: values and logit gradients.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

rng = np.random.default_rng(18)
samples = [(rng.normal(0, 1.5, 4).astype(np.float32), int(c)) for c in [3, 0, 1, 1, 2]]
logits_batch, labels = next(iter(DataLoader(samples, batch_size=5)))
logits_np = logits_batch.detach().numpy()
for reduction in ("mean", "sum", "none"):
    logits = torch.tensor(logits_np, requires_grad=True)
    loss = nn.CrossEntropyLoss(reduction=reduction)(logits, labels)
    loss.sum().backward()
    print(reduction, loss.detach().numpy().tolist())
    print("grad", np.asarray(logits.grad).tolist())
