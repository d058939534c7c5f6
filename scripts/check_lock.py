"""Fail when requirements.lock no longer matches pyproject.toml; offline, without resolving.

Every dependency and every `dev` extra of pyproject.toml must be pinned in the lock to a
version its range admits, and every package the lock lists as a direct dependency must still
be declared. What a requirement's extras pull in (psycopg[binary]) is not checked: that needs
the packages' metadata. `make lock` regenerates the lock.
"""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# The lock is resolved for this interpreter and platform; markers are read against them.
TARGET = {
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)")
DIRECT = "(pyproject.toml)"


def declared(pyproject: Path) -> list[Requirement]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + project.get("optional-dependencies", {}).get("dev", [])
    requirements = [Requirement(line) for line in lines]
    return [r for r in requirements if r.marker is None or r.marker.evaluate(TARGET)]


def locked(lock: Path) -> tuple[dict[str, str], set[str]]:
    """The lock's pins (name → version) and the names it says pyproject.toml asked for."""
    pins: dict[str, str] = {}
    direct: set[str] = set()
    current = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
            pins[current] = match[2]
        elif current and line.lstrip().startswith("#") and DIRECT in line:
            direct.add(current)
    return pins, direct


def problems(pyproject: Path, lock: Path) -> list[str]:
    requirements = declared(pyproject)
    pins, direct = locked(lock)
    found = []
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        version = pins.get(name)
        if version is None:
            found.append(f"{requirement} is not in {lock.name}")
        elif not requirement.specifier.contains(version, prereleases=True):
            found.append(f"{requirement}: {lock.name} pins {version}")
    names = {canonicalize_name(r.name) for r in requirements}
    found += [f"{name} is locked but no longer declared" for name in sorted(direct - names)]
    return found


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    lock = root / "requirements.lock"
    found = problems(root / "pyproject.toml", lock)
    for problem in found:
        print(f"{lock.name}: {problem}", file=sys.stderr)
    if found:
        print("Run `make lock` to regenerate it.", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
