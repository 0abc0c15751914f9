/* test-sync.c: TendSync and the Zendesk backend against tend-demo-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts the demo helpdesk program (its path in TEND_DEMO_SERVER)
 * on a free port of 127.0.0.1 and syncs it into a fresh store. What the
 * server holds is rebuilt independently from TendGenerator with the same
 * seed, ticket count and anchor, and compared field by field.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <libsoup/soup.h>

#include "tend-engine.h"
#include "tend-http.h"
#include "tend-sync.h"
#include "tend-zendesk-backend.h"
#include "test-demo-child.h"

#define SEED        42
#define N_TICKETS   300

/* A fixed anchor an hour ago: recent enough that some tickets fall in the
 * agents' "eager" window, and the same for server and reference. */
static gint64 anchor;
static char *tmp_dir;

/* The demo helpdesk, as a child process (test-demo-child.c) */

static TestDemo *
demo_start (guint        n_tickets,
            const char  *role,
            const char  *faults)
{
  return test_demo_start (NULL, n_tickets, SEED, anchor, role, faults);
}

/* Stores */

static TendStore *
new_store (const char *name)
{
  static guint counter;
  g_autofree char *file = g_strdup_printf ("%s-%u.db", name, counter++);
  g_autofree char *path = g_build_filename (tmp_dir, file, NULL);
  g_autoptr(GError) error = NULL;
  TendStore *store;

  store = tend_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

/* What the server holds, rebuilt from the generator the way the demo
 * helpdesk loads it: deleted tickets become deletions, "me" gets the
 * server's role. */
static TendStore *
build_reference (guint        n_tickets,
                 TendUserRole role)
{
  g_autoptr(TendGenerator) generator = tend_generator_new (SEED, n_tickets, anchor);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;
  TendStore *store = new_store ("reference");
  gboolean first = TRUE;

  while (tend_generator_next (generator, changes, 500))
    {
      guint i = 0;

      if (first)
        {
          gint64 me = tend_generator_get_me_id (generator);

          for (guint j = 0; j < changes->users->len; j++)
            if (tend_user_get_id (g_ptr_array_index (changes->users, j)) == me)
              tend_user_set_role (g_ptr_array_index (changes->users, j), role);
          first = FALSE;
        }

      while (i < changes->tickets->len)
        {
          TendTicket *ticket = g_ptr_array_index (changes->tickets, i);

          if (tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED)
            {
              tend_changeset_delete_ticket (changes, tend_ticket_get_id (ticket));
              g_ptr_array_remove_index (changes->tickets, i);
              continue;
            }
          i++;
        }

      tend_store_write (store, changes, &error);
      g_assert_no_error (error);
      tend_changeset_clear (changes);
    }

  return store;
}

static GPtrArray *
all_tickets (TendStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = tend_store_count_tickets (store, TEND_VIEW_ALL, NULL, &error);
  GPtrArray *tickets;

  g_assert_no_error (error);
  tickets = tend_store_list_tickets (store, TEND_VIEW_ALL, NULL, 0, n + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, n);
  return tickets;
}

static void
assert_users_equal (TendStore *expected_store,
                    TendStore *actual_store,
                    gint64     id)
{
  g_autoptr(TendUser) expected = tend_store_get_user (expected_store, id, NULL);
  g_autoptr(TendUser) actual = tend_store_get_user (actual_store, id, NULL);

  if (expected == NULL)
    return;
  g_assert_nonnull (actual);
  g_assert_cmpstr (tend_user_get_name (actual), ==, tend_user_get_name (expected));
  g_assert_cmpstr (tend_user_get_email (actual), ==, tend_user_get_email (expected));
  g_assert_cmpstr (tend_user_get_phone (actual), ==, tend_user_get_phone (expected));
  g_assert_cmpint (tend_user_get_role (actual), ==, tend_user_get_role (expected));
  g_assert_cmpint (tend_user_get_organization_id (actual), ==, tend_user_get_organization_id (expected));
  g_assert_cmpstr (tend_user_get_time_zone (actual), ==, tend_user_get_time_zone (expected));
  g_assert_cmpstr (tend_user_get_locale (actual), ==, tend_user_get_locale (expected));
  g_assert_true (g_strv_equal (tend_user_get_tags (actual), tend_user_get_tags (expected)));
  g_assert_cmpstr (tend_user_get_notes (actual), ==, tend_user_get_notes (expected));
  g_assert_cmpstr (tend_user_get_details (actual), ==, tend_user_get_details (expected));
  g_assert_cmpint (tend_user_get_created_at (actual), ==, tend_user_get_created_at (expected));
  g_assert_cmpint (tend_user_get_updated_at (actual), ==, tend_user_get_updated_at (expected));
}

static void
assert_organizations_equal (TendStore *expected_store,
                            TendStore *actual_store,
                            gint64     id)
{
  g_autoptr(TendOrganization) expected = NULL;
  g_autoptr(TendOrganization) actual = NULL;

  if (id == 0)
    return;
  expected = tend_store_get_organization (expected_store, id, NULL);
  actual = tend_store_get_organization (actual_store, id, NULL);
  if (expected == NULL)
    return;
  g_assert_nonnull (actual);
  g_assert_cmpstr (tend_organization_get_name (actual), ==, tend_organization_get_name (expected));
  g_assert_true (g_strv_equal (tend_organization_get_domain_names (actual),
                               tend_organization_get_domain_names (expected)));
  g_assert_true (g_strv_equal (tend_organization_get_tags (actual),
                               tend_organization_get_tags (expected)));
  g_assert_cmpstr (tend_organization_get_details (actual), ==, tend_organization_get_details (expected));
  g_assert_cmpstr (tend_organization_get_notes (actual), ==, tend_organization_get_notes (expected));
}

typedef struct
{
  guint with_emoji;
  guint with_rtl;
  guint with_markup;
  guint comments;
  guint attachments;
} Coverage;

static gboolean
has_rtl (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFEFF))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_emoji (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x1F000 || (c >= 0x2600 && c <= 0x27BF))
        return TRUE;
    }
  return FALSE;
}

static void
note_text (Coverage   *coverage,
           const char *text)
{
  if (text == NULL)
    return;
  coverage->with_emoji += has_emoji (text);
  coverage->with_rtl += has_rtl (text);
  coverage->with_markup += strchr (text, '<') != NULL;
}

/* The demo helpdesk serves attachments itself: their addresses are on
 * the server (by id), the file name the generator's. */
static void
assert_content_url (TendAttachment *actual,
                    TendAttachment *expected)
{
  const char *url = tend_attachment_get_content_url (actual);
  const char *expected_url = tend_attachment_get_content_url (expected);
  g_autofree char *path = g_strdup_printf ("/attachments/token/%" G_GINT64_FORMAT "/?",
                                           tend_attachment_get_id (expected));

  g_assert_nonnull (url);
  g_assert_nonnull (expected_url);
  g_assert_nonnull (strstr (url, path));
  g_assert_nonnull (strchr (expected_url, '?'));
  g_assert_cmpstr (strchr (url, '?'), ==, strchr (expected_url, '?'));
}

/* Every ticket of @expected is in @actual with the same fields and the
 * same conversation, and nothing else is; the people and organizations
 * they refer to are there too. */
