/* tend-outbox.c: the agent's changes on their way to the helpdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-outbox"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tend-changeset.h"
#include "tend-comment.h"
#include "tend-macro.h"
#include "tend-outbox.h"
#include "tend-store-private.h"
#include "tend-ticket.h"

#define DEFAULT_BASE_DELAY_MS   5000
#define MAX_DELAY_MS            (15 * 60 * 1000)
#define DEFAULT_MAX_ATTEMPTS    8
/* Sent rows are kept this long: reconciling a later change must know
 * which comments on the helpdesk are already accounted for. */
#define KEEP_SENT_SECONDS       (7 * 24 * 3600)

struct _TendOutbox
{
  GObject    parent_instance;

  TendStore *store;
  GPtrArray *items;           /* TendOutboxItem, unsent, oldest first */
  guint      n_attention;     /* of those, refused or in conflict */
  GSource   *reload_source;
  guint      base_delay_ms;   /* read by push threads; set before pushing */
  guint      max_attempts;
};

static void tend_outbox_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TendOutbox, tend_outbox, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tend_outbox_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_PENDING,
  PROP_N_ATTENTION,
  N_PROPS
};

enum {
  QUEUED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GListModel */

static GType
tend_outbox_get_item_type (GListModel *model)
{
  return TEND_TYPE_OUTBOX_ITEM;
}

static guint
tend_outbox_get_n_items (GListModel *model)
{
  return TEND_OUTBOX (model)->items->len;
}

static gpointer
tend_outbox_get_list_item (GListModel *model,
                           guint       position)
{
  TendOutbox *self = TEND_OUTBOX (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
tend_outbox_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tend_outbox_get_item_type;
  iface->get_n_items = tend_outbox_get_n_items;
  iface->get_item = tend_outbox_get_list_item;
}

/* Keeping the list current */

static void
reload (TendOutbox *self)
{
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GError) error = NULL;
  gboolean same_ids;
  guint old_n = self->items->len;
  guint old_attention;

  /* Items keep their identity across reloads: a row showing one only
   * sees its properties change. Only new or changed rows become objects,
   * so rereading after a bulk change of 100,000 items stays cheap. */
  fresh = _tend_store_outbox_refresh (self->store, self->items, &error);
  if (fresh == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      return;
    }

  /* Known items changed in place, states included. */
  old_attention = self->n_attention;
  self->n_attention = 0;
  for (guint i = 0; i < fresh->len; i++)
    {
      TendOutboxState state = tend_outbox_item_get_state (g_ptr_array_index (fresh, i));

      if (state == TEND_OUTBOX_STATE_FAILED || state == TEND_OUTBOX_STATE_CONFLICT)
        self->n_attention++;
    }

  same_ids = fresh->len == old_n;
  for (guint i = 0; same_ids && i < fresh->len; i++)
    same_ids = g_ptr_array_index (fresh, i) == g_ptr_array_index (self->items, i);
  if (!same_ids)
    {
      g_ptr_array_unref (self->items);
      self->items = g_steal_pointer (&fresh);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);
      if (old_n != self->items->len)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
    }
  if (old_attention != self->n_attention)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ATTENTION]);
}

static gboolean
reload_cb (gpointer data)
{
  TendOutbox *self = TEND_OUTBOX (data);

  g_clear_pointer (&self->reload_source, g_source_unref);
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (TendOutbox *self,
                  guint       changes)
{
  if ((changes & TEND_STORE_CHANGE_OUTBOX) == 0 || self->reload_source != NULL)
    return;

  /* A burst of changes (a push, a bulk edit) is read once. */
  self->reload_source = g_idle_source_new ();
  g_source_set_priority (self->reload_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->reload_source, reload_cb, self, NULL);
  g_source_set_static_name (self->reload_source, "[tend] outbox reload");
  g_source_attach (self->reload_source, g_main_context_get_thread_default ());
}

/* GObject */

static void
tend_outbox_constructed (GObject *object)
{
  TendOutbox *self = TEND_OUTBOX (object);

  G_OBJECT_CLASS (tend_outbox_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  reload (self);
}

static void
tend_outbox_dispose (GObject *object)
{
  TendOutbox *self = TEND_OUTBOX (object);

  if (self->reload_source != NULL)
    {
      g_source_destroy (self->reload_source);
      g_clear_pointer (&self->reload_source, g_source_unref);
    }

  G_OBJECT_CLASS (tend_outbox_parent_class)->dispose (object);
}

static void
tend_outbox_finalize (GObject *object)
{
  TendOutbox *self = TEND_OUTBOX (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tend_outbox_parent_class)->finalize (object);
}

static void
tend_outbox_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TendOutbox *self = TEND_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_N_ATTENTION:
      g_value_set_uint (value, self->n_attention);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_outbox_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TendOutbox *self = TEND_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_outbox_class_init (TendOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tend_outbox_constructed;
  object_class->dispose = tend_outbox_dispose;
  object_class->finalize = tend_outbox_finalize;
  object_class->get_property = tend_outbox_get_property;
  object_class->set_property = tend_outbox_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TEND_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ATTENTION] =
    g_param_spec_uint ("n-attention", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TendOutbox::queued:
   * @id: the item's id
   *
   * An item became due through this object: enqueued, retried or sent
   * anyway.
   */
  signals[QUEUED] =
    g_signal_new ("queued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 parsed;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &parsed, NULL))
    return fallback;
  return (guint) parsed;
}

static void
tend_outbox_init (TendOutbox *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->base_delay_ms = env_uint ("TEND_OUTBOX_BASE_DELAY_MS", DEFAULT_BASE_DELAY_MS);
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
}

TendOutbox *
tend_outbox_new (TendStore *store)
{
  g_return_val_if_fail (TEND_IS_STORE (store), NULL);

  return g_object_new (TEND_TYPE_OUTBOX, "store", store, NULL);
}

TendStore *
tend_outbox_get_store (TendOutbox *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (self), NULL);

  return self->store;
}

guint
tend_outbox_get_n_pending (TendOutbox *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (self), 0);

  return self->items->len;
}

guint
tend_outbox_get_n_attention (TendOutbox *self)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (self), 0);

  return self->n_attention;
}

