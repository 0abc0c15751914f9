/* ui-test-utils.c: helpers shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ui-test-utils"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "tend-ui-utils.h"
#include "ui-test-utils.h"

typedef struct
{
  WindowCheck check;
  gboolean    checked;
} TestRun;

/* Set for the next run_application(): the store its window shows. */
static TendStore *next_store;

static char *test_root;
static gboolean has_keyring;

static const char *xdg_vars[][2] = {
  { "HOME", "home" },
  { "XDG_CONFIG_HOME", "config" },
  { "XDG_DATA_HOME", "data" },
  { "XDG_CACHE_HOME", "cache" },
  { "XDG_STATE_HOME", "state" },
};

gboolean
ui_test_init (int    *argc,
              char ***argv)
{
  const char *home = g_getenv ("HOME");
  g_autoptr(GError) error = NULL;

  /* Read before HOME moves: test-session.sh's scratch home says that its
   * keyring, not the developer's, answers on this bus. */
  has_keyring = home != NULL && strstr (home, "/tend-test-session.") != NULL &&
                g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it also replaces XDG_DATA_DIRS, where
   * the icon themes are. */
  test_root = g_dir_make_tmp ("tend-ui-test-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg_vars); i++)
    {
      g_autofree char *path = g_build_filename (test_root, xdg_vars[i][1], NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (xdg_vars[i][0], path, TRUE);
    }

  /* Mesa keeps its shader cache under XDG_CACHE_HOME, which the tests
   * empty between cases. */
  g_setenv ("MESA_SHADER_CACHE_DISABLE", "true", TRUE);

  /* The tests drive an X server (Xvfb): never a Wayland session the
   * developer happens to run meson test from. */
  gdk_set_allowed_backends ("x11");

  g_test_init (argc, argv, NULL);

  return gtk_init_check ();
}

void
ui_test_reset_dirs (void)
{
  g_assert_nonnull (test_root);

  for (guint i = 0; i < G_N_ELEMENTS (xdg_vars); i++)
    {
      g_autofree char *path = g_build_filename (test_root, xdg_vars[i][1], NULL);

      tend_remove_tree (path);
      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    }
}

void
ui_test_cleanup (void)
{
  if (test_root != NULL)
    tend_remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);
}

gboolean
ui_test_has_keyring (void)
{
  return has_keyring;
}

/* Widget helpers */

void
collect_widgets (GtkWidget *root,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_widgets (root, type, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  gboolean *painted = user_data;

  *painted = TRUE;
}

/* Spins the main loop until @widget is mapped and its window has drawn a
 * frame after that, so that what a test checks (and photographs) is what a
 * person would see. */
void
wait_for_frame (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, wake_up, NULL);
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong paint_id;

  while (!gtk_widget_get_mapped (widget))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, paint_id);
  g_source_remove (wake_id);
}

typedef struct
{
  GtkWidget     *widget;
  GskRenderNode *node;
  int            width;
  int            height;
} Capture;

/* Right after a frame, while the widget's render node is fresh: a draw
 * queued by anything later (a spinner, a timer) would drop it again. */
static void
on_after_paint_capture (GdkFrameClock *clock,
                        Capture       *capture)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;

  if (capture->node != NULL || !gtk_widget_get_mapped (capture->widget))
    return;

  capture->width = gtk_widget_get_width (capture->widget);
  capture->height = gtk_widget_get_height (capture->widget);
  if (capture->width <= 0 || capture->height <= 0)
    return;

  paintable = gtk_widget_paintable_new (capture->widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), capture->width, capture->height);
  capture->node = gtk_snapshot_free_to_node (snapshot);
}

/* Renders @widget with its own window's renderer into
 * SCREENSHOT_DIR/@name and checks that the picture is not blank. */
void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree char *path = NULL;
  Capture capture = { .widget = widget };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint wake_id;
  GskRenderer *renderer;
  GdkFrameClock *clock;
  gulong paint_id;
  int width;
  int height;
  gsize stride;

  wait_for_frame (widget);

  clock = gtk_widget_get_frame_clock (widget);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_capture), &capture);
  wake_id = g_timeout_add (20, wake_up, NULL);
  while (capture.node == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, paint_id);
  g_source_remove (wake_id);

  node = capture.node;
  width = capture.width;
  height = capture.height;

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  g_assert_cmpint (g_mkdir_with_parents (SCREENSHOT_DIR, 0755), ==, 0);
  path = g_build_filename (SCREENSHOT_DIR, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  /* Text, icons and buttons give hundreds of colours; an empty or
   * single-colour picture means nothing was drawn. */
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  colours = g_hash_table_new (NULL, NULL);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel;

        memcpy (&pixel, pixels + y * stride + x * 4, sizeof pixel);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }
  g_assert_cmpuint (g_hash_table_size (colours), >, 32);
}

gboolean
strv_contains (const char * const *strv,
               const char         *str)
{
  return strv != NULL && g_strv_contains (strv, str);
}

