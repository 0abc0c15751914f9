/* tend-organization.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_ORGANIZATION (tend_organization_get_type ())
G_DECLARE_FINAL_TYPE (TendOrganization, tend_organization, TEND, ORGANIZATION, GObject)

/* Each field is also a property. */
TendOrganization   *tend_organization_new               (gint64            id);

gint64              tend_organization_get_id            (TendOrganization *self);
void                tend_organization_set_id            (TendOrganization *self,
                                                         gint64            id);
const char         *tend_organization_get_name          (TendOrganization *self);
void                tend_organization_set_name          (TendOrganization *self,
                                                         const char       *name);
const char * const *tend_organization_get_domain_names  (TendOrganization *self);
void                tend_organization_set_domain_names  (TendOrganization *self,
                                                         const char * const *domain_names);
const char * const *tend_organization_get_tags          (TendOrganization *self);
void                tend_organization_set_tags          (TendOrganization *self,
                                                         const char * const *tags);
const char         *tend_organization_get_details       (TendOrganization *self);
void                tend_organization_set_details       (TendOrganization *self,
                                                         const char       *details);
const char         *tend_organization_get_notes         (TendOrganization *self);
void                tend_organization_set_notes         (TendOrganization *self,
                                                         const char       *notes);
gint64              tend_organization_get_created_at    (TendOrganization *self);
void                tend_organization_set_created_at    (TendOrganization *self,
                                                         gint64            created_at);
gint64              tend_organization_get_updated_at    (TendOrganization *self);
void                tend_organization_set_updated_at    (TendOrganization *self,
                                                         gint64            updated_at);
const char         *tend_organization_get_extra_json    (TendOrganization *self);
void                tend_organization_set_extra_json    (TendOrganization *self,
                                                         const char       *extra_json);

G_END_DECLS
