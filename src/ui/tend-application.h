/* tend-application.h: the Tend application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TEND_TYPE_APPLICATION (tend_application_get_type ())

G_DECLARE_FINAL_TYPE (TendApplication, tend_application, TEND, APPLICATION, AdwApplication)

TendApplication *tend_application_new                (void);

/* Monotonic time (µs) at the very start of main(), for TEND_DEBUG=timing;
 * 0 when main() did not record one (tests). */
void             tend_application_set_process_start (gint64 monotonic_us);
gint64           tend_application_get_process_start (void);

G_END_DECLS
