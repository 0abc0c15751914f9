/* tend-user.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-user"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-user.h"
#include "tend-model-private.h"

struct _TendUser
{
  GObject parent_instance;

  gint64 id;
  char *name;
  char *email;
  char *phone;
  TendUserRole role;
  gint64 organization_id;
  char *time_zone;
  char *locale;
  char **tags;
  char *notes;
  char *details;
  char *photo_url;
  gint64 created_at;
  gint64 updated_at;
  char *extra_json;
};

G_DEFINE_FINAL_TYPE (TendUser, tend_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_ROLE,
  PROP_ORGANIZATION_ID,
  PROP_TIME_ZONE,
  PROP_LOCALE,
  PROP_TAGS,
  PROP_NOTES,
  PROP_DETAILS,
  PROP_PHOTO_URL,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_EXTRA_JSON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tend_user_finalize (GObject *object)
{
  TendUser *self = (TendUser *) object;

  g_free (self->name);
  g_free (self->email);
  g_free (self->phone);
  g_free (self->time_zone);
  g_free (self->locale);
  g_strfreev (self->tags);
  g_free (self->notes);
  g_free (self->details);
  g_free (self->photo_url);
  g_free (self->extra_json);

  G_OBJECT_CLASS (tend_user_parent_class)->finalize (object);
}

static void
tend_user_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TendUser *self = TEND_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, tend_user_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, tend_user_get_name (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, tend_user_get_email (self));
      break;

    case PROP_PHONE:
      g_value_set_string (value, tend_user_get_phone (self));
      break;

    case PROP_ROLE:
      g_value_set_int (value, tend_user_get_role (self));
      break;

    case PROP_ORGANIZATION_ID:
      g_value_set_int64 (value, tend_user_get_organization_id (self));
      break;

    case PROP_TIME_ZONE:
      g_value_set_string (value, tend_user_get_time_zone (self));
      break;

    case PROP_LOCALE:
      g_value_set_string (value, tend_user_get_locale (self));
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, tend_user_get_tags (self));
      break;

    case PROP_NOTES:
      g_value_set_string (value, tend_user_get_notes (self));
      break;

    case PROP_DETAILS:
      g_value_set_string (value, tend_user_get_details (self));
      break;

    case PROP_PHOTO_URL:
      g_value_set_string (value, tend_user_get_photo_url (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, tend_user_get_created_at (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, tend_user_get_updated_at (self));
      break;

    case PROP_EXTRA_JSON:
      g_value_set_string (value, tend_user_get_extra_json (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_user_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TendUser *self = TEND_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      tend_user_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      tend_user_set_name (self, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      tend_user_set_email (self, g_value_get_string (value));
      break;

    case PROP_PHONE:
      tend_user_set_phone (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      tend_user_set_role (self, g_value_get_int (value));
      break;

    case PROP_ORGANIZATION_ID:
      tend_user_set_organization_id (self, g_value_get_int64 (value));
      break;

    case PROP_TIME_ZONE:
      tend_user_set_time_zone (self, g_value_get_string (value));
      break;

    case PROP_LOCALE:
      tend_user_set_locale (self, g_value_get_string (value));
      break;

    case PROP_TAGS:
      tend_user_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_NOTES:
      tend_user_set_notes (self, g_value_get_string (value));
      break;

    case PROP_DETAILS:
      tend_user_set_details (self, g_value_get_string (value));
      break;

    case PROP_PHOTO_URL:
      tend_user_set_photo_url (self, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      tend_user_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      tend_user_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_EXTRA_JSON:
      tend_user_set_extra_json (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_user_class_init (TendUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_user_finalize;
  object_class->get_property = tend_user_get_property;
  object_class->set_property = tend_user_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL,
                      TEND_USER_ROLE_END_USER, TEND_USER_ROLE_ADMIN, TEND_USER_ROLE_END_USER,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_int64 ("organization-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIME_ZONE] =
    g_param_spec_string ("time-zone", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOCALE] =
    g_param_spec_string ("locale", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PHOTO_URL] =
    g_param_spec_string ("photo-url", NULL, NULL,
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
tend_user_init (TendUser *self)
{
}

/* Built without property varargs and without notifications: nobody can be
 * listening yet, and the sync creates these by the hundred thousand. */
TendUser *
tend_user_new (gint64 id)
{
  TendUser *self = g_object_new (TEND_TYPE_USER, NULL);

  self->id = id;

  return self;
}

gint64
tend_user_get_id (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), 0);

  return self->id;
}

void
tend_user_set_id (TendUser *self,
                  gint64    id)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
tend_user_get_name (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  return self->name;
}

void
tend_user_set_name (TendUser   *self,
                    const char *name)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
tend_user_get_email (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  return self->email;
}

void
tend_user_set_email (TendUser   *self,
                     const char *email)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_string (&self->email, email))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

const char *
tend_user_get_phone (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  return self->phone;
}

void
tend_user_set_phone (TendUser   *self,
                     const char *phone)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_string (&self->phone, phone))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

TendUserRole
tend_user_get_role (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), 0);

  return self->role;
}

