"""Files cross between real PyTorch and ligero: torch.save -> ligero.load and ligero.save -> torch.load."""

from __future__ import annotations

import numpy as np
import pytest

from ligero.nn import Parameter
from ligero.serialization import load, save
from ligero.tensor import Tensor

torch = pytest.importorskip("torch")


def test_torch_state_dict_and_optimizer_state_read_by_ligero(tmp_path):
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.Linear(3, 2))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    net(torch.randn(5, 4)).sum().backward()
    opt.step()
    torch.save({"model": net.state_dict(), "optim": opt.state_dict(), "epoch": 3}, tmp_path / "ckpt.pt")
    out = load(tmp_path / "ckpt.pt")
    assert out["epoch"] == 3 and list(out["model"]) == list(net.state_dict())
    for name, value in net.state_dict().items():
        got = out["model"][name]
        assert isinstance(got, Tensor) and got.array.dtype == np.dtype(str(value.dtype).split(".")[1])
        np.testing.assert_array_equal(got.array, value.numpy())
    assert out["model"]._metadata == dict(net.state_dict()._metadata)
    state = out["optim"]["state"]
    assert sorted(state) == list(range(6)) and out["optim"]["param_groups"][0]["betas"] == (0.9, 0.999)
    np.testing.assert_array_equal(state[0]["exp_avg"].array, opt.state_dict()["state"][0]["exp_avg"].numpy())


def test_torch_views_parameters_and_scalars(tmp_path):
    base = torch.arange(20, dtype=torch.float64).reshape(4, 5)
    obj = {"t": base.t(), "row": base[2], "p": torch.nn.Parameter(torch.ones(3)), "size": torch.Size([2, 3]),
           "dtype": torch.int32, "half": torch.tensor([0.5, 2.0], dtype=torch.float16),
           "bf16": torch.tensor([1.5, -3.0], dtype=torch.bfloat16), "flag": torch.tensor(True)}
    torch.save(obj, tmp_path / "v.pt")
    out = load(tmp_path / "v.pt")
    np.testing.assert_array_equal(out["t"].array, base.t().numpy())
    np.testing.assert_array_equal(out["row"].array, base[2].numpy())
    assert np.shares_memory(out["t"].array, out["row"].array)
    assert isinstance(out["p"], Parameter) and out["p"].requires_grad
    assert tuple(out["size"]) == (2, 3) and str(out["dtype"]).endswith("int32")
    assert out["half"].array.dtype == np.float16 and out["bf16"].array.tolist() == [1.5, -3.0]
    assert out["flag"].array.dtype == np.bool_ and out["flag"].shape == ()


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int32", "uint8", "bool"])
def test_ligero_files_read_by_torch_weights_only(tmp_path, dtype):
    values = np.arange(12).reshape(3, 4) % 3
    array = values.astype(dtype)
    save({"x": Tensor(array, dtype=array.dtype), "view": Tensor(array[:, 1:3], dtype=array.dtype)}, tmp_path / "l.pt")
    out = torch.load(tmp_path / "l.pt", weights_only=True)
    assert str(out["x"].dtype) == f"torch.{dtype}"
    np.testing.assert_array_equal(out["x"].numpy(), array)
    np.testing.assert_array_equal(out["view"].numpy(), array[:, 1:3])
    assert out["view"].untyped_storage().data_ptr() == out["x"].untyped_storage().data_ptr()


def test_ligero_state_dict_loads_into_a_torch_module(tmp_path):
    rng = np.random.default_rng(0)
    weight, bias = rng.standard_normal((2, 3)).astype(np.float32), rng.standard_normal(2).astype(np.float32)
    from collections import OrderedDict
    save(OrderedDict(weight=Parameter(weight), bias=Parameter(bias)), tmp_path / "sd.pt")
    net = torch.nn.Linear(3, 2)
    net.load_state_dict(torch.load(tmp_path / "sd.pt", weights_only=True))
    x = rng.standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_allclose(net(torch.tensor(x)).detach().numpy(), x @ weight.T + bias, rtol=1e-6)
    loaded = torch.load(tmp_path / "sd.pt", weights_only=True)
    assert isinstance(loaded["weight"], torch.nn.Parameter) and loaded["weight"].requires_grad


def test_optimizer_like_state_round_trips_through_torch(tmp_path):
    state = {"state": {0: {"step": Tensor(np.array(2.0, np.float32)),
                           "momentum_buffer": Tensor(np.ones(3, np.float32))}},
             "param_groups": [{"lr": 0.1, "momentum": 0.9, "nesterov": False, "params": [0]}]}
    save(state, tmp_path / "o.pt")
    out = torch.load(tmp_path / "o.pt", weights_only=True)
    assert out["param_groups"] == state["param_groups"]
    assert out["state"][0]["step"].item() == 2.0 and out["state"][0]["momentum_buffer"].tolist() == [1.0] * 3
    torch.save(out, tmp_path / "o2.pt")
    again = load(tmp_path / "o2.pt")
    assert again["param_groups"] == state["param_groups"]
    np.testing.assert_array_equal(again["state"][0]["momentum_buffer"].array, np.ones(3, np.float32))
