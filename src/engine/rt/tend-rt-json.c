/* tend-rt-json.c: Request Tracker's REST2 wire format to and from Tend's models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-rt-json"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-article.h"
#include "tend-attachment.h"
#include "tend-comment.h"
#include "tend-html.h"
#include "tend-json.h"
#include "tend-organization.h"
#include "tend-rt-json.h"
#include "tend-ticket.h"
#include "tend-user.h"

/* Reading helpers (more in tend-json.h): a member of the wrong type counts
 * as absent. */

/* A string member that is not empty, or NULL. */
static const char *
get_text (JsonObject *object,
          const char *name)
{
  const char *value = _tend_json_get_string (object, name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* RT sends numbers as JSON numbers or as strings of digits
 * ("Priority":"10", "id":"3"). */
static gint64
get_int64 (JsonObject *object,
           const char *name,
           gint64      fallback)
{
  gint64 value;

  if (object == NULL ||
      !_tend_json_node_get_int64_or_text (json_object_get_member (object, name), &value))
    return fallback;
  return value;
}

static gint64
get_time (JsonObject *object,
          const char *name)
{
  gint64 value = 0;

  if (!tend_rt_parse_time (_tend_json_get_string (object, name), &value))
    return 0;
  return value;
}

gboolean
tend_rt_get_id (JsonObject *object,
                const char *member,
                gint64     *id)
{
  gint64 value;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (object == NULL ||
      !_tend_json_node_get_int64_or_text (json_object_get_member (object, member), &value) ||
      value <= 0)
    return FALSE;
  *id = value;
  return TRUE;
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
  if (!tend_rt_get_id (object, "id", id))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("The server sent a %s without a valid “id”"), kind);
      return FALSE;
    }
  return TRUE;
}

/* The numeric id of a reference ({"id": 34, "Name": …}) asked for with
 * fields[X]=id; a reference without it (only a name) gives 0. */
static gint64
get_ref_id (JsonObject *object,
            const char *name)
{
  gint64 id = 0;

  if (!tend_rt_get_id (_tend_json_get_object (object, name), "id", &id))
    return 0;
  return id;
}

/* Extra JSON: what Tend does not model, minus RT's addresses of itself
 * ("_url", "_hyperlinks"), which only repeat the id. */

static JsonNode *
copy_without_urls (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *copy = json_object_new ();
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (g_str_equal (name, "_url") || g_str_equal (name, "_hyperlinks"))
            continue;
          json_object_set_member (copy, name, copy_without_urls (member));
        }
      json_node_take_object (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        json_array_add_element (copy, copy_without_urls (json_array_get_element (array, i)));
      json_node_take_array (result, copy);
      return result;
    }
  return json_node_copy (node);
}

/* The members of @object not named in @known, as JSON text; NULL when
 * none are left. @more (may be NULL) adds Tend's own members. */
static char *
dup_extra_json (JsonObject         *object,
                const char * const *known,
                JsonObject         *more)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (g_strv_contains (known, name) ||
          g_str_equal (name, "_url") || g_str_equal (name, "_hyperlinks") ||
          g_str_equal (name, "type"))
        continue;
      json_object_set_member (extra, name, copy_without_urls (node));
    }

  if (more != NULL)
    {
      json_object_iter_init_ordered (&iter, more);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        json_object_set_member (extra, name, json_node_copy (node));
    }

  return _tend_json_dup_extra (extra);
}

/* Times */

gboolean
tend_rt_parse_time (const char *iso8601,
                    gint64     *unix_time)
{
  gint64 value;

  g_return_val_if_fail (unix_time != NULL, FALSE);

  if (!_tend_json_parse_time (iso8601, &value))
    return FALSE;

  /* RT writes dates that were never set as the epoch itself. */
  *unix_time = value > 0 ? value : 0;
  return TRUE;
}

