"""`ligero run images` (a small CNN on a class folder) and `ligero predict` (new files), bad input included."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from PIL import Image

from ligero import cli
from ligero.experiments import images

MODES = ["RGB", "L", "RGBA", "P"]  # every stored kind is converted to RGB
SIZES = [(16, 16), (24, 20), (13, 17)]  # mixed sizes are resized to --image-size


def _picture(kind: str, seed: int) -> np.ndarray:
    """A 'blocks' picture (one bright square on a dark ground) or a 'stripes' one (horizontal bands)."""
    rng = np.random.default_rng(seed)
    color = rng.integers(120, 256, 3)
    pixels = np.zeros((16, 16, 3), dtype=np.uint8) + rng.integers(0, 40, 3).astype(np.uint8)
    if kind == "blocks":
        r, c = rng.integers(0, 7, 2)
        pixels[r:r + 9, c:c + 9] = color
    else:
        period = int(rng.integers(2, 4))
        pixels[(np.arange(16) // period) % 2 == 0] = color
    return pixels


def _save(pixels: np.ndarray, path, mode: str = "RGB", size: tuple[int, int] = (16, 16)) -> None:
    image = Image.fromarray(pixels).resize(size, Image.Resampling.NEAREST)
    image = image.convert("P") if mode == "P" else image.convert(mode)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def make_folder(root, per_class: int = 16, classes=("blocks", "stripes")):
    """``root/<class>/*.png`` with every color mode and three sizes, and two files that are no images."""
    for k, kind in enumerate(classes):
        for i in range(per_class):
            _save(_picture(kind, 100 * k + i), root / kind / f"{kind}{i}.png", MODES[i % 4], SIZES[i % 3])
    (root / classes[-1] / "notes.txt").write_text("not an image")
    (root / classes[0] / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    return root


def run_cli(*argv: str) -> int:
    return cli.main([str(a) for a in argv])


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One training run on the synthetic folder (shared by the tests that read its outputs)."""
    base = tmp_path_factory.mktemp("images")
    folder = make_folder(base / "photos")
    out = base / "run"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = run_cli("run", "images", "--data-dir", folder, "--out", out, "--image-size", "16",
                       "--epochs", "12", "--lr", "0.01", "--batch-size", "8", "--augment", "crop", "--quiet")
    assert code == 0
    return {"folder": folder, "out": out, "base": base, "warnings": [str(w.message) for w in caught]}


# ---------------------------------------------------------------------------
# the run and its outputs
# ---------------------------------------------------------------------------


def test_run_learns_the_folder_and_writes_every_output(trained) -> None:
    out = trained["out"]
    metrics = json.loads((out / "metrics.json").read_text())
    final = metrics["final"]
    assert final["classes"] == 2 and final["train_images"] + final["val_images"] == 32  # the two bad files left out
    assert final["val_accuracy"] >= max(0.8, final["majority_class_accuracy"])  # chance is about 0.5
    assert len(metrics["history"]["val_accuracy"]) == 12
    counts = {c["class"]: c["training"] + c["validation"] for c in metrics["class_counts"]}
    assert counts == {"blocks": 16, "stripes": 16}
    for name in ("history.png", "confusion.png", "misclassified.png", "model.ligero", "model.json", "report.md"):
        assert (out / name).stat().st_size > 0, name
    info = json.loads((out / "model.json").read_text())
    assert info["class_names"] == ["blocks", "stripes"] and info["image_size"] == [16, 16]
    assert info["color_mode"] == "rgb"


def test_unreadable_and_non_image_files_are_skipped_with_one_warning(trained) -> None:
    skipped = [w for w in trained["warnings"] if "skipped" in w]
    assert len(skipped) == 1
    assert "2 files" in skipped[0] and "broken.png" in skipped[0] and "notes.txt" in skipped[0]


def test_run_prints_the_class_counts_and_the_validation_accuracy(tmp_path, capsys) -> None:
    folder = make_folder(tmp_path / "photos", per_class=6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert run_cli("run", "images", "--data-dir", folder, "--out", tmp_path / "run", "--image-size", "8",
                       "--epochs", "1", "--validation-split", "0.25") == 0
    text = capsys.readouterr().out
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    rows = {c["class"]: (c["training"], c["validation"]) for c in metrics["class_counts"]}
    for name, (n_train, n_val) in rows.items():
        assert any(line.split() == [name, str(n_train), str(n_val)] for line in text.splitlines()), name
    assert f"validation accuracy {metrics['final']['val_accuracy']:.4f}" in text


# ---------------------------------------------------------------------------
# ligero predict
# ---------------------------------------------------------------------------


def test_predict_labels_new_files_of_any_mode_and_size(trained, tmp_path, capsys) -> None:
    new = {}
    for i, (kind, mode, size) in enumerate([("blocks", "RGBA", (30, 30)), ("stripes", "P", (16, 16)),
                                            ("blocks", "L", (16, 20)), ("stripes", "RGB", (40, 32))]):
        new[kind + str(i)] = tmp_path / f"new{i}.png"
        _save(_picture(kind, 900 + i), new[kind + str(i)], mode, size)
    rows = images.predict_files(trained["out"] / "model.ligero", list(new.values()))
    assert [r["class"] for r in rows] == ["blocks", "stripes", "blocks", "stripes"]
    assert all(0.5 < r["probability"] <= 1.0 for r in rows)
    capsys.readouterr()
    assert run_cli("predict", trained["out"], *new.values()) == 0  # the run folder works as MODEL too
    lines = capsys.readouterr().out.splitlines()
    for row in rows:
        line = next(line for line in lines if line.startswith(str(row["file"])))
        assert line.split()[1:] == [row["class"], f"{row['probability']:.4f}"]


def test_predict_skips_bad_files_with_one_warning_and_fails_when_none_is_left(trained, tmp_path, capsys) -> None:
    good, text, broken = tmp_path / "good.png", tmp_path / "a.txt", tmp_path / "b.jpg"
    _save(_picture("stripes", 7), good)
    text.write_text("hello")
    broken.write_bytes(b"\xff\xd8\xff garbage")
    model = trained["out"] / "model.ligero"
    with pytest.warns(UserWarning, match=r"skipped 2 files") as record:
        rows = images.predict_files(model, [text, good, broken])
    assert len(record) == 1 and "a.txt" in str(record[0].message) and "b.jpg" in str(record[0].message)
    assert [r["file"] for r in rows] == [good]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert run_cli("predict", model, text, broken, tmp_path / "missing.png") == 1
    assert "none of the 3 files given is a readable image" in capsys.readouterr().err


def test_predict_refuses_a_model_without_its_description_or_with_one_that_does_not_fit(trained, tmp_path,
                                                                                       capsys) -> None:
    picture = tmp_path / "p.png"
    _save(_picture("blocks", 3), picture)
    model = tmp_path / "model.ligero"
    model.write_bytes((trained["out"] / "model.ligero").read_bytes())
    assert run_cli("predict", model, picture) == 1
    assert "model.json: not found" in capsys.readouterr().err
    info = json.loads((trained["out"] / "model.json").read_text())
    (tmp_path / "model.json").write_text(json.dumps({**info, "image_size": [32, 32]}))
    assert run_cli("predict", model, picture) == 1
    err = capsys.readouterr().err
    assert "takes images of shape (16, 16, 3)" in err and "(32, 32, 3)" in err
    (tmp_path / "model.json").write_text(json.dumps({**info, "class_names": ["a", "b", "c"]}))
    assert run_cli("predict", model, picture) == 1
    assert "2 outputs" in capsys.readouterr().err
    (tmp_path / "model.json").write_text("{not json")
    assert run_cli("predict", model, picture) == 1
    assert "not a readable JSON file" in capsys.readouterr().err
    assert run_cli("predict", tmp_path / "nothing.ligero", picture) == 1
    assert "no such model file" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# bad folders and options: one clear message each
# ---------------------------------------------------------------------------


def _error(capsys, *argv) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = run_cli("run", "images", *argv, "--epochs", "1", "--quiet")
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "Traceback" not in err and len(err.splitlines()) == 1
    return err


def test_an_empty_class_folder_is_named(tmp_path, capsys) -> None:
    folder = make_folder(tmp_path / "photos", per_class=4)
    (folder / "zebras").mkdir()
    assert "'zebras' holds no readable image" in _error(capsys, "--data-dir", folder, "--out", tmp_path / "r")


def test_a_folder_of_only_unreadable_files_is_an_error(tmp_path, capsys) -> None:
    for name in ("a", "b"):
        (tmp_path / "photos" / name).mkdir(parents=True)
        (tmp_path / "photos" / name / "x.jpg").write_bytes(b"no image")
    assert "holds no readable image" in _error(capsys, "--data-dir", tmp_path / "photos", "--out", tmp_path / "r")


def test_a_single_class_is_refused(tmp_path, capsys) -> None:
    folder = make_folder(tmp_path / "photos", per_class=6, classes=("blocks",))
    err = _error(capsys, "--data-dir", folder, "--out", tmp_path / "r")
    assert "single class ('blocks')" in err and "at least two" in err


def test_a_missing_folder_and_no_folder_are_named(tmp_path, capsys) -> None:
    assert "no such folder" in _error(capsys, "--data-dir", tmp_path / "nowhere", "--out", tmp_path / "r")
    assert "needs --data-dir" in _error(capsys, "--out", tmp_path / "r")


@pytest.mark.parametrize("size", ["4", "0", "-3"])
def test_an_image_size_that_does_not_fit_the_model(tmp_path, capsys, size) -> None:
    folder = make_folder(tmp_path / "photos", per_class=4)
    err = _error(capsys, "--data-dir", folder, "--out", tmp_path / "r", "--image-size", size)
    assert f"--image-size {size} does not fit the model" in err and "at least 8×8" in err


def test_a_validation_split_that_leaves_nothing_is_refused(tmp_path, capsys) -> None:
    folder = make_folder(tmp_path / "photos", per_class=2)
    assert "validation_split=0.1 of 4 images" in _error(capsys, "--data-dir", folder, "--out", tmp_path / "r",
                                                         "--validation-split", "0.1")
    assert "between 0 and 1" in _error(capsys, "--data-dir", folder, "--out", tmp_path / "r",
                                       "--validation-split", "1.5")


def test_the_model_fits_its_image_size_and_the_smallest_side_is_eight() -> None:
    model = images.build_model(8, 1, 3, augment="none")
    assert model.input_shape == (None, 8, 8, 1) and model.output_shape == (None, 3)
    assert images.check_image_size(8) == 8
    with pytest.raises(Exception, match="at least 8×8"):
        images.check_image_size(7)
