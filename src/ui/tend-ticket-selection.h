/* tend-ticket-selection.h: single selection over a windowed ticket list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tend-engine.h"

G_BEGIN_DECLS

#define TEND_TYPE_TICKET_SELECTION (tend_ticket_selection_get_type ())

G_DECLARE_FINAL_TYPE (TendTicketSelection, tend_ticket_selection, TEND, TICKET_SELECTION, GObject)

TendTicketSelection *tend_ticket_selection_new              (GListModel          *model);
GListModel          *tend_ticket_selection_get_model        (TendTicketSelection *self);
/* GTK_INVALID_LIST_POSITION when nothing is selected. */
guint                tend_ticket_selection_get_selected     (TendTicketSelection *self);
void                 tend_ticket_selection_set_selected     (TendTicketSelection *self,
                                                             guint                position);
TendTicket          *tend_ticket_selection_get_selected_item (TendTicketSelection *self);

/* The selection follows its ticket by id across reloads (as far as the
 * rows in memory and the page where it was tell; see the .c file). A
 * ticket that left the list stays followed, with no row selected: its id,
 * 0 when none, and the anchor, where it was (or is, while selected),
 * GTK_INVALID_LIST_POSITION when unknown. */
gint64               tend_ticket_selection_get_followed_id   (TendTicketSelection *self);
guint                tend_ticket_selection_get_anchor        (TendTicketSelection *self);
/* Follows ticket @id from now on: selects it if found near @near (a
 * position hint, or GTK_INVALID_LIST_POSITION), else selects no row and
 * keeps @near as the anchor. Notifies nothing when @id is already the
 * selected ticket. TRUE when a row is selected. */
gboolean             tend_ticket_selection_follow            (TendTicketSelection *self,
                                                              gint64               id,
                                                              guint                near);

/* Tickets marked for a bulk action (Ctrl/Shift+click, Ctrl+A): property
 * "n-marked". The ids come in no particular order. */
guint                tend_ticket_selection_get_n_marked      (TendTicketSelection *self);
GArray              *tend_ticket_selection_dup_marked_ids    (TendTicketSelection *self);
void                 tend_ticket_selection_clear_marks       (TendTicketSelection *self);
/* TRUE while the marks are the whole view (Ctrl+A), whatever its size. */
gboolean             tend_ticket_selection_get_all_marked    (TendTicketSelection *self);

G_END_DECLS
