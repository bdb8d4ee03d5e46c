"""A lesson that raises or hangs fails the build, and the message names the lesson and the line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_sources

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

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


def test_the_build_fails_naming_the_lesson_and_the_line(tmp_path):
    copy = copy_sources(tmp_path / "repo", ("docs", "src"))
    gallery = copy / "gallery" / "en"
    gallery.mkdir(parents=True)
    shutil.copy(ROOT / "gallery" / "en" / "README.txt", gallery / "README.txt")
    (gallery / "plot_broken.py").write_text(BROKEN, encoding="utf-8")
    (gallery / "plot_hang.py").write_text(HANGING, encoding="utf-8")
    env = {**os.environ, "NN_TUTORIAL_LESSON_TIME_LIMIT": "3", "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
         str(copy / "docs" / "en"), str(tmp_path / "html")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0, "a build with a failing lesson must fail"
    assert "plot_broken.py" in output and "line 11" in output, output[-3000:]
    assert "this lesson is broken on purpose" in output
    assert "plot_hang.py ran longer than 3 s and was stopped" in output, output[-3000:]
