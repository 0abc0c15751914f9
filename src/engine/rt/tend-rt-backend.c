/* tend-rt-backend.c: TendBackend for Request Tracker 5 (REST 2.0)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-rt-backend"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-article.h"
#include "tend-attachment.h"
#include "tend-comment.h"
#include "tend-html.h"
#include "tend-json.h"
#include "tend-organization.h"
#include "tend-rt-backend.h"
#include "tend-rt-json.h"
#include "tend-ticket.h"
#include "tend-user.h"

#define REST_PATH               "/REST/2.0"
/* RT caps per_page at 100 whatever one asks. */
#define PAGE_SIZE               100
/* A change committed a little after a later one could slip past the
 * LastUpdated bound; each pass starts this much earlier and skips what
 * it has already seen (by id and LastUpdated). */
#define OVERLAP_SECONDS         60
#define MAX_SEEN_ENTRIES        5000
#define MAX_PAGES_PER_LIST      1000
/* Time zone offsets lie between -12:00 and +14:00, on quarter hours. */
#define OFFSET_STEP             (15 * 60)
#define OFFSET_MIN              (-14 * 3600)
#define OFFSET_MAX              (15 * 3600)

#define TICKET_FIELDS \
  "Subject,Status,Priority,InitialPriority,FinalPriority,Owner,Queue,Requestor,Cc,AdminCc," \
  "Creator,Created,LastUpdated,Started,Resolved,Due,Told,TimeWorked,TimeEstimated,TimeLeft," \
  "Type,CustomFields"

struct _TendRtBackend
{
  GObject     parent_instance;

  TendHttp   *http;
  char       *web_url;       /* RT's web root, no trailing slash */
  char       *rest_url;      /* web_url + REST_PATH */
  char       *login;
  gboolean    uses_token;
  gint64      token_owner;   /* the user id a token names; 0 for passwords */

  /* The sync calls one method at a time, but the outbox may run
   * alongside it: the caches are shared. */
  GMutex      lock;
  GHashTable *users;         /* id → TendUser read this session */
  GHashTable *organizations; /* id → name */
  gboolean    offset_known;
  int         offset;        /* seconds RT's reading of our dates is off UTC */
};

static void tend_rt_backend_iface_init (TendBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TendRtBackend, tend_rt_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TEND_TYPE_BACKEND,
                                                      tend_rt_backend_iface_init))

static void
tend_rt_backend_finalize (GObject *object)
{
  TendRtBackend *self = TEND_RT_BACKEND (object);

  g_clear_object (&self->http);
  g_clear_pointer (&self->web_url, g_free);
  g_clear_pointer (&self->rest_url, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->organizations, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tend_rt_backend_parent_class)->finalize (object);
}

static void
tend_rt_backend_class_init (TendRtBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tend_rt_backend_finalize;
}

static void
tend_rt_backend_init (TendRtBackend *self)
{
  g_mutex_init (&self->lock);
  self->users = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->organizations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* "1-14-0123…": RT's tokens start with a version and their owner's id. */
static gint64
token_owner (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, "-", 3);
  guint64 id = 0;

  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "1") ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return (gint64) id;
}

TendRtAuth
tend_rt_auth_for_secret (const char *secret)
{
  static GRegex *token_shape;

  g_return_val_if_fail (secret != NULL, TEND_RT_AUTH_PASSWORD);

  if (g_once_init_enter (&token_shape))
    g_once_init_leave (&token_shape, g_regex_new ("^[0-9]+-[0-9]+-[0-9a-fA-F]{32}$",
                                                  G_REGEX_OPTIMIZE | G_REGEX_DOLLAR_ENDONLY, 0, NULL));
  return g_regex_match (token_shape, secret, 0, NULL) ? TEND_RT_AUTH_TOKEN : TEND_RT_AUTH_PASSWORD;
}

TendRtBackend *
tend_rt_backend_new (const char  *url,
                     const char  *login,
                     const char  *secret,
                     TendRtAuth   auth,
                     GError     **error)
{
  g_autoptr(TendRtBackend) self = NULL;
  g_autofree char *root = NULL;
  TendHttp *http;
  gsize len;

  g_return_val_if_fail (secret != NULL, NULL);

  if (auth == TEND_RT_AUTH_PASSWORD && (login == NULL || login[0] == '\0'))
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("Signing in to Request Tracker with a password needs the user name"));
      return NULL;
    }
  if (secret[0] == '\0')
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           auth == TEND_RT_AUTH_TOKEN ?
                           _("No Request Tracker token was given") :
                           _("No Request Tracker password was given"));
      return NULL;
    }

  /* Agents paste the REST address as often as the web one. */
  root = g_strdup (url != NULL ? url : "");
  len = strlen (root);
  while (len > 0 && root[len - 1] == '/')
    root[--len] = '\0';
  if (g_str_has_suffix (root, REST_PATH))
    root[len - strlen (REST_PATH)] = '\0';

  http = tend_http_new (root, error);
  if (http == NULL)
    return NULL;

  self = g_object_new (TEND_TYPE_RT_BACKEND, NULL);
  self->http = http;
  self->web_url = g_strdup (tend_http_get_base_url (http));
  self->rest_url = g_strconcat (self->web_url, REST_PATH, NULL);
  self->login = login != NULL && login[0] != '\0' ? g_strdup (login) : NULL;

  if (auth == TEND_RT_AUTH_TOKEN)
    {
      tend_http_set_authorization (http, "token", secret);
      self->uses_token = TRUE;
      self->token_owner = token_owner (secret);
      if (self->login == NULL && self->token_owner == 0)
        {
          g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                               _("This does not look like a Request Tracker token; "
                                 "give the user name as well"));
          return NULL;
        }
    }
  else
    tend_http_set_basic_auth (http, login, secret);

  return g_steal_pointer (&self);
}

TendHttp *
tend_rt_backend_get_http (TendRtBackend *self)
{
  g_return_val_if_fail (TEND_IS_RT_BACKEND (self), NULL);

  return self->http;
}

const char *
tend_rt_backend_get_web_url (TendRtBackend *self)
{
  g_return_val_if_fail (TEND_IS_RT_BACKEND (self), NULL);

  return self->web_url;
}

int
tend_rt_backend_get_time_offset (TendRtBackend *self)
{
  int offset;

  g_return_val_if_fail (TEND_IS_RT_BACKEND (self), 0);

  g_mutex_lock (&self->lock);
  offset = self->offset_known ? self->offset : 0;
  g_mutex_unlock (&self->lock);
  return offset;
}

/* Requests */

/* "…?a=1&b=2": the query of a REST2 path, every name and value escaped
 * (TicketSQL and JSON queries are full of reserved characters). */
static void
append_param (GString    *path,
              const char *name,
              const char *value)
{
  g_autofree char *escaped_name = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (path, strchr (path->str, '?') != NULL ? '&' : '?');
  g_string_append (path, escaped_name);
  g_string_append_c (path, '=');
  g_string_append (path, escaped_value);
}

static void
append_int_param (GString    *path,
                  const char *name,
                  gint64      value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  append_param (path, name, text);
}

/* The ticket fields Tend maps, with the requestors' details. */
static void
add_ticket_fields (GString *path)
{
  append_param (path, "fields", TICKET_FIELDS);
  append_param (path, "fields[Requestor]", "id,Name,EmailAddress,RealName,Organization");
  append_param (path, "fields[Owner]", "id,Name");
  append_param (path, "fields[Creator]", "id,Name");
  append_param (path, "fields[Queue]", "id,Name,Lifecycle");
  append_param (path, "fields[Cc]", "id,EmailAddress");
  append_param (path, "fields[AdminCc]", "id,EmailAddress");
}

