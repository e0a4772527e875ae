"""Write tests/data/golden-v2.vault: a vault of format 2, schema revision 0003 (the encrypted
manifest), with the same fictional records as golden-v1.vault plus a prompt customisation.
Run once, by hand:

    .venv/bin/python tests/data/make_golden_vault_v2.py

NEVER regenerate the file once it is committed: it stands for the vaults format 2 writes,
and every later version of Casenotes must open it as it is (tests/core/test_golden_vault_v2.py).
The script refuses to overwrite an existing file. Secrets and contents: tests/data/README.md.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

from casenotes.core.journal import Journal
from casenotes.core.prompts.model import PromptCustomisation
from casenotes.core.vault.kdf import KdfPolicy

HERE = Path(__file__).resolve().parent
TARGET = HERE / "golden-v2.vault"

PASSPHRASE = "Golden vault two: cedar kettle meadow 2026"
RECOVERY_KEY = bytes(range(0xA0, 0xC0))  # text form in README.md
CUSTOMISATION_ID = "c0ffee00-0000-4000-8000-000000000061"


def _v1_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "make_golden_vault", HERE / "make_golden_vault.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists and must never be regenerated; nothing was written.")
        return 1
    v1 = _v1_script()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vault" / "golden-v2.vault"
        created = Journal.create(path, PASSPHRASE, KdfPolicy.testing(), recovery_key=RECOVERY_KEY)
        journal = created.journal
        try:
            journal.import_bundles(v1.bundles())
            journal.log_export(v1.EXPORT)
            journal.save_settings(v1.SETTINGS)
            journal.save_prompt_customisations(
                [
                    PromptCustomisation(
                        "relationship_agreement",
                        id=CUSTOMISATION_ID,
                        text="What have Avery and Sam agreed, and how?",
                    )
                ]
            )
            report = journal.verify()
            assert report.intact, report
            print(f"write counter: {report.write_counter}")
        finally:
            journal.lock()
        leftovers = sorted(p.name for p in path.parent.iterdir())
        assert leftovers == [path.name], leftovers  # checkpointed: a single file, no -wal
        shutil.copyfile(path, TARGET)
    print(f"wrote {TARGET}")
    print(f"recovery key: {created.recovery_key}")
    print(f"vault_id: {journal.header.vault_id.hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
