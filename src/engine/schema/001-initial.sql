-- 001-initial.sql: the first Tend schema.
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Applied by TendStore inside one transaction that also sets
-- PRAGMA user_version = 1. Never edit a script that has shipped: add the
-- next numbered one instead.

-- 'TEND' in ASCII: tells a Tend database from any other SQLite file.
PRAGMA application_id = 1413828164;

-- Account-wide values, e.g. "me" (the agent's user id).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT
) WITHOUT ROWID;

-- Ids are the helpdesk's (64-bit); 0 means "none". No foreign keys to
-- users or organizations: sync may deliver a ticket before its people.
-- Deleted tickets are removed, never stored with status 6.
CREATE TABLE tickets (
  id                   INTEGER PRIMARY KEY NOT NULL,
  subject              TEXT NOT NULL DEFAULT '',
  description          TEXT NOT NULL DEFAULT '',
  status               INTEGER NOT NULL DEFAULT 0,
  priority             INTEGER NOT NULL DEFAULT 0,
  type                 TEXT,
  requester_id         INTEGER NOT NULL DEFAULT 0,
  submitter_id         INTEGER NOT NULL DEFAULT 0,
  assignee_id          INTEGER NOT NULL DEFAULT 0,
  group_id             INTEGER NOT NULL DEFAULT 0,
  organization_id      INTEGER NOT NULL DEFAULT 0,
  tags                 TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
  created_at           INTEGER NOT NULL DEFAULT 0,
  updated_at           INTEGER NOT NULL DEFAULT 0,
  satisfaction         TEXT,
  satisfaction_comment TEXT,
  extra_json           TEXT,
  -- Derived from the conversation by the store after every write.
  last_message         TEXT,
  last_message_at      INTEGER NOT NULL DEFAULT 0,
  waiting_since        INTEGER NOT NULL DEFAULT 0,
  comment_count        INTEGER NOT NULL DEFAULT 0
);

-- Views page through these in updated_at order: the index's implicit rowid
-- suffix gives the "updated_at DESC, id DESC" tie-break for free, and a
-- view spanning several statuses merges one index range per status.
CREATE INDEX tickets_updated ON tickets (updated_at);
CREATE INDEX tickets_status ON tickets (status, updated_at);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status, updated_at);
-- The customer and organization histories.
CREATE INDEX tickets_requester ON tickets (requester_id, updated_at);
CREATE INDEX tickets_organization ON tickets (organization_id, updated_at);

