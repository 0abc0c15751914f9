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
  TendSession          *session;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
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
  TendWindow *self = TEND_WINDOW (window);

  tend_window_save_state (self);

  /* The drafts wait a moment before each write: what the agent typed
   * last must not go with the window. */
  if (self->session != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!tend_drafts_flush (tend_session_get_drafts (self->session), &error))
        g_warning ("Could not save the drafts: %s", error->message);
    }

  return GTK_WINDOW_CLASS (tend_window_parent_class)->close_request (window);
}

/* Sessions */

static void
update_actions (TendWindow *self)
{
  TendSession *session = self->session;
  GAction *sync = g_action_map_lookup_action (G_ACTION_MAP (self), "sync");
  GAction *update_token = g_action_map_lookup_action (G_ACTION_MAP (self), "update-token");
  gboolean can_sync = session != NULL && tend_session_get_sync (session) != NULL &&
                      !tend_session_is_closed (session);
  gboolean has_account = session != NULL && tend_session_get_account (session) != NULL &&
                         !tend_session_get_ephemeral (session) && !tend_session_is_closed (session);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (sync), can_sync);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (update_token), has_account);
}

static void
on_session_sync_changed (TendWindow  *self,
                         GParamSpec  *pspec,
                         TendSession *session)
{
  update_actions (self);
}

static void
on_session_sync_error (TendWindow  *self,
                       GError      *error,
                       TendSession *session)
{
  if (g_error_matches (error, TEND_ERROR, TEND_ERROR_AUTH) &&
      tend_session_get_account (session) != NULL && !tend_session_get_ephemeral (session))
    {
      tend_window_add_toast (self, _("The helpdesk did not accept the API token"),
                             _("_Sign In Again"), "win.update-token");
    }
  else
    {
      /* Out of reach never gets here: the session leaves that to the
       * offline bar and the status line (tend-session.c). */
      g_autofree char *text = NULL;

      /* Translators: %s is what went wrong. */
      text = g_strdup_printf (_("Sync failed: %s"), error->message);
      tend_window_add_toast (self, text, NULL, NULL);
    }
}

static void
set_session (TendWindow  *self,
             TendSession *session)
{
  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::sync",
                               G_CALLBACK (on_session_sync_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "sync-error",
                               G_CALLBACK (on_session_sync_error), self, G_CONNECT_SWAPPED);
    }

  tend_workspace_set_session (self->workspace, session);
  update_actions (self);
}

void
tend_window_show_session (TendWindow  *self,
                          TendSession *session)
{
  g_return_if_fail (TEND_IS_WINDOW (self));
  g_return_if_fail (TEND_IS_SESSION (session));

  set_session (self, session);
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
}

void
tend_window_show_welcome (TendWindow *self)
{
  g_return_if_fail (TEND_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  set_session (self, NULL);
}

TendSession *
tend_window_get_session (TendWindow *self)
{
  g_return_val_if_fail (TEND_IS_WINDOW (self), NULL);

  return self->session;
}

void
tend_window_add_toast (TendWindow *self,
                       const char *text,
                       const char *button_label,
                       const char *action_name)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (TEND_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  /* A toast's title is markup in libadwaita 1.2; error messages quote
   * servers and file names. */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  if (button_label != NULL && action_name != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action_name);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Actions */

static void
sync_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TendWindow *self = TEND_WINDOW (user_data);

  if (self->session != NULL)
    tend_session_sync_now (self->session);
}

static void
update_token_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TendWindow *self = TEND_WINDOW (user_data);
  TendApplication *application = TEND_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  TendAccount *account = self->session != NULL ? tend_session_get_account (self->session) : NULL;

  if (account != NULL && application != NULL)
    tend_application_show_account_dialog (application, account);
}

static const GActionEntry win_entries[] = {
  { .name = "sync", .activate = sync_action },
  { .name = "update-token", .activate = update_token_action },
};

static void
tend_window_dispose (GObject *object)
{
  TendWindow *self = TEND_WINDOW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
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
  gtk_widget_class_bind_template_child (widget_class, TendWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TendWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TendWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, TendWindow, workspace);
}

static void
tend_window_init (TendWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  update_actions (self);

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
  TendWindow *self;

  g_return_val_if_fail (TEND_IS_APPLICATION (application), NULL);

  self = g_object_new (TEND_TYPE_WINDOW,
                       "application", application,
                       NULL);
  tend_sidebar_set_account_menu (tend_workspace_get_sidebar (self->workspace),
                                 tend_application_get_account_menu (application));

  return self;
}

void
tend_window_show_store (TendWindow *self,
                        TendStore  *store)
{
  g_autoptr(TendSession) session = NULL;

  g_return_if_fail (TEND_IS_WINDOW (self));
  g_return_if_fail (TEND_IS_STORE (store));

  session = tend_session_new_for_cache (store);
  tend_window_show_session (self, session);
}

TendWorkspace *
tend_window_get_workspace (TendWindow *self)
{
  g_return_val_if_fail (TEND_IS_WINDOW (self), NULL);

  return self->workspace;
}
