/* tend-demo-server-api.c: the Zendesk endpoints the demo helpdesk serves
 *
 * Models are written with the same mapping the Zendesk backend reads them
 * with (tend-zendesk-json.h); this file only knows the envelopes around
 * them: pagination, sideloads, errors, and the views, which Tend has no
 * model for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-demo-server"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tend-demo-server-private.h"
#include "tend-zendesk-json.h"

#define MAX_EXPORT_PAGE   1000
#define MAX_CURSOR_PAGE   100
#define MAX_SHOW_MANY     100

/* Anything not before this is "in the future" for the exports; lenient
 * because the server hands out times up to a few seconds ahead when many
 * changes land in the same second. */
#define FUTURE_SLACK      300

JsonNode *
_tend_demo_api_error (const char *error,
                      const char *description)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "error", error);
  if (description != NULL)
    json_object_set_string_member (object, "description", description);
  json_node_take_object (node, object);

  return node;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static void
fail (TendDemoRequest *request,
      guint            status,
      const char      *error,
      const char      *description)
{
  request->status = status;
  g_clear_pointer (&request->body, json_node_unref);
  if (request->raw != NULL)
    g_string_free (g_steal_pointer (&request->raw), TRUE);
  request->body = _tend_demo_api_error (error, description);
}

static void
ok (TendDemoRequest *request,
    JsonObject      *object)
{
  request->status = SOUP_STATUS_OK;
  g_clear_pointer (&request->body, json_node_unref);
  request->body = object_node (object);
}

/* Writing answers as text. Lists are built from the objects' cached JSON
 * text; the few envelope members around them are written here. A comma
 * goes before anything that does not open an object or an array. */

static void
ok_raw (TendDemoRequest *request,
        GString         *raw)
{
  request->status = SOUP_STATUS_OK;
  g_clear_pointer (&request->body, json_node_unref);
  if (request->raw != NULL)
    g_string_free (request->raw, TRUE);
  request->raw = raw;
}

static void
w_comma (GString *out)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '{';

  if (last != '{' && last != '[' && last != ':')
    g_string_append_c (out, ',');
}

static void
w_key (GString    *out,
       const char *key)
{
  w_comma (out);
  g_string_append_printf (out, "\"%s\":", key);
}

static void
w_string (GString    *out,
          const char *key,
          const char *value)
{
  w_key (out, key);
  if (value == NULL)
    g_string_append (out, "null");
  else
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
      g_autofree char *text = NULL;

      json_node_set_string (node, value);
      text = json_to_string (node, FALSE);
      g_string_append (out, text);
    }
}

static void
w_int (GString    *out,
       const char *key,
       gint64      value)
{
  w_key (out, key);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
w_bool (GString    *out,
        const char *key,
        gboolean    value)
{
  w_key (out, key);
  g_string_append (out, value ? "true" : "false");
}

static void
w_null (GString    *out,
        const char *key)
{
  w_key (out, key);
  g_string_append (out, "null");
}

/* An element of an array: JSON text as it is. */
static void
w_item (GString    *out,
        const char *json)
{
  w_comma (out);
  g_string_append (out, json);
}

/* An object's JSON text with one more member at its end, such as search's
 * "result_type". */
static void
w_item_with (GString    *out,
             const char *json,
             const char *key,
             const char *value)
{
  gsize len = strlen (json);

  w_comma (out);
  g_return_if_fail (len >= 2 && json[len - 1] == '}');

  g_string_append_len (out, json, len - 1);
  if (len > 2)
    g_string_append_c (out, ',');
  g_string_append_printf (out, "\"%s\":\"%s\"}", key, value);
}

static const char *
param (TendDemoRequest *request,
       const char      *name)
{
  if (request->query == NULL)
    return NULL;
  return g_hash_table_lookup (request->query, name);
}

/* An optional positive count, clamped to max like Zendesk does. */
static gboolean
param_size (TendDemoRequest *request,
            const char      *name,
            guint            fallback,
            guint            max,
            guint           *value)
{
  const char *text = param (request, name);
  guint64 number;

  if (text == NULL || text[0] == '\0')
    {
      *value = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &number, NULL))
    {
      g_autofree char *description = g_strdup_printf ("%s must be a positive number", name);

      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidPaginationParameter", description);
      return FALSE;
    }

  *value = (guint) MIN (number, max);
  return TRUE;
}

static gboolean
param_time (TendDemoRequest *request,
            const char      *name,
            gint64          *value)
{
  const char *text = param (request, name);
  gint64 number;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &number, NULL))
    {
      g_autofree char *description = g_strdup_printf ("%s must be a Unix time in seconds", name);

      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidValue", description);
      return FALSE;
    }

  if (number > g_get_real_time () / G_USEC_PER_SEC + FUTURE_SLACK)
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidValue",
            "start_time is in the future");
      return FALSE;
    }

  *value = number;
  return TRUE;
}

static gboolean
param_has_word (TendDemoRequest *request,
                const char      *name,
                const char      *word)
{
  const char *text = param (request, name);
  g_auto(GStrv) words = NULL;

  if (text == NULL)
    return FALSE;

  /* "users,organizations" as well as search's "tickets(users)" */
  words = g_strsplit_set (text, ",() ", -1);
  return g_strv_contains ((const char * const *) words, word);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  return g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, id, NULL);
}

/* Cursors are opaque to clients: base64 of a kind letter and a position.
 * Three fixed leading bytes make every cursor start with "++++" and a
 * length of 1 modulo 3 makes it end in "==", so a client that forgets to
 * URL-encode a cursor fails at once instead of now and then. */
static const char cursor_magic[] = "\xfb\xef\xbe";

static char *
encode_cursor (char   kind,
               gint64 position)
{
  g_autoptr(GString) text = g_string_new (cursor_magic);

  g_string_append_printf (text, "%c1:%" G_GINT64_FORMAT ":", kind, position);
  while (text->len % 3 != 1)
    g_string_append_c (text, '~');

  return g_base64_encode ((const guchar *) text->str, text->len);
}

static gboolean
decode_cursor (const char *cursor,
               char        kind,
               gint64     *position)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  gsize magic_len = strlen (cursor_magic);
  gsize length;

  if (cursor == NULL || cursor[0] == '\0' || strlen (cursor) > 128)
    return FALSE;

  decoded = g_base64_decode (cursor, &length);
  if (decoded == NULL || length <= magic_len ||
      memcmp (decoded, cursor_magic, magic_len) != 0)
    return FALSE;

  text = g_strndup ((const char *) decoded + magic_len, length - magic_len);
  fields = g_strsplit (text, ":", -1);
  if (g_strv_length (fields) != 3 ||
      fields[0][0] != kind || !g_str_equal (fields[0] + 1, "1") ||
      strspn (fields[2], "~") != strlen (fields[2]))
    return FALSE;

  return g_ascii_string_to_signed (fields[1], 10, 0, G_MAXINT64, position, NULL);
}

static gboolean
cursor_param (TendDemoRequest *request,
              const char      *name,
              char             kind,
              gint64          *position)
{
  const char *text = param (request, name);

  if (text == NULL)
    {
      *position = 0;
      return TRUE;
    }

  if (!decode_cursor (text, kind, position))
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidPaginationParameter",
            "The cursor is not valid");
      return FALSE;
    }

  return TRUE;
}

/* The server's URL for path with the given key/value pairs (NULL values
 * skipped), every part percent-encoded. */