char *
tend_rt_format_query_time (gint64 unix_time,
                           int    offset_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (MAX (unix_time, 0) + offset_seconds);

  if (dt == NULL)
    return g_strdup ("1970-01-02 00:00:00");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

char *
tend_rt_quote (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Statuses */

static const struct {
  const char       *name;
  TendTicketStatus  status;
} status_map[] = {
  /* The default lifecycle first: the way back takes the first match. */
  { "new", TEND_TICKET_STATUS_NEW },
  { "open", TEND_TICKET_STATUS_OPEN },
  /* "Stalled" waits for someone else and reopens when the requestor
   * writes: Zendesk's and Tend's "pending". */
  { "stalled", TEND_TICKET_STATUS_PENDING },
  { "resolved", TEND_TICKET_STATUS_SOLVED },
  { "rejected", TEND_TICKET_STATUS_CLOSED },
  { "deleted", TEND_TICKET_STATUS_DELETED },
  /* Names other lifecycles often use. */
  { "pending", TEND_TICKET_STATUS_PENDING },
  { "waiting", TEND_TICKET_STATUS_PENDING },
  { "on hold", TEND_TICKET_STATUS_HOLD },
  { "hold", TEND_TICKET_STATUS_HOLD },
  { "solved", TEND_TICKET_STATUS_SOLVED },
  { "closed", TEND_TICKET_STATUS_CLOSED },
  { "done", TEND_TICKET_STATUS_SOLVED },
};

TendTicketStatus
tend_rt_status_from_string (const char *status)
{
  if (status == NULL || status[0] == '\0')
    return TEND_TICKET_STATUS_OPEN;

  for (guint i = 0; i < G_N_ELEMENTS (status_map); i++)
    {
      if (g_ascii_strcasecmp (status, status_map[i].name) == 0)
        return status_map[i].status;
    }
  /* A custom lifecycle's status Tend cannot place: work on it as open;
   * the name itself stays in the extra JSON. */
  return TEND_TICKET_STATUS_OPEN;
}

const char *
tend_rt_status_to_string (TendTicketStatus  status,
                          const char       *original)
{
  if (original != NULL && original[0] != '\0' &&
      tend_rt_status_from_string (original) == status)
    return original;

  switch (status)
    {
    case TEND_TICKET_STATUS_NEW:
      return "new";
    case TEND_TICKET_STATUS_OPEN:
      return "open";
    case TEND_TICKET_STATUS_PENDING:
    case TEND_TICKET_STATUS_HOLD:
      return "stalled";
    case TEND_TICKET_STATUS_SOLVED:
    case TEND_TICKET_STATUS_CLOSED:
      return "resolved";
    case TEND_TICKET_STATUS_DELETED:
      return "deleted";
    default:
      return "open";
    }
}

/* Priorities: RT's default labels are Low 0, Medium 50 and High 100. */

TendTicketPriority
tend_rt_priority_from_number (gint64 priority)
{
  if (priority < 25)
    return TEND_TICKET_PRIORITY_LOW;
  if (priority < 75)
    return TEND_TICKET_PRIORITY_NORMAL;
  if (priority <= 100)
    return TEND_TICKET_PRIORITY_HIGH;
  return TEND_TICKET_PRIORITY_URGENT;
}

gint64
tend_rt_priority_to_number (TendTicketPriority priority)
{
  switch (priority)
    {
    case TEND_TICKET_PRIORITY_NONE:
    case TEND_TICKET_PRIORITY_LOW:
      return 0;
    case TEND_TICKET_PRIORITY_NORMAL:
      return 50;
    case TEND_TICKET_PRIORITY_HIGH:
      return 100;
    case TEND_TICKET_PRIORITY_URGENT:
    default:
      return 120;
    }
}

/* Organizations */

gint64
tend_rt_organization_id (const char *name)
{
  g_autofree char *stripped = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;
  guint64 id = 0;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return 0;
  stripped = g_strstrip (g_strdup (name));
  if (stripped[0] == '\0')
    return 0;

  normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFKC);
  folded = g_utf8_casefold (normalized != NULL ? normalized : stripped, -1);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) folded, -1);
  g_checksum_get_digest (checksum, digest, &length);
  for (guint i = 0; i < 8; i++)
    id = (id << 8) | digest[i];

  /* Positive, and within the 53 bits a JSON double keeps exact, so the id
   * survives any JSON round trip. */
  id &= (G_GUINT64_CONSTANT (1) << 53) - 1;
  return id != 0 ? (gint64) id : 1;
}

/* Tickets */

static const char * const ticket_known[] = {
  "id", "Subject", "Created", "LastUpdated", "Creator", NULL
};

