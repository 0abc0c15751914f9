/* tend-outbox-view.h: the agent's changes on their way to the helpdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"

G_BEGIN_DECLS

#define TEND_TYPE_OUTBOX_VIEW (tend_outbox_view_get_type ())

G_DECLARE_FINAL_TYPE (TendOutboxView, tend_outbox_view, TEND, OUTBOX_VIEW, AdwBin)

/* Every change not yet confirmed by the helpdesk: its ticket, what it is,
 * where it is (Queued, Sending, Failed, Conflict) and why it stopped, with
 * "Retry" for a failed change and "Send Anyway" / "Discard" for one in
 * conflict. An empty outbox shows a status page.
 *
 * Actions (parameter: the item id): outbox.retry, outbox.send-anyway,
 * outbox.discard. Signal "open-ticket" (gint64 ticket id): the agent
 * activated a row; the host shows that ticket. */
GtkWidget      *tend_outbox_view_new        (TendOutbox     *outbox);
TendOutbox     *tend_outbox_view_get_outbox (TendOutboxView *self);
void            tend_outbox_view_set_outbox (TendOutboxView *self,
                                             TendOutbox     *outbox);

G_END_DECLS
