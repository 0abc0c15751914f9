/* tend-list-slot.h: one position of the ticket list, whatever it shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "tend-engine.h"

G_BEGIN_DECLS

#define TEND_TYPE_LIST_SLOT (tend_list_slot_get_type ())
G_DECLARE_FINAL_TYPE (TendListSlot, tend_list_slot, TEND, LIST_SLOT, GObject)

/* The item TendSlotSelection hands to the list view for one position: it
 * stays the same object while the ticket at that position changes (a new
 * search, a sync), so the list view keeps its row and only rebinds it. */
TendListSlot       *tend_list_slot_new         (guint         position);
guint               tend_list_slot_get_position (TendListSlot *self);
TendTicket         *tend_list_slot_get_ticket  (TendListSlot *self);
/* Notifies "ticket" when it changes. */
void                tend_list_slot_set_ticket  (TendListSlot *self,
                                                TendTicket   *ticket);

G_END_DECLS
