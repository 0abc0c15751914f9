/* tend-store-insights.c: similar tickets and knowledge suggestions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tend-article.h"
#include "tend-comment.h"
#include "tend-insights-private.h"
#include "tend-organization.h"
#include "tend-query.h"
#include "tend-store-insights.h"
#include "tend-ticket.h"

/* The insights connection lives as long as the store, as object data. */
#define INSIGHTS_DB_KEY "tend-insights-db"
#define BUSY_TIMEOUT_MS 5000

/* How many distinct words of a ticket are looked up at most: the subject's
 * and the start of the message's. Each lookup reads the word's document
 * list, so this bounds the cost of a long message. */
#define MAX_CANDIDATES 32
/* Of the message, only so much is read (quoted history usually follows). */
#define MAX_MESSAGE_BYTES 4000
/* A word in more than this share of the documents says nothing. */
#define MAX_DF_SHARE 0.25
#define MAX_ARTICLE_TERMS 10
#define DEFAULT_LIMIT 5
/* With a clause of common words, how many of the newest matches are
 * ranked. */
#define SIMILAR_WINDOW 3000

/* Subject, description, other messages: as the store's ticket search. */
#define TICKET_COLUMN_WEIGHTS "10.0, 4.0, 1.0"
/* BM25's usual constants, as FTS5's bm25() has them. */
#define BM25_K1 1.2
#define BM25_B 0.75
/* Phrases tend_rank() scores at most (the queries have a dozen). */
#define RANK_MAX_PHRASES 64
/* Title, body: as the store's article search. */
#define ARTICLE_COLUMN_WEIGHTS "5.0, 1.0"

struct _TendInsightsDb
{
  GMutex       lock;
  TendStoreDb  db;
};

static GMutex create_lock;

/* The connection */

static void
insights_db_free (gpointer data)
{
  TendInsightsDb *idb = data;

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&idb->db.stmts[i], sqlite3_finalize);
  g_clear_pointer (&idb->db.dynamic, g_hash_table_unref);
  g_clear_pointer (&idb->db.db, sqlite3_close_v2);
  g_mutex_clear (&idb->lock);
  g_free (idb);
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _tend_store_set_error (error, db, rc, _("Could not read the database"));
      return FALSE;
    }
  return TRUE;
}

/* tend_rank(column weights…, weight of each phrase…): FTS5's bm25() with
 * the phrases' weights given instead of computed. bm25() derives them
 * from each phrase's document count, reading its whole document list on
 * every query; the caller knows the counts already (from the vocabulary
 * table) and can weigh a phrase for other reasons too (a subject's words
 * count double). Returns the negated score, so that ORDER BY rank puts the
 * best first, as with bm25(). */
static void
tend_rank_function (const Fts5ExtensionApi  *api,
                    Fts5Context             *fts,
                    sqlite3_context         *ctx,
                    int                      n_args,
                    sqlite3_value          **args)
{
  double freq[RANK_MAX_PHRASES] = { 0 };
  int n_cols = api->xColumnCount (fts);
  int n_phrases = MIN (api->xPhraseCount (fts), RANK_MAX_PHRASES);
  sqlite3_int64 n_rows = 0;
  sqlite3_int64 n_tokens = 0;
  int doc_tokens = 0;
  int n_inst = 0;
  double avg_tokens;
  double score = 0.0;
  int rc;

  rc = api->xRowCount (fts, &n_rows);
  if (rc == SQLITE_OK)
    rc = api->xColumnTotalSize (fts, -1, &n_tokens);
  if (rc == SQLITE_OK)
    rc = api->xColumnSize (fts, -1, &doc_tokens);
  if (rc == SQLITE_OK)
    rc = api->xInstCount (fts, &n_inst);
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (ctx, rc);
      return;
    }

  for (int i = 0; i < n_inst; i++)
    {
      int phrase, col, offset;

      if (api->xInst (fts, i, &phrase, &col, &offset) != SQLITE_OK || phrase >= n_phrases)
        continue;
      freq[phrase] += col < n_args ? sqlite3_value_double (args[col]) : 1.0;
    }

  avg_tokens = n_rows > 0 ? (double) n_tokens / (double) n_rows : 1.0;
  for (int p = 0; p < n_phrases; p++)
    {
      double idf = n_cols + p < n_args ? sqlite3_value_double (args[n_cols + p]) : 1.0;

      if (freq[p] <= 0.0)
        continue;
      score += idf * freq[p] * (BM25_K1 + 1.0) /
               (freq[p] + BM25_K1 * (1.0 - BM25_B + BM25_B * doc_tokens / MAX (avg_tokens, 1.0)));
    }

  sqlite3_result_double (ctx, -score);
}

static gboolean
register_rank_function (sqlite3  *db,
                        GError  **error)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* The documented way to reach FTS5's C API from a connection. */
  rc = sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (api == NULL || api->iVersion < 2)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_STORAGE,
                           _("This SQLite has no usable full-text search (FTS5)"));
      return FALSE;
    }

  rc = api->xCreateFunction (api, "tend_rank", NULL, tend_rank_function, NULL);
  if (rc != SQLITE_OK)
    {
      _tend_store_set_error (error, db, rc, _("Could not set up the search ranking"));
      return FALSE;
    }
  return TRUE;
}

