"""The digits data: sizes, the split, normalisation, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn import datasets
from torch.utils.data import DataLoader

from nn_tutorial import data


@pytest.mark.parametrize("size", [8, 28, 32])
def test_load_digits_gives_images_of_the_asked_size(size):
    train, validation, test = data.load_digits(image_size=size)
    assert len(train) + len(validation) + len(test) == 1797
    assert len(test) == 360  # 20 % held out for the final test
    assert len(validation) == 216  # 15 % of the other 1,437
    image, label = train[0]
    assert image.shape == (1, size, size) and image.dtype == torch.float32
    assert label.dtype == torch.int64 and 0 <= label <= 9


def test_split_is_stratified_seeded_and_disjoint(digits32):
    train, validation, test = digits32
    counts = torch.bincount(test.tensors[1], minlength=10)
    assert counts.min() >= 35 and counts.max() <= 37  # about 36 of each class
    counts = torch.bincount(validation.tensors[1], minlength=10)
    assert counts.min() >= 20 and counts.max() <= 23  # about 22 of each class
    again = data.load_digits(image_size=32)
    assert torch.equal(train.tensors[0], again.train.tensors[0])
    other = data.load_digits(image_size=32, seed=1)
    assert not torch.equal(test.tensors[1], other.test.tensors[1])
    # together the three parts are the data set, each digit exactly once
    x, _ = data.digit_arrays()
    parts = sorted(map(tuple, np.concatenate(list(x)).tolist()))
    everything = (datasets.load_digits().data / 16.0).astype(np.float32)
    assert parts == sorted(map(tuple, everything.tolist()))


def test_training_images_are_standardised(digits32):
    images = data.load_digits(image_size=8)[0].tensors[0]
    assert abs(images.mean().item()) < 1e-5
    assert abs(images.std().item() - 1) < 1e-3


def test_datasets_work_with_a_dataloader(digits32):
    x, y = next(iter(DataLoader(digits32[0], batch_size=16)))
    assert x.shape == (16, 1, 32, 32) and y.shape == (16,)


@pytest.mark.parametrize("size", [16, 0, "32"])
def test_unsupported_size_is_rejected_with_the_choices(size):
    with pytest.raises(ValueError, match=r"image_size must be one of \(8, 28, 32\)"):
        data.load_digits(image_size=size)


def test_bad_fractions_are_rejected():
    with pytest.raises(ValueError, match=r"test_fraction must be between 0 and 1, got 1\.5"):
        data.load_digits(test_fraction=1.5)
    with pytest.raises(ValueError, match="validation_fraction must be between 0 and 1, got 0"):
        data.digit_sequences(validation_fraction=0)


def test_digit_sequences_read_images_row_by_row():
    test = data.digit_sequences().test
    sequence, label = test[0]
    assert sequence.shape == (8, 8)  # 8 time steps of 8 pixels
    images = data.load_digits(image_size=8).test
    assert torch.allclose(sequence, images[0][0][0])  # row t of the image is step t
    assert label == images[0][1]


def test_digit_sequences_read_pixel_by_pixel():
    rows = data.digit_sequences().test
    pixels = data.digit_sequences(pixels_per_step=1).test
    sequence, label = pixels[0]
    assert sequence.shape == (64, 1)  # 64 time steps of one pixel
    # the same digit, read left to right and top to bottom
    assert torch.equal(sequence.reshape(8, 8), rows[0][0])
    assert label == rows[0][1]
    assert data.digit_sequences(pixels_per_step=16).train[0][0].shape == (4, 16)


@pytest.mark.parametrize("pixels", [3, 0, 128, "8", True])
def test_pixels_per_step_must_divide_64(pixels):
    with pytest.raises(ValueError, match=r"pixels_per_step must divide the 64 pixels"):
        data.digit_sequences(pixels_per_step=pixels)


def test_random_shift_moves_images_and_keeps_labels(digits32):
    torch.manual_seed(0)
    shifted = data.RandomShift(digits32[0], max_shift=3)
    image, label = shifted[0]
    assert image.shape == (1, 32, 32) and label == digits32[0][0][1]
    moved = [not torch.equal(shifted[0][0], digits32[0][0][0]) for _ in range(10)]
    assert any(moved)
    assert torch.equal(data.RandomShift(digits32[0], 0)[5][0], digits32[0][5][0])


def test_random_regression_is_seeded_and_sized():
    x, y = data.random_regression()
    assert x.shape == (32, 1000) and y.shape == (32, 2)
    assert not x.requires_grad and not y.requires_grad
    assert torch.equal(x, data.random_regression()[0])
