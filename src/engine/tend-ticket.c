/* tend-ticket.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-ticket"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-ticket.h"
#include "tend-model-private.h"

struct _TendTicket
{
  GObject parent_instance;

  gint64 id;
  char *subject;
  char *description;
  TendTicketStatus status;
  TendTicketPriority priority;
  char *ticket_type;
  gint64 requester_id;
  gint64 submitter_id;
  gint64 assignee_id;
  gint64 group_id;
  gint64 organization_id;
  char **tags;
  gint64 created_at;
  gint64 updated_at;
  char *satisfaction;
  char *satisfaction_comment;
  char *extra_json;
  char *last_message;
  gint64 last_message_at;
  gint64 waiting_since;
  guint comment_count;
  char *requester_name;
  char *requester_email;
  char *search_snippet;
  guint unread : 1;
  guint pending : 1;
  guint needs_attention : 1;
};

G_DEFINE_FINAL_TYPE (TendTicket, tend_ticket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SUBJECT,
  PROP_DESCRIPTION,
  PROP_STATUS,
  PROP_PRIORITY,
  PROP_TICKET_TYPE,
  PROP_REQUESTER_ID,
  PROP_SUBMITTER_ID,
  PROP_ASSIGNEE_ID,
  PROP_GROUP_ID,
  PROP_ORGANIZATION_ID,
  PROP_TAGS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_SATISFACTION,
  PROP_SATISFACTION_COMMENT,
  PROP_EXTRA_JSON,
  PROP_LAST_MESSAGE,
  PROP_LAST_MESSAGE_AT,
  PROP_WAITING_SINCE,
  PROP_COMMENT_COUNT,
  PROP_REQUESTER_NAME,
  PROP_REQUESTER_EMAIL,
  PROP_UNREAD,
  PROP_SEARCH_SNIPPET,
  PROP_PENDING,
  PROP_NEEDS_ATTENTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tend_ticket_finalize (GObject *object)
{
  TendTicket *self = (TendTicket *) object;

  g_free (self->subject);
  g_free (self->description);
  g_free (self->ticket_type);
  g_strfreev (self->tags);
  g_free (self->satisfaction);
  g_free (self->satisfaction_comment);
  g_free (self->extra_json);
  g_free (self->last_message);
  g_free (self->requester_name);
  g_free (self->requester_email);
  g_free (self->search_snippet);

  G_OBJECT_CLASS (tend_ticket_parent_class)->finalize (object);
}

static void
tend_ticket_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TendTicket *self = TEND_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, tend_ticket_get_id (self));
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, tend_ticket_get_subject (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, tend_ticket_get_description (self));
      break;

    case PROP_STATUS:
      g_value_set_int (value, tend_ticket_get_status (self));
      break;

    case PROP_PRIORITY:
      g_value_set_int (value, tend_ticket_get_priority (self));
      break;

    case PROP_TICKET_TYPE:
      g_value_set_string (value, tend_ticket_get_ticket_type (self));
      break;

    case PROP_REQUESTER_ID:
      g_value_set_int64 (value, tend_ticket_get_requester_id (self));
      break;

    case PROP_SUBMITTER_ID:
      g_value_set_int64 (value, tend_ticket_get_submitter_id (self));
      break;

    case PROP_ASSIGNEE_ID:
      g_value_set_int64 (value, tend_ticket_get_assignee_id (self));
      break;

    case PROP_GROUP_ID:
      g_value_set_int64 (value, tend_ticket_get_group_id (self));
      break;

    case PROP_ORGANIZATION_ID:
      g_value_set_int64 (value, tend_ticket_get_organization_id (self));
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, tend_ticket_get_tags (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, tend_ticket_get_created_at (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, tend_ticket_get_updated_at (self));
      break;

    case PROP_SATISFACTION:
      g_value_set_string (value, tend_ticket_get_satisfaction (self));
      break;

    case PROP_SATISFACTION_COMMENT:
      g_value_set_string (value, tend_ticket_get_satisfaction_comment (self));
      break;

    case PROP_EXTRA_JSON:
      g_value_set_string (value, tend_ticket_get_extra_json (self));
      break;

    case PROP_LAST_MESSAGE:
      g_value_set_string (value, tend_ticket_get_last_message (self));
      break;

    case PROP_LAST_MESSAGE_AT:
      g_value_set_int64 (value, tend_ticket_get_last_message_at (self));
      break;

    case PROP_WAITING_SINCE:
      g_value_set_int64 (value, tend_ticket_get_waiting_since (self));
      break;

    case PROP_COMMENT_COUNT:
      g_value_set_uint (value, tend_ticket_get_comment_count (self));
      break;

    case PROP_REQUESTER_NAME:
      g_value_set_string (value, tend_ticket_get_requester_name (self));
      break;

    case PROP_REQUESTER_EMAIL:
      g_value_set_string (value, tend_ticket_get_requester_email (self));
      break;

    case PROP_UNREAD:
      g_value_set_boolean (value, tend_ticket_get_unread (self));
      break;

    case PROP_SEARCH_SNIPPET:
      g_value_set_string (value, tend_ticket_get_search_snippet (self));
      break;

    case PROP_PENDING:
      g_value_set_boolean (value, tend_ticket_get_pending (self));
      break;

    case PROP_NEEDS_ATTENTION:
      g_value_set_boolean (value, tend_ticket_get_needs_attention (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_ticket_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TendTicket *self = TEND_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID:
      tend_ticket_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_SUBJECT:
      tend_ticket_set_subject (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      tend_ticket_set_description (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      tend_ticket_set_status (self, g_value_get_int (value));
      break;

    case PROP_PRIORITY:
      tend_ticket_set_priority (self, g_value_get_int (value));
      break;

    case PROP_TICKET_TYPE:
      tend_ticket_set_ticket_type (self, g_value_get_string (value));
      break;

    case PROP_REQUESTER_ID:
      tend_ticket_set_requester_id (self, g_value_get_int64 (value));
      break;

    case PROP_SUBMITTER_ID:
      tend_ticket_set_submitter_id (self, g_value_get_int64 (value));
      break;

    case PROP_ASSIGNEE_ID:
      tend_ticket_set_assignee_id (self, g_value_get_int64 (value));
      break;

    case PROP_GROUP_ID:
      tend_ticket_set_group_id (self, g_value_get_int64 (value));
      break;

    case PROP_ORGANIZATION_ID:
      tend_ticket_set_organization_id (self, g_value_get_int64 (value));
      break;

    case PROP_TAGS:
      tend_ticket_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_CREATED_AT:
      tend_ticket_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      tend_ticket_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_SATISFACTION:
      tend_ticket_set_satisfaction (self, g_value_get_string (value));
      break;

    case PROP_SATISFACTION_COMMENT:
      tend_ticket_set_satisfaction_comment (self, g_value_get_string (value));
      break;

    case PROP_EXTRA_JSON:
      tend_ticket_set_extra_json (self, g_value_get_string (value));
      break;

    case PROP_LAST_MESSAGE:
      tend_ticket_set_last_message (self, g_value_get_string (value));
      break;

    case PROP_LAST_MESSAGE_AT:
      tend_ticket_set_last_message_at (self, g_value_get_int64 (value));
      break;

    case PROP_WAITING_SINCE:
      tend_ticket_set_waiting_since (self, g_value_get_int64 (value));
      break;

    case PROP_COMMENT_COUNT:
      tend_ticket_set_comment_count (self, g_value_get_uint (value));
      break;

    case PROP_REQUESTER_NAME:
      tend_ticket_set_requester_name (self, g_value_get_string (value));
      break;

    case PROP_REQUESTER_EMAIL:
      tend_ticket_set_requester_email (self, g_value_get_string (value));
      break;

    case PROP_UNREAD:
      tend_ticket_set_unread (self, g_value_get_boolean (value));
      break;

    case PROP_SEARCH_SNIPPET:
      tend_ticket_set_search_snippet (self, g_value_get_string (value));
      break;

    case PROP_PENDING:
      tend_ticket_set_pending (self, g_value_get_boolean (value));
      break;

    case PROP_NEEDS_ATTENTION:
      tend_ticket_set_needs_attention (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_ticket_class_init (TendTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_ticket_finalize;
  object_class->get_property = tend_ticket_get_property;
  object_class->set_property = tend_ticket_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      TEND_TICKET_STATUS_NEW, TEND_TICKET_STATUS_DELETED, TEND_TICKET_STATUS_NEW,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL,
                      TEND_TICKET_PRIORITY_NONE, TEND_TICKET_PRIORITY_URGENT, TEND_TICKET_PRIORITY_NONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TICKET_TYPE] =
    g_param_spec_string ("ticket-type", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REQUESTER_ID] =
    g_param_spec_int64 ("requester-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SUBMITTER_ID] =
    g_param_spec_int64 ("submitter-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ASSIGNEE_ID] =
    g_param_spec_int64 ("assignee-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_GROUP_ID] =
    g_param_spec_int64 ("group-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_int64 ("organization-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SATISFACTION] =
    g_param_spec_string ("satisfaction", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SATISFACTION_COMMENT] =
    g_param_spec_string ("satisfaction-comment", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_EXTRA_JSON] =
    g_param_spec_string ("extra-json", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LAST_MESSAGE] =
    g_param_spec_string ("last-message", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LAST_MESSAGE_AT] =
    g_param_spec_int64 ("last-message-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_WAITING_SINCE] =
    g_param_spec_int64 ("waiting-since", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMMENT_COUNT] =
    g_param_spec_uint ("comment-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REQUESTER_NAME] =
    g_param_spec_string ("requester-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REQUESTER_EMAIL] =
    g_param_spec_string ("requester-email", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UNREAD] =
    g_param_spec_boolean ("unread", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SEARCH_SNIPPET] =
    g_param_spec_string ("search-snippet", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NEEDS_ATTENTION] =
    g_param_spec_boolean ("needs-attention", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_ticket_init (TendTicket *self)
{
}

/* Built without property varargs and without notifications: nobody can be
 * listening yet, and the sync creates these by the hundred thousand. */
