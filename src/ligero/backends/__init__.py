"""``torch.backends`` as a CPU-only torch answers it: ``mps.is_available()`` and ``cuda.is_built()`` are
False, and ``cudnn``'s flags (``benchmark``, ``deterministic``, ``enabled``) can be read and set (they
change nothing: NumPy's results are deterministic)."""

from __future__ import annotations

from types import SimpleNamespace

__all__ = ["cuda", "cudnn", "mps"]

mps = SimpleNamespace(is_available=lambda: False, is_built=lambda: False)
cuda = SimpleNamespace(is_built=lambda: False)
cudnn = SimpleNamespace(benchmark=False, deterministic=False, enabled=True, is_available=lambda: False,
                        version=lambda: None)
