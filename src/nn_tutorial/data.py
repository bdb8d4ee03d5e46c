"""Real data with no download: the handwritten digits that scikit-learn ships.

The set holds 1,797 greyscale digits of 8 x 8 pixels (values 0 to 16), about
180 of each class. The functions here turn it into tensors the lessons feed
to their models, split the same way every time for a given seed: 20% for the
final test, and of the rest 15% for validation, the remaining 1,221 for training.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import Dataset, TensorDataset

__all__ = [
    "IMAGE_SIZES",
    "PIXELS_PER_STEP",
    "RandomShift",
    "Splits",
    "digit_arrays",
    "digit_sequences",
    "load_digits",
    "random_regression",
]

IMAGE_SIZES = (8, 28, 32)
"""Image sizes :func:`load_digits` can produce: the original, MNIST's and LeNet's."""

PIXELS_PER_STEP = (1, 2, 4, 8, 16, 32, 64)
"""Pixels per time step :func:`digit_sequences` can read: the divisors of 64."""


class Splits(NamedTuple):
    """The three parts of the digits: fit on ``train``, choose on ``validation``, report ``test``.

    The model learns from ``train``; the reader watches ``validation`` while
    training (to pick the number of epochs, the learning rate, ...); ``test`` is
    looked at once, at the end, so the accuracy reported is on digits that no
    choice was tuned to.
    """

    train: Any
    validation: Any
    test: Any


def digit_arrays(
    test_fraction: float = 0.2, validation_fraction: float = 0.15, seed: int = 0
) -> tuple[Splits, Splits]:
    """Return the digits as flat arrays, split into train, validation and test.

    Parameters
    ----------
    test_fraction : float
        Share of all the digits held out for the final test, between 0 and 1.
    validation_fraction : float
        Share of the remaining (non-test) digits held out for validation, between 0 and 1.
    seed : int
        Seed of the split. The split is stratified: every class keeps its share
        in every part.

    Returns
    -------
    x, y : Splits
        ``x.train``, ``x.validation``, ``x.test``: pixel values scaled to [0, 1],
        shaped N x 64; ``y.train``, ...: the class labels 0 to 9.
    """
    fractions = {"test_fraction": test_fraction, "validation_fraction": validation_fraction}
    for name, value in fractions.items():
        if not 0.0 < value < 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {value}.")
    # Imported here, not at the top: scikit-learn takes about two seconds to import, and only
    # the digits need it (the site's build imports this module just to document it).
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    digits = datasets.load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    x_rest, x_test, y_rest, y_test = train_test_split(
        x, y, test_size=test_fraction, random_state=seed, stratify=y
    )
    x_train, x_val, y_train, y_val = train_test_split(
        x_rest, y_rest, test_size=validation_fraction, random_state=seed, stratify=y_rest
    )
    return Splits(x_train, x_val, x_test), Splits(y_train, y_val, y_test)


def _datasets(x: Splits, y: Splits, to_inputs) -> Splits:
    """Standardise with the training part's mean and deviation; pair inputs with labels."""
    mean, std = x.train.mean(), x.train.std()
    return Splits(
        *(
            TensorDataset(to_inputs(torch.from_numpy((xs - mean) / std)), torch.from_numpy(ys))
            for xs, ys in zip(x, y, strict=True)
        )
    )


def load_digits(
    image_size: int = 32,
    test_fraction: float = 0.2,
    validation_fraction: float = 0.15,
    seed: int = 0,
) -> Splits:
    """Return the digits as image datasets for convolutional networks.

    Parameters
    ----------
    image_size : {8, 28, 32}
        Height and width of the images: 8 is the original; 28 (MNIST's size)
        and 32 (LeNet's) are upsampled bilinearly.
    test_fraction : float
        Share of the digits held out for the final test.
    validation_fraction : float
        Share of the other digits held out for validation.
    seed : int
        Seed of the stratified split.

    Returns
    -------
    Splits
        ``(train, validation, test)``, each a :class:`~torch.utils.data.TensorDataset`
        of pairs of an image shaped 1 x S x S and its label. Pixels are
        standardised with the training part's mean and standard deviation.
    """
    if image_size not in IMAGE_SIZES:
        raise ValueError(
            f"image_size must be one of {IMAGE_SIZES} (8 is the original, 28 is MNIST's size, "
            f"32 is LeNet's), got {image_size!r}."
        )

    def to_images(flat: torch.Tensor) -> torch.Tensor:
        images = flat.reshape(-1, 1, 8, 8)
        if image_size != 8:
            images = F.interpolate(images, size=image_size, mode="bilinear", align_corners=False)
        return images.contiguous()

    return _datasets(*digit_arrays(test_fraction, validation_fraction, seed), to_images)


