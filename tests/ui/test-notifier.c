/* test-notifier.c: desktop notifications for what a sync brings in
 *
 * A sync is played by writing changesets to a generated store, the way
 * TendSync commits what it pulled. Xvfb cannot take the focus away from a
 * window, so the notifier's "is a window active" answer is overridden.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-notifier"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "tend-engine.h"
#include "tend-backend.h"
#include "tend-outbox.h"
#include "tend-notifier.h"
#include "tend-session.h"
#include "tend-application.h"
#include "tend-ticket-view.h"
#include "tend-window.h"
#include "tend-workspace.h"
#include "ui-test-utils.h"

#define N_TICKETS 300

static TendStore *store;
static char *store_dir;
static gint64 next_comment_id = 900000000;
static gint64 clock_now;

typedef struct
{
  GArray *ticket_ids;
  GArray *kinds;
} Sent;


/* A helpdesk on which the customer always wrote meanwhile: every change
 * is answered 409, and the ticket comes back newer, with their message.
 * This is what TendOutbox's push meets before it stops a change in
 * 'conflict'; no network is needed to play it. */
#define FAKE_TYPE_DESK (fake_desk_get_type ())
G_DECLARE_FINAL_TYPE (FakeDesk, fake_desk, FAKE, DESK, GObject)

struct _FakeDesk
{
  GObject parent_instance;
};

static void fake_desk_backend_init (TendBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeDesk, fake_desk, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TEND_TYPE_BACKEND, fake_desk_backend_init))

static gboolean
fake_push_change (TendBackend    *backend,
                  gint64          ticket_id,
                  JsonObject     *change,
                  gint64          seen_updated_at,
                  TendChangeset  *changes,
                  gint64         *comment_id,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_set_error_literal (error, TEND_ERROR, TEND_ERROR_CONFLICT, "409 Conflict");
  return FALSE;
}

static gboolean
fake_pull_ticket (TendBackend    *backend,
                  gint64          ticket_id,
                  TendChangeset  *changes,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, ticket_id, error);

  if (ticket == NULL)
    return FALSE;
  tend_ticket_set_updated_at (ticket, clock_now + 120);
  tend_changeset_add_ticket (changes, ticket);
  return TRUE;
}

static gboolean
fake_pull_ticket_comments (TendBackend    *backend,
                           gint64          ticket_id,
                           TendChangeset  *changes,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, ticket_id, error);
  g_autoptr(TendComment) comment = tend_comment_new (next_comment_id++);

  if (ticket == NULL)
    return FALSE;
  tend_comment_set_ticket_id (comment, ticket_id);
  tend_comment_set_author_id (comment, tend_ticket_get_requester_id (ticket));
  tend_comment_set_body (comment, "Never mind, it works now.");
  tend_comment_set_public (comment, TRUE);
  tend_comment_set_created_at (comment, clock_now + 120);
  tend_changeset_add_comment (changes, comment);
  return TRUE;
}

static void
fake_desk_backend_init (TendBackendInterface *iface)
{
  iface->push_change = fake_push_change;
  iface->pull_ticket = fake_pull_ticket;
  iface->pull_ticket_comments = fake_pull_ticket_comments;
}

static void
fake_desk_class_init (FakeDeskClass *klass)
{
}

static void
fake_desk_init (FakeDesk *self)
{
}

static void
create_store (void)
{
  g_autoptr(TendGenerator) generator = NULL;

  clock_now = g_get_real_time () / G_USEC_PER_SEC;
  generator = tend_generator_new (23, N_TICKETS, clock_now);
  store = ui_test_create_store ("notifier", generator, &store_dir);
  g_assert_cmpint (tend_store_get_me (store), !=, 0);
}

static void
remove_store (void)
{
  ui_test_remove_store (store, &store_dir);
}

/* The first ticket of @view, as the store has it now. */
static TendTicket *
first_ticket (TendView view)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = tend_store_list_tickets (store, view, NULL, 0, 1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tickets);
  g_assert_cmpuint (tickets->len, ==, 1);
  return g_object_ref (g_ptr_array_index (tickets, 0));
}

