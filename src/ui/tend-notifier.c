/* tend-notifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "tend-notifier.h"
#include "tend-outbox-item.h"

/* More than this many tickets assigned to one agent is not a workload a
 * notification helps with; the snapshot stays bounded. */
#define MAX_WATCHED 500

struct _TendNotifier
{
  GObject       parent_instance;

  GApplication *application;   /* weak */
  TendSession  *session;
  TendStore    *store;
  TendOutbox   *outbox;
  GSettings    *settings;
  int           active_override;

  /* ticket id → Seen, for the agent's unsolved tickets; NULL until the
   * first look, so what is already there is never "new". */
  GHashTable   *mine;
  /* ids of the outbox items known to be in conflict */
  GHashTable   *conflicts;
  gboolean      conflicts_seeded;
  GSource      *conflicts_source;

  /* Whether someone shows notifications: GLib's fallback backend warns
   * for each one sent with no notification server (a headless session,
   * the tests' private bus). */
  guint         watch_ids[2];
  gboolean      servers[2];   /* which of the two names has an owner */
  gboolean      sandboxed;
};

/* waiting_since alone is not enough: it stays at the customer's first
 * unanswered message, so a second message in a row only moves
 * last_message_at. */
typedef struct
{
  gint64 waiting_since;
  gint64 last_message_at;
} Seen;

G_DEFINE_FINAL_TYPE (TendNotifier, tend_notifier, G_TYPE_OBJECT)

enum
{
  SIGNAL_NOTIFICATION_SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
window_is_active (TendNotifier *self)
{
  if (self->active_override >= 0)
    return self->active_override > 0;
  if (self->application == NULL || !GTK_IS_APPLICATION (self->application))
    return FALSE;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self->application));
       l != NULL; l = l->next)
    if (gtk_window_is_active (GTK_WINDOW (l->data)))
      return TRUE;
  return FALSE;
}

static gboolean
enabled (TendNotifier *self)
{
  return self->settings == NULL || g_settings_get_boolean (self->settings, "notifications");
}

/* The one place a notification leaves, so tests can watch the signal. */
static void
send_notification (TendNotifier         *self,
                   TendNotificationKind  kind,
                   gint64                ticket_id,
                   const char           *title,
                   const char           *body)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (self->application != NULL && g_application_get_is_registered (self->application) &&
      (self->sandboxed || self->servers[0] || self->servers[1]))
    {
      notification = g_notification_new (title);
      if (body != NULL && *body != '\0')
        g_notification_set_body (notification, body);
      g_notification_set_default_action_and_target_value (notification, "app.open-ticket",
                                                          g_variant_new_int64 (ticket_id));
      /* One per ticket and kind: a second reply replaces the first. */
      id = g_strdup_printf ("ticket-%" G_GINT64_FORMAT "-%d", ticket_id, (int) kind);
      g_application_send_notification (self->application, id, notification);
    }

  g_signal_emit (self, signals[SIGNAL_NOTIFICATION_SENT], 0, ticket_id, (int) kind);
}

/* Whether @ticket's newest message is the customer's (an agent's internal
 * note also moves last_message_at). Read for changed tickets only. */
static gboolean
last_message_is_customers (TendNotifier *self,
                           gint64        ticket_id)
{
  g_autoptr(GPtrArray) comments = tend_store_list_comments (self->store, ticket_id, NULL);
  TendComment *last;

  if (comments == NULL || comments->len == 0)
    return FALSE;

  last = g_ptr_array_index (comments, comments->len - 1);
  return tend_comment_get_author_role (last) == TEND_USER_ROLE_END_USER;
}

