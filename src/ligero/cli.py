"""The ``ligero`` command.

    ligero list                               the experiments and what each does
    ligero run NAME [--out DIR] [--seed S] [--epochs N] [--data-dir D] [--quick]
                    [experiment options]      run one (``ligero run NAME --help``)
    ligero evaluate MODEL --data FILE         test a saved model on a data file
    ligero predict MODEL IMAGE...             class and probability of each image (a `ligero run images` model)
    ligero sweep NAME --grid OPT=V1,V2 ... [--seeds 0-9] [--backend loky|dask|ray|serial]
                                              train NAME over a grid (or --space/--samples) of its options
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
    pr = sub.add_parser("predict", help="class and probability of each image, by a model of `ligero run images`",
                        allow_abbrev=False)
    pr.add_argument("model", type=Path, metavar="MODEL", help="model.ligero written by `ligero run images` "
                    "(model.json beside it), or its run folder")
    pr.add_argument("images", type=Path, nargs="+", metavar="IMAGE", help="image files to classify")
    _add_sweep_parser(sub)
    return parser


def _add_sweep_parser(sub: argparse._SubParsersAction) -> None:
    sw = sub.add_parser("sweep", help="train an experiment over a grid of its options and seeds, in parallel",
                        allow_abbrev=False)
    sw.add_argument("name", metavar="NAME", help="experiment name (see `ligero list`)")
    what = sw.add_mutually_exclusive_group(required=True)
    what.add_argument("--grid", nargs="+", metavar="OPT=V1,V2", help="every combination, e.g. n=2,3 hidden=1,5")
    what.add_argument("--space", nargs="+", metavar="OPT=SPEC",
                      help="random draws: OPT=V1,V2 (a choice), OPT=LOW..HIGH, OPT=log:LOW..HIGH (with --samples)")
    sw.add_argument("--samples", type=int, default=None, metavar="K", help="random configurations drawn (--space)")
    sw.add_argument("--sample-seed", type=int, default=0, metavar="S", help="seed of the random draws (default 0)")
    sw.add_argument("--seeds", default="0", metavar="SEEDS", help="training seeds: 0-9 or 1,5,7 (default 0)")
    sw.add_argument("--set", nargs="+", default=[], metavar="OPT=VALUE", help="options shared by every run")
    sw.add_argument("--epochs", type=int, default=None, metavar="N", help="epochs of every run")
    sw.add_argument("--quick", action="store_true", help="tiny data and few epochs (smoke test)")
    sw.add_argument("--backend", default="loky", choices=("loky", "dask", "ray", "serial"),
                    help="where runs execute (default loky: local processes)")
    sw.add_argument("--workers", type=int, default=None, metavar="W", help="parallel runs (default: one per core)")
    sw.add_argument("--address", default=None, metavar="ADDR", help="Dask scheduler or Ray cluster address")
    sw.add_argument("--out", "-o", type=Path, default=None, metavar="DIR", help="output (default runs/sweep-NAME)")
    sw.add_argument("--metric", default=None, metavar="M", help="metric for the figures, e.g. accuracy")
    sw.add_argument("--success", type=float, default=None, metavar="T",
                    help="also count the runs whose metric reached T (e.g. 1.0)")


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


def _cmd_sweep(args: argparse.Namespace) -> int:
    """``ligero sweep``: :func:`ligero.sweep.sweep` over an experiment, then its summary and figures."""
    from ligero import experiments
    from ligero.sweep import parse_options, parse_seeds, sweep, write_report

    experiment = experiments.get(args.name)
    fixed = {key: values[0] for key, values in parse_options(args.set).items()}
    fixed.update({k: v for k, v in (("epochs", args.epochs), ("quick", args.quick or None)) if v is not None})
    options = parse_options(args.grid or args.space)
    out = args.out or Path("runs") / f"sweep-{experiment.name}"
    table = sweep(experiment.name, options if args.grid else None, space=None if args.grid else options,
                  samples=args.samples, seeds=parse_seeds(args.seeds), fixed=fixed, out=out,
                  backend=args.backend, workers=args.workers, address=args.address, sample_seed=args.sample_seed)
    failed = [r for r in table if r["status"] != "ok"]
    print(write_report(table, out, args.metric, list(options), args.success))
    for record in failed:
        print(f"failed: {record['run_id']}: {record['error']}", file=sys.stderr)
    print(f"{len(table) - len(failed)} of {len(table)} runs done; results in {out / 'results.jsonl'}")
    return EXIT_ERROR if failed else 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    """Test a saved model on a data file: :func:`ligero.experiments.mnist.evaluate_command`."""
    from ligero.experiments.mnist import evaluate_command

    return int(evaluate_command(model=args.model, data=args.data, out=args.out) or 0)


def _cmd_predict(args: argparse.Namespace) -> int:
    """Classify image files: :func:`ligero.experiments.images.predict_command`."""
    from ligero.experiments.images import predict_command

    return int(predict_command(model=args.model, images=args.images) or 0)


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
        if args.command == "sweep":
            return _cmd_sweep(args)
        if args.command == "predict":
            return _cmd_predict(args)
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
