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

/* Instead of g_test_init(): points HOME and the XDG directories at a
 * temporary folder before anything reads them (so no test ever sees the
 * developer's accounts or keyring entries), allows only X11, and inits
 * GLib's test framework. FALSE when there is no display. */
gboolean    ui_test_init               (int         *argc,
                                        char      ***argv);
/* Empties the temporary XDG directories, for a test that needs a clean slate. */
void        ui_test_reset_dirs         (void);
/* Removes them; call after g_test_run(). */
void        ui_test_cleanup            (void);
/* Whether the test runs inside build-aux/test-session.sh, with a
 * throw-away, unlocked gnome-keyring on the session bus. */
gboolean    ui_test_has_keyring        (void);

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
/* The same with a deadline of @seconds (a first sync, a server round trip). */
gboolean    wait_until_timeout         (WaitCondition condition,
                                        gpointer      data,
                                        guint         seconds);
/* Clicks @button, which must be there and sensitive, as a click would:
 * gtk_widget_activate() on a button only emits "clicked" after a short
 * press animation. */
void        click                      (GtkWidget   *button);
/* Types @text into the editable with id @id under @root (see
 * find_widget_by_id()), which must be there. */
void        set_field                  (GtkWidget   *root,
                                        const char  *id,
                                        const char  *text);
typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelQuery;

/* WaitConditions on a LabelQuery: whether a label under @root is on
 * screen showing @text, or text starting with @text. */
gboolean    label_shown                (gpointer     query);
gboolean    label_shown_with_prefix    (gpointer     query);
/* The first toplevel window of @type, or NULL. */
GtkWindow  *find_toplevel              (GType        type);
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
/* The same with a deadline of @seconds instead of TEST_TIMEOUT_SECONDS (a benchmark). */
void        run_application_with_store_timeout (TendStore   *store,
                                                WindowCheck  check,
                                                guint        seconds);
GSettings  *reset_settings             (void);
/* For a test that shows a widget in a plain window, outside
 * TendApplication: the application's style sheets, as AdwApplication
 * would load them. */
void        ui_test_load_app_style     (void);
/* The light or the dark style, forced. */
void        ui_test_set_dark           (gboolean     dark);
/* Saves @widget in the light and the dark style as
 * SCREENSHOT_DIR/@name-light.png and @name-dark.png; the light style
 * is on afterwards. */
void        save_light_and_dark        (GtkWidget   *widget,
                                        const char  *name);

/* The @n-th ticket of @view in @store (newest update first). */
TendTicket *ui_test_nth_ticket         (TendStore      *store,
                                        TendView        view,
                                        guint           n);

/* A store in a new temporary folder, tend-@name-XXXXXX/@name.db, filled
 * from @generator; the folder's path in @dir. */
TendStore  *ui_test_create_store       (const char     *name,
                                        TendGenerator  *generator,
                                        char          **dir);
/* Finalizes @store (nothing may hold it any more), then removes and
 * frees @dir. */
void        ui_test_remove_store       (TendStore      *store,
                                        char          **dir);
/* ui_test_create_store() with an outbox and drafts on the store, as a
 * session has them; ui_test_remove_desk() lets go of all three. */
TendStore  *ui_test_create_desk        (const char     *name,
                                        TendGenerator  *generator,
                                        TendOutbox    **outbox,
                                        TendDrafts    **drafts,
                                        char          **dir);
void        ui_test_remove_desk        (TendStore      *store,
                                        TendOutbox    **outbox,
                                        TendDrafts    **drafts,
                                        char          **dir);

G_END_DECLS
