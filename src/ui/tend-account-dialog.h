/* tend-account-dialog.h: adds a helpdesk account, or a new token for one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-account-list.h"

G_BEGIN_DECLS

#define TEND_TYPE_ACCOUNT_DIALOG (tend_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TendAccountDialog, tend_account_dialog, TEND, ACCOUNT_DIALOG, AdwWindow)

/* The dialog validates what the agent typed against the helpdesk (the
 * backend's who-am-I: Zendesk's /api/v2/users/me, RT's REST2 user of the
 * token) before anything is saved, shows what went wrong
 * under the fields, and on success keeps the token in the keyring, adds
 * the account to @accounts (or, for @account, replaces its token) and
 * emits "done" (TendAccount *account, const char *token) before closing.
 *
 * With @account NULL it adds an account; with an account from @accounts
 * it asks for a new token for it. */
TendAccountDialog *tend_account_dialog_new      (TendAccountList   *accounts,
                                                 TendAccount       *account);
/* Validating or saving: the fields are locked and the button spins. */
gboolean           tend_account_dialog_get_busy (TendAccountDialog *self);

G_END_DECLS
