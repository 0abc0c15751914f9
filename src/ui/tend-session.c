/* tend-session.c: one helpdesk account opened in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-session"

#include "config.h"

#include <glib/gi18n.h>

#include "rt/tend-rt-backend.h"
#include "zendesk/tend-zendesk-backend.h"

#include "tend-session.h"
#include "tend-ui-utils.h"

/* A background sync that ends quickly should not flash "Syncing…" over
 * "Synced 2 min ago" every few minutes: progress shows only once a run
 * takes longer than this (the first sync shows it at once). */
#define QUIET_SYNC_MS        2000
/* "Synced 2 min ago" moves on by itself. */
#define STATUS_REFRESH_SECS  30

struct _TendSession
{
  GObject           parent_instance;

  TendAccount      *account;
  TendStore        *store;
  TendBackend      *backend;
  TendSync         *sync;
  /* Whether there is a network at all; the sync waits for it, and
   * syncs the moment it comes back. */
  TendConnectivity *connectivity;
  /* The agent's changes and unsent text, one of each per store: the sync
   * pushes this outbox, and the composer and the outbox view show it. */
  TendOutbox       *outbox;
  TendDrafts       *drafts;
  GCancellable     *cancellable;
  gboolean          ephemeral;
  gboolean          closed;

  TendSessionState  state;
  /* The state the last finished run (or failed start) left. */
  TendSessionState  outcome;
  char             *status;
  char             *details;
  char             *title;
  char             *subtitle;
  gboolean          loading;
  /* The message of the failure last reported through "sync-error", so
   * that a sync failing the same way every few minutes says so once. */
  char             *reported_error;

  gint64            last_synced;
  gboolean          show_progress;
  guint             interval;
  guint             interval_source_id;
  guint             quiet_source_id;
  guint             refresh_source_id;

  TendDemoServer   *demo_server;
  char             *scratch_dir;
  TendFileCache    *file_cache;
};

G_DEFINE_FINAL_TYPE (TendSession, tend_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_STORE,
  PROP_SYNC,
  PROP_STATE,
  PROP_STATUS,
  PROP_DETAILS,
  PROP_LOADING,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_EPHEMERAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SYNC_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_state (TendSession *self);

char *
tend_session_format_synced (gint64 last_synced,
                            gint64 now)
{
  gint64 seconds = MAX (now - last_synced, 0);

  if (seconds < 60)
    return g_strdup (_("Synced just now"));

  if (seconds < 3600)
    {
      guint minutes = seconds / 60;

      /* Translators: the sync status line; %u is a number of minutes. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %u min ago", "Synced %u min ago", minutes),
                              minutes);
    }

  if (seconds < 24 * 3600)
    {
      guint hours = seconds / 3600;

      /* Translators: the sync status line; %u is a number of hours. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %u h ago", "Synced %u h ago", hours),
                              hours);
    }

  {
    guint days = seconds / (24 * 3600);

    /* Translators: the sync status line; %u is a number of days. */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %u day ago", "Synced %u days ago", days),
                            days);
  }
}

/* Counts shown to a person fit a guint; a plain %u is what translators
 * (and xgettext) can read. */
static guint
clamp_count (guint64 n)
{
  return (guint) MIN (n, G_MAXUINT);
}

static char *
format_progress (TendSession *self)
{
  TendSyncPhase phase = tend_sync_get_phase (self->sync);
  guint64 tickets = tend_sync_get_n_tickets (self->sync);
  guint64 total = tend_sync_get_total (self->sync);

  switch (phase)
    {
    case TEND_SYNC_PHASE_IDLE:
    case TEND_SYNC_PHASE_CONNECTING:
      return g_strdup (_("Connecting…"));

    case TEND_SYNC_PHASE_TICKETS:
      if (total > 0)
        /* Translators: the sync status line: "Syncing 1,240 of 5,000…" (tickets). */
        return g_strdup_printf (_("Syncing %'u of %'u…"), clamp_count (tickets), clamp_count (total));
      if (tickets > 0)
        /* Translators: the sync status line while the number of tickets to come is unknown. */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Syncing… %'u ticket", "Syncing… %'u tickets",
                                             clamp_count (tickets)),
                                clamp_count (tickets));
      return g_strdup (_("Syncing…"));

    case TEND_SYNC_PHASE_COMMENTS:
      {
        guint64 comments = tend_sync_get_n_comments (self->sync);

        if (comments > 0)
          /* Translators: the sync status line while conversations come in. */
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Syncing… %'u message", "Syncing… %'u messages",
                                               clamp_count (comments)),
                                  clamp_count (comments));
        return g_strdup (_("Syncing conversations…"));
      }

    case TEND_SYNC_PHASE_USERS:
      return g_strdup (_("Syncing customers…"));

    case TEND_SYNC_PHASE_ARTICLES:
      return g_strdup (_("Syncing articles…"));

    case TEND_SYNC_PHASE_MACROS:
      return g_strdup (_("Syncing macros…"));

    case TEND_SYNC_PHASE_OUTBOX:
      return g_strdup (_("Sending changes…"));

    case TEND_SYNC_PHASE_DONE:
    case TEND_SYNC_PHASE_FAILED:
    default:
      return g_strdup (_("Syncing…"));
    }
}