static void
on_sent (TendNotifier *notifier,
         gint64        ticket_id,
         int           kind,
         Sent         *sent)
{
  g_array_append_val (sent->ticket_ids, ticket_id);
  g_array_append_val (sent->kinds, kind);
}

static void
on_changed (TendStore *changed_store,
            guint      changes,
            gboolean  *seen)
{
  *seen = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Writes @changes and waits until TendStore::changed has been handled
 * (the notifier is connected first, so it has looked by then). */
static void
commit (TendChangeset *changes)
{
  g_autoptr(GError) error = NULL;
  gboolean seen = FALSE;
  gulong id = g_signal_connect (store, "changed", G_CALLBACK (on_changed), &seen);

  g_assert_true (tend_store_write (store, changes, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (is_true, &seen));
  g_signal_handler_disconnect (store, id);
}

/* A customer's reply on @ticket, as a sync would bring it. */
static void
write_customer_reply (TendTicket *ticket)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendComment) comment = tend_comment_new (next_comment_id++);

  clock_now += 60;
  tend_comment_set_ticket_id (comment, tend_ticket_get_id (ticket));
  tend_comment_set_author_id (comment, tend_ticket_get_requester_id (ticket));
  tend_comment_set_body (comment, "Any news? It still does not work.");
  tend_comment_set_public (comment, TRUE);
  tend_comment_set_created_at (comment, clock_now);
  tend_changeset_add_comment (changes, comment);
  commit (changes);
}

static Sent *
sent_new (void)
{
  Sent *sent = g_new0 (Sent, 1);

  sent->ticket_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sent->kinds = g_array_new (FALSE, FALSE, sizeof (int));
  return sent;
}

static void
sent_free (Sent *sent)
{
  g_array_unref (sent->ticket_ids);
  g_array_unref (sent->kinds);
  g_free (sent);
}

/* Runs @scenario with a notifier whose window is @active and whose
 * setting is @enabled; returns what it sent. */
static Sent *
run_reply (gboolean active,
           gboolean enabled)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(TendSession) session = tend_session_new_for_cache (store);
  g_autoptr(TendNotifier) notifier = NULL;
  g_autoptr(TendTicket) ticket = first_ticket (TEND_VIEW_MINE);
  Sent *sent = sent_new ();

  g_settings_set_boolean (settings, "notifications", enabled);
  notifier = tend_notifier_new (NULL, session, settings);
  tend_notifier_set_active_override (notifier, active);
  g_signal_connect (notifier, "notification-sent", G_CALLBACK (on_sent), sent);

  write_customer_reply (ticket);

  /* Only the reply's ticket, and only once. */
  if (sent->ticket_ids->len > 0)
    {
      g_assert_cmpuint (sent->ticket_ids->len, ==, 1);
      g_assert_cmpint (g_array_index (sent->ticket_ids, gint64, 0), ==, tend_ticket_get_id (ticket));
      g_assert_cmpint (g_array_index (sent->kinds, int, 0), ==, TEND_NOTIFICATION_REPLY);
    }

  tend_notifier_stop (notifier);
  tend_session_close (session);
  return sent;
}

static void
test_reply_unfocused (void)
{
  Sent *sent = run_reply (FALSE, TRUE);

  g_assert_cmpuint (sent->ticket_ids->len, ==, 1);
  sent_free (sent);
}

static void
test_reply_focused (void)
{
  Sent *sent = run_reply (TRUE, TRUE);

  g_assert_cmpuint (sent->ticket_ids->len, ==, 0);
  sent_free (sent);
}

static void
test_reply_disabled (void)
{
  Sent *sent = run_reply (FALSE, FALSE);

  g_assert_cmpuint (sent->ticket_ids->len, ==, 0);
  sent_free (sent);
}

