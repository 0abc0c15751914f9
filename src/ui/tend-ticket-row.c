/* tend-ticket-row.c: one ticket in the inbox list
 *
 * Built in code rather than from a .ui template: GTK 4.8's list view
 * creates some 200 rows whenever its model changes (every search
 * keystroke), and GtkBuilder was half the cost of each one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-ticket-row"

#include "config.h"

#include <stdarg.h>
#include <glib/gi18n.h>

#include "tend-clock.h"
#include "tend-ticket-row.h"
#include "tend-ui-utils.h"

/* A row shows one line of each; longer text would only cost layout time
 * (a 100 kB subject or message must not reach Pango whole). */
#define MAX_SUBJECT_CHARS 300
#define MAX_SNIPPET_CHARS 160

struct _TendTicketRow
{
  GtkWidget   parent_instance;

  TendTicket *ticket;
  gulong      notify_id;

  /* Template widgets */
  GtkWidget  *grid;
  GtkLabel   *avatar;
  GtkInscription *requester_label;
  GtkImage   *priority_image;
  GtkLabel   *time_label;
  GtkInscription *subject_label;
  GtkLabel   *status_label;
  GtkInscription *snippet_label;
  GtkLabel   *waiting_label;
  gboolean    snippet_has_attrs;
};

G_DEFINE_FINAL_TYPE (TendTicketRow, tend_ticket_row, GTK_TYPE_WIDGET)

static const char * const status_classes[] = {
  [TEND_TICKET_STATUS_NEW] = "status-new",
  [TEND_TICKET_STATUS_OPEN] = "status-open",
  [TEND_TICKET_STATUS_PENDING] = "status-pending",
  [TEND_TICKET_STATUS_HOLD] = "status-hold",
  [TEND_TICKET_STATUS_SOLVED] = "status-solved",
  [TEND_TICKET_STATUS_CLOSED] = "status-closed",
  [TEND_TICKET_STATUS_DELETED] = "status-deleted",
};

/* Shared with the ticket view's header, so both show a status alike. */
void _tend_status_pill_update (GtkWidget        *pill,
                               TendTicketStatus  status);

void
_tend_status_pill_update (GtkWidget        *pill,
                          TendTicketStatus  status)
{
  /* Only what changes: removing the class a pill keeps, to add it again,
   * would restyle it on every rebind of a list row. */
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    if (i != status)
      gtk_widget_remove_css_class (pill, status_classes[i]);
  if (status < G_N_ELEMENTS (status_classes))
    gtk_widget_add_css_class (pill, status_classes[status]);
  gtk_label_set_text (GTK_LABEL (pill), tend_ticket_status_get_label (status));
}

#define N_AVATAR_COLOURS 8

/* Shared with the conversation's message rows. Not an AdwAvatar: GTK 4.8's
 * list view keeps about 200 rows alive, and 200 avatars cost 40 ms; a
 * label with the initials on a coloured disc looks the same. */
void _tend_initials_update (GtkLabel   *label,
                            const char *name);

void
_tend_initials_update (GtkLabel   *label,
                       const char *name)
{
  g_autoptr(TendUser) user = tend_user_new (0);
  g_autofree char *initials = NULL;
  g_autofree char *colour_class = NULL;
  guint old_colour = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "tend-colour"));
  guint colour;

  /* The engine knows how to pick initials (names, e-mail addresses). */
  tend_user_set_name (user, name);
  initials = tend_user_dup_initials (user);
  gtk_label_set_text (label, initials);

  /* The same person always gets the same colour. */
  colour = g_str_hash (name ? name : "") % N_AVATAR_COLOURS + 1;
  if (colour != old_colour)
    {
      if (old_colour != 0)
        {
          colour_class = g_strdup_printf ("colour%u", old_colour);
          gtk_widget_remove_css_class (GTK_WIDGET (label), colour_class);
          g_free (colour_class);
        }
      colour_class = g_strdup_printf ("colour%u", colour);
      gtk_widget_add_css_class (GTK_WIDGET (label), colour_class);
      g_object_set_data (G_OBJECT (label), "tend-colour", GUINT_TO_POINTER (colour));
    }
}

