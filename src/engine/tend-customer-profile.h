/* tend-customer-profile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_CUSTOMER_PROFILE (tend_customer_profile_get_type ())
G_DECLARE_FINAL_TYPE (TendCustomerProfile, tend_customer_profile, TEND, CUSTOMER_PROFILE, GObject)

/* The customer 360: who a requester is and their history, computed from
 * the store alone (so it works offline). A snapshot: load it again when
 * TendStore::changed says tickets, comments, users or organizations
 * changed. Every getter is also a read-only property.
 *
 * Definitions:
 * - open: status new, open, pending or on hold;
 * - first contact: the earliest created_at of the customer's tickets;
 * - time to resolution of a solved or closed ticket: from its created_at
 *   to its last public reply by an agent (the answer that solved it), or
 *   to its updated_at when no agent replied in public (solved by a field
 *   change); updated_at alone would count the days a solved ticket waits
 *   before the helpdesk closes it. Never negative. The median is over
 *   those tickets, the lower middle value for an even count;
 * - CSAT: tickets rated "good" or "bad" ("offered" is not a rating); the
 *   last rating is that of the rated ticket updated last (helpdesks give
 *   no separate rating time);
 * - the customer's other tickets: every ticket they requested but the
 *   current one, unsolved first, then most recently updated first;
 * - the organization's other open tickets: open tickets of the customer's
 *   organization requested by someone else (the customer's own are in the
 *   list above), most recently updated first.
 *
 * The lists hold at most TEND_CUSTOMER_PROFILE_MAX_TICKETS tickets; the
 * counts are exact. */

#define TEND_CUSTOMER_PROFILE_MAX_TICKETS 50

/* Reads the profile of the user @user_id as seen from the ticket
 * @current_ticket_id (0 for none), in one snapshot of the database, on a
 * read connection of its own: any thread may call this. A user the store
 * does not have (sync may bring a ticket before its people) gets a bare
 * TendUser holding only the id, as long as they have tickets;
 * TEND_ERROR_NOT_FOUND when there is neither user nor ticket. */
TendCustomerProfile *tend_customer_profile_load         (TendStore            *store,
                                                         gint64                user_id,
                                                         gint64                current_ticket_id,
                                                         GError              **error);
/* The same in a worker thread. */
void                tend_customer_profile_load_async    (TendStore            *store,
                                                         gint64                user_id,
                                                         gint64                current_ticket_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
TendCustomerProfile *tend_customer_profile_load_finish  (GAsyncResult         *result,
                                                         GError              **error);

TendUser           *tend_customer_profile_get_user              (TendCustomerProfile *self);
/* NULL when the customer belongs to none (or the store lacks it). */
TendOrganization   *tend_customer_profile_get_organization      (TendCustomerProfile *self);
gint64              tend_customer_profile_get_current_ticket_id (TendCustomerProfile *self);

guint               tend_customer_profile_get_n_tickets         (TendCustomerProfile *self);
guint               tend_customer_profile_get_n_open            (TendCustomerProfile *self);
/* Unix seconds; 0 when the customer has no ticket. */
gint64              tend_customer_profile_get_first_contact     (TendCustomerProfile *self);
/* Solved and closed tickets, which the median is over. */
guint               tend_customer_profile_get_n_resolved        (TendCustomerProfile *self);
/* Seconds; -1 when nothing was resolved yet. */
gint64              tend_customer_profile_get_median_resolution (TendCustomerProfile *self);

guint               tend_customer_profile_get_csat_good         (TendCustomerProfile *self);
guint               tend_customer_profile_get_csat_bad          (TendCustomerProfile *self);
/* "good", "bad", or NULL when never rated. */
const char         *tend_customer_profile_get_last_rating       (TendCustomerProfile *self);
const char         *tend_customer_profile_get_last_rating_comment (TendCustomerProfile *self);
gint64              tend_customer_profile_get_last_rating_ticket_id (TendCustomerProfile *self);

/* Element type TendTicket. */
GListModel         *tend_customer_profile_get_other_tickets     (TendCustomerProfile *self);
guint               tend_customer_profile_get_n_other_tickets   (TendCustomerProfile *self);
GListModel         *tend_customer_profile_get_org_open_tickets  (TendCustomerProfile *self);
guint               tend_customer_profile_get_n_org_open        (TendCustomerProfile *self);

/* @now in the customer's time zone, NULL when they have none or it is not
 * an IANA name GLib knows. */
GDateTime          *tend_customer_profile_dup_local_time        (TendCustomerProfile *self,
                                                                 GDateTime           *now);
/* The customer's local time for the panel, e.g. "Tue 14:05 (UTC+1)";
 * NULL as above. */
char               *tend_customer_profile_format_local_time     (TendCustomerProfile *self,
                                                                 GDateTime           *now);

/* The same for any IANA zone name ("Europe/Berlin", "Asia/Kolkata" gives
 * "… (UTC+5:30)", "UTC" gives "… (UTC)"). */
char               *tend_format_local_time                      (const char          *time_zone,
                                                                 GDateTime           *now);
/* A duration for people, rounded down to two units at most: "less than a
 * minute", "45 min", "5 h 20 min", "1 day", "3 days 4 h". */
char               *tend_format_duration                        (gint64               seconds);

G_END_DECLS
