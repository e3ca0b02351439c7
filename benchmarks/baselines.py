"""The contenders ligero is measured against: a hand-written NumPy loop, PyTorch, and the bare GEMMs.

Every workload is a small MLP ``sizes[0] -> ... -> sizes[-1]`` trained by plain
SGD on mini-batches (or the course's first CNN, PyTorch only here). The three
implementations below compute the same thing:

* forward ``a_l = act(a_{l-1} @ W_l + b_l)`` (tanh hidden, linear or tanh output);
* loss: the course's MSE ``(1/N) Σ_n ||y_n - t_n||²`` or softmax + categorical
  cross-entropy ``-(1/N) Σ_n log p_n[label_n]``;
* L2 penalty ``λ Σ_l ||W_l||²`` on the kernels (not the biases): gradient ``2 λ W``;
* update ``W -= lr · dW``;
* one fresh permutation of the samples per epoch, mini-batches cut from it in
  order (the last one may be short);
* the epoch's mean loss and accuracy accumulated on the fly, as a student
  prints them. The loss is the one being minimised, data loss plus the penalty
  ``λ Σ_l ||W_l||²`` at the batch's weights, as ligero (and Keras) report it, so
  every contender prints the same numbers (``tests/test_benchmarks.py`` checks it).

``numpy_fit`` is written the way a good course student writes it: float32
arrays, the gradient by hand, no tricks. ``torch_fit`` is the same in PyTorch,
set up fairly (float32, all cores, fused cross-entropy, ``weight_decay`` for
the L2, pre-made tensors instead of a DataLoader); ``torch_fit_typical`` is
PyTorch as the usual tutorial writes it (DataLoader, penalty in the loss), for
reference. ``GemmEpoch`` does only the
matrix products of forward and backward, into preallocated buffers, on
contiguous batches: a floor that no implementation on this BLAS can beat.

Timing does not depend on pixel values, so the workloads run on random
float32 data of the real shapes (:func:`make_data`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

import numpy as np

# ---------------------------------------------------------------------------
# workloads and data


@dataclass(frozen=True)
class Workload:
    """One benchmark problem. ``epochs`` is how many epochs one timed run covers."""

    name: str
    sizes: tuple[int, ...]  # MLP layer widths, input first; for "cnn" the flat input size
    loss: str  # "mse" or "cce"
    hidden: str = "tanh"
    output: str = "linear"  # "linear" or "tanh"
    batch_size: int = 32
    lr: float = 1e-3
    l2: float = 0.01
    epochs: int = 1
    full_samples: int = 50_000  # samples in the real data set (the time is reported per full epoch)
    kind: str = "mlp"  # "mlp" or "cnn"
    image_shape: tuple[int, ...] = ()  # for "cnn": (C, H, W), or (H, W, C) when channels_last
    data_format: str = "channels_first"  # for "cnn": the layout ligero's model and the data use
    network: str = "course"  # for "cnn": "course" (conv 12, pool, FC) or "cifar" (3 conv+BN blocks, FC)
    description: str = ""

    def with_(self, **changes) -> Workload:
        return replace(self, **changes)


WORKLOADS: dict[str, Workload] = {
    w.name: w
    for w in [
        Workload(
            "cifar-mse",
            (3072, 100, 10),
            "mse",
            description="CIFAR-10 MLP 3072-100-10, tanh, linear out, MSE, L2 0.01, SGD lr 1e-3, batch 32",
        ),
        Workload(
            "cifar-cce",
            (3072, 100, 10),
            "cce",
            description="CIFAR-10 MLP 3072-100-10, tanh, softmax + CE, L2 0.01, SGD lr 1e-3, batch 32",
        ),
        Workload(
            "cifar-deep",
            (3072, 100, 100, 10),
            "cce",
            description="CIFAR-10 MLP 3072-100-100-10, tanh, softmax + CE, L2 0.01, SGD lr 1e-3, batch 32",
        ),
        Workload(
            "mnist",
            (784, 200, 10),
            "cce",
            l2=0.0,
            full_samples=60_000,
            description="MNIST MLP 784-200-10, tanh, softmax + CE, no L2, SGD lr 1e-3, batch 32",
        ),
        Workload(
            "xnor",
            (2, 2, 1),
            "mse",
            output="tanh",
            lr=0.5,
            batch_size=4,
            epochs=200,
            full_samples=4,
            description="XNOR 2-2-1, tanh/tanh, MSE, L2 0.01, SGD lr 0.5, full batch of 4, 200 epochs per run",
        ),
        Workload(
            "cnn",
            (3072, 10),
            "cce",
            hidden="relu",
            l2=0.0,
            kind="cnn",
            image_shape=(3, 32, 32),
            description="course CNN: 3x32x32 -> conv 3x3x12 (same) -> ReLU -> 2x2 max-pool -> FC 10, "
            "softmax + CE, SGD lr 1e-3, batch 32",
        ),
        Workload(
            "cnn-last",
            (3072, 10),
            "cce",
            hidden="relu",
            l2=0.0,
            kind="cnn",
            image_shape=(32, 32, 3),
            data_format="channels_last",
            description="the course CNN on channels-last (N, 32, 32, 3) images (PyTorch: the same NCHW model)",
        ),
        Workload(
            "cifar-cnn",
            (3072, 10),
            "cce",
            hidden="relu",
            l2=0.0,
            lr=0.01,
            batch_size=128,
            kind="cnn",
            image_shape=(3, 32, 32),
            network="cifar",
            description="cifar-cnn (no augmentation): (conv 3x3 no bias -> BN -> ReLU -> 2x2 max-pool) x "
            "32/64/128 -> FC 10, softmax + CE, SGD lr 1e-2, batch 128",
        ),
        Workload(
            "cifar-cnn-last",
            (3072, 10),
            "cce",
            hidden="relu",
            l2=0.0,
            lr=0.01,
            batch_size=128,
            kind="cnn",
            image_shape=(32, 32, 3),
            data_format="channels_last",
            network="cifar",
            description="the cifar-cnn model on channels-last images (PyTorch: the same NCHW model)",
        ),
    ]
}


def nchw_shape(wl: Workload) -> tuple[int, int, int]:
    """The workload's image shape as (C, H, W), whatever its data format."""
    if wl.data_format == "channels_last":
        h, w, c = wl.image_shape
        return c, h, w
    return tuple(wl.image_shape)  # type: ignore[return-value]


