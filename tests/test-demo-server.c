/* test-demo-server.c: the demo helpdesk, spoken to over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-demo-server"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "tend-engine.h"
#include "tend-demo-server.h"

#define N_TICKETS 300
#define SEED      42

/* One server for the tests that do not need their own. */
static TendDemoServer *shared;

typedef struct
{
  guint               status;
  GBytes             *bytes;
  JsonNode           *json;     /* NULL when the body is not JSON */
  SoupMessageHeaders *headers;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->bytes, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static char *
auth_header (TendDemoServer *server,
             const char     *token)
{
  g_autofree char *credentials = g_strdup_printf ("%s/token:%s",
                                                  tend_demo_server_get_email (server),
                                                  token != NULL ? token : tend_demo_server_get_token (server));
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));

  return g_strdup_printf ("Basic %s", encoded);
}

/* A fresh session each time: the fault tests cut connections, and a
 * pooled connection must not carry that into the next request. */
static Reply *
send_full (TendDemoServer  *server,
           const char      *method,
           const char      *path,
           const char      *body,
           const char      *authorization,
           GError         **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Reply *reply;

  if (g_str_has_prefix (path, "http"))
    url = g_strdup (path);
  else
    url = g_strconcat (tend_demo_server_get_url (server), path, NULL);

  msg = soup_message_new (method, url);
  g_assert_nonnull (msg);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }

  bytes = soup_session_send_and_read (session, msg, NULL, error);
  if (bytes == NULL)
    return NULL;

  reply = g_new0 (Reply, 1);
  reply->status = soup_message_get_status (msg);
  reply->bytes = g_bytes_ref (bytes);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_bytes_get_size (bytes) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), NULL))
        reply->json = json_node_copy (json_parser_get_root (parser));
    }

  return reply;
}

static Reply *
send (TendDemoServer *server,
      const char     *method,
      const char     *path,
      const char     *body)
{
  g_autofree char *authorization = auth_header (server, NULL);
  g_autoptr(GError) error = NULL;
  Reply *reply = send_full (server, method, path, body, authorization, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

static Reply *
get_ok (TendDemoServer *server,
        const char     *path)
{
  Reply *reply = send (server, "GET", path, NULL);

  if (reply->status != 200)
    g_error ("GET %s: %u %.*s", path, reply->status,
             (int) g_bytes_get_size (reply->bytes), (const char *) g_bytes_get_data (reply->bytes, NULL));
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return reply;
}

static JsonObject *
root (Reply *reply)
{
  return json_node_get_object (reply->json);
}

static char *
encode (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static TendDemoServer *
start_server (guint        n_tickets,
              guint64      seed,
              TendUserRole role)
{
  g_autoptr(GError) error = NULL;
  TendDemoServer *server = tend_demo_server_new (n_tickets, seed);

  tend_demo_server_set_role (server, role);
  /* Tests may make many requests; the budget has its own test. */
  tend_demo_server_set_rate_limit (server, 0);
  g_assert_true (tend_demo_server_start (server, &error));
  g_assert_no_error (error);

  return server;
}

static void
reset_shared (void)
{
  g_assert_true (tend_demo_server_set_faults (shared, NULL, NULL));
  tend_demo_server_set_rate_limit (shared, 0);
}

/* Tests */

static void
test_start (void)
{
  g_autoptr(GRegex) url = g_regex_new ("^http://127\\.0\\.0\\.1:[0-9]+$", 0, 0, NULL);
  g_autoptr(GRegex) token = g_regex_new ("^[0-9a-f]{40}$", 0, 0, NULL);
  g_autofree char *expected_url = NULL;

  g_assert_true (g_regex_match (url, tend_demo_server_get_url (shared), 0, NULL));
  g_assert_cmpuint (tend_demo_server_get_port (shared), >, 0);
  expected_url = g_strdup_printf ("http://127.0.0.1:%u", tend_demo_server_get_port (shared));
  g_assert_cmpstr (tend_demo_server_get_url (shared), ==, expected_url);
  g_assert_nonnull (strchr (tend_demo_server_get_email (shared), '@'));
  g_assert_true (g_regex_match (token, tend_demo_server_get_token (shared), 0, NULL));
  g_assert_cmpint (tend_demo_server_get_me_id (shared), >, 0);
  g_assert_cmpuint (tend_demo_server_get_n_tickets (shared), >, 0);
  g_assert_true (g_file_test (tend_demo_server_get_store_path (shared), G_FILE_TEST_EXISTS));
}

static void
test_binary (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  g_autofree char *email = NULL;
  g_autofree char *token = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *me_url = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              TEND_DEMO_SERVER_PATH, "--tickets", "40", "--seed", "3",
                              "--role", "agent", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  regex = g_regex_new ("^url=(http://127\\.0\\.0\\.1:[0-9]+) email=(\\S+@\\S+) token=(\\S+)$", 0, 0, NULL);
  if (!g_regex_match (regex, line, 0, &match))
    g_error ("Unexpected first line: %s", line);
  url = g_match_info_fetch (match, 1);
  email = g_match_info_fetch (match, 2);
  token = g_match_info_fetch (match, 3);

  /* What the line says is enough to sign in. */
  credentials = g_strdup_printf ("%s/token:%s", email, token);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  authorization = g_strdup_printf ("Basic %s", encoded);
  me_url = g_strconcat (url, "/api/v2/users/me", NULL);
  msg = soup_message_new ("GET", me_url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "\"agent\""));

  /* SIGTERM is a clean exit. */
  g_subprocess_send_signal (process, SIGTERM);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_binary_bad_option (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              TEND_DEMO_SERVER_PATH, "--faults", "explode-every=2", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "explode-every"));
}

static void
test_auth (void)
{
  g_autoptr(Reply) none = NULL;
  g_autoptr(Reply) wrong = NULL;
  g_autoptr(Reply) right = NULL;
  g_autofree char *wrong_auth = auth_header (shared, "not-the-token");
  g_autoptr(GError) error = NULL;

  reset_shared ();

  none = send_full (shared, "GET", "/api/v2/users/me.json", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->status, ==, 401);
  g_assert_nonnull (none->json);
  g_assert_cmpstr (json_object_get_string_member (root (none), "error"), ==, "Couldn't authenticate you");
  g_assert_nonnull (soup_message_headers_get_one (none->headers, "X-Rate-Limit-Remaining"));

  wrong = send_full (shared, "GET", "/api/v2/users/me.json", NULL, wrong_auth, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wrong->status, ==, 401);

  /* Same path without ".json" */
  right = get_ok (shared, "/api/v2/users/me");
  g_assert_nonnull (soup_message_headers_get_one (right->headers, "X-Rate-Limit-Remaining"));
  {
    JsonObject *user = json_object_get_object_member (root (right), "user");

    g_assert_cmpint (json_object_get_int_member (user, "id"), ==, tend_demo_server_get_me_id (shared));
    g_assert_cmpstr (json_object_get_string_member (user, "email"), ==, tend_demo_server_get_email (shared));
    g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "admin");
  }
}

