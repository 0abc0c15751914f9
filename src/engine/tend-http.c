/* tend-http.c: one HTTP client per helpdesk account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "tend-http-private.h"

#define DEFAULT_MAX_ATTEMPTS        4
#define DEFAULT_BASE_DELAY_MS       500
#define MAX_BACKOFF_MS              (60 * 1000)
#define DEFAULT_MAX_RETRY_AFTER_MS  (15 * 60 * 1000)
#define DEFAULT_CONNECT_TIMEOUT_MS  (10 * 1000)
#define INTERACTIVE_TIMEOUT_MS      (12 * 1000)
/* 429s one request may wait through before giving up. */
#define MAX_RATE_LIMIT_WAITS        20
/* Far more than any page of a helpdesk API; a bound on hostile servers. */
#define MAX_RESPONSE_BYTES          ((gsize) 256 * 1024 * 1024)
#define MAX_JSON_DEPTH              512
#define READ_CHUNK                  (64 * 1024)

struct _TendHttp
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *base_uri;
  char        *base_url;     /* without a trailing slash */
  char        *authorization;

  guint        max_attempts;
  guint        base_delay_ms;
  guint        max_retry_after_ms;
  guint        connect_timeout_ms;
  guint        answer_timeout_ms;

  int          rate_limit_remaining;  /* atomic */
  int          rate_limit;            /* atomic */
  guint        n_requests;            /* atomic */
  guint        n_retries;             /* atomic */
  GMutex       bytes_lock;
  guint64      bytes_received;
};

G_DEFINE_FINAL_TYPE (TendHttp, tend_http, G_TYPE_OBJECT)

static void
tend_http_finalize (GObject *object)
{
  TendHttp *self = TEND_HTTP (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);
  _tend_http_wipe_string (&self->authorization);
  g_mutex_clear (&self->bytes_lock);

  G_OBJECT_CLASS (tend_http_parent_class)->finalize (object);
}

static void
tend_http_class_init (TendHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_http_finalize;
}

guint
_tend_http_env_uint (const char *name,
                     guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 parsed;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &parsed, NULL))
    return fallback;
  return (guint) parsed;
}

static void
tend_http_init (TendHttp *self)
{
  g_mutex_init (&self->bytes_lock);
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = _tend_http_env_uint ("TEND_HTTP_BASE_DELAY_MS", DEFAULT_BASE_DELAY_MS);
  self->max_retry_after_ms = _tend_http_env_uint ("TEND_HTTP_MAX_RETRY_AFTER_MS", DEFAULT_MAX_RETRY_AFTER_MS);
  self->connect_timeout_ms = _tend_http_env_uint ("TEND_HTTP_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT_MS);
  self->rate_limit_remaining = -1;
  self->rate_limit = -1;
}

gboolean
_tend_http_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
_tend_http_same_origin (GUri *a,
                        GUri *b)
{
  return a != NULL && b != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

SoupSession *
_tend_http_session_new (void)
{
  return soup_session_new_with_options ("timeout", 60,
                                        "idle-timeout", 60,
                                        "max-conns-per-host", 4,
                                        "user-agent", "Tend/" PACKAGE_VERSION " ",
                                        NULL);
}

void
_tend_http_wipe_string (char **value)
{
  if (*value != NULL)
    {
      /* A credential: do not leave it lying in freed memory. */
      memset (*value, 0, strlen (*value));
      g_clear_pointer (value, g_free);
    }
}

char *
_tend_http_basic_authorization (char *plain)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) plain, strlen (plain));
  char *value = g_strconcat ("Basic ", encoded, NULL);

  memset (plain, 0, strlen (plain));
  memset (encoded, 0, strlen (encoded));
  return value;
}

gboolean
_tend_http_error_is_unreachable (const GError *cause)
{
  return cause->domain == G_RESOLVER_ERROR ||
         g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

gboolean
_tend_http_body_was_cut (SoupMessageHeaders *headers,
                         guint64             received)
{
  return soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
         soup_message_headers_get_one (headers, "Content-Encoding") == NULL &&
         (goffset) received < soup_message_headers_get_content_length (headers);
}

TendHttp *
tend_http_new (const char  *base_url,
               GError     **error)
{
  g_autoptr(TendHttp) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  const char *scheme;
  gsize len;

  if (base_url == NULL || base_url[0] == '\0')
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("No helpdesk address was given"));
      return NULL;
    }

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("“%s” is not a web address (expected https://NAME.zendesk.com)"),
                   base_url);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      if (g_ascii_strcasecmp (scheme, "http") != 0)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       _("“%s” is not an https:// address"), base_url);
          return NULL;
        }
      /* Credentials travel in every request: in clear text only to this
       * computer (the demo helpdesk, tests). */
      if (!_tend_http_host_is_loopback (g_uri_get_host (uri)))
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       _("Refusing plain http:// to %s: use https://, "
                         "plain http is only allowed to this computer "
                         "(127.0.0.1, ::1, localhost)"),
                       g_uri_get_host (uri));
          return NULL;
        }
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("The helpdesk address “%s” must not contain a query or a user name"),
                   base_url);
      return NULL;
    }

  url = g_uri_to_string_partial (uri, G_URI_HIDE_FRAGMENT);
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  self = g_object_new (TEND_TYPE_HTTP, NULL);
  self->base_uri = g_steal_pointer (&uri);
  self->base_url = g_steal_pointer (&url);
  self->session = _tend_http_session_new ();

  return g_steal_pointer (&self);
}

