/* tendctl-accounts.c: `tendctl accounts add|list|remove`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tendctl"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tend-rt-backend.h"
#include "tend-zendesk-backend.h"
#include "tendctl.h"

/* Longest secret read; API tokens are 40 characters, OAuth tokens a few
 * hundred. */
#define SECRET_MAX 4096

/* ---------------------------------------------------------- the secret */

/* The terminal's settings while echo is off, for the signal handler. */
static struct termios saved_termios;
static volatile sig_atomic_t echo_off;

static void
restore_echo_and_die (int signum)
{
  /* Both are async-signal-safe; without this an interrupted prompt would
   * leave the shell not echoing what is typed. */
  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

char *
tendctl_read_secret (gboolean     from_stdin,
                     const char  *prompt,
                     GError     **error)
{
  gboolean terminal = isatty (STDIN_FILENO);
  struct sigaction action = { 0, };
  struct sigaction old_int, old_term;
  char *buffer;
  char *secret = NULL;
  gsize length = 0;
  gboolean too_long = FALSE;
  int saved_errno = 0;

  if (!from_stdin && !terminal)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("no API token: pass it on standard input with --token-stdin "
                             "(tendctl never takes a token on the command line)"));
      return NULL;
    }

  if (terminal)
    {
      struct termios quiet;

      g_printerr ("%s", prompt);
      if (tcgetattr (STDIN_FILENO, &saved_termios) == 0)
        {
          action.sa_handler = restore_echo_and_die;
          sigemptyset (&action.sa_mask);
          sigaction (SIGINT, &action, &old_int);
          sigaction (SIGTERM, &action, &old_term);

          quiet = saved_termios;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          quiet.c_lflag |= ECHONL;
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  /* One byte at a time: a secret is short, and a buffered reader would
   * leave copies of it in memory we do not wipe. */
  buffer = g_malloc0 (SECRET_MAX);
  for (;;)
    {
      char c;
      ssize_t n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          break;
        }
      if (n == 0 || c == '\n')
        break;
      if (length + 1 >= SECRET_MAX)
        too_long = TRUE;
      else
        buffer[length++] = c;
    }

  if (terminal && echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
      echo_off = FALSE;
      sigaction (SIGINT, &old_int, NULL);
      sigaction (SIGTERM, &old_term, NULL);
    }

  g_strstrip (buffer);
  if (saved_errno != 0)
    g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
                 _("could not read the API token: %s"), g_strerror (saved_errno));
  else if (too_long)
    g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                 _("the API token is longer than %d characters; is this the right input?"), SECRET_MAX - 1);
  else if (buffer[0] == '\0')
    g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID, _("the API token is empty"));
  else if (!g_utf8_validate (buffer, -1, NULL))
    g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID, _("the API token is not text"));
  else
    secret = g_strdup (buffer);

  /* The whole buffer: a secret longer than it was cut is in it too. */
  memset (buffer, 0, SECRET_MAX);
  g_free (buffer);

  return secret;
}

/* A secret that is wiped when it goes out of scope. */
typedef char *TendSecret;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (TendSecret, tend_credentials_secret_free, NULL)

/* ------------------------------------------------------------- helpers */

static TendAccount *
find_account (TendAccountList *accounts,
              const char      *name)
{
  TendAccount *account = tend_account_list_lookup_by_name (accounts, name);

  return account != NULL ? account : tend_account_list_lookup (accounts, name);
}

static int
no_such_account (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *clean = tendctl_sanitize (name, FALSE);

  g_set_error (&error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
               _("there is no account named “%s” (see “tendctl accounts list”)"), clean);
  return tendctl_fail (error);
}

