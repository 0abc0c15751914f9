/* tend-zendesk-json.h: Zendesk's wire format to and from Tend's models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "tend-types.h"

G_BEGIN_DECLS

/* The only place that knows Zendesk's field names. The Zendesk backend
 * reads server answers with the _from_json functions; the demo helpdesk,
 * which imitates Zendesk, writes its answers with the _to_json ones, so
 * both sides of every test speak through the same mapping.
 *
 * Server data is untrusted: _from_json never crashes on a wrong type, a
 * missing field or a huge value. A missing or non-positive "id" is an
 * error (TEND_ERROR_BAD_RESPONSE, naming the object and field); other
 * fields of the wrong type are treated as absent. Fields Tend does not
 * model are kept in the model's extra JSON. */

gboolean          tend_zendesk_parse_time            (const char  *iso8601,
                                                      gint64      *unix_time);
/* "2024-05-01T10:00:00Z" */
char             *tend_zendesk_format_time           (gint64       unix_time);

TendTicket       *tend_zendesk_ticket_from_json      (JsonObject  *object,
                                                      GError     **error);
JsonNode         *tend_zendesk_ticket_to_json        (TendTicket  *ticket);
/* ticket_id: the ticket the comment list belongs to (comments in
 * /tickets/{id}/comments carry no ticket id of their own). */
TendComment      *tend_zendesk_comment_from_json     (JsonObject  *object,
                                                      gint64       ticket_id,
                                                      GError     **error);
JsonNode         *tend_zendesk_comment_to_json       (TendComment *comment);
TendUser         *tend_zendesk_user_from_json        (JsonObject  *object,
                                                      GError     **error);
JsonNode         *tend_zendesk_user_to_json          (TendUser    *user);
TendOrganization *tend_zendesk_organization_from_json (JsonObject *object,
                                                      GError     **error);
JsonNode         *tend_zendesk_organization_to_json  (TendOrganization *organization);
TendArticle      *tend_zendesk_article_from_json     (JsonObject  *object,
                                                      GError     **error);
JsonNode         *tend_zendesk_article_to_json       (TendArticle *article);
/* Zendesk macro actions ({"field":"status","value":"solved"},
 * {"field":"comment_value","value":"…"}, {"field":"current_tags",…}) map to
 * Tend's neutral actions (tend-macro.h) and back. */
TendMacro        *tend_zendesk_macro_from_json       (JsonObject  *object,
                                                      GError     **error);
JsonNode         *tend_zendesk_macro_to_json         (TendMacro   *macro);

/* Outbox changes (tend-outbox.h's neutral form) as the body of
 * PUT /api/v2/tickets/{id}: {"ticket": {"comment": {"body", "public"},
 * "status", …, "additional_tags", "remove_tags", "safe_update": true,
 * "updated_stamp": …}}. With @seen_updated_at 0 the update is unguarded.
 * TEND_ERROR_INVALID for a change with nothing Zendesk can apply. */
JsonNode         *tend_zendesk_update_to_json        (JsonObject  *change,
                                                      gint64       seen_updated_at,
                                                      GError     **error);
/* The comment an update created, from the "audit" of Zendesk's answer (its
 * "Comment" event, dated by the audit); NULL without error when the audit
 * has none. */
TendComment      *tend_zendesk_audit_comment_from_json (JsonObject *audit,
                                                        gint64      ticket_id,
                                                        GError    **error);

G_END_DECLS
