/* test-query.c: the agent's search language and its FTS5 translation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "tend-engine.h"

static const char * const all_filters[] = {
  "status", "priority", "requester", "assignee", "tag", "org",
};

/* Terms as "W:text" (word), "P:text" (phrase), "X:text" (prefix), with a
 * leading "-" when negated, joined by "|". */
static char *
describe_terms (TendQuery *query)
{
  GPtrArray *terms = tend_query_get_terms (query);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < terms->len; i++)
    {
      const TendQueryTerm *term = g_ptr_array_index (terms, i);
      char kind = '?';

      switch (term->kind)
        {
        case TEND_QUERY_TERM_WORD: kind = 'W'; break;
        case TEND_QUERY_TERM_PHRASE: kind = 'P'; break;
        case TEND_QUERY_TERM_PREFIX: kind = 'X'; break;
        default: g_assert_not_reached ();
        }

      if (i > 0)
        g_string_append_c (out, '|');
      if (term->negated)
        g_string_append_c (out, '-');
      g_string_append_printf (out, "%c:%s", kind, term->text);
    }

  return g_string_free (out, FALSE);
}

/* Filters as "status=open,pending;tag=vip", in the fixed order above. */
static char *
describe_filters (TendQuery *query)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_filters); i++)
    {
      const char * const *values = tend_query_get_filter (query, all_filters[i]);
      g_autofree char *joined = NULL;

      if (values == NULL)
        continue;

      g_assert_nonnull (values[0]);
      joined = g_strjoinv (",", (char **) values);
      if (out->len > 0)
        g_string_append_c (out, ';');
      g_string_append_printf (out, "%s=%s", all_filters[i], joined);
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *input;
  const char *terms;     /* describe_terms () */
  const char *filters;   /* describe_filters () */
  const char *match;     /* NULL: no MATCH expression */
  const char *exclude;   /* NULL: no exclusions */
  gboolean    empty;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "", "", "", NULL, NULL, TRUE },
  { "   \t \n ", "", "", NULL, NULL, TRUE },
  { "refund \"credit card\" -paypal login*",
    "W:refund|P:credit card|-W:paypal|X:login", "",
    "\"refund\" \"credit card\" \"login\" *", "\"paypal\"", FALSE },
  { "status:open priority:urgent requester:ann@x.com assignee:me tag:vip org:acme",
    "", "status=open;priority=urgent;requester=ann@x.com;assignee=me;tag=vip;org=acme",
    NULL, NULL, FALSE },
  { "status:open status:pending status:open", "", "status=open,pending", NULL, NULL, FALSE },
  { "Status:OPEN PRIORITY:High", "", "status=open;priority=high", NULL, NULL, FALSE },
  { "status:unsolved", "", "status=new,open,pending,hold", NULL, NULL, FALSE },
  { "status:solved status:closed status:new status:hold", "",
    "status=solved,closed,new,hold", NULL, NULL, FALSE },
  /* Invalid filter values are searched as words, never an error. */
  { "status:bogus", "W:status:bogus", "", "\"status:bogus\"", NULL, FALSE },
  { "status:deleted", "W:status:deleted", "", "\"status:deleted\"", NULL, FALSE },
  { "priority:high priority:nope", "W:priority:nope", "priority=high",
    "\"priority:nope\"", NULL, FALSE },
  { "status:", "W:status:", "", "\"status:\"", NULL, FALSE },
  { "tag:\"\"", "P:tag:", "", "\"tag:\"", NULL, FALSE },
  { "org:\"Acme  Inc\" refund", "W:refund", "org=Acme Inc", "\"refund\"", NULL, FALSE },
  { "tag:VIP tag:vip", "", "tag=VIP,vip", NULL, NULL, FALSE },
  /* A negated filter cannot be expressed: it is an excluded phrase. */
  { "-status:open", "-W:status:open", "", NULL, "\"status:open\"", FALSE },
  /* Unknown names are words. */
  { "col:val subject:refund", "W:col:val|W:subject:refund", "",
    "\"col:val\" \"subject:refund\"", NULL, FALSE },
  { "x:y:z", "W:x:y:z", "", "\"x:y:z\"", NULL, FALSE },
  { ":", "W::", "", NULL, NULL, TRUE },
  /* Quotes */
  { "\"unbalanced phrase", "P:unbalanced phrase", "", "\"unbalanced phrase\"", NULL, FALSE },
  { "a \"b", "W:a|P:b", "", "\"a\" \"b\"", NULL, FALSE },
  { "\"", "", "", NULL, NULL, TRUE },
  { "\"\"", "", "", NULL, NULL, TRUE },
  { "\"  \"", "", "", NULL, NULL, TRUE },
  { "\"a \"\" b\"", "P:a b", "", "\"a b\"", NULL, FALSE },
  { "\"abc*\"", "P:abc*", "", "\"abc*\"", NULL, FALSE },
  { "\"foo bar\"*", "X:foo bar", "", "\"foo bar\" *", NULL, FALSE },
  { "\"open*", "P:open*", "", "\"open*\"", NULL, FALSE },
  /* FTS5 syntax is just text */
  { "NEAR(a b)", "W:NEAR(a|W:b)", "", "\"NEAR(a\" \"b)\"", NULL, FALSE },
  { "a OR b", "W:a|W:OR|W:b", "", "\"a\" \"OR\" \"b\"", NULL, FALSE },
  { "NOT a AND b", "W:NOT|W:a|W:AND|W:b", "", "\"NOT\" \"a\" \"AND\" \"b\"", NULL, FALSE },
  { "{subject body}: x", "W:{subject|W:body}:|W:x", "",
    "\"{subject\" \"body}:\" \"x\"", NULL, FALSE },
  { "*", "", "", NULL, NULL, TRUE },
  { "** -*", "", "", NULL, NULL, TRUE },
  { "^", "W:^", "", NULL, NULL, TRUE },
  { "^foo", "W:^foo", "", "\"^foo\"", NULL, FALSE },
  { "*abc", "W:*abc", "", "\"*abc\"", NULL, FALSE },
  { "a*b", "W:a*b", "", "\"a*b\"", NULL, FALSE },
  { "abc**", "X:abc", "", "\"abc\" *", NULL, FALSE },
  { "-login*", "-X:login", "", NULL, "\"login\" *", FALSE },
  /* Dashes */
  { "-", "", "", NULL, NULL, TRUE },
  { "- - -", "", "", NULL, NULL, TRUE },
  { "--x", "-W:-x", "", NULL, "\"-x\"", FALSE },
  { "-a -\"two words\"", "-W:a|-P:two words", "", NULL, "\"a\" OR \"two words\"", FALSE },
  { "e-mail", "W:e-mail", "", "\"e-mail\"", NULL, FALSE },
  /* Emoji and scripts */
  { "🎉", "W:🎉", "", NULL, NULL, TRUE },
  { "🎉 party", "W:🎉|W:party", "", "\"party\"", NULL, FALSE },
  { "-🎉", "-W:🎉", "", NULL, NULL, TRUE },
  { "مرحبا بالعالم", "W:مرحبا|W:بالعالم", "", "\"مرحبا\" \"بالعالم\"", NULL, FALSE },
  { "\"שלום עולם\"", "P:שלום עולם", "", "\"שלום עולם\"", NULL, FALSE },
  { "東京 タワー", "W:東京|W:タワー", "", "\"東京\" \"タワー\"", NULL, FALSE },
  /* Control characters are dropped; every kind of space separates. */
  { "\x01\x02" "abc\x7f", "W:abc", "", "\"abc\"", NULL, FALSE },
  { "a\x01" "b", "W:ab", "", "\"ab\"", NULL, FALSE },
  { "\x1b[31mred", "W:[31mred", "", "\"[31mred\"", NULL, FALSE },
  { "\xc2\x85" "x", "W:x", "", "\"x\"", NULL, FALSE },
  { "a\tb\nc\r\nd", "W:a|W:b|W:c|W:d", "", "\"a\" \"b\" \"c\" \"d\"", NULL, FALSE },
  { "a\xc2\xa0" "b\xe3\x80\x80" "c", "W:a|W:b|W:c", "", "\"a\" \"b\" \"c\"", NULL, FALSE },
  { "\xef\xbb\xbf" "bom", "W:bom", "", "\"bom\"", NULL, FALSE },
  { "a\xee\x80\x80" "b\xee\x80\x81", "W:ab", "", "\"ab\"", NULL, FALSE },
  /* NFC: e + combining acute becomes é */
  { "cafe\xcc\x81", "W:caf\xc3\xa9", "", "\"caf\xc3\xa9\"", NULL, FALSE },
  { "\xcc\x81", "W:\xcc\x81", "", NULL, NULL, TRUE },
};

