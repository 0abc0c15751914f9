/* tend-outbox-item.c: one change in the outbox, as the agent sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-outbox-item"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tend-model-private.h"
#include "tend-outbox-item.h"

/* How much of a comment a summary shows. */
#define SUMMARY_CHARS 60

struct _TendOutboxItem
{
  GObject          parent_instance;

  gint64           id;
  char            *kind;
  gint64           ticket_id;
  char            *payload;
  gint64           seen_updated_at;
  TendOutboxState  state;
  guint            attempts;
  char            *last_error;
  gint64           created_at;
  gint64           updated_at;
  gint64           retry_at_ms;
  gint64           remote_id;

  /* Read from the payload when it is set. */
  JsonObject      *change;
  char            *body;
  gboolean         comment_public;
};

G_DEFINE_FINAL_TYPE (TendOutboxItem, tend_outbox_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_TICKET_ID,
  PROP_PAYLOAD,
  PROP_SEEN_UPDATED_AT,
  PROP_STATE,
  PROP_ATTEMPTS,
  PROP_LAST_ERROR,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_RETRY_AT_MS,
  PROP_REMOTE_ID,
  PROP_BODY,
  PROP_COMMENT_PUBLIC,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* States */

static const char * const state_names[] = {
  [TEND_OUTBOX_STATE_QUEUED] = "queued",
  [TEND_OUTBOX_STATE_SENDING] = "sending",
  [TEND_OUTBOX_STATE_SENT] = "sent",
  [TEND_OUTBOX_STATE_FAILED] = "failed",
  [TEND_OUTBOX_STATE_CONFLICT] = "conflict",
};

static const char * const state_labels[] = {
  [TEND_OUTBOX_STATE_QUEUED] = N_("Waiting to be sent"),
  [TEND_OUTBOX_STATE_SENDING] = N_("Sending…"),
  [TEND_OUTBOX_STATE_SENT] = N_("Sent"),
  [TEND_OUTBOX_STATE_FAILED] = N_("Not sent"),
  [TEND_OUTBOX_STATE_CONFLICT] = N_("Ticket changed meanwhile"),
};

GType
tend_outbox_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { TEND_OUTBOX_STATE_QUEUED, "TEND_OUTBOX_STATE_QUEUED", "queued" },
        { TEND_OUTBOX_STATE_SENDING, "TEND_OUTBOX_STATE_SENDING", "sending" },
        { TEND_OUTBOX_STATE_SENT, "TEND_OUTBOX_STATE_SENT", "sent" },
        { TEND_OUTBOX_STATE_FAILED, "TEND_OUTBOX_STATE_FAILED", "failed" },
        { TEND_OUTBOX_STATE_CONFLICT, "TEND_OUTBOX_STATE_CONFLICT", "conflict" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static (g_intern_static_string ("TendOutboxState"), values);

      g_once_init_leave (&type_id, id);
    }
  return type_id;
}

const char *
tend_outbox_state_to_string (TendOutboxState state)
{
  if ((guint) state < G_N_ELEMENTS (state_names))
    return state_names[state];
  return NULL;
}

