/* tend-preferences-window.c: accounts, sync interval, notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-engine.h"

#include "tend-preferences-window.h"

struct _TendPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  TendApplication      *application;
  GSettings            *settings;

  /* Template widgets */
  GtkListBox           *accounts_list;
  GtkSpinButton        *interval_spin;
  GtkSwitch            *notifications_switch;
};

G_DEFINE_FINAL_TYPE (TendPreferencesWindow, tend_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
add_toast (TendPreferencesWindow *self,
           const char            *text)
{
  /* A toast's title is markup in libadwaita 1.2; names are not. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static void
on_account_removed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TendPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  TendAccount *account = g_task_get_task_data (G_TASK (result));
  g_autofree char *text = NULL;

  if (!tend_application_remove_account_finish (TEND_APPLICATION (source), result, &error))
    /* Translators: %s says what could not be deleted. */
    text = g_strdup_printf (_("The account was removed, but not everything could be deleted: %s"),
                            error->message);
  else
    /* Translators: %s is the account's name. */
    text = g_strdup_printf (_("“%s” was removed"), tend_account_get_display_name (account));

  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    add_toast (self, text);
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  TendPreferencesWindow *self = TEND_PREFERENCES_WINDOW (user_data);
  TendAccount *account = g_object_get_data (G_OBJECT (dialog), "tend-account");

  if (g_strcmp0 (response, "remove") != 0 || account == NULL)
    return;

  tend_application_remove_account_async (self->application, account, NULL,
                                         on_account_removed, g_object_ref (self));
}

static void
on_remove_clicked (GtkButton *button,
                   gpointer   user_data)
{
  TendPreferencesWindow *self = TEND_PREFERENCES_WINDOW (user_data);
  TendAccount *account = g_object_get_data (G_OBJECT (button), "tend-account");
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  /* Translators: %s is the account's name. */
  heading = g_strdup_printf (_("Remove “%s”?"), tend_account_get_display_name (account));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, NULL));
  adw_message_dialog_set_body (dialog,
                               _("Its API token is deleted from your keyring, and its cached "
                                 "tickets, drafts and unsent replies from this computer. Nothing "
                                 "changes on the helpdesk."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tend-account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  TendPreferencesWindow *self = TEND_PREFERENCES_WINDOW (user_data);
  TendAccount *account = TEND_ACCOUNT (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, tend_account_get_display_name (account), TRUE);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *host = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = NULL;
  g_autoptr(GUri) uri = g_uri_parse (tend_account_get_base_url (account), G_URI_FLAGS_NONE, NULL);

  host = g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri)
                                                              : tend_account_get_base_url (account));
  /* Translators: an account's login and helpdesk address: "ann@acme.com · acme.zendesk.com". */
  subtitle = g_strdup_printf (_("%s · %s"), tend_account_get_login (account), host);

  /* What the helpdesk and the agent typed is never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tend_account_get_display_name (account));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  gtk_widget_set_name (row, tend_account_get_id (account));

  /* Translators: the remove button of an account; %s is its name. */
  remove_label = g_strdup_printf (_("Remove %s"), tend_account_get_display_name (account));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Account"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_name (remove, "remove_button");
  g_object_set_data_full (G_OBJECT (remove), "tend-account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
tend_preferences_window_dispose (GObject *object)
{
  TendPreferencesWindow *self = TEND_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (tend_preferences_window_parent_class)->dispose (object);
}

static void
tend_preferences_window_class_init (TendPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TendPreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, TendPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, TendPreferencesWindow, notifications_switch);
}

static void
tend_preferences_window_init (TendPreferencesWindow *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "sync-interval",
                   gtk_spin_button_get_adjustment (self->interval_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notifications",
                   self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  placeholder = gtk_label_new (_("No helpdesk accounts yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->accounts_list, placeholder);
}

TendPreferencesWindow *
tend_preferences_window_new (TendApplication *application)
{
  TendPreferencesWindow *self;

  g_return_val_if_fail (TEND_IS_APPLICATION (application), NULL);

  self = g_object_new (TEND_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  gtk_list_box_bind_model (self->accounts_list,
                           G_LIST_MODEL (tend_application_get_accounts (application)),
                           create_account_row, self, NULL);

  return self;
}
