/* tend-store-private.h: what tend-store.c and tend-store-search.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include <json-glib/json-glib.h>

#include "tend-store.h"
#include "tend-outbox-item.h"

G_BEGIN_DECLS

/* The statements every connection may need, prepared once on first use and
 * kept for the life of the connection. */
typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,

  /* writer */
  STMT_USER_ROLE,
  STMT_UPSERT_USER,
  STMT_USER_FTS_TEXT,
  STMT_USER_FTS_EXISTS,
  STMT_DELETE_USER_FTS,
  STMT_INSERT_USER_FTS,
  STMT_ORG_NAME,
  STMT_UPSERT_ORG,
  STMT_USERS_OF_ORG,
  STMT_UPSERT_TICKET,
  STMT_DELETE_TICKET_TAGS,
  STMT_INSERT_TICKET_TAGS,
  STMT_UPSERT_COMMENT,
  STMT_DELETE_COMMENT_ATTACHMENTS,
  STMT_UPSERT_ATTACHMENT,
  STMT_TICKETS_BY_AUTHOR,
  STMT_UPSERT_ARTICLE,
  STMT_ARTICLE_FTS_EXISTS,
  STMT_DELETE_ARTICLE_FTS,
  STMT_INSERT_ARTICLE_FTS,
  STMT_UPSERT_MACRO,
  STMT_DELETE_TICKET,
  STMT_DELETE_TICKET_COMMENTS,
  STMT_DELETE_TICKET_FTS,
  STMT_DELETE_TICKET_DRAFT,
  STMT_SET_CURSOR,
  STMT_SET_META,
  STMT_TICKET_TEXT,
  STMT_TICKET_FTS_EXISTS,
  STMT_CONVERSATION,
  STMT_UPDATE_DERIVED,
  STMT_INSERT_TICKET_FTS,
  STMT_SET_READ,
  STMT_CLEAR_READ,

  /* reader */
  STMT_GET_TICKET,
  STMT_LIST_COMMENTS,
  STMT_LIST_TICKET_ATTACHMENTS,
  STMT_GET_USER,
  STMT_FIND_USER_BY_EMAIL,
  STMT_GET_ORG,
  STMT_GET_ARTICLE,
  STMT_LIST_MACROS,
  STMT_GET_CURSOR,
  STMT_GET_META,
  STMT_STATS,

  N_STMTS
} TendStoreStmt;

/* One SQLite connection with its statement cache. Used by one thread at a
 * time: the store's mutexes see to that. */
typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  /* Statements whose text is assembled from a view and a query's shape
   * (never from its values), keyed by that text. */
  GHashTable   *dynamic;
} TendStoreDb;

struct _TendStore
{
  GObject       parent_instance;

  char         *path;
  int           schema_version;

  /* The owner's thread and context: TendStore::changed is emitted there. */
  GMainContext *context;
  GThread      *owner;

  /* Reads are meant for the owner thread; the mutex makes a stray read
   * from a worker (e.g. a sync thread asking for its cursor) safe too. */
  GMutex        reader_lock;
  TendStoreDb   reader;

  GMutex        writer_lock;
  TendStoreDb   writer;
  /* Planner statistics are refreshed as the tables grow (writer lock). */
  gint64        analyzed_tickets;
  gint64        written_since_analyze;
};

/* Selected by every query that builds TendUser / TendArticle objects. */
#define TEND_STORE_USER_COLUMNS \
  "id, name, email, phone, role, organization_id, time_zone, locale, tags, " \
  "notes, details, photo_url, created_at, updated_at, extra_json"
#define TEND_STORE_ARTICLE_COLUMNS \
  "id, title, body, url, locale, labels, section_id, created_at, updated_at, extra_json"

/* Selected by every query that builds TendTicket objects, in this order,
 * from tickets t LEFT JOIN users u (requester) LEFT JOIN read_state r. */
#define TEND_STORE_TICKET_COLUMNS \
  "t.id, t.subject, t.description, t.status, t.priority, t.type, " \
  "t.requester_id, t.submitter_id, t.assignee_id, t.group_id, " \
  "t.organization_id, t.tags, t.created_at, t.updated_at, t.satisfaction, " \
  "t.satisfaction_comment, t.extra_json, t.last_message, t.last_message_at, " \
  "t.waiting_since, t.comment_count, u.name, u.email, " \
  "(r.read_at IS NULL OR r.read_at < t.updated_at), " \
  "(SELECT max(CASE o.state WHEN 'failed' THEN 2 WHEN 'conflict' THEN 2 ELSE 1 END) " \
  "FROM outbox o WHERE o.ticket_id = t.id AND o.state <> 'sent')"
