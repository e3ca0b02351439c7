"""nn.Transformer* against real PyTorch: torch's state dict loaded into ligero, the same outputs, the
same input and parameter gradients (eval mode, or dropout 0), the same parameter names and shapes."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import ligero as lg
import ligero.nn as nn
import ligero.nn.functional as LF

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:torch.*")  # torch's notes on its nested tensors
RNG = np.random.default_rng(21)
E, HEADS, FF = 8, 2, 12


def arr(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


def copy_state(lig, ref):
    """torch's parameters into ligero, after checking names and shapes are torch's."""
    assert [(k, tuple(v.shape)) for k, v in ref.named_parameters()] == \
        [(k, tuple(v.shape)) for k, v in lig.named_parameters()]
    assert list(ref.state_dict()) == list(lig.state_dict())
    result = lig.load_state_dict({k: v.detach().numpy().copy() for k, v in ref.state_dict().items()})
    assert not result.missing_keys and not result.unexpected_keys


def run_both(lig, ref, inputs, masks=None, train=False, rtol=1e-4, atol=3e-5):
    """Forward both on the same inputs (positional, float, differentiated) and masks (keyword, constant),
    then compare outputs, input gradients and parameter gradients of a random projection of the output."""
    masks = masks or {}
    copy_state(lig, ref)
    lig.train(train)
    ref.train(train)
    lin = [lg.tensor(x, requires_grad=True) for x in inputs]
    tin = [torch.tensor(x, requires_grad=True) for x in inputs]
    out = lig(*lin, **{k: None if v is None else lg.tensor(v) for k, v in masks.items()})
    rout = ref(*tin, **{k: None if v is None else torch.tensor(v) for k, v in masks.items()})
    np.testing.assert_allclose(out.array, rout.detach().numpy(), rtol=rtol, atol=atol)
    w = RNG.standard_normal(out.shape).astype(np.float32)
    (out * lg.tensor(w)).sum().backward()
    (rout * torch.tensor(w)).sum().backward()
    for a, b in zip(lin, tin):
        np.testing.assert_allclose(a.grad_array, b.grad.numpy(), rtol=rtol, atol=atol * 5)
    for (name, p), (_, rp) in zip(lig.named_parameters(), ref.named_parameters()):
        np.testing.assert_allclose(p.grad_array, rp.grad.numpy(), rtol=rtol, atol=atol * 5, err_msg=name)
    return out


def causal(n, kind):
    m = np.triu(np.ones((n, n), bool), 1)
    return m if kind == "bool" else np.where(m, -np.inf, 0).astype(np.float32)


def padding(kind, n=3, s=5):
    pad = np.zeros((n, s), bool)
    pad[0, 3:] = True
    pad[2, 4:] = True
    return pad if kind == "bool" else np.where(pad, -np.inf, 0).astype(np.float32)


def seq(n, s, batch_first):
    return arr(n, s, E) if batch_first else arr(s, n, E)


LAYER_OPTIONS = {
    "default": {},
    "batch_first": {"batch_first": True},
    "norm_first": {"norm_first": True},
    "gelu": {"activation": "gelu"},
    "no_bias": {"bias": False},
    "eps": {"layer_norm_eps": 1e-3, "batch_first": True, "norm_first": True},
}


@pytest.mark.parametrize("name", LAYER_OPTIONS)
@pytest.mark.parametrize("mask", ["none", "causal_bool", "causal_float", "pad_bool", "pad_float", "both"])
def test_encoder_layer_matches_torch(name, mask):
    kw = LAYER_OPTIONS[name]
    lig = nn.TransformerEncoderLayer(E, HEADS, FF, **kw)
    ref = torch.nn.TransformerEncoderLayer(E, HEADS, FF, **kw)
    kind = mask.split("_")[-1] if "_" in mask else "bool"
    masks = {"src_mask": causal(5, kind) if mask.startswith("causal") or mask == "both" else None,
             "src_key_padding_mask": padding(kind) if mask.startswith("pad") or mask == "both" else None}
    run_both(lig, ref, [seq(3, 5, kw.get("batch_first", False))], masks)


def test_encoder_layer_callable_activations_and_unbatched():
    for act, ref_act in [(LF.gelu, torch.nn.functional.gelu), (nn.GELU(approximate="tanh"),
                         torch.nn.GELU(approximate="tanh")), (lg.tanh, torch.tanh)]:
        lig = nn.TransformerEncoderLayer(E, HEADS, FF, activation=act)
        ref = torch.nn.TransformerEncoderLayer(E, HEADS, FF, activation=ref_act)
        run_both(lig, ref, [arr(5, E)], {"src_mask": causal(5, "float")})
    assert nn.TransformerEncoderLayer(E, HEADS, activation="relu").activation_relu_or_gelu == 1
    assert nn.TransformerEncoderLayer(E, HEADS, activation=nn.GELU()).activation_relu_or_gelu == 2
    assert nn.TransformerEncoderLayer(E, HEADS, activation=lg.tanh).activation_relu_or_gelu == 0


def test_encoder_layer_defaults_and_is_causal():
    lig, ref = nn.TransformerEncoderLayer(E, HEADS), torch.nn.TransformerEncoderLayer(E, HEADS)
    assert lig.linear1.weight.shape == (2048, E) and lig.dropout.p == 0.1 and lig.norm1.eps == 1e-5
    assert not lig.self_attn.batch_first and not lig.norm_first
    out = run_both(lig, ref, [seq(2, 4, False)], {"src_mask": causal(4, "float")})
    hinted = lig(lg.tensor(out.array), src_mask=lg.tensor(causal(4, "float")), is_causal=True)
    plain = lig(lg.tensor(out.array), src_mask=lg.tensor(causal(4, "float")))
    np.testing.assert_allclose(hinted.array, plain.array, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["default", "batch_first", "norm_first", "gelu", "no_bias"])
@pytest.mark.parametrize("mask", ["none", "causal_float", "causal_bool", "pads_bool", "pads_float", "all"])
def test_decoder_layer_matches_torch(name, mask):
    kw = LAYER_OPTIONS[name]
    lig = nn.TransformerDecoderLayer(E, HEADS, FF, **kw)
    ref = torch.nn.TransformerDecoderLayer(E, HEADS, FF, **kw)
    kind = mask.split("_")[-1] if "_" in mask else "float"
    masks = {}
    if mask.startswith("causal") or mask == "all":
        masks["tgt_mask"] = causal(5, kind)
        masks["memory_mask"] = np.where(RNG.random((5, 6)) < 0.3, -np.inf, 0).astype(np.float32)
        masks["memory_mask"][:, 0] = 0
    if mask.startswith("pads") or mask == "all":
        masks["tgt_key_padding_mask"] = padding(kind)
        masks["memory_key_padding_mask"] = padding(kind, s=6)
    bf = kw.get("batch_first", False)
    run_both(lig, ref, [seq(3, 5, bf), seq(3, 6, bf)], masks)


@pytest.mark.parametrize("batch_first", [False, True])
def test_encoder_and_decoder_stacks_match_torch(batch_first):
    layer = nn.TransformerEncoderLayer(E, HEADS, FF, batch_first=batch_first)
    lig = nn.TransformerEncoder(layer, 3, norm=nn.LayerNorm(E), enable_nested_tensor=False)
    ref_layer = torch.nn.TransformerEncoderLayer(E, HEADS, FF, batch_first=batch_first)
    ref = torch.nn.TransformerEncoder(ref_layer, 3, norm=torch.nn.LayerNorm(E), enable_nested_tensor=False)
    run_both(lig, ref, [seq(3, 5, batch_first)], {"mask": causal(5, "float"), "src_key_padding_mask": padding("bool")})
    dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(E, HEADS, FF, batch_first=batch_first), 2)
    ref_dec = torch.nn.TransformerDecoder(torch.nn.TransformerDecoderLayer(E, HEADS, FF, batch_first=batch_first), 2)
    assert dec.norm is None and len(dec.layers) == 2
    run_both(dec, ref_dec, [seq(3, 5, batch_first), seq(3, 6, batch_first)],
             {"tgt_mask": causal(5, "float"), "memory_key_padding_mask": padding("float", s=6)})


def test_encoder_padded_positions_as_torch_nested_path():
    """eval + no_grad + a left-aligned padding mask: torch's nested tensors give 0 at padded positions."""
    for left_aligned in (True, False):
        lig = nn.TransformerEncoder(nn.TransformerEncoderLayer(E, HEADS, FF, batch_first=True), 2)
        ref = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(E, HEADS, FF, batch_first=True), 2)
        copy_state(lig, ref)
        lig.eval()
        ref.eval()
        x = arr(3, 5, E)
        pad = padding("bool")
        if not left_aligned:
            pad[1, 0] = True
        with lg.no_grad():
            out = lig(lg.tensor(x), src_key_padding_mask=lg.tensor(pad)).array
        with torch.no_grad():
            rout = ref(torch.tensor(x), src_key_padding_mask=torch.tensor(pad)).numpy()
        np.testing.assert_allclose(out, rout, rtol=1e-4, atol=3e-5)
        assert np.all(out[pad] == 0) == left_aligned
        assert lig.use_nested_tensor == ref.use_nested_tensor


