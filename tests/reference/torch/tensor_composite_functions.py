# torch's less common functions and methods (aliases, element functions, splits and moves, NaN-aware and
# statistical reductions, the old matrix-function names): values, dtypes, shapes and gradients.
import numpy as np
import torch

x = torch.tensor([[-3.0, 3.5, 0.0, 2.0], [1.5, -0.5, 4.0, -2.5], [0.25, 7.0, -1.0, 3.0]], requires_grad=True)
y = torch.tensor([2.0, -1.5, 3.0, 0.5])
def show(name, v):
    if isinstance(v, (tuple, list)):
        print(name, [np.round(t.detach().numpy(), 5).tolist() for t in v])
        return
    print(name, str(v.dtype), tuple(v.shape), np.round(v.detach().numpy().astype(float), 5).tolist())
cases = {
    "absolute": lambda: torch.absolute(x),
    "sgn": lambda: torch.sgn(x),
    "positive": lambda: torch.positive(x),
    "not_equal": lambda: torch.not_equal(x, 0.0),
    "greater": lambda: x.greater(y),
    "less_equal": lambda: x.less_equal(y),
    "fliplr": lambda: x.fliplr(),
    "flipud": lambda: torch.flipud(x),
    "msort": lambda: torch.msort(x),
    "deg2rad": lambda: torch.deg2rad(x),
    "rad2deg": lambda: x.rad2deg(),
    "hypot": lambda: torch.hypot(x, y),
    "logaddexp": lambda: torch.logaddexp(x, y),
    "logaddexp2": lambda: x.logaddexp2(y),
    "fmod": lambda: torch.fmod(x, y),
    "remainder": lambda: torch.remainder(x, y),
    "fmod_n": lambda: x.fmod(-1.5),
    "floor_divide": lambda: torch.floor_divide(x, y),
    "float_power": lambda: torch.float_power(x.abs(), 1.5),
    "copysign": lambda: torch.copysign(x, y),
    "signbit": lambda: torch.signbit(x),
    "heaviside": lambda: torch.heaviside(x, torch.tensor(0.5)),
    "fmax": lambda: torch.fmax(x, torch.tensor([float("nan"), 1.0, float("nan"), 5.0])),
    "fmin": lambda: torch.fmin(x, torch.tensor([float("nan"), 1.0, float("nan"), 5.0])),
    "isposinf": lambda: torch.isposinf(torch.tensor([1.0, float("inf"), -float("inf")])),
    "movedim": lambda: torch.movedim(x.reshape(3, 2, 2), 0, -1),
    "moveaxis": lambda: x.reshape(3, 2, 2).moveaxis((0, 1), (2, 0)),
    "tile": lambda: torch.tile(x[0], (2, 2)),
    "tile2": lambda: x.tile((2,)),
    "tensor_split": lambda: torch.tensor_split(x, 3, dim=1),
    "tensor_split_idx": lambda: x.tensor_split([1, 3], dim=1),
    "hsplit": lambda: torch.hsplit(x, 2),
    "vsplit": lambda: torch.vsplit(x, [1]),
    "diagonal": lambda: torch.diagonal(x),
    "diagonal_off": lambda: x.diagonal(1),
    "diagonal_neg": lambda: x.diagonal(-1),
    "diagonal3": lambda: x.reshape(3, 2, 2).diagonal(0, 1, 2),
    "diagflat": lambda: torch.diagflat(x[0, :2]),
    "take": lambda: torch.take(x, torch.tensor([0, 5, 11])),
    "take_along_dim": lambda: torch.take_along_dim(x, torch.tensor([[0], [3], [1]]), dim=1),
    "nansum": lambda: torch.nansum(torch.tensor([1.0, float("nan"), 2.0])),
    "nanmean": lambda: torch.tensor([[1.0, float("nan")], [2.0, 4.0]]).nanmean(1),
    "aminmax": lambda: tuple(torch.aminmax(x, dim=1)),
    "logcumsumexp": lambda: torch.logcumsumexp(x, 1),
    "dist": lambda: torch.dist(x[0], y, 3),
    "cov": lambda: torch.cov(x),
    "corrcoef": lambda: torch.corrcoef(x),
    "det": lambda: torch.det(x[:, :3]),
    "inverse": lambda: torch.inverse(x[:, :3]),
    "logdet": lambda: torch.logdet(x[:, :3] @ x[:, :3].T),
    "matrix_power": lambda: torch.matrix_power(x[:, :3], 3),
    "pinverse": lambda: torch.pinverse(x),
    "addr": lambda: torch.addr(x[:, :3], x[0, :3], y[:3]),
    "addbmm": lambda: torch.addbmm(x[:2, :2], x.reshape(3, 2, 2), x.reshape(3, 2, 2)),
    "broadcast_to": lambda: torch.broadcast_to(y, (2, 4)),
    "broadcast_tensors": lambda: torch.broadcast_tensors(x[:, :1], y),
    "atleast_2d": lambda: torch.atleast_2d(y),
    "atleast_3d": lambda: torch.atleast_3d(x),
    "atleast_3d_1": lambda: torch.atleast_3d(y),
    "column_stack": lambda: torch.column_stack([y, y * 2]),
    "dstack": lambda: torch.dstack([x, x]),
}
for name, f in cases.items():
    v = f()
    show(name, v)
    floating = not isinstance(v, (tuple, list)) and v.dtype in (torch.float32, torch.float64)
    if floating and v.requires_grad and name not in ("sgn", "floor_divide", "heaviside"):
        x.grad = None
        (v * (torch.arange(v.numel(), dtype=v.dtype).reshape(v.shape) + 1) / 7).sum().backward()
        print("  grad", np.round(np.array(x.grad.tolist()), 4).tolist())
print(torch.broadcast_shapes((2, 1), (3,)))
u, s, v = torch.svd(x[:, :3])
print("svd", [round(val, 4) for val in s.tolist()], tuple(u.shape), tuple(v.shape),
      round(float((u @ torch.diag(s) @ v.t() - x[:, :3]).abs().max().detach()), 4))
