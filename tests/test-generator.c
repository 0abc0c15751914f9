/* test-generator.c: the deterministic helpdesk data generator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tend-engine.h"

/* A fixed anchor so that the tests do not depend on the clock. */
#define NOW G_GINT64_CONSTANT (1718000000)
#define DAY G_GINT64_CONSTANT (86400)

/* Everything a generator produced, in one changeset. */
static TendChangeset *
generate_all (guint64 seed,
              guint   n_tickets,
              guint   batch)
{
  g_autoptr(TendGenerator) gen = tend_generator_new (seed, n_tickets, NOW);
  TendChangeset *all = tend_changeset_new ();
  g_autoptr(TendChangeset) part = tend_changeset_new ();
  guint rounds = 0;

  while (tend_generator_next (gen, part, batch))
    {
      g_assert_cmpuint (part->tickets->len, <=, batch);
      g_ptr_array_extend_and_steal (all->tickets, g_steal_pointer (&part->tickets));
      g_ptr_array_extend_and_steal (all->comments, g_steal_pointer (&part->comments));
      g_ptr_array_extend_and_steal (all->users, g_steal_pointer (&part->users));
      g_ptr_array_extend_and_steal (all->organizations, g_steal_pointer (&part->organizations));
      g_ptr_array_extend_and_steal (all->articles, g_steal_pointer (&part->articles));
      g_ptr_array_extend_and_steal (all->macros, g_steal_pointer (&part->macros));
      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, part->meta);
        while (g_hash_table_iter_next (&iter, &key, &value))
          tend_changeset_set_meta (all, key, value);
      }
      tend_changeset_free (part);
      part = tend_changeset_new ();
      rounds++;
      g_assert_cmpuint (rounds, <, n_tickets + 10);
    }

  /* Once done, it stays done. */
  g_assert_false (tend_generator_next (gen, part, batch));
  g_assert_true (tend_changeset_is_empty (part));

  return all;
}

static gboolean
has_script (const char    *text,
            GUnicodeScript script)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == script)
      return TRUE;
  return FALSE;
}

static void
test_determinism (void)
{
  /* Different batch sizes must not change anything: the demo server and
   * tendctl split the work differently. */
  g_autoptr(TendChangeset) a = generate_all (7, 400, 1000);
  g_autoptr(TendChangeset) b = generate_all (7, 400, 37);
  g_autoptr(TendChangeset) c = generate_all (8, 400, 1000);
  guint differ = 0;

  g_assert_cmpuint (a->tickets->len, ==, b->tickets->len);
  g_assert_cmpuint (a->comments->len, ==, b->comments->len);
  g_assert_cmpuint (a->users->len, ==, b->users->len);

  for (guint i = 0; i < a->tickets->len; i++)
    {
      TendTicket *x = a->tickets->pdata[i];
      TendTicket *y = b->tickets->pdata[i];

      g_assert_cmpint (tend_ticket_get_id (x), ==, tend_ticket_get_id (y));
      g_assert_cmpstr (tend_ticket_get_subject (x), ==, tend_ticket_get_subject (y));
      g_assert_cmpstr (tend_ticket_get_description (x), ==, tend_ticket_get_description (y));
      g_assert_cmpint (tend_ticket_get_status (x), ==, tend_ticket_get_status (y));
      g_assert_cmpint (tend_ticket_get_priority (x), ==, tend_ticket_get_priority (y));
      g_assert_cmpint (tend_ticket_get_assignee_id (x), ==, tend_ticket_get_assignee_id (y));
      g_assert_cmpint (tend_ticket_get_requester_id (x), ==, tend_ticket_get_requester_id (y));
      g_assert_cmpint (tend_ticket_get_created_at (x), ==, tend_ticket_get_created_at (y));
      g_assert_cmpint (tend_ticket_get_updated_at (x), ==, tend_ticket_get_updated_at (y));
      g_assert_cmpstr (tend_ticket_get_extra_json (x), ==, tend_ticket_get_extra_json (y));
      g_assert_true (g_strv_equal ((const char * const *) tend_ticket_get_tags (x),
                                   (const char * const *) tend_ticket_get_tags (y)));
    }

  for (guint i = 0; i < a->comments->len; i++)
    {
      TendComment *x = a->comments->pdata[i];
      TendComment *y = b->comments->pdata[i];

      g_assert_cmpint (tend_comment_get_id (x), ==, tend_comment_get_id (y));
      g_assert_cmpint (tend_comment_get_ticket_id (x), ==, tend_comment_get_ticket_id (y));
      g_assert_cmpint (tend_comment_get_author_id (x), ==, tend_comment_get_author_id (y));
      g_assert_cmpint (tend_comment_get_created_at (x), ==, tend_comment_get_created_at (y));
      g_assert_cmpstr (tend_comment_get_body (x), ==, tend_comment_get_body (y));
      g_assert_cmpstr (tend_comment_get_html_body (x), ==, tend_comment_get_html_body (y));
    }

  for (guint i = 0; i < a->users->len; i++)
    {
      g_assert_cmpstr (tend_user_get_name (a->users->pdata[i]), ==, tend_user_get_name (b->users->pdata[i]));
      g_assert_cmpstr (tend_user_get_email (a->users->pdata[i]), ==, tend_user_get_email (b->users->pdata[i]));
    }

  /* Another seed gives another helpdesk (same ticket ids, other texts). */
  g_assert_cmpuint (c->tickets->len, ==, a->tickets->len);
  for (guint i = 0; i < a->tickets->len; i++)
    if (g_strcmp0 (tend_ticket_get_description (a->tickets->pdata[i]),
                   tend_ticket_get_description (c->tickets->pdata[i])) != 0)
      differ++;
  g_assert_cmpuint (differ, >, a->tickets->len / 2);
}

