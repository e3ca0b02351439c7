#!/usr/bin/env python
"""Time ligero's ``Model.fit`` against a hand-written NumPy loop, PyTorch and the bare GEMMs.

    python benchmarks/run.py [--quick] [--repeats 5] [--samples N] [--only NAME[,NAME...]]
                             [--markdown PATH] [--plot PATH] [--json PATH] [--threads N]

All contenders run in this one process, interleaved: each repeat runs every
contender once (in a rotated order), and the reported time is the median over
repeats. See benchmarks/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baselines as B  # noqa: E402

CONTENDERS = ("ligero", "numpy", "torch", "torch-typical", "gemm")
SWEEP_CONTENDERS = ("ligero", "numpy", "torch", "gemm")
LABELS = {
    "ligero": "ligero fit",
    "numpy": "hand NumPy",
    "torch": "PyTorch",
    "torch-typical": "PyTorch typical",
    "gemm": "bare GEMMs",
}
MAIN_WORKLOADS = ("cifar-mse", "cifar-cce", "cifar-deep", "mnist", "xnor", "cnn", "cnn-last", "cifar-cnn",
                  "cifar-cnn-last")
SWEEP_BATCHES = (8, 16, 32, 64, 128, 256, 512)
SWEEP_WIDTHS = (50, 100, 200, 400)
SECTIONS = (*MAIN_WORKLOADS, "batch-sweep", "width-sweep", "memory")


class Unavailable(Exception):
    """A contender cannot run this workload here (missing library, missing API); the table shows n/a."""


# ---------------------------------------------------------------------------
# machine and threads


def blas_threads() -> str:
    """The BLAS libraries NumPy sees and their current thread counts, e.g. ``openblas:2``."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "?"
    found = [f"{i.get('internal_api')}:{i.get('num_threads')}" for i in threadpool_info() if i["user_api"] == "blas"]
    return ",".join(found) or "?"