def make_data(wl: Workload, n: int | None = None, seed: int = 0):
    """Random float32 inputs of the workload's shape, targets and integer labels.

    Returns ``(x, t, labels)``: ``x`` is (n, sizes[0]) (or (n, C, H, W) for the
    CNN), ``t`` the float32 targets (one-hot rows, or ±1 for XNOR) and
    ``labels`` the int64 class of each row. Inputs are uniform in [-0.5, 0.5),
    like CIFAR-10 pixels scaled by 1/255 with the mean removed. XNOR is its
    real four patterns.
    """
    if wl.name == "xnor" or wl.sizes == (2, 2, 1):
        x = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float32)
        t = np.array([[1], [-1], [-1], [1]], dtype=np.float32)
        return x, t, (t[:, 0] > 0).astype(np.int64)
    n = wl.full_samples if n is None else int(n)
    rng = np.random.default_rng(seed)
    shape = (n, *wl.image_shape) if wl.kind == "cnn" else (n, wl.sizes[0])
    x = rng.random(shape, dtype=np.float32)
    x -= 0.5
    classes = wl.sizes[-1]
    labels = rng.integers(0, classes, size=n)
    t = np.zeros((n, classes), dtype=np.float32)
    t[np.arange(n), labels] = 1.0
    return x, t, labels


