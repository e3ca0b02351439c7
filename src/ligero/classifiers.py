"""Linear classifiers: the multiclass SVM, the Softmax classifier and the classic perceptron.

:class:`LinearSVM` and :class:`SoftmaxClassifier` are trained by mini-batch
gradient descent with ligero's own engine: a :class:`~ligero.layers.Dense`
layer without activation computes the class scores ``s = xW + b``, a loss from
:mod:`ligero.losses` plus an L2 penalty on ``W`` gives the objective, and
autodiff + :class:`~ligero.optimizers.SGD` do the rest. Their interface
follows scikit-learn (``fit``/``predict``/``predict_proba``/``score``/
``decision_function``, ``classes_``, ``coef_``, ``intercept_``) plus
``history_``, the per-epoch curves.

:class:`Perceptron` is Rosenblatt's rule with a step activation; it is not a
gradient method, so it is written out by hand.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import layers, losses, optimizers, regularizers, targets
from ligero.errors import ConfigError, DataError, ShapeError
from ligero.initializers import Normal

__all__ = ["LinearSVM", "Perceptron", "SoftmaxClassifier"]


def _features(x: Any, who: str) -> np.ndarray:
    """``x`` as a float32 matrix, one row per sample (images are flattened)."""
    a = np.asarray(x)
    if a.ndim < 2:
        raise ShapeError(f"{who}: x must have one row per sample, got shape {a.shape}")
    if a.dtype.kind not in "biuf":
        raise DataError(f"{who}: x must be numeric, got dtype {a.dtype}")
    return np.ascontiguousarray(a.reshape(len(a), -1), dtype=np.float32)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise ``softmax(s)_c = e^(s_c − max s) / Σ_j e^(s_j − max s)``."""
    z = scores - scores.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


