"""Keras's TextVectorization, ``output_mode="int"``: strings -> sequences of token indices.

Each string is standardized (``"lower_and_strip_punctuation"``: lowercased, then Keras's punctuation
``!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'`` removed; or ``"lower"``, ``"strip_punctuation"``, None, a callable),
split (``"whitespace"``: on runs of whitespace; ``"character"``; None; a callable) and looked up:
index 0 is padding (the empty token), 1 is ``"[UNK]"`` (any token not in the vocabulary), then the
vocabulary. ``adapt(data)`` learns the vocabulary as Keras's IndexLookup does: tokens by count, most
frequent first, ties broken by the tokens in *descending* order (NumPy's ``lexsort`` of (token, count),
reversed), keeping ``max_tokens − 2`` of them. The output (N, L) is int64, padded with 0 (or cut) to
``output_sequence_length``, else to the longest sequence of the batch. The layer has no weights and
no gradient (its output is integers, the input of an ``Embedding``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np

from ligero.errors import ConfigError, DataError, ShapeError
from ligero.layers.base import Layer
from ligero.tensor import Tensor, as_tensor

__all__ = ["TextVectorization"]

PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
"""Keras's ``DEFAULT_STRIP_REGEX``."""
OOV_TOKEN = "[UNK]"
_STANDARDIZE = (None, "lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = (None, "whitespace", "character")


def _choice(value: Any, allowed: tuple, what: str) -> Any:
    if callable(value) or value in allowed:
        return value
    raise ConfigError(f"TextVectorization: {what} must be one of {allowed[1:]}, None or a callable, got {value!r}")


def _positive(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ConfigError(f"TextVectorization: {what} must be a positive integer or None, got {value!r}")
    return int(value)


class TextVectorization(Layer):
    """``layer(texts)``: (N,) or (N, 1) strings (or one string) -> (N, L) int64 indices (module docstring)."""

    def __init__(self, max_tokens: int | None = None, standardize: Any = "lower_and_strip_punctuation",
                 split: Any = "whitespace", ngrams: Any = None, output_mode: str = "int",
                 output_sequence_length: int | None = None, pad_to_max_tokens: bool = False,
                 vocabulary: Any = None, idf_weights: Any = None, sparse: bool = False, ragged: bool = False,
                 encoding: str = "utf-8", name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        if output_mode != "int" or ngrams is not None or idf_weights is not None or sparse or ragged:
            raise ConfigError("TextVectorization: ligero supports output_mode='int' without ngrams, idf_weights, "
                              f"sparse or ragged (got output_mode={output_mode!r}, ngrams={ngrams!r})")
        self.max_tokens = _positive(max_tokens, "max_tokens")
        if self.max_tokens is not None and self.max_tokens < 3:
            raise ConfigError(f"TextVectorization: max_tokens must be at least 3 (padding, '[UNK]' and a token), "
                              f"got {max_tokens}")
        self.standardize = _choice(standardize, _STANDARDIZE, "standardize")
        self.split = _choice(split, _SPLIT, "split")
        self.output_mode, self.encoding, self.pad_to_max_tokens = output_mode, encoding, bool(pad_to_max_tokens)
        self.output_sequence_length = _positive(output_sequence_length, "output_sequence_length")
        self._vocabulary: list[str] = []
        self._index: dict[str, int] = {}
        if vocabulary is not None:
            self.set_vocabulary(vocabulary)
        self.built = True

    # ---------------------------------------------------------- the text
    def _strings(self, data: Any) -> list[str]:
        """``data`` (a string, a list of them, or an (N,) / (N, 1) array) as a flat list of strings."""
        if isinstance(data, (str, bytes)):
            data = [data]
        array = np.asarray(data, dtype=object)
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.ndim != 1:
            raise ShapeError(f"layer '{self.name}' (TextVectorization) expects strings of shape (N,) or (N, 1), "
                             f"got shape {array.shape}")
        texts = [t.decode(self.encoding) if isinstance(t, bytes) else t for t in array.tolist()]
        wrong = [t for t in texts if not isinstance(t, str)]
        if wrong:
            raise DataError(f"layer '{self.name}' (TextVectorization) expects strings, got {type(wrong[0]).__name__}"
                            f" {wrong[0]!r}")
        return texts

    def _tokens(self, text: str) -> list[str]:
        """Standardize then split one string."""
        if callable(self.standardize):
            text = self.standardize(text)
        elif self.standardize is not None:
            if "lower" in self.standardize:
                text = text.lower()
            if "strip" in self.standardize:
                text = PUNCTUATION.sub("", text)
        if callable(self.split):
            return list(self.split(text))
        if self.split == "whitespace":
            return text.split()
        return list(text) if self.split == "character" else [text]

    # ---------------------------------------------------------- the vocabulary
    def adapt(self, data: Any, batch_size: Any = None, steps: Any = None) -> None:
        """Learn the vocabulary from ``data`` (strings as for a call, or an iterable of such batches)."""
        counts: Counter[str] = Counter()
        for batch in self._batches(data):
            for text in self._strings(batch):
                counts.update(self._tokens(text))
        counts.pop("", None)
        counts.pop(OOV_TOKEN, None)
        tokens = sorted(counts, key=lambda t: (counts[t], t.encode(self.encoding)), reverse=True)
        keep = None if self.max_tokens is None else self.max_tokens - 2
        self._set_tokens(tokens[:keep])

    def _batches(self, data: Any) -> Iterable[Any]:
        if isinstance(data, (str, bytes, np.ndarray, list, tuple)):
            return [data]
        if isinstance(data, Iterable):
            return data
        raise DataError(f"layer '{self.name}' (TextVectorization).adapt expects strings, a list or array of them, "
                        f"or an iterable of such batches; got {type(data).__name__}")

    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None) -> None:
        """Use ``vocabulary`` (a list of tokens, optionally starting with '' and '[UNK]', as Keras's)."""
        tokens = [str(t) for t in vocabulary]
        if tokens[:2] == ["", OOV_TOKEN]:
            tokens = tokens[2:]
        if len(set(tokens)) != len(tokens) or "" in tokens or OOV_TOKEN in tokens:
            raise ConfigError(f"layer '{self.name}' (TextVectorization): the vocabulary must hold distinct tokens, "
                              "the padding '' and '[UNK]' only first")
        if self.max_tokens is not None and len(tokens) + 2 > self.max_tokens:
            raise ConfigError(f"layer '{self.name}' (TextVectorization): {len(tokens) + 2} tokens (with '' and "
                              f"'[UNK]') exceed max_tokens={self.max_tokens}")
        self._set_tokens(tokens)

    def _set_tokens(self, tokens: list[str]) -> None:
        self._vocabulary = ["", OOV_TOKEN, *tokens]
        self._index = {t: i for i, t in enumerate(self._vocabulary)}

    def get_vocabulary(self, include_special_tokens: bool = True) -> list[str]:
        """The vocabulary, index ``i`` holding token ``i`` ('' and '[UNK]' first unless excluded)."""
        return list(self._vocabulary if include_special_tokens else self._vocabulary[2:])

    def vocabulary_size(self) -> int:
        return len(self._vocabulary)

    # ---------------------------------------------------------- calling
    def __call__(self, x: Any, *args: Any, **kwargs: Any) -> Tensor:
        return self.call(x)

    def call(self, x: Any) -> Tensor:
        if not self._vocabulary:
            raise ConfigError(f"layer '{self.name}' (TextVectorization) has no vocabulary: call adapt(data) first "
                              "or pass vocabulary=")
        texts = self._strings(x.array if isinstance(x, Tensor) else x)
        rows = [[self._index.get(t, 1) for t in self._tokens(text)] for text in texts]
        length = self.output_sequence_length or max((len(r) for r in rows), default=0)
        out = np.zeros((len(rows), length), dtype=np.int64)
        for n, row in enumerate(rows):
            out[n, :min(len(row), length)] = row[:length]
        return as_tensor(out, dtype=np.int64)

    def compute_output_shape(self, input_shape: Any) -> tuple[Any, ...]:
        return (self.output_sequence_length,)

    def get_config(self) -> dict[str, Any]:
        def named(value: Any) -> Any:
            return value if value is None or isinstance(value, str) else getattr(value, "__name__", repr(value))

        return {**super().get_config(), "max_tokens": self.max_tokens, "standardize": named(self.standardize),
                "split": named(self.split), "ngrams": None, "output_mode": self.output_mode,
                "output_sequence_length": self.output_sequence_length, "pad_to_max_tokens": self.pad_to_max_tokens,
                "sparse": False, "ragged": False, "vocabulary": self.get_vocabulary() or None,
                "idf_weights": None, "encoding": self.encoding, "vocabulary_size": self.vocabulary_size()}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> TextVectorization:
        config = dict(config)
        config.pop("vocabulary_size", None)
        return cls(**config)
