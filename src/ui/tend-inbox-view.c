/* tend-inbox-view.c: the ticket list of a view or a search
 *
 * The list is a GtkListView straight over the engine's TendTicketList (a
 * windowed model that reads rows from SQLite a page at a time), through
 * TendTicketSelection, which never reads more than one row on a reload.
 * Nothing here may walk the whole model: a view can hold 100,000 tickets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-inbox-view"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tend-application.h"
#include "tend-inbox-view.h"
#include "tend-list-slot.h"
#include "tend-slot-selection.h"
#include "tend-ticket-row.h"
#include "tend-ui-utils.h"
#include "tend-bulk-edit.h"

struct _TendInboxView
{
  AdwBin               parent_instance;

  TendStore           *store;
  TendView             view;
  gboolean             search_mode;
  TendTicketList      *list;
  TendTicketSelection *selection;
  /* What the list view shows: rows stay while lists come and go. */
  TendSlotSelection   *slots;
  guint                reveal_id;
  gboolean             revealed;
  GPtrArray           *row_pool;    /* TendTicketRow, see setup_row() */
  char                *search_text;
  /* The query text of the list shown, while searching */
  char                *applied_search;
  /* The ticket last selected in any list (the one the workspace opened),
   * and the one last reported as "selected-ticket" (0: none): a list
   * that selects the same ticket again has nothing new to tell. */
  gint64               open_id;
  gint64               notified_id;
  /* Where the open ticket was in view_anchor_view's list when a search
   * replaced it, for Escape to return there. */
  guint                view_anchor;
  TendView             view_anchor_view;

  gulong               first_paint_id;
  gboolean             first_frame_reported;

  /* Template widgets */
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkLabel            *query_hint;
  GtkStack            *stack;
  GtkScrolledWindow   *scroller;
  GtkListView         *list_view;
  AdwStatusPage       *empty_page;
  GtkSpinner          *loading_spinner;
  GtkActionBar        *bulk_bar;
  GtkLabel            *bulk_label;
  GtkPopover          *bulk_tag_popover;
  GtkEntry            *bulk_tag_entry;
  GtkMenuButton       *bulk_tag_button;
  GtkListBox          *bulk_untag_list;
  GtkProgressBar      *bulk_progress;

  /* Bulk actions go through this outbox; the last one's items, for Undo. */
  TendOutbox          *outbox;
  GArray              *bulk_items;
  /* A bulk change (or its undo) on its way, in chunks: done of total. */
  guint                bulk_done;
  guint                bulk_total;
  gboolean             bulk_undoing;

  /* The first sync is still bringing tickets in: an empty list means
   * "not yet", not "nothing". */
  gboolean             loading;
  gboolean             was_at_top;
};

G_DEFINE_FINAL_TYPE (TendInboxView, tend_inbox_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_SEARCH_MODE,
  PROP_SELECTED_TICKET,
  PROP_TITLE,
  PROP_N_TICKETS,
  PROP_BULK_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TICKET_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_empty_state (TendInboxView *self)
{
  guint n = self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  gboolean show_loading = n == 0 && self->store != NULL && self->loading && self->search_text == NULL;

  gtk_spinner_set_spinning (self->loading_spinner, show_loading);

  if (n > 0 || self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (show_loading)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  if (self->search_text != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (self->search_text, -1);
      g_autofree char *description = NULL;

      /* The status page's description is markup: the agent's text is
       * escaped, like any text that is not ours. */
      /* Translators: %s is what the agent searched for. */
      description = g_strdup_printf (_("No tickets match “%s”. Try other words or fewer filters."),
                                     escaped);
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page, description);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "object-select-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Tickets"));
      adw_status_page_set_description (self->empty_page,
                                       _("Nothing in this view right now."));
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
on_first_paint (GdkFrameClock *clock,
                TendInboxView *self)
{
  gint64 start = tend_application_get_process_start ();

  /* Rows are children of the list view once it has laid them out. */
  if (gtk_widget_get_first_child (GTK_WIDGET (self->list_view)) == NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    return;

  g_clear_signal_handler (&self->first_paint_id, clock);
  self->first_frame_reported = TRUE;

  tend_debug_phase ("first-frame");
  if (start > 0)
    g_printerr ("first-frame-ms %" G_GINT64_FORMAT "\n", (g_get_monotonic_time () - start + 500) / 1000);
}

/* TEND_DEBUG=phases: where the frames before the first one with rows go */
static void
on_layout_phase (GdkFrameClock *clock,
                 TendInboxView *self)
{
  if (!self->first_frame_reported)
    tend_debug_phase ("frame layout");
}

static void
on_paint_phase (GdkFrameClock *clock,
                TendInboxView *self)
{
  if (!self->first_frame_reported)
    tend_debug_phase ("frame paint");
}

static void
watch_first_frame (TendInboxView *self)
{
  GdkFrameClock *clock;

  if (self->first_frame_reported || self->first_paint_id != 0 || !tend_debug_timing ())
    return;
  if (self->list == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    return;

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL)
    return;

  self->first_paint_id = g_signal_connect (clock, "after-paint",
                                           G_CALLBACK (on_first_paint), self);
  g_signal_connect_object (clock, "layout", G_CALLBACK (on_layout_phase), self, 0);
  g_signal_connect_object (clock, "paint", G_CALLBACK (on_paint_phase), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->list_view));
}

/* Only when the ticket (by id) changed: the same one found again after a
 * reload or a search must not open it again or mark it read again. */
static void
notify_selected_ticket (TendInboxView *self)
{
  TendTicket *ticket = tend_inbox_view_get_selected_ticket (self);
  gint64 id = ticket != NULL ? tend_ticket_get_id (ticket) : 0;

  if (id == self->notified_id)
    return;

  self->notified_id = id;
  if (id != 0)
    self->open_id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TICKET]);
}

