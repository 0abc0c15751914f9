/* tend-account-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"
#include "tend-account.h"

G_BEGIN_DECLS

#define TEND_TYPE_ACCOUNT_LIST (tend_account_list_get_type ())
G_DECLARE_FINAL_TYPE (TendAccountList, tend_account_list, TEND, ACCOUNT_LIST, GObject)

/* The agent's accounts: a GListModel of TendAccount backed by the key file
 * $XDG_CONFIG_HOME/tend/accounts.ini, one group per account id with the
 * keys kind, name, url, login and role. Never a secret: those live in the
 * keyring (tend-credentials.h).
 *
 * The file is rewritten atomically, mode 0600, by every add and remove.
 * Keys and groups this version does not know (an account kind from a newer
 * Tend, say) are kept as they are. */

/* An empty list for the default file; call tend_account_list_load(). */
TendAccountList    *tend_account_list_new              (void);
/* Same for another file (tests, tools). */
TendAccountList    *tend_account_list_new_for_path     (const char       *path);
const char         *tend_account_list_get_path         (TendAccountList  *self);

/* Reads the file; a missing file is an empty list. A file that cannot be
 * parsed, or an account in it without a valid id, url or login, fails
 * with TEND_ERROR_CORRUPT naming the file and what is wrong, leaves the
 * list empty, and makes later saves fail too rather than overwrite the
 * agent's file. */
gboolean            tend_account_list_load             (TendAccountList  *self,
                                                        GError          **error);
/* Writes the accounts' current fields (after, say, tend_account_set_role()).
 * TEND_ERROR_STORAGE when the file cannot be written. */
gboolean            tend_account_list_save             (TendAccountList  *self,
                                                        GError          **error);

/* Appends @account and saves. TEND_ERROR_INVALID when its id, or its
 * display name (compared without case), is already in the list. */
gboolean            tend_account_list_add              (TendAccountList  *self,
                                                        TendAccount      *account,
                                                        GError          **error);
/* Removes @account, saves, then deletes its data directory
 * ($XDG_DATA_HOME/tend/<id>, store included) without following symbolic
 * links out of it. Close the account's TendStore first. The secret is the
 * caller's to clear (tend_credentials_clear_async()). On failure to delete
 * the directory the account is still removed from the list and the error
 * (TEND_ERROR_STORAGE) names what is left. */
gboolean            tend_account_list_remove           (TendAccountList  *self,
                                                        TendAccount      *account,
                                                        GError          **error);

/* Transfer none; NULL when absent. By name compares without case and
 * surrounding spaces, as an agent types it on a command line. */
TendAccount        *tend_account_list_lookup           (TendAccountList  *self,
                                                        const char       *id);
TendAccount        *tend_account_list_lookup_by_name   (TendAccountList  *self,
                                                        const char       *name);

G_END_DECLS
