/* tend-ticket-row.c: one ticket in the inbox list
 *
 *   [initials] requester ........ [outbox] [!] time
 *              subject .................. (status)
 *              snippet ................ (waiting)
 *
 * The row draws itself: one widget, one CSS node ("ticketrow") and a
 * PangoLayout per text, rather than a grid of eleven widgets. GTK 4.8's
 * list view moves a page of rows in every frame of a scroll, and each
 * widget it moves is styled again; each label given a new text queued a
 * resize, after which GDK measured the whole window. Here another ticket
 * only queues a draw: the row's height comes from the font, never from
 * the text, and only rows on screen lay their text out.
 *
 * Its look still comes from CSS: the "ticketrow" node gives the padding,
 * the font and the text colour, and the named colours tend_* of style.css
 * (shared with the status pills and initials elsewhere in the window)
 * give the pills, discs and marks, for the light, dark and high-contrast
 * styles alike. The sizes below follow Adwaita's: "smaller" text is 1/1.2
 * of the row's, the time a .caption (9 pt), pills "x-small" (3/4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-ticket-row"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "tend-clock.h"
#include "tend-ticket-row.h"
#include "tend-ui-utils.h"

/* A row shows one line of each; longer text would only cost layout time
 * (a 100 kB subject or message must not reach Pango whole). */
#define MAX_SUBJECT_CHARS 300
#define MAX_SNIPPET_CHARS 160

#define AVATAR_SIZE    36    /* the initials disc */
#define INITIALS_PX    13    /* its text, in pixels */
#define AVATAR_GAP     12    /* between the disc and the text */
#define COLUMN_GAP     6     /* between a text and what ends its line */
#define LINE_GAP       2
#define SUBJECT_TOP    1     /* a little air above the subject */
#define MARK_SIZE      14    /* priority and outbox marks */
#define MARK_GAP       4
#define PILL_PAD_X     8
#define PILL_PAD_Y     1
#define BADGE_PAD_X    6

#define SCALE_SNIPPET  (1.0 / 1.2)  /* CSS "smaller" */
#define CAPTION_PT     9            /* libadwaita 1.2's .caption */
#define TIME_MIN_EMS   3            /* marks line up above "now" and "12 min" */
#define SCALE_PILL     0.75         /* CSS "x-small" */
#define DIM_ALPHA      0.55         /* .dim-label, as a colour */

#define N_AVATAR_COLOURS 8

typedef struct
{
  int ascent;
  int descent;
} LineFont;

struct _TendTicketRow
{
  GtkWidget   parent_instance;

  TendTicket *ticket;
  gulong      notify_id;

  PangoLayout   *layouts[TEND_TICKET_ROW_N_TEXTS];
  PangoAttrList *highlights;   /* matched words in the snippet, or NULL */
  char          *date;         /* the time's tooltip */

  TendTicketStatus   status;
  TendTicketPriority priority;
  guint              colour;   /* 1 … N_AVATAR_COLOURS */
  guint unread : 1;
  guint urgent : 1;
  guint pending : 1;
  guint attention : 1;
  guint waiting : 1;

  /* Fonts, from the widget's Pango context (see ensure_metrics()). */
  guint    context_serial;
  LineFont font_base;
  LineFont font_snippet;
  LineFont font_caption;
  LineFont font_pill;
  int      char_width;
  int      caption_char_width;
  int      time_min_width;
  int      height;

  /* Where the last frame put what has a tooltip. */
  graphene_rect_t time_area;
  graphene_rect_t priority_area;
  graphene_rect_t outbox_area;

  GtkIconPaintable *priority_icon;
  GtkIconPaintable *pending_icon;
  GtkIconPaintable *attention_icon;
};

G_DEFINE_FINAL_TYPE (TendTicketRow, tend_ticket_row, GTK_TYPE_WIDGET)

/* Statuses are named as in the store: "status-open" for a pill's CSS
 * class, "tend_status_open_fg" for a row's colour. */
#define N_STATUSES (TEND_TICKET_STATUS_DELETED + 1)

/* Shared with the ticket view's header, so both show a status alike. */
void _tend_status_pill_update (GtkWidget        *pill,
                               TendTicketStatus  status);

