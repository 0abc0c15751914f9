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

  /* First of all: TEND_DEBUG=timing measures start-up from here, or from
   * the moment a benchmark spawned us (CLOCK_MONOTONIC in µs), which
   * also counts loading and linking the libraries. */
  const char *spawned = g_getenv ("TEND_TIMING_START_US");
  gint64 start = spawned != NULL ? g_ascii_strtoll (spawned, NULL, 10) : 0;

  tend_application_set_process_start (start > 0 ? start : g_get_monotonic_time ());
  tend_application_choose_renderer ();

  /* Before the command line is parsed, so that --help is translated too. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = tend_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
