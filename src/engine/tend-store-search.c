/* tend-store-search.c: the store's views and full-text search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-article.h"
#include "tend-query.h"
#include "tend-store-private.h"
#include "tend-ticket.h"
#include "tend-user.h"

#define RECENT_SECONDS (7 * 24 * 60 * 60)
/* Words of context in a search snippet. */
#define SNIPPET_TOKENS "16"

/* Subject strongest, then the description, then the rest of the
 * conversation. */
#define TICKET_RANK "bm25(10.0, 4.0, 1.0)"
#define TICKET_RANK_FUNCTION "bm25(ticket_fts, 10.0, 4.0, 1.0)"
#define USER_RANK "bm25(10.0, 5.0, 1.0)"
#define ARTICLE_RANK "bm25(5.0, 1.0)"
/* Filtered searches with at most this many results skip the ranking tiers
 * (see list_ranked()). */
#define FEW_CANDIDATES 64

/* A statement under construction: its text, which depends only on the
 * view and on the query's shape, and the values to bind to its '?'s in
 * order. */
typedef struct
{
  GString   *sql;
  GPtrArray *values;  /* GVariant: int64 or string */
} Sql;

static void
sql_init (Sql *q)
{
  q->sql = g_string_new (NULL);
  q->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
}

static void
sql_clear (Sql *q)
{
  if (q->sql != NULL)
    g_string_free (q->sql, TRUE);
  g_clear_pointer (&q->values, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sql, sql_clear)

static void
sql_int (Sql    *q,
         gint64  value)
{
  g_string_append_c (q->sql, '?');
  g_ptr_array_add (q->values, g_variant_ref_sink (g_variant_new_int64 (value)));
}

static void
sql_text (Sql        *q,
          const char *value)
{
  g_string_append_c (q->sql, '?');
  g_ptr_array_add (q->values, g_variant_ref_sink (g_variant_new_string (value)));
}

/* Search statements fail on what the agent typed (FTS5 syntax) more often
 * than on the disk: such failures are the query's fault. */
static void
set_search_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  gboolean     searching)
{
  if (searching && (rc & 0xff) == SQLITE_ERROR)
    g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_QUERY,
                 _("Cannot search for this: %s"), sqlite3_errmsg (db));
  else
    _tend_store_set_error (error, db, rc, _("Could not read the database"));
}

/* Search snippets.
 *
 * FTS5's snippet(ticket_fts, -1, …) scores every column of every row it
 * returns: it tokenizes each whole column that has a hit to find sentence
 * starts, then the chosen one again to write the window. On a page of 50
 * results that was 40 % of a search's time, most of it spent on long
 * conversations. tend_snippet() writes the same kind of window (marks
 * around the hits, "…" where text was left out, SNIPPET_TOKENS words)
 * from the hit positions FTS5 already has: it picks the message column
 * (description, then comments) with the most different query terms, the
 * subject only when no message matches (a list shows the subject above
 * the snippet: repeating it would say nothing), starts shortly before the
 * first hit there, and tokenizes that column only, and only up to the end
 * of the window.
 */

/* Query terms told apart when counting a column's different terms (bits
 * of a guint64); beyond that they share bits, which only blurs the choice
 * of column. */
#define SNIPPET_MAX_PHRASES 64

typedef struct
{
  const char *text;
  int         first;       /* the window's first token */
  int         last;        /* and its last */
  const guint8 *hits;      /* per token of the window: 1 for a hit */
  const char *mark_start;
  const char *mark_end;
  const char *ellipsis;
  GString    *out;
  int         token;       /* tokens seen so far */
  int         written_to;  /* byte offset written up to */
  gboolean    in_mark;
  gboolean    more;        /* text follows the window */
} SnippetWriter;

static int
snippet_token_cb (void       *data,
                  int         flags,
                  const char *token,
                  int         n_token,
                  int         start,
                  int         end)
{
  SnippetWriter *w = data;
  int index;

  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  index = w->token++;
  if (index < w->first)
    return SQLITE_OK;
  if (index > w->last)
    {
      /* Past the window: say so, and stop tokenizing. */
      w->more = TRUE;
      return SQLITE_DONE;
    }

  if (index == w->first && w->first > 0)
    {
      g_string_append (w->out, w->ellipsis);
      w->written_to = start;
    }
  /* The text between the previous token and this one (inside the mark
   * when both are hits). */
  g_string_append_len (w->out, w->text + w->written_to, start - w->written_to);
  if (w->hits[index - w->first] && !w->in_mark)
    {
      g_string_append (w->out, w->mark_start);
      w->in_mark = TRUE;
    }
  g_string_append_len (w->out, w->text + start, end - start);
  w->written_to = end;
  if (w->in_mark && (index == w->last || !w->hits[index - w->first + 1]))
    {
      g_string_append (w->out, w->mark_end);
      w->in_mark = FALSE;
    }
  return SQLITE_OK;
}

/* tend_snippet(ticket_fts, mark_start, mark_end, ellipsis, n_tokens
 *              [, text of column 0, text of column 1]): the optional texts
 * are the ticket row's subject and description, which derive_ticket()
 * (tend-store.c) writes into the search row as they are; taking them from
 * the row the query reads anyway saves reading the search row's copy. */
