/* tend-ticket-selection.c: single selection over a windowed ticket list
 *
 * GtkSingleSelection looks for its selected item among every added row when
 * a model reloads, and a TendTicketList of 100,000 rows reloads as one
 * big items-changed: that search would read the whole view from SQLite.
 * This selection follows the selected ticket by id, but only looks for it
 * in the rows the list has in memory plus the page where the ticket was
 * (tend_ticket_list_find_loaded(): a small list is all in memory after a
 * reload, a large one reads one page, as the old single-row check did).
 * A ticket not found there leaves no row selected; the selection still
 * remembers it and where it was (the "anchor"), so that j/k go on from
 * there and a later reload that brings it back selects it again. The
 * open ticket stays open either way.
 *
 * Ctrl+click, Shift+click and Ctrl+A also mark tickets for the bulk
 * actions: the marks are ticket ids plus their positions. Shift+click
 * reads the rows it covers. Ctrl+A (or a range over the whole list) reads
 * no rows at all: the ids come from one index pass in the store
 * (tend_store_list_ticket_ids(), ~25 ms for 100,000 tickets) and the
 * positions are the whole range, so any view can be selected entirely.
 * A reload that touches a marked row drops hand-picked marks rather than
 * search the whole list for where they went; a select-all stays "all of
 * this view" and reads the ids again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-ticket-selection"

#include "config.h"

#include "tend-ticket-selection.h"

struct _TendTicketSelection
{
  GObject     parent_instance;

  GListModel *model;
  guint       selected;
  TendTicket *selected_item;
  /* The ticket followed: selected_item's id, or (selected invalid) one
   * that left the list, 0 for none; and its position, or where it was
   * (GTK_INVALID_LIST_POSITION when nothing is followed or known). */
  gint64      followed_id;
  guint       anchor;

  /* Bulk marks: ticket ids, and the same rows by position */
  GHashTable *marked_ids;
  GtkBitset  *marked;
  /* The marks are every row of the view (Ctrl+A), not hand-picked. */
  gboolean    all_marked;
};

static void list_model_iface_init      (GListModelInterface       *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TendTicketSelection, tend_ticket_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED,
  PROP_SELECTED_ITEM,
  PROP_N_MARKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return TEND_TYPE_TICKET;
}

static guint
get_n_items (GListModel *model)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (model);

  return self->model ? g_list_model_get_n_items (self->model) : 0;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (model);

  return self->model ? g_list_model_get_item (self->model, position) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static gboolean
is_selected (GtkSelectionModel *model,
             guint              position)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (model);

  if (gtk_bitset_contains (self->marked, position))
    return TRUE;
  return self->selected != GTK_INVALID_LIST_POSITION && self->selected == position;
}

static GtkBitset *
get_selection_in_range (GtkSelectionModel *model,
                        guint              position,
                        guint              n_items)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (model);
  GtkBitset *result = gtk_bitset_copy (self->marked);

  if (self->selected != GTK_INVALID_LIST_POSITION)
    gtk_bitset_add (result, self->selected);

  return result;
}

static void
notify_marks (TendTicketSelection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MARKED]);
}

/* Adds the row at @position to the marks; FALSE when it is not there. */
static gboolean
mark (TendTicketSelection *self,
      guint                position)
{
  g_autoptr(TendTicket) item = self->model ? g_list_model_get_item (self->model, position) : NULL;
  gint64 id;

  if (item == NULL)
    return FALSE;

  id = tend_ticket_get_id (item);
  g_hash_table_add (self->marked_ids, g_memdup2 (&id, sizeof id));
  gtk_bitset_add (self->marked, position);
  return TRUE;
}

static void
clear_marks (TendTicketSelection *self,
             gboolean             notify)
{
  guint first, n;

  if (gtk_bitset_is_empty (self->marked))
    return;

  first = gtk_bitset_get_minimum (self->marked);
  n = gtk_bitset_get_maximum (self->marked) - first + 1;
  gtk_bitset_remove_all (self->marked);
  g_hash_table_remove_all (self->marked_ids);
  self->all_marked = FALSE;
  if (notify)
    {
      gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), first, n);
      notify_marks (self);
    }
}

/* Ctrl+click (unselect_rest FALSE) marks a row, along with the open one;
 * a plain click opens it and drops the marks. */
static gboolean
select_item (GtkSelectionModel *model,
             guint              position,
             gboolean           unselect_rest)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (model);

  if (unselect_rest)
    {
      clear_marks (self, TRUE);
      tend_ticket_selection_set_selected (self, position);
      return TRUE;
    }

  if (gtk_bitset_is_empty (self->marked) && self->selected != GTK_INVALID_LIST_POSITION)
    mark (self, self->selected);
  if (!mark (self, position))
    return FALSE;
  gtk_selection_model_selection_changed (model, position, 1);
  notify_marks (self);
  return TRUE;
}