static TendInsightsDb *
insights_db_open (TendStore  *store,
                  GError    **error)
{
  TendInsightsDb *idb = g_new0 (TendInsightsDb, 1);
  const char *path = tend_store_get_path (store);
  int rc;

  g_mutex_init (&idb->lock);
  idb->db.dynamic = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) sqlite3_finalize);

  /* Read-write but query_only, like the store's own reader: a read-only
   * open cannot create the WAL index when it is missing. */
  rc = sqlite3_open_v2 (path, &idb->db.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _tend_store_set_error (error, idb->db.db, rc, _("Could not open the database"));
      insights_db_free (idb);
      return NULL;
    }

  sqlite3_extended_result_codes (idb->db.db, TRUE);
  sqlite3_busy_timeout (idb->db.db, BUSY_TIMEOUT_MS);
  if (!exec_sql (idb->db.db,
                 "PRAGMA query_only = ON;"
                 "PRAGMA temp_store = MEMORY;"
                 "PRAGMA cache_size = -8192;",
                 error) ||
      !register_rank_function (idb->db.db, error))
    {
      insights_db_free (idb);
      return NULL;
    }

  return idb;
}

TendInsightsDb *
_tend_insights_db_acquire (TendStore  *store,
                           GError    **error)
{
  TendInsightsDb *idb;

  g_mutex_lock (&create_lock);
  idb = g_object_get_data (G_OBJECT (store), INSIGHTS_DB_KEY);
  if (idb == NULL)
    {
      idb = insights_db_open (store, error);
      if (idb != NULL)
        g_object_set_data_full (G_OBJECT (store), INSIGHTS_DB_KEY, idb, insights_db_free);
    }
  g_mutex_unlock (&create_lock);

  if (idb == NULL)
    return NULL;

  g_mutex_lock (&idb->lock);

  /* One snapshot for all the queries of one answer, so that counts and
   * lists agree even while sync writes. */
  if (!exec_sql (idb->db.db, "BEGIN", error))
    {
      g_mutex_unlock (&idb->lock);
      return NULL;
    }

  return idb;
}

void
_tend_insights_db_release (TendInsightsDb *idb)
{
  if (idb == NULL)
    return;

  if (!sqlite3_get_autocommit (idb->db.db))
    sqlite3_exec (idb->db.db, "COMMIT", NULL, NULL, NULL);
  g_mutex_unlock (&idb->lock);
}

sqlite3_stmt *
_tend_insights_db_prepare (TendInsightsDb  *idb,
                           const char      *sql,
                           GError         **error)
{
  /* The texts are all constants, a dozen or so: the cache never starts
   * over under a statement still in use. */
  return _tend_store_db_get_dynamic (&idb->db, sql, error);
}

sqlite3 *
_tend_insights_db_get_sqlite (TendInsightsDb *idb)
{
  return idb->db.db;
}

/* Rows */

static inline const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

TendComment *
_tend_insights_comment_from_stmt (sqlite3_stmt *stmt)
{
  TendComment *comment = tend_comment_new (sqlite3_column_int64 (stmt, 0));

  tend_comment_set_ticket_id (comment, sqlite3_column_int64 (stmt, 1));
  tend_comment_set_author_id (comment, sqlite3_column_int64 (stmt, 2));
  tend_comment_set_body (comment, column_text (stmt, 3));
  tend_comment_set_html_body (comment, column_text (stmt, 4));
  tend_comment_set_public (comment, sqlite3_column_int (stmt, 5) != 0);
  tend_comment_set_created_at (comment, sqlite3_column_int64 (stmt, 6));
  tend_comment_set_extra_json (comment, column_text (stmt, 7));
  tend_comment_set_author_role (comment, sqlite3_column_int (stmt, 8));
  tend_comment_set_author_name (comment, column_text (stmt, 9));

  return comment;
}

gboolean
_tend_insights_read_tickets (TendInsightsDb  *idb,
                             sqlite3_stmt    *stmt,
                             GPtrArray       *out,
                             GError         **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, _tend_store_ticket_from_stmt (stmt));
  _tend_store_stmt_done (stmt);

  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, idb->db.db, rc, _("Could not read the database"));
      return FALSE;
    }
  return TRUE;
}

