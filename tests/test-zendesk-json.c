/* test-zendesk-json.c: Zendesk's wire format to and from the models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tend-engine.h"
#include "tend-http.h"
#include "tend-zendesk-json.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = tend_http_parse_json (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Extra JSON is compared as JSON: members Tend maps in part (a photo, a
 * rating) may move within the object on the way back. */
static void
assert_json_equal (const char *a,
                   const char *b)
{
  g_autoptr(JsonNode) x = NULL;
  g_autoptr(JsonNode) y = NULL;

  if (a == NULL || b == NULL)
    {
      g_assert_cmpstr (a, ==, b);
      return;
    }
  x = json_from_string (a, NULL);
  y = json_from_string (b, NULL);
  g_assert_nonnull (x);
  g_assert_nonnull (y);
  if (!json_node_equal (x, y))
    g_assert_cmpstr (a, ==, b);
}

static const char *ticket_json =
  "{"
  "  \"url\": \"https://acme.zendesk.com/api/v2/tickets/35436.json\","
  "  \"id\": 35436,"
  "  \"external_id\": \"ahg35h3jh\","
  "  \"via\": {\"channel\": \"web\", \"source\": {\"from\": {}, \"to\": {}, \"rel\": null}},"
  "  \"created_at\": \"2009-07-20T22:55:29Z\","
  "  \"updated_at\": \"2011-05-05T10:38:52Z\","
  "  \"type\": \"incident\","
  "  \"subject\": \"Help, my printer is on fire! 🔥 \\u05e9\\u05dc\\u05d5\\u05dd\","
  "  \"raw_subject\": \"{{dc.printer_on_fire}}\","
  "  \"description\": \"The fire is very colorful. <b>not bold</b>\","
  "  \"priority\": \"high\","
  "  \"status\": \"open\","
  "  \"recipient\": \"support@company.com\","
  "  \"requester_id\": 20978392,"
  "  \"submitter_id\": 76872,"
  "  \"assignee_id\": 235323,"
  "  \"organization_id\": 509974,"
  "  \"group_id\": 98738,"
  "  \"collaborator_ids\": [35334, 234],"
  "  \"tags\": [\"enterprise\", \"other_tag\"],"
  "  \"custom_fields\": [{\"id\": 27642, \"value\": \"745\"}, {\"id\": 27648, \"value\": \"yes\"},"
  "                     {\"id\": 9007199254740993, \"value\": [\"a\", {\"deep\": [1, 2.5, null]}]}],"
  "  \"satisfaction_rating\": {\"id\": 1234, \"score\": \"good\", \"comment\": \"Great support!\"},"
  "  \"sharing_agreement_ids\": [84432]"
  "}";

static void
test_ticket_from_json (void)
{
  g_autoptr(JsonObject) object = parse_object (ticket_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(JsonObject) extra = NULL;
  const char * const *tags;
  gint64 t;

  ticket = tend_zendesk_ticket_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ticket);

  g_assert_cmpint (tend_ticket_get_id (ticket), ==, 35436);
  g_assert_cmpstr (tend_ticket_get_subject (ticket), ==, "Help, my printer is on fire! 🔥 שלום");
  g_assert_cmpstr (tend_ticket_get_description (ticket), ==, "The fire is very colorful. <b>not bold</b>");
  g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_OPEN);
  g_assert_cmpint (tend_ticket_get_priority (ticket), ==, TEND_TICKET_PRIORITY_HIGH);
  g_assert_cmpstr (tend_ticket_get_ticket_type (ticket), ==, "incident");
  g_assert_cmpint (tend_ticket_get_requester_id (ticket), ==, 20978392);
  g_assert_cmpint (tend_ticket_get_submitter_id (ticket), ==, 76872);
  g_assert_cmpint (tend_ticket_get_assignee_id (ticket), ==, 235323);
  g_assert_cmpint (tend_ticket_get_organization_id (ticket), ==, 509974);
  g_assert_cmpint (tend_ticket_get_group_id (ticket), ==, 98738);
  tags = tend_ticket_get_tags (ticket);
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 2);
  g_assert_cmpstr (tags[0], ==, "enterprise");
  g_assert_cmpstr (tags[1], ==, "other_tag");
  g_assert_true (tend_zendesk_parse_time ("2009-07-20T22:55:29Z", &t));
  g_assert_cmpint (tend_ticket_get_created_at (ticket), ==, t);
  g_assert_cmpint (tend_ticket_get_created_at (ticket), ==, 1248130529);
  g_assert_true (tend_zendesk_parse_time ("2011-05-05T10:38:52Z", &t));
  g_assert_cmpint (tend_ticket_get_updated_at (ticket), ==, t);
  g_assert_cmpstr (tend_ticket_get_satisfaction (ticket), ==, "good");
  g_assert_cmpstr (tend_ticket_get_satisfaction_comment (ticket), ==, "Great support!");

  /* What Tend does not model is kept, what it does is not duplicated. */
  g_assert_nonnull (tend_ticket_get_extra_json (ticket));
  extra = parse_object (tend_ticket_get_extra_json (ticket));
  g_assert_true (json_object_has_member (extra, "custom_fields"));
  g_assert_true (json_object_has_member (extra, "via"));
  g_assert_true (json_object_has_member (extra, "external_id"));
  g_assert_true (json_object_has_member (extra, "collaborator_ids"));
  g_assert_false (json_object_has_member (extra, "subject"));
  g_assert_false (json_object_has_member (extra, "tags"));
  g_assert_false (json_object_has_member (extra, "id"));
}

