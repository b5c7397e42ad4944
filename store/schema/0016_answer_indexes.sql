-- Whether the reader sees a fact: a citation of it, in every server's view or the
-- reader's, not retracted. The primary key finds the fact's citations, but the table row
-- had to be read for `retracted`; this index answers the question alone (and lists the
-- sources of the citations it finds).
CREATE INDEX fact_sources_standing ON fact_sources (fact, fact_id, scope, source_id)
    WHERE retracted = 0;

-- A person's posts in the order they began: a holder's latest post begun before the one
-- held is the first the reader sees walking back from it.
DROP INDEX tenures_by_person;
CREATE INDEX tenures_by_person ON tenures (person_id, start_first);
