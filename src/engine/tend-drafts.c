/* tend-drafts.c: what the agent is typing, kept as they type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-drafts"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-drafts.h"
#include "tend-store-private.h"

#define DEFAULT_DELAY_MS  500
/* However fast the agent types, what they typed is on disk this soon. */
#define MAX_WAIT_MS       2000

typedef struct
{
  gint64         ticket_id;
  TendDraftMode  mode;
} Key;

struct _TendDrafts
{
  GObject       parent_instance;

  TendStore    *store;
  GMainContext *context;
  guint         delay_ms;
  GSource      *timer;
  gint64        first_unsaved;   /* monotonic µs of the oldest unsaved change */
  char         *last_error;

  /* Shared with the writer thread. */
  GMutex        lock;            /* guards pending */
  GHashTable   *pending;         /* Key → text not yet written */
  /* Held while texts are taken from pending and written, so that a
   * flush and the writer thread never write one key out of order, and a
   * load never misses a text that is being written. */
  GMutex        write_lock;
  GThreadPool  *pool;
};

G_DEFINE_FINAL_TYPE (TendDrafts, tend_drafts, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LAST_ERROR,
  PROP_HAS_UNSAVED,
  N_PROPS
};

enum {
  SAVE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
tend_draft_mode_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { TEND_DRAFT_MODE_REPLY, "TEND_DRAFT_MODE_REPLY", "reply" },
        { TEND_DRAFT_MODE_NOTE, "TEND_DRAFT_MODE_NOTE", "note" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static (g_intern_static_string ("TendDraftMode"), values);

      g_once_init_leave (&type_id, id);
    }
  return type_id;
}

const char *
tend_draft_mode_to_string (TendDraftMode mode)
{
  return mode == TEND_DRAFT_MODE_NOTE ? "note" : "reply";
}

static guint
key_hash (gconstpointer data)
{
  const Key *key = data;

  return g_int64_hash (&key->ticket_id) ^ (guint) key->mode;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const Key *ka = a;
  const Key *kb = b;

  return ka->ticket_id == kb->ticket_id && ka->mode == kb->mode;
}

static Key *
key_new (gint64        ticket_id,
         TendDraftMode mode)
{
  Key *key = g_new (Key, 1);

  key->ticket_id = ticket_id;
  key->mode = mode;
  return key;
}

/* Failures, reported on the owner's context */

typedef struct
{
  TendDrafts *self;
  Key         key;
  GError     *error;    /* NULL: a success */
} Report;

static void
report_free (Report *report)
{
  g_clear_object (&report->self);
  g_clear_error (&report->error);
  g_free (report);
}

static void
set_last_error (TendDrafts *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static gboolean
report_cb (gpointer data)
{
  Report *report = data;
  TendDrafts *self = report->self;

  if (report->error != NULL)
    {
      set_last_error (self, report->error->message);
      g_signal_emit (self, signals[SAVE_FAILED], 0,
                     report->key.ticket_id, report->key.mode, report->error);
    }
  else
    set_last_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED]);
  return G_SOURCE_REMOVE;
}

