/* tend-demo-server-data.c: the demo helpdesk's contents and how they change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-demo-server"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tend-demo-server-private.h"
#include "tend-zendesk-json.h"

#define GENERATOR_BATCH 500

/* The anchor all generated times lie before. It must not depend on the
 * seed or on when exactly the process started, or a restart would give
 * different data: the last second of yesterday (UTC) is stable for a whole
 * day and still makes the newest tickets look recent. */
static gint64
default_anchor (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return now - now % (24 * 60 * 60) - 1;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static int
compare_ticket_entries (gconstpointer a,
                        gconstpointer b)
{
  const TendDemoTicketEntry *x = a;
  const TendDemoTicketEntry *y = b;

  if (x->updated_at != y->updated_at)
    return x->updated_at < y->updated_at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int
compare_comment_entries (gconstpointer a,
                         gconstpointer b)
{
  const TendDemoCommentEntry *x = a;
  const TendDemoCommentEntry *y = b;

  if (x->created_at != y->created_at)
    return x->created_at < y->created_at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int
compare_comments (gconstpointer a,
                  gconstpointer b)
{
  TendComment *x = *(TendComment **) a;
  TendComment *y = *(TendComment **) b;
  gint64 tx = tend_comment_get_created_at (x);
  gint64 ty = tend_comment_get_created_at (y);

  if (tx != ty)
    return tx < ty ? -1 : 1;
  return tend_comment_get_id (x) < tend_comment_get_id (y) ? -1 :
         tend_comment_get_id (x) > tend_comment_get_id (y);
}

static int
compare_articles (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = tend_article_get_id (*(TendArticle **) a);
  gint64 y = tend_article_get_id (*(TendArticle **) b);

  return x < y ? -1 : x > y;
}

static int
compare_macros (gconstpointer a,
                gconstpointer b)
{
  TendMacro *x = *(TendMacro **) a;
  TendMacro *y = *(TendMacro **) b;

  if (tend_macro_get_position (x) != tend_macro_get_position (y))
    return tend_macro_get_position (x) < tend_macro_get_position (y) ? -1 : 1;
  return tend_macro_get_id (x) < tend_macro_get_id (y) ? -1 :
         tend_macro_get_id (x) > tend_macro_get_id (y);
}

static int
compare_users (gconstpointer a,
               gconstpointer b)
{
  gint64 x = tend_user_get_id (*(TendUser **) a);
  gint64 y = tend_user_get_id (*(TendUser **) b);

  return x < y ? -1 : x > y;
}

static GPtrArray *
ensure_comment_array (TendDemoServer *self,
                      gint64          ticket_id)
{
  GPtrArray *array = g_hash_table_lookup (self->comments, &ticket_id);

  if (array == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = ticket_id;
      array = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->comments, key, array);
    }

  return array;
}

static void
insert_ticket (TendDemoServer *self,
               TendTicket     *ticket)
{
  gint64 *key = g_new (gint64, 1);
  TendTicket *old;

  *key = tend_ticket_get_id (ticket);
  old = g_hash_table_lookup (self->tickets, key);
  /* Before the old object can go: its address may be reused. */
  if (old != NULL)
    g_hash_table_remove (self->json_cache, old);
  g_hash_table_replace (self->tickets, key, g_object_ref (ticket));
  self->max_ticket_id = MAX (self->max_ticket_id, *key);
}

/* Keeps what one generator batch produced, and turns the tickets the
 * generator made deleted into deletions, so the server's own database
 * holds what a client that synced everything would hold. */
static void
absorb_batch (TendDemoServer *self,
              TendChangeset  *changes)
{
  guint i = 0;

  while (i < changes->tickets->len)
    {
      TendTicket *ticket = g_ptr_array_index (changes->tickets, i);

      insert_ticket (self, ticket);
      if (tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED)
        {
          tend_changeset_delete_ticket (changes, tend_ticket_get_id (ticket));
          g_ptr_array_remove_index (changes->tickets, i);
          continue;
        }
      i++;
    }

  for (i = 0; i < changes->comments->len; i++)
    {
      TendComment *comment = g_ptr_array_index (changes->comments, i);

      g_ptr_array_add (ensure_comment_array (self, tend_comment_get_ticket_id (comment)),
                       g_object_ref (comment));
      self->max_comment_id = MAX (self->max_comment_id, tend_comment_get_id (comment));
    }

  for (i = 0; i < changes->users->len; i++)
    {
      TendUser *user = g_ptr_array_index (changes->users, i);
      gint64 *key = g_new (gint64, 1);

      *key = tend_user_get_id (user);
      g_hash_table_replace (self->users, key, g_object_ref (user));
    }

  for (i = 0; i < changes->organizations->len; i++)
    {
      TendOrganization *organization = g_ptr_array_index (changes->organizations, i);
      gint64 *key = g_new (gint64, 1);

      *key = tend_organization_get_id (organization);
      g_hash_table_replace (self->organizations, key, g_object_ref (organization));
    }

  for (i = 0; i < changes->articles->len; i++)
    g_ptr_array_add (self->articles, g_object_ref (g_ptr_array_index (changes->articles, i)));

  for (i = 0; i < changes->macros->len; i++)
    g_ptr_array_add (self->macros, g_object_ref (g_ptr_array_index (changes->macros, i)));
}

static void
set_me (TendDemoServer *self,
        TendChangeset  *changes)
{
  for (guint i = 0; i < changes->users->len; i++)
    {
      TendUser *user = g_ptr_array_index (changes->users, i);

      if (tend_user_get_id (user) == self->me_id)
        {
          /* The role decides which sync path a client takes; the
           * server's own copy says the same. */
          tend_user_set_role (user, self->role);
          g_free (self->email);
          self->email = g_strdup (tend_user_get_email (user));
        }
    }
}

static void
build_logs (TendDemoServer *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n_live = 0;
  guint n_comments = 0;

  g_hash_table_iter_init (&iter, self->tickets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TendTicket *ticket = value;
      TendDemoTicketEntry entry;

      entry.updated_at = tend_ticket_get_updated_at (ticket);
      entry.id = tend_ticket_get_id (ticket);
      entry.seq = 0;
      g_array_append_val (self->ticket_log, entry);
      self->last_time = MAX (self->last_time, entry.updated_at);
      if (tend_ticket_get_status (ticket) != TEND_TICKET_STATUS_DELETED)
        n_live++;
    }
  g_array_sort (self->ticket_log, compare_ticket_entries);

  for (guint i = 0; i < self->ticket_log->len; i++)
    {
      TendDemoTicketEntry *entry = &g_array_index (self->ticket_log, TendDemoTicketEntry, i);
      gint64 *key = g_new (gint64, 1);
      gint64 *seq = g_new (gint64, 1);

      entry->seq = ++self->next_seq;
      *key = entry->id;
      *seq = entry->seq;
      g_hash_table_replace (self->ticket_seq, key, seq);
    }

  g_hash_table_iter_init (&iter, self->comments);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *array = value;

      g_ptr_array_sort (array, compare_comments);
      for (guint i = 0; i < array->len; i++)
        {
          TendComment *comment = g_ptr_array_index (array, i);
          TendDemoCommentEntry entry;

          entry.created_at = tend_comment_get_created_at (comment);
          entry.id = tend_comment_get_id (comment);
          entry.comment = comment;
          g_array_append_val (self->comment_log, entry);
          self->last_time = MAX (self->last_time, entry.created_at);
          n_comments++;
        }
    }
  g_array_sort (self->comment_log, compare_comment_entries);

  g_ptr_array_sort (self->articles, compare_articles);
  g_ptr_array_sort (self->macros, compare_macros);

  g_hash_table_iter_init (&iter, self->users);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (tend_user_get_role (value) == TEND_USER_ROLE_END_USER)
      g_ptr_array_add (self->customers, g_object_ref (value));
  g_ptr_array_sort (self->customers, compare_users);

  g_atomic_int_set (&self->n_live_tickets, (gint) n_live);
  g_atomic_int_set (&self->n_live_comments, (gint) n_comments);
}

const char *
_tend_demo_server_json (TendDemoServer *self,
                        gpointer        object)
{
  g_autoptr(JsonNode) node = NULL;
  char *text = g_hash_table_lookup (self->json_cache, object);

  if (text != NULL)
    return text;

  if (TEND_IS_TICKET (object))
    node = tend_zendesk_ticket_to_json (object);
  else if (TEND_IS_COMMENT (object))
    node = tend_zendesk_comment_to_json (object);
  else if (TEND_IS_USER (object))
    node = tend_zendesk_user_to_json (object);
  else if (TEND_IS_ORGANIZATION (object))
    node = tend_zendesk_organization_to_json (object);
  else if (TEND_IS_ARTICLE (object))
    node = tend_zendesk_article_to_json (object);
  else if (TEND_IS_MACRO (object))
    node = tend_zendesk_macro_to_json (object);
  else
    g_return_val_if_reached ("null");

  text = json_to_string (node, FALSE);
  g_hash_table_insert (self->json_cache, object, text);

  return text;
}

/* Serializing everything up front makes start-up a little slower and the
 * first sync as fast as any later one, which is what benchmarks measure. */
static void
warm_json_cache (TendDemoServer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->tickets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _tend_demo_server_json (self, value);

  for (guint i = 0; i < self->comment_log->len; i++)
    _tend_demo_server_json (self, g_array_index (self->comment_log, TendDemoCommentEntry, i).comment);

  g_hash_table_iter_init (&iter, self->users);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _tend_demo_server_json (self, value);

  g_hash_table_iter_init (&iter, self->organizations);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _tend_demo_server_json (self, value);

  for (guint i = 0; i < self->articles->len; i++)
    _tend_demo_server_json (self, g_ptr_array_index (self->articles, i));

  for (guint i = 0; i < self->macros->len; i++)
    _tend_demo_server_json (self, g_ptr_array_index (self->macros, i));
}

gboolean
_tend_demo_server_load (TendDemoServer  *self,
                        GError         **error)
{
  g_autoptr(TendGenerator) generator = NULL;
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autofree char *seed_text = NULL;
  gint64 anchor = self->anchor != 0 ? self->anchor : default_anchor ();
  gboolean first = TRUE;
  GError *local_error = NULL;

  self->tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->comments = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->users = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->organizations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->articles = g_ptr_array_new_with_free_func (g_object_unref);
  self->macros = g_ptr_array_new_with_free_func (g_object_unref);
  self->customers = g_ptr_array_new_with_free_func (g_object_unref);
  self->ticket_log = g_array_new (FALSE, FALSE, sizeof (TendDemoTicketEntry));
  self->ticket_seq = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->comment_log = g_array_new (FALSE, FALSE, sizeof (TendDemoCommentEntry));
  self->json_cache = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  self->dir = g_dir_make_tmp ("tend-demo-XXXXXX", &local_error);
  if (self->dir == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                   "Could not create a directory for the demo helpdesk: %s",
                   local_error->message);
      g_clear_error (&local_error);
      return FALSE;
    }
  self->store_path = g_build_filename (self->dir, "demo.db", NULL);

  self->store = tend_store_open (self->store_path, error);
  if (self->store == NULL)
    return FALSE;

  generator = tend_generator_new (self->seed, self->n_tickets_wanted, anchor);
  while (tend_generator_next (generator, changes, GENERATOR_BATCH))
    {
      if (first)
        {
          self->me_id = tend_generator_get_me_id (generator);
          set_me (self, changes);
          first = FALSE;
        }

      _tend_demo_server_dress (self, changes);
      absorb_batch (self, changes);

      if (!tend_store_write (self->store, changes, error))
        return FALSE;

      tend_changeset_clear (changes);
    }

  if (self->email == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
                   "The generator made no agent for the demo helpdesk to sign in as");
      return FALSE;
    }

  build_logs (self);
  warm_json_cache (self);

  /* The same seed gives the same token, so a client set up against the
   * demo keeps working after a restart. */
  seed_text = g_strdup_printf ("tend-demo-token:%" G_GUINT64_FORMAT, self->seed);
  self->token = g_compute_checksum_for_string (G_CHECKSUM_SHA1, seed_text, -1);
  self->auth_expected = g_strdup_printf ("%s/token:%s", self->email, self->token);

  g_debug ("Generated %u tickets and %u comments (anchor %" G_GINT64_FORMAT ") in %s",
           g_hash_table_size (self->tickets), self->comment_log->len, anchor, self->store_path);

  return TRUE;
}