/* JSON → model → JSON keeps every member the server sent, with the same
 * values (custom fields above all). */
static void
test_ticket_round_trip_keeps_unknown_fields (void)
{
  g_autoptr(JsonObject) object = parse_object (ticket_json);
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(TendTicket) again = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) out2 = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *out_object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  ticket = tend_zendesk_ticket_from_json (object, &error);
  g_assert_no_error (error);
  out = tend_zendesk_ticket_to_json (ticket);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (out));
  out_object = json_node_get_object (out);

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      JsonNode *copy = json_object_get_member (out_object, name);

      g_test_message ("member %s", name);
      g_assert_nonnull (copy);
      g_assert_true (json_node_equal (node, copy));
    }

  /* And once more: the model is stable. */
  again = tend_zendesk_ticket_from_json (out_object, &error);
  g_assert_no_error (error);
  out2 = tend_zendesk_ticket_to_json (again);
  g_assert_true (json_node_equal (out, out2));
  assert_json_equal (tend_ticket_get_extra_json (again), tend_ticket_get_extra_json (ticket));
}

static void
test_ticket_model_round_trip (void)
{
  g_autoptr(TendTicket) ticket = tend_ticket_new (G_GINT64_CONSTANT (9007199254740993));
  g_autoptr(TendTicket) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "vip", "ü-tag", NULL };

  tend_ticket_set_subject (ticket, "مرحبا — RTL & <script>alert(1)</script>");
  tend_ticket_set_description (ticket, "Line one\nLine two 😀");
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_HOLD);
  tend_ticket_set_priority (ticket, TEND_TICKET_PRIORITY_URGENT);
  tend_ticket_set_ticket_type (ticket, "problem");
  tend_ticket_set_requester_id (ticket, 11);
  tend_ticket_set_assignee_id (ticket, 12);
  tend_ticket_set_tags (ticket, tags);
  tend_ticket_set_created_at (ticket, 1700000000);
  tend_ticket_set_updated_at (ticket, 1700000100);
  tend_ticket_set_satisfaction (ticket, "bad");
  tend_ticket_set_extra_json (ticket, "{\"custom_fields\":[{\"id\":1,\"value\":\"x\"}]}");

  node = tend_zendesk_ticket_to_json (ticket);
  copy = tend_zendesk_ticket_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);

  g_assert_cmpint (tend_ticket_get_id (copy), ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpstr (tend_ticket_get_subject (copy), ==, tend_ticket_get_subject (ticket));
  g_assert_cmpstr (tend_ticket_get_description (copy), ==, tend_ticket_get_description (ticket));
  g_assert_cmpint (tend_ticket_get_status (copy), ==, TEND_TICKET_STATUS_HOLD);
  g_assert_cmpint (tend_ticket_get_priority (copy), ==, TEND_TICKET_PRIORITY_URGENT);
  g_assert_cmpstr (tend_ticket_get_ticket_type (copy), ==, "problem");
  g_assert_cmpint (tend_ticket_get_requester_id (copy), ==, 11);
  g_assert_cmpint (tend_ticket_get_submitter_id (copy), ==, 0);
  g_assert_cmpint (tend_ticket_get_assignee_id (copy), ==, 12);
  g_assert_true (g_strv_equal (tend_ticket_get_tags (copy), tags));
  g_assert_cmpint (tend_ticket_get_created_at (copy), ==, 1700000000);
  g_assert_cmpint (tend_ticket_get_updated_at (copy), ==, 1700000100);
  g_assert_cmpstr (tend_ticket_get_satisfaction (copy), ==, "bad");
  assert_json_equal (tend_ticket_get_extra_json (copy), tend_ticket_get_extra_json (ticket));
}

