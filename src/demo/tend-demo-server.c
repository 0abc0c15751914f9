/* tend-demo-server.c: lifecycle, the server thread, and what every request
 * goes through (rate limit, faults, auth) before its endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-demo-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tend-demo-server-private.h"

G_DEFINE_FINAL_TYPE (TendDemoServer, tend_demo_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_TICKETS,
  PROP_SEED,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Without a limit, the headers still carry a budget so that clients which
 * pace themselves on X-Rate-Limit-Remaining see plenty left. */
#define UNLIMITED_BUDGET 1000000

static void
tend_demo_server_dispose (GObject *object)
{
  TendDemoServer *self = (TendDemoServer *)object;

  tend_demo_server_stop (self);

  G_OBJECT_CLASS (tend_demo_server_parent_class)->dispose (object);
}

static void
tend_demo_server_finalize (GObject *object)
{
  TendDemoServer *self = (TendDemoServer *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->auth_expected, g_free);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (tend_demo_server_parent_class)->finalize (object);
}

static void
tend_demo_server_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TendDemoServer *self = TEND_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_N_TICKETS:
      g_value_set_uint (value, self->n_tickets_wanted);
      break;

    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_demo_server_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TendDemoServer *self = TEND_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_N_TICKETS:
      self->n_tickets_wanted = g_value_get_uint (value);
      break;

    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;

    case PROP_URL:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_demo_server_class_init (TendDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tend_demo_server_dispose;
  object_class->finalize = tend_demo_server_finalize;
  object_class->get_property = tend_demo_server_get_property;
  object_class->set_property = tend_demo_server_set_property;

  properties[PROP_N_TICKETS] =
    g_param_spec_uint ("n-tickets", NULL, NULL,
                       0, G_MAXUINT, TEND_DEMO_SERVER_DEFAULT_TICKETS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL,
                         0, G_MAXUINT64, 1,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_demo_server_init (TendDemoServer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->n_tickets_wanted = TEND_DEMO_SERVER_DEFAULT_TICKETS;
  self->seed = 1;
  self->role = TEND_USER_ROLE_ADMIN;
  self->rate_limit = TEND_DEMO_SERVER_DEFAULT_RATE_LIMIT;
  self->live_interval_ms = 5000;
  self->faults.retry_after = 1;
  self->faults.slow_every = 1;
}

TendDemoServer *
tend_demo_server_new (guint   n_tickets,
                      guint64 seed)
{
  return g_object_new (TEND_TYPE_DEMO_SERVER,
                       "n-tickets", n_tickets,
                       "seed", seed,
                       NULL);
}

void
tend_demo_server_set_port (TendDemoServer *self,
                           guint           port)
{
  g_return_if_fail (TEND_IS_DEMO_SERVER (self));
  g_return_if_fail (self->thread == NULL);
  g_return_if_fail (port <= G_MAXUINT16);

  self->port_wanted = port;
}

void
tend_demo_server_set_role (TendDemoServer *self,
                           TendUserRole    role)
{
  g_return_if_fail (TEND_IS_DEMO_SERVER (self));
  g_return_if_fail (self->thread == NULL);
  g_return_if_fail (role == TEND_USER_ROLE_ADMIN || role == TEND_USER_ROLE_AGENT);

  self->role = role;
}

void
tend_demo_server_set_anchor (TendDemoServer *self,
                             gint64          anchor)
{
  g_return_if_fail (TEND_IS_DEMO_SERVER (self));
  g_return_if_fail (self->thread == NULL);

  self->anchor = anchor;
}

void
tend_demo_server_set_rate_limit (TendDemoServer *self,
                                 guint           per_minute)
{
  g_return_if_fail (TEND_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->lock);
  self->rate_limit = per_minute;
  self->rate_used = 0;
  g_mutex_unlock (&self->lock);
}

/* Faults */

static gboolean
parse_fault_value (const char  *key,
                   const char  *text,
                   guint        min,
                   guint        max,
                   guint       *value,
                   GError     **error)
{
  guint64 number;
  g_autoptr(GError) local_error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &number, &local_error))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   "Fault “%s”: %s", key, local_error->message);
      return FALSE;
    }

  *value = (guint) number;
  return TRUE;
}

