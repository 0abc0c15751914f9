/* test-ticket-list.c: the paged GListModel over a store view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "tend-engine.h"

#define BASE_TIME 1700000000

typedef struct
{
  char      *dir;
  TendStore *store;
  guint      n_changed;
  guint      last_changes;
} Fixture;

static void
on_store_changed (TendStore *store,
                  guint      changes,
                  Fixture   *fixture)
{
  fixture->n_changed++;
  fixture->last_changes = changes;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("tend-ticket-list-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (fixture->dir, "tend.db", NULL);
  fixture->store = tend_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_store_changed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (fixture->store);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Writes and waits for TendStore::changed, wherever the store emits it
 * (synchronously or from the main context). */
static void
write_and_wait (Fixture       *fixture,
                TendChangeset *changes)
{
  g_autoptr(GError) error = NULL;
  guint before = fixture->n_changed;
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_assert_true (tend_store_write (fixture->store, changes, &error));
  g_assert_no_error (error);

  timeout_id = g_timeout_add_seconds (10, on_timeout, &timed_out);
  while (fixture->n_changed == before && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);

  /* Let anything else queued for this write run too. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static TendTicket *
make_ticket (gint64            id,
             TendTicketStatus  status,
             gint64            updated_at,
             const char       *subject)
{
  TendTicket *ticket = tend_ticket_new (id);
  g_autofree char *default_subject = g_strdup_printf ("Ticket number %" G_GINT64_FORMAT, id);

  tend_ticket_set_subject (ticket, subject ? subject : default_subject);
  tend_ticket_set_description (ticket, "Hello, something is not working as it should.");
  tend_ticket_set_status (ticket, status);
  tend_ticket_set_priority (ticket, TEND_TICKET_PRIORITY_NORMAL);
  tend_ticket_set_created_at (ticket, updated_at - 3600);
  tend_ticket_set_updated_at (ticket, updated_at);

  return ticket;
}

static const TendTicketStatus status_cycle[] = {
  TEND_TICKET_STATUS_NEW,
  TEND_TICKET_STATUS_OPEN,
  TEND_TICKET_STATUS_PENDING,
  TEND_TICKET_STATUS_SOLVED,
  TEND_TICKET_STATUS_HOLD,
  TEND_TICKET_STATUS_OPEN,
  TEND_TICKET_STATUS_CLOSED,
};

/* updated_at is a permutation of the ids, so the list order is not the id
 * order and every time is distinct. */
static gint64
updated_at_for (gint64 id,
                guint  n)
{
  return BASE_TIME + ((id * 37) % (n + 1)) * 60;
}

static void
populate (Fixture *fixture,
          guint    n)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();

  g_assert_cmpuint (n % 37, !=, 36);   /* keeps 37 coprime with n + 1 */

  for (guint id = 1; id <= n; id++)
    {
      g_autoptr(TendTicket) ticket = make_ticket (id, status_cycle[id % G_N_ELEMENTS (status_cycle)],
                                                  updated_at_for (id, n), NULL);
      tend_changeset_add_ticket (changes, ticket);
    }

  write_and_wait (fixture, changes);
}

static gboolean
is_unsolved (TendTicketStatus status)
{
  return status == TEND_TICKET_STATUS_NEW ||
         status == TEND_TICKET_STATUS_OPEN ||
         status == TEND_TICKET_STATUS_PENDING ||
         status == TEND_TICKET_STATUS_HOLD;
}

typedef struct { gint64 id; gint64 updated_at; } IdTime;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const IdTime *x = a;
  const IdTime *y = b;

  if (x->updated_at != y->updated_at)
    return x->updated_at < y->updated_at ? 1 : -1;
  return x->id < y->id ? 1 : (x->id > y->id ? -1 : 0);
}

/* The order a view of populate()'s tickets must have, computed here
 * independently of the store. */
static GArray *
expected_ids (guint    n,
              gboolean unsolved_only)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (IdTime));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint id = 1; id <= n; id++)
    {
      IdTime row = { id, updated_at_for (id, n) };

      if (unsolved_only && !is_unsolved (status_cycle[id % G_N_ELEMENTS (status_cycle)]))
        continue;
      g_array_append_val (rows, row);
    }

  g_array_sort (rows, compare_newest_first);
  for (guint i = 0; i < rows->len; i++)
    g_array_append_val (ids, g_array_index (rows, IdTime, i).id);

  return ids;
}

static gint64
item_id (GListModel *model,
         guint       position)
{
  g_autoptr(TendTicket) ticket = g_list_model_get_item (model, position);

  g_assert_nonnull (ticket);
  return tend_ticket_get_id (ticket);
}

static GArray *
model_ids (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = item_id (model, i);
      g_array_append_val (ids, id);
    }

  return ids;
}

static void
assert_ids_equal (GArray *a,
                  GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      if (g_array_index (a, gint64, i) != g_array_index (b, gint64, i))
        g_error ("position %u: %" G_GINT64_FORMAT " != %" G_GINT64_FORMAT,
                 i, g_array_index (a, gint64, i), g_array_index (b, gint64, i));
    }
}

