/* tend-slot-selection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-slot-selection"

#include "config.h"

#include "tend-list-slot.h"
#include "tend-slot-selection.h"

struct _TendSlotSelection
{
  GObject            parent_instance;

  GtkSelectionModel *model;
  guint              limit;
  guint              n_items;    /* what the list view was last told */

  /* position → TendListSlot, for the slots somebody holds (weak) */
  GHashTable        *slots;

  /* The rows on screen get their new tickets at once; the other ~180 the
   * list view keeps get theirs after the frame is painted ("stale"). */
  guint              visible_first;
  guint              visible_n;
  GHashTable        *stale;      /* positions */
  guint              flush_id;
  /* Whose frames show the rows: the stale ones wait for its next frame
   * to be painted (weak). */
  GtkWidget         *widget;
  GdkFrameClock     *clock;
  gulong             after_paint_id;
  /* Off-screen slots filled at once in the current frame */
  gint64             eager_frame;
  guint              eager_count;
};

/* How long one idle callback may spend on stale slots: a keystroke or a
 * frame that comes in meanwhile waits that long at most, not for 180
 * rows. */
#define FLUSH_BUDGET_US 3000

/* Off-screen slots the list view asks for that get their tickets at once,
 * per frame: scrolling brings a page of rows into its range each frame,
 * and those are best bound before they show; a scrollbar dragged far
 * brings 200 at once, most of which can wait. */
#define EAGER_PER_FRAME 24

static void list_model_iface_init      (GListModelInterface        *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TendSlotSelection, tend_slot_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

static guint
model_n_items (TendSlotSelection *self)
{
  return self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

static guint
shown_n_items (TendSlotSelection *self)
{
  return MIN (model_n_items (self), self->limit);
}

static void
slot_finalized (gpointer  data,
                GObject  *where_the_object_was)
{
  TendSlotSelection *self = data;
  GHashTableIter iter;
  gpointer slot;

  /* The slot's position cannot be read any more: find it by pointer. */
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &slot))
    if (slot == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
forget_slot (TendSlotSelection *self,
             TendListSlot      *slot)
{
  g_object_weak_unref (G_OBJECT (slot), slot_finalized, self);
}

static void
refresh_slot (TendSlotSelection *self,
              TendListSlot      *slot,
              guint              position)
{
  g_autoptr(TendTicket) ticket = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  tend_list_slot_set_ticket (slot, ticket);
}

/* How many rows @position is from the screen: 0 on it. */
static guint
distance_to_visible (TendSlotSelection *self,
                     guint              position)
{
  if (position < self->visible_first)
    return self->visible_first - position;
  if (position - self->visible_first >= self->visible_n)
    return position - self->visible_first - self->visible_n + 1;
  return 0;
}

static gboolean
is_visible (TendSlotSelection *self,
            guint              position)
{
  return distance_to_visible (self, position) == 0;
}

typedef struct
{
  guint distance;
  guint position;
} StalePosition;

static int
compare_distance (gconstpointer a,
                  gconstpointer b)
{
  const StalePosition *pa = a;
  const StalePosition *pb = b;

  return (pa->distance > pb->distance) - (pa->distance < pb->distance);
}

/* Gives stale slots their tickets, nearest to the screen first: only
 * those on screen when @only_visible, or else as many as fit in
 * @budget_us. The positions are taken out of the table first: a
 * refreshed row may make the list view ask for items, which touches it. */
static void
refresh_stale (TendSlotSelection *self,
               gboolean           only_visible,
               gint64             budget_us)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (StalePosition));
  gint64 deadline = budget_us > 0 ? g_get_monotonic_time () + budget_us : G_MAXINT64;
  GHashTableIter iter;
  gpointer key;
  guint i;

  g_hash_table_iter_init (&iter, self->stale);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      StalePosition pair = { distance_to_visible (self, GPOINTER_TO_UINT (key)), GPOINTER_TO_UINT (key) };

      if (only_visible && pair.distance > 0)
        continue;
      g_array_append_val (pairs, pair);
    }
  if (pairs->len == 0)
    return;
  if (!only_visible)
    g_array_sort (pairs, (GCompareFunc) compare_distance);

  g_object_ref (self);
  for (i = 0; i < pairs->len && g_get_monotonic_time () < deadline; i++)
    {
      guint position = g_array_index (pairs, StalePosition, i).position;
      TendListSlot *slot;

      /* Refreshed meanwhile (asked for by the list view), or gone. */
      if (!g_hash_table_remove (self->stale, GUINT_TO_POINTER (position)))
        continue;
      slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
      if (slot != NULL && position < self->n_items && self->model != NULL)
        refresh_slot (self, slot, position);
    }
  g_object_unref (self);
}

static gboolean
flush_stale_cb (gpointer user_data)
{
  TendSlotSelection *self = user_data;

  refresh_stale (self, FALSE, FLUSH_BUDGET_US);
  if (g_hash_table_size (self->stale) > 0)
    return G_SOURCE_CONTINUE;

  self->flush_id = 0;
  return G_SOURCE_REMOVE;
}

