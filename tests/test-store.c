/* test-store.c: TendStore, the SQLite database of one account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "tend-engine.h"
#include "tend-engine-resources.h"
#include "tend-store-private.h"

#define ME          100
#define OTHER_AGENT 101
#define ANN         200
#define BOB         201
#define ACME        300
#define GLOBEX      301
#define HOUR        3600
#define DAY         (24 * HOUR)

static gint64 now;

/* Helpers */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tend-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmp_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        remove_tmp_dir (file);
      else
        g_unlink (file);
    }
  g_rmdir (path);
}

typedef struct
{
  char      *dir;
  char      *path;
  TendStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "tend.db", NULL);
  fixture->store = tend_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  remove_tmp_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static TendUser *
make_user (gint64        id,
           const char   *name,
           const char   *email,
           TendUserRole  role,
           gint64        org)
{
  TendUser *user = tend_user_new (id);

  tend_user_set_name (user, name);
  tend_user_set_email (user, email);
  tend_user_set_role (user, role);
  tend_user_set_organization_id (user, org);
  return user;
}

static TendTicket *
make_ticket (gint64            id,
             const char       *subject,
             TendTicketStatus  status,
             gint64            assignee,
             gint64            updated_at)
{
  TendTicket *ticket = tend_ticket_new (id);

  tend_ticket_set_subject (ticket, subject);
  tend_ticket_set_description (ticket, "");
  tend_ticket_set_status (ticket, status);
  tend_ticket_set_assignee_id (ticket, assignee);
  tend_ticket_set_requester_id (ticket, ANN);
  tend_ticket_set_created_at (ticket, updated_at - DAY);
  tend_ticket_set_updated_at (ticket, updated_at);
  return ticket;
}

static TendComment *
make_comment (gint64      id,
              gint64      ticket_id,
              gint64      author_id,
              gboolean    is_public,
              gint64      created_at,
              const char *body)
{
  TendComment *comment = tend_comment_new (id);

  tend_comment_set_ticket_id (comment, ticket_id);
  tend_comment_set_author_id (comment, author_id);
  tend_comment_set_public (comment, is_public);
  tend_comment_set_created_at (comment, created_at);
  tend_comment_set_body (comment, body);
  return comment;
}

static void
add_ticket (TendChangeset *changes,
            TendTicket    *ticket)
{
  tend_changeset_add_ticket (changes, ticket);
  g_object_unref (ticket);
}

static void
add_comment (TendChangeset *changes,
             TendComment   *comment)
{
  tend_changeset_add_comment (changes, comment);
  g_object_unref (comment);
}

static void
add_user (TendChangeset *changes,
          TendUser      *user)
{
  tend_changeset_add_user (changes, user);
  g_object_unref (user);
}

static void
write_or_die (TendStore     *store,
              TendChangeset *changes)
{
  g_autoptr(GError) error = NULL;

  tend_store_write (store, changes, &error);
  g_assert_no_error (error);
}

/* The people every data set shares. */
static void
add_people (TendChangeset *changes)
{
  g_autoptr(TendOrganization) acme = tend_organization_new (ACME);
  g_autoptr(TendOrganization) globex = tend_organization_new (GLOBEX);

  tend_organization_set_name (acme, "Acme Corporation");
  tend_organization_set_name (globex, "Globex");
  tend_changeset_add_organization (changes, acme);
  tend_changeset_add_organization (changes, globex);

  add_user (changes, make_user (ME, "Sam Agent", "sam@help.example", TEND_USER_ROLE_AGENT, 0));
  add_user (changes, make_user (OTHER_AGENT, "Olga Other", "olga@help.example", TEND_USER_ROLE_ADMIN, 0));
  add_user (changes, make_user (ANN, "Ann Lee", "ann@acme.example", TEND_USER_ROLE_END_USER, ACME));
  add_user (changes, make_user (BOB, "Bob Brown", "bob@globex.example", TEND_USER_ROLE_END_USER, GLOBEX));
  tend_changeset_set_meta (changes, "me", G_STRINGIFY (ME));
}

/* Ids of a ticket array, for exact comparisons. */
static char *
ids_of (GPtrArray *tickets)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tickets->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            tend_ticket_get_id (g_ptr_array_index (tickets, i)));
  return g_string_free (out, FALSE);
}

static char *
list_ids (TendStore  *store,
          TendView    view,
          const char *query_text,
          guint       offset,
          guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendQuery) query = NULL;
  g_autoptr(GPtrArray) tickets = NULL;

  if (query_text != NULL)
    {
      query = tend_query_parse (query_text, &error);
      g_assert_no_error (error);
    }

  tickets = tend_store_list_tickets (store, view, query, offset, limit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tickets);
  return ids_of (tickets);
}

static guint
count (TendStore  *store,
       TendView    view,
       const char *query_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendQuery) query = NULL;
  guint n;

  if (query_text != NULL)
    {
      query = tend_query_parse (query_text, &error);
      g_assert_no_error (error);
    }

  n = tend_store_count_tickets (store, view, query, &error);
  g_assert_no_error (error);
  return n;
}

/* Raw access for checks the API does not offer */

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

/* Schema */

static void
test_schema_create (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "nested", "account", "tend.db", NULL);
  g_autoptr(TendStore) store = NULL;
  sqlite3 *db;

  g_assert_cmpint (tend_store_get_latest_schema_version (), >=, 1);

  /* Missing folders are created. */
  store = tend_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_store_get_path (store), ==, path);
  g_assert_cmpint (tend_store_get_schema_version (store), ==, tend_store_get_latest_schema_version ());
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, tend_store_get_latest_schema_version ());
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, 0x54454e44);
  {
    g_autofree char *mode = raw_text (db, "PRAGMA journal_mode");
    g_assert_cmpstr (mode, ==, "wal");
  }
  for (const char * const *t = (const char * const[]) {
         "meta", "tickets", "ticket_tags", "comments", "attachments", "users",
         "organizations", "articles", "macros", "sync_state", "read_state", "outbox",
         "drafts", "ticket_fts", "users_fts", "articles_fts", NULL }; *t != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE name = '%s'", *t);
      g_assert_cmpint (raw_int (db, sql), ==, 1);
    }
  sqlite3_close (db);

  /* Opening again applies nothing and keeps the version. */
  g_clear_object (&store);
  store = tend_store_open_existing (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_store_get_schema_version (store), ==, tend_store_get_latest_schema_version ());

  g_clear_object (&store);
  remove_tmp_dir (dir);
}

/* A database as the first version of Tend wrote it, made without the
 * store: only the first script, user_version 1, rows inserted by hand. */
static void
test_schema_upgrade_from_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GBytes) script = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(TendQuery) query = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *cursor = NULL;
  sqlite3 *db = NULL;

  script = g_resource_lookup_data (tend_engine_get_resource (),
                                   "/io/github/tenddesk/Tend/engine/schema/001-initial.sql",
                                   0, &error);
  g_assert_no_error (error);
  sql = g_strndup (g_bytes_get_data (script, NULL), g_bytes_get_size (script));

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  raw_exec (db, "BEGIN");
  raw_exec (db, sql);
  raw_exec (db, "PRAGMA user_version = 1");
  raw_exec (db,
            "INSERT INTO users (id, name, email, role) VALUES (200, 'Ann Lee', 'ann@acme.example', 0);"
            "INSERT INTO tickets (id, subject, description, status, requester_id, tags, updated_at, "
            "  extra_json, comment_count) "
            "  VALUES (7, 'Old printer', 'It jams', 1, 200, '[\"vip\"]', 1600000000, '{\"custom\":1}', 1);"
            "INSERT INTO ticket_tags VALUES (7, 'vip');"
            "INSERT INTO comments (id, ticket_id, author_id, body, public, created_at) "
            "  VALUES (70, 7, 200, 'It jams every morning', 1, 1600000000);"
            "INSERT INTO ticket_fts (rowid, subject, description, comments) "
            "  VALUES (7, 'Old printer', 'It jams', 'It jams every morning');"
            "INSERT INTO sync_state VALUES ('tickets', 'cursor-1');"
            /* Version 1 kept one draft per ticket; its outbox rows had
             * no retry time or remote id. */
            "INSERT INTO drafts (ticket_id, mode, body, updated_at) "
            "  VALUES (7, 'note', 'Half a note', 1600000000);"
            "INSERT INTO outbox (kind, ticket_id, payload, seen_updated_at, state, "
            "  created_at, updated_at) VALUES ('reply', 7, "
            "  '{\"comment\":{\"body\":\"Queued by version 1\",\"public\":true}}', "
            "  1600000000, 'queued', 1600000000, 1600000000);");
  raw_exec (db, "COMMIT");
  sqlite3_close (db);

  store = tend_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_store_get_schema_version (store), ==, tend_store_get_latest_schema_version ());

  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, tend_store_get_latest_schema_version ());
  sqlite3_close (db);

  ticket = tend_store_get_ticket (store, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_ticket_get_subject (ticket), ==, "Old printer");
  g_assert_cmpstr (tend_ticket_get_requester_name (ticket), ==, "Ann Lee");
  g_assert_cmpstr (tend_ticket_get_extra_json (ticket), ==, "{\"custom\":1}");
  g_assert_true (tend_ticket_has_tag (ticket, "vip"));

  comments = tend_store_list_comments (store, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_cmpstr (tend_comment_get_body (g_ptr_array_index (comments, 0)), ==, "It jams every morning");

  query = tend_query_parse ("jams", &error);
  g_assert_no_error (error);
  found = tend_store_list_tickets (store, TEND_VIEW_ALL, query, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  cursor = tend_store_dup_cursor (store, "tickets");
  g_assert_cmpstr (cursor, ==, "cursor-1");

  /* 002-outbox: the draft kept its mode, and a reply draft may now sit
   * next to it; the queued change is still there, with the new columns
   * at their defaults, and marks its ticket pending. */
  {
    g_autofree char *note = _tend_store_draft_load (store, 7, "note", &error);
    g_autofree char *reply = NULL;
    g_autoptr(GPtrArray) items = NULL;
    TendOutboxItem *item;

    g_assert_no_error (error);
    g_assert_cmpstr (note, ==, "Half a note");
    reply = _tend_store_draft_load (store, 7, "reply", &error);
    g_assert_no_error (error);
    g_assert_null (reply);
    _tend_store_draft_save (store, 7, "reply", "Dear Ann", &error);
    g_assert_no_error (error);
    g_clear_pointer (&reply, g_free);
    g_clear_pointer (&note, g_free);
    reply = _tend_store_draft_load (store, 7, "reply", &error);
    note = _tend_store_draft_load (store, 7, "note", &error);
    g_assert_cmpstr (reply, ==, "Dear Ann");
    g_assert_cmpstr (note, ==, "Half a note");

    items = _tend_store_outbox_list (store, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (items->len, ==, 1);
    item = g_ptr_array_index (items, 0);
    g_assert_cmpint (tend_outbox_item_get_state (item), ==, TEND_OUTBOX_STATE_QUEUED);
    g_assert_cmpstr (tend_outbox_item_get_body (item), ==, "Queued by version 1");
    g_assert_cmpint (tend_outbox_item_get_retry_at_ms (item), ==, 0);
    g_assert_cmpint (tend_outbox_item_get_remote_id (item), ==, 0);
    g_assert_true (tend_ticket_get_pending (ticket));
  }

  g_clear_object (&store);
  remove_tmp_dir (dir);
}

static void
test_schema_too_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "tend.db", NULL);
  g_autofree char *latest = g_strdup_printf ("%d", tend_store_get_latest_schema_version ());
  TendStore *store;
  sqlite3 *db;

  store = tend_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  db = open_raw (path);
  raw_exec (db, "PRAGMA user_version = 999");
  sqlite3_close (db);

  store = tend_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "999"));
  g_assert_nonnull (strstr (error->message, latest));

  /* The file was not touched. */
  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 999);
  sqlite3_close (db);

  remove_tmp_dir (dir);
}

