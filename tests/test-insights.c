/* test-insights.c: the customer 360, similar tickets, article suggestions,
 * knowledge search as you type, and HTML to text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "tend-engine.h"
#include "tend-customer-profile.h"
#include "tend-html.h"
#include "tend-store-insights.h"
#include "parity-checks.h"

#define HOUR   3600
#define DAY    (24 * HOUR)
/* 2023-11-14 22:13:20 UTC: every hand-made time is placed from here. */
#define T0     G_GINT64_CONSTANT (1700000000)

/* Hand-made ids, far from the generator's. */
#define ME      G_GINT64_CONSTANT (9100001)
#define AGENT2  G_GINT64_CONSTANT (9100002)
#define ANN     G_GINT64_CONSTANT (9100010)
#define BOB     G_GINT64_CONSTANT (9100011)
#define CAROL   G_GINT64_CONSTANT (9100012)
#define DAN     G_GINT64_CONSTANT (9100013)
#define GHOST   G_GINT64_CONSTANT (9100099)  /* tickets, but no user row */
#define ACME    G_GINT64_CONSTANT (9200001)
#define GLOBEX  G_GINT64_CONSTANT (9200002)

static gint64 next_comment_id = G_GINT64_CONSTANT (99000001);

/* Helpers */

typedef struct
{
  char      *dir;
  char      *path;
  TendStore *store;
} Fixture;

static void
remove_tmp_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tend-insights-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "tend.db", NULL);
  fixture->store = tend_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* A worker thread of an async call drops its reference to the store
   * (the task's source) a moment after the callback has run. */
  while (g_atomic_int_get (&G_OBJECT (fixture->store)->ref_count) > 1 &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (fixture->store);
  remove_tmp_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
write_or_die (TendStore     *store,
              TendChangeset *changes)
{
  g_autoptr(GError) error = NULL;

  tend_store_write (store, changes, &error);
  g_assert_no_error (error);
}

static void
generate (TendStore *store,
          guint64    seed,
          guint      n_tickets)
{
  g_autoptr(TendGenerator) generator = tend_generator_new (seed, n_tickets, T0 + 400 * DAY);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();

  while (tend_generator_next (generator, changes, 500))
    {
      write_or_die (store, changes);
      tend_changeset_clear (changes);
    }
}

static void
add_user (TendChangeset *changes,
          gint64         id,
          const char    *name,
          const char    *email,
          TendUserRole   role,
          gint64         org,
          const char    *zone)
{
  g_autoptr(TendUser) user = tend_user_new (id);

  tend_user_set_name (user, name);
  tend_user_set_email (user, email);
  tend_user_set_role (user, role);
  tend_user_set_organization_id (user, org);
  tend_user_set_time_zone (user, zone);
  tend_changeset_add_user (changes, user);
}

static void
add_org (TendChangeset *changes,
         gint64         id,
         const char    *name)
{
  g_autoptr(TendOrganization) org = tend_organization_new (id);

  tend_organization_set_name (org, name);
  tend_changeset_add_organization (changes, org);
}

static TendTicket *
add_ticket (TendChangeset    *changes,
            gint64            id,
            gint64            requester,
            gint64            org,
            TendTicketStatus  status,
            const char       *subject,
            const char       *description,
            gint64            created_at,
            gint64            updated_at)
{
  TendTicket *ticket = tend_ticket_new (id);

  tend_ticket_set_subject (ticket, subject);
  tend_ticket_set_description (ticket, description);
  tend_ticket_set_status (ticket, status);
  tend_ticket_set_requester_id (ticket, requester);
  tend_ticket_set_organization_id (ticket, org);
  tend_ticket_set_assignee_id (ticket, ME);
  tend_ticket_set_created_at (ticket, created_at);
  tend_ticket_set_updated_at (ticket, updated_at);
  tend_changeset_add_ticket (changes, ticket);
  /* The changeset holds a reference; callers may still set fields. */
  g_object_unref (ticket);
  return ticket;
}

static void
add_comment (TendChangeset *changes,
             gint64         ticket_id,
             gint64         author,
             gboolean       is_public,
             gint64         created_at,
             const char    *body)
{
  g_autoptr(TendComment) comment = tend_comment_new (next_comment_id++);

  tend_comment_set_ticket_id (comment, ticket_id);
  tend_comment_set_author_id (comment, author);
  tend_comment_set_public (comment, is_public);
  tend_comment_set_created_at (comment, created_at);
  tend_comment_set_body (comment, body);
  tend_changeset_add_comment (changes, comment);
}

static void
rate (TendTicket *ticket,
      const char *satisfaction,
      const char *comment)
{
  tend_ticket_set_satisfaction (ticket, satisfaction);
  tend_ticket_set_satisfaction_comment (ticket, comment);
}

static GArray *
ids_of_tickets (GListModel *model)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TendTicket) ticket = g_list_model_get_item (model, i);
      gint64 id = tend_ticket_get_id (ticket);

      g_array_append_val (ids, id);
    }
  return ids;
}

