/* tend-workspace.c: sidebar, ticket list and ticket, in collapsing panes
 *
 * The workspace ties the three panes together: the sidebar picks the
 * inbox's view, the inbox's selection opens a ticket (and marks it read),
 * and the keyboard shortcuts of the inbox and the ticket live here as
 * inbox.* and ticket.* actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-workspace.h"

struct _TendWorkspace
{
  AdwBin          parent_instance;

  TendStore      *store;
  TendSession    *session;
  guint           mark_read_source_id;
  gint64          mark_read_id;

  /* Template widgets */
  AdwLeaflet     *outer_leaflet;
  AdwLeaflet     *content_pane;
  GtkWidget      *sidebar_pane;
  GtkWidget      *list_pane;
  GtkWidget      *ticket_pane;
  TendSidebar    *sidebar;
  TendInboxView  *inbox;
  TendTicketView *ticket_view;
  AdwWindowTitle *list_title;
};

G_DEFINE_FINAL_TYPE (TendWorkspace, tend_workspace, ADW_TYPE_BIN)

static void
update_list_title (TendWorkspace *self)
{
  TendTicketList *list = tend_inbox_view_get_list (self->inbox);
  g_autofree char *subtitle = NULL;

  adw_window_title_set_title (self->list_title, tend_inbox_view_get_title (self->inbox));

  /* "0 tickets" while the first sync brings them in would be wrong. */
  if (list != NULL &&
      (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0 || !tend_inbox_view_get_loading (self->inbox)))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

      /* Translators: the number of tickets in the list, under its title. */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u ticket", "%'u tickets", n), n);
    }
  adw_window_title_set_subtitle (self->list_title, subtitle);
}

static gboolean
mark_read_cb (gpointer user_data)
{
  TendWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;

  self->mark_read_source_id = 0;
  if (self->store == NULL)
    return G_SOURCE_REMOVE;

  if (!tend_store_set_read (self->store, self->mark_read_id, TRUE, &error))
    g_warning ("Could not mark ticket %" G_GINT64_FORMAT " read: %s",
               self->mark_read_id, error->message);

  return G_SOURCE_REMOVE;
}

static void
on_selected_ticket_changed (TendWorkspace *self,
                            GParamSpec    *pspec,
                            TendInboxView *inbox)
{
  TendTicket *ticket = tend_inbox_view_get_selected_ticket (inbox);

  /* A list that lost its selection (a new search, a reload) leaves the
   * open ticket open: the agent may still be reading it. */
  if (ticket == NULL)
    return;

  tend_ticket_view_set_ticket (self->ticket_view, ticket);

  /* After the ticket has been drawn: the write and the list reload it
   * causes are not what the agent waits for. */
  if (tend_ticket_get_unread (ticket))
    {
      self->mark_read_id = tend_ticket_get_id (ticket);
      g_clear_handle_id (&self->mark_read_source_id, g_source_remove);
      self->mark_read_source_id = g_idle_add_full (G_PRIORITY_LOW, mark_read_cb, self, NULL);
    }
}

static void
on_ticket_activated (TendWorkspace *self,
                     TendInboxView *inbox)
{
  if (tend_inbox_view_get_selected_ticket (inbox) != NULL)
    adw_leaflet_set_visible_child (self->content_pane, self->ticket_pane);
}

static void
on_sidebar_view_changed (TendWorkspace *self,
                         GParamSpec    *pspec,
                         TendSidebar   *sidebar)
{
  tend_inbox_view_set_view (self->inbox, tend_sidebar_get_view (sidebar));
}

static void
on_sidebar_view_activated (TendWorkspace *self,
                           guint          view,
                           TendSidebar   *sidebar)
{
  tend_inbox_view_set_view (self->inbox, view);

  /* On a narrow window the list comes forward. */
  adw_leaflet_set_visible_child (self->outer_leaflet, GTK_WIDGET (self->content_pane));
  adw_leaflet_set_visible_child (self->content_pane, self->list_pane);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TendWorkspace *self = TEND_WORKSPACE (widget);

  adw_leaflet_set_visible_child (self->outer_leaflet, GTK_WIDGET (self->content_pane));
  adw_leaflet_set_visible_child (self->content_pane, self->list_pane);
  tend_inbox_view_set_search_mode (self->inbox, TRUE);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TendWorkspace *self = TEND_WORKSPACE (widget);
  int delta = g_str_equal (action_name, "inbox.next-ticket") ? 1 : -1;

  /* j and k read the next ticket: on a narrow window, show it. */
  if (tend_inbox_view_select_relative (self->inbox, delta))
    adw_leaflet_set_visible_child (self->content_pane, self->ticket_pane);
}