static void
test_schema_corrupt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "random.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *in_file = g_build_filename (path, "tend.db", NULL);
  guint8 noise[8192];
  TendStore *store;
  sqlite3 *db;

  /* Random bytes, with no chance of looking like an SQLite header. */
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = g_random_int_range (0, 256);
  noise[0] = 'X';
  g_file_set_contents (path, (const char *) noise, sizeof noise, &error);
  g_assert_no_error (error);

  store = tend_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_CORRUPT);
  g_clear_error (&error);

  /* Someone else's SQLite database. */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  raw_exec (db, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)");
  sqlite3_close (db);
  store = tend_store_open (other, &error);
  g_assert_null (store);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_CORRUPT);
  g_clear_error (&error);
  /* ... and left as it was. */
  db = open_raw (other);
  {
    g_autofree char *mode = raw_text (db, "PRAGMA journal_mode");
    g_assert_cmpstr (mode, ==, "delete");
  }
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 0);
  sqlite3_close (db);

  /* open_existing never creates. */
  store = tend_store_open_existing (missing, &error);
  g_assert_null (store);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A path below a regular file cannot be created. */
  store = tend_store_open (in_file, &error);
  g_assert_null (store);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_STORAGE);
  g_clear_error (&error);

  remove_tmp_dir (dir);
}

/* Writing */

static TendChangeset *
make_rich_changeset (void)
{
  TendChangeset *changes = tend_changeset_new ();
  g_autoptr(TendArticle) article = tend_article_new (900);
  g_autoptr(TendMacro) macro = tend_macro_new (800);
  g_autoptr(TendAttachment) att = tend_attachment_new (5000);
  TendTicket *ticket;
  TendComment *comment;

  add_people (changes);

  ticket = make_ticket (1, "Printer on fire", TEND_TICKET_STATUS_OPEN, ME, now - HOUR);
  tend_ticket_set_description (ticket, "The printer is on fire again");
  tend_ticket_set_priority (ticket, TEND_TICKET_PRIORITY_URGENT);
  tend_ticket_set_ticket_type (ticket, "incident");
  tend_ticket_set_tags (ticket, (const char * const[]) { "vip", "hardware", NULL });
  tend_ticket_set_organization_id (ticket, ACME);
  tend_ticket_set_group_id (ticket, 42);
  tend_ticket_set_submitter_id (ticket, ANN);
  tend_ticket_set_satisfaction (ticket, "good");
  tend_ticket_set_satisfaction_comment (ticket, "Quick!");
  tend_ticket_set_extra_json (ticket, "{\"custom_fields\":[{\"id\":360001,\"value\":\"gold\"}]}");
  add_ticket (changes, ticket);

  comment = make_comment (10, 1, ANN, TRUE, now - 3 * HOUR, "The printer is on fire again");
  tend_comment_set_html_body (comment, "<p>The printer is on fire again</p>");
  tend_comment_set_extra_json (comment, "{\"via\":{\"channel\":\"email\"}}");
  tend_attachment_set_file_name (att, "fire.jpg");
  tend_attachment_set_content_type (att, "image/jpeg");
  tend_attachment_set_size (att, 12345);
  tend_attachment_set_content_url (att, "https://help.example/attachments/fire.jpg");
  tend_comment_add_attachment (comment, att);
  add_comment (changes, comment);
  add_comment (changes, make_comment (11, 1, ME, TRUE, now - 2 * HOUR, "Please unplug it."));

  tend_article_set_title (article, "Printer safety");
  tend_article_set_body (article, "<p>Unplug the <b>printer</b> first &amp; call us.</p>");
  tend_article_set_url (article, "https://help.example/hc/articles/900");
  tend_article_set_labels (article, (const char * const[]) { "hardware", NULL });
  tend_article_set_extra_json (article, "{\"draft\":false}");
  tend_changeset_add_article (changes, article);

  tend_macro_set_title (macro, "Close and thank");
  tend_macro_set_actions_json (macro, "[{\"field\":\"status\",\"value\":\"solved\"}]");
  tend_macro_set_active (macro, TRUE);
  tend_changeset_add_macro (changes, macro);

  tend_changeset_set_cursor (changes, "tickets", "abc==");
  return changes;
}

static char *
dump_database (const char *path)
{
  const char *tables[] = { "tickets", "ticket_tags", "comments", "attachments", "users",
                           "organizations", "articles", "macros", "sync_state", "meta",
                           "ticket_fts", "users_fts", "articles_fts" };
  sqlite3 *db = open_raw (path);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1", tables[i]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", tables[i]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }

  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
test_write_idempotent (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = make_rich_changeset ();
  g_autoptr(GError) error = NULL;
  TendStoreStats first, second;
  g_autofree char *dump1 = NULL;
  g_autofree char *dump2 = NULL;
  g_autoptr(TendTicket) ticket = NULL;

  write_or_die (fixture->store, changes);
  g_assert_true (tend_store_get_stats (fixture->store, &first, &error));
  g_assert_no_error (error);
  dump1 = dump_database (fixture->path);

  write_or_die (fixture->store, changes);
  g_assert_true (tend_store_get_stats (fixture->store, &second, &error));
  dump2 = dump_database (fixture->path);

  g_assert_cmpint (first.tickets, ==, 1);
  g_assert_cmpint (first.comments, ==, 2);
  g_assert_cmpint (first.users, ==, 4);
  g_assert_cmpint (first.organizations, ==, 2);
  g_assert_cmpint (first.articles, ==, 1);
  g_assert_cmpint (first.macros, ==, 1);
  g_assert_cmpint (first.outbox, ==, 0);
  g_assert_cmpmem (&first, sizeof first, &second, sizeof second);
  g_assert_cmpstr (dump1, ==, dump2);

  /* The planner has statistics to choose indexes by. */
  {
    sqlite3 *db = open_raw (fixture->path);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'tickets'"), >, 0);
    sqlite3_close (db);
  }

  ticket = tend_store_get_ticket (fixture->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_ticket_get_subject (ticket), ==, "Printer on fire");
  g_assert_cmpstr (tend_ticket_get_description (ticket), ==, "The printer is on fire again");
  g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_OPEN);
  g_assert_cmpint (tend_ticket_get_priority (ticket), ==, TEND_TICKET_PRIORITY_URGENT);
  g_assert_cmpstr (tend_ticket_get_ticket_type (ticket), ==, "incident");
  g_assert_cmpint (tend_ticket_get_assignee_id (ticket), ==, ME);
  g_assert_cmpint (tend_ticket_get_requester_id (ticket), ==, ANN);
  g_assert_cmpint (tend_ticket_get_submitter_id (ticket), ==, ANN);
  g_assert_cmpint (tend_ticket_get_group_id (ticket), ==, 42);
  g_assert_cmpint (tend_ticket_get_organization_id (ticket), ==, ACME);
  g_assert_cmpint (tend_ticket_get_updated_at (ticket), ==, now - HOUR);
  g_assert_cmpint (tend_ticket_get_created_at (ticket), ==, now - HOUR - DAY);
  g_assert_cmpstrv (tend_ticket_get_tags (ticket), ((const char * const[]) { "vip", "hardware", NULL }));
  g_assert_cmpstr (tend_ticket_get_satisfaction (ticket), ==, "good");
  g_assert_cmpstr (tend_ticket_get_satisfaction_comment (ticket), ==, "Quick!");
  g_assert_cmpstr (tend_ticket_get_requester_name (ticket), ==, "Ann Lee");
  g_assert_cmpstr (tend_ticket_get_requester_email (ticket), ==, "ann@acme.example");
  g_assert_cmpuint (tend_ticket_get_comment_count (ticket), ==, 2);
  g_assert_true (tend_ticket_get_unread (ticket));
}

static void
test_write_extra_json (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = make_rich_changeset ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(TendArticle) article = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *fields;

  write_or_die (fixture->store, changes);

  ticket = tend_store_get_ticket (fixture->store, 1, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, tend_ticket_get_extra_json (ticket), -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  fields = json_object_get_array_member (root, "custom_fields");
  g_assert_cmpuint (json_array_get_length (fields), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (fields, 0), "id"), ==, 360001);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fields, 0), "value"), ==, "gold");

  comments = tend_store_list_comments (fixture->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_comment_get_extra_json (g_ptr_array_index (comments, 0)), ==,
                   "{\"via\":{\"channel\":\"email\"}}");

  article = tend_store_get_article (fixture->store, 900, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_article_get_extra_json (article), ==, "{\"draft\":false}");
}

