"""Run reference programs on a real framework and on ligero, with only the imports changed.

A reference program is an ordinary PyTorch or Keras 3 script (``tests/reference/torch/*.py``,
``tests/reference/keras/*.py``) that prints what it computes. The harness runs every program
of a corpus twice, each time in one child process that imports the framework once:

- ``--face torch`` / ``--face keras``: the program as written, on real PyTorch / real Keras 3
  (``KERAS_BACKEND=torch``);
- ``--face ligero-torch`` / ``--face ligero-keras``: the same source with its import lines
  rewritten (``import torch`` -> ``import ligero as torch``, ``from keras import layers`` ->
  ``from ligero.keras import layers``, ...) and nothing else.

What each printed is then compared by :func:`compare_outputs`: the text with numbers blanked
must be identical, and the numbers must agree to a tolerance (float32 by default; a program
may widen it with a comment line ``# reference: rtol=1e-3 atol=1e-4``). A program that raises
records ``<exception>`` and the exception's class name is not compared (frameworks name their
errors differently), only that both raised at the same point of the output.

    python tests/reference/harness.py --face ligero-torch --json out.json tests/reference/torch/*.py
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import re
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FACES = ("torch", "ligero-torch", "keras", "ligero-keras")
DEFAULT_RTOL, DEFAULT_ATOL = 1e-4, 1e-5
RAISED = "<exception>"

_IMPORT_LINE = re.compile(r"^(?P<indent>\s*)(?P<stmt>(?:import|from)\s+.*)$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf)\b")
_TOLERANCE = re.compile(r"#\s*reference:\s*(?P<spec>.*)")


# ---------------------------------------------------------------------------
# the only change: the import lines


def _rewrite_import(stmt: str, real: str, ours: str) -> str:
    """One import statement with the module ``real`` (and its submodules) taken from ``ours``."""
    from_match = re.match(rf"from\s+{real}(?P<rest>(?:\.\w+)*)\s+import\s+(?P<names>.*)$", stmt)
    if from_match:
        return f"from {ours}{from_match['rest']} import {from_match['names']}"
    import_match = re.match(r"import\s+(?P<items>.*)$", stmt)
    if not import_match:
        return stmt
    parts = []
    for item in (p.strip() for p in import_match["items"].split(",")):
        path, _, alias = item.partition(" as ")
        path, alias = path.strip(), alias.strip()
        if path != real and not path.startswith(real + "."):
            parts.append(f"import {item}")
        elif alias:
            parts.append(f"import {ours}{path[len(real):]} as {alias}")
        elif path == real:
            parts.append(f"import {ours} as {real}")
        else:  # ``import torch.nn`` binds ``torch``: import the submodule, then bind the name
            parts.append(f"import {ours}{path[len(real):]}; import {ours} as {real}")
    return "; ".join(parts)


def rewrite_imports(source: str, face: str) -> str:
    """``source`` with its top-level import lines pointed at ligero (``face`` says which framework)."""
    real, ours = ("torch", "ligero") if face == "ligero-torch" else ("keras", "ligero.keras")
    lines = []
    for line in source.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and re.search(rf"\b{real}\b", match["stmt"]):
            line = match["indent"] + _rewrite_import(match["stmt"].strip(), real, ours)
        lines.append(line)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# running a corpus in one process


def _reset(face: str) -> None:
    """Forget global state between programs (Keras's layer-name counters)."""
    if face == "keras":
        import keras

        keras.backend.clear_session()
    elif face == "ligero-keras":
        import ligero.keras as keras

        clear = getattr(getattr(keras, "backend", None), "clear_session", None)
        if clear is not None:
            clear()


def run_program(path: Path, face: str) -> str:
    """What the program at ``path`` prints on ``face`` (``<exception>`` marks a raise)."""
    source = path.read_text()
    if face.startswith("ligero-"):
        source = rewrite_imports(source, face)
    _reset(face)
    out = io.StringIO()
    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": str(path)}
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(source, str(path), "exec"), namespace)  # noqa: S102 - our own test programs
        except BaseException as exc:  # noqa: BLE001 - recorded, compared by the test
            print(RAISED)
            print(f"# {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
            if os.environ.get("REFERENCE_TRACEBACKS"):
                traceback.print_exc(file=sys.stderr)
    return out.getvalue()


def run_corpus(face: str, paths: list[Path], timeout: float = 600) -> dict[str, str]:
    """Run ``paths`` on ``face`` in one child process; {file name: printed text}."""
    env = dict(os.environ, KERAS_BACKEND="torch", PYTHONHASHSEED="0")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--face", face, *map(str, paths)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"reference corpus on {face} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.split("\n@@JSON@@\n", 1)[1])


def framework_available(face: str) -> bool:
    """Whether the real framework of ``face`` ('torch' or 'keras') imports in a child process."""
    code = "import torch" if face == "torch" else "import keras"
    env = dict(os.environ, KERAS_BACKEND="torch")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=False).returncode == 0


# ---------------------------------------------------------------------------
# comparing what two runs printed


def tolerance(path: Path) -> tuple[float, float]:
    """(rtol, atol) for the program at ``path``: float32's, or its ``# reference:`` comment."""
    rtol, atol = DEFAULT_RTOL, DEFAULT_ATOL
    for line in path.read_text().splitlines():
        match = _TOLERANCE.search(line)
        if match:
            values = dict(part.split("=") for part in match["spec"].split())
            rtol, atol = float(values.get("rtol", rtol)), float(values.get("atol", atol))
    return rtol, atol


def _close(a: str, b: str, rtol: float, atol: float) -> bool:
    x, y = float(a), float(b)
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= atol + rtol * abs(y)


def compare_outputs(expected: str, got: str, rtol: float, atol: float) -> str | None:
    """None if ``got`` prints what ``expected`` prints (numbers to tolerance), else the first difference."""
    exp_lines, got_lines = expected.splitlines(), got.splitlines()
    for i, (e, g) in enumerate(zip(exp_lines, got_lines), start=1):
        if _NUMBER.sub("#", e) != _NUMBER.sub("#", g):
            return f"line {i}: expected {e!r}, got {g!r}"
        for a, b in zip(_NUMBER.findall(g), _NUMBER.findall(e)):
            if not _close(a, b, rtol, atol):
                return f"line {i}: {a} differs from {b} (rtol={rtol:g}, atol={atol:g}): expected {e!r}, got {g!r}"
    if len(exp_lines) != len(got_lines):
        extra = exp_lines[len(got_lines):] or got_lines[len(exp_lines):]
        which = "missing" if len(exp_lines) > len(got_lines) else "extra"
        return f"{which} lines from line {min(len(exp_lines), len(got_lines)) + 1}: {extra[:3]!r}"
    if not expected.strip():
        return "the reference printed nothing: a program must print what it computes"
    return None


def corpus(name: str) -> list[Path]:
    """The programs of ``tests/reference/<name>/``, sorted."""
    return sorted((HERE / name).glob("*.py"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--face", choices=FACES, required=True)
    parser.add_argument("--json", default=None, help="also write the outputs to this path")
    parser.add_argument("programs", nargs="+")
    args = parser.parse_args()
    # the corpus folders are called torch/ and keras/: never let them shadow the real packages
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    if args.face.startswith("ligero-"):
        sys.path.insert(0, str(HERE.parents[1] / "src"))
    outputs = {Path(p).name: run_program(Path(p), args.face) for p in args.programs}
    if args.json:
        Path(args.json).write_text(json.dumps(outputs, indent=1))
    print("\n@@JSON@@\n" + json.dumps(outputs))


if __name__ == "__main__":
    main()