void
tend_user_set_role (TendUser     *self,
                    TendUserRole  role)
{
  g_return_if_fail (TEND_IS_USER (self));
  g_return_if_fail ((int) role >= TEND_USER_ROLE_END_USER && (int) role <= TEND_USER_ROLE_ADMIN);

  if (self->role == role)
    return;

  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

gint64
tend_user_get_organization_id (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), 0);

  return self->organization_id;
}

void
tend_user_set_organization_id (TendUser *self,
                               gint64    organization_id)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (self->organization_id == organization_id)
    return;

  self->organization_id = organization_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION_ID]);
}

const char *
tend_user_get_time_zone (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  return self->time_zone;
}

void
tend_user_set_time_zone (TendUser   *self,
                         const char *time_zone)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_string (&self->time_zone, time_zone))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
}

const char *
tend_user_get_locale (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  return self->locale;
}

void
tend_user_set_locale (TendUser   *self,
                      const char *locale)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_string (&self->locale, locale))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCALE]);
}

const char * const *
tend_user_get_tags (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), _tend_empty_strv);

  return _tend_strv_or_empty (self->tags);
}

void
tend_user_set_tags (TendUser           *self,
                    const char * const *tags)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_strv (&self->tags, tags))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

const char *
tend_user_get_notes (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  return self->notes;
}

void
tend_user_set_notes (TendUser   *self,
                     const char *notes)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_string (&self->notes, notes))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

const char *
tend_user_get_details (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  return self->details;
}

void
tend_user_set_details (TendUser   *self,
                       const char *details)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_string (&self->details, details))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
}

const char *
tend_user_get_photo_url (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  return self->photo_url;
}

void
tend_user_set_photo_url (TendUser   *self,
                         const char *photo_url)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_string (&self->photo_url, photo_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTO_URL]);
}

gint64
tend_user_get_created_at (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), 0);

  return self->created_at;
}

void
tend_user_set_created_at (TendUser *self,
                          gint64    created_at)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
tend_user_get_updated_at (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), 0);

  return self->updated_at;
}

void
tend_user_set_updated_at (TendUser *self,
                          gint64    updated_at)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

const char *
tend_user_get_extra_json (TendUser *self)
{
  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  return self->extra_json;
}

void
tend_user_set_extra_json (TendUser   *self,
                          const char *extra_json)
{
  g_return_if_fail (TEND_IS_USER (self));

  if (_tend_set_string (&self->extra_json, extra_json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_JSON]);
}

typedef struct
{
  const char *start;
  gsize       len;
} Initial;

static gboolean
is_name_separator (gunichar c)
{
  return g_unichar_isspace (c);
}

/* In "ann.lee_92@example.com" the words are "ann", "lee" and "92". */
static gboolean
is_email_separator (gunichar c)
{
  return !g_unichar_isalnum (c);
}

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_NON_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

/* Finds the initial of the first and of the last word of @text (of @len
 * bytes). A word whose first character is not a letter or digit (an emoji,
 * "(ACME)") does not count. An initial keeps the combining marks after its
 * letter, so that scripts like Devanagari keep their vowel signs. */
static guint
find_initials (const char *text,
               gsize       len,
               gboolean  (*is_word_separator) (gunichar),
               Initial    *first,
               Initial    *last)
{
  const char *end = text + len;
  const char *p = text;
  guint n_words = 0;

  while (p < end)
    {
      gunichar c;

      while (p < end && is_word_separator (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p >= end)
        break;

      c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c))
        {
          Initial initial = { p, 0 };
          const char *q = g_utf8_next_char (p);

          while (q < end && is_mark (g_utf8_get_char (q)))
            q = g_utf8_next_char (q);
          initial.len = q - p;

          if (n_words == 0)
            *first = initial;
          *last = initial;
          n_words++;
        }

      while (p < end && !is_word_separator (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
    }

  return n_words;
}

static void
append_initial (GString       *out,
                const Initial *initial)
{
  const char *p = initial->start;

  /* Title case rather than upper case: "ǆ" becomes "ǅ", not "Ǆ". */
  g_string_append_unichar (out, g_unichar_totitle (g_utf8_get_char (p)));
  p = g_utf8_next_char (p);
  g_string_append_len (out, p, initial->start + initial->len - p);
}

char *
tend_user_dup_initials (TendUser *self)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  Initial first = { NULL, 0 };
  Initial last = { NULL, 0 };
  guint n_words = 0;
  GString *out;

  g_return_val_if_fail (TEND_IS_USER (self), NULL);

  /* Composed form, so that a decomposed "É" is one letter with its accent. */
  if (self->name != NULL)
    name = g_utf8_normalize (self->name, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  if (name != NULL)
    n_words = find_initials (name, strlen (name), is_name_separator, &first, &last);

  if (n_words == 0 && self->email != NULL)
    email = g_utf8_normalize (self->email, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  if (email != NULL)
    {
      /* The local part, without a "+tag" sub-address. */
      gsize local_len = strcspn (email, "@+");

      n_words = find_initials (email, local_len, is_email_separator, &first, &last);
    }

  if (n_words == 0)
    return g_strdup ("?");

  out = g_string_new (NULL);
  append_initial (out, &first);
  if (n_words > 1)
    append_initial (out, &last);

  return g_string_free (out, FALSE);
}
