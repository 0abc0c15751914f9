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

#include "tend-outbox-view.h"
#include "tend-side-panel.h"
#include "tend-knowledge-panel.h"
#include "tend-workspace.h"

/* Narrower than this, the side panel starts hidden: the ticket needs the
 * room more (F9 shows it anyway). The panes' minimum widths (sidebar 220,
 * list 320, ticket 340, side panel 340, and the separators) add up to
 * about 1225 px: any narrower and showing the panel would fold the
 * sidebar away. */
#define SIDE_PANEL_MIN_WINDOW_WIDTH 1230

struct _TendWorkspace
{
  AdwBin          parent_instance;

  TendStore      *store;
  TendSession    *session;
  guint           mark_read_source_id;
  gint64          mark_read_id;
  /* Whether the agent wants the side panel (F9), and whether the window
   * is wide enough to show it without asking. */
  gboolean        side_panel_wanted;
  gboolean        wide;
  guint           side_panel_source_id;
  guint           side_panel_follow_id;

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
  GtkRevealer    *side_revealer;
  TendSidePanel  *side_panel;
  GtkWidget      *content_box;
  GtkStack       *content_stack;
  TendOutboxView *outbox_view;
  GtkRevealer    *offline_revealer;
  /* What the offline bar follows (the session's, while it has them). */
  TendSync         *watched_sync;
  TendConnectivity *watched_connectivity;
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
  TendTicket *shown;

  /* A list that lost its selection (a new search, a reload) leaves the
   * open ticket open: the agent may still be reading it. */
  if (ticket == NULL)
    return;

  /* Already open (the list found it again after a reload or a search,
   * or it was opened from the side panel): showing it again would scroll
   * it back to its start. */
  shown = tend_ticket_view_get_ticket (self->ticket_view);
  if (shown != NULL && tend_ticket_get_id (shown) == tend_ticket_get_id (ticket))
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

/* Opens ticket @id from wherever it was asked for (the side panel, the
 * outbox): it may not be in the list shown. */
static void
open_ticket_by_id (TendWorkspace *self,
                   gint64         id)
{
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  ticket = tend_store_get_ticket (self->store, id, &error);
  if (ticket == NULL)
    {
      g_warning ("Could not open ticket %" G_GINT64_FORMAT ": %s",
                 id, error != NULL ? error->message : "not in the cache");
      return;
    }

  tend_ticket_view_set_ticket (self->ticket_view, ticket);
  /* The list highlights it if it holds it, and j/k go on from there. */
  tend_inbox_view_follow_ticket (self->inbox, id);
  adw_leaflet_set_visible_child (self->outer_leaflet, self->content_box);
  adw_leaflet_set_visible_child (self->content_pane, self->ticket_pane);
}

void
tend_workspace_open_ticket (TendWorkspace *self,
                            gint64         id)
{
  g_return_if_fail (TEND_IS_WORKSPACE (self));

  open_ticket_by_id (self, id);
}

static void
on_sidebar_outbox_selected (TendWorkspace *self,
                            GParamSpec    *pspec,
                            TendSidebar   *sidebar)
{
  gtk_stack_set_visible_child_name (self->content_stack,
                                    tend_sidebar_get_outbox_selected (sidebar) ? "outbox" : "tickets");
}

static void
on_sidebar_outbox_activated (TendWorkspace *self,
                             TendSidebar   *sidebar)
{
  /* On a narrow window the outbox comes forward. */
  adw_leaflet_set_visible_child (self->outer_leaflet, self->content_box);
}

static void
on_outbox_open_ticket (TendWorkspace  *self,
                       gint64          id,
                       TendOutboxView *outbox_view)
{
  /* Back to the tickets, the view the agent was in still selected. */
  tend_sidebar_set_view (self->sidebar, tend_sidebar_get_view (self->sidebar));
  open_ticket_by_id (self, id);
}

static void
on_side_panel_open_ticket (TendWorkspace *self,
                           gint64         id,
                           TendSidePanel *panel)
{
  open_ticket_by_id (self, id);
}

static void
on_side_panel_insert (TendWorkspace *self,
                      const char    *text,
                      TendSidePanel *panel)
{
  TendComposer *composer = tend_ticket_view_get_composer (self->ticket_view);

  if (composer != NULL && tend_ticket_view_get_ticket (self->ticket_view) != NULL && text != NULL)
    tend_composer_insert_text (composer, text);
}

/* The side panel is about the open ticket: it shows beside one, when the
 * window is wide enough and the agent has not closed it (F9). Hidden, it
 * is not even measured, which keeps the first frame quick. */
static void
update_side_panel (TendWorkspace *self)
{
  gboolean reveal = self->wide && self->side_panel_wanted &&
                    tend_ticket_view_get_ticket (self->ticket_view) != NULL;

  if (reveal)
    gtk_widget_set_visible (GTK_WIDGET (self->side_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->side_revealer, reveal);
}

static void
on_side_revealed (TendWorkspace *self,
                  GParamSpec    *pspec,
                  GtkRevealer   *revealer)
{
  if (!gtk_revealer_get_child_revealed (revealer) && !gtk_revealer_get_reveal_child (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

static gboolean
side_panel_follow_cb (gpointer user_data)
{
  TendWorkspace *self = user_data;

  self->side_panel_follow_id = 0;
  tend_side_panel_set_ticket (self->side_panel, tend_ticket_view_get_ticket (self->ticket_view));
  return G_SOURCE_REMOVE;
}

static void
on_ticket_view_ticket_changed (TendWorkspace  *self,
                               GParamSpec     *pspec,
                               TendTicketView *ticket_view)
{
  update_side_panel (self);

  /* The panel's figures and suggestions take a few store queries: they
   * follow once the ticket itself is on screen (GDK paints at a higher
   * priority than this idle), so opening a ticket never waits for them. */
  if (self->side_panel_follow_id == 0)
    self->side_panel_follow_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, side_panel_follow_cb,
                                                  self, NULL);
}

static void
toggle_side_panel_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TendWorkspace *self = TEND_WORKSPACE (widget);

  /* A folded content pane has no room beside the ticket. */
  if (adw_leaflet_get_folded (self->content_pane))
    return;

  self->side_panel_wanted = !gtk_revealer_get_reveal_child (self->side_revealer);
  update_side_panel (self);
}

static void
knowledge_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TendWorkspace *self = TEND_WORKSPACE (widget);

  if (adw_leaflet_get_folded (self->content_pane))
    return;

  self->side_panel_wanted = TRUE;
  update_side_panel (self);
  tend_side_panel_focus_knowledge (self->side_panel);
}

/* Not from size_allocate itself: revealing changes the sizes being
 * allocated. */
static gboolean
update_side_panel_cb (gpointer user_data)
{
  TendWorkspace *self = user_data;

  self->side_panel_source_id = 0;
  update_side_panel (self);

  return G_SOURCE_REMOVE;
}

/* The workspace measures and allocates its child itself (AdwBin's layout
 * manager would keep size_allocate from being called): it needs to know
 * its width for the side panel. */
static void
tend_workspace_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural,
                        minimum_baseline, natural_baseline);
}

