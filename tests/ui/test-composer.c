/* test-composer.c: the composer and the outbox view, on a generated store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>
#include <sqlite3.h>

#include "tend-engine.h"
#include "tend-store-private.h"
#include "tend-composer.h"
#include "tend-outbox-view.h"
#include "tend-sidebar.h"
#include "ui-test-utils.h"

static char *store_dir;
static TendStore *store;
static TendOutbox *outbox;
static TendDrafts *drafts;

static void
create_store (void)
{
  g_autoptr(TendGenerator) generator = tend_generator_new (16, 40, g_get_real_time () / G_USEC_PER_SEC);

  store = ui_test_create_desk ("composer", generator, &outbox, &drafts, &store_dir);
  /* Short, so that a test sees "saved as they type" without waiting long. */
  tend_drafts_set_delay (drafts, 50);
}

static void
remove_store (void)
{
  ui_test_remove_desk (store, &outbox, &drafts, &store_dir);
}

/* The @n-th open ticket (newest update first), customer-facing. */
#define nth_open_ticket(n) ui_test_nth_ticket (store, TEND_VIEW_OPEN, (n))

static TendTicket *
reload (TendTicket *ticket)
{
  g_autoptr(GError) error = NULL;
  TendTicket *current = tend_store_get_ticket (store, tend_ticket_get_id (ticket), &error);

  g_assert_no_error (error);
  return current;
}

static GPtrArray *
pending_items (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = tend_outbox_list_items (outbox, FALSE, &error);

  g_assert_no_error (error);
  return items;
}

/* Read from the store: the model follows in an idle. */
static guint
n_pending (void)
{
  g_autoptr(GPtrArray) items = pending_items ();

  return items->len;
}

static TendOutboxItem *
last_item (void)
{
  g_autoptr(GPtrArray) items = pending_items ();

  g_assert_cmpuint (items->len, >, 0);
  return g_object_ref (g_ptr_array_index (items, items->len - 1));
}

static char *
stored_draft (TendTicket   *ticket,
              TendDraftMode mode)
{
  g_autoptr(GError) error = NULL;
  char *text;

  g_assert_true (tend_drafts_flush (drafts, &error));
  g_assert_no_error (error);
  text = tend_drafts_load (drafts, tend_ticket_get_id (ticket), mode, &error);
  g_assert_no_error (error);
  return text;
}

static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (child);
  return window;
}

/* A composer at the bottom of a window, the way the ticket view hosts it. */
static TendComposer *
new_composer (TendTicket *ticket,
              GtkWidget **window)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *filler = adw_status_page_new ();
  GtkWidget *composer = tend_composer_new (store, outbox, drafts);

  gtk_widget_set_vexpand (filler, TRUE);
  gtk_box_append (GTK_BOX (box), filler);
  gtk_box_append (GTK_BOX (box), composer);
  tend_composer_set_ticket (TEND_COMPOSER (composer), ticket);
  *window = show_in_window (box, 760, 420);
  return TEND_COMPOSER (composer);
}

static void
type_text (TendComposer *composer,
           const char   *text)
{
  gtk_text_buffer_set_text (tend_composer_get_buffer (composer), text, -1);
}

static char *
buffer_text (TendComposer *composer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (tend_composer_get_buffer (composer), &start, &end);
  return gtk_text_buffer_get_text (tend_composer_get_buffer (composer), &start, &end, FALSE);
}

/* The local comment with @body (two sent in the same second need not
 * come in the order they were queued). */
static TendComment *
find_comment (TendTicket *ticket,
              const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = tend_store_list_comments (store, tend_ticket_get_id (ticket), &error);

  g_assert_no_error (error);
  for (guint i = 0; i < comments->len; i++)
    if (g_strcmp0 (tend_comment_get_body (g_ptr_array_index (comments, i)), body) == 0)
      return g_object_ref (g_ptr_array_index (comments, i));

  g_assert_not_reached ();
  return NULL;
}