gboolean
tend_outbox_state_from_string (const char      *str,
                               TendOutboxState *state)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_str_equal (str, state_names[i]))
        {
          if (state != NULL)
            *state = (TendOutboxState) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
tend_outbox_state_get_label (TendOutboxState state)
{
  if ((guint) state < G_N_ELEMENTS (state_labels))
    return g_dgettext (GETTEXT_PACKAGE, state_labels[state]);
  return NULL;
}

/* GObject */

static void
tend_outbox_item_finalize (GObject *object)
{
  TendOutboxItem *self = (TendOutboxItem *) object;

  g_free (self->kind);
  g_free (self->payload);
  g_free (self->last_error);
  g_free (self->body);
  g_clear_pointer (&self->change, json_object_unref);

  G_OBJECT_CLASS (tend_outbox_item_parent_class)->finalize (object);
}

static void
tend_outbox_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TendOutboxItem *self = TEND_OUTBOX_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_TICKET_ID:
      g_value_set_int64 (value, self->ticket_id);
      break;
    case PROP_PAYLOAD:
      g_value_set_string (value, self->payload);
      break;
    case PROP_SEEN_UPDATED_AT:
      g_value_set_int64 (value, self->seen_updated_at);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_RETRY_AT_MS:
      g_value_set_int64 (value, self->retry_at_ms);
      break;
    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;
    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    case PROP_COMMENT_PUBLIC:
      g_value_set_boolean (value, self->comment_public);
      break;
    case PROP_SUMMARY:
      g_value_take_string (value, tend_outbox_item_dup_summary (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_outbox_item_class_init (TendOutboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tend_outbox_item_finalize;
  object_class->get_property = tend_outbox_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_TICKET_ID] =
    g_param_spec_int64 ("ticket-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PAYLOAD] =
    g_param_spec_string ("payload", NULL, NULL, NULL, flags);
  properties[PROP_SEEN_UPDATED_AT] =
    g_param_spec_int64 ("seen-updated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TEND_TYPE_OUTBOX_STATE,
                       TEND_OUTBOX_STATE_QUEUED, flags);
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_RETRY_AT_MS] =
    g_param_spec_int64 ("retry-at-ms", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL, flags);
  properties[PROP_COMMENT_PUBLIC] =
    g_param_spec_boolean ("comment-public", NULL, NULL, TRUE, flags);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_outbox_item_init (TendOutboxItem *self)
{
  self->comment_public = TRUE;
}

TendOutboxItem *
tend_outbox_item_new (gint64 id)
{
  TendOutboxItem *self = g_object_new (TEND_TYPE_OUTBOX_ITEM, NULL);

  self->id = id;
  return self;
}

/* Accessors */

#define NOTIFY(self, prop) g_object_notify_by_pspec (G_OBJECT (self), properties[prop])

gint64
tend_outbox_item_get_id (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), 0);
  return self->id;
}

const char *
tend_outbox_item_get_kind (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), NULL);
  return self->kind;
}

void
tend_outbox_item_set_kind (TendOutboxItem *self,
                           const char     *kind)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (_tend_set_string (&self->kind, kind))
    {
      NOTIFY (self, PROP_KIND);
      NOTIFY (self, PROP_SUMMARY);
    }
}

gint64
tend_outbox_item_get_ticket_id (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), 0);
  return self->ticket_id;
}

void
tend_outbox_item_set_ticket_id (TendOutboxItem *self,
                                gint64          ticket_id)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (self->ticket_id == ticket_id)
    return;
  self->ticket_id = ticket_id;
  NOTIFY (self, PROP_TICKET_ID);
}

const char *
tend_outbox_item_get_payload (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), NULL);
  return self->payload;
}

static JsonObject *
parse_change (const char *payload)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (payload == NULL || !json_parser_load_from_data (parser, payload, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

void
tend_outbox_item_set_payload (TendOutboxItem *self,
                              const char     *payload)
{
  g_autofree char *body = NULL;
  gboolean comment_public = TRUE;
  JsonNode *node;

  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));

  if (!_tend_set_string (&self->payload, payload))
    return;

  g_clear_pointer (&self->change, json_object_unref);
  self->change = parse_change (payload);
  node = self->change != NULL ? json_object_get_member (self->change, "comment") : NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *comment = json_node_get_object (node);

      body = g_strdup (json_object_get_string_member_with_default (comment, "body", NULL));
      comment_public = json_object_get_boolean_member_with_default (comment, "public", TRUE);
    }

  NOTIFY (self, PROP_PAYLOAD);
  if (_tend_set_string (&self->body, body))
    NOTIFY (self, PROP_BODY);
  if (self->comment_public != comment_public)
    {
      self->comment_public = comment_public;
      NOTIFY (self, PROP_COMMENT_PUBLIC);
    }
  NOTIFY (self, PROP_SUMMARY);
}