#define TEND_STORE_TICKET_N_COLUMNS 25
#define TEND_STORE_TICKET_JOINS \
  "LEFT JOIN users u ON u.id = t.requester_id " \
  "LEFT JOIN read_state r ON r.ticket_id = t.id "

/* How many of the newest matches of a search are ranked first (see
 * list_ranked() in tend-store-search.c). Scoring them costs ~1 ms. */
#define TEND_STORE_RANK_WINDOW 1000

/* Private-use marks around matched words in search snippets. */
#define TEND_STORE_MARK_START "\xee\x80\x80" /* U+E000 */
#define TEND_STORE_MARK_END   "\xee\x80\x81" /* U+E001 */

/* Makes an object (TendTicket, TendUser, ...) of a statement's current row. */
typedef gpointer (*RowFunc) (sqlite3_stmt *stmt);

sqlite3_stmt       *_tend_store_db_get_stmt       (TendStoreDb    *db,
                                                   TendStoreStmt   which,
                                                   GError        **error);
sqlite3_stmt       *_tend_store_db_get_dynamic    (TendStoreDb    *db,
                                                   const char     *sql,
                                                   GError        **error);
void                _tend_store_stmt_done         (sqlite3_stmt   *stmt);
/* Maps SQLite's result code to a TendError code (STORAGE, CORRUPT, ...). */
void                _tend_store_set_error         (GError        **error,
                                                   sqlite3        *db,
                                                   int             rc,
                                                   const char     *what);
TendTicket         *_tend_store_ticket_from_stmt  (sqlite3_stmt   *stmt);
TendUser           *_tend_store_user_from_stmt    (sqlite3_stmt   *stmt);
/* Columns id, name, domain_names, tags, details, notes, created_at,
 * updated_at, extra_json (TEND_INSIGHTS_ORG_COLUMNS). */
TendOrganization   *_tend_store_organization_from_stmt (sqlite3_stmt *stmt);
TendArticle        *_tend_store_article_from_stmt (sqlite3_stmt   *stmt);
char              **_tend_store_strv_from_json    (const char     *json);
gint64              _tend_store_get_me_locked     (TendStore      *self);
/* Plain text of untrusted HTML, for indexing: tags dropped (script and
 * style with their content), block ends as line breaks, entities decoded. */
char               *_tend_store_html_to_text      (const char     *html);

/* Transactions on the writer for the other parts of the store; the
 * caller holds writer_lock. Commit rolls back when it fails. */
gboolean            _tend_store_begin_locked      (TendStore      *self,
                                                   GError        **error);
gboolean            _tend_store_commit_locked     (TendStore      *self,
                                                   GError        **error);
void                _tend_store_rollback_locked   (TendStore      *self);
/* What tend_store_write() does, inside the open transaction; ORs what it
 * touched into @out_changes. */
gboolean            _tend_store_write_changes_locked (TendStore        *self,
                                                      TendChangeset    *changes,
                                                      TendStoreChanges *out_changes,
                                                      GError          **error);
gboolean            _tend_store_derive_ticket_locked (TendStore    *self,
                                                      gint64        ticket_id,
                                                      GError      **error);
gboolean            _tend_store_set_ticket_tags_locked (TendStore  *self,
                                                        gint64      ticket_id,
                                                        const char *tags_json,
                                                        GError    **error);
char               *_tend_store_strv_to_json      (const char * const *strv);
/* Emits TendStore::changed on the owner's context; call without locks. */
void                _tend_store_emit_changed      (TendStore      *self,
                                                   guint           changes);

/* The outbox and drafts (tend-store-outbox.c). The payload of an outbox
 * row is the neutral change documented in tend-outbox.h. */

/* Lays the unsent changes of these tickets over their rows again (after
 * the helpdesk's version was written), in the writer's transaction. */
gboolean            _tend_store_overlay_pending_locked (TendStore        *self,
                                                        GArray           *ticket_ids,
                                                        TendStoreChanges *out_changes,
                                                        GError          **error);
/* In one transaction: the row, the change applied to the local copy (the
 * comment under id -row id, marked pending) and the draft of that mode
 * deleted. Returns the row id, 0 on error. */
gint64              _tend_store_outbox_enqueue    (TendStore      *self,
                                                   gint64          ticket_id,
                                                   const char     *kind,
                                                   JsonObject     *change,
                                                   GError        **error);