class _EngineClassifier:
    """A linear classifier ``s = xW + b`` trained with ligero's Model.fit.

    Objective: ``J(W, b) = (1/N) Σ_n L_n(s_n, y_n) + λ ΣW²`` (``λ = reg``; the
    bias is not penalized), minimized by mini-batch SGD (optionally with
    momentum). ``C`` may be given instead of ``reg``, with scikit-learn's
    meaning (the weight of the data term in ``½||W||² + C Σ_n L_n``):
    dividing that by ``C·N`` gives ``λ = 1 / (2·C·N)``.
    """

    _loss_name = "loss"

    def __init__(
        self,
        reg: float = 1e-3,
        *,
        C: float | None = None,  # noqa: N803 - scikit-learn's name
        lr: float = 1e-2,
        epochs: int = 20,
        batch_size: int = 200,
        momentum: float = 0.0,
        init_std: float = 1e-3,
        seed: int | None = 0,
        verbose: int = 0,
    ) -> None:
        if C is not None and not (np.isfinite(C) and C > 0):
            raise ConfigError(f"{type(self).__name__}: C must be a positive number, got {C!r}")
        if not (np.isfinite(reg) and reg >= 0):
            raise ConfigError(f"{type(self).__name__}: reg must be >= 0, got {reg!r}")
        if int(epochs) < 1 or int(batch_size) < 1:
            raise ConfigError(f"{type(self).__name__}: epochs and batch_size must be >= 1")
        self.reg, self.C, self.lr, self.epochs = float(reg), C, float(lr), int(epochs)
        self.batch_size, self.momentum, self.init_std = int(batch_size), float(momentum), float(init_std)
        self.seed, self.verbose = seed, int(verbose)
        self.model_: Any = None
        self.classes_: np.ndarray | None = None
        self.history_: dict[str, list[float]] = {}

    # -------------------------------------------------------------- training
    def _loss(self) -> losses.Loss:
        raise NotImplementedError

    def regularization(self, n_samples: int) -> float:
        """The L2 factor λ actually used: ``reg``, or ``1/(2·C·N)`` when ``C`` is given."""
        return self.reg if self.C is None else 1.0 / (2.0 * float(self.C) * n_samples)

    def _indices(self, y: Any, who: str) -> np.ndarray:
        """Labels as indices into ``classes_``."""
        return targets.indices_among(y, self.classes_, f"{type(self).__name__}.{who}")

    def fit(self, x: Any, y: Any, validation_data: tuple[Any, Any] | None = None) -> Any:
        """Train on ``(x, y)`` (labels of any sortable kind); returns ``self``.

        ``validation_data=(x_val, y_val)`` adds ``val_loss``/``val_accuracy``
        to ``history_`` after every epoch.
        """
        import ligero as lg

        name = type(self).__name__
        x = _features(x, f"{name}.fit")
        y = np.asarray(y).reshape(-1)
        if len(y) != len(x):
            raise DataError(f"{name}.fit: {len(x)} samples but {len(y)} labels")
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise DataError(f"{name}.fit: need at least 2 classes, got {self.classes_.tolist()}")
        targets = self._indices(y, "fit")
        val = None
        if validation_data is not None:
            xv, yv = validation_data
            val = (_features(xv, f"{name}.fit"), self._indices(yv, "fit (validation_data)"))
        reg = self.regularization(len(x))
        if self.seed is not None:
            lg.set_seed(self.seed)
        dense = layers.Dense(len(self.classes_), input_dim=x.shape[1], kernel_initializer=Normal(self.init_std),
                             kernel_regularizer=regularizers.L2(reg) if reg > 0 else None)
        self.model_ = lg.Sequential([dense], name=name.lower())
        self.model_.compile(optimizer=optimizers.SGD(lr=self.lr, momentum=self.momentum), loss=self._loss(),
                            metrics=["accuracy"])
        history = self.model_.fit(x, targets, batch_size=self.batch_size, epochs=self.epochs,
                                  validation_data=val, verbose=self.verbose, seed=self.seed)
        self.history_ = {k: [float(v) for v in vals] for k, vals in history.history.items()}
        return self

    # ------------------------------------------------------------- inference
    def _check_fitted(self) -> None:
        if self.model_ is None:
            raise ConfigError(f"{type(self).__name__}: call fit(x, y) first")

    def decision_function(self, x: Any) -> np.ndarray:
        """Class scores ``s = xW + b``, shape (N, classes)."""
        self._check_fitted()
        return self.model_.predict(_features(x, f"{type(self).__name__}.decision_function"))

    def predict_proba(self, x: Any) -> np.ndarray:
        """``softmax(s)`` of the class scores (for the SVM, a monotone reading of its scores)."""
        return softmax(self.decision_function(x).astype(np.float64))

    def predict(self, x: Any) -> np.ndarray:
        """The class with the highest score, as one of ``classes_``."""
        return self.classes_[self.decision_function(x).argmax(axis=1)]

    def score(self, x: Any, y: Any) -> float:
        """Accuracy: the fraction of samples whose prediction equals the label."""
        return float(np.mean(self.predict(x) == np.asarray(y).reshape(-1)))

    @property
    def coef_(self) -> np.ndarray:
        """The weights ``W``, shape (features, classes)."""
        self._check_fitted()
        return self.model_.layers[0].kernel.array

    @property
    def intercept_(self) -> np.ndarray:
        """The biases ``b``, shape (classes,)."""
        self._check_fitted()
        return self.model_.layers[0].bias.array

    def __repr__(self) -> str:
        reg = f"C={self.C!r}" if self.C is not None else f"reg={self.reg:g}"
        return (f"{type(self).__name__}({reg}, lr={self.lr:g}, epochs={self.epochs}, "
                f"batch_size={self.batch_size}, momentum={self.momentum:g}, seed={self.seed})")


class LinearSVM(_EngineClassifier):
    """Multiclass linear SVM (Weston-Watkins / CS231n hinge loss) with an L2 penalty.

    ``J = (1/N) Σ_n Σ_{j ≠ y_n} max(0, s_nj − s_n,y_n + Δ) + λ ΣW²``, ``s = xW + b``,
    ``Δ = margin`` (default 1). The hinge is :class:`ligero.losses.MulticlassHinge`.
    """

    def __init__(self, reg: float = 1e-3, *, margin: float = 1.0, **kwargs: Any) -> None:
        super().__init__(reg, **kwargs)
        self.margin = float(margin)

    def _loss(self) -> losses.Loss:
        return losses.MulticlassHinge(margin=self.margin)


class SoftmaxClassifier(_EngineClassifier):
    """Multinomial logistic regression (Softmax classifier) with an L2 penalty.

    ``J = −(1/N) Σ_n log softmax(s_n)_{y_n} + λ ΣW²``, ``s = xW + b``: the fused
    cross-entropy of :class:`ligero.losses.SparseCategoricalCrossentropy` (the labels are class
    indices) with ``from_logits=True``.
    """

    def _loss(self) -> losses.Loss:
        return losses.SparseCategoricalCrossentropy(from_logits=True)


