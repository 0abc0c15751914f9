/* tend-inbox-view.h: the ticket list of a view or a search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-ticket-selection.h"

G_BEGIN_DECLS

#define TEND_TYPE_INBOX_VIEW (tend_inbox_view_get_type ())

G_DECLARE_FINAL_TYPE (TendInboxView, tend_inbox_view, TEND, INBOX_VIEW, AdwBin)

void                 tend_inbox_view_set_store           (TendInboxView *self,
                                                          TendStore     *store);
TendView             tend_inbox_view_get_view            (TendInboxView *self);
void                 tend_inbox_view_set_view            (TendInboxView *self,
                                                          TendView       view);
gboolean             tend_inbox_view_get_search_mode     (TendInboxView *self);
void                 tend_inbox_view_set_search_mode     (TendInboxView *self,
                                                          gboolean       search_mode);
/* The list shown now: the view's, or the current search's. */
TendTicketList      *tend_inbox_view_get_list            (TendInboxView *self);
TendTicketSelection *tend_inbox_view_get_selection       (TendInboxView *self);
TendTicket          *tend_inbox_view_get_selected_ticket (TendInboxView *self);
/* A ticket opened from elsewhere (the side panel, the outbox): selected
 * if it is in the rows of the list at hand, followed otherwise (no row
 * selected, j/k go on from the previous one). */
void                 tend_inbox_view_follow_ticket       (TendInboxView *self,
                                                          gint64         id);
/* j/k: selects the next (+1) or previous (-1) ticket and scrolls to it;
 * FALSE at either end of the list. */
gboolean             tend_inbox_view_select_relative     (TendInboxView *self,
                                                          int            delta);
/* "Assigned to me" or "Search": what the header should call the list. */
const char          *tend_inbox_view_get_title           (TendInboxView *self);
void                 tend_inbox_view_focus_list          (TendInboxView *self);
/* While the first sync runs, an empty list shows "Fetching Tickets". */
void                 tend_inbox_view_set_loading         (TendInboxView *self,
                                                          gboolean       loading);
gboolean             tend_inbox_view_get_loading         (TendInboxView *self);

/* The bulk actions (the action bar shown while 2+ tickets are marked in
 * the selection) queue their changes in @outbox; none without one. */
void                 tend_inbox_view_set_outbox          (TendInboxView *self,
                                                          TendOutbox    *outbox);
/* What the action bar's "Assign to Me" and the toast's "Undo" do. */
gboolean             tend_inbox_view_bulk_assign_to_me   (TendInboxView *self);
gboolean             tend_inbox_view_bulk_undo           (TendInboxView *self);
/* Property "bulk-busy": a bulk change or its undo is still being queued,
 * chunk by chunk (the action bar shows its progress). */
gboolean             tend_inbox_view_get_bulk_busy       (TendInboxView *self);

G_END_DECLS