static void
snippet_function (const Fts5ExtensionApi  *api,
                  Fts5Context             *fts,
                  sqlite3_context         *context,
                  int                      n_values,
                  sqlite3_value          **values)
{
  g_autofree guint8 *hits = NULL;
  guint64 phrases[8] = { 0 };  /* per column, a bit per phrase (first 64) */
  int first_hit[8];
  int n_columns, n_inst, n_tokens, column = -1, best = 0, length = 0, rc;
  const char *text = NULL;
  SnippetWriter w = { 0 };

  if (n_values != 4 && n_values != 6)
    {
      sqlite3_result_error (context, "tend_snippet: wrong number of arguments", -1);
      return;
    }
  n_tokens = CLAMP (sqlite3_value_int (values[3]), 1, 64);
  n_columns = MIN (api->xColumnCount (fts), (int) G_N_ELEMENTS (phrases));
  for (int c = 0; c < n_columns; c++)
    first_hit[c] = G_MAXINT;

  rc = api->xInstCount (fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, col, offset;

      rc = api->xInst (fts, i, &phrase, &col, &offset);
      if (rc != SQLITE_OK || col < 0 || col >= n_columns)
        continue;
      phrases[col] |= G_GUINT64_CONSTANT (1) << (phrase % SNIPPET_MAX_PHRASES);
      first_hit[col] = MIN (first_hit[col], offset);
    }
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }

  /* Most different terms among the messages, the earlier column on a
   * tie; the subject (column 0) when they have none. */
  for (int c = 1; c < n_columns; c++)
    {
      int n = __builtin_popcountll (phrases[c]);

      if (n > best)
        {
          best = n;
          column = c;
        }
    }
  if (column < 0 && n_columns > 0 && phrases[0] != 0)
    column = 0;
  if (column < 0)
    {
      sqlite3_result_null (context);
      return;
    }

  if (n_values == 6 && column < 2)
    {
      text = (const char *) sqlite3_value_text (values[4 + column]);
      length = sqlite3_value_bytes (values[4 + column]);
      rc = SQLITE_OK;
      if (text == NULL)
        {
          text = "";
          length = 0;
        }
    }
  else
    rc = api->xColumnText (fts, column, &text, &length);
  if (rc != SQLITE_OK || text == NULL)
    {
      if (rc != SQLITE_OK)
        sqlite3_result_error_code (context, rc);
      else
        sqlite3_result_null (context);
      return;
    }

  /* Short texts from their start; otherwise a little context before the
   * first hit. */
  w.first = first_hit[column] < n_tokens - 3 ? 0 : first_hit[column] - 3;
  w.last = w.first + n_tokens - 1;
  hits = g_new0 (guint8, n_tokens + 1);
  for (int i = 0; i < n_inst; i++)
    {
      int phrase, col, offset, size;

      if (api->xInst (fts, i, &phrase, &col, &offset) != SQLITE_OK || col != column)
        continue;
      size = api->xPhraseSize (fts, phrase);
      for (int t = offset; t < offset + MAX (size, 1); t++)
        if (t >= w.first && t <= w.last)
          hits[t - w.first] = 1;
    }

  w.text = text;
  w.hits = hits;
  w.mark_start = (const char *) sqlite3_value_text (values[0]);
  w.mark_end = (const char *) sqlite3_value_text (values[1]);
  w.ellipsis = (const char *) sqlite3_value_text (values[2]);
  if (w.mark_start == NULL || w.mark_end == NULL || w.ellipsis == NULL)
    {
      sqlite3_result_error (context, "tend_snippet: missing marks", -1);
      return;
    }
  w.out = g_string_sized_new (256);
  rc = api->xTokenize (fts, text, length, &w, snippet_token_cb);
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      g_string_free (w.out, TRUE);
      sqlite3_result_error_code (context, rc);
      return;
    }
  if (w.in_mark)
    g_string_append (w.out, w.mark_end);
  if (w.more)
    g_string_append (w.out, w.ellipsis);
  else if (w.token > w.first)
    /* The window reached the end: its last punctuation too. */
    g_string_append_len (w.out, text + w.written_to, length - w.written_to);

  sqlite3_result_text (context, w.out->str, (int) w.out->len, g_free);
  g_string_free (w.out, FALSE);
}

/* Registers tend_snippet() on @db's FTS5 (once per connection: a second
 * registration replaces the first). */
static gboolean
register_snippet_function (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (api == NULL || api->iVersion < 2)
    return FALSE;
  return api->xCreateFunction (api, "tend_snippet", NULL, snippet_function, NULL) == SQLITE_OK;
}

#define SNIPPET_SQL \
  "tend_snippet(ticket_fts, '" TEND_STORE_MARK_START "', '" TEND_STORE_MARK_END "', '…', " SNIPPET_TOKENS \
  ", t.subject, t.description)"

static sqlite3_stmt *
sql_prepare (TendStore  *self,
             Sql        *q,
             gboolean    searching,
             GError    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GError) local_error = NULL;

  stmt = _tend_store_db_get_dynamic (&self->reader, q->sql->str, &local_error);
  /* tend_snippet() is registered on the reader when first needed. */
  if (stmt == NULL && searching &&
      strstr (sqlite3_errmsg (self->reader.db), "tend_snippet") != NULL &&
      register_snippet_function (self->reader.db))
    {
      g_clear_error (&local_error);
      stmt = _tend_store_db_get_dynamic (&self->reader, q->sql->str, &local_error);
    }
  if (stmt == NULL)
    {
      if (searching && (sqlite3_errcode (self->reader.db) & 0xff) == SQLITE_ERROR)
        set_search_error (error, self->reader.db, SQLITE_ERROR, TRUE);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint i = 0; i < q->values->len; i++)
    {
      GVariant *value = g_ptr_array_index (q->values, i);

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        sqlite3_bind_int64 (stmt, i + 1, g_variant_get_int64 (value));
      else
        sqlite3_bind_text (stmt, i + 1, g_variant_get_string (value, NULL), -1, SQLITE_STATIC);
    }

  return stmt;
}

