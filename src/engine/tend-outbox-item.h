/* tend-outbox-item.h: one change in the outbox, as the agent sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "tend-types.h"

G_BEGIN_DECLS

/* Where a change is on its way to the helpdesk. Stored as its nick
 * ("queued", …), so never renumber, only append. */
typedef enum
{
  TEND_OUTBOX_STATE_QUEUED,    /* waiting for the network (or its backoff) */
  TEND_OUTBOX_STATE_SENDING,   /* the request may be on the wire */
  TEND_OUTBOX_STATE_SENT,      /* the helpdesk confirmed it */
  TEND_OUTBOX_STATE_FAILED,    /* refused; waits for "retry" or "discard" */
  TEND_OUTBOX_STATE_CONFLICT,  /* the ticket changed meanwhile; waits for
                                * "send anyway" or "discard" */
} TendOutboxState;

#define TEND_TYPE_OUTBOX_STATE (tend_outbox_state_get_type ())
GType               tend_outbox_state_get_type       (void) G_GNUC_CONST;
const char         *tend_outbox_state_to_string      (TendOutboxState  state);
gboolean            tend_outbox_state_from_string    (const char      *str,
                                                      TendOutboxState *state);
/* "Queued", "Sending…", …, for the agent. */
const char         *tend_outbox_state_get_label      (TendOutboxState  state);

#define TEND_TYPE_OUTBOX_ITEM (tend_outbox_item_get_type ())
G_DECLARE_FINAL_TYPE (TendOutboxItem, tend_outbox_item, TEND, OUTBOX_ITEM, GObject)

/* A row of the outbox table. The payload is Tend's own neutral form of the
 * change (documented in tend-outbox.h), never a helpdesk's wire format.
 * Each field is also a read-only property; "summary", "body" and
 * "comment-public" are read from the payload. Times are Unix seconds. */
TendOutboxItem     *tend_outbox_item_new             (gint64           id);

gint64              tend_outbox_item_get_id          (TendOutboxItem  *self);
/* "reply", "note", "fields" or "macro" */
const char         *tend_outbox_item_get_kind        (TendOutboxItem  *self);
void                tend_outbox_item_set_kind        (TendOutboxItem  *self,
                                                      const char      *kind);
gint64              tend_outbox_item_get_ticket_id   (TendOutboxItem  *self);
void                tend_outbox_item_set_ticket_id   (TendOutboxItem  *self,
                                                      gint64           ticket_id);
const char         *tend_outbox_item_get_payload     (TendOutboxItem  *self);
void                tend_outbox_item_set_payload     (TendOutboxItem  *self,
                                                      const char      *payload);
/* The ticket's updated_at the change was based on (the conflict guard). */
gint64              tend_outbox_item_get_seen_updated_at (TendOutboxItem *self);
void                tend_outbox_item_set_seen_updated_at (TendOutboxItem *self,
                                                          gint64          seen_updated_at);
TendOutboxState     tend_outbox_item_get_state       (TendOutboxItem  *self);
void                tend_outbox_item_set_state       (TendOutboxItem  *self,
                                                      TendOutboxState  state);
guint               tend_outbox_item_get_attempts    (TendOutboxItem  *self);
void                tend_outbox_item_set_attempts    (TendOutboxItem  *self,
                                                      guint            attempts);
/* Why the last attempt did not go through; NULL after a success. */
const char         *tend_outbox_item_get_last_error  (TendOutboxItem  *self);
void                tend_outbox_item_set_last_error  (TendOutboxItem  *self,
                                                      const char      *last_error);
gint64              tend_outbox_item_get_created_at  (TendOutboxItem  *self);
void                tend_outbox_item_set_created_at  (TendOutboxItem  *self,
                                                      gint64           created_at);
gint64              tend_outbox_item_get_updated_at  (TendOutboxItem  *self);
void                tend_outbox_item_set_updated_at  (TendOutboxItem  *self,
                                                      gint64           updated_at);
/* Wall-clock milliseconds before which it is not tried again; 0: at once. */
gint64              tend_outbox_item_get_retry_at_ms (TendOutboxItem  *self);
void                tend_outbox_item_set_retry_at_ms (TendOutboxItem  *self,
                                                      gint64           retry_at_ms);
/* The helpdesk's id of the comment it created, once sent; 0 otherwise. */
gint64              tend_outbox_item_get_remote_id   (TendOutboxItem  *self);
void                tend_outbox_item_set_remote_id   (TendOutboxItem  *self,
                                                      gint64           remote_id);

/* From the payload: the comment's text (NULL for a change without one),
 * whether it is public, and a one-line description for lists
 * ("Reply: Thanks for… · Status: Solved"). */
const char         *tend_outbox_item_get_body        (TendOutboxItem  *self);
gboolean            tend_outbox_item_get_comment_public (TendOutboxItem *self);
char               *tend_outbox_item_dup_summary     (TendOutboxItem  *self);

/* Copies every field of @from (same id) into @self, notifying what
 * changed: list models keep their items' identity across reloads. */
void                tend_outbox_item_update_from     (TendOutboxItem  *self,
                                                      TendOutboxItem  *from);

G_END_DECLS
