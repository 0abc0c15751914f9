/* test-sync-status.c: what the window says when a sync fails by itself
 *
 * The syncs the engine starts on its own (reconnecting, sending what was
 * queued, its timer) have no caller to hand their error to. The window
 * must still tell a refused token (sign in again) from a helpdesk out of
 * reach (nothing alarming: the offline bar). And what a sync brings
 * that the window shows by name: the ticket's group, which stays
 * editable. Runs the real application against the in-process demo
 * helpdesk on 127.0.0.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sync-status"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tend-account-dialog.h"
#include "tend-application.h"
#include "tend-http.h"
#include "tend-session.h"
#include "tend-sidebar.h"
#include "tend-ticket-view.h"
#include "tend-window.h"
#include "tend-workspace.h"
#include "tend-zendesk-backend.h"
#include "ui-test-utils.h"

static gboolean
session_in_state (TendSession      *session,
                  TendSessionState  state)
{
  return tend_session_get_state (session) == state;
}

static gboolean
session_synced (gpointer data)
{
  return session_in_state (data, TEND_SESSION_STATE_SYNCED);
}

static gboolean
session_offline (gpointer data)
{
  return session_in_state (data, TEND_SESSION_STATE_OFFLINE);
}

static gboolean
session_auth_failed (gpointer data)
{
  return session_in_state (data, TEND_SESSION_STATE_AUTH_FAILED);
}

static gboolean
sync_idle (gpointer data)
{
  return !tend_sync_get_running (TEND_SYNC (data));
}

/* The toast's button with this label, if one shows. */
static GtkWidget *
find_toast_button (GtkWidget  *root,
                   const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0 &&
          gtk_widget_get_mapped (button))
        return button;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} ToastWait;

static gboolean
toast_shown (gpointer data)
{
  ToastWait *wait = data;

  return find_toast_button (wait->root, wait->label) != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
group_label_is (gpointer data)
{
  LabelWait *wait = data;
  GtkWidget *label = find_widget_by_id (wait->root, "group_label");

  return label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), wait->text) == 0;
}

static gboolean
outbox_empty (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (tend_session_get_outbox (TEND_SESSION (data)))) == 0;
}