GPtrArray *
tend_outbox_list_items (TendOutbox  *self,
                        gboolean     with_sent,
                        GError     **error)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (self), NULL);

  return _tend_store_outbox_list (self->store, with_sent, error);
}

void
tend_outbox_set_base_delay_ms (TendOutbox *self,
                               guint       ms)
{
  g_return_if_fail (TEND_IS_OUTBOX (self));

  self->base_delay_ms = ms;
}

void
tend_outbox_set_max_attempts (TendOutbox *self,
                              guint       max_attempts)
{
  g_return_if_fail (TEND_IS_OUTBOX (self));

  self->max_attempts = MAX (max_attempts, 1);
}

/* Queueing */

void
tend_outbox_edit_init (TendOutboxEdit *edit)
{
  g_return_if_fail (edit != NULL);

  memset (edit, 0, sizeof *edit);
  edit->comment_public = TRUE;
  edit->status = -1;
  edit->priority = -1;
  edit->assignee_id = -1;
  edit->group_id = -1;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static void
add_tags_member (JsonObject         *change,
                 const char         *name,
                 const char * const *tags,
                 gboolean           *any)
{
  JsonArray *array = NULL;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdup (tags[i]));

      if (tag[0] == '\0')
        continue;
      if (array == NULL)
        array = json_array_new ();
      json_array_add_string_element (array, tag);
    }
  if (array != NULL)
    {
      json_object_set_array_member (change, name, array);
      *any = TRUE;
    }
}

/* The neutral change of @edit, or NULL with TEND_ERROR_INVALID. */
static JsonObject *
change_from_edit (const TendOutboxEdit  *edit,
                  const char           **kind,
                  GError               **error)
{
  g_autoptr(JsonObject) change = json_object_new ();
  gboolean any = FALSE;

  if (edit->comment != NULL && edit->comment[0] != '\0')
    {
      JsonObject *comment;

      if (is_blank (edit->comment))
        {
          g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                               edit->comment_public ? _("The reply is empty")
                                                    : _("The note is empty"));
          return NULL;
        }
      if (!g_utf8_validate (edit->comment, -1, NULL))
        {
          g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                               _("The text is not valid UTF-8"));
          return NULL;
        }
      comment = json_object_new ();
      json_object_set_string_member (comment, "body", edit->comment);
      json_object_set_boolean_member (comment, "public", edit->comment_public);
      json_object_set_object_member (change, "comment", comment);
      any = TRUE;
    }

  if (edit->status >= 0)
    {
      if (edit->status > TEND_TICKET_STATUS_CLOSED)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       _("%d is not a status a ticket can be given"), edit->status);
          return NULL;
        }
      json_object_set_string_member (change, "status", tend_ticket_status_to_string (edit->status));
      any = TRUE;
    }

  if (edit->priority >= 0)
    {
      if (edit->priority > TEND_TICKET_PRIORITY_URGENT)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       _("%d is not a priority"), edit->priority);
          return NULL;
        }
      json_object_set_string_member (change, "priority",
                                     tend_ticket_priority_to_string (edit->priority));
      any = TRUE;
    }

  if (edit->ticket_type != NULL)
    {
      if (edit->ticket_type[0] != '\0')
        json_object_set_string_member (change, "type", edit->ticket_type);
      else
        json_object_set_null_member (change, "type");
      any = TRUE;
    }

  if (edit->assignee_id >= 0)
    {
      json_object_set_int_member (change, "assignee_id", edit->assignee_id);
      any = TRUE;
    }

  if (edit->group_id >= 0)
    {
      json_object_set_int_member (change, "group_id", edit->group_id);
      any = TRUE;
    }

  add_tags_member (change, "add_tags", edit->add_tags, &any);
  add_tags_member (change, "remove_tags", edit->remove_tags, &any);

  if (!any)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("Nothing to change: give a reply, a note or a field to set"));
      return NULL;
    }

  if (edit->macro_id > 0)
    json_object_set_int_member (change, "macro_id", edit->macro_id);

  if (edit->macro_id > 0)
    *kind = "macro";
  else if (json_object_has_member (change, "comment"))
    *kind = edit->comment_public ? "reply" : "note";
  else
    *kind = "fields";

  return g_steal_pointer (&change);
}

