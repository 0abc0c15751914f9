/* tend-slot-selection.h: the ticket list as the list view sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TEND_TYPE_SLOT_SELECTION (tend_slot_selection_get_type ())
G_DECLARE_FINAL_TYPE (TendSlotSelection, tend_slot_selection, TEND, SLOT_SELECTION, GObject)

/* A GtkSelectionModel of TendListSlot over a selection model of
 * TendTicket (TendTicketSelection), which it can swap for another.
 *
 * GTK 4.8's list view throws away every row whose item left the model and
 * builds new ones, some 200 of them, when a search replaces the list: most
 * of a keystroke's time. Here the items stand for positions, not tickets:
 * when the tickets change (another search, another view, a sync), the same
 * slots get new tickets, the rows rebind, and only a change in length
 * reaches the list view as items-changed, at the end.
 *
 * A limit makes it show only the first rows for a while, so the first
 * frame of a window need not wait for 200 rows when 15 fit. */
TendSlotSelection  *tend_slot_selection_new       (GtkSelectionModel *model);
GtkSelectionModel  *tend_slot_selection_get_model (TendSlotSelection *self);
void                tend_slot_selection_set_model (TendSlotSelection *self,
                                                   GtkSelectionModel *model);
/* Shows at most @limit items (G_MAXUINT: all). */
void                tend_slot_selection_set_limit (TendSlotSelection *self,
                                                   guint              limit);
guint               tend_slot_selection_get_limit (TendSlotSelection *self);
/* The positions on screen (with some margin): when the tickets change,
 * their rows are updated before the next frame, the others after it. */
void                tend_slot_selection_set_visible (TendSlotSelection *self,
                                                     guint              first,
                                                     guint              n_items);
/* The widget whose frames show the rows: the rows off screen get their
 * tickets a few at a time after its next frame is painted. */
void                tend_slot_selection_set_widget (TendSlotSelection *self,
                                                    GtkWidget         *widget);

G_END_DECLS
