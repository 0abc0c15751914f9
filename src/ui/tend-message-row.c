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

#include "tend-clock.h"
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
  GtkWidget       *pending_tag;
  GtkLabel        *role_label;
  GtkInscription  *preview_label;
  GtkLabel        *time_label;
  GtkLabel        *body_label;
  GtkBox          *attachments_box;

  /* One per attachment, in the comment's order. */
  GPtrArray       *attachment_uis;
  TendFileCache   *file_cache;
  GCancellable    *cancellable;
  guint            n_busy;
};

/* An attachment's controls, and the downloads under way for it. */
typedef struct
{
  TendAttachment *attachment;
  GtkWidget      *spinner;
  GtkWidget      *open_button;
  GtkWidget      *save_button;
  guint           n_busy;
} AttachmentUi;

/* The widgets are held: a download may end after the row is gone. */
static void
attachment_ui_free (AttachmentUi *ui)
{
  g_clear_object (&ui->attachment);
  g_clear_object (&ui->spinner);
  g_clear_object (&ui->open_button);
  g_clear_object (&ui->save_button);
  g_free (ui);
}

G_DEFINE_FINAL_TYPE (TendMessageRow, tend_message_row, GTK_TYPE_LIST_BOX_ROW)

/* From tend-ticket-row.c: the same initials disc as in the list. */
void _tend_initials_update (GtkLabel   *label,
                            const char *name);

enum {
  PROP_0,
  PROP_EXPANDED,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A collapsed row's first line; the whole body never reaches Pango. */
#define PREVIEW_CHARS 200

static const char *
display_name (TendAttachment *attachment)
{
  const char *file_name = tend_attachment_get_file_name (attachment);

  return file_name != NULL && *file_name != '\0' ? file_name : _("Unnamed file");
}

static GtkWidget *
create_attachment_button (const char *icon_name,
                          const char *tooltip,
                          const char *accessible,
                          const char *action_name,
                          guint       index)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return button;
}

static GtkWidget *
create_attachment (TendMessageRow *self,
                   TendAttachment *attachment,
                   guint           index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("mail-attachment-symbolic");
  g_autofree char *size = tend_format_size (tend_attachment_get_size (attachment));
  const char *file_name = display_name (attachment);
  GtkWidget *name;
  GtkWidget *size_label = gtk_label_new (size);
  g_autofree char *accessible = NULL;
  g_autofree char *open_label = NULL;
  g_autofree char *save_label = NULL;
  AttachmentUi *ui = g_new0 (AttachmentUi, 1);

  name = gtk_label_new (file_name);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  tend_widget_set_tooltip (name, file_name);
  gtk_widget_add_css_class (size_label, "dim-label");
  gtk_widget_add_css_class (size_label, "caption");
  gtk_widget_add_css_class (size_label, "numeric");
  gtk_widget_add_css_class (box, "attachment");
  gtk_widget_set_halign (box, GTK_ALIGN_START);

  ui->attachment = g_object_ref (attachment);
  ui->spinner = g_object_ref_sink (gtk_spinner_new ());
  gtk_widget_set_visible (ui->spinner, FALSE);
  /* Translators: the accessible label of a button; %s is a file name. */
  open_label = g_strdup_printf (_("Open %s"), file_name);
  /* Translators: the accessible label of a button; %s is a file name. */
  save_label = g_strdup_printf (_("Save %s…"), file_name);
  ui->open_button = g_object_ref_sink (create_attachment_button ("document-open-symbolic", _("Open"), open_label,
                                                                 "attachment.open", index));
  ui->save_button = g_object_ref_sink (create_attachment_button ("document-save-as-symbolic", _("Save As…"), save_label,
                                                                 "attachment.save", index));
  g_ptr_array_add (self->attachment_uis, ui);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), size_label);
  gtk_box_append (GTK_BOX (box), ui->spinner);
  gtk_box_append (GTK_BOX (box), ui->open_button);
  gtk_box_append (GTK_BOX (box), ui->save_button);

  /* Translators: an attachment for a screen reader: "report.pdf, 12 kB". */
  accessible = g_strdup_printf (_("%s, %s"), file_name, size);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return box;
}

/* Opening and saving attachments */

