"""The wheel: built from the working tree, installed with its dependencies into a fresh
virtualenv, it gives a working ``casenotes`` command and carries its package data (resources/
and the Alembic migrations).

Slow (about a minute; it needs the package index or a warm pip cache), so it runs only with
CASENOTES_PACKAGING_TEST=1. ``tools/check_wheel.sh`` does the same from a shell, for developers
and CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(
    os.environ.get("CASENOTES_PACKAGING_TEST") != "1",
    reason="builds and installs the wheel (about a minute, needs the package index); "
    "set CASENOTES_PACKAGING_TEST=1 to run it, or run tools/check_wheel.sh",
)

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src" / "casenotes"
MIGRATIONS = ("core/store/migrations/env.py", "core/store/migrations/versions/0001_initial.py")


def _run(argv: list[str | Path], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, timeout=600, check=False, **kwargs
    )


def _copy_tree(target: Path) -> Path:
    """pyproject, README and src/ only: a stale build/ folder cannot leak into the wheel, and
    the working tree is not written to."""
    target.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE", "MANIFEST.in"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, target / name)
    for folder in ("src", "resources"):
        shutil.copytree(
            REPO / folder,
            target / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
        )
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel and its dependencies installed; its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    tree = _copy_tree(work / "tree")
    dist = work / "dist"
    built = _run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, tree])
    if built.returncode != 0:  # e.g. no package index: try the current environment's tools
        built = _run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, tree]
        )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheels = sorted(dist.glob("casenotes-*.whl"))
    assert len(wheels) == 1, wheels

    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", venv])
    assert made.returncode == 0, made.stderr
    pip = _run(
        [
            venv / "bin" / "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            wheels[0],
        ]
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    return venv / "bin"


def _clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("CASENOTES_") and k != "PYTHONPATH"
    }
    env.update(extra)
    return env


def test_the_installed_command_prints_its_version(installed: Path, tmp_path: Path) -> None:
    done = _run([installed / "casenotes", "--version"], cwd=tmp_path, env=_clean_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("casenotes ")
    metadata = _run(
        [
            installed / "python",
            "-c",
            "from importlib.metadata import version; print(version('casenotes'))",
        ],
        cwd=tmp_path,
        env=_clean_env(),
    )
    assert done.stdout == f"casenotes {metadata.stdout.strip()}\n"


def _installed_package(bin_dir: Path, cwd: Path) -> Path:
    done = _run(
        [bin_dir / "python", "-c", "import casenotes; print(casenotes.__file__)"],
        cwd=cwd,
        env=_clean_env(),
    )
    assert done.returncode == 0, done.stderr
    package = Path(done.stdout.strip()).resolve().parent
    assert "site-packages" in package.parts, package  # not the source tree
    return package


def test_the_migrations_are_in_the_installed_package(installed: Path, tmp_path: Path) -> None:
    package = _installed_package(installed, tmp_path)
    for relative in MIGRATIONS:
        assert (package / relative).is_file(), relative
    for migration in (SOURCE / "core/store/migrations/versions").glob("*.py"):
        assert (package / "core/store/migrations/versions" / migration.name).is_file()


def test_the_resources_are_in_the_installed_package(installed: Path, tmp_path: Path) -> None:
    package = _installed_package(installed, tmp_path)
    wanted = sorted(
        p.relative_to(REPO / "resources")
        for p in (REPO / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    assert wanted, "resources/ holds no files, so the wheel has no resources/"
    assert (package / "resources").is_dir()
    missing = [p for p in wanted if not (package / "resources" / p).is_file()]
    assert missing == []


def test_the_installed_command_creates_and_verifies_a_vault(
    installed: Path, tmp_path: Path
) -> None:
    """Runs the packaged migrations, with the standard KDF (about a second each)."""
    env = _clean_env(CASENOTES_PASSPHRASE="wheel check orchard lantern 5521")
    vault = tmp_path / "check.vault"
    made = _run(
        [installed / "casenotes", "init", "--vault", vault],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert made.returncode == 0, made.stderr
    checked = _run(
        [installed / "casenotes", "verify", "--vault", vault],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("Vault intact")
