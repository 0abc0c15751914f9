/* tend-comment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-comment"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-comment.h"
#include "tend-attachment.h"
#include "tend-model-private.h"

struct _TendComment
{
  GObject parent_instance;

  gint64 id;
  gint64 ticket_id;
  gint64 author_id;
  char *body;
  char *html_body;
  gint64 created_at;
  TendUserRole author_role;
  char *author_name;
  char *extra_json;
  GPtrArray *attachments;  /* TendAttachment, created on first use */
  guint is_public : 1;
  guint pending : 1;
};

G_DEFINE_FINAL_TYPE (TendComment, tend_comment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TICKET_ID,
  PROP_AUTHOR_ID,
  PROP_BODY,
  PROP_HTML_BODY,
  PROP_PUBLIC,
  PROP_CREATED_AT,
  PROP_AUTHOR_ROLE,
  PROP_AUTHOR_NAME,
  PROP_EXTRA_JSON,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tend_comment_finalize (GObject *object)
{
  TendComment *self = (TendComment *) object;

  g_free (self->body);
  g_free (self->html_body);
  g_free (self->author_name);
  g_free (self->extra_json);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (tend_comment_parent_class)->finalize (object);
}

static void
tend_comment_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TendComment *self = TEND_COMMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, tend_comment_get_id (self));
      break;

    case PROP_TICKET_ID:
      g_value_set_int64 (value, tend_comment_get_ticket_id (self));
      break;

    case PROP_AUTHOR_ID:
      g_value_set_int64 (value, tend_comment_get_author_id (self));
      break;

    case PROP_BODY:
      g_value_set_string (value, tend_comment_get_body (self));
      break;

    case PROP_HTML_BODY:
      g_value_set_string (value, tend_comment_get_html_body (self));
      break;

    case PROP_PUBLIC:
      g_value_set_boolean (value, tend_comment_get_public (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, tend_comment_get_created_at (self));
      break;

    case PROP_AUTHOR_ROLE:
      g_value_set_int (value, tend_comment_get_author_role (self));
      break;

    case PROP_AUTHOR_NAME:
      g_value_set_string (value, tend_comment_get_author_name (self));
      break;

    case PROP_EXTRA_JSON:
      g_value_set_string (value, tend_comment_get_extra_json (self));
      break;

    case PROP_PENDING:
      g_value_set_boolean (value, tend_comment_get_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_comment_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TendComment *self = TEND_COMMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      tend_comment_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_TICKET_ID:
      tend_comment_set_ticket_id (self, g_value_get_int64 (value));
      break;

    case PROP_AUTHOR_ID:
      tend_comment_set_author_id (self, g_value_get_int64 (value));
      break;

    case PROP_BODY:
      tend_comment_set_body (self, g_value_get_string (value));
      break;

    case PROP_HTML_BODY:
      tend_comment_set_html_body (self, g_value_get_string (value));
      break;

    case PROP_PUBLIC:
      tend_comment_set_public (self, g_value_get_boolean (value));
      break;

    case PROP_CREATED_AT:
      tend_comment_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_AUTHOR_ROLE:
      tend_comment_set_author_role (self, g_value_get_int (value));
      break;

    case PROP_AUTHOR_NAME:
      tend_comment_set_author_name (self, g_value_get_string (value));
      break;

    case PROP_EXTRA_JSON:
      tend_comment_set_extra_json (self, g_value_get_string (value));
      break;

    case PROP_PENDING:
      tend_comment_set_pending (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_comment_class_init (TendCommentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_comment_finalize;
  object_class->get_property = tend_comment_get_property;
  object_class->set_property = tend_comment_set_property;

  /* Negative for the local copy of a comment still in the outbox. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TICKET_ID] =
    g_param_spec_int64 ("ticket-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AUTHOR_ID] =
    g_param_spec_int64 ("author-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HTML_BODY] =
    g_param_spec_string ("html-body", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PUBLIC] =
    g_param_spec_boolean ("public", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AUTHOR_ROLE] =
    g_param_spec_int ("author-role", NULL, NULL,
                      TEND_USER_ROLE_END_USER, TEND_USER_ROLE_ADMIN, TEND_USER_ROLE_END_USER,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AUTHOR_NAME] =
    g_param_spec_string ("author-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_EXTRA_JSON] =
    g_param_spec_string ("extra-json", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_comment_init (TendComment *self)
{
  self->is_public = TRUE;
}

/* Built without property varargs and without notifications: nobody can be
 * listening yet, and the sync creates these by the hundred thousand. */
TendComment *
tend_comment_new (gint64 id)
{
  TendComment *self = g_object_new (TEND_TYPE_COMMENT, NULL);

  self->id = id;

  return self;
}

gint64
tend_comment_get_id (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), 0);

  return self->id;
}

void
tend_comment_set_id (TendComment *self,
                     gint64       id)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
tend_comment_get_ticket_id (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), 0);

  return self->ticket_id;
}