static gboolean
is_unsolved (TendTicketStatus status)
{
  return status == TEND_TICKET_STATUS_NEW ||
         status == TEND_TICKET_STATUS_OPEN ||
         status == TEND_TICKET_STATUS_PENDING ||
         status == TEND_TICKET_STATUS_HOLD;
}

static void
tend_ticket_row_update (TendTicketRow *self)
{
  TendTicket *ticket = self->ticket;
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *accessible = NULL;
  const char *name;
  const char *search_snippet;
  TendTicketStatus status;
  TendTicketPriority priority;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 when;
  gboolean urgent;

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
    snippet = tend_snippet_to_text (search_snippet, MAX_SNIPPET_CHARS, &attrs);
  else if (tend_ticket_get_last_message (ticket) != NULL)
    snippet = tend_one_line (tend_ticket_get_last_message (ticket), MAX_SNIPPET_CHARS);
  else
    snippet = tend_one_line (tend_ticket_get_description (ticket), MAX_SNIPPET_CHARS);

  when = tend_ticket_get_last_message_at (ticket);
  if (when <= 0)
    when = tend_ticket_get_updated_at (ticket);
  time = tend_format_relative_time (when, now);
  date = tend_format_date_time (when);

  status = tend_ticket_get_status (ticket);
  priority = tend_ticket_get_priority (ticket);
  urgent = priority == TEND_TICKET_PRIORITY_HIGH || priority == TEND_TICKET_PRIORITY_URGENT;

  _tend_initials_update (self->avatar, name);
  gtk_inscription_set_text (self->requester_label, name);
  gtk_inscription_set_text (self->subject_label, subject);
  /* Attributes lay the text out at once in GTK 4.8 (shaping the whole
   * snippet): only when there is a highlight to show or to take away. */
  gtk_inscription_set_text (self->snippet_label, snippet);
  if (attrs != NULL || self->snippet_has_attrs)
    gtk_inscription_set_attributes (self->snippet_label, attrs);
  self->snippet_has_attrs = attrs != NULL;
  gtk_label_set_text (self->time_label, time);
  tend_widget_set_tooltip (GTK_WIDGET (self->time_label), date);
  _tend_status_pill_update (GTK_WIDGET (self->status_label), status);

  gtk_widget_set_visible (GTK_WIDGET (self->priority_image), urgent);
  if (urgent)
    {
      tend_widget_set_tooltip (GTK_WIDGET (self->priority_image),
                                   tend_ticket_priority_get_label (priority));
      if (priority == TEND_TICKET_PRIORITY_URGENT)
        gtk_widget_add_css_class (GTK_WIDGET (self->priority_image), "urgent");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->priority_image), "urgent");
    }

  if (tend_ticket_get_waiting_since (ticket) != 0 && is_unsolved (status))
    waiting = tend_format_waiting (tend_ticket_get_waiting_since (ticket), now);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), waiting != NULL);
  gtk_label_set_text (self->waiting_label, waiting ? waiting : "");

  if (tend_ticket_get_unread (ticket))
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");

  /* One sentence for a screen reader instead of seven loose labels. */
  accessible = g_strdup_printf ("%s%s: %s. %s%s%s%s%s. %s",
                                tend_ticket_get_unread (ticket) ? _("Unread. ") : "",
                                name, subject,
                                tend_ticket_status_get_label (status),
                                urgent ? ", " : "",
                                urgent ? tend_ticket_priority_get_label (priority) : "",
                                waiting ? ", " : "",
                                waiting ? waiting : "",
                                date);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_ticket_notify (TendTicketRow *self,
                  GParamSpec    *pspec,
                  TendTicket    *ticket)
{
  tend_ticket_row_update (self);
}

static void
tend_ticket_row_dispose (GObject *object)
{
  TendTicketRow *self = TEND_TICKET_ROW (object);

  tend_ticket_row_set_ticket (self, NULL);
  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (tend_ticket_row_parent_class)->dispose (object);
}

static void
tend_ticket_row_class_init (TendTicketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_ticket_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ticketrow");
}

