"""``ligero.utils``: as ``torch.utils`` (``ligero.utils.data``)."""

from ligero.utils import data

__all__ = ["data"]
