/* tend-store.c: one SQLite database per helpdesk account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tend-article.h"
#include "tend-attachment.h"
#include "tend-comment.h"
#include "tend-engine-resources.h"
#include "tend-macro.h"
#include "tend-organization.h"
#include "tend-store-private.h"
#include "tend-ticket.h"
#include "tend-user.h"

#define SCHEMA_RESOURCE_DIR "/io/github/tenddesk/Tend/engine/schema"
/* 'TEND' in ASCII, set by the first schema script. */
#define TEND_APPLICATION_ID 1413828164
/* How long a connection waits for another process's lock (tendctl and the
 * app may share a database). */
#define BUSY_TIMEOUT_MS 5000
/* How much of the newest message a ticket row shows. */
#define LAST_MESSAGE_CHARS 200
/* Dynamic statements kept per connection before the cache starts over. */
#define MAX_DYNAMIC_STMTS 64
/* Planner statistics are gathered once this many tickets were written,
 * then each time the ticket count could have doubled. */
#define ANALYZE_MIN_TICKETS 2000
/* Up to this size the full-text index is merged into one segment along
 * with the statistics (see maybe_analyze()). */
#define OPTIMIZE_MAX_TICKETS 20000

G_DEFINE_FINAL_TYPE (TendStore, tend_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SCHEMA_VERSION,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define USER_COLUMNS TEND_STORE_USER_COLUMNS
#define ORG_COLUMNS \
  "id, name, domain_names, tags, details, notes, created_at, updated_at, extra_json"
#define ARTICLE_COLUMNS TEND_STORE_ARTICLE_COLUMNS
#define MACRO_COLUMNS \
  "id, title, description, active, position, actions_json, updated_at"

static const char * const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",

  [STMT_USER_ROLE] = "SELECT role FROM users WHERE id = ?1",
  [STMT_UPSERT_USER] =
    "INSERT INTO users (" USER_COLUMNS ") "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, "
    "phone = excluded.phone, role = excluded.role, "
    "organization_id = excluded.organization_id, time_zone = excluded.time_zone, "
    "locale = excluded.locale, tags = excluded.tags, notes = excluded.notes, "
    "details = excluded.details, photo_url = excluded.photo_url, "
    "created_at = excluded.created_at, updated_at = excluded.updated_at, "
    "extra_json = excluded.extra_json",
  /* Search rows are written with INSERT ... VALUES, never INSERT ...
   * SELECT: a statement that may touch several rows opens a savepoint,
   * and FTS5 flushes its pending index data at every savepoint, which
   * made one segment per row and ingest several times slower. For the
   * same reason a row is deleted only when it exists (the docsize shadow
   * table tells cheaply). */
  [STMT_USER_FTS_TEXT] =
    "SELECT u.name, coalesce (u.email, ''), coalesce (o.name, '') "
    "FROM users u LEFT JOIN organizations o ON o.id = u.organization_id "
    "WHERE u.id = ?1",
  [STMT_USER_FTS_EXISTS] = "SELECT 1 FROM users_fts_docsize WHERE id = ?1",
  [STMT_DELETE_USER_FTS] = "DELETE FROM users_fts WHERE rowid = ?1",
  [STMT_INSERT_USER_FTS] =
    "INSERT INTO users_fts (rowid, name, email, organization) VALUES (?1, ?2, ?3, ?4)",
  [STMT_ORG_NAME] = "SELECT name FROM organizations WHERE id = ?1",
  [STMT_UPSERT_ORG] =
    "INSERT INTO organizations (" ORG_COLUMNS ") "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
    "domain_names = excluded.domain_names, tags = excluded.tags, "
    "details = excluded.details, notes = excluded.notes, "
    "created_at = excluded.created_at, updated_at = excluded.updated_at, "
    "extra_json = excluded.extra_json",
  [STMT_USERS_OF_ORG] = "SELECT id FROM users WHERE organization_id = ?1",
  [STMT_UPSERT_TICKET] =
    "INSERT INTO tickets (id, subject, description, status, priority, type, "
    "requester_id, submitter_id, assignee_id, group_id, organization_id, tags, "
    "created_at, updated_at, satisfaction, satisfaction_comment, extra_json) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
    "ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, "
    "description = excluded.description, status = excluded.status, "
    "priority = excluded.priority, type = excluded.type, "
    "requester_id = excluded.requester_id, submitter_id = excluded.submitter_id, "
    "assignee_id = excluded.assignee_id, group_id = excluded.group_id, "
    "organization_id = excluded.organization_id, tags = excluded.tags, "
    "created_at = excluded.created_at, updated_at = excluded.updated_at, "
    "satisfaction = excluded.satisfaction, "
    "satisfaction_comment = excluded.satisfaction_comment, "
    "extra_json = excluded.extra_json",
  [STMT_DELETE_TICKET_TAGS] = "DELETE FROM ticket_tags WHERE ticket_id = ?1",
  [STMT_INSERT_TICKET_TAGS] =
    "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) "
    "SELECT ?1, value FROM json_each (?2) WHERE type = 'text' AND value <> ''",
  [STMT_UPSERT_COMMENT] =
    "INSERT INTO comments (id, ticket_id, author_id, body, html_body, public, "
    "created_at, extra_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (id) DO UPDATE SET ticket_id = excluded.ticket_id, "
    "author_id = excluded.author_id, body = excluded.body, "
    "html_body = excluded.html_body, public = excluded.public, "
    "created_at = excluded.created_at, extra_json = excluded.extra_json",
  [STMT_DELETE_COMMENT_ATTACHMENTS] = "DELETE FROM attachments WHERE comment_id = ?1",
  [STMT_UPSERT_ATTACHMENT] =
    "INSERT INTO attachments (id, comment_id, ticket_id, file_name, content_type, "
    "size, content_url) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (id) DO UPDATE SET comment_id = excluded.comment_id, "
    "ticket_id = excluded.ticket_id, file_name = excluded.file_name, "
    "content_type = excluded.content_type, size = excluded.size, "
    "content_url = excluded.content_url",
  [STMT_TICKETS_BY_AUTHOR] = "SELECT DISTINCT ticket_id FROM comments WHERE author_id = ?1",
  [STMT_UPSERT_ARTICLE] =
    "INSERT INTO articles (" ARTICLE_COLUMNS ") "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, "
    "url = excluded.url, locale = excluded.locale, labels = excluded.labels, "
    "section_id = excluded.section_id, created_at = excluded.created_at, "
    "updated_at = excluded.updated_at, extra_json = excluded.extra_json",
  [STMT_ARTICLE_FTS_EXISTS] = "SELECT 1 FROM articles_fts_docsize WHERE id = ?1",
  [STMT_DELETE_ARTICLE_FTS] = "DELETE FROM articles_fts WHERE rowid = ?1",
  [STMT_INSERT_ARTICLE_FTS] = "INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
  [STMT_UPSERT_MACRO] =
    "INSERT INTO macros (" MACRO_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
    "description = excluded.description, active = excluded.active, "
    "position = excluded.position, actions_json = excluded.actions_json, "
    "updated_at = excluded.updated_at",
  [STMT_DELETE_TICKET] = "DELETE FROM tickets WHERE id = ?1",
  [STMT_DELETE_TICKET_COMMENTS] = "DELETE FROM comments WHERE ticket_id = ?1",
  [STMT_DELETE_TICKET_FTS] = "DELETE FROM ticket_fts WHERE rowid = ?1",
  [STMT_DELETE_TICKET_DRAFT] = "DELETE FROM drafts WHERE ticket_id = ?1",
  [STMT_SET_CURSOR] =
    "INSERT INTO sync_state (stream, cursor) VALUES (?1, ?2) "
    "ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor",
  [STMT_SET_META] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  [STMT_TICKET_TEXT] = "SELECT subject, description FROM tickets WHERE id = ?1",
  [STMT_TICKET_FTS_EXISTS] = "SELECT 1 FROM ticket_fts_docsize WHERE id = ?1",
  /* Newest first: the index on (ticket_id, created_at) read backwards. */
  [STMT_CONVERSATION] =
    "SELECT c.body, c.created_at, c.public, coalesce (u.role, 0) "
    "FROM comments c LEFT JOIN users u ON u.id = c.author_id "
    "WHERE c.ticket_id = ?1 ORDER BY c.created_at DESC, c.id DESC",
  [STMT_UPDATE_DERIVED] =
    "UPDATE tickets SET last_message = ?2, last_message_at = ?3, "
    "waiting_since = ?4, comment_count = ?5 WHERE id = ?1",
  [STMT_INSERT_TICKET_FTS] =
    "INSERT INTO ticket_fts (rowid, subject, description, comments) VALUES (?1, ?2, ?3, ?4)",
  [STMT_SET_READ] =
    "INSERT INTO read_state (ticket_id, read_at) "
    "SELECT id, updated_at FROM tickets WHERE id = ?1 "
    "ON CONFLICT (ticket_id) DO UPDATE SET read_at = excluded.read_at",
  [STMT_CLEAR_READ] = "DELETE FROM read_state WHERE ticket_id = ?1",

  [STMT_GET_TICKET] =
    "SELECT " TEND_STORE_TICKET_COLUMNS " FROM tickets t "
    TEND_STORE_TICKET_JOINS "WHERE t.id = ?1",
  [STMT_LIST_COMMENTS] =
    "SELECT c.id, c.ticket_id, c.author_id, c.body, c.html_body, c.public, "
    "c.created_at, c.extra_json, coalesce (u.role, 0), u.name "
    "FROM comments c LEFT JOIN users u ON u.id = c.author_id "
    "WHERE c.ticket_id = ?1 ORDER BY c.created_at, c.id",
  [STMT_LIST_TICKET_ATTACHMENTS] =
    "SELECT a.id, a.comment_id, a.ticket_id, a.file_name, a.content_type, a.size, "
    "a.content_url FROM comments c JOIN attachments a ON a.comment_id = c.id "
    "WHERE c.ticket_id = ?1 ORDER BY a.id",
  [STMT_GET_USER] = "SELECT " USER_COLUMNS " FROM users WHERE id = ?1",
  [STMT_FIND_USER_BY_EMAIL] =
    "SELECT " USER_COLUMNS " FROM users WHERE email = ?1 ORDER BY id LIMIT 1",
  [STMT_GET_ORG] = "SELECT " ORG_COLUMNS " FROM organizations WHERE id = ?1",
  [STMT_GET_ARTICLE] = "SELECT " ARTICLE_COLUMNS " FROM articles WHERE id = ?1",
  [STMT_LIST_MACROS] =
    "SELECT " MACRO_COLUMNS " FROM macros ORDER BY position, title COLLATE NOCASE, id",
  [STMT_GET_CURSOR] = "SELECT cursor FROM sync_state WHERE stream = ?1",
  [STMT_GET_META] = "SELECT value FROM meta WHERE key = ?1",
  [STMT_STATS] =
    "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM comments), "
    "(SELECT count(*) FROM users), (SELECT count(*) FROM organizations), "
    "(SELECT count(*) FROM articles), (SELECT count(*) FROM macros), "
    "(SELECT count(*) FROM outbox WHERE state <> 'sent')",
};

