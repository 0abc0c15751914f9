/* tend-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"
#include "tend-changeset.h"
#include "tend-query.h"

G_BEGIN_DECLS

#define TEND_TYPE_STORE (tend_store_get_type ())
G_DECLARE_FINAL_TYPE (TendStore, tend_store, TEND, STORE, GObject)

/* What a commit touched, passed with TendStore::changed. */
typedef enum /*< flags >*/
{
  TEND_STORE_CHANGE_TICKETS       = 1 << 0,
  TEND_STORE_CHANGE_COMMENTS      = 1 << 1,
  TEND_STORE_CHANGE_USERS         = 1 << 2,
  TEND_STORE_CHANGE_ORGANIZATIONS = 1 << 3,
  TEND_STORE_CHANGE_ARTICLES      = 1 << 4,
  TEND_STORE_CHANGE_MACROS        = 1 << 5,
  TEND_STORE_CHANGE_META          = 1 << 6,
  TEND_STORE_CHANGE_OUTBOX        = 1 << 7,
  TEND_STORE_CHANGE_READ_STATE    = 1 << 8,
  TEND_STORE_CHANGE_GROUPS        = 1 << 9,
} TendStoreChanges;

typedef struct
{
  gint64 tickets;
  gint64 comments;
  gint64 users;
  gint64 organizations;
  gint64 articles;
  gint64 macros;
  gint64 outbox;
} TendStoreStats;

/* One SQLite database holding one account's helpdesk.
 *
 * Threads: the store belongs to the thread (and its thread-default main
 * context) that opened it; reads and TendStore::changed happen there.
 * tend_store_write() may be called from any thread: writes go through a
 * single writer connection, one transaction per changeset, and the
 * "changed" signal is then emitted on the owner's main context. */

int                 tend_store_get_latest_schema_version (void);

/* Creates the file when missing and upgrades an older schema. Fails with
 * TEND_ERROR_SCHEMA_TOO_NEW for a database from a newer Tend,
 * TEND_ERROR_CORRUPT for a file that is not a Tend database, and
 * TEND_ERROR_STORAGE when the file cannot be created or opened. */
TendStore          *tend_store_open                  (const char        *path,
                                                      GError           **error);
/* Opens an existing database only (no creation): for tendctl's read
 * commands, so a mistyped path is an error rather than a new empty file. */
TendStore          *tend_store_open_existing         (const char        *path,
                                                      GError           **error);
const char         *tend_store_get_path              (TendStore         *self);
int                 tend_store_get_schema_version    (TendStore         *self);

/* Writing (any thread) */
gboolean            tend_store_write                 (TendStore         *self,
                                                      TendChangeset     *changes,
                                                      GError           **error);
void                tend_store_write_async           (TendStore         *self,
                                                      TendChangeset     *changes,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
gboolean            tend_store_write_finish          (TendStore         *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
gboolean            tend_store_set_read              (TendStore         *self,
                                                      gint64             ticket_id,
                                                      gboolean           read,
                                                      GError           **error);

/* Reading (owner thread) */
gboolean            tend_store_get_stats             (TendStore         *self,
                                                      TendStoreStats    *stats,
                                                      GError           **error);
TendTicket         *tend_store_get_ticket            (TendStore         *self,
                                                      gint64             id,
                                                      GError           **error);
/* Oldest first; element type TendComment with attachments filled in. */
GPtrArray          *tend_store_list_comments         (TendStore         *self,
                                                      gint64             ticket_id,
                                                      GError           **error);
TendUser           *tend_store_get_user              (TendStore         *self,
                                                      gint64             id,
                                                      GError           **error);
TendUser           *tend_store_find_user_by_email    (TendStore         *self,
                                                      const char        *email,
                                                      GError           **error);
TendOrganization   *tend_store_get_organization      (TendStore         *self,
                                                      gint64             id,
                                                      GError           **error);
TendArticle        *tend_store_get_article           (TendStore         *self,
                                                      gint64             id,
                                                      GError           **error);
GPtrArray          *tend_store_list_articles         (TendStore         *self,
                                                      GError           **error);
GPtrArray          *tend_store_list_macros           (TendStore         *self,
                                                      GError           **error);
/* NULL when never set. */
char               *tend_store_dup_cursor            (TendStore         *self,
                                                      const char        *stream);
char               *tend_store_dup_meta              (TendStore         *self,
                                                      const char        *key);
/* The agent's own user id (meta "me"), 0 when unknown. */
gint64              tend_store_get_me                (TendStore         *self);

/* A helpdesk group (RT: a queue), as the last sync listed it. */
typedef struct
{
  gint64  id;
  char   *name;
} TendStoreGroup;

void                tend_store_group_free            (TendStoreGroup    *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TendStoreGroup, tend_store_group_free)

/* The groups by name (element type TendStoreGroup). */
GPtrArray          *tend_store_list_groups           (TendStore         *self,
                                                      GError           **error);
/* NULL when the store does not know the group. */
char               *tend_store_dup_group_name        (TendStore         *self,
                                                      gint64             id);
/* The helpdesk's agents and admins by name, at most @limit (element type
 * TendUser): who a ticket can be assigned to. */
GPtrArray          *tend_store_list_agents           (TendStore         *self,
                                                      guint              limit,
                                                      GError           **error);

/* After a whole pass over the helpdesk's articles (macros): removes the
 * local ones whose id is not in @keep_ids (gint64), which the helpdesk no
 * longer has. The outbox is not touched. *n_removed (may be NULL) says
 * how many went. Any thread, like tend_store_write(). */
gboolean            tend_store_retain_articles       (TendStore         *self,
                                                      GArray            *keep_ids,
                                                      guint             *n_removed,
                                                      GError           **error);
gboolean            tend_store_retain_macros         (TendStore         *self,
                                                      GArray            *keep_ids,
                                                      guint             *n_removed,
                                                      GError           **error);

/* Views and search. With query NULL (or empty), the view's tickets newest
 * update first; with a query, the tickets of the view that match, best
 * match first, each with a search snippet. */
guint               tend_store_count_tickets         (TendStore         *self,
                                                      TendView           view,
                                                      TendQuery         *query,
                                                      GError           **error);
GPtrArray          *tend_store_list_tickets          (TendStore         *self,
                                                      TendView           view,
                                                      TendQuery         *query,
                                                      guint              offset,
                                                      guint              limit,
                                                      GError           **error);
/* The ids (gint64) of every ticket tend_store_list_tickets() would list
 * for @view and @query, in no particular order: one pass over an index,
 * no rows built (the bulk actions' "select all" on 100,000 tickets). */
GArray             *tend_store_list_ticket_ids       (TendStore         *self,
                                                      TendView           view,
                                                      TendQuery         *query,
                                                      GError           **error);
/* The tags carried by any of the @n_tickets tickets, most widespread
 * first (then by name); @counts (may be NULL) gets a new GArray of guint,
 * how many of the tickets carry each. NULL on a read error. */
char              **tend_store_dup_tags_of_tickets   (TendStore         *self,
                                                      const gint64      *ticket_ids,
                                                      guint              n_tickets,
                                                      GArray           **counts,
                                                      GError           **error);
/* Knowledge base: best match first (all articles, title order, when the
 * query is empty). */
GPtrArray          *tend_store_search_articles       (TendStore         *self,
                                                      TendQuery         *query,
                                                      guint              limit,
                                                      GError           **error);
GPtrArray          *tend_store_search_users          (TendStore         *self,
                                                      TendQuery         *query,
                                                      guint              limit,
                                                      GError           **error);

G_END_DECLS