static void
assert_stores_equal (TendStore *expected,
                     TendStore *actual)
{
  g_autoptr(GPtrArray) tickets = all_tickets (expected);
  g_autoptr(GError) error = NULL;
  TendStoreStats expected_stats;
  TendStoreStats actual_stats;
  Coverage coverage = { 0 };

  tend_store_get_stats (expected, &expected_stats, &error);
  g_assert_no_error (error);
  tend_store_get_stats (actual, &actual_stats, &error);
  g_assert_no_error (error);

  g_assert_cmpint (actual_stats.tickets, ==, expected_stats.tickets);
  g_assert_cmpint (actual_stats.comments, ==, expected_stats.comments);
  g_assert_cmpint (actual_stats.articles, ==, expected_stats.articles);
  g_assert_cmpint (actual_stats.macros, ==, expected_stats.macros);
  g_assert_cmpint (actual_stats.users, >, 0);
  g_assert_cmpint (actual_stats.users, <=, expected_stats.users);
  g_assert_cmpint (actual_stats.organizations, <=, expected_stats.organizations);

  for (guint i = 0; i < tickets->len; i++)
    {
      TendTicket *e = g_ptr_array_index (tickets, i);
      gint64 id = tend_ticket_get_id (e);
      g_autoptr(TendTicket) a = tend_store_get_ticket (actual, id, &error);
      g_autoptr(GPtrArray) e_comments = NULL;
      g_autoptr(GPtrArray) a_comments = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (a);
      g_assert_cmpstr (tend_ticket_get_subject (a), ==, tend_ticket_get_subject (e));
      g_assert_cmpstr (tend_ticket_get_description (a), ==, tend_ticket_get_description (e));
      g_assert_cmpint (tend_ticket_get_status (a), ==, tend_ticket_get_status (e));
      g_assert_cmpint (tend_ticket_get_priority (a), ==, tend_ticket_get_priority (e));
      g_assert_cmpstr (tend_ticket_get_ticket_type (a), ==, tend_ticket_get_ticket_type (e));
      g_assert_cmpint (tend_ticket_get_requester_id (a), ==, tend_ticket_get_requester_id (e));
      g_assert_cmpint (tend_ticket_get_submitter_id (a), ==, tend_ticket_get_submitter_id (e));
      g_assert_cmpint (tend_ticket_get_assignee_id (a), ==, tend_ticket_get_assignee_id (e));
      g_assert_cmpint (tend_ticket_get_group_id (a), ==, tend_ticket_get_group_id (e));
      g_assert_cmpint (tend_ticket_get_organization_id (a), ==, tend_ticket_get_organization_id (e));
      g_assert_true (g_strv_equal (tend_ticket_get_tags (a), tend_ticket_get_tags (e)));
      g_assert_cmpint (tend_ticket_get_created_at (a), ==, tend_ticket_get_created_at (e));
      g_assert_cmpint (tend_ticket_get_updated_at (a), ==, tend_ticket_get_updated_at (e));
      g_assert_cmpstr (tend_ticket_get_satisfaction (a), ==, tend_ticket_get_satisfaction (e));
      g_assert_cmpstr (tend_ticket_get_satisfaction_comment (a), ==,
                       tend_ticket_get_satisfaction_comment (e));
      g_assert_cmpstr (tend_ticket_get_extra_json (a), ==, tend_ticket_get_extra_json (e));
      /* Derived from the conversation by the store: equal conversations. */
      g_assert_cmpuint (tend_ticket_get_comment_count (a), ==, tend_ticket_get_comment_count (e));
      g_assert_cmpstr (tend_ticket_get_last_message (a), ==, tend_ticket_get_last_message (e));
      g_assert_cmpint (tend_ticket_get_waiting_since (a), ==, tend_ticket_get_waiting_since (e));
      g_assert_cmpstr (tend_ticket_get_requester_name (a), ==, tend_ticket_get_requester_name (e));
      note_text (&coverage, tend_ticket_get_subject (e));
      note_text (&coverage, tend_ticket_get_description (e));

      e_comments = tend_store_list_comments (expected, id, &error);
      g_assert_no_error (error);
      a_comments = tend_store_list_comments (actual, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (a_comments->len, ==, e_comments->len);
      for (guint j = 0; j < e_comments->len; j++)
        {
          TendComment *ec = g_ptr_array_index (e_comments, j);
          TendComment *ac = g_ptr_array_index (a_comments, j);
          GPtrArray *ea = tend_comment_get_attachments (ec);
          GPtrArray *aa = tend_comment_get_attachments (ac);

          g_assert_cmpint (tend_comment_get_id (ac), ==, tend_comment_get_id (ec));
          g_assert_cmpint (tend_comment_get_ticket_id (ac), ==, id);
          g_assert_cmpint (tend_comment_get_author_id (ac), ==, tend_comment_get_author_id (ec));
          g_assert_cmpstr (tend_comment_get_body (ac), ==, tend_comment_get_body (ec));
          g_assert_cmpstr (tend_comment_get_html_body (ac), ==, tend_comment_get_html_body (ec));
          g_assert_cmpint (tend_comment_get_public (ac), ==, tend_comment_get_public (ec));
          g_assert_cmpint (tend_comment_get_created_at (ac), ==, tend_comment_get_created_at (ec));
          g_assert_cmpint (tend_comment_get_author_role (ac), ==, tend_comment_get_author_role (ec));
          g_assert_cmpstr (tend_comment_get_extra_json (ac), ==, tend_comment_get_extra_json (ec));
          g_assert_cmpuint (aa->len, ==, ea->len);
          for (guint k = 0; k < ea->len; k++)
            {
              TendAttachment *x = g_ptr_array_index (ea, k);
              TendAttachment *y = g_ptr_array_index (aa, k);

              g_assert_cmpint (tend_attachment_get_id (y), ==, tend_attachment_get_id (x));
              g_assert_cmpstr (tend_attachment_get_file_name (y), ==, tend_attachment_get_file_name (x));
              g_assert_cmpstr (tend_attachment_get_content_type (y), ==,
                               tend_attachment_get_content_type (x));
              g_assert_cmpint (tend_attachment_get_size (y), ==, tend_attachment_get_size (x));
              assert_content_url (y, x);
            }
          coverage.attachments += ea->len;
          coverage.comments++;
          note_text (&coverage, tend_comment_get_body (ec));

          assert_users_equal (expected, actual, tend_comment_get_author_id (ec));
        }

      assert_users_equal (expected, actual, tend_ticket_get_requester_id (e));
      assert_users_equal (expected, actual, tend_ticket_get_submitter_id (e));
      assert_users_equal (expected, actual, tend_ticket_get_assignee_id (e));
      assert_organizations_equal (expected, actual, tend_ticket_get_organization_id (e));
    }

  /* The comparison above only means something if the data has the hard
   * cases in it. */
  g_test_message ("compared %u tickets, %u comments, %u attachments; "
                  "%u texts with emoji, %u right-to-left, %u with markup",
                  tickets->len, coverage.comments, coverage.attachments,
                  coverage.with_emoji, coverage.with_rtl, coverage.with_markup);
  g_assert_cmpuint (tickets->len, >, 0);
  g_assert_cmpuint (coverage.comments, >, tickets->len);
  g_assert_cmpuint (coverage.with_emoji, >, 0);
  g_assert_cmpuint (coverage.with_rtl, >, 0);
  g_assert_cmpuint (coverage.with_markup, >, 0);

  /* Knowledge base and macros, field by field. */
  {
    g_autoptr(GPtrArray) e_articles = tend_store_list_articles (expected, &error);
    g_autoptr(GPtrArray) a_articles = tend_store_list_articles (actual, &error);
    g_autoptr(GPtrArray) e_macros = tend_store_list_macros (expected, &error);
    g_autoptr(GPtrArray) a_macros = tend_store_list_macros (actual, &error);

    g_assert_nonnull (e_articles);
    g_assert_nonnull (a_articles);
    g_assert_cmpuint (a_articles->len, ==, e_articles->len);
    g_assert_cmpuint (e_articles->len, >, 0);
    for (guint i = 0; i < e_articles->len; i++)
      {
        TendArticle *x = g_ptr_array_index (e_articles, i);
        TendArticle *y = g_ptr_array_index (a_articles, i);

        g_assert_cmpint (tend_article_get_id (y), ==, tend_article_get_id (x));
        g_assert_cmpstr (tend_article_get_title (y), ==, tend_article_get_title (x));
        g_assert_cmpstr (tend_article_get_body (y), ==, tend_article_get_body (x));
        g_assert_cmpstr (tend_article_get_url (y), ==, tend_article_get_url (x));
        g_assert_true (g_strv_equal (tend_article_get_labels (y), tend_article_get_labels (x)));
        g_assert_cmpint (tend_article_get_updated_at (y), ==, tend_article_get_updated_at (x));
      }

    g_assert_nonnull (e_macros);
    g_assert_nonnull (a_macros);
    g_assert_cmpuint (a_macros->len, ==, e_macros->len);
    for (guint i = 0; i < e_macros->len; i++)
      {
        TendMacro *x = g_ptr_array_index (e_macros, i);
        TendMacro *y = g_ptr_array_index (a_macros, i);

        g_assert_cmpint (tend_macro_get_id (y), ==, tend_macro_get_id (x));
        g_assert_cmpstr (tend_macro_get_title (y), ==, tend_macro_get_title (x));
        g_assert_cmpint (tend_macro_get_active (y), ==, tend_macro_get_active (x));
        g_assert_cmpint (tend_macro_get_position (y), ==, tend_macro_get_position (x));
        g_assert_cmpstr (tend_macro_get_actions_json (y), ==, tend_macro_get_actions_json (x));
      }
  }
}

/* Running a sync from a test */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Wait;

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = tend_sync_run_finish (TEND_SYNC (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
run_sync (TendSync      *sync,
          GCancellable  *cancellable,
          GError       **error)
{
  Wait wait = { 0 };

  tend_sync_run_async (sync, cancellable, run_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  g_assert_false (tend_sync_get_running (sync));
  return wait.ok;
}

static TendSync *
new_sync (TendStore          *store,
          TendZendeskBackend *backend)
{
  TendSync *sync = tend_sync_new (store, TEND_BACKEND (backend));

  /* The tests compare whole stores: fetch every conversation. */
  tend_sync_set_backlog_limit (sync, 0);
  return sync;
}

typedef struct
{
  guint      n_signals;
  guint      last_pages;
  GPtrArray *phases;
  GThread   *thread;
} Observer;

static void
progress_cb (TendSync      *sync,
             TendSyncPhase  phase,
             guint64        items,
             guint          pages,
             Observer      *observer)
{
  /* Signals arrive on the creator's thread, never the worker's. */
  g_assert_true (g_thread_self () == observer->thread);
  observer->n_signals++;
  g_assert_cmpuint (pages, >=, observer->last_pages);
  observer->last_pages = pages;
  if (observer->phases->len == 0 ||
      GPOINTER_TO_UINT (g_ptr_array_index (observer->phases, observer->phases->len - 1)) != phase)
    g_ptr_array_add (observer->phases, GUINT_TO_POINTER (phase));
}

/* Tests */

static void
test_full_sync_admin (void)
{
  g_autoptr(TestDemo) demo = demo_start (N_TICKETS, "admin", NULL);
  g_autoptr(TendStore) reference = build_reference (N_TICKETS, TEND_USER_ROLE_ADMIN);
  g_autoptr(TendStore) store = new_store ("admin");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) phases = g_ptr_array_new ();
  g_autofree char *views = NULL;
  Observer observer = { 0, 0, phases, g_thread_self () };
  TendStoreStats stats;

  g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), &observer);

  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tend_zendesk_backend_get_is_admin_path (backend));

  g_assert_cmpint (tend_sync_get_phase (sync), ==, TEND_SYNC_PHASE_DONE);
  g_assert_null (tend_sync_get_last_error (sync));
  g_assert_true (tend_sync_get_online (sync));
  g_assert_cmpuint (observer.n_signals, >, 3);
  g_assert_cmpuint (tend_sync_get_pages (sync), >, 1);
  /* Every phase reported, in order, however fast the worker went. */
  {
    const TendSyncPhase expected[] = {
      TEND_SYNC_PHASE_CONNECTING, TEND_SYNC_PHASE_OUTBOX, TEND_SYNC_PHASE_TICKETS,
      TEND_SYNC_PHASE_COMMENTS, TEND_SYNC_PHASE_USERS, TEND_SYNC_PHASE_ARTICLES,
      TEND_SYNC_PHASE_MACROS, TEND_SYNC_PHASE_DONE,
    };

    g_assert_cmpuint (phases->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (tend_sync_phase_to_string (GPOINTER_TO_UINT (g_ptr_array_index (phases, i))),
                       ==, tend_sync_phase_to_string (expected[i]));
  }

  tend_store_get_stats (store, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats.tickets, ==, test_demo_stat (demo, "tickets"));
  g_assert_cmpuint (tend_sync_get_n_comments (sync), >=, (guint64) stats.comments);
  g_assert_cmpint (tend_store_get_me (store), >, 0);

  assert_stores_equal (reference, store);

  /* Views have no table yet: kept as meta. */
  views = tend_store_dup_meta (store, "views");
  g_assert_nonnull (views);
  g_assert_true (g_str_has_prefix (views, "["));
}

/* Agents cannot use the incremental exports: the search export and
 * comments ticket by ticket must give the same store. */
static void
test_full_sync_agent (void)
{
  g_autoptr(TestDemo) demo = demo_start (N_TICKETS, "agent", NULL);
  g_autoptr(TendStore) reference = build_reference (N_TICKETS, TEND_USER_ROLE_AGENT);
  g_autoptr(TendStore) store = new_store ("agent");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(GError) error = NULL;
  gint64 requests;

  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (tend_zendesk_backend_get_is_admin_path (backend));
  assert_stores_equal (reference, store);

  /* A second run with nothing changed fetches no ticket again: the
   * overlap window's tickets are recognised by id and updated_at. */
  requests = test_demo_stat (demo, "requests");
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tend_sync_get_n_tickets (sync), ==, 0);
  g_assert_cmpuint (tend_sync_get_n_comments (sync), ==, 0);
  g_test_message ("idle incremental run: %" G_GINT64_FORMAT " requests",
                  test_demo_stat (demo, "requests") - requests);
  assert_stores_equal (reference, store);
}

