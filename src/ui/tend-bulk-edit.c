/* tend-bulk-edit.c
 *
 * The list's bulk actions (assign, status, tags for the selected tickets)
 * go through the outbox like any single change, one item per ticket, so
 * each ticket's change is sent, retried or stopped in conflict on its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-bulk-edit"

#include "config.h"

#include "tend-bulk-edit.h"

GArray *
tend_bulk_edit_apply (TendOutbox           *outbox,
                      const gint64         *ticket_ids,
                      guint                 n_tickets,
                      const TendOutboxEdit *edit,
                      GError              **error)
{
  g_autoptr(GArray) items = NULL;

  g_return_val_if_fail (TEND_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (ticket_ids != NULL || n_tickets == 0, NULL);
  g_return_val_if_fail (edit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  items = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_tickets);
  for (guint i = 0; i < n_tickets; i++)
    {
      gint64 item = tend_outbox_enqueue (outbox, ticket_ids[i], edit, error);

      if (item == 0)
        {
          /* Half a bulk change would leave the agent guessing which
           * tickets changed: take back what was queued. */
          tend_bulk_edit_undo (outbox, items, NULL);
          return NULL;
        }
      g_array_append_val (items, item);
    }

  return g_steal_pointer (&items);
}

guint
tend_bulk_edit_undo (TendOutbox *outbox,
                     GArray     *item_ids,
                     guint      *n_kept)
{
  guint discarded = 0;
  guint kept = 0;

  g_return_val_if_fail (TEND_IS_OUTBOX (outbox), 0);
  g_return_val_if_fail (item_ids != NULL, 0);

  /* Newest first: a later item of the same ticket was based on the
   * earlier one's result. */
  for (guint i = item_ids->len; i > 0; i--)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = g_array_index (item_ids, gint64, i - 1);

      if (tend_outbox_discard (outbox, id, &error))
        discarded++;
      else
        {
          g_debug ("Kept outbox item %" G_GINT64_FORMAT ": %s", id, error->message);
          kept++;
        }
    }

  if (n_kept != NULL)
    *n_kept = kept;
  return discarded;
}
