/* tend-ui-utils.c: small formatting helpers shared by the workspace widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-ui-utils"

#include "config.h"

#include <time.h>

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tend-application.h"
#include "tend-session.h"
#include "tend-ui-utils.h"
#include "tend-workspace.h"

#define MARK_START 0xE000
#define MARK_END   0xE001

/* g_date_time_new_from_unix_local() looks the local zone up on every
 * call; a list formats two dates per row. */
static GDateTime *
local_date_time (gint64 then)
{
  static GTimeZone *local_zone;
  g_autoptr(GDateTime) utc = NULL;

  if (g_once_init_enter (&local_zone))
    g_once_init_leave (&local_zone, g_time_zone_new_local ());

  utc = g_date_time_new_from_unix_utc (then);
  if (utc == NULL)
    return NULL;

  return g_date_time_to_timezone (utc, local_zone);
}

char *
tend_format_relative_time (gint64 then,
                           gint64 now)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) now_dt = NULL;
  gint64 delta = now - then;
  int day_diff;

  if (then <= 0)
    return g_strdup ("");

  if (delta < 60)
    /* Translators: a time in a ticket list, less than a minute ago. */
    return g_strdup (C_("relative time", "now"));
  if (delta < 3600)
    /* Translators: minutes ago, kept short for a list row. */
    return g_strdup_printf (C_("relative time", "%d min"), (int) (delta / 60));

  dt = local_date_time (then);
  now_dt = local_date_time (now);
  if (dt == NULL || now_dt == NULL)
    return g_strdup ("");

  day_diff = g_date_time_get_day_of_year (now_dt) - g_date_time_get_day_of_year (dt);
  if (g_date_time_get_year (now_dt) != g_date_time_get_year (dt))
    day_diff = (int) ((now - then) / 86400) + 1;

  if (delta < 12 * 3600 || (day_diff == 0 && delta < 24 * 3600))
    /* Translators: hours ago, kept short for a list row. */
    return g_strdup_printf (C_("relative time", "%d h"), (int) (delta / 3600));
  if (day_diff <= 1)
    return g_strdup (C_("relative time", "Yesterday"));
  if (day_diff < 7)
    /* Translators: a weekday, as in strftime(3): "Mon". */
    return g_date_time_format (dt, C_("relative time", "%a"));
  if (g_date_time_get_year (now_dt) == g_date_time_get_year (dt))
    /* Translators: a date this year, as in strftime(3): "12 Mar". */
    return g_date_time_format (dt, C_("relative time", "%e %b"));

  /* Translators: a date in another year, as in strftime(3): "12 Mar 2024". */
  return g_date_time_format (dt, C_("relative time", "%e %b %Y"));
}

char *
tend_format_waiting (gint64 since,
                     gint64 now)
{
  gint64 delta = MAX (0, now - since);

  if (delta < 3600)
    /* Translators: the customer has waited this many minutes for an answer. */
    return g_strdup_printf (_("waiting %d min"), (int) MAX (1, delta / 60));
  if (delta < 2 * 86400)
    /* Translators: the customer has waited this many hours for an answer. */
    return g_strdup_printf (_("waiting %d h"), (int) (delta / 3600));

  /* Translators: the customer has waited this many days for an answer. */
  return g_strdup_printf (_("waiting %d d"), (int) (delta / 86400));
}

char *
tend_format_date_time (gint64 then)
{
  g_autoptr(GDateTime) dt = local_date_time (then);

  if (dt == NULL)
    return g_strdup ("");

  /* Translators: a message's full date, as in strftime(3). */
  return g_date_time_format (dt, _("%A %e %B %Y, %H:%M"));
}

char *
tend_format_size (gint64 size)
{
  return g_format_size ((guint64) MAX (0, size));
}

char *
tend_snippet_to_text (const char     *snippet,
                      guint           max_chars,
                      PangoAttrList **attrs)
{
  GString *out;
  PangoAttrList *list = NULL;
  gssize bold_start = -1;
  guint n_chars = 0;

  if (attrs != NULL)
    *attrs = NULL;
  if (snippet == NULL)
    return g_strdup ("");

  out = g_string_sized_new (MIN (strlen (snippet), 1024));
  for (const char *p = snippet; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      /* Invalid UTF-8 would make Pango complain; stop there. */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;

      if (c == MARK_START)
        {
          bold_start = out->len;
          continue;
        }
      if (c == MARK_END)
        {
          if (bold_start >= 0 && attrs != NULL && (gsize) bold_start < out->len)
            {
              PangoAttribute *attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

              attr->start_index = bold_start;
              attr->end_index = out->len;
              if (list == NULL)
                list = pango_attr_list_new ();
              pango_attr_list_insert (list, attr);
            }
          bold_start = -1;
          continue;
        }

      if (max_chars > 0 && n_chars >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
      n_chars++;
    }

  /* A highlight cut off by the length limit still ends at the text's end. */
  if (bold_start >= 0 && attrs != NULL && (gsize) bold_start < out->len)
    {
      PangoAttribute *attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

      attr->start_index = bold_start;
      attr->end_index = out->len;
      if (list == NULL)
        list = pango_attr_list_new ();
      pango_attr_list_insert (list, attr);
    }

  if (attrs != NULL)
    *attrs = list;

  return g_string_free (out, FALSE);
}

static gsize
url_length (const char *p)
{
  static const char * const schemes[] = { "https://", "http://", "mailto:" };
  gsize scheme = 0;
  gsize len;
  gboolean open_paren = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (schemes) && scheme == 0; i++)
    if (g_ascii_strncasecmp (p, schemes[i], strlen (schemes[i])) == 0)
      scheme = strlen (schemes[i]);
  if (scheme == 0)
    return 0;

  /* Up to a space or a character no address holds as such. */
  for (len = scheme; p[len] != '\0'; len++)
    {
      guchar c = p[len];

      if (g_ascii_isspace (c) || c == '<' || c == '>' || c == '"' || c < 0x20)
        break;
      if (c == '(')
        open_paren = TRUE;
    }
  /* The sentence's punctuation, not the address's: "see https://x.org." */
  while (len > scheme && strchr (".,;:!?'", p[len - 1]) != NULL)
    len--;
  if (len > scheme && p[len - 1] == ')' && !open_paren)
    len--;

  return len > scheme ? len : 0;
}

