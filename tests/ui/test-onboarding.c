/* test-onboarding.c: the first minute — the demo, adding an account,
 * switching, a refused token, preferences and removing an account
 *
 * Each test runs the real application against tend-demo-server running
 * in-process on 127.0.0.1. The tests that keep a token need the unlocked
 * gnome-keyring of build-aux/test-session.sh (meson's ui suite runs every
 * program inside it); run elsewhere, they skip rather than write into the
 * developer's keyring. Screenshots go to tests/ui/screenshots/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-onboarding"

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "tend-engine.h"
#include "tend-account-list.h"
#include "tend-credentials.h"
#include "tend-demo-server.h"
#include "tend-account-dialog.h"
#include "tend-application.h"
#include "tend-inbox-view.h"
#include "tend-preferences-window.h"
#include "tend-session.h"
#include "tend-sidebar.h"
#include "tend-ticket-row.h"
#include "tend-window.h"
#include "tend-workspace.h"
#include "ui-test-utils.h"

/* The helpdesk the account tests sign in to (the demo test runs its own,
 * inside the application). */
static TendDemoServer *server;

/* Helpers */

static gboolean
require_keyring (void)
{
  if (!ui_test_has_keyring ())
    {
      g_test_skip ("needs the keyring of build-aux/test-session.sh "
                   "(meson test --suite ui, or dbus-run-session -- build-aux/test-session.sh …)");
      return FALSE;
    }
  return TRUE;
}

static TendWorkspace *
workspace_of (TendWindow *window)
{
  return tend_window_get_workspace (window);
}

static guint
mapped_ticket_rows (TendWindow *window)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint n = 0;

  collect_widgets (GTK_WIDGET (tend_workspace_get_inbox (workspace_of (window))),
                   TEND_TYPE_TICKET_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (rows, i)) &&
        tend_ticket_row_get_ticket (g_ptr_array_index (rows, i)) != NULL)
      n++;

  return n;
}

static gboolean
has_ticket_rows (gpointer data)
{
  return mapped_ticket_rows (TEND_WINDOW (data)) > 0;
}

static gboolean
session_synced (gpointer data)
{
  return tend_session_get_state (TEND_SESSION (data)) == TEND_SESSION_STATE_SYNCED;
}

static gboolean
session_offline (gpointer data)
{
  return tend_session_get_state (TEND_SESSION (data)) == TEND_SESSION_STATE_OFFLINE;
}

static gboolean
session_auth_failed (gpointer data)
{
  return tend_session_get_state (TEND_SESSION (data)) == TEND_SESSION_STATE_AUTH_FAILED;
}

static gboolean
dialog_idle (gpointer data)
{
  return !tend_account_dialog_get_busy (TEND_ACCOUNT_DIALOG (data));
}

static gboolean
dialog_gone (gpointer data)
{
  return find_toplevel (TEND_TYPE_ACCOUNT_DIALOG) == NULL;
}

static gboolean
accounts_empty (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 0;
}

static const char *
label_text (GtkWidget  *root,
            const char *id)
{
  GtkWidget *label = find_widget_by_id (root, id);

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
label_shows (GtkWidget  *root,
             const char *id)
{
  GtkWidget *label = find_widget_by_id (root, id);

  return gtk_widget_get_visible (label) && gtk_label_get_text (GTK_LABEL (label))[0] != '\0';
}

/* A few frames, for layout to catch up with a model that changed. */
static void
settle_frames (GtkWidget *widget)
{
  for (guint i = 0; i < 3; i++)
    wait_for_frame (widget);
}

static TendAccountDialog *
open_add_account_dialog (TendApplication *app,
                         TendWindow      *window)
{
  TendAccountDialog *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (app), "add-account", NULL);
  dialog = TEND_ACCOUNT_DIALOG (find_toplevel (TEND_TYPE_ACCOUNT_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (dialog));

  return dialog;
}

/* Clicks Connect and waits for the answer. */
static void
connect_and_wait (TendAccountDialog *dialog)
{
  GtkWidget *button = find_widget_by_id (GTK_WIDGET (dialog), "connect_button");

  g_assert_true (gtk_widget_is_sensitive (button));
  click (button);
  g_assert_true (wait_until_timeout (dialog_idle, dialog, 30));
  wait_for_frame (GTK_WIDGET (dialog));
}

static char *
dup_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

/* Whether @needle is in any file under @dir. */
static gboolean
tree_contains (const char *dir,
               const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (path, needle))
            return TRUE;
        }
      else
        {
          g_autofree char *contents = NULL;
          gsize length = 0;

          if (g_file_get_contents (path, &contents, &length, NULL) &&
              g_strstr_len (contents, length, needle) != NULL)
            {
              g_test_message ("%s contains the secret", path);
              return TRUE;
            }
        }
    }

  return FALSE;
}

static gboolean
secret_on_disk (const char *secret)
{
  return tree_contains (g_get_user_config_dir (), secret) ||
         tree_contains (g_get_user_data_dir (), secret) ||
         tree_contains (g_get_user_cache_dir (), secret) ||
         tree_contains (g_get_user_state_dir (), secret);
}

static TendAccount *
add_account_to_file (const char *name,
                     const char *secret)
{
  g_autoptr(TendAccountList) accounts = tend_account_list_new ();
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tend_account_list_load (accounts, &error));
  g_assert_no_error (error);
  account = tend_account_new (TEND_ACCOUNT_KIND_ZENDESK, name,
                              tend_demo_server_get_url (server),
                              tend_demo_server_get_email (server), &error);
  g_assert_no_error (error);
  tend_account_set_role (account, "admin");
  g_assert_true (tend_account_list_add (accounts, account, &error));
  g_assert_no_error (error);

  if (secret != NULL)
    {
      g_assert_true (tend_credentials_store_sync (account, secret, NULL, &error));
      g_assert_no_error (error);
    }

  return g_steal_pointer (&account);
}