/* What a consumer of the model sees: a copy kept up to date with nothing
 * but items-changed, as GtkListView does. */
typedef struct
{
  guint position;
  guint removed;
  guint added;
} Emission;

typedef struct
{
  GListModel *model;
  GPtrArray  *items;       /* TendTicket */
  GArray     *emissions;   /* Emission */
} Mirror;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Mirror     *mirror)
{
  Emission emission = { position, removed, added };

  g_array_append_val (mirror->emissions, emission);

  g_assert_cmpuint (position + removed, <=, mirror->items->len);
  g_assert_cmpuint (mirror->items->len - removed + added, ==, g_list_model_get_n_items (model));

  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    {
      TendTicket *ticket = g_list_model_get_item (model, position + i);

      g_assert_nonnull (ticket);
      g_ptr_array_insert (mirror->items, position + i, ticket);
    }
}

static Mirror *
mirror_new (GListModel *model)
{
  Mirror *mirror = g_new0 (Mirror, 1);
  guint n = g_list_model_get_n_items (model);

  mirror->model = g_object_ref (model);
  mirror->items = g_ptr_array_new_with_free_func (g_object_unref);
  mirror->emissions = g_array_new (FALSE, FALSE, sizeof (Emission));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (mirror->items, g_list_model_get_item (model, i));

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), mirror);
  return mirror;
}

static void
mirror_free (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_data (mirror->model, mirror);
  g_object_unref (mirror->model);
  g_ptr_array_unref (mirror->items);
  g_array_unref (mirror->emissions);
  g_free (mirror);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mirror, mirror_free)

/* Every property, so that a field the list forgets to refresh shows. */
static void
assert_same_properties (TendTicket *a,
                        TendTicket *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n_pspecs);
  g_assert_cmpuint (n_pspecs, >=, 20);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;
      gboolean same;

      g_value_init (&va, pspecs[i]->value_type);
      g_value_init (&vb, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (a), pspecs[i]->name, &va);
      g_object_get_property (G_OBJECT (b), pspecs[i]->name, &vb);

      if (pspecs[i]->value_type == G_TYPE_STRV)
        same = g_strv_equal (g_value_get_boxed (&va) ? g_value_get_boxed (&va) : (const char * const[]) { NULL },
                             g_value_get_boxed (&vb) ? g_value_get_boxed (&vb) : (const char * const[]) { NULL });
      else
        same = g_param_values_cmp (pspecs[i], &va, &vb) == 0;

      if (!same)
        g_error ("ticket %" G_GINT64_FORMAT ": property %s differs",
                 tend_ticket_get_id (a), pspecs[i]->name);
    }
}

/* The mirror, the model itself and a list made afresh agree on every
 * position, and on every field a row shows. */
static void
mirror_check (Mirror    *mirror,
              Fixture   *fixture,
              TendView   view,
              TendQuery *query)
{
  g_autoptr(TendTicketList) fresh = tend_ticket_list_new (fixture->store, view, query);
  g_autoptr(GArray) fresh_ids = model_ids (G_LIST_MODEL (fresh));
  g_autoptr(GArray) model = model_ids (mirror->model);

  assert_ids_equal (model, fresh_ids);
  g_assert_cmpuint (mirror->items->len, ==, fresh_ids->len);
  g_assert_cmpuint (g_list_model_get_n_items (mirror->model), ==,
                    tend_store_count_tickets (fixture->store, view, query, NULL));

  for (guint i = 0; i < fresh_ids->len; i++)
    {
      TendTicket *mine = g_ptr_array_index (mirror->items, i);
      g_autoptr(TendTicket) theirs = g_list_model_get_item (G_LIST_MODEL (fresh), i);

      g_assert_cmpint (tend_ticket_get_id (mine), ==, g_array_index (fresh_ids, gint64, i));
      g_assert_cmpint (tend_ticket_get_status (mine), ==, tend_ticket_get_status (theirs));
      g_assert_cmpint (tend_ticket_get_updated_at (mine), ==, tend_ticket_get_updated_at (theirs));
      g_assert_cmpstr (tend_ticket_get_subject (mine), ==, tend_ticket_get_subject (theirs));
      g_assert_cmpint (tend_ticket_get_unread (mine), ==, tend_ticket_get_unread (theirs));
      assert_same_properties (mine, theirs);
    }
}

static void
assert_single_emission (Mirror *mirror,
                        guint   position,
                        guint   removed,
                        guint   added)
{
  const Emission *emission;

  g_assert_cmpuint (mirror->emissions->len, ==, 1);
  emission = &g_array_index (mirror->emissions, Emission, 0);
  g_assert_cmpuint (emission->position, ==, position);
  g_assert_cmpuint (emission->removed, ==, removed);
  g_assert_cmpuint (emission->added, ==, added);
}