static void
remove_file (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_unlink (path) != 0 && errno != ENOENT)
    g_warning ("Could not remove %s: %s", path, g_strerror (errno));
}

void
_tend_demo_server_unload (TendDemoServer *self)
{
  g_clear_object (&self->store);

  /* Keyed by the objects' addresses: goes before they do. */
  g_clear_pointer (&self->json_cache, g_hash_table_unref);
  g_clear_pointer (&self->tickets, g_hash_table_unref);
  g_clear_pointer (&self->comment_log, g_array_unref);
  g_clear_pointer (&self->comments, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->organizations, g_hash_table_unref);
  g_clear_pointer (&self->articles, g_ptr_array_unref);
  g_clear_pointer (&self->macros, g_ptr_array_unref);
  g_clear_pointer (&self->customers, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_hash_table_unref);
  g_clear_pointer (&self->ticket_log, g_array_unref);
  g_clear_pointer (&self->ticket_seq, g_hash_table_unref);

  if (self->dir != NULL)
    {
      remove_file (self->dir, "demo.db");
      remove_file (self->dir, "demo.db-wal");
      remove_file (self->dir, "demo.db-shm");
      remove_file (self->dir, "demo.db-journal");
      if (g_rmdir (self->dir) != 0)
        g_warning ("Could not remove %s: %s", self->dir, g_strerror (errno));
    }
}

