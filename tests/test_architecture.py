"""The core does no I/O: an AST scan of every module outside the command-line edge."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "counselcore"
#: The command-line edge, relative to the package: the only code allowed to do I/O.
EDGE = {"__main__.py", "cli"}

BANNED_MODULES = {
    "os",
    "io",
    "sys",
    "socket",
    "pathlib",
    "subprocess",
    "logging",
    "shutil",
    "tempfile",
    "urllib",
    "http",
    "requests",
    "time",
    "secrets",
    "uuid",
    "asyncio",
    "threading",
    "multiprocessing",
    "glob",
    "sqlite3",
}
BANNED_CALLS = {"print", "open", "input", "exec", "eval", "breakpoint"}
# Code generation, as attrs and cattrs do it: source built from field names, never from input.
ALLOWED = {"serialization/_fast.py": {"exec"}, "phases/_codegen.py": {"exec"}}
# Name-based uuid5 only: deterministic ids for FHIR export (uuid1/uuid4 stay banned below).
ALLOWED_IMPORTS = {"fhir/_ids.py": {"uuid"}}
BANNED_ATTRIBUTES = {
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("random", "random"),
    ("random", "randint"),
    ("random", "choice"),
    ("random", "shuffle"),
    ("random", "seed"),
    ("random", "uniform"),
    ("random", "gauss"),
    ("uuid", "uuid1"),
    ("uuid", "uuid4"),
}


def core_modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if not _in_edge(p))


def _in_edge(path: Path) -> bool:
    relative = path.relative_to(SRC).parts
    return relative[0] in EDGE


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    relative = path.relative_to(SRC).as_posix() if path.is_relative_to(SRC) else ""
    banned_modules = BANNED_MODULES - ALLOWED_IMPORTS.get(relative, set())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in banned_modules:
                    found.append(f"{path.name}:{node.lineno} imports {alias.name}")
                if alias.name == "random":
                    found.append(f"{path.name}:{node.lineno} imports the global random module")
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            if root in banned_modules:
                found.append(f"{path.name}:{node.lineno} imports from {node.module}")
            if root == "random" and any(a.name != "Random" for a in node.names):
                found.append(f"{path.name}:{node.lineno} imports global random functions")
        elif isinstance(node, ast.Call):
            func = node.func
            allowed = (
                ALLOWED.get(path.relative_to(SRC).as_posix(), set())
                if path.is_relative_to(SRC)
                else set()
            )
            if isinstance(func, ast.Name) and func.id in BANNED_CALLS - allowed:
                found.append(f"{path.name}:{node.lineno} calls {func.id}()")
            if isinstance(func, ast.Attribute):
                owner = func.value
                owner_name = (
                    owner.id
                    if isinstance(owner, ast.Name)
                    else (owner.attr if isinstance(owner, ast.Attribute) else None)
                )
                if (owner_name, func.attr) in BANNED_ATTRIBUTES:
                    found.append(f"{path.name}:{node.lineno} calls {owner_name}.{func.attr}()")
    return found


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_does_no_io(path: Path) -> None:
    """A core module imports no I/O module, reads no clock, uses no global random and prints nothing."""
    assert offences(path) == []


def test_scanner_catches_each_kind_of_offence(tmp_path: Path) -> None:
    """The scan itself flags I/O imports, clock reads, global random and printing."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\nimport random\nimport datetime\nfrom pathlib import Path\n"
        "print('x')\nopen('f')\ndatetime.date.today()\ndatetime.datetime.now()\nrandom.random()\n",
        encoding="utf-8",
    )

    found = offences(bad)

    assert found == [
        "bad.py:1 imports os",
        "bad.py:2 imports the global random module",
        "bad.py:4 imports from pathlib",
        "bad.py:5 calls print()",
        "bad.py:6 calls open()",
        "bad.py:7 calls date.today()",
        "bad.py:8 calls datetime.now()",
        "bad.py:9 calls random.random()",
    ]


def test_scanner_allows_a_seeded_random_instance(tmp_path: Path) -> None:
    """Passing a random.Random in is the allowed way to be random."""
    good = tmp_path / "good.py"
    good.write_text(
        "from random import Random\n\ndef f(rng: Random) -> float:\n    return rng.random()\n",
        encoding="utf-8",
    )

    assert offences(good) == []


def test_the_edge_is_the_only_exempt_module() -> None:
    """Only the command line may do I/O, and it exists."""
    assert (SRC / "__main__.py").exists()
    assert (SRC / "cli" / "__init__.py").exists()
    assert all(not _in_edge(p) for p in core_modules())
    assert any(p.parts[-2] == "validation" for p in core_modules())
