"""Keep decrypted notes and keys out of core dumps and crash reports.

Called once at the very start of the ``casenotes`` command (window and command line alike),
before any passphrase is read. Modelled on KeePassXC's ``Bootstrap::disableCoreDumps``:

- everywhere with ``resource`` (Linux, macOS, the BSDs): ``RLIMIT_CORE`` to 0, soft and hard,
  so no core file is written;
- Linux: ``prctl(PR_SET_DUMPABLE, 0)`` as well, which also keeps a crash handler such as
  systemd-coredump or apport from collecting the process's memory, and other processes of
  the same user from attaching to it or reading ``/proc/PID/mem``;
- Windows: ``SetErrorMode(SEM_NOGPFAULTERRORBOX | …)``, so a crash does not go through the
  Windows Error Reporting dialog. (``WerAddExcludedApplication`` is not used: it is a
  per-user, persistent exclusion by executable name, which for ``python.exe`` would reach
  every Python program; a frozen build with its own executable name can add it.)

Each step is best effort: a platform that refuses one is logged (no secrets are involved)
and the others still run. No Qt here; the imports are local so ``casenotes --version``
stays fast."""

from __future__ import annotations

import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002
SEM_NOOPENFILEERRORBOX = 0x8000


class HardeningReport:
    """What was done; ``failed`` names the steps the platform refused. (A plain class: this
    module is imported first by every process, the key-derivation helper's too, and the
    dataclasses and logging modules would add a tenth of its start.)"""

    __slots__ = ("done", "failed")

    def __init__(self) -> None:
        self.done: list[str] = []
        self.failed: list[str] = []


def disable_core_dumps() -> HardeningReport:
    report = HardeningReport()
    if sys.platform != "win32":
        _no_core_rlimit(report)
    if sys.platform.startswith("linux"):
        _not_dumpable(report)
    if sys.platform == "win32":
        _windows_no_crash_reports(report)
    if report.failed:
        import logging

        log = logging.getLogger(__name__)
        for step in report.failed:
            log.warning("could not disable crash dumps (%s)", step)
    return report


def _no_core_rlimit(report: HardeningReport) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, OSError, ValueError):
        report.failed.append("rlimit-core")
    else:
        report.done.append("rlimit-core")


def _libc() -> object:
    import ctypes

    # The running process's own symbols (libc among them): no ctypes.util.find_library,
    # which runs ldconfig in a subprocess and would slow `casenotes --version` down.
    return ctypes.CDLL(None, use_errno=True)


def _not_dumpable(report: HardeningReport) -> None:
    try:
        libc = _libc()
        result = libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        result = -1
    (report.done if result == 0 else report.failed).append("prctl-dumpable")


def is_dumpable() -> bool | None:
    """Linux only (None elsewhere): whether the kernel would let this process dump core."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = _libc()
        return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        return None


def _windows_no_crash_reports(report: HardeningReport) -> None:  # pragma: no cover - Windows
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:
        report.failed.append("set-error-mode")
        return
    try:
        kernel32 = windll.kernel32
        previous = kernel32.SetErrorMode(SEM_NOGPFAULTERRORBOX)
        kernel32.SetErrorMode(
            previous | SEM_NOGPFAULTERRORBOX | SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX
        )
        report.done.append("set-error-mode")
    except (OSError, AttributeError):
        report.failed.append("set-error-mode")