static void
test_composer_reply_and_note (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (0);
  g_autoptr(GPtrArray) before = pending_items ();
  g_autoptr(TendOutboxItem) reply = NULL;
  g_autoptr(TendOutboxItem) note = NULL;
  g_autoptr(TendComment) comment = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *left = NULL;
  const char *body = "Thanks for waiting, Ann — the refund is on its way and should reach you within 3 days.";
  const char *note_body = "Refund approved by finance (ref. FIN-2231). Follow up on Friday if no reply.";
  GtkWidget *window;
  TendComposer *composer = new_composer (ticket, &window);
  GtkWidget *note_button = find_widget_by_id (GTK_WIDGET (composer), "note_button");
  GtkWidget *placeholder = find_widget_by_id (GTK_WIDGET (composer), "placeholder_label");

  g_assert_nonnull (note_button);
  g_assert_cmpint (tend_composer_get_mode (composer), ==, TEND_DRAFT_MODE_REPLY);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (placeholder)), ==, "Write a reply…");
  g_assert_true (gtk_widget_get_visible (placeholder));

  /* Saved as the agent types. */
  type_text (composer, body);
  g_assert_false (gtk_widget_get_visible (placeholder));
  draft = stored_draft (ticket, TEND_DRAFT_MODE_REPLY);
  g_assert_cmpstr (draft, ==, body);
  save_screenshot (GTK_WIDGET (composer), "composer-reply.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));

  /* Queued, applied locally as pending, the text and the draft gone. */
  reply = last_item ();
  g_assert_cmpuint (n_pending (), ==, before->len + 1);
  g_assert_cmpstr (tend_outbox_item_get_kind (reply), ==, "reply");
  g_assert_cmpstr (tend_outbox_item_get_body (reply), ==, body);
  g_assert_true (tend_outbox_item_get_comment_public (reply));
  g_assert_cmpint (tend_outbox_item_get_state (reply), ==, TEND_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (tend_outbox_item_get_ticket_id (reply), ==, tend_ticket_get_id (ticket));
  comment = find_comment (ticket, body);
  g_assert_true (tend_comment_get_pending (comment));
  g_assert_true (tend_comment_get_public (comment));
  left = buffer_text (composer);
  g_assert_cmpstr (left, ==, "");
  g_clear_pointer (&draft, g_free);
  draft = stored_draft (ticket, TEND_DRAFT_MODE_REPLY);
  g_assert_null (draft);

  /* Internal note: the switch, the tint, the hint, and a note item. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (note_button), TRUE);
  g_assert_cmpint (tend_composer_get_mode (composer), ==, TEND_DRAFT_MODE_NOTE);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (placeholder)), ==, "Write an internal note…");
  g_assert_true (gtk_widget_has_css_class (find_widget_by_id (GTK_WIDGET (composer), "frame"), "note-mode"));
  type_text (composer, note_body);
  save_screenshot (GTK_WIDGET (composer), "composer-note.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));

  note = last_item ();
  g_assert_cmpint (tend_outbox_item_get_id (note), >, tend_outbox_item_get_id (reply));
  g_assert_cmpstr (tend_outbox_item_get_kind (note), ==, "note");
  g_assert_cmpstr (tend_outbox_item_get_body (note), ==, note_body);
  g_assert_false (tend_outbox_item_get_comment_public (note));
  g_clear_object (&comment);
  comment = find_comment (ticket, note_body);
  g_assert_false (tend_comment_get_public (comment));
  g_assert_true (tend_comment_get_pending (comment));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The shortcut the composer answers Ctrl+Enter with (no synthetic key
 * events in GTK 4: find it and run its action the way GTK would). */
static GtkShortcut *
find_send_shortcut (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (strstr (trigger, "<Control>Return") != NULL)
            {
              /* Before the text view: else Enter is a new line. */
              g_assert_cmpint (gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)),
                               ==, GTK_PHASE_CAPTURE);
              return g_steal_pointer (&shortcut);
            }
        }
    }
  return NULL;
}