void
_tend_status_pill_update (GtkWidget        *pill,
                          TendTicketStatus  status)
{
  char class_name[32];

  /* Only what changes: removing the class a pill keeps, to add it again,
   * would restyle it. */
  for (guint i = 0; i < N_STATUSES; i++)
    if (i != status)
      {
        g_snprintf (class_name, sizeof class_name, "status-%s", tend_ticket_status_to_string (i));
        gtk_widget_remove_css_class (pill, class_name);
      }
  if (status < N_STATUSES)
    {
      g_snprintf (class_name, sizeof class_name, "status-%s", tend_ticket_status_to_string (status));
      gtk_widget_add_css_class (pill, class_name);
    }
  gtk_label_set_text (GTK_LABEL (pill), tend_ticket_status_get_label (status));
}

/* The initials of @name and the colour (1 … N_AVATAR_COLOURS) its disc
 * gets: the same person always gets the same colour. */
static char *
initials_for (const char *name,
              guint      *colour)
{
  g_autoptr(TendUser) user = tend_user_new (0);

  /* The engine knows how to pick initials (names, e-mail addresses). */
  tend_user_set_name (user, name);
  *colour = g_str_hash (name ? name : "") % N_AVATAR_COLOURS + 1;

  return tend_user_dup_initials (user);
}

/* Shared with the conversation's message rows and the customer panel. Not
 * an AdwAvatar: a label with the initials on a coloured disc looks the
 * same and costs far less. */
void _tend_initials_update (GtkLabel   *label,
                            const char *name);

void
_tend_initials_update (GtkLabel   *label,
                       const char *name)
{
  guint old_colour = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "tend-colour"));
  g_autofree char *initials = NULL;
  char class_name[16];
  guint colour;

  initials = initials_for (name, &colour);
  gtk_label_set_text (label, initials);

  if (colour != old_colour)
    {
      if (old_colour != 0)
        {
          g_snprintf (class_name, sizeof class_name, "colour%u", old_colour);
          gtk_widget_remove_css_class (GTK_WIDGET (label), class_name);
        }
      g_snprintf (class_name, sizeof class_name, "colour%u", colour);
      gtk_widget_add_css_class (GTK_WIDGET (label), class_name);
      g_object_set_data (G_OBJECT (label), "tend-colour", GUINT_TO_POINTER (colour));
    }
}

/* Colours */

/* The named colours of style.css, looked up once per style: every row
 * shares them, and they change only with the style (light, dark, high
 * contrast or another theme). */
typedef struct
{
  gboolean valid;
  gboolean watching;
  GdkRGBA  avatar[N_AVATAR_COLOURS + 1];
  GdkRGBA  status_fg[N_STATUSES];
  GdkRGBA  status_bg[N_STATUSES];
  GdkRGBA  priority_high;
  GdkRGBA  priority_urgent;
  GdkRGBA  waiting_fg;
  GdkRGBA  waiting_bg;
  GdkRGBA  attention;
} Palette;

static Palette palette;

static void
invalidate_palette (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  palette.valid = FALSE;
}

static void
lookup (GtkStyleContext *context,
        const char      *name,
        const GdkRGBA   *fallback,
        GdkRGBA         *colour)
{
  if (!gtk_style_context_lookup_color (context, name, colour))
    *colour = *fallback;
}

static const Palette *
get_palette (GtkWidget     *widget,
             const GdkRGBA *fg)
{
  GtkStyleContext *context;
  GdkRGBA faint = { fg->red, fg->green, fg->blue, fg->alpha * 0.1 };
  GdkRGBA grey = { 0.37, 0.36, 0.39, 1 };
  char name[32];

  if (palette.valid)
    return &palette;

  if (!palette.watching)
    {
      palette.watching = TRUE;
      /* Rows draw themselves again then (tend_ticket_row_init()). */
      g_signal_connect (adw_style_manager_get_default (), "notify::dark",
                        G_CALLBACK (invalidate_palette), NULL);
      g_signal_connect (adw_style_manager_get_default (), "notify::high-contrast",
                        G_CALLBACK (invalidate_palette), NULL);
      g_signal_connect (gtk_widget_get_settings (widget), "notify::gtk-theme-name",
                        G_CALLBACK (invalidate_palette), NULL);
    }

  /* Without Tend's style sheet (a row in a test), plain colours. */
  context = gtk_widget_get_style_context (widget);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (guint i = 1; i <= N_AVATAR_COLOURS; i++)
    {
      g_snprintf (name, sizeof name, "tend_avatar_%u", i);
      lookup (context, name, &grey, &palette.avatar[i]);
    }
  palette.avatar[0] = grey;
  for (guint i = 0; i < N_STATUSES; i++)
    {
      g_snprintf (name, sizeof name, "tend_status_%s_fg", tend_ticket_status_to_string (i));
      lookup (context, name, fg, &palette.status_fg[i]);
      g_snprintf (name, sizeof name, "tend_status_%s_bg", tend_ticket_status_to_string (i));
      lookup (context, name, &faint, &palette.status_bg[i]);
    }
  lookup (context, "tend_priority_high", fg, &palette.priority_high);
  lookup (context, "tend_priority_urgent", fg, &palette.priority_urgent);
  lookup (context, "tend_waiting_fg", fg, &palette.waiting_fg);
  lookup (context, "tend_waiting_bg", &faint, &palette.waiting_bg);
  lookup (context, "tend_outbox_attention", fg, &palette.attention);
  G_GNUC_END_IGNORE_DEPRECATIONS
  palette.valid = TRUE;

  return &palette;
}

