"""The ``ligero`` command.

    ligero list                               the experiments and what each does
    ligero run NAME [--out DIR] [--seed S] [--epochs N] [--data-dir D] [--quick]
                    [experiment options]      run one (``ligero run NAME --help``)
    ligero evaluate MODEL --data FILE         test a saved model on a data file
    ligero --version

Exit codes: 0 success, 1 a ligero error (printed as one ``error: ...`` line;
``--debug`` shows the traceback), 2 bad usage or unknown experiment, 130
interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ligero import __version__
from ligero.errors import LigeroError

EXIT_ERROR = 1
EXIT_USAGE = 2


def _add_common_run_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup,
                            suppress: bool = False) -> None:
    """The options every experiment takes (``suppress``: no defaults, for help display)."""
    def d(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument("--out", "-o", type=Path, default=d(None), metavar="DIR",
                        help="output directory (default: runs/NAME)")
    parser.add_argument("--seed", type=int, default=d(0), metavar="S", help="random seed (default: 0)")
    parser.add_argument("--epochs", type=int, default=d(None), metavar="N",
                        help="number of epochs (default: the experiment's)")
    parser.add_argument("--data-dir", "--data", dest="data_dir", type=Path, default=d(None), metavar="D",
                        help="directory or file with the data set (default: the experiment's)")
    parser.add_argument("--quick", action="store_true", default=d(False),
                        help="tiny data and few epochs (smoke test)")
    parser.add_argument("--quiet", "-q", action="store_true", default=d(False),
                        help="print nothing but errors")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ligero",
        description="ligero: a small deep-learning framework on NumPy. Run the course experiments.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"ligero {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("list", help="list the experiments", allow_abbrev=False)

    run = sub.add_parser(
        "run", help="run an experiment (ligero run NAME --help for its options)",
        add_help=False, allow_abbrev=False,
    )
    run.add_argument("name", nargs="?", metavar="NAME", help="experiment name (see `ligero list`)")
    _add_common_run_options(run)
    run.add_argument("-h", "--help", action="store_true", help="show this help (with NAME: its options)")

    ev = sub.add_parser("evaluate", help="evaluate a saved model on a data file", allow_abbrev=False)
    ev.add_argument("model", type=Path, metavar="MODEL", help="saved model file")
    ev.add_argument("--data", "--data-dir", dest="data", type=Path, default=None, metavar="FILE",
                    help="data file to evaluate on")
    ev.add_argument("--out", "-o", type=Path, default=None, metavar="DIR",
                    help="directory for figures/report (optional)")
    return parser


def _experiment_parser(experiment: object) -> argparse.ArgumentParser:
    """``ligero run NAME`` with the common options (for help) and the experiment's own."""
    name = experiment.name  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(
        prog=f"ligero run {name}", description=experiment.help or None,  # type: ignore[attr-defined]
        allow_abbrev=False,
    )
    _add_common_run_options(parser.add_argument_group("common options"), suppress=True)
    options = experiment.options  # type: ignore[attr-defined]
    if options:
        group = parser.add_argument_group(f"options of {name}")
        for flags, kwargs in options:
            flags = (flags,) if isinstance(flags, str) else tuple(flags)
            group.add_argument(*flags, **kwargs)
    return parser


def _cmd_list() -> int:
    from ligero import experiments

    rows = []
    for name in experiments.names():
        try:
            rows.append((name, experiments.get(name).help))
        except LigeroError as exc:
            rows.append((name, f"(unavailable: {exc})"))
    width = max((len(n) for n, _ in rows), default=0)
    print("experiments (ligero run NAME):")
    for name, text in rows:
        print(f"  {name.ljust(width)}  {text}")
    return 0


def _cmd_run(args: argparse.Namespace, rest: list[str]) -> int:
    from ligero import experiments

    if args.name is None:
        stream = sys.stdout if args.help else sys.stderr
        print("usage: ligero run NAME [--out DIR] [--seed S] [--epochs N] [--data-dir D] [--quick] "
              "[--quiet] [experiment options]\n(ligero run NAME --help shows the experiment's options)\n"
              "experiments: " + ", ".join(experiments.names()), file=stream)
        return 0 if args.help else EXIT_USAGE
    try:
        experiment = experiments.get(args.name)
    except experiments.UnknownExperimentError as exc:
        print(f"ligero run: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parser = _experiment_parser(experiment)
    if args.help:
        parser.print_help()
        return 0
    extra_ns = parser.parse_args(rest)  # exits 2 on an unknown option
    extra = {**experiment.defaults(), **vars(extra_ns)}
    config = experiments.RunConfig(
        name=experiment.name, out=args.out, seed=args.seed, epochs=args.epochs,
        data_dir=args.data_dir, quick=args.quick, quiet=args.quiet, extra=extra,
    )
    experiment(config)
    if not config.quiet:
        print(f"\nwrote {config.out / 'metrics.json'} and {config.out / 'report.md'}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    """Test a saved model on a data file: :func:`ligero.experiments.mnist.evaluate_command`."""
    from ligero.experiments.mnist import evaluate_command

    return int(evaluate_command(model=args.model, data=args.data, out=args.out) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ligero`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args, rest = parser.parse_known_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    if rest and args.command != "run":
        print(f"{parser.format_usage().rstrip()}\nligero: error: unrecognized arguments: {' '.join(rest)}",
              file=sys.stderr)
        return EXIT_USAGE
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE

    try:
        if args.command == "list":
            return _cmd_list()
        if args.command == "run":
            return _cmd_run(args, rest)
        return _cmd_evaluate(args)
    except SystemExit as exc:  # argparse inside a command
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output went to a reader that closed (``ligero ... | head``)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so Python's final flush does not fail again
        return 0
    except LigeroError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