TendTicket *
tend_ticket_new (gint64 id)
{
  TendTicket *self = g_object_new (TEND_TYPE_TICKET, NULL);

  self->id = id;

  return self;
}

gint64
tend_ticket_get_id (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->id;
}

void
tend_ticket_set_id (TendTicket *self,
                    gint64      id)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
tend_ticket_get_subject (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->subject;
}

void
tend_ticket_set_subject (TendTicket *self,
                         const char *subject)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->subject, subject))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBJECT]);
}

const char *
tend_ticket_get_description (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->description;
}

void
tend_ticket_set_description (TendTicket *self,
                             const char *description)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

TendTicketStatus
tend_ticket_get_status (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->status;
}

void
tend_ticket_set_status (TendTicket       *self,
                        TendTicketStatus  status)
{
  g_return_if_fail (TEND_IS_TICKET (self));
  g_return_if_fail ((int) status >= TEND_TICKET_STATUS_NEW && (int) status <= TEND_TICKET_STATUS_DELETED);

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

TendTicketPriority
tend_ticket_get_priority (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->priority;
}

void
tend_ticket_set_priority (TendTicket         *self,
                          TendTicketPriority  priority)
{
  g_return_if_fail (TEND_IS_TICKET (self));
  g_return_if_fail ((int) priority >= TEND_TICKET_PRIORITY_NONE && (int) priority <= TEND_TICKET_PRIORITY_URGENT);

  if (self->priority == priority)
    return;

  self->priority = priority;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
}

const char *
tend_ticket_get_ticket_type (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->ticket_type;
}

void
tend_ticket_set_ticket_type (TendTicket *self,
                             const char *ticket_type)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->ticket_type, ticket_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET_TYPE]);
}

