/* tend-sync.c: pulls a helpdesk's changes into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-sync"

#include "config.h"

#include <sqlite3.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <glib/gi18n.h>

#include "tend-article.h"
#include "tend-changeset.h"
#include "tend-comment.h"
#include "tend-macro.h"
#include "tend-store.h"
#include "tend-sync.h"
#include "tend-ticket.h"
#include "tend-user.h"

/* Streams in sync_state. */
#define STREAM_TICKETS  "tickets"
#define STREAM_COMMENTS "comments"
#define STREAM_ARTICLES "articles"
#define STREAM_MACROS   "macros"

/* Agents fetch conversations ticket by ticket: at once for tickets that
 * are unsolved or changed within this window, later for the rest. */
#define EAGER_WINDOW_SECONDS      (14 * 24 * 3600)
#define DEFAULT_BACKLOG_LIMIT     500
/* Tickets whose conversations go into one write in the background. */
#define BACKLOG_BATCH             25
/* The background backlog stops when less of the server's request budget
 * is left (percent). */
#define BACKLOG_MIN_BUDGET        25
/* Ids looked up per USERS-phase write; the backend chunks requests. */
#define HOLES_BATCH               500
#define MAX_HOLES                 20000

/* Snapshot of a run's progress, handed from the worker to the main
 * context. */
typedef struct
{
  TendSyncPhase phase;
  guint64       items;
  guint         pages;
  guint64       total;
  guint64       n_tickets;
  guint64       n_comments;
} Progress;

struct _TendSync
{
  GObject       parent_instance;

  TendStore    *store;
  TendBackend  *backend;
  GMainContext *context;

  /* Main-context state behind the properties. */
  Progress      progress;
  char         *last_error;
  GError       *error;           /* the last run's failure, NULL after a success */
  gboolean      online;
  gboolean      running;
  guint         backlog_limit;
  guint         interval;
  GSource      *timer;

  /* The outbox and connectivity (main context). */
  TendOutbox   *outbox;
  TendConnectivity *connectivity;
  GSource      *retry_source;
  guint         retry_delay_s;
  gboolean      run_again;       /* something was queued during a run */
  gboolean      reporting;       /* our own report is changing "online" */
  TendOutboxPushStats push_stats;

  /* Worker → main hand-over. */
  GMutex        lock;
  Progress      pending;
  /* Phase changes not yet seen by the main context: figures are
   * coalesced, but every phase is reported, in order. */
  GArray       *pending_phases;  /* Progress */
  gboolean      update_queued;
};

G_DEFINE_FINAL_TYPE (TendSync, tend_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BACKEND,
  PROP_PHASE,
  PROP_ITEMS,
  PROP_PAGES,
  PROP_TOTAL,
  PROP_TICKETS,
  PROP_COMMENTS,
  PROP_LAST_ERROR,
  PROP_ERROR,
  PROP_ONLINE,
  PROP_RUNNING,
  PROP_INTERVAL,
  N_PROPS
};

enum {
  PROGRESS,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
tend_sync_phase_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { TEND_SYNC_PHASE_IDLE, "TEND_SYNC_PHASE_IDLE", "idle" },
        { TEND_SYNC_PHASE_CONNECTING, "TEND_SYNC_PHASE_CONNECTING", "connecting" },
        { TEND_SYNC_PHASE_TICKETS, "TEND_SYNC_PHASE_TICKETS", "tickets" },
        { TEND_SYNC_PHASE_COMMENTS, "TEND_SYNC_PHASE_COMMENTS", "comments" },
        { TEND_SYNC_PHASE_USERS, "TEND_SYNC_PHASE_USERS", "users" },
        { TEND_SYNC_PHASE_ARTICLES, "TEND_SYNC_PHASE_ARTICLES", "articles" },
        { TEND_SYNC_PHASE_MACROS, "TEND_SYNC_PHASE_MACROS", "macros" },
        { TEND_SYNC_PHASE_DONE, "TEND_SYNC_PHASE_DONE", "done" },
        { TEND_SYNC_PHASE_FAILED, "TEND_SYNC_PHASE_FAILED", "failed" },
        { TEND_SYNC_PHASE_OUTBOX, "TEND_SYNC_PHASE_OUTBOX", "outbox" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static (g_intern_static_string ("TendSyncPhase"), values);

      g_once_init_leave (&type_id, id);
    }
  return type_id;
}

const char *
tend_sync_phase_to_string (TendSyncPhase phase)
{
  GEnumClass *klass = g_type_class_ref (TEND_TYPE_SYNC_PHASE);
  GEnumValue *value = g_enum_get_value (klass, phase);
  const char *nick = value != NULL ? value->value_nick : NULL;

  g_type_class_unref (klass);
  return nick;
}

/* Worker side */

typedef struct
{
  TendSync      *self;          /* a reference: the worker only takes the lock */
  TendStore     *store;
  TendBackend   *backend;
  TendOutbox    *outbox;
  TendOutboxPushStats push_stats;
  GHashTable    *cursors;       /* stream → cursor, read before the run */
  guint          backlog_limit;
  gboolean       incremental;
  sqlite3       *db;            /* read-only, opened by the worker */
  GHashTable    *deleted;       /* ticket ids deleted during this run */
  /* The pipeline: the worker fetches and parses page N+1 while the
   * writer thread commits page N, in order. */
  GMutex         lock;          /* guards progress and the fields below */
  GCond          cond;
  Progress       progress;
  GThread       *writer;
  GAsyncQueue   *queue;         /* TendChangeset, or the run itself to stop */
  guint          pending;       /* pages queued or being written */
  GError        *write_error;   /* the first failed write; later pages are dropped */
} Run;