gint64
_tend_demo_server_next_time (TendDemoServer *self,
                             gint64          at_least)
{
  gint64 t = MAX (now_seconds (), MAX (self->last_time, at_least));

  self->last_time = t;
  return t;
}

guint
_tend_demo_server_log_after_seq (TendDemoServer *self,
                                 gint64          after_seq)
{
  guint lo = 0;
  guint hi = self->ticket_log->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->ticket_log, TendDemoTicketEntry, mid).seq <= after_seq)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

guint
_tend_demo_server_log_since (TendDemoServer *self,
                             gint64          since)
{
  guint lo = 0;
  guint hi = self->ticket_log->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->ticket_log, TendDemoTicketEntry, mid).updated_at < since)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

guint
_tend_demo_server_events_since (TendDemoServer *self,
                                gint64          since)
{
  guint lo = 0;
  guint hi = self->comment_log->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->comment_log, TendDemoCommentEntry, mid).created_at < since)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

TendUser *
_tend_demo_server_get_me (TendDemoServer *self)
{
  return g_hash_table_lookup (self->users, &self->me_id);
}

gint64
_tend_demo_server_new_comment_id (TendDemoServer *self)
{
  return ++self->max_comment_id;
}

/* Moves the ticket to the end of the change log. */
static void
log_ticket_change (TendDemoServer *self,
                   gint64          id,
                   gint64          updated_at)
{
  gint64 *old_seq = g_hash_table_lookup (self->ticket_seq, &id);
  TendDemoTicketEntry entry;
  gint64 *key;
  gint64 *seq;

  if (old_seq != NULL)
    {
      guint index = _tend_demo_server_log_after_seq (self, *old_seq - 1);

      if (index < self->ticket_log->len &&
          g_array_index (self->ticket_log, TendDemoTicketEntry, index).seq == *old_seq)
        g_array_remove_index (self->ticket_log, index);
    }

  entry.seq = ++self->next_seq;
  entry.updated_at = updated_at;
  entry.id = id;
  g_array_append_val (self->ticket_log, entry);

  key = g_new (gint64, 1);
  seq = g_new (gint64, 1);
  *key = id;
  *seq = entry.seq;
  g_hash_table_replace (self->ticket_seq, key, seq);
}

