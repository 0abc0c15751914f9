/* tend-window.c: Tend's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-window.h"

/* Below this a restored size would give a window too small to use. */
#define MIN_RESTORED_WIDTH  360
#define MIN_RESTORED_HEIGHT 294

struct _TendWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  TendWorkspace        *workspace;
};

G_DEFINE_FINAL_TYPE (TendWindow, tend_window, ADW_TYPE_APPLICATION_WINDOW)

static void
tend_window_restore_state (TendWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               MAX (width, MIN_RESTORED_WIDTH),
                               MAX (height, MIN_RESTORED_HEIGHT));

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
tend_window_save_state (TendWindow *self)
{
  int width = 0;
  int height = 0;

  /* GTK keeps the default size at the last unmaximized size, which is
   * what should come back after an unmaximize on the next start. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  /* One write on close rather than one per resize step. */
  g_settings_delay (self->settings);
  if (width > 0)
    g_settings_set_int (self->settings, "window-width", width);
  if (height > 0)
    g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
tend_window_close_request (GtkWindow *window)
{
  tend_window_save_state (TEND_WINDOW (window));

  return GTK_WINDOW_CLASS (tend_window_parent_class)->close_request (window);
}

static void
tend_window_dispose (GObject *object)
{
  TendWindow *self = TEND_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tend_window_parent_class)->dispose (object);
}

static void
tend_window_class_init (TendWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tend_window_dispose;
  window_class->close_request = tend_window_close_request;

  g_type_ensure (TEND_TYPE_WORKSPACE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TendWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TendWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, TendWindow, workspace);
}

static void
tend_window_init (TendWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The icon name depends on the profile, so it cannot live in the .ui. */
  adw_status_page_set_icon_name (self->welcome_page, APP_ID "-symbolic");

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = g_settings_new (APP_ID);
  tend_window_restore_state (self);
}

TendWindow *
tend_window_new (TendApplication *application)
{
  g_return_val_if_fail (TEND_IS_APPLICATION (application), NULL);

  return g_object_new (TEND_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
tend_window_show_store (TendWindow *self,
                        TendStore  *store)
{
  g_autofree char *basename = NULL;
  g_autofree char *account_label = NULL;

  g_return_if_fail (TEND_IS_WINDOW (self));
  g_return_if_fail (TEND_IS_STORE (store));

  basename = g_path_get_basename (tend_store_get_path (store));
  /* Translators: the account shown for `tend --db FILE`; %s is the file name. */
  account_label = g_strdup_printf (_("Offline cache: %s"), basename);

  tend_workspace_set_store (self->workspace, store, account_label);
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
}

TendWorkspace *
tend_window_get_workspace (TendWindow *self)
{
  g_return_val_if_fail (TEND_IS_WINDOW (self), NULL);

  return self->workspace;
}