static JsonObject *
root_object (JsonNode    *root,
             const char  *what,
             GError     **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("Request Tracker's answer for %s is not a JSON object"), what);
      return NULL;
    }
  return json_node_get_object (root);
}

/* A page of a REST2 collection: its items, and whether more pages may
 * follow. RT filters rows the agent may not see after paging, and then
 * reports no total: a full page is the only sign of more. */
typedef struct
{
  JsonNode  *root;
  JsonArray *items;
  gboolean   more;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->root, json_node_unref);
  page->items = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static gboolean
get_page (TendRtBackend  *self,
          const char     *path,
          const char     *what,
          Page           *page,
          GCancellable   *cancellable,
          GError        **error)
{
  JsonObject *object;
  JsonNode *items;
  JsonNode *total;
  gint64 per_page;
  gint64 number;
  guint count;

  page->root = tend_http_get_json (self->http, path, cancellable, error);
  if (page->root == NULL)
    return FALSE;
  object = root_object (page->root, what, error);
  if (object == NULL)
    return FALSE;

  items = json_object_get_member (object, "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("Request Tracker's answer for %s has no list of items"), what);
      return FALSE;
    }
  page->items = json_node_get_array (items);
  count = json_array_get_length (page->items);

  if (!tend_rt_get_id (object, "per_page", &per_page))
    per_page = PAGE_SIZE;
  if (!tend_rt_get_id (object, "page", &number))
    number = 1;

  /* "total" is a number only when RT counted every row for us; "pages"
   * may then be the float 0.0, so it is not read at all. */
  total = json_object_get_member (object, "total");
  if (total != NULL && JSON_NODE_HOLDS_VALUE (total) &&
      json_node_get_value_type (total) == G_TYPE_INT64)
    page->more = number * per_page < json_node_get_int (total);
  else
    page->more = count > 0 && count >= per_page;
  return TRUE;
}

/* One model per collection item; items the mapping refuses are skipped:
 * one broken record must not block the stream behind it. */
typedef gpointer (*ParseFunc) (JsonObject *object, GError **error);

/* Users and organizations */

static void
remember_user (TendRtBackend *self,
               TendUser      *user,
               const char    *organization)
{
  gint64 *key = g_new (gint64, 1);

  *key = tend_user_get_id (user);
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->users, key, g_object_ref (user));
  if (tend_user_get_organization_id (user) != 0 && organization != NULL)
    {
      gint64 *org_key = g_new (gint64, 1);

      *org_key = tend_user_get_organization_id (user);
      g_hash_table_replace (self->organizations, org_key, g_strstrip (g_strdup (organization)));
    }
  g_mutex_unlock (&self->lock);
}

static gboolean
user_is_known (TendRtBackend *self,
               gint64         id)
{
  gboolean known;

  g_mutex_lock (&self->lock);
  known = g_hash_table_contains (self->users, &id);
  g_mutex_unlock (&self->lock);
  return known;
}

/* GET /user/:id (or a login) and its organization: only the user record
 * says whether someone is privileged (an agent); references inside
 * tickets and transactions do not. */
static TendUser *
fetch_user (TendRtBackend     *self,
            const char        *id_or_login,
            TendOrganization **organization,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) path = g_string_new (REST_PATH "/user/");
  g_autofree char *escaped = g_uri_escape_string (id_or_login, NULL, FALSE);
  g_autoptr(TendUser) user = NULL;
  JsonObject *object;

  g_string_append (path, escaped);
  root = tend_http_get_json (self->http, path->str, cancellable, error);
  if (root == NULL)
    return NULL;
  object = root_object (root, "a user", error);
  if (object == NULL)
    return NULL;

  user = tend_rt_user_from_json (object, error);
  if (user == NULL)
    return NULL;
  if (organization != NULL)
    *organization = tend_rt_organization_from_user_json (object);
  {
    JsonNode *node = json_object_get_member (object, "Organization");

    remember_user (self, user,
                   node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                   json_node_get_value_type (node) == G_TYPE_STRING ?
                   json_node_get_string (node) : NULL);
  }
  return g_steal_pointer (&user);
}

/* Adds the users with these ids (and their organizations) that this
 * session has not read yet; users RT no longer has are skipped. */
static gboolean
add_users (TendRtBackend  *self,
           GArray         *ids,
           gboolean        only_new,
           TendChangeset  *changes,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(TendUser) user = NULL;
      g_autoptr(TendOrganization) organization = NULL;
      g_autoptr(GError) local_error = NULL;
      char text[32];
      gint64 *key;

      if (id <= 0 || g_hash_table_contains (done, &id))
        continue;
      key = g_new (gint64, 1);
      *key = id;
      g_hash_table_add (done, key);
      if (only_new && user_is_known (self, id))
        continue;

      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, id);
      user = fetch_user (self, text, &organization, cancellable, &local_error);
      if (user == NULL)
        {
          if (g_error_matches (local_error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      tend_changeset_add_user (changes, user);
      if (organization != NULL)
        tend_changeset_add_organization (changes, organization);
    }
  return TRUE;
}

/* Who am I */

static TendUser *
tend_rt_backend_who_am_i (TendBackend   *backend,
                          GCancellable  *cancellable,
                          GError       **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);
  g_autoptr(TendUser) me = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *who = NULL;

  /* REST2 in RT 5.0 has no "current user" resource: the agent's own
   * record, by login or by the id inside the token. */
  if (self->login != NULL)
    who = g_strdup (self->login);
  else
    who = g_strdup_printf ("%" G_GINT64_FORMAT, self->token_owner);

  me = fetch_user (self, who, NULL, cancellable, &local_error);
  if (me == NULL)
    {
      if (g_error_matches (local_error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
        g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                     _("Request Tracker at %s has no user “%s”"), self->web_url, who);
      else if (g_error_matches (local_error, TEND_ERROR, TEND_ERROR_AUTH))
        /* TendHttp's words are Zendesk's ("email address and API token"). */
        g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                     self->uses_token ?
                     _("Request Tracker at %s did not accept the token (%s)") :
                     _("Request Tracker at %s did not accept the user name and password (%s)"),
                     self->web_url, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Any agent may read any user: make sure the token is the login's. */
  if (self->token_owner != 0 && tend_user_get_id (me) != self->token_owner)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                   _("This token belongs to another Request Tracker user than “%s”"), who);
      return NULL;
    }

  if (tend_user_get_role (me) == TEND_USER_ROLE_END_USER)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_AUTH,
                   _("“%s” is not a privileged user in Request Tracker; Tend needs a staff account"),
                   who);
      return NULL;
    }

  g_debug ("Signed in to %s as user %" G_GINT64_FORMAT, self->web_url, tend_user_get_id (me));
  return g_steal_pointer (&me);
}

static TendBackendCommentMode
tend_rt_backend_get_comment_mode (TendBackend *backend)
{
  return TEND_BACKEND_COMMENTS_PER_TICKET;
}

/* Time zone: RT reads the dates of a TicketSQL query in the agent's time
 * zone (or the server's), whatever zone the text names, and nothing in
 * REST2 says which that is. It is measured instead, on a ticket whose
 * LastUpdated is known: "id = N AND LastUpdated >= 'T'" matches exactly
 * when T, as RT reads it, is not after the ticket's time. */