/* Agents' older, solved conversations come in the background, a limited
 * number per run, and all of them in the end. */
static void
test_agent_comment_backlog (void)
{
  g_autoptr(TestDemo) demo = demo_start (N_TICKETS, "agent", NULL);
  g_autoptr(TendStore) reference = build_reference (N_TICKETS, TEND_USER_ROLE_AGENT);
  g_autoptr(TendStore) store = new_store ("backlog");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = tend_sync_new (store, TEND_BACKEND (backend));
  g_autoptr(GError) error = NULL;
  TendStoreStats expected;
  TendStoreStats stats;
  guint runs = 0;

  tend_store_get_stats (reference, &expected, &error);
  g_assert_no_error (error);

  tend_sync_set_backlog_limit (sync, 40);
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  tend_store_get_stats (store, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats.tickets, ==, expected.tickets);
  /* The eager ones and one batch of the backlog, not everything. */
  g_assert_cmpint (stats.comments, >, 0);
  g_assert_cmpint (stats.comments, <, expected.comments);

  do
    {
      g_assert_true (run_sync (sync, NULL, &error));
      g_assert_no_error (error);
      tend_store_get_stats (store, &stats, &error);
      g_assert_no_error (error);
      runs++;
    }
  while (stats.comments < expected.comments && runs < 50);

  g_test_message ("backlog done after %u more runs", runs);
  g_assert_cmpuint (runs, >, 1);
  assert_stores_equal (reference, store);
}

