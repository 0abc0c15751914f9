/* tend-store-insights.h: similar tickets and knowledge suggestions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-similar-ticket.h"
#include "tend-store.h"

G_BEGIN_DECLS

/* What the side panel computes from the store (issue 7), all offline.
 *
 * Threads: unlike the store's other reads, these run on a read connection
 * of their own (opened on first use, closed with the store), so they may
 * be called from any thread, and the _async variants run them in a worker
 * thread without holding up the owner thread's reads. Each call sees one
 * consistent snapshot of the database.
 *
 * How "similar" is decided: the ticket's subject and its latest public
 * message from the customer (the description when there is none) are cut
 * into words; stopwords of the common helpdesk languages, greetings, mail
 * prefixes, the customer's and the assignee's names, years and numbers
 * other than three- or four-digit codes are left out; each remaining word
 * is weighted by its rarity in the searched index (BM25's inverse document
 * frequency, from an fts5vocab table), subject words counting double. The
 * best words are OR-ed into one full-text query, ranked by BM25 with those
 * weights (subject ten times, description four times the rest of the
 * conversation). So that it stays fast on a large store, the OR-ed words
 * are taken best first while the tickets containing them add up to at
 * most TEND_STORE_SIMILAR_POSTINGS_BUDGET; the subject's best words left
 * out for being common come back as one clause that needs them all
 * ("Refund for order" → refund AND order), and then only the newest few
 * thousand matches are ranked. */

#define TEND_STORE_SIMILAR_MAX_TERMS 8
#define TEND_STORE_SIMILAR_POSTINGS_BUDGET 5000

/* Up to @limit (5 when 0) solved or closed tickets most similar to the
 * ticket @ticket_id, best first, never the ticket itself; element type
 * TendSimilarTicket, each with its resolution (the last public agent
 * reply). An empty array when nothing is similar; TEND_ERROR_NOT_FOUND
 * when there is no such ticket. */
GPtrArray          *tend_store_similar_tickets           (TendStore           *self,
                                                          gint64               ticket_id,
                                                          guint                limit,
                                                          GError             **error);
void                tend_store_similar_tickets_async     (TendStore           *self,
                                                          gint64               ticket_id,
                                                          guint                limit,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray          *tend_store_similar_tickets_finish    (TendStore           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Up to @limit (5 when 0) knowledge-base articles for the ticket, most
 * relevant first (element type TendArticle): its distinctive words, as
 * above but weighted by rarity among the articles, OR-ed over the article
 * index ranked by bm25 with titles counting five times the body. */
GPtrArray          *tend_store_suggest_articles          (TendStore           *self,
                                                          gint64               ticket_id,
                                                          guint                limit,
                                                          GError             **error);
void                tend_store_suggest_articles_async    (TendStore           *self,
                                                          gint64               ticket_id,
                                                          guint                limit,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray          *tend_store_suggest_articles_finish   (TendStore           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* The words tend_store_similar_tickets() searches for (for `tendctl
 * similar --verbose` and tests), most distinctive first. */
GStrv               tend_store_dup_similar_terms         (TendStore           *self,
                                                          gint64               ticket_id,
                                                          GError             **error);

/* Knowledge search as the agent types: @text in Tend's query syntax,
 * where the last word also matches as a prefix unless a space follows it
 * ("pass" finds "password"). Best match first; all articles in title
 * order for blank text. Owner thread, like tend_store_search_articles(). */
GPtrArray          *tend_store_search_articles_as_you_type (TendStore         *self,
                                                            const char        *text,
                                                            guint              limit,
                                                            GError           **error);
/* The query text search-as-you-type runs: @text with "*" after its last
 * word when that word may still be growing. */
char               *tend_store_dup_as_you_type_query     (const char          *text);

G_END_DECLS