static char *
format_status (TendSession      *self,
               TendSessionState  state)
{
  switch (state)
    {
    case TEND_SESSION_STATE_CACHE_ONLY:
      return g_strdup (_("Showing cached tickets"));

    case TEND_SESSION_STATE_STARTING:
      return g_strdup (self->demo_server != NULL ? _("Starting the demo helpdesk…") : _("Connecting…"));

    case TEND_SESSION_STATE_SYNCING:
      return format_progress (self);

    case TEND_SESSION_STATE_SYNCED:
      return tend_session_format_synced (self->last_synced, g_get_real_time () / G_USEC_PER_SEC);

    case TEND_SESSION_STATE_OFFLINE:
      return g_strdup (_("Offline — showing cached tickets"));

    case TEND_SESSION_STATE_AUTH_FAILED:
      return g_strdup (_("Sign-in failed — update the token"));

    case TEND_SESSION_STATE_FAILED:
    default:
      return g_strdup (_("Sync failed — showing cached tickets"));
    }
}

static void
set_string (TendSession  *self,
            char        **field,
            const char   *value,
            guint         prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_loading (TendSession *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
refresh_cb (gpointer user_data)
{
  TendSession *self = user_data;

  update_state (self);
  return G_SOURCE_CONTINUE;
}

static void
update_state (TendSession *self)
{
  TendSessionState state;
  g_autofree char *status = NULL;

  if (self->sync != NULL && tend_sync_get_running (self->sync) && self->show_progress)
    state = TEND_SESSION_STATE_SYNCING;
  else if (self->sync != NULL && self->connectivity != NULL &&
           !tend_connectivity_get_network_available (self->connectivity) &&
           !tend_sync_get_running (self->sync))
    state = TEND_SESSION_STATE_OFFLINE;
  else
    state = self->outcome;

  status = format_status (self, state);

  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  set_string (self, &self->status, status, PROP_STATUS);

  /* Only "Synced N min ago" changes with the clock. */
  if (state == TEND_SESSION_STATE_SYNCED && !self->closed)
    {
      if (self->refresh_source_id == 0)
        self->refresh_source_id = g_timeout_add_seconds (STATUS_REFRESH_SECS, refresh_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->refresh_source_id, g_source_remove);
    }
}

static gboolean
quiet_sync_elapsed_cb (gpointer user_data)
{
  TendSession *self = user_data;

  self->quiet_source_id = 0;
  self->show_progress = TRUE;
  update_state (self);

  return G_SOURCE_REMOVE;
}

static void
on_sync_running_changed (TendSession *self,
                         GParamSpec  *pspec,
                         TendSync    *sync)
{
  g_clear_handle_id (&self->quiet_source_id, g_source_remove);

  if (tend_sync_get_running (sync))
    {
      /* The first sync shows its progress at once; later ones (and the
       * reconnect attempts while offline) only once they take a while. */
      self->show_progress = self->outcome == TEND_SESSION_STATE_STARTING;
      if (!self->show_progress)
        self->quiet_source_id = g_timeout_add (QUIET_SYNC_MS, quiet_sync_elapsed_cb, self);
    }
  else
    {
      TendSyncPhase phase = tend_sync_get_phase (sync);

      self->show_progress = FALSE;

      /* The outcome in broad strokes, for runs started by someone else
       * too; on_sync_failed() refines a failure by its error code. */
      if (phase == TEND_SYNC_PHASE_DONE)
        {
          /* A failure after this one is news again. */
          g_clear_pointer (&self->reported_error, g_free);
          self->last_synced = g_get_real_time () / G_USEC_PER_SEC;
          self->outcome = TEND_SESSION_STATE_SYNCED;
          set_string (self, &self->details, NULL, PROP_DETAILS);
          set_loading (self, FALSE);
        }
      else if (phase == TEND_SYNC_PHASE_FAILED)
        {
          self->outcome = tend_sync_get_online (sync) ? TEND_SESSION_STATE_FAILED
                                                      : TEND_SESSION_STATE_OFFLINE;
          set_string (self, &self->details, tend_sync_get_last_error (sync), PROP_DETAILS);
          set_loading (self, FALSE);
        }
    }

  update_state (self);
}

static void
on_sync_progress (TendSession *self,
                  GParamSpec  *pspec,
                  TendSync    *sync)
{
  if (self->state == TEND_SESSION_STATE_SYNCING)
    update_state (self);
}

static void stop_interval (TendSession *self);
static void start_interval (TendSession *self);

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TendSession) self = user_data;

  /* The outcome follows "running" and TendSync::failed, which tell of
   * every run, those the sync starts by itself too; a run asked for
   * while another was going (F5 during a timer run) changes nothing:
   * the running one reports. */
  tend_sync_run_finish (TEND_SYNC (source), result, NULL);
}