/* Steps a statement expected to give one integer. */
static gboolean
query_int64 (TendInsightsDb  *idb,
             sqlite3_stmt    *stmt,
             gint64          *value,
             GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *value = 0;
  else
    _tend_store_set_error (error, idb->db.db, rc, _("Could not read the database"));
  _tend_store_stmt_done (stmt);

  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* Words */

/* Words that say nothing about what a ticket is about, in the languages
 * helpdesks see most, as the index stores them (lower case, without
 * accents). Only words of three letters or more need to be here. */
static const char * const stopwords[] = {
  /* English */
  "about", "above", "after", "again", "against", "all", "also", "already", "and",
  "any", "anyone", "anything", "are", "aren", "around", "because", "been", "before",
  "being", "below", "between", "both", "but", "can", "cannot", "could", "couldn",
  "did", "didn", "does", "doesn", "doing", "don", "down", "during", "each", "either",
  "else", "even", "ever", "every", "few", "for", "from", "further", "get", "gets",
  "getting", "got", "had", "hadn", "has", "hasn", "have", "haven", "having", "her",
  "here", "hers", "herself", "him", "himself", "his", "how", "however", "into",
  "isn", "its", "itself", "just", "let", "like", "more", "most", "much", "must",
  "myself", "need", "needs", "nor", "not", "now", "off", "once", "one", "only",
  "other", "our", "ours", "ourselves", "out", "over", "own", "per", "same", "she",
  "should", "shouldn", "since", "some", "someone", "something", "still", "such",
  "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
  "these", "they", "thing", "things", "this", "those", "though", "through", "too",
  "under", "until", "upon", "very", "via", "was", "wasn", "were", "weren", "what",
  "when", "where", "which", "while", "who", "whom", "why", "will", "with", "won",
  "would", "wouldn", "yes", "yet", "you", "your", "yours", "yourself", "yourselves",
  "really", "maybe", "want", "wanted", "know", "see", "seems", "able", "hope",
  "today", "yesterday", "soon", "asap", "okay",
  /* Helpdesk small talk */
  "hi", "hello", "hey", "dear", "thanks", "thank", "thx", "regards", "cheers",
  "best", "kind", "kindly", "sincerely", "greetings", "wishes", "please", "team",
  "support", "help", "question", "issue", "problem", "ticket", "appreciate",
  "sent", "iphone", "advance", "reply", "writing", "contact",
  /* Subject prefixes of mail clients, and entities left in plain text */
  "fwd", "amp", "nbsp", "quot",
  /* German */
  "aber", "alle", "als", "also", "auch", "auf", "aus", "bei", "bin", "bis",
  "bitte", "dann", "das", "dass", "dem", "den", "der", "des", "die", "dies",
  "diese", "dieser", "doch", "ein", "eine", "einem", "einen", "einer", "fur",
  "gibt", "habe", "haben", "hat", "hatte", "ich", "ihr", "ihre", "ist", "jetzt",
  "kann", "kein", "keine", "mal", "mein", "meine", "mich", "mir", "mit", "nach",
  "nicht", "noch", "nur", "oder", "ohne", "schon", "sehr", "sein", "sich", "sie",
  "sind", "uber", "und", "uns", "unser", "von", "vor", "war", "wie", "wir",
  "wird", "wurde", "zum", "zur", "hallo", "danke", "gruss", "grusse", "gruße",
  "freundlichen", "mfg", "liebe", "lieber", "geehrte", "geehrter", "damen",
  "herren", "vielen", "dank",
  /* French */
  "aux", "avec", "bonjour", "ces", "cette", "dans", "des", "elle", "est", "ils",
  "leur", "lui", "mais", "merci", "mes", "moi", "mon", "nous", "par", "pas",
  "pour", "que", "qui", "ses", "son", "sur", "tes", "toi", "ton", "une", "vos",
  "votre", "vous", "cordialement", "salut", "bonsoir", "suis", "avez", "avons",
  "ete", "etre", "plus", "tres", "bien", "madame", "monsieur",
  /* Spanish, Portuguese, Italian */
  "algo", "como", "con", "del", "ella", "esta", "este", "gracias", "hola", "las",
  "los", "mis", "muy", "nos", "para", "pero", "por", "que", "sin", "sus",
  "una", "uno", "saludos", "obrigado", "obrigada", "ola", "voce", "com", "das",
  "dos", "uma", "ciao", "grazie", "che", "non", "sono", "buongiorno", "cordiali",
  "atentamente", "estimado", "estimada",
  /* Dutch */
  "het", "een", "niet", "van", "dat", "dank", "groeten", "met", "voor",
};

static GHashTable *
get_stopwords (void)
{
  static GHashTable *set;

  if (g_once_init_enter (&set))
    {
      GHashTable *words = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (stopwords); i++)
        g_hash_table_add (words, (gpointer) stopwords[i]);
      g_once_init_leave (&set, words);
    }

  return set;
}

/* A word as the index stores it (unicode61 with remove_diacritics 2):
 * lower case, accents dropped. */
static char *
normalize_word (const char *start,
                const char *end)
{
  GString *out = g_string_sized_new (end - start);

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));

      for (gsize i = 0; i < n; i++)
        {
          if (g_unichar_ismark (decomposed[i]))
            continue;
          g_string_append_unichar (out, g_unichar_tolower (decomposed[i]));
        }
    }

  return g_string_free (out, FALSE);
}

/* Whether a word may tell tickets apart: three characters or more, not a
 * stopword, and not a number unless it looks like an error or HTTP code
 * (order numbers, phone numbers and dates match one ticket or noise). */
