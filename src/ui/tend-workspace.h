/* tend-workspace.h: sidebar, ticket list and ticket, in collapsing panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-inbox-view.h"
#include "tend-session.h"
#include "tend-side-panel.h"
#include "tend-sidebar.h"
#include "tend-ticket-view.h"

G_BEGIN_DECLS

#define TEND_TYPE_WORKSPACE (tend_workspace_get_type ())

G_DECLARE_FINAL_TYPE (TendWorkspace, tend_workspace, TEND, WORKSPACE, AdwBin)

void            tend_workspace_set_store       (TendWorkspace *self,
                                                TendStore     *store,
                                                const char    *account_label);
TendStore      *tend_workspace_get_store       (TendWorkspace *self);
/* Shows @session: its store, and its account and sync status in the sidebar. */
void            tend_workspace_set_session     (TendWorkspace *self,
                                                TendSession   *session);
TendSession    *tend_workspace_get_session     (TendWorkspace *self);
/* Opens ticket @id, whether or not the list shown has it. */
void            tend_workspace_open_ticket     (TendWorkspace *self,
                                                gint64         id);
TendSidebar    *tend_workspace_get_sidebar     (TendWorkspace *self);
TendInboxView  *tend_workspace_get_inbox       (TendWorkspace *self);
TendSidePanel  *tend_workspace_get_side_panel  (TendWorkspace  *self);
TendTicketView *tend_workspace_get_ticket_view (TendWorkspace *self);

G_END_DECLS