void
tend_comment_set_ticket_id (TendComment *self,
                            gint64       ticket_id)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (self->ticket_id == ticket_id)
    return;

  self->ticket_id = ticket_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET_ID]);
}

gint64
tend_comment_get_author_id (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), 0);

  return self->author_id;
}

void
tend_comment_set_author_id (TendComment *self,
                            gint64       author_id)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (self->author_id == author_id)
    return;

  self->author_id = author_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR_ID]);
}

const char *
tend_comment_get_body (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), NULL);

  return self->body;
}

void
tend_comment_set_body (TendComment *self,
                       const char  *body)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (_tend_set_string (&self->body, body))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
}

const char *
tend_comment_get_html_body (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), NULL);

  return self->html_body;
}

void
tend_comment_set_html_body (TendComment *self,
                            const char  *html_body)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (_tend_set_string (&self->html_body, html_body))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HTML_BODY]);
}

gboolean
tend_comment_get_public (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), FALSE);

  return self->is_public;
}

void
tend_comment_set_public (TendComment *self,
                         gboolean     is_public)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (self->is_public == !!is_public)
    return;

  self->is_public = !!is_public;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLIC]);
}

gint64
tend_comment_get_created_at (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), 0);

  return self->created_at;
}

void
tend_comment_set_created_at (TendComment *self,
                             gint64       created_at)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

TendUserRole
tend_comment_get_author_role (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), 0);

  return self->author_role;
}

void
tend_comment_set_author_role (TendComment  *self,
                              TendUserRole  role)
{
  g_return_if_fail (TEND_IS_COMMENT (self));
  g_return_if_fail ((int) role >= TEND_USER_ROLE_END_USER && (int) role <= TEND_USER_ROLE_ADMIN);

  if (self->author_role == role)
    return;

  self->author_role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR_ROLE]);
}

const char *
tend_comment_get_author_name (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), NULL);

  return self->author_name;
}

void
tend_comment_set_author_name (TendComment *self,
                              const char  *author_name)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (_tend_set_string (&self->author_name, author_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR_NAME]);
}

const char *
tend_comment_get_extra_json (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), NULL);

  return self->extra_json;
}

void
tend_comment_set_extra_json (TendComment *self,
                             const char  *extra_json)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (_tend_set_string (&self->extra_json, extra_json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_JSON]);
}

GPtrArray *
tend_comment_get_attachments (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), NULL);

  /* Most comments have no attachments: the array is made when asked for. */
  if (self->attachments == NULL)
    self->attachments = g_ptr_array_new_with_free_func (g_object_unref);

  return self->attachments;
}

void
tend_comment_add_attachment (TendComment    *self,
                             TendAttachment *attachment)
{
  g_return_if_fail (TEND_IS_COMMENT (self));
  g_return_if_fail (TEND_IS_ATTACHMENT (attachment));

  g_ptr_array_add (tend_comment_get_attachments (self), g_object_ref (attachment));
}

gboolean
tend_comment_get_pending (TendComment *self)
{
  g_return_val_if_fail (TEND_IS_COMMENT (self), FALSE);

  return self->pending;
}

void
tend_comment_set_pending (TendComment *self,
                          gboolean     pending)
{
  g_return_if_fail (TEND_IS_COMMENT (self));

  if (self->pending == !!pending)
    return;

  self->pending = !!pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}
