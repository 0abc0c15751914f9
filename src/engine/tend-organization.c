/* tend-organization.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-organization"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-organization.h"
#include "tend-model-private.h"

struct _TendOrganization
{
  GObject parent_instance;

  gint64 id;
  char *name;
  char **domain_names;
  char **tags;
  char *details;
  char *notes;
  gint64 created_at;
  gint64 updated_at;
  char *extra_json;
};

G_DEFINE_FINAL_TYPE (TendOrganization, tend_organization, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DOMAIN_NAMES,
  PROP_TAGS,
  PROP_DETAILS,
  PROP_NOTES,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_EXTRA_JSON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tend_organization_finalize (GObject *object)
{
  TendOrganization *self = (TendOrganization *) object;

  g_free (self->name);
  g_strfreev (self->domain_names);
  g_strfreev (self->tags);
  g_free (self->details);
  g_free (self->notes);
  g_free (self->extra_json);

  G_OBJECT_CLASS (tend_organization_parent_class)->finalize (object);
}

static void
tend_organization_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TendOrganization *self = TEND_ORGANIZATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, tend_organization_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, tend_organization_get_name (self));
      break;

    case PROP_DOMAIN_NAMES:
      g_value_set_boxed (value, tend_organization_get_domain_names (self));
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, tend_organization_get_tags (self));
      break;

    case PROP_DETAILS:
      g_value_set_string (value, tend_organization_get_details (self));
      break;

    case PROP_NOTES:
      g_value_set_string (value, tend_organization_get_notes (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, tend_organization_get_created_at (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, tend_organization_get_updated_at (self));
      break;

    case PROP_EXTRA_JSON:
      g_value_set_string (value, tend_organization_get_extra_json (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_organization_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TendOrganization *self = TEND_ORGANIZATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      tend_organization_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      tend_organization_set_name (self, g_value_get_string (value));
      break;

    case PROP_DOMAIN_NAMES:
      tend_organization_set_domain_names (self, g_value_get_boxed (value));
      break;

    case PROP_TAGS:
      tend_organization_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_DETAILS:
      tend_organization_set_details (self, g_value_get_string (value));
      break;

    case PROP_NOTES:
      tend_organization_set_notes (self, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      tend_organization_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      tend_organization_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_EXTRA_JSON:
      tend_organization_set_extra_json (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_organization_class_init (TendOrganizationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_organization_finalize;
  object_class->get_property = tend_organization_get_property;
  object_class->set_property = tend_organization_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DOMAIN_NAMES] =
    g_param_spec_boxed ("domain-names", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_EXTRA_JSON] =
    g_param_spec_string ("extra-json", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_organization_init (TendOrganization *self)
{
}

/* Built without property varargs and without notifications: nobody can be
 * listening yet, and the sync creates these by the hundred thousand. */
TendOrganization *
tend_organization_new (gint64 id)
{
  TendOrganization *self = g_object_new (TEND_TYPE_ORGANIZATION, NULL);

  self->id = id;

  return self;
}

gint64
tend_organization_get_id (TendOrganization *self)
{
  g_return_val_if_fail (TEND_IS_ORGANIZATION (self), 0);

  return self->id;
}

void
tend_organization_set_id (TendOrganization *self,
                          gint64            id)
{
  g_return_if_fail (TEND_IS_ORGANIZATION (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
tend_organization_get_name (TendOrganization *self)
{
  g_return_val_if_fail (TEND_IS_ORGANIZATION (self), NULL);

  return self->name;
}

void
tend_organization_set_name (TendOrganization *self,
                            const char       *name)
{
  g_return_if_fail (TEND_IS_ORGANIZATION (self));

  if (_tend_set_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char * const *
tend_organization_get_domain_names (TendOrganization *self)
{
  g_return_val_if_fail (TEND_IS_ORGANIZATION (self), _tend_empty_strv);

  return _tend_strv_or_empty (self->domain_names);
}

void
tend_organization_set_domain_names (TendOrganization   *self,
                                    const char * const *domain_names)
{
  g_return_if_fail (TEND_IS_ORGANIZATION (self));

  if (_tend_set_strv (&self->domain_names, domain_names))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN_NAMES]);
}

const char * const *
tend_organization_get_tags (TendOrganization *self)
{
  g_return_val_if_fail (TEND_IS_ORGANIZATION (self), _tend_empty_strv);

  return _tend_strv_or_empty (self->tags);
}

void
tend_organization_set_tags (TendOrganization   *self,
                            const char * const *tags)
{
  g_return_if_fail (TEND_IS_ORGANIZATION (self));

  if (_tend_set_strv (&self->tags, tags))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

const char *
tend_organization_get_details (TendOrganization *self)
{
  g_return_val_if_fail (TEND_IS_ORGANIZATION (self), NULL);

  return self->details;
}

void
tend_organization_set_details (TendOrganization *self,
                               const char       *details)
{
  g_return_if_fail (TEND_IS_ORGANIZATION (self));

  if (_tend_set_string (&self->details, details))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
}

const char *
tend_organization_get_notes (TendOrganization *self)
{
  g_return_val_if_fail (TEND_IS_ORGANIZATION (self), NULL);

  return self->notes;
}

void
tend_organization_set_notes (TendOrganization *self,
                             const char       *notes)
{
  g_return_if_fail (TEND_IS_ORGANIZATION (self));

  if (_tend_set_string (&self->notes, notes))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

gint64
tend_organization_get_created_at (TendOrganization *self)
{
  g_return_val_if_fail (TEND_IS_ORGANIZATION (self), 0);

  return self->created_at;
}

void
tend_organization_set_created_at (TendOrganization *self,
                                  gint64            created_at)
{
  g_return_if_fail (TEND_IS_ORGANIZATION (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
tend_organization_get_updated_at (TendOrganization *self)
{
  g_return_val_if_fail (TEND_IS_ORGANIZATION (self), 0);

  return self->updated_at;
}

void
tend_organization_set_updated_at (TendOrganization *self,
                                  gint64            updated_at)
{
  g_return_if_fail (TEND_IS_ORGANIZATION (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

const char *
tend_organization_get_extra_json (TendOrganization *self)
{
  g_return_val_if_fail (TEND_IS_ORGANIZATION (self), NULL);

  return self->extra_json;
}

void
tend_organization_set_extra_json (TendOrganization *self,
                                  const char       *extra_json)
{
  g_return_if_fail (TEND_IS_ORGANIZATION (self));

  if (_tend_set_string (&self->extra_json, extra_json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_JSON]);
}
