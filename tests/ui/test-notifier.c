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

#include <glib/gstdio.h>
#include <adwaita.h>

#include "tend-engine.h"
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

static void
create_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendGenerator) generator = NULL;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autofree char *path = NULL;

  clock_now = g_get_real_time () / G_USEC_PER_SEC;
  store_dir = g_dir_make_tmp ("tend-notifier-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (store_dir, "notifier.db", NULL);

  store = tend_store_open (path, &error);
  g_assert_no_error (error);

  generator = tend_generator_new (23, N_TICKETS, clock_now);
  while (tend_generator_next (generator, changes, 100))
    {
      g_assert_true (tend_store_write (store, changes, &error));
      g_assert_no_error (error);
      tend_changeset_clear (changes);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (tend_store_get_me (store), !=, 0);
}

static void
remove_store (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (store);

  dir = g_dir_open (store_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (store_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (store_dir);
  g_free (store_dir);
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

  status = g_test_run ();

  remove_store ();
  ui_test_cleanup ();

  return status;
}
