/* tendctl-insights.c: the customer 360, the knowledge base and similar
 * tickets on the command line, and their benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tendctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tend-customer-profile.h"
#include "tend-html.h"
#include "tend-store-insights.h"
#include "tendctl-insights.h"
#include "tendctl.h"

/* Ticket lines printed by `customer` unless --limit says otherwise. */
#define DEFAULT_LIST_LIMIT 10
/* Targets of issue 7, checked by `bench insights --check`. */
#define TARGET_SIMILAR_MS 50.0
#define TARGET_KB_P95_MS 20.0

/* Helpers */

static char *
one_line (const char *text)
{
  return tendctl_sanitize (text != NULL ? text : "", FALSE);
}

static char *
format_date (gint64      unix_time,
             const char *format)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("-");
  dt = g_date_time_new_from_unix_local (unix_time);
  return g_date_time_format (dt, format);
}

/* @text cut or padded to @width terminal columns (wide characters take
 * two, combining marks none). */
static guint
char_width (gunichar c)
{
  return g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
}

static void
append_padded (GString    *out,
               const char *text,
               guint       width)
{
  guint total = 0;
  guint used = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    total += char_width (g_utf8_get_char (p));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Too long: what fits, then an ellipsis and a space. */
      if (total > width - 1 && used + char_width (c) > width - 2)
        {
          g_string_append (out, "…");
          used++;
          break;
        }
      g_string_append_unichar (out, c);
      used += char_width (c);
    }

  for (; used < width; used++)
    g_string_append_c (out, ' ');
}

/* "  1042     open     2024-01-15  [Requester]  Subject" */
static void
print_ticket (TendTicket *ticket,
              gboolean    with_requester)
{
  g_autoptr(GString) line = g_string_new ("  ");
  g_autofree char *updated = format_date (tend_ticket_get_updated_at (ticket), "%Y-%m-%d");
  g_autofree char *subject = one_line (tend_ticket_get_subject (ticket));
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, tend_ticket_get_id (ticket));

  append_padded (line, id, 9);
  append_padded (line, tend_ticket_status_to_string (tend_ticket_get_status (ticket)), 9);
  g_string_append_printf (line, "%s  ", updated);
  if (with_requester)
    {
      const char *name = tend_ticket_get_requester_name (ticket);
      g_autofree char *requester = one_line (name != NULL && name[0] != '\0'
                                             ? name : tend_ticket_get_requester_email (ticket));

      append_padded (line, requester, 21);
    }
  g_string_append (line, subject);
  g_print ("%s\n", line->str);
}

/* customer ------------------------------------------------------------- */

static void
print_field (const char *label,
             const char *value)
{
  g_autofree char *clean = NULL;

  if (value == NULL || value[0] == '\0')
    return;
  clean = one_line (value);
  /* The label column is as wide as the longest label. */
  g_print ("  %-15s %s\n", label, clean);
}

