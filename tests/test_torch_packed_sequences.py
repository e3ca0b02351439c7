"""Packed sequences (torch.nn.utils.rnn) and the recurrent modules on them, against real torch."""

from __future__ import annotations

import numpy as np
import pytest

import ligero
import ligero.nn as lnn
from ligero.nn.utils import rnn as lrnn

torch = pytest.importorskip("torch")
trnn = torch.nn.utils.rnn

LENGTHS = [3, 5, 2, 5]  # unsorted, with a tie


def _data(steps: int = 5, batch: int = 4, features: int = 3) -> np.ndarray:
    return np.random.default_rng(0).standard_normal((batch, steps, features))


@pytest.mark.parametrize("batch_first", [True, False])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_pack_and_pad_match_torch(batch_first: bool, enforce_sorted: bool) -> None:
    x = _data()
    lengths = sorted(LENGTHS, reverse=True) if enforce_sorted else LENGTHS
    arr = x if batch_first else x.transpose(1, 0, 2)
    want = trnn.pack_padded_sequence(torch.from_numpy(arr), lengths, batch_first=batch_first,
                                     enforce_sorted=enforce_sorted)
    got = lrnn.pack_padded_sequence(ligero.from_numpy(arr), lengths, batch_first=batch_first,
                                    enforce_sorted=enforce_sorted)
    np.testing.assert_array_equal(got.data.numpy(), want.data.numpy())
    np.testing.assert_array_equal(got.batch_sizes.numpy(), want.batch_sizes.numpy())
    assert got.batch_sizes.dtype == ligero.int64
    for mine, theirs in ((got.sorted_indices, want.sorted_indices), (got.unsorted_indices, want.unsorted_indices)):
        assert (mine is None) == (theirs is None)
        if mine is not None:
            np.testing.assert_array_equal(mine.numpy(), theirs.numpy())
    padded, lens = lrnn.pad_packed_sequence(got, batch_first=batch_first, padding_value=-1.0, total_length=6)
    want_padded, want_lens = trnn.pad_packed_sequence(want, batch_first=batch_first, padding_value=-1.0,
                                                      total_length=6)
    np.testing.assert_array_equal(padded.numpy(), want_padded.numpy())
    np.testing.assert_array_equal(lens.numpy(), want_lens.numpy())


@pytest.mark.parametrize("kind", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("options", [{}, {"bidirectional": True, "num_layers": 2}])
def test_recurrent_modules_on_packed_input_match_torch(kind: str, options: dict) -> None:
    x = _data()
    ref = getattr(torch.nn, kind)(3, 4, batch_first=True, **options).double()
    mine = getattr(lnn, kind)(3, 4, batch_first=True, **options).double()
    mine.load_state_dict({k: v.detach().numpy().copy() for k, v in ref.state_dict().items()})
    tx = torch.from_numpy(x.copy()).requires_grad_()
    lx = ligero.tensor(x, requires_grad=True, dtype=ligero.float64)
    directions = 2 if options.get("bidirectional") else 1
    h0 = np.random.default_rng(1).standard_normal((options.get("num_layers", 1) * directions, 4, 4))
    hx_t = (torch.from_numpy(h0), torch.from_numpy(-h0)) if kind == "LSTM" else torch.from_numpy(h0)
    hx_l = (ligero.from_numpy(h0), ligero.from_numpy(-h0)) if kind == "LSTM" else ligero.from_numpy(h0)
    out_t, final_t = ref(trnn.pack_padded_sequence(tx, LENGTHS, batch_first=True, enforce_sorted=False), hx_t)
    out_l, final_l = mine(lrnn.pack_padded_sequence(lx, LENGTHS, batch_first=True, enforce_sorted=False), hx_l)
    assert isinstance(out_l, lrnn.PackedSequence)
    np.testing.assert_allclose(out_l.data.detach().numpy(), out_t.data.detach().numpy(), rtol=1e-10, atol=1e-12)
    finals_t = final_t if isinstance(final_t, tuple) else (final_t,)
    finals_l = final_l if isinstance(final_l, tuple) else (final_l,)
    for a, b in zip(finals_l, finals_t, strict=True):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)
    # gradients through the packed output and the final states, to the input and the weights
    weights = np.random.default_rng(2).standard_normal(out_t.data.shape)
    loss_t = (out_t.data * torch.from_numpy(weights)).sum() + sum(f.sum() for f in finals_t)
    loss_l = (out_l.data * ligero.from_numpy(weights)).sum() + sum(f.sum() for f in finals_l)
    loss_t.backward()
    loss_l.backward()
    np.testing.assert_allclose(lx.grad.numpy(), tx.grad.numpy(), rtol=1e-9, atol=1e-11)
    for (name, p), q in zip(mine.named_parameters(), ref.parameters(), strict=True):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-9, atol=1e-11, err_msg=name)
    padded, lens = lrnn.pad_packed_sequence(out_l, batch_first=True)
    assert padded.shape == (4, 5, 4 * directions) and lens.tolist() == LENGTHS


def test_pack_sequence_and_clear_errors() -> None:
    seqs = [ligero.ones(3, 2), ligero.ones(2, 2)]
    packed = lrnn.pack_sequence(seqs)
    assert packed.batch_sizes.tolist() == [2, 2, 1] and packed.data.shape == (5, 2)
    with pytest.raises(RuntimeError, match="sorted in decreasing order"):
        lrnn.pack_sequence(seqs[::-1])
    with pytest.raises(RuntimeError, match="greater than 0"):
        lrnn.pack_padded_sequence(ligero.ones(3, 2, 1), [3, 0])
    with pytest.raises(ValueError, match="batch_size"):
        lrnn.pack_padded_sequence(ligero.ones(3, 2, 1), [3])
    with pytest.raises(RuntimeError, match="input_size"):
        lnn.LSTM(4, 2)(packed)