const char *
tend_http_get_base_url (TendHttp *self)
{
  g_return_val_if_fail (TEND_IS_HTTP (self), NULL);

  return self->base_url;
}

static void
set_authorization (TendHttp   *self,
                   char       *value)
{
  _tend_http_wipe_string (&self->authorization);
  self->authorization = value;
}

void
tend_http_set_api_token (TendHttp   *self,
                         const char *email,
                         const char *token)
{
  g_autofree char *plain = NULL;

  g_return_if_fail (TEND_IS_HTTP (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (token != NULL);

  plain = g_strdup_printf ("%s/token:%s", email, token);
  set_authorization (self, _tend_http_basic_authorization (plain));
}

void
tend_http_set_bearer_token (TendHttp   *self,
                            const char *token)
{
  g_return_if_fail (TEND_IS_HTTP (self));
  g_return_if_fail (token != NULL);

  set_authorization (self, g_strconcat ("Bearer ", token, NULL));
}

void
tend_http_set_basic_auth (TendHttp   *self,
                          const char *user,
                          const char *password)
{
  g_autofree char *plain = NULL;

  g_return_if_fail (TEND_IS_HTTP (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);

  plain = g_strdup_printf ("%s:%s", user, password);
  set_authorization (self, _tend_http_basic_authorization (plain));
}

void
tend_http_set_authorization (TendHttp   *self,
                             const char *scheme,
                             const char *credentials)
{
  g_return_if_fail (TEND_IS_HTTP (self));
  g_return_if_fail (scheme != NULL && scheme[0] != '\0');
  g_return_if_fail (credentials != NULL);

  set_authorization (self, g_strconcat (scheme, " ", credentials, NULL));
}

void
tend_http_set_max_attempts (TendHttp *self,
                            guint     max_attempts)
{
  g_return_if_fail (TEND_IS_HTTP (self));

  self->max_attempts = MAX (max_attempts, 1);
}

void
tend_http_set_base_delay_ms (TendHttp *self,
                             guint     base_delay_ms)
{
  g_return_if_fail (TEND_IS_HTTP (self));

  self->base_delay_ms = base_delay_ms;
}

guint
tend_http_get_base_delay_ms (TendHttp *self)
{
  g_return_val_if_fail (TEND_IS_HTTP (self), 0);

  return self->base_delay_ms;
}

void
tend_http_set_max_retry_after_ms (TendHttp *self,
                                  guint     max_ms)
{
  g_return_if_fail (TEND_IS_HTTP (self));

  self->max_retry_after_ms = max_ms;
}

void
tend_http_set_connect_timeout_ms (TendHttp *self,
                                  guint     timeout_ms)
{
  g_return_if_fail (TEND_IS_HTTP (self));

  self->connect_timeout_ms = timeout_ms;
}

guint
tend_http_get_connect_timeout_ms (TendHttp *self)
{
  g_return_val_if_fail (TEND_IS_HTTP (self), 0);

  return self->connect_timeout_ms;
}

void
tend_http_set_answer_timeout_ms (TendHttp *self,
                                 guint     timeout_ms)
{
  g_return_if_fail (TEND_IS_HTTP (self));

  self->answer_timeout_ms = timeout_ms;
}

guint
tend_http_get_answer_timeout_ms (TendHttp *self)
{
  g_return_val_if_fail (TEND_IS_HTTP (self), 0);

  return self->answer_timeout_ms;
}

void
tend_http_set_interactive (TendHttp *self,
                           gboolean  interactive)
{
  g_return_if_fail (TEND_IS_HTTP (self));

  if (interactive)
    {
      guint timeout = _tend_http_env_uint ("TEND_HTTP_INTERACTIVE_TIMEOUT_MS", INTERACTIVE_TIMEOUT_MS);

      self->max_attempts = 1;
      self->answer_timeout_ms = timeout;
      if (self->connect_timeout_ms == 0 || self->connect_timeout_ms > timeout)
        self->connect_timeout_ms = timeout;
    }
  else
    {
      self->max_attempts = DEFAULT_MAX_ATTEMPTS;
      self->answer_timeout_ms = 0;
      self->connect_timeout_ms = _tend_http_env_uint ("TEND_HTTP_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT_MS);
    }
}

int
tend_http_get_rate_limit_remaining (TendHttp *self)
{
  g_return_val_if_fail (TEND_IS_HTTP (self), -1);

  return g_atomic_int_get (&self->rate_limit_remaining);
}

int
tend_http_get_rate_limit (TendHttp *self)
{
  g_return_val_if_fail (TEND_IS_HTTP (self), -1);

  return g_atomic_int_get (&self->rate_limit);
}

guint
tend_http_get_n_requests (TendHttp *self)
{
  g_return_val_if_fail (TEND_IS_HTTP (self), 0);

  return (guint) g_atomic_int_get (&self->n_requests);
}

guint
tend_http_get_n_retries (TendHttp *self)
{
  g_return_val_if_fail (TEND_IS_HTTP (self), 0);

  return (guint) g_atomic_int_get (&self->n_retries);
}

guint64
tend_http_get_bytes_received (TendHttp *self)
{
  guint64 bytes;

  g_return_val_if_fail (TEND_IS_HTTP (self), 0);

  g_mutex_lock (&self->bytes_lock);
  bytes = self->bytes_received;
  g_mutex_unlock (&self->bytes_lock);
  return bytes;
}

gboolean
tend_http_sleep (guint          ms,
                 GCancellable  *cancellable,
                 GError       **error)
{
  GPollFD pollfd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (ms == 0)
    return TRUE;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pollfd))
    {
      gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
      gint64 now;

      /* g_poll may wake early on a signal; keep waiting until the
       * deadline or the cancellation. */
      while ((now = g_get_monotonic_time ()) < deadline &&
             !g_cancellable_is_cancelled (cancellable))
        g_poll (&pollfd, 1, (int) MAX (1, (deadline - now + 999) / 1000));
      g_cancellable_release_fd (cancellable);
    }
  else
    g_usleep ((gulong) ms * 1000);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* JSON */

static gboolean
check_json_depth (const char  *data,
                  gsize        length,
                  GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > MAX_JSON_DEPTH)
            {
              g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The server's answer is nested more than %u levels deep"),
                           MAX_JSON_DEPTH);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return TRUE;
}

JsonNode *
tend_http_parse_json (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The server sent an empty answer where JSON was expected"));
      return NULL;
    }

  if (!check_json_depth (data, length, error))
    return NULL;

  if (length > G_MAXSSIZE)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The server's answer is too large"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("The server's answer is not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The server sent an empty answer where JSON was expected"));
      return NULL;
    }

  return json_node_ref (root);
}

