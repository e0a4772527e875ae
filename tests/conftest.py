"""Root test configuration. Qt runs offscreen for every GUI test, set once here."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
