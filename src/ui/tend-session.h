/* tend-session.h: one helpdesk account opened in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-engine.h"
#include "tend-account.h"
#include "tend-sync.h"
#include "tend-demo-server.h"

G_BEGIN_DECLS

/* What the sidebar's status line says. */
typedef enum
{
  TEND_SESSION_STATE_CACHE_ONLY,   /* `tend --db`: a cache, no account, no sync */
  TEND_SESSION_STATE_STARTING,     /* waiting for the token or the demo helpdesk */
  TEND_SESSION_STATE_SYNCING,
  TEND_SESSION_STATE_SYNCED,
  TEND_SESSION_STATE_OFFLINE,      /* the helpdesk cannot be reached */
  TEND_SESSION_STATE_AUTH_FAILED,  /* the token is wrong or missing */
  TEND_SESSION_STATE_FAILED,       /* anything else (a keyring missing, a bad answer) */
} TendSessionState;

#define TEND_TYPE_SESSION (tend_session_get_type ())

G_DECLARE_FINAL_TYPE (TendSession, tend_session, TEND, SESSION, GObject)

/* A session ties an account to its open store and, once it has the
 * token, to a TendSync that runs now and then every interval. It turns
 * the sync's progress into the state and the one-line status the sidebar
 * shows, and reports each new sync failure once ("sync-error"), the runs
 * the sync starts by itself included (TendSync::failed); not a helpdesk
 * out of reach, which the state and the offline bar already show.
 *
 * Properties: "account" (NULL for a cache), "store", "sync" (NULL until
 * started), "state", "status" (the status line), "details" (the last error,
 * for a tooltip), "loading" (TRUE until the first sync has ended), "title"
 * and "subtitle" (the account switcher's two lines), "ephemeral" (the demo:
 * nothing of it outlives the process). */

/* Opens (creating it) the store of @account under its data directory. */
TendSession      *tend_session_open               (TendAccount    *account,
                                                   GError        **error);
/* A session over @store at @store_path for an account that is not in the
 * account list (the demo). */
TendSession      *tend_session_new_ephemeral      (TendAccount    *account,
                                                   TendStore      *store);
/* `tend --db FILE`: the cache only, never synced. */
TendSession      *tend_session_new_for_cache      (TendStore      *store);

TendAccount      *tend_session_get_account        (TendSession    *self);
TendStore        *tend_session_get_store          (TendSession    *self);
TendSync         *tend_session_get_sync           (TendSession    *self);
/* The helpdesk the sync talks to (NULL until started, and for a cache);
 * replaced, with a "sync" notification, when the session starts again.
 * For the few things asked of the helpdesk directly, such as the
 * knowledge tab's remote search. */
TendBackend      *tend_session_get_backend        (TendSession    *self);
/* One per store, made with the session: the sync pushes this outbox. */
TendOutbox       *tend_session_get_outbox         (TendSession    *self);
TendDrafts       *tend_session_get_drafts         (TendSession    *self);
/* Attachments and photos downloaded for this account
 * ($XDG_CACHE_HOME/tend/<account-id>/files; the demo's scratch folder),
 * made on first use and again when the session starts with a token:
 * ask for it each time rather than keeping it. */
TendFileCache    *tend_session_get_file_cache     (TendSession    *self);
/* NULL for a cache, the demo, or before the session has started. */
TendConnectivity *tend_session_get_connectivity   (TendSession    *self);
TendSessionState  tend_session_get_state          (TendSession    *self);
const char       *tend_session_get_status         (TendSession    *self);
const char       *tend_session_get_details        (TendSession    *self);
gboolean          tend_session_get_loading        (TendSession    *self);
const char       *tend_session_get_title          (TendSession    *self);
const char       *tend_session_get_subtitle       (TendSession    *self);
gboolean          tend_session_get_ephemeral      (TendSession    *self);

/* Signs in with @token (kept by the backend only, never written) and
 * starts syncing: now, then every @interval_seconds (0: only on demand).
 * Starting again (a new token) replaces the backend and the sync. */
gboolean          tend_session_start              (TendSession    *self,
                                                   const char     *token,
                                                   guint           interval_seconds,
                                                   GError        **error);
/* The session could not start: @state is AUTH_FAILED (no token) or
 * FAILED (no keyring); @message says why. */
void              tend_session_set_start_failed   (TendSession    *self,
                                                   TendSessionState state,
                                                   const char     *message);
/* Runs a sync now unless one is running. */
void              tend_session_sync_now           (TendSession    *self);
void              tend_session_set_interval       (TendSession    *self,
                                                   guint           seconds);
guint             tend_session_get_interval       (TendSession    *self);
/* Unix time of the last successful sync in this session, 0 for none. */
gint64            tend_session_get_last_synced    (TendSession    *self);

/* The demo: the session keeps @server running, stops it when closed, and
 * removes @scratch_dir (its store's directory) then. */
void              tend_session_set_demo           (TendSession    *self,
                                                   TendDemoServer *server,
                                                   const char     *scratch_dir);
TendDemoServer   *tend_session_get_demo_server    (TendSession    *self);

/* Stops everything: the running sync is cancelled, the timers go, the
 * demo helpdesk stops. Idempotent; also done on dispose. */
void              tend_session_close              (TendSession    *self);
gboolean          tend_session_is_closed          (TendSession    *self);

/* "Synced just now", "Synced 2 min ago", … for @last_synced seen at @now
 * (Unix seconds). */
char             *tend_session_format_synced      (gint64          last_synced,
                                                   gint64          now);

G_END_DECLS
