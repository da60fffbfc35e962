"""Check what the built distributions hold: run by scripts/release-check with their paths."""

import re
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(wheel: str, sdist: str) -> int:
    problems: list[str] = []
    names = zipfile.ZipFile(wheel).namelist()
    if "counselcore/py.typed" not in names:
        problems.append("the wheel has no counselcore/py.typed")
    tests = [n for n in names if n.startswith("tests/") or "/tests/" in n or "conftest" in n]
    if tests:
        problems.append(f"the wheel holds tests: {tests[:3]}")
    version = re.search(
        r'__version__ = "([^"]+)"', (ROOT / "src/counselcore/_version.py").read_text()
    )
    assert version is not None
    if f"counselcore-{version[1]}.dist-info/METADATA" not in names:
        problems.append(f"the wheel's metadata is not for version {version[1]}")
    top = re.search(r"^## \[([^\]]+)\]", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
    expected = "Unreleased" if ".dev" in version[1] else version[1]
    if top is None or top[1] != expected:
        problems.append(
            f"CHANGELOG's newest section should be [{expected}] for version {version[1]}"
        )
    metadata = zipfile.ZipFile(wheel).read(f"counselcore-{version[1]}.dist-info/METADATA").decode()
    urls = dict(re.findall(r"^Project-URL: ([^,]+), (\S+)$", metadata, re.MULTILINE))
    for label in ("Homepage", "Documentation", "Changelog"):
        if label not in urls:
            problems.append(f"the wheel's metadata has no {label} project URL")
    base = re.search(
        r'^BASE = "([^"]+)"',
        (ROOT / "src/counselcore/fhir/_vocabulary.py").read_text(),
        re.MULTILINE,
    )
    assert base is not None
    if not base[1].startswith(urls.get("Homepage", "?")):
        problems.append(f"the FHIR base {base[1]} is not under the homepage {urls.get('Homepage')}")
    if "Classifier: Typing :: Typed" not in metadata or "Requires-Python: >=3.10" not in metadata:
        problems.append("the wheel's metadata lacks its classifiers or Python requirement")
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    for needed in ("README.md", "CHANGELOG.md", "LICENSE", "src/counselcore/py.typed"):
        if not any(m.endswith("/" + needed) for m in members):
            problems.append(f"the sdist lacks {needed}")
    for problem in problems:
        print(f"inspect_dist: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
