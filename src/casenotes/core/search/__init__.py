"""In-memory full-text search over the decrypted notes of an unlocked vault."""

from casenotes.core.search.index import SearchHit, SearchIndex, SearchIndexClosedError

__all__ = ["SearchHit", "SearchIndex", "SearchIndexClosedError"]