gboolean
_tend_demo_faults_parse (const char      *spec,
                         TendDemoFaults  *faults,
                         GError         **error)
{
  TendDemoFaults parsed = { 0, };
  g_auto(GStrv) items = NULL;

  parsed.retry_after = 1;
  parsed.slow_every = 1;

  if (spec == NULL)
    {
      *faults = parsed;
      return TRUE;
    }

  items = g_strsplit (spec, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) pair = NULL;
      const char *key;
      const char *value;
      guint *field = NULL;
      guint min = 1;
      guint max = 1000000;

      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;

      pair = g_strsplit (items[i], "=", 2);
      key = g_strstrip (pair[0]);
      value = pair[1] != NULL ? g_strstrip (pair[1]) : NULL;

      if (g_str_equal (key, "429-every"))
        field = &parsed.every_429;
      else if (g_str_equal (key, "500-every"))
        field = &parsed.every_500;
      else if (g_str_equal (key, "truncate-every"))
        field = &parsed.truncate_every;
      else if (g_str_equal (key, "malformed-every"))
        field = &parsed.malformed_every;
      else if (g_str_equal (key, "drop-after-every"))
        field = &parsed.drop_after_every;
      else if (g_str_equal (key, "slow-every"))
        field = &parsed.slow_every;
      else if (g_str_equal (key, "slow-ms"))
        {
          field = &parsed.slow_ms;
          min = 0;
          max = 600000;
        }
      else if (g_str_equal (key, "retry-after"))
        {
          field = &parsed.retry_after;
          min = 0;
          max = 3600;
        }
      else
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       "Unknown fault “%s” (known: 429-every, 500-every, "
                       "slow-ms, slow-every, truncate-every, malformed-every, "
                       "drop-after-every, retry-after)", key);
          return FALSE;
        }

      if (value == NULL)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       "Fault “%s” needs a value (%s=N)", key, key);
          return FALSE;
        }

      if (!parse_fault_value (key, value, min, max, field, error))
        return FALSE;
    }

  *faults = parsed;
  return TRUE;
}

gboolean
tend_demo_server_set_faults (TendDemoServer  *self,
                             const char      *spec,
                             GError         **error)
{
  TendDemoFaults faults;

  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), FALSE);

  if (!_tend_demo_faults_parse (spec, &faults, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  self->faults = faults;
  self->fault_counter = 0;
  g_mutex_unlock (&self->lock);

  if (spec != NULL && spec[0] != '\0')
    g_debug ("Faults set to “%s”", spec);

  return TRUE;
}

/* Live feed */

static gboolean
live_timeout_cb (gpointer user_data)
{
  TendDemoServer *self = user_data;

  _tend_demo_server_live_step (self);

  return G_SOURCE_CONTINUE;
}

/* Server thread: (re)arms the timer from the current settings. */
static gboolean
live_rearm_cb (gpointer user_data)
{
  TendDemoServer *self = user_data;
  gboolean live;
  guint interval;

  g_mutex_lock (&self->lock);
  live = self->live;
  interval = MAX (self->live_interval_ms, 10);
  self->live_dirty = FALSE;
  g_mutex_unlock (&self->lock);

  if (self->live_source != NULL)
    {
      g_source_destroy (self->live_source);
      g_clear_pointer (&self->live_source, g_source_unref);
    }

  if (live && self->server != NULL)
    {
      self->live_source = g_timeout_source_new (interval);
      g_source_set_name (self->live_source, "[tend-demo-server] live");
      g_source_set_callback (self->live_source, live_timeout_cb, self, NULL);
      g_source_attach (self->live_source, self->context);
    }

  return G_SOURCE_REMOVE;
}

void
tend_demo_server_set_live (TendDemoServer *self,
                           gboolean        live,
                           guint           interval_ms)
{
  gboolean rearm = FALSE;

  g_return_if_fail (TEND_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->lock);
  self->live = !!live;
  if (interval_ms > 0)
    self->live_interval_ms = interval_ms;
  /* Only a running server has a thread to arm the timer in; the idle
   * holds no reference because the thread drains its context before it
   * ends. */
  if (self->ready && self->start_error == NULL && self->loop != NULL && !self->live_dirty)
    rearm = self->live_dirty = TRUE;
  g_mutex_unlock (&self->lock);

  /* Outside the lock: on the server thread itself this runs at once. */
  if (rearm)
    g_main_context_invoke (self->context, live_rearm_cb, self);
}

typedef struct
{
  TendDemoServer *self;
  gint64          ticket_id;
  gboolean        done;
} LiveCall;

static gboolean
live_call_cb (gpointer user_data)
{
  LiveCall *call = user_data;
  TendDemoServer *self = call->self;
  gint64 id = _tend_demo_server_live_step (self);

  g_mutex_lock (&self->lock);
  call->ticket_id = id;
  call->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return G_SOURCE_REMOVE;
}

gint64
tend_demo_server_add_live_change (TendDemoServer *self)
{
  LiveCall call = { self, 0, FALSE };

  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), 0);
  g_return_val_if_fail (self->loop != NULL, 0);

  if (g_main_context_is_owner (self->context))
    return _tend_demo_server_live_step (self);

  g_main_context_invoke (self->context, live_call_cb, &call);

  g_mutex_lock (&self->lock);
  while (!call.done)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return call.ticket_id;
}

