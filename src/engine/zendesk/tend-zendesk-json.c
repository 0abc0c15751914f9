/* tend-zendesk-json.c: Zendesk's wire format to and from Tend's models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-zendesk-json"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-article.h"
#include "tend-attachment.h"
#include "tend-comment.h"
#include "tend-json.h"
#include "tend-macro.h"
#include "tend-organization.h"
#include "tend-ticket.h"
#include "tend-user.h"
#include "tend-zendesk-json.h"

/* Reading helpers (more in tend-json.h). Every one of them treats a
 * member of the wrong type as absent: server data is untrusted and one odd
 * field must not cost the whole object. */

static gint64
get_int64 (JsonObject *object,
           const char *name)
{
  gint64 value = 0;

  if (!_tend_json_node_get_int64 (json_object_get_member (object, name), &value))
    return 0;
  return value;
}

/* For references to other objects: anything but a positive id is "none". */
static gint64
get_ref_id (JsonObject *object,
            const char *name)
{
  gint64 value = get_int64 (object, name);

  return value > 0 ? value : 0;
}

static gint64
get_time (JsonObject *object,
          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *str;
  gint64 value = 0;

  str = _tend_json_node_get_string (node);
  if (str != NULL)
    return tend_zendesk_parse_time (str, &value) ? value : 0;

  /* Some Zendesk streams carry Unix times as numbers. */
  if (_tend_json_node_get_int64 (node, &value) && value > 0)
    return value;
  return 0;
}

static gboolean
get_object_id (JsonObject  *object,
               const char  *kind,
               gint64      *id,
               GError     **error)
{
  if (object == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("The server sent a %s that is not a JSON object"), kind);
      return FALSE;
    }

  if (!_tend_json_node_get_int64 (json_object_get_member (object, "id"), id) || *id <= 0)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("The server sent a %s without a valid “id”"), kind);
      return FALSE;
    }
  return TRUE;
}

/* An object member Tend maps only in part (satisfaction_rating, photo):
 * the sub-members it maps; the others go to the extra JSON. */
typedef struct
{
  const char *name;
  const char *mapped[3];
} Partial;

/* The members of @object whose names are not in @known, as JSON text, or
 * NULL when there are none. Of a @partial object, only the sub-members
 * Tend does not map are kept, so that they survive a round trip without
 * duplicating what the model holds. */
static char *
dup_extra_json (JsonObject         *object,
                const char * const *known,
                const Partial      *partial)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      const Partial *p = NULL;

      for (guint i = 0; partial != NULL && partial[i].name != NULL; i++)
        {
          if (g_str_equal (partial[i].name, name))
            p = &partial[i];
        }

      if (p != NULL)
        {
          JsonObject *rest;
          JsonObjectIter sub_iter;
          const char *sub_name;
          JsonNode *sub_node;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          rest = json_object_new ();
          json_object_iter_init_ordered (&sub_iter, json_node_get_object (node));
          while (json_object_iter_next_ordered (&sub_iter, &sub_name, &sub_node))
            {
              if (!g_strv_contains (p->mapped, sub_name))
                json_object_set_member (rest, sub_name, json_node_copy (sub_node));
            }
          if (json_object_get_size (rest) > 0)
            json_object_set_object_member (extra, name, rest);
          else
            json_object_unref (rest);
          continue;
        }

      if (g_strv_contains (known, name))
        continue;
      json_object_set_member (extra, name, json_node_copy (node));
    }

  return _tend_json_dup_extra (extra);
}

/* Writing helpers. */

static JsonObject *
parse_extra (const char *extra_json)
{
  g_autoptr(JsonNode) node = NULL;

  if (extra_json == NULL || extra_json[0] == '\0')
    return NULL;

  node = json_from_string (extra_json, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* Adds the members of the extra JSON that the mapped fields did not set. */
static void
merge_extra (JsonObject *object,
             JsonObject *extra)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (extra == NULL)
    return;

  json_object_iter_init_ordered (&iter, extra);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!json_object_has_member (object, name))
        json_object_set_member (object, name, json_node_copy (node));
    }
}