static void
test_positions (Fixture       *fixture,
                gconstpointer  data)
{
  const guint n = 350;
  g_autoptr(TendTicketList) list = NULL;
  g_autoptr(GArray) expected = expected_ids (n, FALSE);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) direct = NULL;
  static const guint probes[] = { 0, 99, 100, 250, 349 };
  guint n_items = 0;
  GType item_type = G_TYPE_INVALID;

  populate (fixture, n);

  list = tend_ticket_list_new (fixture->store, TEND_VIEW_ALL, NULL);
  g_assert_true (tend_ticket_list_get_store (list) == fixture->store);
  g_assert_cmpint (tend_ticket_list_get_view (list), ==, TEND_VIEW_ALL);
  g_assert_null (tend_ticket_list_get_query (list));

  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (list)), ==, TEND_TYPE_TICKET);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    tend_store_count_tickets (fixture->store, TEND_VIEW_ALL, NULL, NULL));
  g_object_get (list, "n-items", &n_items, "item-type", &item_type, NULL);
  g_assert_cmpuint (n_items, ==, n);
  g_assert_cmpuint (item_type, ==, TEND_TYPE_TICKET);

  /* Probe the page edges in an order that forces loads and reuse. */
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    g_assert_cmpint (item_id (G_LIST_MODEL (list), probes[i]), ==,
                     g_array_index (expected, gint64, probes[i]));
  for (guint i = G_N_ELEMENTS (probes); i > 0; i--)
    g_assert_cmpint (item_id (G_LIST_MODEL (list), probes[i - 1]), ==,
                     g_array_index (expected, gint64, probes[i - 1]));

  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n + 1000));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), G_MAXUINT));

  ids = model_ids (G_LIST_MODEL (list));
  assert_ids_equal (ids, expected);

  /* And the store agrees with both. */
  direct = tend_store_list_tickets (fixture->store, TEND_VIEW_ALL, NULL, 0, n + 10, NULL);
  g_assert_cmpuint (direct->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (tend_ticket_get_id (g_ptr_array_index (direct, i)), ==,
                     g_array_index (expected, gint64, i));

  /* Asking twice gives the same object while it is cached or held. */
  {
    g_autoptr(TendTicket) a = g_list_model_get_item (G_LIST_MODEL (list), 120);
    g_autoptr(TendTicket) b = g_list_model_get_item (G_LIST_MODEL (list), 120);

    g_assert_true (a == b);
  }
}

static void
test_view (Fixture       *fixture,
           gconstpointer  data)
{
  const guint n = 350;
  g_autoptr(TendTicketList) list = NULL;
  g_autoptr(GArray) expected = expected_ids (n, TRUE);
  g_autoptr(GArray) ids = NULL;

  populate (fixture, n);

  list = tend_ticket_list_new (fixture->store, TEND_VIEW_OPEN, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    tend_store_count_tickets (fixture->store, TEND_VIEW_OPEN, NULL, NULL));
  g_assert_cmpuint (expected->len, >, 200);

  ids = model_ids (G_LIST_MODEL (list));
  assert_ids_equal (ids, expected);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(TendTicket) ticket = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_true (is_unsolved (tend_ticket_get_status (ticket)));
    }
}

static void
increment (guint *counter)
{
  (*counter)++;
}

static void
count_finalized (gpointer  data,
                 GObject  *where_the_object_was)
{
  guint *finalized = data;

  (*finalized)++;
}

/* Walking 13 pages keeps at most 8 of them. */
static void
test_page_cache_bounded (Fixture       *fixture,
                         gconstpointer  data)
{
  const guint n = 1250;
  g_autoptr(TendTicketList) list = NULL;
  g_autoptr(GArray) expected = expected_ids (n, FALSE);
  guint handed_out = 0;
  guint finalized = 0;

  populate (fixture, n);

  list = tend_ticket_list_new (fixture->store, TEND_VIEW_ALL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TendTicket) ticket = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (tend_ticket_get_id (ticket), ==, g_array_index (expected, gint64, i));
      /* Count each object once: the first time its position is read. */
      g_object_weak_ref (G_OBJECT (ticket), count_finalized, &finalized);
      handed_out++;
    }

  g_assert_cmpuint (handed_out - finalized, <=, 800);
  g_assert_cmpuint (handed_out - finalized, >=, 100);

  /* Evicted pages load again, right. */
  g_assert_cmpint (item_id (G_LIST_MODEL (list), 0), ==, g_array_index (expected, gint64, 0));
  g_assert_cmpint (item_id (G_LIST_MODEL (list), 1249), ==, g_array_index (expected, gint64, 1249));

  g_clear_object (&list);
  g_assert_cmpuint (finalized, ==, handed_out);
}