/* Running the application */

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("The application did not finish within %d seconds", TEST_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static gboolean
run_check (gpointer user_data)
{
  TestRun *run = user_data;
  TendApplication *app = TEND_APPLICATION (g_application_get_default ());
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (TEND_IS_WINDOW (window));
  if (next_store != NULL)
    tend_window_show_store (TEND_WINDOW (window), next_store);
  wait_for_frame (GTK_WIDGET (window));

  run->check (app, TEND_WINDOW (window));
  run->checked = TRUE;

  /* Quit the way the agent would; g_application_run() only returns if
   * that really closes every window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             TestRun      *run)
{
  g_idle_add (run_check, run);
}

void
run_application_with_store (TendStore   *store,
                            WindowCheck  check)
{
  run_application_with_store_timeout (store, check, TEST_TIMEOUT_SECONDS);
}

void
run_application (WindowCheck check)
{
  run_application_with_store_timeout (NULL, check, TEST_TIMEOUT_SECONDS);
}

void
run_application_with_store_timeout (TendStore   *store,
                                    WindowCheck  check,
                                    guint        seconds)
{
  g_autoptr(TendApplication) app = tend_application_new ();
  TestRun run = { .check = check, .checked = FALSE };
  guint timeout_id;
  int status;

  /* Every test registers a fresh instance on the same bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);

  next_store = store;
  timeout_id = g_timeout_add_seconds (seconds, on_timeout, NULL);
  status = g_application_run (G_APPLICATION (app), 0, NULL);
  g_source_remove (timeout_id);
  next_store = NULL;

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

GSettings *
reset_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  g_settings_reset (settings, "last-account");
  g_settings_reset (settings, "sync-interval");
  g_settings_reset (settings, "notifications");
  return settings;
}


gboolean
wait_until (WaitCondition condition,
            gpointer      data)
{
  return wait_until_timeout (condition, data, 10);
}

gboolean
wait_until_timeout (WaitCondition condition,
                    gpointer      data,
                    guint         seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (10, wake_up, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);

  return met;
}

void
spin_for (guint milliseconds)
{
  gint64 deadline = g_get_monotonic_time () + milliseconds * 1000;
  guint wake_id = g_timeout_add (5, wake_up, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
}

GtkWidget *
find_widget_by_id (GtkWidget  *root,
                   const char *id)
{
  const char *root_id;

  root_id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (root));
  if (g_strcmp0 (root_id, id) == 0)
    return root;
  /* Widgets built in code carry their name instead. */
  if (g_strcmp0 (gtk_widget_get_name (root), id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_by_id (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static void
on_dark_changed (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 GtkCssProvider  *dark)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (adw_style_manager_get_dark (manager))
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (dark),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  else
    gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (dark));
}

void
ui_test_load_app_style (void)
{
  static GtkCssProvider *light, *dark;
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (light != NULL)
    return;

  light = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (light, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (light),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  dark = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (dark, RESOURCE_BASE "/style-dark.css");
  g_signal_connect (manager, "notify::dark", G_CALLBACK (on_dark_changed), dark);
  on_dark_changed (manager, NULL, dark);
}

TendTicket *
ui_test_nth_ticket (TendStore *store,
                    TendView   view,
                    guint      n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = tend_store_list_tickets (store, view, NULL, n, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 1);
  return g_object_ref (g_ptr_array_index (tickets, 0));
}

TendStore *
ui_test_create_store (const char     *name,
                      TendGenerator  *generator,
                      char          **dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autofree char *template = g_strdup_printf ("tend-%s-XXXXXX", name);
  g_autofree char *file = g_strdup_printf ("%s.db", name);
  g_autofree char *path = NULL;
  TendStore *store;

  *dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, file, NULL);

  store = tend_store_open (path, &error);
  g_assert_no_error (error);

  while (tend_generator_next (generator, changes, 100))
    {
      g_assert_true (tend_store_write (store, changes, &error));
      g_assert_no_error (error);
      tend_changeset_clear (changes);
    }

  /* Let the store's "changed" emissions for these writes go by. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return store;
}

void
ui_test_remove_store (TendStore  *store,
                      char      **dir)
{
  g_assert_finalize_object (store);
  tend_remove_tree (*dir);
  g_clear_pointer (dir, g_free);
}

TendStore *
ui_test_create_desk (const char     *name,
                     TendGenerator  *generator,
                     TendOutbox    **outbox,
                     TendDrafts    **drafts,
                     char          **dir)
{
  TendStore *store = ui_test_create_store (name, generator, dir);

  *outbox = tend_outbox_new (store);
  *drafts = tend_drafts_new (store);
  /* The outbox's first read and the store's signals, done. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return store;
}

void
ui_test_remove_desk (TendStore   *store,
                     TendOutbox **outbox,
                     TendDrafts **drafts,
                     char       **dir)
{
  g_clear_object (drafts);
  g_clear_object (outbox);
  ui_test_remove_store (store, dir);
}

void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
set_field (GtkWidget  *root,
           const char *id,
           const char *text)
{
  GtkWidget *editable = find_widget_by_id (root, id);

  g_assert_nonnull (editable);
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

void
ui_test_set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

void
save_light_and_dark (GtkWidget  *widget,
                     const char *name)
{
  g_autofree char *light = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  /* A moment for each style to reach the screen. */
  ui_test_set_dark (FALSE);
  spin_for (100);
  save_screenshot (widget, light);
  ui_test_set_dark (TRUE);
  spin_for (100);
  save_screenshot (widget, dark);
  ui_test_set_dark (FALSE);
}

static gboolean
find_label (LabelQuery *query,
            gboolean    whole)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_widgets (query->root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (labels->pdata[i]);

      if (gtk_widget_get_mapped (labels->pdata[i]) &&
          (whole ? g_strcmp0 (text, query->text) == 0 : g_str_has_prefix (text, query->text)))
        return TRUE;
    }
  return FALSE;
}

gboolean
label_shown (gpointer query)
{
  return find_label (query, TRUE);
}

gboolean
label_shown_with_prefix (gpointer query)
{
  return find_label (query, FALSE);
}
