#!/usr/bin/env python3
"""Refresh (or check) the third-party browser files the book serves itself.

The published book must not depend on a CDN: require.js, the ipywidgets HTML manager and
MathJax are copied from the npm registry into ``_assets/vendor/`` (served under
``_static/vendor/`` by ``html_static_path``); axe-core goes to ``tests/browser/vendor/`` for
the accessibility checks. What to fetch is listed in ``tools/vendor.json``; what was
fetched (tarball integrity, SHA-256 of every copied file) is recorded in
``tools/vendor.lock.json``.

    python tools/refresh_vendor.py          # npm pack every package, copy its files, rewrite the lock
    python tools/refresh_vendor.py --check  # offline: the files on disk match the lock

Needs ``npm`` (only to download the tarballs: ``npm pack``; nothing is installed).
To move to a new version, edit ``tools/vendor.json``, run this script, rebuild the book
(``make book``) and run the browser tests (``make test-browser``).
"""
from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import posixpath
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tools" / "vendor.json"
LOCK = ROOT / "tools" / "vendor.lock.json"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_pack(name: str, version: str, dest: Path) -> tuple[Path, str]:
    """Download ``name@version`` as a tarball into ``dest``; return its path and npm integrity."""
    out = subprocess.run(["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(dest)],
                         check=True, capture_output=True, text=True).stdout
    info = json.loads(out)[0]
    if info["version"] != version:
        raise SystemExit(f"npm returned {name}@{info['version']}, expected {version}")
    return dest / info["filename"], info["integrity"]


def select(members: list[str], patterns: list[str]) -> list[str]:
    """Paths (relative to the package root) matching the spec's patterns. A ``*`` matches
    within one folder only; every pattern must match at least one file."""
    chosen: list[str] = []
    for pattern in patterns:
        folder, name = posixpath.split(pattern)
        hits = sorted(m for m in members
                      if posixpath.dirname(m) == folder and fnmatch.fnmatchcase(posixpath.basename(m), name))
        if not hits:
            raise SystemExit(f"pattern {pattern!r} matched no file")
        chosen += [h for h in hits if h not in chosen]
    return chosen


def refresh() -> None:
    spec = json.loads(SPEC.read_text())
    lock = {"_comment": "Written by tools/refresh_vendor.py; do not edit.", "packages": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for pkg in spec["packages"]:
            tarball, integrity = npm_pack(pkg["name"], pkg["version"], tmp)
            with tarfile.open(tarball) as tar:
                files = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}
                dest = ROOT / pkg["dest"]
                if dest.exists():
                    shutil.rmtree(dest)
                record = {"name": pkg["name"], "version": pkg["version"], "integrity": integrity,
                          "license": pkg.get("license", ""), "dest": pkg["dest"], "files": {}}
                for rel in select(list(files), pkg["files"]):
                    target_rel = rel.removeprefix(pkg.get("strip", ""))
                    target = dest / target_rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(files[rel]).read())
                    record["files"][target_rel] = sha256(target)
                lock["packages"].append(record)
                size = sum((dest / f).stat().st_size for f in record["files"])
                print(f"{pkg['name']}@{pkg['version']}: {len(record['files'])} files, "
                      f"{size / 1e6:.2f} MB -> {pkg['dest']}")
    LOCK.write_text(json.dumps(lock, indent=2) + "\n")
    print(f"wrote {LOCK.relative_to(ROOT)}")


def check() -> list[str]:
    """Differences between the vendored files and the lock (empty when they agree)."""
    problems = []
    spec = {p["name"]: p["version"] for p in json.loads(SPEC.read_text())["packages"]}
    lock = json.loads(LOCK.read_text())
    locked = {p["name"]: p["version"] for p in lock["packages"]}
    if spec != locked:
        problems.append(f"tools/vendor.json {spec} differs from the lock {locked}: run the refresh")
    for pkg in lock["packages"]:
        dest = ROOT / pkg["dest"]
        for rel, digest in pkg["files"].items():
            path = dest / rel
            if not path.is_file():
                problems.append(f"missing {path.relative_to(ROOT)}")
            elif sha256(path) != digest:
                problems.append(f"changed {path.relative_to(ROOT)}")
        if dest.is_dir():
            extra = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()} - set(pkg["files"])
            problems += [f"unexpected {pkg['dest']}/{e}" for e in sorted(extra)]
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify the vendored files against the lock (offline)")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for p in problems:
            print(p)
        print("vendored files match tools/vendor.lock.json" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0
    refresh()
    return 0


if __name__ == "__main__":
    sys.exit(main())