-- One row per tag, so tag: filters use an index instead of parsing JSON.
CREATE TABLE ticket_tags (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  tag       TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags (tag, ticket_id);

-- No foreign key to tickets: a page of comments may land before its
-- ticket; the store deletes a ticket's comments itself.
CREATE TABLE comments (
  id         INTEGER PRIMARY KEY NOT NULL,
  ticket_id  INTEGER NOT NULL,
  author_id  INTEGER NOT NULL DEFAULT 0,
  body       TEXT NOT NULL DEFAULT '',
  html_body  TEXT,
  public     INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL DEFAULT 0,
  extra_json TEXT
);
CREATE INDEX comments_ticket ON comments (ticket_id, created_at);
-- Finds the conversations to re-derive when an author's role changes.
CREATE INDEX comments_author ON comments (author_id);

-- Metadata only; content is fetched on demand and cached in files.
CREATE TABLE attachments (
  id           INTEGER PRIMARY KEY NOT NULL,
  comment_id   INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  ticket_id    INTEGER NOT NULL DEFAULT 0,
  file_name    TEXT,
  content_type TEXT,
  size         INTEGER NOT NULL DEFAULT 0,
  content_url  TEXT
);
CREATE INDEX attachments_comment ON attachments (comment_id);

CREATE TABLE users (
  id              INTEGER PRIMARY KEY NOT NULL,
  name            TEXT NOT NULL DEFAULT '',
  email           TEXT COLLATE NOCASE,
  phone           TEXT,
  role            INTEGER NOT NULL DEFAULT 0,
  organization_id INTEGER NOT NULL DEFAULT 0,
  time_zone       TEXT,
  locale          TEXT,
  tags            TEXT NOT NULL DEFAULT '[]',
  notes           TEXT,
  details         TEXT,
  photo_url       TEXT,
  created_at      INTEGER NOT NULL DEFAULT 0,
  updated_at      INTEGER NOT NULL DEFAULT 0,
  extra_json      TEXT
);
CREATE INDEX users_email ON users (email);
CREATE INDEX users_organization ON users (organization_id);

CREATE TABLE organizations (
  id           INTEGER PRIMARY KEY NOT NULL,
  name         TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
  domain_names TEXT NOT NULL DEFAULT '[]',
  tags         TEXT NOT NULL DEFAULT '[]',
  details      TEXT,
  notes        TEXT,
  created_at   INTEGER NOT NULL DEFAULT 0,
  updated_at   INTEGER NOT NULL DEFAULT 0,
  extra_json   TEXT
);
-- org: filters match a name prefix with LIKE, which this NOCASE index serves.
CREATE INDEX organizations_name ON organizations (name);

CREATE TABLE articles (
  id         INTEGER PRIMARY KEY NOT NULL,
  title      TEXT NOT NULL DEFAULT '',
  body       TEXT NOT NULL DEFAULT '',      -- HTML as sent (untrusted)
  url        TEXT,
  locale     TEXT,
  labels     TEXT NOT NULL DEFAULT '[]',
  section_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL DEFAULT 0,
  extra_json TEXT
);

CREATE TABLE macros (
  id           INTEGER PRIMARY KEY NOT NULL,
  title        TEXT NOT NULL DEFAULT '',
  description  TEXT,
  active       INTEGER NOT NULL DEFAULT 1,
  position     INTEGER NOT NULL DEFAULT 0,
  actions_json TEXT NOT NULL DEFAULT '[]',
  updated_at   INTEGER NOT NULL DEFAULT 0
);

-- Sync cursors, committed with the rows they produced.
CREATE TABLE sync_state (
  stream TEXT PRIMARY KEY NOT NULL,
  cursor TEXT
) WITHOUT ROWID;

-- read_at is the ticket's updated_at when the agent read it, so the
-- server's clock alone decides whether a later change makes it unread.
CREATE TABLE read_state (
  ticket_id INTEGER PRIMARY KEY NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  read_at   INTEGER NOT NULL DEFAULT 0
);

-- Local changes waiting to reach the helpdesk, replayed in id order.
-- ticket_id is 0 for a change that creates a ticket.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL,
  ticket_id       INTEGER NOT NULL DEFAULT 0,
  payload         TEXT NOT NULL DEFAULT '{}',   -- JSON
  seen_updated_at INTEGER NOT NULL DEFAULT 0,
  state           TEXT NOT NULL DEFAULT 'queued',
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  created_at      INTEGER NOT NULL DEFAULT 0,
  updated_at      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_state ON outbox (state, id);
CREATE INDEX outbox_ticket ON outbox (ticket_id);

-- What the agent is typing, saved as they type; one per ticket.
CREATE TABLE drafts (
  ticket_id  INTEGER PRIMARY KEY NOT NULL,
  mode       TEXT NOT NULL DEFAULT 'reply',   -- "reply" or "note"
  body       TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL DEFAULT 0
);

-- Full-text search. Regular (content-storing) tables so snippet() works;
-- rowid is the ticket, user or article id. The store rewrites a ticket's
-- row once per write that touches the ticket or its comments.
CREATE VIRTUAL TABLE ticket_fts USING fts5 (
  subject, description, comments,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE VIRTUAL TABLE users_fts USING fts5 (
  name, email, organization,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- body is the article's HTML reduced to plain text.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
  title, body,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