static gboolean
is_candidate (const char *word)
{
  glong n_chars = g_utf8_strlen (word, -1);
  gboolean all_digits = TRUE;

  if (n_chars < 3)
    return FALSE;

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      {
        all_digits = FALSE;
        break;
      }
  if (all_digits && n_chars > 4)
    return FALSE;
  /* Nor tracking numbers, serials and the like, mostly digits. */
  {
    guint n_digits = 0;

    for (const char *p = word; *p != '\0'; p++)
      n_digits += g_ascii_isdigit (*p) ? 1 : 0;
    if (n_digits >= 5)
      return FALSE;
  }
  /* Years date a ticket rather than describe it. */
  if (all_digits && n_chars == 4 && (g_str_has_prefix (word, "19") || g_str_has_prefix (word, "20")))
    return FALSE;

  return !g_hash_table_contains (get_stopwords (), word);
}

typedef struct
{
  char   *word;
  double  weight;   /* 2 in the subject, 1 in the message */
  gint64  df;       /* documents containing it */
  double  idf;
  double  score;
  char   *prefix;   /* for articles: the word's stem, matched as a prefix */
} Term;

static void
term_free (Term *term)
{
  g_free (term->word);
  g_free (term->prefix);
  g_free (term);
}

/* Marks words that must not be searched for in @by_word. */
static Term excluded_term;

/* Adds the candidate words of @text to @terms (each once, with the
 * highest weight it was seen with), up to MAX_CANDIDATES; with weight 0,
 * marks them as excluded instead. */
static void
collect_terms (GPtrArray  *terms,
               GHashTable *by_word,
               const char *text,
               gsize       max_bytes,
               double      weight)
{
  g_autofree char *valid = NULL;
  const char *p;
  const char *end;
  gboolean line_start = TRUE;
  gboolean quoted = FALSE;

  if (text == NULL)
    return;

  valid = g_utf8_make_valid (text, MIN (strlen (text), max_bytes));
  p = valid;
  end = valid + strlen (valid);

  while (p < end && terms->len < MAX_CANDIDATES)
    {
      gunichar c = g_utf8_get_char (p);
      const char *start;
      g_autofree char *word = NULL;
      Term *term;

      if (c == '\n')
        {
          line_start = TRUE;
          quoted = FALSE;
          p++;
          continue;
        }

      /* Quoted history ("> ...") repeats older messages. */
      if (line_start && c == '>')
        quoted = TRUE;
      if (!g_unichar_isspace (c))
        line_start = FALSE;

      if (quoted || !(g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      start = p;
      while (p < end)
        {
          gunichar d = g_utf8_get_char (p);

          if (!(g_unichar_isalnum (d) || g_unichar_ismark (d)))
            break;
          p = g_utf8_next_char (p);
        }

      word = normalize_word (start, p);
      if (!is_candidate (word))
        continue;

      term = g_hash_table_lookup (by_word, word);
      if (term == &excluded_term)
        continue;
      if (term != NULL)
        {
          term->weight = MAX (term->weight, weight);
          continue;
        }

      if (weight == 0.0)
        {
          g_hash_table_insert (by_word, g_steal_pointer (&word), &excluded_term);
          continue;
        }

      term = g_new0 (Term, 1);
      term->word = g_strdup (word);
      term->weight = weight;
      g_ptr_array_add (terms, term);
      g_hash_table_insert (by_word, g_steal_pointer (&word), term);
    }
}

static int
compare_terms (gconstpointer a,
               gconstpointer b)
{
  const Term *ta = *(const Term **) a;
  const Term *tb = *(const Term **) b;

  if (ta->score != tb->score)
    return ta->score > tb->score ? -1 : 1;
  /* Equal scores: the rarer word first, then a stable order. */
  if (ta->df != tb->df)
    return ta->df < tb->df ? -1 : 1;
  return strcmp (ta->word, tb->word);
}

/* Looks up each term's document frequency in @vocab and scores it; drops
 * terms found nowhere or almost everywhere. Sorted best first. */
static gboolean
score_terms (TendInsightsDb  *idb,
             GPtrArray       *terms,
             const char      *count_sql,
             const char      *df_sql,
             gint64          *n_docs,
             GError         **error)
{
  sqlite3_stmt *count;
  sqlite3_stmt *df;

  count = _tend_insights_db_prepare (idb, count_sql, error);
  if (count == NULL || !query_int64 (idb, count, n_docs, error))
    return FALSE;

  df = _tend_insights_db_prepare (idb, df_sql, error);
  if (df == NULL)
    return FALSE;

  for (guint i = 0; i < terms->len; i++)
    {
      Term *term = g_ptr_array_index (terms, i);

      sqlite3_bind_text (df, 1, term->word, -1, SQLITE_STATIC);
      if (!query_int64 (idb, df, &term->df, error))
        return FALSE;
    }

  /* Backwards, so that removing (and freeing) a term skips nothing. */
  for (guint i = terms->len; i > 0; i--)
    {
      Term *term = g_ptr_array_index (terms, i - 1);
      double n = (double) *n_docs;

      if (term->df <= 0 || (double) term->df > MAX_DF_SHARE * n)
        {
          g_ptr_array_remove_index (terms, i - 1);
          continue;
        }

      /* BM25's idf, which stays positive. */
      term->idf = log (1.0 + (n - term->df + 0.5) / (term->df + 0.5));
      term->score = term->weight * term->idf;
    }

  g_ptr_array_sort (terms, compare_terms);
  return TRUE;
}

/* An FTS5 expression: every word quoted, joined by @op (" OR " or " "). */
static char *
build_match (GPtrArray  *words,
             const char *op)
{
  GString *match = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);

      if (i > 0)
        g_string_append (match, op);
      g_string_append_c (match, '"');
      for (const char *p = word; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append_c (match, '"');
    }

  return g_string_free (match, FALSE);
}

/* The ticket's subject and the latest public message of its customer,
 * as candidate terms (unscored). */
static GPtrArray *
ticket_terms (TendInsightsDb  *idb,
              gint64           ticket_id,
              GError         **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
  g_autoptr(GHashTable) by_word = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *subject = NULL;
  g_autofree char *message = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _tend_insights_db_prepare (idb,
                                    "SELECT t.subject, t.description, r.name, r.email, a.name "
                                    "FROM tickets t LEFT JOIN users r ON r.id = t.requester_id "
                                    "LEFT JOIN users a ON a.id = t.assignee_id WHERE t.id = ?1",
                                    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *email = column_text (stmt, 3);

      subject = g_strdup (column_text (stmt, 0));
      message = g_strdup (column_text (stmt, 1));

      /* Names in greetings and signatures are rare words that say nothing
       * about the problem: the customer's and the assignee's are known. */
      collect_terms (terms, by_word, column_text (stmt, 2), G_MAXSIZE, 0.0);
      collect_terms (terms, by_word, column_text (stmt, 4), G_MAXSIZE, 0.0);
      if (email != NULL && strchr (email, '@') != NULL)
        collect_terms (terms, by_word, email, strchr (email, '@') - email, 0.0);
    }
  _tend_store_stmt_done (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, ticket_id);

      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND, _("There is no ticket %s"), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _tend_store_set_error (error, idb->db.db, rc, _("Could not read the database"));
      return NULL;
    }

  /* The customer's words, not an agent's: an author the store does not
   * know yet counts as the customer. */
  stmt = _tend_insights_db_prepare (idb,
                                    "SELECT c.body FROM comments c LEFT JOIN users u ON u.id = c.author_id "
                                    "WHERE c.ticket_id = ?1 AND c.public = 1 AND coalesce (u.role, 0) = 0 "
                                    "ORDER BY c.created_at DESC, c.id DESC LIMIT 1",
                                    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_free (message);
      message = g_strdup (column_text (stmt, 0));
    }
  _tend_store_stmt_done (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, idb->db.db, rc, _("Could not read the database"));
      return NULL;
    }

  collect_terms (terms, by_word, subject, G_MAXSIZE, 2.0);
  collect_terms (terms, by_word, message, MAX_MESSAGE_BYTES, 1.0);

  return g_steal_pointer (&terms);
}

