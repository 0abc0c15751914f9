/* test-models.c: the plain model objects, enum names, changesets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-models"

#include "config.h"

#include <string.h>

#include "tend-engine.h"

/* Notification counting */

typedef struct
{
  guint  count;
  char  *last;
} NotifyLog;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  log->count++;
  g_free (log->last);
  log->last = g_strdup (pspec->name);
}

static void
notify_log_clear (NotifyLog *log)
{
  g_clear_pointer (&log->last, g_free);
}

/* Generic property checks */

/* A value distinct per property (it contains the name or the index) and
 * different from the default, so that two properties wired to one field
 * show up when everything is read back at the end. */
static void
make_test_value (GParamSpec *pspec,
                 guint       index,
                 GValue     *value)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (value, type);

  if (type == G_TYPE_INT64)
    {
      /* Above 2^53, to catch a trip through a double. */
      g_value_set_int64 (value, G_GINT64_CONSTANT (9007199254740993) + index);
    }
  else if (type == G_TYPE_STRING)
    {
      g_value_take_string (value, g_strdup_printf ("%s ✓ ½ #%u", pspec->name, index));
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      g_value_set_boolean (value, !G_PARAM_SPEC_BOOLEAN (pspec)->default_value);
    }
  else if (type == G_TYPE_INT)
    {
      GParamSpecInt *ispec = G_PARAM_SPEC_INT (pspec);

      /* Enum-like properties have a small range: take its top. */
      if (ispec->maximum != G_MAXINT)
        g_value_set_int (value, ispec->maximum);
      else
        g_value_set_int (value, -42 - (int) index);
    }
  else if (type == G_TYPE_UINT)
    {
      g_value_set_uint (value, 4000000000u + index);
    }
  else if (type == G_TYPE_STRV)
    {
      const char *strv[] = { "vip", "billing", pspec->name, NULL };

      g_value_set_boxed (value, strv);
    }
  else
    {
      g_error ("property %s has an unexpected type %s", pspec->name, g_type_name (type));
    }
}

static void
assert_values_equal (GParamSpec   *pspec,
                     const GValue *expected,
                     const GValue *actual)
{
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV)
    {
      const char * const *a = g_value_get_boxed (expected);
      const char * const *b = g_value_get_boxed (actual);

      g_assert_nonnull (b);
      g_assert_true (g_strv_equal (a, b));
    }
  else
    {
      g_assert_cmpint (g_param_values_cmp (pspec, expected, actual), ==, 0);
    }
}

static void
check_properties (GType               type,
                  const char * const *expected_names)
{
  g_autoptr(GObject) object = g_object_new (type, NULL);
  g_autofree GParamSpec **pspecs = NULL;
  GValue *values;
  NotifyLog log = { 0, NULL };
  guint n_props;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_props);
  g_assert_cmpuint (n_props, ==, g_strv_length ((char **) expected_names));
  for (guint i = 0; expected_names[i] != NULL; i++)
    {
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (object), expected_names[i]) == NULL)
        g_error ("%s has no property %s", g_type_name (type), expected_names[i]);
    }

  g_signal_connect (object, "notify", G_CALLBACK (on_notify), &log);
  values = g_new0 (GValue, n_props);

  for (guint i = 0; i < n_props; i++)
    {
      GParamSpec *pspec = pspecs[i];
      g_auto(GValue) initial = G_VALUE_INIT;
      g_auto(GValue) back = G_VALUE_INIT;

      g_assert_cmpint (pspec->flags & G_PARAM_READWRITE, ==, G_PARAM_READWRITE);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);

      /* A fresh object holds the defaults; string arrays read as empty,
       * never NULL. */
      g_value_init (&initial, G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_object_get_property (object, pspec->name, &initial);
      if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV)
        {
          const char * const *strv = g_value_get_boxed (&initial);

          g_assert_nonnull (strv);
          g_assert_null (strv[0]);
        }
      else
        {
          g_assert_true (g_param_value_defaults (pspec, &initial));
        }

      make_test_value (pspec, i, &values[i]);

      log.count = 0;
      g_object_set_property (object, pspec->name, &values[i]);
      g_assert_cmpuint (log.count, ==, 1);
      g_assert_cmpstr (log.last, ==, pspec->name);

      g_value_init (&back, G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_object_get_property (object, pspec->name, &back);
      assert_values_equal (pspec, &values[i], &back);

      /* The same value again is no change. */
      g_object_set_property (object, pspec->name, &values[i]);
      g_assert_cmpuint (log.count, ==, 1);
    }

  /* Every value is still there once all are set. */
  for (guint i = 0; i < n_props; i++)
    {
      g_auto(GValue) back = G_VALUE_INIT;

      g_value_init (&back, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_object_get_property (object, pspecs[i]->name, &back);
      assert_values_equal (pspecs[i], &values[i], &back);
      g_value_unset (&values[i]);
    }

  g_free (values);
  g_signal_handlers_disconnect_by_func (object, on_notify, &log);
  notify_log_clear (&log);
}