static void
on_selected_item_changed (TendInboxView       *self,
                          GParamSpec          *pspec,
                          TendTicketSelection *selection)
{
  guint selected = tend_ticket_selection_get_selected (selection);

  /* A ticket picked beyond the rows revealed so far (j held down at
   * start-up, a notification): show them all now. */
  if (selected != GTK_INVALID_LIST_POSITION && selected >= tend_slot_selection_get_limit (self->slots))
    tend_slot_selection_set_limit (self->slots, G_MAXUINT);

  notify_selected_ticket (self);
}

/* Runs before the list view hears of the change. */
static void
on_list_items_changing (TendInboxView *self,
                        guint          position,
                        guint          removed,
                        guint          added,
                        GListModel    *model)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->was_at_top = gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment);
}

static void
on_list_items_changed (TendInboxView *self,
                       guint          position,
                       guint          removed,
                       guint          added,
                       GListModel    *model)
{
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TICKETS]);
  /* The list was empty and the rows kept the previous one (set_list()). */
  if (g_list_model_get_n_items (model) > 0 &&
      tend_slot_selection_get_model (self->slots) != GTK_SELECTION_MODEL (self->selection))
    tend_slot_selection_set_model (self->slots, GTK_SELECTION_MODEL (self->selection));
  update_empty_state (self);
  /* A list that starts empty (the demo's, until its first sync) has its
   * first frame with rows now. */
  watch_first_frame (self);

  /* An agent at the top of the list sees what just came in (a sync
   * replacing the rows would otherwise leave the view wherever the list
   * view's anchor landed); anywhere else the view stays put. */
  if (self->was_at_top && g_list_model_get_n_items (model) > 0)
    {
      /* Not gtk_adjustment_set_value(): it is still 0 at this point, so
       * setting it changes nothing while the list view's anchor has moved
       * past the replaced rows, to the end. */
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
    }
}

/* Replaces the list shown; the previous one (and its query) is dropped. */
/* Bulk actions */

static void
show_toast (TendInboxView *self,
            AdwToast      *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
update_bulk_bar (TendInboxView *self)
{
  guint n = self->selection != NULL ? tend_ticket_selection_get_n_marked (self->selection) : 0;
  gboolean busy = self->bulk_total > 0;
  gboolean shown = (n >= 2 || busy) && self->outbox != NULL;

  /* A chunk may report after the template went (the view closed). */
  if (self->bulk_bar == NULL)
    return;

  if (busy)
    {
      g_autofree char *text = NULL;

      /* Translators: the first %u counts up to the second while a bulk
       * change to many tickets is being queued (or taken back). */
      text = g_strdup_printf (self->bulk_undoing ? _("Undoing %u of %u…") : _("Updating %u of %u…"),
                              self->bulk_done, self->bulk_total);
      gtk_label_set_text (self->bulk_label, text);
    }
  else if (shown)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected",
                                                            "%u selected", n), n);
      gtk_label_set_text (self->bulk_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->bulk_progress), busy);
  if (busy)
    gtk_progress_bar_set_fraction (self->bulk_progress, (double) self->bulk_done / self->bulk_total);
  /* One bulk change at a time: its Undo must know exactly what it did. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.assign-me", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.status", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.remove-tag", !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->bulk_tag_button), !busy);
  gtk_action_bar_set_revealed (self->bulk_bar, shown);
}

static void
on_bulk_progress (guint    done,
                  guint    total,
                  gpointer user_data)
{
  TendInboxView *self = user_data;

  self->bulk_done = done;
  self->bulk_total = total;
  update_bulk_bar (self);
}

static void
bulk_finished (TendInboxView *self)
{
  self->bulk_done = self->bulk_total = 0;
  self->bulk_undoing = FALSE;
  update_bulk_bar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BULK_BUSY]);
}

static void
on_bulk_undone (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TendInboxView) self = user_data;
  g_autoptr(GError) error = NULL;
  guint kept = 0;
  guint undone;

  undone = tend_bulk_edit_undo_finish (TEND_OUTBOX (source), result, &kept, &error);
  bulk_finished (self);
  if (error != NULL)
    {
      g_warning ("Could not undo the bulk change: %s", error->message);
      show_toast (self, adw_toast_new (error->message));
      return;
    }
  if (kept > 0)
    {
      /* Those already on the helpdesk stay changed: say so. */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u ticket was already sent and keeps the change",
                                                            "%u tickets were already sent and keep the change",
                                                            kept), kept);
      show_toast (self, adw_toast_new (text));
    }
  g_debug ("Undid %u bulk changes, %u kept", undone, kept);
}