G_GNUC_NULL_TERMINATED
static char *
build_url (TendDemoRequest *request,
           const char      *path,
           ...)
{
  GString *url = g_string_new (request->self->url);
  const char *key;
  va_list args;
  gboolean first = TRUE;

  g_string_append (url, path);

  va_start (args, path);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped_key = NULL;
      g_autofree char *escaped_value = NULL;

      if (value == NULL)
        continue;

      escaped_key = g_uri_escape_string (key, NULL, FALSE);
      escaped_value = g_uri_escape_string (value, NULL, FALSE);
      g_string_append_printf (url, "%c%s=%s", first ? '?' : '&', escaped_key, escaped_value);
      first = FALSE;
    }
  va_end (args);

  return g_string_free (url, FALSE);
}

static TendTicket *
lookup_live_ticket (TendDemoServer *self,
                    gint64          id)
{
  TendTicket *ticket = g_hash_table_lookup (self->tickets, &id);

  if (ticket == NULL || tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED)
    return NULL;
  return ticket;
}

static GPtrArray *
ticket_comments (TendDemoServer *self,
                 gint64          id)
{
  return g_hash_table_lookup (self->comments, &id);
}

static void
not_found (TendDemoRequest *request)
{
  fail (request, SOUP_STATUS_NOT_FOUND, "RecordNotFound", "Not found");
}

/* Sideloads */

typedef struct
{
  GHashTable *users;          /* set of gint64 ids */
  GHashTable *organizations;
} Sideload;

static void
sideload_init (Sideload *sideload)
{
  sideload->users = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sideload->organizations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
sideload_clear (Sideload *sideload)
{
  g_clear_pointer (&sideload->users, g_hash_table_unref);
  g_clear_pointer (&sideload->organizations, g_hash_table_unref);
}

static void
add_id (GHashTable *set,
        gint64      id)
{
  gint64 *key;

  if (id <= 0 || g_hash_table_contains (set, &id))
    return;

  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_add (set, key);
}

static void
sideload_ticket (Sideload   *sideload,
                 TendTicket *ticket)
{
  add_id (sideload->users, tend_ticket_get_requester_id (ticket));
  add_id (sideload->users, tend_ticket_get_submitter_id (ticket));
  add_id (sideload->users, tend_ticket_get_assignee_id (ticket));
  add_id (sideload->organizations, tend_ticket_get_organization_id (ticket));
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static GArray *
sorted_ids (GHashTable *set)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (set));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  g_array_sort (ids, compare_int64);

  return ids;
}

static void
sideload_write (TendDemoServer *self,
                Sideload       *sideload,
                GString        *out,
                gboolean        users,
                gboolean        organizations)
{
  if (users)
    {
      g_autoptr(GArray) ids = sorted_ids (sideload->users);

      w_key (out, "users");
      g_string_append_c (out, '[');
      for (guint i = 0; i < ids->len; i++)
        {
          TendUser *user = g_hash_table_lookup (self->users, &g_array_index (ids, gint64, i));

          if (user == NULL)
            continue;
          w_item (out, _tend_demo_server_json (self, user));
          add_id (sideload->organizations, tend_user_get_organization_id (user));
        }
      g_string_append_c (out, ']');
    }

  if (organizations)
    {
      g_autoptr(GArray) ids = sorted_ids (sideload->organizations);

      w_key (out, "organizations");
      g_string_append_c (out, '[');
      for (guint i = 0; i < ids->len; i++)
        {
          TendOrganization *organization =
            g_hash_table_lookup (self->organizations, &g_array_index (ids, gint64, i));

          if (organization != NULL)
            w_item (out, _tend_demo_server_json (self, organization));
        }
      g_string_append_c (out, ']');
    }
}

/* Users and organizations */

static void
handle_users_me (TendDemoRequest *request)
{
  TendUser *me = _tend_demo_server_get_me (request->self);
  JsonObject *response = json_object_new ();

  json_object_set_member (response, "user", tend_zendesk_user_to_json (me));
  ok (request, response);
}

/* ids=1,2,3 as a sorted, de-duplicated list; NULL (and the answer set)
 * when the parameter is missing or wrong. */
static GArray *
parse_ids_param (TendDemoRequest *request)
{
  const char *text = param (request, "ids");
  g_autoptr(GHashTable) set = NULL;
  g_auto(GStrv) items = NULL;

  if (text == NULL || text[0] == '\0')
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidValue", "ids is required");
      return NULL;
    }

  set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      gint64 id;

      if (!parse_id (g_strstrip (items[i]), &id))
        {
          fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidValue", "ids must be a list of numbers");
          return NULL;
        }
      add_id (set, id);
    }

  if (g_hash_table_size (set) > MAX_SHOW_MANY)
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "TooManyValues",
            "ids accepts at most 100 values");
      return NULL;
    }

  return sorted_ids (set);
}

static void
handle_users_show_many (TendDemoRequest *request)
{
  g_autoptr(GArray) ids = parse_ids_param (request);
  GString *out;

  if (ids == NULL)
    return;

  out = g_string_new ("{\"users\":[");
  for (guint i = 0; i < ids->len; i++)
    {
      TendUser *user = g_hash_table_lookup (request->self->users, &g_array_index (ids, gint64, i));

      if (user != NULL)
        w_item (out, _tend_demo_server_json (request->self, user));
    }
  g_string_append (out, "]}");
  ok_raw (request, out);
}

static void
handle_user (TendDemoRequest *request,
             const char      *id_text)
{
  TendUser *user;
  JsonObject *response;
  gint64 id;

  if (!parse_id (id_text, &id) ||
      (user = g_hash_table_lookup (request->self->users, &id)) == NULL)
    {
      not_found (request);
      return;
    }

  response = json_object_new ();
  json_object_set_member (response, "user", tend_zendesk_user_to_json (user));
  ok (request, response);
}

static void
handle_organizations_show_many (TendDemoRequest *request)
{
  g_autoptr(GArray) ids = parse_ids_param (request);
  GString *out;

  if (ids == NULL)
    return;

  out = g_string_new ("{\"organizations\":[");
  for (guint i = 0; i < ids->len; i++)
    {
      TendOrganization *organization =
        g_hash_table_lookup (request->self->organizations, &g_array_index (ids, gint64, i));

      if (organization != NULL)
        w_item (out, _tend_demo_server_json (request->self, organization));
    }
  g_string_append (out, "]}");
  ok_raw (request, out);
}

static void
handle_organization (TendDemoRequest *request,
                     const char      *id_text)
{
  TendOrganization *organization;
  JsonObject *response;
  gint64 id;

  if (!parse_id (id_text, &id) ||
      (organization = g_hash_table_lookup (request->self->organizations, &id)) == NULL)
    {
      not_found (request);
      return;
    }

  response = json_object_new ();
  json_object_set_member (response, "organization", tend_zendesk_organization_to_json (organization));
  ok (request, response);
}

/* Incremental exports (admins only, as in Zendesk) */

static gboolean
require_admin (TendDemoRequest *request)
{
  if (request->self->role == TEND_USER_ROLE_ADMIN)
    return TRUE;

  fail (request, SOUP_STATUS_FORBIDDEN, "Forbidden",
        "You do not have access to this page. Please contact the account owner "
        "of this help desk for further help.");
  return FALSE;
}