static gboolean
query_is_blank (TendQuery *query)
{
  return query == NULL || tend_query_is_empty (query);
}

static gint64
recent_since (void)
{
  return g_get_real_time () / G_USEC_PER_SEC - RECENT_SECONDS;
}

/* The statuses of each view; RECENT and ALL take any status (the store
 * never keeps deleted tickets). */
static const int *
view_statuses (TendView  view,
               guint    *n_statuses)
{
  static const int unsolved[] = { TEND_TICKET_STATUS_NEW, TEND_TICKET_STATUS_OPEN,
                                  TEND_TICKET_STATUS_PENDING, TEND_TICKET_STATUS_HOLD };
  static const int pending[] = { TEND_TICKET_STATUS_PENDING, TEND_TICKET_STATUS_HOLD };
  static const int solved[] = { TEND_TICKET_STATUS_SOLVED, TEND_TICKET_STATUS_CLOSED };

  switch (view)
    {
    case TEND_VIEW_MINE:
    case TEND_VIEW_UNASSIGNED:
    case TEND_VIEW_OPEN:
      *n_statuses = G_N_ELEMENTS (unsolved);
      return unsolved;

    case TEND_VIEW_PENDING:
      *n_statuses = G_N_ELEMENTS (pending);
      return pending;

    case TEND_VIEW_SOLVED:
      *n_statuses = G_N_ELEMENTS (solved);
      return solved;

    case TEND_VIEW_RECENT:
    case TEND_VIEW_ALL:
    case TEND_N_VIEWS:
    default:
      *n_statuses = 0;
      return NULL;
    }
}

/* The view as conditions on tickets t (for searches), each starting with
 * " AND ". ALL adds none: the store never keeps deleted tickets. */
static void
append_view_condition (Sql      *q,
                       TendView  view,
                       gint64    me)
{
  guint n_statuses;
  const int *statuses = view_statuses (view, &n_statuses);

  if (n_statuses > 0)
    {
      /* The view's own statuses are constants, not data. */
      g_string_append (q->sql, " AND t.status IN (");
      for (guint i = 0; i < n_statuses; i++)
        g_string_append_printf (q->sql, "%s%d", i > 0 ? ", " : "", statuses[i]);
      g_string_append_c (q->sql, ')');
    }

  if (view == TEND_VIEW_MINE)
    {
      g_string_append (q->sql, " AND t.assignee_id = ");
      sql_int (q, me);
    }
  else if (view == TEND_VIEW_UNASSIGNED)
    g_string_append (q->sql, " AND t.assignee_id = 0");
  else if (view == TEND_VIEW_RECENT)
    {
      g_string_append (q->sql, " AND t.updated_at >= ");
      sql_int (q, recent_since ());
    }
}

static char *
like_escape (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* requester: and assignee: name an agent or customer by email address
 * (looked up in its index) or by part of the name or address. */
static void
append_user_match (Sql        *q,
                   const char *value)
{
  g_autofree char *escaped = NULL;
  g_autofree char *pattern = NULL;

  if (strchr (value, '@') != NULL)
    {
      g_string_append (q->sql, "SELECT id FROM users WHERE email = ");
      sql_text (q, value);
      return;
    }

  escaped = like_escape (value);
  pattern = g_strdup_printf ("%%%s%%", escaped);
  g_string_append (q->sql, "SELECT id FROM users WHERE name LIKE ");
  sql_text (q, pattern);
  g_string_append (q->sql, " ESCAPE '\\' OR email LIKE ");
  sql_text (q, pattern);
  g_string_append (q->sql, " ESCAPE '\\'");
}

typedef gboolean (*EnumParseFunc) (const char *str, int *value);

static gboolean
append_enum_filter (Sql                 *q,
                    const char * const  *values,
                    const char          *column,
                    EnumParseFunc        parse,
                    GError             **error)
{
  gboolean first = TRUE;

  g_string_append_printf (q->sql, " AND %s IN (", column);
  for (guint i = 0; values[i] != NULL; i++)
    {
      int value;

      /* The parser only lets known names through (and expands
       * "unsolved"); anything else reaching here is a caller's bug. */
      if (!parse (values[i], &value))
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_QUERY,
                       _("The search has a filter value Tend does not know: “%s”"), values[i]);
          return FALSE;
        }

      g_string_append (q->sql, first ? "" : ", ");
      sql_int (q, value);
      first = FALSE;
    }
  g_string_append_c (q->sql, ')');

  return TRUE;
}

