"""The benchmark harness runs, and its hand-written NumPy baseline computes the right thing.

Never asserts speed: only that the functions execute on tiny sizes and that the
baselines are correct (finite differences; the same weights after a few steps
as PyTorch and as ligero's own fit, from the same start).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


B = _load("baselines")
R = _load("run")

HAS_TORCH = B.torch_available()
TINY = {
    "mse": B.Workload("tiny-mse", (6, 5, 3), "mse", batch_size=4, lr=0.05, l2=0.01),
    "cce": B.Workload("tiny-cce", (6, 5, 3), "cce", batch_size=4, lr=0.05, l2=0.01),
    "deep": B.Workload("tiny-deep", (6, 5, 4, 3), "cce", batch_size=4, lr=0.05, l2=0.01),
    "xnor": B.WORKLOADS["xnor"].with_(epochs=3),
}


def _ligero_fit_available():
    try:
        R._ligero_modules()
    except R.Unavailable:
        return False
    return True


def _numeric_grad(f, arr, eps=1e-6):
    g = np.zeros_like(arr)
    it = np.nditer(arr, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = arr[i]
        arr[i] = old + eps
        up = f()
        arr[i] = old - eps
        down = f()
        arr[i] = old
        g[i] = (up - down) / (2 * eps)
    return g


def assert_same_layers(got, expected, rtol, atol):
    """Each layer's (W, b) of ``got`` equals ``expected``'s, and they have as many layers."""
    assert len(got) == len(expected)
    for (w1, b1), (w2, b2) in zip(got, expected):
        np.testing.assert_allclose(w1, w2, rtol=rtol, atol=atol)
        np.testing.assert_allclose(b1, b2, rtol=rtol, atol=atol)


@pytest.mark.parametrize("key", ["mse", "cce", "deep", "xnor"])
def test_hand_numpy_gradients_match_finite_differences(key):
    wl = TINY[key]
    x, t, labels = B.make_data(wl, 7, seed=1)
    params = B.init_params(wl.sizes, seed=2, dtype=np.float64)
    for _, b in params:  # non-zero biases, so their gradients are exercised too
        b += np.linspace(-0.3, 0.3, b.size)
    x, t = x.astype(np.float64), t.astype(np.float64)
    _, grads = B.numpy_grads(params, x, t, labels, wl)
    for (w, b), (dw, db) in zip(params, grads):
        loss = lambda: B.numpy_grads(params, x, t, labels, wl)[0]  # noqa: E731
        np.testing.assert_allclose(dw, _numeric_grad(loss, w), rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(db, _numeric_grad(loss, b), rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("key", ["mse", "cce", "deep", "xnor"])
def test_numpy_fit_steps_are_the_checked_gradients(key):
    """numpy_fit (the timed loop) takes exactly the steps numpy_grads computes."""
    wl = TINY[key]
    x, t, labels = B.make_data(wl, 8, seed=3)
    start = B.init_params(wl.sizes, seed=4)
    fitted = B.copy_params(start)
    B.numpy_fit(fitted, x, t, labels, wl, epochs=1, shuffle=False)
    manual = B.copy_params(start)
    for lo in range(0, len(x), wl.batch_size):
        sl = slice(lo, lo + wl.batch_size)
        _, grads = B.numpy_grads(manual, x[sl], t[sl], labels[sl], wl)
        for (w, b), (dw, db) in zip(manual, grads):
            w -= wl.lr * dw
            b -= wl.lr * db
    assert_same_layers(fitted, manual, rtol=1e-5, atol=1e-6)


def test_numpy_fit_reports_loss_and_accuracy_and_learns_xnor():
    wl = B.WORKLOADS["xnor"]
    x, t, labels = B.make_data(wl)
    params = B.init_params(wl.sizes, seed=0)
    loss0, _ = B.numpy_fit(B.copy_params(params), x, t, labels, wl.with_(lr=0.0), epochs=1)
    loss, acc = B.numpy_fit(params, x, t, labels, wl, epochs=2000)
    assert np.isfinite(loss) and 0.0 <= acc <= 1.0
    assert loss < loss0


@pytest.mark.skipif(not HAS_TORCH, reason="torch not installed")
@pytest.mark.parametrize("key", ["mse", "cce", "deep", "xnor"])
def test_hand_numpy_matches_torch_from_the_same_start(key):
    import torch

    wl = TINY[key]
    x, t, labels = B.make_data(wl, 12, seed=5)
    start = B.init_params(wl.sizes, seed=6)
    mine = B.copy_params(start)
    loss_np, acc_np = B.numpy_fit(mine, x, t, labels, wl, epochs=3, shuffle=False)
    model, opt = B.torch_model(start, wl)
    loss_t, acc_t = B.torch_fit(
        model, opt, torch.from_numpy(x), torch.from_numpy(t), torch.from_numpy(labels), wl, epochs=3, shuffle=False
    )
    assert loss_np == pytest.approx(loss_t, rel=1e-4)
    assert acc_np == acc_t
    assert_same_layers(mine, B.torch_params(model), rtol=1e-4, atol=1e-5)


@pytest.mark.skipif(not HAS_TORCH, reason="torch not installed")
@pytest.mark.parametrize("key", ["mse", "cce", "xnor"])
def test_typical_torch_loop_computes_the_same_steps(key):
    import torch

    wl = TINY[key]
    x, t, labels = B.make_data(wl, 12, seed=9)
    start = B.init_params(wl.sizes, seed=10)
    mine = B.copy_params(start)
    B.numpy_fit(mine, x, t, labels, wl, epochs=2, shuffle=False)
    model, opt = B.torch_model(start, wl, weight_decay=False)
    tensors = (torch.from_numpy(x), torch.from_numpy(t), torch.from_numpy(labels))
    B.torch_fit_typical(model, opt, *tensors, wl, epochs=2, shuffle=False)
    assert_same_layers(mine, B.torch_params(model), rtol=1e-4, atol=1e-5)


@pytest.mark.skipif(not _ligero_fit_available(), reason="ligero.Sequential not there yet")
@pytest.mark.parametrize("key", ["mse", "cce", "deep", "xnor"])
def test_hand_numpy_matches_ligero_fit_from_the_same_start(key):
    wl = TINY[key]
    x, t, labels = B.make_data(wl, 12, seed=7)
    start = B.init_params(wl.sizes, seed=8)
    mine = B.copy_params(start)
    loss_np, acc_np = B.numpy_fit(mine, x, t, labels, wl, epochs=3, shuffle=False)
    model = R.ligero_model(wl)
    model.set_weights([a for pair in start for a in pair])
    history = model.fit(x, t, batch_size=wl.batch_size, epochs=3, verbose=0, shuffle=False)
    # the same reported numbers: loss with the penalty at each batch's weights, and accuracy
    assert history.history["loss"][-1] == pytest.approx(loss_np, rel=1e-5)
    assert history.history["accuracy"][-1] == pytest.approx(acc_np)
    got = model.get_weights()
    want = [a for pair in mine for a in pair]
    assert len(got) == len(want)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_gemm_floor_runs_on_short_last_batch():
    wl = TINY["deep"]
    x, _, _ = B.make_data(wl, 10)
    B.GemmEpoch(B.init_params(wl.sizes), wl.batch_size)(x, epochs=2)


def test_make_data_shapes():
    wl = B.WORKLOADS["cifar-cce"]
    x, t, labels = B.make_data(wl, 16)
    assert x.shape == (16, 3072) and x.dtype == np.float32
    assert t.shape == (16, 10) and t.dtype == np.float32
    assert (t.argmax(axis=1) == labels).all()
    x, t, _ = B.make_data(B.WORKLOADS["cnn"], 3)
    assert x.shape == (3, 3, 32, 32)
    x, t, _ = B.make_data(B.WORKLOADS["cnn-last"], 3)
    assert x.shape == (3, 32, 32, 3) and B.nchw_shape(B.WORKLOADS["cnn-last"]) == (3, 32, 32)
    x, t, _ = B.make_data(B.WORKLOADS["xnor"])
    assert x.shape == (4, 2) and set(t[:, 0]) == {-1.0, 1.0}


@pytest.mark.parametrize("name", ["cifar-mse", "xnor", "cnn", "cnn-last", "cifar-cnn-last"])
def test_time_workload_runs_every_contender_or_says_why(name):
    wl = B.WORKLOADS[name]
    if wl.kind == "mlp" and name != "xnor":
        wl = wl.with_(sizes=(3072, 8, 10))
    res = R.time_workload(wl.with_(epochs=min(wl.epochs, 2)), samples=40, repeats=2)
    assert set(res["contenders"]) == set(R.CONTENDERS)
    for name_, v in res["contenders"].items():
        assert ("seconds" in v) != ("error" in v), name_
        if "seconds" in v:
            assert v["seconds"] > 0 and len(v["runs"]) == 2
    assert "seconds" in res["contenders"]["numpy"] or wl.kind == "cnn"
    rows = R.main_table([res])
    assert len(rows) == 2 and all(isinstance(c, str) for c in rows[1])


def test_memory_child_reports_peak(tmp_path):
    res = R.measure_memory("numpy", samples=64)
    assert "error" not in res, res
    assert res["peak_mb"] > 0 and res["data_mb"] > 0


def test_main_writes_markdown_json_and_plot(tmp_path):
    md, js, png = tmp_path / "t.md", tmp_path / "t.json", tmp_path / "t.png"
    report = R.main(["--only", "xnor", "--repeats", "1", "--markdown", str(md), "--json", str(js), "--plot", str(png)])
    assert report["workloads"][0]["workload"] == "xnor"
    text = md.read_text()
    assert "xnor" in text and "| workload |" in text
    assert "best repeats" not in text  # one repeat: no second table
    assert js.exists()
    report = R.main(["--only", "xnor", "--repeats", "2", "--contenders", "ligero,numpy", "--markdown", str(md)])
    res = report["workloads"][0]
    best = res["contenders"]["numpy"]["min"] / res["contenders"]["ligero"]["min"]
    assert f"| xnor | n/a | {best:.2f}x | n/a |" in md.read_text()  # the ratio of the best repeats
    # the plot needs a sweep; a small one keeps the test quick
    report = {"batch-sweep": [], "width-sweep": []}
    wl = B.WORKLOADS["cifar-cce"].with_(sizes=(3072, 4, 10))
    data = B.make_data(wl, 64)
    for bs in (16, 32):
        res = R.time_workload(wl.with_(batch_size=bs), repeats=1, contenders=("numpy", "gemm"), data=data)
        res["batch_size"] = bs
        report["batch-sweep"].append(res)
    R.write_plot(str(png), report)
    assert png.stat().st_size > 0


def test_layout_table_pairs_the_cnn_data_formats():
    results = [R.time_workload(B.WORKLOADS[name], samples=8, repeats=1, contenders=("ligero",))
               for name in ("cnn", "cnn-last")]
    rows = R.layout_table(results)
    assert len(rows) == 2 and rows[1][0] == "cnn" and rows[1][3].endswith("x")
