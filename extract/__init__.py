"""News into facts: transitions, prior roles, quotes and statements from an article.

It knows text and nothing of Discord; the store serves it as a gazetteer of names.
"""

from extract.cast import Gazetteer
from extract.document import Document, read
from extract.extractor import Extraction, extract

__all__ = ["Document", "Extraction", "Gazetteer", "extract", "read"]