/* Fonts */

static PangoAttrList *
font_attrs (double      scale,
            PangoWeight weight)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (weight != PANGO_WEIGHT_NORMAL)
    pango_attr_list_insert (attrs, pango_attr_weight_new (weight));

  return attrs;
}

/* @scale of the row's font, or @points if not 0. */
static void
measure_font (PangoContext *context,
              double        scale,
              int           points,
              LineFont     *font,
              int          *char_width)
{
  PangoFontDescription *desc = pango_font_description_copy (pango_context_get_font_description (context));
  PangoFontMetrics *metrics;
  int size = pango_font_description_get_size (desc);

  if (points != 0)
    pango_font_description_set_size (desc, points * PANGO_SCALE);
  else if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (desc, size * scale);
  else
    pango_font_description_set_size (desc, (int) (size * scale));

  metrics = pango_context_get_metrics (context, desc, NULL);
  font->ascent = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics));
  font->descent = PANGO_PIXELS_CEIL (pango_font_metrics_get_descent (metrics));
  if (char_width != NULL)
    *char_width = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_char_width (metrics));

  pango_font_metrics_unref (metrics);
  pango_font_description_free (desc);
}

static int
font_height (const LineFont *font)
{
  return font->ascent + font->descent;
}

/* The three lines' heights. */
static int
line1_height (TendTicketRow *self)
{
  return MAX (MAX (font_height (&self->font_base), font_height (&self->font_caption)), MARK_SIZE);
}

static int
pill_height (TendTicketRow *self)
{
  return font_height (&self->font_pill) + 2 * PILL_PAD_Y;
}

static int
line2_height (TendTicketRow *self)
{
  return MAX (SUBJECT_TOP + font_height (&self->font_base), pill_height (self));
}

static int
line3_height (TendTicketRow *self)
{
  return MAX (font_height (&self->font_snippet), font_height (&self->font_pill));
}

/* The row's fonts change only with the style or the font settings; the
 * Pango context counts its changes. */
static void
ensure_metrics (TendTicketRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);
  double dpi;

  if (serial == self->context_serial && self->height > 0)
    return;

  self->context_serial = serial;
  measure_font (context, 1.0, 0, &self->font_base, &self->char_width);
  measure_font (context, SCALE_SNIPPET, 0, &self->font_snippet, NULL);
  measure_font (context, 1.0, CAPTION_PT, &self->font_caption, &self->caption_char_width);
  measure_font (context, SCALE_PILL, 0, &self->font_pill, NULL);
  /* Ems of the caption: its size in pixels at the context's resolution. */
  dpi = pango_cairo_context_get_resolution (context);
  self->time_min_width = (int) ceil (TIME_MIN_EMS * CAPTION_PT * (dpi > 0 ? dpi : 96.0) / 72.0);
  self->height = MAX (line1_height (self) + LINE_GAP + line2_height (self) + LINE_GAP + line3_height (self),
                      AVATAR_SIZE);
}

/* Texts */

static gboolean
is_unsolved (TendTicketStatus status)
{
  return status == TEND_TICKET_STATUS_NEW ||
         status == TEND_TICKET_STATUS_OPEN ||
         status == TEND_TICKET_STATUS_PENDING ||
         status == TEND_TICKET_STATUS_HOLD;
}

