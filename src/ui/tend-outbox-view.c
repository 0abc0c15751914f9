/* tend-outbox-view.c: the agent's changes on their way to the helpdesk
 *
 * Nothing is dropped silently: a change the helpdesk refused or that met
 * a newer version of its ticket stays here, saying why, until the agent
 * retries, sends it anyway or discards it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-outbox-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-outbox-view.h"
#include "tend-ui-utils.h"

struct _TendOutboxView
{
  AdwBin           parent_instance;

  TendOutbox      *outbox;

  /* Template widgets */
  GtkStack        *stack;
  GtkListView     *list_view;
};

G_DEFINE_FINAL_TYPE (TendOutboxView, tend_outbox_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_OUTBOX,
  N_PROPS
};

enum {
  SIGNAL_OPEN_TICKET,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The widgets of one row, kept on its box. */
typedef struct
{
  TendOutboxView *view;
  TendOutboxItem *item;
  gulong          notify_id;
  GtkWidget      *icon;
  GtkWidget      *title;
  GtkWidget      *pill;
  GtkWidget      *summary;
  GtkWidget      *error;
  GtkWidget      *time;
  GtkWidget      *retry;
  GtkWidget      *send_anyway;
  GtkWidget      *discard;
} OutboxRow;

static const char *
kind_icon (const char *kind)
{
  if (g_strcmp0 (kind, "reply") == 0)
    return "mail-reply-sender-symbolic";
  if (g_strcmp0 (kind, "note") == 0)
    return "document-edit-symbolic";
  if (g_strcmp0 (kind, "macro") == 0)
    return "view-list-bullet-symbolic";
  return "document-properties-symbolic";
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "reply") == 0)
    return _("Reply");
  if (g_strcmp0 (kind, "note") == 0)
    return _("Internal note");
  if (g_strcmp0 (kind, "macro") == 0)
    return _("Macro");
  return _("Ticket changes");
}

static void
update_stack (TendOutboxView *self)
{
  gboolean empty = self->outbox == NULL ||
                   g_list_model_get_n_items (G_LIST_MODEL (self->outbox)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
row_update (OutboxRow *row)
{
  TendOutboxItem *item = row->item;
  TendOutboxState state = tend_outbox_item_get_state (item);
  const char *kind = tend_outbox_item_get_kind (item);
  const char *last_error = tend_outbox_item_get_last_error (item);
  g_autofree char *summary = tend_outbox_item_dup_summary (item);
  g_autofree char *time = tend_format_relative_time (tend_outbox_item_get_created_at (item),
                                                     g_get_real_time () / G_USEC_PER_SEC);
  static const char * const state_classes[] = {
    "state-queued", "state-sending", "state-sent", "state-failed", "state-conflict",
  };

  gtk_image_set_from_icon_name (GTK_IMAGE (row->icon), kind_icon (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, kind_label (kind), -1);
  tend_widget_set_tooltip (row->icon, kind_label (kind));

  /* The engine's words, as tendctl and the conversation say them. */
  gtk_label_set_text (GTK_LABEL (row->pill), tend_outbox_state_get_label (state));
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (row->pill, state_classes[i]);
  if ((guint) state < G_N_ELEMENTS (state_classes))
    gtk_widget_add_css_class (row->pill, state_classes[state]);

  gtk_label_set_text (GTK_LABEL (row->summary), summary != NULL ? summary : kind_label (kind));
  gtk_label_set_text (GTK_LABEL (row->time), time);

  if (state == TEND_OUTBOX_STATE_CONFLICT && (last_error == NULL || *last_error == '\0'))
    last_error = _("The ticket changed on the helpdesk after you wrote this");
  gtk_label_set_text (GTK_LABEL (row->error), last_error != NULL ? last_error : "");
  gtk_widget_set_visible (row->error, last_error != NULL && *last_error != '\0' &&
                                      state != TEND_OUTBOX_STATE_SENT);

  gtk_widget_set_visible (row->retry, state == TEND_OUTBOX_STATE_FAILED);
  gtk_widget_set_visible (row->send_anyway, state == TEND_OUTBOX_STATE_CONFLICT);
  gtk_widget_set_visible (row->discard, state == TEND_OUTBOX_STATE_CONFLICT ||
                                        state == TEND_OUTBOX_STATE_FAILED);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->retry), "x", (gint64) tend_outbox_item_get_id (item));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->send_anyway), "x", (gint64) tend_outbox_item_get_id (item));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->discard), "x", (gint64) tend_outbox_item_get_id (item));
}