def test_use_nested_tensor_flag_as_torch():
    import warnings

    for kw in [{"batch_first": True}, {}, {"batch_first": True, "norm_first": True},
               {"batch_first": True, "activation": lg.tanh}, {"batch_first": True, "bias": False}]:
        ref_kw = dict(kw, activation=torch.tanh) if "activation" in kw else kw
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(E, HEADS, FF, **ref_kw), 1)
        lig = nn.TransformerEncoder(nn.TransformerEncoderLayer(E, HEADS, FF, **kw), 1)
        assert lig.use_nested_tensor == ref.use_nested_tensor, kw
    odd = nn.TransformerEncoder(nn.TransformerEncoderLayer(9, 3, FF, batch_first=True), 1)
    assert not odd.use_nested_tensor and odd.enable_nested_tensor


@pytest.mark.parametrize("options", [{}, {"batch_first": True, "norm_first": True, "activation": "gelu"}])
def test_transformer_matches_torch(options):
    lig = nn.Transformer(E, HEADS, 2, 2, FF, **options)
    ref = torch.nn.Transformer(E, HEADS, 2, 2, FF, **options)
    bf = options.get("batch_first", False)
    masks = {"tgt_mask": nn.Transformer.generate_square_subsequent_mask(4).array,
             "src_key_padding_mask": padding("bool", s=5), "memory_key_padding_mask": padding("bool", s=5)}
    run_both(lig, ref, [seq(3, 5, bf), seq(3, 4, bf)], masks)