/* The partially mapped sub-object kept in the extra JSON, or a new one. */
static JsonObject *
dup_partial_object (JsonObject *extra,
                    const char *name)
{
  JsonNode *node;

  if (extra != NULL)
    {
      node = json_object_get_member (extra, name);
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autoptr(JsonNode) copy = json_node_copy (node);
          return json_object_ref (json_node_get_object (copy));
        }
    }
  return json_object_new ();
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
set_id_or_null (JsonObject *object,
                const char *name,
                gint64      value)
{
  if (value > 0)
    json_object_set_int_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
set_time_or_null (JsonObject *object,
                  const char *name,
                  gint64      value)
{
  if (value > 0)
    {
      g_autofree char *str = tend_zendesk_format_time (value);

      if (str != NULL)
        {
          json_object_set_string_member (object, name, str);
          return;
        }
    }
  json_object_set_null_member (object, name);
}

static JsonNode *
object_to_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

/* Enumerations: Zendesk's names, kept here rather than borrowed from
 * tend-types.c because they are the wire format, not Tend's vocabulary. */

static const char * const status_names[] = {
  [TEND_TICKET_STATUS_NEW] = "new",
  [TEND_TICKET_STATUS_OPEN] = "open",
  [TEND_TICKET_STATUS_PENDING] = "pending",
  [TEND_TICKET_STATUS_HOLD] = "hold",
  [TEND_TICKET_STATUS_SOLVED] = "solved",
  [TEND_TICKET_STATUS_CLOSED] = "closed",
  [TEND_TICKET_STATUS_DELETED] = "deleted",
};

static const char * const priority_names[] = {
  [TEND_TICKET_PRIORITY_NONE] = NULL,
  [TEND_TICKET_PRIORITY_LOW] = "low",
  [TEND_TICKET_PRIORITY_NORMAL] = "normal",
  [TEND_TICKET_PRIORITY_HIGH] = "high",
  [TEND_TICKET_PRIORITY_URGENT] = "urgent",
};

static const char * const role_names[] = {
  [TEND_USER_ROLE_END_USER] = "end-user",
  [TEND_USER_ROLE_AGENT] = "agent",
  [TEND_USER_ROLE_ADMIN] = "admin",
};

static int
name_to_index (const char         *name,
               const char * const *names,
               guint               n_names)
{
  if (name == NULL)
    return -1;
  for (guint i = 0; i < n_names; i++)
    {
      if (names[i] != NULL && g_ascii_strcasecmp (name, names[i]) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
parse_status (const char       *str,
              TendTicketStatus *status)
{
  int i = name_to_index (str, status_names, G_N_ELEMENTS (status_names));

  if (i < 0)
    {
      /* Tend's own spelling, should a server use it. */
      return str != NULL && tend_ticket_status_from_string (str, status);
    }
  *status = (TendTicketStatus) i;
  return TRUE;
}

static const char *
status_to_string (TendTicketStatus status)
{
  if ((guint) status < G_N_ELEMENTS (status_names))
    return status_names[status];
  return "open";
}

static const char *
priority_to_string (TendTicketPriority priority)
{
  if ((guint) priority < G_N_ELEMENTS (priority_names))
    return priority_names[priority];
  return NULL;
}

/* Time */

gboolean
tend_zendesk_parse_time (const char *iso8601,
                         gint64     *unix_time)
{
  g_return_val_if_fail (unix_time != NULL, FALSE);

  return _tend_json_parse_time (iso8601, unix_time);
}

char *
tend_zendesk_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* Ticket */

static const char * const ticket_known[] = {
  "id", "subject", "description", "status", "priority", "type",
  "requester_id", "submitter_id", "assignee_id", "group_id",
  "organization_id", "tags", "created_at", "updated_at",
  "satisfaction_rating",
  /* Not the ticket's own: search results and incremental exports add
   * them. Dropped, so that every sync path stores the same ticket. */
  "result_type", "generated_timestamp", NULL
};
static const Partial ticket_partial[] = {
  { "satisfaction_rating", { "score", "comment", NULL } },
  { NULL, { NULL } }
};

TendTicket *
tend_zendesk_ticket_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(TendTicket) ticket = NULL;
  g_auto(GStrv) tags = NULL;
  g_autofree char *extra = NULL;
  TendTicketStatus status;
  TendTicketPriority priority;
  JsonNode *node;
  gint64 id;

  if (!get_object_id (object, "ticket", &id, error))
    return NULL;

  ticket = tend_ticket_new (id);
  tend_ticket_set_subject (ticket, _tend_json_get_string (object, "subject"));
  tend_ticket_set_description (ticket, _tend_json_get_string (object, "description"));

  if (parse_status (_tend_json_get_string (object, "status"), &status))
    tend_ticket_set_status (ticket, status);

  priority = TEND_TICKET_PRIORITY_NONE;
  {
    int i = name_to_index (_tend_json_get_string (object, "priority"),
                           priority_names, G_N_ELEMENTS (priority_names));
    if (i >= 0)
      priority = (TendTicketPriority) i;
  }
  tend_ticket_set_priority (ticket, priority);

  tend_ticket_set_ticket_type (ticket, _tend_json_get_string (object, "type"));
  tend_ticket_set_requester_id (ticket, get_ref_id (object, "requester_id"));
  tend_ticket_set_submitter_id (ticket, get_ref_id (object, "submitter_id"));
  tend_ticket_set_assignee_id (ticket, get_ref_id (object, "assignee_id"));
  tend_ticket_set_group_id (ticket, get_ref_id (object, "group_id"));
  tend_ticket_set_organization_id (ticket, get_ref_id (object, "organization_id"));

  tags = _tend_json_dup_strv (object, "tags");
  tend_ticket_set_tags (ticket, (const char * const *) tags);

  tend_ticket_set_created_at (ticket, get_time (object, "created_at"));
  tend_ticket_set_updated_at (ticket, get_time (object, "updated_at"));

  node = json_object_get_member (object, "satisfaction_rating");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *rating = json_node_get_object (node);

      tend_ticket_set_satisfaction (ticket, _tend_json_get_string (rating, "score"));
      tend_ticket_set_satisfaction_comment (ticket, _tend_json_get_string (rating, "comment"));
    }

  extra = dup_extra_json (object, ticket_known, ticket_partial);
  tend_ticket_set_extra_json (ticket, extra);

  return g_steal_pointer (&ticket);
}

JsonNode *
tend_zendesk_ticket_to_json (TendTicket *ticket)
{
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *object;

  g_return_val_if_fail (TEND_IS_TICKET (ticket), NULL);

  extra = parse_extra (tend_ticket_get_extra_json (ticket));
  object = json_object_new ();

  json_object_set_int_member (object, "id", tend_ticket_get_id (ticket));
  set_string_or_null (object, "subject", tend_ticket_get_subject (ticket));
  set_string_or_null (object, "description", tend_ticket_get_description (ticket));
  json_object_set_string_member (object, "status",
                                 status_to_string (tend_ticket_get_status (ticket)));
  set_string_or_null (object, "priority",
                      priority_to_string (tend_ticket_get_priority (ticket)));
  set_string_or_null (object, "type", tend_ticket_get_ticket_type (ticket));
  set_id_or_null (object, "requester_id", tend_ticket_get_requester_id (ticket));
  set_id_or_null (object, "submitter_id", tend_ticket_get_submitter_id (ticket));
  set_id_or_null (object, "assignee_id", tend_ticket_get_assignee_id (ticket));
  set_id_or_null (object, "group_id", tend_ticket_get_group_id (ticket));
  set_id_or_null (object, "organization_id", tend_ticket_get_organization_id (ticket));
  _tend_json_set_strv (object, "tags", tend_ticket_get_tags (ticket));
  set_time_or_null (object, "created_at", tend_ticket_get_created_at (ticket));
  set_time_or_null (object, "updated_at", tend_ticket_get_updated_at (ticket));

  if (tend_ticket_get_satisfaction (ticket) != NULL ||
      tend_ticket_get_satisfaction_comment (ticket) != NULL ||
      (extra != NULL && json_object_has_member (extra, "satisfaction_rating")))
    {
      JsonObject *rating = dup_partial_object (extra, "satisfaction_rating");

      set_string_or_null (rating, "score", tend_ticket_get_satisfaction (ticket));
      set_string_or_null (rating, "comment", tend_ticket_get_satisfaction_comment (ticket));
      json_object_set_object_member (object, "satisfaction_rating", rating);
    }
  else
    json_object_set_null_member (object, "satisfaction_rating");

  merge_extra (object, extra);

  return object_to_node (object);
}

/* Comment */

static const char * const comment_known[] = {
  "id", "ticket_id", "author_id", "body", "html_body", "plain_body",
  "public", "created_at", "attachments",
  /* Added by the ticket events export; dropped so that both comment paths
   * store the same comment. */
  "event_type", NULL
};

static TendAttachment *
attachment_from_json (JsonObject *object,
                      gint64      comment_id,
                      gint64      ticket_id)
{
  g_autoptr(TendAttachment) attachment = NULL;
  gint64 id;
  gint64 size;

  /* An attachment without an id cannot be stored or fetched; it is
   * dropped rather than failing the whole comment. */
  if (!_tend_json_node_get_int64 (json_object_get_member (object, "id"), &id) || id <= 0)
    return NULL;

  attachment = tend_attachment_new (id);
  tend_attachment_set_comment_id (attachment, comment_id);
  tend_attachment_set_ticket_id (attachment, ticket_id);
  tend_attachment_set_file_name (attachment, _tend_json_get_string (object, "file_name"));
  tend_attachment_set_content_url (attachment, _tend_json_get_string (object, "content_url"));
  tend_attachment_set_content_type (attachment, _tend_json_get_string (object, "content_type"));
  size = get_int64 (object, "size");
  tend_attachment_set_size (attachment, MAX (size, 0));

  return g_steal_pointer (&attachment);
}

TendComment *
tend_zendesk_comment_from_json (JsonObject  *object,
                                gint64       ticket_id,
                                GError     **error)
{
  g_autoptr(TendComment) comment = NULL;
  g_autofree char *extra = NULL;
  const char *body;
  JsonNode *node;
  gint64 id;

  if (!get_object_id (object, "comment", &id, error))
    return NULL;

  if (ticket_id <= 0)
    ticket_id = get_ref_id (object, "ticket_id");

  comment = tend_comment_new (id);
  tend_comment_set_ticket_id (comment, ticket_id);
  tend_comment_set_author_id (comment, get_ref_id (object, "author_id"));

  /* Tend keeps plain text; Zendesk's "body" may hold Markdown-ish text,
   * "plain_body" is the plain rendering when the server sends it. */
  body = _tend_json_get_string (object, "plain_body");
  if (body == NULL)
    body = _tend_json_get_string (object, "body");
  tend_comment_set_body (comment, body);
  tend_comment_set_html_body (comment, _tend_json_get_string (object, "html_body"));
  tend_comment_set_public (comment, _tend_json_get_boolean (object, "public", TRUE));
  tend_comment_set_created_at (comment, get_time (object, "created_at"));

  node = json_object_get_member (object, "attachments");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autoptr(TendAttachment) attachment = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          attachment = attachment_from_json (json_node_get_object (element), id, ticket_id);
          if (attachment != NULL)
            tend_comment_add_attachment (comment, attachment);
        }
    }

  extra = dup_extra_json (object, comment_known, NULL);
  tend_comment_set_extra_json (comment, extra);

  return g_steal_pointer (&comment);
}

