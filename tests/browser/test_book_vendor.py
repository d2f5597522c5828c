"""The vendored browser files (tools/vendor.json) are the ones the lock records, and the book
is configured to serve them instead of a CDN. Offline and fast: not marked ``browser``."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _refresh_module():
    spec = importlib.util.spec_from_file_location("refresh_vendor", ROOT / "tools" / "refresh_vendor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_files_match_the_lock():
    problems = _refresh_module().check()
    assert not problems, "run `python tools/refresh_vendor.py`:\n  " + "\n  ".join(problems)


def test_config_points_at_the_vendored_files():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
    static = [ROOT / p for p in config["html_static_path"]]
    assert not (ROOT / "_static").exists(), \
        "a _static/ folder makes jupyter-book add every .js of html_static_path to every page"

    def served(path: str) -> bool:
        return any((folder / path).is_file() for folder in static)

    assert served(config["mathjax_path"]), config["mathjax_path"]
    for path in config["nb_ipywidgets_js"]:
        assert "://" not in path and served(path), f"nb_ipywidgets_js entry {path} is not a vendored file"
    for path in config.get("html_css_files", []):
        assert served(path), path