static char *
lookup_secret (TendAccount *account)
{
  g_autoptr(GError) error = NULL;
  char *secret = tend_credentials_lookup_sync (account, NULL, &error);

  g_assert_no_error (error);
  return secret;
}

/* A port on 127.0.0.1 nothing listens on. */
static guint
unused_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

/* A web server that is not a helpdesk: every path is an HTML page. */
static void
serve_html (SoupServer        *soup_server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const char page[] = "<!DOCTYPE html><html><body><h1>Welcome to our shop</h1></body></html>";

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

/* A server that answers plain text at once, whatever it is sent: what
 * a TLS client meets when https:// points at something else. */
static gboolean
on_plain_incoming (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   gpointer           user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

/* A loopback port that takes connections (the kernel's backlog) and the
 * requests sent on them, and never answers: a hung server, or, to a TLS
 * client, a plain-http server waiting for a request that never comes. */
static GSocket *
silent_listener (guint16 *port)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return g_steal_pointer (&socket);
}

/* Just enough of Request Tracker 5's REST2 for signing in: the agent's
 * own user record, for the agent's token or password. */
#define FAKE_RT_TOKEN    "1-14-0123456789abcdef0123456789abcdef"
#define FAKE_RT_PASSWORD "correct horse battery staple"

static void
serve_fake_rt (SoupServer        *soup_server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  static const char me[] =
    "{\"id\":14,\"Name\":\"agent\",\"RealName\":\"Alex Agent\","
    "\"EmailAddress\":\"agent@rt.test\",\"Privileged\":1,\"Disabled\":\"0\"}";
  static const char refused[] = "{\"message\":\"Unauthorized\"}";
  static const char missing[] = "{\"message\":\"Resource does not exist\"}";
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                            "Authorization");
  g_autofree char *encoded = g_base64_encode ((const guchar *) "agent:" FAKE_RT_PASSWORD,
                                              strlen ("agent:" FAKE_RT_PASSWORD));
  g_autofree char *basic = g_strconcat ("Basic ", encoded, NULL);

  if (g_strcmp0 (authorization, "token " FAKE_RT_TOKEN) != 0 && g_strcmp0 (authorization, basic) != 0)
    {
      soup_server_message_set_status (message, 401, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        refused, strlen (refused));
      return;
    }
  if (g_strcmp0 (path, "/REST/2.0/user/agent") != 0 && g_strcmp0 (path, "/REST/2.0/user/14") != 0)
    {
      soup_server_message_set_status (message, 404, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        missing, strlen (missing));
      return;
    }
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, me, strlen (me));
}

