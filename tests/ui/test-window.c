/* test-window.c: Tend's main window, run the way `tend` runs it
 *
 * Each test starts a real TendApplication with g_application_run(), lets
 * it open its window, waits for the window to be drawn, checks it from an
 * idle callback and quits through app.quit, so the whole life cycle
 * (startup, activate, close-request, exit) is exercised. The main screens
 * are saved as PNGs under tests/ui/screenshots/ in the build directory for
 * a person to look at.
 *
 * Runs under Xvfb (see meson.build); the settings come from the build's
 * compiled schema with the memory backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "tend-application.h"
#include "tend-window.h"
#include "ui-test-utils.h"

/* The welcome screen */

static void
check_welcome (TendApplication *app,
               TendWindow      *window)
{
  GtkWidget *widget = GTK_WIDGET (window);
  GtkIconTheme *icon_theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) help_accels = NULL;
  GtkWidget *page;
  int width, height;
  guint pill_buttons = 0;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Tend");
  g_assert_true (gtk_widget_get_mapped (widget));

  /* The schema's default size, 1280×800, and Xvfb's screen is large enough
   * for the window to really get it. (The surface, not the widget: without a
   * compositor GTK draws a resize border inside the surface.) */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (height, ==, 800);
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))), ==, 1280);
  g_assert_cmpint (gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window))), ==, 800);

#if DEVELOPMENT_BUILD
  g_assert_true (gtk_widget_has_css_class (widget, "devel"));
#else
  g_assert_false (gtk_widget_has_css_class (widget, "devel"));
#endif

  /* The empty state */
  page = find_widget (widget, ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpint (gtk_widget_get_width (page), >, 0);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "Welcome to Tend");
  g_assert_true (g_str_has_prefix (adw_status_page_get_description (ADW_STATUS_PAGE (page)),
                                   "Your helpdesk, at local speed"));
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)), ==, APP_ID "-symbolic");

  /* AdwApplication and GtkApplication look for these at the profile's
   * resource base path; at any other path they would be silently ignored. */
  g_assert_true (g_resources_get_info (RESOURCE_BASE "/style.css", 0, NULL, NULL, NULL));
  g_assert_true (g_resources_get_info (RESOURCE_BASE "/gtk/help-overlay.ui", 0, NULL, NULL, NULL));
  g_assert_cmpstr (g_application_get_resource_base_path (G_APPLICATION (app)), ==, RESOURCE_BASE);

  /* Both icons come from the bundled resources, so they resolve even in
   * an uninstalled build. */
  g_assert_true (gtk_icon_theme_has_icon (icon_theme, APP_ID "-symbolic"));
  g_assert_true (gtk_icon_theme_has_icon (icon_theme, APP_ID));

  /* The two pill buttons: add an account (the suggested action) and the
   * demo, both ready to use. */
  collect_widgets (page, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (button));

      if (!gtk_widget_has_css_class (button, "pill"))
        continue;

      pill_buttons++;
      g_assert_true (g_strcmp0 (action, "app.add-account") == 0 ||
                     g_strcmp0 (action, "app.demo") == 0);
      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_is_sensitive (button));
      if (g_strcmp0 (action, "app.add-account") == 0)
        g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
    }
  g_assert_cmpuint (pill_buttons, ==, 2);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "add-account"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "demo"));

  /* Nothing to sync on the welcome page. */
  g_assert_null (tend_window_get_session (window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "sync"));

  /* Application actions and their shortcuts */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "quit"));
  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (strv_contains ((const char * const *) quit_accels, "<Control>q"));

  /* GtkApplication found gtk/help-overlay.ui at the resource base path. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (strv_contains ((const char * const *) help_accels, "<Control>question"));

  save_screenshot (widget, "window.png");
}

static void
test_window_welcome (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application (check_welcome);
}

/* The primary menu */

static void
check_primary_menu (TendApplication *app,
                    TendWindow      *window)
{
  g_autoptr(GPtrArray) menu_buttons = g_ptr_array_new ();
  GtkMenuButton *primary = NULL;
  GMenuModel *model;
  GMenuModel *section;
  g_autofree char *first_action = NULL;
  g_autofree char *second_action = NULL;
  g_autofree char *third_action = NULL;

  collect_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, menu_buttons);
  for (guint i = 0; i < menu_buttons->len; i++)
    {
      GtkMenuButton *button = g_ptr_array_index (menu_buttons, i);

      /* The welcome page's header and the workspace's sidebar each have
       * one; the one on screen is the one the agent can use. */
      if (g_strcmp0 (gtk_menu_button_get_icon_name (button), "open-menu-symbolic") == 0 &&
          gtk_widget_get_mapped (GTK_WIDGET (button)))
        primary = button;
    }
  g_assert_nonnull (primary);
  g_assert_true (gtk_menu_button_get_primary (primary));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (primary)));

  model = gtk_menu_button_get_menu_model (primary);
  g_assert_nonnull (model);
  g_assert_cmpint (g_menu_model_get_n_items (model), ==, 1);
  section = g_menu_model_get_item_link (model, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 3);
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &first_action));
  g_assert_true (g_menu_model_get_item_attribute (section, 1, G_MENU_ATTRIBUTE_ACTION, "s", &second_action));
  g_assert_true (g_menu_model_get_item_attribute (section, 2, G_MENU_ATTRIBUTE_ACTION, "s", &third_action));
  g_assert_cmpstr (first_action, ==, "app.preferences");
  g_assert_cmpstr (second_action, ==, "win.show-help-overlay");
  g_assert_cmpstr (third_action, ==, "app.about");
  g_object_unref (section);

  /* Open it, as F10 or a click would, and photograph it. */
  gtk_menu_button_popup (primary);
  wait_for_frame (GTK_WIDGET (gtk_menu_button_get_popover (primary)));
  save_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (primary)), "primary-menu.png");
  gtk_menu_button_popdown (primary);
}