static void
test_changes_small (Fixture       *fixture,
                    gconstpointer  data)
{
  const guint n = 350;
  g_autoptr(TendTicketList) list = NULL;
  g_autoptr(Mirror) mirror = NULL;
  g_autoptr(TendTicket) held = NULL;
  guint notified = 0;

  populate (fixture, n);

  list = tend_ticket_list_new (fixture->store, TEND_VIEW_OPEN, NULL);
  mirror = mirror_new (G_LIST_MODEL (list));
  g_signal_connect_swapped (list, "notify::n-items", G_CALLBACK (increment), &notified);

  /* The mirror read every row, so the list knows every id: a reload with
   * nothing changed emits nothing. */
  tend_ticket_list_reload (list);
  g_assert_cmpuint (mirror->emissions->len, ==, 0);
  g_assert_cmpuint (notified, ==, 0);

  held = g_list_model_get_item (G_LIST_MODEL (list), 5);

  /* Three new tickets, newest of all: inserted at the top. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();
    guint old_n = g_list_model_get_n_items (G_LIST_MODEL (list));

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(TendTicket) t = make_ticket (5000 + i, TEND_TICKET_STATUS_NEW,
                                               BASE_TIME + 1000000 + i, "Brand new");
        tend_changeset_add_ticket (changes, t);
      }
    /* And one solved one, which this view must not show. */
    {
      g_autoptr(TendTicket) t = make_ticket (5100, TEND_TICKET_STATUS_SOLVED,
                                             BASE_TIME + 2000000, "Solved already");
      tend_changeset_add_ticket (changes, t);
    }

    write_and_wait (fixture, changes);
    assert_single_emission (mirror, 0, 0, 3);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, old_n + 3);
    g_assert_cmpuint (notified, ==, 1);
    mirror_check (mirror, fixture, TEND_VIEW_OPEN, NULL);

    /* The object held across the change is still the one at its (moved)
     * position. */
    g_assert_true (g_ptr_array_index (mirror->items, 8) == held);
    {
      g_autoptr(TendTicket) again = g_list_model_get_item (G_LIST_MODEL (list), 8);
      g_assert_true (again == held);
    }
  }

  /* The oldest ticket of all lands at the very end. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();
    g_autoptr(TendTicket) t = make_ticket (5200, TEND_TICKET_STATUS_OPEN, BASE_TIME - 100000, "Ancient");
    guint old_n = g_list_model_get_n_items (G_LIST_MODEL (list));

    g_array_set_size (mirror->emissions, 0);
    tend_changeset_add_ticket (changes, t);
    write_and_wait (fixture, changes);

    assert_single_emission (mirror, old_n, 0, 1);
    mirror_check (mirror, fixture, TEND_VIEW_OPEN, NULL);
    g_assert_cmpint (item_id (G_LIST_MODEL (list), old_n), ==, 5200);
  }

  /* A ticket in the middle is solved: it leaves the view, nothing else
   * moves. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();
    g_autoptr(TendTicket) victim = g_list_model_get_item (G_LIST_MODEL (list), 120);
    g_autoptr(TendTicket) update = make_ticket (tend_ticket_get_id (victim), TEND_TICKET_STATUS_SOLVED,
                                                tend_ticket_get_updated_at (victim) + 1,
                                                tend_ticket_get_subject (victim));

    g_array_set_size (mirror->emissions, 0);
    tend_changeset_add_ticket (changes, update);
    write_and_wait (fixture, changes);

    assert_single_emission (mirror, 120, 1, 0);
    mirror_check (mirror, fixture, TEND_VIEW_OPEN, NULL);
  }

  /* A delete. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();
    gint64 id = item_id (G_LIST_MODEL (list), 40);

    g_array_set_size (mirror->emissions, 0);
    tend_changeset_delete_ticket (changes, id);
    write_and_wait (fixture, changes);

    assert_single_emission (mirror, 40, 1, 0);
    mirror_check (mirror, fixture, TEND_VIEW_OPEN, NULL);
  }

  /* An update that bumps a ticket to the top of the view. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();
    g_autoptr(TendTicket) moved = g_list_model_get_item (G_LIST_MODEL (list), 200);
    g_autoptr(TendTicket) update = make_ticket (tend_ticket_get_id (moved), TEND_TICKET_STATUS_OPEN,
                                                BASE_TIME + 3000000, "Customer replied");

    g_array_set_size (mirror->emissions, 0);
    tend_changeset_add_ticket (changes, update);
    write_and_wait (fixture, changes);

    assert_single_emission (mirror, 0, 201, 201);
    mirror_check (mirror, fixture, TEND_VIEW_OPEN, NULL);
    g_assert_true (g_ptr_array_index (mirror->items, 0) == moved);
    g_assert_cmpstr (tend_ticket_get_subject (moved), ==, "Customer replied");
  }

  /* Every field of a held ticket changes, its time too: it is refreshed
   * in place, whole. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();
    g_autoptr(TendTicket) held_ticket = g_list_model_get_item (G_LIST_MODEL (list), 30);
    g_autoptr(TendTicket) update = tend_ticket_new (tend_ticket_get_id (held_ticket));
    g_autoptr(TendUser) requester = tend_user_new (888);
    const char * const tags[] = { "vip", "billing", NULL };

    tend_user_set_name (requester, "Ann Example");
    tend_user_set_email (requester, "ann@example.com");
    tend_changeset_add_user (changes, requester);

    tend_ticket_set_subject (update, "Every field changed");
    tend_ticket_set_description (update, "A new description");
    tend_ticket_set_status (update, TEND_TICKET_STATUS_PENDING);
    tend_ticket_set_priority (update, TEND_TICKET_PRIORITY_URGENT);
    tend_ticket_set_ticket_type (update, "incident");
    tend_ticket_set_requester_id (update, 888);
    tend_ticket_set_submitter_id (update, 889);
    tend_ticket_set_assignee_id (update, 890);
    tend_ticket_set_group_id (update, 891);
    tend_ticket_set_organization_id (update, 892);
    tend_ticket_set_tags (update, tags);
    tend_ticket_set_created_at (update, BASE_TIME - 50);
    tend_ticket_set_updated_at (update, tend_ticket_get_updated_at (held_ticket));
    tend_ticket_set_satisfaction (update, "good");
    tend_ticket_set_satisfaction_comment (update, "Thanks!");
    tend_ticket_set_extra_json (update, "{\"custom_fields\":[{\"id\":1,\"value\":\"x\"}]}");
    tend_changeset_add_ticket (changes, update);

    g_array_set_size (mirror->emissions, 0);
    write_and_wait (fixture, changes);

    /* Same id at the same place: no emission at all. */
    g_assert_cmpuint (mirror->emissions->len, ==, 0);
    g_assert_true (g_ptr_array_index (mirror->items, 30) == held_ticket);
    g_assert_cmpstr (tend_ticket_get_subject (held_ticket), ==, "Every field changed");
    g_assert_cmpstr (tend_ticket_get_requester_name (held_ticket), ==, "Ann Example");
    g_assert_true (tend_ticket_has_tag (held_ticket, "billing"));
    mirror_check (mirror, fixture, TEND_VIEW_OPEN, NULL);

    {
      g_autoptr(TendTicket) stored = tend_store_get_ticket (fixture->store,
                                                            tend_ticket_get_id (held_ticket), NULL);
      assert_same_properties (held_ticket, stored);
    }
  }

  /* Read state: no position changes, the held object updates itself. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TendTicket) ticket = g_list_model_get_item (G_LIST_MODEL (list), 10);
    guint before = fixture->n_changed;
    guint notified_unread = 0;
    gboolean timed_out = FALSE;
    guint timeout_id;

    g_assert_true (tend_ticket_get_unread (ticket));
    g_signal_connect_swapped (ticket, "notify::unread", G_CALLBACK (increment), &notified_unread);

    g_array_set_size (mirror->emissions, 0);
    g_assert_true (tend_store_set_read (fixture->store, tend_ticket_get_id (ticket), TRUE, &error));
    g_assert_no_error (error);
    timeout_id = g_timeout_add_seconds (10, on_timeout, &timed_out);
    while (fixture->n_changed == before && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (timed_out);
    g_source_remove (timeout_id);

    g_assert_cmpuint (mirror->emissions->len, ==, 0);
    g_assert_false (tend_ticket_get_unread (ticket));
    g_assert_cmpuint (notified_unread, ==, 1);
    mirror_check (mirror, fixture, TEND_VIEW_OPEN, NULL);
    g_signal_handlers_disconnect_by_data (ticket, &notified_unread);
  }

  /* Changes the view does not depend on do not reload it. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();
    g_autoptr(TendArticle) article = tend_article_new (77);

    tend_article_set_title (article, "How to reset a password");
    tend_article_set_body (article, "<p>Click <b>Forgot password</b>.</p>");
    tend_changeset_add_article (changes, article);

    g_array_set_size (mirror->emissions, 0);
    write_and_wait (fixture, changes);
    g_assert_true (fixture->last_changes & TEND_STORE_CHANGE_ARTICLES);
    g_assert_false (fixture->last_changes & TEND_STORE_CHANGE_TICKETS);
    g_assert_cmpuint (mirror->emissions->len, ==, 0);
  }
}

/* Over 800 rows the list cannot know every id: it resets, correctly. */
static void
test_changes_large (Fixture       *fixture,
                    gconstpointer  data)
{
  const guint n = 1250;
  g_autoptr(TendTicketList) list = NULL;
  g_autoptr(Mirror) mirror = NULL;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendTicket) added = make_ticket (9000, TEND_TICKET_STATUS_OPEN, BASE_TIME + 5000000, NULL);

  populate (fixture, n);

  list = tend_ticket_list_new (fixture->store, TEND_VIEW_ALL, NULL);
  mirror = mirror_new (G_LIST_MODEL (list));

  tend_changeset_add_ticket (changes, added);
  tend_changeset_delete_ticket (changes, 17);
  tend_changeset_delete_ticket (changes, 18);
  write_and_wait (fixture, changes);

  assert_single_emission (mirror, 0, n, n - 1);
  mirror_check (mirror, fixture, TEND_VIEW_ALL, NULL);
  g_assert_cmpint (item_id (G_LIST_MODEL (list), 0), ==, 9000);
}

