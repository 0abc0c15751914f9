/* tend-query.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"

G_BEGIN_DECLS

/* The agent's search language, parsed by Tend and never handed raw to
 * SQLite's MATCH:
 *
 *   refund "credit card" -paypal login*
 *   status:open priority:urgent requester:ann@x.com assignee:me tag:vip org:acme
 *
 * Words and "phrases" must all match (in subject, description or any
 * message); -word or -"phrase" excludes; word* matches a prefix. Filters
 * combine with AND; the same filter twice means either value
 * (status:open status:pending). Unknown "name:" prefixes are searched as
 * words. Any text parses: stray quotes close at the end, FTS operators are
 * plain words. */

#define TEND_TYPE_QUERY (tend_query_get_type ())

typedef enum
{
  TEND_QUERY_TERM_WORD,
  TEND_QUERY_TERM_PHRASE,
  TEND_QUERY_TERM_PREFIX,
} TendQueryTermKind;

typedef struct
{
  TendQueryTermKind  kind;
  gboolean           negated;
  char              *text;     /* normalized UTF-8, no quotes */
} TendQueryTerm;

GType               tend_query_get_type              (void) G_GNUC_CONST;
/* Only fails for input that is not valid UTF-8 or longer than
 * TEND_QUERY_MAX_LENGTH bytes (TEND_ERROR_BAD_QUERY). */
#define TEND_QUERY_MAX_LENGTH 4096
TendQuery          *tend_query_parse                 (const char   *text,
                                                      GError      **error);
TendQuery          *tend_query_ref                   (TendQuery    *self);
void                tend_query_unref                 (TendQuery    *self);

/* TRUE when nothing to search for and nothing to filter on. */
gboolean            tend_query_is_empty              (TendQuery    *self);
/* Element type TendQueryTerm. */
GPtrArray          *tend_query_get_terms             (TendQuery    *self);
/* Values of one filter ("status", "priority", "requester", "assignee",
 * "tag", "org"), NULL when absent. */
const char * const *tend_query_get_filter            (TendQuery    *self,
                                                      const char   *name);
/* The FTS5 MATCH expression for the positive terms, with every term quoted
 * so no operator of the agent's text survives; NULL when there are none.
 * Exclusions come back separately because FTS5's NOT needs a left side. */
char               *tend_query_dup_fts_match         (TendQuery    *self);
char               *tend_query_dup_fts_exclude       (TendQuery    *self);
/* The words and phrases to highlight, e.g. for GtkLabel attributes. */
GStrv               tend_query_dup_highlight_terms   (TendQuery    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TendQuery, tend_query_unref)

G_END_DECLS