JsonNode *
tend_zendesk_comment_to_json (TendComment *comment)
{
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *object;
  JsonArray *attachments;
  GPtrArray *list;

  g_return_val_if_fail (TEND_IS_COMMENT (comment), NULL);

  extra = parse_extra (tend_comment_get_extra_json (comment));
  object = json_object_new ();

  json_object_set_int_member (object, "id", tend_comment_get_id (comment));
  set_id_or_null (object, "author_id", tend_comment_get_author_id (comment));
  set_string_or_null (object, "body", tend_comment_get_body (comment));
  if (tend_comment_get_html_body (comment) != NULL)
    json_object_set_string_member (object, "html_body", tend_comment_get_html_body (comment));
  set_string_or_null (object, "plain_body", tend_comment_get_body (comment));
  json_object_set_boolean_member (object, "public", tend_comment_get_public (comment));
  set_time_or_null (object, "created_at", tend_comment_get_created_at (comment));

  attachments = json_array_new ();
  list = tend_comment_get_attachments (comment);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      TendAttachment *attachment = g_ptr_array_index (list, i);
      JsonObject *a = json_object_new ();

      json_object_set_int_member (a, "id", tend_attachment_get_id (attachment));
      set_string_or_null (a, "file_name", tend_attachment_get_file_name (attachment));
      set_string_or_null (a, "content_url", tend_attachment_get_content_url (attachment));
      set_string_or_null (a, "content_type", tend_attachment_get_content_type (attachment));
      json_object_set_int_member (a, "size", tend_attachment_get_size (attachment));
      json_array_add_object_element (attachments, a);
    }
  json_object_set_array_member (object, "attachments", attachments);

  merge_extra (object, extra);

  return object_to_node (object);
}