static gboolean
probe_matches (TendRtBackend  *self,
               gint64          ticket_id,
               gint64          updated_at,
               int             offset,
               gboolean       *matches,
               GCancellable   *cancellable,
               GError        **error)
{
  g_auto(Page) page = { 0 };
  g_autoptr(GString) path = g_string_new (REST_PATH "/tickets");
  g_autofree char *time = tend_rt_format_query_time (updated_at, offset);
  g_autofree char *query = g_strdup_printf ("id = %" G_GINT64_FORMAT " AND LastUpdated >= '%s'",
                                            ticket_id, time);

  append_param (path, "query", query);
  append_param (path, "per_page", "1");
  if (!get_page (self, path->str, "a time zone probe", &page, cancellable, error))
    return FALSE;
  *matches = json_array_get_length (page.items) > 0;
  return TRUE;
}

/* The newest ticket, as (id, LastUpdated): a probe whose time is exact. */
static gboolean
newest_ticket (TendRtBackend  *self,
               gint64         *ticket_id,
               gint64         *updated_at,
               GCancellable   *cancellable,
               GError        **error)
{
  g_auto(Page) page = { 0 };
  g_autoptr(GString) path = g_string_new (REST_PATH "/tickets");
  JsonNode *first;

  append_param (path, "query", "id > 0");
  append_param (path, "orderby", "LastUpdated");
  append_param (path, "order", "DESC");
  append_param (path, "per_page", "1");
  append_param (path, "fields", "LastUpdated");
  if (!get_page (self, path->str, "the newest ticket", &page, cancellable, error))
    return FALSE;

  *ticket_id = 0;
  if (json_array_get_length (page.items) == 0)
    return TRUE;
  first = json_array_get_element (page.items, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first) ||
      !tend_rt_get_id (json_node_get_object (first), "id", ticket_id) ||
      !tend_rt_parse_time (json_object_get_string_member_with_default (json_node_get_object (first),
                                                                        "LastUpdated", ""),
                           updated_at) ||
      *updated_at <= 0)
    {
      *ticket_id = 0;
      return TRUE;
    }
  return TRUE;
}

/* Makes sure the offset is known and, with @verify, still right (a
 * daylight saving change moves it). */
static gboolean
ensure_offset (TendRtBackend  *self,
               gboolean        verify,
               GCancellable   *cancellable,
               GError        **error)
{
  gint64 ticket_id = 0;
  gint64 updated_at = 0;
  gboolean known;
  int offset;
  int lo;
  int hi;

  g_mutex_lock (&self->lock);
  known = self->offset_known;
  offset = self->offset;
  g_mutex_unlock (&self->lock);

  if (known && !verify)
    return TRUE;

  if (!newest_ticket (self, &ticket_id, &updated_at, cancellable, error))
    return FALSE;
  if (ticket_id == 0)
    return TRUE;  /* no tickets: no dates to write yet */

  if (known)
    {
      gboolean at = FALSE;
      gboolean above = TRUE;

      if (!probe_matches (self, ticket_id, updated_at, offset, &at, cancellable, error) ||
          !probe_matches (self, ticket_id, updated_at, offset + OFFSET_STEP, &above,
                          cancellable, error))
        return FALSE;
      if (at && !above)
        return TRUE;
    }

  /* The largest offset that still matches, by bisection. */
  lo = OFFSET_MIN;
  hi = OFFSET_MAX;
  while (hi - lo > OFFSET_STEP)
    {
      int mid = lo + ((hi - lo) / OFFSET_STEP / 2) * OFFSET_STEP;
      gboolean matches = FALSE;

      if (!probe_matches (self, ticket_id, updated_at, mid, &matches, cancellable, error))
        return FALSE;
      if (matches)
        lo = mid;
      else
        hi = mid;
    }

  g_debug ("Request Tracker reads query times %+d s from UTC", lo);
  g_mutex_lock (&self->lock);
  self->offset = lo;
  self->offset_known = TRUE;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static char *
query_time (TendRtBackend *self,
            gint64         unix_time)
{
  return tend_rt_format_query_time (unix_time, tend_rt_backend_get_time_offset (self));
}

/* Tickets.
 *
 * One pass reads the tickets changed since "since" (all of them on the
 * first sync) in (LastUpdated, id) order, a page at a time, each page
 * continuing after the last row of the one before ("after"): a ticket
 * changed during the pass moves to the end and is read again, nothing is
 * skipped. The next pass starts OVERLAP_SECONDS before the newest change
 * seen ("high") and drops the tickets it has already seen with the same
 * LastUpdated ("seen" becomes "skip"). RT never lists deleted tickets:
 * their deletions (and merges) come from the transactions since "since", those
 * already handled ("gone": transaction id → time) left out. */

typedef struct
{
  gboolean    has_since;
  gint64      since;
  gint64      deletions_since;  /* where this pass's deletions start */
  gboolean    has_after;
  gint64      after_time;
  gint64      after_id;
  gint64      high;
  GHashTable *seen;    /* id → LastUpdated, this pass */
  GHashTable *skip;    /* id → LastUpdated, the previous pass */
  GHashTable *gone;    /* deletion transaction id → its time */
} TicketCursor;

static void
ticket_cursor_clear (TicketCursor *cursor)
{
  g_clear_pointer (&cursor->seen, g_hash_table_unref);
  g_clear_pointer (&cursor->skip, g_hash_table_unref);
  g_clear_pointer (&cursor->gone, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TicketCursor, ticket_cursor_clear)

static GHashTable *
id_time_table_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static void
id_time_table_set (GHashTable *table,
                   gint64      id,
                   gint64      time)
{
  gint64 *key = g_new (gint64, 1);
  gint64 *value = g_new (gint64, 1);

  *key = id;
  *value = time;
  g_hash_table_replace (table, key, value);
}

static void
id_time_table_read (GHashTable *table,
                    JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (object == NULL)
    return;
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      guint64 id;

      if (g_hash_table_size (table) >= MAX_SEEN_ENTRIES)
        break;
      if (!g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT64, &id, NULL) ||
          !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        continue;
      id_time_table_set (table, (gint64) id, json_node_get_int (node));
    }
}

static JsonObject *
id_time_table_to_json (GHashTable *table)
{
  JsonObject *object = json_object_new ();
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      char name[32];

      g_snprintf (name, sizeof name, "%" G_GINT64_FORMAT, *(gint64 *) key);
      json_object_set_int_member (object, name, *(gint64 *) value);
    }
  return object;
}

/* Forgets what lies before @since; when still too many remain (a bulk
 * update), only the newest second is kept. */
static void
id_time_table_prune (GHashTable *table,
                     gint64      since,
                     gint64      newest)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (*(gint64 *) value < since)
        g_hash_table_iter_remove (&iter);
    }
  if (g_hash_table_size (table) <= MAX_SEEN_ENTRIES)
    return;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (*(gint64 *) value < newest)
        g_hash_table_iter_remove (&iter);
    }
}