static void
tend_workspace_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  TendWorkspace *self = TEND_WORKSPACE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  gboolean wide = width >= SIDE_PANEL_MIN_WINDOW_WIDTH;

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* Only when the width crosses the line: within it, F9 decides. */
  if (wide != self->wide)
    {
      self->wide = wide;
      if (self->side_panel_source_id == 0)
        self->side_panel_source_id = g_idle_add (update_side_panel_cb, self);
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
  adw_leaflet_set_visible_child (self->outer_leaflet, self->content_box);
  adw_leaflet_set_visible_child (self->content_pane, self->list_pane);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TendWorkspace *self = TEND_WORKSPACE (widget);

  adw_leaflet_set_visible_child (self->outer_leaflet, self->content_box);
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

/* r and n: write a reply or a note to the open ticket. */
static void
compose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TendWorkspace *self = TEND_WORKSPACE (widget);
  TendComposer *composer = tend_ticket_view_get_composer (self->ticket_view);

  if (composer == NULL || tend_ticket_view_get_ticket (self->ticket_view) == NULL)
    return;

  /* On a narrow window the ticket comes forward, with its composer. */
  adw_leaflet_set_visible_child (self->outer_leaflet, self->content_box);
  adw_leaflet_set_visible_child (self->content_pane, self->ticket_pane);
  gtk_widget_activate_action (GTK_WIDGET (composer),
                              g_str_equal (action_name, "ticket.reply") ? "composer.reply-mode"
                                                                       : "composer.note-mode",
                              NULL);
}

static void
update_offline (TendWorkspace *self)
{
  /* A cache opened with --db never syncs: nothing waits for a network. */
  gboolean offline = self->watched_sync != NULL &&
                     (!tend_sync_get_online (self->watched_sync) ||
                      (self->watched_connectivity != NULL &&
                       !tend_connectivity_get_online (self->watched_connectivity)));

  gtk_revealer_set_reveal_child (self->offline_revealer, offline);
}

static void
watch_online (TendWorkspace    *self,
              TendSync         *sync,
              TendConnectivity *connectivity)
{
  if (self->watched_sync != NULL)
    g_signal_handlers_disconnect_by_data (self->watched_sync, self);
  if (self->watched_connectivity != NULL)
    g_signal_handlers_disconnect_by_data (self->watched_connectivity, self);
  g_set_object (&self->watched_sync, sync);
  g_set_object (&self->watched_connectivity, connectivity);
  if (sync != NULL)
    g_signal_connect_object (sync, "notify::online", G_CALLBACK (update_offline), self,
                             G_CONNECT_SWAPPED);
  if (connectivity != NULL)
    g_signal_connect_object (connectivity, "notify::online", G_CALLBACK (update_offline), self,
                             G_CONNECT_SWAPPED);
  update_offline (self);
}