static void
handle_incremental_tickets (TendDemoRequest *request)
{
  TendDemoServer *self = request->self;
  g_autofree char *after_cursor = NULL;
  g_autofree char *after_url = NULL;
  g_autofree char *per_page_text = NULL;
  Sideload sideload;
  GString *out;
  gboolean exclude_deleted;
  guint per_page;
  guint index;
  gint64 last_seq;
  guint taken = 0;

  if (!require_admin (request))
    return;

  if (!param_size (request, "per_page", MAX_EXPORT_PAGE, MAX_EXPORT_PAGE, &per_page))
    return;

  if (param (request, "cursor") != NULL)
    {
      if (!cursor_param (request, "cursor", 't', &last_seq))
        return;
      index = _tend_demo_server_log_after_seq (self, last_seq);
    }
  else if (param (request, "start_time") != NULL)
    {
      gint64 start_time;

      if (!param_time (request, "start_time", &start_time))
        return;
      index = _tend_demo_server_log_since (self, start_time);
      /* Resuming after the entry before the first match: later changes
       * always get a higher seq, so nothing from start_time on is lost. */
      last_seq = index > 0 ? g_array_index (self->ticket_log, TendDemoTicketEntry, index - 1).seq : 0;
    }
  else
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidValue",
            "start_time or cursor is required");
      return;
    }

  exclude_deleted = g_strcmp0 (param (request, "exclude_deleted"), "true") == 0;

  sideload_init (&sideload);
  out = g_string_sized_new (1024 * MIN (per_page, 64));
  g_string_append (out, "{\"tickets\":[");

  for (; index < self->ticket_log->len && taken < per_page; index++)
    {
      TendDemoTicketEntry *entry = &g_array_index (self->ticket_log, TendDemoTicketEntry, index);
      TendTicket *ticket = g_hash_table_lookup (self->tickets, &entry->id);

      last_seq = entry->seq;
      if (ticket == NULL ||
          (exclude_deleted && tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED))
        continue;

      w_item (out, _tend_demo_server_json (self, ticket));
      sideload_ticket (&sideload, ticket);
      taken++;
    }
  g_string_append_c (out, ']');

  after_cursor = encode_cursor ('t', last_seq);
  if (param (request, "per_page") != NULL)
    per_page_text = g_strdup_printf ("%u", per_page);
  after_url = build_url (request, "/api/v2/incremental/tickets/cursor.json",
                         "cursor", after_cursor,
                         "per_page", per_page_text,
                         "include", param (request, "include"),
                         "exclude_deleted", param (request, "exclude_deleted"),
                         NULL);

  w_string (out, "after_url", after_url);
  w_string (out, "after_cursor", after_cursor);
  w_null (out, "before_url");
  w_null (out, "before_cursor");
  w_bool (out, "end_of_stream", index >= self->ticket_log->len);
  sideload_write (self, &sideload, out,
                  param_has_word (request, "include", "users"),
                  param_has_word (request, "include", "organizations"));
  g_string_append_c (out, '}');
  sideload_clear (&sideload);

  ok_raw (request, out);
}

static void
handle_ticket_events (TendDemoRequest *request)
{
  TendDemoServer *self = request->self;
  g_autofree char *next_page = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *per_page_text = NULL;
  GString *out;
  gboolean with_comments;
  gboolean at_end;
  guint per_page;
  gint64 start_time;
  gint64 end_time;
  guint index;
  guint first;

  if (!require_admin (request))
    return;
  if (!param_size (request, "per_page", MAX_EXPORT_PAGE, MAX_EXPORT_PAGE, &per_page))
    return;
  if (!param_time (request, "start_time", &start_time))
    return;

  with_comments = param_has_word (request, "include", "comment_events");
  first = _tend_demo_server_events_since (self, start_time);
  index = first;
  out = g_string_sized_new (1024 * MIN (per_page, 64));
  g_string_append (out, "{\"ticket_events\":[");

  while (index < self->comment_log->len)
    {
      TendDemoCommentEntry *entry = &g_array_index (self->comment_log, TendDemoCommentEntry, index);
      g_autofree char *created = NULL;

      /* A full page still takes the rest of its last second: the next
       * page starts after it, so a second's events never straddle pages
       * and a second holding more than a page cannot loop forever. */
      if (index - first >= per_page &&
          entry->created_at != g_array_index (self->comment_log, TendDemoCommentEntry, index - 1).created_at)
        break;

      created = tend_zendesk_format_time (entry->created_at);
      w_comma (out);
      g_string_append_c (out, '{');
      w_int (out, "id", entry->id);
      w_int (out, "ticket_id", tend_comment_get_ticket_id (entry->comment));
      w_int (out, "timestamp", entry->created_at);
      w_string (out, "created_at", created);
      w_int (out, "updater_id", tend_comment_get_author_id (entry->comment));
      w_string (out, "event_type", "Audit");
      w_key (out, "child_events");
      g_string_append_c (out, '[');
      if (with_comments)
        w_item_with (out, _tend_demo_server_json (self, entry->comment), "event_type", "Comment");
      g_string_append (out, "]}");
      index++;
    }
  g_string_append_c (out, ']');

  at_end = index >= self->comment_log->len;
  if (index == first)
    end_time = start_time;
  else
    {
      end_time = g_array_index (self->comment_log, TendDemoCommentEntry, index - 1).created_at;
      /* At the end of the stream the last second is handed out again next
       * time (comments may still arrive within it); clients de-duplicate
       * by id, as with Zendesk's time-based exports. */
      if (!at_end)
        end_time++;
    }

  end_text = g_strdup_printf ("%" G_GINT64_FORMAT, end_time);
  if (param (request, "per_page") != NULL)
    per_page_text = g_strdup_printf ("%u", per_page);
  next_page = build_url (request, "/api/v2/incremental/ticket_events.json",
                         "start_time", end_text,
                         "include", param (request, "include"),
                         "per_page", per_page_text,
                         NULL);

  w_string (out, "next_page", next_page);
  w_int (out, "count", index - first);
  w_int (out, "end_time", end_time);
  w_bool (out, "end_of_stream", at_end);
  g_string_append_c (out, '}');

  ok_raw (request, out);
}

/* Search export (agents' way to list changed tickets) */

typedef enum
{
  FIELD_UPDATED,
  FIELD_CREATED,
  FIELD_STATUS,
  FIELD_TEXT,
} SearchField;

typedef enum
{
  OP_EQ,
  OP_GT,
  OP_GE,
  OP_LT,
  OP_LE,
} SearchOp;

typedef struct
{
  SearchField field;
  SearchOp    op;
  gint64      start;   /* times: [start, end) is the value's span */
  gint64      end;
  int         status;
  char       *text;    /* casefolded */
} SearchCondition;

static void
search_condition_clear (gpointer data)
{
  SearchCondition *condition = data;

  g_free (condition->text);
}