int
tendctl_customer_main (int    argc,
                       char **argv)
{
  gint64 opt_ticket = 0;
  gint opt_limit = DEFAULT_LIST_LIMIT;
  const GOptionEntry entries[] = {
    { "ticket", 't', 0, G_OPTION_ARG_INT64, &opt_ticket,
      N_("The ticket being looked at: left out of the customer’s other tickets"), N_("ID") },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &opt_limit,
      N_("Print at most N tickets in each list (default 10)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = tendctl_command_context ("customer", entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendUser) found = NULL;
  g_autoptr(TendCustomerProfile) profile = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *local_time = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *first_contact = NULL;
  g_autofree char *since = NULL;
  g_autofree char *line = NULL;
  TendUser *user;
  TendOrganization *org;
  GListModel *tickets;
  gint64 user_id = 0;
  int status = 0;

  if (!tendctl_parse_command_line (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return tendctl_usage_error (_("customer needs exactly one e-mail address or user id"));
  if (opt_limit < 0)
    return tendctl_usage_error (_("--limit must not be negative"));

  store = tendctl_open_store (&error);
  if (store == NULL)
    return tendctl_fail_or_usage (error);

  if (strchr (argv[1], '@') != NULL)
    {
      found = tend_store_find_user_by_email (store, argv[1], &error);
      if (found == NULL)
        return tendctl_fail (error);
      user_id = tend_user_get_id (found);
    }
  else if (!tendctl_parse_id (argv[1], &user_id))
    return tendctl_usage_error (_("“%s” is neither an e-mail address nor a user id"), argv[1]);

  profile = tend_customer_profile_load (store, user_id, opt_ticket, &error);
  if (profile == NULL)
    return tendctl_fail (error);

  user = tend_customer_profile_get_user (profile);
  org = tend_customer_profile_get_organization (profile);

  /* Who */
  name = one_line (tend_user_get_name (user));
  if (tend_user_get_email (user) != NULL)
    {
      g_autofree char *email = one_line (tend_user_get_email (user));
      g_print ("%s <%s>\n", name[0] != '\0' ? name : _("(no name)"), email);
    }
  else
    g_print ("%s\n", name[0] != '\0' ? name : _("(not in the database yet)"));

  print_field (_("Phone:"), tend_user_get_phone (user));
  if (org != NULL)
    print_field (_("Organization:"), tend_organization_get_name (org));
  local_time = tend_customer_profile_format_local_time (profile, now);
  if (local_time != NULL)
    {
      g_autofree char *with_zone = g_strdup_printf ("%s, %s", local_time, tend_user_get_time_zone (user));
      print_field (_("Local time:"), with_zone);
    }
  else
    print_field (_("Time zone:"), tend_user_get_time_zone (user));
  print_field (_("Language:"), tend_user_get_locale (user));
  tags = g_strjoinv (", ", (char **) tend_user_get_tags (user));
  print_field (_("Tags:"), tags);
  print_field (_("Notes:"), tend_user_get_notes (user));
  print_field (_("Details:"), tend_user_get_details (user));
  since = tend_user_get_created_at (user) > 0 ? format_date (tend_user_get_created_at (user), "%Y-%m-%d") : NULL;
  print_field (_("Customer since:"), since);

  /* Figures */
  g_print ("\n");
  line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u in total, %u open", "%u in total, %u open",
                                       tend_customer_profile_get_n_tickets (profile)),
                          tend_customer_profile_get_n_tickets (profile),
                          tend_customer_profile_get_n_open (profile));
  print_field (_("Tickets:"), line);
  first_contact = tend_customer_profile_get_n_tickets (profile) > 0
                ? format_date (tend_customer_profile_get_first_contact (profile), "%Y-%m-%d")
                : NULL;
  print_field (_("First contact:"), first_contact);

  g_clear_pointer (&line, g_free);
  if (tend_customer_profile_get_median_resolution (profile) >= 0)
    {
      g_autofree char *duration = tend_format_duration (tend_customer_profile_get_median_resolution (profile));

      line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "median %s (%u solved ticket)",
                                           "median %s (%u solved tickets)",
                                           tend_customer_profile_get_n_resolved (profile)),
                              duration, tend_customer_profile_get_n_resolved (profile));
    }
  else
    line = g_strdup (_("nothing solved yet"));
  print_field (_("Resolution:"), line);

  g_clear_pointer (&line, g_free);
  if (tend_customer_profile_get_last_rating (profile) != NULL)
    {
      const char *comment = tend_customer_profile_get_last_rating_comment (profile);
      g_autofree char *ticket = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 tend_customer_profile_get_last_rating_ticket_id (profile));
      g_autofree char *clean = one_line (comment);

      if (comment != NULL && comment[0] != '\0')
        /* TRANSLATORS: satisfaction ratings; the last is "good" or "bad" */
        line = g_strdup_printf (_("%u good, %u bad; last %s (ticket %s): “%s”"),
                                tend_customer_profile_get_csat_good (profile),
                                tend_customer_profile_get_csat_bad (profile),
                                tend_customer_profile_get_last_rating (profile),
                                ticket, clean);
      else
        line = g_strdup_printf (_("%u good, %u bad; last %s (ticket %s)"),
                                tend_customer_profile_get_csat_good (profile),
                                tend_customer_profile_get_csat_bad (profile),
                                tend_customer_profile_get_last_rating (profile),
                                ticket);
    }
  else
    line = g_strdup (_("never rated"));
  print_field (_("Satisfaction:"), line);

  /* Lists */
  tickets = tend_customer_profile_get_other_tickets (profile);
  g_print ("\n");
  g_print (_("Other tickets (%u; open first, then recent):\n"), tend_customer_profile_get_n_other_tickets (profile));
  for (guint i = 0; i < g_list_model_get_n_items (tickets) && i < (guint) opt_limit; i++)
    {
      g_autoptr(TendTicket) ticket = g_list_model_get_item (tickets, i);
      print_ticket (ticket, FALSE);
    }

  if (org != NULL || tend_customer_profile_get_n_org_open (profile) > 0)
    {
      g_autofree char *org_name = one_line (org != NULL ? tend_organization_get_name (org) : _("Their organization"));

      tickets = tend_customer_profile_get_org_open_tickets (profile);
      g_print ("\n");
      g_print (_("Open tickets of others at %s (%u):\n"), org_name, tend_customer_profile_get_n_org_open (profile));
      for (guint i = 0; i < g_list_model_get_n_items (tickets) && i < (guint) opt_limit; i++)
        {
          g_autoptr(TendTicket) ticket = g_list_model_get_item (tickets, i);
          print_ticket (ticket, TRUE);
        }
    }

  return 0;
}

