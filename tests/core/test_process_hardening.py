"""Core dumps are off from the start of the ``casenotes`` command (audit item: no core dumps).

Checked in a child process: making the test process itself undumpable would change what
other tests see."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import json, resource, sys
    from unittest import mock
    from casenotes.cli import main as cli_main

    seen = {}

    def fake_main(argv=None, **kwargs):
        # What the command runs in: read before any secret would be.
        with open("/proc/self/status", encoding="ascii") as fh:
            status = dict(line.split(":", 1) for line in fh if ":" in line)
        seen["dumpable"] = status.get("Dumpable", "").strip()
        seen["rlimit_core"] = list(resource.getrlimit(resource.RLIMIT_CORE))
        from casenotes.core.process_hardening import is_dumpable
        seen["prctl"] = is_dumpable()
        return 0

    with mock.patch.object(cli_main, "main", fake_main):
        try:
            cli_main.entry_point()
        except SystemExit:
            pass
    print(json.dumps(seen))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl are Linux")
def test_entry_point_makes_the_process_undumpable_with_no_core_limit() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["prctl"] is False  # PR_GET_DUMPABLE
    if seen["dumpable"]:  # not every kernel lists "Dumpable:" in /proc/self/status
        assert seen["dumpable"] == "0"
    assert seen["rlimit_core"] == [0, 0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl are Linux")
def test_a_fresh_python_is_dumpable_so_the_probe_can_fail() -> None:
    code = "from casenotes.core.process_hardening import is_dumpable; print(is_dumpable())"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "True"


@pytest.mark.skipif(sys.platform == "win32", reason="rlimits are POSIX")
def test_disable_core_dumps_reports_each_step() -> None:
    code = (
        "import json; from casenotes.core.process_hardening import disable_core_dumps; "
        "r = disable_core_dumps(); print(json.dumps([r.done, r.failed]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    done, failed = json.loads(result.stdout)
    assert "rlimit-core" in done
    assert failed == []
    if sys.platform.startswith("linux"):
        assert "prctl-dumpable" in done


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the installed command")
def test_installed_command_version_still_works() -> None:
    exe = [
        sys.executable,
        "-c",
        "import sys; sys.argv=['casenotes','--version']; "
        "from casenotes.cli.main import entry_point; entry_point()",
    ]
    result = subprocess.run(exe, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("casenotes ")
    assert "casenotes.core.journal" not in result.stderr