static void
show_toast (TendMessageRow *self,
            const char     *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;

  if (overlay == NULL)
    {
      g_message ("%s", text);
      return;
    }
  /* A toast's title is markup in libadwaita 1.2; file names are not. */
  escaped = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

static void
set_attachment_busy (TendMessageRow *self,
                     AttachmentUi   *ui,
                     gboolean        busy)
{
  gboolean was_busy = self->n_busy > 0;

  if (busy)
    {
      ui->n_busy++;
      self->n_busy++;
    }
  else
    {
      g_return_if_fail (ui->n_busy > 0);
      ui->n_busy--;
      self->n_busy--;
    }

  gtk_widget_set_visible (ui->spinner, ui->n_busy > 0);
  gtk_spinner_set_spinning (GTK_SPINNER (ui->spinner), ui->n_busy > 0);
  gtk_widget_set_sensitive (ui->open_button, ui->n_busy == 0);
  if (ui->n_busy > 0)
    {
      g_autofree char *label = g_strdup_printf (_("Downloading %s"), display_name (ui->attachment));

      gtk_accessible_update_property (GTK_ACCESSIBLE (ui->spinner),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  if (was_busy != (self->n_busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

typedef enum
{
  JOB_OPEN,
  JOB_SAVE,
} JobKind;

typedef struct
{
  TendMessageRow *self;
  AttachmentUi   *ui;
  JobKind         kind;
  GFile          *destination;
} Job;

static void
job_free (Job *job)
{
  if (job->self != NULL)
    set_attachment_busy (job->self, job->ui, FALSE);
  g_clear_object (&job->self);
  g_clear_object (&job->destination);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
report_error (TendMessageRow *self,
              AttachmentUi   *ui,
              JobKind         kind,
              const GError   *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  text = g_strdup_printf (kind == JOB_OPEN ?
                          /* Translators: the first %s is a file name, the second why. */
                          _("Could not open “%s”: %s") :
                          /* Translators: the first %s is a file name, the second why. */
                          _("Could not save “%s”: %s"),
                          display_name (ui->attachment), error->message);
  show_toast (self, text);
}

static void
on_launched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    report_error (job->self, job->ui, job->kind, error);
}

static void
on_copied (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    report_error (job->self, job->ui, job->kind, error);
  else
    {
      g_autofree char *name = g_file_get_basename (job->destination);
      /* Translators: %s is a file name. */
      g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

      show_toast (job->self, text);
    }
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tend_file_cache_fetch_finish (TEND_FILE_CACHE (source), result, &error);
  g_autoptr(GFile) file = NULL;
  GCancellable *cancellable;

  if (path == NULL)
    {
      report_error (job->self, job->ui, job->kind, error);
      return;
    }
  /* Before the job is handed on below. */
  cancellable = job->self->cancellable;

  file = g_file_new_for_path (path);
  if (job->kind == JOB_OPEN)
    {
      GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (job->self));
      g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (display);
      g_autofree char *uri = g_file_get_uri (file);

      g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context),
                                               cancellable, on_launched, g_steal_pointer (&job));
    }
  else
    {
      /* The agent already agreed to replace a file of that name. */
      GFile *destination = job->destination;

      g_file_copy_async (file, destination,
                         G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                         G_PRIORITY_DEFAULT, cancellable, NULL, NULL,
                         on_copied, g_steal_pointer (&job));
    }
}

static void
start_job (TendMessageRow *self,
           guint           index,
           JobKind         kind,
           GFile          *destination)
{
  TendFileCache *cache;
  AttachmentUi *ui;
  Job *job;

  g_return_if_fail (index < self->attachment_uis->len);

  ui = g_ptr_array_index (self->attachment_uis, index);
  /* One set by hand (the tests) wins over the workspace's. */
  cache = self->file_cache != NULL ? self->file_cache : tend_widget_find_file_cache (GTK_WIDGET (self));
  if (cache == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (TEND_ERROR, TEND_ERROR_OFFLINE,
                                                     _("Files cannot be downloaded here"));

      report_error (self, ui, kind, error);
      return;
    }

  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->ui = ui;
  job->kind = kind;
  job->destination = destination != NULL ? g_object_ref (destination) : NULL;
  set_attachment_busy (self, ui, TRUE);

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  tend_file_cache_fetch_attachment_async (cache, ui->attachment, self->cancellable,
                                          on_downloaded, job);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tend_message_row_open_attachment (TEND_MESSAGE_ROW (widget), g_variant_get_uint32 (parameter));
}

typedef struct
{
  TendMessageRow *self;
  guint           index;
} SaveRequest;

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  SaveRequest *request = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        tend_message_row_save_attachment_to (request->self, request->index, file);
    }

  g_object_unref (request->self);
  g_free (request);
  g_object_unref (chooser);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TendMessageRow *self = TEND_MESSAGE_ROW (widget);
  guint index = g_variant_get_uint32 (parameter);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  SaveRequest *request;
  AttachmentUi *ui;
  g_autofree char *safe_name = NULL;

  g_return_if_fail (index < self->attachment_uis->len);
  ui = g_ptr_array_index (self->attachment_uis, index);

  /* Asked first, downloaded after: the agent is not kept waiting for a
   * large file before choosing where it goes. */
  chooser = gtk_file_chooser_native_new (_("Save Attachment"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* The helpdesk's name, made safe: no directories, no hidden files. */
  safe_name = tend_attachment_dup_safe_file_name (ui->attachment);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), safe_name);

  request = g_new0 (SaveRequest, 1);
  request->self = g_object_ref (self);
  request->index = index;
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
  gtk_widget_set_visible (self->pending_tag, tend_comment_get_pending (comment));
  gtk_label_set_text (self->time_label, time);
  tend_widget_set_tooltip (GTK_WIDGET (self->time_label), full_time);
  {
    g_autofree char *preview = tend_one_line (body, PREVIEW_CHARS);

    gtk_inscription_set_text (self->preview_label, preview);
  }

  for (guint i = 0; i < attachments->len; i++)
    gtk_box_append (self->attachments_box, create_attachment (self, g_ptr_array_index (attachments, i), i));

  /* Translators: a message for a screen reader: "Internal note by Sam, Monday 3 March…". */
  accessible = g_strdup_printf (_("%s by %s, %s"),
                                self->kind == TEND_MESSAGE_KIND_NOTE ? _("Internal note") :
                                self->kind == TEND_MESSAGE_KIND_CUSTOMER ? _("Message from the customer") :
                                _("Agent reply"),
                                author, full_time);
  if (tend_comment_get_pending (comment))
    {
      /* Translators: read after a message of the agent's still in the Outbox. */
      g_autofree char *waiting = g_strdup_printf (_("%s, waiting to be sent"), accessible);

      g_free (accessible);
      accessible = g_steal_pointer (&waiting);
    }
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
      g_autofree char *markup = tend_text_to_link_markup (body);

      /* Addresses can be clicked; everything else is the text as sent. */
      if (markup != NULL)
        gtk_label_set_markup (self->body_label, markup);
      else
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

    case PROP_BUSY:
      g_value_set_boolean (value, self->n_busy > 0);
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

  /* Downloads finish without the row (their jobs hold it until then). */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file_cache);
  g_clear_object (&self->comment);
  /* GtkListBoxRow keeps its own pointer to its child (the template's
   * card): let it drop the child before the template's references go. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_MESSAGE_ROW);

  G_OBJECT_CLASS (tend_message_row_parent_class)->dispose (object);
}

static void
tend_message_row_finalize (GObject *object)
{
  TendMessageRow *self = TEND_MESSAGE_ROW (object);

  g_clear_pointer (&self->attachment_uis, g_ptr_array_unref);

  G_OBJECT_CLASS (tend_message_row_parent_class)->finalize (object);
}

static void
tend_message_row_class_init (TendMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_message_row_dispose;
  object_class->finalize = tend_message_row_finalize;
  object_class->get_property = tend_message_row_get_property;
  object_class->set_property = tend_message_row_set_property;

  GTK_LIST_BOX_ROW_CLASS (klass)->activate = tend_message_row_activate;

  properties[PROP_EXPANDED] =
    g_param_spec_boolean ("expanded", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "attachment.open", "u", open_action);
  gtk_widget_class_install_action (widget_class, "attachment.save", "u", save_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, card);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, note_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, pending_tag);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, role_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, TendMessageRow, attachments_box);
}

/* "now" becomes "1 min", then "2 min", as the agent reads. */
static void
on_minute (TendMessageRow *self)
{
  g_autofree char *time = NULL;

  if (self->comment == NULL)
    return;
  time = tend_format_relative_time (tend_comment_get_created_at (self->comment),
                                    g_get_real_time () / G_USEC_PER_SEC);
  gtk_label_set_text (self->time_label, time);
}

static void
tend_message_row_init (TendMessageRow *self)
{
  self->expanded = TRUE;
  self->attachment_uis = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_ui_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (tend_clock_get_default (), "minute",
                           G_CALLBACK (on_minute), self, G_CONNECT_SWAPPED);
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

void
tend_message_row_set_file_cache (TendMessageRow *self,
                                 TendFileCache  *cache)
{
  g_return_if_fail (TEND_IS_MESSAGE_ROW (self));
  g_return_if_fail (cache == NULL || TEND_IS_FILE_CACHE (cache));

  g_set_object (&self->file_cache, cache);
}

gboolean
tend_message_row_get_busy (TendMessageRow *self)
{
  g_return_val_if_fail (TEND_IS_MESSAGE_ROW (self), FALSE);

  return self->n_busy > 0;
}

void
tend_message_row_open_attachment (TendMessageRow *self,
                                  guint           index)
{
  g_return_if_fail (TEND_IS_MESSAGE_ROW (self));

  start_job (self, index, JOB_OPEN, NULL);
}

void
tend_message_row_save_attachment_to (TendMessageRow *self,
                                     guint           index,
                                     GFile          *destination)
{
  g_return_if_fail (TEND_IS_MESSAGE_ROW (self));
  g_return_if_fail (G_IS_FILE (destination));

  start_job (self, index, JOB_SAVE, destination);
}