static gboolean
json_get_int (JsonObject *object,
              const char *name,
              gint64     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static void
ticket_cursor_parse (TicketCursor *cursor,
                     const char   *text)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonNode *member;

  cursor->seen = id_time_table_new ();
  cursor->skip = id_time_table_new ();
  cursor->gone = id_time_table_new ();

  if (text == NULL || text[0] == '\0')
    return;
  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);

  cursor->has_since = json_get_int (object, "since", &cursor->since) && cursor->since >= 0;
  if (!json_get_int (object, "deletions_since", &cursor->deletions_since))
    cursor->deletions_since = cursor->has_since ? cursor->since : 0;
  member = json_object_get_member (object, "after");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    cursor->has_after = json_get_int (json_node_get_object (member), "time", &cursor->after_time) &&
                        json_get_int (json_node_get_object (member), "id", &cursor->after_id);
  if (!json_get_int (object, "high", &cursor->high))
    cursor->high = 0;
  member = json_object_get_member (object, "seen");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    id_time_table_read (cursor->seen, json_node_get_object (member));
  member = json_object_get_member (object, "skip");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    id_time_table_read (cursor->skip, json_node_get_object (member));
  member = json_object_get_member (object, "gone");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    id_time_table_read (cursor->gone, json_node_get_object (member));
}

static char *
ticket_cursor_to_string (TicketCursor *cursor)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  if (cursor->has_since)
    json_object_set_int_member (object, "since", cursor->since);
  json_object_set_int_member (object, "deletions_since", cursor->deletions_since);
  if (cursor->has_after)
    {
      JsonObject *after = json_object_new ();

      json_object_set_int_member (after, "time", cursor->after_time);
      json_object_set_int_member (after, "id", cursor->after_id);
      json_object_set_object_member (object, "after", after);
    }
  if (cursor->high > 0)
    json_object_set_int_member (object, "high", cursor->high);
  if (g_hash_table_size (cursor->seen) > 0)
    json_object_set_object_member (object, "seen", id_time_table_to_json (cursor->seen));
  if (g_hash_table_size (cursor->skip) > 0)
    json_object_set_object_member (object, "skip", id_time_table_to_json (cursor->skip));
  if (g_hash_table_size (cursor->gone) > 0)
    json_object_set_object_member (object, "gone", id_time_table_to_json (cursor->gone));

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/* Tickets deleted or merged into another since @since, from their
 * Status and MergedInto transactions; those in @gone were handled by an
 * earlier pass, and the new ones join it. A merged ticket vanishes from
 * TicketSQL (its messages now belong to the ticket it was merged into),
 * so for Tend it is as good as deleted. RT writes a MergedInto
 * transaction on both tickets: the surviving one is still listed, and
 * add_deletions() keeps it. */
static gboolean
pull_deletions (TendRtBackend  *self,
                gint64          since,
                GHashTable     *gone,
                GArray         *deleted,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autofree char *time = query_time (self, since);
  g_autofree char *query = NULL;

  query = g_strdup_printf ("ObjectType = 'RT::Ticket' AND Created >= '%s' AND "
                           "((Type = 'Status' AND NewValue = 'deleted') OR "
                           "(Type = 'AddLink' AND Field = 'MergedInto'))", time);

  for (guint page_number = 1; page_number <= MAX_PAGES_PER_LIST; page_number++)
    {
      g_auto(Page) page = { 0 };
      g_autoptr(GString) path = g_string_new (REST_PATH "/transactions");
      guint n;

      append_param (path, "query", query);
      append_param (path, "fields", "ObjectId,Created");
      append_param (path, "orderby", "id");
      append_int_param (path, "per_page", PAGE_SIZE);
      append_int_param (path, "page", page_number);
      if (!get_page (self, path->str, "deleted tickets", &page, cancellable, error))
        return FALSE;

      n = json_array_get_length (page.items);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (page.items, i);
          JsonObject *transaction;
          gint64 transaction_id;
          gint64 ticket_id;
          gint64 created = 0;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          transaction = json_node_get_object (element);
          if (!tend_rt_get_id (transaction, "id", &transaction_id) ||
              !tend_rt_get_id (transaction, "ObjectId", &ticket_id) ||
              g_hash_table_contains (gone, &transaction_id))
            continue;
          tend_rt_parse_time (json_object_get_string_member_with_default (transaction, "Created", ""),
                              &created);
          id_time_table_set (gone, transaction_id, created);
          g_array_append_val (deleted, ticket_id);
        }
      if (!page.more)
        break;
    }

  id_time_table_prune (gone, since, G_MAXINT64);
  return TRUE;
}

/* Deletes those of @deleted that RT does not list any more: a ticket
 * deleted and restored since is listed, and stays. */
static gboolean
add_deletions (TendRtBackend  *self,
               GArray         *deleted,
               TendChangeset  *changes,
               GCancellable   *cancellable,
               GError        **error)
{
  for (guint start = 0; start < deleted->len; start += PAGE_SIZE)
    {
      g_autoptr(GHashTable) alive = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_autoptr(GString) query = g_string_new (NULL);
      g_autoptr(GString) path = g_string_new (REST_PATH "/tickets");
      g_auto(Page) page = { 0 };
      guint end = MIN (deleted->len, start + PAGE_SIZE);

      for (guint i = start; i < end; i++)
        g_string_append_printf (query, "%sid = %" G_GINT64_FORMAT, i > start ? " OR " : "",
                                g_array_index (deleted, gint64, i));
      append_param (path, "query", query->str);
      append_int_param (path, "per_page", PAGE_SIZE);
      if (!get_page (self, path->str, "deleted tickets", &page, cancellable, error))
        return FALSE;

      for (guint i = 0; i < json_array_get_length (page.items); i++)
        {
          JsonNode *element = json_array_get_element (page.items, i);
          gint64 id;

          if (JSON_NODE_HOLDS_OBJECT (element) &&
              tend_rt_get_id (json_node_get_object (element), "id", &id))
            {
              gint64 *key = g_new (gint64, 1);

              *key = id;
              g_hash_table_add (alive, key);
            }
        }

      for (guint i = start; i < end; i++)
        {
          gint64 id = g_array_index (deleted, gint64, i);

          if (!g_hash_table_contains (alive, &id))
            tend_changeset_delete_ticket (changes, id);
        }
    }
  return TRUE;
}

static void
collect_ticket_users (JsonObject *item,
                      GArray     *ids)
{
  JsonNode *requestors = json_object_get_member (item, "Requestor");
  JsonNode *owner = json_object_get_member (item, "Owner");
  gint64 id;

  if (requestors != NULL && JSON_NODE_HOLDS_ARRAY (requestors))
    {
      JsonArray *array = json_node_get_array (requestors);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element) &&
              tend_rt_get_id (json_node_get_object (element), "id", &id))
            g_array_append_val (ids, id);
        }
    }
  if (owner != NULL && JSON_NODE_HOLDS_OBJECT (owner) &&
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (owner), "Name", ""),
                 "Nobody") != 0 &&
      tend_rt_get_id (json_node_get_object (owner), "id", &id))
    g_array_append_val (ids, id);
}