static SoupServer *
fake_rt_new (char **url)
{
  SoupServer *rt = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_add_handler (rt, NULL, serve_fake_rt, NULL, NULL);
  g_assert_true (soup_server_listen_local (rt, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (rt);
  g_assert_nonnull (uris);
  *url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return rt;
}

static const char *
row_title (GtkWidget  *root,
           const char *id)
{
  GtkWidget *row = find_widget_by_id (root, id);

  g_assert_nonnull (row);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
select_kind (GtkWidget *root,
             guint      position)
{
  GtkWidget *row = find_widget_by_id (root, "kind_row");

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_sensitive (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), position);
  wait_for_frame (root);
}

static void
save_screenshots (GtkWidget  *widget,
                  const char *name)
{
  g_autofree char *light = g_strdup_printf ("%s.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  save_screenshot (widget, light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_frame (widget);
  save_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  wait_for_frame (widget);
}

/* The sync status line's formatting */

static void
test_session_format_synced (void)
{
  g_autofree char *now = tend_session_format_synced (1000, 1030);
  g_autofree char *minutes = tend_session_format_synced (1000, 1000 + 2 * 60 + 10);
  g_autofree char *hours = tend_session_format_synced (1000, 1000 + 3 * 3600);
  g_autofree char *days = tend_session_format_synced (1000, 1000 + 2 * 86400);
  g_autofree char *future = tend_session_format_synced (2000, 1000);

  g_assert_cmpstr (now, ==, "Synced just now");
  g_assert_cmpstr (minutes, ==, "Synced 2 min ago");
  g_assert_cmpstr (hours, ==, "Synced 3 h ago");
  g_assert_cmpstr (days, ==, "Synced 2 days ago");
  /* A clock set back does not give "in -16 min". */
  g_assert_cmpstr (future, ==, "Synced just now");
}

/* Welcome → Try the Demo → tickets */

typedef struct
{
  GPtrArray *statuses;
  char      *demo_dir;
  gint64     started;
} DemoRun;

static DemoRun demo_run;

static void
on_status_changed (TendSession *session,
                   GParamSpec  *pspec,
                   GPtrArray   *statuses)
{
  const char *status = tend_session_get_status (session);

  if (statuses->len == 0 || g_strcmp0 (g_ptr_array_index (statuses, statuses->len - 1), status) != 0)
    {
      g_test_message ("%.2f s: %s", (g_get_monotonic_time () - demo_run.started) / 1e6, status);
      g_ptr_array_add (statuses, g_strdup (status));
    }
}

static gboolean
status_seen (const char *prefix)
{
  for (guint i = 0; i < demo_run.statuses->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (demo_run.statuses, i), prefix))
      return TRUE;
  return FALSE;
}

typedef struct
{
  TendStore *store;
  gint64     id;
  gint64     updated_before;
} LiveChange;

static gboolean
live_change_arrived (gpointer data)
{
  LiveChange *change = data;
  g_autoptr(TendTicket) ticket = tend_store_get_ticket (change->store, change->id, NULL);

  return ticket != NULL && tend_ticket_get_updated_at (ticket) > change->updated_before;
}

static void
check_demo (TendApplication *app,
            TendWindow      *window)
{
  GtkWidget *demo_button = find_widget_by_id (GTK_WIDGET (window), "demo_button");
  TendSidebar *sidebar = tend_workspace_get_sidebar (workspace_of (window));
  TendInboxView *inbox = tend_workspace_get_inbox (workspace_of (window));
  TendAccountList *accounts = tend_application_get_accounts (app);
  g_autoptr(TendTicket) before = NULL;
  LiveChange change = { 0, };
  TendDemoServer *demo_server;
  TendSession *session;
  TendAccount *account;

  /* The welcome, as a first-time agent sees it. */
  g_assert_nonnull (demo_button);
  g_assert_true (gtk_widget_get_mapped (demo_button));
  g_assert_true (gtk_widget_is_sensitive (demo_button));
  save_screenshot (GTK_WIDGET (window), "welcome.png");

  demo_run.started = g_get_monotonic_time ();
  click (demo_button);

  session = tend_application_get_session (app);
  g_assert_nonnull (session);
  g_assert_true (tend_window_get_session (window) == session);
  g_assert_true (tend_session_get_ephemeral (session));
  demo_server = tend_session_get_demo_server (session);
  g_assert_nonnull (demo_server);
  g_signal_connect (session, "notify::status", G_CALLBACK (on_status_changed), demo_run.statuses);
  g_ptr_array_add (demo_run.statuses, g_strdup (tend_session_get_status (session)));

  /* The workspace comes at once, and fills as the first sync commits pages. */
  wait_for_frame (GTK_WIDGET (inbox));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (inbox)));
  g_assert_true (wait_until_timeout (has_ticket_rows, window, 40));
  g_test_message ("%.2f s: first tickets on screen", (g_get_monotonic_time () - demo_run.started) / 1e6);
  g_assert_cmpstr (label_text (GTK_WIDGET (sidebar), "account_label"), ==, "Demo Helpdesk");

  g_assert_true (wait_until_timeout (session_synced, session, 50));
  wait_for_frame (GTK_WIDGET (window));
  g_assert_true (g_str_has_prefix (label_text (GTK_WIDGET (sidebar), "status_label"), "Synced"));
  g_assert_true (status_seen ("Starting the demo helpdesk") || status_seen ("Connecting"));
  g_assert_true (status_seen ("Syncing"));
  g_assert_cmpuint (tend_sidebar_get_count (sidebar, TEND_VIEW_OPEN), >, 0);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "sync"));

  /* Ephemeral: not in accounts.ini, its token never in the keyring, its
   * data in the cache directory for this process only. */
  account = tend_session_get_account (session);
  g_assert_cmpstr (tend_account_get_base_url (account), ==, tend_demo_server_get_url (demo_server));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 0);
  g_assert_false (g_file_test (tend_account_list_get_path (accounts), G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_prefix (tend_store_get_path (tend_session_get_store (session)), demo_run.demo_dir));
  g_assert_true (g_file_test (demo_run.demo_dir, G_FILE_TEST_IS_DIR));
  if (ui_test_has_keyring ())
    {
      g_autofree char *secret = lookup_secret (account);

      g_assert_null (secret);
    }

  /* The first sync replaced the rows page after page: the list still
   * starts at its top, where the newest tickets are. */
  {
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (find_widget_by_id (GTK_WIDGET (inbox), "scroller"));

    settle_frames (GTK_WIDGET (window));
    g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller)), ==, 0);
  }

  /* Open a ticket, so the picture shows all three panes at work. */
  g_assert_true (tend_inbox_view_select_relative (inbox, 1));
  spin_for (200);
  wait_for_frame (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "demo-workspace.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (GTK_WIDGET (window), "demo-workspace-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Live: a change on the helpdesk shows after a sync (F5). */
  change.store = tend_session_get_store (session);
  change.id = tend_demo_server_add_live_change (demo_server);
  before = tend_store_get_ticket (change.store, change.id, NULL);
  change.updated_before = before != NULL ? tend_ticket_get_updated_at (before) : 0;
  g_action_group_activate_action (G_ACTION_GROUP (window), "sync", NULL);
  g_assert_true (wait_until_timeout (live_change_arrived, &change, 30));

  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find_widget_by_id (GTK_WIDGET (tend_window_get_workspace (window)),
                                                                                  "offline_revealer"))));

  /* The helpdesk goes away: the status line says so, the cache stays. */
  tend_demo_server_stop (demo_server);
  g_action_group_activate_action (G_ACTION_GROUP (window), "sync", NULL);
  g_assert_true (wait_until_timeout (session_offline, session, 30));
  wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (label_text (GTK_WIDGET (sidebar), "status_label"), ==, "Offline — showing cached tickets");
  g_assert_cmpuint (mapped_ticket_rows (window), >, 0);
  /* The workspace says changes are kept meanwhile. */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (find_widget_by_id (GTK_WIDGET (tend_window_get_workspace (window)),
                                                                                 "offline_revealer"))));
  save_screenshot (GTK_WIDGET (window), "demo-offline.png");
}

