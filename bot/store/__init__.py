"""innobot's state database: see store.Store."""

from bot.store.database import StoreError
from bot.store.store import QueryRecord, Store, UserData

__all__ = ["QueryRecord", "Store", "StoreError", "UserData"]
