/* ui-test-utils.h: helpers shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-application.h"
#include "tend-window.h"

G_BEGIN_DECLS

/* Long enough for a slow CI machine, short enough to fail before meson's own timeout. */
#define TEST_TIMEOUT_SECONDS 60

typedef void     (*WindowCheck)   (TendApplication *app,
                                   TendWindow      *window);
typedef gboolean (*WaitCondition) (gpointer         data);

void        collect_widgets            (GtkWidget   *root,
                                        GType        type,
                                        GPtrArray   *found);
GtkWidget  *find_widget                (GtkWidget   *root,
                                        GType        type);
/* The widget whose .ui id is @id (template children keep theirs), or
 * whose widget name is @id (widgets built in code). */
GtkWidget  *find_widget_by_id          (GtkWidget   *root,
                                        const char  *id);
/* Spins the main loop until @widget is mapped and has drawn a frame. */
void        wait_for_frame             (GtkWidget   *widget);
/* Spins the main loop until @condition holds (TRUE) or 10 s pass (FALSE). */
gboolean    wait_until                 (WaitCondition condition,
                                        gpointer      data);
void        spin_for                   (guint        milliseconds);
/* Renders @widget into SCREENSHOT_DIR/@name and checks it is not blank. */
void        save_screenshot            (GtkWidget   *widget,
                                        const char  *name);
gboolean    strv_contains              (const char * const *strv,
                                        const char  *str);
/* Runs a TendApplication the way `tend` does, calls @check on its window
 * once drawn, then quits through app.quit. */
void        run_application            (WindowCheck  check);
/* The same, with the window showing @store's workspace. */
void        run_application_with_store (TendStore   *store,
                                        WindowCheck  check);
GSettings  *reset_settings             (void);

G_END_DECLS
