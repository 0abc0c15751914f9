/* tend-http.h: one HTTP client per helpdesk account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_HTTP (tend_http_get_type ())
G_DECLARE_FINAL_TYPE (TendHttp, tend_http, TEND, HTTP, GObject)

/* One SoupSession per account, talking JSON to one base URL.
 *
 * The request functions block: they are meant for a worker thread (a sync
 * runs its backend in one). Configure the client (credentials, delays)
 * before the first request; after that, requests may be sent from any
 * thread (libsoup ≥ 3.2).
 *
 * Failures are TEND_ERROR codes: AUTH (401/403), NOT_FOUND (404),
 * CONFLICT (409/412), RATE_LIMITED (429 after the allowed waits), NETWORK
 * (refused, DNS, TLS, cut connection, timeout: the message says which),
 * BAD_RESPONSE (not JSON, truncated, too deep or too large) and FAILED
 * (any other status). 5xx answers and network errors are retried with
 * exponential backoff and jitter, a bounded number of times; 429 waits for
 * Retry-After; 401 is never retried. */

/* https:// anywhere; http:// only to this computer (127.0.0.0/8, ::1,
 * localhost), otherwise TEND_ERROR_INVALID. */
TendHttp           *tend_http_new                      (const char    *base_url,
                                                        GError       **error);
const char         *tend_http_get_base_url             (TendHttp      *self);
/* Zendesk's API token form: Basic base64("EMAIL/token:TOKEN"). */
void                tend_http_set_api_token            (TendHttp      *self,
                                                        const char    *email,
                                                        const char    *token);
void                tend_http_set_bearer_token         (TendHttp      *self,
                                                        const char    *token);
/* Basic base64("USER:PASSWORD") (Request Tracker with a password). */
void                tend_http_set_basic_auth           (TendHttp      *self,
                                                        const char    *user,
                                                        const char    *password);
/* "Authorization: SCHEME CREDENTIALS" for other schemes, such as Request
 * Tracker's API tokens ("token", "1-14-…"). */
void                tend_http_set_authorization        (TendHttp      *self,
                                                        const char    *scheme,
                                                        const char    *credentials);
/* Attempts for one request in all (default 4). */
void                tend_http_set_max_attempts         (TendHttp      *self,
                                                        guint          max_attempts);
/* The first backoff delay, doubled at each retry (default 500 ms, or the
 * TEND_HTTP_BASE_DELAY_MS environment variable, which tests use). */
void                tend_http_set_base_delay_ms        (TendHttp      *self,
                                                        guint          base_delay_ms);
guint               tend_http_get_base_delay_ms        (TendHttp      *self);
/* How long a Retry-After may make a request wait at most (default 15 min,
 * or TEND_HTTP_MAX_RETRY_AFTER_MS) before giving up with RATE_LIMITED. */
void                tend_http_set_max_retry_after_ms   (TendHttp      *self,
                                                        guint          max_ms);

/* How long connecting may take: name lookup, TCP and the TLS handshake
 * (default 10 s, or the TEND_HTTP_CONNECT_TIMEOUT_MS environment
 * variable, which tests use). Without it a server that accepts the
 * connection and stays silent, such as an https:// address pointing at a
 * plain-http port, holds each attempt for the minute of the I/O timeout.
 * A TLS handshake that times out is not retried: what answers TCP but
 * not TLS is almost always the wrong port, not a busy server. 0 turns the
 * limit off. */
void                tend_http_set_connect_timeout_ms   (TendHttp      *self,
                                                        guint          timeout_ms);
guint               tend_http_get_connect_timeout_ms   (TendHttp      *self);
/* How long one attempt may wait for the answer's headers, connecting
 * included (default 0: only the 60 s I/O timeout applies, which a slow
 * search on a big helpdesk may need). */
void                tend_http_set_answer_timeout_ms    (TendHttp      *self,
                                                        guint          timeout_ms);
guint               tend_http_get_answer_timeout_ms    (TendHttp      *self);
/* For a person waiting on the answer, such as validating an account: a
 * single attempt (no retries) and an answer within 12 s (or
 * TEND_HTTP_INTERACTIVE_TIMEOUT_MS), so that a dialog or a prompt says
 * what is wrong instead of spinning for minutes. A sync keeps the
 * default: retries with backoff for transient failures. */
void                tend_http_set_interactive          (TendHttp      *self,
                                                        gboolean       interactive);

/* GET @path ("/api/v2/…", with its query) or an absolute URL on the same
 * origin (a "next page" link). The answer's parsed JSON. */
JsonNode           *tend_http_get_json                 (TendHttp      *self,
                                                        const char    *path,
                                                        GCancellable  *cancellable,
                                                        GError       **error);
/* Sends @body (may be NULL) with @method; NULL without error for an empty
 * 2xx answer (204). */
JsonNode           *tend_http_send_json                (TendHttp      *self,
                                                        const char    *method,
                                                        const char    *path,
                                                        JsonNode      *body,
                                                        GCancellable  *cancellable,
                                                        GError       **error);
/* The same with extra request headers (@request_headers: name, value,
 * name, value, …, NULL; may be NULL), and the answer's headers in
 * @response_headers (may be NULL; lower-case names → values, set
 * whenever an answer arrived, a refusal too): for conditional requests
 * (If-Match, ETag) and the Location of what a POST created. */
JsonNode           *tend_http_send_json_full           (TendHttp            *self,
                                                        const char          *method,
                                                        const char          *path,
                                                        JsonNode            *body,
                                                        const char * const  *request_headers,
                                                        GHashTable         **response_headers,
                                                        GCancellable        *cancellable,
                                                        GError             **error);

/* What the server last said about its budget: -1 when it never said. */
int                 tend_http_get_rate_limit_remaining (TendHttp      *self);
int                 tend_http_get_rate_limit           (TendHttp      *self);
/* Counters, for progress, tests and benchmarks. */
guint               tend_http_get_n_requests           (TendHttp      *self);
guint               tend_http_get_n_retries            (TendHttp      *self);
guint64             tend_http_get_bytes_received       (TendHttp      *self);

/* Parses untrusted JSON: rejects nesting deeper than 512 levels before
 * json-glib's recursive parser sees it (it would overflow the stack), and
 * reports TEND_ERROR_BAD_RESPONSE. */
JsonNode           *tend_http_parse_json               (const char    *data,
                                                        gsize          length,
                                                        GError       **error);

/* Sleeps up to @ms, returning early (FALSE, G_IO_ERROR_CANCELLED) when
 * @cancellable is cancelled. */
gboolean            tend_http_sleep                    (guint          ms,
                                                        GCancellable  *cancellable,
                                                        GError       **error);

G_END_DECLS