class Perceptron:
    """Rosenblatt's perceptron: a step unit (or a layer of them) trained by the classic rule.

    For each sample ``p`` in turn (online), with target ``t``:
    ``a = step(W·p + b)``, ``e = t − a``, ``W ← W + lr · e · p``, ``b ← b + lr · e``.
    A sample is an error when ``e ≠ 0``. ``encoding="binary"``: targets 0/1 and
    ``step(n) = 1 if n ≥ 0 else 0`` (hardlim); ``"bipolar"``: targets ±1 and
    ``step(n) = 1 if n ≥ 0 else −1`` (hardlims). Training stops after the first
    epoch with no error (``converged_``) or after ``epochs`` epochs. For
    linearly separable data the rule converges in finitely many updates; for
    data that are not (XNOR) it never does.

    Targets may be ``(N,)`` (one unit) or ``(N, K)`` (K units trained independently).
    """

    def __init__(self, lr: float = 1.0, epochs: int = 100, encoding: str = "binary",
                 shuffle: bool = False, init: str = "zeros", seed: int | None = 0) -> None:
        if encoding not in ("binary", "bipolar"):
            raise ConfigError(f"Perceptron: encoding must be 'binary' or 'bipolar', got {encoding!r}")
        if init not in ("zeros", "random"):
            raise ConfigError(f"Perceptron: init must be 'zeros' or 'random', got {init!r}")
        if int(epochs) < 1 or not lr > 0:
            raise ConfigError("Perceptron: epochs must be >= 1 and lr > 0")
        self.lr, self.epochs, self.encoding = float(lr), int(epochs), encoding
        self.shuffle, self.init, self.seed = bool(shuffle), init, seed
        self.low = 0.0 if encoding == "binary" else -1.0
        self.coef_: np.ndarray | None = None
        self.intercept_: np.ndarray | None = None
        self.errors_: list[int] = []
        self.weights_: list[tuple[np.ndarray, np.ndarray]] = []
        self.converged_ = False

    def step(self, n: np.ndarray) -> np.ndarray:
        """The step activation: 1 where ``n ≥ 0``, else 0 (binary) or −1 (bipolar)."""
        return np.where(n >= 0, 1.0, self.low)

    def fit(self, x: Any, t: Any) -> Perceptron:
        """Apply the rule epoch by epoch; ``errors_[e]`` = samples with ``e ≠ 0`` in epoch ``e``."""
        x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        t = np.asarray(t, dtype=np.float64)
        single = t.ndim == 1
        t2 = t.reshape(len(t), -1)
        if len(t2) != len(x):
            raise DataError(f"Perceptron.fit: {len(x)} samples but {len(t2)} targets")
        if not np.all((t2 == 1.0) | (t2 == self.low)):
            raise DataError(f"Perceptron.fit: targets must be {self.low:g} or 1 for encoding {self.encoding!r}")
        rng = np.random.default_rng(self.seed)
        shape = (x.shape[1], t2.shape[1])
        w = rng.normal(0, 0.5, shape) if self.init == "random" else np.zeros(shape)
        b = rng.normal(0, 0.5, shape[1]) if self.init == "random" else np.zeros(shape[1])
        self.errors_, self.weights_, self.converged_ = [], [(w.copy(), b.copy())], False
        for _ in range(self.epochs):
            order = rng.permutation(len(x)) if self.shuffle else range(len(x))
            errors = 0
            for i in order:
                p = x[i]
                e = t2[i] - self.step(p @ w + b)
                if np.any(e != 0):
                    errors += 1
                    w += self.lr * np.outer(p, e)
                    b += self.lr * e
            self.errors_.append(errors)
            self.weights_.append((w.copy(), b.copy()))
            if errors == 0:
                self.converged_ = True
                break
        self.coef_, self.intercept_ = (w[:, 0], b[0]) if single else (w, b)
        self._single = single
        return self

    def decision_function(self, x: Any) -> np.ndarray:
        """The net input ``n = W·p + b`` of each sample."""
        if self.coef_ is None:
            raise ConfigError("Perceptron: call fit(x, t) first")
        x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        return x @ self.coef_ + self.intercept_

    def predict(self, x: Any) -> np.ndarray:
        """``step(W·p + b)``."""
        return self.step(self.decision_function(x))

    def score(self, x: Any, t: Any) -> float:
        """Fraction of samples (all units right) whose output equals the target."""
        pred = self.predict(x).reshape(len(x), -1)
        return float(np.mean(np.all(pred == np.asarray(t).reshape(len(x), -1), axis=1)))
