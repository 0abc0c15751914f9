/* tend-ticket-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-ticket-list"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-store.h"
#include "tend-ticket.h"
#include "tend-ticket-list.h"

/* Rows are read a page at a time and at most MAX_PAGES pages are kept, so
 * a view of 100k tickets costs the same memory as one of 800. */
#define PAGE_SIZE   100
#define MAX_PAGES   8
/* Up to this many rows the whole list fits in the page cache: then a reload
 * reads every row and can tell exactly which positions changed. */
#define SMALL_LIMIT (PAGE_SIZE * MAX_PAGES)

typedef struct
{
  guint      index;      /* page number */
  GPtrArray *items;      /* TendTicket; NULL when the slot is free */
  guint64    last_used;  /* for LRU eviction */
} Page;

/* One ticket id's live object, so that a ticket handed out once stays the
 * same object while anyone holds it (see adopt_ticket()). */
typedef struct
{
  gint64   id;
  GWeakRef ref;
} Alive;

struct _TendTicketList
{
  GObject     parent_instance;

  TendStore  *store;
  TendView    view;
  TendQuery  *query;

  guint       n_items;
  Page        pages[MAX_PAGES];
  guint64     clock;

  GHashTable *alive;             /* &Alive.id → Alive */
  guint       prune_threshold;

  /* The page next to the one last read, read ahead while idle */
  guint       prefetch_id;
  guint       prefetch_index;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TendTicketList, tend_ticket_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_VIEW,
  PROP_QUERY,
  PROP_N_ITEMS,
  PROP_ITEM_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
alive_free (gpointer data)
{
  Alive *alive = data;

  g_weak_ref_clear (&alive->ref);
  g_free (alive);
}

/* Copies every field of @fresh into @existing. The ticket setters only
 * notify when a value really changes, so a row bound to @existing redraws
 * exactly what changed. Field by field rather than through GValues: a
 * reload may refresh 800 held tickets and must stay well inside a frame.
 * (tests/test-ticket-list.c compares every property, so a field added to
 * TendTicket and missed here fails there.) */
static void
update_ticket (TendTicket *existing,
               TendTicket *fresh)
{
#define COPY(field) tend_ticket_set_##field (existing, tend_ticket_get_##field (fresh))

  g_object_freeze_notify (G_OBJECT (existing));
  COPY (subject);
  COPY (description);
  COPY (status);
  COPY (priority);
  COPY (ticket_type);
  COPY (requester_id);
  COPY (submitter_id);
  COPY (assignee_id);
  COPY (group_id);
  COPY (organization_id);
  COPY (tags);
  COPY (created_at);
  COPY (updated_at);
  COPY (satisfaction);
  COPY (satisfaction_comment);
  COPY (extra_json);
  COPY (last_message);
  COPY (last_message_at);
  COPY (waiting_since);
  COPY (comment_count);
  COPY (requester_name);
  COPY (requester_email);
  COPY (unread);
  COPY (search_snippet);
  COPY (pending);
  COPY (needs_attention);
  g_object_thaw_notify (G_OBJECT (existing));

#undef COPY
}

static void
prune_alive (TendTicketList *self)
{
  GHashTableIter iter;
  Alive *alive;

  g_hash_table_iter_init (&iter, self->alive);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &alive))
    {
      g_autoptr(GObject) object = g_weak_ref_get (&alive->ref);

      if (object == NULL)
        g_hash_table_iter_remove (&iter);
    }

  self->prune_threshold = MAX (4 * SMALL_LIMIT, 2 * g_hash_table_size (self->alive));
}

/* Returns (a new reference to) the object that stands for @fresh's id: the
 * one already handed out, refreshed from @fresh, when somebody still holds
 * it; otherwise @fresh. Keeping identity lets a selection, or a row showing
 * the ticket, survive a reload; and items-changed can then leave alone
 * every position whose id did not move. */
static TendTicket *
adopt_ticket (TendTicketList *self,
              TendTicket     *fresh)
{
  gint64 id = tend_ticket_get_id (fresh);
  Alive *alive = g_hash_table_lookup (self->alive, &id);
  TendTicket *existing;

  if (alive == NULL)
    {
      alive = g_new0 (Alive, 1);
      alive->id = id;
      g_weak_ref_init (&alive->ref, fresh);
      g_hash_table_insert (self->alive, &alive->id, alive);
      return g_object_ref (fresh);
    }

  existing = g_weak_ref_get (&alive->ref);
  if (existing != NULL)
    {
      if (existing != fresh)
        update_ticket (existing, fresh);
      return existing;
    }

  g_weak_ref_set (&alive->ref, fresh);
  return g_object_ref (fresh);
}