static gboolean
tend_rt_backend_pull_tickets (TendBackend    *backend,
                              const char     *cursor_text,
                              TendChangeset  *changes,
                              char          **next_cursor,
                              gboolean       *end_of_stream,
                              GCancellable   *cancellable,
                              GError        **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);
  g_auto(TicketCursor) cursor = { 0 };
  g_auto(Page) page = { 0 };
  g_autoptr(GString) path = g_string_new (REST_PATH "/tickets");
  g_autoptr(GArray) deleted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *query = NULL;
  guint n;

  ticket_cursor_parse (&cursor, cursor_text);

  if (!cursor.has_after)
    {
      /* A new pass. Its deletions are read at its end, from its start on
       * (a ticket deleted while the pass runs vanishes from the listing);
       * the start of the first pass is the newest change before it. */
      if (cursor.has_since)
        {
          /* The time zone may have changed (daylight saving time). */
          if (!ensure_offset (self, TRUE, cancellable, error))
            return FALSE;
          cursor.deletions_since = cursor.since;
        }
      else
        {
          gint64 newest_id = 0;
          gint64 newest_time = 0;

          if (!newest_ticket (self, &newest_id, &newest_time, cancellable, error))
            return FALSE;
          cursor.deletions_since = MAX (newest_time - OVERLAP_SECONDS, 0);
        }
      g_hash_table_remove_all (cursor.seen);
      cursor.high = 0;
    }
  else if (!ensure_offset (self, FALSE, cancellable, error))
    return FALSE;

  if (cursor.has_after)
    {
      g_autofree char *time = query_time (self, cursor.after_time);

      /* RT's "=" on dates means the whole day: the same second is written
       * as ">= T AND <= T". */
      query = g_strdup_printf ("LastUpdated > '%s' OR (LastUpdated >= '%s' AND "
                               "LastUpdated <= '%s' AND id > %" G_GINT64_FORMAT ")",
                               time, time, time, cursor.after_id);
    }
  else if (cursor.has_since)
    {
      g_autofree char *time = query_time (self, cursor.since);

      query = g_strdup_printf ("LastUpdated >= '%s'", time);
    }
  else
    query = g_strdup ("id > 0");

  append_param (path, "query", query);
  append_param (path, "orderby", "LastUpdated");
  append_param (path, "order", "ASC");
  append_param (path, "orderby", "id");
  append_param (path, "order", "ASC");
  append_int_param (path, "per_page", PAGE_SIZE);
  add_ticket_fields (path);

  if (!get_page (self, path->str, "the ticket search", &page, cancellable, error))
    return FALSE;

  n = json_array_get_length (page.items);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (page.items, i);
      g_autoptr(TendTicket) ticket = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *item;
      gint64 *skipped;
      gint64 id;
      gint64 updated_at;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);
      ticket = tend_rt_ticket_from_json (item, &local_error);
      if (ticket == NULL)
        {
          g_debug ("Skipping a ticket: %s", local_error->message);
          continue;
        }
      id = tend_ticket_get_id (ticket);
      updated_at = tend_ticket_get_updated_at (ticket);

      /* The keyset moves on whatever happens to the row. */
      if (!cursor.has_after || updated_at > cursor.after_time ||
          (updated_at == cursor.after_time && id > cursor.after_id))
        {
          cursor.has_after = TRUE;
          cursor.after_time = updated_at;
          cursor.after_id = id;
        }
      cursor.high = MAX (cursor.high, updated_at);
      id_time_table_set (cursor.seen, id, updated_at);

      skipped = g_hash_table_lookup (cursor.skip, &id);
      if (skipped != NULL && *skipped == updated_at)
        continue;

      collect_ticket_users (item, user_ids);
      if (tend_ticket_get_status (ticket) == TEND_TICKET_STATUS_DELETED)
        tend_changeset_delete_ticket (changes, id);
      else
        tend_changeset_add_ticket (changes, ticket);
    }

  /* Requestors and owners come along with their tickets, so that the
   * inbox shows names at once; each person is read once a session. */
  if (!add_users (self, user_ids, TRUE, changes, cancellable, error))
    return FALSE;

  id_time_table_prune (cursor.seen, cursor.high - OVERLAP_SECONDS, cursor.high);

  *end_of_stream = !page.more;
  if (*end_of_stream)
    {
      if (!ensure_offset (self, FALSE, cancellable, error) ||
          !pull_deletions (self, cursor.deletions_since, cursor.gone, deleted, cancellable, error))
        return FALSE;
      if (!add_deletions (self, deleted, changes, cancellable, error))
        return FALSE;

      /* The next pass. With nothing new, it starts where this one did. */
      if (cursor.high > 0)
        {
          cursor.has_since = TRUE;
          cursor.since = MAX (cursor.high - OVERLAP_SECONDS, 0);
          g_hash_table_unref (cursor.skip);
          cursor.skip = g_steal_pointer (&cursor.seen);
          cursor.seen = id_time_table_new ();
        }
      cursor.has_after = FALSE;
      cursor.high = 0;
    }

  *next_cursor = ticket_cursor_to_string (&cursor);
  return TRUE;
}

/* Conversations: the ticket's Create, Correspond and Comment transactions
 * (never EmailRecord, RT's copies of the mail it sent), the attachments of
 * exactly those, and the text of their body parts. */

static gboolean
list_all (TendRtBackend  *self,
          const char     *base_path,
          const char     *what,
          GPtrArray      *items,   /* JsonObject, referenced */
          GCancellable   *cancellable,
          GError        **error)
{
  for (guint page_number = 1; ; page_number++)
    {
      g_auto(Page) page = { 0 };
      g_autoptr(GString) path = g_string_new (base_path);
      guint n;

      if (page_number > MAX_PAGES_PER_LIST)
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                       _("Request Tracker lists more than %u pages of %s"),
                       MAX_PAGES_PER_LIST, what);
          return FALSE;
        }

      append_int_param (path, "per_page", PAGE_SIZE);
      append_int_param (path, "page", page_number);
      if (!get_page (self, path->str, what, &page, cancellable, error))
        return FALSE;

      n = json_array_get_length (page.items);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (page.items, i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            g_ptr_array_add (items, json_object_ref (json_node_get_object (element)));
        }
      if (!page.more)
        return TRUE;
    }
}

/* A JSON query for an "IN" list of ids, for the collections that take
 * JSON queries (attachments). */
static char *
json_in_query (const char *field,
               GArray     *ids,
               guint       start,
               guint       count)
{
  g_autoptr(JsonArray) query = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonObject *limit = json_object_new ();
  JsonArray *values = json_array_new ();

  for (guint i = start; i < ids->len && i < start + count; i++)
    json_array_add_int_element (values, g_array_index (ids, gint64, i));
  json_object_set_string_member (limit, "field", field);
  json_object_set_string_member (limit, "operator", "IN");
  json_object_set_array_member (limit, "value", values);
  json_array_add_object_element (query, limit);
  json_node_set_array (node, query);
  return json_to_string (node, FALSE);
}

typedef struct
{
  TendComment *comment;
  gint64       plain_id;   /* the first text/plain body part */
  gint64       html_id;    /* the first text/html body part */
} Message;

static void
message_free (Message *message)
{
  g_clear_object (&message->comment);
  g_free (message);
}

