# The per-op cost of small elementwise ops (issue 14: "no higher than torch's"): tensors of 100 float32,
# a chain of six (add, multiply by a number, ReLU, negate, exp, tanh), with and without autograd recording.
# Prints the median seconds per op.
import json
import sys
import time

import numpy as np
import torch

size, rounds = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
a = torch.from_numpy(rng.standard_normal(size, dtype=np.float32))
b = torch.from_numpy(rng.standard_normal(size, dtype=np.float32))
w = torch.from_numpy(rng.standard_normal(size, dtype=np.float32)).requires_grad_()
OPS_PER_CHAIN, CHAINS = 6, 1000


def chains(x):
    for _ in range(CHAINS):
        y = torch.tanh(torch.exp(-torch.relu((x + b) * 0.5)))
    return y


times = []
for r in range(rounds + 1):  # the first round warms up and is not timed
    start = time.perf_counter()
    chains(a)
    chains(w)  # the same ops recorded for backward
    if r:
        times.append((time.perf_counter() - start) / (2 * CHAINS * OPS_PER_CHAIN))
print(json.dumps({"seconds_per_epoch": float(np.median(times)), "value": float(chains(a).sum())}))
