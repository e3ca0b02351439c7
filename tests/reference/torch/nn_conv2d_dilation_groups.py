# Conv2d with dilation, with groups (and depthwise, groups = channels), and padding_mode='reflect'.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(30)
x = torch.tensor(rng.standard_normal((1, 4, 6, 6)).astype(np.float32))
layers = {
    "dilated": nn.Conv2d(4, 2, 3, dilation=2),
    "groups": nn.Conv2d(4, 6, 3, groups=2, padding=1),
    "depthwise": nn.Conv2d(4, 4, 3, groups=4, bias=False),
    "reflect": nn.Conv2d(4, 1, 3, padding=1, padding_mode="reflect"),
}
for name, layer in layers.items():
    layer.load_state_dict({k: torch.tensor(rng.uniform(-0.5, 0.5, tuple(v.shape)).astype(np.float32))
                           for k, v in layer.state_dict().items()})
    y = layer(x)
    (y * y).sum().backward()
    print(name, tuple(layer.weight.shape), tuple(y.shape), y.detach().numpy()[0, 0].tolist())
    print("grad", np.asarray(layer.weight.grad)[0, 0].tolist())
    print(layer)
