/* tend-changeset.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"

G_BEGIN_DECLS

/* What one write to the store carries: rows to insert or replace, tickets to
 * delete, and sync cursors and meta values committed in the same
 * transaction, so that a page of sync and its cursor land together or not
 * at all. A plain struct: fill the arrays directly or through the helpers. */
struct _TendChangeset
{
  GPtrArray  *tickets;            /* TendTicket */
  GPtrArray  *comments;           /* TendComment, attachments inside */
  GPtrArray  *users;              /* TendUser */
  GPtrArray  *organizations;      /* TendOrganization */
  GPtrArray  *articles;           /* TendArticle */
  GPtrArray  *macros;             /* TendMacro */
  GArray     *deleted_ticket_ids; /* gint64 */
  GHashTable *cursors;            /* stream name → cursor text */
  GHashTable *meta;               /* key → value text (e.g. "me" → agent id) */
};

#define TEND_TYPE_CHANGESET (tend_changeset_get_type ())

GType               tend_changeset_get_type        (void) G_GNUC_CONST;
TendChangeset      *tend_changeset_new             (void);
void                tend_changeset_free            (TendChangeset *self);
gboolean            tend_changeset_is_empty        (TendChangeset *self);
/* Number of rows of every kind, for progress reports. */
guint               tend_changeset_get_n_rows      (TendChangeset *self);
void                tend_changeset_clear           (TendChangeset *self);

void                tend_changeset_add_ticket      (TendChangeset    *self,
                                                    TendTicket       *ticket);
void                tend_changeset_add_comment     (TendChangeset    *self,
                                                    TendComment      *comment);
void                tend_changeset_add_user        (TendChangeset    *self,
                                                    TendUser         *user);
void                tend_changeset_add_organization (TendChangeset   *self,
                                                    TendOrganization *organization);
void                tend_changeset_add_article     (TendChangeset    *self,
                                                    TendArticle      *article);
void                tend_changeset_add_macro       (TendChangeset    *self,
                                                    TendMacro        *macro);
void                tend_changeset_delete_ticket   (TendChangeset    *self,
                                                    gint64            ticket_id);
void                tend_changeset_set_cursor      (TendChangeset    *self,
                                                    const char       *stream,
                                                    const char       *cursor);
void                tend_changeset_set_meta        (TendChangeset    *self,
                                                    const char       *key,
                                                    const char       *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TendChangeset, tend_changeset_free)

G_END_DECLS
