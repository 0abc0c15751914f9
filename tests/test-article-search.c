/* test-article-search.c: the knowledge search over the cache and the
 * helpdesk, merged, against the demo helpdesk
 *
 * One TendDemoServer runs in this process; a store is synced from it as
 * an agent's would be. Then articles are published on the helpdesk only
 * (tend_demo_server_add_article), and the merged search must show each
 * article once, the local matches first, the helpdesk-only ones after
 * them, saved for offline use; with the helpdesk failing or out of reach,
 * the local results stand alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-article-search"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "tend-engine.h"
#include "tend-demo-server.h"
#include "tend-zendesk-backend.h"
#include "test-util.h"

#define N_TICKETS 60
#define SEED      7

static TendDemoServer *server;
static TendStore *store;
static char *store_dir;

/* Helpers */

static TendBackend *
backend_for (const char *url)
{
  g_autoptr(GError) error = NULL;
  TendZendeskBackend *backend;

  backend = tend_zendesk_backend_new (url, tend_demo_server_get_email (server),
                                      tend_demo_server_get_token (server), &error);
  g_assert_no_error (error);

  return TEND_BACKEND (backend);
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* Lets the store's "changed" emissions (and any late callback) run. */
static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GPtrArray *
fetch_remote (TendArticleSearch  *search,
              const char         *text,
              GCancellable       *cancellable,
              GError            **error)
{
  GAsyncResult *result = NULL;
  GPtrArray *answer;

  tend_article_search_fetch_remote_async (search, text, cancellable, on_async_done, &result);
  answer = tend_article_search_fetch_remote_finish (search, wait_for_result (&result), error);
  g_object_unref (result);
  drain ();

  return answer;
}

static gboolean
contains_id (GPtrArray *articles,
             guint      from,
             guint      to,
             gint64     id)
{
  for (guint i = from; i < to && i < articles->len; i++)
    if (tend_article_get_id (g_ptr_array_index (articles, i)) == id)
      return TRUE;

  return FALSE;
}

static void
assert_unique_ids (GPtrArray *articles)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < articles->len; i++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = tend_article_get_id (g_ptr_array_index (articles, i));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
}

static TendArticle *
make_article (gint64      id,
              const char *title)
{
  TendArticle *article = tend_article_new (id);

  tend_article_set_title (article, title);
  return article;
}