/* Walks the incremental export; returns the ids seen (each once) and
 * checks that no ticket comes twice in one walk. */
static GHashTable *
walk_incremental (TendDemoServer *server,
                  const char     *first_path,
                  guint          *n_pages,
                  char          **last_cursor)
{
  GHashTable *seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *path = g_strdup (first_path);
  guint pages = 0;

  for (;;)
    {
      g_autoptr(Reply) reply = get_ok (server, path);
      JsonArray *tickets = json_object_get_array_member (root (reply), "tickets");
      const char *cursor = json_object_get_string_member (root (reply), "after_cursor");

      g_assert_nonnull (tickets);
      g_assert_nonnull (cursor);
      /* Opaque and in need of URL-encoding. */
      g_assert_nonnull (strchr (cursor, '+'));
      g_assert_true (g_str_has_suffix (cursor, "="));
      pages++;

      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          JsonObject *ticket = json_array_get_object_element (tickets, i);
          gint64 *id = g_new (gint64, 1);

          *id = json_object_get_int_member (ticket, "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
        }

      if (json_object_get_boolean_member (root (reply), "end_of_stream"))
        {
          if (last_cursor != NULL)
            *last_cursor = g_strdup (cursor);
          break;
        }

      g_free (path);
      path = g_strdup (json_object_get_string_member (root (reply), "after_url"));
      g_assert_nonnull (path);
      g_assert_cmpuint (pages, <, 1000);
    }

  if (n_pages != NULL)
    *n_pages = pages;
  return seen;
}

static void
test_incremental_tickets (void)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) with_suffix = NULL;
  g_autoptr(Reply) without_suffix = NULL;
  g_autoptr(Reply) missing = NULL;
  TendStoreStats stats;
  guint pages = 0;

  reset_shared ();

  seen = walk_incremental (shared, "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=37", &pages, NULL);
  g_assert_cmpuint (g_hash_table_size (seen), ==, tend_demo_server_get_n_tickets (shared));
  g_assert_cmpuint (pages, ==, (tend_demo_server_get_n_tickets (shared) + 36) / 37);

  /* The server's own database agrees. */
  store = tend_store_open_existing (tend_demo_server_get_store_path (shared), &error);
  g_assert_no_error (error);
  g_assert_true (tend_store_get_stats (store, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.tickets, ==, g_hash_table_size (seen));

  /* With or without ".json", the same answer; sideloads on request. */
  with_suffix = get_ok (shared, "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=5&include=users,organizations");
  without_suffix = get_ok (shared, "/api/v2/incremental/tickets/cursor?start_time=0&per_page=5&include=users,organizations");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (with_suffix), "tickets")), ==, 5);
  g_assert_true (json_object_has_member (root (with_suffix), "users"));
  g_assert_true (json_object_has_member (root (with_suffix), "organizations"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (with_suffix), "users")), >, 0);
  g_assert_true (json_node_equal (json_object_get_member (root (with_suffix), "tickets"),
                                  json_object_get_member (root (without_suffix), "tickets")));

  missing = send (shared, "GET", "/api/v2/incremental/tickets/cursor.json", NULL);
  g_assert_cmpuint (missing->status, ==, 400);
}

