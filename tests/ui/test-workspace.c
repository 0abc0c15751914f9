/* test-workspace.c: the agent workspace over a generated cache
 *
 * A few hundred tickets from TendGenerator go into a temporary database,
 * plus one hostile ticket (markup in its subject, a 100 kB one-line body,
 * right-to-left text and emoji); then the real application shows that
 * store the way `tend --db FILE` does, and each test drives its window:
 * views and their counts, opening a ticket, j/k, search and Escape,
 * narrow and wide layouts, light and dark. Screenshots of the main screens
 * go to tests/ui/screenshots/ in the build directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-workspace"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "tend-engine.h"
#include "tend-application.h"
#include "tend-clock.h"
#include "tend-inbox-view.h"
#include "tend-list-slot.h"
#include "tend-message-row.h"
#include "tend-composer.h"
#include "tend-side-panel.h"
#include "tend-sidebar.h"
#include "tend-slot-selection.h"
#include "tend-ticket-row.h"
#include "tend-ticket-selection.h"
#include "tend-ticket-view.h"
#include "tend-window.h"
#include "tend-workspace.h"
#include "tend-ui-utils.h"
#include "ui-test-utils.h"

#define N_TICKETS       300
#define HOSTILE_ID      990001
#define HOSTILE_SUBJECT "<b>x</b> &amp; <span foreground=\"red\">"
#define HOSTILE_NAME    "مريم الحسيني 🦊"
#define HOSTILE_FILE    "<i>report</i>.pdf"
#define LONG_ID         990100
#define LONG_N          20
#define HOSTILE_REPLY   "שלום! <a href=\"javascript:alert(1)\">click</a> 🎉 &lt;ok&gt;"

static TendStore *store;
static char *store_dir;
static char *long_body;

/* The fixture */

static void
add_hostile_ticket (TendChangeset *changes,
                    gint64         me,
                    gint64         now)
{
  g_autoptr(TendUser) customer = tend_user_new (HOSTILE_ID);
  g_autoptr(TendTicket) ticket = tend_ticket_new (HOSTILE_ID);
  g_autoptr(TendComment) first = tend_comment_new (HOSTILE_ID);
  g_autoptr(TendComment) reply = tend_comment_new (HOSTILE_ID + 1);
  g_autoptr(TendComment) note = tend_comment_new (HOSTILE_ID + 2);
  g_autoptr(TendAttachment) attachment = tend_attachment_new (HOSTILE_ID);
  const char *tags[] = { "<vip>", "billing", NULL };
  GString *body = g_string_new ("Start ");

  /* 100 kB on one line, words and markup-looking bits, no line break. */
  while (body->len < 100 * 1024)
    g_string_append (body, "<b>bold?</b> &amp; plain words مرحبا 🙂 ");
  g_string_append (body, "end.");
  long_body = g_string_free (body, FALSE);

  tend_user_set_name (customer, HOSTILE_NAME);
  tend_user_set_email (customer, "maryam+<test>@example.com");
  tend_user_set_role (customer, TEND_USER_ROLE_END_USER);
  tend_changeset_add_user (changes, customer);

  tend_ticket_set_subject (ticket, HOSTILE_SUBJECT);
  tend_ticket_set_description (ticket, long_body);
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_OPEN);
  tend_ticket_set_priority (ticket, TEND_TICKET_PRIORITY_URGENT);
  tend_ticket_set_ticket_type (ticket, "incident");
  tend_ticket_set_requester_id (ticket, HOSTILE_ID);
  tend_ticket_set_assignee_id (ticket, me);
  tend_ticket_set_tags (ticket, tags);
  tend_ticket_set_created_at (ticket, now - 7200);
  /* The newest update: first in "Assigned to me". */
  tend_ticket_set_updated_at (ticket, now + 60);
  tend_changeset_add_ticket (changes, ticket);

  tend_comment_set_ticket_id (first, HOSTILE_ID);
  tend_comment_set_author_id (first, HOSTILE_ID);
  tend_comment_set_body (first, long_body);
  tend_comment_set_public (first, TRUE);
  tend_comment_set_created_at (first, now - 7200);
  tend_attachment_set_comment_id (attachment, HOSTILE_ID);
  tend_attachment_set_ticket_id (attachment, HOSTILE_ID);
  tend_attachment_set_file_name (attachment, HOSTILE_FILE);
  tend_attachment_set_content_type (attachment, "application/pdf");
  tend_attachment_set_size (attachment, 123456);
  tend_comment_add_attachment (first, attachment);
  tend_changeset_add_comment (changes, first);

  tend_comment_set_ticket_id (reply, HOSTILE_ID);
  tend_comment_set_author_id (reply, me);
  tend_comment_set_body (reply, HOSTILE_REPLY);
  tend_comment_set_public (reply, TRUE);
  tend_comment_set_created_at (reply, now - 3600);
  tend_changeset_add_comment (changes, reply);

  tend_comment_set_ticket_id (note, HOSTILE_ID);
  tend_comment_set_author_id (note, me);
  tend_comment_set_body (note, "Internal: customer is on the <enterprise> plan.");
  tend_comment_set_public (note, FALSE);
  tend_comment_set_created_at (note, now - 1800);
  tend_changeset_add_comment (changes, note);
}

/* A thread long enough to open with its middle folded away. */
static void
add_long_ticket (TendChangeset *changes,
                 gint64         me,
                 gint64         now)
{
  g_autoptr(TendTicket) ticket = tend_ticket_new (LONG_ID);

  tend_ticket_set_subject (ticket, "A long thread");
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_OPEN);
  tend_ticket_set_requester_id (ticket, HOSTILE_ID);
  tend_ticket_set_assignee_id (ticket, me);
  tend_ticket_set_created_at (ticket, now - 86400);
  /* Second in "Assigned to me", after the hostile ticket. */
  tend_ticket_set_updated_at (ticket, now + 30);
  tend_changeset_add_ticket (changes, ticket);

  for (guint i = 0; i < LONG_N; i++)
    {
      g_autoptr(TendComment) comment = tend_comment_new (LONG_ID * 100 + i);
      g_autofree char *body = g_strdup_printf ("Message number %u of the long thread.\n\nWith a second paragraph.", i);

      tend_comment_set_ticket_id (comment, LONG_ID);
      tend_comment_set_author_id (comment, i % 2 ? me : HOSTILE_ID);
      tend_comment_set_body (comment, body);
      tend_comment_set_public (comment, TRUE);
      tend_comment_set_created_at (comment, now - 86400 + i * 600);
      tend_changeset_add_comment (changes, comment);
    }
}

static void
create_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendGenerator) generator = NULL;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  generator = tend_generator_new (9, N_TICKETS, now);
  store = ui_test_create_store ("workspace", generator, &store_dir);

  add_hostile_ticket (changes, tend_generator_get_me_id (generator), now);
  add_long_ticket (changes, tend_generator_get_me_id (generator), now);
  g_assert_true (tend_store_write (store, changes, &error));
  g_assert_no_error (error);

  /* Let the store's "changed" emissions for these writes go by. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
remove_store (void)
{
  ui_test_remove_store (store, &store_dir);
  g_clear_pointer (&long_body, g_free);
}

/* Helpers */

typedef struct
{
  TendWorkspace  *workspace;
  TendSidebar    *sidebar;
  TendInboxView  *inbox;
  TendTicketView *ticket_view;
} Panes;

static Panes
get_panes (TendWindow *window)
{
  Panes panes;

  panes.workspace = tend_window_get_workspace (window);
  panes.sidebar = tend_workspace_get_sidebar (panes.workspace);
  panes.inbox = tend_workspace_get_inbox (panes.workspace);
  panes.ticket_view = tend_workspace_get_ticket_view (panes.workspace);

  return panes;
}

/* Runs the key binding of @widget (or of an ancestor, as a key press
 * bubbling up would) whose trigger is @accelerator. */
static void
press_shortcut (GtkWidget  *widget,
                const char *accelerator)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (w);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;

          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

              if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
                {
                  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                               GTK_SHORTCUT_ACTION_EXCLUSIVE, w,
                                                               gtk_shortcut_get_arguments (shortcut)));
                  return;
                }
            }
        }
    }

  g_error ("No shortcut %s on %s or its ancestors", accelerator, G_OBJECT_TYPE_NAME (widget));
}

static guint
count_children_of_type (GtkWidget *root,
                        GType      type,
                        gboolean   mapped_only)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  guint n = 0;

  collect_widgets (root, type, found);
  for (guint i = 0; i < found->len; i++)
    if (!mapped_only || gtk_widget_get_mapped (g_ptr_array_index (found, i)))
      n++;

  return n;
}