/* Requests */

typedef enum
{
  OUTCOME_OK,
  OUTCOME_FATAL,        /* error set, do not retry */
  OUTCOME_RETRY,        /* error set, retry after backoff */
  OUTCOME_RATE_LIMITED, /* error set, retry after Retry-After */
} Outcome;

static gboolean
error_is_tls (GError *error)
{
  return error->domain == G_TLS_ERROR;
}

/* Turns a GIO / libsoup failure into a TEND_ERROR_NETWORK with a message
 * saying what happened. Returns whether trying again may help. */
static gboolean
set_network_error (TendHttp    *self,
                   GError      *cause,
                   gboolean     while_reading,
                   GError     **error)
{
  const char *host = g_uri_get_host (self->base_uri);

  if (cause->domain == G_RESOLVER_ERROR)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("Cannot find the server %s (DNS): %s"), host, cause->message);
      return g_error_matches (cause, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE);
    }

  if (error_is_tls (cause))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("Secure connection (TLS) to %s failed: %s"), host, cause->message);
      /* A bad certificate does not get better by asking again. */
      return !g_error_matches (cause, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
             !g_error_matches (cause, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS);
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("The server %s refused the connection"), host);
      return TRUE;
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("The server %s did not answer in time"), host);
      return TRUE;
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("The server %s cannot be reached: %s"), host, cause->message);
      return TRUE;
    }

  if (while_reading ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      cause->domain == SOUP_SESSION_ERROR)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("The connection to %s was cut: %s"), host, cause->message);
      return TRUE;
    }

  g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
               _("Network error talking to %s: %s"), host, cause->message);
  return TRUE;
}

/* The server's own words about an error, if it sent any JSON: short,
 * single-line and valid UTF-8 since it ends up in a label. */