static gint64
enqueue_change (TendOutbox  *self,
                gint64       ticket_id,
                const char  *kind,
                JsonObject  *change,
                GError     **error)
{
  gint64 id = _tend_store_outbox_enqueue (self->store, ticket_id, kind, change, error);

  if (id > 0)
    g_signal_emit (self, signals[QUEUED], 0, id);
  return id;
}

gint64
tend_outbox_enqueue (TendOutbox            *self,
                     gint64                 ticket_id,
                     const TendOutboxEdit  *edit,
                     GError               **error)
{
  g_autoptr(JsonObject) change = NULL;
  const char *kind = NULL;

  g_return_val_if_fail (TEND_IS_OUTBOX (self), 0);
  g_return_val_if_fail (edit != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  change = change_from_edit (edit, &kind, error);
  if (change == NULL)
    return 0;
  return enqueue_change (self, ticket_id, kind, change, error);
}

GArray *
tend_outbox_enqueue_many (TendOutbox            *self,
                          const gint64          *ticket_ids,
                          guint                  n_tickets,
                          const TendOutboxEdit  *edit,
                          GError               **error)
{
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *kind = NULL;

  g_return_val_if_fail (TEND_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (ticket_ids != NULL || n_tickets == 0, NULL);
  g_return_val_if_fail (edit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  change = change_from_edit (edit, &kind, error);
  if (change == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_tickets);
  if (!_tend_store_outbox_enqueue_many (self->store, ticket_ids, n_tickets, kind, change, ids, error))
    return NULL;

  /* One wake-up for the whole batch: the push takes every due item. */
  if (ids->len > 0)
    g_signal_emit (self, signals[QUEUED], 0, g_array_index (ids, gint64, ids->len - 1));
  return g_steal_pointer (&ids);
}

gint64
tend_outbox_reply (TendOutbox  *self,
                   gint64       ticket_id,
                   const char  *body,
                   gboolean     is_public,
                   int          status,
                   GError     **error)
{
  TendOutboxEdit edit;

  g_return_val_if_fail (TEND_IS_OUTBOX (self), 0);

  if (body == NULL || body[0] == '\0')
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           is_public ? _("The reply is empty") : _("The note is empty"));
      return 0;
    }

  tend_outbox_edit_init (&edit);
  edit.comment = body;
  edit.comment_public = is_public;
  edit.status = status;
  return tend_outbox_enqueue (self, ticket_id, &edit, error);
}

static JsonArray *
action_tags (JsonNode *value)
{
  JsonArray *tags = json_array_new ();

  if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            json_array_add_string_element (tags, json_node_get_string (element));
        }
    }
  else if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
           json_node_get_value_type (value) == G_TYPE_STRING)
    {
      g_auto(GStrv) words = g_strsplit_set (json_node_get_string (value), " ,", -1);

      for (guint i = 0; words[i] != NULL; i++)
        if (words[i][0] != '\0')
          json_array_add_string_element (tags, words[i]);
    }
  return tags;
}

static gboolean
action_id (JsonNode *value,
           gint64    me,
           gint64   *id)
{
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return FALSE;
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    {
      *id = MAX (json_node_get_int (value), 0);
      return TRUE;
    }
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);
      guint64 parsed;

      if (g_str_equal (text, "me"))
        {
          *id = me;
          return me > 0;
        }
      if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &parsed, NULL))
        {
          *id = (gint64) parsed;
          return TRUE;
        }
    }
  return FALSE;
}