static void
on_bulk_undo (TendInboxView *self,
              AdwToast      *toast)
{
  g_autoptr(GArray) items = NULL;

  if (self->bulk_items == NULL || self->outbox == NULL || self->bulk_total > 0)
    return;

  items = g_steal_pointer (&self->bulk_items);
  self->bulk_undoing = TRUE;
  self->bulk_done = 0;
  self->bulk_total = MAX (items->len, 1);
  update_bulk_bar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BULK_BUSY]);
  tend_bulk_edit_undo_async (self->outbox, items, NULL, on_bulk_progress, self,
                             on_bulk_undone, g_object_ref (self));
}

static void
on_bulk_applied (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TendInboxView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) items = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  items = tend_bulk_edit_apply_finish (TEND_OUTBOX (source), result, &error);
  bulk_finished (self);
  if (items == NULL)
    {
      g_warning ("Could not change the tickets: %s", error->message);
      show_toast (self, adw_toast_new (error->message));
      return;
    }

  g_clear_pointer (&self->bulk_items, g_array_unref);
  self->bulk_items = g_array_ref (items);

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket updated", "%u tickets updated",
                                       items->len), items->len);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_bulk_undo), self,
                           G_CONNECT_SWAPPED);
  show_toast (self, toast);
}

/* Starts @edit on the marked tickets; returns how many it will change
 * (0: nothing marked, or another bulk change still running). */
static guint
apply_bulk_edit (TendInboxView        *self,
                 const TendOutboxEdit *edit)
{
  g_autoptr(GArray) ids = NULL;

  if (self->selection == NULL || self->outbox == NULL || self->bulk_total > 0)
    return 0;

  ids = tend_ticket_selection_dup_marked_ids (self->selection);
  if (ids->len == 0)
    return 0;

  /* The marks go with the change; the bar shows its progress instead. */
  tend_ticket_selection_clear_marks (self->selection);
  g_clear_pointer (&self->bulk_items, g_array_unref);
  self->bulk_done = 0;
  self->bulk_total = ids->len;
  update_bulk_bar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BULK_BUSY]);
  tend_bulk_edit_apply_async (self->outbox, ids, edit, NULL, on_bulk_progress, self,
                              on_bulk_applied, g_object_ref (self));

  return ids->len;
}

static void
bulk_assign_me_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TendInboxView *self = TEND_INBOX_VIEW (widget);
  TendOutboxEdit edit;

  if (self->store == NULL || tend_store_get_me (self->store) == 0)
    return;

  tend_outbox_edit_init (&edit);
  edit.assignee_id = tend_store_get_me (self->store);
  apply_bulk_edit (self, &edit);
}

static void
bulk_status_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TendOutboxEdit edit;

  tend_outbox_edit_init (&edit);
  edit.status = g_variant_get_int32 (parameter);
  apply_bulk_edit (TEND_INBOX_VIEW (widget), &edit);
}

static void
bulk_remove_tag_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TendInboxView *self = TEND_INBOX_VIEW (widget);
  const char *tags[] = { g_variant_get_string (parameter, NULL), NULL };
  TendOutboxEdit edit;

  if (*tags[0] == '\0')
    return;

  tend_outbox_edit_init (&edit);
  edit.remove_tags = tags;
  if (apply_bulk_edit (self, &edit) > 0)
    gtk_popover_popdown (self->bulk_tag_popover);
}