static TendTicketRow *
find_row_for (GtkWidget *root,
              gint64     id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_widgets (root, TEND_TYPE_TICKET_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      TendTicket *ticket = tend_ticket_row_get_ticket (g_ptr_array_index (rows, i));

      if (ticket != NULL && tend_ticket_get_id (ticket) == id &&
          gtk_widget_get_mapped (g_ptr_array_index (rows, i)))
        return g_ptr_array_index (rows, i);
    }

  return NULL;
}

/* Whether a row draws its subject in bold, as for an unread ticket. */
static gboolean
row_is_bold (TendTicketRow *row)
{
  PangoLayout *layout = tend_ticket_row_get_layout (row, TEND_TICKET_ROW_SUBJECT);
  PangoAttrList *attrs = pango_layout_get_attributes (layout);
  GSList *list = attrs != NULL ? pango_attr_list_get_attributes (attrs) : NULL;
  gboolean bold = FALSE;

  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_WEIGHT && ((PangoAttrInt *) attr)->value >= PANGO_WEIGHT_BOLD)
        bold = TRUE;
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);

  return bold;
}

static void
show_view (Panes    *panes,
           TendView  view)
{
  tend_sidebar_set_view (panes->sidebar, view);
  g_assert_cmpint (tend_inbox_view_get_view (panes->inbox), ==, view);
  wait_for_frame (GTK_WIDGET (panes->inbox));
}

static void
settle (GtkWidget *widget)
{
  /* Leaflet transitions and list layout take a few frames. */
  spin_for (150);
  wait_for_frame (widget);
}

/* Views and their counts */

static void
check_views (TendApplication *app,
             TendWindow      *window)
{
  static const TendView views[] = {
    TEND_VIEW_MINE, TEND_VIEW_UNASSIGNED, TEND_VIEW_OPEN,
    TEND_VIEW_PENDING, TEND_VIEW_RECENT, TEND_VIEW_SOLVED,
  };
  Panes panes = get_panes (window);
  AdwWindowTitle *title = ADW_WINDOW_TITLE (find_widget_by_id (GTK_WIDGET (panes.workspace), "list_title"));
  GtkWidget *list_view = find_widget_by_id (GTK_WIDGET (panes.inbox), "list_view");
  AdwStatusPage *empty = ADW_STATUS_PAGE (find_widget_by_id (GTK_WIDGET (panes.ticket_view), "empty_page"));
  GtkWidget *account = find_widget_by_id (GTK_WIDGET (panes.sidebar), "account_label");
  GtkWidget *status = find_widget_by_id (GTK_WIDGET (panes.sidebar), "status_label");
  g_autofree char *expected_account = NULL;
  g_autofree char *basename = g_path_get_basename (tend_store_get_path (store));

  g_assert_nonnull (title);
  g_assert_nonnull (list_view);

  /* The offline account and its state */
  expected_account = g_strdup_printf ("Offline cache: %s", basename);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (account)), ==, expected_account);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "Showing cached tickets");

  /* Nothing open yet */
  g_assert_null (tend_ticket_view_get_ticket (panes.ticket_view));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty)));
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Ticket Selected");

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autoptr(GError) error = NULL;
      guint expected = tend_store_count_tickets (store, views[i], NULL, &error);
      TendTicketList *list;

      g_assert_no_error (error);
      show_view (&panes, views[i]);

      list = tend_inbox_view_get_list (panes.inbox);
      g_assert_nonnull (list);
      g_assert_cmpint (tend_ticket_list_get_view (list), ==, views[i]);
      g_assert_null (tend_ticket_list_get_query (list));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
      g_assert_cmpuint (tend_sidebar_get_count (panes.sidebar, views[i]), ==, expected);
      g_assert_cmpstr (adw_window_title_get_title (title), ==, tend_view_get_label (views[i]));

      /* The generated helpdesk has tickets in every view, and they are on screen. */
      g_assert_cmpuint (expected, >, 0);
      g_assert_cmpuint (count_children_of_type (list_view, TEND_TYPE_TICKET_ROW, TRUE), >, 0);
    }

  /* A view's count follows the store. */
  g_assert_cmpuint (tend_sidebar_get_count (panes.sidebar, TEND_VIEW_OPEN), >,
                    tend_sidebar_get_count (panes.sidebar, TEND_VIEW_PENDING));
}

static void
test_workspace_views (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application_with_store (store, check_views);
}

/* Opening a ticket */

static void
check_open_ticket (TendApplication *app,
                   TendWindow      *window)
{
  Panes panes = get_panes (window);
  TendTicketSelection *selection;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TendTicket) stored = NULL;
  GtkWidget *subject_label;
  GtkWidget *conversation;
  TendTicket *ticket;
  TendTicketRow *row;
  gint64 id;
  gint64 deadline;
  guint kinds[3] = { 0, };

  show_view (&panes, TEND_VIEW_OPEN);
  selection = tend_inbox_view_get_selection (panes.inbox);

  /* The third ticket: the hostile one and the long thread come first and
   * are tested apart. */
  tend_ticket_selection_set_selected (selection, 2);
  ticket = tend_inbox_view_get_selected_ticket (panes.inbox);
  g_assert_nonnull (ticket);
  id = tend_ticket_get_id (ticket);
  g_assert_true (tend_ticket_get_unread (ticket));
  wait_for_frame (GTK_WIDGET (panes.ticket_view));

  /* The header */
  g_assert_nonnull (tend_ticket_view_get_ticket (panes.ticket_view));
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (panes.ticket_view)), ==, id);
  subject_label = find_widget_by_id (GTK_WIDGET (panes.ticket_view), "subject_label");
  /* On a loaded CI machine the header can be mapped a frame later than
   * the pane (CI run of 1153e05 in session 4). */
  wait_for_frame (subject_label);
  g_assert_true (gtk_widget_get_mapped (subject_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (subject_label)), ==, tend_ticket_get_subject (ticket));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_widget_by_id (GTK_WIDGET (panes.ticket_view), "requester_label"))),
                   ==, tend_ticket_get_requester_name (ticket));

  /* The conversation: one row per message, each kind styled as such */
  comments = tend_store_list_comments (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, >, 0);
  conversation = find_widget_by_id (GTK_WIDGET (panes.ticket_view), "conversation");
  collect_widgets (conversation, TEND_TYPE_MESSAGE_ROW, rows);
  g_assert_cmpuint (rows->len, ==, comments->len);
  g_assert_cmpuint (tend_ticket_view_get_n_messages (panes.ticket_view), ==, comments->len);
  for (guint i = 0; i < rows->len; i++)
    {
      TendMessageRow *message = g_ptr_array_index (rows, i);
      TendComment *comment = g_ptr_array_index (comments, i);
      TendMessageKind kind = tend_message_row_get_kind (message);

      g_assert_cmpint (tend_comment_get_id (tend_message_row_get_comment (message)), ==,
                       tend_comment_get_id (comment));
      g_assert_cmpint (kind == TEND_MESSAGE_KIND_NOTE, ==, !tend_comment_get_public (comment));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (message),
                                               kind == TEND_MESSAGE_KIND_NOTE ? "internal-note" :
                                               kind == TEND_MESSAGE_KIND_AGENT ? "from-agent" :
                                               "from-customer"));
      kinds[kind]++;
    }
  /* The first message of a ticket is the customer's. */
  g_assert_cmpint (tend_message_row_get_kind (g_ptr_array_index (rows, 0)), ==, TEND_MESSAGE_KIND_CUSTOMER);
  g_assert_cmpuint (kinds[TEND_MESSAGE_KIND_CUSTOMER], >, 0);

  /* Opening it marked it read: in the store, and the row is no longer bold. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  do
    {
      g_clear_object (&stored);
      spin_for (20);
      stored = tend_store_get_ticket (store, id, &error);
      g_assert_no_error (error);
    }
  while (tend_ticket_get_unread (stored) && g_get_monotonic_time () < deadline);
  g_assert_false (tend_ticket_get_unread (stored));
  wait_for_frame (GTK_WIDGET (panes.inbox));
  row = find_row_for (GTK_WIDGET (panes.inbox), id);
  g_assert_nonnull (row);
  g_assert_false (row_is_bold (row));
  g_assert_false (tend_ticket_get_unread (tend_ticket_row_get_ticket (row)));
  /* ... and the selection survived the list's reload. */
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, id);

  /* A row still unread is bold. */
  {
    g_autoptr(TendTicket) other = g_list_model_get_item (G_LIST_MODEL (selection), 3);

    g_assert_true (tend_ticket_get_unread (other));
    row = find_row_for (GTK_WIDGET (panes.inbox), tend_ticket_get_id (other));
  }
  g_assert_nonnull (row);
  g_assert_true (row_is_bold (row));
}

static void
test_workspace_open_ticket (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application_with_store (store, check_open_ticket);
}

/* j and k */

