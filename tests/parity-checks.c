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

GPtrArray *
parity_server_comments (TendBackend *backend,
                        gint64       ticket_id)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;

  tend_backend_pull_ticket_comments (backend, ticket_id, changes, NULL, &error);
  g_assert_no_error (error);
  return g_ptr_array_ref (changes->comments);
}

TendTicket *
parity_server_ticket (TendBackend *backend,
                      gint64       ticket_id)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;

  tend_backend_pull_ticket (backend, ticket_id, changes, NULL, &error);
  g_assert_no_error (error);
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
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(TendDrafts) drafts = NULL;
  g_autofree char *draft = NULL;
  TendOutboxPushStats stats;
  gint64 first, later, other;

  first = tend_outbox_reply (outbox, a, "Based on the old state", TRUE, TEND_TICKET_STATUS_SOLVED, &error);
  g_assert_no_error (error);
  later = tend_outbox_reply (outbox, a, "A second thought", FALSE, -1, &error);
  g_assert_no_error (error);
  other = tend_outbox_reply (outbox, b, "Unrelated ticket", TRUE, -1, &error);
  g_assert_no_error (error);

  /* Meanwhile the customer answers on the helpdesk. */
  tick (helpdesk);
  helpdesk->customer_writes (helpdesk, a, "Actually it works now");

  g_assert_true (tend_outbox_push (outbox, helpdesk->backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.conflicts, ==, 1);
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
  comments = parity_server_comments (helpdesk->backend, a);
  g_assert_cmpuint (parity_count_body (comments, "Based on the old state", NULL), ==, 0);
  g_assert_cmpuint (parity_count_body (comments, "A second thought", NULL), ==, 0);
  g_clear_pointer (&comments, g_ptr_array_unref);
  comments = parity_server_comments (helpdesk->backend, b);
  g_assert_cmpuint (parity_count_body (comments, "Unrelated ticket", NULL), ==, 1);
  g_clear_pointer (&comments, g_ptr_array_unref);
  local = tend_store_list_comments (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parity_count_body (local, "Actually it works now", NULL), ==, 1);
  g_assert_cmpuint (parity_count_local_copies (store, a), ==, 2);
  g_clear_pointer (&local, g_ptr_array_unref);

  /* Retrying would only conflict again; a second push leaves it too. */
  g_assert_false (tend_outbox_retry (outbox, first, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tend_outbox_push (outbox, helpdesk->backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpint (parity_item_state (outbox, first), ==, TEND_OUTBOX_STATE_CONFLICT);

  /* Send anyway: sent once, and the later change behind it too. */
  tend_outbox_send_anyway (outbox, first, &error);
  g_assert_no_error (error);
  g_assert_true (tend_outbox_push (outbox, helpdesk->backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, ==, 2);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  comments = parity_server_comments (helpdesk->backend, a);
  g_assert_cmpuint (parity_count_body (comments, "Based on the old state", NULL), ==, 1);
  g_assert_cmpuint (parity_count_body (comments, "A second thought", NULL), ==, 1);
  g_clear_pointer (&comments, g_ptr_array_unref);
  ticket = parity_server_ticket (helpdesk->backend, a);
  g_assert_cmpint (tend_ticket_get_status (ticket), ==, TEND_TICKET_STATUS_SOLVED);

  /* Discard: after another customer message, a new reply is dropped and
   * nothing reaches the helpdesk; its words go back to the draft. */
  later = tend_outbox_reply (outbox, a, "Never mind this one", TRUE, -1, &error);
  g_assert_no_error (error);
  tick (helpdesk);
  helpdesk->customer_writes (helpdesk, a, "Actually it works now");
  g_assert_true (tend_outbox_push (outbox, helpdesk->backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  tend_outbox_discard (outbox, later, &error);
  g_assert_no_error (error);
  g_assert_true (tend_outbox_push (outbox, helpdesk->backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, ==, 0);
  comments = parity_server_comments (helpdesk->backend, a);
  g_assert_cmpuint (parity_count_body (comments, "Never mind this one", NULL), ==, 0);
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
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(TendOutboxItem) claimed = NULL;
  TendOutboxPushStats stats;
  gint64 id;

  id = tend_outbox_reply (outbox, ticket_id, "Never left the building", TRUE, -1, &error);
  g_assert_no_error (error);
  g_assert_true (_tend_store_outbox_claim (store, id, &claimed, &error));
  g_assert_no_error (error);
  g_assert_nonnull (claimed);
  g_assert_cmpint (parity_item_state (outbox, id), ==, TEND_OUTBOX_STATE_SENDING);

  g_assert_true (tend_outbox_push (outbox, helpdesk->backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.requeued, ==, 1);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.reconciled, ==, 0);
  g_assert_cmpint (parity_item_state (outbox, id), ==, TEND_OUTBOX_STATE_SENT);
  comments = parity_server_comments (helpdesk->backend, ticket_id);
  g_assert_cmpuint (parity_count_body (comments, "Never left the building", NULL), ==, 1);
}

void
parity_outbox_lost_sending (ParityHelpdesk *helpdesk,
                            TendStore      *store,
                            TendOutbox     *outbox,
                            gint64          ticket_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(TendOutboxItem) item = NULL;
  g_autoptr(TendChangeset) ignored = tend_changeset_new ();
  g_autoptr(JsonNode) change = NULL;
  TendOutboxPushStats stats;
  gint64 id, comment_id = 0;

  id = tend_outbox_reply (outbox, ticket_id, "Sent before the power cut", TRUE,
                          TEND_TICKET_STATUS_PENDING, &error);
  g_assert_no_error (error);
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

  g_assert_true (tend_outbox_push (outbox, helpdesk->backend, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.reconciled, ==, 1);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_clear_object (&item);
  item = tend_outbox_get_item (outbox, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tend_outbox_item_get_state (item), ==, TEND_OUTBOX_STATE_SENT);
  g_assert_cmpint (tend_outbox_item_get_remote_id (item), ==, comment_id);

  comments = parity_server_comments (helpdesk->backend, ticket_id);
  g_assert_cmpuint (parity_count_body (comments, "Sent before the power cut", NULL), ==, 1);
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

void
parity_assert_similar_first (TendStore *store,
                             gint64     ticket_id,
                             gint64     expected)
{
  g_autoptr(GPtrArray) similar = NULL;
  g_autoptr(GError) error = NULL;

  similar = tend_store_similar_tickets (store, ticket_id, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (similar->len, >, 0);
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
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GError) error = NULL;

  articles = tend_store_suggest_articles (store, ticket_id, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (articles->len, >, 0);
  g_assert_cmpint (tend_article_get_id (g_ptr_array_index (articles, 0)), ==, expected);
}
