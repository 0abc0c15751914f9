/* tend-model-private.h: setter helpers shared by the plain model objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the tags-like getters hand out instead of NULL, so callers can always
 * iterate. */
static const char * const _tend_empty_strv[] = { NULL };

/* Replaces *field by a copy of @value. Returns TRUE when the value changed,
 * so that setters notify only then. The copy is made before the old string
 * is freed because @value may point into it. */
static inline gboolean
_tend_set_string (char       **field,
                  const char  *value)
{
  char *copy;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  copy = g_strdup (value);
  g_free (*field);
  *field = copy;
  return TRUE;
}

/* Same for string arrays. NULL and an empty array are the same value; an
 * empty array is stored as NULL so that the many objects without tags cost
 * nothing. */
static inline gboolean
_tend_set_strv (char               ***field,
                const char * const   *value)
{
  const char * const *old = *field != NULL ? (const char * const *) *field : _tend_empty_strv;
  char **copy;

  if (value == NULL)
    value = _tend_empty_strv;

  if (g_strv_equal (old, value))
    return FALSE;

  copy = value[0] != NULL ? g_strdupv ((char **) value) : NULL;
  g_strfreev (*field);
  *field = copy;
  return TRUE;
}

static inline const char * const *
_tend_strv_or_empty (char **strv)
{
  return strv != NULL ? (const char * const *) strv : _tend_empty_strv;
}

G_END_DECLS
