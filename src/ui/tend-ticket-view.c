/* tend-ticket-view.c: a ticket's header and conversation
 *
 * Subjects, names, tags and bodies are server text: they are set as label
 * text with use-markup off, never interpreted. Properties are read-only
 * labels for now; editing them goes through the outbox, which comes later.
 *
 * The conversation is a GtkListBox: a ticket's thread is bounded (tens of
 * messages) and every message is shown whole, which a recycling list view
 * would not make cheaper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-ticket-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-application.h"
#include "tend-composer.h"
#include "tend-message-row.h"
#include "tend-ticket-view.h"
#include "tend-ui-utils.h"
#include "tend-wrap-layout.h"

/* Comments written by a sync land in bursts: re-read the open ticket once. */
#define RELOAD_DEBOUNCE_MS 200

/* Threads up to this long open whole; longer ones show the first message
 * and the last EXPANDED_AT_END, with a row standing for the others. */
#define MAX_EXPANDED    8
#define EXPANDED_AT_END 4

struct _TendTicketView
{
  AdwBin             parent_instance;

  TendStore         *store;
  TendTicket        *ticket;
  guint              n_messages;
  guint              reload_source_id;

  /* Made by tend_ticket_view_set_outbox(): NULL without an outbox. */
  TendComposer      *composer;
  /* A "review" asked to show the end of the conversation once it has
   * been re-read. */
  gboolean           scroll_to_end;

  gint64             open_started_us;
  gulong             open_paint_id;

  /* Template widgets */
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkScrolledWindow *scroller;
  GtkLabel          *subject_label;
  GtkLabel          *id_label;
  GtkLabel          *requester_label;
  GtkLabel          *email_label;
  GtkWidget         *properties_box;
  GtkListBox        *conversation;
  AdwClamp          *composer_clamp;

  /* "ticket-view.set-group": the header's group menu. */
  GSimpleActionGroup *actions;
};

G_DEFINE_FINAL_TYPE (TendTicketView, tend_ticket_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TICKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* From tend-ticket-row.c: the same pill in the list and the header. */
void _tend_status_pill_update (GtkWidget        *pill,
                               TendTicketStatus  status);

static GtkWidget *
add_chip (TendTicketView *self,
          const char     *icon_name,
          const char     *text,
          const char     *accessible,
          const char     *css_class)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (text);

  if (icon_name != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
      gtk_box_append (GTK_BOX (chip), image);
    }

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_widget_add_css_class (chip, "chip");
  /* The flow box may give its child more room than it asks for. */
  gtk_widget_set_halign (chip, GTK_ALIGN_START);
  if (css_class != NULL)
    gtk_widget_add_css_class (chip, css_class);
  tend_widget_set_tooltip (chip, accessible);

  gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  gtk_widget_set_parent (chip, self->properties_box);

  return chip;
}

static char *
user_name (TendTicketView *self,
           gint64          user_id)
{
  g_autoptr(TendUser) user = NULL;

  if (user_id == 0 || self->store == NULL)
    return NULL;

  user = tend_store_get_user (self->store, user_id, NULL);
  if (user == NULL)
    return NULL;

  return g_strdup (tend_user_get_name (user) ? tend_user_get_name (user) : tend_user_get_email (user));
}

/* Group: by the name the last sync listed (by its number until the
 * groups have been synced). When the ticket can be changed, the chip is a
 * menu of the helpdesk's groups; the change goes through the outbox. */
