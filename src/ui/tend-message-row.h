/* tend-message-row.h: one message of a ticket's conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"

G_BEGIN_DECLS

#define TEND_TYPE_MESSAGE_ROW (tend_message_row_get_type ())

G_DECLARE_FINAL_TYPE (TendMessageRow, tend_message_row, TEND, MESSAGE_ROW, GtkListBoxRow)

typedef enum
{
  TEND_MESSAGE_KIND_CUSTOMER,
  TEND_MESSAGE_KIND_AGENT,
  TEND_MESSAGE_KIND_NOTE,
} TendMessageKind;

GtkWidget       *tend_message_row_new         (TendComment    *comment,
                                               gint64          requester_id);
TendComment     *tend_message_row_get_comment (TendMessageRow *self);
TendMessageKind  tend_message_row_get_kind    (TendMessageRow *self);
/* A collapsed message shows its author, time and first line only; the
 * body is laid out when it is expanded (clicking a collapsed row). */
gboolean         tend_message_row_get_expanded (TendMessageRow *self);
void             tend_message_row_set_expanded (TendMessageRow *self,
                                                gboolean        expanded);

/* Attachments: each offers Open (downloaded into the account's file
 * cache, then shown by the default application) and Save As… (a file
 * chooser, then a copy from the cache). A spinner shows a download under
 * way, a toast what went wrong. The cache is @cache when set, else the
 * one of the session of the workspace the row is in. */
void             tend_message_row_set_file_cache (TendMessageRow *self,
                                                  TendFileCache  *cache);
/* Whether a download, launch or copy is under way ("busy"). */
gboolean         tend_message_row_get_busy     (TendMessageRow *self);
/* What the buttons do; Save As… asks for @destination first. */
void             tend_message_row_open_attachment (TendMessageRow *self,
                                                   guint           index);
void             tend_message_row_save_attachment_to (TendMessageRow *self,
                                                      guint           index,
                                                      GFile          *destination);

G_END_DECLS