static void
test_parse_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(TendQuery) query = NULL;
      g_autofree char *terms = NULL;
      g_autofree char *filters = NULL;
      g_autofree char *match = NULL;
      g_autofree char *exclude = NULL;

      g_test_message ("case %u: %s", i, c->input);

      query = tend_query_parse (c->input, &error);
      g_assert_no_error (error);
      g_assert_nonnull (query);

      terms = describe_terms (query);
      filters = describe_filters (query);
      match = tend_query_dup_fts_match (query);
      exclude = tend_query_dup_fts_exclude (query);

      g_assert_cmpstr (terms, ==, c->terms);
      g_assert_cmpstr (filters, ==, c->filters);
      g_assert_cmpstr (match, ==, c->match);
      g_assert_cmpstr (exclude, ==, c->exclude);
      g_assert_cmpint (tend_query_is_empty (query), ==, c->empty);

      /* Every term's text is valid, NFC, without quotes or controls. */
      for (guint j = 0; j < tend_query_get_terms (query)->len; j++)
        {
          const TendQueryTerm *term = g_ptr_array_index (tend_query_get_terms (query), j);
          g_autofree char *nfc = g_utf8_normalize (term->text, -1, G_NORMALIZE_NFC);

          g_assert_true (g_utf8_validate (term->text, -1, NULL));
          g_assert_cmpstr (nfc, ==, term->text);
          g_assert_null (strchr (term->text, '"'));
          g_assert_cmpuint (strlen (term->text), >, 0);
          for (const char *p = term->text; *p; p = g_utf8_next_char (p))
            g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
        }
    }
}

