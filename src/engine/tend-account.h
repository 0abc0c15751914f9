/* tend-account.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "tend-types.h"

G_BEGIN_DECLS

/* The helpdesk kinds Tend knows; the key file stores these strings. */
#define TEND_ACCOUNT_KIND_ZENDESK "zendesk"
#define TEND_ACCOUNT_KIND_RT      "rt"

#define TEND_TYPE_ACCOUNT (tend_account_get_type ())
G_DECLARE_FINAL_TYPE (TendAccount, tend_account, TEND, ACCOUNT, GObject)

/* One helpdesk account: where it is and who signs in, never the secret
 * (that lives in the keyring, see tend-credentials.h). Each field is also a
 * property; "id" and "kind" are fixed at construction.
 *
 * Creates an account with a fresh id. @base_url is what the agent typed and
 * goes through tend_account_normalize_url(); @display_name may be NULL or
 * empty, then it is derived from the host. Fails with TEND_ERROR_INVALID
 * for an unknown kind, a refused URL or an empty login. */
TendAccount        *tend_account_new                 (const char   *kind,
                                                      const char   *display_name,
                                                      const char   *base_url,
                                                      const char   *login,
                                                      GError      **error);

const char         *tend_account_get_id              (TendAccount  *self);
const char         *tend_account_get_kind            (TendAccount  *self);
const char         *tend_account_get_display_name    (TendAccount  *self);
void                tend_account_set_display_name    (TendAccount  *self,
                                                      const char   *display_name);
/* Normalized: scheme, host, optional port and (RT only) path; no trailing
 * slash. The setter stores what it is given: normalize first. */
const char         *tend_account_get_base_url        (TendAccount  *self);
void                tend_account_set_base_url        (TendAccount  *self,
                                                      const char   *base_url);
/* The email (Zendesk) or login name (RT) the secret belongs to. */
const char         *tend_account_get_login           (TendAccount  *self);
void                tend_account_set_login           (TendAccount  *self,
                                                      const char   *login);
/* The role the helpdesk reported at validation ("agent", "admin", …), or
 * NULL when not validated yet. */
const char         *tend_account_get_role            (TendAccount  *self);
void                tend_account_set_role            (TendAccount  *self,
                                                      const char   *role);

/* $XDG_DATA_HOME/tend/<id> and <that>/store.db; newly allocated. Nothing is
 * created on disk. */
char               *tend_account_dup_data_dir        (TendAccount  *self);
char               *tend_account_dup_store_path      (TendAccount  *self);

/* "zendesk" or "rt". */
gboolean            tend_account_kind_is_known       (const char   *kind);

/* Turns what the agent typed into a base URL: "acme" (Zendesk only),
 * "acme.zendesk.com", "https://acme.zendesk.com/" all give
 * "https://acme.zendesk.com". A missing scheme means https. Plain http is
 * accepted only to this computer (localhost, 127.0.0.0/8, ::1): the token
 * would otherwise cross the network in clear. Refuses, with
 * TEND_ERROR_INVALID and a message for the agent: other schemes, user
 * names or passwords in the URL, a query or fragment, and hosts that are
 * not host names. For Zendesk the path is dropped (its API lives at the
 * root and agents paste links such as …/agent/tickets/5); for RT it is
 * kept, since RT is often installed under /rt. Newly allocated. */
char               *tend_account_normalize_url       (const char   *kind,
                                                      const char   *text,
                                                      GError      **error);

/* A new id derived from @hint (a display name or host; may be NULL): lower
 * case ASCII letters, digits and dashes, then a dash and a random suffix,
 * at most 40 characters. Safe as a directory name and a key file group. */
char               *tend_account_generate_id         (const char   *hint);
/* Whether @id is made only of what tend_account_generate_id() produces
 * (so it can name a directory without escaping anything). */
gboolean            tend_account_id_is_valid         (const char   *id);

G_END_DECLS