def test_training_mode_without_dropout_matches_torch():
    lig = nn.Transformer(E, HEADS, 1, 1, FF, dropout=0.0)
    ref = torch.nn.Transformer(E, HEADS, 1, 1, FF, dropout=0.0)
    run_both(lig, ref, [seq(2, 5, False), seq(2, 3, False)], {"tgt_mask": causal(3, "bool")}, train=True)


def test_dropout_only_in_training():
    layer = nn.TransformerEncoderLayer(E, HEADS, FF, dropout=0.5)
    x = lg.tensor(arr(4, 2, E))
    first, second = layer(x).array, layer(x).array
    assert not np.allclose(first, second)
    layer.eval()
    np.testing.assert_array_equal(layer(x).array, layer(x).array)


def test_generate_square_subsequent_mask_and_is_causal_detection():
    mask = nn.Transformer.generate_square_subsequent_mask(4)
    np.testing.assert_array_equal(mask.array, torch.nn.Transformer.generate_square_subsequent_mask(4).numpy())
    assert mask.dtype == lg.float32
    assert nn.Transformer.generate_square_subsequent_mask(3, dtype=lg.float64).dtype == lg.float64
    from ligero.nn.transformer import _detect_is_causal_mask

    assert _detect_is_causal_mask(mask, None, 4)
    assert not _detect_is_causal_mask(mask, None, 5)
    assert not _detect_is_causal_mask(mask.array.T.copy(), None, 4)
    assert _detect_is_causal_mask(None, True, 4) and not _detect_is_causal_mask(mask, False, 4)


def test_clones_start_equal_and_are_independent():
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(E, HEADS, FF), 2)
    a, b = enc.layers[0].linear1.weight, enc.layers[1].linear1.weight
    np.testing.assert_array_equal(a.array, b.array)
    a.array[...] = 0
    assert np.any(b.array != 0)
    assert copy.deepcopy(enc).layers[1].self_attn.in_proj_weight is not enc.layers[1].self_attn.in_proj_weight


def test_transformer_start_is_glorot_and_seeded():
    model = nn.Transformer(E, HEADS, 1, 1, FF, seed=3)
    again = nn.Transformer(E, HEADS, 1, 1, FF, seed=3)
    for (name, p), (_, q) in zip(model.named_parameters(), again.named_parameters()):
        np.testing.assert_array_equal(p.array, q.array, err_msg=name)
    w = model.encoder.layers[0].linear1.weight.array
    bound = np.sqrt(6 / (E + FF))
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound
    assert np.all(model.encoder.layers[0].self_attn.in_proj_bias.array == 0)


def test_float64():
    lig = nn.TransformerEncoderLayer(E, HEADS, FF, dtype=lg.float64)
    ref = torch.nn.TransformerEncoderLayer(E, HEADS, FF, dtype=torch.float64)
    assert lig.linear1.weight.dtype == lg.float64
    x = RNG.standard_normal((5, 2, E))
    copy_state(lig, ref)
    lig.eval()
    ref.eval()
    np.testing.assert_allclose(lig(lg.tensor(x)).array, ref(torch.tensor(x)).detach().numpy(), rtol=1e-10)


