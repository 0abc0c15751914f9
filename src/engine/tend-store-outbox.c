/* tend-store-outbox.c: the outbox and drafts tables of TendStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's side of offline work: every function here is one
 * transaction, so a change, its local copy and its draft land together or
 * not at all (a full disk leaves the draft where it was). TendOutbox and
 * TendDrafts are the public face; this file only knows SQL and the neutral
 * change documented in tend-outbox.h.
 */

#define G_LOG_DOMAIN "tend-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-comment.h"
#include "tend-json.h"
#include "tend-ticket.h"
#include "tend-store-private.h"

/* States a row can wait in; everything but 'sent' is pending. */
#define UNSENT "state <> 'sent'"

/* The reader's statements are prepared per call: its dynamic cache is the
 * search's, which starts over when full, and could finalize a statement
 * held here. */
typedef sqlite3_stmt Stmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stmt, sqlite3_finalize)

static Stmt *
prepare (TendStoreDb  *db,
         const char   *sql,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not prepare a database statement"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

/* The writer's statements are kept prepared (its cache of dynamic
 * statements holds nothing else, so none is evicted while in use): the
 * push writes a few rows per change, and preparing anew cost as much as
 * the writing. The cleanup resets them for the next use. */
typedef sqlite3_stmt CachedStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, _tend_store_stmt_done)

static CachedStmt *
cached (TendStoreDb  *db,
        const char   *sql,
        GError      **error)
{
  return _tend_store_db_get_dynamic (db, sql, error);
}

static gboolean
step_done (TendStoreDb  *db,
           Stmt         *stmt,
           GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not write to the database"));
      return FALSE;
    }
  return TRUE;
}

static inline void
bind_text (Stmt       *stmt,
           int         idx,
           const char *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, idx, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, idx);
}

static inline const char *
column_text (Stmt *stmt,
             int   col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* Ends a write begun under @locker: commits it, then announces @changes
 * once the lock is released, so that handlers may read the store. */
static gboolean
commit_and_announce (TendStore         *self,
                     GMutexLocker     **locker,
                     TendStoreChanges   changes,
                     GError           **error)
{
  if (!_tend_store_commit_locked (self, error))
    return FALSE;
  g_clear_pointer (locker, g_mutex_locker_free);
  _tend_store_emit_changed (self, changes);
  return TRUE;
}

/* The neutral change, read defensively: it comes from our own database,
 * but a newer Tend may have written it. */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* The member @name when present as a value of @type (TRUE, *value set)
 * or as null (TRUE, *value NULL). */
static gboolean
member_or_null (JsonObject  *object,
                const char  *name,
                GType        type,
                JsonNode   **value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type)
    {
      *value = node;
      return TRUE;
    }
  return FALSE;
}

/* Present as a string (TRUE, *value set) or as null (TRUE, *value NULL). */
static gboolean
member_string (JsonObject  *object,
               const char  *name,
               const char **value)
{
  JsonNode *node;

  if (!member_or_null (object, name, G_TYPE_STRING, &node))
    return FALSE;
  *value = node != NULL ? json_node_get_string (node) : NULL;
  return TRUE;
}

/* Present as an integer, null meaning 0. */
static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node;

  if (!member_or_null (object, name, G_TYPE_INT64, &node))
    return FALSE;
  *value = node != NULL ? json_node_get_int (node) : 0;
  return TRUE;
}

/* A ticket's editable fields, as one change after another sees them. */