static void
test_window_primary_menu (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application (check_primary_menu);
}

/* About */

static void
check_about (TendApplication *app,
             TendWindow      *window)
{
  g_autoptr(GList) toplevels = NULL;
  AdwAboutWindow *about = NULL;
  const char * const *developers;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_ABOUT_WINDOW (l->data))
      about = l->data;
  g_assert_nonnull (about);

  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Tend");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "The Tend developers");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://github.com/tenddesk/tend");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, "https://github.com/tenddesk/tend/issues");
  developers = adw_about_window_get_developers (about);
  g_assert_true (strv_contains (developers, "The Tend developers"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));

  wait_for_frame (GTK_WIDGET (about));
  save_screenshot (GTK_WIDGET (about), "about.png");
  gtk_window_destroy (GTK_WINDOW (about));
}

static void
test_window_about (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application (check_about);
}

/* Keyboard shortcuts window */

/* Whether @widget's class binds @accelerator (gtk_widget_class_add_binding_action). */
static gboolean
workspace_has_shortcut (TendWorkspace *workspace,
                        const char    *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (workspace));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  g_assert_nonnull (wanted);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return TRUE;
        }
    }

  return FALSE;
}

static void
check_help_overlay (TendApplication *app,
                    TendWindow      *window)
{
  GtkShortcutsWindow *overlay;
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  gboolean lists_quit = FALSE;
  gboolean lists_itself = FALSE;
  gboolean lists_sync = FALSE;
  gboolean lists_preferences = FALSE;
  g_autoptr(GHashTable) workspace_shortcuts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  wait_for_frame (GTK_WIDGET (overlay));

  /* Every shortcut listed must be one the application really has. */
  collect_widgets (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  g_assert_cmpuint (shortcuts->len, >, 0);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *action_name = NULL;
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) accels = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i),
                    "action-name", &action_name,
                    "accelerator", &accelerator,
                    NULL);
      if (action_name != NULL)
        {
          GActionGroup *group = g_str_has_prefix (action_name, "app.")
                                ? G_ACTION_GROUP (app) : G_ACTION_GROUP (window);

          g_assert_true (g_str_has_prefix (action_name, "app.") ||
                         g_str_has_prefix (action_name, "win."));
          g_assert_true (g_action_group_has_action (group, action_name + 4));
          accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action_name);
          g_assert_nonnull (accels);
          g_assert_nonnull (accels[0]);
          lists_quit |= g_str_equal (action_name, "app.quit");
          lists_itself |= g_str_equal (action_name, "win.show-help-overlay");
          lists_sync |= g_str_equal (action_name, "win.sync") && g_strv_contains ((const char * const *) accels, "F5");
          lists_preferences |= g_str_equal (action_name, "app.preferences") &&
                               g_strv_contains ((const char * const *) accels, "<Control>comma");
        }
      else if (g_strcmp0 (accelerator, "F10") == 0)
        {
          /* The primary menu button handles F10. */
        }
      else if (g_strcmp0 (accelerator, "<Control>Return") == 0)
        {
          /* The composer's own shortcut (composer.send), which
           * tests/ui/test-composer.c activates. */
        }
      else if (g_strcmp0 (accelerator, "Escape") == 0)
        {
          /* GtkSearchEntry ends the search on Escape (stop-search), which
           * the inbox follows; tests/ui/test-workspace.c proves it. */
        }
      else
        {
          /* Any other bare accelerator is a key binding of the workspace. */
          g_assert_true (workspace_has_shortcut (tend_window_get_workspace (window), accelerator));
          g_hash_table_add (workspace_shortcuts, g_strdup (accelerator));
        }
    }
  g_assert_true (lists_quit);
  g_assert_true (lists_itself);
  g_assert_true (lists_sync);
  g_assert_true (lists_preferences);
  /* j, k, Ctrl+F, r, n, F9 and Ctrl+K (the window lists each twice: once
   * more for its search) */
  g_assert_cmpuint (g_hash_table_size (workspace_shortcuts), ==, 7);

  save_screenshot (GTK_WIDGET (overlay), "shortcuts.png");
  gtk_window_close (GTK_WINDOW (overlay));
}

static void
test_window_help_overlay (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application (check_help_overlay);
}

/* Window size, restored and saved */

static void
check_size_restored (TendApplication *app,
                     TendWindow      *window)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))), ==, 1000);
  g_assert_cmpint (gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window))), ==, 700);

  /* As if the agent resized the window before quitting. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
}

static void
test_window_size_saved (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);

  run_application (check_size_restored);

  /* Saved by close-request when app.quit closed the window. */
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 720);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
check_size_clamped (TendApplication *app,
                    TendWindow      *window)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 360);
  g_assert_cmpint (height, ==, 294);
}

static void
test_window_size_clamped (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  /* A hand-edited or corrupt value must still give a usable window. */
  g_settings_set_int (settings, "window-width", 10);
  g_settings_set_int (settings, "window-height", -5);

  run_application (check_size_clamped);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ui_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the UI tests\n");
      return 77;
    }

  g_test_add_func ("/ui/window/welcome", test_window_welcome);
  g_test_add_func ("/ui/window/primary-menu", test_window_primary_menu);
  g_test_add_func ("/ui/window/about", test_window_about);
  g_test_add_func ("/ui/window/help-overlay", test_window_help_overlay);
  g_test_add_func ("/ui/window/size-saved", test_window_size_saved);
  g_test_add_func ("/ui/window/size-clamped", test_window_size_clamped);

  status = g_test_run ();
  ui_test_cleanup ();

  return status;
}
