/* test-bulk-edit.c: the list's bulk actions through the outbox, and Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-bulk-edit"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "tend-engine.h"
#include "tend-bulk-edit.h"
#include "tend-session.h"
#include "tend-inbox-view.h"
#include "tend-ticket-selection.h"
#include "ui-test-utils.h"

#define N_TICKETS 200

static TendStore *store;
static char *store_dir;

static void
create_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendGenerator) generator = NULL;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autofree char *path = NULL;

  store_dir = g_dir_make_tmp ("tend-bulk-edit-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (store_dir, "bulk.db", NULL);

  store = tend_store_open (path, &error);
  g_assert_no_error (error);

  generator = tend_generator_new (31, N_TICKETS, g_get_real_time () / G_USEC_PER_SEC);
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

static guint
count_unsent (TendOutbox *outbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = tend_outbox_list_items (outbox, FALSE, &error);

  g_assert_no_error (error);
  return items->len;
}

static TendTicket *
get_ticket (gint64 id)
{
  g_autoptr(GError) error = NULL;
  TendTicket *ticket = tend_store_get_ticket (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  return ticket;
}

/* Select 3 unassigned tickets, assign them to me, undo. */
static void
test_assign_and_undo (void)
{
  g_autoptr(TendSession) session = tend_session_new_for_cache (store);
  TendOutbox *outbox = tend_session_get_outbox (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GArray) items = NULL;
  TendOutboxEdit edit;
  gint64 ids[3];
  gint64 me = tend_store_get_me (store);
  guint kept = 99;

  tickets = tend_store_list_tickets (store, TEND_VIEW_UNASSIGNED, NULL, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    ids[i] = tend_ticket_get_id (g_ptr_array_index (tickets, i));
  g_assert_cmpuint (count_unsent (outbox), ==, 0);

  tend_outbox_edit_init (&edit);
  edit.assignee_id = me;
  items = tend_bulk_edit_apply (outbox, ids, G_N_ELEMENTS (ids), &edit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);
  g_assert_cmpuint (items->len, ==, 3);

  g_assert_cmpuint (count_unsent (outbox), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TendTicket) ticket = get_ticket (ids[i]);
      g_autoptr(TendOutboxItem) item = tend_outbox_get_item (outbox, g_array_index (items, gint64, i), &error);

      g_assert_no_error (error);
      g_assert_cmpint (tend_outbox_item_get_ticket_id (item), ==, ids[i]);
      g_assert_cmpint (tend_ticket_get_assignee_id (ticket), ==, me);
      g_assert_true (tend_ticket_get_pending (ticket));
    }

  g_assert_cmpuint (tend_bulk_edit_undo (outbox, items, &kept), ==, 3);
  g_assert_cmpuint (kept, ==, 0);
  g_assert_cmpuint (count_unsent (outbox), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TendTicket) ticket = get_ticket (ids[i]);

      g_assert_cmpint (tend_ticket_get_assignee_id (ticket), ==, 0);
    }

  /* A second undo finds nothing left to take back. */
  g_assert_cmpuint (tend_bulk_edit_undo (outbox, items, &kept), ==, 0);
  g_assert_cmpuint (kept, ==, 3);

  tend_session_close (session);
}

/* Status and tag for several tickets; a missing ticket makes it all or nothing. */
static void
test_status_tags_all_or_nothing (void)
{
  g_autoptr(TendSession) session = tend_session_new_for_cache (store);
  TendOutbox *outbox = tend_session_get_outbox (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GArray) items = NULL;
  const char *tags[] = { "bulk-tagged", NULL };
  TendOutboxEdit edit;
  gint64 ids[3];

  tickets = tend_store_list_tickets (store, TEND_VIEW_OPEN, NULL, 0, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 2);
  ids[0] = tend_ticket_get_id (g_ptr_array_index (tickets, 0));
  ids[1] = tend_ticket_get_id (g_ptr_array_index (tickets, 1));
  ids[2] = G_GINT64_CONSTANT (987654321987);   /* not in the store */

  tend_outbox_edit_init (&edit);
  edit.status = TEND_TICKET_STATUS_SOLVED;
  edit.add_tags = tags;

  items = tend_bulk_edit_apply (outbox, ids, 3, &edit, &error);
  g_assert_null (items);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count_unsent (outbox), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TendTicket) ticket = get_ticket (ids[i]);

      g_assert_cmpint (tend_ticket_get_status (ticket), !=, TEND_TICKET_STATUS_SOLVED);
    }

  items = tend_bulk_edit_apply (outbox, ids, 2, &edit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpuint (count_unsent (outbox), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TendTicket) ticket = get_ticket (ids[i]);

      g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_SOLVED);
      g_assert_true (strv_contains (tend_ticket_get_tags (ticket), "bulk-tagged"));
    }

  g_assert_cmpuint (tend_bulk_edit_undo (outbox, items, NULL), ==, 2);
  g_assert_cmpuint (count_unsent (outbox), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TendTicket) ticket = get_ticket (ids[i]);

      g_assert_cmpint (tend_ticket_get_status (ticket), !=, TEND_TICKET_STATUS_SOLVED);
      g_assert_false (strv_contains (tend_ticket_get_tags (ticket), "bulk-tagged"));
    }

  tend_session_close (session);
}