char *
tend_text_to_link_markup (const char *text)
{
  GString *out;
  const char *plain;
  gboolean any = FALSE;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text) + 64);
  plain = text;
  for (const char *p = text; *p != '\0'; p++)
    {
      gsize len;

      /* An address starts a word. */
      if (p != text && !g_ascii_isspace (p[-1]) && strchr ("(<[\"'", p[-1]) == NULL)
        continue;
      len = url_length (p);
      if (len == 0)
        continue;

      {
        g_autofree char *before = g_markup_escape_text (plain, p - plain);
        g_autofree char *url = g_markup_escape_text (p, len);

        g_string_append (out, before);
        g_string_append_printf (out, "<a href=\"%s\">%s</a>", url, url);
      }
      p += len - 1;
      plain = p + 1;
      any = TRUE;
    }

  if (!any)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  {
    g_autofree char *rest = g_markup_escape_text (plain, -1);

    g_string_append (out, rest);
  }
  return g_string_free (out, FALSE);
}

char *
tend_one_line (const char *text,
               guint       max_chars)
{
  g_autofree char *plain = tend_snippet_to_text (text, max_chars, NULL);

  return g_strstrip (g_steal_pointer (&plain));
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "tend-tooltip");

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
tend_widget_set_tooltip (GtkWidget  *widget,
                         const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), "tend-tooltip-handler") == NULL)
    {
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
      g_object_set_data (G_OBJECT (widget), "tend-tooltip-handler", GINT_TO_POINTER (TRUE));
      gtk_widget_set_has_tooltip (widget, TRUE);
    }

  g_object_set_data_full (G_OBJECT (widget), "tend-tooltip", g_strdup (text), g_free);
}

enum {
  DEBUG_TIMING = 1 << 0,
  DEBUG_PHASES = 1 << 1,
};

static guint
debug_flags (void)
{
  static gsize initialized = 0;
  static guint flags = 0;

  if (g_once_init_enter (&initialized))
    {
      static const GDebugKey keys[] = {
        { "timing", DEBUG_TIMING },
        { "phases", DEBUG_PHASES | DEBUG_TIMING },
      };

      flags = g_parse_debug_string (g_getenv ("TEND_DEBUG"), keys, G_N_ELEMENTS (keys));
      g_once_init_leave (&initialized, 1);
    }

  return flags;
}

gboolean
tend_debug_timing (void)
{
  return (debug_flags () & DEBUG_TIMING) != 0;
}

void
tend_debug_phase (const char *what)
{
  struct timespec cpu;
  gint64 start = tend_application_get_process_start ();

  if ((debug_flags () & DEBUG_PHASES) == 0 || start == 0)
    return;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);
  g_printerr ("phase %-24s %7.1f ms wall %7.1f ms cpu\n", what,
              (g_get_monotonic_time () - start) / 1000.0,
              cpu.tv_sec * 1000.0 + cpu.tv_nsec / 1e6);
}

TendFileCache *
tend_widget_find_file_cache (GtkWidget *widget)
{
  GtkWidget *workspace = gtk_widget_get_ancestor (widget, TEND_TYPE_WORKSPACE);
  TendSession *session;

  session = workspace != NULL ? tend_workspace_get_session (TEND_WORKSPACE (workspace)) : NULL;
  return session != NULL ? tend_session_get_file_cache (session) : NULL;
}

void
tend_remove_tree (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          tend_remove_tree (child);
        }
      if (g_rmdir (path) != 0 && errno != ENOENT)
        g_debug ("Could not remove %s: %s", path, g_strerror (errno));
    }
  else if (g_unlink (path) != 0 && errno != ENOENT)
    {
      g_debug ("Could not remove %s: %s", path, g_strerror (errno));
    }
}

TendLoad *
tend_load_new (gpointer      owner,
               GCancellable *cancellable)
{
  TendLoad *load = g_new0 (TendLoad, 1);

  load->owner = g_object_ref (owner);
  load->cancellable = g_object_ref (cancellable);
  return load;
}

void
tend_load_free (TendLoad *load)
{
  g_object_unref (load->owner);
  g_object_unref (load->cancellable);
  g_free (load);
}

gboolean
tend_load_is_stale (TendLoad *load)
{
  return g_cancellable_is_cancelled (load->cancellable);
}