static gboolean
parse_search_time (const char *text,
                   gint64     *start,
                   gint64     *end)
{
  static const struct { const char *unit; gint64 seconds; } units[] = {
    { "minutes", 60 }, { "minute", 60 }, { "min", 60 },
    { "hours", 3600 }, { "hour", 3600 }, { "h", 3600 },
    { "days", 86400 }, { "day", 86400 }, { "d", 86400 },
    { "weeks", 604800 }, { "week", 604800 }, { "w", 604800 },
    { "months", 2592000 }, { "month", 2592000 },
    { "years", 31536000 }, { "year", 31536000 },
  };
  gint64 t;
  int year, month, day;
  char tail;

  if (tend_zendesk_parse_time (text, &t))
    {
      *start = t;
      *end = t + 1;
      return TRUE;
    }

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3)
    {
      g_autoptr(GDateTime) date = NULL;

      if (g_date_valid_dmy (day, month, year) &&
          (date = g_date_time_new_utc (year, month, day, 0, 0, 0)) != NULL)
        {
          *start = g_date_time_to_unix (date);
          *end = *start + 86400;
          return TRUE;
        }
      return FALSE;
    }

  if (g_ascii_isdigit (text[0]))
    {
      char *unit = NULL;
      guint64 number = g_ascii_strtoull (text, &unit, 10);

      if (*unit == '\0')
        {
          *start = (gint64) MIN (number, (guint64) G_MAXINT64 / 2);
          *end = *start + 1;
          return TRUE;
        }

      for (guint i = 0; i < G_N_ELEMENTS (units); i++)
        if (g_str_equal (unit, units[i].unit) && number < 100000)
          {
            *start = g_get_real_time () / G_USEC_PER_SEC - (gint64) number * units[i].seconds;
            *end = *start + 1;
            return TRUE;
          }
    }

  return FALSE;
}

static char *
unquote (const char *text)
{
  gsize len = strlen (text);

  if (len >= 2 && text[0] == '"' && text[len - 1] == '"')
    return g_strndup (text + 1, len - 2);
  return g_strdup (text);
}

/* Zendesk's search syntax, the part Tend sends: updated>TIME,
 * updated>=TIME, created<…, status<solved, type:ticket, and plain words. */
static GArray *
parse_search_query (const char  *query,
                    GError     **error)
{
  static const char * const fields[] = { "updated_at", "updated", "created_at", "created", "status", "type" };
  static const struct { const char *text; SearchOp op; } ops[] = {
    { ">=", OP_GE }, { "<=", OP_LE }, { ">", OP_GT }, { "<", OP_LT }, { ":", OP_EQ }, { "=", OP_EQ },
  };
  g_autoptr(GArray) conditions = g_array_new (FALSE, TRUE, sizeof (SearchCondition));
  g_auto(GStrv) tokens = NULL;

  g_array_set_clear_func (conditions, search_condition_clear);

  if (!g_shell_parse_argv (query, NULL, &tokens, NULL))
    tokens = g_strsplit_set (query, " \t\n", -1);

  for (guint i = 0; tokens != NULL && tokens[i] != NULL; i++)
    {
      const char *token = tokens[i];
      SearchCondition condition = { 0, };
      gboolean matched = FALSE;

      if (token[0] == '\0')
        continue;

      for (guint f = 0; f < G_N_ELEMENTS (fields) && !matched; f++)
        {
          const char *rest;

          if (g_ascii_strncasecmp (token, fields[f], strlen (fields[f])) != 0)
            continue;
          rest = token + strlen (fields[f]);

          for (guint o = 0; o < G_N_ELEMENTS (ops) && !matched; o++)
            {
              g_autofree char *value = NULL;
              TendTicketStatus status;

              if (!g_str_has_prefix (rest, ops[o].text))
                continue;

              matched = TRUE;
              value = unquote (rest + strlen (ops[o].text));
              condition.op = ops[o].op;

              if (g_str_equal (fields[f], "type"))
                {
                  if (ops[o].op != OP_EQ || g_ascii_strcasecmp (value, "ticket") != 0)
                    {
                      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                                   "Only tickets can be exported here (got “%s”)", token);
                      return NULL;
                    }
                  /* Tolerated: filter[type] already says it. */
                  continue;
                }
              else if (g_str_equal (fields[f], "status"))
                {
                  if (!tend_ticket_status_from_string (value, &status))
                    {
                      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                                   "Unknown status in “%s”", token);
                      return NULL;
                    }
                  condition.field = FIELD_STATUS;
                  condition.status = (int) status;
                }
              else
                {
                  condition.field = g_str_has_prefix (fields[f], "updated") ? FIELD_UPDATED : FIELD_CREATED;
                  if (!parse_search_time (value, &condition.start, &condition.end))
                    {
                      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                                   "Cannot read the time in “%s”", token);
                      return NULL;
                    }
                }
              g_array_append_val (conditions, condition);
            }
        }

      if (!matched)
        {
          g_autofree char *word = unquote (token);

          condition.field = FIELD_TEXT;
          condition.op = OP_EQ;
          condition.text = g_utf8_casefold (word, -1);
          g_array_append_val (conditions, condition);
        }
    }

  return g_steal_pointer (&conditions);
}

static gboolean
text_contains (const char *haystack,
               const char *needle_folded)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle_folded) != NULL;
}

static gboolean
compare_time (SearchOp op,
              gint64   t,
              gint64   start,
              gint64   end)
{
  switch (op)
    {
    case OP_EQ: return t >= start && t < end;
    case OP_GT: return t >= end;
    case OP_GE: return t >= start;
    case OP_LT: return t < start;
    case OP_LE: return t < end;
    default: return FALSE;
    }
}

static gboolean
compare_status (SearchOp op,
                int      value,
                int      wanted)
{
  switch (op)
    {
    case OP_EQ: return value == wanted;
    case OP_GT: return value > wanted;
    case OP_GE: return value >= wanted;
    case OP_LT: return value < wanted;
    case OP_LE: return value <= wanted;
    default: return FALSE;
    }
}

static gboolean
ticket_matches (TendTicket *ticket,
                GArray     *conditions)
{
  for (guint i = 0; i < conditions->len; i++)
    {
      SearchCondition *condition = &g_array_index (conditions, SearchCondition, i);
      gboolean match = FALSE;

      switch (condition->field)
        {
        case FIELD_UPDATED:
          match = compare_time (condition->op, tend_ticket_get_updated_at (ticket),
                                condition->start, condition->end);
          break;

        case FIELD_CREATED:
          match = compare_time (condition->op, tend_ticket_get_created_at (ticket),
                                condition->start, condition->end);
          break;

        case FIELD_STATUS:
          match = compare_status (condition->op, (int) tend_ticket_get_status (ticket),
                                  condition->status);
          break;

        case FIELD_TEXT:
          match = text_contains (tend_ticket_get_subject (ticket), condition->text) ||
                  text_contains (tend_ticket_get_description (ticket), condition->text);
          break;

        default:
          break;
        }

      if (!match)
        return FALSE;
    }

  return TRUE;
}

