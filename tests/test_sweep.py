"""Sweeps: runs of a grid or random space, streamed to disk, resumable, the same on every backend."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from ligero.errors import ConfigError
from ligero.experiments.parity import final_accuracy, train
from ligero.sweep import (
    ResultsStore,
    Uniform,
    grid_runs,
    load,
    parse_options,
    parse_seeds,
    random_runs,
    success_rate,
    summarize,
    sweep,
    write_report,
)

GRID = {"n": [2, 3], "hidden": [0, 2]}  # hidden=0 is a bad configuration: Dense(0) refuses it
FIXED = {"epochs": 20}


def test_grid_runs_are_every_combination_times_seeds_with_readable_stable_ids() -> None:
    runs = grid_runs({"n": [2, 3], "hidden": [1]}, seeds=[0, 1])
    assert [r.run_id for r in runs] == ["hidden=1_n=2_seed=0", "hidden=1_n=2_seed=1",
                                        "hidden=1_n=3_seed=0", "hidden=1_n=3_seed=1"]
    assert runs[0].options == {"hidden": 1, "n": 2}


def test_random_runs_draw_the_same_configurations_for_the_same_sample_seed() -> None:
    space = {"lr": Uniform(1e-4, 1e-1, log=True), "batch": [32, 64]}
    a, b = random_runs(space, 5, seeds=[0], sample_seed=3), random_runs(space, 5, seeds=[0], sample_seed=3)
    assert a == b and len({r.run_id for r in a}) == 5
    assert all(1e-4 <= r.options["lr"] < 1e-1 and r.options["batch"] in (32, 64) for r in a)
    assert random_runs(space, 5, sample_seed=4) != a


def test_command_line_spellings_of_options_and_seeds() -> None:
    assert parse_options(["n=2,3", "act=tanh", "lr=log:1e-3..1e-1"]) == {
        "n": [2, 3], "act": ["tanh"], "lr": Uniform(1e-3, 0.1, log=True)}
    assert parse_seeds("0-3,7") == [0, 1, 2, 3, 7]
    with pytest.raises(ConfigError, match="NAME=VALUES"):
        parse_options(["n"])
    with pytest.raises(ConfigError, match="seeds"):
        parse_seeds("a-b")


def test_a_failing_run_is_recorded_and_the_others_complete(tmp_path) -> None:
    table = sweep(final_accuracy, GRID, seeds=[0], fixed=FIXED, out=tmp_path, backend="serial", progress=False)
    status = {r["run_id"]: r["status"] for r in table}
    assert status == {"hidden=0_n=2_seed=0": "error", "hidden=0_n=3_seed=0": "error",
                      "hidden=2_n=2_seed=0": "ok", "hidden=2_n=3_seed=0": "ok"}
    failed = next(r for r in table if r["status"] == "error")
    assert "units" in failed["error"]
    ok = next(r for r in table if r["run_id"] == "hidden=2_n=2_seed=0")
    _, history = train(2, 2, 0, 20)  # the same training outside the sweep
    assert ok["metrics"]["accuracy"] == history.history["sign_accuracy"][-1]


def test_a_sweep_started_again_runs_only_what_is_missing(tmp_path) -> None:
    grid = {"n": [2], "hidden": [1, 2]}
    sweep(final_accuracy, grid, seeds=[0], fixed=FIXED, out=tmp_path, backend="serial", progress=False)
    first = ResultsStore(tmp_path).records()
    table = sweep(final_accuracy, grid, seeds=[0, 1], fixed=FIXED, out=tmp_path, backend="serial",
                  progress=False)
    records = ResultsStore(tmp_path).records()
    assert records[: len(first)] == first  # the earlier runs were neither re-run nor rewritten
    assert sorted(r["run_id"] for r in records[len(first):]) == ["hidden=1_n=2_seed=1", "hidden=2_n=2_seed=1"]
    assert len(table) == 4


def test_a_folder_keeps_one_sweep(tmp_path) -> None:
    sweep(final_accuracy, {"n": [2], "hidden": [2]}, fixed=FIXED, out=tmp_path, backend="serial", progress=False)
    with pytest.raises(ConfigError, match="another output folder"):
        sweep(final_accuracy, {"n": [2], "hidden": [2]}, fixed={"epochs": 30}, out=tmp_path, backend="serial",
              progress=False)


def test_a_torn_last_line_is_skipped_with_a_warning(tmp_path) -> None:
    sweep(final_accuracy, {"n": [2], "hidden": [2]}, fixed=FIXED, out=tmp_path, backend="serial", progress=False)
    with open(tmp_path / "results.jsonl", "a") as f:
        f.write('{"run_id": "hidden=3_n')
    with pytest.warns(UserWarning, match="torn last line"):
        assert [r["run_id"] for r in load(tmp_path)] == ["hidden=2_n=2_seed=0"]


def test_summaries_give_statistics_over_seeds_and_success_rates() -> None:
    table = [{"run_id": f"a={a}_seed={s}", "config": {"a": a}, "seed": s, "status": "ok",
              "metrics": {"acc": v}} for a, s, v in [(1, 0, 1.0), (1, 1, 0.5), (2, 0, 1.0), (2, 1, 1.0)]]
    rows = summarize(table)
    assert rows[0] == {"a": 1, "runs": 2, "failed": 0, "acc_mean": 0.75, "acc_std": 0.25, "acc_min": 0.5,
                       "acc_max": 1.0}
    assert [(r["a"], r["solved"], r["rate"]) for r in success_rate(table, "acc", 1.0)] == [(1, 1, 0.5), (2, 2, 1.0)]


def test_report_writes_tables_and_the_figures(tmp_path) -> None:
    table = sweep(final_accuracy, {"n": [2, 3], "hidden": [1, 2]}, seeds=[0, 1], fixed=FIXED, out=tmp_path,
                  backend="serial", progress=False)
    text = write_report(table, tmp_path, "accuracy", ["n", "hidden"], success=1.0)
    assert "accuracy_mean" in text and "solved" in text
    for name in ("summary.md", "summary.csv", "accuracy_heatmap.png", "success.png", "report.md"):
        assert (tmp_path / name).stat().st_size > 0
    write_report(table, tmp_path / "one", "accuracy", ["n"], success=1.0)
    assert (tmp_path / "one" / "accuracy_band.png").exists() and (tmp_path / "one" / "success.png").exists()


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


BACKENDS = [
    "loky",
    pytest.param("dask", marks=pytest.mark.skipif(not _installed("distributed"), reason="dask not installed")),
    pytest.param("ray", marks=pytest.mark.skipif(not _installed("ray"), reason="ray not installed")),
]


@pytest.fixture(scope="module")
def serial_table(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("serial")
    sweep(final_accuracy, GRID, seeds=[0, 1], fixed=FIXED, out=out, backend="serial", progress=False)
    return load(out, stable=True)


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_gives_the_same_results_table(backend, serial_table, tmp_path) -> None:
    sweep(final_accuracy, GRID, seeds=[0, 1], fixed=FIXED, out=tmp_path, backend=backend, workers=2,
          progress=False)
    assert load(tmp_path, stable=True) == serial_table
    assert len({r["worker"] for r in load(tmp_path)}) >= 1


def test_unknown_backend_and_missing_grid_are_clear_errors(tmp_path) -> None:
    with pytest.raises(ConfigError, match="unknown backend 'spark'"):
        sweep(final_accuracy, GRID, fixed=FIXED, out=tmp_path, backend="spark", progress=False)
    with pytest.raises(ConfigError, match="either a grid"):
        sweep(final_accuracy, out=tmp_path, progress=False)


def test_command_line_sweep_of_an_experiment(tmp_path) -> None:
    out = tmp_path / "study"
    result = subprocess.run(
        [sys.executable, "-m", "ligero.cli", "sweep", "parity", "--grid", "n=2", "hidden=1,2", "--seeds", "0-1",
         "--epochs", "20", "--backend", "serial", "--out", str(out), "--metric", "accuracy", "--success", "1"],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "4 of 4 runs done" in result.stdout
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(r["run_id"] for r in records) == ["hidden=1_n=2_seed=0", "hidden=1_n=2_seed=1",
                                                    "hidden=2_n=2_seed=0", "hidden=2_n=2_seed=1"]
    assert all(set(r["metrics"]) >= {"accuracy", "patterns_learned"} for r in records)
    assert (out / "runs" / "hidden=1_n=2_seed=0" / "metrics.json").exists()  # each run has its own folder
