/* tend-file-cache.c: helpdesk files (attachments, photos) downloaded on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-file-cache"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <utime.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <libsoup/soup.h>

#include "tend-file-cache.h"
#include "tend-attachment.h"
#include "tend-http-private.h"
#include "tend-user.h"

#define TEMP_PREFIX       ".part-"
#define MAX_REDIRECTS     5
#define MAX_ATTEMPTS      3
#define READ_CHUNK        (64 * 1024)
/* How much of a body is looked at to tell a web page from a file. */
#define SNIFF_BYTES       512

struct _TendFileCache
{
  GObject      parent_instance;

  char        *directory;
  GUri        *helpdesk_uri;   /* NULL: no credentials anywhere */
  SoupSession *session;

  GMutex       lock;           /* guards what follows */
  char        *authorization;
  TendBackend *backend;
  gboolean     online;
  guint64      max_size;
  guint64      budget;
  guint        n_downloads;
};

G_DEFINE_FINAL_TYPE (TendFileCache, tend_file_cache, G_TYPE_OBJECT)

static void
tend_file_cache_finalize (GObject *object)
{
  TendFileCache *self = TEND_FILE_CACHE (object);

  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->helpdesk_uri, g_uri_unref);
  g_clear_object (&self->session);
  _tend_http_wipe_string (&self->authorization);
  g_clear_object (&self->backend);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tend_file_cache_parent_class)->finalize (object);
}

static void
tend_file_cache_class_init (TendFileCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_file_cache_finalize;
}

static void
tend_file_cache_init (TendFileCache *self)
{
  g_mutex_init (&self->lock);
  self->online = TRUE;
  self->max_size = TEND_FILE_CACHE_DEFAULT_MAX_SIZE;
  self->budget = TEND_FILE_CACHE_DEFAULT_BUDGET;
}

char *
tend_file_cache_dup_default_directory (const char *account_id)
{
  g_return_val_if_fail (account_id != NULL && *account_id != '\0', NULL);

  return g_build_filename (g_get_user_cache_dir (), "tend", account_id, "files", NULL);
}

/* Temporary files are named .part-PID-XXXXXX: those of a process that is
 * gone are debris of a download it never finished. */
static void
remove_stale_parts (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const char *rest;
      char *end = NULL;
      gint64 pid;

      if (!g_str_has_prefix (name, TEMP_PREFIX))
        continue;
      rest = name + strlen (TEMP_PREFIX);
      pid = g_ascii_strtoll (rest, &end, 10);
      if (end == rest || *end != '-' || pid <= 0 || pid > G_MAXINT)
        continue;
      if (pid == getpid () || kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;

      {
        g_autofree char *path = g_build_filename (directory, name, NULL);

        g_debug ("Removing %s, left by process %" G_GINT64_FORMAT, path, pid);
        g_unlink (path);
      }
    }
}

TendFileCache *
tend_file_cache_new (const char  *directory,
                     const char  *helpdesk_url,
                     GError     **error)
{
  g_autoptr(TendFileCache) self = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                   _("Cannot create the download folder %s: %s"),
                   directory, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (TEND_TYPE_FILE_CACHE, NULL);
  self->directory = g_strdup (directory);

  if (helpdesk_url != NULL)
    {
      self->helpdesk_uri = g_uri_parse (helpdesk_url, G_URI_FLAGS_ENCODED, NULL);
      if (self->helpdesk_uri == NULL || g_uri_get_host (self->helpdesk_uri) == NULL)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       _("“%s” is not a web address"), helpdesk_url);
          return NULL;
        }
    }

  /* Files can be large and the link slow: no overall timeout. */
  self->session = _tend_http_session_new ();

  remove_stale_parts (directory);

  return g_steal_pointer (&self);
}

const char *
tend_file_cache_get_directory (TendFileCache *self)
{
  g_return_val_if_fail (TEND_IS_FILE_CACHE (self), NULL);

  return self->directory;
}

static void
set_authorization (TendFileCache *self,
                   char          *value)
{
  g_mutex_lock (&self->lock);
  _tend_http_wipe_string (&self->authorization);
  self->authorization = value;
  g_mutex_unlock (&self->lock);
}