static char *
dup_server_message (GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) text = NULL;
  const char *data;
  gsize length;
  JsonObject *object;
  JsonNode *node;
  const char *keys[] = { "error", "description", "message", "details" };

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &length);
  if (length == 0 || length > 64 * 1024)
    return NULL;

  root = tend_http_parse_json (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  text = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      node = json_object_get_member (object, keys[i]);
      if (node == NULL)
        continue;
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          if (text->len > 0)
            g_string_append (text, ": ");
          g_string_append (text, json_node_get_string (node));
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          /* {"error": {"title": …, "message": …}} */
          const char *sub[] = { "title", "message" };

          for (guint j = 0; j < G_N_ELEMENTS (sub); j++)
            {
              JsonNode *s = json_object_get_member (json_node_get_object (node), sub[j]);

              if (s != NULL && JSON_NODE_HOLDS_VALUE (s) &&
                  json_node_get_value_type (s) == G_TYPE_STRING)
                {
                  if (text->len > 0)
                    g_string_append (text, ": ");
                  g_string_append (text, json_node_get_string (s));
                }
            }
        }
    }

  if (text->len == 0)
    return NULL;

  if (text->len > 200)
    {
      const char *end = g_utf8_find_prev_char (text->str, text->str + 200);

      g_string_truncate (text, end != NULL ? (gsize) (end - text->str) : 0);
      g_string_append (text, "…");
    }
  for (gsize i = 0; i < text->len; i++)
    {
      if ((guchar) text->str[i] < 0x20)
        text->str[i] = ' ';
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static guint
parse_retry_after_ms (SoupMessageHeaders *headers,
                      guint               fallback_ms)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  guint64 seconds;

  if (value == NULL)
    return fallback_ms;
  while (*value == ' ')
    value++;
  if (!g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return fallback_ms;
  return (guint) seconds * 1000;
}

static void
observe_rate_limit (TendHttp           *self,
                    SoupMessageHeaders *headers)
{
  const char *value;
  guint64 n;

  value = soup_message_headers_get_one (headers, "X-Rate-Limit-Remaining");
  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &n, NULL))
    g_atomic_int_set (&self->rate_limit_remaining, (int) n);

  value = soup_message_headers_get_one (headers, "X-Rate-Limit");
  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &n, NULL))
    g_atomic_int_set (&self->rate_limit, (int) n);
}

/* When the server says the minute's budget is nearly spent, spread the
 * rest over the minute instead of running into a 429. Scaled by the base
 * delay so tests with tiny delays are not slowed down. */
static guint
pacing_delay_ms (TendHttp *self)
{
  int remaining = g_atomic_int_get (&self->rate_limit_remaining);
  int limit = g_atomic_int_get (&self->rate_limit);
  guint64 delay;

  if (remaining < 0 || limit <= 0 || remaining * 10 > limit)
    return 0;

  delay = 60 * 1000 / (guint64) limit;
  delay = delay * self->base_delay_ms / DEFAULT_BASE_DELAY_MS;
  return (guint) MIN (delay, 5000);
}

static GBytes *
read_body (TendHttp      *self,
           GInputStream  *stream,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;

  for (;;)
    {
      gsize old_len = buffer->len;
      gssize n;

      g_byte_array_set_size (buffer, old_len + READ_CHUNK);
      n = g_input_stream_read (stream, buffer->data + old_len, READ_CHUNK,
                               cancellable, &local_error);
      if (n < 0)
        {
          g_byte_array_set_size (buffer, old_len);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_byte_array_set_size (buffer, old_len + (gsize) n);
      if (n == 0)
        break;

      if (buffer->len > MAX_RESPONSE_BYTES)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                       _("The server's answer is larger than %u MB"),
                       (guint) (MAX_RESPONSE_BYTES / (1024 * 1024)));
          return NULL;
        }
    }

  g_mutex_lock (&self->bytes_lock);
  self->bytes_received += buffer->len;
  g_mutex_unlock (&self->bytes_lock);

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* Deadlines for one attempt
 *
 * libsoup 3.2 has one I/O timeout, applied to every step alike: connecting,
 * the TLS handshake and waiting for the answer each get a minute. A silent
 * server then holds an attempt for that minute, times the retries. The
 * deadlines here cancel an attempt sooner, from a thread of their own,
 * since the attempt blocks the thread that sends it. */

typedef enum
{
  PHASE_CONNECTING,
  PHASE_WAITING,     /* the request is out, the answer's headers are not in */
  PHASE_ANSWERED,
} Phase;

typedef enum
{
  TIMED_OUT_NOT,
  TIMED_OUT_CONNECTING,
  TIMED_OUT_HANDSHAKE,
  TIMED_OUT_ANSWER,
} TimedOut;

typedef struct
{
  /* The attempt's: cancelled by the caller's cancellable or a deadline. */
  GCancellable *cancellable;
  GCancellable *caller;
  gulong        caller_handler;
  SoupMessage  *msg;           /* unowned; the handlers are gone before it is */
  GMutex        lock;          /* the timers */
  GSource      *connect_timer;
  GSource      *answer_timer;
  guint         connect_timeout_ms;
  guint         answer_timeout_ms;
  gboolean      tls;
  int           phase;         /* atomic Phase */
  int           in_handshake;  /* atomic */
  int           timed_out;     /* atomic TimedOut */
} Watch;