gint64
tend_outbox_apply_macro (TendOutbox  *self,
                         gint64       ticket_id,
                         TendMacro   *macro,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(JsonArray) skipped = json_array_new ();
  const char *text = NULL;
  gboolean is_public = TRUE;
  gboolean any = FALSE;
  gint64 me;
  JsonNode *root;
  JsonArray *actions;

  g_return_val_if_fail (TEND_IS_OUTBOX (self), 0);
  g_return_val_if_fail (TEND_IS_MACRO (macro), 0);

  if (!json_parser_load_from_data (parser, tend_macro_get_actions_json (macro) != NULL ?
                                   tend_macro_get_actions_json (macro) : "[]", -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("The macro “%s” has actions Tend cannot read"),
                   tend_macro_get_title (macro) != NULL ? tend_macro_get_title (macro) : "");
      return 0;
    }

  me = tend_store_get_me (self->store);
  actions = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonNode *element = json_array_get_element (actions, i);
      JsonObject *action;
      const char *field;
      JsonNode *value;
      gint64 id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      action = json_node_get_object (element);
      field = json_object_get_string_member_with_default (action, "field", NULL);
      value = json_object_get_member (action, "value");
      if (field == NULL)
        continue;

      if (g_str_equal (field, "comment") && value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
          json_node_get_value_type (value) == G_TYPE_STRING)
        text = json_node_get_string (value);
      else if (g_str_equal (field, "public") && value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
               json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        is_public = json_node_get_boolean (value);
      else if ((g_str_equal (field, "status") || g_str_equal (field, "priority") ||
                g_str_equal (field, "type")) &&
               value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
               json_node_get_value_type (value) == G_TYPE_STRING)
        {
          const char *v = json_node_get_string (value);
          gboolean valid = g_str_equal (field, "type") ||
                           (g_str_equal (field, "status") ? tend_ticket_status_from_string (v, NULL)
                                                          : tend_ticket_priority_from_string (v, NULL));

          if (valid)
            {
              json_object_set_string_member (change, field, v);
              any = TRUE;
            }
          else
            json_array_add_element (skipped, json_node_copy (element));
        }
      else if (g_str_equal (field, "assignee") && action_id (value, me, &id))
        {
          json_object_set_int_member (change, "assignee_id", id);
          any = TRUE;
        }
      else if (g_str_equal (field, "group") && action_id (value, me, &id))
        {
          json_object_set_int_member (change, "group_id", id);
          any = TRUE;
        }
      else if (g_str_equal (field, "add_tags") || g_str_equal (field, "remove_tags"))
        {
          json_object_set_array_member (change, field, action_tags (value));
          any = TRUE;
        }
      else
        json_array_add_element (skipped, json_node_copy (element));
    }

  if (text != NULL && !is_blank (text))
    {
      JsonObject *comment = json_object_new ();

      json_object_set_string_member (comment, "body", text);
      json_object_set_boolean_member (comment, "public", is_public);
      json_object_set_object_member (change, "comment", comment);
      any = TRUE;
    }

  if (!any)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("The macro “%s” has nothing Tend can apply"),
                   tend_macro_get_title (macro) != NULL ? tend_macro_get_title (macro) : "");
      return 0;
    }

  json_object_set_int_member (change, "macro_id", tend_macro_get_id (macro));
  if (json_array_get_length (skipped) > 0)
    json_object_set_array_member (change, "skipped", g_steal_pointer (&skipped));

  return enqueue_change (self, ticket_id, "macro", change, error);
}

/* The agent's decisions */

TendOutboxItem *
tend_outbox_get_item (TendOutbox  *self,
                      gint64       id,
                      GError     **error)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (self), NULL);

  return _tend_store_outbox_get (self->store, id, error);
}

gboolean
tend_outbox_retry (TendOutbox  *self,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(TendOutboxItem) item = NULL;
  TendOutboxState state;

  g_return_val_if_fail (TEND_IS_OUTBOX (self), FALSE);

  item = _tend_store_outbox_get (self->store, id, error);
  if (item == NULL)
    return FALSE;

  state = tend_outbox_item_get_state (item);
  if (state == TEND_OUTBOX_STATE_CONFLICT)
    {
      /* Retrying with the old stamp could only conflict again. */
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("Outbox item %lld conflicts with a change on the helpdesk: "
                     "send it anyway or discard it"), (long long) id);
      return FALSE;
    }
  if (state != TEND_OUTBOX_STATE_FAILED && state != TEND_OUTBOX_STATE_QUEUED)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("Outbox item %lld is %s; only a failed or waiting item can be retried"),
                   (long long) id, tend_outbox_state_to_string (state));
      return FALSE;
    }

  if (!_tend_store_outbox_set_state (self->store, id, TEND_OUTBOX_STATE_QUEUED, NULL, 0, TRUE, error))
    return FALSE;
  g_signal_emit (self, signals[QUEUED], 0, id);
  return TRUE;
}

gboolean
tend_outbox_send_anyway (TendOutbox  *self,
                         gint64       id,
                         GError     **error)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (self), FALSE);

  if (!_tend_store_outbox_restamp (self->store, id, error))
    return FALSE;
  g_signal_emit (self, signals[QUEUED], 0, id);
  return TRUE;
}

gboolean
tend_outbox_discard (TendOutbox  *self,
                     gint64       id,
                     GError     **error)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (self), FALSE);

  return _tend_store_outbox_discard (self->store, id, error);
}

