/* tend-demo-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"

G_BEGIN_DECLS

/* A loopback helpdesk that speaks the subset of Zendesk's REST API Tend
 * uses, filled with TendGenerator's data. It serves from its own thread and
 * main context, so neither a GTK main loop nor a test blocking on a
 * synchronous HTTP request can stall it.
 *
 * Configure with the properties (or setters) before tend_demo_server_start();
 * faults and the live feed may be changed at any time, from any thread. */

#define TEND_TYPE_DEMO_SERVER (tend_demo_server_get_type ())
G_DECLARE_FINAL_TYPE (TendDemoServer, tend_demo_server, TEND, DEMO_SERVER, GObject)

/* The default request budget per minute (Zendesk Enterprise's). */
#define TEND_DEMO_SERVER_DEFAULT_RATE_LIMIT 700
#define TEND_DEMO_SERVER_DEFAULT_TICKETS    2000

TendDemoServer     *tend_demo_server_new               (guint              n_tickets,
                                                        guint64            seed);

/* Before start: */
void                tend_demo_server_set_port          (TendDemoServer    *self,
                                                        guint              port);
/* TEND_USER_ROLE_ADMIN (the default) or TEND_USER_ROLE_AGENT: what
 * /users/me says, and whether the incremental exports answer 403 as they
 * do for Zendesk agents. */
void                tend_demo_server_set_role          (TendDemoServer    *self,
                                                        TendUserRole       role);
/* All generated times lie before this Unix time. 0 (the default) picks the
 * last second of yesterday (UTC), so the same seed gives the same data
 * after a restart on the same day. */
void                tend_demo_server_set_anchor        (TendDemoServer    *self,
                                                        gint64             anchor);

/* At any time: */
/* Requests per minute before 429; 0 means no limit. */
void                tend_demo_server_set_rate_limit    (TendDemoServer    *self,
                                                        guint              per_minute);
/* Adds a new ticket or a customer reply every interval_ms while enabled. */
void                tend_demo_server_set_live          (TendDemoServer    *self,
                                                        gboolean           live,
                                                        guint              interval_ms);
/* A comma-separated list of switches, each counted on API requests from
 * the moment the spec is set: "429-every=N", "500-every=N",
 * "slow-ms=MS" (with "slow-every=N", default 1), "truncate-every=N",
 * "malformed-every=N", "drop-after-every=N", "retry-after=S" (for the
 * 429s, default 1). NULL or "" clears them. Fails with TEND_ERROR_INVALID
 * on a spec it cannot read (the faults are then left as they were). */
gboolean            tend_demo_server_set_faults        (TendDemoServer    *self,
                                                        const char        *spec,
                                                        GError           **error);

/* Generates the data and starts listening on 127.0.0.1. Blocks while the
 * data is generated (about a second per 10,000 tickets); use the _async
 * variant from a UI. */
gboolean            tend_demo_server_start             (TendDemoServer    *self,
                                                        GError           **error);
void                tend_demo_server_start_async       (TendDemoServer    *self,
                                                        GCancellable      *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer           user_data);
gboolean            tend_demo_server_start_finish      (TendDemoServer    *self,
                                                        GAsyncResult      *result,
                                                        GError           **error);
/* Stops serving and deletes the temporary database. Also done on dispose. */
void                tend_demo_server_stop              (TendDemoServer    *self);

/* Valid once started: */
/* "http://127.0.0.1:PORT", no trailing slash */
const char         *tend_demo_server_get_url           (TendDemoServer    *self);
guint               tend_demo_server_get_port          (TendDemoServer    *self);
const char         *tend_demo_server_get_email         (TendDemoServer    *self);
const char         *tend_demo_server_get_token         (TendDemoServer    *self);
gint64              tend_demo_server_get_me_id         (TendDemoServer    *self);
/* The server's own database (WAL mode): tests may open it read-only with
 * tend_store_open_existing() to compare what a client synced. */
const char         *tend_demo_server_get_store_path    (TendDemoServer    *self);
/* Tickets not deleted, and comments, as the server holds them now. */
guint               tend_demo_server_get_n_tickets     (TendDemoServer    *self);
guint               tend_demo_server_get_n_comments    (TendDemoServer    *self);
/* API requests answered or refused so far (control requests not counted). */
guint               tend_demo_server_get_n_requests    (TendDemoServer    *self);
/* Runs one step of the live feed now, whether or not live is on; returns
 * the id of the ticket that was created or answered. For tests. */
gint64              tend_demo_server_add_live_change   (TendDemoServer    *self);
/* Publishes a knowledge-base article (@body in HTML) under the next free
 * id, as an editor would in the help center; returns its id (0 when it
 * could not be written). For tests. */
gint64              tend_demo_server_add_article       (TendDemoServer    *self,
                                                        const char        *title,
                                                        const char        *body);

G_END_DECLS
