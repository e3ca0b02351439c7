"""The README's Python examples run as written (in order, in one namespace)."""

import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_blocks_run(tmp_path, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    _photo_folder(tmp_path / "photos")  # the user's own images that the README's example reads
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)  # noqa: S102 - our own README
    assert (tmp_path / "cifar.ligero").exists()
    # the last block is the perceptron of course exercise 1: sigmoid(0.69) and its gradients
    f, x, w, b = (namespace[k] for k in ("f", "x", "w", "b"))
    assert abs(f.item() - 0.666) < 1e-3
    dh = f.item() * (1 - f.item())
    np.testing.assert_allclose(b.grad, dh, rtol=1e-5)
    np.testing.assert_allclose(x.grad, dh * np.array([1.45, -0.35]), rtol=1e-5)
    np.testing.assert_allclose(w.grad, dh * np.array([2.8, -1.8]), rtol=1e-5)


def _photo_folder(root: Path) -> None:
    """Two classes of ten small RGB pictures each."""
    from PIL import Image

    rng = np.random.default_rng(0)
    for name in ("cats", "dogs"):
        (root / name).mkdir(parents=True)
        for i in range(10):
            Image.fromarray(rng.integers(0, 256, (20, 24, 3), dtype=np.uint8)).save(root / name / f"{i}.png")