static gpointer
watchdog_thread (gpointer data)
{
  GMainContext *context = data;

  for (;;)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

/* One thread for every client: it only sleeps until the next deadline. */
static GMainContext *
watchdog_context (void)
{
  static GMainContext *context;

  if (g_once_init_enter (&context))
    {
      GMainContext *new_context = g_main_context_new ();

      g_thread_unref (g_thread_new ("tend-http-deadlines", watchdog_thread, new_context));
      g_once_init_leave (&context, new_context);
    }
  return context;
}

static void
watch_clear (Watch *watch)
{
  g_clear_object (&watch->cancellable);
  g_mutex_clear (&watch->lock);
}

static void
watch_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) watch_clear);
}

static gboolean
on_connect_deadline (gpointer data)
{
  Watch *watch = data;

  if (g_atomic_int_get (&watch->phase) == PHASE_CONNECTING)
    {
      g_atomic_int_set (&watch->timed_out, g_atomic_int_get (&watch->in_handshake) ?
                        TIMED_OUT_HANDSHAKE : TIMED_OUT_CONNECTING);
      g_cancellable_cancel (watch->cancellable);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
on_answer_deadline (gpointer data)
{
  Watch *watch = data;

  if (g_atomic_int_get (&watch->phase) != PHASE_ANSWERED)
    {
      int phase = g_atomic_int_get (&watch->phase);

      g_atomic_int_set (&watch->timed_out,
                        phase == PHASE_WAITING ? TIMED_OUT_ANSWER :
                        g_atomic_int_get (&watch->in_handshake) ? TIMED_OUT_HANDSHAKE :
                        TIMED_OUT_CONNECTING);
      g_cancellable_cancel (watch->cancellable);
    }
  return G_SOURCE_REMOVE;
}

static GSource *
watch_start_timer (Watch       *watch,
                   guint        timeout_ms,
                   GSourceFunc  callback)
{
  GSource *source = g_timeout_source_new (timeout_ms);

  g_source_set_callback (source, callback, g_atomic_rc_box_acquire (watch), watch_release);
  g_source_attach (source, watchdog_context ());
  return source;
}

static void
watch_stop_timer (Watch    *watch,
                  GSource **timer)
{
  g_mutex_lock (&watch->lock);
  if (*timer != NULL)
    {
      g_source_destroy (*timer);
      g_clear_pointer (timer, g_source_unref);
    }
  g_mutex_unlock (&watch->lock);
}

static void
on_network_event (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            data)
{
  Watch *watch = data;

  switch (event)
    {
    case G_SOCKET_CLIENT_RESOLVING:
    case G_SOCKET_CLIENT_CONNECTING:
      /* From the first sign of a new connection: a request that reuses a
       * kept-alive one, or waits for a free one, has nothing to time. */
      g_mutex_lock (&watch->lock);
      if (watch->connect_timer == NULL && watch->connect_timeout_ms > 0 &&
          g_atomic_int_get (&watch->phase) == PHASE_CONNECTING)
        watch->connect_timer = watch_start_timer (watch, watch->connect_timeout_ms, on_connect_deadline);
      g_mutex_unlock (&watch->lock);
      break;

    case G_SOCKET_CLIENT_CONNECTED:
      /* From here on, https:// waits for TLS: its setup (reading the
       * system's certificates the first time, which can be slow) and
       * the server's half of the handshake. */
      if (watch->tls)
        g_atomic_int_set (&watch->in_handshake, TRUE);
      break;

    case G_SOCKET_CLIENT_TLS_HANDSHAKING:
      g_atomic_int_set (&watch->in_handshake, TRUE);
      break;

    case G_SOCKET_CLIENT_COMPLETE:
      g_atomic_int_set (&watch->in_handshake, FALSE);
      g_atomic_int_compare_and_exchange (&watch->phase, PHASE_CONNECTING, PHASE_WAITING);
      watch_stop_timer (watch, &watch->connect_timer);
      break;

    case G_SOCKET_CLIENT_RESOLVED:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATING:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATED:
    case G_SOCKET_CLIENT_TLS_HANDSHAKED:
    default:
      break;
    }
}

static void
on_wrote_headers (SoupMessage *msg,
                  gpointer     data)
{
  Watch *watch = data;

  /* Written on a connection that is up, new or kept alive. */
  g_atomic_int_compare_and_exchange (&watch->phase, PHASE_CONNECTING, PHASE_WAITING);
  watch_stop_timer (watch, &watch->connect_timer);
}

static void
on_got_headers (SoupMessage *msg,
                gpointer     data)
{
  Watch *watch = data;

  g_atomic_int_set (&watch->phase, PHASE_ANSWERED);
  watch_stop_timer (watch, &watch->connect_timer);
  watch_stop_timer (watch, &watch->answer_timer);
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      data)
{
  Watch *watch = data;

  g_cancellable_cancel (watch->cancellable);
}

static Watch *
watch_new (TendHttp     *self,
           SoupMessage  *msg,
           GCancellable *caller)
{
  Watch *watch = g_atomic_rc_box_new0 (Watch);

  g_mutex_init (&watch->lock);
  watch->cancellable = g_cancellable_new ();
  watch->msg = msg;
  watch->connect_timeout_ms = self->connect_timeout_ms;
  watch->answer_timeout_ms = self->answer_timeout_ms;
  watch->tls = g_ascii_strcasecmp (g_uri_get_scheme (soup_message_get_uri (msg)), "https") == 0;
  g_atomic_int_set (&watch->phase, PHASE_CONNECTING);

  g_signal_connect (msg, "network-event", G_CALLBACK (on_network_event), watch);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_wrote_headers), watch);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), watch);
  if (watch->answer_timeout_ms > 0)
    watch->answer_timer = watch_start_timer (watch, watch->answer_timeout_ms, on_answer_deadline);
  if (caller != NULL)
    {
      watch->caller = caller;
      /* Runs at once when the caller has cancelled already. */
      watch->caller_handler = g_cancellable_connect (caller, G_CALLBACK (on_caller_cancelled), watch, NULL);
    }

  return watch;
}