static void
test_null_is_empty (void)
{
  g_autoptr(TendQuery) query = tend_query_parse (NULL, NULL);

  g_assert_nonnull (query);
  g_assert_true (tend_query_is_empty (query));
  g_assert_cmpuint (tend_query_get_terms (query)->len, ==, 0);
  g_assert_null (tend_query_get_filter (query, "status"));
  g_assert_null (tend_query_get_filter (query, "nonsense"));
}

static void
test_invalid_utf8 (void)
{
  static const char * const inputs[] = {
    "\xff",
    "abc\xfe",
    "caf\xc3",                /* truncated sequence */
    "a\xc0\x80" "b",          /* overlong NUL */
    "\xed\xa0\x80",           /* UTF-16 surrogate */
    "\xf4\x90\x80\x80",       /* beyond U+10FFFF */
    "refund \x80 status:open",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TendQuery) query = tend_query_parse (inputs[i], &error);

      g_assert_null (query);
      g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_QUERY);
    }
}

static char *
make_query_of_length (gsize length)
{
  GString *s = g_string_new (NULL);

  while (s->len < length)
    g_string_append (s, "word ");
  g_string_truncate (s, length);

  return g_string_free (s, FALSE);
}

static void
test_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendQuery) query = NULL;
  g_autofree char *q4000 = make_query_of_length (4000);
  g_autofree char *q4096 = make_query_of_length (TEND_QUERY_MAX_LENGTH);
  g_autofree char *q4097 = make_query_of_length (TEND_QUERY_MAX_LENGTH + 1);
  g_autofree char *q10k = make_query_of_length (10000);
  g_autofree char *match = NULL;

  query = tend_query_parse (q4000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tend_query_get_terms (query)->len, ==, 800);
  match = tend_query_dup_fts_match (query);
  g_assert_true (g_str_has_prefix (match, "\"word\" \"word\" "));
  g_clear_pointer (&query, tend_query_unref);

  query = tend_query_parse (q4096, &error);
  g_assert_no_error (error);
  g_assert_nonnull (query);
  g_clear_pointer (&query, tend_query_unref);

  query = tend_query_parse (q4097, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_QUERY);
  g_assert_null (query);
  g_clear_error (&error);

  query = tend_query_parse (q10k, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_QUERY);
  g_assert_null (query);
}

