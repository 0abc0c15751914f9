/* main.c: the `tend` program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "tend-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TendApplication) app = NULL;

  /* First of all: TEND_DEBUG=timing measures start-up from here. */
  tend_application_set_process_start (g_get_monotonic_time ());

  /* Before the command line is parsed, so that --help is translated too. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = tend_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