static void
test_ticket_deleted_status (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"id\": 5, \"status\": \"deleted\"}");
  g_autoptr(TendTicket) ticket = tend_zendesk_ticket_from_json (object, NULL);

  g_assert_nonnull (ticket);
  g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_DELETED);
}

static void
test_missing_and_bad_ids (void)
{
  const char *bad[] = {
    "{}",
    "{\"id\": null}",
    "{\"id\": 0}",
    "{\"id\": -4}",
    "{\"id\": \"12\"}",
    "{\"id\": true}",
    "{\"id\": [1]}",
    "{\"id\": {\"id\": 1}}",
    "{\"id\": 1.5}",
    "{\"id\": 1e300}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL, e6 = NULL, e7 = NULL;
      g_autoptr(TendTicket) ticket = NULL;
      g_autoptr(TendComment) comment = NULL;
      g_autoptr(TendUser) user = NULL;
      g_autoptr(TendOrganization) organization = NULL;
      g_autoptr(TendArticle) article = NULL;
      g_autoptr(TendMacro) macro = NULL;

      g_test_message ("%s", bad[i]);
      ticket = tend_zendesk_ticket_from_json (object, &e1);
      g_assert_null (ticket);
      g_assert_error (e1, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
      g_assert_nonnull (strstr (e1->message, "id"));
      comment = tend_zendesk_comment_from_json (object, 1, &e2);
      g_assert_null (comment);
      g_assert_error (e2, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
      user = tend_zendesk_user_from_json (object, &e3);
      g_assert_null (user);
      g_assert_error (e3, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
      organization = tend_zendesk_organization_from_json (object, &e4);
      g_assert_null (organization);
      g_assert_error (e4, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
      article = tend_zendesk_article_from_json (object, &e5);
      g_assert_null (article);
      g_assert_error (e5, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
      macro = tend_zendesk_macro_from_json (object, &e6);
      g_assert_null (macro);
      g_assert_error (e6, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
    }

  /* Integral doubles are still ids. */
  {
    g_autoptr(JsonObject) object = parse_object ("{\"id\": 1234567.0, \"requester_id\": 5e3}");
    g_autoptr(TendTicket) ticket = tend_zendesk_ticket_from_json (object, NULL);

    g_assert_nonnull (ticket);
    g_assert_cmpint (tend_ticket_get_id (ticket), ==, 1234567);
    g_assert_cmpint (tend_ticket_get_requester_id (ticket), ==, 5000);
  }

  /* A NULL object (an array element that is not an object) is an error,
   * not a crash. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (tend_zendesk_ticket_from_json (NULL, &error));
    g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
  }
}

static void
test_wrong_types (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"id\": 7, \"subject\": 42, \"description\": [\"x\"], \"status\": \"weird\","
    " \"priority\": 3, \"type\": {}, \"requester_id\": \"12\", \"assignee_id\": -3,"
    " \"tags\": \"not-an-array\", \"created_at\": \"yesterday\", \"updated_at\": true,"
    " \"satisfaction_rating\": \"good\", \"custom_fields\": \"odd\"}");
  g_autoptr(JsonObject) object2 = parse_object (
    "{\"id\": 8, \"tags\": [\"ok\", 5, null, {\"a\": 1}, \"fine\"]}");
  g_autoptr(JsonObject) user_object = parse_object (
    "{\"id\": 9, \"name\": null, \"email\": 5, \"role\": \"overlord\", \"photo\": \"x\","
    " \"tags\": [[]], \"time_zone\": 3}");
  g_autoptr(JsonObject) comment_object = parse_object (
    "{\"id\": 10, \"public\": \"yes\", \"body\": 4, \"attachments\": \"none\"}");
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(TendTicket) ticket2 = NULL;
  g_autoptr(TendUser) user = NULL;
  g_autoptr(TendComment) comment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) back = NULL;
  const char *expected_tags[] = { "ok", "fine", NULL };

  ticket = tend_zendesk_ticket_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_null (tend_ticket_get_subject (ticket));
  g_assert_null (tend_ticket_get_description (ticket));
  g_assert_cmpint (tend_ticket_get_priority (ticket), ==, TEND_TICKET_PRIORITY_NONE);
  g_assert_null (tend_ticket_get_ticket_type (ticket));
  g_assert_cmpint (tend_ticket_get_requester_id (ticket), ==, 0);
  g_assert_cmpint (tend_ticket_get_assignee_id (ticket), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) tend_ticket_get_tags (ticket)), ==, 0);
  g_assert_cmpint (tend_ticket_get_created_at (ticket), ==, 0);
  g_assert_cmpint (tend_ticket_get_updated_at (ticket), ==, 0);
  g_assert_null (tend_ticket_get_satisfaction (ticket));
  /* Even an oddly typed unknown field survives. */
  back = tend_zendesk_ticket_to_json (ticket);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back), "custom_fields"),
                   ==, "odd");

  ticket2 = tend_zendesk_ticket_from_json (object2, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal (tend_ticket_get_tags (ticket2), expected_tags));

  user = tend_zendesk_user_from_json (user_object, &error);
  g_assert_no_error (error);
  g_assert_null (tend_user_get_name (user));
  g_assert_null (tend_user_get_email (user));
  g_assert_cmpint (tend_user_get_role (user), ==, TEND_USER_ROLE_END_USER);
  g_assert_null (tend_user_get_photo_url (user));
  g_assert_null (tend_user_get_time_zone (user));

  comment = tend_zendesk_comment_from_json (comment_object, 3, &error);
  g_assert_no_error (error);
  g_assert_true (tend_comment_get_public (comment));
  g_assert_null (tend_comment_get_body (comment));
  g_assert_cmpuint (tend_comment_get_attachments (comment)->len, ==, 0);
}

static void
test_huge_strings (void)
{
  gsize size = 8 * 1024 * 1024;
  g_autofree char *big = g_malloc (size + 1);
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;

  memset (big, 'x', size);
  big[size] = '\0';
  json = g_strdup_printf ("{\"id\": 1, \"subject\": \"%s\", \"created_at\": \"%s\","
                          " \"custom\": \"%s\"}", big, big, big);
  object = parse_object (json);
  ticket = tend_zendesk_ticket_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (tend_ticket_get_subject (ticket)), ==, size);
  g_assert_cmpint (tend_ticket_get_created_at (ticket), ==, 0);
  back = tend_zendesk_ticket_to_json (ticket);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (back), "custom")),
                    ==, size);
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"id\": 1, \"x\": ");
  g_autoptr(GString) fine = g_string_new ("{\"id\": 2, \"custom_fields\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(JsonNode) back = NULL;

  /* Deep enough to overflow json-glib's recursive parser if it ever saw
   * it: the depth check must refuse it first. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  node = tend_http_parse_json (deep->str, deep->len, &error);
  g_assert_null (node);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* Brackets inside strings do not count. */
  {
    g_autoptr(GString) text = g_string_new ("{\"id\": 3, \"subject\": \"");
    g_autoptr(JsonNode) ok = NULL;

    for (guint i = 0; i < 5000; i++)
      g_string_append (text, "[{");
    g_string_append (text, "\\\"\"}");
    ok = tend_http_parse_json (text->str, text->len, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ok);
  }

  /* Reasonable nesting in an unknown field is kept as is. */
  for (guint i = 0; i < 100; i++)
    g_string_append (fine, "{\"a\": [");
  g_string_append (fine, "true");
  for (guint i = 0; i < 100; i++)
    g_string_append (fine, "]}");
  g_string_append_c (fine, '}');
  object = parse_object (fine->str);
  ticket = tend_zendesk_ticket_from_json (object, &error);
  g_assert_no_error (error);
  back = tend_zendesk_ticket_to_json (ticket);
  g_assert_true (json_node_equal (json_object_get_member (object, "custom_fields"),
                                  json_object_get_member (json_node_get_object (back), "custom_fields")));
}

