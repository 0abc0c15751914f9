/* tend-article-search.c: knowledge search over the cache and the helpdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-article-search"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-article.h"
#include "tend-article-search.h"
#include "tend-changeset.h"
#include "tend-query.h"
#include "tend-store.h"
#include "tend-store-insights.h"

struct _TendArticleSearch
{
  GObject      parent_instance;

  TendStore   *store;
  TendBackend *backend;
  gboolean     as_you_type;
  guint        limit;

  /* The helpdesk's last answer: for which text, the articles in its
   * order, and the ids the store did not have when it came (gint64
   * keys): news to the agent, which stay marked (and after the local
   * matches) for that text even once saved. */
  char        *remote_text;
  GPtrArray   *remote;
  GHashTable  *remote_only;
};

G_DEFINE_FINAL_TYPE (TendArticleSearch, tend_article_search, G_TYPE_OBJECT)

/* The text the helpdesk is asked for: what the agent typed, without the
 * spaces around it (which only matter to the local prefix search). */
static char *
remote_key (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

static GHashTable *
id_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static gboolean
id_set_add (GHashTable *set,
            gint64      id)
{
  gint64 *key;

  if (g_hash_table_contains (set, &id))
    return FALSE;
  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_add (set, key);
  return TRUE;
}

static GPtrArray *
search_local (TendArticleSearch  *self,
              const char         *text,
              guint               limit,
              GError            **error)
{
  g_autoptr(TendQuery) query = NULL;

  if (self->as_you_type)
    return tend_store_search_articles_as_you_type (self->store, text, limit, error);

  query = tend_query_parse (text != NULL ? text : "", error);
  if (query == NULL)
    return NULL;
  return tend_store_search_articles (self->store, query, limit, error);
}

GPtrArray *
tend_article_search_merge (GPtrArray *local,
                           GPtrArray *remote,
                           guint      limit,
                           guint     *n_local)
{
  g_autoptr(GHashTable) seen = id_set_new ();
  GPtrArray *merged = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  n = 0;
  for (guint i = 0; local != NULL && i < local->len && (limit == 0 || n < limit); i++)
    {
      TendArticle *article = g_ptr_array_index (local, i);

      if (id_set_add (seen, tend_article_get_id (article)))
        {
          g_ptr_array_add (merged, g_object_ref (article));
          n++;
        }
    }
  if (n_local != NULL)
    *n_local = merged->len;

  n = 0;
  for (guint i = 0; remote != NULL && i < remote->len && (limit == 0 || n < limit); i++)
    {
      TendArticle *article = g_ptr_array_index (remote, i);

      if (id_set_add (seen, tend_article_get_id (article)))
        {
          g_ptr_array_add (merged, g_object_ref (article));
          n++;
        }
    }

  return merged;
}

GPtrArray *
tend_article_search_run (TendArticleSearch  *self,
                         const char         *text,
                         guint              *n_local,
                         GError            **error)
{
  g_autoptr(GPtrArray) local = NULL;
  g_autofree char *key = NULL;
  gboolean answered;

  g_return_val_if_fail (TEND_IS_ARTICLE_SEARCH (self), NULL);

  key = remote_key (text);
  answered = self->remote != NULL && key[0] != '\0' && g_strcmp0 (key, self->remote_text) == 0;

  /* Room for the helpdesk's finds among the local matches, which are
   * taken out below. */
  local = search_local (self, text,
                        self->limit + (answered ? g_hash_table_size (self->remote_only) : 0),
                        error);
  if (local == NULL)
    return NULL;

  if (answered)
    {
      /* Saved since, the helpdesk's finds also match locally: they keep
       * their place after the local matches. */
      for (guint i = local->len; i > 0; i--)
        {
          gint64 id = tend_article_get_id (g_ptr_array_index (local, i - 1));

          if (g_hash_table_contains (self->remote_only, &id))
            g_ptr_array_remove_index (local, i - 1);
        }
      return tend_article_search_merge (local, self->remote, self->limit, n_local);
    }

  return tend_article_search_merge (local, NULL, self->limit, n_local);
}

gboolean
tend_article_search_is_remote_only (TendArticleSearch *self,
                                    TendArticle       *article)
{
  gint64 id;

  g_return_val_if_fail (TEND_IS_ARTICLE_SEARCH (self), FALSE);
  g_return_val_if_fail (TEND_IS_ARTICLE (article), FALSE);

  id = tend_article_get_id (article);
  return self->remote_only != NULL && g_hash_table_contains (self->remote_only, &id);
}

gboolean
tend_article_search_has_remote (TendArticleSearch *self,
                                const char        *text)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (TEND_IS_ARTICLE_SEARCH (self), FALSE);

  key = remote_key (text);
  return self->remote != NULL && key[0] != '\0' && g_strcmp0 (key, self->remote_text) == 0;
}

/* Remote search */

typedef struct
{
  TendBackend *backend;
  char        *text;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->backend);
  g_free (fetch->text);
  g_free (fetch);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  GError *error = NULL;
  GPtrArray *articles;

  articles = tend_backend_search_articles (fetch->backend, fetch->text, cancellable, &error);
  if (articles == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, articles, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* The answer stands without the copy: the agent sees it all the same,
   * it is only not there offline. */
  if (!tend_store_write_finish (TEND_STORE (source), result, &error))
    g_warning ("Could not save the articles the helpdesk found: %s", error->message);

  g_task_return_pointer (task, g_ptr_array_ref (g_task_get_task_data (task)),
                         (GDestroyNotify) g_ptr_array_unref);
}