gboolean
tend_outbox_discard_many (TendOutbox    *self,
                          const gint64  *ids,
                          guint          n_ids,
                          guint         *n_discarded,
                          guint         *n_kept,
                          GError       **error)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  return _tend_store_outbox_discard_many (self->store, ids, n_ids, n_discarded, n_kept, error);
}

/* Pushing */

typedef enum
{
  SEND_DONE,       /* sent (or found sent) */
  SEND_REQUEUED,   /* found not to have arrived; queued again */
  SEND_BLOCKED,    /* stopped: the ticket's later changes wait */
  SEND_STOP,       /* nothing more can go now; error set */
} SendOutcome;

typedef struct
{
  TendOutbox          *self;
  TendBackend         *backend;
  TendStore           *store;
  gint64               me;
  guint                base_delay_ms;
  guint                max_attempts;
  TendOutboxPushStats *stats;
  GCancellable        *cancellable;
} Push;

static JsonObject *
parse_change (TendOutboxItem *item)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (tend_outbox_item_get_payload (item) == NULL ||
      !json_parser_load_from_data (parser, tend_outbox_item_get_payload (item), -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* Whitespace differences are not a different reply: the helpdesk may
 * trim or convert line ends. */
static char *
normalize_text (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gint64
backoff_ms (Push  *push,
            guint  attempts)
{
  guint64 delay = push->base_delay_ms;

  for (guint i = 1; i < attempts && delay < MAX_DELAY_MS; i++)
    delay *= 2;
  delay = MIN (delay, MAX_DELAY_MS);
  /* Equal jitter, as in TendHttp: clients that failed together do not
   * all come back in the same second. */
  if (delay >= 2)
    delay = delay / 2 + (guint64) g_random_int_range (0, (gint32) MIN (delay / 2, G_MAXINT32 - 1) + 1);
  return (gint64) delay;
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static TendTicket *
find_ticket (TendChangeset *changes,
             gint64         ticket_id)
{
  for (guint i = 0; i < changes->tickets->len; i++)
    {
      TendTicket *ticket = g_ptr_array_index (changes->tickets, i);

      if (tend_ticket_get_id (ticket) == ticket_id)
        return ticket;
    }
  return NULL;
}

/* The helpdesk's ticket already shows every field @change sets. */
static gboolean
fields_match (TendTicket *ticket,
              JsonObject *change)
{
  JsonNode *node;

  if ((node = json_object_get_member (change, "status")) != NULL)
    {
      TendTicketStatus status;

      if (!tend_ticket_status_from_string (json_node_get_string (node), &status) ||
          tend_ticket_get_status (ticket) != status)
        return FALSE;
    }
  if ((node = json_object_get_member (change, "priority")) != NULL)
    {
      TendTicketPriority priority = TEND_TICKET_PRIORITY_NONE;

      if (!JSON_NODE_HOLDS_NULL (node) &&
          !tend_ticket_priority_from_string (json_node_get_string (node), &priority))
        return FALSE;
      if (tend_ticket_get_priority (ticket) != priority)
        return FALSE;
    }
  if ((node = json_object_get_member (change, "type")) != NULL)
    {
      const char *type = JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);

      if (type != NULL && type[0] == '\0')
        type = NULL;
      if (g_strcmp0 (type, tend_ticket_get_ticket_type (ticket)) != 0)
        return FALSE;
    }
  if (json_object_has_member (change, "assignee_id") &&
      json_object_get_int_member_with_default (change, "assignee_id", 0) != tend_ticket_get_assignee_id (ticket))
    return FALSE;
  if (json_object_has_member (change, "group_id") &&
      json_object_get_int_member_with_default (change, "group_id", 0) != tend_ticket_get_group_id (ticket))
    return FALSE;

  if ((node = json_object_get_member (change, "add_tags")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *tags = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (tags); i++)
        {
          const char *tag = json_node_get_string (json_array_get_element (tags, i));

          if (tag != NULL && !tend_ticket_has_tag (ticket, tag))
            return FALSE;
        }
    }
  if ((node = json_object_get_member (change, "remove_tags")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *tags = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (tags); i++)
        {
          const char *tag = json_node_get_string (json_array_get_element (tags, i));

          if (tag != NULL && tend_ticket_has_tag (ticket, tag))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
contains_id (GArray *ids,
             gint64  id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* The comment of @change among @changes->comments: by the agent, the same
 * text and visibility, made no earlier than @since, and not claimed by
 * another change already. The oldest such. */
static TendComment *
find_sent_comment (Push           *push,
                   TendChangeset  *changes,
                   JsonObject     *comment,
                   gint64          ticket_id,
                   gint64          since,
                   GError        **error)
{
  g_autoptr(GArray) claimed = NULL;
  g_autofree char *wanted = NULL;
  gboolean is_public = json_object_get_boolean_member_with_default (comment, "public", TRUE);
  TendComment *best = NULL;

  claimed = _tend_store_outbox_claimed_ids (push->store, ticket_id, error);
  if (claimed == NULL)
    return NULL;
  wanted = normalize_text (json_object_get_string_member_with_default (comment, "body", ""));

  for (guint i = 0; i < changes->comments->len; i++)
    {
      TendComment *candidate = g_ptr_array_index (changes->comments, i);
      g_autofree char *text = NULL;

      if (push->me > 0 && tend_comment_get_author_id (candidate) != push->me)
        continue;
      if (tend_comment_get_public (candidate) != is_public ||
          tend_comment_get_created_at (candidate) < since ||
          contains_id (claimed, tend_comment_get_id (candidate)))
        continue;
      text = normalize_text (tend_comment_get_body (candidate));
      if (!g_str_equal (text, wanted))
        continue;
      if (best == NULL ||
          tend_comment_get_created_at (candidate) < tend_comment_get_created_at (best) ||
          (tend_comment_get_created_at (candidate) == tend_comment_get_created_at (best) &&
           tend_comment_get_id (candidate) < tend_comment_get_id (best)))
        best = candidate;
    }

  return best;
}

static void
count_failed (Push *push)
{
  if (push->stats != NULL)
    push->stats->failed++;
}

/* What became of an item that may or may not have reached the helpdesk:
 * it is looked for there before anything is sent again. With @conflict
 * (the helpdesk answered 409) the ticket changed since the item's stamp:
 * found, that change was this item's own (its 'sending' lost with a power
 * cut); not found, the item is in conflict, and what changed is stored
 * for the agent to read. */
static SendOutcome
reconcile (Push            *push,
           TendOutboxItem  *item,
           gboolean         conflict,
           GError         **error)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(JsonObject) change = parse_change (item);
  g_autoptr(GError) local_error = NULL;
  gint64 id = tend_outbox_item_get_id (item);
  gint64 ticket_id = tend_outbox_item_get_ticket_id (item);
  gint64 stamp = tend_outbox_item_get_seen_updated_at (item);
  JsonNode *comment_node;
  TendTicket *ticket;
  gint64 t0;

  if (change == NULL)
    {
      _tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_FAILED,
                                    _("This change cannot be read; discard it"), 0, FALSE, NULL);
      count_failed (push);
      return SEND_BLOCKED;
    }

  comment_node = json_object_get_member (change, "comment");

  t0 = g_get_monotonic_time ();
  if (!tend_backend_pull_ticket (push->backend, ticket_id, changes, push->cancellable, &local_error) ||
      ((comment_node != NULL || conflict) &&
       !tend_backend_pull_ticket_comments (push->backend, ticket_id, changes,
                                           push->cancellable, &local_error)))
    {
      if (push->stats != NULL)
        push->stats->backend_us += g_get_monotonic_time () - t0;
      if (g_error_matches (local_error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
        {
          /* Gone: whatever happened to the change, it cannot be sent. */
          _tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_FAILED,
                                        _("The ticket no longer exists on the helpdesk"),
                                        0, FALSE, NULL);
          count_failed (push);
          return SEND_BLOCKED;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return SEND_STOP;
    }
  if (push->stats != NULL)
    push->stats->backend_us += g_get_monotonic_time () - t0;

  ticket = find_ticket (changes, ticket_id);

  if (comment_node != NULL && JSON_NODE_HOLDS_OBJECT (comment_node))
    {
      g_autoptr(GError) find_error = NULL;
      TendComment *found = find_sent_comment (push, changes, json_node_get_object (comment_node),
                                              ticket_id, stamp, &find_error);

      if (find_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&find_error));
          return SEND_STOP;
        }
      if (found != NULL)
        {
          /* Rebasing the ticket's later changes is safe only when this
           * change was the ticket's last update. */
          gint64 new_stamp = ticket != NULL &&
                             tend_ticket_get_updated_at (ticket) == tend_comment_get_created_at (found)
                             ? tend_ticket_get_updated_at (ticket) : 0;

          if (!_tend_store_outbox_mark_sent (push->store, id, tend_comment_get_id (found), stamp,
                                             new_stamp, changes, error))
            return SEND_STOP;
          g_debug ("Outbox item %" G_GINT64_FORMAT " was on the helpdesk already (comment %"
                   G_GINT64_FORMAT ")", id, tend_comment_get_id (found));
          if (push->stats != NULL)
            {
              push->stats->sent++;
              push->stats->reconciled++;
            }
          return SEND_DONE;
        }
    }
  else if (ticket != NULL && fields_match (ticket, change))
    {
      if (!_tend_store_outbox_mark_sent (push->store, id, 0, stamp, 0, changes, error))
        return SEND_STOP;
      if (push->stats != NULL)
        {
          push->stats->sent++;
          push->stats->reconciled++;
        }
      return SEND_DONE;
    }

  if (conflict)
    {
      if (!tend_store_write (push->store, changes, error) ||
          !_tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_CONFLICT,
                                         _("The ticket changed on the helpdesk after you saw it; "
                                           "read what changed, then send anyway or discard"),
                                         0, FALSE, error))
        return SEND_STOP;
      if (push->stats != NULL)
        push->stats->conflicts++;
      return SEND_BLOCKED;
    }

  /* Not there: the request never arrived (an update is all or nothing).
   * What was fetched is fresh, so it goes into the store anyway. */
  if (!tend_store_write (push->store, changes, error) ||
      !_tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_QUEUED,
                                     tend_outbox_item_get_last_error (item), 0, FALSE, error))
    return SEND_STOP;
  g_debug ("Outbox item %" G_GINT64_FORMAT " did not reach the helpdesk; queued again", id);
  if (push->stats != NULL)
    push->stats->requeued++;
  return SEND_REQUEUED;
}

/* Leaves the item queued for a later try, or failed when it has had its
 * share of attempts. */
static void
defer (Push           *push,
       TendOutboxItem *item,
       const char     *message)
{
  gint64 id = tend_outbox_item_get_id (item);
  guint attempts = tend_outbox_item_get_attempts (item);

  if (attempts >= push->max_attempts)
    {
      g_autofree char *text = g_strdup_printf (_("Gave up after %u attempts: %s"), attempts, message);

      _tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_FAILED, text, 0, FALSE, NULL);
      count_failed (push);
      return;
    }
  _tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_QUEUED, message,
                                now_ms () + backoff_ms (push, attempts), FALSE, NULL);
  if (push->stats != NULL)
    push->stats->deferred++;
}

static SendOutcome
send_item (Push     *push,
           gint64    id,
           GError  **error)
{
  g_autoptr(TendOutboxItem) item = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) local_error = NULL;
  gint64 ticket_id;
  gint64 stamp;
  gint64 comment_id = 0;
  gint64 t0;
  gboolean ok;

  if (!_tend_store_outbox_claim (push->store, id, &item, error))
    return SEND_STOP;
  if (item == NULL)
    return SEND_BLOCKED;    /* taken back, or sent by someone else meanwhile */

  ticket_id = tend_outbox_item_get_ticket_id (item);
  stamp = tend_outbox_item_get_seen_updated_at (item);
  change = parse_change (item);
  if (change == NULL)
    {
      _tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_FAILED,
                                    _("This change cannot be read; discard it"), 0, FALSE, NULL);
      count_failed (push);
      return SEND_BLOCKED;
    }

  t0 = g_get_monotonic_time ();
  ok = tend_backend_push_change (push->backend, ticket_id, change, stamp, changes, &comment_id,
                                 push->cancellable, &local_error);
  if (push->stats != NULL)
    push->stats->backend_us += g_get_monotonic_time () - t0;

  if (ok)
    {
      TendTicket *ticket = find_ticket (changes, ticket_id);
      gint64 new_stamp = ticket != NULL ? tend_ticket_get_updated_at (ticket) : 0;

      /* Without the comment in the answer, its id is found in the
       * conversation (best effort: the next sync brings it anyway). */
      if (comment_id == 0 && json_object_get_member (change, "comment") != NULL &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (change, "comment")))
        {
          g_autoptr(GError) ignored = NULL;

          if (tend_backend_pull_ticket_comments (push->backend, ticket_id, changes,
                                                 push->cancellable, &ignored))
            {
              TendComment *found = find_sent_comment (push, changes,
                                                      json_object_get_object_member (change, "comment"),
                                                      ticket_id, stamp, &ignored);
              if (found != NULL)
                comment_id = tend_comment_get_id (found);
            }
        }

      /* Should this fail (the disk), the row stays 'sending' and the next
       * push finds the change on the helpdesk: nothing goes twice. */
      if (!_tend_store_outbox_mark_sent (push->store, id, comment_id, stamp, new_stamp, changes, error))
        return SEND_STOP;
      if (push->stats != NULL)
        push->stats->sent++;
      return SEND_DONE;
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* It may have left: 'sending' it stays, for the next push to check. */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return SEND_STOP;
    }

  if (local_error->domain != TEND_ERROR)
    {
      g_autoptr(GError) wrapped = g_error_new (TEND_ERROR, TEND_ERROR_NETWORK, "%s", local_error->message);

      g_clear_error (&local_error);
      local_error = g_steal_pointer (&wrapped);
    }

  switch (local_error->code)
    {
    case TEND_ERROR_CONFLICT:
      /* Most likely the customer wrote meanwhile; fetching the ticket
       * shows the agent what changed, and whether this change was in fact
       * applied already. */
      return reconcile (push, item, TRUE, error);

    case TEND_ERROR_NETWORK:
    case TEND_ERROR_BAD_RESPONSE:
      {
        g_autoptr(GError) reconcile_error = NULL;
        SendOutcome outcome;

        /* The request may have been applied and only the answer lost. */
        tend_outbox_item_set_last_error (item, local_error->message);
        outcome = reconcile (push, item, FALSE, &reconcile_error);
        if (outcome == SEND_STOP)
          {
            g_debug ("Could not check outbox item %" G_GINT64_FORMAT ": %s",
                     id, reconcile_error->message);
            g_propagate_error (error, g_steal_pointer (&local_error));
            return SEND_STOP;
          }
        if (outcome == SEND_REQUEUED)
          {
            defer (push, item, local_error->message);
            return SEND_BLOCKED;
          }
        return outcome;
      }

    case TEND_ERROR_RATE_LIMITED:
    case TEND_ERROR_AUTH:
    case TEND_ERROR_OFFLINE:
      /* Refused before it was applied, for a reason every change shares. */
      _tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_QUEUED,
                                    local_error->message, 0, FALSE, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return SEND_STOP;

    case TEND_ERROR_NOT_FOUND:
      _tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_FAILED,
                                    _("The ticket no longer exists on the helpdesk"),
                                    0, FALSE, NULL);
      count_failed (push);
      return SEND_BLOCKED;

    default:
      _tend_store_outbox_set_state (push->store, id, TEND_OUTBOX_STATE_FAILED,
                                    local_error->message, 0, FALSE, NULL);
      count_failed (push);
      return SEND_BLOCKED;
    }
}

