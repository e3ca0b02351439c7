"""CIFAR-10 loading from tiny fake batches, the restricted unpickler, the cache and the downloader."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import struct
import tarfile
import urllib.error
from pathlib import Path

import numpy as np
import pytest

from ligero import DataError, DataFileError, UnsafeFileError
from ligero.datasets import (
    CIFAR10_CLASSES,
    data_dir,
    download,
    file_md5,
    load_cifar10,
    load_cifar10_meta,
    safe_load,
    verify_md5,
)
from ligero.datasets import cifar10 as cifar10_module

ROWS = 4  # images per fake batch
NAMES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]


def fake_batch(seed: int, rows: int = ROWS) -> dict:
    rng = np.random.default_rng(seed)
    return {
        b"batch_label": f"batch {seed}".encode(),
        b"labels": [int(v) for v in rng.integers(0, 10, rows)],
        b"data": rng.integers(0, 256, (rows, 3072), dtype=np.uint8),
        b"filenames": [f"img_{seed}_{i}.png".encode() for i in range(rows)],
    }


def fake_meta(rows: int = ROWS) -> dict:
    return {b"num_cases_per_batch": rows, b"num_vis": 3072, b"label_names": [c.encode() for c in CIFAR10_CLASSES]}


def write_pickle(path: Path, obj: object) -> None:
    with open(path, "wb") as f:
        pickle.dump(obj, f, protocol=2)


def make_batches_dir(root: Path) -> tuple[Path, dict[str, dict]]:
    """root/cifar-10-batches-py with five training batches, the test batch and batches.meta."""
    d = root / "cifar-10-batches-py"
    d.mkdir(parents=True)
    batches = {name: fake_batch(i) for i, name in enumerate(NAMES)}
    for name, batch in batches.items():
        write_pickle(d / name, batch)
    write_pickle(d / "batches.meta", fake_meta())
    return d, batches


def make_archive(batches_dir: Path, dest: Path) -> Path:
    with tarfile.open(dest, "w:gz") as tar:
        tar.add(batches_dir, arcname="cifar-10-batches-py")
    return dest


def check_loaded(result, batches: dict[str, dict]) -> None:
    (x_train, y_train), (x_test, y_test) = result
    assert x_train.shape == (5 * ROWS, 3, 32, 32) and x_train.dtype == np.uint8
    assert x_test.shape == (ROWS, 3, 32, 32) and x_test.dtype == np.uint8
    assert y_train.dtype == np.int64 and y_test.dtype == np.int64
    expected = np.concatenate([batches[n][b"data"] for n in NAMES[:5]])
    np.testing.assert_array_equal(x_train.reshape(-1, 3072), expected)
    np.testing.assert_array_equal(y_train, sum((batches[n][b"labels"] for n in NAMES[:5]), []))
    np.testing.assert_array_equal(y_test, batches["test_batch"][b"labels"])
    # NCHW: row = R plane, G plane, B plane of 32x32 row-major
    row = batches["test_batch"][b"data"][1]
    np.testing.assert_array_equal(x_test[1, 2, 0, :], row[2048:2080])
    assert x_train.flags.writeable and x_test.flags.writeable


@pytest.fixture
def cifar(tmp_path):
    return make_batches_dir(tmp_path / "data")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr("urllib.request.urlopen", refuse)


# --------------------------------------------------------------------------- loading


def test_load_from_batches_dir(cifar):
    d, batches = cifar
    check_loaded(load_cifar10(d), batches)


def test_load_from_parent_dir_and_str_path(cifar):
    d, batches = cifar
    check_loaded(load_cifar10(str(d.parent)), batches)


def test_load_from_archive_and_dir_holding_archive(cifar, tmp_path):
    d, batches = cifar
    archive_dir = tmp_path / "a"
    archive_dir.mkdir()
    archive = make_archive(d, archive_dir / "cifar-10-python.tar.gz")
    check_loaded(load_cifar10(archive), batches)
    check_loaded(load_cifar10(archive_dir), batches)


def test_load_from_cache_dir(cifar, monkeypatch):
    d, batches = cifar
    monkeypatch.setenv("LIGERO_DATA_DIR", str(d.parent))
    check_loaded(load_cifar10(), batches)


def test_meta_and_class_names(cifar):
    d, _ = cifar
    meta = load_cifar10_meta(d)
    assert meta["label_names"] == list(CIFAR10_CLASSES)
    assert meta["num_cases_per_batch"] == ROWS and meta["num_vis"] == 3072
    assert len(CIFAR10_CLASSES) == 10 and CIFAR10_CLASSES[0] == "airplane"


def test_python2_style_pickle_with_numpy_arrays_as_labels(tmp_path):
    """Labels stored as an array and str keys (a re-pickled copy) load too."""
    d, batches = make_batches_dir(tmp_path)
    batch = {"data": batches["test_batch"][b"data"], "labels": np.array(batches["test_batch"][b"labels"])}
    write_pickle(d / "test_batch", batch)
    (_, _), (_, y_test) = load_cifar10(d)
    np.testing.assert_array_equal(y_test, batch["labels"])


class _Py2Pickler(pickle._Pickler):
    """Writes str and bytes as Python 2 strings (BINSTRING), as the official batches were written."""

    dispatch = dict(pickle._Pickler.dispatch)

    def _save_py2str(self, obj):
        data = obj.encode("latin-1") if isinstance(obj, str) else obj
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(data)) + data)
        self.memoize(obj)

    dispatch[bytes] = _save_py2str
    dispatch[str] = _save_py2str


def test_official_python2_pickles(tmp_path):
    """Python 2 strings everywhere (keys, dtype codes, data) and the numpy 1 module name."""
    d, batches = make_batches_dir(tmp_path)
    for name in ("test_batch", "batches.meta"):
        obj = batches[name] if name in batches else fake_meta()
        buffer = io.BytesIO()
        _Py2Pickler(buffer, protocol=2).dump(obj)
        data = buffer.getvalue().replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
        assert b"numpy.core.multiarray" in data or name == "batches.meta"
        (d / name).write_bytes(data)
    check_loaded(load_cifar10(d), batches)


# --------------------------------------------------------------------------- bad files


def test_missing_path_and_missing_batch(cifar, tmp_path):
    d, _ = cifar
    with pytest.raises(DataFileError, match="no such file"):
        load_cifar10(tmp_path / "nowhere")
    (d / "data_batch_3").unlink()
    with pytest.raises(DataFileError, match="data_batch_3: file not found"):
        load_cifar10(d)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataFileError, match="empty: no CIFAR-10 here"):
        load_cifar10(empty)


def test_truncated_pickle(cifar):
    d, _ = cifar
    path = d / "data_batch_2"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFileError, match=r"data_batch_2: truncated") as info:
        load_cifar10(d)
    assert not isinstance(info.value, UnsafeFileError)


def test_garbage_file(cifar):
    d, _ = cifar
    (d / "test_batch").write_bytes(b"this is not a pickle at all")
    with pytest.raises(DataFileError, match="test_batch"):
        load_cifar10(d)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda b: b.update({b"data": b[b"data"][:, :3000]}), DataFileError, r"'data' is a uint8 array \(4, 3000\)"),
        (lambda b: b.update({b"data": b[b"data"].astype(np.int16)}), DataFileError, "expected a uint8 array"),
        (lambda b: b.update({b"labels": b[b"labels"][:-1]}), DataFileError, "3 labels for 4 images"),
        (lambda b: b.update({b"labels": [0, 1, 10, 2]}), DataError, "label 10 outside 0-9"),
        (lambda b: b.update({b"labels": [0, -1, 1, 2]}), DataError, "label -1 outside 0-9"),
        (lambda b: b.update({b"labels": ["a", "b", "c", "d"]}), DataFileError, "not a list of integers"),
        (lambda b: b.pop(b"data"), DataFileError, "no 'data' entry"),
        (lambda b: b.update({b"fine_labels": b.pop(b"labels")}), DataFileError, "CIFAR-100"),
    ],
)
def test_tampered_batches(cifar, change, error, message):
    d, batches = cifar
    batch = batches["data_batch_4"]
    change(batch)
    write_pickle(d / "data_batch_4", batch)
    with pytest.raises(error, match=message) as info:
        load_cifar10(d)
    assert "data_batch_4" in str(info.value)


def test_batch_that_is_not_a_dict(cifar):
    d, _ = cifar
    write_pickle(d / "test_batch", [1, 2, 3])
    with pytest.raises(DataFileError, match="test_batch: not a CIFAR-10 batch"):
        load_cifar10(d)


def test_batch_size_must_match_meta(cifar):
    d, _ = cifar
    write_pickle(d / "data_batch_1", fake_batch(0, rows=ROWS + 1))
    with pytest.raises(DataFileError, match=r"data_batch_1: 'data' is a uint8 array \(5, 3072\), expected"):
        load_cifar10(d)


def test_truncated_archive(cifar, tmp_path):
    d, _ = cifar
    archive = make_archive(d, tmp_path / "cifar-10-python.tar.gz")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFileError, match="cifar-10-python.tar.gz"):
        load_cifar10(archive)


def test_archive_missing_a_batch(cifar, tmp_path):
    d, _ = cifar
    (d / "test_batch").unlink()
    archive = make_archive(d, tmp_path / "cifar-10-python.tar.gz")
    with pytest.raises(DataFileError, match="the archive has no test_batch"):
        load_cifar10(archive)


def test_not_an_archive(tmp_path):
    path = tmp_path / "cifar-10-python.tar.gz"
    path.write_bytes(b"not a tar file")
    with pytest.raises(DataFileError, match="not a readable"):
        load_cifar10(path)


# --------------------------------------------------------------------------- unsafe pickles


class _RunsCode:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


class _Evals:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (eval, (f"open({str(self.marker)!r}, 'w').close()",))


@pytest.mark.parametrize("payload", [_RunsCode, _Evals])
def test_malicious_pickle_is_refused_and_never_runs(cifar, tmp_path, payload):
    d, batches = cifar
    marker = tmp_path / "pwned"
    batch = batches["data_batch_1"]
    batch[b"labels"] = payload(marker)
    write_pickle(d / "data_batch_1", batch)
    with pytest.raises(UnsafeFileError, match=r"data_batch_1: refused to load: .*(system|eval)"):
        load_cifar10(d)
    assert not marker.exists()


def test_malicious_pickle_in_archive_is_refused(cifar, tmp_path):
    d, _ = cifar
    marker = tmp_path / "pwned"
    write_pickle(d / "test_batch", _RunsCode(marker))
    archive = make_archive(d, tmp_path / "cifar-10-python.tar.gz")
    with pytest.raises(UnsafeFileError, match="cifar-10-batches-py/test_batch"):
        load_cifar10(archive)
    assert not marker.exists()


def test_object_arrays_are_refused():
    data = pickle.dumps({b"data": np.array([1, "x"], dtype=object)}, protocol=2)
    with pytest.raises(UnsafeFileError, match="dtype"):
        safe_load(data, "objects.pkl")


def test_admitted_stand_ins_cannot_be_tampered_with():
    # GLOBAL numpy.dtype, EMPTY_DICT, BUILD: try to set attributes on the admitted callable
    data = b"\x80\x02cnumpy\ndtype\n}b."
    with pytest.raises(UnsafeFileError, match="set the state"):
        safe_load(data, "tamper.pkl")


def test_codecs_encode_only_latin1():
    data = b"\x80\x02c_codecs\nencode\nX\x01\x00\x00\x00aX\x05\x00\x00\x00rot13\x86R."
    with pytest.raises(UnsafeFileError, match="_codecs.encode"):
        safe_load(data, "codec.pkl")


def test_safe_load_round_trips_arrays_of_all_admitted_kinds():
    obj = {
        "u1": np.arange(6, dtype=np.uint8).reshape(2, 3),
        "f8": np.linspace(0, 1, 5),
        "i4be": np.arange(4, dtype=">i4"),
        "fortran": np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),
        "nested": [1, b"x", ("y", 2.5)],
    }
    for protocol in (2, 4, 5):
        out = safe_load(pickle.dumps(obj, protocol=protocol), "ok.pkl")
        for key in ("u1", "f8", "i4be", "fortran"):
            np.testing.assert_array_equal(out[key], obj[key])
            assert out[key].dtype == obj[key].dtype.newbyteorder("=")
        assert out["nested"] == [1, b"x", ("y", 2.5)]


def test_array_with_wrong_byte_count_is_refused():
    data = pickle.dumps(np.arange(4, dtype=np.uint8), protocol=2)
    tampered = data.replace(b"\x00\x01\x02\x03", b"\x00\x01\x02")
    with pytest.raises(DataFileError, match="tampered.pkl"):
        safe_load(tampered, "tampered.pkl")


# --------------------------------------------------------------------------- cache and download


def test_data_dir_resolution(monkeypatch, tmp_path):
    monkeypatch.setenv("LIGERO_DATA_DIR", str(tmp_path / "mine"))
    assert data_dir() == tmp_path / "mine"
    monkeypatch.delenv("LIGERO_DATA_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "ligero"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data_dir() == tmp_path / "home" / ".cache" / "ligero"


def test_verify_md5(tmp_path):
    path = tmp_path / "file.bin"
    path.write_bytes(b"hello ligero")
    digest = file_md5(path)
    assert digest == hashlib.md5(b"hello ligero").hexdigest()
    verify_md5(path, digest)
    verify_md5(path, digest.upper())
    with pytest.raises(DataFileError, match=r"file.bin: checksum mismatch"):
        verify_md5(path, "0" * 32)
    with pytest.raises(DataFileError, match="cannot read"):
        verify_md5(tmp_path / "missing.bin", digest)


class _FakeResponse(io.BytesIO):
    def __init__(self, data: bytes, length: int | None = None) -> None:
        super().__init__(data)
        self.headers = {"Content-Length": str(len(data) if length is None else length)}


def _serve(monkeypatch, data: bytes, length: int | None = None) -> list[str]:
    urls: list[str] = []

    def fake_urlopen(url, timeout=None):
        urls.append(url)
        return _FakeResponse(data, length)

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    return urls


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_download_verifies_and_renames(monkeypatch, tmp_path):
    payload = b"x" * 3000
    src = tmp_path / "src.bin"
    src.write_bytes(payload)
    _serve(monkeypatch, payload)
    dest = tmp_path / "out" / "file.bin"
    assert download("https://example.org/file.bin", dest, md5=file_md5(src), quiet=True) == dest
    assert dest.read_bytes() == payload
    assert _leftovers(dest.parent) == ["file.bin"]


def test_download_checksum_mismatch_leaves_nothing(monkeypatch, tmp_path):
    _serve(monkeypatch, b"corrupted")
    dest = tmp_path / "out" / "file.bin"
    with pytest.raises(DataFileError, match="checksum mismatch"):
        download("https://example.org/file.bin", dest, md5="0" * 32, quiet=True)
    assert _leftovers(dest.parent) == []


def test_download_truncated_transfer(monkeypatch, tmp_path):
    _serve(monkeypatch, b"short", length=100)
    dest = tmp_path / "file.bin"
    with pytest.raises(DataFileError, match="truncated"):
        download("https://example.org/file.bin", dest, quiet=True)
    assert not dest.exists()


def test_network_unavailable_message(monkeypatch, tmp_path):
    def unreachable(url, timeout=None):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr("urllib.request.urlopen", unreachable)
    cache = tmp_path / "cache"
    monkeypatch.setenv("LIGERO_DATA_DIR", str(cache))
    with pytest.raises(DataFileError) as info:
        load_cifar10()
    message = str(info.value)
    assert "could not be downloaded" in message and "name resolution" in message
    assert "path=" in message and "cifar-10-python.tar.gz" in message and str(cache) in message
    assert not any(cache.iterdir())


def test_no_download_when_disabled(monkeypatch, tmp_path):
    monkeypatch.setenv("LIGERO_DATA_DIR", str(tmp_path / "cache"))
    with pytest.raises(DataFileError, match="not in the cache directory .*path="):
        load_cifar10(download=False)


def test_download_into_cache_then_load(monkeypatch, tmp_path, cifar):
    d, batches = cifar
    archive = make_archive(d, tmp_path / "served.tar.gz")
    urls = _serve(monkeypatch, archive.read_bytes())
    monkeypatch.setattr(cifar10_module, "CIFAR10_MD5", file_md5(archive))
    cache = tmp_path / "cache"
    monkeypatch.setenv("LIGERO_DATA_DIR", str(cache))
    check_loaded(load_cifar10(), batches)
    assert urls == [cifar10_module.CIFAR10_URL]
    assert _leftovers(cache) == ["cifar-10-python.tar.gz"]
    check_loaded(load_cifar10(), batches)  # second time from the cache, no download
    assert len(urls) == 1


def test_downloaded_archive_with_wrong_checksum_is_not_kept(monkeypatch, tmp_path, cifar):
    d, _ = cifar
    archive = make_archive(d, tmp_path / "served.tar.gz")
    _serve(monkeypatch, archive.read_bytes())
    cache = tmp_path / "cache"
    monkeypatch.setenv("LIGERO_DATA_DIR", str(cache))
    with pytest.raises(DataFileError, match="checksum mismatch"):
        load_cifar10()
    assert _leftovers(cache) == []