def set_blas_threads(n: int) -> None:
    """Set NumPy's BLAS thread count (persistently, until the next call)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=n, user_api="blas")


def machine_info() -> dict:
    info: dict = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "numpy": np.__version__,
    }
    try:
        info["cores_usable"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info.setdefault("cpu", platform.processor() or "?")
    try:
        from threadpoolctl import threadpool_info

        info["blas"] = [
            {k: i.get(k) for k in ("internal_api", "version", "architecture", "threading_layer", "num_threads")}
            for i in threadpool_info()
            if i["user_api"] == "blas"
        ]
    except ImportError:
        info["blas"] = []
    if B.torch_available():
        import torch

        info["torch"] = torch.__version__
        info["torch_blas"] = "MKL" if torch.backends.mkl.is_available() else "?"
    else:
        info["torch"] = "not installed"
    try:
        import ligero

        info["ligero"] = getattr(ligero, "__version__", "?")
    except ImportError:
        info["ligero"] = "not installed"
    try:
        info["loadavg_start"] = [round(v, 2) for v in os.getloadavg()]
    except OSError:
        pass
    return info


# ---------------------------------------------------------------------------
# contenders: prepare(wl, seed) -> run(x, t, labels), which trains wl.epochs epochs


def _ligero_modules():
    try:
        import ligero as lg
        from ligero import layers, optimizers, regularizers
    except ImportError as exc:
        raise Unavailable(f"ligero not importable ({exc})") from exc
    if not hasattr(lg, "Sequential"):
        raise Unavailable("ligero.Sequential missing")
    return lg, layers, optimizers, regularizers


def ligero_model(wl: B.Workload):
    """The workload as a compiled ligero ``Sequential`` (the DESIGN.md §2 API).

    Keras style: a cross-entropy workload ends in ``Dense(..., activation="softmax")``
    with ``loss="categorical_crossentropy"`` (ligero fuses the pair); an MSE
    workload ends linear (or tanh for XNOR) with ``loss="course_mse"`` (the course's
    MSE, averaged over samples). Every kernel gets ``regularizers.L2(l2)``.
    """
    lg, layers, optimizers, regularizers = _ligero_modules()
    reg = (lambda: {"kernel_regularizer": regularizers.L2(wl.l2)}) if wl.l2 else dict
    if wl.kind == "cnn":
        stack = ligero_cnn_layers(wl, layers, reg)
    else:
        stack = []
        n_layers = len(wl.sizes) - 1
        for i, width in enumerate(wl.sizes[1:]):
            kw = {"kernel_initializer": "glorot_normal", **reg()}
            act = wl.hidden if i < n_layers - 1 else wl.output
            if i == n_layers - 1 and wl.loss == "cce" and act == "linear":
                act = "softmax"  # Keras style: softmax output + categorical_crossentropy (fused by ligero)
            if act != "linear":
                kw["activation"] = act
            if i == 0:
                kw["input_dim"] = wl.sizes[0]
            stack.append(layers.Dense(width, **kw))
    model = lg.Sequential(stack)
    loss = "categorical_crossentropy" if wl.loss == "cce" else "course_mse"
    # one ±1 output (XNOR): the course's sign accuracy, under the name the reports read
    accuracy = lg.metrics.SignAccuracy(name="accuracy") if wl.sizes[-1] == 1 else "accuracy"
    model.compile(optimizer=optimizers.SGD(lr=wl.lr), loss=loss, metrics=[accuracy])
    return model


def ligero_cnn_layers(wl: B.Workload, layers, reg) -> list:
    """The course CNN or the cifar-cnn model (no augmentation) in the workload's data format."""
    for name in ("Conv2D", "MaxPooling2D", "BatchNormalization", "Flatten"):
        if not hasattr(layers, name):
            raise Unavailable(f"ligero.layers.{name} missing")
    fmt = {"data_format": wl.data_format}
    if wl.network == "cifar":
        stack = []
        for i, width in enumerate((32, 64, 128)):
            first = {"input_shape": wl.image_shape} if i == 0 else {}
            stack += [layers.Conv2D(width, 3, padding="same", use_bias=False, kernel_initializer="he_normal",
                                    **fmt, **first),
                      layers.BatchNormalization(axis=-1 if wl.data_format == "channels_last" else 1, momentum=0.9),
                      layers.Activation("relu"),
                      layers.MaxPooling2D(2, **fmt)]
        return [*stack, layers.Flatten(), layers.Dense(wl.sizes[-1], activation="softmax", **reg())]
    return [
        layers.Conv2D(12, 3, padding="same", activation="relu", input_shape=wl.image_shape, **fmt, **reg()),
        layers.MaxPooling2D(2, **fmt),
        layers.Flatten(),
        layers.Dense(wl.sizes[-1], activation="softmax", **reg()),
    ]


