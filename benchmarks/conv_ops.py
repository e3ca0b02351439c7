#!/usr/bin/env python
"""Time ligero's convolution and max pooling (forward + backward) in both image layouts
against PyTorch.

    python benchmarks/conv_ops.py [--repeats 41] [--threads 1,2] [--quick] [--profile] [--cpu-time]

Each repeat runs every contender once, alternating, in one process: ligero's
NCHW op (``conv2d``, ``max_pool2d``), ligero's NHWC op on the same data
transposed (``conv2d_nhwc`` with Keras's kernel layout, the Keras layers'
``max_pool``) and PyTorch (NCHW). The table shows the median time per call
(milliseconds) over the repeats, ``NCHW/torch`` and ``NHWC/NCHW``. All use
float32. The BLAS thread count is set with threadpoolctl for NumPy and
``torch.set_num_threads`` for PyTorch, the same for every contender on a row.
``fwd+bwd`` is forward, then backward of ``Σ y·G`` for a fixed random ``G``;
"(no dx)" means the input needs no gradient (a network's first layer), "(dx)"
that it does. ``--profile`` also prints where the NCHW op's time goes (padding
+ im2col copies, the GEMMs, col2im).

Channels-last with few input channels (the course CNN's RGB input): NHWC
window columns copy runs of only kw·C = 9 values and their GEMM
``(N·OH·OW, 27) @ (27, 12)`` runs at half speed, so ``conv2d_nhwc`` with C <= 8
(groups 1, no dilation) runs the NCHW op's channel-major columns on the
transposed view of its input and lets each image's GEMM write its NHWC block
(``--cpu-time --repeats 21``, 1 thread, one run each, other jobs running, so
compare within a column; NHWC/NCHW before -> after):

    case                                          before  after
    course CNN  32x3x32x32 -> 12, 3x3 same (no dx)   1.37   1.01
    course CNN  32x3x32x32 -> 12, 3x3 same (dx)      2.34   1.06
    course CNN  64x3x32x32 -> 12, 3x3 valid (no dx)  1.28   1.08
    course CNN  64x3x32x32 -> 12, 3x3 valid (dx)     2.38   1.09
    CIFAR CNN  32x32x16x16 -> 64, 3x3 same (dx)      0.86   0.88  (unchanged path)
    max-pool 2x2  32x12x32x32                        1.09   1.06

With 16 or more channels the NHWC window columns are as fast as the
channel-major ones or faster (runs of kw·C >= 48 values), and they stay: on
CIFAR-size layers NHWC is 0.7-0.9× the NCHW op, which on this machine (Intel
Xeon, 2 cores) is 2.3-2.9× PyTorch.

Earlier table (NCHW op only, before the NHWC columns existed).

Measured on the project machine (2 AMD EPYC Zen 4 cores with AVX-512, NumPy 2.4
with OpenBLAS 0.3.31, torch 2.13 CPU with oneDNN). Other jobs kept the load
average at 6-7 during these runs, so the most trustworthy numbers are the
CPU time of one thread (``--cpu-time --repeats 41``), median ms:

    case                                          ligero   torch  ratio
    course CNN  32x3x32x32 -> 12, 3x3 valid (no dx)  1.59    1.71   0.93
    course CNN  32x3x32x32 -> 12, 3x3 valid (dx)     2.85    3.45   0.83
    course CNN  64x3x32x32 -> 12, 3x3 valid (no dx)  3.68    3.12   1.18
    course CNN  64x3x32x32 -> 12, 3x3 valid (dx)     6.24    6.50   0.96
    CIFAR CNN  32x32x16x16 -> 64, 3x3 same (no dx)  12.16    7.30   1.67
    CIFAR CNN  32x32x16x16 -> 64, 3x3 same (dx)     18.84   10.62   1.78
    CIFAR CNN  64x32x16x16 -> 64, 3x3 same (no dx)  24.15   13.80   1.75
    CIFAR CNN  64x32x16x16 -> 64, 3x3 same (dx)     35.90   20.00   1.79
    CIFAR CNN  32x16x32x32 -> 32, 3x3 same (no dx)  16.64    8.73   1.91
    CIFAR CNN  32x16x32x32 -> 32, 3x3 same (dx)     24.37   12.57   1.94
    stride 2   32x32x16x16 -> 64, 3x3 pad 1 (no dx)  3.81    2.85   1.34
    stride 2   32x32x16x16 -> 64, 3x3 pad 1 (dx)     6.45    4.41   1.46
    max-pool 2x2  32x12x30x30                        1.17    2.51   0.47
    max-pool 2x2  64x64x16x16                        4.67    8.03   0.58
    max-pool 3x3/2 32x32x15x15                       4.60    2.60   1.77  (3.0 vs 2.0 in quieter runs)

The course CNN's layer runs at PyTorch's speed; CIFAR-size layers stay at
1.7-1.9×: their three GEMMs alone (OpenBLAS sgemm at 75-90 GFLOPS, as fast as
MKL on a plain matmul here) take longer than PyTorch's whole oneDNN direct
convolution (about 85 GFLOPS *including* everything, no im2col).

BLAS threads: with the machine shared, 2 threads were always slower or
erratic (a descheduled BLAS thread stalls the other: 2-10× slower rows). On
the idle machine at the start of the session one CIFAR-size GEMM
(64×288 @ 288×8192) took 3.99 ms with 1 thread and 2.18 ms with 2, while the
course CNN's small GEMMs (12×27 @ 27×~30000) gained nothing (0.30 vs 0.19 ms
forward, dW unchanged): use 2 threads for wide layers on an idle machine, 1
when other jobs run; for the course CNN it does not matter.

What helped (CPU ms, 1 thread, before → after):
* no page faults: reusing per-thread scratch buffers for the temporaries
  (course layer, no dx: 5.0 → 0.9; glibc gave fresh megabytes back to the OS
  and faulted them in again, ~2 µs per 4 KiB page, on every call);
* flat (contiguous-run) windows for stride 1 instead of 2-D slices with rows
  of 16-30 values, for im2col and col2im (col2im 1.5-2× faster);
* one image per GEMM for the small course-layer weights (12×27): fwd+bwd
  1.16 → 0.80 than one GEMM for the batch; ~4096 columns per GEMM for wide
  layers (one image per GEMM is 4-15 % slower there);
* with one image per GEMM, 2-D windows whose GEMM output is the NCHW result
  (no crop / transpose copies): course layer 1.47 → 1.06;
* dW of small weights as per-image GEMMs summed (0.71 → 0.26) and
  ``(cols @ Gᵀ)ᵀ`` instead of ``G @ colsᵀ`` for larger ones (7-40 %);
* the input gradient's GEMM and col2im done chunk by chunk (~2 MB) so the
  additions read from cache: 10-25 % off that step;
* max-pool 2×2/2 in two separable pairwise stages (2.8 → 0.73 ms), well ahead
  of PyTorch.
What did not: a (H, W, N·C) layout for pooling (the transposes cost more than the
long loops save), numpy's ``setbufsize`` for the strided additions, and
gathering windows into a stack summed over its first axis (col2im). Not
built: Winograd F(2×2, 3×3) (by estimate its ~60 NumPy elementwise passes for
the tile transforms cost about what the 2.25× smaller GEMM saves).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from ligero.ops.conv import conv2d, max_pool2d
from ligero.ops.conv_nhwc import conv2d_nhwc
from ligero.ops.pool import max_pool
from ligero.tensor import Tensor


@dataclass(frozen=True)
class ConvCase:
    """One convolution layer: batch, channels in -> out, square image and kernel, stride, padding."""

    name: str
    n: int
    c: int
    size: int
    f: int
    k: int = 3
    stride: int = 1
    padding: int | str = "valid"


CASES = (
    ConvCase("course CNN  32x3x32x32 -> 12, 3x3 same", 32, 3, 32, 12, padding="same"),
    ConvCase("course CNN  32x3x32x32 -> 12, 3x3 valid", 32, 3, 32, 12),
    ConvCase("course CNN  64x3x32x32 -> 12, 3x3 valid", 64, 3, 32, 12),
    ConvCase("CIFAR CNN  32x32x16x16 -> 64, 3x3 same", 32, 32, 16, 64, padding="same"),
    ConvCase("CIFAR CNN  64x32x16x16 -> 64, 3x3 same", 64, 32, 16, 64, padding="same"),
    ConvCase("CIFAR CNN  32x16x32x32 -> 32, 3x3 same", 32, 16, 32, 32, padding="same"),
    ConvCase("stride 2   32x32x16x16 -> 64, 3x3 pad 1", 32, 32, 16, 64, stride=2, padding=1),
)
POOLS = (
    ("max-pool 2x2  32x12x32x32", (32, 12, 32, 32), 2, None),
    ("max-pool 2x2  32x12x30x30", (32, 12, 30, 30), 2, None),
    ("max-pool 2x2  64x64x16x16", (64, 64, 16, 16), 2, None),
    ("max-pool 3x3/2 32x32x15x15", (32, 32, 15, 15), 3, 2),
)


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1e3


CLOCK: Callable[[], float] = time.perf_counter


def race(contenders: dict[str, Callable[[], object]], repeats: int, warmup: int = 3) -> dict[str, float]:
    """Median milliseconds per call of each contender, timed alternately (same load for all)."""
    for fn in contenders.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            start = CLOCK()
            fn()
            times[name].append(CLOCK() - start)
    return {name: _median_ms(t) for name, t in times.items()}


def _nhwc_padding(padding: int | str) -> tuple[int, int, int, int] | str:
    return padding if isinstance(padding, str) else (padding,) * 4


def conv_contenders(case: ConvCase, need_dx: bool, torch_mod) -> dict[str, Callable[[], object]]:
    """fwd+bwd of one layer: ligero NCHW (``conv2d``), ligero NHWC (``conv2d_nhwc``, Keras's
    kernel layout, the same data transposed) and PyTorch (NCHW)."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((case.n, case.c, case.size, case.size), dtype=np.float32)
    w = (rng.standard_normal((case.f, case.c, case.k, case.k), dtype=np.float32) * 0.1).astype(np.float32)
    b = np.zeros(case.f, dtype=np.float32)
    lx, lw, lb = Tensor(x, requires_grad=need_dx), Tensor(w, requires_grad=True), Tensor(b, requires_grad=True)
    probe = conv2d(lx, lw, lb, case.stride, case.padding)
    grad = rng.standard_normal(probe.shape, dtype=np.float32)

    def nchw_step() -> None:
        lx.grad = lw.grad = lb.grad = None
        conv2d(lx, lw, lb, case.stride, case.padding).backward(grad)

    hx = Tensor(np.ascontiguousarray(x.transpose(0, 2, 3, 1)), requires_grad=need_dx)
    hw = Tensor(np.ascontiguousarray(w.transpose(2, 3, 1, 0)), requires_grad=True)
    hb = Tensor(b.copy(), requires_grad=True)
    hgrad = np.ascontiguousarray(grad.transpose(0, 2, 3, 1))
    hpad = _nhwc_padding(case.padding)

    def nhwc_step() -> None:
        hx.grad = hw.grad = hb.grad = None
        conv2d_nhwc(hx, hw, hb, case.stride, hpad).backward(hgrad)

    out: dict[str, Callable[[], object]] = {"nchw": nchw_step, "nhwc": nhwc_step}
    if torch_mod is not None:
        tnn = torch_mod.nn.functional
        tx = torch_mod.from_numpy(x).requires_grad_(need_dx)
        tw = torch_mod.from_numpy(w.copy()).requires_grad_(True)
        tb = torch_mod.from_numpy(b.copy()).requires_grad_(True)
        tg = torch_mod.from_numpy(grad)
        pad = case.padding
        if isinstance(pad, str) and case.stride != 1:
            pad = 0 if pad == "valid" else None
        assert pad is not None, "torch has no 'same' padding for stride > 1"

        def torch_step() -> None:
            tx.grad = tw.grad = tb.grad = None
            tnn.conv2d(tx, tw, tb, case.stride, pad).backward(tg)

        out["torch"] = torch_step
    return out


