/* tendctl.h: what the parts of tendctl share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-engine.h"

G_BEGIN_DECLS

/* Exit statuses: 1 when the command ran and failed, 2 when it could not
 * be understood. */
#define TENDCTL_EXIT_FAILURE 1
#define TENDCTL_EXIT_USAGE   2

/* "tendctl: MESSAGE" on one line of stderr; returns TENDCTL_EXIT_FAILURE. */
int                 tendctl_fail                     (const GError  *error);
/* The same for a command line that makes no sense; returns TENDCTL_EXIT_USAGE. */
int                 tendctl_usage_error              (const char    *format,
                                                      ...) G_GNUC_PRINTF (1, 2);
/* Replaces control and bidi-override characters so that text from a
 * helpdesk cannot move the cursor, recolour or reorder the terminal. With
 * keep_newlines FALSE, line breaks and tabs become spaces too. */
char               *tendctl_sanitize                 (const char    *text,
                                                      gboolean       keep_newlines);
/* Runs the pending TendStore::changed emissions, which need the main
 * context that a command line tool does not otherwise iterate. */
void                tendctl_drain_main_context       (void);

/* `tendctl bench …`; db_path is the global --db (NULL when absent). */
int                 tendctl_bench_main               (const char    *db_path,
                                                      int            argc,
                                                      char         **argv);

G_END_DECLS