static void
test_search_export (void)
{
  g_autoptr(Reply) no_type = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *query = encode ("updated>1970-01-02T00:00:00Z");
  g_autofree char *path = NULL;
  guint pages = 0;

  reset_shared ();

  path = g_strdup_printf ("/api/v2/search/export.json?query=%s&page%%5Bsize%%5D=40", query);
  no_type = send (shared, "GET", path, NULL);
  g_assert_cmpuint (no_type->status, ==, 400);
  g_assert_nonnull (no_type->json);
  g_assert_nonnull (strstr (json_object_get_string_member (root (no_type), "description"), "filter[type]"));

  g_free (path);
  path = g_strdup_printf ("/api/v2/search/export.json?query=%s&filter%%5Btype%%5D=ticket&page%%5Bsize%%5D=40", query);
  for (;;)
    {
      g_autoptr(Reply) reply = get_ok (shared, path);
      JsonArray *results = json_object_get_array_member (root (reply), "results");
      JsonObject *meta = json_object_get_object_member (root (reply), "meta");
      JsonObject *links = json_object_get_object_member (root (reply), "links");

      pages++;
      g_assert_cmpuint (json_array_get_length (results), <=, 40);
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *ticket = json_array_get_object_element (results, i);
          gint64 *id = g_new (gint64, 1);

          g_assert_cmpstr (json_object_get_string_member (ticket, "result_type"), ==, "ticket");
          *id = json_object_get_int_member (ticket, "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
        }

      if (!json_object_get_boolean_member (meta, "has_more"))
        {
          g_assert_true (json_object_get_null_member (links, "next"));
          break;
        }
      g_assert_nonnull (json_object_get_string_member (meta, "after_cursor"));
      g_free (path);
      path = g_strdup (json_object_get_string_member (links, "next"));
      g_assert_nonnull (path);
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, tend_demo_server_get_n_tickets (shared));
  g_assert_cmpuint (pages, ==, (g_hash_table_size (seen) + 39) / 40);

  /* type:ticket inside the query is tolerated; a time in the future
   * finds nothing. */
  {
    g_autofree char *future = encode ("type:ticket updated>2999-01-01T00:00:00Z");
    g_autofree char *future_path = g_strdup_printf ("/api/v2/search/export?query=%s&filter%%5Btype%%5D=ticket", future);
    g_autoptr(Reply) reply = get_ok (shared, future_path);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (reply), "results")), ==, 0);
    g_assert_false (json_object_get_boolean_member (json_object_get_object_member (root (reply), "meta"), "has_more"));
  }
}

static void
test_ticket_events (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *path = g_strdup ("/api/v2/incremental/ticket_events.json?start_time=0&include=comment_events&per_page=150");
  guint pages = 0;

  reset_shared ();

  for (;;)
    {
      g_autoptr(Reply) reply = get_ok (shared, path);
      JsonArray *events = json_object_get_array_member (root (reply), "ticket_events");

      pages++;
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *event = json_array_get_object_element (events, i);
          JsonArray *children = json_object_get_array_member (event, "child_events");
          JsonObject *child;
          gint64 *id = g_new (gint64, 1);

          g_assert_cmpint (json_object_get_int_member (event, "ticket_id"), >, 0);
          g_assert_cmpuint (json_array_get_length (children), ==, 1);
          child = json_array_get_object_element (children, 0);
          g_assert_cmpstr (json_object_get_string_member (child, "event_type"), ==, "Comment");
          g_assert_true (json_object_has_member (child, "body"));
          g_assert_true (json_object_has_member (child, "public"));
          *id = json_object_get_int_member (child, "id");
          /* The export may repeat the last second of a stream, never
           * within a walk that ends on end_of_stream only once. */
          g_hash_table_add (seen, id);
        }

      g_assert_cmpint (json_object_get_int_member (root (reply), "count"), ==, json_array_get_length (events));
      if (json_object_get_boolean_member (root (reply), "end_of_stream"))
        break;
      g_free (path);
      path = g_strdup (json_object_get_string_member (root (reply), "next_page"));
      g_assert_cmpuint (pages, <, 10000);
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, tend_demo_server_get_n_comments (shared));
  g_assert_cmpuint (pages, >, 1);
}

static gint64
first_open_ticket (TendDemoServer *server,
                   char          **updated_at)
{
  g_autoptr(Reply) reply = get_ok (server, "/api/v2/incremental/tickets/cursor.json?start_time=0");
  JsonArray *tickets = json_object_get_array_member (root (reply), "tickets");

  for (guint i = json_array_get_length (tickets); i > 0; i--)
    {
      JsonObject *ticket = json_array_get_object_element (tickets, i - 1);

      if (g_strcmp0 (json_object_get_string_member (ticket, "status"), "open") == 0)
        {
          if (updated_at != NULL)
            *updated_at = g_strdup (json_object_get_string_member (ticket, "updated_at"));
          return json_object_get_int_member (ticket, "id");
        }
    }

  g_assert_not_reached ();
  return 0;
}