typedef struct
{
  int     status;
  int     priority;
  char   *type;
  gint64  assignee_id;
  gint64  group_id;
  char  **tags;
  gint64  updated_at;
  gint64  last_message_at;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_clear_pointer (&fields->type, g_free);
  g_clear_pointer (&fields->tags, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static gboolean
read_fields (TendStore  *self,
             gint64      ticket_id,
             Fields     *fields,
             gboolean   *found,
             GError    **error)
{
  TendStoreDb *db = &self->writer;
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  stmt = cached (db,
                  "SELECT status, priority, type, assignee_id, group_id, tags, updated_at, "
                  "last_message_at FROM tickets WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    {
      fields->status = sqlite3_column_int (stmt, 0);
      fields->priority = sqlite3_column_int (stmt, 1);
      fields->type = g_strdup (column_text (stmt, 2));
      fields->assignee_id = sqlite3_column_int64 (stmt, 3);
      fields->group_id = sqlite3_column_int64 (stmt, 4);
      fields->tags = _tend_store_strv_from_json (column_text (stmt, 5));
      fields->updated_at = sqlite3_column_int64 (stmt, 6);
      fields->last_message_at = sqlite3_column_int64 (stmt, 7);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not read the database"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_fields (TendStore     *self,
              gint64         ticket_id,
              const Fields  *fields,
              GError       **error)
{
  TendStoreDb *db = &self->writer;
  g_autoptr(CachedStmt) stmt = NULL;
  g_autofree char *tags = _tend_store_strv_to_json ((const char * const *) fields->tags);

  stmt = cached (db,
                  "UPDATE tickets SET status = ?2, priority = ?3, type = ?4, assignee_id = ?5, "
                  "group_id = ?6, tags = ?7 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int (stmt, 2, fields->status);
  sqlite3_bind_int (stmt, 3, fields->priority);
  bind_text (stmt, 4, fields->type);
  sqlite3_bind_int64 (stmt, 5, fields->assignee_id);
  sqlite3_bind_int64 (stmt, 6, fields->group_id);
  bind_text (stmt, 7, tags);
  return step_done (db, stmt, error) &&
         _tend_store_set_ticket_tags_locked (self, ticket_id, tags, error);
}

static void
edit_tags (Fields             *fields,
           const char * const *add,
           const char * const *remove)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; fields->tags != NULL && fields->tags[i] != NULL; i++)
    if (remove == NULL || !g_strv_contains (remove, fields->tags[i]))
      g_ptr_array_add (kept, fields->tags[i]);

  for (guint i = 0; add != NULL && add[i] != NULL; i++)
    {
      gboolean present = FALSE;

      for (guint j = 0; j < kept->len && !present; j++)
        present = g_str_equal (g_ptr_array_index (kept, j), add[i]);
      if (!present && add[i][0] != '\0')
        g_ptr_array_add (kept, (gpointer) add[i]);
    }

  for (guint i = 0; i < kept->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (kept, i));

  {
    char **tags = g_strv_builder_end (builder);

    g_strfreev (fields->tags);
    fields->tags = tags;
  }
}

/* Lays @change over @fields. @before gets the value each changed field
 * had just before (what "discard" puts back). */
static void
apply_change (Fields     *fields,
              JsonObject *change,
              JsonObject *before)
{
  const char *text;
  gint64 id;

  if (member_string (change, "status", &text) && text != NULL)
    {
      TendTicketStatus status;

      if (tend_ticket_status_from_string (text, &status))
        {
          json_object_set_string_member (before, "status",
                                         tend_ticket_status_to_string (fields->status));
          fields->status = status;
        }
    }

  if (member_string (change, "priority", &text))
    {
      TendTicketPriority priority = TEND_TICKET_PRIORITY_NONE;

      if (text == NULL || tend_ticket_priority_from_string (text, &priority))
        {
          json_object_set_string_member (before, "priority",
                                         tend_ticket_priority_to_string (fields->priority));
          fields->priority = priority;
        }
    }

  if (member_string (change, "type", &text))
    {
      if (fields->type != NULL)
        json_object_set_string_member (before, "type", fields->type);
      else
        json_object_set_null_member (before, "type");
      g_free (fields->type);
      fields->type = text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
    }

  if (member_int (change, "assignee_id", &id))
    {
      json_object_set_int_member (before, "assignee_id", fields->assignee_id);
      fields->assignee_id = MAX (id, 0);
    }

  if (member_int (change, "group_id", &id))
    {
      json_object_set_int_member (before, "group_id", fields->group_id);
      fields->group_id = MAX (id, 0);
    }

  if (json_object_has_member (change, "add_tags") || json_object_has_member (change, "remove_tags"))
    {
      g_auto(GStrv) add = _tend_json_dup_strv (change, "add_tags");
      g_auto(GStrv) remove = _tend_json_dup_strv (change, "remove_tags");

      _tend_json_set_strv (before, "tags", (const char * const *) fields->tags);
      edit_tags (fields, (const char * const *) add, (const char * const *) remove);
    }
}

/* Puts back what @before recorded. */
static void
restore_fields (Fields     *fields,
                JsonObject *before)
{
  const char *text;
  gint64 id;

  if (before == NULL)
    return;

  if (member_string (before, "status", &text) && text != NULL)
    {
      TendTicketStatus status;

      if (tend_ticket_status_from_string (text, &status))
        fields->status = status;
    }
  if (member_string (before, "priority", &text) && text != NULL)
    {
      TendTicketPriority priority;

      if (tend_ticket_priority_from_string (text, &priority))
        fields->priority = priority;
    }
  if (member_string (before, "type", &text))
    {
      g_free (fields->type);
      fields->type = g_strdup (text);
    }
  if (member_int (before, "assignee_id", &id))
    fields->assignee_id = id;
  if (member_int (before, "group_id", &id))
    fields->group_id = id;
  if (json_object_has_member (before, "tags"))
    {
      g_strfreev (fields->tags);
      fields->tags = _tend_json_dup_strv (before, "tags");
    }
}

/* Applies the unsent rows of a ticket with ids above @after_id to @fields,
 * oldest first, and records in each row the values it replaced. */
static gboolean
overlay_rows (TendStore         *self,
              gint64             ticket_id,
              gint64             after_id,
              Fields            *fields,
              TendStoreChanges  *out_changes,
              GError           **error)
{
  TendStoreDb *db = &self->writer;
  g_autoptr(CachedStmt) rows = NULL;
  g_autoptr(CachedStmt) update = NULL;
  int rc;

  rows = cached (db,
                  "SELECT id, payload FROM outbox WHERE ticket_id = ?1 AND " UNSENT
                  " AND id > ?2 ORDER BY id", error);
  update = cached (db, "UPDATE outbox SET payload = ?2 WHERE id = ?1", error);
  if (rows == NULL || update == NULL)
    return FALSE;

  sqlite3_bind_int64 (rows, 1, ticket_id);
  sqlite3_bind_int64 (rows, 2, after_id);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (rows, 0);
      const char *payload = column_text (rows, 1);
      g_autoptr(JsonObject) change = parse_object (payload);
      g_autoptr(JsonObject) before = json_object_new ();
      g_autofree char *text = NULL;

      if (change == NULL)
        continue;
      apply_change (fields, change, before);
      json_object_set_object_member (change, "before", g_steal_pointer (&before));
      text = object_to_text (change);
      if (g_strcmp0 (text, payload) == 0)
        continue;

      sqlite3_bind_int64 (update, 1, id);
      bind_text (update, 2, text);
      if (!step_done (db, update, error))
        return FALSE;
      sqlite3_reset (update);
      *out_changes |= TEND_STORE_CHANGE_OUTBOX;
    }
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not read the outbox"));
      return FALSE;
    }
  return TRUE;
}