static void
set_text (TendTicketRow     *self,
          TendTicketRowText  which,
          const char        *text)
{
  PangoLayout *layout = self->layouts[which];

  /* Setting the same text would lay it out again all the same. */
  if (g_strcmp0 (pango_layout_get_text (layout), text) != 0)
    pango_layout_set_text (layout, text, -1);
}

static void
set_emphasis (TendTicketRow *self,
              gboolean       unread)
{
  PangoWeight weight = unread ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_MEDIUM;
  g_autoptr(PangoAttrList) requester = font_attrs (1.0, weight);
  g_autoptr(PangoAttrList) subject = font_attrs (1.0, unread ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);

  pango_layout_set_attributes (self->layouts[TEND_TICKET_ROW_REQUESTER], requester);
  pango_layout_set_attributes (self->layouts[TEND_TICKET_ROW_SUBJECT], subject);
}

static void
set_highlights (TendTicketRow *self,
                PangoAttrList *highlights)
{
  g_autoptr(PangoAttrList) attrs = NULL;

  /* Nothing to add and nothing to take away: the layout stays. */
  if (highlights == NULL && self->highlights == NULL)
    return;

  g_clear_pointer (&self->highlights, pango_attr_list_unref);
  attrs = font_attrs (SCALE_SNIPPET, PANGO_WEIGHT_NORMAL);
  if (highlights != NULL)
    {
      self->highlights = pango_attr_list_ref (highlights);
      pango_attr_list_splice (attrs, highlights, 0, 0);
    }
  pango_layout_set_attributes (self->layouts[TEND_TICKET_ROW_SNIPPET], attrs);
}

static const char *
outbox_text (TendTicketRow *self)
{
  if (self->attention)
    return _("A change waits for your decision in the Outbox");
  if (self->pending)
    return _("A change waits in the Outbox to be sent");
  return NULL;
}

static void
tend_ticket_row_update (TendTicketRow *self)
{
  TendTicket *ticket = self->ticket;
  g_autoptr(PangoAttrList) highlights = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *time = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *initials = NULL;
  g_autofree char *accessible = NULL;
  const char *name;
  const char *search_snippet;
  const char *outbox = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 when;
  gboolean unread;

  if (ticket == NULL)
    return;

  name = tend_ticket_get_requester_name (ticket);
  if (name == NULL || *name == '\0')
    name = tend_ticket_get_requester_email (ticket);
  if (name == NULL || *name == '\0')
    name = _("Unknown requester");

  subject = tend_one_line (tend_ticket_get_subject (ticket), MAX_SUBJECT_CHARS);
  if (*subject == '\0')
    {
      g_free (subject);
      subject = g_strdup (_("(No subject)"));
    }

  search_snippet = tend_ticket_get_search_snippet (ticket);
  if (search_snippet != NULL && *search_snippet != '\0')
    snippet = tend_snippet_to_text (search_snippet, MAX_SNIPPET_CHARS, &highlights);
  else if (tend_ticket_get_last_message (ticket) != NULL)
    snippet = tend_one_line (tend_ticket_get_last_message (ticket), MAX_SNIPPET_CHARS);
  else
    snippet = tend_one_line (tend_ticket_get_description (ticket), MAX_SNIPPET_CHARS);

  when = tend_ticket_get_last_message_at (ticket);
  if (when <= 0)
    when = tend_ticket_get_updated_at (ticket);
  time = tend_format_relative_time (when, now);
  g_free (self->date);
  self->date = tend_format_date_time (when);

  self->status = tend_ticket_get_status (ticket);
  self->priority = tend_ticket_get_priority (ticket);
  self->urgent = self->priority == TEND_TICKET_PRIORITY_HIGH || self->priority == TEND_TICKET_PRIORITY_URGENT;
  self->pending = tend_ticket_get_pending (ticket);
  self->attention = tend_ticket_get_needs_attention (ticket);
  outbox = outbox_text (self);

  if (tend_ticket_get_waiting_since (ticket) != 0 && is_unsolved (self->status))
    waiting = tend_format_waiting (tend_ticket_get_waiting_since (ticket), now);
  self->waiting = waiting != NULL;

  unread = tend_ticket_get_unread (ticket);
  if (unread != self->unread)
    set_emphasis (self, unread);
  self->unread = unread;

  initials = initials_for (name, &self->colour);
  set_text (self, TEND_TICKET_ROW_INITIALS, initials);
  set_text (self, TEND_TICKET_ROW_REQUESTER, name);
  set_text (self, TEND_TICKET_ROW_TIME, time);
  set_text (self, TEND_TICKET_ROW_SUBJECT, subject);
  set_text (self, TEND_TICKET_ROW_STATUS, tend_ticket_status_get_label (self->status));
  set_text (self, TEND_TICKET_ROW_SNIPPET, snippet);
  set_highlights (self, highlights);
  set_text (self, TEND_TICKET_ROW_WAITING, waiting ? waiting : "");

  /* One sentence for a screen reader. */
  accessible = g_strdup_printf ("%s%s: %s. %s%s%s%s%s. %s%s%s",
                                unread ? _("Unread. ") : "",
                                name, subject,
                                tend_ticket_status_get_label (self->status),
                                self->urgent ? ", " : "",
                                self->urgent ? tend_ticket_priority_get_label (self->priority) : "",
                                waiting ? ", " : "",
                                waiting ? waiting : "",
                                self->date,
                                outbox ? ". " : "",
                                outbox ? outbox : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  /* The height stays: a draw, never a resize. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_ticket_notify (TendTicketRow *self,
                  GParamSpec    *pspec,
                  TendTicket    *ticket)
{
  tend_ticket_row_update (self);
}

/* Drawing */

static void
clear_icons (TendTicketRow *self)
{
  g_clear_object (&self->priority_icon);
  g_clear_object (&self->pending_icon);
  g_clear_object (&self->attention_icon);
}

static GtkIconPaintable *
get_icon (TendTicketRow     *self,
          GtkIconPaintable **icon,
          const char        *name)
{
  if (*icon == NULL)
    {
      GtkWidget *widget = GTK_WIDGET (self);
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));

      *icon = gtk_icon_theme_lookup_icon (theme, name, NULL, MARK_SIZE,
                                          gtk_widget_get_scale_factor (widget),
                                          gtk_widget_get_direction (widget), 0);
    }

  return *icon;
}