static void
add_group_chip (TendTicketView *self,
                TendTicket     *ticket)
{
  gint64 group_id = tend_ticket_get_group_id (ticket);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) none = NULL;
  GtkWidget *button;
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *label;

  if (group_id != 0 && self->store != NULL)
    name = tend_store_dup_group_name (self->store, group_id);
  if (name != NULL)
    text = g_strdup (name);
  else if (group_id != 0)
    /* Translators: a ticket's group, known by its number only. */
    text = g_strdup_printf (_("Group %lld"), (long long) group_id);
  else
    text = g_strdup (_("No group"));
  accessible = g_strdup_printf (_("Group: %s"), text);

  if (self->composer != NULL && self->store != NULL)
    groups = tend_store_list_groups (self->store, NULL);
  if (groups == NULL || groups->len == 0)
    {
      if (group_id != 0)
        add_chip (self, "system-users-symbolic", text, accessible, NULL);
      return;
    }

  menu = g_menu_new ();
  for (guint i = 0; i < groups->len; i++)
    {
      TendStoreGroup *group = g_ptr_array_index (groups, i);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *item_label = NULL;

      if (group->name[0] != '\0')
        item_label = g_strdup (group->name);
      else
        item_label = g_strdup_printf (_("Group %lld"), (long long) group->id);
      item = g_menu_item_new (item_label, NULL);
      g_menu_item_set_action_and_target_value (item, "ticket-view.set-group",
                                               g_variant_new_int64 (group->id));
      g_menu_append_item (menu, item);
    }
  none = g_menu_new ();
  g_menu_append (none, _("No group"), "ticket-view.set-group(int64 0)");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (none));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  image = gtk_image_new_from_icon_name ("system-users-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
  gtk_box_append (GTK_BOX (box), image);
  label = gtk_label_new (text);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_widget_set_name (label, "group_label");
  gtk_box_append (GTK_BOX (box), label);
  image = gtk_image_new_from_icon_name ("pan-down-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
  gtk_box_append (GTK_BOX (box), image);

  /* The menu marks the group the ticket is in. */
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions),
                                                                          "set-group")),
                             g_variant_new_int64 (group_id));

  button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), box);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_name (button, "group_chip");
  gtk_widget_add_css_class (button, "chip-button");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: the tooltip of a ticket's group, a menu to change it. */
  tend_widget_set_tooltip (button, _("Change the group"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_parent (button, self->properties_box);
}

static void
set_group_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TendTicketView *self = TEND_TICKET_VIEW (user_data);
  g_autoptr(GError) error = NULL;
  TendOutboxEdit edit;

  if (self->ticket == NULL || self->composer == NULL)
    return;
  tend_outbox_edit_init (&edit);
  edit.group_id = g_variant_get_int64 (parameter);
  if (edit.group_id == tend_ticket_get_group_id (self->ticket))
    return;
  /* Shown at once from the local copy; sent with the next push. */
  if (tend_outbox_enqueue (tend_composer_get_outbox (self->composer),
                           tend_ticket_get_id (self->ticket), &edit, &error) == 0)
    g_warning ("Could not change the group of ticket %lld: %s",
               (long long) tend_ticket_get_id (self->ticket), error->message);
}

static void
fill_properties (TendTicketView *self,
                 TendTicket     *ticket)
{
  GtkWidget *child;
  GtkWidget *status;
  TendTicketPriority priority = tend_ticket_get_priority (ticket);
  const char *type = tend_ticket_get_ticket_type (ticket);
  const char * const *tags = tend_ticket_get_tags (ticket);
  g_autofree char *assignee = user_name (self, tend_ticket_get_assignee_id (ticket));
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  while ((child = gtk_widget_get_first_child (self->properties_box)) != NULL)
    gtk_widget_unparent (child);

  /* Status */
  status = gtk_label_new (NULL);
  gtk_widget_add_css_class (status, "status-pill");
  gtk_widget_set_halign (status, GTK_ALIGN_START);
  _tend_status_pill_update (status, tend_ticket_get_status (ticket));
  /* Translators: for a screen reader: "Status: Open". */
  accessible = g_strdup_printf (_("Status: %s"), tend_ticket_status_get_label (tend_ticket_get_status (ticket)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (status),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  tend_widget_set_tooltip (status, accessible);
  gtk_widget_set_parent (status, self->properties_box);
  g_clear_pointer (&accessible, g_free);

  /* Priority */
  if (priority != TEND_TICKET_PRIORITY_NONE)
    {
      /* Translators: a ticket's priority as shown in its header: "High priority". */
      text = g_strdup_printf (_("%s priority"), tend_ticket_priority_get_label (priority));
      accessible = g_strdup_printf (_("Priority: %s"), tend_ticket_priority_get_label (priority));
      add_chip (self,
                priority >= TEND_TICKET_PRIORITY_HIGH ? "emblem-important-symbolic" : NULL,
                text, accessible,
                priority >= TEND_TICKET_PRIORITY_HIGH ? "priority-high" : NULL);
      g_clear_pointer (&text, g_free);
      g_clear_pointer (&accessible, g_free);
    }

  /* Type */
  if (type != NULL && *type != '\0')
    {
      g_autofree char *label = g_strdup (type);

      /* The helpdesk's lower-case keyword, shown as a word. */
      label[0] = g_ascii_toupper (label[0]);
      accessible = g_strdup_printf (_("Type: %s"), label);
      add_chip (self, NULL, label, accessible, NULL);
      g_clear_pointer (&accessible, g_free);
    }

  /* Assignee */
  if (assignee != NULL)
    accessible = g_strdup_printf (_("Assignee: %s"), assignee);
  else
    accessible = g_strdup (_("Assignee: nobody"));
  add_chip (self, "avatar-default-symbolic",
            assignee ? assignee : _("Unassigned"), accessible, NULL);
  g_clear_pointer (&accessible, g_free);

  add_group_chip (self, ticket);

  /* Tags */
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      accessible = g_strdup_printf (_("Tag: %s"), tags[i]);
      add_chip (self, NULL, tags[i], accessible, "tag");
      g_clear_pointer (&accessible, g_free);
    }
}

/* Replaces the "N more messages" row with those messages, collapsed to
 * one line each; a click on one expands it. */
static void
expand_more_row (TendTicketView *self,
                 GtkListBoxRow  *more)
{
  GPtrArray *comments = g_object_get_data (G_OBJECT (more), "tend-comments");
  guint first = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (more), "tend-first"));
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (more), "tend-n"));
  int position = gtk_list_box_row_get_index (more);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = tend_message_row_new (g_ptr_array_index (comments, first + i),
                                             tend_ticket_get_requester_id (self->ticket));

      tend_message_row_set_expanded (TEND_MESSAGE_ROW (row), FALSE);
      gtk_list_box_insert (self->conversation, row, position + i);
    }

  gtk_list_box_remove (self->conversation, GTK_WIDGET (more));
}

