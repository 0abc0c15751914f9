/* test-file-cache.c: attachments and photos downloaded into the cache
 *
 * Against the demo helpdesk (in-process, its own thread): an attachment
 * and a photo arrive byte for byte as the server draws them, a second
 * cache over the same folder answers offline, and the errors say what
 * went wrong. Two more local servers stand for third-party hosts: they
 * record whether credentials reached them, redirect, send web pages,
 * stream more than the limit, or stall half-way so that a child process
 * can be killed mid-download.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-file-cache"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "tend-engine.h"
#include "tend-demo-server.h"
#include "tend-demo-server-private.h"
#include "tend-rt-backend.h"
#include "test-util.h"

#define N_TICKETS  150
#define SEED       41
#define STALL_SENT (200 * 1024)

static TendDemoServer *demo;
static TendAttachment *pdf_attachment;
static TendAttachment *png_attachment;
static TendUser *photo_user;

/* The stand-ins for other hosts: "A" and "B", each on its own port. */
typedef struct
{
  SoupServer *server;
  char       *url;
  GPtrArray  *authorizations;   /* what each request carried ("" for none) */
  GPtrArray  *paths;
  GIOStream  *stalled;          /* kept open: the stalled download */
  char       *redirect_to;
} Host;

static Host host_a;
static Host host_b;

static GBytes *
png_bytes (void)
{
  return _tend_demo_draw_photo (7);
}

static void
host_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Host *host = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  const char *authorization = soup_message_headers_get_one (request, "Authorization");

  g_ptr_array_add (host->authorizations, g_strdup (authorization != NULL ? authorization : ""));
  g_ptr_array_add (host->paths, g_strdup (path));

  if (g_str_equal (path, "/photo.png") || g_str_equal (path, "/file"))
    {
      g_autoptr(GBytes) bytes = png_bytes ();

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_replace (response, "Content-Type", "image/png");
      soup_message_body_append_bytes (body, bytes);
    }
  else if (g_str_equal (path, "/REST/2.0/attachment/5"))
    {
      /* Request Tracker: the file in base64, in JSON. */
      g_autoptr(GBytes) bytes = png_bytes ();
      g_autofree char *encoded = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autofree char *json = g_strdup_printf ("{\"id\":5,\"ContentType\":\"image/png\","
                                               "\"Filename\":\"shot.png\",\"Content\":\"%s\"}", encoded);
      gsize length = strlen (json);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_replace (response, "Content-Type", "application/json");
      soup_message_body_append_take (body, (guchar *) g_steal_pointer (&json), length);
    }
  else if (g_str_equal (path, "/redirect"))
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, host->redirect_to);
    }
  else if (g_str_equal (path, "/login"))
    {
      const char *page = "<!DOCTYPE html><html><body>Sign in</body></html>";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_replace (response, "Content-Type", "text/html");
      soup_message_body_append (body, SOUP_MEMORY_STATIC, page, strlen (page));
    }
  else if (g_str_equal (path, "/text"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_replace (response, "Content-Type", "text/plain");
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "just words", 10);
    }
  else if (g_str_equal (path, "/big"))
    {
      /* Chunked: no length announced, the limit must cut it while reading. */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      soup_message_headers_replace (response, "Content-Type", "application/octet-stream");
      for (int i = 0; i < 20; i++)
        soup_message_body_append_take (body, g_malloc0 (10 * 1024), 10 * 1024);
      soup_message_body_complete (body);
    }
  else if (g_str_equal (path, "/stall"))
    {
      /* Promises a megabyte, sends a fifth of it, and never closes. */
      g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                               "Content-Type: application/octet-stream\r\n"
                                               "Content-Length: %d\r\n\r\n", 1024 * 1024);
      g_autofree char *part = g_malloc0 (STALL_SENT);
      GOutputStream *out;

      g_clear_object (&host->stalled);
      host->stalled = soup_server_message_steal_connection (msg);
      out = g_io_stream_get_output_stream (host->stalled);
      g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
      g_output_stream_write_all (out, part, STALL_SENT, NULL, NULL, NULL);
      g_output_stream_flush (out, NULL, NULL);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
