/* tend-side-panel.c: the Customer and Knowledge tabs beside a ticket
 *
 * A thin host for the two tabs: it hands them the store and the open
 * ticket, and passes their requests on (open a ticket, insert an article)
 * for the window to route; it knows neither the inbox nor the composer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-side-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-side-panel.h"

struct _TendSidePanel
{
  AdwBin              parent_instance;

  TendStore          *store;
  TendTicket         *ticket;

  /* Template widgets */
  AdwViewSwitcher    *switcher;
  AdwViewStack       *view_stack;
  TendCustomerPanel  *customer_panel;
  TendKnowledgePanel *knowledge_panel;
};

G_DEFINE_FINAL_TYPE (TendSidePanel, tend_side_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_TICKET,
  PROP_VISIBLE_TAB,
  N_PROPS
};

enum {
  OPEN_TICKET,
  INSERT_TEXT,
  INSERT_LINK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_open_ticket (TendSidePanel *self,
                gint64         id)
{
  g_signal_emit (self, signals[OPEN_TICKET], 0, id);
}

static void
on_insert_text (TendSidePanel *self,
                const char    *text)
{
  g_signal_emit (self, signals[INSERT_TEXT], 0, text);
}

static void
on_insert_link (TendSidePanel *self,
                const char    *url)
{
  g_signal_emit (self, signals[INSERT_LINK], 0, url);
}

static void
on_visible_child_changed (TendSidePanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_TAB]);
}

static void
tend_side_panel_dispose (GObject *object)
{
  TendSidePanel *self = TEND_SIDE_PANEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->ticket);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_SIDE_PANEL);

  G_OBJECT_CLASS (tend_side_panel_parent_class)->dispose (object);
}

static void
tend_side_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TendSidePanel *self = TEND_SIDE_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    case PROP_VISIBLE_TAB:
      g_value_set_string (value, tend_side_panel_get_visible_tab (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_side_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TendSidePanel *self = TEND_SIDE_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      tend_side_panel_set_store (self, g_value_get_object (value));
      break;

    case PROP_TICKET:
      tend_side_panel_set_ticket (self, g_value_get_object (value));
      break;

    case PROP_VISIBLE_TAB:
      tend_side_panel_set_visible_tab (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_side_panel_class_init (TendSidePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_side_panel_dispose;
  object_class->get_property = tend_side_panel_get_property;
  object_class->set_property = tend_side_panel_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TEND_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         TEND_TYPE_TICKET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE_TAB] =
    g_param_spec_string ("visible-tab", NULL, NULL,
                         "customer",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_TICKET] =
    g_signal_new ("open-ticket",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[INSERT_TEXT] =
    g_signal_new ("insert-text",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[INSERT_LINK] =
    g_signal_new ("insert-link",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (TEND_TYPE_CUSTOMER_PANEL);
  g_type_ensure (TEND_TYPE_KNOWLEDGE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-side-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TendSidePanel, switcher);
  gtk_widget_class_bind_template_child (widget_class, TendSidePanel, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TendSidePanel, customer_panel);
  gtk_widget_class_bind_template_child (widget_class, TendSidePanel, knowledge_panel);

  gtk_widget_class_set_css_name (widget_class, "sidepanel");
}

static void
tend_side_panel_init (TendSidePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->customer_panel, "open-ticket",
                           G_CALLBACK (on_open_ticket), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->knowledge_panel, "insert-text",
                           G_CALLBACK (on_insert_text), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->knowledge_panel, "insert-link",
                           G_CALLBACK (on_insert_link), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_visible_child_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
tend_side_panel_new (void)
{
  return g_object_new (TEND_TYPE_SIDE_PANEL, NULL);
}

TendStore *
tend_side_panel_get_store (TendSidePanel *self)
{
  g_return_val_if_fail (TEND_IS_SIDE_PANEL (self), NULL);

  return self->store;
}

void
tend_side_panel_set_store (TendSidePanel *self,
                           TendStore     *store)
{
  g_return_if_fail (TEND_IS_SIDE_PANEL (self));
  g_return_if_fail (store == NULL || TEND_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_clear_object (&self->ticket);
  tend_customer_panel_set_store (self->customer_panel, store);
  tend_knowledge_panel_set_store (self->knowledge_panel, store);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

TendTicket *
tend_side_panel_get_ticket (TendSidePanel *self)
{
  g_return_val_if_fail (TEND_IS_SIDE_PANEL (self), NULL);

  return self->ticket;
}

void
tend_side_panel_set_ticket (TendSidePanel *self,
                            TendTicket    *ticket)
{
  g_return_if_fail (TEND_IS_SIDE_PANEL (self));
  g_return_if_fail (ticket == NULL || TEND_IS_TICKET (ticket));

  if (!g_set_object (&self->ticket, ticket))
    return;

  tend_customer_panel_set_ticket (self->customer_panel, ticket);
  tend_knowledge_panel_set_ticket (self->knowledge_panel, ticket);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

const char *
tend_side_panel_get_visible_tab (TendSidePanel *self)
{
  g_return_val_if_fail (TEND_IS_SIDE_PANEL (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
tend_side_panel_set_visible_tab (TendSidePanel *self,
                                 const char    *name)
{
  g_return_if_fail (TEND_IS_SIDE_PANEL (self));
  g_return_if_fail (g_strcmp0 (name, "customer") == 0 || g_strcmp0 (name, "knowledge") == 0);

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
tend_side_panel_focus_knowledge (TendSidePanel *self)
{
  g_return_if_fail (TEND_IS_SIDE_PANEL (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "knowledge");
  tend_knowledge_panel_focus_search (self->knowledge_panel);
}

TendCustomerPanel *
tend_side_panel_get_customer_panel (TendSidePanel *self)
{
  g_return_val_if_fail (TEND_IS_SIDE_PANEL (self), NULL);

  return self->customer_panel;
}

TendKnowledgePanel *
tend_side_panel_get_knowledge_panel (TendSidePanel *self)
{
  g_return_val_if_fail (TEND_IS_SIDE_PANEL (self), NULL);

  return self->knowledge_panel;
}
