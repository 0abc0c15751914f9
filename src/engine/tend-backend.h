/* tend-backend.h: the seam between the engine and a helpdesk's wire format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tend-types.h"
#include "tend-changeset.h"

G_BEGIN_DECLS

#define TEND_TYPE_BACKEND (tend_backend_get_type ())
G_DECLARE_INTERFACE (TendBackend, tend_backend, TEND, BACKEND, GObject)

/* A backend talks to one helpdesk account and hands back models; it never
 * touches SQL. Every method blocks: TendSync calls them from its worker
 * thread (one call at a time), never from the main thread.
 *
 * Streams are resumable: a pull takes the cursor the previous page
 * returned (NULL to start from the beginning), adds one page of rows to
 * @changes, and returns the cursor to store with those rows. Cursors are
 * the backend's own opaque text. *end_of_stream says the stream has been
 * read to its end for now; the returned cursor then is where the next
 * incremental sync starts (NULL: start over next time). */

/* How a backend delivers comments. */
typedef enum
{
  /* Comments come as their own stream (pull_comments). */
  TEND_BACKEND_COMMENTS_STREAM,
  /* Comments must be fetched ticket by ticket (pull_ticket_comments). */
  TEND_BACKEND_COMMENTS_PER_TICKET,
} TendBackendCommentMode;

struct _TendBackendInterface
{
  GTypeInterface parent_iface;

  /* Validates the credentials; the agent's own user, with the role that
   * decides which sync paths are open. */
  TendUser      *(*who_am_i)             (TendBackend    *self,
                                          GCancellable   *cancellable,
                                          GError        **error);
  /* Valid after who_am_i. */
  TendBackendCommentMode (*get_comment_mode) (TendBackend *self);

  /* Changed tickets, with the users and organizations the helpdesk sends
   * along; deleted tickets as deletions. */
  gboolean       (*pull_tickets)         (TendBackend    *self,
                                          const char     *cursor,
                                          TendChangeset  *changes,
                                          char          **next_cursor,
                                          gboolean       *end_of_stream,
                                          GCancellable   *cancellable,
                                          GError        **error);
  /* New and changed comments of all tickets (COMMENTS_STREAM mode). */
  gboolean       (*pull_comments)        (TendBackend    *self,
                                          const char     *cursor,
                                          TendChangeset  *changes,
                                          char          **next_cursor,
                                          gboolean       *end_of_stream,
                                          GCancellable   *cancellable,
                                          GError        **error);
  /* Every comment of one ticket, all pages. */
  gboolean       (*pull_ticket_comments) (TendBackend    *self,
                                          gint64          ticket_id,
                                          TendChangeset  *changes,
                                          GCancellable   *cancellable,
                                          GError        **error);
  /* The users / organizations with these ids (those that still exist). */
  gboolean       (*pull_users)           (TendBackend    *self,
                                          const gint64   *ids,
                                          guint           n_ids,
                                          TendChangeset  *changes,
                                          GCancellable   *cancellable,
                                          GError        **error);
  gboolean       (*pull_organizations)   (TendBackend    *self,
                                          const gint64   *ids,
                                          guint           n_ids,
                                          TendChangeset  *changes,
                                          GCancellable   *cancellable,
                                          GError        **error);
  gboolean       (*pull_articles)        (TendBackend    *self,
                                          const char     *cursor,
                                          TendChangeset  *changes,
                                          char          **next_cursor,
                                          gboolean       *end_of_stream,
                                          GCancellable   *cancellable,
                                          GError        **error);
  gboolean       (*pull_macros)          (TendBackend    *self,
                                          const char     *cursor,
                                          TendChangeset  *changes,
                                          char          **next_cursor,
                                          gboolean       *end_of_stream,
                                          GCancellable   *cancellable,
                                          GError        **error);
  /* The helpdesk's shared views, as meta "views": a JSON array of
   * {"id": …, "title": …, "active": …, "position": …}; and its groups
   * (RT: queues), the whole list, as meta "groups": [{"id": …,
   * "name": …}], which the store keeps in its groups table. */
  gboolean       (*pull_views)           (TendBackend    *self,
                                          TendChangeset  *changes,
                                          GCancellable   *cancellable,
                                          GError        **error);
  /* Searches the remote knowledge base; element type TendArticle. */
  GPtrArray     *(*search_articles)      (TendBackend    *self,
                                          const char     *query,
                                          GCancellable   *cancellable,
                                          GError        **error);
  /* Percent of the helpdesk's request budget (per minute) left, as the
   * server last said; -1 when unknown. Background work stops when it
   * runs low, leaving the rest for what the agent is doing. */
  int            (*get_request_budget)   (TendBackend    *self);

