"""The PyTorch face's Tensor: dtypes and promotion, creation, Size, conversions, comparisons,
Python protocols and in-place ops, checked against real torch where it is installed."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg

torch = pytest.importorskip("torch")


def test_dtype_objects_print_compare_and_work_with_numpy():
    assert str(lg.float32) == "torch.float32" and repr(lg.int64) == "torch.int64"
    assert lg.float32 == np.float32 and lg.float32 == lg.float and lg.float64 == lg.double
    assert lg.int64 == lg.long and lg.int32 == lg.int and lg.float16 == lg.half
    assert np.zeros(2, dtype=lg.float64).dtype == np.float64
    assert lg.float32 != lg.float64 and lg.float32 != "float32"
    assert {lg.float32: 1}[lg.float32] == 1


@pytest.mark.parametrize("data", [[1, 2], [1.5, 2.0], [True, False], 3, 2.5, [[1, 2], [3, 4]]])
def test_creation_infers_torch_dtypes(data):
    assert str(lg.tensor(data).dtype) == str(torch.tensor(data).dtype)


PROMOTIONS = [
    lambda T: T.tensor([1, 2]) + 1.5,
    lambda T: T.tensor([1, 2], dtype=T.int32) * 2,
    lambda T: T.tensor([1, 2]) + T.tensor([1, 2], dtype=T.int32),
    lambda T: T.tensor([1.0]) + T.tensor([1.0], dtype=T.float64),
    lambda T: T.tensor([1.0]) * 2.5,
    lambda T: T.tensor([1, 2]) / T.tensor([2, 2]),
    lambda T: T.tensor([True]) + 1,
    lambda T: T.tensor([1.0]) + T.tensor(2.0, dtype=T.float64),
    lambda T: T.tensor([1], dtype=T.int32) + T.tensor(2),
    lambda T: T.tensor([1]) + T.tensor(0.5, dtype=T.float64),
    lambda T: T.tensor([1, 2], dtype=T.uint8) + T.tensor([1], dtype=T.int8),
]


@pytest.mark.parametrize("i", range(len(PROMOTIONS)))
def test_type_promotion_matches_torch(i):
    ours, theirs = PROMOTIONS[i](lg), PROMOTIONS[i](torch)
    assert str(ours.dtype) == str(theirs.dtype)
    np.testing.assert_allclose(ours.array, theirs.numpy())


def test_tensor_copies_while_as_tensor_and_from_numpy_share():
    a = np.array([1.0, 2.0])
    copied, shared, also = lg.tensor(a), lg.from_numpy(a), lg.as_tensor(a)
    a[0] = 9.0
    assert copied.tolist() == [1.0, 2.0] and shared.tolist() == [9.0, 2.0] and also.tolist() == [9.0, 2.0]
    assert str(shared.dtype) == "torch.float64"


def test_sizes_as_varargs_or_tuples_and_size_objects():
    assert lg.zeros(2, 3).shape == lg.zeros((2, 3)).shape == (2, 3)
    s = lg.ones(2, 3, dtype=lg.int64).size()
    assert isinstance(s, tuple) and str(s) == "torch.Size([2, 3])" and s == torch.Size([2, 3])
    assert lg.zeros(2, 3).size(-1) == 3 and lg.zeros(4).numel() == 4 and lg.zeros(2, 3).dim() == 2
    with pytest.raises(IndexError):
        lg.zeros(2).size(3)


def test_the_same_seed_gives_the_same_random_values():
    lg.manual_seed(7)
    first = (lg.rand(3), lg.randn(2, 2), lg.randint(0, 9, (4,)), lg.randperm(5))
    lg.manual_seed(7)
    second = (lg.rand(3), lg.randn(2, 2), lg.randint(0, 9, (4,)), lg.randperm(5))
    for a, b in zip(first, second):
        assert lg.equal(a, b)
    assert str(first[2].dtype) == "torch.int64" and sorted(first[3].tolist()) == [0, 1, 2, 3, 4]


def test_conversions():
    x = lg.tensor([1.7, -2.2])
    assert x.long().tolist() == [1, -2] and str(x.double().dtype) == "torch.float64"
    assert x.to("cpu") is x and x.to(lg.float32) is x and str(x.to(lg.int16).dtype) == "torch.int16"
    assert x.type() == "torch.FloatTensor" and str(x.type(lg.float64).dtype) == "torch.float64"
    assert str(x.device) == "cpu" and x.device == lg.device("cpu")
    with pytest.raises(RuntimeError):
        lg.device("cuda")


def test_comparisons_are_elementwise_and_tensors_stay_hashable():
    a, b = lg.tensor([1.0, 2.0]), lg.tensor([2.0, 2.0])
    eq = a == b
    assert isinstance(eq, lg.Tensor) and str(eq.dtype) == "torch.bool" and eq.tolist() == [False, True]
    assert (a < b).tolist() == [True, False] and (a != b).tolist() == [True, False]
    assert ((a > 1) | (b > 5)).tolist() == [False, True] and (~(a > 1)).tolist() == [True, False]
    assert len({a, b, a}) == 2 and {a: 1, b: 2}[b] == 2


def test_python_protocols_and_their_errors():
    x = lg.tensor([[1.0, 2.0], [3.0, 4.0]])
    first, second = x
    assert first.tolist() == [1.0, 2.0] and len(x) == 2 and np.asarray(x).shape == (2, 2)
    assert f"{lg.tensor(0.25):.3f}" == "0.250" and [5, 6, 7][lg.tensor(1)] == 6
    assert float(lg.tensor([2.5])) == 2.5 and int(lg.tensor(3)) == 3 and bool(lg.tensor([1]))
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(x)
    with pytest.raises(TypeError):
        float(x)
    with pytest.raises(RuntimeError, match="4 elements"):
        x.item()
    with pytest.raises(RuntimeError, match="requires grad"):
        lg.tensor([1.0], requires_grad=True).numpy()


def test_in_place_ops_write_into_the_array_and_refuse_a_lossy_cast():
    x = lg.tensor([1.0, 2.0, 3.0])
    view = x[1:]
    buffer = x.array
    x += 1
    x.mul_(2).clamp_(max=7)
    assert x.array is buffer and x.tolist() == [4.0, 6.0, 7.0] and view.tolist() == [6.0, 7.0]
    i = lg.tensor([1, 2])
    with pytest.raises(RuntimeError, match="can't be cast"):
        i += 0.5
    with pytest.raises(RuntimeError, match="broadcast shape"):
        lg.zeros(2).add_(lg.ones(3, 2))


def test_view_refuses_what_needs_a_copy_and_reshape_does_not():
    t = lg.arange(6).reshape(2, 3).t()
    with pytest.raises(RuntimeError, match="reshape"):
        t.view(-1)
    assert t.reshape(-1).tolist() == [0, 3, 1, 4, 2, 5]


def test_max_with_a_dim_is_a_named_tuple_of_values_and_indices():
    x = lg.tensor([[1.0, 5.0], [7.0, 2.0]])
    values, indices = x.max(dim=1)
    assert values.tolist() == [5.0, 7.0] and indices.tolist() == [1, 0]
    assert lg.min(x, 0).indices.tolist() == [0, 1] and x.max().item() == 7.0
    assert lg.max(x, axis=0).values.tolist() == [7.0, 5.0]  # NumPy's spelling, as torch accepts it


def test_old_numpy_flavoured_ops_keep_their_signatures_in_ligero_ops():
    x = lg.tensor(np.arange(6.0).reshape(2, 3))
    assert lg.ops.transpose(x, (1, 0)).shape == (3, 2) and lg.ops.max(x, axis=1).tolist() == [2.0, 5.0]
    assert lg.transpose(x, 0, 1).shape == (3, 2)