/* Publishing an article, as an editor would in the help center. */
typedef struct
{
  TendDemoServer *self;
  const char     *title;
  const char     *body;
  gint64          id;
  gboolean        done;
} ArticleCall;

static gint64
add_article (TendDemoServer *self,
             const char     *title,
             const char     *body)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 id = 1;
  gint64 now = _tend_demo_server_next_time (self, 0);

  /* The list stays in id order: the new article takes the next id. */
  if (self->articles->len > 0)
    id = tend_article_get_id (g_ptr_array_index (self->articles, self->articles->len - 1)) + 1;

  article = tend_article_new (id);
  url = g_strdup_printf ("https://help.example.com/hc/en-us/articles/%" G_GINT64_FORMAT, id);
  tend_article_set_title (article, title);
  tend_article_set_body (article, body);
  tend_article_set_url (article, url);
  tend_article_set_locale (article, "en-us");
  tend_article_set_created_at (article, now);
  tend_article_set_updated_at (article, now);

  /* The remote search reads the server's own store. */
  tend_changeset_add_article (changes, article);
  if (!tend_store_write (self->store, changes, &error))
    {
      g_warning ("Could not add the article: %s", error->message);
      return 0;
    }
  g_ptr_array_add (self->articles, g_steal_pointer (&article));

  return id;
}

static gboolean
article_call_cb (gpointer user_data)
{
  ArticleCall *call = user_data;
  TendDemoServer *self = call->self;
  gint64 id = add_article (self, call->title, call->body);

  g_mutex_lock (&self->lock);
  call->id = id;
  call->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return G_SOURCE_REMOVE;
}

gint64
tend_demo_server_add_article (TendDemoServer *self,
                              const char     *title,
                              const char     *body)
{
  ArticleCall call = { self, title, body, 0, FALSE };

  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), 0);
  g_return_val_if_fail (self->loop != NULL, 0);
  g_return_val_if_fail (title != NULL && body != NULL, 0);

  if (g_main_context_is_owner (self->context))
    return add_article (self, title, body);

  g_main_context_invoke (self->context, article_call_cb, &call);

  g_mutex_lock (&self->lock);
  while (!call.done)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return call.id;
}

/* Answers */

static void
set_rate_headers (SoupServerMessage *msg,
                  guint              budget,
                  guint              remaining)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  char number[32];

  g_snprintf (number, sizeof number, "%u", budget);
  soup_message_headers_replace (headers, "X-Rate-Limit", number);
  g_snprintf (number, sizeof number, "%u", remaining);
  soup_message_headers_replace (headers, "X-Rate-Limit-Remaining", number);
}

static GBytes *
serialize (JsonNode *body)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *data;
  gsize length;

  json_generator_set_root (generator, body);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}

/* A body that is complete as far as HTTP goes but not valid JSON: the
 * first half (cut on a character boundary), then debris. */
