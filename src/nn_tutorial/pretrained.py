"""Trained weights for the lessons that inspect a network rather than train it.

:func:`convnet` returns an :class:`~nn_tutorial.models.MNISTConvNet` trained on
the digits' training split. The first call trains it (a few seconds on a CPU)
and saves its state dict in a cache folder; later calls load it. The file's
name holds a hash of the recipe, the package's version and torch's, so a
changed recipe trains anew instead of loading stale weights. Training runs on
the CPU, seeded, so every machine with the same torch gets the same weights.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path

import torch
from torch import nn

__all__ = ["RECIPE", "cache_dir", "convnet"]

RECIPE = {"epochs": 8, "lr": 2e-3, "batch_size": 64, "seed": 0, "image_size": 28}
"""How :func:`convnet` trains: Adam, cross-entropy, on ``load_digits(image_size=28).train``."""


def cache_dir():
    """The cache folder: ``$XDG_CACHE_HOME/nn_tutorial``, else ``~/.cache/nn_tutorial``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nn_tutorial"


def _key() -> str:
    from nn_tutorial import __version__

    stamp = json.dumps(
        {"recipe": RECIPE, "package": __version__, "torch": torch.__version__}, sort_keys=True
    )
    return hashlib.sha256(stamp.encode()).hexdigest()[:16]


def _train_convnet() -> nn.Module:
    """Train an MNISTConvNet on the CPU with :data:`RECIPE`."""
    from nn_tutorial import data, models, training

    train_set, val_set, _ = data.load_digits(image_size=RECIPE["image_size"])
    torch.manual_seed(RECIPE["seed"])
    net = models.MNISTConvNet()
    training.fit(
        net,
        train_set,
        val_set,
        epochs=RECIPE["epochs"],
        optimizer=torch.optim.Adam(net.parameters(), lr=RECIPE["lr"]),
        loss_fn=nn.CrossEntropyLoss(),
        device="cpu",
        batch_size=RECIPE["batch_size"],
        seed=RECIPE["seed"],
        log=None,
    )
    return net


def _save(state: dict, path: Path) -> None:
    """Write ``state`` to ``path`` atomically: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            torch.save(state, file)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def convnet(cache: str | os.PathLike | None = None) -> nn.Module:
    """An :class:`~nn_tutorial.models.MNISTConvNet` trained with :data:`RECIPE`, in eval mode.

    The weights are loaded from the cache when a file for this recipe is
    there. Otherwise the network is trained and its state dict saved. A cache
    file that cannot be read (truncated, not a state dict of this network) is
    replaced by a fresh training, with a warning; a folder that cannot be
    written only costs the save: the trained network is returned all the same.

    Parameters
    ----------
    cache : path, optional
        Folder of the cached weights; default :func:`cache_dir`.
    """
    from nn_tutorial import models

    path = Path(cache if cache is not None else cache_dir()) / f"mnist_convnet-{_key()}.pt"
    net = models.MNISTConvNet()
    if path.is_file():
        try:
            net.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
            return net.eval()
        except Exception as error:  # a torn or foreign file: train again, say so
            warnings.warn(
                f"the cached weights {path} could not be read ({type(error).__name__}); "
                "training the network again and replacing the file.",
                stacklevel=2,
            )
    net = _train_convnet()
    with contextlib.suppress(OSError):  # a read-only cache: keep the network in memory only
        _save(net.state_dict(), path)
    return net.eval()