static void
test_invalid_json (void)
{
  const char *bad[] = {
    "{\"id\": 1, \"subject\": \"\xff\xfe\"}",            /* invalid UTF-8 */
    "{\"id\": 1, \"subject\": \"abc",                    /* truncated */
    "{\"tickets\": [{\"id\": 1}, {\"id\": 2",            /* truncated page */
    "<html><body>Maintenance</body></html>",
    "{\"id\": 1,,}",
    "",
    "\x00\x01\x02",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = tend_http_parse_json (bad[i], strlen (bad[i]), &error);

      g_assert_null (node);
      g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
    }
}

static void
test_comment (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"id\": 1274, \"type\": \"Comment\", \"author_id\": 123123,"
    " \"body\": \"Thanks for your help!\", \"html_body\": \"<p>Thanks for your help!</p>\","
    " \"plain_body\": \"Thanks for your help! (plain)\", \"public\": false,"
    " \"created_at\": \"2009-07-20T22:55:29Z\", \"audit_id\": 432,"
    " \"metadata\": {\"system\": {\"client\": \"curl\"}},"
    " \"attachments\": ["
    "   {\"id\": 498483, \"file_name\": \"../../etc/passwd\", \"content_url\": \"https://x/a.png\","
    "    \"content_type\": \"image/png\", \"size\": 2532, \"thumbnails\": []},"
    "   {\"file_name\": \"no-id.txt\"},"
    "   \"not an object\","
    "   {\"id\": 498484, \"file_name\": \"b.pdf\", \"size\": -5}"
    " ]}");
  g_autoptr(TendComment) comment = NULL;
  g_autoptr(TendComment) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *attachments;
  TendAttachment *attachment;

  comment = tend_zendesk_comment_from_json (object, 35436, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_comment_get_id (comment), ==, 1274);
  g_assert_cmpint (tend_comment_get_ticket_id (comment), ==, 35436);
  g_assert_cmpint (tend_comment_get_author_id (comment), ==, 123123);
  g_assert_cmpstr (tend_comment_get_body (comment), ==, "Thanks for your help! (plain)");
  g_assert_cmpstr (tend_comment_get_html_body (comment), ==, "<p>Thanks for your help!</p>");
  g_assert_false (tend_comment_get_public (comment));
  g_assert_cmpint (tend_comment_get_created_at (comment), ==, 1248130529);

  attachments = tend_comment_get_attachments (comment);
  g_assert_cmpuint (attachments->len, ==, 2);
  attachment = g_ptr_array_index (attachments, 0);
  g_assert_cmpint (tend_attachment_get_id (attachment), ==, 498483);
  g_assert_cmpint (tend_attachment_get_comment_id (attachment), ==, 1274);
  g_assert_cmpint (tend_attachment_get_ticket_id (attachment), ==, 35436);
  g_assert_cmpstr (tend_attachment_get_file_name (attachment), ==, "../../etc/passwd");
  g_assert_cmpstr (tend_attachment_get_content_type (attachment), ==, "image/png");
  g_assert_cmpstr (tend_attachment_get_content_url (attachment), ==, "https://x/a.png");
  g_assert_cmpint (tend_attachment_get_size (attachment), ==, 2532);
  attachment = g_ptr_array_index (attachments, 1);
  g_assert_cmpint (tend_attachment_get_size (attachment), ==, 0);

  g_assert_nonnull (strstr (tend_comment_get_extra_json (comment), "audit_id"));
  g_assert_nonnull (strstr (tend_comment_get_extra_json (comment), "metadata"));

  node = tend_zendesk_comment_to_json (comment);
  copy = tend_zendesk_comment_from_json (json_node_get_object (node), 35436, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_comment_get_body (copy), ==, tend_comment_get_body (comment));
  g_assert_cmpstr (tend_comment_get_html_body (copy), ==, tend_comment_get_html_body (comment));
  g_assert_false (tend_comment_get_public (copy));
  g_assert_cmpint (tend_comment_get_created_at (copy), ==, 1248130529);
  g_assert_cmpuint (tend_comment_get_attachments (copy)->len, ==, 2);
  assert_json_equal (tend_comment_get_extra_json (copy), tend_comment_get_extra_json (comment));

  /* Without a ticket id of the list, the comment's own is used. */
  {
    g_autoptr(JsonObject) o = parse_object ("{\"id\": 5, \"ticket_id\": 77, \"body\": \"b\"}");
    g_autoptr(TendComment) c = tend_zendesk_comment_from_json (o, 0, NULL);

    g_assert_cmpint (tend_comment_get_ticket_id (c), ==, 77);
    g_assert_cmpstr (tend_comment_get_body (c), ==, "b");
    g_assert_true (tend_comment_get_public (c));
  }
}

