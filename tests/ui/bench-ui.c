/* bench-ui.c: the window's speed and memory on a cache of 100,000 tickets
 *
 * `meson test --benchmark --suite bench` (not part of the default run) or
 * `build-aux/dev.sh bench-ui`. Prints figures; it never fails on a slow
 * machine, only when it cannot measure at all.
 *
 *  1. process start to the first painted frame with rows, `tend --db FILE`
 *     spawned 5 times (from the spawn, so loading the libraries counts);
 *  2. then, in this process, the same window:
 *     - opening a ticket with 50 messages (ten times, median and worst);
 *     - search as you type: one keystroke every 120 ms, each timed from the
 *       key to the painted results (median and p95);
 *     - resident memory with the window open and 20 tickets opened;
 *     - scrolling the whole list from top to bottom, one page per frame,
 *       then as a scrollbar dragged down in 3 s: the longest frame and
 *       how many took over 16 ms.
 *
 * The cache is TEND_BENCH_DB, or one generated in the build directory
 * (`tendctl generate --tickets 100000`, about 15 s) with one more ticket
 * of 50 messages added. TEND_BENCH_ONLY=start-up,ticket,search,memory,scroll
 * runs only some parts; TEND_BENCH_VERBOSE=1 prints every keystroke.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include "tend-engine.h"
#include "tend-customer-panel.h"
#include "tend-inbox-view.h"
#include "tend-side-panel.h"
#include "tend-ticket-view.h"
#include "tend-workspace.h"
#include "ui-test-utils.h"

#define N_TICKETS        100000
#define LONG_TICKET_ID   G_GINT64_CONSTANT (900000001)
#define LONG_TICKET_SIZE 50
#define N_STARTS         5
#define KEY_INTERVAL_MS  120

static const char *db_path;
static double      ticket_open_ms[10];
static double      ticket_open_cpu_ms[10];
static double      panel_filled_ms[10];
static GArray     *keystroke_ms;
static GArray     *keystroke_cpu_ms;
static double      rss_mb;
static const char *renderer_name = "?";

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The @p'th percentile (0–100) of @values, sorted in place. */
static double
percentile (double *values,
            guint   n,
            double  p)
{
  guint index;

  if (n == 0)
    return 0;
  qsort (values, n, sizeof (double), compare_doubles);
  index = (guint) (p / 100.0 * (n - 1) + 0.5);
  return values[MIN (index, n - 1)];
}

/* The cache */

static void
add_long_ticket (TendStore *store)
{
  g_autoptr(TendChangeset) changeset = tend_changeset_new ();
  g_autoptr(TendTicket) ticket = tend_ticket_new (LONG_TICKET_ID);
  g_autoptr(GError) error = NULL;
  gint64 start = 1700000000;

  tend_ticket_set_subject (ticket, "A conversation of fifty messages about a refund");
  tend_ticket_set_description (ticket, "The first message of a long conversation.");
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_OPEN);
  tend_ticket_set_requester_id (ticket, 1);
  tend_ticket_set_created_at (ticket, start);
  tend_ticket_set_updated_at (ticket, start + LONG_TICKET_SIZE * 3600);
  tend_changeset_add_ticket (changeset, ticket);

  for (guint i = 0; i < LONG_TICKET_SIZE; i++)
    {
      g_autoptr(TendComment) comment = tend_comment_new (LONG_TICKET_ID * 100 + i);
      g_autofree char *body = g_strdup_printf ("Message %u of the conversation. Thanks for the quick answer; "
                                               "I tried the steps again and the refund still shows as pending "
                                               "on my statement, see the attached screenshot.", i + 1);

      tend_comment_set_ticket_id (comment, LONG_TICKET_ID);
      tend_comment_set_author_id (comment, i % 2 == 0 ? 1 : 2);
      tend_comment_set_body (comment, body);
      tend_comment_set_public (comment, i % 7 != 3);
      tend_comment_set_created_at (comment, start + i * 3600);
      tend_changeset_add_comment (changeset, comment);
    }

  if (!tend_store_write (store, changeset, &error))
    g_error ("Could not add the long ticket: %s", error->message);
}