static gboolean
append_filters (Sql        *q,
                TendQuery  *query,
                gint64      me,
                GError    **error)
{
  const char * const *values;

  values = tend_query_get_filter (query, "status");
  if (values != NULL && values[0] != NULL &&
      !append_enum_filter (q, values, "t.status",
                           (EnumParseFunc) tend_ticket_status_from_string, error))
    return FALSE;

  values = tend_query_get_filter (query, "priority");
  if (values != NULL && values[0] != NULL &&
      !append_enum_filter (q, values, "t.priority",
                           (EnumParseFunc) tend_ticket_priority_from_string, error))
    return FALSE;

  values = tend_query_get_filter (query, "requester");
  if (values != NULL && values[0] != NULL)
    {
      g_string_append (q->sql, " AND t.requester_id IN (");
      for (guint i = 0; values[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (q->sql, " UNION ");
          append_user_match (q, values[i]);
        }
      g_string_append_c (q->sql, ')');
    }

  values = tend_query_get_filter (query, "assignee");
  if (values != NULL && values[0] != NULL)
    {
      g_string_append (q->sql, " AND (");
      for (guint i = 0; values[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (q->sql, " OR ");

          if (g_ascii_strcasecmp (values[i], "me") == 0)
            {
              g_string_append (q->sql, "t.assignee_id = ");
              /* Nobody is "me" before the account knows who the agent is. */
              sql_int (q, me != 0 ? me : -1);
            }
          else if (g_ascii_strcasecmp (values[i], "none") == 0)
            g_string_append (q->sql, "t.assignee_id = 0");
          else
            {
              g_string_append (q->sql, "t.assignee_id IN (");
              append_user_match (q, values[i]);
              g_string_append_c (q->sql, ')');
            }
        }
      g_string_append_c (q->sql, ')');
    }

  values = tend_query_get_filter (query, "tag");
  if (values != NULL && values[0] != NULL)
    {
      g_string_append (q->sql, " AND t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag IN (");
      for (guint i = 0; values[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (q->sql, ", ");
          sql_text (q, values[i]);
        }
      g_string_append (q->sql, "))");
    }

  values = tend_query_get_filter (query, "org");
  if (values != NULL && values[0] != NULL)
    {
      g_string_append (q->sql, " AND t.organization_id IN (SELECT id FROM organizations WHERE ");
      for (guint i = 0; values[i] != NULL; i++)
        {
          g_autofree char *escaped = like_escape (values[i]);
          g_autofree char *pattern = g_strdup_printf ("%s%%", escaped);

          if (i > 0)
            g_string_append (q->sql, " OR ");
          g_string_append (q->sql, "name LIKE ");
          sql_text (q, pattern);
          g_string_append (q->sql, " ESCAPE '\\'");
        }
      g_string_append_c (q->sql, ')');
    }

  return TRUE;
}

/* What to hand MATCH: the positive terms, minus the excluded ones when
 * both exist (FTS5's NOT needs a left side; exclusions alone are applied
 * with NOT IN instead). */
static char *
dup_full_match (TendQuery *query)
{
  g_autofree char *match = tend_query_dup_fts_match (query);
  g_autofree char *exclude = NULL;

  if (match == NULL)
    return NULL;

  exclude = tend_query_dup_fts_exclude (query);
  if (exclude == NULL)
    return g_steal_pointer (&match);

  return g_strdup_printf ("(%s) NOT (%s)", match, exclude);
}

/* Which part of the matches a ranked statement covers; see list_ranked(). */
typedef enum
{
  TIER_ALL,
  TIER_NEWEST,   /* ticket ids >= the window's floor */
  TIER_OLDER,    /* ticket ids below it */
} Tier;

static gboolean
has_filters (TendQuery *query)
{
  static const char * const names[] = { "status", "priority", "requester", "assignee", "tag", "org" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char * const *values = tend_query_get_filter (query, names[i]);

      if (values != NULL && values[0] != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_narrow_filter (TendQuery *query)
{
  static const char * const names[] = { "requester", "tag", "org" };
  const char * const *assignees = tend_query_get_filter (query, "assignee");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char * const *values = tend_query_get_filter (query, names[i]);

      if (values != NULL && values[0] != NULL)
        return TRUE;
    }

  for (guint i = 0; assignees != NULL && assignees[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (assignees[i], "me") != 0 &&
          g_ascii_strcasecmp (assignees[i], "none") != 0)
        return TRUE;
    }

  return FALSE;
}

/* SELECT @select FROM ... WHERE ... of a search in a view: the matches of
 * @match (NULL when the query has only filters and exclusions) within
 * @tier, as tickets t, then @joins.
 *
 * @ranked puts the FTS table in the outer loop (CROSS JOIN fixes the join
 * order), which bm25() and tend_snippet() need. Otherwise the matches become an
 * IN list: left to itself, the planner may walk a view's index and run
 * MATCH once per ticket, which costs seconds on 100,000 tickets. The unary
 * + keeps that list a filter rather than the driving loop, so a selective
 * index (requester, assignee) leads when there is one: on 100,000 tickets
 * "refund requester:…" counts in 4 ms instead of 27. */
static gboolean
build_search (Sql         *q,
              TendQuery   *query,
              TendView     view,
              gint64       me,
              const char  *match,
              gboolean     ranked,
              Tier         tier,
              gint64       floor,
              const char  *select,
              const char  *joins,
              GError     **error)
{
  const char *tier_condition = tier == TIER_NEWEST ? " AND ticket_fts.rowid >= "
                             : tier == TIER_OLDER ? " AND ticket_fts.rowid < " : NULL;

  g_string_append_printf (q->sql, "SELECT %s FROM ", select);

  if (match != NULL && ranked)
    {
      g_string_append_printf (q->sql, "ticket_fts CROSS JOIN tickets t ON t.id = ticket_fts.rowid %s"
                              "WHERE ticket_fts MATCH ", joins);
      sql_text (q, match);
      if (tier_condition != NULL)
        {
          g_string_append_printf (q->sql, "%s", tier_condition);
          sql_int (q, floor);
        }
    }
  else if (match != NULL)
    {
      g_string_append_printf (q->sql, "tickets t %sWHERE +t.id IN "
                              "(SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ", joins);
      sql_text (q, match);
      if (tier_condition != NULL)
        {
          g_string_append_printf (q->sql, "%s", tier_condition);
          sql_int (q, floor);
        }
      g_string_append_c (q->sql, ')');
    }
  else
    {
      g_autofree char *exclude = tend_query_dup_fts_exclude (query);

      g_string_append_printf (q->sql, "tickets t %sWHERE 1", joins);
      if (exclude != NULL)
        {
          g_string_append (q->sql, " AND t.id NOT IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ");
          sql_text (q, exclude);
          g_string_append_c (q->sql, ')');
        }
    }

  append_view_condition (q, view, me);
  return append_filters (q, query, me, error);
}

/* The id page of a view without a query: each status's range of an index
 * is already in updated_at order, and SQLite merges the ranges (UNION ALL
 * with ORDER BY), so even the last page costs one pass over the index
 * entries before it, never a sort of the whole view. */
static void
build_view_page (Sql      *q,
                 TendView  view,
                 gint64    me)
{
  guint n_statuses;
  const int *statuses = view_statuses (view, &n_statuses);

  if (view == TEND_VIEW_ALL || view == TEND_VIEW_RECENT)
    {
      g_string_append (q->sql, "SELECT id, updated_at FROM tickets INDEXED BY tickets_updated");
      if (view == TEND_VIEW_RECENT)
        {
          g_string_append (q->sql, " WHERE updated_at >= ");
          sql_int (q, recent_since ());
        }
    }
  else
    {
      for (guint i = 0; i < n_statuses; i++)
        {
          if (i > 0)
            g_string_append (q->sql, " UNION ALL ");
          g_string_append_printf (q->sql, "SELECT id, updated_at FROM tickets WHERE status = %d",
                                  statuses[i]);
          if (view == TEND_VIEW_MINE)
            {
              g_string_append (q->sql, " AND assignee_id = ");
              sql_int (q, me);
            }
          else if (view == TEND_VIEW_UNASSIGNED)
            g_string_append (q->sql, " AND assignee_id = 0");
        }
    }

  g_string_append (q->sql, " ORDER BY updated_at DESC, id DESC LIMIT ");
}

static void
build_view_count (Sql      *q,
                  TendView  view,
                  gint64    me)
{
  guint n_statuses;
  const int *statuses = view_statuses (view, &n_statuses);

  g_string_append (q->sql, "SELECT count(*) FROM tickets");

  if (view == TEND_VIEW_RECENT)
    {
      g_string_append (q->sql, " WHERE updated_at >= ");
      sql_int (q, recent_since ());
      return;
    }

  if (n_statuses == 0)
    return;

  g_string_append (q->sql, " WHERE ");
  if (view == TEND_VIEW_MINE)
    {
      g_string_append (q->sql, "assignee_id = ");
      sql_int (q, me);
      g_string_append (q->sql, " AND ");
    }
  else if (view == TEND_VIEW_UNASSIGNED)
    g_string_append (q->sql, "assignee_id = 0 AND ");

  g_string_append (q->sql, "status IN (");
  for (guint i = 0; i < n_statuses; i++)
    g_string_append_printf (q->sql, "%s%d", i > 0 ? ", " : "", statuses[i]);
  g_string_append_c (q->sql, ')');
}

/* Steps @stmt (prepared and bound), appending a TendTicket per row, with
 * its snippet when the statement selects one. */
static gboolean
read_tickets (TendStore     *self,
              sqlite3_stmt  *stmt,
              gboolean       searching,
              GPtrArray     *tickets,
              guint         *n_read,
              GError       **error)
{
  gboolean has_snippet = sqlite3_column_count (stmt) > TEND_STORE_TICKET_N_COLUMNS;
  guint n = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TendTicket *ticket = _tend_store_ticket_from_stmt (stmt);

      if (has_snippet)
        tend_ticket_set_search_snippet (ticket, (const char *) sqlite3_column_text (stmt, TEND_STORE_TICKET_N_COLUMNS));
      g_ptr_array_add (tickets, ticket);
      n++;
    }
  if (rc != SQLITE_DONE)
    set_search_error (error, self->reader.db, rc, searching);
  _tend_store_stmt_done (stmt);

  if (n_read != NULL)
    *n_read = n;
  return rc == SQLITE_DONE;
}

static gboolean
run_ranked (TendStore   *self,
            TendQuery   *query,
            TendView     view,
            gint64       me,
            const char  *match,
            Tier         tier,
            gint64       floor,
            guint        offset,
            guint        limit,
            GPtrArray   *tickets,
            guint       *n_read,
            GError     **error)
{
  g_auto(Sql) q = { 0 };
  sqlite3_stmt *stmt;

  sql_init (&q);
  if (!build_search (&q, query, view, me, match, TRUE, tier, floor,
                     TEND_STORE_TICKET_COLUMNS ", " SNIPPET_SQL,
                     TEND_STORE_TICKET_JOINS, error))
    return FALSE;

  /* Asked this way, FTS5 sorts by rank itself and SQLite stops after the
   * page, so snippets are made for the rows returned only. */
  g_string_append (q.sql, " AND ticket_fts.rank MATCH '" TICKET_RANK "' ORDER BY ticket_fts.rank LIMIT ");
  sql_int (&q, limit > 0 ? (gint64) limit : -1);
  g_string_append (q.sql, " OFFSET ");
  sql_int (&q, offset);

  stmt = sql_prepare (self, &q, TRUE, error);
  if (stmt == NULL)
    return FALSE;
  return read_tickets (self, stmt, TRUE, tickets, n_read, error);
}

static gboolean
query_count (TendStore  *self,
             Sql        *q,
             gint64     *count,
             GError    **error)
{
  sqlite3_stmt *stmt = sql_prepare (self, q, TRUE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  else
    set_search_error (error, self->reader.db, rc, TRUE);
  _tend_store_stmt_done (stmt);

  return rc == SQLITE_ROW;
}

/* At most @bound + 1: how many tickets of the view match and pass the
 * filters. Cheap even for common words, since it stops early. */
static gboolean
count_candidates (TendStore   *self,
                  TendQuery   *query,
                  TendView     view,
                  gint64       me,
                  const char  *match,
                  guint        bound,
                  gint64      *n,
                  GError     **error)
{
  g_auto(Sql) q = { 0 };

  sql_init (&q);
  g_string_append (q.sql, "SELECT count(*) FROM (");
  if (!build_search (&q, query, view, me, match, FALSE, TIER_ALL, 0, "1", "", error))
    return FALSE;
  g_string_append (q.sql, " LIMIT ");
  sql_int (&q, (gint64) bound + 1);
  g_string_append_c (q.sql, ')');

  return query_count (self, &q, n, error);
}

/* Ranks a handful of candidates exactly: FTS5 looks each one up by id
 * instead of scoring every ticket that contains the words. */
static gboolean
list_ranked_few (TendStore   *self,
                 TendQuery   *query,
                 TendView     view,
                 gint64       me,
                 const char  *match,
                 guint        offset,
                 guint        limit,
                 GPtrArray   *tickets,
                 GError     **error)
{
  g_auto(Sql) q = { 0 };
  sqlite3_stmt *stmt;

  sql_init (&q);
  g_string_append (q.sql, "SELECT " TEND_STORE_TICKET_COLUMNS ", " SNIPPET_SQL
                          " FROM ticket_fts CROSS JOIN tickets t ON t.id = ticket_fts.rowid "
                          TEND_STORE_TICKET_JOINS "WHERE ticket_fts MATCH ");
  sql_text (&q, match);
  g_string_append (q.sql, " AND ticket_fts.rowid IN (");
  if (!build_search (&q, query, view, me, match, FALSE, TIER_ALL, 0, "t.id", "", error))
    return FALSE;
  g_string_append (q.sql, ") ORDER BY " TICKET_RANK_FUNCTION ", t.id DESC LIMIT ");
  sql_int (&q, limit > 0 ? (gint64) limit : -1);
  g_string_append (q.sql, " OFFSET ");
  sql_int (&q, offset);

  stmt = sql_prepare (self, &q, TRUE, error);
  if (stmt == NULL)
    return FALSE;
  return read_tickets (self, stmt, TRUE, tickets, NULL, error);
}

/* Ranked search results, best first.
 *
 * bm25() costs about a microsecond per matching ticket, and FTS5 scores
 * every match before it can sort: a common word in 100,000 tickets takes
 * tens of milliseconds, more than a frame. So the matches are ranked in
 * two tiers: the TEND_STORE_RANK_WINDOW newest matching tickets (highest
 * ids) by bm25, then all older matches by bm25. A query with fewer
 * matches (most real searches) is ranked exactly; a very common one shows
 * the best of the recent tickets first, which is also what an agent is
 * most likely looking for, and the older tier is only scored when someone
 * pages that far (or a filter leaves too few recent matches). */
static gboolean
list_ranked (TendStore   *self,
             TendQuery   *query,
             TendView     view,
             gint64       me,
             const char  *match,
             guint        offset,
             guint        limit,
             GPtrArray   *tickets,
             GError     **error)
{
  g_auto(Sql) q = { 0 };
  sqlite3_stmt *stmt;
  gint64 floor = 0;
  gint64 n_newest;
  guint n_read = 0;
  int rc;

  /* A filter naming people, organizations or tags may leave few of many
   * matches: rank just those, or the tiers below would score every match
   * of the words. (Statuses and priorities keep too many to bother.) */
  if (has_narrow_filter (query))
    {
      gint64 n_candidates = 0;

      if (!count_candidates (self, query, view, me, match, FEW_CANDIDATES, &n_candidates, error))
        return FALSE;
      if (n_candidates <= FEW_CANDIDATES)
        return list_ranked_few (self, query, view, me, match, offset, limit, tickets, error);
    }

  /* The id of the TEND_STORE_RANK_WINDOW-th newest match: FTS5 walks the
   * doclist backwards without scoring anything. */
  sql_init (&q);
  g_string_append (q.sql, "SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ");
  sql_text (&q, match);
  g_string_append (q.sql, " ORDER BY rowid DESC LIMIT 1 OFFSET ");
  sql_int (&q, TEND_STORE_RANK_WINDOW - 1);

  stmt = sql_prepare (self, &q, TRUE, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    floor = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    set_search_error (error, self->reader.db, rc, TRUE);
  _tend_store_stmt_done (stmt);

  if (rc == SQLITE_DONE)
    return run_ranked (self, query, view, me, match, TIER_ALL, 0, offset, limit,
                       tickets, NULL, error);
  if (rc != SQLITE_ROW)
    return FALSE;

  if (!run_ranked (self, query, view, me, match, TIER_NEWEST, floor, offset, limit,
                   tickets, &n_read, error))
    return FALSE;
  if (limit > 0 && n_read >= limit)
    return TRUE;

  /* The page runs past the newest tier: how long was it? */
  if (n_read > 0)
    n_newest = (gint64) offset + n_read;
  else
    {
      g_auto(Sql) count = { 0 };

      sql_init (&count);
      if (!build_search (&count, query, view, me, match, FALSE, TIER_NEWEST, floor, "count(*)", "", error) ||
          !query_count (self, &count, &n_newest, error))
        return FALSE;
    }

  return run_ranked (self, query, view, me, match, TIER_OLDER, floor,
                     (guint) MAX ((gint64) offset - n_newest, 0),
                     limit > 0 ? limit - n_read : 0,
                     tickets, NULL, error);
}

guint
tend_store_count_tickets (TendStore  *self,
                          TendView    view,
                          TendQuery  *query,
                          GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(Sql) q = { 0 };
  sqlite3_stmt *stmt;
  gboolean searching = FALSE;
  gint64 me;
  guint count = 0;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), 0);
  g_return_val_if_fail (view < TEND_N_VIEWS, 0);

  locker = g_mutex_locker_new (&self->reader_lock);
  me = _tend_store_get_me_locked (self);
  if (view == TEND_VIEW_MINE && me == 0)
    return 0;

  sql_init (&q);
  if (query_is_blank (query))
    build_view_count (&q, view, me);
  else
    {
      g_autofree char *match = dup_full_match (query);

      searching = TRUE;
      if (match != NULL && view == TEND_VIEW_ALL && !has_filters (query))
        {
          /* Nothing to join: the index alone knows. */
          g_string_append (q.sql, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH ");
          sql_text (&q, match);
        }
      else if (!build_search (&q, query, view, me, match, FALSE, TIER_ALL, 0, "count(*)", "", error))
        return 0;
    }

  stmt = sql_prepare (self, &q, searching, error);
  if (stmt == NULL)
    return 0;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = (guint) MIN (sqlite3_column_int64 (stmt, 0), G_MAXUINT);
  else
    set_search_error (error, self->reader.db, rc, searching);
  _tend_store_stmt_done (stmt);

  return count;
}

GPtrArray *
tend_store_list_tickets (TendStore  *self,
                         TendView    view,
                         TendQuery  *query,
                         guint       offset,
                         guint       limit,
                         GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(Sql) q = { 0 };
  sqlite3_stmt *stmt;
  gboolean searching = FALSE;
  gint64 me;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (view < TEND_N_VIEWS, NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  me = _tend_store_get_me_locked (self);
  if (view == TEND_VIEW_MINE && me == 0)
    return g_steal_pointer (&tickets);

  sql_init (&q);
  if (query_is_blank (query))
    {
      /* Page through the ids first (index only), then read the rows of
       * that page alone. */
      g_string_append (q.sql, "SELECT " TEND_STORE_TICKET_COLUMNS " FROM (");
      build_view_page (&q, view, me);
      sql_int (&q, limit > 0 ? (gint64) limit : -1);
      g_string_append (q.sql, " OFFSET ");
      sql_int (&q, offset);
      g_string_append (q.sql, ") p JOIN tickets t ON t.id = p.id " TEND_STORE_TICKET_JOINS
                              "ORDER BY p.updated_at DESC, p.id DESC");
    }
  else
    {
      g_autofree char *match = dup_full_match (query);

      if (match != NULL)
        {
          if (!list_ranked (self, query, view, me, match, offset, limit, tickets, error))
            return NULL;
          return g_steal_pointer (&tickets);
        }

      /* Only filters and exclusions: newest update first. As for views,
       * the ids are sorted before whole rows are read. */
      g_string_append (q.sql, "SELECT " TEND_STORE_TICKET_COLUMNS " FROM (");
      if (!build_search (&q, query, view, me, NULL, FALSE, TIER_ALL, 0, "t.id, t.updated_at", "", error))
        return NULL;
      g_string_append (q.sql, " ORDER BY t.updated_at DESC, t.id DESC LIMIT ");
      sql_int (&q, limit > 0 ? (gint64) limit : -1);
      g_string_append (q.sql, " OFFSET ");
      sql_int (&q, offset);
      g_string_append (q.sql, ") p JOIN tickets t ON t.id = p.id " TEND_STORE_TICKET_JOINS
                              "ORDER BY p.updated_at DESC, p.id DESC");
      searching = TRUE;
    }

  stmt = sql_prepare (self, &q, searching, error);
  if (stmt == NULL)
    return NULL;

  if (!read_tickets (self, stmt, searching, tickets, NULL, error))
    return NULL;

  return g_steal_pointer (&tickets);
}

GArray *
tend_store_list_ticket_ids (TendStore  *self,
                            TendView    view,
                            TendQuery  *query,
                            GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(Sql) q = { 0 };
  sqlite3_stmt *stmt;
  gboolean searching = !query_is_blank (query);
  gint64 me;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (view < TEND_N_VIEWS, NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  me = _tend_store_get_me_locked (self);
  if (view == TEND_VIEW_MINE && me == 0)
    return g_steal_pointer (&ids);

  /* The same conditions as the count and the pages, without the order:
   * the set is what matters, and no sort means no temporary B-tree. */
  sql_init (&q);
  if (!searching)
    {
      g_string_append (q.sql, "SELECT t.id FROM tickets t WHERE 1");
      append_view_condition (&q, view, me);
    }
  else
    {
      g_autofree char *match = dup_full_match (query);

      if (!build_search (&q, query, view, me, match, FALSE, TIER_ALL, 0, "t.id", "", error))
        return NULL;
    }

  stmt = sql_prepare (self, &q, searching, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    set_search_error (error, self->reader.db, rc, searching);
  _tend_store_stmt_done (stmt);

  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

char **
tend_store_dup_tags_of_tickets (TendStore     *self,
                                const gint64  *ticket_ids,
                                guint          n_tickets,
                                GArray       **counts,
                                GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) list = g_string_sized_new (16 * (gsize) n_tickets + 2);
  g_auto(Sql) q = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (ticket_ids != NULL || n_tickets == 0, NULL);

  /* The ids travel as one bound JSON array: a statement with 100,000
   * parameters is beyond SQLite's limit, and json_each() walks the array
   * at about the speed of the primary-key lookups it feeds. */
  g_string_append_c (list, '[');
  for (guint i = 0; i < n_tickets; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ticket_ids[i]);
  g_string_append_c (list, ']');

  sql_init (&q);
  g_string_append (q.sql, "SELECT tag, count(*) AS n FROM ticket_tags WHERE ticket_id IN "
                          "(SELECT value FROM json_each (");
  sql_text (&q, list->str);
  g_string_append (q.sql, ")) GROUP BY tag ORDER BY n DESC, tag");

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = sql_prepare (self, &q, FALSE, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint n = (guint) sqlite3_column_int64 (stmt, 1);

      g_strv_builder_add (tags, (const char *) sqlite3_column_text (stmt, 0));
      g_array_append_val (numbers, n);
    }
  if (rc != SQLITE_DONE)
    _tend_store_set_error (error, self->reader.db, rc, _("Could not read the database"));
  _tend_store_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    return NULL;

  if (counts != NULL)
    *counts = g_steal_pointer (&numbers);
  return g_strv_builder_end (tags);
}

static char *
prefix_columns (const char *columns,
                const char *alias)
{
  g_auto(GStrv) names = g_strsplit (columns, ", ", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (out, "%s%s.%s", i > 0 ? ", " : "", alias, names[i]);
  return g_string_free (out, FALSE);
}

/* Users and articles: ranked matches, or everything in name order for an
 * empty query. Filters do not apply to them. */
static GPtrArray *
search_objects (TendStore   *self,
                TendQuery   *query,
                guint        limit,
                const char  *fts_table,
                const char  *table,
                const char  *columns,
                const char  *rank,
                const char  *plain_order,
                RowFunc      func,
                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *match = NULL;
  g_autofree char *exclude = NULL;
  g_autofree char *prefixed = prefix_columns (columns, "x");
  g_auto(Sql) q = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (query != NULL)
    {
      match = dup_full_match (query);
      if (match == NULL)
        exclude = tend_query_dup_fts_exclude (query);
    }

  sql_init (&q);
  if (match != NULL)
    {
      g_string_append_printf (q.sql, "SELECT %s FROM %s JOIN %s x ON x.id = %s.rowid WHERE %s MATCH ",
                              prefixed, fts_table, table, fts_table, fts_table);
      sql_text (&q, match);
      g_string_append_printf (q.sql, " AND %s.rank MATCH '%s' ORDER BY %s.rank LIMIT ",
                              fts_table, rank, fts_table);
    }
  else
    {
      g_string_append_printf (q.sql, "SELECT %s FROM %s x ", prefixed, table);
      if (exclude != NULL)
        {
          g_string_append_printf (q.sql, "WHERE x.id NOT IN (SELECT rowid FROM %s WHERE %s MATCH ",
                                  fts_table, fts_table);
          sql_text (&q, exclude);
          g_string_append (q.sql, ") ");
        }
      g_string_append_printf (q.sql, "ORDER BY %s LIMIT ", plain_order);
    }
  sql_int (&q, limit > 0 ? (gint64) limit : -1);

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = sql_prepare (self, &q, TRUE, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, func (stmt));
  if (rc != SQLITE_DONE)
    set_search_error (error, self->reader.db, rc, TRUE);
  _tend_store_stmt_done (stmt);

  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&items);
}

GPtrArray *
tend_store_search_articles (TendStore  *self,
                            TendQuery  *query,
                            guint       limit,
                            GError    **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  return search_objects (self, query, limit, "articles_fts", "articles",
                         TEND_STORE_ARTICLE_COLUMNS, ARTICLE_RANK,
                         "x.title COLLATE NOCASE, x.id",
                         (RowFunc) _tend_store_article_from_stmt, error);
}

GPtrArray *
tend_store_search_users (TendStore  *self,
                         TendQuery  *query,
                         guint       limit,
                         GError    **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  return search_objects (self, query, limit, "users_fts", "users",
                         TEND_STORE_USER_COLUMNS, USER_RANK,
                         "x.name COLLATE NOCASE, x.id",
                         (RowFunc) _tend_store_user_from_stmt, error);
}
