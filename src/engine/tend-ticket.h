/* tend-ticket.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_TICKET (tend_ticket_get_type ())
G_DECLARE_FINAL_TYPE (TendTicket, tend_ticket, TEND, TICKET, GObject)

/* Times are Unix seconds (UTC); ids are the helpdesk's, 0 meaning none.
 * Every field below is also a GObject property of the same name (with
 * dashes), so list items can be bound from .ui files. */
TendTicket         *tend_ticket_new                     (gint64              id);

gint64              tend_ticket_get_id                  (TendTicket         *self);
void                tend_ticket_set_id                  (TendTicket         *self,
                                                         gint64              id);
const char         *tend_ticket_get_subject             (TendTicket         *self);
void                tend_ticket_set_subject             (TendTicket         *self,
                                                         const char         *subject);
/* The first message as plain text. */
const char         *tend_ticket_get_description         (TendTicket         *self);
void                tend_ticket_set_description         (TendTicket         *self,
                                                         const char         *description);
TendTicketStatus    tend_ticket_get_status              (TendTicket         *self);
void                tend_ticket_set_status              (TendTicket         *self,
                                                         TendTicketStatus    status);
TendTicketPriority  tend_ticket_get_priority            (TendTicket         *self);
void                tend_ticket_set_priority            (TendTicket         *self,
                                                         TendTicketPriority  priority);
/* "question", "incident", "problem", "task" or NULL */
const char         *tend_ticket_get_ticket_type         (TendTicket         *self);
void                tend_ticket_set_ticket_type         (TendTicket         *self,
                                                         const char         *ticket_type);
gint64              tend_ticket_get_requester_id        (TendTicket         *self);
void                tend_ticket_set_requester_id        (TendTicket         *self,
                                                         gint64              requester_id);
gint64              tend_ticket_get_submitter_id        (TendTicket         *self);
void                tend_ticket_set_submitter_id        (TendTicket         *self,
                                                         gint64              submitter_id);
gint64              tend_ticket_get_assignee_id         (TendTicket         *self);
void                tend_ticket_set_assignee_id         (TendTicket         *self,
                                                         gint64              assignee_id);
gint64              tend_ticket_get_group_id            (TendTicket         *self);
void                tend_ticket_set_group_id            (TendTicket         *self,
                                                         gint64              group_id);
gint64              tend_ticket_get_organization_id     (TendTicket         *self);
void                tend_ticket_set_organization_id     (TendTicket         *self,
                                                         gint64              organization_id);
/* NULL-terminated, never NULL (an empty array when there are none). */
const char * const *tend_ticket_get_tags                (TendTicket         *self);
void                tend_ticket_set_tags                (TendTicket         *self,
                                                         const char * const *tags);
gboolean            tend_ticket_has_tag                 (TendTicket         *self,
                                                         const char         *tag);
gint64              tend_ticket_get_created_at          (TendTicket         *self);
void                tend_ticket_set_created_at          (TendTicket         *self,
                                                         gint64              created_at);
gint64              tend_ticket_get_updated_at          (TendTicket         *self);
void                tend_ticket_set_updated_at          (TendTicket         *self,
                                                         gint64              updated_at);
/* "good", "bad", "offered", "unoffered" or NULL */
const char         *tend_ticket_get_satisfaction        (TendTicket         *self);
void                tend_ticket_set_satisfaction        (TendTicket         *self,
                                                         const char         *satisfaction);
const char         *tend_ticket_get_satisfaction_comment (TendTicket        *self);
void                tend_ticket_set_satisfaction_comment (TendTicket        *self,
                                                          const char        *comment);
/* Fields Tend does not model (custom fields and the like), kept verbatim as
 * a JSON object text so that nothing the helpdesk sends is dropped. */
const char         *tend_ticket_get_extra_json          (TendTicket         *self);
void                tend_ticket_set_extra_json          (TendTicket         *self,
                                                         const char         *extra_json);

/* Derived by the store from the conversation (read-only for backends): */
/* the last message's first line(s), plain text */
const char         *tend_ticket_get_last_message        (TendTicket         *self);
void                tend_ticket_set_last_message        (TendTicket         *self,
                                                         const char         *last_message);
gint64              tend_ticket_get_last_message_at     (TendTicket         *self);
void                tend_ticket_set_last_message_at     (TendTicket         *self,
                                                         gint64              last_message_at);
/* When the customer spoke last and no agent has answered since: the time of
 * that customer message; otherwise 0. */
gint64              tend_ticket_get_waiting_since       (TendTicket         *self);
void                tend_ticket_set_waiting_since       (TendTicket         *self,
                                                         gint64              waiting_since);
guint               tend_ticket_get_comment_count       (TendTicket         *self);
void                tend_ticket_set_comment_count       (TendTicket         *self,
                                                         guint               comment_count);
/* Joined by the store for display; not part of the ticket row. */
const char         *tend_ticket_get_requester_name      (TendTicket         *self);
void                tend_ticket_set_requester_name      (TendTicket         *self,
                                                         const char         *requester_name);
const char         *tend_ticket_get_requester_email     (TendTicket         *self);
void                tend_ticket_set_requester_email     (TendTicket         *self,
                                                         const char         *requester_email);
/* Local state kept by the store: */
gboolean            tend_ticket_get_unread              (TendTicket         *self);
void                tend_ticket_set_unread              (TendTicket         *self,
                                                         gboolean            unread);
/* The agent changed or answered the ticket and the change is still in
 * the outbox (queued, being sent, refused or in conflict). */
gboolean            tend_ticket_get_pending             (TendTicket         *self);
void                tend_ticket_set_pending             (TendTicket         *self,
                                                         gboolean            pending);
/* One of those changes was refused or conflicts with a newer change on
 * the helpdesk: it waits in the outbox for the agent to decide. */
gboolean            tend_ticket_get_needs_attention     (TendTicket         *self);
void                tend_ticket_set_needs_attention     (TendTicket         *self,
                                                         gboolean            needs_attention);
/* Set on search results: matched text with the matched words between
 * U+E000 and U+E001 (private-use marks, never in server data after
 * sanitizing), so a view can highlight them without trusting markup. */
const char         *tend_ticket_get_search_snippet      (TendTicket         *self);
void                tend_ticket_set_search_snippet      (TendTicket         *self,
                                                         const char         *search_snippet);

G_END_DECLS
