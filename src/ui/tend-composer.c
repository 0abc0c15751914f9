/* tend-composer.c: where the agent writes a reply or an internal note
 *
 * The text is the agent's work: it is saved as a draft while they type
 * (TendDrafts, debounced), restored when they come back to the ticket, and
 * only cleared once the outbox has it on disk. An error (a full disk)
 * keeps the text where it is and says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-composer"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tend-composer.h"
#include "tend-ui-utils.h"

struct _TendComposer
{
  AdwBin            parent_instance;

  TendStore        *store;
  TendOutbox       *outbox;
  TendDrafts       *drafts;
  TendConnectivity *connectivity;
  TendTicket       *ticket;
  TendDraftMode     mode;

  /* What the agent had seen of the ticket when they started: a customer
   * message newer than this stops a send until they look at it. */
  gint64            seen_last_message_at;
  gint64            seen_waiting_since;
  /* The status the guard is holding back (-2: nothing held). */
  int               held_status;
  /* A macro picked for this text: its field changes go with the send. */
  TendMacro        *macro;
  /* Set while the composer itself changes the buffer (restoring a draft,
   * clearing after a send), so that it is not saved as typing. */
  gboolean          loading;

  GListStore       *macros;
  GtkStringFilter  *macro_filter;
  GtkFilterListModel *macro_model;

  /* Template widgets */
  GtkWidget        *frame;
  GtkRevealer      *guard_revealer;
  GtkWidget        *guard_box;
  GtkButton        *review_button;
  GtkLabel         *guard_title;
  GtkLabel         *guard_message;
  GtkRevealer      *error_revealer;
  GtkLabel         *error_label;
  GtkToggleButton  *reply_button;
  GtkToggleButton  *note_button;
  GtkLabel         *audience_label;
  GtkMenuButton    *macros_button;
  GtkPopover       *macros_popover;
  GtkSearchEntry   *macro_search;
  GtkStack         *macros_stack;
  GtkListView      *macro_list;
  GtkTextView      *text_view;
  GtkLabel         *placeholder_label;
  GtkLabel         *status_label;
  AdwSplitButton   *send_button;
};

G_DEFINE_FINAL_TYPE (TendComposer, tend_composer, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_OUTBOX,
  PROP_DRAFTS,
  PROP_CONNECTIVITY,
  PROP_TICKET,
  PROP_MODE,
  N_PROPS
};

enum {
  SIGNAL_REVIEW,
  SIGNAL_SENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define NO_HELD_STATUS (-2)

static char *
get_text (TendComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
show_error (TendComposer *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
on_error_dismiss (TendComposer *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
hide_guard (TendComposer *self)
{
  gtk_revealer_set_reveal_child (self->guard_revealer, FALSE);
  self->held_status = NO_HELD_STATUS;
}

/* The ticket as the store has it now, and what the agent has seen of it. */
static void
remember_seen (TendComposer *self,
               TendTicket   *ticket)
{
  self->seen_last_message_at = ticket != NULL ? tend_ticket_get_last_message_at (ticket) : 0;
  self->seen_waiting_since = ticket != NULL ? tend_ticket_get_waiting_since (ticket) : 0;
}

static TendTicket *
reload_ticket (TendComposer *self)
{
  g_autoptr(GError) error = NULL;
  TendTicket *current;

  if (self->store == NULL || self->ticket == NULL)
    return NULL;

  current = tend_store_get_ticket (self->store, tend_ticket_get_id (self->ticket), &error);
  if (current == NULL)
    g_debug ("Could not read ticket %" G_GINT64_FORMAT ": %s",
             tend_ticket_get_id (self->ticket), error != NULL ? error->message : "gone");
  return current;
}

/* The customer's newest message after what the agent saw, or NULL. */
static TendComment *
find_newer_customer_message (TendComposer *self,
                             TendTicket   *current)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  gint64 requester_id = tend_ticket_get_requester_id (current);
  gint64 seen = MAX (self->seen_last_message_at, self->seen_waiting_since);

  if (tend_ticket_get_last_message_at (current) <= self->seen_last_message_at &&
      tend_ticket_get_waiting_since (current) <= self->seen_waiting_since)
    return NULL;

  comments = tend_store_list_comments (self->store, tend_ticket_get_id (current), &error);
  if (comments == NULL)
    {
      g_debug ("Could not read the conversation: %s", error->message);
      return NULL;
    }

  for (guint i = comments->len; i > 0; i--)
    {
      TendComment *comment = g_ptr_array_index (comments, i - 1);

      if (tend_comment_get_created_at (comment) <= seen)
        break;
      if (tend_comment_get_public (comment) && !tend_comment_get_pending (comment) &&
          (tend_comment_get_author_role (comment) == TEND_USER_ROLE_END_USER ||
           (requester_id != 0 && tend_comment_get_author_id (comment) == requester_id)))
        return g_object_ref (comment);
    }

  return NULL;
}

static void
update_placeholder (TendComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label),
                          gtk_text_buffer_get_char_count (buffer) == 0);
}

static void
update_send_state (TendComposer *self)
{
  g_autofree char *text = get_text (self);
  gboolean can_send = self->ticket != NULL && self->outbox != NULL && !text_is_blank (text);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", can_send);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.submit-as", can_send);
}

