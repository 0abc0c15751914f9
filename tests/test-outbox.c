/* test-outbox.c: the outbox, drafts and connectivity, against tend-demo-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests that talk to a helpdesk start the demo program (its path in
 * TEND_DEMO_SERVER) on 127.0.0.1, sync it into a fresh store, work on
 * that store as an agent would, and then read what the helpdesk holds
 * through its own API: a reply counts as sent when the server has it, and
 * exactly once.
 *
 * The program doubles as the helper process the SIGKILL test kills:
 * `test-outbox --push-helper DB URL EMAIL TOKEN` pushes the outbox of DB.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "tend-engine.h"
#include "tend-connectivity.h"
#include "tend-drafts.h"
#include "tend-http.h"
#include "tend-outbox.h"
#include "tend-store-private.h"
#include "tend-sync.h"
#include "tend-zendesk-backend.h"
#include "tend-zendesk-json.h"
#include "parity-checks.h"
#include "test-demo-child.h"

#define SEED       7
#define N_TICKETS  60

static gint64 anchor;
static char *tmp_dir;

/* The demo helpdesk, as a child process (test-demo-child.c) */

/* Starts the helpdesk (again, on the same port and with the same data,
 * when @demo is given). The data is the generator's for SEED and the
 * fixed anchor, so a restarted server holds what the first one did. */
static TestDemo *
demo_start_on (TestDemo   *demo,
               const char *faults)
{
  return test_demo_start (demo, N_TICKETS, SEED, anchor, NULL, faults);
}

static TendBackend *
demo_backend (TestDemo *demo)
{
  return TEND_BACKEND (test_demo_backend (demo, NULL));
}

/* The helpdesk's own view of a ticket and its conversation. */
static GPtrArray *
server_comments (TestDemo *demo,
                 gint64    ticket_id)
{
  g_autoptr(TendBackend) backend = demo_backend (demo);

  return parity_server_comments (backend, ticket_id);
}

static TendTicket *
server_ticket (TestDemo *demo,
               gint64    ticket_id)
{
  g_autoptr(TendBackend) backend = demo_backend (demo);

  return parity_server_ticket (backend, ticket_id);
}

/* The demo helpdesk behind the scenarios shared with the RT suite
 * (parity-checks.c). Its clock needs no tick: a conflict is seen by the
 * stamp the PUT moves on. */
typedef struct
{
  ParityHelpdesk  helpdesk;
  TestDemo       *demo;
} DemoHelpdesk;

/* The customer answering: a PUT as the ticket's requester, with the
 * helpdesk's own idea of who that is. */
static void
demo_customer_writes (ParityHelpdesk *helpdesk,
                      gint64          ticket_id,
                      const char     *text)
{
  DemoHelpdesk *self = (DemoHelpdesk *) helpdesk;
  g_autoptr(TendZendeskBackend) backend = NULL;
  g_autoptr(TendTicket) ticket = parity_server_ticket (helpdesk->backend, ticket_id);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT ".json", ticket_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ticket");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "comment");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "public");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "author_id");
  json_builder_add_int_value (builder, tend_ticket_get_requester_id (ticket));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  backend = tend_zendesk_backend_new (self->demo->url, self->demo->email, self->demo->token, &error);
  g_assert_no_error (error);
  answer = tend_http_send_json (tend_zendesk_backend_get_http (backend), "PUT", path, body, NULL, &error);
  g_assert_no_error (error);
}

static void
demo_helpdesk_init (DemoHelpdesk *self,
                    TestDemo     *demo)
{
  self->helpdesk.backend = demo_backend (demo);
  self->helpdesk.customer_writes = demo_customer_writes;
  self->helpdesk.tick = NULL;
  self->demo = demo;
}

static void
demo_helpdesk_clear (DemoHelpdesk *self)
{
  g_clear_object (&self->helpdesk.backend);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoHelpdesk, demo_helpdesk_clear)

/* Stores */

static TendStore *
new_store (const char *name,
           char      **out_path)
{
  static guint counter;
  g_autofree char *file = g_strdup_printf ("%s-%u.db", name, counter++);
  g_autofree char *path = g_build_filename (tmp_dir, file, NULL);
  g_autoptr(GError) error = NULL;
  TendStore *store;

  store = tend_store_open (path, &error);
  g_assert_no_error (error);
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return store;
}