static void
run_free (Run *run)
{
  g_assert (run->writer == NULL);
  g_clear_pointer (&run->queue, g_async_queue_unref);
  g_clear_error (&run->write_error);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->cond);
  g_clear_object (&run->self);
  g_clear_object (&run->store);
  g_clear_object (&run->backend);
  g_clear_object (&run->outbox);
  g_clear_pointer (&run->cursors, g_hash_table_unref);
  g_clear_pointer (&run->deleted, g_hash_table_unref);
  g_clear_pointer (&run->db, sqlite3_close);
  g_free (run);
}

static void apply_pending (TendSync *self);

static gboolean
apply_pending_cb (gpointer data)
{
  apply_pending (TEND_SYNC (data));
  return G_SOURCE_REMOVE;
}

/* Hands the run's progress to the main context. At most one hand-over is
 * queued at a time; it carries the latest figures when it runs, so a fast
 * worker cannot flood the main loop. */
static void
publish (Run *run)
{
  TendSync *self = run->self;
  gboolean queued;

  g_mutex_lock (&run->lock);
  g_mutex_lock (&self->lock);
  if (run->progress.phase != self->pending.phase)
    g_array_append_val (self->pending_phases, run->progress);
  self->pending = run->progress;
  g_mutex_unlock (&run->lock);
  queued = self->update_queued;
  self->update_queued = TRUE;
  g_mutex_unlock (&self->lock);

  /* An idle source rather than g_main_context_invoke(): invoke would run
   * the callback right here, in the worker, whenever it manages to
   * acquire the context while the main thread is between iterations. */
  if (!queued)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, apply_pending_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[tend] TendSync progress");
      g_source_attach (source, self->context);
    }
}

static void
set_phase (Run           *run,
           TendSyncPhase  phase)
{
  g_mutex_lock (&run->lock);
  run->progress.phase = phase;
  run->progress.total = 0;
  g_mutex_unlock (&run->lock);
  publish (run);
}

static void
set_total (Run     *run,
           guint64  total)
{
  g_mutex_lock (&run->lock);
  run->progress.total = total;
  g_mutex_unlock (&run->lock);
  publish (run);
}

/* Sync threads yield the CPU to the main thread: when cores are scarce,
 * a frame of the UI matters more than a page of sync. (Linux keeps a nice
 * value per thread.) */
static void
lower_thread_priority (void)
{
#ifdef __linux__
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
#endif
}

static gpointer
writer_thread (gpointer data)
{
  Run *run = data;

  lower_thread_priority ();

  for (;;)
    {
      gpointer item = g_async_queue_pop (run->queue);
      g_autoptr(TendChangeset) changes = NULL;
      g_autoptr(GError) error = NULL;
      gboolean failed;

      if (item == run)
        break;
      changes = item;

      g_mutex_lock (&run->lock);
      failed = run->write_error != NULL;
      g_mutex_unlock (&run->lock);

      /* After a failed page nothing behind it may land: its cursor would
       * skip the rows that were lost. */
      if (!failed && !tend_store_write (run->store, changes, &error))
        failed = TRUE;

      g_mutex_lock (&run->lock);
      if (error != NULL && run->write_error == NULL)
        run->write_error = g_steal_pointer (&error);
      if (!failed)
        {
          run->progress.items += tend_changeset_get_n_rows (changes);
          run->progress.pages++;
          run->progress.n_tickets += changes->tickets->len + changes->deleted_ticket_ids->len;
          run->progress.n_comments += changes->comments->len;
        }
      run->pending--;
      g_cond_broadcast (&run->cond);
      g_mutex_unlock (&run->lock);

      if (!failed)
        publish (run);
    }
  return NULL;
}

static gboolean
take_write_error_locked (Run     *run,
                         GError **error)
{
  if (run->write_error == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (run->write_error));
  return FALSE;
}

/* Hands a page to the writer; waits while two are already queued, so
 * memory stays bounded when the disk is slower than the network. Takes
 * ownership of @changes. */
static gboolean
write_page (Run            *run,
            TendChangeset  *changes,
            GError        **error)
{
  gboolean ok;

  if (tend_changeset_is_empty (changes))
    {
      tend_changeset_free (changes);
      return TRUE;
    }

  g_mutex_lock (&run->lock);
  while (run->pending >= 2 && run->write_error == NULL)
    g_cond_wait (&run->cond, &run->lock);
  ok = take_write_error_locked (run, error);
  if (ok)
    run->pending++;
  g_mutex_unlock (&run->lock);

  if (!ok)
    {
      tend_changeset_free (changes);
      return FALSE;
    }
  g_async_queue_push (run->queue, changes);
  return TRUE;
}

/* Waits until every queued page is committed (before reading the store,
 * and at the end of a run). */
static gboolean
flush_writes (Run     *run,
              GError **error)
{
  gboolean ok;

  g_mutex_lock (&run->lock);
  while (run->pending > 0)
    g_cond_wait (&run->cond, &run->lock);
  ok = take_write_error_locked (run, error);
  g_mutex_unlock (&run->lock);
  return ok;
}

