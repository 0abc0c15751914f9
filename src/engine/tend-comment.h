/* tend-comment.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_COMMENT (tend_comment_get_type ())
G_DECLARE_FINAL_TYPE (TendComment, tend_comment, TEND, COMMENT, GObject)

/* A message in a ticket's conversation: a public reply from the customer or
 * an agent, or an internal note (public = FALSE). Each field is also a
 * property. */
TendComment        *tend_comment_new                (gint64        id);

gint64              tend_comment_get_id             (TendComment  *self);
void                tend_comment_set_id             (TendComment  *self,
                                                     gint64        id);
gint64              tend_comment_get_ticket_id      (TendComment  *self);
void                tend_comment_set_ticket_id      (TendComment  *self,
                                                     gint64        ticket_id);
gint64              tend_comment_get_author_id      (TendComment  *self);
void                tend_comment_set_author_id      (TendComment  *self,
                                                     gint64        author_id);
/* Plain text. */
const char         *tend_comment_get_body           (TendComment  *self);
void                tend_comment_set_body           (TendComment  *self,
                                                     const char   *body);
/* As the helpdesk sent it; untrusted, never shown as markup. May be NULL. */
const char         *tend_comment_get_html_body      (TendComment  *self);
void                tend_comment_set_html_body      (TendComment  *self,
                                                     const char   *html_body);
gboolean            tend_comment_get_public         (TendComment  *self);
void                tend_comment_set_public         (TendComment  *self,
                                                     gboolean      is_public);
gint64              tend_comment_get_created_at     (TendComment  *self);
void                tend_comment_set_created_at     (TendComment  *self,
                                                     gint64        created_at);
/* Role of the author when the comment was stored (joined from users);
 * tells customer messages from agent ones. */
TendUserRole        tend_comment_get_author_role    (TendComment  *self);
void                tend_comment_set_author_role    (TendComment  *self,
                                                     TendUserRole  role);
/* Joined by the store for display. */
const char         *tend_comment_get_author_name    (TendComment  *self);
void                tend_comment_set_author_name    (TendComment  *self,
                                                     const char   *author_name);
/* Element type TendAttachment; never NULL. */
GPtrArray          *tend_comment_get_attachments    (TendComment  *self);
void                tend_comment_add_attachment     (TendComment  *self,
                                                     TendAttachment *attachment);
const char         *tend_comment_get_extra_json     (TendComment  *self);
void                tend_comment_set_extra_json     (TendComment  *self,
                                                     const char   *extra_json);
/* Set by the store on the local copy of a reply or note the agent wrote
 * that is still in the outbox (not yet confirmed by the helpdesk); such a
 * copy has a negative id, minus its outbox row's id. */
gboolean            tend_comment_get_pending        (TendComment  *self);
void                tend_comment_set_pending        (TendComment  *self,
                                                     gboolean      pending);

G_END_DECLS