/* Every failed run, this session's and those the sync starts by itself
 * (reconnecting, sending what was queued), by its error code: the
 * outcome, the status line's details, and news for the window. */
static void
on_sync_failed (TendSession  *self,
                const GError *error,
                TendSync     *sync)
{
  if (self->closed || sync != self->sync)
    return;

  if (g_error_matches (error, TEND_ERROR, TEND_ERROR_AUTH))
    {
      self->outcome = TEND_SESSION_STATE_AUTH_FAILED;
      /* Asking again with a token the helpdesk refused changes nothing
       * (and may lock the agent out): wait for a new one, or for F5. */
      stop_interval (self);
    }
  else if (g_error_matches (error, TEND_ERROR, TEND_ERROR_NETWORK) ||
           g_error_matches (error, TEND_ERROR, TEND_ERROR_OFFLINE))
    self->outcome = TEND_SESSION_STATE_OFFLINE;
  else
    self->outcome = TEND_SESSION_STATE_FAILED;

  set_string (self, &self->details, error->message, PROP_DETAILS);
  set_loading (self, FALSE);
  update_state (self);

  /* Out of reach is no news: the offline bar and the status line say it,
   * and the sync tries again by itself. */
  if (g_error_matches (error, TEND_ERROR, TEND_ERROR_NETWORK) ||
      g_error_matches (error, TEND_ERROR, TEND_ERROR_OFFLINE))
    return;

  if (g_strcmp0 (self->reported_error, error->message) != 0)
    {
      g_free (self->reported_error);
      self->reported_error = g_strdup (error->message);
      g_signal_emit (self, signals[SYNC_ERROR], 0, error);
    }
}

void
tend_session_sync_now (TendSession *self)
{
  g_return_if_fail (TEND_IS_SESSION (self));

  if (self->closed || self->sync == NULL || tend_sync_get_running (self->sync))
    return;

  tend_sync_run_async (self->sync, self->cancellable, on_run_done, g_object_ref (self));
}

static gboolean
interval_cb (gpointer user_data)
{
  TendSession *self = user_data;

  /* Without a network the sync runs by itself once it is back. */
  if (self->connectivity == NULL || tend_connectivity_get_network_available (self->connectivity))
    tend_session_sync_now (self);
  return G_SOURCE_CONTINUE;
}

static void
on_network_changed (TendSession      *self,
                    GParamSpec       *pspec,
                    TendConnectivity *connectivity)
{
  update_state (self);
}

static void
stop_interval (TendSession *self)
{
  g_clear_handle_id (&self->interval_source_id, g_source_remove);
}

static void
start_interval (TendSession *self)
{
  stop_interval (self);
  if (self->interval > 0 && self->sync != NULL && !self->closed)
    self->interval_source_id = g_timeout_add_seconds (self->interval, interval_cb, self);
}