static void
on_bulk_tag_activate (TendInboxView *self,
                      GtkEntry      *entry)
{
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  const char *tags[] = { tag, NULL };
  TendOutboxEdit edit;

  if (*tag == '\0')
    return;

  tend_outbox_edit_init (&edit);
  edit.add_tags = tags;
  if (apply_bulk_edit (self, &edit) > 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      gtk_popover_popdown (self->bulk_tag_popover);
    }
}

/* Under the tag entry, the tags the marked tickets carry, most widespread
 * first, each a row that removes it from all of them. Read when the
 * popover opens: one grouped query, also for a select-all of 100,000
 * tickets. */
static void
on_bulk_untag_show (TendInboxView *self,
                    GtkPopover    *popover)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bulk_untag_list))) != NULL)
    gtk_list_box_remove (self->bulk_untag_list, child);

  if (self->selection == NULL || self->store == NULL)
    return;

  ids = tend_ticket_selection_dup_marked_ids (self->selection);
  tags = tend_store_dup_tags_of_tickets (self->store, (const gint64 *) (gpointer) ids->data,
                                         ids->len, &counts, &error);
  if (tags == NULL)
    {
      g_warning ("Could not read the tags of the selected tickets: %s", error->message);
      return;
    }

  for (guint i = 0; tags[i] != NULL; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *name = gtk_label_new (tags[i]);
      g_autofree char *count_text = NULL;
      g_autofree char *description = NULL;
      GtkWidget *count;
      guint n = g_array_index (counts, guint, i);

      /* Translators: how many of the selected tickets carry a tag. */
      count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n), n);
      count = gtk_label_new (count_text);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      /* Room for a usual tag; a very long one is cut at the end. */
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (name), 10);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 28);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), count);
      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "bulk.remove-tag");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (tags[i]));
      /* Translators: %s is a tag, on a row that removes it from the selected tickets. */
      description = g_strdup_printf (_("Remove the tag “%s”"), tags[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      description, -1);
      gtk_list_box_append (self->bulk_untag_list, row);
    }
}

void
tend_inbox_view_set_outbox (TendInboxView *self,
                            TendOutbox    *outbox)
{
  g_return_if_fail (TEND_IS_INBOX_VIEW (self));
  g_return_if_fail (outbox == NULL || TEND_IS_OUTBOX (outbox));

  if (g_set_object (&self->outbox, outbox))
    g_clear_pointer (&self->bulk_items, g_array_unref);
  update_bulk_bar (self);
}

gboolean
tend_inbox_view_bulk_assign_to_me (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), FALSE);

  return gtk_widget_activate_action (GTK_WIDGET (self), "bulk.assign-me", NULL);
}

gboolean
tend_inbox_view_bulk_undo (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), FALSE);

  if (self->bulk_items == NULL || self->bulk_total > 0)
    return FALSE;
  on_bulk_undo (self, NULL);
  return TRUE;
}

gboolean
tend_inbox_view_get_bulk_busy (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), FALSE);

  return self->bulk_total > 0;
}

/* The window's first frame shows the rows that fit (GTK 4.8's list view
 * would build about 200 before painting anything); the rest come a few
 * dozen per frame after it. */
#define FIRST_ROWS  30
#define REVEAL_STEP 40
#define REVEAL_ALL  240

static gboolean
reveal_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  TendInboxView *self = user_data;
  guint limit = tend_slot_selection_get_limit (self->slots);

  /* Not in the frame that paints the first rows. */
  if (!self->revealed)
    {
      self->revealed = TRUE;
      return G_SOURCE_CONTINUE;
    }

  /* Shown whole already (a ticket was picked further down). */
  if (limit == G_MAXUINT)
    {
      self->reveal_id = 0;
      return G_SOURCE_REMOVE;
    }

  limit += REVEAL_STEP;
  if (limit >= REVEAL_ALL)
    {
      tend_slot_selection_set_limit (self->slots, G_MAXUINT);
      self->reveal_id = 0;
      return G_SOURCE_REMOVE;
    }
  tend_slot_selection_set_limit (self->slots, limit);
  return G_SOURCE_CONTINUE;
}

static void
start_reveal (TendInboxView *self)
{
  /* Only for the window's first frame: later lists replace rows that are
   * already there. */
  if (self->revealed || self->reveal_id != 0 || gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    return;

  tend_slot_selection_set_limit (self->slots, FIRST_ROWS);
  self->reveal_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), reveal_tick,
                                                  self, NULL);
}

/* Replaces the list shown. A @follow_id other than 0 is selected in the
 * new list if it is found near position @near (the selection reads no
 * more than a page for it, see TendTicketSelection), and followed
 * otherwise. */
