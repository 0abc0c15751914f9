/* tend-insights-private.h: what tend-store-insights.c and
 * tend-customer-profile.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-store-private.h"

G_BEGIN_DECLS

/* The insights' own read connection to a store's database, held by one
 * thread at a time between acquire and release, inside one read
 * transaction (one snapshot). */
typedef struct _TendInsightsDb TendInsightsDb;

TendInsightsDb     *_tend_insights_db_acquire      (TendStore       *store,
                                                    GError         **error);
void                _tend_insights_db_release      (TendInsightsDb  *idb);
sqlite3_stmt       *_tend_insights_db_prepare      (TendInsightsDb  *idb,
                                                    const char      *sql,
                                                    GError         **error);
sqlite3            *_tend_insights_db_get_sqlite   (TendInsightsDb  *idb);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TendInsightsDb, _tend_insights_db_release)

/* Row helpers for statements selecting these columns in this order. */
#define TEND_INSIGHTS_ORG_COLUMNS \
  "o.id, o.name, o.domain_names, o.tags, o.details, o.notes, o.created_at, " \
  "o.updated_at, o.extra_json"
/* Read with _tend_store_organization_from_stmt(). */

#define TEND_INSIGHTS_COMMENT_COLUMNS \
  "c.id, c.ticket_id, c.author_id, c.body, c.html_body, c.public, " \
  "c.created_at, c.extra_json, coalesce (u.role, 0), u.name"
TendComment        *_tend_insights_comment_from_stmt      (sqlite3_stmt *stmt);

/* Runs @stmt (bound) and appends the tickets of its rows (columns
 * TEND_STORE_TICKET_COLUMNS) to @out; resets it. */
gboolean            _tend_insights_read_tickets    (TendInsightsDb  *idb,
                                                    sqlite3_stmt    *stmt,
                                                    GPtrArray       *out,
                                                    GError         **error);

G_END_DECLS
