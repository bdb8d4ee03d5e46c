"""``nox -s bench``: measure the build and the package the way their users feel them.

Writes ``docs/_build/bench/bench.md`` and ``bench.json``. Each figure is measured in
this run; where a ratio is the honest figure, the ratio is given with its parts.

The bench measures a copy of the tree (tracked files and untracked ones git does not ignore, as
they are now, in a temporary folder; ``.nox`` linked): its clean builds, its Korean edit and its
test runs never touch the user's files or ``docs/_build``, except the report it writes there.
``python tests/benchmark.py --only build,noop`` (in the bench venv: ``nox -s bench -- --only
...``) measures some parts only: build, noop, fit, lessons, font, lighthouse, tests, edit.

1. build: a clean build of every edition (docs/build.py, as ``nox -s docs`` runs it): wall
   seconds, against the lessons' own run times, the part no build tool can remove. The
   editions build side by side, so the figure divides by the slower edition's lessons.
2. noop: a rebuild with nothing changed; edit: one after editing one Korean lesson's prose
   (only that lesson may run again), then the test suite (see 7).
3. fit: ``nn_tutorial.training.fit`` against a bare hand-written loop doing the same work.
4. lessons: each lesson's run time and peak memory, run alone as a reader runs it.
5. font: the bytes of Korean web font a Korean page loads (docs/_ext/web_fonts.py).
6. lighthouse: Lighthouse over every lesson page of every edition, mobile and desktop
   (tests/lighthouse.py), on the site as built here, with the local server's address as its
   base URL.
7. tests: the test suite's wall time, checking everything (``--fresh``, as CI does) and again
   with nothing changed; edit: after editing one Korean lesson and rebuilding (tests/memo.py
   says what the second and third may leave unchecked: only what passed before on the same
   bytes).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parents[1] / d) for d in ("docs", "docs/_ext", "tests")
]

import lighthouse  # noqa: E402  (tests/lighthouse.py)
from gallery_pages import RUNNING_TIME  # noqa: E402
from site_facts import (  # noqa: E402
    BUILD,
    DEFAULT_LANGUAGE,
    DOCS,
    DOCTREES,
    GALLERY,
    GENERATED_DIRS,
    HTML,
    LANGUAGES,
    LESSONS_DIR,
    ROOT,
)

OUT = BUILD / "bench"

TARGETS = {
    "overhead": 1.3, "noop_rebuild_s": 3.0, "fit_vs_bare": 0.97, "font_kb": 400, "tests_s": 60,
}  # fmt: skip
"""Issue 18's figures: the clean build's wall time over the slower edition's lessons (the
editions build side by side), a rebuild with nothing changed, and the suite after a Korean edit."""


def run_build() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(DOCS / "build.py")], check=True, cwd=ROOT)
    return time.perf_counter() - start


def clean() -> None:
    for path in [HTML, DOCTREES]:
        shutil.rmtree(path, ignore_errors=True)
    for language in LANGUAGES:
        for name in GENERATED_DIRS:
            shutil.rmtree(DOCS / language / name, ignore_errors=True)


def lesson_times(language: str) -> dict[str, float]:
    """Each lesson's run time as sphinx-gallery recorded it in the generated page."""
    times = {}
    for rst in sorted((DOCS / language / LESSONS_DIR).glob("plot_*.rst")):
        match = re.search(RUNNING_TIME, rst.read_text(encoding="utf-8"))
        if match:
            times[rst.stem] = 60 * int(match["minutes"]) + float(match["seconds"])
    return times


def generated_mtimes() -> dict[str, float]:
    return {
        f"{language}/{rst.name}": rst.stat().st_mtime
        for language in LANGUAGES
        for rst in (DOCS / language / LESSONS_DIR).glob("plot_*.rst")
    }


def edit_one_korean_lesson() -> dict[str, object]:
    """As a translator works: change one prose line of a Korean lesson, rebuild (which lessons
    ran again?), run the suite. The bench works on a copy of the tree: nothing to put back."""
    lesson = GALLERY / "ko" / "plot_rnn.py"
    lines = lesson.read_text(encoding="utf-8").splitlines(keepends=True)
    # A new last paragraph in the first prose cell: just before that cell's first line of code.
    cell = next(i for i, line in enumerate(lines) if line.startswith("# %%"))
    code = next(i for i in range(cell + 1, len(lines)) if not lines[i].startswith("#"))
    lines[code:code] = ["#\n", "# 벤치마크가 덧붙인 문단입니다.\n"]
    before = generated_mtimes()
    lesson.write_text("".join(lines), encoding="utf-8")
    seconds = run_build()
    after = generated_mtimes()
    rerun = sorted(name for name, mtime in after.items() if mtime != before.get(name))
    return {"wall_s": seconds, "lessons_rerun": rerun, "tests": run_tests()}