static void
test_ticket_properties (void)
{
  const char *names[] = {
    "id", "subject", "description", "status", "priority", "ticket-type",
    "requester-id", "submitter-id", "assignee-id", "group-id",
    "organization-id", "tags", "created-at", "updated-at", "satisfaction",
    "satisfaction-comment", "extra-json", "last-message", "last-message-at",
    "waiting-since", "comment-count", "requester-name", "requester-email",
    "unread", "search-snippet", "pending", "needs-attention", NULL
  };

  check_properties (TEND_TYPE_TICKET, names);
}

static void
test_comment_properties (void)
{
  const char *names[] = {
    "id", "ticket-id", "author-id", "body", "html-body", "public",
    "created-at", "author-role", "author-name", "extra-json", "pending", NULL
  };

  check_properties (TEND_TYPE_COMMENT, names);
}

static void
test_attachment_properties (void)
{
  const char *names[] = {
    "id", "comment-id", "ticket-id", "file-name", "content-type", "size",
    "content-url", NULL
  };

  check_properties (TEND_TYPE_ATTACHMENT, names);
}

static void
test_user_properties (void)
{
  const char *names[] = {
    "id", "name", "email", "phone", "role", "organization-id", "time-zone",
    "locale", "tags", "notes", "details", "photo-url", "created-at",
    "updated-at", "extra-json", NULL
  };

  check_properties (TEND_TYPE_USER, names);
}

static void
test_organization_properties (void)
{
  const char *names[] = {
    "id", "name", "domain-names", "tags", "details", "notes", "created-at",
    "updated-at", "extra-json", NULL
  };

  check_properties (TEND_TYPE_ORGANIZATION, names);
}

static void
test_article_properties (void)
{
  const char *names[] = {
    "id", "title", "body", "url", "locale", "labels", "section-id",
    "created-at", "updated-at", "extra-json", NULL
  };

  check_properties (TEND_TYPE_ARTICLE, names);
}

static void
test_macro_properties (void)
{
  const char *names[] = {
    "id", "title", "description", "active", "position", "actions-json",
    "updated-at", NULL
  };

  check_properties (TEND_TYPE_MACRO, names);
}

/* The C accessors and the properties are the same fields. */
static void
test_ticket_accessors (void)
{
  g_autoptr(TendTicket) ticket = tend_ticket_new (G_GINT64_CONSTANT (360000000000123));
  g_autofree char *subject = NULL;
  g_auto(GStrv) tags = NULL;
  gint64 id = 0, requester_id = 0, waiting_since = 0;
  int status = -1, priority = -1;
  guint comment_count = 0;
  gboolean unread = FALSE;
  const char *new_tags[] = { "vip", "billing", NULL };

  g_assert_cmpint (tend_ticket_get_id (ticket), ==, G_GINT64_CONSTANT (360000000000123));
  g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_NEW);
  g_assert_cmpint (tend_ticket_get_priority (ticket), ==, TEND_TICKET_PRIORITY_NONE);
  g_assert_null (tend_ticket_get_subject (ticket));
  g_assert_false (tend_ticket_get_unread (ticket));

  tend_ticket_set_subject (ticket, "Printer on fire");
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_HOLD);
  tend_ticket_set_priority (ticket, TEND_TICKET_PRIORITY_URGENT);
  tend_ticket_set_requester_id (ticket, 77);
  tend_ticket_set_waiting_since (ticket, 1700000000);
  tend_ticket_set_comment_count (ticket, 12);
  tend_ticket_set_unread (ticket, TRUE);
  tend_ticket_set_tags (ticket, new_tags);

  g_object_get (ticket,
                "id", &id,
                "subject", &subject,
                "status", &status,
                "priority", &priority,
                "requester-id", &requester_id,
                "waiting-since", &waiting_since,
                "comment-count", &comment_count,
                "unread", &unread,
                "tags", &tags,
                NULL);
  g_assert_cmpint (id, ==, G_GINT64_CONSTANT (360000000000123));
  g_assert_cmpstr (subject, ==, "Printer on fire");
  g_assert_cmpint (status, ==, TEND_TICKET_STATUS_HOLD);
  g_assert_cmpint (priority, ==, TEND_TICKET_PRIORITY_URGENT);
  g_assert_cmpint (requester_id, ==, 77);
  g_assert_cmpint (waiting_since, ==, 1700000000);
  g_assert_cmpuint (comment_count, ==, 12);
  g_assert_true (unread);
  g_assert_true (g_strv_equal ((const char * const *) tags, new_tags));

  g_object_set (ticket,
                "ticket-type", "incident",
                "search-snippet", "the \xee\x80\x80printer\xee\x80\x81 is",
                "extra-json", "{\"custom_fields\":[]}",
                "assignee-id", (gint64) 5,
                NULL);
  g_assert_cmpstr (tend_ticket_get_ticket_type (ticket), ==, "incident");
  g_assert_cmpstr (tend_ticket_get_search_snippet (ticket), ==, "the \xee\x80\x80printer\xee\x80\x81 is");
  g_assert_cmpstr (tend_ticket_get_extra_json (ticket), ==, "{\"custom_fields\":[]}");
  g_assert_cmpint (tend_ticket_get_assignee_id (ticket), ==, 5);
  /* A property write leaves the other fields alone. */
  g_assert_cmpint (tend_ticket_get_requester_id (ticket), ==, 77);
  g_assert_cmpstr (tend_ticket_get_subject (ticket), ==, "Printer on fire");

  /* The setter copies. */
  {
    char buffer[] = "Copied subject";

    tend_ticket_set_subject (ticket, buffer);
    buffer[0] = 'X';
    g_assert_cmpstr (tend_ticket_get_subject (ticket), ==, "Copied subject");
  }

  /* Setting a string from a part of itself reads it before freeing it. */
  tend_ticket_set_subject (ticket, tend_ticket_get_subject (ticket) + 7);
  g_assert_cmpstr (tend_ticket_get_subject (ticket), ==, "subject");
}