static void
test_counts (void)
{
  g_autoptr(TendChangeset) all = generate_all (1, 500, 100);
  g_autoptr(TendGenerator) gen = tend_generator_new (1, 500, NOW);
  g_autoptr(GHashTable) emails = g_hash_table_new (g_str_hash, g_str_equal);
  guint agents = 0, customers = 0;

  g_assert_cmpuint (tend_generator_get_n_tickets (gen), ==, 500);
  g_assert_cmpuint (all->tickets->len, ==, 500);

  /* Ids start at a fixed base and go up by one. */
  for (guint i = 0; i < all->tickets->len; i++)
    g_assert_cmpint (tend_ticket_get_id (all->tickets->pdata[i]), ==, 1001 + i);

  g_assert_cmpuint (all->organizations->len, ==, 20);
  for (guint i = 0; i < all->organizations->len; i++)
    {
      TendOrganization *org = all->organizations->pdata[i];
      g_assert_nonnull (tend_organization_get_name (org));
      g_assert_nonnull (tend_organization_get_domain_names (org)[0]);
    }

  for (guint i = 0; i < all->users->len; i++)
    {
      TendUser *user = all->users->pdata[i];
      const char *email = tend_user_get_email (user);

      if (tend_user_get_role (user) == TEND_USER_ROLE_END_USER)
        customers++;
      else
        agents++;

      g_assert_nonnull (email);
      g_assert_nonnull (strchr (email, '@'));
      g_assert_false (g_hash_table_contains (emails, email));
      g_hash_table_add (emails, (gpointer) email);
    }
  g_assert_cmpuint (agents, ==, 6);
  g_assert_cmpuint (customers, ==, 166);

  g_assert_cmpuint (all->articles->len, >=, 90);
  g_assert_cmpuint (all->articles->len, <=, 110);
  g_assert_cmpuint (all->macros->len, >=, 8);
  g_assert_cmpuint (all->macros->len, <=, 12);

  /* Scaling: organizations and customers grow with the ticket count. */
  {
    g_autoptr(TendChangeset) big = generate_all (1, 3000, 1000);
    guint orgs = big->organizations->len;
    guint users = big->users->len;

    g_assert_cmpuint (orgs, ==, 30);
    g_assert_cmpuint (users, ==, 6 + 1000);
  }

  /* No tickets: the first call still brings the people and the articles. */
  {
    g_autoptr(TendGenerator) empty = tend_generator_new (3, 0, NOW);
    g_autoptr(TendChangeset) cs = tend_changeset_new ();

    g_assert_true (tend_generator_next (empty, cs, 100));
    g_assert_cmpuint (cs->tickets->len, ==, 0);
    g_assert_cmpuint (cs->users->len, >, 50);
    tend_changeset_clear (cs);
    g_assert_false (tend_generator_next (empty, cs, 100));
  }
}