/* An agent's internal note after the customer's message is no news. */
static void
test_note_quiet (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(TendSession) session = tend_session_new_for_cache (store);
  g_autoptr(TendNotifier) notifier = NULL;
  g_autoptr(TendTicket) ticket = first_ticket (TEND_VIEW_MINE);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendComment) note = tend_comment_new (next_comment_id++);
  Sent *sent = sent_new ();

  /* The customer waits... */
  write_customer_reply (ticket);

  notifier = tend_notifier_new (NULL, session, settings);
  tend_notifier_set_active_override (notifier, FALSE);
  g_signal_connect (notifier, "notification-sent", G_CALLBACK (on_sent), sent);

  /* ...and a colleague leaves a note. */
  clock_now += 60;
  tend_comment_set_ticket_id (note, tend_ticket_get_id (ticket));
  tend_comment_set_author_id (note, tend_store_get_me (store));
  tend_comment_set_body (note, "Checking with the billing team.");
  tend_comment_set_public (note, FALSE);
  tend_comment_set_created_at (note, clock_now);
  tend_changeset_add_comment (changes, note);
  commit (changes);

  g_assert_cmpuint (sent->ticket_ids->len, ==, 0);

  /* A second customer message in a row is news again. */
  write_customer_reply (ticket);
  g_assert_cmpuint (sent->ticket_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (sent->kinds, int, 0), ==, TEND_NOTIFICATION_REPLY);

  tend_notifier_stop (notifier);
  tend_session_close (session);
  sent_free (sent);
}

/* A ticket nobody had, assigned to the agent by someone else. */
static void
test_assigned (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(TendSession) session = tend_session_new_for_cache (store);
  g_autoptr(TendNotifier) notifier = NULL;
  g_autoptr(TendTicket) ticket = first_ticket (TEND_VIEW_UNASSIGNED);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  Sent *sent = sent_new ();

  notifier = tend_notifier_new (NULL, session, settings);
  tend_notifier_set_active_override (notifier, FALSE);
  g_signal_connect (notifier, "notification-sent", G_CALLBACK (on_sent), sent);

  clock_now += 60;
  tend_ticket_set_assignee_id (ticket, tend_store_get_me (store));
  tend_ticket_set_updated_at (ticket, clock_now);
  tend_changeset_add_ticket (changes, ticket);
  commit (changes);

  g_assert_cmpuint (sent->ticket_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (sent->ticket_ids, gint64, 0), ==, tend_ticket_get_id (ticket));
  g_assert_cmpint (g_array_index (sent->kinds, int, 0), ==, TEND_NOTIFICATION_ASSIGNED);

  tend_notifier_stop (notifier);
  tend_session_close (session);
  sent_free (sent);
}

/* A click on a notification activates app.open-ticket with its ticket. */
static void
check_open_ticket (TendApplication *app,
                   TendWindow      *window)
{
  g_autoptr(TendTicket) ticket = first_ticket (TEND_VIEW_MINE);
  TendTicketView *view = tend_workspace_get_ticket_view (tend_window_get_workspace (window));
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (app), "open-ticket");
  TendTicket *shown;

  g_assert_nonnull (action);
  g_assert_true (g_variant_type_equal (g_action_get_parameter_type (action), G_VARIANT_TYPE_INT64));

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-ticket",
                                  g_variant_new_int64 (tend_ticket_get_id (ticket)));
  shown = tend_ticket_view_get_ticket (view);
  g_assert_nonnull (shown);
  g_assert_cmpint (tend_ticket_get_id (shown), ==, tend_ticket_get_id (ticket));
}

static void
test_open_ticket_action (void)
{
  run_application_with_store (store, check_open_ticket);
}

/* A stand-in for the desktop's notification server (org.gtk.Notifications,
 * which GApplication uses when it is on the bus): keeps what it is asked
 * to show, so the test can do what a click does. */
typedef struct
{
  guint      owner_id;
  guint      object_id;
  gboolean   acquired;
  GPtrArray *shown;   /* GVariant (a{sv}) of each AddNotification */
} FakeServer;