static void
test_user (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"id\": 35436, \"name\": \"Johnny Agent\", \"email\": \"johnny@example.com\","
    " \"phone\": \"+15551234567\", \"role\": \"admin\", \"role_type\": null,"
    " \"organization_id\": 57542, \"time_zone\": \"Eastern Time (US & Canada)\","
    " \"iana_time_zone\": \"America/New_York\", \"locale\": \"en-US\","
    " \"tags\": [\"enterprise\"], \"notes\": \"Johnny is a nice guy!\","
    " \"details\": \"Lives in NYC\", \"photo\": {\"content_url\": \"https://x/p.png\", \"id\": 9},"
    " \"created_at\": \"2009-07-20T22:55:29Z\", \"updated_at\": \"2011-05-05T10:38:52Z\","
    " \"user_fields\": {\"user_date\": \"2012-07-23T00:00:00Z\", \"user_decimal\": 5.1}}");
  g_autoptr(TendUser) user = NULL;
  g_autoptr(TendUser) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *out;

  user = tend_zendesk_user_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_user_get_id (user), ==, 35436);
  g_assert_cmpstr (tend_user_get_name (user), ==, "Johnny Agent");
  g_assert_cmpstr (tend_user_get_email (user), ==, "johnny@example.com");
  g_assert_cmpstr (tend_user_get_phone (user), ==, "+15551234567");
  g_assert_cmpint (tend_user_get_role (user), ==, TEND_USER_ROLE_ADMIN);
  g_assert_cmpint (tend_user_get_organization_id (user), ==, 57542);
  g_assert_cmpstr (tend_user_get_time_zone (user), ==, "America/New_York");
  g_assert_cmpstr (tend_user_get_locale (user), ==, "en-US");
  g_assert_cmpstr (tend_user_get_tags (user)[0], ==, "enterprise");
  g_assert_cmpstr (tend_user_get_notes (user), ==, "Johnny is a nice guy!");
  g_assert_cmpstr (tend_user_get_details (user), ==, "Lives in NYC");
  g_assert_cmpstr (tend_user_get_photo_url (user), ==, "https://x/p.png");
  g_assert_cmpint (tend_user_get_created_at (user), ==, 1248130529);
  g_assert_nonnull (strstr (tend_user_get_extra_json (user), "user_fields"));

  node = tend_zendesk_user_to_json (user);
  out = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (out, "role"), ==, "admin");
  g_assert_cmpstr (json_object_get_string_member (out, "time_zone"), ==, "America/New_York");
  g_assert_cmpstr (json_object_get_string_member (out, "iana_time_zone"), ==, "America/New_York");
  g_assert_true (json_node_equal (json_object_get_member (object, "user_fields"),
                                  json_object_get_member (out, "user_fields")));
  /* The photo's other members survive too. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (out, "photo"), "id"),
                   ==, 9);

  copy = tend_zendesk_user_from_json (out, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_user_get_email (copy), ==, "johnny@example.com");
  g_assert_cmpstr (tend_user_get_photo_url (copy), ==, "https://x/p.png");
  assert_json_equal (tend_user_get_extra_json (copy), tend_user_get_extra_json (user));

  /* Without iana_time_zone, time_zone is taken. */
  {
    g_autoptr(JsonObject) o = parse_object ("{\"id\": 1, \"role\": \"end-user\", \"time_zone\": \"Europe/Berlin\"}");
    g_autoptr(TendUser) u = tend_zendesk_user_from_json (o, NULL);

    g_assert_cmpstr (tend_user_get_time_zone (u), ==, "Europe/Berlin");
    g_assert_cmpint (tend_user_get_role (u), ==, TEND_USER_ROLE_END_USER);
  }
  {
    g_autoptr(JsonObject) o = parse_object ("{\"id\": 1, \"role\": \"agent\"}");
    g_autoptr(TendUser) u = tend_zendesk_user_from_json (o, NULL);

    g_assert_cmpint (tend_user_get_role (u), ==, TEND_USER_ROLE_AGENT);
  }
}