/* The words to search for similar tickets (see tend-store-insights.h):
 * those of @any are OR-ed, those of @all (possibly none) must all match.
 * Both point into *@terms. */
static gboolean
similar_words (TendInsightsDb  *idb,
               gint64           ticket_id,
               GPtrArray      **terms_out,
               GPtrArray       *any,
               GPtrArray       *all,
               GError         **error)
{
  g_autoptr(GPtrArray) terms = NULL;
  gint64 n_docs = 0;
  gint64 postings = 0;

  terms = ticket_terms (idb, ticket_id, error);
  if (terms == NULL ||
      !score_terms (idb, terms, "SELECT count(*) FROM tickets",
                    "SELECT doc FROM ticket_fts_vocab WHERE term = ?1", &n_docs, error))
    return FALSE;

  /* Ranking costs 1–2 µs per matching ticket (measured on 100,000): take the best
   * words whose documents fit the budget. A common word may still be
   * skipped for a rarer one further down. */
  for (guint i = 0; i < terms->len && any->len < TEND_STORE_SIMILAR_MAX_TERMS; i++)
    {
      Term *term = g_ptr_array_index (terms, i);

      if (postings + term->df > TEND_STORE_SIMILAR_POSTINGS_BUDGET)
        continue;
      postings += term->df;
      g_ptr_array_add (any, term);
    }

  /* The subject says what the ticket is about, even in common words
   * ("Refund for order"): those left out above come back as one clause
   * that needs them all, best first. */
  for (guint i = 0; i < terms->len && all->len < 3; i++)
    {
      Term *term = g_ptr_array_index (terms, i);

      if (term->weight >= 2.0 && !g_ptr_array_find (any, term, NULL))
        g_ptr_array_add (all, term);
    }
  if (all->len == 1 && any->len > 0)
    g_ptr_array_set_size (all, 0);

  /* Nothing rare and no subject to speak of: the best three together. */
  if (any->len == 0 && all->len == 0)
    {
      for (guint i = 0; i < terms->len && i < 3; i++)
        g_ptr_array_add (all, g_ptr_array_index (terms, i));
    }

  *terms_out = g_steal_pointer (&terms);
  return TRUE;
}