/* User */

static const char * const user_known[] = {
  "id", "name", "email", "phone", "role", "organization_id", "time_zone",
  "iana_time_zone", "locale", "tags", "notes", "details", "photo",
  "created_at", "updated_at", NULL
};
static const Partial user_partial[] = {
  { "photo", { "content_url", NULL } },
  { NULL, { NULL } }
};

TendUser *
tend_zendesk_user_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(TendUser) user = NULL;
  g_auto(GStrv) tags = NULL;
  g_autofree char *extra = NULL;
  const char *time_zone;
  JsonNode *node;
  gint64 id;
  int role;

  if (!get_object_id (object, "user", &id, error))
    return NULL;

  user = tend_user_new (id);
  tend_user_set_name (user, _tend_json_get_string (object, "name"));
  tend_user_set_email (user, _tend_json_get_string (object, "email"));
  tend_user_set_phone (user, _tend_json_get_string (object, "phone"));

  role = name_to_index (_tend_json_get_string (object, "role"), role_names, G_N_ELEMENTS (role_names));
  tend_user_set_role (user, role >= 0 ? (TendUserRole) role : TEND_USER_ROLE_END_USER);

  tend_user_set_organization_id (user, get_ref_id (object, "organization_id"));

  /* "time_zone" is a Rails display name ("Eastern Time (US & Canada)");
   * the IANA name is what GLib understands. */
  time_zone = _tend_json_get_string (object, "iana_time_zone");
  if (time_zone == NULL || time_zone[0] == '\0')
    time_zone = _tend_json_get_string (object, "time_zone");
  tend_user_set_time_zone (user, time_zone);

  tend_user_set_locale (user, _tend_json_get_string (object, "locale"));
  tags = _tend_json_dup_strv (object, "tags");
  tend_user_set_tags (user, (const char * const *) tags);
  tend_user_set_notes (user, _tend_json_get_string (object, "notes"));
  tend_user_set_details (user, _tend_json_get_string (object, "details"));

  node = json_object_get_member (object, "photo");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    tend_user_set_photo_url (user, _tend_json_get_string (json_node_get_object (node), "content_url"));

  tend_user_set_created_at (user, get_time (object, "created_at"));
  tend_user_set_updated_at (user, get_time (object, "updated_at"));

  extra = dup_extra_json (object, user_known, user_partial);
  tend_user_set_extra_json (user, extra);

  return g_steal_pointer (&user);
}