static void
update_send_label (TendComposer *self)
{
  g_autofree char *label = NULL;

  if (self->ticket != NULL && self->mode == TEND_DRAFT_MODE_REPLY)
    {
      TendTicketStatus status = tend_ticket_get_status (self->ticket);

      switch (status)
        {
        case TEND_TICKET_STATUS_OPEN:
        case TEND_TICKET_STATUS_PENDING:
        case TEND_TICKET_STATUS_HOLD:
        case TEND_TICKET_STATUS_SOLVED:
          /* Translators: the send button; %s is the ticket's status ("Open"). */
          label = g_strdup_printf (_("Submit as %s"), tend_ticket_status_get_label (status));
          break;

        case TEND_TICKET_STATUS_NEW:
          /* An answered ticket is no longer new (as on the helpdesk):
           * the button says where it goes, and composer_send() does it. */
          label = g_strdup_printf (_("Submit as %s"), tend_ticket_status_get_label (TEND_TICKET_STATUS_OPEN));
          break;

        case TEND_TICKET_STATUS_CLOSED:
        case TEND_TICKET_STATUS_DELETED:
        default:
          break;
        }
    }

  if (label == NULL)
    label = g_strdup (self->mode == TEND_DRAFT_MODE_NOTE ? _("Add Note") : _("Send"));

  adw_split_button_set_label (self->send_button, label);
}

