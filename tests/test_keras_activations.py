"""keras.activations: the new ops' gradients (float64 central differences), their values against
PyTorch where it has the same function, the Keras-only ones against formulas written out here,
and get/serialize/deserialize. The values against real Keras are the reference programs
tests/reference/keras/activation_*.py."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
import ligero.keras as keras
from conftest import assert_gradcheck, away_from_zero, randn
from ligero.errors import ConfigError, ShapeError
from ligero.ops import activation_keras as K

A = keras.activations


def _kinks_avoided(seed: int = 0) -> np.ndarray:
    """float64 values away from every kink the activations below have (0, ±0.5, ±1, ±3, 6)."""
    rng = np.random.default_rng(seed)
    base = rng.choice([-4.2, -2.2, -1.7, -0.8, -0.3, 0.3, 0.8, 1.3, 2.2, 4.4, 7.3], (3, 6))
    return base + rng.uniform(-0.05, 0.05, base.shape)


GRAD_CASES = {
    "relu_general": lambda x: K.relu_general(x, 0.1, 3.0, 0.5),
    "relu_negative_threshold": lambda x: K.relu_general(x, 0.2, None, -1.5),
    "relu6": A.relu6,
    "celu": lambda x: K.celu(x, 2.0),
    "hard_shrink": K.hard_shrink,
    "soft_shrink": lambda x: K.soft_shrink(x, 1.0),
    "sparse_plus": K.sparse_plus,
    "sparse_sigmoid": K.sparse_sigmoid,
    "squareplus": lambda x: K.squareplus(x, 1.5),
    "glu": K.glu,
    "tanh_shrink": A.tanh_shrink,
    "gelu": A.gelu,
    "gelu_tanh": lambda x: A.gelu(x, approximate=True),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_new_activation_gradients_match_central_differences(name):
    assert_gradcheck(GRAD_CASES[name], [_kinks_avoided()])


def test_sparsemax_gradient_and_simplex():
    x = randn(4, 5, seed=3) * 2
    assert_gradcheck(lambda t: K.sparsemax(t) * lg.tensor(randn(4, 5, seed=4)), [x])
    assert_gradcheck(lambda t: K.sparsemax(t, axis=0), [x])
    p = K.sparsemax(x).data
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    assert (p >= 0).all()


def test_sparsemax_by_hand():
    # sorted z = (0.5, 0.4, 0.3, -1): support 3 (1 + 3·0.3 > 1.2, 1 - 4 < 0.2), τ = (1.2 - 1)/3
    p = K.sparsemax(np.array([0.3, -1.0, 0.5, 0.4])).data
    np.testing.assert_allclose(p, [0.3 - 0.2 / 3, 0.0, 0.5 - 0.2 / 3, 0.4 - 0.2 / 3], rtol=1e-12)


TORCH_SAME = [  # (keras name, keras kwargs, torch.nn.functional name, torch kwargs)
    ("relu6", {}, "relu6", {}),
    ("leaky_relu", {}, "leaky_relu", {"negative_slope": 0.2}),
    ("elu", {"alpha": 0.5}, "elu", {"alpha": 0.5}),
    ("celu", {"alpha": 2.0}, "celu", {"alpha": 2.0}),
    ("selu", {}, "selu", {}),
    ("gelu", {}, "gelu", {}),
    ("gelu", {"approximate": True}, "gelu", {"approximate": "tanh"}),
    ("silu", {}, "silu", {}),
    ("mish", {}, "mish", {}),
    ("softplus", {}, "softplus", {}),
    ("softsign", {}, "softsign", {}),
    ("hard_sigmoid", {}, "hardsigmoid", {}),
    ("hard_silu", {}, "hardswish", {}),
    ("hard_tanh", {}, "hardtanh", {}),
    ("hard_shrink", {"threshold": 1.0}, "hardshrink", {"lambd": 1.0}),
    ("soft_shrink", {"threshold": 1.0}, "softshrink", {"lambd": 1.0}),
    ("tanh_shrink", {}, "tanhshrink", {}),
    ("log_sigmoid", {}, "logsigmoid", {}),
    ("glu", {}, "glu", {"dim": -1}),
    ("log_softmax", {"axis": 0}, "log_softmax", {"dim": 0}),
]


@pytest.mark.parametrize(("name", "kwargs", "torch_name", "torch_kwargs"), TORCH_SAME,
                         ids=[f"{c[0]}{'-' + str(c[1]) if c[1] else ''}" for c in TORCH_SAME])
def test_values_and_gradients_match_torch(name, kwargs, torch_name, torch_kwargs):
    torch = pytest.importorskip("torch")
    x = _kinks_avoided(seed=1)
    g = randn(*x.shape[:-1], x.shape[-1] // (2 if name == "glu" else 1), seed=2)
    ours_x = lg.tensor(x, requires_grad=True, dtype="float64")
    ours = getattr(A, name)(ours_x, **kwargs)
    (ours * lg.tensor(g)).sum().backward()
    theirs_x = torch.tensor(x, requires_grad=True)
    theirs = getattr(torch.nn.functional, torch_name)(theirs_x, **torch_kwargs)
    (theirs * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)
    rtol = 1e-7 if name == "hard_sigmoid" else 1e-9  # torch's hardsigmoid backward uses a float32 1/6
    np.testing.assert_allclose(ours_x.grad.data, theirs_x.grad.numpy(), rtol=rtol, atol=1e-12)


def test_keras_only_activations_follow_their_formulas():
    x = _kinks_avoided(seed=5)
    np.testing.assert_allclose(A.relu(x, negative_slope=0.1, max_value=3.0, threshold=0.5).data,
                               np.where(x > 0.5, np.clip(x, 0, 3), 0) + 0.1 * np.minimum(x - 0.5, 0))
    np.testing.assert_allclose(A.sparse_plus(x).data, np.where(x >= 1, x, np.where(x > -1, (x + 1) ** 2 / 4, 0)))
    np.testing.assert_allclose(A.sparse_sigmoid(x).data, np.clip((x + 1) / 2, 0, 1))
    np.testing.assert_allclose(A.squareplus(x, b=2).data, (x + np.sqrt(x * x + 2)) / 2)
    np.testing.assert_allclose(A.threshold(x, 0.5, -9.0).data, np.where(x > 0.5, x, -9.0))
    np.testing.assert_allclose(A.exponential(x).data, np.exp(x))
    assert A.linear(x) is x


def test_names_aliases_and_parameters():
    assert A.get("swish").name == "silu" and A.get("hard_swish").name == "hard_silu"
    assert A.get(None).name == "linear"
    np.testing.assert_allclose(A.get("leaky_relu")(np.array([-1.0])).data, [-0.2])  # Keras's default
    np.testing.assert_allclose(A.get("leaky_relu", alpha=0.1)(np.array([-1.0])).data, [-0.1])  # older name
    softmax0 = A.get({"name": "softmax", "axis": 0})
    np.testing.assert_allclose(softmax0(np.ones((2, 3))).data, np.full((2, 3), 0.5))
    assert A.get({"module": "keras.activations", "class_name": "function", "config": "selu"}).name == "selu"
    with pytest.raises(ConfigError, match=r"takes no parameter\(s\) \['alpha'\].*it takes no parameters"):
        A.get("tanh", alpha=0.1)
    with pytest.raises(ConfigError, match=r"needs the parameter\(s\) \['threshold', 'default_value'\]"):
        A.get("threshold")
    with pytest.raises(ShapeError, match="even size"):
        A.glu(np.ones((2, 3)))


def test_serialize_deserialize_and_layers():
    assert [A.serialize(n) for n in ("relu", "swish", "hard_swish", A.gelu)] == ["relu", "silu", "hard_silu", "gelu"]
    assert A.serialize(A.get("elu", alpha=0.5)) == {"name": "elu", "alpha": 0.5}
    assert A.deserialize("mish").name == "mish"
    assert A.deserialize({"name": "elu", "alpha": 0.5}).params == {"alpha": 0.5}
    with pytest.raises(ConfigError, match="custom activation 'my_act'"):
        A.serialize(lambda_act)
    assert A.deserialize("my_act", custom_objects={"my_act": lambda_act}).fn is lambda_act
    dense = keras.layers.Dense(3, activation="gelu")
    assert dense.get_config()["activation"] == "gelu"
    assert keras.layers.Dense.from_config(dense.get_config()).activation.name == "gelu"
    layer = keras.layers.Activation("selu")
    assert layer.get_config()["activation"] == "selu"
    x = away_from_zero(2, 3)
    np.testing.assert_allclose(layer(x).data, A.selu(x).data)
    assert layer.activation.__name__ == "selu"


def lambda_act(x):
    return x


lambda_act.__name__ = "my_act"