static void
row_update_title (OutboxRow *row)
{
  TendStore *store = tend_outbox_get_store (row->view->outbox);
  gint64 ticket_id = tend_outbox_item_get_ticket_id (row->item);
  g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, ticket_id, NULL);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, ticket_id);
  g_autofree char *title = NULL;

  if (ticket != NULL && tend_ticket_get_subject (ticket) != NULL && *tend_ticket_get_subject (ticket) != '\0')
    /* Translators: a ticket in the outbox: "#123 · Printer on fire". */
    title = g_strdup_printf (_("#%s · %s"), number, tend_ticket_get_subject (ticket));
  else
    /* Translators: %s is a ticket's number. */
    title = g_strdup_printf (_("Ticket #%s"), number);

  gtk_label_set_text (GTK_LABEL (row->title), title);
}

static GtkWidget *
make_button (const char *label,
             const char *action,
             const char *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  /* The target first: an action with a parameter refuses a NULL one. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  return button;
}

static void
item_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            TendOutboxView           *self)
{
  OutboxRow *row = g_new0 (OutboxRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  row->view = self;
  row->icon = gtk_image_new ();
  row->title = gtk_label_new (NULL);
  row->pill = gtk_label_new (NULL);
  row->summary = gtk_label_new (NULL);
  row->error = gtk_label_new (NULL);
  row->time = gtk_label_new (NULL);
  row->retry = make_button (_("_Retry"), "outbox.retry", NULL);
  row->send_anyway = make_button (_("Send _Anyway"), "outbox.send-anyway", "suggested-action");
  row->discard = make_button (_("_Discard"), "outbox.discard", NULL);

  gtk_widget_add_css_class (box, "outbox-row");
  gtk_widget_set_valign (row->icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (row->icon, "outbox-kind");
  gtk_widget_set_hexpand (text, TRUE);

  gtk_label_set_xalign (GTK_LABEL (row->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row->title, "heading");
  gtk_widget_set_valign (row->pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->pill, "outbox-state");
  gtk_label_set_xalign (GTK_LABEL (row->time), 1);
  gtk_widget_set_hexpand (row->time, TRUE);
  gtk_widget_set_halign (row->time, GTK_ALIGN_END);
  gtk_widget_add_css_class (row->time, "caption");
  gtk_widget_add_css_class (row->time, "dim-label");
  gtk_widget_add_css_class (row->time, "numeric");

  gtk_label_set_xalign (GTK_LABEL (row->summary), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->summary), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row->summary, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (row->error), 0);
  gtk_label_set_wrap (GTK_LABEL (row->error), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (row->error), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (row->error, "caption");
  gtk_widget_add_css_class (row->error, "outbox-error");

  gtk_box_append (GTK_BOX (top), row->title);
  gtk_box_append (GTK_BOX (top), row->pill);
  gtk_box_append (GTK_BOX (top), row->time);
  gtk_box_append (GTK_BOX (text), top);
  gtk_box_append (GTK_BOX (text), row->summary);
  gtk_box_append (GTK_BOX (text), row->error);

  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), row->retry);
  gtk_box_append (GTK_BOX (buttons), row->discard);
  gtk_box_append (GTK_BOX (buttons), row->send_anyway);

  gtk_box_append (GTK_BOX (box), row->icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), buttons);

  g_object_set_data_full (G_OBJECT (box), "outbox-row", row, g_free);
  gtk_list_item_set_child (item, box);
}

static void
item_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           TendOutboxView           *self)
{
  OutboxRow *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "outbox-row");

  row->item = g_object_ref (gtk_list_item_get_item (item));
  /* Items keep their identity across reloads and notify what changed. */
  row->notify_id = g_signal_connect_swapped (row->item, "notify", G_CALLBACK (row_update), row);
  row_update_title (row);
  row_update (row);
}

