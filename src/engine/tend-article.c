/* tend-article.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-article"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-article.h"
#include "tend-model-private.h"

struct _TendArticle
{
  GObject parent_instance;

  gint64 id;
  char *title;
  char *body;
  char *url;
  char *locale;
  char **labels;
  gint64 section_id;
  gint64 created_at;
  gint64 updated_at;
  char *extra_json;
};

G_DEFINE_FINAL_TYPE (TendArticle, tend_article, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_BODY,
  PROP_URL,
  PROP_LOCALE,
  PROP_LABELS,
  PROP_SECTION_ID,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_EXTRA_JSON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tend_article_finalize (GObject *object)
{
  TendArticle *self = (TendArticle *) object;

  g_free (self->title);
  g_free (self->body);
  g_free (self->url);
  g_free (self->locale);
  g_strfreev (self->labels);
  g_free (self->extra_json);

  G_OBJECT_CLASS (tend_article_parent_class)->finalize (object);
}

static void
tend_article_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TendArticle *self = TEND_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, tend_article_get_id (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, tend_article_get_title (self));
      break;

    case PROP_BODY:
      g_value_set_string (value, tend_article_get_body (self));
      break;

    case PROP_URL:
      g_value_set_string (value, tend_article_get_url (self));
      break;

    case PROP_LOCALE:
      g_value_set_string (value, tend_article_get_locale (self));
      break;

    case PROP_LABELS:
      g_value_set_boxed (value, tend_article_get_labels (self));
      break;

    case PROP_SECTION_ID:
      g_value_set_int64 (value, tend_article_get_section_id (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, tend_article_get_created_at (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, tend_article_get_updated_at (self));
      break;

    case PROP_EXTRA_JSON:
      g_value_set_string (value, tend_article_get_extra_json (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_article_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TendArticle *self = TEND_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      tend_article_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_TITLE:
      tend_article_set_title (self, g_value_get_string (value));
      break;

    case PROP_BODY:
      tend_article_set_body (self, g_value_get_string (value));
      break;

    case PROP_URL:
      tend_article_set_url (self, g_value_get_string (value));
      break;

    case PROP_LOCALE:
      tend_article_set_locale (self, g_value_get_string (value));
      break;

    case PROP_LABELS:
      tend_article_set_labels (self, g_value_get_boxed (value));
      break;

    case PROP_SECTION_ID:
      tend_article_set_section_id (self, g_value_get_int64 (value));
      break;

    case PROP_CREATED_AT:
      tend_article_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      tend_article_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_EXTRA_JSON:
      tend_article_set_extra_json (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_article_class_init (TendArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_article_finalize;
  object_class->get_property = tend_article_get_property;
  object_class->set_property = tend_article_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOCALE] =
    g_param_spec_string ("locale", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LABELS] =
    g_param_spec_boxed ("labels", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SECTION_ID] =
    g_param_spec_int64 ("section-id", NULL, NULL,
                        0, G_MAXINT64, 0,
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
tend_article_init (TendArticle *self)
{
}

/* Built without property varargs and without notifications: nobody can be
 * listening yet, and the sync creates these by the hundred thousand. */
TendArticle *
tend_article_new (gint64 id)
{
  TendArticle *self = g_object_new (TEND_TYPE_ARTICLE, NULL);

  self->id = id;

  return self;
}

gint64
tend_article_get_id (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), 0);

  return self->id;
}

void
tend_article_set_id (TendArticle *self,
                     gint64       id)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
tend_article_get_title (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), NULL);

  return self->title;
}

void
tend_article_set_title (TendArticle *self,
                        const char  *title)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (_tend_set_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
tend_article_get_body (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), NULL);

  return self->body;
}

void
tend_article_set_body (TendArticle *self,
                       const char  *body)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (_tend_set_string (&self->body, body))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
}

const char *
tend_article_get_url (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), NULL);

  return self->url;
}

void
tend_article_set_url (TendArticle *self,
                      const char  *url)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (_tend_set_string (&self->url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

const char *
tend_article_get_locale (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), NULL);

  return self->locale;
}

void
tend_article_set_locale (TendArticle *self,
                         const char  *locale)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (_tend_set_string (&self->locale, locale))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCALE]);
}

const char * const *
tend_article_get_labels (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), _tend_empty_strv);

  return _tend_strv_or_empty (self->labels);
}

void
tend_article_set_labels (TendArticle        *self,
                         const char * const *labels)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (_tend_set_strv (&self->labels, labels))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABELS]);
}

gint64
tend_article_get_section_id (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), 0);

  return self->section_id;
}

void
tend_article_set_section_id (TendArticle *self,
                             gint64       section_id)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (self->section_id == section_id)
    return;

  self->section_id = section_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION_ID]);
}

gint64
tend_article_get_created_at (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), 0);

  return self->created_at;
}

void
tend_article_set_created_at (TendArticle *self,
                             gint64       created_at)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
tend_article_get_updated_at (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), 0);

  return self->updated_at;
}

void
tend_article_set_updated_at (TendArticle *self,
                             gint64       updated_at)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

const char *
tend_article_get_extra_json (TendArticle *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE (self), NULL);

  return self->extra_json;
}

void
tend_article_set_extra_json (TendArticle *self,
                             const char  *extra_json)
{
  g_return_if_fail (TEND_IS_ARTICLE (self));

  if (_tend_set_string (&self->extra_json, extra_json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_JSON]);
}