/* Growing past what the page cache holds, and shrinking back. */
static void
test_changes_threshold (Fixture       *fixture,
                        gconstpointer  data)
{
  const guint n = 790;
  g_autoptr(TendTicketList) list = NULL;
  g_autoptr(Mirror) mirror = NULL;

  populate (fixture, n);

  list = tend_ticket_list_new (fixture->store, TEND_VIEW_ALL, NULL);
  mirror = mirror_new (G_LIST_MODEL (list));

  /* 790 → 810: the new content cannot be held whole, so a reset. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();

    for (guint i = 0; i < 20; i++)
      {
        g_autoptr(TendTicket) t = make_ticket (20000 + i, TEND_TICKET_STATUS_NEW,
                                               BASE_TIME - 1000 - i, NULL);
        tend_changeset_add_ticket (changes, t);
      }
    write_and_wait (fixture, changes);
    assert_single_emission (mirror, 0, 790, 810);
    mirror_check (mirror, fixture, TEND_VIEW_ALL, NULL);
  }

  /* 810 → 789: the old content was not known whole, so a reset again. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();

    for (guint i = 0; i < 20; i++)
      tend_changeset_delete_ticket (changes, 20000 + i);
    tend_changeset_delete_ticket (changes, 1);
    g_array_set_size (mirror->emissions, 0);
    write_and_wait (fixture, changes);
    assert_single_emission (mirror, 0, 810, 789);
    mirror_check (mirror, fixture, TEND_VIEW_ALL, NULL);
  }

  /* Small again and read whole by the reload: narrow from now on. */
  {
    g_autoptr(TendChangeset) changes = tend_changeset_new ();

    tend_changeset_delete_ticket (changes, item_id (G_LIST_MODEL (list), 500));
    g_array_set_size (mirror->emissions, 0);
    write_and_wait (fixture, changes);
    assert_single_emission (mirror, 500, 1, 0);
    mirror_check (mirror, fixture, TEND_VIEW_ALL, NULL);
  }
}