static void
test_ticket_notify_only_on_change (void)
{
  g_autoptr(TendTicket) ticket = tend_ticket_new (1);
  NotifyLog log = { 0, NULL };
  const char *tags_a[] = { "vip", "billing", NULL };
  char *tags_b[] = { g_strdup ("vip"), g_strdup ("billing"), NULL };
  const char *empty[] = { NULL };

  g_signal_connect (ticket, "notify", G_CALLBACK (on_notify), &log);

  tend_ticket_set_id (ticket, 1);
  tend_ticket_set_subject (ticket, NULL);
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_NEW);
  tend_ticket_set_unread (ticket, FALSE);
  tend_ticket_set_tags (ticket, NULL);
  tend_ticket_set_tags (ticket, empty);
  tend_ticket_set_comment_count (ticket, 0);
  g_assert_cmpuint (log.count, ==, 0);

  tend_ticket_set_subject (ticket, "Hello");
  g_assert_cmpuint (log.count, ==, 1);
  g_assert_cmpstr (log.last, ==, "subject");
  tend_ticket_set_subject (ticket, "Hello");
  g_assert_cmpuint (log.count, ==, 1);
  tend_ticket_set_subject (ticket, NULL);
  g_assert_cmpuint (log.count, ==, 2);
  g_assert_null (tend_ticket_get_subject (ticket));
  /* NULL and "" are different values. */
  tend_ticket_set_subject (ticket, "");
  g_assert_cmpuint (log.count, ==, 3);

  tend_ticket_set_unread (ticket, TRUE);
  g_assert_cmpuint (log.count, ==, 4);
  g_assert_cmpstr (log.last, ==, "unread");
  /* Any non-zero gboolean is TRUE. */
  tend_ticket_set_unread (ticket, 2);
  g_assert_cmpuint (log.count, ==, 4);
  g_assert_true (tend_ticket_get_unread (ticket));

  tend_ticket_set_tags (ticket, tags_a);
  g_assert_cmpuint (log.count, ==, 5);
  g_assert_cmpstr (log.last, ==, "tags");
  /* Equal contents in another array is no change. */
  tend_ticket_set_tags (ticket, (const char * const *) tags_b);
  g_assert_cmpuint (log.count, ==, 5);
  tend_ticket_set_tags (ticket, empty);
  g_assert_cmpuint (log.count, ==, 6);
  g_assert_nonnull (tend_ticket_get_tags (ticket));
  g_assert_null (tend_ticket_get_tags (ticket)[0]);

  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_SOLVED);
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_SOLVED);
  g_assert_cmpuint (log.count, ==, 7);
  g_assert_cmpstr (log.last, ==, "status");

  tend_ticket_set_updated_at (ticket, 1700000000);
  tend_ticket_set_updated_at (ticket, 1700000000);
  g_assert_cmpuint (log.count, ==, 8);

  /* g_object_set with the current value does not notify either
   * (G_PARAM_EXPLICIT_NOTIFY). */
  g_object_set (ticket, "updated-at", (gint64) 1700000000, "status", TEND_TICKET_STATUS_SOLVED, NULL);
  g_assert_cmpuint (log.count, ==, 8);

  g_signal_handlers_disconnect_by_func (ticket, on_notify, &log);
  notify_log_clear (&log);
  g_free (tags_b[0]);
  g_free (tags_b[1]);
}

static void
test_ticket_tags (void)
{
  g_autoptr(TendTicket) ticket = tend_ticket_new (2);
  const char *tags[] = { "vip", "billing", "needs-review", NULL };
  const char * const *got;

  got = tend_ticket_get_tags (ticket);
  g_assert_nonnull (got);
  g_assert_null (got[0]);
  g_assert_false (tend_ticket_has_tag (ticket, "vip"));

  tend_ticket_set_tags (ticket, tags);
  got = tend_ticket_get_tags (ticket);
  g_assert_true (got != tags);
  g_assert_true (g_strv_equal (got, tags));
  g_assert_true (tend_ticket_has_tag (ticket, "vip"));
  g_assert_true (tend_ticket_has_tag (ticket, "needs-review"));
  g_assert_false (tend_ticket_has_tag (ticket, "VIP"));
  g_assert_false (tend_ticket_has_tag (ticket, "vi"));
  g_assert_false (tend_ticket_has_tag (ticket, ""));

  tend_ticket_set_tags (ticket, NULL);
  g_assert_false (tend_ticket_has_tag (ticket, "vip"));
  g_assert_nonnull (tend_ticket_get_tags (ticket));
}