static const char *
get_cursor (Run        *run,
            const char *stream)
{
  const char *cursor = g_hash_table_lookup (run->cursors, stream);

  return cursor != NULL && cursor[0] != '\0' ? cursor : NULL;
}

/* Remembers the cursor just committed, for the next page of the run. */
static void
set_cursor (Run           *run,
            TendChangeset *changes,
            const char    *stream,
            const char    *cursor)
{
  /* An empty cursor (not NULL) so the store row is overwritten: "start
   * this stream over next time". */
  tend_changeset_set_cursor (changes, stream, cursor != NULL ? cursor : "");
  g_hash_table_insert (run->cursors, g_strdup (stream), g_strdup (cursor != NULL ? cursor : ""));
}

static gboolean
open_db (Run     *run,
         GError **error)
{
  int rc;

  if (run->db != NULL)
    return TRUE;

  /* A connection of our own, read-only and used only by this thread: the
   * store's reader belongs to the main thread. WAL lets it read while the
   * writer commits. */
  rc = sqlite3_open_v2 (tend_store_get_path (run->store), &run->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                   _("Cannot read the local copy: %s"),
                   run->db != NULL ? sqlite3_errmsg (run->db) : sqlite3_errstr (rc));
      g_clear_pointer (&run->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_busy_timeout (run->db, 5000);
  return TRUE;
}

/* The ids a query returns (one integer column, one bound integer limit). */
static GArray *
query_ids (Run         *run,
           const char  *sql,
           gint64       limit,
           GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!open_db (run, error))
    return NULL;

  rc = sqlite3_prepare_v2 (run->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                   _("Cannot read the local copy: %s"), sqlite3_errmsg (run->db));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                   _("Cannot read the local copy: %s"), sqlite3_errmsg (run->db));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static gboolean
is_eager (Run        *run,
          TendTicket *ticket,
          gint64      now)
{
  if (run->incremental)
    return TRUE;
  if (tend_ticket_get_status (ticket) < TEND_TICKET_STATUS_SOLVED)
    return TRUE;
  return tend_ticket_get_updated_at (ticket) >= now - EAGER_WINDOW_SECONDS;
}

