/* tend-sidebar.h: the views of the inbox, with live counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-session.h"

G_BEGIN_DECLS

#define TEND_TYPE_SIDEBAR (tend_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (TendSidebar, tend_sidebar, TEND, SIDEBAR, AdwBin)

void       tend_sidebar_set_store         (TendSidebar *self,
                                           TendStore   *store,
                                           const char  *account_label);
TendView   tend_sidebar_get_view          (TendSidebar *self);
void       tend_sidebar_set_view          (TendSidebar *self,
                                           TendView     view);
/* The count shown for @view; G_MAXUINT while unknown. */
guint      tend_sidebar_get_count         (TendSidebar *self,
                                           TendView     view);
/* Shows @session's store, account and sync status. */
void           tend_sidebar_set_session       (TendSidebar *self,
                                               TendSession *session);
TendSession   *tend_sidebar_get_session       (TendSidebar *self);
/* The account switcher's menu. */
void           tend_sidebar_set_account_menu  (TendSidebar *self,
                                               GMenuModel  *menu);
GtkMenuButton *tend_sidebar_get_account_button (TendSidebar *self);
/* The "Outbox" row, with the number of changes not yet sent (NULL hides
 * it). Property "outbox-selected": that row is selected rather than a
 * view; signal "outbox-activated": the agent picked it. */
void       tend_sidebar_set_outbox        (TendSidebar *self,
                                           TendOutbox  *outbox);
guint      tend_sidebar_get_outbox_count  (TendSidebar *self);
gboolean   tend_sidebar_get_outbox_selected (TendSidebar *self);
void       tend_sidebar_select_outbox     (TendSidebar *self);
/* Re-counts now instead of after the debounce delay. */
void       tend_sidebar_refresh_counts    (TendSidebar *self);

G_END_DECLS