void
tend_session_set_interval (TendSession *self,
                           guint        seconds)
{
  g_return_if_fail (TEND_IS_SESSION (self));

  if (self->interval == seconds)
    return;

  self->interval = seconds;
  /* Not while the token is refused: a new one restarts the timer. */
  if (self->outcome != TEND_SESSION_STATE_AUTH_FAILED)
    start_interval (self);
}

guint
tend_session_get_interval (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), 0);

  return self->interval;
}

static void
drop_sync (TendSession *self)
{
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      /* No more runs of its own (reconnect attempts, "back online"). */
      tend_sync_set_connectivity (self->sync, NULL);
    }
  g_clear_object (&self->sync);
  g_clear_object (&self->backend);
}

static TendFileCache *make_file_cache (TendSession *self);

gboolean
tend_session_start (TendSession  *self,
                    const char   *token,
                    guint         interval_seconds,
                    GError      **error)
{
  g_autoptr(TendBackend) backend = NULL;
  TendAccount *account;
  const char *kind;

  g_return_val_if_fail (TEND_IS_SESSION (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (self->account != NULL, FALSE);

  if (self->closed)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_FAILED, _("The account was closed"));
      return FALSE;
    }

  account = self->account;
  kind = tend_account_get_kind (account);
  if (g_strcmp0 (kind, TEND_ACCOUNT_KIND_RT) == 0)
    /* A token or the password: the secret's shape says which, as for
     * `tendctl accounts add` and the add-account dialog. */
    backend = (TendBackend *) tend_rt_backend_new (tend_account_get_base_url (account),
                                                   tend_account_get_login (account),
                                                   token, tend_rt_auth_for_secret (token), error);
  else if (g_strcmp0 (kind, TEND_ACCOUNT_KIND_ZENDESK) == 0)
    backend = (TendBackend *) tend_zendesk_backend_new (tend_account_get_base_url (account),
                                                        tend_account_get_login (account),
                                                        token, error);
  else
    g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                 _("This version of Tend cannot sync %s accounts"), kind);
  if (backend == NULL)
    return FALSE;

  /* A new token: whatever the old backend was doing is moot. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  drop_sync (self);

  self->backend = g_steal_pointer (&backend);
  self->sync = tend_sync_new (self->store, self->backend);
  /* Downloads sign in like the sync does, and only to this helpdesk
   * (whose address the demo learns only now). */
  g_clear_object (&self->file_cache);
  self->file_cache = make_file_cache (self);
  if (self->file_cache != NULL)
    {
      tend_file_cache_set_api_token (self->file_cache, tend_account_get_login (account), token);
      tend_file_cache_set_backend (self->file_cache, self->backend);
    }
  /* Before the first run, or the sync would make an outbox of its own
   * that the composer never hears of. */
  tend_sync_set_outbox (self->sync, self->outbox);
  /* The demo's helpdesk is on this computer: it is there with or
   * without a network. */
  if (self->connectivity == NULL && self->demo_server == NULL)
    {
      self->connectivity = tend_connectivity_new (NULL);
      g_signal_connect_object (self->connectivity, "notify::network-available",
                               G_CALLBACK (on_network_changed), self, G_CONNECT_SWAPPED);
    }
  if (self->connectivity != NULL)
    tend_sync_set_connectivity (self->sync, self->connectivity);
  g_signal_connect_object (self->sync, "notify::running",
                           G_CALLBACK (on_sync_running_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "failed",
                           G_CALLBACK (on_sync_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::phase",
                           G_CALLBACK (on_sync_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::tickets",
                           G_CALLBACK (on_sync_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::comments",
                           G_CALLBACK (on_sync_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::total",
                           G_CALLBACK (on_sync_progress), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);

  /* Until the first run says otherwise. */
  if (self->outcome != TEND_SESSION_STATE_SYNCED)
    self->outcome = TEND_SESSION_STATE_STARTING;
  g_clear_pointer (&self->reported_error, g_free);
  set_string (self, &self->details, NULL, PROP_DETAILS);

  self->interval = interval_seconds;
  start_interval (self);
  tend_session_sync_now (self);
  update_state (self);

  return TRUE;
}

void
tend_session_set_start_failed (TendSession      *self,
                               TendSessionState  state,
                               const char       *message)
{
  g_return_if_fail (TEND_IS_SESSION (self));
  g_return_if_fail (state == TEND_SESSION_STATE_AUTH_FAILED || state == TEND_SESSION_STATE_FAILED);

  if (self->closed)
    return;

  self->outcome = state;
  set_string (self, &self->details, message, PROP_DETAILS);
  set_loading (self, FALSE);
  update_state (self);
}

void
tend_session_set_demo (TendSession    *self,
                       TendDemoServer *server,
                       const char     *scratch_dir)
{
  g_return_if_fail (TEND_IS_SESSION (self));
  g_return_if_fail (server == NULL || TEND_IS_DEMO_SERVER (server));

  g_set_object (&self->demo_server, server);
  g_free (self->scratch_dir);
  self->scratch_dir = g_strdup (scratch_dir);
  update_state (self);
}

TendDemoServer *
tend_session_get_demo_server (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->demo_server;
}

void
tend_session_close (TendSession *self)
{
  g_return_if_fail (TEND_IS_SESSION (self));

  if (self->closed)
    return;

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  stop_interval (self);
  g_clear_handle_id (&self->quiet_source_id, g_source_remove);
  g_clear_handle_id (&self->refresh_source_id, g_source_remove);
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      tend_sync_set_connectivity (self->sync, NULL);
    }
  if (self->connectivity != NULL)
    g_signal_handlers_disconnect_by_data (self->connectivity, self);

  if (self->demo_server != NULL)
    tend_demo_server_stop (self->demo_server);

  /* The store's files may still be open (a cancelled sync finishing its
   * page): on Linux they go once the last descriptor closes. */
  if (self->scratch_dir != NULL)
    tend_remove_tree (self->scratch_dir);
  g_clear_pointer (&self->scratch_dir, g_free);
}

gboolean
tend_session_is_closed (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), TRUE);

  return self->closed;
}

/* Accessors */

TendAccount *
tend_session_get_account (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->account;
}

TendStore *
tend_session_get_store (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->store;
}

TendSync *
tend_session_get_sync (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->sync;
}

TendBackend *
tend_session_get_backend (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->backend;
}

TendOutbox *
tend_session_get_outbox (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->outbox;
}

TendDrafts *
tend_session_get_drafts (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->drafts;
}

static TendFileCache *
make_file_cache (TendSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = NULL;
  TendFileCache *cache;

  if (self->scratch_dir != NULL)
    directory = g_build_filename (self->scratch_dir, "files", NULL);
  else if (self->account != NULL)
    directory = tend_file_cache_dup_default_directory (tend_account_get_id (self->account));
  else
    /* `tend --db`: no account; nothing can be downloaded, but files
     * opened before from elsewhere are not looked for either. */
    directory = g_build_filename (g_get_user_cache_dir (), "tend", "offline-copy", "files", NULL);

  cache = tend_file_cache_new (directory,
                               self->account != NULL ? tend_account_get_base_url (self->account) : NULL,
                               &error);
  if (cache == NULL)
    g_warning ("No downloads for this session: %s", error->message);
  return cache;
}

TendFileCache *
tend_session_get_file_cache (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  if (self->file_cache == NULL)
    self->file_cache = make_file_cache (self);
  return self->file_cache;
}

TendConnectivity *
tend_session_get_connectivity (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->connectivity;
}

TendSessionState
tend_session_get_state (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), TEND_SESSION_STATE_FAILED);

  return self->state;
}