static void
test_read_getters (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = make_rich_changeset ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) macros = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(TendUser) user = NULL;
  g_autoptr(TendUser) by_email = NULL;
  g_autoptr(TendOrganization) org = NULL;
  g_autoptr(TendArticle) article = NULL;
  g_autoptr(TendTicket) missing = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *nothing = NULL;
  g_autofree char *me = NULL;
  TendComment *first;
  TendAttachment *att;

  write_or_die (fixture->store, changes);

  comments = tend_store_list_comments (fixture->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 2);
  first = g_ptr_array_index (comments, 0);
  g_assert_cmpint (tend_comment_get_id (first), ==, 10);
  g_assert_cmpstr (tend_comment_get_author_name (first), ==, "Ann Lee");
  g_assert_cmpint (tend_comment_get_author_role (first), ==, TEND_USER_ROLE_END_USER);
  g_assert_cmpstr (tend_comment_get_html_body (first), ==, "<p>The printer is on fire again</p>");
  g_assert_true (tend_comment_get_public (first));
  g_assert_cmpuint (tend_comment_get_attachments (first)->len, ==, 1);
  att = g_ptr_array_index (tend_comment_get_attachments (first), 0);
  g_assert_cmpint (tend_attachment_get_id (att), ==, 5000);
  g_assert_cmpint (tend_attachment_get_comment_id (att), ==, 10);
  g_assert_cmpint (tend_attachment_get_ticket_id (att), ==, 1);
  g_assert_cmpstr (tend_attachment_get_file_name (att), ==, "fire.jpg");
  g_assert_cmpstr (tend_attachment_get_content_type (att), ==, "image/jpeg");
  g_assert_cmpint (tend_attachment_get_size (att), ==, 12345);
  g_assert_cmpstr (tend_comment_get_author_name (g_ptr_array_index (comments, 1)), ==, "Sam Agent");
  g_assert_cmpint (tend_comment_get_author_role (g_ptr_array_index (comments, 1)), ==, TEND_USER_ROLE_AGENT);
  g_assert_cmpuint (tend_comment_get_attachments (g_ptr_array_index (comments, 1))->len, ==, 0);

  user = tend_store_get_user (fixture->store, ANN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_user_get_email (user), ==, "ann@acme.example");
  g_assert_cmpint (tend_user_get_organization_id (user), ==, ACME);
  by_email = tend_store_find_user_by_email (fixture->store, "ANN@Acme.Example", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_user_get_id (by_email), ==, ANN);

  org = tend_store_get_organization (fixture->store, ACME, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_organization_get_name (org), ==, "Acme Corporation");

  article = tend_store_get_article (fixture->store, 900, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_article_get_title (article), ==, "Printer safety");
  g_assert_cmpstrv (tend_article_get_labels (article), ((const char * const[]) { "hardware", NULL }));

  articles = tend_store_list_articles (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (articles->len, ==, 1);

  macros = tend_store_list_macros (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (macros->len, ==, 1);
  g_assert_cmpstr (tend_macro_get_title (g_ptr_array_index (macros, 0)), ==, "Close and thank");
  g_assert_cmpstr (tend_macro_get_actions_json (g_ptr_array_index (macros, 0)), ==,
                   "[{\"field\":\"status\",\"value\":\"solved\"}]");

  cursor = tend_store_dup_cursor (fixture->store, "tickets");
  g_assert_cmpstr (cursor, ==, "abc==");
  nothing = tend_store_dup_cursor (fixture->store, "users");
  g_assert_null (nothing);
  me = tend_store_dup_meta (fixture->store, "me");
  g_assert_cmpstr (me, ==, "100");
  g_assert_cmpint (tend_store_get_me (fixture->store), ==, ME);

  missing = tend_store_get_ticket (fixture->store, 424242, &error);
  g_assert_null (missing);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (tend_store_get_user (fixture->store, 424242, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
}

/* What json-glib makes of @json, the way the store read arrays of strings
 * before it had its own reader: the reference for that reader. */
static char **
strv_from_json_glib (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (json == NULL || json[0] == '\0' || strcmp (json, "[]") == 0 ||
      !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return NULL;

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static void
assert_strv_from_json (const char         *json,
                       const char * const *expected)
{
  g_auto(GStrv) got = _tend_store_strv_from_json (json);
  g_auto(GStrv) reference = strv_from_json_glib (json);

  if (expected == NULL)
    g_assert_null (got);
  else
    {
      g_assert_nonnull (got);
      g_assert_cmpstrv (got, expected);
    }
  /* Whichever way the text was read, the answer is json-glib's. */
  if (reference == NULL)
    g_assert_null (got);
  else
    g_assert_cmpstrv (got, reference);
}

/* Tags, labels and domain names: the plain arrays the store writes are
 * read without json-glib, and everything else still as JSON. */
static void
test_read_strv_from_json (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);

  /* Plain arrays. */
  assert_strv_from_json ("[\"vip\"]", (const char * const[]) { "vip", NULL });
  assert_strv_from_json ("[\"vip\",\"refund\",\"late\"]",
                         (const char * const[]) { "vip", "refund", "late", NULL });
  assert_strv_from_json ("[\"\"]", (const char * const[]) { "", NULL });
  assert_strv_from_json ("[\"\",\"a\",\"\"]", (const char * const[]) { "", "a", "", NULL });
  assert_strv_from_json ("[\"Zoë Ünal\",\"🔥\",\"a b/c'd\"]",
                         (const char * const[]) { "Zoë Ünal", "🔥", "a b/c'd", NULL });
  assert_strv_from_json ("[\"[\",\"]\",\",\"]", (const char * const[]) { "[", "]", ",", NULL });

  /* Nothing. */
  assert_strv_from_json (NULL, NULL);
  assert_strv_from_json ("", NULL);
  assert_strv_from_json ("[]", NULL);

  /* Escapes, spaces and other values: read as JSON. */
  assert_strv_from_json ("[\"say \\\"hi\\\"\",\"back\\\\slash\"]",
                         (const char * const[]) { "say \"hi\"", "back\\slash", NULL });
  assert_strv_from_json ("[\"tab\\there\",\"\\u00e9t\\u00E9\",\"a\\/b\"]",
                         (const char * const[]) { "tab\there", "été", "a/b", NULL });
  assert_strv_from_json ("[ \"a\" , \"b\" ]", (const char * const[]) { "a", "b", NULL });
  assert_strv_from_json ("[\"a\"]\n", (const char * const[]) { "a", NULL });
  assert_strv_from_json ("[ ]", (const char * const[]) { NULL });
  assert_strv_from_json ("[\"a\",1,null,true,[\"b\"],{\"c\":\"d\"},\"e\"]",
                         (const char * const[]) { "a", "e", NULL });
  assert_strv_from_json ("[1,2]", (const char * const[]) { NULL });
  /* json-glib takes a raw line break in a string; the store escapes it. */
  assert_strv_from_json ("[\"line\nbreak\"]", (const char * const[]) { "line\nbreak", NULL });

  /* Broken or not an array: nothing, as before. */
  assert_strv_from_json ("[\"a\"", NULL);
  assert_strv_from_json ("[\"a", NULL);
  assert_strv_from_json ("[\"a\",", NULL);
  assert_strv_from_json ("[\"a\",]", NULL);
  assert_strv_from_json ("[\"a\"\"b\"]", NULL);
  assert_strv_from_json ("[\"a\"]]", NULL);
  assert_strv_from_json ("[\"a\"],[\"b\"]", NULL);
  assert_strv_from_json ("\"a\"", NULL);
  assert_strv_from_json ("{\"a\":\"b\"}", NULL);
  assert_strv_from_json ("[\"\xff\xfe\"]", NULL);

  /* Whatever the store writes comes back the same, escaped or not. */
  for (guint round = 0; round < 500; round++)
    {
      static const char * const pieces[] = {
        "a", "Z", "0", " ", ",", "[", "]", "\"", "\\", "/", "\t", "\n", "\x01", "\x1f",
        "é", "ß", "🔥", "中", "\\u", "{}", ":", "'",
      };
      guint n = g_rand_int_range (rand, 0, 5);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;
      g_auto(GStrv) back = NULL;
      g_autofree char *json = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GString) word = g_string_new (NULL);
          guint length = g_rand_int_range (rand, 0, 8);

          for (guint j = 0; j < length; j++)
            g_string_append (word, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
          g_strv_builder_add (builder, word->str);
        }
      strv = g_strv_builder_end (builder);
      json = _tend_store_strv_to_json ((const char * const *) strv);
      back = _tend_store_strv_from_json (json);

      if (n == 0)
        g_assert_null (back);
      else
        {
          g_auto(GStrv) reference = strv_from_json_glib (json);

          g_assert_nonnull (back);
          g_assert_cmpstrv (back, strv);
          g_assert_cmpstrv (back, reference);
        }
    }
}

static void
test_read_state (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendChangeset) update = tend_changeset_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TendTicket) before = NULL;
  g_autoptr(TendTicket) read = NULL;
  g_autoptr(TendTicket) changed = NULL;

  add_people (changes);
  add_ticket (changes, make_ticket (1, "Hello", TEND_TICKET_STATUS_OPEN, ME, now - HOUR));
  write_or_die (fixture->store, changes);

  before = tend_store_get_ticket (fixture->store, 1, NULL);
  g_assert_true (tend_ticket_get_unread (before));

  g_assert_true (tend_store_set_read (fixture->store, 1, TRUE, &error));
  g_assert_no_error (error);
  read = tend_store_get_ticket (fixture->store, 1, NULL);
  g_assert_false (tend_ticket_get_unread (read));

  /* A later change on the server makes it unread again. */
  add_ticket (update, make_ticket (1, "Hello", TEND_TICKET_STATUS_OPEN, ME, now));
  write_or_die (fixture->store, update);
  changed = tend_store_get_ticket (fixture->store, 1, NULL);
  g_assert_true (tend_ticket_get_unread (changed));

  g_assert_true (tend_store_set_read (fixture->store, 1, TRUE, &error));
  g_assert_true (tend_store_set_read (fixture->store, 1, FALSE, &error));
  g_clear_object (&changed);
  changed = tend_store_get_ticket (fixture->store, 1, NULL);
  g_assert_true (tend_ticket_get_unread (changed));

  g_assert_false (tend_store_set_read (fixture->store, 999, TRUE, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
}

/* Views */

static void
write_view_data (TendStore *store)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();

  add_people (changes);
  add_ticket (changes, make_ticket (1, "New one", TEND_TICKET_STATUS_NEW, 0, now - 1 * HOUR));
  add_ticket (changes, make_ticket (2, "Mine open", TEND_TICKET_STATUS_OPEN, ME, now - 2 * HOUR));
  /* Same update time as 2: the higher id comes first. */
  add_ticket (changes, make_ticket (10, "Unassigned open", TEND_TICKET_STATUS_OPEN, 0, now - 2 * HOUR));
  add_ticket (changes, make_ticket (3, "Mine pending", TEND_TICKET_STATUS_PENDING, ME, now - 3 * HOUR));
  add_ticket (changes, make_ticket (4, "Other on hold", TEND_TICKET_STATUS_HOLD, OTHER_AGENT, now - 4 * HOUR));
  add_ticket (changes, make_ticket (5, "Mine solved", TEND_TICKET_STATUS_SOLVED, ME, now - 5 * HOUR));
  add_ticket (changes, make_ticket (6, "Old closed", TEND_TICKET_STATUS_CLOSED, 0, now - 30 * DAY));
  add_ticket (changes, make_ticket (7, "Old open", TEND_TICKET_STATUS_OPEN, 0, now - 10 * DAY));
  add_ticket (changes, make_ticket (8, "Deleted", TEND_TICKET_STATUS_DELETED, ME, now - 1 * HOUR));
  add_ticket (changes, make_ticket (9, "Old pending", TEND_TICKET_STATUS_PENDING, 0, now - 8 * DAY));
  write_or_die (store, changes);
}

static void
test_views (Fixture       *fixture,
            gconstpointer  data)
{
  static const struct {
    TendView    view;
    const char *ids;
  } expected[] = {
    { TEND_VIEW_MINE, "2 3" },
    { TEND_VIEW_UNASSIGNED, "1 10 9 7" },
    { TEND_VIEW_OPEN, "1 10 2 3 4 9 7" },
    { TEND_VIEW_PENDING, "3 4 9" },
    { TEND_VIEW_RECENT, "1 10 2 3 4 5" },
    { TEND_VIEW_SOLVED, "5 6" },
    { TEND_VIEW_ALL, "1 10 2 3 4 5 9 7 6" },
  };

  write_view_data (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *ids = list_ids (fixture->store, expected[i].view, NULL, 0, 100);
      g_autofree char *with_empty_query = list_ids (fixture->store, expected[i].view, "", 0, 100);
      g_auto(GStrv) split = g_strsplit (expected[i].ids, " ", -1);

      g_test_message ("view %s: %s", tend_view_to_string (expected[i].view), ids);
      g_assert_cmpstr (ids, ==, expected[i].ids);
      g_assert_cmpstr (with_empty_query, ==, expected[i].ids);
      g_assert_cmpuint (count (fixture->store, expected[i].view, NULL), ==, g_strv_length (split));
    }

  /* Pages by offset. */
  {
    g_autofree char *page = list_ids (fixture->store, TEND_VIEW_ALL, NULL, 2, 3);
    g_autofree char *tail = list_ids (fixture->store, TEND_VIEW_ALL, NULL, 7, 100);
    g_autofree char *past = list_ids (fixture->store, TEND_VIEW_ALL, NULL, 50, 100);
    g_autofree char *open_page = list_ids (fixture->store, TEND_VIEW_OPEN, NULL, 3, 2);

    g_assert_cmpstr (page, ==, "2 3 4");
    g_assert_cmpstr (tail, ==, "7 6");
    g_assert_cmpstr (past, ==, "");
    g_assert_cmpstr (open_page, ==, "3 4");
  }

  /* Searching within a view keeps to the view. */
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_MINE, "mine"), ==, 2);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "mine"), ==, 3);
  {
    g_autofree char *ids = list_ids (fixture->store, TEND_VIEW_SOLVED, "mine", 0, 10);
    g_assert_cmpstr (ids, ==, "5");
  }
}