/* Errors and statements */

void
_tend_store_set_error (GError     **error,
                       sqlite3     *db,
                       int          rc,
                       const char  *what)
{
  int code;
  const char *msg;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = TEND_ERROR_CORRUPT;
      break;

    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_NOLFS:
    case SQLITE_PROTOCOL:
      code = TEND_ERROR_STORAGE;
      break;

    default:
      code = TEND_ERROR_FAILED;
      break;
    }

  /* The connection's message is the precise one ("database or disk is
   * full"); without a connection only the code is known. */
  msg = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  g_set_error (error, TEND_ERROR, code, "%s: %s", what, msg);
}

sqlite3_stmt *
_tend_store_db_get_stmt (TendStoreDb    *db,
                         TendStoreStmt   which,
                         GError        **error)
{
  int rc;

  g_assert (which < N_STMTS);

  if (db->stmts[which] != NULL)
    return db->stmts[which];

  rc = sqlite3_prepare_v3 (db->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                           &db->stmts[which], NULL);
  if (rc != SQLITE_OK)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not prepare a database statement"));
      g_clear_pointer (&db->stmts[which], sqlite3_finalize);
      return NULL;
    }

  return db->stmts[which];
}

sqlite3_stmt *
_tend_store_db_get_dynamic (TendStoreDb  *db,
                            const char   *sql,
                            GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (db->dynamic, sql);
  if (stmt != NULL)
    return stmt;

  /* The texts come from a handful of shapes, so this only trips when
   * something builds far more shapes than expected; starting over keeps
   * memory bounded either way. */
  if (g_hash_table_size (db->dynamic) >= MAX_DYNAMIC_STMTS)
    g_hash_table_remove_all (db->dynamic);

  rc = sqlite3_prepare_v3 (db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not prepare a database statement"));
      sqlite3_finalize (stmt);
      return NULL;
    }

  g_hash_table_insert (db->dynamic, g_strdup (sql), stmt);
  return stmt;
}

void
_tend_store_stmt_done (sqlite3_stmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Resets @stmt once its rows are read; FALSE (and @error) when the reading
 * stopped on an error (@rc) rather than at the end. */
static gboolean
rows_done (sqlite3       *db,
           sqlite3_stmt  *stmt,
           int            rc,
           const char    *what,
           GError       **error)
{
  _tend_store_stmt_done (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  _tend_store_set_error (error, db, rc, what);
  return FALSE;
}

static void
tend_store_db_init (TendStoreDb *db)
{
  memset (db, 0, sizeof *db);
  db->dynamic = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) sqlite3_finalize);
}

static void
tend_store_db_close (TendStoreDb *db)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&db->stmts[i], sqlite3_finalize);
  if (db->dynamic != NULL)
    g_hash_table_remove_all (db->dynamic);
  g_clear_pointer (&db->dynamic, g_hash_table_unref);
  g_clear_pointer (&db->db, sqlite3_close_v2);
}

static gboolean
exec_sql (TendStoreDb  *db,
          const char   *sql,
          const char   *what,
          GError      **error)
{
  int rc = sqlite3_exec (db->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _tend_store_set_error (error, db->db, rc, what);
      return FALSE;
    }
  return TRUE;
}

/* Steps a statement that returns no rows, then resets it. */
static gboolean
step_done (TendStoreDb   *db,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, db->db, rc, what);
      _tend_store_stmt_done (stmt);
      return FALSE;
    }

  _tend_store_stmt_done (stmt);
  return TRUE;
}

static gboolean
query_int (TendStoreDb  *db,
           const char   *sql,
           gint64       *value,
           GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      return TRUE;
    }

  _tend_store_set_error (error, db->db, rc, _("Could not read the database"));
  sqlite3_finalize (stmt);
  return FALSE;
}

static void
rollback (TendStoreDb *db)
{
  sqlite3_stmt *stmt;

  /* Some errors (a full disk among them) already ended the transaction. */
  if (sqlite3_get_autocommit (db->db))
    return;

  stmt = _tend_store_db_get_stmt (db, STMT_ROLLBACK, NULL);
  if (stmt == NULL || !step_done (db, stmt, "rollback", NULL))
    sqlite3_exec (db->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Binding helpers. The values outlive the step, so SQLite need not copy. */

static inline void
bind_text (sqlite3_stmt *stmt,
           int           idx,
           const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, idx, value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, idx);
}

/* For NOT NULL columns. */
static inline void
bind_text_nn (sqlite3_stmt *stmt,
              int           idx,
              const char   *value)
{
  sqlite3_bind_text (stmt, idx, value != NULL ? value : "", -1, SQLITE_STATIC);
}

static inline const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

/* JSON arrays of strings (tags, labels, domain names) */

static char *
strv_to_json (const char * const *strv)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      for (const char *p = strv[i]; *p; p++)
        {
          guchar c = *p;

          if (c == '"' || c == '\\')
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, c);
            }
          else if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
      g_string_append_c (out, '"');
    }

  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Reads the arrays strv_to_json() writes when no string needs an escape,
 * ["a","b"]: no spaces, no backslashes, no control characters, valid
 * UTF-8. Returns NULL for anything else, which json-glib then reads.
 * Every ticket, user and article read from the store goes through here,
 * and building a json-glib tree for a few tags took about a fifth of a
 * search's time on a store with tags. */
static char **
strv_from_plain_json (const char *json)
{
  const char *p = json;
  char **strv;
  guint n = 0;

  if (*p++ != '[')
    return NULL;

  /* First check the whole text, so that nothing is allocated for what
   * json-glib will read anyway. */
  for (;;)
    {
      const char *start;

      if (*p++ != '"')
        return NULL;
      start = p;
      /* A NUL (end of text), a control character or an escape stops it. */
      while (*p != '"' && *p != '\\' && (guchar) *p >= 0x20)
        p++;
      if (*p != '"' || !g_utf8_validate (start, p - start, NULL))
        return NULL;
      n++;
      p++;
      if (*p == ',')
        p++;
      else if (p[0] == ']' && p[1] == '\0')
        break;
      else
        return NULL;
    }

  strv = g_new (char *, n + 1);
  p = json + 1;
  for (guint i = 0; i < n; i++)
    {
      const char *end = strchr (p + 1, '"');

      strv[i] = g_strndup (p + 1, end - (p + 1));
      p = end + 2;
    }
  strv[n] = NULL;
  return strv;
}

char **
_tend_store_strv_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *root;
  JsonArray *array;
  char **plain;

  /* The common case by far: no tags. */
  if (json == NULL || json[0] == '\0' || strcmp (json, "[]") == 0)
    return NULL;

  plain = strv_from_plain_json (json);
  if (plain != NULL)
    return plain;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  array = json_node_get_array (root);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

/* Rows to objects */

TendTicket *
_tend_store_ticket_from_stmt (sqlite3_stmt *stmt)
{
  TendTicket *ticket = tend_ticket_new (sqlite3_column_int64 (stmt, 0));
  g_auto(GStrv) tags = _tend_store_strv_from_json (column_text (stmt, 11));

  /* Properties are set before anyone can connect to notify::, so this
   * costs no signal emissions worth speaking of. */
  tend_ticket_set_subject (ticket, column_text (stmt, 1));
  tend_ticket_set_description (ticket, column_text (stmt, 2));
  tend_ticket_set_status (ticket, sqlite3_column_int (stmt, 3));
  tend_ticket_set_priority (ticket, sqlite3_column_int (stmt, 4));
  tend_ticket_set_ticket_type (ticket, column_text (stmt, 5));
  tend_ticket_set_requester_id (ticket, sqlite3_column_int64 (stmt, 6));
  tend_ticket_set_submitter_id (ticket, sqlite3_column_int64 (stmt, 7));
  tend_ticket_set_assignee_id (ticket, sqlite3_column_int64 (stmt, 8));
  tend_ticket_set_group_id (ticket, sqlite3_column_int64 (stmt, 9));
  tend_ticket_set_organization_id (ticket, sqlite3_column_int64 (stmt, 10));
  tend_ticket_set_tags (ticket, (const char * const *) tags);
  tend_ticket_set_created_at (ticket, sqlite3_column_int64 (stmt, 12));
  tend_ticket_set_updated_at (ticket, sqlite3_column_int64 (stmt, 13));
  tend_ticket_set_satisfaction (ticket, column_text (stmt, 14));
  tend_ticket_set_satisfaction_comment (ticket, column_text (stmt, 15));
  tend_ticket_set_extra_json (ticket, column_text (stmt, 16));
  tend_ticket_set_last_message (ticket, column_text (stmt, 17));
  tend_ticket_set_last_message_at (ticket, sqlite3_column_int64 (stmt, 18));
  tend_ticket_set_waiting_since (ticket, sqlite3_column_int64 (stmt, 19));
  tend_ticket_set_comment_count (ticket, sqlite3_column_int (stmt, 20));
  tend_ticket_set_requester_name (ticket, column_text (stmt, 21));
  tend_ticket_set_requester_email (ticket, column_text (stmt, 22));
  tend_ticket_set_unread (ticket, sqlite3_column_int (stmt, 23) != 0);
  /* 0: nothing in the outbox, 1: waiting to be sent, 2: refused or in
   * conflict, waiting for the agent. */
  tend_ticket_set_pending (ticket, sqlite3_column_int (stmt, 24) != 0);
  tend_ticket_set_needs_attention (ticket, sqlite3_column_int (stmt, 24) == 2);

  return ticket;
}

TendUser *
_tend_store_user_from_stmt (sqlite3_stmt *stmt)
{
  TendUser *user = tend_user_new (sqlite3_column_int64 (stmt, 0));
  g_auto(GStrv) tags = _tend_store_strv_from_json (column_text (stmt, 8));

  tend_user_set_name (user, column_text (stmt, 1));
  tend_user_set_email (user, column_text (stmt, 2));
  tend_user_set_phone (user, column_text (stmt, 3));
  tend_user_set_role (user, sqlite3_column_int (stmt, 4));
  tend_user_set_organization_id (user, sqlite3_column_int64 (stmt, 5));
  tend_user_set_time_zone (user, column_text (stmt, 6));
  tend_user_set_locale (user, column_text (stmt, 7));
  tend_user_set_tags (user, (const char * const *) tags);
  tend_user_set_notes (user, column_text (stmt, 9));
  tend_user_set_details (user, column_text (stmt, 10));
  tend_user_set_photo_url (user, column_text (stmt, 11));
  tend_user_set_created_at (user, sqlite3_column_int64 (stmt, 12));
  tend_user_set_updated_at (user, sqlite3_column_int64 (stmt, 13));
  tend_user_set_extra_json (user, column_text (stmt, 14));

  return user;
}

