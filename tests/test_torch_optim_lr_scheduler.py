"""ligero.optim.lr_scheduler against torch.optim.lr_scheduler: the learning-rate sequences, epoch by epoch."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero.nn.parameter import Parameter

EPOCHS = 14


def _sequence(optim, make, epochs: int = EPOCHS, groups: int = 2, opt_name: str = "SGD",
              opt_kwargs: dict | None = None) -> list[list[float]]:
    def param():
        if optim is lg.optim:
            return Parameter(np.ones(2))
        torch = pytest.importorskip("torch")
        return torch.ones(2, requires_grad=True)

    group_list = [{"params": [param()], "lr": 0.1 * (i + 1)} for i in range(groups)]
    opt = getattr(optim, opt_name)(group_list, **({"momentum": 0.9} if opt_kwargs is None else opt_kwargs))
    sched = make(optim.lr_scheduler, opt)
    seen = [[float(v) for v in sched.get_last_lr()] + _momenta(opt)]
    for _ in range(epochs):
        opt.step()
        sched.step()
        seen.append([float(v) for v in sched.get_last_lr()] + _momenta(opt))
    return seen


def _momenta(opt) -> list[float]:
    g = opt.param_groups[0]
    return [float(g["betas"][0])] if "betas" in g else [float(g.get("momentum", 0.0))]


CASES = {
    "step": lambda S, o: S.StepLR(o, step_size=3, gamma=0.5),
    "multistep": lambda S, o: S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3),
    "exponential": lambda S, o: S.ExponentialLR(o, gamma=0.8),
    "cosine": lambda S, o: S.CosineAnnealingLR(o, T_max=4, eta_min=0.01),
    "cosine-no-min": lambda S, o: S.CosineAnnealingLR(o, T_max=5),
    "lambda": lambda S, o: S.LambdaLR(o, lr_lambda=lambda e: 0.9**e + 0.1),
    "lambda-per-group": lambda S, o: S.LambdaLR(o, lr_lambda=[lambda e: 1 / (1 + e), lambda e: 0.5]),
    "multiplicative": lambda S, o: S.MultiplicativeLR(o, lr_lambda=lambda e: 0.95),
    "linear": lambda S, o: S.LinearLR(o, start_factor=0.2, end_factor=0.9, total_iters=6),
    "constant": lambda S, o: S.ConstantLR(o, factor=0.25, total_iters=4),
    "onecycle": lambda S, o: S.OneCycleLR(o, max_lr=[1.0, 0.5], total_steps=EPOCHS),
    "onecycle-linear-3phase": lambda S, o: S.OneCycleLR(o, max_lr=0.8, total_steps=EPOCHS + 2,
                                                        anneal_strategy="linear", three_phase=True, pct_start=0.2),
    "sequential": lambda S, o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=3),
                                                  S.StepLR(o, step_size=2, gamma=0.5)], milestones=[4]),
    "sequential-3": lambda S, o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.5, total_iters=2),
                                                    S.ExponentialLR(o, gamma=0.9),
                                                    S.CosineAnnealingLR(o, T_max=3)], milestones=[3, 8]),
    "polynomial": lambda S, o: S.PolynomialLR(o, total_iters=6, power=2.0),
    "cyclic": lambda S, o: S.CyclicLR(o, base_lr=0.01, max_lr=[0.1, 0.2], step_size_up=3, step_size_down=2),
    "cyclic-triangular2": lambda S, o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2, mode="triangular2"),
    "cyclic-exp-range": lambda S, o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2, mode="exp_range",
                                                gamma=0.9, base_momentum=0.7, max_momentum=0.95),
    "warm-restarts": lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001),
    "warm-restarts-constant": lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=4),
    "chained": lambda S, o: S.ChainedScheduler([S.ExponentialLR(o, gamma=0.9), S.StepLR(o, step_size=3, gamma=0.5)]),
    "chained-linear-cosine": lambda S, o: S.ChainedScheduler([S.LinearLR(o, start_factor=0.5, total_iters=4),
                                                              S.CosineAnnealingLR(o, T_max=6)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_lr_sequence_matches_torch(name):
    torch = pytest.importorskip("torch")
    want = _sequence(torch.optim, CASES[name])
    got = _sequence(lg.optim, CASES[name])
    np.testing.assert_allclose(np.array(got), np.array(want), rtol=1e-12, atol=1e-15)


def test_onecycle_cycles_adams_beta1_like_torch():
    torch = pytest.importorskip("torch")
    make = CASES["onecycle"]
    want = _sequence(torch.optim, make, opt_name="Adam", opt_kwargs={})
    got = _sequence(lg.optim, make, opt_name="Adam", opt_kwargs={})
    np.testing.assert_allclose(np.array(got), np.array(want), rtol=1e-12)


def test_reduce_on_plateau_matches_torch():
    torch = pytest.importorskip("torch")
    metrics = [1.0, 0.9, 0.95, 0.97, 0.96, 0.98, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.4, 0.4, 0.41]

    def run(optim, **kwargs):
        p = Parameter(np.ones(1)) if optim is lg.optim else torch.ones(1, requires_grad=True)
        opt = optim.SGD([p], lr=0.1)
        sched = optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
        out = []
        for m in metrics:
            sched.step(m)
            out.append((sched.get_last_lr()[0], sched.num_bad_epochs, sched.cooldown_counter))
        return out

    for kwargs in [dict(factor=0.5, patience=1, cooldown=1, min_lr=0.02), dict(mode="max", patience=0),
                   dict(threshold_mode="abs", threshold=0.05, patience=1)]:
        np.testing.assert_allclose(np.array(run(lg.optim, **kwargs)), np.array(run(torch.optim, **kwargs)),
                                   rtol=1e-12)


def test_initial_lr_base_lrs_and_state_dict():
    p = Parameter(np.ones(1))
    opt = lg.optim.SGD([p], lr=0.4)
    sched = lg.optim.lr_scheduler.StepLR(opt, step_size=2)
    assert opt.param_groups[0]["initial_lr"] == 0.4 and sched.base_lrs == [0.4] and sched.last_epoch == 0
    for _ in range(3):
        opt.step()
        sched.step()
    state = sched.state_dict()
    assert "optimizer" not in state and state["last_epoch"] == 3
    other = lg.optim.lr_scheduler.StepLR(opt, step_size=5)
    other.load_state_dict(state)
    assert other.step_size == 2 and other.last_epoch == 3


def test_scheduler_errors():
    opt = lg.optim.SGD([Parameter(np.ones(1))], lr=0.1)
    with pytest.raises(TypeError, match="not an Optimizer"):
        lg.optim.lr_scheduler.StepLR(object(), step_size=1)
    with pytest.raises(KeyError, match="initial_lr"):
        lg.optim.lr_scheduler.StepLR(opt, step_size=1, last_epoch=3)
    with pytest.raises(ValueError, match="Factor"):
        lg.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=2.0)
    with pytest.raises(ValueError, match="total_steps"):
        lg.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0)
    sched = lg.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=2)
    sched.step()
    sched.step()
    with pytest.raises(ValueError, match="Tried to step 3 times"):
        sched.step()