gboolean
_tend_demo_server_commit_ticket (TendDemoServer  *self,
                                 TendTicket      *ticket,
                                 TendComment     *comment,
                                 GError         **error)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  gint64 id = tend_ticket_get_id (ticket);
  gboolean is_new = !g_hash_table_contains (self->tickets, &id);

  tend_changeset_add_ticket (changes, ticket);
  if (comment != NULL)
    {
      tend_comment_set_ticket_id (comment, id);
      tend_changeset_add_comment (changes, comment);
    }

  /* The database first: if it refuses, nothing changed anywhere. */
  if (!tend_store_write (self->store, changes, error))
    return FALSE;

  insert_ticket (self, ticket);
  log_ticket_change (self, id, tend_ticket_get_updated_at (ticket));
  if (is_new)
    g_atomic_int_inc (&self->n_live_tickets);

  if (comment != NULL)
    {
      TendDemoCommentEntry entry;

      g_ptr_array_add (ensure_comment_array (self, id), g_object_ref (comment));
      entry.created_at = tend_comment_get_created_at (comment);
      entry.id = tend_comment_get_id (comment);
      entry.comment = comment;
      g_array_append_val (self->comment_log, entry);
      self->max_comment_id = MAX (self->max_comment_id, entry.id);
      g_atomic_int_inc (&self->n_live_comments);
    }

  return TRUE;
}