def _torch_images(wl: B.Workload, x: np.ndarray) -> np.ndarray:
    """PyTorch's NCHW copy of channels-last images (made once per data set, outside the timing)."""
    if wl.kind != "cnn" or wl.data_format != "channels_last":
        return x
    cached = _NCHW_CACHE.get(id(x))
    if cached is None or cached[0] is not x:
        cached = (x, np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
        _NCHW_CACHE.clear()
        _NCHW_CACHE[id(x)] = cached
    return cached[1]


_NCHW_CACHE: dict = {}


def fit_kwargs(fit, **wanted) -> dict:
    """The keyword arguments ``fit`` accepts out of ``wanted`` (seed is the one that may be missing)."""
    try:
        params = inspect.signature(fit).parameters
    except (TypeError, ValueError):
        return wanted
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return wanted
    return {k: v for k, v in wanted.items() if k in params}


def prepare_ligero(wl: B.Workload, seed: int = 0):
    model = ligero_model(wl)
    kwargs = fit_kwargs(model.fit, batch_size=wl.batch_size, epochs=wl.epochs, verbose=0, shuffle=True, seed=seed)

    def run(x, t, labels):
        return model.fit(x, t, **kwargs)

    run.model = model
    return run


def prepare_numpy(wl: B.Workload, seed: int = 0):
    if wl.kind != "mlp":
        raise Unavailable("no hand-written NumPy CNN")
    params = B.init_params(wl.sizes, seed)

    def run(x, t, labels):
        return B.numpy_fit(params, x, t, labels, wl, epochs=wl.epochs, seed=seed)

    return run


def prepare_torch(wl: B.Workload, seed: int = 0):
    if not B.torch_available():
        raise Unavailable("torch not installed")
    import torch

    model, opt = B.torch_model(B.init_params(wl.sizes, seed) if wl.kind == "mlp" else None, wl, seed)

    def run(x, t, labels):
        x = _torch_images(wl, x)
        return B.torch_fit(
            model, opt, torch.from_numpy(x), torch.from_numpy(t), torch.from_numpy(labels), wl, wl.epochs, seed
        )

    return run


def prepare_torch_typical(wl: B.Workload, seed: int = 0):
    if not B.torch_available():
        raise Unavailable("torch not installed")
    import torch

    params = B.init_params(wl.sizes, seed) if wl.kind == "mlp" else None
    model, opt = B.torch_model(params, wl, seed, weight_decay=False)

    def run(x, t, labels):
        x = _torch_images(wl, x)
        return B.torch_fit_typical(
            model, opt, torch.from_numpy(x), torch.from_numpy(t), torch.from_numpy(labels), wl, wl.epochs, seed
        )

    return run


def prepare_gemm(wl: B.Workload, seed: int = 0):
    if wl.kind != "mlp":
        raise Unavailable("MLP only")
    gemm = B.GemmEpoch(B.init_params(wl.sizes, seed), wl.batch_size)

    def run(x, t, labels):
        return gemm(x, wl.epochs)

    return run


PREPARE = {
    "ligero": prepare_ligero,
    "numpy": prepare_numpy,
    "torch": prepare_torch,
    "torch-typical": prepare_torch_typical,
    "gemm": prepare_gemm,
}


# ---------------------------------------------------------------------------
# timing


def time_workload(
    wl: B.Workload,
    samples: int | None = None,
    repeats: int = 5,
    contenders=CONTENDERS,
    threads: int | None = None,
    inner: int = 1,
    data=None,
    stat: str = "median",
) -> dict:
    """Time each contender on ``wl``: medians over ``repeats`` interleaved rounds.

    ``samples`` (default: the full data set) is how many samples one timed epoch
    runs on; times are reported per full ``wl.full_samples`` epoch by scaling
    (``wl.epochs`` epochs for XNOR). ``inner`` runs each contender that many
    times in a row per round (for workloads of milliseconds). Returns a dict
    with per-contender ``seconds`` (median, scaled), ``min``, ``runs`` (all
    raw times) or ``error`` (why it is n/a), and the thread counts used.
    """
    threads = threads or os.cpu_count() or 1
    n = wl.full_samples if samples is None else min(int(samples), wl.full_samples)
    x, t, labels = B.make_data(wl, n) if data is None else data
    n = x.shape[0]
    scale = wl.full_samples / n
    warm = min(n, 4 * wl.batch_size)
    result: dict = {"workload": wl.name, "samples": n, "full_samples": wl.full_samples, "scale": scale}
    runs: dict = {}
    out: dict = {}
    for name in contenders:
        try:
            if name.startswith("torch") and B.torch_available():
                B.torch_setup_threads(threads)
            set_blas_threads(threads)
            fn = PREPARE[name](wl)
            fn(x[:warm], t[:warm], labels[:warm])  # warm-up: first-call costs, lazy imports
            runs[name] = (fn, [])
        except Unavailable as exc:
            out[name] = {"error": str(exc)}
        except Exception as exc:  # a contender that crashes must not take the others down
            out[name] = {"error": f"{type(exc).__name__}: {exc}"}
    threads_used: dict = {}
    for r in range(repeats):
        names = list(runs)
        names = names[r % len(names) :] + names[: r % len(names)] if names else names
        for name in names:
            fn, times = runs[name]
            if name != "ligero":
                set_blas_threads(threads)  # undo whatever another contender left behind
            for _ in range(inner):
                try:
                    t0 = time.perf_counter()
                    fn(x, t, labels)
                    times.append(time.perf_counter() - t0)
                except Exception as exc:
                    out[name] = {"error": f"{type(exc).__name__}: {exc}"}
                    break
            if name.startswith("torch"):
                import torch

                threads_used[name] = f"torch:{torch.get_num_threads()}"
            elif name == "ligero":
                threads_used[name] = f"own choice (BLAS {blas_threads()} after fit)"
            else:
                threads_used[name] = blas_threads()
        runs = {k: v for k, v in runs.items() if k not in out}
    for name, (_, times) in runs.items():
        if times:
            out[name] = {
                "seconds": (min(times) if stat == "min" else statistics.median(times)) * scale,
                "median": statistics.median(times) * scale,
                "min": min(times) * scale,
                "runs": [round(s * scale, 6) for s in times],
                "threads": threads_used.get(name, "?"),
            }
    set_blas_threads(threads)
    result["contenders"] = {name: out[name] for name in contenders if name in out}
    return result


def seconds(res: dict, name: str):
    return res["contenders"].get(name, {}).get("seconds")


def ratio(res: dict, num: str, den: str, stat: str = "seconds"):
    """``num``'s time over ``den``'s: of the reported statistic, or of ``stat`` ("min", "median")."""
    a = res["contenders"].get(num, {}).get(stat)
    b = res["contenders"].get(den, {}).get(stat)
    return a / b if a and b else None


# ---------------------------------------------------------------------------
# peak memory (in a subprocess each)


def _peak_rss_mb() -> float:
    """This process's own peak RSS in MB: ``VmHWM`` where /proc has it, else ``ru_maxrss``.

    (``ru_maxrss`` of an exec'd child starts at the RSS of the process that
    forked it; ``VmHWM`` belongs to the new address space only.)
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / (1024 if sys.platform == "darwin" else 1)


def _memory_child(kind: str, samples: int) -> None:
    """Child process: build CIFAR-sized data, train one epoch with ``kind``, print phases' peak RSS as JSON."""
    wl = B.WORKLOADS["cifar-cce"]
    if kind == "ligero":
        try:
            _ligero_modules()
        except Unavailable as exc:
            print(json.dumps({"error": str(exc)}))
            return
    if kind == "torch":
        if not B.torch_available():
            print(json.dumps({"error": "torch not installed"}))
            return
        import torch  # noqa: F401
    report = {"after_imports_mb": _peak_rss_mb()}
    x, t, labels = B.make_data(wl, samples)
    report["data_mb"] = (x.nbytes + t.nbytes + labels.nbytes) / 2**20
    report["after_data_mb"] = _peak_rss_mb()
    if kind in ("ligero", "numpy", "torch"):
        try:
            PREPARE[kind](wl)(x, t, labels)
        except Exception as exc:
            report["error"] = f"{type(exc).__name__}: {exc}"
    report["self_peak_mb"] = _peak_rss_mb()
    print(json.dumps(report))


# A small launcher between this (large) process and the measured child: an exec'd
# child's ru_maxrss starts at its forking parent's RSS, so the child is forked from
# this ~10 MB interpreter instead, which then reports getrusage(RUSAGE_CHILDREN).
_LAUNCHER = (
    "import json, resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stdout.write(r.stdout)\n"
    "sys.stderr.write(r.stderr)\n"
    "print(json.dumps({'children_maxrss': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " 'returncode': r.returncode}))\n"
)