static void
show_views_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TendWorkspace *self = TEND_WORKSPACE (widget);

  adw_leaflet_set_visible_child (self->outer_leaflet, self->sidebar_pane);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TendWorkspace *self = TEND_WORKSPACE (widget);

  adw_leaflet_set_visible_child (self->content_pane, self->list_pane);
  tend_inbox_view_focus_list (self->inbox);
}

static void
tend_workspace_dispose (GObject *object)
{
  TendWorkspace *self = TEND_WORKSPACE (object);

  g_clear_handle_id (&self->mark_read_source_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  /* Take the leaflets down whole first: AdwLeaflet 1.2 unparents its
   * pages' children when it goes, and must not find some of them already
   * dropped by gtk_widget_dispose_template(). */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_WORKSPACE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tend_workspace_parent_class)->dispose (object);
}

static void
tend_workspace_class_init (TendWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_workspace_dispose;

  g_type_ensure (TEND_TYPE_SIDEBAR);
  g_type_ensure (TEND_TYPE_INBOX_VIEW);
  g_type_ensure (TEND_TYPE_TICKET_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, outer_leaflet);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, content_pane);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, list_pane);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, ticket_pane);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, sidebar);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, inbox);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, ticket_view);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, list_title);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_ticket_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_ticket_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_view_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_view_activated);
  gtk_widget_class_bind_template_callback (widget_class, update_list_title);

  gtk_widget_class_install_action (widget_class, "inbox.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "inbox.next-ticket", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "inbox.previous-ticket", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "inbox.show-views", NULL, show_views_action);
  gtk_widget_class_install_action (widget_class, "ticket.back", NULL, back_action);

  /* Single letters reach these only when the focused widget did not take
   * the key: typing j in the search entry types a j. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "inbox.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "inbox.next-ticket", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "inbox.previous-ticket", NULL);
}

static void
tend_workspace_init (TendWorkspace *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_list_title (self);
}

void
tend_workspace_set_store (TendWorkspace *self,
                          TendStore     *store,
                          const char    *account_label)
{
  g_return_if_fail (TEND_IS_WORKSPACE (self));
  g_return_if_fail (store == NULL || TEND_IS_STORE (store));

  g_set_object (&self->store, store);
  tend_sidebar_set_store (self->sidebar, store, account_label);
  tend_ticket_view_set_store (self->ticket_view, store);
  tend_inbox_view_set_store (self->inbox, store);
  update_list_title (self);
}

TendStore *
tend_workspace_get_store (TendWorkspace *self)
{
  g_return_val_if_fail (TEND_IS_WORKSPACE (self), NULL);

  return self->store;
}

TendSidebar *
tend_workspace_get_sidebar (TendWorkspace *self)
{
  g_return_val_if_fail (TEND_IS_WORKSPACE (self), NULL);

  return self->sidebar;
}

TendInboxView *
tend_workspace_get_inbox (TendWorkspace *self)
{
  g_return_val_if_fail (TEND_IS_WORKSPACE (self), NULL);

  return self->inbox;
}

TendTicketView *
tend_workspace_get_ticket_view (TendWorkspace *self)
{
  g_return_val_if_fail (TEND_IS_WORKSPACE (self), NULL);

  return self->ticket_view;
}

static void
on_session_loading_changed (TendWorkspace *self,
                            GParamSpec    *pspec,
                            TendSession   *session)
{
  tend_inbox_view_set_loading (self->inbox, tend_session_get_loading (session));
  update_list_title (self);
}

void
tend_workspace_set_session (TendWorkspace *self,
                            TendSession   *session)
{
  g_return_if_fail (TEND_IS_WORKSPACE (self));
  g_return_if_fail (session == NULL || TEND_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  /* The previous account's ticket must not stay on screen. */
  tend_ticket_view_set_ticket (self->ticket_view, NULL);

  if (session == NULL)
    {
      tend_sidebar_set_session (self->sidebar, NULL);
      tend_inbox_view_set_loading (self->inbox, FALSE);
      update_list_title (self);
      tend_workspace_set_store (self, NULL, NULL);
      return;
    }

  tend_inbox_view_set_loading (self->inbox, tend_session_get_loading (session));
  update_list_title (self);
  g_signal_connect_object (session, "notify::loading",
                           G_CALLBACK (on_session_loading_changed), self,
                           G_CONNECT_SWAPPED);
  tend_sidebar_set_session (self->sidebar, session);
  tend_workspace_set_store (self, tend_session_get_store (session), tend_session_get_title (session));
}

TendSession *
tend_workspace_get_session (TendWorkspace *self)
{
  g_return_val_if_fail (TEND_IS_WORKSPACE (self), NULL);

  return self->session;
}