static GtkWidget *
create_more_row (TendTicketView *self,
                 GPtrArray      *comments,
                 guint           first,
                 guint           n)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label;
  g_autofree char *text = NULL;

  /* Translators: a row standing for the middle of a long conversation. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more message", "%u more messages", n), n);
  label = gtk_label_new (text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_add_css_class (row, "more-messages");
  gtk_widget_set_tooltip_text (row, _("Show the earlier messages"));

  g_object_set_data_full (G_OBJECT (row), "tend-comments",
                          g_ptr_array_ref (comments), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (row), "tend-first", GUINT_TO_POINTER (first));
  g_object_set_data (G_OBJECT (row), "tend-n", GUINT_TO_POINTER (n));

  return row;
}

static void
fill_conversation (TendTicketView *self,
                   TendTicket     *ticket)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conversation))) != NULL)
    gtk_list_box_remove (self->conversation, child);

  self->n_messages = 0;
  if (self->store == NULL)
    return;

  comments = tend_store_list_comments (self->store, tend_ticket_get_id (ticket), &error);
  if (comments == NULL)
    {
      g_warning ("Could not read the conversation of ticket %" G_GINT64_FORMAT ": %s",
                 tend_ticket_get_id (ticket), error->message);
      return;
    }

  /* A long thread opens with its first message and its latest ones; the
   * ones in between wait behind a "N more messages" row, so that opening
   * a ticket costs the same whatever the length of its thread. */
  for (guint i = 0; i < comments->len; i++)
    {
      if (comments->len > MAX_EXPANDED && i == 1)
        {
          guint n_hidden = comments->len - 1 - EXPANDED_AT_END;

          gtk_list_box_append (self->conversation, create_more_row (self, comments, 1, n_hidden));
          i += n_hidden - 1;
          continue;
        }

      gtk_list_box_append (self->conversation,
                           tend_message_row_new (g_ptr_array_index (comments, i),
                                                 tend_ticket_get_requester_id (ticket)));
    }

  self->n_messages = comments->len;
}

static void
fill (TendTicketView *self,
      TendTicket     *ticket)
{
  g_autofree char *id = g_strdup_printf ("#%" G_GINT64_FORMAT, tend_ticket_get_id (ticket));
  const char *subject = tend_ticket_get_subject (ticket);
  const char *name = tend_ticket_get_requester_name (ticket);
  const char *email = tend_ticket_get_requester_email (ticket);

  gtk_label_set_text (self->subject_label,
                      subject != NULL && *subject != '\0' ? subject : _("(No subject)"));
  gtk_label_set_text (self->id_label, id);
  gtk_label_set_text (self->requester_label, name ? name : "");
  gtk_label_set_text (self->email_label, email ? email : "");
  gtk_widget_set_visible (GTK_WIDGET (self->email_label), email != NULL && *email != '\0');

  fill_properties (self, ticket);
  fill_conversation (self, ticket);
}

