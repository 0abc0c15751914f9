/* tend-ui-utils.h: small formatting helpers shared by the workspace widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tend-file-cache.h"

G_BEGIN_DECLS

/* "now", "5 min", "3 h", "Yesterday", "Mon", "12 Mar", "12 Mar 2024":
 * short enough for a list row, relative to @now (both Unix seconds). */
char          *tend_format_relative_time  (gint64       then,
                                           gint64       now);
/* "waiting 5 min", "waiting 3 h", "waiting 2 d". */
char          *tend_format_waiting        (gint64       since,
                                           gint64       now);
/* The full local date and time, for tooltips and message headers. */
char          *tend_format_date_time      (gint64       then);
/* "12 kB", "1.4 MB". */
char          *tend_format_size           (gint64       size);

/* Splits a search snippet with the matched words between U+E000 and
 * U+E001 into plain text (markers removed) and attributes that make the
 * matched words bold. The text is never parsed as markup. At most
 * @max_chars characters of the text are kept (0: all). */
char          *tend_snippet_to_text       (const char     *snippet,
                                           guint           max_chars,
                                           PangoAttrList **attrs);

/* @text (server text) as Pango markup for a label: every character
 * escaped, so nothing in it is markup, and its http, https and mailto
 * addresses made links. Returns NULL when @text holds no address, for
 * the caller to set it as plain text. */
char          *tend_text_to_link_markup   (const char  *text);

/* The first @max_chars characters of @text with line breaks folded into
 * spaces, for one-line labels: a 100 kB message never reaches Pango whole. */
char          *tend_one_line              (const char  *text,
                                           guint        max_chars);

/* Like gtk_widget_set_tooltip_text(), without its cost: on X11 that call
 * asks the server where the pointer is, a round trip per call, which a
 * list binding two hundred rows cannot afford. The text is looked up
 * when the tooltip is about to show. */
void           tend_widget_set_tooltip    (GtkWidget   *widget,
                                           const char  *text);

/* The file cache of the session whose workspace holds @widget, or NULL
 * outside a workspace. */
TendFileCache *tend_widget_find_file_cache (GtkWidget *widget);

/* Deletes @path and everything under it, without following symbolic
 * links out of it (the demo's scratch directory). */
void           tend_remove_tree           (const char  *path);

/* What an asynchronous load's callback needs to know whether its answer
 * still matters: the widget that asked (kept alive until the callback)
 * and the cancellable of that load (a cancelled load may finish anyway,
 * its work done). */
typedef struct
{
  gpointer      owner;
  GCancellable *cancellable;
} TendLoad;

TendLoad      *tend_load_new              (gpointer      owner,
                                           GCancellable *cancellable);
void           tend_load_free             (TendLoad    *load);
/* Whether the load was cancelled (or superseded) since it started. */
gboolean       tend_load_is_stale         (TendLoad    *load);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TendLoad, tend_load_free)

/* TEND_DEBUG=timing: report start-up and ticket-open times on stderr. */
gboolean       tend_debug_timing          (void);
/* TEND_DEBUG=phases: prints how long start-up took to reach @what, in
 * wall-clock and in CPU time (the latter does not grow when other
 * processes compete for the cores). */
void           tend_debug_phase           (const char  *what);

G_END_DECLS
