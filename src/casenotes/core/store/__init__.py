"""SQLAlchemy records (ciphertext only), the vault file, migrations and repositories."""