static void
queue_report (TendDrafts   *self,
              const Key    *key,
              const GError *error)
{
  Report *report = g_new0 (Report, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  report->self = g_object_ref (self);
  if (key != NULL)
    report->key = *key;
  report->error = error != NULL ? g_error_copy (error) : NULL;
  g_source_set_callback (source, report_cb, report, (GDestroyNotify) report_free);
  g_source_set_static_name (source, "[tend] draft saved");
  g_source_attach (source, self->context);
}

/* Writing */

/* Takes every waiting text and writes it. A text that could not be written
 * goes back into pending unless a newer one arrived meanwhile: a full disk
 * must not cost the agent what they typed. Returns the first error. */
static gboolean
write_pending (TendDrafts  *self,
               gboolean     report_failures,
               GError     **error)
{
  g_autoptr(GHashTable) batch = NULL;
  GHashTableIter iter;
  gpointer k, v;
  GError *first_error = NULL;

  g_mutex_lock (&self->write_lock);

  g_mutex_lock (&self->lock);
  batch = g_steal_pointer (&self->pending);
  self->pending = g_hash_table_new_full (key_hash, key_equal, g_free, g_free);
  g_mutex_unlock (&self->lock);

  g_hash_table_iter_init (&iter, batch);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      Key *key = k;
      g_autoptr(GError) local_error = NULL;

      if (_tend_store_draft_save (self->store, key->ticket_id,
                                  tend_draft_mode_to_string (key->mode), v, &local_error))
        continue;

      g_debug ("Draft of ticket %" G_GINT64_FORMAT " not saved: %s",
                 key->ticket_id, local_error->message);
      g_mutex_lock (&self->lock);
      if (!g_hash_table_contains (self->pending, key))
        {
          g_hash_table_iter_steal (&iter);
          g_hash_table_insert (self->pending, key, v);
        }
      g_mutex_unlock (&self->lock);

      if (report_failures)
        queue_report (self, key, local_error);
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  g_mutex_unlock (&self->write_lock);

  if (first_error != NULL)
    {
      g_propagate_error (error, first_error);
      return FALSE;
    }
  return TRUE;
}

static void
writer_job (gpointer data,
            gpointer user_data)
{
  TendDrafts *self = user_data;

  if (write_pending (self, TRUE, NULL))
    queue_report (self, NULL, NULL);
  g_object_unref (self);
}

static gboolean
timer_cb (gpointer data)
{
  TendDrafts *self = TEND_DRAFTS (data);

  g_clear_pointer (&self->timer, g_source_unref);
  self->first_unsaved = 0;
  g_thread_pool_push (self->pool, g_object_ref (self), NULL);
  return G_SOURCE_REMOVE;
}

static void
cancel_timer (TendDrafts *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  self->first_unsaved = 0;
}

/* GObject */

static void
tend_drafts_dispose (GObject *object)
{
  TendDrafts *self = TEND_DRAFTS (object);
  g_autoptr(GError) error = NULL;

  cancel_timer (self);
  if (self->pool != NULL)
    {
      /* Jobs hold a reference, so none is left by now. */
      g_thread_pool_free (self->pool, FALSE, TRUE);
      self->pool = NULL;
    }
  if (self->store != NULL && self->pending != NULL && g_hash_table_size (self->pending) > 0 &&
      !write_pending (self, FALSE, &error))
    g_warning ("Drafts lost on closing: %s", error->message);

  G_OBJECT_CLASS (tend_drafts_parent_class)->dispose (object);
}

static void
tend_drafts_finalize (GObject *object)
{
  TendDrafts *self = TEND_DRAFTS (object);

  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (tend_drafts_parent_class)->finalize (object);
}

static void
tend_drafts_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TendDrafts *self = TEND_DRAFTS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_HAS_UNSAVED:
      g_value_set_boolean (value, tend_drafts_get_has_unsaved (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_drafts_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TendDrafts *self = TEND_DRAFTS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_drafts_class_init (TendDraftsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tend_drafts_dispose;
  object_class->finalize = tend_drafts_finalize;
  object_class->get_property = tend_drafts_get_property;
  object_class->set_property = tend_drafts_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TEND_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_UNSAVED] =
    g_param_spec_boolean ("has-unsaved", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TendDrafts::save-failed:
   * @ticket_id: the ticket
   * @mode: a #TendDraftMode
   * @error: why
   *
   * A debounced save could not be written; the text is kept in memory and
   * written with the next save or flush.
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_INT64, TEND_TYPE_DRAFT_MODE, G_TYPE_ERROR);
}

static void
tend_drafts_init (TendDrafts *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->write_lock);
  self->pending = g_hash_table_new_full (key_hash, key_equal, g_free, g_free);
  self->delay_ms = DEFAULT_DELAY_MS;
  self->context = g_main_context_ref_thread_default ();
  /* One thread: writes of one key stay in order. */
  self->pool = g_thread_pool_new (writer_job, self, 1, FALSE, NULL);
}

TendDrafts *
tend_drafts_new (TendStore *store)
{
  g_return_val_if_fail (TEND_IS_STORE (store), NULL);

  return g_object_new (TEND_TYPE_DRAFTS, "store", store, NULL);
}

/* API */

gboolean
tend_drafts_save (TendDrafts     *self,
                  gint64          ticket_id,
                  TendDraftMode   mode,
                  const char     *text,
                  GError        **error)
{
  Key key = { ticket_id, mode };
  gboolean ok;

  g_return_val_if_fail (TEND_IS_DRAFTS (self), FALSE);

  /* This text supersedes whatever waits for the same draft. */
  g_mutex_lock (&self->write_lock);
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->pending, &key);
  g_mutex_unlock (&self->lock);
  ok = _tend_store_draft_save (self->store, ticket_id, tend_draft_mode_to_string (mode), text, error);
  g_mutex_unlock (&self->write_lock);

  if (ok)
    set_last_error (self, NULL);
  else if (error != NULL && *error != NULL)
    set_last_error (self, (*error)->message);
  return ok;
}