static void
test_views_without_me (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autofree char *ids = NULL;

  /* Before the account knows who the agent is, nothing is "mine" (and
   * unassigned tickets must not show up there). */
  add_ticket (changes, make_ticket (1, "Unassigned", TEND_TICKET_STATUS_OPEN, 0, now));
  write_or_die (fixture->store, changes);

  g_assert_cmpint (tend_store_get_me (fixture->store), ==, 0);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_MINE, NULL), ==, 0);
  ids = list_ids (fixture->store, TEND_VIEW_MINE, NULL, 0, 10);
  g_assert_cmpstr (ids, ==, "");
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_UNASSIGNED, NULL), ==, 1);
}

/* Derived columns */

static TendTicket *
get_ticket (TendStore *store,
            gint64     id)
{
  g_autoptr(GError) error = NULL;
  TendTicket *ticket = tend_store_get_ticket (store, id, &error);

  g_assert_no_error (error);
  return ticket;
}

static void
test_derived (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendChangeset) reply = tend_changeset_new ();
  g_autoptr(TendChangeset) role = tend_changeset_new ();
  g_autoptr(TendTicket) waiting = NULL;
  g_autoptr(TendTicket) answered = NULL;
  g_autoptr(TendTicket) empty = NULL;
  g_autoptr(TendTicket) stranger = NULL;
  g_autoptr(GString) long_body = g_string_new ("First line\n\n   second\tline ");
  g_autofree char *expected_start = NULL;
  const char *last;

  while (long_body->len < 600)
    g_string_append (long_body, "and more words ");

  add_people (changes);
  add_ticket (changes, make_ticket (1, "Waiting", TEND_TICKET_STATUS_OPEN, ME, now));
  add_comment (changes, make_comment (11, 1, ANN, TRUE, now - 50, "Help please"));
  add_comment (changes, make_comment (12, 1, ME, TRUE, now - 40, "Try this"));
  add_comment (changes, make_comment (13, 1, ANN, TRUE, now - 30, "Did not work"));
  add_comment (changes, make_comment (14, 1, ANN, TRUE, now - 20, "Hello?"));
  /* An internal note is not an answer the customer sees. */
  add_comment (changes, make_comment (15, 1, ME, FALSE, now - 10, long_body->str));

  add_ticket (changes, make_ticket (2, "Answered", TEND_TICKET_STATUS_PENDING, ME, now));
  add_comment (changes, make_comment (21, 2, ANN, TRUE, now - 50, "Question"));
  add_comment (changes, make_comment (22, 2, OTHER_AGENT, TRUE, now - 40, "Answer"));

  add_ticket (changes, make_ticket (3, "No comments", TEND_TICKET_STATUS_NEW, 0, now));

  /* Author 555 is not known yet: taken for a customer. */
  add_ticket (changes, make_ticket (4, "Stranger", TEND_TICKET_STATUS_OPEN, 0, now));
  add_comment (changes, make_comment (41, 4, ANN, TRUE, now - 50, "Question"));
  add_comment (changes, make_comment (42, 4, 555, TRUE, now - 40, "Reply from someone"));
  write_or_die (fixture->store, changes);

  waiting = get_ticket (fixture->store, 1);
  g_assert_cmpint (tend_ticket_get_waiting_since (waiting), ==, now - 30);
  g_assert_cmpuint (tend_ticket_get_comment_count (waiting), ==, 5);
  g_assert_cmpint (tend_ticket_get_last_message_at (waiting), ==, now - 10);
  last = tend_ticket_get_last_message (waiting);
  g_assert_true (g_str_has_prefix (last, "First line second line and more words"));
  g_assert_null (strchr (last, '\n'));
  g_assert_null (strchr (last, '\t'));
  g_assert_cmpuint (g_utf8_strlen (last, -1), <=, 201);
  g_assert_true (g_str_has_suffix (last, "…"));

  answered = get_ticket (fixture->store, 2);
  g_assert_cmpint (tend_ticket_get_waiting_since (answered), ==, 0);
  g_assert_cmpstr (tend_ticket_get_last_message (answered), ==, "Answer");
  g_assert_cmpuint (tend_ticket_get_comment_count (answered), ==, 2);

  empty = get_ticket (fixture->store, 3);
  g_assert_cmpint (tend_ticket_get_waiting_since (empty), ==, 0);
  g_assert_cmpuint (tend_ticket_get_comment_count (empty), ==, 0);
  g_assert_null (tend_ticket_get_last_message (empty));

  stranger = get_ticket (fixture->store, 4);
  g_assert_cmpint (tend_ticket_get_waiting_since (stranger), ==, now - 50);

  /* The agent answers ticket 1 in a later write (comments only). */
  add_comment (reply, make_comment (16, 1, ME, TRUE, now - 5, "Fixed now"));
  write_or_die (fixture->store, reply);
  g_clear_object (&waiting);
  waiting = get_ticket (fixture->store, 1);
  g_assert_cmpint (tend_ticket_get_waiting_since (waiting), ==, 0);
  g_assert_cmpstr (tend_ticket_get_last_message (waiting), ==, "Fixed now");
  g_assert_cmpuint (tend_ticket_get_comment_count (waiting), ==, 6);

  /* 555 turns out to be an agent: ticket 4 is answered after all. */
  add_user (role, make_user (555, "Late Agent", "late@help.example", TEND_USER_ROLE_AGENT, 0));
  write_or_die (fixture->store, role);
  g_clear_object (&stranger);
  stranger = get_ticket (fixture->store, 4);
  g_assert_cmpint (tend_ticket_get_waiting_since (stranger), ==, 0);
}