/* Random batches of inserts, updates, status changes and deletes: after
 * each, the consumer's copy is what a fresh list shows. */
static void
test_changes_random (Fixture       *fixture,
                     gconstpointer  data)
{
  const guint n = 300;
  g_autoptr(TendTicketList) open = NULL;
  g_autoptr(TendTicketList) all = NULL;
  g_autoptr(TendTicketList) solved = NULL;
  g_autoptr(Mirror) open_mirror = NULL;
  g_autoptr(Mirror) all_mirror = NULL;
  g_autoptr(Mirror) solved_mirror = NULL;
  GRand *rand = g_rand_new_with_seed (4242);
  gint64 next_id = 10000;
  gint64 now = BASE_TIME + 10000000;

  populate (fixture, n);

  open = tend_ticket_list_new (fixture->store, TEND_VIEW_OPEN, NULL);
  all = tend_ticket_list_new (fixture->store, TEND_VIEW_ALL, NULL);
  solved = tend_ticket_list_new (fixture->store, TEND_VIEW_SOLVED, NULL);
  open_mirror = mirror_new (G_LIST_MODEL (open));
  all_mirror = mirror_new (G_LIST_MODEL (all));
  solved_mirror = mirror_new (G_LIST_MODEL (solved));

  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(TendChangeset) changes = tend_changeset_new ();
      guint n_ops = g_rand_int_range (rand, 1, 6);
      guint n_all = g_list_model_get_n_items (G_LIST_MODEL (all));

      for (guint op = 0; op < n_ops; op++)
        {
          guint kind = g_rand_int_range (rand, 0, 4);
          TendTicketStatus status = status_cycle[g_rand_int_range (rand, 0, G_N_ELEMENTS (status_cycle))];

          if (kind == 0 || n_all < 10)
            {
              g_autoptr(TendTicket) t = make_ticket (next_id++, status,
                                                     now - g_rand_int_range (rand, 0, 20000000), NULL);
              tend_changeset_add_ticket (changes, t);
            }
          else if (kind == 1)
            {
              tend_changeset_delete_ticket (changes, item_id (G_LIST_MODEL (all),
                                                              g_rand_int_range (rand, 0, n_all)));
            }
          else
            {
              g_autoptr(TendTicket) old = g_list_model_get_item (G_LIST_MODEL (all),
                                                                 g_rand_int_range (rand, 0, n_all));
              /* kind 2 moves it to the top; kind 3 keeps its time. */
              gint64 when = kind == 2 ? ++now : tend_ticket_get_updated_at (old);
              g_autoptr(TendTicket) t = make_ticket (tend_ticket_get_id (old), status, when,
                                                     "Edited subject");
              tend_changeset_add_ticket (changes, t);
            }
        }

      write_and_wait (fixture, changes);

      mirror_check (open_mirror, fixture, TEND_VIEW_OPEN, NULL);
      mirror_check (all_mirror, fixture, TEND_VIEW_ALL, NULL);
      mirror_check (solved_mirror, fixture, TEND_VIEW_SOLVED, NULL);

      /* The mirrors read every row, so these small lists know every id
       * and each write gives at most one emission. */
      g_assert_cmpuint (all_mirror->emissions->len, <=, 1);
      g_assert_cmpuint (open_mirror->emissions->len, <=, 1);
      g_assert_cmpuint (solved_mirror->emissions->len, <=, 1);
      g_array_set_size (open_mirror->emissions, 0);
      g_array_set_size (all_mirror->emissions, 0);
      g_array_set_size (solved_mirror->emissions, 0);
    }

  g_rand_free (rand);
}

