/* tend-json.h: tolerant readers for untrusted JSON, shared by the backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "tend-changeset.h"

G_BEGIN_DECLS

/* Every reader treats a member of the wrong type as absent, and a NULL
 * object as one without members: server data is untrusted and one odd
 * field must not cost the whole object. */

gboolean      _tend_json_node_get_int64         (JsonNode           *node,
                                                 gint64             *out);
gboolean      _tend_json_node_get_int64_or_text (JsonNode           *node,
                                                 gint64             *out);
const char   *_tend_json_node_get_string        (JsonNode           *node);
const char   *_tend_json_get_string             (JsonObject         *object,
                                                 const char         *name);
JsonObject   *_tend_json_get_object             (JsonObject         *object,
                                                 const char         *name);
JsonArray    *_tend_json_get_array              (JsonObject         *object,
                                                 const char         *name);
gboolean      _tend_json_get_boolean            (JsonObject         *object,
                                                 const char         *name,
                                                 gboolean            default_value);
char        **_tend_json_node_dup_strv          (JsonNode           *node);
char        **_tend_json_dup_strv               (JsonObject         *object,
                                                 const char         *name);
gboolean      _tend_json_parse_time             (const char         *iso8601,
                                                 gint64             *unix_time);

/* Writing helpers. */

void          _tend_json_set_strv               (JsonObject         *object,
                                                 const char         *name,
                                                 const char * const *strv);
char         *_tend_json_dup_extra              (JsonObject         *extra);
/* Keeps @array as the meta value @name of @changes, as JSON text (the
 * backends' whole lists, such as "groups"). */
void          _tend_json_set_meta_array         (TendChangeset      *changes,
                                                 const char         *name,
                                                 JsonArray          *array);

G_END_DECLS