static void
test_conversations (void)
{
  g_autoptr(TendChangeset) all = generate_all (11, 1500, 250);
  g_autoptr(GHashTable) tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) comment_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) agents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) last_time = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  guint notes = 0, max_per_ticket = 0;
  guint i = 0;

  for (i = 0; i < all->users->len; i++)
    if (tend_user_get_role (all->users->pdata[i]) != TEND_USER_ROLE_END_USER)
      {
        gint64 *id = g_new (gint64, 1);
        *id = tend_user_get_id (all->users->pdata[i]);
        g_hash_table_add (agents, id);
      }

  for (i = 0; i < all->tickets->len; i++)
    {
      TendTicket *ticket = all->tickets->pdata[i];
      gint64 *id = g_new (gint64, 1);

      *id = tend_ticket_get_id (ticket);
      g_hash_table_insert (tickets, id, ticket);

      /* Created within the two years before now, updated after that. */
      g_assert_cmpint (tend_ticket_get_created_at (ticket), >=, NOW - 731 * DAY - 7200);
      g_assert_cmpint (tend_ticket_get_created_at (ticket), <, NOW);
      g_assert_cmpint (tend_ticket_get_updated_at (ticket), >=, tend_ticket_get_created_at (ticket));
      g_assert_cmpint (tend_ticket_get_updated_at (ticket), <=, NOW);
      g_assert_nonnull (tend_ticket_get_subject (ticket));
      g_assert_nonnull (tend_ticket_get_description (ticket));
      if (tend_ticket_get_extra_json (ticket) != NULL)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_assert_true (json_parser_load_from_data (parser, tend_ticket_get_extra_json (ticket), -1, NULL));
          g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
        }
    }

  for (i = 0; i < all->comments->len; i++)
    {
      TendComment *comment = all->comments->pdata[i];
      gint64 ticket_id = tend_comment_get_ticket_id (comment);
      gint64 comment_id = tend_comment_get_id (comment);
      gint64 author = tend_comment_get_author_id (comment);
      TendTicket *ticket = g_hash_table_lookup (tickets, &ticket_id);
      gint64 *last = g_hash_table_lookup (last_time, &ticket_id);
      gboolean is_agent = g_hash_table_contains (agents, &author);

      g_assert_nonnull (ticket);
      g_assert_false (g_hash_table_contains (comment_ids, &comment_id));
      g_hash_table_add (comment_ids, g_memdup2 (&comment_id, sizeof comment_id));
      g_assert_true (g_utf8_validate (tend_comment_get_body (comment), -1, NULL));

      if (last == NULL)
        {
          /* The first message opens the ticket and is its description. */
          g_assert_cmpint (tend_comment_get_created_at (comment), ==, tend_ticket_get_created_at (ticket));
          g_assert_cmpstr (tend_comment_get_body (comment), ==, tend_ticket_get_description (ticket));
          g_assert_cmpint (author, ==, tend_ticket_get_requester_id (ticket));
          g_assert_true (tend_comment_get_public (comment));
          last = g_new0 (gint64, 1);
          g_hash_table_insert (last_time, g_memdup2 (&ticket_id, sizeof ticket_id), last);
          tend_ticket_set_comment_count (ticket, 0);
        }
      else
        g_assert_cmpint (tend_comment_get_created_at (comment), >, *last);
      *last = tend_comment_get_created_at (comment);
      g_assert_cmpint (tend_ticket_get_updated_at (ticket), >=, *last);
      tend_ticket_set_comment_count (ticket, tend_ticket_get_comment_count (ticket) + 1);
      max_per_ticket = MAX (max_per_ticket, tend_ticket_get_comment_count (ticket));

      /* Internal notes come from agents; agents write HTML too. */
      if (!tend_comment_get_public (comment))
        {
          notes++;
          g_assert_true (is_agent);
        }
      if (is_agent)
        {
          g_assert_nonnull (tend_comment_get_html_body (comment));
          g_assert_true (g_str_has_prefix (tend_comment_get_html_body (comment), "<p>"));
        }
      else
        g_assert_cmpint (author, ==, tend_ticket_get_requester_id (ticket));
    }

  /* Every ticket has its conversation. */
  g_assert_cmpuint (g_hash_table_size (last_time), ==, all->tickets->len);
  g_assert_cmpuint (max_per_ticket, <=, 11);
  g_assert_cmpfloat ((double) all->comments->len / all->tickets->len, >, 4.0);
  g_assert_cmpfloat ((double) all->comments->len / all->tickets->len, <, 6.0);
  g_assert_cmpfloat ((double) notes / all->comments->len, >, 0.08);
  g_assert_cmpfloat ((double) notes / all->comments->len, <, 0.22);
}

