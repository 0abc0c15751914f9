/* tend-ticket-row.h: one ticket in the inbox list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"

G_BEGIN_DECLS

#define TEND_TYPE_TICKET_ROW (tend_ticket_row_get_type ())

G_DECLARE_FINAL_TYPE (TendTicketRow, tend_ticket_row, TEND, TICKET_ROW, GtkWidget)

GtkWidget  *tend_ticket_row_new        (void);
TendTicket *tend_ticket_row_get_ticket (TendTicketRow *self);
void        tend_ticket_row_set_ticket (TendTicketRow *self,
                                        TendTicket    *ticket);

G_END_DECLS