gint64
tend_ticket_get_requester_id (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->requester_id;
}

void
tend_ticket_set_requester_id (TendTicket *self,
                              gint64      requester_id)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->requester_id == requester_id)
    return;

  self->requester_id = requester_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTER_ID]);
}

gint64
tend_ticket_get_submitter_id (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->submitter_id;
}

void
tend_ticket_set_submitter_id (TendTicket *self,
                              gint64      submitter_id)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->submitter_id == submitter_id)
    return;

  self->submitter_id = submitter_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMITTER_ID]);
}

gint64
tend_ticket_get_assignee_id (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->assignee_id;
}

void
tend_ticket_set_assignee_id (TendTicket *self,
                             gint64      assignee_id)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->assignee_id == assignee_id)
    return;

  self->assignee_id = assignee_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNEE_ID]);
}

gint64
tend_ticket_get_group_id (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->group_id;
}

void
tend_ticket_set_group_id (TendTicket *self,
                          gint64      group_id)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->group_id == group_id)
    return;

  self->group_id = group_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_ID]);
}

gint64
tend_ticket_get_organization_id (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->organization_id;
}

void
tend_ticket_set_organization_id (TendTicket *self,
                                 gint64      organization_id)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->organization_id == organization_id)
    return;

  self->organization_id = organization_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION_ID]);
}

