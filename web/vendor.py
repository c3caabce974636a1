"""Vendor the web app's third-party browser code from the npm registry, pinned.

    python web/vendor.py          fetch the pinned tarballs, check them, copy the files
    python web/vendor.py --check  check the committed files against the lock (no network)

Each package's tarball is checked against the registry's sha-512 integrity before a
file is taken from it; web/vendor/vendor.lock.json records the versions, tarballs,
integrities and the sha-256 of every file copied. To upgrade, change a version
below, run the script and commit web/vendor/ with the lock.
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

REGISTRY = "https://registry.npmjs.org"
VENDOR = Path(__file__).parent / "vendor"
LOCK = VENDOR / "vendor.lock.json"

# package -> (version, {pattern in the tarball's package/ folder: folder in vendor/<package>})
PACKAGES: dict[str, tuple[str, dict[str, str]]] = {
    "katex": (
        "0.19.1",
        {
            "LICENSE": "",
            "dist/katex.mjs": "",
            "dist/katex.min.css": "",
            # Every browser the app supports reads woff2; the CSS's woff/ttf are fallbacks.
            "dist/fonts/*.woff2": "fonts",
        },
    ),
    "marked": ("18.2.1", {"LICENSE": "", "lib/marked.esm.js": ""}),
    "dompurify": ("3.5.0", {"LICENSE": "", "dist/purify.es.mjs": ""}),
    "eventsource-parser": (
        "4.1.3",
        {"LICENSE": "", "dist/index.js": "", "dist/parse.js": "", "dist/errors.js": ""},
    ),
}


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        body: bytes = response.read()
        return body


def _check_integrity(tarball: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise SystemExit(f"unexpected integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if actual != expected:
        raise SystemExit("tarball does not match the registry's integrity")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def vendor_package(name: str, version: str, patterns: dict[str, str]) -> dict[str, Any]:
    meta = json.loads(_get(f"{REGISTRY}/{name}/{version}"))
    tarball = _get(meta["dist"]["tarball"])
    _check_integrity(tarball, meta["dist"]["integrity"])
    target = VENDOR / name
    shutil.rmtree(target, ignore_errors=True)
    files: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            inner = member.name.removeprefix("package/")
            folder = next((f for p, f in patterns.items() if fnmatch.fnmatch(inner, p)), None)
            if folder is None or not member.isfile():
                continue
            extracted = archive.extractfile(member)
            assert extracted is not None
            data = extracted.read()
            destination = target / folder / Path(inner).name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
            files[destination.relative_to(VENDOR).as_posix()] = _sha256(data)
    names = [Path(f).name for f in files]
    missing = [p for p in patterns if not fnmatch.filter(names, Path(p).name)]
    if missing:
        raise SystemExit(f"{name}@{version}: nothing matched {missing}")
    return {
        "version": version,
        "tarball": meta["dist"]["tarball"],
        "integrity": meta["dist"]["integrity"],
        "files": dict(sorted(files.items())),
    }


def check() -> int:
    """Exit non-zero when a vendored file differs from the lock or the pins."""
    lock = json.loads(LOCK.read_text())
    problems = []
    for name, (version, _) in PACKAGES.items():
        entry = lock.get(name)
        if entry is None or entry["version"] != version:
            problems.append(f"{name}: the lock does not have version {version}; run the script")
            continue
        for path, digest in entry["files"].items():
            file = VENDOR / path
            if not file.is_file() or _sha256(file.read_bytes()) != digest:
                problems.append(f"{path}: missing or changed")
    for problem in problems:
        sys.stderr.write(problem + "\n")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="verify, fetch nothing")
    if parser.parse_args().check:
        return check()
    VENDOR.mkdir(exist_ok=True)
    lock = {name: vendor_package(name, *spec) for name, spec in PACKAGES.items()}
    LOCK.write_text(json.dumps(lock, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
