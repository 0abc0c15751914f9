/* tend-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-query"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-query.h"

typedef enum
{
  FILTER_STATUS,
  FILTER_PRIORITY,
  FILTER_REQUESTER,
  FILTER_ASSIGNEE,
  FILTER_TAG,
  FILTER_ORG,
  N_FILTERS
} Filter;

static const char * const filter_names[N_FILTERS] = {
  "status",
  "priority",
  "requester",
  "assignee",
  "tag",
  "org",
};

struct _TendQuery
{
  grefcount  ref_count;
  GPtrArray *terms;                /* TendQueryTerm */
  GPtrArray *filters[N_FILTERS];   /* NULL-terminated char*, or NULL */
};

G_DEFINE_BOXED_TYPE (TendQuery, tend_query, tend_query_ref, tend_query_unref)

/* Private-use marks the store puts around matches in snippets: an agent
 * pasting a snippet back must not smuggle them into a query. */
#define SNIPPET_MARK_START 0xE000
#define SNIPPET_MARK_END   0xE001

static void
tend_query_term_free (TendQueryTerm *term)
{
  g_free (term->text);
  g_free (term);
}

static void
tend_query_free (TendQuery *self)
{
  g_clear_pointer (&self->terms, g_ptr_array_unref);
  for (guint i = 0; i < N_FILTERS; i++)
    g_clear_pointer (&self->filters[i], g_ptr_array_unref);
  g_free (self);
}

TendQuery *
tend_query_ref (TendQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
tend_query_unref (TendQuery *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    tend_query_free (self);
}

/* Whitespace of any script becomes a plain space so the tokenizer below
 * only has to look at ASCII; control characters (and the snippet marks and
 * byte-order marks) are dropped because they can only come from pasting and
 * would never match anything. */
static char *
clean_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        g_string_append_c (out, ' ');
      else if (g_unichar_iscntrl (c) ||
               c == SNIPPET_MARK_START ||
               c == SNIPPET_MARK_END ||
               c == 0xFEFF)
        continue;
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Collapses runs of spaces (a phrase typed with two spaces is the same
 * phrase) and trims the ends. */
static char *
collapse_spaces (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (*p == ' ')
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
has_alnum (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static char *
strip_quotes (const char *text,
              gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    if (text[i] != '"')
      g_string_append_c (out, text[i]);

  return g_string_free (out, FALSE);
}

static void
add_filter_value (TendQuery  *self,
                  Filter      filter,
                  const char *value)
{
  GPtrArray *values = self->filters[filter];

  if (values == NULL)
    {
      values = self->filters[filter] = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (values, NULL);
    }

  /* Same value twice adds nothing: keep the list a set. */
  for (guint i = 0; i + 1 < values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (values, i), value) == 0)
      return;

  g_ptr_array_insert (values, values->len - 1, g_strdup (value));
}

/* Returns FALSE when the value is not one the filter understands; the
 * caller then searches the token as a word, so typing never errors. */
static gboolean
try_add_filter (TendQuery  *self,
                Filter      filter,
                const char *value)
{
  if (value[0] == '\0')
    return FALSE;

  switch (filter)
    {
    case FILTER_STATUS:
      {
        g_autofree char *lower = g_utf8_strdown (value, -1);
        TendTicketStatus status;

        if (g_str_equal (lower, "unsolved"))
          {
            add_filter_value (self, filter, tend_ticket_status_to_string (TEND_TICKET_STATUS_NEW));
            add_filter_value (self, filter, tend_ticket_status_to_string (TEND_TICKET_STATUS_OPEN));
            add_filter_value (self, filter, tend_ticket_status_to_string (TEND_TICKET_STATUS_PENDING));
            add_filter_value (self, filter, tend_ticket_status_to_string (TEND_TICKET_STATUS_HOLD));
            return TRUE;
          }

        /* Deleted tickets leave the store, so "status:deleted" is a word. */
        if (!tend_ticket_status_from_string (lower, &status) ||
            status == TEND_TICKET_STATUS_DELETED)
          return FALSE;

        add_filter_value (self, filter, tend_ticket_status_to_string (status));
        return TRUE;
      }

    case FILTER_PRIORITY:
      {
        g_autofree char *lower = g_utf8_strdown (value, -1);
        TendTicketPriority priority;

        if (!tend_ticket_priority_from_string (lower, &priority))
          return FALSE;

        add_filter_value (self, filter, tend_ticket_priority_to_string (priority));
        return TRUE;
      }

    case FILTER_REQUESTER:
    case FILTER_ASSIGNEE:
    case FILTER_TAG:
    case FILTER_ORG:
      add_filter_value (self, filter, value);
      return TRUE;

    case N_FILTERS:
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static gboolean
parse_filter (TendQuery  *self,
              const char *token,
              gsize       len)
{
  const char *colon = memchr (token, ':', len);
  gsize name_len;

  if (colon == NULL || colon == token)
    return FALSE;

  name_len = colon - token;

  for (guint i = 0; i < N_FILTERS; i++)
    {
      if (strlen (filter_names[i]) == name_len &&
          g_ascii_strncasecmp (token, filter_names[i], name_len) == 0)
        {
          g_autofree char *raw = strip_quotes (colon + 1, len - name_len - 1);
          g_autofree char *value = collapse_spaces (raw);

          return try_add_filter (self, i, value);
        }
    }

  return FALSE;
}

static void
parse_token (TendQuery  *self,
             const char *token,
             gsize       len)
{
  gboolean negated = FALSE;
  gboolean has_quote;
  gboolean in_quote = FALSE;
  gsize end;
  gsize last_quote_end = 0;
  TendQueryTermKind kind;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  TendQueryTerm *term;

  if (len > 1 && token[0] == '-')
    {
      negated = TRUE;
      token++;
      len--;
    }
  else if (len == 1 && token[0] == '-')
    return;

  /* A negated filter is not something we can express: "-status:open" is
   * searched as an excluded phrase instead. */
  if (!negated && parse_filter (self, token, len))
    return;

  /* Stars at the end, outside any quote, make a prefix; stars elsewhere are
   * just characters the FTS tokenizer ignores. */
  has_quote = memchr (token, '"', len) != NULL;
  for (gsize i = 0; i < len; i++)
    {
      if (token[i] == '"')
        {
          in_quote = !in_quote;
          last_quote_end = i + 1;
        }
    }

  end = len;
  if (!in_quote)
    {
      while (end > last_quote_end && token[end - 1] == '*')
        end--;
    }

  if (end < len)
    kind = TEND_QUERY_TERM_PREFIX;
  else if (has_quote)
    kind = TEND_QUERY_TERM_PHRASE;
  else
    kind = TEND_QUERY_TERM_WORD;

  raw = strip_quotes (token, end);
  text = collapse_spaces (raw);

  if (text[0] == '\0')
    return;

  term = g_new0 (TendQueryTerm, 1);
  term->kind = kind;
  term->negated = negated;
  term->text = g_steal_pointer (&text);
  g_ptr_array_add (self->terms, term);
}

TendQuery *
tend_query_parse (const char  *text,
                  GError     **error)
{
  g_autoptr(TendQuery) self = NULL;
  g_autofree char *cleaned = NULL;
  g_autofree char *normalized = NULL;
  gsize len;
  const char *p;

  if (text == NULL)
    text = "";

  len = strlen (text);
  if (len > TEND_QUERY_MAX_LENGTH)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_QUERY,
                   _("The search is too long (%lu bytes; at most %d)"),
                   (unsigned long) len, TEND_QUERY_MAX_LENGTH);
      return NULL;
    }

  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_QUERY,
                           _("The search contains text that is not valid UTF-8"));
      return NULL;
    }

  cleaned = clean_text (text);
  normalized = g_utf8_normalize (cleaned, -1, G_NORMALIZE_NFC);
  if (normalized == NULL)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_BAD_QUERY,
                           _("The search contains text that is not valid UTF-8"));
      return NULL;
    }

  self = g_new0 (TendQuery, 1);
  g_ref_count_init (&self->ref_count);
  self->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) tend_query_term_free);

  /* Split on spaces outside quotes. Every byte we look at is ASCII, and
   * UTF-8 continuation bytes never are, so walking bytes is safe. */
  p = normalized;
  while (*p)
    {
      const char *start;
      gboolean in_quote = FALSE;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;

      start = p;
      while (*p && (in_quote || *p != ' '))
        {
          if (*p == '"')
            in_quote = !in_quote;
          p++;
        }

      parse_token (self, start, p - start);
    }

  return g_steal_pointer (&self);
}

