"""The hash-checked locks that `make` installs from agree with the human-edited requirements files."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)", re.M)


def _pins(text):
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in _PIN.findall(text)}


def _lock_entries(text):
    """{name: (version, number of hashes)} for each requirement in a pip-compile style lock."""
    entries = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = _PIN.match(block)
        if match:
            name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            entries[name] = (match.group(2), block.count("--hash=sha256:"))
    return entries


@pytest.mark.parametrize("source, lock", [("requirements.txt", "requirements.lock"),
                                          ("requirements-dev.txt", "requirements-dev.lock")])
def test_every_pin_is_locked_at_the_same_version_with_hashes(source, lock):
    # A pin edited without `make lock` would otherwise install the old version with no warning.
    wanted = _pins((ROOT / source).read_text())
    if source == "requirements-dev.txt":
        wanted |= _pins((ROOT / "requirements.txt").read_text())
    locked = _lock_entries((ROOT / lock).read_text())
    stale = {name: (version, locked.get(name, ("missing", 0))[0])
             for name, version in wanted.items() if locked.get(name, ("", 0))[0] != version}
    assert stale == {}, f"run `make lock`: {stale}"
    assert all(hashes > 0 for _version, hashes in locked.values())


def test_bleach_is_gone_and_nh3_cleans_descriptions():
    runtime = _lock_entries((ROOT / "requirements.lock").read_text())
    assert "bleach" not in runtime and "nh3" in runtime
