/* tend-zendesk-backend.c: TendBackend for Zendesk Support
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-zendesk-backend"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-article.h"
#include "tend-comment.h"
#include "tend-json.h"
#include "tend-macro.h"
#include "tend-organization.h"
#include "tend-ticket.h"
#include "tend-user.h"
#include "tend-zendesk-backend.h"
#include "tend-zendesk-json.h"

/* Search results lag behind changes by up to a minute or two; the export
 * query for the next sync starts this much before the newest change seen. */
#define EXPORT_OVERLAP_SECONDS  300
/* Bounds on lists a server might make endless. */
#define MAX_SEEN_ENTRIES        5000
#define MAX_PAGES_PER_LIST      1000
#define SHOW_MANY_CHUNK         100

struct _TendZendeskBackend
{
  GObject   parent_instance;

  TendHttp *http;
  gboolean  force_agent_path;
  /* -1 until who_am_i has run; then whether the incremental exports are
   * open to us. Only touched from the thread running the sync. */
  int       admin_path;
};

static void tend_zendesk_backend_iface_init (TendBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TendZendeskBackend, tend_zendesk_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TEND_TYPE_BACKEND,
                                                      tend_zendesk_backend_iface_init))

static void
tend_zendesk_backend_finalize (GObject *object)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (object);

  g_clear_object (&self->http);

  G_OBJECT_CLASS (tend_zendesk_backend_parent_class)->finalize (object);
}

static void
tend_zendesk_backend_class_init (TendZendeskBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_zendesk_backend_finalize;
}

static void
tend_zendesk_backend_init (TendZendeskBackend *self)
{
  self->admin_path = -1;
}

TendZendeskBackend *
tend_zendesk_backend_new (const char  *base_url,
                          const char  *email,
                          const char  *api_token,
                          GError     **error)
{
  g_autoptr(TendZendeskBackend) self = NULL;
  TendHttp *http;

  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (api_token != NULL, NULL);

  http = tend_http_new (base_url, error);
  if (http == NULL)
    return NULL;
  tend_http_set_api_token (http, email, api_token);

  self = g_object_new (TEND_TYPE_ZENDESK_BACKEND, NULL);
  self->http = http;
  return g_steal_pointer (&self);
}

TendHttp *
tend_zendesk_backend_get_http (TendZendeskBackend *self)
{
  g_return_val_if_fail (TEND_IS_ZENDESK_BACKEND (self), NULL);

  return self->http;
}

void
tend_zendesk_backend_set_force_agent_path (TendZendeskBackend *self,
                                           gboolean            force)
{
  g_return_if_fail (TEND_IS_ZENDESK_BACKEND (self));

  self->force_agent_path = !!force;
  self->admin_path = -1;
}

gboolean
tend_zendesk_backend_get_is_admin_path (TendZendeskBackend *self)
{
  g_return_val_if_fail (TEND_IS_ZENDESK_BACKEND (self), FALSE);

  return self->admin_path == 1;
}

/* Reading answers */

static JsonObject *
root_object (JsonNode    *root,
             const char  *what,
             GError     **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("The server's answer for %s is not a JSON object"), what);
      return NULL;
    }
  return json_node_get_object (root);
}

/* The array @name of an answer: NULL (and an error) when @required and
 * missing or of another type; NULL without error when optional and absent. */
static JsonArray *
member_array (JsonObject  *object,
              const char  *name,
              gboolean     required,
              const char  *what,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);

  if (required || (node != NULL && !JSON_NODE_HOLDS_NULL (node)))
    g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                 _("The server's answer for %s has no list “%s”"), what, name);
  return NULL;
}

/* The required list @key of an answer, and the answer's object in
 * @object; NULL (and an error) when either is missing. */
static JsonArray *
answer_list (JsonNode     *root,
             const char   *key,
             const char   *what,
             JsonObject  **object,
             GError      **error)
{
  *object = root_object (root, what, error);
  if (*object == NULL)
    return NULL;
  return member_array (*object, key, TRUE, what, error);
}

/* GETs @path and returns the list @key of the answer, as answer_list()
 * does; @root keeps the answer alive. */
static JsonArray *
get_list (TendZendeskBackend  *self,
          const char          *path,
          const char          *key,
          const char          *what,
          JsonNode           **root,
          JsonObject         **object,
          GCancellable        *cancellable,
          GError             **error)
{
  *root = tend_http_get_json (self->http, path, cancellable, error);
  if (*root == NULL)
    return NULL;
  return answer_list (*root, key, what, object, error);
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d >= -9.2e18 && d <= 9.2e18)
        {
          *value = (gint64) d;
          return TRUE;
        }
    }
  return FALSE;
}

typedef gpointer (*ParseFunc) (JsonObject *object, GError **error);

/* Models from an array of objects. Elements that are not objects or that
 * the mapping refuses (no id) are skipped: one broken record must not
 * block the stream behind it forever. */