  /* Applies one change of the outbox to ticket @ticket_id. @change is
   * Tend's neutral change (tend-outbox.h); @seen_updated_at the ticket's
   * updated_at it was based on (0: unguarded), which the helpdesk must
   * check: TEND_ERROR_CONFLICT when the ticket changed since. On success
   * adds the ticket as it is now, and the comment the change created, to
   * @changes, with that comment's id in *comment_id (0 when none). The
   * request must never be sent twice: once it may have reached the
   * server, a failure is returned (the outbox then looks for the
   * comment with pull_ticket_comments before trying again). */
  gboolean       (*push_change)          (TendBackend    *self,
                                          gint64          ticket_id,
                                          JsonObject     *change,
                                          gint64          seen_updated_at,
                                          TendChangeset  *changes,
                                          gint64         *comment_id,
                                          GCancellable   *cancellable,
                                          GError        **error);
  /* One ticket as the helpdesk has it now; TEND_ERROR_NOT_FOUND when it
   * is gone. */
  gboolean       (*pull_ticket)          (TendBackend    *self,
                                          gint64          ticket_id,
                                          TendChangeset  *changes,
                                          GCancellable   *cancellable,
                                          GError        **error);

  /* Optional. Writes the content of the helpdesk file at @url (an
   * attachment's content URL on the helpdesk's own origin) to @output,
   * failing with TEND_ERROR_BAD_RESPONSE past @max_bytes; its type in
   * *content_type (may be NULL). For helpdesks that do not serve files
   * with a plain GET (Request Tracker: base64 in JSON); without it,
   * TendFileCache does the GET itself. G_IO_ERROR_NOT_SUPPORTED (nothing
   * written) hands a URL the backend does not know back to that GET. */
  gboolean       (*download_file)        (TendBackend    *self,
                                          const char     *url,
                                          GOutputStream  *output,
                                          guint64         max_bytes,
                                          char          **content_type,
                                          GCancellable   *cancellable,
                                          GError        **error);

  gpointer padding[4];
};

TendUser              *tend_backend_who_am_i             (TendBackend    *self,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
TendBackendCommentMode tend_backend_get_comment_mode     (TendBackend    *self);
gboolean               tend_backend_pull_tickets         (TendBackend    *self,
                                                          const char     *cursor,
                                                          TendChangeset  *changes,
                                                          char          **next_cursor,
                                                          gboolean       *end_of_stream,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
gboolean               tend_backend_pull_comments        (TendBackend    *self,
                                                          const char     *cursor,
                                                          TendChangeset  *changes,
                                                          char          **next_cursor,
                                                          gboolean       *end_of_stream,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
gboolean               tend_backend_pull_ticket_comments (TendBackend    *self,
                                                          gint64          ticket_id,
                                                          TendChangeset  *changes,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
gboolean               tend_backend_pull_users           (TendBackend    *self,
                                                          const gint64   *ids,
                                                          guint           n_ids,
                                                          TendChangeset  *changes,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
gboolean               tend_backend_pull_organizations   (TendBackend    *self,
                                                          const gint64   *ids,
                                                          guint           n_ids,
                                                          TendChangeset  *changes,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
gboolean               tend_backend_pull_articles        (TendBackend    *self,
                                                          const char     *cursor,
                                                          TendChangeset  *changes,
                                                          char          **next_cursor,
                                                          gboolean       *end_of_stream,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
gboolean               tend_backend_pull_macros          (TendBackend    *self,
                                                          const char     *cursor,
                                                          TendChangeset  *changes,
                                                          char          **next_cursor,
                                                          gboolean       *end_of_stream,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
gboolean               tend_backend_pull_views           (TendBackend    *self,
                                                          TendChangeset  *changes,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
GPtrArray             *tend_backend_search_articles      (TendBackend    *self,
                                                          const char     *query,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
int                    tend_backend_get_request_budget   (TendBackend    *self);
gboolean               tend_backend_push_change          (TendBackend    *self,
                                                          gint64          ticket_id,
                                                          JsonObject     *change,
                                                          gint64          seen_updated_at,
                                                          TendChangeset  *changes,
                                                          gint64         *comment_id,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
gboolean               tend_backend_pull_ticket          (TendBackend    *self,
                                                          gint64          ticket_id,
                                                          TendChangeset  *changes,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
/* Whether the backend fetches files itself (download_file). */
gboolean               tend_backend_can_download_file    (TendBackend    *self);
gboolean               tend_backend_download_file        (TendBackend    *self,
                                                          const char     *url,
                                                          GOutputStream  *output,
                                                          guint64         max_bytes,
                                                          char          **content_type,
                                                          GCancellable   *cancellable,
                                                          GError        **error);

G_END_DECLS
