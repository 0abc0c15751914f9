/* tend-generator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"
#include "tend-changeset.h"

G_BEGIN_DECLS

/* Realistic, deterministic helpdesk data: the same seed, ticket count and
 * anchor time always give the same rows, on any machine. Used by
 * `tendctl generate`, the demo helpdesk, tests and benchmarks. */

#define TEND_TYPE_GENERATOR (tend_generator_get_type ())

GType               tend_generator_get_type          (void) G_GNUC_CONST;
/* now: the anchor all times are placed before (Unix seconds). */
TendGenerator      *tend_generator_new               (guint64        seed,
                                                      guint          n_tickets,
                                                      gint64         now);
void                tend_generator_free              (TendGenerator *self);
/* Adds the next batch: on the first call, the agents (one of whom is
 * "me", recorded as meta "me"), organizations, customers, articles and
 * macros; then up to max_tickets tickets with their comments. Returns
 * FALSE once every ticket has been produced (nothing was added). */
gboolean            tend_generator_next              (TendGenerator *self,
                                                      TendChangeset *changes,
                                                      guint          max_tickets);
/* Average number of messages per ticket (default 5), for benchmarks; call
 * before the first tend_generator_next(). */
void                tend_generator_set_average_comments (TendGenerator *self,
                                                         double         average);
gint64              tend_generator_get_me_id         (TendGenerator *self);
/* The @index'th group the generated tickets belong to; FALSE past the
 * last. The demo helpdesk lists the same ones. */
gboolean            tend_generator_get_group         (guint          index,
                                                      gint64        *id,
                                                      const char   **name);
guint               tend_generator_get_n_tickets     (TendGenerator *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TendGenerator, tend_generator_free)

G_END_DECLS
