/* tend-connectivity.c: whether the helpdesk can be reached now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-connectivity"

#include "config.h"

#include "tend-connectivity.h"

struct _TendConnectivity
{
  GObject          parent_instance;

  GNetworkMonitor *monitor;
  gboolean         network_available;
  gboolean         reachable;
};

G_DEFINE_FINAL_TYPE (TendConnectivity, tend_connectivity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MONITOR,
  PROP_ONLINE,
  PROP_NETWORK_AVAILABLE,
  PROP_REACHABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (TendConnectivity *self,
        gboolean          network_available,
        gboolean          reachable)
{
  gboolean was_online = self->network_available && self->reachable;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->network_available != network_available)
    {
      self->network_available = network_available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_AVAILABLE]);
    }
  if (self->reachable != reachable)
    {
      self->reachable = reachable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACHABLE]);
    }
  if (was_online != (self->network_available && self->reachable))
    {
      g_debug ("Now %s", self->network_available && self->reachable ? "online" : "offline");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_network_changed (TendConnectivity *self,
                    gboolean          available)
{
  /* A network that comes back is worth trying the helpdesk again. */
  if (available && !self->network_available)
    update (self, TRUE, TRUE);
  else
    update (self, available, self->reachable);
}

static void
tend_connectivity_constructed (GObject *object)
{
  TendConnectivity *self = TEND_CONNECTIVITY (object);

  G_OBJECT_CLASS (tend_connectivity_parent_class)->constructed (object);

  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  g_signal_connect_object (self->monitor, "network-changed",
                           G_CALLBACK (on_network_changed), self, G_CONNECT_SWAPPED);
}

static void
tend_connectivity_finalize (GObject *object)
{
  TendConnectivity *self = TEND_CONNECTIVITY (object);

  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (tend_connectivity_parent_class)->finalize (object);
}

static void
tend_connectivity_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TendConnectivity *self = TEND_CONNECTIVITY (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, tend_connectivity_get_online (self));
      break;
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->network_available);
      break;
    case PROP_REACHABLE:
      g_value_set_boolean (value, self->reachable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_connectivity_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TendConnectivity *self = TEND_CONNECTIVITY (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_connectivity_class_init (TendConnectivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tend_connectivity_constructed;
  object_class->finalize = tend_connectivity_finalize;
  object_class->get_property = tend_connectivity_get_property;
  object_class->set_property = tend_connectivity_set_property;

  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK_AVAILABLE] =
    g_param_spec_boolean ("network-available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REACHABLE] =
    g_param_spec_boolean ("reachable", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_connectivity_init (TendConnectivity *self)
{
  self->network_available = TRUE;
  self->reachable = TRUE;
}

TendConnectivity *
tend_connectivity_new (GNetworkMonitor *monitor)
{
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  return g_object_new (TEND_TYPE_CONNECTIVITY, "monitor", monitor, NULL);
}

gboolean
tend_connectivity_get_online (TendConnectivity *self)
{
  g_return_val_if_fail (TEND_IS_CONNECTIVITY (self), FALSE);

  return self->network_available && self->reachable;
}

gboolean
tend_connectivity_get_network_available (TendConnectivity *self)
{
  g_return_val_if_fail (TEND_IS_CONNECTIVITY (self), FALSE);

  return self->network_available;
}

gboolean
tend_connectivity_get_reachable (TendConnectivity *self)
{
  g_return_val_if_fail (TEND_IS_CONNECTIVITY (self), FALSE);

  return self->reachable;
}

void
tend_connectivity_report_success (TendConnectivity *self)
{
  g_return_if_fail (TEND_IS_CONNECTIVITY (self));

  /* An answer came, so there is a network whatever the monitor thinks
   * (monitors can lag, or not know about a VPN). */
  update (self, TRUE, TRUE);
}

void
tend_connectivity_report_error (TendConnectivity *self,
                                const GError     *error)
{
  g_return_if_fail (TEND_IS_CONNECTIVITY (self));
  g_return_if_fail (error != NULL);

  if (error->domain != TEND_ERROR)
    return;

  switch (error->code)
    {
    case TEND_ERROR_NETWORK:
    case TEND_ERROR_OFFLINE:
      update (self, self->network_available, FALSE);
      break;

    /* The helpdesk answered, if not with what we wanted. */
    case TEND_ERROR_AUTH:
    case TEND_ERROR_RATE_LIMITED:
    case TEND_ERROR_CONFLICT:
    case TEND_ERROR_BAD_RESPONSE:
    case TEND_ERROR_NOT_FOUND:
      update (self, TRUE, TRUE);
      break;

    default:
      /* The disk, bad input: nothing about the network. */
      break;
    }
}
