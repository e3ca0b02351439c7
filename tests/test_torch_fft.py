"""torch.fft, complex tensors and the legacy tensor types, against real torch; the transforms'
gradients also by central differences in float64."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import ligero as lg

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 8))
W = RNG.normal(size=(3, 5)) + 1j * RNG.normal(size=(3, 5))

# real losses of a real (3, 8) input through the transforms: f(framework, x)
LOSSES = {
    "rfft_power": lambda t, x: (t.fft.rfft(x).abs() ** 2).sum(),
    "rfft_ortho_n": lambda t, x: t.fft.rfft(x, n=10, norm="ortho").abs().sum(),
    "rfft_cut_dim0": lambda t, x: t.fft.rfft(x, n=2, dim=0, norm="forward").real.sum(),
    "irfft_filter": lambda t, x: (t.fft.irfft(t.fft.rfft(x) * t.tensor([1.0, 1.0, 0.5, 0.2, 0.0]), n=8) ** 2).sum(),
    "irfft_odd": lambda t, x: (t.fft.irfft(t.fft.rfft(x), n=7) * t.arange(7.0)).sum(),
    "irfft_default_n": lambda t, x: t.fft.irfft(t.fft.rfft(x, norm="ortho")[:, :4], norm="ortho").pow(2).sum(),
    "fft_ifft": lambda t, x: (t.fft.ifft(t.fft.fft(x) * 2j).real * x).sum() + t.fft.fft(x, n=6).imag.pow(2).sum(),
    "fftn": lambda t, x: t.fft.fftn(x, norm="ortho").abs().sum() + t.fft.ifftn(x, s=(2, 4)).real.sum(),
    "fft2_angle": lambda t, x: (t.fft.fft2(x).angle() * t.fft.fft2(x).abs()).sum(),
    "view_as_real": lambda t, x: (t.view_as_real(t.fft.rfft(x)) ** 3).sum(),
    "complex_product": lambda t, x: (t.fft.rfft(x) * t.fft.rfft(x).conj()).real.sum() + t.complex(x, x * x).abs().sum(),
}


def _run(framework, name, x):
    leaf = framework.tensor(x.copy(), requires_grad=True)
    loss = LOSSES[name](framework, leaf)
    loss.backward()
    return loss.item(), leaf.grad.numpy().copy()


@pytest.mark.parametrize("name", LOSSES)
def test_transform_gradients_match_torch_and_central_differences(name):
    value, grad = _run(lg, name, X)
    t_value, t_grad = _run(torch, name, X)
    assert value == pytest.approx(t_value, rel=1e-10)
    np.testing.assert_allclose(grad, t_grad, rtol=1e-9, atol=1e-10)
    eps, numeric = 1e-6, np.zeros_like(X)
    for i in np.ndindex(X.shape):
        step = np.zeros_like(X)
        step[i] = eps
        numeric[i] = (_run(lg, name, X + step)[0] - _run(lg, name, X - step)[0]) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-6)


def test_complex_input_gradient_is_torchs_convention():
    def run(t):
        w = t.tensor(W.copy(), requires_grad=True)
        loss = (t.fft.irfft(w, n=8) ** 2).sum() + (t.fft.ifft(w).abs() ** 2).sum() + w.imag.sum()
        loss = loss + (w / (w * w + 2)).real.sum() + (w.conj() * w[0]).imag.sum()
        loss.backward()
        return w.grad.numpy()

    np.testing.assert_allclose(run(lg), run(torch), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("call", [
    lambda t, x: t.fft.fft(x), lambda t, x: t.fft.ifft(t.fft.fft(x), n=5, norm="forward"),
    lambda t, x: t.fft.rfft(x, dim=0), lambda t, x: t.fft.irfft(t.fft.rfft(x), n=8),
    lambda t, x: t.fft.fftn(x, s=(4, 4)), lambda t, x: t.fft.ifft2(x), lambda t, x: t.fft.fftshift(x, dim=1),
    lambda t, x: t.fft.ifftshift(x), lambda t, x: t.fft.fftfreq(7, d=0.1), lambda t, x: t.fft.rfftfreq(8),
])
def test_forward_values_dtypes_and_printing_match_torch(call):
    x32 = X.astype(np.float32)
    ours, theirs = call(lg, lg.tensor(x32)).resolve_conj(), call(torch, torch.tensor(x32)).resolve_conj()
    assert str(ours.dtype) == str(theirs.dtype) and tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-5, atol=1e-5)
    assert repr(ours) == repr(theirs)


def test_complex_tensors_print_and_promote_as_torch():
    z_ours = lg.complex(lg.tensor([1.0, -2.0, 0.0]), lg.tensor([0.5, 3.0, -1.25]))
    z_theirs = torch.complex(torch.tensor([1.0, -2.0, 0.0]), torch.tensor([0.5, 3.0, -1.25]))
    for f in (lambda z: z, lambda z: z * 2, lambda z: z + z.conj(), lambda z: z.real, lambda z: z.imag,
              lambda z: z.angle(), lambda z: z * z, lambda z: z.abs()):
        assert repr(f(z_ours)) == repr(f(z_theirs))
    assert z_ours.is_complex() and not z_ours.real.is_complex() and z_ours.dtype.is_complex
    assert lg.complex64 is lg.cfloat and str(lg.complex128) == "torch.complex128"
    with pytest.raises(RuntimeError, match="rfft expects a real input"):
        lg.fft.rfft(z_ours)
    with pytest.raises(ValueError, match="normalization mode"):
        lg.fft.fft(z_ours, norm="unitary")


def test_legacy_tensor_types_and_set_default_tensor_type():
    assert lg.LongTensor([1, 2]).dtype == lg.int64 and lg.FloatTensor(2, 3).shape == (2, 3)
    assert isinstance(lg.ones(2), lg.FloatTensor) and not isinstance(lg.ones(2), lg.DoubleTensor)
    assert repr(lg.FloatTensor) == "<class 'torch.FloatTensor'>"
    assert lg.ones(2).type(lg.DoubleTensor).dtype == lg.float64
    assert lg.LongTensor([1]).type("torch.FloatTensor").dtype == lg.float32
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lg.set_default_tensor_type(lg.DoubleTensor)
        assert "deprecated" in str(caught[0].message)
        assert lg.ones(2).dtype == lg.float64 and lg.tensor([1.5]).dtype == lg.float64
        with pytest.raises(TypeError, match="floating-point"):
            lg.set_default_tensor_type("torch.LongTensor")
    finally:
        lg.set_default_tensor_type("torch.FloatTensor")
    assert lg.get_default_dtype() == lg.float32


def test_python_complex_numbers_make_the_default_complex_dtype():
    for data in ([1 + 2j, 3j], 2.5 - 1j):
        assert repr(lg.tensor(data)) == repr(torch.tensor(data))
        assert str(lg.as_tensor(data).dtype) == str(torch.as_tensor(data).dtype)
