/* parity-checks.c: the same checks against any helpdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parity-checks"

#include "config.h"

#include "parity-checks.h"

#include "tend-customer-profile.h"
#include "tend-drafts.h"
#include "tend-store-insights.h"
#include "tend-store-private.h"

/* A pull of @ticket_id through the agent's backend: the ticket itself, or
 * with @comments its conversation. */
static TendChangeset *
pull (TendBackend *backend,
      gint64       ticket_id,
      gboolean     comments)
{
  TendChangeset *changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;

  if (comments)
    tend_backend_pull_ticket_comments (backend, ticket_id, changes, NULL, &error);
  else
    tend_backend_pull_ticket (backend, ticket_id, changes, NULL, &error);
  g_assert_no_error (error);
  return changes;
}

GPtrArray *
parity_server_comments (TendBackend *backend,
                        gint64       ticket_id)
{
  g_autoptr(TendChangeset) changes = pull (backend, ticket_id, TRUE);

  return g_ptr_array_ref (changes->comments);
}

TendTicket *
parity_server_ticket (TendBackend *backend,
                      gint64       ticket_id)
{
  g_autoptr(TendChangeset) changes = pull (backend, ticket_id, FALSE);

  g_assert_cmpuint (changes->tickets->len, ==, 1);
  return g_object_ref (g_ptr_array_index (changes->tickets, 0));
}

guint
parity_count_body (GPtrArray  *comments,
                   const char *body,
                   gint64     *position)
{
  guint n = 0;

  for (guint i = 0; i < comments->len; i++)
    {
      if (g_strcmp0 (tend_comment_get_body (g_ptr_array_index (comments, i)), body) == 0)
        {
          n++;
          if (position != NULL)
            *position = i;
        }
    }
  return n;
}

guint
parity_count_local_copies (TendStore *store,
                           gint64     ticket_id)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  comments = tend_store_list_comments (store, ticket_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < comments->len; i++)
    {
      TendComment *comment = g_ptr_array_index (comments, i);

      g_assert_cmpint (tend_comment_get_pending (comment), ==, tend_comment_get_id (comment) < 0);
      n += tend_comment_get_pending (comment);
    }
  return n;
}

guint
parity_count_outbox_items (TendStore *store,
                           gboolean   with_sent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = _tend_store_outbox_list (store, with_sent, &error);

  g_assert_no_error (error);
  return items->len;
}

TendTicket *
parity_list_find (TendTicketList *list,
                  gint64          id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(TendTicket) ticket = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (ticket != NULL && tend_ticket_get_id (ticket) == id)
        return g_steal_pointer (&ticket);
    }

  return NULL;
}

TendOutboxState
parity_item_state (TendOutbox *outbox,
                   gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendOutboxItem) item = tend_outbox_get_item (outbox, id, &error);

  g_assert_no_error (error);
  return tend_outbox_item_get_state (item);
}

static void
tick (ParityHelpdesk *helpdesk)
{
  if (helpdesk->tick != NULL)
    helpdesk->tick (helpdesk);
}

/* A reply (or note) the agent queues; the outbox row's id. */
static gint64
reply (TendOutbox *outbox,
       gint64      ticket_id,
       const char *text,
       gboolean    public,
       int         status)
{
  g_autoptr(GError) error = NULL;
  gint64 id = tend_outbox_reply (outbox, ticket_id, text, public, status, &error);

  g_assert_no_error (error);
  return id;
}

/* A push that reaches the helpdesk, whatever it sends. */
static void
push (ParityHelpdesk      *helpdesk,
      TendOutbox          *outbox,
      TendOutboxPushStats *stats)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tend_outbox_push (outbox, helpdesk->backend, stats, NULL, &error));
  g_assert_no_error (error);
}

/* The customer writes on @ticket_id, after what Tend has seen; the next
 * push stops there in conflict. */