static void
assert_ids (GArray       *ids,
            const gint64 *expected,
            guint         n_expected)
{
  g_assert_cmpuint (ids->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

/* HTML to text */

static void
assert_text (const char *html,
             const char *expected)
{
  g_autofree char *text = tend_html_to_text (html);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_html_entities (void)
{
  assert_text ("Caf&eacute; &amp; cr&egrave;me &lt;b&gt; &quot;x&quot; &#233;&#x2014;&#X20AC;",
               "Café & crème <b> \"x\" é—€");
  /* Unknown names and malformed references stay as typed. */
  assert_text ("&bogus; &amp &#; &#xZZ; AT&T", "&bogus; &amp &#; &#xZZ; AT&T");
  /* Windows-1252 numbers, as browsers read them; out of range is U+FFFD. */
  assert_text ("a&#150;b &#8217;s &#1114112;", "a–b ’s \xef\xbf\xbd");
  /* A no-break space does not collapse; soft hyphens vanish. */
  assert_text ("a&nbsp;&nbsp;b co&shy;operate", "a  b cooperate");
}

static void
test_html_blocks (void)
{
  assert_text ("<p>One</p><p>Two<br>Three</p>", "One\n\nTwo\nThree");
  assert_text ("<h2>Steps</h2>\n<p>Do   this\n and    that.</p>", "Steps\n\nDo this and that.");
  assert_text ("<div>a</div><div>b</div>text", "a\nb\ntext");
  assert_text ("line<br/><br/>after a blank", "line\n\nafter a blank");
  assert_text ("<p></p><p>  </p><p>only</p><p></p>", "only");
  assert_text ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc");
  assert_text ("<pre>keep\n  indented</pre>after", "keep\n  indented\n\nafter");
  assert_text ("  Hello \n   world  ", "Hello world");
}

static void
test_html_lists (void)
{
  assert_text ("<p>Fruit:</p><ul><li>Apples</li><li>Pears</li></ul><ol><li>First</li><li>Second</li></ol>done",
               "Fruit:\n\n• Apples\n• Pears\n\n1. First\n2. Second\n\ndone");
  assert_text ("<ul><li>A<ul><li>B</li><li>C</li></ul></li><li>D</li></ul>",
               "• A\n  • B\n  • C\n• D");
  /* Items without their list, and items holding paragraphs. */
  assert_text ("<li>stray</li><li><p>para</p></li>", "• stray\n• para");
}

static void
test_html_dropped (void)
{
  assert_text ("<style>p { color: red }</style><p>Hi</p><script>alert('<p>x</p>')</script>",
               "Hi");
  assert_text ("<SCRIPT type=\"text/javascript\">var a = 1 < 2;</SCRIPT>after", "after");
  assert_text ("<html><head><title>T</title></head><body>Body</body></html>", "Body");
  assert_text ("a<!-- hidden <b>x</b> -->b<!DOCTYPE html>c", "abc");
  assert_text ("a < b and c > d", "a < b and c > d");
  assert_text ("cut <b class=\"x", "cut");
  assert_text ("<img src=\"x.png\" alt=\"Diagram &amp; key\">!", "Diagram & key !");
}

static void
test_html_links (void)
{
  assert_text ("See <a href=\"https://x.org/a?b=1&amp;c=2\">the guide</a>.",
               "See the guide (https://x.org/a?b=1&c=2).");
  assert_text ("<a href='https://x.org/'>https://x.org/</a>", "https://x.org/");
  assert_text ("<a href=\"https://x.org/p\">x.org/p</a>", "x.org/p");
  assert_text ("<a href=\"mailto:help@x.org\">help@x.org</a> or <a href=\"mailto:help@x.org\">write</a>",
               "help@x.org or write (mailto:help@x.org)");
  assert_text ("<a href=\"https://x.org/\"></a>", "https://x.org/");
  /* Scripts and relative links keep their text only. */
  assert_text ("<a href=\"javascript:alert(1)\">click</a> <a href=\"/hc/1\">here</a>", "click here");
  assert_text ("<a href=https://x.org/u>bare</a> <a>anchor</a>", "bare (https://x.org/u) anchor");
  /* A link left open ends with the text. */
  assert_text ("<a href=\"https://x.org/\">open", "open (https://x.org/)");
}

static void
test_html_untrusted (void)
{
  g_autofree char *from_null = tend_html_to_text (NULL);
  g_autofree char *invalid = tend_html_to_text ("ok \xff\xfe bytes");

  g_assert_cmpstr (from_null, ==, "");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_true (g_str_has_prefix (invalid, "ok "));
  g_assert_true (g_str_has_suffix (invalid, " bytes"));
}

/* A generated article: what "Insert text" would put in a reply. */
static void
test_html_article (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GError) error = NULL;

  generate (fixture->store, 5, 10);
  articles = tend_store_list_articles (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (articles->len, >, 50);

  for (guint i = 0; i < articles->len; i++)
    {
      g_autofree char *text = tend_html_to_text (tend_article_get_body (articles->pdata[i]));

      /* No markup left ("<token>" in a code sample is text). */
      g_assert_null (strstr (text, "</"));
      g_assert_null (strstr (text, "<p"));
      g_assert_null (strstr (text, "<li"));
      g_assert_null (strstr (text, "&lt;"));
      g_assert_null (strstr (text, "\n\n\n"));
      g_assert_nonnull (strstr (text, "\n\nSteps\n\n1. "));
      g_assert_nonnull (strstr (text, "Contact us (https://help.example.com/hc/en-us/requests/new)"));
    }
}

/* Customer 360, hand-made */

/* Ann's history, with every figure worked out by hand:
 *
 *   ticket  status   created      last public agent reply   updated     rating
 *   1       solved   T0           T0+2h                     T0+3h       good "Quick!"
 *   2       closed   T0+1d        T0+1d+10h (then the       T0+6d       bad "Slow"
 *                                 customer wrote again)
 *   3       solved   T0+10d       none (updated_at counts)  T0+10d+4h   offered
 *   4       solved   T0+20d       T0+20d+30min              T0+21d      good "Thanks"
 *   5       open     T0+30d                                 T0+31d      (the current ticket)
 *   6       pending  T0+25d                                 T0+32d
 *   7       new      T0-5d                                  T0+33d
 *
 * 7 tickets, 3 open (5, 6, 7), first contact T0-5d; resolution times 2h,
 * 10h, 4h, 30min → sorted 30min, 2h, 4h, 10h → median (lower middle) 2h;
 * CSAT 2 good, 1 bad, the last rating ticket 4's. An internal note at
 * T0+5h on ticket 1 is not a reply. Other tickets, open first then by
 * update: 7, 6, 4, 3, 2, 1. Acme's other open tickets are Bob's 12
 * (updated T0+41d) and 10 (T0+40d): not Ann's 5, 6, 7, not Bob's solved
 * 11, not Globex's 20. */
static void
fill_hand_made (TendStore *store)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  TendTicket *t;

  add_org (changes, ACME, "Acme");
  add_org (changes, GLOBEX, "Globex");
  add_user (changes, ME, "Mia Agent", "mia@help.example", TEND_USER_ROLE_AGENT, 0, "Europe/Paris");
  add_user (changes, AGENT2, "Ola Admin", "ola@help.example", TEND_USER_ROLE_ADMIN, 0, NULL);
  add_user (changes, ANN, "Ann Lee", "ann@acme.example", TEND_USER_ROLE_END_USER, ACME, "Europe/Berlin");
  add_user (changes, BOB, "Bob Stone", "bob@acme.example", TEND_USER_ROLE_END_USER, ACME, "Asia/Kolkata");
  add_user (changes, CAROL, "Carol Pike", "carol@example.org", TEND_USER_ROLE_END_USER, 0, "Mars/Olympus");
  add_user (changes, DAN, "Dan Ray", "dan@globex.example", TEND_USER_ROLE_END_USER, GLOBEX, NULL);

  t = add_ticket (changes, 1, ANN, ACME, TEND_TICKET_STATUS_SOLVED, "Login fails", "I cannot log in", T0, T0 + 3 * HOUR);
  rate (t, "good", "Quick!");
  add_comment (changes, 1, ANN, TRUE, T0, "I cannot log in");
  add_comment (changes, 1, ME, TRUE, T0 + 1 * HOUR, "Which browser?");
  add_comment (changes, 1, AGENT2, TRUE, T0 + 2 * HOUR, "Fixed on our side.");
  add_comment (changes, 1, ME, FALSE, T0 + 5 * HOUR, "Internal: root cause was the cache.");

  t = add_ticket (changes, 2, ANN, ACME, TEND_TICKET_STATUS_CLOSED, "Invoice copy", "Need a copy", T0 + DAY, T0 + 6 * DAY);
  rate (t, "bad", "Slow");
  add_comment (changes, 2, ANN, TRUE, T0 + DAY, "Need a copy");
  add_comment (changes, 2, ME, TRUE, T0 + DAY + HOUR, "Looking into it");
  add_comment (changes, 2, ME, TRUE, T0 + DAY + 10 * HOUR, "Attached.");
  add_comment (changes, 2, ANN, TRUE, T0 + DAY + 12 * HOUR, "Got it, thanks");

  t = add_ticket (changes, 3, ANN, ACME, TEND_TICKET_STATUS_SOLVED, "Spam?", "Was this spam", T0 + 10 * DAY, T0 + 10 * DAY + 4 * HOUR);
  rate (t, "offered", NULL);
  add_comment (changes, 3, ANN, TRUE, T0 + 10 * DAY, "Was this spam");

  t = add_ticket (changes, 4, ANN, ACME, TEND_TICKET_STATUS_SOLVED, "Change plan", "Upgrade me", T0 + 20 * DAY, T0 + 21 * DAY);
  rate (t, "good", "Thanks");
  add_comment (changes, 4, ANN, TRUE, T0 + 20 * DAY, "Upgrade me");
  add_comment (changes, 4, ME, TRUE, T0 + 20 * DAY + 30 * 60, "Done!");

  add_ticket (changes, 5, ANN, ACME, TEND_TICKET_STATUS_OPEN, "Export broken", "CSV export fails", T0 + 30 * DAY, T0 + 31 * DAY);
  add_ticket (changes, 6, ANN, ACME, TEND_TICKET_STATUS_PENDING, "Refund", "Refund please", T0 + 25 * DAY, T0 + 32 * DAY);
  add_ticket (changes, 7, ANN, ACME, TEND_TICKET_STATUS_NEW, "Hello", "First contact", T0 - 5 * DAY, T0 + 33 * DAY);

  add_ticket (changes, 10, BOB, ACME, TEND_TICKET_STATUS_OPEN, "Bob 1", "", T0, T0 + 40 * DAY);
  add_ticket (changes, 11, BOB, ACME, TEND_TICKET_STATUS_SOLVED, "Bob 2", "", T0, T0 + 45 * DAY);
  add_ticket (changes, 12, BOB, ACME, TEND_TICKET_STATUS_HOLD, "Bob 3", "", T0, T0 + 41 * DAY);
  add_ticket (changes, 20, DAN, GLOBEX, TEND_TICKET_STATUS_OPEN, "Dan 1", "", T0, T0 + 50 * DAY);

  /* Someone sync has not brought yet. */
  add_ticket (changes, 30, GHOST, 0, TEND_TICKET_STATUS_SOLVED, "Ghost", "", T0, T0 + HOUR);

  write_or_die (store, changes);
}

static void
assert_ann (TendCustomerProfile *profile)
{
  static const gint64 other[] = { 7, 6, 4, 3, 2, 1 };
  static const gint64 org_open[] = { 12, 10 };
  g_autoptr(GArray) other_ids = ids_of_tickets (tend_customer_profile_get_other_tickets (profile));
  g_autoptr(GArray) org_ids = ids_of_tickets (tend_customer_profile_get_org_open_tickets (profile));
  TendOrganization *org = tend_customer_profile_get_organization (profile);

  g_assert_cmpstr (tend_user_get_name (tend_customer_profile_get_user (profile)), ==, "Ann Lee");
  g_assert_nonnull (org);
  g_assert_cmpstr (tend_organization_get_name (org), ==, "Acme");
  g_assert_cmpint (tend_customer_profile_get_current_ticket_id (profile), ==, 5);

  g_assert_cmpuint (tend_customer_profile_get_n_tickets (profile), ==, 7);
  g_assert_cmpuint (tend_customer_profile_get_n_open (profile), ==, 3);
  g_assert_cmpint (tend_customer_profile_get_first_contact (profile), ==, T0 - 5 * DAY);
  g_assert_cmpuint (tend_customer_profile_get_n_resolved (profile), ==, 4);
  g_assert_cmpint (tend_customer_profile_get_median_resolution (profile), ==, 2 * HOUR);

  g_assert_cmpuint (tend_customer_profile_get_csat_good (profile), ==, 2);
  g_assert_cmpuint (tend_customer_profile_get_csat_bad (profile), ==, 1);
  g_assert_cmpstr (tend_customer_profile_get_last_rating (profile), ==, "good");
  g_assert_cmpstr (tend_customer_profile_get_last_rating_comment (profile), ==, "Thanks");
  g_assert_cmpint (tend_customer_profile_get_last_rating_ticket_id (profile), ==, 4);

  g_assert_cmpuint (tend_customer_profile_get_n_other_tickets (profile), ==, 6);
  assert_ids (other_ids, other, G_N_ELEMENTS (other));
  g_assert_cmpuint (tend_customer_profile_get_n_org_open (profile), ==, 2);
  assert_ids (org_ids, org_open, G_N_ELEMENTS (org_open));
}

static void
test_profile_hand_made (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TendCustomerProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  guint n_tickets = 0;
  g_autofree char *rating = NULL;

  fill_hand_made (fixture->store);

  profile = tend_customer_profile_load (fixture->store, ANN, 5, &error);
  g_assert_no_error (error);
  assert_ann (profile);

  /* The same figures as properties, for bindings. */
  g_object_get (profile, "n-tickets", &n_tickets, "last-rating", &rating, NULL);
  g_assert_cmpuint (n_tickets, ==, 7);
  g_assert_cmpstr (rating, ==, "good");
}

static void
on_profile_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TendCustomerProfile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = tend_customer_profile_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_profile_async (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TendCustomerProfile) profile = NULL;

  fill_hand_made (fixture->store);

  tend_customer_profile_load_async (fixture->store, ANN, 5, NULL, on_profile_loaded, &profile);
  while (profile == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_ann (profile);
}

static void
test_profile_edge_cases (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TendCustomerProfile) carol = NULL;
  g_autoptr(TendCustomerProfile) ghost = NULL;
  g_autoptr(TendCustomerProfile) bob = NULL;
  g_autoptr(TendCustomerProfile) nobody = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 1, 15, 12, 0, 0);
  g_autofree char *carol_time = NULL;

  fill_hand_made (fixture->store);

  /* A customer without tickets or organization. */
  carol = tend_customer_profile_load (fixture->store, CAROL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tend_customer_profile_get_n_tickets (carol), ==, 0);
  g_assert_cmpuint (tend_customer_profile_get_n_open (carol), ==, 0);
  g_assert_cmpint (tend_customer_profile_get_first_contact (carol), ==, 0);
  g_assert_cmpint (tend_customer_profile_get_median_resolution (carol), ==, -1);
  g_assert_null (tend_customer_profile_get_last_rating (carol));
  g_assert_null (tend_customer_profile_get_organization (carol));
  g_assert_cmpuint (g_list_model_get_n_items (tend_customer_profile_get_other_tickets (carol)), ==, 0);
  /* "Mars/Olympus" is no zone: no local time rather than UTC. */
  carol_time = tend_customer_profile_format_local_time (carol, now);
  g_assert_null (carol_time);

  /* A requester whose user row has not arrived: a bare user. */
  ghost = tend_customer_profile_load (fixture->store, GHOST, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_user_get_id (tend_customer_profile_get_user (ghost)), ==, GHOST);
  g_assert_cmpuint (tend_customer_profile_get_n_tickets (ghost), ==, 1);
  g_assert_cmpuint (tend_customer_profile_get_n_other_tickets (ghost), ==, 0);
  g_assert_cmpint (tend_customer_profile_get_median_resolution (ghost), ==, HOUR);

  /* Bob seen from Ann's ticket: all three of his are "other". */
  bob = tend_customer_profile_load (fixture->store, BOB, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tend_customer_profile_get_n_other_tickets (bob), ==, 3);
  g_assert_cmpuint (tend_customer_profile_get_n_org_open (bob), ==, 3);  /* Ann's 5, 6, 7 */
  g_assert_cmpint (tend_customer_profile_get_median_resolution (bob), ==, 45 * DAY);

  nobody = tend_customer_profile_load (fixture->store, 424242, 0, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
  g_assert_null (nobody);
}

static void
test_local_time (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TendCustomerProfile) ann = NULL;
  g_autoptr(TendCustomerProfile) bob = NULL;
  g_autoptr(GError) error = NULL;
  /* A Monday in winter and a Monday in summer. */
  g_autoptr(GDateTime) winter = g_date_time_new_utc (2024, 1, 15, 12, 0, 0);
  g_autoptr(GDateTime) summer = g_date_time_new_utc (2024, 7, 15, 23, 30, 0);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *ann_winter = NULL;
  g_autofree char *ann_summer = NULL;
  g_autofree char *bob_winter = NULL;
  g_autofree char *utc = NULL;
  g_autofree char *newfoundland = NULL;
  g_autofree char *bad = NULL;

  fill_hand_made (fixture->store);
  ann = tend_customer_profile_load (fixture->store, ANN, 0, &error);
  g_assert_no_error (error);
  bob = tend_customer_profile_load (fixture->store, BOB, 0, &error);
  g_assert_no_error (error);

  ann_winter = tend_customer_profile_format_local_time (ann, winter);
  ann_summer = tend_customer_profile_format_local_time (ann, summer);
  bob_winter = tend_customer_profile_format_local_time (bob, winter);
  g_assert_cmpstr (ann_winter, ==, "Mon 13:00 (UTC+1)");
  /* Summer time, and past midnight: the customer's Tuesday. */
  g_assert_cmpstr (ann_summer, ==, "Tue 01:30 (UTC+2)");
  g_assert_cmpstr (bob_winter, ==, "Mon 17:30 (UTC+5:30)");

  local = tend_customer_profile_dup_local_time (ann, winter);
  g_assert_nonnull (local);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 13);
  g_assert_true (g_date_time_equal (local, winter));

  utc = tend_format_local_time ("UTC", winter);
  g_assert_cmpstr (utc, ==, "Mon 12:00 (UTC)");
  newfoundland = tend_format_local_time ("America/St_Johns", winter);
  g_assert_cmpstr (newfoundland, ==, "Mon 08:30 (UTC-3:30)");
  bad = tend_format_local_time ("Eastern Time (US & Canada)", winter);
  g_assert_null (bad);
}