static GPtrArray *
term_words (GPtrArray *terms)
{
  GPtrArray *words = g_ptr_array_new ();

  for (guint i = 0; i < terms->len; i++)
    g_ptr_array_add (words, ((Term *) g_ptr_array_index (terms, i))->word);
  return words;
}

/* '"a" OR "b" OR ("c" AND "d")' */
static char *
build_similar_match (GPtrArray *any,
                     GPtrArray *all)
{
  g_autoptr(GPtrArray) any_words = term_words (any);
  g_autoptr(GPtrArray) all_words = term_words (all);
  g_autofree char *any_match = build_match (any_words, " OR ");
  g_autofree char *all_match = build_match (all_words, " AND ");

  if (all->len == 0)
    return g_steal_pointer (&any_match);
  if (any->len == 0)
    return g_steal_pointer (&all_match);
  return g_strdup_printf ("%s OR (%s)", any_match, all_match);
}

/* The ranking of build_similar_match(): tend_rank() with the words'
 * weights (idf, doubled for the subject's) in the order their phrases
 * appear. */
static char *
build_similar_rank (GPtrArray *any,
                    GPtrArray *all)
{
  GString *rank = g_string_new ("tend_rank(" TICKET_COLUMN_WEIGHTS);

  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *terms = pass == 0 ? any : all;

      for (guint i = 0; i < terms->len; i++)
        {
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (number, sizeof number, "%.4f", ((Term *) g_ptr_array_index (terms, i))->score);
          g_string_append_printf (rank, ", %s", number);
        }
    }

  g_string_append_c (rank, ')');
  return g_string_free (rank, FALSE);
}

/* Similar tickets */

static GPtrArray *
similar_tickets_locked (TendInsightsDb  *idb,
                        gint64           ticket_id,
                        guint            limit,
                        GError         **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) any = g_ptr_array_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) scores = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *match = NULL;
  g_autofree char *rank = NULL;
  gint64 floor = 0;
  sqlite3_stmt *stmt;
  sqlite3_stmt *resolution;
  int rc;

  if (!similar_words (idb, ticket_id, &terms, any, all, error))
    return NULL;
  if (any->len == 0 && all->len == 0)
    return g_steal_pointer (&results);

  match = build_similar_match (any, all);
  rank = build_similar_rank (any, all);

  /* Words that must all match may still match more tickets than the
   * budget allows to rank: then only the newest matches within the budget
   * are ranked, which FTS5 finds by walking the document list backwards
   * without scoring anything. */
  if (all->len > 0)
    {
      stmt = _tend_insights_db_prepare (idb,
                                        "SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?1 "
                                        "ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
                                        error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, SIMILAR_WINDOW - 1);
      if (!query_int64 (idb, stmt, &floor, error))
        return NULL;
    }

  /* FTS5 sorts by rank itself; the solved filter and the LIMIT then stop
   * at the first rows that pass. */
  stmt = _tend_insights_db_prepare (idb,
                                    "SELECT " TEND_STORE_TICKET_COLUMNS ", ticket_fts.rank "
                                    "FROM ticket_fts CROSS JOIN tickets t ON t.id = ticket_fts.rowid "
                                    TEND_STORE_TICKET_JOINS
                                    "WHERE ticket_fts MATCH ?1 AND ticket_fts.rank MATCH ?5 "
                                    "AND ticket_fts.rowid >= ?4 AND t.status IN (4, 5) AND t.id <> ?2 "
                                    "ORDER BY ticket_fts.rank LIMIT ?3",
                                    error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ticket_id);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, floor);
  sqlite3_bind_text (stmt, 5, rank, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double score = -sqlite3_column_double (stmt, TEND_STORE_TICKET_N_COLUMNS);

      g_ptr_array_add (tickets, _tend_store_ticket_from_stmt (stmt));
      g_array_append_val (scores, score);
    }
  _tend_store_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, idb->db.db, rc, _("Could not search for similar tickets"));
      return NULL;
    }

  resolution = _tend_insights_db_prepare (idb,
                                          "SELECT " TEND_INSIGHTS_COMMENT_COLUMNS " "
                                          "FROM comments c JOIN users u ON u.id = c.author_id "
                                          "WHERE c.ticket_id = ?1 AND c.public = 1 AND u.role IN (1, 2) "
                                          "ORDER BY c.created_at DESC, c.id DESC LIMIT 1",
                                          error);
  if (resolution == NULL)
    return NULL;

  for (guint i = 0; i < tickets->len; i++)
    {
      TendTicket *ticket = g_ptr_array_index (tickets, i);
      g_autoptr(TendComment) comment = NULL;

      sqlite3_bind_int64 (resolution, 1, tend_ticket_get_id (ticket));
      rc = sqlite3_step (resolution);
      if (rc == SQLITE_ROW)
        comment = _tend_insights_comment_from_stmt (resolution);
      _tend_store_stmt_done (resolution);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _tend_store_set_error (error, idb->db.db, rc, _("Could not read the database"));
          return NULL;
        }

      g_ptr_array_add (results, tend_similar_ticket_new (ticket, comment,
                                                         g_array_index (scores, double, i)));
    }

  return g_steal_pointer (&results);
}

