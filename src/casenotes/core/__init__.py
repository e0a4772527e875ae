"""The Qt-free core: domain, vault, storage, search, interchange."""
