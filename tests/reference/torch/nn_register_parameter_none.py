# Parameters set to None (bias=False, register_parameter(name, None)) are left out of parameters and state_dict.
import torch.nn as nn


class Scale(nn.Module):
    def __init__(self, shift):
        super().__init__()
        self.weight = nn.Linear(3, 3, bias=False).weight
        if shift:
            self.shift = nn.Linear(1, 3).bias
        else:
            self.register_parameter("shift", None)


for shift in (True, False):
    m = Scale(shift)
    print(shift, [name for name, _ in m.named_parameters()], list(m.state_dict().keys()), m.shift is None)
conv = nn.Conv2d(1, 2, 3, bias=False)
print(conv.bias is None, list(conv.state_dict().keys()))
ln = nn.LayerNorm(4, elementwise_affine=False)
print(list(ln.state_dict().keys()), ln.weight is None)
bn = nn.BatchNorm1d(3, affine=False, track_running_stats=False)
print(list(bn.state_dict().keys()), bn.running_mean is None)