TendOrganization *
_tend_store_organization_from_stmt (sqlite3_stmt *stmt)
{
  TendOrganization *org = tend_organization_new (sqlite3_column_int64 (stmt, 0));
  g_auto(GStrv) domains = _tend_store_strv_from_json (column_text (stmt, 2));
  g_auto(GStrv) tags = _tend_store_strv_from_json (column_text (stmt, 3));

  tend_organization_set_name (org, column_text (stmt, 1));
  tend_organization_set_domain_names (org, (const char * const *) domains);
  tend_organization_set_tags (org, (const char * const *) tags);
  tend_organization_set_details (org, column_text (stmt, 4));
  tend_organization_set_notes (org, column_text (stmt, 5));
  tend_organization_set_created_at (org, sqlite3_column_int64 (stmt, 6));
  tend_organization_set_updated_at (org, sqlite3_column_int64 (stmt, 7));
  tend_organization_set_extra_json (org, column_text (stmt, 8));

  return org;
}

TendArticle *
_tend_store_article_from_stmt (sqlite3_stmt *stmt)
{
  TendArticle *article = tend_article_new (sqlite3_column_int64 (stmt, 0));
  g_auto(GStrv) labels = _tend_store_strv_from_json (column_text (stmt, 5));

  tend_article_set_title (article, column_text (stmt, 1));
  tend_article_set_body (article, column_text (stmt, 2));
  tend_article_set_url (article, column_text (stmt, 3));
  tend_article_set_locale (article, column_text (stmt, 4));
  tend_article_set_labels (article, (const char * const *) labels);
  tend_article_set_section_id (article, sqlite3_column_int64 (stmt, 6));
  tend_article_set_created_at (article, sqlite3_column_int64 (stmt, 7));
  tend_article_set_updated_at (article, sqlite3_column_int64 (stmt, 8));
  tend_article_set_extra_json (article, column_text (stmt, 9));

  return article;
}

static TendMacro *
macro_from_stmt (sqlite3_stmt *stmt)
{
  TendMacro *macro = tend_macro_new (sqlite3_column_int64 (stmt, 0));

  tend_macro_set_title (macro, column_text (stmt, 1));
  tend_macro_set_description (macro, column_text (stmt, 2));
  tend_macro_set_active (macro, sqlite3_column_int (stmt, 3) != 0);
  tend_macro_set_position (macro, sqlite3_column_int (stmt, 4));
  tend_macro_set_actions_json (macro, column_text (stmt, 5));
  tend_macro_set_updated_at (macro, sqlite3_column_int64 (stmt, 6));

  return macro;
}

/* HTML to plain text, for the article index */

static const struct {
  const char *name;
  const char *text;
} html_entities[] = {
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
  { "apos", "'" }, { "nbsp", " " }, { "ndash", "–" }, { "mdash", "—" },
  { "hellip", "…" }, { "laquo", "«" }, { "raquo", "»" }, { "lsquo", "‘" },
  { "rsquo", "’" }, { "ldquo", "“" }, { "rdquo", "”" }, { "copy", "©" },
  { "reg", "®" }, { "trade", "™" }, { "euro", "€" }, { "bull", "•" },
};

static const char *
decode_entity (const char *p,
               GString    *out)
{
  const char *semi;
  gsize len;

  /* p points at '&'; an entity is short and ends with ';'. */
  semi = strchr (p, ';');
  if (semi == NULL || semi - p > 10 || semi == p + 1)
    {
      g_string_append_c (out, '&');
      return p + 1;
    }

  len = semi - (p + 1);
  if (p[1] == '#')
    {
      g_autofree char *digits = g_strndup (p + 2, len - 1);
      gboolean hex = digits[0] == 'x' || digits[0] == 'X';
      char *end = NULL;
      guint64 cp = g_ascii_strtoull (hex ? digits + 1 : digits, &end, hex ? 16 : 10);

      if (end != NULL && *end == '\0' && end != (hex ? digits + 1 : digits) &&
          cp > 0 && cp <= 0x10FFFF && g_unichar_validate ((gunichar) cp))
        {
          if (cp < 0x20 || g_unichar_isspace ((gunichar) cp))
            g_string_append_c (out, ' ');
          else
            g_string_append_unichar (out, (gunichar) cp);
          return semi + 1;
        }
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (html_entities); i++)
        {
          if (strlen (html_entities[i].name) == len &&
              strncmp (p + 1, html_entities[i].name, len) == 0)
            {
              g_string_append (out, html_entities[i].text);
              return semi + 1;
            }
        }
    }

  g_string_append_c (out, '&');
  return p + 1;
}

static gboolean
tag_is (const char *tag,
        gsize       len,
        const char *name)
{
  return strlen (name) == len && g_ascii_strncasecmp (tag, name, len) == 0;
}

char *
_tend_store_html_to_text (const char *html)
{
  static const char * const block_tags[] = {
    "p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2",
    "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "section", "article",
  };
  GString *out;
  const char *p;

  if (html == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (html));
  p = html;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *name = p + 1;
          const char *end;
          gsize name_len = 0;
          gboolean closing = FALSE;

          if (g_str_has_prefix (p, "<!--"))
            {
              end = strstr (p + 4, "-->");
              p = end != NULL ? end + 3 : p + strlen (p);
              continue;
            }

          if (*name == '/')
            {
              closing = TRUE;
              name++;
            }
          while (g_ascii_isalnum (name[name_len]))
            name_len++;

          end = strchr (p, '>');
          if (name_len == 0 || end == NULL)
            {
              /* A lone '<' is text. */
              g_string_append_c (out, '<');
              p++;
              continue;
            }

          p = end + 1;

          /* Script and style bodies are not text anyone reads. */
          if (!closing && (tag_is (name, name_len, "script") || tag_is (name, name_len, "style")))
            {
              g_autofree char *close = g_strdup_printf ("</%.*s", (int) name_len, name);
              const char *q = p;

              while ((q = strchr (q, '<')) != NULL &&
                     g_ascii_strncasecmp (q, close, strlen (close)) != 0)
                q++;
              if (q == NULL)
                break;
              end = strchr (q, '>');
              p = end != NULL ? end + 1 : q + strlen (q);
              continue;
            }

          for (guint i = 0; i < G_N_ELEMENTS (block_tags); i++)
            {
              if (tag_is (name, name_len, block_tags[i]))
                {
                  g_string_append_c (out, '\n');
                  break;
                }
            }
          continue;
        }

      if (*p == '&')
        {
          p = decode_entity (p, out);
          continue;
        }

      g_string_append_c (out, *p);
      p++;
    }

  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);
      g_string_free (out, TRUE);
      return valid;
    }

  return g_string_free (out, FALSE);
}

/* The first LAST_MESSAGE_CHARS characters of @body on one line. */
static char *
collapse_message (const char *body)
{
  GString *out;
  gboolean space = FALSE;
  guint n_chars = 0;
  const char *p;

  if (body == NULL)
    return NULL;

  out = g_string_sized_new (LAST_MESSAGE_CHARS + 8);
  for (p = body; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;

      if (g_unichar_isspace (c) || c < 0x20)
        {
          space = out->len > 0;
          continue;
        }

      if (n_chars >= LAST_MESSAGE_CHARS)
        {
          g_string_append (out, "…");
          break;
        }

      if (space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

/* Schema */

typedef struct
{
  int   version;
  char *path;
} SchemaScript;

static int
compare_scripts (gconstpointer a,
                 gconstpointer b)
{
  const SchemaScript *sa = a;
  const SchemaScript *sb = b;

  return (sa->version > sb->version) - (sa->version < sb->version);
}

/* The scripts compiled into the engine, in order. Read once. */
static GArray *
get_schema_scripts (void)
{
  static GArray *scripts;

  if (g_once_init_enter (&scripts))
    {
      GArray *found = g_array_new (FALSE, TRUE, sizeof (SchemaScript));
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) names = NULL;

      names = g_resource_enumerate_children (tend_engine_get_resource (),
                                             SCHEMA_RESOURCE_DIR, 0, &error);
      if (names == NULL)
        g_critical ("No schema scripts in the engine's resources: %s", error->message);

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          SchemaScript script;
          char *end = NULL;
          guint64 version = g_ascii_strtoull (names[i], &end, 10);

          /* Only NNN-name.sql files are scripts. */
          if (end == names[i] || *end != '-' || !g_str_has_suffix (names[i], ".sql") ||
              version == 0 || version > G_MAXINT)
            continue;

          script.version = (int) version;
          script.path = g_strconcat (SCHEMA_RESOURCE_DIR "/", names[i], NULL);
          g_array_append_val (found, script);
        }

      g_array_sort (found, compare_scripts);
      g_once_init_leave (&scripts, found);
    }

  return scripts;
}

int
tend_store_get_latest_schema_version (void)
{
  GArray *scripts = get_schema_scripts ();

  if (scripts->len == 0)
    return 0;
  return g_array_index (scripts, SchemaScript, scripts->len - 1).version;
}

static gboolean
apply_script (TendStoreDb         *db,
              const SchemaScript  *script,
              GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *set_version = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 current = 0;

  bytes = g_resource_lookup_data (tend_engine_get_resource (), script->path, 0, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
                   _("Could not read schema script %s: %s"), script->path, local_error->message);
      return FALSE;
    }
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (!exec_sql (db, "BEGIN IMMEDIATE", _("Could not start the schema upgrade"), error))
    return FALSE;

  /* Another process may have upgraded the file while we waited for it. */
  if (!query_int (db, "PRAGMA user_version", &current, error))
    goto fail;
  if (current >= script->version)
    return exec_sql (db, "COMMIT", _("Could not finish the schema upgrade"), error);

  if (!exec_sql (db, sql, script->path, error))
    goto fail;

  set_version = g_strdup_printf ("PRAGMA user_version = %d", script->version);
  if (!exec_sql (db, set_version, _("Could not record the schema version"), error) ||
      !exec_sql (db, "COMMIT", _("Could not finish the schema upgrade"), error))
    goto fail;

  g_debug ("Applied schema script %s", script->path);
  return TRUE;

fail:
  rollback (db);
  return FALSE;
}