static void
update_mode_widgets (TendComposer *self)
{
  gboolean note = self->mode == TEND_DRAFT_MODE_NOTE;

  if (note)
    gtk_widget_add_css_class (self->frame, "note-mode");
  else
    gtk_widget_remove_css_class (self->frame, "note-mode");

  gtk_label_set_text (self->placeholder_label,
                      note ? _("Write an internal note…") : _("Write a reply…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  note ? _("Internal note text") : _("Reply text"),
                                  GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER,
                                  note ? _("Write an internal note…") : _("Write a reply…"),
                                  -1);

  if (note)
    gtk_label_set_text (self->audience_label, _("Only agents can see this"));
  else if (self->ticket != NULL && tend_ticket_get_requester_name (self->ticket) != NULL &&
           *tend_ticket_get_requester_name (self->ticket) != '\0')
    {
      /* Translators: who receives a reply: "To Ann Smith". */
      g_autofree char *to = g_strdup_printf (_("To %s"), tend_ticket_get_requester_name (self->ticket));

      gtk_label_set_text (self->audience_label, to);
    }
  else
    gtk_label_set_text (self->audience_label, _("The customer receives this"));

  update_send_label (self);
}

static void
set_status_text (TendComposer *self,
                 const char   *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
}

/* Replaces the text without treating it as typing. */
static void
set_text_quietly (TendComposer *self,
                  const char   *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  self->loading = TRUE;
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  self->loading = FALSE;

  update_placeholder (self);
  update_send_state (self);
}

static void
flush_drafts (TendComposer *self)
{
  g_autoptr(GError) error = NULL;

  /* A failure is shown through TendDrafts:last-error; the text stays in
   * TendDrafts until a later flush succeeds. */
  if (self->drafts != NULL && !tend_drafts_flush (self->drafts, &error))
    g_debug ("Could not save the draft: %s", error->message);
}

static void
load_draft (TendComposer *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_clear_object (&self->macro);
  show_error (self, NULL);

  if (self->ticket != NULL && self->drafts != NULL)
    {
      text = tend_drafts_load (self->drafts, tend_ticket_get_id (self->ticket), self->mode, &error);
      if (error != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Could not read the draft: %s"), error->message);

          show_error (self, message);
        }
    }

  set_text_quietly (self, text);
  set_status_text (self, text != NULL && *text != '\0' ? _("Draft restored") : NULL);
}

static void
on_buffer_changed (TendComposer *self)
{
  g_autofree char *text = NULL;

  update_placeholder (self);
  update_send_state (self);

  if (self->loading || self->ticket == NULL || self->drafts == NULL)
    return;

  text = get_text (self);
  tend_drafts_save_later (self->drafts, tend_ticket_get_id (self->ticket), self->mode, text);
  set_status_text (self, text_is_blank (text) ? NULL : _("Draft saved"));
}

static void
on_drafts_last_error (TendComposer *self)
{
  const char *message = tend_drafts_get_last_error (self->drafts);

  if (message != NULL)
    {
      /* Translators: %s says why (disk full…); the text stays in the composer. */
      g_autofree char *text = g_strdup_printf (_("The draft could not be saved: %s"), message);

      show_error (self, text);
      set_status_text (self, _("Draft not saved"));
    }
}

static void
on_mode_toggled (TendComposer *self)
{
  TendDraftMode mode = gtk_toggle_button_get_active (self->note_button) ? TEND_DRAFT_MODE_NOTE
                                                                       : TEND_DRAFT_MODE_REPLY;

  if (mode != self->mode)
    tend_composer_set_mode (self, mode);
}

/* Parses the macro's neutral actions (tend-macro.h) into @edit; strings
 * stay owned by @parser. Returns the macro's text, or NULL. */
static const char *
macro_to_edit (TendMacro      *macro,
               JsonParser     *parser,
               gint64          me,
               TendOutboxEdit *edit,
               GPtrArray      *add_tags,
               GPtrArray      *remove_tags,
               gboolean       *is_public)
{
  const char *json = tend_macro_get_actions_json (macro);
  const char *text = NULL;
  JsonNode *root;
  JsonArray *actions;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  actions = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonNode *element = json_array_get_element (actions, i);
      JsonObject *action;
      JsonNode *value;
      const char *field;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      action = json_node_get_object (element);
      field = json_object_get_string_member_with_default (action, "field", NULL);
      value = json_object_get_member (action, "value");
      if (field == NULL || value == NULL)
        continue;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        {
          const char *v = json_node_get_string (value);
          TendTicketStatus status;
          TendTicketPriority priority;

          if (g_str_equal (field, "comment"))
            text = v;
          else if (g_str_equal (field, "status") && tend_ticket_status_from_string (v, &status))
            edit->status = status;
          else if (g_str_equal (field, "priority") && tend_ticket_priority_from_string (v, &priority))
            edit->priority = priority;
          else if (g_str_equal (field, "type"))
            edit->ticket_type = v;
          else if (g_str_equal (field, "assignee") && g_str_equal (v, "me") && me != 0)
            edit->assignee_id = me;
        }
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        {
          if (g_str_equal (field, "public"))
            *is_public = json_node_get_boolean (value);
        }
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
        {
          if (g_str_equal (field, "assignee"))
            edit->assignee_id = json_node_get_int (value);
          else if (g_str_equal (field, "group"))
            edit->group_id = json_node_get_int (value);
        }
      else if (JSON_NODE_HOLDS_ARRAY (value) &&
               (g_str_equal (field, "add_tags") || g_str_equal (field, "remove_tags")))
        {
          JsonArray *tags = json_node_get_array (value);
          GPtrArray *into = g_str_equal (field, "add_tags") ? add_tags : remove_tags;

          for (guint j = 0; j < json_array_get_length (tags); j++)
            {
              const char *tag = json_array_get_string_element (tags, j);

              if (tag != NULL)
                g_ptr_array_add (into, (gpointer) tag);
            }
        }
    }

  if (add_tags->len > 0)
    {
      g_ptr_array_add (add_tags, NULL);
      edit->add_tags = (const char * const *) add_tags->pdata;
    }
  if (remove_tags->len > 0)
    {
      g_ptr_array_add (remove_tags, NULL);
      edit->remove_tags = (const char * const *) remove_tags->pdata;
    }

  return text;
}