void
tend_file_cache_set_api_token (TendFileCache *self,
                               const char    *email,
                               const char    *token)
{
  g_autofree char *plain = NULL;

  g_return_if_fail (TEND_IS_FILE_CACHE (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (token != NULL);

  plain = g_strdup_printf ("%s/token:%s", email, token);
  set_authorization (self, _tend_http_basic_authorization (plain));
}

void
tend_file_cache_set_authorization (TendFileCache *self,
                                   const char    *scheme,
                                   const char    *credentials)
{
  g_return_if_fail (TEND_IS_FILE_CACHE (self));
  g_return_if_fail (scheme != NULL && *scheme != '\0');
  g_return_if_fail (credentials != NULL);

  set_authorization (self, g_strconcat (scheme, " ", credentials, NULL));
}

void
tend_file_cache_set_backend (TendFileCache *self,
                             TendBackend   *backend)
{
  g_return_if_fail (TEND_IS_FILE_CACHE (self));
  g_return_if_fail (backend == NULL || TEND_IS_BACKEND (backend));

  g_mutex_lock (&self->lock);
  g_set_object (&self->backend, backend);
  g_mutex_unlock (&self->lock);
}

void
tend_file_cache_set_online (TendFileCache *self,
                            gboolean       online)
{
  g_return_if_fail (TEND_IS_FILE_CACHE (self));

  g_mutex_lock (&self->lock);
  self->online = !!online;
  g_mutex_unlock (&self->lock);
}

gboolean
tend_file_cache_get_online (TendFileCache *self)
{
  gboolean online;

  g_return_val_if_fail (TEND_IS_FILE_CACHE (self), FALSE);

  g_mutex_lock (&self->lock);
  online = self->online;
  g_mutex_unlock (&self->lock);
  return online;
}

void
tend_file_cache_set_max_size (TendFileCache *self,
                              guint64        max_bytes)
{
  g_return_if_fail (TEND_IS_FILE_CACHE (self));

  g_mutex_lock (&self->lock);
  self->max_size = MAX (max_bytes, 1);
  g_mutex_unlock (&self->lock);
}

guint64
tend_file_cache_get_max_size (TendFileCache *self)
{
  guint64 max_size;

  g_return_val_if_fail (TEND_IS_FILE_CACHE (self), 0);

  g_mutex_lock (&self->lock);
  max_size = self->max_size;
  g_mutex_unlock (&self->lock);
  return max_size;
}

void
tend_file_cache_set_budget (TendFileCache *self,
                            guint64        budget)
{
  g_return_if_fail (TEND_IS_FILE_CACHE (self));

  g_mutex_lock (&self->lock);
  self->budget = budget;
  g_mutex_unlock (&self->lock);
}

typedef struct
{
  char   *path;
  gint64  used;    /* mtime: downloaded or last looked up */
  guint64 size;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->path);
  g_free (entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = *(const Entry **) a;
  const Entry *y = *(const Entry **) b;

  return x->used < y->used ? -1 : x->used > y->used;
}

/* @keep: a file that stays whatever its size (the one just downloaded). */
static guint64
trim (TendFileCache *self,
      const char    *keep)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint64 total = 0;
  guint64 removed = 0;
  guint64 budget;

  g_mutex_lock (&self->lock);
  budget = self->budget;
  g_mutex_unlock (&self->lock);

  dir = g_dir_open (self->directory, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub_path = NULL;
      g_autoptr(GDir) sub = NULL;
      const char *file;

      /* Downloads under way are not the cache's yet. */
      if (g_str_has_prefix (name, TEMP_PREFIX))
        continue;
      sub_path = g_build_filename (self->directory, name, NULL);
      sub = g_dir_open (sub_path, 0, NULL);
      while (sub != NULL && (file = g_dir_read_name (sub)) != NULL)
        {
          Entry *entry = g_new0 (Entry, 1);
          GStatBuf st;

          entry->path = g_build_filename (sub_path, file, NULL);
          if (g_stat (entry->path, &st) != 0 || !S_ISREG (st.st_mode))
            {
              entry_free (entry);
              continue;
            }
          entry->used = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
          entry->size = st.st_size;
          total += entry->size;
          g_ptr_array_add (entries, entry);
        }
    }

  g_ptr_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len && total > budget; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      g_autofree char *parent = g_path_get_dirname (entry->path);

      if (g_strcmp0 (entry->path, keep) == 0 || g_unlink (entry->path) != 0)
        continue;
      total -= entry->size;
      removed += entry->size;
      g_rmdir (parent);   /* when empty */
    }

  return removed;
}