static void
set_list (TendInboxView  *self,
          TendTicketList *list,
          gint64          follow_id,
          guint           near)
{
  guint selected;

  if (self->list != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->list, on_list_items_changing, self);
      g_signal_handlers_disconnect_by_func (self->list, on_list_items_changed, self);
    }
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, on_selected_item_changed, self);

  g_set_object (&self->list, list);
  g_clear_object (&self->selection);

  if (list != NULL)
    {
      /* Before the selection (and through it the list view) connects. */
      g_signal_connect_object (list, "items-changed",
                               G_CALLBACK (on_list_items_changing), self,
                               G_CONNECT_SWAPPED);
      self->selection = tend_ticket_selection_new (G_LIST_MODEL (list));
      if (follow_id != 0)
        tend_ticket_selection_follow (self->selection, follow_id, near);
      g_signal_connect_object (list, "items-changed",
                               G_CALLBACK (on_list_items_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->selection, "notify::selected-item",
                               G_CALLBACK (on_selected_item_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->selection, "notify::n-marked",
                               G_CALLBACK (update_bulk_bar), self,
                               G_CONNECT_SWAPPED);
    }
  update_bulk_bar (self);

  if (list != NULL && g_list_model_get_n_items (G_LIST_MODEL (list)) > FIRST_ROWS)
    start_reveal (self);
  /* A new list starts at its top (first, so that the rows there are the
   * ones updated before the next frame). */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  /* An empty list shows the empty page over the list view: the rows stay
   * as they were (hidden) for the next results, rather than being thrown
   * away and built again a keystroke later. */
  if (list == NULL || g_list_model_get_n_items (G_LIST_MODEL (list)) > 0)
    tend_slot_selection_set_model (self->slots, GTK_SELECTION_MODEL (self->selection));

  /* The ticket found again is shown where it is, not off screen. */
  selected = self->selection != NULL ? tend_ticket_selection_get_selected (self->selection)
                                     : GTK_INVALID_LIST_POSITION;
  if (selected != GTK_INVALID_LIST_POSITION)
    {
      if (selected >= tend_slot_selection_get_limit (self->slots))
        tend_slot_selection_set_limit (self->slots, G_MAXUINT);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", selected);
    }

  update_empty_state (self);
  watch_first_frame (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TICKETS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  notify_selected_ticket (self);
}

/* With @restore (back from a search), the open ticket is selected again
 * where it was in this view before the search, if it is still there: a
 * new list, but the view as the agent left it. */
static void
show_view_list (TendInboxView *self,
                gboolean       restore)
{
  g_autoptr(TendTicketList) list = NULL;
  gint64 follow_id = 0;
  guint near = GTK_INVALID_LIST_POSITION;

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->applied_search, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->query_hint), FALSE);

  if (restore)
    {
      follow_id = self->open_id;
      if (self->view_anchor_view == self->view)
        near = self->view_anchor;
    }

  if (self->store != NULL)
    list = tend_ticket_list_new (self->store, self->view, NULL);
  set_list (self, list, follow_id, near);
}

/* A search is about to replace the view's list: where the open ticket is
 * in it, for Escape. */
static void
remember_view_anchor (TendInboxView *self)
{
  if (self->list == NULL || tend_ticket_list_get_query (self->list) != NULL)
    return;

  self->view_anchor = tend_ticket_selection_get_anchor (self->selection);
  self->view_anchor_view = tend_ticket_list_get_view (self->list);
}

/* As the agent types, the word under the cursor is not finished yet:
 * "refu" should find "refund". The last word becomes a prefix term unless
 * it is a filter (status:open), an exclusion, a phrase or already one.
 * A last word of one letter waits for the next: "r*" stands for every
 * word starting with r, all 100,000 tickets, a tenth of a second of work
 * for results nobody reads. */
char *_tend_inbox_view_search_text (const char *text);

char *
_tend_inbox_view_search_text (const char *text)
{
  const char *last;
  gsize len = strlen (text);

  if (len == 0 || g_ascii_isspace (text[len - 1]))
    return g_strdup (text);

  last = strrchr (text, ' ');
  last = last ? last + 1 : text;

  if (*last == '-' || *last == '"' || strchr (last, ':') != NULL ||
      strchr (last, '"') != NULL || text[len - 1] == '*')
    return g_strdup (text);

  if (g_utf8_strlen (last, -1) == 1)
    return g_strndup (text, last - text);

  return g_strconcat (text, "*", NULL);
}