static char *
ensure_cache (void)
{
  const char *given = g_getenv ("TEND_BENCH_DB");
  g_autofree char *path = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendTicket) existing = NULL;
  g_autoptr(GError) error = NULL;

  if (given != NULL && *given != '\0')
    path = g_strdup (given);
  else
    path = g_build_filename (BENCH_DIR, "bench-ui-100k.db", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *count = g_strdup_printf ("%d", N_TICKETS);
      const char *argv[] = { TENDCTL, "generate", "--tickets", count, "--db", path, NULL };
      int status = 0;

      g_printerr ("Generating %d tickets into %s…\n", N_TICKETS, path);
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("tendctl generate failed: %s", error->message);
    }

  store = tend_store_open (path, &error);
  if (store == NULL)
    g_error ("Could not open %s: %s", path, error->message);
  existing = tend_store_get_ticket (store, LONG_TICKET_ID, NULL);
  if (existing == NULL)
    add_long_ticket (store);

  return g_steal_pointer (&path);
}

/* 1. Start-up, in a process of its own */

static gboolean
read_first_frame (GSubprocess *process,
                  double      *wall_ms,
                  double      *cpu_ms)
{
  GInputStream *err = g_subprocess_get_stderr_pipe (process);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (err);
  char *line;

  *cpu_ms = -1;
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL)
    {
      g_autofree char *owned = line;

      if (g_str_has_prefix (line, "phase first-frame"))
        {
          const char *cpu = strstr (line, "wall");

          if (cpu != NULL)
            *cpu_ms = g_ascii_strtod (cpu + 4, NULL);
        }
      else if (g_str_has_prefix (line, "first-frame-ms "))
        {
          *wall_ms = g_ascii_strtod (line + strlen ("first-frame-ms "), NULL);
          return TRUE;
        }
    }

  return FALSE;
}

static void
bench_start_up (void)
{
  double wall[N_STARTS];
  double cpu[N_STARTS];

  for (guint i = 0; i < N_STARTS; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *start = NULL;

      g_subprocess_launcher_setenv (launcher, "TEND_DEBUG", "phases", TRUE);
      start = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
      g_subprocess_launcher_setenv (launcher, "TEND_TIMING_START_US", start, TRUE);
      process = g_subprocess_launcher_spawn (launcher, &error, TEND_EXE, "--db", db_path, NULL);
      if (process == NULL)
        g_error ("Could not start tend: %s", error->message);

      if (!read_first_frame (process, &wall[i], &cpu[i]))
        g_error ("tend --db ended without painting a frame with rows");
      g_subprocess_send_signal (process, SIGTERM);
      g_subprocess_wait (process, NULL, NULL);
      g_print ("  start-up %u: %.0f ms (%.0f ms of CPU)\n", i + 1, wall[i], cpu[i]);
    }

  g_print ("first painted frame with rows: median %.0f ms (target ≤ 300), CPU median %.0f ms\n",
           percentile (wall, N_STARTS, 50), percentile (cpu, N_STARTS, 50));
}

/* 2. In this process */

/* CPU time of the whole process, in ms: unlike wall-clock time, it does
 * not grow when other programs compete for the cores. */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

typedef struct
{
  gboolean armed;
  gboolean done;
  gint64   start;
  gint64   end;
  double   cpu_start;
  double   cpu_end;
} PaintWait;

static void
paint_wait_start (PaintWait *wait)
{
  wait->start = g_get_monotonic_time ();
  wait->cpu_start = cpu_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                PaintWait     *wait)
{
  if (wait->armed && !wait->done)
    {
      wait->end = g_get_monotonic_time ();
      wait->cpu_end = cpu_ms ();
      wait->done = TRUE;
    }
}

static gboolean
paint_done (gpointer data)
{
  return ((PaintWait *) data)->done;
}

/* Milliseconds from @start to the end of the first frame painted after
 * @ready became TRUE. */
static double
wait_for_paint (GtkWidget *widget,
                PaintWait *wait)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), wait);

  wait->armed = TRUE;
  gtk_widget_queue_draw (widget);
  if (!wait_until_timeout (paint_done, wait, 30))
    g_error ("No frame was painted");
  g_signal_handler_disconnect (clock, id);

  return (wait->end - wait->start) / 1000.0;
}