static void
check_keyboard (TendApplication *app,
                TendWindow      *window)
{
  Panes panes = get_panes (window);
  TendTicketSelection *selection;
  GtkWidget *list_view = find_widget_by_id (GTK_WIDGET (panes.inbox), "list_view");
  guint n;

  show_view (&panes, TEND_VIEW_SOLVED);
  selection = tend_inbox_view_get_selection (panes.inbox);
  n = g_list_model_get_n_items (G_LIST_MODEL (selection));
  g_assert_cmpuint (n, >, 3);
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);

  /* From the list, as a key press there would bubble up. */
  gtk_widget_grab_focus (list_view);
  press_shortcut (list_view, "j");
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, 0);
  press_shortcut (list_view, "j");
  press_shortcut (list_view, "j");
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, 2);
  press_shortcut (list_view, "k");
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, 1);
  wait_for_frame (GTK_WIDGET (panes.ticket_view));

  /* The ticket pane follows. */
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (panes.ticket_view)), ==,
                   tend_ticket_get_id (tend_ticket_selection_get_selected_item (selection)));

  /* From the conversation too (a selectable label has the focus there). */
  press_shortcut (find_widget_by_id (GTK_WIDGET (panes.ticket_view), "subject_label"), "j");
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, 2);

  /* k at the top stays at the top. */
  tend_ticket_selection_set_selected (selection, 0);
  press_shortcut (list_view, "k");
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, 0);

  /* j far down the list scrolls the list there. */
  tend_ticket_selection_set_selected (selection, n - 2);
  press_shortcut (list_view, "j");
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, n - 1);
  settle (GTK_WIDGET (window));
  g_assert_nonnull (find_row_for (list_view,
                                  tend_ticket_get_id (tend_ticket_selection_get_selected_item (selection))));
  press_shortcut (list_view, "j");
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, n - 1);
}

static void
test_workspace_keyboard (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application_with_store (store, check_keyboard);
}

/* The open ticket stays selected, by id */

typedef struct
{
  TendInboxView *inbox;
  gint64         id;
  guint          position;
} SelectionWait;

/* The list reloaded (the store's "changed" comes from an idle) and shows
 * ticket @id at @position, or no selection for an id of 0. */
static gboolean
selection_at (gpointer data)
{
  SelectionWait *wait = data;
  TendTicketSelection *selection = tend_inbox_view_get_selection (wait->inbox);
  TendTicket *ticket = tend_ticket_selection_get_selected_item (selection);

  if (wait->id == 0)
    return ticket == NULL;
  return ticket != NULL && tend_ticket_get_id (ticket) == wait->id &&
         tend_ticket_selection_get_selected (selection) == wait->position;
}

static void
write_ticket (TendTicket *ticket)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;

  tend_changeset_add_ticket (changes, ticket);
  g_assert_true (tend_store_write (store, changes, &error));
  g_assert_no_error (error);
}

/* Below, with the search tests. */
static void type_search (TendInboxView *inbox,
                         const char    *text);

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
check_selection_follows (TendApplication *app,
                         TendWindow      *window)
{
  Panes panes = get_panes (window);
  GtkWidget *list_view = find_widget_by_id (GTK_WIDGET (panes.inbox), "list_view");
  GtkWidget *entry = find_widget_by_id (GTK_WIDGET (panes.inbox), "search_entry");
  TendTicketSelection *selection;
  g_autoptr(TendTicket) original_mover = NULL;
  g_autoptr(TendTicket) original_open = NULL;
  g_autoptr(TendTicket) mover = NULL;
  g_autoptr(TendTicket) gone = NULL;
  g_autoptr(TendTicket) item = NULL;
  SelectionWait wait = { panes.inbox, 0, 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 open_id;
  gint64 below_id;
  gint64 mover_id;
  guint opened = 0;
  gulong handler;

  show_view (&panes, TEND_VIEW_SOLVED);
  selection = tend_inbox_view_get_selection (panes.inbox);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), >, 8);

  gtk_widget_grab_focus (list_view);
  tend_ticket_selection_set_selected (selection, 3);
  wait_for_frame (GTK_WIDGET (panes.ticket_view));
  open_id = tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox));
  item = g_list_model_get_item (G_LIST_MODEL (selection), 4);
  below_id = tend_ticket_get_id (item);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (selection), 6);
  mover_id = tend_ticket_get_id (item);
  g_clear_object (&item);
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (panes.ticket_view)), ==, open_id);
  original_mover = tend_store_get_ticket (store, mover_id, NULL);
  original_open = tend_store_get_ticket (store, open_id, NULL);
  g_assert_nonnull (original_mover);
  g_assert_nonnull (original_open);

  /* Finding the open ticket again opens nothing again. */
  handler = g_signal_connect_swapped (panes.inbox, "notify::selected-ticket",
                                      G_CALLBACK (count_notify), &opened);

  /* A ticket from below it is updated and sorts above it: the open ticket
   * moves down a row and stays selected. */
  mover = tend_store_get_ticket (store, mover_id, NULL);
  tend_ticket_set_updated_at (mover, now + 3600);
  write_ticket (mover);
  wait.id = open_id;
  wait.position = 4;
  g_assert_true (wait_until (selection_at, &wait));
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, open_id);
  item = g_list_model_get_item (G_LIST_MODEL (selection), 0);
  g_assert_cmpint (tend_ticket_get_id (item), ==, mover_id);
  g_clear_object (&item);
  g_assert_cmpuint (opened, ==, 0);
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (panes.ticket_view)), ==, open_id);

  /* j goes on from it, not from the top. */
  press_shortcut (list_view, "j");
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, below_id);
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, 5);
  press_shortcut (list_view, "k");
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, open_id);
  wait_for_frame (GTK_WIDGET (panes.ticket_view));
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (panes.ticket_view)), ==, open_id);

  /* A search, then Escape: back to the view, the open ticket selected. */
  press_shortcut (list_view, "<Control>f");
  g_assert_true (tend_inbox_view_get_search_mode (panes.inbox));
  type_search (panes.inbox, "status:solved");
  g_assert_nonnull (tend_ticket_list_get_query (tend_inbox_view_get_list (panes.inbox)));
  opened = 0;
  press_shortcut (entry, "Escape");
  g_assert_false (tend_inbox_view_get_search_mode (panes.inbox));
  g_assert_null (tend_ticket_list_get_query (tend_inbox_view_get_list (panes.inbox)));
  selection = tend_inbox_view_get_selection (panes.inbox);
  g_assert_nonnull (tend_inbox_view_get_selected_ticket (panes.inbox));
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, open_id);
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, 4);
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (panes.ticket_view)), ==, open_id);
  press_shortcut (list_view, "j");
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, below_id);
  press_shortcut (list_view, "k");
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, open_id);

  /* The open ticket leaves the view: no row is selected, it stays open,
   * and j goes on to the ticket that was below it. */
  gone = tend_store_get_ticket (store, open_id, NULL);
  tend_ticket_set_status (gone, TEND_TICKET_STATUS_OPEN);
  write_ticket (gone);
  wait.id = 0;
  g_assert_true (wait_until (selection_at, &wait));
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (panes.ticket_view)), ==, open_id);
  press_shortcut (list_view, "j");
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, below_id);
  g_assert_cmpuint (tend_ticket_selection_get_selected (selection), ==, 4);

  g_signal_handler_disconnect (panes.inbox, handler);

  /* The store as the other tests know it. */
  write_ticket (original_mover);
  write_ticket (original_open);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_workspace_selection_follows (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application_with_store (store, check_selection_follows);
}

/* Search */

typedef struct
{
  TendInboxView *inbox;
  const char    *text;
} SearchWait;

static gboolean
search_shown (gpointer data)
{
  SearchWait *wait = data;
  TendTicketList *list = tend_inbox_view_get_list (wait->inbox);

  return list != NULL && tend_ticket_list_get_query (list) != NULL &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (find_widget_by_id (GTK_WIDGET (wait->inbox), "search_entry"))),
                    wait->text) == 0;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
