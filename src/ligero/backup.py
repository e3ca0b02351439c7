"""BackupAndRestore: resume an interrupted ``fit`` from the last completed epoch, as Keras's callback."""

from __future__ import annotations

import io
import json
import os
import shutil
from typing import Any

import numpy as np

from ligero._atomic import atomic_write
from ligero.callbacks import Callback, Logs
from ligero.errors import ConfigError


class BackupAndRestore(Callback):
    """Back the weights up in ``backup_dir`` after every epoch (or every ``save_freq`` batches); a later
    ``fit`` with the same directory loads them and starts at the epoch after the last one backed up.

    As Keras's, only the weights are backed up (not the optimizer's state), and the backup is deleted
    when training ends normally (``delete_checkpoint=True``).
    """

    def __init__(self, backup_dir: str | os.PathLike[str], save_freq: Any = "epoch",
                 double_checkpoint: bool = False, delete_checkpoint: bool = True) -> None:
        super().__init__()
        if not backup_dir:
            raise ConfigError("BackupAndRestore: backup_dir must be a directory path")
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq < 1):
            raise ConfigError(f"BackupAndRestore: save_freq must be 'epoch' or a positive integer, got {save_freq!r}")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq, self.delete_checkpoint = save_freq, bool(delete_checkpoint)
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.npz")
        self._meta_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._epoch = 0
        self._batches = 0

    def on_train_begin(self, logs: Logs | None = None) -> None:
        if not (os.path.exists(self._weights_path) and os.path.exists(self._meta_path)):
            return
        with np.load(self._weights_path) as archive:
            self.model.set_weights([archive[f"w{i}"] for i in range(len(archive.files))])
        with open(self._meta_path, encoding="utf-8") as f:
            self._epoch = int(json.load(f)["epoch"])
        self.model._initial_epoch = self._epoch

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._epoch = epoch

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        if self.save_freq != "epoch":
            self._batches += 1
            if self._batches % self.save_freq == 0:
                self._save(self._epoch)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if self.save_freq == "epoch":
            self._save(epoch + 1)

    def _save(self, next_epoch: int) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        buffer = io.BytesIO()
        np.savez(buffer, **{f"w{i}": w for i, w in enumerate(self.model.get_weights())})
        with atomic_write(self._weights_path, "wb") as f:
            f.write(buffer.getvalue())
        with atomic_write(self._meta_path, "w") as f:
            f.write(json.dumps({"epoch": next_epoch}))

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self.delete_checkpoint and os.path.isdir(self.backup_dir) and not getattr(self.model, "_interrupted", False):
            shutil.rmtree(self.backup_dir)


__all__ = ["BackupAndRestore"]