host_start (Host *host)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  host->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (host->server, NULL, host_handler, host, NULL);
  soup_server_listen_local (host->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (host->server);
  host->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  host->authorizations = g_ptr_array_new_with_free_func (g_free);
  host->paths = g_ptr_array_new_with_free_func (g_free);
}

static void
host_reset (Host *host)
{
  g_ptr_array_set_size (host->authorizations, 0);
  g_ptr_array_set_size (host->paths, 0);
}

static void
host_stop (Host *host)
{
  if (host->stalled != NULL)
    g_io_stream_close (host->stalled, NULL, NULL);
  g_clear_object (&host->stalled);
  soup_server_disconnect (host->server);
  g_clear_object (&host->server);
  g_clear_pointer (&host->url, g_free);
  g_clear_pointer (&host->redirect_to, g_free);
  g_clear_pointer (&host->authorizations, g_ptr_array_unref);
  g_clear_pointer (&host->paths, g_ptr_array_unref);
}

/* Helpers */

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tend-file-cache-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Regular files anywhere under @path. */
static guint
count_files (const char *path,
             const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_files (child, prefix);
      else if (prefix == NULL || g_str_has_prefix (name, prefix))
        n++;
    }
  return n;
}

static TendFileCache *
demo_cache (const char *dir)
{
  g_autoptr(GError) error = NULL;
  TendFileCache *cache = tend_file_cache_new (dir, tend_demo_server_get_url (demo), &error);

  g_assert_no_error (error);
  tend_file_cache_set_api_token (cache, tend_demo_server_get_email (demo), tend_demo_server_get_token (demo));
  return cache;
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask **out = user_data;

  *out = g_object_ref (G_TASK (result));
}

/* Fetches with the main loop running, for the hosts served from this
 * thread. */
static char *
fetch_async (TendFileCache *cache,
             const char    *url,
             const char    *name,
             TendFileKind   kind,
             GError       **error)
{
  g_autoptr(GTask) task = NULL;

  tend_file_cache_fetch_async (cache, url, name, kind, 0, NULL, on_fetched, &task);
  while (task == NULL)
    g_main_context_iteration (NULL, TRUE);
  return tend_file_cache_fetch_finish (cache, G_ASYNC_RESULT (task), error);
}

/* The same through the photo helper on the model, for photo_user. */
static char *
fetch_photo (TendFileCache *cache)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  char *path;

  tend_file_cache_fetch_photo_async (cache, photo_user, NULL, on_fetched, &task);
  while (task == NULL)
    g_main_context_iteration (NULL, TRUE);
  path = tend_file_cache_fetch_finish (cache, G_ASYNC_RESULT (task), &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_file_equals (const char *path,
                    GBytes     *expected)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (data, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* Finds a PDF and a PNG attachment and a customer with a photo in what
 * the demo helpdesk serves. */
static void
find_samples (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = tend_store_open_existing (tend_demo_server_get_store_path (demo), &error);
  g_autoptr(GArray) ids = NULL;

  g_assert_no_error (error);
  ids = tend_store_list_ticket_ids (store, TEND_VIEW_ALL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len && (pdf_attachment == NULL || png_attachment == NULL || photo_user == NULL); i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GPtrArray) comments = tend_store_list_comments (store, id, &error);
      g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, id, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < comments->len; j++)
        {
          GPtrArray *attachments = tend_comment_get_attachments (g_ptr_array_index (comments, j));

          for (guint k = 0; k < attachments->len; k++)
            {
              TendAttachment *attachment = g_ptr_array_index (attachments, k);
              const char *type = tend_attachment_get_content_type (attachment);

              if (pdf_attachment == NULL && g_strcmp0 (type, "application/pdf") == 0)
                pdf_attachment = g_object_ref (attachment);
              if (png_attachment == NULL && g_strcmp0 (type, "image/png") == 0)
                png_attachment = g_object_ref (attachment);
            }
        }

      if (photo_user == NULL)
        {
          g_autoptr(TendUser) user = tend_store_get_user (store, tend_ticket_get_requester_id (ticket), NULL);

          if (user != NULL && tend_user_get_photo_url (user) != NULL)
            photo_user = g_steal_pointer (&user);
        }
    }

  g_assert_nonnull (pdf_attachment);
  g_assert_nonnull (png_attachment);
  g_assert_nonnull (photo_user);
  /* Served by the demo helpdesk itself, not by a made-up host. */
  g_assert_true (g_str_has_prefix (tend_attachment_get_content_url (pdf_attachment), "/attachments/"));
  g_assert_true (g_str_has_prefix (tend_user_get_photo_url (photo_user), "/system/photos/"));
}