static void
handle_search_export (TendDemoRequest *request)
{
  TendDemoServer *self = request->self;
  const char *query = param (request, "query");
  const char *type = param (request, "filter[type]");
  g_autoptr(GArray) conditions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after_cursor = NULL;
  g_autofree char *next = NULL;
  g_autofree char *size_text = NULL;
  Sideload sideload;
  GString *out;
  gboolean has_more = FALSE;
  gboolean tickets_wanted;
  guint size;
  guint index;
  gint64 last_seq;
  guint taken = 0;

  if (type == NULL || type[0] == '\0')
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidSearchParameter",
            "filter[type] is required for the search export "
            "(ticket, organization, user or group)");
      return;
    }
  if (!g_str_equal (type, "ticket") && !g_str_equal (type, "user") &&
      !g_str_equal (type, "organization") && !g_str_equal (type, "group"))
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidSearchParameter",
            "filter[type] must be ticket, organization, user or group");
      return;
    }
  tickets_wanted = g_str_equal (type, "ticket");

  if (query == NULL || query[0] == '\0')
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidSearchParameter", "query is required");
      return;
    }

  conditions = parse_search_query (query, &error);
  if (conditions == NULL)
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidSearchParameter", error->message);
      return;
    }

  if (!param_size (request, "page[size]", 100, MAX_EXPORT_PAGE, &size))
    return;
  if (!cursor_param (request, "page[after]", 's', &last_seq))
    return;

  sideload_init (&sideload);
  out = g_string_sized_new (1024 * MIN (size, 64));
  g_string_append (out, "{\"results\":[");

  index = _tend_demo_server_log_after_seq (self, last_seq);
  for (; tickets_wanted && index < self->ticket_log->len; index++)
    {
      TendDemoTicketEntry *entry = &g_array_index (self->ticket_log, TendDemoTicketEntry, index);
      TendTicket *ticket = g_hash_table_lookup (self->tickets, &entry->id);

      /* Search never finds deleted tickets. */
      if (ticket == NULL || tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED ||
          !ticket_matches (ticket, conditions))
        continue;

      if (taken == size)
        {
          has_more = TRUE;
          break;
        }

      w_item_with (out, _tend_demo_server_json (self, ticket), "result_type", "ticket");
      sideload_ticket (&sideload, ticket);
      last_seq = entry->seq;
      taken++;
    }

  after_cursor = encode_cursor ('s', last_seq);
  if (param (request, "page[size]") != NULL)
    size_text = g_strdup_printf ("%u", size);
  if (has_more)
    next = build_url (request, "/api/v2/search/export.json",
                      "query", query,
                      "filter[type]", type,
                      "page[size]", size_text,
                      "page[after]", after_cursor,
                      "include", param (request, "include"),
                      NULL);

  g_string_append_c (out, ']');
  w_null (out, "facets");
  w_key (out, "meta");
  g_string_append_c (out, '{');
  w_bool (out, "has_more", has_more);
  w_string (out, "after_cursor", after_cursor);
  w_null (out, "before_cursor");
  g_string_append_c (out, '}');
  w_key (out, "links");
  g_string_append_c (out, '{');
  w_null (out, "prev");
  w_string (out, "next", next);
  g_string_append_c (out, '}');
  sideload_write (self, &sideload, out,
                  param_has_word (request, "include", "users"),
                  param_has_word (request, "include", "organizations"));
  g_string_append_c (out, '}');
  sideload_clear (&sideload);

  ok_raw (request, out);
}

/* Lists with both of Zendesk's paginations: cursor (page[size],
 * page[after]) when asked for, offset (page, per_page) otherwise. */
typedef char *(*ItemText) (TendDemoServer *self,
                           gpointer        item);

static void
paginate (TendDemoRequest *request,
          const char      *path,
          const char      *name,
          GPtrArray       *items,
          guint            default_size,
          ItemText         to_text,
          Sideload        *sideload)
{
  g_autoptr(GString) out = g_string_new ("{");
  guint n = items != NULL ? items->len : 0;
  guint start;
  guint end;

  if (param (request, "page[size]") != NULL || param (request, "page[after]") != NULL)
    {
      g_autofree char *after_cursor = NULL;
      g_autofree char *before_cursor = NULL;
      g_autofree char *next = NULL;
      g_autofree char *size_text = NULL;
      gint64 after = 0;
      guint size;

      if (!param_size (request, "page[size]", default_size, MAX_CURSOR_PAGE, &size) ||
          !cursor_param (request, "page[after]", 'p', &after))
        return;

      start = (guint) MIN ((guint64) after, n);
      end = MIN (start + size, n);
      size_text = g_strdup_printf ("%u", size);
      after_cursor = encode_cursor ('p', end);
      before_cursor = encode_cursor ('p', start);
      if (end < n)
        next = build_url (request, path, "page[size]", size_text, "page[after]", after_cursor,
                          "include", param (request, "include"), NULL);

      w_key (out, "meta");
      g_string_append_c (out, '{');
      w_bool (out, "has_more", end < n);
      w_string (out, "after_cursor", after_cursor);
      w_string (out, "before_cursor", before_cursor);
      g_string_append_c (out, '}');
      w_key (out, "links");
      g_string_append_c (out, '{');
      w_string (out, "next", next);
      w_null (out, "prev");
      g_string_append_c (out, '}');
    }
  else
    {
      const char *page_text = param (request, "page");
      g_autofree char *per_text = NULL;
      g_autofree char *next = NULL;
      g_autofree char *previous = NULL;
      guint64 page = 1;
      guint per_page;

      if (!param_size (request, "per_page", default_size, 100, &per_page))
        return;
      if (page_text != NULL && !g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXUINT32, &page, NULL))
        {
          fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidPaginationParameter",
                "page must be a positive number");
          return;
        }

      start = (guint) MIN ((page - 1) * per_page, (guint64) n);
      end = MIN (start + per_page, n);
      per_text = g_strdup_printf ("%u", per_page);

      if (end < n)
        {
          g_autofree char *next_text = g_strdup_printf ("%" G_GUINT64_FORMAT, page + 1);

          next = build_url (request, path, "page", next_text, "per_page", per_text,
                            "include", param (request, "include"), NULL);
        }
      if (page > 1 && start > 0)
        {
          g_autofree char *prev_text = g_strdup_printf ("%" G_GUINT64_FORMAT, page - 1);

          previous = build_url (request, path, "page", prev_text, "per_page", per_text,
                                "include", param (request, "include"), NULL);
        }

      w_string (out, "next_page", next);
      w_string (out, "previous_page", previous);
      w_int (out, "count", n);
      w_int (out, "page", (gint64) page);
      w_int (out, "per_page", per_page);
      w_int (out, "page_count", (n + per_page - 1) / per_page);
    }

  w_key (out, name);
  g_string_append_c (out, '[');
  for (guint i = start; i < end; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      g_autofree char *text = to_text (request->self, item);

      w_item (out, text);
      if (sideload != NULL && TEND_IS_COMMENT (item))
        add_id (sideload->users, tend_comment_get_author_id (item));
    }
  g_string_append_c (out, ']');

  if (sideload != NULL)
    sideload_write (request->self, sideload, out,
                    param_has_word (request, "include", "users"), FALSE);
  g_string_append_c (out, '}');

  ok_raw (request, g_steal_pointer (&out));
}

static char *
cached_text (TendDemoServer *self,
             gpointer        item)
{
  return g_strdup (_tend_demo_server_json (self, item));
}

/* Tickets and comments */

static void
handle_ticket_show (TendDemoRequest *request,
                    gint64           id)
{
  TendTicket *ticket = lookup_live_ticket (request->self, id);
  JsonObject *response;

  if (ticket == NULL)
    {
      not_found (request);
      return;
    }

  response = json_object_new ();
  json_object_set_member (response, "ticket", tend_zendesk_ticket_to_json (ticket));
  ok (request, response);
}

static void
handle_ticket_comments (TendDemoRequest *request,
                        gint64           id)
{
  g_autofree char *path = NULL;
  Sideload sideload;

  if (lookup_live_ticket (request->self, id) == NULL)
    {
      not_found (request);
      return;
    }

  path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT "/comments.json", id);
  sideload_init (&sideload);
  paginate (request, path, "comments", ticket_comments (request->self, id), 100,
            cached_text, &sideload);
  sideload_clear (&sideload);
}

static JsonNode *
get_member_of_type (JsonObject *object,
                    const char *name,
                    GType       value_type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != value_type)
    return NULL;
  return node;
}