TendTicket *
tend_rt_ticket_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(JsonObject) more = json_object_new ();
  g_autofree char *extra = NULL;
  JsonObject *owner;
  JsonObject *queue;
  JsonArray *requestors;
  const char *status;
  gint64 id;

  if (!get_object_id (object, "ticket", &id, error))
    return NULL;

  ticket = tend_ticket_new (id);
  tend_ticket_set_subject (ticket, _tend_json_get_string (object, "Subject"));

  status = get_text (object, "Status");
  tend_ticket_set_status (ticket, tend_rt_status_from_string (status));
  tend_ticket_set_priority (ticket, tend_rt_priority_from_number (get_int64 (object, "Priority", 0)));

  requestors = _tend_json_get_array (object, "Requestor");
  if (requestors != NULL && json_array_get_length (requestors) > 0)
    {
      JsonNode *first = json_array_get_element (requestors, 0);

      if (JSON_NODE_HOLDS_OBJECT (first))
        {
          JsonObject *requestor = json_node_get_object (first);
          gint64 requester_id = 0;

          if (tend_rt_get_id (requestor, "id", &requester_id))
            tend_ticket_set_requester_id (ticket, requester_id);
          tend_ticket_set_organization_id (ticket,
                                           tend_rt_organization_id (_tend_json_get_string (requestor, "Organization")));
        }
    }

  tend_ticket_set_submitter_id (ticket, get_ref_id (object, "Creator"));

  /* Nobody is RT's way of saying "unowned". */
  owner = _tend_json_get_object (object, "Owner");
  if (owner != NULL && g_strcmp0 (_tend_json_get_string (owner, "Name"), "Nobody") != 0 &&
      g_strcmp0 (_tend_json_get_string (owner, "id"), "Nobody") != 0)
    tend_ticket_set_assignee_id (ticket, get_ref_id (object, "Owner"));

  queue = _tend_json_get_object (object, "Queue");
  tend_ticket_set_group_id (ticket, get_ref_id (object, "Queue"));
  if (queue != NULL && get_text (queue, "Name") != NULL)
    json_object_set_string_member (more, "QueueName", get_text (queue, "Name"));

  tend_ticket_set_created_at (ticket, get_time (object, "Created"));
  tend_ticket_set_updated_at (ticket, get_time (object, "LastUpdated"));

  /* Status, Priority, Owner, Queue, Requestor, Cc… stay as RT sent them:
   * RT's own status name in particular, which Tend's statuses simplify. */
  extra = dup_extra_json (object, ticket_known, more);
  tend_ticket_set_extra_json (ticket, extra);

  return g_steal_pointer (&ticket);
}

/* Users */

static const char * const user_known[] = {
  "id", "Name", "RealName", "EmailAddress", "WorkPhone", "MobilePhone", "HomePhone",
  "Organization", "Timezone", "Lang", "Comments", "Created", "LastUpdated", "Privileged",
  "Memberships", "CustomFields", "Creator", "LastUpdatedBy", NULL
};

TendUser *
tend_rt_user_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(TendUser) user = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *details = NULL;
  const char *name;
  const char *phone;
  gint64 id;

  if (!get_object_id (object, "user", &id, error))
    return NULL;

  user = tend_user_new (id);

  /* RT's Name is a login, often the email address of a customer created
   * by mail; the real name reads better when there is one. */
  name = get_text (object, "RealName");
  if (name == NULL)
    name = get_text (object, "Name");
  if (name == NULL)
    name = get_text (object, "EmailAddress");
  tend_user_set_name (user, name);
  tend_user_set_email (user, get_text (object, "EmailAddress"));

  phone = get_text (object, "WorkPhone");
  if (phone == NULL)
    phone = get_text (object, "MobilePhone");
  if (phone == NULL)
    phone = get_text (object, "HomePhone");
  tend_user_set_phone (user, phone);

  /* Privileged users are RT's staff; the rest are requestors. */
  tend_user_set_role (user, get_int64 (object, "Privileged", 0) > 0 ?
                            TEND_USER_ROLE_AGENT : TEND_USER_ROLE_END_USER);
  tend_user_set_organization_id (user, tend_rt_organization_id (_tend_json_get_string (object, "Organization")));
  tend_user_set_time_zone (user, get_text (object, "Timezone"));
  tend_user_set_locale (user, get_text (object, "Lang"));
  tend_user_set_notes (user, get_text (object, "Comments"));

  {
    const char *parts[] = {
      get_text (object, "Address1"), get_text (object, "Address2"),
      get_text (object, "City"), get_text (object, "State"), get_text (object, "Zip"),
      get_text (object, "Country"),
    };
    g_autoptr(GString) address = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        if (parts[i] == NULL)
          continue;
        if (address->len > 0)
          g_string_append (address, ", ");
        g_string_append (address, parts[i]);
      }
    if (address->len > 0)
      details = g_string_free (g_steal_pointer (&address), FALSE);
  }
  tend_user_set_details (user, details);

  tend_user_set_created_at (user, get_time (object, "Created"));
  tend_user_set_updated_at (user, get_time (object, "LastUpdated"));

  {
    g_autoptr(JsonObject) more = json_object_new ();

    /* The login, which the user's email address or real name may not be. */
    if (get_text (object, "Name") != NULL)
      json_object_set_string_member (more, "Name", get_text (object, "Name"));
    extra = dup_extra_json (object, user_known, more);
  }
  tend_user_set_extra_json (user, extra);

  return g_steal_pointer (&user);
}