const char * const *
tend_ticket_get_tags (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), _tend_empty_strv);

  return _tend_strv_or_empty (self->tags);
}

void
tend_ticket_set_tags (TendTicket         *self,
                      const char * const *tags)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_strv (&self->tags, tags))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

gint64
tend_ticket_get_created_at (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->created_at;
}

void
tend_ticket_set_created_at (TendTicket *self,
                            gint64      created_at)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
tend_ticket_get_updated_at (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->updated_at;
}

void
tend_ticket_set_updated_at (TendTicket *self,
                            gint64      updated_at)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

const char *
tend_ticket_get_satisfaction (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->satisfaction;
}

void
tend_ticket_set_satisfaction (TendTicket *self,
                              const char *satisfaction)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->satisfaction, satisfaction))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SATISFACTION]);
}

const char *
tend_ticket_get_satisfaction_comment (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->satisfaction_comment;
}

void
tend_ticket_set_satisfaction_comment (TendTicket *self,
                                      const char *comment)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->satisfaction_comment, comment))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SATISFACTION_COMMENT]);
}

const char *
tend_ticket_get_extra_json (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->extra_json;
}

void
tend_ticket_set_extra_json (TendTicket *self,
                            const char *extra_json)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->extra_json, extra_json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_JSON]);
}

const char *
tend_ticket_get_last_message (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->last_message;
}

void
tend_ticket_set_last_message (TendTicket *self,
                              const char *last_message)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->last_message, last_message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_MESSAGE]);
}

gint64
tend_ticket_get_last_message_at (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->last_message_at;
}

void
tend_ticket_set_last_message_at (TendTicket *self,
                                 gint64      last_message_at)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->last_message_at == last_message_at)
    return;

  self->last_message_at = last_message_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_MESSAGE_AT]);
}

gint64
tend_ticket_get_waiting_since (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->waiting_since;
}

void
tend_ticket_set_waiting_since (TendTicket *self,
                               gint64      waiting_since)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->waiting_since == waiting_since)
    return;

  self->waiting_since = waiting_since;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_SINCE]);
}

guint
tend_ticket_get_comment_count (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), 0);

  return self->comment_count;
}

void
tend_ticket_set_comment_count (TendTicket *self,
                               guint       comment_count)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->comment_count == comment_count)
    return;

  self->comment_count = comment_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMENT_COUNT]);
}

const char *
tend_ticket_get_requester_name (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->requester_name;
}

void
tend_ticket_set_requester_name (TendTicket *self,
                                const char *requester_name)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->requester_name, requester_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTER_NAME]);
}

const char *
tend_ticket_get_requester_email (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->requester_email;
}

void
tend_ticket_set_requester_email (TendTicket *self,
                                 const char *requester_email)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->requester_email, requester_email))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTER_EMAIL]);
}

gboolean
tend_ticket_get_unread (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), FALSE);

  return self->unread;
}

void
tend_ticket_set_unread (TendTicket *self,
                        gboolean    unread)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->unread == !!unread)
    return;

  self->unread = !!unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
}

gboolean
tend_ticket_get_pending (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), FALSE);

  return self->pending;
}

void
tend_ticket_set_pending (TendTicket *self,
                         gboolean    pending)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->pending == !!pending)
    return;

  self->pending = !!pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

gboolean
tend_ticket_get_needs_attention (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), FALSE);

  return self->needs_attention;
}

void
tend_ticket_set_needs_attention (TendTicket *self,
                                 gboolean    needs_attention)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (self->needs_attention == !!needs_attention)
    return;

  self->needs_attention = !!needs_attention;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_ATTENTION]);
}

const char *
tend_ticket_get_search_snippet (TendTicket *self)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), NULL);

  return self->search_snippet;
}

void
tend_ticket_set_search_snippet (TendTicket *self,
                                const char *search_snippet)
{
  g_return_if_fail (TEND_IS_TICKET (self));

  if (_tend_set_string (&self->search_snippet, search_snippet))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_SNIPPET]);
}

gboolean
tend_ticket_has_tag (TendTicket *self,
                     const char *tag)
{
  g_return_val_if_fail (TEND_IS_TICKET (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  return self->tags != NULL && g_strv_contains ((const char * const *) self->tags, tag);
}
