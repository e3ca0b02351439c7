"""The ``ligero`` command line: list, run, evaluate, --version, errors and exit codes."""

from __future__ import annotations

import json

import pytest

import ligero
from ligero import experiments
from ligero.cli import main
from ligero.experiments import RunConfig, RunOutput, register


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"ligero {ligero.__version__}"


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "usage" in capsys.readouterr().out


def test_list(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in ("perceptron", "perceptron2"):
        assert f"  {name} " in out
    assert "P2 Ej1" in out and "P2 Ej2" in out


def test_unknown_experiment_exit_2(capsys):
    assert main(["run", "no-such-thing"]) == 2
    err = capsys.readouterr().err
    assert "unknown experiment 'no-such-thing'" in err
    assert "perceptron" in err and "perceptron2" in err


def test_unknown_option_exit_2(tmp_path, capsys):
    assert main(["run", "perceptron", "--out", str(tmp_path), "--no-such-option", "1"]) == 2
    assert "--no-such-option" in capsys.readouterr().err


def test_run_without_name(capsys):
    assert main(["run"]) == 2
    assert "perceptron" in capsys.readouterr().err


def test_run_help_shows_common_options(capsys):
    assert main(["run", "perceptron", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--epochs" in out and "--data-dir" in out and "P2 Ej1" in out


def test_evaluate_on_a_missing_model_is_one_clear_error(tmp_path, capsys):
    missing = tmp_path / "model.ligero"
    assert main(["evaluate", str(missing), "--data", str(tmp_path / "x.txt")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "model.ligero" in err and "Traceback" not in err


# ---------------------------------------------------------------------------
# experiment options, errors and the registry, with a throw-away experiment
# ---------------------------------------------------------------------------


@pytest.fixture
def toy(monkeypatch):
    """Register a temporary experiment ``toy`` with options, in its own table entry."""
    monkeypatch.setitem(experiments.EXPERIMENTS, "toy", __name__)
    monkeypatch.setattr(experiments._run, "_REGISTRY", dict(experiments._run._REGISTRY))
    seen = {}

    @register("toy", help="a toy", options=[
        ("--n", {"type": int, "default": 5, "help": "inputs"}),
        ("--hidden-units", {"type": int, "default": 10}),
        ("--fail", {"action": "store_true"}),
    ])
    def run(config: RunConfig) -> dict:
        seen["config"] = config
        if config.extra["fail"]:
            raise ligero.DataError("bad data in toy.txt")
        out = RunOutput(config, title="Toy")
        for epoch in range(config.epochs_or(3)):
            out.log_epoch(loss=1.0 / (epoch + 1), accuracy=0.5, val_loss=float("nan"))
        out.final["accuracy"] = 0.5
        return out.finish(report="toy body", extra_section={"k": 1})

    return seen


def test_experiment_options_reach_config(tmp_path, toy):
    assert main(["run", "toy", "--out", str(tmp_path), "--n", "7", "--epochs", "2", "--seed", "3",
                 "--data", str(tmp_path), "-q"]) == 0
    config = toy["config"]
    assert config.extra == {"n": 7, "hidden_units": 10, "fail": False}
    assert (config.seed, config.epochs, config.data_dir) == (3, 2, tmp_path)
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["history"]["loss"] == [1.0, 0.5]
    assert metrics["history"]["val_loss"] == [None, None]  # NaN is not JSON
    assert metrics["final"] == {"accuracy": 0.5}
    assert metrics["extra_section"] == {"k": 1}
    assert metrics["config"]["extra"]["n"] == 7
    report = (tmp_path / "report.md").read_text()
    assert report.startswith("# Toy") and "toy body" in report


def test_default_out_is_runs_name(tmp_path, toy, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["run", "toy", "-q"]) == 0
    assert (tmp_path / "runs" / "toy" / "metrics.json").exists()


def test_ligero_error_is_one_line_exit_1(tmp_path, toy, capsys):
    assert main(["run", "toy", "--out", str(tmp_path), "--fail"]) == 1
    err = capsys.readouterr().err
    assert err == "error: bad data in toy.txt\n"


def test_debug_shows_the_exception(tmp_path, toy):
    with pytest.raises(ligero.DataError):
        main(["--debug", "run", "toy", "--out", str(tmp_path), "--fail"])


def test_run_from_python(tmp_path, toy):
    metrics = experiments.run("toy", out=tmp_path, quiet=True, n=9)
    assert toy["config"].extra == {"n": 9, "hidden_units": 10, "fail": False}
    assert metrics["experiment"] == "toy"


def test_unavailable_module_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setitem(experiments.EXPERIMENTS, "ghost", "ligero.experiments.ghost_not_written_yet")
    with pytest.raises(experiments.ExperimentUnavailableError, match="does not exist yet"):
        experiments.get("ghost")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "ghost" in out and "unavailable" in out and "perceptron2" in out
    assert main(["run", "ghost"]) == 1


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    """``ligero run perceptron | head -1``: no BrokenPipeError traceback, exit code 0."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "ligero.cli", "run", "perceptron", "--out", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline()  # the reader takes one line, then goes away
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err
