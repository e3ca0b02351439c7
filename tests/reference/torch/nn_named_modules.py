# named_modules, named_children and modules walk a nested model depth first, each module once.
import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 4)
        self.act = nn.GELU()


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block1 = Block()
        self.block2 = Block()
        self.shared = self.block1.act
        self.head = nn.Sequential(nn.Linear(4, 2), nn.Sigmoid())


net = Net()
for name, module in net.named_modules():
    print(repr(name), type(module).__name__)
print([name for name, _ in net.named_children()])
print(len(list(net.modules())), len(list(net.children())))
print([name for name, _ in net.named_parameters()])
