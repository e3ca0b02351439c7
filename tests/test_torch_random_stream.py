"""torch's random stream, value for value (ligero.torch_generator): after the same ``manual_seed``, the
random tensors, ``nn.init``, the modules' default initialisations, the DataLoader's shuffling and
``random_split`` give real torch's numbers (the 16-at-a-time float32 normals to an ulp or two)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero.torch_generator import TorchGenerator
from ligero.utils import data as lg_data

torch = pytest.importorskip("torch")

SIZES = [1, 3, 15, 16, 17, 40, 1000]


def _both(fn, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``fn(module)`` run on torch and on ligero after ``manual_seed(seed)``, as arrays."""
    out = []
    for mod in (torch, lg):
        mod.manual_seed(seed)
        out.append(np.asarray(fn(mod).detach().numpy()))
    return out[0], out[1]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_rand_and_uniform_are_torchs_exactly(n, dtype):
    want, got = _both(lambda m: m.rand(n, dtype=getattr(m, dtype)), seed=n)
    assert got.dtype == want.dtype and np.array_equal(got, want)
    want, got = _both(lambda m: m.empty(n, dtype=getattr(m, dtype)).uniform_(-3.0, 2.0), seed=n + 1)
    # float64: torch's a + (b - a)·u may be one fused multiply-add, an ulp apart; float32 rounds that away
    np.testing.assert_allclose(got, want, rtol=np.finfo(np.float64).eps if dtype == "float64" else 0, atol=0)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_randn_and_normal_are_torchs_on_both_paths(n, dtype):
    ulps = 2 if dtype == "float32" and n >= 16 else 0  # torch's vectorized float32 log/sin/cos
    eps = np.finfo(dtype).eps
    for fn in (lambda m: m.randn(n, dtype=getattr(m, dtype)),
               lambda m: m.empty(n, dtype=getattr(m, dtype)).normal_(1.5, 0.25)):
        want, got = _both(fn, seed=7)
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=(ulps + 1) * eps, atol=(ulps + 1) * eps)
    # the second value of a small Box-Muller pair is kept for the next call, and a seed clears it
    want, got = _both(lambda m: m.cat([m.randn(3), m.randn(3), m.manual_seed(7) and m.randn(2)]), seed=7)
    np.testing.assert_array_equal(got, want)


def test_integers_permutations_and_random_():
    for fn in (lambda m: m.randint(-5, 100, (50,)), lambda m: m.randint(0, 2**40, (9,)),
               lambda m: m.randint(10, (4, 3)), lambda m: m.randperm(1000), lambda m: m.randperm(1),
               lambda m: m.empty(6, dtype=m.int64).random_(), lambda m: m.empty(6, dtype=m.int32).random_(),
               lambda m: m.empty(6).random_(), lambda m: m.empty(6, dtype=m.float64).random_(),
               lambda m: m.empty(6).random_(7), lambda m: m.empty(6, dtype=m.int64).random_(3, 9)):
        want, got = _both(fn, seed=3)
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_normal_with_tensor_arguments_and_generators():
    want, got = _both(lambda m: m.normal(m.zeros(20), m.arange(20, dtype=m.float32) / 10 + 1), seed=1)
    np.testing.assert_allclose(got, want, rtol=3e-7, atol=3e-7)
    want, got = _both(lambda m: m.normal(2.0, 3.0, size=(2, 3)), seed=1)
    np.testing.assert_allclose(got, want, rtol=3e-7, atol=3e-7)
    want, got = _both(lambda m: m.rand(5, generator=m.Generator().manual_seed(11)), seed=0)
    np.testing.assert_array_equal(got, want)
    assert lg.Generator().initial_seed() == torch.Generator().initial_seed() == 67280421310721
    lg.manual_seed(123)
    assert lg.initial_seed() == 123


def test_generator_state_resumes_the_stream():
    g = lg.Generator().manual_seed(5)
    lg.randn(20, generator=g)
    lg.randn(3, generator=g)  # leaves a cached normal
    state = g.get_state()
    after = lg.randn(25, generator=g).numpy()
    g.set_state(state)
    np.testing.assert_array_equal(lg.randn(25, generator=g).numpy(), after)