/* A ticket's conversation; a ticket deleted meanwhile is no error. */
static gboolean
pull_conversation (Run            *run,
                   gint64          ticket_id,
                   TendChangeset  *changes,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (tend_backend_pull_ticket_comments (run->backend, ticket_id, changes,
                                         cancellable, &local_error))
    return TRUE;
  if (g_error_matches (local_error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
    {
      g_debug ("Ticket %" G_GINT64_FORMAT " is gone; skipping its comments", ticket_id);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

typedef gboolean (*PullFunc) (TendBackend    *backend,
                              const char     *cursor,
                              TendChangeset  *changes,
                              char          **next_cursor,
                              gboolean       *end_of_stream,
                              GCancellable   *cancellable,
                              GError        **error);

/* What a stream does with a page before the page is written. */
typedef gboolean (*PageFunc) (Run            *run,
                              TendChangeset  *changes,
                              gpointer        user_data,
                              GCancellable   *cancellable,
                              GError        **error);

/* Reads @stream page by page from its cursor to its end, writing each
 * page with the cursor that follows it. A list read whole at every sync
 * (@restart_at_end: articles, macros) forgets its cursor at the end; the
 * other streams resume from it next time. */
static gboolean
sync_stream (Run           *run,
             const char    *stream,
             PullFunc       pull,
             gboolean       restart_at_end,
             PageFunc       page_func,
             gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  gboolean end = FALSE;

  while (!end)
    {
      g_autoptr(TendChangeset) changes = tend_changeset_new ();
      g_autofree char *next = NULL;

      if (!pull (run->backend, get_cursor (run, stream), changes, &next, &end,
                 cancellable, error))
        return FALSE;
      if (page_func != NULL && !page_func (run, changes, user_data, cancellable, error))
        return FALSE;
      set_cursor (run, changes, stream, restart_at_end && end ? NULL : next);
      if (!write_page (run, g_steal_pointer (&changes), error))
        return FALSE;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gboolean per_ticket;
  gint64   now;
} TicketPages;

static gboolean
ticket_page (Run            *run,
             TendChangeset  *changes,
             gpointer        user_data,
             GCancellable   *cancellable,
             GError        **error)
{
  TicketPages *pages = user_data;

  /* The conversations the agent will want first come with their
   * tickets, in the same transaction. */
  if (pages->per_ticket)
    {
      guint n = changes->tickets->len;

      for (guint i = 0; i < n; i++)
        {
          TendTicket *ticket = g_ptr_array_index (changes->tickets, i);

          if (!is_eager (run, ticket, pages->now))
            continue;
          if (!pull_conversation (run, tend_ticket_get_id (ticket), changes, cancellable, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < changes->deleted_ticket_ids->len; i++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = g_array_index (changes->deleted_ticket_ids, gint64, i);
      g_hash_table_add (run->deleted, id);
    }
  return TRUE;
}

static gboolean
sync_tickets (Run           *run,
              GCancellable  *cancellable,
              GError       **error)
{
  TicketPages pages = {
    .per_ticket = tend_backend_get_comment_mode (run->backend) == TEND_BACKEND_COMMENTS_PER_TICKET,
    .now = g_get_real_time () / G_USEC_PER_SEC,
  };

  set_phase (run, TEND_SYNC_PHASE_TICKETS);
  return sync_stream (run, STREAM_TICKETS, tend_backend_pull_tickets, FALSE,
                      ticket_page, &pages, cancellable, error);
}

/* The events export still lists the comments of tickets deleted since;
 * the store would keep them as orphans. */
static gboolean
drop_deleted_comments (Run            *run,
                       TendChangeset  *changes,
                       gpointer        user_data,
                       GCancellable   *cancellable,
                       GError        **error)
{
  for (guint i = changes->comments->len; i > 0; i--)
    {
      gint64 ticket_id = tend_comment_get_ticket_id (g_ptr_array_index (changes->comments, i - 1));

      if (g_hash_table_contains (run->deleted, &ticket_id))
        g_ptr_array_remove_index (changes->comments, i - 1);
    }
  return TRUE;
}

static gboolean
sync_comment_stream (Run           *run,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return sync_stream (run, STREAM_COMMENTS, tend_backend_pull_comments, FALSE,
                      drop_deleted_comments, NULL, cancellable, error);
}

/* The conversations not fetched with their tickets: tickets without a
 * single comment in the store, newest first, as many as the backlog limit
 * allows and while the server's budget lasts. The store itself is the
 * bookkeeping, so an interrupted backlog simply continues next time. */
static gboolean
sync_comment_backlog (Run           *run,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  gint64 limit = run->backlog_limit > 0 ? run->backlog_limit : G_MAXINT64;

  if (!flush_writes (run, error))
    return FALSE;
  ids = query_ids (run,
                   "SELECT id FROM tickets WHERE comment_count = 0 "
                   "ORDER BY updated_at DESC LIMIT ?1",
                   limit, error);
  if (ids == NULL)
    return FALSE;

  set_total (run, ids->len);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      int budget = tend_backend_get_request_budget (run->backend);

      if (budget >= 0 && budget < BACKLOG_MIN_BUDGET)
        {
          g_debug ("%d%% of the request budget left: the rest of the backlog waits", budget);
          break;
        }
      if (!pull_conversation (run, id, changes, cancellable, error))
        return FALSE;

      if ((i + 1) % BACKLOG_BATCH == 0)
        {
          if (!write_page (run, g_steal_pointer (&changes), error))
            return FALSE;
          changes = tend_changeset_new ();
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  return write_page (run, g_steal_pointer (&changes), error);
}

/* People and organizations the tickets and comments refer to but the
 * store lacks (the search export sends none along; the ticket events
 * export none for comment authors). */
static gboolean
sync_holes (Run           *run,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GArray) users = NULL;
  g_autoptr(GArray) organizations = NULL;

  if (!flush_writes (run, error))
    return FALSE;
  users = query_ids (run,
                     "SELECT id FROM ("
                     "  SELECT requester_id AS id FROM tickets"
                     "  UNION SELECT submitter_id FROM tickets"
                     "  UNION SELECT assignee_id FROM tickets"
                     "  UNION SELECT author_id FROM comments"
                     ") WHERE id > 0 AND id NOT IN (SELECT id FROM users) "
                     "ORDER BY id LIMIT ?1",
                     MAX_HOLES, error);
  if (users == NULL)
    return FALSE;

  set_total (run, users->len);

  for (guint start = 0; start < users->len; start += HOLES_BATCH)
    {
      g_autoptr(TendChangeset) changes = tend_changeset_new ();

      if (!tend_backend_pull_users (run->backend,
                                    &g_array_index (users, gint64, start),
                                    MIN (HOLES_BATCH, users->len - start),
                                    changes, cancellable, error))
        return FALSE;
      if (!write_page (run, g_steal_pointer (&changes), error))
        return FALSE;
    }

  /* After the users: their organizations count too. */
  if (!flush_writes (run, error))
    return FALSE;
  organizations = query_ids (run,
                             "SELECT id FROM ("
                             "  SELECT organization_id AS id FROM tickets"
                             "  UNION SELECT organization_id FROM users"
                             ") WHERE id > 0 AND id NOT IN (SELECT id FROM organizations) "
                             "ORDER BY id LIMIT ?1",
                             MAX_HOLES, error);
  if (organizations == NULL)
    return FALSE;

  for (guint start = 0; start < organizations->len; start += HOLES_BATCH)
    {
      g_autoptr(TendChangeset) changes = tend_changeset_new ();

      if (!tend_backend_pull_organizations (run->backend,
                                            &g_array_index (organizations, gint64, start),
                                            MIN (HOLES_BATCH, organizations->len - start),
                                            changes, cancellable, error))
        return FALSE;
      if (!write_page (run, g_steal_pointer (&changes), error))
        return FALSE;
    }
  return TRUE;
}

typedef enum
{
  LIST_ARTICLES,
  LIST_MACROS,
} ListKind;

typedef struct
{
  ListKind  kind;
  GArray   *seen;     /* gint64: every id of this pass */
} ListPass;

static gboolean
list_page (Run            *run,
           TendChangeset  *changes,
           gpointer        user_data,
           GCancellable   *cancellable,
           GError        **error)
{
  ListPass *pass = user_data;
  GPtrArray *items = pass->kind == LIST_ARTICLES ? changes->articles : changes->macros;

  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = pass->kind == LIST_ARTICLES ?
        tend_article_get_id (g_ptr_array_index (items, i)) :
        tend_macro_get_id (g_ptr_array_index (items, i));

      g_array_append_val (pass->seen, id);
    }
  return TRUE;
}

/* A list read whole at every sync (articles, macros). A pass that read
 * the list from its first page to its end has seen every id the helpdesk
 * has, so what the store holds beyond those was deleted there. A pass
 * resumed halfway (after an interruption) has not, and removes nothing:
 * the next one, which starts over, does. The lists are read whole
 * (Zendesk's Help Center has an incremental article export, which would
 * list deletions, but the backend does not use it). */
static gboolean
sync_list (Run           *run,
           const char    *stream,
           PullFunc       pull,
           ListKind       kind,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  ListPass pass = { kind, seen };
  gboolean whole = get_cursor (run, stream) == NULL;
  guint n_removed = 0;
  gboolean ok;

  if (!sync_stream (run, stream, pull, TRUE, list_page, &pass, cancellable, error))
    return FALSE;
  if (!whole)
    return TRUE;

  /* The pages must be in before the rest is judged against them. */
  if (!flush_writes (run, error))
    return FALSE;
  if (kind == LIST_ARTICLES)
    ok = tend_store_retain_articles (run->store, seen, &n_removed, error);
  else
    ok = tend_store_retain_macros (run->store, seen, &n_removed, error);
  if (ok && n_removed > 0)
    g_debug ("Removed %u %s the helpdesk no longer has", n_removed, stream);
  return ok;
}

static gboolean
run_sync (Run           *run,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(TendUser) me = NULL;
  g_autoptr(TendChangeset) changes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *me_id = NULL;

  set_phase (run, TEND_SYNC_PHASE_CONNECTING);
  me = tend_backend_who_am_i (run->backend, cancellable, error);
  if (me == NULL)
    return FALSE;

  changes = tend_changeset_new ();
  tend_changeset_add_user (changes, me);
  me_id = g_strdup_printf ("%" G_GINT64_FORMAT, tend_user_get_id (me));
  tend_changeset_set_meta (changes, "me", me_id);
  if (!tend_store_write (run->store, changes, error))
    return FALSE;

  /* The agent's changes go before anything is pulled: the pull then
   * brings them back as the helpdesk has them, and a ticket that changed
   * meanwhile is caught by the conflict guard rather than overwritten. */
  set_phase (run, TEND_SYNC_PHASE_OUTBOX);
  if (!tend_outbox_push (run->outbox, run->backend, &run->push_stats, cancellable, error))
    return FALSE;

  if (!sync_tickets (run, cancellable, error))
    return FALSE;

  set_phase (run, TEND_SYNC_PHASE_COMMENTS);
  if (tend_backend_get_comment_mode (run->backend) == TEND_BACKEND_COMMENTS_STREAM)
    {
      if (!sync_comment_stream (run, cancellable, error))
        return FALSE;
    }
  else if (!sync_comment_backlog (run, cancellable, error))
    return FALSE;

  set_phase (run, TEND_SYNC_PHASE_USERS);
  if (!sync_holes (run, cancellable, error))
    return FALSE;

  set_phase (run, TEND_SYNC_PHASE_ARTICLES);
  if (!sync_list (run, STREAM_ARTICLES, tend_backend_pull_articles, LIST_ARTICLES, cancellable, error))
    return FALSE;

  set_phase (run, TEND_SYNC_PHASE_MACROS);
  if (!sync_list (run, STREAM_MACROS, tend_backend_pull_macros, LIST_MACROS, cancellable, error))
    return FALSE;

  /* Views are a nicety: an agent not allowed to list them still syncs. */
  g_clear_pointer (&changes, tend_changeset_free);
  changes = tend_changeset_new ();
  if (!tend_backend_pull_views (run->backend, changes, cancellable, &local_error))
    {
      if (!g_error_matches (local_error, TEND_ERROR, TEND_ERROR_AUTH) &&
          !g_error_matches (local_error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("Views not synced: %s", local_error->message);
    }
  else if (!write_page (run, g_steal_pointer (&changes), error))
    return FALSE;

  return TRUE;
}

/* A thread of its own rather than GTask's pool: a sync may run for
 * minutes, and the pool is shared with every short task of the process. */
static gpointer
run_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  gboolean ok;

  lower_thread_priority ();
  run->queue = g_async_queue_new_full ((GDestroyNotify) tend_changeset_free);
  run->writer = g_thread_new ("tend-sync-writer", writer_thread, run);

  ok = run_sync (run, cancellable, &error);

  /* Pages fetched before a failure or a cancellation are whole pages
   * with their cursors: they are committed, not thrown away. */
  if (ok)
    ok = flush_writes (run, &error);
  else
    flush_writes (run, NULL);
  g_async_queue_push (run->queue, run);
  g_thread_join (g_steal_pointer (&run->writer));
  g_clear_pointer (&run->db, sqlite3_close);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  return NULL;
}

/* Main side */

static void
apply_progress (TendSync       *self,
                const Progress *progress)
{
  Progress old = self->progress;

  self->progress = *progress;

  g_object_freeze_notify (G_OBJECT (self));
  if (old.phase != progress->phase)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
  if (old.items != progress->items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEMS]);
  if (old.pages != progress->pages)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGES]);
  if (old.total != progress->total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  if (old.n_tickets != progress->n_tickets)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKETS]);
  if (old.n_comments != progress->n_comments)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMENTS]);
  g_object_thaw_notify (G_OBJECT (self));

  if (old.phase != progress->phase || old.items != progress->items ||
      old.pages != progress->pages || old.total != progress->total)
    g_signal_emit (self, signals[PROGRESS], 0,
                   progress->phase, progress->items, progress->pages);
}

/* Takes the phase steps and the latest figures queued by the worker. */
static GArray *
take_pending (TendSync *self,
              Progress *latest,
              gboolean *queued)
{
  GArray *steps;

  g_mutex_lock (&self->lock);
  *latest = self->pending;
  *queued = self->update_queued;
  self->update_queued = FALSE;
  steps = self->pending_phases;
  self->pending_phases = g_array_new (FALSE, FALSE, sizeof (Progress));
  g_mutex_unlock (&self->lock);

  return steps;
}

static void
apply_pending (TendSync *self)
{
  g_autoptr(GArray) steps = NULL;
  Progress progress;
  gboolean queued;

  steps = take_pending (self, &progress, &queued);

  /* A run that already finished has applied its final figures. */
  if (!queued || !self->running)
    return;
  for (guint i = 0; i < steps->len; i++)
    apply_progress (self, &g_array_index (steps, Progress, i));
  apply_progress (self, &progress);
}

static void
set_last_error (TendSync   *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* The message and the error change together: "last-error" first, so a
 * handler of notify::error reads both current. */
static void
set_error (TendSync     *self,
           const GError *error)
{
  set_last_error (self, error != NULL ? error->message : NULL);
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_online (TendSync *self,
            gboolean  online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
set_running (TendSync *self,
             gboolean  running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void after_run (TendSync     *self,
                       const GError *error);

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TendSync *self = TEND_SYNC (source);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) steps = NULL;
  Run *run = g_task_get_task_data (G_TASK (result));
  Progress final;
  gboolean queued;

  self->push_stats = run->push_stats;
  steps = take_pending (self, &final, &queued);
  for (guint i = 0; i < steps->len; i++)
    apply_progress (self, &g_array_index (steps, Progress, i));

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      final.phase = TEND_SYNC_PHASE_DONE;
      final.total = 0;
      apply_progress (self, &final);
      set_error (self, NULL);
      set_online (self, TRUE);
      set_running (self, FALSE);
      g_task_return_boolean (outer, TRUE);
      after_run (self, NULL);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    final.phase = TEND_SYNC_PHASE_IDLE;
  else
    {
      final.phase = TEND_SYNC_PHASE_FAILED;
      set_error (self, error);
      set_online (self, !g_error_matches (error, TEND_ERROR, TEND_ERROR_NETWORK) &&
                        !g_error_matches (error, TEND_ERROR, TEND_ERROR_OFFLINE));
    }
  final.total = 0;
  apply_progress (self, &final);
  set_running (self, FALSE);
  /* Every failure is announced, the same one twice too (a wrong token
   * stays wrong at every interval): whoever started the run. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[FAILED], 0, error);
  g_task_return_error (outer, g_error_copy (error));
  after_run (self, error);
}

static const char * const streams[] = {
  STREAM_TICKETS, STREAM_COMMENTS, STREAM_ARTICLES, STREAM_MACROS,
};

void
tend_sync_run_async (TendSync            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  Run *run;

  g_return_if_fail (TEND_IS_SYNC (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, tend_sync_run_async);

  if (self->running)
    {
      g_task_return_new_error (outer, TEND_ERROR, TEND_ERROR_FAILED,
                               _("A sync of this account is already running"));
      return;
    }

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->store = g_object_ref (self->store);
  run->backend = g_object_ref (self->backend);
  run->outbox = g_object_ref (tend_sync_get_outbox (self));
  run->backlog_limit = self->backlog_limit;
  g_mutex_init (&run->lock);
  g_cond_init (&run->cond);
  run->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->deleted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  /* Read on this (the store's owner) thread; the worker keeps them up to
   * date in memory as it commits pages. */
  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      char *cursor = tend_store_dup_cursor (self->store, streams[i]);

      if (cursor != NULL)
        g_hash_table_insert (run->cursors, g_strdup (streams[i]), cursor);
    }
  run->incremental = g_hash_table_contains (run->cursors, STREAM_TICKETS) &&
                     ((const char *) g_hash_table_lookup (run->cursors, STREAM_TICKETS))[0] != '\0';

  self->progress.items = 0;
  self->progress.pages = 0;
  self->progress.n_tickets = 0;
  self->progress.n_comments = 0;
  run->progress = self->progress;
  run->progress.phase = TEND_SYNC_PHASE_CONNECTING;
  run->progress.total = 0;
  g_mutex_lock (&self->lock);
  self->pending = run->progress;
  g_array_set_size (self->pending_phases, 0);
  self->update_queued = FALSE;
  g_mutex_unlock (&self->lock);
  set_running (self, TRUE);
  apply_progress (self, &run->progress);

  inner = g_task_new (self, cancellable, run_done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, tend_sync_run_async);
  g_task_set_task_data (inner, run, (GDestroyNotify) run_free);
  g_thread_unref (g_thread_new ("tend-sync", run_thread, g_steal_pointer (&inner)));
}

gboolean
tend_sync_run_finish (TendSync      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Periodic runs */

static gboolean
timer_cb (gpointer data)
{
  TendSync *self = TEND_SYNC (data);

  /* No network at all: nothing to try until it comes back (which starts
   * a run by itself). */
  if (self->connectivity != NULL && !tend_connectivity_get_network_available (self->connectivity))
    return G_SOURCE_CONTINUE;
  if (!self->running)
    tend_sync_run_async (self, NULL, NULL, NULL);
  return G_SOURCE_CONTINUE;
}

/* Outbox and connectivity */

static void
clear_retry (TendSync *self)
{
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
}

/* Starts a run now, or right after the one under way. */
static void
run_soon (TendSync *self)
{
  if (self->running)
    self->run_again = TRUE;
  else
    tend_sync_run_async (self, NULL, NULL, NULL);
}

static gboolean
retry_cb (gpointer data)
{
  TendSync *self = TEND_SYNC (data);

  g_clear_pointer (&self->retry_source, g_source_unref);
  if (self->connectivity == NULL || tend_connectivity_get_network_available (self->connectivity))
    run_soon (self);
  return G_SOURCE_REMOVE;
}

/* The helpdesk did not answer while the network is up: knock again a
 * little later, then less and less often. */
static void
schedule_retry (TendSync *self)
{
  guint cap = self->interval > 0 ? MAX (self->interval, 5) : 300;

  clear_retry (self);
  self->retry_delay_s = self->retry_delay_s == 0 ? 5 : MIN (self->retry_delay_s * 2, cap);
  self->retry_source = g_timeout_source_new_seconds (self->retry_delay_s);
  g_source_set_callback (self->retry_source, retry_cb, self, NULL);
  g_source_set_static_name (self->retry_source, "[tend] reconnect");
  g_source_attach (self->retry_source, self->context);
  g_debug ("Helpdesk out of reach; trying again in %u s", self->retry_delay_s);
}

static void
after_run (TendSync     *self,
           const GError *error)
{
  gboolean again = self->run_again;

  self->run_again = FALSE;
  if (self->connectivity == NULL)
    return;

  /* Our own report must not start another run through notify::online. */
  self->reporting = TRUE;
  if (error == NULL)
    tend_connectivity_report_success (self->connectivity);
  else
    tend_connectivity_report_error (self->connectivity, error);
  self->reporting = FALSE;

  if (error != NULL &&
      (g_error_matches (error, TEND_ERROR, TEND_ERROR_NETWORK) ||
       g_error_matches (error, TEND_ERROR, TEND_ERROR_OFFLINE)))
    {
      if (tend_connectivity_get_network_available (self->connectivity))
        schedule_retry (self);
      return;
    }

  self->retry_delay_s = 0;
  clear_retry (self);
  if (again && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    run_soon (self);
}

static void
on_outbox_queued (TendSync *self,
                  gint64    id)
{
  if (self->connectivity == NULL || !tend_connectivity_get_online (self->connectivity))
    return;
  run_soon (self);
}

static void
on_online_changed (TendSync *self)
{
  gboolean online = tend_connectivity_get_online (self->connectivity);

  set_online (self, online);
  if (!online || self->reporting)
    return;
  clear_retry (self);
  self->retry_delay_s = 0;
  run_soon (self);
}

void
tend_sync_set_outbox (TendSync   *self,
                      TendOutbox *outbox)
{
  g_return_if_fail (TEND_IS_SYNC (self));
  g_return_if_fail (outbox == NULL || TEND_IS_OUTBOX (outbox));
  g_return_if_fail (outbox == NULL || tend_outbox_get_store (outbox) == self->store);

  if (self->outbox == outbox)
    return;
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_func (self->outbox, on_outbox_queued, self);
  g_set_object (&self->outbox, outbox);
  if (outbox != NULL)
    g_signal_connect_object (outbox, "queued", G_CALLBACK (on_outbox_queued), self,
                             G_CONNECT_SWAPPED);
}

TendOutbox *
tend_sync_get_outbox (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), NULL);

  if (self->outbox == NULL)
    {
      g_autoptr(TendOutbox) outbox = tend_outbox_new (self->store);

      tend_sync_set_outbox (self, outbox);
    }
  return self->outbox;
}

void
tend_sync_get_push_stats (TendSync            *self,
                          TendOutboxPushStats *stats)
{
  g_return_if_fail (TEND_IS_SYNC (self));
  g_return_if_fail (stats != NULL);

  *stats = self->push_stats;
}

void
tend_sync_set_connectivity (TendSync         *self,
                            TendConnectivity *connectivity)
{
  g_return_if_fail (TEND_IS_SYNC (self));
  g_return_if_fail (connectivity == NULL || TEND_IS_CONNECTIVITY (connectivity));

  if (self->connectivity == connectivity)
    return;
  if (self->connectivity != NULL)
    g_signal_handlers_disconnect_by_func (self->connectivity, on_online_changed, self);
  clear_retry (self);
  self->retry_delay_s = 0;
  g_set_object (&self->connectivity, connectivity);
  if (connectivity != NULL)
    {
      g_signal_connect_object (connectivity, "notify::online", G_CALLBACK (on_online_changed),
                               self, G_CONNECT_SWAPPED);
      set_online (self, tend_connectivity_get_online (connectivity));
    }
}

TendConnectivity *
tend_sync_get_connectivity (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), NULL);

  return self->connectivity;
}

void
tend_sync_set_interval (TendSync *self,
                        guint     seconds)
{
  g_return_if_fail (TEND_IS_SYNC (self));

  if (self->interval == seconds)
    return;

  self->interval = seconds;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (seconds > 0)
    {
      self->timer = g_timeout_source_new_seconds (seconds);
      g_source_set_callback (self->timer, timer_cb, self, NULL);
      g_source_set_name (self->timer, "[tend] periodic sync");
      g_source_attach (self->timer, self->context);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

guint
tend_sync_get_interval (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), 0);

  return self->interval;
}

/* GObject */

TendSync *
tend_sync_new (TendStore   *store,
               TendBackend *backend)
{
  g_return_val_if_fail (TEND_IS_STORE (store), NULL);
  g_return_val_if_fail (TEND_IS_BACKEND (backend), NULL);

  return g_object_new (TEND_TYPE_SYNC, "store", store, "backend", backend, NULL);
}

static void
tend_sync_dispose (GObject *object)
{
  TendSync *self = TEND_SYNC (object);

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  clear_retry (self);
  tend_sync_set_connectivity (self, NULL);
  tend_sync_set_outbox (self, NULL);

  G_OBJECT_CLASS (tend_sync_parent_class)->dispose (object);
}

static void
tend_sync_finalize (GObject *object)
{
  TendSync *self = TEND_SYNC (object);

  g_clear_object (&self->store);
  g_clear_object (&self->backend);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->pending_phases, g_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tend_sync_parent_class)->finalize (object);
}