static void
test_onboarding_demo (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *name = NULL;

  ui_test_reset_dirs ();
  settings = reset_settings ();

  demo_run.statuses = g_ptr_array_new_with_free_func (g_free);
  name = g_strdup_printf ("demo-%d", (int) getpid ());
  demo_run.demo_dir = g_build_filename (g_get_user_cache_dir (), "tend", name, NULL);

  run_application (check_demo);

  /* Nothing of the demo outlives the application. */
  g_assert_false (g_file_test (demo_run.demo_dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&demo_run.statuses, g_ptr_array_unref);
  g_clear_pointer (&demo_run.demo_dir, g_free);
}

/* The add-account dialog: what is refused, and nothing saved */

static SoupServer *html_server;

static void
check_add_account_errors (TendApplication *app,
                          TendWindow      *window)
{
  TendAccountList *accounts = tend_application_get_accounts (app);
  TendAccountDialog *dialog = open_add_account_dialog (app, window);
  GtkWidget *root = GTK_WIDGET (dialog);
  GtkWidget *connect_button = find_widget_by_id (root, "connect_button");
  g_autoptr(GSList) uris = soup_server_get_uris (html_server);
  g_autofree char *html_url = NULL;
  g_autofree char *refused_url = NULL;

  /* Nothing typed yet: nothing to connect to. */
  g_assert_false (gtk_widget_is_sensitive (connect_button));
  g_assert_false (label_shows (root, "address_error"));
  g_assert_false (label_shows (root, "signin_error"));
  g_assert_nonnull (find_widget_by_id (root, "help_row"));

  /* A wrong token: the helpdesk answers 401. */
  set_field (root, "url_row", tend_demo_server_get_url (server));
  set_field (root, "email_row", tend_demo_server_get_email (server));
  set_field (root, "token_row", "not-the-token");
  g_assert_true (gtk_widget_is_sensitive (connect_button));
  connect_and_wait (dialog);
  g_assert_true (label_shows (root, "signin_error"));
  g_assert_nonnull (strstr (label_text (root, "signin_error"), "did not accept this email address and API token"));
  g_assert_false (label_shows (root, "address_error"));
  g_assert_true (gtk_widget_has_css_class (find_widget_by_id (root, "token_row"), "error"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 0);
  g_assert_false (g_file_test (tend_account_list_get_path (accounts), G_FILE_TEST_EXISTS));
  save_screenshot (root, "add-account-error.png");

  /* Typing in the token field clears its error. */
  set_field (root, "token_row", "still-not-the-token");
  g_assert_false (label_shows (root, "signin_error"));
  g_assert_false (gtk_widget_has_css_class (find_widget_by_id (root, "token_row"), "error"));

  /* http:// to another computer is refused before any request. */
  set_field (root, "url_row", "http://acme.example.com");
  click (connect_button);
  g_assert_false (tend_account_dialog_get_busy (dialog));
  g_assert_true (label_shows (root, "address_error"));
  g_assert_nonnull (strstr (label_text (root, "address_error"), "http://"));
  g_assert_true (gtk_widget_has_css_class (find_widget_by_id (root, "url_row"), "error"));
  wait_for_frame (root);
  save_screenshot (root, "add-account-http-error.png");

  /* Nobody listening on that port. */
  refused_url = g_strdup_printf ("http://127.0.0.1:%u", unused_port ());
  set_field (root, "url_row", refused_url);
  connect_and_wait (dialog);
  g_assert_true (label_shows (root, "address_error"));
  g_assert_nonnull (strstr (label_text (root, "address_error"), "could not reach"));

  /* A web server, but not a Zendesk. */
  g_assert_nonnull (uris);
  html_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  set_field (root, "url_row", html_url);
  connect_and_wait (dialog);
  g_assert_true (label_shows (root, "address_error"));
  g_assert_nonnull (strstr (label_text (root, "address_error"), "does not answer like a Zendesk"));

  /* https:// to a server that speaks no TLS: the handshake fails. */
  {
    g_autoptr(GSocketService) plain = g_socket_service_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *https_url = NULL;
    guint16 port;

    port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (plain), NULL, &error);
    g_assert_no_error (error);
    g_signal_connect (plain, "incoming", G_CALLBACK (on_plain_incoming), NULL);
    g_socket_service_start (plain);

    https_url = g_strdup_printf ("https://127.0.0.1:%u", port);
    set_field (root, "url_row", https_url);
    connect_and_wait (dialog);
    g_assert_true (label_shows (root, "address_error"));
    g_assert_nonnull (strstr (label_text (root, "address_error"), "TLS"));
    g_socket_service_stop (plain);
    g_socket_listener_close (G_SOCKET_LISTENER (plain));
  }
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  /* Never saved on failure. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 0);
  g_assert_false (g_file_test (tend_account_list_get_path (accounts), G_FILE_TEST_EXISTS));
  g_assert_null (tend_window_get_session (window));

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (wait_until (dialog_gone, NULL));
}

static void
test_onboarding_add_account_errors (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  ui_test_reset_dirs ();
  settings = reset_settings ();

  html_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (html_server, NULL, serve_html, NULL, NULL);
  g_assert_true (soup_server_listen_local (html_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  run_application (check_add_account_errors);

  g_clear_object (&html_server);
}

/* The add-account dialog: the right token */

static void
check_add_account (TendApplication *app,
                   TendWindow      *window)
{
  TendAccountList *accounts = tend_application_get_accounts (app);
  TendAccountDialog *dialog;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *contents = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *last = NULL;
  TendSession *session;
  TendAccount *account;
  GtkWidget *root;

  /* From the welcome page's button. */
  click (find_widget_by_id (GTK_WIDGET (window), "add_account_button"));
  dialog = TEND_ACCOUNT_DIALOG (find_toplevel (TEND_TYPE_ACCOUNT_DIALOG));
  g_assert_nonnull (dialog);
  root = GTK_WIDGET (dialog);
  wait_for_frame (root);
  save_screenshot (root, "add-account.png");

  /* A URL pasted from the browser works as well as the bare address. */
  {
    g_autofree char *pasted = g_strdup_printf ("%s/agent/tickets/5", tend_demo_server_get_url (server));

    set_field (root, "url_row", pasted);
  }
  set_field (root, "email_row", tend_demo_server_get_email (server));
  set_field (root, "token_row", tend_demo_server_get_token (server));
  click (find_widget_by_id (root, "connect_button"));
  g_assert_true (tend_account_dialog_get_busy (dialog));
  g_assert_true (wait_until_timeout (dialog_gone, NULL, 30));

  /* Saved: the account in accounts.ini, the token in the keyring only. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 1);
  account = g_list_model_get_item (G_LIST_MODEL (accounts), 0);
  g_object_unref (account);
  g_assert_cmpstr (tend_account_get_base_url (account), ==, tend_demo_server_get_url (server));
  g_assert_cmpstr (tend_account_get_login (account), ==, tend_demo_server_get_email (server));
  g_assert_cmpstr (tend_account_get_role (account), ==, "admin");
  contents = dup_file (tend_account_list_get_path (accounts));
  g_assert_nonnull (contents);
  g_assert_nonnull (strstr (contents, tend_demo_server_get_email (server)));
  g_assert_null (strstr (contents, tend_demo_server_get_token (server)));
  secret = lookup_secret (account);
  g_assert_cmpstr (secret, ==, tend_demo_server_get_token (server));
  last = g_settings_get_string (settings, "last-account");
  g_assert_cmpstr (last, ==, tend_account_get_id (account));

  /* Opened in the workspace, first sync started. */
  session = tend_application_get_session (app);
  g_assert_nonnull (session);
  g_assert_true (tend_session_get_account (session) == account);
  g_assert_false (tend_session_get_ephemeral (session));
  g_assert_cmpuint (tend_session_get_interval (session), ==, 5 * 60);
  g_assert_true (wait_until_timeout (has_ticket_rows, window, 40));
  g_assert_true (wait_until_timeout (session_synced, session, 50));
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "account_label"), ==,
                   tend_account_get_display_name (account));

  /* The store lives in the account's data directory … and the token
   * nowhere on disk, database included. */
  {
    g_autofree char *store_path = tend_account_dup_store_path (account);

    g_assert_cmpstr (tend_store_get_path (tend_session_get_store (session)), ==, store_path);
  }
  g_assert_false (secret_on_disk (tend_demo_server_get_token (server)));
}