static void
test_comments (void)
{
  gint64 id = first_open_ticket (shared, NULL);
  g_autofree char *offset_path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT "/comments.json", id);
  g_autofree char *path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT "/comments?page%%5Bsize%%5D=1&include=users", id);
  g_autoptr(Reply) all = NULL;
  g_autoptr(Reply) missing = NULL;
  JsonArray *all_comments;
  guint n = 0;

  reset_shared ();

  all = get_ok (shared, offset_path);
  all_comments = json_object_get_array_member (root (all), "comments");
  g_assert_cmpuint (json_array_get_length (all_comments), >, 0);
  g_assert_cmpint (json_object_get_int_member (root (all), "count"), ==, json_array_get_length (all_comments));

  /* Cursor pages of one give the same comments in the same order. */
  for (;;)
    {
      g_autoptr(Reply) reply = get_ok (shared, path);
      JsonArray *page = json_object_get_array_member (root (reply), "comments");
      JsonObject *meta = json_object_get_object_member (root (reply), "meta");

      g_assert_cmpuint (json_array_get_length (page), ==, 1);
      g_assert_true (json_node_equal (json_array_get_element (page, 0),
                                      json_array_get_element (all_comments, n)));
      g_assert_true (json_object_has_member (root (reply), "users"));
      n++;
      if (!json_object_get_boolean_member (meta, "has_more"))
        break;
      g_free (path);
      path = g_strdup (json_object_get_string_member (json_object_get_object_member (root (reply), "links"), "next"));
    }
  g_assert_cmpuint (n, ==, json_array_get_length (all_comments));

  missing = send (shared, "GET", "/api/v2/tickets/999999999/comments.json", NULL);
  g_assert_cmpuint (missing->status, ==, 404);
}

static void
test_users_organizations (void)
{
  g_autoptr(Reply) tickets = get_ok (shared, "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=50&include=users,organizations");
  JsonArray *users = json_object_get_array_member (root (tickets), "users");
  JsonArray *organizations = json_object_get_array_member (root (tickets), "organizations");
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(Reply) many = NULL;
  g_autoptr(Reply) bad = NULL;

  reset_shared ();

  for (guint i = 0; i < json_array_get_length (users); i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            json_object_get_int_member (json_array_get_object_element (users, i), "id"));
  path = g_strdup_printf ("/api/v2/users/show_many.json?ids=%s", ids->str);
  many = get_ok (shared, path);
  g_assert_true (json_node_equal (json_object_get_member (root (many), "users"),
                                  json_object_get_member (root (tickets), "users")));

  if (json_array_get_length (organizations) > 0)
    {
      gint64 org = json_object_get_int_member (json_array_get_object_element (organizations, 0), "id");
      g_autofree char *org_path = g_strdup_printf ("/api/v2/organizations/show_many?ids=%" G_GINT64_FORMAT ",999999999", org);
      g_autoptr(Reply) reply = get_ok (shared, org_path);

      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (reply), "organizations")), ==, 1);
    }

  bad = send (shared, "GET", "/api/v2/users/show_many.json?ids=1,x", NULL);
  g_assert_cmpuint (bad->status, ==, 400);
}

static void
test_update (void)
{
  g_autofree char *stamp = NULL;
  gint64 id = first_open_ticket (shared, &stamp);
  g_autofree char *path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT ".json", id);
  g_autofree char *body = NULL;
  g_autoptr(Reply) applied = NULL;
  g_autoptr(Reply) stale = NULL;
  g_autoptr(Reply) shown = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *ticket;
  JsonObject *last;
  const char *new_stamp;
  guint n_comments_before = tend_demo_server_get_n_comments (shared);

  reset_shared ();

  body = g_strdup_printf ("{\"ticket\":{\"comment\":{\"body\":\"Fixed on our side — café ☕ works now.\",\"public\":true},"
                          "\"status\":\"pending\",\"priority\":\"urgent\",\"additional_tags\":[\"demo_test\"],"
                          "\"safe_update\":true,\"updated_stamp\":\"%s\"}}", stamp);
  applied = send (shared, "PUT", path, body);
  g_assert_cmpuint (applied->status, ==, 200);
  ticket = json_object_get_object_member (root (applied), "ticket");
  g_assert_cmpstr (json_object_get_string_member (ticket, "status"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (ticket, "priority"), ==, "urgent");
  new_stamp = json_object_get_string_member (ticket, "updated_at");
  g_assert_cmpstr (new_stamp, >, stamp);
  g_assert_true (json_object_has_member (root (applied), "audit"));
  g_assert_cmpuint (tend_demo_server_get_n_comments (shared), ==, n_comments_before + 1);

  /* The comment is there, by the token's user. */
  {
    g_autofree char *comments_path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT "/comments", id);
    g_autoptr(Reply) reply = get_ok (shared, comments_path);
    JsonArray *array = json_object_get_array_member (root (reply), "comments");

    last = json_array_get_object_element (array, json_array_get_length (array) - 1);
    g_assert_cmpstr (json_object_get_string_member (last, "body"), ==, "Fixed on our side — café ☕ works now.");
    g_assert_cmpint (json_object_get_int_member (last, "author_id"), ==, tend_demo_server_get_me_id (shared));
    g_assert_true (json_object_get_boolean_member (last, "public"));
  }

  /* The same stamp again is now stale. */
  stale = send (shared, "PUT", path, body);
  g_assert_cmpuint (stale->status, ==, 409);
  g_assert_cmpuint (tend_demo_server_get_n_comments (shared), ==, n_comments_before + 1);

  shown = get_ok (shared, path);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root (shown), "ticket"), "updated_at"),
                   ==, new_stamp);

  /* And it is in the server's database. */
  store = tend_store_open_existing (tend_demo_server_get_store_path (shared), &error);
  g_assert_no_error (error);
  comments = tend_store_list_comments (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_comment_get_body (g_ptr_array_index (comments, comments->len - 1)),
                   ==, "Fixed on our side — café ☕ works now.");
  {
    g_autoptr(TendTicket) stored = tend_store_get_ticket (store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (tend_ticket_get_status (stored), ==, TEND_TICKET_STATUS_PENDING);
    g_assert_true (tend_ticket_has_tag (stored, "demo_test"));
  }

  /* Without safe_update, no stamp is needed; garbage is refused. */
  {
    g_autoptr(Reply) plain = send (shared, "PUT", path, "{\"ticket\":{\"status\":\"open\"}}");
    g_autoptr(Reply) garbage = send (shared, "PUT", path, "{\"ticket\":");
    g_autoptr(Reply) missing = send (shared, "PUT", "/api/v2/tickets/999999999.json", "{\"ticket\":{}}");

    g_assert_cmpuint (plain->status, ==, 200);
    g_assert_cmpuint (garbage->status, ==, 400);
    g_assert_cmpuint (missing->status, ==, 404);
  }
}