guint64
tend_file_cache_trim (TendFileCache *self)
{
  g_return_val_if_fail (TEND_IS_FILE_CACHE (self), 0);

  return trim (self, NULL);
}

guint
tend_file_cache_get_n_downloads (TendFileCache *self)
{
  guint n;

  g_return_val_if_fail (TEND_IS_FILE_CACHE (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_downloads;
  g_mutex_unlock (&self->lock);
  return n;
}

/* Paths */

/* The file name is the helpdesk's (untrusted): the attachment model's
 * sanitizer makes it safe to create, with the same rules everywhere. */
static char *
dup_safe_name (const char *file_name)
{
  g_autoptr(TendAttachment) probe = tend_attachment_new (0);

  tend_attachment_set_file_name (probe, file_name != NULL && *file_name != '\0' ? file_name : "file");
  return tend_attachment_dup_safe_file_name (probe);
}

char *
tend_file_cache_dup_path (TendFileCache *self,
                          const char    *url,
                          const char    *file_name)
{
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (TEND_IS_FILE_CACHE (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  name = dup_safe_name (file_name);
  return g_build_filename (self->directory, key, name, NULL);
}

char *
tend_file_cache_lookup (TendFileCache *self,
                        const char    *url,
                        const char    *file_name)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (TEND_IS_FILE_CACHE (self), NULL);

  if (url == NULL || *url == '\0')
    return NULL;

  path = tend_file_cache_dup_path (self, url, file_name);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  /* Used now: the last to go when the cache is trimmed. */
  g_utime (path, NULL);
  return g_steal_pointer (&path);
}

/* Downloading */

/* https anywhere; plain http only to this computer, as for the API. */
static gboolean
check_scheme (GUri        *uri,
              const char  *url,
              GError     **error)
{
  const char *scheme = g_uri_get_scheme (uri);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && _tend_http_host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
               _("Not downloading %s: only https:// addresses are allowed"), url);
  return FALSE;
}

static gboolean
looks_like_web_page (const guchar *data,
                     gsize         length)
{
  g_autofree char *head = NULL;
  const char *p;

  head = g_ascii_strdown ((const char *) data, MIN (length, SNIFF_BYTES));
  p = head;
  /* A byte-order mark, then white space. */
  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  return g_str_has_prefix (p, "<!doctype html") || g_str_has_prefix (p, "<html") ||
         g_str_has_prefix (p, "<head");
}

static gboolean
is_image_type (const char *content_type)
{
  return content_type != NULL && g_ascii_strncasecmp (content_type, "image/", 6) == 0;
}

/* Checks what arrived against what was asked for: a sign-in page
 * instead of an attachment, or a photo that is no image. */
static gboolean
check_content (const guchar  *head,
               gsize          head_length,
               const char    *content_type,
               TendFileKind   kind,
               const char    *url,
               GError       **error)
{
  gboolean web_page = (content_type != NULL &&
                       g_ascii_strncasecmp (content_type, "text/html", 9) == 0) ||
                      looks_like_web_page (head, head_length);

  if (kind == TEND_FILE_KIND_IMAGE)
    {
      g_autofree char *guessed = NULL;
      gboolean uncertain = TRUE;

      if (!web_page && head_length > 0)
        guessed = g_content_type_guess (NULL, head, head_length, &uncertain);
      if (!web_page && (is_image_type (content_type) ||
                        (guessed != NULL && !uncertain &&
                         g_content_type_is_a (guessed, "image/*"))))
        return TRUE;

      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("The photo at %s is not an image"), url);
      return FALSE;
    }

  if (web_page)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("The helpdesk sent a web page instead of the file "
                     "(a sign-in page?)"));
      return FALSE;
    }
  return TRUE;
}

static void
set_too_large (GError  **error,
               guint64   max_size)
{
  g_autofree char *limit = g_format_size (max_size);

  g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
               _("The file is larger than %s, the most Tend downloads"), limit);
}

/* A failure of the connection itself: OFFLINE when the server could not
 * be reached at all (nothing to do but wait), NETWORK when it was cut. */
static void
set_network_error (GUri     *uri,
                   GError   *cause,
                   GError  **error)
{
  const char *host = g_uri_get_host (uri);

  if (_tend_http_error_is_unreachable (cause))
    g_set_error (error, TEND_ERROR, TEND_ERROR_OFFLINE,
                 _("Cannot reach %s to download the file; it can be "
                   "opened once the connection is back"), host);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                 _("%s did not answer in time"), host);
  else
    g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                 _("The download from %s failed: %s"), host, cause->message);
}

