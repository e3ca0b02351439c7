"""Where the runs of a sweep execute: in this process, on local processes, or on a cluster.

Every backend has one job: ``map_unordered(task, items)`` calls ``task(item)``
for every item somewhere and yields the results as they finish, in any order.

- ``serial``: one after another in this process (for debugging and tiny sweeps);
- ``loky`` (default): local worker processes through joblib, each with one BLAS
  thread, so that ``workers`` trainings share the cores without oversubscribing them;
- ``dask``: a Dask distributed cluster at ``address`` (``tcp://host:8786``), or a
  ``LocalCluster`` of ``workers`` single-threaded processes when none is given;
- ``ray``: a Ray cluster at ``address`` (``ray://host:10001`` or ``auto``), or a
  local Ray with ``workers`` CPUs.

Dask and Ray are optional extras (``pip install ligero[dask]``, ``ligero[ray]``).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ligero.errors import ConfigError

BACKENDS = ("serial", "loky", "dask", "ray")


def default_workers() -> int:
    """One worker per usable core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def map_unordered(
    task: Callable[[Any], Any], items: Iterable[Any], backend: str = "loky",
    workers: int | None = None, address: str | None = None,
) -> Iterator[Any]:
    """``task(item)`` for every item on ``backend``, yielded as each finishes."""
    items = list(items)
    if not items:
        return iter(())
    workers = default_workers() if workers is None else int(workers)
    if workers < 1:
        raise ConfigError(f"sweep: workers must be at least 1, got {workers}")
    if backend == "serial":
        return (task(item) for item in items)
    if backend == "loky":
        return _loky(task, items, workers)
    if backend == "dask":
        return _dask(task, items, workers, address)
    if backend == "ray":
        return _ray(task, items, workers, address)
    raise ConfigError(f"sweep: unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def _loky(task: Callable[[Any], Any], items: list[Any], workers: int) -> Iterator[Any]:
    from joblib import Parallel, delayed, parallel_config

    with parallel_config(backend="loky", inner_max_num_threads=1):
        parallel = Parallel(n_jobs=min(workers, len(items)), return_as="generator_unordered")
        yield from parallel(delayed(task)(item) for item in items)


def _require(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is None or module.split(".")[0] != exc.name.split(".")[0]:
            raise
        raise ConfigError(
            f"sweep: the {extra} backend needs {extra}, which is not installed: pip install 'ligero[{extra}]'"
        ) from None


def _dask(task: Callable[[Any], Any], items: list[Any], workers: int, address: str | None) -> Iterator[Any]:
    distributed = _require("dask.distributed", "dask")
    if address:
        client, cluster = distributed.Client(address), None
    else:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
        client = distributed.Client(cluster)
    try:
        futures = [client.submit(task, item, pure=False) for item in items]
        for future in distributed.as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _ray(task: Callable[[Any], Any], items: list[Any], workers: int, address: str | None) -> Iterator[Any]:
    ray = _require("ray", "ray")
    started = not ray.is_initialized()
    if started:
        options = {"address": address} if address else {"num_cpus": workers}
        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False, **options)
    try:
        remote = ray.remote(num_cpus=1)(task)
        pending = [remote.remote(item) for item in items]
        while pending:
            finished, pending = ray.wait(pending, num_returns=1)
            yield ray.get(finished[0])
    finally:
        if started:
            ray.shutdown()
