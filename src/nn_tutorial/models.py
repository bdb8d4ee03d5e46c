"""The networks the lessons build, train and take apart.

Each class is short on purpose: the lessons show its source to the reader.
Every ``forward`` first checks its input with :func:`check_images` or
:func:`check_batch`, so a wrong shape gets a sentence that says what was
expected, what came and why, not an error from deep inside a layer.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from nn_tutorial.language import text

__all__ = [
    "RNN",
    "LeNet",
    "MNISTConvNet",
    "RowReader",
    "SequenceClassifier",
    "TwoLayerNet",
    "check_batch",
    "check_images",
]


def check_images(x: torch.Tensor, size: int, model: str) -> None:
    """Check that ``x`` is a mini-batch of one-channel ``size`` x ``size`` images.

    One unbatched image (``1 x size x size``) is refused too, although
    ``nn.Conv2d`` and ``nn.MaxPool2d`` accept it: the ``torch.flatten(x, 1)``
    before the fully connected layers treats dimension 0 as the batch, so
    PyTorch would fail later, in the first ``nn.Linear``, with a message about
    matrix shapes. The messages are in the language set by
    :func:`nn_tutorial.set_language`.

    Parameters
    ----------
    x : torch.Tensor
        The input given to the model.
    size : int
        The height and width the model was built for.
    model : str
        The model's name, used in the error message.

    Raises
    ------
    ValueError
        If ``x`` is one unbatched image, has another number of dimensions or
        channels, or has another height and width.
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(text("check.not_tensor", model=model, what="x", got=type(x).__name__))
    expected = f"N x 1 x {size} x {size}"
    shape = list(x.shape)
    if x.dim() == 3 and x.shape[0] == 1:
        raise ValueError(text("check.one_image", model=model, expected=expected, shape=shape))
    if x.dim() != 4 or x.shape[1] != 1:
        raise ValueError(text("check.image_shape", model=model, expected=expected, shape=shape))
    if tuple(x.shape[2:]) != (size, size):
        message = text(
            "check.image_size",
            model=model,
            size=size,
            height=x.shape[2],
            width=x.shape[3],
            shape=shape,
        )
        if size == 32 and tuple(x.shape[2:]) == (28, 28):
            message += text("check.resize_hint")
        raise ValueError(message)


def check_batch(x: torch.Tensor, features: int, model: str, what: str = "x") -> None:
    """Check that ``x`` is a mini-batch of vectors of length ``features``.

    Parameters
    ----------
    x : torch.Tensor
        The input given to the model.
    features : int
        The length each row must have.
    model : str
        The model's name, used in the error message.
    what : str
        The argument's name, used in the error message.

    Raises
    ------
    ValueError
        If ``x`` is one unbatched vector or is not ``N x features``.
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(text("check.not_tensor", model=model, what=what, got=type(x).__name__))
    fields = {"model": model, "what": what, "features": features, "shape": list(x.shape)}
    if x.dim() == 1 and x.shape[0] == features:
        raise ValueError(text("check.one_sample", **fields))
    if x.dim() != 2 or x.shape[1] != features:
        raise ValueError(text("check.batch_shape", **fields))


class LeNet(nn.Module):
    """A LeNet-style network (the 3x3 variant of the old PyTorch 60-minute blitz).

    For 1 x 32 x 32 images and 10 classes: two 3x3 convolutions, each followed
    by a ReLU and 2x2 max pooling, then three fully connected layers. The
    output is 10 logits per image.

    LeNet-5 (LeCun et al., 1998) used 5x5 kernels instead, 32 -> 28 -> 14 ->
    10 -> 5, so its first fully connected layer takes 16 * 5 * 5 = 400 numbers
    (and tanh-like activations with average-pooling subsampling).
    """

    def __init__(self) -> None:
        super().__init__()
        # 1 input channel (grey), 6 output channels, 3x3 kernels.
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        # 16 channels of 6 x 6 pixels reach the first fully connected layer:
        # 32 -conv-> 30 -pool-> 15 -conv-> 13 -pool-> 6.
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_images(x, size=32, model="LeNet")
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)  # keep dimension 0, the batch; flatten the rest
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)  # logits: no ReLU, the loss applies softmax itself


class MNISTConvNet(nn.Module):
    """A small ConvNet for 1 x 28 x 28 images, from an early PyTorch tutorial.

    Two 5x5 convolutions with max pooling, then two fully connected layers.
    The output is 10 logits per image. It holds parameters only: no buffers,
    and nothing from one call is kept for the next.
    """

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, 5)
        self.pool1 = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(10, 20, 5)
        self.pool2 = nn.MaxPool2d(2, 2)
        # 20 channels of 4 x 4: 28 -conv-> 24 -pool-> 12 -conv-> 8 -pool-> 4.
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_images(x, size=28, model="MNISTConvNet")
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)  # logits for CrossEntropyLoss: no ReLU here


class RNN(nn.Module):
    """A recurrent cell built from two Linear layers, called once per time step.

    ``i2h`` reads the current input and the last hidden state side by side;
    ``h2o`` turns the hidden state into an output. Calling the same module at
    every step is what shares the weights across time.

    Parameters
    ----------
    data_size : int
        Features of the input at one time step.
    hidden_size : int
        Size of the hidden state.
    output_size : int
        Size of the output at each step.
    """

    def __init__(self, data_size: int, hidden_size: int, output_size: int) -> None:
        super().__init__()
        self.data_size = data_size
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(data_size + hidden_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)

    def forward(
        self, data: torch.Tensor, last_hidden: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        check_batch(data, self.data_size, model="RNN", what="data")
        check_batch(last_hidden, self.hidden_size, model="RNN", what="last_hidden")
        combined = torch.cat((data, last_hidden), 1)
        # tanh keeps the state bounded and makes the recurrence non-linear:
        # without it, many steps collapse into one linear map.
        hidden = torch.tanh(self.i2h(combined))
        output = self.h2o(hidden)
        return hidden, output

    def init_hidden(self, batch_size: int) -> torch.Tensor:
        """Return a zero hidden state for ``batch_size`` sequences, on the model's device."""
        weight = self.i2h.weight
        return torch.zeros(batch_size, self.hidden_size, device=weight.device, dtype=weight.dtype)


