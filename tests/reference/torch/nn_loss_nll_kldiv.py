# NLLLoss on log_softmax outputs and KLDivLoss (batchmean, log_target) between distributions.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader

rng = np.random.default_rng(21)
samples = [(rng.standard_normal(4).astype(np.float32), int(c)) for c in [1, 3, 0]]
x, y = next(iter(DataLoader(samples, batch_size=3)))
logits = torch.tensor(x.detach().numpy(), requires_grad=True)
log_probs = F.log_softmax(logits, dim=1)
nll = nn.NLLLoss()(log_probs, y)
nll.backward()
print("nll", nll.item(), np.asarray(logits.grad).tolist())
print("nll sum", nn.NLLLoss(reduction="sum")(log_probs, y).item())
target = torch.tensor(rng.dirichlet(np.ones(4), 3).astype(np.float32))
for reduction in ("batchmean", "sum", "mean", "none"):
    kl = nn.KLDivLoss(reduction=reduction)(log_probs, target)
    print("kl", reduction, kl.detach().numpy().tolist())
print("log_target", F.kl_div(log_probs, torch.log(target), reduction="batchmean", log_target=True).item())
