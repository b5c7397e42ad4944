"""Reading Wikidata: entity dumps, SPARQL results, and the sync with a query service.

Beside `extract/` (news → facts), this package turns what Wikidata says into a plan of
facts (`store.bulk.Plan`) and hands it to the store; it holds no SQL.
"""

from wikidata.importer import WikidataReport, import_wikidata
from wikidata.reading import WikidataError

__all__ = ["WikidataError", "WikidataReport", "import_wikidata"]
