#!/usr/bin/env python
"""The same program, two imports: PyTorch scripts run with ``import torch`` and ``import ligero as torch``.

    python benchmarks/same_program.py [--repeats 5] [--only mlp_cifar,xnor] [--markdown PATH] [--json PATH]

Each program in ``benchmarks/programs/`` is an ordinary PyTorch training loop that
times its own epochs (after one warm-up epoch) and prints the median. This script
runs it as written and with its import lines rewritten (the reference tests'
rewriting: ``import torch`` -> ``import ligero as torch`` ...), in fresh processes,
alternating the two, ``--repeats`` times, and reports the median of each and their
ratio. Targets (issue 14): MLP epochs >= 1.7x faster than torch, XNOR >= 5x, the
course CNN, the LSTM and a small elementwise op (``elementwise``: the time per op) no slower.
The last column shows each face's last loss: the programs seed torch (``torch.manual_seed``) and
ligero draws torch's initial weights, so the two train the same network and the losses agree.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))

from harness import rewrite_imports  # noqa: E402

PROGRAMS = {  # name: (samples, timed epochs, unit, target torch/ligero)
    "mlp_cifar": (10_000, 2, "s / epoch (10,000 samples)", 1.7),
    "mlp_mnist": (10_000, 2, "s / epoch (10,000 samples)", 1.7),
    "xnor": (4, 20, "s / 200 epochs", 5.0),
    "cnn": (2_000, 2, "s / epoch (2,000 samples)", 1.0),
    "lstm": (2_000, 2, "s / epoch (2,000 sequences)", 1.0),
    "elementwise": (100, 20, "s / op (100 elements)", 1.0),
}


def run_once(source: str, samples: int, epochs: int) -> tuple[float, float | None]:
    """One fresh-process run: (median seconds per epoch, the last loss it printed, if any)."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
    try:
        result = subprocess.run([sys.executable, f.name, str(samples), str(epochs)], capture_output=True,
                                text=True, check=False, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    finally:
        os.unlink(f.name)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return out["seconds_per_epoch"], out.get("loss")


def _losses(losses: dict[str, float | None]) -> str:
    """The two last losses (the same seed gives torch's initial weights on both faces, so they agree)."""
    t, lg = losses.get("torch"), losses.get("ligero")
    return "-" if t is None or lg is None else f"{t:.6g} / {lg:.6g}"


def blas_kernel() -> str:
    try:
        import numpy  # noqa: F401
        from threadpoolctl import threadpool_info

        info = [i for i in threadpool_info() if i["user_api"] == "blas"]
        return ", ".join(f"{i['internal_api']} {i.get('version')} ({i.get('architecture')}, "
                         f"{i['num_threads']} threads)" for i in info)
    except ImportError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", default=",".join(PROGRAMS))
    parser.add_argument("--markdown", default=None)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    lines = [f"- BLAS: {blas_kernel()}; load average at start {[round(v, 2) for v in os.getloadavg()]}",
             f"- median of {args.repeats} alternating fresh-process runs of each program", "",
             "| program | unit | torch | ligero | torch / ligero | target | last loss, torch / ligero |",
             "|---|---|---|---|---|---|---|"]
    raw = {}
    for name in args.only.split(","):
        samples, epochs, unit, target = PROGRAMS[name]
        source = (ROOT / "benchmarks" / "programs" / f"{name}.py").read_text()
        faces = {"torch": source, "ligero": rewrite_imports(source, "ligero-torch")}
        times: dict[str, list[float]] = {"torch": [], "ligero": []}
        losses: dict[str, float | None] = {}
        for repeat in range(args.repeats):
            order = ("torch", "ligero") if repeat % 2 == 0 else ("ligero", "torch")
            for face in order:
                seconds, losses[face] = run_once(faces[face], samples, epochs)
                times[face].append(seconds)
        t, lg = statistics.median(times["torch"]), statistics.median(times["ligero"])
        row = (f"| {name} | {unit} | {t:.4g} | {lg:.4g} | {t / lg:.2f}x | >= {target:g}x "
               f"{'met' if t / lg >= target else 'NOT met'} | {_losses(losses)} |")
        print(row, flush=True)
        lines.append(row)
        raw[name] = times
    lines.append(f"\nload average at end {[round(v, 2) for v in os.getloadavg()]}")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1))


if __name__ == "__main__":
    main()