def measure_memory(kind: str, samples: int = 50_000) -> dict:
    """Peak RSS (MB) of a child process that trains one epoch of CIFAR-10 3072-100-10 CCE with ``kind``.

    ``kind`` is "data" (only builds the data), "ligero", "numpy" or "torch".
    ``peak_mb`` is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` as seen by a small
    launcher whose only child is the measured process; the child's own
    ``VmHWM`` (``self_peak_mb``) is reported beside it as a check.
    """
    child = [sys.executable, str(Path(__file__).resolve()), "--_memory-child", kind, "--samples", str(samples)]
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, *child], capture_output=True, text=True)
    res: dict = {"kind": kind, "samples": samples}
    lines = proc.stdout.strip().splitlines()
    try:
        launcher = json.loads(lines[-1])
        res.update(json.loads(lines[-2]))
    except (ValueError, IndexError):
        res["error"] = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return res
    scale = 1024 * (1024 if sys.platform == "darwin" else 1)
    res["peak_mb"] = launcher["children_maxrss"] / scale
    if launcher["returncode"] != 0 and "error" not in res:
        res["error"] = f"exit status {launcher['returncode']}: " + " ".join(proc.stderr.strip().splitlines()[-1:])
    return res


# ---------------------------------------------------------------------------
# output


def fmt_s(v) -> str:
    if v is None:
        return "n/a"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def fmt_x(v) -> str:
    return "n/a" if v is None else f"{v:.2f}x"