gboolean
_tend_store_overlay_pending_locked (TendStore         *self,
                                    GArray            *ticket_ids,
                                    TendStoreChanges  *out_changes,
                                    GError           **error)
{
  TendStoreDb *db = &self->writer;
  g_autoptr(CachedStmt) any = NULL;
  g_autoptr(CachedStmt) has = NULL;
  int rc;

  if (ticket_ids->len == 0)
    return TRUE;

  /* Nearly always the outbox is empty: one cheap look instead of one per
   * ticket of a sync page. */
  any = cached (db, "SELECT 1 FROM outbox WHERE " UNSENT " LIMIT 1", error);
  if (any == NULL)
    return FALSE;
  rc = sqlite3_step (any);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not read the outbox"));
      return FALSE;
    }

  has = cached (db, "SELECT 1 FROM outbox WHERE ticket_id = ?1 AND " UNSENT " LIMIT 1", error);
  if (has == NULL)
    return FALSE;

  for (guint i = 0; i < ticket_ids->len; i++)
    {
      gint64 ticket_id = g_array_index (ticket_ids, gint64, i);
      g_auto(Fields) fields = { 0, };
      gboolean found = FALSE;

      sqlite3_bind_int64 (has, 1, ticket_id);
      rc = sqlite3_step (has);
      sqlite3_reset (has);
      if (rc == SQLITE_DONE)
        continue;
      if (rc != SQLITE_ROW)
        {
          _tend_store_set_error (error, db->db, rc, _("Could not read the outbox"));
          return FALSE;
        }

      if (!read_fields (self, ticket_id, &fields, &found, error))
        return FALSE;
      if (!found)
        continue;
      if (!overlay_rows (self, ticket_id, 0, &fields, out_changes, error) ||
          !write_fields (self, ticket_id, &fields, error))
        return FALSE;
      *out_changes |= TEND_STORE_CHANGE_TICKETS;
    }
  return TRUE;
}

static gint64
get_me_locked (TendStore *self)
{
  g_autoptr(CachedStmt) stmt = cached (&self->writer, "SELECT value FROM meta WHERE key = 'me'", NULL);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && column_text (stmt, 0) != NULL)
    return g_ascii_strtoll (column_text (stmt, 0), NULL, 10);
  return 0;
}

static gboolean
delete_draft_locked (TendStore   *self,
                     gint64       ticket_id,
                     const char  *mode,
                     GError     **error)
{
  g_autoptr(CachedStmt) stmt = cached (&self->writer,
                                  "DELETE FROM drafts WHERE ticket_id = ?1 AND mode = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  bind_text (stmt, 2, mode);
  return step_done (&self->writer, stmt, error);
}

/* The row for @ticket_id and its local effects, inside the open
 * transaction: @copy (the caller's copy of the change) gets "before".
 * Returns the row id, 0 on error (the caller rolls back). */
static gint64
enqueue_locked (TendStore         *self,
                gint64             ticket_id,
                const char        *kind,
                JsonObject        *copy,
                gint64             now,
                TendStoreChanges  *out_changes,
                GError           **error)
{
  g_autoptr(JsonObject) before = json_object_new ();
  g_autoptr(CachedStmt) insert = NULL;
  g_autofree char *payload = NULL;
  g_auto(Fields) fields = { 0, };
  TendStoreChanges changes = TEND_STORE_CHANGE_OUTBOX | TEND_STORE_CHANGE_TICKETS;
  JsonObject *comment;
  gboolean found = FALSE;
  gint64 id;

  if (!read_fields (self, ticket_id, &fields, &found, error))
    return 0;
  if (!found)
    {
      g_autofree char *key = id_text (ticket_id);

      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                   _("There is no ticket %s in the local copy"), key);
      return 0;
    }

  apply_change (&fields, copy, before);
  json_object_set_object_member (copy, "before", g_steal_pointer (&before));
  payload = object_to_text (copy);

  insert = cached (&self->writer,
                    "INSERT INTO outbox (kind, ticket_id, payload, seen_updated_at, state, "
                    "attempts, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'queued', 0, ?5, ?5)",
                    error);
  if (insert == NULL)
    return 0;
  bind_text (insert, 1, kind);
  sqlite3_bind_int64 (insert, 2, ticket_id);
  bind_text (insert, 3, payload);
  sqlite3_bind_int64 (insert, 4, fields.updated_at);
  sqlite3_bind_int64 (insert, 5, now);
  if (!step_done (&self->writer, insert, error))
    return 0;
  id = sqlite3_last_insert_rowid (self->writer.db);

  if (!write_fields (self, ticket_id, &fields, error))
    return 0;

  comment = _tend_json_get_object (copy, "comment");
  if (comment != NULL)
    {
      g_autoptr(TendChangeset) local = tend_changeset_new ();
      g_autoptr(TendComment) copy_comment = tend_comment_new (-id);
      gboolean is_public = json_object_get_boolean_member_with_default (comment, "public", TRUE);
      const char *body = NULL;

      member_string (comment, "body", &body);
      tend_comment_set_ticket_id (copy_comment, ticket_id);
      tend_comment_set_author_id (copy_comment, get_me_locked (self));
      tend_comment_set_body (copy_comment, body);
      tend_comment_set_public (copy_comment, is_public);
      /* Never before the conversation's end, whatever this clock says. */
      tend_comment_set_created_at (copy_comment, MAX (now, fields.last_message_at));
      tend_changeset_add_comment (local, copy_comment);
      if (!_tend_store_write_changes_locked (self, local, &changes, error))
        return 0;

      /* The text lives in the outbox now; the draft it came from goes in
       * the same transaction, so there is always exactly one copy. */
      if (!delete_draft_locked (self, ticket_id, is_public ? "reply" : "note", error))
        return 0;
    }

  *out_changes |= changes;
  return id;
}

