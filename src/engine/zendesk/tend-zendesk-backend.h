/* tend-zendesk-backend.h: TendBackend for Zendesk Support
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-backend.h"
#include "tend-http.h"

G_BEGIN_DECLS

#define TEND_TYPE_ZENDESK_BACKEND (tend_zendesk_backend_get_type ())
G_DECLARE_FINAL_TYPE (TendZendeskBackend, tend_zendesk_backend, TEND, ZENDESK_BACKEND, GObject)

/* Admins sync through the incremental exports (tickets with sideloaded
 * users and organizations; comments from the ticket events); other agents
 * through the search export, with an overlap window, and comments ticket
 * by ticket. who_am_i decides, so call it first. */
TendZendeskBackend *tend_zendesk_backend_new        (const char         *base_url,
                                                     const char         *email,
                                                     const char         *api_token,
                                                     GError            **error);
TendHttp           *tend_zendesk_backend_get_http   (TendZendeskBackend *self);
/* Forces the non-admin path even for an admin (tests compare the two). */
void                tend_zendesk_backend_set_force_agent_path (TendZendeskBackend *self,
                                                               gboolean            force);
gboolean            tend_zendesk_backend_get_is_admin_path    (TendZendeskBackend *self);

G_END_DECLS