JsonNode *
tend_zendesk_user_to_json (TendUser *user)
{
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *object;
  TendUserRole role;

  g_return_val_if_fail (TEND_IS_USER (user), NULL);

  extra = parse_extra (tend_user_get_extra_json (user));
  object = json_object_new ();

  json_object_set_int_member (object, "id", tend_user_get_id (user));
  set_string_or_null (object, "name", tend_user_get_name (user));
  set_string_or_null (object, "email", tend_user_get_email (user));
  set_string_or_null (object, "phone", tend_user_get_phone (user));
  role = tend_user_get_role (user);
  json_object_set_string_member (object, "role",
                                 (guint) role < G_N_ELEMENTS (role_names) ?
                                 role_names[role] : "end-user");
  set_id_or_null (object, "organization_id", tend_user_get_organization_id (user));
  set_string_or_null (object, "time_zone", tend_user_get_time_zone (user));
  set_string_or_null (object, "iana_time_zone", tend_user_get_time_zone (user));
  set_string_or_null (object, "locale", tend_user_get_locale (user));
  _tend_json_set_strv (object, "tags", tend_user_get_tags (user));
  set_string_or_null (object, "notes", tend_user_get_notes (user));
  set_string_or_null (object, "details", tend_user_get_details (user));

  if (tend_user_get_photo_url (user) != NULL)
    {
      JsonObject *photo = dup_partial_object (extra, "photo");

      json_object_set_string_member (photo, "content_url", tend_user_get_photo_url (user));
      json_object_set_object_member (object, "photo", photo);
    }
  else
    json_object_set_null_member (object, "photo");

  set_time_or_null (object, "created_at", tend_user_get_created_at (user));
  set_time_or_null (object, "updated_at", tend_user_get_updated_at (user));

  merge_extra (object, extra);

  return object_to_node (object);
}

/* Organization */

static const char * const organization_known[] = {
  "id", "name", "domain_names", "tags", "details", "notes",
  "created_at", "updated_at", NULL
};

TendOrganization *
tend_zendesk_organization_from_json (JsonObject  *object,
                                     GError     **error)
{
  g_autoptr(TendOrganization) organization = NULL;
  g_auto(GStrv) domains = NULL;
  g_auto(GStrv) tags = NULL;
  g_autofree char *extra = NULL;
  gint64 id;

  if (!get_object_id (object, "organization", &id, error))
    return NULL;

  organization = tend_organization_new (id);
  tend_organization_set_name (organization, _tend_json_get_string (object, "name"));
  domains = _tend_json_dup_strv (object, "domain_names");
  tend_organization_set_domain_names (organization, (const char * const *) domains);
  tags = _tend_json_dup_strv (object, "tags");
  tend_organization_set_tags (organization, (const char * const *) tags);
  tend_organization_set_details (organization, _tend_json_get_string (object, "details"));
  tend_organization_set_notes (organization, _tend_json_get_string (object, "notes"));
  tend_organization_set_created_at (organization, get_time (object, "created_at"));
  tend_organization_set_updated_at (organization, get_time (object, "updated_at"));

  extra = dup_extra_json (object, organization_known, NULL);
  tend_organization_set_extra_json (organization, extra);

  return g_steal_pointer (&organization);
}

JsonNode *
tend_zendesk_organization_to_json (TendOrganization *organization)
{
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *object;

  g_return_val_if_fail (TEND_IS_ORGANIZATION (organization), NULL);

  extra = parse_extra (tend_organization_get_extra_json (organization));
  object = json_object_new ();

  json_object_set_int_member (object, "id", tend_organization_get_id (organization));
  set_string_or_null (object, "name", tend_organization_get_name (organization));
  _tend_json_set_strv (object, "domain_names", tend_organization_get_domain_names (organization));
  _tend_json_set_strv (object, "tags", tend_organization_get_tags (organization));
  set_string_or_null (object, "details", tend_organization_get_details (organization));
  set_string_or_null (object, "notes", tend_organization_get_notes (organization));
  set_time_or_null (object, "created_at", tend_organization_get_created_at (organization));
  set_time_or_null (object, "updated_at", tend_organization_get_updated_at (organization));

  merge_extra (object, extra);

  return object_to_node (object);
}

/* Article */

static const char * const article_known[] = {
  "id", "title", "body", "html_url", "locale", "label_names", "section_id",
  "created_at", "updated_at", NULL
};

TendArticle *
tend_zendesk_article_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(TendArticle) article = NULL;
  g_auto(GStrv) labels = NULL;
  g_autofree char *extra = NULL;
  gint64 id;

  if (!get_object_id (object, "article", &id, error))
    return NULL;

  article = tend_article_new (id);
  tend_article_set_title (article, _tend_json_get_string (object, "title"));
  tend_article_set_body (article, _tend_json_get_string (object, "body"));
  tend_article_set_url (article, _tend_json_get_string (object, "html_url"));
  tend_article_set_locale (article, _tend_json_get_string (object, "locale"));
  labels = _tend_json_dup_strv (object, "label_names");
  tend_article_set_labels (article, (const char * const *) labels);
  tend_article_set_section_id (article, get_ref_id (object, "section_id"));
  tend_article_set_created_at (article, get_time (object, "created_at"));
  tend_article_set_updated_at (article, get_time (object, "updated_at"));

  extra = dup_extra_json (object, article_known, NULL);
  tend_article_set_extra_json (article, extra);

  return g_steal_pointer (&article);
}

JsonNode *
tend_zendesk_article_to_json (TendArticle *article)
{
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *object;

  g_return_val_if_fail (TEND_IS_ARTICLE (article), NULL);

  extra = parse_extra (tend_article_get_extra_json (article));
  object = json_object_new ();

  json_object_set_int_member (object, "id", tend_article_get_id (article));
  set_string_or_null (object, "title", tend_article_get_title (article));
  set_string_or_null (object, "body", tend_article_get_body (article));
  set_string_or_null (object, "html_url", tend_article_get_url (article));
  set_string_or_null (object, "locale", tend_article_get_locale (article));
  _tend_json_set_strv (object, "label_names", tend_article_get_labels (article));
  set_id_or_null (object, "section_id", tend_article_get_section_id (article));
  set_time_or_null (object, "created_at", tend_article_get_created_at (article));
  set_time_or_null (object, "updated_at", tend_article_get_updated_at (article));

  merge_extra (object, extra);

  return object_to_node (object);
}

