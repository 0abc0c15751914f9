/* tend-bulk-edit.c
 *
 * The list's bulk actions (assign, status, tags for the selected tickets)
 * go through the outbox like any single change, one item per ticket, so
 * each ticket's change is sent, retried or stopped in conflict on its own.
 *
 * A selection can be a whole view of 100,000 tickets. Queueing costs about
 * 0.1 ms a ticket (the row, the local copy, its tag rows), and every
 * commit wakes the store's listeners (the lists recount, the outbox
 * rereads), so the async variants commit in chunks, one per idle
 * callback, sized from what the previous chunk cost per ticket. What the
 * listeners do after a commit in their own idle callbacks (TendOutbox
 * reads every unsent item again, which grows with the batch) is measured
 * too: a chunk then grows to cost about as much (up to CHUNK_MAX_US), so
 * that work is done once per chunk of comparable size rather than once
 * per small chunk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-bulk-edit"

#include "config.h"

#include "tend-bulk-edit.h"

/* What one chunk should cost, listeners included: a couple of frames, so
 * drawing and input get their turn in between. */
#define CHUNK_TARGET_US  25000
/* ...and at most this, whatever the listeners cost. A chunk as long as
 * their work stalls the window no longer than their work already does,
 * and keeps the number of their rereads (and the total time) down: with
 * TendOutbox rereading every unsent item after each commit, 25 ms chunks
 * made undoing 20,000 changes take 30 s instead of 9. */
#define CHUNK_MAX_US     500000
#define FIRST_CHUNK      64
#define MIN_CHUNK        16
#define MAX_CHUNK        20000

GArray *
tend_bulk_edit_apply (TendOutbox           *outbox,
                      const gint64         *ticket_ids,
                      guint                 n_tickets,
                      const TendOutboxEdit *edit,
                      GError              **error)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (ticket_ids != NULL || n_tickets == 0, NULL);
  g_return_val_if_fail (edit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* One transaction: half a bulk change would leave the agent guessing
   * which tickets changed. */
  return tend_outbox_enqueue_many (outbox, ticket_ids, n_tickets, edit, error);
}

guint
tend_bulk_edit_undo (TendOutbox *outbox,
                     GArray     *item_ids,
                     guint      *n_kept)
{
  g_autoptr(GError) error = NULL;
  guint discarded = 0;
  guint kept = 0;

  g_return_val_if_fail (TEND_IS_OUTBOX (outbox), 0);
  g_return_val_if_fail (item_ids != NULL, 0);

  /* Newest first (the outbox does that): a later item of the same ticket
   * was based on the earlier one's result. */
  if (!tend_outbox_discard_many (outbox, (const gint64 *) (gpointer) item_ids->data, item_ids->len,
                                 &discarded, &kept, &error))
    {
      g_warning ("Could not undo %u changes: %s", item_ids->len, error->message);
      kept = item_ids->len;
    }

  if (n_kept != NULL)
    *n_kept = kept;
  return discarded;
}

/* Chunked, asynchronous */

typedef struct
{
  TendOutbox           *outbox;
  GArray               *input;      /* ticket ids (apply) or item ids (undo) */
  GArray               *items;      /* apply: the items queued so far */
  guint                 done;
  guint                 chunk;
  gint64                last_end;   /* when the previous chunk finished */
  guint                 discarded;
  guint                 kept;

  TendOutboxEdit        edit;       /* apply: points into the copies below */
  char                 *comment;
  char                 *ticket_type;
  char                **add_tags;
  char                **remove_tags;

  TendBulkEditProgress  progress;
  gpointer              progress_data;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->outbox);
  g_clear_pointer (&job->input, g_array_unref);
  g_clear_pointer (&job->items, g_array_unref);
  g_free (job->comment);
  g_free (job->ticket_type);
  g_strfreev (job->add_tags);
  g_strfreev (job->remove_tags);
  g_free (job);
}

static Job *
job_new (TendOutbox           *outbox,
         GArray               *input,
         TendBulkEditProgress  progress,
         gpointer              progress_data)
{
  Job *job = g_new0 (Job, 1);

  job->outbox = g_object_ref (outbox);
  job->input = g_array_ref (input);
  job->chunk = FIRST_CHUNK;
  job->progress = progress;
  job->progress_data = progress_data;
  return job;
}

/* The next chunk's size, from what the last one cost per ticket, and
 * what ran in between (@overhead_us: the listeners' idle work, drawing). */
static void
adapt_chunk (Job    *job,
             guint   n,
             gint64  elapsed_us,
             gint64  overhead_us)
{
  gint64 per_ticket = MAX (elapsed_us / MAX (n, 1), 1);
  gint64 target = CLAMP (overhead_us, CHUNK_TARGET_US, CHUNK_MAX_US);

  job->chunk = (guint) CLAMP (target / per_ticket, MIN_CHUNK, MAX_CHUNK);
  job->last_end = g_get_monotonic_time ();
}