static void
on_open_painted (GdkFrameClock  *clock,
                 TendTicketView *self)
{
  g_clear_signal_handler (&self->open_paint_id, clock);
  g_printerr ("ticket-open-ms %" G_GINT64_FORMAT "\n", (g_get_monotonic_time () - self->open_started_us + 500) / 1000);
}

/* After the rows of a reload have been measured. */
static gboolean
scroll_to_end_cb (gpointer user_data)
{
  TendTicketView *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));

  return G_SOURCE_REMOVE;
}

static gboolean
reload_cb (gpointer user_data)
{
  TendTicketView *self = user_data;
  g_autoptr(TendTicket) fresh = NULL;
  g_autoptr(GError) error = NULL;

  self->reload_source_id = 0;
  if (self->ticket == NULL || self->store == NULL)
    return G_SOURCE_REMOVE;

  fresh = tend_store_get_ticket (self->store, tend_ticket_get_id (self->ticket), &error);
  if (g_error_matches (error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
    {
      /* Deleted on the helpdesk meanwhile. */
      tend_ticket_view_set_ticket (self, NULL);
      return G_SOURCE_REMOVE;
    }
  if (fresh == NULL)
    {
      /* The ticket stays as it was; the next change reloads it again. */
      g_message ("Could not reload ticket %" G_GINT64_FORMAT ": %s",
                 tend_ticket_get_id (self->ticket), error->message);
      return G_SOURCE_REMOVE;
    }

  g_set_object (&self->ticket, fresh);
  fill (self, fresh);
  if (self->composer != NULL)
    tend_composer_set_ticket (self->composer, fresh);

  if (self->scroll_to_end)
    {
      self->scroll_to_end = FALSE;
      g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self), g_object_unref);
    }

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (TendTicketView *self,
                  guint           changes,
                  TendStore      *store)
{
  if (self->ticket == NULL)
    return;
  if ((changes & (TEND_STORE_CHANGE_TICKETS | TEND_STORE_CHANGE_COMMENTS | TEND_STORE_CHANGE_USERS |
                  TEND_STORE_CHANGE_GROUPS)) == 0)
    return;

  if (self->reload_source_id == 0)
    self->reload_source_id = g_timeout_add (RELOAD_DEBOUNCE_MS, reload_cb, self);
}

static void
tend_ticket_view_dispose (GObject *object)
{
  TendTicketView *self = TEND_TICKET_VIEW (object);

  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  self->composer = NULL;
  if (self->open_paint_id != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_clear_signal_handler (&self->open_paint_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  g_clear_object (&self->ticket);
  g_clear_object (&self->store);
  if (self->actions != NULL)
    gtk_widget_insert_action_group (GTK_WIDGET (self), "ticket-view", NULL);
  g_clear_object (&self->actions);
  /* AdwBin keeps its own pointer to its child: let it drop the child
   * before the template's references go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_TICKET_VIEW);

  G_OBJECT_CLASS (tend_ticket_view_parent_class)->dispose (object);
}

static void
tend_ticket_view_unmap (GtkWidget *widget)
{
  TendTicketView *self = TEND_TICKET_VIEW (widget);

  if (self->open_paint_id != 0)
    g_clear_signal_handler (&self->open_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (tend_ticket_view_parent_class)->unmap (widget);
}

static void
tend_ticket_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TendTicketView *self = TEND_TICKET_VIEW (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_ticket_view_class_init (TendTicketViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_ticket_view_dispose;
  object_class->get_property = tend_ticket_view_get_property;
  widget_class->unmap = tend_ticket_view_unmap;

  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         TEND_TYPE_TICKET,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-ticket-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, stack);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, scroller);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, subject_label);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, id_label);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, requester_label);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, email_label);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, properties_box);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, conversation);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, composer_clamp);
}

static void
on_message_activated (GtkListBox     *box,
                      GtkListBoxRow  *row,
                      TendTicketView *self)
{
  if (TEND_IS_MESSAGE_ROW (row))
    tend_message_row_set_expanded (TEND_MESSAGE_ROW (row), TRUE);
  else if (gtk_widget_has_css_class (GTK_WIDGET (row), "more-messages"))
    expand_more_row (self, row);
}

static void
tend_ticket_view_init (TendTicketView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->conversation, "row-activated",
                           G_CALLBACK (on_message_activated), self, 0);

  /* The chips go on as many lines as the pane's width needs. */
  gtk_widget_set_layout_manager (self->properties_box, tend_wrap_layout_new (6));

  /* A stateful action (not a class one) so that the group menu shows
   * which group the ticket is in. */
  {
    static const GActionEntry entries[] = {
      { .name = "set-group", .activate = set_group_activated,
        .parameter_type = "x", .state = "int64 0" },
    };

    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "ticket-view", G_ACTION_GROUP (self->actions));
  }
}

void
tend_ticket_view_set_store (TendTicketView *self,
                            TendStore      *store)
{
  g_return_if_fail (TEND_IS_TICKET_VIEW (self));
  g_return_if_fail (store == NULL || TEND_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);

  /* A composer writes into the outbox of one store only. */
  if (self->composer != NULL && tend_composer_get_store (self->composer) != store)
    tend_ticket_view_set_outbox (self, NULL, NULL);

  tend_ticket_view_set_ticket (self, NULL);
}

static void
on_composer_review (TendTicketView *self,
                    gint64          comment_id,
                    TendComposer   *composer)
{
  /* The customer's new message may not be on screen yet: re-read the
   * ticket now, and show the end of the thread, where it is. */
  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  self->scroll_to_end = TRUE;
  reload_cb (self);
}

void
tend_ticket_view_set_outbox (TendTicketView *self,
                             TendOutbox     *outbox,
                             TendDrafts     *drafts)
{
  GtkWidget *composer;

  g_return_if_fail (TEND_IS_TICKET_VIEW (self));
  g_return_if_fail (outbox == NULL || TEND_IS_OUTBOX (outbox));
  g_return_if_fail (drafts == NULL || TEND_IS_DRAFTS (drafts));
  g_return_if_fail ((outbox == NULL) == (drafts == NULL));

  if (self->composer != NULL)
    {
      if (outbox == tend_composer_get_outbox (self->composer) &&
          drafts == tend_composer_get_drafts (self->composer))
        return;

      /* The composer keeps what was typed until the drafts take it. */
      tend_composer_set_ticket (self->composer, NULL);
      adw_clamp_set_child (self->composer_clamp, NULL);
      self->composer = NULL;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->composer_clamp), outbox != NULL);
  if (outbox == NULL)
    return;

  composer = tend_composer_new (tend_outbox_get_store (outbox), outbox, drafts);
  self->composer = TEND_COMPOSER (composer);
  adw_clamp_set_child (self->composer_clamp, composer);
  g_signal_connect_object (composer, "review", G_CALLBACK (on_composer_review), self,
                           G_CONNECT_SWAPPED);
  tend_composer_set_ticket (self->composer, self->ticket);
}

TendComposer *
tend_ticket_view_get_composer (TendTicketView *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_VIEW (self), NULL);

  return self->composer;
}

