/* tend-message-row.c: one message of a ticket's conversation
 *
 * Everything shown here came from the helpdesk and is untrusted: it goes
 * into labels as text (use-markup off), never as Pango markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-message-row"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-message-row.h"
#include "tend-ui-utils.h"

struct _TendMessageRow
{
  GtkListBoxRow    parent_instance;

  TendComment     *comment;
  TendMessageKind  kind;
  gboolean         expanded;
  gboolean         body_set;

  /* Template widgets */
  GtkWidget       *card;
  GtkLabel        *avatar;
  GtkLabel        *author_label;
  GtkLabel        *note_label;
  GtkLabel        *role_label;
  GtkInscription  *preview_label;
  GtkLabel        *time_label;
  GtkLabel        *body_label;
  GtkBox          *attachments_box;
};

G_DEFINE_FINAL_TYPE (TendMessageRow, tend_message_row, GTK_TYPE_LIST_BOX_ROW)

/* From tend-ticket-row.c: the same initials disc as in the list. */
void _tend_initials_update (GtkLabel   *label,
                            const char *name);

enum {
  PROP_0,
  PROP_EXPANDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A collapsed row's first line; the whole body never reaches Pango. */
#define PREVIEW_CHARS 200

static GtkWidget *
create_attachment (TendAttachment *attachment)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("mail-attachment-symbolic");
  g_autofree char *size = tend_format_size (tend_attachment_get_size (attachment));
  const char *file_name = tend_attachment_get_file_name (attachment);
  GtkWidget *name;
  GtkWidget *size_label = gtk_label_new (size);
  g_autofree char *accessible = NULL;

  if (file_name == NULL || *file_name == '\0')
    file_name = _("Unnamed file");

  name = gtk_label_new (file_name);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  tend_widget_set_tooltip (name, file_name);
  gtk_widget_add_css_class (size_label, "dim-label");
  gtk_widget_add_css_class (size_label, "caption");
  gtk_widget_add_css_class (size_label, "numeric");
  gtk_widget_add_css_class (box, "attachment");
  gtk_widget_set_halign (box, GTK_ALIGN_START);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), size_label);

  /* Translators: an attachment for a screen reader: "report.pdf, 12 kB". */
  accessible = g_strdup_printf (_("%s, %s"), file_name, size);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return box;
}

static void
tend_message_row_fill (TendMessageRow *self,
                       gint64          requester_id)
{
  TendComment *comment = self->comment;
  GPtrArray *attachments = tend_comment_get_attachments (comment);
  const char *author = tend_comment_get_author_name (comment);
  const char *body = tend_comment_get_body (comment);
  g_autofree char *time = NULL;
  g_autofree char *full_time = NULL;
  g_autofree char *accessible = NULL;
  const char *role;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!tend_comment_get_public (comment))
    self->kind = TEND_MESSAGE_KIND_NOTE;
  else if (tend_comment_get_author_role (comment) == TEND_USER_ROLE_END_USER ||
           (requester_id != 0 && tend_comment_get_author_id (comment) == requester_id))
    self->kind = TEND_MESSAGE_KIND_CUSTOMER;
  else
    self->kind = TEND_MESSAGE_KIND_AGENT;

  if (author == NULL || *author == '\0')
    author = _("Unknown author");

  switch (self->kind)
    {
    case TEND_MESSAGE_KIND_CUSTOMER:
      role = _("Customer");
      gtk_widget_add_css_class (GTK_WIDGET (self), "from-customer");
      break;

    case TEND_MESSAGE_KIND_AGENT:
      role = _("Agent reply");
      gtk_widget_add_css_class (GTK_WIDGET (self), "from-agent");
      break;

    case TEND_MESSAGE_KIND_NOTE:
    default:
      role = _("Only visible to agents");
      gtk_widget_add_css_class (GTK_WIDGET (self), "internal-note");
      break;
    }

  time = tend_format_relative_time (tend_comment_get_created_at (comment), now);
  full_time = tend_format_date_time (tend_comment_get_created_at (comment));

  _tend_initials_update (self->avatar, author);
  gtk_label_set_text (self->author_label, author);
  gtk_label_set_text (self->role_label, role);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), self->kind == TEND_MESSAGE_KIND_NOTE);
  gtk_label_set_text (self->time_label, time);
  tend_widget_set_tooltip (GTK_WIDGET (self->time_label), full_time);
  {
    g_autofree char *preview = tend_one_line (body, PREVIEW_CHARS);

    gtk_inscription_set_text (self->preview_label, preview);
  }

  for (guint i = 0; i < attachments->len; i++)
    gtk_box_append (self->attachments_box, create_attachment (g_ptr_array_index (attachments, i)));

  /* Translators: a message for a screen reader: "Internal note by Sam, Monday 3 March…". */
  accessible = g_strdup_printf (_("%s by %s, %s"),
                                self->kind == TEND_MESSAGE_KIND_NOTE ? _("Internal note") :
                                self->kind == TEND_MESSAGE_KIND_CUSTOMER ? _("Message from the customer") :
                                _("Agent reply"),
                                author, full_time);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
