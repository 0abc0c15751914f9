/* tend-clock.h: a minute tick for the times shown as "5 min" or "2 h"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TEND_TYPE_CLOCK (tend_clock_get_type ())
G_DECLARE_FINAL_TYPE (TendClock, tend_clock, TEND, CLOCK, GObject)

/* The one clock of the process. It emits "minute" once a minute while
 * anything is connected to it, so that relative times ("now", "3 min",
 * "waiting 2 h") keep up with the clock without each row running a timer
 * of its own. */
TendClock          *tend_clock_get_default (void);

G_END_DECLS