/* Macro
 *
 * Zendesk action values are usually strings even for booleans and ids
 * ("true", "123", "current_user"); both spellings are accepted. Actions
 * Tend has no neutral name for are kept as {"field":"zendesk:NAME",…} so
 * that they survive a round trip; users of the neutral form ignore fields
 * they do not know. */

#define FOREIGN_ACTION_PREFIX "zendesk:"

static gboolean
action_value_to_boolean (JsonNode *value,
                         gboolean *out)
{
  const char *str;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return FALSE;
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (value);
      return TRUE;
    }
  str = _tend_json_node_get_string (value);
  if (g_strcmp0 (str, "true") == 0)
    *out = TRUE;
  else if (g_strcmp0 (str, "false") == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
action_value_to_id (JsonNode *value,
                    gint64   *out)
{
  const char *str;
  guint64 parsed;

  if (_tend_json_node_get_int64 (value, out))
    return *out > 0;
  str = _tend_json_node_get_string (value);
  if (str == NULL || !g_ascii_string_to_unsigned (str, 10, 1, G_MAXINT64, &parsed, NULL))
    return FALSE;
  *out = (gint64) parsed;
  return TRUE;
}

/* A comment action's text: a string, or Zendesk's ["channel:all", "text"]. */
static const char *
action_value_to_text (JsonNode *value)
{
  const char *str = _tend_json_node_get_string (value);
  JsonArray *array;
  guint n;

  if (str != NULL)
    return str;
  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    return NULL;
  array = json_node_get_array (value);
  n = json_array_get_length (array);
  if (n == 0)
    return NULL;
  return _tend_json_node_get_string (json_array_get_element (array, n - 1));
}

static JsonArray *
action_value_to_tags (JsonNode *value)
{
  JsonArray *tags = json_array_new ();
  const char *str = _tend_json_node_get_string (value);

  if (str != NULL)
    {
      g_auto(GStrv) words = g_strsplit_set (str, " \t\n,", -1);

      for (guint i = 0; words[i] != NULL; i++)
        {
          if (words[i][0] != '\0')
            json_array_add_string_element (tags, words[i]);
        }
    }
  else
    {
      g_auto(GStrv) strv = _tend_json_node_dup_strv (value);

      for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
        json_array_add_string_element (tags, strv[i]);
    }
  return tags;
}

static JsonObject *
neutral_action (const char *field)
{
  JsonObject *action = json_object_new ();

  json_object_set_string_member (action, "field", field);
  return action;
}

static JsonObject *
action_from_zendesk (JsonObject *zaction)
{
  const char *field = _tend_json_get_string (zaction, "field");
  JsonNode *value = json_object_get_member (zaction, "value");
  JsonObject *action = NULL;
  const char *text;
  gboolean flag;
  gint64 id;

  if (field == NULL)
    return NULL;

  if (g_str_equal (field, "comment_value") || g_str_equal (field, "comment_value_html"))
    {
      text = action_value_to_text (value);
      if (text != NULL)
        {
          action = neutral_action ("comment");
          json_object_set_string_member (action, "value", text);
        }
    }
  else if (g_str_equal (field, "comment_mode_is_public"))
    {
      if (action_value_to_boolean (value, &flag))
        {
          action = neutral_action ("public");
          json_object_set_boolean_member (action, "value", flag);
        }
    }
  else if (g_str_equal (field, "status") || g_str_equal (field, "priority") ||
           g_str_equal (field, "type"))
    {
      text = _tend_json_node_get_string (value);
      if (text != NULL)
        {
          action = neutral_action (field);
          json_object_set_string_member (action, "value", text);
        }
    }
  else if (g_str_equal (field, "assignee_id"))
    {
      if (g_strcmp0 (_tend_json_node_get_string (value), "current_user") == 0)
        {
          action = neutral_action ("assignee");
          json_object_set_string_member (action, "value", "me");
        }
      else if (action_value_to_id (value, &id))
        {
          action = neutral_action ("assignee");
          json_object_set_int_member (action, "value", id);
        }
    }
  else if (g_str_equal (field, "group_id"))
    {
      if (action_value_to_id (value, &id))
        {
          action = neutral_action ("group");
          json_object_set_int_member (action, "value", id);
        }
    }
  else if (g_str_equal (field, "current_tags"))
    {
      action = neutral_action ("add_tags");
      json_object_set_array_member (action, "value", action_value_to_tags (value));
    }
  else if (g_str_equal (field, "remove_tags"))
    {
      action = neutral_action ("remove_tags");
      json_object_set_array_member (action, "value", action_value_to_tags (value));
    }

  if (action == NULL)
    {
      g_autofree char *name = g_strconcat (FOREIGN_ACTION_PREFIX, field, NULL);

      action = neutral_action (name);
      json_object_set_member (action, "value",
                              value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
    }
  return action;
}

static char *
tags_to_string (JsonNode *value)
{
  g_auto(GStrv) strv = _tend_json_node_dup_strv (value);

  if (strv == NULL)
    return g_strdup (_tend_json_node_get_string (value));
  return g_strjoinv (" ", strv);
}

static JsonObject *
action_to_zendesk (JsonObject *action)
{
  const char *field = _tend_json_get_string (action, "field");
  JsonNode *value = json_object_get_member (action, "value");
  JsonObject *zaction;
  const char *zfield = NULL;
  g_autofree char *text = NULL;
  gboolean flag;
  gint64 id;

  if (field == NULL)
    return NULL;

  if (g_str_has_prefix (field, FOREIGN_ACTION_PREFIX))
    {
      zaction = json_object_new ();
      json_object_set_string_member (zaction, "field", field + strlen (FOREIGN_ACTION_PREFIX));
      json_object_set_member (zaction, "value",
                              value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
      return zaction;
    }

  if (g_str_equal (field, "comment"))
    {
      zfield = "comment_value";
      text = g_strdup (_tend_json_node_get_string (value));
    }
  else if (g_str_equal (field, "public"))
    {
      zfield = "comment_mode_is_public";
      if (action_value_to_boolean (value, &flag))
        text = g_strdup (flag ? "true" : "false");
    }
  else if (g_str_equal (field, "status") || g_str_equal (field, "priority") ||
           g_str_equal (field, "type"))
    {
      zfield = field;
      text = g_strdup (_tend_json_node_get_string (value));
    }
  else if (g_str_equal (field, "assignee"))
    {
      zfield = "assignee_id";
      if (g_strcmp0 (_tend_json_node_get_string (value), "me") == 0)
        text = g_strdup ("current_user");
      else if (action_value_to_id (value, &id))
        text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    }
  else if (g_str_equal (field, "group"))
    {
      zfield = "group_id";
      if (action_value_to_id (value, &id))
        text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    }
  else if (g_str_equal (field, "add_tags"))
    {
      zfield = "current_tags";
      text = tags_to_string (value);
    }
  else if (g_str_equal (field, "remove_tags"))
    {
      zfield = "remove_tags";
      text = tags_to_string (value);
    }

  if (zfield == NULL || text == NULL)
    return NULL;

  zaction = json_object_new ();
  json_object_set_string_member (zaction, "field", zfield);
  json_object_set_string_member (zaction, "value", text);
  return zaction;
}

TendMacro *
tend_zendesk_macro_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(TendMacro) macro = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *actions;
  JsonNode *node;
  gint64 id;
  gint64 position;

  if (!get_object_id (object, "macro", &id, error))
    return NULL;

  macro = tend_macro_new (id);
  tend_macro_set_title (macro, _tend_json_get_string (object, "title"));
  tend_macro_set_description (macro, _tend_json_get_string (object, "description"));
  tend_macro_set_active (macro, _tend_json_get_boolean (object, "active", TRUE));
  position = get_int64 (object, "position");
  tend_macro_set_position (macro, (gint) CLAMP (position, G_MININT, G_MAXINT));
  tend_macro_set_updated_at (macro, get_time (object, "updated_at"));

  actions = json_array_new ();
  node = json_object_get_member (object, "actions");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *zactions = json_node_get_array (node);
      guint n = json_array_get_length (zactions);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (zactions, i);
          JsonObject *action;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          action = action_from_zendesk (json_node_get_object (element));
          if (action != NULL)
            json_array_add_object_element (actions, action);
        }
    }
  root = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (root, actions);
  {
    g_autofree char *text = json_to_string (root, FALSE);
    tend_macro_set_actions_json (macro, text);
  }

  return g_steal_pointer (&macro);
}

