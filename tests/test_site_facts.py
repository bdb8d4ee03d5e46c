"""The site's facts (``docs/site_facts.py``) are what the build, the package and the site use."""

from __future__ import annotations

import importlib.util
import json
import re

import site_facts
from conftest import Page
from site_facts import DEFAULT_LANGUAGE, DOCS, LANGUAGES

import nn_tutorial


def test_the_version_is_declared_once_in_pyproject():
    init = (site_facts.PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert not re.search(r"__version__\s*=\s*[\"']", init), "a second version in __init__.py"
    assert nn_tutorial.__version__ == site_facts.project()["version"]
    assert site_facts.wheel_name().startswith(f"nn_tutorial-{nn_tutorial.__version__}-")


def test_the_torch_pin_and_floor_are_stated_once_and_the_readme_and_pages_agree(site):
    """The pin (what the site is built with) and the floor (what the package accepts) come from
    site_facts and pyproject.toml; the README and each edition's getting-started page say both."""
    pinned = site_facts.TORCH_PIN.removeprefix("torch==")
    floor = site_facts.torch_floor()
    assert floor == "2.10", "the first torch whose weights_only loader has its known flaws fixed"
    readme = (site_facts.ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`torch=={pinned}`" in readme and f"torch {floor} or newer" in readme
    for language in LANGUAGES:
        page = (site / language / "getting-started.html").read_text(encoding="utf-8")
        assert f"PyTorch {pinned}" in page and f"PyTorch {floor}" in page, language
    noxfile = (site_facts.ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert "torch==" not in noxfile, "noxfile.py takes the pin from site_facts"


def test_every_edition_is_built_strictly_from_its_own_folder():
    for language in LANGUAGES:
        command = site_facts.sphinx_command(language)
        assert {"-W", "--keep-going", "-n"} <= set(command), command
        assert str(DOCS / language) in command
        assert str(site_facts.HTML / language) in command
    assert (DOCS / DEFAULT_LANGUAGE / "conf.py").is_file()


def test_root_page_offers_every_language_and_defaults_to_the_default(site):
    page = Page(site / "index.html")
    expected = {code: f"{code}/index.html" for code in LANGUAGES}
    assert page.alternates == {**expected, "x-default": f"{DEFAULT_LANGUAGE}/index.html"}
    assert sorted(link for link in page.links) == sorted(expected.values())
    text = (site / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"@[A-Z]+@", text), "a field of docs/root/index.html left unfilled"
    assert f"const site = {json.dumps(list(LANGUAGES))};" in text
    for code, (label, _english) in LANGUAGES.items():
        assert f'lang="{code}">{label}</a>' in text


def test_the_root_page_is_rendered_from_the_facts():
    spec = importlib.util.spec_from_file_location("site_build", DOCS / "build.py")
    site_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site_build)
    page = site_build.root_page()
    assert not re.search(r"@[A-Z]+@", page), "a field of docs/root/index.html left unfilled"
    for code in LANGUAGES:
        assert f'<link rel="alternate" hreflang="{code}" href="{code}/index.html">' in page


def test_the_test_sessions_find_chromium_or_say_the_one_command(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert site_facts.find_chromium(str(tmp_path)) == str(fake)
    assert site_facts.find_chromium(str(tmp_path / "empty")) is None
    assert site_facts.chromium_plan(str(fake), is_root=False, has_apt=False) == "use"
    assert site_facts.chromium_plan(None, is_root=True, has_apt=True) == "install"
    message = site_facts.chromium_plan(None, is_root=False, has_apt=True)
    assert "sudo apt-get install chromium" in message