typedef enum
{
  STEP_DONE,
  STEP_REDIRECT,
  STEP_RETRY,   /* error set; may help to try again */
  STEP_FAILED,  /* error set */
} Step;

/* One GET of @uri into @output (empty). */
static Step
get_once (TendFileCache  *self,
          GUri           *uri,
          const char     *authorization,
          GOutputStream  *output,
          guint64         max_size,
          TendFileKind    kind,
          const char     *url,
          GUri          **redirect,
          char          **content_type_out,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new_from_uri ("GET", uri);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guchar *buffer = g_malloc (READ_CHUNK);
  SoupMessageHeaders *headers;
  const char *content_type;
  guint status;
  guint64 total = 0;
  goffset length;
  gboolean checked = FALSE;

  /* Followed by hand: libsoup 3.2 would carry an Authorization header
   * along to wherever the redirect points. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "Authorization", authorization);

  stream = soup_session_send (self->session, msg, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return STEP_FAILED;
        }
      set_network_error (uri, local_error, error);
      return g_error_matches (*error, TEND_ERROR, TEND_ERROR_OFFLINE) ? STEP_FAILED : STEP_RETRY;
    }

  status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (headers, "Location");

      g_input_stream_close (stream, NULL, NULL);
      if (location != NULL)
        *redirect = g_uri_parse_relative (uri, location, G_URI_FLAGS_ENCODED, NULL);
      if (*redirect == NULL)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                       _("%s answered with a redirect that goes nowhere"), g_uri_get_host (uri));
          return STEP_FAILED;
        }
      return STEP_REDIRECT;
    }

  if (status < 200 || status >= 300)
    {
      g_input_stream_close (stream, NULL, NULL);
      if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
        g_set_error_literal (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                             _("The helpdesk no longer has this file"));
      else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                     _("%s does not allow this account to download the file"),
                     g_uri_get_host (uri));
      else if (status >= 500 || status == 429)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                       _("%s failed with HTTP %u; try again later"), g_uri_get_host (uri), status);
          return STEP_RETRY;
        }
      else
        g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
                     _("%s refused the download with HTTP %u"), g_uri_get_host (uri), status);
      return STEP_FAILED;
    }

  content_type = soup_message_headers_get_content_type (headers, NULL);
  length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > 0 && (guint64) length > max_size)
    {
      g_input_stream_close (stream, NULL, NULL);
      set_too_large (error, max_size);
      return STEP_FAILED;
    }

  for (;;)
    {
      gsize n = 0;

      /* read_all: the first chunk is then big enough to sniff. */
      if (!g_input_stream_read_all (stream, buffer, READ_CHUNK, &n, cancellable, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return STEP_FAILED;
            }
          set_network_error (uri, local_error, error);
          return STEP_RETRY;
        }

      if (!checked)
        {
          if (!check_content (buffer, n, content_type, kind, url, error))
            return STEP_FAILED;
          checked = TRUE;
        }
      if (n == 0)
        break;

      total += n;
      if (total > max_size)
        {
          set_too_large (error, max_size);
          return STEP_FAILED;
        }
      if (!g_output_stream_write_all (output, buffer, n, NULL, cancellable, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                         _("Cannot write the download: %s"), local_error->message);
          return STEP_FAILED;
        }
    }
  g_input_stream_close (stream, NULL, NULL);

  if (_tend_http_body_was_cut (headers, total))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NETWORK,
                   _("The connection to %s was cut during the download"), g_uri_get_host (uri));
      return STEP_RETRY;
    }

  if (content_type_out != NULL)
    *content_type_out = g_strdup (content_type);
  return STEP_DONE;
}

/* What a backend wrote gets the same check as a body get_once reads. */
static gboolean
check_written_file (const char    *path,
                    const char    *content_type,
                    TendFileKind   kind,
                    const char    *url,
                    GError       **error)
{
  gsize length = 0;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guchar head[SNIFF_BYTES];

  if (in != NULL)
    g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &length, NULL, NULL);
  return check_content (head, length, content_type, kind, url, error);
}

typedef struct
{
  char          *path;
  GOutputStream *output;
} TempFile;

