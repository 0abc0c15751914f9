-- 003-insights.sql: document frequencies for similar tickets and article
-- suggestions.
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- fts5vocab tables store nothing: they read the full-text indexes. A row
-- per term tells in how many tickets (articles) the term occurs, which is
-- how tend-store-insights.c picks a ticket's most distinctive words.
-- (Numbered 003 so that 002 stays free for the outbox.)

CREATE VIRTUAL TABLE ticket_fts_vocab USING fts5vocab (ticket_fts, 'row');
CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab (articles_fts, 'row');