empty_page_shown (gpointer data)
{
  TendInboxView *inbox = data;
  GtkStack *stack = GTK_STACK (find_widget_by_id (GTK_WIDGET (inbox), "stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "empty") == 0;
}

static void
type_search (TendInboxView *inbox,
             const char    *text)
{
  GtkWidget *entry = find_widget_by_id (GTK_WIDGET (inbox), "search_entry");
  SearchWait wait = { inbox, text };

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_assert_true (wait_until (search_shown, &wait));
  wait_for_frame (GTK_WIDGET (inbox));
}

static void
check_search (TendApplication *app,
              TendWindow      *window)
{
  Panes panes = get_panes (window);
  GtkWidget *entry = find_widget_by_id (GTK_WIDGET (panes.inbox), "search_entry");
  GtkWidget *hint = find_widget_by_id (GTK_WIDGET (panes.inbox), "query_hint");
  GtkWidget *list_view = find_widget_by_id (GTK_WIDGET (panes.inbox), "list_view");
  AdwStatusPage *empty = ADW_STATUS_PAGE (find_widget_by_id (GTK_WIDGET (panes.inbox), "empty_page"));
  g_autoptr(TendQuery) query = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *too_long = NULL;
  TendTicketList *results;
  GtkWidget *focus;
  guint expected;
  guint n_view;
  guint highlighted = 0;

  show_view (&panes, TEND_VIEW_OPEN);
  n_view = g_list_model_get_n_items (G_LIST_MODEL (tend_inbox_view_get_list (panes.inbox)));

  /* Ctrl+F opens the search with the focus in the entry. */
  press_shortcut (list_view, "<Control>f");
  g_assert_true (tend_inbox_view_get_search_mode (panes.inbox));
  wait_for_frame (entry);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* A word being typed matches as a prefix: "refu" finds "refund". */
  type_search (panes.inbox, "refu");
  {
    g_autoptr(TendQuery) prefix = tend_query_parse ("refu*", &error);
    g_autoptr(TendQuery) whole = tend_query_parse ("refu", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (tend_store_count_tickets (store, TEND_VIEW_ALL, whole, NULL), ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tend_inbox_view_get_list (panes.inbox))), ==,
                      tend_store_count_tickets (store, TEND_VIEW_ALL, prefix, NULL));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tend_inbox_view_get_list (panes.inbox))), >, 0);
  }

  /* Typing filters the list to the store's matches, across all tickets. */
  type_search (panes.inbox, "refund");
  query = tend_query_parse ("refund*", &error);
  g_assert_no_error (error);
  expected = tend_store_count_tickets (store, TEND_VIEW_ALL, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected, >, 0);
  results = tend_inbox_view_get_list (panes.inbox);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, expected);
  g_assert_cmpuint (expected, <, N_TICKETS);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (find_widget_by_id (GTK_WIDGET (panes.workspace), "list_title"))),
                   ==, "Search");

  /* Matched words are bold in the snippets: attributes over the plain
   * text, whose markers are gone. */
  collect_widgets (list_view, TEND_TYPE_TICKET_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      PangoLayout *snippet;
      PangoAttrList *attrs;
      const char *text;
      g_autoptr(GSList) list = NULL;

      if (!gtk_widget_get_mapped (g_ptr_array_index (rows, i)))
        continue;

      snippet = tend_ticket_row_get_layout (g_ptr_array_index (rows, i), TEND_TICKET_ROW_SNIPPET);
      text = pango_layout_get_text (snippet);
      g_assert_null (strstr (text, "\xee\x80\x80"));
      g_assert_null (strstr (text, "\xee\x80\x81"));
      attrs = pango_layout_get_attributes (snippet);
      if (attrs == NULL)
        continue;

      list = pango_attr_list_get_attributes (attrs);
      for (GSList *l = list; l != NULL; l = l->next)
        {
          PangoAttribute *attr = l->data;
          g_autofree char *word = NULL;
          g_autofree char *folded = NULL;

          /* The snippet's smaller font covers all of it. */
          if (attr->start_index == 0 && attr->end_index == PANGO_ATTR_INDEX_TO_TEXT_END)
            continue;

          word = g_strndup (text + attr->start_index, attr->end_index - attr->start_index);
          folded = g_utf8_casefold (word, -1);
          g_assert_cmpint (attr->klass->type, ==, PANGO_ATTR_WEIGHT);
          g_assert_true (g_str_has_prefix (folded, "refund"));
          highlighted++;
        }
      g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
    }
  g_assert_cmpuint (highlighted, >, 0);

  ui_test_set_dark (FALSE);
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "search-1280-light.png");
  ui_test_set_dark (TRUE);
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "search-1280-dark.png");
  ui_test_set_dark (FALSE);

  /* A query too long to use: an inline hint, the last results stay. */
  too_long = g_strnfill (TEND_QUERY_MAX_LENGTH + 10, 'a');
  {
    /* Typed (or pasted) after what is there, as the agent would. */
    int position = -1;

    gtk_editable_insert_text (GTK_EDITABLE (entry), too_long, -1, &position);
  }
  g_assert_true (wait_until (widget_visible, hint));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), !=, "");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_true (tend_inbox_view_get_list (panes.inbox) == results);

  /* Nothing found: a status page that says so, with the agent's text. */
  type_search (panes.inbox, "<b>zzqqxxyy</b>");
  g_assert_false (gtk_widget_get_visible (hint));
  g_assert_true (wait_until (empty_page_shown, panes.inbox));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tend_inbox_view_get_list (panes.inbox))), ==, 0);
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Results");
  g_assert_nonnull (strstr (adw_status_page_get_description (empty), "&lt;b&gt;zzqqxxyy&lt;/b&gt;"));
  wait_for_frame (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "search-empty-1280-light.png");

  /* Escape (the entry's own binding) returns to the view, as it was. */
  press_shortcut (entry, "Escape");
  g_assert_false (tend_inbox_view_get_search_mode (panes.inbox));
  g_assert_null (tend_ticket_list_get_query (tend_inbox_view_get_list (panes.inbox)));
  g_assert_cmpint (tend_ticket_list_get_view (tend_inbox_view_get_list (panes.inbox)), ==, TEND_VIEW_OPEN);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tend_inbox_view_get_list (panes.inbox))), ==, n_view);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (find_widget_by_id (GTK_WIDGET (panes.workspace), "list_title"))),
                   ==, tend_view_get_label (TEND_VIEW_OPEN));
}

static void
test_workspace_search (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application_with_store (store, check_search);
}

/* Hostile text */

static void
check_hostile (TendApplication *app,
               TendWindow      *window)
{
  Panes panes = get_panes (window);
  TendTicketSelection *selection;
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *subject_label;
  GtkWidget *body;
  TendTicketRow *row;
  gboolean found_file = FALSE;
  gboolean found_tag = FALSE;

  show_view (&panes, TEND_VIEW_MINE);
  selection = tend_inbox_view_get_selection (panes.inbox);
  tend_ticket_selection_set_selected (selection, 0);
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, HOSTILE_ID);
  wait_for_frame (GTK_WIDGET (window));

  /* The row: the subject as typed, never markup. */
  row = find_row_for (GTK_WIDGET (panes.inbox), HOSTILE_ID);
  g_assert_nonnull (row);
  g_assert_cmpstr (tend_ticket_row_get_text (row, TEND_TICKET_ROW_SUBJECT), ==, HOSTILE_SUBJECT);
  g_assert_cmpstr (tend_ticket_row_get_text (row, TEND_TICKET_ROW_REQUESTER), ==, HOSTILE_NAME);
  {
    /* Only the row's own font: nothing of the markup in the text took. */
    PangoAttrList *attrs = pango_layout_get_attributes (tend_ticket_row_get_layout (row, TEND_TICKET_ROW_SUBJECT));
    GSList *list = attrs != NULL ? pango_attr_list_get_attributes (attrs) : NULL;

    for (GSList *l = list; l != NULL; l = l->next)
      {
        PangoAttribute *attr = l->data;

        g_assert_cmpuint (attr->start_index, ==, 0);
        g_assert_cmpuint (attr->end_index, ==, PANGO_ATTR_INDEX_TO_TEXT_END);
        g_assert_cmpint (attr->klass->type, !=, PANGO_ATTR_FOREGROUND);
      }
    g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  }

  /* The header */
  subject_label = find_widget_by_id (GTK_WIDGET (panes.ticket_view), "subject_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (subject_label)), ==, HOSTILE_SUBJECT);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (subject_label)), ==, HOSTILE_SUBJECT);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (subject_label)));
  g_assert_null (gtk_label_get_attributes (GTK_LABEL (subject_label)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_widget_by_id (GTK_WIDGET (panes.ticket_view), "requester_label"))),
                   ==, HOSTILE_NAME);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_widget_by_id (GTK_WIDGET (panes.ticket_view), "email_label"))),
                   ==, "maryam+<test>@example.com");

  /* Properties: read-only labels, the tag as typed. */
  collect_widgets (find_widget_by_id (GTK_WIDGET (panes.ticket_view), "properties_box"), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      g_assert_false (gtk_label_get_use_markup (label));
      found_tag |= g_strcmp0 (gtk_label_get_text (label), "<vip>") == 0;
    }
  g_assert_true (found_tag);
  g_assert_null (find_widget (find_widget_by_id (GTK_WIDGET (panes.ticket_view), "properties_box"), GTK_TYPE_DROP_DOWN));

  /* The conversation: the 100 kB line, the RTL reply and the note, literally. */
  collect_widgets (find_widget_by_id (GTK_WIDGET (panes.ticket_view), "conversation"), TEND_TYPE_MESSAGE_ROW, messages);
  g_assert_cmpuint (messages->len, ==, 3);

  body = find_widget_by_id (g_ptr_array_index (messages, 0), "body_label");
  g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (body))), ==, strlen (long_body));
  g_assert_true (g_str_equal (gtk_label_get_text (GTK_LABEL (body)), long_body));
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (body)));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (body)));
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (body)));

  body = find_widget_by_id (g_ptr_array_index (messages, 1), "body_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (body)), ==, HOSTILE_REPLY);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (body)));
  g_assert_cmpint (tend_message_row_get_kind (g_ptr_array_index (messages, 1)), ==, TEND_MESSAGE_KIND_AGENT);
  g_assert_cmpint (tend_message_row_get_kind (g_ptr_array_index (messages, 2)), ==, TEND_MESSAGE_KIND_NOTE);
  g_assert_true (gtk_widget_get_visible (find_widget_by_id (g_ptr_array_index (messages, 2), "note_label")));
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (g_ptr_array_index (messages, 1), "note_label")));

  /* The attachment, by its name as sent, with its size. */
  g_ptr_array_set_size (labels, 0);
  collect_widgets (find_widget_by_id (g_ptr_array_index (messages, 0), "attachments_box"), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      g_assert_false (gtk_label_get_use_markup (label));
      found_file |= g_strcmp0 (gtk_label_get_text (label), HOSTILE_FILE) == 0;
    }
  g_assert_true (found_file);

  save_screenshot (GTK_WIDGET (window), "hostile-1280-light.png");
}