class SequenceClassifier(nn.Module):
    """Run an :class:`RNN` over a sequence and classify it from the last output.

    Parameters
    ----------
    rnn : RNN
        The cell to call at each time step.
    """

    def __init__(self, rnn: RNN) -> None:
        super().__init__()
        self.rnn = rnn

    def forward(self, sequences: torch.Tensor) -> torch.Tensor:
        if sequences.dim() != 3:
            raise ValueError(
                "SequenceClassifier expects sequences shaped N x steps x features, got "
                f"{list(sequences.shape)}. For one sequence add the batch dimension "
                "with sequences.unsqueeze(0)."
            )
        hidden = self.rnn.init_hidden(sequences.shape[0])
        for step in range(sequences.shape[1]):  # the same weights at every step
            hidden, output = self.rnn(sequences[:, step], hidden)
        return output


class RowReader(nn.Module):
    """Classify sequences with PyTorch's own recurrent layer, ``nn.RNN`` or ``nn.LSTM``.

    The layer runs over every step in one call and returns the output at each
    step; the last step's output goes through a Linear layer to the classes.

    Parameters
    ----------
    kind : str
        Which recurrent layer: ``"rnn"`` for ``nn.RNN``, ``"lstm"`` for ``nn.LSTM``.
    input_size, hidden_size, classes : int
        Features per step, size of the hidden state, number of classes.
    """

    def __init__(self, kind: str, input_size: int, hidden_size: int, classes: int) -> None:
        super().__init__()
        layers = {"rnn": nn.RNN, "lstm": nn.LSTM}
        if kind not in layers:
            raise ValueError(f"kind must be 'rnn' or 'lstm', got {kind!r}.")
        # batch_first=True: inputs are (batch, steps, features), as the data comes.
        # Without it PyTorch reads (steps, batch, features).
        self.recurrent = layers[kind](input_size, hidden_size, batch_first=True)
        self.classify = nn.Linear(hidden_size, classes)

    def forward(self, sequences: torch.Tensor) -> torch.Tensor:
        if sequences.dim() != 3:
            raise ValueError(
                "RowReader expects sequences shaped N x steps x features, got "
                f"{list(sequences.shape)}."
            )
        # The second value is the last state: h for nn.RNN, the pair (h, c) for nn.LSTM.
        outputs, _ = self.recurrent(sequences)
        return self.classify(outputs[:, -1])  # the output of the last step


class TwoLayerNet:
    """A two-layer perceptron written with raw weight tensors, no ``nn.Module``.

    ``forward(x) = relu(x @ w1) @ w2``. Only the weights require gradients.

    Parameters
    ----------
    d_in, hidden, d_out : int
        Sizes of the input, the hidden layer and the output.
    generator : torch.Generator, optional
        Source of randomness for the initial weights.
    device : torch.device or str, optional
        Where the weights live.
    """

    def __init__(
        self,
        d_in: int,
        hidden: int,
        d_out: int,
        *,
        generator: torch.Generator | None = None,
        device: torch.device | str | None = None,
    ) -> None:
        self.d_in, self.hidden, self.d_out = d_in, hidden, d_out
        self.w1 = torch.randn(d_in, hidden, generator=generator).to(device).requires_grad_()
        self.w2 = torch.randn(hidden, d_out, generator=generator).to(device).requires_grad_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return ``relu(x @ w1) @ w2`` for a mini-batch ``x`` shaped N x d_in."""
        check_batch(x, self.d_in, model="TwoLayerNet")
        return x.mm(self.w1).relu().mm(self.w2)

    __call__ = forward

    def parameters(self) -> list[torch.Tensor]:
        """Return the weights ``[w1, w2]``."""
        return [self.w1, self.w2]

    def manual_gradients(
        self, x: torch.Tensor, y: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Gradients of the sum-of-squares loss, by the chain rule written out.

        Returns ``(grad_w1, grad_w2)`` for ``loss = ((forward(x) - y) ** 2).sum()``,
        computed without autograd, so they can be compared with ``w.grad``.
        """
        check_batch(x, self.d_in, model="TwoLayerNet")
        with torch.no_grad():
            a = x.mm(self.w1)  # the hidden layer before the ReLU, a = x W1 as in the lesson
            h = a.clamp(min=0)  # h = relu(a)
            y_pred = h.mm(self.w2)
            grad_y_pred = 2.0 * (y_pred - y)  # d loss / d y_pred
            grad_w2 = h.t().mm(grad_y_pred)
            grad_h = grad_y_pred.mm(self.w2.t())
            grad_a = grad_h * (a > 0)  # ReLU passes gradient where its input was positive
            grad_w1 = x.t().mm(grad_a)
        return grad_w1, grad_w2