GPtrArray *
tend_store_similar_tickets (TendStore  *self,
                            gint64      ticket_id,
                            guint       limit,
                            GError    **error)
{
  g_autoptr(TendInsightsDb) idb = NULL;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  idb = _tend_insights_db_acquire (self, error);
  if (idb == NULL)
    return NULL;

  return similar_tickets_locked (idb, ticket_id, limit > 0 ? limit : DEFAULT_LIMIT, error);
}

GStrv
tend_store_dup_similar_terms (TendStore  *self,
                              gint64      ticket_id,
                              GError    **error)
{
  g_autoptr(TendInsightsDb) idb = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) any = g_ptr_array_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  idb = _tend_insights_db_acquire (self, error);
  if (idb == NULL)
    return NULL;

  if (!similar_words (idb, ticket_id, &terms, any, all, error))
    return NULL;

  for (guint i = 0; i < any->len; i++)
    g_strv_builder_add (words, ((Term *) g_ptr_array_index (any, i))->word);
  for (guint i = 0; i < all->len; i++)
    g_strv_builder_add (words, ((Term *) g_ptr_array_index (all, i))->word);
  return g_strv_builder_end (words);
}

/* Article suggestions */

/* A crude English stem to match as a prefix, so that a ticket's "invoice"
 * finds the article about "invoices" and "charged" the one on "charges"
 * (the index has no stemmer). NULL when the word is better matched whole:
 * short, or not plain ASCII. */
static char *
article_stem (const char *word)
{
  static const char * const suffixes[] = { "ies", "ing", "es", "ed", "s", "e" };
  gsize len = strlen (word);

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize suffix_len = strlen (suffixes[i]);

      if (len >= suffix_len + 4 && g_str_has_suffix (word, suffixes[i]) &&
          !(suffix_len == 1 && word[len - 2] == 's'))
        return g_strndup (word, len - suffix_len);
    }

  return len >= 5 ? g_strdup (word) : NULL;
}

static GPtrArray *
suggest_articles_locked (TendInsightsDb  *idb,
                         gint64           ticket_id,
                         guint            limit,
                         GError         **error)
{
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GString) rank = g_string_new ("tend_rank(" ARTICLE_COLUMN_WEIGHTS);
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_phrases = 0;
  gint64 n_tickets = 0;
  gint64 n_articles = 0;
  sqlite3_stmt *stmt;
  int rc;

  /* How well a word tells what the ticket is about comes from the
   * tickets; how well it picks an article, from the articles. A word
   * weighs both. */
  terms = ticket_terms (idb, ticket_id, error);
  if (terms == NULL ||
      !score_terms (idb, terms, "SELECT count(*) FROM tickets",
                    "SELECT doc FROM ticket_fts_vocab WHERE term = ?1", &n_tickets, error))
    return NULL;

  stmt = _tend_insights_db_prepare (idb, "SELECT count(*) FROM articles", error);
  if (stmt == NULL || !query_int64 (idb, stmt, &n_articles, error))
    return NULL;
  if (n_articles == 0)
    return g_steal_pointer (&articles);

  stmt = _tend_insights_db_prepare (idb,
                                    "SELECT coalesce (sum (doc), 0) FROM articles_fts_vocab "
                                    "WHERE term >= ?1 AND term < ?2",
                                    error);
  if (stmt == NULL)
    return NULL;

  for (guint i = terms->len; i > 0; i--)
    {
      Term *term = g_ptr_array_index (terms, i - 1);
      g_autofree char *upper = NULL;
      gint64 df = 0;
      double idf;

      term->prefix = article_stem (term->word);
      if (term->prefix != NULL)
        {
          /* Every word starting with the stem: up to the highest code
           * point after it. */
          upper = g_strconcat (term->prefix, "\xf4\x8f\xbf\xbf", NULL);
          sqlite3_bind_text (stmt, 1, term->prefix, -1, SQLITE_STATIC);
        }
      else
        {
          upper = g_strconcat (term->word, "\x01", NULL);
          sqlite3_bind_text (stmt, 1, term->word, -1, SQLITE_STATIC);
        }
      sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_STATIC);
      if (!query_int64 (idb, stmt, &df, error))
        return NULL;

      /* Forms of one word in one article count more than once here: an
       * estimate, and on the side of caution. */
      if (df <= 0 || df > n_articles / 2 + 1)
        {
          g_ptr_array_remove_index (terms, i - 1);
          continue;
        }

      idf = log (1.0 + (n_articles - MIN (df, n_articles) + 0.5) / (MIN (df, n_articles) + 0.5));
      term->score *= idf;
    }
  g_ptr_array_sort (terms, compare_terms);

  /* '"invoic"* OR "vat" OR …': stems match as prefixes; "update" and
   * "updates" make one. */
  for (guint i = 0; i < terms->len && n_phrases < MAX_ARTICLE_TERMS; i++)
    {
      Term *term = g_ptr_array_index (terms, i);
      const char *phrase = term->prefix != NULL ? term->prefix : term->word;
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autofree char *quoted = NULL;
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      if (!g_hash_table_add (seen, (gpointer) phrase))
        continue;
      n_phrases++;

      g_ptr_array_add (one, (gpointer) phrase);
      quoted = build_match (one, "");
      g_string_append_printf (match, "%s%s%s", match->len > 0 ? " OR " : "", quoted,
                              term->prefix != NULL ? "*" : "");

      g_ascii_formatd (number, sizeof number, "%.4f", term->score);
      g_string_append_printf (rank, ", %s", number);
    }
  g_string_append_c (rank, ')');
  if (match->len == 0)
    return g_steal_pointer (&articles);

  stmt = _tend_insights_db_prepare (idb,
                                    "SELECT a.id, a.title, a.body, a.url, a.locale, a.labels, "
                                    "a.section_id, a.created_at, a.updated_at, a.extra_json "
                                    "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                                    "WHERE articles_fts MATCH ?1 AND articles_fts.rank MATCH ?3 "
                                    "ORDER BY articles_fts.rank LIMIT ?2",
                                    error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, match->str, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_text (stmt, 3, rank->str, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (articles, _tend_store_article_from_stmt (stmt));
  _tend_store_stmt_done (stmt);
  g_debug ("Articles for ticket %" G_GINT64_FORMAT ": %s", ticket_id, match->str);
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, idb->db.db, rc, _("Could not search the knowledge base"));
      return NULL;
    }

  return g_steal_pointer (&articles);
}