gboolean
_tend_demo_server_delete_ticket (TendDemoServer  *self,
                                 gint64           id,
                                 GError         **error)
{
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  TendTicket *ticket = g_hash_table_lookup (self->tickets, &id);
  gint64 when;

  if (ticket == NULL || tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND, "No ticket %" G_GINT64_FORMAT, id);
      return FALSE;
    }

  tend_changeset_delete_ticket (changes, id);
  if (!tend_store_write (self->store, changes, error))
    return FALSE;

  /* Kept, marked deleted, so the incremental export can tell clients. */
  when = _tend_demo_server_next_time (self, tend_ticket_get_updated_at (ticket) + 1);
  g_hash_table_remove (self->json_cache, ticket);
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_DELETED);
  tend_ticket_set_updated_at (ticket, when);
  log_ticket_change (self, id, when);
  g_atomic_int_add (&self->n_live_tickets, -1);

  return TRUE;
}

/* The live feed: a fixed repertoire, picked by a generator seeded from the
 * demo's seed and the step number, so the same run of steps tells the same
 * story. */

static const char * const live_subjects[] = {
  "Can't log in after the update",
  "Invoice shows the wrong VAT number",
  "Order arrived damaged",
  "How do I export my data?",
  "Two-factor codes are not arriving",
  "Billing address change",
  "Refund for a duplicate charge",
  "Café menu won't sync to the tablet",
  "App crashes when opening reports",
  "Question about the enterprise plan",
  "Password reset link expired",
  "Shipping to Zürich — customs fees?",
};

static const char * const live_openings[] = {
  "Hello,\n\n",
  "Hi there,\n\n",
  "Good morning,\n\n",
  "Hi support team,\n\n",
};

static const char * const live_bodies[] = {
  "Since this morning I get an error whenever I try to sign in. I already "
  "cleared my browser cache and tried another device.",
  "The invoice for last month lists an old VAT number. Could you send a "
  "corrected copy? Our accountant needs it this week.",
  "The parcel came today but the box was crushed and one item is broken. "
  "I attached photos to my first message.",
  "We would like to move our records to another system. Is there a way to "
  "export everything as CSV?",
  "I'm not receiving any verification codes by SMS, so I can't get into my "
  "account at all. 🙁",
  "I was charged twice for the same order. Please refund the second "
  "payment.",
};

static const char * const live_replies[] = {
  "Thanks for the quick answer! Unfortunately it still doesn't work.",
  "I tried that, same result. Anything else I can do?",
  "That fixed it, thank you so much! 🎉",
  "Any update on this? It's getting urgent for us.",
  "Here is the screenshot you asked for. Let me know if you need more.",
  "Could you call me back? My number is in my profile.",
  "Sorry, I forgot to mention: this happens on the Android app only.",
  "Merci, ça marche maintenant.",
};

static const char * const live_signatures[] = {
  "\n\nBest regards",
  "\n\nThanks",
  "\n\nCheers",
  "",
};

char *
_tend_demo_html_from_text (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_auto(GStrv) paragraphs = g_strsplit (escaped, "\n\n", -1);
  GString *html = g_string_new ("<div class=\"zd-comment\" dir=\"auto\">");

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *lines = NULL;
      g_auto(GStrv) parts = g_strsplit (paragraphs[i], "\n", -1);

      lines = g_strjoinv ("<br>", parts);
      g_string_append_printf (html, "<p dir=\"auto\">%s</p>", lines);
    }
  g_string_append (html, "</div>");

  return g_string_free (html, FALSE);
}

static TendComment *
new_comment (TendDemoServer *self,
             gint64          author_id,
             const char     *body,
             gint64          when)
{
  TendComment *comment = tend_comment_new (_tend_demo_server_new_comment_id (self));
  g_autofree char *html = _tend_demo_html_from_text (body);

  tend_comment_set_author_id (comment, author_id);
  tend_comment_set_body (comment, body);
  tend_comment_set_html_body (comment, html);
  tend_comment_set_public (comment, TRUE);
  tend_comment_set_created_at (comment, when);

  return comment;
}