const char *
tend_session_get_status (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->status;
}

const char *
tend_session_get_details (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->details;
}

gboolean
tend_session_get_loading (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), FALSE);

  return self->loading;
}

const char *
tend_session_get_title (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->title;
}

const char *
tend_session_get_subtitle (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), NULL);

  return self->subtitle;
}

gboolean
tend_session_get_ephemeral (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), FALSE);

  return self->ephemeral;
}

gint64
tend_session_get_last_synced (TendSession *self)
{
  g_return_val_if_fail (TEND_IS_SESSION (self), 0);

  return self->last_synced;
}

/* GObject */

static void
tend_session_dispose (GObject *object)
{
  TendSession *self = TEND_SESSION (object);

  tend_session_close (self);
  drop_sync (self);
  g_clear_object (&self->demo_server);

  G_OBJECT_CLASS (tend_session_parent_class)->dispose (object);
}

static void
tend_session_finalize (GObject *object)
{
  TendSession *self = TEND_SESSION (object);

  g_clear_object (&self->account);
  g_clear_object (&self->outbox);
  g_clear_object (&self->drafts);
  g_clear_object (&self->file_cache);
  g_clear_object (&self->store);
  g_clear_object (&self->connectivity);
  g_clear_object (&self->cancellable);
  g_free (self->status);
  g_free (self->details);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->reported_error);
  g_free (self->scratch_dir);

  G_OBJECT_CLASS (tend_session_parent_class)->finalize (object);
}

