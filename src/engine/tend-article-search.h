/* tend-article-search.h: knowledge search over the cache and the helpdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"
#include "tend-backend.h"

G_BEGIN_DECLS

#define TEND_TYPE_ARTICLE_SEARCH (tend_article_search_get_type ())
G_DECLARE_FINAL_TYPE (TendArticleSearch, tend_article_search, TEND, ARTICLE_SEARCH, GObject)

/* One knowledge search box: the cached articles answer at once, and the
 * helpdesk's own search (TendBackend::search_articles), asked separately
 * and off the calling thread, adds what the cache does not have. Articles
 * the helpdesk returns are saved into the store, so they are there
 * offline next time.
 *
 * Results are merged and de-duplicated by article id: the local matches
 * first, in the store's order, then the rest of the helpdesk's answer, in
 * its order. Remote answers come later than the local ones, and appending
 * them never moves a row the agent may be about to click. An article the
 * store did not have keeps its place after the local matches (and its
 * "from the helpdesk" mark) for as long as the same text is searched,
 * even once saved.
 *
 * Threads: belongs to the store's owner thread, like the store's reads;
 * only the backend call runs in a worker. The backend may be the one a
 * TendSync is using: its HTTP client takes requests from any thread. */

#define TEND_ARTICLE_SEARCH_DEFAULT_LIMIT 50

/* @backend may be NULL (a cache, or no account): local results only. */
TendArticleSearch *tend_article_search_new                (TendStore          *store,
                                                          TendBackend        *backend);
TendStore         *tend_article_search_get_store          (TendArticleSearch  *self);
TendBackend       *tend_article_search_get_backend        (TendArticleSearch  *self);
void               tend_article_search_set_backend        (TendArticleSearch  *self,
                                                          TendBackend        *backend);
/* TRUE (the default): the text is read as the agent types it, its last
 * word also matching as a prefix (tend_store_search_articles_as_you_type);
 * FALSE: Tend's query syntax as typed (tend_store_search_articles). */
void               tend_article_search_set_as_you_type    (TendArticleSearch  *self,
                                                          gboolean            as_you_type);
/* Local articles at most (default TEND_ARTICLE_SEARCH_DEFAULT_LIMIT), and
 * as many helpdesk-only ones at most after them. */
void               tend_article_search_set_limit          (TendArticleSearch  *self,
                                                          guint               limit);
guint              tend_article_search_get_limit          (TendArticleSearch  *self);

/* The results for @text now, never waiting for the network: the store's
 * matches, merged with the helpdesk's answer for the same text when one
 * has come. The first *n_local articles are the store's matches, the rest
 * come from the helpdesk's answer. Element type TendArticle. */
GPtrArray         *tend_article_search_run                (TendArticleSearch  *self,
                                                          const char         *text,
                                                          guint              *n_local,
                                                          GError            **error);
/* Whether @article is one the helpdesk's last answer brought that the
 * store did not have: the results after the first n_local that deserve a
 * "from the help center" mark (the others are saved articles the local
 * search ranked lower or missed). */
gboolean           tend_article_search_is_remote_only     (TendArticleSearch  *self,
                                                          TendArticle        *article);
/* Whether the helpdesk has answered for @text (tend_article_search_run()
 * then merges its answer). */
gboolean           tend_article_search_has_remote         (TendArticleSearch  *self,
                                                          const char         *text);

/* Asks the helpdesk to search for @text (not empty) in a worker thread,
 * then saves what it returns into the store (new articles, and newer
 * copies of known ones) and remembers the answer for
 * tend_article_search_run(). Fails with TEND_ERROR_OFFLINE without a
 * backend, the backend's errors otherwise (TEND_ERROR_NETWORK, AUTH,
 * RATE_LIMITED, …), and G_IO_ERROR_CANCELLED once @cancellable is
 * cancelled (the answer is then not used). */
void               tend_article_search_fetch_remote_async (TendArticleSearch  *self,
                                                          const char         *text,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
/* The helpdesk's answer, in its order (element type TendArticle). */
GPtrArray         *tend_article_search_fetch_remote_finish (TendArticleSearch *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);

/* The merge on its own: @local's articles (at most @limit, 0 for no
 * limit), then those of @remote (may be NULL) whose id is not among them
 * (again at most @limit), each id once. *n_local (may be NULL) receives
 * how many came from @local. */
GPtrArray         *tend_article_search_merge              (GPtrArray          *local,
                                                          GPtrArray          *remote,
                                                          guint               limit,
                                                          guint              *n_local);

G_END_DECLS
