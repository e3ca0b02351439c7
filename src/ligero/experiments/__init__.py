"""The course exercises, one module each, run by name: ``ligero run NAME``.

``EXPERIMENTS`` maps every name to the module that registers it with
:func:`register`; modules are imported only when their experiment is asked
for. To add an experiment, add one line here and write the module::

    # ligero/experiments/xor.py
    from ligero.experiments import RunConfig, RunOutput, register

    @register("xnor", help="P2 Ej6: XNOR with two tanh architectures")
    def run(config: RunConfig) -> dict:
        out = RunOutput(config, title="XNOR")
        ...
        return out.finish(report="...")

From Python: ``ligero.experiments.run("perceptron", out="runs/p1")``.
"""

from ligero.experiments._run import (
    Experiment,
    ExperimentUnavailableError,
    RunConfig,
    RunOutput,
    UnknownExperimentError,
    get,
    markdown_table,
    names,
    register,
    run,
    text_table,
    to_jsonable,
    write_json,
)

# name -> module that registers it (one line per experiment; keep course order)
EXPERIMENTS: dict[str, str] = {
    "perceptron": "ligero.experiments.perceptron",
    "perceptron2": "ligero.experiments.perceptron",
    "cifar-mse": "ligero.experiments.cifar",
    "cifar-cce": "ligero.experiments.cifar",
    "cifar-relu": "ligero.experiments.cifar",
    "xnor": "ligero.experiments.xor",
    "parity": "ligero.experiments.parity",
    "cifar-deep": "ligero.experiments.cifar",
    "linear": "ligero.experiments.linear_models",
    "mnist": "ligero.experiments.mnist",
    "mnist-softmax": "ligero.experiments.mnist_deck",
    "mnist-mlp": "ligero.experiments.mnist_deck",
    "perceptron-rule": "ligero.experiments.perceptron_rule",
    "cnn": "ligero.experiments.cnn",
    "cifar-cnn": "ligero.experiments.cnn",
    "mnist-cnn": "ligero.experiments.mnist_deck",
    "regression": "ligero.experiments.regression",
    "regularization": "ligero.experiments.regularization",
    "leaderboard": "ligero.experiments.leaderboard",
    "images": "ligero.experiments.images",
}

__all__ = [
    "EXPERIMENTS", "Experiment", "ExperimentUnavailableError", "RunConfig", "RunOutput",
    "UnknownExperimentError", "get", "markdown_table", "names", "register", "run", "text_table",
    "to_jsonable", "write_json",
]