static char **
string_array_member (JsonObject *object,
                     const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GPtrArray) strings = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;

  strings = g_ptr_array_new_with_free_func (g_free);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      /* Zendesk also takes a space-separated string. */
      g_auto(GStrv) words = g_strsplit (json_node_get_string (node), " ", -1);

      for (guint i = 0; words[i] != NULL; i++)
        if (words[i][0] != '\0')
          g_ptr_array_add (strings, g_strdup (words[i]));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (strings, g_strdup (json_node_get_string (element)));
        }
    }
  g_ptr_array_add (strings, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&strings), FALSE);
}

static void
edit_tags (TendTicket  *ticket,
           char       **add,
           char       **remove)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  const char * const *current = tend_ticket_get_tags (ticket);

  for (guint i = 0; current[i] != NULL; i++)
    if (remove == NULL || !g_strv_contains ((const char * const *) remove, current[i]))
      g_ptr_array_add (tags, (gpointer) current[i]);

  for (guint i = 0; add != NULL && add[i] != NULL; i++)
    {
      gboolean present = FALSE;

      for (guint j = 0; j < tags->len && !present; j++)
        present = g_str_equal (g_ptr_array_index (tags, j), add[i]);
      if (!present)
        g_ptr_array_add (tags, add[i]);
    }
  g_ptr_array_add (tags, NULL);

  {
    /* The new list points into the old one: copy before setting. */
    g_auto(GStrv) copy = g_strdupv ((char **) tags->pdata);

    tend_ticket_set_tags (ticket, (const char * const *) copy);
  }
}

static char *
strip_tags (const char *html)
{
  GString *text = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = html; *p != '\0'; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* Members of an update that are not ticket fields, or not writable. */
static gboolean
is_update_only_member (const char *name)
{
  static const char * const names[] = {
    "id", "url", "created_at", "updated_at", "comment", "safe_update",
    "updated_stamp", "additional_tags", "remove_tags",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}

static JsonObject *
make_audit (TendTicket  *ticket,
            TendComment *comment,
            gint64       author_id,
            gint64       when)
{
  JsonObject *audit = json_object_new ();
  JsonArray *events = json_array_new ();
  g_autofree char *created = tend_zendesk_format_time (when);

  json_object_set_int_member (audit, "id", comment != NULL ? tend_comment_get_id (comment) : when);
  json_object_set_int_member (audit, "ticket_id", tend_ticket_get_id (ticket));
  json_object_set_string_member (audit, "created_at", created);
  json_object_set_int_member (audit, "author_id", author_id);
  if (comment != NULL)
    {
      JsonNode *event = tend_zendesk_comment_to_json (comment);

      json_object_set_string_member (json_node_get_object (event), "type", "Comment");
      json_array_add_element (events, event);
    }
  json_object_set_array_member (audit, "events", events);

  return audit;
}

static void
handle_ticket_update (TendDemoRequest *request,
                      gint64           id)
{
  TendDemoServer *self = request->self;
  TendTicket *old = lookup_live_ticket (self, id);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(TendComment) comment = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) add_tags = NULL;
  g_auto(GStrv) remove_tags = NULL;
  JsonObject *changes;
  JsonObject *merged_object;
  JsonObject *response;
  JsonNode *node;
  GList *members;
  gint64 when;

  if (old == NULL)
    {
      not_found (request);
      return;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   (gssize) g_bytes_get_size (bytes), &error) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidJSON",
            error != NULL ? error->message : "The body must be a JSON object");
      return;
    }

  node = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "ticket");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidValue", "The body needs a \"ticket\" object");
      return;
    }
  changes = json_node_get_object (node);

  node = get_member_of_type (changes, "safe_update", G_TYPE_BOOLEAN);
  if (node != NULL && json_node_get_boolean (node))
    {
      JsonNode *stamp_node = get_member_of_type (changes, "updated_stamp", G_TYPE_STRING);
      gint64 stamp;

      if (stamp_node == NULL || !tend_zendesk_parse_time (json_node_get_string (stamp_node), &stamp))
        {
          fail (request, 422, "RecordInvalid",
                "updated_stamp (ISO 8601) is required with safe_update");
          return;
        }

      if (stamp != tend_ticket_get_updated_at (old))
        {
          fail (request, SOUP_STATUS_CONFLICT, "UpdateConflict",
                "Safe Update prevented the update due to outdated ticket data. "
                "Please fetch the latest ticket data and try again.");
          return;
        }
    }

  /* A partial update: the ticket as it is, with what the request names
   * laid over it, read back through the same mapping as everything else. */
  merged = tend_zendesk_ticket_to_json (old);
  merged_object = json_node_get_object (merged);
  members = json_object_get_members (changes);
  for (GList *l = members; l != NULL; l = l->next)
    if (!is_update_only_member (l->data))
      json_object_set_member (merged_object, l->data,
                              json_node_copy (json_object_get_member (changes, l->data)));
  g_list_free (members);

  ticket = tend_zendesk_ticket_from_json (merged_object, &error);
  if (ticket == NULL)
    {
      fail (request, 422, "RecordInvalid", error->message);
      return;
    }
  if (tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED)
    {
      fail (request, 422, "RecordInvalid", "Use DELETE to delete a ticket");
      return;
    }
  tend_ticket_set_id (ticket, id);
  tend_ticket_set_created_at (ticket, tend_ticket_get_created_at (old));

  add_tags = string_array_member (changes, "additional_tags");
  remove_tags = string_array_member (changes, "remove_tags");
  if (add_tags != NULL || remove_tags != NULL)
    edit_tags (ticket, add_tags, remove_tags);

  node = json_object_get_member (changes, "comment");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonNode) copy = json_node_copy (node);
      JsonObject *object = json_node_get_object (copy);
      JsonNode *author_node;
      gint64 author_id = self->me_id;

      /* Parsed with a placeholder id: the real one is taken only once the
       * update is known to succeed. */
      json_object_set_int_member (object, "id", 1);
      comment = tend_zendesk_comment_from_json (object, id, &error);
      if (comment == NULL)
        {
          fail (request, 422, "RecordInvalid", error->message);
          return;
        }

      if (tend_comment_get_body (comment) == NULL || tend_comment_get_body (comment)[0] == '\0')
        {
          if (tend_comment_get_html_body (comment) != NULL)
            {
              g_autofree char *text = strip_tags (tend_comment_get_html_body (comment));

              tend_comment_set_body (comment, text);
            }
        }
      if (is_blank (tend_comment_get_body (comment)))
        {
          fail (request, 422, "RecordInvalid", "Comment: body can't be blank");
          return;
        }

      author_node = get_member_of_type (object, "author_id", G_TYPE_INT64);
      if (author_node != NULL)
        {
          gint64 wanted = json_node_get_int (author_node);

          if (g_hash_table_contains (self->users, &wanted))
            author_id = wanted;
        }
      tend_comment_set_author_id (comment, author_id);

      /* Zendesk's default for a comment without "public" is public. */
      if (get_member_of_type (object, "public", G_TYPE_BOOLEAN) == NULL)
        tend_comment_set_public (comment, TRUE);

      if (tend_comment_get_html_body (comment) == NULL)
        {
          g_autofree char *html = _tend_demo_html_from_text (tend_comment_get_body (comment));

          tend_comment_set_html_body (comment, html);
        }

      /* An agent answering a new ticket opens it, as in Zendesk. */
      if (!json_object_has_member (changes, "status") &&
          tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_NEW)
        tend_ticket_set_status (ticket, TEND_TICKET_STATUS_OPEN);
    }
  else if (node != NULL)
    {
      fail (request, 422, "RecordInvalid", "comment must be an object");
      return;
    }

  /* Strictly later than before, so a stale stamp is always caught even
   * when two updates land in the same second. */
  when = _tend_demo_server_next_time (self, tend_ticket_get_updated_at (old) + 1);
  tend_ticket_set_updated_at (ticket, when);
  if (comment != NULL)
    {
      tend_comment_set_id (comment, _tend_demo_server_new_comment_id (self));
      tend_comment_set_created_at (comment, when);
    }

  if (!_tend_demo_server_commit_ticket (self, ticket, comment, &error))
    {
      fail (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "InternalServerError", error->message);
      return;
    }

  response = json_object_new ();
  json_object_set_member (response, "ticket", tend_zendesk_ticket_to_json (ticket));
  json_object_set_object_member (response, "audit",
                                 make_audit (ticket, comment, self->me_id, when));
  ok (request, response);
}

