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

/* The texts a row draws, each a PangoLayout of its own. */
typedef enum
{
  TEND_TICKET_ROW_INITIALS,
  TEND_TICKET_ROW_REQUESTER,
  TEND_TICKET_ROW_TIME,
  TEND_TICKET_ROW_SUBJECT,
  TEND_TICKET_ROW_STATUS,
  TEND_TICKET_ROW_SNIPPET,
  TEND_TICKET_ROW_WAITING,
  TEND_TICKET_ROW_N_TEXTS
} TendTicketRowText;

GtkWidget   *tend_ticket_row_new        (void);
TendTicket  *tend_ticket_row_get_ticket (TendTicketRow     *self);
void         tend_ticket_row_set_ticket (TendTicketRow     *self,
                                         TendTicket        *ticket);
PangoLayout *tend_ticket_row_get_layout (TendTicketRow     *self,
                                         TendTicketRowText  text);
const char  *tend_ticket_row_get_text   (TendTicketRow     *self,
                                         TendTicketRowText  text);

G_END_DECLS
