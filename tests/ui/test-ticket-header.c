/* test-ticket-header.c: the ticket header's editable properties
 *
 * A TendTicketView over a generated store with an outbox, alone in a
 * plain GtkWindow. Each of the header's menus (status, priority, type,
 * assignee) and the tag buttons is used through its action, as a click
 * in a menu would: the change must reach the store's copy of the ticket
 * at once, be queued in the outbox, and show in the header after the
 * view's reload. Without an outbox the header stays read-only.
 * Screenshots of the header and of an open menu, light and dark, go to
 * tests/ui/screenshots/ in the build directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ticket-header"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-ticket-view.h"
#include "ui-test-utils.h"

static char *store_dir;
static TendStore *store;
static TendOutbox *outbox;
static TendDrafts *drafts;

/* The fixture */

static void
create_store (void)
{
  g_autoptr(TendGenerator) generator = tend_generator_new (23, 40, g_get_real_time () / G_USEC_PER_SEC);

  store = ui_test_create_desk ("ticket-header", generator, &outbox, &drafts, &store_dir);
}

static void
remove_store (void)
{
  ui_test_remove_desk (store, &outbox, &drafts, &store_dir);
}

/* The @n-th open ticket (newest update first). */
#define nth_open_ticket(n) ui_test_nth_ticket (store, TEND_VIEW_OPEN, (n))

static TendTicket *
reread (gint64 id)
{
  g_autoptr(GError) error = NULL;
  TendTicket *ticket = tend_store_get_ticket (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  return ticket;
}

/* The unsent changes, read from the store now. */
static guint
n_queued (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = tend_outbox_list_items (outbox, FALSE, &error);

  g_assert_no_error (error);
  return items->len;
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

static TendTicketView *
new_view (TendTicket  *ticket,
          gboolean     with_outbox,
          GtkWidget  **window)
{
  TendTicketView *view = g_object_new (TEND_TYPE_TICKET_VIEW, NULL);

  tend_ticket_view_set_store (view, store);
  if (with_outbox)
    tend_ticket_view_set_outbox (view, outbox, drafts);
  tend_ticket_view_set_ticket (view, ticket);
  *window = show_in_window (GTK_WIDGET (view), 900, 640);
  return view;
}

typedef struct
{
  GtkWidget  *root;
  const char *id;
  const char *text;
} TextWait;

/* Whether the widget named @id shows @text (after the view's reload). */
static gboolean
text_is (gpointer data)
{
  TextWait *wait = data;
  GtkWidget *label = find_widget_by_id (wait->root, wait->id);

  return label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), wait->text) == 0;
}

static void
wait_for_text (TendTicketView *view,
               const char     *id,
               const char     *text)
{
  TextWait wait = { GTK_WIDGET (view), id, text };

  if (!wait_until (text_is, &wait))
    {
      GtkWidget *label = find_widget_by_id (GTK_WIDGET (view), id);

      g_error ("%s shows “%s”, not “%s”", id,
               label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : "(nothing)", text);
    }
}

/* A label under the properties showing @text, or NULL. */
static GtkLabel *
find_property_label (TendTicketView *view,
                     const char     *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_widgets (find_widget_by_id (GTK_WIDGET (view), "properties_box"), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return labels->pdata[i];

  return NULL;
}

static gboolean
tag_shown (gpointer data)
{
  TextWait *wait = data;

  return find_property_label (TEND_TICKET_VIEW (wait->root), wait->text) != NULL;
}

static gboolean
tag_gone (gpointer data)
{
  return !tag_shown (data);
}

static const char *
tooltip_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "tend-tooltip");
}

