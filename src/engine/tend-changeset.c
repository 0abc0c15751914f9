/* tend-changeset.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-changeset"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-changeset.h"
#include "tend-ticket.h"
#include "tend-comment.h"
#include "tend-user.h"
#include "tend-organization.h"
#include "tend-article.h"
#include "tend-macro.h"

static gpointer
ref_object (gconstpointer src,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) src);
}

static GPtrArray *
copy_objects (GPtrArray *array)
{
  return g_ptr_array_copy (array, ref_object, NULL);
}

static GHashTable *
new_string_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GHashTable *
copy_string_table (GHashTable *table)
{
  GHashTable *copy = new_string_table ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));

  return copy;
}

/* A shallow copy: the arrays are new, the models in them are shared (and
 * referenced), so that a copy is cheap however many rows it carries. Models
 * are not meant to change once they are in a changeset. */
static TendChangeset *
tend_changeset_copy (TendChangeset *self)
{
  TendChangeset *copy = g_new0 (TendChangeset, 1);

  copy->tickets = copy_objects (self->tickets);
  copy->comments = copy_objects (self->comments);
  copy->users = copy_objects (self->users);
  copy->organizations = copy_objects (self->organizations);
  copy->articles = copy_objects (self->articles);
  copy->macros = copy_objects (self->macros);
  copy->deleted_ticket_ids = g_array_copy (self->deleted_ticket_ids);
  copy->cursors = copy_string_table (self->cursors);
  copy->meta = copy_string_table (self->meta);

  return copy;
}

G_DEFINE_BOXED_TYPE (TendChangeset, tend_changeset, tend_changeset_copy, tend_changeset_free)

TendChangeset *
tend_changeset_new (void)
{
  TendChangeset *self = g_new0 (TendChangeset, 1);

  self->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  self->comments = g_ptr_array_new_with_free_func (g_object_unref);
  self->users = g_ptr_array_new_with_free_func (g_object_unref);
  self->organizations = g_ptr_array_new_with_free_func (g_object_unref);
  self->articles = g_ptr_array_new_with_free_func (g_object_unref);
  self->macros = g_ptr_array_new_with_free_func (g_object_unref);
  self->deleted_ticket_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cursors = new_string_table ();
  self->meta = new_string_table ();

  return self;
}

void
tend_changeset_free (TendChangeset *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->organizations, g_ptr_array_unref);
  g_clear_pointer (&self->articles, g_ptr_array_unref);
  g_clear_pointer (&self->macros, g_ptr_array_unref);
  g_clear_pointer (&self->deleted_ticket_ids, g_array_unref);
  g_clear_pointer (&self->cursors, g_hash_table_unref);
  g_clear_pointer (&self->meta, g_hash_table_unref);
  g_free (self);
}

/* Rows only: models and deletions. Cursors and meta values are not rows,
 * but a changeset carrying only a cursor still has to be committed, so it
 * is not empty. Attachments travel inside their comments and are not
 * counted separately. */
guint
tend_changeset_get_n_rows (TendChangeset *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->tickets->len +
         self->comments->len +
         self->users->len +
         self->organizations->len +
         self->articles->len +
         self->macros->len +
         self->deleted_ticket_ids->len;
}

gboolean
tend_changeset_is_empty (TendChangeset *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return tend_changeset_get_n_rows (self) == 0 &&
         g_hash_table_size (self->cursors) == 0 &&
         g_hash_table_size (self->meta) == 0;
}

/* Keeps the arrays' allocations: the sync reuses one changeset page after
 * page. */
void
tend_changeset_clear (TendChangeset *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->tickets, 0);
  g_ptr_array_set_size (self->comments, 0);
  g_ptr_array_set_size (self->users, 0);
  g_ptr_array_set_size (self->organizations, 0);
  g_ptr_array_set_size (self->articles, 0);
  g_ptr_array_set_size (self->macros, 0);
  g_array_set_size (self->deleted_ticket_ids, 0);
  g_hash_table_remove_all (self->cursors);
  g_hash_table_remove_all (self->meta);
}

void
tend_changeset_add_ticket (TendChangeset *self,
                           TendTicket    *ticket)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (TEND_IS_TICKET (ticket));

  g_ptr_array_add (self->tickets, g_object_ref (ticket));
}

void
tend_changeset_add_comment (TendChangeset *self,
                            TendComment   *comment)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (TEND_IS_COMMENT (comment));

  g_ptr_array_add (self->comments, g_object_ref (comment));
}

void
tend_changeset_add_user (TendChangeset *self,
                         TendUser      *user)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (TEND_IS_USER (user));

  g_ptr_array_add (self->users, g_object_ref (user));
}

void
tend_changeset_add_organization (TendChangeset    *self,
                                 TendOrganization *organization)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (TEND_IS_ORGANIZATION (organization));

  g_ptr_array_add (self->organizations, g_object_ref (organization));
}

void
tend_changeset_add_article (TendChangeset *self,
                            TendArticle   *article)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (TEND_IS_ARTICLE (article));

  g_ptr_array_add (self->articles, g_object_ref (article));
}

void
tend_changeset_add_macro (TendChangeset *self,
                          TendMacro     *macro)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (TEND_IS_MACRO (macro));

  g_ptr_array_add (self->macros, g_object_ref (macro));
}

void
tend_changeset_delete_ticket (TendChangeset *self,
                              gint64         ticket_id)
{
  g_return_if_fail (self != NULL);

  g_array_append_val (self->deleted_ticket_ids, ticket_id);
}

/* A later value for the same stream or key replaces the earlier one: only
 * the last cursor of a batch matters. A NULL value is kept (as NULL), so the
 * store can tell "reset this cursor" from "not touched". */
void
tend_changeset_set_cursor (TendChangeset *self,
                           const char    *stream,
                           const char    *cursor)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (stream != NULL);

  g_hash_table_insert (self->cursors, g_strdup (stream), g_strdup (cursor));
}

void
tend_changeset_set_meta (TendChangeset *self,
                         const char    *key,
                         const char    *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  g_hash_table_insert (self->meta, g_strdup (key), g_strdup (value));
}