/* The ticket header names the group, and changes it through the outbox. */
static void
check_group (TendWindow  *window,
             TendSession *session)
{
  TendWorkspace *workspace = TEND_WORKSPACE (find_widget (GTK_WIDGET (window), TEND_TYPE_WORKSPACE));
  TendTicketView *view = tend_workspace_get_ticket_view (workspace);
  TendStore *store = tend_session_get_store (session);
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TendTicket) changed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *new_name = NULL;
  GtkWidget *chip;
  TendTicket *ticket = NULL;
  LabelWait wait = { GTK_WIDGET (view), NULL };
  gint64 new_group;

  open = tend_store_list_tickets (store, TEND_VIEW_OPEN, NULL, 0, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < open->len && ticket == NULL; i++)
    if (tend_ticket_get_group_id (g_ptr_array_index (open, i)) != 0)
      ticket = g_ptr_array_index (open, i);
  g_assert_nonnull (ticket);
  name = tend_store_dup_group_name (store, tend_ticket_get_group_id (ticket));
  g_assert_nonnull (name);

  tend_workspace_open_ticket (workspace, tend_ticket_get_id (ticket));
  wait.text = name;
  g_assert_true (wait_until (group_label_is, &wait));
  chip = find_widget_by_id (GTK_WIDGET (view), "group_chip");
  g_assert_nonnull (chip);
  g_assert_true (GTK_IS_MENU_BUTTON (chip));

  /* The menu is made when the chip opens: the helpdesk's four groups,
   * and "No group". */
  gtk_menu_button_popup (GTK_MENU_BUTTON (chip));
  g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (chip)));
  g_assert_cmpint (g_menu_model_get_n_items (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (chip))), ==, 5);
  wait_for_frame (GTK_WIDGET (window));
  spin_for (300);
  save_screenshot (GTK_WIDGET (window), "ticket-group.png");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (chip)))));
  save_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (chip))), "ticket-group-menu.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (chip));

  /* Another group: shown at once, queued for the helpdesk. */
  new_group = tend_ticket_get_group_id (ticket) == 9000003 ? 9000004 : 9000003;
  new_name = tend_store_dup_group_name (store, new_group);
  g_assert_nonnull (new_name);
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-group", "x", new_group);
  wait.text = new_name;
  g_assert_true (wait_until (group_label_is, &wait));
  changed = tend_store_get_ticket (store, tend_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_ticket_get_group_id (changed), ==, new_group);
  g_clear_object (&changed);

  /* Online, the sync sends what is queued by itself; the ticket comes
   * back from the helpdesk in its new group. */
  g_assert_true (wait_until_timeout (outbox_empty, session, TEST_TIMEOUT_SECONDS));
  g_assert_true (wait_until (sync_idle, tend_session_get_sync (session)));
  g_assert_null (tend_sync_get_error (tend_session_get_sync (session)));
  changed = tend_store_get_ticket (store, tend_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_ticket_get_group_id (changed), ==, new_group);
  g_assert_true (group_label_is (&wait));

  /* A reply written in the window reaches the helpdesk, exactly once. */
  {
    TendComposer *composer = tend_ticket_view_get_composer (view);
    g_autofree char *body = g_strdup_printf ("Replied from the window (%" G_GINT64_FORMAT ").",
                                             g_get_real_time ());
    g_autoptr(TendChangeset) server = tend_changeset_new ();
    guint copies = 0;

    g_assert_nonnull (composer);
    gtk_text_buffer_set_text (tend_composer_get_buffer (composer), body, -1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
    g_assert_true (wait_until_timeout (outbox_empty, session, TEST_TIMEOUT_SECONDS));
    g_assert_true (wait_until (sync_idle, tend_session_get_sync (session)));
    g_assert_null (tend_sync_get_error (tend_session_get_sync (session)));

    tend_backend_pull_ticket_comments (tend_session_get_backend (session), tend_ticket_get_id (ticket),
                                       server, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < server->comments->len; i++)
      if (g_strcmp0 (tend_comment_get_body (g_ptr_array_index (server->comments, i)), body) == 0)
        copies++;
    g_assert_cmpuint (copies, ==, 1);
  }
}

