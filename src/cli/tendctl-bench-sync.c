/* tendctl-bench-sync.c: `tendctl bench sync`, the sync's speed end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tendctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "tend-demo-server.h"
#include "tend-sync.h"
#include "tend-zendesk-backend.h"
#include "tendctl.h"

/* The watchdog's period: a frame is 16 ms, so a tick every 5 ms sees any
 * stall that would drop one. */
#define WATCHDOG_MS 5

typedef struct
{
  GMainLoop  *loop;
  /* Thread name → CPU µs, the highest seen: the sync's threads are gone
   * by the time it reports, so they are sampled while it runs. */
  GHashTable *thread_cpu;
  GError     *error;
  gint64     last_tick;
  gint64     longest_gap;
  guint      ticks;
  gboolean   progress;
  guint64    server_tickets;
} BenchRun;

/* Between two polls the main thread dispatches: the longest such stretch,
 * in wall time and in the thread's own CPU time, tells a stall caused by
 * work on the main loop (both long) from one where the system did not
 * schedule the thread (wall long, CPU short). */
static GPollFunc default_poll;
static gint64 busy_since_wall;
static gint64 busy_since_cpu;
static gint64 longest_busy_wall;
static gint64 longest_busy_cpu;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* CPU time of every thread of the process (client and server alike), so
 * that a figure taken on a busy machine can still be compared. */
static gint64
process_cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return ((gint64) usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static gint
measuring_poll (GPollFD *fds,
                guint    nfds,
                gint     timeout)
{
  gint64 wall = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  gint result;

  if (busy_since_wall > 0 && wall - busy_since_wall > longest_busy_wall)
    {
      longest_busy_wall = wall - busy_since_wall;
      longest_busy_cpu = cpu - busy_since_cpu;
    }

  result = default_poll (fds, nfds, timeout);

  busy_since_wall = g_get_monotonic_time ();
  busy_since_cpu = thread_cpu_us ();
  return result;
}

/* One thread's CPU time, as last sampled. */
typedef struct
{
  char   *name;
  gint64  us;
} ThreadCpu;

static void
thread_cpu_free (gpointer data)
{
  ThreadCpu *thread = data;

  g_free (thread->name);
  g_free (thread);
}

/* Records the CPU time of each thread of the process (Linux only). Names
 * come from the kernel, which keeps 15 bytes: a longer name given to
 * g_thread_new() is dropped, and such a thread shows its creator's. */
static void
sample_thread_cpu (GHashTable *thread_cpu)
{
#ifdef __linux__
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  long ticks_per_second = sysconf (_SC_CLK_TCK);
  const char *tid;

  if (dir == NULL || ticks_per_second <= 0)
    return;

  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
      g_autofree char *stat_path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *after_name;
      ThreadCpu *thread;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL) ||
          !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      /* The name in stat may hold spaces; the fields follow its ')'. */
      after_name = strrchr (stat, ')');
      if (after_name == NULL)
        continue;
      fields = g_strsplit (after_name + 2, " ", 0);
      if (g_strv_length (fields) < 13)
        continue;

      thread = g_hash_table_lookup (thread_cpu, tid);
      if (thread == NULL)
        {
          thread = g_new0 (ThreadCpu, 1);
          thread->name = g_ascii_strtoll (tid, NULL, 10) == (gint64) getpid ()
                         ? g_strdup ("main") : g_strdup (g_strstrip (comm));
          g_hash_table_insert (thread_cpu, g_strdup (tid), thread);
        }
      /* utime and stime: fields 14 and 15 of stat, 12 and 13 after the name. */
      thread->us = (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10)) *
                   G_USEC_PER_SEC / ticks_per_second;
    }
#endif
}

static int
compare_thread_cpu (gconstpointer a,
                    gconstpointer b)
{
  const ThreadCpu *x = *(ThreadCpu * const *) a;
  const ThreadCpu *y = *(ThreadCpu * const *) b;

  return x->us < y->us ? 1 : x->us > y->us ? -1 : 0;
}

/* The longest time between two ticks is the longest the main loop could
 * not run anything else: what a window would have shown as a frozen frame. */