static gboolean
tend_rt_backend_pull_ticket_comments (TendBackend    *backend,
                                      gint64          ticket_id,
                                      TendChangeset  *changes,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);
  g_autoptr(GPtrArray) transactions = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) message_free);
  g_autoptr(GHashTable) by_transaction = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) contents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) transaction_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) body_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) path = NULL;

  g_return_val_if_fail (ticket_id > 0, FALSE);

  /* The ticket's history, not a TransactionSQL search on its ObjectId:
   * the history also holds the transactions of the tickets merged into
   * this one, which TransactionSQL cannot ask for (it has no EffectiveId).
   * The field changes and EmailRecords in it are skipped below. */
  path = g_string_new (NULL);
  g_string_printf (path, REST_PATH "/ticket/%" G_GINT64_FORMAT "/history", ticket_id);
  append_param (path, "fields", "Type,Created,Creator,TimeTaken");
  append_param (path, "fields[Creator]", "id");
  append_param (path, "orderby", "id");
  if (!list_all (self, path->str, "a ticket's history", transactions, cancellable, error))
    return FALSE;

  for (guint i = 0; i < transactions->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      TendComment *comment;
      Message *message;
      gint64 *key;
      gint64 id;
      const char *type = json_object_get_string_member_with_default (g_ptr_array_index (transactions, i),
                                                                     "Type", "");

      if (!g_str_equal (type, "Create") && !g_str_equal (type, "Correspond") &&
          !g_str_equal (type, "Comment"))
        continue;
      comment = tend_rt_comment_from_json (g_ptr_array_index (transactions, i), ticket_id, &local_error);
      if (comment == NULL)
        {
          g_debug ("Skipping a transaction of ticket %" G_GINT64_FORMAT ": %s",
                   ticket_id, local_error->message);
          continue;
        }
      message = g_new0 (Message, 1);
      message->comment = comment;
      g_ptr_array_add (messages, message);
      id = tend_comment_get_id (comment);
      key = g_new (gint64, 1);
      *key = id;
      g_hash_table_insert (by_transaction, key, message);
      g_array_append_val (transaction_ids, id);
    }

  /* The parts of those transactions: metadata first, so that files are
   * never downloaded as text, a hundred transactions at a time. */
  for (guint start = 0; start < transaction_ids->len; start += PAGE_SIZE)
    {
      g_autoptr(GString) parts_path = g_string_new (REST_PATH "/attachments");
      g_autofree char *in = json_in_query ("TransactionId", transaction_ids, start, PAGE_SIZE);

      append_param (parts_path, "query", in);
      append_param (parts_path, "fields", "TransactionId,ContentType,Filename,ContentLength");
      append_param (parts_path, "orderby", "id");
      if (!list_all (self, parts_path->str, "a ticket's attachments", attachments, cancellable, error))
        return FALSE;
    }

  for (guint i = 0; i < attachments->len; i++)
    {
      JsonObject *attachment = g_ptr_array_index (attachments, i);
      gint64 transaction_id = tend_rt_attachment_get_transaction_id (attachment);
      Message *message = g_hash_table_lookup (by_transaction, &transaction_id);
      gboolean is_html = FALSE;
      gint64 id;

      if (message == NULL || !tend_rt_get_id (attachment, "id", &id))
        continue;

      if (tend_rt_attachment_is_body (attachment, &is_html))
        {
          gint64 *slot = is_html ? &message->html_id : &message->plain_id;

          if (*slot == 0)
            {
              *slot = id;
              g_array_append_val (body_ids, id);
            }
        }
      else
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(TendAttachment) file = NULL;
          JsonNode *name = json_object_get_member (attachment, "Filename");

          /* Containers (multipart types) and unnamed non-text parts are
           * structure, not files. */
          if (name == NULL || !JSON_NODE_HOLDS_VALUE (name) ||
              json_node_get_value_type (name) != G_TYPE_STRING ||
              json_node_get_string (name)[0] == '\0')
            continue;
          file = tend_rt_attachment_from_json (attachment, ticket_id, self->rest_url, &local_error);
          if (file != NULL)
            tend_comment_add_attachment (message->comment, file);
        }
    }

  /* The bodies' text (decoded by RT in collections). */
  for (guint start = 0; start < body_ids->len; start += PAGE_SIZE)
    {
      g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr(GString) bodies_path = g_string_new (REST_PATH "/attachments");
      g_autofree char *in = json_in_query ("id", body_ids, start, PAGE_SIZE);

      append_param (bodies_path, "query", in);
      append_param (bodies_path, "fields", "Content");
      if (!list_all (self, bodies_path->str, "message texts", bodies, cancellable, error))
        return FALSE;

      for (guint i = 0; i < bodies->len; i++)
        {
          JsonObject *body = g_ptr_array_index (bodies, i);
          JsonNode *content = json_object_get_member (body, "Content");
          gint64 *key;
          gint64 id;

          if (!tend_rt_get_id (body, "id", &id) || content == NULL ||
              !JSON_NODE_HOLDS_VALUE (content) ||
              json_node_get_value_type (content) != G_TYPE_STRING)
            continue;
          key = g_new (gint64, 1);
          *key = id;
          g_hash_table_replace (contents, key, g_strdup (json_node_get_string (content)));
        }
    }

  for (guint i = 0; i < messages->len; i++)
    {
      Message *message = g_ptr_array_index (messages, i);
      const char *plain = g_hash_table_lookup (contents, &message->plain_id);
      const char *html = g_hash_table_lookup (contents, &message->html_id);

      if (html != NULL)
        tend_comment_set_html_body (message->comment, html);
      if (plain != NULL)
        tend_comment_set_body (message->comment, plain);
      else if (html != NULL)
        {
          g_autofree char *text = tend_html_to_text (html);

          tend_comment_set_body (message->comment, text);
        }
      tend_changeset_add_comment (changes, message->comment);
    }

  return TRUE;
}

static gboolean
tend_rt_backend_pull_users (TendBackend    *backend,
                            const gint64   *ids,
                            guint           n_ids,
                            TendChangeset  *changes,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_autoptr(GArray) array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  g_array_append_vals (array, ids, n_ids);
  return add_users (TEND_RT_BACKEND (backend), array, FALSE, changes, cancellable, error);
}

/* RT has no organization records: an organization is the name users carry.
 * Those named by users read this session are known. */
static gboolean
tend_rt_backend_pull_organizations (TendBackend    *backend,
                                    const gint64   *ids,
                                    guint           n_ids,
                                    TendChangeset  *changes,
                                    GCancellable   *cancellable,
                                    GError        **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < n_ids; i++)
    {
      const char *name = g_hash_table_lookup (self->organizations, &ids[i]);
      g_autoptr(TendOrganization) organization = NULL;

      if (name == NULL)
        continue;
      organization = tend_organization_new (ids[i]);
      tend_organization_set_name (organization, name);
      tend_changeset_add_organization (changes, organization);
    }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Articles */

static void
add_article_fields (GString *path)
{
  append_param (path, "fields", "Name,Summary,Class,CustomFields,Created,LastUpdated,SortOrder,Disabled");
  append_param (path, "fields[Class]", "id,Name");
}

static void
parse_articles (TendRtBackend *self,
                JsonArray     *items,
                GPtrArray     *out,
                GHashTable    *seen)
{
  guint n = json_array_get_length (items);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      g_autoptr(GError) local_error = NULL;
      TendArticle *article;
      gint64 *key;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      article = tend_rt_article_from_json (json_node_get_object (element), self->web_url, &local_error);
      if (article == NULL)
        {
          g_debug ("Skipping an article: %s", local_error->message);
          continue;
        }
      if (seen != NULL)
        {
          gint64 id = tend_article_get_id (article);

          if (g_hash_table_contains (seen, &id))
            {
              g_object_unref (article);
              continue;
            }
          key = g_new (gint64, 1);
          *key = id;
          g_hash_table_add (seen, key);
        }
      g_ptr_array_add (out, article);
    }
}

