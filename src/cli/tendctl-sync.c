/* tendctl-sync.c: `tendctl sync`, a helpdesk into a database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tendctl"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tend-sync.h"
#include "tend-zendesk-backend.h"
#include "tendctl.h"

/* A terminal line is redrawn at most this often (µs). */
#define REDRAW_INTERVAL (100 * 1000)

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  TendSync     *sync;
  GError       *error;
  gboolean      terminal;
  gboolean      line_drawn;
  gboolean      interrupted;
  gint64        last_redraw;
  TendSyncPhase last_phase;
} SyncRun;

static const char *
phase_label (TendSyncPhase phase)
{
  switch (phase)
    {
    case TEND_SYNC_PHASE_CONNECTING:
      return _("Signing in…");
    case TEND_SYNC_PHASE_OUTBOX:
      return _("Sending your changes…");
    case TEND_SYNC_PHASE_TICKETS:
      return _("Syncing tickets…");
    case TEND_SYNC_PHASE_COMMENTS:
      return _("Syncing conversations…");
    case TEND_SYNC_PHASE_USERS:
      return _("Syncing customers…");
    case TEND_SYNC_PHASE_ARTICLES:
      return _("Syncing articles…");
    case TEND_SYNC_PHASE_MACROS:
      return _("Syncing macros…");
    case TEND_SYNC_PHASE_IDLE:
    case TEND_SYNC_PHASE_DONE:
    case TEND_SYNC_PHASE_FAILED:
    default:
      return "";
    }
}

static void
clear_line (SyncRun *run)
{
  if (run->line_drawn)
    {
      g_printerr ("\r\033[K");
      run->line_drawn = FALSE;
    }
}

/* One line on the terminal, redrawn in place: the phase, the tickets and
 * comments written so far, and the pages and rows (items) behind them. */
static void
progress_cb (TendSync      *sync,
             TendSyncPhase  phase,
             guint64        items,
             guint          pages,
             SyncRun       *run)
{
  g_autoptr(GString) line = NULL;
  gint64 now = g_get_monotonic_time ();

  if (phase == TEND_SYNC_PHASE_DONE || phase == TEND_SYNC_PHASE_FAILED || phase == TEND_SYNC_PHASE_IDLE)
    return;
  /* Every phase change is shown; figures within a phase at a calm pace. */
  if (phase == run->last_phase && now - run->last_redraw < REDRAW_INTERVAL)
    return;
  run->last_phase = phase;
  run->last_redraw = now;

  line = g_string_new (phase_label (phase));
  if (phase != TEND_SYNC_PHASE_CONNECTING)
    {
      /* (xgettext checks the formats, and cannot read G_GUINT64_FORMAT.) */
      g_string_append_printf (line, _(" %llu tickets, %llu comments"),
                              (unsigned long long) tend_sync_get_n_tickets (sync),
                              (unsigned long long) tend_sync_get_n_comments (sync));
      g_string_append_printf (line, ngettext (" (%u page, %llu items)", " (%u pages, %llu items)", pages),
                              pages, (unsigned long long) items);
    }

  g_printerr ("\r\033[K%s", line->str);
  run->line_drawn = TRUE;
}