static void
test_highlight_terms (void)
{
  g_autoptr(TendQuery) query = tend_query_parse ("refund refund \"credit  card\" pay* -paypal "
                                                 "🎉 status:open tag:vip", NULL);
  g_auto(GStrv) terms = tend_query_dup_highlight_terms (query);
  const char * const expected[] = { "refund", "credit card", "pay", NULL };

  g_assert_cmpstrv (terms, expected);

  g_clear_pointer (&terms, g_strfreev);
  g_clear_pointer (&query, tend_query_unref);
  query = tend_query_parse ("-only -negated", NULL);
  terms = tend_query_dup_highlight_terms (query);
  g_assert_nonnull (terms);
  g_assert_null (terms[0]);
}

static void
test_refcount_and_boxed (void)
{
  g_autoptr(TendQuery) query = tend_query_parse ("refund", NULL);
  TendQuery *copy;
  GValue value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (TEND_TYPE_QUERY));

  copy = g_boxed_copy (TEND_TYPE_QUERY, query);
  g_assert_true (copy == query);
  g_boxed_free (TEND_TYPE_QUERY, copy);

  g_value_init (&value, TEND_TYPE_QUERY);
  g_value_set_boxed (&value, query);
  g_assert_true (g_value_get_boxed (&value) == query);
  g_value_unset (&value);

  g_assert_true (tend_query_ref (query) == query);
  tend_query_unref (query);
  g_assert_cmpuint (tend_query_get_terms (query)->len, ==, 1);
}

/* The SQLite side: whatever the agent types, the expressions we build are
 * accepted by FTS5 and mean what the agent meant. */

typedef struct
{
  sqlite3 *db;
} Fts;

static void
fts_open (Fts *fts)
{
  static const char * const rows[][2] = {
    { "Refund for order 1234", "I want my money back on my credit card." },
    { "Login problem", "Cannot log in since the update; the login page loops." },
    { "Card declined", "My card was declined, I paid with PayPal instead." },
    { "Café order", "The café app crashed while ordering a latte." },
    { "مرحبا بالعالم", "رسالة باللغة العربية" },
    { "שלום עולם", "הודעה בעברית" },
    { "Party time 🎉", "Emoji in the subject, NEAR and OR as words." },
  };
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open (":memory:", &fts->db);
  g_assert_cmpint (rc, ==, SQLITE_OK);

  rc = sqlite3_exec (fts->db,
                     "CREATE VIRTUAL TABLE t USING fts5(subject, body, "
                     "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
                     NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);

  rc = sqlite3_prepare_v2 (fts->db, "INSERT INTO t (rowid, subject, body) VALUES (?, ?, ?)",
                           -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, rows[i][0], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, rows[i][1], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }

  sqlite3_finalize (stmt);
}

static void
fts_close (Fts *fts)
{
  g_assert_cmpint (sqlite3_close (fts->db), ==, SQLITE_OK);
}

/* Runs the query the way the store does (positive MATCH, minus the
 * excluded rows) and returns the matching rowids as "1,3". Fails the test
 * on any SQLite error. */
