/* tend-json.c: tolerant readers for untrusted JSON, shared by the backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tend-json.h"

/* Longer strings than any real id or timestamp are refused early, so
 * hostile values stay cheap. */
#define MAX_NUMBER_TEXT 32
#define MAX_TIME_TEXT   64

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

gboolean
_tend_json_node_get_int64 (JsonNode *node,
                           gint64   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* Some JSON writers turn big integers into doubles ("1.2e10"); accept
       * them when they are still exact integers within range. */
      if (isfinite (d) && d == floor (d) && d >= -9.2e18 && d <= 9.2e18)
        {
          *out = (gint64) d;
          return TRUE;
        }
    }
  return FALSE;
}

/* For servers that send numbers as strings of digits too ("id":"3"). */
gboolean
_tend_json_node_get_int64_or_text (JsonNode *node,
                                   gint64   *out)
{
  const char *str;
  gint64 value;

  if (_tend_json_node_get_int64 (node, out))
    return TRUE;

  str = _tend_json_node_get_string (node);
  if (str == NULL || str[0] == '\0' || strlen (str) > MAX_NUMBER_TEXT)
    return FALSE;
  if (!g_ascii_string_to_signed (str, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
_tend_json_node_get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
_tend_json_get_string (JsonObject *object,
                       const char *name)
{
  return _tend_json_node_get_string (get_member (object, name));
}

JsonObject *
_tend_json_get_object (JsonObject *object,
                       const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
_tend_json_get_array (JsonObject *object,
                      const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

gboolean
_tend_json_get_boolean (JsonObject *object,
                        const char *name,
                        gboolean    default_value)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return default_value;
  return json_node_get_boolean (node);
}

/* A JSON array of strings as a NULL-terminated vector; other elements are
 * skipped. NULL when the node is absent or not an array. */
char **
_tend_json_node_dup_strv (JsonNode *node)
{
  g_autoptr(GPtrArray) strv = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  strv = g_ptr_array_new_full (n + 1, g_free);
  for (guint i = 0; i < n; i++)
    {
      const char *str = _tend_json_node_get_string (json_array_get_element (array, i));

      if (str != NULL)
        g_ptr_array_add (strv, g_strdup (str));
    }
  g_ptr_array_add (strv, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&strv), FALSE);
}

char **
_tend_json_dup_strv (JsonObject *object,
                     const char *name)
{
  return _tend_json_node_dup_strv (get_member (object, name));
}

/* Sets @name to a JSON array of @strv's strings (empty for NULL). */
void
_tend_json_set_strv (JsonObject         *object,
                     const char         *name,
                     const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_object_set_array_member (object, name, array);
}

/* An ISO 8601 time as Unix time; FALSE for NULL, empty or unparsable. */
gboolean
_tend_json_parse_time (const char *iso8601,
                       gint64     *unix_time)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (unix_time != NULL, FALSE);

  /* No real timestamp is longer; this also keeps hostile strings cheap. */
  if (iso8601 == NULL || iso8601[0] == '\0' || strlen (iso8601) > MAX_TIME_TEXT)
    return FALSE;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (iso8601, utc);
  if (dt == NULL)
    return FALSE;

  *unix_time = g_date_time_to_unix (dt);
  return TRUE;
}

/* The members a backend collected for a model's extra JSON, as JSON text,
 * or NULL when there are none. */
char *
_tend_json_dup_extra (JsonObject *extra)
{
  g_autoptr(JsonNode) root = NULL;

  if (extra == NULL || json_object_get_size (extra) == 0)
    return NULL;

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, extra);
  return json_to_string (root, FALSE);
}

void
_tend_json_set_meta_array (TendChangeset *changes,
                           const char    *name,
                           JsonArray     *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *text = NULL;

  json_node_set_array (node, array);
  text = json_to_string (node, FALSE);
  tend_changeset_set_meta (changes, name, text);
}