static void
fake_server_method (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  FakeServer *server = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    g_ptr_array_add (server->shown, g_variant_get_child_value (parameters, 2));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const char fake_server_xml[] =
  "<node><interface name='org.gtk.Notifications'>"
  "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='a{sv}' direction='in'/></method>"
  "<method name='RemoveNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/></method>"
  "</interface></node>";

static void
on_fake_name_acquired (GDBusConnection *connection,
                       const char      *name,
                       gpointer         user_data)
{
  ((FakeServer *) user_data)->acquired = TRUE;
}

static void
fake_server_start (FakeServer      *server,
                   GDBusConnection *bus)
{
  static const GDBusInterfaceVTable vtable = { fake_server_method, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (fake_server_xml, NULL);
  g_autoptr(GError) error = NULL;

  server->shown = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  server->object_id = g_dbus_connection_register_object (bus, "/org/gtk/Notifications",
                                                         info->interfaces[0], &vtable,
                                                         server, NULL, &error);
  g_assert_no_error (error);
  server->owner_id = g_bus_own_name_on_connection (bus, "org.gtk.Notifications",
                                                   G_BUS_NAME_OWNER_FLAGS_NONE,
                                                   on_fake_name_acquired, NULL, server, NULL);
}

static void
fake_server_stop (FakeServer      *server,
                  GDBusConnection *bus)
{
  g_bus_unown_name (server->owner_id);
  g_dbus_connection_unregister_object (bus, server->object_id);
  g_clear_pointer (&server->shown, g_ptr_array_unref);
}

typedef struct
{
  TendOutbox *outbox;
  gint64      item;
} ItemWait;

static gboolean
item_in_conflict (gpointer data)
{
  ItemWait *wait = data;
  GListModel *model = G_LIST_MODEL (wait->outbox);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TendOutboxItem) item = g_list_model_get_item (model, i);

      if (tend_outbox_item_get_id (item) == wait->item)
        return tend_outbox_item_get_state (item) == TEND_OUTBOX_STATE_CONFLICT;
    }
  return FALSE;
}

/* The agent's reply on @ticket_id, pushed to a helpdesk where the ticket
 * changed meanwhile: returns once TendOutbox shows it in conflict, and the
 * main loop has run the notifier's look at it. */
static void
make_conflict (TendOutbox *outbox,
               gint64      ticket_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendBackend) desk = g_object_new (FAKE_TYPE_DESK, NULL);
  TendOutboxPushStats stats;
  ItemWait wait = { outbox, 0 };

  wait.item = tend_outbox_reply (outbox, ticket_id, "I have reset your password.", TRUE, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wait.item, >, 0);
  spin_for (100);

  g_assert_true (tend_outbox_push (outbox, desk, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.conflicts, ==, 1);

  g_assert_true (wait_until (item_in_conflict, &wait));
  spin_for (200);
}

static gboolean
name_acquired (gpointer data)
{
  return ((FakeServer *) data)->acquired;
}

static gboolean
ticket_shown (gpointer data)
{
  gpointer *args = data;
  TendTicket *shown = tend_ticket_view_get_ticket (args[0]);

  return shown != NULL && tend_ticket_get_id (shown) == *(gint64 *) args[1];
}

static void
on_activate_action_done (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* An outbox change stopped in conflict: no notification while the window
 * has the focus, one (for that ticket, once) when it has not; and the
 * notification's click, sent back the way the desktop sends it (D-Bus
 * org.freedesktop.Application.ActivateAction), opens the ticket. */
