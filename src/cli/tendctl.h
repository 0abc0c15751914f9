/* tendctl.h: what the parts of tendctl share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-engine.h"
#include "tend-rt-backend.h"

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

/* The global --db and --account (NULL when absent); either may also be
 * given after the command. */
const char         *tendctl_get_db                   (void);
const char         *tendctl_get_account              (void);
/* The store of --db FILE or of --account NAME; never creates a file (a
 * mistyped path is an error). Errors name the file. */
TendStore          *tendctl_open_store               (GError       **error);
/* tendctl_usage_error for TEND_ERROR_INVALID (a bad command line),
 * tendctl_fail for anything else. */
int                 tendctl_fail_or_usage            (GError        *error);
/* A whole positive decimal id; FALSE for anything else (NULL included). */
gboolean            tendctl_parse_id                 (const char    *text,
                                                      gint64        *id);

/* An option context for the command @name from the commands table, with
 * its summary, its @entries (may be NULL) and the global --db/--account. */
GOptionContext     *tendctl_command_context          (const char          *name,
                                                      const GOptionEntry  *entries);
/* Parses; on a bad command line prints the usage error, sets *status and
 * returns FALSE. */
gboolean            tendctl_parse_command_line       (GOptionContext      *context,
                                                      int                 *argc,
                                                      char              ***argv,
                                                      int                 *status);

/* `tendctl bench …`; db_path is the global --db (NULL when absent). */
int                 tendctl_bench_main               (const char    *db_path,
                                                      int            argc,
                                                      char         **argv);
/* `tendctl bench sync …`, argv[0] being the program and then its options. */
/* `tendctl bench compare-search` (tendctl-bench-compare.c) */
int                 tendctl_bench_compare_search     (int            argc,
                                                      char         **argv);
int                 tendctl_bench_sync               (int            argc,
                                                      char         **argv);
/* `tendctl demo-server …` */
int                 tendctl_demo_server_main         (int            argc,
                                                      char         **argv);
/* `tendctl sync …` */
int                 tendctl_sync_main                (int            argc,
                                                      char         **argv);
/* `tendctl accounts add|list|remove …` */
int                 tendctl_accounts_main            (int            argc,
                                                      char         **argv);
/* `tendctl reply …`, `set …`, `outbox …` and `bench outbox …`
 * (tendctl-outbox.c) */
int                 tendctl_reply_main               (int            argc,
                                                      char         **argv);
int                 tendctl_set_main                 (int            argc,
                                                      char         **argv);
int                 tendctl_outbox_main              (int            argc,
                                                      char         **argv);
int                 tendctl_bench_outbox             (int            argc,
                                                      char         **argv);

/* Reads a secret: the first line of stdin with @from_stdin, otherwise
 * typed at the terminal without echo after @prompt. Fails with
 * TEND_ERROR_INVALID when stdin is not a terminal and @from_stdin is not
 * set (a token must never come on the command line), or when it is empty.
 * Free with tend_credentials_secret_free(). */
char               *tendctl_read_secret              (gboolean       from_stdin,
                                                      const char    *prompt,
                                                      GError       **error);

/* The backend for an account's @kind (tendctl-accounts.c); for RT, a
 * secret shaped like an RT auth token is sent as one, anything else as the
 * password. @max_attempts 0 keeps the HTTP default. */
TendBackend        *tendctl_backend_new              (const char    *kind,
                                                      const char    *base_url,
                                                      const char    *login,
                                                      const char    *secret,
                                                      guint          max_attempts,
                                                      GError       **error);

G_END_DECLS
