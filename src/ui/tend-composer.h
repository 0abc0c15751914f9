/* tend-composer.h: where the agent writes a reply or an internal note
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"

G_BEGIN_DECLS

#define TEND_TYPE_COMPOSER (tend_composer_get_type ())

G_DECLARE_FINAL_TYPE (TendComposer, tend_composer, TEND, COMPOSER, AdwBin)

/* The composer of one ticket: a Reply / Internal note switch, the text
 * (kept as a draft while the agent types), macros and a "Submit as" split
 * button. Sending goes through the TendOutbox, which applies the change
 * locally at once; before it does, the composer checks that the customer
 * has not written again since the agent started (the stale-reply guard).
 *
 * Actions: composer.send (Ctrl+Enter), composer.submit-as (a status name:
 * "open", "pending", "solved"), composer.send-anyway, composer.review,
 * composer.reply-mode, composer.note-mode.
 *
 * Signal "review" (gint64 comment id, or 0): the agent chose to read the
 * customer's new message; the host shows the conversation there.
 *
 * Property "connectivity" (optional TendConnectivity): while offline, a
 * send says the change waits for the connection. */
GtkWidget      *tend_composer_new          (TendStore     *store,
                                            TendOutbox    *outbox,
                                            TendDrafts    *drafts);

TendStore      *tend_composer_get_store    (TendComposer  *self);
TendOutbox     *tend_composer_get_outbox   (TendComposer  *self);
TendDrafts     *tend_composer_get_drafts   (TendComposer  *self);
TendTicket     *tend_composer_get_ticket   (TendComposer  *self);
/* Restores the draft of the ticket (the same ticket again keeps the text
 * and what the agent had seen of it). */
void            tend_composer_set_ticket   (TendComposer  *self,
                                            TendTicket    *ticket);
TendDraftMode   tend_composer_get_mode     (TendComposer  *self);
void            tend_composer_set_mode     (TendComposer  *self,
                                            TendDraftMode  mode);
GtkTextBuffer  *tend_composer_get_buffer   (TendComposer  *self);
/* Whether the stale-reply guard is showing. */
gboolean        tend_composer_get_guard_visible (TendComposer *self);
/* Inserts @text at the cursor (replacing the selection) in the reply,
 * switching to the reply first. */
void            tend_composer_insert_text  (TendComposer  *self,
                                            const char    *text);
/* Puts the keyboard focus in the text. */
void            tend_composer_focus_text   (TendComposer  *self);

G_END_DECLS
