/* tendctl-bench.c: `tendctl bench store`, the engine's performance figures
 * (`bench sync` is in tendctl-bench-sync.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tendctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tendctl.h"
#include "tendctl-insights.h"

/* What agents type: one to three words from the generated helpdesk's own
 * vocabulary, common and rare, plus a filter or two. */
static const char * const bench_queries[] = {
  "refund",
  "invoice",
  "password reset",
  "two-factor",
  "tracking number",
  "charged twice",
  "damaged",
  "webhook signature",
  "429",
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
  "sync conflict",
  "cursor",
  "refund status:open",
  "order never arrived",
  "GDPR",
  "locked out",
  "annual billing",
  "express shipping",
  "Pulse Band",
  "Bestellung",
  "commande",
  "tag:vip refund",
  "\"partial refund\"",
};

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Nearest-rank percentile of a sorted array. */
static double
percentile (const GArray *sorted,
            double        p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) (p * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

/* Resident memory in KiB, from the kernel's own accounting. */
static gint64
read_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

static gint64
file_size (const char *path)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return 0;
  return (gint64) buf.st_size;
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

/* Runs in a fresh process (see measure_memory): the store as the app opens
 * it, then every view list with its first page of rows held, as the
 * sidebar and the visible inbox would. */
static int
memory_probe (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 before, after;

  store = tend_store_open_existing (db_path, &error);
  if (store == NULL)
    return tendctl_fail (error);

  before = read_rss_kib ();

  for (int v = 0; v < TEND_N_VIEWS; v++)
    {
      TendTicketList *list = tend_ticket_list_new (store, (TendView) v, NULL);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

      for (guint i = 0; i < MIN (n, 100); i++)
        g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (list), i));
      g_ptr_array_add (lists, list);
    }
  tendctl_drain_main_context ();

  after = read_rss_kib ();
  g_print ("rss-before-kib %" G_GINT64_FORMAT "\n", before);
  g_print ("rss-after-kib %" G_GINT64_FORMAT "\n", after);
  g_print ("rows %u\n", rows->len);

  return 0;
}

/* Memory is measured in a child process so that what the ingest left in
 * the allocator and SQLite's page cache does not count. */
static gboolean
measure_memory (const char  *db_path,
                gint64      *before,
                gint64      *after,
                GError     **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *line;
  int wait_status = 0;
  char *argv[] = {
    (char *) "/proc/self/exe", (char *) "--db", (char *) db_path,
    (char *) "bench", (char *) "memory-probe", NULL
  };

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (wait_status, error))
    {
      g_prefix_error (error, "%s", g_strstrip (err));
      return FALSE;
    }

  line = strstr (out, "rss-before-kib ");
  *before = line != NULL ? g_ascii_strtoll (line + strlen ("rss-before-kib "), NULL, 10) : -1;
  line = strstr (out, "rss-after-kib ");
  *after = line != NULL ? g_ascii_strtoll (line + strlen ("rss-after-kib "), NULL, 10) : -1;

  if (*before < 0 || *after < 0)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED, _("Could not read the memory use of the probe"));
      return FALSE;
    }

  return TRUE;
}