static void
stop_waiting_for_frame (TendSlotSelection *self)
{
  /* A clock whose surface went away has lost its handlers already. */
  if (self->clock != NULL && g_signal_handler_is_connected (self->clock, self->after_paint_id))
    g_signal_handler_disconnect (self->clock, self->after_paint_id);
  self->after_paint_id = 0;
  g_clear_object (&self->clock);
}

static void
on_after_paint (TendSlotSelection *self,
                GdkFrameClock     *clock)
{
  stop_waiting_for_frame (self);
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_stale_cb, self, NULL);
}

/* The stale slots are refreshed once the frame that shows the visible
 * ones is painted. (An idle alone could run before it: GDK waits for the
 * next frame time, and the main loop is idle meanwhile.) */
static void
schedule_flush (TendSlotSelection *self)
{
  GdkFrameClock *clock;

  if (g_hash_table_size (self->stale) == 0 || self->flush_id != 0 || self->clock != NULL)
    return;

  clock = self->widget != NULL ? gtk_widget_get_frame_clock (self->widget) : NULL;
  if (clock == NULL)
    {
      self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_stale_cb, self, NULL);
      return;
    }

  self->clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect_swapped (clock, "after-paint",
                                                   G_CALLBACK (on_after_paint), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

/* Gives every held slot from @first on the ticket now at its position (the
 * ones off screen a little later), and forgets those past @n_items (the
 * list view drops them). */
static void
refresh_slots (TendSlotSelection *self,
               guint              first,
               guint              n_items)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = GPOINTER_TO_UINT (key);
      TendListSlot *slot = value;

      if (position < first)
        continue;

      if (position >= n_items)
        {
          g_hash_table_remove (self->stale, key);
          forget_slot (self, slot);
          g_hash_table_iter_remove (&iter);
        }
      else if (is_visible (self, position))
        {
          g_hash_table_remove (self->stale, key);
          refresh_slot (self, slot, position);
        }
      else
        {
          g_hash_table_add (self->stale, key);
        }
    }

  schedule_flush (self);
}

/* After the tickets from @first on may have changed: the slots follow,
 * and the list view hears only of the change in length. */
static void
update (TendSlotSelection *self,
        guint              first)
{
  guint old_n = self->n_items;
  guint new_n = shown_n_items (self);

  refresh_slots (self, first, new_n);
  self->n_items = new_n;

  if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  else if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);

  /* Rows that stayed show other tickets, selected or not. */
  if (first < MIN (old_n, new_n))
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), first,
                                           MIN (old_n, new_n) - first);
}

static void
on_model_items_changed (TendSlotSelection *self,
                        guint              position,
                        guint              removed,
                        guint              added,
                        GListModel        *model)
{
  update (self, position);
}

static void
on_model_selection_changed (TendSlotSelection *self,
                            guint              position,
                            guint              n_items,
                            GtkSelectionModel *model)
{
  if (position >= self->n_items)
    return;
  gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position,
                                         MIN (n_items, self->n_items - position));
}

/* GListModel */

static GType
get_item_type (GListModel *model)
{
  return TEND_TYPE_LIST_SLOT;
}

static guint
get_n_items (GListModel *model)
{
  return TEND_SLOT_SELECTION (model)->n_items;
}

/* Whether one more off-screen slot may be filled in this frame. */
static gboolean
take_eager (TendSlotSelection *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (self->widget);
  gint64 frame = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) : 0;

  if (frame != self->eager_frame)
    {
      self->eager_frame = frame;
      self->eager_count = 0;
    }

  return self->eager_count++ < EAGER_PER_FRAME;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (model);
  g_autoptr(TendTicket) ticket = NULL;
  TendListSlot *slot;

  if (position >= self->n_items)
    return NULL;

  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot);

  slot = tend_list_slot_new (position);
  g_object_weak_ref (G_OBJECT (slot), slot_finalized, self);
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);

  if (self->widget != NULL && !is_visible (self, position) && !take_eager (self))
    {
      g_hash_table_add (self->stale, GUINT_TO_POINTER (position));
      schedule_flush (self);
      return slot;
    }

  g_hash_table_remove (self->stale, GUINT_TO_POINTER (position));
  ticket = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  tend_list_slot_set_ticket (slot, ticket);

  return slot;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* GtkSelectionModel: the model's own selection, position for position */

static gboolean
is_selected (GtkSelectionModel *model,
             guint              position)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (model);

  return self->model != NULL && position < self->n_items &&
         gtk_selection_model_is_selected (self->model, position);
}

static GtkBitset *
get_selection_in_range (GtkSelectionModel *model,
                        guint              position,
                        guint              n_items)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (model);

  if (self->model == NULL)
    return gtk_bitset_new_empty ();
  return gtk_selection_model_get_selection_in_range (self->model, position, n_items);
}

static gboolean
select_item (GtkSelectionModel *model,
             guint              position,
             gboolean           unselect_rest)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (model);

  return self->model != NULL && gtk_selection_model_select_item (self->model, position, unselect_rest);
}

static gboolean
unselect_item (GtkSelectionModel *model,
               guint              position)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (model);

  return self->model != NULL && gtk_selection_model_unselect_item (self->model, position);
}