static void
test_orphan_comments (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TendChangeset) comments = tend_changeset_new ();
  g_autoptr(TendChangeset) tickets = tend_changeset_new ();
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(TendTicket) lonely = NULL;

  /* Comments may arrive before their ticket; so may a ticket whose
   * requester is not known yet. */
  add_comment (comments, make_comment (11, 1, ANN, TRUE, now - 50, "Early bird"));
  write_or_die (fixture->store, comments);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, NULL), ==, 0);

  add_ticket (tickets, make_ticket (1, "Late ticket", TEND_TICKET_STATUS_OPEN, 0, now));
  write_or_die (fixture->store, tickets);

  ticket = get_ticket (fixture->store, 1);
  g_assert_cmpuint (tend_ticket_get_comment_count (ticket), ==, 1);
  g_assert_cmpstr (tend_ticket_get_last_message (ticket), ==, "Early bird");
  g_assert_null (tend_ticket_get_requester_name (ticket));
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "early"), ==, 1);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = make_rich_changeset ();
  g_autoptr(TendChangeset) more = tend_changeset_new ();
  g_autoptr(TendChangeset) deletion = tend_changeset_new ();
  g_autoptr(TendChangeset) as_status = tend_changeset_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  TendTicket *gone;
  TendStoreStats stats;
  sqlite3 *db;

  write_or_die (fixture->store, changes);
  add_ticket (more, make_ticket (2, "Second printer", TEND_TICKET_STATUS_OPEN, 0, now));
  add_comment (more, make_comment (20, 2, ANN, TRUE, now, "Also burning"));
  write_or_die (fixture->store, more);
  g_assert_true (tend_store_set_read (fixture->store, 1, TRUE, &error));
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "printer"), ==, 2);

  tend_changeset_delete_ticket (deletion, 1);
  write_or_die (fixture->store, deletion);

  gone = tend_store_get_ticket (fixture->store, 1, &error);
  g_assert_null (gone);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
  g_clear_error (&error);
  comments = tend_store_list_comments (fixture->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 0);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "printer"), ==, 1);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "fire"), ==, 0);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "tag:vip"), ==, 0);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, NULL), ==, 1);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM ticket_tags WHERE ticket_id = 1"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM attachments"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM read_state"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM ticket_fts WHERE rowid = 1"), ==, 0);
  sqlite3_close (db);

  /* The incremental export's way: a ticket with status "deleted". */
  add_ticket (as_status, make_ticket (2, "Second printer", TEND_TICKET_STATUS_DELETED, 0, now + 1));
  write_or_die (fixture->store, as_status);
  g_assert_true (tend_store_get_stats (fixture->store, &stats, &error));
  g_assert_cmpint (stats.tickets, ==, 0);
  g_assert_cmpint (stats.comments, ==, 0);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "printer"), ==, 0);
}

/* Search */

static void
write_search_data (TendStore *store)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GString) chatter = g_string_new (NULL);
  TendTicket *ticket;

  add_people (changes);

  ticket = make_ticket (1, "Router keeps rebooting", TEND_TICKET_STATUS_OPEN, ME, now - 1 * HOUR);
  tend_ticket_set_tags (ticket, (const char * const[]) { "vip", NULL });
  tend_ticket_set_organization_id (ticket, ACME);
  tend_ticket_set_priority (ticket, TEND_TICKET_PRIORITY_URGENT);
  add_ticket (changes, ticket);
  add_comment (changes, make_comment (11, 1, ANN, TRUE, now - 2 * HOUR,
                                      "Paid with my credit card, the router reboots hourly"));

  /* Mentions the router once, deep in a long conversation. */
  for (guint i = 0; i < 40; i++)
    g_string_append (chatter, "We talked about the weather and many other things. ");
  g_string_append (chatter, "By the way my router is fine.");
  ticket = make_ticket (2, "Question about invoices", TEND_TICKET_STATUS_PENDING, OTHER_AGENT, now - 2 * HOUR);
  tend_ticket_set_requester_id (ticket, BOB);
  tend_ticket_set_organization_id (ticket, GLOBEX);
  add_ticket (changes, ticket);
  add_comment (changes, make_comment (21, 2, BOB, TRUE, now - 3 * HOUR, chatter->str));
  add_comment (changes, make_comment (22, 2, BOB, TRUE, now - 3 * HOUR + 1, "Paid by card credit via paypal"));

  ticket = make_ticket (3, "Café order wrong", TEND_TICKET_STATUS_SOLVED, 0, now - 3 * HOUR);
  tend_ticket_set_tags (ticket, (const char * const[]) { "food", "VIP-gold", NULL });
  add_ticket (changes, ticket);
  add_comment (changes, make_comment (31, 3, ANN, TRUE, now - 4 * HOUR,
                                      "I ordered a crème brûlée 🍮 and got soup. مرحبا بالعالم"));

  ticket = make_ticket (4, "Printing problems", TEND_TICKET_STATUS_OPEN, 0, now - 4 * HOUR);
  tend_ticket_set_requester_id (ticket, BOB);
  add_ticket (changes, ticket);
  add_comment (changes, make_comment (41, 4, BOB, TRUE, now - 5 * HOUR, "The printer prints nothing"));

  write_or_die (store, changes);
}

static void
check_search (TendStore  *store,
              const char *query,
              const char *expected)
{
  g_autofree char *ids = list_ids (store, TEND_VIEW_ALL, query, 0, 50);
  g_auto(GStrv) split = g_strsplit (expected, " ", -1);

  g_test_message ("search “%s”: %s", query, ids);
  g_assert_cmpstr (ids, ==, expected);
  g_assert_cmpuint (count (store, TEND_VIEW_ALL, query), ==, expected[0] ? g_strv_length (split) : 0);
}

/* Same set, any order: for results whose ranks tie closely. */
static void
check_search_set (TendStore  *store,
                  const char *query,
                  const char *expected)
{
  g_autofree char *ids = list_ids (store, TEND_VIEW_ALL, query, 0, 50);
  g_auto(GStrv) got = g_strsplit (ids, " ", -1);
  g_auto(GStrv) want = g_strsplit (expected, " ", -1);

  g_test_message ("search “%s”: %s", query, ids);
  g_assert_cmpuint (g_strv_length (got), ==, g_strv_length (want));
  for (guint i = 0; want[i] != NULL; i++)
    g_assert_true (g_strv_contains ((const char * const *) got, want[i]));
  g_assert_cmpuint (count (store, TEND_VIEW_ALL, query), ==, expected[0] ? g_strv_length (want) : 0);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  write_search_data (fixture->store);

  /* Words, anywhere in the conversation; all must match. */
  check_search (fixture->store, "rebooting", "1");
  check_search (fixture->store, "weather", "2");
  check_search (fixture->store, "router hourly", "1");
  check_search (fixture->store, "router nothing", "");

  /* Phrases keep their order. */
  check_search (fixture->store, "\"credit card\"", "1");
  check_search (fixture->store, "\"card credit\"", "2");
  check_search_set (fixture->store, "credit card", "1 2");

  /* Exclusions, with and without other words. */
  check_search (fixture->store, "credit -paypal", "1");
  check_search_set (fixture->store, "-paypal", "1 3 4");
  check_search (fixture->store, "-\"credit card\" paid", "2");

  /* Prefixes. */
  check_search_set (fixture->store, "print*", "4");
  check_search_set (fixture->store, "inv*", "2");

  /* Accents and case fold away. */
  check_search (fixture->store, "cafe", "3");
  check_search (fixture->store, "CAFÉ", "3");
  check_search (fixture->store, "creme brulee", "3");
  check_search (fixture->store, "مرحبا", "3");

  /* Filters, alone or with words. */
  check_search (fixture->store, "status:open", "1 4");
  check_search (fixture->store, "status:open status:pending", "1 2 4");
  check_search (fixture->store, "status:unsolved", "1 2 4");
  check_search (fixture->store, "priority:urgent", "1");
  check_search (fixture->store, "requester:ann@acme.example", "1 3");
  check_search (fixture->store, "requester:bob", "2 4");
  check_search (fixture->store, "requester:Brown", "2 4");
  check_search (fixture->store, "assignee:me", "1");
  check_search (fixture->store, "assignee:olga@help.example", "2");
  check_search (fixture->store, "assignee:none", "3 4");
  check_search (fixture->store, "tag:vip", "1");
  check_search (fixture->store, "tag:VIP", "1");
  check_search (fixture->store, "tag:vip-gold", "3");
  check_search (fixture->store, "tag:vip tag:food", "1 3");
  check_search (fixture->store, "org:acme", "1");
  check_search (fixture->store, "org:ACME", "1");
  check_search (fixture->store, "org:corp", "");
  check_search (fixture->store, "org:glob", "2");
  check_search (fixture->store, "router status:open", "1");
  check_search (fixture->store, "router status:solved", "");
  check_search (fixture->store, "paid -paypal requester:ann", "1");
  check_search (fixture->store, "status:open -printer", "1");
}