static void
test_invalid_values (void)
{
  g_autoptr(TendTicket) ticket = tend_ticket_new (3);
  g_autoptr(TendUser) user = tend_user_new (4);

  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_OPEN);

  /* Out-of-range enum values are programming errors and are refused. */
  g_test_expect_message ("tend-ticket", G_LOG_LEVEL_CRITICAL, "*status*");
  tend_ticket_set_status (ticket, (TendTicketStatus) 42);
  g_test_assert_expected_messages ();
  g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_OPEN);

  g_test_expect_message ("tend-user", G_LOG_LEVEL_CRITICAL, "*role*");
  tend_user_set_role (user, (TendUserRole) -1);
  g_test_assert_expected_messages ();
  g_assert_cmpint (tend_user_get_role (user), ==, TEND_USER_ROLE_END_USER);

  /* Through properties, GObject checks the ranges itself. */
  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*out of range*");
  g_object_set (ticket, "priority", 9, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpint (tend_ticket_get_priority (ticket), ==, TEND_TICKET_PRIORITY_NONE);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*out of range*");
  g_object_set (ticket, "requester-id", (gint64) -5, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpint (tend_ticket_get_requester_id (ticket), ==, 0);
}

static void
test_defaults (void)
{
  g_autoptr(TendComment) comment = tend_comment_new (10);
  g_autoptr(TendMacro) macro = tend_macro_new (11);
  g_autoptr(TendUser) user = tend_user_new (12);
  g_autoptr(TendOrganization) org = tend_organization_new (13);
  g_autoptr(TendArticle) article = tend_article_new (14);
  g_autoptr(TendAttachment) attachment = tend_attachment_new (15);

  /* Comments are public replies unless said otherwise; macros active. */
  g_assert_cmpint (tend_comment_get_id (comment), ==, 10);
  g_assert_true (tend_comment_get_public (comment));
  g_assert_cmpint (tend_comment_get_author_role (comment), ==, TEND_USER_ROLE_END_USER);
  g_assert_cmpint (tend_macro_get_id (macro), ==, 11);
  g_assert_true (tend_macro_get_active (macro));
  g_assert_cmpint (tend_user_get_id (user), ==, 12);
  g_assert_nonnull (tend_user_get_tags (user));
  g_assert_null (tend_user_get_tags (user)[0]);
  g_assert_cmpint (tend_organization_get_id (org), ==, 13);
  g_assert_nonnull (tend_organization_get_domain_names (org));
  g_assert_nonnull (tend_organization_get_tags (org));
  g_assert_cmpint (tend_article_get_id (article), ==, 14);
  g_assert_nonnull (tend_article_get_labels (article));
  g_assert_cmpint (tend_attachment_get_id (attachment), ==, 15);
  g_assert_null (tend_attachment_get_file_name (attachment));
}

static void
test_comment_attachments (void)
{
  g_autoptr(TendComment) comment = tend_comment_new (20);
  TendAttachment *attachment = tend_attachment_new (21);
  GPtrArray *attachments;

  attachments = tend_comment_get_attachments (comment);
  g_assert_nonnull (attachments);
  g_assert_cmpuint (attachments->len, ==, 0);

  g_object_add_weak_pointer (G_OBJECT (attachment), (gpointer *) &attachment);
  tend_attachment_set_file_name (attachment, "log.txt");
  tend_comment_add_attachment (comment, attachment);
  /* The comment holds its own reference. */
  g_object_unref (attachment);
  g_assert_nonnull (attachment);

  attachments = tend_comment_get_attachments (comment);
  g_assert_cmpuint (attachments->len, ==, 1);
  g_assert_true (g_ptr_array_index (attachments, 0) == attachment);
  g_assert_cmpstr (tend_attachment_get_file_name (g_ptr_array_index (attachments, 0)), ==, "log.txt");

  g_clear_object (&comment);
  g_assert_null (attachment);
}

/* Enum names */

static void
test_error_quark (void)
{
  g_autoptr(GError) error = g_error_new (TEND_ERROR, TEND_ERROR_CONFLICT, "changed");

  g_assert_cmpuint (TEND_ERROR, !=, 0);
  g_assert_cmpstr (g_quark_to_string (TEND_ERROR), ==, "tend-error-quark");
  g_assert_true (g_error_matches (error, TEND_ERROR, TEND_ERROR_CONFLICT));
}

static void
test_status_strings (void)
{
  const char *names[] = { "new", "open", "pending", "hold", "solved", "closed", "deleted" };
  const char *labels[] = { "New", "Open", "Pending", "On hold", "Solved", "Closed", "Deleted" };
  TendTicketStatus status;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *upper = g_ascii_strup (names[i], -1);

      g_assert_cmpstr (tend_ticket_status_to_string (i), ==, names[i]);
      g_assert_cmpstr (tend_ticket_status_get_label (i), ==, labels[i]);

      status = 99;
      g_assert_true (tend_ticket_status_from_string (names[i], &status));
      g_assert_cmpint (status, ==, i);
      status = 99;
      g_assert_true (tend_ticket_status_from_string (upper, &status));
      g_assert_cmpint (status, ==, i);
    }

  status = 99;
  g_assert_true (tend_ticket_status_from_string ("on-hold", &status));
  g_assert_cmpint (status, ==, TEND_TICKET_STATUS_HOLD);
  status = 99;
  g_assert_true (tend_ticket_status_from_string ("On_Hold", &status));
  g_assert_cmpint (status, ==, TEND_TICKET_STATUS_HOLD);

  /* Failure leaves the output alone. */
  status = TEND_TICKET_STATUS_PENDING;
  g_assert_false (tend_ticket_status_from_string ("bogus", &status));
  g_assert_false (tend_ticket_status_from_string ("", &status));
  g_assert_false (tend_ticket_status_from_string (NULL, &status));
  g_assert_false (tend_ticket_status_from_string ("open ", &status));
  g_assert_cmpint (status, ==, TEND_TICKET_STATUS_PENDING);
  /* The output is optional: a validity check. */
  g_assert_true (tend_ticket_status_from_string ("solved", NULL));

  g_assert_null (tend_ticket_status_to_string (7));
  g_assert_null (tend_ticket_status_to_string (-1));
  g_assert_null (tend_ticket_status_get_label (100));
}