static void
check_tickets (TendNotifier *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GHashTable) mine = NULL;
  gboolean first = self->mine == NULL;
  gboolean quiet = window_is_active (self) || !enabled (self);

  if (tend_store_get_me (self->store) == 0)
    return;

  tickets = tend_store_list_tickets (self->store, TEND_VIEW_MINE, NULL, 0, MAX_WATCHED, &error);
  if (tickets == NULL)
    {
      g_debug ("Could not list my tickets: %s", error->message);
      return;
    }

  mine = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < tickets->len; i++)
    {
      TendTicket *ticket = g_ptr_array_index (tickets, i);
      gint64 id = tend_ticket_get_id (ticket);
      Seen seen = {
        .waiting_since = tend_ticket_get_waiting_since (ticket),
        .last_message_at = tend_ticket_get_last_message_at (ticket),
      };
      Seen *old = first ? NULL : g_hash_table_lookup (self->mine, &id);

      g_hash_table_insert (mine, g_memdup2 (&id, sizeof id), g_memdup2 (&seen, sizeof seen));

      /* The snapshot follows even when quiet, so focusing the window and
       * leaving it does not replay what was already seen. A pending
       * ticket is the agent's own doing (assigned from here). */
      if (first || quiet || tend_ticket_get_pending (ticket))
        continue;

      if (old == NULL)
        {
          g_autofree char *title = g_strdup_printf (_("Ticket #%lld assigned to you"), (long long) id);
          send_notification (self, TEND_NOTIFICATION_ASSIGNED, id, title,
                             tend_ticket_get_subject (ticket));
        }
      /* The customer is waiting, and a message came after the last one
       * seen: theirs (an agent's public reply clears waiting_since). */
      else if (seen.waiting_since != 0 && seen.last_message_at > old->last_message_at &&
               last_message_is_customers (self, id))
        {
          const char *who = tend_ticket_get_requester_name (ticket);
          g_autofree char *title = NULL;

          if (who != NULL && *who != '\0')
            title = g_strdup_printf (_("%s replied on #%lld"), who, (long long) id);
          else
            title = g_strdup_printf (_("New reply on #%lld"), (long long) id);
          send_notification (self, TEND_NOTIFICATION_REPLY, id, title,
                             tend_ticket_get_last_message (ticket) != NULL
                               ? tend_ticket_get_last_message (ticket)
                               : tend_ticket_get_subject (ticket));
        }
    }

  g_clear_pointer (&self->mine, g_hash_table_unref);
  self->mine = g_steal_pointer (&mine);
}

static void
check_conflicts (TendNotifier *self)
{
  GListModel *model = G_LIST_MODEL (self->outbox);
  guint n = g_list_model_get_n_items (model);
  gboolean quiet = !self->conflicts_seeded || window_is_active (self) || !enabled (self);
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* The outbox model holds the unsent items only: usually a handful, and
   * after a bulk change at most one walk over objects already in memory. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TendOutboxItem) item = g_list_model_get_item (model, i);
      gint64 id;

      if (tend_outbox_item_get_state (item) != TEND_OUTBOX_STATE_CONFLICT)
        continue;

      id = tend_outbox_item_get_id (item);
      g_hash_table_add (now, g_memdup2 (&id, sizeof id));
      if (!quiet && !g_hash_table_contains (self->conflicts, &id))
        {
          gint64 ticket_id = tend_outbox_item_get_ticket_id (item);
          g_autofree char *title =
            g_strdup_printf (_("Your change to #%lld was not sent"), (long long) ticket_id);

          send_notification (self, TEND_NOTIFICATION_CONFLICT, ticket_id, title,
                             _("The ticket changed meanwhile: review it, then send anyway or discard."));
        }
    }

  g_hash_table_unref (self->conflicts);
  self->conflicts = g_steal_pointer (&now);
  self->conflicts_seeded = TRUE;
}

