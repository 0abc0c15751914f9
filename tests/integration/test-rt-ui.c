/* test-rt-ui.c: an agent adds a Request Tracker account in the app and
 * works a ticket, against a real RT 5
 *
 * Run by rt-integration.sh (meson test --suite integration), which starts
 * a throw-away RT on loopback and passes its address, the agent's login
 * and token in TEND_RT_* variables, inside xvfb-run and
 * build-aux/test-session.sh (an unlocked throw-away keyring). Everything
 * goes through the window as an agent would do it: the add-account
 * dialog, the inbox, the composer; what RT then holds is read back
 * through REST2, behind the app's back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-rt-ui"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-account-list.h"
#include "tend-credentials.h"
#include "tend-http.h"
#include "tend-account-dialog.h"
#include "tend-application.h"
#include "tend-composer.h"
#include "tend-inbox-view.h"
#include "tend-message-row.h"
#include "tend-session.h"
#include "tend-sidebar.h"
#include "tend-ticket-selection.h"
#include "tend-ticket-view.h"
#include "tend-window.h"
#include "tend-workspace.h"
#include "ui-test-utils.h"

typedef struct
{
  const char *url;
  const char *login;
  const char *token;
  JsonObject *seed;
} Env;

static Env env;

static gint64
seed_ticket (const char *name)
{
  JsonObject *tickets = json_object_get_object_member (env.seed, "tickets");

  g_assert_nonnull (tickets);
  g_assert_true (json_object_has_member (tickets, name));
  return json_object_get_int_member (tickets, name);
}

/* REST2 as the agent, behind the app's back. */
static JsonNode *
rest_get (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendHttp) http = tend_http_new (env.url, &error);
  JsonNode *answer;

  g_assert_no_error (error);
  tend_http_set_authorization (http, "token", env.token);
  answer = tend_http_get_json (http, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  return answer;
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* The ids of the ticket's transactions of @type (Correspond, Comment …). */
static GArray *
transactions_of (gint64      ticket_id,
                 const char *type)
{
  g_autofree char *query = g_strdup_printf ("ObjectType = 'RT::Ticket' AND ObjectId = %lld AND Type = '%s'",
                                            (long long) ticket_id, type);
  g_autofree char *escaped = escape (query);
  g_autofree char *path = g_strdup_printf ("/REST/2.0/transactions?query=%s&per_page=100", escaped);
  g_autoptr(JsonNode) answer = rest_get (path);
  JsonArray *items = json_object_get_array_member (json_node_get_object (answer), "items");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonNode *id = json_object_get_member (item, "id");
      gint64 value;

      /* REST2 writes ids as strings in some places, numbers in others. */
      if (json_node_get_value_type (id) == G_TYPE_STRING)
        value = g_ascii_strtoll (json_node_get_string (id), NULL, 10);
      else
        value = json_node_get_int (id);
      g_array_append_val (ids, value);
    }
  return ids;
}

/* How many of @transactions carry a text part containing @text. */
static guint
transactions_with_text (GArray     *transactions,
                        const char *text)
{
  g_autoptr(JsonArray) values = json_array_new ();
  g_autoptr(JsonObject) limit = json_object_new ();
  g_autoptr(JsonNode) query_node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) query = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *query_text = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *items;

  if (transactions->len == 0)
    return 0;

  for (guint i = 0; i < transactions->len; i++)
    json_array_add_int_element (values, g_array_index (transactions, gint64, i));
  json_object_set_string_member (limit, "field", "TransactionId");
  json_object_set_string_member (limit, "operator", "IN");
  json_object_set_array_member (limit, "value", json_array_ref (values));
  json_array_add_object_element (query, json_object_ref (limit));
  json_node_set_array (query_node, query);
  query_text = json_to_string (query_node, FALSE);
  escaped = escape (query_text);
  path = g_strdup_printf ("/REST/2.0/attachments?query=%s&fields=TransactionId,ContentType,Content&per_page=100",
                          escaped);
  answer = rest_get (path);
  items = json_object_get_array_member (json_node_get_object (answer), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *content = json_object_get_string_member_with_default (item, "Content", NULL);
      JsonNode *transaction = json_object_get_member (item, "TransactionId");
      g_autofree char *key = NULL;

      if (content == NULL || strstr (content, text) == NULL || transaction == NULL)
        continue;
      /* {"id": …, "type": "transaction", "_url": …} or a bare id. */
      if (JSON_NODE_HOLDS_OBJECT (transaction))
        transaction = json_object_get_member (json_node_get_object (transaction), "id");
      key = json_node_get_value_type (transaction) == G_TYPE_STRING ?
            g_strdup (json_node_get_string (transaction)) :
            g_strdup_printf ("%lld", (long long) json_node_get_int (transaction));
      g_hash_table_add (seen, g_steal_pointer (&key));
    }
  return g_hash_table_size (seen);
}