static GPtrArray *
load_page (TendTicketList *self,
           guint           index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *items;

  rows = tend_store_list_tickets (self->store, self->view, self->query,
                                  index * PAGE_SIZE, PAGE_SIZE, &error);
  if (rows == NULL)
    {
      /* The query was parsed by TendQuery, so this is a storage problem;
       * the list shows nothing rather than failing the widget. */
      g_debug ("Could not load page %u of view %s: %s",
               index, tend_view_to_string (self->view),
               error ? error->message : "unknown error");
      return NULL;
    }

  items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, adopt_ticket (self, g_ptr_array_index (rows, i)));

  if (g_hash_table_size (self->alive) > self->prune_threshold)
    prune_alive (self);

  return items;
}

static guint
expected_page_length (TendTicketList *self,
                      guint           index)
{
  guint start = index * PAGE_SIZE;

  if (start >= self->n_items)
    return 0;
  return MIN (PAGE_SIZE, self->n_items - start);
}

static Page *
lookup_page (TendTicketList *self,
             guint           index)
{
  for (guint i = 0; i < MAX_PAGES; i++)
    {
      Page *page = &self->pages[i];

      if (page->items != NULL && page->index == index)
        return page;
    }

  return NULL;
}

static Page *
ensure_page (TendTicketList *self,
             guint           index)
{
  Page *page = lookup_page (self, index);
  GPtrArray *items;

  if (page == NULL)
    {
      items = load_page (self, index);
      if (items == NULL)
        return NULL;

      /* A free slot, or else the least recently used one. */
      page = &self->pages[0];
      for (guint i = 0; i < MAX_PAGES; i++)
        {
          if (self->pages[i].items == NULL)
            {
              page = &self->pages[i];
              break;
            }
          if (self->pages[i].last_used < page->last_used)
            page = &self->pages[i];
        }

      g_clear_pointer (&page->items, g_ptr_array_unref);
      page->index = index;
      page->items = items;
    }

  page->last_used = ++self->clock;
  return page;
}

static gboolean
prefetch_cb (gpointer user_data)
{
  TendTicketList *self = user_data;

  self->prefetch_id = 0;
  if (self->prefetch_index * PAGE_SIZE < self->n_items)
    ensure_page (self, self->prefetch_index);

  return G_SOURCE_REMOVE;
}

/* Someone scrolling through the list reads the page after this one next
 * (or the one before, going up): it is read while the main loop is idle,
 * not in the frame that first shows one of its rows. */
static void
prefetch_near (TendTicketList *self,
               guint           position)
{
  guint index = position / PAGE_SIZE;
  guint next;

  if (position % PAGE_SIZE >= PAGE_SIZE / 2)
    next = index + 1;
  else if (index > 0)
    next = index - 1;
  else
    return;

  if (next * PAGE_SIZE >= self->n_items || lookup_page (self, next) != NULL)
    return;

  self->prefetch_index = next;
  if (self->prefetch_id == 0)
    self->prefetch_id = g_idle_add_full (G_PRIORITY_LOW, prefetch_cb, self, NULL);
}

static void
drop_pages (TendTicketList *self)
{
  for (guint i = 0; i < MAX_PAGES; i++)
    {
      g_clear_pointer (&self->pages[i].items, g_ptr_array_unref);
      self->pages[i].last_used = 0;
    }
}

/* The id of every position, when every page is cached and complete;
 * NULL otherwise. */
static GArray *
snapshot_ids (TendTicketList *self)
{
  guint n_pages = (self->n_items + PAGE_SIZE - 1) / PAGE_SIZE;
  GArray *ids;

  if (self->n_items > SMALL_LIMIT)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->n_items);
  for (guint p = 0; p < n_pages; p++)
    {
      Page *page = lookup_page (self, p);

      if (page == NULL || page->items->len != expected_page_length (self, p))
        {
          g_array_unref (ids);
          return NULL;
        }

      for (guint i = 0; i < page->items->len; i++)
        {
          gint64 id = tend_ticket_get_id (g_ptr_array_index (page->items, i));
          g_array_append_val (ids, id);
        }
    }

  return ids;
}