char *
tend_drafts_load (TendDrafts     *self,
                  gint64          ticket_id,
                  TendDraftMode   mode,
                  GError        **error)
{
  Key key = { ticket_id, mode };
  char *text = NULL;
  gboolean waiting;

  g_return_val_if_fail (TEND_IS_DRAFTS (self), NULL);

  g_mutex_lock (&self->write_lock);
  g_mutex_lock (&self->lock);
  waiting = g_hash_table_contains (self->pending, &key);
  if (waiting)
    text = g_strdup (g_hash_table_lookup (self->pending, &key));
  g_mutex_unlock (&self->lock);
  if (!waiting)
    text = _tend_store_draft_load (self->store, ticket_id, tend_draft_mode_to_string (mode), error);
  g_mutex_unlock (&self->write_lock);

  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

gboolean
tend_drafts_delete (TendDrafts     *self,
                    gint64          ticket_id,
                    TendDraftMode   mode,
                    GError        **error)
{
  return tend_drafts_save (self, ticket_id, mode, NULL, error);
}

void
tend_drafts_save_later (TendDrafts     *self,
                        gint64          ticket_id,
                        TendDraftMode   mode,
                        const char     *text)
{
  gint64 now = g_get_monotonic_time ();
  guint delay;

  g_return_if_fail (TEND_IS_DRAFTS (self));

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->pending, key_new (ticket_id, mode), g_strdup (text != NULL ? text : ""));
  g_mutex_unlock (&self->lock);

  /* Each change restarts the wait, but never beyond MAX_WAIT_MS after
   * the first unsaved one. */
  if (self->first_unsaved == 0)
    self->first_unsaved = now;
  delay = self->delay_ms;
  {
    gint64 left_ms = MAX_WAIT_MS - (now - self->first_unsaved) / 1000;

    delay = (guint) CLAMP (left_ms, 0, (gint64) delay);
  }

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  self->timer = g_timeout_source_new (delay);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_static_name (self->timer, "[tend] draft save");
  g_source_attach (self->timer, self->context);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED]);
}

gboolean
tend_drafts_flush (TendDrafts  *self,
                   GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (TEND_IS_DRAFTS (self), FALSE);

  cancel_timer (self);
  ok = write_pending (self, FALSE, error);
  if (ok)
    set_last_error (self, NULL);
  else if (error != NULL && *error != NULL)
    set_last_error (self, (*error)->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED]);
  return ok;
}

gboolean
tend_drafts_get_has_unsaved (TendDrafts *self)
{
  gboolean unsaved;

  g_return_val_if_fail (TEND_IS_DRAFTS (self), FALSE);

  g_mutex_lock (&self->lock);
  unsaved = g_hash_table_size (self->pending) > 0;
  g_mutex_unlock (&self->lock);
  return unsaved;
}

const char *
tend_drafts_get_last_error (TendDrafts *self)
{
  g_return_val_if_fail (TEND_IS_DRAFTS (self), NULL);

  return self->last_error;
}

void
tend_drafts_set_delay (TendDrafts *self,
                       guint       ms)
{
  g_return_if_fail (TEND_IS_DRAFTS (self));

  self->delay_ms = ms;
}