static void
test_format_duration (void)
{
  static const struct {
    gint64      seconds;
    const char *text;
  } cases[] = {
    { -5, "less than a minute" },
    { 59, "less than a minute" },
    { 60, "1 min" },
    { 45 * 60 + 59, "45 min" },
    { 5 * HOUR, "5 h" },
    { 5 * HOUR + 20 * 60 + 7, "5 h 20 min" },
    { DAY, "1 day" },
    { 3 * DAY, "3 days" },
    { 3 * DAY + 4 * HOUR + 59 * 60, "3 days 4 h" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tend_format_duration (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Customer 360 on generated data, against SQL written here */

static gint64
sql_int (sqlite3    *db,
         const char *sql,
         gint64      a,
         gint64      b)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = G_MININT64;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Resolution times by a different road than the engine's: the agents'
 * ids first, then for each solved ticket its comments joined to them. */
#define SQL_DURATIONS \
  "WITH agents AS (SELECT id FROM users WHERE role IN (1, 2)), " \
  "solved AS (SELECT id, created_at, updated_at FROM tickets " \
  "           WHERE requester_id = ?1 AND status IN (4, 5)), " \
  "answered AS (SELECT s.id, max (c.created_at) AS at FROM solved s " \
  "             JOIN comments c ON c.ticket_id = s.id AND c.public " \
  "             JOIN agents a ON a.id = c.author_id GROUP BY s.id) " \
  "SELECT max (0, coalesce (answered.at, solved.updated_at) - solved.created_at) AS d " \
  "FROM solved LEFT JOIN answered ON answered.id = solved.id ORDER BY d"

static void
test_profile_generated (Fixture       *fixture,
                        gconstpointer  data)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *customers = NULL;
  guint n_checked = 0;
  guint n_with_median = 0;
  guint n_with_org = 0;

  generate (fixture->store, 7, 3000);
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  /* The customers with the longest histories, and a few with one ticket. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT requester_id FROM tickets GROUP BY requester_id "
                                       "ORDER BY count(*) DESC, requester_id LIMIT 25", -1,
                                       &customers, NULL), ==, SQLITE_OK);
  while (sqlite3_step (customers) == SQLITE_ROW)
    {
      gint64 user = sqlite3_column_int64 (customers, 0);
      gint64 current = sql_int (db, "SELECT max (id) FROM tickets WHERE requester_id = ?1", user, 0);
      gint64 org = sql_int (db, "SELECT organization_id FROM users WHERE id = ?1", user, 0);
      g_autoptr(TendCustomerProfile) profile = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (gint64));
      ParityProfile expected = { 0 };
      GListModel *others;
      sqlite3_stmt *stmt = NULL;
      gint64 n_tickets;

      /* The figures the RT suite checks too (parity-checks.c). */
      n_tickets = sql_int (db, "SELECT count(*) FROM tickets WHERE requester_id = ?1", user, 0);
      expected.n_tickets = n_tickets;
      expected.n_open = sql_int (db, "SELECT count(*) FROM tickets WHERE requester_id = ?1 "
                                     "AND status IN (0, 1, 2, 3)", user, 0);
      expected.first_contact = sql_int (db, "SELECT created_at FROM tickets WHERE requester_id = ?1 "
                                            "ORDER BY created_at LIMIT 1", user, 0);
      g_assert_cmpint (sqlite3_prepare_v2 (db, SQL_DURATIONS, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, user);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 d = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (durations, d);
        }
      sqlite3_finalize (stmt);
      expected.n_resolved = durations->len;
      expected.median_resolution = -1;
      if (durations->len > 0)
        {
          expected.median_resolution = g_array_index (durations, gint64, (durations->len - 1) / 2);
          n_with_median++;
        }
      /* Other tickets: every one but the current. */
      expected.n_other_tickets = n_tickets - 1;
      if (org > 0)
        {
          expected.n_org_open = sql_int (db, "SELECT count(*) FROM tickets WHERE organization_id = ?1 "
                                             "AND status IN (0, 1, 2, 3) AND requester_id <> ?2", org, user);
          expected.organization_id = org;
          n_with_org++;
        }
      parity_assert_profile (fixture->store, user, current, &expected);

      profile = tend_customer_profile_load (fixture->store, user, current, &error);
      g_assert_no_error (error);
      g_assert_cmpint (tend_customer_profile_get_csat_good (profile), ==,
                       sql_int (db, "SELECT count(*) FROM tickets WHERE requester_id = ?1 "
                                    "AND satisfaction = 'good'", user, 0));
      g_assert_cmpint (tend_customer_profile_get_csat_bad (profile), ==,
                       sql_int (db, "SELECT count(*) FROM tickets WHERE requester_id = ?1 "
                                    "AND satisfaction = 'bad'", user, 0));
      g_assert_cmpint (tend_customer_profile_get_last_rating_ticket_id (profile), ==,
                       MAX (0, sql_int (db, "SELECT id FROM tickets WHERE requester_id = ?1 "
                                            "AND satisfaction IN ('good', 'bad') "
                                            "ORDER BY updated_at DESC, id DESC LIMIT 1", user, 0)));

      /* Other tickets: unsolved first, each group newest update first. */
      others = tend_customer_profile_get_other_tickets (profile);
      for (guint i = 0; i < g_list_model_get_n_items (others); i++)
        {
          g_autoptr(TendTicket) ticket = g_list_model_get_item (others, i);

          g_assert_cmpint (tend_ticket_get_id (ticket), !=, current);
          g_assert_cmpint (tend_ticket_get_requester_id (ticket), ==, user);
          if (i > 0)
            {
              g_autoptr(TendTicket) prev = g_list_model_get_item (others, i - 1);
              gboolean prev_solved = tend_ticket_get_status (prev) >= TEND_TICKET_STATUS_SOLVED;
              gboolean solved = tend_ticket_get_status (ticket) >= TEND_TICKET_STATUS_SOLVED;

              g_assert_true (prev_solved <= solved);
              if (prev_solved == solved)
                g_assert_cmpint (tend_ticket_get_updated_at (prev), >=, tend_ticket_get_updated_at (ticket));
            }
        }

      n_checked++;
    }
  sqlite3_finalize (customers);
  sqlite3_close (db);

  /* The sample must have exercised what it checks. */
  g_assert_cmpuint (n_checked, ==, 25);
  g_assert_cmpuint (n_with_median, >=, 20);
  g_assert_cmpuint (n_with_org, >=, 5);
}

/* Similar tickets and suggested articles */

#define STRAP_SOLVED   G_GINT64_CONSTANT (9000001)
#define BATTERY_SOLVED G_GINT64_CONSTANT (9000002)
#define STRAP_OPEN     G_GINT64_CONSTANT (9000003)
#define STRAP_NEW      G_GINT64_CONSTANT (9000004)
#define THERMO_SOLVED  G_GINT64_CONSTANT (9000005)
#define THERMO_NEW     G_GINT64_CONSTANT (9000006)
#define VAT_NEW        G_GINT64_CONSTANT (9000007)
#define DARK_NEW       G_GINT64_CONSTANT (9000008)
#define GREETING_ONLY  G_GINT64_CONSTANT (9000009)
#define STRAP_ARTICLE  G_GINT64_CONSTANT (9900001)

static const char strap_resolution[] =
  "Hi Ann,\n\nSorry about that! We have sent you a replacement strap: the buckle pin came "
  "from a faulty batch.\n\nBest,\nMia";

/* Known answers planted in a generated helpdesk. */
static void
fill_known_cases (TendStore *store)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendArticle) article = tend_article_new (STRAP_ARTICLE);

  add_org (changes, ACME, "Acme");
  add_user (changes, ME, "Mia Agent", "mia@help.example", TEND_USER_ROLE_AGENT, 0, NULL);
  add_user (changes, ANN, "Ann Lee", "ann@acme.example", TEND_USER_ROLE_END_USER, ACME, NULL);
  add_user (changes, BOB, "Bob Stone", "bob@acme.example", TEND_USER_ROLE_END_USER, ACME, NULL);

  add_ticket (changes, STRAP_SOLVED, BOB, ACME, TEND_TICKET_STATUS_SOLVED,
              "Pulse Band strap broke after two days",
              "Hello, the strap of my Pulse Band broke after two days. The buckle came off.",
              T0, T0 + DAY);
  add_comment (changes, STRAP_SOLVED, BOB, TRUE, T0,
               "Hello, the strap of my Pulse Band broke after two days. The buckle came off.");
  add_comment (changes, STRAP_SOLVED, ME, TRUE, T0 + HOUR, strap_resolution);
  add_comment (changes, STRAP_SOLVED, ME, FALSE, T0 + 2 * HOUR, "Note: batch 7 straps.");

  add_ticket (changes, BATTERY_SOLVED, BOB, ACME, TEND_TICKET_STATUS_CLOSED,
              "Pulse Band battery drains in two days",
              "My Pulse Band battery is empty after two days.", T0, T0 + DAY);
  add_comment (changes, BATTERY_SOLVED, ME, TRUE, T0 + HOUR, "Please update the firmware.");

  /* As like as can be, but not solved: never suggested. */
  add_ticket (changes, STRAP_OPEN, BOB, ACME, TEND_TICKET_STATUS_OPEN,
              "Pulse Band strap broke after two days",
              "The strap broke after two days, the buckle came off.", T0, T0 + DAY);

  add_ticket (changes, STRAP_NEW, ANN, ACME, TEND_TICKET_STATUS_NEW,
              "My Pulse Band strap snapped",
              "Hi there", T0 + 2 * DAY, T0 + 2 * DAY);
  add_comment (changes, STRAP_NEW, ANN, TRUE, T0 + 2 * DAY, "Hi there");
  add_comment (changes, STRAP_NEW, ME, TRUE, T0 + 2 * DAY + HOUR, "Hi Ann, what happened?");
  add_comment (changes, STRAP_NEW, ANN, TRUE, T0 + 2 * DAY + 2 * HOUR,
               "Hi Mia,\n\nthe strap broke after only two days and the buckle fell off. "
               "Can you help?\n\n> Hi Ann, what happened?\n\nThanks, Ann Lee");

  add_ticket (changes, THERMO_SOLVED, BOB, ACME, TEND_TICKET_STATUS_SOLVED,
              "Thermostat display shows E47 after the winter update",
              "Since the winter update my thermostat display shows E47.", T0, T0 + DAY);
  add_comment (changes, THERMO_SOLVED, ME, TRUE, T0 + HOUR,
               "Hold the dial for ten seconds to recalibrate the sensor.");
  add_ticket (changes, THERMO_NEW, ANN, ACME, TEND_TICKET_STATUS_OPEN,
              "E47 error on the thermostat display",
              "Error code E47 keeps showing on the display of my thermostat.", T0 + DAY, T0 + DAY);

  add_ticket (changes, VAT_NEW, ANN, ACME, TEND_TICKET_STATUS_OPEN,
              "Invoice INV-2025-100 has the wrong VAT number",
              "Our VAT number on the invoice is wrong, please correct it.", T0, T0);
  add_ticket (changes, DARK_NEW, ANN, ACME, TEND_TICKET_STATUS_OPEN,
              "Feature request: dark mode", "Please add a dark mode to the app.", T0, T0);
  add_ticket (changes, GREETING_ONLY, ANN, ACME, TEND_TICKET_STATUS_OPEN,
              "Hi", "Hello, thanks!", T0, T0);

  tend_article_set_title (article, "Replacing a broken Pulse Band strap");
  tend_article_set_body (article, "<p>If the strap of your Pulse Band breaks or its buckle "
                                  "comes off, we send a new one.</p>");
  tend_article_set_url (article, "https://help.example.com/hc/en-us/articles/9900001");
  tend_changeset_add_article (changes, article);

  write_or_die (store, changes);
}