def _unit(res: dict, wl: B.Workload) -> str:
    if wl.epochs > 1:
        return f"s / {wl.epochs} epochs"
    if res["samples"] == res["full_samples"]:
        return f"s / epoch ({res['full_samples']:,})"
    return f"s / epoch ({res['full_samples']:,}; timed on {res['samples']:,}, scaled)"


def main_table(results: list[dict]) -> list[list[str]]:
    head = [
        "workload",
        "unit",
        *(LABELS[c] for c in CONTENDERS),
        "torch / ligero",
        "numpy / ligero",
        "typical torch / ligero",
        "numpy / GEMMs",
        "torch / numpy",
    ]
    rows = [head]
    for res in results:
        wl = B.WORKLOADS[res["workload"]]
        rows.append(
            [
                res["workload"],
                _unit(res, wl),
                *(fmt_s(seconds(res, c)) for c in CONTENDERS),
                fmt_x(ratio(res, "torch", "ligero")),
                fmt_x(ratio(res, "numpy", "ligero")),
                fmt_x(ratio(res, "torch-typical", "ligero")),
                fmt_x(ratio(res, "numpy", "gemm")),
                fmt_x(ratio(res, "torch", "numpy")),
            ]
        )
    return rows


def best_ratio_table(results: list[dict]) -> list[list[str]]:
    """The ratios again from each contender's best repeat, which other jobs on a shared
    machine spoil least (the main table's medians move more when the load changes)."""
    rows = [["workload", "torch / ligero", "numpy / ligero", "typical torch / ligero"]]
    for res in results:
        rows.append([
            res["workload"],
            *(fmt_x(ratio(res, other, "ligero", "min")) for other in ("torch", "numpy", "torch-typical")),
        ])
    return rows


def layout_table(results: list[dict]) -> list[list[str]]:
    """ligero's channels-last time over its channels-first time, per CNN (the target is at most 1.2x),
    beside PyTorch's (NCHW) time for the same model."""
    by_name = {res["workload"]: res for res in results}
    rows = [["model", "ligero channels_first", "ligero channels_last", "last / first", "PyTorch"]]
    for first, last in (("cnn", "cnn-last"), ("cifar-cnn", "cifar-cnn-last")):
        if first in by_name and last in by_name:
            a, b = seconds(by_name[first], "ligero"), seconds(by_name[last], "ligero")
            rows.append([first, fmt_s(a), fmt_s(b), fmt_x(b / a if a and b else None),
                         fmt_s(seconds(by_name[first], "torch"))])
    return rows