static void
test_workspace_hostile (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application_with_store (store, check_hostile);
}

/* A long thread */

static void
check_long_thread (TendApplication *app,
                   TendWindow      *window)
{
  Panes panes = get_panes (window);
  GtkWidget *conversation = find_widget_by_id (GTK_WIDGET (panes.ticket_view), "conversation");
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  GtkListBoxRow *more;
  GtkListBoxRow *collapsed;

  show_view (&panes, TEND_VIEW_MINE);
  tend_ticket_selection_set_selected (tend_inbox_view_get_selection (panes.inbox), 1);
  g_assert_cmpint (tend_ticket_get_id (tend_inbox_view_get_selected_ticket (panes.inbox)), ==, LONG_ID);
  wait_for_frame (GTK_WIDGET (window));

  /* The first message, a row for the 15 in between, the last four. */
  g_assert_cmpuint (tend_ticket_view_get_n_messages (panes.ticket_view), ==, LONG_N);
  collect_widgets (conversation, TEND_TYPE_MESSAGE_ROW, messages);
  g_assert_cmpuint (messages->len, ==, 5);
  for (guint i = 0; i < messages->len; i++)
    g_assert_true (tend_message_row_get_expanded (g_ptr_array_index (messages, i)));
  more = gtk_list_box_get_row_at_index (GTK_LIST_BOX (conversation), 1);
  g_assert_false (TEND_IS_MESSAGE_ROW (more));
  g_assert_true (gtk_list_box_row_get_activatable (more));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (more))), ==, "15 more messages");
  save_screenshot (GTK_WIDGET (window), "long-thread-1280-light.png");

  /* Clicking it shows them, one line each, in order. */
  g_signal_emit_by_name (conversation, "row-activated", more);
  wait_for_frame (GTK_WIDGET (window));
  g_ptr_array_set_size (messages, 0);
  collect_widgets (conversation, TEND_TYPE_MESSAGE_ROW, messages);
  g_assert_cmpuint (messages->len, ==, LONG_N);
  for (guint i = 0; i < messages->len; i++)
    {
      TendMessageRow *row = g_ptr_array_index (messages, i);
      gboolean middle = i > 0 && i + 4 < LONG_N;

      g_assert_cmpint (tend_comment_get_id (tend_message_row_get_comment (row)), ==, LONG_ID * 100 + i);
      g_assert_cmpint (tend_message_row_get_expanded (row), ==, !middle);
      g_assert_cmpint (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (row), "body_label")), ==, !middle);
    }

  /* And a collapsed one opens on a click. */
  collapsed = g_ptr_array_index (messages, 3);
  g_assert_true (gtk_list_box_row_get_activatable (collapsed));
  g_signal_emit_by_name (conversation, "row-activated", collapsed);
  g_assert_true (tend_message_row_get_expanded (TEND_MESSAGE_ROW (collapsed)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_widget_by_id (GTK_WIDGET (collapsed), "body_label"))),
                   ==, "Message number 3 of the long thread.\n\nWith a second paragraph.");
  g_assert_false (gtk_list_box_row_get_activatable (collapsed));
  wait_for_frame (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "long-thread-expanded-1280-light.png");
}

static void
test_workspace_long_thread (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application_with_store (store, check_long_thread);
}

/* Wide: the three panes, light and dark */

static void
check_wide (TendApplication *app,
            TendWindow      *window)
{
  Panes panes = get_panes (window);
  AdwLeaflet *outer = ADW_LEAFLET (find_widget_by_id (GTK_WIDGET (panes.workspace), "outer_leaflet"));
  AdwLeaflet *content = ADW_LEAFLET (find_widget_by_id (GTK_WIDGET (panes.workspace), "content_pane"));

  g_assert_false (adw_leaflet_get_folded (outer));
  g_assert_false (adw_leaflet_get_folded (content));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panes.sidebar)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panes.inbox)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panes.ticket_view)));
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (panes.workspace), "back_button")));
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (panes.workspace), "show_sidebar_button")));

  ui_test_set_dark (FALSE);
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "empty-1280-light.png");

  show_view (&panes, TEND_VIEW_OPEN);
  tend_ticket_selection_set_selected (tend_inbox_view_get_selection (panes.inbox), 3);
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "workspace-1280-light.png");

  ui_test_set_dark (TRUE);
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "workspace-1280-dark.png");
  ui_test_set_dark (FALSE);
}

static void
test_workspace_wide (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application_with_store (store, check_wide);
}

/* Narrow: one pane at a time */

static void
check_narrow (TendApplication *app,
              TendWindow      *window)
{
  Panes panes = get_panes (window);
  AdwLeaflet *outer = ADW_LEAFLET (find_widget_by_id (GTK_WIDGET (panes.workspace), "outer_leaflet"));
  AdwLeaflet *content = ADW_LEAFLET (find_widget_by_id (GTK_WIDGET (panes.workspace), "content_pane"));
  GtkWidget *list_pane = find_widget_by_id (GTK_WIDGET (panes.workspace), "list_pane");
  GtkWidget *ticket_pane = find_widget_by_id (GTK_WIDGET (panes.workspace), "ticket_pane");
  GtkWidget *back = find_widget_by_id (GTK_WIDGET (panes.workspace), "back_button");
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 400);

  g_assert_true (adw_leaflet_get_folded (outer));
  g_assert_true (adw_leaflet_get_folded (content));
  g_assert_true (adw_leaflet_get_visible_child (content) == list_pane);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panes.inbox)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (panes.sidebar)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (panes.ticket_view)));

  for (int dark = 0; dark <= 1; dark++)
    {
      g_autofree char *list_name = g_strdup_printf ("list-400-%s.png", dark ? "dark" : "light");
      g_autofree char *ticket_name = g_strdup_printf ("ticket-400-%s.png", dark ? "dark" : "light");
      g_autofree char *views_name = g_strdup_printf ("views-400-%s.png", dark ? "dark" : "light");

      ui_test_set_dark (dark);
      settle (GTK_WIDGET (window));
      save_screenshot (GTK_WIDGET (window), list_name);

      /* Search fits too; Escape gives the view back. */
      {
        g_autofree char *search_name = g_strdup_printf ("search-400-%s.png", dark ? "dark" : "light");
        GtkWidget *entry = find_widget_by_id (GTK_WIDGET (panes.inbox), "search_entry");

        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panes.inbox), "inbox.search", NULL));
        type_search (panes.inbox, "refund");
        settle (GTK_WIDGET (window));
        save_screenshot (GTK_WIDGET (window), search_name);
        press_shortcut (entry, "Escape");
        g_assert_false (tend_inbox_view_get_search_mode (panes.inbox));
        settle (GTK_WIDGET (window));
      }

      /* Clicking a ticket brings its pane forward, with a way back. */
      tend_ticket_selection_set_selected (tend_inbox_view_get_selection (panes.inbox), 1 + dark);
      g_signal_emit_by_name (panes.inbox, "ticket-activated");
      settle (GTK_WIDGET (window));
      g_assert_true (adw_leaflet_get_visible_child (content) == ticket_pane);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panes.ticket_view)));
      g_assert_true (gtk_widget_get_mapped (back));
      save_screenshot (GTK_WIDGET (window), ticket_name);

      g_assert_true (gtk_widget_activate_action (back, "ticket.back", NULL));
      settle (GTK_WIDGET (window));
      g_assert_true (adw_leaflet_get_visible_child (content) == list_pane);

      /* The views are one button away. */
      g_assert_true (gtk_widget_get_mapped (find_widget_by_id (GTK_WIDGET (panes.workspace), "show_sidebar_button")));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panes.inbox), "inbox.show-views", NULL));
      settle (GTK_WIDGET (window));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panes.sidebar)));
      save_screenshot (GTK_WIDGET (window), views_name);

      /* Picking a view (a click selects and activates its row) goes back
       * to the list. */
      tend_sidebar_set_view (panes.sidebar, TEND_VIEW_PENDING);
      g_signal_emit_by_name (panes.sidebar, "view-activated", (guint) TEND_VIEW_PENDING);
      settle (GTK_WIDGET (window));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panes.inbox)));
      g_assert_cmpint (tend_inbox_view_get_view (panes.inbox), ==, TEND_VIEW_PENDING);
      show_view (&panes, TEND_VIEW_MINE);
    }

  ui_test_set_dark (FALSE);
}