static void
on_search_changed (TendInboxView  *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *search_text = NULL;
  g_autoptr(TendTicketList) list = NULL;
  g_autoptr(TendQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || !self->search_mode)
    return;

  search_text = _tend_inbox_view_search_text (text);
  if (g_strcmp0 (search_text, self->applied_search) == 0 && self->list != NULL)
    return;
  query = tend_query_parse (search_text, &error);
  if (query == NULL)
    {
      /* Keep the last results: the agent is still typing. */
      gtk_label_set_text (self->query_hint, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->query_hint), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->query_hint), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  remember_view_anchor (self);
  if (tend_query_is_empty (query))
    {
      show_view_list (self, TRUE);
      self->applied_search = g_steal_pointer (&search_text);
      return;
    }

  g_free (self->search_text);
  self->search_text = g_strdup (text);

  /* Search covers every ticket, not only the current view: the agent
   * looks for a customer or an old conversation wherever it is. */
  list = tend_ticket_list_new (self->store, TEND_VIEW_ALL, query);
  set_list (self, list, 0, GTK_INVALID_LIST_POSITION);
  g_free (self->applied_search);
  self->applied_search = g_steal_pointer (&search_text);
}

static void
on_stop_search (TendInboxView  *self,
                GtkSearchEntry *entry)
{
  tend_inbox_view_set_search_mode (self, FALSE);
}

static void
on_search_activate (TendInboxView  *self,
                    GtkSearchEntry *entry)
{
  /* Enter opens the best match. */
  if (self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    {
      tend_ticket_selection_set_selected (self->selection, 0);
      g_signal_emit (self, signals[TICKET_ACTIVATED], 0);
    }
}

static void
on_search_next (TendInboxView  *self,
                GtkSearchEntry *entry)
{
  tend_inbox_view_select_relative (self, 1);
}

static void
on_search_previous (TendInboxView  *self,
                    GtkSearchEntry *entry)
{
  tend_inbox_view_select_relative (self, -1);
}

static void
on_list_activate (TendInboxView *self,
                  guint          position,
                  GtkListView   *list_view)
{
  tend_ticket_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[TICKET_ACTIVATED], 0);
}

static void
on_row_clicked (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                TendInboxView   *self)
{
  /* After GtkListView's own click handling has selected the row: on a
   * narrow window, a click (not an arrow key) opens the ticket pane. */
  if (n_press == 1)
    g_signal_emit (self, signals[TICKET_ACTIVATED], 0);
}

/* GTK 4.8's list view destroys the rows that scroll out of its range and
 * builds new ones for those that scroll in (4.12 recycles them): rows go
 * back to a pool on teardown and come out of it on setup instead. */
#define MAX_POOLED_ROWS 64

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           TendInboxView            *self)
{
  GtkWidget *row;

  if (self->row_pool != NULL && self->row_pool->len > 0)
    {
      row = g_ptr_array_steal_index_fast (self->row_pool, self->row_pool->len - 1);
      gtk_list_item_set_child (item, row);
      g_object_unref (row);
      return;
    }

  row = tend_ticket_row_new ();
  {
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect_object (click, "released", G_CALLBACK (on_row_clicked), self, 0);
    gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));
  }
  gtk_list_item_set_child (item, row);
}

static void
teardown_row (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TendInboxView            *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row == NULL)
    return;
  tend_ticket_row_set_ticket (TEND_TICKET_ROW (row), NULL);
  if (self->row_pool == NULL || self->row_pool->len >= MAX_POOLED_ROWS)
    return;

  g_ptr_array_add (self->row_pool, g_object_ref (row));
  gtk_list_item_set_child (item, NULL);
}

/* Tells the slots which positions are on screen, from the scroll position
 * and the rows' mean height (the list view's estimate too). */
static void
on_scrolled (TendInboxView *self,
             GtkAdjustment *adjustment)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->slots));
  double upper = gtk_adjustment_get_upper (adjustment);
  double row_height;
  double first;

  if (n == 0 || upper <= 0)
    return;

  row_height = MAX (upper / n, 1.0);
  first = gtk_adjustment_get_value (adjustment) / row_height;
  /* A row or two of margin: the others are updated right after the
   * frame, and at once when a scroll brings them in. */
  tend_slot_selection_set_visible (self->slots,
                                   (guint) MAX (first - 2, 0),
                                   (guint) (gtk_adjustment_get_page_size (adjustment) / row_height) + 5);
}

static void
on_slot_ticket_changed (TendTicketRow *row,
                        GParamSpec    *pspec,
                        TendListSlot  *slot)
{
  tend_ticket_row_set_ticket (row, tend_list_slot_get_ticket (slot));
}

/* A row shows whatever ticket its position holds now: a search or a sync
 * gives the slot another ticket and the row follows. */