static void
test_organization (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"id\": 35436, \"name\": \"One Organization\", \"domain_names\": [\"example.com\", \"test.com\"],"
    " \"tags\": [\"enterprise\", \"other_tag\"], \"details\": \"This is a kind of organization\","
    " \"notes\": \"\", \"group_id\": null, \"shared_tickets\": true,"
    " \"created_at\": \"2009-07-20T22:55:29Z\", \"updated_at\": \"2011-05-05T10:38:52Z\","
    " \"organization_fields\": {\"org_dropdown\": \"option_1\", \"org_decimal\": 5.2}}");
  g_autoptr(TendOrganization) organization = NULL;
  g_autoptr(TendOrganization) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  organization = tend_zendesk_organization_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_organization_get_name (organization), ==, "One Organization");
  g_assert_cmpstr (tend_organization_get_domain_names (organization)[1], ==, "test.com");
  g_assert_cmpstr (tend_organization_get_tags (organization)[0], ==, "enterprise");
  g_assert_cmpstr (tend_organization_get_details (organization), ==, "This is a kind of organization");
  g_assert_cmpstr (tend_organization_get_notes (organization), ==, "");
  g_assert_cmpint (tend_organization_get_updated_at (organization), ==, 1304591932);

  node = tend_zendesk_organization_to_json (organization);
  g_assert_true (json_node_equal (json_object_get_member (object, "organization_fields"),
                                  json_object_get_member (json_node_get_object (node),
                                                          "organization_fields")));
  copy = tend_zendesk_organization_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal (tend_organization_get_domain_names (copy),
                               tend_organization_get_domain_names (organization)));
  assert_json_equal (tend_organization_get_extra_json (copy), tend_organization_get_extra_json (organization));
}