static void
parse_array (JsonArray  *array,
             ParseFunc   parse,
             const char *what,
             GPtrArray  *out)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) error = NULL;
      gpointer model;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_debug ("Skipping a %s that is not an object", what);
          continue;
        }
      model = parse (json_node_get_object (element), &error);
      if (model == NULL)
        {
          g_debug ("Skipping a %s: %s", what, error->message);
          continue;
        }
      g_ptr_array_add (out, model);
    }
}

static void
add_sideloads (JsonObject    *object,
               TendChangeset *changes)
{
  JsonArray *users = member_array (object, "users", FALSE, "users", NULL);
  JsonArray *organizations = member_array (object, "organizations", FALSE, "organizations", NULL);

  if (users != NULL)
    parse_array (users, (ParseFunc) tend_zendesk_user_from_json, "user", changes->users);
  if (organizations != NULL)
    parse_array (organizations, (ParseFunc) tend_zendesk_organization_from_json,
                 "organization", changes->organizations);
}

/* Adds tickets, the deleted ones as deletions. A ticket listed twice in a
 * page counts as its last listing. */
static void
add_tickets (GPtrArray     *tickets,
             TendChangeset *changes)
{
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                      g_free, NULL);

  for (guint i = 0; i < tickets->len; i++)
    {
      TendTicket *ticket = g_ptr_array_index (tickets, i);
      gint64 *id = g_new (gint64, 1);

      *id = tend_ticket_get_id (ticket);
      g_hash_table_insert (last, id, GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < tickets->len; i++)
    {
      TendTicket *ticket = g_ptr_array_index (tickets, i);
      gint64 id = tend_ticket_get_id (ticket);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (last, &id)) != i + 1)
        continue;

      if (tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED)
        tend_changeset_delete_ticket (changes, id);
      else
        tend_changeset_add_ticket (changes, ticket);
    }
}

/* Cursors: our own JSON objects, opaque to the sync. Zendesk's cursors
 * inside them are opaque too and are URL-encoded when sent. */

static JsonObject *
cursor_parse (const char *cursor)
{
  g_autoptr(JsonNode) node = NULL;

  if (cursor == NULL || cursor[0] == '\0')
    return NULL;
  node = json_from_string (cursor, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static char *
cursor_to_string (JsonObject *cursor)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, cursor);
  return json_to_string (node, FALSE);
}

static gboolean
cursor_is_mode (JsonObject *cursor,
                const char *mode)
{
  return cursor != NULL && g_strcmp0 (_tend_json_get_string (cursor, "mode"), mode) == 0;
}

static char *
escape (const char *value)
{
  return g_uri_escape_string (value, NULL, FALSE);
}

/* Who am I */

static gboolean
ensure_role (TendZendeskBackend  *self,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(TendUser) me = NULL;

  if (self->admin_path >= 0)
    return TRUE;
  me = tend_backend_who_am_i (TEND_BACKEND (self), cancellable, error);
  return me != NULL;
}

static TendUser *
tend_zendesk_backend_who_am_i (TendBackend   *backend,
                               GCancellable  *cancellable,
                               GError       **error)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TendUser) me = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonObject *user;

  root = tend_http_get_json (self->http, "/api/v2/users/me.json", cancellable, error);
  if (root == NULL)
    return NULL;

  object = root_object (root, "the current user", error);
  if (object == NULL)
    return NULL;
  user = _tend_json_get_object (object, "user");
  if (user == NULL)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The server's answer for the current user has no “user”"));
      return NULL;
    }

  /* Zendesk answers /users/me without credentials with an anonymous user
   * whose id is null. */
  me = tend_zendesk_user_from_json (user, &local_error);
  if (me == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                   _("%s did not recognize the email address and API token"),
                   tend_http_get_base_url (self->http));
      return NULL;
    }

  if (tend_user_get_role (me) == TEND_USER_ROLE_END_USER)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                   _("%s is not an agent on this helpdesk; Tend needs an agent or admin account"),
                   tend_user_get_email (me) != NULL ? tend_user_get_email (me) : _("This account"));
      return NULL;
    }

  self->admin_path = tend_user_get_role (me) == TEND_USER_ROLE_ADMIN && !self->force_agent_path;
  g_debug ("Signed in as user %" G_GINT64_FORMAT " (%s path)",
           tend_user_get_id (me), self->admin_path ? "admin" : "agent");

  return g_steal_pointer (&me);
}

static TendBackendCommentMode
tend_zendesk_backend_get_comment_mode (TendBackend *backend)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);

  return self->admin_path == 1 ? TEND_BACKEND_COMMENTS_STREAM
                               : TEND_BACKEND_COMMENTS_PER_TICKET;
}

/* Tickets, admins: the cursor-based incremental export */

