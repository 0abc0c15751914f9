/* tend-similar-ticket.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-similar-ticket"

#include "config.h"

#include "tend-comment.h"
#include "tend-similar-ticket.h"
#include "tend-ticket.h"

struct _TendSimilarTicket
{
  GObject      parent_instance;

  TendTicket  *ticket;
  TendComment *resolution;
  double       score;
};

G_DEFINE_FINAL_TYPE (TendSimilarTicket, tend_similar_ticket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TICKET,
  PROP_RESOLUTION,
  PROP_SCORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

TendSimilarTicket *
tend_similar_ticket_new (TendTicket  *ticket,
                         TendComment *resolution,
                         double       score)
{
  g_return_val_if_fail (TEND_IS_TICKET (ticket), NULL);
  g_return_val_if_fail (resolution == NULL || TEND_IS_COMMENT (resolution), NULL);

  return g_object_new (TEND_TYPE_SIMILAR_TICKET,
                       "ticket", ticket,
                       "resolution", resolution,
                       "score", score,
                       NULL);
}

TendTicket *
tend_similar_ticket_get_ticket (TendSimilarTicket *self)
{
  g_return_val_if_fail (TEND_IS_SIMILAR_TICKET (self), NULL);

  return self->ticket;
}

TendComment *
tend_similar_ticket_get_resolution (TendSimilarTicket *self)
{
  g_return_val_if_fail (TEND_IS_SIMILAR_TICKET (self), NULL);

  return self->resolution;
}

double
tend_similar_ticket_get_score (TendSimilarTicket *self)
{
  g_return_val_if_fail (TEND_IS_SIMILAR_TICKET (self), 0.0);

  return self->score;
}

static void
tend_similar_ticket_dispose (GObject *object)
{
  TendSimilarTicket *self = (TendSimilarTicket *) object;

  g_clear_object (&self->ticket);
  g_clear_object (&self->resolution);

  G_OBJECT_CLASS (tend_similar_ticket_parent_class)->dispose (object);
}

static void
tend_similar_ticket_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TendSimilarTicket *self = TEND_SIMILAR_TICKET (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    case PROP_RESOLUTION:
      g_value_set_object (value, self->resolution);
      break;

    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_similar_ticket_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TendSimilarTicket *self = TEND_SIMILAR_TICKET (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      self->ticket = g_value_dup_object (value);
      break;

    case PROP_RESOLUTION:
      self->resolution = g_value_dup_object (value);
      break;

    case PROP_SCORE:
      self->score = g_value_get_double (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_similar_ticket_class_init (TendSimilarTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tend_similar_ticket_dispose;
  object_class->get_property = tend_similar_ticket_get_property;
  object_class->set_property = tend_similar_ticket_set_property;

  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL, TEND_TYPE_TICKET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOLUTION] =
    g_param_spec_object ("resolution", NULL, NULL, TEND_TYPE_COMMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCORE] =
    g_param_spec_double ("score", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_similar_ticket_init (TendSimilarTicket *self)
{
}