static void
test_article (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"id\": 360026053753, \"title\": \"How to reset your password\","
    " \"body\": \"<p>Click <a href=\\\"#\\\">here</a></p><script>x()</script>\","
    " \"html_url\": \"https://help.example.com/hc/en-us/articles/360026053753\","
    " \"locale\": \"en-us\", \"label_names\": [\"password\", \"login\"], \"section_id\": 42,"
    " \"draft\": false, \"vote_sum\": 3,"
    " \"created_at\": \"2019-04-01T09:00:00Z\", \"updated_at\": \"2019-04-02T09:00:00Z\"}");
  g_autoptr(TendArticle) article = NULL;
  g_autoptr(TendArticle) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  article = tend_zendesk_article_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_article_get_id (article), ==, G_GINT64_CONSTANT (360026053753));
  g_assert_cmpstr (tend_article_get_title (article), ==, "How to reset your password");
  g_assert_cmpstr (tend_article_get_url (article), ==,
                   "https://help.example.com/hc/en-us/articles/360026053753");
  g_assert_cmpstr (tend_article_get_locale (article), ==, "en-us");
  g_assert_cmpstr (tend_article_get_labels (article)[1], ==, "login");
  g_assert_cmpint (tend_article_get_section_id (article), ==, 42);
  g_assert_nonnull (strstr (tend_article_get_extra_json (article), "vote_sum"));

  node = tend_zendesk_article_to_json (article);
  copy = tend_zendesk_article_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_article_get_body (copy), ==, tend_article_get_body (article));
  g_assert_true (g_strv_equal (tend_article_get_labels (copy), tend_article_get_labels (article)));
  g_assert_cmpint (tend_article_get_updated_at (copy), ==, tend_article_get_updated_at (article));
  assert_json_equal (tend_article_get_extra_json (copy), tend_article_get_extra_json (article));
}