static gboolean
pull_tickets_incremental (TendZendeskBackend  *self,
                          JsonObject          *cursor,
                          TendChangeset       *changes,
                          char               **next_cursor,
                          gboolean            *end_of_stream,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) next = NULL;
  g_autofree char *path = NULL;
  const char *zendesk_cursor = NULL;
  const char *after_cursor;
  JsonObject *object;
  JsonArray *array;
  gint64 start_time = 0;

  if (cursor_is_mode (cursor, "incremental"))
    zendesk_cursor = _tend_json_get_string (cursor, "cursor");
  if (cursor != NULL && !member_int (cursor, "start_time", &start_time))
    start_time = 0;

  if (zendesk_cursor != NULL)
    {
      g_autofree char *escaped = escape (zendesk_cursor);

      path = g_strdup_printf ("/api/v2/incremental/tickets/cursor.json?cursor=%s"
                              "&include=users%%2Corganizations", escaped);
    }
  else
    path = g_strdup_printf ("/api/v2/incremental/tickets/cursor.json?start_time=%" G_GINT64_FORMAT
                            "&include=users%%2Corganizations", MAX (start_time, 0));

  array = get_list (self, path, "tickets", "the ticket export", &root, &object, cancellable, error);
  if (array == NULL)
    return FALSE;

  parse_array (array, (ParseFunc) tend_zendesk_ticket_from_json, "ticket", tickets);
  add_tickets (tickets, changes);
  add_sideloads (object, changes);

  *end_of_stream = _tend_json_get_boolean (object, "end_of_stream", FALSE);
  after_cursor = _tend_json_get_string (object, "after_cursor");
  if (after_cursor == NULL || after_cursor[0] == '\0')
    {
      if (!*end_of_stream)
        {
          g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                               _("The ticket export has more pages but gave no cursor to them"));
          return FALSE;
        }
      /* At the end without a new cursor: come back to the same place. */
      after_cursor = zendesk_cursor;
    }

  next = json_object_new ();
  json_object_set_string_member (next, "mode", "incremental");
  if (after_cursor != NULL)
    json_object_set_string_member (next, "cursor", after_cursor);
  else
    json_object_set_int_member (next, "start_time", start_time);
  *next_cursor = cursor_to_string (next);
  return TRUE;
}

/* Tickets, other agents: the search export.
 *
 * The export cursor records the query's lower bound ("since"), the newest
 * updated_at seen so far ("high"), Zendesk's page cursor ("after") while a
 * query is under way, the tickets of the overlap window seen in this pass
 * ("seen": id → updated_at) and those of the previous pass ("skip"), which
 * are not handed out again unless they changed. */

static JsonObject *
copy_int_map (JsonObject *cursor,
              const char *name)
{
  JsonObject *map = cursor != NULL ? _tend_json_get_object (cursor, name) : NULL;
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (map == NULL)
    return copy;
  json_object_iter_init_ordered (&iter, map);
  while (json_object_iter_next_ordered (&iter, &key, &node))
    {
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        json_object_set_int_member (copy, key, json_node_get_int (node));
    }
  return copy;
}

static void
prune_int_map (JsonObject *map,
               gint64      min_value)
{
  g_autoptr(GList) members = json_object_get_members (map);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (json_object_get_int_member (map, l->data) < min_value)
        json_object_remove_member (map, l->data);
    }

  /* A server that stamps thousands of tickets with one second must not
   * grow the cursor without bound; losing entries only costs refetches. */
  if (json_object_get_size (map) > MAX_SEEN_ENTRIES)
    {
      g_autoptr(GList) rest = json_object_get_members (map);
      guint excess = json_object_get_size (map) - MAX_SEEN_ENTRIES;

      for (GList *l = rest; l != NULL && excess > 0; l = l->next, excess--)
        json_object_remove_member (map, l->data);
    }
}

static JsonNode *
get_export_page (TendZendeskBackend  *self,
                 gint64               since,
                 const char          *after,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autofree char *since_text = tend_zendesk_format_time (MAX (since, 0));
  g_autofree char *query = g_strdup_printf ("updated>%s", since_text);
  g_autofree char *escaped_query = escape (query);
  g_autofree char *path = NULL;

  /* The type goes only in filter[type]: Zendesk's reference says a type:
   * term inside an export query is an error. */
  if (after != NULL)
    {
      g_autofree char *escaped_after = escape (after);

      path = g_strdup_printf ("/api/v2/search/export.json?query=%s"
                              "&filter%%5Btype%%5D=ticket&page%%5Bsize%%5D=100"
                              "&page%%5Bafter%%5D=%s", escaped_query, escaped_after);
    }
  else
    path = g_strdup_printf ("/api/v2/search/export.json?query=%s"
                            "&filter%%5Btype%%5D=ticket&page%%5Bsize%%5D=100",
                            escaped_query);

  return tend_http_get_json (self->http, path, cancellable, error);
}

