/* tend-rt-backend.h: TendBackend for Request Tracker 5 (REST 2.0)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-backend.h"
#include "tend-http.h"

G_BEGIN_DECLS

/* How the agent signs in to RT. */
typedef enum
{
  /* An authentication token made in RT (Settings → Auth Tokens), sent as
   * "Authorization: token …". */
  TEND_RT_AUTH_TOKEN,
  /* The agent's RT password, sent with HTTP Basic. */
  TEND_RT_AUTH_PASSWORD,
} TendRtAuth;

/* How a secret the agent gave signs in: RT 5 makes its tokens as
 * "1-<user id>-<32 hex digits>" (RT::AuthToken), anything else is taken
 * for a password. The account file keeps no note of which it is, so
 * tendctl, the add-account dialog and the app's sync all decide with this;
 * a password of exactly a token's shape is not worth a second request on
 * every sync. */
TendRtAuth          tend_rt_auth_for_secret           (const char     *secret);

#define TEND_TYPE_RT_BACKEND (tend_rt_backend_get_type ())
G_DECLARE_FINAL_TYPE (TendRtBackend, tend_rt_backend, TEND, RT_BACKEND, GObject)

/* @url is RT's web address ("https://rt.example.com" or
 * "https://example.com/rt"; a trailing "/REST/2.0" is accepted too).
 * @login is the agent's RT user name; with a token it may be NULL (the
 * token names its owner). Tickets sync through TicketSQL on LastUpdated,
 * conversations ticket by ticket from the transactions. */
TendRtBackend      *tend_rt_backend_new               (const char     *url,
                                                       const char     *login,
                                                       const char     *secret,
                                                       TendRtAuth      auth,
                                                       GError        **error);
TendHttp           *tend_rt_backend_get_http          (TendRtBackend  *self);
/* RT's web root, without a trailing slash. */
const char         *tend_rt_backend_get_web_url       (TendRtBackend  *self);
/* How far the server's reading of the dates Tend writes into TicketSQL is
 * from UTC (seconds; RT reads them in the agent's or the server's time
 * zone), as last measured; 0 before a sync needed it. */
int                 tend_rt_backend_get_time_offset   (TendRtBackend  *self);

G_END_DECLS