static void
handle_ticket_delete (TendDemoRequest *request,
                      gint64           id)
{
  g_autoptr(GError) error = NULL;

  if (!_tend_demo_server_delete_ticket (request->self, id, &error))
    {
      if (g_error_matches (error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
        not_found (request);
      else
        fail (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "InternalServerError", error->message);
      return;
    }

  request->status = SOUP_STATUS_NO_CONTENT;
  g_clear_pointer (&request->body, json_node_unref);
}

/* Help Center */

static void
handle_article_search (TendDemoRequest *request)
{
  TendDemoServer *self = request->self;
  const char *text = param (request, "query");
  g_autoptr(TendQuery) query = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *response;
  JsonArray *results;
  const char *page_text = param (request, "page");
  guint64 page = 1;
  guint per_page;
  guint start;
  guint end;

  if (text == NULL || text[0] == '\0')
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidValue", "query is required");
      return;
    }
  if (!param_size (request, "per_page", 25, 100, &per_page))
    return;
  if (page_text != NULL && !g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXUINT32, &page, NULL))
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidPaginationParameter", "page must be a positive number");
      return;
    }

  query = tend_query_parse (text, &error);
  if (query == NULL)
    {
      fail (request, SOUP_STATUS_BAD_REQUEST, "InvalidValue", error->message);
      return;
    }

  found = tend_store_search_articles (self->store, query, 1000, &error);
  if (found == NULL)
    {
      fail (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "InternalServerError", error->message);
      return;
    }

  start = (guint) MIN ((page - 1) * per_page, (guint64) found->len);
  end = MIN (start + per_page, found->len);

  results = json_array_new ();
  for (guint i = start; i < end; i++)
    {
      JsonNode *node = tend_zendesk_article_to_json (g_ptr_array_index (found, i));

      json_object_set_string_member (json_node_get_object (node), "result_type", "article");
      json_array_add_element (results, node);
    }

  response = json_object_new ();
  json_object_set_array_member (response, "results", results);
  json_object_set_int_member (response, "count", found->len);
  json_object_set_int_member (response, "page", (gint64) page);
  json_object_set_int_member (response, "per_page", per_page);
  json_object_set_int_member (response, "page_count", (found->len + per_page - 1) / per_page);
  if (end < found->len)
    {
      g_autofree char *next_text = g_strdup_printf ("%" G_GUINT64_FORMAT, page + 1);
      g_autofree char *per_text = g_strdup_printf ("%u", per_page);
      g_autofree char *url = build_url (request, "/api/v2/help_center/articles/search.json",
                                        "query", text, "page", next_text, "per_page", per_text, NULL);

      json_object_set_string_member (response, "next_page", url);
    }
  else
    json_object_set_null_member (response, "next_page");
  json_object_set_null_member (response, "previous_page");

  ok (request, response);
}

static void
handle_article (TendDemoRequest *request,
                const char      *id_text)
{
  JsonObject *response;
  gint64 id;

  if (!parse_id (id_text, &id))
    {
      not_found (request);
      return;
    }

  for (guint i = 0; i < request->self->articles->len; i++)
    {
      TendArticle *article = g_ptr_array_index (request->self->articles, i);

      if (tend_article_get_id (article) == id)
        {
          response = json_object_new ();
          json_object_set_member (response, "article", tend_zendesk_article_to_json (article));
          ok (request, response);
          return;
        }
    }

  not_found (request);
}

/* Deleting an article or a macro, as an admin would on the helpdesk: its
 * next listing lacks it, which is how a client learns of the deletion. */
static void
handle_list_delete (TendDemoRequest *request,
                    GPtrArray       *items,
                    gboolean         articles,
                    const char      *id_text)
{
  TendDemoServer *self = request->self;
  gint64 id;

  if (!parse_id (id_text, &id))
    {
      not_found (request);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      gint64 item_id = articles ? tend_article_get_id (item) : tend_macro_get_id (item);

      if (item_id != id)
        continue;

      g_hash_table_remove (self->json_cache, item);
      g_ptr_array_remove_index (items, i);

      /* The remote search reads the server's own store. */
      if (articles)
        {
          g_autoptr(GArray) keep = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_autoptr(GError) error = NULL;

          for (guint j = 0; j < items->len; j++)
            {
              gint64 kept = tend_article_get_id (g_ptr_array_index (items, j));

              g_array_append_val (keep, kept);
            }
          if (!tend_store_retain_articles (self->store, keep, NULL, &error))
            {
              fail (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "InternalServerError", error->message);
              return;
            }
        }

      request->status = SOUP_STATUS_NO_CONTENT;
      g_clear_pointer (&request->body, json_node_unref);
      return;
    }

  not_found (request);
}

/* Groups: the generated tickets' groups (tend_generator_get_group()). */
static char *
group_to_text (TendDemoServer *self,
               gpointer        item)
{
  guint index = GPOINTER_TO_UINT (item) - 1;
  JsonObject *group = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  gint64 id = 0;
  const char *name = NULL;

  tend_generator_get_group (index, &id, &name);
  json_object_set_int_member (group, "id", id);
  json_object_set_string_member (group, "name", name);
  json_object_set_string_member (group, "description", "");
  json_object_set_boolean_member (group, "default", index == 0);
  json_object_set_boolean_member (group, "deleted", FALSE);
  json_object_set_string_member (group, "created_at", "2020-01-01T00:00:00Z");
  json_object_set_string_member (group, "updated_at", "2020-01-01T00:00:00Z");

  node = object_node (group);
  return json_to_string (node, FALSE);
}

static void
handle_groups (TendDemoRequest *request)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();

  /* Indices + 1, so that no item is NULL. */
  for (guint i = 0; tend_generator_get_group (i, NULL, NULL); i++)
    g_ptr_array_add (groups, GUINT_TO_POINTER (i + 1));

  /* Pages of 3 when the client does not say: a short list still pages. */
  paginate (request, "/api/v2/groups.json", "groups", groups, 3, group_to_text, NULL);
}

/* Macros and views */

static void
handle_macros (TendDemoRequest *request,
               gboolean         active_only)
{
  g_autoptr(GPtrArray) macros = g_ptr_array_new ();

  for (guint i = 0; i < request->self->macros->len; i++)
    {
      TendMacro *macro = g_ptr_array_index (request->self->macros, i);

      if (!active_only || tend_macro_get_active (macro))
        g_ptr_array_add (macros, macro);
    }

  paginate (request, active_only ? "/api/v2/macros/active.json" : "/api/v2/macros.json",
            "macros", macros, 100, cached_text, NULL);
}

/* Tend has no model for views (its inbox views are its own), so the
 * demo's are written here, shaped like Zendesk's default shared views. */