/* Hands the text to the outbox: on disk and in the local copy at once. */
static gboolean
enqueue (TendComposer *self,
         const char   *text,
         int           status,
         GError      **error)
{
  gint64 ticket_id = tend_ticket_get_id (self->ticket);
  gboolean is_public = self->mode == TEND_DRAFT_MODE_REPLY;

  if (self->macro != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GPtrArray) add_tags = g_ptr_array_new ();
      g_autoptr(GPtrArray) remove_tags = g_ptr_array_new ();
      gboolean macro_public = is_public;
      TendOutboxEdit edit;

      tend_outbox_edit_init (&edit);
      macro_to_edit (self->macro, parser, tend_store_get_me (self->store),
                     &edit, add_tags, remove_tags, &macro_public);
      /* The agent may have edited the text and the mode: theirs win. */
      edit.comment = text;
      edit.comment_public = is_public;
      edit.macro_id = tend_macro_get_id (self->macro);
      if (status >= 0)
        edit.status = status;

      return tend_outbox_enqueue (self->outbox, ticket_id, &edit, error) != 0;
    }

  return tend_outbox_reply (self->outbox, ticket_id, text, is_public, status, error) != 0;
}

static void
send_now (TendComposer *self,
          int           status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendTicket) current = NULL;
  g_autofree char *text = get_text (self);

  if (self->ticket == NULL || self->outbox == NULL || text_is_blank (text))
    return;

  if (!enqueue (self, text, status, &error))
    {
      /* Translators: %s says why (disk full…); the text stays in the composer. */
      g_autofree char *message = g_strdup_printf (_("Not sent: %s"), error->message);

      show_error (self, message);
      /* The outbox left the draft alone; make sure it holds this text. */
      if (self->drafts != NULL)
        tend_drafts_save_later (self->drafts, tend_ticket_get_id (self->ticket), self->mode, text);
      return;
    }

  /* The outbox deleted the stored draft; drop a save still waiting too. */
  if (self->drafts != NULL)
    {
      g_autoptr(GError) delete_error = NULL;

      if (!tend_drafts_delete (self->drafts, tend_ticket_get_id (self->ticket), self->mode, &delete_error))
        g_debug ("Could not delete the draft: %s", delete_error->message);
    }

  g_clear_object (&self->macro);
  hide_guard (self);
  show_error (self, NULL);
  set_text_quietly (self, NULL);

  /* The agent's own message is now the newest thing they have seen. */
  current = reload_ticket (self);
  if (current != NULL)
    {
      g_set_object (&self->ticket, current);
      remember_seen (self, current);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
    }
  update_mode_widgets (self);

  /* Offline, the agent should know their words wait on this machine. */
  if (self->connectivity != NULL && !tend_connectivity_get_online (self->connectivity))
    set_status_text (self, self->mode == TEND_DRAFT_MODE_NOTE ?
                     _("Offline: the note is sent when the connection is back") :
                     _("Offline: the reply is sent when the connection is back"));
  else
    set_status_text (self, self->mode == TEND_DRAFT_MODE_NOTE ? _("Note added to the outbox")
                                                              : _("Reply added to the outbox"));

  g_signal_emit (self, signals[SIGNAL_SENT], 0);
}