static gint64
similar_id (GPtrArray *similar,
            guint      i)
{
  return tend_ticket_get_id (tend_similar_ticket_get_ticket (similar->pdata[i]));
}

static void
test_similar_known (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) strap = NULL;
  g_autoptr(GPtrArray) thermo = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_auto(GStrv) terms = NULL;
  g_autoptr(GError) error = NULL;
  TendComment *resolution;

  generate (fixture->store, 3, 2000);
  fill_known_cases (fixture->store);

  strap = tend_store_similar_tickets (fixture->store, STRAP_NEW, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strap->len, ==, 5);
  g_assert_cmpint (similar_id (strap, 0), ==, STRAP_SOLVED);
  for (guint i = 0; i < strap->len; i++)
    {
      TendTicket *ticket = tend_similar_ticket_get_ticket (strap->pdata[i]);

      g_assert_cmpint (tend_ticket_get_id (ticket), !=, STRAP_NEW);
      g_assert_cmpint (tend_ticket_get_id (ticket), !=, STRAP_OPEN);
      g_assert_cmpint (tend_ticket_get_status (ticket), >=, TEND_TICKET_STATUS_SOLVED);
      if (i > 0)
        g_assert_cmpfloat (tend_similar_ticket_get_score (strap->pdata[i - 1]), >=,
                           tend_similar_ticket_get_score (strap->pdata[i]));
    }

  /* How it was resolved: the last public agent reply, not the note. */
  resolution = tend_similar_ticket_get_resolution (strap->pdata[0]);
  g_assert_nonnull (resolution);
  g_assert_cmpstr (tend_comment_get_body (resolution), ==, strap_resolution);
  g_assert_cmpstr (tend_comment_get_author_name (resolution), ==, "Mia Agent");
  g_assert_cmpint (tend_comment_get_author_role (resolution), ==, TEND_USER_ROLE_AGENT);

  /* The words it searched for: the distinctive ones, not the greetings,
   * the quoted agent question, or the customer's and agent's names. */
  terms = tend_store_dup_similar_terms (fixture->store, STRAP_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) terms, "strap"));
  g_assert_true (g_strv_contains ((const char * const *) terms, "buckle"));
  g_assert_false (g_strv_contains ((const char * const *) terms, "the"));
  g_assert_false (g_strv_contains ((const char * const *) terms, "thanks"));
  g_assert_false (g_strv_contains ((const char * const *) terms, "ann"));
  g_assert_false (g_strv_contains ((const char * const *) terms, "mia"));
  g_assert_false (g_strv_contains ((const char * const *) terms, "happened"));

  thermo = tend_store_similar_tickets (fixture->store, THERMO_NEW, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thermo->len, >=, 1);
  g_assert_cmpuint (thermo->len, <=, 5);
  g_assert_cmpint (similar_id (thermo, 0), ==, THERMO_SOLVED);

  /* Nothing to go on: nothing similar, and no error. */
  nothing = tend_store_similar_tickets (fixture->store, GREETING_ONLY, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nothing->len, ==, 0);

  missing = tend_store_similar_tickets (fixture->store, 424242, 5, &error);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