static gboolean
select_range (GtkSelectionModel *model,
              guint              position,
              guint              n_items,
              gboolean           unselect_rest)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (model);

  /* "All of what is shown" means all, while the first rows are still
   * coming in. */
  if (position == 0 && n_items >= self->n_items)
    n_items = model_n_items (self);
  return self->model != NULL &&
         gtk_selection_model_select_range (self->model, position, n_items, unselect_rest);
}

static gboolean
unselect_range (GtkSelectionModel *model,
                guint              position,
                guint              n_items)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (model);

  return self->model != NULL && gtk_selection_model_unselect_range (self->model, position, n_items);
}

static gboolean
select_all (GtkSelectionModel *model)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (model);

  return self->model != NULL && gtk_selection_model_select_all (self->model);
}

static gboolean
unselect_all (GtkSelectionModel *model)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (model);

  return self->model != NULL && gtk_selection_model_unselect_all (self->model);
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = is_selected;
  iface->get_selection_in_range = get_selection_in_range;
  iface->select_item = select_item;
  iface->unselect_item = unselect_item;
  iface->select_range = select_range;
  iface->unselect_range = unselect_range;
  iface->select_all = select_all;
  iface->unselect_all = unselect_all;
}

/* GObject */

static void
disconnect_model (TendSlotSelection *self)
{
  if (self->model == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->model, on_model_items_changed, self);
  g_signal_handlers_disconnect_by_func (self->model, on_model_selection_changed, self);
  g_clear_object (&self->model);
}

static void
tend_slot_selection_dispose (GObject *object)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (object);
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_remove_all (self->stale);
  tend_slot_selection_set_widget (self, NULL);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &slot))
    {
      forget_slot (self, slot);
      g_hash_table_iter_remove (&iter);
    }
  disconnect_model (self);

  G_OBJECT_CLASS (tend_slot_selection_parent_class)->dispose (object);
}

static void
tend_slot_selection_finalize (GObject *object)
{
  TendSlotSelection *self = TEND_SLOT_SELECTION (object);

  g_hash_table_unref (self->slots);
  g_hash_table_unref (self->stale);

  G_OBJECT_CLASS (tend_slot_selection_parent_class)->finalize (object);
}

static void
tend_slot_selection_class_init (TendSlotSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tend_slot_selection_dispose;
  object_class->finalize = tend_slot_selection_finalize;
}

static void
tend_slot_selection_init (TendSlotSelection *self)
{
  self->limit = G_MAXUINT;
  self->slots = g_hash_table_new (NULL, NULL);
  self->stale = g_hash_table_new (NULL, NULL);
  self->visible_n = 20;
}

TendSlotSelection *
tend_slot_selection_new (GtkSelectionModel *model)
{
  TendSlotSelection *self = g_object_new (TEND_TYPE_SLOT_SELECTION, NULL);

  tend_slot_selection_set_model (self, model);
  return self;
}

GtkSelectionModel *
tend_slot_selection_get_model (TendSlotSelection *self)
{
  g_return_val_if_fail (TEND_IS_SLOT_SELECTION (self), NULL);

  return self->model;
}

void
tend_slot_selection_set_model (TendSlotSelection *self,
                               GtkSelectionModel *model)
{
  g_return_if_fail (TEND_IS_SLOT_SELECTION (self));
  g_return_if_fail (model == NULL || GTK_IS_SELECTION_MODEL (model));

  if (self->model == model)
    return;

  disconnect_model (self);
  if (model != NULL)
    {
      self->model = g_object_ref (model);
      g_signal_connect_object (model, "items-changed",
                               G_CALLBACK (on_model_items_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "selection-changed",
                               G_CALLBACK (on_model_selection_changed), self, G_CONNECT_SWAPPED);
    }
  update (self, 0);
}

void
tend_slot_selection_set_limit (TendSlotSelection *self,
                               guint              limit)
{
  g_return_if_fail (TEND_IS_SLOT_SELECTION (self));

  if (self->limit == limit)
    return;
  self->limit = limit;
  update (self, self->n_items);
}

guint
tend_slot_selection_get_limit (TendSlotSelection *self)
{
  g_return_val_if_fail (TEND_IS_SLOT_SELECTION (self), G_MAXUINT);

  return self->limit;
}

void
tend_slot_selection_set_visible (TendSlotSelection *self,
                                 guint              first,
                                 guint              n_items)
{
  g_return_if_fail (TEND_IS_SLOT_SELECTION (self));

  self->visible_first = first;
  self->visible_n = n_items;

  /* Rows about to be seen must not show what the position held before;
   * the others keep waiting for the idle (a search changes the length,
   * and so the adjustment, inside the very frame that shows its first
   * rows). */
  refresh_stale (self, TRUE, 0);
}

void
tend_slot_selection_set_widget (TendSlotSelection *self,
                                GtkWidget         *widget)
{
  g_return_if_fail (TEND_IS_SLOT_SELECTION (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  stop_waiting_for_frame (self);
  if (self->widget != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
  self->widget = widget;
  if (self->widget != NULL)
    g_object_add_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
  schedule_flush (self);
}
