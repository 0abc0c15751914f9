/* tend-connectivity.h: whether the helpdesk can be reached now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_CONNECTIVITY (tend_connectivity_get_type ())
G_DECLARE_FINAL_TYPE (TendConnectivity, tend_connectivity, TEND, CONNECTIVITY, GObject)

/* Two sources decide "online": the system's GNetworkMonitor (is there a
 * network at all?) and what requests to the helpdesk last did (a network
 * failure means the helpdesk is out of reach even if the network is up;
 * any answer from it means it is back). Properties, all read-only:
 *   "network-available"  the monitor's view
 *   "reachable"          FALSE after a network failure, TRUE after a
 *                        success, and TRUE again whenever the network
 *                        comes back (worth a try)
 *   "online"             both
 * TendSync pauses while offline and syncs (pushing the outbox first) as
 * soon as "online" turns TRUE. Use from one thread (the one that made it);
 * notifications come there. */
/* @monitor: NULL for g_network_monitor_get_default(); tests pass their own. */
TendConnectivity   *tend_connectivity_new                    (GNetworkMonitor  *monitor);

gboolean            tend_connectivity_get_online             (TendConnectivity *self);
gboolean            tend_connectivity_get_network_available  (TendConnectivity *self);
gboolean            tend_connectivity_get_reachable          (TendConnectivity *self);

/* The outcome of a request (a sync run) to the helpdesk: any answer, even
 * an error status (AUTH, RATE_LIMITED, CONFLICT, BAD_RESPONSE, NOT_FOUND),
 * proves it is reachable; TEND_ERROR_NETWORK and TEND_ERROR_OFFLINE prove
 * it is not. Other errors (the disk, cancellation) change nothing. */
void                tend_connectivity_report_success         (TendConnectivity *self);
void                tend_connectivity_report_error           (TendConnectivity *self,
                                                              const GError     *error);

G_END_DECLS
