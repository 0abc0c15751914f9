/* tend-backend.c: the seam between the engine and a helpdesk's wire format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-backend"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-backend.h"
#include "tend-user.h"

G_DEFINE_INTERFACE (TendBackend, tend_backend, G_TYPE_OBJECT)

static void
tend_backend_default_init (TendBackendInterface *iface)
{
}

static gboolean
not_supported (GError     **error,
               const char  *what)
{
  g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
               _("This helpdesk does not support %s"), what);
  return FALSE;
}

/* The stream wrappers reset the out values first, so that a backend that
 * fails half-way never leaves a caller with a stale cursor. */
#define PULL_STREAM(vfunc, what)                                              \
  TendBackendInterface *iface;                                                \
                                                                              \
  g_return_val_if_fail (TEND_IS_BACKEND (self), FALSE);                       \
  g_return_val_if_fail (changes != NULL, FALSE);                              \
  g_return_val_if_fail (next_cursor != NULL, FALSE);                          \
  g_return_val_if_fail (end_of_stream != NULL, FALSE);                        \
                                                                              \
  *next_cursor = NULL;                                                        \
  *end_of_stream = FALSE;                                                     \
  iface = TEND_BACKEND_GET_IFACE (self);                                      \
  if (iface->vfunc == NULL)                                                   \
    return not_supported (error, what);                                       \
  if (!iface->vfunc (self, cursor, changes, next_cursor, end_of_stream,       \
                     cancellable, error))                                     \
    {                                                                         \
      g_clear_pointer (next_cursor, g_free);                                  \
      *end_of_stream = FALSE;                                                 \
      return FALSE;                                                           \
    }                                                                         \
  return TRUE;

TendUser *
tend_backend_who_am_i (TendBackend   *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), NULL);

  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->who_am_i == NULL)
    {
      not_supported (error, "who am I");
      return NULL;
    }
  return iface->who_am_i (self, cancellable, error);
}

TendBackendCommentMode
tend_backend_get_comment_mode (TendBackend *self)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), TEND_BACKEND_COMMENTS_PER_TICKET);

  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->get_comment_mode == NULL)
    return iface->pull_comments != NULL ? TEND_BACKEND_COMMENTS_STREAM
                                        : TEND_BACKEND_COMMENTS_PER_TICKET;
  return iface->get_comment_mode (self);
}

gboolean
tend_backend_pull_tickets (TendBackend    *self,
                           const char     *cursor,
                           TendChangeset  *changes,
                           char          **next_cursor,
                           gboolean       *end_of_stream,
                           GCancellable   *cancellable,
                           GError        **error)
{
  PULL_STREAM (pull_tickets, "tickets")
}

gboolean
tend_backend_pull_comments (TendBackend    *self,
                            const char     *cursor,
                            TendChangeset  *changes,
                            char          **next_cursor,
                            gboolean       *end_of_stream,
                            GCancellable   *cancellable,
                            GError        **error)
{
  PULL_STREAM (pull_comments, "comment streams")
}

gboolean
tend_backend_pull_ticket_comments (TendBackend    *self,
                                   gint64          ticket_id,
                                   TendChangeset  *changes,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->pull_ticket_comments == NULL)
    return not_supported (error, "comments by ticket");
  return iface->pull_ticket_comments (self, ticket_id, changes, cancellable, error);
}

gboolean
tend_backend_pull_users (TendBackend    *self,
                         const gint64   *ids,
                         guint           n_ids,
                         TendChangeset  *changes,
                         GCancellable   *cancellable,
                         GError        **error)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (n_ids == 0)
    return TRUE;
  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->pull_users == NULL)
    return not_supported (error, "users");
  return iface->pull_users (self, ids, n_ids, changes, cancellable, error);
}

gboolean
tend_backend_pull_organizations (TendBackend    *self,
                                 const gint64   *ids,
                                 guint           n_ids,
                                 TendChangeset  *changes,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (n_ids == 0)
    return TRUE;
  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->pull_organizations == NULL)
    return not_supported (error, "organizations");
  return iface->pull_organizations (self, ids, n_ids, changes, cancellable, error);
}

gboolean
tend_backend_pull_articles (TendBackend    *self,
                            const char     *cursor,
                            TendChangeset  *changes,
                            char          **next_cursor,
                            gboolean       *end_of_stream,
                            GCancellable   *cancellable,
                            GError        **error)
{
  PULL_STREAM (pull_articles, "knowledge-base articles")
}

gboolean
tend_backend_pull_macros (TendBackend    *self,
                          const char     *cursor,
                          TendChangeset  *changes,
                          char          **next_cursor,
                          gboolean       *end_of_stream,
                          GCancellable   *cancellable,
                          GError        **error)
{
  PULL_STREAM (pull_macros, "macros")
}

gboolean
tend_backend_pull_views (TendBackend    *self,
                         TendChangeset  *changes,
                         GCancellable   *cancellable,
                         GError        **error)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->pull_views == NULL)
    return not_supported (error, "views");
  return iface->pull_views (self, changes, cancellable, error);
}

GPtrArray *
tend_backend_search_articles (TendBackend    *self,
                              const char     *query,
                              GCancellable   *cancellable,
                              GError        **error)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->search_articles == NULL)
    {
      not_supported (error, "searching the knowledge base");
      return NULL;
    }
  return iface->search_articles (self, query, cancellable, error);
}

int
tend_backend_get_request_budget (TendBackend *self)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), -1);

  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->get_request_budget == NULL)
    return -1;
  return iface->get_request_budget (self);
}

gboolean
tend_backend_push_change (TendBackend    *self,
                          gint64          ticket_id,
                          JsonObject     *change,
                          gint64          seen_updated_at,
                          TendChangeset  *changes,
                          gint64         *comment_id,
                          GCancellable   *cancellable,
                          GError        **error)
{
  TendBackendInterface *iface;
  gint64 unused = 0;

  g_return_val_if_fail (TEND_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (comment_id == NULL)
    comment_id = &unused;
  *comment_id = 0;

  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->push_change == NULL)
    return not_supported (error, "sending changes");
  return iface->push_change (self, ticket_id, change, seen_updated_at, changes,
                             comment_id, cancellable, error);
}

gboolean
tend_backend_pull_ticket (TendBackend    *self,
                          gint64          ticket_id,
                          TendChangeset  *changes,
                          GCancellable   *cancellable,
                          GError        **error)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->pull_ticket == NULL)
    return not_supported (error, "fetching one ticket");
  return iface->pull_ticket (self, ticket_id, changes, cancellable, error);
}

gboolean
tend_backend_can_download_file (TendBackend *self)
{
  g_return_val_if_fail (TEND_IS_BACKEND (self), FALSE);

  return TEND_BACKEND_GET_IFACE (self)->download_file != NULL;
}

gboolean
tend_backend_download_file (TendBackend    *self,
                            const char     *url,
                            GOutputStream  *output,
                            guint64         max_bytes,
                            char          **content_type,
                            GCancellable   *cancellable,
                            GError        **error)
{
  TendBackendInterface *iface;

  g_return_val_if_fail (TEND_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);

  if (content_type != NULL)
    *content_type = NULL;

  iface = TEND_BACKEND_GET_IFACE (self);
  if (iface->download_file == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "This helpdesk serves its files with a plain GET");
      return FALSE;
    }
  return iface->download_file (self, url, output, max_bytes, content_type, cancellable, error);
}