static GtkWidget *
menu_chip (TendTicketView *view,
           const char     *id,
           const char     *tooltip)
{
  GtkWidget *chip = find_widget_by_id (GTK_WIDGET (view), id);

  g_assert_nonnull (chip);
  g_assert_true (GTK_IS_MENU_BUTTON (chip));
  g_assert_cmpstr (tooltip_of (chip), ==, tooltip);
  /* The menu is made when the chip first opens. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (chip));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (chip));
  g_assert_nonnull (gtk_menu_button_get_popover (GTK_MENU_BUTTON (chip)));
  return chip;
}

/* Whether the item labelled @text in @chip's menu carries the radio
 * mark (GtkModelButton is private: its properties are read by name). */
static gboolean
menu_item_checked (GtkWidget  *chip,
                   const char *text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GType model_button = g_type_from_name ("GtkModelButton");

  g_assert_true (model_button != 0);
  /* A header rebuilt by a reload has new chips, their menus not made yet. */
  if (gtk_menu_button_get_popover (GTK_MENU_BUTTON (chip)) == NULL)
    {
      gtk_menu_button_popup (GTK_MENU_BUTTON (chip));
      gtk_menu_button_popdown (GTK_MENU_BUTTON (chip));
    }
  collect_widgets (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (chip))), model_button, items);
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *label = NULL;
      gboolean active;

      g_object_get (items->pdata[i], "text", &label, "active", &active, NULL);
      if (g_strcmp0 (label, text) == 0)
        return active;
    }

  g_error ("No item “%s” in the menu", text);
  return FALSE;
}

/* The tag chip's remove button for @tag. */
static GtkWidget *
remove_button_for (TendTicketView *view,
                   const char     *tag)
{
  GtkLabel *label = find_property_label (view, tag);
  GtkWidget *chip;

  g_assert_nonnull (label);
  chip = gtk_widget_get_parent (GTK_WIDGET (label));
  for (GtkWidget *child = gtk_widget_get_first_child (chip); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      {
        GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

        g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), ==, "ticket-view.remove-tag");
        g_assert_cmpstr (g_variant_get_string (target, NULL), ==, tag);
        return child;
      }

  return NULL;
}

/* The tests */