static void
test_macro (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"id\": 25, \"title\": \"Close and tag\", \"description\": \"Closes\", \"active\": true,"
    " \"position\": 3, \"updated_at\": \"2020-01-01T00:00:00Z\","
    " \"actions\": ["
    "   {\"field\": \"status\", \"value\": \"solved\"},"
    "   {\"field\": \"priority\", \"value\": \"low\"},"
    "   {\"field\": \"comment_value\", \"value\": [\"channel:all\", \"Thanks! 🙂\"]},"
    "   {\"field\": \"comment_mode_is_public\", \"value\": \"false\"},"
    "   {\"field\": \"assignee_id\", \"value\": \"current_user\"},"
    "   {\"field\": \"group_id\", \"value\": \"123\"},"
    "   {\"field\": \"current_tags\", \"value\": \"closed  vip\"},"
    "   {\"field\": \"remove_tags\", \"value\": \"open\"},"
    "   {\"field\": \"custom_fields_360001\", \"value\": \"foo\"},"
    "   \"junk\", {\"value\": 1}"
    " ]}");
  g_autoptr(TendMacro) macro = NULL;
  g_autoptr(TendMacro) copy = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *a;

  macro = tend_zendesk_macro_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_macro_get_title (macro), ==, "Close and tag");
  g_assert_cmpstr (tend_macro_get_description (macro), ==, "Closes");
  g_assert_true (tend_macro_get_active (macro));
  g_assert_cmpint (tend_macro_get_position (macro), ==, 3);
  g_assert_cmpint (tend_macro_get_updated_at (macro), ==, 1577836800);

  actions = json_from_string (tend_macro_get_actions_json (macro), &error);
  g_assert_no_error (error);
  array = json_node_get_array (actions);
  g_assert_cmpuint (json_array_get_length (array), ==, 9);

  a = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (a, "field"), ==, "status");
  g_assert_cmpstr (json_object_get_string_member (a, "value"), ==, "solved");
  a = json_array_get_object_element (array, 2);
  g_assert_cmpstr (json_object_get_string_member (a, "field"), ==, "comment");
  g_assert_cmpstr (json_object_get_string_member (a, "value"), ==, "Thanks! 🙂");
  a = json_array_get_object_element (array, 3);
  g_assert_cmpstr (json_object_get_string_member (a, "field"), ==, "public");
  g_assert_false (json_object_get_boolean_member (a, "value"));
  a = json_array_get_object_element (array, 4);
  g_assert_cmpstr (json_object_get_string_member (a, "field"), ==, "assignee");
  g_assert_cmpstr (json_object_get_string_member (a, "value"), ==, "me");
  a = json_array_get_object_element (array, 5);
  g_assert_cmpstr (json_object_get_string_member (a, "field"), ==, "group");
  g_assert_cmpint (json_object_get_int_member (a, "value"), ==, 123);
  a = json_array_get_object_element (array, 6);
  g_assert_cmpstr (json_object_get_string_member (a, "field"), ==, "add_tags");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a, "value")), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (a, "value"), 1),
                   ==, "vip");
  a = json_array_get_object_element (array, 7);
  g_assert_cmpstr (json_object_get_string_member (a, "field"), ==, "remove_tags");
  a = json_array_get_object_element (array, 8);
  g_assert_cmpstr (json_object_get_string_member (a, "field"), ==, "zendesk:custom_fields_360001");

  /* Back to Zendesk's form and once more to ours: the same actions. */
  node = tend_zendesk_macro_to_json (macro);
  copy = tend_zendesk_macro_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_macro_get_actions_json (copy), ==, tend_macro_get_actions_json (macro));
  g_assert_cmpstr (tend_macro_get_title (copy), ==, "Close and tag");
  g_assert_cmpint (tend_macro_get_position (copy), ==, 3);
  {
    JsonArray *zactions = json_object_get_array_member (json_node_get_object (node), "actions");
    JsonObject *z = json_array_get_object_element (zactions, 4);

    g_assert_cmpstr (json_object_get_string_member (z, "field"), ==, "assignee_id");
    g_assert_cmpstr (json_object_get_string_member (z, "value"), ==, "current_user");
    z = json_array_get_object_element (zactions, 6);
    g_assert_cmpstr (json_object_get_string_member (z, "field"), ==, "current_tags");
    g_assert_cmpstr (json_object_get_string_member (z, "value"), ==, "closed vip");
  }
}

static void
test_time (void)
{
  gint64 t = 0;
  g_autofree char *text = NULL;

  g_assert_true (tend_zendesk_parse_time ("2024-05-01T10:00:00Z", &t));
  g_assert_cmpint (t, ==, 1714557600);
  g_assert_true (tend_zendesk_parse_time ("2024-05-01T12:00:00+02:00", &t));
  g_assert_cmpint (t, ==, 1714557600);
  text = tend_zendesk_format_time (1714557600);
  g_assert_cmpstr (text, ==, "2024-05-01T10:00:00Z");

  g_assert_false (tend_zendesk_parse_time ("", &t));
  g_assert_false (tend_zendesk_parse_time ("yesterday", &t));
  g_assert_false (tend_zendesk_parse_time ("2024-13-45T99:99:99Z", &t));
  g_assert_false (tend_zendesk_parse_time (NULL, &t));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/zendesk-json/ticket/from-json", test_ticket_from_json);
  g_test_add_func ("/zendesk-json/ticket/round-trip-unknown-fields", test_ticket_round_trip_keeps_unknown_fields);
  g_test_add_func ("/zendesk-json/ticket/model-round-trip", test_ticket_model_round_trip);
  g_test_add_func ("/zendesk-json/ticket/deleted", test_ticket_deleted_status);
  g_test_add_func ("/zendesk-json/hostile/missing-and-bad-ids", test_missing_and_bad_ids);
  g_test_add_func ("/zendesk-json/hostile/wrong-types", test_wrong_types);
  g_test_add_func ("/zendesk-json/hostile/huge-strings", test_huge_strings);
  g_test_add_func ("/zendesk-json/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/zendesk-json/hostile/invalid-json", test_invalid_json);
  g_test_add_func ("/zendesk-json/comment", test_comment);
  g_test_add_func ("/zendesk-json/user", test_user);
  g_test_add_func ("/zendesk-json/organization", test_organization);
  g_test_add_func ("/zendesk-json/article", test_article);
  g_test_add_func ("/zendesk-json/macro", test_macro);
  g_test_add_func ("/zendesk-json/time", test_time);

  return g_test_run ();
}
