"""``ligero.utils.data``: datasets and loaders, as ``torch.utils.data``."""