gint64
_tend_store_outbox_enqueue (TendStore   *self,
                            gint64       ticket_id,
                            const char  *kind,
                            JsonObject  *change,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(JsonObject) copy = NULL;
  TendStoreChanges changes = 0;
  gint64 id;

  g_return_val_if_fail (TEND_IS_STORE (self), 0);
  g_return_val_if_fail (kind != NULL && change != NULL, 0);

  /* The caller's object stays as it was; ours gets "before". */
  {
    g_autofree char *text = object_to_text (change);

    copy = parse_object (text);
  }

  locker = g_mutex_locker_new (&self->writer_lock);
  if (!_tend_store_begin_locked (self, error))
    return 0;

  id = enqueue_locked (self, ticket_id, kind, copy, now_seconds (), &changes, error);
  if (id == 0)
    {
      _tend_store_rollback_locked (self);
      return 0;
    }

  if (!commit_and_announce (self, &locker, changes, error))
    return 0;
  return id;
}

gboolean
_tend_store_outbox_enqueue_many (TendStore     *self,
                                 const gint64  *ticket_ids,
                                 guint          n_tickets,
                                 const char    *kind,
                                 JsonObject    *change,
                                 GArray        *out_ids,
                                 GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *text = NULL;
  TendStoreChanges changes = 0;
  guint first = out_ids->len;
  gint64 now = now_seconds ();

  g_return_val_if_fail (TEND_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && change != NULL, FALSE);
  g_return_val_if_fail (ticket_ids != NULL || n_tickets == 0, FALSE);

  if (n_tickets == 0)
    return TRUE;

  text = object_to_text (change);
  locker = g_mutex_locker_new (&self->writer_lock);
  if (!_tend_store_begin_locked (self, error))
    return FALSE;

  for (guint i = 0; i < n_tickets; i++)
    {
      /* Each row records its own ticket's "before". */
      g_autoptr(JsonObject) copy = parse_object (text);
      gint64 id = enqueue_locked (self, ticket_ids[i], kind, copy, now, &changes, error);

      if (id == 0)
        {
          _tend_store_rollback_locked (self);
          g_array_set_size (out_ids, first);
          return FALSE;
        }
      g_array_append_val (out_ids, id);
    }

  if (!commit_and_announce (self, &locker, changes, error))
    {
      g_array_set_size (out_ids, first);
      return FALSE;
    }
  return TRUE;
}

/* Reading rows */

#define ITEM_COLUMNS \
  "id, kind, ticket_id, payload, seen_updated_at, state, attempts, last_error, " \
  "created_at, updated_at, retry_at_ms, remote_id"

static TendOutboxItem *
item_from_stmt (Stmt *stmt)
{
  TendOutboxItem *item = tend_outbox_item_new (sqlite3_column_int64 (stmt, 0));
  TendOutboxState state = TEND_OUTBOX_STATE_QUEUED;

  tend_outbox_item_set_kind (item, column_text (stmt, 1));
  tend_outbox_item_set_ticket_id (item, sqlite3_column_int64 (stmt, 2));
  tend_outbox_item_set_payload (item, column_text (stmt, 3));
  tend_outbox_item_set_seen_updated_at (item, sqlite3_column_int64 (stmt, 4));
  /* A state from a newer Tend is treated as failed: shown, never sent. */
  if (!tend_outbox_state_from_string (column_text (stmt, 5), &state))
    state = TEND_OUTBOX_STATE_FAILED;
  tend_outbox_item_set_state (item, state);
  tend_outbox_item_set_attempts (item, (guint) MAX (sqlite3_column_int (stmt, 6), 0));
  tend_outbox_item_set_last_error (item, column_text (stmt, 7));
  tend_outbox_item_set_created_at (item, sqlite3_column_int64 (stmt, 8));
  tend_outbox_item_set_updated_at (item, sqlite3_column_int64 (stmt, 9));
  tend_outbox_item_set_retry_at_ms (item, sqlite3_column_int64 (stmt, 10));
  tend_outbox_item_set_remote_id (item, sqlite3_column_int64 (stmt, 11));
  return item;
}

