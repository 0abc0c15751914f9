/* tendctl-outbox.c: `tendctl reply`, `set`, `outbox` and `bench outbox`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Changes made here go into the database's outbox, exactly as the window
 * queues them: they work without a network and are sent by the next
 * `tendctl sync` (or the app), once each.
 */

#define G_LOG_DOMAIN "tendctl"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tend-demo-server.h"
#include "tend-outbox.h"
#include "tend-sync.h"
#include "tend-zendesk-backend.h"
#include "tendctl.h"

/* The body of a reply: far more than anyone types, a bound on a pipe. */
#define MAX_BODY_BYTES (1024 * 1024)

static char *
status_names (void)
{
  GString *names = g_string_new (NULL);

  for (int s = TEND_TICKET_STATUS_NEW; s <= TEND_TICKET_STATUS_CLOSED; s++)
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, tend_ticket_status_to_string (s));
    }
  return g_string_free (names, FALSE);
}

static gboolean
parse_status (const char *text,
              int        *status,
              int        *exit_status)
{
  TendTicketStatus value;

  if (!tend_ticket_status_from_string (text, &value) || value == TEND_TICKET_STATUS_DELETED)
    {
      g_autofree char *names = status_names ();

      *exit_status = tendctl_usage_error (_("unknown status “%s” (one of: %s)"), text, names);
      return FALSE;
    }
  *status = value;
  return TRUE;
}

/* Standard input, whole, as the reply's text. */
static char *
read_body (GError **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  guint8 chunk[8192];
  gssize n;

  if (isatty (STDIN_FILENO))
    g_printerr ("%s\n", _("Type the text, then Ctrl+D on a line of its own:"));

  input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  while ((n = g_input_stream_read (input, chunk, sizeof chunk, NULL, error)) > 0)
    {
      g_byte_array_append (buffer, chunk, (guint) n);
      if (buffer->len > MAX_BODY_BYTES)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       _("the text is longer than %u KB"), MAX_BODY_BYTES / 1024);
          return NULL;
        }
    }
  if (n < 0)
    return NULL;

  if (!g_utf8_validate ((const char *) buffer->data, buffer->len, NULL))
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("the text on standard input is not UTF-8"));
      return NULL;
    }
  g_byte_array_append (buffer, (const guint8 *) "", 1);
  /* What `echo` and editors add at the end is not part of the reply. */
  return g_strchomp ((char *) g_byte_array_free (g_steal_pointer (&buffer), FALSE));
}

static void
print_queued (TendOutbox *outbox,
              gint64      id)
{
  g_autoptr(TendOutboxItem) item = tend_outbox_get_item (outbox, id, NULL);
  g_autofree char *summary = item != NULL ? tend_outbox_item_dup_summary (item) : NULL;
  g_autofree char *line = tendctl_sanitize (summary, FALSE);

  g_print (_("queued as outbox item %lld on ticket %lld: %s\n"),
           (long long) id, (long long) (item != NULL ? tend_outbox_item_get_ticket_id (item) : 0), line);
  g_print ("%s\n", _("It is sent, once, with the next “tendctl sync” (or by the app)."));
}

/* reply ------------------------------------------------------------------ */