static void
watch_free (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->msg, watch);
  watch_stop_timer (watch, &watch->connect_timer);
  watch_stop_timer (watch, &watch->answer_timer);
  if (watch->caller != NULL)
    g_cancellable_disconnect (watch->caller, watch->caller_handler);
  watch_release (watch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Watch, watch_free)

/* The deadline that cut a connection: its own or the whole answer's,
 * whichever is shorter; in whole seconds, rounded up. */
static guint
connecting_limit_s (Watch *watch)
{
  guint connect = watch->connect_timeout_ms > 0 ? watch->connect_timeout_ms : G_MAXUINT;
  guint answer = watch->answer_timeout_ms > 0 ? watch->answer_timeout_ms : G_MAXUINT;

  return (guint) (((guint64) MIN (connect, answer) + 999) / 1000);
}

/* Whether a failed attempt was cut by a deadline rather than by the
 * caller; if so, @error says which one. Returns whether trying again may
 * help, in @retry. */
static gboolean
set_timeout_error (TendHttp      *self,
                   Watch         *watch,
                   GCancellable  *caller,
                   gboolean      *retry,
                   GError       **error)
{
  const char *host = g_uri_get_host (self->base_uri);
  TimedOut timed_out = g_atomic_int_get (&watch->timed_out);

  if (timed_out == TIMED_OUT_NOT || g_cancellable_is_cancelled (caller))
    return FALSE;

  switch (timed_out)
    {
    case TIMED_OUT_HANDSHAKE:
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("Secure connection (TLS) to %s failed: the server accepted the connection "
                     "but did not answer the TLS handshake within %u s. Is this the address "
                     "of a plain http:// server, or the wrong port?"),
                   host, connecting_limit_s (watch));
      *retry = FALSE;
      break;

    case TIMED_OUT_CONNECTING:
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("The server %s did not accept a connection within %u s"),
                   host, connecting_limit_s (watch));
      *retry = TRUE;
      break;

    case TIMED_OUT_ANSWER:
    case TIMED_OUT_NOT:
    default:
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("The server %s accepted the request but did not answer within %u s"),
                   host, (watch->answer_timeout_ms + 999) / 1000);
      *retry = TRUE;
      break;
    }
  return TRUE;
}