/* A store filled by the generator (no helpdesk needed). */
static TendStore *
generated_store (char **out_path)
{
  g_autoptr(TendGenerator) generator = tend_generator_new (SEED, N_TICKETS, anchor);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;
  TendStore *store = new_store ("generated", out_path);
  g_autofree char *me = NULL;

  while (tend_generator_next (generator, changes, 500))
    {
      tend_store_write (store, changes, &error);
      g_assert_no_error (error);
      tend_changeset_clear (changes);
    }
  me = g_strdup_printf ("%" G_GINT64_FORMAT, tend_generator_get_me_id (generator));
  tend_changeset_set_meta (changes, "me", me);
  tend_store_write (store, changes, &error);
  g_assert_no_error (error);
  return store;
}

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
run_sync (TendSync  *sync,
          GError   **error)
{
  Wait wait = { 0 };

  tend_sync_run_async (sync, NULL, run_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Unsolved tickets of the store, most recently updated first. */
static GArray *
open_tickets (TendStore *store,
              guint      n)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  tickets = tend_store_list_tickets (store, TEND_VIEW_OPEN, NULL, 0, 200, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tickets->len && ids->len < n; i++)
    {
      gint64 id = tend_ticket_get_id (g_ptr_array_index (tickets, i));

      g_array_append_val (ids, id);
    }
  g_assert_cmpuint (ids->len, ==, n);
  return ids;
}

static TendComment *
find_comment (GPtrArray  *comments,
              const char *body)
{
  for (guint i = 0; i < comments->len; i++)
    if (g_strcmp0 (tend_comment_get_body (g_ptr_array_index (comments, i)), body) == 0)
      return g_ptr_array_index (comments, i);
  return NULL;
}

/* Local work, no helpdesk */

static void
test_local_apply (void)
{
  g_autoptr(TendStore) store = generated_store (NULL);
  g_autoptr(TendOutbox) outbox = tend_outbox_new (store);
  g_autoptr(TendDrafts) drafts = tend_drafts_new (store);
  g_autoptr(GArray) ids = open_tickets (store, 1);
  g_autoptr(TendTicket) before = NULL;
  g_autoptr(TendTicket) after = NULL;
  g_autoptr(TendTicket) restored = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(TendOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *note_draft = NULL;
  const char *add[] = { "offline-test", NULL };
  gint64 ticket_id = g_array_index (ids, gint64, 0);
  TendOutboxEdit edit;
  TendComment *local;
  guint old_count;
  gint64 id;

  before = tend_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_false (tend_ticket_get_pending (before));
  old_count = tend_ticket_get_comment_count (before);

  tend_drafts_save (drafts, ticket_id, TEND_DRAFT_MODE_REPLY, "Thanks, I am on it", &error);
  g_assert_no_error (error);
  tend_drafts_save (drafts, ticket_id, TEND_DRAFT_MODE_NOTE, "Check the invoice first", &error);
  g_assert_no_error (error);

  tend_outbox_edit_init (&edit);
  edit.comment = "Thanks, I am on it";
  edit.status = TEND_TICKET_STATUS_SOLVED;
  edit.priority = TEND_TICKET_PRIORITY_URGENT;
  edit.add_tags = add;
  id = tend_outbox_enqueue (outbox, ticket_id, &edit, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* The local copy shows it at once, marked pending. */
  after = tend_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_true (tend_ticket_get_pending (after));
  g_assert_cmpint (tend_ticket_get_status (after), ==, TEND_TICKET_STATUS_SOLVED);
  g_assert_cmpint (tend_ticket_get_priority (after), ==, TEND_TICKET_PRIORITY_URGENT);
  g_assert_true (tend_ticket_has_tag (after, "offline-test"));
  g_assert_cmpint (tend_ticket_get_updated_at (after), ==, tend_ticket_get_updated_at (before));
  g_assert_cmpuint (tend_ticket_get_comment_count (after), ==, old_count + 1);
  g_assert_cmpstr (tend_ticket_get_last_message (after), ==, "Thanks, I am on it");

  comments = tend_store_list_comments (store, ticket_id, &error);
  g_assert_no_error (error);
  local = find_comment (comments, "Thanks, I am on it");
  g_assert_nonnull (local);
  g_assert_cmpint (tend_comment_get_id (local), ==, -id);
  g_assert_true (tend_comment_get_pending (local));
  g_assert_true (tend_comment_get_public (local));
  g_assert_cmpint (tend_comment_get_author_id (local), ==, tend_store_get_me (store));

  /* tag: filters see the pending tag too. */
  {
    g_autoptr(TendQuery) query = tend_query_parse ("tag:offline-test", &error);
    g_autoptr(GPtrArray) found = NULL;

    g_assert_no_error (error);
    found = tend_store_list_tickets (store, TEND_VIEW_ALL, query, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_true (tend_ticket_get_pending (g_ptr_array_index (found, 0)));
  }

  /* Sending deleted the reply's draft, not the note's. */
  draft = tend_drafts_load (drafts, ticket_id, TEND_DRAFT_MODE_REPLY, &error);
  g_assert_no_error (error);
  g_assert_null (draft);
  note_draft = tend_drafts_load (drafts, ticket_id, TEND_DRAFT_MODE_NOTE, &error);
  g_assert_cmpstr (note_draft, ==, "Check the invoice first");

  /* The list model sees the item once the main loop ran. */
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outbox)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (outbox), 0);
  g_assert_cmpint (tend_outbox_item_get_id (item), ==, id);
  g_assert_cmpint (tend_outbox_item_get_state (item), ==, TEND_OUTBOX_STATE_QUEUED);
  g_assert_cmpstr (tend_outbox_item_get_kind (item), ==, "reply");
  g_assert_cmpint (tend_outbox_item_get_seen_updated_at (item), ==, tend_ticket_get_updated_at (before));
  g_assert_cmpstr (tend_outbox_item_get_body (item), ==, "Thanks, I am on it");
  summary = tend_outbox_item_dup_summary (item);
  g_assert_nonnull (strstr (summary, "Thanks, I am on it"));
  g_assert_nonnull (strstr (summary, "Solved"));
  g_assert_nonnull (strstr (summary, "offline-test"));

  /* Discard: every field back, the copy gone, the words back in the
   * draft. */
  tend_outbox_discard (outbox, id, &error);
  g_assert_no_error (error);
  restored = tend_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_false (tend_ticket_get_pending (restored));
  g_assert_cmpint (tend_ticket_get_status (restored), ==, tend_ticket_get_status (before));
  g_assert_cmpint (tend_ticket_get_priority (restored), ==, tend_ticket_get_priority (before));
  g_assert_true (g_strv_equal (tend_ticket_get_tags (restored), tend_ticket_get_tags (before)));
  g_assert_cmpuint (tend_ticket_get_comment_count (restored), ==, old_count);
  g_assert_cmpuint (parity_count_local_copies (store, ticket_id), ==, 0);
  g_clear_pointer (&draft, g_free);
  draft = tend_drafts_load (drafts, ticket_id, TEND_DRAFT_MODE_REPLY, &error);
  g_assert_cmpstr (draft, ==, "Thanks, I am on it");
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outbox)), ==, 0);
  /* The item object handed out earlier is not reused for anything else. */
  g_assert_cmpint (tend_outbox_item_get_id (item), ==, id);
}

static void
test_invalid_edits (void)
{
  g_autoptr(TendStore) store = generated_store (NULL);
  g_autoptr(TendOutbox) outbox = tend_outbox_new (store);
  g_autoptr(GArray) ids = open_tickets (store, 1);
  g_autoptr(GError) error = NULL;
  TendOutboxEdit edit;

  tend_outbox_edit_init (&edit);
  g_assert_cmpint (tend_outbox_enqueue (outbox, g_array_index (ids, gint64, 0), &edit, &error), ==, 0);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_clear_error (&error);

  edit.comment = "   \n ";
  g_assert_cmpint (tend_outbox_enqueue (outbox, g_array_index (ids, gint64, 0), &edit, &error), ==, 0);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (tend_outbox_reply (outbox, 999999999, "Hello", TRUE, -1, &error), ==, 0);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (parity_count_outbox_items (store, TRUE), ==, 0);
}

/* The helpdesk's version of a ticket arriving while a change waits keeps
 * the change on top; discarding then shows the helpdesk's version. */
static void
test_overlay (void)
{
  g_autoptr(TendStore) store = generated_store (NULL);
  g_autoptr(TendOutbox) outbox = tend_outbox_new (store);
  g_autoptr(GArray) ids = open_tickets (store, 1);
  g_autoptr(TendTicket) server = NULL;
  g_autoptr(TendTicket) shown = NULL;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;
  gint64 ticket_id = g_array_index (ids, gint64, 0);
  const char *server_tags[] = { "from-server", NULL };
  TendOutboxEdit edit;
  gint64 id;

  tend_outbox_edit_init (&edit);
  edit.status = TEND_TICKET_STATUS_PENDING;
  id = tend_outbox_enqueue (outbox, ticket_id, &edit, &error);
  g_assert_no_error (error);

  /* A sync brings the ticket as the helpdesk has it: on hold, urgent,
   * other tags. */
  server = tend_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  tend_ticket_set_status (server, TEND_TICKET_STATUS_HOLD);
  tend_ticket_set_priority (server, TEND_TICKET_PRIORITY_URGENT);
  tend_ticket_set_tags (server, server_tags);
  tend_ticket_set_updated_at (server, tend_ticket_get_updated_at (server) + 60);
  tend_changeset_add_ticket (changes, server);
  tend_store_write (store, changes, &error);
  g_assert_no_error (error);

  shown = tend_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_ticket_get_status (shown), ==, TEND_TICKET_STATUS_PENDING);
  g_assert_cmpint (tend_ticket_get_priority (shown), ==, TEND_TICKET_PRIORITY_URGENT);
  g_assert_true (tend_ticket_has_tag (shown, "from-server"));
  g_assert_true (tend_ticket_get_pending (shown));
  g_clear_object (&shown);

  tend_outbox_discard (outbox, id, &error);
  g_assert_no_error (error);
  shown = tend_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_ticket_get_status (shown), ==, TEND_TICKET_STATUS_HOLD);
  g_assert_false (tend_ticket_get_pending (shown));
}

