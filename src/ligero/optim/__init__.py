"""``ligero.optim``: the PyTorch face of the optimizers (``torch.optim``), over ligero's update rules."""