static void
customer_writes_then_push (ParityHelpdesk      *helpdesk,
                           TendOutbox          *outbox,
                           gint64               ticket_id,
                           TendOutboxPushStats *stats)
{
  tick (helpdesk);
  helpdesk->customer_writes (helpdesk, ticket_id, "Actually it works now");
  push (helpdesk, outbox, stats);
  g_assert_cmpuint (stats->conflicts, ==, 1);
}

/* How many comments with exactly @body the helpdesk holds on @ticket_id. */
static guint
server_count (ParityHelpdesk *helpdesk,
              gint64          ticket_id,
              const char     *body)
{
  g_autoptr(GPtrArray) comments = parity_server_comments (helpdesk->backend, ticket_id);

  return parity_count_body (comments, body, NULL);
}

void
parity_outbox_conflict (ParityHelpdesk *helpdesk,
                        TendStore      *store,
                        TendOutbox     *outbox,
                        gint64          a,
                        gint64          b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(TendDrafts) drafts = NULL;
  g_autofree char *draft = NULL;
  g_autoptr(TendTicketList) inbox = tend_ticket_list_new (store, TEND_VIEW_ALL, NULL);
  g_autoptr(TendTicket) row = parity_list_find (inbox, a);
  TendOutboxPushStats stats;
  gint64 first, later, other;

  first = reply (outbox, a, "Based on the old state", TRUE, TEND_TICKET_STATUS_SOLVED);
  later = reply (outbox, a, "A second thought", FALSE, -1);
  other = reply (outbox, b, "Unrelated ticket", TRUE, -1);

  /* The inbox holds the ticket, as a row on screen would: waiting to be
   * sent, nothing for the agent to decide. */
  g_assert_nonnull (row);
  g_assert_true (tend_ticket_get_pending (row));
  g_assert_false (tend_ticket_get_needs_attention (row));

  /* Meanwhile the customer answers on the helpdesk. */
  customer_writes_then_push (helpdesk, outbox, a, &stats);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (tend_ticket_get_needs_attention (row));
  g_assert_cmpuint (stats.sent, ==, 1);      /* the other ticket's went on */
  g_assert_cmpint (parity_item_state (outbox, first), ==, TEND_OUTBOX_STATE_CONFLICT);
  g_assert_cmpint (parity_item_state (outbox, later), ==, TEND_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (parity_item_state (outbox, other), ==, TEND_OUTBOX_STATE_SENT);
  {
    g_autoptr(TendOutboxItem) item = tend_outbox_get_item (outbox, first, &error);

    g_assert_no_error (error);
    g_assert_nonnull (tend_outbox_item_get_last_error (item));
  }

  /* Nothing of it reached the ticket; the customer's words reached us. */
  g_assert_cmpuint (server_count (helpdesk, a, "Based on the old state"), ==, 0);
  g_assert_cmpuint (server_count (helpdesk, a, "A second thought"), ==, 0);
  g_assert_cmpuint (server_count (helpdesk, b, "Unrelated ticket"), ==, 1);
  local = tend_store_list_comments (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parity_count_body (local, "Actually it works now", NULL), ==, 1);
  g_assert_cmpuint (parity_count_local_copies (store, a), ==, 2);

  /* The inbox marks the ticket: the agent has to decide. The other one
   * has nothing left in the outbox. */
  {
    g_autoptr(TendTicket) conflicted = tend_store_get_ticket (store, a, &error);
    g_autoptr(TendTicket) sent = tend_store_get_ticket (store, b, &error);

    g_assert_no_error (error);
    g_assert_true (tend_ticket_get_pending (conflicted));
    g_assert_true (tend_ticket_get_needs_attention (conflicted));
    g_assert_false (tend_ticket_get_pending (sent));
    g_assert_false (tend_ticket_get_needs_attention (sent));
  }

  /* Retrying would only conflict again; a second push leaves it too. */
  g_assert_false (tend_outbox_retry (outbox, first, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_clear_error (&error);
  push (helpdesk, outbox, &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpint (parity_item_state (outbox, first), ==, TEND_OUTBOX_STATE_CONFLICT);

  /* Send anyway: sent once, and the later change behind it too. */
  tend_outbox_send_anyway (outbox, first, &error);
  g_assert_no_error (error);
  push (helpdesk, outbox, &stats);
  g_assert_cmpuint (stats.sent, ==, 2);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpuint (server_count (helpdesk, a, "Based on the old state"), ==, 1);
  g_assert_cmpuint (server_count (helpdesk, a, "A second thought"), ==, 1);
  ticket = parity_server_ticket (helpdesk->backend, a);
  g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_SOLVED);
  {
    g_autoptr(TendTicket) settled = tend_store_get_ticket (store, a, &error);

    g_assert_no_error (error);
    g_assert_false (tend_ticket_get_pending (settled));
    g_assert_false (tend_ticket_get_needs_attention (settled));
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (tend_ticket_get_pending (row));
  g_assert_false (tend_ticket_get_needs_attention (row));

  /* Discard: after another customer message, a new reply is dropped and
   * nothing reaches the helpdesk; its words go back to the draft. */
  later = reply (outbox, a, "Never mind this one", TRUE, -1);
  customer_writes_then_push (helpdesk, outbox, a, &stats);
  tend_outbox_discard (outbox, later, &error);
  g_assert_no_error (error);
  push (helpdesk, outbox, &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpuint (server_count (helpdesk, a, "Never mind this one"), ==, 0);
  g_assert_cmpuint (parity_count_local_copies (store, a), ==, 0);
  drafts = tend_drafts_new (store);
  draft = tend_drafts_load (drafts, a, TEND_DRAFT_MODE_REPLY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft, ==, "Never mind this one");
  g_assert_cmpuint (parity_count_outbox_items (store, FALSE), ==, 0);
}

void
parity_outbox_not_arrived (ParityHelpdesk *helpdesk,
                           TendStore      *store,
                           TendOutbox     *outbox,
                           gint64          ticket_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendOutboxItem) claimed = NULL;
  TendOutboxPushStats stats;
  gint64 id;

  id = reply (outbox, ticket_id, "Never left the building", TRUE, -1);
  g_assert_true (_tend_store_outbox_claim (store, id, &claimed, &error));
  g_assert_no_error (error);
  g_assert_nonnull (claimed);
  g_assert_cmpint (parity_item_state (outbox, id), ==, TEND_OUTBOX_STATE_SENDING);

  push (helpdesk, outbox, &stats);
  g_assert_cmpuint (stats.requeued, ==, 1);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.reconciled, ==, 0);
  g_assert_cmpint (parity_item_state (outbox, id), ==, TEND_OUTBOX_STATE_SENT);
  g_assert_cmpuint (server_count (helpdesk, ticket_id, "Never left the building"), ==, 1);
}

void
parity_outbox_lost_sending (ParityHelpdesk *helpdesk,
                            TendStore      *store,
                            TendOutbox     *outbox,
                            gint64          ticket_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendOutboxItem) item = NULL;
  g_autoptr(TendChangeset) ignored = tend_changeset_new ();
  g_autoptr(JsonNode) change = NULL;
  TendOutboxPushStats stats;
  gint64 id, comment_id = 0;

  id = reply (outbox, ticket_id, "Sent before the power cut", TRUE, TEND_TICKET_STATUS_PENDING);
  item = tend_outbox_get_item (outbox, id, &error);
  g_assert_no_error (error);
  change = json_from_string (tend_outbox_item_get_payload (item), &error);
  g_assert_no_error (error);
  tick (helpdesk);
  tend_backend_push_change (helpdesk->backend, ticket_id, json_node_get_object (change),
                            tend_outbox_item_get_seen_updated_at (item), ignored, &comment_id,
                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (comment_id, >, 0);
  g_assert_cmpint (parity_item_state (outbox, id), ==, TEND_OUTBOX_STATE_QUEUED);

  push (helpdesk, outbox, &stats);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.reconciled, ==, 1);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_clear_object (&item);
  item = tend_outbox_get_item (outbox, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_outbox_item_get_state (item), ==, TEND_OUTBOX_STATE_SENT);
  g_assert_cmpint (tend_outbox_item_get_remote_id (item), ==, comment_id);

  g_assert_cmpuint (server_count (helpdesk, ticket_id, "Sent before the power cut"), ==, 1);
  g_assert_cmpuint (parity_count_local_copies (store, ticket_id), ==, 0);
}

void
parity_assert_profile (TendStore           *store,
                       gint64               user_id,
                       gint64               current_ticket_id,
                       const ParityProfile *expected)
{
  g_autoptr(TendCustomerProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  TendOrganization *organization;

  profile = tend_customer_profile_load (store, user_id, current_ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_user_get_id (tend_customer_profile_get_user (profile)), ==, user_id);
  g_assert_cmpuint (tend_customer_profile_get_n_tickets (profile), ==, expected->n_tickets);
  g_assert_cmpuint (tend_customer_profile_get_n_open (profile), ==, expected->n_open);
  g_assert_cmpuint (tend_customer_profile_get_n_resolved (profile), ==, expected->n_resolved);
  g_assert_cmpint (tend_customer_profile_get_first_contact (profile), ==, expected->first_contact);
  g_assert_cmpint (tend_customer_profile_get_median_resolution (profile), ==, expected->median_resolution);
  g_assert_cmpuint (tend_customer_profile_get_n_other_tickets (profile), ==, expected->n_other_tickets);
  g_assert_cmpuint (g_list_model_get_n_items (tend_customer_profile_get_other_tickets (profile)), ==,
                    MIN (expected->n_other_tickets, TEND_CUSTOMER_PROFILE_MAX_TICKETS));
  g_assert_cmpuint (tend_customer_profile_get_n_org_open (profile), ==, expected->n_org_open);
  organization = tend_customer_profile_get_organization (profile);
  if (expected->organization_id == 0)
    g_assert_null (organization);
  else
    {
      g_assert_nonnull (organization);
      g_assert_cmpint (tend_organization_get_id (organization), ==, expected->organization_id);
    }
}

typedef GPtrArray *(*SuggestFunc) (TendStore  *store,
                                   gint64      ticket_id,
                                   guint       limit,
                                   GError    **error);

/* What @suggest finds for @ticket_id: never nothing. */
static GPtrArray *
suggestions (SuggestFunc  suggest,
             TendStore   *store,
             gint64       ticket_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = suggest (store, ticket_id, 5, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >, 0);
  return found;
}

void
parity_assert_similar_first (TendStore *store,
                             gint64     ticket_id,
                             gint64     expected)
{
  g_autoptr(GPtrArray) similar = suggestions (tend_store_similar_tickets, store, ticket_id);

  g_assert_cmpint (tend_ticket_get_id (tend_similar_ticket_get_ticket (g_ptr_array_index (similar, 0))), ==,
                   expected);
  for (guint i = 0; i < similar->len; i++)
    g_assert_cmpint (tend_ticket_get_id (tend_similar_ticket_get_ticket (g_ptr_array_index (similar, i))), !=,
                     ticket_id);
}

void
parity_assert_article_first (TendStore *store,
                             gint64     ticket_id,
                             gint64     expected)
{
  g_autoptr(GPtrArray) articles = suggestions (tend_store_suggest_articles, store, ticket_id);

  g_assert_cmpint (tend_article_get_id (g_ptr_array_index (articles, 0)), ==, expected);
}

int
parity_push_helper (const char   *db_path,
                    TendBackend  *backend,
                    const GError *backend_error)
{
  g_autoptr(TendStore) store = NULL;
  g_autoptr(TendOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;

  if (backend == NULL)
    {
      g_printerr ("push helper: %s\n", backend_error->message);
      return 1;
    }
  store = tend_store_open_existing (db_path, &error);
  if (store != NULL)
    {
      outbox = tend_outbox_new (store);
      if (tend_outbox_push (outbox, backend, NULL, NULL, &error))
        return 0;
    }
  g_printerr ("push helper: %s\n", error->message);
  return 1;
}