static void
test_incremental_after_change (void)
{
  g_autofree char *cursor = NULL;
  g_autofree char *path = NULL;
  g_autofree char *encoded = NULL;
  g_autoptr(GHashTable) all = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autofree char *stamp = NULL;
  gint64 id;
  gint64 live_id;
  JsonArray *tickets;

  reset_shared ();

  all = walk_incremental (shared, "/api/v2/incremental/tickets/cursor.json?start_time=0", NULL, &cursor);
  encoded = encode (cursor);

  /* Nothing new: an empty page at the end of the stream. */
  path = g_strdup_printf ("/api/v2/incremental/tickets/cursor.json?cursor=%s", encoded);
  reply = get_ok (shared, path);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (reply), "tickets")), ==, 0);
  g_assert_true (json_object_get_boolean_member (root (reply), "end_of_stream"));
  g_clear_pointer (&reply, reply_free);

  /* One update and one live change: exactly those come next. */
  id = first_open_ticket (shared, &stamp);
  {
    g_autofree char *put_path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT, id);
    g_autoptr(Reply) put = send (shared, "PUT", put_path, "{\"ticket\":{\"priority\":\"high\"}}");

    g_assert_cmpuint (put->status, ==, 200);
  }
  live_id = tend_demo_server_add_live_change (shared);
  g_assert_cmpint (live_id, >, 0);

  reply = get_ok (shared, path);
  tickets = json_object_get_array_member (root (reply), "tickets");
  if (live_id == id)
    g_assert_cmpuint (json_array_get_length (tickets), ==, 1);
  else
    {
      g_assert_cmpuint (json_array_get_length (tickets), ==, 2);
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tickets, 0), "id"), ==, id);
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tickets, 1), "id"), ==, live_id);
    }
  g_assert_true (json_object_get_boolean_member (root (reply), "end_of_stream"));

  /* A garbled cursor is refused, not misread. */
  {
    g_autoptr(Reply) bad = send (shared, "GET", "/api/v2/incremental/tickets/cursor.json?cursor=bm9wZQ==", NULL);

    g_assert_cmpuint (bad->status, ==, 400);
  }
}

