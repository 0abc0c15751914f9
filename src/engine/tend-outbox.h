/* tend-outbox.h: the agent's changes on their way to the helpdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"
#include "tend-backend.h"
#include "tend-outbox-item.h"

G_BEGIN_DECLS

#define TEND_TYPE_OUTBOX (tend_outbox_get_type ())
G_DECLARE_FINAL_TYPE (TendOutbox, tend_outbox, TEND, OUTBOX, GObject)

/* Every change the agent makes (a reply, an internal note, a field edit, a
 * macro) goes first into the store's outbox table and onto the local copy,
 * in one transaction: it is in the inbox at once, marked pending
 * (TendTicket:pending, TendComment:pending), whether or not the network is
 * there, and it survives a crash from the moment the call returns.
 *
 * tend_outbox_push() (run by TendSync before every pull) then replays the
 * outbox in order per ticket: a change is marked 'sending' (on disk)
 * before its request, 'sent' after the helpdesk's 2xx, and a 'sending'
 * change found at the next start is looked for on the helpdesk before
 * anything is sent again; so each change reaches the helpdesk exactly
 * once. Each change carries the ticket's updated_at the agent saw; when
 * the ticket changed meanwhile (a customer replied) the change stops in
 * 'conflict', the ticket's new messages are fetched, and it waits for
 * tend_outbox_send_anyway() or tend_outbox_discard(). A change the
 * helpdesk refuses stops in 'failed' until tend_outbox_retry() or
 * discard. Either way the other tickets' changes go on.
 *
 * The change itself (the payload column) is Tend's neutral form, a JSON
 * object with any of:
 *   "comment":     {"body": TEXT, "public": BOOL}
 *   "status":      "open", "pending", "solved", … (tend_ticket_status_to_string)
 *   "priority":    "low" … "urgent", "none"
 *   "type":        "incident" …, or null to clear
 *   "assignee_id": ID, or 0 for nobody
 *   "group_id":    ID, or 0 for none
 *   "add_tags", "remove_tags": [TEXT, …]
 *   "macro_id":    the macro it came from (informational)
 *   "before":      what the fields were before (kept by the store, so that
 *                  "discard" can put them back)
 * Backends translate it to their wire format (tend-backend.h push_change).
 *
 * TendOutbox is a GListModel of the TendOutboxItem not yet sent, oldest
 * first, kept current from TendStore::changed (coalesced in an idle). Use
 * it from the thread that opened the store; tend_outbox_push() alone may
 * run in any thread. Signal "queued" (gint64 item id) says an item became
 * due through this object (enqueued, retried, sent anyway): TendSync pushes
 * then, when it is online. */

/* One change. Fields left at their "unchanged" value are not sent. */
typedef struct
{
  const char         *comment;          /* NULL or empty: no comment */
  gboolean            comment_public;   /* a public reply, or an internal note */
  int                 status;           /* a TendTicketStatus, or -1 */
  int                 priority;         /* a TendTicketPriority, or -1 */
  const char         *ticket_type;      /* NULL: unchanged; "": cleared */
  gint64              assignee_id;      /* -1: unchanged; 0: nobody */
  gint64              group_id;         /* -1: unchanged; 0: none */
  const char * const *add_tags;         /* NULL or empty: none */
  const char * const *remove_tags;
  gint64              macro_id;         /* 0 unless from a macro */
} TendOutboxEdit;

void                tend_outbox_edit_init            (TendOutboxEdit  *edit);

/* What one push did, for progress reports, tests and `tendctl bench outbox`. */
typedef struct
{
  guint   sent;          /* confirmed by the helpdesk (reconciled ones too) */
  guint   reconciled;    /* of which found on the helpdesk after an interruption */
  guint   requeued;      /* 'sending' ones found not to have arrived */
  guint   conflicts;
  guint   failed;
  guint   deferred;      /* waiting for their backoff, or behind a stopped change */
  gint64  backend_us;    /* time spent in the backend (network and server) */
  gint64  total_us;
} TendOutboxPushStats;

TendOutbox         *tend_outbox_new                  (TendStore           *store);
TendStore          *tend_outbox_get_store            (TendOutbox          *self);

/* Queue a change of @ticket_id (which must be in the store) and apply it
 * to the local copy. Returns the item's id, or 0 with TEND_ERROR_INVALID
 * (nothing to do, a bad value), TEND_ERROR_NOT_FOUND (no such ticket) or
 * TEND_ERROR_STORAGE (the disk is full or read-only: nothing was changed,
 * and the ticket's draft is still there). A reply or note also deletes the
 * draft of its mode, in the same transaction. */