static GBytes *
make_malformed (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  const char *cut = data + length / 2;
  GString *broken;

  if (length > 0)
    cut = g_utf8_find_prev_char (data, cut + 1);
  if (cut == NULL)
    cut = data;

  broken = g_string_new_len (data, cut - data);
  g_string_append (broken, "\"}]}<!-- upstream error --> {,");

  return g_string_free_to_bytes (broken);
}

/* Writes a response by hand on a connection taken from the server, then
 * closes it: the headers promise the whole body, only half of it comes. */
static void
send_truncated (SoupServerMessage *msg,
                guint              status,
                GBytes            *bytes)
{
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  GOutputStream *out;

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (head, "%s: %s\r\n", name, value);
  g_string_append_printf (head,
                          "Content-Type: application/json; charset=utf-8\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n\r\n",
                          length);

  stream = soup_server_message_steal_connection (msg);
  out = g_io_stream_get_output_stream (stream);
  /* Loopback and small: blocking writes are fine here; errors just mean
   * the client went away first. */
  g_output_stream_write_all (out, head->str, head->len, NULL, NULL, NULL);
  g_output_stream_write_all (out, data, length / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

typedef struct
{
  SoupServerMessage *msg;
} SlowReply;

static gboolean
slow_reply_cb (gpointer user_data)
{
  SlowReply *reply = user_data;

  soup_server_message_unpause (reply->msg);

  return G_SOURCE_REMOVE;
}

static void
slow_reply_free (gpointer data)
{
  SlowReply *reply = data;

  g_object_unref (reply->msg);
  g_free (reply);
}

static void
respond_bytes (TendDemoServer    *self,
               SoupServerMessage *msg,
               guint              status,
               GBytes            *bytes,
               guint              slow_ms)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);

  if (bytes != NULL)
    {
      soup_message_headers_replace (headers, "Content-Type", "application/json; charset=utf-8");
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
    }

  if (slow_ms > 0)
    {
      SlowReply *reply = g_new0 (SlowReply, 1);
      GSource *source = g_timeout_source_new (slow_ms);

      reply->msg = g_object_ref (msg);
      soup_server_message_pause (msg);
      g_source_set_name (source, "[tend-demo-server] slow reply");
      g_source_set_callback (source, slow_reply_cb, reply, slow_reply_free);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

static void
respond (TendDemoServer    *self,
         SoupServerMessage *msg,
         guint              status,
         JsonNode          *body,
         guint              slow_ms)
{
  g_autoptr(GBytes) bytes = body != NULL ? serialize (body) : NULL;

  respond_bytes (self, msg, status, bytes, slow_ms);
}

/* Control endpoints for tests: no auth, no faults, no rate limit. */
static void
handle_control (TendDemoServer    *self,
                SoupServerMessage *msg,
                const char        *method,
                const char        *path)
{
  g_autoptr(JsonNode) body = NULL;
  guint status = SOUP_STATUS_NOT_FOUND;

  if (g_str_equal (path, "/__faults") || g_str_equal (path, "/__faults/"))
    {
      if (g_str_equal (method, "POST") || g_str_equal (method, "PUT"))
        {
          SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
          g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
          g_autofree char *spec = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          g_autoptr(GError) error = NULL;

          if (tend_demo_server_set_faults (self, g_strstrip (spec), &error))
            status = SOUP_STATUS_NO_CONTENT;
          else
            {
              status = SOUP_STATUS_BAD_REQUEST;
              body = _tend_demo_api_error ("InvalidValue", error->message);
            }
        }
      else if (g_str_equal (method, "DELETE"))
        {
          tend_demo_server_set_faults (self, NULL, NULL);
          status = SOUP_STATUS_NO_CONTENT;
        }
      else
        status = SOUP_STATUS_METHOD_NOT_ALLOWED;
    }
  else if (g_str_equal (path, "/__live"))
    {
      if (g_str_equal (method, "POST"))
        {
          gint64 id = _tend_demo_server_live_step (self);
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "ticket_id");
          json_builder_add_int_value (builder, id);
          json_builder_end_object (builder);
          body = json_builder_get_root (builder);
          status = SOUP_STATUS_OK;
        }
      else
        status = SOUP_STATUS_METHOD_NOT_ALLOWED;
    }
  else if (g_str_equal (path, "/__articles"))
    {
      /* {"title": …, "body": …}: an article published on the help center
       * only, for tests of the remote knowledge search. */
      if (g_str_equal (method, "POST"))
        {
          SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
          g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonNode *root = NULL;
          const char *title = NULL;
          const char *text = NULL;

          if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
            root = json_parser_get_root (parser);
          if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
            {
              title = json_object_get_string_member_with_default (json_node_get_object (root), "title", NULL);
              text = json_object_get_string_member_with_default (json_node_get_object (root), "body", NULL);
            }

          if (title == NULL || text == NULL)
            {
              status = SOUP_STATUS_BAD_REQUEST;
              body = _tend_demo_api_error ("InvalidValue", "a JSON object with \"title\" and \"body\" is required");
            }
          else
            {
              gint64 id = add_article (self, title, text);
              g_autoptr(JsonBuilder) builder = json_builder_new ();

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "id");
              json_builder_add_int_value (builder, id);
              json_builder_end_object (builder);
              body = json_builder_get_root (builder);
              status = id > 0 ? SOUP_STATUS_CREATED : SOUP_STATUS_INTERNAL_SERVER_ERROR;
            }
        }
      else
        status = SOUP_STATUS_METHOD_NOT_ALLOWED;
    }
  else if (g_str_equal (path, "/__stats"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "requests");
      json_builder_add_int_value (builder, tend_demo_server_get_n_requests (self));
      json_builder_set_member_name (builder, "tickets");
      json_builder_add_int_value (builder, tend_demo_server_get_n_tickets (self));
      json_builder_set_member_name (builder, "comments");
      json_builder_add_int_value (builder, tend_demo_server_get_n_comments (self));
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      status = SOUP_STATUS_OK;
    }

  if (body == NULL && status >= 400)
    body = _tend_demo_api_error (status == SOUP_STATUS_NOT_FOUND ? "InvalidEndpoint" : "MethodNotAllowed",
                                 soup_status_get_phrase (status));

  respond (self, msg, status, body, 0);
}