static const struct
{
  gint64      id;
  const char *title;
  const char *conditions;   /* JSON of "conditions" */
} demo_views[] = {
  { 360000100001, "Your unsolved tickets",
    "{\"all\":[{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"solved\"},"
    "{\"field\":\"assignee_id\",\"operator\":\"is\",\"value\":\"current_user\"}],\"any\":[]}" },
  { 360000100002, "Unassigned tickets",
    "{\"all\":[{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"solved\"},"
    "{\"field\":\"assignee_id\",\"operator\":\"is\",\"value\":\"\"}],\"any\":[]}" },
  { 360000100003, "All unsolved tickets",
    "{\"all\":[{\"field\":\"status\",\"operator\":\"less_than\",\"value\":\"solved\"}],\"any\":[]}" },
  { 360000100004, "Recently updated tickets",
    "{\"all\":[{\"field\":\"UPDATE\",\"operator\":\"less_than\",\"value\":\"24\"}],\"any\":[]}" },
  { 360000100005, "Pending tickets",
    "{\"all\":[{\"field\":\"status\",\"operator\":\"is\",\"value\":\"pending\"}],\"any\":[]}" },
  { 360000100006, "Recently solved tickets",
    "{\"all\":[{\"field\":\"status\",\"operator\":\"greater_than\",\"value\":\"pending\"},"
    "{\"field\":\"SOLVED\",\"operator\":\"less_than\",\"value\":\"168\"}],\"any\":[]}" },
};

static char *
view_to_text (TendDemoServer *self,
              gpointer        item)
{
  guint index = GPOINTER_TO_UINT (item) - 1;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *view = json_object_new ();
  JsonObject *execution = json_object_new ();
  JsonArray *columns = json_array_new ();
  static const char * const column_ids[] = { "status", "subject", "requester", "updated", "assignee" };
  g_autoptr(JsonNode) node = NULL;

  json_object_set_int_member (view, "id", demo_views[index].id);
  json_object_set_string_member (view, "title", demo_views[index].title);
  json_object_set_boolean_member (view, "active", TRUE);
  json_object_set_int_member (view, "position", index);
  json_object_set_boolean_member (view, "default", TRUE);
  json_object_set_null_member (view, "restriction");
  json_object_set_string_member (view, "created_at", "2020-01-01T00:00:00Z");
  json_object_set_string_member (view, "updated_at", "2020-01-01T00:00:00Z");

  if (json_parser_load_from_data (parser, demo_views[index].conditions, -1, NULL))
    json_object_set_member (view, "conditions", json_node_copy (json_parser_get_root (parser)));

  for (guint i = 0; i < G_N_ELEMENTS (column_ids); i++)
    {
      JsonObject *column = json_object_new ();

      json_object_set_string_member (column, "id", column_ids[i]);
      json_array_add_object_element (columns, column);
    }
  json_object_set_array_member (execution, "columns", columns);
  json_object_set_string_member (execution, "sort_by", "updated");
  json_object_set_string_member (execution, "sort_order", "desc");
  json_object_set_object_member (view, "execution", execution);

  node = object_node (view);
  return json_to_string (node, FALSE);
}

static void
handle_views (TendDemoRequest *request,
              gboolean         active_only)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  /* Indices + 1, so that no item is NULL. */
  for (guint i = 0; i < G_N_ELEMENTS (demo_views); i++)
    g_ptr_array_add (views, GUINT_TO_POINTER (i + 1));

  paginate (request, active_only ? "/api/v2/views/active.json" : "/api/v2/views.json",
            "views", views, 100, view_to_text, NULL);
}

/* Routing */

static gboolean
is (TendDemoRequest *request,
    guint            index,
    const char      *part)
{
  return index < request->n_parts && g_str_equal (request->parts[index], part);
}

static gboolean
method_is (TendDemoRequest *request,
           const char      *method)
{
  if (g_str_equal (request->method, method))
    return TRUE;

  fail (request, SOUP_STATUS_METHOD_NOT_ALLOWED, "MethodNotAllowed",
        "This endpoint does not take that method");
  return FALSE;
}

void
_tend_demo_api_handle (TendDemoRequest *request)
{
  guint n = request->n_parts;
  gint64 id;

  request->status = SOUP_STATUS_NOT_FOUND;

  if (is (request, 0, "users") && n == 2)
    {
      if (!method_is (request, "GET"))
        return;
      if (is (request, 1, "me"))
        handle_users_me (request);
      else if (is (request, 1, "show_many"))
        handle_users_show_many (request);
      else
        handle_user (request, request->parts[1]);
    }
  else if (is (request, 0, "organizations") && n == 2)
    {
      if (!method_is (request, "GET"))
        return;
      if (is (request, 1, "show_many"))
        handle_organizations_show_many (request);
      else
        handle_organization (request, request->parts[1]);
    }
  else if (is (request, 0, "incremental") && n == 3 && is (request, 1, "tickets") && is (request, 2, "cursor"))
    {
      if (method_is (request, "GET"))
        handle_incremental_tickets (request);
    }
  else if (is (request, 0, "incremental") && n == 2 && is (request, 1, "ticket_events"))
    {
      if (method_is (request, "GET"))
        handle_ticket_events (request);
    }
  else if (is (request, 0, "search") && n == 2 && is (request, 1, "export"))
    {
      if (method_is (request, "GET"))
        handle_search_export (request);
    }
  else if (is (request, 0, "tickets") && (n == 2 || n == 3) && parse_id (request->parts[1], &id))
    {
      if (n == 3)
        {
          if (!is (request, 2, "comments"))
            return;
          if (method_is (request, "GET"))
            handle_ticket_comments (request, id);
        }
      else if (g_str_equal (request->method, "GET"))
        handle_ticket_show (request, id);
      else if (g_str_equal (request->method, "PUT"))
        handle_ticket_update (request, id);
      else if (g_str_equal (request->method, "DELETE"))
        handle_ticket_delete (request, id);
      else
        method_is (request, "GET");
    }
  else if (is (request, 0, "help_center"))
    {
      guint base = 1;

      /* /help_center/en-us/articles is the same list. */
      if (n > 2 && !is (request, 1, "articles"))
        base = 2;

      if (!is (request, base, "articles"))
        return;
      if (n == base + 2 && g_str_equal (request->method, "DELETE"))
        {
          handle_list_delete (request, request->self->articles, TRUE, request->parts[base + 1]);
          return;
        }
      if (!method_is (request, "GET"))
        return;

      if (n == base + 1)
        {
          paginate (request, "/api/v2/help_center/articles.json", "articles",
                    request->self->articles, 30, cached_text, NULL);
        }
      else if (n == base + 2 && is (request, base + 1, "search"))
        handle_article_search (request);
      else if (n == base + 2)
        handle_article (request, request->parts[base + 1]);
    }
  else if (is (request, 0, "macros") && (n == 1 || (n == 2 && is (request, 1, "active"))))
    {
      if (method_is (request, "GET"))
        handle_macros (request, n == 2);
    }
  else if (is (request, 0, "macros") && n == 2 && g_str_equal (request->method, "DELETE"))
    handle_list_delete (request, request->self->macros, FALSE, request->parts[1]);
  else if (is (request, 0, "groups") && n == 1)
    {
      if (method_is (request, "GET"))
        handle_groups (request);
    }
  else if (is (request, 0, "views") && (n == 1 || (n == 2 && is (request, 1, "active"))))
    {
      if (method_is (request, "GET"))
        handle_views (request, n == 2);
    }
}