/* Back on the store's thread with the helpdesk's answer. */
static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TendArticleSearch *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) remote = NULL;
  g_autoptr(GHashTable) remote_only = id_set_new ();
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;

  remote = g_task_propagate_pointer (G_TASK (result), &error);
  if (remote == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The agent has moved on: this answer is for a text no longer asked. */
  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < remote->len; i++)
    {
      TendArticle *article = g_ptr_array_index (remote, i);
      gint64 id = tend_article_get_id (article);
      g_autoptr(TendArticle) cached = NULL;

      if (id <= 0)
        continue;

      /* Only what is new or newer: a search for a known article writes
       * nothing (and wakes no one up with TendStore::changed). What the
       * store lacked is news to the agent. */
      cached = tend_store_get_article (self->store, id, NULL);
      if (cached == NULL)
        id_set_add (remote_only, id);
      if (cached == NULL || tend_article_get_updated_at (article) > tend_article_get_updated_at (cached))
        tend_changeset_add_article (changes, article);
    }

  g_free (self->remote_text);
  self->remote_text = g_strdup (fetch->text);
  g_clear_pointer (&self->remote, g_ptr_array_unref);
  self->remote = g_ptr_array_ref (remote);
  g_clear_pointer (&self->remote_only, g_hash_table_unref);
  self->remote_only = g_steal_pointer (&remote_only);

  g_task_set_task_data (task, g_steal_pointer (&remote), (GDestroyNotify) g_ptr_array_unref);
  if (tend_changeset_is_empty (changes))
    {
      g_task_return_pointer (task, g_ptr_array_ref (g_task_get_task_data (task)),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  /* Not cancellable: a half-cancelled save helps no one, and it is small. */
  tend_store_write_async (self->store, changes, NULL, on_saved, g_steal_pointer (&task));
}

void
tend_article_search_fetch_remote_async (TendArticleSearch   *self,
                                        const char          *text,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autofree char *key = NULL;
  Fetch *fetch;

  g_return_if_fail (TEND_IS_ARTICLE_SEARCH (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tend_article_search_fetch_remote_async);

  key = remote_key (text);
  if (key[0] == '\0')
    {
      g_task_return_new_error (task, TEND_ERROR, TEND_ERROR_BAD_QUERY,
                               _("There is nothing to search for"));
      return;
    }
  if (self->backend == NULL)
    {
      g_task_return_new_error (task, TEND_ERROR, TEND_ERROR_OFFLINE,
                               _("Not connected to the helpdesk"));
      return;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->backend = g_object_ref (self->backend);
  fetch->text = g_steal_pointer (&key);

  worker = g_task_new (self, cancellable, on_fetched, g_steal_pointer (&task));
  g_task_set_source_tag (worker, fetch_thread);
  g_task_set_task_data (worker, fetch, (GDestroyNotify) fetch_free);
  g_task_run_in_thread (worker, fetch_thread);
}

GPtrArray *
tend_article_search_fetch_remote_finish (TendArticleSearch  *self,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (TEND_IS_ARTICLE_SEARCH (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors */

TendStore *
tend_article_search_get_store (TendArticleSearch *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE_SEARCH (self), NULL);

  return self->store;
}

TendBackend *
tend_article_search_get_backend (TendArticleSearch *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE_SEARCH (self), NULL);

  return self->backend;
}

void
tend_article_search_set_backend (TendArticleSearch *self,
                                 TendBackend       *backend)
{
  g_return_if_fail (TEND_IS_ARTICLE_SEARCH (self));
  g_return_if_fail (backend == NULL || TEND_IS_BACKEND (backend));

  /* The answer already here stays: it is still what the helpdesk said. */
  g_set_object (&self->backend, backend);
}

void
tend_article_search_set_as_you_type (TendArticleSearch *self,
                                     gboolean           as_you_type)
{
  g_return_if_fail (TEND_IS_ARTICLE_SEARCH (self));

  self->as_you_type = !!as_you_type;
}

void
tend_article_search_set_limit (TendArticleSearch *self,
                               guint              limit)
{
  g_return_if_fail (TEND_IS_ARTICLE_SEARCH (self));
  g_return_if_fail (limit > 0);

  self->limit = limit;
}

guint
tend_article_search_get_limit (TendArticleSearch *self)
{
  g_return_val_if_fail (TEND_IS_ARTICLE_SEARCH (self), 0);

  return self->limit;
}

/* GObject */

static void
tend_article_search_finalize (GObject *object)
{
  TendArticleSearch *self = TEND_ARTICLE_SEARCH (object);

  g_clear_object (&self->store);
  g_clear_object (&self->backend);
  g_free (self->remote_text);
  g_clear_pointer (&self->remote, g_ptr_array_unref);
  g_clear_pointer (&self->remote_only, g_hash_table_unref);

  G_OBJECT_CLASS (tend_article_search_parent_class)->finalize (object);
}

static void
tend_article_search_class_init (TendArticleSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_article_search_finalize;
}

static void
tend_article_search_init (TendArticleSearch *self)
{
  self->as_you_type = TRUE;
  self->limit = TEND_ARTICLE_SEARCH_DEFAULT_LIMIT;
}

TendArticleSearch *
tend_article_search_new (TendStore   *store,
                         TendBackend *backend)
{
  TendArticleSearch *self;

  g_return_val_if_fail (TEND_IS_STORE (store), NULL);
  g_return_val_if_fail (backend == NULL || TEND_IS_BACKEND (backend), NULL);

  self = g_object_new (TEND_TYPE_ARTICLE_SEARCH, NULL);
  self->store = g_object_ref (store);
  if (backend != NULL)
    self->backend = g_object_ref (backend);

  return self;
}