/* @x is from the start of the line: the right edge in a right-to-left
 * locale. */
static graphene_rect_t
place (TendTicketRow *self,
       double         x,
       double         y,
       double         width,
       double         height)
{
  graphene_rect_t rect;

  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    x = gtk_widget_get_width (GTK_WIDGET (self)) - x - width;
  graphene_rect_init (&rect, x, y, width, height);

  return rect;
}

static int
text_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Draws @layout with its baseline at @baseline. */
static void
draw_text (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           double         x,
           int            baseline,
           const GdkRGBA *colour)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, baseline - pango_layout_get_baseline (layout) / PANGO_SCALE));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

/* Lays @layout out to end with an ellipsis within @width and draws it at
 * the start of that space. Each text reads in its own direction (an
 * Arabic subject right to left), but starts where the row's texts start,
 * as in a column. */
static void
draw_line (TendTicketRow *self,
           GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           double         x,
           int            width,
           int            baseline,
           const GdkRGBA *colour)
{
  PangoRectangle logical;
  graphene_rect_t rect;

  if (width < 1)
    return;
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  rect = place (self, x, 0, width, 0);
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    x = rect.origin.x + width - (logical.x + logical.width);
  else
    x = rect.origin.x - logical.x;
  draw_text (snapshot, layout, x, baseline, colour);
}

static void
draw_pill (GtkSnapshot           *snapshot,
           const graphene_rect_t *rect,
           const GdkRGBA         *colour)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, rect->size.height / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, colour, rect);
  gtk_snapshot_pop (snapshot);
}

static void
draw_mark (GtkSnapshot           *snapshot,
           GtkIconPaintable      *icon,
           const graphene_rect_t *rect,
           const GdkRGBA         *colour)
{
  if (icon == NULL)
    return;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &rect->origin);
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                            rect->size.width, rect->size.height, colour, 1);
  gtk_snapshot_restore (snapshot);
}