static void
try_send (TendComposer *self,
          int           status)
{
  g_autoptr(TendTicket) current = NULL;
  g_autoptr(TendComment) newer = NULL;

  if (self->ticket == NULL)
    return;

  current = reload_ticket (self);
  if (current != NULL)
    newer = find_newer_customer_message (self, current);

  if (newer != NULL)
    {
      const char *author = tend_comment_get_author_name (newer);
      g_autofree char *body = tend_one_line (tend_comment_get_body (newer), 600);
      g_autofree char *title = NULL;

      if (author != NULL && *author != '\0')
        /* Translators: %s is the customer's name. */
        title = g_strdup_printf (_("%s wrote again"), author);
      else
        title = g_strdup (_("The customer wrote again"));

      gtk_label_set_text (self->guard_title, title);
      gtk_label_set_text (self->guard_message, body != NULL ? body : "");
      g_object_set_data (G_OBJECT (self->guard_revealer), "comment-id",
                         GSIZE_TO_POINTER ((gsize) tend_comment_get_id (newer)));
      self->held_status = status;
      gtk_revealer_set_reveal_child (self->guard_revealer, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->review_button));
      return;
    }

  send_now (self, status);
}

static void
composer_send (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TendComposer *self = TEND_COMPOSER (widget);

  /* The main button of a new ticket's reply says "Submit as Open". */
  if (self->ticket != NULL && self->mode == TEND_DRAFT_MODE_REPLY &&
      tend_ticket_get_status (self->ticket) == TEND_TICKET_STATUS_NEW)
    try_send (self, TEND_TICKET_STATUS_OPEN);
  else
    try_send (self, -1);
}

static void
composer_submit_as (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TendComposer *self = TEND_COMPOSER (widget);
  TendTicketStatus status;

  if (!tend_ticket_status_from_string (g_variant_get_string (param, NULL), &status))
    return;

  try_send (self, status);
}

static void
composer_send_anyway (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TendComposer *self = TEND_COMPOSER (widget);
  g_autoptr(TendTicket) current = reload_ticket (self);
  int status = self->held_status == NO_HELD_STATUS ? -1 : self->held_status;

  /* The agent has now been shown the new message. */
  if (current != NULL)
    remember_seen (self, current);
  hide_guard (self);
  send_now (self, status);
}

static void
composer_review (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TendComposer *self = TEND_COMPOSER (widget);
  g_autoptr(TendTicket) current = reload_ticket (self);
  gint64 comment_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (self->guard_revealer),
                                                                   "comment-id"));

  if (current != NULL)
    remember_seen (self, current);
  hide_guard (self);
  g_signal_emit (self, signals[SIGNAL_REVIEW], 0, comment_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
composer_reply_mode (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  tend_composer_set_mode (TEND_COMPOSER (widget), TEND_DRAFT_MODE_REPLY);
  tend_composer_focus_text (TEND_COMPOSER (widget));
}

static void
composer_note_mode (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  tend_composer_set_mode (TEND_COMPOSER (widget), TEND_DRAFT_MODE_NOTE);
  tend_composer_focus_text (TEND_COMPOSER (widget));
}

/* Macros */

static void
reload_macros (TendComposer *self)
{
  g_autoptr(GPtrArray) macros = NULL;
  g_autoptr(GError) error = NULL;

  g_list_store_remove_all (self->macros);
  if (self->store == NULL)
    return;

  macros = tend_store_list_macros (self->store, &error);
  if (macros == NULL)
    {
      g_warning ("Could not read the macros: %s", error->message);
      return;
    }

  for (guint i = 0; i < macros->len; i++)
    if (tend_macro_get_active (g_ptr_array_index (macros, i)))
      g_list_store_append (self->macros, g_ptr_array_index (macros, i));
}

static void
update_macros_stack (TendComposer *self)
{
  gtk_stack_set_visible_child_name (self->macros_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->macro_model)) > 0 ?
                                    "list" : "empty");
}

