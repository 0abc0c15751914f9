/* tend-application.c: the Tend application
 *
 * The application owns the agent's accounts and the session shown in the
 * window (an account, the demo, or a cache opened with --db): it opens
 * them, looks their tokens up in the keyring, starts their syncs, and
 * offers the actions that change them (add, switch, remove, demo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-application"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "tend-engine.h"
#include "tend-account-list.h"
#include "tend-credentials.h"
#include "tend-demo-server.h"

#include "tend-account-dialog.h"
#include "tend-application.h"
#include "tend-notifier.h"
#include "tend-preferences-window.h"
#include "tend-ui-utils.h"
#include "tend-window.h"

/* The demo: the same helpdesk every time, new tickets and replies every
 * few seconds, and a sync often enough to show them soon. */
#define DEMO_SEED              20260101
#define DEMO_LIVE_INTERVAL_MS  6000
#define DEMO_SYNC_SECONDS      10

struct _TendApplication
{
  AdwApplication   parent_instance;

  GSettings       *settings;
  TendAccountList *accounts;
  /* Why accounts.ini could not be read, shown once the window is up. */
  char            *accounts_error;
  GMenu           *account_menu;
  GMenu           *accounts_section;

  TendSession     *session;
  /* Desktop notifications for the session shown. */
  TendNotifier    *notifier;
  GCancellable    *lookup_cancellable;

  /* `tend --db FILE`: a cached database opened as an offline account. */
  TendStore       *offline_store;
  /* `tend --demo` */
  gboolean         demo_requested;
  gboolean         activated;
  guint            sigint_id;
  guint            sigterm_id;

  GtkWindow       *account_dialog;
  GtkWindow       *preferences;
};

/* Taken by main() before anything else, so that TEND_DEBUG=timing reports
 * what the agent waits for, process start included. */
static gint64 process_start_us;

G_DEFINE_FINAL_TYPE (TendApplication, tend_application, ADW_TYPE_APPLICATION)

static TendWindow *
get_main_window (TendApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TEND_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static TendWindow *
ensure_main_window (TendApplication *self)
{
  TendWindow *window = get_main_window (self);

  if (window == NULL)
    window = tend_window_new (self);

  return window;
}

static void
toast (TendApplication *self,
       const char      *text)
{
  TendWindow *window = get_main_window (self);

  if (window != NULL)
    tend_window_add_toast (window, text, NULL, NULL);
  else
    g_warning ("%s", text);
}

static guint
sync_interval_seconds (TendApplication *self)
{
  return g_settings_get_uint (self->settings, "sync-interval") * 60;
}

/* The session shown */

static void
set_account_state (TendApplication *self,
                   const char      *id)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "account");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (id ? id : ""));
}

static void
show_session (TendApplication *self,
              TendSession     *session)
{
  TendWindow *window = ensure_main_window (self);
  TendAccount *account;

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);

  if (self->session != NULL && self->session != session)
    tend_session_close (self->session);
  g_set_object (&self->session, session);

  if (self->notifier != NULL)
    tend_notifier_stop (self->notifier);
  g_clear_object (&self->notifier);
  if (session != NULL)
    self->notifier = tend_notifier_new (G_APPLICATION (self), session, self->settings);

  account = session != NULL ? tend_session_get_account (session) : NULL;
  set_account_state (self, account != NULL && !tend_session_get_ephemeral (session)
                           ? tend_account_get_id (account) : NULL);

  if (session != NULL)
    tend_window_show_session (window, session);
  else
    tend_window_show_welcome (window);
}

static void
on_token_found (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TendSession) session = user_data;
  g_autoptr(GError) error = NULL;
  TendApplication *self;
  char *token;

  token = tend_credentials_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || tend_session_is_closed (session))
    {
      tend_credentials_secret_free (token);
      return;
    }

  self = TEND_APPLICATION (g_application_get_default ());

  if (token == NULL && error == NULL)
    {
      tend_session_set_start_failed (session, TEND_SESSION_STATE_AUTH_FAILED,
                                     _("The keyring has no API token for this account"));
      return;
    }

  if (token == NULL)
    {
      g_autofree char *message = NULL;

      tend_session_set_start_failed (session, TEND_SESSION_STATE_FAILED, error->message);
      /* Translators: %s says why (no keyring, locked …). */
      message = g_strdup_printf (_("The API token could not be read: %s"), error->message);
      toast (self, message);
      return;
    }

  if (!tend_session_start (session, token, sync_interval_seconds (self), &error))
    {
      tend_session_set_start_failed (session, TEND_SESSION_STATE_FAILED, error->message);
      toast (self, error->message);
    }
  tend_credentials_secret_free (token);
}