static void
load_all_pages (TendTicketList *self)
{
  guint n_pages = (self->n_items + PAGE_SIZE - 1) / PAGE_SIZE;

  g_assert (n_pages <= MAX_PAGES);

  for (guint p = 0; p < n_pages; p++)
    ensure_page (self, p);
}

static guint
count_items (TendTicketList *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  n = tend_store_count_tickets (self->store, self->view, self->query, &error);
  if (error != NULL)
    {
      g_debug ("Could not count view %s: %s",
               tend_view_to_string (self->view), error->message);
      return 0;
    }

  return n;
}

void
tend_ticket_list_reload (TendTicketList *self)
{
  g_autoptr(GArray) old_ids = NULL;
  g_autoptr(GArray) new_ids = NULL;
  guint old_n;
  guint new_n;

  g_return_if_fail (TEND_IS_TICKET_LIST (self));

  old_n = self->n_items;
  old_ids = snapshot_ids (self);
  /* Objects somebody else still holds stay alive and are found again by
   * adopt_ticket(); the others are nobody's business and can go. */
  drop_pages (self);

  new_n = count_items (self);
  self->n_items = new_n;

  /* A small list is read whole, so that this reload (when the old content
   * was known too) and the next one can report exactly what changed. */
  if (new_n <= SMALL_LIMIT)
    {
      load_all_pages (self);
      if (old_ids != NULL)
        new_ids = snapshot_ids (self);
    }

  if (old_ids != NULL && new_ids != NULL)
    {
      const gint64 *o = (const gint64 *) (gpointer) old_ids->data;
      const gint64 *n = (const gint64 *) (gpointer) new_ids->data;
      guint m = old_ids->len;
      guint k = new_ids->len;
      guint prefix = 0;
      guint suffix = 0;

      /* A position whose id is unchanged gives any holder of its old item
       * the very same object (see adopt_ticket()), already refreshed in
       * place: only the span between the common prefix and the common
       * suffix changed. */
      while (prefix < m && prefix < k && o[prefix] == n[prefix])
        prefix++;
      while (suffix < m - prefix && suffix < k - prefix &&
             o[m - 1 - suffix] == n[k - 1 - suffix])
        suffix++;

      if (m - prefix - suffix > 0 || k - prefix - suffix > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                    m - prefix - suffix, k - prefix - suffix);
    }
  else if (old_n > 0 || new_n > 0)
    {
      /* Without the old and new ids of every position (a large view, or
       * rows never read), nothing narrower can be proven. */
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
    }

  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
find_in_page (Page   *page,
              gint64  id,
              guint  *position)
{
  for (guint i = 0; i < page->items->len; i++)
    if (tend_ticket_get_id (g_ptr_array_index (page->items, i)) == id)
      {
        *position = page->index * PAGE_SIZE + i;
        return TRUE;
      }

  return FALSE;
}

gboolean
tend_ticket_list_find_loaded (TendTicketList *self,
                              gint64          id,
                              guint           near,
                              guint          *position)
{
  Page *page;

  g_return_val_if_fail (TEND_IS_TICKET_LIST (self), FALSE);
  g_return_val_if_fail (position != NULL, FALSE);

  if (self->n_items == 0)
    return FALSE;

  /* A small list is what a reload reads whole anyway; here only when
   * nothing has reloaded it yet (a list just made). */
  if (self->n_items <= SMALL_LIMIT)
    load_all_pages (self);

  /* Where the ticket was is where it most likely still is: that page
   * first, and read, as the list view will for the row on screen. */
  if (near != G_MAXUINT)
    {
      page = ensure_page (self, MIN (near, self->n_items - 1) / PAGE_SIZE);
      if (page != NULL && find_in_page (page, id, position))
        return TRUE;
    }

  /* At most MAX_PAGES pages of PAGE_SIZE rows, all in memory. */
  for (guint i = 0; i < MAX_PAGES; i++)
    {
      page = &self->pages[i];
      if (page->items != NULL && find_in_page (page, id, position))
        return TRUE;
    }

  return FALSE;
}

static gboolean
query_has_filter (TendQuery  *query,
                  const char *name)
{
  return query != NULL && tend_query_get_filter (query, name) != NULL;
}

static void
on_store_changed (TendTicketList *self,
                  guint           changes,
                  TendStore      *store)
{
  guint relevant = TEND_STORE_CHANGE_TICKETS |
                   TEND_STORE_CHANGE_COMMENTS |
                   TEND_STORE_CHANGE_USERS |
                   TEND_STORE_CHANGE_READ_STATE;

  /* "Mine" and assignee:me depend on who "me" is, kept in meta. */
  if (self->view == TEND_VIEW_MINE || query_has_filter (self->query, "assignee"))
    relevant |= TEND_STORE_CHANGE_META;
  if (query_has_filter (self->query, "org"))
    relevant |= TEND_STORE_CHANGE_ORGANIZATIONS;

  if (changes & relevant)
    tend_ticket_list_reload (self);
}

static GType
tend_ticket_list_get_item_type (GListModel *model)
{
  return TEND_TYPE_TICKET;
}

static guint
tend_ticket_list_get_n_items (GListModel *model)
{
  return TEND_TICKET_LIST (model)->n_items;
}

static gpointer
tend_ticket_list_get_item (GListModel *model,
                           guint       position)
{
  TendTicketList *self = TEND_TICKET_LIST (model);
  Page *page;
  guint offset;

  if (position >= self->n_items)
    return NULL;

  page = ensure_page (self, position / PAGE_SIZE);
  offset = position % PAGE_SIZE;
  if (self->n_items > SMALL_LIMIT)
    prefetch_near (self, position);

  /* A short page means rows went away after the count; the store's
   * "changed" signal for that write is on its way and will reload. */
  if (page == NULL || offset >= page->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (page->items, offset));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tend_ticket_list_get_item_type;
  iface->get_n_items = tend_ticket_list_get_n_items;
  iface->get_item = tend_ticket_list_get_item;
}

static void
tend_ticket_list_constructed (GObject *object)
{
  TendTicketList *self = TEND_TICKET_LIST (object);

  G_OBJECT_CLASS (tend_ticket_list_parent_class)->constructed (object);

  g_return_if_fail (TEND_IS_STORE (self->store));

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);

  /* Rows are read when asked for; only the count is needed up front. */
  self->n_items = count_items (self);
}