static char *
ticket_status (gint64 ticket_id)
{
  g_autofree char *path = g_strdup_printf ("/REST/2.0/ticket/%lld", (long long) ticket_id);
  g_autoptr(JsonNode) answer = rest_get (path);

  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "Status"));
}

/* Waiting */

static gboolean
dialog_gone (gpointer data)
{
  return find_toplevel (TEND_TYPE_ACCOUNT_DIALOG) == NULL;
}

static gboolean
session_synced (gpointer data)
{
  return tend_session_get_state (TEND_SESSION (data)) == TEND_SESSION_STATE_SYNCED;
}

/* Synced, or given up: a session that cannot start says so at once. */
static gboolean
session_settled (gpointer data)
{
  switch (tend_session_get_state (TEND_SESSION (data)))
    {
    case TEND_SESSION_STATE_SYNCED:
    case TEND_SESSION_STATE_AUTH_FAILED:
    case TEND_SESSION_STATE_FAILED:
      return TRUE;
    case TEND_SESSION_STATE_CACHE_ONLY:
    case TEND_SESSION_STATE_STARTING:
    case TEND_SESSION_STATE_SYNCING:
    case TEND_SESSION_STATE_OFFLINE:
    default:
      return FALSE;
    }
}

static gboolean
list_has_tickets (gpointer data)
{
  TendInboxView *inbox = data;
  TendTicketSelection *selection = tend_inbox_view_get_selection (inbox);

  return selection != NULL && g_list_model_get_n_items (tend_ticket_selection_get_model (selection)) > 0;
}

typedef struct
{
  TendSidebar *sidebar;
  gboolean     seen_queued;
} OutboxWait;

/* The change went into the outbox, then left it (sent). */
static gboolean
outbox_drained (gpointer data)
{
  OutboxWait *wait = data;
  guint count = tend_sidebar_get_outbox_count (wait->sidebar);

  if (count > 0)
    wait->seen_queued = TRUE;
  return wait->seen_queued && count == 0;
}

typedef struct
{
  TendStore  *store;
  gint64      id;
  const char *body;
} StoreWait;

/* After a sync: the store has the ticket pending and the reply, no
 * longer marked as waiting to be sent. */
static gboolean
store_has_synced_reply (gpointer data)
{
  StoreWait *wait = data;
  g_autoptr(TendTicket) ticket = tend_store_get_ticket (wait->store, wait->id, NULL);
  g_autoptr(GPtrArray) comments = NULL;
  guint found = 0;

  if (ticket == NULL || tend_ticket_get_status (ticket) != TEND_TICKET_STATUS_PENDING)
    return FALSE;
  comments = tend_store_list_comments (wait->store, wait->id, NULL);
  for (guint i = 0; comments != NULL && i < comments->len; i++)
    {
      TendComment *comment = g_ptr_array_index (comments, i);

      if (g_strcmp0 (tend_comment_get_body (comment), wait->body) == 0 && !tend_comment_get_pending (comment))
        found++;
    }
  return found == 1;
}

typedef struct
{
  TendTicketView *ticket_view;
  const char     *body;
} ConversationWait;

