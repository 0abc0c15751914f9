/* tendctl.c: Tend's command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tendctl"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tendctl.h"
#include "tendctl-insights.h"

/* The private-use marks the store puts around matched words. */
#define MARK_START 0xE000
#define MARK_END   0xE001

static char *opt_db;
static char *opt_account;

static const GOptionEntry db_entries[] = {
  { "db", 'd', 0, G_OPTION_ARG_FILENAME, &opt_db,
    N_("The Tend database (an SQLite file) to use"), N_("FILE") },
  { "account", 'a', 0, G_OPTION_ARG_STRING, &opt_account,
    N_("Use the database of this account (see “tendctl accounts list”)"), N_("NAME") },
  { NULL }
};

const char *
tendctl_get_db (void)
{
  return opt_db;
}

const char *
tendctl_get_account (void)
{
  return opt_account;
}

/* ------------------------------------------------------------- helpers */

static char *
one_line (const char *text)
{
  return tendctl_sanitize (text, FALSE);
}

int
tendctl_fail (const GError *error)
{
  g_autofree char *message = one_line (error != NULL ? error->message : _("Unknown error"));

  g_printerr ("tendctl: %s\n", message);
  return TENDCTL_EXIT_FAILURE;
}

int
tendctl_usage_error (const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  line = one_line (message);
  g_printerr ("tendctl: %s\n", line);
  return TENDCTL_EXIT_USAGE;
}

static gboolean
is_bidi_control (gunichar c)
{
  /* Embeddings, overrides and isolates: they can reorder what follows on
   * the terminal line ("Trojan Source"). Plain RTL text needs none. */
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

char *
tendctl_sanitize (const char *text,
                  gboolean    keep_newlines)
{
  GString *out;
  g_autofree char *valid = NULL;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' && keep_newlines)
        g_string_append_c (out, '\n');
      else if (c == '\r')
        continue;
      else if (c == '\n' || c == '\t')
        g_string_append_c (out, ' ');
      else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || is_bidi_control (c))
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

void
tendctl_drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Terminal columns a string takes: East Asian wide characters take two,
 * combining marks none. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* Appends text cut or padded to exactly width columns. */
static void
append_column (GString    *out,
               const char *text,
               guint       width)
{
  guint used = 0;

  if (display_width (text) <= width)
    {
      g_string_append (out, text);
      used = display_width (text);
    }
  else
    {
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          guint w = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;

          if (used + w + 1 > width)
            break;
          g_string_append_unichar (out, c);
          used += w;
        }
      g_string_append (out, "…");
      used++;
    }

  for (; used < width; used++)
    g_string_append_c (out, ' ');
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("-");

  dt = g_date_time_new_from_unix_local (unix_time);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

static char *
format_size (gint64 size)
{
  return g_format_size ((guint64) MAX (size, 0));
}

/* Errors name the file, unless the engine's message already does. */
static void
prefix_path (GError **error)
{
  if (error != NULL && *error != NULL && strstr ((*error)->message, opt_db) == NULL)
    g_prefix_error (error, "%s: ", opt_db);
}

static TendStore *
open_store_for_reading (GError **error)
{
  TendStore *store = tend_store_open_existing (opt_db, error);

  if (store == NULL)
    prefix_path (error);
  return store;
}

/* --db FILE, or the database of --account NAME; never a new empty file. */
TendStore *
tendctl_open_store (GError **error)
{
  const char *db = tendctl_get_db ();
  const char *name = tendctl_get_account ();
  g_autofree char *path = NULL;
  TendStore *store;

  if (db != NULL && name != NULL)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("give either --db or --account, not both"));
      return NULL;
    }

  if (name != NULL)
    {
      g_autoptr(TendAccountList) accounts = tend_account_list_new ();
      TendAccount *account;

      if (!tend_account_list_load (accounts, error))
        return NULL;
      account = tend_account_list_lookup_by_name (accounts, name);
      if (account == NULL)
        account = tend_account_list_lookup (accounts, name);
      if (account == NULL)
        {
          g_autofree char *clean = tendctl_sanitize (name, FALSE);

          g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                       _("there is no account named “%s” (see “tendctl accounts list”)"), clean);
          return NULL;
        }
      path = tend_account_dup_store_path (account);
    }
  else if (db != NULL && db[0] != '\0')
    path = g_strdup (db);
  else
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("no database given; use --db FILE or --account NAME (see “tendctl --help”)"));
      return NULL;
    }

  store = tend_store_open_existing (path, error);
  if (store == NULL && error != NULL && *error != NULL && strstr ((*error)->message, path) == NULL)
    g_prefix_error (error, "%s: ", path);
  return store;
}