void
tend_application_open_account (TendApplication *self,
                               TendAccount     *account,
                               const char      *token)
{
  g_autoptr(TendSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TEND_IS_APPLICATION (self));
  g_return_if_fail (TEND_IS_ACCOUNT (account));

  session = tend_session_open (account, &error);
  if (session == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: the first %s is an account's name, the second why. */
      message = g_strdup_printf (_("Could not open the tickets of “%s”: %s"),
                                 tend_account_get_display_name (account), error->message);
      ensure_main_window (self);
      toast (self, message);
      return;
    }

  show_session (self, session);
  g_settings_set_string (self->settings, "last-account", tend_account_get_id (account));

  if (token != NULL)
    {
      if (!tend_session_start (session, token, sync_interval_seconds (self), &error))
        {
          tend_session_set_start_failed (session, TEND_SESSION_STATE_FAILED, error->message);
          toast (self, error->message);
        }
      return;
    }

  /* The cached tickets show at once; the sync waits for the keyring. */
  self->lookup_cancellable = g_cancellable_new ();
  tend_credentials_lookup_async (account, self->lookup_cancellable,
                                 on_token_found, g_object_ref (session));
}

/* The first account to show at startup: the last one used, else the first. */
static TendAccount *
pick_startup_account (TendApplication *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-account");
  TendAccount *account = NULL;

  if (last[0] != '\0')
    account = tend_account_list_lookup (self->accounts, last);
  if (account == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) > 0)
    {
      g_autoptr(TendAccount) first = g_list_model_get_item (G_LIST_MODEL (self->accounts), 0);

      account = first;
    }

  return account;
}

/* The demo */

/* Demo directories of Tend processes that are gone (a crash, a kill)
 * would otherwise pile up in the cache. */
static void
sweep_stale_demo_dirs (const char *parent)
{
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      gint64 pid;
      char *end;

      if (!g_str_has_prefix (name, "demo-"))
        continue;
      pid = g_ascii_strtoll (name + strlen ("demo-"), &end, 10);
      if (*end != '\0' || pid <= 0 || pid == getpid ())
        continue;
      if (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;

      path = g_build_filename (parent, name, NULL);
      tend_remove_tree (path);
    }
}

static void
on_demo_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TendSession) session = user_data;
  g_autoptr(GError) error = NULL;
  TendDemoServer *server = TEND_DEMO_SERVER (source);
  TendApplication *self = TEND_APPLICATION (g_application_get_default ());
  TendAccount *account = tend_session_get_account (session);

  if (!tend_demo_server_start_finish (server, result, &error))
    {
      g_autofree char *message = NULL;

      if (tend_session_is_closed (session))
        return;
      tend_session_set_start_failed (session, TEND_SESSION_STATE_FAILED, error->message);
      /* Translators: %s says why. */
      message = g_strdup_printf (_("The demo helpdesk could not start: %s"), error->message);
      toast (self, message);
      return;
    }

  if (tend_session_is_closed (session))
    {
      tend_demo_server_stop (server);
      return;
    }

  tend_account_set_base_url (account, tend_demo_server_get_url (server));
  tend_account_set_login (account, tend_demo_server_get_email (server));

  /* The token stays in memory: the demo never touches the keyring. */
  if (!tend_session_start (session, tend_demo_server_get_token (server), DEMO_SYNC_SECONDS, &error))
    {
      tend_session_set_start_failed (session, TEND_SESSION_STATE_FAILED, error->message);
      toast (self, error->message);
    }
}

