/* tend-macro.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-macro"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-macro.h"
#include "tend-model-private.h"

struct _TendMacro
{
  GObject parent_instance;

  gint64 id;
  char *title;
  char *description;
  gint position;
  char *actions_json;
  gint64 updated_at;
  guint active : 1;
};

G_DEFINE_FINAL_TYPE (TendMacro, tend_macro, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_ACTIVE,
  PROP_POSITION,
  PROP_ACTIONS_JSON,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tend_macro_finalize (GObject *object)
{
  TendMacro *self = (TendMacro *) object;

  g_free (self->title);
  g_free (self->description);
  g_free (self->actions_json);

  G_OBJECT_CLASS (tend_macro_parent_class)->finalize (object);
}

static void
tend_macro_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TendMacro *self = TEND_MACRO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, tend_macro_get_id (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, tend_macro_get_title (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, tend_macro_get_description (self));
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, tend_macro_get_active (self));
      break;

    case PROP_POSITION:
      g_value_set_int (value, tend_macro_get_position (self));
      break;

    case PROP_ACTIONS_JSON:
      g_value_set_string (value, tend_macro_get_actions_json (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, tend_macro_get_updated_at (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_macro_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TendMacro *self = TEND_MACRO (object);

  switch (prop_id)
    {
    case PROP_ID:
      tend_macro_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_TITLE:
      tend_macro_set_title (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      tend_macro_set_description (self, g_value_get_string (value));
      break;

    case PROP_ACTIVE:
      tend_macro_set_active (self, g_value_get_boolean (value));
      break;

    case PROP_POSITION:
      tend_macro_set_position (self, g_value_get_int (value));
      break;

    case PROP_ACTIONS_JSON:
      tend_macro_set_actions_json (self, g_value_get_string (value));
      break;

    case PROP_UPDATED_AT:
      tend_macro_set_updated_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_macro_class_init (TendMacroClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_macro_finalize;
  object_class->get_property = tend_macro_get_property;
  object_class->set_property = tend_macro_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL,
                      G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACTIONS_JSON] =
    g_param_spec_string ("actions-json", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_macro_init (TendMacro *self)
{
  self->active = TRUE;
}

/* Built without property varargs and without notifications: nobody can be
 * listening yet, and the sync creates these by the hundred thousand. */
TendMacro *
tend_macro_new (gint64 id)
{
  TendMacro *self = g_object_new (TEND_TYPE_MACRO, NULL);

  self->id = id;

  return self;
}

gint64
tend_macro_get_id (TendMacro *self)
{
  g_return_val_if_fail (TEND_IS_MACRO (self), 0);

  return self->id;
}

void
tend_macro_set_id (TendMacro *self,
                   gint64     id)
{
  g_return_if_fail (TEND_IS_MACRO (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
tend_macro_get_title (TendMacro *self)
{
  g_return_val_if_fail (TEND_IS_MACRO (self), NULL);

  return self->title;
}

void
tend_macro_set_title (TendMacro  *self,
                      const char *title)
{
  g_return_if_fail (TEND_IS_MACRO (self));

  if (_tend_set_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
tend_macro_get_description (TendMacro *self)
{
  g_return_val_if_fail (TEND_IS_MACRO (self), NULL);

  return self->description;
}

void
tend_macro_set_description (TendMacro  *self,
                            const char *description)
{
  g_return_if_fail (TEND_IS_MACRO (self));

  if (_tend_set_string (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

gboolean
tend_macro_get_active (TendMacro *self)
{
  g_return_val_if_fail (TEND_IS_MACRO (self), FALSE);

  return self->active;
}

void
tend_macro_set_active (TendMacro *self,
                       gboolean   active)
{
  g_return_if_fail (TEND_IS_MACRO (self));

  if (self->active == !!active)
    return;

  self->active = !!active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gint
tend_macro_get_position (TendMacro *self)
{
  g_return_val_if_fail (TEND_IS_MACRO (self), 0);

  return self->position;
}

void
tend_macro_set_position (TendMacro *self,
                         gint       position)
{
  g_return_if_fail (TEND_IS_MACRO (self));

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

const char *
tend_macro_get_actions_json (TendMacro *self)
{
  g_return_val_if_fail (TEND_IS_MACRO (self), NULL);

  return self->actions_json;
}

void
tend_macro_set_actions_json (TendMacro  *self,
                             const char *actions_json)
{
  g_return_if_fail (TEND_IS_MACRO (self));

  if (_tend_set_string (&self->actions_json, actions_json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIONS_JSON]);
}

gint64
tend_macro_get_updated_at (TendMacro *self)
{
  g_return_val_if_fail (TEND_IS_MACRO (self), 0);

  return self->updated_at;
}

void
tend_macro_set_updated_at (TendMacro *self,
                           gint64     updated_at)
{
  g_return_if_fail (TEND_IS_MACRO (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}