/* The open ticket's conversation shows the reply once, as sent. */
static gboolean
conversation_shows_reply_once (gpointer data)
{
  ConversationWait *wait = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint found = 0;

  collect_widgets (find_widget_by_id (GTK_WIDGET (wait->ticket_view), "conversation"),
                   TEND_TYPE_MESSAGE_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      TendComment *comment = tend_message_row_get_comment (g_ptr_array_index (rows, i));

      if (comment != NULL && g_strcmp0 (tend_comment_get_body (comment), wait->body) == 0 &&
          !tend_comment_get_pending (comment) && gtk_widget_get_mapped (g_ptr_array_index (rows, i)))
        found++;
    }
  return found == 1;
}

static void
settle (GtkWidget *widget)
{
  spin_for (150);
  for (guint i = 0; i < 3; i++)
    wait_for_frame (widget);
}

/* The whole path */

static void
check_rt_end_to_end (TendApplication *app,
                     TendWindow      *window)
{
  TendAccountList *accounts = tend_application_get_accounts (app);
  TendWorkspace *workspace = tend_window_get_workspace (window);
  TendSidebar *sidebar = tend_workspace_get_sidebar (workspace);
  TendInboxView *inbox = tend_workspace_get_inbox (workspace);
  TendTicketView *ticket_view = tend_workspace_get_ticket_view (workspace);
  gint64 portal = seed_ticket ("portal");
  g_autofree char *body = g_strdup_printf ("Bonjour Zoë, your portal access is restored (%lld).",
                                           (long long) g_get_real_time ());
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *status = NULL;
  TendAccountDialog *dialog;
  TendTicketSelection *selection;
  TendComposer *composer;
  TendSession *session;
  OutboxWait outbox_wait = { sidebar, FALSE };
  StoreWait store_wait;
  ConversationWait conversation_wait = { ticket_view, body };
  GListModel *model;
  GtkWidget *root;
  guint position = G_MAXUINT;

  /* 1. The welcome page's button, Request Tracker, the agent's token. */
  click (find_widget_by_id (GTK_WIDGET (window), "add_account_button"));
  dialog = TEND_ACCOUNT_DIALOG (find_toplevel (TEND_TYPE_ACCOUNT_DIALOG));
  g_assert_nonnull (dialog);
  root = GTK_WIDGET (dialog);
  wait_for_frame (root);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget_by_id (root, "kind_row")), 1);
  set_field (root, "url_row", env.url);
  set_field (root, "email_row", env.login);
  set_field (root, "token_row", env.token);
  wait_for_frame (root);
  save_screenshot (root, "rt-add-account.png");
  click (find_widget_by_id (root, "connect_button"));
  g_assert_true (wait_until_timeout (dialog_gone, NULL, 30));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 1);
  account = g_list_model_get_item (G_LIST_MODEL (accounts), 0);
  g_assert_cmpstr (tend_account_get_kind (account), ==, TEND_ACCOUNT_KIND_RT);
  g_assert_cmpstr (tend_account_get_login (account), ==, env.login);
  g_assert_cmpstr (tend_account_get_role (account), ==, "agent");
  secret = tend_credentials_lookup_sync (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, env.token);

  /* 2. It opens in the window and syncs RT's tickets. */
  session = tend_application_get_session (app);
  g_assert_nonnull (session);
  g_assert_true (tend_session_get_account (session) == account);
  if (!wait_until_timeout (session_settled, session, 90) || !session_synced (session))
    g_error ("The RT account did not sync: %s (%s)", tend_session_get_status (session),
             tend_session_get_details (session) != NULL ? tend_session_get_details (session) : "");
  tend_sidebar_set_view (sidebar, TEND_VIEW_OPEN);
  g_assert_true (wait_until_timeout (list_has_tickets, inbox, 20));

  /* 3. Open Zoë's ticket from the list, as a click would. */
  selection = tend_inbox_view_get_selection (inbox);
  model = tend_ticket_selection_get_model (selection);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TendTicket) ticket = g_list_model_get_item (model, i);

      if (tend_ticket_get_id (ticket) == portal)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  /* What a click or Enter on the row does: select it and open it (the
   * ticket pane slides in where the window is too narrow for both). */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (inbox), GTK_TYPE_LIST_VIEW), "activate", position);
  settle (GTK_WIDGET (window));
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, position);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (ticket_view)));
  g_assert_nonnull (tend_ticket_view_get_ticket (ticket_view));
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (ticket_view)), ==, portal);
  g_assert_cmpstr (tend_ticket_get_subject (tend_ticket_view_get_ticket (ticket_view)), ==,
                   "Accès refusé au portail");
  /* The customer's message, synced from RT's Create transaction. */
  g_assert_cmpuint (tend_ticket_view_get_n_messages (ticket_view), >=, 1);

  /* 4. A reply from the composer, submitted as Pending. */
  before = transactions_of (portal, "Correspond");
  g_assert_cmpuint (transactions_with_text (before, body), ==, 0);
  composer = tend_ticket_view_get_composer (ticket_view);
  g_assert_nonnull (composer);
  tend_composer_set_mode (composer, TEND_DRAFT_MODE_REPLY);
  gtk_text_buffer_set_text (tend_composer_get_buffer (composer), body, -1);
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "rt-ticket.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.submit-as", "s", "pending"));
  if (!wait_until_timeout (outbox_drained, &outbox_wait, 60))
    g_error ("The reply did not leave the outbox (%u waiting): %s", tend_sidebar_get_outbox_count (sidebar),
             tend_session_get_status (session));

  /* 5. What RT has now, read through REST2: the reply exactly once, and
   * the status the agent chose (Tend's Pending is RT's stalled). */
  after = transactions_of (portal, "Correspond");
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_cmpuint (transactions_with_text (after, body), ==, 1);
  status = ticket_status (portal);
  g_assert_cmpstr (status, ==, "stalled");

  /* 6. And the window agrees after the next sync (F5): pending, the reply
   * once, no longer waiting to be sent. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "sync", NULL);
  store_wait.store = tend_session_get_store (session);
  store_wait.id = portal;
  store_wait.body = body;
  g_assert_true (wait_until_timeout (store_has_synced_reply, &store_wait, 60));
  g_assert_true (wait_until_timeout (session_synced, session, 60));
  settle (GTK_WIDGET (window));
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (ticket_view)), ==, portal);
  g_assert_cmpint (tend_ticket_get_status (tend_ticket_view_get_ticket (ticket_view)), ==,
                   TEND_TICKET_STATUS_PENDING);
  g_assert_true (wait_until_timeout (conversation_shows_reply_once, &conversation_wait, 20));
  save_screenshot (GTK_WIDGET (window), "rt-ticket-replied.png");
}

static void
test_rt_ui_end_to_end (void)
{
  g_autoptr(GSettings) settings = NULL;

  if (env.url == NULL)
    {
      g_test_skip ("No Request Tracker: run through rt-integration.sh (meson test --suite integration)");
      return;
    }
  if (!ui_test_has_keyring ())
    {
      g_test_skip ("needs the keyring of build-aux/test-session.sh");
      return;
    }

  ui_test_reset_dirs ();
  settings = reset_settings ();

  /* Adding, a first sync of a real RT and a round trip of the outbox:
   * more than the default minute on a loaded machine. */
  run_application_with_store_timeout (NULL, check_rt_end_to_end, 240);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonNode) seed = NULL;
  int status;

  /* Read before ui_test_init() moves HOME and the XDG directories. */
  env.url = g_getenv ("TEND_RT_URL");
  env.login = g_getenv ("TEND_RT_LOGIN");
  env.token = g_getenv ("TEND_RT_TOKEN");
  if (env.url != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (!json_parser_load_from_file (parser, g_getenv ("TEND_RT_SEED"), &error))
        g_error ("Cannot read the seed file: %s", error->message);
      seed = json_node_ref (json_parser_get_root (parser));
      env.seed = json_node_get_object (seed);
    }

  if (!ui_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the RT UI test\n");
      return 77;
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/rt-ui/add-account-and-work-a-ticket", test_rt_ui_end_to_end);

  status = g_test_run ();
  ui_test_cleanup ();
  return status;
}