/* kb ------------------------------------------------------------------- */

static void
print_article (TendArticle *article,
               gboolean     remote)
{
  g_autofree char *title = one_line (tend_article_get_title (article));
  g_autofree char *url = one_line (tend_article_get_url (article));

  g_print ("%-14" G_GINT64_FORMAT " %s\n", tend_article_get_id (article), title);
  if (url[0] != '\0')
    g_print ("%-14s %s\n", "", url);
  if (remote)
    g_print ("%-14s %s\n", "", _("(from the help center; now saved for offline use)"));
}

/* The helpdesk of --account NAME (its token from the keyring), or of
 * --url and --email with the token on stdin or typed. */
static TendBackend *
kb_backend (const char  *url,
            const char  *email,
            gboolean     token_stdin,
            GError     **error)
{
  g_autofree char *base_url = NULL;
  char *secret;
  TendBackend *backend;

  if (tendctl_get_account () != NULL)
    {
      g_autoptr(TendAccountList) accounts = tend_account_list_new ();
      g_autofree char *clean = tendctl_sanitize (tendctl_get_account (), FALSE);
      TendAccount *account;

      if (!tend_account_list_load (accounts, error))
        return NULL;
      account = tend_account_list_lookup_by_name (accounts, tendctl_get_account ());
      if (account == NULL)
        account = tend_account_list_lookup (accounts, tendctl_get_account ());
      if (account == NULL)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                       _("there is no account named “%s” (see “tendctl accounts list”)"), clean);
          return NULL;
        }
      secret = tend_credentials_lookup_sync (account, NULL, error);
      if (secret == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                         _("the keyring holds no API token for “%s”; remove the account and add it again"),
                         clean);
          return NULL;
        }
      backend = tendctl_backend_new (tend_account_get_kind (account), tend_account_get_base_url (account),
                                     tend_account_get_login (account), secret, 0, error);
      tend_credentials_secret_free (secret);
      return backend;
    }

  /* http:// to another computer is refused before the token is read. */
  base_url = tend_account_normalize_url (TEND_ACCOUNT_KIND_ZENDESK, url, error);
  if (base_url == NULL)
    return NULL;
  secret = tendctl_read_secret (token_stdin, _("API token: "), error);
  if (secret == NULL)
    return NULL;
  backend = tendctl_backend_new (TEND_ACCOUNT_KIND_ZENDESK, base_url, email, secret, 0, error);
  tend_credentials_secret_free (secret);
  return backend;
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *answer;
  GError    *error;
} RemoteRun;