TendOrganization *
tend_rt_organization_from_user_json (JsonObject *object)
{
  const char *name = _tend_json_get_string (object, "Organization");
  g_autofree char *stripped = NULL;
  TendOrganization *organization;
  gint64 id = tend_rt_organization_id (name);

  if (id == 0)
    return NULL;

  stripped = g_strstrip (g_strdup (name));
  organization = tend_organization_new (id);
  tend_organization_set_name (organization, stripped);
  return organization;
}

/* Conversation */

TendComment *
tend_rt_comment_from_json (JsonObject  *transaction,
                           gint64       ticket_id,
                           GError     **error)
{
  g_autoptr(TendComment) comment = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(JsonNode) extra_node = NULL;
  g_autofree char *extra_text = NULL;
  const char *type;
  gint64 id;
  gint64 time_taken;

  if (!get_object_id (transaction, "transaction", &id, error))
    return NULL;

  type = _tend_json_get_string (transaction, "Type");
  if (g_strcmp0 (type, "Create") != 0 && g_strcmp0 (type, "Correspond") != 0 &&
      g_strcmp0 (type, "Comment") != 0)
    {
      /* EmailRecord (copies of outgoing mail), Status, Set…: not messages. */
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("Transaction %lld of type “%s” is not a message"),
                   (long long) id, type != NULL ? type : "?");
      return NULL;
    }

  comment = tend_comment_new (id);
  tend_comment_set_ticket_id (comment, ticket_id);
  tend_comment_set_author_id (comment, get_ref_id (transaction, "Creator"));
  tend_comment_set_public (comment, !g_str_equal (type, "Comment"));
  tend_comment_set_created_at (comment, get_time (transaction, "Created"));
  tend_comment_set_body (comment, "");

  extra = json_object_new ();
  json_object_set_string_member (extra, "Type", type);
  time_taken = get_int64 (transaction, "TimeTaken", 0);
  if (time_taken != 0)
    json_object_set_int_member (extra, "TimeTaken", time_taken);
  extra_node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (extra_node, extra);
  extra_text = json_to_string (extra_node, FALSE);
  tend_comment_set_extra_json (comment, extra_text);

  return g_steal_pointer (&comment);
}

gint64
tend_rt_attachment_get_transaction_id (JsonObject *attachment)
{
  gint64 id = 0;

  /* A plain id in collections; a reference object in single records. */
  if (tend_rt_get_id (attachment, "TransactionId", &id))
    return id;
  if (tend_rt_get_id (_tend_json_get_object (attachment, "TransactionId"), "id", &id))
    return id;
  return 0;
}