def test_bad_input_errors():
    layer = nn.TransformerEncoderLayer(E, HEADS, FF)
    with pytest.raises(RuntimeError, match=r"TransformerEncoderLayer: src of shape \(5, 2, 7\).*d_model=8"):
        layer(lg.tensor(arr(5, 2, 7)))
    with pytest.raises(RuntimeError, match=r"src_mask has shape \(4, 4\), expected \(5, 5\)"):
        layer(lg.tensor(arr(5, 2, E)), src_mask=lg.tensor(causal(4, "float")))
    with pytest.raises(RuntimeError, match=r"src_key_padding_mask has shape \(5, 2\), expected \(2, 5\)"):
        layer(lg.tensor(arr(5, 2, E)), src_key_padding_mask=np.zeros((5, 2), bool))
    with pytest.raises(AssertionError, match="only bool and floating types of src_mask"):
        layer(lg.tensor(arr(5, 2, E)), src_mask=np.zeros((5, 5), np.int64))
    with pytest.raises(RuntimeError, match="activation should be relu/gelu, not tanh"):
        nn.TransformerEncoderLayer(E, HEADS, activation="tanh")
    dec = nn.TransformerDecoderLayer(E, HEADS, FF)
    with pytest.raises(RuntimeError, match="same batch size"):
        dec(lg.tensor(arr(4, 2, E)), lg.tensor(arr(6, 3, E)))
    with pytest.raises(RuntimeError, match=r"memory_mask has shape \(4, 4\), expected \(4, 6\)"):
        dec(lg.tensor(arr(4, 2, E)), lg.tensor(arr(6, 2, E)), memory_mask=causal(4, "bool"))
    model = nn.Transformer(E, HEADS, 1, 1, FF)
    with pytest.raises(RuntimeError, match="the batch number of src and tgt must be equal"):
        model(lg.tensor(arr(5, 2, E)), lg.tensor(arr(4, 3, E)))
    with pytest.raises(RuntimeError, match="the feature number of src and tgt must be equal to d_model=8"):
        model(lg.tensor(arr(5, 2, E)), lg.tensor(arr(4, 2, 6)))


def test_children_in_torch_order_with_a_module_activation():
    for cls, ref_cls in [(nn.TransformerEncoderLayer, torch.nn.TransformerEncoderLayer),
                         (nn.TransformerDecoderLayer, torch.nn.TransformerDecoderLayer)]:
        lig, ref = cls(E, HEADS, FF, activation=nn.GELU()), ref_cls(E, HEADS, FF, activation=torch.nn.GELU())
        assert [n for n, _ in lig.named_children()] == [n for n, _ in ref.named_children()]
        assert [n for n, _ in lig.named_modules()] == [n for n, _ in ref.named_modules()]


def test_unbatched_padding_and_per_head_masks_match_torch():
    lig, ref = nn.TransformerEncoderLayer(E, HEADS, FF), torch.nn.TransformerEncoderLayer(E, HEADS, FF)
    pad = np.array([False, False, False, True, True])
    run_both(lig, ref, [arr(5, E)], {"src_key_padding_mask": pad, "src_mask": causal(5, "bool")})
    per_head = np.where(RNG.random((3 * HEADS, 5, 5)) < 0.3, -np.inf, 0).astype(np.float32)
    per_head[:, :, 0] = 0
    lig, ref = nn.TransformerDecoderLayer(E, HEADS, FF), torch.nn.TransformerDecoderLayer(E, HEADS, FF)
    run_both(lig, ref, [arr(5, 3, E), arr(4, 3, E)], {"tgt_mask": per_head})


def test_torch_file_of_a_transformer_loads(tmp_path):
    """torch.save(model.state_dict()) on real torch -> ligero.load -> load_state_dict: the same outputs."""
    from ligero.serialization import load

    ref = torch.nn.Transformer(E, HEADS, 2, 1, FF, batch_first=True).eval()
    torch.save(ref.state_dict(), tmp_path / "transformer.pt")
    lig = nn.Transformer(E, HEADS, 2, 1, FF, batch_first=True).eval()
    result = lig.load_state_dict(load(tmp_path / "transformer.pt"))
    assert not result.missing_keys and not result.unexpected_keys
    src, tgt = arr(2, 5, E), arr(2, 3, E)
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    out = lig(lg.tensor(src), lg.tensor(tgt), tgt_mask=mask).array
    with torch.no_grad():
        rout = ref(torch.tensor(src), torch.tensor(tgt), tgt_mask=torch.tensor(mask.array)).numpy()
    np.testing.assert_allclose(out, rout, rtol=1e-4, atol=3e-5)
