/* tend-similar-ticket.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_SIMILAR_TICKET (tend_similar_ticket_get_type ())
G_DECLARE_FINAL_TYPE (TendSimilarTicket, tend_similar_ticket, TEND, SIMILAR_TICKET, GObject)

/* A solved ticket like the one the agent is reading, and how it was
 * resolved: see tend_store_similar_tickets(). Immutable; each field is
 * also a read-only property. */
TendSimilarTicket  *tend_similar_ticket_new            (TendTicket         *ticket,
                                                        TendComment        *resolution,
                                                        double              score);

TendTicket         *tend_similar_ticket_get_ticket     (TendSimilarTicket  *self);
/* The last public reply by an agent, NULL when no agent ever replied in
 * public. Its author name is filled in when the store knows the author. */
TendComment        *tend_similar_ticket_get_resolution (TendSimilarTicket  *self);
/* How well it matches, higher is closer (bm25, made positive); only
 * comparable within one answer. */
double              tend_similar_ticket_get_score      (TendSimilarTicket  *self);

G_END_DECLS