def sweep_table(results: list[dict], key: str) -> list[list[str]]:
    rows = [[key, *(LABELS[c] for c in SWEEP_CONTENDERS), "torch / ligero", "numpy / ligero"]]
    for res in results:
        rows.append(
            [
                str(res[key]),
                *(fmt_s(seconds(res, c)) for c in SWEEP_CONTENDERS),
                fmt_x(ratio(res, "torch", "ligero")),
                fmt_x(ratio(res, "numpy", "ligero")),
            ]
        )
    return rows


def memory_table(mem: list[dict]) -> list[list[str]]:
    rows = [["process", "peak RSS (MB)", "own VmHWM (MB)", "after imports (MB)", "data arrays (MB)", "note"]]
    names = {
        "data": "data only",
        "ligero": "ligero fit, 1 epoch",
        "numpy": "hand NumPy, 1 epoch",
        "torch": "PyTorch, 1 epoch",
    }
    for m in mem:
        rows.append(
            [
                names.get(m["kind"], m["kind"]),
                fmt_mb(m.get("peak_mb")),
                fmt_mb(m.get("self_peak_mb")),
                fmt_mb(m.get("after_imports_mb")),
                fmt_mb(m.get("data_mb")),
                m.get("error", ""),
            ]
        )
    return rows


def fmt_mb(v) -> str:
    return "n/a" if v is None else f"{v:.0f}"


def render_text(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for j, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def machine_lines(info: dict) -> list[str]:
    blas = "; ".join(
        f"{b.get('internal_api')} {b.get('version')} ({b.get('architecture')}, {b.get('num_threads')} threads)"
        for b in info.get("blas", [])
    )
    lines = [
        f"CPU: {info.get('cpu')}, {info.get('cores')} cores"
        + (f" ({info['cores_usable']} usable)" if "cores_usable" in info else ""),
        f"Python {info.get('python')}, NumPy {info.get('numpy')} (BLAS: {blas or '?'}), "
        f"PyTorch {info.get('torch')}"
        + (f" ({info['torch_blas']})" if "torch_blas" in info else "")
        + f", ligero {info.get('ligero')}",
        f"Threads: NumPy BLAS and torch at {info.get('threads')}; ligero chooses its own",
    ]
    if "loadavg_start" in info:
        lines.append(f"Load average at start {info['loadavg_start']}, at end {info.get('loadavg_end')}")
        cores = info.get("cores") or 1
        start, end = info["loadavg_start"][0], (info.get("loadavg_end") or [0])[0]
        if start > 0.5 * cores or end > cores + 1:  # at the end, the benchmark itself adds up to `threads`
            lines.append(
                f"WARNING: the machine was busy (load {max(start, end)} on {cores} cores): other jobs took CPU "
                "time, which hurts multi-threaded runs most; trust the ratios more than the seconds"
            )
    return lines


def write_markdown(path: str, report: dict) -> None:
    out = ["# ligero benchmarks", ""]
    out += [f"- {line}" for line in machine_lines(report["machine"])]
    what = "Minimum" if report.get("stat") == "min" else "Median"
    out += [f"- {what} of {report['repeats']} interleaved repeats; random float32 data of the real shapes.", ""]
    if report["workloads"]:
        out += ["## Time per epoch", "", render_markdown(main_table(report["workloads"])), ""]
        if report["repeats"] > 1:
            out += ["Ratios of the best repeats:", "", render_markdown(best_ratio_table(report["workloads"])), ""]
        layouts = layout_table(report["workloads"])
        if len(layouts) > 1:
            out += ["CNN data formats (s / epoch):", "", render_markdown(layouts), ""]
        for res in report["workloads"]:
            errs = [f"{LABELS[c]}: {v['error']}" for c, v in res["contenders"].items() if "error" in v]
            if errs:
                out.append(f"- {res['workload']} n/a: " + "; ".join(errs))
        out.append("")
    for key, title in (("batch_size", "batch-sweep"), ("hidden", "width-sweep")):
        sweep = report.get(title)
        if sweep:
            out += [
                f"## {title}: cifar-cce, s / epoch (50,000; timed on {sweep[0]['samples']:,}, scaled)",
                "",
                render_markdown(sweep_table(sweep, key)),
                "",
            ]
    if report.get("memory"):
        out += [
            "## Peak memory, one epoch on 50,000 x 3072 float32 (cifar-cce, batch 32)",
            "",
            render_markdown(memory_table(report["memory"])),
            "",
        ]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(out))


