/* tend-user.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_USER (tend_user_get_type ())
G_DECLARE_FINAL_TYPE (TendUser, tend_user, TEND, USER, GObject)

/* A customer (end user) or an agent. Each field is also a property. */
TendUser           *tend_user_new                  (gint64        id);

gint64              tend_user_get_id               (TendUser     *self);
void                tend_user_set_id               (TendUser     *self,
                                                    gint64        id);
const char         *tend_user_get_name             (TendUser     *self);
void                tend_user_set_name             (TendUser     *self,
                                                    const char   *name);
const char         *tend_user_get_email            (TendUser     *self);
void                tend_user_set_email            (TendUser     *self,
                                                    const char   *email);
const char         *tend_user_get_phone            (TendUser     *self);
void                tend_user_set_phone            (TendUser     *self,
                                                    const char   *phone);
TendUserRole        tend_user_get_role             (TendUser     *self);
void                tend_user_set_role             (TendUser     *self,
                                                    TendUserRole  role);
gint64              tend_user_get_organization_id  (TendUser     *self);
void                tend_user_set_organization_id  (TendUser     *self,
                                                    gint64        organization_id);
/* An IANA zone such as "Europe/Berlin" (the store keeps what the helpdesk
 * sends; the UI maps Zendesk's display names). */
const char         *tend_user_get_time_zone        (TendUser     *self);
void                tend_user_set_time_zone        (TendUser     *self,
                                                    const char   *time_zone);
/* A locale such as "de" or "pt-BR". */
const char         *tend_user_get_locale           (TendUser     *self);
void                tend_user_set_locale           (TendUser     *self,
                                                    const char   *locale);
const char * const *tend_user_get_tags             (TendUser     *self);
void                tend_user_set_tags             (TendUser     *self,
                                                    const char * const *tags);
const char         *tend_user_get_notes            (TendUser     *self);
void                tend_user_set_notes            (TendUser     *self,
                                                    const char   *notes);
const char         *tend_user_get_details          (TendUser     *self);
void                tend_user_set_details          (TendUser     *self,
                                                    const char   *details);
const char         *tend_user_get_photo_url        (TendUser     *self);
void                tend_user_set_photo_url        (TendUser     *self,
                                                    const char   *photo_url);
gint64              tend_user_get_created_at       (TendUser     *self);
void                tend_user_set_created_at       (TendUser     *self,
                                                    gint64        created_at);
gint64              tend_user_get_updated_at       (TendUser     *self);
void                tend_user_set_updated_at       (TendUser     *self,
                                                    gint64        updated_at);
const char         *tend_user_get_extra_json       (TendUser     *self);
void                tend_user_set_extra_json       (TendUser     *self,
                                                    const char   *extra_json);
/* Up to two letters for an avatar ("Ann Lee" → "AL"); newly allocated. */
char               *tend_user_dup_initials         (TendUser     *self);

G_END_DECLS
