-- A channel may follow an organization the store does not know yet: the subscription
-- keeps the name as given and its lookup form, and is matched to the organization by
-- its aliases once facts about it arrive.

ALTER TABLE subscriptions ADD COLUMN org_wanted TEXT;   -- the name as the moderator gave it
ALTER TABLE subscriptions ADD COLUMN org_norm TEXT;     -- its lookup form, while not known

DROP INDEX subscriptions_identity;
CREATE UNIQUE INDEX subscriptions_identity
    ON subscriptions (channel_id, coalesce(org_id, 0), coalesce(org_norm, ''));
CREATE INDEX subscriptions_waiting ON subscriptions (org_norm) WHERE org_norm IS NOT NULL;