def write_plot(path: str, report: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [(k, t) for k, t in (("batch_size", "batch-sweep"), ("hidden", "width-sweep")) if report.get(t)]
    if not panels:
        print("no sweep to plot (run without --only, or with --only batch-sweep)")
        return
    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4.5), squeeze=False)
    for ax, (key, title) in zip(axes[0], panels):
        sweep = report[title]
        for c in SWEEP_CONTENDERS:
            pts = [(r[key], seconds(r, c)) for r in sweep if seconds(r, c)]
            if pts:
                ax.plot(*zip(*pts), marker="o", label=LABELS[c])
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("batch size" if key == "batch_size" else "hidden width (batch 32)")
        ax.set_ylabel("seconds per 50,000-sample epoch")
        ax.set_title(f"CIFAR-10 3072-h-10 CCE: {title}")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


# ---------------------------------------------------------------------------
# main


def _brief(res: dict, contenders) -> str:
    return "  ".join(f"{c} {fmt_s(seconds(res, c))}" for c in contenders)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--quick",
        action="store_true",
        help="fewer samples (5,000, scaled) and 3 repeats: a smoke run of a few minutes",
    )
    p.add_argument("--repeats", type=int, default=None, help="interleaved repeats per workload (default 5; quick 3)")
    p.add_argument(
        "--samples",
        type=int,
        default=None,
        help="samples per timed epoch for the MLP workloads (default: all 50,000/60,000); "
        "times are scaled to a full epoch",
    )
    p.add_argument("--cnn-samples", type=int, default=None, help="samples per timed CNN epoch (default 5,000)")
    p.add_argument("--sweep-samples", type=int, default=None, help="samples per timed sweep epoch (default 10,000)")
    p.add_argument("--sweep-repeats", type=int, default=None, help="repeats per sweep point (default 3)")
    p.add_argument(
        "--stat",
        choices=("median", "min"),
        default="median",
        help="what the tables show of the repeats (default median; min = best of N)",
    )
    p.add_argument("--only", default=None, help=f"comma-separated subset of: {', '.join(SECTIONS)}")
    p.add_argument("--contenders", default=",".join(CONTENDERS), help="comma-separated subset of contenders")
    p.add_argument(
        "--threads",
        type=int,
        default=None,
        help="BLAS threads for the NumPy contenders and torch.set_num_threads (default: all cores)",
    )
    p.add_argument("--markdown", default=None, help="write the tables as Markdown to this path")
    p.add_argument("--plot", default=None, help="write the sweeps' plot (log axes) to this path")
    p.add_argument("--json", default=None, help="write every raw time to this path")
    p.add_argument("--_memory-child", dest="memory_child", default=None, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv=None) -> dict:
    args = parse_args(argv)
    if args.memory_child:
        _memory_child(args.memory_child, args.samples or 50_000)
        return {}
    quick = args.quick
    repeats = args.repeats or (3 if quick else 5)
    samples = args.samples or (5_000 if quick else None)
    cnn_samples = args.cnn_samples or (1_000 if quick else 5_000)
    sweep_samples = args.sweep_samples or (2_000 if quick else 10_000)
    sweep_repeats = args.sweep_repeats or (2 if quick else 3)
    threads = args.threads or os.cpu_count() or 1
    contenders = tuple(c for c in args.contenders.split(",") if c in CONTENDERS)
    sweep_contenders = tuple(c for c in contenders if c in SWEEP_CONTENDERS)
    only = set(args.only.split(",")) if args.only else set(SECTIONS)
    unknown = only - set(SECTIONS)
    if unknown:
        raise SystemExit(f"--only: unknown {sorted(unknown)}; choose from {', '.join(SECTIONS)}")

    info = machine_info()
    info["threads"] = threads
    print("\n".join(machine_lines(info)), flush=True)

    def save_json():  # after every section, so a long run that is stopped keeps what it measured
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(report, indent=1, default=str))

    report: dict = {"machine": info, "repeats": repeats, "stat": args.stat, "workloads": []}

    for name in MAIN_WORKLOADS:
        if name not in only:
            continue
        wl = B.WORKLOADS[name]
        n = cnn_samples if wl.kind == "cnn" else samples
        inner = 10 if wl.epochs > 1 else 1  # XNOR: a few ms per run
        print(f"\n{name}: {wl.description}", flush=True)
        res = time_workload(wl, n, repeats, contenders, threads, inner=inner, stat=args.stat)
        report["workloads"].append(res)
        save_json()
        for c, v in res["contenders"].items():
            print(
                f"  {LABELS[c]:<11} "
                + (fmt_s(v["seconds"]) + f" s  [{v['threads']}]" if "seconds" in v else "n/a  (" + v["error"] + ")"),
                flush=True,
            )

    base = B.WORKLOADS["cifar-cce"]
    if "batch-sweep" in only:
        print(f"\nbatch-sweep (cifar-cce, timed on {sweep_samples:,} samples)", flush=True)
        data = B.make_data(base, sweep_samples)
        report["batch-sweep"] = []
        for bs in SWEEP_BATCHES:
            res = time_workload(
                base.with_(batch_size=bs), None, sweep_repeats, sweep_contenders, threads, data=data, stat=args.stat
            )
            res["batch_size"] = bs
            report["batch-sweep"].append(res)
            save_json()
            print(f"  batch {bs:>3}: " + _brief(res, sweep_contenders), flush=True)
    if "width-sweep" in only:
        print(f"\nwidth-sweep (cifar-cce, batch 32, timed on {sweep_samples:,} samples)", flush=True)
        data = B.make_data(base, sweep_samples)
        report["width-sweep"] = []
        for h in SWEEP_WIDTHS:
            wl = base.with_(sizes=(3072, h, 10))
            res = time_workload(wl, None, sweep_repeats, sweep_contenders, threads, data=data, stat=args.stat)
            res["hidden"] = h
            report["width-sweep"].append(res)
            save_json()
            print(f"  hidden {h:>3}: " + _brief(res, sweep_contenders), flush=True)
    if "memory" in only:
        print("\nmemory (subprocesses, 50,000 x 3072 float32)", flush=True)
        kinds = ["data", *(c for c in ("ligero", "numpy", "torch") if c in contenders)]
        report["memory"] = [measure_memory(k) for k in kinds]

    try:
        info["loadavg_end"] = [round(v, 2) for v in os.getloadavg()]
    except OSError:
        pass

    if report["workloads"]:
        print("\n" + render_text(main_table(report["workloads"])))
        if report["repeats"] > 1:
            print("\nratios of the best repeats\n" + render_text(best_ratio_table(report["workloads"])))
    for key, title in (("batch_size", "batch-sweep"), ("hidden", "width-sweep")):
        if report.get(title):
            print(f"\n{title} (s / 50,000-sample epoch)\n" + render_text(sweep_table(report[title], key)))
    if report.get("memory"):
        print("\npeak memory\n" + render_text(memory_table(report["memory"])))
    print("\n" + "\n".join(line for line in machine_lines(info) if line.startswith(("Load", "WARNING"))))

    if args.markdown:
        write_markdown(args.markdown, report)
        print(f"wrote {args.markdown}")
    if args.plot:
        write_plot(args.plot, report)
        print(f"wrote {args.plot}")
    if args.json:
        save_json()
        print(f"wrote {args.json}")
    return report


if __name__ == "__main__":
    main()
