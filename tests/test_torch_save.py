"""ligero.save / ligero.load in torch's zip format: round trips, views, safety, damaged files."""

from __future__ import annotations

import io
import pickle
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

from ligero.errors import DataFileError, UnsafeFileError
from ligero.nn import Parameter
from ligero.serialization import load, save
from ligero.tensor import Tensor


def tensor(values, dtype):
    array = np.asarray(values, dtype=dtype)
    return Tensor(array, dtype=array.dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int32", "uint8", "bool", "float16", "int8"])
def test_round_trip_keeps_dtype_shape_and_values(tmp_path, dtype):
    values = np.arange(-3, 9).reshape(3, 4) % 5 if dtype != "bool" else np.eye(3, 4) > 0
    t = tensor(values, dtype)
    save({"t": t}, tmp_path / "a.pt")
    out = load(tmp_path / "a.pt")["t"]
    assert isinstance(out, Tensor) and out.array.dtype == np.dtype(dtype) and out.shape == (3, 4)
    np.testing.assert_array_equal(out.array, t.array)


def test_nested_plain_data_round_trip(tmp_path):
    obj = {"a": [1, -2, 2**40, -(2**70), 1.25, float("inf"), None, True, False], "b": ("x", "ñandú", b"\x00\xff"),
           "c": {3: {"d": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)]}}, "e": {1, 2}, "f": list(range(2500))}
    save(obj, tmp_path / "p.pt")
    assert load(tmp_path / "p.pt") == obj


def test_views_keep_offset_stride_and_shared_memory(tmp_path):
    base = np.arange(24, dtype=np.float32).reshape(4, 6)
    whole, view = Tensor(base), Tensor(base[1:, ::2])
    save({"whole": whole, "view": view}, tmp_path / "v.pt")
    out = load(tmp_path / "v.pt")
    np.testing.assert_array_equal(out["view"].array, base[1:, ::2])
    assert np.shares_memory(out["view"].array, out["whole"].array)
    out["whole"].array[1, 0] = -1.0
    assert out["view"].array[0, 0] == -1.0


def test_parameter_and_ordered_dict_come_back_as_such(tmp_path):
    state = OrderedDict(weight=Parameter(np.ones((2, 3), np.float32)), bias=tensor([0.5, -0.5], "float32"))
    state._metadata = OrderedDict({"": {"version": 1}})
    save(state, tmp_path / "s.pt")
    out = load(tmp_path / "s.pt")
    assert type(out) is OrderedDict and list(out) == ["weight", "bias"]
    assert isinstance(out["weight"], Parameter) and out["weight"].requires_grad
    assert not isinstance(out["bias"], Parameter)
    assert out._metadata == {"": {"version": 1}}


def test_file_objects_and_bytesio(tmp_path):
    buffer = io.BytesIO()
    save({"x": tensor([1.0, 2.0], "float64")}, buffer)
    buffer.seek(0)
    assert load(buffer)["x"].array.tolist() == [1.0, 2.0]
    with open(tmp_path / "f.pt", "wb") as handle:
        save([tensor([3], "int64")], handle)
    with open(tmp_path / "f.pt", "rb") as handle:
        assert load(handle)[0].array.tolist() == [3]


def test_archive_layout_is_torchs(tmp_path):
    save({"x": tensor([1.0], "float32")}, tmp_path / "model.pt")
    with zipfile.ZipFile(tmp_path / "model.pt") as archive:
        names = archive.namelist()
        assert names == ["model/data.pkl", "model/.format_version", "model/.storage_alignment", "model/byteorder",
                         "model/data/0", "model/version", "model/.data/serialization_id"]
        assert archive.read("model/byteorder") == b"little" and archive.read("model/version") == b"3\n"
        for info in archive.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
    raw = (tmp_path / "model.pt").read_bytes()
    with zipfile.ZipFile(tmp_path / "model.pt") as archive:
        info = archive.getinfo("model/data/0")
        name_len, extra_len = np.frombuffer(raw[info.header_offset + 26:info.header_offset + 30], "<u2")
        assert (info.header_offset + 30 + name_len + extra_len) % 64 == 0


class _Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        import os
        return (os.system, (f"touch {self.marker}",))


def _torch_like_file(path, payload: bytes) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", payload)
        archive.writestr("archive/version", "3\n")


def test_hostile_pickle_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    _torch_like_file(tmp_path / "evil.pt", pickle.dumps({"w": _Evil(marker)}, protocol=2))
    with pytest.raises(UnsafeFileError, match=r"evil\.pt.*(posix|os)\.system") as info:
        load(tmp_path / "evil.pt")
    assert isinstance(info.value, pickle.UnpicklingError)
    with pytest.raises(UnsafeFileError):
        load(tmp_path / "evil.pt", weights_only=False)
    assert not marker.exists()


@pytest.mark.parametrize("payload", [
    b"\x80\x02c__builtin__\neval\n(X\x03\x00\x00\x001+1tR.",  # protocol 2 GLOBAL of eval
    b"\x80\x02ccollections\nOrderedDict\n)R}X\x09\x00\x00\x00__class__Nsb.",  # BUILD setting __class__
    b"\x80\x02ccollections\nOrderedDict\n)\x81.",  # NEWOBJ
    b"\x80\x02X\x01\x00\x00\x00a)R.",  # REDUCE on a string from the data
])
def test_other_hostile_opcodes_are_refused(tmp_path, payload):
    _torch_like_file(tmp_path / "bad.pt", payload)
    with pytest.raises(UnsafeFileError, match=r"bad\.pt: refused to load"):
        load(tmp_path / "bad.pt")


def test_storage_reaching_past_its_data_is_damaged(tmp_path):
    save({"x": tensor(np.arange(6), "float32")}, tmp_path / "ok.pt")
    with zipfile.ZipFile(tmp_path / "ok.pt") as archive:
        records = {n: archive.read(n) for n in archive.namelist()}
    records["ok/data/0"] = records["ok/data/0"][:8]
    with zipfile.ZipFile(tmp_path / "short.pt", "w") as archive:
        for name, data in records.items():
            archive.writestr(name.replace("ok/", "short/"), data)
    with pytest.raises(DataFileError, match=r"short\.pt.*storage 0 has 8 bytes"):
        load(tmp_path / "short.pt")


def test_missing_truncated_and_foreign_files_name_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.pt"):
        load(tmp_path / "nope.pt")
    save({"x": tensor([1.0] * 100, "float32")}, tmp_path / "t.pt")
    (tmp_path / "cut.pt").write_bytes((tmp_path / "t.pt").read_bytes()[:300])
    with pytest.raises(RuntimeError, match=r"cut\.pt"):
        load(tmp_path / "cut.pt")
    (tmp_path / "legacy.pt").write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(DataFileError, match=r"legacy\.pt: cannot load: not a torch zip file"):
        load(tmp_path / "legacy.pt")


def test_save_is_atomic_and_refuses_unknown_objects_before_writing(tmp_path):
    target = tmp_path / "keep.pt"
    save({"x": 1}, target)
    before = target.read_bytes()
    with pytest.raises(TypeError, match="cannot store a .*_Evil"):
        save({"x": _Evil(tmp_path / "m")}, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pt"]
