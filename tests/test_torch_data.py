"""ligero.utils.data as torch.utils.data: datasets, samplers, collation and the DataLoader."""

from __future__ import annotations

from collections import namedtuple

import numpy as np
import pytest

import ligero as lg
from ligero.utils.data import (
    BatchSampler,
    ConcatDataset,
    DataLoader,
    Dataset,
    Generator,
    IterableDataset,
    RandomSampler,
    SequentialSampler,
    Subset,
    TensorDataset,
    default_collate,
    random_split,
)

torch = pytest.importorskip("torch")
tdata = torch.utils.data


def as_lists(batch):
    if isinstance(batch, dict):
        return {k: as_lists(v) for k, v in batch.items()}
    if isinstance(batch, (list, tuple)):
        return [as_lists(b) for b in batch]
    return (batch.tolist(), str(batch.dtype).replace("torch.", "")) if hasattr(batch, "tolist") else batch


def test_default_collate_matches_torch():
    samples = [(np.arange(3, dtype=np.float32) + i, i, 0.5 * i, f"s{i}", {"k": np.int32(i), "v": [i, -i]})
               for i in range(3)]
    assert as_lists(default_collate(samples)) == as_lists(tdata.default_collate(samples))
    assert as_lists(default_collate([True, False])) == as_lists(tdata.default_collate([True, False]))
    assert as_lists(default_collate([np.float64(1), np.float64(2)])) == \
        as_lists(tdata.default_collate([np.float64(1), np.float64(2)]))


def test_collate_keeps_namedtuples_and_names_ragged_shapes():
    point = namedtuple("Point", "x y")
    out = default_collate([point(1, 2.0), point(3, 4.0)])
    assert type(out) is point and out.x.tolist() == [1, 3]
    with pytest.raises(RuntimeError, match=r"\(2,\).*\(3,\)"):
        default_collate([np.zeros(2), np.zeros(3)])


def test_tensor_dataset_and_loader_batches():
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.arange(10)
    ds = TensorDataset(lg.tensor(x), lg.tensor(y, dtype=np.int64))
    assert len(ds) == 10 and ds[3][0].tolist() == [6.0, 7.0] and ds[3][1].array.dtype == np.int64
    loader = DataLoader(ds, batch_size=4)
    batches = list(loader)
    assert len(loader) == 3 and [b[0].shape for b in batches] == [(4, 2), (4, 2), (2, 2)]
    assert batches[2][1].tolist() == [8, 9]
    assert len(DataLoader(ds, batch_size=4, drop_last=True)) == 2
    with pytest.raises(AssertionError, match="Size mismatch"):
        TensorDataset(lg.tensor(x), lg.tensor(y[:5]))


def test_shuffle_with_generator_is_a_seeded_permutation():
    ds = list(range(12))
    first = [b.tolist() for b in DataLoader(ds, batch_size=5, shuffle=True, generator=Generator().manual_seed(3))]
    again = [b.tolist() for b in DataLoader(ds, batch_size=5, shuffle=True, generator=Generator().manual_seed(3))]
    assert first == again and sorted(sum(first, [])) == ds and sum(first, []) != ds
    assert [len(b) for b in first] == [5, 5, 2]


def test_samplers_batch_sampler_and_collate_fn():
    ds = list(range(7))
    assert list(SequentialSampler(ds)) == list(range(7))
    assert sorted(RandomSampler(ds, generator=Generator().manual_seed(0))) == list(range(7))
    assert len(list(RandomSampler(ds, replacement=True, num_samples=20))) == 20
    bs = BatchSampler(SequentialSampler(ds), 3, drop_last=False)
    assert list(bs) == list(tdata.BatchSampler(tdata.SequentialSampler(ds), 3, False)) and len(bs) == 3
    loader = DataLoader(ds, batch_sampler=bs, collate_fn=lambda b: sum(b))
    assert list(loader) == [3, 12, 6]
    assert [b.tolist() for b in DataLoader(ds, sampler=[6, 0, 3], batch_size=2)] == [[6, 0], [3]]
    with pytest.raises(ValueError, match="mutually exclusive"):
        DataLoader(ds, batch_sampler=bs, batch_size=2)


def test_batch_size_none_and_iterable_dataset():
    class Stream(IterableDataset):
        def __iter__(self):
            return iter(np.arange(5, dtype=np.float32))

    assert [b.tolist() for b in DataLoader(Stream(), batch_size=2)] == [[0.0, 1.0], [2.0, 3.0], [4.0]]
    unbatched = list(DataLoader([np.ones(2), np.zeros(2)], batch_size=None))
    assert [u.shape for u in unbatched] == [(2,), (2,)]


def test_random_split_subset_concat():
    parts = random_split(range(11), [0.3, 0.3, 0.4], generator=Generator().manual_seed(1))
    assert [len(p) for p in parts] == [len(p) for p in tdata.random_split(range(11), [0.3, 0.3, 0.4])]
    assert sorted(i for p in parts for i in p) == list(range(11))
    assert all(isinstance(p, Subset) for p in parts)
    with pytest.raises(ValueError, match="Sum of input lengths"):
        random_split(range(10), [3, 3])
    cat = ConcatDataset([list(range(3)), list(range(10, 14))])
    assert len(cat) == 7 and cat[3] == 10 and cat[-1] == 13

    class Squares(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return i * i

    both = Squares() + Squares()
    assert len(both) == 8 and both[5] == 1
    assert Subset(Squares(), [3, 1])[0] == 9