static void
tend_ticket_row_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  TendTicketRow *self = TEND_TICKET_ROW (widget);
  PangoLayout **layouts = self->layouts;
  const Palette *colours;
  GdkRGBA fg;
  GdkRGBA dim;
  GdkRGBA white = { 1, 1, 1, 1 };
  graphene_rect_t rect;
  int width = gtk_widget_get_width (widget);
  int text_x = AVATAR_SIZE + AVATAR_GAP;
  int end;
  int top;
  int baseline;
  int w;

  if (self->ticket == NULL)
    return;

  ensure_metrics (self);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= DIM_ALPHA;
  colours = get_palette (widget, &fg);

  /* The initials on their disc */
  rect = place (self, 0, 0, AVATAR_SIZE, AVATAR_SIZE);
  draw_pill (snapshot, &rect, &colours->avatar[self->colour]);
  w = text_width (layouts[TEND_TICKET_ROW_INITIALS]);
  {
    int h;

    pango_layout_get_pixel_size (layouts[TEND_TICKET_ROW_INITIALS], NULL, &h);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rect.origin.x + (AVATAR_SIZE - w) / 2.0,
                                                            (AVATAR_SIZE - h) / 2.0));
    gtk_snapshot_append_layout (snapshot, layouts[TEND_TICKET_ROW_INITIALS], &white);
    gtk_snapshot_restore (snapshot);
  }

  /* 1. requester ........ [outbox] [!] time */
  top = 0;
  baseline = top + (line1_height (self) - font_height (&self->font_base)) / 2 + self->font_base.ascent;
  w = text_width (layouts[TEND_TICKET_ROW_TIME]);
  end = width - MAX (w, self->time_min_width);
  self->time_area = place (self, width - w, top, w, line1_height (self));
  draw_text (snapshot, layouts[TEND_TICKET_ROW_TIME], self->time_area.origin.x, baseline, &dim);

  graphene_rect_init (&self->priority_area, 0, 0, 0, 0);
  if (self->urgent)
    {
      end -= COLUMN_GAP + MARK_SIZE;
      self->priority_area = place (self, end, top + (line1_height (self) - MARK_SIZE) / 2, MARK_SIZE, MARK_SIZE);
      draw_mark (snapshot, get_icon (self, &self->priority_icon, "emblem-important-symbolic"),
                 &self->priority_area,
                 self->priority == TEND_TICKET_PRIORITY_URGENT ? &colours->priority_urgent : &colours->priority_high);
    }

  graphene_rect_init (&self->outbox_area, 0, 0, 0, 0);
  if (self->pending || self->attention)
    {
      end -= (self->urgent ? MARK_GAP : COLUMN_GAP) + MARK_SIZE;
      self->outbox_area = place (self, end, top + (line1_height (self) - MARK_SIZE) / 2, MARK_SIZE, MARK_SIZE);
      if (self->attention)
        draw_mark (snapshot, get_icon (self, &self->attention_icon, "dialog-warning-symbolic"),
                   &self->outbox_area, &colours->attention);
      else
        draw_mark (snapshot, get_icon (self, &self->pending_icon, "mail-send-symbolic"),
                   &self->outbox_area, &dim);
    }

  draw_line (self, snapshot, layouts[TEND_TICKET_ROW_REQUESTER], text_x,
             end - COLUMN_GAP - text_x, baseline, &fg);

  /* 2. subject .................. (status) */
  top += line1_height (self) + LINE_GAP;
  baseline = top + SUBJECT_TOP + (line2_height (self) - SUBJECT_TOP - font_height (&self->font_base)) / 2 +
             self->font_base.ascent;
  w = text_width (layouts[TEND_TICKET_ROW_STATUS]) + 2 * PILL_PAD_X;
  end = width - w;
  rect = place (self, end, top + (line2_height (self) - pill_height (self)) / 2, w, pill_height (self));
  if (self->status < N_STATUSES)
    {
      draw_pill (snapshot, &rect, &colours->status_bg[self->status]);
      draw_text (snapshot, layouts[TEND_TICKET_ROW_STATUS], rect.origin.x + PILL_PAD_X,
                 rect.origin.y + PILL_PAD_Y + self->font_pill.ascent, &colours->status_fg[self->status]);
    }
  draw_line (self, snapshot, layouts[TEND_TICKET_ROW_SUBJECT], text_x,
             end - COLUMN_GAP - text_x, baseline, &fg);

  /* 3. snippet ................ (waiting) */
  top += line2_height (self) + LINE_GAP;
  baseline = top + (line3_height (self) - font_height (&self->font_snippet)) / 2 + self->font_snippet.ascent;
  end = width + COLUMN_GAP;
  if (self->waiting)
    {
      int h = line3_height (self);

      w = text_width (layouts[TEND_TICKET_ROW_WAITING]) + 2 * BADGE_PAD_X;
      end = width - w;
      rect = place (self, end, top + (line3_height (self) - h) / 2, w, h);
      draw_pill (snapshot, &rect, &colours->waiting_bg);
      draw_text (snapshot, layouts[TEND_TICKET_ROW_WAITING], rect.origin.x + BADGE_PAD_X,
                 rect.origin.y + (h - font_height (&self->font_pill)) / 2 + self->font_pill.ascent,
                 &colours->waiting_fg);
    }
  draw_line (self, snapshot, layouts[TEND_TICKET_ROW_SNIPPET], text_x,
             end - COLUMN_GAP - text_x, baseline, &dim);
}

