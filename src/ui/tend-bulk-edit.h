/* tend-bulk-edit.h: one change applied to several tickets, and its undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-engine.h"

G_BEGIN_DECLS

/* Enqueues @edit for each of the @n_tickets tickets through @outbox (one
 * outbox item per ticket, applied to the local copies at once), in one
 * transaction: all or nothing. Returns the items' ids (gint64), in the
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

/* Called on the main context after each chunk: @done of @total. */
typedef void (*TendBulkEditProgress) (guint    done,
                                      guint    total,
                                      gpointer user_data);

/* The same for selections of any size (100,000 tickets): the work is cut
 * into transactions sized to take about a frame or two each, run from
 * idle callbacks, so the window keeps drawing and answering between them.
 * Apply stays all or nothing: when a chunk fails, the chunks already
 * queued are discarded before the error is returned. @edit is copied. */
void      tend_bulk_edit_apply_async  (TendOutbox           *outbox,
                                       GArray               *ticket_ids,
                                       const TendOutboxEdit *edit,
                                       GCancellable         *cancellable,
                                       TendBulkEditProgress  progress,
                                       gpointer              progress_data,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GArray   *tend_bulk_edit_apply_finish (TendOutbox           *outbox,
                                       GAsyncResult         *result,
                                       GError              **error);
void      tend_bulk_edit_undo_async   (TendOutbox           *outbox,
                                       GArray               *item_ids,
                                       GCancellable         *cancellable,
                                       TendBulkEditProgress  progress,
                                       gpointer              progress_data,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* Returns how many were discarded; @n_kept as for tend_bulk_edit_undo(). */
guint     tend_bulk_edit_undo_finish  (TendOutbox           *outbox,
                                       GAsyncResult         *result,
                                       guint                *n_kept,
                                       GError              **error);

G_END_DECLS