static void
temp_file_discard (TempFile *temp)
{
  if (temp->output != NULL)
    g_output_stream_close (temp->output, NULL, NULL);
  g_clear_object (&temp->output);
  if (temp->path != NULL)
    g_unlink (temp->path);
  g_clear_pointer (&temp->path, g_free);
}

static gboolean
temp_file_open (TendFileCache  *self,
                TempFile       *temp,
                GError        **error)
{
  g_autofree char *template = g_strdup_printf ("%s/" TEMP_PREFIX "%d-XXXXXX",
                                               self->directory, (int) getpid ());
  int fd;

  fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                   _("Cannot write to the download folder %s: %s"),
                   self->directory, g_strerror (saved));
      return FALSE;
    }
  temp->path = g_steal_pointer (&template);
  temp->output = g_unix_output_stream_new (fd, TRUE);
  return TRUE;
}

char *
tend_file_cache_fetch (TendFileCache  *self,
                       const char     *url,
                       const char     *file_name,
                       TendFileKind    kind,
                       guint64         expected_size,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(GUri) uri = NULL;
  TempFile temp = { NULL, NULL };
  gboolean online;
  guint64 max_size;
  guint attempt = 0;
  guint redirects = 0;

  g_return_val_if_fail (TEND_IS_FILE_CACHE (self), NULL);

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                           _("The helpdesk gave no address for this file"));
      return NULL;
    }

  path = tend_file_cache_lookup (self, url, file_name);
  if (path != NULL)
    return g_steal_pointer (&path);

  g_mutex_lock (&self->lock);
  online = self->online;
  max_size = self->max_size;
  authorization = g_strdup (self->authorization);
  backend = self->backend != NULL ? g_object_ref (self->backend) : NULL;
  g_mutex_unlock (&self->lock);

  if (kind == TEND_FILE_KIND_IMAGE)
    max_size = MIN (max_size, TEND_FILE_CACHE_MAX_PHOTO_SIZE);

  if (expected_size > max_size)
    {
      set_too_large (error, max_size);
      goto fail;
    }

  if (!online)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_OFFLINE,
                           _("Offline: the file was not downloaded before and "
                             "can be fetched once the connection is back"));
      goto fail;
    }

  /* A path is on the helpdesk (the demo helpdesk's addresses are, so
   * that they do not depend on its port). */
  if (url[0] == '/' && self->helpdesk_uri != NULL)
    uri = g_uri_parse_relative (self->helpdesk_uri, url, G_URI_FLAGS_ENCODED, NULL);
  else if (url[0] == '/')
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_OFFLINE,
                           _("This copy is not connected to its helpdesk; files that "
                             "were not downloaded before cannot be fetched"));
      goto fail;
    }
  else
    uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("“%s” is not a web address"), url);
      goto fail;
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GUri) next = NULL;
      gboolean own = _tend_http_same_origin (uri, self->helpdesk_uri);
      Step step;

      if (!check_scheme (uri, url, error))
        goto fail;
      if (!temp_file_open (self, &temp, error))
        goto fail;

      if (own && backend != NULL && tend_backend_can_download_file (backend))
        {
          g_autofree char *current = g_uri_to_string (uri);

          if (tend_backend_download_file (backend, current, temp.output, max_size,
                                          &content_type, cancellable, &local_error))
            {
              if (!g_output_stream_close (temp.output, cancellable, error))
                goto fail;
              if (!check_written_file (temp.path, content_type, kind, url, error))
                goto fail;
              break;
            }
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto fail;
            }
          g_clear_error (&local_error);
        }

      if (own && self->helpdesk_uri != NULL && authorization == NULL)
        {
          g_set_error_literal (error, TEND_ERROR, TEND_ERROR_OFFLINE,
                               _("This account is not signed in; files that "
                                 "were not downloaded before cannot be fetched"));
          goto fail;
        }

      step = get_once (self, uri, own ? authorization : NULL, temp.output, max_size, kind, url,
                       &next, &content_type, cancellable, &local_error);
      if (step == STEP_DONE)
        {
          if (!g_output_stream_close (temp.output, cancellable, error))
            goto fail;
          break;
        }

      temp_file_discard (&temp);

      if (step == STEP_REDIRECT)
        {
          if (++redirects > MAX_REDIRECTS)
            {
              g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                           _("Too many redirects downloading %s"), url);
              goto fail;
            }
          g_clear_pointer (&uri, g_uri_unref);
          uri = g_steal_pointer (&next);
          continue;
        }

      if (step == STEP_RETRY && ++attempt < MAX_ATTEMPTS)
        {
          guint delay = _tend_http_env_uint ("TEND_HTTP_BASE_DELAY_MS", 250) << attempt;

          g_debug ("%s; trying again in %u ms", local_error->message, delay);
          if (!tend_http_sleep (delay, cancellable, error))
            goto fail;
          continue;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }

  /* Complete and checked: now it may have its name. */
  path = tend_file_cache_dup_path (self, url, file_name);
  {
    g_autofree char *dir = g_path_get_dirname (path);

    if (g_mkdir_with_parents (dir, 0700) != 0 || g_rename (temp.path, path) != 0)
      {
        int saved = errno;

        g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                     _("Cannot keep the download in %s: %s"), dir, g_strerror (saved));
        g_clear_pointer (&path, g_free);
        goto fail;
      }
  }
  g_clear_pointer (&temp.path, g_free);
  g_clear_object (&temp.output);

  g_mutex_lock (&self->lock);
  self->n_downloads++;
  g_mutex_unlock (&self->lock);

  trim (self, path);

  return g_steal_pointer (&path);