static gboolean
content_type_is (const char *content_type,
                 const char *expected)
{
  gsize n = strlen (expected);

  return content_type != NULL && g_ascii_strncasecmp (content_type, expected, n) == 0 &&
         (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

gboolean
tend_rt_attachment_is_body (JsonObject *attachment,
                            gboolean   *is_html)
{
  const char *content_type = _tend_json_get_string (attachment, "ContentType");

  if (get_text (attachment, "Filename") != NULL)
    return FALSE;
  if (content_type_is (content_type, "text/plain"))
    {
      if (is_html != NULL)
        *is_html = FALSE;
      return TRUE;
    }
  if (content_type_is (content_type, "text/html"))
    {
      if (is_html != NULL)
        *is_html = TRUE;
      return TRUE;
    }
  return FALSE;
}

TendAttachment *
tend_rt_attachment_from_json (JsonObject  *attachment,
                              gint64       ticket_id,
                              const char  *rest_url,
                              GError     **error)
{
  g_autoptr(TendAttachment) result = NULL;
  g_autofree char *url = NULL;
  gint64 id;

  if (!get_object_id (attachment, "attachment", &id, error))
    return NULL;

  result = tend_attachment_new (id);
  tend_attachment_set_comment_id (result, tend_rt_attachment_get_transaction_id (attachment));
  tend_attachment_set_ticket_id (result, ticket_id);
  tend_attachment_set_file_name (result, get_text (attachment, "Filename"));
  tend_attachment_set_content_type (result, get_text (attachment, "ContentType"));
  tend_attachment_set_size (result, MAX (get_int64 (attachment, "ContentLength", 0), 0));
  /* The record carries the content as base64 ("Content"). */
  if (rest_url != NULL)
    {
      url = g_strdup_printf ("%s/attachment/%" G_GINT64_FORMAT, rest_url, id);
      tend_attachment_set_content_url (result, url);
    }
  return g_steal_pointer (&result);
}

/* Articles */

/* Whether RT's text is already HTML (articles edited in RT's rich text
 * editor) rather than plain text. */
static gboolean
looks_like_html (const char *text)
{
  static const char * const tags[] = {
    "<p", "<br", "<div", "<ul", "<ol", "<li", "<h1", "<h2", "<h3", "<h4",
    "<a ", "<b>", "<strong", "<em>", "<i>", "<table", "<pre", "<span", "<blockquote",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      if (strstr (text, tags[i]) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Plain text as HTML: escaped, blank lines separate paragraphs, single
 * line breaks stay. */
static void
append_text_as_html (GString    *out,
                     const char *text)
{
  g_auto(GStrv) paragraphs = NULL;
  g_autofree char *normalized = NULL;

  normalized = g_strdup (text);
  /* CRLF → LF */
  {
    char *w = normalized;

    for (const char *r = normalized; *r != '\0'; r++)
      {
        if (*r != '\r')
          *w++ = *r;
      }
    *w = '\0';
  }

  paragraphs = g_strsplit (normalized, "\n\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) lines = NULL;
      g_autofree char *trimmed = g_strstrip (g_strdup (paragraphs[i]));

      if (trimmed[0] == '\0')
        continue;
      lines = g_strsplit (trimmed, "\n", -1);
      g_string_append (out, "<p>");
      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_autofree char *escaped = g_markup_escape_text (lines[j], -1);

          if (j > 0)
            g_string_append (out, "<br>");
          g_string_append (out, escaped);
        }
      g_string_append (out, "</p>\n");
    }
}

static const char * const article_known[] = {
  "id", "Name", "Summary", "Created", "LastUpdated", "CustomFields", NULL
};

TendArticle *
tend_rt_article_from_json (JsonObject  *object,
                           const char  *web_url,
                           GError     **error)
{
  g_autoptr(TendArticle) article = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(JsonObject) more = json_object_new ();
  g_autofree char *extra = NULL;
  JsonArray *custom_fields;
  JsonObject *klass;
  const char *summary;
  const char *class_name = NULL;
  gint64 id;

  if (!get_object_id (object, "article", &id, error))
    return NULL;

  article = tend_article_new (id);
  tend_article_set_title (article, _tend_json_get_string (object, "Name"));

  /* The summary opens the body: the store's knowledge search covers the
   * title and the body, and an agent searches summaries too. */
  summary = get_text (object, "Summary");
  if (summary != NULL)
    {
      append_text_as_html (body, summary);
      json_object_set_string_member (more, "Summary", summary);
    }

  custom_fields = _tend_json_get_array (object, "CustomFields");
  for (guint i = 0; custom_fields != NULL && i < json_array_get_length (custom_fields); i++)
    {
      JsonNode *element = json_array_get_element (custom_fields, i);
      JsonObject *field;
      JsonArray *values;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      field = json_node_get_object (element);
      values = _tend_json_get_array (field, "values");
      if (values == NULL)
        continue;

      for (guint j = 0; j < json_array_get_length (values); j++)
        {
          JsonNode *value = json_array_get_element (values, j);
          const char *text;

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            continue;
          text = json_node_get_string (value);
          if (g_strcmp0 (_tend_json_get_string (field, "name"), "Content") == 0)
            {
              if (looks_like_html (text))
                {
                  g_string_append (body, text);
                  g_string_append_c (body, '\n');
                }
              else
                append_text_as_html (body, text);
            }
          else
            {
              /* Other article fields are kept, not shown. */
              JsonObject *fields = _tend_json_get_object (more, "CustomFields");

              if (fields == NULL)
                {
                  fields = json_object_new ();
                  json_object_set_object_member (more, "CustomFields", fields);
                }
              if (get_text (field, "name") != NULL)
                json_object_set_string_member (fields, get_text (field, "name"), text);
            }
        }
    }
  tend_article_set_body (article, body->str);

  klass = _tend_json_get_object (object, "Class");
  if (klass != NULL)
    {
      gint64 class_id = 0;

      class_name = get_text (klass, "Name");
      if (tend_rt_get_id (klass, "id", &class_id))
        tend_article_set_section_id (article, class_id);
    }
  if (class_name != NULL)
    {
      const char *labels[] = { class_name, NULL };

      tend_article_set_labels (article, labels);
    }

  if (web_url != NULL)
    {
      g_autofree char *url = g_strdup_printf ("%s/Articles/Article/Display.html?id=%" G_GINT64_FORMAT,
                                              web_url, id);

      tend_article_set_url (article, url);
    }

  tend_article_set_created_at (article, get_time (object, "Created"));
  tend_article_set_updated_at (article, get_time (object, "LastUpdated"));

  extra = dup_extra_json (object, article_known, more);
  tend_article_set_extra_json (article, extra);

  return g_steal_pointer (&article);
}

/* Outbox changes */

static gboolean
refuse_unsupported (JsonObject  *change,
                    GError     **error)
{
  static const char * const tag_members[] = { "add_tags", "remove_tags" };
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (tag_members); i++)
    {
      node = json_object_get_member (change, tag_members[i]);
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
          json_array_get_length (json_node_get_array (node)) > 0)
        {
          g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                               _("Request Tracker tickets have no tags; discard this change"));
          return FALSE;
        }
    }

  node = json_object_get_member (change, "type");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
      !(JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
        json_node_get_string (node)[0] == '\0'))
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("Request Tracker tickets have no type; discard this change"));
      return FALSE;
    }
  return TRUE;
}