def digit_sequences(
    test_fraction: float = 0.2,
    validation_fraction: float = 0.15,
    seed: int = 0,
    pixels_per_step: int = 8,
) -> Splits:
    """Return the digits as sequences: each image read row by row, or pixel by pixel.

    Parameters
    ----------
    test_fraction : float
        Share of the digits held out for the final test.
    validation_fraction : float
        Share of the other digits held out for validation.
    seed : int
        Seed of the stratified split (the same split as :func:`load_digits`).
    pixels_per_step : int
        How many pixels one time step holds, read left to right and top to
        bottom: 8 (the default) gives 8 steps of one row each, 1 gives 64 steps
        of one pixel each. It must divide 64.

    Returns
    -------
    Splits
        ``(train, validation, test)``: pairs of a sequence shaped
        ``64 // pixels_per_step`` x ``pixels_per_step`` (time steps x features;
        8 x 8 by default) and its label, batch first. Pixels are standardised
        as in :func:`load_digits`.
    """
    if isinstance(pixels_per_step, bool) or pixels_per_step not in PIXELS_PER_STEP:
        raise ValueError(
            f"pixels_per_step must divide the 64 pixels of a digit, one of {PIXELS_PER_STEP} "
            f"(8 reads a row per step, 1 a pixel per step), got {pixels_per_step!r}."
        )
    steps = 64 // pixels_per_step
    return _datasets(
        *digit_arrays(test_fraction, validation_fraction, seed),
        lambda flat: flat.reshape(-1, steps, pixels_per_step),
    )


def random_regression(
    batch_size: int = 32,
    d_in: int = 1000,
    d_out: int = 2,
    seed: int = 0,
    device: torch.device | str | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return random inputs and targets for the autograd MLP lesson.

    Parameters
    ----------
    batch_size, d_in, d_out : int
        The inputs are ``batch_size x d_in``, the targets ``batch_size x d_out``.
    seed : int
        Seed of the generator, so the same call gives the same numbers.
    device : torch.device or str, optional
        Where to put the tensors.

    Returns
    -------
    x, y : torch.Tensor
        Standard normal values. Neither requires gradients: they are data.
    """
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(batch_size, d_in, generator=generator)
    y = torch.randn(batch_size, d_out, generator=generator)
    return x.to(device), y.to(device)


class RandomShift(Dataset):
    """Wrap an image dataset so each image is moved by a few pixels at random.

    A digit a little off-centre is still the same digit: showing the network
    shifted copies teaches it that, and helps most when data are few. The
    shift is drawn from torch's global generator, so ``torch.manual_seed``
    makes it repeatable. Uncovered pixels get the image's background value.

    It is a whole custom dataset: ``__len__`` and ``__getitem__`` are all a
    :class:`~torch.utils.data.DataLoader` needs. Nothing is stored but the
    wrapped dataset; each shifted image is made when it is asked for.

    Parameters
    ----------
    dataset : Dataset
        Pairs of an image shaped C x H x W and a label.
    max_shift : int
        Largest shift, in pixels, in each direction.
    """

    def __init__(self, dataset: Dataset, max_shift: int) -> None:
        if max_shift < 0:
            raise ValueError(f"max_shift must be 0 or more pixels, got {max_shift}.")
        self.dataset = dataset
        self.max_shift = max_shift

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        image, label = self.dataset[index]
        m = self.max_shift
        padded = F.pad(image, (m, m, m, m), value=image.min().item())
        dx, dy = torch.randint(0, 2 * m + 1, (2,)).tolist()
        height, width = image.shape[-2:]
        return padded[..., dy : dy + height, dx : dx + width], label