def init_params(sizes, seed: int = 0, dtype=np.float32):
    """Glorot-normal kernels ``(in, out)`` and zero biases: ``[(W1, b1), (W2, b2), ...]``."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        std = np.sqrt(2.0 / (fan_in + fan_out))
        w = (rng.standard_normal((fan_in, fan_out)) * std).astype(dtype)
        params.append((w, np.zeros(fan_out, dtype=dtype)))
    return params


def copy_params(params):
    return [(w.copy(), b.copy()) for w, b in params]


# ---------------------------------------------------------------------------
# (a) the hand-written NumPy loop


def _act(z, name):
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    return z  # linear


def _act_grad(a, name):
    """Derivative of the activation, written with its output ``a``."""
    if name == "tanh":
        return 1 - a * a
    if name == "relu":
        return (a > 0).astype(a.dtype)
    if name == "sigmoid":
        return a * (1 - a)
    return 1


def _forward_loss(params, xb, tb, lb, wl: Workload):
    """Forward pass and data loss of one batch: ``(acts, loss, delta)``.

    ``acts`` keeps every layer's output for the backward pass (``acts[-1]`` is the
    network's output); ``delta`` is the loss's gradient with respect to the output
    layer's pre-activation.
    """
    n_layers = len(params)
    m = xb.shape[0]
    acts = [xb]
    for i, (w, b) in enumerate(params):
        acts.append(_act(acts[-1] @ w + b, wl.hidden if i < n_layers - 1 else wl.output))
    out = acts[-1]
    if wl.loss == "cce":
        z = out - out.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = -(z[np.arange(m), lb] - np.log(s[:, 0])).mean()
        delta = e / s
        delta[np.arange(m), lb] -= 1
        delta /= m
    else:
        diff = out - tb
        loss = (diff * diff).sum() / m
        delta = (2 / m) * diff * _act_grad(out, wl.output)
    return acts, loss, delta


def numpy_fit(params, x, t, labels, wl: Workload, epochs: int = 1, seed: int = 0, shuffle: bool = True):
    """Train ``params`` in place by SGD, the way a good course student writes it.

    Returns the last epoch's ``(mean loss, accuracy)``. The loss includes the L2
    penalty, written as a student writes it (CS231n's ``reg * np.sum(W * W)``).
    """
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    bs = wl.batch_size
    lr, l2 = wl.lr, wl.l2
    n_layers = len(params)
    loss_sum, correct = 0.0, 0
    for _ in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        loss_sum, correct = 0.0, 0
        for start in range(0, n, bs):
            idx = order[start : start + bs]
            xb, tb, lb = x[idx], t[idx], labels[idx]
            m = len(idx)

            acts, loss, delta = _forward_loss(params, xb, tb, lb, wl)
            out = acts[-1]
            if l2:
                loss += l2 * sum(np.sum(w * w) for w, _ in params)  # CS231n's `reg * np.sum(W * W)`
            loss_sum += float(loss) * m
            if out.shape[1] == 1:
                correct += int((np.sign(out[:, 0]) == np.sign(tb[:, 0])).sum())
            else:
                correct += int((out.argmax(axis=1) == lb).sum())

            # backward, updating each layer once its delta has been passed down
            for i in range(n_layers - 1, -1, -1):
                w, b = params[i]
                dw = acts[i].T @ delta
                if l2:
                    dw += 2 * l2 * w
                db = delta.sum(axis=0)
                if i > 0:
                    delta = (delta @ w.T) * _act_grad(acts[i], wl.hidden)
                w -= lr * dw
                b -= lr * db
    return loss_sum / n, correct / n


def numpy_grads(params, xb, tb, lb, wl: Workload):
    """The hand-written loop's gradients for one batch, without updating: ``(loss, [(dW, db), ...])``.

    The same arithmetic as :func:`numpy_fit` (kept beside it so the tests can
    check it against finite differences); the loss includes the L2 penalty so
    that its gradient is the derivative of the returned loss.
    """
    n_layers = len(params)
    acts, loss, delta = _forward_loss(params, xb, tb, lb, wl)
    loss = float(loss) + wl.l2 * sum(float((w * w).sum()) for w, _ in params)
    grads = [None] * n_layers
    for i in range(n_layers - 1, -1, -1):
        w, _ = params[i]
        dw = acts[i].T @ delta + 2 * wl.l2 * w
        grads[i] = (dw, delta.sum(axis=0))
        if i > 0:
            delta = (delta @ w.T) * _act_grad(acts[i], wl.hidden)
    return loss, grads


# ---------------------------------------------------------------------------
# (c) the bare GEMMs


class GemmEpoch:
    """Only the matrix products of one epoch's forward and backward passes.

    Per batch: ``a_l = a_{l-1} @ W_l`` forward, ``dW_l = a_{l-1}ᵀ @ d_l`` and
    ``d_{l-1} = d_l @ W_lᵀ`` backward (not for the input). Batches are
    contiguous slices (no gather) and every product writes into a preallocated
    buffer, so this is what the BLAS alone costs.
    """

    def __init__(self, params, batch_size: int):
        self.weights = [w for w, _ in params]
        self.bs = batch_size
        self._buffers: dict[int, tuple] = {}

    def _bufs(self, m):
        if m not in self._buffers:
            acts = [np.empty((m, w.shape[1]), np.float32) for w in self.weights]
            deltas = [np.empty((m, w.shape[0]), np.float32) for w in self.weights]
            grads = [np.empty_like(w) for w in self.weights]
            self._buffers[m] = (acts, deltas, grads)
        return self._buffers[m]

    def __call__(self, x, epochs: int = 1):
        n = x.shape[0]
        ws = self.weights
        for _ in range(epochs):
            for start in range(0, n, self.bs):
                xb = x[start : start + self.bs]
                acts, deltas, grads = self._bufs(xb.shape[0])
                prev = xb
                for w, a in zip(ws, acts):
                    np.matmul(prev, w, out=a)
                    prev = a
                d = acts[-1]  # stands in for the output delta (same shape)
                for i in range(len(ws) - 1, -1, -1):
                    inp = xb if i == 0 else acts[i - 1]
                    np.matmul(inp.T, d, out=grads[i])
                    if i > 0:
                        np.matmul(d, ws[i].T, out=deltas[i])
                        d = deltas[i]


# ---------------------------------------------------------------------------
# (b) PyTorch


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def torch_setup_threads(threads: int | None = None) -> int:
    """Give torch all the machine's cores (its default on Linux, set explicitly for the record)."""
    import torch

    torch.set_num_threads(threads or os.cpu_count() or 1)
    return torch.get_num_threads()


def torch_model(params, wl: Workload, seed: int = 0, weight_decay: bool = True):
    """``torch.nn.Sequential`` of Linear/Tanh (or the CNN) and its SGD optimizer.

    MLP weights are copied from ``params`` (ligero's ``(in, out)`` layout,
    transposed into torch's ``(out, in)``). The L2 penalty ``λ||W||²`` is
    ``weight_decay = 2λ`` on the kernels only: the same gradient, without
    building the penalty into the graph.
    """
    import torch
    from torch import nn

    acts = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid}
    if wl.kind == "cnn":
        torch.manual_seed(seed)
        c, h, w = nchw_shape(wl)
        if wl.network == "cifar":
            blocks, width = [], c
            for out in (32, 64, 128):
                blocks += [nn.Conv2d(width, out, 3, padding=1, bias=False), nn.BatchNorm2d(out), nn.ReLU(),
                           nn.MaxPool2d(2)]
                width = out
            model = nn.Sequential(*blocks, nn.Flatten(), nn.Linear(128 * (h // 8) * (w // 8), wl.sizes[-1]))
        else:
            model = nn.Sequential(
                nn.Conv2d(c, 12, 3, padding=1),
                nn.ReLU(),
                nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Linear(12 * (h // 2) * (w // 2), wl.sizes[-1]),
            )
    else:
        mods = []
        for i, (w, b) in enumerate(params):
            lin = nn.Linear(w.shape[0], w.shape[1])
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
                lin.bias.copy_(torch.from_numpy(b))
            mods.append(lin)
            act = wl.hidden if i < len(params) - 1 else wl.output
            if act in acts:
                mods.append(acts[act]())
        model = nn.Sequential(*mods)
    kernels = [p for name, p in model.named_parameters() if name.endswith("weight")]
    biases = [p for name, p in model.named_parameters() if name.endswith("bias")]
    opt = torch.optim.SGD(
        [
            {"params": kernels, "weight_decay": 2 * wl.l2 if weight_decay else 0.0},
            {"params": biases, "weight_decay": 0.0},
        ],
        lr=wl.lr,
    )
    return model, opt


def torch_fit(model, opt, x, t, labels, wl: Workload, epochs: int = 1, seed: int = 0, shuffle: bool = True):
    """The PyTorch training loop over pre-made tensors; returns the last epoch's ``(mean loss, accuracy)``.

    ``x``, ``t``, ``labels`` are torch tensors (``torch.from_numpy`` shares the
    NumPy memory, so there is no copy).
    """
    import torch
    import torch.nn.functional as F

    gen = torch.Generator().manual_seed(seed)
    n = x.shape[0]
    bs = wl.batch_size
    kernels = [p.view(-1) for name, p in model.named_parameters() if name.endswith("weight")]
    loss_sum = torch.zeros((), dtype=torch.float64)
    correct = torch.zeros((), dtype=torch.int64)
    for _ in range(epochs):
        order = torch.randperm(n, generator=gen) if shuffle else torch.arange(n)
        loss_sum.zero_()
        correct.zero_()
        for start in range(0, n, bs):
            idx = order[start : start + bs]
            xb, tb, lb = x[idx], t[idx], labels[idx]
            m = len(idx)
            opt.zero_grad(set_to_none=True)
            out = model(xb)
            if wl.loss == "cce":
                loss = F.cross_entropy(out, lb)
            else:
                loss = F.mse_loss(out, tb, reduction="sum") / m
            loss.backward()
            with torch.no_grad():
                if wl.l2:  # the reported loss includes the penalty at the weights of this batch
                    loss = loss + wl.l2 * sum(torch.dot(w, w) for w in kernels)
                loss_sum += loss.detach() * m
            opt.step()
            with torch.no_grad():
                if out.shape[1] == 1:
                    correct += (torch.sign(out[:, 0]) == torch.sign(tb[:, 0])).sum()
                else:
                    correct += (out.argmax(dim=1) == lb).sum()
    return float(loss_sum) / n, int(correct) / n


def torch_fit_typical(model, opt, x, t, labels, wl: Workload, epochs: int = 1, seed: int = 0, shuffle: bool = True):
    """PyTorch as most tutorials write it: a ``DataLoader`` over a ``TensorDataset`` and the L2
    penalty ``λ Σ ||W||²`` added to the loss. Same mathematics as :func:`torch_fit`.

    Use with an optimizer without ``weight_decay`` (``torch_model(..., weight_decay=False)``).
    This is not the fair comparison (that is :func:`torch_fit`); it shows what a user who
    follows the usual tutorial pays. Returns the last epoch's ``(mean loss, accuracy)``.
    """
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    kernels = [p for name, p in model.named_parameters() if name.endswith("weight")]
    data = TensorDataset(x, t, labels)
    loader = DataLoader(data, batch_size=wl.batch_size, shuffle=shuffle, generator=torch.Generator().manual_seed(seed))
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    loss_sum, correct = 0.0, 0
    for _ in range(epochs):
        loss_sum, correct = 0.0, 0
        for xb, tb, lb in loader:
            opt.zero_grad()
            out = model(xb)
            if wl.loss == "cce":
                loss = loss_fn(out, lb)
            else:
                loss = ((out - tb) ** 2).sum(dim=1).mean()
            if wl.l2:
                loss = loss + wl.l2 * sum((w**2).sum() for w in kernels)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(xb)
            if out.shape[1] == 1:
                correct += (torch.sign(out[:, 0]) == torch.sign(tb[:, 0])).sum().item()
            else:
                correct += (out.argmax(dim=1) == lb).sum().item()
    return loss_sum / n, correct / n


def torch_params(model):
    """The MLP's weights back in ligero's layout: ``[(W (in, out), b), ...]`` as float32 arrays."""
    from torch import nn

    out = []
    for mod in model:
        if isinstance(mod, nn.Linear):
            out.append((mod.weight.detach().numpy().T.copy(), mod.bias.detach().numpy().copy()))
    return out