static Outcome
send_once (TendHttp      *self,
           const char    *method,
           GUri          *uri,
           GBytes        *request_body,
           const char * const *extra_headers,
           GHashTable   **response_headers_out,
           JsonNode     **result,
           guint         *retry_after_ms,
           gboolean      *never_sent,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Watch) watch = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *server_message = NULL;
  gboolean retry = FALSE;
  SoupMessageHeaders *request_headers;
  SoupMessageHeaders *response_headers;
  const char *content_type;
  const char *data;
  gsize length;
  guint status;

  msg = soup_message_new_from_uri (method, uri);
  /* Redirects would carry the credentials to wherever they point. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  /* libsoup 3.2 quietly sends a request again when a kept-alive
   * connection turns out to be closed, and a PUT then goes out without
   * its body. A change must leave exactly once, whole: on a fresh
   * connection, where a failure is reported to us instead. */
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
  request_headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (request_headers, "Accept", "application/json");
  if (self->authorization != NULL)
    soup_message_headers_replace (request_headers, "Authorization", self->authorization);
  for (guint i = 0; extra_headers != NULL && extra_headers[i] != NULL && extra_headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, extra_headers[i], extra_headers[i + 1]);
  if (request_body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", request_body);

  g_atomic_int_inc (&self->n_requests);

  watch = watch_new (self, msg, cancellable);
  stream = soup_session_send (self->session, msg, watch->cancellable, &local_error);
  if (stream == NULL)
    {
      if (set_timeout_error (self, watch, cancellable, &retry, error))
        {
          /* Nothing was written before the connection was up. */
          *never_sent = g_atomic_int_get (&watch->phase) == PHASE_CONNECTING;
          return retry ? OUTCOME_RETRY : OUTCOME_FATAL;
        }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return OUTCOME_FATAL;
        }
      /* Only these failures prove the server never saw the request. */
      *never_sent = _tend_http_error_is_unreachable (local_error) ||
                    local_error->domain == G_TLS_ERROR;
      return set_network_error (self, local_error, FALSE, error) ? OUTCOME_RETRY : OUTCOME_FATAL;
    }

  response_headers = soup_message_get_response_headers (msg);
  observe_rate_limit (self, response_headers);
  if (response_headers_out != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name;
      const char *value;

      g_clear_pointer (response_headers_out, g_hash_table_unref);
      *response_headers_out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      soup_message_headers_iter_init (&iter, response_headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        g_hash_table_replace (*response_headers_out, g_ascii_strdown (name, -1), g_strdup (value));
    }
  status = soup_message_get_status (msg);

  body = read_body (self, stream, watch->cancellable, &local_error);
  g_input_stream_close (stream, NULL, NULL);

  /* A cut answer is a network failure to retry, not a server answering
   * garbage. */
  if (body != NULL && _tend_http_body_was_cut (response_headers, g_bytes_get_size (body)))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("The connection to %s was cut after %llu of %llu bytes"),
                   g_uri_get_host (self->base_uri),
                   (unsigned long long) g_bytes_get_size (body),
                   (unsigned long long) soup_message_headers_get_content_length (response_headers));
      return OUTCOME_RETRY;
    }

  if (body == NULL)
    {
      if (set_timeout_error (self, watch, cancellable, &retry, error))
        return retry ? OUTCOME_RETRY : OUTCOME_FATAL;
      if (local_error->domain == TEND_ERROR ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return OUTCOME_FATAL;
        }
      return set_network_error (self, local_error, TRUE, error) ? OUTCOME_RETRY : OUTCOME_FATAL;
    }

  if (status == 429)
    {
      *retry_after_ms = parse_retry_after_ms (response_headers, self->base_delay_ms);
      g_set_error (error, TEND_ERROR, TEND_ERROR_RATE_LIMITED,
                   _("The server %s asks to slow down (rate limit reached)"),
                   g_uri_get_host (self->base_uri));
      return OUTCOME_RATE_LIMITED;
    }

  if (status < 200 || status >= 300)
    {
      server_message = dup_server_message (body);

      if (status >= 500)
        {
          /* 503 often says when to come back. */
          *retry_after_ms = parse_retry_after_ms (response_headers, 0);
          g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                       _("The server %s failed with HTTP %u%s%s"),
                       g_uri_get_host (self->base_uri), status,
                       server_message != NULL ? ": " : "",
                       server_message != NULL ? server_message : "");
          return OUTCOME_RETRY;
        }

      switch (status)
        {
        case SOUP_STATUS_UNAUTHORIZED:
        case SOUP_STATUS_FORBIDDEN:
          g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                       status == SOUP_STATUS_UNAUTHORIZED ?
                       /* Neutral words: Zendesk signs in with an email address and an
                        * API token, Request Tracker with a token or a password. */
                       _("The server %s did not accept the login and token (or password)%s%s") :
                       _("The server %s does not allow this account to do that%s%s"),
                       g_uri_get_host (self->base_uri),
                       server_message != NULL ? ": " : "",
                       server_message != NULL ? server_message : "");
          break;
        case SOUP_STATUS_NOT_FOUND:
          g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                       _("Not found on the server: %s"), g_uri_get_path (uri));
          break;
        case SOUP_STATUS_CONFLICT:
        case SOUP_STATUS_PRECONDITION_FAILED:
          g_set_error (error, TEND_ERROR, TEND_ERROR_CONFLICT,
                       _("It was changed on the server meanwhile%s%s"),
                       server_message != NULL ? ": " : "",
                       server_message != NULL ? server_message : "");
          break;
        default:
          if (status >= 300 && status < 400)
            g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                         _("The server %s answered with a redirect (HTTP %u); "
                           "check the helpdesk address"),
                         g_uri_get_host (self->base_uri), status);
          else
            g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
                         _("The server %s refused the request with HTTP %u%s%s"),
                         g_uri_get_host (self->base_uri), status,
                         server_message != NULL ? ": " : "",
                         server_message != NULL ? server_message : "");
          break;
        }
      return OUTCOME_FATAL;
    }

  data = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      if (status == SOUP_STATUS_NO_CONTENT || g_str_equal (method, "DELETE"))
        {
          *result = NULL;
          return OUTCOME_OK;
        }
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("The server sent an empty answer where JSON was expected"));
      return OUTCOME_FATAL;
    }

  content_type = soup_message_headers_get_content_type (response_headers, NULL);
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "text/html") == 0)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("The server %s answered with a web page instead of JSON; "
                     "is this the address of a helpdesk?"),
                   g_uri_get_host (self->base_uri));
      return OUTCOME_FATAL;
    }

  *result = tend_http_parse_json (data, length, error);
  return *result != NULL ? OUTCOME_OK : OUTCOME_FATAL;
}