int
tendctl_fail_or_usage (GError *error)
{
  if (g_error_matches (error, TEND_ERROR, TEND_ERROR_INVALID))
    return tendctl_usage_error ("%s", error->message);
  return tendctl_fail (error);
}

gboolean
tendctl_parse_id (const char *text,
                  gint64     *id)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

static const char *
requester_label (TendTicket *ticket)
{
  if (tend_ticket_get_requester_name (ticket) != NULL && *tend_ticket_get_requester_name (ticket) != '\0')
    return tend_ticket_get_requester_name (ticket);
  if (tend_ticket_get_requester_email (ticket) != NULL)
    return tend_ticket_get_requester_email (ticket);
  return "-";
}

static void
print_ticket_line (TendTicket *ticket,
                   const char *extra)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, tend_ticket_get_id (ticket));
  g_autofree char *requester = one_line (requester_label (ticket));
  g_autofree char *subject = one_line (tend_ticket_get_subject (ticket));

  append_column (line, id, 7);
  g_string_append_c (line, ' ');
  append_column (line, tend_ticket_status_to_string (tend_ticket_get_status (ticket)), 8);
  g_string_append_c (line, ' ');
  append_column (line, requester, 24);
  g_string_append_c (line, ' ');
  g_string_append (line, subject);
  if (extra != NULL)
    g_string_append (line, extra);

  g_print ("%s\n", line->str);
}

static gboolean
parse_view (const char *name,
            TendView   *view)
{
  return tend_view_from_string (name, view);
}

static char *
view_names (void)
{
  GString *names = g_string_new (NULL);

  for (int v = 0; v < TEND_N_VIEWS; v++)
    {
      if (v > 0)
        g_string_append (names, ", ");
      g_string_append (names, tend_view_to_string ((TendView) v));
    }

  return g_string_free (names, FALSE);
}

/* ------------------------------------------------------------ commands */

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *parameters;
  const char  *summary;
  const char  *description;
  CommandFunc  func;
} Command;

static GOptionContext *
command_context (const Command      *command,
                 const GOptionEntry *entries)
{
  g_autofree char *parameters = g_strconcat (command->name,
                                             command->parameters != NULL ? " " : NULL,
                                             command->parameters, NULL);
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context, _(command->summary));
  if (command->description != NULL)
    g_option_context_set_description (context, _(command->description));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* --db may come after the command as well. */
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);

  return context;
}

static const Command *find_command (const char *name);
static gboolean parse_command_line (GOptionContext *context, int *argc, char ***argv, int *status);

GOptionContext *
tendctl_command_context (const char         *name,
                         const GOptionEntry *entries)
{
  const Command *command = find_command (name);

  g_return_val_if_fail (command != NULL, NULL);
  return command_context (command, entries);
}

gboolean
tendctl_parse_command_line (GOptionContext   *context,
                            int              *argc,
                            char           ***argv,
                            int              *status)
{
  return parse_command_line (context, argc, argv, status);
}