static char *
fts_search (Fts        *fts,
            TendQuery  *query)
{
  g_autofree char *match = tend_query_dup_fts_match (query);
  g_autofree char *exclude = tend_query_dup_fts_exclude (query);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  const char *sql;
  int rc;

  if (match != NULL && exclude != NULL)
    sql = "SELECT rowid FROM t WHERE t MATCH ?1 AND rowid NOT IN "
          "(SELECT rowid FROM t WHERE t MATCH ?2) ORDER BY rowid";
  else if (match != NULL)
    sql = "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid";
  else if (exclude != NULL)
    sql = "SELECT rowid FROM t WHERE rowid NOT IN "
          "(SELECT rowid FROM t WHERE t MATCH ?2) ORDER BY rowid";
  else
    sql = "SELECT rowid FROM t ORDER BY rowid";

  rc = sqlite3_prepare_v2 (fts->db, sql, -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (exclude != NULL)
    sqlite3_bind_text (stmt, 2, exclude, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "%lld", (long long) sqlite3_column_int64 (stmt, 0));
    }

  if (rc != SQLITE_DONE)
    g_error ("SQLite error %d (%s) for MATCH %s / exclude %s",
             rc, sqlite3_errmsg (fts->db), match, exclude);

  sqlite3_finalize (stmt);

  /* Each expression must also stand alone, as the store may use it so. */
  if (match != NULL || exclude != NULL)
    {
      const char *exprs[] = { match, exclude };

      for (guint i = 0; i < G_N_ELEMENTS (exprs); i++)
        {
          if (exprs[i] == NULL)
            continue;
          rc = sqlite3_prepare_v2 (fts->db, "SELECT count(*) FROM t WHERE t MATCH ?",
                                   -1, &stmt, NULL);
          g_assert_cmpint (rc, ==, SQLITE_OK);
          sqlite3_bind_text (stmt, 1, exprs[i], -1, SQLITE_TRANSIENT);
          rc = sqlite3_step (stmt);
          if (rc != SQLITE_ROW)
            g_error ("SQLite error %d (%s) for MATCH %s",
                     rc, sqlite3_errmsg (fts->db), exprs[i]);
          sqlite3_finalize (stmt);
        }
    }

  return g_string_free (out, FALSE);
}

static void
test_fts_hostile (void)
{
  Fts fts;
  g_autofree char *q4000 = make_query_of_length (4000);
  g_autofree char *q4000_hostile = NULL;

  fts_open (&fts);

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autoptr(TendQuery) query = tend_query_parse (parse_cases[i].input, NULL);
      g_autofree char *rows = NULL;

      g_test_message ("case %u: %s", i, parse_cases[i].input);
      rows = fts_search (&fts, query);
      (void) rows;
    }

  {
    static const char * const extra[] = {
      "\"a", "a\"", "\"\"\"", "NEAR(", "NEAR(a b, 2)", "a + b", "a:b:c",
      "subject:x", "{subject}: x", "- -a --b ---", "***", "^^^a", "a^",
      "(", ")", "()", "AND", "OR", "NOT", "a NOT b", "'", "''", "\\\"",
      "\"\\\"", "%", "_", "?", ";", "; DROP TABLE t; --", "'); DROP TABLE t; --",
      "\"); DROP TABLE t; --", "rowid:1", "t:refund", "rank:1", "*:*",
      "-*", "\"*\"", "\" * \"", "-\"\"", "-\"", "x*y*", "👍🏽 👨‍👩‍👧", "\xe2\x80\x8f" "rtl",
      "a\xe2\x80\x8b" "b", "\xd8\xa7\xd9\x84", "status:\"open", "org:\"",
    };

    for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(TendQuery) query = tend_query_parse (extra[i], &error);
        g_autofree char *rows = NULL;

        g_assert_no_error (error);
        rows = fts_search (&fts, query);
        (void) rows;
      }
  }

  {
    g_autoptr(TendQuery) query = tend_query_parse (q4000, NULL);
    g_autofree char *rows = fts_search (&fts, query);

    g_assert_cmpstr (rows, ==, "");
  }

  /* A long query made of operators and quotes. */
  {
    GString *s = g_string_new (NULL);
    static const char * const bits[] = { "NEAR(", "\"", "-", "*", "OR ", "^", ":", "a", " ", ")" };
    g_autoptr(TendQuery) query = NULL;
    g_autofree char *rows = NULL;

    for (guint i = 0; s->len < 4000; i++)
      g_string_append (s, bits[(i * 7) % G_N_ELEMENTS (bits)]);
    g_string_truncate (s, 4000);
    q4000_hostile = g_string_free (s, FALSE);
    query = tend_query_parse (q4000_hostile, NULL);
    g_assert_nonnull (query);
    rows = fts_search (&fts, query);
    (void) rows;
  }

  /* The table survived all of that. */
  {
    g_autoptr(TendQuery) query = tend_query_parse ("", NULL);
    g_autofree char *rows = fts_search (&fts, query);

    g_assert_cmpstr (rows, ==, "1,2,3,4,5,6,7");
  }

  fts_close (&fts);
}