typedef struct
{
  TendCustomerPanel *customer;
  TendTicketView    *ticket_view;
} PanelWait;

/* The customer tab shows the open ticket's requester, figures and similar
 * tickets (they load on worker threads after the ticket is drawn). */
static gboolean
panel_filled (gpointer data)
{
  PanelWait *wait = data;
  TendTicket *shown = tend_customer_panel_get_ticket (wait->customer);
  TendTicket *open = tend_ticket_view_get_ticket (wait->ticket_view);

  return shown != NULL && open != NULL &&
         tend_ticket_get_id (shown) == tend_ticket_get_id (open) &&
         !tend_customer_panel_is_loading (wait->customer) &&
         tend_customer_panel_get_profile (wait->customer) != NULL;
}

static void
bench_ticket_open (TendWindow *window)
{
  TendWorkspace *workspace = tend_window_get_workspace (window);
  TendTicketView *ticket_view = tend_workspace_get_ticket_view (workspace);
  TendInboxView *inbox = tend_workspace_get_inbox (workspace);
  PanelWait panel = {
    tend_side_panel_get_customer_panel (tend_workspace_get_side_panel (workspace)),
    ticket_view,
  };

  for (guint i = 0; i < G_N_ELEMENTS (ticket_open_ms); i++)
    {
      PaintWait wait = { 0 };

      /* From another ticket each time, as an agent moves between them. */
      tend_inbox_view_select_relative (inbox, 1);
      wait_for_frame (GTK_WIDGET (window));

      paint_wait_start (&wait);
      tend_workspace_open_ticket (workspace, LONG_TICKET_ID);
      ticket_open_ms[i] = wait_for_paint (GTK_WIDGET (ticket_view), &wait);
      ticket_open_cpu_ms[i] = wait.cpu_end - wait.cpu_start;

      /* And the side panel's figures, a moment later. */
      if (!wait_until_timeout (panel_filled, &panel, 30))
        g_error ("The customer tab never showed the ticket's requester");
      {
        PaintWait filled = { .start = wait.start };

        panel_filled_ms[i] = wait_for_paint (GTK_WIDGET (panel.customer), &filled);
      }
      g_assert_cmpuint (tend_ticket_view_get_n_messages (ticket_view), ==, LONG_TICKET_SIZE);
    }

  g_print ("opening a ticket of %u messages (side panel shown): median %.1f ms, worst %.1f ms "
           "(target ≤ 50); CPU median %.1f ms; customer tab filled in: median %.1f ms\n",
           LONG_TICKET_SIZE,
           percentile (ticket_open_ms, G_N_ELEMENTS (ticket_open_ms), 50),
           percentile (ticket_open_ms, G_N_ELEMENTS (ticket_open_ms), 100),
           percentile (ticket_open_cpu_ms, G_N_ELEMENTS (ticket_open_cpu_ms), 50),
           percentile (panel_filled_ms, G_N_ELEMENTS (panel_filled_ms), 50));
}

typedef struct
{
  PaintWait paint;
  gboolean  searched;
} SearchWait;

static void
on_search_changed (GtkSearchEntry *entry,
                   SearchWait     *wait)
{
  /* After the inbox's own handler: the results are in the model. */
  wait->searched = TRUE;
}

static gboolean
searched (gpointer data)
{
  return ((SearchWait *) data)->searched;
}

