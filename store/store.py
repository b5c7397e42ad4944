"""The store's public face: open a file, ask questions, load packs."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from store import (
    announcements,
    articles,
    audit,
    bulk,
    conflicts,
    corrections,
    feeds,
    leaders,
    leases,
    merging,
    packs,
    publishing,
    quotes,
    reviews,
    rows,
    undoing,
)
from store.articles import IngestReport
from store.audit import OPERATOR, Actor
from store.corrections import FactRef
from store.dates import PartialDate
from store.db import Database, open_database
from store.models import (
    Entity,
    Findings,
    Leadership,
    Note,
    Office,
    Profile,
    Quote,
    Resolution,
    Tenure,
    Transition,
)
from store.names import NameIndex
from store.writer import SourceInfo


class Store:
    """A fact store in one SQLite file or one PostgreSQL database.

    `await Store.open(path)` creates a missing store and loads the bundled packs.
    Questions are plain method calls; writes are coroutines.
    """

    def __init__(self, database: Database, clock: Callable[[], dt.date] = dt.date.today):
        self.database = database
        self.names = NameIndex(database)
        self.clock = clock  # what "today" is; the bot and tests may set it

    def seen_from(self, guild_id: int | None) -> Store:
        """The store as one server sees it: what every server sees, and what its own
        moderators brought in. None (a DM, the command line) sees only the former."""
        view = copy.copy(self)
        view.database = self.database.seen_from(guild_id)
        view.names = NameIndex(view.database)
        return view

    @classmethod
    async def open(cls, location: str | Path, *, bundled: bool = True,
                   clock: Callable[[], dt.date] = dt.date.today) -> Store:
        """The store in a SQLite file (a path) or a PostgreSQL database (a
        `postgresql://` URL), created and migrated as needed."""
        database = await open_database(location)
        store = cls(database, clock)
        if database.created and bundled:
            await packs.import_bundled(database, clock())
        return store

    async def close(self) -> None:
        await self.database.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    @property
    def location(self) -> str:
        """Where the store is, fit to show (a PostgreSQL password is hidden)."""
        return self.database.location

    async def import_pack(self, path: str | Path) -> str:
        """Load a pack file into the store; return its kind ('reference' or 'facts')."""
        return await packs.import_pack(self.database, Path(path), self.clock())

    async def ingest(self, extraction: dict, source: SourceInfo, actor: Actor = OPERATOR
                     ) -> IngestReport:
        """Store an article's extracted facts, citing it; the same text twice adds nothing."""
        return await articles.ingest(self.database, extraction, source, self.clock(), actor)

    async def queue_review(self, origin: str, extraction: dict, source: SourceInfo, *,
                           guild_id: int | None = None, channel_id: int | None = None,
                           actor: Actor = OPERATOR) -> int:
        """Hold an extraction for a moderator; returns the review's id."""
        return await reviews.queue(self.database, origin, extraction, source,
                                   guild_id=guild_id, channel_id=channel_id, actor=actor)

    async def set_review_message(self, review_id: int, message_id: int) -> None:
        await reviews.set_message(self.database, review_id, message_id)

    def review(self, review_id: int) -> reviews.Review | None:
        return reviews.get(self.database, review_id)

    def pending_reviews(self, guild_id: int | None, limit: int = 25) -> list[reviews.Review]:
        return reviews.pending(self.database, guild_id, limit)

    async def decide_review(self, review_id: int, accept: bool, actor: Actor = OPERATOR
                            ) -> IngestReport | None:
        """Accept (store) or reject a pending review; `LookupError` if already decided."""
        return await reviews.decide(self.database, review_id, accept, actor, self.clock())

    async def subscribe(self, guild_id: int, channel_id: int, org: Entity | str | None,
                        actor: Actor = OPERATOR, options: announcements.Options | None = None,
                        now: float | None = None) -> bool:
        """Announce new transitions in a channel: of one organization, of one not known
        yet (its name, matched by alias once facts about it arrive), or of all (None).
        True when new, False when it existed (and is resumed if it was paused, and takes
        `options` when given)."""
        return await announcements.subscribe(
            self.database, guild_id, channel_id, org.id if isinstance(org, Entity) else None,
            self.clock(), actor, wanted=org if isinstance(org, str) else None,
            options=options, now=now)

    async def edit_subscription(self, guild_id: int, channel_id: int,
                                org: Entity | str | None, changes: dict[str, object],
                                actor: Actor = OPERATOR, now: float | None = None) -> int:
        """Change the options of a channel's subscription to `org` (as for `unsubscribe`;
        None: every one of the channel's); how many were changed."""
        return await announcements.edit(
            self.database, guild_id, channel_id, org.id if isinstance(org, Entity) else None,
            changes, actor, wanted=org if isinstance(org, str) else None, now=now)

    async def unsubscribe(self, guild_id: int, channel_id: int,
                          org: Entity | str | None, actor: Actor = OPERATOR) -> int:
        """Remove a channel's subscription to `org` (an organization, or the name of one
        not known yet), or all of the channel's (None); how many were removed."""
        return await announcements.unsubscribe(
            self.database, guild_id, channel_id, org.id if isinstance(org, Entity) else None,
            actor, wanted=org if isinstance(org, str) else None)

    def subscriptions(self, guild_id: int | None = None) -> list[announcements.Subscription]:
        return announcements.subscriptions(self.database, guild_id)

    async def plan_deliveries(self) -> int:
        """Turn due announcements into pending deliveries, one per subscribed channel."""
        return await announcements.plan(self.database, self.clock())

    def due_deliveries(self, limit: int = 500) -> list[announcements.Delivery]:
        return announcements.due(self.database, limit)

    async def claim_deliveries(self, holder: str, claim_s: float, limit: int = 100, *,
                               read: Callable | None = None) -> list[announcements.Delivery]:
        """Pending deliveries claimed for `holder` to post (see `announcements.claim`);
        `read(function, *args)` runs the read of what was claimed (the bot's reading
        thread), else it runs here."""
        ids = await announcements.claim(self.database, holder, claim_s, limit)
        if read is None or not ids:
            return announcements.claimed(self.database, holder, ids)
        return await read(announcements.claimed, self.database, holder, ids)

    async def take_lease(self, name: str, holder: str, length_s: float) -> bool:
        return await leases.take(self.database, name, holder, length_s)

    async def release_lease(self, name: str, holder: str) -> bool:
        return await leases.release(self.database, name, holder)

    def lease(self, name: str) -> leases.Lease | None:
        return leases.current(self.database, name)

    async def delivered(self, delivery: announcements.Delivery, message_id: int, *,
                        publish: bool = False, thread_name: str | None = None) -> None:
        await announcements.delivered(self.database, delivery, message_id, publish=publish,
                                      thread_name=thread_name)

    @property
    def publishing(self) -> Publishing:
        """What happens after a post: publications, threads, digests and summaries."""
        return Publishing(self.database)

    async def delivery_failed(self, delivery: announcements.Delivery, reason: str, *,
                              permanent: bool, retry_in: float) -> bool:
        return await announcements.failed(self.database, delivery, reason,
                                          permanent=permanent, retry_in=retry_in)

    async def add_feed(self, guild_id: int, channel_id: int, url: str, review: bool,
                       actor: Actor = OPERATOR) -> bool:
        return await feeds.add(self.database, guild_id, channel_id, url, review, actor)

    async def remove_feed(self, guild_id: int, url: str, actor: Actor = OPERATOR) -> bool:
        return await feeds.remove(self.database, guild_id, url, actor)

    def describe_fact(self, ref: str, actor: Actor = OPERATOR) -> dict:
        """A fact (`tenure:12`) as stored, with its sources; `CorrectionError` if there is
        none the actor may see."""
        return corrections.describe(self.database, FactRef.parse(ref), actor)

    def facts_about(self, entity: Entity) -> Findings:
        """The facts this view sees that name a person or organization, for finding what
        to correct."""
        if entity.kind == "organization":
            return Findings(
                entity,
                tuple(rows.tenures(self.database, "offices.org_id = ?", (entity.id,),
                                   cited=False)),
                tuple(rows.transitions(self.database, "offices.org_id = ?", (entity.id,))))
        return Findings(
            entity,
            tuple(rows.tenures(self.database, "tenures.person_id = ?", (entity.id,),
                               cited=False)),
            tuple(rows.transitions(self.database, "transitions.incoming_id = ?"
                                   " OR transitions.outgoing_id = ?", (entity.id, entity.id))),
            tuple(quotes.quotes(self.database, entity)),
            tuple(quotes.statements(self.database, entity)))

    def fact_history(self, ref: str, actor: Actor = OPERATOR) -> list[audit.Entry]:
        """Every logged change to a fact, and the undoing of them, oldest first."""
        fact = FactRef.parse(ref)
        corrections.describe(self.database, fact, actor)
        changes = audit.entries(self.database, target=str(fact))
        undone = [entry for change in changes
                  for entry in audit.entries(self.database, target=f"audit:{change.id}")]
        return sorted(changes + undone, key=lambda entry: entry.id)

    async def correct(self, ref: str, changes: dict[str, str], actor: Actor = OPERATOR,
                      reason: str | None = None) -> dict:
        """Change a fact's fields (see `corrections.EDITABLE`); the columns before."""
        return await corrections.correct(self.database, FactRef.parse(ref), changes, actor,
                                         self.clock(), reason)

    async def retract(self, ref: str, reason: str, actor: Actor = OPERATOR) -> int:
        return await corrections.retract(self.database, FactRef.parse(ref), actor, reason)

    async def publish(self, ref: str, actor: Actor = OPERATOR) -> dict:
        return await corrections.publish(self.database, FactRef.parse(ref), actor)

    async def alias(self, ref: str, name: str, actor: Actor = OPERATOR, *,
                    remove: bool = False) -> None:
        await corrections.alias(self.database, FactRef.parse(ref), name, actor, remove=remove)

    async def merge(self, keep: str, gone: str, actor: Actor = OPERATOR,
                    reason: str | None = None) -> dict:
        """Entity `gone` is entity `keep`: its names and facts move over (undoable)."""
        return await merging.merge(self.database, FactRef.parse(keep), FactRef.parse(gone),
                                   actor, reason)

    async def undo(self, entry_id: int, actor: Actor = OPERATOR) -> audit.Entry:
        return await undoing.undo(self.database, entry_id, actor)

    def audit_log(self, *, since: str | None = None, guild_id: int | None = None,
                  target: str | None = None, limit: int = 1000) -> list[audit.Entry]:
        """Every change, oldest first: from a day on, in one server, about one thing."""
        return audit.entries(self.database, since=since, guild_id=guild_id, target=target,
                             limit=limit)

    def list_feeds(self, guild_id: int | None = None) -> list[feeds.Feed]:
        return feeds.listed(self.database, guild_id)

    def due_feeds(self) -> list[feeds.Feed]:
        return feeds.due(self.database)

    def seen_feed_items(self, feed: feeds.Feed, keys: list[str]) -> set[str]:
        return feeds.seen(self.database, feed.id, keys)

    async def feed_polled(self, feed: feeds.Feed, **result) -> None:
        await feeds.polled(self.database, feed, **result)

    async def feed_unchanged(self, feed: feeds.Feed, next_poll_at: float) -> None:
        await feeds.unchanged(self.database, feed, next_poll_at)

    async def feed_failed(self, feed: feeds.Feed, reason: str, next_poll_at: float) -> bool:
        return await feeds.failed(self.database, feed, reason, next_poll_at)

    def entity(self, entity_id: int) -> Entity | None:
        """A person or organization by id, if this view knows it by some name."""
        named = self.database.read_one("SELECT 1 FROM aliases WHERE entity_id = ?"
                                       " AND scope IN (0, viewer_scope()) LIMIT 1", (entity_id,))
        return rows.get_entity(self.database, entity_id) if named else None

    def known_name(self, norm: str, kind: str) -> str | None:
        """The name of the one entity of this kind with this lookup form, if there is one."""
        return self.names.known_name(norm, kind)

    def resolve(self, text: str, kind: str | None = None, *, suggest: bool = True
                ) -> Resolution:
        return self.names.resolve(text, kind, suggest=suggest)

    def complete(self, text: str, kind: str | None = None, limit: int = 25) -> list[Entity]:
        return self.names.complete(text, kind, limit)

    def who_leads(self, org: Entity, on: PartialDate | None = None,
                  today: dt.date | None = None) -> list[Leadership]:
        return leaders.who_leads(self.database, org, on, today or self.clock())

    def history(self, org: Entity) -> list[tuple[Office, list[Tenure]]]:
        return leaders.history(self.database, org)

    def conflicts(self, limit: int = 25) -> list[conflicts.Conflict]:
        """Facts this view holds whose sources disagree, the latest first."""
        return conflicts.conflicts(self.database, limit)

    def notes(self, org: Entity) -> list[Note]:
        """What sources say of the organization beyond its dates (e.g. an undecided
        succession)."""
        return leaders.notes(self.database, org)

    def quotes(self, speaker: Entity, *, about: str = "", search: str = "") -> list[Quote]:
        topics = self.resolve(about, suggest=False).matches if about else ()
        return quotes.quotes(self.database, speaker, about=list(topics), about_text=about,
                             search=search)

    def profile(self, person: Entity) -> Profile:
        db = self.database
        return Profile(
            person,
            self.names.aliases_of(person.id),
            tuple(rows.tenures(db, "tenures.person_id = ?", (person.id,),
                               order="tenures.start_first IS NULL, tenures.start_first")),
            tuple(rows.transitions(db, "transitions.incoming_id = ? OR transitions.outgoing_id = ?",
                                   (person.id, person.id))),
            tuple(quotes.quotes(db, person)),
            tuple(quotes.statements(db, person)),
        )

    def recent(self, org: Entity | None = None, limit: int = 10) -> list[Transition]:
        """The latest transitions known, newest first; scheduled ones included."""
        where, parameters = ("offices.org_id = ?", (org.id,)) if org else ("1 = 1", ())
        return rows.transitions(self.database, where, parameters,
                                order="transitions.effective_first DESC, transitions.id DESC",
                                limit=limit)

    async def apply_plan(self, plan: bulk.Plan, *, action: str, target: str,
                         actor: Actor = OPERATOR, withdraw: dict[str, str] | None = None,
                         announce: bool = False, meta: dict[str, str] | None = None
                         ) -> bulk.Applied:
        """Write a plan of facts keyed by Wikidata ids (see `store.bulk.apply`) in one
        transaction; `announce` queues announcements of the new transitions as of today."""
        return await bulk.apply(self.database, plan, action=action, target=target,
                                actor=actor, withdraw=withdraw, meta=meta,
                                announce_on=self.clock() if announce else None)

    def wikidata_follows(self) -> tuple[list[str], list[str]]:
        """(QIDs, names) of the organizations a Wikidata sync follows besides the heads of
        sovereign states: those known by QID, and those channels subscribe to by name."""
        return bulk.followed(self.database)

    def get_meta(self, key: str) -> str | None:
        row = self.database.read_one("SELECT value FROM meta WHERE key = ?", (key,))
        return row["value"] if row else None

    async def set_meta(self, key: str, value: str) -> None:
        """Keep a setting of the store's own (the commands' sync hash, when Wikidata was
        last synced), which no answer reads."""
        async with self.database.transaction(changes_answers=False) as db:
            await db.execute("INSERT INTO meta (key, value) VALUES (?, ?)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             (key, value))

    def counts(self) -> dict[str, int]:
        """How many rows each table holds."""
        tables = ("sources", "entities", "aliases", "offices", "tenures", "transitions",
                  "quotes", "quote_topics", "statements", "fact_sources")
        return {table: self.database.read_one(f"SELECT count(*) FROM {table}")[0]
                for table in tables}


class Publishing:
    """`store.publishing` bound to one store (see that module)."""

    def __init__(self, database: Database):
        self.database = database

    async def schedule_digests(self, now: float) -> int:
        return await publishing.schedule_digests(self.database, now)

    async def arrange(self, now: float) -> int:
        return await publishing.arrange(self.database, now)

    def unposted(self) -> list[publishing.Batch]:
        return publishing.unposted(self.database)

    async def batch_posted(self, batch: publishing.Batch, message_id: int, *, publish: bool,
                           thread_name: str | None) -> None:
        await publishing.batch_posted(self.database, batch, message_id, publish=publish,
                                      thread_name=thread_name)

    def follow_ups(self) -> list[publishing.FollowUp]:
        return publishing.follow_ups(self.database)

    async def published(self, follow_up: publishing.FollowUp, now: float) -> None:
        await publishing.published(self.database, follow_up, now)

    async def not_published(self, follow_up: publishing.FollowUp) -> None:
        await publishing.not_published(self.database, follow_up)

    async def thread_opened(self, follow_up: publishing.FollowUp) -> None:
        await publishing.thread_opened(self.database, follow_up)
