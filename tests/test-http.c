/* test-http.c: TendHttp's deadlines against servers that stay silent
 *
 * A listening socket that never accepts is the silent server: the kernel
 * completes the TCP handshake and queues what the client sends, and
 * nothing ever answers, the way a plain-http port meets a TLS client that
 * waits for the server's half of the handshake, or a hung server meets a
 * request. The deadlines are set to fractions of a second, so each case
 * takes about as long as its deadline; the upper bounds (8 s) leave room
 * for a loaded machine or a sanitizer build (the first TLS setup reads
 * the system's certificates, which no cancellation interrupts) and are
 * still far below the minute of libsoup's I/O timeout they guard against.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-http"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "tend-engine.h"
#include "tend-http.h"

/* A loopback port that accepts connections (in the kernel) and never
 * reads or writes. */
typedef struct
{
  GSocket *socket;
  guint16  port;
} Silent;

static void
silent_start (Silent *silent)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  silent->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (silent->socket, address, TRUE, &error));
  g_assert_no_error (error);
  g_socket_set_listen_backlog (silent->socket, 32);
  g_assert_true (g_socket_listen (silent->socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (silent->socket, &error);
  g_assert_no_error (error);
  silent->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
silent_stop (Silent *silent)
{
  g_socket_close (silent->socket, NULL);
  g_clear_object (&silent->socket);
}

static TendHttp *
http_for (const char *scheme,
          guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s://127.0.0.1:%u", scheme, port);
  TendHttp *http = tend_http_new (url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (http);
  tend_http_set_base_delay_ms (http, 10);
  return http;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* A GET of @path over @scheme to a silent server, with a connect
 * deadline of @connect_timeout_ms or, for 0, as someone waiting for it
 * (interactive). It must fail with a network error: returns how long it
 * took, in seconds, the error in @error and the client in @http. */
static double
silent_get_fails (const char  *scheme,
                  guint        connect_timeout_ms,
                  const char  *path,
                  TendHttp   **http,
                  GError     **error)
{
  Silent silent = { 0, };
  g_autoptr(JsonNode) node = NULL;
  gint64 start;
  double elapsed;

  silent_start (&silent);
  *http = http_for (scheme, silent.port);
  if (connect_timeout_ms > 0)
    tend_http_set_connect_timeout_ms (*http, connect_timeout_ms);
  else
    tend_http_set_interactive (*http, TRUE);

  start = g_get_monotonic_time ();
  node = tend_http_get_json (*http, path, NULL, error);
  elapsed = seconds_since (start);
  silent_stop (&silent);

  g_assert_null (node);
  g_assert_error (*error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_test_message ("%.2f s: %s", elapsed, (*error)->message);
  return elapsed;
}

/* The defaults: a connect deadline on, no answer deadline, four tries. */
static void
test_http_defaults (void)
{
  g_autoptr(TendHttp) http = http_for ("https", 443);

  g_assert_cmpuint (tend_http_get_connect_timeout_ms (http), ==, 10 * 1000);
  g_assert_cmpuint (tend_http_get_answer_timeout_ms (http), ==, 0);

  tend_http_set_interactive (http, TRUE);
  /* main() sets TEND_HTTP_INTERACTIVE_TIMEOUT_MS. */
  g_assert_cmpuint (tend_http_get_answer_timeout_ms (http), ==, 700);
  g_assert_cmpuint (tend_http_get_connect_timeout_ms (http), ==, 700);

  tend_http_set_interactive (http, FALSE);
  g_assert_cmpuint (tend_http_get_answer_timeout_ms (http), ==, 0);
  g_assert_cmpuint (tend_http_get_connect_timeout_ms (http), ==, 10 * 1000);
}

/* https:// to a port that accepts and never speaks TLS: the handshake
 * deadline cuts it, and it is not tried again (a wrong port stays wrong). */
static void
test_http_tls_handshake_timeout (void)
{
  g_autoptr(TendHttp) http = NULL;
  g_autoptr(GError) error = NULL;
  double elapsed = silent_get_fails ("https", 300, "/api/v2/users/me.json", &http, &error);

  g_assert_nonnull (strstr (error->message, "TLS"));
  g_assert_nonnull (strstr (error->message, "http://"));
  g_assert_cmpfloat (elapsed, >=, 0.25);
  g_assert_cmpfloat (elapsed, <, 8.0);
  g_assert_cmpuint (tend_http_get_n_requests (http), ==, 1);
  g_assert_cmpuint (tend_http_get_n_retries (http), ==, 0);
}

/* http:// to a server that takes the request and never answers. */
static void
test_http_answer_timeout_interactive (void)
{
  g_autoptr(TendHttp) http = NULL;
  g_autoptr(GError) error = NULL;
  double elapsed = silent_get_fails ("http", 0, "/REST/2.0/user/agent", &http, &error);

  g_assert_nonnull (strstr (error->message, "did not answer within 1 s"));
  /* One attempt: no retries while someone waits. */
  g_assert_cmpuint (tend_http_get_n_requests (http), ==, 1);
  g_assert_cmpuint (tend_http_get_n_retries (http), ==, 0);
  g_assert_cmpfloat (elapsed, >=, 0.6);
  g_assert_cmpfloat (elapsed, <, 8.0);
}

/* The same interactively over https://: the whole-answer deadline cuts
 * the handshake too, and says it was the handshake. */
static void
test_http_tls_interactive (void)
{
  g_autoptr(TendHttp) http = NULL;
  g_autoptr(GError) error = NULL;
  double elapsed = silent_get_fails ("https", 0, "/REST/2.0/user/agent", &http, &error);

  g_assert_nonnull (strstr (error->message, "TLS handshake"));
  g_assert_cmpuint (tend_http_get_n_requests (http), ==, 1);
  g_assert_cmpfloat (elapsed, <, 8.0);
}

/* A sync keeps its retries for a server that stopped answering (that may
 * pass), but never sends a change twice that may have arrived. */
static void
test_http_answer_timeout_sync (void)
{
  Silent silent = { 0, };
  g_autoptr(TendHttp) http = NULL;
  g_autoptr(TendHttp) poster = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"Content\":\"hello\"}", NULL);
  g_autoptr(GError) error = NULL;

  silent_start (&silent);
  http = http_for ("http", silent.port);
  tend_http_set_answer_timeout_ms (http, 200);
  tend_http_set_max_attempts (http, 3);

  node = tend_http_get_json (http, "/REST/2.0/tickets", NULL, &error);
  g_assert_null (node);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "did not answer"));
  g_assert_cmpuint (tend_http_get_n_requests (http), ==, 3);
  g_assert_cmpuint (tend_http_get_n_retries (http), ==, 2);
  g_clear_error (&error);

  poster = http_for ("http", silent.port);
  tend_http_set_answer_timeout_ms (poster, 200);
  tend_http_set_max_attempts (poster, 3);
  node = tend_http_send_json (poster, "POST", "/REST/2.0/ticket/1/correspond", body, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_assert_cmpuint (tend_http_get_n_requests (poster), ==, 1);

  silent_stop (&silent);
}

/* The caller's cancellation is a cancellation, not a timeout. */
static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_REMOVE;
}

typedef struct
{
  TendHttp     *http;
  GCancellable *cancellable;
  GError       *error;
  JsonNode     *node;
  gboolean      done;
} Request;

static gpointer
request_thread (gpointer data)
{
  Request *request = data;

  request->node = tend_http_get_json (request->http, "/slow", request->cancellable, &request->error);
  g_atomic_int_set (&request->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Sends a GET from a thread while this one serves (the server runs in
 * the default main context). */
static void
run_request (Request *request)
{
  GThread *thread;

  request->done = FALSE;
  thread = g_thread_new ("request", request_thread, request);
  while (!g_atomic_int_get (&request->done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
}

static void
test_http_cancel_is_not_timeout (void)
{
  Silent silent = { 0, };
  g_autoptr(TendHttp) http = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Request request = { 0, };
  gint64 start;

  silent_start (&silent);
  http = http_for ("http", silent.port);
  tend_http_set_answer_timeout_ms (http, 5000);

  request.http = http;
  request.cancellable = cancellable;
  g_timeout_add (200, cancel_later, cancellable);
  start = g_get_monotonic_time ();
  run_request (&request);

  g_assert_null (request.node);
  g_assert_error (request.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (seconds_since (start), <, 8.0);
  g_assert_cmpuint (tend_http_get_n_requests (http), ==, 1);
  g_clear_error (&request.error);

  silent_stop (&silent);
}

/* A server that is up but slow: neither deadline may cut a good answer
 * that takes longer than the connect deadline, on a new connection or on
 * a kept-alive one (where no connecting happens at all). */
static gboolean
unpause_later (gpointer data)
{
  SoupServerMessage *message = data;
  static const char body[] = "{\"ok\":true}";

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
  soup_server_message_unpause (message);
  g_object_unref (message);
  return G_SOURCE_REMOVE;
}

static void
serve_slowly (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  soup_server_message_pause (message);
  g_timeout_add (400, unpause_later, g_object_ref (message));
}

/* The client first (its kept-alive connection), then the server's own
 * connections, so that nothing is left behind for the next test. */
static void
server_close (SoupServer *server,
              TendHttp  **http)
{
  g_clear_object (http);
  soup_server_disconnect (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A TendHttp for @scheme to a local server that answers slowly. */
static TendHttp *
http_for_slow_server (SoupServer *server,
                      const char *scheme)
{
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GError) error = NULL;
  TendHttp *http;

  soup_server_add_handler (server, NULL, serve_slowly, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  http = http_for (scheme, (guint16) g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return http;
}

static void
test_http_slow_answer_is_fine (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(TendHttp) http = NULL;
  Request request = { 0, };

  http = http_for_slow_server (server, "http");
  tend_http_set_connect_timeout_ms (http, 100);
  tend_http_set_answer_timeout_ms (http, 3000);

  request.http = http;
  for (guint i = 0; i < 2; i++)
    {
      run_request (&request);
      g_assert_no_error (request.error);
      g_assert_nonnull (request.node);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (request.node));
      g_assert_true (json_object_get_boolean_member (json_node_get_object (request.node), "ok"));
      g_clear_pointer (&request.node, json_node_unref);
    }
  g_assert_cmpuint (tend_http_get_n_requests (http), ==, 2);
  g_assert_cmpuint (tend_http_get_n_retries (http), ==, 0);

  server_close (server, &http);
}

/* https:// to a real plain-http server (as RT's rt-server is): it waits
 * for the end of request headers that a TLS hello never brings, so only
 * the handshake deadline ends the wait; said as TLS, not retried. */
static void
test_http_tls_to_http_server (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(TendHttp) http = NULL;
  Request request = { 0, };
  gint64 start;

  http = http_for_slow_server (server, "https");
  tend_http_set_connect_timeout_ms (http, 1000);

  request.http = http;
  start = g_get_monotonic_time ();
  run_request (&request);
  g_test_message ("%.2f s: %s", seconds_since (start),
                  request.error != NULL ? request.error->message : "(no error)");

  g_assert_null (request.node);
  g_assert_error (request.error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_assert_nonnull (strstr (request.error->message, "TLS"));
  g_assert_cmpuint (tend_http_get_n_requests (http), ==, 1);
  g_assert_cmpfloat (seconds_since (start), <, 8.0);
  g_clear_error (&request.error);

  server_close (server, &http);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TEND_HTTP_INTERACTIVE_TIMEOUT_MS", "700", TRUE);
  g_unsetenv ("TEND_HTTP_CONNECT_TIMEOUT_MS");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/http/timeout/defaults", test_http_defaults);
  g_test_add_func ("/http/timeout/tls-handshake", test_http_tls_handshake_timeout);
  g_test_add_func ("/http/timeout/tls-interactive", test_http_tls_interactive);
  g_test_add_func ("/http/timeout/tls-to-http-server", test_http_tls_to_http_server);
  g_test_add_func ("/http/timeout/answer-interactive", test_http_answer_timeout_interactive);
  g_test_add_func ("/http/timeout/answer-sync", test_http_answer_timeout_sync);
  g_test_add_func ("/http/timeout/cancel", test_http_cancel_is_not_timeout);
  g_test_add_func ("/http/timeout/slow-answer", test_http_slow_answer_is_fine);

  return g_test_run ();
}