static gboolean
tend_rt_backend_pull_articles (TendBackend    *backend,
                               const char     *cursor,
                               TendChangeset  *changes,
                               char          **next_cursor,
                               gboolean       *end_of_stream,
                               GCancellable   *cancellable,
                               GError        **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);
  g_auto(Page) page = { 0 };
  g_autoptr(GString) path = g_string_new (REST_PATH "/articles");
  guint64 page_number = 1;

  /* The cursor is the next page's number while a pass is under way. */
  if (cursor != NULL &&
      !g_ascii_string_to_unsigned (cursor, 10, 1, MAX_PAGES_PER_LIST, &page_number, NULL))
    page_number = 1;

  /* An empty JSON query lists nothing; "id > 0" lists every article. */
  append_param (path, "query", "[{\"field\":\"id\",\"operator\":\">\",\"value\":0}]");
  add_article_fields (path);
  append_param (path, "orderby", "id");
  append_int_param (path, "per_page", PAGE_SIZE);
  append_int_param (path, "page", (gint64) page_number);
  if (!get_page (self, path->str, "the knowledge base", &page, cancellable, error))
    return FALSE;

  parse_articles (self, page.items, changes->articles, NULL);

  *end_of_stream = !page.more || page_number >= MAX_PAGES_PER_LIST;
  if (!*end_of_stream)
    *next_cursor = g_strdup_printf ("%" G_GUINT64_FORMAT, page_number + 1);
  return TRUE;
}

/* RT has no macros (its templates write mail, not replies). */
static gboolean
tend_rt_backend_pull_macros (TendBackend    *backend,
                             const char     *cursor,
                             TendChangeset  *changes,
                             char          **next_cursor,
                             gboolean       *end_of_stream,
                             GCancellable   *cancellable,
                             GError        **error)
{
  *end_of_stream = TRUE;
  return TRUE;
}

/* Views are RT's saved searches; the queues (Tend's groups) come along as
 * meta "groups": [{"id": …, "name": …}]. */
static gboolean
tend_rt_backend_pull_views (TendBackend    *backend,
                            TendChangeset  *changes,
                            GCancellable   *cancellable,
                            GError        **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);
  g_autoptr(GPtrArray) queues = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) groups = json_array_new ();
  g_autoptr(JsonArray) views = json_array_new ();

  if (!list_all (self, REST_PATH "/queues/all?fields=Name", "queues", queues, cancellable, error))
    return FALSE;
  for (guint i = 0; i < queues->len; i++)
    {
      JsonObject *queue = g_ptr_array_index (queues, i);
      JsonObject *group;
      gint64 id;

      if (!tend_rt_get_id (queue, "id", &id))
        continue;
      group = json_object_new ();
      json_object_set_int_member (group, "id", id);
      json_object_set_string_member (group, "name",
                                     json_object_get_string_member_with_default (queue, "Name", ""));
      json_array_add_object_element (groups, group);
    }
  _tend_json_set_meta_array (changes, "groups", groups);

  if (!list_all (self, REST_PATH "/searches?fields=Name,Description,Disabled", "saved searches",
                 searches, cancellable, error))
    return FALSE;
  for (guint i = 0; i < searches->len; i++)
    {
      JsonObject *search = g_ptr_array_index (searches, i);
      const char *name = json_object_get_string_member_with_default (search, "Name", "");
      JsonObject *view;
      gint64 id;

      if (!tend_rt_get_id (search, "id", &id))
        continue;
      /* RT's own searches are named "Search - My Tickets" and so on. */
      if (g_str_has_prefix (name, "Search - "))
        name += strlen ("Search - ");
      view = json_object_new ();
      json_object_set_int_member (view, "id", id);
      json_object_set_string_member (view, "title", name);
      json_object_set_boolean_member (view, "active",
                                      json_object_get_string_member_with_default (search, "Disabled", "")[0] != '1');
      json_object_set_int_member (view, "position", i);
      json_array_add_object_element (views, view);
    }
  _tend_json_set_meta_array (changes, "views", views);
  return TRUE;
}

/* RT ANDs conditions on different article fields, and REST2 has no full
 * text search of articles: the name, summary and content are searched one
 * after the other and merged, name matches first. */
static GPtrArray *
tend_rt_backend_search_articles (TendBackend   *backend,
                                 const char    *query,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);
  static const char * const fields[] = { "Name", "Summary", "CustomField.{Content}" };
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *text = g_strstrip (g_strdup (query));

  if (text[0] == '\0')
    return g_steal_pointer (&articles);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_auto(Page) page = { 0 };
      g_autoptr(GString) path = g_string_new (REST_PATH "/articles");
      g_autoptr(JsonArray) conditions = json_array_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *json = NULL;
      JsonObject *condition = json_object_new ();

      json_object_set_string_member (condition, "field", fields[i]);
      json_object_set_string_member (condition, "operator", "LIKE");
      json_object_set_string_member (condition, "value", text);
      json_array_add_object_element (conditions, condition);
      json_node_set_array (node, conditions);
      json = json_to_string (node, FALSE);

      append_param (path, "query", json);
      add_article_fields (path);
      append_int_param (path, "per_page", PAGE_SIZE);
      if (!get_page (self, path->str, "the knowledge-base search", &page, cancellable, error))
        return NULL;
      parse_articles (self, page.items, articles, seen);
    }
  return g_steal_pointer (&articles);
}

/* One ticket, as the tickets search shows it (with its requestors'
 * details, which GET /ticket/:id leaves out). */
static gboolean
tend_rt_backend_pull_ticket (TendBackend    *backend,
                             gint64          ticket_id,
                             TendChangeset  *changes,
                             GCancellable   *cancellable,
                             GError        **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);
  g_auto(Page) page = { 0 };
  g_autoptr(GString) path = g_string_new (REST_PATH "/tickets");
  g_autoptr(GArray) user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(TendTicket) ticket = NULL;
  g_autofree char *query = NULL;
  JsonNode *element;

  g_return_val_if_fail (ticket_id > 0, FALSE);

  query = g_strdup_printf ("id = %" G_GINT64_FORMAT, ticket_id);
  append_param (path, "query", query);
  add_ticket_fields (path);
  if (!get_page (self, path->str, "a ticket", &page, cancellable, error))
    return FALSE;

  /* RT lists neither deleted tickets nor those the agent may not see. */
  if (json_array_get_length (page.items) == 0)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                   _("Ticket %lld is not in Request Tracker (any more)"), (long long) ticket_id);
      return FALSE;
    }
  element = json_array_get_element (page.items, 0);
  ticket = tend_rt_ticket_from_json (JSON_NODE_HOLDS_OBJECT (element) ?
                                     json_node_get_object (element) : NULL, error);
  if (ticket == NULL)
    return FALSE;
  collect_ticket_users (json_node_get_object (element), user_ids);
  tend_changeset_add_ticket (changes, ticket);
  return add_users (self, user_ids, TRUE, changes, cancellable, error);
}

static const char *
header (GHashTable *headers,
        const char *name)
{
  return headers != NULL ? g_hash_table_lookup (headers, name) : NULL;
}

/* The outbox. The conflict guard is RT's ETag (the id of the ticket's
 * latest transaction): the ticket is read first, a change made after the
 * agent's view is a conflict, and the field update carries If-Match so
 * that RT itself refuses it (412) when something slipped in between.
 * Fields go first, the message second, so that a refused field leaves
 * nothing behind to send twice; but a new status rides with the message,
 * as in RT's own "reply and resolve": RT reopens a resolved ticket on
 * correspondence, then applies the status. */