static void
test_priority_strings (void)
{
  const char *names[] = { "none", "low", "normal", "high", "urgent" };
  const char *labels[] = { "No priority", "Low", "Normal", "High", "Urgent" };
  TendTicketPriority priority;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (tend_ticket_priority_to_string (i), ==, names[i]);
      g_assert_cmpstr (tend_ticket_priority_get_label (i), ==, labels[i]);
      priority = 99;
      g_assert_true (tend_ticket_priority_from_string (names[i], &priority));
      g_assert_cmpint (priority, ==, i);
    }

  priority = 99;
  g_assert_true (tend_ticket_priority_from_string ("URGENT", &priority));
  g_assert_cmpint (priority, ==, TEND_TICKET_PRIORITY_URGENT);
  priority = TEND_TICKET_PRIORITY_LOW;
  g_assert_false (tend_ticket_priority_from_string ("critical", &priority));
  g_assert_false (tend_ticket_priority_from_string (NULL, &priority));
  g_assert_cmpint (priority, ==, TEND_TICKET_PRIORITY_LOW);
  g_assert_null (tend_ticket_priority_to_string (5));
  g_assert_null (tend_ticket_priority_get_label (5));
}

static void
test_role_strings (void)
{
  const char *names[] = { "end-user", "agent", "admin" };
  TendUserRole role;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (tend_user_role_to_string (i), ==, names[i]);
      role = 99;
      g_assert_true (tend_user_role_from_string (names[i], &role));
      g_assert_cmpint (role, ==, i);
    }

  role = 99;
  g_assert_true (tend_user_role_from_string ("end_user", &role));
  g_assert_cmpint (role, ==, TEND_USER_ROLE_END_USER);
  role = 99;
  g_assert_true (tend_user_role_from_string ("Admin", &role));
  g_assert_cmpint (role, ==, TEND_USER_ROLE_ADMIN);
  role = TEND_USER_ROLE_AGENT;
  g_assert_false (tend_user_role_from_string ("enduser", &role));
  g_assert_false (tend_user_role_from_string (NULL, &role));
  g_assert_cmpint (role, ==, TEND_USER_ROLE_AGENT);
  g_assert_null (tend_user_role_to_string (3));
}

static void
test_view_strings (void)
{
  const char *names[] = { "mine", "unassigned", "open", "pending", "recent", "solved", "all" };
  const char *labels[] = {
    "Assigned to me", "Unassigned", "All open", "Pending", "Recently updated",
    "Solved", "All tickets"
  };
  TendView view;

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, TEND_N_VIEWS);

  for (guint i = 0; i < TEND_N_VIEWS; i++)
    {
      g_assert_cmpstr (tend_view_to_string (i), ==, names[i]);
      g_assert_cmpstr (tend_view_get_label (i), ==, labels[i]);
      view = 99;
      g_assert_true (tend_view_from_string (names[i], &view));
      g_assert_cmpint (view, ==, i);
    }

  view = TEND_VIEW_SOLVED;
  g_assert_false (tend_view_from_string ("outbox", &view));
  g_assert_false (tend_view_from_string (NULL, &view));
  g_assert_cmpint (view, ==, TEND_VIEW_SOLVED);
  g_assert_null (tend_view_to_string (TEND_N_VIEWS));
  g_assert_null (tend_view_get_label (TEND_N_VIEWS));
}

/* Attachment file names */

static char *
safe_name (const char *file_name)
{
  g_autoptr(TendAttachment) attachment = tend_attachment_new (1);

  tend_attachment_set_file_name (attachment, file_name);
  return tend_attachment_dup_safe_file_name (attachment);
}

/* What every safe name must be, whatever came in. */
static void
assert_safe (const char *name)
{
  g_assert_nonnull (name);
  g_assert_cmpuint (strlen (name), >, 0);
  g_assert_cmpuint (strlen (name), <=, 255);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_null (strchr (name, '/'));
  g_assert_null (strchr (name, '\\'));
  g_assert_cmpint (name[0], !=, '.');
  g_assert_cmpint (name[0], !=, ' ');
  g_assert_cmpstr (name, !=, "..");

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (g_unichar_iscntrl (c));
      g_assert_true (c != 0x202E && c != 0x200F);
    }
}

static void
check_safe_name (const char *file_name,
                 const char *expected)
{
  g_autofree char *name = safe_name (file_name);

  assert_safe (name);
  if (expected != NULL)
    g_assert_cmpstr (name, ==, expected);
}