static void
item_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             TendOutboxView           *self)
{
  OutboxRow *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "outbox-row");

  g_clear_signal_handler (&row->notify_id, row->item);
  g_clear_object (&row->item);
}

static void
on_row_activate (TendOutboxView *self,
                 guint           position)
{
  g_autoptr(TendOutboxItem) item = NULL;

  if (self->outbox == NULL)
    return;

  item = g_list_model_get_item (G_LIST_MODEL (self->outbox), position);
  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_TICKET], 0, tend_outbox_item_get_ticket_id (item));
}

static void
report_error (TendOutboxView *self,
              const GError   *error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  AdwToastOverlay *overlay = NULL;

  /* The nearest toast overlay says it; without one, the log does. */
  for (widget = gtk_widget_get_parent (widget); widget != NULL; widget = gtk_widget_get_parent (widget))
    if (ADW_IS_TOAST_OVERLAY (widget))
      {
        overlay = ADW_TOAST_OVERLAY (widget);
        break;
      }

  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

static void
outbox_retry (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TendOutboxView *self = TEND_OUTBOX_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->outbox != NULL && !tend_outbox_retry (self->outbox, g_variant_get_int64 (param), &error))
    report_error (self, error);
}

static void
outbox_send_anyway (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TendOutboxView *self = TEND_OUTBOX_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->outbox != NULL && !tend_outbox_send_anyway (self->outbox, g_variant_get_int64 (param), &error))
    report_error (self, error);
}

static void
outbox_discard (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TendOutboxView *self = TEND_OUTBOX_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->outbox != NULL && !tend_outbox_discard (self->outbox, g_variant_get_int64 (param), &error))
    report_error (self, error);
}

static void
tend_outbox_view_dispose (GObject *object)
{
  TendOutboxView *self = TEND_OUTBOX_VIEW (object);

  g_clear_object (&self->outbox);

  G_OBJECT_CLASS (tend_outbox_view_parent_class)->dispose (object);
}

static void
tend_outbox_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TendOutboxView *self = TEND_OUTBOX_VIEW (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_outbox_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TendOutboxView *self = TEND_OUTBOX_VIEW (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      tend_outbox_view_set_outbox (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_outbox_view_class_init (TendOutboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_outbox_view_dispose;
  object_class->get_property = tend_outbox_view_get_property;
  object_class->set_property = tend_outbox_view_set_property;

  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, TEND_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_OPEN_TICKET] =
    g_signal_new ("open-ticket", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-outbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TendOutboxView, stack);
  gtk_widget_class_bind_template_child (widget_class, TendOutboxView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activate);

  gtk_widget_class_install_action (widget_class, "outbox.retry", "x", outbox_retry);
  gtk_widget_class_install_action (widget_class, "outbox.send-anyway", "x", outbox_send_anyway);
  gtk_widget_class_install_action (widget_class, "outbox.discard", "x", outbox_discard);
}

static void
tend_outbox_view_init (TendOutboxView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (item_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (item_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (item_unbind), self);
  gtk_list_view_set_factory (self->list_view, factory);

  update_stack (self);
}

GtkWidget *
tend_outbox_view_new (TendOutbox *outbox)
{
  return g_object_new (TEND_TYPE_OUTBOX_VIEW, "outbox", outbox, NULL);
}

TendOutbox *
tend_outbox_view_get_outbox (TendOutboxView *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_VIEW (self), NULL);
  return self->outbox;
}

void
tend_outbox_view_set_outbox (TendOutboxView *self,
                             TendOutbox     *outbox)
{
  g_return_if_fail (TEND_IS_OUTBOX_VIEW (self));
  g_return_if_fail (outbox == NULL || TEND_IS_OUTBOX (outbox));

  if (self->outbox == outbox)
    return;

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_set_object (&self->outbox, outbox);

  if (outbox != NULL)
    {
      GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (outbox)));

      g_signal_connect_object (outbox, "items-changed", G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
      g_object_unref (selection);
    }
  else
    gtk_list_view_set_model (self->list_view, NULL);

  update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX]);
}