static void
on_similar_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = tend_store_similar_tickets_finish (TEND_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
on_articles_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = tend_store_suggest_articles_finish (TEND_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_similar_async (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) similar = NULL;
  g_autoptr(GPtrArray) articles = NULL;

  generate (fixture->store, 3, 300);
  fill_known_cases (fixture->store);

  tend_store_similar_tickets_async (fixture->store, STRAP_NEW, 3, NULL, on_similar_done, &similar);
  tend_store_suggest_articles_async (fixture->store, STRAP_NEW, 3, NULL, on_articles_done, &articles);
  while (similar == NULL || articles == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (similar->len, >=, 1);
  g_assert_cmpuint (similar->len, <=, 3);
  g_assert_cmpint (similar_id (similar, 0), ==, STRAP_SOLVED);
  g_assert_cmpuint (articles->len, >=, 1);
  g_assert_cmpint (tend_article_get_id (articles->pdata[0]), ==, STRAP_ARTICLE);
}

/* On generated tickets the right answer is known too: tickets of the same
 * topic (their first tag) are the similar ones. */
static void
test_similar_generated (Fixture       *fixture,
                        gconstpointer  data)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  guint same_topic = 0;

  generate (fixture->store, 11, 3000);
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT id FROM tickets WHERE status < 4 "
                                       "ORDER BY (id * 7919) % 10007 LIMIT 60", -1, &stmt, NULL),
                   ==, SQLITE_OK);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autoptr(TendTicket) ticket = tend_store_get_ticket (fixture->store, id, NULL);
      g_autoptr(GPtrArray) similar = NULL;
      g_autoptr(GError) error = NULL;

      similar = tend_store_similar_tickets (fixture->store, id, 5, &error);
      g_assert_no_error (error);
      n++;
      if (similar->len > 0 &&
          g_strcmp0 (tend_ticket_get_tags (ticket)[0],
                     tend_ticket_get_tags (tend_similar_ticket_get_ticket (similar->pdata[0]))[0]) == 0)
        same_topic++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_test_message ("same topic first: %u of %u", same_topic, n);
  g_assert_cmpuint (n, ==, 60);
  g_assert_cmpuint (same_topic * 100, >=, 85 * n);
}