static void
test_header_edit (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (0);
  g_autoptr(TendTicket) changed = NULL;
  gint64 id = tend_ticket_get_id (ticket);
  TendTicketStatus new_status;
  TendTicketPriority new_priority;
  const char *new_type;
  g_autofree char *me_name = NULL;
  GtkWidget *window;
  GtkWidget *chip;
  GtkWidget *popover;
  GtkWidget *entry;
  TendTicketView *view;
  GMenuModel *menu;
  guint queued = n_queued ();
  gint64 me = tend_store_get_me (store);

  view = new_view (ticket, TRUE, &window);
  wait_for_frame (window);

  /* Every property is a menu with the same tooltip pattern. */
  chip = menu_chip (view, "status_chip", "Change the status");
  /* The button's child is the status pill itself. */
  g_assert_true (gtk_widget_has_css_class (gtk_menu_button_get_child (GTK_MENU_BUTTON (chip)), "status-pill"));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (chip));
  /* New, Open, Pending, On hold, Solved: no Closed or Deleted. */
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 5);
  menu_chip (view, "priority_chip", "Change the priority");
  menu_chip (view, "type_chip", "Change the type");
  menu_chip (view, "assignee_chip", "Change the assignee");
  menu_chip (view, "group_chip", "Change the group");
  menu_chip (view, "add_tag_chip", "Add a tag to the ticket");
  /* The menus mark the current values. */
  g_assert_true (menu_item_checked (chip, tend_ticket_status_get_label (tend_ticket_get_status (ticket))));
  g_assert_false (menu_item_checked (chip, "Solved") && tend_ticket_get_status (ticket) != TEND_TICKET_STATUS_SOLVED);
  if (tend_ticket_get_assignee_id (ticket) == 0)
    g_assert_true (menu_item_checked (find_widget_by_id (GTK_WIDGET (view), "assignee_chip"), "Nobody"));

  save_light_and_dark (window, "ticket-header");

  /* An open menu, for the screenshots: the radio mark on the status. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (chip));
  wait_for_frame (window);
  spin_for (300);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (chip)));
  g_assert_true (gtk_widget_get_mapped (popover));
  save_light_and_dark (popover, "ticket-header-status-menu");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (chip));

  /* Choosing the current value is no change. */
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-status", "i",
                              (gint32) tend_ticket_get_status (ticket));
  g_assert_cmpuint (n_queued (), ==, queued);

  /* Status */
  new_status = tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_PENDING
               ? TEND_TICKET_STATUS_HOLD : TEND_TICKET_STATUS_PENDING;
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-status", "i", (gint32) new_status);
  changed = reread (id);
  g_assert_cmpint (tend_ticket_get_status (changed), ==, new_status);
  g_assert_cmpuint (n_queued (), ==, ++queued);
  wait_for_text (view, "status_label", tend_ticket_status_get_label (new_status));
  g_assert_true (menu_item_checked (find_widget_by_id (GTK_WIDGET (view), "status_chip"),
                                    tend_ticket_status_get_label (new_status)));
  g_clear_object (&changed);

  /* Priority, and then none */
  new_priority = tend_ticket_get_priority (ticket) == TEND_TICKET_PRIORITY_URGENT
                 ? TEND_TICKET_PRIORITY_LOW : TEND_TICKET_PRIORITY_URGENT;
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-priority", "i", (gint32) new_priority);
  changed = reread (id);
  g_assert_cmpint (tend_ticket_get_priority (changed), ==, new_priority);
  g_assert_cmpuint (n_queued (), ==, ++queued);
  {
    g_autofree char *text = g_strdup_printf ("%s priority", tend_ticket_priority_get_label (new_priority));

    wait_for_text (view, "priority_label", text);
  }
  g_clear_object (&changed);
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-priority", "i", (gint32) TEND_TICKET_PRIORITY_NONE);
  changed = reread (id);
  g_assert_cmpint (tend_ticket_get_priority (changed), ==, TEND_TICKET_PRIORITY_NONE);
  g_assert_cmpuint (n_queued (), ==, ++queued);
  wait_for_text (view, "priority_label", "No priority");
  g_clear_object (&changed);

  /* Type, and then none */
  new_type = g_strcmp0 (tend_ticket_get_ticket_type (ticket), "incident") == 0 ? "task" : "incident";
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-type", "s", new_type);
  changed = reread (id);
  g_assert_cmpstr (tend_ticket_get_ticket_type (changed), ==, new_type);
  g_assert_cmpuint (n_queued (), ==, ++queued);
  wait_for_text (view, "type_label", g_str_equal (new_type, "task") ? "Task" : "Incident");
  g_clear_object (&changed);
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-type", "s", "");
  changed = reread (id);
  g_assert_true (tend_ticket_get_ticket_type (changed) == NULL || *tend_ticket_get_ticket_type (changed) == '\0');
  g_assert_cmpuint (n_queued (), ==, ++queued);
  wait_for_text (view, "type_label", "No type");
  g_clear_object (&changed);

  /* Assignee: me, then nobody */
  g_assert_cmpint (me, !=, 0);
  {
    g_autoptr(TendUser) user = tend_store_get_user (store, me, NULL);

    g_assert_nonnull (user);
    me_name = g_strdup (tend_user_get_name (user) ? tend_user_get_name (user) : tend_user_get_email (user));
  }
  if (tend_ticket_get_assignee_id (ticket) == me)
    {
      gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-assignee", "x", (gint64) 0);
      g_assert_cmpuint (n_queued (), ==, ++queued);
      wait_for_text (view, "assignee_label", "Unassigned");
    }
  /* "Me" comes first in the menu. */
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_chip (view, "assignee_chip", "Change the assignee")));
  {
    g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET,
                                                                        G_VARIANT_TYPE_INT64);

    g_assert_nonnull (target);
    g_assert_cmpint (g_variant_get_int64 (target), ==, me);
  }
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-assignee", "x", me);
  changed = reread (id);
  g_assert_cmpint (tend_ticket_get_assignee_id (changed), ==, me);
  g_assert_cmpuint (n_queued (), ==, ++queued);
  wait_for_text (view, "assignee_label", me_name);
  g_clear_object (&changed);
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-assignee", "x", (gint64) 0);
  changed = reread (id);
  g_assert_cmpint (tend_ticket_get_assignee_id (changed), ==, 0);
  g_assert_cmpuint (n_queued (), ==, ++queued);
  wait_for_text (view, "assignee_label", "Unassigned");
  g_clear_object (&changed);

  /* A tag typed in the "Add tag" popover, Enter. */
  chip = menu_chip (view, "add_tag_chip", "Add a tag to the ticket");
  gtk_menu_button_popup (GTK_MENU_BUTTON (chip));
  wait_for_frame (window);
  spin_for (300);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (chip)));
  g_assert_true (gtk_widget_get_mapped (popover));
  entry = find_widget_by_id (popover, "tag_entry");
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "  header-test ");
  wait_for_frame (entry);
  save_light_and_dark (popover, "ticket-header-add-tag");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_get_visible (popover));
  changed = reread (id);
  g_assert_true (strv_contains (tend_ticket_get_tags (changed), "header-test"));
  g_assert_cmpuint (n_queued (), ==, ++queued);
  g_clear_object (&changed);
  {
    TextWait wait = { GTK_WIDGET (view), NULL, "header-test" };

    g_assert_true (wait_until (tag_shown, &wait));
  }

  /* A tag that looks like markup is shown as typed. */
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.add-tag", "s", "<b>x</b>&amp;");
  g_assert_cmpuint (n_queued (), ==, ++queued);
  {
    TextWait wait = { GTK_WIDGET (view), NULL, "<b>x</b>&amp;" };
    GtkLabel *label;

    g_assert_true (wait_until (tag_shown, &wait));
    label = find_property_label (view, "<b>x</b>&amp;");
    g_assert_false (gtk_label_get_use_markup (label));
    g_assert_cmpstr (gtk_label_get_label (label), ==, "<b>x</b>&amp;");
    g_assert_cmpstr (tooltip_of (remove_button_for (view, "<b>x</b>&amp;")), ==, "Remove tag <b>x</b>&amp;");
  }

  /* A tag already there is no change. */
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.add-tag", "s", "header-test");
  g_assert_cmpuint (n_queued (), ==, queued);

  wait_for_frame (window);
  save_light_and_dark (window, "ticket-header-edited");

  /* The tag's remove button */
  click (remove_button_for (view, "header-test"));
  changed = reread (id);
  g_assert_false (strv_contains (tend_ticket_get_tags (changed), "header-test"));
  g_assert_cmpuint (n_queued (), ==, ++queued);
  g_clear_object (&changed);
  {
    TextWait wait = { GTK_WIDGET (view), NULL, "header-test" };

    g_assert_true (wait_until (tag_gone, &wait));
  }
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.remove-tag", "s", "<b>x</b>&amp;");
  g_assert_cmpuint (n_queued (), ==, ++queued);
  {
    TextWait wait = { GTK_WIDGET (view), NULL, "<b>x</b>&amp;" };

    g_assert_true (wait_until (tag_gone, &wait));
  }

  /* Every queued change is one the view's ticket carries, unsent. */
  changed = reread (id);
  g_assert_true (tend_ticket_get_pending (changed));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Without an outbox nothing can be changed: labels, as before. */