static gboolean
migrate (TendStoreDb  *db,
         const char   *path,
         int          *out_version,
         GError      **error)
{
  GArray *scripts = get_schema_scripts ();
  int latest = tend_store_get_latest_schema_version ();
  gint64 version = 0;
  gint64 app_id = 0;

  /* The first statement that reads the file: one that is not a database
   * fails here, with SQLITE_NOTADB (→ TEND_ERROR_CORRUPT). */
  if (!query_int (db, "PRAGMA user_version", &version, error) ||
      !query_int (db, "PRAGMA application_id", &app_id, error))
    return FALSE;

  if (version > latest)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_SCHEMA_TOO_NEW,
                   _("The database “%s” was written by a newer version of Tend "
                     "(schema version %d; this version knows up to %d). "
                     "Update Tend to open it."),
                   path, (int) version, latest);
      return FALSE;
    }

  if (version == 0)
    {
      gint64 n_objects = 0;

      /* An empty file becomes a Tend database; anyone else's is left alone. */
      if (!query_int (db, "SELECT count(*) FROM sqlite_master", &n_objects, error))
        return FALSE;
      if (n_objects > 0)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_CORRUPT,
                       _("“%s” is an SQLite database but not one of Tend’s"), path);
          return FALSE;
        }
    }
  else if (app_id != TEND_APPLICATION_ID)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_CORRUPT,
                   _("“%s” is an SQLite database but not one of Tend’s"), path);
      return FALSE;
    }

  /* Only now that the file is known to be ours (or empty) may it change. */
  if (!exec_sql (db, "PRAGMA journal_mode = WAL", _("Could not open the database"), error))
    return FALSE;

  for (guint i = 0; i < scripts->len; i++)
    {
      const SchemaScript *script = &g_array_index (scripts, SchemaScript, i);

      if (script->version <= version)
        continue;
      if (!apply_script (db, script, error))
        return FALSE;
      version = script->version;
    }

  *out_version = (int) version;
  return TRUE;
}

static gboolean
open_connection (TendStoreDb  *db,
                 const char   *path,
                 int           flags,
                 gboolean      reader,
                 GError      **error)
{
  int rc;

  /* Each connection is used by one thread at a time (the store's mutexes),
   * so SQLite's own per-call locking would be wasted work. */
  rc = sqlite3_open_v2 (path, &db->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Could not open the database “%s”"), path);

      _tend_store_set_error (error, db->db, rc, what);
      /* Whatever the reason, a file that cannot be opened is a storage
       * problem for the caller. */
      if (error != NULL && *error != NULL)
        (*error)->code = TEND_ERROR_STORAGE;
      return FALSE;
    }

  sqlite3_extended_result_codes (db->db, TRUE);
  sqlite3_busy_timeout (db->db, BUSY_TIMEOUT_MS);

  if (!exec_sql (db,
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA temp_store = MEMORY;",
                 _("Could not configure the database"), error))
    return FALSE;

  /* Measured on 100,000 generated tickets: a bigger page cache keeps the
   * FTS segments being merged in memory, and checkpointing every 32 MB
   * rather than every 4 MB copies pages that are rewritten often (index
   * segments, ticket rows) once instead of many times. Together they took
   * ingest from ~5,400 to ~6,900 tickets/s. The reader's cache holds the
   * view indexes and hot FTS pages. */
  if (!exec_sql (db,
                 reader ? "PRAGMA cache_size = -8192;"
                        : "PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 8000;",
                 _("Could not configure the database"), error))
    return FALSE;

  /* A programming error that writes through the reader must fail loudly
   * rather than bypass the writer's lock. */
  if (reader && !exec_sql (db, "PRAGMA query_only = ON", _("Could not configure the database"), error))
    return FALSE;

  return TRUE;
}

static TendStore *
open_store (const char  *path,
            gboolean     create,
            GError     **error)
{
  g_autoptr(TendStore) self = NULL;
  int flags = SQLITE_OPEN_READWRITE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (create)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                       _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
          return NULL;
        }
      flags |= SQLITE_OPEN_CREATE;
    }
  else if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                   _("There is no database at “%s”"), path);
      return NULL;
    }

  self = g_object_new (TEND_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!open_connection (&self->writer, path, flags, FALSE, error) ||
      !migrate (&self->writer, path, &self->schema_version, error) ||
      !open_connection (&self->reader, path, SQLITE_OPEN_READWRITE, TRUE, error))
    return NULL;

  /* Statistics are due with the next write if there are none yet (say,
   * an older Tend filled the file); otherwise once the tickets double. */
  {
    gint64 has_statistics = 0;

    if (!query_int (&self->writer,
                    "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'",
                    &has_statistics, error) ||
        (has_statistics && !query_int (&self->writer, "SELECT count(*) FROM tickets",
                                       &self->analyzed_tickets, error)))
      return NULL;
    if (!has_statistics)
      self->written_since_analyze = ANALYZE_MIN_TICKETS;
  }

  return g_steal_pointer (&self);
}

TendStore *
tend_store_open (const char  *path,
                 GError     **error)
{
  return open_store (path, TRUE, error);
}

TendStore *
tend_store_open_existing (const char  *path,
                          GError     **error)
{
  return open_store (path, FALSE, error);
}

const char *
tend_store_get_path (TendStore *self)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  return self->path;
}

int
tend_store_get_schema_version (TendStore *self)
{
  g_return_val_if_fail (TEND_IS_STORE (self), 0);

  return self->schema_version;
}

gboolean
_tend_store_set_max_page_count (TendStore  *self,
                                int         pages,
                                GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %d", pages);
  gboolean ret;

  g_mutex_lock (&self->writer_lock);
  ret = exec_sql (&self->writer, sql, "max_page_count", error);
  g_mutex_unlock (&self->writer_lock);

  return ret;
}

/* The "changed" signal, on the owner's context */

typedef struct
{
  TendStore *store;
  guint      changes;
} Emission;

static gboolean
emit_changed_cb (gpointer data)
{
  Emission *emission = data;

  g_signal_emit (emission->store, signals[CHANGED], 0, emission->changes);
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_object_unref (emission->store);
  g_free (emission);
}

static void
emit_changed (TendStore *self,
              guint      changes)
{
  Emission *emission;

  if (changes == 0)
    return;

  emission = g_new0 (Emission, 1);
  emission->store = g_object_ref (self);
  emission->changes = changes;

  /* On the owner thread, handlers run before write() returns. From any
   * other thread the emission is queued to the owner's context. (Not
   * g_main_context_invoke(): a worker whose thread-default context is the
   * global one would acquire it and emit on the wrong thread while the
   * owner is not iterating.) */
  if (g_thread_self () == self->owner || g_main_context_is_owner (self->context))
    {
      emit_changed_cb (emission);
      emission_free (emission);
    }
  else
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, emit_changed_cb, emission, emission_free);
      g_source_set_static_name (source, "[tend] TendStore::changed");
      g_source_attach (source, self->context);
    }
}

/* Writing */

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 ia = *(const gint64 *) a;
  gint64 ib = *(const gint64 *) b;

  return (ia > ib) - (ia < ib);
}

/* Sorts and removes duplicates. */
static void
unique_ids (GArray *ids)
{
  guint out = 0;

  g_array_sort (ids, compare_int64);
  for (guint i = 0; i < ids->len; i++)
    {
      if (out > 0 && g_array_index (ids, gint64, out - 1) == g_array_index (ids, gint64, i))
        continue;
      g_array_index (ids, gint64, out++) = g_array_index (ids, gint64, i);
    }
  g_array_set_size (ids, out);
}