JsonNode *
tend_rt_update_to_json (JsonObject  *change,
                        const char  *original_status,
                        GError     **error)
{
  g_autoptr(JsonObject) update = json_object_new ();
  JsonNode *node;
  gint64 id;

  g_return_val_if_fail (change != NULL, NULL);

  if (!refuse_unsupported (change, error))
    return NULL;

  node = json_object_get_member (change, "status");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      TendTicketStatus status;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !tend_ticket_status_from_string (json_node_get_string (node), &status))
        {
          g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                               _("The change has a status Tend does not know"));
          return NULL;
        }
      json_object_set_string_member (update, "Status",
                                     tend_rt_status_to_string (status, original_status));
    }

  node = json_object_get_member (change, "priority");
  if (node != NULL)
    {
      TendTicketPriority priority = TEND_TICKET_PRIORITY_NONE;

      if (!JSON_NODE_HOLDS_NULL (node) &&
          (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
           !tend_ticket_priority_from_string (json_node_get_string (node), &priority)))
        {
          g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                               _("The change has a priority Tend does not know"));
          return NULL;
        }
      json_object_set_int_member (update, "Priority", tend_rt_priority_to_number (priority));
    }

  if (json_object_has_member (change, "assignee_id"))
    {
      if (!_tend_json_node_get_int64_or_text (json_object_get_member (change, "assignee_id"), &id))
        id = 0;
      /* RT takes a user id or name; "Nobody" gives the ticket up. */
      if (id > 0)
        json_object_set_int_member (update, "Owner", id);
      else
        json_object_set_string_member (update, "Owner", "Nobody");
    }

  if (json_object_has_member (change, "group_id"))
    {
      if (!_tend_json_node_get_int64_or_text (json_object_get_member (change, "group_id"), &id) || id <= 0)
        {
          g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                               _("A Request Tracker ticket must stay in a queue"));
          return NULL;
        }
      json_object_set_int_member (update, "Queue", id);
    }

  if (json_object_get_size (update) == 0)
    return NULL;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, update);
  return node;
}