static void
test_search_bad_filter (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendQuery) query = tend_query_parse ("status:bogus", &error);
  g_autoptr(GPtrArray) tickets = NULL;

  write_search_data (fixture->store);
  g_assert_no_error (error);

  /* The parser turns an unknown status into words to search for: no
   * ticket says "status bogus". */
  tickets = tend_store_list_tickets (fixture->store, TEND_VIEW_ALL, query, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 0);
  g_assert_cmpuint (tend_store_count_tickets (fixture->store, TEND_VIEW_ALL, query, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_search_hostile (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  const char *fixed[] = {
    "\"unbalanced", "unbalanced\"", "\"\"\"", "NEAR(", "NEAR(router", "NEAR(a b, 2)", "*", "**",
    "^", "^router", "router^", "OR", "AND", "NOT", "router OR", "OR router", "a AND NOT b",
    "-", "--", "-*", "(", ")", "(router", "subject:router", "{subject}: router", "col:val",
    "'); DROP TABLE tickets; --", "\\", "%", "_", "router%", "🍮", "🍮*", "مرحبا", "שלום עולם",
    "\xe2\x80\x8f", "\xef\xbb\xbf", "status:", "tag:", "org:", "requester:", "assignee:",
    "org:%", "requester:%_", "tag:'", "cafe\xcc\x81", "ß", "İ", "+router", ":", "::", "\"*\"",
  };
  guint n_ok = 0;

  write_search_data (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (queries, g_strdup (fixed[i]));
  while (huge->len < 10 * 1024)
    g_string_append (huge, "router \"credit NEAR( -paypal OR * ^ ");
  g_ptr_array_add (queries, g_strdup (huge->str));

  for (guint i = 0; i < queries->len; i++)
    {
      const char *text = g_ptr_array_index (queries, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(TendQuery) query = tend_query_parse (text, &error);
      g_autoptr(GPtrArray) tickets = NULL;
      g_autoptr(GPtrArray) articles = NULL;
      g_autoptr(GPtrArray) users = NULL;

      /* Only the parser may refuse (e.g. the 10 kB query), and only as
       * BAD_QUERY; what it accepts the store must run. */
      if (query == NULL)
        {
          g_assert_error (error, TEND_ERROR, TEND_ERROR_BAD_QUERY);
          continue;
        }
      g_assert_no_error (error);

      tickets = tend_store_list_tickets (fixture->store, TEND_VIEW_ALL, query, 0, 50, &error);
      g_assert_no_error (error);
      g_assert_nonnull (tickets);
      tend_store_count_tickets (fixture->store, TEND_VIEW_OPEN, query, &error);
      g_assert_no_error (error);
      articles = tend_store_search_articles (fixture->store, query, 10, &error);
      g_assert_no_error (error);
      users = tend_store_search_users (fixture->store, query, 10, &error);
      g_assert_no_error (error);
      n_ok++;
    }

  /* Nearly all of them were searches, not refusals. */
  g_assert_cmpuint (n_ok, >=, G_N_ELEMENTS (fixed));
}

static void
test_search_ranking (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendQuery) query = tend_query_parse ("router", &error);
  g_autoptr(GPtrArray) tickets = NULL;
  const char *snippet;

  write_search_data (fixture->store);

  /* In the subject beats once in a long conversation. */
  tickets = tend_store_list_tickets (fixture->store, TEND_VIEW_ALL, query, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 2);
  g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (tickets, 0)), ==, 1);
  g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (tickets, 1)), ==, 2);

  /* Each result carries the matched words between the private-use marks. */
  for (guint i = 0; i < tickets->len; i++)
    {
      g_autofree char *lower = NULL;

      snippet = tend_ticket_get_search_snippet (g_ptr_array_index (tickets, i));
      g_assert_nonnull (snippet);
      g_test_message ("snippet of %" G_GINT64_FORMAT ": %s",
                      tend_ticket_get_id (g_ptr_array_index (tickets, i)), snippet);
      g_assert_true (g_utf8_validate (snippet, -1, NULL));
      lower = g_utf8_strdown (snippet, -1);
      g_assert_nonnull (strstr (lower, "\xee\x80\x80" "router" "\xee\x80\x81"));
    }
  /* The subject says "Router" too, and shows above the snippet anyway:
   * the snippet is the customer's words. */
  g_assert_nonnull (strstr (tend_ticket_get_search_snippet (g_ptr_array_index (tickets, 0)),
                            "reboots hourly"));

  /* Views list no snippet. */
  g_clear_pointer (&tickets, g_ptr_array_unref);
  tickets = tend_store_list_tickets (fixture->store, TEND_VIEW_ALL, NULL, 0, 10, &error);
  g_assert_null (tend_ticket_get_search_snippet (g_ptr_array_index (tickets, 0)));

  /* Pages of a ranked search follow the same order. */
  g_clear_pointer (&tickets, g_ptr_array_unref);
  tickets = tend_store_list_tickets (fixture->store, TEND_VIEW_ALL, query, 1, 10, &error);
  g_assert_cmpuint (tickets->len, ==, 1);
  g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (tickets, 0)), ==, 2);
}

/* More matches than the ranking window: pages across both tiers are
 * complete, ordered and without duplicates. */
static void
test_search_large (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TendQuery) query = tend_query_parse ("widget", &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  /* Ids 1 to 600 fall in the older tier. */
  const guint n = TEND_STORE_RANK_WINDOW + 600;
  guint offset = 0;

  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *subject = g_strdup_printf ("Ticket %u about %s", i,
                                                  i % 500 == 0 ? "widget widget" : "gadgets");
      TendTicket *ticket = make_ticket (i, subject, TEND_TICKET_STATUS_OPEN, 0, now - i);

      if (i % 100 == 0)
        tend_ticket_set_tags (ticket, (const char * const[]) { "rare", NULL });
      add_ticket (changes, ticket);
      add_comment (changes, make_comment (100000 + i, i, ANN, TRUE, now - i,
                                          i % 7 == 0 ? "a widget" : "the widget is broken, the widget"));
    }
  write_or_die (fixture->store, changes);

  g_assert_cmpuint (tend_store_count_tickets (fixture->store, TEND_VIEW_ALL, query, &error), ==, n);
  g_assert_cmpuint (tend_store_count_tickets (fixture->store, TEND_VIEW_OPEN, query, &error), ==, n);

  while (TRUE)
    {
      g_autoptr(GPtrArray) page = tend_store_list_tickets (fixture->store, TEND_VIEW_OPEN, query,
                                                           offset, 700, &error);
      g_assert_no_error (error);
      if (page->len == 0)
        break;
      g_assert_cmpuint (page->len, <=, 700);
      offset += page->len;
      g_ptr_array_extend_and_steal (all, g_steal_pointer (&page));
    }

  /* Every match exactly once. */
  g_assert_cmpuint (all->len, ==, n);
  for (guint i = 0; i < all->len; i++)
    {
      TendTicket *ticket = g_ptr_array_index (all, i);
      gint64 *id = g_new (gint64, 1);

      *id = tend_ticket_get_id (ticket);
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }

  /* The newest matches (ids above 600) come first, each tier best first:
   * the subjects that say "widget" twice (multiples of 500) lead their
   * tier. */
  for (guint i = 0; i < all->len; i++)
    {
      gint64 id = tend_ticket_get_id (g_ptr_array_index (all, i));

      if (i < TEND_STORE_RANK_WINDOW)
        g_assert_cmpint (id, >, 600);
      else
        g_assert_cmpint (id, <=, 600);
    }
  for (guint i = 0; i < (n / 500) - 1; i++)
    g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (all, i)) % 500, ==, 0);
  g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (all, TEND_STORE_RANK_WINDOW)), ==, 500);

  /* A filter that keeps every match takes the same path and order; one
   * that keeps a few ranks them exactly. */
  {
    g_autoptr(TendQuery) filtered = tend_query_parse ("widget status:open", &error);
    g_autoptr(TendQuery) few = tend_query_parse ("widget tag:rare", &error);
    g_autoptr(GPtrArray) page = tend_store_list_tickets (fixture->store, TEND_VIEW_ALL, filtered,
                                                         TEND_STORE_RANK_WINDOW - 10, 20, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 20);
    for (guint i = 0; i < page->len; i++)
      g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (page, i)), ==,
                       tend_ticket_get_id (g_ptr_array_index (all, TEND_STORE_RANK_WINDOW - 10 + i)));
    g_clear_pointer (&page, g_ptr_array_unref);

    /* Every 100th ticket, old or new; the doubled subjects lead. */
    page = tend_store_list_tickets (fixture->store, TEND_VIEW_ALL, few, 0, 1000, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, n / 100);
    for (guint i = 0; i < n / 500; i++)
      g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (page, i)) % 500, ==, 0);
    for (guint i = 0; i < page->len; i++)
      g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (page, i)) % 100, ==, 0);
    g_assert_cmpuint (tend_store_count_tickets (fixture->store, TEND_VIEW_ALL, few, &error), ==, n / 100);
  }

  /* One big page equals the small ones. */
  {
    g_autoptr(GPtrArray) whole = tend_store_list_tickets (fixture->store, TEND_VIEW_OPEN, query,
                                                          0, n + 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (whole->len, ==, n);
    for (guint i = 0; i < n; i++)
      g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (whole, i)), ==,
                       tend_ticket_get_id (g_ptr_array_index (all, i)));
  }
}

static void
test_list_agents (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GError) error = NULL;

  add_people (changes);
  write_or_die (fixture->store, changes);

  /* Agents and admins by name; customers never. */
  agents = tend_store_list_agents (fixture->store, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, ==, 2);
  g_assert_cmpstr (tend_user_get_name (g_ptr_array_index (agents, 0)), ==, "Olga Other");
  g_assert_cmpstr (tend_user_get_name (g_ptr_array_index (agents, 1)), ==, "Sam Agent");

  first = tend_store_list_agents (fixture->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpint (tend_user_get_id (g_ptr_array_index (first, 0)), ==, OTHER_AGENT);
}

