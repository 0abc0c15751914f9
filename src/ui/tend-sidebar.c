/* tend-sidebar.c: the views of the inbox, with live counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-sidebar.h"

/* Sync writes in bursts; counting six views after every page of a sync
 * would keep the main thread busy for nothing. */
#define COUNT_DEBOUNCE_MS 300

typedef struct
{
  TendView    view;
  const char *icon_name;
} ViewEntry;

/* The order of the sidebar: the agent's own work first. */
static const ViewEntry view_entries[] = {
  { TEND_VIEW_MINE,       "avatar-default-symbolic" },
  { TEND_VIEW_UNASSIGNED, "system-users-symbolic" },
  { TEND_VIEW_OPEN,       "folder-open-symbolic" },
  { TEND_VIEW_PENDING,    "alarm-symbolic" },
  { TEND_VIEW_RECENT,     "document-open-recent-symbolic" },
  { TEND_VIEW_SOLVED,     "object-select-symbolic" },
};

struct _TendSidebar
{
  AdwBin         parent_instance;

  TendStore     *store;
  TendView       view;
  guint          counts[TEND_N_VIEWS];
  GtkWidget     *rows[TEND_N_VIEWS];
  GtkWidget     *count_labels[TEND_N_VIEWS];
  guint          count_source_id;
  TendSession   *session;
  /* The "Outbox" row, after the views: the agent's unsent changes. */
  TendOutbox    *outbox;
  GtkWidget     *outbox_row;
  GtkWidget     *outbox_count;
  GtkWidget     *outbox_attention;
  gboolean       outbox_selected;

  /* Template widgets */
  GtkListBox    *views_list;
  GtkMenuButton *account_button;
  AdwAvatar     *account_avatar;
  GtkLabel      *account_label;
  GtkLabel      *account_subtitle;
  GtkStack      *status_icon_stack;
  GtkImage      *status_icon;
  GtkSpinner    *status_spinner;
  GtkLabel      *status_label;
  GtkWidget     *sync_button;
};

G_DEFINE_FINAL_TYPE (TendSidebar, tend_sidebar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_OUTBOX_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  VIEW_ACTIVATED,
  OUTBOX_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_row_accessible (TendSidebar *self,
                       TendView     view)
{
  g_autofree char *label = NULL;

  if (self->counts[view] == G_MAXUINT)
    label = g_strdup (tend_view_get_label (view));
  else
    /* Translators: a view in the sidebar and how many tickets it holds,
     * as read by a screen reader: "Pending, 12 tickets". */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u ticket", "%s, %u tickets",
                                          self->counts[view]),
                             tend_view_get_label (view), self->counts[view]);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rows[view]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
set_count (TendSidebar *self,
           TendView     view,
           guint        count)
{
  g_autofree char *text = NULL;

  self->counts[view] = count;

  if (count != G_MAXUINT)
    text = g_strdup_printf ("%'u", count);
  gtk_label_set_text (GTK_LABEL (self->count_labels[view]), text ? text : "");
  update_row_accessible (self, view);
}

void
tend_sidebar_refresh_counts (TendSidebar *self)
{
  g_return_if_fail (TEND_IS_SIDEBAR (self));

  g_clear_handle_id (&self->count_source_id, g_source_remove);

  for (guint i = 0; i < G_N_ELEMENTS (view_entries); i++)
    {
      TendView view = view_entries[i].view;
      g_autoptr(GError) error = NULL;
      guint count = G_MAXUINT;

      if (self->store != NULL)
        {
          count = tend_store_count_tickets (self->store, view, NULL, &error);
          if (error != NULL)
            {
              g_warning ("Could not count the tickets of %s: %s",
                         tend_view_to_string (view), error->message);
              count = G_MAXUINT;
            }
        }

      set_count (self, view, count);
    }
}

static gboolean
refresh_counts_cb (gpointer user_data)
{
  TendSidebar *self = user_data;

  self->count_source_id = 0;
  tend_sidebar_refresh_counts (self);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (TendSidebar *self,
                  guint        changes,
                  TendStore   *store)
{
  /* Read state does not change which view a ticket is in. */
  if ((changes & (TEND_STORE_CHANGE_TICKETS | TEND_STORE_CHANGE_COMMENTS | TEND_STORE_CHANGE_META)) == 0)
    return;

  if (self->count_source_id == 0)
    self->count_source_id = g_timeout_add (COUNT_DEBOUNCE_MS, refresh_counts_cb, self);
}

static void
on_row_selected (TendSidebar   *self,
                 GtkListBoxRow *row,
                 GtkListBox    *list)
{
  TendView view;
  gboolean outbox;

  if (row == NULL)
    return;

  outbox = GTK_WIDGET (row) == self->outbox_row;
  if (outbox != self->outbox_selected)
    {
      self->outbox_selected = outbox;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX_SELECTED]);
    }
  if (outbox)
    return;

  view = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "tend-view"));
  if (view == self->view)
    return;

  self->view = view;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
