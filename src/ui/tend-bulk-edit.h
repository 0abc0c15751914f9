/* tend-bulk-edit.h: one change applied to several tickets, and its undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-engine.h"

G_BEGIN_DECLS

/* Enqueues @edit for each of the @n_tickets tickets through @outbox (one
 * outbox item per ticket, applied to the local copies at once). All or
 * nothing: when one enqueue fails, those already queued are discarded and
 * NULL is returned with the error. Returns the items' ids (gint64), in the
 * order of @ticket_ids: what tend_bulk_edit_undo() takes back. */
GArray   *tend_bulk_edit_apply (TendOutbox           *outbox,
                                const gint64         *ticket_ids,
                                guint                 n_tickets,
                                const TendOutboxEdit *edit,
                                GError              **error);
/* Discards the items of @item_ids that have not gone out yet (queued,
 * failed, in conflict), which puts their tickets back as they were.
 * An item already sending or sent stays: the helpdesk has it, and undoing
 * it would be a new change of its own. Returns how many were discarded;
 * @n_kept (may be NULL) gets how many could not be. */
guint     tend_bulk_edit_undo  (TendOutbox           *outbox,
                                GArray               *item_ids,
                                guint                *n_kept);

G_END_DECLS