static void
test_search_articles_users (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = make_rich_changeset ();
  g_autoptr(TendChangeset) more = tend_changeset_new ();
  g_autoptr(TendChangeset) renamed = tend_changeset_new ();
  g_autoptr(TendArticle) second = tend_article_new (901);
  g_autoptr(TendOrganization) acme = tend_organization_new (ACME);
  g_autoptr(GError) error = NULL;
  struct {
    const char *query;
    const char *ids;
  } article_cases[] = {
    { "printer", "900" },
    { "unplug", "900" },
    { "call", "900" },
    /* Markup, entities and scripts are not words of the article. */
    { "amp", "" },
    { "evil", "" },
    { "script", "" },
    { "nbsp", "" },
    { "café", "901" },
    { "password -printer", "901" },
    { "-password", "900" },
    /* Everything, by title. */
    { "", "900 901" },
  };
  struct {
    const char *query;
    const char *ids;
  } user_cases[] = {
    { "ann", "200" },
    { "lee", "200" },
    { "ann@acme.example", "200" },
    { "globex", "201" },
    { "acme", "200" },
    { "olg*", "101" },
    { "nobody", "" },
  };

  tend_article_set_title (second, "Reset a password");
  tend_article_set_body (second, "<div>Go to <a href=\"x\">settings</a>&nbsp;at the café.</div>"
                                 "<script>evil()</script><style>p { color: red }</style>"
                                 "<!-- a comment -->&lt;b&gt; &#233;t&#xE9;");
  tend_changeset_add_article (more, second);
  write_or_die (fixture->store, changes);
  write_or_die (fixture->store, more);

  for (guint i = 0; i < G_N_ELEMENTS (article_cases); i++)
    {
      g_autoptr(TendQuery) query = tend_query_parse (article_cases[i].query, &error);
      g_autoptr(GPtrArray) found = NULL;
      GString *ids = g_string_new (NULL);
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      found = tend_store_search_articles (fixture->store, query, 10, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < found->len; j++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, j > 0 ? " " : "",
                                tend_article_get_id (g_ptr_array_index (found, j)));
      got = g_string_free (ids, FALSE);
      g_test_message ("articles “%s”: %s", article_cases[i].query, got);
      g_assert_cmpstr (got, ==, article_cases[i].ids);
    }

  for (guint i = 0; i < G_N_ELEMENTS (user_cases); i++)
    {
      g_autoptr(TendQuery) query = tend_query_parse (user_cases[i].query, &error);
      g_autoptr(GPtrArray) found = NULL;
      GString *ids = g_string_new (NULL);
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      found = tend_store_search_users (fixture->store, query, 10, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < found->len; j++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, j > 0 ? " " : "",
                                tend_user_get_id (g_ptr_array_index (found, j)));
      got = g_string_free (ids, FALSE);
      g_test_message ("users “%s”: %s", user_cases[i].query, got);
      g_assert_cmpstr (got, ==, user_cases[i].ids);
    }

  /* Renaming an organization re-indexes its members. */
  tend_organization_set_name (acme, "Initech");
  tend_changeset_add_organization (renamed, acme);
  write_or_die (fixture->store, renamed);
  {
    g_autoptr(TendQuery) initech = tend_query_parse ("initech", NULL);
    g_autoptr(TendQuery) old_name = tend_query_parse ("acme corporation", NULL);
    g_autoptr(GPtrArray) found = tend_store_search_users (fixture->store, initech, 10, &error);
    g_autoptr(GPtrArray) none = tend_store_search_users (fixture->store, old_name, 10, &error);

    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (tend_user_get_id (g_ptr_array_index (found, 0)), ==, ANN);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* Threads and the changed signal */

typedef struct
{
  TendStore *store;
  GThread   *main_thread;
  guint      n_changed;
  guint      changes;
  gboolean   on_main_thread;
  gboolean   done;
  GError    *error;
} SignalData;

static void
on_changed (TendStore  *store,
            guint       changes,
            SignalData *data)
{
  data->n_changed++;
  data->changes |= changes;
  data->on_main_thread = g_thread_self () == data->main_thread;
}

static gpointer
write_in_thread (gpointer user_data)
{
  SignalData *data = user_data;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();

  add_ticket (changes, make_ticket (77, "From a thread", TEND_TICKET_STATUS_OPEN, 0, now));
  tend_store_write (data->store, changes, &data->error);
  return NULL;
}

static void
test_signal_sync (Fixture       *fixture,
                  gconstpointer  data_)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendChangeset) empty = tend_changeset_new ();
  SignalData data = { .main_thread = g_thread_self () };

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed), &data);

  /* On the owner thread the signal has fired when write() returns. */
  add_ticket (changes, make_ticket (1, "Now", TEND_TICKET_STATUS_OPEN, 0, now));
  add_comment (changes, make_comment (10, 1, ANN, TRUE, now, "Hi"));
  tend_changeset_set_cursor (changes, "tickets", "c1");
  write_or_die (fixture->store, changes);
  g_assert_cmpuint (data.n_changed, ==, 1);
  g_assert_true (data.on_main_thread);
  g_assert_cmpuint (data.changes & TEND_STORE_CHANGE_TICKETS, !=, 0);
  g_assert_cmpuint (data.changes & TEND_STORE_CHANGE_COMMENTS, !=, 0);
  g_assert_cmpuint (data.changes & TEND_STORE_CHANGE_META, !=, 0);
  g_assert_cmpuint (data.changes & TEND_STORE_CHANGE_ARTICLES, ==, 0);

  /* Nothing written, nothing said. */
  write_or_die (fixture->store, empty);
  g_assert_cmpuint (data.n_changed, ==, 1);

  data.changes = 0;
  g_assert_true (tend_store_set_read (fixture->store, 1, TRUE, NULL));
  g_assert_cmpuint (data.n_changed, ==, 2);
  g_assert_cmpuint (data.changes, ==, TEND_STORE_CHANGE_READ_STATE);

  g_signal_handlers_disconnect_by_data (fixture->store, &data);
}

static void
test_signal_thread (Fixture       *fixture,
                    gconstpointer  data_)
{
  SignalData data = { .store = fixture->store, .main_thread = g_thread_self () };
  GThread *thread;
  gint64 deadline;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed), &data);

  thread = g_thread_new ("writer", write_in_thread, &data);
  g_thread_join (thread);
  g_assert_no_error (data.error);

  /* Written, but the signal waits for the owner's main context. */
  g_assert_cmpuint (data.n_changed, ==, 0);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (data.n_changed == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (data.n_changed, ==, 1);
  g_assert_true (data.on_main_thread);
  g_assert_cmpuint (data.changes & TEND_STORE_CHANGE_TICKETS, !=, 0);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "thread"), ==, 1);

  g_signal_handlers_disconnect_by_data (fixture->store, &data);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SignalData *data = user_data;

  tend_store_write_finish (TEND_STORE (source), result, &data->error);
  data->done = TRUE;
}

static void
test_write_async (Fixture       *fixture,
                  gconstpointer  data_)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  SignalData data = { .store = fixture->store, .main_thread = g_thread_self () };

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed), &data);

  add_ticket (changes, make_ticket (5, "Async", TEND_TICKET_STATUS_OPEN, 0, now));
  tend_store_write_async (fixture->store, changes, NULL, on_written, &data);
  /* The store copied what it needs. */
  tend_changeset_clear (changes);

  while (!data.done || data.n_changed == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (data.error);
  g_assert_cmpuint (data.n_changed, ==, 1);
  g_assert_true (data.on_main_thread);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, NULL), ==, 1);

  g_signal_handlers_disconnect_by_data (fixture->store, &data);

  /* The worker thread drops its GTask (and the task's reference on the
   * store) a moment after the callback ran. */
  while (g_atomic_int_get (&G_OBJECT (fixture->store)->ref_count) > 1)
    g_usleep (1000);
}

/* Many threads writing at once: one writer at a time, nothing lost. */
typedef struct
{
  TendStore *store;
  gint64     base;
} WriterData;

static gpointer
write_many (gpointer user_data)
{
  WriterData *data = user_data;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(TendChangeset) changes = tend_changeset_new ();
      g_autoptr(GError) error = NULL;
      gint64 id = data->base + i;

      add_ticket (changes, make_ticket (id, "Concurrent", TEND_TICKET_STATUS_OPEN, 0, now));
      add_comment (changes, make_comment (id, id, ANN, TRUE, now, "hello"));
      if (!tend_store_write (data->store, changes, &error))
        g_error ("%s", error->message);
    }
  return NULL;
}

static void
test_write_concurrent (Fixture       *fixture,
                       gconstpointer  data_)
{
  WriterData data[4];
  GThread *threads[G_N_ELEMENTS (data)];
  TendStoreStats stats;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      data[i].store = fixture->store;
      data[i].base = (i + 1) * 1000;
      threads[i] = g_thread_new ("writer", write_many, &data[i]);
    }
  /* Reads on the owner thread meanwhile. */
  for (guint i = 0; i < 50; i++)
    count (fixture->store, TEND_VIEW_ALL, "hello");
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  /* The queued "changed" emissions hold references to the store. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_true (tend_store_get_stats (fixture->store, &stats, NULL));
  g_assert_cmpint (stats.tickets, ==, 80);
  g_assert_cmpint (stats.comments, ==, 80);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "hello"), ==, 80);
}

/* Storage errors */

static void
test_full_disk (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TendChangeset) first = make_rich_changeset ();
  g_autoptr(TendChangeset) big = tend_changeset_new ();
  g_autoptr(TendChangeset) small = tend_changeset_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(TendTicket) kept = NULL;
  g_autofree char *cursor = NULL;
  TendStoreStats before, after;
  sqlite3 *db;
  gint64 pages;

  write_or_die (fixture->store, first);
  g_assert_true (tend_store_get_stats (fixture->store, &before, NULL));

  db = open_raw (fixture->path);
  pages = raw_int (db, "PRAGMA page_count");
  sqlite3_close (db);

  /* The database may not grow past its current size. */
  g_assert_true (_tend_store_set_max_page_count (fixture->store, (int) pages, &error));
  g_assert_no_error (error);

  while (text->len < 64 * 1024)
    g_string_append (text, "A long message that fills the disk. ");
  for (guint i = 0; i < 50; i++)
    {
      add_ticket (big, make_ticket (1000 + i, "Filler", TEND_TICKET_STATUS_OPEN, 0, now));
      add_comment (big, make_comment (50000 + i, 1000 + i, ANN, TRUE, now, text->str));
    }
  tend_changeset_set_cursor (big, "tickets", "must-not-land");

  g_assert_false (tend_store_write (fixture->store, big, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_STORAGE);
  g_test_message ("full disk: %s", error->message);
  g_clear_error (&error);

  /* All or nothing: the earlier data and cursor are intact. */
  g_assert_true (tend_store_get_stats (fixture->store, &after, NULL));
  g_assert_cmpmem (&before, sizeof before, &after, sizeof after);
  kept = tend_store_get_ticket (fixture->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_ticket_get_subject (kept), ==, "Printer on fire");
  cursor = tend_store_dup_cursor (fixture->store, "tickets");
  g_assert_cmpstr (cursor, ==, "abc==");
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, "filler"), ==, 0);

  /* Space again: writing works. */
  g_assert_true (_tend_store_set_max_page_count (fixture->store, 1 << 30, &error));
  add_ticket (small, make_ticket (2000, "After the storm", TEND_TICKET_STATUS_OPEN, 0, now));
  write_or_die (fixture->store, small);
  write_or_die (fixture->store, big);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, NULL), ==, 52);
}

/* Groups, and articles and macros the helpdesk no longer has */

static void
write_groups_meta (TendStore  *store,
                   const char *json)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();

  tend_changeset_set_meta (changes, "groups", json);
  write_or_die (store, changes);
}

static char *
group_names (TendStore *store)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  groups = tend_store_list_groups (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < groups->len; i++)
    {
      TendStoreGroup *group = g_ptr_array_index (groups, i);

      g_string_append_printf (out, "%s%" G_GINT64_FORMAT "=%s", i > 0 ? "," : "",
                              group->id, group->name);
    }
  return g_string_free (out, FALSE);
}

static void
count_changed (TendStore *store,
               guint      changes,
               guint     *seen)
{
  *seen |= changes;
}