static void
remote_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RemoteRun *run = user_data;

  run->answer = tend_article_search_fetch_remote_finish (TEND_ARTICLE_SEARCH (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* The saved articles and the helpdesk's search, merged as the Knowledge
 * tab merges them. The helpdesk failing is a note on stderr: the saved
 * articles still answer. */
static int
search_with_remote (TendStore   *store,
                    TendBackend *backend,
                    const char  *text,
                    guint        limit)
{
  g_autoptr(TendArticleSearch) search = tend_article_search_new (store, backend);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GError) error = NULL;
  RemoteRun run = { loop, NULL, NULL };
  guint n_local = 0;

  tend_article_search_set_as_you_type (search, FALSE);
  tend_article_search_set_limit (search, limit);
  tend_article_search_fetch_remote_async (search, text, NULL, remote_done_cb, &run);
  g_main_loop_run (loop);
  g_clear_pointer (&run.answer, g_ptr_array_unref);
  if (run.error != NULL)
    {
      g_autofree char *message = one_line (run.error->message);

      g_printerr (_("tendctl: the help center could not be searched (%s); these are the saved articles only\n"),
                  message);
      g_clear_error (&run.error);
    }
  tendctl_drain_main_context ();

  articles = tend_article_search_run (search, text, &n_local, &error);
  if (articles == NULL)
    return tendctl_fail (error);
  /* After the saved matches, the rest of the help center's answer; only
   * what was not saved before is marked. */
  for (guint i = 0; i < articles->len; i++)
    print_article (articles->pdata[i],
                   i >= n_local && tend_article_search_is_remote_only (search, articles->pdata[i]));

  return 0;
}

static int
show_article (TendStore *store,
              gint64     id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendArticle) article = tend_store_get_article (store, id, &error);
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *clean = NULL;

  if (article == NULL)
    return tendctl_fail (error);

  title = one_line (tend_article_get_title (article));
  text = tend_html_to_text (tend_article_get_body (article));
  clean = tendctl_sanitize (text, TRUE);
  g_print ("%s\n", title);
  if (tend_article_get_url (article) != NULL)
    {
      g_autofree char *url = one_line (tend_article_get_url (article));
      g_print ("%s\n", url);
    }
  g_print ("\n%s\n", clean);
  return 0;
}

