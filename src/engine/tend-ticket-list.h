/* tend-ticket-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"
#include "tend-query.h"

G_BEGIN_DECLS

#define TEND_TYPE_TICKET_LIST (tend_ticket_list_get_type ())
G_DECLARE_FINAL_TYPE (TendTicketList, tend_ticket_list, TEND, TICKET_LIST, GObject)

/* A GListModel of TendTicket over a view (and an optional search query) of
 * a TendStore. It knows its length from a COUNT and loads rows a page at a
 * time when asked for them, keeping only a few pages, so its memory does
 * not grow with the size of the cache. It follows TendStore::changed and
 * emits items-changed for what changed. */
TendTicketList     *tend_ticket_list_new             (TendStore      *store,
                                                      TendView        view,
                                                      TendQuery      *query);
TendStore          *tend_ticket_list_get_store       (TendTicketList *self);
TendView            tend_ticket_list_get_view        (TendTicketList *self);
TendQuery          *tend_ticket_list_get_query       (TendTicketList *self);
/* Re-reads the count and drops cached pages; called on store changes. */
void                tend_ticket_list_reload          (TendTicketList *self);
/* Where ticket @id is, looking only at the rows already read and at the
 * page holding position @near (read if it was not; none for
 * GTK_INVALID_LIST_POSITION, i.e. G_MAXUINT); a list small enough for its
 * page cache is read whole, as each of its reloads does anyway. Never
 * the whole of a large list: FALSE may mean "not among those rows". */
gboolean            tend_ticket_list_find_loaded     (TendTicketList *self,
                                                      gint64          id,
                                                      guint           near,
                                                      guint          *position);

G_END_DECLS