static void
test_incremental (void)
{
  g_autoptr(TestDemo) demo = demo_start (N_TICKETS, "admin", NULL);
  g_autoptr(TendStore) store = new_store ("incremental");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(TendSync) agent_sync = NULL;
  g_autoptr(TendStore) agent_store = new_store ("incremental-agent");
  g_autoptr(TendZendeskBackend) agent_backend = test_demo_backend (demo, NULL);
  g_autoptr(GHashTable) changed = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  gint64 ids[6];
  gint64 requests;
  TendStoreStats before;
  TendStoreStats after;

  /* The same server synced both ways, to compare the two paths on
   * changing data too. */
  tend_zendesk_backend_set_force_agent_path (agent_backend, TRUE);
  agent_sync = new_sync (agent_store, agent_backend);

  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (run_sync (agent_sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (tend_zendesk_backend_get_is_admin_path (agent_backend));
  tend_store_get_stats (store, &before, &error);
  g_assert_no_error (error);

  /* New tickets and customer replies on the server. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ids[i] = test_demo_live_step (demo);
      g_assert_cmpint (ids[i], >, 0);
      g_hash_table_add (changed, &ids[i]);
    }

  requests = test_demo_stat (demo, "requests");
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);

  /* Only the changed tickets came again... */
  g_assert_cmpuint (tend_sync_get_n_tickets (sync), ==, g_hash_table_size (changed));
  /* ...in a handful of requests, not a full pass. */
  g_assert_cmpint (test_demo_stat (demo, "requests") - requests, <, 15);

  tend_store_get_stats (store, &after, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after.tickets, ==, test_demo_stat (demo, "tickets"));
  g_assert_cmpint (after.comments, >, before.comments);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, ids[i], &error);
      g_autoptr(GPtrArray) comments = tend_store_list_comments (store, ids[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (ticket);
      g_assert_cmpuint (comments->len, >, 0);
      g_assert_cmpuint (tend_ticket_get_comment_count (ticket), ==, comments->len);
    }

  /* The agent path catches up with the same changes and ends with the
   * same store. */
  g_assert_true (run_sync (agent_sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tend_sync_get_n_tickets (agent_sync), >=, g_hash_table_size (changed));
  assert_stores_equal (store, agent_store);
}

static void
cancel_after_pages_cb (TendSync      *sync,
                       TendSyncPhase  phase,
                       guint64        items,
                       guint          pages,
                       GCancellable  *cancellable)
{
  if (pages >= 1)
    g_cancellable_cancel (cancellable);
}

static void
test_cancel_and_resume (gconstpointer data)
{
  const char *role = data;
  gboolean admin = g_str_equal (role, "admin");
  g_autoptr(TestDemo) demo = demo_start (N_TICKETS, role, NULL);
  g_autoptr(TendStore) reference = build_reference (N_TICKETS, admin ? TEND_USER_ROLE_ADMIN
                                                                     : TEND_USER_ROLE_AGENT);
  g_autoptr(TendStore) store = new_store ("cancel");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  TendStoreStats stats;
  TendStoreStats expected;
  gulong handler;

  /* Slow answers, so that the cancellation lands in the middle. */
  test_demo_set_faults (demo, "slow-ms=30");
  handler = g_signal_connect (sync, "progress", G_CALLBACK (cancel_after_pages_cb), cancellable);

  g_assert_false (run_sync (sync, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (tend_sync_get_phase (sync), ==, TEND_SYNC_PHASE_IDLE);
  g_signal_handler_disconnect (sync, handler);

  /* Half-way: some rows and their cursor are in, not everything. */
  tend_store_get_stats (store, &stats, &error);
  g_assert_no_error (error);
  tend_store_get_stats (reference, &expected, &error);
  g_assert_no_error (error);
  cursor = tend_store_dup_cursor (store, "tickets");
  g_assert_nonnull (cursor);
  g_assert_cmpint (stats.tickets + stats.comments, >, 0);
  g_assert_cmpint (stats.tickets + stats.comments, <, expected.tickets + expected.comments);

  /* Resumed: exactly what the server holds, nothing lost or twice. */
  test_demo_set_faults (demo, NULL);
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  assert_stores_equal (reference, store);
}

static void
test_fault_429 (void)
{
  g_autoptr(TestDemo) demo = demo_start (N_TICKETS, "admin", NULL);
  g_autoptr(TendStore) reference = build_reference (N_TICKETS, TEND_USER_ROLE_ADMIN);
  g_autoptr(TendStore) store = new_store ("429");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(GError) error = NULL;
  TendHttp *http = tend_zendesk_backend_get_http (backend);
  gint64 start;
  gint64 elapsed;

  /* Every 4th request refused with Retry-After: 1 (seconds). */
  test_demo_set_faults (demo, "429-every=4,retry-after=1");
  start = g_get_monotonic_time ();
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpuint (tend_http_get_n_retries (http), >, 0);
  /* Retry-After is honoured, however small the test's backoff delay. */
  g_assert_cmpint (elapsed, >=, (gint64) tend_http_get_n_retries (http) * G_USEC_PER_SEC * 9 / 10);
  g_assert_cmpint (tend_http_get_rate_limit_remaining (http), >=, 0);
  assert_stores_equal (reference, store);
}

static void
test_fault_retried (gconstpointer data)
{
  const char *spec = data;
  g_autoptr(TestDemo) demo = demo_start (N_TICKETS, "admin", NULL);
  g_autoptr(TendStore) reference = build_reference (N_TICKETS, TEND_USER_ROLE_ADMIN);
  g_autoptr(TendStore) store = new_store ("retried");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(GError) error = NULL;

  TendHttp *http = tend_zendesk_backend_get_http (backend);

  test_demo_set_faults (demo, spec);
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  if (g_str_has_prefix (spec, "drop"))
    {
      /* libsoup itself sends a GET again when a kept-alive connection
       * closes before the answer: the server answered more often than
       * we asked. */
      g_assert_cmpint (test_demo_stat (demo, "requests"), >, tend_http_get_n_requests (http));
    }
  else
    g_assert_cmpuint (tend_http_get_n_retries (http), >, 0);
  assert_stores_equal (reference, store);
}

/* A fault on every request: the sync fails with the right code after
 * the bounded retries, and the cache from an earlier sync is untouched
 * and usable. Then the fault goes away and the sync catches up. */
static void
test_fault_fails (gconstpointer data)
{
  const char * const *spec = data;  /* { faults, expected code } */
  TendError expected_code = (TendError) GPOINTER_TO_INT (spec[1]);
  g_autoptr(TestDemo) demo = demo_start (N_TICKETS, "admin", NULL);
  g_autoptr(TendStore) store = new_store ("fails");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(TendStore) reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor_before = NULL;
  g_autofree char *cursor_after = NULL;
  TendHttp *http = tend_zendesk_backend_get_http (backend);
  TendStoreStats before;
  TendStoreStats after;
  gint64 live_id;
  guint retries;

  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  tend_store_get_stats (store, &before, &error);
  g_assert_no_error (error);
  cursor_before = tend_store_dup_cursor (store, "tickets");

  live_id = test_demo_live_step (demo);
  retries = tend_http_get_n_retries (http);
  test_demo_set_faults (demo, spec[0]);

  g_assert_false (run_sync (sync, NULL, &error));
  g_assert_error (error, TEND_ERROR, expected_code);
  g_test_message ("failed as expected: %s", error->message);
  g_assert_cmpint (tend_sync_get_phase (sync), ==, TEND_SYNC_PHASE_FAILED);
  g_assert_cmpstr (tend_sync_get_last_error (sync), ==, error->message);
  g_assert_cmpint (tend_sync_get_online (sync), ==, expected_code != TEND_ERROR_NETWORK);
  if (expected_code == TEND_ERROR_NETWORK)
    g_assert_cmpuint (tend_http_get_n_retries (http), >, retries);
  else
    g_assert_cmpuint (tend_http_get_n_retries (http), ==, retries);
  g_clear_error (&error);

  /* Nothing wiped, nothing half-written. */
  tend_store_get_stats (store, &after, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after.tickets, ==, before.tickets);
  g_assert_cmpint (after.comments, ==, before.comments);
  g_assert_cmpint (after.users, ==, before.users);
  cursor_after = tend_store_dup_cursor (store, "tickets");
  g_assert_cmpstr (cursor_after, ==, cursor_before);

  test_demo_set_faults (demo, NULL);
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tend_sync_get_online (sync));
  {
    g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, live_id, &error);

    g_assert_no_error (error);
    g_assert_nonnull (ticket);
  }
  (void) reference;
}

static void
test_auth_not_retried (void)
{
  g_autoptr(TestDemo) demo = demo_start (20, "admin", NULL);
  g_autoptr(TendStore) store = new_store ("auth");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, "not-the-token");
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(GError) error = NULL;
  gint64 requests = test_demo_stat (demo, "requests");
  TendStoreStats stats;

  g_assert_false (run_sync (sync, NULL, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_AUTH);
  g_assert_cmpint (test_demo_stat (demo, "requests") - requests, ==, 1);
  g_assert_cmpuint (tend_http_get_n_retries (tend_zendesk_backend_get_http (backend)), ==, 0);
  g_assert_true (tend_sync_get_online (sync));
  g_clear_error (&error);
  tend_store_get_stats (store, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats.tickets, ==, 0);
}

/* The remote knowledge-base search, for articles not in the cache yet. */
static void
test_search_articles (void)
{
  g_autoptr(TestDemo) demo = demo_start (20, "agent", NULL);
  g_autoptr(TendStore) reference = build_reference (20, TEND_USER_ROLE_AGENT);
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  TendArticle *wanted;
  const char *word = NULL;
  gboolean seen = FALSE;

  articles = tend_store_list_articles (reference, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (articles->len, >, 0);
  wanted = g_ptr_array_index (articles, 0);

  /* The longest word of the title: specific enough to find it. */
  words = g_strsplit_set (tend_article_get_title (wanted), " ,.?!:;()\"'", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (word == NULL || strlen (words[i]) > strlen (word))
      word = words[i];
  g_assert_nonnull (word);

  found = tend_backend_search_articles (TEND_BACKEND (backend), word, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  for (guint i = 0; i < found->len; i++)
    {
      TendArticle *article = g_ptr_array_index (found, i);

      if (tend_article_get_id (article) == tend_article_get_id (wanted))
        {
          g_assert_cmpstr (tend_article_get_title (article), ==, tend_article_get_title (wanted));
          g_assert_cmpstr (tend_article_get_body (article), ==, tend_article_get_body (wanted));
          seen = TRUE;
        }
    }
  g_test_message ("searched for “%s”: %u articles", word, found->len);
  g_assert_true (seen);

  /* Query text with characters that must be escaped in a URL. */
  none = tend_backend_search_articles (TEND_BACKEND (backend), "zzqx&page=2#\"%", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_http_loopback_only (void)
{
  const char *allowed[] = {
    "https://acme.zendesk.com", "https://acme.zendesk.com/", "http://127.0.0.1:8080",
    "http://127.1.2.3", "http://[::1]:9000", "http://localhost:1234", "HTTPS://EXAMPLE.COM",
  };
  const char *refused[] = {
    "http://acme.zendesk.com", "http://10.0.0.1", "http://[::2]", "http://localhost.evil.com",
    "ftp://acme.zendesk.com", "acme.zendesk.com", "", "https://", "https://u:p@acme.zendesk.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TendHttp) http = tend_http_new (allowed[i], &error);

      g_test_message ("%s", allowed[i]);
      g_assert_no_error (error);
      g_assert_nonnull (http);
      g_assert_false (g_str_has_suffix (tend_http_get_base_url (http), "/"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TendHttp) http = tend_http_new (refused[i], &error);

      g_test_message ("%s", refused[i]);
      g_assert_null (http);
      g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
    }
}

static void
test_http_refused (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TendHttp) http = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago and is closed now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  http = tend_http_new (url, &error);
  g_assert_no_error (error);
  tend_http_set_max_attempts (http, 3);

  node = tend_http_get_json (http, "/api/v2/users/me.json", NULL, &error);
  g_assert_null (node);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_cmpuint (tend_http_get_n_requests (http), ==, 3);
  g_assert_cmpuint (tend_http_get_n_retries (http), ==, 2);
}

static void
test_http_dns (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendHttp) http = tend_http_new ("https://nonexistent.invalid", &error);
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (error);
  node = tend_http_get_json (http, "/api/v2/users/me.json", NULL, &error);
  g_assert_null (node);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "DNS"));
  /* A name that does not exist does not start to exist on a retry. */
  g_assert_cmpuint (tend_http_get_n_requests (http), ==, 1);
}

/* A server that answers whatever the path asks for, to see how each odd
 * answer is reported. */
static gboolean
canned_cb (GThreadedSocketService *service,
           GSocketConnection      *connection,
           GObject                *source,
           gpointer                user_data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) reply = g_string_new (NULL);
  const char *status = "200 OK";
  const char *type = "application/json";
  const char *extra = "";
  char buffer[4096];

  while (strstr (request->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        return TRUE;
      g_string_append_len (request, buffer, n);

      /* A TLS handshake (record type 22) to a plain HTTP server. */
      if (request->str[0] == 0x16)
        {
          const char *answer = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";

          g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
          g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
          return TRUE;
        }
    }

  if (strstr (request->str, "GET /html ") != NULL)
    {
      type = "text/html";
      g_string_append (body, "<html><body>Sign in</body></html>");
    }
  else if (strstr (request->str, "GET /garbage ") != NULL)
    g_string_append (body, "this is not JSON at all");
  else if (strstr (request->str, "GET /empty ") != NULL)
    ;
  else if (strstr (request->str, "GET /deep ") != NULL)
    {
      for (guint i = 0; i < 100000; i++)
        g_string_append_c (body, '[');
    }
  else if (strstr (request->str, "GET /utf8 ") != NULL)
    g_string_append (body, "{\"user\": {\"id\": 1, \"name\": \"\xff\xfe\"}}");
  else if (strstr (request->str, "GET /403 ") != NULL)
    {
      status = "403 Forbidden";
      g_string_append (body, "{\"error\": \"Forbidden\"}");
    }
  else if (strstr (request->str, "GET /404 ") != NULL)
    {
      status = "404 Not Found";
      g_string_append (body, "{\"error\": \"RecordNotFound\"}");
    }
  else if (strstr (request->str, "PUT /409 ") != NULL)
    {
      status = "409 Conflict";
      g_string_append (body, "{\"error\": \"UpdateConflict\", \"description\": \"changed\\nmeanwhile\"}");
    }
  else if (strstr (request->str, "GET /412 ") != NULL)
    status = "412 Precondition Failed";
  else if (strstr (request->str, "GET /302 ") != NULL)
    {
      status = "302 Found";
      extra = "Location: https://evil.example.com/steal\r\n";
    }
  else if (strstr (request->str, "GET /429 ") != NULL)
    {
      status = "429 Too Many Requests";
      extra = "Retry-After: 3600\r\n";
    }
  else if (strstr (request->str, "PUT /500 ") != NULL)
    status = "500 Internal Server Error";
  else
    g_string_append (body, "{\"ok\": true}");

  g_string_printf (reply, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %u\r\n"
                   "X-Rate-Limit: 700\r\nX-Rate-Limit-Remaining: 42\r\n%sConnection: close\r\n\r\n",
                   status, type, (guint) body->len, extra);
  g_string_append_len (reply, body->str, body->len);
  g_output_stream_write_all (out, reply->str, reply->len, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* The canned server accepts connections on a main context of its own:
 * the test's thread is blocked in synchronous requests. */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  guint16       port;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
} Canned;

static gpointer
canned_thread (gpointer data)
{
  Canned *canned = data;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (canned->context);
  service = g_threaded_socket_service_new (4);
  canned->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (canned_cb), NULL);
  g_socket_service_start (service);

  g_mutex_lock (&canned->lock);
  canned->ready = TRUE;
  g_cond_signal (&canned->cond);
  g_mutex_unlock (&canned->lock);

  g_main_loop_run (canned->loop);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_main_context_pop_thread_default (canned->context);
  return NULL;
}

static Canned *
canned_start (void)
{
  Canned *canned = g_new0 (Canned, 1);

  canned->context = g_main_context_new ();
  canned->loop = g_main_loop_new (canned->context, FALSE);
  g_mutex_init (&canned->lock);
  g_cond_init (&canned->cond);
  canned->thread = g_thread_new ("canned-server", canned_thread, canned);
  g_mutex_lock (&canned->lock);
  while (!canned->ready)
    g_cond_wait (&canned->cond, &canned->lock);
  g_mutex_unlock (&canned->lock);
  return canned;
}

static void
canned_stop (Canned *canned)
{
  g_main_loop_quit (canned->loop);
  g_thread_join (canned->thread);
  g_main_loop_unref (canned->loop);
  g_main_context_unref (canned->context);
  g_mutex_clear (&canned->lock);
  g_cond_clear (&canned->cond);
  g_free (canned);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Canned, canned_stop)

static void
test_http_odd_answers (void)
{
  static const struct { const char *method; const char *path; TendError code; const char *words; } cases[] = {
    { "GET", "/html", TEND_ERROR_BAD_RESPONSE, "web page" },
    { "GET", "/garbage", TEND_ERROR_BAD_RESPONSE, "not valid JSON" },
    { "GET", "/empty", TEND_ERROR_BAD_RESPONSE, "empty" },
    { "GET", "/deep", TEND_ERROR_BAD_RESPONSE, "nested" },
    { "GET", "/utf8", TEND_ERROR_BAD_RESPONSE, "JSON" },
    { "GET", "/403", TEND_ERROR_AUTH, "Forbidden" },
    { "GET", "/404", TEND_ERROR_NOT_FOUND, "/404" },
    { "PUT", "/409", TEND_ERROR_CONFLICT, "changed meanwhile" },
    { "GET", "/412", TEND_ERROR_CONFLICT, NULL },
    { "GET", "/302", TEND_ERROR_BAD_RESPONSE, "redirect" },
    { "GET", "/429", TEND_ERROR_RATE_LIMITED, NULL },
    { "PUT", "/500", TEND_ERROR_NETWORK, "500" },
  };
  g_autoptr(Canned) canned = canned_start ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TendHttp) http = NULL;
  g_autofree char *url = NULL;

  url = g_strdup_printf ("http://127.0.0.1:%u", canned->port);
  http = tend_http_new (url, &error);
  g_assert_no_error (error);
  /* A Retry-After of an hour is more than this client will wait. */
  tend_http_set_max_retry_after_ms (http, 10 * 1000);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) body = json_from_string ("{\"ticket\": {}}", NULL);
      guint before = tend_http_get_n_requests (http);

      node = tend_http_send_json (http, cases[i].method, cases[i].path,
                                  g_str_equal (cases[i].method, "PUT") ? body : NULL, NULL, &e);
      g_test_message ("%s %s: %s", cases[i].method, cases[i].path, e != NULL ? e->message : "(no error)");
      g_assert_null (node);
      g_assert_error (e, TEND_ERROR, cases[i].code);
      if (cases[i].words != NULL)
        g_assert_nonnull (strstr (e->message, cases[i].words));
      /* Messages are one line: they end up in a label. */
      g_assert_null (strchr (e->message, '\n'));
      /* None of these is worth a second try; a PUT that may have been
       * applied is never sent twice. */
      g_assert_cmpuint (tend_http_get_n_requests (http) - before, ==, 1);
    }

  g_assert_cmpint (tend_http_get_rate_limit (http), ==, 700);
  g_assert_cmpint (tend_http_get_rate_limit_remaining (http), ==, 42);

  /* Links from the server are followed only on the same origin. */
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(JsonNode) node = tend_http_get_json (http, "https://evil.example.com/api/v2/x", NULL, &e);

    g_assert_null (node);
    g_assert_error (e, TEND_ERROR, TEND_ERROR_BAD_RESPONSE);
  }
  {
    g_autofree char *same = g_strdup_printf ("%s/fine?x=1", url);
    g_autoptr(GError) e = NULL;
    g_autoptr(JsonNode) node = tend_http_get_json (http, same, NULL, &e);

    g_assert_no_error (e);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
  }
}

/* https:// to a server that speaks plain HTTP: a TLS failure, said so. */
static void
test_http_tls (void)
{
  g_autoptr(Canned) canned = canned_start ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TendHttp) http = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u", canned->port);

  http = tend_http_new (url, &error);
  g_assert_no_error (error);
  node = tend_http_get_json (http, "/api/v2/users/me.json", NULL, &error);
  g_assert_null (node);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "TLS"));
}