static void
on_macros_popover_show (TendComposer *self)
{
  reload_macros (self);
  gtk_editable_set_text (GTK_EDITABLE (self->macro_search), "");
  update_macros_stack (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->macro_search));
}

static void
on_macro_search_changed (TendComposer *self)
{
  gtk_string_filter_set_search (self->macro_filter,
                                gtk_editable_get_text (GTK_EDITABLE (self->macro_search)));
  update_macros_stack (self);
}

static void
apply_macro (TendComposer *self,
             TendMacro    *macro)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) add_tags = g_ptr_array_new ();
  g_autoptr(GPtrArray) remove_tags = g_ptr_array_new ();
  gboolean is_public = self->mode == TEND_DRAFT_MODE_REPLY;
  TendOutboxEdit edit;
  const char *text;

  tend_outbox_edit_init (&edit);
  text = macro_to_edit (macro, parser, 0, &edit, add_tags, remove_tags, &is_public);

  if (self->mode != (is_public ? TEND_DRAFT_MODE_REPLY : TEND_DRAFT_MODE_NOTE))
    tend_composer_set_mode (self, is_public ? TEND_DRAFT_MODE_REPLY : TEND_DRAFT_MODE_NOTE);

  /* Typing-like: the macro's text becomes the draft. */
  if (text != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);

  g_set_object (&self->macro, macro);
  {
    /* Translators: %s is a macro's title. */
    g_autofree char *status = g_strdup_printf (_("Macro “%s” applies when sent"),
                                               tend_macro_get_title (macro));
    set_status_text (self, status);
  }
  gtk_popover_popdown (self->macros_popover);
  tend_composer_focus_text (self);
}

static void
on_macro_activate (TendComposer *self,
                   guint         position)
{
  g_autoptr(TendMacro) macro = g_list_model_get_item (G_LIST_MODEL (self->macro_model), position);

  if (macro != NULL)
    apply_macro (self, macro);
}

static void
on_macro_search_activate (TendComposer *self)
{
  on_macro_activate (self, 0);
}

static void
macro_setup (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *description = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_ellipsize (GTK_LABEL (description), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_add_css_class (description, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), description);
  gtk_list_item_set_child (item, box);
}

static void
macro_bind (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  TendMacro *macro = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *description = gtk_widget_get_next_sibling (title);
  const char *text = tend_macro_get_description (macro);

  gtk_label_set_text (GTK_LABEL (title), tend_macro_get_title (macro));
  gtk_label_set_text (GTK_LABEL (description), text != NULL ? text : "");
  gtk_widget_set_visible (description, text != NULL && *text != '\0');
}

/* GObject */

static void
tend_composer_dispose (GObject *object)
{
  TendComposer *self = TEND_COMPOSER (object);

  flush_drafts (self);

  g_clear_object (&self->macro_model);
  g_clear_object (&self->macros);
  g_clear_object (&self->macro);
  g_clear_object (&self->ticket);
  g_clear_object (&self->drafts);
  g_clear_object (&self->connectivity);
  g_clear_object (&self->outbox);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tend_composer_parent_class)->dispose (object);
}