static void
tend_workspace_dispose (GObject *object)
{
  TendWorkspace *self = TEND_WORKSPACE (object);

  g_clear_handle_id (&self->mark_read_source_id, g_source_remove);
  g_clear_handle_id (&self->side_panel_source_id, g_source_remove);
  g_clear_handle_id (&self->side_panel_follow_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  watch_online (self, NULL, NULL);

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
  widget_class->measure = tend_workspace_measure;
  widget_class->size_allocate = tend_workspace_size_allocate;

  g_type_ensure (TEND_TYPE_SIDEBAR);
  g_type_ensure (TEND_TYPE_INBOX_VIEW);
  g_type_ensure (TEND_TYPE_TICKET_VIEW);
  g_type_ensure (TEND_TYPE_SIDE_PANEL);
  g_type_ensure (TEND_TYPE_OUTBOX_VIEW);

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
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, side_revealer);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, side_panel);
  gtk_widget_class_bind_template_callback (widget_class, update_list_title);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, content_box);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, outbox_view);
  gtk_widget_class_bind_template_child (widget_class, TendWorkspace, offline_revealer);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_outbox_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_outbox_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_outbox_open_ticket);
  gtk_widget_class_bind_template_callback (widget_class, on_side_panel_open_ticket);
  gtk_widget_class_bind_template_callback (widget_class, on_side_revealed);
  gtk_widget_class_bind_template_callback (widget_class, on_side_panel_insert);
  gtk_widget_class_bind_template_callback (widget_class, on_ticket_view_ticket_changed);

  gtk_widget_class_install_action (widget_class, "inbox.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "inbox.next-ticket", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "inbox.previous-ticket", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "inbox.show-views", NULL, show_views_action);
  gtk_widget_class_install_action (widget_class, "ticket.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "ticket.reply", NULL, compose_action);
  gtk_widget_class_install_action (widget_class, "ticket.note", NULL, compose_action);
  gtk_widget_class_install_action (widget_class, "ticket.toggle-side-panel", NULL, toggle_side_panel_action);
  gtk_widget_class_install_action (widget_class, "ticket.knowledge", NULL, knowledge_action);

  /* Single letters reach these only when the focused widget did not take
   * the key: typing j in the search entry types a j. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "inbox.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "inbox.next-ticket", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "inbox.previous-ticket", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "ticket.reply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "ticket.note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "ticket.toggle-side-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "ticket.knowledge", NULL);
}

static void
tend_workspace_init (TendWorkspace *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  self->side_panel_wanted = TRUE;
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
  tend_side_panel_set_store (self->side_panel, store);
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

TendSidePanel *
tend_workspace_get_side_panel (TendWorkspace *self)
{
  g_return_val_if_fail (TEND_IS_WORKSPACE (self), NULL);

  return self->side_panel;
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

/* The session makes its sync, and its network monitor, when it starts. */
static void
on_session_sync_changed (TendWorkspace *self,
                         GParamSpec    *pspec,
                         TendSession   *session)
{
  TendComposer *composer = tend_ticket_view_get_composer (self->ticket_view);

  if (composer != NULL)
    g_object_set (composer, "connectivity", tend_session_get_connectivity (session), NULL);
  watch_online (self, tend_session_get_sync (session), tend_session_get_connectivity (session));
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
      watch_online (self, NULL, NULL);
      tend_knowledge_panel_set_session (tend_side_panel_get_knowledge_panel (self->side_panel), NULL);
      tend_ticket_view_set_outbox (self->ticket_view, NULL, NULL);
      tend_sidebar_set_outbox (self->sidebar, NULL);
      tend_outbox_view_set_outbox (self->outbox_view, NULL);
      tend_inbox_view_set_outbox (self->inbox, NULL);
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
  g_signal_connect_object (session, "notify::sync",
                           G_CALLBACK (on_session_sync_changed), self,
                           G_CONNECT_SWAPPED);
  tend_sidebar_set_session (self->sidebar, session);
  tend_workspace_set_store (self, tend_session_get_store (session), tend_session_get_title (session));
  /* The knowledge tab also asks the helpdesk, when online. */
  tend_knowledge_panel_set_session (tend_side_panel_get_knowledge_panel (self->side_panel), session);
  tend_ticket_view_set_outbox (self->ticket_view,
                               tend_session_get_outbox (session),
                               tend_session_get_drafts (session));
  tend_sidebar_set_outbox (self->sidebar, tend_session_get_outbox (session));
  tend_outbox_view_set_outbox (self->outbox_view, tend_session_get_outbox (session));
  tend_inbox_view_set_outbox (self->inbox, tend_session_get_outbox (session));
  on_session_sync_changed (self, NULL, session);
}

TendSession *
tend_workspace_get_session (TendWorkspace *self)
{
  g_return_val_if_fail (TEND_IS_WORKSPACE (self), NULL);

  return self->session;
}