static void
test_me (void)
{
  g_autoptr(TendChangeset) all = generate_all (5, 800, 1000);
  g_autoptr(TendGenerator) gen = tend_generator_new (5, 800, NOW);
  const char *me = g_hash_table_lookup (all->meta, "me");
  gint64 me_id;
  gboolean found = FALSE;
  guint mine = 0, unassigned = 0, unsolved = 0;

  g_assert_nonnull (me);
  me_id = g_ascii_strtoll (me, NULL, 10);
  g_assert_cmpint (me_id, ==, tend_generator_get_me_id (gen));

  for (guint i = 0; i < all->users->len; i++)
    {
      TendUser *user = all->users->pdata[i];
      if (tend_user_get_id (user) == me_id)
        {
          found = TRUE;
          g_assert_cmpint (tend_user_get_role (user), !=, TEND_USER_ROLE_END_USER);
        }
    }
  g_assert_true (found);

  for (guint i = 0; i < all->tickets->len; i++)
    {
      TendTicket *ticket = all->tickets->pdata[i];

      if (tend_ticket_get_status (ticket) >= TEND_TICKET_STATUS_SOLVED)
        continue;
      unsolved++;
      if (tend_ticket_get_assignee_id (ticket) == me_id)
        mine++;
      else if (tend_ticket_get_assignee_id (ticket) == 0)
        unassigned++;
    }

  /* "Assigned to me" and "Unassigned" both have work in them. */
  g_assert_cmpuint (mine, >, unsolved / 6);
  g_assert_cmpuint (unassigned, >, unsolved / 20);
  g_assert_cmpuint (mine + unassigned, <, unsolved);
}