static void
tend_composer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TendComposer *self = TEND_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    case PROP_DRAFTS:
      g_value_set_object (value, self->drafts);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_object (value, self->connectivity);
      break;
    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_composer_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TendComposer *self = TEND_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    case PROP_OUTBOX:
      g_set_object (&self->outbox, g_value_get_object (value));
      update_send_state (self);
      break;
    case PROP_DRAFTS:
      g_clear_object (&self->drafts);
      self->drafts = g_value_dup_object (value);
      if (self->drafts != NULL)
        g_signal_connect_object (self->drafts, "notify::last-error",
                                 G_CALLBACK (on_drafts_last_error), self, G_CONNECT_SWAPPED);
      break;
    case PROP_CONNECTIVITY:
      g_set_object (&self->connectivity, g_value_get_object (value));
      break;
    case PROP_TICKET:
      tend_composer_set_ticket (self, g_value_get_object (value));
      break;
    case PROP_MODE:
      tend_composer_set_mode (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_composer_class_init (TendComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_composer_dispose;
  object_class->get_property = tend_composer_get_property;
  object_class->set_property = tend_composer_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TEND_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, TEND_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFTS] =
    g_param_spec_object ("drafts", NULL, NULL, TEND_TYPE_DRAFTS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Optional: says "sent when the connection is back" while offline. */
  properties[PROP_CONNECTIVITY] =
    g_param_spec_object ("connectivity", NULL, NULL, TEND_TYPE_CONNECTIVITY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL, TEND_TYPE_TICKET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, TEND_TYPE_DRAFT_MODE, TEND_DRAFT_MODE_REPLY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_REVIEW] =
    g_signal_new ("review", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* A reply or note went into the outbox: the conversation shows it. */
  signals[SIGNAL_SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, TendComposer, frame);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, guard_revealer);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, guard_box);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, review_button);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, guard_title);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, guard_message);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, error_label);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, reply_button);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, note_button);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, audience_label);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, macros_button);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, macros_popover);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, macro_search);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, macros_stack);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, macro_list);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, status_label);
  gtk_widget_class_bind_template_child (widget_class, TendComposer, send_button);
  gtk_widget_class_bind_template_callback (widget_class, on_error_dismiss);
  gtk_widget_class_bind_template_callback (widget_class, on_macros_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_macro_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_macro_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_macro_activate);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, composer_send);
  gtk_widget_class_install_action (widget_class, "composer.submit-as", "s", composer_submit_as);
  gtk_widget_class_install_action (widget_class, "composer.send-anyway", NULL, composer_send_anyway);
  gtk_widget_class_install_action (widget_class, "composer.review", NULL, composer_review);
  gtk_widget_class_install_action (widget_class, "composer.reply-mode", NULL, composer_reply_mode);
  gtk_widget_class_install_action (widget_class, "composer.note-mode", NULL, composer_note_mode);

  /* Done writing: back to the list (the workspace's action), so that j
   * and k move through the tickets again instead of typing. Popovers and
   * the stale-reply guard take Escape before this. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "ticket.back", NULL);

  gtk_widget_class_set_css_name (widget_class, "composer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tend_composer_init (TendComposer *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkExpression *title;

  self->mode = TEND_DRAFT_MODE_REPLY;
  self->held_status = NO_HELD_STATUS;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->macros = g_list_store_new (TEND_TYPE_MACRO);
  title = gtk_property_expression_new (TEND_TYPE_MACRO, NULL, "title");
  self->macro_filter = gtk_string_filter_new (title);
  gtk_string_filter_set_match_mode (self->macro_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->macro_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->macros)),
                                                 GTK_FILTER (self->macro_filter));
  g_signal_connect (factory, "setup", G_CALLBACK (macro_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (macro_bind), NULL);
  gtk_list_view_set_factory (self->macro_list, factory);
  {
    GtkSingleSelection *selection =
      gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->macro_model)));

    gtk_single_selection_set_can_unselect (selection, TRUE);
    gtk_single_selection_set_autoselect (selection, FALSE);
    gtk_list_view_set_model (self->macro_list, GTK_SELECTION_MODEL (selection));
    g_object_unref (selection);
  }

  /* Ctrl+Enter sends. In the capture phase: the text view would take a
   * bubbling Enter as a new line before a class binding saw it. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                            gtk_named_action_new ("composer.send")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_button, "toggled",
                           G_CALLBACK (on_mode_toggled), self, G_CONNECT_SWAPPED);

  update_mode_widgets (self);
  update_placeholder (self);
  update_send_state (self);
}

/* Public */