int
tendctl_reply_main (int    argc,
                    char **argv)
{
  gboolean opt_note = FALSE;
  g_autofree char *opt_status = NULL;
  const GOptionEntry entries[] = {
    { "note", 'n', 0, G_OPTION_ARG_NONE, &opt_note,
      N_("An internal note, which only agents see, instead of a public reply"), NULL },
    { "status", 's', 0, G_OPTION_ARG_STRING, &opt_status,
      N_("Submit the ticket with this status (open, pending, hold, solved…)"), N_("S") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = tendctl_command_context ("reply", entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendOutbox) outbox = NULL;
  g_autofree char *body = NULL;
  int status = -1;
  int exit_status = 0;
  gint64 ticket_id;
  gint64 id;

  if (!tendctl_parse_command_line (context, &argc, &argv, &exit_status))
    return exit_status;
  if (argc != 2 || !tendctl_parse_id (argv[1], &ticket_id))
    return tendctl_usage_error (_("reply needs a ticket id, for example: echo \"Thanks!\" | tendctl --db FILE reply 1042"));
  if (opt_status != NULL && !parse_status (opt_status, &status, &exit_status))
    return exit_status;

  store = tendctl_open_store (&error);
  if (store == NULL)
    return tendctl_fail_or_usage (error);

  body = read_body (&error);
  if (body == NULL)
    return tendctl_fail_or_usage (error);

  outbox = tend_outbox_new (store);
  id = tend_outbox_reply (outbox, ticket_id, body, !opt_note, status, &error);
  if (id == 0)
    return tendctl_fail_or_usage (error);

  print_queued (outbox, id);
  tendctl_drain_main_context ();
  return 0;
}

/* set -------------------------------------------------------------------- */

int
tendctl_set_main (int    argc,
                  char **argv)
{
  g_autofree char *opt_status = NULL;
  g_autofree char *opt_priority = NULL;
  g_autofree char *opt_type = NULL;
  g_autofree char *opt_assignee = NULL;
  g_autofree char *opt_group = NULL;
  g_auto(GStrv) opt_add = NULL;
  g_auto(GStrv) opt_remove = NULL;
  const GOptionEntry entries[] = {
    { "status", 's', 0, G_OPTION_ARG_STRING, &opt_status,
      N_("new, open, pending, hold, solved or closed"), N_("S") },
    { "priority", 'p', 0, G_OPTION_ARG_STRING, &opt_priority,
      N_("low, normal, high, urgent or none"), N_("P") },
    { "type", 't', 0, G_OPTION_ARG_STRING, &opt_type,
      N_("question, incident, problem, task, or none"), N_("T") },
    { "assignee", 0, 0, G_OPTION_ARG_STRING, &opt_assignee,
      N_("“me”, an agent's id, or “none”"), N_("WHO") },
    { "group", 0, 0, G_OPTION_ARG_STRING, &opt_group,
      N_("A group's id, or “none”"), N_("ID") },
    { "add-tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_add,
      N_("Add a tag (may be repeated)"), N_("TAG") },
    { "remove-tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_remove,
      N_("Remove a tag (may be repeated)"), N_("TAG") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = tendctl_command_context ("set", entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendOutbox) outbox = NULL;
  TendOutboxEdit edit;
  int exit_status = 0;
  gint64 ticket_id;
  gint64 id;

  if (!tendctl_parse_command_line (context, &argc, &argv, &exit_status))
    return exit_status;
  if (argc != 2 || !tendctl_parse_id (argv[1], &ticket_id))
    return tendctl_usage_error (_("set needs a ticket id, for example: tendctl --db FILE set 1042 --status pending"));

  tend_outbox_edit_init (&edit);
  if (opt_status != NULL && !parse_status (opt_status, &edit.status, &exit_status))
    return exit_status;
  if (opt_priority != NULL)
    {
      TendTicketPriority priority;

      if (!tend_ticket_priority_from_string (opt_priority, &priority))
        return tendctl_usage_error (_("unknown priority “%s” (one of: low, normal, high, urgent, none)"),
                                    opt_priority);
      edit.priority = priority;
    }
  if (opt_type != NULL)
    edit.ticket_type = g_str_equal (opt_type, "none") ? "" : opt_type;

  store = tendctl_open_store (&error);
  if (store == NULL)
    return tendctl_fail_or_usage (error);

  if (opt_assignee != NULL)
    {
      if (g_str_equal (opt_assignee, "me"))
        {
          edit.assignee_id = tend_store_get_me (store);
          if (edit.assignee_id <= 0)
            return tendctl_usage_error (_("this database does not know who “me” is yet; sync it once first"));
        }
      else if (g_str_equal (opt_assignee, "none"))
        edit.assignee_id = 0;
      else if (!tendctl_parse_id (opt_assignee, &edit.assignee_id))
        return tendctl_usage_error (_("--assignee takes “me”, an agent's id or “none” (got “%s”)"), opt_assignee);
    }
  if (opt_group != NULL)
    {
      if (g_str_equal (opt_group, "none"))
        edit.group_id = 0;
      else if (!tendctl_parse_id (opt_group, &edit.group_id))
        return tendctl_usage_error (_("--group takes a group's id or “none” (got “%s”)"), opt_group);
    }
  edit.add_tags = (const char * const *) opt_add;
  edit.remove_tags = (const char * const *) opt_remove;

  outbox = tend_outbox_new (store);
  id = tend_outbox_enqueue (outbox, ticket_id, &edit, &error);
  if (id == 0)
    return tendctl_fail_or_usage (error);

  print_queued (outbox, id);
  tendctl_drain_main_context ();
  return 0;
}

/* outbox ----------------------------------------------------------------- */

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("-");
  dt = g_date_time_new_from_unix_local (unix_time);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

static int
outbox_list (TendStore *store,
             gboolean   all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendOutbox) outbox = tend_outbox_new (store);
  g_autoptr(GPtrArray) items = tend_outbox_list_items (outbox, all, &error);

  if (items == NULL)
    return tendctl_fail (error);

  if (items->len == 0)
    {
      g_print ("%s\n", all ? _("The outbox is empty.") : _("Nothing waits to be sent."));
      return 0;
    }

  for (guint i = 0; i < items->len; i++)
    {
      TendOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *summary = tend_outbox_item_dup_summary (item);
      g_autofree char *line = tendctl_sanitize (summary, FALSE);
      g_autofree char *when = format_time (tend_outbox_item_get_created_at (item));
      const char *error_text = tend_outbox_item_get_last_error (item);

      g_print ("%-6" G_GINT64_FORMAT " %-9s ticket %-8" G_GINT64_FORMAT " %s  %s\n",
               tend_outbox_item_get_id (item),
               tend_outbox_state_to_string (tend_outbox_item_get_state (item)),
               tend_outbox_item_get_ticket_id (item), when, line);
      if (error_text != NULL && tend_outbox_item_get_state (item) != TEND_OUTBOX_STATE_SENT)
        {
          g_autofree char *clean = tendctl_sanitize (error_text, FALSE);

          g_print ("       %s\n", clean);
        }
    }
  return 0;
}

int
tendctl_outbox_main (int    argc,
                     char **argv)
{
  gboolean opt_all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &opt_all,
      N_("With list: also what was sent in the last days"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = tendctl_command_context ("outbox", entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendOutbox) outbox = NULL;
  const char *action;
  int exit_status = 0;
  gint64 id;
  gboolean ok;

  if (!tendctl_parse_command_line (context, &argc, &argv, &exit_status))
    return exit_status;

  action = argc > 1 ? argv[1] : "list";
  if (g_str_equal (action, "list"))
    {
      if (argc > 2)
        return tendctl_usage_error (_("outbox list takes no arguments (got “%s”)"), argv[2]);
      store = tendctl_open_store (&error);
      if (store == NULL)
        return tendctl_fail_or_usage (error);
      return outbox_list (store, opt_all);
    }

  if (!g_str_equal (action, "retry") && !g_str_equal (action, "discard") &&
      !g_str_equal (action, "send-anyway"))
    return tendctl_usage_error (_("unknown outbox action “%s” (list, retry, send-anyway or discard)"), action);
  if (argc != 3 || !tendctl_parse_id (argv[2], &id))
    return tendctl_usage_error (_("outbox %s needs an item id (see “tendctl outbox list”)"), action);

  store = tendctl_open_store (&error);
  if (store == NULL)
    return tendctl_fail_or_usage (error);
  outbox = tend_outbox_new (store);

  if (g_str_equal (action, "retry"))
    ok = tend_outbox_retry (outbox, id, &error);
  else if (g_str_equal (action, "send-anyway"))
    ok = tend_outbox_send_anyway (outbox, id, &error);
  else
    ok = tend_outbox_discard (outbox, id, &error);
  tendctl_drain_main_context ();
  if (!ok)
    return tendctl_fail (error);

  if (g_str_equal (action, "discard"))
    g_print (_("discarded outbox item %lld; its text, if any, is the ticket's draft again\n"), (long long) id);
  else
    g_print (_("outbox item %lld is queued again; it is sent with the next “tendctl sync”\n"), (long long) id);
  return 0;
}

/* bench outbox ----------------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} BenchWait;

static void
bench_sync_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  BenchWait *wait = data;

  tend_sync_run_finish (TEND_SYNC (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) (p * sorted->len + 0.999999);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

static void
remove_database (const char *dir,
                 const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* The nth change of the benchmark: what agents do most, replies, then
 * notes, field edits, and a reply that solves the ticket. */
static gint64
queue_change (TendOutbox  *outbox,
              gint64       ticket_id,
              guint        n,
              GError     **error)
{
  static const char * const replies[] = {
    "Thanks for getting back to us. I have refunded the second charge; it shows on your statement in 3-5 days.",
    "Could you send us the order number and a photo of the damaged item? Then we send a replacement today.",
    "I reset the two-factor settings of your account. Sign in with your password and set it up again.",
  };
  const char *tags[] = { "bench", NULL };
  g_autofree char *body = NULL;
  TendOutboxEdit edit;

  tend_outbox_edit_init (&edit);
  switch (n % 10)
    {
    case 0: case 1: case 2: case 3:
      body = g_strdup_printf ("%s (#%u)", replies[n % G_N_ELEMENTS (replies)], n);
      edit.comment = body;
      break;
    case 4: case 5:
      body = g_strdup_printf ("Internal: checked the payment log, see case %u.", n);
      edit.comment = body;
      edit.comment_public = FALSE;
      break;
    case 6: case 7:
      edit.status = (n / 10) % 2 == 0 ? TEND_TICKET_STATUS_PENDING : TEND_TICKET_STATUS_OPEN;
      break;
    case 8:
      edit.priority = TEND_TICKET_PRIORITY_HIGH;
      edit.add_tags = tags;
      break;
    default:
      body = g_strdup_printf ("%s (#%u)", replies[0], n);
      edit.comment = body;
      edit.status = TEND_TICKET_STATUS_HOLD;
      break;
    }
  return tend_outbox_enqueue (outbox, ticket_id, &edit, error);
}

int
tendctl_bench_outbox (int    argc,
                      char **argv)
{
  gint opt_changes = 1000;
  gint opt_tickets = 500;
  gint64 opt_seed = 1;
  gboolean opt_keep = FALSE;
  const GOptionEntry entries[] = {
    { "changes", 'c', 0, G_OPTION_ARG_INT, &opt_changes, N_("Changes to queue and send (default 1000)"), N_("N") },
    { "tickets", 'n', 0, G_OPTION_ARG_INT, &opt_tickets, N_("Tickets on the demo server (default 500)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed, N_("Seed of the generated data (default 1)"), N_("S") },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &opt_keep, N_("Keep the database and print where it is"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("outbox");
  g_autoptr(GError) error = NULL;
  g_autoptr(TendDemoServer) server = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendZendeskBackend) backend = NULL;
  g_autoptr(TendSync) sync = NULL;
  g_autoptr(TendOutbox) outbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  TendOutboxPushStats stats;
  BenchWait wait = { NULL, };
  guint requests_before, comments_before;
  guint n_comments = 0;
  double queue_total_ms = 0, mean_ms, push_s, own_ms, server_ms;
  gboolean exactly_once;
  gint64 start;
  int status = 0;

  g_option_context_set_summary (context, _("Queue changes offline, then send them to the demo helpdesk, and time both."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tendctl_parse_command_line (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return tendctl_usage_error (_("bench outbox takes only options (got “%s”)"), argv[1]);
  if (opt_changes < 1 || opt_tickets < 1)
    return tendctl_usage_error (_("--changes and --tickets must be at least 1"));

  /* The helpdesk, in this process, and a database synced from it. */
  server = tend_demo_server_new ((guint) opt_tickets, (guint64) opt_seed);
  tend_demo_server_set_rate_limit (server, 0);
  if (!tend_demo_server_start (server, &error))
    return tendctl_fail (error);

  dir = g_dir_make_tmp ("tend-bench-outbox-XXXXXX", &error);
  if (dir == NULL)
    return tendctl_fail (error);
  path = g_build_filename (dir, "outbox.db", NULL);
  store = tend_store_open (path, &error);
  if (store == NULL)
    return tendctl_fail (error);
  backend = tend_zendesk_backend_new (tend_demo_server_get_url (server),
                                      tend_demo_server_get_email (server),
                                      tend_demo_server_get_token (server), &error);
  if (backend == NULL)
    return tendctl_fail (error);

  g_printerr ("%s\n", _("Syncing the demo helpdesk…"));
  sync = tend_sync_new (store, TEND_BACKEND (backend));
  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  tend_sync_run_async (sync, NULL, bench_sync_done_cb, &wait);
  g_main_loop_run (loop);
  if (wait.error != NULL)
    return tendctl_fail (wait.error);

  tickets = tend_store_list_tickets (store, TEND_VIEW_OPEN, NULL, 0, 0, &error);
  if (tickets == NULL)
    return tendctl_fail (error);
  if (tickets->len == 0)
    {
      g_set_error_literal (&error, TEND_ERROR, TEND_ERROR_FAILED, _("the demo helpdesk has no open tickets"));
      return tendctl_fail (error);
    }

  /* Queueing: what the agent waits for, network or not. */
  outbox = tend_outbox_new (store);
  for (guint i = 0; i < (guint) opt_changes; i++)
    {
      TendTicket *ticket = g_ptr_array_index (tickets, i % tickets->len);
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      if (queue_change (outbox, tend_ticket_get_id (ticket), i, &error) == 0)
        return tendctl_fail (error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (times, ms);
      queue_total_ms += ms;
      if (i % 10 < 6 || i % 10 == 9)
        n_comments++;
    }
  g_array_sort (times, compare_doubles);
  mean_ms = queue_total_ms / opt_changes;

  /* Replay: one update per change, in order per ticket. */
  requests_before = tend_http_get_n_requests (tend_zendesk_backend_get_http (backend));
  comments_before = tend_demo_server_get_n_comments (server);
  start = g_get_monotonic_time ();
  if (!tend_outbox_push (outbox, TEND_BACKEND (backend), &stats, NULL, &error))
    return tendctl_fail (error);
  push_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  tendctl_drain_main_context ();

  left = tend_outbox_list_items (outbox, FALSE, &error);
  if (left == NULL)
    return tendctl_fail (error);

  server_ms = stats.backend_us / 1000.0;
  own_ms = (stats.total_us - stats.backend_us) / 1000.0;

  g_print (_("Queueing %d changes offline (reply, note, status, priority and tags; one transaction each):\n"),
           opt_changes);
  g_print (_("  %.3f ms per change on average (target: at most 2 ms) — %s\n"),
           mean_ms, mean_ms <= 2.0 ? _("met") : _("NOT MET"));
  g_print (_("  median %.3f ms, 95th percentile %.3f ms, slowest %.3f ms, %.0f ms in all\n"),
           percentile (times, 0.5), percentile (times, 0.95), percentile (times, 1.0), queue_total_ms);
  g_print (_("Sending them to the demo helpdesk on %s:\n"), tend_demo_server_get_url (server));
  g_print (_("  %u sent, %u conflicts, %u failed, %u still waiting, in %.2f s (%.0f changes/s)\n"),
           stats.sent, stats.conflicts, stats.failed, left->len, push_s,
           push_s > 0 ? stats.sent / push_s : 0.0);
  g_print (_("  %.2f ms per change: %.2f ms waiting for the server (request, its work, the answer), "
             "%.2f ms in Tend (marking it sending and sent, storing the answer)\n"),
           stats.sent > 0 ? stats.total_us / 1000.0 / stats.sent : 0.0,
           stats.sent > 0 ? server_ms / stats.sent : 0.0,
           stats.sent > 0 ? own_ms / stats.sent : 0.0);
  g_print (_("  %u requests; the server now holds %u more comments (%u replies and notes were queued)\n"),
           tend_http_get_n_requests (tend_zendesk_backend_get_http (backend)) - requests_before,
           tend_demo_server_get_n_comments (server) - comments_before, n_comments);

  exactly_once = stats.sent == (guint) opt_changes && left->len == 0 &&
                 tend_demo_server_get_n_comments (server) - comments_before == n_comments;

  g_clear_object (&outbox);
  g_clear_object (&sync);
  g_clear_object (&store);
  tend_demo_server_stop (server);
  if (opt_keep)
    g_print (_("The database is kept at %s\n"), path);
  else
    remove_database (dir, path);

  if (!exactly_once)
    {
      g_printerr ("tendctl: %s\n", _("not every change reached the helpdesk exactly once"));
      return TENDCTL_EXIT_FAILURE;
    }
  return 0;
}