on_row_activated (TendSidebar   *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  TendView view = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "tend-view"));

  if (GTK_WIDGET (row) == self->outbox_row)
    {
      g_signal_emit (self, signals[OUTBOX_ACTIVATED], 0);
      return;
    }

  /* Also for the row already selected: on a narrow window, picking a view
   * again is how the agent goes back to its list. */
  g_signal_emit (self, signals[VIEW_ACTIVATED], 0, (guint) view);
}

static GtkWidget *
create_row (TendSidebar     *self,
            const ViewEntry *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (entry->icon_name);
  GtkWidget *label = gtk_label_new (tend_view_get_label (entry->view));
  GtkWidget *count = gtk_label_new (NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, NULL, -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (count, "view-count");

  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "tend-view", GUINT_TO_POINTER (entry->view));
  self->rows[entry->view] = row;
  self->count_labels[entry->view] = count;

  return row;
}

/* The account switcher and the status line */

static void
set_account_labels (TendSidebar *self,
                    const char  *title,
                    const char  *subtitle)
{
  g_autofree char *accessible = NULL;

  gtk_label_set_text (self->account_label, title ? title : "");
  gtk_label_set_text (self->account_subtitle, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->account_subtitle), subtitle != NULL && subtitle[0] != '\0');
  adw_avatar_set_text (self->account_avatar, title);

  /* Translators: how a screen reader names the account switcher; %s is
   * the account shown. */
  accessible = g_strdup_printf (_("Switch account, current: %s"), title ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_session_account_changed (TendSidebar *self,
                            GParamSpec  *pspec,
                            TendSession *session)
{
  set_account_labels (self, tend_session_get_title (session), tend_session_get_subtitle (session));
}

static void
on_session_status_changed (TendSidebar *self,
                           GParamSpec  *pspec,
                           TendSession *session)
{
  TendSessionState state = tend_session_get_state (session);
  const char *details = tend_session_get_details (session);
  const char *icon_name = NULL;
  gboolean busy = FALSE;

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "dim-label");

  switch (state)
    {
    case TEND_SESSION_STATE_CACHE_ONLY:
    case TEND_SESSION_STATE_OFFLINE:
      icon_name = "network-offline-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "dim-label");
      break;
    case TEND_SESSION_STATE_STARTING:
    case TEND_SESSION_STATE_SYNCING:
      busy = TRUE;
      break;
    case TEND_SESSION_STATE_SYNCED:
      icon_name = "emblem-ok-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "dim-label");
      break;
    case TEND_SESSION_STATE_AUTH_FAILED:
      icon_name = "dialog-password-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "error");
      break;
    case TEND_SESSION_STATE_FAILED:
    default:
      icon_name = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "warning");
      break;
    }

  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_spinner_set_spinning (self->status_spinner, busy);
  gtk_stack_set_visible_child_name (self->status_icon_stack, busy ? "spinner" : "icon");

  if (state == TEND_SESSION_STATE_AUTH_FAILED && tend_session_get_account (session) != NULL &&
      !tend_session_get_ephemeral (session))
    {
      /* Our own text with a link in it, never text from the server. */
      gtk_label_set_markup (self->status_label,
                            _("Sign-in failed — <a href=\"update-token\">update the token</a>"));
    }
  else
    {
      gtk_label_set_use_markup (self->status_label, FALSE);
      gtk_label_set_text (self->status_label, tend_session_get_status (session));
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), details);
  gtk_widget_set_visible (self->sync_button, state != TEND_SESSION_STATE_CACHE_ONLY);
}

