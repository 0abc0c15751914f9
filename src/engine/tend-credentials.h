/* tend-credentials.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"
#include "tend-account.h"

G_BEGIN_DECLS

/* An account's secret (API token, password) in the Secret Service (GNOME
 * Keyring, KWallet; the Secret portal in a Flatpak), under the libsecret
 * schema "io.github.tenddesk.Tend.Credentials" with the attributes
 * "account" (the account id) and "kind", labelled "Tend: <display name>".
 *
 * There is no other place: without a Secret Service every call fails with
 * TEND_ERROR_FAILED and a message naming what is missing (the D-Bus
 * session bus, or a keyring on it), and nothing is ever written to a file.
 * A cancelled call fails with G_IO_ERROR_CANCELLED; anything else the
 * keyring refuses is TEND_ERROR_FAILED with its reason.
 *
 * Secrets handed out are wiped when freed with tend_credentials_secret_free().
 * The _sync variants block (tendctl); the UI uses the async ones. */

#define TEND_CREDENTIALS_SCHEMA_NAME "io.github.tenddesk.Tend.Credentials"

/* Stores (or replaces) the secret of @account. @secret is copied at once. */
void                tend_credentials_store_async     (TendAccount          *account,
                                                      const char           *secret,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean            tend_credentials_store_finish    (GAsyncResult         *result,
                                                      GError              **error);
gboolean            tend_credentials_store_sync      (TendAccount          *account,
                                                      const char           *secret,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

/* The secret of @account, or NULL without an error when none is stored.
 * Free it with tend_credentials_secret_free(). */
void                tend_credentials_lookup_async    (TendAccount          *account,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char               *tend_credentials_lookup_finish   (GAsyncResult         *result,
                                                      GError              **error);
char               *tend_credentials_lookup_sync     (TendAccount          *account,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

/* Deletes the secret of @account. Succeeds when there was none. */
void                tend_credentials_clear_async     (TendAccount          *account,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean            tend_credentials_clear_finish    (GAsyncResult         *result,
                                                      GError              **error);
gboolean            tend_credentials_clear_sync      (TendAccount          *account,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

/* Overwrites @secret with zeros, then frees it. NULL is fine. */
void                tend_credentials_secret_free     (char                 *secret);

G_END_DECLS
