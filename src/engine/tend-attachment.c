/* tend-attachment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-attachment"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-attachment.h"
#include "tend-model-private.h"

struct _TendAttachment
{
  GObject parent_instance;

  gint64 id;
  gint64 comment_id;
  gint64 ticket_id;
  char *file_name;
  char *content_type;
  gint64 size;
  char *content_url;
};

G_DEFINE_FINAL_TYPE (TendAttachment, tend_attachment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_COMMENT_ID,
  PROP_TICKET_ID,
  PROP_FILE_NAME,
  PROP_CONTENT_TYPE,
  PROP_SIZE,
  PROP_CONTENT_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tend_attachment_finalize (GObject *object)
{
  TendAttachment *self = (TendAttachment *) object;

  g_free (self->file_name);
  g_free (self->content_type);
  g_free (self->content_url);

  G_OBJECT_CLASS (tend_attachment_parent_class)->finalize (object);
}

static void
tend_attachment_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TendAttachment *self = TEND_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, tend_attachment_get_id (self));
      break;

    case PROP_COMMENT_ID:
      g_value_set_int64 (value, tend_attachment_get_comment_id (self));
      break;

    case PROP_TICKET_ID:
      g_value_set_int64 (value, tend_attachment_get_ticket_id (self));
      break;

    case PROP_FILE_NAME:
      g_value_set_string (value, tend_attachment_get_file_name (self));
      break;

    case PROP_CONTENT_TYPE:
      g_value_set_string (value, tend_attachment_get_content_type (self));
      break;

    case PROP_SIZE:
      g_value_set_int64 (value, tend_attachment_get_size (self));
      break;

    case PROP_CONTENT_URL:
      g_value_set_string (value, tend_attachment_get_content_url (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_attachment_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TendAttachment *self = TEND_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      tend_attachment_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_COMMENT_ID:
      tend_attachment_set_comment_id (self, g_value_get_int64 (value));
      break;

    case PROP_TICKET_ID:
      tend_attachment_set_ticket_id (self, g_value_get_int64 (value));
      break;

    case PROP_FILE_NAME:
      tend_attachment_set_file_name (self, g_value_get_string (value));
      break;

    case PROP_CONTENT_TYPE:
      tend_attachment_set_content_type (self, g_value_get_string (value));
      break;

    case PROP_SIZE:
      tend_attachment_set_size (self, g_value_get_int64 (value));
      break;

    case PROP_CONTENT_URL:
      tend_attachment_set_content_url (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_attachment_class_init (TendAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_attachment_finalize;
  object_class->get_property = tend_attachment_get_property;
  object_class->set_property = tend_attachment_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMMENT_ID] =
    g_param_spec_int64 ("comment-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TICKET_ID] =
    g_param_spec_int64 ("ticket-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONTENT_TYPE] =
    g_param_spec_string ("content-type", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONTENT_URL] =
    g_param_spec_string ("content-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_attachment_init (TendAttachment *self)
{
}

/* Built without property varargs and without notifications: nobody can be
 * listening yet, and the sync creates these by the hundred thousand. */
TendAttachment *
tend_attachment_new (gint64 id)
{
  TendAttachment *self = g_object_new (TEND_TYPE_ATTACHMENT, NULL);

  self->id = id;

  return self;
}

gint64
tend_attachment_get_id (TendAttachment *self)
{
  g_return_val_if_fail (TEND_IS_ATTACHMENT (self), 0);

  return self->id;
}

void
tend_attachment_set_id (TendAttachment *self,
                        gint64          id)
{
  g_return_if_fail (TEND_IS_ATTACHMENT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
tend_attachment_get_comment_id (TendAttachment *self)
{
  g_return_val_if_fail (TEND_IS_ATTACHMENT (self), 0);

  return self->comment_id;
}

void
tend_attachment_set_comment_id (TendAttachment *self,
                                gint64          comment_id)
{
  g_return_if_fail (TEND_IS_ATTACHMENT (self));

  if (self->comment_id == comment_id)
    return;

  self->comment_id = comment_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMENT_ID]);
}

gint64
tend_attachment_get_ticket_id (TendAttachment *self)
{
  g_return_val_if_fail (TEND_IS_ATTACHMENT (self), 0);

  return self->ticket_id;
}

void
tend_attachment_set_ticket_id (TendAttachment *self,
                               gint64          ticket_id)
{
  g_return_if_fail (TEND_IS_ATTACHMENT (self));

  if (self->ticket_id == ticket_id)
    return;

  self->ticket_id = ticket_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET_ID]);
}

const char *
tend_attachment_get_file_name (TendAttachment *self)
{
  g_return_val_if_fail (TEND_IS_ATTACHMENT (self), NULL);

  return self->file_name;
}

void
tend_attachment_set_file_name (TendAttachment *self,
                               const char     *file_name)
{
  g_return_if_fail (TEND_IS_ATTACHMENT (self));

  if (_tend_set_string (&self->file_name, file_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_NAME]);
}

