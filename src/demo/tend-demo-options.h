/* tend-demo-options.h: the demo helpdesk's command line, shared by
 * tend-demo-server and `tendctl demo-server`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-demo-server.h"

G_BEGIN_DECLS

/* What the command line asked for. Both programs take the same options and
 * print the same first line, so that tests and scripts may use either. */
typedef struct _TendDemoOptions TendDemoOptions;

TendDemoOptions    *tend_demo_options_new              (void);
void                tend_demo_options_free             (TendDemoOptions  *self);

/* Adds --tickets, --seed, --port, --live, --live-interval, --faults,
 * --role, --rate-limit and --anchor to @context's main group, and the
 * summary explaining the first line. The options write into @self, which
 * must outlive the parse. */
void                tend_demo_options_add_to_context   (TendDemoOptions  *self,
                                                        GOptionContext   *context);

/* Checks what was parsed and makes a configured, not yet started server.
 * TEND_ERROR_INVALID with a message naming the option otherwise. */
TendDemoServer     *tend_demo_options_create_server    (TendDemoOptions  *self,
                                                        GError          **error);

/* Starts @server, prints "url=URL email=EMAIL token=TOKEN" as the first
 * line of stdout (flushed, since stdout is usually a pipe to whoever
 * started us) and serves until SIGINT or SIGTERM, then stops the server
 * (deleting its temporary database). FALSE when it could not start. */
gboolean            tend_demo_options_serve            (TendDemoServer   *server,
                                                        GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TendDemoOptions, tend_demo_options_free)

G_END_DECLS