static void
test_header_read_only (void)
{
  g_autoptr(TendTicket) ticket = nth_open_ticket (1);
  GtkWidget *properties;
  GtkWidget *window;
  TendTicketView *view;
  guint queued = n_queued ();

  view = new_view (ticket, FALSE, &window);
  properties = find_widget_by_id (GTK_WIDGET (view), "properties_box");
  g_assert_null (find_widget (properties, GTK_TYPE_MENU_BUTTON));
  g_assert_null (find_widget (properties, GTK_TYPE_BUTTON));
  g_assert_nonnull (find_widget_by_id (properties, "status_label"));
  g_assert_true (gtk_widget_get_parent (find_widget_by_id (properties, "status_label")) == properties);

  /* And the actions do nothing. */
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.set-status", "i", (gint32) TEND_TICKET_STATUS_SOLVED);
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket-view.add-tag", "s", "read-only");
  g_assert_cmpuint (n_queued (), ==, queued);

  wait_for_frame (window);
  save_light_and_dark (window, "ticket-header-read-only");
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

  adw_init ();
  ui_test_load_app_style ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  create_store ();

  g_test_add_func ("/ui/ticket-header/edit", test_header_edit);
  g_test_add_func ("/ui/ticket-header/read-only", test_header_read_only);

  status = g_test_run ();

  remove_store ();
  ui_test_cleanup ();

  return status;
}