static void
bench_search (TendWindow *window)
{
  static const char * const queries[] = {
    "refund", "invoice missing", "password reset", "shipping delay", "status:open login",
  };
  TendWorkspace *workspace = tend_window_get_workspace (window);
  TendInboxView *inbox = tend_workspace_get_inbox (workspace);
  GtkWidget *entry;

  tend_inbox_view_set_search_mode (inbox, TRUE);
  entry = find_widget (GTK_WIDGET (inbox), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  keystroke_ms = g_array_new (FALSE, FALSE, sizeof (double));
  keystroke_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      const char *query = queries[q];

      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      spin_for (200);
      for (gsize n = 1; n <= strlen (query); n++)
        {
          SearchWait wait = { { 0 } };
          int position = (int) n - 1;
          gulong id = g_signal_connect_after (entry, "search-changed",
                                              G_CALLBACK (on_search_changed), &wait);
          double ms, cpu;

          /* An agent types some 8 keys a second: what the window does after
           * a keystroke's results are drawn (the rows off screen) happens
           * between keys, as it would. */
          spin_for (KEY_INTERVAL_MS);

          paint_wait_start (&wait.paint);
          /* One more character at the end, as a key press adds it. */
          gtk_editable_insert_text (GTK_EDITABLE (entry), query + n - 1, 1, &position);
          if (!wait_until_timeout (searched, &wait, 30))
            g_error ("The search entry never searched");
          ms = wait_for_paint (GTK_WIDGET (inbox), &wait.paint);
          g_signal_handler_disconnect (entry, id);
          g_array_append_val (keystroke_ms, ms);
          cpu = wait.paint.cpu_end - wait.paint.cpu_start;
          g_array_append_val (keystroke_cpu_ms, cpu);
          if (g_getenv ("TEND_BENCH_VERBOSE") != NULL)
            g_print ("  “%.*s”: %.1f ms (%.1f ms of CPU)\n", (int) n, query, ms, cpu);
        }
    }

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  tend_inbox_view_set_search_mode (inbox, FALSE);
  spin_for (200);

  g_print ("search as you type, %u keystrokes: median %.1f ms, p95 %.1f ms, worst %.1f ms "
           "(target p95 ≤ 50); CPU median %.1f ms, p95 %.1f ms\n",
           keystroke_ms->len,
           percentile ((double *) (gpointer) keystroke_ms->data, keystroke_ms->len, 50),
           percentile ((double *) (gpointer) keystroke_ms->data, keystroke_ms->len, 95),
           percentile ((double *) (gpointer) keystroke_ms->data, keystroke_ms->len, 100),
           percentile ((double *) (gpointer) keystroke_cpu_ms->data, keystroke_cpu_ms->len, 50),
           percentile ((double *) (gpointer) keystroke_cpu_ms->data, keystroke_cpu_ms->len, 95));
}

static double
read_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0 : 0;
}

static void
bench_memory (TendWindow *window)
{
  TendWorkspace *workspace = tend_window_get_workspace (window);
  TendInboxView *inbox = tend_workspace_get_inbox (workspace);

  tend_inbox_view_set_view (inbox, TEND_VIEW_ALL);
  wait_for_frame (GTK_WIDGET (window));
  for (guint i = 0; i < 20; i++)
    {
      tend_inbox_view_select_relative (inbox, 1);
      wait_for_frame (GTK_WIDGET (window));
    }
  spin_for (500);
  rss_mb = read_rss_mb ();
  g_print ("resident memory, window open and 20 tickets opened: %.0f MB (target ≤ 150; renderer %s)\n",
           rss_mb, renderer_name);
}

typedef struct
{
  GtkAdjustment *adjustment;
  double         step;         /* pixels per frame; 0: a page */
  GArray        *frame_ms;
  gint64         frame_start;
  gboolean       finished;
} ScrollRun;

static void
on_before_paint (GdkFrameClock *clock,
                 ScrollRun     *run)
{
  run->frame_start = g_get_monotonic_time ();
}

static void
on_scroll_after_paint (GdkFrameClock *clock,
                       ScrollRun     *run)
{
  double ms;

  if (run->frame_start == 0 || run->finished)
    return;
  ms = (g_get_monotonic_time () - run->frame_start) / 1000.0;
  g_array_append_val (run->frame_ms, ms);
}

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  ScrollRun *run = user_data;
  double value = gtk_adjustment_get_value (run->adjustment);
  double upper = gtk_adjustment_get_upper (run->adjustment);
  double page = gtk_adjustment_get_page_size (run->adjustment);

  if (value + page >= upper)
    {
      run->finished = TRUE;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (run->adjustment, value + (run->step > 0 ? run->step : page));
  return G_SOURCE_CONTINUE;
}

static gboolean
scroll_finished (gpointer data)
{
  return ((ScrollRun *) data)->finished;
}