tend_message_row_update_expanded (TendMessageRow *self)
{
  GPtrArray *attachments = tend_comment_get_attachments (self->comment);

  /* Wrapping a long body is the costly part of showing a message
   * (GTK 4.8 measures each wrapped label several times): a collapsed
   * message never gets its text. */
  if (self->expanded && !self->body_set)
    {
      const char *body = tend_comment_get_body (self->comment);

      gtk_label_set_text (self->body_label, body ? body : "");
      self->body_set = TRUE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->body_label), self->expanded);
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_box), self->expanded && attachments->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), !self->expanded);
  gtk_widget_set_visible (GTK_WIDGET (self->role_label), self->expanded);

  if (self->expanded)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "collapsed");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "collapsed");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self),
                               GTK_ACCESSIBLE_STATE_EXPANDED, self->expanded,
                               -1);
}

static void
tend_message_row_activate (GtkListBoxRow *row)
{
  /* Activatable only while collapsed: a click or Enter opens it. */
  tend_message_row_set_expanded (TEND_MESSAGE_ROW (row), TRUE);
}

static void
tend_message_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TendMessageRow *self = TEND_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_EXPANDED:
      g_value_set_boolean (value, self->expanded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_message_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TendMessageRow *self = TEND_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_EXPANDED:
      tend_message_row_set_expanded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_message_row_dispose (GObject *object)
{
  TendMessageRow *self = TEND_MESSAGE_ROW (object);

  g_clear_object (&self->comment);
  /* GtkListBoxRow keeps its own pointer to its child (the template's
   * card): let it drop the child before the template's references go. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_MESSAGE_ROW);

  G_OBJECT_CLASS (tend_message_row_parent_class)->dispose (object);
}

static void
tend_message_row_class_init (TendMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_message_row_dispose;
  object_class->get_property = tend_message_row_get_property;
  object_class->set_property = tend_message_row_set_property;

  GTK_LIST_BOX_ROW_CLASS (klass)->activate = tend_message_row_activate;

  properties[PROP_EXPANDED] =
    g_param_spec_boolean ("expanded", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, card);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, note_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, role_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, attachments_box);
}

static void
tend_message_row_init (TendMessageRow *self)
{
  self->expanded = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tend_message_row_new (TendComment *comment,
                      gint64       requester_id)
{
  TendMessageRow *self;

  g_return_val_if_fail (TEND_IS_COMMENT (comment), NULL);

  self = g_object_new (TEND_TYPE_MESSAGE_ROW, NULL);
  self->comment = g_object_ref (comment);
  tend_message_row_fill (self, requester_id);
  tend_message_row_update_expanded (self);

  return GTK_WIDGET (self);
}

gboolean
tend_message_row_get_expanded (TendMessageRow *self)
{
  g_return_val_if_fail (TEND_IS_MESSAGE_ROW (self), FALSE);

  return self->expanded;
}

void
tend_message_row_set_expanded (TendMessageRow *self,
                               gboolean        expanded)
{
  g_return_if_fail (TEND_IS_MESSAGE_ROW (self));

  expanded = !!expanded;
  if (self->expanded == expanded)
    return;

  self->expanded = expanded;
  if (self->comment != NULL)
    tend_message_row_update_expanded (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPANDED]);
}

TendComment *
tend_message_row_get_comment (TendMessageRow *self)
{
  g_return_val_if_fail (TEND_IS_MESSAGE_ROW (self), NULL);

  return self->comment;
}

TendMessageKind
tend_message_row_get_kind (TendMessageRow *self)
{
  g_return_val_if_fail (TEND_IS_MESSAGE_ROW (self), TEND_MESSAGE_KIND_CUSTOMER);

  return self->kind;
}