static gboolean
check_conflicts_cb (gpointer data)
{
  TendNotifier *self = TEND_NOTIFIER (data);

  g_clear_pointer (&self->conflicts_source, g_source_unref);
  if (self->outbox != NULL)
    check_conflicts (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (TendNotifier *self,
                  guint         changes,
                  TendStore    *store)
{
  if (changes & (TEND_STORE_CHANGE_TICKETS | TEND_STORE_CHANGE_COMMENTS | TEND_STORE_CHANGE_META))
    check_tickets (self);

  /* A push turns a queued item into a conflict in place: TendOutbox then
   * updates the item it holds without items-changed (the ids are the
   * same). So look after any outbox write, once TendOutbox has reread it
   * (its reload idle runs at G_PRIORITY_DEFAULT; this one just after it,
   * still ahead of drawing, which a busy window never leaves idle), and
   * once per burst (a bulk change writes thousands of items). */
  if ((changes & TEND_STORE_CHANGE_OUTBOX) != 0 && self->conflicts_source == NULL)
    {
      self->conflicts_source = g_idle_source_new ();
      g_source_set_priority (self->conflicts_source, G_PRIORITY_DEFAULT + 1);
      g_source_set_callback (self->conflicts_source, check_conflicts_cb, self, NULL);
      g_source_set_static_name (self->conflicts_source, "[tend] notifier conflicts");
      g_source_attach (self->conflicts_source, g_main_context_get_thread_default ());
    }
}

/* Each name on its own: one watch reporting "no owner" at the start (the
 * freedesktop daemon that does not start on demand) must not cancel the
 * other's "appeared". */
static guint
server_index (const char *name)
{
  return g_str_equal (name, "org.gtk.Notifications") ? 0 : 1;
}

static void
on_server_appeared (GDBusConnection *connection,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  TendNotifier *self = user_data;

  self->servers[server_index (name)] = TRUE;
}

static void
on_server_vanished (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  TendNotifier *self = user_data;

  self->servers[server_index (name)] = FALSE;
}

static void
watch_servers (TendNotifier *self)
{
  GDBusConnection *bus;

  /* In Flatpak the portal takes them, and /.flatpak-info says so. */
  self->sandboxed = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
  if (self->sandboxed || self->application == NULL)
    return;

  bus = g_application_get_dbus_connection (self->application);
  if (bus == NULL)
    return;

  self->watch_ids[0] =
    g_bus_watch_name_on_connection (bus, "org.gtk.Notifications", G_BUS_NAME_WATCHER_FLAGS_NONE,
                                    on_server_appeared, on_server_vanished, self, NULL);
  /* A desktop whose daemon starts on demand still gets them. */
  self->watch_ids[1] =
    g_bus_watch_name_on_connection (bus, "org.freedesktop.Notifications",
                                    G_BUS_NAME_WATCHER_FLAGS_AUTO_START,
                                    on_server_appeared, on_server_vanished, self, NULL);
}

void
tend_notifier_stop (TendNotifier *self)
{
  g_return_if_fail (TEND_IS_NOTIFIER (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->watch_ids); i++)
    g_clear_handle_id (&self->watch_ids[i], g_bus_unwatch_name);

  if (self->conflicts_source != NULL)
    {
      g_source_destroy (self->conflicts_source);
      g_clear_pointer (&self->conflicts_source, g_source_unref);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_clear_object (&self->store);
  g_clear_object (&self->outbox);
}

void
tend_notifier_set_active_override (TendNotifier *self,
                                   int           active)
{
  g_return_if_fail (TEND_IS_NOTIFIER (self));

  self->active_override = active < 0 ? -1 : active > 0;
}

static void
tend_notifier_dispose (GObject *object)
{
  TendNotifier *self = TEND_NOTIFIER (object);

  tend_notifier_stop (self);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tend_notifier_parent_class)->dispose (object);
}

static void
tend_notifier_finalize (GObject *object)
{
  TendNotifier *self = TEND_NOTIFIER (object);

  g_clear_pointer (&self->mine, g_hash_table_unref);
  g_clear_pointer (&self->conflicts, g_hash_table_unref);

  G_OBJECT_CLASS (tend_notifier_parent_class)->finalize (object);
}

static void
tend_notifier_class_init (TendNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tend_notifier_dispose;
  object_class->finalize = tend_notifier_finalize;

  signals[SIGNAL_NOTIFICATION_SENT] =
    g_signal_new ("notification-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT);
}

static void
tend_notifier_init (TendNotifier *self)
{
  self->active_override = -1;
  self->conflicts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

TendNotifier *
tend_notifier_new (GApplication *application,
                   TendSession  *session,
                   GSettings    *settings)
{
  TendNotifier *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TEND_IS_SESSION (session), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TEND_TYPE_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->session = g_object_ref (session);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->store = g_object_ref (tend_session_get_store (session));
  self->outbox = g_object_ref (tend_session_get_outbox (session));

  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);

  watch_servers (self);

  /* What is there now is not news. */
  check_tickets (self);
  check_conflicts (self);

  return self;
}