/* Tests */

static void
test_attachment (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(TendFileCache) cache = demo_cache (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *safe = tend_attachment_dup_safe_file_name (pdf_attachment);
  g_autoptr(GBytes) expected = _tend_demo_draw_attachment (pdf_attachment);
  g_autofree char *name = NULL;
  guint before = tend_demo_server_get_n_requests (demo);

  g_assert_null (tend_file_cache_lookup_attachment (cache, pdf_attachment));

  path = tend_file_cache_fetch (cache, tend_attachment_get_content_url (pdf_attachment),
                                tend_attachment_get_file_name (pdf_attachment), TEND_FILE_KIND_ANY,
                                (guint64) tend_attachment_get_size (pdf_attachment), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_prefix (path, dir));
  /* Under its own (sanitized) name, so other applications show it. */
  name = g_path_get_basename (path);
  g_assert_cmpstr (name, ==, safe);
  assert_file_equals (path, expected);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (expected, NULL), "%PDF"));
  g_assert_cmpuint (tend_demo_server_get_n_requests (demo), ==, before + 1);
  g_assert_cmpuint (tend_file_cache_get_n_downloads (cache), ==, 1);
  g_assert_cmpuint (count_files (dir, ".part-"), ==, 0);

  /* Looked up without a request. */
  {
    g_autofree char *again = tend_file_cache_lookup_attachment (cache, pdf_attachment);

    g_assert_cmpstr (again, ==, path);
    g_assert_cmpuint (tend_demo_server_get_n_requests (demo), ==, before + 1);
  }

  tend_test_remove_tree (dir);
}