static const char *
status_text (TendSidebar *sidebar)
{
  GtkWidget *label = find_widget_by_id (GTK_WIDGET (sidebar), "status_label");

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
account_dialog_shown (gpointer data)
{
  return find_toplevel (TEND_TYPE_ACCOUNT_DIALOG) != NULL;
}

/* A run as the engine starts one: no callback, nobody to hand the error
 * to but TendSync itself. */
static void
run_by_itself (TendSync *sync)
{
  g_assert_true (wait_until (sync_idle, sync));
  tend_sync_run_async (sync, NULL, NULL, NULL);
}

static void
check_sync_failures (TendApplication *app,
                     TendWindow      *window)
{
  g_autoptr(TendDemoServer) server = tend_demo_server_new (40, 11);
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(TendSession) session = NULL;
  g_autoptr(GError) error = NULL;
  TendSidebar *sidebar;
  GtkWidget *offline_revealer;
  TendAccountDialog *dialog;
  TendSync *sync;
  TendBackend *backend;
  ToastWait wait = { GTK_WIDGET (window), NULL };
  guint port;

  g_assert_true (tend_demo_server_start (server, &error));
  g_assert_no_error (error);
  port = (guint) g_ascii_strtoull (strrchr (tend_demo_server_get_url (server), ':') + 1, NULL, 10);

  /* An agent's account (not the demo: its token can be refused). */
  account = tend_account_new (TEND_ACCOUNT_KIND_ZENDESK, "Acme Support",
                              tend_demo_server_get_url (server),
                              tend_demo_server_get_email (server), &error);
  g_assert_no_error (error);
  session = tend_session_open (account, &error);
  g_assert_no_error (error);
  tend_window_show_session (window, session);
  g_assert_true (tend_session_start (session, tend_demo_server_get_token (server), 0, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until_timeout (session_synced, session, TEST_TIMEOUT_SECONDS));

  sidebar = tend_workspace_get_sidebar (TEND_WORKSPACE (find_widget (GTK_WIDGET (window), TEND_TYPE_WORKSPACE)));
  offline_revealer = find_widget_by_id (GTK_WIDGET (window), "offline_revealer");
  g_assert_nonnull (offline_revealer);
  sync = tend_session_get_sync (session);
  backend = tend_session_get_backend (session);
  g_assert_true (wait_until (sync_idle, sync));

  check_group (window, session);

  /* The helpdesk goes away: offline, and nothing alarming — no toast,
   * the offline bar and the status line say it. */
  tend_demo_server_stop (server);
  run_by_itself (sync);
  g_assert_true (wait_until_timeout (session_offline, session, TEST_TIMEOUT_SECONDS));
  g_assert_true (g_error_matches (tend_sync_get_error (sync), TEND_ERROR, TEND_ERROR_NETWORK));
  wait_for_frame (GTK_WIDGET (window));
  spin_for (300);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (offline_revealer)));
  g_assert_cmpstr (status_text (sidebar), ==, "Offline — showing cached tickets");
  g_assert_null (find_toast_button (GTK_WIDGET (window), "_Retry"));
  g_assert_null (find_toast_button (GTK_WIDGET (window), "_Sign In Again"));
  save_screenshot (GTK_WIDGET (window), "sync-offline.png");

  /* Back on the same address, but the token was revoked meanwhile. */
  tend_demo_server_set_port (server, port);
  g_assert_true (tend_demo_server_start (server, &error));
  g_assert_no_error (error);
  tend_http_set_api_token (tend_zendesk_backend_get_http (TEND_ZENDESK_BACKEND (backend)),
                           tend_demo_server_get_email (server), "revoked-token");
  run_by_itself (sync);
  g_assert_true (wait_until_timeout (session_auth_failed, session, TEST_TIMEOUT_SECONDS));
  g_assert_true (tend_sync_is_auth_error (sync));

  /* Told apart from any other failure: sign in again. */
  wait.label = "_Sign In Again";
  g_assert_true (wait_until (toast_shown, &wait));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (find_toast_button (GTK_WIDGET (window),
                                                                                     "_Sign In Again"))),
                   ==, "win.update-token");
  g_assert_cmpstr (status_text (sidebar), ==, "Sign-in failed — update the token");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (offline_revealer)));
  wait_for_frame (GTK_WIDGET (window));
  spin_for (300);
  save_screenshot (GTK_WIDGET (window), "sync-sign-in-again.png");

  /* The toast's action opens the account dialog for a new token. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "update-token"));
  gtk_widget_activate (find_toast_button (GTK_WIDGET (window), "_Sign In Again"));
  g_assert_true (wait_until (account_dialog_shown, NULL));
  dialog = TEND_ACCOUNT_DIALOG (find_toplevel (TEND_TYPE_ACCOUNT_DIALOG));
  g_assert_nonnull (dialog);
  wait_for_frame (GTK_WIDGET (dialog));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Update API Token");
  gtk_window_destroy (GTK_WINDOW (dialog));

  tend_window_show_welcome (window);
  tend_session_close (session);
}

static void
test_sync_failures (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  ui_test_reset_dirs ();
  run_application (check_sync_failures);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!ui_test_init (&argc, &argv))
    return 77;
  /* A helpdesk that fails is retried in milliseconds, not seconds. */
  g_setenv ("TEND_HTTP_BASE_DELAY_MS", "10", TRUE);

  g_test_add_func ("/sync-status/failures", test_sync_failures);

  status = g_test_run ();
  ui_test_cleanup ();

  return status;
}
