/* main.c: tend-demo-server, the demo helpdesk as a program of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-demo-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "tend-demo-server.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TendDemoServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *faults = NULL;
  g_autofree char *role_text = NULL;
  gint n_tickets = TEND_DEMO_SERVER_DEFAULT_TICKETS;
  gint port = 0;
  gint rate_limit = TEND_DEMO_SERVER_DEFAULT_RATE_LIMIT;
  gint live_interval = 5;
  gint64 anchor = 0;
  gboolean live = FALSE;
  guint64 seed = 1;
  TendUserRole role = TEND_USER_ROLE_ADMIN;
  const GOptionEntry entries[] = {
    { "tickets", 'n', 0, G_OPTION_ARG_INT, &n_tickets,
      N_("How many tickets to generate (default 2000)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the generated data: the same seed gives the same helpdesk (default 1)"), N_("S") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Port on 127.0.0.1 to listen on (default: any free port)"), N_("P") },
    { "live", 'l', 0, G_OPTION_ARG_NONE, &live,
      N_("Keep adding tickets and customer replies, like a busy helpdesk"), NULL },
    { "live-interval", 0, 0, G_OPTION_ARG_INT, &live_interval,
      N_("Seconds between live changes (default 5)"), N_("SECONDS") },
    { "faults", 'f', 0, G_OPTION_ARG_STRING, &faults,
      N_("Misbehave on purpose, e.g. \"429-every=5,500-every=7,slow-ms=200,truncate-every=3,"
         "malformed-every=4,drop-after-every=6\""), N_("SPEC") },
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role_text,
      N_("What the signed-in user is: admin (incremental exports) or agent (search export); "
         "default admin"), N_("ROLE") },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit,
      N_("Requests per minute before answering 429 (default 700, 0 for no limit)"), N_("N") },
    { "anchor", 0, 0, G_OPTION_ARG_INT64, &anchor,
      N_("Unix time all generated data lies before (default: the end of yesterday, UTC)"), N_("TIME") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("A pretend Zendesk helpdesk on 127.0.0.1, filled with generated tickets, for trying "
      "Tend without an account and for testing it.\n\n"
      "The first line printed is\n"
      "  url=http://127.0.0.1:PORT email=EMAIL token=TOKEN\n"
      "which is what to give Tend (or tendctl sync). The server runs until interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("tend-demo-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (n_tickets < 0 || port < 0 || port > G_MAXUINT16 || rate_limit < 0 || live_interval <= 0)
    {
      g_printerr ("tend-demo-server: %s\n",
                  _("--tickets, --port, --rate-limit and --live-interval take non-negative numbers "
                    "(a port up to 65535, an interval of at least 1)"));
      return EXIT_FAILURE;
    }

  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, &error))
    {
      g_printerr ("tend-demo-server: --seed: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (role_text != NULL &&
      (!tend_user_role_from_string (role_text, &role) ||
       (role != TEND_USER_ROLE_ADMIN && role != TEND_USER_ROLE_AGENT)))
    {
      g_printerr ("tend-demo-server: %s\n", _("--role is admin or agent"));
      return EXIT_FAILURE;
    }

  server = tend_demo_server_new ((guint) n_tickets, seed);
  tend_demo_server_set_port (server, (guint) port);
  tend_demo_server_set_role (server, role);
  tend_demo_server_set_anchor (server, anchor);
  tend_demo_server_set_rate_limit (server, (guint) rate_limit);
  tend_demo_server_set_live (server, live, (guint) live_interval * 1000);

  if (!tend_demo_server_set_faults (server, faults, &error))
    {
      g_printerr ("tend-demo-server: --faults: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (!tend_demo_server_start (server, &error))
    {
      g_printerr ("tend-demo-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Whoever started us reads this line to find the server: flush it now,
   * stdout is a pipe then. */
  g_print ("url=%s email=%s token=%s\n",
           tend_demo_server_get_url (server),
           tend_demo_server_get_email (server),
           tend_demo_server_get_token (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  /* Deletes the temporary database. */
  tend_demo_server_stop (server);

  return EXIT_SUCCESS;
}