JsonNode *
tend_rt_message_to_json (JsonObject  *change,
                         gboolean    *is_public,
                         GError     **error)
{
  g_autoptr(JsonObject) message = NULL;
  JsonObject *comment;
  const char *body;
  JsonNode *node;

  g_return_val_if_fail (change != NULL, NULL);

  if (!refuse_unsupported (change, error))
    return NULL;

  comment = _tend_json_get_object (change, "comment");
  body = _tend_json_get_string (comment, "body");
  if (body == NULL || body[0] == '\0')
    return NULL;

  node = json_object_get_member (comment, "public");
  if (is_public != NULL)
    *is_public = node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
                 json_node_get_value_type (node) != G_TYPE_BOOLEAN ||
                 json_node_get_boolean (node);

  message = json_object_new ();
  json_object_set_string_member (message, "Content", body);
  json_object_set_string_member (message, "ContentType", "text/plain");

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, message);
  return node;
}

gint64
tend_rt_transaction_id_from_location (const char *location)
{
  const char *tail = location != NULL ? strstr (location, "/transaction/") : NULL;
  guint64 id;

  if (tail == NULL ||
      !g_ascii_string_to_unsigned (tail + strlen ("/transaction/"), 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return (gint64) id;
}

/* Update answers */

/* "You can't change status from 'open' to 'open'.": RT's scrips had
 * already put the ticket where the agent wanted it. */
static gboolean
is_same_status_refusal (const char *message)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  gboolean same = FALSE;

  regex = g_regex_new ("can't change status from '([^']*)' to '([^']*)'",
                       G_REGEX_CASELESS, 0, NULL);
  if (regex != NULL && g_regex_match (regex, message, 0, &match))
    {
      g_autofree char *from = g_match_info_fetch (match, 1);
      g_autofree char *to = g_match_info_fetch (match, 2);

      same = g_strcmp0 (from, to) == 0;
    }
  return same;
}

static gboolean
message_is_failure (const char *message)
{
  /* RT's messages for refusals, from its lexicon; success messages say
   * "added", "changed", "set", "created" and so on. */
  static const char * const failures[] = {
    "permission denied", "no permission", "can't", "cannot", "couldn't",
    "could not", "invalid", "illegal", "not allowed", "failed", "unknown",
    "not a valid", "no such", "not found", "isn't", "wrong", "must be", "error",
    /* An owner RT will not set: the rest of the PUT still goes through
     * with 200, so these must not read as success. */
    "may not", "does not exist", "you can only",
  };
  g_autofree char *lower = NULL;

  if (message == NULL)
    return FALSE;
  /* Setting what is already there is no failure. */
  if (strstr (message, "already the current value") != NULL || is_same_status_refusal (message))
    return FALSE;

  lower = g_utf8_strdown (message, -1);
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      if (strstr (lower, failures[i]) != NULL)
        return TRUE;
    }
  return FALSE;
}

gboolean
tend_rt_check_messages (JsonNode    *answer,
                        const char  *what,
                        GError     **error)
{
  g_autoptr(GString) failed = NULL;
  JsonArray *array;
  guint n;

  /* An answer without a list (an object with an id, or nothing) has
   * nothing to report. */
  if (answer == NULL || !JSON_NODE_HOLDS_ARRAY (answer))
    return TRUE;

  array = json_node_get_array (answer);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *message;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;
      message = json_node_get_string (element);
      if (!message_is_failure (message))
        continue;
      if (failed == NULL)
        failed = g_string_new (NULL);
      else
        g_string_append (failed, "; ");
      g_string_append_len (failed, message, MIN (strlen (message), 200));
    }

  if (failed == NULL)
    return TRUE;

  /* Keep the text single-line: it ends up in a label. */
  for (gsize i = 0; i < failed->len; i++)
    {
      if ((guchar) failed->str[i] < 0x20)
        failed->str[i] = ' ';
    }
  g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
               _("Request Tracker did not do all of %s: %s"),
               what != NULL ? what : _("the change"), failed->str);
  return FALSE;
}