static void
test_query (Fixture       *fixture,
            gconstpointer  data)
{
  const guint n = 300;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendQuery) query = NULL;
  g_autoptr(TendTicketList) list = NULL;
  g_autoptr(GPtrArray) direct = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Mirror) mirror = NULL;
  guint n_items;

  populate (fixture, n);

  /* Ten tickets mention a refund once, deep in a long description; one is
   * all about refunds. */
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(TendTicket) t = make_ticket (7000 + i, TEND_TICKET_STATUS_OPEN,
                                             BASE_TIME + 100000 + i, "Question about my order");
      tend_ticket_set_description (t, "I ordered a blue kettle last week and it arrived with a "
                                      "cracked lid, the box was fine though, and the courier was "
                                      "friendly. Could you tell me whether a refund is possible or "
                                      "whether you would rather send a replacement part?");
      tend_changeset_add_ticket (changes, t);
    }
  {
    g_autoptr(TendTicket) t = make_ticket (7100, TEND_TICKET_STATUS_OPEN, BASE_TIME + 1, "Refund refund");
    tend_ticket_set_description (t, "Refund please. I want a refund.");
    tend_changeset_add_ticket (changes, t);
  }
  {
    g_autoptr(TendTicket) t = make_ticket (7200, TEND_TICKET_STATUS_SOLVED, BASE_TIME + 2, "Refund done");
    tend_changeset_add_ticket (changes, t);
  }
  write_and_wait (fixture, changes);

  query = tend_query_parse ("refund", &error);
  g_assert_no_error (error);

  list = tend_ticket_list_new (fixture->store, TEND_VIEW_OPEN, query);
  g_assert_true (tend_ticket_list_get_query (list) == query);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n_items, ==, 11);
  g_assert_cmpuint (n_items, ==, tend_store_count_tickets (fixture->store, TEND_VIEW_OPEN, query, NULL));

  /* Best match first, even though it is the oldest. */
  g_assert_cmpint (item_id (G_LIST_MODEL (list), 0), ==, 7100);

  direct = tend_store_list_tickets (fixture->store, TEND_VIEW_OPEN, query, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (direct->len, ==, n_items);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(TendTicket) ticket = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (tend_ticket_get_id (ticket), ==,
                       tend_ticket_get_id (g_ptr_array_index (direct, i)));
      g_assert_cmpint (tend_ticket_get_id (ticket), >=, 7000);
      g_assert_nonnull (tend_ticket_get_search_snippet (ticket));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n_items));

  /* The search list follows the store too. */
  mirror = mirror_new (G_LIST_MODEL (list));
  {
    g_autoptr(TendChangeset) more = tend_changeset_new ();
    g_autoptr(TendTicket) t = make_ticket (7300, TEND_TICKET_STATUS_NEW, BASE_TIME + 3, "Partial refund");

    tend_changeset_add_ticket (more, t);
    write_and_wait (fixture, more);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 12);
  mirror_check (mirror, fixture, TEND_VIEW_OPEN, query);

  /* An empty query is the plain view. */
  {
    g_autoptr(TendQuery) empty = tend_query_parse ("", NULL);
    g_autoptr(TendTicketList) plain = tend_ticket_list_new (fixture->store, TEND_VIEW_OPEN, empty);
    g_autoptr(TendTicketList) none = tend_ticket_list_new (fixture->store, TEND_VIEW_OPEN, NULL);
    g_autoptr(GArray) a = model_ids (G_LIST_MODEL (plain));
    g_autoptr(GArray) b = model_ids (G_LIST_MODEL (none));

    assert_ids_equal (a, b);
  }
}

/* Whatever the agent types reaches the store's FTS without an error, and
 * the list agrees with the count. */
