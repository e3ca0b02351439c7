"""The exceptions ligero raises.

Every error a user can provoke is one of these, so ``except ligero.LigeroError``
catches them all, while each also subclasses the built-in exception a Python
user would expect (``ValueError`` for a bad shape, ``OSError`` for a bad file),
so code written against NumPy or the standard library keeps working.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class LigeroError(Exception):
    """Base class of every error ligero raises on purpose."""


class ShapeError(LigeroError, ValueError):
    """Arrays whose shapes do not fit together (the message names both shapes)."""


class GradientError(LigeroError, RuntimeError):
    """``backward()`` called in a way the graph cannot honour."""


class ConfigError(LigeroError, ValueError):
    """An unknown name (activation, loss, optimizer...) or an invalid setting."""


class UnknownClassError(ConfigError, TypeError):
    """A saved file names a class no registry knows (a TypeError too, as Keras raises)."""


class DataError(LigeroError, ValueError):
    """Training or evaluation data that cannot be used as given (NaN, labels out of range...)."""


class DataFileError(LigeroError, OSError):
    """A data or model file that is missing, truncated, tampered or of the wrong format,
    or that cannot be written (a full disk: ``errno`` is kept).

    The message names the path and what was wrong with it.
    """


class UnsafeFileError(DataFileError):
    """A file that asks to execute code or build objects ligero never admits."""


class TrainingError(LigeroError, RuntimeError):
    """Training cannot go on (for example the loss became NaN or infinite)."""


def unknown_name(kind: str, name: object, known: Iterable[str], hint: str = "") -> ConfigError:
    """The one error for a name no registry knows (a layer's activation, a loss, a metric, an
    optimizer, an initializer, a regularizer...): it names ``kind`` and ``name``, the close
    matches (:func:`difflib.get_close_matches`, case-insensitive) and every known name.

    ``unknown_name("activation", "rleu", names())`` -> "unknown activation 'rleu'. Did you mean
    'relu'? Known activations: ...". ``hint`` (a sentence) is added at the end.
    """
    known = sorted(set(known))
    by_lower = {k.lower(): k for k in known}
    close = difflib.get_close_matches(str(name).lower(), list(by_lower), n=3, cutoff=0.6)
    quoted = [repr(by_lower[c]) for c in close]
    either = f"{', '.join(quoted[:-1])} or {quoted[-1]}" if len(quoted) > 1 else "".join(quoted)
    suggestion = f" Did you mean {either}?" if close else ""
    plural = kind + ("es" if kind.endswith("s") else "s")
    return ConfigError(f"unknown {kind} {name!r}.{suggestion} Known {plural}: {', '.join(known)}"
                       + (f". {hint}" if hint else ""))