static gboolean
on_status_link_activated (TendSidebar *self,
                          const char  *uri,
                          GtkLabel    *label)
{
  if (g_strcmp0 (uri, "update-token") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.update-token", NULL);

  /* Never hand the URI to a browser: it is ours, not a web link. */
  return TRUE;
}

void
tend_sidebar_set_session (TendSidebar *self,
                          TendSession *session)
{
  g_return_if_fail (TEND_IS_SIDEBAR (self));
  g_return_if_fail (session == NULL || TEND_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session == NULL)
    {
      tend_sidebar_set_store (self, NULL, NULL);
      return;
    }

  tend_sidebar_set_store (self, tend_session_get_store (session), tend_session_get_title (session));

  g_signal_connect_object (session, "notify::title", G_CALLBACK (on_session_account_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::subtitle", G_CALLBACK (on_session_account_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (on_session_status_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::status", G_CALLBACK (on_session_status_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::details", G_CALLBACK (on_session_status_changed), self, G_CONNECT_SWAPPED);
  on_session_account_changed (self, NULL, session);
  on_session_status_changed (self, NULL, session);
}

TendSession *
tend_sidebar_get_session (TendSidebar *self)
{
  g_return_val_if_fail (TEND_IS_SIDEBAR (self), NULL);

  return self->session;
}

void
tend_sidebar_set_account_menu (TendSidebar *self,
                               GMenuModel  *menu)
{
  g_return_if_fail (TEND_IS_SIDEBAR (self));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));

  gtk_menu_button_set_menu_model (self->account_button, menu);
}

GtkMenuButton *
tend_sidebar_get_account_button (TendSidebar *self)
{
  g_return_val_if_fail (TEND_IS_SIDEBAR (self), NULL);

  return self->account_button;
}

static void
tend_sidebar_dispose (GObject *object)
{
  TendSidebar *self = TEND_SIDEBAR (object);

  g_clear_handle_id (&self->count_source_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_clear_object (&self->outbox);
  g_clear_object (&self->store);
  /* AdwBin keeps its own pointer to its child: let it drop the child
   * before the template's references go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_SIDEBAR);

  G_OBJECT_CLASS (tend_sidebar_parent_class)->dispose (object);
}

static void
tend_sidebar_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TendSidebar *self = TEND_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_uint (value, self->view);
      break;

    case PROP_OUTBOX_SELECTED:
      g_value_set_boolean (value, self->outbox_selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_sidebar_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TendSidebar *self = TEND_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      tend_sidebar_set_view (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_sidebar_class_init (TendSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_sidebar_dispose;
  object_class->get_property = tend_sidebar_get_property;
  object_class->set_property = tend_sidebar_set_property;

  /* A TendView; the engine registers no enum type for it. */
  properties[PROP_VIEW] =
    g_param_spec_uint ("view", NULL, NULL,
                       0, TEND_N_VIEWS - 1, TEND_VIEW_MINE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the "Outbox" row is selected rather than a view. */
  properties[PROP_OUTBOX_SELECTED] =
    g_param_spec_boolean ("outbox-selected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when the agent picks the "Outbox" row, even when selected. */
  signals[OUTBOX_ACTIVATED] =
    g_signal_new ("outbox-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* Emitted when the agent picks a view (click, Enter), even the current one. */
  signals[VIEW_ACTIVATED] =
    g_signal_new ("view-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, views_list);
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, account_button);
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, account_avatar);
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, account_label);
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, account_subtitle);
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, status_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, status_icon);
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, status_label);
  gtk_widget_class_bind_template_child (widget_class, TendSidebar, sync_button);
  gtk_widget_class_bind_template_callback (widget_class, on_status_link_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
tend_sidebar_init (TendSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GtkMenuButton centres a child it is given; the switcher reads as a
   * row, from the left edge to the arrow on the right. */
  gtk_widget_set_halign (gtk_menu_button_get_child (self->account_button), GTK_ALIGN_FILL);
  for (GtkWidget *w = gtk_menu_button_get_child (self->account_button);
       w != NULL && w != GTK_WIDGET (self->account_button);
       w = gtk_widget_get_parent (w))
    gtk_widget_set_halign (w, GTK_ALIGN_FILL);

  for (guint i = 0; i < TEND_N_VIEWS; i++)
    self->counts[i] = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (view_entries); i++)
    gtk_list_box_append (self->views_list, create_row (self, &view_entries[i]));

  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *image = gtk_image_new_from_icon_name ("mail-send-symbolic");
    GtkWidget *label = gtk_label_new (_("Outbox"));

    self->outbox_row = gtk_list_box_row_new ();
    self->outbox_count = gtk_label_new (NULL);
    /* How many changes wait for the agent's decision, in red. */
    self->outbox_attention = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->outbox_attention, "outbox-attention");
    gtk_widget_add_css_class (self->outbox_attention, "numeric");
    gtk_widget_set_valign (self->outbox_attention, GTK_ALIGN_CENTER);
    gtk_widget_set_visible (self->outbox_attention, FALSE);
    gtk_widget_set_name (self->outbox_attention, "outbox_attention");
    gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, NULL, -1);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_widget_add_css_class (self->outbox_count, "dim-label");
    gtk_widget_add_css_class (self->outbox_count, "numeric");
    gtk_widget_add_css_class (self->outbox_count, "view-count");
    gtk_box_append (GTK_BOX (box), image);
    gtk_box_append (GTK_BOX (box), label);
    gtk_box_append (GTK_BOX (box), self->outbox_attention);
    gtk_box_append (GTK_BOX (box), self->outbox_count);
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->outbox_row), box);
    gtk_widget_add_css_class (self->outbox_row, "outbox-row");
    gtk_widget_set_visible (self->outbox_row, FALSE);
    gtk_list_box_append (self->views_list, self->outbox_row);
  }

  self->view = TEND_VIEW_MINE;
  gtk_list_box_select_row (self->views_list, GTK_LIST_BOX_ROW (self->rows[TEND_VIEW_MINE]));
}

