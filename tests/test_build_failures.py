"""A lesson that raises or hangs fails the build, and the message names the lesson and the line."""

from __future__ import annotations

import time

import pytest
from conftest import build_in_process, machinery_passed, tiny_tree

BROKEN = '''"""
A broken lesson
===============

It raises on purpose.
"""

# %%
values = [1, 2, 3]
print(sum(values))
raise RuntimeError("this lesson is broken on purpose")
'''

HANGING = '''"""
A lesson that never ends
========================

It loops forever on purpose.
"""

# %%
while True:
    pass
'''


def test_a_hanging_lesson_is_stopped_with_a_clear_message(monkeypatch):
    import lesson_runner

    monkeypatch.setattr(lesson_runner, "TIME_LIMIT", 0.3)
    lesson_runner.reset_lesson({}, "plot_forever.py", "before")
    try:
        with pytest.raises(
            lesson_runner.LessonTimeout, match=r"plot_forever.py ran longer than 0.3 s"
        ):
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                pass
    finally:
        lesson_runner.reset_lesson({}, "plot_forever.py", "after")


def test_the_build_fails_naming_the_lesson_and_the_line(tmp_path, monkeypatch, memo):
    """The real configuration on a tiny site of the two bad lessons, built in this process
    (not again while the machinery is the same bytes: conftest.machinery_passed)."""
    import lesson_runner

    passed, remember = machinery_passed(memo())
    if passed:
        return

    monkeypatch.setattr(lesson_runner, "TIME_LIMIT", 2.0)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    index = "Lessons\n=======\n\n.. toctree::\n\n   lessons/index\n"
    lessons = {"plot_broken.py": BROKEN, "plot_hang.py": HANGING}
    source = tiny_tree(tmp_path, "en", lessons, {"index.rst": index})
    status, warnings = build_in_process(source, tmp_path / "html")
    assert status != 0, "a build with a failing lesson must fail"
    assert "plot_broken.py" in warnings and "line 11" in warnings, warnings[-3000:]
    assert "this lesson is broken on purpose" in warnings
    assert "plot_hang.py ran longer than 2 s and was stopped" in warnings, warnings[-3000:]
    remember()