fail:
  temp_file_discard (&temp);
  return NULL;
}

/* Async */

typedef struct
{
  char         *url;
  char         *file_name;
  TendFileKind  kind;
  guint64       expected_size;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->url);
  g_free (data->file_name);
  g_free (data);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  GError *error = NULL;
  char *path;

  path = tend_file_cache_fetch (source_object, data->url, data->file_name, data->kind,
                                data->expected_size, cancellable, &error);
  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

void
tend_file_cache_fetch_async (TendFileCache       *self,
                             const char          *url,
                             const char          *file_name,
                             TendFileKind         kind,
                             guint64              expected_size,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;
  char *cached;

  g_return_if_fail (TEND_IS_FILE_CACHE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tend_file_cache_fetch_async);

  /* A cache hit needs no thread. */
  cached = url != NULL ? tend_file_cache_lookup (self, url, file_name) : NULL;
  if (cached != NULL)
    {
      g_task_return_pointer (task, cached, g_free);
      return;
    }

  data = g_new0 (FetchData, 1);
  data->url = g_strdup (url);
  data->file_name = g_strdup (file_name);
  data->kind = kind;
  data->expected_size = expected_size;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

char *
tend_file_cache_fetch_finish (TendFileCache  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (TEND_IS_FILE_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Attachments and photos */

char *
tend_file_cache_lookup_attachment (TendFileCache  *self,
                                   TendAttachment *attachment)
{
  g_return_val_if_fail (TEND_IS_ATTACHMENT (attachment), NULL);

  return tend_file_cache_lookup (self, tend_attachment_get_content_url (attachment),
                                 tend_attachment_get_file_name (attachment));
}

void
tend_file_cache_fetch_attachment_async (TendFileCache       *self,
                                        TendAttachment      *attachment,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (TEND_IS_ATTACHMENT (attachment));

  tend_file_cache_fetch_async (self, tend_attachment_get_content_url (attachment),
                               tend_attachment_get_file_name (attachment),
                               TEND_FILE_KIND_ANY,
                               (guint64) MAX (tend_attachment_get_size (attachment), 0),
                               cancellable, callback, user_data);
}

/* Photos are named after the user, so that the file says whose it is. */
static char *
dup_photo_name (TendUser *user)
{
  return g_strdup_printf ("photo-%" G_GINT64_FORMAT, tend_user_get_id (user));
}

char *
tend_file_cache_lookup_photo (TendFileCache *self,
                              TendUser      *user)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (TEND_IS_USER (user), NULL);

  if (tend_user_get_photo_url (user) == NULL)
    return NULL;
  name = dup_photo_name (user);
  return tend_file_cache_lookup (self, tend_user_get_photo_url (user), name);
}

void
tend_file_cache_fetch_photo_async (TendFileCache       *self,
                                   TendUser            *user,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *name = NULL;

  g_return_if_fail (TEND_IS_USER (user));

  name = dup_photo_name (user);
  tend_file_cache_fetch_async (self, tend_user_get_photo_url (user), name,
                               TEND_FILE_KIND_IMAGE, 0, cancellable, callback, user_data);
}