int
tendctl_kb_main (int    argc,
                 char **argv)
{
  gint64 opt_suggest = 0;
  gint64 opt_show = 0;
  gint opt_limit = 10;
  gboolean opt_remote = FALSE;
  g_autofree char *opt_url = NULL;
  g_autofree char *opt_email = NULL;
  gboolean opt_token_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "suggest", 's', 0, G_OPTION_ARG_INT64, &opt_suggest,
      N_("Suggest articles for this ticket instead of searching"), N_("ID") },
    { "show", 0, 0, G_OPTION_ARG_INT64, &opt_show,
      N_("Print this article as plain text, as “Insert text” puts it in a reply"), N_("ARTICLE") },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &opt_limit, N_("Print at most N articles (default 10)"), N_("N") },
    { "remote", 'r', 0, G_OPTION_ARG_NONE, &opt_remote,
      N_("Also search the helpdesk's help center (with --account NAME, or --url, --email and --token-stdin), "
         "add what only it has after the saved articles, and save those"), NULL },
    { "url", 'u', 0, G_OPTION_ARG_STRING, &opt_url,
      N_("With --remote and --db: the helpdesk (its Zendesk subdomain or address)"), N_("URL") },
    { "email", 'e', 0, G_OPTION_ARG_STRING, &opt_email,
      N_("With --remote and --db: the email address you sign in with"), N_("E") },
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_token_stdin,
      N_("With --remote and --db: read the API token from the first line of standard input"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = tendctl_command_context ("kb", entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  int status = 0;

  /* Options end at the first word, so "-paypal" in a query stays a word. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!tendctl_parse_command_line (context, &argc, &argv, &status))
    return status;
  if (opt_limit < 1)
    return tendctl_usage_error (_("--limit must be at least 1"));
  if ((opt_suggest != 0) + (opt_show != 0) + (argc > 1) != 1)
    return tendctl_usage_error (_("kb needs a query, or --suggest TICKET, or --show ARTICLE (one of them)"));
  if (!opt_remote && (opt_url != NULL || opt_email != NULL || opt_token_stdin))
    return tendctl_usage_error (_("--url, --email and --token-stdin go with --remote"));
  if (opt_remote && argc <= 1)
    return tendctl_usage_error (_("--remote goes with a query"));
  if (opt_remote && tendctl_get_account () != NULL && (opt_url != NULL || opt_email != NULL || opt_token_stdin))
    return tendctl_usage_error (_("with --account, leave out --url, --email and --token-stdin: "
                                  "the account knows them"));
  if (opt_remote && tendctl_get_account () == NULL && (opt_url == NULL || opt_email == NULL))
    return tendctl_usage_error (_("kb --remote needs --account NAME, or --db FILE with --url URL --email E "
                                  "--token-stdin"));

  store = tendctl_open_store (&error);
  if (store == NULL)
    return tendctl_fail_or_usage (error);

  if (opt_remote)
    {
      backend = kb_backend (opt_url, opt_email, opt_token_stdin, &error);
      if (backend == NULL)
        return tendctl_fail (error);
    }

  if (opt_show != 0)
    return show_article (store, opt_show);

  if (opt_suggest != 0)
    articles = tend_store_suggest_articles (store, opt_suggest, (guint) opt_limit, &error);
  else
    {
      g_autofree char *text = g_strjoinv (" ", argv + 1);
      g_autoptr(TendQuery) query = tend_query_parse (text, &error);

      if (query == NULL)
        return tendctl_fail (error);
      if (tend_query_is_empty (query))
        return tendctl_usage_error (_("the query “%s” has nothing to search for"), text);
      if (backend != NULL)
        return search_with_remote (store, backend, text, (guint) opt_limit);
      articles = tend_store_search_articles (store, query, (guint) opt_limit, &error);
    }
  if (articles == NULL)
    return tendctl_fail (error);

  for (guint i = 0; i < articles->len; i++)
    print_article (articles->pdata[i], FALSE);

  return 0;
}

/* similar -------------------------------------------------------------- */

/* The line of a reply that says something: past a greeting ("Hi Ann,")
 * and blank lines. */
static char *
resolution_line (const char *body)
{
  g_auto(GStrv) lines = g_strsplit (body != NULL ? body : "", "\n", -1);
  gboolean first = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      gsize len = strlen (line);

      if (len == 0)
        continue;

      /* A short first line ending in a comma is a salutation. */
      if (first && g_utf8_strlen (line, -1) <= 40 && (line[len - 1] == ',' || line[len - 1] == '!'))
        {
          for (guint j = i + 1; lines[j] != NULL; j++)
            if (*g_strstrip (lines[j]) != '\0')
              {
                first = FALSE;
                break;
              }
          if (!first)
            continue;
        }

      return one_line (line);
    }

  return g_strdup ("");
}

int
tendctl_similar_main (int    argc,
                      char **argv)
{
  gint opt_limit = 5;
  gboolean opt_verbose = FALSE;
  const GOptionEntry entries[] = {
    { "limit", 'l', 0, G_OPTION_ARG_INT, &opt_limit, N_("Print at most N tickets (default 5)"), N_("N") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, N_("Also print the words searched for"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = tendctl_command_context ("similar", entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(GPtrArray) similar = NULL;
  gint64 id = 0;
  int status = 0;

  if (!tendctl_parse_command_line (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return tendctl_usage_error (_("similar needs exactly one ticket id"));
  if (!tendctl_parse_id (argv[1], &id))
    return tendctl_usage_error (_("“%s” is not a ticket id (a positive number)"), argv[1]);
  if (opt_limit < 1)
    return tendctl_usage_error (_("--limit must be at least 1"));

  store = tendctl_open_store (&error);
  if (store == NULL)
    return tendctl_fail_or_usage (error);

  if (opt_verbose)
    {
      g_auto(GStrv) terms = tend_store_dup_similar_terms (store, id, &error);
      g_autofree char *joined = NULL;
      g_autofree char *clean = NULL;

      if (terms == NULL)
        return tendctl_fail (error);
      joined = g_strjoinv (" ", terms);
      clean = one_line (joined);
      g_print (_("Searched for: %s\n"), clean);
    }

  similar = tend_store_similar_tickets (store, id, (guint) opt_limit, &error);
  if (similar == NULL)
    return tendctl_fail (error);

  for (guint i = 0; i < similar->len; i++)
    {
      TendTicket *ticket = tend_similar_ticket_get_ticket (similar->pdata[i]);
      TendComment *resolution = tend_similar_ticket_get_resolution (similar->pdata[i]);

      print_ticket (ticket, TRUE);
      if (resolution != NULL)
        {
          g_autofree char *line = resolution_line (tend_comment_get_body (resolution));
          g_autofree char *author = one_line (tend_comment_get_author_name (resolution));

          g_print ("      ↳ %s: %s\n", author[0] != '\0' ? author : _("agent"), line);
        }
      else
        g_print ("      ↳ %s\n", _("(no public reply from an agent)"));
    }

  return 0;
}

/* bench insights -------------------------------------------------------- */

/* What an agent types in the knowledge search, letter by letter. */
static const char * const typed_queries[] = {
  "reset password",
  "two-factor backup codes",
  "vat number invoice",
  "dark mode",
  "refund",
  "pulse band battery",
  "api token",
  "shipping times",
  "cancel order",
  "nimbus cam wi-fi",
  "webhook signature",
  "delete account",
  "export csv",
  "firmware update",
  "login loop",
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Nearest rank, on a sorted array. */
static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0.0;
  rank = (guint) (p * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

/* Prints wall-clock percentiles, and the CPU time of the same calls:
 * on a busy machine the two part ways. Returns the wall-clock p95. */
static double
report (const char *what,
        GArray     *wall,
        GArray     *cpu,
        const char *unit)
{
  g_array_sort (wall, compare_doubles);
  g_array_sort (cpu, compare_doubles);
  g_print ("%-22s p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms  (cpu p50 %.2f p95 %.2f; %u %s)\n", what,
           percentile (wall, 0.5), percentile (wall, 0.95),
           wall->len > 0 ? g_array_index (wall, double, wall->len - 1) : 0.0,
           percentile (cpu, 0.5), percentile (cpu, 0.95),
           wall->len, unit);
  return percentile (wall, 0.95);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* This thread's CPU time in ms. */
static double
cpu_now (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0.0;
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* A measured call: wall-clock and CPU milliseconds. */
typedef struct
{
  gint64 start;
  double cpu;
} Timer;

static void
timer_start (Timer *timer)
{
  timer->start = g_get_monotonic_time ();
  timer->cpu = cpu_now ();
}

static void
timer_stop (Timer  *timer,
            GArray *wall,
            GArray *cpu)
{
  double wall_ms = ms_since (timer->start);
  double cpu_ms = cpu_now () - timer->cpu;

  g_array_append_val (wall, wall_ms);
  g_array_append_val (cpu, cpu_ms);
}

/* Articles made from the generated ones, to reach a knowledge base of a
 * realistic size: titles and bodies recombined from two others. */
static gboolean
add_articles (TendStore  *store,
              guint       wanted,
              guint64     seed,
              guint      *n_articles,
              GError    **error)
{
  g_autoptr(GPtrArray) existing = tend_store_list_articles (store, error);
  g_autoptr(TendChangeset) changes = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) seed);

  if (existing == NULL)
    return FALSE;
  *n_articles = existing->len;
  if (existing->len == 0 || existing->len >= wanted)
    return TRUE;

  changes = tend_changeset_new ();
  for (guint i = existing->len; i < wanted; i++)
    {
      TendArticle *a = existing->pdata[g_rand_int_range (rand, 0, existing->len)];
      TendArticle *b = existing->pdata[g_rand_int_range (rand, 0, existing->len)];
      g_autoptr(TendArticle) article = tend_article_new (G_GINT64_CONSTANT (370000000000) + i);
      g_auto(GStrv) a_words = g_strsplit (tend_article_get_title (a), " ", -1);
      g_auto(GStrv) b_words = g_strsplit (tend_article_get_title (b), " ", -1);
      guint a_half = MAX (g_strv_length (a_words) / 2, 1);
      g_autoptr(GString) title = g_string_new (NULL);
      g_autofree char *body = g_strconcat (tend_article_get_body (a), tend_article_get_body (b), NULL);
      g_autofree char *url = g_strdup_printf ("https://help.example.com/hc/en-us/articles/%u", 370000000 + i);

      for (guint w = 0; w < a_half && a_words[w] != NULL; w++)
        g_string_append_printf (title, "%s%s", w > 0 ? " " : "", a_words[w]);
      for (guint w = g_strv_length (b_words) / 2; b_words[w] != NULL; w++)
        g_string_append_printf (title, " %s", b_words[w]);

      tend_article_set_title (article, title->str);
      tend_article_set_body (article, body);
      tend_article_set_url (article, url);
      tend_article_set_locale (article, "en-us");
      tend_changeset_add_article (changes, article);
    }

  if (!tend_store_write (store, changes, error))
    return FALSE;
  *n_articles = wanted;
  return TRUE;
}

static gboolean
generate_store (TendStore  *store,
                guint       n_tickets,
                guint64     seed,
                GError    **error)
{
  g_autoptr(TendGenerator) generator = tend_generator_new (seed, n_tickets, g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  gboolean progress = isatty (STDERR_FILENO);
  guint done = 0;

  while (tend_generator_next (generator, changes, 1000))
    {
      done += changes->tickets->len;
      if (!tend_store_write (store, changes, error))
        return FALSE;
      tend_changeset_clear (changes);
      tendctl_drain_main_context ();
      if (progress)
        g_printerr ("\r%s %u/%u", _("Generating"), done, n_tickets);
    }
  if (progress)
    g_printerr ("\n");
  return TRUE;
}

/* Tickets and their requesters spread over the whole store, the same for
 * the same store: every n-th id. */
static void
pick_tickets (TendStore *store,
              guint      wanted,
              GArray    *tickets,
              GArray    *requesters)
{
  g_autoptr(GPtrArray) all = NULL;
  guint total = tend_store_count_tickets (store, TEND_VIEW_ALL, NULL, NULL);
  guint step = MAX (total / MAX (wanted, 1), 1);

  for (guint offset = 0; offset < total && tickets->len < wanted; offset += step)
    {
      g_autoptr(GPtrArray) page = tend_store_list_tickets (store, TEND_VIEW_ALL, NULL, offset, 1, NULL);

      if (page != NULL && page->len > 0)
        {
          gint64 id = tend_ticket_get_id (page->pdata[0]);
          gint64 requester = tend_ticket_get_requester_id (page->pdata[0]);

          g_array_append_val (tickets, id);
          g_array_append_val (requesters, requester);
        }
    }
}

int
tendctl_bench_insights (const char  *db_path,
                        int          argc,
                        char       **argv)
{
  gint opt_tickets = 100000;
  gint opt_articles = 1000;
  gint opt_samples = 200;
  gint64 opt_seed = 1;
  gboolean opt_keep = FALSE;
  gboolean opt_check = FALSE;
  const GOptionEntry entries[] = {
    { "tickets", 'n', 0, G_OPTION_ARG_INT, &opt_tickets, N_("Tickets to generate (default 100000)"), N_("N") },
    { "articles", 0, 0, G_OPTION_ARG_INT, &opt_articles, N_("Knowledge-base articles to have (default 1000)"), N_("N") },
    { "samples", 'r', 0, G_OPTION_ARG_INT, &opt_samples, N_("Tickets and customers to measure (default 200)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed, N_("Seed of the generated data (default 1)"), N_("S") },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &opt_keep, N_("Keep the temporary database and print where it is"), NULL },
    { "check", 0, 0, G_OPTION_ARG_NONE, &opt_check,
      N_("Fail when the p95 of similar tickets is over 50 ms or that of knowledge search over 20 ms"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("insights");
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(GArray) tickets = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) requesters = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) profile_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) similar_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) suggest_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kb_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) profile_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) similar_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) suggest_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kb_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  Timer timer;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  TendStoreStats stats = { 0 };
  guint n_articles = 0;
  double similar_p95, kb_p95;
  gint64 start;
  int status = TENDCTL_EXIT_FAILURE;

  g_option_context_set_summary (context,
                                _("Measures the side panel's engine work on a large store: loading a\n"
                                  "customer profile, finding similar solved tickets, suggesting articles\n"
                                  "for a ticket, and knowledge search as you type (every prefix of typical\n"
                                  "queries). Without --db it generates a store in a temporary folder\n"
                                  "(100,000 tickets by default) and fills the knowledge base up to\n"
                                  "--articles; with --db it only reads that database."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tendctl_usage_error ("%s", error->message);
  if (argc > 1)
    return tendctl_usage_error (_("bench insights takes no arguments (got “%s”)"), argv[1]);
  if (opt_tickets < 1 || opt_samples < 1 || opt_articles < 0)
    return tendctl_usage_error (_("--tickets and --samples must be at least 1"));

  if (db_path != NULL)
    {
      store = tend_store_open_existing (db_path, &error);
      if (store == NULL)
        return tendctl_fail (error);
    }
  else
    {
      dir = g_dir_make_tmp ("tendctl-bench-XXXXXX", &error);
      if (dir == NULL)
        return tendctl_fail (error);
      path = g_build_filename (dir, "bench.db", NULL);

      start = g_get_monotonic_time ();
      store = tend_store_open (path, &error);
      if (store == NULL ||
          !generate_store (store, (guint) opt_tickets, (guint64) opt_seed, &error) ||
          !add_articles (store, (guint) opt_articles, (guint64) opt_seed, &n_articles, &error))
        goto out;
      g_print ("generated in %.1f s\n", ms_since (start) / 1000.0);

      /* Measured through a freshly opened store, as when the app starts. */
      g_clear_object (&store);
      store = tend_store_open_existing (path, &error);
      if (store == NULL)
        goto out;
    }

  if (!tend_store_get_stats (store, &stats, &error))
    goto out;
  g_print ("store %" G_GINT64_FORMAT " tickets %" G_GINT64_FORMAT " comments %" G_GINT64_FORMAT
           " users %" G_GINT64_FORMAT " articles\n",
           stats.tickets, stats.comments, stats.users, stats.articles);

  pick_tickets (store, (guint) opt_samples, tickets, requesters);

  for (guint i = 0; i < tickets->len; i++)
    {
      gint64 id = g_array_index (tickets, gint64, i);
      gint64 requester = g_array_index (requesters, gint64, i);
      g_autoptr(TendCustomerProfile) profile = NULL;
      g_autoptr(GPtrArray) similar = NULL;
      g_autoptr(GPtrArray) suggested = NULL;

      timer_start (&timer);
      profile = tend_customer_profile_load (store, requester, id, &error);
      timer_stop (&timer, profile_ms, profile_cpu);
      if (profile == NULL)
        goto out;

      timer_start (&timer);
      similar = tend_store_similar_tickets (store, id, 5, &error);
      timer_stop (&timer, similar_ms, similar_cpu);
      if (similar == NULL)
        goto out;

      timer_start (&timer);
      suggested = tend_store_suggest_articles (store, id, 5, &error);
      timer_stop (&timer, suggest_ms, suggest_cpu);
      if (suggested == NULL)
        goto out;
    }

  for (guint q = 0; q < G_N_ELEMENTS (typed_queries); q++)
    {
      const char *query = typed_queries[q];

      for (const char *end = g_utf8_next_char (query); ; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (query, end - query);
          g_autoptr(GPtrArray) found = NULL;

          timer_start (&timer);
          found = tend_store_search_articles_as_you_type (store, typed, 20, &error);
          timer_stop (&timer, kb_ms, kb_cpu);
          if (found == NULL)
            goto out;

          if (*end == '\0')
            break;
        }
    }

  report ("customer profile", profile_ms, profile_cpu, "customers");
  similar_p95 = report ("similar tickets", similar_ms, similar_cpu, "tickets");
  report ("article suggestions", suggest_ms, suggest_cpu, "tickets");
  kb_p95 = report ("kb search as you type", kb_ms, kb_cpu, "keystrokes");

  status = 0;
  if (opt_check && (similar_p95 > TARGET_SIMILAR_MS || kb_p95 > TARGET_KB_P95_MS))
    {
      g_printerr (_("tendctl: over target: similar tickets p95 %.1f ms (target %.0f), "
                    "knowledge search p95 %.1f ms (target %.0f)\n"),
                  similar_p95, TARGET_SIMILAR_MS, kb_p95, TARGET_KB_P95_MS);
      status = TENDCTL_EXIT_FAILURE;
    }

out:
  if (error != NULL)
    status = tendctl_fail (error);
  g_clear_object (&store);

  if (dir != NULL)
    {
      if (opt_keep)
        g_print ("kept %s\n", path);
      else
        {
          static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

          for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
            {
              g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
              g_unlink (file);
            }
          g_rmdir (dir);
        }
    }

  return status;
}