static gboolean
pull_tickets_export (TendZendeskBackend  *self,
                     JsonObject          *cursor,
                     TendChangeset       *changes,
                     char               **next_cursor,
                     gboolean            *end_of_stream,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(JsonObject) seen = NULL;
  g_autoptr(JsonObject) skip = NULL;
  g_autoptr(JsonObject) next = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *after = NULL;
  const char *after_cursor;
  JsonObject *object;
  JsonObject *meta;
  JsonArray *array;
  gint64 since = 0;
  gint64 high = 0;

  if (cursor_is_mode (cursor, "export"))
    {
      member_int (cursor, "since", &since);
      member_int (cursor, "high", &high);
      after = _tend_json_get_string (cursor, "after");
    }
  else if (cursor != NULL)
    {
      /* Coming from the admin path (the role changed): start again from
       * the beginning of time; rows are upserted, nothing duplicates. */
      since = 0;
    }
  seen = copy_int_map (cursor_is_mode (cursor, "export") ? cursor : NULL, "seen");
  skip = copy_int_map (cursor_is_mode (cursor, "export") ? cursor : NULL, "skip");

  root = get_export_page (self, since, after, cancellable, &local_error);
  if (root == NULL && after != NULL &&
      (g_error_matches (local_error, TEND_ERROR, TEND_ERROR_FAILED) ||
       g_error_matches (local_error, TEND_ERROR, TEND_ERROR_NOT_FOUND)))
    {
      /* Export cursors expire after an hour (a sync interrupted and resumed
       * much later): run the query again from its start. */
      g_debug ("Search export cursor refused (%s); restarting the query", local_error->message);
      g_clear_error (&local_error);
      after = NULL;
      root = get_export_page (self, since, NULL, cancellable, &local_error);
    }
  if (root == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  array = answer_list (root, "results", "the ticket search export", &object, error);
  if (array == NULL)
    return FALSE;

  parse_array (array, (ParseFunc) tend_zendesk_ticket_from_json, "ticket", tickets);
  for (guint i = 0; i < tickets->len; i++)
    {
      TendTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, tend_ticket_get_id (ticket));
      gint64 updated_at = tend_ticket_get_updated_at (ticket);

      high = MAX (high, updated_at);
      json_object_set_int_member (seen, key, updated_at);

      /* Handed out by the previous pass and unchanged since. */
      if (json_object_has_member (skip, key) &&
          json_object_get_int_member (skip, key) == updated_at)
        continue;
      g_ptr_array_add (fresh, ticket);
    }
  add_tickets (fresh, changes);
  add_sideloads (object, changes);
  prune_int_map (seen, high - EXPORT_OVERLAP_SECONDS);

  meta = _tend_json_get_object (object, "meta");
  after_cursor = _tend_json_get_string (meta, "after_cursor");
  *end_of_stream = !_tend_json_get_boolean (meta, "has_more", FALSE);
  if (!*end_of_stream && (after_cursor == NULL || after_cursor[0] == '\0'))
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The ticket search export has more pages but gave no cursor to them"));
      return FALSE;
    }

  next = json_object_new ();
  json_object_set_string_member (next, "mode", "export");
  json_object_set_int_member (next, "high", high);
  if (!*end_of_stream)
    {
      json_object_set_int_member (next, "since", since);
      json_object_set_string_member (next, "after", after_cursor);
      json_object_set_object_member (next, "seen", g_steal_pointer (&seen));
      json_object_set_object_member (next, "skip", g_steal_pointer (&skip));
    }
  else
    {
      /* The next pass starts a little before the newest change seen and
       * skips what this pass already handed out from that window. */
      json_object_set_int_member (next, "since",
                                  high > 0 ? MAX (high - EXPORT_OVERLAP_SECONDS, since) : since);
      json_object_set_object_member (next, "skip", g_steal_pointer (&seen));
    }
  *next_cursor = cursor_to_string (next);
  return TRUE;
}

static gboolean
tend_zendesk_backend_pull_tickets (TendBackend    *backend,
                                   const char     *cursor,
                                   TendChangeset  *changes,
                                   char          **next_cursor,
                                   gboolean       *end_of_stream,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);
  g_autoptr(JsonObject) parsed = NULL;

  if (!ensure_role (self, cancellable, error))
    return FALSE;

  parsed = cursor_parse (cursor);
  if (self->admin_path == 1)
    return pull_tickets_incremental (self, parsed, changes, next_cursor, end_of_stream,
                                     cancellable, error);
  return pull_tickets_export (self, parsed, changes, next_cursor, end_of_stream,
                              cancellable, error);
}

/* Comments */

static gboolean
is_comment_event (JsonObject *event)
{
  const char *event_type = _tend_json_get_string (event, "event_type");

  if (event_type != NULL)
    return g_str_equal (event_type, "Comment") || g_str_equal (event_type, "VoiceComment");
  return g_strcmp0 (_tend_json_get_string (event, "type"), "Comment") == 0;
}