static void
test_composer_ctrl_enter (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (4);
  g_autoptr(GtkShortcut) shortcut = NULL;
  g_autoptr(TendOutboxItem) item = NULL;
  guint pending = n_pending ();
  GtkWidget *window;
  TendComposer *composer = new_composer (ticket, &window);

  shortcut = find_send_shortcut (GTK_WIDGET (composer));
  g_assert_nonnull (shortcut);
  type_text (composer, "Sent with the keyboard.");
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                               GTK_WIDGET (composer), NULL));
  g_assert_cmpuint (n_pending (), ==, pending + 1);
  item = last_item ();
  g_assert_cmpstr (tend_outbox_item_get_body (item), ==, "Sent with the keyboard.");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_composer_submit_as (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (3);
  g_autoptr(TendTicket) after = NULL;
  g_autoptr(TendOutboxItem) item = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *window;
  TendComposer *composer = new_composer (ticket, &window);

  guint pending = n_pending ();

  /* Nothing to send (blank text): nothing is queued. */
  type_text (composer, "  \n ");
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_cmpuint (n_pending (), ==, pending);
  type_text (composer, "All fixed on our side, closing this one.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.submit-as", "s", "solved"));

  item = last_item ();
  g_assert_cmpint (tend_outbox_item_get_ticket_id (item), ==, tend_ticket_get_id (ticket));
  g_assert_nonnull (strstr (tend_outbox_item_get_payload (item), "\"solved\""));
  after = reload (ticket);
  g_assert_cmpint (tend_ticket_get_status (after), ==, TEND_TICKET_STATUS_SOLVED);
  g_assert_true (tend_ticket_get_pending (after));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A new ticket's answer makes it open, as on the helpdesk: the button
 * says so and does it. */