static gboolean
list_has_rows (gpointer data)
{
  TendInboxView *inbox = data;

  return tend_inbox_view_get_selection (inbox) != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (tend_inbox_view_get_selection (inbox))) >= 3;
}

/* The list: Ctrl+click three tickets, the action bar, Assign to Me, Undo. */
static void
test_list_selection (void)
{
  g_autoptr(TendSession) session = tend_session_new_for_cache (store);
  TendOutbox *outbox = tend_session_get_outbox (session);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  TendInboxView *inbox = g_object_new (TEND_TYPE_INBOX_VIEW, NULL);
  GtkSelectionModel *selection;
  g_autoptr(GArray) ids = NULL;
  GtkWidget *bar;
  gint64 me = tend_store_get_me (store);

  gtk_window_set_default_size (window, 420, 700);
  adw_toast_overlay_set_child (overlay, GTK_WIDGET (inbox));
  gtk_window_set_child (window, GTK_WIDGET (overlay));
  tend_inbox_view_set_store (inbox, store);
  tend_inbox_view_set_view (inbox, TEND_VIEW_UNASSIGNED);
  tend_inbox_view_set_outbox (inbox, outbox);
  gtk_window_present (window);
  g_assert_true (wait_until (list_has_rows, inbox));
  wait_for_frame (GTK_WIDGET (inbox));

  selection = GTK_SELECTION_MODEL (tend_inbox_view_get_selection (inbox));
  bar = find_widget_by_id (GTK_WIDGET (inbox), "bulk_bar");
  g_assert_nonnull (bar);

  /* A click, then two Ctrl+clicks (what GtkListView asks of the model). */
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_cmpuint (tend_ticket_selection_get_n_marked (TEND_TICKET_SELECTION (selection)), ==, 0);
  g_assert_false (gtk_action_bar_get_revealed (GTK_ACTION_BAR (bar)));
  gtk_selection_model_select_item (selection, 1, FALSE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  g_assert_cmpuint (tend_ticket_selection_get_n_marked (TEND_TICKET_SELECTION (selection)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_selection_model_is_selected (selection, i));
  g_assert_false (gtk_selection_model_is_selected (selection, 3));
  g_assert_true (gtk_action_bar_get_revealed (GTK_ACTION_BAR (bar)));

  wait_for_frame (GTK_WIDGET (inbox));
  spin_for (300);
  save_screenshot (GTK_WIDGET (window), "bulk-selection-420-light.png");

  ids = tend_ticket_selection_dup_marked_ids (TEND_TICKET_SELECTION (selection));

  /* Shift+click from the open row, a plain click, then Ctrl+A. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_range (selection, 0, 5, TRUE);
  g_assert_cmpuint (tend_ticket_selection_get_n_marked (TEND_TICKET_SELECTION (selection)), ==, 5);
  g_assert_true (gtk_selection_model_is_selected (selection, 4));
  gtk_selection_model_select_item (selection, 7, TRUE);
  g_assert_cmpuint (tend_ticket_selection_get_n_marked (TEND_TICKET_SELECTION (selection)), ==, 0);
  g_assert_false (gtk_action_bar_get_revealed (GTK_ACTION_BAR (bar)));
  gtk_selection_model_select_all (selection);
  g_assert_cmpuint (tend_ticket_selection_get_n_marked (TEND_TICKET_SELECTION (selection)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (selection)));
  gtk_selection_model_unselect_all (selection);
  g_assert_cmpuint (tend_ticket_selection_get_n_marked (TEND_TICKET_SELECTION (selection)), ==, 0);

  /* Back to the three, and Assign to Me. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  g_assert_cmpuint (tend_ticket_selection_get_n_marked (TEND_TICKET_SELECTION (selection)), ==, 3);
  g_assert_true (tend_inbox_view_bulk_assign_to_me (inbox));
  g_assert_cmpuint (count_unsent (outbox), ==, 3);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(TendTicket) ticket = get_ticket (g_array_index (ids, gint64, i));

      g_assert_cmpint (tend_ticket_get_assignee_id (ticket), ==, me);
    }
  /* The marks go with the change. */
  selection = GTK_SELECTION_MODEL (tend_inbox_view_get_selection (inbox));
  g_assert_cmpuint (tend_ticket_selection_get_n_marked (TEND_TICKET_SELECTION (selection)), ==, 0);

  g_assert_true (tend_inbox_view_bulk_undo (inbox));
  g_assert_cmpuint (count_unsent (outbox), ==, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(TendTicket) ticket = get_ticket (g_array_index (ids, gint64, i));

      g_assert_cmpint (tend_ticket_get_assignee_id (ticket), ==, 0);
    }
  g_assert_false (tend_inbox_view_bulk_undo (inbox));

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  tend_session_close (session);
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

  g_test_add_func ("/bulk-edit/assign-and-undo", test_assign_and_undo);
  g_test_add_func ("/bulk-edit/status-tags-all-or-nothing", test_status_tags_all_or_nothing);
  g_test_add_func ("/bulk-edit/list-selection", test_list_selection);

  status = g_test_run ();

  remove_store ();
  ui_test_cleanup ();

  return status;
}
