/* tendctl-bench-compare.c: `tendctl bench compare-search`, agent searches
 * through Request Tracker's REST2 against the same searches in Tend's store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tendctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "tend-sync.h"
#include "tendctl.h"

/* The searches: one to three words from the generator's vocabulary. Plain
 * words only, since each becomes one "Content LIKE" clause in TicketSQL. */
static const char * const compare_queries[] = {
  "refund",
  "invoice",
  "password reset",
  "tracking number",
  "charged twice",
  "damaged",
  "webhook signature",
  "dark mode",
  "firmware",
  "wrong item",
  "customs fees",
  "delete account",
  "backup codes",
  "Nimbus Cam",
  "Aurora Lamp",
  "VAT number",
  "login loop",
  "order never arrived",
  "locked out",
  "express shipping",
};

/* Creates in flight at once: rt-server's workers (2 in the integration
 * script) each take one, a third waits in the listen queue so that no
 * worker idles between answers. */
#define CREATES_IN_FLIGHT 3

/* Results asked for on each side: one page as an agent sees it. */
#define RESULT_LIMIT 50

typedef struct
{
  SoupSession *session;
  GMainLoop   *loop;
  char        *api;          /* …/REST/2.0 */
  char        *auth_header;
  GPtrArray   *bodies;       /* GBytes, one JSON ticket each */
  guint        next;
  guint        in_flight;
  guint        done;
  GError      *error;
  gint64       start;
  gboolean     terminal;
} Seeding;

static SoupMessage *
rt_message (const char *method,
            const char *url,
            const char *auth_header)
{
  SoupMessage *message = soup_message_new (method, url);

  if (message != NULL)
    {
      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", auth_header);
      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Accept", "application/json");
    }
  return message;
}

static void create_next (Seeding *seeding);

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Seeding *seeding = data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  seeding->in_flight--;
  if (body == NULL && seeding->error == NULL)
    seeding->error = g_steal_pointer (&error);
  else if (body != NULL && soup_message_get_status (message) != SOUP_STATUS_CREATED && seeding->error == NULL)
    {
      gsize size;
      const char *text = g_bytes_get_data (body, &size);
      g_autofree char *clean = tendctl_sanitize (text != NULL ? text : "", FALSE);

      g_set_error (&seeding->error, TEND_ERROR, TEND_ERROR_FAILED,
                   _("RT refused a ticket (HTTP %u): %.200s"), soup_message_get_status (message), clean);
    }
  else if (body != NULL)
    seeding->done++;

  /* On a terminal a line that counts up; in a log, a line every 250. */
  if (body != NULL && (seeding->terminal ? seeding->done % 25 == 0 : seeding->done % 250 == 0))
    {
      double elapsed = (g_get_monotonic_time () - seeding->start) / (double) G_USEC_PER_SEC;

      g_printerr ("%s", seeding->terminal ? "\r" : "");
      g_printerr (_("seeding RT: %u/%u tickets, %.0f s"), seeding->done, seeding->bodies->len, elapsed);
      g_printerr ("%s", seeding->terminal ? "" : "\n");
    }
  create_next (seeding);
}

static void
create_next (Seeding *seeding)
{
  while (seeding->error == NULL && seeding->in_flight < CREATES_IN_FLIGHT &&
         seeding->next < seeding->bodies->len)
    {
      g_autofree char *url = g_strconcat (seeding->api, "/ticket", NULL);
      g_autoptr(SoupMessage) message = rt_message ("POST", url, seeding->auth_header);

      soup_message_set_request_body_from_bytes (message, "application/json",
                                                seeding->bodies->pdata[seeding->next++]);
      seeding->in_flight++;
      soup_session_send_and_read_async (seeding->session, message, G_PRIORITY_DEFAULT, NULL,
                                        create_done_cb, seeding);
    }
  if (seeding->in_flight == 0)
    g_main_loop_quit (seeding->loop);
}