GPtrArray *
_tend_store_outbox_list (TendStore  *self,
                         gboolean    with_sent,
                         GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = prepare (&self->reader,
                  with_sent ? "SELECT " ITEM_COLUMNS " FROM outbox ORDER BY id"
                            : "SELECT " ITEM_COLUMNS " FROM outbox WHERE " UNSENT " ORDER BY id",
                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_stmt (stmt));
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, self->reader.db, rc, _("Could not read the outbox"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

/* Whether the row under @stmt says what @item says. */
static gboolean
item_matches_row (TendOutboxItem *item,
                  Stmt           *stmt)
{
  TendOutboxState state = TEND_OUTBOX_STATE_QUEUED;

  if (!tend_outbox_state_from_string (column_text (stmt, 5), &state))
    state = TEND_OUTBOX_STATE_FAILED;
  return tend_outbox_item_get_state (item) == state &&
         tend_outbox_item_get_attempts (item) == (guint) MAX (sqlite3_column_int (stmt, 6), 0) &&
         tend_outbox_item_get_updated_at (item) == sqlite3_column_int64 (stmt, 9) &&
         tend_outbox_item_get_retry_at_ms (item) == sqlite3_column_int64 (stmt, 10) &&
         tend_outbox_item_get_remote_id (item) == sqlite3_column_int64 (stmt, 11) &&
         tend_outbox_item_get_seen_updated_at (item) == sqlite3_column_int64 (stmt, 4) &&
         tend_outbox_item_get_ticket_id (item) == sqlite3_column_int64 (stmt, 2) &&
         g_strcmp0 (tend_outbox_item_get_last_error (item), column_text (stmt, 7)) == 0 &&
         g_strcmp0 (tend_outbox_item_get_payload (item), column_text (stmt, 3)) == 0 &&
         g_strcmp0 (tend_outbox_item_get_kind (item), column_text (stmt, 1)) == 0;
}

GPtrArray *
_tend_store_outbox_refresh (TendStore  *self,
                            GPtrArray  *known,
                            GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (known->len, g_object_unref);
  g_autoptr(Stmt) stmt = NULL;
  guint k = 0;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = prepare (&self->reader, "SELECT " ITEM_COLUMNS " FROM outbox WHERE " UNSENT " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  /* Both in id order: a merge, with objects made only for rows that are
   * new or differ from the item already known. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      TendOutboxItem *old;

      while (k < known->len && tend_outbox_item_get_id (g_ptr_array_index (known, k)) < id)
        k++;
      old = k < known->len && tend_outbox_item_get_id (g_ptr_array_index (known, k)) == id
            ? g_ptr_array_index (known, k) : NULL;

      if (old == NULL)
        g_ptr_array_add (items, item_from_stmt (stmt));
      else
        {
          if (!item_matches_row (old, stmt))
            {
              g_autoptr(TendOutboxItem) fresh = item_from_stmt (stmt);

              tend_outbox_item_update_from (old, fresh);
            }
          g_ptr_array_add (items, g_object_ref (old));
        }
    }
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, self->reader.db, rc, _("Could not read the outbox"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

TendOutboxItem *
_tend_store_outbox_get (TendStore  *self,
                        gint64      id,
                        GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = prepare (&self->reader, "SELECT " ITEM_COLUMNS " FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return item_from_stmt (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *key = id_text (id);

      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                   _("There is no outbox item %s"), key);
    }
  else
    _tend_store_set_error (error, self->reader.db, rc, _("Could not read the outbox"));
  return NULL;
}

GArray *
_tend_store_outbox_claimed_ids (TendStore  *self,
                                gint64      ticket_id,
                                GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = prepare (&self->reader,
                  "SELECT remote_id FROM outbox WHERE ticket_id = ?1 AND remote_id > 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, self->reader.db, rc, _("Could not read the outbox"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* State changes */

gboolean
_tend_store_outbox_claim (TendStore       *self,
                          gint64           id,
                          TendOutboxItem **claimed,
                          GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  TendStoreDb *db = &self->writer;
  gboolean ok = FALSE;
  int rc;

  *claimed = NULL;
  locker = g_mutex_locker_new (&self->writer_lock);

  /* This commit is what makes "exactly once" hold: once the request may
   * be on its way, a restart must find the row in 'sending' and ask the
   * helpdesk before sending again. A commit survives a crash or kill of
   * the process (WAL, synchronous=NORMAL). Should the machine lose power
   * before the WAL reaches the disk, the row comes back 'queued': sent
   * again, the change still carries the old updated_stamp, the helpdesk
   * answers 409, and the push finds the comment there before calling it
   * a conflict. An fsync per change would cost more than the request to
   * a nearby helpdesk, for no gain. */
  if (!_tend_store_begin_locked (self, error))
    goto out;

  stmt = cached (db,
                  "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?2 "
                  "WHERE id = ?1 AND state = 'queued' RETURNING " ITEM_COLUMNS, error);
  if (stmt == NULL)
    {
      _tend_store_rollback_locked (self);
      goto out;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now_seconds ());
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *claimed = item_from_stmt (stmt);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not write to the outbox"));
      g_clear_object (claimed);
      g_clear_pointer (&stmt, _tend_store_stmt_done);
      _tend_store_rollback_locked (self);
      goto out;
    }
  g_clear_pointer (&stmt, _tend_store_stmt_done);

  ok = _tend_store_commit_locked (self, error);
  if (!ok)
    g_clear_object (claimed);

out:
  g_clear_pointer (&locker, g_mutex_locker_free);
  if (*claimed != NULL)
    _tend_store_emit_changed (self, TEND_STORE_CHANGE_OUTBOX);
  return ok;
}

gboolean
_tend_store_outbox_set_state (TendStore        *self,
                              gint64            id,
                              TendOutboxState   state,
                              const char       *last_error,
                              gint64            retry_at_ms,
                              gboolean          reset_attempts,
                              GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CachedStmt) old = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean waited;
  gboolean waits = state == TEND_OUTBOX_STATE_FAILED || state == TEND_OUTBOX_STATE_CONFLICT;
  gboolean ok;

  g_return_val_if_fail (state != TEND_OUTBOX_STATE_SENT, FALSE);

  locker = g_mutex_locker_new (&self->writer_lock);
  /* Whether the change waited for the agent already: the inbox marks
   * such tickets (their "needs-attention"). */
  old = cached (&self->writer, "SELECT state IN ('failed', 'conflict') FROM outbox WHERE id = ?1", error);
  if (old == NULL)
    return FALSE;
  sqlite3_bind_int64 (old, 1, id);
  waited = sqlite3_step (old) == SQLITE_ROW && sqlite3_column_int (old, 0) != 0;
  g_clear_pointer (&old, _tend_store_stmt_done);

  stmt = cached (&self->writer,
                  "UPDATE outbox SET state = ?2, last_error = ?3, retry_at_ms = ?4, "
                  "attempts = CASE WHEN ?5 THEN 0 ELSE attempts END, updated_at = ?6 "
                  "WHERE id = ?1 AND " UNSENT, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, tend_outbox_state_to_string (state));
  bind_text (stmt, 3, last_error);
  sqlite3_bind_int64 (stmt, 4, retry_at_ms);
  sqlite3_bind_int (stmt, 5, reset_attempts ? 1 : 0);
  sqlite3_bind_int64 (stmt, 6, now_seconds ());
  ok = step_done (&self->writer, stmt, error);
  g_clear_pointer (&locker, g_mutex_locker_free);

  /* An unsent change stays pending whatever its state; the ticket
   * changes only when the change starts or stops waiting for the agent. */
  if (ok)
    _tend_store_emit_changed (self, TEND_STORE_CHANGE_OUTBOX |
                                    (waits != waited ? TEND_STORE_CHANGE_TICKETS : 0));
  return ok;
}

static gboolean
delete_local_comment (TendStore  *self,
                      gint64      id,
                      GError    **error)
{
  g_autoptr(CachedStmt) stmt = cached (&self->writer, "DELETE FROM comments WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, -id);
  return step_done (&self->writer, stmt, error);
}

static gboolean
changeset_touches (TendChangeset *changes,
                   gint64         ticket_id)
{
  if (changes == NULL)
    return FALSE;
  for (guint i = 0; changes->tickets != NULL && i < changes->tickets->len; i++)
    if (tend_ticket_get_id (g_ptr_array_index (changes->tickets, i)) == ticket_id &&
        tend_ticket_get_status (g_ptr_array_index (changes->tickets, i)) != TEND_TICKET_STATUS_DELETED)
      return TRUE;
  for (guint i = 0; changes->comments != NULL && i < changes->comments->len; i++)
    if (tend_comment_get_ticket_id (g_ptr_array_index (changes->comments, i)) == ticket_id)
      return TRUE;
  return FALSE;
}

gboolean
_tend_store_outbox_mark_sent (TendStore      *self,
                              gint64          id,
                              gint64          remote_id,
                              gint64          sent_stamp,
                              gint64          new_stamp,
                              TendChangeset  *server_data,
                              GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CachedStmt) mark = NULL;
  g_autoptr(CachedStmt) rebase = NULL;
  TendStoreChanges changes = TEND_STORE_CHANGE_OUTBOX | TEND_STORE_CHANGE_TICKETS |
                             TEND_STORE_CHANGE_COMMENTS;
  TendStoreDb *db = &self->writer;
  gint64 ticket_id = 0;
  int rc;

  locker = g_mutex_locker_new (&self->writer_lock);
  if (!_tend_store_begin_locked (self, error))
    return FALSE;

  /* First, so that the overlay below no longer lays this change over the
   * helpdesk's version of the ticket: it is part of that version now. */
  mark = cached (db,
                  "UPDATE outbox SET state = 'sent', remote_id = ?2, last_error = NULL, "
                  "retry_at_ms = 0, updated_at = ?3 WHERE id = ?1 RETURNING ticket_id", error);
  if (mark == NULL)
    goto fail;
  sqlite3_bind_int64 (mark, 1, id);
  sqlite3_bind_int64 (mark, 2, MAX (remote_id, 0));
  sqlite3_bind_int64 (mark, 3, now_seconds ());
  rc = sqlite3_step (mark);
  if (rc == SQLITE_ROW)
    {
      ticket_id = sqlite3_column_int64 (mark, 0);
      rc = sqlite3_step (mark);
    }
  if (rc != SQLITE_DONE)
    {
      _tend_store_set_error (error, db->db, rc, _("Could not write to the outbox"));
      goto fail;
    }
  g_clear_pointer (&mark, _tend_store_stmt_done);

  if (!delete_local_comment (self, id, error))
    goto fail;
  if (server_data != NULL && !_tend_store_write_changes_locked (self, server_data, &changes, error))
    goto fail;

  if (new_stamp > 0 && ticket_id > 0)
    {
      rebase = cached (db,
                        "UPDATE outbox SET seen_updated_at = ?4 WHERE ticket_id = ?1 AND id > ?2 "
                        "AND state IN ('queued', 'failed') AND seen_updated_at = ?3", error);
      if (rebase == NULL)
        goto fail;
      sqlite3_bind_int64 (rebase, 1, ticket_id);
      sqlite3_bind_int64 (rebase, 2, id);
      sqlite3_bind_int64 (rebase, 3, sent_stamp);
      sqlite3_bind_int64 (rebase, 4, new_stamp);
      if (!step_done (db, rebase, error))
        goto fail;
    }

  /* The conversation lost the local copy; written rows of the ticket
   * derived it again already. */
  if (ticket_id > 0 && !changeset_touches (server_data, ticket_id) &&
      !_tend_store_derive_ticket_locked (self, ticket_id, error))
    goto fail;

  return commit_and_announce (self, &locker, changes, error);

fail:
  _tend_store_rollback_locked (self);
  return FALSE;
}

gboolean
_tend_store_outbox_restamp (TendStore  *self,
                            gint64      id,
                            GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CachedStmt) row = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  g_autofree char *key = id_text (id);
  TendStoreDb *db = &self->writer;
  gint64 ticket_id, old_stamp;
  int rc;

  locker = g_mutex_locker_new (&self->writer_lock);
  if (!_tend_store_begin_locked (self, error))
    return FALSE;

  row = cached (db, "SELECT ticket_id, seen_updated_at FROM outbox WHERE id = ?1 AND state = 'conflict'",
                 error);
  if (row == NULL)
    goto fail;
  sqlite3_bind_int64 (row, 1, id);
  rc = sqlite3_step (row);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                     _("Outbox item %s is not in conflict with a change on the helpdesk"), key);
      else
        _tend_store_set_error (error, db->db, rc, _("Could not read the outbox"));
      goto fail;
    }
  ticket_id = sqlite3_column_int64 (row, 0);
  old_stamp = sqlite3_column_int64 (row, 1);
  g_clear_pointer (&row, _tend_store_stmt_done);

  /* The agent has seen what changed: this change, and the later ones of
   * the ticket written on the same old view, are based on the ticket as
   * the store has it now (fetched when the conflict was found). */
  stmt = cached (db,
                  "UPDATE outbox SET seen_updated_at = coalesce ("
                  "  (SELECT updated_at FROM tickets WHERE id = ?2), seen_updated_at), "
                  "state = 'queued', attempts = 0, last_error = NULL, retry_at_ms = 0, updated_at = ?4 "
                  "WHERE ticket_id = ?2 AND id >= ?1 AND seen_updated_at = ?3 "
                  "AND state IN ('queued', 'conflict')", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, ticket_id);
  sqlite3_bind_int64 (stmt, 3, old_stamp);
  sqlite3_bind_int64 (stmt, 4, now_seconds ());
  if (!step_done (db, stmt, error))
    goto fail;

  /* The ticket no longer waits for the agent. */
  return commit_and_announce (self, &locker, TEND_STORE_CHANGE_OUTBOX | TEND_STORE_CHANGE_TICKETS, error);

fail:
  _tend_store_rollback_locked (self);
  return FALSE;
}