void
tend_application_start_demo (TendApplication *self)
{
  g_autoptr(TendDemoServer) server = NULL;
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(TendSession) session = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *dir_name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;

  g_return_if_fail (TEND_IS_APPLICATION (self));

  /* Already showing it. */
  if (self->session != NULL && tend_session_get_demo_server (self->session) != NULL &&
      !tend_session_is_closed (self->session))
    {
      ensure_main_window (self);
      return;
    }

  /* A cache, recreated on each run and deleted at exit: the demo leaves
   * nothing behind (and never mixes with a real account's data). */
  parent = g_build_filename (g_get_user_cache_dir (), "tend", NULL);
  sweep_stale_demo_dirs (parent);
  dir_name = g_strdup_printf ("demo-%d", (int) getpid ());
  dir = g_build_filename (parent, dir_name, NULL);
  tend_remove_tree (dir);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = NULL;

      /* Translators: the first %s is a folder, the second why. */
      message = g_strdup_printf (_("The demo could not create %s: %s"), dir, g_strerror (saved_errno));
      ensure_main_window (self);
      toast (self, message);
      return;
    }

  store_path = g_build_filename (dir, "store.db", NULL);
  store = tend_store_open (store_path, &error);
  if (store == NULL)
    {
      ensure_main_window (self);
      toast (self, error->message);
      tend_remove_tree (dir);
      return;
    }

  /* The address and login are the server's, known once it runs. */
  account = tend_account_new (TEND_ACCOUNT_KIND_ZENDESK, _("Demo Helpdesk"),
                              "http://127.0.0.1", "agent@demo.invalid", &error);
  g_assert_no_error (error);

  server = tend_demo_server_new (TEND_DEMO_SERVER_DEFAULT_TICKETS, DEMO_SEED);
  tend_demo_server_set_live (server, TRUE, DEMO_LIVE_INTERVAL_MS);

  session = tend_session_new_ephemeral (account, store);
  tend_session_set_demo (session, server, dir);
  show_session (self, session);

  tend_demo_server_start_async (server, NULL, on_demo_started, g_object_ref (session));
}

/* Removing an account */

typedef struct
{
  /* The sync of the account's session, while a cancelled run finishes. */
  TendSync *sync;
  gulong    running_id;
} Removal;

static void
removal_free (Removal *removal)
{
  if (removal->sync != NULL)
    g_clear_signal_handler (&removal->running_id, removal->sync);
  g_clear_object (&removal->sync);
  g_free (removal);
}

static void
on_secret_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TendApplication *self = g_task_get_source_object (task);
  TendAccount *account = g_task_get_task_data (task);
  g_autoptr(GError) secret_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;

  /* Without a keyring the token cannot be there to delete; any other
   * failure is reported, but the account goes either way: the agent
   * asked for it. */
  tend_credentials_clear_finish (result, &secret_error);

  last = g_settings_get_string (self->settings, "last-account");
  if (g_strcmp0 (last, tend_account_get_id (account)) == 0)
    g_settings_reset (self->settings, "last-account");

  if (!tend_account_list_remove (self->accounts, account, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (secret_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&secret_error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
clear_secret_and_remove (GTask *task)
{
  TendAccount *account = g_task_get_task_data (task);

  tend_credentials_clear_async (account, g_task_get_cancellable (task),
                                on_secret_cleared, task);
}

static void
on_closing_sync_stopped (TendSync   *sync,
                         GParamSpec *pspec,
                         GTask      *task)
{
  Removal *removal = g_object_get_data (G_OBJECT (task), "tend-removal");

  if (tend_sync_get_running (sync))
    return;

  g_clear_signal_handler (&removal->running_id, sync);
  clear_secret_and_remove (task);
}

void
tend_application_remove_account_async (TendApplication     *self,
                                       TendAccount         *account,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;
  Removal *removal;

  g_return_if_fail (TEND_IS_APPLICATION (self));
  g_return_if_fail (TEND_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tend_application_remove_account_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  removal = g_new0 (Removal, 1);
  g_object_set_data_full (G_OBJECT (task), "tend-removal", removal, (GDestroyNotify) removal_free);

  /* The store must be closed before its directory goes: leave the
   * account first, for another one or the welcome. */
  if (self->session != NULL && tend_session_get_account (self->session) == account)
    {
      TendAccount *next = NULL;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

      tend_session_close (self->session);
      if (tend_session_get_sync (self->session) != NULL)
        removal->sync = g_object_ref (tend_session_get_sync (self->session));

      for (guint i = 0; i < n && next == NULL; i++)
        {
          g_autoptr(TendAccount) other = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

          if (other != account)
            next = other;
        }

      if (next != NULL)
        tend_application_open_account (self, next, NULL);
      else
        show_session (self, NULL);
    }

  /* A cancelled sync may still be finishing a page in its thread. */
  if (removal->sync != NULL && tend_sync_get_running (removal->sync))
    {
      removal->running_id = g_signal_connect (removal->sync, "notify::running",
                                              G_CALLBACK (on_closing_sync_stopped), task);
      return;
    }

  clear_secret_and_remove (task);
}

gboolean
tend_application_remove_account_finish (TendApplication  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Dialogs */

static void
on_account_dialog_done (TendAccountDialog *dialog,
                        TendAccount       *account,
                        const char        *token,
                        TendApplication   *self)
{
  /* A new token for the account on screen: sign in again in place. */
  if (self->session != NULL && tend_session_get_account (self->session) == account &&
      !tend_session_is_closed (self->session))
    {
      g_autoptr(GError) error = NULL;

      if (!tend_session_start (self->session, token, sync_interval_seconds (self), &error))
        toast (self, error->message);
      return;
    }

  tend_application_open_account (self, account, token);
}

GtkWindow *
tend_application_show_account_dialog (TendApplication *self,
                                      TendAccount     *account)
{
  TendAccountDialog *dialog;

  g_return_val_if_fail (TEND_IS_APPLICATION (self), NULL);

  if (self->account_dialog != NULL)
    {
      gtk_window_present (self->account_dialog);
      return self->account_dialog;
    }

  dialog = tend_account_dialog_new (self->accounts, account);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                self->preferences != NULL ? self->preferences
                                                          : GTK_WINDOW (ensure_main_window (self)));
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_account_dialog_done), self, 0);
  self->account_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->account_dialog);

  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* Actions */

static void
tend_application_quit_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  TendApplication *self = TEND_APPLICATION (user_data);
  GList *windows;

  /* Close instead of destroying: each window saves its state in its
   * close-request handler, and the application exits by itself once the
   * last window is gone. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
}

static void
tend_application_about_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  TendApplication *self = TEND_APPLICATION (user_data);
  const char *developers[] = { _("The Tend developers"), NULL };
  /* Translators: your names, one per line, as "Name <email or URL>". */
  const char *translator_credits = _("translator-credits");
  GtkWindow *parent;
  AdwAboutWindow *about;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", parent != NULL,
                        "application-name", PACKAGE_NAME,
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Tend developers"),
                        "developers", developers,
                        "copyright", _("© 2026 The Tend developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/tenddesk/tend",
                        "issue-url", "https://github.com/tenddesk/tend/issues",
                        NULL);

  /* The msgid itself comes back when nobody has translated it: showing
   * "translator-credits" as a person's name would look broken. */
  if (g_strcmp0 (translator_credits, "translator-credits") != 0)
    adw_about_window_set_translator_credits (about, translator_credits);

  gtk_window_present (GTK_WINDOW (about));
}

static void
tend_application_add_account_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  tend_application_show_account_dialog (TEND_APPLICATION (user_data), NULL);
}