GtkWidget *
tend_composer_new (TendStore  *store,
                   TendOutbox *outbox,
                   TendDrafts *drafts)
{
  return g_object_new (TEND_TYPE_COMPOSER,
                       "store", store,
                       "outbox", outbox,
                       "drafts", drafts,
                       NULL);
}

TendStore *
tend_composer_get_store (TendComposer *self)
{
  g_return_val_if_fail (TEND_IS_COMPOSER (self), NULL);
  return self->store;
}

TendOutbox *
tend_composer_get_outbox (TendComposer *self)
{
  g_return_val_if_fail (TEND_IS_COMPOSER (self), NULL);
  return self->outbox;
}

TendDrafts *
tend_composer_get_drafts (TendComposer *self)
{
  g_return_val_if_fail (TEND_IS_COMPOSER (self), NULL);
  return self->drafts;
}

TendTicket *
tend_composer_get_ticket (TendComposer *self)
{
  g_return_val_if_fail (TEND_IS_COMPOSER (self), NULL);
  return self->ticket;
}

void
tend_composer_set_ticket (TendComposer *self,
                          TendTicket   *ticket)
{
  gboolean same;

  g_return_if_fail (TEND_IS_COMPOSER (self));
  g_return_if_fail (ticket == NULL || TEND_IS_TICKET (ticket));

  if (ticket == self->ticket)
    return;

  same = ticket != NULL && self->ticket != NULL &&
         tend_ticket_get_id (ticket) == tend_ticket_get_id (self->ticket);

  /* A fresher copy of the same ticket (after a sync) keeps the text and
   * what the agent had seen: that is what the guard compares with. */
  if (same)
    {
      g_set_object (&self->ticket, ticket);
      update_mode_widgets (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
      return;
    }

  flush_drafts (self);
  hide_guard (self);
  g_set_object (&self->ticket, ticket);
  remember_seen (self, ticket);
  load_draft (self);
  update_mode_widgets (self);
  update_send_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

TendDraftMode
tend_composer_get_mode (TendComposer *self)
{
  g_return_val_if_fail (TEND_IS_COMPOSER (self), TEND_DRAFT_MODE_REPLY);
  return self->mode;
}

void
tend_composer_set_mode (TendComposer  *self,
                        TendDraftMode  mode)
{
  g_return_if_fail (TEND_IS_COMPOSER (self));

  if (mode == self->mode)
    return;

  flush_drafts (self);
  self->mode = mode;
  gtk_toggle_button_set_active (mode == TEND_DRAFT_MODE_NOTE ? self->note_button : self->reply_button, TRUE);
  hide_guard (self);
  load_draft (self);
  update_mode_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

GtkTextBuffer *
tend_composer_get_buffer (TendComposer *self)
{
  g_return_val_if_fail (TEND_IS_COMPOSER (self), NULL);
  return gtk_text_view_get_buffer (self->text_view);
}

gboolean
tend_composer_get_guard_visible (TendComposer *self)
{
  g_return_val_if_fail (TEND_IS_COMPOSER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->guard_revealer);
}

void
tend_composer_focus_text (TendComposer *self)
{
  g_return_if_fail (TEND_IS_COMPOSER (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

void
tend_composer_insert_text (TendComposer *self,
                           const char   *text)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (TEND_IS_COMPOSER (self));
  g_return_if_fail (text != NULL);

  /* An article is for the customer: it goes into the reply, never into
   * an internal note. */
  tend_composer_set_mode (self, TEND_DRAFT_MODE_REPLY);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_text_buffer_end_user_action (buffer);
  tend_composer_focus_text (self);
}