def fit_against_bare_loop(repeats: int = 15, epochs: int = 4) -> dict[str, float]:
    """Samples per second of fit and of a hand-written loop, same model, data, seed and work."""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader

    from nn_tutorial import data, models, training

    train, validation, _ = data.load_digits(image_size=32)
    loss_fn = nn.CrossEntropyLoss()
    # One thread, timed in CPU seconds (time.process_time): on a small shared virtual machine,
    # wall time also counts the moments the machine gives the core to someone else, which
    # moved this ratio by 5 % from run to run. The figure compares the cost of two loops
    # doing the same arithmetic; samples per second are per CPU second.
    torch.set_num_threads(1)

    def with_fit() -> float:
        torch.manual_seed(0)
        model = models.LeNet()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        start = time.process_time()
        training.fit(
            model, train, validation, epochs=epochs, optimizer=optimizer, loss_fn=loss_fn,
            device="cpu", batch_size=64, log=None,
        )  # fmt: skip
        return time.process_time() - start

    def by_hand() -> float:
        torch.manual_seed(0)
        model = models.LeNet()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        generator = torch.Generator().manual_seed(0)
        loader = DataLoader(train, batch_size=64, shuffle=True, generator=generator)
        start = time.process_time()
        for _ in range(epochs):
            model.train()
            for x, y in loader:
                optimizer.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
            model.eval()
            with torch.no_grad():  # the same held-out evaluation fit does every epoch
                for x, y in DataLoader(validation, batch_size=256):
                    logits = model(x)
                    loss_fn(logits, y).item()
                    (logits.argmax(1) == y).sum().item()
        return time.process_time() - start

    with_fit(), by_hand()  # warm up both
    fit_times, bare_times = [], []
    for repeat in range(repeats):
        # Side by side in time, in alternating order, so drifts in machine load hit both alike.
        if repeat % 2:
            bare_times.append(by_hand())
            fit_times.append(with_fit())
        else:
            fit_times.append(with_fit())
            bare_times.append(by_hand())
    samples = epochs * len(train)
    ratios = sorted(bare / fit for fit, bare in zip(fit_times, bare_times, strict=True))
    return {
        "fit_samples_per_s": samples / min(fit_times),
        "bare_samples_per_s": samples / min(bare_times),
        "fit_vs_bare": ratios[len(ratios) // 2],  # the median of the paired ratios
    }


def lesson_alone(script: Path) -> dict[str, float]:
    """Run one lesson as a reader does (python script.py); wall time and peak memory."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(script)], cwd=script.parent, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{script.name} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024}


def korean_font_bytes() -> dict[str, float]:
    """Web-font bytes each Korean page loads, in Chromium, with an empty cache per page; and
    what the whole edition loads once the browser has cached the faces."""
    from playwright.sync_api import sync_playwright
    from site_facts import find_chromium, pages

    httpd, origin = lighthouse.serve(HTML, port=0)  # any free port: Lighthouse's may be busy
    per_page, distinct = [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), headless=True, args=["--no-sandbox"]
        )
        for path in pages(HTML / "ko"):
            context = browser.new_context()  # an empty cache: what a first visit costs
            page = context.new_page()
            fonts: dict[str, int] = {}
            page.on(
                "response",
                lambda r, fonts=fonts: (
                    "/fonts/nanumgothic-" in r.url  # the Korean faces, not the theme's icons
                    and fonts.setdefault(r.url, len(r.body()))
                ),
            )
            page.goto(f"{origin}/{path.relative_to(HTML)}", wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            per_page.append(sum(fonts.values()))
            distinct.update(fonts)
            context.close()
        browser.close()
    httpd.shutdown()
    return {
        "pages": len(per_page),
        "max_kb": max(per_page) / 1000,
        "mean_kb": sum(per_page) / len(per_page) / 1000,
        "cached_edition_kb": sum(distinct.values()) / 1000,
    }


def run_tests(*args: str) -> dict[str, object]:
    """Run pytest as ``nox -s tests`` does: its wall time, and how many units each slow check
    did not check again because they passed before on the same bytes (tests/memo.py)."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    print(result.stdout[-2000:])
    if result.returncode != 0:
        raise SystemExit(f"pytest {' '.join(args)} failed:\n{result.stdout[-5000:]}")
    summary = re.finditer(r"^tests/\S+::(?P<test>\S+): (?P<count>\d+) \(", result.stdout, re.M)
    skipped = {match["test"]: int(match["count"]) for match in summary}
    return {"wall_s": seconds, "not_checked_again": skipped}


def memo_tests() -> list[str]:
    """The test files whose checks keep a memo (tests/memo.py: they use the ``memo`` fixture or
    marker): run before the edit when the whole suite is not, so the run after the edit starts
    from their record of passes."""
    return [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "tests").glob("test_*.py"))
        if re.search(r"\bmemo\b", path.read_text(encoding="utf-8"))
    ]


