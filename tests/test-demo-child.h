/* test-demo-child.h: the demo helpdesk as a child process, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "tend-zendesk-backend.h"

G_BEGIN_DECLS

/* The tend-demo-server program (its path in TEND_DEMO_SERVER) listening
 * on 127.0.0.1, and a session for its control endpoints (/__faults,
 * /__stats, /__live), which need no credentials. */
typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *url;
  char        *email;
  char        *token;
  SoupSession *control;
} TestDemo;

/* Starts the helpdesk with the generator's data for @seed, @n_tickets and
 * @anchor, no rate limit, as @role ("admin", "agent"; NULL: the server's
 * default) and with the fault switches @faults (NULL: none). With @demo,
 * starts it again on that demo's port (after test_demo_stop()): the same
 * arguments give a server holding what the first one did. */
TestDemo           *test_demo_start          (TestDemo    *demo,
                                              guint        n_tickets,
                                              guint        seed,
                                              gint64       anchor,
                                              const char  *role,
                                              const char  *faults);
/* Kills the process; the port, URL and credentials stay for a restart. */
void                test_demo_stop           (TestDemo    *demo);
void                test_demo_free           (TestDemo    *demo);

/* A request to a control endpoint; asserts a 2xx answer. */
GBytes             *test_demo_control        (TestDemo    *demo,
                                              const char  *method,
                                              const char  *path,
                                              const char  *body);
/* Sets the fault switches (the --faults syntax), or clears them (NULL). */
void                test_demo_set_faults     (TestDemo    *demo,
                                              const char  *spec);
/* A figure of /__stats: "requests", "tickets", "comments". */
gint64              test_demo_stat           (TestDemo    *demo,
                                              const char  *name);
/* One step of the live demo; the id of the ticket it touched. */
gint64              test_demo_live_step      (TestDemo    *demo);
/* A backend signed in as the demo's agent, with @token (NULL: the right
 * one). */
TendZendeskBackend *test_demo_backend        (TestDemo    *demo,
                                              const char  *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDemo, test_demo_free)

G_END_DECLS
