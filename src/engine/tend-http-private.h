/* tend-http-private.h: what TendHttp shares with the engine's other
 * HTTP client, TendFileCache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "tend-http.h"

G_BEGIN_DECLS

/* An unsigned number from the environment (a test's knob), or @fallback. */
guint        _tend_http_env_uint               (const char          *name,
                                                guint                fallback);

/* Whether plain http:// may go to @host: only to this computer. */
gboolean     _tend_http_host_is_loopback       (const char          *host);

/* Same scheme, host and port: where credentials may follow a link. */
gboolean     _tend_http_same_origin            (GUri                *a,
                                                GUri                *b);

/* A session with Tend's user agent and no overall deadline, only one
 * for a silent server. */
SoupSession *_tend_http_session_new            (void);

/* Overwrites a credential before freeing it and sets *value to NULL. */
void         _tend_http_wipe_string            (char               **value);

/* "Basic …" from "user:secret" text; @plain and the encoded copy are
 * wiped, so that no secret lingers in freed memory. */
char        *_tend_http_basic_authorization    (char                *plain);

/* Whether @cause shows the server could not be reached at all (the
 * request never left this computer). */
gboolean     _tend_http_error_is_unreachable   (const GError        *cause);

/* Whether a body of @received bytes is shorter than the Content-Length
 * said: libsoup ends a body quietly when the connection closes early.
 * (With a Content-Encoding the length counts the encoded bytes, so only
 * plain bodies can be checked.) */
gboolean     _tend_http_body_was_cut           (SoupMessageHeaders  *headers,
                                                guint64              received);

G_END_DECLS