def _modules(m):
    return [m.nn.Linear(5, 3), m.nn.Conv2d(2, 4, 3), m.nn.Conv1d(3, 2, 2, bias=False), m.nn.ConvTranspose2d(2, 3, 2),
            m.nn.LSTM(3, 4, num_layers=2, bidirectional=True), m.nn.GRU(2, 3), m.nn.RNNCell(2, 3),
            m.nn.Embedding(6, 3), m.nn.MultiheadAttention(4, 2), m.nn.Bilinear(2, 3, 2),
            m.nn.TransformerEncoderLayer(4, 2, dim_feedforward=8)]


def test_default_initialisations_are_torchs():
    values = {}
    for m in (torch, lg):
        m.manual_seed(0)
        values[m.__name__] = [(f"{type(mod).__name__}.{n}", p.detach().numpy().copy())
                              for mod in _modules(m) for n, p in mod.named_parameters()]
    assert [n for n, _ in values["ligero"]] == [n for n, _ in values["torch"]]
    for (name, got), (_, want) in zip(values["ligero"], values["torch"], strict=True):
        if name.startswith("Embedding"):  # N(0, 1) by 16s: torch's vectorized float32 log/sin/cos, an ulp or two
            np.testing.assert_allclose(got, want, rtol=3 * np.finfo(np.float32).eps, err_msg=name)
        else:  # uniform: exact
            np.testing.assert_array_equal(got, want, err_msg=name)


@pytest.mark.parametrize("name,kwargs", [
    ("uniform_", {"a": -1, "b": 2}), ("normal_", {"mean": 1, "std": 2}), ("xavier_uniform_", {"gain": 2}),
    ("xavier_normal_", {}), ("kaiming_uniform_", {"mode": "fan_out"}), ("kaiming_normal_", {"a": 0.1}),
    ("trunc_normal_", {"std": 0.5}), ("trunc_normal_", {"mean": 0.0, "std": 0.1, "a": 0.25, "b": 1.0}),
    ("orthogonal_", {"gain": 1.5})])
def test_nn_init_draws_are_torchs(name, kwargs):
    shape = (20, 30)
    want, got = _both(lambda m: getattr(m.nn.init, name)(m.empty(*shape), **kwargs), seed=2)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    follow, follow_ours = _both(lambda m: (getattr(m.nn.init, name)(m.empty(*shape), **kwargs), m.rand(3))[1], seed=2)
    np.testing.assert_array_equal(follow_ours, follow)  # the same number of draws was taken


def test_data_loader_shuffles_and_random_split_are_torchs():
    orders = {}
    for m, data in ((torch, torch.utils.data), (lg, lg_data)):
        m.manual_seed(0)
        ds = data.TensorDataset(m.arange(23))
        seen = [[b[0].tolist() for b in data.DataLoader(ds, batch_size=5, shuffle=True)] for _ in range(2)]
        seen.append([b[0].tolist() for b in data.DataLoader(ds, batch_size=10)])  # a pass draws a seed even so
        gen = m.Generator().manual_seed(4)
        seen.append([b[0].tolist() for b in data.DataLoader(ds, batch_size=10, shuffle=True, generator=gen)])
        seen.append([list(s) for s in data.random_split(range(10), [0.3, 0.7])])
        seen.append(list(data.RandomSampler(range(7), replacement=True, num_samples=40)))
        seen.append(list(data.RandomSampler(range(4), num_samples=10)))
        seen.append(m.rand(2).tolist())
        orders[m.__name__] = seen
    assert orders["ligero"] == orders["torch"]


