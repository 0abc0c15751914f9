/* tend-drafts.h: what the agent is typing, kept as they type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"

G_BEGIN_DECLS

/* A reply and an internal note may be under way on the same ticket. */
typedef enum
{
  TEND_DRAFT_MODE_REPLY,
  TEND_DRAFT_MODE_NOTE,
} TendDraftMode;

#define TEND_TYPE_DRAFT_MODE (tend_draft_mode_get_type ())
GType               tend_draft_mode_get_type         (void) G_GNUC_CONST;
/* "reply" or "note", as stored */
const char         *tend_draft_mode_to_string        (TendDraftMode  mode);

#define TEND_TYPE_DRAFTS (tend_drafts_get_type ())
G_DECLARE_FINAL_TYPE (TendDrafts, tend_drafts, TEND, DRAFTS, GObject)

/* Drafts live in the account's store, one per ticket and mode, each save
 * committed on its own: they survive a crash and a restart. Sending a
 * reply or note through TendOutbox deletes its draft in the same
 * transaction that queues it; discarding a queued reply brings the text
 * back as the draft. The composer calls tend_drafts_delete() once the
 * send succeeded, so that a text still waiting here is not saved again
 * after it.
 *
 * The composer calls tend_drafts_save_later() on every change; the text is
 * written once typing pauses (the "delay", 500 ms by default) and at least
 * every two seconds while it goes on, in a worker thread so that a long
 * sync write never stalls typing. tend_drafts_flush() writes what is
 * waiting at once (switching tickets, closing the window).
 *
 * Property "last-error": why the last save failed (disk full, read-only),
 * NULL after a success; the composer keeps the text and shows it. Signal
 * "save-failed" (ticket id, mode, GError) as well. Use from the store's
 * thread. */
TendDrafts         *tend_drafts_new                  (TendStore      *store);

/* Immediate, blocking. An empty text deletes the draft. */
gboolean            tend_drafts_save                 (TendDrafts     *self,
                                                      gint64          ticket_id,
                                                      TendDraftMode   mode,
                                                      const char     *text,
                                                      GError        **error);
/* The saved text, or NULL (without error) when there is none. A text
 * waiting in save_later is returned in its place: it is newer. */
char               *tend_drafts_load                 (TendDrafts     *self,
                                                      gint64          ticket_id,
                                                      TendDraftMode   mode,
                                                      GError        **error);
gboolean            tend_drafts_delete               (TendDrafts     *self,
                                                      gint64          ticket_id,
                                                      TendDraftMode   mode,
                                                      GError        **error);

void                tend_drafts_save_later           (TendDrafts     *self,
                                                      gint64          ticket_id,
                                                      TendDraftMode   mode,
                                                      const char     *text);
/* Writes every waiting text now (blocking). */
gboolean            tend_drafts_flush                (TendDrafts     *self,
                                                      GError        **error);
gboolean            tend_drafts_get_has_unsaved      (TendDrafts     *self);
const char         *tend_drafts_get_last_error       (TendDrafts     *self);
void                tend_drafts_set_delay            (TendDrafts     *self,
                                                      guint           ms);

G_END_DECLS