gboolean
tend_outbox_push (TendOutbox           *self,
                  TendBackend          *backend,
                  TendOutboxPushStats  *stats,
                  GCancellable         *cancellable,
                  GError              **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) blocked = NULL;
  g_autoptr(GError) prune_error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 now;
  Push push = { 0, };
  gboolean ok = FALSE;

  g_return_val_if_fail (TEND_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (TEND_IS_BACKEND (backend), FALSE);

  if (stats != NULL)
    memset (stats, 0, sizeof *stats);

  push.self = self;
  push.backend = backend;
  push.store = self->store;
  push.me = tend_store_get_me (self->store);
  push.base_delay_ms = self->base_delay_ms;
  push.max_attempts = self->max_attempts;
  push.stats = stats;
  push.cancellable = cancellable;

  if (!_tend_store_outbox_prune (self->store, g_get_real_time () / G_USEC_PER_SEC - KEEP_SENT_SECONDS,
                                 &prune_error))
    g_debug ("Could not forget old sent changes: %s", prune_error->message);

  /* First what an interrupted push left in 'sending': each is looked for
   * on the helpdesk before anything else goes out. */
  items = _tend_store_outbox_list (self->store, FALSE, error);
  if (items == NULL)
    goto out;
  for (guint i = 0; i < items->len; i++)
    {
      TendOutboxItem *item = g_ptr_array_index (items, i);

      if (tend_outbox_item_get_state (item) != TEND_OUTBOX_STATE_SENDING)
        continue;
      if (reconcile (&push, item, FALSE, error) == SEND_STOP)
        goto out;
    }

  /* Then everything due, oldest first; a ticket whose change stops keeps
   * its later changes back (their order matters), the others go on. */
  g_clear_pointer (&items, g_ptr_array_unref);
  items = _tend_store_outbox_list (self->store, FALSE, error);
  if (items == NULL)
    goto out;

  blocked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  now = now_ms ();
  for (guint i = 0; i < items->len; i++)
    {
      TendOutboxItem *item = g_ptr_array_index (items, i);
      gint64 ticket_id = tend_outbox_item_get_ticket_id (item);
      gint64 *key;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (g_hash_table_contains (blocked, &ticket_id))
        {
          if (stats != NULL)
            stats->deferred++;
          continue;
        }

      if (tend_outbox_item_get_state (item) == TEND_OUTBOX_STATE_QUEUED &&
          tend_outbox_item_get_retry_at_ms (item) <= now)
        {
          SendOutcome outcome = send_item (&push, tend_outbox_item_get_id (item), error);

          if (outcome == SEND_STOP)
            goto out;
          if (outcome == SEND_DONE)
            continue;
        }
      else if (tend_outbox_item_get_state (item) == TEND_OUTBOX_STATE_QUEUED && stats != NULL)
        stats->deferred++;

      key = g_new (gint64, 1);
      *key = ticket_id;
      g_hash_table_add (blocked, key);
    }

  ok = TRUE;

out:
  if (stats != NULL)
    stats->total_us = g_get_monotonic_time () - start;
  return ok;
}

static void
push_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (tend_outbox_push (source_object, task_data, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
tend_outbox_push_async (TendOutbox          *self,
                        TendBackend         *backend,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TEND_IS_OUTBOX (self));
  g_return_if_fail (TEND_IS_BACKEND (backend));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tend_outbox_push_async);
  g_task_set_task_data (task, g_object_ref (backend), g_object_unref);
  g_task_run_in_thread (task, push_thread);
}

gboolean
tend_outbox_push_finish (TendOutbox    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (TEND_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