void
tend_ticket_view_set_ticket (TendTicketView *self,
                             TendTicket     *ticket)
{
  g_autoptr(TendTicket) fresh = NULL;

  g_return_if_fail (TEND_IS_TICKET_VIEW (self));
  g_return_if_fail (ticket == NULL || TEND_IS_TICKET (ticket));

  self->open_started_us = g_get_monotonic_time ();
  g_clear_handle_id (&self->reload_source_id, g_source_remove);

  /* The list's copy may be a page old; the store has the latest. */
  if (ticket != NULL && self->store != NULL)
    fresh = tend_store_get_ticket (self->store, tend_ticket_get_id (ticket), NULL);
  if (fresh == NULL && ticket != NULL)
    fresh = g_object_ref (ticket);

  if (fresh == NULL)
    {
      g_clear_object (&self->ticket);
      if (self->composer != NULL)
        tend_composer_set_ticket (self->composer, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      self->n_messages = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
      return;
    }

  g_set_object (&self->ticket, fresh);
  fill (self, fresh);
  if (self->composer != NULL)
    tend_composer_set_ticket (self->composer, fresh);
  gtk_stack_set_visible_child_name (self->stack, "ticket");

  /* A new ticket is read from its start. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  if (tend_debug_timing () && gtk_widget_get_mapped (GTK_WIDGET (self)) && self->open_paint_id == 0)
    self->open_paint_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)),
                                            "after-paint", G_CALLBACK (on_open_painted), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

TendTicket *
tend_ticket_view_get_ticket (TendTicketView *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_VIEW (self), NULL);

  return self->ticket;
}

guint
tend_ticket_view_get_n_messages (TendTicketView *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_VIEW (self), 0);

  return self->n_messages;
}