static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          TendInboxView            *self)
{
  TendTicketRow *row = TEND_TICKET_ROW (gtk_list_item_get_child (item));
  TendListSlot *slot = gtk_list_item_get_item (item);

  tend_ticket_row_set_ticket (row, tend_list_slot_get_ticket (slot));
  g_signal_connect_object (slot, "notify::ticket", G_CALLBACK (on_slot_ticket_changed), row,
                           G_CONNECT_SWAPPED);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            TendInboxView            *self)
{
  TendTicketRow *row = TEND_TICKET_ROW (gtk_list_item_get_child (item));
  TendListSlot *slot = gtk_list_item_get_item (item);

  /* The row keeps its ticket: GTK 4.8 unbinds and binds again for a mere
   * change of selection, and a bind to the same ticket then costs nothing.
   * A row leaving the list view lets it go in teardown_row(). */
  if (slot != NULL)
    g_signal_handlers_disconnect_by_func (slot, on_slot_ticket_changed, row);
}

static void
tend_inbox_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tend_inbox_view_parent_class)->map (widget);

  watch_first_frame (TEND_INBOX_VIEW (widget));
}

static void
tend_inbox_view_unmap (GtkWidget *widget)
{
  TendInboxView *self = TEND_INBOX_VIEW (widget);

  if (self->first_paint_id != 0)
    g_clear_signal_handler (&self->first_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (tend_inbox_view_parent_class)->unmap (widget);
}

static void
tend_inbox_view_dispose (GObject *object)
{
  TendInboxView *self = TEND_INBOX_VIEW (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  if (self->list != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->list, on_list_items_changing, self);
      g_signal_handlers_disconnect_by_func (self->list, on_list_items_changed, self);
    }
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, on_selected_item_changed, self);
  if (self->reveal_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->reveal_id);
  self->reveal_id = 0;
  g_clear_object (&self->slots);
  g_clear_pointer (&self->row_pool, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->outbox);
  g_clear_pointer (&self->bulk_items, g_array_unref);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->applied_search, g_free);

  /* AdwBin keeps its own pointer to its child: let it drop the child
   * before the template's references go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_INBOX_VIEW);

  G_OBJECT_CLASS (tend_inbox_view_parent_class)->dispose (object);
}

static void
tend_inbox_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TendInboxView *self = TEND_INBOX_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_uint (value, self->view);
      break;

    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, self->search_mode);
      break;

    case PROP_SELECTED_TICKET:
      g_value_set_object (value, tend_inbox_view_get_selected_ticket (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, tend_inbox_view_get_title (self));
      break;

    case PROP_N_TICKETS:
      g_value_set_uint (value, self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0);
      break;

    case PROP_BULK_BUSY:
      g_value_set_boolean (value, self->bulk_total > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_inbox_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TendInboxView *self = TEND_INBOX_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      tend_inbox_view_set_view (self, g_value_get_uint (value));
      break;

    case PROP_SEARCH_MODE:
      tend_inbox_view_set_search_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_inbox_view_class_init (TendInboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_inbox_view_dispose;
  object_class->get_property = tend_inbox_view_get_property;
  object_class->set_property = tend_inbox_view_set_property;
  widget_class->map = tend_inbox_view_map;
  widget_class->unmap = tend_inbox_view_unmap;

  properties[PROP_VIEW] =
    g_param_spec_uint ("view", NULL, NULL,
                       0, TEND_N_VIEWS - 1, TEND_VIEW_MINE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_TICKET] =
    g_param_spec_object ("selected-ticket", NULL, NULL,
                         TEND_TYPE_TICKET,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TICKETS] =
    g_param_spec_uint ("n-tickets", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BULK_BUSY] =
    g_param_spec_boolean ("bulk-busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The agent opened the selected ticket on purpose (click, Enter): on a
   * narrow window the ticket pane should come forward. */
  signals[TICKET_ACTIVATED] =
    g_signal_new ("ticket-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-inbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, query_hint);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, stack);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, scroller);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, list_view);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, bulk_bar);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, bulk_label);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, bulk_tag_popover);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, bulk_tag_entry);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, bulk_tag_button);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, bulk_untag_list);
  gtk_widget_class_bind_template_child (widget_class, TendInboxView, bulk_progress);
  gtk_widget_class_bind_template_callback (widget_class, on_bulk_tag_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_bulk_untag_show);
  gtk_widget_class_install_action (widget_class, "bulk.remove-tag", "s", bulk_remove_tag_action);
  gtk_widget_class_install_action (widget_class, "bulk.assign-me", NULL, bulk_assign_me_action);
  gtk_widget_class_install_action (widget_class, "bulk.status", "i", bulk_status_action);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_next);
  gtk_widget_class_bind_template_callback (widget_class, on_search_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
}

