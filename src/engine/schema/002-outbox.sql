-- 002-outbox.sql: what the outbox and drafts need beyond the first schema.
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Applied by TendStore inside one transaction that also sets
-- PRAGMA user_version = 2. Never edit a script that has shipped: add the
-- next numbered one instead.

-- Outbox states: 'queued' → 'sending' (committed before the request) →
-- 'sent' (committed after the 2xx), or 'failed' / 'conflict', which wait
-- for the agent. A 'sending' row found at start-up is reconciled against
-- the server before anything is sent again.
--
-- retry_at_ms: wall-clock milliseconds before which a queued row is not
-- tried again (backoff after a failure); 0 means at once.
-- remote_id: the helpdesk's id of the comment the change created, once
-- known, so that reconciling another row never claims the same comment.
ALTER TABLE outbox ADD COLUMN retry_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN remote_id INTEGER NOT NULL DEFAULT 0;

-- Pending rows of one ticket, in order: the overlay after each sync write
-- and the "pending" flag of ticket rows look them up by ticket.
DROP INDEX outbox_ticket;
CREATE INDEX outbox_ticket ON outbox (ticket_id, state, id);

-- Drafts were one per ticket; an agent may have a reply and an internal
-- note under way on the same ticket, so the mode joins the key.
CREATE TABLE drafts_new (
  ticket_id  INTEGER NOT NULL,
  mode       TEXT NOT NULL DEFAULT 'reply',   -- "reply" or "note"
  body       TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ticket_id, mode)
) WITHOUT ROWID;
INSERT INTO drafts_new (ticket_id, mode, body, updated_at)
  SELECT ticket_id, CASE WHEN mode = 'note' THEN 'note' ELSE 'reply' END, body, updated_at
  FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_new RENAME TO drafts;
