/* tend-ticket-view.h: a ticket's header and conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-composer.h"

G_BEGIN_DECLS

#define TEND_TYPE_TICKET_VIEW (tend_ticket_view_get_type ())

G_DECLARE_FINAL_TYPE (TendTicketView, tend_ticket_view, TEND, TICKET_VIEW, AdwBin)

void        tend_ticket_view_set_store   (TendTicketView *self,
                                          TendStore      *store);
/* Shows @ticket (re-read from the store, with its conversation); NULL
 * shows "No Ticket Selected". */
void        tend_ticket_view_set_ticket  (TendTicketView *self,
                                          TendTicket     *ticket);
TendTicket *tend_ticket_view_get_ticket  (TendTicketView *self);
/* Puts a composer writing into @outbox (of the view's store) under the
 * conversation; NULL removes it. */
void        tend_ticket_view_set_outbox  (TendTicketView *self,
                                          TendOutbox     *outbox,
                                          TendDrafts     *drafts);
TendComposer *tend_ticket_view_get_composer (TendTicketView *self);
/* Number of messages in the conversation (including those of a long
 * thread that wait behind its "N more messages" row). */
guint       tend_ticket_view_get_n_messages (TendTicketView *self);

G_END_DECLS