JsonNode *
tend_zendesk_macro_to_json (TendMacro *macro)
{
  g_autoptr(JsonNode) actions_node = NULL;
  JsonObject *object;
  JsonArray *zactions;
  const char *actions_json;

  g_return_val_if_fail (TEND_IS_MACRO (macro), NULL);

  object = json_object_new ();
  json_object_set_int_member (object, "id", tend_macro_get_id (macro));
  set_string_or_null (object, "title", tend_macro_get_title (macro));
  set_string_or_null (object, "description", tend_macro_get_description (macro));
  json_object_set_boolean_member (object, "active", tend_macro_get_active (macro));
  json_object_set_int_member (object, "position", tend_macro_get_position (macro));
  set_time_or_null (object, "updated_at", tend_macro_get_updated_at (macro));

  zactions = json_array_new ();
  actions_json = tend_macro_get_actions_json (macro);
  if (actions_json != NULL)
    actions_node = json_from_string (actions_json, NULL);
  if (actions_node != NULL && JSON_NODE_HOLDS_ARRAY (actions_node))
    {
      JsonArray *actions = json_node_get_array (actions_node);
      guint n = json_array_get_length (actions);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (actions, i);
          JsonObject *zaction;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          zaction = action_to_zendesk (json_node_get_object (element));
          if (zaction != NULL)
            json_array_add_object_element (zactions, zaction);
        }
    }
  json_object_set_array_member (object, "actions", zactions);

  return object_to_node (object);
}