static void
test_delete (void)
{
  gint64 id = first_open_ticket (shared, NULL);
  g_autofree char *path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT ".json", id);
  guint before = tend_demo_server_get_n_tickets (shared);
  g_autoptr(Reply) deleted = NULL;
  g_autoptr(Reply) shown = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) export = NULL;
  JsonArray *tickets;
  JsonObject *last;

  reset_shared ();

  deleted = send (shared, "DELETE", path, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  g_assert_cmpuint (tend_demo_server_get_n_tickets (shared), ==, before - 1);

  shown = send (shared, "GET", path, NULL);
  g_assert_cmpuint (shown->status, ==, 404);
  again = send (shared, "DELETE", path, NULL);
  g_assert_cmpuint (again->status, ==, 404);

  /* The export says so, as the newest change. */
  export = get_ok (shared, "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=1000");
  tickets = json_object_get_array_member (root (export), "tickets");
  last = json_array_get_object_element (tickets, json_array_get_length (tickets) - 1);
  g_assert_cmpint (json_object_get_int_member (last, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (last, "status"), ==, "deleted");
}

static void
test_help_center_macros_views (void)
{
  g_autoptr(Reply) articles = NULL;
  g_autoptr(Reply) page2 = NULL;
  g_autoptr(Reply) search = NULL;
  g_autoptr(Reply) no_query = NULL;
  g_autoptr(Reply) macros = NULL;
  g_autoptr(Reply) views = NULL;
  g_autofree char *word = NULL;
  g_autofree char *search_path = NULL;
  JsonArray *list;
  const char *title;
  gint64 count;

  reset_shared ();

  articles = get_ok (shared, "/api/v2/help_center/articles.json?per_page=5");
  list = json_object_get_array_member (root (articles), "articles");
  count = json_object_get_int_member (root (articles), "count");
  g_assert_cmpint (count, >, 0);
  g_assert_cmpuint (json_array_get_length (list), ==, MIN (count, 5));
  if (count > 5)
    {
      const char *next = json_object_get_string_member (root (articles), "next_page");

      g_assert_nonnull (next);
      page2 = get_ok (shared, next);
      g_assert_false (json_node_equal (json_object_get_member (root (articles), "articles"),
                                       json_object_get_member (root (page2), "articles")));
    }

  /* Searching for a word of the first title finds it. */
  title = json_object_get_string_member (json_array_get_object_element (list, 0), "title");
  {
    g_auto(GStrv) words = g_strsplit_set (title, " ,.:;!?()'\"", -1);

    for (guint i = 0; words[i] != NULL && word == NULL; i++)
      if (g_utf8_strlen (words[i], -1) >= 5)
        word = g_uri_escape_string (words[i], NULL, FALSE);
  }
  g_assert_nonnull (word);
  search_path = g_strdup_printf ("/api/v2/help_center/articles/search.json?query=%s", word);
  search = get_ok (shared, search_path);
  g_assert_cmpint (json_object_get_int_member (root (search), "count"), >, 0);
  {
    JsonArray *results = json_object_get_array_member (root (search), "results");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (results); i++)
      found |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (results, i), "title"), title) == 0;
    g_assert_true (found);
  }

  no_query = send (shared, "GET", "/api/v2/help_center/articles/search.json", NULL);
  g_assert_cmpuint (no_query->status, ==, 400);

  macros = get_ok (shared, "/api/v2/macros");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (macros), "macros")), >, 0);

  views = get_ok (shared, "/api/v2/views.json");
  list = json_object_get_array_member (root (views), "views");
  g_assert_cmpuint (json_array_get_length (list), >=, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "title"),
                   ==, "Your unsolved tickets");
}

static void
test_rate_limit (void)
{
  gint64 second = (g_get_real_time () / G_USEC_PER_SEC) % 60;

  reset_shared ();

  /* The budget is per wall-clock minute: keep clear of a boundary. */
  if (second >= 55)
    g_usleep ((guint64) (61 - second) * G_USEC_PER_SEC);

  tend_demo_server_set_rate_limit (shared, 3);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Reply) reply = get_ok (shared, "/api/v2/users/me");
      g_autofree char *expected = g_strdup_printf ("%u", 2 - i);

      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-Rate-Limit"), ==, "3");
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-Rate-Limit-Remaining"), ==, expected);
    }

  {
    g_autoptr(Reply) refused = send (shared, "GET", "/api/v2/users/me", NULL);
    const char *retry = soup_message_headers_get_one (refused->headers, "Retry-After");

    g_assert_cmpuint (refused->status, ==, 429);
    g_assert_nonnull (retry);
    g_assert_cmpint (atoi (retry), >=, 1);
    g_assert_cmpint (atoi (retry), <=, 60);
    g_assert_cmpstr (soup_message_headers_get_one (refused->headers, "X-Rate-Limit-Remaining"), ==, "0");
  }

  reset_shared ();
}