/* The window opens at @width × @height, as saved from the last run. */
static void
run_at_size (int         width,
             int         height,
             WindowCheck check)
{
  g_autoptr(GSettings) settings = reset_settings ();

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  run_application_with_store (store, check);
}

static void
test_workspace_narrow (void)
{
  run_at_size (400, 760, check_narrow);
}

/* Very wide: every pane, none of them stretched out of shape */

static void
check_very_wide (TendApplication *app,
                 TendWindow      *window)
{
  Panes panes = get_panes (window);
  AdwLeaflet *outer = ADW_LEAFLET (find_widget_by_id (GTK_WIDGET (panes.workspace), "outer_leaflet"));
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 2560);
  g_assert_false (adw_leaflet_get_folded (outer));

  show_view (&panes, TEND_VIEW_OPEN);
  tend_ticket_selection_set_selected (tend_inbox_view_get_selection (panes.inbox), 3);
  settle (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panes.sidebar)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panes.ticket_view)));
  /* The conversation keeps a readable measure (its clamp). */
  g_assert_cmpint (gtk_widget_get_width (find_widget_by_id (GTK_WIDGET (panes.ticket_view), "header_box")), <=, 900);
  save_screenshot (GTK_WIDGET (window), "workspace-2560-light.png");
}

static void
test_workspace_very_wide (void)
{
  run_at_size (2560, 1000, check_very_wide);
}

/* The composer, the outbox and the side panel */

typedef struct
{
  TendTicketView *ticket_view;
  const char     *body;
} PendingWait;

/* Whether the conversation shows a pending message with @body. */
static gboolean
conversation_has_pending (gpointer data)
{
  PendingWait *wait = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_widgets (find_widget_by_id (GTK_WIDGET (wait->ticket_view), "conversation"),
                   TEND_TYPE_MESSAGE_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      TendComment *comment = tend_message_row_get_comment (g_ptr_array_index (rows, i));

      /* Shown as waiting to be sent, not as a sent reply. */
      if (g_strcmp0 (tend_comment_get_body (comment), wait->body) == 0 &&
          tend_comment_get_pending (comment) &&
          gtk_widget_get_mapped (g_ptr_array_index (rows, i)) &&
          gtk_widget_get_mapped (find_widget_by_id (g_ptr_array_index (rows, i), "pending_tag")))
        return TRUE;
    }

  return FALSE;
}

static gboolean
outbox_has_one (gpointer data)
{
  return tend_sidebar_get_outbox_count (TEND_SIDEBAR (data)) == 1;
}

typedef struct
{
  GtkWidget *inbox;
  gint64     id;
} RowQuery;

/* The ticket's row is on screen and marks a change in the outbox. */
static gboolean
row_shows_pending (gpointer data)
{
  RowQuery *query = data;
  TendTicketRow *row = find_row_for (query->inbox, query->id);

  return row != NULL && tend_ticket_get_pending (tend_ticket_row_get_ticket (row)) &&
         !tend_ticket_get_needs_attention (tend_ticket_row_get_ticket (row));
}


static gboolean
side_panel_has_ticket (gpointer data)
{
  return tend_side_panel_get_ticket (data) != NULL;
}

static void
check_compose (TendApplication *app,
               TendWindow      *window)
{
  Panes panes = get_panes (window);
  TendSidePanel *side_panel = tend_workspace_get_side_panel (panes.workspace);
  GtkRevealer *side_revealer = GTK_REVEALER (find_widget_by_id (GTK_WIDGET (panes.workspace), "side_revealer"));
  GtkStack *content_stack = GTK_STACK (find_widget_by_id (GTK_WIDGET (panes.workspace), "content_stack"));
  GtkWidget *subject_label = find_widget_by_id (GTK_WIDGET (panes.ticket_view), "subject_label");
  TendComposer *composer = tend_ticket_view_get_composer (panes.ticket_view);
  TendTicket *ticket;
  g_autofree char *body = g_strdup_printf ("Thanks for waiting, this is fixed now (%" G_GINT64_FORMAT ").",
                                           g_get_real_time ());
  PendingWait pending = { panes.ticket_view, body };
  LabelQuery requester;
  gint64 id;
  guint n_messages;

  /* No offline bar (a cache opened with --db never syncs), and no side
   * panel before there is a ticket for it to be about. */
  settle (GTK_WIDGET (window));
  g_assert_nonnull (composer);
  g_assert_false (gtk_revealer_get_reveal_child (side_revealer));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (side_revealer)));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find_widget_by_id (GTK_WIDGET (panes.workspace),
                                                                                  "offline_revealer"))));
  g_assert_cmpuint (tend_sidebar_get_outbox_count (panes.sidebar), ==, 0);

  show_view (&panes, TEND_VIEW_OPEN);
  tend_ticket_selection_set_selected (tend_inbox_view_get_selection (panes.inbox), 2);
  settle (GTK_WIDGET (window));
  ticket = tend_ticket_view_get_ticket (panes.ticket_view);
  g_assert_nonnull (ticket);
  /* A window this wide shows the side panel beside the ticket. */
  g_assert_true (gtk_revealer_get_reveal_child (side_revealer));
  g_assert_nonnull (tend_ticket_get_requester_name (ticket));
  /* The view re-reads its ticket after a change: keep the id only. */
  id = tend_ticket_get_id (ticket);
  n_messages = tend_ticket_view_get_n_messages (panes.ticket_view);

  /* The side panel follows the ticket (once the ticket is drawn) and
   * shows its requester. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (side_panel)));
  g_assert_true (wait_until (side_panel_has_ticket, side_panel));
  g_assert_cmpint (tend_ticket_get_id (tend_side_panel_get_ticket (side_panel)), ==, id);
  requester.root = GTK_WIDGET (side_panel);
  requester.text = g_strdup (tend_ticket_get_requester_name (ticket));
  g_assert_true (wait_until (label_shown, &requester));
  g_free ((char *) requester.text);

  /* The composer follows it too, under the conversation. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (composer)));
  g_assert_cmpint (tend_ticket_get_id (tend_composer_get_ticket (composer)), ==, id);

  /* n and r pick the kind of message (from the conversation, as a key
   * press there would bubble up). */
  press_shortcut (subject_label, "n");
  g_assert_cmpint (tend_composer_get_mode (composer), ==, TEND_DRAFT_MODE_NOTE);
  press_shortcut (subject_label, "r");
  g_assert_cmpint (tend_composer_get_mode (composer), ==, TEND_DRAFT_MODE_REPLY);

  /* Sending: at once a pending message in the conversation, and a change
   * in the outbox. */
  gtk_text_buffer_set_text (tend_composer_get_buffer (composer), body, -1);
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "compose-1280-light.png");
  ui_test_set_dark (TRUE);
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "compose-1280-dark.png");
  ui_test_set_dark (FALSE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_true (wait_until (conversation_has_pending, &pending));
  g_assert_cmpuint (tend_ticket_view_get_n_messages (panes.ticket_view), ==, n_messages + 1);
  g_assert_true (wait_until (outbox_has_one, panes.sidebar));
  {
    g_autofree char *text = NULL;

    g_assert_true (wait_until (outbox_has_one, panes.sidebar));
    text = g_strdup_printf ("%u", tend_sidebar_get_outbox_count (panes.sidebar));
    g_assert_cmpstr (text, ==, "1");
  }
  /* The text went with it. */
  {
    GtkTextIter start, end;
    g_autofree char *left = NULL;

    gtk_text_buffer_get_bounds (tend_composer_get_buffer (composer), &start, &end);
    left = gtk_text_buffer_get_text (tend_composer_get_buffer (composer), &start, &end, FALSE);
    g_assert_cmpstr (left, ==, "");
  }
  /* The list marks the ticket too (sent-1280-light.png shows the mark). */
  {
    RowQuery query = { GTK_WIDGET (panes.inbox), id };

    g_assert_true (wait_until (row_shows_pending, &query));
  }
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "sent-1280-light.png");

  /* Escape leaves the composer for the list, where j and k move again. */
  {
    GtkWidget *list_view = find_widget_by_id (GTK_WIDGET (panes.inbox), "list_view");
    GtkWidget *focus;

    g_assert_true (gtk_widget_grab_focus (find_widget (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW)));
    focus = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (composer)));
    press_shortcut (focus, "Escape");
    focus = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_true (focus == list_view || (focus != NULL && gtk_widget_is_ancestor (focus, list_view)));
  }

  /* An article inserted from the side panel lands in the reply. */
  tend_composer_set_mode (composer, TEND_DRAFT_MODE_NOTE);
  g_signal_emit_by_name (side_panel, "insert-link", "https://help.example.com/articles/42");
  g_assert_cmpint (tend_composer_get_mode (composer), ==, TEND_DRAFT_MODE_REPLY);
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (tend_composer_get_buffer (composer), &start, &end);
    text = gtk_text_buffer_get_text (tend_composer_get_buffer (composer), &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "https://help.example.com/articles/42");
    gtk_text_buffer_set_text (tend_composer_get_buffer (composer), "", -1);
  }

  /* The Outbox entry shows the change; opening it from there goes back
   * to the ticket. */
  tend_sidebar_select_outbox (panes.sidebar);
  g_assert_true (tend_sidebar_get_outbox_selected (panes.sidebar));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "outbox");
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "outbox-1280-light.png");
  ui_test_set_dark (TRUE);
  settle (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "outbox-1280-dark.png");
  ui_test_set_dark (FALSE);
  g_signal_emit_by_name (find_widget_by_id (GTK_WIDGET (panes.workspace), "outbox_view"),
                         "open-ticket", id);
  g_assert_false (tend_sidebar_get_outbox_selected (panes.sidebar));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "tickets");
  g_assert_cmpint (tend_ticket_get_id (tend_ticket_view_get_ticket (panes.ticket_view)), ==, id);

  /* F9 hides the side panel and shows it again; Ctrl+K shows it too. */
  press_shortcut (subject_label, "F9");
  g_assert_false (gtk_revealer_get_reveal_child (side_revealer));
  settle (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (side_panel)));
  press_shortcut (subject_label, "F9");
  g_assert_true (gtk_revealer_get_reveal_child (side_revealer));
  press_shortcut (subject_label, "F9");
  press_shortcut (subject_label, "<Control>k");
  g_assert_true (gtk_revealer_get_reveal_child (side_revealer));
  g_assert_cmpstr (tend_side_panel_get_visible_tab (side_panel), ==, "knowledge");
  settle (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (side_panel)));
  tend_side_panel_set_visible_tab (side_panel, "customer");
}