GPtrArray *
tend_store_suggest_articles (TendStore  *self,
                             gint64      ticket_id,
                             guint       limit,
                             GError    **error)
{
  g_autoptr(TendInsightsDb) idb = NULL;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  idb = _tend_insights_db_acquire (self, error);
  if (idb == NULL)
    return NULL;

  return suggest_articles_locked (idb, ticket_id, limit > 0 ? limit : DEFAULT_LIMIT, error);
}

/* Async variants */

typedef GPtrArray *(*InsightFunc) (TendStore *self, gint64 ticket_id, guint limit, GError **error);

typedef struct
{
  InsightFunc func;
  gint64      ticket_id;
  guint       limit;
} InsightTask;

static void
insight_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  InsightTask *data = task_data;
  GError *error = NULL;
  GPtrArray *result;

  if (g_task_return_error_if_cancelled (task))
    return;

  result = data->func (source_object, data->ticket_id, data->limit, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
run_insight_async (TendStore           *self,
                   InsightFunc          func,
                   gpointer             source_tag,
                   gint64               ticket_id,
                   guint                limit,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InsightTask *data = g_new0 (InsightTask, 1);

  data->func = func;
  data->ticket_id = ticket_id;
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, insight_thread);
}

void
tend_store_similar_tickets_async (TendStore           *self,
                                  gint64               ticket_id,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (TEND_IS_STORE (self));

  run_insight_async (self, tend_store_similar_tickets, tend_store_similar_tickets_async,
                     ticket_id, limit, cancellable, callback, user_data);
}

GPtrArray *
tend_store_similar_tickets_finish (TendStore     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tend_store_similar_tickets_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tend_store_suggest_articles_async (TendStore           *self,
                                   gint64               ticket_id,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (TEND_IS_STORE (self));

  run_insight_async (self, tend_store_suggest_articles, tend_store_suggest_articles_async,
                     ticket_id, limit, cancellable, callback, user_data);
}

GPtrArray *
tend_store_suggest_articles_finish (TendStore     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tend_store_suggest_articles_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Search as you type */

char *
tend_store_dup_as_you_type_query (const char *text)
{
  const char *last;
  gsize len;
  gboolean in_quote = FALSE;

  if (text == NULL)
    return g_strdup ("");

  len = strlen (text);
  if (len == 0 || g_ascii_isspace (text[len - 1]) || text[len - 1] == '*' || text[len - 1] == '"')
    return g_strdup (text);

  /* An open quote means a phrase is being typed; phrases match whole. */
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '"')
      in_quote = !in_quote;
  if (in_quote)
    return g_strdup (text);

  last = text + len;
  while (last > text && !g_ascii_isspace (last[-1]))
    last--;

  /* A filter ("status:ope") or a lone "-" has no word to grow; a word
   * ending in punctuation ("e-") would only become "e-*", which is fine. */
  if (strchr (last, ':') != NULL || strcmp (last, "-") == 0)
    return g_strdup (text);

  return g_strconcat (text, "*", NULL);
}

GPtrArray *
tend_store_search_articles_as_you_type (TendStore   *self,
                                        const char  *text,
                                        guint        limit,
                                        GError     **error)
{
  g_autofree char *typed = NULL;
  g_autoptr(TendQuery) query = NULL;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  typed = tend_store_dup_as_you_type_query (text);
  query = tend_query_parse (typed, error);
  if (query == NULL)
    return NULL;

  return tend_store_search_articles (self, query, limit, error);
}
