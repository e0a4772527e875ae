"""``casenotes``: argparse entry point. Exit codes: 0 ok, 1 refused or a problem found, 2 usage."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from casenotes.cli import backup_commands, commands, record_commands, summary_commands
from casenotes.cli.paths import VAULT_ENV, default_vault_path
from casenotes.cli.secrets import SecretUnavailableError
from casenotes.core.vault.errors import VaultError
from casenotes.core.vault.kdf import KdfPolicy

Command = Callable[[argparse.Namespace, commands.Context], int]


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


class _Parser(argparse.ArgumentParser):
    """A usage error is one line on stderr, like every other error, and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"casenotes: {message} (see '{self.prog} --help')\n")


class _Version(argparse.Action):
    """argparse's version action, with the version looked up only when it is asked for."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str = argparse.SUPPRESS,
        default: Any = argparse.SUPPRESS,
        help: str = "show program's version number and exit",
    ) -> None:
        super().__init__(
            option_strings=option_strings, dest=dest, default=default, nargs=0, help=help
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        import casenotes

        print(f"casenotes {casenotes.__version__}", file=sys.stdout)
        parser.exit()


def _common_options(default: object) -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--vault",
        type=Path,
        default=default,
        help=f"the vault file (default: ${VAULT_ENV}, else casenotes.vault "
        "in your user data folder)",
    )
    common.add_argument(
        "--passphrase-file",
        type=Path,
        default=default,
        metavar="FILE",
        help="read the passphrase from the first line of FILE "
        "(or set $CASENOTES_PASSPHRASE); otherwise you are asked",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    # The options are accepted before and after the command. The command's copies default to
    # SUPPRESS: argparse copies a subparser's defaults over the main parser's values, so a
    # default of None there would silently drop `casenotes --vault X verify`'s --vault.
    common = _common_options(argparse.SUPPRESS)
    parser = _Parser(
        prog="casenotes",
        description="Casenotes: private, encrypted case notes for psychotherapists.",
        parents=[_common_options(None)],
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, fn: Command, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=fn)
        return p

    add("gui", cmd_gui, "open the Casenotes window (what `casenotes` alone does)")
    add("init", commands.cmd_init, "create a new vault and show its recovery key once")
    p = add("import", commands.cmd_import, "import cases from an interchange JSON file")
    p.add_argument("file", type=Path, metavar="FILE")
    p = add(
        "export-json",
        commands.cmd_export_json,
        "export every case to an interchange JSON file (not encrypted)",
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p = add(
        "search",
        commands.cmd_search,
        "search every note (the query is typed when asked, piped in, or read from "
        "--query-file: never on the command line, where other programs can read it)",
    )
    p.add_argument("query", nargs="?", default=None, help=argparse.SUPPRESS)
    p.add_argument(
        "--query-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the query from the first line of FILE",
    )
    p.add_argument("--json", action="store_true", help="print results as JSON")
    p.add_argument("--limit", type=_count, default=50)
    add("verify", commands.cmd_verify, "check that every record is intact and authentic")
    p = add(
        "passwd", commands.cmd_passwd, "change the passphrase, or reset it with the recovery key"
    )
    p.add_argument(
        "--recovery-key",
        action="store_true",
        help="reset a forgotten passphrase with the recovery key",
    )
    p.add_argument(
        "--recovery-key-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the recovery key from FILE (or set $CASENOTES_RECOVERY_KEY)",
    )
    p.add_argument(
        "--new-passphrase-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the new passphrase from FILE (or set $CASENOTES_NEW_PASSPHRASE)",
    )
    p = add(
        "rekey",
        commands.cmd_rekey,
        "replace the data key and the recovery key (when a secret may be known)",
    )
    p.add_argument(
        "--new-passphrase-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="also change the passphrase to the first line of FILE (otherwise it stays the same)",
    )
    p.add_argument(
        "--destroy-backups",
        action="store_true",
        help="delete the older backups in backups/, which open with the old secrets",
    )
    p = add("demo", commands.cmd_demo, "fill a vault with fictional demo cases and notes")
    p.add_argument("--cases", type=_count, default=12)
    p.add_argument("--notes", type=_count, default=120)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--into-existing",
        action="store_true",
        help="add demo cases to a vault that holds other cases too (otherwise "
        "refused, so demo data never mixes with real records by mistake)",
    )
    backup_commands.register(add)
    summary_commands.register(add)
    record_commands.register(add)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    policy: KdfPolicy | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run one command. ``policy`` exists for the test suite; the installed command never
    passes it, so real vaults always get the standard KDF bounds."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        # argparse prints help, --version and usage errors to sys.stdout/sys.stderr.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code) if isinstance(exc.code, int) else 2
    if args.command is None:  # `casenotes` alone opens the window
        args.command, args.func = "gui", cmd_gui
    if args.vault is None:
        args.vault = default_vault_path()
    ctx = commands.Context(policy or KdfPolicy.standard(), out, err)
    logging.basicConfig(level=logging.WARNING, format="casenotes: %(message)s")
    try:
        return int(args.func(args, ctx))
    except (VaultError, SecretUnavailableError) as exc:
        print(f"casenotes: {exc}", file=err)
    except ValueError as exc:
        from casenotes.core.interchange.errors import InterchangeError

        if isinstance(exc, InterchangeError):  # a place in the file and the problem, no content
            print(f"casenotes: {exc}", file=err)
        else:  # any other ValueError's message may quote a value, e.g. a decrypted field
            print(_unexpected(exc), file=err)
    except BrokenPipeError:  # e.g. `casenotes search x | head`: the reader went away
        return commands.PROBLEM
    except OSError as exc:
        # strerror and the file name only: the full message never carries client text.
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"casenotes: {exc.strerror or exc.__class__.__name__}{where}", file=err)
    except KeyboardInterrupt:
        print("casenotes: cancelled before the command completed.", file=err)
    except Exception as exc:  # never a traceback on the terminal, never client data
        print(_unexpected(exc), file=err)
    return commands.PROBLEM


def cmd_gui(args: argparse.Namespace, ctx: commands.Context) -> int:
    """Open the window. Qt is imported here only, so no other command ever loads it."""
    from casenotes.ui.app import display_available

    if not display_available():
        ctx.error(
            "there is no display to open the window on; the commands still work "
            "(see 'casenotes --help')."
        )
        return commands.PROBLEM
    from casenotes.ui.app import run_gui

    return run_gui(args.vault, policy=ctx.policy)


def _unexpected(exc: BaseException) -> str:
    return (
        f"casenotes: unexpected error ({exc.__class__.__name__}); the vault was left "
        "as it was. Please report this."
    )


def entry_point() -> None:
    """The installed ``casenotes`` command. Core dumps are off before anything else runs
    (argument parsing included), so no passphrase or note can end up in one."""
    from casenotes.core.process_hardening import disable_core_dumps

    disable_core_dumps()
    sys.exit(main())
