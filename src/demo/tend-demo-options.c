/* tend-demo-options.c: the demo helpdesk's command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-demo-server"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "tend-demo-options.h"

struct _TendDemoOptions
{
  gint      n_tickets;
  char     *seed_text;
  gint      port;
  gboolean  live;
  gint      live_interval;
  char     *faults;
  char     *role_text;
  gint      rate_limit;
  gint64    anchor;
};

TendDemoOptions *
tend_demo_options_new (void)
{
  TendDemoOptions *self = g_new0 (TendDemoOptions, 1);

  self->n_tickets = TEND_DEMO_SERVER_DEFAULT_TICKETS;
  self->rate_limit = TEND_DEMO_SERVER_DEFAULT_RATE_LIMIT;
  self->live_interval = 5;

  return self;
}

void
tend_demo_options_free (TendDemoOptions *self)
{
  if (self == NULL)
    return;

  g_free (self->seed_text);
  g_free (self->faults);
  g_free (self->role_text);
  g_free (self);
}

void
tend_demo_options_add_to_context (TendDemoOptions *self,
                                  GOptionContext  *context)
{
  /* GOption copies the entries, so they may live on the stack; what they
   * point to is @self. */
  const GOptionEntry entries[] = {
    { "tickets", 'n', 0, G_OPTION_ARG_INT, &self->n_tickets,
      N_("How many tickets to generate (default 2000)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &self->seed_text,
      N_("Seed of the generated data: the same seed gives the same helpdesk (default 1)"), N_("S") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &self->port,
      N_("Port on 127.0.0.1 to listen on (default: any free port)"), N_("P") },
    { "live", 'l', 0, G_OPTION_ARG_NONE, &self->live,
      N_("Keep adding tickets and customer replies, like a busy helpdesk"), NULL },
    { "live-interval", 0, 0, G_OPTION_ARG_INT, &self->live_interval,
      N_("Seconds between live changes (default 5)"), N_("SECONDS") },
    { "faults", 'f', 0, G_OPTION_ARG_STRING, &self->faults,
      N_("Misbehave on purpose, e.g. \"429-every=5,500-every=7,slow-ms=200,truncate-every=3,"
         "malformed-every=4,drop-after-every=6\""), N_("SPEC") },
    { "role", 'r', 0, G_OPTION_ARG_STRING, &self->role_text,
      N_("What the signed-in user is: admin (incremental exports) or agent (search export); "
         "default admin"), N_("ROLE") },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &self->rate_limit,
      N_("Requests per minute before answering 429 (default 700, 0 for no limit)"), N_("N") },
    { "anchor", 0, 0, G_OPTION_ARG_INT64, &self->anchor,
      N_("Unix time all generated data lies before (default: the end of yesterday, UTC)"), N_("TIME") },
    { NULL }
  };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("A pretend Zendesk helpdesk on 127.0.0.1, filled with generated tickets, for trying "
      "Tend without an account and for testing it.\n\n"
      "The first line printed is\n"
      "  url=http://127.0.0.1:PORT email=EMAIL token=TOKEN\n"
      "which is what to give Tend (or tendctl sync). The server runs until interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

TendDemoServer *
tend_demo_options_create_server (TendDemoOptions  *self,
                                 GError          **error)
{
  g_autoptr(TendDemoServer) server = NULL;
  g_autoptr(GError) local_error = NULL;
  TendUserRole role = TEND_USER_ROLE_ADMIN;
  guint64 seed = 1;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->n_tickets < 0 || self->port < 0 || self->port > G_MAXUINT16 ||
      self->rate_limit < 0 || self->live_interval <= 0)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("--tickets, --port, --rate-limit and --live-interval take non-negative numbers "
                             "(a port up to 65535, an interval of at least 1)"));
      return NULL;
    }

  if (self->seed_text != NULL &&
      !g_ascii_string_to_unsigned (self->seed_text, 10, 0, G_MAXUINT64, &seed, &local_error))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID, "--seed: %s", local_error->message);
      return NULL;
    }

  if (self->role_text != NULL &&
      (!tend_user_role_from_string (self->role_text, &role) ||
       (role != TEND_USER_ROLE_ADMIN && role != TEND_USER_ROLE_AGENT)))
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID, _("--role is admin or agent"));
      return NULL;
    }

  server = tend_demo_server_new ((guint) self->n_tickets, seed);
  tend_demo_server_set_port (server, (guint) self->port);
  tend_demo_server_set_role (server, role);
  tend_demo_server_set_anchor (server, self->anchor);
  tend_demo_server_set_rate_limit (server, (guint) self->rate_limit);
  tend_demo_server_set_live (server, self->live, (guint) self->live_interval * 1000);

  if (!tend_demo_server_set_faults (server, self->faults, &local_error))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID, "--faults: %s", local_error->message);
      return NULL;
    }

  return g_steal_pointer (&server);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  /* Removed by tend_demo_options_serve(), which knows both ids. */
  return G_SOURCE_CONTINUE;
}

gboolean
tend_demo_options_serve (TendDemoServer  *server,
                         GError         **error)
{
  g_autoptr(GMainLoop) loop = NULL;
  guint sigint_id, sigterm_id;

  g_return_val_if_fail (TEND_IS_DEMO_SERVER (server), FALSE);

  if (!tend_demo_server_start (server, error))
    return FALSE;

  /* Whoever started us reads this line to find the server: flush it now,
   * stdout is a pipe then. */
  g_print ("url=%s email=%s token=%s\n",
           tend_demo_server_get_url (server),
           tend_demo_server_get_email (server),
           tend_demo_server_get_token (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  /* Deletes the temporary database. */
  tend_demo_server_stop (server);

  return TRUE;
}
