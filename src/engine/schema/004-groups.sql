-- 004-groups.sql: the helpdesk's groups (RT: queues), so that a ticket's
-- group shows by its name.
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The backends deliver the whole list at every sync as meta "groups"
-- ([{"id": …, "name": …}]); the store mirrors it into this table in the
-- same transaction (tend-store.c). A database synced before this script
-- already holds that meta value: it is copied here so the names show
-- without waiting for the next sync.

CREATE TABLE groups (
  id   INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL DEFAULT ''
);

INSERT OR REPLACE INTO groups (id, name)
  SELECT json_extract (g.value, '$.id'), coalesce (json_extract (g.value, '$.name'), '')
  FROM meta m, json_each (m.value) g
  WHERE m.key = 'groups' AND json_valid (m.value) AND json_type (m.value) = 'array'
    AND json_type (g.value, '$.id') = 'integer' AND json_extract (g.value, '$.id') > 0;