static gboolean
check_auth (TendDemoServer    *self,
            SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autofree guchar *decoded = NULL;
  gsize length;

  if (value == NULL || g_ascii_strncasecmp (value, "Basic ", 6) != 0)
    return FALSE;

  value += 6;
  while (*value == ' ')
    value++;

  decoded = g_base64_decode (value, &length);
  if (decoded == NULL)
    return FALSE;

  return length == strlen (self->auth_expected) &&
         memcmp (decoded, self->auth_expected, length) == 0;
}

/* Splits "/api/v2/tickets/12/comments.json" into {"tickets","12","comments"};
 * NULL when the path is not under /api/v2. */
static char **
split_api_path (const char *path,
                guint      *n_parts)
{
  g_autofree char *rest = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GStrv) pieces = NULL;
  gsize len;

  if (!g_str_has_prefix (path, "/api/v2/"))
    return NULL;

  rest = g_strdup (path + strlen ("/api/v2/"));
  len = strlen (rest);
  while (len > 0 && rest[len - 1] == '/')
    rest[--len] = '\0';
  if (g_str_has_suffix (rest, ".json"))
    rest[len - strlen (".json")] = '\0';

  pieces = g_strsplit (rest, "/", -1);
  for (guint i = 0; pieces[i] != NULL; i++)
    if (pieces[i][0] != '\0')
      g_ptr_array_add (parts, g_strdup (pieces[i]));

  *n_parts = parts->len;
  g_ptr_array_add (parts, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TendDemoServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  TendDemoRequest request = { 0, };
  g_auto(GStrv) parts = NULL;
  guint n_parts = 0;
  guint n;
  guint budget;
  guint remaining;
  gboolean over_budget = FALSE;
  guint retry_after_budget = 0;
  gboolean fault_429;
  gboolean fault_500;
  gboolean fault_drop;
  gboolean fault_truncate;
  gboolean fault_malformed;
  guint slow_ms = 0;
  guint retry_after;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  char number[32];

  if (g_str_has_prefix (path, "/__"))
    {
      handle_control (self, msg, method, path);
      return;
    }

  g_atomic_int_inc (&self->n_requests);

  g_mutex_lock (&self->lock);
  n = ++self->fault_counter;
  fault_429 = self->faults.every_429 > 0 && n % self->faults.every_429 == 0;
  fault_500 = self->faults.every_500 > 0 && n % self->faults.every_500 == 0;
  fault_drop = self->faults.drop_after_every > 0 && n % self->faults.drop_after_every == 0;
  fault_truncate = self->faults.truncate_every > 0 && n % self->faults.truncate_every == 0;
  fault_malformed = self->faults.malformed_every > 0 && n % self->faults.malformed_every == 0;
  if (self->faults.slow_ms > 0 && n % MAX (self->faults.slow_every, 1) == 0)
    slow_ms = self->faults.slow_ms;
  retry_after = self->faults.retry_after;

  {
    /* A fixed window per wall-clock minute, like Zendesk's "per minute". */
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    gint64 window = now / 60;

    if (window != self->rate_window)
      {
        self->rate_window = window;
        self->rate_used = 0;
      }
    budget = self->rate_limit > 0 ? self->rate_limit : UNLIMITED_BUDGET;
    if (self->rate_used < budget)
      self->rate_used++;
    else if (self->rate_limit > 0)
      {
        over_budget = TRUE;
        retry_after_budget = (guint) (60 - now % 60);
      }
    remaining = budget - MIN (self->rate_used, budget);
  }
  g_mutex_unlock (&self->lock);

  set_rate_headers (msg, budget, remaining);

  if (over_budget || fault_429)
    {
      g_snprintf (number, sizeof number, "%u", over_budget ? retry_after_budget : retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", number);
      body = _tend_demo_api_error ("APIRateLimitExceeded",
                                   "Number of allowed API requests per minute exceeded");
      respond (self, msg, 429, body, 0);
      return;
    }

  if (fault_500)
    {
      body = _tend_demo_api_error ("InternalServerError",
                                   "Something went wrong on our side (a fault the test asked for)");
      respond (self, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, body, slow_ms);
      return;
    }

  if (!check_auth (self, msg))
    {
      body = _tend_demo_api_error ("Couldn't authenticate you", NULL);
      respond (self, msg, SOUP_STATUS_UNAUTHORIZED, body, slow_ms);
      return;
    }

  if (_tend_demo_files_handle (self, msg, path))
    {
      /* Slowed down like the API (a download under way, for tests). */
      if (slow_ms > 0)
        respond_bytes (self, msg, soup_server_message_get_status (msg), NULL, slow_ms);
      return;
    }

  parts = split_api_path (path, &n_parts);
  request.self = self;
  request.msg = msg;
  request.method = method;
  request.parts = parts;
  request.n_parts = n_parts;
  request.query = query;
  request.status = SOUP_STATUS_NOT_FOUND;

  if (parts != NULL)
    _tend_demo_api_handle (&request);

  if (request.body == NULL && request.raw == NULL && request.status == SOUP_STATUS_NOT_FOUND)
    request.body = _tend_demo_api_error ("InvalidEndpoint", "Not found");

  if (fault_drop)
    {
      /* The request was processed (a PUT is applied) but the client never
       * hears about it. */
      g_clear_pointer (&request.body, json_node_unref);
      if (request.raw != NULL)
        g_string_free (request.raw, TRUE);
      drop_connection (msg);
      return;
    }

  if (request.raw != NULL)
    bytes = g_string_free_to_bytes (g_steal_pointer (&request.raw));
  else if (request.body != NULL)
    {
      bytes = serialize (request.body);
      g_clear_pointer (&request.body, json_node_unref);
    }

  if (fault_truncate)
    {
      send_truncated (msg, request.status, bytes != NULL ? bytes : empty);
      return;
    }

  if (fault_malformed && bytes != NULL)
    {
      g_autoptr(GBytes) broken = make_malformed (bytes);

      respond_bytes (self, msg, request.status, broken, slow_ms);
      return;
    }

  respond_bytes (self, msg, request.status, bytes, slow_ms);
}

/* The server thread */

static gboolean
setup (TendDemoServer  *self,
       GError         **error)
{
  g_autoslist(GUri) uris = NULL;
  g_autofree char *auth = NULL;

  if (!_tend_demo_server_load (self, error))
    return FALSE;

  self->server = soup_server_new ("server-header", "tend-demo-server ", NULL);
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);

  if (!soup_server_listen_local (self->server, self->port_wanted,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  if (uris == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   "The demo helpdesk could not listen on 127.0.0.1");
      return FALSE;
    }

  self->port = (guint) g_uri_get_port (uris->data);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);

  return TRUE;
}

