# default_collate of samples that are tuples, dicts, NumPy arrays, Python ints/floats and strings.
import numpy as np
from torch.utils.data import DataLoader, Dataset


class Records(Dataset):
    def __len__(self):
        return 5

    def __getitem__(self, i):
        return {
            "image": np.full((2, 2), i, dtype=np.float32),
            "label": i % 3,
            "weight": 0.5 * i,
            "name": f"item{i}",
            "pair": (np.array([i, -i]), float(i) / 4),
        }


for batch in DataLoader(Records(), batch_size=3):
    print("image", tuple(batch["image"].shape), batch["image"].tolist())
    print("label", batch["label"].tolist(), "weight", batch["weight"].tolist())
    print("name", list(batch["name"]))
    print("pair", batch["pair"][0].tolist(), batch["pair"][1].tolist())
