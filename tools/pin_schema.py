#!/usr/bin/env python3
"""Write src/casenotes/core/store/pinned_schemas.json: the schema of every known revision, as
the migrations create it (casenotes.core.store.pinned_schema.derive_snapshot).

Run it after adding a migration. Without it the new revision is still pinned, only derived
at run time (the first open in each process then imports Alembic and runs the migrations in
memory); tests/core/store/test_pinned_schema.py checks every shipped entry against a fresh
derivation.

    python tools/pin_schema.py
"""

from __future__ import annotations

import json

from casenotes.core.store.pinned_schema import SHIPPED, derive_snapshot, snapshot_to_json
from casenotes.core.store.schema import KNOWN_REVISIONS


def main() -> int:
    data = {revision: snapshot_to_json(derive_snapshot(revision)) for revision in KNOWN_REVISIONS}
    # One schema object a line, so a new revision reads as a plain diff.
    revisions = [
        f" {json.dumps(revision)}: [\n"
        + ",\n".join(f"  {json.dumps(obj, ensure_ascii=False)}" for obj in objects)
        + "\n ]"
        for revision, objects in data.items()
    ]
    SHIPPED.write_text("{\n" + ",\n".join(revisions) + "\n}\n", encoding="utf-8")
    print(f"wrote {SHIPPED} ({', '.join(KNOWN_REVISIONS)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
