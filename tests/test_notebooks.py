"""The downloaded notebooks run in Jupyter, as a reader runs them.

Each lesson's ``.ipynb``, as the built site serves it, is executed top to bottom by
nbclient (the library behind ``jupyter nbconvert --execute``) with an IPython kernel in
the reader's venv: the site's wheel and pinned torch, nothing from this repository. A
cell that raises, or that writes to stderr (a warning, say), fails the test, which names
the language, the lesson and the cell. The "download all" zips are checked to hold
every lesson in both forms.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from conftest import catalog_word
from memo import code_of
from site_facts import (
    DIST_DIR,
    LANGUAGES,
    LESSONS,
    wheel_name,
)


@pytest.fixture(scope="module")
def reader_kernel(reader_python, tmp_path_factory) -> str:
    """A Jupyter kernel spec that starts IPython in the reader's venv, found through
    JUPYTER_PATH (set for the test only)."""
    home = tmp_path_factory.mktemp("jupyter")
    spec = home / "kernels" / "reader"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(reader_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "nn-tutorial reader",
                "language": "python",
                # one thread each: two kernels run side by side on a two-core machine
                "env": {"OMP_NUM_THREADS": "1", "PYTHONWARNINGS": "default"},
            }
        ),
        encoding="utf-8",
    )
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(home)
    yield "reader"
    if old is None:
        os.environ.pop("JUPYTER_PATH")
    else:
        os.environ["JUPYTER_PATH"] = old


# nbclient runs in a process of its own, as `jupyter nbconvert --execute` would: its kernel
# client's sockets and event loop live and die there, not inside the test process.
RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(
    notebook, kernel_name=sys.argv[3], timeout=300, allow_errors=True,
    resources={"metadata": {"path": sys.argv[4]}},
).execute()
nbformat.write(notebook, sys.argv[2])
"""


def run_notebook(path: Path, kernel: str, folder: Path) -> list[str]:
    """Execute one notebook in ``folder``; return what went wrong, cell by cell."""
    executed = folder / f"executed-{path.name}"
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(path), str(executed), kernel, str(folder)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if result.returncode != 0:
        return [f"nbclient failed: {result.stderr.strip()[-1500:]}"]
    problems = []
    code_cells = [c for c in nbformat.read(executed, as_version=4).cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"code cell {number}: {output['ename']}: {output['evalue']}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                problems.append(f"code cell {number} wrote to stderr: {output['text'][:500]}")
    return problems


def test_every_notebook_runs_in_jupyter_without_error_or_warning(
    site, reader_environment, reader_kernel, tmp_path, memo
):
    """A notebook that ran cleanly before, with the same code cells (its text cells are not
    run), the same wheel, in a venv holding the same packages, is not run again: see
    tests/memo.py."""
    record = memo(context=reader_environment)
    wheel = site / DIST_DIR / wheel_name()
    jobs = []
    for language in LANGUAGES:
        for lesson in LESSONS:
            notebook = next((site / language / "_downloads").rglob(f"{lesson}.ipynb"))
            folder = tmp_path / language / lesson  # a reader's folder: no repository around it
            folder.mkdir(parents=True)
            jobs.append((f"{language}/{lesson}.ipynb", notebook, folder))
    assert len(jobs) == len(LANGUAGES) * len(LESSONS)
    jobs = [job for job in jobs if not record.passed(job[0], (code_of(job[1]),))]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda job: (job, run_notebook(job[1], reader_kernel, job[2])), jobs)
        problems = []
        for (name, notebook, _), found in results:
            problems += [f"{name}: {problem}" for problem in found]
            if found:
                record.forget(name)
            else:
                record.remember(name, [wheel], (code_of(notebook),))
    assert not problems, "\n".join(problems)


def test_download_all_zips_hold_every_lesson_as_script_and_notebook(site):
    for language in LANGUAGES:
        zips = sorted((site / language / "_downloads").rglob("*.zip"))
        names = set()
        for path in zips:
            with zipfile.ZipFile(path) as archive:
                assert archive.testzip() is None, f"{path.name} is damaged"
                names |= {Path(name).name for name in archive.namelist()}
        for lesson in LESSONS:
            for suffix in (".py", ".ipynb"):
                assert f"{lesson}{suffix}" in names, f"{language}: the zips lack {lesson}{suffix}"


def test_the_notebook_check_reports_an_error_and_a_warning_by_cell(reader_kernel, tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("print('fine')"),
        nbformat.v4.new_code_cell("import warnings\nwarnings.warn('old API')"),
        nbformat.v4.new_code_cell("1 / 0"),
    ]
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook, path)
    problems = run_notebook(path, reader_kernel, tmp_path)
    assert len(problems) == 2, problems
    assert problems[0].startswith("code cell 2 wrote to stderr") and "old API" in problems[0]
    assert problems[1] == "code cell 3: ZeroDivisionError: division by zero"


def served_notebooks(site: Path, language: str) -> dict[str, dict]:
    """Every notebook one edition serves, as Jupyter reads it: the single downloads and the
    notebooks inside the "download all" zips, by name."""
    notebooks = {p.name: p.read_text(encoding="utf-8") for p in (site / language).rglob("*.ipynb")}
    for path in (site / language / "_downloads").rglob("*.zip"):
        with zipfile.ZipFile(path) as archive:
            notebooks |= {
                f"{path.name}/{name}": archive.read(name).decode("utf-8")
                for name in archive.namelist()
                if name.endswith(".ipynb")
            }
    return {name: json.loads(text) for name, text in notebooks.items()}


def test_notebook_text_has_no_rest_escapes(site):
    """reST's escaped space (``x``\\ 는, everywhere in the Korean lessons) is gone from the
    notebooks' Markdown, in the single downloads and in the zips."""
    problems = []
    for language in LANGUAGES:
        for name, notebook in served_notebooks(site, language).items():
            for cell in notebook["cells"]:
                source = "".join(cell["source"])
                found = re.search(r"(?<!\\)\\ (?=\S)", source)  # not LaTeX's row break, \\\\
                if cell["cell_type"] == "markdown" and found:
                    at = found.start()
                    problems.append(f"{language}/{name}: {source[max(0, at - 30) : at + 10]!r}")
    assert not problems, "\n".join(problems[:20])


def test_notebooks_hide_the_solutions_and_only_the_solutions(site):
    """In Jupyter a worked solution is a collapsed cell (``source_hidden``, ``outputs_hidden``)
    under its "Solution" heading; the cell the reader writes the answer in stays open."""
    hidden = {"source_hidden": True, "outputs_hidden": True}
    for language in LANGUAGES:
        heading = f"**{catalog_word(language, 'Solution')}**"
        for name, notebook in served_notebooks(site, language).items():
            cells, after_heading = notebook["cells"], False
            solutions = 0
            for cell in cells:
                if cell["cell_type"] == "markdown":
                    after_heading = "".join(cell["source"]).strip() == heading
                    continue
                source = "".join(cell["source"])
                is_hidden = cell["metadata"].get("jupyter") == hidden
                where = f"{language}/{name}: {source[:60]!r}"
                assert is_hidden == after_heading, where
                assert not (is_hidden and "= ...  #" in source), f"answer cell hidden: {where}"
                solutions += after_heading and "exercises.check(" in source
            checks = sum("exercises.check(" in "".join(c["source"]) for c in cells)
            assert checks and solutions == checks / 2, f"{language}/{name}: {solutions} of {checks}"
