# The keys and shapes of a small CNN's state_dict (parameters, then buffers, module by module).
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1),
    nn.BatchNorm2d(8),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(8 * 4 * 4, 10),
)
for key, value in model.state_dict().items():
    print(key, tuple(value.shape))
print("parameters", [name for name, _ in model.named_parameters()])
print("buffers", [name for name, _ in model.named_buffers()])