static void
teardown (TendDemoServer *self)
{
  if (self->server != NULL)
    soup_server_disconnect (self->server);

  /* Run what other threads queued (live re-arming, slow replies) while
   * everything still exists. */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  if (self->live_source != NULL)
    {
      g_source_destroy (self->live_source);
      g_clear_pointer (&self->live_source, g_source_unref);
    }

  g_clear_object (&self->server);
  _tend_demo_server_unload (self);
}

static gpointer
server_thread (gpointer data)
{
  TendDemoServer *self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);

  ok = setup (self, &error);

  g_mutex_lock (&self->lock);
  self->start_error = g_steal_pointer (&error);
  self->ready = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (ok)
    {
      live_rearm_cb (self);
      g_main_loop_run (self->loop);
    }

  teardown (self);

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/* Without notifying: start_async runs this in a worker thread, and
 * notifications belong on the caller's. */
static gboolean
start_server (TendDemoServer  *self,
              GError         **error)
{

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->ready = FALSE;
  self->thread = g_thread_new ("tend-demo-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      self->ready = FALSE;
      return FALSE;
    }

  g_debug ("Demo helpdesk at %s (%u tickets, seed %" G_GUINT64_FORMAT ")",
           self->url, self->n_tickets_wanted, self->seed);

  return TRUE;
}

