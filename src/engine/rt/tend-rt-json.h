/* tend-rt-json.h: Request Tracker's REST2 wire format to and from Tend's models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "tend-types.h"

G_BEGIN_DECLS

/* The only place that knows Request Tracker's field names (RT 5 REST2).
 *
 * Server data is untrusted: the _from_json functions never crash on a
 * wrong type, a missing field or a huge value. A missing or non-positive
 * "id" is an error (TEND_ERROR_BAD_RESPONSE); other fields of the wrong
 * type count as absent. RT writes ids as strings in collections and as
 * numbers in single records, and numbers such as Priority as strings:
 * both are read. Fields Tend does not model are kept in the extra JSON
 * (RT's own status name among them). */

/* "2026-11-23T02:36:16Z" → Unix seconds. RT's "unset" date
 * (1970-01-01T00:00:00Z) reads as 0. */
gboolean            tend_rt_parse_time              (const char        *iso8601,
                                                     gint64            *unix_time);
/* A time for TicketSQL: "YYYY-MM-DD HH:MM:SS", no zone and no "Z" (RT
 * misreads a trailing Z and matches everything). RT reads such a time in
 * the agent's (or the server's) time zone, so @offset_seconds is that
 * zone's offset from UTC (0 for a UTC server). */
char               *tend_rt_format_query_time       (gint64             unix_time,
                                                     int                offset_seconds);
/* A text for a TicketSQL string literal: quotes and backslashes escaped. */
char               *tend_rt_quote                   (const char        *value);

/* An id member: a number, or a string of digits. */
gboolean            tend_rt_get_id                  (JsonObject        *object,
                                                     const char        *member,
                                                     gint64            *id);

/* RT's statuses (default lifecycle: new, open, stalled, resolved,
 * rejected, deleted; other lifecycles' names by likeness) and back. The
 * way back prefers @original (the RT status the ticket has) when it maps
 * to the same Tend status, so a round trip keeps a custom status. */
TendTicketStatus    tend_rt_status_from_string      (const char        *status);
const char         *tend_rt_status_to_string        (TendTicketStatus   status,
                                                     const char        *original);
/* RT's numeric priority (0–100 by default: Low 0, Medium 50, High 100). */
TendTicketPriority  tend_rt_priority_from_number    (gint64             priority);
gint64              tend_rt_priority_to_number      (TendTicketPriority priority);

/* RT keeps a user's organization as free text; Tend needs an id. The same
 * name (ignoring case, accents' composition and surrounding blanks) always
 * gives the same positive id; 0 for none. */
gint64              tend_rt_organization_id         (const char        *name);

/* A ticket from a tickets collection item asked with
 * fields=Subject,Status,Priority,Owner,Queue,Requestor,Creator,Created,
 * LastUpdated,… and fields[Owner|Requestor|Creator]=id,… (the backend's
 * request). Owner "Nobody" is no assignee; the first requestor is the
 * requester and gives the ticket's organization. */
TendTicket         *tend_rt_ticket_from_json        (JsonObject        *object,
                                                     GError           **error);
/* A user record (GET /user/:id): Privileged decides agent or customer. */
TendUser           *tend_rt_user_from_json          (JsonObject        *object,
                                                     GError           **error);
/* The organization a user record names, or NULL. */
TendOrganization   *tend_rt_organization_from_user_json (JsonObject    *object);

/* A conversation message from a transaction (Create and Correspond are
 * public, Comment is internal; any other type is refused with
 * TEND_ERROR_INVALID). Its text comes later from the attachments. */
TendComment        *tend_rt_comment_from_json       (JsonObject        *transaction,
                                                     gint64             ticket_id,
                                                     GError           **error);
/* Which transaction an attachment belongs to (0 when unknown). */
gint64              tend_rt_attachment_get_transaction_id (JsonObject  *attachment);
/* Whether an attachment is a message body (a text part without a file
 * name) rather than a file, and whether it is HTML. */
gboolean            tend_rt_attachment_is_body      (JsonObject        *attachment,
                                                     gboolean          *is_html);
/* A file attached to a message: metadata only; @rest_url is the REST2
 * root ("https://rt.example.com/REST/2.0") for the content address. */
TendAttachment     *tend_rt_attachment_from_json    (JsonObject        *attachment,
                                                     gint64             ticket_id,
                                                     const char        *rest_url,
                                                     GError           **error);

/* An article (fields=Name,Summary,Class,CustomFields,…): the title is its
 * name, the body its summary (first paragraph) and Content custom field
 * (RT's plain text turned into HTML), the label its class. @web_url is
 * RT's web root, for the article's address. */
TendArticle        *tend_rt_article_from_json       (JsonObject        *object,
                                                     const char        *web_url,
                                                     GError           **error);

/* The outbox's neutral change (tend-outbox.h) as RT's requests: the
 * fields for PUT /ticket/:id (Status, Priority, Owner, Queue; NULL when
 * the change sets none), and the message for …/correspond (public) or
 * …/comment (NULL when it has none). @original_status is the ticket's RT
 * status, kept when it means what the agent chose. Tags and ticket types,
 * which RT does not have, are refused (TEND_ERROR_INVALID), as is a change
 * without a queue for the ticket. */
JsonNode           *tend_rt_update_to_json          (JsonObject        *change,
                                                     const char        *original_status,
                                                     GError           **error);
JsonNode           *tend_rt_message_to_json         (JsonObject        *change,
                                                     gboolean          *is_public,
                                                     GError           **error);
/* The transaction a correspond or comment created, from the answer's
 * Location ("/REST/2.0/transaction/49"); 0 when there is none. */
gint64              tend_rt_transaction_id_from_location (const char   *location);

/* RT answers updates with a list of messages and 200/201 even when a part
 * failed ("Correspondence added", "You can't change status from 'open' to
 * 'open'."). TRUE when every message reads as a success; otherwise a
 * TEND_ERROR_FAILED naming the failed parts. @what says what was sent. */
gboolean            tend_rt_check_messages          (JsonNode          *answer,
                                                     const char        *what,
                                                     GError           **error);

G_END_DECLS
