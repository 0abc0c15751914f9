/* tend-wrap-layout.h: children side by side, wrapping to new lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TEND_TYPE_WRAP_LAYOUT (tend_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (TendWrapLayout, tend_wrap_layout, TEND, WRAP_LAYOUT, GtkLayoutManager)

GtkLayoutManager *tend_wrap_layout_new (int spacing);

G_END_DECLS