gboolean
tend_demo_server_start (TendDemoServer  *self,
                        GError         **error)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  if (!start_server (self, error))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  return TRUE;
}

static void
start_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TendDemoServer *self = source_object;
  GError *error = NULL;

  if (start_server (self, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
tend_demo_server_start_async (TendDemoServer      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TEND_IS_DEMO_SERVER (self));
  g_return_if_fail (self->thread == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tend_demo_server_start_async);
  g_task_run_in_thread (task, start_in_thread);
}

gboolean
tend_demo_server_start_finish (TendDemoServer  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  return TRUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

void
tend_demo_server_stop (TendDemoServer *self)
{
  GSource *source;

  g_return_if_fail (TEND_IS_DEMO_SERVER (self));

  if (self->thread == NULL)
    return;

  /* From a request handler this would wait for itself. */
  g_return_if_fail (!g_main_context_is_owner (self->context));

  /* Quitting through a source rather than g_main_loop_quit() directly:
   * the loop may not be running yet, and a quit before run is lost. */
  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, g_main_loop_ref (self->loop),
                         (GDestroyNotify) g_main_loop_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);

  g_thread_join (g_steal_pointer (&self->thread));

  g_mutex_lock (&self->lock);
  self->ready = FALSE;
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

const char *
tend_demo_server_get_url (TendDemoServer *self)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), NULL);

  return self->url;
}

guint
tend_demo_server_get_port (TendDemoServer *self)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), 0);

  return self->port;
}

const char *
tend_demo_server_get_email (TendDemoServer *self)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), NULL);

  return self->email;
}

const char *
tend_demo_server_get_token (TendDemoServer *self)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), NULL);

  return self->token;
}

gint64
tend_demo_server_get_me_id (TendDemoServer *self)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), 0);

  return self->me_id;
}

const char *
tend_demo_server_get_store_path (TendDemoServer *self)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), NULL);

  return self->store_path;
}

guint
tend_demo_server_get_n_tickets (TendDemoServer *self)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->n_live_tickets);
}

guint
tend_demo_server_get_n_comments (TendDemoServer *self)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->n_live_comments);
}

guint
tend_demo_server_get_n_requests (TendDemoServer *self)
{
  g_return_val_if_fail (TEND_IS_DEMO_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->n_requests);
}
