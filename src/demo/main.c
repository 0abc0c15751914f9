/* main.c: tend-demo-server, the demo helpdesk as a program of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-demo-server"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "tend-demo-options.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TendDemoOptions) options = tend_demo_options_new ();
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TendDemoServer) server = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The options are the same as `tendctl demo-server`'s: one parser. */
  context = g_option_context_new (NULL);
  tend_demo_options_add_to_context (options, context);

  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      (server = tend_demo_options_create_server (options, &error)) == NULL ||
      !tend_demo_options_serve (server, &error))
    {
      g_printerr ("tend-demo-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
