/* tend-window.h: Tend's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-application.h"
#include "tend-engine.h"
#include "tend-session.h"
#include "tend-workspace.h"

G_BEGIN_DECLS

#define TEND_TYPE_WINDOW (tend_window_get_type ())

G_DECLARE_FINAL_TYPE (TendWindow, tend_window, TEND, WINDOW, AdwApplicationWindow)

TendWindow    *tend_window_new           (TendApplication *application);
/* Shows the workspace over @session: an account, the demo, a cache. */
void           tend_window_show_session  (TendWindow      *self,
                                          TendSession     *session);
TendSession   *tend_window_get_session   (TendWindow      *self);
/* Shows the workspace over @store as an offline cache (`tend --db`). */
void           tend_window_show_store    (TendWindow      *self,
                                          TendStore       *store);
/* The first-run page: add an account or try the demo. */
void           tend_window_show_welcome  (TendWindow      *self);
TendWorkspace *tend_window_get_workspace (TendWindow      *self);
/* A toast with @text (plain text) and, when @button_label is set, a
 * button activating @action_name. */
void           tend_window_add_toast     (TendWindow      *self,
                                          const char      *text,
                                          const char      *button_label,
                                          const char      *action_name);

G_END_DECLS
