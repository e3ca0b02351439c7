"""Property tests: random broadcastable shapes for the binary ops, checked numerically."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ligero as lg

BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}
SETTINGS = settings(max_examples=25, deadline=None)


@SETTINGS
@given(
    op=st.sampled_from(sorted(BINARY)),
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
    seed=st.integers(0, 2**16),
)
def test_binary_ops_match_numerical_gradients(op, shapes, seed):
    shape_a, shape_b = shapes.input_shapes
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.5, 2.0, shape_a) * rng.choice([-1.0, 1.0], shape_a)  # |b| >= 0.5 for div
    b = rng.uniform(0.5, 2.0, shape_b) * rng.choice([-1.0, 1.0], shape_b)
    f = BINARY[op]
    out = f(lg.tensor(a), lg.tensor(b))
    assert out.shape == shapes.result_shape
    np.testing.assert_allclose(out.data, f(a, b), rtol=1e-12)
    assert lg.gradcheck(f, [a, b]) < 1e-6


@SETTINGS
@given(
    shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
    data=st.data(),
)
def test_reductions_match_numpy_and_numerical_gradients(shape, data):
    x = np.random.default_rng(len(shape)).standard_normal(shape)
    axis = data.draw(
        st.none() | st.lists(st.integers(0, len(shape) - 1), min_size=1, max_size=len(shape), unique=True).map(tuple)
    )
    keepdims = data.draw(st.booleans())
    name = data.draw(st.sampled_from(["sum", "mean", "max", "min"]))
    out = getattr(lg, name)(lg.tensor(x), axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(out.data, getattr(np, name)(x, axis=axis, keepdims=keepdims), rtol=1e-12)
    assert lg.gradcheck(lambda t: getattr(lg, name)(t, axis=axis, keepdims=keepdims), [x]) < 1e-6