static void
test_workspace_compose (void)
{
  g_autoptr(GSettings) settings = reset_settings ();

  run_application_with_store (store, check_compose);
}

/* Formatting helpers (no window needed) */

char *_tend_inbox_view_search_text (const char *text);

static void
test_utils_formatting (void)
{
  gint64 now = 1700000000;
  g_autofree char *t1 = tend_format_relative_time (now - 30, now);
  g_autofree char *t2 = tend_format_relative_time (now - 300, now);
  g_autofree char *t3 = tend_format_relative_time (now - 3 * 3600, now);
  g_autofree char *w1 = tend_format_waiting (now - 3 * 3600 - 5, now);
  g_autofree char *w2 = tend_format_waiting (now - 3 * 86400, now);
  g_autofree char *plain = NULL;
  g_autofree char *line = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autoptr(GSList) list = NULL;
  PangoAttribute *attr;

  g_assert_cmpstr (t1, ==, "now");
  g_assert_cmpstr (t2, ==, "5 min");
  g_assert_cmpstr (t3, ==, "3 h");
  g_assert_cmpstr (w1, ==, "waiting 3 h");
  g_assert_cmpstr (w2, ==, "waiting 3 d");

  /* Markers become bold attributes over the plain text; markup stays text. */
  plain = tend_snippet_to_text ("<b>a</b> \xee\x80\x80refund\xee\x80\x81 &amp;\nb", 0, &attrs);
  g_assert_cmpstr (plain, ==, "<b>a</b> refund &amp; b");
  g_assert_nonnull (attrs);
  list = pango_attr_list_get_attributes (attrs);
  g_assert_cmpuint (g_slist_length (list), ==, 1);
  attr = list->data;
  g_assert_cmpuint (attr->start_index, ==, strlen ("<b>a</b> "));
  g_assert_cmpuint (attr->end_index, ==, strlen ("<b>a</b> refund"));
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);

  line = tend_one_line ("first line\nsecond line that is long", 16);
  g_assert_cmpstr (line, ==, "first line secon…");

  /* Search as you type: the word being typed is a prefix. */
  {
    static const char *cases[][2] = {
      { "refu", "refu*" },
      { "refund ", "refund " },
      { "card refu", "card refu*" },
      { "status:open", "status:open" },
      { "-paypal", "-paypal" },
      { "\"credit card\"", "\"credit card\"" },
      { "log*", "log*" },
      /* One letter waits for the next. */
      { "r", "" },
      { "card r", "card " },
      { "é", "" },
      { "", "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *result = _tend_inbox_view_search_text (cases[i][0]);

        g_assert_cmpstr (result, ==, cases[i][1]);
      }
  }

  /* Addresses in message bodies become links; nothing else becomes
   * markup, and the label shows exactly the text that came. */
  {
    static const char * const cases[][2] = {
      { "See https://help.example.com/a?b=1&c=2.",
        "See <a href=\"https://help.example.com/a?b=1&amp;c=2\">https://help.example.com/a?b=1&amp;c=2</a>." },
      { "Mail me (mailto:sam@example.com) today",
        "Mail me (<a href=\"mailto:sam@example.com\">mailto:sam@example.com</a>) today" },
      { "x https://e.org/<b>y</b> \"z\"",
        "x <a href=\"https://e.org/\">https://e.org/</a>&lt;b&gt;y&lt;/b&gt; &quot;z&quot;" },
      { "<a href=\"javascript:alert(1)\">click</a> &amp;", NULL },
      { "nohttps://e.org here", NULL },
      { "https://", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *markup = tend_text_to_link_markup (cases[i][0]);
        GtkWidget *label;

        g_assert_cmpstr (markup, ==, cases[i][1]);
        if (markup == NULL)
          continue;
        /* GtkLabel reads the links; Pango the rest. */
        label = g_object_ref_sink (gtk_label_new (NULL));
        gtk_label_set_markup (GTK_LABEL (label), markup);
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, cases[i][0]);
        g_object_unref (label);
      }
  }
}

/* "now" turns into "1 min" on the clock's tick, the ticket unchanged. */
/* Tickets @first_id … @first_id + @n - 1, as a selection model. */
static GtkSelectionModel *
numbered_tickets (gint64 first_id,
                  guint  n)
{
  GListStore *tickets = g_list_store_new (TEND_TYPE_TICKET);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TendTicket) ticket = tend_ticket_new (first_id + i);

      g_list_store_append (tickets, ticket);
    }

  return GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (tickets)));
}

static gint64
slot_ticket_id (GPtrArray *slots,
                guint      position)
{
  TendTicket *ticket = tend_list_slot_get_ticket (g_ptr_array_index (slots, position));

  return ticket != NULL ? tend_ticket_get_id (ticket) : 0;
}

static gboolean
nothing_pending (gpointer data)
{
  return !g_main_context_pending (NULL);
}

/* The slots on screen get their new tickets at once when the list
 * changes; the others after the frame, and at once when they scroll into
 * view; slots the list view asks for off screen may wait too. */
