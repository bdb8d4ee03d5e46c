"""nn_tutorial: the models, data, training loops, hooks and plots of the nn-tutorial lessons.

The modules are imported by name (``from nn_tutorial import models``);
:func:`device` is here too, since every lesson asks for it.
"""

from importlib.metadata import version as _version

from nn_tutorial.training import device

__all__ = ["__version__", "device"]
__version__ = _version("nn-tutorial")  # declared once, in pyproject.toml