static gint64
event_time (JsonObject *event)
{
  const char *text = _tend_json_get_string (event, "created_at");
  gint64 t = 0;

  if (text != NULL && tend_zendesk_parse_time (text, &t))
    return t;
  if (member_int (event, "timestamp", &t))
    return t;
  return 0;
}

static gboolean
tend_zendesk_backend_pull_comments (TendBackend    *backend,
                                    const char     *cursor,
                                    TendChangeset  *changes,
                                    char          **next_cursor,
                                    gboolean       *end_of_stream,
                                    GCancellable   *cancellable,
                                    GError        **error)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);
  g_autoptr(JsonObject) parsed = NULL;
  g_autoptr(JsonObject) next = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  JsonObject *object;
  JsonArray *events;
  gint64 start_time = 0;
  gint64 end_time = 0;
  guint n;

  if (!ensure_role (self, cancellable, error))
    return FALSE;
  if (self->admin_path != 1)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_AUTH,
                           _("Only administrators can read the ticket events export"));
      return FALSE;
    }

  parsed = cursor_parse (cursor);
  if (parsed != NULL)
    member_int (parsed, "start_time", &start_time);

  path = g_strdup_printf ("/api/v2/incremental/ticket_events.json?start_time=%" G_GINT64_FORMAT
                          "&include=comment_events", MAX (start_time, 0));
  events = get_list (self, path, "ticket_events", "the ticket events export",
                     &root, &object, cancellable, error);
  if (events == NULL)
    return FALSE;

  n = json_array_get_length (events);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (events, i);
      JsonObject *event;
      JsonArray *children;
      gint64 ticket_id = 0;
      guint n_children;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      event = json_node_get_object (element);
      if (!member_int (event, "ticket_id", &ticket_id) || ticket_id <= 0)
        continue;
      children = member_array (event, "child_events", FALSE, "a ticket event", NULL);
      if (children == NULL)
        continue;

      n_children = json_array_get_length (children);
      for (guint j = 0; j < n_children; j++)
        {
          JsonNode *child_node = json_array_get_element (children, j);
          g_autoptr(TendComment) comment = NULL;
          g_autoptr(GError) local_error = NULL;
          JsonObject *child;

          if (!JSON_NODE_HOLDS_OBJECT (child_node))
            continue;
          child = json_node_get_object (child_node);
          if (!is_comment_event (child))
            continue;

          comment = tend_zendesk_comment_from_json (child, ticket_id, &local_error);
          if (comment == NULL)
            {
              g_debug ("Skipping a comment event: %s", local_error->message);
              continue;
            }
          if (tend_comment_get_created_at (comment) == 0)
            tend_comment_set_created_at (comment, event_time (event));
          tend_changeset_add_comment (changes, comment);
        }
    }

  *end_of_stream = _tend_json_get_boolean (object, "end_of_stream", FALSE);
  if (!member_int (object, "end_time", &end_time))
    {
      /* Older answers only carry the next page's address. */
      const char *next_page = _tend_json_get_string (object, "next_page");
      const char *p = next_page != NULL ? strstr (next_page, "start_time=") : NULL;
      guint64 parsed_time;

      if (p != NULL)
        {
          g_autofree char *digits = g_strndup (p + strlen ("start_time="),
                                               strspn (p + strlen ("start_time="), "0123456789"));

          if (g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &parsed_time, NULL))
            end_time = (gint64) parsed_time;
        }
    }

  if (end_time <= 0 && !*end_of_stream)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The ticket events export has more pages but did not say where they start"));
      return FALSE;
    }
  if (!*end_of_stream && end_time <= start_time && n > 0)
    {
      /* A time-based export that does not move would loop forever. */
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The ticket events export does not advance"));
      return FALSE;
    }

  next = json_object_new ();
  json_object_set_string_member (next, "mode", "events");
  json_object_set_int_member (next, "start_time", MAX (end_time, start_time));
  *next_cursor = cursor_to_string (next);
  return TRUE;
}

/* Where a cursor-paginated list continues: Zendesk's meta.after_cursor
 * when it has more, or (offset pagination) the next_page address. */
static char *
dup_next_page_path (JsonObject *object,
                    const char *base_path)
{
  JsonObject *meta = _tend_json_get_object (object, "meta");
  const char *next_page;

  if (meta != NULL && json_object_has_member (meta, "has_more"))
    {
      const char *after = _tend_json_get_string (meta, "after_cursor");
      g_autofree char *escaped = NULL;

      if (!_tend_json_get_boolean (meta, "has_more", FALSE) || after == NULL || after[0] == '\0')
        return NULL;
      escaped = escape (after);
      return g_strdup_printf ("%s%spage%%5Bsize%%5D=100&page%%5Bafter%%5D=%s",
                              base_path, strchr (base_path, '?') != NULL ? "&" : "?", escaped);
    }

  next_page = _tend_json_get_string (object, "next_page");
  if (next_page != NULL && next_page[0] != '\0')
    return g_strdup (next_page);
  return NULL;
}