static void
test_query_hostile (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const inputs[] = {
    "\"unbalanced", "NEAR(a b)", "a OR b", "*", "^", "col:val", "-", "--x", "🎉",
    "-🎉", "مرحبا", "\"שלום עולם\"", "\x01\x02", "number*", "-number", "-\"ticket number\"",
    "status:open -number", "status:bogus", "tag:vip", "org:\"Acme Inc\"", "requester:ann@x.com",
    "assignee:me", "priority:urgent number", "'); DROP TABLE tickets; --", "\"\"\"",
    "subject:number", "{subject}: number", "number AND NOT", "status:unsolved ticket*",
  };

  populate (fixture, 120);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TendQuery) query = tend_query_parse (inputs[i], &error);
      g_autoptr(TendTicketList) list = NULL;
      g_autoptr(GArray) ids = NULL;
      guint count;

      g_test_message ("query %s", inputs[i]);
      g_assert_no_error (error);

      count = tend_store_count_tickets (fixture->store, TEND_VIEW_ALL, query, &error);
      g_assert_no_error (error);

      list = tend_ticket_list_new (fixture->store, TEND_VIEW_ALL, query);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, count);
      ids = model_ids (G_LIST_MODEL (list));
      g_assert_cmpuint (ids->len, ==, count);
    }

  /* Sanity: the word every subject has matches them all, its exclusion
   * none. */
  {
    g_autoptr(TendQuery) all = tend_query_parse ("number", NULL);
    g_autoptr(TendQuery) none = tend_query_parse ("-number", NULL);

    g_assert_cmpuint (tend_store_count_tickets (fixture->store, TEND_VIEW_ALL, all, NULL), ==, 120);
    g_assert_cmpuint (tend_store_count_tickets (fixture->store, TEND_VIEW_ALL, none, NULL), ==, 0);
  }
}

static void
test_empty_store (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TendTicketList) list = tend_ticket_list_new (fixture->store, TEND_VIEW_MINE, NULL);
  g_autoptr(Mirror) mirror = mirror_new (G_LIST_MODEL (list));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));

  tend_ticket_list_reload (list);
  g_assert_cmpuint (mirror->emissions->len, ==, 0);
}

/* tend_ticket_list_find_loaded(): a small list is searched whole, a large
 * one only in the pages read and the one near the hint. */
static void
test_find_loaded (Fixture       *fixture,
                  gconstpointer  data)
{
  const guint n = 1250;
  g_autoptr(TendTicketList) large = NULL;
  g_autoptr(TendTicketList) small = NULL;
  g_autoptr(GArray) expected = expected_ids (n, FALSE);
  g_autoptr(TendQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  guint position = G_MAXUINT;

  populate (fixture, n);

  large = tend_ticket_list_new (fixture->store, TEND_VIEW_ALL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (large)), ==, n);

  /* Nothing read yet, and no hint: not looked for in the store. */
  g_assert_false (tend_ticket_list_find_loaded (large, g_array_index (expected, gint64, 1000),
                                                G_MAXUINT, &position));
  /* The page of the hint is read. */
  g_assert_true (tend_ticket_list_find_loaded (large, g_array_index (expected, gint64, 1000),
                                               1010, &position));
  g_assert_cmpuint (position, ==, 1000);
  g_assert_false (tend_ticket_list_find_loaded (large, g_array_index (expected, gint64, 5),
                                                1010, &position));
  /* Any page read is searched. */
  g_assert_cmpint (item_id (G_LIST_MODEL (large), 0), ==, g_array_index (expected, gint64, 0));
  g_assert_true (tend_ticket_list_find_loaded (large, g_array_index (expected, gint64, 5),
                                               G_MAXUINT, &position));
  g_assert_cmpuint (position, ==, 5);
  /* A hint past the end is the last page. */
  g_assert_true (tend_ticket_list_find_loaded (large, g_array_index (expected, gint64, n - 1),
                                               G_MAXUINT - 1, &position));
  g_assert_cmpuint (position, ==, n - 1);
  g_assert_false (tend_ticket_list_find_loaded (large, n + 1000, 0, &position));

  /* A list that fits the page cache is found whole, hint or not. */
  query = tend_query_parse ("status:open", &error);
  g_assert_no_error (error);
  small = tend_ticket_list_new (fixture->store, TEND_VIEW_ALL, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (small)), <=, 800);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (small)), >, 100);
  {
    guint last = g_list_model_get_n_items (G_LIST_MODEL (small)) - 1;
    gint64 id = item_id (G_LIST_MODEL (small), last);
    g_autoptr(TendTicketList) fresh = tend_ticket_list_new (fixture->store, TEND_VIEW_ALL, query);

    g_assert_true (tend_ticket_list_find_loaded (fresh, id, G_MAXUINT, &position));
    g_assert_cmpuint (position, ==, last);
    g_assert_true (tend_ticket_list_find_loaded (fresh, id, 0, &position));
    g_assert_cmpuint (position, ==, last);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ticket-list/positions", test_positions);
  ADD ("/ticket-list/view", test_view);
  ADD ("/ticket-list/page-cache-bounded", test_page_cache_bounded);
  ADD ("/ticket-list/changes/small", test_changes_small);
  ADD ("/ticket-list/changes/large", test_changes_large);
  ADD ("/ticket-list/changes/threshold", test_changes_threshold);
  ADD ("/ticket-list/changes/random", test_changes_random);
  ADD ("/ticket-list/query", test_query);
  ADD ("/ticket-list/query-hostile", test_query_hostile);
  ADD ("/ticket-list/empty", test_empty_store);
  ADD ("/ticket-list/find-loaded", test_find_loaded);

#undef ADD

  return g_test_run ();
}
