/* tend-sync.h: pulls a helpdesk's changes into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"
#include "tend-backend.h"
#include "tend-connectivity.h"
#include "tend-outbox.h"

G_BEGIN_DECLS

typedef enum
{
  TEND_SYNC_PHASE_IDLE,
  TEND_SYNC_PHASE_CONNECTING,
  TEND_SYNC_PHASE_TICKETS,
  TEND_SYNC_PHASE_COMMENTS,
  TEND_SYNC_PHASE_USERS,
  TEND_SYNC_PHASE_ARTICLES,
  TEND_SYNC_PHASE_MACROS,
  TEND_SYNC_PHASE_DONE,
  TEND_SYNC_PHASE_FAILED,
  /* Sending the outbox, before the pull (appended: values are kept). */
  TEND_SYNC_PHASE_OUTBOX,
} TendSyncPhase;

#define TEND_TYPE_SYNC_PHASE (tend_sync_phase_get_type ())
GType               tend_sync_phase_get_type        (void) G_GNUC_CONST;
const char         *tend_sync_phase_to_string       (TendSyncPhase phase);

#define TEND_TYPE_SYNC (tend_sync_get_type ())
G_DECLARE_FINAL_TYPE (TendSync, tend_sync, TEND, SYNC, GObject)

/* A sync of one account: it first sends the outbox (tend_outbox_push(),
 * after the agent's identity is known and before anything is pulled, so
 * a pull never shows a change that is about to be sent as missing), then
 * pulls. First sync and incremental ones alike are resumable
 * from the cursors in the store (each page's rows and cursor are committed
 * in one transaction, so a kill loses or duplicates nothing).
 *
 * The network, JSON parsing and store writes happen in a worker thread;
 * properties change and signals fire on the main context of the thread
 * that created the TendSync.
 *
 * Properties: "phase" (TendSyncPhase), "items" (rows written this run),
 * "pages", "total" (expected items of the phase, 0 when unknown),
 * "tickets" and "comments" (written this run), "last-error" (message of
 * the last failure, NULL after a success), "error" (that failure as a
 * GError, with a TEND_ERROR code a caller can act on: TEND_ERROR_AUTH
 * for a wrong token, TEND_ERROR_NETWORK or _OFFLINE when the helpdesk
 * is out of reach), "online" (FALSE after a network failure), "running".
 * Signal "progress" (phase, items, pages) after each committed page and
 * each phase change; signal "failed" (GError) after each failed run,
 * including the runs the sync starts by itself (interval, reconnect,
 * outbox), which have no caller to hand their error to. */
TendSync           *tend_sync_new                   (TendStore          *store,
                                                     TendBackend        *backend);
TendStore          *tend_sync_get_store             (TendSync           *self);
TendBackend        *tend_sync_get_backend           (TendSync           *self);

void                tend_sync_run_async             (TendSync           *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean            tend_sync_run_finish            (TendSync           *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

TendSyncPhase       tend_sync_get_phase             (TendSync           *self);
guint64             tend_sync_get_items             (TendSync           *self);
guint               tend_sync_get_pages             (TendSync           *self);
guint64             tend_sync_get_total             (TendSync           *self);
guint64             tend_sync_get_n_tickets         (TendSync           *self);
guint64             tend_sync_get_n_comments        (TendSync           *self);
const char         *tend_sync_get_last_error        (TendSync           *self);
/* NULL after a success and before the first run. */
const GError       *tend_sync_get_error             (TendSync           *self);
/* The last run failed because the helpdesk refused the credentials: the
 * agent must sign in again (no retry will help). */
gboolean            tend_sync_is_auth_error         (TendSync           *self);
gboolean            tend_sync_get_online            (TendSync           *self);
gboolean            tend_sync_get_running           (TendSync           *self);

/* For agents (comments fetched ticket by ticket): how many older, solved
 * tickets' conversations a run fetches in the background at most, after
 * the eager ones (unsolved and recently updated). 0 means no limit.
 * Default 500. */
void                tend_sync_set_backlog_limit     (TendSync           *self,
                                                     guint               limit);

/* Runs a sync every @seconds on the creator's main context (skipping a
 * tick while one is running); 0 stops. The interval comes from GSettings
 * in the application. */
void                tend_sync_set_interval          (TendSync           *self,
                                                     guint               seconds);
guint               tend_sync_get_interval          (TendSync           *self);

/* The outbox a run pushes; one is made on the store at the first run when
 * none was set. Set the application's own, so that what it queues is
 * pushed at once (TendOutbox::queued) when online. */
void                tend_sync_set_outbox            (TendSync           *self,
                                                     TendOutbox         *outbox);
TendOutbox         *tend_sync_get_outbox            (TendSync           *self);
/* What the last run's push did (zeros before the first). */
void                tend_sync_get_push_stats        (TendSync           *self,
                                                     TendOutboxPushStats *stats);

/* With a TendConnectivity the sync looks after itself: runs report their
 * outcome to it; while the network is gone no run starts (periodic or
 * queued); when the helpdesk could not be reached, a run is tried again
 * after a growing delay (5 s, doubling, up to the interval or 5 minutes);
 * and when "online" turns TRUE, or something is queued in the outbox while
 * online, a run starts at once. Without one (tendctl), runs happen only
 * when asked for or by the interval. */
void                tend_sync_set_connectivity      (TendSync           *self,
                                                     TendConnectivity   *connectivity);
TendConnectivity   *tend_sync_get_connectivity      (TendSync           *self);

G_END_DECLS
