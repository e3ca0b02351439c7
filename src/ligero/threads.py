"""How many threads NumPy's BLAS uses for ligero's matrix products (via threadpoolctl).

ligero leaves BLAS at its default (every core) because that is fastest for the
course's sizes on a machine to itself: one CIFAR-10 3072-100-10 step at batch 32
spends about 310 µs in its matrix products on two threads against 480 µs on
one, and a network as small as XNOR's never reaches BLAS's threading threshold
(docs/performance.md). On a machine shared with other jobs, OpenBLAS threads
that wait for a busy core can make training many times slower: then limit them,
as ``torch.set_num_threads`` does for PyTorch::

    ligero.set_num_threads(1)            # for the rest of the process
    with ligero.threads.blas_threads(1):  # for a block
        model.fit(x, y)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from threadpoolctl import threadpool_info, threadpool_limits

from ligero.errors import ConfigError


def set_num_threads(n: int) -> None:
    """Limit BLAS to ``n`` threads from now on (``n >= 1``)."""
    threadpool_limits(limits=_count(n), user_api="blas")


def get_num_threads() -> int:
    """The number of threads BLAS uses now (the largest over the BLAS libraries loaded)."""
    counts = [info["num_threads"] for info in threadpool_info() if info.get("user_api") == "blas"]
    return max(counts, default=1)


@contextlib.contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Limit BLAS to ``n`` threads inside the block (no limit for ``None`` or 0)."""
    if not n:
        yield
        return
    with threadpool_limits(limits=_count(n), user_api="blas"):
        yield


def _count(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ConfigError(f"the number of BLAS threads must be an integer >= 1, got {n!r}")
    return n