/* The backends' meta "groups" list becomes the groups table, whole. */
static void
test_groups (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *names = NULL;
  g_autofree char *name = NULL;
  guint seen = 0;

  g_assert_null (tend_store_dup_group_name (fixture->store, 2));
  names = group_names (fixture->store);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changed), &seen);

  /* Sorted by name; entries without a usable id are skipped. */
  write_groups_meta (fixture->store,
                     "[{\"id\":2,\"name\":\"support\"},{\"id\":1,\"name\":\"Billing\"},"
                     "{\"id\":\"x\",\"name\":\"Bad id\"},{\"name\":\"No id\"},{\"id\":-4,\"name\":\"Negative\"},"
                     "{\"id\":3,\"name\":\"<b>Tier 2</b>\"},{\"id\":4}]");
  g_assert_true (seen & TEND_STORE_CHANGE_GROUPS);
  names = group_names (fixture->store);
  g_assert_cmpstr (names, ==, "4=,3=<b>Tier 2</b>,1=Billing,2=support");
  g_clear_pointer (&names, g_free);
  name = tend_store_dup_group_name (fixture->store, 1);
  g_assert_cmpstr (name, ==, "Billing");
  g_clear_pointer (&name, g_free);
  /* A group without a name has none to show. */
  g_assert_null (tend_store_dup_group_name (fixture->store, 4));
  g_assert_null (tend_store_dup_group_name (fixture->store, 99));

  /* The next list replaces it: renamed, removed, added. */
  write_groups_meta (fixture->store, "[{\"id\":1,\"name\":\"Finance\"},{\"id\":5,\"name\":\"Abroad\"}]");
  names = group_names (fixture->store);
  g_assert_cmpstr (names, ==, "5=Abroad,1=Finance");
  g_clear_pointer (&names, g_free);

  /* Something that is not a list changes nothing. */
  write_groups_meta (fixture->store, "{\"id\":7,\"name\":\"Object\"}");
  write_groups_meta (fixture->store, "not json");
  names = group_names (fixture->store);
  g_assert_cmpstr (names, ==, "5=Abroad,1=Finance");
  g_clear_pointer (&names, g_free);

  /* An empty list empties it. */
  write_groups_meta (fixture->store, "[]");
  names = group_names (fixture->store);
  g_assert_cmpstr (names, ==, "");

  /* Other meta values are no news for the groups. */
  seen = 0;
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();

    tend_changeset_set_meta (changes, "views", "[]");
    write_or_die (fixture->store, changes);
  }
  g_assert_true (seen & TEND_STORE_CHANGE_META);
  g_assert_false (seen & TEND_STORE_CHANGE_GROUPS);
  g_signal_handlers_disconnect_by_func (fixture->store, count_changed, &seen);
}

/* A database synced before the groups table: the meta list is copied into
 * it by the upgrade. */
static void
test_schema_upgrade_groups (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "v3.db", NULL);
  g_autoptr(TendStore) store = NULL;
  g_autofree char *names = NULL;
  sqlite3 *db = NULL;
  static const char * const scripts[] = { "001-initial.sql", "002-outbox.sql", "003-insights.sql" };

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  raw_exec (db, "BEGIN");
  for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
    {
      g_autofree char *resource = g_strconcat ("/io/github/tenddesk/Tend/engine/schema/", scripts[i], NULL);
      g_autoptr(GBytes) script = g_resource_lookup_data (tend_engine_get_resource (), resource, 0, &error);
      g_autofree char *sql = NULL;

      g_assert_no_error (error);
      sql = g_strndup (g_bytes_get_data (script, NULL), g_bytes_get_size (script));
      raw_exec (db, sql);
    }
  raw_exec (db, "PRAGMA user_version = 3");
  raw_exec (db,
            "INSERT INTO meta (key, value) VALUES ('groups', "
            "  '[{\"id\":9000002,\"name\":\"Billing\"},{\"id\":9000001,\"name\":\"Support\"},"
            "    {\"id\":\"bad\",\"name\":\"Skipped\"}]')");
  raw_exec (db, "COMMIT");
  sqlite3_close (db);

  store = tend_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_store_get_schema_version (store), ==, tend_store_get_latest_schema_version ());
  g_assert_cmpint (tend_store_get_schema_version (store), >=, 4);
  names = group_names (store);
  g_assert_cmpstr (names, ==, "9000002=Billing,9000001=Support");

  g_clear_object (&store);
  remove_tmp_dir (dir);
}

static GArray *
make_ids (const gint64 *ids,
          guint         n)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (array, ids, n);
  return array;
}

/* Removing what a whole pass did not list: the rows, the article search
 * rows, and nothing queued in the outbox. */
static void
test_retain (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendOutbox) outbox = NULL;
  g_autoptr(TendMacro) doomed = NULL;
  g_autoptr(TendOutboxItem) item = NULL;
  g_autoptr(GPtrArray) macros = NULL;
  g_autoptr(GArray) keep = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const titles[] = { "Reset a password", "Refund an order", "Track a parcel" };
  static const gint64 keep_articles[] = { 902, 903, 4242 };
  static const gint64 keep_macros[] = { 801 };
  TendStoreStats stats;
  guint seen = 0;
  guint removed = 99;
  gint64 item_id;

  add_people (changes);
  add_ticket (changes, make_ticket (1, "Printer on fire", TEND_TICKET_STATUS_OPEN, 100, now));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(TendArticle) article = tend_article_new (901 + i);
      g_autoptr(TendMacro) macro = tend_macro_new (801 + i);

      tend_article_set_title (article, titles[i]);
      tend_article_set_body (article, "<p>Step by step</p>");
      g_ptr_array_add (changes->articles, g_steal_pointer (&article));
      tend_macro_set_title (macro, titles[i]);
      tend_macro_set_actions_json (macro, "[{\"field\":\"status\",\"value\":\"pending\"}]");
      g_ptr_array_add (changes->macros, g_steal_pointer (&macro));
    }
  write_or_die (fixture->store, changes);
  g_assert_cmpuint (count (fixture->store, TEND_VIEW_ALL, NULL), ==, 1);

  /* A change made with a macro the helpdesk is about to delete. */
  macros = tend_store_list_macros (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < macros->len; i++)
    if (tend_macro_get_id (g_ptr_array_index (macros, i)) == 802)
      doomed = g_object_ref (g_ptr_array_index (macros, i));
  g_assert_nonnull (doomed);
  outbox = tend_outbox_new (fixture->store);
  item_id = tend_outbox_apply_macro (outbox, 1, doomed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item_id, >, 0);

  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changed), &seen);

  keep = make_ids (keep_articles, G_N_ELEMENTS (keep_articles));
  g_assert_true (tend_store_retain_articles (fixture->store, keep, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_true (seen & TEND_STORE_CHANGE_ARTICLES);
  g_assert_false (seen & TEND_STORE_CHANGE_MACROS);
  {
    g_autoptr(TendArticle) gone = tend_store_get_article (fixture->store, 901, &error);

    g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
    g_assert_null (gone);
    g_clear_error (&error);
  }
  /* Its search row went with it; the others are still found. */
  {
    g_autoptr(TendQuery) query = tend_query_parse ("password", &error);
    g_autoptr(GPtrArray) found = NULL;

    g_assert_no_error (error);
    found = tend_store_search_articles (fixture->store, query, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 0);
    g_clear_pointer (&found, g_ptr_array_unref);
    g_clear_pointer (&query, tend_query_unref);
    query = tend_query_parse ("parcel", &error);
    g_assert_no_error (error);
    found = tend_store_search_articles (fixture->store, query, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (tend_article_get_id (g_ptr_array_index (found, 0)), ==, 903);
  }

  seen = 0;
  g_clear_pointer (&keep, g_array_unref);
  keep = make_ids (keep_macros, G_N_ELEMENTS (keep_macros));
  g_assert_true (tend_store_retain_macros (fixture->store, keep, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 2);
  g_assert_true (seen & TEND_STORE_CHANGE_MACROS);

  g_assert_true (tend_store_get_stats (fixture->store, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.articles, ==, 2);
  g_assert_cmpint (stats.macros, ==, 1);
  g_assert_cmpint (stats.tickets, ==, 1);
  /* The change made with the deleted macro still waits to be sent. */
  g_assert_cmpint (stats.outbox, ==, 1);
  item = tend_outbox_get_item (outbox, item_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_outbox_item_get_state (item), ==, TEND_OUTBOX_STATE_QUEUED);

  /* Nothing more to remove: no change, no signal. */
  seen = 0;
  g_assert_true (tend_store_retain_macros (fixture->store, keep, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (seen, ==, 0);

  g_signal_handlers_disconnect_by_func (fixture->store, count_changed, &seen);
  g_clear_object (&outbox);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  now = g_get_real_time () / G_USEC_PER_SEC;

  g_test_add_func ("/store/schema/create", test_schema_create);
  g_test_add_func ("/store/schema/upgrade-from-v1", test_schema_upgrade_from_v1);
  g_test_add_func ("/store/schema/too-new", test_schema_too_new);
  g_test_add_func ("/store/schema/corrupt", test_schema_corrupt);
  g_test_add_func ("/store/schema/upgrade-groups", test_schema_upgrade_groups);
  g_test_add_func ("/store/read/strv-from-json", test_read_strv_from_json);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/write/idempotent", test_write_idempotent);
  ADD ("/store/write/extra-json", test_write_extra_json);
  ADD ("/store/write/orphan-comments", test_orphan_comments);
  ADD ("/store/write/delete", test_delete);
  ADD ("/store/write/derived", test_derived);
  ADD ("/store/read/getters", test_read_getters);
  ADD ("/store/read/read-state", test_read_state);
  ADD ("/store/views/members", test_views);
  ADD ("/store/views/without-me", test_views_without_me);
  ADD ("/store/search/terms-and-filters", test_search);
  ADD ("/store/search/bad-filter", test_search_bad_filter);
  ADD ("/store/search/hostile", test_search_hostile);
  ADD ("/store/search/ranking", test_search_ranking);
  ADD ("/store/search/large", test_search_large);
  ADD ("/store/search/articles-users", test_search_articles_users);
  ADD ("/store/read/agents", test_list_agents);
  ADD ("/store/signal/sync", test_signal_sync);
  ADD ("/store/signal/thread", test_signal_thread);
  ADD ("/store/write/async", test_write_async);
  ADD ("/store/write/concurrent", test_write_concurrent);
  ADD ("/store/write/full-disk", test_full_disk);
  ADD ("/store/groups", test_groups);
  ADD ("/store/retain", test_retain);
#undef ADD

  return g_test_run ();
}