static void
test_variety (void)
{
  g_autoptr(TendChangeset) all = generate_all (2, 600, 1000);
  gboolean emoji = FALSE, rtl_body = FALSE, rtl_name = FALSE, cjk_name = FALSE, cyrillic_name = FALSE;
  gboolean script_tag = FALSE, span_tag = FALSE, urgent_subject = FALSE, accented = FALSE;
  gboolean custom_fields = FALSE, csat_good = FALSE, csat_bad = FALSE, attachment = FALSE;
  g_autoptr(GHashTable) locales = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const wanted_locales[] = { "en-US", "de", "fr", "ja", "ar", "pt-BR" };

  for (guint i = 0; i < all->comments->len; i++)
    {
      TendComment *comment = all->comments->pdata[i];
      const char *body = tend_comment_get_body (comment);

      emoji |= strstr (body, "🎉") != NULL || strstr (body, "👍") != NULL || strstr (body, "😡") != NULL;
      rtl_body |= has_script (body, G_UNICODE_SCRIPT_ARABIC) || has_script (body, G_UNICODE_SCRIPT_HEBREW);
      script_tag |= strstr (body, "<script>alert(1)</script>") != NULL;
      span_tag |= strstr (body, "<span foreground=\"red\">") != NULL;
      attachment |= tend_comment_get_attachments (comment)->len > 0;

      /* Agent HTML escapes what looks like markup in the text. */
      if (tend_comment_get_html_body (comment) != NULL && strchr (body, '<') != NULL)
        g_assert_null (strstr (tend_comment_get_html_body (comment), "<script>"));
    }

  for (guint i = 0; i < all->tickets->len; i++)
    {
      TendTicket *ticket = all->tickets->pdata[i];

      urgent_subject |= g_str_equal (tend_ticket_get_subject (ticket), "<b>URGENT</b> invoice &amp; refund");
      custom_fields |= tend_ticket_get_extra_json (ticket) != NULL &&
                       strstr (tend_ticket_get_extra_json (ticket), "\"custom_fields\"") != NULL;
      csat_good |= g_strcmp0 (tend_ticket_get_satisfaction (ticket), "good") == 0;
      csat_bad |= g_strcmp0 (tend_ticket_get_satisfaction (ticket), "bad") == 0;
      g_assert_nonnull (tend_ticket_get_tags (ticket)[0]);
    }

  for (guint i = 0; i < all->users->len; i++)
    {
      TendUser *user = all->users->pdata[i];
      const char *name = tend_user_get_name (user);
      const char *zone = tend_user_get_time_zone (user);
      g_autoptr(GTimeZone) tz = NULL;

      rtl_name |= has_script (name, G_UNICODE_SCRIPT_ARABIC) || has_script (name, G_UNICODE_SCRIPT_HEBREW);
      cjk_name |= has_script (name, G_UNICODE_SCRIPT_HAN) || has_script (name, G_UNICODE_SCRIPT_HANGUL);
      cyrillic_name |= has_script (name, G_UNICODE_SCRIPT_CYRILLIC);
      accented |= strstr (name, "é") != NULL || strstr (name, "ü") != NULL || strstr (name, "ã") != NULL;

      /* Real IANA zones, which GLib can load. */
      g_assert_nonnull (zone);
      g_assert_nonnull (strchr (zone, '/'));
      tz = g_time_zone_new_identifier (zone);
      g_assert_nonnull (tz);

      if (tend_user_get_locale (user) != NULL)
        g_hash_table_add (locales, (gpointer) tend_user_get_locale (user));
    }

  g_assert_true (emoji);
  g_assert_true (rtl_body);
  g_assert_true (rtl_name);
  g_assert_true (cjk_name);
  g_assert_true (cyrillic_name);
  g_assert_true (accented);
  g_assert_true (script_tag);
  g_assert_true (span_tag);
  g_assert_true (urgent_subject);
  g_assert_true (custom_fields);
  g_assert_true (csat_good);
  g_assert_true (csat_bad);
  g_assert_true (attachment);
  for (guint i = 0; i < G_N_ELEMENTS (wanted_locales); i++)
    g_assert_true (g_hash_table_contains (locales, wanted_locales[i]));
}

static void
test_statuses (void)
{
  /* Rough shares: new 8 %, open 25 %, pending 12 %, hold 3 %, solved 35 %,
   * closed 17 %. */
  static const double expected[] = { 0.08, 0.25, 0.12, 0.03, 0.35, 0.17 };
  g_autoptr(TendChangeset) all = generate_all (99, 6000, 1000);
  guint counts[TEND_TICKET_STATUS_DELETED + 1] = { 0, };
  guint recent = 0;
  gint64 oldest = NOW;

  for (guint i = 0; i < all->tickets->len; i++)
    {
      TendTicket *ticket = all->tickets->pdata[i];

      counts[tend_ticket_get_status (ticket)]++;
      if (tend_ticket_get_updated_at (ticket) >= NOW - 7 * DAY)
        recent++;
      oldest = MIN (oldest, tend_ticket_get_created_at (ticket));
    }

  for (guint s = 0; s < G_N_ELEMENTS (expected); s++)
    {
      double share = (double) counts[s] / all->tickets->len;

      if (g_test_verbose ())
        g_test_message ("%s: %.3f (expected %.2f)", tend_ticket_status_to_string (s), share, expected[s]);
      g_assert_cmpfloat (share, >, expected[s] - 0.035);
      g_assert_cmpfloat (share, <, expected[s] + 0.035);
    }
  g_assert_cmpuint (counts[TEND_TICKET_STATUS_DELETED], ==, 0);
  if (g_test_verbose ())
    g_test_message ("updated in the last 7 days: %u of %u", recent, all->tickets->len);

  /* "Recently updated" has tickets, but not most of them; the history goes
   * back close to two years. */
  g_assert_cmpuint (recent, >, all->tickets->len / 50);
  g_assert_cmpuint (recent, <, all->tickets->len / 3);
  g_assert_cmpint (oldest, <, NOW - 700 * DAY);
}

