/* tend-side-panel.h: the Customer and Knowledge tabs beside a ticket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-customer-panel.h"
#include "tend-knowledge-panel.h"

G_BEGIN_DECLS

#define TEND_TYPE_SIDE_PANEL (tend_side_panel_get_type ())

G_DECLARE_FINAL_TYPE (TendSidePanel, tend_side_panel, TEND, SIDE_PANEL, AdwBin)

/* Signals, for the host to route:
 *   open-ticket (gint64 id)      a ticket of the customer's history, or a
 *                                similar one, was activated;
 *   insert-text (const char *)   an article's plain text for the composer;
 *   insert-link (const char *)   an article's URL for the composer. */

GtkWidget          *tend_side_panel_new                 (void);
TendStore          *tend_side_panel_get_store           (TendSidePanel *self);
void                tend_side_panel_set_store           (TendSidePanel *self,
                                                         TendStore     *store);
TendTicket         *tend_side_panel_get_ticket          (TendSidePanel *self);
void                tend_side_panel_set_ticket          (TendSidePanel *self,
                                                         TendTicket    *ticket);
/* "customer" or "knowledge". */
const char         *tend_side_panel_get_visible_tab     (TendSidePanel *self);
void                tend_side_panel_set_visible_tab     (TendSidePanel *self,
                                                         const char    *name);
/* Ctrl+K: the Knowledge tab with its search entry focused. */
void                tend_side_panel_focus_knowledge     (TendSidePanel *self);
TendCustomerPanel  *tend_side_panel_get_customer_panel  (TendSidePanel *self);
TendKnowledgePanel *tend_side_panel_get_knowledge_panel (TendSidePanel *self);

G_END_DECLS
