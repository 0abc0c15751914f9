/* parity-checks.h: the same checks against any helpdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scenarios and assertions written against TendBackend and the store
 * only, so that the demo helpdesk's tests and the Request Tracker suite
 * (tests/integration/test-rt.c) can run the same ones: a difference
 * between backends then shows up as a failing test. What a scenario needs
 * from the helpdesk beyond the agent's backend (a customer writing, time
 * moving on) comes through ParityHelpdesk.
 */
#pragma once

#include "tend-engine.h"
#include "tend-outbox.h"

G_BEGIN_DECLS

typedef struct _ParityHelpdesk ParityHelpdesk;

struct _ParityHelpdesk
{
  /* The agent's connection, for reading what the helpdesk holds. */
  TendBackend *backend;
  /* The requester of @ticket_id writes @text on the helpdesk, behind
   * Tend's back (the demo: a PUT as the customer; RT: a correspond). */
  void       (*customer_writes) (ParityHelpdesk *helpdesk,
                                 gint64          ticket_id,
                                 const char     *text);
  /* Makes sure that what happens next on the helpdesk gets a later
   * timestamp than what Tend has seen (RT's times have one-second steps);
   * NULL when the helpdesk needs no such wait. */
  void       (*tick)            (ParityHelpdesk *helpdesk);
  gpointer     data;
};

/* What the helpdesk holds now, read through the agent's backend. */
GPtrArray  *parity_server_comments      (TendBackend *backend,
                                         gint64       ticket_id);
TendTicket *parity_server_ticket        (TendBackend *backend,
                                         gint64       ticket_id);

/* Comments with exactly @body; the index of the last in *@position. */
guint       parity_count_body           (GPtrArray   *comments,
                                         const char  *body,
                                         gint64      *position);
/* The store's local (pending, negative id) copies of unsent messages. */
guint       parity_count_local_copies   (TendStore   *store,
                                         gint64       ticket_id);
/* Outbox rows, unsent only or with the recently sent ones. */
guint       parity_count_outbox_items   (TendStore   *store,
                                         gboolean     with_sent);
TendOutboxState parity_item_state       (TendOutbox  *outbox,
                                         gint64       id);
/* Ticket @id as @list holds it (and keeps it up to date), as a row of
 * the inbox would; NULL if the list does not have it. */
TendTicket *parity_list_find            (TendTicketList *list,
                                         gint64          id);

/* The conflict path on two open tickets @a and @b that the store knows
 * as the helpdesk has them: a reply that solves @a and a later note on
 * @a, a reply on @b; the customer writes on @a; the push stops @a's
 * reply in conflict (and the note behind it) and sends @b's; retry is
 * refused; "send anyway" sends both once and solves @a; a new reply
 * after another customer message is discarded, reaches nobody, and goes
 * back to the draft. */
void        parity_outbox_conflict      (ParityHelpdesk *helpdesk,
                                         TendStore      *store,
                                         TendOutbox     *outbox,
                                         gint64          a,
                                         gint64          b);

/* A row left 'sending' by a crash before its request left: the next push
 * queues it again and sends it, once. */
void        parity_outbox_not_arrived   (ParityHelpdesk *helpdesk,
                                         TendStore      *store,
                                         TendOutbox     *outbox,
                                         gint64          ticket_id);

/* The request reached the helpdesk, but the 'sending' state was lost (a
 * power cut): the push finds the reply there and marks it sent instead
 * of sending it again or calling it a conflict. */
void        parity_outbox_lost_sending  (ParityHelpdesk *helpdesk,
                                         TendStore      *store,
                                         TendOutbox     *outbox,
                                         gint64          ticket_id);

/* A customer's 360 figures, as computed independently by the caller
 * (from what it seeded, or from the helpdesk's own records). */
typedef struct
{
  guint  n_tickets;
  guint  n_open;
  guint  n_resolved;
  gint64 first_contact;
  gint64 median_resolution;   /* -1: nothing resolved */
  guint  n_other_tickets;
  guint  n_org_open;
  gint64 organization_id;     /* 0: none */
} ParityProfile;

void        parity_assert_profile       (TendStore           *store,
                                         gint64               user_id,
                                         gint64               current_ticket_id,
                                         const ParityProfile *expected);

/* The side panel's suggestions for @ticket_id rank @expected first. */
void        parity_assert_similar_first (TendStore   *store,
                                         gint64       ticket_id,
                                         gint64       expected);
void        parity_assert_article_first (TendStore   *store,
                                         gint64       ticket_id,
                                         gint64       expected);

/* The body of a `--push-helper` child, the process a test kills while it
 * sends: pushes the outbox of the store at @db_path through @backend, as
 * another Tend would. @backend is NULL when it could not be made, and
 * @backend_error says why. Returns the exit status. */
int         parity_push_helper          (const char   *db_path,
                                         TendBackend  *backend,
                                         const GError *backend_error);

G_END_DECLS
