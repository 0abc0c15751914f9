/* tend-window.h: Tend's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-application.h"
#include "tend-engine.h"
#include "tend-workspace.h"

G_BEGIN_DECLS

#define TEND_TYPE_WINDOW (tend_window_get_type ())

G_DECLARE_FINAL_TYPE (TendWindow, tend_window, TEND, WINDOW, AdwApplicationWindow)

TendWindow    *tend_window_new           (TendApplication *application);
/* Shows the workspace over @store (an offline account for now). */
void           tend_window_show_store    (TendWindow      *self,
                                          TendStore       *store);
TendWorkspace *tend_window_get_workspace (TendWindow      *self);

G_END_DECLS