static void
tend_ticket_row_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  TendTicketRow *self = TEND_TICKET_ROW (widget);

  ensure_metrics (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Some of each text, and room for the longest things that end a
       * line: two marks and a date ("12 Sept 2025") in the first line.
       * Counted in characters, not measured on the text. */
      int trailing = 2 * (MARK_SIZE + COLUMN_GAP) + MAX (12 * self->caption_char_width, self->time_min_width);

      *minimum = AVATAR_SIZE + AVATAR_GAP + 8 * self->char_width + COLUMN_GAP + trailing;
      *natural = AVATAR_SIZE + AVATAR_GAP + 40 * self->char_width + COLUMN_GAP + trailing;
    }
  else
    {
      *minimum = *natural = self->height;
    }
}

static gboolean
set_tooltip (GtkTooltip            *tooltip,
             const graphene_rect_t *area,
             const char            *text)
{
  GdkRectangle rect = {
    floor (area->origin.x), floor (area->origin.y),
    ceil (area->size.width), ceil (area->size.height),
  };

  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &rect);
  return TRUE;
}

static gboolean
tend_ticket_row_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard_mode,
                               GtkTooltip *tooltip)
{
  TendTicketRow *self = TEND_TICKET_ROW (widget);
  graphene_point_t point = GRAPHENE_POINT_INIT (x, y);

  if (self->ticket == NULL || keyboard_mode)
    return FALSE;

  if (graphene_rect_contains_point (&self->time_area, &point) && self->date != NULL)
    return set_tooltip (tooltip, &self->time_area, self->date);
  if (self->urgent && graphene_rect_contains_point (&self->priority_area, &point))
    return set_tooltip (tooltip, &self->priority_area, tend_ticket_priority_get_label (self->priority));
  if ((self->pending || self->attention) && graphene_rect_contains_point (&self->outbox_area, &point))
    return set_tooltip (tooltip, &self->outbox_area, outbox_text (self));

  return FALSE;
}

static void
tend_ticket_row_direction_changed (GtkWidget        *widget,
                                   GtkTextDirection  previous)
{
  clear_icons (TEND_TICKET_ROW (widget));

  GTK_WIDGET_CLASS (tend_ticket_row_parent_class)->direction_changed (widget, previous);
}

static void
tend_ticket_row_system_setting_changed (GtkWidget        *widget,
                                        GtkSystemSetting  setting)
{
  if (setting == GTK_SYSTEM_SETTING_ICON_THEME)
    {
      clear_icons (TEND_TICKET_ROW (widget));
      gtk_widget_queue_draw (widget);
    }

  GTK_WIDGET_CLASS (tend_ticket_row_parent_class)->system_setting_changed (widget, setting);
}

static void
tend_ticket_row_dispose (GObject *object)
{
  TendTicketRow *self = TEND_TICKET_ROW (object);

  tend_ticket_row_set_ticket (self, NULL);
  for (guint i = 0; i < TEND_TICKET_ROW_N_TEXTS; i++)
    g_clear_object (&self->layouts[i]);
  g_clear_pointer (&self->highlights, pango_attr_list_unref);
  g_clear_pointer (&self->date, g_free);
  clear_icons (self);

  G_OBJECT_CLASS (tend_ticket_row_parent_class)->dispose (object);
}

static void
tend_ticket_row_class_init (TendTicketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_ticket_row_dispose;

  widget_class->measure = tend_ticket_row_measure;
  widget_class->snapshot = tend_ticket_row_snapshot;
  widget_class->query_tooltip = tend_ticket_row_query_tooltip;
  widget_class->direction_changed = tend_ticket_row_direction_changed;
  widget_class->system_setting_changed = tend_ticket_row_system_setting_changed;

  gtk_widget_class_set_css_name (widget_class, "ticketrow");
}