/* Scrolls the list from top to bottom by @step pixels a frame (0: a
 * page) and prints the frame clock's timings of every frame. */
static void
scroll_through (TendWindow *window,
                double      step,
                const char *how)
{
  TendWorkspace *workspace = tend_window_get_workspace (window);
  TendInboxView *inbox = tend_workspace_get_inbox (workspace);
  GtkWidget *scroller = find_widget (GTK_WIDGET (inbox), GTK_TYPE_SCROLLED_WINDOW);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  ScrollRun run = { .step = step };
  gulong before_id, after_id;
  guint over = 0;
  double *values;

  tend_inbox_view_set_view (inbox, TEND_VIEW_ALL);
  run.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (run.adjustment, 0);
  wait_for_frame (GTK_WIDGET (window));
  /* The rows off screen are bound after a frame, as after any scroll. */
  spin_for (500);

  run.frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  before_id = g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &run);
  after_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_scroll_after_paint), &run);
  gtk_widget_add_tick_callback (scroller, scroll_tick, &run, NULL);
  if (!wait_until_timeout (scroll_finished, &run, 900))
    g_error ("Scrolling did not reach the end in 15 minutes");
  g_signal_handler_disconnect (clock, before_id);
  g_signal_handler_disconnect (clock, after_id);

  values = (double *) (gpointer) run.frame_ms->data;
  for (guint i = 0; i < run.frame_ms->len; i++)
    if (values[i] > 16.0)
      over++;
  g_print ("scrolling %u tickets top to bottom, %s: %u frames, median %.1f ms, "
           "p99 %.1f ms, worst %.1f ms, %u over 16 ms\n",
           g_list_model_get_n_items (G_LIST_MODEL (tend_inbox_view_get_list (inbox))),
           how, run.frame_ms->len,
           percentile (values, run.frame_ms->len, 50),
           percentile (values, run.frame_ms->len, 99),
           percentile (values, run.frame_ms->len, 100), over);
  g_array_unref (run.frame_ms);
}

static void
bench_scroll (TendWindow *window)
{
  TendInboxView *inbox = tend_workspace_get_inbox (tend_window_get_workspace (window));
  GtkWidget *scroller = find_widget (GTK_WIDGET (inbox), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  /* As the wheel or Page Down held: every row is seen. */
  scroll_through (window, 0, "a page per frame");
  /* As the scrollbar dragged from top to bottom in three seconds: every
   * frame shows other rows entirely. */
  scroll_through (window,
                  (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment)) / 180,
                  "the scrollbar dragged down in 3 s");
}

/* TEND_BENCH_ONLY=search,ticket… runs only those parts (for a profiler). */
static gboolean
wanted (const char *part)
{
  const char *only = g_getenv ("TEND_BENCH_ONLY");
  g_auto(GStrv) parts = NULL;

  if (only == NULL || *only == '\0')
    return TRUE;
  parts = g_strsplit (only, ",", -1);
  return g_strv_contains ((const char * const *) parts, part);
}

static void
run_benchmarks (TendApplication *app,
                TendWindow      *window)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  renderer_name = renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none";
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  wait_for_frame (GTK_WIDGET (window));
  spin_for (500);

  if (wanted ("ticket"))
    bench_ticket_open (window);
  if (wanted ("search"))
    bench_search (window);
  if (wanted ("memory"))
    bench_memory (window);
  if (wanted ("scroll") && g_getenv ("TEND_BENCH_NO_SCROLL") == NULL)
    bench_scroll (window);
}

static void
test_bench (void)
{
  g_autoptr(TendStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = tend_store_open_existing (db_path, &error);
  g_assert_no_error (error);
  run_application_with_store_timeout (store, run_benchmarks, 1200);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  int status;

  /* As `tend` itself starts. */
  tend_application_choose_renderer ();
  if (!ui_test_init (&argc, &argv))
    return 77;

  path = ensure_cache ();
  db_path = path;
  g_print ("Cache: %s\n", db_path);
  if (wanted ("start-up"))
    bench_start_up ();

  g_test_add_func ("/bench/window", test_bench);
  status = g_test_run ();
  ui_test_cleanup ();
  return status;
}