static void
test_macro (void)
{
  g_autoptr(TendStore) store = generated_store (NULL);
  g_autoptr(TendOutbox) outbox = tend_outbox_new (store);
  g_autoptr(GArray) ids = open_tickets (store, 1);
  g_autoptr(TendMacro) macro = tend_macro_new (77);
  g_autoptr(TendOutboxItem) item = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ticket_id = g_array_index (ids, gint64, 0);
  JsonObject *change;
  gint64 id;

  tend_macro_set_title (macro, "Close as resolved");
  tend_macro_set_actions_json (macro,
                               "[{\"field\":\"comment\",\"value\":\"Glad it works now!\"},"
                               " {\"field\":\"public\",\"value\":false},"
                               " {\"field\":\"status\",\"value\":\"solved\"},"
                               " {\"field\":\"assignee\",\"value\":\"me\"},"
                               " {\"field\":\"add_tags\",\"value\":[\"resolved\",\"macro\"]},"
                               " {\"field\":\"zendesk:custom_status_id\",\"value\":5}]");
  id = tend_outbox_apply_macro (outbox, ticket_id, macro, &error);
  g_assert_no_error (error);

  item = tend_outbox_get_item (outbox, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_outbox_item_get_kind (item), ==, "macro");
  g_assert_false (tend_outbox_item_get_comment_public (item));
  payload = json_from_string (tend_outbox_item_get_payload (item), &error);
  g_assert_no_error (error);
  change = json_node_get_object (payload);
  /* "me" was resolved here, once, to the agent's id. */
  g_assert_cmpint (json_object_get_int_member (change, "assignee_id"), ==, tend_store_get_me (store));
  g_assert_cmpint (json_object_get_int_member (change, "macro_id"), ==, 77);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (change, "skipped")), ==, 1);

  ticket = tend_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_SOLVED);
  g_assert_cmpint (tend_ticket_get_assignee_id (ticket), ==, tend_store_get_me (store));
  g_assert_true (tend_ticket_has_tag (ticket, "resolved"));
  g_assert_cmpuint (parity_count_local_copies (store, ticket_id), ==, 1);
}

/* Drafts */

typedef struct
{
  GMainLoop *loop;
  guint      n_failed;
} DraftWait;

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_cb, loop);
  g_main_loop_run (loop);
}

static void
test_drafts (void)
{
  g_autofree char *path = NULL;
  g_autoptr(TendStore) store = new_store ("drafts", &path);
  g_autoptr(TendDrafts) drafts = tend_drafts_new (store);
  g_autoptr(TendStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 start;

  tend_drafts_set_delay (drafts, 50);

  /* Typing: only the last text is written, once typing pauses. */
  tend_drafts_save_later (drafts, 42, TEND_DRAFT_MODE_REPLY, "H");
  tend_drafts_save_later (drafts, 42, TEND_DRAFT_MODE_REPLY, "He");
  tend_drafts_save_later (drafts, 42, TEND_DRAFT_MODE_REPLY, "Hello Ann");
  tend_drafts_save_later (drafts, 42, TEND_DRAFT_MODE_NOTE, "She paid twice");
  g_assert_true (tend_drafts_get_has_unsaved (drafts));
  /* Not written yet, but what load returns is the newest text. */
  text = _tend_store_draft_load (store, 42, "reply", &error);
  g_assert_no_error (error);
  g_assert_null (text);
  text = tend_drafts_load (drafts, 42, TEND_DRAFT_MODE_REPLY, &error);
  g_assert_cmpstr (text, ==, "Hello Ann");
  g_clear_pointer (&text, g_free);

  start = g_get_monotonic_time ();
  while (tend_drafts_get_has_unsaved (drafts) && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    wait_ms (20);
  wait_ms (20);
  g_assert_false (tend_drafts_get_has_unsaved (drafts));

  /* On disk, for anyone opening the file (a restart after a crash). */
  other = tend_store_open (path, &error);
  g_assert_no_error (error);
  text = _tend_store_draft_load (other, 42, "reply", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Hello Ann");
  g_clear_pointer (&text, g_free);
  text = _tend_store_draft_load (other, 42, "note", &error);
  g_assert_cmpstr (text, ==, "She paid twice");
  g_clear_pointer (&text, g_free);

  /* Continuous typing is written at least every two seconds. */
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 2600 * 1000)
    {
      g_autofree char *typed = g_strdup_printf ("typing %" G_GINT64_FORMAT, g_get_monotonic_time ());

      tend_drafts_save_later (drafts, 43, TEND_DRAFT_MODE_REPLY, typed);
      wait_ms (30);
    }
  text = _tend_store_draft_load (other, 43, "reply", &error);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "typing "));
  g_clear_pointer (&text, g_free);

  /* Flush writes at once; an empty text deletes. */
  tend_drafts_save_later (drafts, 42, TEND_DRAFT_MODE_REPLY, "");
  tend_drafts_flush (drafts, &error);
  g_assert_no_error (error);
  text = _tend_store_draft_load (other, 42, "reply", &error);
  g_assert_null (text);
  text = tend_drafts_load (drafts, 42, TEND_DRAFT_MODE_NOTE, &error);
  g_assert_cmpstr (text, ==, "She paid twice");
}

/* A full disk: a clear error, nothing half-written, the draft still
 * there. */