gint64
tend_outbox_item_get_seen_updated_at (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), 0);
  return self->seen_updated_at;
}

void
tend_outbox_item_set_seen_updated_at (TendOutboxItem *self,
                                      gint64          seen_updated_at)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (self->seen_updated_at == seen_updated_at)
    return;
  self->seen_updated_at = seen_updated_at;
  NOTIFY (self, PROP_SEEN_UPDATED_AT);
}

TendOutboxState
tend_outbox_item_get_state (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), TEND_OUTBOX_STATE_QUEUED);
  return self->state;
}

void
tend_outbox_item_set_state (TendOutboxItem  *self,
                            TendOutboxState  state)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (self->state == state)
    return;
  self->state = state;
  NOTIFY (self, PROP_STATE);
}

guint
tend_outbox_item_get_attempts (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), 0);
  return self->attempts;
}

void
tend_outbox_item_set_attempts (TendOutboxItem *self,
                               guint           attempts)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (self->attempts == attempts)
    return;
  self->attempts = attempts;
  NOTIFY (self, PROP_ATTEMPTS);
}

const char *
tend_outbox_item_get_last_error (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), NULL);
  return self->last_error;
}

void
tend_outbox_item_set_last_error (TendOutboxItem *self,
                                 const char     *last_error)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (_tend_set_string (&self->last_error, last_error))
    NOTIFY (self, PROP_LAST_ERROR);
}

gint64
tend_outbox_item_get_created_at (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), 0);
  return self->created_at;
}

void
tend_outbox_item_set_created_at (TendOutboxItem *self,
                                 gint64          created_at)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (self->created_at == created_at)
    return;
  self->created_at = created_at;
  NOTIFY (self, PROP_CREATED_AT);
}

gint64
tend_outbox_item_get_updated_at (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), 0);
  return self->updated_at;
}

void
tend_outbox_item_set_updated_at (TendOutboxItem *self,
                                 gint64          updated_at)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (self->updated_at == updated_at)
    return;
  self->updated_at = updated_at;
  NOTIFY (self, PROP_UPDATED_AT);
}

gint64
tend_outbox_item_get_retry_at_ms (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), 0);
  return self->retry_at_ms;
}

void
tend_outbox_item_set_retry_at_ms (TendOutboxItem *self,
                                  gint64          retry_at_ms)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (self->retry_at_ms == retry_at_ms)
    return;
  self->retry_at_ms = retry_at_ms;
  NOTIFY (self, PROP_RETRY_AT_MS);
}

gint64
tend_outbox_item_get_remote_id (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), 0);
  return self->remote_id;
}

void
tend_outbox_item_set_remote_id (TendOutboxItem *self,
                                gint64          remote_id)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  if (self->remote_id == remote_id)
    return;
  self->remote_id = remote_id;
  NOTIFY (self, PROP_REMOTE_ID);
}

const char *
tend_outbox_item_get_body (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), NULL);
  return self->body;
}

gboolean
tend_outbox_item_get_comment_public (TendOutboxItem *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), TRUE);
  return self->comment_public;
}

/* The first SUMMARY_CHARS characters of @text on one line. */
static void
append_excerpt (GString    *out,
                const char *text)
{
  guint n = 0;
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0' && n < SUMMARY_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c < 0x20)
        {
          space = n > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n++;
    }
  if (g_utf8_strlen (text, -1) > SUMMARY_CHARS)
    g_string_append (out, "…");
}

static void
append_part (GString    *out,
             const char *part)
{
  if (out->len > 0)
    g_string_append (out, " · ");
  g_string_append (out, part);
}

/* The tags of @member, comma-separated; NULL when none. */
static char *
dup_tags (JsonObject *change,
          const char *member)
{
  JsonNode *node = json_object_get_member (change, member);
  g_autoptr(GString) tags = g_string_new (NULL);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *tag = json_node_get_string (json_array_get_element (array, i));

      if (tag == NULL)
        continue;
      if (tags->len > 0)
        g_string_append (tags, ", ");
      g_string_append (tags, tag);
    }
  if (tags->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&tags), FALSE);
}