static gboolean
tend_rt_backend_push_change (TendBackend    *backend,
                             gint64          ticket_id,
                             JsonObject     *change,
                             gint64          seen_updated_at,
                             TendChangeset  *changes,
                             gint64         *comment_id,
                             GCancellable   *cancellable,
                             GError        **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);
  g_autoptr(GHashTable) headers = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) update = NULL;
  g_autoptr(JsonNode) message = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *ticket_path = NULL;
  g_autofree char *etag = NULL;
  JsonObject *object;
  const char *status = NULL;
  gboolean is_public = TRUE;
  gint64 updated_at = 0;

  g_return_val_if_fail (ticket_id > 0, FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  *comment_id = 0;
  message = tend_rt_message_to_json (change, &is_public, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  ticket_path = g_strdup_printf (REST_PATH "/ticket/%" G_GINT64_FORMAT, ticket_id);
  current = tend_http_send_json_full (self->http, "GET", ticket_path, NULL, NULL, &headers,
                                      cancellable, &local_error);
  if (current == NULL)
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                             _("Request Tracker sent an empty answer for a ticket"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  object = root_object (current, "a ticket", error);
  if (object == NULL)
    return FALSE;
  if (json_object_has_member (object, "LastUpdated"))
    tend_rt_parse_time (json_object_get_string_member_with_default (object, "LastUpdated", ""),
                        &updated_at);
  status = json_object_get_string_member_with_default (object, "Status", NULL);
  etag = g_strdup (header (headers, "etag"));

  /* Deleted tickets stay readable one by one. */
  if (g_strcmp0 (status, "deleted") == 0)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                   _("Ticket %lld was deleted in Request Tracker"), (long long) ticket_id);
      return FALSE;
    }
  if (seen_updated_at > 0 && updated_at > seen_updated_at)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_CONFLICT,
                   _("Ticket %lld changed in Request Tracker after you saw it"),
                   (long long) ticket_id);
      return FALSE;
    }

  update = tend_rt_update_to_json (change, status, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (update != NULL && message != NULL)
    {
      JsonObject *fields = json_node_get_object (update);

      if (json_object_has_member (fields, "Status"))
        {
          json_object_set_string_member (json_node_get_object (message), "Status",
                                         json_object_get_string_member (fields, "Status"));
          json_object_remove_member (fields, "Status");
        }
      if (json_object_get_size (fields) == 0)
        g_clear_pointer (&update, json_node_unref);
    }
  if (update == NULL && message == NULL)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("This change has nothing Request Tracker could apply"));
      return FALSE;
    }

  if (update != NULL)
    {
      g_autoptr(JsonNode) answer = NULL;
      const char *conditions[] = { "If-Match", etag, NULL };

      answer = tend_http_send_json_full (self->http, "PUT", ticket_path, update,
                                         etag != NULL && seen_updated_at > 0 ? conditions : NULL,
                                         NULL, cancellable, &local_error);
      if (answer == NULL && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!tend_rt_check_messages (answer, _("the ticket's new fields"), error))
        return FALSE;
    }

  if (message != NULL)
    {
      g_autoptr(GHashTable) message_headers = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *message_path = NULL;

      message_path = g_strdup_printf (REST_PATH "/ticket/%" G_GINT64_FORMAT "/%s", ticket_id,
                                      is_public ? "correspond" : "comment");
      answer = tend_http_send_json_full (self->http, "POST", message_path, message, NULL,
                                         &message_headers, cancellable, &local_error);
      if (answer == NULL && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *comment_id = tend_rt_transaction_id_from_location (header (message_headers, "location"));
      if (!tend_rt_check_messages (answer, is_public ? _("the reply") : _("the note"), &local_error))
        {
          /* The message is there: sending it again would post it twice. */
          g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
                       is_public ?
                       _("The reply was added to ticket %lld, but the rest of the change was not "
                         "(%s); discard this change and set it again") :
                       _("The note was added to ticket %lld, but the rest of the change was not "
                         "(%s); discard this change and set it again"),
                       (long long) ticket_id, local_error->message);
          return FALSE;
        }
    }

  /* The change is done: what follows only saves the next sync some work,
   * and a failure here is no reason to send it again. */
  if (!tend_rt_backend_pull_ticket (backend, ticket_id, changes, cancellable, &local_error) ||
      (message != NULL &&
       !tend_rt_backend_pull_ticket_comments (backend, ticket_id, changes, cancellable, &local_error)))
    g_debug ("Ticket %" G_GINT64_FORMAT " changed, but reading it back failed: %s",
             ticket_id, local_error->message);
  return TRUE;
}

/* RT sets no request budget. */
static int
tend_rt_backend_get_request_budget (TendBackend *backend)
{
  return -1;
}

/* An attachment's content URL is REST2's /attachment/ID, which answers
 * JSON with the file in base64 (collections mangle binary content). */
static gboolean
tend_rt_backend_download_file (TendBackend    *backend,
                               const char     *url,
                               GOutputStream  *output,
                               guint64         max_bytes,
                               char          **content_type,
                               GCancellable   *cancellable,
                               GError        **error)
{
  TendRtBackend *self = TEND_RT_BACKEND (backend);
  g_autofree char *prefix = g_strconcat (self->rest_url, "/attachment/", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autofree guchar *data = NULL;
  const char *encoded;
  JsonObject *object;
  gsize length = 0;

  if (!g_str_has_prefix (url, prefix))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not an RT attachment: %s", url);
      return FALSE;
    }

  root = tend_http_get_json (self->http, url, cancellable, error);
  if (root == NULL)
    return FALSE;
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  encoded = object != NULL ? json_object_get_string_member_with_default (object, "Content", NULL) : NULL;
  if (encoded == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("Request Tracker sent no content for the attachment %s"), url);
      return FALSE;
    }
  if ((guint64) strlen (encoded) / 4 * 3 > max_bytes + 2)
    {
      g_autofree char *limit = g_format_size (max_bytes);

      g_set_error (error, TEND_ERROR, TEND_ERROR_BAD_RESPONSE,
                   _("The file is larger than %s, the most Tend downloads"), limit);
      return FALSE;
    }

  data = g_base64_decode (encoded, &length);
  if (content_type != NULL)
    *content_type = g_strdup (json_object_get_string_member_with_default (object, "ContentType", NULL));
  return g_output_stream_write_all (output, data, length, NULL, cancellable, error);
}

static void
tend_rt_backend_iface_init (TendBackendInterface *iface)
{
  iface->who_am_i = tend_rt_backend_who_am_i;
  iface->get_comment_mode = tend_rt_backend_get_comment_mode;
  iface->pull_tickets = tend_rt_backend_pull_tickets;
  iface->pull_ticket_comments = tend_rt_backend_pull_ticket_comments;
  iface->pull_users = tend_rt_backend_pull_users;
  iface->pull_organizations = tend_rt_backend_pull_organizations;
  iface->pull_articles = tend_rt_backend_pull_articles;
  iface->pull_macros = tend_rt_backend_pull_macros;
  iface->pull_views = tend_rt_backend_pull_views;
  iface->search_articles = tend_rt_backend_search_articles;
  iface->get_request_budget = tend_rt_backend_get_request_budget;
  iface->push_change = tend_rt_backend_push_change;
  iface->pull_ticket = tend_rt_backend_pull_ticket;
  iface->download_file = tend_rt_backend_download_file;
}