/* The fixture: the helpdesk, and a store synced from it. */

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (tend_sync_run_finish (TEND_SYNC (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(TendSync) sync = NULL;
  g_autofree char *path = NULL;
  gboolean done = FALSE;

  server = tend_demo_server_new (N_TICKETS, SEED);
  g_assert_true (tend_demo_server_start (server, &error));
  g_assert_no_error (error);

  store_dir = g_dir_make_tmp ("tend-article-search-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (store_dir, "store.db", NULL);
  store = tend_store_open (path, &error);
  g_assert_no_error (error);

  backend = backend_for (tend_demo_server_get_url (server));
  sync = tend_sync_new (store, backend);
  tend_sync_run_async (sync, NULL, on_sync_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  drain ();
}

static void
teardown (void)
{
  g_assert_finalize_object (store);
  tend_test_remove_tree (store_dir);
  g_clear_pointer (&store_dir, g_free);

  tend_demo_server_stop (server);
  g_clear_object (&server);
}

/* Tests */

/* The merge alone: each id once, local first and whole, then what only
 * the remote side has, in its order; the limit applies to each side. */
static void
test_merge (void)
{
  g_autoptr(GPtrArray) local = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) remote = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) merged = NULL;
  static const gint64 expected[] = { 3, 1, 2, 9, 7 };
  guint n_local = 0;

  g_ptr_array_add (local, make_article (3, "local c"));
  g_ptr_array_add (local, make_article (1, "local a"));
  g_ptr_array_add (local, make_article (2, "local b"));
  g_ptr_array_add (remote, make_article (9, "remote i"));
  g_ptr_array_add (remote, make_article (1, "remote copy of a"));
  g_ptr_array_add (remote, make_article (7, "remote g"));
  g_ptr_array_add (remote, make_article (9, "remote i again"));

  merged = tend_article_search_merge (local, remote, 0, &n_local);
  g_assert_cmpuint (n_local, ==, 3);
  g_assert_cmpuint (merged->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < merged->len; i++)
    g_assert_cmpint (tend_article_get_id (merged->pdata[i]), ==, expected[i]);
  /* An article on both sides is the local one, shown once. */
  g_assert_cmpstr (tend_article_get_title (merged->pdata[1]), ==, "local a");
  g_assert_cmpstr (tend_article_get_title (merged->pdata[3]), ==, "remote i");
  g_clear_pointer (&merged, g_ptr_array_unref);

  /* At most two of each side. */
  merged = tend_article_search_merge (local, remote, 2, &n_local);
  g_assert_cmpuint (n_local, ==, 2);
  g_assert_cmpuint (merged->len, ==, 4);
  g_assert_cmpint (tend_article_get_id (merged->pdata[2]), ==, 9);
  g_assert_cmpint (tend_article_get_id (merged->pdata[3]), ==, 7);
  g_clear_pointer (&merged, g_ptr_array_unref);

  /* Nothing remote: the local results as they are. */
  merged = tend_article_search_merge (local, NULL, 0, &n_local);
  g_assert_cmpuint (n_local, ==, 3);
  g_assert_cmpuint (merged->len, ==, 3);
  g_clear_pointer (&merged, g_ptr_array_unref);

  /* Nothing local. */
  merged = tend_article_search_merge (NULL, remote, 0, &n_local);
  g_assert_cmpuint (n_local, ==, 0);
  g_assert_cmpuint (merged->len, ==, 3);
}

/* An article published after the sync: only the helpdesk finds it; the
 * merged results show it after the local ones, once, and it is saved,
 * so the next search finds it offline. */
static void
test_remote_only (void)
{
  g_autoptr(TendBackend) backend = backend_for (tend_demo_server_get_url (server));
  g_autoptr(TendArticleSearch) search = tend_article_search_new (store, backend);
  g_autoptr(TendArticleSearch) offline = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) answer = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) found_offline = NULL;
  g_autoptr(TendArticle) saved = NULL;
  g_autoptr(GError) error = NULL;
  guint n_local = G_MAXUINT;
  gint64 id;

  id = tend_demo_server_add_article (server, "Pairing the Quokka badge reader",
                                     "<p>Hold the <b>quokka</b> badge to the reader for three seconds.</p>");
  g_assert_cmpint (id, >, 0);
  saved = tend_store_get_article (store, id, NULL);
  g_assert_null (saved);

  /* The cache alone knows nothing of it. */
  before = tend_article_search_run (search, "quokka", &n_local, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 0);
  g_assert_cmpuint (n_local, ==, 0);
  g_assert_false (tend_article_search_has_remote (search, "quokka"));

  answer = fetch_remote (search, "quokka", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_true (contains_id (answer, 0, answer->len, id));
  g_assert_true (tend_article_search_has_remote (search, "quokka"));
  g_assert_true (tend_article_search_has_remote (search, "  quokka "));
  g_assert_false (tend_article_search_has_remote (search, "quokk"));

  merged = tend_article_search_run (search, "quokka", &n_local, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merged->len, ==, 1);
  g_assert_cmpuint (n_local, ==, 0);
  g_assert_cmpint (tend_article_get_id (merged->pdata[0]), ==, id);
  g_assert_cmpstr (tend_article_get_title (merged->pdata[0]), ==, "Pairing the Quokka badge reader");
  g_assert_true (tend_article_search_is_remote_only (search, merged->pdata[0]));

  /* Saved: in the store now, with its body. */
  saved = tend_store_get_article (store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpstr (tend_article_get_title (saved), ==, "Pairing the Quokka badge reader");
  g_assert_nonnull (strstr (tend_article_get_body (saved), "quokka"));

  /* Though the cache now matches it too, it stays the helpdesk's find
   * for this search: the same place, the same mark. */
  again = tend_article_search_run (search, "quokka", &n_local, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpuint (n_local, ==, 0);
  g_assert_true (tend_article_search_is_remote_only (search, again->pdata[0]));

  /* Offline next time (no backend at all): the cache finds it. */
  offline = tend_article_search_new (store, NULL);
  found_offline = tend_article_search_run (offline, "quokka", &n_local, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found_offline->len, ==, 1);
  g_assert_cmpuint (n_local, ==, 1);
  g_assert_cmpint (tend_article_get_id (found_offline->pdata[0]), ==, id);
}

/* A word many articles have, locally and on the helpdesk, plus one that
 * only the helpdesk has: the shared ones once, in the local order, the
 * new one after them. */
static void
test_both (void)
{
  g_autoptr(TendBackend) backend = backend_for (tend_demo_server_get_url (server));
  g_autoptr(TendArticleSearch) search = tend_article_search_new (store, backend);
  g_autoptr(TendQuery) query = tend_query_parse ("password", NULL);
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GPtrArray) answer = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GError) error = NULL;
  guint n_local = G_MAXUINT;
  guint n_shared = 0;
  gint64 id;

  tend_article_search_set_as_you_type (search, FALSE);
  id = tend_demo_server_add_article (server, "Password rules for wombat kiosks",
                                     "<p>Kiosk passwords follow the wombat policy: a password of 12 characters.</p>");
  g_assert_cmpint (id, >, 0);

  local = tend_store_search_articles (store, query, TEND_ARTICLE_SEARCH_DEFAULT_LIMIT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (local->len, >=, 2);
  g_assert_false (contains_id (local, 0, local->len, id));

  answer = fetch_remote (search, "password", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (contains_id (answer, 0, answer->len, id));
  for (guint i = 0; i < answer->len; i++)
    if (contains_id (local, 0, local->len, tend_article_get_id (answer->pdata[i])))
      n_shared++;
  /* The demo searches the same articles: most of its answer is known. */
  g_assert_cmpuint (n_shared, >=, 2);

  merged = tend_article_search_run (search, "password", &n_local, &error);
  g_assert_no_error (error);
  assert_unique_ids (merged);
  g_assert_cmpuint (n_local, ==, local->len);
  for (guint i = 0; i < local->len; i++)
    g_assert_cmpint (tend_article_get_id (merged->pdata[i]), ==, tend_article_get_id (local->pdata[i]));
  g_assert_true (contains_id (merged, n_local, merged->len, id));
  /* After the local part, the rest of the helpdesk's answer; only the
   * article the store lacked is news. */
  g_assert_cmpuint (merged->len, ==, local->len + answer->len - n_shared);
  for (guint i = 0; i < merged->len; i++)
    {
      TendArticle *article = merged->pdata[i];

      if (i >= n_local)
        g_assert_false (contains_id (local, 0, local->len, tend_article_get_id (article)));
      g_assert_true (tend_article_search_is_remote_only (search, article) == (tend_article_get_id (article) == id));
    }

  /* Saved since, the new article matches locally too, and ranks high
   * (its title has the word): still after the local matches, which are
   * still as many as before. */
  g_clear_pointer (&merged, g_ptr_array_unref);
  merged = tend_article_search_run (search, "password", &n_local, &error);
  g_assert_no_error (error);
  assert_unique_ids (merged);
  g_assert_cmpuint (n_local, ==, local->len);
  g_assert_false (contains_id (merged, 0, n_local, id));
  g_assert_true (contains_id (merged, n_local, merged->len, id));

  /* Another text has no answer yet: the local results alone. */
  g_clear_pointer (&merged, g_ptr_array_unref);
  merged = tend_article_search_run (search, "invoice", &n_local, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_local, ==, merged->len);
}

static void
assert_local_only (TendArticleSearch *search,
                   const char        *text)
{
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GError) error = NULL;
  guint n_local = G_MAXUINT;

  local = tend_store_search_articles_as_you_type (store, text, TEND_ARTICLE_SEARCH_DEFAULT_LIMIT, &error);
  g_assert_no_error (error);
  merged = tend_article_search_run (search, text, &n_local, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merged->len, >, 0);
  g_assert_cmpuint (merged->len, ==, local->len);
  g_assert_cmpuint (n_local, ==, merged->len);
  for (guint i = 0; i < merged->len; i++)
    g_assert_cmpint (tend_article_get_id (merged->pdata[i]), ==, tend_article_get_id (local->pdata[i]));
}

/* The helpdesk answers 500 every time: a clear error, no answer kept,
 * and the local results stand. */
static void
test_remote_failure (void)
{
  g_autoptr(TendBackend) backend = backend_for (tend_demo_server_get_url (server));
  g_autoptr(TendArticleSearch) search = tend_article_search_new (store, backend);
  g_autoptr(GPtrArray) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = tend_demo_server_add_article (server, "Invoice numbering for platypus accounts",
                                     "<p>Every invoice of a platypus account starts with PL.</p>");
  g_assert_cmpint (id, >, 0);

  g_assert_true (tend_demo_server_set_faults (server, "500-every=1", &error));
  g_assert_no_error (error);
  answer = fetch_remote (search, "invoice", NULL, &error);
  g_assert_true (tend_demo_server_set_faults (server, NULL, NULL));
  g_assert_null (answer);
  g_assert_nonnull (error);
  g_assert_true (error->domain == TEND_ERROR);
  g_test_message ("remote failure: %s", error->message);
  g_assert_false (tend_article_search_has_remote (search, "invoice"));
  g_assert_null (tend_store_get_article (store, id, NULL));
  assert_local_only (search, "invoice");

  /* Malformed JSON is a failure as well, never a crash. */
  g_clear_error (&error);
  g_assert_true (tend_demo_server_set_faults (server, "malformed-every=1", &error));
  g_assert_no_error (error);
  answer = fetch_remote (search, "invoice", NULL, &error);
  g_assert_true (tend_demo_server_set_faults (server, NULL, NULL));
  g_assert_null (answer);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
  assert_local_only (search, "invoice");
}

/* No backend (a cache, or offline), or a helpdesk nobody answers for:
 * OFFLINE / NETWORK, and the local results. */
static void
test_offline (void)
{
  g_autoptr(TendArticleSearch) search = tend_article_search_new (store, NULL);
  g_autoptr(TendBackend) gone = NULL;
  g_autoptr(GPtrArray) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  answer = fetch_remote (search, "password", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_OFFLINE);
  assert_local_only (search, "password");

  /* A port that refuses connections: bound, never listened on. */
  g_clear_error (&error);
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  gone = backend_for (url);
  tend_article_search_set_backend (search, gone);
  g_clear_error (&error);
  answer = fetch_remote (search, "password", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  assert_local_only (search, "password");

  /* Nothing to search for is not sent. */
  g_clear_error (&error);
  answer = fetch_remote (search, "   ", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_QUERY);
}

/* Cancelled while the helpdesk thinks: CANCELLED, and its answer is not
 * used (nor saved). */
static void
test_cancel (void)
{
  g_autoptr(TendBackend) backend = backend_for (tend_demo_server_get_url (server));
  g_autoptr(TendArticleSearch) search = tend_article_search_new (store, backend);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GPtrArray *answer;
  gint64 id;

  id = tend_demo_server_add_article (server, "Echidna export formats", "<p>Echidna exports are CSV.</p>");
  g_assert_cmpint (id, >, 0);

  g_assert_true (tend_demo_server_set_faults (server, "slow-ms=400", &error));
  g_assert_no_error (error);
  tend_article_search_fetch_remote_async (search, "echidna", cancellable, on_async_done, &result);
  g_usleep (50 * 1000);
  g_cancellable_cancel (cancellable);
  answer = tend_article_search_fetch_remote_finish (search, wait_for_result (&result), &error);
  g_object_unref (result);
  g_assert_true (tend_demo_server_set_faults (server, NULL, NULL));

  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (tend_article_search_has_remote (search, "echidna"));
  /* Let a late answer land if it were going to. */
  g_usleep (500 * 1000);
  drain ();
  g_assert_null (tend_store_get_article (store, id, NULL));
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Retries after a 500 in milliseconds, not seconds. */
  g_setenv ("TEND_HTTP_BASE_DELAY_MS", "5", TRUE);
  g_test_init (&argc, &argv, NULL);

  setup ();

  g_test_add_func ("/article-search/merge", test_merge);
  g_test_add_func ("/article-search/remote-only", test_remote_only);
  g_test_add_func ("/article-search/both", test_both);
  g_test_add_func ("/article-search/remote-failure", test_remote_failure);
  g_test_add_func ("/article-search/offline", test_offline);
  g_test_add_func ("/article-search/cancel", test_cancel);

  status = g_test_run ();

  teardown ();

  return status;
}