static void
test_photo (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(TendFileCache) cache = demo_cache (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) expected = _tend_demo_draw_photo (tend_user_get_id (photo_user));
  g_autoptr(GBytes) other = _tend_demo_draw_photo (tend_user_get_id (photo_user) + 1);

  path = fetch_async (cache, tend_user_get_photo_url (photo_user), "photo", TEND_FILE_KIND_IMAGE, &error);
  g_assert_no_error (error);
  assert_file_equals (path, expected);
  g_assert_cmpmem (g_bytes_get_data (expected, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  /* Avatars differ from one user to the next. */
  g_assert_false (g_bytes_equal (expected, other));

  /* A screenshot attachment is an image too. */
  {
    g_autofree char *png = fetch_async (cache, tend_attachment_get_content_url (png_attachment),
                                        tend_attachment_get_file_name (png_attachment),
                                        TEND_FILE_KIND_IMAGE, &error);
    g_autoptr(GBytes) drawn = _tend_demo_draw_attachment (png_attachment);

    g_assert_no_error (error);
    assert_file_equals (png, drawn);
  }

  tend_test_remove_tree (dir);
}

static void
test_cache_hit_offline (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *photo = NULL;
  guint before;

  {
    g_autoptr(TendFileCache) cache = demo_cache (dir);

    photo = fetch_photo (cache);
    g_assert_nonnull (photo);
  }

  before = tend_demo_server_get_n_requests (demo);

  /* A new cache over the same folder, offline and without credentials,
   * as after a restart with no network. */
  {
    g_autoptr(TendFileCache) cache = tend_file_cache_new (dir, tend_demo_server_get_url (demo), &error);
    g_autofree char *found = NULL;
    g_autofree char *fetched = NULL;
    g_autofree char *pdf = NULL;

    g_assert_no_error (error);
    tend_file_cache_set_online (cache, FALSE);

    found = tend_file_cache_lookup_photo (cache, photo_user);
    g_assert_cmpstr (found, ==, photo);
    fetched = fetch_photo (cache);
    g_assert_cmpstr (fetched, ==, photo);

    /* What was never downloaded cannot be had offline. */
    pdf = tend_file_cache_fetch (cache, tend_attachment_get_content_url (pdf_attachment),
                                 tend_attachment_get_file_name (pdf_attachment), TEND_FILE_KIND_ANY, 0,
                                 NULL, &error);
    g_assert_error (error, TEND_ERROR, TEND_ERROR_OFFLINE);
    g_assert_null (pdf);
    g_clear_error (&error);

    /* Online but not signed in (`tend --db`): the helpdesk's own files
     * are not asked for without credentials. */
    tend_file_cache_set_online (cache, TRUE);
    pdf = tend_file_cache_fetch (cache, tend_attachment_get_content_url (pdf_attachment),
                                 tend_attachment_get_file_name (pdf_attachment), TEND_FILE_KIND_ANY, 0,
                                 NULL, &error);
    g_assert_error (error, TEND_ERROR, TEND_ERROR_OFFLINE);
    g_clear_error (&error);
  }

  g_assert_cmpuint (tend_demo_server_get_n_requests (demo), ==, before);

  /* The helpdesk gone entirely (nothing listens): OFFLINE too. */
  {
    g_autoptr(TendFileCache) cache = tend_file_cache_new (dir, "http://127.0.0.1:9", &error);
    g_autofree char *pdf = NULL;

    g_assert_no_error (error);
    tend_file_cache_set_api_token (cache, "a@example.com", "secret");
    pdf = tend_file_cache_fetch (cache, "http://127.0.0.1:9/attachments/token/1/", "a.pdf",
                                 TEND_FILE_KIND_ANY, 0, NULL, &error);
    g_assert_error (error, TEND_ERROR, TEND_ERROR_OFFLINE);
    g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  }

  tend_test_remove_tree (dir);
}

static void
test_foreign_host (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(TendFileCache) cache = demo_cache (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (host_b.url, "/photo.png", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) expected = png_bytes ();

  /* A photo hosted elsewhere (say, Gravatar): fetched, without the token. */
  host_reset (&host_b);
  path = fetch_async (cache, url, "photo", TEND_FILE_KIND_IMAGE, &error);
  g_assert_no_error (error);
  assert_file_equals (path, expected);
  g_assert_cmpuint (host_b.authorizations->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (host_b.authorizations, 0), ==, "");

  /* The helpdesk ("A" here) redirects to a storage host ("B"): A gets
   * the credentials, B does not. */
  {
    g_autoptr(TendFileCache) cache_a = tend_file_cache_new (dir, host_a.url, &error);
    g_autofree char *redirect = g_strconcat (host_a.url, "/redirect", NULL);
    g_autofree char *moved = NULL;

    g_assert_no_error (error);
    tend_file_cache_set_api_token (cache_a, "agent@example.com", "s3cret");
    host_reset (&host_a);
    host_reset (&host_b);
    g_free (host_a.redirect_to);
    host_a.redirect_to = g_strconcat (host_b.url, "/file", NULL);

    moved = fetch_async (cache_a, redirect, "report.png", TEND_FILE_KIND_ANY, &error);
    g_assert_no_error (error);
    assert_file_equals (moved, expected);
    g_assert_cmpuint (host_a.authorizations->len, ==, 1);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (host_a.authorizations, 0), "Basic "));
    g_assert_cmpuint (host_b.authorizations->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (host_b.paths, 0), ==, "/file");
    g_assert_cmpstr (g_ptr_array_index (host_b.authorizations, 0), ==, "");
  }

  /* Same host, another port: another origin, no credentials either. */
  {
    g_autoptr(TendFileCache) cache_a = tend_file_cache_new (dir, host_a.url, &error);
    g_autofree char *other = g_strconcat (host_b.url, "/file", NULL);
    g_autofree char *fetched = NULL;

    tend_file_cache_set_api_token (cache_a, "agent@example.com", "s3cret");
    host_reset (&host_b);
    fetched = fetch_async (cache_a, other, "other.png", TEND_FILE_KIND_ANY, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (g_ptr_array_index (host_b.authorizations, 0), ==, "");
  }

  tend_test_remove_tree (dir);
}

static void
test_too_large (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(TendFileCache) cache = demo_cache (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *big = g_strconcat (host_b.url, "/big", NULL);
  guint before = tend_demo_server_get_n_requests (demo);

  /* Refused from the helpdesk's metadata, before any request. */
  tend_file_cache_set_max_size (cache, 1000);
  g_assert_cmpint (tend_attachment_get_size (pdf_attachment), >, 1000);
  path = tend_file_cache_fetch (cache, tend_attachment_get_content_url (pdf_attachment),
                                tend_attachment_get_file_name (pdf_attachment), TEND_FILE_KIND_ANY,
                                (guint64) tend_attachment_get_size (pdf_attachment), NULL, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_assert_null (path);
  g_assert_cmpuint (tend_demo_server_get_n_requests (demo), ==, before);
  g_clear_error (&error);

  /* Refused from Content-Length (the photo is a few kB). */
  path = tend_file_cache_fetch (cache, tend_user_get_photo_url (photo_user), "photo",
                                TEND_FILE_KIND_IMAGE, 0, NULL, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* No length announced: cut while reading. */
  tend_file_cache_set_max_size (cache, 100 * 1024);
  path = fetch_async (cache, big, "big.bin", TEND_FILE_KIND_ANY, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
  g_assert_null (path);
  g_clear_error (&error);

  /* Nothing of either is left behind. */
  g_assert_cmpuint (count_files (dir, NULL), ==, 0);

  /* Within the limit it is fine. */
  tend_file_cache_set_max_size (cache, 300 * 1024);
  path = fetch_async (cache, big, "big.bin", TEND_FILE_KIND_ANY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);

  tend_test_remove_tree (dir);
}

static void
test_not_found (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(TendFileCache) cache = demo_cache (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (tend_demo_server_get_url (demo), "/attachments/token/999999999/?name=gone.pdf", NULL);
  g_autofree char *path = NULL;

  path = tend_file_cache_fetch (cache, url, "gone.pdf", TEND_FILE_KIND_ANY, 0, NULL, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no longer has this file"));
  g_assert_null (path);
  g_assert_cmpuint (count_files (dir, NULL), ==, 0);

  tend_test_remove_tree (dir);
}

static void
test_wrong_content (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(TendFileCache) cache = demo_cache (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *login = g_strconcat (host_b.url, "/login", NULL);
  g_autofree char *text = g_strconcat (host_b.url, "/text", NULL);
  g_autofree char *path = NULL;

  /* A sign-in page where a file was expected. */
  path = fetch_async (cache, login, "invoice.pdf", TEND_FILE_KIND_ANY, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "web page"));
  g_clear_error (&error);

  /* Text where a photo was expected; as an attachment it is fine. */
  path = fetch_async (cache, text, "photo", TEND_FILE_KIND_IMAGE, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "not an image"));
  g_clear_error (&error);
  path = fetch_async (cache, text, "notes.txt", TEND_FILE_KIND_ANY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);

  /* Plain http:// elsewhere than this computer is refused. */
  g_clear_pointer (&path, g_free);
  path = tend_file_cache_fetch (cache, "http://example.com/a.png", "a.png", TEND_FILE_KIND_ANY, 0, NULL, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);

  tend_test_remove_tree (dir);
}

/* The least recently used files go when the cache outgrows its budget;
 * the one just downloaded stays. */
static void
test_budget (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(TendFileCache) cache = demo_cache (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_url = g_strconcat (host_b.url, "/photo.png", NULL);
  g_autofree char *text_url = g_strconcat (host_b.url, "/text", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *again = NULL;
  GStatBuf st;
  guint64 photo_size;

  first = fetch_async (cache, photo_url, "a.png", TEND_FILE_KIND_ANY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (first, &st), ==, 0);
  photo_size = st.st_size;
  g_usleep (20 * 1000);
  second = fetch_async (cache, text_url, "b.txt", TEND_FILE_KIND_ANY, &error);
  g_assert_no_error (error);
  g_usleep (20 * 1000);

  /* Looking "a" up makes it the most recently used. */
  again = tend_file_cache_lookup (cache, photo_url, "a.png");
  g_assert_cmpstr (again, ==, first);
  g_usleep (20 * 1000);

  /* Room for the photo and a bit: "b" (10 bytes) goes, not "a". */
  tend_file_cache_set_budget (cache, photo_size + 5);
  g_assert_cmpuint (tend_file_cache_trim (cache), ==, 10);
  g_assert_true (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));

  /* A download larger than the whole budget is kept (the agent asked for
   * it); what was there before goes. */
  tend_file_cache_set_budget (cache, 5);
  third = fetch_async (cache, text_url, "c.txt", TEND_FILE_KIND_ANY, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (third, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir, NULL), ==, 1);

  tend_test_remove_tree (dir);
}

/* Request Tracker's attachments come through the backend (base64 in
 * JSON); its other URLs with a plain GET. "A" plays RT. */
static void
test_rt_backend (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TendRtBackend) rt = tend_rt_backend_new (host_a.url, NULL, "1-14-secret", TEND_RT_AUTH_TOKEN, &error);
  g_autoptr(TendFileCache) cache = NULL;
  g_autoptr(GBytes) expected = png_bytes ();
  g_autofree char *url = g_strconcat (host_a.url, "/REST/2.0/attachment/5", NULL);
  g_autofree char *plain = g_strconcat (host_a.url, "/file", NULL);
  g_autofree char *path = NULL;
  g_autofree char *other = NULL;

  g_assert_no_error (error);
  cache = tend_file_cache_new (dir, host_a.url, &error);
  g_assert_no_error (error);
  tend_file_cache_set_authorization (cache, "token", "1-14-secret");
  tend_file_cache_set_backend (cache, TEND_BACKEND (rt));

  host_reset (&host_a);
  path = fetch_async (cache, url, "shot.png", TEND_FILE_KIND_IMAGE, &error);
  g_assert_no_error (error);
  assert_file_equals (path, expected);
  g_assert_cmpstr (g_ptr_array_index (host_a.authorizations, 0), ==, "token 1-14-secret");

  other = fetch_async (cache, plain, "file.png", TEND_FILE_KIND_ANY, &error);
  g_assert_no_error (error);
  assert_file_equals (other, expected);
  g_assert_cmpstr (g_ptr_array_index (host_a.paths, 1), ==, "/file");
  g_assert_cmpstr (g_ptr_array_index (host_a.authorizations, 1), ==, "token 1-14-secret");

  /* Over the limit, the backend refuses too. */
  {
    g_autofree char *again = NULL;
    g_autofree char *fresh_dir = make_dir ();
    g_autoptr(TendFileCache) small = tend_file_cache_new (fresh_dir, host_a.url, &error);

    tend_file_cache_set_authorization (small, "token", "1-14-secret");
    tend_file_cache_set_backend (small, TEND_BACKEND (rt));
    tend_file_cache_set_max_size (small, 100);
    again = fetch_async (small, url, "shot.png", TEND_FILE_KIND_ANY, &error);
    g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
    g_assert_null (again);
    g_assert_cmpuint (count_files (fresh_dir, NULL), ==, 0);
    tend_test_remove_tree (fresh_dir);
  }

  tend_test_remove_tree (dir);
}

/* The child of /file-cache/killed: downloads until it is killed. */
static int
child_main (const char *dir,
            const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendFileCache) cache = tend_file_cache_new (dir, NULL, &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = tend_file_cache_fetch (cache, url, "big.bin", TEND_FILE_KIND_ANY, 0, NULL, &error);
  /* Not reached while the parent holds the connection open. */
  return path != NULL ? 0 : 3;
}

static gboolean
part_file_has_data (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_str_has_prefix (name, ".part-") && g_stat (path, &st) == 0 && st.st_size >= STALL_SENT / 2)
        return TRUE;
    }
  return FALSE;
}

static void
test_killed (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *url = g_strconcat (host_b.url, "/stall", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  const char *self_path = g_test_get_filename (G_TEST_BUILT, "test-file-cache", NULL);

  g_subprocess_launcher_setenv (launcher, "TEND_FILE_CACHE_CHILD_DIR", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "TEND_FILE_CACHE_CHILD_URL", url, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, NULL);
  g_assert_no_error (error);

  /* Until the child has written part of the file. */
  while (!part_file_has_data (dir) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  g_assert_true (part_file_has_data (dir));

  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (child));

  /* No partial file under the cache's name; the debris is a .part file… */
  {
    g_autoptr(TendFileCache) cache = NULL;
    g_autofree char *path = NULL;

    g_assert_cmpuint (count_files (dir, ".part-"), ==, 1);
    g_assert_cmpuint (count_files (dir, NULL), ==, 1);

    /* …which the next cache over the folder removes, its process gone. */
    cache = tend_file_cache_new (dir, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (count_files (dir, NULL), ==, 0);
    g_assert_null (tend_file_cache_lookup (cache, url, "big.bin"));

    /* A later download of the same URL starts afresh and completes. */
    g_clear_object (&host_b.stalled);
    {
      g_autofree char *other = g_strconcat (host_b.url, "/file", NULL);
      g_autoptr(GBytes) expected = png_bytes ();

      path = fetch_async (cache, other, "big.bin", TEND_FILE_KIND_ANY, &error);
      g_assert_no_error (error);
      assert_file_equals (path, expected);
    }
  }

  tend_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  if (g_getenv ("TEND_FILE_CACHE_CHILD_URL") != NULL)
    return child_main (g_getenv ("TEND_FILE_CACHE_CHILD_DIR"), g_getenv ("TEND_FILE_CACHE_CHILD_URL"));

  g_test_init (&argc, &argv, NULL);
  g_setenv ("TEND_HTTP_BASE_DELAY_MS", "5", TRUE);

  demo = tend_demo_server_new (N_TICKETS, SEED);
  if (!tend_demo_server_start (demo, &error))
    g_error ("The demo helpdesk did not start: %s", error->message);
  find_samples ();
  host_start (&host_a);
  host_start (&host_b);

  g_test_add_func ("/file-cache/attachment", test_attachment);
  g_test_add_func ("/file-cache/photo", test_photo);
  g_test_add_func ("/file-cache/cache-hit-offline", test_cache_hit_offline);
  g_test_add_func ("/file-cache/foreign-host", test_foreign_host);
  g_test_add_func ("/file-cache/too-large", test_too_large);
  g_test_add_func ("/file-cache/not-found", test_not_found);
  g_test_add_func ("/file-cache/wrong-content", test_wrong_content);
  g_test_add_func ("/file-cache/budget", test_budget);
  g_test_add_func ("/file-cache/rt-backend", test_rt_backend);
  g_test_add_func ("/file-cache/killed", test_killed);

  result = g_test_run ();

  host_stop (&host_a);
  host_stop (&host_b);
  g_clear_object (&pdf_attachment);
  g_clear_object (&png_attachment);
  g_clear_object (&photo_user);
  tend_demo_server_stop (demo);
  g_clear_object (&demo);
  return result;
}
