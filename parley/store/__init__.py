"""The database: tables, migrations and the :class:`Store` that opens them."""

from parley.store.db import Store, open_store, resolve_url
from parley.store import models

__all__ = ["Store", "open_store", "resolve_url", "models"]