/* Marks every row of the view, from the store's ids: no row is read, so
 * this costs the same for 100,000 tickets as an index scan. FALSE when the
 * model is not a view of the store (the caller reads the rows instead). */
static gboolean
mark_all_from_store (TendTicketSelection *self,
                     gboolean             notify)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  TendTicketList *list;
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  if (!TEND_IS_TICKET_LIST (self->model))
    return FALSE;

  list = TEND_TICKET_LIST (self->model);
  ids = tend_store_list_ticket_ids (tend_ticket_list_get_store (list),
                                    tend_ticket_list_get_view (list),
                                    tend_ticket_list_get_query (list), &error);
  if (ids == NULL)
    {
      g_warning ("Could not read the tickets of the view: %s", error->message);
      return FALSE;
    }

  g_hash_table_remove_all (self->marked_ids);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (self->marked_ids, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
  gtk_bitset_remove_all (self->marked);
  if (n > 0)
    gtk_bitset_add_range (self->marked, 0, n);
  self->all_marked = TRUE;

  if (notify)
    {
      if (n > 0)
        gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), 0, n);
      notify_marks (self);
    }
  return TRUE;
}

static gboolean
select_range (GtkSelectionModel *model,
              guint              position,
              guint              n_items,
              gboolean           unselect_rest)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (model);
  guint n_model = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (position == 0 && n_items >= n_model && n_model > 0 && mark_all_from_store (self, TRUE))
    return TRUE;

  if (unselect_rest)
    clear_marks (self, TRUE);
  self->all_marked = FALSE;
  if (self->selected != GTK_INVALID_LIST_POSITION)
    mark (self, self->selected);
  for (guint i = 0; i < n_items; i++)
    if (!mark (self, position + i))
      break;
  gtk_selection_model_selection_changed (model, position, n_items);
  notify_marks (self);
  return TRUE;
}

static gboolean
select_all (GtkSelectionModel *model)
{
  return select_range (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)), TRUE);
}

static gboolean
unselect_item (GtkSelectionModel *model,
               guint              position)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (model);

  if (gtk_bitset_contains (self->marked, position))
    {
      g_autoptr(TendTicket) item = g_list_model_get_item (self->model, position);

      gtk_bitset_remove (self->marked, position);
      self->all_marked = FALSE;
      if (item != NULL)
        {
          gint64 id = tend_ticket_get_id (item);

          g_hash_table_remove (self->marked_ids, &id);
        }
      gtk_selection_model_selection_changed (model, position, 1);
      notify_marks (self);
      return TRUE;
    }

  if (self->selected == position)
    tend_ticket_selection_set_selected (self, GTK_INVALID_LIST_POSITION);

  return TRUE;
}

static gboolean
unselect_all (GtkSelectionModel *model)
{
  clear_marks (TEND_TICKET_SELECTION (model), TRUE);
  tend_ticket_selection_set_selected (TEND_TICKET_SELECTION (model), GTK_INVALID_LIST_POSITION);

  return TRUE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = is_selected;
  iface->get_selection_in_range = get_selection_in_range;
  iface->select_item = select_item;
  iface->select_range = select_range;
  iface->select_all = select_all;
  iface->unselect_item = unselect_item;
  iface->unselect_all = unselect_all;
}

/* Looks for the followed ticket near @near (see the top of the file) and
 * selects it where it is, or else selects no row and keeps @near as the
 * anchor. Emits nothing: the callers know what to tell. */
static gboolean
follow (TendTicketSelection *self,
        GListModel          *model,
        guint                near,
        guint               *found_at)
{
  g_autoptr(TendTicket) item = NULL;
  guint found = GTK_INVALID_LIST_POSITION;

  if (TEND_IS_TICKET_LIST (model))
    {
      if (!tend_ticket_list_find_loaded (TEND_TICKET_LIST (model), self->followed_id, near, &found))
        found = GTK_INVALID_LIST_POSITION;
    }
  else if (near != GTK_INVALID_LIST_POSITION)
    {
      /* Any other model: only the row where it was. */
      found = near;
    }

  if (found != GTK_INVALID_LIST_POSITION)
    item = g_list_model_get_item (model, found);
  if (item == NULL || tend_ticket_get_id (item) != self->followed_id)
    {
      self->selected = GTK_INVALID_LIST_POSITION;
      g_clear_object (&self->selected_item);
      self->anchor = near;
      return FALSE;
    }

  self->selected = found;
  self->anchor = found;
  g_set_object (&self->selected_item, item);
  if (found_at != NULL)
    *found_at = found;
  return TRUE;
}