static gboolean
interrupt_cb (gpointer data)
{
  SyncRun *run = data;

  if (run->interrupted)
    {
      /* A second Ctrl+C does not wait: every committed page is safe in
       * the database (SQLite's journal), the rest is fetched again. */
      clear_line (run);
      g_printerr ("tendctl: %s\n", _("sync stopped; run the same command again to resume where it stopped"));
      _exit (TENDCTL_EXIT_FAILURE);
    }

  run->interrupted = TRUE;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SyncRun *run = data;

  tend_sync_run_finish (TEND_SYNC (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* Where to sync from and to, from --account or from the options. */
typedef struct
{
  char *kind;
  char *store_path;
  char *base_url;
  char *login;
  char *token;
} Target;

static void
target_clear (Target *target)
{
  g_clear_pointer (&target->kind, g_free);
  g_clear_pointer (&target->store_path, g_free);
  g_clear_pointer (&target->base_url, g_free);
  g_clear_pointer (&target->login, g_free);
  g_clear_pointer (&target->token, tend_credentials_secret_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

static gboolean
target_from_account (Target      *target,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(TendAccountList) accounts = tend_account_list_new ();
  g_autofree char *data_dir = NULL;
  g_autofree char *clean = tendctl_sanitize (name, FALSE);
  TendAccount *account;

  if (!tend_account_list_load (accounts, error))
    return FALSE;
  account = tend_account_list_lookup_by_name (accounts, name);
  if (account == NULL)
    account = tend_account_list_lookup (accounts, name);
  if (account == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                   _("there is no account named “%s” (see “tendctl accounts list”)"), clean);
      return FALSE;
    }
  target->token = tend_credentials_lookup_sync (account, NULL, error);
  if (target->token == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                     _("the keyring holds no API token for “%s”; remove the account and add it again"),
                     clean);
      return FALSE;
    }

  data_dir = tend_account_dup_data_dir (account);
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                   _("Cannot create the folder %s: %s"), data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  target->kind = g_strdup (tend_account_get_kind (account));
  target->store_path = tend_account_dup_store_path (account);
  target->base_url = g_strdup (tend_account_get_base_url (account));
  target->login = g_strdup (tend_account_get_login (account));
  return TRUE;
}

int
tendctl_sync_main (int    argc,
                   char **argv)
{
  g_autofree char *opt_url = NULL;
  g_autofree char *opt_email = NULL;
  gboolean opt_token_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &opt_url,
      N_("The helpdesk: its Zendesk subdomain (acme) or address (https://acme.zendesk.com)"), N_("URL") },
    { "email", 'e', 0, G_OPTION_ARG_STRING, &opt_email,
      N_("The email address you sign in with"), N_("E") },
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_token_stdin,
      N_("Read the API token from the first line of standard input"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = tendctl_command_context ("sync", entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(TendSync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_auto(Target) target = { NULL, };
  SyncRun run = { NULL, };
  guint sigint_id, sigterm_id;
  gint64 start;
  int status = 0;

  if (!tendctl_parse_command_line (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return tendctl_usage_error (_("sync takes only options (got “%s”)"), argv[1]);

  if (tendctl_get_account () != NULL)
    {
      if (tendctl_get_db () != NULL || opt_url != NULL || opt_email != NULL || opt_token_stdin)
        return tendctl_usage_error (_("with --account, leave out --db, --url, --email and --token-stdin: "
                                      "the account knows them"));
      if (!target_from_account (&target, tendctl_get_account (), &error))
        return tendctl_fail (error);
    }
  else
    {
      if (tendctl_get_db () == NULL || opt_url == NULL || opt_email == NULL)
        return tendctl_usage_error (_("sync needs --db FILE --url URL --email E --token-stdin, "
                                      "or --account NAME (see “tendctl sync --help”)"));
      /* "acme" and "acme.zendesk.com" mean https://acme.zendesk.com; plain
       * http:// to another computer is refused before the token is read. */
      target.base_url = tend_account_normalize_url (TEND_ACCOUNT_KIND_ZENDESK, opt_url, &error);
      if (target.base_url == NULL)
        return tendctl_fail (error);
      target.kind = g_strdup (TEND_ACCOUNT_KIND_ZENDESK);
      target.store_path = g_strdup (tendctl_get_db ());
      target.login = g_strdup (opt_email);
      target.token = tendctl_read_secret (opt_token_stdin, _("API token: "), &error);
      if (target.token == NULL)
        return tendctl_fail (error);
    }

  /* The backend of the account's kind; without --account, Zendesk. */
  backend = tendctl_backend_new (target.kind, target.base_url, target.login, target.token, 0, &error);
  /* The backend has its copy. */
  g_clear_pointer (&target.token, tend_credentials_secret_free);
  if (backend == NULL)
    return tendctl_fail (error);

  store = tend_store_open (target.store_path, &error);
  if (store == NULL)
    {
      if (strstr (error->message, target.store_path) == NULL)
        g_prefix_error (&error, "%s: ", target.store_path);
      return tendctl_fail (error);
    }

  sync = tend_sync_new (store, backend);
  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();

  run.loop = loop;
  run.cancellable = cancellable;
  run.sync = sync;
  run.terminal = isatty (STDERR_FILENO);

  if (run.terminal)
    g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), &run);
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  start = g_get_monotonic_time ();
  tend_sync_run_async (sync, cancellable, run_done_cb, &run);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (sync, &run);
  clear_line (&run);
  tendctl_drain_main_context ();

  if (run.error != NULL)
    {
      g_autoptr(GError) failure = g_steal_pointer (&run.error);

      if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("tendctl: %s\n",
                      _("sync interrupted; what it fetched is kept, and running the same command "
                        "again resumes where it stopped"));
          return TENDCTL_EXIT_FAILURE;
        }
      return tendctl_fail (failure);
    }

  g_print (_("synced %llu tickets, %llu comments in %.1f s\n"),
           (unsigned long long) tend_sync_get_n_tickets (sync),
           (unsigned long long) tend_sync_get_n_comments (sync),
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  return 0;
}