char *
tend_outbox_item_dup_summary (TendOutboxItem *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObject *change;
  const char *text;

  g_return_val_if_fail (TEND_IS_OUTBOX_ITEM (self), NULL);

  change = self->change;
  if (change == NULL)
    return g_strdup (self->kind != NULL ? self->kind : "");

  if (self->body != NULL)
    {
      g_string_append (out, self->comment_public ? _("Reply: ") : _("Note: "));
      append_excerpt (out, self->body);
    }

  text = json_object_get_string_member_with_default (change, "status", NULL);
  if (text != NULL)
    {
      TendTicketStatus status;
      g_autofree char *part = NULL;

      if (tend_ticket_status_from_string (text, &status))
        text = tend_ticket_status_get_label (status);
      part = g_strdup_printf (_("Status: %s"), text);
      append_part (out, part);
    }

  text = json_object_get_string_member_with_default (change, "priority", NULL);
  if (text != NULL)
    {
      TendTicketPriority priority;
      g_autofree char *part = NULL;

      if (tend_ticket_priority_from_string (text, &priority))
        text = tend_ticket_priority_get_label (priority);
      part = g_strdup_printf (_("Priority: %s"), text);
      append_part (out, part);
    }

  if (json_object_has_member (change, "type"))
    {
      g_autofree char *part = NULL;

      text = json_object_get_string_member_with_default (change, "type", NULL);
      part = g_strdup_printf (_("Type: %s"), text != NULL && text[0] != '\0' ? text : _("none"));
      append_part (out, part);
    }

  if (json_object_has_member (change, "assignee_id"))
    {
      gint64 id = json_object_get_int_member_with_default (change, "assignee_id", 0);
      g_autofree char *part = NULL;

      if (id > 0)
        part = g_strdup_printf (_("Assignee: %lld"), (long long) id);
      else
        part = g_strdup (_("Unassigned"));
      append_part (out, part);
    }

  if (json_object_has_member (change, "group_id"))
    {
      gint64 id = json_object_get_int_member_with_default (change, "group_id", 0);
      g_autofree char *part = NULL;

      if (id > 0)
        part = g_strdup_printf (_("Group: %lld"), (long long) id);
      else
        part = g_strdup (_("No group"));
      append_part (out, part);
    }

  {
    g_autofree char *added = dup_tags (change, "add_tags");
    g_autofree char *removed = dup_tags (change, "remove_tags");

    if (added != NULL)
      {
        g_autofree char *part = g_strdup_printf (_("Add tags: %s"), added);
        append_part (out, part);
      }
    if (removed != NULL)
      {
        g_autofree char *part = g_strdup_printf (_("Remove tags: %s"), removed);
        append_part (out, part);
      }
  }

  if (out->len == 0)
    g_string_append (out, self->kind != NULL ? self->kind : "");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
tend_outbox_item_update_from (TendOutboxItem *self,
                              TendOutboxItem *from)
{
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (self));
  g_return_if_fail (TEND_IS_OUTBOX_ITEM (from));
  g_return_if_fail (self->id == from->id);

  g_object_freeze_notify (G_OBJECT (self));
  tend_outbox_item_set_kind (self, from->kind);
  tend_outbox_item_set_ticket_id (self, from->ticket_id);
  tend_outbox_item_set_payload (self, from->payload);
  tend_outbox_item_set_seen_updated_at (self, from->seen_updated_at);
  tend_outbox_item_set_state (self, from->state);
  tend_outbox_item_set_attempts (self, from->attempts);
  tend_outbox_item_set_last_error (self, from->last_error);
  tend_outbox_item_set_created_at (self, from->created_at);
  tend_outbox_item_set_updated_at (self, from->updated_at);
  tend_outbox_item_set_retry_at_ms (self, from->retry_at_ms);
  tend_outbox_item_set_remote_id (self, from->remote_id);
  g_object_thaw_notify (G_OBJECT (self));
}