/* The subcommands have no use for the global --db and --account. */
static GOptionContext *
subcommand_context (const char         *usage,
                    const char         *summary,
                    const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (usage);

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static gboolean
parse_subcommand (GOptionContext  *context,
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

/* ------------------------------------------------------------- backend */

TendBackend *
tendctl_backend_new (const char  *kind,
                     const char  *base_url,
                     const char  *login,
                     const char  *secret,
                     guint        max_attempts,
                     GError     **error)
{
  TendHttp *http;

  if (g_str_equal (kind, TEND_ACCOUNT_KIND_ZENDESK))
    {
      TendZendeskBackend *backend = tend_zendesk_backend_new (base_url, login, secret, error);

      if (backend == NULL)
        return NULL;
      http = tend_zendesk_backend_get_http (backend);
      if (max_attempts > 0)
        tend_http_set_max_attempts (http, max_attempts);
      return TEND_BACKEND (backend);
    }
  if (g_str_equal (kind, TEND_ACCOUNT_KIND_RT))
    {
      TendRtBackend *backend = tend_rt_backend_new (base_url, login, secret,
                                                    tend_rt_auth_for_secret (secret), error);

      if (backend == NULL)
        return NULL;
      http = tend_rt_backend_get_http (backend);
      if (max_attempts > 0)
        tend_http_set_max_attempts (http, max_attempts);
      return TEND_BACKEND (backend);
    }

  g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
               _("unknown helpdesk kind “%s”; the kinds are zendesk and rt"), kind);
  return NULL;
}

/* The HTTP client under a backend tendctl_backend_new() made. */
static TendHttp *
backend_http (TendBackend *backend)
{
  if (TEND_IS_RT_BACKEND (backend))
    return tend_rt_backend_get_http (TEND_RT_BACKEND (backend));
  return tend_zendesk_backend_get_http (TEND_ZENDESK_BACKEND (backend));
}

/* ----------------------------------------------------------------- add */

static int
accounts_add (int    argc,
              char **argv)
{
  g_autofree char *opt_kind = NULL;
  g_autofree char *opt_url = NULL;
  g_autofree char *opt_email = NULL;
  g_autofree char *opt_login = NULL;
  g_autofree char *opt_name = NULL;
  gboolean opt_token_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &opt_kind,
      N_("The kind of helpdesk: zendesk (default) or rt (Request Tracker 5)"), N_("KIND") },
    { "url", 'u', 0, G_OPTION_ARG_STRING, &opt_url,
      N_("The helpdesk: its Zendesk subdomain (acme), its address (https://acme.zendesk.com) "
         "or RT's web address (https://rt.example.com/rt)"), N_("URL") },
    { "email", 'e', 0, G_OPTION_ARG_STRING, &opt_email,
      N_("The email address you sign in with (Zendesk)"), N_("E") },
    { "login", 'l', 0, G_OPTION_ARG_STRING, &opt_login,
      N_("The user name you sign in with (Request Tracker)"), N_("L") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name,
      N_("A name for the account (default: from the address)"), N_("N") },
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_token_stdin,
      N_("Read the API token (or, for RT, the token or password) from the first line of standard input"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TendAccountList) accounts = NULL;
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(TendUser) me = NULL;
  g_auto(TendSecret) token = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;
  g_autofree char *role = NULL;
  const char *kind;
  const char *user;
  gboolean rt;
  int status = 0;

  context = subcommand_context ("accounts add [--kind rt] --url URL --email E|--login L",
                                _("Adds a helpdesk account. The API token is checked against the helpdesk\n"
                                  "first; then it goes into the keyring (never into a file) and the account\n"
                                  "into $XDG_CONFIG_HOME/tend/accounts.ini. A Zendesk API token is created in\n"
                                  "Admin Center → Apps and integrations → Zendesk API; an RT one in RT's\n"
                                  "Settings → Auth Tokens (an RT password works too)."),
                                entries);
  if (!parse_subcommand (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return tendctl_usage_error (_("accounts add takes only options (got “%s”)"), argv[1]);

  kind = opt_kind != NULL ? opt_kind : TEND_ACCOUNT_KIND_ZENDESK;
  if (!tend_account_kind_is_known (kind))
    return tendctl_usage_error (_("unknown --kind “%s”; the kinds are zendesk and rt"), kind);
  rt = g_str_equal (kind, TEND_ACCOUNT_KIND_RT);
  if (rt && (opt_url == NULL || opt_login == NULL || opt_email != NULL))
    return tendctl_usage_error (_("accounts add --kind rt needs --url and --login (not --email)"));
  if (!rt && (opt_url == NULL || opt_email == NULL || opt_login != NULL))
    return tendctl_usage_error (_("accounts add needs --url and --email (--login is for --kind rt)"));
  user = rt ? opt_login : opt_email;
  if (rt)
    {
      /* The account keeps RT's web root, also when the REST address was
       * pasted (the backend accepts both). */
      gsize len = strlen (opt_url);

      while (len > 0 && opt_url[len - 1] == '/')
        opt_url[--len] = '\0';
      if (g_str_has_suffix (opt_url, "/REST/2.0"))
        opt_url[len - strlen ("/REST/2.0")] = '\0';
    }

  /* Refuses a bad address (plain http:// to another computer, say) before
   * the token is asked for. */
  account = tend_account_new (kind, opt_name, opt_url, user, &error);
  if (account == NULL)
    return tendctl_fail (error);
  name = tendctl_sanitize (tend_account_get_display_name (account), FALSE);
  url = tendctl_sanitize (tend_account_get_base_url (account), FALSE);

  accounts = tend_account_list_new ();
  if (!tend_account_list_load (accounts, &error))
    return tendctl_fail (error);
  if (tend_account_list_lookup_by_name (accounts, tend_account_get_display_name (account)) != NULL)
    {
      g_set_error (&error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("an account named “%s” exists already; choose another with --name"), name);
      return tendctl_fail (error);
    }

  token = tendctl_read_secret (opt_token_stdin, rt ? _("Auth token or password: ") : _("API token: "), &error);
  if (token == NULL)
    return tendctl_fail (error);

  backend = tendctl_backend_new (kind, tend_account_get_base_url (account),
                                 tend_account_get_login (account), token, 0, &error);
  if (backend == NULL)
    return tendctl_fail (error);
  /* Someone is waiting at the prompt: one attempt with short deadlines,
   * as in the app's add-account dialog, not the sync's patient retries. */
  tend_http_set_interactive (backend_http (backend), TRUE);

  me = tend_backend_who_am_i (backend, NULL, &error);
  if (me == NULL)
    return tendctl_fail (error);
  role = g_strdup (tend_user_role_to_string (tend_user_get_role (me)));
  tend_account_set_role (account, role);

  if (!tend_credentials_store_sync (account, token, NULL, &error))
    return tendctl_fail (error);
  if (!tend_account_list_add (accounts, account, &error))
    {
      /* No secret without its account. */
      tend_credentials_clear_sync (account, NULL, NULL);
      return tendctl_fail (error);
    }

  login = tendctl_sanitize (tend_account_get_login (account), FALSE);
  g_print (_("Added “%s” (%s, signed in as %s, %s); sync it with: tendctl --account \"%s\" sync\n"),
           name, url, login, role, name);
  return 0;
}

/* ---------------------------------------------------------------- list */

static int
accounts_list (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TendAccountList) accounts = tend_account_list_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[6] = { 0, };
  guint n;
  int status = 0;

  context = subcommand_context ("accounts list",
                                _("Lists the accounts, one per line: name, kind, address, login, the role\n"
                                  "the helpdesk reported when the account was added, and the id."),
                                NULL);
  if (!parse_subcommand (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return tendctl_usage_error (_("accounts list takes no arguments (got “%s”)"), argv[1]);

  if (!tend_account_list_load (accounts, &error))
    return tendctl_fail (error);

  n = g_list_model_get_n_items (G_LIST_MODEL (accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TendAccount) account = g_list_model_get_item (G_LIST_MODEL (accounts), i);
      const char *fields[6] = {
        tend_account_get_display_name (account),
        tend_account_get_kind (account),
        tend_account_get_base_url (account),
        tend_account_get_login (account),
        tend_account_get_role (account) != NULL ? tend_account_get_role (account) : "-",
        tend_account_get_id (account),
      };
      char **row = g_new0 (char *, 7);

      for (guint f = 0; f < 6; f++)
        {
          row[f] = tendctl_sanitize (fields[f] != NULL && fields[f][0] != '\0' ? fields[f] : "-", FALSE);
          widths[f] = MAX (widths[f], (guint) g_utf8_strlen (row[f], -1));
        }
      g_ptr_array_add (rows, row);
    }

  /* Columns as wide as their widest value, so names with spaces still
   * line up. */
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint f = 0; f < 6; f++)
        {
          g_string_append (line, row[f]);
          if (f < 5)
            for (guint pad = g_utf8_strlen (row[f], -1); pad < widths[f] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      g_print ("%s\n", line->str);
    }

  return 0;
}

/* -------------------------------------------------------------- remove */

static int
accounts_remove (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TendAccountList) accounts = tend_account_list_new ();
  g_autofree char *name = NULL;
  TendAccount *account;
  int status = 0;

  context = subcommand_context ("accounts remove NAME",
                                _("Removes an account: its token from the keyring, its entry from the\n"
                                  "accounts file and its local data (the synced database, drafts and\n"
                                  "unsent changes)."),
                                NULL);
  if (!parse_subcommand (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return tendctl_usage_error (_("accounts remove needs the name of one account (see “tendctl accounts list”)"));

  if (!tend_account_list_load (accounts, &error))
    return tendctl_fail (error);
  account = find_account (accounts, argv[1]);
  if (account == NULL)
    return no_such_account (argv[1]);
  g_object_ref (account);
  name = tendctl_sanitize (tend_account_get_display_name (account), FALSE);

  /* The secret first: if the keyring is out of reach, the account stays
   * listed and can be removed later, rather than leave a token behind
   * that nothing refers to any more. */
  if (!tend_credentials_clear_sync (account, NULL, &error) ||
      !tend_account_list_remove (accounts, account, &error))
    {
      g_object_unref (account);
      return tendctl_fail (error);
    }

  g_print (_("Removed “%s”, its token and its data\n"), name);
  g_object_unref (account);
  return 0;
}

/* ------------------------------------------------------------ dispatch */

int
tendctl_accounts_main (int    argc,
                       char **argv)
{
  static const struct {
    const char *name;
    int (*func) (int argc, char **argv);
  } subcommands[] = {
    { "add", accounts_add },
    { "list", accounts_list },
    { "remove", accounts_remove },
  };

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_autoptr(GOptionContext) context = tendctl_command_context ("accounts", NULL);
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", help);
      return 0;
    }

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      {
        /* The subcommand's options follow its name. */
        argv[1] = argv[0];
        return subcommands[i].func (argc - 1, argv + 1);
      }

  if (argc < 2)
    return tendctl_usage_error (_("accounts needs what to do: add, list or remove (see “tendctl accounts --help”)"));
  return tendctl_usage_error (_("unknown accounts command “%s”; the commands are add, list and remove"), argv[1]);
}