static int
bench_store (int    argc,
             char **argv)
{
  gint opt_tickets = 100000;
  double opt_comments = 5.0;
  gint64 opt_seed = 1;
  gint opt_runs = 5;
  gboolean opt_keep = FALSE;
  const GOptionEntry entries[] = {
    { "tickets", 'n', 0, G_OPTION_ARG_INT, &opt_tickets, N_("Tickets to generate (default 100000)"), N_("N") },
    { "comments", 'c', 0, G_OPTION_ARG_DOUBLE, &opt_comments, N_("Average messages per ticket (default 5)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed, N_("Seed of the generated data (default 1)"), N_("S") },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &opt_runs, N_("Times each search query runs (default 5)"), N_("N") },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &opt_keep, N_("Keep the temporary database and print where it is"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("store");
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendGenerator) generator = NULL;
  g_autoptr(TendChangeset) changes = NULL;
  g_autoptr(GArray) all_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *size = NULL;
  gboolean progress = isatty (STDERR_FILENO);
  gint64 n_tickets = 0, n_comments = 0;
  gint64 generate_us = 0, write_us = 0, start;
  gint64 rss_before = 0, rss_after = 0;
  double slowest_median = 0;
  const char *slowest_query = NULL;
  int status = TENDCTL_EXIT_FAILURE;

  g_option_context_set_summary (context,
                                _("Generates a helpdesk into a fresh temporary database (in $TMPDIR), then\n"
                                  "measures: the ingest rate (only the time spent writing), search latency\n"
                                  "over typical queries, the count and first page of every view, and the\n"
                                  "memory those views take. The database is deleted afterwards."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tendctl_usage_error ("%s", error->message);
  if (argc > 1)
    return tendctl_usage_error (_("bench store takes no arguments (got “%s”)"), argv[1]);
  if (opt_tickets < 1 || opt_runs < 1 || opt_comments < 1 || opt_comments > 20)
    return tendctl_usage_error (_("--tickets and --runs must be at least 1, --comments between 1 and 20"));

  dir = g_dir_make_tmp ("tendctl-bench-XXXXXX", &error);
  if (dir == NULL)
    return tendctl_fail (error);
  path = g_build_filename (dir, "bench.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);

  store = tend_store_open (path, &error);
  if (store == NULL)
    goto out;

  /* Ingest: only tend_store_write counts, not making the rows. */
  generator = tend_generator_new ((guint64) opt_seed, (guint) opt_tickets, g_get_real_time () / G_USEC_PER_SEC);
  tend_generator_set_average_comments (generator, opt_comments);
  changes = tend_changeset_new ();
  for (;;)
    {
      gboolean more;

      start = g_get_monotonic_time ();
      more = tend_generator_next (generator, changes, 1000);
      generate_us += g_get_monotonic_time () - start;
      if (!more)
        break;

      n_tickets += changes->tickets->len;
      n_comments += changes->comments->len;

      start = g_get_monotonic_time ();
      if (!tend_store_write (store, changes, &error))
        goto out;
      write_us += g_get_monotonic_time () - start;

      tend_changeset_clear (changes);
      tendctl_drain_main_context ();
      if (progress)
        g_printerr ("\r%s %" G_GINT64_FORMAT "/%d", _("Ingesting"), n_tickets, opt_tickets);
    }
  if (progress)
    g_printerr ("\n");
  g_clear_pointer (&generator, tend_generator_free);

  g_print ("generate %" G_GINT64_FORMAT " tickets %" G_GINT64_FORMAT " comments in %.1f s\n",
           n_tickets, n_comments, generate_us / 1e6);
  g_print ("ingest %" G_GINT64_FORMAT " tickets %" G_GINT64_FORMAT " comments in %.1f s: %.0f tickets/s\n",
           n_tickets, n_comments, write_us / 1e6, n_tickets / MAX (write_us / 1e6, 1e-6));

  /* Reads go through a freshly opened store, as when the app starts. */
  g_clear_object (&store);
  size = g_format_size ((guint64) (file_size (path) + file_size (wal)));
  g_print ("database size %s\n", size);

  start = g_get_monotonic_time ();
  store = tend_store_open_existing (path, &error);
  if (store == NULL)
    goto out;
  g_print ("open %.1f ms\n", ms_since (start));

  /* Search: the top 50 of each query, several times. */
  for (guint q = 0; q < G_N_ELEMENTS (bench_queries); q++)
    {
      g_autoptr(TendQuery) query = tend_query_parse (bench_queries[q], &error);
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      guint n_results = 0;
      double median;

      if (query == NULL)
        goto out;

      for (int r = 0; r < opt_runs; r++)
        {
          g_autoptr(GPtrArray) results = NULL;
          double ms;

          start = g_get_monotonic_time ();
          results = tend_store_list_tickets (store, TEND_VIEW_ALL, query, 0, 50, &error);
          ms = ms_since (start);
          if (results == NULL)
            goto out;
          n_results = results->len;
          g_array_append_val (times, ms);
          g_array_append_val (all_times, ms);
        }

      g_array_sort (times, compare_doubles);
      median = percentile (times, 0.5);
      if (median > slowest_median)
        {
          slowest_median = median;
          slowest_query = bench_queries[q];
        }
      g_debug ("query %s: %u results, median %.2f ms", bench_queries[q], n_results, median);
    }
  g_array_sort (all_times, compare_doubles);
  g_print ("search %u queries x %d runs (top 50): median %.1f ms, p95 %.1f ms, max %.1f ms\n",
           (guint) G_N_ELEMENTS (bench_queries), opt_runs,
           percentile (all_times, 0.5), percentile (all_times, 0.95),
           percentile (all_times, 1.0));
  if (slowest_query != NULL)
    g_print ("search slowest query %s: median %.1f ms\n", slowest_query, slowest_median);

  /* Views: what the sidebar count and the first screen of the inbox cost,
   * through the same list model the window uses. */
  for (int v = 0; v < TEND_N_VIEWS; v++)
    {
      g_autoptr(TendTicketList) list = NULL;
      double count_ms, page_ms;
      guint n;

      start = g_get_monotonic_time ();
      list = tend_ticket_list_new (store, (TendView) v, NULL);
      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      count_ms = ms_since (start);

      start = g_get_monotonic_time ();
      for (guint i = 0; i < MIN (n, 100); i++)
        {
          g_autoptr(TendTicket) ticket = g_list_model_get_item (G_LIST_MODEL (list), i);
          g_assert (ticket != NULL);
        }
      page_ms = ms_since (start);

      g_print ("view %s: %u tickets, count %.1f ms, first %u rows %.1f ms\n",
               tend_view_to_string ((TendView) v), n, count_ms, MIN (n, 100), page_ms);
    }

  g_clear_object (&store);
  tendctl_drain_main_context ();

  if (!measure_memory (path, &rss_before, &rss_after, &error))
    goto out;
  g_print ("memory %.1f MB with the store open, %.1f MB with every view and its first page: +%.1f MB\n",
           rss_before / 1024.0, rss_after / 1024.0, (rss_after - rss_before) / 1024.0);

  status = 0;

out:
  if (error != NULL)
    {
      if (progress)
        g_printerr ("\n");
      tendctl_fail (error);
    }
  g_clear_object (&store);
  tendctl_drain_main_context ();

  if (opt_keep)
    g_print ("kept %s\n", path);
  else
    remove_database (dir, path);

  return status;
}

int
tendctl_bench_main (const char  *db_path,
                    int          argc,
                    char       **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "memory-probe"))
    {
      if (db_path == NULL)
        return tendctl_usage_error (_("memory-probe needs --db FILE"));
      return memory_probe (db_path);
    }

  if (argc >= 2 && g_str_equal (argv[1], "store"))
    {
      if (db_path != NULL)
        return tendctl_usage_error (_("bench store makes its own temporary database; leave out --db"));
      /* The subcommand's options follow its name. */
      argv[1] = argv[0];
      return bench_store (argc - 1, argv + 1);
    }

  if (argc >= 2 && g_str_equal (argv[1], "sync"))
    {
      if (db_path != NULL)
        return tendctl_usage_error (_("bench sync makes its own temporary database; leave out --db"));
      argv[1] = argv[0];
      return tendctl_bench_sync (argc - 1, argv + 1);
    }

  if (argc >= 2 && g_str_equal (argv[1], "outbox"))
    {
      if (db_path != NULL)
        return tendctl_usage_error (_("bench outbox makes its own temporary database; leave out --db"));
      argv[1] = argv[0];
      return tendctl_bench_outbox (argc - 1, argv + 1);
    }

  if (argc >= 2 && g_str_equal (argv[1], "compare-search"))
    {
      if (db_path != NULL)
        return tendctl_usage_error (_("bench compare-search makes its own temporary database; leave out --db"));
      argv[1] = argv[0];
      return tendctl_bench_compare_search (argc - 1, argv + 1);
    }

  /* With --db it measures that database (read only); without, a fresh one. */
  if (argc >= 2 && g_str_equal (argv[1], "insights"))
    {
      argv[1] = argv[0];
      return tendctl_bench_insights (db_path, argc - 1, argv + 1);
    }

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s\n\n%s\n\n%s\n",
               _("Usage:\n"
                 "  tendctl bench store [--tickets N] [--comments N] [--seed S] [--runs N] [--keep]\n"
                 "  tendctl bench sync [--tickets N] [--seed S] [--keep]\n"
                 "  tendctl bench outbox [--changes N]\n"
                 "  tendctl bench insights [--db FILE] [--check]\n"
                 "  tendctl bench compare-search [--url URL] [--token-stdin] [--tickets N]"),
               _("  store     ingest, search, view and memory performance on a temporary database\n"
                 "  sync      a sync from the demo helpdesk over loopback, and the longest main-loop stall\n"
                 "  outbox    queueing changes offline, then replaying them against the demo helpdesk\n"
                 "  insights  customer profile, similar tickets and knowledge search on a large store\n"
                 "  compare-search  the same agent searches through Request Tracker's REST2 and Tend"),
               _("Run “tendctl bench NAME --help” for the options of each."));
      return 0;
    }

  if (argc < 2)
    return tendctl_usage_error (_("bench needs what to measure: tendctl bench store|sync|outbox|insights|compare-search"));
  return tendctl_usage_error (_("unknown benchmark “%s”; the benchmarks are “store”, “sync”, “outbox”, “insights” and “compare-search”"), argv[1]);
}