static void
tend_sync_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TendSync *self = TEND_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BACKEND:
      g_value_set_object (value, self->backend);
      break;
    case PROP_PHASE:
      g_value_set_enum (value, self->progress.phase);
      break;
    case PROP_ITEMS:
      g_value_set_uint64 (value, self->progress.items);
      break;
    case PROP_PAGES:
      g_value_set_uint (value, self->progress.pages);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->progress.total);
      break;
    case PROP_TICKETS:
      g_value_set_uint64 (value, self->progress.n_tickets);
      break;
    case PROP_COMMENTS:
      g_value_set_uint64 (value, self->progress.n_comments);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_sync_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TendSync *self = TEND_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_BACKEND:
      self->backend = g_value_dup_object (value);
      break;
    case PROP_INTERVAL:
      tend_sync_set_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_sync_class_init (TendSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tend_sync_dispose;
  object_class->finalize = tend_sync_finalize;
  object_class->get_property = tend_sync_get_property;
  object_class->set_property = tend_sync_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TEND_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BACKEND] =
    g_param_spec_object ("backend", NULL, NULL, TEND_TYPE_BACKEND,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, TEND_TYPE_SYNC_PHASE, TEND_SYNC_PHASE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEMS] =
    g_param_spec_uint64 ("items", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGES] =
    g_param_spec_uint ("pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKETS] =
    g_param_spec_uint64 ("tickets", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMMENTS] =
    g_param_spec_uint64 ("comments", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TendSync::progress:
   * @phase: a #TendSyncPhase
   * @items: rows written so far in this run
   * @pages: pages written so far in this run
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, TEND_TYPE_SYNC_PHASE, G_TYPE_UINT64, G_TYPE_UINT);

  /**
   * TendSync::failed:
   * @error: the #GError of the run, in TEND_ERROR (or another domain
   *   for the unexpected)
   *
   * A run failed: one asked for, or one the sync started by itself
   * (interval, reconnect, outbox). Not emitted for a cancelled run.
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tend_sync_init (TendSync *self)
{
  g_mutex_init (&self->lock);
  self->pending_phases = g_array_new (FALSE, FALSE, sizeof (Progress));
  self->context = g_main_context_ref_thread_default ();
  self->online = TRUE;
  self->backlog_limit = DEFAULT_BACKLOG_LIMIT;
}

TendStore *
tend_sync_get_store (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), NULL);
  return self->store;
}

TendBackend *
tend_sync_get_backend (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), NULL);
  return self->backend;
}

TendSyncPhase
tend_sync_get_phase (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), TEND_SYNC_PHASE_IDLE);
  return self->progress.phase;
}

guint64
tend_sync_get_items (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), 0);
  return self->progress.items;
}

guint
tend_sync_get_pages (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), 0);
  return self->progress.pages;
}

guint64
tend_sync_get_total (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), 0);
  return self->progress.total;
}

guint64
tend_sync_get_n_tickets (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), 0);
  return self->progress.n_tickets;
}

guint64
tend_sync_get_n_comments (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), 0);
  return self->progress.n_comments;
}

const char *
tend_sync_get_last_error (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), NULL);
  return self->last_error;
}

const GError *
tend_sync_get_error (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), NULL);
  return self->error;
}

gboolean
tend_sync_is_auth_error (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), FALSE);
  return g_error_matches (self->error, TEND_ERROR, TEND_ERROR_AUTH);
}

gboolean
tend_sync_get_online (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), FALSE);
  return self->online;
}

gboolean
tend_sync_get_running (TendSync *self)
{
  g_return_val_if_fail (TEND_IS_SYNC (self), FALSE);
  return self->running;
}

void
tend_sync_set_backlog_limit (TendSync *self,
                             guint     limit)
{
  g_return_if_fail (TEND_IS_SYNC (self));
  self->backlog_limit = limit;
}