static void
tend_inbox_view_init (TendInboxView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->view = TEND_VIEW_MINE;
  self->view_anchor = GTK_INVALID_LIST_POSITION;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row), self, 0);
  g_signal_connect_object (factory, "teardown", G_CALLBACK (teardown_row), self, 0);
  self->row_pool = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_list_view_set_factory (self->list_view, factory);

  self->slots = tend_slot_selection_new (NULL);
  tend_slot_selection_set_widget (self->slots, GTK_WIDGET (self->list_view));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->slots));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                           G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
}

void
tend_inbox_view_set_store (TendInboxView *self,
                           TendStore     *store)
{
  g_return_if_fail (TEND_IS_INBOX_VIEW (self));
  g_return_if_fail (store == NULL || TEND_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  if (self->search_mode)
    on_search_changed (self, self->search_entry);
  else
    show_view_list (self, FALSE);
}

TendView
tend_inbox_view_get_view (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), TEND_VIEW_MINE);

  return self->view;
}

void
tend_inbox_view_set_view (TendInboxView *self,
                          TendView       view)
{
  g_return_if_fail (TEND_IS_INBOX_VIEW (self));
  g_return_if_fail (view < TEND_N_VIEWS);

  if (self->view == view && !self->search_mode && self->list != NULL)
    return;

  self->view = view;

  /* Picking a view ends a search. */
  if (self->search_mode)
    tend_inbox_view_set_search_mode (self, FALSE);
  else
    show_view_list (self, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
tend_inbox_view_get_search_mode (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), FALSE);

  return self->search_mode;
}

void
tend_inbox_view_set_search_mode (TendInboxView *self,
                                 gboolean       search_mode)
{
  g_return_if_fail (TEND_IS_INBOX_VIEW (self));

  search_mode = !!search_mode;
  if (self->search_mode == search_mode)
    {
      if (search_mode)
        gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }

  self->search_mode = search_mode;

  if (search_mode)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      /* Text left from the last search is searched again. */
      on_search_changed (self, self->search_entry);
    }
  else
    {
      /* Escape returns to the view, as it was. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
      show_view_list (self, TRUE);
      tend_inbox_view_focus_list (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

TendTicketList *
tend_inbox_view_get_list (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), NULL);

  return self->list;
}

TendTicketSelection *
tend_inbox_view_get_selection (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), NULL);

  return self->selection;
}

TendTicket *
tend_inbox_view_get_selected_ticket (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), NULL);

  return self->selection ? tend_ticket_selection_get_selected_item (self->selection) : NULL;
}

gboolean
tend_inbox_view_select_relative (TendInboxView *self,
                                 int            delta)
{
  guint n;
  guint current;
  guint anchor;
  guint next;

  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), FALSE);

  if (self->selection == NULL)
    return FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  if (n == 0)
    return FALSE;

  current = tend_ticket_selection_get_selected (self->selection);
  anchor = tend_ticket_selection_get_anchor (self->selection);
  if (current == GTK_INVALID_LIST_POSITION && anchor != GTK_INVALID_LIST_POSITION)
    {
      /* The open ticket left the list: the row now where it was is the
       * one that came after it. */
      gint64 wanted = delta > 0 ? (gint64) anchor + delta - 1 : (gint64) anchor + delta;

      next = CLAMP (wanted, 0, (gint64) n - 1);
    }
  else if (current == GTK_INVALID_LIST_POSITION)
    next = delta > 0 ? 0 : n - 1;
  else if (delta < 0 && current < (guint) -delta)
    return FALSE;
  else if (delta > 0 && current + delta >= n)
    return FALSE;
  else
    next = current + delta;

  tend_ticket_selection_set_selected (self->selection, next);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", next);

  return TRUE;
}

const char *
tend_inbox_view_get_title (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), NULL);

  if (self->search_mode)
    return _("Search");

  return tend_view_get_label (self->view);
}

void
tend_inbox_view_focus_list (TendInboxView *self)
{
  g_return_if_fail (TEND_IS_INBOX_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

void
tend_inbox_view_set_loading (TendInboxView *self,
                             gboolean       loading)
{
  g_return_if_fail (TEND_IS_INBOX_VIEW (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  update_empty_state (self);
}

gboolean
tend_inbox_view_get_loading (TendInboxView *self)
{
  g_return_val_if_fail (TEND_IS_INBOX_VIEW (self), FALSE);

  return self->loading;
}

void
tend_inbox_view_follow_ticket (TendInboxView *self,
                               gint64         id)
{
  g_return_if_fail (TEND_IS_INBOX_VIEW (self));

  self->open_id = id;
  if (self->selection != NULL)
    tend_ticket_selection_follow (self->selection, id,
                                  tend_ticket_selection_get_anchor (self->selection));
}