static GtkWidget *
add_css (GtkWidget  *widget,
         const char *first_class,
         ...)
{
  va_list args;

  va_start (args, first_class);
  for (const char *name = first_class; name != NULL; name = va_arg (args, const char *))
    gtk_widget_add_css_class (widget, name);
  va_end (args);

  return widget;
}

static GtkInscription *
create_inscription (const char *css_class)
{
  GtkInscription *inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  /* Measured from a character count, not by shaping the text. */
  gtk_inscription_set_xalign (inscription, 0);
  gtk_inscription_set_min_chars (inscription, 8);
  gtk_inscription_set_nat_chars (inscription, 40);
  gtk_inscription_set_text_overflow (inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (inscription), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (inscription), css_class);

  return inscription;
}

/*   [initials] requester ............ [!] time
 *              subject .................. status
 *              snippet ................. waiting */
static void
tend_ticket_row_init (TendTicketRow *self)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *corner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->grid = GTK_WIDGET (grid);
  gtk_grid_set_column_spacing (grid, 6);
  gtk_grid_set_row_spacing (grid, 2);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  self->avatar = GTK_LABEL (add_css (gtk_label_new (NULL), "initials", NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->avatar), GTK_ALIGN_START);
  gtk_widget_set_halign (GTK_WIDGET (self->avatar), GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (GTK_WIDGET (self->avatar), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->avatar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, NULL, -1);
  gtk_grid_attach (grid, GTK_WIDGET (self->avatar), 0, 0, 1, 3);

  self->requester_label = create_inscription ("requester");
  gtk_grid_attach (grid, GTK_WIDGET (self->requester_label), 1, 0, 1, 1);

  self->priority_image = GTK_IMAGE (gtk_image_new_from_icon_name ("emblem-important-symbolic"));
  gtk_image_set_pixel_size (self->priority_image, 14);
  gtk_widget_set_visible (GTK_WIDGET (self->priority_image), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->priority_image), "priority-mark");
  gtk_box_append (GTK_BOX (corner), GTK_WIDGET (self->priority_image));

  self->time_label = GTK_LABEL (add_css (gtk_label_new (NULL), "caption", "numeric", "time", NULL));
  gtk_label_set_xalign (self->time_label, 1);
  gtk_label_set_single_line_mode (self->time_label, TRUE);
  gtk_box_append (GTK_BOX (corner), GTK_WIDGET (self->time_label));
  gtk_widget_set_halign (corner, GTK_ALIGN_END);
  gtk_grid_attach (grid, corner, 2, 0, 1, 1);

  self->subject_label = create_inscription ("subject");
  gtk_grid_attach (grid, GTK_WIDGET (self->subject_label), 1, 1, 1, 1);

  self->status_label = GTK_LABEL (add_css (gtk_label_new (NULL), "status-pill", NULL));
  gtk_label_set_single_line_mode (self->status_label, TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->status_label), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (self->status_label), GTK_ALIGN_CENTER);
  gtk_grid_attach (grid, GTK_WIDGET (self->status_label), 2, 1, 1, 1);

  self->snippet_label = create_inscription ("snippet");
  gtk_grid_attach (grid, GTK_WIDGET (self->snippet_label), 1, 2, 1, 1);

  self->waiting_label = GTK_LABEL (add_css (gtk_label_new (NULL), "caption", "waiting-badge", NULL));
  gtk_label_set_single_line_mode (self->waiting_label, TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->waiting_label), GTK_ALIGN_END);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), FALSE);
  gtk_grid_attach (grid, GTK_WIDGET (self->waiting_label), 2, 2, 1, 1);

  /* Tests look the parts up by these names. */
  gtk_widget_set_name (GTK_WIDGET (self->requester_label), "requester_label");
  gtk_widget_set_name (GTK_WIDGET (self->subject_label), "subject_label");
  gtk_widget_set_name (GTK_WIDGET (self->snippet_label), "snippet_label");
  gtk_widget_set_name (GTK_WIDGET (self->time_label), "time_label");

  gtk_widget_add_css_class (GTK_WIDGET (self), "ticket-row");

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
}