const char *
tend_attachment_get_content_type (TendAttachment *self)
{
  g_return_val_if_fail (TEND_IS_ATTACHMENT (self), NULL);

  return self->content_type;
}

void
tend_attachment_set_content_type (TendAttachment *self,
                                  const char     *content_type)
{
  g_return_if_fail (TEND_IS_ATTACHMENT (self));

  if (_tend_set_string (&self->content_type, content_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT_TYPE]);
}

gint64
tend_attachment_get_size (TendAttachment *self)
{
  g_return_val_if_fail (TEND_IS_ATTACHMENT (self), 0);

  return self->size;
}

void
tend_attachment_set_size (TendAttachment *self,
                          gint64          size)
{
  g_return_if_fail (TEND_IS_ATTACHMENT (self));

  if (self->size == size)
    return;

  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

const char *
tend_attachment_get_content_url (TendAttachment *self)
{
  g_return_val_if_fail (TEND_IS_ATTACHMENT (self), NULL);

  return self->content_url;
}

void
tend_attachment_set_content_url (TendAttachment *self,
                                 const char     *content_url)
{
  g_return_if_fail (TEND_IS_ATTACHMENT (self));

  if (_tend_set_string (&self->content_url, content_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT_URL]);
}

#define SAFE_FILE_NAME_MAX 255
/* Extensions longer than this are not worth keeping when a name is cut. */
#define SAFE_EXTENSION_MAX 16

static inline gboolean
is_separator (char c)
{
  return c == '/' || c == '\\';
}

/* Characters that common file systems (FAT on a USB stick, SMB shares)
 * refuse, or that shells and file choosers treat specially. */
static gboolean
is_forbidden_char (gunichar c)
{
  switch (c)
    {
    case '/':
    case '\\':
    case '<':
    case '>':
    case ':':
    case '"':
    case '|':
    case '?':
    case '*':
      return TRUE;

    default:
      return FALSE;
    }
}

/* Characters the agent would not see in the name: control characters, line
 * breaks, and the bidirectional overrides that make "invoice\u202Efdp.exe"
 * look like "invoiceexe.pdf". */
static gboolean
is_invisible_char (gunichar c)
{
  GUnicodeType type;

  if (c == 0x061C || c == 0x200E || c == 0x200F ||
      (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
    return TRUE;

  type = g_unichar_type (c);
  return type == G_UNICODE_CONTROL ||
         type == G_UNICODE_LINE_SEPARATOR ||
         type == G_UNICODE_PARAGRAPH_SEPARATOR;
}

/* Leading dots hide a file (or make it "." or ".."); leading and trailing
 * spaces and trailing dots are invisible or dropped by some file systems. */
static inline gboolean
is_trimmed_char (gunichar c)
{
  return c == '.' || g_unichar_isspace (c);
}

static void
trim_name (GString *name)
{
  const char *end;
  gsize start = 0;

  while (start < name->len && is_trimmed_char (g_utf8_get_char (name->str + start)))
    start = g_utf8_next_char (name->str + start) - name->str;
  g_string_erase (name, 0, start);

  end = name->str + name->len;
  while (end > name->str)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_trimmed_char (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  g_string_truncate (name, end - name->str);
}

/* The largest length <= @max that does not split a UTF-8 sequence. */
static gsize
utf8_boundary (const char *str,
               gsize       max)
{
  while (max > 0 && ((guchar) str[max] & 0xC0) == 0x80)
    max--;
  return max;
}

char *
tend_attachment_dup_safe_file_name (TendAttachment *self)
{
  g_autofree char *valid = NULL;
  const char *base;
  const char *end;
  const char *p;
  GString *name;

  g_return_val_if_fail (TEND_IS_ATTACHMENT (self), NULL);

  valid = g_utf8_make_valid (self->file_name != NULL ? self->file_name : "", -1);

  /* Only the last component of a path counts; "dir/" names "dir". The
   * separators are ASCII, so scanning bytes is safe in UTF-8. */
  end = valid + strlen (valid);
  while (end > valid && is_separator (end[-1]))
    end--;
  base = end;
  while (base > valid && !is_separator (base[-1]))
    base--;

  name = g_string_sized_new (end - base);
  for (p = base; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_invisible_char (c))
        continue;
      if (is_forbidden_char (c))
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }

  trim_name (name);

  if (name->len > SAFE_FILE_NAME_MAX)
    {
      /* Keep a short extension so the file still opens with the right
       * application; cut the stem instead. */
      const char *dot = strrchr (name->str, '.');
      gsize ext_len = 0;
      gsize stem_len;

      if (dot != NULL && dot != name->str &&
          strlen (dot) <= SAFE_EXTENSION_MAX && strlen (dot) > 1)
        ext_len = strlen (dot);

      stem_len = utf8_boundary (name->str, SAFE_FILE_NAME_MAX - ext_len);
      g_string_erase (name, stem_len, name->len - stem_len - ext_len);
      trim_name (name);
    }

  if (name->len == 0)
    g_string_assign (name, "attachment");

  return g_string_free (name, FALSE);
}
