"""The errors of ``ligero.save``/``ligero.load``: torch's exception classes, and ligero's."""

from __future__ import annotations

import pickle

from ligero.errors import DataFileError, UnsafeFileError


class UnsafeTorchFileError(UnsafeFileError, pickle.UnpicklingError):
    """A torch file whose pickle asks for a global that is not a tensor, a container or a number.

    An :class:`~ligero.errors.UnsafeFileError` and, like what ``torch.load(...,
    weights_only=True)`` raises, a :class:`pickle.UnpicklingError`.
    """


class DamagedTorchFileError(DataFileError, RuntimeError):
    """A torch file that is truncated or not in torch's format (torch raises RuntimeError there)."""


def damaged(where: str, why: str) -> DamagedTorchFileError:
    return DamagedTorchFileError(f"{where}: cannot load: {why}")


def refused(where: str, what: str) -> UnsafeTorchFileError:
    return UnsafeTorchFileError(
        f"{where}: refused to load: {what}; ligero loads only tensors, state dicts and plain data "
        "from torch files and never runs code from a file"
    )