static void
on_items_changed (TendTicketSelection *self,
                  guint                position,
                  guint                removed,
                  guint                added,
                  GListModel          *model)
{
  guint old_selected = self->selected;
  gint64 old_id = self->selected_item != NULL ? tend_ticket_get_id (self->selected_item) : 0;
  gint64 new_id;
  guint moved_to = GTK_INVALID_LIST_POSITION;
  gboolean marks_lost = FALSE;
  gboolean remark_all = FALSE;

  if (self->all_marked)
    {
      /* Rows that came in belong to "all" too. */
      remark_all = removed > 0 || added > 0;
    }
  else if (!gtk_bitset_is_empty (self->marked))
    {
      if (gtk_bitset_get_maximum (self->marked) < position)
        ;  /* all before the change */
      else if (removed == added && gtk_bitset_get_minimum (self->marked) >= position + removed)
        ;  /* all after a change that keeps positions */
      else
        marks_lost = TRUE;
      if (marks_lost)
        clear_marks (self, FALSE);
    }

  if (self->followed_id != 0)
    {
      gboolean in_span = self->anchor != GTK_INVALID_LIST_POSITION &&
                         self->anchor >= position && self->anchor < position + removed;

      if (self->selected != GTK_INVALID_LIST_POSITION && self->selected >= position + removed)
        {
          /* Moved along with the rows after the change. */
          self->selected = self->selected - removed + added;
          self->anchor = self->selected;
        }
      else if (self->selected == GTK_INVALID_LIST_POSITION && !in_span)
        {
          if (self->anchor != GTK_INVALID_LIST_POSITION && self->anchor >= position + removed)
            self->anchor = self->anchor - removed + added;
          /* A ticket that had left may be among the rows that came in. */
          if (added > 0)
            follow (self, model, self->anchor, &moved_to);
        }
      else if (self->selected == GTK_INVALID_LIST_POSITION || self->selected >= position)
        {
          /* Its row was replaced: the ticket may be anywhere now. */
          follow (self, model, self->anchor, &moved_to);
        }
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);

  /* "All of this view" still: a ticket that left it is no longer marked,
   * one that came in is. (The rows were just reported as changed, so the
   * list view asks again what is selected.) */
  if (remark_all && !mark_all_from_store (self, FALSE))
    {
      clear_marks (self, FALSE);
      marks_lost = TRUE;
    }
  if (marks_lost || remark_all)
    notify_marks (self);

  /* Found again outside the rows reported as changed (it had left the
   * list, and came back elsewhere than where the change was). */
  if (moved_to != GTK_INVALID_LIST_POSITION && (moved_to < position || moved_to >= position + added))
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), moved_to, 1);

  /* The same ticket at another position is the same selected item (its
   * object may be a new one, refreshed from the store, with the same id):
   * whoever shows it has nothing to reload. */
  new_id = self->selected_item != NULL ? tend_ticket_get_id (self->selected_item) : 0;
  if (self->selected != old_selected)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  if (new_id != old_id)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

static void
tend_ticket_selection_dispose (GObject *object)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);
  g_clear_object (&self->selected_item);
  g_clear_pointer (&self->marked_ids, g_hash_table_unref);
  g_clear_pointer (&self->marked, gtk_bitset_unref);

  G_OBJECT_CLASS (tend_ticket_selection_parent_class)->dispose (object);
}

static void
tend_ticket_selection_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;

    case PROP_SELECTED_ITEM:
      g_value_set_object (value, self->selected_item);
      break;

    case PROP_N_MARKED:
      g_value_set_uint (value, tend_ticket_selection_get_n_marked (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_ticket_selection_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TendTicketSelection *self = TEND_TICKET_SELECTION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      if (self->model != NULL)
        g_signal_connect_swapped (self->model, "items-changed",
                                  G_CALLBACK (on_items_changed), self);
      break;

    case PROP_SELECTED:
      tend_ticket_selection_set_selected (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_ticket_selection_class_init (TendTicketSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tend_ticket_selection_dispose;
  object_class->get_property = tend_ticket_selection_get_property;
  object_class->set_property = tend_ticket_selection_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL,
                       0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SELECTED_ITEM] =
    g_param_spec_object ("selected-item", NULL, NULL,
                         TEND_TYPE_TICKET,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_MARKED] =
    g_param_spec_uint ("n-marked", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_ticket_selection_init (TendTicketSelection *self)
{
  self->selected = GTK_INVALID_LIST_POSITION;
  self->anchor = GTK_INVALID_LIST_POSITION;
  self->marked_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->marked = gtk_bitset_new_empty ();
}

TendTicketSelection *
tend_ticket_selection_new (GListModel *model)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);

  return g_object_new (TEND_TYPE_TICKET_SELECTION, "model", model, NULL);
}

GListModel *
tend_ticket_selection_get_model (TendTicketSelection *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_SELECTION (self), NULL);

  return self->model;
}

guint
tend_ticket_selection_get_selected (TendTicketSelection *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_SELECTION (self), GTK_INVALID_LIST_POSITION);

  return self->selected;
}