static gboolean
contains_id (GArray *sorted,
             gint64  id)
{
  guint lo = 0, hi = sorted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 v = g_array_index (sorted, gint64, mid);

      if (v == id)
        return TRUE;
      if (v < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

static gboolean
run_id_stmt (TendStoreDb    *db,
             TendStoreStmt   which,
             gint64          id,
             GError        **error)
{
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (db, which, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_done (db, stmt, _("Could not write to the database"), error);
}

/* Collects the ids of a statement's first column (bound to @id). */
static gboolean
collect_ids (TendStoreDb    *db,
             TendStoreStmt   which,
             gint64          id,
             GArray         *out,
             GError        **error)
{
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (db, which, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 value = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (out, value);
    }
  return rows_done (db->db, stmt, rc, _("Could not read the database"), error);
}

/* Whether a statement bound to @id returns a row. */
static gboolean
id_exists (TendStoreDb    *db,
           TendStoreStmt   which,
           gint64          id,
           gboolean       *exists,
           GError        **error)
{
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (db, which, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  _tend_store_stmt_done (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not read the database"));
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* Deletes a search row when there is one, so that an insert may follow. */
static gboolean
clear_fts_row (TendStoreDb    *db,
               TendStoreStmt   exists_stmt,
               TendStoreStmt   delete_stmt,
               gint64          id,
               GError        **error)
{
  gboolean exists = FALSE;

  if (!id_exists (db, exists_stmt, id, &exists, error))
    return FALSE;
  return !exists || run_id_stmt (db, delete_stmt, id, error);
}

static gboolean
rebuild_user_fts (TendStoreDb  *db,
                  gint64        user_id,
                  GError      **error)
{
  sqlite3_stmt *text = _tend_store_db_get_stmt (db, STMT_USER_FTS_TEXT, error);
  sqlite3_stmt *insert = _tend_store_db_get_stmt (db, STMT_INSERT_USER_FTS, error);
  int rc;

  if (text == NULL || insert == NULL ||
      !clear_fts_row (db, STMT_USER_FTS_EXISTS, STMT_DELETE_USER_FTS, user_id, error))
    return FALSE;

  sqlite3_bind_int64 (text, 1, user_id);
  rc = sqlite3_step (text);
  if (rc != SQLITE_ROW)
    {
      _tend_store_stmt_done (text);
      if (rc == SQLITE_DONE)
        return TRUE;
      _tend_store_set_error (error, db->db, rc, _("Could not read the database"));
      return FALSE;
    }

  sqlite3_bind_int64 (insert, 1, user_id);
  bind_text_nn (insert, 2, column_text (text, 0));
  bind_text_nn (insert, 3, column_text (text, 1));
  bind_text_nn (insert, 4, column_text (text, 2));
  /* The row's texts stay valid until @text is reset, after the insert. */
  rc = step_done (db, insert, _("Could not index a user"), error);
  _tend_store_stmt_done (text);

  return rc;
}

/* Users first, so that derived ticket columns of this very changeset see
 * the authors' roles. Returns in @retouched the tickets whose conversation
 * must be derived again because an author turned out to be (or stopped
 * being) an agent. */
static gboolean
write_users (TendStoreDb    *db,
             GPtrArray      *users,
             GArray         *retouched,
             GError        **error)
{
  sqlite3_stmt *role_stmt = _tend_store_db_get_stmt (db, STMT_USER_ROLE, error);
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (db, STMT_UPSERT_USER, error);

  if (role_stmt == NULL || stmt == NULL)
    return FALSE;

  for (guint i = 0; i < users->len; i++)
    {
      TendUser *user = g_ptr_array_index (users, i);
      gint64 id = tend_user_get_id (user);
      TendUserRole role = tend_user_get_role (user);
      g_autofree char *tags = strv_to_json (tend_user_get_tags (user));
      /* An unknown author counts as a customer until we know better. */
      TendUserRole old_role = TEND_USER_ROLE_END_USER;
      int rc;

      sqlite3_bind_int64 (role_stmt, 1, id);
      rc = sqlite3_step (role_stmt);
      if (rc == SQLITE_ROW)
        old_role = sqlite3_column_int (role_stmt, 0);
      _tend_store_stmt_done (role_stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _tend_store_set_error (error, db->db, rc, _("Could not read the database"));
          return FALSE;
        }

      sqlite3_bind_int64 (stmt, 1, id);
      bind_text_nn (stmt, 2, tend_user_get_name (user));
      bind_text (stmt, 3, tend_user_get_email (user));
      bind_text (stmt, 4, tend_user_get_phone (user));
      sqlite3_bind_int (stmt, 5, role);
      sqlite3_bind_int64 (stmt, 6, tend_user_get_organization_id (user));
      bind_text (stmt, 7, tend_user_get_time_zone (user));
      bind_text (stmt, 8, tend_user_get_locale (user));
      bind_text (stmt, 9, tags);
      bind_text (stmt, 10, tend_user_get_notes (user));
      bind_text (stmt, 11, tend_user_get_details (user));
      bind_text (stmt, 12, tend_user_get_photo_url (user));
      sqlite3_bind_int64 (stmt, 13, tend_user_get_created_at (user));
      sqlite3_bind_int64 (stmt, 14, tend_user_get_updated_at (user));
      bind_text (stmt, 15, tend_user_get_extra_json (user));
      if (!step_done (db, stmt, _("Could not store a user"), error))
        return FALSE;

      if (!rebuild_user_fts (db, id, error))
        return FALSE;

      if ((old_role == TEND_USER_ROLE_END_USER) != (role == TEND_USER_ROLE_END_USER) &&
          !collect_ids (db, STMT_TICKETS_BY_AUTHOR, id, retouched, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_organizations (TendStoreDb  *db,
                     GPtrArray    *organizations,
                     GError      **error)
{
  sqlite3_stmt *name_stmt = _tend_store_db_get_stmt (db, STMT_ORG_NAME, error);
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (db, STMT_UPSERT_ORG, error);
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (name_stmt == NULL || stmt == NULL)
    return FALSE;

  for (guint i = 0; i < organizations->len; i++)
    {
      TendOrganization *org = g_ptr_array_index (organizations, i);
      gint64 id = tend_organization_get_id (org);
      g_autofree char *domains = strv_to_json (tend_organization_get_domain_names (org));
      g_autofree char *tags = strv_to_json (tend_organization_get_tags (org));
      gboolean renamed = TRUE;
      int rc;

      sqlite3_bind_int64 (name_stmt, 1, id);
      rc = sqlite3_step (name_stmt);
      if (rc == SQLITE_ROW)
        renamed = g_strcmp0 (column_text (name_stmt, 0), tend_organization_get_name (org) ? tend_organization_get_name (org) : "") != 0;
      _tend_store_stmt_done (name_stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _tend_store_set_error (error, db->db, rc, _("Could not read the database"));
          return FALSE;
        }

      sqlite3_bind_int64 (stmt, 1, id);
      bind_text_nn (stmt, 2, tend_organization_get_name (org));
      bind_text (stmt, 3, domains);
      bind_text (stmt, 4, tags);
      bind_text (stmt, 5, tend_organization_get_details (org));
      bind_text (stmt, 6, tend_organization_get_notes (org));
      sqlite3_bind_int64 (stmt, 7, tend_organization_get_created_at (org));
      sqlite3_bind_int64 (stmt, 8, tend_organization_get_updated_at (org));
      bind_text (stmt, 9, tend_organization_get_extra_json (org));
      if (!step_done (db, stmt, _("Could not store an organization"), error))
        return FALSE;

      /* Members are found by their organization's name too. */
      if (renamed)
        {
          g_array_set_size (members, 0);
          if (!collect_ids (db, STMT_USERS_OF_ORG, id, members, error))
            return FALSE;
          for (guint j = 0; j < members->len; j++)
            if (!rebuild_user_fts (db, g_array_index (members, gint64, j), error))
              return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_tickets (TendStoreDb  *db,
               GPtrArray    *tickets,
               GArray       *touched,
               GArray       *deleted,
               GError      **error)
{
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (db, STMT_UPSERT_TICKET, error);
  sqlite3_stmt *tags_stmt = _tend_store_db_get_stmt (db, STMT_INSERT_TICKET_TAGS, error);

  if (stmt == NULL || tags_stmt == NULL)
    return FALSE;

  for (guint i = 0; i < tickets->len; i++)
    {
      TendTicket *ticket = g_ptr_array_index (tickets, i);
      gint64 id = tend_ticket_get_id (ticket);
      g_autofree char *tags = NULL;

      /* The incremental export reports deletions as tickets with this
       * status; they leave the store like any other deletion. */
      if (tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED)
        {
          g_array_append_val (deleted, id);
          continue;
        }

      tags = strv_to_json (tend_ticket_get_tags (ticket));

      sqlite3_bind_int64 (stmt, 1, id);
      bind_text_nn (stmt, 2, tend_ticket_get_subject (ticket));
      bind_text_nn (stmt, 3, tend_ticket_get_description (ticket));
      sqlite3_bind_int (stmt, 4, tend_ticket_get_status (ticket));
      sqlite3_bind_int (stmt, 5, tend_ticket_get_priority (ticket));
      bind_text (stmt, 6, tend_ticket_get_ticket_type (ticket));
      sqlite3_bind_int64 (stmt, 7, tend_ticket_get_requester_id (ticket));
      sqlite3_bind_int64 (stmt, 8, tend_ticket_get_submitter_id (ticket));
      sqlite3_bind_int64 (stmt, 9, tend_ticket_get_assignee_id (ticket));
      sqlite3_bind_int64 (stmt, 10, tend_ticket_get_group_id (ticket));
      sqlite3_bind_int64 (stmt, 11, tend_ticket_get_organization_id (ticket));
      bind_text (stmt, 12, tags);
      sqlite3_bind_int64 (stmt, 13, tend_ticket_get_created_at (ticket));
      sqlite3_bind_int64 (stmt, 14, tend_ticket_get_updated_at (ticket));
      bind_text (stmt, 15, tend_ticket_get_satisfaction (ticket));
      bind_text (stmt, 16, tend_ticket_get_satisfaction_comment (ticket));
      bind_text (stmt, 17, tend_ticket_get_extra_json (ticket));
      if (!step_done (db, stmt, _("Could not store a ticket"), error))
        return FALSE;

      if (!run_id_stmt (db, STMT_DELETE_TICKET_TAGS, id, error))
        return FALSE;
      sqlite3_bind_int64 (tags_stmt, 1, id);
      bind_text (tags_stmt, 2, tags);
      if (!step_done (db, tags_stmt, _("Could not store a ticket’s tags"), error))
        return FALSE;

      g_array_append_val (touched, id);
    }

  return TRUE;
}

static gboolean
write_comments (TendStoreDb  *db,
                GPtrArray    *comments,
                GArray       *touched,
                GError      **error)
{
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (db, STMT_UPSERT_COMMENT, error);
  sqlite3_stmt *att_stmt = _tend_store_db_get_stmt (db, STMT_UPSERT_ATTACHMENT, error);

  if (stmt == NULL || att_stmt == NULL)
    return FALSE;

  for (guint i = 0; i < comments->len; i++)
    {
      TendComment *comment = g_ptr_array_index (comments, i);
      gint64 id = tend_comment_get_id (comment);
      gint64 ticket_id = tend_comment_get_ticket_id (comment);
      GPtrArray *attachments = tend_comment_get_attachments (comment);

      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, ticket_id);
      sqlite3_bind_int64 (stmt, 3, tend_comment_get_author_id (comment));
      bind_text_nn (stmt, 4, tend_comment_get_body (comment));
      bind_text (stmt, 5, tend_comment_get_html_body (comment));
      sqlite3_bind_int (stmt, 6, tend_comment_get_public (comment) ? 1 : 0);
      sqlite3_bind_int64 (stmt, 7, tend_comment_get_created_at (comment));
      bind_text (stmt, 8, tend_comment_get_extra_json (comment));
      if (!step_done (db, stmt, _("Could not store a message"), error))
        return FALSE;

      /* The comment's attachment list replaces the stored one (a redacted
       * attachment disappears). */
      if (!run_id_stmt (db, STMT_DELETE_COMMENT_ATTACHMENTS, id, error))
        return FALSE;

      for (guint j = 0; attachments != NULL && j < attachments->len; j++)
        {
          TendAttachment *att = g_ptr_array_index (attachments, j);

          sqlite3_bind_int64 (att_stmt, 1, tend_attachment_get_id (att));
          sqlite3_bind_int64 (att_stmt, 2, id);
          sqlite3_bind_int64 (att_stmt, 3, ticket_id);
          bind_text (att_stmt, 4, tend_attachment_get_file_name (att));
          bind_text (att_stmt, 5, tend_attachment_get_content_type (att));
          sqlite3_bind_int64 (att_stmt, 6, tend_attachment_get_size (att));
          bind_text (att_stmt, 7, tend_attachment_get_content_url (att));
          if (!step_done (db, att_stmt, _("Could not store an attachment"), error))
            return FALSE;
        }

      g_array_append_val (touched, ticket_id);
    }

  return TRUE;
}

static gboolean
write_articles (TendStoreDb  *db,
                GPtrArray    *articles,
                GError      **error)
{
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (db, STMT_UPSERT_ARTICLE, error);
  sqlite3_stmt *fts_stmt = _tend_store_db_get_stmt (db, STMT_INSERT_ARTICLE_FTS, error);

  if (stmt == NULL || fts_stmt == NULL)
    return FALSE;

  for (guint i = 0; i < articles->len; i++)
    {
      TendArticle *article = g_ptr_array_index (articles, i);
      gint64 id = tend_article_get_id (article);
      g_autofree char *labels = strv_to_json (tend_article_get_labels (article));
      g_autofree char *text = _tend_store_html_to_text (tend_article_get_body (article));

      sqlite3_bind_int64 (stmt, 1, id);
      bind_text_nn (stmt, 2, tend_article_get_title (article));
      bind_text_nn (stmt, 3, tend_article_get_body (article));
      bind_text (stmt, 4, tend_article_get_url (article));
      bind_text (stmt, 5, tend_article_get_locale (article));
      bind_text (stmt, 6, labels);
      sqlite3_bind_int64 (stmt, 7, tend_article_get_section_id (article));
      sqlite3_bind_int64 (stmt, 8, tend_article_get_created_at (article));
      sqlite3_bind_int64 (stmt, 9, tend_article_get_updated_at (article));
      bind_text (stmt, 10, tend_article_get_extra_json (article));
      if (!step_done (db, stmt, _("Could not store an article"), error))
        return FALSE;

      if (!clear_fts_row (db, STMT_ARTICLE_FTS_EXISTS, STMT_DELETE_ARTICLE_FTS, id, error))
        return FALSE;
      sqlite3_bind_int64 (fts_stmt, 1, id);
      bind_text_nn (fts_stmt, 2, tend_article_get_title (article));
      bind_text (fts_stmt, 3, text);
      if (!step_done (db, fts_stmt, _("Could not index an article"), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_macros (TendStoreDb  *db,
              GPtrArray    *macros,
              GError      **error)
{
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (db, STMT_UPSERT_MACRO, error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < macros->len; i++)
    {
      TendMacro *macro = g_ptr_array_index (macros, i);

      sqlite3_bind_int64 (stmt, 1, tend_macro_get_id (macro));
      bind_text_nn (stmt, 2, tend_macro_get_title (macro));
      bind_text (stmt, 3, tend_macro_get_description (macro));
      sqlite3_bind_int (stmt, 4, tend_macro_get_active (macro) ? 1 : 0);
      sqlite3_bind_int (stmt, 5, tend_macro_get_position (macro));
      bind_text_nn (stmt, 6, tend_macro_get_actions_json (macro) ? tend_macro_get_actions_json (macro) : "[]");
      sqlite3_bind_int64 (stmt, 7, tend_macro_get_updated_at (macro));
      if (!step_done (db, stmt, _("Could not store a macro"), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
delete_ticket (TendStoreDb  *db,
               gint64        id,
               GError      **error)
{
  /* Tags, read state and attachments go with their rows by ON DELETE
   * CASCADE; comments, the index row and drafts are not linked by keys. */
  return run_id_stmt (db, STMT_DELETE_TICKET_FTS, id, error) &&
         run_id_stmt (db, STMT_DELETE_TICKET_COMMENTS, id, error) &&
         run_id_stmt (db, STMT_DELETE_TICKET_DRAFT, id, error) &&
         run_id_stmt (db, STMT_DELETE_TICKET, id, error);
}

static gboolean
write_pairs (TendStoreDb    *db,
             TendStoreStmt   which,
             GHashTable     *pairs,
             GError        **error)
{
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;

  if (pairs == NULL || g_hash_table_size (pairs) == 0)
    return TRUE;

  stmt = _tend_store_db_get_stmt (db, which, error);
  if (stmt == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, pairs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      bind_text (stmt, 1, key);
      bind_text (stmt, 2, value);
      if (!step_done (db, stmt, _("Could not store sync state"), error))
        return FALSE;
    }

  return TRUE;
}

/* The backends list the groups whole, as meta "groups" (tend-backend.h):
 * the table becomes that list. Malformed entries are skipped, and a value
 * that is not an array leaves the table as it was. */
static gboolean
write_groups (TendStoreDb  *db,
              const char   *json,
              GError      **error)
{
  sqlite3_stmt *stmt;

  if (json == NULL)
    return TRUE;

  stmt = _tend_store_db_get_dynamic (db,
                                     "DELETE FROM groups "
                                     "WHERE json_valid (?1) AND json_type (?1) = 'array'",
                                     error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, json);
  if (!step_done (db, stmt, _("Could not store the groups"), error))
    return FALSE;

  stmt = _tend_store_db_get_dynamic (db,
                                     "INSERT OR REPLACE INTO groups (id, name) "
                                     "SELECT json_extract (g.value, '$.id'), "
                                     "       coalesce (json_extract (g.value, '$.name'), '') "
                                     "FROM json_each (?1) g "
                                     "WHERE json_valid (?1) AND json_type (?1) = 'array' "
                                     "  AND json_type (g.value, '$.id') = 'integer' "
                                     "  AND json_extract (g.value, '$.id') > 0",
                                     error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, json);
  return step_done (db, stmt, _("Could not store the groups"), error);
}

/* Recomputes a ticket's derived columns and its search row from its
 * conversation, in one pass over the comments. */
static gboolean
derive_ticket (TendStoreDb  *db,
               gint64        id,
               GString      *text,
               GError      **error)
{
  sqlite3_stmt *ticket = _tend_store_db_get_stmt (db, STMT_TICKET_TEXT, error);
  sqlite3_stmt *conv = _tend_store_db_get_stmt (db, STMT_CONVERSATION, error);
  sqlite3_stmt *update = _tend_store_db_get_stmt (db, STMT_UPDATE_DERIVED, error);
  sqlite3_stmt *fts = _tend_store_db_get_stmt (db, STMT_INSERT_TICKET_FTS, error);
  g_autofree char *last_message = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *description = NULL;
  gint64 last_message_at = 0;
  gint64 waiting_since = 0;
  gboolean agent_answered = FALSE;
  guint count = 0;
  int rc;

  if (conv == NULL || update == NULL || fts == NULL || ticket == NULL)
    return FALSE;

  sqlite3_bind_int64 (ticket, 1, id);
  rc = sqlite3_step (ticket);
  if (rc == SQLITE_ROW)
    {
      subject = g_strdup (column_text (ticket, 0));
      description = g_strdup (column_text (ticket, 1));
    }
  _tend_store_stmt_done (ticket);
  if (rc != SQLITE_ROW)
    {
      /* Comments whose ticket has not arrived yet: nothing to derive. */
      if (rc == SQLITE_DONE)
        return TRUE;
      _tend_store_set_error (error, db->db, rc, _("Could not read the database"));
      return FALSE;
    }

  g_string_truncate (text, 0);
  sqlite3_bind_int64 (conv, 1, id);
  while ((rc = sqlite3_step (conv)) == SQLITE_ROW)
    {
      const char *body = column_text (conv, 0);
      gint64 created_at = sqlite3_column_int64 (conv, 1);
      gboolean is_public = sqlite3_column_int (conv, 2) != 0;
      TendUserRole role = sqlite3_column_int (conv, 3);

      if (count == 0)
        {
          last_message = collapse_message (body);
          last_message_at = created_at;
        }
      count++;

      /* Walking back from the newest message: the customer has waited since
       * their first public message after the last public agent reply.
       * Internal notes are invisible to the customer and do not count. */
      if (is_public && !agent_answered)
        {
          if (role == TEND_USER_ROLE_END_USER)
            waiting_since = created_at;
          else
            agent_answered = TRUE;
        }

      /* The first message usually is the description, which has its own
       * column: indexing it twice would only cost time and skew ranks. */
      if (body != NULL && body[0] != '\0' && g_strcmp0 (body, description) != 0)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, body);
        }
    }
  if (!rows_done (db->db, conv, rc, _("Could not read a conversation"), error))
    return FALSE;

  sqlite3_bind_int64 (update, 1, id);
  bind_text (update, 2, last_message);
  sqlite3_bind_int64 (update, 3, last_message_at);
  sqlite3_bind_int64 (update, 4, waiting_since);
  sqlite3_bind_int (update, 5, count);
  if (!step_done (db, update, _("Could not store a ticket"), error) ||
      !clear_fts_row (db, STMT_TICKET_FTS_EXISTS, STMT_DELETE_TICKET_FTS, id, error))
    return FALSE;

  sqlite3_bind_int64 (fts, 1, id);
  bind_text_nn (fts, 2, subject);
  bind_text_nn (fts, 3, description);
  sqlite3_bind_text (fts, 4, text->str, text->len, SQLITE_STATIC);
  return step_done (db, fts, _("Could not index a ticket"), error);
}

/* Refreshes the statistics the query planner chooses indexes by. Without
 * them it guesses, and e.g. walks 50,000 open tickets instead of the 20
 * of one requester (40 ms instead of 4). analysis_limit samples each index
 * instead of reading it all, so this takes some milliseconds at any size.
 * Best effort: a failure only leaves older statistics. */
static void
maybe_analyze (TendStore *self,
               guint      n_written)
{
  TendStoreDb *db = &self->writer;
  g_autoptr(GError) error = NULL;
  gint64 n_tickets = 0;
  gint64 start;

  self->written_since_analyze += n_written;
  if (self->written_since_analyze < MAX (ANALYZE_MIN_TICKETS, self->analyzed_tickets))
    return;

  start = g_get_monotonic_time ();

  /* Other connections load statistics with the schema, and ANALYZE does
   * not tell them to reload it; a schema change (a view created and
   * dropped) does. */
  if (!exec_sql (db,
                 "PRAGMA analysis_limit = 1000;"
                 "ANALYZE tickets; ANALYZE ticket_tags; ANALYZE users; ANALYZE organizations;"
                 "BEGIN IMMEDIATE;"
                 "CREATE VIEW _tend_reload_statistics AS SELECT 1;"
                 "DROP VIEW _tend_reload_statistics;"
                 "COMMIT;",
                 "analyze", &error) ||
      !query_int (db, "SELECT count(*) FROM tickets", &n_tickets, &error))
    {
      g_debug ("Could not refresh the planner statistics: %s", error->message);
      rollback (db);
    }

  else
    g_debug ("Refreshed the planner statistics of %" G_GINT64_FORMAT " tickets in %.1f ms",
             n_tickets, (g_get_monotonic_time () - start) / 1000.0);

  /* A sync leaves the full-text index in several segments, and a search
   * looks every word up in each (an eighth of a search's time on 2,000
   * tickets). While the index is small, merging it whole is quick (25 ms
   * at 2,000 tickets); past that, FTS5's own automerge keeps it in shape. */
  if (n_tickets > 0 && n_tickets <= OPTIMIZE_MAX_TICKETS)
    {
      g_clear_error (&error);
      start = g_get_monotonic_time ();
      if (!exec_sql (db, "INSERT INTO ticket_fts (ticket_fts) VALUES ('optimize');", "optimize", &error))
        g_debug ("Could not merge the full-text index: %s", error->message);
      else
        g_debug ("Merged the full-text index of %" G_GINT64_FORMAT " tickets in %.1f ms",
                 n_tickets, (g_get_monotonic_time () - start) / 1000.0);
    }

  self->analyzed_tickets = n_tickets;
  self->written_since_analyze = 0;
}

/* Everything a changeset does, inside the writer's open transaction. */
static gboolean
write_changes (TendStore        *self,
               TendChangeset    *changes,
               TendStoreChanges *out_changes,
               guint            *n_written,
               GError          **error)
{
  TendStoreDb *db = &self->writer;
  g_autoptr(GArray) touched = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) retouched = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) deleted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) text = g_string_new (NULL);
  TendStoreChanges flags = 0;

  if (changes->users != NULL && changes->users->len > 0)
    {
      if (!write_users (db, changes->users, retouched, error))
        goto fail;
      flags |= TEND_STORE_CHANGE_USERS;
    }

  if (changes->organizations != NULL && changes->organizations->len > 0)
    {
      if (!write_organizations (db, changes->organizations, error))
        goto fail;
      flags |= TEND_STORE_CHANGE_ORGANIZATIONS;
    }

  if (changes->tickets != NULL && changes->tickets->len > 0)
    {
      if (!write_tickets (db, changes->tickets, touched, deleted, error))
        goto fail;
      flags |= TEND_STORE_CHANGE_TICKETS;
      /* The helpdesk's version of a ticket the agent has changed offline
       * gets those changes laid over it again, until they are sent. */
      if (!_tend_store_overlay_pending_locked (self, touched, &flags, error))
        goto fail;
    }

  if (changes->comments != NULL && changes->comments->len > 0)
    {
      if (!write_comments (db, changes->comments, touched, error))
        goto fail;
      /* Ticket rows change with their conversation (last message,
       * waiting time), so lists must hear about it too. */
      flags |= TEND_STORE_CHANGE_COMMENTS | TEND_STORE_CHANGE_TICKETS;
    }

  if (changes->articles != NULL && changes->articles->len > 0)
    {
      if (!write_articles (db, changes->articles, error))
        goto fail;
      flags |= TEND_STORE_CHANGE_ARTICLES;
    }

  if (changes->macros != NULL && changes->macros->len > 0)
    {
      if (!write_macros (db, changes->macros, error))
        goto fail;
      flags |= TEND_STORE_CHANGE_MACROS;
    }

  if (changes->deleted_ticket_ids != NULL)
    g_array_append_vals (deleted, changes->deleted_ticket_ids->data,
                         changes->deleted_ticket_ids->len);
  unique_ids (deleted);
  for (guint i = 0; i < deleted->len; i++)
    {
      if (!delete_ticket (db, g_array_index (deleted, gint64, i), error))
        goto fail;
      flags |= TEND_STORE_CHANGE_TICKETS | TEND_STORE_CHANGE_COMMENTS;
    }

  if ((changes->cursors != NULL && g_hash_table_size (changes->cursors) > 0) ||
      (changes->meta != NULL && g_hash_table_size (changes->meta) > 0))
    {
      if (!write_pairs (db, STMT_SET_CURSOR, changes->cursors, error) ||
          !write_pairs (db, STMT_SET_META, changes->meta, error))
        goto fail;
      if (changes->meta != NULL && g_hash_table_contains (changes->meta, "groups"))
        {
          if (!write_groups (db, g_hash_table_lookup (changes->meta, "groups"), error))
            goto fail;
          flags |= TEND_STORE_CHANGE_GROUPS;
        }
      flags |= TEND_STORE_CHANGE_META;
    }

  if (retouched->len > 0)
    {
      g_array_append_vals (touched, retouched->data, retouched->len);
      flags |= TEND_STORE_CHANGE_TICKETS;
    }

  /* Each touched ticket once, however many of its comments came. */
  unique_ids (touched);
  for (guint i = 0; i < touched->len; i++)
    {
      gint64 id = g_array_index (touched, gint64, i);

      if (contains_id (deleted, id))
        continue;
      if (!derive_ticket (db, id, text, error))
        goto fail;
    }

  *out_changes = flags;
  *n_written = touched->len + deleted->len;
  return TRUE;

fail:
  return FALSE;
}

static gboolean
write_locked (TendStore        *self,
              TendChangeset    *changes,
              TendStoreChanges *out_changes,
              guint            *n_written,
              GError          **error)
{
  TendStoreDb *db = &self->writer;
  sqlite3_stmt *stmt;

  stmt = _tend_store_db_get_stmt (db, STMT_BEGIN, error);
  if (stmt == NULL || !step_done (db, stmt, _("Could not start writing"), error))
    return FALSE;

  if (!write_changes (self, changes, out_changes, n_written, error))
    goto fail;

  stmt = _tend_store_db_get_stmt (db, STMT_COMMIT, error);
  if (stmt == NULL || !step_done (db, stmt, _("Could not finish writing"), error))
    goto fail;

  return TRUE;

fail:
  rollback (db);
  return FALSE;
}

/* For the other parts of the store (tend-store-outbox.c): transactions on
 * the writer, whose lock the caller holds. */

gboolean
_tend_store_begin_locked (TendStore  *self,
                          GError    **error)
{
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (&self->writer, STMT_BEGIN, error);

  return stmt != NULL && step_done (&self->writer, stmt, _("Could not start writing"), error);
}

gboolean
_tend_store_commit_locked (TendStore  *self,
                           GError    **error)
{
  sqlite3_stmt *stmt = _tend_store_db_get_stmt (&self->writer, STMT_COMMIT, error);

  if (stmt != NULL && step_done (&self->writer, stmt, _("Could not finish writing"), error))
    return TRUE;
  rollback (&self->writer);
  return FALSE;
}

void
_tend_store_rollback_locked (TendStore *self)
{
  rollback (&self->writer);
}

gboolean
_tend_store_write_changes_locked (TendStore        *self,
                                  TendChangeset    *changes,
                                  TendStoreChanges *out_changes,
                                  GError          **error)
{
  TendStoreChanges flags = 0;
  guint n_written = 0;

  if (tend_changeset_is_empty (changes))
    return TRUE;
  if (!write_changes (self, changes, &flags, &n_written, error))
    return FALSE;
  *out_changes |= flags;
  return TRUE;
}

gboolean
_tend_store_derive_ticket_locked (TendStore  *self,
                                  gint64      ticket_id,
                                  GError    **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  return derive_ticket (&self->writer, ticket_id, text, error);
}

gboolean
_tend_store_set_ticket_tags_locked (TendStore   *self,
                                    gint64       ticket_id,
                                    const char  *tags_json,
                                    GError     **error)
{
  TendStoreDb *db = &self->writer;
  sqlite3_stmt *stmt;

  if (!run_id_stmt (db, STMT_DELETE_TICKET_TAGS, ticket_id, error))
    return FALSE;
  stmt = _tend_store_db_get_stmt (db, STMT_INSERT_TICKET_TAGS, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  bind_text (stmt, 2, tags_json);
  return step_done (db, stmt, _("Could not store a ticket’s tags"), error);
}

char *
_tend_store_strv_to_json (const char * const *strv)
{
  return strv_to_json (strv);
}

void
_tend_store_emit_changed (TendStore *self,
                          guint      changes)
{
  emit_changed (self, changes);
}

gboolean
tend_store_write (TendStore      *self,
                  TendChangeset  *changes,
                  GError        **error)
{
  TendStoreChanges flags = 0;
  guint n_written = 0;
  gboolean ret;

  g_return_val_if_fail (TEND_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (tend_changeset_is_empty (changes))
    return TRUE;

  g_mutex_lock (&self->writer_lock);
  ret = write_locked (self, changes, &flags, &n_written, error);
  if (ret)
    maybe_analyze (self, n_written);
  g_mutex_unlock (&self->writer_lock);

  if (ret)
    emit_changed (self, flags);

  return ret;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (tend_store_write (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
tend_store_write_async (TendStore           *self,
                        TendChangeset       *changes,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TEND_IS_STORE (self));
  g_return_if_fail (changes != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tend_store_write_async);
  /* The caller may reuse its changeset once this returns. */
  g_task_set_task_data (task, g_boxed_copy (TEND_TYPE_CHANGESET, changes),
                        (GDestroyNotify) tend_changeset_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
tend_store_write_finish (TendStore     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
tend_store_set_read (TendStore  *self,
                     gint64      ticket_id,
                     gboolean    read,
                     GError    **error)
{
  TendStoreDb *db;
  gboolean ret;
  gboolean found = TRUE;

  g_return_val_if_fail (TEND_IS_STORE (self), FALSE);

  g_mutex_lock (&self->writer_lock);
  db = &self->writer;
  ret = run_id_stmt (db, read ? STMT_SET_READ : STMT_CLEAR_READ, ticket_id, error);
  if (ret && read && sqlite3_changes (db->db) == 0)
    found = FALSE;
  g_mutex_unlock (&self->writer_lock);

  if (!found)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, ticket_id);

      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND, _("There is no ticket %s"), id);
      return FALSE;
    }

  if (ret)
    emit_changed (self, TEND_STORE_CHANGE_READ_STATE);

  return ret;
}

/* Reading */

gboolean
tend_store_get_stats (TendStore       *self,
                      TendStoreStats  *stats,
                      GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = _tend_store_db_get_stmt (&self->reader, STMT_STATS, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      stats->tickets = sqlite3_column_int64 (stmt, 0);
      stats->comments = sqlite3_column_int64 (stmt, 1);
      stats->users = sqlite3_column_int64 (stmt, 2);
      stats->organizations = sqlite3_column_int64 (stmt, 3);
      stats->articles = sqlite3_column_int64 (stmt, 4);
      stats->macros = sqlite3_column_int64 (stmt, 5);
      stats->outbox = sqlite3_column_int64 (stmt, 6);
    }
  else
    _tend_store_set_error (error, self->reader.db, rc, _("Could not read the database"));
  _tend_store_stmt_done (stmt);

  return rc == SQLITE_ROW;
}

/* Runs a cached reader statement bound to one id or text and returns the
 * object made from its first row; NOT_FOUND when there is none. */
static gpointer
get_one (TendStore      *self,
         TendStoreStmt   which,
         gint64          id,
         const char     *text,
         RowFunc         func,
         GError        **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->reader_lock);
  sqlite3_stmt *stmt;
  gpointer ret = NULL;
  int rc;

  stmt = _tend_store_db_get_stmt (&self->reader, which, error);
  if (stmt == NULL)
    return NULL;

  if (text != NULL)
    bind_text (stmt, 1, text);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ret = func (stmt);
  else if (rc == SQLITE_DONE)
    {
      g_autofree char *key = text != NULL ? g_strdup (text) : g_strdup_printf ("%" G_GINT64_FORMAT, id);

      if (which == STMT_GET_TICKET)
        g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND, _("There is no ticket %s"), key);
      else if (which == STMT_GET_ORG)
        g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND, _("There is no organization %s"), key);
      else if (which == STMT_GET_ARTICLE)
        g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND, _("There is no article %s"), key);
      else
        g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND, _("There is no user %s"), key);
    }
  else
    _tend_store_set_error (error, self->reader.db, rc, _("Could not read the database"));

  _tend_store_stmt_done (stmt);
  return ret;
}

TendTicket *
tend_store_get_ticket (TendStore  *self,
                       gint64      id,
                       GError    **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  return get_one (self, STMT_GET_TICKET, id, NULL,
                  (RowFunc) _tend_store_ticket_from_stmt, error);
}

TendUser *
tend_store_get_user (TendStore  *self,
                     gint64      id,
                     GError    **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  return get_one (self, STMT_GET_USER, id, NULL,
                  (RowFunc) _tend_store_user_from_stmt, error);
}

TendUser *
tend_store_find_user_by_email (TendStore   *self,
                               const char  *email,
                               GError     **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  return get_one (self, STMT_FIND_USER_BY_EMAIL, 0, email,
                  (RowFunc) _tend_store_user_from_stmt, error);
}

TendOrganization *
tend_store_get_organization (TendStore  *self,
                             gint64      id,
                             GError    **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  return get_one (self, STMT_GET_ORG, id, NULL,
                  (RowFunc) _tend_store_organization_from_stmt, error);
}

TendArticle *
tend_store_get_article (TendStore  *self,
                        gint64      id,
                        GError    **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  return get_one (self, STMT_GET_ARTICLE, id, NULL,
                  (RowFunc) _tend_store_article_from_stmt, error);
}

GPtrArray *
tend_store_list_comments (TendStore  *self,
                          gint64      ticket_id,
                          GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  sqlite3_stmt *att_stmt;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = _tend_store_db_get_stmt (&self->reader, STMT_LIST_COMMENTS, error);
  att_stmt = _tend_store_db_get_stmt (&self->reader, STMT_LIST_TICKET_ATTACHMENTS, error);
  if (stmt == NULL || att_stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TendComment *comment = tend_comment_new (sqlite3_column_int64 (stmt, 0));

      tend_comment_set_ticket_id (comment, sqlite3_column_int64 (stmt, 1));
      tend_comment_set_author_id (comment, sqlite3_column_int64 (stmt, 2));
      tend_comment_set_body (comment, column_text (stmt, 3));
      tend_comment_set_html_body (comment, column_text (stmt, 4));
      tend_comment_set_public (comment, sqlite3_column_int (stmt, 5) != 0);
      tend_comment_set_created_at (comment, sqlite3_column_int64 (stmt, 6));
      tend_comment_set_extra_json (comment, column_text (stmt, 7));
      tend_comment_set_author_role (comment, sqlite3_column_int (stmt, 8));
      tend_comment_set_author_name (comment, column_text (stmt, 9));
      /* The outbox's local copies, until the helpdesk confirms them. */
      tend_comment_set_pending (comment, tend_comment_get_id (comment) < 0);

      g_ptr_array_add (comments, comment);
    }
  if (!rows_done (self->reader.db, stmt, rc, _("Could not read a conversation"), error))
    return NULL;

  for (guint i = 0; i < comments->len; i++)
    {
      TendComment *comment = g_ptr_array_index (comments, i);
      gint64 id = tend_comment_get_id (comment);

      g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), comment);
    }

  sqlite3_bind_int64 (att_stmt, 1, ticket_id);
  while ((rc = sqlite3_step (att_stmt)) == SQLITE_ROW)
    {
      gint64 comment_id = sqlite3_column_int64 (att_stmt, 1);
      TendComment *comment = g_hash_table_lookup (by_id, &comment_id);
      g_autoptr(TendAttachment) att = NULL;

      if (comment == NULL)
        continue;

      att = tend_attachment_new (sqlite3_column_int64 (att_stmt, 0));
      tend_attachment_set_comment_id (att, comment_id);
      tend_attachment_set_ticket_id (att, ticket_id);
      tend_attachment_set_file_name (att, column_text (att_stmt, 3));
      tend_attachment_set_content_type (att, column_text (att_stmt, 4));
      tend_attachment_set_size (att, sqlite3_column_int64 (att_stmt, 5));
      tend_attachment_set_content_url (att, column_text (att_stmt, 6));
      tend_comment_add_attachment (comment, att);
    }
  if (!rows_done (self->reader.db, att_stmt, rc, _("Could not read attachments"), error))
    return NULL;

  return g_steal_pointer (&comments);
}

static GPtrArray *
list_all (TendStore      *self,
          sqlite3_stmt   *stmt,
          RowFunc         func,
          GError        **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, func (stmt));
  if (!rows_done (self->reader.db, stmt, rc, _("Could not read the database"), error))
    return NULL;
  return g_steal_pointer (&items);
}

GPtrArray *
tend_store_list_articles (TendStore  *self,
                          GError    **error)
{
  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  return tend_store_search_articles (self, NULL, 0, error);
}

GPtrArray *
tend_store_list_macros (TendStore  *self,
                        GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = _tend_store_db_get_stmt (&self->reader, STMT_LIST_MACROS, error);
  if (stmt == NULL)
    return NULL;
  return list_all (self, stmt, (RowFunc) macro_from_stmt, error);
}

static char *
dup_text_locked (TendStore      *self,
                 TendStoreStmt   which,
                 const char     *key)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  char *ret = NULL;
  int rc;

  stmt = _tend_store_db_get_stmt (&self->reader, which, &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ret = g_strdup (column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    g_warning ("Could not read “%s”: %s", key, sqlite3_errmsg (self->reader.db));
  _tend_store_stmt_done (stmt);

  return ret;
}

char *
tend_store_dup_cursor (TendStore  *self,
                       const char *stream)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (stream != NULL, NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  return dup_text_locked (self, STMT_GET_CURSOR, stream);
}

char *
tend_store_dup_meta (TendStore  *self,
                     const char *key)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  return dup_text_locked (self, STMT_GET_META, key);
}

gint64
_tend_store_get_me_locked (TendStore *self)
{
  g_autofree char *value = dup_text_locked (self, STMT_GET_META, "me");

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gint64
tend_store_get_me (TendStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (TEND_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->reader_lock);
  return _tend_store_get_me_locked (self);
}

/* Groups */

void
tend_store_group_free (TendStoreGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_free (group);
}

GPtrArray *
tend_store_list_groups (TendStore  *self,
                        GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = _tend_store_db_get_dynamic (&self->reader,
                                     "SELECT id, name FROM groups ORDER BY name COLLATE NOCASE, id",
                                     error);
  if (stmt == NULL)
    return NULL;

  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) tend_store_group_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TendStoreGroup *group = g_new0 (TendStoreGroup, 1);

      group->id = sqlite3_column_int64 (stmt, 0);
      group->name = g_strdup (column_text (stmt, 1) != NULL ? column_text (stmt, 1) : "");
      g_ptr_array_add (groups, group);
    }
  if (!rows_done (self->reader.db, stmt, rc, _("Could not read the groups"), error))
    return NULL;
  return g_steal_pointer (&groups);
}

GPtrArray *
tend_store_list_agents (TendStore  *self,
                        guint       limit,
                        GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  /* The partial index users_agents (005-agents.sql) has them in order. */
  stmt = _tend_store_db_get_dynamic (&self->reader,
                                     "SELECT " TEND_STORE_USER_COLUMNS " FROM users WHERE role > 0 "
                                     "ORDER BY name COLLATE NOCASE, id LIMIT ?1",
                                     error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  return list_all (self, stmt, (RowFunc) _tend_store_user_from_stmt, error);
}

char *
tend_store_dup_group_name (TendStore *self,
                           gint64     id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  char *name = NULL;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  if (id <= 0)
    return NULL;

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = _tend_store_db_get_dynamic (&self->reader,
                                     "SELECT name FROM groups WHERE id = ?1 AND name <> ''",
                                     &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    name = g_strdup (column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    g_warning ("Could not read group %" G_GINT64_FORMAT ": %s", id, sqlite3_errmsg (self->reader.db));
  _tend_store_stmt_done (stmt);
  return name;
}

/* Articles and macros the helpdesk no longer has */

static char *
ids_to_json (GArray *ids)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (ids, gint64, i));
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Runs each of @sqls (one bound parameter: the JSON array of ids to keep)
 * in one transaction; the first statement's change count is the number
 * of rows removed. */
static gboolean
retain (TendStore         *self,
        const char * const *sqls,
        guint              n_sqls,
        TendStoreChanges   flag,
        GArray            *keep_ids,
        guint             *n_removed,
        GError           **error)
{
  g_autofree char *keep = ids_to_json (keep_ids);
  TendStoreDb *db = &self->writer;
  guint removed = 0;
  gboolean ok = FALSE;

  g_mutex_lock (&self->writer_lock);
  if (!_tend_store_begin_locked (self, error))
    goto out;

  for (guint i = 0; i < n_sqls; i++)
    {
      sqlite3_stmt *stmt = _tend_store_db_get_dynamic (db, sqls[i], error);

      if (stmt == NULL)
        {
          rollback (db);
          goto out;
        }
      bind_text (stmt, 1, keep);
      if (!step_done (db, stmt, _("Could not remove what the helpdesk no longer has"), error))
        {
          rollback (db);
          goto out;
        }
      if (i == 0)
        removed = sqlite3_changes (db->db);
    }

  ok = _tend_store_commit_locked (self, error);

out:
  g_mutex_unlock (&self->writer_lock);

  if (ok && removed > 0)
    emit_changed (self, flag);
  if (n_removed != NULL)
    *n_removed = ok ? removed : 0;
  return ok;
}

gboolean
tend_store_retain_articles (TendStore  *self,
                            GArray     *keep_ids,
                            guint      *n_removed,
                            GError    **error)
{
  static const char * const sqls[] = {
    "DELETE FROM articles WHERE id NOT IN (SELECT value FROM json_each (?1))",
    /* Written with INSERT … VALUES by id, so the index rows are the
     * articles' ids. */
    "DELETE FROM articles_fts WHERE rowid NOT IN (SELECT value FROM json_each (?1))",
  };

  g_return_val_if_fail (TEND_IS_STORE (self), FALSE);
  g_return_val_if_fail (keep_ids != NULL, FALSE);

  return retain (self, sqls, G_N_ELEMENTS (sqls), TEND_STORE_CHANGE_ARTICLES,
                 keep_ids, n_removed, error);
}

gboolean
tend_store_retain_macros (TendStore  *self,
                          GArray     *keep_ids,
                          guint      *n_removed,
                          GError    **error)
{
  static const char * const sqls[] = {
    "DELETE FROM macros WHERE id NOT IN (SELECT value FROM json_each (?1))",
  };

  g_return_val_if_fail (TEND_IS_STORE (self), FALSE);
  g_return_val_if_fail (keep_ids != NULL, FALSE);

  return retain (self, sqls, G_N_ELEMENTS (sqls), TEND_STORE_CHANGE_MACROS,
                 keep_ids, n_removed, error);
}

/* GObject */

static void
tend_store_finalize (GObject *object)
{
  TendStore *self = (TendStore *) object;

  tend_store_db_close (&self->reader);
  tend_store_db_close (&self->writer);
  g_mutex_clear (&self->reader_lock);
  g_mutex_clear (&self->writer_lock);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (tend_store_parent_class)->finalize (object);
}

static void
tend_store_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TendStore *self = TEND_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SCHEMA_VERSION:
      g_value_set_int (value, self->schema_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_store_class_init (TendStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_store_finalize;
  object_class->get_property = tend_store_get_property;

  /* Before SQLite's first use: nothing reads its allocation statistics,
   * and keeping them costs every allocation a global mutex (6–7% of a
   * search). Too late (SQLITE_MISUSE) only when the process used SQLite
   * before the first store, which then keeps the default. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEMA_VERSION] =
    g_param_spec_int ("schema-version", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TendStore::changed:
   * @changes: the TendStoreChanges of the commit
   *
   * Emitted on the owner's main context after each commit.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__UINT,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
tend_store_init (TendStore *self)
{
  g_mutex_init (&self->reader_lock);
  g_mutex_init (&self->writer_lock);
  tend_store_db_init (&self->reader);
  tend_store_db_init (&self->writer);
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
}