static void
test_slot_selection_stale (void)
{
  g_autoptr(TendSlotSelection) slots = NULL;
  g_autoptr(GtkSelectionModel) first = numbered_tickets (1, 300);
  g_autoptr(GtkSelectionModel) second = numbered_tickets (1001, 300);
  g_autoptr(GtkSelectionModel) third = numbered_tickets (2001, 300);
  g_autoptr(GtkSelectionModel) few = numbered_tickets (3001, 50);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *widget;

  slots = tend_slot_selection_new (first);
  tend_slot_selection_set_visible (slots, 10, 20);
  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (slots), i));
  g_assert_cmpint (slot_ticket_id (held, 5), ==, 6);
  g_assert_cmpint (slot_ticket_id (held, 150), ==, 151);

  /* Another list: the rows on screen follow before anything else runs. */
  tend_slot_selection_set_model (slots, second);
  g_assert_cmpint (slot_ticket_id (held, 10), ==, 1011);
  g_assert_cmpint (slot_ticket_id (held, 29), ==, 1030);
  g_assert_cmpint (slot_ticket_id (held, 100), ==, 101);
  g_assert_true (wait_until (nothing_pending, NULL));
  g_assert_cmpint (slot_ticket_id (held, 100), ==, 1101);
  g_assert_cmpint (slot_ticket_id (held, 5), ==, 1006);

  /* Scrolled to a stale row before the idle came: it follows at once. */
  tend_slot_selection_set_model (slots, third);
  tend_slot_selection_set_visible (slots, 150, 20);
  g_assert_cmpint (slot_ticket_id (held, 160), ==, 2161);
  g_assert_cmpint (slot_ticket_id (held, 120), ==, 1121);
  g_assert_true (wait_until (nothing_pending, NULL));
  g_assert_cmpint (slot_ticket_id (held, 120), ==, 2121);

  /* A shorter list: the list view hears of the length only. */
  tend_slot_selection_set_model (slots, few);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 50);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (slots), 50));
  g_assert_true (wait_until (nothing_pending, NULL));
  g_assert_cmpint (slot_ticket_id (held, 49), ==, 3050);

  /* Shown in a widget, slots asked for off screen beyond a few are
   * filled after the frame (here: an idle, the widget has no clock). */
  g_clear_object (&slots);
  g_ptr_array_set_size (held, 0);
  widget = g_object_ref_sink (gtk_label_new (NULL));
  slots = tend_slot_selection_new (first);
  tend_slot_selection_set_widget (slots, widget);
  tend_slot_selection_set_visible (slots, 0, 20);
  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (slots), i));
  g_assert_cmpint (slot_ticket_id (held, 19), ==, 20);
  g_assert_cmpint (slot_ticket_id (held, 199), ==, 0);
  g_assert_true (wait_until (nothing_pending, NULL));
  for (guint i = 0; i < 200; i++)
    g_assert_cmpint (slot_ticket_id (held, i), ==, i + 1);

  g_ptr_array_set_size (held, 0);
  g_clear_object (&slots);
  g_object_unref (widget);
}

static void
test_ticket_row_minute (void)
{
  g_autoptr(TendTicket) ticket = tend_ticket_new (1);
  TendTicketRow *row = g_object_ref_sink (TEND_TICKET_ROW (tend_ticket_row_new ()));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  tend_ticket_set_subject (ticket, "What time is it?");
  tend_ticket_set_last_message_at (ticket, now - 57);
  tend_ticket_row_set_ticket (row, ticket);
  g_assert_cmpstr (tend_ticket_row_get_text (row, TEND_TICKET_ROW_TIME), ==, "now");

  g_usleep (3500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpstr (tend_ticket_row_get_text (row, TEND_TICKET_ROW_TIME), ==, "now");
  g_signal_emit_by_name (tend_clock_get_default (), "minute");
  g_assert_cmpstr (tend_ticket_row_get_text (row, TEND_TICKET_ROW_TIME), ==, "1 min");

  g_object_unref (row);
}

static TendTicket *
marked_ticket (gint64              id,
               const char         *name,
               const char         *subject,
               TendTicketStatus    status,
               TendTicketPriority  priority,
               gboolean            pending,
               gboolean            attention)
{
  TendTicket *ticket = tend_ticket_new (id);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  tend_ticket_set_requester_name (ticket, name);
  tend_ticket_set_subject (ticket, subject);
  tend_ticket_set_last_message (ticket, "Thanks for the quick answer, I tried the steps again and it still fails.");
  tend_ticket_set_last_message_at (ticket, now - 3 * 3600);
  tend_ticket_set_status (ticket, status);
  tend_ticket_set_priority (ticket, priority);
  tend_ticket_set_pending (ticket, pending);
  tend_ticket_set_needs_attention (ticket, attention);
  if (status == TEND_TICKET_STATUS_OPEN)
    tend_ticket_set_waiting_since (ticket, now - 3 * 3600);
  tend_ticket_set_unread (ticket, attention);

  return ticket;
}

/* Rows draw every mark, and all are as tall whatever they show: another
 * ticket in a row only redraws it. */
static void
test_ticket_row_marks (void)
{
  g_autoptr(TendTicket) first = marked_ticket (1, "Maryam Hosseini", "Refund not received after two weeks",
                                               TEND_TICKET_STATUS_OPEN, TEND_TICKET_PRIORITY_URGENT, TRUE, TRUE);
  g_autoptr(TendTicket) second = marked_ticket (2, "佐藤 花子", "注文EX-4013575が届きません 🙁",
                                                TEND_TICKET_STATUS_PENDING, TEND_TICKET_PRIORITY_HIGH, TRUE, FALSE);
  g_autoptr(TendTicket) third = marked_ticket (3, "ليلى حداد", "لم يصل طلبي رقم EX-6345108",
                                               TEND_TICKET_STATUS_SOLVED, TEND_TICKET_PRIORITY_NORMAL, FALSE, FALSE);
  TendTicket *tickets[] = { first, second, third };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  TendTicketRow *rows[G_N_ELEMENTS (tickets)];
  int height;

  ui_test_load_app_style ();
  gtk_widget_add_css_class (box, "view");
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      rows[i] = TEND_TICKET_ROW (tend_ticket_row_new ());
      tend_ticket_row_set_ticket (rows[i], tickets[i]);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (rows[i]));
    }
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, -1);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (rows[2]));

  height = gtk_widget_get_height (GTK_WIDGET (rows[0]));
  g_assert_cmpint (height, >=, 36);
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (rows[i])), ==, height);

  g_assert_cmpstr (tend_ticket_row_get_text (rows[0], TEND_TICKET_ROW_STATUS), ==, "Open");
  g_assert_cmpstr (tend_ticket_row_get_text (rows[0], TEND_TICKET_ROW_WAITING), ==, "waiting 3 h");
  g_assert_cmpstr (tend_ticket_row_get_text (rows[1], TEND_TICKET_ROW_INITIALS), !=, "");
  g_assert_cmpstr (tend_ticket_row_get_text (rows[2], TEND_TICKET_ROW_WAITING), ==, "");
  save_light_and_dark (window, "ticket-rows");

  /* Mirrored in a right-to-left locale. */
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    gtk_widget_set_direction (GTK_WIDGET (rows[i]), GTK_TEXT_DIR_RTL);
  wait_for_frame (GTK_WIDGET (rows[2]));
  save_screenshot (window, "ticket-rows-rtl.png");
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    gtk_widget_set_direction (GTK_WIDGET (rows[i]), GTK_TEXT_DIR_NONE);

  /* A change of the ticket shows at once. */
  tend_ticket_set_status (third, TEND_TICKET_STATUS_OPEN);
  g_assert_cmpstr (tend_ticket_row_get_text (rows[2], TEND_TICKET_ROW_STATUS), ==, "Open");
  tend_ticket_row_set_ticket (rows[2], first);
  g_assert_cmpstr (tend_ticket_row_get_text (rows[2], TEND_TICKET_ROW_REQUESTER), ==, "Maryam Hosseini");
  wait_for_frame (GTK_WIDGET (rows[2]));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (rows[2])), ==, height);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ui_test_init (&argc, &argv))
    {
      g_printerr ("No display: skipping the UI tests\n");
      return 77;
    }

  /* Screenshots of a settled window, not of a transition half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  create_store ();

  g_test_add_func ("/ui/utils/formatting", test_utils_formatting);
  g_test_add_func ("/ui/ticket-row/minute", test_ticket_row_minute);
  g_test_add_func ("/ui/ticket-row/marks", test_ticket_row_marks);
  g_test_add_func ("/ui/slot-selection/stale", test_slot_selection_stale);
  g_test_add_func ("/ui/workspace/views", test_workspace_views);
  g_test_add_func ("/ui/workspace/open-ticket", test_workspace_open_ticket);
  g_test_add_func ("/ui/workspace/keyboard", test_workspace_keyboard);
  g_test_add_func ("/ui/workspace/selection-follows", test_workspace_selection_follows);
  g_test_add_func ("/ui/workspace/search", test_workspace_search);
  g_test_add_func ("/ui/workspace/hostile-text", test_workspace_hostile);
  g_test_add_func ("/ui/workspace/long-thread", test_workspace_long_thread);
  g_test_add_func ("/ui/workspace/wide", test_workspace_wide);
  g_test_add_func ("/ui/workspace/narrow", test_workspace_narrow);
  g_test_add_func ("/ui/workspace/very-wide", test_workspace_very_wide);
  /* Last: it leaves a reply in the store's outbox. */
  g_test_add_func ("/ui/workspace/compose", test_workspace_compose);

  status = g_test_run ();

  remove_store ();
  ui_test_cleanup ();

  return status;
}