static void
test_articles_suggest (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) strap = NULL;
  g_autoptr(GPtrArray) vat = NULL;
  g_autoptr(GPtrArray) dark = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GError) error = NULL;

  generate (fixture->store, 3, 200);
  fill_known_cases (fixture->store);

  strap = tend_store_suggest_articles (fixture->store, STRAP_NEW, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strap->len, >=, 2);
  g_assert_cmpuint (strap->len, <=, 5);
  g_assert_cmpint (tend_article_get_id (strap->pdata[0]), ==, STRAP_ARTICLE);

  /* "invoice" in the ticket finds "invoices" in the title. */
  vat = tend_store_suggest_articles (fixture->store, VAT_NEW, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vat->len, >=, 1);
  g_assert_cmpstr (tend_article_get_title (vat->pdata[0]), ==, "Adding a VAT number to your invoices");

  dark = tend_store_suggest_articles (fixture->store, DARK_NEW, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dark->len, >=, 1);
  g_assert_cmpstr (tend_article_get_title (dark->pdata[0]), ==, "Enabling dark mode");

  nothing = tend_store_suggest_articles (fixture->store, GREETING_ONLY, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nothing->len, ==, 0);
}

static void
test_articles_as_you_type (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct {
    const char *typed;
    const char *query;
  } queries[] = {
    { "pass", "pass*" },
    { "reset pass", "reset pass*" },
    { "reset pass ", "reset pass " },
    { "pass*", "pass*" },
    { "\"reset pa", "\"reset pa" },
    { "\"reset\" pa", "\"reset\" pa*" },
    { "status:ope", "status:ope" },
    { "refund -", "refund -" },
    { "", "" },
  };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) typed = NULL;
  g_autoptr(GPtrArray) word = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *query = tend_store_dup_as_you_type_query (queries[i].typed);

      g_assert_cmpstr (query, ==, queries[i].query);
    }

  generate (fixture->store, 3, 10);

  /* Half a word already finds the article. */
  typed = tend_store_search_articles_as_you_type (fixture->store, "reset passw", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (typed->len, >=, 1);
  g_assert_cmpstr (tend_article_get_title (typed->pdata[0]), ==, "How to reset your password");

  /* Once a space follows, the word is whole: "pass" alone is no word. */
  word = tend_store_search_articles_as_you_type (fixture->store, "pass ", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (word->len, ==, 0);

  all = tend_store_search_articles_as_you_type (fixture->store, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 50);
  /* Title order as SQLite's NOCASE sorts: ASCII letters folded. */
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (g_ascii_strcasecmp (tend_article_get_title (all->pdata[i - 1]),
                                         tend_article_get_title (all->pdata[i])), <=, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/insights/html/entities", test_html_entities);
  g_test_add_func ("/insights/html/blocks", test_html_blocks);
  g_test_add_func ("/insights/html/lists", test_html_lists);
  g_test_add_func ("/insights/html/dropped", test_html_dropped);
  g_test_add_func ("/insights/html/links", test_html_links);
  g_test_add_func ("/insights/html/untrusted", test_html_untrusted);
  g_test_add ("/insights/html/article", Fixture, NULL, fixture_set_up, test_html_article, fixture_tear_down);

  g_test_add ("/insights/profile/hand-made", Fixture, NULL, fixture_set_up, test_profile_hand_made, fixture_tear_down);
  g_test_add ("/insights/profile/async", Fixture, NULL, fixture_set_up, test_profile_async, fixture_tear_down);
  g_test_add ("/insights/profile/edge-cases", Fixture, NULL, fixture_set_up, test_profile_edge_cases, fixture_tear_down);
  g_test_add ("/insights/profile/local-time", Fixture, NULL, fixture_set_up, test_local_time, fixture_tear_down);
  g_test_add_func ("/insights/profile/duration", test_format_duration);
  g_test_add ("/insights/profile/generated", Fixture, NULL, fixture_set_up, test_profile_generated, fixture_tear_down);

  g_test_add ("/insights/similar/known", Fixture, NULL, fixture_set_up, test_similar_known, fixture_tear_down);
  g_test_add ("/insights/similar/async", Fixture, NULL, fixture_set_up, test_similar_async, fixture_tear_down);
  g_test_add ("/insights/similar/generated", Fixture, NULL, fixture_set_up, test_similar_generated, fixture_tear_down);

  g_test_add ("/insights/articles/suggest", Fixture, NULL, fixture_set_up, test_articles_suggest, fixture_tear_down);
  g_test_add ("/insights/articles/as-you-type", Fixture, NULL, fixture_set_up, test_articles_as_you_type, fixture_tear_down);

  return g_test_run ();
}