static void
tend_application_demo_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  tend_application_start_demo (TEND_APPLICATION (user_data));
}

static void
tend_application_preferences_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  TendApplication *self = TEND_APPLICATION (user_data);
  TendPreferencesWindow *preferences;

  if (self->preferences != NULL)
    {
      gtk_window_present (self->preferences);
      return;
    }

  preferences = tend_preferences_window_new (self);
  /* Its "Add Account…" button names app.add-account. */
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (ensure_main_window (self)));
  self->preferences = GTK_WINDOW (preferences);
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &self->preferences);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
tend_application_account_change_state (GSimpleAction *action,
                                       GVariant      *state,
                                       gpointer       user_data)
{
  TendApplication *self = TEND_APPLICATION (user_data);
  const char *id = g_variant_get_string (state, NULL);
  TendAccount *account = tend_account_list_lookup (self->accounts, id);

  if (account == NULL)
    return;

  /* Picking the account on screen changes nothing. */
  if (self->session != NULL && tend_session_get_account (self->session) == account &&
      !tend_session_is_closed (self->session))
    return;

  tend_application_open_account (self, account, NULL);
}

/* A notification's default action: bring the window forward on @id. */
static void
tend_application_open_ticket_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  TendApplication *self = TEND_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL || !TEND_IS_WINDOW (window))
    return;

  tend_workspace_open_ticket (tend_window_get_workspace (TEND_WINDOW (window)),
                              g_variant_get_int64 (parameter));
  gtk_window_present (window);
}

static const GActionEntry app_entries[] = {
  { .name = "quit", .activate = tend_application_quit_action },
  { .name = "about", .activate = tend_application_about_action },
  { .name = "add-account", .activate = tend_application_add_account_action },
  { .name = "demo", .activate = tend_application_demo_action },
  { .name = "preferences", .activate = tend_application_preferences_action },
  { .name = "open-ticket", .parameter_type = "x", .activate = tend_application_open_ticket_action },
  { .name = "account", .parameter_type = "s", .state = "''",
    .change_state = tend_application_account_change_state },
};

