/* tend-attachment.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_ATTACHMENT (tend_attachment_get_type ())
G_DECLARE_FINAL_TYPE (TendAttachment, tend_attachment, TEND, ATTACHMENT, GObject)

/* Metadata only: the content is fetched on demand. Each field is also a
 * property. */
TendAttachment     *tend_attachment_new                (gint64          id);

gint64              tend_attachment_get_id             (TendAttachment *self);
void                tend_attachment_set_id             (TendAttachment *self,
                                                        gint64          id);
gint64              tend_attachment_get_comment_id     (TendAttachment *self);
void                tend_attachment_set_comment_id     (TendAttachment *self,
                                                        gint64          comment_id);
gint64              tend_attachment_get_ticket_id      (TendAttachment *self);
void                tend_attachment_set_ticket_id      (TendAttachment *self,
                                                        gint64          ticket_id);
/* As the server sent it (untrusted). */
const char         *tend_attachment_get_file_name      (TendAttachment *self);
void                tend_attachment_set_file_name      (TendAttachment *self,
                                                        const char     *file_name);
/* A name safe to create in a directory: no separators, no leading dots, no
 * control characters, not empty, at most 255 bytes. Newly allocated. */
char               *tend_attachment_dup_safe_file_name (TendAttachment *self);
const char         *tend_attachment_get_content_type   (TendAttachment *self);
void                tend_attachment_set_content_type   (TendAttachment *self,
                                                        const char     *content_type);
gint64              tend_attachment_get_size           (TendAttachment *self);
void                tend_attachment_set_size           (TendAttachment *self,
                                                        gint64          size);
const char         *tend_attachment_get_content_url    (TendAttachment *self);
void                tend_attachment_set_content_url    (TendAttachment *self,
                                                        const char     *content_url);

G_END_DECLS