/* The generated tickets, as REST2 creates: subject and first message. */
static GPtrArray *
generate_bodies (guint    n_tickets,
                 guint64  seed,
                 char   **queue)
{
  g_autoptr(TendGenerator) generator = tend_generator_new (seed, n_tickets, g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  GPtrArray *bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  tend_generator_set_average_comments (generator, 1);
  while (tend_generator_next (generator, changes, 500))
    {
      for (guint i = 0; i < changes->tickets->len; i++)
        {
          TendTicket *ticket = changes->tickets->pdata[i];
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;
          const char *description = tend_ticket_get_description (ticket);
          char *text;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "Queue");
          json_builder_add_string_value (builder, *queue);
          json_builder_set_member_name (builder, "Subject");
          json_builder_add_string_value (builder, tend_ticket_get_subject (ticket));
          json_builder_set_member_name (builder, "Content");
          json_builder_add_string_value (builder, description != NULL && description[0] != '\0'
                                                  ? description : tend_ticket_get_subject (ticket));
          json_builder_set_member_name (builder, "ContentType");
          json_builder_add_string_value (builder, "text/plain");
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          text = json_to_string (root, FALSE);
          g_ptr_array_add (bodies, g_bytes_new_take (text, strlen (text)));
        }
      tend_changeset_clear (changes);
    }
  return bodies;
}

/* ---------------------------------------------------------------- sync */

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} SyncRun;

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SyncRun *run = data;

  tend_sync_run_finish (TEND_SYNC (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* ------------------------------------------------------------- figures */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank on sorted values. */
static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) (p / 100.0 * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

static double
median (GArray *sorted)
{
  guint n = sorted->len;

  if (n == 0)
    return 0;
  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);
  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

/* One search through REST2: TicketSQL with a "Content LIKE" per word (RT's
 * full-text search, which also looks in comments), one page of results.
 * Not simple=1: RT's simple search reads its query as words, not TicketSQL,
 * turns plain words into "Subject LIKE" unless the full-text index is
 * built, ORs words of one kind together and keeps only active tickets, so
 * it would not search what Tend searches. Returns the hits RT reports, or
 * -1 with @error set. */
static gint64
rt_search (SoupSession  *session,
           const char   *api,
           const char   *auth_header,
           const char   *text,
           GError      **error)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (sql->len > 0)
        g_string_append (sql, " AND ");
      /* The words are this file's own, without quotes or backslashes. */
      g_string_append_printf (sql, "Content LIKE '%s'", words[i]);
    }
  escaped = g_uri_escape_string (sql->str, NULL, FALSE);
  url = g_strdup_printf ("%s/tickets?query=%s&per_page=%d&fields=Subject,Status,LastUpdated",
                         api, escaped, RESULT_LIMIT);
  message = rt_message ("GET", url, auth_header);
  body = soup_session_send_and_read (session, message, NULL, error);
  if (body == NULL)
    return -1;
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED, _("RT's search answered HTTP %u"),
                   soup_message_get_status (message));
      return -1;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), error))
    return -1;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_FAILED, _("RT's search answered something other than an object"));
      return -1;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  return json_object_get_int_member_with_default (object, "total", 0);
}

/* The 1-minute load average, or a negative number where there is none:
 * both sides share the machine's cores, so a busy machine shows in both
 * columns (and more in Tend's, whose searches are shorter than one
 * scheduler time slice). */
static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

