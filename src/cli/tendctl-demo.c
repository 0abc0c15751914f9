/* tendctl-demo.c: `tendctl demo-server`, the demo helpdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tendctl"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-demo-options.h"
#include "tendctl.h"

int
tendctl_demo_server_main (int    argc,
                          char **argv)
{
  g_autoptr(TendDemoOptions) options = tend_demo_options_new ();
  /* Not the global --db and --account: the server keeps its own data. */
  g_autoptr(GOptionContext) context = g_option_context_new ("demo-server");
  g_autoptr(TendDemoServer) server = NULL;
  g_autoptr(GError) error = NULL;

  /* The same options, checks and first line as tend-demo-server. */
  tend_demo_options_add_to_context (options, context);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tendctl_usage_error ("%s", error->message);
  if (argc > 1)
    return tendctl_usage_error (_("demo-server takes no arguments, only options (got “%s”)"), argv[1]);
  if (tendctl_get_db () != NULL || tendctl_get_account () != NULL)
    return tendctl_usage_error (_("demo-server keeps its own temporary database; leave out --db and --account"));

  server = tend_demo_options_create_server (options, &error);
  if (server == NULL)
    return tendctl_usage_error ("%s", error->message);

  if (!tend_demo_options_serve (server, &error))
    return tendctl_fail (error);

  return 0;
}
