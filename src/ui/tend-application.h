/* tend-application.h: the Tend application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-account-list.h"
#include "tend-session.h"
#include "tend-notifier.h"

G_BEGIN_DECLS

#define TEND_TYPE_APPLICATION (tend_application_get_type ())

G_DECLARE_FINAL_TYPE (TendApplication, tend_application, TEND, APPLICATION, AdwApplication)

TendApplication *tend_application_new                (void);

/* Monotonic time (µs) at the very start of main(), for TEND_DEBUG=timing;
 * 0 when main() did not record one (tests). */
/* Before GTK starts: on a machine without a GPU, the cairo renderer
 * rather than OpenGL emulated on the CPU (see the .c file). */
void             tend_application_choose_renderer   (void);
void             tend_application_set_process_start (gint64 monotonic_us);
gint64           tend_application_get_process_start (void);

/* The accounts of accounts.ini, loaded at startup. */
TendAccountList *tend_application_get_accounts       (TendApplication *self);
/* The account switcher's menu: the accounts, then "Add Account…". */
GMenuModel      *tend_application_get_account_menu   (TendApplication *self);
/* The account (or demo, or cache) shown in the window; NULL on the welcome. */
TendSession     *tend_application_get_session        (TendApplication *self);
TendNotifier    *tend_application_get_notifier       (TendApplication *self);

/* Shows @account in the window and starts syncing it, with @token or
 * (NULL) the one in the keyring; remembered as the last account. */
void             tend_application_open_account       (TendApplication *self,
                                                      TendAccount     *account,
                                                      const char      *token);
/* Starts the demo helpdesk in-process and shows it, syncing live. */
void             tend_application_start_demo         (TendApplication *self);
/* The add-account dialog, or (with @account) the one asking for a new token. */
GtkWindow       *tend_application_show_account_dialog (TendApplication *self,
                                                       TendAccount     *account);
/* Closes @account if shown, deletes its token from the keyring, removes
 * it from the list and deletes its data. The task data is @account. */
void             tend_application_remove_account_async  (TendApplication     *self,
                                                         TendAccount         *account,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean         tend_application_remove_account_finish (TendApplication     *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