int
tendctl_bench_compare_search (int    argc,
                              char **argv)
{
  g_autofree char *opt_url = NULL;
  g_autofree char *opt_queue = NULL;
  gboolean opt_token_stdin = FALSE;
  gboolean opt_no_seed = FALSE;
  gboolean opt_keep = FALSE;
  int opt_tickets = 2000;
  gint64 opt_seed = 8;
  const GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &opt_url,
      N_("RT's web address (default: $TEND_RT_URL)"), N_("URL") },
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_token_stdin,
      N_("Read the RT auth token from standard input (default: $TEND_RT_TOKEN)"), NULL },
    { "tickets", 't', 0, G_OPTION_ARG_INT, &opt_tickets,
      N_("Tickets to create in RT (default 2000; RT takes about 150 ms for each)"), N_("N") },
    { "queue", 'q', 0, G_OPTION_ARG_STRING, &opt_queue,
      N_("The RT queue to create them in (default General)"), N_("NAME") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed,
      N_("The generator's seed"), N_("S") },
    { "no-seed", 0, 0, G_OPTION_ARG_NONE, &opt_no_seed,
      N_("Create nothing: search what RT holds already"), NULL },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep,
      N_("Keep the temporary Tend database"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("bench compare-search");
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendSync) sync = NULL;
  g_autoptr(GArray) rt_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tend_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *token = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *api = NULL;
  g_autofree char *auth_header = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  SyncRun run = { NULL, };
  double rt_median, tend_median, rt_p95, tend_p95;
  gint64 start;

  g_option_context_set_summary (context,
                                _("Creates generated tickets in a Request Tracker 5 (a test instance: they stay\n"
                                  "there), syncs them into a temporary Tend database, then runs the same 20\n"
                                  "agent searches through RT's REST2 (TicketSQL Content LIKE) and through\n"
                                  "Tend's local search, once untimed to warm both up and once timed, and\n"
                                  "prints the median and p95 of each side by side."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tendctl_usage_error ("%s", error->message);
  if (argc > 1)
    return tendctl_usage_error (_("bench compare-search takes only options (got “%s”)"), argv[1]);
  if (opt_tickets < 1 || opt_tickets > 100000)
    return tendctl_usage_error (_("--tickets must be between 1 and 100000"));

  if (opt_url == NULL && g_getenv ("TEND_RT_URL") != NULL)
    opt_url = g_strdup (g_getenv ("TEND_RT_URL"));
  if (opt_url == NULL)
    return tendctl_usage_error (_("bench compare-search needs RT's address: --url URL or $TEND_RT_URL"));
  if (opt_token_stdin)
    {
      token = tendctl_read_secret (TRUE, "", &error);
      if (token == NULL)
        return tendctl_fail (error);
    }
  else if (g_getenv ("TEND_RT_TOKEN") != NULL && g_getenv ("TEND_RT_TOKEN")[0] != '\0')
    token = g_strdup (g_getenv ("TEND_RT_TOKEN"));
  else
    return tendctl_usage_error (_("bench compare-search needs an RT auth token: $TEND_RT_TOKEN or --token-stdin"));
  if (opt_queue == NULL)
    opt_queue = g_strdup ("General");

  base_url = tend_account_normalize_url (TEND_ACCOUNT_KIND_RT, opt_url, &error);
  if (base_url == NULL)
    return tendctl_fail (error);
  api = g_strconcat (base_url, "/REST/2.0", NULL);
  auth_header = g_strconcat ("token ", token, NULL);
  session = soup_session_new_with_options ("user-agent", "tendctl-bench", "timeout", 120,
                                          "max-conns-per-host", CREATES_IN_FLIGHT + 1, NULL);
  loop = g_main_loop_new (NULL, FALSE);

  if (opt_tickets != 2000 && !opt_no_seed)
    g_print (_("NOTE: %d tickets, not the 2,000 of the reference figure (--tickets)\n"), opt_tickets);

  /* 1. RT */
  if (!opt_no_seed)
    {
      Seeding seeding = { NULL, };

      seeding.session = session;
      seeding.loop = loop;
      seeding.api = api;
      seeding.auth_header = auth_header;
      seeding.bodies = generate_bodies ((guint) opt_tickets, (guint64) opt_seed, &opt_queue);
      seeding.terminal = isatty (STDERR_FILENO);
      seeding.start = start = g_get_monotonic_time ();
      g_print (_("creating %u tickets in RT (%s, queue %s)…\n"), seeding.bodies->len, base_url, opt_queue);
      create_next (&seeding);
      if (seeding.in_flight > 0)
        g_main_loop_run (loop);
      if (seeding.terminal)
        g_printerr ("\n");
      g_ptr_array_unref (seeding.bodies);
      if (seeding.error != NULL)
        {
          g_autoptr(GError) failure = seeding.error;

          return tendctl_fail (failure);
        }
      g_print (_("created %u tickets in %.1f s (%.0f ms each)\n"), seeding.done,
               (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
               seeding.done > 0 ? (g_get_monotonic_time () - start) / 1000.0 / seeding.done : 0.0);
    }

  /* 2. The same tickets in a temporary Tend store, through the RT backend. */
  dir = g_dir_make_tmp ("tendctl-compare-XXXXXX", &error);
  if (dir == NULL)
    return tendctl_fail (error);
  path = g_build_filename (dir, "store.db", NULL);
  store = tend_store_open (path, &error);
  if (store == NULL)
    return tendctl_fail (error);
  backend = tendctl_backend_new (TEND_ACCOUNT_KIND_RT, base_url, NULL, token, 0, &error);
  if (backend == NULL)
    return tendctl_fail (error);
  sync = tend_sync_new (store, backend);
  run.loop = loop;
  start = g_get_monotonic_time ();
  g_print (_("syncing RT into %s…\n"), path);
  tend_sync_run_async (sync, NULL, sync_done_cb, &run);
  g_main_loop_run (loop);
  if (run.error != NULL)
    {
      g_autoptr(GError) failure = run.error;

      return tendctl_fail (failure);
    }
  g_print (_("synced %llu tickets, %llu comments in %.1f s\n"),
           (unsigned long long) tend_sync_get_n_tickets (sync),
           (unsigned long long) tend_sync_get_n_comments (sync),
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  /* 3. A warm-up round: every search once on each side, untimed, so that
   * neither is measured cold (RT's workers and database cache, the HTTP
   * connection; Tend's page cache, prepared statements and snippet
   * function). Then the timed round, alternating sides so that neither
   * gets a warmer machine. */
  for (guint i = 0; i < G_N_ELEMENTS (compare_queries); i++)
    {
      g_autoptr(TendQuery) query = NULL;
      g_autoptr(GPtrArray) hits = NULL;

      if (rt_search (session, api, auth_header, compare_queries[i], &error) < 0)
        return tendctl_fail (error);
      query = tend_query_parse (compare_queries[i], &error);
      if (query != NULL)
        hits = tend_store_list_tickets (store, TEND_VIEW_ALL, query, 0, RESULT_LIMIT, &error);
      if (hits == NULL)
        return tendctl_fail (error);
    }
  g_print (_("warm-up: each search ran once on both sides, untimed\n"));

  g_print ("\n%-22s %10s %8s %10s %8s\n", _("search"), _("RT ms"), _("RT hits"), _("Tend ms"), _("hits"));
  for (guint i = 0; i < G_N_ELEMENTS (compare_queries); i++)
    {
      g_autoptr(TendQuery) query = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      gint64 rt_total;
      double rt_ms, tend_ms;

      start = g_get_monotonic_time ();
      rt_total = rt_search (session, api, auth_header, compare_queries[i], &error);
      rt_ms = (g_get_monotonic_time () - start) / 1000.0;
      if (rt_total < 0)
        return tendctl_fail (error);

      start = g_get_monotonic_time ();
      query = tend_query_parse (compare_queries[i], &error);
      if (query != NULL)
        hits = tend_store_list_tickets (store, TEND_VIEW_ALL, query, 0, RESULT_LIMIT, &error);
      tend_ms = (g_get_monotonic_time () - start) / 1000.0;
      if (hits == NULL)
        return tendctl_fail (error);

      g_array_append_val (rt_times, rt_ms);
      g_array_append_val (tend_times, tend_ms);
      g_print ("%-22s %10.1f %8lld %10.3f %8u\n", compare_queries[i], rt_ms, (long long) rt_total, tend_ms, hits->len);
    }

  g_array_sort (rt_times, compare_doubles);
  g_array_sort (tend_times, compare_doubles);
  rt_median = median (rt_times);
  tend_median = median (tend_times);
  rt_p95 = percentile (rt_times, 95);
  tend_p95 = percentile (tend_times, 95);

  g_print ("\n%-10s %12s %12s %10s\n", "", _("RT REST2"), _("Tend"), _("ratio"));
  g_print ("%-10s %9.1f ms %9.3f ms %9.0f×\n", _("median"), rt_median, tend_median,
           tend_median > 0 ? rt_median / tend_median : 0.0);
  g_print ("%-10s %9.1f ms %9.3f ms %9.0f×\n", _("p95"), rt_p95, tend_p95,
           tend_p95 > 0 ? rt_p95 / tend_p95 : 0.0);
  g_print (_("(%u searches, up to %d results each, after a warm-up round; Tend should be at least 50× faster)\n"),
           (guint) G_N_ELEMENTS (compare_queries), RESULT_LIMIT);
  if (load_average () >= 0)
    g_print (_("load average %.2f while searching, on %u cores\n"), load_average (), g_get_num_processors ());

  g_clear_object (&sync);
  g_clear_object (&store);
  if (opt_keep)
    g_print (_("kept %s\n"), path);
  else
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

          g_remove (file);
        }
      g_rmdir (dir);
    }
  return 0;
}