static gint64
overhead_since (Job    *job,
                gint64  now)
{
  return job->last_end > 0 ? now - job->last_end : 0;
}

static GTask *
start_task (TendOutbox          *outbox,
            Job                 *job,
            GCancellable        *cancellable,
            GSourceFunc          step,
            gpointer             source_tag,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (outbox, cancellable, callback, user_data);
  g_autoptr(GSource) source = g_idle_source_new ();

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, job_free);
  /* Below drawing (GDK_PRIORITY_REDRAW) and input: they go first. */
  g_task_set_priority (task, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_static_name (source, "[tend] bulk edit");
  g_task_attach_source (task, source, step);
  return task;
}

static gboolean
apply_step (gpointer data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint total = job->input->len;
  guint n = MIN (job->chunk, total - job->done);
  gint64 start = g_get_monotonic_time ();
  gboolean failed = g_task_return_error_if_cancelled (task);

  if (!failed && n > 0)
    {
      items = tend_outbox_enqueue_many (job->outbox,
                                        &g_array_index (job->input, gint64, job->done), n,
                                        &job->edit, &error);
      if (items == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          failed = TRUE;
        }
    }

  if (failed)
    {
      /* All or nothing: what earlier chunks queued goes again. */
      if (job->items->len > 0)
        tend_bulk_edit_undo (job->outbox, job->items, NULL);
      return G_SOURCE_REMOVE;
    }

  g_array_append_vals (job->items, items != NULL ? items->data : NULL, items != NULL ? items->len : 0);
  job->done += n;
  adapt_chunk (job, n, g_get_monotonic_time () - start, overhead_since (job, start));
  if (job->progress != NULL)
    job->progress (job->done, total, job->progress_data);

  if (job->done < total)
    return G_SOURCE_CONTINUE;

  g_task_return_pointer (task, g_array_ref (job->items), (GDestroyNotify) g_array_unref);
  return G_SOURCE_REMOVE;
}

static char **
dup_tags (const char * const *tags)
{
  return tags != NULL ? g_strdupv ((char **) tags) : NULL;
}

void
tend_bulk_edit_apply_async (TendOutbox           *outbox,
                            GArray               *ticket_ids,
                            const TendOutboxEdit *edit,
                            GCancellable         *cancellable,
                            TendBulkEditProgress  progress,
                            gpointer              progress_data,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (TEND_IS_OUTBOX (outbox));
  g_return_if_fail (ticket_ids != NULL);
  g_return_if_fail (edit != NULL);

  job = job_new (outbox, ticket_ids, progress, progress_data);
  job->items = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ticket_ids->len);
  job->edit = *edit;
  job->comment = g_strdup (edit->comment);
  job->ticket_type = g_strdup (edit->ticket_type);
  job->add_tags = dup_tags (edit->add_tags);
  job->remove_tags = dup_tags (edit->remove_tags);
  job->edit.comment = job->comment;
  job->edit.ticket_type = job->ticket_type;
  job->edit.add_tags = (const char * const *) job->add_tags;
  job->edit.remove_tags = (const char * const *) job->remove_tags;

  task = start_task (outbox, job, cancellable, apply_step, tend_bulk_edit_apply_async,
                     callback, user_data);
}

GArray *
tend_bulk_edit_apply_finish (TendOutbox    *outbox,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, outbox), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
undo_step (gpointer data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint total = job->input->len;
  guint n = MIN (job->chunk, total - job->done);
  gint64 start = g_get_monotonic_time ();
  guint discarded = 0;
  guint kept = 0;

  /* Cancelling an undo leaves the rest as it is: both halves are
   * consistent states the agent can see in the outbox. */
  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  /* From the end: the newest items go first. */
  if (n > 0 &&
      !tend_outbox_discard_many (job->outbox,
                                 &g_array_index (job->input, gint64, total - job->done - n), n,
                                 &discarded, &kept, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }

  job->discarded += discarded;
  job->kept += kept;
  job->done += n;
  adapt_chunk (job, n, g_get_monotonic_time () - start, overhead_since (job, start));
  if (job->progress != NULL)
    job->progress (job->done, total, job->progress_data);

  if (job->done < total)
    return G_SOURCE_CONTINUE;

  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

void
tend_bulk_edit_undo_async (TendOutbox           *outbox,
                           GArray               *item_ids,
                           GCancellable         *cancellable,
                           TendBulkEditProgress  progress,
                           gpointer              progress_data,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TEND_IS_OUTBOX (outbox));
  g_return_if_fail (item_ids != NULL);

  task = start_task (outbox, job_new (outbox, item_ids, progress, progress_data), cancellable,
                     undo_step, tend_bulk_edit_undo_async, callback, user_data);
}

guint
tend_bulk_edit_undo_finish (TendOutbox    *outbox,
                            GAsyncResult  *result,
                            guint         *n_kept,
                            GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, outbox), 0);

  job = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;
  if (n_kept != NULL)
    *n_kept = job->kept;
  return job->discarded;
}
