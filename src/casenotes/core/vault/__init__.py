"""Key derivation, key slots, the field envelope and the recovery key (vault format v1)."""
