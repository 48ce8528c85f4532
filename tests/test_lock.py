"""requirements.lock pins what pyproject.toml asks for: a dependency added, dropped or re-ranged in
pyproject.toml without `make lock` fails here, so CI never installs other than what is declared."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")
FROM_PYPROJECT = "nmi-records (pyproject.toml)"


def declared():
    """Every requirement of pyproject.toml, runtime and dev, by canonical name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return {canonicalize_name(req.name): req for req in map(Requirement, lines)}


def locked():
    """(pins by canonical name, the names the lock says pyproject.toml asked for)."""
    pins, direct, current = {}, set(), None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            pins[current] = match[2]
        elif current and FROM_PYPROJECT in line:
            direct.add(current)
    return pins, direct


def test_every_declared_dependency_is_pinned_within_its_range():
    pins, _direct = locked()
    wrong = {
        name: f"{req.specifier or 'any'} declared, {pins.get(name, 'not pinned')} locked"
        for name, req in declared().items()
        if name not in pins or not req.specifier.contains(pins[name], prereleases=True)
    }
    assert wrong == {}, "pyproject.toml and requirements.lock disagree: run `make lock`"


def test_the_lock_asks_for_nothing_pyproject_no_longer_declares():
    _pins, direct = locked()
    assert direct - declared().keys() == set(), "requirements.lock is stale: run `make lock`"


def test_the_lock_pins_every_package_with_its_hashes():
    text = (ROOT / "requirements.lock").read_text()
    pinned = [line for line in text.splitlines() if PIN.match(line)]
    assert pinned
    assert all(line.endswith("\\") for line in pinned), "each pin is followed by its hashes"
