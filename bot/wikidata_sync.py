"""The bot's Wikidata sync: rounds in the background that never hold up an answer.

Every `HANDOVER_WIKIDATA_SYNC_S` seconds (0: never) the store is brought up to date from
the query service (`wikidata.sync`); new transitions it learned are announced by the
announcer at once. The sync writes a page per transaction and reads results in a worker
thread, so answers are served between pages as at any other time.
"""

from __future__ import annotations

import logging

from bot.rounds import Rounds
from wikidata.service import QueryService, ServiceError
from wikidata.sync import sync

log = logging.getLogger("handover.wikidata")


def query_service(settings, session=None) -> QueryService:
    """The query service the settings name, asked with the operator's contact."""
    return QueryService(settings.wikidata_endpoint, settings.contact, session=session,
                        first_wait_s=settings.wikidata_retry_s)


class WikidataSync(Rounds):
    """Syncs with Wikidata after the bot is ready, then every interval."""

    name = "wikidata-sync"

    def __init__(self, bot):
        super().__init__(bot, bot.settings.wikidata_sync_s or 3600.0)
        self.service: QueryService | None = None  # made on the first round (tests set it)

    def start(self) -> None:
        if self.bot.settings.wikidata_sync_s > 0:
            super().start()

    async def run_once(self) -> int:
        """One sync; how many pages it wrote."""
        if self.service is None:
            self.service = query_service(self.bot.settings, self.bot.session)
        try:
            report = await sync(self.bot.store, self.service)
        except ServiceError as error:
            log.warning("Wikidata sync stopped: %s; the next round resumes it", error)
            return 0
        log.info("%s", report.summary())
        if report.new_transitions:
            await self.bot.transitions_stored(report.new_transitions)
        return report.pages