static void
test_faults (void)
{
  g_autoptr(GError) error = NULL;

  reset_shared ();

  /* 429 every second request, with the Retry-After the spec asks for */
  g_assert_true (tend_demo_server_set_faults (shared, "429-every=2,retry-after=7", &error));
  g_assert_no_error (error);
  {
    g_autoptr(Reply) first = send (shared, "GET", "/api/v2/users/me", NULL);
    g_autoptr(Reply) second = send (shared, "GET", "/api/v2/users/me", NULL);

    g_assert_cmpuint (first->status, ==, 200);
    g_assert_cmpuint (second->status, ==, 429);
    g_assert_cmpstr (soup_message_headers_get_one (second->headers, "Retry-After"), ==, "7");
  }

  /* 500s, switched on through the control endpoint */
  {
    g_autoptr(Reply) set = send_full (shared, "POST", "/__faults", "500-every=1", NULL, &error);
    g_autoptr(Reply) failed = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (set->status, ==, 204);
    failed = send (shared, "GET", "/api/v2/users/me", NULL);
    g_assert_cmpuint (failed->status, ==, 500);
  }
  {
    g_autoptr(Reply) cleared = send_full (shared, "DELETE", "/__faults", NULL, NULL, &error);
    g_autoptr(Reply) fine = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (cleared->status, ==, 204);
    fine = send (shared, "GET", "/api/v2/users/me", NULL);
    g_assert_cmpuint (fine->status, ==, 200);
  }
  {
    g_autoptr(Reply) refused = send_full (shared, "POST", "/__faults", "bogus=1", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (refused->status, ==, 400);
  }

  /* Slow */
  g_assert_true (tend_demo_server_set_faults (shared, "slow-ms=300", NULL));
  {
    gint64 start = g_get_monotonic_time ();
    g_autoptr(Reply) slow = send (shared, "GET", "/api/v2/users/me", NULL);

    g_assert_cmpuint (slow->status, ==, 200);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  }

  /* Malformed: a complete answer that is not JSON */
  g_assert_true (tend_demo_server_set_faults (shared, "malformed-every=1", NULL));
  {
    g_autoptr(Reply) broken = send (shared, "GET", "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=3", NULL);

    g_assert_cmpuint (broken->status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (broken->bytes), >, 0);
    g_assert_null (broken->json);
  }

  /* Truncated: the connection ends before the promised body. libsoup 3.2
   * does not report that as an error: it hands over the part it got, so
   * what a client can see is a body shorter than Content-Length (and not
   * JSON). */
  g_assert_true (tend_demo_server_set_faults (shared, "truncate-every=1", NULL));
  {
    g_autofree char *authorization = auth_header (shared, NULL);
    g_autoptr(Reply) cut = send_full (shared, "GET", "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=3",
                                      NULL, authorization, &error);

    if (cut == NULL)
      {
        g_assert_nonnull (error);
        g_test_message ("truncated: %s", error->message);
        g_clear_error (&error);
      }
    else
      {
        goffset promised = soup_message_headers_get_content_length (cut->headers);

        g_assert_cmpuint (cut->status, ==, 200);
        g_assert_cmpint (promised, >, 0);
        g_assert_cmpint ((goffset) g_bytes_get_size (cut->bytes), <, promised);
        g_assert_null (cut->json);
      }
  }

  /* Dropped after processing: the PUT is applied, no answer comes */
  g_assert_true (tend_demo_server_set_faults (shared, NULL, NULL));
  {
    g_autofree char *stamp = NULL;
    gint64 id = first_open_ticket (shared, &stamp);
    g_autofree char *path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT ".json", id);
    g_autofree char *authorization = auth_header (shared, NULL);
    guint comments_before = tend_demo_server_get_n_comments (shared);
    g_autoptr(Reply) lost = NULL;
    g_autoptr(Reply) shown = NULL;

    g_assert_true (tend_demo_server_set_faults (shared, "drop-after-every=1", NULL));
    lost = send_full (shared, "PUT", path,
                      "{\"ticket\":{\"comment\":{\"body\":\"Did this arrive?\",\"public\":false}}}",
                      authorization, &error);
    g_assert_null (lost);
    g_assert_nonnull (error);
    g_test_message ("dropped: %s", error->message);
    g_clear_error (&error);

    g_assert_true (tend_demo_server_set_faults (shared, NULL, NULL));
    /* Exactly once: the client did not resend it behind our back. */
    g_assert_cmpuint (tend_demo_server_get_n_comments (shared), ==, comments_before + 1);
    shown = get_ok (shared, path);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root (shown), "ticket"), "updated_at"),
                     >, stamp);
  }

  /* Counting restarts when a spec is set */
  g_assert_true (tend_demo_server_set_faults (shared, "500-every=3", NULL));
  {
    g_autoptr(Reply) r1 = send (shared, "GET", "/api/v2/users/me", NULL);
    g_autoptr(Reply) r2 = send (shared, "GET", "/api/v2/users/me", NULL);
    g_autoptr(Reply) r3 = send (shared, "GET", "/api/v2/users/me", NULL);
    g_autoptr(Reply) r4 = send (shared, "GET", "/api/v2/users/me", NULL);

    g_assert_cmpuint (r1->status, ==, 200);
    g_assert_cmpuint (r2->status, ==, 200);
    g_assert_cmpuint (r3->status, ==, 500);
    g_assert_cmpuint (r4->status, ==, 200);
  }

  g_assert_false (tend_demo_server_set_faults (shared, "429-every=0", &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);

  reset_shared ();
}

static void
test_agent_role (void)
{
  g_autoptr(TendDemoServer) server = start_server (30, 5, TEND_USER_ROLE_AGENT);
  g_autoptr(Reply) me = get_ok (server, "/api/v2/users/me.json");
  g_autoptr(Reply) forbidden = send (server, "GET", "/api/v2/incremental/tickets/cursor.json?start_time=0", NULL);
  g_autoptr(Reply) events = send (server, "GET", "/api/v2/incremental/ticket_events.json?start_time=0", NULL);
  g_autoptr(Reply) search = get_ok (server, "/api/v2/search/export.json?query=updated%3E1970-01-02&filter%5Btype%5D=ticket&page%5Bsize%5D=1000");

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root (me), "user"), "role"), ==, "agent");
  g_assert_cmpuint (forbidden->status, ==, 403);
  g_assert_cmpuint (events->status, ==, 403);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (search), "results")),
                    ==, tend_demo_server_get_n_tickets (server));
}

