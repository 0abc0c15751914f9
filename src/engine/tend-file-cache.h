/* tend-file-cache.h: helpdesk files (attachments, photos) downloaded on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"
#include "tend-backend.h"

G_BEGIN_DECLS

#define TEND_TYPE_FILE_CACHE (tend_file_cache_get_type ())
G_DECLARE_FINAL_TYPE (TendFileCache, tend_file_cache, TEND, FILE_CACHE, GObject)

/* Attachments larger than this are refused unless the limit is raised. */
#define TEND_FILE_CACHE_DEFAULT_MAX_SIZE   ((guint64) 100 * 1024 * 1024)
/* How much the cache keeps before the least recently used files go. */
#define TEND_FILE_CACHE_DEFAULT_BUDGET     ((guint64) 1024 * 1024 * 1024)
/* A profile photo is a few kilobytes; anything this big is not one. */
#define TEND_FILE_CACHE_MAX_PHOTO_SIZE     ((guint64) 5 * 1024 * 1024)

/* What a download must turn out to be. */
typedef enum
{
  TEND_FILE_KIND_ANY,    /* an attachment: anything but a web page */
  TEND_FILE_KIND_IMAGE,  /* a photo: an image */
} TendFileKind;

/* One download cache per account. Each file is kept at
 * DIRECTORY/<SHA-256 of its URL>/<its sanitized name>, so a URL is fetched
 * once and its file opens in other applications under its own name.
 *
 * Downloads run in a worker thread, are written to a temporary file next
 * to the cache and renamed into place when complete and checked: a cache
 * entry is always a whole file. Temporary files of a process that died
 * are removed when the next cache over the directory is made.
 *
 * The account's credentials go only to the helpdesk's own origin (scheme,
 * host and port of @helpdesk_url); a URL elsewhere (a photo hosted by a
 * third party, a redirect to a storage service) is fetched without them.
 * Redirects are followed by hand for that reason, at most 5. A URL that
 * is only a path ("/system/photos/1.png") is on the helpdesk.
 *
 * Failures are TEND_ERROR codes with a message for the agent:
 * OFFLINE (the helpdesk cannot be reached, or there are no credentials),
 * NOT_FOUND (404, 410), AUTH (401, 403), BAD_RESPONSE (larger than the
 * limit, or not what was expected: a web page instead of a file, not an
 * image for a photo), NETWORK (a 5xx or a cut connection after retries),
 * STORAGE (the cache cannot be written). */

/* $XDG_CACHE_HOME/tend/<account_id>/files; newly allocated. */
char           *tend_file_cache_dup_default_directory (const char      *account_id);

/* @helpdesk_url: the account's base URL, whose origin gets the
 * credentials; NULL for a cache that only reads what was downloaded
 * before (`tend --db`). Creates @directory. */
TendFileCache  *tend_file_cache_new                (const char      *directory,
                                                    const char      *helpdesk_url,
                                                    GError         **error);
const char     *tend_file_cache_get_directory      (TendFileCache   *self);

/* Credentials, as for TendHttp (set before the first download).
 * Zendesk's API token: Basic base64("EMAIL/token:TOKEN"). */
void            tend_file_cache_set_api_token      (TendFileCache   *self,
                                                    const char      *email,
                                                    const char      *token);
/* "Authorization: SCHEME CREDENTIALS" (Request Tracker's "token …"). */
void            tend_file_cache_set_authorization  (TendFileCache   *self,
                                                    const char      *scheme,
                                                    const char      *credentials);
/* A backend whose download_file() fetches the helpdesk's own files
 * instead of a plain GET (Request Tracker serves attachments as base64
 * in JSON); may be NULL. */
void            tend_file_cache_set_backend        (TendFileCache   *self,
                                                    TendBackend     *backend);
/* FALSE: downloads fail with TEND_ERROR_OFFLINE at once (no network). */
void            tend_file_cache_set_online         (TendFileCache   *self,
                                                    gboolean         online);
gboolean        tend_file_cache_get_online         (TendFileCache   *self);
void            tend_file_cache_set_max_size       (TendFileCache   *self,
                                                    guint64          max_bytes);
guint64         tend_file_cache_get_max_size       (TendFileCache   *self);
/* After each download, files least recently downloaded or looked up go
 * until the cache holds at most @budget bytes. */
void            tend_file_cache_set_budget         (TendFileCache   *self,
                                                    guint64          budget);
/* Does that now (blocking); the bytes removed. */
guint64         tend_file_cache_trim               (TendFileCache   *self);

/* Where @url's file is cached under @file_name, whether or not it is
 * there; newly allocated. @file_name is sanitized (no directories). */
char           *tend_file_cache_dup_path           (TendFileCache   *self,
                                                    const char      *url,
                                                    const char      *file_name);
/* The cached file's path, or NULL when it was never downloaded. Never
 * touches the network; cheap enough for the main thread. */
char           *tend_file_cache_lookup             (TendFileCache   *self,
                                                    const char      *url,
                                                    const char      *file_name);

/* Downloads @url unless cached, and returns the cached file's path.
 * @expected_size (from the helpdesk's metadata; 0 when unknown) lets a
 * file over the limit be refused before anything is sent. Blocking: for
 * worker threads and tendctl. */
char           *tend_file_cache_fetch              (TendFileCache   *self,
                                                    const char      *url,
                                                    const char      *file_name,
                                                    TendFileKind     kind,
                                                    guint64          expected_size,
                                                    GCancellable    *cancellable,
                                                    GError         **error);
void            tend_file_cache_fetch_async        (TendFileCache   *self,
                                                    const char      *url,
                                                    const char      *file_name,
                                                    TendFileKind     kind,
                                                    guint64          expected_size,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
char           *tend_file_cache_fetch_finish       (TendFileCache   *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* The same for the two kinds of helpdesk files, which name them. */
char           *tend_file_cache_lookup_attachment  (TendFileCache   *self,
                                                    TendAttachment  *attachment);
void            tend_file_cache_fetch_attachment_async (TendFileCache  *self,
                                                    TendAttachment  *attachment,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* NULL (no error) when @user has no photo. */
char           *tend_file_cache_lookup_photo       (TendFileCache   *self,
                                                    TendUser        *user);
void            tend_file_cache_fetch_photo_async  (TendFileCache   *self,
                                                    TendUser        *user,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);

/* Downloads finished, and bytes received, by this cache (for tests). */
guint           tend_file_cache_get_n_downloads    (TendFileCache   *self);

G_END_DECLS
