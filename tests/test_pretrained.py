"""Cached trained weights: trained once, loaded after, retrained when the file is bad."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from nn_tutorial import data, pretrained, training


@pytest.fixture
def counted_training(monkeypatch):
    """Count the trainings; a 1-epoch recipe keeps the tests that retrain short."""
    calls = []
    train = pretrained._train_convnet

    def counting():
        calls.append(1)
        return train()

    monkeypatch.setattr(pretrained, "_train_convnet", counting)
    monkeypatch.setitem(pretrained.RECIPE, "epochs", 1)
    return calls


def same_weights(a: nn.Module, b: nn.Module) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


def test_the_cached_convnet_is_trained_and_a_second_call_loads_the_same_weights(tmp_path):
    first = pretrained.convnet(tmp_path)
    assert len(list(tmp_path.glob("mnist_convnet-*.pt"))) == 1
    _, _, test_set = data.load_digits(image_size=28)
    _, accuracy = training.evaluate(first, test_set, nn.CrossEntropyLoss(), device="cpu")
    assert accuracy >= 0.95  # the 8-epoch recipe reaches about 97% on the test digits
    assert not first.training
    second = pretrained.convnet(tmp_path)
    assert same_weights(first, second)


def test_a_cache_hit_does_not_train(tmp_path, counted_training):
    pretrained.convnet(tmp_path)
    pretrained.convnet(tmp_path)
    assert len(counted_training) == 1


def test_a_changed_recipe_trains_anew_into_another_file(tmp_path, counted_training):
    pretrained.convnet(tmp_path)
    pretrained.RECIPE["lr"] = 1e-3
    pretrained.convnet(tmp_path)
    assert len(counted_training) == 2
    assert len(list(tmp_path.glob("mnist_convnet-*.pt"))) == 2


@pytest.mark.parametrize("content", [b"", b"not a torch file", "foreign"])
def test_a_corrupt_cache_file_is_retrained_with_a_warning(tmp_path, counted_training, content):
    reference = pretrained.convnet(tmp_path)
    (path,) = tmp_path.glob("mnist_convnet-*.pt")
    if content == "foreign":  # a readable state dict, of another network
        torch.save(nn.Linear(2, 2).state_dict(), path)
    else:
        path.write_bytes(content)
    with pytest.warns(UserWarning, match="could not be read.*training the network again"):
        net = pretrained.convnet(tmp_path)
    assert same_weights(net, reference)  # seeded: the same weights as the first training
    assert same_weights(pretrained.convnet(tmp_path), reference)  # and the file is whole again
    assert len(counted_training) == 2


def test_an_unwritable_cache_still_returns_a_trained_network(tmp_path, counted_training):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")  # a folder cannot be made inside a file, even by root
    net = pretrained.convnet(blocker / "cache")
    assert isinstance(net, nn.Module) and len(counted_training) == 1
    assert list(tmp_path.iterdir()) == [blocker]


def test_the_cache_folder_follows_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert pretrained.cache_dir() == tmp_path / "nn_tutorial"