static void
test_articles_and_macros (void)
{
  static const char * const fields[] = {
    "comment", "public", "status", "priority", "type", "assignee", "group", "add_tags", "remove_tags",
  };
  g_autoptr(TendChangeset) all = generate_all (4, 10, 10);
  g_autoptr(GRegex) url_re = g_regex_new ("^https://help\\.example\\.com/hc/en-us/articles/[0-9]+-[a-z0-9]+(-[a-z0-9]+)*$",
                                          0, 0, NULL);
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean reset_password = FALSE, close_and_thank = FALSE;

  for (guint i = 0; i < all->articles->len; i++)
    {
      TendArticle *article = all->articles->pdata[i];
      g_autofree char *id_prefix = g_strdup_printf ("/articles/%" G_GINT64_FORMAT "-", tend_article_get_id (article));

      g_assert_true (g_regex_match (url_re, tend_article_get_url (article), 0, NULL));
      g_assert_nonnull (strstr (tend_article_get_url (article), id_prefix));
      g_assert_false (g_hash_table_contains (titles, tend_article_get_title (article)));
      g_hash_table_add (titles, (gpointer) tend_article_get_title (article));
      g_assert_nonnull (strstr (tend_article_get_body (article), "<p>"));
      g_assert_nonnull (strstr (tend_article_get_body (article), "<li>"));
      g_assert_nonnull (tend_article_get_labels (article)[0]);
      reset_password |= g_str_equal (tend_article_get_title (article), "How to reset your password");
    }
  g_assert_true (reset_password);

  for (guint i = 0; i < all->macros->len; i++)
    {
      TendMacro *macro = all->macros->pdata[i];
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *actions;

      close_and_thank |= g_str_equal (tend_macro_get_title (macro), "Close and thank");
      json_parser_load_from_data (parser, tend_macro_get_actions_json (macro), -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
      actions = json_node_get_array (json_parser_get_root (parser));
      g_assert_cmpuint (json_array_get_length (actions), >, 0);

      for (guint a = 0; a < json_array_get_length (actions); a++)
        {
          JsonObject *action = json_array_get_object_element (actions, a);
          const char *field = json_object_get_string_member (action, "field");

          g_assert_true (json_object_has_member (action, "value"));
          g_assert_true (g_strv_contains (fields, field));
          if (g_str_equal (field, "add_tags") || g_str_equal (field, "remove_tags"))
            g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (action, "value")));
          if (g_str_equal (field, "public"))
            g_assert_cmpint (json_node_get_value_type (json_object_get_member (action, "value")), ==, G_TYPE_BOOLEAN);
        }
    }
  g_assert_true (close_and_thank);
}

static void
test_average_comments (void)
{
  g_autoptr(TendGenerator) gen = tend_generator_new (3, 2000, NOW);
  g_autoptr(TendChangeset) cs = tend_changeset_new ();
  guint tickets = 0, comments = 0;

  tend_generator_set_average_comments (gen, 10);
  while (tend_generator_next (gen, cs, 500))
    {
      tickets += cs->tickets->len;
      comments += cs->comments->len;
      tend_changeset_clear (cs);
    }

  g_assert_cmpuint (tickets, ==, 2000);
  g_assert_cmpfloat ((double) comments / tickets, >, 9.0);
  g_assert_cmpfloat ((double) comments / tickets, <, 11.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/generator/determinism", test_determinism);
  g_test_add_func ("/generator/counts", test_counts);
  g_test_add_func ("/generator/conversations", test_conversations);
  g_test_add_func ("/generator/me", test_me);
  g_test_add_func ("/generator/variety", test_variety);
  g_test_add_func ("/generator/statuses", test_statuses);
  g_test_add_func ("/generator/articles-and-macros", test_articles_and_macros);
  g_test_add_func ("/generator/average-comments", test_average_comments);

  return g_test_run ();
}