static void
test_onboarding_add_account (void)
{
  g_autoptr(GSettings) settings = NULL;

  if (!require_keyring ())
    return;

  ui_test_reset_dirs ();
  settings = reset_settings ();

  run_application (check_add_account);
}

/* The add-account dialog for Request Tracker: its form, and what is
 * refused, within seconds */

/* Clicks Connect and returns how long the answer took, in seconds. */
static double
connect_and_time (TendAccountDialog *dialog)
{
  gint64 start = g_get_monotonic_time ();

  click (find_widget_by_id (GTK_WIDGET (dialog), "connect_button"));
  g_assert_true (tend_account_dialog_get_busy (dialog));
  g_assert_true (wait_until_timeout (dialog_idle, dialog, 30));
  wait_for_frame (GTK_WIDGET (dialog));
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
check_add_rt_account_errors (TendApplication *app,
                             TendWindow      *window)
{
  TendAccountList *accounts = tend_application_get_accounts (app);
  TendAccountDialog *dialog = open_add_account_dialog (app, window);
  GtkWidget *root = GTK_WIDGET (dialog);
  g_autoptr(GSocket) silent = NULL;
  g_autoptr(SoupServer) rt = NULL;
  g_autofree char *rt_url = NULL;
  g_autofree char *refused_url = NULL;
  g_autofree char *silent_url = NULL;
  guint16 silent_port = 0;
  double seconds;

  /* Zendesk first, as before; Request Tracker is the second kind. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_widget_by_id (root, "kind_row"))), ==, 0);
  g_assert_cmpstr (row_title (root, "email_row"), ==, "Email Address");
  select_kind (root, 1);

  /* The fields ask for what RT signs in with. */
  g_assert_cmpstr (row_title (root, "url_row"), ==, "Server Address");
  g_assert_cmpstr (row_title (root, "email_row"), ==, "User Name");
  g_assert_cmpstr (row_title (root, "token_row"), ==, "Auth Token or Password");
  g_assert_cmpstr (row_title (root, "help_row"), ==, "How do I make an auth token?");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_widget_by_id (root, "help_row"))),
                            "Auth Tokens"));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (find_widget_by_id (root, "helpdesk_group"))),
                            "Request Tracker"));

  set_field (root, "url_row", "https://rt.example.com");
  set_field (root, "email_row", "agent");
  set_field (root, "token_row", FAKE_RT_TOKEN);
  g_assert_true (gtk_widget_is_sensitive (find_widget_by_id (root, "connect_button")));
  wait_for_frame (root);
  save_screenshots (root, "add-account-rt");

  /* Nobody listening: said under the address, at once. */
  refused_url = g_strdup_printf ("http://127.0.0.1:%u", unused_port ());
  set_field (root, "url_row", refused_url);
  seconds = connect_and_time (dialog);
  g_test_message ("refused: %.2f s", seconds);
  g_assert_true (label_shows (root, "address_error"));
  g_assert_nonnull (strstr (label_text (root, "address_error"), "could not reach"));
  g_assert_nonnull (strstr (label_text (root, "address_error"), "refused the connection"));
  g_assert_true (gtk_widget_has_css_class (find_widget_by_id (root, "url_row"), "error"));
  g_assert_false (label_shows (root, "signin_error"));
  g_assert_cmpfloat (seconds, <, 5);
  save_screenshots (root, "add-account-rt-error");

  /* A server that takes the request and never answers: one attempt,
   * cut by the deadline (TEND_HTTP_INTERACTIVE_TIMEOUT_MS, 2 s here;
   * 12 s for agents), not two minutes of spinner. */
  silent = silent_listener (&silent_port);
  silent_url = g_strdup_printf ("http://127.0.0.1:%u", silent_port);
  set_field (root, "url_row", silent_url);
  seconds = connect_and_time (dialog);
  g_test_message ("silent: %.2f s: %s", seconds, label_text (root, "address_error"));
  g_assert_true (label_shows (root, "address_error"));
  g_assert_nonnull (strstr (label_text (root, "address_error"), "did not answer within 2 s"));
  g_assert_cmpfloat (seconds, >=, 1.5);
  g_assert_cmpfloat (seconds, <, 6);

  /* https:// to it: the TLS handshake is what never ends. */
  g_free (silent_url);
  silent_url = g_strdup_printf ("https://127.0.0.1:%u", silent_port);
  set_field (root, "url_row", silent_url);
  seconds = connect_and_time (dialog);
  g_test_message ("silent TLS: %.2f s: %s", seconds, label_text (root, "address_error"));
  g_assert_true (label_shows (root, "address_error"));
  g_assert_nonnull (strstr (label_text (root, "address_error"), "TLS handshake"));
  g_assert_cmpfloat (seconds, <, 6);
  g_socket_close (silent, NULL);

  /* RT answers, but not to this token: said under the sign-in fields. */
  rt = fake_rt_new (&rt_url);
  set_field (root, "url_row", rt_url);
  set_field (root, "token_row", "1-14-ffffffffffffffffffffffffffffffff");
  seconds = connect_and_time (dialog);
  g_assert_false (label_shows (root, "address_error"));
  g_assert_true (label_shows (root, "signin_error"));
  g_assert_nonnull (strstr (label_text (root, "signin_error"), "Request Tracker did not accept"));
  g_assert_true (gtk_widget_has_css_class (find_widget_by_id (root, "token_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (find_widget_by_id (root, "email_row"), "error"));
  save_screenshots (root, "add-account-rt-signin-error");

  /* Back to Zendesk: its words again, and no stale error. */
  select_kind (root, 0);
  g_assert_cmpstr (row_title (root, "email_row"), ==, "Email Address");
  g_assert_cmpstr (row_title (root, "token_row"), ==, "API Token");
  g_assert_false (label_shows (root, "signin_error"));

  /* Never saved on failure. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 0);
  g_assert_false (g_file_test (tend_account_list_get_path (accounts), G_FILE_TEST_EXISTS));

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (wait_until (dialog_gone, NULL));
}

static void
test_onboarding_add_rt_account_errors (void)
{
  g_autoptr(GSettings) settings = NULL;

  ui_test_reset_dirs ();
  settings = reset_settings ();

  run_application (check_add_rt_account_errors);
}

/* Adding an RT account with a token, then a password for it instead */

typedef struct
{
  TendAccount *account;
  char        *secret;
} Done;

static void
on_update_done (TendAccountDialog *dialog,
                TendAccount       *account,
                const char        *secret,
                Done              *done)
{
  g_set_object (&done->account, account);
  g_free (done->secret);
  done->secret = g_strdup (secret);
}

static void
check_add_rt_account (TendApplication *app,
                      TendWindow      *window)
{
  TendAccountList *accounts = tend_application_get_accounts (app);
  g_autoptr(SoupServer) rt = NULL;
  g_autofree char *rt_url = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(TendAccount) account = NULL;
  TendAccountDialog *dialog;
  Done done = { NULL, NULL };
  GtkWidget *root;

  rt = fake_rt_new (&rt_url);
  dialog = open_add_account_dialog (app, window);
  root = GTK_WIDGET (dialog);
  select_kind (root, 1);
  {
    /* Pasted as the REST address: the web root is kept. */
    g_autofree char *rest = g_strdup_printf ("%s/REST/2.0/", rt_url);

    set_field (root, "url_row", rest);
  }
  set_field (root, "email_row", "agent");
  set_field (root, "token_row", FAKE_RT_TOKEN);
  click (find_widget_by_id (root, "connect_button"));
  g_assert_true (wait_until_timeout (dialog_gone, NULL, 30));

  /* Saved as an RT account; the token in the keyring only. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 1);
  account = g_list_model_get_item (G_LIST_MODEL (accounts), 0);
  g_assert_cmpstr (tend_account_get_kind (account), ==, TEND_ACCOUNT_KIND_RT);
  g_assert_cmpstr (tend_account_get_login (account), ==, "agent");
  g_assert_cmpstr (tend_account_get_role (account), ==, "agent");
  g_assert_true (g_str_has_prefix (tend_account_get_base_url (account), rt_url));
  g_assert_null (strstr (tend_account_get_base_url (account), "REST"));
  secret = lookup_secret (account);
  g_assert_cmpstr (secret, ==, FAKE_RT_TOKEN);
  contents = dup_file (tend_account_list_get_path (accounts));
  g_assert_nonnull (contents);
  g_assert_null (strstr (contents, FAKE_RT_TOKEN));

  /* Editing it: the same form, its kind and address fixed, for a new
   * secret; here the agent's password instead of a token. */
  dialog = tend_account_dialog_new (accounts, account);
  root = GTK_WIDGET (dialog);
  g_signal_connect (dialog, "done", G_CALLBACK (on_update_done), &done);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_frame (root);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Update Token or Password");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_widget_by_id (root, "kind_row"))), ==, 1);
  g_assert_false (gtk_widget_is_sensitive (find_widget_by_id (root, "kind_row")));
  g_assert_false (gtk_widget_is_sensitive (find_widget_by_id (root, "url_row")));
  g_assert_false (gtk_widget_is_sensitive (find_widget_by_id (root, "email_row")));
  g_assert_cmpstr (row_title (root, "email_row"), ==, "User Name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_by_id (root, "email_row"))), ==, "agent");
  save_screenshots (root, "update-rt-secret");

  set_field (root, "token_row", "not the password");
  connect_and_wait (dialog);
  g_assert_true (label_shows (root, "signin_error"));
  g_assert_nonnull (strstr (label_text (root, "signin_error"), "user name and password"));

  set_field (root, "token_row", FAKE_RT_PASSWORD);
  click (find_widget_by_id (root, "connect_button"));
  g_assert_true (wait_until_timeout (dialog_gone, NULL, 30));
  g_assert_true (done.account == account);
  g_assert_cmpstr (done.secret, ==, FAKE_RT_PASSWORD);
  g_free (secret);
  secret = lookup_secret (account);
  g_assert_cmpstr (secret, ==, FAKE_RT_PASSWORD);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 1);

  g_clear_object (&done.account);
  g_free (done.secret);
}

static void
test_onboarding_add_rt_account (void)
{
  g_autoptr(GSettings) settings = NULL;

  if (!require_keyring ())
    return;

  ui_test_reset_dirs ();
  settings = reset_settings ();

  run_application (check_add_rt_account);
}

/* Startup with accounts, the switcher, a refused token */

static TendAccount *first_account;
static TendAccount *second_account;

static void
check_accounts (TendApplication *app,
                TendWindow      *window)
{
  TendSidebar *sidebar = tend_workspace_get_sidebar (workspace_of (window));
  GtkMenuButton *switcher = tend_sidebar_get_account_button (sidebar);
  GMenuModel *menu = tend_application_get_account_menu (app);
  g_autoptr(GMenuModel) section = NULL;
  g_autofree char *target = NULL;
  g_autofree char *secret = NULL;
  TendAccountDialog *dialog;
  TendSession *session;
  GtkWidget *root;

  /* The last account used opens by itself, with its cached tickets
   * first and its token from the keyring. */
  session = tend_application_get_session (app);
  g_assert_nonnull (session);
  g_assert_cmpstr (tend_account_get_id (tend_session_get_account (session)), ==,
                   tend_account_get_id (first_account));
  g_assert_true (wait_until_timeout (session_synced, session, 50));
  g_assert_true (wait_until_timeout (has_ticket_rows, window, 10));

  /* The switcher lists both accounts, then Add and Manage. */
  g_assert_true (gtk_menu_button_get_menu_model (switcher) == menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 2);
  g_assert_true (g_menu_model_get_item_attribute (section, 1, G_MENU_ATTRIBUTE_TARGET, "s", &target));
  g_assert_cmpstr (target, ==, tend_account_get_id (second_account));
  {
    g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (app), "account");

    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, tend_account_get_id (first_account));
  }
  gtk_menu_button_popup (switcher);
  wait_for_frame (GTK_WIDGET (gtk_menu_button_get_popover (switcher)));
  save_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (switcher)), "account-switcher.png");
  gtk_menu_button_popdown (switcher);

  /* Switch: the second account has no token in the keyring. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "account",
                                  g_variant_new_string (tend_account_get_id (second_account)));
  session = tend_application_get_session (app);
  g_assert_cmpstr (tend_account_get_id (tend_session_get_account (session)), ==,
                   tend_account_get_id (second_account));
  g_assert_true (tend_window_get_session (window) == session);
  g_assert_true (wait_until_timeout (session_auth_failed, session, 20));
  wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (label_text (GTK_WIDGET (sidebar), "status_label"), ==, "Sign-in failed — update the token");
  g_assert_cmpstr (label_text (GTK_WIDGET (sidebar), "account_label"), ==, "Second");
  save_screenshot (GTK_WIDGET (window), "sign-in-failed.png");

  /* The status line's link asks for a new token. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "update-token"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "update-token", NULL);
  dialog = TEND_ACCOUNT_DIALOG (find_toplevel (TEND_TYPE_ACCOUNT_DIALOG));
  g_assert_nonnull (dialog);
  root = GTK_WIDGET (dialog);
  wait_for_frame (root);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Update API Token");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_by_id (root, "url_row"))), ==,
                   tend_demo_server_get_url (server));
  g_assert_false (gtk_widget_is_sensitive (find_widget_by_id (root, "url_row")));
  g_assert_false (gtk_widget_is_sensitive (find_widget_by_id (root, "email_row")));
  save_screenshot (root, "update-token.png");
  set_field (root, "token_row", "wrong-again");
  connect_and_wait (dialog);
  g_assert_true (label_shows (root, "signin_error"));
  set_field (root, "token_row", tend_demo_server_get_token (server));
  click (find_widget_by_id (root, "connect_button"));
  g_assert_true (wait_until_timeout (dialog_gone, NULL, 30));

  /* Signed in again in place; still two accounts. */
  g_assert_true (tend_application_get_session (app) == session);
  g_assert_true (wait_until_timeout (session_synced, session, 50));
  secret = lookup_secret (second_account);
  g_assert_cmpstr (secret, ==, tend_demo_server_get_token (server));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tend_application_get_accounts (app))), ==, 2);

  /* And back to the first. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "account",
                                  g_variant_new_string (tend_account_get_id (first_account)));
  session = tend_application_get_session (app);
  g_assert_cmpstr (tend_account_get_id (tend_session_get_account (session)), ==,
                   tend_account_get_id (first_account));
  g_assert_true (wait_until_timeout (has_ticket_rows, window, 10));
}

static void
test_onboarding_accounts (void)
{
  g_autoptr(GSettings) settings = NULL;

  if (!require_keyring ())
    return;

  ui_test_reset_dirs ();
  settings = reset_settings ();

  first_account = add_account_to_file ("First", tend_demo_server_get_token (server));
  second_account = add_account_to_file ("Second", NULL);
  {
    g_autoptr(GError) error = NULL;

    /* A leftover from an earlier test must not answer for it. */
    g_assert_true (tend_credentials_clear_sync (second_account, NULL, &error));
  }
  g_settings_set_string (settings, "last-account", tend_account_get_id (first_account));

  run_application (check_accounts);

  g_clear_object (&first_account);
  g_clear_object (&second_account);
}