gint64              tend_outbox_enqueue              (TendOutbox          *self,
                                                      gint64               ticket_id,
                                                      const TendOutboxEdit *edit,
                                                      GError             **error);
/* The same @edit for each of @n_tickets tickets, in one transaction: all
 * or none (errors as for tend_outbox_enqueue(); a comment is allowed but
 * bulk actions have none). Returns the items' ids (gint64) in the order
 * of @ticket_ids, and emits "queued" once. Callers with tens of thousands
 * of tickets call it in chunks, so no transaction holds the writer long. */
GArray             *tend_outbox_enqueue_many         (TendOutbox          *self,
                                                      const gint64        *ticket_ids,
                                                      guint                n_tickets,
                                                      const TendOutboxEdit *edit,
                                                      GError             **error);
/* A public reply (@is_public) or internal note, optionally submitting the
 * ticket with @status (-1 to leave it). */
gint64              tend_outbox_reply                (TendOutbox          *self,
                                                      gint64               ticket_id,
                                                      const char          *body,
                                                      gboolean             is_public,
                                                      int                  status,
                                                      GError             **error);
/* Applies @macro's neutral actions (tend-macro.h), resolved locally: "me"
 * becomes the agent's id. Actions Tend has no neutral name for are not
 * applied (they are listed in the item's payload under "skipped"). */
gint64              tend_outbox_apply_macro          (TendOutbox          *self,
                                                      gint64               ticket_id,
                                                      TendMacro           *macro,
                                                      GError             **error);

/* NULL with TEND_ERROR_NOT_FOUND when there is no such item. */
TendOutboxItem     *tend_outbox_get_item             (TendOutbox          *self,
                                                      gint64               id,
                                                      GError             **error);
/* A failed (or waiting) item is tried again at the next push. */
gboolean            tend_outbox_retry                (TendOutbox          *self,
                                                      gint64               id,
                                                      GError             **error);
/* An item in conflict is based on the ticket as the store has it now
 * (the agent has seen what changed) and queued again; so are the later
 * items of the same ticket that were based on the same old state. */
gboolean            tend_outbox_send_anyway          (TendOutbox          *self,
                                                      gint64               id,
                                                      GError             **error);
/* Removes a queued, failed or conflicting item and undoes its local
 * changes; its text goes back to the ticket's draft. An item being sent
 * or sent cannot be discarded (TEND_ERROR_INVALID). */
gboolean            tend_outbox_discard              (TendOutbox          *self,
                                                      gint64               id,
                                                      GError             **error);

/* tend_outbox_discard() for each of @ids, last first, in one
 * transaction. Items gone or already sending/sent are left alone and
 * counted in @n_kept; FALSE (nothing changed) only on a storage error. */
gboolean            tend_outbox_discard_many         (TendOutbox          *self,
                                                      const gint64        *ids,
                                                      guint                n_ids,
                                                      guint               *n_discarded,
                                                      guint               *n_kept,
                                                      GError             **error);

/* Unsent items. */
guint               tend_outbox_get_n_pending        (TendOutbox          *self);
/* Of those, the ones refused or in conflict, which wait for the agent. */
guint               tend_outbox_get_n_attention      (TendOutbox          *self);
/* Read now from the store, oldest first: the unsent items, or with
 * @with_sent also those sent in the last week. Element type
 * TendOutboxItem; NULL on a read error. */
GPtrArray          *tend_outbox_list_items           (TendOutbox          *self,
                                                      gboolean             with_sent,
                                                      GError             **error);

/* The first retry waits this long (default 5 s, or TEND_OUTBOX_BASE_DELAY_MS),
 * doubling up to 15 minutes; after @max attempts (default 8) the item fails. */
void                tend_outbox_set_base_delay_ms    (TendOutbox          *self,
                                                      guint                ms);
void                tend_outbox_set_max_attempts     (TendOutbox          *self,
                                                      guint                max_attempts);

/* Sends what is due, blocking (any thread; TendSync calls it from its
 * worker). FALSE with an error only for what stops every change (the
 * network, credentials, the rate limit, the disk); what happens to single
 * changes is in their items and in @stats (may be NULL). */
gboolean            tend_outbox_push                 (TendOutbox          *self,
                                                      TendBackend         *backend,
                                                      TendOutboxPushStats *stats,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
void                tend_outbox_push_async           (TendOutbox          *self,
                                                      TendBackend         *backend,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            tend_outbox_push_finish          (TendOutbox          *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