/* Discard's work inside the open transaction. TEND_ERROR_NOT_FOUND or
 * TEND_ERROR_INVALID (sending, sent) leave the database as it was. */
static gboolean
discard_locked (TendStore         *self,
                gint64             id,
                TendStoreChanges  *out_changes,
                GError           **error)
{
  g_autoptr(CachedStmt) row = NULL;
  g_autoptr(CachedStmt) del = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_auto(Fields) fields = { 0, };
  g_autofree char *key = id_text (id);
  TendStoreChanges changes = TEND_STORE_CHANGE_OUTBOX | TEND_STORE_CHANGE_TICKETS |
                             TEND_STORE_CHANGE_COMMENTS;
  TendStoreDb *db = &self->writer;
  TendOutboxState state = TEND_OUTBOX_STATE_QUEUED;
  JsonObject *comment;
  gboolean found = FALSE;
  gint64 ticket_id;
  int rc;

  row = cached (db, "SELECT ticket_id, state, payload FROM outbox WHERE id = ?1", error);
  if (row == NULL)
    return FALSE;
  sqlite3_bind_int64 (row, 1, id);
  rc = sqlite3_step (row);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                     _("There is no outbox item %s"), key);
      else
        _tend_store_set_error (error, db->db, rc, _("Could not read the outbox"));
      return FALSE;
    }
  ticket_id = sqlite3_column_int64 (row, 0);
  tend_outbox_state_from_string (column_text (row, 1), &state);
  change = parse_object (column_text (row, 2));
  g_clear_pointer (&row, _tend_store_stmt_done);

  /* Either may already be at the helpdesk: taking it back here would
   * leave the agent believing it was never sent. */
  if (state == TEND_OUTBOX_STATE_SENDING)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("Outbox item %s is being sent and cannot be discarded now"), key);
      return FALSE;
    }
  if (state == TEND_OUTBOX_STATE_SENT)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("Outbox item %s was sent already"), key);
      return FALSE;
    }

  del = cached (db, "DELETE FROM outbox WHERE id = ?1", error);
  if (del == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, id);
  if (!step_done (db, del, error) || !delete_local_comment (self, id, error))
    return FALSE;

  if (!read_fields (self, ticket_id, &fields, &found, error))
    return FALSE;
  if (found)
    {
      /* Back to what the ticket was just before this change, then the
       * later changes of the ticket on top again. */
      restore_fields (&fields, _tend_json_get_object (change, "before"));
      if (!overlay_rows (self, ticket_id, id, &fields, &changes, error) ||
          !write_fields (self, ticket_id, &fields, error))
        return FALSE;
      /* Only a comment (its local copy just went) changes what is derived
       * from the conversation; redoing the full-text row for a field
       * change cost ~1.5 ms a ticket, which a bulk undo multiplies. */
      if (_tend_json_get_object (change, "comment") != NULL &&
          !_tend_store_derive_ticket_locked (self, ticket_id, error))
        return FALSE;
    }

  /* A discarded reply is not lost words: it becomes the draft again, so
   * the agent can rework it after reading what changed. */
  comment = _tend_json_get_object (change, "comment");
  if (comment != NULL)
    {
      g_autoptr(CachedStmt) draft = NULL;
      const char *body = NULL;
      gboolean is_public = json_object_get_boolean_member_with_default (comment, "public", TRUE);

      member_string (comment, "body", &body);
      draft = cached (db,
                       "INSERT INTO drafts (ticket_id, mode, body, updated_at) VALUES (?1, ?2, ?3, ?4) "
                       "ON CONFLICT (ticket_id, mode) DO UPDATE SET body = excluded.body, "
                       "updated_at = excluded.updated_at WHERE drafts.body = ''", error);
      if (draft == NULL)
        return FALSE;
      sqlite3_bind_int64 (draft, 1, ticket_id);
      bind_text (draft, 2, is_public ? "reply" : "note");
      bind_text (draft, 3, body != NULL ? body : "");
      sqlite3_bind_int64 (draft, 4, now_seconds ());
      if (body != NULL && body[0] != '\0' && !step_done (db, draft, error))
        return FALSE;
    }

  *out_changes |= changes;
  return TRUE;
}