static void
tend_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TendSession *self = TEND_SESSION (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_EPHEMERAL:
      g_value_set_boolean (value, self->ephemeral);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_session_class_init (TendSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tend_session_dispose;
  object_class->finalize = tend_session_finalize;
  object_class->get_property = tend_session_get_property;

  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, TEND_TYPE_ACCOUNT, flags);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, TEND_TYPE_STORE, flags);
  properties[PROP_SYNC] = g_param_spec_object ("sync", NULL, NULL, TEND_TYPE_SYNC, flags);
  /* A TendSessionState. */
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL,
                                             TEND_SESSION_STATE_CACHE_ONLY, TEND_SESSION_STATE_FAILED,
                                             TEND_SESSION_STATE_STARTING, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL, flags);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  properties[PROP_EPHEMERAL] = g_param_spec_boolean ("ephemeral", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A sync failed in a way not reported yet (the argument is the GError). */
  signals[SYNC_ERROR] =
    g_signal_new ("sync-error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tend_session_init (TendSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->state = TEND_SESSION_STATE_STARTING;
  self->outcome = TEND_SESSION_STATE_STARTING;
}

static void
on_account_changed (TendSession *self,
                    GParamSpec  *pspec,
                    TendAccount *account)
{
  set_string (self, &self->title, tend_account_get_display_name (account), PROP_TITLE);
  set_string (self, &self->subtitle, tend_account_get_login (account), PROP_SUBTITLE);
}

static TendSession *
session_new (TendAccount *account,
             TendStore   *store)
{
  TendSession *self = g_object_new (TEND_TYPE_SESSION, NULL);

  self->store = g_object_ref (store);
  self->outbox = tend_outbox_new (store);
  self->drafts = tend_drafts_new (store);
  if (account != NULL)
    {
      self->account = g_object_ref (account);
      self->title = g_strdup (tend_account_get_display_name (account));
      self->subtitle = g_strdup (tend_account_get_login (account));
      /* The demo learns its address and login once its server runs. */
      g_signal_connect_object (account, "notify::display-name",
                               G_CALLBACK (on_account_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (account, "notify::login",
                               G_CALLBACK (on_account_changed), self, G_CONNECT_SWAPPED);
      /* Nothing to show until the first sync has brought something in. */
      self->loading = TRUE;
    }
  self->status = format_status (self, self->state);

  return self;
}

TendSession *
tend_session_open (TendAccount  *account,
                   GError      **error)
{
  g_autoptr(TendStore) store = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (TEND_IS_ACCOUNT (account), NULL);

  path = tend_account_dup_store_path (account);
  store = tend_store_open (path, error);
  if (store == NULL)
    return NULL;

  return session_new (account, store);
}

TendSession *
tend_session_new_ephemeral (TendAccount *account,
                            TendStore   *store)
{
  TendSession *self;

  g_return_val_if_fail (TEND_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (TEND_IS_STORE (store), NULL);

  self = session_new (account, store);
  self->ephemeral = TRUE;

  return self;
}

TendSession *
tend_session_new_for_cache (TendStore *store)
{
  g_autofree char *basename = NULL;
  TendSession *self;

  g_return_val_if_fail (TEND_IS_STORE (store), NULL);

  self = session_new (NULL, store);
  basename = g_path_get_basename (tend_store_get_path (store));
  /* Translators: the account shown for `tend --db FILE`; %s is the file name. */
  self->title = g_strdup_printf (_("Offline cache: %s"), basename);
  self->subtitle = g_strdup (tend_store_get_path (store));
  self->state = self->outcome = TEND_SESSION_STATE_CACHE_ONLY;
  g_free (self->status);
  self->status = format_status (self, self->state);

  return self;
}