static gboolean
parse_command_line (GOptionContext  *context,
                    int             *argc,
                    char          ***argv,
                    int             *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = tendctl_usage_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* --account NAME stands for the database of that account. */
static gboolean
resolve_account_db (int *status)
{
  g_autoptr(TendAccountList) accounts = tend_account_list_new ();
  g_autoptr(GError) error = NULL;
  TendAccount *account;

  if (!tend_account_list_load (accounts, &error))
    {
      *status = tendctl_fail (error);
      return FALSE;
    }

  account = tend_account_list_lookup_by_name (accounts, opt_account);
  if (account == NULL)
    account = tend_account_list_lookup (accounts, opt_account);
  if (account == NULL)
    {
      g_autofree char *name = one_line (opt_account);

      g_set_error (&error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                   _("there is no account named “%s” (see “tendctl accounts list”)"), name);
      *status = tendctl_fail (error);
      return FALSE;
    }

  opt_db = tend_account_dup_store_path (account);
  return TRUE;
}

static gboolean
require_db (int *status)
{
  if (opt_account != NULL && opt_db != NULL)
    {
      *status = tendctl_usage_error (_("give either --db or --account, not both"));
      return FALSE;
    }
  if (opt_account != NULL)
    return resolve_account_db (status);
  if (opt_db == NULL || *opt_db == '\0')
    {
      *status = tendctl_usage_error (_("no database given; use --db FILE or --account NAME (see “tendctl --help”)"));
      return FALSE;
    }
  return TRUE;
}

static int cmd_generate (int argc, char **argv);
static int cmd_stats    (int argc, char **argv);
static int cmd_list     (int argc, char **argv);
static int cmd_show     (int argc, char **argv);
static int cmd_search   (int argc, char **argv);
static int cmd_bench    (int argc, char **argv);
static int cmd_help     (int argc, char **argv);

static const Command commands[] = {
  { "generate", N_("[--tickets N]"),
    N_("Fill a database with realistic made-up data"),
    N_("Creates FILE when it does not exist and adds tickets, customers, organizations,\n"
       "knowledge-base articles and macros. The same seed and ticket count always give\n"
       "the same data, so you can share a benchmark or a bug report."),
    cmd_generate },
  { "stats", NULL,
    N_("Count what the database holds"),
    NULL,
    cmd_stats },
  { "list", N_("VIEW [--count]"),
    N_("List the tickets of a view (see Views below)"),
    N_("Prints one ticket per line: id, status, requester and subject, most recently\n"
       "updated first. With --count, prints only how many tickets the view holds."),
    cmd_list },
  { "show", N_("ID"),
    N_("Show a ticket, its fields and its conversation"),
    NULL,
    cmd_show },
  { "search", N_("QUERY…"),
    N_("Search tickets, best match first"),
    N_("The query uses Tend's search syntax: words, \"phrases\", -exclusions, prefix*,\n"
       "and filters such as status:open, tag:vip or requester:ann@example.com.\n"
       "Matched words are shown in bold on a terminal and between [ ] otherwise.\n"
       "Options go before the query; a query that starts with -word needs -- first:\n"
       "  tendctl --db FILE search -- -paypal refund"),
    cmd_search },
  { "customer", N_("EMAIL|ID [--ticket ID]"),
    N_("Show a customer: who they are, their figures and their tickets"),
    N_("Prints the customer 360 of the side panel, from the database alone: contact\n"
       "details, organization, local time, tickets in total and open, first contact,\n"
       "median time to resolution, satisfaction ratings, their other tickets (open\n"
       "first) and the open tickets of others in their organization. --ticket leaves\n"
       "the ticket you are looking at out of their list."),
    tendctl_customer_main },
  { "kb", N_("QUERY… | --suggest ID | --show ARTICLE"),
    N_("Search the knowledge base, or suggest articles for a ticket"),
    N_("Prints one article per line, best match first: its id and title, then its\n"
       "address. The query uses the search syntax (words, \"phrases\", -exclusions,\n"
       "prefix*). --suggest ranks the articles for a ticket's subject and latest\n"
       "customer message; --show prints an article as the plain text a reply gets."),
    tendctl_kb_main },
  { "similar", N_("ID"),
    N_("Find solved tickets like this one, and how they were solved"),
    N_("Prints up to 5 solved or closed tickets most similar to the ticket's subject\n"
       "and latest customer message, each with the first line of the last public\n"
       "agent reply. --verbose prints the words searched for."),
    tendctl_similar_main },
  { "demo-server", N_("[--tickets N]"),
    N_("Run a pretend Zendesk helpdesk on 127.0.0.1"),
    NULL,
    tendctl_demo_server_main },
  { "sync", N_("[--url URL …]"),
    N_("Copy a helpdesk into a database, or bring it up to date"),
    N_("Fetches what changed since the last sync (everything the first time) and\n"
       "writes it into the database. Either name the helpdesk and the database:\n"
       "  echo \"$TOKEN\" | tendctl --db FILE sync --url https://acme.zendesk.com \\\n"
       "                           --email agent@acme.com --token-stdin\n"
       "or use an account added with “tendctl accounts add”, whose token is in\n"
       "the keyring and whose database is kept for it:\n"
       "  tendctl --account Acme sync\n"
       "An interrupted sync (Ctrl+C, a lost connection) resumes where it stopped\n"
       "when run again. The token is never taken on the command line."),
    tendctl_sync_main },
  { "accounts", N_("add|list|remove"),
    N_("Add, list or remove helpdesk accounts"),
    N_("  accounts add --kind zendesk --url URL --email E [--name N] [--token-stdin]\n"
       "      checks the token against the helpdesk, then keeps it in the keyring\n"
       "      (never in a file) and the account in the list; without --token-stdin\n"
       "      the token is asked for on the terminal, without echo\n"
       "  accounts list\n"
       "      one line per account: name, kind, address, login, role, id\n"
       "  accounts remove NAME\n"
       "      deletes the account's token from the keyring and its local data"),
    tendctl_accounts_main },
  { "reply", N_("ID [--note]"),
    N_("Answer a ticket, or add an internal note (text from standard input)"),
    N_("Queues the reply in the database's outbox and shows it on the ticket at\n"
       "once, marked pending; it works without a network. The next sync (or the app)\n"
       "sends it, exactly once. With --status the ticket is submitted as S:\n"
       "  echo \"Refunded, see you!\" | tendctl --db FILE reply 1042 --status solved"),
    tendctl_reply_main },
  { "set", N_("ID [--status S …]"),
    N_("Change a ticket's fields"),
    N_("Queued in the outbox like a reply, and shown at once:\n"
       "  tendctl --db FILE set 1042 --status pending --assignee me --add-tag vip"),
    tendctl_set_main },
  { "outbox", N_("[list|retry|…]"),
    N_("Show what waits to be sent, and decide about what could not be"),
    N_("  outbox list [--all]     what waits (--all: and what was sent lately)\n"
       "  outbox retry ID         send a failed change again\n"
       "  outbox send-anyway ID   send a change although the ticket changed meanwhile\n"
       "  outbox discard ID       drop a change; its text goes back to the draft"),
    tendctl_outbox_main },
  { "bench", N_("store|sync|outbox|insights"),
    N_("Measure the engine's speed and memory use"),
    NULL,
    cmd_bench },
  { "help", N_("[COMMAND]"),
    N_("Show this help or a command's options"),
    NULL,
    cmd_help },
  { NULL }
};

static const Command *
find_command (const char *name)
{
  for (const Command *c = commands; c->name != NULL; c++)
    if (g_str_equal (c->name, name))
      return c;
  return NULL;
}


/* generate ------------------------------------------------------------- */

static int
cmd_generate (int    argc,
              char **argv)
{
  gint opt_tickets = 1000;
  gint64 opt_seed = 1;
  gint64 opt_now = 0;
  gint opt_batch = 1000;
  const GOptionEntry entries[] = {
    { "tickets", 'n', 0, G_OPTION_ARG_INT, &opt_tickets, N_("How many tickets to make (default 1000)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed, N_("Seed of the data; the same seed gives the same data (default 1)"), N_("S") },
    { "now", 0, 0, G_OPTION_ARG_INT64, &opt_now, N_("Place every time before this Unix time instead of now"), N_("SECONDS") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &opt_batch, N_("Tickets per write transaction (default 1000)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context (find_command ("generate"), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendGenerator) generator = NULL;
  g_autoptr(TendChangeset) changes = NULL;
  gboolean progress = isatty (STDERR_FILENO);
  TendStoreStats totals = { 0, };
  gint64 start;
  guint done = 0;
  int status = 0;

  if (!parse_command_line (context, &argc, &argv, &status) || !require_db (&status))
    return status;
  if (argc > 1)
    return tendctl_usage_error (_("generate takes no arguments, only options (got “%s”)"), argv[1]);
  if (opt_tickets < 0)
    return tendctl_usage_error (_("--tickets must be 0 or more"));
  if (opt_batch < 1)
    return tendctl_usage_error (_("--batch must be at least 1"));

  if (opt_now <= 0)
    opt_now = g_get_real_time () / G_USEC_PER_SEC;

  store = tend_store_open (opt_db, &error);
  if (store == NULL)
    {
      prefix_path (&error);
      return tendctl_fail (error);
    }

  start = g_get_monotonic_time ();
  generator = tend_generator_new ((guint64) opt_seed, (guint) opt_tickets, opt_now);
  changes = tend_changeset_new ();

  while (tend_generator_next (generator, changes, (guint) opt_batch))
    {
      totals.tickets += changes->tickets->len;
      totals.comments += changes->comments->len;
      totals.users += changes->users->len;
      totals.organizations += changes->organizations->len;
      totals.articles += changes->articles->len;
      totals.macros += changes->macros->len;
      done += changes->tickets->len;

      if (!tend_store_write (store, changes, &error))
        {
          if (progress)
            g_printerr ("\n");
          return tendctl_fail (error);
        }
      tend_changeset_clear (changes);
      tendctl_drain_main_context ();

      if (progress)
        g_printerr ("\r%s %u/%d (%d %%)", _("Generating tickets"), done, opt_tickets,
                    opt_tickets > 0 ? (int) (100.0 * done / opt_tickets) : 100);
    }
  if (progress)
    g_printerr ("\n");

  /* %lld: xgettext checks the format of a translated string and cannot
   * read G_GINT64_FORMAT. */
  g_print (_("Generated %lld tickets, %lld comments, %lld users, %lld organizations, %lld articles "
             "and %lld macros in %.1f s into %s\n"),
           (long long) totals.tickets, (long long) totals.comments, (long long) totals.users,
           (long long) totals.organizations, (long long) totals.articles, (long long) totals.macros,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, opt_db);

  return 0;
}

/* stats ----------------------------------------------------------------- */

static int
cmd_stats (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = command_context (find_command ("stats"), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  TendStoreStats stats = { 0, };
  int status = 0;

  if (!parse_command_line (context, &argc, &argv, &status) || !require_db (&status))
    return status;
  if (argc > 1)
    return tendctl_usage_error (_("stats takes no arguments (got “%s”)"), argv[1]);

  store = open_store_for_reading (&error);
  if (store == NULL || !tend_store_get_stats (store, &stats, &error))
    return tendctl_fail (error);

  g_print ("tickets %" G_GINT64_FORMAT "\n", stats.tickets);
  g_print ("comments %" G_GINT64_FORMAT "\n", stats.comments);
  g_print ("users %" G_GINT64_FORMAT "\n", stats.users);
  g_print ("organizations %" G_GINT64_FORMAT "\n", stats.organizations);
  g_print ("articles %" G_GINT64_FORMAT "\n", stats.articles);
  g_print ("outbox %" G_GINT64_FORMAT "\n", stats.outbox);

  return 0;
}

/* list ------------------------------------------------------------------ */

static int
cmd_list (int    argc,
          char **argv)
{
  gboolean opt_count = FALSE;
  gint opt_limit = 0;
  const GOptionEntry entries[] = {
    { "count", 'c', 0, G_OPTION_ARG_NONE, &opt_count, N_("Print only the number of tickets"), NULL },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &opt_limit, N_("Print at most N tickets (default: all)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context (find_command ("list"), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autofree char *names = view_names ();
  TendView view;
  guint count, printed = 0;
  int status = 0;

  if (!parse_command_line (context, &argc, &argv, &status) || !require_db (&status))
    return status;
  if (argc < 2)
    return tendctl_usage_error (_("list needs a view: %s"), names);
  if (argc > 2)
    return tendctl_usage_error (_("list takes one view, not “%s”"), argv[2]);
  if (!parse_view (argv[1], &view))
    return tendctl_usage_error (_("unknown view “%s”; the views are: %s"), argv[1], names);
  if (opt_limit < 0)
    return tendctl_usage_error (_("--limit must be 0 or more"));

  store = open_store_for_reading (&error);
  if (store == NULL)
    return tendctl_fail (error);

  count = tend_store_count_tickets (store, view, NULL, &error);
  if (error != NULL)
    return tendctl_fail (error);

  if (opt_count)
    {
      g_print ("%u\n", count);
      return 0;
    }

  /* Page through the view so memory stays flat however long it is. */
  while (printed < count && (opt_limit == 0 || printed < (guint) opt_limit))
    {
      guint want = opt_limit > 0 ? MIN (500, (guint) opt_limit - printed) : 500;
      g_autoptr(GPtrArray) page = tend_store_list_tickets (store, view, NULL, printed, want, &error);

      if (page == NULL)
        return tendctl_fail (error);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        print_ticket_line (page->pdata[i], NULL);
      printed += page->len;
    }

  return 0;
}

/* show ------------------------------------------------------------------ */

static void
print_field (const char *label,
             const char *value)
{
  g_autofree char *clean = one_line (value != NULL && *value != '\0' ? value : "-");
  g_autoptr(GString) line = g_string_new ("  ");

  append_column (line, label, 15);
  g_print ("%s %s\n", line->str, clean);
}

static char *
describe_user (TendStore  *store,
               gint64      id)
{
  g_autoptr(TendUser) user = NULL;

  if (id == 0)
    return g_strdup (_("(nobody)"));

  user = tend_store_get_user (store, id, NULL);
  if (user == NULL)
    return g_strdup_printf (_("user %lld (not in the database)"), (long long) id);
  if (tend_user_get_email (user) != NULL)
    return g_strdup_printf ("%s <%s>", tend_user_get_name (user), tend_user_get_email (user));
  return g_strdup (tend_user_get_name (user));
}

static void
print_body (const char *body)
{
  g_autofree char *clean = tendctl_sanitize (body, TRUE);
  g_auto(GStrv) lines = g_strsplit (clean, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("    %s\n", lines[i]);
}

static int
cmd_show (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = command_context (find_command ("show"), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *requester = NULL;
  g_autofree char *assignee = NULL;
  g_autofree char *submitter = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *group = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *n_messages = NULL;
  g_autofree char *title = NULL;
  const char *satisfaction;
  gint64 id = 0;
  int status = 0;

  if (!parse_command_line (context, &argc, &argv, &status) || !require_db (&status))
    return status;
  if (argc != 2)
    return tendctl_usage_error (_("show needs exactly one ticket id"));
  if (!tendctl_parse_id (argv[1], &id))
    return tendctl_usage_error (_("“%s” is not a ticket id (a positive number)"), argv[1]);

  store = open_store_for_reading (&error);
  if (store == NULL)
    return tendctl_fail (error);

  ticket = tend_store_get_ticket (store, id, &error);
  if (ticket == NULL)
    return tendctl_fail (error);
  comments = tend_store_list_comments (store, id, &error);
  if (comments == NULL)
    return tendctl_fail (error);

  if (tend_ticket_get_requester_email (ticket) != NULL)
    requester = g_strdup_printf ("%s <%s>", requester_label (ticket), tend_ticket_get_requester_email (ticket));
  else
    requester = describe_user (store, tend_ticket_get_requester_id (ticket));
  assignee = describe_user (store, tend_ticket_get_assignee_id (ticket));
  submitter = describe_user (store, tend_ticket_get_submitter_id (ticket));

  if (tend_ticket_get_organization_id (ticket) != 0)
    {
      g_autoptr(TendOrganization) org = tend_store_get_organization (store, tend_ticket_get_organization_id (ticket), NULL);

      organization = org != NULL ? g_strdup (tend_organization_get_name (org))
                                 : g_strdup_printf ("%" G_GINT64_FORMAT, tend_ticket_get_organization_id (ticket));
    }
  if (tend_ticket_get_group_id (ticket) != 0)
    {
      g_autofree char *group_name = tend_store_dup_group_name (store, tend_ticket_get_group_id (ticket));

      /* The name as the helpdesk calls the group; its number when the
       * store has not synced the groups yet. */
      group = group_name != NULL ?
        g_strdup_printf ("%s (%" G_GINT64_FORMAT ")", group_name, tend_ticket_get_group_id (ticket)) :
        g_strdup_printf ("%" G_GINT64_FORMAT, tend_ticket_get_group_id (ticket));
    }

  tags = g_strjoinv (" ", (char **) tend_ticket_get_tags (ticket));
  created = format_time (tend_ticket_get_created_at (ticket));
  updated = format_time (tend_ticket_get_updated_at (ticket));
  if (tend_ticket_get_waiting_since (ticket) > 0)
    waiting = format_time (tend_ticket_get_waiting_since (ticket));
  n_messages = g_strdup_printf ("%u", comments->len);

  title = g_strdup_printf ("#%" G_GINT64_FORMAT " %s", id, tend_ticket_get_subject (ticket));
  {
    g_autofree char *clean = one_line (title);
    g_print ("%s\n\n", clean);
  }

  print_field (_("Status"), tend_ticket_status_get_label (tend_ticket_get_status (ticket)));
  print_field (_("Priority"), tend_ticket_priority_get_label (tend_ticket_get_priority (ticket)));
  print_field (_("Type"), tend_ticket_get_ticket_type (ticket));
  print_field (_("Requester"), requester);
  print_field (_("Organization"), organization);
  print_field (_("Assignee"), assignee);
  print_field (_("Group"), group);
  print_field (_("Submitter"), submitter);
  print_field (_("Tags"), tags);
  print_field (_("Created"), created);
  print_field (_("Updated"), updated);
  print_field (_("Waiting since"), waiting);
  print_field (_("Messages"), n_messages);
  print_field (_("Unread"), tend_ticket_get_unread (ticket) ? _("yes") : _("no"));

  satisfaction = tend_ticket_get_satisfaction (ticket);
  if (satisfaction != NULL && tend_ticket_get_satisfaction_comment (ticket) != NULL)
    {
      g_autofree char *csat = g_strdup_printf ("%s: “%s”", satisfaction, tend_ticket_get_satisfaction_comment (ticket));
      print_field (_("Satisfaction"), csat);
    }
  else
    print_field (_("Satisfaction"), satisfaction);
  print_field (_("Other fields"), tend_ticket_get_extra_json (ticket));

  for (guint i = 0; i < comments->len; i++)
    {
      TendComment *comment = comments->pdata[i];
      GPtrArray *attachments = tend_comment_get_attachments (comment);
      g_autofree char *when = format_time (tend_comment_get_created_at (comment));
      g_autofree char *author = one_line (tend_comment_get_author_name (comment) != NULL
                                          ? tend_comment_get_author_name (comment) : "?");
      const char *role = tend_comment_get_author_role (comment) == TEND_USER_ROLE_END_USER
                         ? _("customer") : _("agent");
      const char *kind = tend_comment_get_public (comment) ? _("public reply") : _("INTERNAL NOTE");

      g_print ("\n── %u/%u · %s · %s (%s) · %s\n\n", i + 1, comments->len, when, author, role, kind);
      print_body (tend_comment_get_body (comment));

      for (guint a = 0; a < attachments->len; a++)
        {
          TendAttachment *attachment = attachments->pdata[a];
          g_autofree char *name = one_line (tend_attachment_get_file_name (attachment));
          g_autofree char *size = format_size (tend_attachment_get_size (attachment));

          g_print ("    %s %s (%s, %s)\n", _("Attachment:"), name, size,
                   tend_attachment_get_content_type (attachment) != NULL
                   ? tend_attachment_get_content_type (attachment) : "?");
        }
    }

  return 0;
}

/* search ---------------------------------------------------------------- */

/* The store marks matched words with private-use characters; on a terminal
 * they become bold, elsewhere brackets. */
static char *
render_snippet (const char *snippet,
                gboolean    terminal)
{
  g_autofree char *clean = one_line (snippet);
  GString *out = g_string_sized_new (strlen (clean) + 16);

  for (const char *p = clean; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == MARK_START)
        g_string_append (out, terminal ? "\033[1m" : "[");
      else if (c == MARK_END)
        g_string_append (out, terminal ? "\033[0m" : "]");
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static int
cmd_search (int    argc,
            char **argv)
{
  gint opt_limit = 20;
  char *opt_view = NULL;
  const GOptionEntry entries[] = {
    { "limit", 'l', 0, G_OPTION_ARG_INT, &opt_limit, N_("Print at most N tickets (default 20)"), N_("N") },
    { "view", 0, 0, G_OPTION_ARG_STRING, &opt_view, N_("Search only this view (default all)"), N_("VIEW") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context (find_command ("search"), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendQuery) query = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *text = NULL;
  g_autofree char *names = view_names ();
  g_autofree char *view_name = NULL;
  gboolean terminal = isatty (STDOUT_FILENO);
  TendView view = TEND_VIEW_ALL;
  int status = 0;

  /* Options end at the first word, so "-paypal" in a query stays a word. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!parse_command_line (context, &argc, &argv, &status) || !require_db (&status))
    return status;
  view_name = g_steal_pointer (&opt_view);
  if (argc < 2)
    return tendctl_usage_error (_("search needs a query, for example: tendctl --db FILE search refund status:open"));
  if (view_name != NULL && !parse_view (view_name, &view))
    return tendctl_usage_error (_("unknown view “%s”; the views are: %s"), view_name, names);
  if (opt_limit < 1)
    return tendctl_usage_error (_("--limit must be at least 1"));

  text = g_strjoinv (" ", argv + 1);
  query = tend_query_parse (text, &error);
  if (query == NULL)
    return tendctl_fail (error);
  if (tend_query_is_empty (query))
    return tendctl_usage_error (_("the query “%s” has nothing to search for"), text);

  store = open_store_for_reading (&error);
  if (store == NULL)
    return tendctl_fail (error);

  results = tend_store_list_tickets (store, view, query, 0, (guint) opt_limit, &error);
  if (results == NULL)
    return tendctl_fail (error);

  for (guint i = 0; i < results->len; i++)
    {
      TendTicket *ticket = results->pdata[i];
      g_autofree char *snippet = NULL;
      g_autofree char *extra = NULL;

      if (tend_ticket_get_search_snippet (ticket) != NULL)
        {
          snippet = render_snippet (tend_ticket_get_search_snippet (ticket), terminal);
          extra = g_strconcat ("  — ", snippet, NULL);
        }
      print_ticket_line (ticket, extra);
    }

  return 0;
}

/* bench ----------------------------------------------------------------- */

static int
cmd_bench (int    argc,
           char **argv)
{
  return tendctl_bench_main (opt_db, argc, argv);
}

/* help ------------------------------------------------------------------ */

static char *
commands_help (void)
{
  GString *text = g_string_new (_("Commands:\n"));

  for (const Command *c = commands; c->name != NULL; c++)
    {
      g_autofree char *usage = g_strconcat (c->name, c->parameters != NULL ? " " : NULL, c->parameters, NULL);
      g_autoptr(GString) line = g_string_new ("  ");

      if (c->summary == NULL)
        continue;
      append_column (line, usage, 26);
      g_string_append_printf (text, "%s %s\n", line->str, _(c->summary));
    }

  g_string_append (text,
                   _("\nExamples:\n"
                     "  tendctl --db /tmp/demo.db generate --tickets 5000\n"
                     "  tendctl --db /tmp/demo.db stats\n"
                     "  tendctl --db /tmp/demo.db list mine\n"
                     "  tendctl --db /tmp/demo.db show 1042\n"
                     "  tendctl --db /tmp/demo.db search refund \"credit card\" status:open\n"
                     "  tendctl bench store --tickets 100000\n"
                     "  tendctl demo-server --tickets 500     (prints url= email= token=)\n"
                     "  tendctl --account Acme sync\n"
                     "\n"
                     "Views: mine (unsolved and assigned to you), unassigned, open (every\n"
                     "unsolved ticket), pending (pending and on hold), recent (updated in the\n"
                     "last 7 days), solved (solved and closed), all.\n"
                     "\n"
                     "Search syntax: words must all match; \"a phrase\"; -word excludes;\n"
                     "word* matches a prefix; filters status:open priority:urgent tag:vip\n"
                     "requester:ann@example.com assignee:me org:acme.\n"
                     "\n"
                     "Run “tendctl COMMAND --help” for the options of a command.\n"
                     "Exit status: 0 success, 1 the command failed, 2 the command line is wrong.\n"));

  return g_string_free (text, FALSE);
}

static int
cmd_help (int    argc,
          char **argv)
{
  const Command *command;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *help = NULL;

  if (argc < 2)
    {
      g_autofree char *text = commands_help ();
      g_print ("%s", text);
      return 0;
    }

  command = find_command (argv[1]);
  if (command == NULL || command->func == cmd_help)
    return tendctl_usage_error (_("unknown command “%s”; see “tendctl --help”"), argv[1]);

  /* Each command's own context knows its options; ask it for --help. */
  {
    char *args[] = { (char *) "tendctl", (char *) "--help", NULL };
    return command->func (2, args);
  }
}

int
main (int   argc,
      char *argv[])
{
  gboolean opt_version = FALSE;
  const GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &opt_db,
      N_("The Tend database (an SQLite file) to use"), N_("FILE") },
    { "account", 'a', 0, G_OPTION_ARG_STRING, &opt_account,
      N_("Use the database of this account (see “tendctl accounts list”)"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  const Command *command;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("tendctl");

  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_summary (context,
                                _("Work with Tend's local helpdesk database from the command line.\n"
                                  "\n"
                                  "Tend keeps a copy of a helpdesk (tickets, conversations, customers,\n"
                                  "knowledge-base articles) in one SQLite file. tendctl syncs that file\n"
                                  "with a helpdesk, reads it, fills a new one with made-up data for trying\n"
                                  "things out, runs a demo helpdesk, and measures how fast the engine is.\n"
                                  "Most commands need the database to work on: --db FILE, or --account NAME\n"
                                  "for the one kept for an account added with “tendctl accounts add”."));
  description = commands_help ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Stop at the command: its options are its own. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tendctl_usage_error ("%s", error->message);

  if (opt_version)
    {
      g_print ("tendctl %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (argc < 2)
    return tendctl_usage_error (_("no command given; try “tendctl --help”"));

  command = find_command (argv[1]);
  if (command == NULL)
    return tendctl_usage_error (_("unknown command “%s”; try “tendctl --help”"), argv[1]);

  /* The command sees "tendctl" as its program name and its own words. */
  argv[1] = argv[0];
  status = command->func (argc - 1, argv + 1);

  g_clear_pointer (&opt_db, g_free);
  g_clear_pointer (&opt_account, g_free);
  return status;
}