static char *
first_page_path (const char *base_path)
{
  return g_strdup_printf ("%s%spage%%5Bsize%%5D=100", base_path,
                          strchr (base_path, '?') != NULL ? "&" : "?");
}

static gboolean
tend_zendesk_backend_pull_ticket_comments (TendBackend    *backend,
                                           gint64          ticket_id,
                                           TendChangeset  *changes,
                                           GCancellable   *cancellable,
                                           GError        **error)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);
  g_autofree char *base_path = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (ticket_id > 0, FALSE);

  base_path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT "/comments.json", ticket_id);
  path = first_page_path (base_path);

  for (guint page = 0; path != NULL; page++)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;
      JsonArray *array;
      guint n;

      if (page >= MAX_PAGES_PER_LIST)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                       _("Ticket %lld has more than %u pages of comments"),
                       (long long) ticket_id, MAX_PAGES_PER_LIST);
          return FALSE;
        }

      array = get_list (self, path, "comments", "a ticket's comments",
                        &root, &object, cancellable, error);
      if (array == NULL)
        return FALSE;

      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autoptr(TendComment) comment = NULL;
          g_autoptr(GError) local_error = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          comment = tend_zendesk_comment_from_json (json_node_get_object (element),
                                                    ticket_id, &local_error);
          if (comment == NULL)
            {
              g_debug ("Skipping a comment of ticket %" G_GINT64_FORMAT ": %s",
                       ticket_id, local_error->message);
              continue;
            }
          tend_changeset_add_comment (changes, comment);
        }
      add_sideloads (object, changes);

      g_free (path);
      path = dup_next_page_path (object, base_path);
    }

  return TRUE;
}

/* Users and organizations by id */