static GUri *
resolve_path (TendHttp    *self,
              const char  *path,
              GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;

  if (g_str_has_prefix (path, "http://") || g_str_has_prefix (path, "https://"))
    {
      uri = g_uri_parse (path, G_URI_FLAGS_ENCODED, NULL);
      /* Links from the server are followed only to the same origin: the
       * credentials go with every request. */
      if (!_tend_http_same_origin (uri, self->base_uri))
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                       _("The server pointed to a page elsewhere (%s); not following it"),
                       path);
          return NULL;
        }
      return g_steal_pointer (&uri);
    }

  url = g_strconcat (self->base_url, path[0] == '/' ? "" : "/", path, NULL);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("“%s” is not a valid request path"), path);
      return NULL;
    }
  return g_steal_pointer (&uri);
}

static guint
backoff_ms (TendHttp *self,
            guint     attempt)
{
  guint64 delay = self->base_delay_ms;

  for (guint i = 1; i < attempt && delay < MAX_BACKOFF_MS; i++)
    delay *= 2;
  delay = MIN (delay, MAX_BACKOFF_MS);

  /* "Equal jitter": half fixed, half random, so that many clients that
   * failed together do not come back together. */
  if (delay >= 2)
    delay = delay / 2 + (guint64) g_random_int_range (0, (gint32) (delay / 2) + 1);
  return (guint) delay;
}

JsonNode *
tend_http_send_json (TendHttp      *self,
                     const char    *method,
                     const char    *path,
                     JsonNode      *body,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return tend_http_send_json_full (self, method, path, body, NULL, NULL, cancellable, error);
}

JsonNode *
tend_http_send_json_full (TendHttp            *self,
                          const char          *method,
                          const char          *path,
                          JsonNode            *body,
                          const char * const  *request_headers,
                          GHashTable         **response_headers,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) request_body = NULL;
  guint attempt = 0;
  guint rate_limit_waits = 0;
  /* A PUT or POST that may have reached the server is not sent again:
   * the reply it carries would be posted twice. The outbox reconciles
   * those instead. */
  gboolean idempotent;

  g_return_val_if_fail (TEND_IS_HTTP (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  uri = resolve_path (self, path, error);
  if (uri == NULL)
    return NULL;
  idempotent = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");

  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      gsize length;
      char *text;

      json_generator_set_root (generator, body);
      text = json_generator_to_data (generator, &length);
      request_body = g_bytes_new_take (text, length);
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      JsonNode *result = NULL;
      guint retry_after_ms = 0;
      gboolean never_sent = FALSE;
      guint pace;
      Outcome outcome;

      attempt++;

      pace = pacing_delay_ms (self);
      if (pace > 0 && !tend_http_sleep (pace, cancellable, error))
        return NULL;

      outcome = send_once (self, method, uri, request_body, request_headers, response_headers, &result,
                           &retry_after_ms, &never_sent, cancellable, &local_error);
      if (outcome == OUTCOME_RETRY && !idempotent && !never_sent)
        outcome = OUTCOME_FATAL;
      switch (outcome)
        {
        case OUTCOME_OK:
          return result;

        case OUTCOME_FATAL:
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;

        case OUTCOME_RATE_LIMITED:
          /* Waiting for the budget is not a failed attempt. */
          attempt--;
          if (++rate_limit_waits > MAX_RATE_LIMIT_WAITS ||
              retry_after_ms > self->max_retry_after_ms)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_debug ("429 from %s, waiting %u ms", g_uri_get_path (uri), retry_after_ms);
          g_atomic_int_inc (&self->n_retries);
          if (!tend_http_sleep (retry_after_ms, cancellable, error))
            return NULL;
          break;

        case OUTCOME_RETRY:
          if (attempt >= self->max_attempts)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          {
            guint delay = MAX (backoff_ms (self, attempt),
                               MIN (retry_after_ms, self->max_retry_after_ms));

            g_debug ("%s (attempt %u of %u), retrying in %u ms",
                     local_error->message, attempt, self->max_attempts, delay);
            g_atomic_int_inc (&self->n_retries);
            if (!tend_http_sleep (delay, cancellable, error))
              return NULL;
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

JsonNode *
tend_http_get_json (TendHttp      *self,
                    const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *result;

  result = tend_http_send_json (self, "GET", path, NULL, cancellable, &local_error);
  if (result == NULL && local_error == NULL)
    g_set_error_literal (&local_error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                         _("The server sent an empty answer where JSON was expected"));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return result;
}
