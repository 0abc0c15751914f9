/* tend-sync.h: pulls a helpdesk's changes into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"
#include "tend-backend.h"

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
} TendSyncPhase;

#define TEND_TYPE_SYNC_PHASE (tend_sync_phase_get_type ())
GType               tend_sync_phase_get_type        (void) G_GNUC_CONST;
const char         *tend_sync_phase_to_string       (TendSyncPhase phase);

#define TEND_TYPE_SYNC (tend_sync_get_type ())
G_DECLARE_FINAL_TYPE (TendSync, tend_sync, TEND, SYNC, GObject)

/* A sync of one account: first sync and incremental ones alike, resumable
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
 * the last failure, NULL after a success), "online" (FALSE after a
 * network failure), "running". Signal "progress" (phase, items, pages)
 * after each committed page and each phase change. */
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

G_END_DECLS