static gboolean
show_many (TendZendeskBackend  *self,
           const char          *kind,
           ParseFunc            parse,
           GPtrArray           *out,
           const gint64        *ids,
           guint                n_ids,
           GCancellable        *cancellable,
           GError             **error)
{
  for (guint start = 0; start < n_ids; start += SHOW_MANY_CHUNK)
    {
      g_autoptr(GString) path = g_string_new (NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;
      JsonArray *array;

      g_string_printf (path, "/api/v2/%s/show_many.json?ids=", kind);
      for (guint i = start; i < n_ids && i < start + SHOW_MANY_CHUNK; i++)
        g_string_append_printf (path, "%s%" G_GINT64_FORMAT, i > start ? "%2C" : "", ids[i]);

      array = get_list (self, path->str, kind, kind, &root, &object, cancellable, error);
      if (array == NULL)
        return FALSE;
      parse_array (array, parse, kind, out);
    }
  return TRUE;
}

static gboolean
tend_zendesk_backend_pull_users (TendBackend    *backend,
                                 const gint64   *ids,
                                 guint           n_ids,
                                 TendChangeset  *changes,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  return show_many (TEND_ZENDESK_BACKEND (backend), "users",
                    (ParseFunc) tend_zendesk_user_from_json, changes->users,
                    ids, n_ids, cancellable, error);
}

static gboolean
tend_zendesk_backend_pull_organizations (TendBackend    *backend,
                                         const gint64   *ids,
                                         guint           n_ids,
                                         TendChangeset  *changes,
                                         GCancellable   *cancellable,
                                         GError        **error)
{
  return show_many (TEND_ZENDESK_BACKEND (backend), "organizations",
                    (ParseFunc) tend_zendesk_organization_from_json, changes->organizations,
                    ids, n_ids, cancellable, error);
}

/* Whole lists read page by page (articles, macros): the cursor holds the
 * next page's path while a pass is under way; at the end it is NULL and
 * the next sync reads the list again. */
static gboolean
pull_list (TendZendeskBackend  *self,
           const char          *base_path,
           const char          *key,
           const char          *what,
           ParseFunc            parse,
           GPtrArray           *out,
           const char          *cursor,
           char               **next_cursor,
           gboolean            *end_of_stream,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(JsonObject) parsed = cursor_parse (cursor);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *next_path = NULL;
  const char *resume = _tend_json_get_string (parsed, "next");
  JsonObject *object;
  JsonArray *array;

  /* Only our own paths are resumed: the cursor is stored text. */
  if (resume != NULL && (g_str_has_prefix (resume, base_path) ||
                         g_str_has_prefix (resume, tend_http_get_base_url (self->http))))
    path = g_strdup (resume);
  else
    path = first_page_path (base_path);

  array = get_list (self, path, key, what, &root, &object, cancellable, error);
  if (array == NULL)
    return FALSE;
  parse_array (array, parse, what, out);

  next_path = dup_next_page_path (object, base_path);
  *end_of_stream = next_path == NULL;
  if (next_path != NULL)
    {
      g_autoptr(JsonObject) next = json_object_new ();

      json_object_set_string_member (next, "next", next_path);
      *next_cursor = cursor_to_string (next);
    }
  return TRUE;
}

static gboolean
tend_zendesk_backend_pull_articles (TendBackend    *backend,
                                    const char     *cursor,
                                    TendChangeset  *changes,
                                    char          **next_cursor,
                                    gboolean       *end_of_stream,
                                    GCancellable   *cancellable,
                                    GError        **error)
{
  return pull_list (TEND_ZENDESK_BACKEND (backend), "/api/v2/help_center/articles.json",
                    "articles", "the knowledge base",
                    (ParseFunc) tend_zendesk_article_from_json, changes->articles,
                    cursor, next_cursor, end_of_stream, cancellable, error);
}

static gboolean
tend_zendesk_backend_pull_macros (TendBackend    *backend,
                                  const char     *cursor,
                                  TendChangeset  *changes,
                                  char          **next_cursor,
                                  gboolean       *end_of_stream,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  return pull_list (TEND_ZENDESK_BACKEND (backend), "/api/v2/macros.json",
                    "macros", "macros",
                    (ParseFunc) tend_zendesk_macro_from_json, changes->macros,
                    cursor, next_cursor, end_of_stream, cancellable, error);
}

/* The groups, all pages, as meta "groups": [{"id": …, "name": …}] (the
 * store keeps them in its groups table). */
static gboolean
pull_groups (TendZendeskBackend  *self,
             TendChangeset       *changes,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(JsonArray) groups = json_array_new ();
  g_autofree char *path = first_page_path ("/api/v2/groups.json");

  /* A bound, as for views: a helpdesk has tens of groups, not thousands. */
  for (guint page = 0; path != NULL && page < 50; page++)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;
      JsonArray *array;
      guint n;

      array = get_list (self, path, "groups", "groups", &root, &object, cancellable, error);
      if (array == NULL)
        return FALSE;

      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *group;
          JsonObject *neutral;
          const char *name;
          gint64 id = 0;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          group = json_node_get_object (element);
          if (!member_int (group, "id", &id) || id <= 0)
            continue;
          /* A deleted group still names the tickets it had. */
          name = _tend_json_get_string (group, "name");

          neutral = json_object_new ();
          json_object_set_int_member (neutral, "id", id);
          json_object_set_string_member (neutral, "name", name != NULL ? name : "");
          json_array_add_object_element (groups, neutral);
        }

      g_free (path);
      path = dup_next_page_path (object, "/api/v2/groups.json");
    }

  _tend_json_set_meta_array (changes, "groups", groups);
  return TRUE;
}

/* Views: the store has no table for them yet, so they are kept as meta
 * "views" in a neutral JSON form. The groups come along (meta "groups"),
 * as RT's queues do. */
static gboolean
tend_zendesk_backend_pull_views (TendBackend    *backend,
                                 TendChangeset  *changes,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonArray) views = json_array_new ();
  g_autofree char *path = first_page_path ("/api/v2/views.json");

  if (!pull_groups (self, changes, cancellable, error))
    return FALSE;

  for (guint page = 0; path != NULL && page < 20; page++)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;
      JsonArray *array;
      guint n;

      array = get_list (self, path, "views", "views", &root, &object, cancellable, &local_error);
      if (array == NULL)
        {
          /* An agent not allowed to list views still gets the groups. */
          if (g_error_matches (local_error, TEND_ERROR, TEND_ERROR_AUTH) ||
              g_error_matches (local_error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
            {
              g_debug ("Views not synced: %s", local_error->message);
              return TRUE;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *view;
          JsonObject *neutral;
          gint64 id = 0;
          gint64 position = 0;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          view = json_node_get_object (element);
          if (!member_int (view, "id", &id) || id <= 0)
            continue;
          member_int (view, "position", &position);

          neutral = json_object_new ();
          json_object_set_int_member (neutral, "id", id);
          json_object_set_string_member (neutral, "title",
                                         _tend_json_get_string (view, "title") != NULL ?
                                         _tend_json_get_string (view, "title") : "");
          json_object_set_boolean_member (neutral, "active", _tend_json_get_boolean (view, "active", TRUE));
          json_object_set_int_member (neutral, "position", position);
          json_array_add_object_element (views, neutral);
        }

      g_free (path);
      path = dup_next_page_path (object, "/api/v2/views.json");
    }

  _tend_json_set_meta_array (changes, "views", views);
  return TRUE;
}

static GPtrArray *
tend_zendesk_backend_search_articles (TendBackend   *backend,
                                      const char    *query,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *escaped = escape (query);
  g_autofree char *path = NULL;
  JsonObject *object;
  JsonArray *array;

  path = g_strdup_printf ("/api/v2/help_center/articles/search.json?query=%s", escaped);
  array = get_list (self, path, "results", "the knowledge-base search",
                    &root, &object, cancellable, error);
  if (array == NULL)
    return NULL;
  parse_array (array, (ParseFunc) tend_zendesk_article_from_json, "article", articles);
  return g_steal_pointer (&articles);
}

static int
tend_zendesk_backend_get_request_budget (TendBackend *backend)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);
  int remaining = tend_http_get_rate_limit_remaining (self->http);
  int limit = tend_http_get_rate_limit (self->http);

  if (remaining < 0 || limit <= 0)
    return -1;
  return (int) MIN ((gint64) remaining * 100 / limit, 100);
}