/* The account switcher's menu */

static char *
escape_mnemonic (const char *label)
{
  g_autoptr(GString) escaped = g_string_new (label);

  /* Menu labels take _ as a mnemonic marker; names keep theirs. */
  g_string_replace (escaped, "_", "__", 0);
  return g_string_free (g_steal_pointer (&escaped), FALSE);
}

static void
rebuild_account_menu (TendApplication *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  g_menu_remove_all (self->accounts_section);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TendAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      g_autofree char *label = escape_mnemonic (tend_account_get_display_name (account));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "app.account",
                                               g_variant_new_string (tend_account_get_id (account)));
      g_menu_append_item (self->accounts_section, item);
    }
}

static void
on_accounts_changed (TendApplication *self,
                     guint            position,
                     guint            removed,
                     guint            added,
                     GListModel      *accounts)
{
  rebuild_account_menu (self);
}

static void
on_sync_interval_changed (TendApplication *self,
                          const char      *key,
                          GSettings       *settings)
{
  /* The demo keeps its own pace. */
  if (self->session != NULL && tend_session_get_sync (self->session) != NULL &&
      !tend_session_get_ephemeral (self->session))
    tend_session_set_interval (self->session, sync_interval_seconds (self));
}

/* Ctrl+C in the terminal (or a plain kill) quits the way the window's
 * close button does, so the demo still cleans up after itself. A second
 * signal finds the default handler back and ends the process at once. */
static gboolean
on_quit_signal (gpointer user_data)
{
  TendApplication *self = TEND_APPLICATION (user_data);

  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);

  return G_SOURCE_REMOVE;
}

/* GApplication */

static int
tend_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  TendApplication *self = TEND_APPLICATION (application);
  g_autofree char *db_path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("tend %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "db", "^ay", &db_path))
    {
      g_autoptr(GError) error = NULL;

      if (g_variant_dict_contains (options, "demo"))
        {
          g_printerr (_("Give either --db or --demo, not both\n"));
          return EXIT_FAILURE;
        }

      /* Opened here, before any window, so that a wrong path is a clear
       * message on the terminal and an exit status, not an empty window. */
      self->offline_store = tend_store_open_existing (db_path, &error);
      if (self->offline_store == NULL)
        {
          /* Translators: %s is the file name, then the reason. */
          g_printerr (_("Could not open the cache %s: %s\n"), db_path, error->message);
          return EXIT_FAILURE;
        }

      /* A cache under review is its own instance: handing the path to an
       * already running Tend would open it in somebody else's window. */
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      /* The demo is its own instance too, gone when its window closes. */
      self->demo_requested = TRUE;
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  tend_debug_phase ("options");
  return G_APPLICATION_CLASS (tend_application_parent_class)->handle_local_options (application, options);
}

static void
tend_application_startup (GApplication *application)
{
  TendApplication *self = TEND_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *sync_accels[] = { "F5", NULL };
  g_autoptr(GMenu) manage_section = g_menu_new ();
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (tend_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_entries, G_N_ELEMENTS (app_entries),
                                   self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sync", sync_accels);

  self->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, self);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::sync-interval",
                           G_CALLBACK (on_sync_interval_changed), self, G_CONNECT_SWAPPED);

  self->accounts = tend_account_list_new ();
  if (!tend_account_list_load (self->accounts, &error))
    self->accounts_error = g_strdup (error->message);

  self->account_menu = g_menu_new ();
  self->accounts_section = g_menu_new ();
  g_menu_append_section (self->account_menu, NULL, G_MENU_MODEL (self->accounts_section));
  g_menu_append (manage_section, _("_Add Account…"), "app.add-account");
  g_menu_append (manage_section, _("_Manage Accounts…"), "app.preferences");
  g_menu_append_section (self->account_menu, NULL, G_MENU_MODEL (manage_section));
  rebuild_account_menu (self);
  g_signal_connect_object (self->accounts, "items-changed",
                           G_CALLBACK (on_accounts_changed), self, G_CONNECT_SWAPPED);
  tend_debug_phase ("startup");
}

