"""Shared fixtures: the digits are loaded once per test session."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def digits32():
    from nn_tutorial import data

    return data.load_digits(image_size=32)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