static void
test_periodic (void)
{
  g_autoptr(TestDemo) demo = demo_start (20, "admin", NULL);
  g_autoptr(TendStore) store = new_store ("periodic");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint done = 0;

  tend_sync_set_interval (sync, 1);
  g_assert_cmpuint (tend_sync_get_interval (sync), ==, 1);
  while (done < 2 && g_get_monotonic_time () < deadline)
    {
      gboolean was_running = tend_sync_get_running (sync);

      g_main_context_iteration (NULL, TRUE);
      if (was_running && !tend_sync_get_running (sync))
        {
          g_assert_cmpint (tend_sync_get_phase (sync), ==, TEND_SYNC_PHASE_DONE);
          done++;
        }
    }
  tend_sync_set_interval (sync, 0);
  g_assert_cmpuint (done, ==, 2);
  g_assert_cmpint (tend_store_get_me (store), >, 0);

  /* Let a run the timer may have started finish before the server goes. */
  while (tend_sync_get_running (sync))
    g_main_context_iteration (NULL, TRUE);
}

/* The helpdesk's groups come with every sync and are kept by name; a
 * second sync replaces the list rather than adding to it. */
static void
test_groups (void)
{
  g_autoptr(TestDemo) demo = demo_start (30, "agent", NULL);
  g_autoptr(TendStore) store = new_store ("groups");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *billing = NULL;
  static const char * const names[] = { "Billing", "Logistics", "Support", "Tier 2" };
  guint with_group = 0;

  g_assert_null (tend_store_dup_group_name (store, 9000002));

  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);

  groups = tend_store_list_groups (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < groups->len; i++)
    {
      TendStoreGroup *group = g_ptr_array_index (groups, i);

      /* By name. */
      g_assert_cmpstr (group->name, ==, names[i]);
      g_assert_cmpint (group->id, >=, 9000001);
      g_assert_cmpint (group->id, <=, 9000004);
    }
  billing = tend_store_dup_group_name (store, 9000002);
  g_assert_cmpstr (billing, ==, "Billing");
  g_assert_null (tend_store_dup_group_name (store, 12345));
  g_assert_null (tend_store_dup_group_name (store, 0));

  /* Every ticket's group has a name now. */
  tickets = all_tickets (store);
  for (guint i = 0; i < tickets->len; i++)
    {
      gint64 group_id = tend_ticket_get_group_id (g_ptr_array_index (tickets, i));
      g_autofree char *name = NULL;

      if (group_id == 0)
        continue;
      name = tend_store_dup_group_name (store, group_id);
      g_assert_nonnull (name);
      with_group++;
    }
  g_assert_cmpuint (with_group, >, 0);

  g_clear_pointer (&groups, g_ptr_array_unref);
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  groups = tend_store_list_groups (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, G_N_ELEMENTS (names));
}

