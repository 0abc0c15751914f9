/* tend-customer-panel.h: the customer 360 of the side panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"

G_BEGIN_DECLS

#define TEND_TYPE_CUSTOMER_PANEL (tend_customer_panel_get_type ())

G_DECLARE_FINAL_TYPE (TendCustomerPanel, tend_customer_panel, TEND, CUSTOMER_PANEL, AdwBin)

GtkWidget           *tend_customer_panel_new           (void);
TendStore           *tend_customer_panel_get_store     (TendCustomerPanel *self);
void                 tend_customer_panel_set_store     (TendCustomerPanel *self,
                                                        TendStore         *store);
TendTicket          *tend_customer_panel_get_ticket    (TendCustomerPanel *self);
/* Loads the requester's profile and the similar tickets in the
 * background, cancelling a load still under way. */
void                 tend_customer_panel_set_ticket    (TendCustomerPanel *self,
                                                        TendTicket        *ticket);
/* The profile on show, NULL before the first load finished. */
TendCustomerProfile *tend_customer_panel_get_profile   (TendCustomerPanel *self);
/* Element type TendSimilarTicket; NULL before that load finished. */
GPtrArray           *tend_customer_panel_get_similar   (TendCustomerPanel *self);
/* Where the customer's photo comes from (may be NULL); without one, the
 * file cache of the session of the workspace the panel is in. Until the
 * photo is downloaded, and when it cannot be, the avatar shows initials. */
void                 tend_customer_panel_set_file_cache (TendCustomerPanel *self,
                                                         TendFileCache     *cache);
/* Whether a profile or similar-tickets load is under way. */
gboolean             tend_customer_panel_is_loading    (TendCustomerPanel *self);

G_END_DECLS