static void
tend_application_activate (GApplication *application)
{
  TendApplication *self = TEND_APPLICATION (application);
  TendWindow *window = ensure_main_window (self);

  tend_debug_phase ("window");

  /* Only the first activation chooses what to show; a second `tend`
   * brings the window forward as it is. */
  if (!self->activated)
    {
      TendAccount *account;

      self->activated = TRUE;

      if (self->offline_store != NULL)
        {
          g_autoptr(TendSession) session = tend_session_new_for_cache (self->offline_store);

          show_session (self, session);
        }
      else if (self->demo_requested)
        {
          tend_application_start_demo (self);
        }
      else if ((account = pick_startup_account (self)) != NULL)
        {
          tend_application_open_account (self, account, NULL);
        }

      if (self->accounts_error != NULL)
        {
          toast (self, self->accounts_error);
          g_clear_pointer (&self->accounts_error, g_free);
        }
    }

  tend_debug_phase ("session");
  gtk_window_present (GTK_WINDOW (window));
  tend_debug_phase ("present");
}

static void
tend_application_shutdown (GApplication *application)
{
  TendApplication *self = TEND_APPLICATION (application);

  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);

  /* The demo's server stops and its data goes; a sync is cancelled. */
  g_cancellable_cancel (self->lookup_cancellable);
  if (self->session != NULL)
    tend_session_close (self->session);

  G_APPLICATION_CLASS (tend_application_parent_class)->shutdown (application);
}

static void
tend_application_dispose (GObject *object)
{
  TendApplication *self = TEND_APPLICATION (object);

  if (self->session != NULL)
    tend_session_close (self->session);
  if (self->notifier != NULL)
    tend_notifier_stop (self->notifier);
  g_clear_object (&self->notifier);
  g_clear_object (&self->session);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->offline_store);
  g_clear_object (&self->accounts);
  g_clear_object (&self->account_menu);
  g_clear_object (&self->accounts_section);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->accounts_error, g_free);

  G_OBJECT_CLASS (tend_application_parent_class)->dispose (object);
}

static void
tend_application_class_init (TendApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tend_application_dispose;
  app_class->handle_local_options = tend_application_handle_local_options;
  app_class->startup = tend_application_startup;
  app_class->activate = tend_application_activate;
  app_class->shutdown = tend_application_shutdown;
}

static void
tend_application_init (TendApplication *self)
{
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Tend keeps a local copy of your helpdesk so that you can read, "
                                              "search and answer tickets at local speed, online or offline."));
  g_application_add_main_option (G_APPLICATION (self),
                                 "version", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Show the version and exit"),
                                 NULL);
  g_application_add_main_option (G_APPLICATION (self),
                                 "demo", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Open a live demo helpdesk with sample tickets; nothing of it is kept"),
                                 NULL);
  g_application_add_main_option (G_APPLICATION (self),
                                 "db", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME,
                                 _("Open a cached helpdesk database as an offline account"),
                                 /* Translators: the placeholder after --db in --help. */
                                 _("FILE"));
}

TendApplication *
tend_application_new (void)
{
  /* resource-base-path is what AdwApplication and GtkApplication use to find
   * style.css, gtk/help-overlay.ui and icons/; it follows the profile. */
  return g_object_new (TEND_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/* Without a GPU render node, GL is Mesa's llvmpipe: a GPU emulated on
 * the CPU, which draws a window like Tend's more slowly than GTK's cairo
 * renderer and costs some 80 MB more (LLVM and its buffers). Then Tend
 * draws with cairo and leaves GL off. GSK_RENDERER or GDK_DEBUG set by the
 * user are left alone. */
void
tend_application_choose_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL || g_getenv ("GDK_DEBUG") != NULL)
    return;

  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD") || g_str_has_prefix (name, "card"))
      return;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
}

void
tend_application_set_process_start (gint64 monotonic_us)
{
  process_start_us = monotonic_us;
}

gint64
tend_application_get_process_start (void)
{
  return process_start_us;
}

TendAccountList *
tend_application_get_accounts (TendApplication *self)
{
  g_return_val_if_fail (TEND_IS_APPLICATION (self), NULL);

  return self->accounts;
}

GMenuModel *
tend_application_get_account_menu (TendApplication *self)
{
  g_return_val_if_fail (TEND_IS_APPLICATION (self), NULL);

  return G_MENU_MODEL (self->account_menu);
}

/* NULL while no session is shown. */
TendNotifier *
tend_application_get_notifier (TendApplication *self)
{
  g_return_val_if_fail (TEND_IS_APPLICATION (self), NULL);

  return self->notifier;
}

TendSession *
tend_application_get_session (TendApplication *self)
{
  g_return_val_if_fail (TEND_IS_APPLICATION (self), NULL);

  return self->session;
}