/* Deletes an article or macro on the helpdesk, as its admin would. */
static void
demo_delete (TestDemo   *demo,
             const char *path)
{
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = tend_http_send_json (tend_zendesk_backend_get_http (backend), "DELETE", path,
                                NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (answer);
}

static gboolean
has_article (TendStore *store,
             gint64     id)
{
  g_autoptr(TendArticle) article = tend_store_get_article (store, id, NULL);

  return article != NULL;
}

static gboolean
has_macro (TendStore *store,
           gint64     id)
{
  g_autoptr(GPtrArray) macros = tend_store_list_macros (store, NULL);

  g_assert_nonnull (macros);
  for (guint i = 0; i < macros->len; i++)
    if (tend_macro_get_id (g_ptr_array_index (macros, i)) == id)
      return TRUE;
  return FALSE;
}

/* Finds @article by the longest word of its title in the local search
 * index. */
static gboolean
article_found (TendStore   *store,
               TendArticle *article)
{
  g_auto(GStrv) words = g_strsplit_set (tend_article_get_title (article), " ,.?!:;()\"'-/", -1);
  g_autoptr(TendQuery) query = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *word = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (word == NULL || strlen (words[i]) > strlen (word))
      word = words[i];
  g_assert_nonnull (word);

  query = tend_query_parse (word, &error);
  g_assert_no_error (error);
  found = tend_store_search_articles (store, query, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    if (tend_article_get_id (g_ptr_array_index (found, i)) == tend_article_get_id (article))
      return TRUE;
  return FALSE;
}

/* Articles and macros deleted on the helpdesk leave the store at the next
 * whole pass over their lists, search index included; a pass resumed
 * halfway has not seen the whole list and removes nothing. */
static void
test_deleted_lists (void)
{
  g_autoptr(TestDemo) demo = demo_start (20, "admin", NULL);
  g_autoptr(TendStore) store = new_store ("deleted-lists");
  g_autoptr(TendZendeskBackend) backend = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, backend);
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GPtrArray) macros = NULL;
  g_autoptr(TendChangeset) resume = tend_changeset_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *article_path = NULL;
  g_autofree char *macro_path = NULL;
  TendArticle *article;
  TendStoreStats before;
  TendStoreStats after;
  gint64 article_id;
  gint64 macro_id;

  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  tend_store_get_stats (store, &before, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before.articles, >, 1);
  g_assert_cmpint (before.macros, >, 1);

  articles = tend_store_list_articles (store, &error);
  g_assert_no_error (error);
  article = g_ptr_array_index (articles, articles->len / 2);
  article_id = tend_article_get_id (article);
  g_assert_true (article_found (store, article));
  macros = tend_store_list_macros (store, &error);
  g_assert_no_error (error);
  macro_id = tend_macro_get_id (g_ptr_array_index (macros, 0));

  article_path = g_strdup_printf ("/api/v2/help_center/articles/%" G_GINT64_FORMAT ".json", article_id);
  macro_path = g_strdup_printf ("/api/v2/macros/%" G_GINT64_FORMAT ".json", macro_id);
  demo_delete (demo, article_path);
  demo_delete (demo, macro_path);

  /* A pass that resumes from a cursor (as after an interrupted sync) has
   * not seen the whole list: nothing goes. */
  tend_changeset_set_cursor (resume, "articles",
                             "{\"next\":\"/api/v2/help_center/articles.json?page%5Bsize%5D=100\"}");
  tend_changeset_set_cursor (resume, "macros",
                             "{\"next\":\"/api/v2/macros.json?page%5Bsize%5D=100\"}");
  g_assert_true (tend_store_write (store, resume, &error));
  g_assert_no_error (error);
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (has_article (store, article_id));
  g_assert_true (has_macro (store, macro_id));

  /* The next pass reads the lists whole. */
  g_assert_true (run_sync (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (has_article (store, article_id));
  g_assert_false (article_found (store, article));
  g_assert_false (has_macro (store, macro_id));
  tend_store_get_stats (store, &after, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after.articles, ==, before.articles - 1);
  g_assert_cmpint (after.macros, ==, before.macros - 1);
  g_assert_cmpint (after.tickets, ==, before.tickets);
}

typedef struct
{
  guint   n_failed;
  guint   n_notified;
  GError *error;
} Failures;

static void
failed_cb (TendSync     *sync,
           const GError *error,
           Failures     *failures)
{
  failures->n_failed++;
  g_clear_error (&failures->error);
  failures->error = g_error_copy (error);
}

static void
error_notify_cb (TendSync   *sync,
                 GParamSpec *pspec,
                 Failures   *failures)
{
  failures->n_notified++;
}

/* The runs the sync starts by itself have no caller: their error is on
 * TendSync ("error", "failed"), with a code that tells a wrong token from
 * a helpdesk out of reach. */
static void
test_error_codes (void)
{
  g_autoptr(TestDemo) demo = demo_start (20, "admin", NULL);
  g_autoptr(TendStore) store = new_store ("error-codes");
  g_autoptr(TendZendeskBackend) wrong = test_demo_backend (demo, "not-the-token");
  g_autoptr(TendZendeskBackend) right = test_demo_backend (demo, NULL);
  g_autoptr(TendSync) sync = new_sync (store, wrong);
  g_autoptr(TendSync) good = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  Failures failures = { 0 };
  GError *copy = NULL;

  g_assert_null (tend_sync_get_error (sync));
  g_assert_false (tend_sync_is_auth_error (sync));
  g_signal_connect (sync, "failed", G_CALLBACK (failed_cb), &failures);
  g_signal_connect (sync, "notify::error", G_CALLBACK (error_notify_cb), &failures);

  /* A periodic run: nobody to hand the error to but the signal. */
  tend_sync_set_interval (sync, 1);
  while (failures.n_failed == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  tend_sync_set_interval (sync, 0);

  g_assert_cmpuint (failures.n_failed, ==, 1);
  g_assert_cmpuint (failures.n_notified, ==, 1);
  g_assert_error (failures.error, TEND_ERROR, TEND_ERROR_AUTH);
  g_assert_nonnull (tend_sync_get_error (sync));
  g_assert_true (g_error_matches (tend_sync_get_error (sync), TEND_ERROR, TEND_ERROR_AUTH));
  g_assert_true (tend_sync_is_auth_error (sync));
  g_assert_cmpstr (tend_sync_get_last_error (sync), ==, tend_sync_get_error (sync)->message);
  g_object_get (sync, "error", &copy, NULL);
  g_assert_error (copy, TEND_ERROR, TEND_ERROR_AUTH);
  g_clear_error (&copy);
  g_clear_error (&failures.error);

  /* The helpdesk out of reach: a network error, not a sign-in problem. */
  good = new_sync (store, right);
  tend_http_set_max_attempts (tend_zendesk_backend_get_http (right), 1);
  g_signal_connect (good, "failed", G_CALLBACK (failed_cb), &failures);
  g_signal_connect (good, "notify::error", G_CALLBACK (error_notify_cb), &failures);
  test_demo_stop (demo);
  g_assert_false (run_sync (good, NULL, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (failures.n_failed, ==, 2);
  g_assert_cmpuint (failures.n_notified, ==, 2);
  g_assert_true (g_error_matches (tend_sync_get_error (good), TEND_ERROR, TEND_ERROR_NETWORK));
  g_assert_false (tend_sync_is_auth_error (good));
  g_assert_false (tend_sync_get_online (good));

  /* Back, and a success clears it. */
  test_demo_start (demo, 20, SEED, anchor, "admin", NULL);
  g_assert_true (run_sync (good, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (tend_sync_get_error (good));
  g_assert_null (tend_sync_get_last_error (good));
  g_assert_cmpuint (failures.n_failed, ==, 2);
  g_assert_cmpuint (failures.n_notified, ==, 3);
  g_clear_error (&failures.error);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const fails_malformed[] = { "malformed-every=1", GINT_TO_POINTER (TEND_ERROR_BAD_RESPONSE) };
  static const char * const fails_truncated[] = { "truncate-every=1", GINT_TO_POINTER (TEND_ERROR_NETWORK) };
  static const char * const fails_500[] = { "500-every=1", GINT_TO_POINTER (TEND_ERROR_NETWORK) };
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* Fast backoff; Retry-After is still honoured in full. */
  g_setenv ("TEND_HTTP_BASE_DELAY_MS", "5", TRUE);
  anchor = g_get_real_time () / G_USEC_PER_SEC - 3600;
  tmp_dir = g_dir_make_tmp ("tend-test-sync-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/sync/http/loopback-only", test_http_loopback_only);
  g_test_add_func ("/sync/http/refused", test_http_refused);
  g_test_add_func ("/sync/http/dns", test_http_dns);
  g_test_add_func ("/sync/http/odd-answers", test_http_odd_answers);
  g_test_add_func ("/sync/http/tls", test_http_tls);
  if (g_getenv ("TEND_DEMO_SERVER") == NULL)
    {
      /* Built without the demo helpdesk: only the offline tests run. */
      g_test_message ("TEND_DEMO_SERVER is not set; skipping the tests against the demo helpdesk");
      return g_test_run ();
    }

  g_test_add_func ("/sync/full/admin", test_full_sync_admin);
  g_test_add_func ("/sync/full/agent", test_full_sync_agent);
  g_test_add_func ("/sync/full/agent-backlog", test_agent_comment_backlog);
  g_test_add_func ("/sync/incremental", test_incremental);
  g_test_add_data_func ("/sync/cancel-resume/admin", "admin", test_cancel_and_resume);
  g_test_add_data_func ("/sync/cancel-resume/agent", "agent", test_cancel_and_resume);
  g_test_add_func ("/sync/faults/429", test_fault_429);
  g_test_add_data_func ("/sync/faults/500-retried", "500-every=3", test_fault_retried);
  g_test_add_data_func ("/sync/faults/truncated-retried", "truncate-every=3", test_fault_retried);
  g_test_add_data_func ("/sync/faults/dropped-retried", "drop-after-every=3", test_fault_retried);
  g_test_add_data_func ("/sync/faults/malformed", fails_malformed, test_fault_fails);
  g_test_add_data_func ("/sync/faults/truncated-always", fails_truncated, test_fault_fails);
  g_test_add_data_func ("/sync/faults/500-always", fails_500, test_fault_fails);
  g_test_add_func ("/sync/faults/401-not-retried", test_auth_not_retried);
  g_test_add_func ("/sync/periodic", test_periodic);
  g_test_add_func ("/sync/search-articles", test_search_articles);
  g_test_add_func ("/sync/groups", test_groups);
  g_test_add_func ("/sync/deleted-lists", test_deleted_lists);
  g_test_add_func ("/sync/error-codes", test_error_codes);

  ret = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (children != NULL &&
           (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }
  g_free (tmp_dir);

  return ret;
}