gboolean
_tend_store_outbox_discard (TendStore  *self,
                            gint64      id,
                            GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  TendStoreChanges changes = 0;

  locker = g_mutex_locker_new (&self->writer_lock);
  if (!_tend_store_begin_locked (self, error))
    return FALSE;

  if (!discard_locked (self, id, &changes, error))
    {
      _tend_store_rollback_locked (self);
      return FALSE;
    }

  return commit_and_announce (self, &locker, changes, error);
}

gboolean
_tend_store_outbox_discard_many (TendStore     *self,
                                 const gint64  *ids,
                                 guint          n_ids,
                                 guint         *n_discarded,
                                 guint         *n_kept,
                                 GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  TendStoreChanges changes = 0;
  guint discarded = 0;
  guint kept = 0;

  g_return_val_if_fail (TEND_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (n_ids > 0)
    {
      locker = g_mutex_locker_new (&self->writer_lock);
      if (!_tend_store_begin_locked (self, error))
        return FALSE;

      /* Newest first: a later row of a ticket was based on the earlier
       * one's result, so each restores what it found. */
      for (guint i = n_ids; i > 0; i--)
        {
          g_autoptr(GError) local_error = NULL;

          if (discard_locked (self, ids[i - 1], &changes, &local_error))
            discarded++;
          else if (g_error_matches (local_error, TEND_ERROR, TEND_ERROR_NOT_FOUND) ||
                   g_error_matches (local_error, TEND_ERROR, TEND_ERROR_INVALID))
            kept++;   /* gone already, or at the helpdesk: nothing changed */
          else
            {
              _tend_store_rollback_locked (self);
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }

      if (changes != 0)
        {
          if (!commit_and_announce (self, &locker, changes, error))
            return FALSE;
        }
      else if (!_tend_store_commit_locked (self, error))
        return FALSE;
    }

  if (n_discarded != NULL)
    *n_discarded = discarded;
  if (n_kept != NULL)
    *n_kept = kept;
  return TRUE;
}

gboolean
_tend_store_outbox_prune (TendStore  *self,
                          gint64      before,
                          GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CachedStmt) stmt = NULL;

  locker = g_mutex_locker_new (&self->writer_lock);
  stmt = cached (&self->writer, "DELETE FROM outbox WHERE state = 'sent' AND updated_at < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before);
  return step_done (&self->writer, stmt, error);
}

/* Drafts */

gboolean
_tend_store_draft_save (TendStore   *self,
                        gint64       ticket_id,
                        const char  *mode,
                        const char  *body,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CachedStmt) stmt = NULL;

  g_return_val_if_fail (TEND_IS_STORE (self), FALSE);
  g_return_val_if_fail (mode != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer_lock);
  if (body == NULL || body[0] == '\0')
    return delete_draft_locked (self, ticket_id, mode, error);

  /* One statement, so one transaction of its own: committed when this
   * returns, which is what lets a draft survive a crash. */
  stmt = cached (&self->writer,
                  "INSERT INTO drafts (ticket_id, mode, body, updated_at) VALUES (?1, ?2, ?3, ?4) "
                  "ON CONFLICT (ticket_id, mode) DO UPDATE SET body = excluded.body, "
                  "updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  bind_text (stmt, 2, mode);
  bind_text (stmt, 3, body);
  sqlite3_bind_int64 (stmt, 4, now_seconds ());
  if (!step_done (&self->writer, stmt, error))
    {
      g_prefix_error (error, _("Could not save the draft: "));
      return FALSE;
    }
  return TRUE;
}

char *
_tend_store_draft_load (TendStore   *self,
                        gint64       ticket_id,
                        const char  *mode,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (self), NULL);
  g_return_val_if_fail (mode != NULL, NULL);

  locker = g_mutex_locker_new (&self->reader_lock);
  stmt = prepare (&self->reader, "SELECT body FROM drafts WHERE ticket_id = ?1 AND mode = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  bind_text (stmt, 2, mode);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _tend_store_set_error (error, self->reader.db, rc, _("Could not read the draft"));
  return NULL;
}