static void
on_scale_factor_changed (TendTicketRow *self)
{
  clear_icons (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
tend_ticket_row_init (TendTicketRow *self)
{
  static const struct {
    double      scale;
    PangoWeight weight;
  } fonts[] = {
    [TEND_TICKET_ROW_INITIALS] = { 1.0, PANGO_WEIGHT_BOLD },
    [TEND_TICKET_ROW_REQUESTER] = { 1.0, PANGO_WEIGHT_MEDIUM },
    [TEND_TICKET_ROW_TIME] = { 1.0, PANGO_WEIGHT_NORMAL },
    [TEND_TICKET_ROW_SUBJECT] = { 1.0, PANGO_WEIGHT_NORMAL },
    [TEND_TICKET_ROW_STATUS] = { SCALE_PILL, PANGO_WEIGHT_BOLD },
    [TEND_TICKET_ROW_SNIPPET] = { SCALE_SNIPPET, PANGO_WEIGHT_NORMAL },
    [TEND_TICKET_ROW_WAITING] = { SCALE_PILL, PANGO_WEIGHT_BOLD },
  };
  GtkWidget *widget = GTK_WIDGET (self);

  for (guint i = 0; i < TEND_TICKET_ROW_N_TEXTS; i++)
    {
      g_autoptr(PangoAttrList) attrs = font_attrs (fonts[i].scale, fonts[i].weight);
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);

      pango_layout_set_single_paragraph_mode (layout, TRUE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      if (i == TEND_TICKET_ROW_INITIALS)
        pango_attr_list_insert (attrs, pango_attr_size_new_absolute (INITIALS_PX * PANGO_SCALE));
      if (i == TEND_TICKET_ROW_TIME)
        {
          pango_attr_list_insert (attrs, pango_attr_size_new (CAPTION_PT * PANGO_SCALE));
          pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
        }
      pango_layout_set_attributes (layout, attrs);
      self->layouts[i] = layout;
    }

  gtk_widget_add_css_class (widget, "ticket-row");
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed), NULL);

  /* A new style changes the named colours, maybe not the row's own. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  /* "3 min" becomes "4 min" without a reload. */
  g_signal_connect_object (tend_clock_get_default (), "minute",
                           G_CALLBACK (tend_ticket_row_update), self, G_CONNECT_SWAPPED);
}

GtkWidget *
tend_ticket_row_new (void)
{
  return g_object_new (TEND_TYPE_TICKET_ROW, NULL);
}

TendTicket *
tend_ticket_row_get_ticket (TendTicketRow *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_ROW (self), NULL);

  return self->ticket;
}

void
tend_ticket_row_set_ticket (TendTicketRow *self,
                            TendTicket    *ticket)
{
  g_return_if_fail (TEND_IS_TICKET_ROW (self));
  g_return_if_fail (ticket == NULL || TEND_IS_TICKET (ticket));

  if (self->ticket == ticket)
    return;

  if (self->ticket != NULL)
    g_clear_signal_handler (&self->notify_id, self->ticket);
  g_set_object (&self->ticket, ticket);

  /* The list refreshes a ticket in place (unread, status, a new message):
   * follow it rather than wait for a rebind. */
  if (ticket != NULL)
    {
      self->notify_id = g_signal_connect_object (ticket, "notify",
                                                 G_CALLBACK (on_ticket_notify), self,
                                                 G_CONNECT_SWAPPED);
      tend_ticket_row_update (self);
    }
  else
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* What the row shows, for tests and tools: the text itself, never
 * markup, with its font attributes (and a snippet's highlights). */
PangoLayout *
tend_ticket_row_get_layout (TendTicketRow     *self,
                            TendTicketRowText  text)
{
  g_return_val_if_fail (TEND_IS_TICKET_ROW (self), NULL);
  g_return_val_if_fail (text < TEND_TICKET_ROW_N_TEXTS, NULL);

  return self->layouts[text];
}

const char *
tend_ticket_row_get_text (TendTicketRow     *self,
                          TendTicketRowText  text)
{
  g_return_val_if_fail (TEND_IS_TICKET_ROW (self), NULL);
  g_return_val_if_fail (text < TEND_TICKET_ROW_N_TEXTS, NULL);

  return pango_layout_get_text (self->layouts[text]);
}