def test_seeded_modules_draw_from_their_own_stream():
    lg.manual_seed(0)
    first = lg.nn.Linear(4, 3, seed=9).weight.detach().numpy().copy()
    after = lg.rand(2).numpy()
    lg.manual_seed(0)
    assert np.array_equal(lg.rand(2).numpy(), after)  # the seeded module took nothing from the default stream
    np.testing.assert_array_equal(lg.nn.Linear(4, 3, seed=9).weight.detach().numpy(), first)
    own = TorchGenerator(9)
    bound = 1 / np.sqrt(4)
    np.testing.assert_array_equal(first, own.uniform((3, 4), np.float32, -bound, bound))


def test_set_seed_resets_both_streams_and_bad_dtypes_are_refused():
    lg.set_seed(5)
    a = (lg.rand(3).numpy(), lg.random.get_global_rng().random())
    lg.set_seed(5)
    assert np.array_equal(lg.rand(3).numpy(), a[0]) and lg.random.get_global_rng().random() == a[1]
    with pytest.raises(RuntimeError, match="floating point"):
        lg.zeros(3, dtype=lg.int64).normal_()
    with pytest.raises(RuntimeError, match="from=5 >= to=5"):
        lg.randint(5, 5, (2,))


def _intel_cpu() -> bool:
    try:
        with open("/proc/cpuinfo") as f:
            return "GenuineIntel" in f.read()
    except OSError:
        return False


def test_bernoulli_of_a_probability_tensor_is_torchs():
    for fn in (lambda m: m.bernoulli(m.full((40,), 0.3)), lambda m: m.bernoulli(m.rand(5, 7, dtype=m.float64)),
               lambda m: m.empty(30).bernoulli_(m.full((30,), 0.8))):
        want, got = _both(fn, seed=4)
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_multinomial_with_replacement_is_torchs():
    probs = [[0.1, 0.2, 0.7], [0.5, 0.25, 0.25], [1.0, 3.0, 0.0]]
    for fn in (lambda m: m.multinomial(m.tensor(probs), 9, replacement=True),
               lambda m: m.multinomial(m.tensor(probs[2], dtype=m.float64), 20, replacement=True)):
        want, got = _both(fn, seed=8)
        assert got.dtype == want.dtype and np.array_equal(got, want)
    with pytest.raises(RuntimeError, match="sum of probabilities"):
        lg.multinomial(lg.zeros(3), 2, replacement=True)
    with pytest.raises(RuntimeError, match="without replacement"):
        lg.multinomial(lg.ones(3), 4)


@pytest.mark.skipif(_intel_cpu() and torch.backends.mkl.is_available(),
                    reason="on Intel CPUs torch draws bernoulli_(p) and dropout masks from MKL's generator "
                           "(and may draw exponential_ there too)")
def test_dropout_masks_exponentials_and_bernoulli_of_a_number_are_torchs():
    probs = [[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]
    for fn in (lambda m: m.empty(50).exponential_(1.5), lambda m: m.multinomial(m.tensor(probs), 2),
               lambda m: m.multinomial(m.tensor(probs), 1),
               lambda m: m.distributions.Categorical(probs=m.tensor(probs)).sample((3, 2)),
               lambda m: m.distributions.Exponential(m.tensor([0.5, 2.0])).rsample((4,)),
               lambda m: m.empty(50).bernoulli_(0.7),
               lambda m: m.nn.functional.dropout(m.ones(6, 9), 0.3),
               lambda m: m.nn.Dropout(0.5)(m.rand(4, 5) - 0.5),
               lambda m: m.nn.functional.dropout2d(m.ones(3, 4, 2, 2), 0.25),
               lambda m: m.cat([m.nn.functional.dropout(m.ones(20), 0.5), m.rand(3)])):
        want, got = _both(fn, seed=6)
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_dropout_mask_is_the_kept_fraction_scaled_and_its_gradient_the_mask():
    lg.manual_seed(0)
    x = lg.ones(2000, requires_grad=True)
    y = lg.nn.functional.dropout(x, 0.25)
    kept = y.detach().numpy() != 0
    assert abs(kept.mean() - 0.75) < 0.03
    np.testing.assert_array_equal(y.detach().numpy()[kept], np.float32(1) / np.float32(0.75))
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), y.detach().numpy())