/* The same change for each of @n_tickets tickets, in one transaction:
 * all rows or none. Appends the row ids to @out_ids (in the order of
 * @ticket_ids); on error @out_ids is as it was. */
gboolean            _tend_store_outbox_enqueue_many (TendStore    *self,
                                                     const gint64 *ticket_ids,
                                                     guint         n_tickets,
                                                     const char   *kind,
                                                     JsonObject   *change,
                                                     GArray       *out_ids,
                                                     GError      **error);
/* Discards @ids newest (last) first in one transaction; rows gone or
 * sending/sent are counted in @n_kept and left alone. FALSE only for a
 * storage error, and then nothing changed. */
gboolean            _tend_store_outbox_discard_many (TendStore    *self,
                                                     const gint64 *ids,
                                                     guint         n_ids,
                                                     guint        *n_discarded,
                                                     guint        *n_kept,
                                                     GError      **error);
/* Unsent rows (or all) oldest first; element type TendOutboxItem. */
GPtrArray          *_tend_store_outbox_list       (TendStore      *self,
                                                   gboolean        with_sent,
                                                   GError        **error);
/* The unsent rows oldest first, as items: those of @known (sorted by id)
 * are reused, updated in place when their row changed. */
GPtrArray          *_tend_store_outbox_refresh    (TendStore      *self,
                                                   GPtrArray      *known,
                                                   GError        **error);
TendOutboxItem     *_tend_store_outbox_get        (TendStore      *self,
                                                   gint64          id,
                                                   GError        **error);
/* queued → sending, committed durably (synchronous=FULL) before the
 * request leaves; FALSE without error when the row is not queued any
 * more (sent by another process, discarded). */
gboolean            _tend_store_outbox_claim      (TendStore      *self,
                                                   gint64          id,
                                                   TendOutboxItem **claimed,
                                                   GError        **error);
/* Sets state, error and retry time (any state but sent). */
gboolean            _tend_store_outbox_set_state  (TendStore      *self,
                                                   gint64          id,
                                                   TendOutboxState state,
                                                   const char     *last_error,
                                                   gint64          retry_at_ms,
                                                   gboolean        reset_attempts,
                                                   GError        **error);
/* In one transaction: the row becomes sent (with the helpdesk's comment
 * id), the local copy of its comment is replaced by @server_data (the
 * ticket and comment as the helpdesk has them), and when @new_stamp is not
 * 0 the later rows of the ticket based on @sent_stamp are based on
 * @new_stamp instead: the only change between the two is the agent's. */
gboolean            _tend_store_outbox_mark_sent  (TendStore      *self,
                                                   gint64          id,
                                                   gint64          remote_id,
                                                   gint64          sent_stamp,
                                                   gint64          new_stamp,
                                                   TendChangeset  *server_data,
                                                   GError        **error);
/* "send anyway": the row in conflict, and the later rows of its ticket
 * based on the same old updated_at, are based on the ticket's updated_at
 * as stored now, and queued. */
gboolean            _tend_store_outbox_restamp    (TendStore      *self,
                                                   gint64          id,
                                                   GError        **error);
/* Removes the row and undoes its local changes; the text of its comment
 * goes back to the draft of its mode unless a draft is there already. */
gboolean            _tend_store_outbox_discard    (TendStore      *self,
                                                   gint64          id,
                                                   GError        **error);
/* Remote comment ids that sent rows of the ticket already claimed. */
GArray             *_tend_store_outbox_claimed_ids (TendStore     *self,
                                                    gint64         ticket_id,
                                                    GError       **error);
/* Forgets sent rows last touched before @before (Unix seconds). */
gboolean            _tend_store_outbox_prune      (TendStore      *self,
                                                   gint64          before,
                                                   GError        **error);

/* Drafts, one per ticket and mode ("reply" or "note"). An empty body
 * deletes. Load gives NULL without error when there is none. */
gboolean            _tend_store_draft_save        (TendStore      *self,
                                                   gint64          ticket_id,
                                                   const char     *mode,
                                                   const char     *body,
                                                   GError        **error);
char               *_tend_store_draft_load        (TendStore      *self,
                                                   gint64          ticket_id,
                                                   const char     *mode,
                                                   GError        **error);

/* Test-only: caps the database size so a test can simulate a full disk. */
gboolean            _tend_store_set_max_page_count (TendStore     *self,
                                                    int            pages,
                                                    GError       **error);

G_END_DECLS
