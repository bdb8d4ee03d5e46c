"""nn_tutorial: the models, data, training loops, hooks and plots of the nn-tutorial lessons.

The modules are imported by name (``from nn_tutorial import models``);
:func:`device` is here too, since every lesson asks for it, and
:func:`set_language`, which a Korean lesson calls once so that what the
package prints and draws is Korean.
"""

from importlib.metadata import version as _version

from nn_tutorial.language import set_language
from nn_tutorial.training import device

__all__ = ["__version__", "device", "set_language"]
__version__ = _version("nn-tutorial")  # declared once, in pyproject.toml