static void
check_conflict (TendApplication *app,
                TendWindow      *window)
{
  TendSession *session = tend_window_get_session (window);
  g_autoptr(TendNotifier) notifier = NULL;
  TendTicketView *view = tend_workspace_get_ticket_view (tend_window_get_workspace (window));
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) target = NULL;
  TendOutbox *outbox;
  FakeServer server = { 0, };
  Sent *sent = sent_new ();
  const char *action = NULL;
  gboolean activated = FALSE;
  gint64 focused_id, unfocused_id;
  gpointer args[2];

  g_assert_nonnull (session);
  g_assert_nonnull (bus);
  outbox = tend_session_get_outbox (session);

  mine = tend_store_list_tickets (store, TEND_VIEW_MINE, NULL, 5, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 2);
  focused_id = tend_ticket_get_id (g_ptr_array_index (mine, 0));
  unfocused_id = tend_ticket_get_id (g_ptr_array_index (mine, 1));

  fake_server_start (&server, bus);
  g_assert_true (wait_until (name_acquired, &server));
  /* The window shows a store without an account; the application makes
   * its notifier for account sessions, the same way as here. */
  notifier = tend_notifier_new (G_APPLICATION (app), session, NULL);
  spin_for (200);   /* the notifier sees the server arrive */
  g_signal_connect (notifier, "notification-sent", G_CALLBACK (on_sent), sent);

  /* The agent is looking at Tend: the conflict shows in the outbox, no
   * notification. */
  tend_notifier_set_active_override (notifier, 1);
  make_conflict (outbox, focused_id);
  g_assert_cmpuint (sent->ticket_ids->len, ==, 0);
  g_assert_cmpuint (server.shown->len, ==, 0);

  /* The agent is elsewhere: one notification, for the new conflict only. */
  tend_notifier_set_active_override (notifier, 0);
  make_conflict (outbox, unfocused_id);
  for (guint i = 0; i < sent->ticket_ids->len; i++)
    g_test_message ("sent: #%lld kind %d", (long long) g_array_index (sent->ticket_ids, gint64, i),
                    g_array_index (sent->kinds, int, i));
  g_assert_cmpuint (sent->ticket_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (sent->ticket_ids, gint64, 0), ==, unfocused_id);
  g_assert_cmpint (g_array_index (sent->kinds, int, 0), ==, TEND_NOTIFICATION_CONFLICT);

  /* What reached the desktop: a title, and a click that opens the ticket. */
  spin_for (300);
  g_assert_cmpuint (server.shown->len, ==, 1);
  {
    GVariantDict dict;
    g_autofree char *title = NULL;

    g_variant_dict_init (&dict, g_ptr_array_index (server.shown, 0));
    g_assert_true (g_variant_dict_lookup (&dict, "title", "s", &title));
    g_assert_nonnull (strstr (title, "was not sent"));
    g_assert_true (g_variant_dict_lookup (&dict, "default-action", "&s", &action));
    g_assert_cmpstr (action, ==, "app.open-ticket");
    target = g_variant_dict_lookup_value (&dict, "default-action-target", G_VARIANT_TYPE_INT64);
    g_assert_nonnull (target);
    g_assert_cmpint (g_variant_get_int64 (target), ==, unfocused_id);
    g_variant_dict_clear (&dict);
  }

  {
    GVariantBuilder parameters;

    g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
    g_variant_builder_add (&parameters, "v", target);
    g_dbus_connection_call (bus, g_dbus_connection_get_unique_name (bus),
                            g_application_get_dbus_object_path (G_APPLICATION (app)),
                            "org.freedesktop.Application", "ActivateAction",
                            g_variant_new ("(sava{sv})", action + strlen ("app."), &parameters, NULL),
                            NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                            on_activate_action_done, &activated);
  }
  g_assert_true (wait_until (is_true, &activated));
  args[0] = view;
  args[1] = &unfocused_id;
  g_assert_true (wait_until (ticket_shown, args));

  /* Leave the store as the other tests expect it. */
  {
    GListModel *model = G_LIST_MODEL (outbox);

    while (g_list_model_get_n_items (model) > 0)
      {
        g_autoptr(TendOutboxItem) item = g_list_model_get_item (model, 0);

        g_assert_true (tend_outbox_discard (outbox, tend_outbox_item_get_id (item), &error));
        g_assert_no_error (error);
        spin_for (50);
      }
  }

  tend_notifier_stop (notifier);
  g_signal_handlers_disconnect_by_data (notifier, sent);
  fake_server_stop (&server, bus);
  sent_free (sent);
}

static void
test_conflict (void)
{
  run_application_with_store (store, check_conflict);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!ui_test_init (&argc, &argv))
    return 77;

  adw_init ();
  create_store ();

  g_test_add_func ("/notifier/reply-unfocused", test_reply_unfocused);
  g_test_add_func ("/notifier/reply-focused", test_reply_focused);
  g_test_add_func ("/notifier/reply-disabled", test_reply_disabled);
  g_test_add_func ("/notifier/note-quiet", test_note_quiet);
  g_test_add_func ("/notifier/assigned", test_assigned);
  g_test_add_func ("/notifier/open-ticket-action", test_open_ticket_action);
  g_test_add_func ("/notifier/conflict", test_conflict);

  status = g_test_run ();

  remove_store ();
  ui_test_cleanup ();

  return status;
}