/* The outbox */

static gboolean
tend_zendesk_backend_push_change (TendBackend    *backend,
                                  gint64          ticket_id,
                                  JsonObject     *change,
                                  gint64          seen_updated_at,
                                  TendChangeset  *changes,
                                  gint64         *comment_id,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(TendComment) comment = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  JsonObject *object;
  JsonObject *member;

  g_return_val_if_fail (ticket_id > 0, FALSE);

  body = tend_zendesk_update_to_json (change, seen_updated_at, error);
  if (body == NULL)
    return FALSE;

  /* TendHttp sends a PUT on a connection of its own and never twice: a
   * repeated update would post the reply twice. */
  path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT ".json", ticket_id);
  root = tend_http_send_json (self->http, "PUT", path, body, cancellable, &local_error);
  if (root == NULL)
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                             _("The server sent an empty answer to a ticket update"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The update is done from here on: an answer we cannot read is no
   * reason to send it again, only to fetch the ticket later. */
  object = root_object (root, "a ticket update", NULL);
  member = object != NULL ? _tend_json_get_object (object, "ticket") : NULL;
  if (member != NULL)
    {
      ticket = tend_zendesk_ticket_from_json (member, &local_error);
      if (ticket != NULL)
        tend_changeset_add_ticket (changes, ticket);
      else
        g_debug ("Unreadable ticket in an update answer: %s", local_error->message);
      g_clear_error (&local_error);
    }

  member = object != NULL ? _tend_json_get_object (object, "audit") : NULL;
  if (member != NULL)
    {
      comment = tend_zendesk_audit_comment_from_json (member, ticket_id, &local_error);
      if (comment != NULL)
        {
          *comment_id = tend_comment_get_id (comment);
          tend_changeset_add_comment (changes, comment);
        }
      else if (local_error != NULL)
        g_debug ("Unreadable comment in an update answer: %s", local_error->message);
    }

  return TRUE;
}

static gboolean
tend_zendesk_backend_pull_ticket (TendBackend    *backend,
                                  gint64          ticket_id,
                                  TendChangeset  *changes,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  TendZendeskBackend *self = TEND_ZENDESK_BACKEND (backend);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  JsonObject *object;
  JsonObject *member;

  g_return_val_if_fail (ticket_id > 0, FALSE);

  path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT ".json", ticket_id);
  root = tend_http_get_json (self->http, path, cancellable, error);
  if (root == NULL)
    return FALSE;
  object = root_object (root, "a ticket", error);
  if (object == NULL)
    return FALSE;
  member = _tend_json_get_object (object, "ticket");
  if (member == NULL)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The server's answer for a ticket has no “ticket”"));
      return FALSE;
    }
  ticket = tend_zendesk_ticket_from_json (member, error);
  if (ticket == NULL)
    return FALSE;
  tend_changeset_add_ticket (changes, ticket);
  add_sideloads (object, changes);
  return TRUE;
}

static void
tend_zendesk_backend_iface_init (TendBackendInterface *iface)
{
  iface->push_change = tend_zendesk_backend_push_change;
  iface->pull_ticket = tend_zendesk_backend_pull_ticket;
  iface->get_request_budget = tend_zendesk_backend_get_request_budget;
  iface->who_am_i = tend_zendesk_backend_who_am_i;
  iface->get_comment_mode = tend_zendesk_backend_get_comment_mode;
  iface->pull_tickets = tend_zendesk_backend_pull_tickets;
  iface->pull_comments = tend_zendesk_backend_pull_comments;
  iface->pull_ticket_comments = tend_zendesk_backend_pull_ticket_comments;
  iface->pull_users = tend_zendesk_backend_pull_users;
  iface->pull_organizations = tend_zendesk_backend_pull_organizations;
  iface->pull_articles = tend_zendesk_backend_pull_articles;
  iface->pull_macros = tend_zendesk_backend_pull_macros;
  iface->pull_views = tend_zendesk_backend_pull_views;
  iface->search_articles = tend_zendesk_backend_search_articles;
}