static void
test_safe_file_names (void)
{
  check_safe_name ("report.pdf", "report.pdf");
  check_safe_name ("Résumé – 2024 (final).docx", "Résumé – 2024 (final).docx");
  check_safe_name ("../../etc/passwd", "passwd");
  check_safe_name ("/etc/shadow", "shadow");
  check_safe_name ("..", "attachment");
  check_safe_name (".", "attachment");
  check_safe_name ("...", "attachment");
  check_safe_name ("../", "attachment");
  check_safe_name ("/", "attachment");
  check_safe_name ("a\\b\\c.txt", "c.txt");
  check_safe_name ("C:\\Users\\ann\\Desktop\\notes.txt", "notes.txt");
  check_safe_name ("..\\..\\windows\\system.ini", "system.ini");
  check_safe_name ("photos/", "photos");
  check_safe_name ("\x01" "evil\n.txt", "evil.txt");
  check_safe_name ("tab\there\r.txt", "tabhere.txt");
  check_safe_name ("", "attachment");
  check_safe_name (NULL, "attachment");
  check_safe_name ("   ", "attachment");
  check_safe_name ("\n\x7f", "attachment");
  check_safe_name (".bashrc", "bashrc");
  check_safe_name (" . hidden.txt", "hidden.txt");
  check_safe_name ("trailing. . ", "trailing");
  check_safe_name ("what: why?.txt", "what_ why_.txt");
  check_safe_name ("a<b>c|d\"e*f.txt", "a_b_c_d_e_f.txt");
  /* A right-to-left override would show "invoiceexe.pdf". */
  check_safe_name ("invoice\xe2\x80\xae" "fdp.exe", "invoicefdp.exe");
  check_safe_name ("line\xe2\x80\xa8" "break.txt", "linebreak.txt");
  check_safe_name ("😀 smile.png", "😀 smile.png");
}

static void
test_safe_file_name_invalid_utf8 (void)
{
  g_autofree char *name = safe_name ("bad\xff\xfe" "name.txt");
  g_autofree char *only_bad = safe_name ("\xc3\x28");
  g_autofree char *truncated_seq = safe_name ("x\xe2\x82");

  assert_safe (name);
  g_assert_true (g_str_has_prefix (name, "bad"));
  g_assert_true (g_str_has_suffix (name, "name.txt"));
  /* The bad bytes became replacement characters, not nothing. */
  g_assert_nonnull (strstr (name, "\xef\xbf\xbd"));

  assert_safe (only_bad);
  assert_safe (truncated_seq);
  g_assert_true (g_str_has_prefix (truncated_seq, "x"));
}

static void
test_safe_file_name_long (void)
{
  GString *euros = g_string_new (NULL);
  GString *with_ext = g_string_new (NULL);
  GString *ascii = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *name_ext = NULL;
  g_autofree char *name_ascii = NULL;

  /* 600 bytes of three-byte characters: no cut may land inside one. */
  for (guint i = 0; i < 200; i++)
    g_string_append (euros, "€");
  g_assert_cmpuint (euros->len, ==, 600);

  name = safe_name (euros->str);
  assert_safe (name);
  g_assert_cmpuint (strlen (name), ==, 255);
  g_assert_cmpuint (g_utf8_strlen (name, -1), ==, 85);
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_cmpuint (g_utf8_get_char (p), ==, 0x20AC);

  /* Four-byte characters and an extension: the extension survives. */
  for (guint i = 0; i < 150; i++)
    g_string_append (with_ext, "😀");
  g_string_append (with_ext, ".pdf");
  name_ext = safe_name (with_ext->str);
  assert_safe (name_ext);
  g_assert_true (g_str_has_suffix (name_ext, ".pdf"));
  /* 251 bytes for the stem hold 62 four-byte characters. */
  g_assert_cmpuint (strlen (name_ext), ==, 62 * 4 + 4);

  /* An exactly 255-byte name is left as it is. */
  for (guint i = 0; i < 251; i++)
    g_string_append_c (ascii, 'a');
  g_string_append (ascii, ".txt");
  name_ascii = safe_name (ascii->str);
  g_assert_cmpstr (name_ascii, ==, ascii->str);

  g_string_free (euros, TRUE);
  g_string_free (with_ext, TRUE);
  g_string_free (ascii, TRUE);
}

/* Hostile names of random bytes: whatever comes in, what comes out is
 * safe. */
static void
test_safe_file_name_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  const char alphabet[] = "./\\ \n\t\x01\x7f" "abc:*?\xc3\xa9\xe2\x80\xae\xff\xf0\x9f\x98\x80";

  for (guint round = 0; round < 2000; round++)
    {
      guint len = g_rand_int_range (rand, 0, 400);
      g_autofree char *input = g_malloc (len + 1);
      g_autofree char *name = NULL;

      for (guint i = 0; i < len; i++)
        input[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      input[len] = '\0';

      name = safe_name (input);
      assert_safe (name);
    }
}

/* Initials */

static char *
initials (const char *name,
          const char *email)
{
  g_autoptr(TendUser) user = tend_user_new (1);

  tend_user_set_name (user, name);
  tend_user_set_email (user, email);
  return tend_user_dup_initials (user);
}