static void
test_same_seed (void)
{
  const char *path = "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=50&include=users,organizations";
  g_autoptr(TendDemoServer) first = start_server (120, 77, TEND_USER_ROLE_ADMIN);
  g_autoptr(Reply) first_page = get_ok (first, path);
  g_autoptr(Reply) first_events = get_ok (first, "/api/v2/incremental/ticket_events.json?start_time=0&include=comment_events&per_page=100");
  g_autofree char *first_token = g_strdup (tend_demo_server_get_token (first));
  g_autoptr(TendDemoServer) again = NULL;
  g_autoptr(TendDemoServer) other = NULL;
  g_autoptr(Reply) again_page = NULL;
  g_autoptr(Reply) again_events = NULL;
  g_autoptr(Reply) other_page = NULL;
  g_autofree char *dir = g_path_get_dirname (tend_demo_server_get_store_path (first));

  tend_demo_server_stop (first);
  /* Stopping removes the temporary database. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  again = start_server (120, 77, TEND_USER_ROLE_ADMIN);
  again_page = get_ok (again, path);
  again_events = get_ok (again, "/api/v2/incremental/ticket_events.json?start_time=0&include=comment_events&per_page=100");
  g_assert_cmpstr (tend_demo_server_get_token (again), ==, first_token);

  for (guint i = 0; i < 3; i++)
    {
      const char *member = (const char *[]) { "tickets", "users", "organizations" }[i];

      g_assert_true (json_node_equal (json_object_get_member (root (first_page), member),
                                      json_object_get_member (root (again_page), member)));
    }
  g_assert_true (json_node_equal (json_object_get_member (root (first_events), "ticket_events"),
                                  json_object_get_member (root (again_events), "ticket_events")));

  other = start_server (120, 78, TEND_USER_ROLE_ADMIN);
  other_page = get_ok (other, path);
  g_assert_false (json_node_equal (json_object_get_member (root (first_page), "tickets"),
                                   json_object_get_member (root (other_page), "tickets")));
  g_assert_cmpstr (tend_demo_server_get_token (other), !=, first_token);
}

static void
test_live (void)
{
  g_autoptr(TendDemoServer) server = start_server (20, 9, TEND_USER_ROLE_ADMIN);
  guint tickets = tend_demo_server_get_n_tickets (server);
  guint comments = tend_demo_server_get_n_comments (server);
  gint64 deadline;

  /* Every step adds a comment; every third a ticket too. */
  tend_demo_server_set_live (server, TRUE, 50);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (tend_demo_server_get_n_comments (server) < comments + 4 && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  tend_demo_server_set_live (server, FALSE, 0);

  g_assert_cmpuint (tend_demo_server_get_n_comments (server), >=, comments + 4);
  g_assert_cmpuint (tend_demo_server_get_n_tickets (server), >, tickets);

  /* Live tickets are served like any other. */
  {
    g_autoptr(Reply) reply = NULL;
    g_autofree char *path = NULL;
    gint64 id = tend_demo_server_add_live_change (server);

    g_assert_cmpint (id, >, 0);
    path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT "/comments.json", id);
    reply = get_ok (server, path);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (reply), "comments")), >, 0);
  }
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (tend_demo_server_start_finish (TEND_DEMO_SERVER (object), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

static void
url_notified_cb (TendDemoServer *server,
                 GParamSpec     *pspec,
                 gboolean       *notified)
{
  /* On the thread that asked, like the answer. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  *notified = TRUE;
}

static void
test_start_async (void)
{
  g_autoptr(TendDemoServer) server = tend_demo_server_new (25, 8);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gboolean notified = FALSE;

  g_signal_connect (server, "notify::url", G_CALLBACK (url_notified_cb), &notified);
  tend_demo_server_start_async (server, NULL, started_cb, loop);
  g_main_loop_run (loop);

  g_assert_true (notified);
  g_assert_true (g_str_has_prefix (tend_demo_server_get_url (server), "http://127.0.0.1:"));
  {
    g_autoptr(Reply) me = get_ok (server, "/api/v2/users/me");

    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root (me), "user"), "id"),
                     ==, tend_demo_server_get_me_id (server));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  shared = start_server (N_TICKETS, SEED, TEND_USER_ROLE_ADMIN);

  g_test_add_func ("/demo-server/start", test_start);
  g_test_add_func ("/demo-server/start-async", test_start_async);
  g_test_add_func ("/demo-server/binary", test_binary);
  g_test_add_func ("/demo-server/binary-bad-option", test_binary_bad_option);
  g_test_add_func ("/demo-server/auth", test_auth);
  g_test_add_func ("/demo-server/incremental-tickets", test_incremental_tickets);
  g_test_add_func ("/demo-server/search-export", test_search_export);
  g_test_add_func ("/demo-server/ticket-events", test_ticket_events);
  g_test_add_func ("/demo-server/comments", test_comments);
  g_test_add_func ("/demo-server/users-organizations", test_users_organizations);
  g_test_add_func ("/demo-server/help-center-macros-views", test_help_center_macros_views);
  g_test_add_func ("/demo-server/update", test_update);
  g_test_add_func ("/demo-server/incremental-after-change", test_incremental_after_change);
  g_test_add_func ("/demo-server/delete", test_delete);
  g_test_add_func ("/demo-server/rate-limit", test_rate_limit);
  g_test_add_func ("/demo-server/faults", test_faults);
  g_test_add_func ("/demo-server/agent-role", test_agent_role);
  g_test_add_func ("/demo-server/same-seed", test_same_seed);
  g_test_add_func ("/demo-server/live", test_live);

  status = g_test_run ();

  g_clear_object (&shared);

  return status;
}