/* Preferences: the interval, removing an account */

static gboolean
data_dir_gone (gpointer data)
{
  g_autofree char *dir = tend_account_dup_data_dir (TEND_ACCOUNT (data));

  return !g_file_test (dir, G_FILE_TEST_EXISTS);
}

static void
check_preferences (TendApplication *app,
                   TendWindow      *window)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TendAccountList *accounts = tend_application_get_accounts (app);
  TendPreferencesWindow *preferences;
  AdwMessageDialog *confirm;
  GtkSpinButton *spin;
  GtkWidget *row;
  GtkWidget *remove;
  g_autofree char *data_dir = NULL;
  g_autofree char *secret = NULL;
  TendSession *session;

  session = tend_application_get_session (app);
  g_assert_nonnull (session);
  g_assert_true (wait_until_timeout (session_synced, session, 50));
  data_dir = tend_account_dup_data_dir (first_account);
  g_assert_true (g_file_test (data_dir, G_FILE_TEST_IS_DIR));

  /* Ctrl+, */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = TEND_PREFERENCES_WINDOW (find_toplevel (TEND_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (preferences));

  row = find_widget_by_id (GTK_WIDGET (preferences), tend_account_get_id (first_account));
  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "First");

  /* The interval follows GSettings both ways, and the sync follows it. */
  spin = GTK_SPIN_BUTTON (find_widget_by_id (GTK_WIDGET (preferences), "interval_spin"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 5);
  g_settings_set_uint (settings, "sync-interval", 15);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 15);
  gtk_spin_button_set_value (spin, 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 30);
  g_assert_cmpuint (tend_session_get_interval (session), ==, 30 * 60);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_widget_by_id (GTK_WIDGET (preferences),
                                                                        "notifications_switch"))));
  save_screenshot (GTK_WIDGET (preferences), "preferences.png");

  /* Remove asks first. */
  remove = find_widget_by_id (row, "remove_button");
  g_assert_nonnull (remove);
  click (remove);
  confirm = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Remove “First”?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "remove"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  wait_for_frame (GTK_WIDGET (confirm));
  save_screenshot (GTK_WIDGET (confirm), "remove-account.png");

  /* Cancel keeps everything. */
  adw_message_dialog_response (confirm, "cancel");
  gtk_window_destroy (GTK_WINDOW (confirm));
  spin_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 1);

  click (remove);
  confirm = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "remove");
  gtk_window_destroy (GTK_WINDOW (confirm));

  /* Gone: from the list and the file, its data and its token. */
  g_assert_true (wait_until_timeout (accounts_empty, accounts, 20));
  g_assert_true (wait_until_timeout (data_dir_gone, first_account, 20));
  secret = lookup_secret (first_account);
  g_assert_null (secret);
  {
    g_autoptr(TendAccountList) reread = tend_account_list_new ();
    g_autoptr(GError) error = NULL;

    g_assert_true (tend_account_list_load (reread, &error));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, 0);
  }
  {
    g_autofree char *last = g_settings_get_string (settings, "last-account");

    g_assert_cmpstr (last, ==, "");
  }

  /* The only account gone, the window shows the welcome again. */
  g_assert_null (tend_application_get_session (app));
  g_assert_null (tend_window_get_session (window));
  g_assert_true (gtk_widget_get_mapped (find_widget_by_id (GTK_WIDGET (window), "welcome_page")));

  gtk_window_close (GTK_WINDOW (preferences));
}