void
tend_sidebar_set_store (TendSidebar *self,
                        TendStore   *store,
                        const char  *account_label)
{
  g_return_if_fail (TEND_IS_SIDEBAR (self));
  g_return_if_fail (store == NULL || TEND_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);

  /* A session sets its own labels (with a subtitle) after this. */
  if (self->session == NULL)
    set_account_labels (self, account_label, NULL);

  tend_sidebar_refresh_counts (self);
}

static void
update_outbox_count (TendSidebar *self)
{
  guint n = self->outbox != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->outbox)) : 0;
  guint attention = self->outbox != NULL ? tend_outbox_get_n_attention (self->outbox) : 0;
  g_autofree char *text = n > 0 ? g_strdup_printf ("%'u", n) : NULL;
  g_autofree char *attention_text = g_strdup_printf ("%'u", attention);
  g_autofree char *waiting = NULL;
  g_autofree char *decide = NULL;
  g_autofree char *accessible = NULL;

  gtk_label_set_text (GTK_LABEL (self->outbox_count), text ? text : "");
  gtk_label_set_text (GTK_LABEL (self->outbox_attention), attention_text);
  gtk_widget_set_visible (self->outbox_attention, attention > 0);
  /* Translators: the sidebar's Outbox row and how many changes wait in it. */
  waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Outbox, %u change waiting",
                                          "Outbox, %u changes waiting", n), n);
  if (attention > 0)
    {
      /* Translators: changes of the Outbox that were refused or conflict
       * with a newer change; shown as a tooltip and read after the count. */
      decide = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u needs your decision",
                                             "%u need your decision", attention), attention);
      accessible = g_strdup_printf ("%s, %s", waiting, decide);
    }
  gtk_widget_set_tooltip_text (self->outbox_attention, decide);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->outbox_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible ? accessible : waiting, -1);
}

void
tend_sidebar_set_outbox (TendSidebar *self,
                         TendOutbox  *outbox)
{
  g_return_if_fail (TEND_IS_SIDEBAR (self));
  g_return_if_fail (outbox == NULL || TEND_IS_OUTBOX (outbox));

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_set_object (&self->outbox, outbox);
  if (outbox != NULL)
    g_signal_connect_object (outbox, "items-changed", G_CALLBACK (update_outbox_count), self,
                             G_CONNECT_SWAPPED);
  /* Items change state in place: a refusal or a conflict is not an
   * items-changed. */
  if (outbox != NULL)
    g_signal_connect_object (outbox, "notify::n-attention", G_CALLBACK (update_outbox_count), self,
                             G_CONNECT_SWAPPED);

  if (outbox == NULL && self->outbox_selected)
    tend_sidebar_set_view (self, self->view);
  gtk_widget_set_visible (self->outbox_row, outbox != NULL);
  update_outbox_count (self);
}

guint
tend_sidebar_get_outbox_count (TendSidebar *self)
{
  g_return_val_if_fail (TEND_IS_SIDEBAR (self), 0);

  return self->outbox != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->outbox)) : 0;
}

gboolean
tend_sidebar_get_outbox_selected (TendSidebar *self)
{
  g_return_val_if_fail (TEND_IS_SIDEBAR (self), FALSE);

  return self->outbox_selected;
}

void
tend_sidebar_select_outbox (TendSidebar *self)
{
  g_return_if_fail (TEND_IS_SIDEBAR (self));

  if (self->outbox != NULL)
    gtk_list_box_select_row (self->views_list, GTK_LIST_BOX_ROW (self->outbox_row));
}

TendView
tend_sidebar_get_view (TendSidebar *self)
{
  g_return_val_if_fail (TEND_IS_SIDEBAR (self), TEND_VIEW_MINE);

  return self->view;
}

void
tend_sidebar_set_view (TendSidebar *self,
                       TendView     view)
{
  g_return_if_fail (TEND_IS_SIDEBAR (self));
  g_return_if_fail (view < TEND_N_VIEWS);

  if (self->rows[view] == NULL)
    return;

  /* row-selected updates self->view and notifies. */
  gtk_list_box_select_row (self->views_list, GTK_LIST_BOX_ROW (self->rows[view]));
}

guint
tend_sidebar_get_count (TendSidebar *self,
                        TendView     view)
{
  g_return_val_if_fail (TEND_IS_SIDEBAR (self), G_MAXUINT);
  g_return_val_if_fail (view < TEND_N_VIEWS, G_MAXUINT);

  return self->counts[view];
}
