/* tend-list-slot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-list-slot"

#include "config.h"

#include "tend-list-slot.h"

struct _TendListSlot
{
  GObject     parent_instance;

  guint       position;
  TendTicket *ticket;
};

G_DEFINE_FINAL_TYPE (TendListSlot, tend_list_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TICKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tend_list_slot_dispose (GObject *object)
{
  TendListSlot *self = TEND_LIST_SLOT (object);

  g_clear_object (&self->ticket);

  G_OBJECT_CLASS (tend_list_slot_parent_class)->dispose (object);
}

static void
tend_list_slot_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TendListSlot *self = TEND_LIST_SLOT (object);

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
tend_list_slot_class_init (TendListSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tend_list_slot_dispose;
  object_class->get_property = tend_list_slot_get_property;

  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         TEND_TYPE_TICKET,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_list_slot_init (TendListSlot *self)
{
}

TendListSlot *
tend_list_slot_new (guint position)
{
  TendListSlot *self = g_object_new (TEND_TYPE_LIST_SLOT, NULL);

  self->position = position;
  return self;
}

guint
tend_list_slot_get_position (TendListSlot *self)
{
  g_return_val_if_fail (TEND_IS_LIST_SLOT (self), 0);

  return self->position;
}

TendTicket *
tend_list_slot_get_ticket (TendListSlot *self)
{
  g_return_val_if_fail (TEND_IS_LIST_SLOT (self), NULL);

  return self->ticket;
}

void
tend_list_slot_set_ticket (TendListSlot *self,
                           TendTicket   *ticket)
{
  g_return_if_fail (TEND_IS_LIST_SLOT (self));
  g_return_if_fail (ticket == NULL || TEND_IS_TICKET (ticket));

  if (g_set_object (&self->ticket, ticket))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}
