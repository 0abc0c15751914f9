/* tend-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-clock"

#include "config.h"

#include "tend-clock.h"

struct _TendClock
{
  GObject parent_instance;

  guint   timeout_id;
};

G_DEFINE_FINAL_TYPE (TendClock, tend_clock, G_TYPE_OBJECT)

enum {
  MINUTE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
on_minute (gpointer user_data)
{
  TendClock *self = user_data;

  /* Nobody listening (no window): no need to wake up. */
  if (!g_signal_has_handler_pending (self, signals[MINUTE], 0, FALSE))
    {
      self->timeout_id = 0;
      return G_SOURCE_REMOVE;
    }

  g_signal_emit (self, signals[MINUTE], 0);
  return G_SOURCE_CONTINUE;
}

static void
tend_clock_class_init (TendClockClass *klass)
{
  signals[MINUTE] =
    g_signal_new ("minute",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tend_clock_init (TendClock *self)
{
}

static void
tend_clock_ensure_running (TendClock *self)
{
  /* Seconds-granularity timeouts are batched by GLib with others. */
  if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add_seconds (60, on_minute, self);
}

TendClock *
tend_clock_get_default (void)
{
  static TendClock *clock;

  if (clock == NULL)
    clock = g_object_new (TEND_TYPE_CLOCK, NULL);

  /* Whoever asks is about to connect. */
  tend_clock_ensure_running (clock);
  return clock;
}