static gboolean
watchdog_cb (gpointer data)
{
  BenchRun *run = data;
  gint64 now = g_get_monotonic_time ();

  run->longest_gap = MAX (run->longest_gap, now - run->last_tick);
  run->last_tick = now;
  run->ticks++;
  /* About once a second; reading /proc takes well under a millisecond. */
  if (run->ticks % (1000 / WATCHDOG_MS) == 0)
    sample_thread_cpu (run->thread_cpu);
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (TendSync      *sync,
             TendSyncPhase  phase,
             guint64        items,
             guint          pages,
             BenchRun      *run)
{
  if (phase == TEND_SYNC_PHASE_DONE || phase == TEND_SYNC_PHASE_FAILED)
    return;
  g_printerr ("\r\033[K%s %s: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " %s, %" G_GUINT64_FORMAT " %s",
              _("Syncing"), tend_sync_phase_to_string (phase),
              tend_sync_get_n_tickets (sync), run->server_tickets, _("tickets"),
              tend_sync_get_n_comments (sync), _("comments"));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  BenchRun *run = data;

  tend_sync_run_finish (TEND_SYNC (source), result, &run->error);
  g_main_loop_quit (run->loop);
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

int
tendctl_bench_sync (int    argc,
                    char **argv)
{
  gint opt_tickets = 20000;
  gint64 opt_seed = 1;
  gboolean opt_keep = FALSE;
  const GOptionEntry entries[] = {
    { "tickets", 'n', 0, G_OPTION_ARG_INT, &opt_tickets, N_("Tickets on the demo server (default 20000)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed, N_("Seed of the generated data (default 1)"), N_("S") },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &opt_keep, N_("Keep the synced database and print where it is"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("sync");
  g_autoptr(GError) error = NULL;
  g_autoptr(TendDemoServer) server = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendZendeskBackend) backend = NULL;
  g_autoptr(TendSync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *received = NULL;
  g_autoptr(GHashTable) thread_cpu = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, thread_cpu_free);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GString) by_thread = NULL;
  TendStoreStats stats = { 0, };
  TendHttp *http;
  BenchRun run = { NULL, };
  gint64 start, sync_us, cpu_start, cpu_us;
  guint watchdog;
  double seconds;
  int status = TENDCTL_EXIT_FAILURE;

  g_option_context_set_summary (context,
                                _("Starts the demo helpdesk in this process (admin sign-in, no rate limit,\n"
                                  "no faults) with N tickets of about 5 messages each, then syncs it over\n"
                                  "loopback into a fresh temporary database (in $TMPDIR) and reports the\n"
                                  "rate, end to end. A timer on the main loop every 5 ms records the\n"
                                  "longest stall while the sync runs: a window would freeze that long.\n"
                                  "The server's data generation is timed apart and not counted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tendctl_usage_error ("%s", error->message);
  if (argc > 1)
    return tendctl_usage_error (_("bench sync takes no arguments (got “%s”)"), argv[1]);
  if (opt_tickets < 1 || opt_seed < 0)
    return tendctl_usage_error (_("--tickets must be at least 1 and --seed 0 or more"));

  server = tend_demo_server_new ((guint) opt_tickets, (guint64) opt_seed);
  tend_demo_server_set_role (server, TEND_USER_ROLE_ADMIN);
  tend_demo_server_set_rate_limit (server, 0);

  start = g_get_monotonic_time ();
  if (!tend_demo_server_start (server, &error))
    return tendctl_fail (error);
  run.server_tickets = tend_demo_server_get_n_tickets (server);
  g_print ("server generate %u tickets %u comments in %.1f s (not counted)\n",
           tend_demo_server_get_n_tickets (server), tend_demo_server_get_n_comments (server),
           (g_get_monotonic_time () - start) / 1e6);

  dir = g_dir_make_tmp ("tendctl-bench-sync-XXXXXX", &error);
  if (dir == NULL)
    return tendctl_fail (error);
  path = g_build_filename (dir, "sync.db", NULL);

  store = tend_store_open (path, &error);
  if (store == NULL)
    goto out;
  backend = tend_zendesk_backend_new (tend_demo_server_get_url (server),
                                      tend_demo_server_get_email (server),
                                      tend_demo_server_get_token (server), &error);
  if (backend == NULL)
    goto out;
  http = tend_zendesk_backend_get_http (backend);
  sync = tend_sync_new (store, TEND_BACKEND (backend));

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.thread_cpu = thread_cpu;
  run.progress = isatty (STDERR_FILENO);
  if (run.progress)
    g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), &run);

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, measuring_poll);

  cpu_start = process_cpu_us ();
  start = g_get_monotonic_time ();
  run.last_tick = start;
  watchdog = g_timeout_add (WATCHDOG_MS, watchdog_cb, &run);
  tend_sync_run_async (sync, NULL, run_done_cb, &run);
  g_main_loop_run (loop);
  sync_us = g_get_monotonic_time () - start;
  cpu_us = process_cpu_us () - cpu_start;
  /* The stretch from the last tick to the end counts too. */
  watchdog_cb (&run);
  sample_thread_cpu (thread_cpu);
  g_source_remove (watchdog);
  g_main_context_set_poll_func (NULL, default_poll);
  if (run.progress)
    g_printerr ("\r\033[K");

  if (run.error != NULL)
    {
      g_propagate_error (&error, g_steal_pointer (&run.error));
      goto out;
    }

  /* A fast sync that lost rows would be no result at all. */
  tendctl_drain_main_context ();
  if (!tend_store_get_stats (store, &stats, &error))
    goto out;
  if (stats.tickets != (gint64) tend_demo_server_get_n_tickets (server) ||
      stats.comments != (gint64) tend_demo_server_get_n_comments (server))
    {
      g_set_error (&error, TEND_ERROR, TEND_ERROR_FAILED,
                   _("the synced database holds %lld tickets and %lld comments, the server %u and %u"),
                   (long long) stats.tickets, (long long) stats.comments,
                   tend_demo_server_get_n_tickets (server), tend_demo_server_get_n_comments (server));
      goto out;
    }

  seconds = sync_us / 1e6;
  received = g_format_size (tend_http_get_bytes_received (http));
  g_print ("sync %" G_GUINT64_FORMAT " tickets %" G_GUINT64_FORMAT " comments in %.2f s: %.0f tickets/s\n",
           tend_sync_get_n_tickets (sync), tend_sync_get_n_comments (sync), seconds,
           tend_sync_get_n_tickets (sync) / MAX (seconds, 1e-6));
  g_print ("requests %u (%u retried), received %s\n",
           tend_http_get_n_requests (http), tend_http_get_n_retries (http), received);
  g_print ("cpu %.2f s in all threads, server included (%.0f %% of one core)\n",
           cpu_us / 1e6, 100.0 * cpu_us / MAX (sync_us, 1));

  /* Where it went. The server's thread was created by the main one and
   * its name is too long for the kernel, so it shows as "tendctl"; its
   * figure includes generating the data. */
  names = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer thread;

    g_hash_table_iter_init (&iter, thread_cpu);
    while (g_hash_table_iter_next (&iter, NULL, &thread))
      g_ptr_array_add (names, thread);
  }
  g_ptr_array_sort (names, compare_thread_cpu);
  by_thread = g_string_new ("cpu by thread:");
  for (guint i = 0; i < names->len && i < 6; i++)
    {
      ThreadCpu *thread = names->pdata[i];

      g_string_append_printf (by_thread, "%s %s %.2f s", i > 0 ? "," : "", thread->name, thread->us / 1e6);
    }
  if (names->len > 0)
    g_print ("%s\n", by_thread->str);
  g_print ("main loop longest stall %.1f ms (watchdog every %d ms, %u ticks; target < 16 ms)\n",
           run.longest_gap / 1000.0, WATCHDOG_MS, run.ticks);
  g_print ("main loop longest dispatch %.1f ms, of which %.1f ms on the CPU\n",
           longest_busy_wall / 1000.0, longest_busy_cpu / 1000.0);

  status = 0;

out:
  if (error != NULL)
    tendctl_fail (error);
  g_clear_object (&sync);
  g_clear_object (&store);
  tendctl_drain_main_context ();
  tend_demo_server_stop (server);

  if (opt_keep)
    g_print ("kept %s\n", path);
  else
    remove_database (dir, path);

  return status;
}
