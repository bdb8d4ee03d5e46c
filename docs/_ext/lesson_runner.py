"""How the lessons run at build time: their order, a clean start, a time limit, fresh outputs.

sphinx-gallery imports the functions named in ``conf_common.settings`` by their
dotted names (``"lesson_runner.lesson_order"``), so the configuration stays
picklable and Sphinx does not see it change between builds.

- :func:`lesson_order` puts the lessons in reading order, :data:`site_facts.LESSONS` (not
  file-name order).
- :func:`reset_lesson` runs before and after every lesson: it seeds ``random``,
  NumPy and torch, sets torch's threads to :data:`site_facts.LESSON_THREADS` (so a
  lesson prints the same numbers on any machine, in any build), re-applies the
  package's figure style (sphinx-gallery's ``"matplotlib"`` reset, which runs
  first, restores matplotlib's defaults and so drops the Hangul fallback font),
  and stops a lesson that runs past :data:`TIME_LIMIT` seconds with
  :class:`LessonTimeout`, which sphinx-gallery reports as a failing lesson, with
  its traceback, and the build fails.
- :func:`package_changed` tells sphinx-gallery to re-run every lesson when
  ``src/nn_tutorial`` (or torch, or the image scraper ``dark_figures``) changed since the last
  complete run:
  sphinx-gallery itself skips a lesson whose own file is unchanged. The stamp
  it compares with is written only after all lessons ran without error, so a
  failed or interrupted build re-runs them all next time.
"""

from __future__ import annotations

import gc
import hashlib
import os
import random
import signal
import threading
from importlib import metadata
from pathlib import Path

from site_facts import LESSON_THREADS, LESSONS, PACKAGE
from uptodate import Record

SEED = 0
TIME_LIMIT = float(os.environ.get("NN_TUTORIAL_LESSON_TIME_LIMIT", "180"))
"""Seconds one lesson may run (all of its cells) before it is stopped; 0 turns the limit off."""

STAMP = ".nn_tutorial.json"
"""File in each gallery's output directory: the record (docs/uptodate.py) of the package the
lessons last ran with."""


class LessonTimeout(TimeoutError):
    """A lesson ran longer than :data:`TIME_LIMIT` and was stopped."""


def lesson_order(filename: str) -> tuple[int, str]:
    """Sort key of a lesson file (a name or a path): its place in :data:`site_facts.LESSONS`."""
    name = Path(filename).stem
    return (LESSONS.index(name) if name in LESSONS else len(LESSONS), name)


SCRAPER = Path(__file__).with_name("dark_figures.py")
"""The image scraper: the figures it saves are the lessons' output too."""


def package_inputs() -> dict[str, list]:
    """What the lessons' results depend on besides their own files: the package's Python files,
    the image scraper and torch's version (as :meth:`uptodate.Record.current` takes them; the
    scraper lies outside the package, so it comes as its hash)."""
    files = [path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts]
    scraper = hashlib.sha256(SCRAPER.read_bytes()).hexdigest()
    return {
        "files": files,
        "strings": [f"torch {metadata.version('torch')}", f"scraper {scraper}"],
    }


def package_changed(gallery_dir: str | os.PathLike) -> bool:
    """Whether the lessons in ``gallery_dir`` last ran with another package (or never ran)."""
    return not Record(Path(gallery_dir) / STAMP, root=PACKAGE).current(
        "lessons", **package_inputs()
    )


def _stop(signum, frame) -> None:
    raise LessonTimeout(
        f"{_running or 'the lesson'} ran longer than {TIME_LIMIT:g} s and was stopped. Lessons "
        "must finish in seconds: look for a loop that never ends or a training run that is "
        "too long (set NN_TUTORIAL_LESSON_TIME_LIMIT to change the limit)."
    )


_running: str | None = None


def _can_time() -> bool:
    return (
        TIME_LIMIT > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )


def reset_lesson(gallery_conf: dict, fname: str | None, when: str) -> None:
    """sphinx-gallery's ``reset_modules`` hook: a clean, seeded start for each lesson."""
    global _running
    if when == "after":
        if _can_time():
            signal.setitimer(signal.ITIMER_REAL, 0)
        _running = None
        return

    import numpy as np
    import torch

    from nn_tutorial.plotting import apply_style

    # sphinx-gallery collects garbage before each lesson, a scan of every object the build holds
    # (Sphinx, torch, matplotlib...): ~0.2 s a lesson. Collect the last lesson's garbage now and
    # freeze what is left, so that scan and the lesson's own full collections see only new
    # objects; _after_gallery unfreezes them. Which objects are scanned changes no number.
    gc.collect()
    gc.freeze()
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(LESSON_THREADS)
    apply_style()
    if fname is not None and _can_time():
        _running = Path(fname).name
        signal.signal(signal.SIGALRM, _stop)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)


def _after_gallery(app) -> None:
    """Runs once sphinx-gallery has run the lessons (``builder-inited``, late)."""
    if _can_time():
        signal.setitimer(signal.ITIMER_REAL, 0)  # never leave a timer running into Sphinx
    gc.unfreeze()  # frozen by reset_lesson: Sphinx's own objects are collected as usual again
    src = Path(app.srcdir)
    # The page for "all galleries" repeats lessons/sg_execution_times with one gallery;
    # it is excluded from the build, and removed so it does not litter the source tree.
    (src / "sg_execution_times.rst").unlink(missing_ok=True)
    conf = app.config.sphinx_gallery_conf
    if not conf.get("plot_gallery") or conf.get("failing_examples"):
        return  # not run, or not all good: keep the old stamp, so all run again next time
    gallery = src / conf["gallery_dirs"]
    if gallery.is_dir():
        record = Record(gallery / STAMP, root=PACKAGE)
        record.remember("lessons", **package_inputs())
        record.save()


def setup(app):
    # sphinx-gallery runs the lessons in builder-inited at the default priority (500).
    app.connect("builder-inited", _after_gallery, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