static void
test_disk_full (void)
{
  g_autoptr(TendStore) store = generated_store (NULL);
  g_autoptr(TendOutbox) outbox = tend_outbox_new (store);
  g_autoptr(TendDrafts) drafts = tend_drafts_new (store);
  g_autoptr(GArray) ids = open_tickets (store, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *text = NULL;
  gint64 ticket_id = g_array_index (ids, gint64, 0);
  gint64 pages = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (big, "line %u of a very long answer\n", i);

  tend_drafts_save (drafts, ticket_id, TEND_DRAFT_MODE_REPLY, big->str, &error);
  g_assert_no_error (error);

  /* The database may not grow by a single page any more. */
  g_assert_cmpint (sqlite3_open_v2 (tend_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  _tend_store_set_max_page_count (store, (int) pages, &error);
  g_assert_no_error (error);

  g_assert_cmpint (tend_outbox_reply (outbox, ticket_id, big->str, TRUE, TEND_TICKET_STATUS_SOLVED, &error), ==, 0);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "full"));
  g_clear_error (&error);

  /* Nothing happened, and the words are safe. */
  g_assert_cmpuint (parity_count_outbox_items (store, TRUE), ==, 0);
  ticket = tend_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_false (tend_ticket_get_pending (ticket));
  g_assert_cmpint (tend_ticket_get_status (ticket), !=, TEND_TICKET_STATUS_SOLVED);
  g_assert_cmpuint (parity_count_local_copies (store, ticket_id), ==, 0);
  text = tend_drafts_load (drafts, ticket_id, TEND_DRAFT_MODE_REPLY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, big->str);
  g_clear_pointer (&text, g_free);

  /* A draft that cannot be saved says so, and is kept in memory. */
  g_string_append (big, "one more line that needs room\n");
  tend_drafts_save_later (drafts, ticket_id, TEND_DRAFT_MODE_NOTE, big->str);
  g_assert_false (tend_drafts_flush (drafts, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "draft"));
  g_clear_error (&error);
  g_assert_nonnull (tend_drafts_get_last_error (drafts));
  g_assert_true (tend_drafts_get_has_unsaved (drafts));
  text = tend_drafts_load (drafts, ticket_id, TEND_DRAFT_MODE_NOTE, &error);
  g_assert_cmpstr (text, ==, big->str);
  g_clear_pointer (&text, g_free);

  /* Room again: the kept text goes to disk with the next flush. */
  _tend_store_set_max_page_count (store, 1 << 30, &error);
  g_assert_no_error (error);
  tend_drafts_flush (drafts, &error);
  g_assert_no_error (error);
  g_assert_null (tend_drafts_get_last_error (drafts));
  text = _tend_store_draft_load (store, ticket_id, "note", &error);
  g_assert_cmpstr (text, ==, big->str);
}

/* A read-only database file: the same, for a file the agent cannot
 * write (root writes anyway, so this runs for other users only). */
static void
test_read_only (void)
{
  g_autofree char *path = NULL;
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendOutbox) outbox = NULL;
  g_autoptr(TendDrafts) drafts = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  gint64 ticket_id;

  if (geteuid () == 0)
    {
      g_test_skip ("root may write a read-only file");
      return;
    }

  store = generated_store (&path);
  drafts = tend_drafts_new (store);
  ids = open_tickets (store, 1);
  ticket_id = g_array_index (ids, gint64, 0);
  tend_drafts_save (drafts, ticket_id, TEND_DRAFT_MODE_REPLY, "Saved before", &error);
  g_assert_no_error (error);
  g_clear_object (&drafts);
  g_clear_object (&store);

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  store = tend_store_open (path, &error);
  if (store == NULL)
    {
      /* Refusing to open at all is a clear error too. */
      g_assert_error (error, TEND_ERROR, TEND_ERROR_STORAGE);
      g_chmod (path, 0644);
      return;
    }
  outbox = tend_outbox_new (store);
  drafts = tend_drafts_new (store);
  g_assert_cmpint (tend_outbox_reply (outbox, ticket_id, "Saved before", TRUE, -1, &error), ==, 0);
  g_assert_error (error, TEND_ERROR, TEND_ERROR_STORAGE);
  g_clear_error (&error);
  text = tend_drafts_load (drafts, ticket_id, TEND_DRAFT_MODE_REPLY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Saved before");
  g_chmod (path, 0644);
}

/* Against the helpdesk */

typedef struct
{
  TestDemo      *demo;
  TendStore *store;
  char      *path;
  TendSync  *sync;
  TendOutbox *outbox;
} Setup;

static void
setup_clear (Setup *setup)
{
  g_clear_object (&setup->outbox);
  g_clear_object (&setup->sync);
  g_clear_object (&setup->store);
  g_clear_pointer (&setup->path, g_free);
  g_clear_pointer (&setup->demo, test_demo_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Setup, setup_clear)

static void
setup_synced (Setup      *setup,
              const char *faults)
{
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(GError) error = NULL;

  setup->demo = demo_start_on (NULL, faults);
  setup->store = new_store ("synced", &setup->path);
  backend = demo_backend (setup->demo);
  setup->sync = tend_sync_new (setup->store, backend);
  setup->outbox = tend_outbox_new (setup->store);
  tend_sync_set_outbox (setup->sync, setup->outbox);
  g_assert_true (run_sync (setup->sync, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tend_store_get_me (setup->store), >, 0);
}

/* A synced store and the same helpdesk for a shared scenario; the first
 * @n_tickets open tickets. */
static GArray *
setup_parity (Setup        *setup,
              DemoHelpdesk *helpdesk,
              guint         n_tickets)
{
  setup_synced (setup, NULL);
  demo_helpdesk_init (helpdesk, setup->demo);
  return open_tickets (setup->store, n_tickets);
}

static TendOutboxItem *
get_item (Setup  *setup,
          gint64  id)
{
  g_autoptr(GError) error = NULL;
  TendOutboxItem *item = tend_outbox_get_item (setup->outbox, id, &error);

  g_assert_no_error (error);
  return item;
}

static TendOutboxState
item_state (Setup  *setup,
            gint64  id)
{
  return parity_item_state (setup->outbox, id);
}

/* Server down: three changes on two tickets wait, shown locally; when
 * the server is back, one sync sends each exactly once, in order. */
static void
test_offline_then_back (void)
{
  g_auto(Setup) setup = { 0, };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments_a = NULL;
  g_autoptr(GPtrArray) comments_b = NULL;
  g_autoptr(TendTicket) server_a = NULL;
  g_autoptr(TendTicket) local_a = NULL;
  g_autoptr(TendTicket) local_b = NULL;
  g_autoptr(TendBackend) backend = NULL;
  TendOutboxPushStats stats;
  gint64 a, b, reply1, note, status, reply2;
  gint64 pos1 = -1, pos2 = -1;

  setup_synced (&setup, NULL);
  ids = open_tickets (setup.store, 2);
  a = g_array_index (ids, gint64, 0);
  b = g_array_index (ids, gint64, 1);

  test_demo_stop (setup.demo);

  reply1 = tend_outbox_reply (setup.outbox, a, "Offline reply one", TRUE, -1, &error);
  g_assert_no_error (error);
  note = tend_outbox_reply (setup.outbox, b, "Offline internal note", FALSE, -1, &error);
  g_assert_no_error (error);
  {
    TendOutboxEdit edit;

    tend_outbox_edit_init (&edit);
    edit.status = TEND_TICKET_STATUS_PENDING;
    status = tend_outbox_enqueue (setup.outbox, a, &edit, &error);
    g_assert_no_error (error);
  }
  reply2 = tend_outbox_reply (setup.outbox, a, "Offline reply two", TRUE, -1, &error);
  g_assert_no_error (error);

  /* The local copy shows all of it, pending. */
  local_a = tend_store_get_ticket (setup.store, a, &error);
  g_assert_no_error (error);
  g_assert_true (tend_ticket_get_pending (local_a));
  g_assert_cmpint (tend_ticket_get_status (local_a), ==, TEND_TICKET_STATUS_PENDING);
  g_assert_cmpuint (parity_count_local_copies (setup.store, a), ==, 2);
  local_b = tend_store_get_ticket (setup.store, b, &error);
  g_assert_true (tend_ticket_get_pending (local_b));
  g_assert_cmpuint (parity_count_local_copies (setup.store, b), ==, 1);

  /* A sync while the server is down fails as a network problem and
   * sends nothing. */
  g_assert_false (run_sync (setup.sync, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_false (tend_sync_get_online (setup.sync));

  /* So does a push on its own, and then the first change is 'sending'
   * or 'queued' (its request failed to connect), never lost. */
  backend = demo_backend (setup.demo);
  g_assert_false (tend_outbox_push (setup.outbox, backend, &stats, NULL, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpint (item_state (&setup, reply1), !=, TEND_OUTBOX_STATE_SENT);
  g_assert_cmpint (item_state (&setup, note), ==, TEND_OUTBOX_STATE_QUEUED);

  /* Back, with the same data on the same port. */
  demo_start_on (setup.demo, NULL);
  g_assert_true (run_sync (setup.sync, &error));
  g_assert_no_error (error);
  g_assert_true (tend_sync_get_online (setup.sync));
  tend_sync_get_push_stats (setup.sync, &stats);
  g_assert_cmpuint (stats.sent, ==, 4);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpuint (stats.failed, ==, 0);

  g_assert_cmpint (item_state (&setup, reply1), ==, TEND_OUTBOX_STATE_SENT);
  g_assert_cmpint (item_state (&setup, note), ==, TEND_OUTBOX_STATE_SENT);
  g_assert_cmpint (item_state (&setup, status), ==, TEND_OUTBOX_STATE_SENT);
  g_assert_cmpint (item_state (&setup, reply2), ==, TEND_OUTBOX_STATE_SENT);

  /* The helpdesk holds each exactly once, in order. */
  comments_a = server_comments (setup.demo, a);
  g_assert_cmpuint (parity_count_body (comments_a, "Offline reply one", &pos1), ==, 1);
  g_assert_cmpuint (parity_count_body (comments_a, "Offline reply two", &pos2), ==, 1);
  g_assert_cmpint (pos1, <, pos2);
  g_assert_true (tend_comment_get_public (g_ptr_array_index (comments_a, pos1)));
  comments_b = server_comments (setup.demo, b);
  g_assert_cmpuint (parity_count_body (comments_b, "Offline internal note", &pos1), ==, 1);
  g_assert_false (tend_comment_get_public (g_ptr_array_index (comments_b, pos1)));
  server_a = server_ticket (setup.demo, a);
  g_assert_cmpint (tend_ticket_get_status (server_a), ==, TEND_TICKET_STATUS_PENDING);

  /* Locally the real comments replaced the copies: no duplicates. */
  g_assert_cmpuint (parity_count_local_copies (setup.store, a), ==, 0);
  g_assert_cmpuint (parity_count_local_copies (setup.store, b), ==, 0);
  {
    g_autoptr(GPtrArray) local = tend_store_list_comments (setup.store, a, &error);

    g_assert_cmpuint (parity_count_body (local, "Offline reply one", NULL), ==, 1);
    g_assert_cmpuint (parity_count_body (local, "Offline reply two", NULL), ==, 1);
    g_assert_cmpuint (local->len, ==, comments_a->len);
  }
  g_clear_object (&local_a);
  local_a = tend_store_get_ticket (setup.store, a, &error);
  g_assert_false (tend_ticket_get_pending (local_a));
  g_assert_cmpint (tend_ticket_get_updated_at (local_a), ==, tend_ticket_get_updated_at (server_a));

  /* Another sync sends nothing again. */
  g_assert_true (run_sync (setup.sync, &error));
  g_assert_no_error (error);
  tend_sync_get_push_stats (setup.sync, &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_clear_pointer (&comments_a, g_ptr_array_unref);
  comments_a = server_comments (setup.demo, a);
  g_assert_cmpuint (parity_count_body (comments_a, "Offline reply one", NULL), ==, 1);
}

/* The connection drops after the helpdesk processed the update: the
 * answer is lost, the reply is not sent again, and the next push finds
 * it there. */
static void
test_dropped_after_processing (void)
{
  g_auto(Setup) setup = { 0, };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(TendOutboxItem) item = NULL;
  TendOutboxPushStats stats;
  gint64 id, ticket_id;
  gint64 before;

  setup_synced (&setup, NULL);
  ids = open_tickets (setup.store, 1);
  ticket_id = g_array_index (ids, gint64, 0);
  backend = demo_backend (setup.demo);

  id = tend_outbox_reply (setup.outbox, ticket_id, "Reply whose answer is lost", TRUE, -1, &error);
  g_assert_no_error (error);

  before = test_demo_stat (setup.demo, "comments");
  test_demo_set_faults (setup.demo, "drop-after-every=1");
  g_assert_false (tend_outbox_push (setup.outbox, backend, &stats, NULL, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NETWORK);
  g_clear_error (&error);
  /* Applied once by the server; not retried by us. */
  g_assert_cmpint (test_demo_stat (setup.demo, "comments"), ==, before + 1);
  item = get_item (&setup, id);
  g_assert_cmpint (tend_outbox_item_get_state (item), ==, TEND_OUTBOX_STATE_SENDING);
  g_assert_cmpuint (tend_outbox_item_get_attempts (item), ==, 1);

  test_demo_set_faults (setup.demo, NULL);
  g_assert_true (tend_outbox_push (setup.outbox, backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.reconciled, ==, 1);
  g_assert_cmpint (item_state (&setup, id), ==, TEND_OUTBOX_STATE_SENT);

  g_assert_cmpint (test_demo_stat (setup.demo, "comments"), ==, before + 1);
  comments = server_comments (setup.demo, ticket_id);
  g_assert_cmpuint (parity_count_body (comments, "Reply whose answer is lost", NULL), ==, 1);
  g_assert_cmpuint (parity_count_local_copies (setup.store, ticket_id), ==, 0);
  {
    g_autoptr(GPtrArray) local = tend_store_list_comments (setup.store, ticket_id, &error);

    g_assert_cmpuint (parity_count_body (local, "Reply whose answer is lost", NULL), ==, 1);
  }
}

/* A 'sending' change that never reached the helpdesk (the process died
 * between the commit and the request) is sent, once. */
static void
test_sending_not_arrived (void)
{
  g_auto(Setup) setup = { 0, };
  g_auto(DemoHelpdesk) helpdesk = { 0, };
  g_autoptr(GArray) ids = setup_parity (&setup, &helpdesk, 1);

  parity_outbox_not_arrived (&helpdesk.helpdesk, setup.store, setup.outbox, g_array_index (ids, gint64, 0));
}

/* The machine lost power after the request left but before the 'sending'
 * commit reached the disk: the row is 'queued' again. Sent again with its
 * old stamp, the helpdesk answers 409, and the push finds the reply there
 * instead of calling it a conflict: still exactly one copy. */
static void
test_lost_sending_state (void)
{
  g_auto(Setup) setup = { 0, };
  g_auto(DemoHelpdesk) helpdesk = { 0, };
  g_autoptr(GArray) ids = setup_parity (&setup, &helpdesk, 1);

  parity_outbox_lost_sending (&helpdesk.helpdesk, setup.store, setup.outbox, g_array_index (ids, gint64, 0));
}

/* The SIGKILL: a process pushing the outbox is killed while its update
 * is on the wire (the server processed it and is slow to answer); after
 * a restart the server holds exactly one copy. */
static int
push_helper_main (int    argc,
                  char **argv)
{
  g_autoptr(TendZendeskBackend) backend = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 6)
    return 2;
  backend = tend_zendesk_backend_new (argv[3], argv[4], argv[5], &error);
  return parity_push_helper (argv[2], TEND_BACKEND (backend), error);
}

static void
test_sigkill_while_sending (void)
{
  g_auto(Setup) setup = { 0, };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(GSubprocess) helper = NULL;
  g_autofree char *self_path = NULL;
  TendOutboxPushStats stats;
  gint64 id, ticket_id, before, start;
  gboolean sending = FALSE;

  setup_synced (&setup, NULL);
  ids = open_tickets (setup.store, 1);
  ticket_id = g_array_index (ids, gint64, 0);

  id = tend_outbox_reply (setup.outbox, ticket_id, "Sent by a process about to die", TRUE, -1, &error);
  g_assert_no_error (error);

  before = test_demo_stat (setup.demo, "comments");
  /* The update is applied at once; its answer comes after 30 s. */
  test_demo_set_faults (setup.demo, "slow-ms=30000");

  self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  helper = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--push-helper",
                             setup.path, setup.demo->url, setup.demo->email, setup.demo->token,
                             NULL);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 20 * G_USEC_PER_SEC)
    {
      sending = item_state (&setup, id) == TEND_OUTBOX_STATE_SENDING;
      if (sending && test_demo_stat (setup.demo, "comments") > before)
        break;
      g_usleep (20 * 1000);
    }
  g_assert_true (sending);
  g_assert_cmpint (test_demo_stat (setup.demo, "comments"), ==, before + 1);

  g_subprocess_send_signal (helper, SIGKILL);
  g_subprocess_wait (helper, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (helper));
  g_assert_cmpint (g_subprocess_get_term_sig (helper), ==, SIGKILL);

  /* The restart: the row is still 'sending'. */
  g_clear_object (&setup.outbox);
  g_clear_object (&setup.sync);
  g_clear_object (&setup.store);
  setup.store = tend_store_open (setup.path, &error);
  g_assert_no_error (error);
  setup.outbox = tend_outbox_new (setup.store);
  g_assert_cmpint (item_state (&setup, id), ==, TEND_OUTBOX_STATE_SENDING);

  test_demo_set_faults (setup.demo, NULL);
  backend = demo_backend (setup.demo);
  g_assert_true (tend_outbox_push (setup.outbox, backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.reconciled, ==, 1);
  g_assert_cmpint (item_state (&setup, id), ==, TEND_OUTBOX_STATE_SENT);

  g_assert_cmpint (test_demo_stat (setup.demo, "comments"), ==, before + 1);
  comments = server_comments (setup.demo, ticket_id);
  g_assert_cmpuint (parity_count_body (comments, "Sent by a process about to die", NULL), ==, 1);
  g_assert_cmpuint (parity_count_local_copies (setup.store, ticket_id), ==, 0);
}

/* The customer wrote after the agent's reply was based on the old state:
 * the push stops in conflict and fetches what changed; "send anyway" and
 * "discard" each do what they say. */
static void
test_conflict (void)
{
  g_auto(Setup) setup = { 0, };
  g_auto(DemoHelpdesk) helpdesk = { 0, };
  g_autoptr(GArray) ids = setup_parity (&setup, &helpdesk, 2);

  parity_outbox_conflict (&helpdesk.helpdesk, setup.store, setup.outbox,
                          g_array_index (ids, gint64, 0), g_array_index (ids, gint64, 1));
}

/* A change the helpdesk refuses (its ticket was deleted) stops in
 * 'failed' with its reason; the ticket's later change waits behind it,
 * another ticket's goes on; a failed change can be retried. Then a
 * server error: backoff, and "retry" sends at once. */
static void
test_failed_and_backoff (void)
{
  g_auto(Setup) setup = { 0, };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TendBackend) backend = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(TendOutboxItem) item = NULL;
  g_autoptr(TendHttp) http = NULL;
  g_autoptr(TendTicketList) inbox = NULL;
  g_autoptr(TendTicket) row = NULL;
  TendOutboxPushStats stats;
  gint64 gone, kept, third, on_gone, behind, on_kept, later;

  setup_synced (&setup, NULL);
  ids = open_tickets (setup.store, 3);
  gone = g_array_index (ids, gint64, 0);
  kept = g_array_index (ids, gint64, 1);
  third = g_array_index (ids, gint64, 2);
  backend = demo_backend (setup.demo);

  on_gone = tend_outbox_reply (setup.outbox, gone, "To a deleted ticket", TRUE, -1, &error);
  g_assert_no_error (error);
  behind = tend_outbox_reply (setup.outbox, gone, "Behind it", FALSE, -1, &error);
  g_assert_no_error (error);
  on_kept = tend_outbox_reply (setup.outbox, kept, "To a living ticket", TRUE, -1, &error);
  g_assert_no_error (error);

  /* The inbox holds the ticket, as a row on screen would. */
  inbox = tend_ticket_list_new (setup.store, TEND_VIEW_ALL, NULL);
  row = parity_list_find (inbox, gone);
  g_assert_nonnull (row);
  g_assert_true (tend_ticket_get_pending (row));
  g_assert_false (tend_ticket_get_needs_attention (row));

  http = tend_http_new (setup.demo->url, &error);
  g_assert_no_error (error);
  tend_http_set_api_token (http, setup.demo->email, setup.demo->token);
  {
    g_autofree char *path = g_strdup_printf ("/api/v2/tickets/%" G_GINT64_FORMAT ".json", gone);
    g_autoptr(JsonNode) answer = tend_http_send_json (http, "DELETE", path, NULL, NULL, &error);

    g_assert_no_error (error);
  }

  g_assert_true (tend_outbox_push (setup.outbox, backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.failed, ==, 1);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.deferred, ==, 1);
  item = get_item (&setup, on_gone);
  g_assert_cmpint (tend_outbox_item_get_state (item), ==, TEND_OUTBOX_STATE_FAILED);
  g_assert_nonnull (strstr (tend_outbox_item_get_last_error (item), "no longer exists"));
  g_assert_cmpint (item_state (&setup, behind), ==, TEND_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (item_state (&setup, on_kept), ==, TEND_OUTBOX_STATE_SENT);
  /* The refused change waits for the agent: the inbox marks the ticket. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (tend_ticket_get_needs_attention (row));
  g_assert_cmpuint (tend_outbox_get_n_attention (setup.outbox), ==, 1);

  /* Retry puts it back in line (and it fails again: still deleted). */
  tend_outbox_retry (setup.outbox, on_gone, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item_state (&setup, on_gone), ==, TEND_OUTBOX_STATE_QUEUED);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (tend_ticket_get_pending (row));
  g_assert_false (tend_ticket_get_needs_attention (row));
  g_assert_cmpuint (tend_outbox_get_n_attention (setup.outbox), ==, 0);
  g_assert_true (tend_outbox_push (setup.outbox, backend, &stats, NULL, &error));
  g_assert_cmpint (item_state (&setup, on_gone), ==, TEND_OUTBOX_STATE_FAILED);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (tend_ticket_get_needs_attention (row));

  /* A 500 on the update only: the request did not apply, so the change
   * waits for its backoff instead of failing. Three requests first, so
   * that the update is the fourth (faults count API requests). */
  tend_outbox_set_base_delay_ms (setup.outbox, 60 * 1000);
  later = tend_outbox_reply (setup.outbox, third, "After a server error", TRUE, -1, &error);
  g_assert_no_error (error);
  test_demo_set_faults (setup.demo, "500-every=4");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) me = tend_http_get_json (http, "/api/v2/users/me.json", NULL, &error);

      g_assert_no_error (error);
    }
  g_assert_true (tend_outbox_push (setup.outbox, backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.requeued, ==, 1);
  g_assert_cmpuint (stats.deferred, >=, 1);
  g_clear_object (&item);
  item = get_item (&setup, later);
  g_assert_cmpint (tend_outbox_item_get_state (item), ==, TEND_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (tend_outbox_item_get_retry_at_ms (item), >, g_get_real_time () / 1000 + 20 * 1000);
  g_assert_nonnull (tend_outbox_item_get_last_error (item));
  test_demo_set_faults (setup.demo, NULL);

  /* Not due yet: another push leaves it. */
  g_assert_true (tend_outbox_push (setup.outbox, backend, &stats, NULL, &error));
  g_assert_cmpint (item_state (&setup, later), ==, TEND_OUTBOX_STATE_QUEUED);
  comments = server_comments (setup.demo, third);
  g_assert_cmpuint (parity_count_body (comments, "After a server error", NULL), ==, 0);
  g_clear_pointer (&comments, g_ptr_array_unref);

  /* "Retry" sends it now. */
  tend_outbox_retry (setup.outbox, later, &error);
  g_assert_no_error (error);
  g_assert_true (tend_outbox_push (setup.outbox, backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (item_state (&setup, later), ==, TEND_OUTBOX_STATE_SENT);
  comments = server_comments (setup.demo, third);
  g_assert_cmpuint (parity_count_body (comments, "After a server error", NULL), ==, 1);
}

/* Connectivity */

#define FAKE_TYPE_MONITOR (fake_monitor_get_type ())
G_DECLARE_FINAL_TYPE (FakeMonitor, fake_monitor, FAKE, MONITOR, GObject)

struct _FakeMonitor
{
  GObject  parent_instance;
  gboolean available;
};

static void fake_monitor_iface_init (GNetworkMonitorInterface *iface);
static void fake_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeMonitor, fake_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, fake_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, fake_monitor_iface_init))

enum { FAKE_PROP_0, FAKE_PROP_AVAILABLE, FAKE_PROP_METERED, FAKE_PROP_CONNECTIVITY };

static void
fake_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FakeMonitor *self = FAKE_MONITOR (object);

  switch (prop_id)
    {
    case FAKE_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case FAKE_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case FAKE_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fake_monitor_class_init (FakeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fake_monitor_get_property;
  g_object_class_override_property (object_class, FAKE_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, FAKE_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, FAKE_PROP_CONNECTIVITY, "connectivity");
}

static void
fake_monitor_init (FakeMonitor *self)
{
  self->available = TRUE;
}

static gboolean
fake_monitor_can_reach (GNetworkMonitor     *monitor,
                        GSocketConnectable  *connectable,
                        GCancellable        *cancellable,
                        GError             **error)
{
  return FAKE_MONITOR (monitor)->available;
}

static void
fake_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = fake_monitor_can_reach;
}

static gboolean
fake_monitor_initable_init_impl (GInitable     *initable,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  return TRUE;
}

static void
fake_monitor_initable_init (GInitableIface *iface)
{
  iface->init = fake_monitor_initable_init_impl;
}

static void
fake_monitor_set_available (FakeMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

static void
test_connectivity_states (void)
{
  g_autoptr(FakeMonitor) monitor = g_object_new (FAKE_TYPE_MONITOR, NULL);
  g_autoptr(TendConnectivity) connectivity = tend_connectivity_new (G_NETWORK_MONITOR (monitor));
  g_autoptr(GError) network = g_error_new_literal (TEND_ERROR, TEND_ERROR_NETWORK, "refused");
  g_autoptr(GError) auth = g_error_new_literal (TEND_ERROR, TEND_ERROR_AUTH, "401");
  g_autoptr(GError) disk = g_error_new_literal (TEND_ERROR, TEND_ERROR_STORAGE, "full");

  g_assert_true (tend_connectivity_get_online (connectivity));

  fake_monitor_set_available (monitor, FALSE);
  g_assert_false (tend_connectivity_get_online (connectivity));
  g_assert_false (tend_connectivity_get_network_available (connectivity));

  fake_monitor_set_available (monitor, TRUE);
  g_assert_true (tend_connectivity_get_online (connectivity));

  tend_connectivity_report_error (connectivity, network);
  g_assert_false (tend_connectivity_get_online (connectivity));
  g_assert_false (tend_connectivity_get_reachable (connectivity));
  tend_connectivity_report_error (connectivity, disk);
  g_assert_false (tend_connectivity_get_online (connectivity));
  tend_connectivity_report_error (connectivity, auth);
  g_assert_true (tend_connectivity_get_online (connectivity));

  tend_connectivity_report_error (connectivity, network);
  tend_connectivity_report_success (connectivity);
  g_assert_true (tend_connectivity_get_online (connectivity));
}

static gboolean
wait_for_state (Setup           *setup,
                gint64           id,
                TendOutboxState  state,
                guint            seconds)
{
  gint64 start = g_get_monotonic_time ();

  while (g_get_monotonic_time () - start < (gint64) seconds * G_USEC_PER_SEC)
    {
      if (item_state (setup, id) == state && !tend_sync_get_running (setup->sync))
        return TRUE;
      wait_ms (20);
    }
  return item_state (setup, id) == state;
}

/* With a TendConnectivity the sync runs by itself: it pushes what is
 * queued while online, waits while the network is gone, and replays when
 * it is back, without anyone asking. */
static void
test_sync_follows_connectivity (void)
{
  g_auto(Setup) setup = { 0, };
  g_autoptr(FakeMonitor) monitor = g_object_new (FAKE_TYPE_MONITOR, NULL);
  g_autoptr(TendConnectivity) connectivity = tend_connectivity_new (G_NETWORK_MONITOR (monitor));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  gint64 ticket_id, online_id, offline_id;
  guint64 requests;

  setup_synced (&setup, NULL);
  ids = open_tickets (setup.store, 1);
  ticket_id = g_array_index (ids, gint64, 0);
  tend_sync_set_connectivity (setup.sync, connectivity);

  /* Online: queued means sent, soon. */
  online_id = tend_outbox_reply (setup.outbox, ticket_id, "Sent while online", TRUE, -1, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_state (&setup, online_id, TEND_OUTBOX_STATE_SENT, 20));

  /* No network: it waits, and nothing is even tried. */
  fake_monitor_set_available (monitor, FALSE);
  g_assert_false (tend_sync_get_online (setup.sync));
  requests = (guint64) test_demo_stat (setup.demo, "requests");
  offline_id = tend_outbox_reply (setup.outbox, ticket_id, "Written offline", TRUE, -1, &error);
  g_assert_no_error (error);
  wait_ms (300);
  g_assert_false (tend_sync_get_running (setup.sync));
  g_assert_cmpint (item_state (&setup, offline_id), ==, TEND_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (test_demo_stat (setup.demo, "requests"), ==, (gint64) requests);

  /* The network is back: replayed without anyone asking. */
  fake_monitor_set_available (monitor, TRUE);
  g_assert_true (wait_for_state (&setup, offline_id, TEND_OUTBOX_STATE_SENT, 20));
  g_assert_true (tend_sync_get_online (setup.sync));

  comments = server_comments (setup.demo, ticket_id);
  g_assert_cmpuint (parity_count_body (comments, "Sent while online", NULL), ==, 1);
  g_assert_cmpuint (parity_count_body (comments, "Written offline", NULL), ==, 1);
}

/* The helpdesk itself down (the network up): the sync knocks again later
 * and sends once it answers. */
static void
test_sync_reconnects (void)
{
  g_auto(Setup) setup = { 0, };
  g_autoptr(FakeMonitor) monitor = g_object_new (FAKE_TYPE_MONITOR, NULL);
  g_autoptr(TendConnectivity) connectivity = tend_connectivity_new (G_NETWORK_MONITOR (monitor));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  gint64 ticket_id, id, start;

  setup_synced (&setup, NULL);
  ids = open_tickets (setup.store, 1);
  ticket_id = g_array_index (ids, gint64, 0);
  tend_sync_set_connectivity (setup.sync, connectivity);

  test_demo_stop (setup.demo);
  id = tend_outbox_reply (setup.outbox, ticket_id, "Waiting for the helpdesk", TRUE, -1, &error);
  g_assert_no_error (error);

  /* The queued run fails: unreachable, and a retry is planned. */
  start = g_get_monotonic_time ();
  while (tend_connectivity_get_reachable (connectivity) && g_get_monotonic_time () - start < 20 * G_USEC_PER_SEC)
    wait_ms (20);
  g_assert_false (tend_connectivity_get_online (connectivity));

  demo_start_on (setup.demo, NULL);
  /* The first retry comes after 5 s. */
  g_assert_true (wait_for_state (&setup, id, TEND_OUTBOX_STATE_SENT, 30));
  g_assert_true (tend_connectivity_get_online (connectivity));
  comments = server_comments (setup.demo, ticket_id);
  g_assert_cmpuint (parity_count_body (comments, "Waiting for the helpdesk", NULL), ==, 1);
}

/* The Zendesk body: the fields Tend sends and the guard. */
static void
test_zendesk_update_body (void)
{
  g_autoptr(JsonNode) change = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *ticket;

  change = json_from_string ("{\"comment\":{\"body\":\"Hi\",\"public\":false},\"status\":\"solved\","
                             "\"priority\":\"none\",\"type\":null,\"assignee_id\":0,\"group_id\":12,"
                             "\"add_tags\":[\"a\"],\"remove_tags\":[\"b\"],\"before\":{\"status\":\"open\"}}",
                             &error);
  g_assert_no_error (error);
  body = tend_zendesk_update_to_json (json_node_get_object (change), 1714557600, &error);
  g_assert_no_error (error);
  ticket = json_object_get_object_member (json_node_get_object (body), "ticket");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ticket, "comment"), "body"), ==, "Hi");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (ticket, "comment"), "public"));
  g_assert_cmpstr (json_object_get_string_member (ticket, "status"), ==, "solved");
  g_assert_true (json_object_get_null_member (ticket, "priority"));
  g_assert_true (json_object_get_null_member (ticket, "type"));
  g_assert_true (json_object_get_null_member (ticket, "assignee_id"));
  g_assert_cmpint (json_object_get_int_member (ticket, "group_id"), ==, 12);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (ticket, "additional_tags"), 0), ==, "a");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (ticket, "remove_tags"), 0), ==, "b");
  g_assert_true (json_object_get_boolean_member (ticket, "safe_update"));
  g_assert_cmpstr (json_object_get_string_member (ticket, "updated_stamp"), ==, "2024-05-01T10:00:00Z");
  g_assert_false (json_object_has_member (ticket, "before"));

  /* Unguarded, and nothing to send. */
  g_clear_pointer (&body, json_node_unref);
  body = tend_zendesk_update_to_json (json_node_get_object (change), 0, &error);
  g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (body), "ticket"),
                                          "safe_update"));
  g_clear_pointer (&change, json_node_unref);
  change = json_from_string ("{\"before\":{}}", NULL);
  g_assert_null (tend_zendesk_update_to_json (json_node_get_object (change), 0, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  if (argc > 1 && g_str_equal (argv[1], "--push-helper"))
    return push_helper_main (argc, argv);

  g_test_init (&argc, &argv, NULL);

  g_setenv ("TEND_HTTP_BASE_DELAY_MS", "5", TRUE);
  g_setenv ("TEND_OUTBOX_BASE_DELAY_MS", "50", TRUE);
  /* A fixed anchor, so that a restarted helpdesk holds the same data. */
  anchor = g_get_real_time () / G_USEC_PER_SEC - 3600;
  tmp_dir = g_dir_make_tmp ("tend-test-outbox-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/outbox/local/apply-and-discard", test_local_apply);
  g_test_add_func ("/outbox/local/invalid", test_invalid_edits);
  g_test_add_func ("/outbox/local/overlay", test_overlay);
  g_test_add_func ("/outbox/local/macro", test_macro);
  g_test_add_func ("/outbox/drafts/debounce-and-restore", test_drafts);
  g_test_add_func ("/outbox/write-error/disk-full", test_disk_full);
  g_test_add_func ("/outbox/write-error/read-only", test_read_only);
  g_test_add_func ("/outbox/connectivity/states", test_connectivity_states);
  g_test_add_func ("/outbox/zendesk/update-body", test_zendesk_update_body);
  if (g_getenv ("TEND_DEMO_SERVER") != NULL)
    {
      g_test_add_func ("/outbox/push/offline-then-back", test_offline_then_back);
      g_test_add_func ("/outbox/push/dropped-after-processing", test_dropped_after_processing);
      g_test_add_func ("/outbox/push/sending-not-arrived", test_sending_not_arrived);
      g_test_add_func ("/outbox/push/sigkill-while-sending", test_sigkill_while_sending);
      g_test_add_func ("/outbox/push/lost-sending-state", test_lost_sending_state);
      g_test_add_func ("/outbox/push/conflict", test_conflict);
      g_test_add_func ("/outbox/push/failed-and-backoff", test_failed_and_backoff);
      g_test_add_func ("/outbox/sync/follows-connectivity", test_sync_follows_connectivity);
      g_test_add_func ("/outbox/sync/reconnects", test_sync_reconnects);
    }
  else
    g_test_message ("TEND_DEMO_SERVER is not set; skipping the tests against the demo helpdesk");

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