static void
test_onboarding_preferences (void)
{
  g_autoptr(GSettings) settings = NULL;

  if (!require_keyring ())
    return;

  ui_test_reset_dirs ();
  settings = reset_settings ();
  first_account = add_account_to_file ("First", tend_demo_server_get_token (server));

  run_application (check_preferences);

  g_clear_object (&first_account);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!ui_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the UI tests\n");
      return 77;
    }

  /* Retries of a refused connection should not take seconds each. */
  g_setenv ("TEND_HTTP_BASE_DELAY_MS", "20", TRUE);
  /* The add-account dialog's deadline for a silent server: 12 s for an
   * agent, 2 s here. */
  g_setenv ("TEND_HTTP_INTERACTIVE_TIMEOUT_MS", "2000", TRUE);

  /* Screenshots of a settled window, not of a transition half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  server = tend_demo_server_new (300, 7);
  g_assert_true (tend_demo_server_start (server, &error));
  g_assert_no_error (error);

  g_test_add_func ("/ui/session/format-synced", test_session_format_synced);
  g_test_add_func ("/ui/onboarding/demo", test_onboarding_demo);
  g_test_add_func ("/ui/onboarding/add-account-errors", test_onboarding_add_account_errors);
  g_test_add_func ("/ui/onboarding/add-account", test_onboarding_add_account);
  g_test_add_func ("/ui/onboarding/add-rt-account-errors", test_onboarding_add_rt_account_errors);
  g_test_add_func ("/ui/onboarding/add-rt-account", test_onboarding_add_rt_account);
  g_test_add_func ("/ui/onboarding/accounts", test_onboarding_accounts);
  g_test_add_func ("/ui/onboarding/preferences", test_onboarding_preferences);

  status = g_test_run ();

  tend_demo_server_stop (server);
  g_clear_object (&server);
  ui_test_cleanup ();

  return status;
}