/* Updates (the outbox) */

JsonNode *
tend_zendesk_update_to_json (JsonObject  *change,
                             gint64       seen_updated_at,
                             GError     **error)
{
  g_autoptr(JsonObject) ticket = json_object_new ();
  JsonObject *root;
  JsonNode *node;
  gboolean empty = TRUE;
  gint64 id;

  g_return_val_if_fail (change != NULL, NULL);

  node = json_object_get_member (change, "comment");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *comment = json_node_get_object (node);
      const char *body = _tend_json_get_string (comment, "body");
      JsonObject *out;

      if (body != NULL && body[0] != '\0')
        {
          out = json_object_new ();
          json_object_set_string_member (out, "body", body);
          json_object_set_boolean_member (out, "public", _tend_json_get_boolean (comment, "public", TRUE));
          json_object_set_object_member (ticket, "comment", out);
          empty = FALSE;
        }
    }

  if (json_object_has_member (change, "status"))
    {
      TendTicketStatus status;

      if (!tend_ticket_status_from_string (_tend_json_get_string (change, "status"), &status) ||
          status == TEND_TICKET_STATUS_DELETED)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       _("“%s” is not a status a ticket can be given"),
                       _tend_json_get_string (change, "status") != NULL ? _tend_json_get_string (change, "status") : "null");
          return NULL;
        }
      json_object_set_string_member (ticket, "status", status_to_string (status));
      empty = FALSE;
    }

  if (json_object_has_member (change, "priority"))
    {
      TendTicketPriority priority = TEND_TICKET_PRIORITY_NONE;
      const char *text = _tend_json_get_string (change, "priority");

      if (text != NULL && !tend_ticket_priority_from_string (text, &priority))
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       _("“%s” is not a priority"), text);
          return NULL;
        }
      set_string_or_null (ticket, "priority", priority_to_string (priority));
      empty = FALSE;
    }

  if (json_object_has_member (change, "type"))
    {
      const char *text = _tend_json_get_string (change, "type");

      set_string_or_null (ticket, "type", text != NULL && text[0] != '\0' ? text : NULL);
      empty = FALSE;
    }

  if (json_object_has_member (change, "assignee_id"))
    {
      id = get_int64 (change, "assignee_id");
      set_id_or_null (ticket, "assignee_id", id);
      empty = FALSE;
    }

  if (json_object_has_member (change, "group_id"))
    {
      id = get_int64 (change, "group_id");
      set_id_or_null (ticket, "group_id", id);
      empty = FALSE;
    }

  {
    g_auto(GStrv) add = _tend_json_dup_strv (change, "add_tags");
    g_auto(GStrv) remove = _tend_json_dup_strv (change, "remove_tags");

    /* Zendesk's own additive forms, so that tags another agent set
     * meanwhile are not overwritten with the list this agent saw. */
    if (add != NULL && add[0] != NULL)
      {
        _tend_json_set_strv (ticket, "additional_tags", (const char * const *) add);
        empty = FALSE;
      }
    if (remove != NULL && remove[0] != NULL)
      {
        _tend_json_set_strv (ticket, "remove_tags", (const char * const *) remove);
        empty = FALSE;
      }
  }

  if (empty)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("The change has nothing to send"));
      return NULL;
    }

  if (seen_updated_at > 0)
    {
      g_autofree char *stamp = tend_zendesk_format_time (seen_updated_at);

      json_object_set_boolean_member (ticket, "safe_update", TRUE);
      json_object_set_string_member (ticket, "updated_stamp", stamp);
    }

  root = json_object_new ();
  json_object_set_object_member (root, "ticket", g_steal_pointer (&ticket));
  return object_to_node (root);
}

TendComment *
tend_zendesk_audit_comment_from_json (JsonObject  *audit,
                                      gint64       ticket_id,
                                      GError     **error)
{
  JsonNode *node;
  JsonArray *events;

  g_return_val_if_fail (audit != NULL, NULL);

  node = json_object_get_member (audit, "events");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  events = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *element = json_array_get_element (events, i);
      g_autoptr(JsonNode) copy = NULL;
      JsonObject *event;
      TendComment *comment;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          g_strcmp0 (_tend_json_get_string (json_node_get_object (element), "type"), "Comment") != 0)
        continue;

      /* The event's own bookkeeping is not the comment's: dropped, so the
       * comment is stored as a later pull of the conversation has it. */
      copy = json_node_copy (element);
      event = json_node_get_object (copy);
      json_object_remove_member (event, "type");
      json_object_remove_member (event, "audit_id");
      if (!json_object_has_member (event, "created_at") &&
          json_object_has_member (audit, "created_at"))
        json_object_set_member (event, "created_at",
                                json_node_copy (json_object_get_member (audit, "created_at")));

      comment = tend_zendesk_comment_from_json (event, ticket_id, error);
      if (comment != NULL && tend_comment_get_author_id (comment) == 0)
        tend_comment_set_author_id (comment, get_ref_id (audit, "author_id"));
      return comment;
    }

  return NULL;
}
