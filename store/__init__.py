"""Handover's fact store: who leads what, since when, and what they said, with sources.

It knows facts and nothing of Discord.
"""

from store.audit import OPERATOR, Actor
from store.corrections import CorrectionError
from store.dates import BadDate, PartialDate
from store.db import OverBudget, QueryTooSlow, StoreError
from store.packs import PackError
from store.store import Store
from store.writer import SourceInfo

__all__ = ["OPERATOR", "Actor", "BadDate", "CorrectionError", "OverBudget", "PackError",
           "PartialDate", "QueryTooSlow", "SourceInfo", "Store", "StoreError"]