static void
test_composer_submit_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendQuery) query = tend_query_parse ("status:new", &error);
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(TendTicket) after = NULL;
  TendTicket *ticket;
  TendComposer *composer;
  GtkWidget *window;
  AdwSplitButton *button;

  g_assert_no_error (error);
  tickets = tend_store_list_tickets (store, TEND_VIEW_ALL, query, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 1);
  ticket = g_ptr_array_index (tickets, 0);
  g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_NEW);

  composer = new_composer (ticket, &window);
  button = ADW_SPLIT_BUTTON (find_widget (GTK_WIDGET (composer), ADW_TYPE_SPLIT_BUTTON));
  g_assert_cmpstr (adw_split_button_get_label (button), ==, "Submit as Open");
  type_text (composer, "Thanks, we are on it.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  after = reload (ticket);
  g_assert_cmpint (tend_ticket_get_status (after), ==, TEND_TICKET_STATUS_OPEN);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_composer_draft_survives (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (5);
  g_autoptr(TendTicket) other = nth_open_ticket (6);
  g_autofree char *restored = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *again = NULL;
  guint pending = n_pending ();
  GtkWidget *window;
  TendComposer *composer = new_composer (ticket, &window);

  type_text (composer, "Half-written answer that must not be lost");
  /* Closing right away, before the debounce: dispose flushes. */
  gtk_window_destroy (GTK_WINDOW (window));

  composer = new_composer (ticket, &window);
  restored = buffer_text (composer);
  g_assert_cmpstr (restored, ==, "Half-written answer that must not be lost");

  /* Another ticket has its own (empty) draft; coming back restores. */
  tend_composer_set_ticket (composer, other);
  empty = buffer_text (composer);
  g_assert_cmpstr (empty, ==, "");
  tend_composer_set_ticket (composer, ticket);
  again = buffer_text (composer);
  g_assert_cmpstr (again, ==, "Half-written answer that must not be lost");
  g_assert_cmpuint (n_pending (), ==, pending);

  /* Leave the draft for the next run's sake: it is this test's alone. */
  type_text (composer, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
guard_shown (gpointer data)
{
  GtkRevealer *revealer = data;

  return gtk_revealer_get_child_revealed (revealer);
}

static void
test_composer_stale_guard (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (8);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendComment) customer = tend_comment_new (990000001);
  g_autoptr(TendOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  const char *newer = "Actually it started working again after the update — no need to refund, thanks!";
  guint pending = n_pending ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *window;
  TendComposer *composer = new_composer (ticket, &window);
  GtkWidget *revealer = find_widget_by_id (GTK_WIDGET (composer), "guard_revealer");
  GtkWidget *message = find_widget_by_id (GTK_WIDGET (composer), "guard_message");

  type_text (composer, "We have issued the refund.");

  /* Meanwhile the customer writes again (a sync brings it in). */
  tend_comment_set_ticket_id (customer, tend_ticket_get_id (ticket));
  tend_comment_set_author_id (customer, tend_ticket_get_requester_id (ticket));
  tend_comment_set_body (customer, newer);
  tend_comment_set_public (customer, TRUE);
  tend_comment_set_created_at (customer, MAX (now, tend_ticket_get_last_message_at (ticket)) + 60);
  tend_changeset_add_comment (changes, customer);
  g_assert_true (tend_store_write (store, changes, &error));
  g_assert_no_error (error);

  g_assert_false (tend_composer_get_guard_visible (composer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));

  /* Stopped before anything is queued, showing the new message. */
  g_assert_true (tend_composer_get_guard_visible (composer));
  g_assert_cmpuint (n_pending (), ==, pending);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, newer);
  g_assert_true (wait_until (guard_shown, revealer));
  save_screenshot (GTK_WIDGET (composer), "composer-guard.png");

  /* Sending again without a decision still stops. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_cmpuint (n_pending (), ==, pending);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send-anyway", NULL));
  g_assert_false (tend_composer_get_guard_visible (composer));
  g_assert_cmpuint (n_pending (), ==, pending + 1);
  item = last_item ();
  g_assert_cmpstr (tend_outbox_item_get_body (item), ==, "We have issued the refund.");

  /* The next reply is based on what the agent has now seen: no guard. */
  type_text (composer, "One more thing: keep the receipt.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_false (tend_composer_get_guard_visible (composer));
  g_assert_cmpuint (n_pending (), ==, pending + 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_review (TendComposer *composer,
           gint64        comment_id,
           gint64       *reviewed)
{
  *reviewed = comment_id;
}

static void
test_composer_review (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (10);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendComment) customer = tend_comment_new (990000002);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  guint pending = n_pending ();
  gint64 reviewed = 0;
  GtkWidget *window;
  TendComposer *composer = new_composer (ticket, &window);

  type_text (composer, "Could you send a screenshot?");
  tend_comment_set_ticket_id (customer, tend_ticket_get_id (ticket));
  tend_comment_set_author_id (customer, tend_ticket_get_requester_id (ticket));
  tend_comment_set_body (customer, "Here is the screenshot you asked for.");
  tend_comment_set_public (customer, TRUE);
  tend_comment_set_created_at (customer, g_get_real_time () / G_USEC_PER_SEC + 120);
  tend_changeset_add_comment (changes, customer);
  g_assert_true (tend_store_write (store, changes, &error));
  g_assert_no_error (error);

  g_signal_connect (composer, "review", G_CALLBACK (on_review), &reviewed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.submit-as", "s", "pending"));
  g_assert_true (tend_composer_get_guard_visible (composer));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.review", NULL));
  g_assert_false (tend_composer_get_guard_visible (composer));
  g_assert_cmpuint (n_pending (), ==, pending);
  kept = buffer_text (composer);
  g_assert_cmpstr (kept, ==, "Could you send a screenshot?");
  g_assert_cmpint (reviewed, ==, 990000002);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
one_item (gpointer data)
{
  return g_list_model_get_n_items (data) == 1;
}

static void
test_composer_macro (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (14);
  g_autoptr(TendTicket) after = NULL;
  g_autoptr(TendOutboxItem) item = NULL;
  g_autofree char *text = NULL;
  GtkWidget *window;
  TendComposer *composer = new_composer (ticket, &window);
  GtkWidget *button = find_widget_by_id (GTK_WIDGET (composer), "macros_button");
  GtkWidget *popover = find_widget_by_id (GTK_WIDGET (composer), "macros_popover");
  GtkWidget *search = find_widget_by_id (GTK_WIDGET (composer), "macro_search");
  GtkWidget *list = find_widget_by_id (GTK_WIDGET (composer), "macro_list");
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  guint all;

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  wait_for_frame (popover);
  all = g_list_model_get_n_items (model);
  g_assert_cmpuint (all, >, 3);

  /* Filtered as the agent types. */
  gtk_editable_set_text (GTK_EDITABLE (search), "refund appr");
  g_assert_true (wait_until (one_item, model));
  save_screenshot (popover, "composer-macros.png");
  g_signal_emit_by_name (list, "activate", 0);

  /* The macro's text, editable; its field changes go with the send. */
  text = buffer_text (composer);
  g_assert_true (g_str_has_prefix (text, "Good news: your refund has been approved."));
  g_assert_false (gtk_widget_get_visible (popover));
  type_text (composer, "Good news, Sam: your refund has been approved.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));

  item = last_item ();
  g_assert_cmpint (tend_outbox_item_get_ticket_id (item), ==, tend_ticket_get_id (ticket));
  g_assert_cmpstr (tend_outbox_item_get_body (item), ==, "Good news, Sam: your refund has been approved.");
  g_assert_nonnull (strstr (tend_outbox_item_get_payload (item), "\"macro_id\""));
  g_assert_nonnull (strstr (tend_outbox_item_get_payload (item), "refund_approved"));
  after = reload (ticket);
  g_assert_cmpint (tend_ticket_get_status (after), ==, TEND_TICKET_STATUS_SOLVED);
  g_assert_true (g_strv_contains (tend_ticket_get_tags (after), "refund_approved"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Offline, a send still queues, and says it waits for the connection. */
static void
test_composer_offline (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (2);
  g_autoptr(TendConnectivity) connectivity = tend_connectivity_new (NULL);
  g_autoptr(GError) network = g_error_new_literal (TEND_ERROR, TEND_ERROR_NETWORK, "no route to host");
  guint pending = n_pending ();
  GtkWidget *window;
  TendComposer *composer = new_composer (ticket, &window);
  GtkWidget *status = find_widget_by_id (GTK_WIDGET (composer), "status_label");

  g_object_set (composer, "connectivity", connectivity, NULL);
  tend_connectivity_report_error (connectivity, network);
  g_assert_false (tend_connectivity_get_online (connectivity));

  type_text (composer, "Written on a train without signal.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_cmpuint (n_pending (), ==, pending + 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==,
                   "Offline: the reply is sent when the connection is back");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
error_shown (gpointer data)
{
  return gtk_revealer_get_reveal_child (data);
}

/* A full disk: the send fails with a clear error and the text stays, in
 * the composer and in TendDrafts. */
static void
test_composer_disk_full (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (12);
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *draft = NULL;
  guint pending = n_pending ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 pages;
  GtkWidget *window;
  TendComposer *composer = new_composer (ticket, &window);
  GtkWidget *revealer = find_widget_by_id (GTK_WIDGET (composer), "error_revealer");
  GtkWidget *label = find_widget_by_id (GTK_WIDGET (composer), "error_label");

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (big, "line %u of a very long answer\n", i);
  type_text (composer, big->str);
  g_assert_true (tend_drafts_flush (drafts, &error));
  g_assert_no_error (error);

  /* The database may not grow by a single page any more. */
  g_assert_cmpint (sqlite3_open_v2 (tend_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_true (_tend_store_set_max_page_count (store, (int) pages, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_true (wait_until (error_shown, revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "full"));
  g_assert_cmpuint (n_pending (), ==, pending);
  kept = buffer_text (composer);
  g_assert_cmpstr (kept, ==, big->str);

  /* Room again: the draft is still there, and sending works. */
  g_assert_true (_tend_store_set_max_page_count (store, 1 << 30, &error));
  g_assert_no_error (error);
  draft = stored_draft (ticket, TEND_DRAFT_MODE_REPLY);
  g_assert_cmpstr (draft, ==, big->str);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_cmpuint (n_pending (), ==, pending + 1);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
item_in_state (gpointer data)
{
  gint64 id = *(gint64 *) data;
  GListModel *model = G_LIST_MODEL (outbox);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TendOutboxItem) item = g_list_model_get_item (model, i);

      if (tend_outbox_item_get_id (item) == id)
        return tend_outbox_item_get_state (item) == TEND_OUTBOX_STATE_CONFLICT;
    }
  return FALSE;
}

static gboolean
item_gone (gpointer data)
{
  gint64 id = *(gint64 *) data;
  GListModel *model = G_LIST_MODEL (outbox);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TendOutboxItem) item = g_list_model_get_item (model, i);

      if (tend_outbox_item_get_id (item) == id)
        return FALSE;
    }
  return TRUE;
}

static guint
count_visible_buttons (GtkWidget  *root,
                       const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  guint n = 0;

  collect_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0 &&
          gtk_widget_get_mapped (button))
        n++;
    }
  return n;
}

static void
test_outbox_view (void)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TendOutboxItem) conflicting = NULL;
  g_autoptr(TendOutboxItem) failing = NULL;
  g_autoptr(TendOutboxItem) after = NULL;
  GtkWidget *view;
  GtkWidget *window;
  GtkWidget *stack;
  gint64 conflict_id;
  gint64 failed_id;
  guint n;

  /* The earlier tests queued a few changes. */
  items = pending_items ();
  g_assert_cmpuint (items->len, >=, 4);
  conflicting = g_object_ref (g_ptr_array_index (items, 0));
  failing = g_object_ref (g_ptr_array_index (items, 1));
  conflict_id = tend_outbox_item_get_id (conflicting);
  failed_id = tend_outbox_item_get_id (failing);

  g_assert_true (_tend_store_outbox_set_state (store, conflict_id, TEND_OUTBOX_STATE_CONFLICT,
                                               "The customer replied after this was written",
                                               0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (_tend_store_outbox_set_state (store, failed_id, TEND_OUTBOX_STATE_FAILED,
                                               "The helpdesk refused the change: 422 Unprocessable Entity",
                                               0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (item_in_state, &conflict_id));

  /* The sidebar's Outbox row: how many wait, and in red how many wait
   * for the agent's decision. */
  g_assert_cmpuint (tend_outbox_get_n_attention (outbox), ==, 2);
  {
    GtkWidget *sidebar = g_object_new (TEND_TYPE_SIDEBAR, NULL);
    GtkWidget *sidebar_window;
    GtkWidget *attention;

    tend_sidebar_set_outbox (TEND_SIDEBAR (sidebar), outbox);
    sidebar_window = show_in_window (sidebar, 260, 420);
    attention = find_widget_by_id (sidebar, "outbox_attention");
    g_assert_nonnull (attention);
    g_assert_true (gtk_widget_get_mapped (attention));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (attention)), ==, "2");
    g_assert_cmpstr (gtk_widget_get_tooltip_text (attention), ==, "2 need your decision");
    save_light_and_dark (sidebar_window, "sidebar-outbox-attention");
    gtk_window_destroy (GTK_WINDOW (sidebar_window));
  }

  view = tend_outbox_view_new (outbox);
  window = show_in_window (view, 900, 560);
  stack = find_widget_by_id (view, "stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "list");
  spin_for (100);

  g_assert_cmpuint (count_visible_buttons (view, "Send _Anyway"), ==, 1);
  g_assert_cmpuint (count_visible_buttons (view, "_Retry"), ==, 1);
  g_assert_cmpuint (count_visible_buttons (view, "_Discard"), ==, 2);
  save_screenshot (view, "outbox-view.png");

  /* Send anyway: queued again. */
  g_assert_true (gtk_widget_activate_action (view, "outbox.send-anyway", "x", (gint64) conflict_id));
  after = tend_outbox_get_item (outbox, conflict_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_outbox_item_get_state (after), ==, TEND_OUTBOX_STATE_QUEUED);

  /* Retry: queued again too. */
  g_assert_true (gtk_widget_activate_action (view, "outbox.retry", "x", (gint64) failed_id));
  g_clear_object (&after);
  after = tend_outbox_get_item (outbox, failed_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_outbox_item_get_state (after), ==, TEND_OUTBOX_STATE_QUEUED);

  /* Discard a conflict: gone from the list, its text back as a draft. */
  g_assert_true (_tend_store_outbox_set_state (store, conflict_id, TEND_OUTBOX_STATE_CONFLICT,
                                               NULL, 0, FALSE, &error));
  g_assert_no_error (error);
  n = n_pending ();
  g_assert_true (gtk_widget_activate_action (view, "outbox.discard", "x", (gint64) conflict_id));
  g_assert_true (wait_until (item_gone, &conflict_id));
  g_assert_cmpuint (n_pending (), ==, n - 1);
  {
    g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, tend_outbox_item_get_ticket_id (conflicting), &error);
    g_autofree char *draft = NULL;

    g_assert_no_error (error);
    draft = stored_draft (ticket, tend_outbox_item_get_comment_public (conflicting) ? TEND_DRAFT_MODE_REPLY
                                                                                   : TEND_DRAFT_MODE_NOTE);
    g_assert_cmpstr (draft, ==, tend_outbox_item_get_body (conflicting));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_outbox_view_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (store_dir, "empty.db", NULL);
  g_autoptr(TendStore) empty_store = tend_store_open (path, &error);
  g_autoptr(TendOutbox) empty_outbox = NULL;
  GtkWidget *view;
  GtkWidget *window;

  g_assert_no_error (error);
  empty_outbox = tend_outbox_new (empty_store);
  view = tend_outbox_view_new (empty_outbox);
  window = show_in_window (view, 900, 560);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget_by_id (view, "stack"))), ==, "empty");
  save_screenshot (view, "outbox-empty.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The note tint and the guard in the dark style. */
static void
test_composer_dark (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (1);
  g_autoptr(GtkCssProvider) dark = gtk_css_provider_new ();
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *window;
  TendComposer *composer;

  gtk_css_provider_load_from_resource (dark, RESOURCE_BASE "/style-dark.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (dark),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);

  composer = new_composer (ticket, &window);
  g_assert_true (adw_style_manager_get_dark (manager));
  type_text (composer, "We have a fix ready for this, shipping in the next release.");
  save_screenshot (GTK_WIDGET (composer), "composer-reply-dark.png");
  tend_composer_set_mode (composer, TEND_DRAFT_MODE_NOTE);
  type_text (composer, "Customer is on the legacy plan — check billing before promising anything.");
  save_screenshot (GTK_WIDGET (composer), "composer-note-dark.png");
  type_text (composer, "");
  tend_composer_set_mode (composer, TEND_DRAFT_MODE_REPLY);
  type_text (composer, "");
  gtk_window_destroy (GTK_WINDOW (window));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (dark));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;
  int status;

  if (!ui_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the UI tests\n");
      return 77;
    }

  adw_init ();
  /* A plain GtkWindow gets no application stylesheet: load Tend's. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  create_store ();

  g_test_add_func ("/ui/composer/reply-and-note", test_composer_reply_and_note);
  g_test_add_func ("/ui/composer/submit-as", test_composer_submit_as);
  g_test_add_func ("/ui/composer/submit-new", test_composer_submit_new);
  g_test_add_func ("/ui/composer/ctrl-enter", test_composer_ctrl_enter);
  g_test_add_func ("/ui/composer/draft-survives", test_composer_draft_survives);
  g_test_add_func ("/ui/composer/stale-guard", test_composer_stale_guard);
  g_test_add_func ("/ui/composer/review", test_composer_review);
  g_test_add_func ("/ui/composer/macro", test_composer_macro);
  g_test_add_func ("/ui/composer/offline", test_composer_offline);
  g_test_add_func ("/ui/composer/disk-full", test_composer_disk_full);
  g_test_add_func ("/ui/outbox-view/items", test_outbox_view);
  g_test_add_func ("/ui/outbox-view/empty", test_outbox_view_empty);
  g_test_add_func ("/ui/composer/dark", test_composer_dark);

  status = g_test_run ();

  remove_store ();
  ui_test_cleanup ();

  return status;
}