TendTicket *
tend_ticket_selection_get_selected_item (TendTicketSelection *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_SELECTION (self), NULL);

  return self->selected_item;
}

void
tend_ticket_selection_set_selected (TendTicketSelection *self,
                                    guint                position)
{
  g_autoptr(TendTicket) item = NULL;
  guint old;

  g_return_if_fail (TEND_IS_TICKET_SELECTION (self));

  if (position != GTK_INVALID_LIST_POSITION && self->model != NULL)
    item = g_list_model_get_item (self->model, position);
  if (item == NULL)
    position = GTK_INVALID_LIST_POSITION;

  if (position == self->selected && item == self->selected_item)
    {
      /* Unselecting while a ticket that left the list is followed. */
      if (item == NULL)
        {
          self->followed_id = 0;
          self->anchor = GTK_INVALID_LIST_POSITION;
        }
      return;
    }

  old = self->selected;
  self->selected = position;
  g_set_object (&self->selected_item, item);
  /* Picked by the agent (or unselected): that is the ticket to follow. */
  self->followed_id = item != NULL ? tend_ticket_get_id (item) : 0;
  self->anchor = position;

  if (old != GTK_INVALID_LIST_POSITION && position != GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self),
                                           MIN (old, position),
                                           MAX (old, position) - MIN (old, position) + 1);
  else if (old != GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), old, 1);
  else if (position != GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, 1);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

gboolean
tend_ticket_selection_get_all_marked (TendTicketSelection *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_SELECTION (self), FALSE);

  return self->all_marked;
}

guint
tend_ticket_selection_get_n_marked (TendTicketSelection *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_SELECTION (self), 0);

  return self->marked_ids != NULL ? g_hash_table_size (self->marked_ids) : 0;
}

GArray *
tend_ticket_selection_dup_marked_ids (TendTicketSelection *self)
{
  GArray *ids;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (TEND_IS_TICKET_SELECTION (self), NULL);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (self->marked_ids));
  g_hash_table_iter_init (&iter, self->marked_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  return ids;
}

void
tend_ticket_selection_clear_marks (TendTicketSelection *self)
{
  g_return_if_fail (TEND_IS_TICKET_SELECTION (self));

  clear_marks (self, TRUE);
}

gint64
tend_ticket_selection_get_followed_id (TendTicketSelection *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_SELECTION (self), 0);

  return self->followed_id;
}

guint
tend_ticket_selection_get_anchor (TendTicketSelection *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_SELECTION (self), GTK_INVALID_LIST_POSITION);

  return self->anchor;
}

gboolean
tend_ticket_selection_follow (TendTicketSelection *self,
                              gint64               id,
                              guint                near)
{
  guint old_selected;
  gint64 old_id;
  gint64 new_id;

  g_return_val_if_fail (TEND_IS_TICKET_SELECTION (self), FALSE);

  if (id == 0)
    {
      tend_ticket_selection_set_selected (self, GTK_INVALID_LIST_POSITION);
      return FALSE;
    }

  /* Already there: nothing to look for, nothing to tell. */
  if (self->selected_item != NULL && tend_ticket_get_id (self->selected_item) == id)
    return TRUE;

  old_selected = self->selected;
  old_id = self->selected_item != NULL ? tend_ticket_get_id (self->selected_item) : 0;
  self->followed_id = id;
  if (self->model != NULL)
    follow (self, self->model, near, NULL);
  else
    self->anchor = near;

  if (old_selected != GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), old_selected, 1);
  if (self->selected != GTK_INVALID_LIST_POSITION && self->selected != old_selected)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), self->selected, 1);

  new_id = self->selected_item != NULL ? tend_ticket_get_id (self->selected_item) : 0;
  if (self->selected != old_selected)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  if (new_id != old_id)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);

  return self->selected != GTK_INVALID_LIST_POSITION;
}
