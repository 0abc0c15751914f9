/* tend-notifier.h: desktop notifications for what a sync brings in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tend-session.h"

G_BEGIN_DECLS

typedef enum
{
  TEND_NOTIFICATION_REPLY,     /* a customer replied on a ticket assigned to me */
  TEND_NOTIFICATION_ASSIGNED,  /* a ticket newly assigned to me */
  TEND_NOTIFICATION_CONFLICT,  /* one of my outbox changes stopped in conflict */
} TendNotificationKind;

#define TEND_TYPE_NOTIFIER (tend_notifier_get_type ())

G_DECLARE_FINAL_TYPE (TendNotifier, tend_notifier, TEND, NOTIFIER, GObject)

/* Watches @session's store and outbox. After each commit touching tickets
 * or comments, the agent's unsolved tickets (TEND_VIEW_MINE, at most a few
 * hundred) are compared with a snapshot kept in memory: a ticket not seen
 * before is newly assigned, a later waiting_since is a new customer reply.
 * An outbox item newly in 'conflict' is reported too. Notifications go out
 * only while no window of @application is active and @settings' key
 * "notifications" is true (@settings may be NULL: always on).
 *
 * Each notification's default action is "app.open-ticket" with the ticket
 * id (int64). Signal "notification-sent" (gint64 ticket id, int kind) is
 * emitted for each one, also when @application is NULL (tests). */
TendNotifier *tend_notifier_new                 (GApplication *application,
                                                 TendSession  *session,
                                                 GSettings    *settings);
/* For tests (Xvfb cannot take the focus away): -1 asks the windows, 0
 * behaves as if no window were active, 1 as if one were. */
void          tend_notifier_set_active_override (TendNotifier *self,
                                                 int           active);
/* Stops watching (also done on dispose). */
void          tend_notifier_stop                (TendNotifier *self);

G_END_DECLS