PARTS = ("build", "noop", "fit", "lessons", "font", "lighthouse", "tests", "edit")
"""What ``--only`` can choose (all of them by default). Every part but fit and lessons measures a
built site, so a clean build runs first whenever one of them is chosen."""


def copy_of_the_tree(destination: Path) -> Path:
    """The tree as the user has it now in ``destination``: a clone of its commit (the tests ask
    git which files are tracked), with the working tree's tracked and untracked files that git
    does not ignore copied over it and its deleted files deleted. The bench edits and builds
    there, never in the user's tree. ``.nox`` is linked, not copied (its venvs: the reader's,
    Lighthouse)."""

    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True).stdout
        return [name for name in out.decode().split("\0") if name]

    subprocess.run(["git", "clone", "-q", "--shared", str(ROOT), str(destination)], check=True)
    for name in git("ls-files", "-z", "--cached", "--others", "--exclude-standard"):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    for name in git("ls-files", "-z", "--deleted"):
        (destination / name).unlink(missing_ok=True)
    (destination / ".nox").symlink_to(ROOT / ".nox", target_is_directory=True)
    return destination


def on_a_copy(argv: list[str]) -> int:
    """Run the bench in a copy of the tree (see :func:`copy_of_the_tree`), with the copy's
    package first on the path; its report comes back to docs/_build/bench/."""
    with tempfile.TemporaryDirectory(prefix="nn-tutorial-bench-") as folder:
        tree = copy_of_the_tree(Path(folder) / "tree")
        head = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        print(f"bench: measuring a copy of {ROOT} ({head or 'not a git tree'}) in {tree}")
        path = [str(tree / "src"), os.environ.get("PYTHONPATH", "")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path))}
        env["NN_BENCH_TREE"] = f"{ROOT} at {head}"
        status = subprocess.run(
            [sys.executable, str(tree / "tests" / "benchmark.py"), "--in-copy", *argv],
            cwd=tree, env=env,
        ).returncode  # fmt: skip
        OUT.mkdir(parents=True, exist_ok=True)
        for name in ("bench.md", "bench.json"):
            if (tree / OUT.relative_to(ROOT) / name).is_file():
                shutil.copy(tree / OUT.relative_to(ROOT) / name, OUT / name)
    return status


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", default=",".join(PARTS),
        help=f"comma-separated parts to measure, from {','.join(PARTS)} (default: all)",
    )  # fmt: skip
    parser.add_argument("--in-copy", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    if parts - set(PARTS):
        parser.error(f"unknown parts {sorted(parts - set(PARTS))}: choose from {PARTS}")
    if not args.in_copy:
        return on_a_copy(argv)

    results: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "tree": os.environ.get("NN_BENCH_TREE", str(ROOT)),
        "parts": [part for part in PARTS if part in parts],
    }
    times: dict[str, dict[str, float]] = {}
    if parts - {"fit", "lessons"}:
        clean()
        wall = run_build()
        times = {language: lesson_times(language) for language in LANGUAGES}
        sums = {language: sum(times[language].values()) for language in LANGUAGES}
        results["clean_build"] = {
            "wall_s": wall,
            "lessons_s": sums,
            "overhead": wall / sum(sums.values()),
            # Side by side, the wall time cannot drop below the slower edition's lessons.
            "overhead_vs_slower_edition": wall / max(sums.values()),
        }
    if "noop" in parts:
        results["noop_rebuild_s"] = run_build()
    if "fit" in parts:
        results["fit"] = fit_against_bare_loop()
    if "lessons" in parts:
        results["lessons"] = {
            script.stem: lesson_alone(script)
            for script in sorted((GALLERY / DEFAULT_LANGUAGE).glob("plot_*.py"))
        }
    if "font" in parts:
        results["korean_font"] = korean_font_bytes()
    if "lighthouse" in parts:
        # The site built with the address Lighthouse loads the pages from as its base URL (and
        # built again without it after, as `nox -s docs` builds it and the tests expect).
        os.environ["NN_BASE_URL"] = lighthouse.ORIGIN
        run_build()
        results["lighthouse"] = lighthouse.measure()
        del os.environ["NN_BASE_URL"]
        run_build()
    # The suite three ways: checking everything, as CI does on a fresh clone; again with
    # nothing changed; and (in edit_one_korean_lesson) after a translator's edit and a rebuild,
    # which needs a record of passes to start from (a run of the whole suite first).
    if "tests" in parts:
        results["tests"] = {"fresh": run_tests("--fresh"), "unchanged": run_tests()}
    elif "edit" in parts:
        run_tests("--fresh", *memo_tests())
    if "edit" in parts:
        results["edit_one_korean_lesson"] = edit_one_korean_lesson()

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    text = report(results, times)
    if "lighthouse" in results:
        text += "\n" + "\n".join(lighthouse.report(results["lighthouse"], lighthouse.ORIGIN))
    (OUT / "bench.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def skipped(figures: dict) -> str:
    counts = figures["not_checked_again"]
    return ", ".join(f"{test} {n}" for test, n in counts.items()) or "none"


def report(r: dict, times: dict[str, dict[str, float]]) -> str:
    """The figures measured in this run (the parts chosen), each with its target."""
    lines = [
        "# nn-tutorial benchmark",
        "",
        f"Measured in one run on {r['machine']}, on a copy of {r['tree']}; parts: "
        f"{', '.join(r['parts'])}.",
        "",
        "| figure | value | target |",
        "|---|---|---|",
    ]
    if "clean_build" in r:
        build = r["clean_build"]
        ratio, target = build["overhead_vs_slower_edition"], TARGETS["overhead"]
        lines += [
            f"| clean build, every edition side by side | {build['wall_s']:.1f} s | |",
            *(
                f"| lessons' own run time, {lang} | {s:.1f} s | |"
                for lang, s in build["lessons_s"].items()
            ),
            f"| wall / all lessons' run time | {build['overhead']:.2f} | |",
            f"| build overhead: wall / slower edition's lessons | {ratio:.2f} | "
            f"<= {target} ({verdict(ratio <= target)}) |",
        ]
    if "noop_rebuild_s" in r:
        noop, target = r["noop_rebuild_s"], TARGETS["noop_rebuild_s"]
        lines.append(
            f"| rebuild, nothing changed | {noop:.1f} s | <= {target:.0f} s "
            f"({verdict(noop <= target)}) |"
        )
    if "edit_one_korean_lesson" in r:
        edit = r["edit_one_korean_lesson"]
        lines.append(
            f"| rebuild after editing ko/plot_rnn.py's prose | {edit['wall_s']:.1f} s; re-ran: "
            f"{', '.join(edit['lessons_rerun']) or 'none'} | only ko/plot_rnn.rst "
            f"({verdict(edit['lessons_rerun'] == ['ko/plot_rnn.rst'])}) |"
        )
    if "fit" in r:
        fit, target = r["fit"], TARGETS["fit_vs_bare"]
        lines += [
            f"| fit, samples per CPU second (1 thread) | {fit['fit_samples_per_s']:.0f} | |",
            f"| bare loop, samples per CPU second (1 thread) | {fit['bare_samples_per_s']:.0f} | |",
            f"| fit / bare | {fit['fit_vs_bare']:.3f} | >= {target} "
            f"({verdict(fit['fit_vs_bare'] >= target)}) |",
        ]
    if "korean_font" in r:
        font, target = r["korean_font"], TARGETS["font_kb"]
        lines += [
            f"| Korean web font a Korean page loads, first visit (largest of "
            f"{font['pages']} pages) | {font['max_kb']:.0f} KB | <= {target} KB "
            f"({verdict(font['max_kb'] <= target)}) |",
            f"| the same, mean over the pages / all pages once cached | {font['mean_kb']:.0f} KB"
            f" / {font['cached_edition_kb']:.0f} KB | |",
        ]
    if "tests" in r:
        fresh, unchanged = r["tests"]["fresh"], r["tests"]["unchanged"]
        lines += [
            f"| `pytest --fresh`: every check, as CI runs it on a fresh clone | "
            f"{fresh['wall_s']:.1f} s | |",
            f"| `pytest` again, nothing changed (warm) | {unchanged['wall_s']:.1f} s; not "
            f"checked again: {skipped(unchanged)} | |",
        ]
    if "edit_one_korean_lesson" in r:
        tests, target = r["edit_one_korean_lesson"]["tests"], TARGETS["tests_s"]
        lines.append(
            f"| `pytest` after editing ko/plot_rnn.py's prose and rebuilding | "
            f"{tests['wall_s']:.1f} s; not checked again: {skipped(tests)} | <= {target} s "
            f"({verdict(tests['wall_s'] <= target)}) |"
        )
    if "lessons" in r:
        lines += [
            "",
            "## Lessons",
            "",
            "| lesson | alone: seconds | alone: peak memory | in the build (en / ko) |",
            "|---|---|---|---|",
        ]
        for name, figures in r["lessons"].items():
            in_build = " / ".join(
                f"{times.get(lang, {}).get(name, float('nan')):.1f} s" for lang in LANGUAGES
            )
            lines.append(
                f"| {name} | {figures['seconds']:.1f} s | {figures['peak_mib']:.0f} MiB | "
                f"{in_build} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