def pool_contenders(shape, k, s, torch_mod) -> dict[str, Callable[[], object]]:
    """fwd+bwd of max pooling: ligero NCHW (``max_pool2d``), ligero NHWC (the Keras layers'
    ``max_pool``, channels-last) and PyTorch."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape, dtype=np.float32)
    lx = Tensor(x, requires_grad=True)
    grad = rng.standard_normal(max_pool2d(lx, k, s).shape, dtype=np.float32)

    def nchw_step() -> None:
        lx.grad = None
        max_pool2d(lx, k, s).backward(grad)

    hx = Tensor(np.ascontiguousarray(x.transpose(0, 2, 3, 1)), requires_grad=True)
    hgrad = np.ascontiguousarray(grad.transpose(0, 2, 3, 1))

    def nhwc_step() -> None:
        hx.grad = None
        max_pool(hx, k, s, "valid", channels_last=True).backward(hgrad)

    out: dict[str, Callable[[], object]] = {"nchw": nchw_step, "nhwc": nhwc_step}
    if torch_mod is not None:
        tx = torch_mod.from_numpy(x.copy()).requires_grad_(True)
        tg = torch_mod.from_numpy(grad)

        def torch_step() -> None:
            tx.grad = None
            torch_mod.nn.functional.max_pool2d(tx, k, s).backward(tg)

        out["torch"] = torch_step
    return out


def profile_case(case: ConvCase, repeats: int) -> str:
    """Where ligero's conv2d time goes: pad + im2col, the GEMMs, and dx (its GEMM fused with col2im)."""
    from ligero.ops import conv as C

    rng = np.random.default_rng(0)
    x = rng.standard_normal((case.n, case.c, case.size, case.size), dtype=np.float32)
    w2 = rng.standard_normal((case.f, case.c * case.k * case.k), dtype=np.float32)
    geo, groups = C._conv_plan(x.shape, (case.f, case.c, case.k, case.k), case.stride, case.padding)
    cols = C._im2col(C._padded_flat(x, geo, 0, groups), geo)
    g = rng.standard_normal((groups, case.f, cols.shape[2]), dtype=np.float32)
    parts = {
        "pad+im2col": lambda: C._im2col(C._padded_flat(x, geo, 0, groups), geo),
        "fwd GEMM": lambda: np.matmul(w2, cols),
        "dW GEMM": lambda: C._weight_grad(g, cols, case.n // groups),
        "dcols GEMM": lambda: np.matmul(w2.T, g),
        "dx = dcols GEMM + col2im": lambda: C._input_grad(w2.T, g, geo),
    }
    times = race(parts, repeats)
    return f"G={groups} " + "  ".join(f"{name} {ms:.2f}" for name, ms in times.items())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=41)
    parser.add_argument("--threads", default="1,2", help="BLAS thread counts to try, comma-separated")
    parser.add_argument("--quick", action="store_true", help="few repeats, the course CNN cases only")
    parser.add_argument("--profile", action="store_true", help="also time ligero's conv2d parts")
    parser.add_argument(
        "--cpu-time", action="store_true",
        help="time the CPU time of this thread instead of the wall clock (forces 1 thread): "
        "robust when other jobs share the machine",
    )
    args = parser.parse_args(argv)
    global CLOCK
    if args.cpu_time:
        CLOCK, args.threads = time.thread_time, "1"
    repeats = 5 if args.quick else args.repeats
    cases = CASES[:3] if args.quick else CASES
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is optional
        torch = None
        print("PyTorch is not installed: ligero times only")

    header = (f"{'case':44s} {'thr':>3s} {'NCHW ms':>8s} {'NHWC ms':>8s} {'torch ms':>9s} "
              f"{'NCHW/torch':>10s} {'NHWC/NCHW':>9s}")
    print(header)
    print("-" * len(header))
    for threads in (int(t) for t in args.threads.split(",")):
        if torch is not None:
            torch.set_num_threads(threads)
        with threadpool_limits(threads):
            rows = [(f"{c.name} {'(dx)' if dx else '(no dx)'}", conv_contenders(c, dx, torch))
                    for c in cases for dx in (False, True)]
            rows += [(name, pool_contenders(shape, k, s, torch)) for name, shape, k, s in POOLS]
            for name, contenders in rows:
                t = race(contenders, repeats)
                tt = t.get("torch", float("nan"))
                print(f"{name:44s} {threads:3d} {t['nchw']:8.2f} {t['nhwc']:8.2f} {tt:9.2f} "
                      f"{t['nchw'] / tt:10.2f} {t['nhwc'] / t['nchw']:9.2f}", flush=True)
            if args.profile:
                for case in cases:
                    print(f"  profile {case.name}: {profile_case(case, repeats)}", flush=True)


if __name__ == "__main__":
    main()