static gint64
live_new_ticket (TendDemoServer *self,
                 GRand          *rand)
{
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(TendComment) comment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  static const char * const tags[] = { "live", NULL };
  TendUser *requester;
  gint64 when;

  if (self->customers->len == 0)
    return 0;

  requester = g_ptr_array_index (self->customers,
                                 g_rand_int_range (rand, 0, (gint32) self->customers->len));
  body = g_strconcat (live_openings[g_rand_int_range (rand, 0, G_N_ELEMENTS (live_openings))],
                      live_bodies[g_rand_int_range (rand, 0, G_N_ELEMENTS (live_bodies))],
                      live_signatures[g_rand_int_range (rand, 0, G_N_ELEMENTS (live_signatures))],
                      NULL);
  when = _tend_demo_server_next_time (self, 0);

  ticket = tend_ticket_new (self->max_ticket_id + 1);
  tend_ticket_set_subject (ticket, live_subjects[g_rand_int_range (rand, 0, G_N_ELEMENTS (live_subjects))]);
  tend_ticket_set_description (ticket, body);
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_NEW);
  tend_ticket_set_priority (ticket, g_rand_int_range (rand, TEND_TICKET_PRIORITY_LOW,
                                                      TEND_TICKET_PRIORITY_URGENT + 1));
  tend_ticket_set_ticket_type (ticket, g_rand_boolean (rand) ? "question" : "incident");
  tend_ticket_set_requester_id (ticket, tend_user_get_id (requester));
  tend_ticket_set_submitter_id (ticket, tend_user_get_id (requester));
  tend_ticket_set_organization_id (ticket, tend_user_get_organization_id (requester));
  tend_ticket_set_tags (ticket, tags);
  tend_ticket_set_created_at (ticket, when);
  tend_ticket_set_updated_at (ticket, when);

  comment = new_comment (self, tend_user_get_id (requester), body, when);

  if (!_tend_demo_server_commit_ticket (self, ticket, comment, &error))
    {
      g_warning ("Live ticket not stored: %s", error->message);
      return 0;
    }

  return tend_ticket_get_id (ticket);
}

static gint64
live_customer_reply (TendDemoServer *self,
                     GRand          *rand)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  g_autoptr(TendTicket) updated = NULL;
  g_autoptr(TendComment) comment = NULL;
  g_autoptr(GError) error = NULL;
  TendTicket *ticket;
  gint64 when;
  guint start;

  /* Among the most recently changed tickets, so replies land where an
   * agent is looking. */
  start = self->ticket_log->len > 200 ? self->ticket_log->len - 200 : 0;
  for (guint i = start; i < self->ticket_log->len; i++)
    {
      gint64 id = g_array_index (self->ticket_log, TendDemoTicketEntry, i).id;
      TendTicket *candidate = g_hash_table_lookup (self->tickets, &id);

      if (candidate != NULL &&
          tend_ticket_get_status (candidate) < TEND_TICKET_STATUS_CLOSED &&
          tend_ticket_get_requester_id (candidate) != 0)
        g_ptr_array_add (open, candidate);
    }

  if (open->len == 0)
    return live_new_ticket (self, rand);

  ticket = g_ptr_array_index (open, g_rand_int_range (rand, 0, (gint32) open->len));
  when = _tend_demo_server_next_time (self, tend_ticket_get_updated_at (ticket) + 1);

  /* A copy, so a failed write leaves the served ticket untouched. */
  updated = TEND_TICKET (g_object_new (TEND_TYPE_TICKET, NULL));
  {
    g_autofree GParamSpec **pspecs = NULL;
    guint n_pspecs;

    pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (ticket), &n_pspecs);
    for (guint i = 0; i < n_pspecs; i++)
      {
        GValue value = G_VALUE_INIT;

        if ((pspecs[i]->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
            (pspecs[i]->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
          continue;
        g_value_init (&value, pspecs[i]->value_type);
        g_object_get_property (G_OBJECT (ticket), pspecs[i]->name, &value);
        g_object_set_property (G_OBJECT (updated), pspecs[i]->name, &value);
        g_value_unset (&value);
      }
  }

  /* A customer answering reopens a ticket, as in Zendesk. */
  tend_ticket_set_status (updated, TEND_TICKET_STATUS_OPEN);
  tend_ticket_set_updated_at (updated, when);

  comment = new_comment (self, tend_ticket_get_requester_id (ticket),
                         live_replies[g_rand_int_range (rand, 0, G_N_ELEMENTS (live_replies))],
                         when);

  if (!_tend_demo_server_commit_ticket (self, updated, comment, &error))
    {
      g_warning ("Live reply not stored: %s", error->message);
      return 0;
    }

  return tend_ticket_get_id (updated);
}

gint64
_tend_demo_server_live_step (TendDemoServer *self)
{
  g_autoptr(GRand) rand = NULL;
  guint32 seed[3];
  guint step = self->live_step++;

  seed[0] = (guint32) self->seed;
  seed[1] = (guint32) (self->seed >> 32);
  seed[2] = step;
  rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));

  /* One new ticket for every two replies. */
  if (step % 3 == 0)
    return live_new_ticket (self, rand);
  else
    return live_customer_reply (self, rand);
}