gboolean
tend_query_is_empty (TendQuery *self)
{
  g_autofree char *match = NULL;
  g_autofree char *exclude = NULL;

  g_return_val_if_fail (self != NULL, TRUE);

  for (guint i = 0; i < N_FILTERS; i++)
    if (self->filters[i] != NULL)
      return FALSE;

  /* Terms made only of punctuation or emoji search for nothing. */
  match = tend_query_dup_fts_match (self);
  exclude = tend_query_dup_fts_exclude (self);

  return match == NULL && exclude == NULL;
}

GPtrArray *
tend_query_get_terms (TendQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->terms;
}

const char * const *
tend_query_get_filter (TendQuery  *self,
                       const char *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < N_FILTERS; i++)
    {
      if (g_ascii_strcasecmp (name, filter_names[i]) == 0)
        {
          if (self->filters[i] == NULL)
            return NULL;
          return (const char * const *) self->filters[i]->pdata;
        }
    }

  return NULL;
}

static void
append_fts_string (GString             *out,
                   const TendQueryTerm *term)
{
  g_string_append_c (out, '"');
  for (const char *p = term->text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  if (term->kind == TEND_QUERY_TERM_PREFIX)
    g_string_append (out, " *");
}

/* Each term becomes an FTS5 string, so nothing the agent typed can act as
 * an operator (NEAR, OR, column filters, ^). Terms the unicode61 tokenizer
 * would reduce to no token at all are left out: an empty phrase would make
 * the whole expression match nothing. */
static char *
join_terms (TendQuery  *self,
            gboolean    negated,
            const char *separator)
{
  GString *out = NULL;

  for (guint i = 0; i < self->terms->len; i++)
    {
      const TendQueryTerm *term = g_ptr_array_index (self->terms, i);

      if (term->negated != negated || !has_alnum (term->text))
        continue;

      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append (out, separator);

      append_fts_string (out, term);
    }

  return out ? g_string_free (out, FALSE) : NULL;
}

char *
tend_query_dup_fts_match (TendQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return join_terms (self, FALSE, " ");
}

char *
tend_query_dup_fts_exclude (TendQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return join_terms (self, TRUE, " OR ");
}

GStrv
tend_query_dup_highlight_terms (TendQuery *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  builder = g_strv_builder_new ();
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->terms->len; i++)
    {
      const TendQueryTerm *term = g_ptr_array_index (self->terms, i);

      if (term->negated || !has_alnum (term->text))
        continue;
      if (!g_hash_table_add (seen, term->text))
        continue;

      g_strv_builder_add (builder, term->text);
    }

  return g_strv_builder_end (builder);
}
