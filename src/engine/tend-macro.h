/* tend-macro.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_MACRO (tend_macro_get_type ())
G_DECLARE_FINAL_TYPE (TendMacro, tend_macro, TEND, MACRO, GObject)

/* A canned response with field changes. Each field is also a property. */
TendMacro          *tend_macro_new                 (gint64      id);

gint64              tend_macro_get_id              (TendMacro  *self);
void                tend_macro_set_id              (TendMacro  *self,
                                                    gint64      id);
const char         *tend_macro_get_title           (TendMacro  *self);
void                tend_macro_set_title           (TendMacro  *self,
                                                    const char *title);
const char         *tend_macro_get_description     (TendMacro  *self);
void                tend_macro_set_description     (TendMacro  *self,
                                                    const char *description);
gboolean            tend_macro_get_active          (TendMacro  *self);
void                tend_macro_set_active          (TendMacro  *self,
                                                    gboolean    active);
gint                tend_macro_get_position        (TendMacro  *self);
void                tend_macro_set_position        (TendMacro  *self,
                                                    gint        position);
/* Tend's own neutral form, a JSON array of {"field": …, "value": …} with
 * field one of "comment" (text), "public" (bool), "status", "priority",
 * "type", "assignee" ("me" or an id), "group", "add_tags", "remove_tags"
 * (arrays of strings). Backends translate to and from it. */
const char         *tend_macro_get_actions_json    (TendMacro  *self);
void                tend_macro_set_actions_json    (TendMacro  *self,
                                                    const char *actions_json);
gint64              tend_macro_get_updated_at      (TendMacro  *self);
void                tend_macro_set_updated_at      (TendMacro  *self,
                                                    gint64      updated_at);

G_END_DECLS