static void
check_initials (const char *name,
                const char *email,
                const char *expected)
{
  g_autofree char *got = initials (name, email);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_user_initials (void)
{
  check_initials ("Ann Lee", NULL, "AL");
  check_initials ("ann lee", "zed@example.com", "AL");
  check_initials ("  Cher  ", NULL, "C");
  check_initials ("Mary Ann van der Berg", NULL, "MB");
  check_initials ("Łukasz Żółw", NULL, "ŁŻ");
  check_initials ("łukasz żółw", NULL, "ŁŻ");
  check_initials ("مريم أحمد", NULL, "مأ");
  check_initials ("Ἀλέξανδρος Παπαδόπουλος", NULL, "ἈΠ");
  check_initials ("김 민준", NULL, "김민");
  /* Decomposed "É" is one letter with its accent. */
  check_initials ("E\xcc\x81mile Zola", NULL, "\xc3\x89Z");
  /* Vowel signs stay with their consonant. */
  check_initials ("राम शर्मा", NULL, "राश");
  check_initials ("Ann Lee (ACME)", NULL, "AL");
  check_initials ("Ann\tLee", NULL, "AL");

  /* Emoji are not letters. */
  check_initials ("🦊 Fox Mulder", NULL, "FM");
  check_initials ("Dana Scully 👽", NULL, "DS");
  check_initials ("👩‍💻", "dev.ops@example.com", "DO");
  check_initials ("🦊", NULL, "?");

  /* No name: the email's local part, without a +tag. */
  check_initials ("", "ann.lee@example.com", "AL");
  check_initials (NULL, "zed+support@example.com", "Z");
  check_initials ("", "j_smith-2@example.com", "J2");
  check_initials (NULL, "élodie@example.fr", "É");
  check_initials ("", "@example.com", "?");
  check_initials ("", NULL, "?");
  check_initials (NULL, NULL, "?");
  check_initials ("   ", "", "?");
}

/* Changesets */

static void
test_changeset_rows (void)
{
  g_autoptr(TendChangeset) changeset = tend_changeset_new ();
  TendTicket *ticket = tend_ticket_new (1);
  g_autoptr(TendComment) comment = tend_comment_new (2);
  g_autoptr(TendAttachment) attachment = tend_attachment_new (3);
  g_autoptr(TendUser) user = tend_user_new (4);
  g_autoptr(TendOrganization) org = tend_organization_new (5);
  g_autoptr(TendArticle) article = tend_article_new (6);
  g_autoptr(TendMacro) macro = tend_macro_new (7);

  g_assert_true (tend_changeset_is_empty (changeset));
  g_assert_cmpuint (tend_changeset_get_n_rows (changeset), ==, 0);
  g_assert_nonnull (changeset->tickets);
  g_assert_nonnull (changeset->deleted_ticket_ids);
  g_assert_nonnull (changeset->cursors);
  g_assert_nonnull (changeset->meta);

  g_object_add_weak_pointer (G_OBJECT (ticket), (gpointer *) &ticket);
  tend_changeset_add_ticket (changeset, ticket);
  g_object_unref (ticket);
  /* The changeset owns its objects. */
  g_assert_nonnull (ticket);
  g_assert_false (tend_changeset_is_empty (changeset));
  g_assert_cmpuint (tend_changeset_get_n_rows (changeset), ==, 1);

  tend_comment_add_attachment (comment, attachment);
  tend_changeset_add_comment (changeset, comment);
  tend_changeset_add_user (changeset, user);
  tend_changeset_add_organization (changeset, org);
  tend_changeset_add_article (changeset, article);
  tend_changeset_add_macro (changeset, macro);
  tend_changeset_delete_ticket (changeset, G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpuint (tend_changeset_get_n_rows (changeset), ==, 7);

  g_assert_cmpuint (changeset->comments->len, ==, 1);
  g_assert_true (g_ptr_array_index (changeset->comments, 0) == comment);
  g_assert_true (g_ptr_array_index (changeset->users, 0) == user);
  g_assert_true (g_ptr_array_index (changeset->organizations, 0) == org);
  g_assert_true (g_ptr_array_index (changeset->articles, 0) == article);
  g_assert_true (g_ptr_array_index (changeset->macros, 0) == macro);
  g_assert_cmpint (g_array_index (changeset->deleted_ticket_ids, gint64, 0), ==,
                   G_GINT64_CONSTANT (9007199254740993));

  /* Cursors and meta are not rows. */
  tend_changeset_set_cursor (changeset, "tickets", "abc");
  tend_changeset_set_meta (changeset, "me", "42");
  g_assert_cmpuint (tend_changeset_get_n_rows (changeset), ==, 7);

  tend_changeset_clear (changeset);
  g_assert_null (ticket);
  g_assert_true (tend_changeset_is_empty (changeset));
  g_assert_cmpuint (tend_changeset_get_n_rows (changeset), ==, 0);
  g_assert_cmpuint (g_hash_table_size (changeset->cursors), ==, 0);
  g_assert_cmpuint (g_hash_table_size (changeset->meta), ==, 0);
  g_assert_cmpuint (changeset->deleted_ticket_ids->len, ==, 0);

  /* Still usable after clearing. */
  tend_changeset_delete_ticket (changeset, 8);
  g_assert_cmpuint (tend_changeset_get_n_rows (changeset), ==, 1);
}

static void
test_changeset_cursors (void)
{
  g_autoptr(TendChangeset) changeset = tend_changeset_new ();
  char stream[] = "tickets";
  char cursor[] = "first";

  /* A page that only moves a cursor must still be committed. */
  tend_changeset_set_cursor (changeset, stream, cursor);
  g_assert_false (tend_changeset_is_empty (changeset));
  g_assert_cmpuint (tend_changeset_get_n_rows (changeset), ==, 0);

  /* Copies of the strings are kept. */
  stream[0] = 'X';
  cursor[0] = 'X';
  g_assert_cmpstr (g_hash_table_lookup (changeset->cursors, "tickets"), ==, "first");

  tend_changeset_set_cursor (changeset, "tickets", "second");
  g_assert_cmpuint (g_hash_table_size (changeset->cursors), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (changeset->cursors, "tickets"), ==, "second");

  tend_changeset_set_cursor (changeset, "users", NULL);
  g_assert_true (g_hash_table_contains (changeset->cursors, "users"));
  g_assert_null (g_hash_table_lookup (changeset->cursors, "users"));

  tend_changeset_clear (changeset);
  g_assert_true (tend_changeset_is_empty (changeset));

  tend_changeset_set_meta (changeset, "me", "42");
  tend_changeset_set_meta (changeset, "me", "43");
  g_assert_false (tend_changeset_is_empty (changeset));
  g_assert_cmpuint (g_hash_table_size (changeset->meta), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (changeset->meta, "me"), ==, "43");
}

static void
test_changeset_boxed (void)
{
  TendChangeset *changeset = tend_changeset_new ();
  TendChangeset *copy;
  TendTicket *ticket = tend_ticket_new (1);

  g_assert_true (G_TYPE_IS_BOXED (TEND_TYPE_CHANGESET));
  g_assert_cmpstr (g_type_name (TEND_TYPE_CHANGESET), ==, "TendChangeset");

  g_object_add_weak_pointer (G_OBJECT (ticket), (gpointer *) &ticket);
  tend_changeset_add_ticket (changeset, ticket);
  g_object_unref (ticket);
  tend_changeset_delete_ticket (changeset, 99);
  tend_changeset_set_cursor (changeset, "tickets", "c1");
  tend_changeset_set_meta (changeset, "me", "42");

  copy = g_boxed_copy (TEND_TYPE_CHANGESET, changeset);
  g_assert_true (copy != changeset);
  g_assert_true (copy->tickets != changeset->tickets);
  g_assert_cmpuint (tend_changeset_get_n_rows (copy), ==, 2);
  /* Shallow: the same ticket, one more reference. */
  g_assert_true (g_ptr_array_index (copy->tickets, 0) == ticket);
  g_assert_cmpint (g_array_index (copy->deleted_ticket_ids, gint64, 0), ==, 99);
  g_assert_cmpstr (g_hash_table_lookup (copy->cursors, "tickets"), ==, "c1");
  g_assert_cmpstr (g_hash_table_lookup (copy->meta, "me"), ==, "42");

  /* Independent containers. */
  tend_changeset_clear (changeset);
  g_assert_nonnull (ticket);
  g_assert_cmpuint (tend_changeset_get_n_rows (copy), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (copy->cursors, "tickets"), ==, "c1");

  g_boxed_free (TEND_TYPE_CHANGESET, copy);
  g_assert_null (ticket);
  tend_changeset_free (changeset);
  tend_changeset_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/ticket/properties", test_ticket_properties);
  g_test_add_func ("/models/comment/properties", test_comment_properties);
  g_test_add_func ("/models/attachment/properties", test_attachment_properties);
  g_test_add_func ("/models/user/properties", test_user_properties);
  g_test_add_func ("/models/organization/properties", test_organization_properties);
  g_test_add_func ("/models/article/properties", test_article_properties);
  g_test_add_func ("/models/macro/properties", test_macro_properties);
  g_test_add_func ("/models/ticket/accessors", test_ticket_accessors);
  g_test_add_func ("/models/ticket/notify-only-on-change", test_ticket_notify_only_on_change);
  g_test_add_func ("/models/ticket/tags", test_ticket_tags);
  g_test_add_func ("/models/invalid-values", test_invalid_values);
  g_test_add_func ("/models/defaults", test_defaults);
  g_test_add_func ("/models/comment/attachments", test_comment_attachments);
  g_test_add_func ("/types/error-quark", test_error_quark);
  g_test_add_func ("/types/status", test_status_strings);
  g_test_add_func ("/types/priority", test_priority_strings);
  g_test_add_func ("/types/role", test_role_strings);
  g_test_add_func ("/types/view", test_view_strings);
  g_test_add_func ("/models/attachment/safe-file-name", test_safe_file_names);
  g_test_add_func ("/models/attachment/safe-file-name/invalid-utf8", test_safe_file_name_invalid_utf8);
  g_test_add_func ("/models/attachment/safe-file-name/long", test_safe_file_name_long);
  g_test_add_func ("/models/attachment/safe-file-name/random", test_safe_file_name_random);
  g_test_add_func ("/models/user/initials", test_user_initials);
  g_test_add_func ("/changeset/rows", test_changeset_rows);
  g_test_add_func ("/changeset/cursors", test_changeset_cursors);
  g_test_add_func ("/changeset/boxed", test_changeset_boxed);

  return g_test_run ();
}
