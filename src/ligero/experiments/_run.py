"""Plumbing shared by the experiments: registry, run configuration, run output.

An experiment is a function ``run(config: RunConfig) -> dict`` in a module of
:mod:`ligero.experiments`, registered under a name::

    from ligero.experiments import RunConfig, RunOutput, register

    @register("parity", help="P2 Ej7: N-bit parity with an N-N'-1 tanh network",
              options=[("--n", {"type": int, "default": 5, "help": "number of inputs N"})])
    def run(config: RunConfig) -> dict:
        n = config.extra["n"]
        epochs = config.epochs_or(1000)
        out = RunOutput(config)
        ...                                   # train; out.log_epoch(loss=..., accuracy=...)
        plotting.plot_history(history, out.figure("history.png"))
        out.final.update(accuracy=acc)
        return out.finish(report="Learned all 32 patterns.")

and listed, name -> module, in ``EXPERIMENTS`` (``ligero/experiments/__init__.py``).
Modules are imported only when their experiment is asked for, so ``ligero
list`` stays fast and one broken module does not break the others.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ligero._atomic import atomic_write
from ligero.errors import ConfigError, LigeroError

# ---------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------


@dataclass
class RunConfig:
    """The options every experiment understands (``ligero run NAME ...``).

    Attributes:
        name: the experiment's registered name.
        out: directory for ``metrics.json``, ``report.md`` and figures
            (default ``runs/<name>``).
        seed: seed of every random choice.
        epochs: number of epochs; ``None`` means the experiment's own default
            (use :meth:`epochs_or`).
        data_dir: where to look for data sets (``None``: the experiment's default).
        quick: tiny data and few epochs, for tests and smoke runs.
        quiet: print nothing but errors.
        extra: the experiment-specific options declared in :func:`register`,
            by their argparse ``dest`` (``--hidden-units`` -> ``hidden_units``).
    """

    name: str = "experiment"
    out: Path | None = None
    seed: int = 0
    epochs: int | None = None
    data_dir: Path | None = None
    quick: bool = False
    quiet: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.out = Path("runs") / self.name if self.out is None else Path(self.out)
        if self.data_dir is not None:
            self.data_dir = Path(self.data_dir)
        if self.epochs is not None and self.epochs < 1:
            raise ConfigError(f"epochs must be at least 1, got {self.epochs}")

    def epochs_or(self, default: int) -> int:
        """``epochs`` if given, else ``default``."""
        return default if self.epochs is None else int(self.epochs)

    def get(self, key: str, default: Any = None) -> Any:
        """An experiment-specific option, or ``default`` if it was not declared/given."""
        value = self.extra.get(key)
        return default if value is None else value

    def rng(self, offset: int = 0) -> np.random.Generator:
        """A NumPy generator seeded by ``seed + offset``."""
        return np.random.default_rng(self.seed + offset)

    def to_dict(self) -> dict[str, Any]:
        """The configuration as plain JSON-able values."""
        return to_jsonable(dataclasses.asdict(self))


# ---------------------------------------------------------------------------
# registry
# ---------------------------------------------------------------------------

RunFunction = Callable[[RunConfig], Mapping[str, Any]]
Option = tuple[str | Sequence[str], Mapping[str, Any]]

_COMMON_DESTS = {"name", "out", "seed", "epochs", "data_dir", "quick", "quiet", "help", "debug"}


@dataclass(frozen=True)
class Experiment:
    """A registered experiment: its name, one-line help, extra CLI options and function."""

    name: str
    func: RunFunction
    help: str = ""
    options: tuple[Option, ...] = ()
    module: str = ""

    def __call__(self, config: RunConfig) -> Mapping[str, Any]:
        return self.func(config)

    def defaults(self) -> dict[str, Any]:
        """The default value of each extra option, by ``dest`` (what ``RunConfig.extra`` holds)."""
        out = {}
        for flags, kwargs in self.options:
            implicit = {"store_true": False, "store_false": True}.get(kwargs.get("action"))
            out[kwargs.get("dest", option_dest(flags))] = kwargs.get("default", implicit)
        return out


#: the option of the experiments that train many networks (a study over seeds or options)
WORKERS_OPTION: Option = ("--workers", {"type": int, "default": 1,
                                        "help": "parallel trainings for the study (local processes; default 1)"})


def backend(config: RunConfig) -> str:
    """The sweep backend of an experiment's study: in this process for one worker, else local processes."""
    return "serial" if int(config.get("workers", 1) or 1) <= 1 else "loky"


_REGISTRY: dict[str, Experiment] = {}


class UnknownExperimentError(ConfigError):
    """An experiment name that is not in the table (the CLI exits with code 2)."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = sorted(known)
        super().__init__(
            f"unknown experiment {name!r}; known experiments: {', '.join(self.known)} "
            "(see `ligero list`)"
        )


class ExperimentUnavailableError(LigeroError, ImportError):
    """An experiment in the table whose module cannot be imported (yet)."""


def option_dest(flags: str | Sequence[str]) -> str:
    """The argparse ``dest`` of an option: ``--hidden-units`` -> ``hidden_units``."""
    if isinstance(flags, str):
        flags = (flags,)
    long = next((f for f in flags if f.startswith("--")), flags[0])
    return long.lstrip("-").replace("-", "_")


def register(
    name: str,
    help: str = "",  # noqa: A002 - argparse's word
    options: Iterable[Option] = (),
) -> Callable[[RunFunction], RunFunction]:
    """Decorator: register ``func(config: RunConfig) -> dict`` as experiment ``name``.

    ``help`` is the one line ``ligero list`` shows. ``options`` are extra
    command-line options, each ``(flags, argparse_kwargs)``, e.g.
    ``("--n", {"type": int, "default": 5, "help": "number of inputs"})``; their
    values reach the experiment as ``config.extra[dest]``. Give every option a
    ``default`` so a call from Python without it still works. One function may
    carry several ``@register`` lines (one per name).
    """
    opts = tuple((flags, dict(kwargs)) for flags, kwargs in options)
    for flags, kwargs in opts:
        dest = kwargs.get("dest", option_dest(flags))
        if dest in _COMMON_DESTS:
            raise ConfigError(f"experiment {name!r}: option {flags!r} clashes with a common option")

    def decorator(func: RunFunction) -> RunFunction:
        _REGISTRY[name] = Experiment(name, func, help.strip(), opts, func.__module__)
        return func

    return decorator


def _table() -> dict[str, str]:
    from ligero.experiments import EXPERIMENTS

    return EXPERIMENTS


def names() -> list[str]:
    """Every known experiment name, in table order (no module is imported)."""
    table = _table()
    return list(table) + sorted(n for n in _REGISTRY if n not in table)


def get(name: str) -> Experiment:
    """The experiment registered as ``name``, importing its module on first use.

    Raises :class:`UnknownExperimentError` for a name not in the table and
    :class:`ExperimentUnavailableError` if its module fails to import.
    """
    if name in _REGISTRY:
        return _REGISTRY[name]
    table = _table()
    if name not in table:
        raise UnknownExperimentError(name, names())
    module = table[name]
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise ExperimentUnavailableError(
                f"experiment {name!r} is not available: its module {module} does not exist yet"
            ) from exc
        raise ExperimentUnavailableError(
            f"experiment {name!r} is not available: importing {module} failed: {exc}"
        ) from exc
    except LigeroError:
        raise
    except Exception as exc:
        raise ExperimentUnavailableError(
            f"experiment {name!r} is not available: importing {module} failed: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if name not in _REGISTRY:
        raise ExperimentUnavailableError(
            f"experiment {name!r}: module {module} was imported but has no @register({name!r}, ...)"
        )
    return _REGISTRY[name]


def run(name: str, config: RunConfig | None = None, **overrides: Any) -> dict[str, Any]:
    """Run experiment ``name`` from Python: ``run("perceptron", out="runs/p1", quiet=True)``.

    Keyword arguments that are not :class:`RunConfig` fields go to ``extra``;
    missing extra options take their declared defaults.
    """
    experiment = get(name)
    fields = {f.name for f in dataclasses.fields(RunConfig)}
    common = {k: v for k, v in overrides.items() if k in fields}
    extra = {k: v for k, v in overrides.items() if k not in fields}
    if config is None:
        config = RunConfig(name=name, **common)
    elif common:
        config = dataclasses.replace(config, **common)
    config.extra = {**experiment.defaults(), **config.extra, **extra}
    return dict(experiment(config))


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------


def to_jsonable(obj: Any) -> Any:
    """``obj`` with NumPy scalars/arrays, Paths, tuples and sets made JSON-able.

    Non-finite floats (NaN, ±inf) become ``None`` (JSON has no NaN).
    """
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        return to_jsonable(obj.item())
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Path):
        return obj.as_posix()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return to_jsonable(dataclasses.asdict(obj))
    if hasattr(obj, "tolist"):  # e.g. a Tensor
        return to_jsonable(obj.tolist())
    if obj is None or isinstance(obj, (str, int, bool)):
        return obj
    return str(obj)


def write_json(path: str | os.PathLike, obj: Any) -> Path:
    """Write ``obj`` as indented JSON (see :func:`to_jsonable`), atomically."""
    text = json.dumps(to_jsonable(obj), indent=2, allow_nan=False) + "\n"
    return _write_text(Path(path), text)


def _write_text(path: Path, text: str) -> Path:
    with atomic_write(path, "w") as fh:
        fh.write(text)
    return path


def markdown_table(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub-flavoured Markdown table."""
    head = "| " + " | ".join(str(h) for h in headers) + " |"
    rule = "|" + "|".join("---" for _ in headers) + "|"
    body = ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def text_table(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A plain-text table with aligned columns (for the terminal)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class RunOutput:
    """Collects what a run produces and writes it into ``config.out``.

    ``history`` (Keras names: ``loss``, ``accuracy``, ``val_loss``,
    ``val_accuracy`` ...; one value per epoch), ``final`` (final metrics or
    results) and the figures go into ``metrics.json`` together with the
    config; :meth:`finish` writes it and ``report.md``.
    """

    def __init__(self, config: RunConfig, title: str | None = None) -> None:
        self.config = config
        self.dir = Path(config.out)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.title = title
        self.history: dict[str, list[float]] = {}
        self.final: dict[str, Any] = {}
        self.figures: list[str] = []
        self.sections: dict[str, Any] = {}
        self._started = time.perf_counter()

    # --------------------------------------------------------------- printing
    def print(self, *args: Any, **kwargs: Any) -> None:
        """``print`` unless the run is quiet."""
        if not self.config.quiet:
            print(*args, **kwargs, flush=True)

    # ---------------------------------------------------------------- history
    def log_epoch(self, **metrics: Any) -> None:
        """Append one epoch's metrics: ``out.log_epoch(loss=0.3, accuracy=0.9)``."""
        for key, value in metrics.items():
            self.history.setdefault(key, []).append(_number(value))

    def set_history(self, history: Any) -> None:
        """Take the whole history from a Keras-like ``History`` (``.history``) or a dict."""
        data = getattr(history, "history", history)
        self.history = {str(k): [_number(v) for v in vals] for k, vals in dict(data).items()}

    # ---------------------------------------------------------------- figures
    def figure(self, filename: str) -> Path:
        """The path for figure ``filename`` inside the run directory, recorded in ``figures``."""
        path = self.dir / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        rel = path.relative_to(self.dir).as_posix()
        if rel not in self.figures:
            self.figures.append(rel)
        return path

    def add_figure(self, path: str | os.PathLike) -> Path:
        """Record a figure already written (inside the run directory or not)."""
        path = Path(path)
        try:
            rel = path.resolve().relative_to(self.dir.resolve()).as_posix()
        except ValueError:
            rel = path.as_posix()
        if rel not in self.figures:
            self.figures.append(rel)
        return path

    # ---------------------------------------------------------------- writing
    def path(self, filename: str) -> Path:
        """Any other file inside the run directory (a saved model, predictions...)."""
        return self.dir / filename

    def metrics(self) -> dict[str, Any]:
        """The content of ``metrics.json``."""
        from ligero import __version__

        return to_jsonable(
            {
                "experiment": self.config.name,
                "ligero_version": __version__,
                "config": self.config.to_dict(),
                "history": self.history,
                "final": self.final,
                **self.sections,
                "figures": self.figures,
                "elapsed_s": round(time.perf_counter() - self._started, 3),
            }
        )

    def write_metrics(self) -> Path:
        return write_json(self.dir / "metrics.json", self.metrics())

    def write_report(self, body: str = "") -> Path:
        """Write ``report.md``: title, ``body`` (Markdown), final values, figures, config."""
        title = self.title or self.config.name
        parts = [f"# {title}", ""]
        if body:
            parts += [body.strip(), ""]
        flat = {k: v for k, v in self.final.items() if not isinstance(v, (Mapping, list, tuple))}
        if flat:
            rows = [(k, _fmt(v)) for k, v in flat.items()]
            parts += ["## Final", "", markdown_table(["metric", "value"], rows), ""]
        if self.figures:
            parts += ["## Figures", ""]
            parts += [f"![{Path(f).stem}]({f})" for f in self.figures]
            parts.append("")
        cfg = self.config.to_dict()
        extra = cfg.pop("extra", {}) or {}
        cfg.update(extra)
        parts += [
            "## Configuration",
            "",
            markdown_table(["option", "value"], [(k, _fmt(v)) for k, v in cfg.items()]),
            "",
            f"Command: `ligero run {self.config.name}`; full values in `metrics.json`.",
            "",
        ]
        return _write_text(self.dir / "report.md", "\n".join(parts))

    def finish(self, report: str = "", **sections: Any) -> dict[str, Any]:
        """Write ``metrics.json`` and ``report.md``; return the metrics dict.

        Extra keyword arguments become top-level sections of ``metrics.json``.
        """
        self.sections.update(sections)
        self.write_metrics()
        self.write_report(report)
        return self.metrics()


def _number(value: Any) -> Any:
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        return value.item()
    return value


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)
