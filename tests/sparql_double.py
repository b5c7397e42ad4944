"""A local SPARQL endpoint on 127.0.0.1 that answers `wikidata-sync`'s queries in the
Wikidata Query Service's JSON results format, from a small dataset of statements.

It understands what the sync's query asks of it: the page's cursor (dateModified, person)
and its size (`LIMIT`). Failures are injected one request at a time: a status (with a
`Retry-After`), or a wait longer than the client's time-out.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

ENTITY = "http://www.wikidata.org/entity/"
_CURSOR = re.compile(r'FILTER\(\?modified > "([^"]+)"\^\^xsd:dateTime .*?STR\(\?person\) > '
                     r'"([^"]+)"\)\)')
_LIMIT = re.compile(r"LIMIT (\d+) \}")


def uri(qid: str) -> dict:
    return {"type": "uri", "value": ENTITY + qid}


def text(value: str) -> dict:
    return {"type": "literal", "value": value, "xml:lang": "en"}


def statement_rows(person: str, name: str, position: str, position_name: str, org: str,
                   org_name: str, statement: str, *, start: str | None = None,
                   end: str | None = None, replaces: str | None = None,
                   replaced_by: str | None = None, deprecated: bool = False,
                   names: dict[str, str] | None = None) -> list[dict]:
    """The result rows of one position-held statement (without revision and modified);
    `names` gives the labels of the people it replaces or is replaced by."""
    row = {"statement": {"type": "uri", "value": f"{ENTITY}statement/{statement}"},
           "rank": uri("ontology#DeprecatedRank" if deprecated else "ontology#NormalRank"),
           "person": uri(person), "personLabel": text(name),
           "position": uri(position), "positionLabel": text(position_name),
           "org": uri(org), "orgLabel": text(org_name)}
    for key, day in (("start", start), ("end", end)):
        if day:
            row[key] = {"type": "literal", "value": f"{day}T00:00:00Z",
                        "datatype": "http://www.w3.org/2001/XMLSchema#dateTime"}
            row[f"{key}Precision"] = {"type": "literal", "value": "11"}
    for key, qid in (("replaces", replaces), ("replacedBy", replaced_by)):
        if qid:
            row[key] = uri(qid)
            if names and qid in names:
                row[f"{key}Label"] = text(names[qid])
    return [row]


@dataclass
class Person:
    modified: str  # 2026-11-25T10:00:00Z
    revision: int
    rows: list[dict] = field(default_factory=list)


class SparqlDouble:
    """The endpoint; `people` is its dataset, `requests` what it was asked."""

    def __init__(self, people: dict[str, Person] | None = None):
        self.people = people or {}
        self.requests: list[dict] = []
        self.failures: list[tuple] = []  # ("status", code, headers) or ("hang", seconds)
        self.runner: web.AppRunner | None = None
        self.url = ""

    def fail_next(self, *failure) -> None:
        self.failures.append(failure)

    def results(self, query: str) -> dict:
        cursor = _CURSOR.search(query)
        limit = int(_LIMIT.search(query)[1])
        order = sorted(self.people.items(), key=lambda pair: (pair[1].modified,
                                                              ENTITY + pair[0]))
        if cursor:
            after = (cursor[1], cursor[2])
            order = [(qid, p) for qid, p in order if (p.modified, ENTITY + qid) > after]
        bindings = []
        for _qid, person in order[:limit]:
            for row in person.rows:
                bindings.append({**row, "revision": {"type": "literal",
                                                     "value": str(person.revision)},
                                 "modified": {"type": "literal", "value": person.modified,
                                              "datatype": "http://www.w3.org/2001/"
                                                          "XMLSchema#dateTime"}})
        return {"head": {"vars": ["statement", "rank", "person", "personLabel", "position",
                                  "positionLabel", "org", "orgLabel", "start",
                                  "startPrecision", "end", "endPrecision", "replaces",
                                  "replacesLabel", "replacedBy", "replacedByLabel", "revision",
                                  "modified"]},
                "results": {"bindings": bindings}}

    async def handle(self, request: web.Request) -> web.Response:
        form = await request.post()
        self.requests.append({"headers": dict(request.headers), "query": form.get("query")})
        if self.failures:
            failure = self.failures.pop(0)
            if failure[0] == "hang":
                await asyncio.sleep(failure[1])
            else:
                return web.Response(status=failure[1], headers=failure[2] if len(failure) > 2
                                    else None, text="busy")
        return web.Response(body=json.dumps(self.results(form["query"])),
                            content_type="application/sparql-results+json")

    def save(self, path: Path, query: str = "LIMIT 1000000 }") -> None:
        """Write what the endpoint would answer now, as a recorded fixture."""
        path.write_text(json.dumps(self.results(query), indent=1))

    async def __aenter__(self) -> SparqlDouble:
        app = web.Application()
        app.router.add_post("/sparql", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/sparql"
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.runner.cleanup()