static void
test_fts_meaning (void)
{
  static const struct {
    const char *input;
    const char *rows;
  } cases[] = {
    { "refund", "1" },
    { "REFUND", "1" },
    { "card", "1,3" },
    { "\"credit card\"", "1" },
    { "\"card credit\"", "" },
    { "card -paypal", "1" },
    { "card -\"credit card\"", "3" },
    { "-card", "2,4,5,6,7" },
    { "-card -login", "4,5,6,7" },
    { "log*", "2" },
    { "lo*", "2" },
    { "l*", "2,4" },
    { "-log*", "1,3,4,5,6,7" },
    { "\"the login\"*", "2" },
    { "login* page", "2" },
    { "cafe", "4" },
    { "café", "4" },
    { "CAFE\xcc\x81", "4" },
    { "مرحبا", "5" },
    { "\"שלום עולם\"", "6" },
    { "עולם -שלום", "" },
    { "🎉 party", "7" },
    { "🎉", "1,2,3,4,5,6,7" },
    { "NEAR(emoji", "" },       /* the phrase "near emoji" is not in row 7 */
    { "NEAR(and", "7" },
    { "near or", "7" },
    { "a OR b", "" },
    { "status:open refund", "1" },
    { "order", "1,4" },
    { "order 1234", "1" },
    { "\x01" "ref\x02und", "1" },
    { "nothing-like-this", "" },
  };
  Fts fts;

  fts_open (&fts);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TendQuery) query = tend_query_parse (cases[i].input, &error);
      g_autofree char *rows = NULL;

      g_test_message ("search %s", cases[i].input);
      g_assert_no_error (error);
      rows = fts_search (&fts, query);
      g_assert_cmpstr (rows, ==, cases[i].rows);
    }

  fts_close (&fts);
}

/* Random strings from an alphabet rich in FTS5 syntax and odd characters:
 * every one parses and every expression runs. */
static void
test_fts_random (void)
{
  static const char * const alphabet[] = {
    "\"", "\"", "-", "*", "*", ":", "^", "(", ")", "{", "}", "+", ",", " ", " ", " ",
    "a", "b", "c", "card", "NEAR", "OR", "AND", "NOT", "status", "tag", "org",
    "open", "é", "\xcc\x81", "🎉", "ש", "م", "\t", "\x01", "\xc2\xa0", "'", ";", "\\",
    "\xee\x80\x80", "\xef\xbb\xbf", "0", "9",
  };
  Fts fts;
  GRand *rand = g_rand_new_with_seed (20240611);

  fts_open (&fts);

  for (guint i = 0; i < 3000; i++)
    {
      GString *s = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 24);
      g_autofree char *input = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TendQuery) query = NULL;
      g_autofree char *rows = NULL;
      g_auto(GStrv) highlight = NULL;

      for (guint j = 0; j < n; j++)
        g_string_append (s, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
      input = g_string_free (s, FALSE);

      query = tend_query_parse (input, &error);
      g_assert_no_error (error);
      g_assert_nonnull (query);
      rows = fts_search (&fts, query);
      highlight = tend_query_dup_highlight_terms (query);
      g_assert_nonnull (highlight);

      /* Nothing to search and nothing to filter means every row. */
      if (tend_query_is_empty (query))
        g_assert_cmpstr (rows, ==, "1,2,3,4,5,6,7");
    }

  g_rand_free (rand);
  fts_close (&fts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/query/parse/table", test_parse_table);
  g_test_add_func ("/query/parse/null", test_null_is_empty);
  g_test_add_func ("/query/parse/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/query/parse/length", test_length);
  g_test_add_func ("/query/highlight", test_highlight_terms);
  g_test_add_func ("/query/boxed", test_refcount_and_boxed);
  g_test_add_func ("/query/fts/hostile", test_fts_hostile);
  g_test_add_func ("/query/fts/meaning", test_fts_meaning);
  g_test_add_func ("/query/fts/random", test_fts_random);

  return g_test_run ();
}