static void
tend_ticket_list_dispose (GObject *object)
{
  TendTicketList *self = TEND_TICKET_LIST (object);

  g_clear_handle_id (&self->prefetch_id, g_source_remove);
  drop_pages (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tend_ticket_list_parent_class)->dispose (object);
}

static void
tend_ticket_list_finalize (GObject *object)
{
  TendTicketList *self = TEND_TICKET_LIST (object);

  g_clear_pointer (&self->query, tend_query_unref);
  g_clear_pointer (&self->alive, g_hash_table_unref);

  G_OBJECT_CLASS (tend_ticket_list_parent_class)->finalize (object);
}

static void
tend_ticket_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TendTicketList *self = TEND_TICKET_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_VIEW:
      g_value_set_uint (value, self->view);
      break;

    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, TEND_TYPE_TICKET);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_ticket_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TendTicketList *self = TEND_TICKET_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_VIEW:
      self->view = g_value_get_uint (value);
      break;

    case PROP_QUERY:
      self->query = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_ticket_list_class_init (TendTicketListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tend_ticket_list_constructed;
  object_class->dispose = tend_ticket_list_dispose;
  object_class->finalize = tend_ticket_list_finalize;
  object_class->get_property = tend_ticket_list_get_property;
  object_class->set_property = tend_ticket_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TEND_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* A TendView; GLib has no enum type registered for it. */
  properties[PROP_VIEW] =
    g_param_spec_uint ("view", NULL, NULL,
                       0, TEND_N_VIEWS - 1, TEND_VIEW_ALL,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL,
                        TEND_TYPE_QUERY,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_ticket_list_init (TendTicketList *self)
{
  self->view = TEND_VIEW_ALL;
  self->alive = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, alive_free);
  self->prune_threshold = 4 * SMALL_LIMIT;
}

TendTicketList *
tend_ticket_list_new (TendStore *store,
                      TendView   view,
                      TendQuery *query)
{
  g_return_val_if_fail (TEND_IS_STORE (store), NULL);
  g_return_val_if_fail (view < TEND_N_VIEWS, NULL);

  return g_object_new (TEND_TYPE_TICKET_LIST,
                       "store", store,
                       "view", (guint) view,
                       "query", query,
                       NULL);
}

TendStore *
tend_ticket_list_get_store (TendTicketList *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_LIST (self), NULL);

  return self->store;
}

TendView
tend_ticket_list_get_view (TendTicketList *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_LIST (self), TEND_VIEW_ALL);

  return self->view;
}

TendQuery *
tend_ticket_list_get_query (TendTicketList *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_LIST (self), NULL);

  return self->query;
}
