"""Your own images: a folder of class sub-folders read as Keras and torchvision read them."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from ligero.datasets.image_dataset import image_dataset_from_directory
from ligero.datasets.image_folder import index_folder, load_image
from ligero.errors import ConfigError, DataError, DataFileError
from ligero.vision import datasets, transforms


def _photo(path, size=(12, 9), mode="RGB", value=0) -> None:
    rng = np.random.default_rng(value)
    pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    image = Image.fromarray(pixels)
    image = image.convert("P") if mode == "P" else image.convert(mode)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


@pytest.fixture()
def folder(tmp_path):
    """cats: 4 RGB/grayscale JPEG/PNG of mixed sizes; dogs: RGBA, palette, RGB; plus two bad files."""
    root = tmp_path / "photos"
    for i, (mode, ext, size) in enumerate([("RGB", "jpg", (12, 9)), ("L", "png", (20, 20)),
                                            ("RGB", "png", (7, 15)), ("RGB", "jpeg", (9, 9))]):
        _photo(root / "cats" / f"c{i}.{ext}", size, mode, value=i)
    for i, (mode, ext) in enumerate([("RGBA", "png"), ("P", "gif"), ("RGB", "bmp")]):
        _photo(root / "dogs" / f"d{i}.{ext}", (10, 8), mode, value=10 + i)
    (root / "dogs" / "notes.txt").write_text("not an image")
    (root / "dogs" / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    return root


def test_index_finds_classes_in_order_and_skips_bad_files_with_one_warning(folder) -> None:
    with pytest.warns(UserWarning, match=r"skipped 2 files .*notes.txt") as record:
        index = index_folder(folder)
    assert len(record) == 1 and "broken.jpg" in str(record[0].message)
    assert index.class_names == ("cats", "dogs")
    assert [p.name for p in index.paths] == ["c0.jpg", "c1.png", "c2.png", "c3.jpeg", "d0.png", "d1.gif", "d2.bmp"]
    assert index.labels == (0, 0, 0, 0, 1, 1, 1)


@pytest.mark.parametrize("name", ["c1.png", "c0.jpg"])
def test_every_colour_mode_and_size_becomes_the_asked_shape(folder, name) -> None:
    image = load_image(folder / "cats" / name, size=(6, 5))
    assert image.shape == (6, 5, 3) and image.dtype == np.uint8
    assert load_image(folder / "cats" / name, size=(6, 5), color_mode="grayscale").shape == (6, 5, 1)


def test_rgba_transparency_goes_over_white(tmp_path) -> None:
    path = tmp_path / "a.png"
    Image.new("RGBA", (2, 2), (10, 20, 30, 0)).save(path)
    assert (load_image(path) == 255).all()


def test_clear_errors_for_a_missing_folder_an_empty_class_and_no_classes(tmp_path) -> None:
    with pytest.raises(DataFileError, match="no such folder"):
        index_folder(tmp_path / "nowhere")
    (tmp_path / "flat").mkdir()
    with pytest.raises(DataFileError, match="no class sub-folders"):
        index_folder(tmp_path / "flat")
    (tmp_path / "flat" / "empty").mkdir()
    with pytest.raises(DataFileError, match="'empty' holds no readable image"):
        index_folder(tmp_path / "flat")


def test_dataset_batches_as_keras_gives_them(folder) -> None:
    with pytest.warns(UserWarning):
        ds = image_dataset_from_directory(folder, image_size=(8, 6), batch_size=3, shuffle=False, verbose=False)
    batches = list(ds)
    assert len(ds) == 3 and [len(b[1]) for b in batches] == [3, 3, 1]
    x, y = batches[0]
    assert x.shape == (3, 8, 6, 3) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 255
    assert y.dtype == np.int32 and y.tolist() == [0, 0, 0]
    assert ds.class_names == ["cats", "dogs"]


def test_validation_split_follows_keras_shuffle_of_the_file_list(folder) -> None:
    with pytest.warns(UserWarning):
        train, val = image_dataset_from_directory(folder, image_size=(4, 4), validation_split=0.3, subset="both",
                                                  seed=7, label_mode="categorical", verbose=False)
    with pytest.warns(UserWarning):
        names = [p.name for p in index_folder(folder).paths]
    np.random.RandomState(7).shuffle(names)  # what Keras does to the file list before splitting
    assert [p.split("/")[-1] for p in train.file_paths] == names[:-2]
    assert [p.split("/")[-1] for p in val.file_paths] == names[-2:]
    _, y = next(iter(val))
    assert y.shape == (2, 2) and y.dtype == np.float32 and (y.sum(axis=1) == 1).all()


def test_bad_arguments_say_what_to_do(folder) -> None:
    with pytest.raises(ConfigError, match="give a seed"):
        image_dataset_from_directory(folder, validation_split=0.2, subset="training")
    with pytest.raises(ConfigError, match="together"):
        image_dataset_from_directory(folder, validation_split=0.2, seed=1)
    (folder / "birds").mkdir()
    _photo(folder / "birds" / "b.png")
    with pytest.warns(UserWarning), pytest.raises(DataError, match="exactly 2 classes"):
        image_dataset_from_directory(folder, label_mode="binary", verbose=False)


def test_image_folder_and_transforms_as_torchvision(folder) -> None:
    pipeline = transforms.Compose([transforms.Resize((8, 6)), transforms.ToTensor(),
                                   transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    with pytest.warns(UserWarning):
        data = datasets.ImageFolder(folder, transform=pipeline)
    assert data.classes == ["cats", "dogs"] and data.class_to_idx == {"cats": 0, "dogs": 1}
    assert len(data) == 7 and data.targets == [0, 0, 0, 0, 1, 1, 1]
    image, target = data[0]
    assert tuple(image.shape) == (3, 8, 6) and target == 0
    raw = np.asarray(Image.open(data.samples[0][0]).convert("RGB").resize((6, 8), Image.Resampling.BILINEAR))
    np.testing.assert_allclose(np.asarray(image.array), (raw.transpose(2, 0, 1) / 255 - 0.5) / 0.5, atol=1e-6)


def test_resize_of_the_smaller_edge_and_crops() -> None:
    image = Image.new("RGB", (40, 20))
    assert transforms.Resize(10)(image).size == (20, 10)
    assert transforms.CenterCrop(8)(image).size == (8, 8)
    assert transforms.RandomCrop((10, 12), padding=2, seed=0)(image).size == (12, 10)
    flips = [transforms.RandomHorizontalFlip(p=1.0)(Image.fromarray(np.arange(6, dtype=np.uint8).reshape(2, 3)))]
    assert np.asarray(flips[0]).tolist() == [[2, 1, 0], [5, 4, 3]]
