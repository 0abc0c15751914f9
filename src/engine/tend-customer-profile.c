/* tend-customer-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-customer-profile"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-customer-profile.h"
#include "tend-insights-private.h"
#include "tend-organization.h"
#include "tend-ticket.h"
#include "tend-user.h"

struct _TendCustomerProfile
{
  GObject           parent_instance;

  TendUser         *user;
  TendOrganization *organization;
  gint64            current_ticket_id;

  guint             n_tickets;
  guint             n_open;
  gint64            first_contact;
  guint             n_resolved;
  gint64            median_resolution;

  guint             csat_good;
  guint             csat_bad;
  char             *last_rating;
  char             *last_rating_comment;
  gint64            last_rating_ticket_id;

  GListStore       *other_tickets;
  guint             n_other_tickets;
  GListStore       *org_open_tickets;
  guint             n_org_open;
};

G_DEFINE_FINAL_TYPE (TendCustomerProfile, tend_customer_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER,
  PROP_ORGANIZATION,
  PROP_CURRENT_TICKET_ID,
  PROP_N_TICKETS,
  PROP_N_OPEN,
  PROP_FIRST_CONTACT,
  PROP_N_RESOLVED,
  PROP_MEDIAN_RESOLUTION,
  PROP_CSAT_GOOD,
  PROP_CSAT_BAD,
  PROP_LAST_RATING,
  PROP_LAST_RATING_COMMENT,
  PROP_LAST_RATING_TICKET_ID,
  PROP_OTHER_TICKETS,
  PROP_N_OTHER_TICKETS,
  PROP_ORG_OPEN_TICKETS,
  PROP_N_ORG_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Statuses below solved (4) are open: new, open, pending, on hold. */
#define SQL_COUNTS \
  "SELECT count(*), coalesce (sum (status < 4), 0), min (nullif (created_at, 0)), " \
  "coalesce (sum (status IN (4, 5)), 0), coalesce (sum (satisfaction = 'good'), 0), " \
  "coalesce (sum (satisfaction = 'bad'), 0), " \
  "(SELECT organization_id FROM tickets WHERE requester_id = ?1 " \
  " ORDER BY updated_at DESC, id DESC LIMIT 1) " \
  "FROM tickets WHERE requester_id = ?1"
#define SQL_LAST_RATING \
  "SELECT id, satisfaction, satisfaction_comment FROM tickets " \
  "WHERE requester_id = ?1 AND satisfaction IN ('good', 'bad') " \
  "ORDER BY updated_at DESC, id DESC LIMIT 1"
/* The last public agent reply comes from the (ticket_id, created_at)
 * index: one short range per solved ticket. */
#define SQL_RESOLUTIONS \
  "SELECT t.created_at, t.updated_at, " \
  "(SELECT max (c.created_at) FROM comments c JOIN users u ON u.id = c.author_id " \
  " WHERE c.ticket_id = t.id AND c.public = 1 AND u.role IN (1, 2)) " \
  "FROM tickets t WHERE t.requester_id = ?1 AND t.status IN (4, 5)"
#define SQL_OTHER_TICKETS \
  "SELECT " TEND_STORE_TICKET_COLUMNS " FROM tickets t " TEND_STORE_TICKET_JOINS \
  "WHERE t.requester_id = ?1 AND t.id <> ?2 " \
  "ORDER BY t.status >= 4, t.updated_at DESC, t.id DESC LIMIT ?3"
#define SQL_ORG \
  "SELECT " TEND_INSIGHTS_ORG_COLUMNS " FROM organizations o WHERE o.id = ?1"
#define SQL_ORG_OPEN_COUNT \
  "SELECT count(*) FROM tickets WHERE organization_id = ?1 AND status < 4 AND requester_id <> ?2"
#define SQL_ORG_OPEN_TICKETS \
  "SELECT " TEND_STORE_TICKET_COLUMNS " FROM tickets t " TEND_STORE_TICKET_JOINS \
  "WHERE t.organization_id = ?1 AND t.status < 4 AND t.requester_id <> ?2 " \
  "ORDER BY t.updated_at DESC, t.id DESC LIMIT ?3"

/* Loading */

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gboolean
read_error (TendInsightsDb  *idb,
            sqlite3_stmt    *stmt,
            int              rc,
            GError         **error)
{
  _tend_store_stmt_done (stmt);
  _tend_store_set_error (error, _tend_insights_db_get_sqlite (idb), rc,
                         _("Could not read the customer’s history"));
  return FALSE;
}

static void
fill_list (GListStore *store,
           GPtrArray  *items)
{
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
}

static gboolean
load_counts (TendCustomerProfile  *self,
             TendInsightsDb       *idb,
             gint64                user_id,
             gint64               *latest_org_id,
             GError              **error)
{
  sqlite3_stmt *stmt = _tend_insights_db_prepare (idb, SQL_COUNTS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return read_error (idb, stmt, rc, error);

  self->n_tickets = (guint) sqlite3_column_int64 (stmt, 0);
  self->n_open = (guint) sqlite3_column_int64 (stmt, 1);
  self->first_contact = sqlite3_column_int64 (stmt, 2);
  self->n_resolved = (guint) sqlite3_column_int64 (stmt, 3);
  self->csat_good = (guint) sqlite3_column_int64 (stmt, 4);
  self->csat_bad = (guint) sqlite3_column_int64 (stmt, 5);
  *latest_org_id = sqlite3_column_int64 (stmt, 6);
  _tend_store_stmt_done (stmt);

  return TRUE;
}

static gboolean
load_last_rating (TendCustomerProfile  *self,
                  TendInsightsDb       *idb,
                  gint64                user_id,
                  GError              **error)
{
  sqlite3_stmt *stmt = _tend_insights_db_prepare (idb, SQL_LAST_RATING, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self->last_rating_ticket_id = sqlite3_column_int64 (stmt, 0);
      self->last_rating = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      self->last_rating_comment = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  else if (rc != SQLITE_DONE)
    return read_error (idb, stmt, rc, error);
  _tend_store_stmt_done (stmt);

  return TRUE;
}

static gboolean
load_resolution (TendCustomerProfile  *self,
                 TendInsightsDb       *idb,
                 gint64                user_id,
                 GError              **error)
{
  g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _tend_insights_db_prepare (idb, SQL_RESOLUTIONS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, user_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 created = sqlite3_column_int64 (stmt, 0);
      gint64 resolved = sqlite3_column_type (stmt, 2) != SQLITE_NULL
                      ? sqlite3_column_int64 (stmt, 2)
                      : sqlite3_column_int64 (stmt, 1);
      gint64 duration = MAX (resolved - created, 0);

      g_array_append_val (durations, duration);
    }
  if (rc != SQLITE_DONE)
    return read_error (idb, stmt, rc, error);
  _tend_store_stmt_done (stmt);

  if (durations->len == 0)
    {
      self->median_resolution = -1;
      return TRUE;
    }

  g_array_sort (durations, compare_int64);
  self->median_resolution = g_array_index (durations, gint64, (durations->len - 1) / 2);
  return TRUE;
}

static gboolean
load_tickets (TendInsightsDb  *idb,
              const char      *sql,
              gint64           first,
              gint64           second,
              GListStore      *out,
              GError         **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = _tend_insights_db_prepare (idb, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, first);
  sqlite3_bind_int64 (stmt, 2, second);
  sqlite3_bind_int64 (stmt, 3, TEND_CUSTOMER_PROFILE_MAX_TICKETS);
  if (!_tend_insights_read_tickets (idb, stmt, tickets, error))
    return FALSE;

  fill_list (out, tickets);
  return TRUE;
}

static gboolean
load_organization (TendCustomerProfile  *self,
                   TendInsightsDb       *idb,
                   gint64                org_id,
                   gint64                user_id,
                   GError              **error)
{
  sqlite3_stmt *stmt;
  gint64 n_open = 0;
  int rc;

  stmt = _tend_insights_db_prepare (idb, SQL_ORG, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, org_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->organization = _tend_store_organization_from_stmt (stmt);
  else if (rc != SQLITE_DONE)
    return read_error (idb, stmt, rc, error);
  _tend_store_stmt_done (stmt);

  /* Counted even when the organization's own row has not arrived yet:
   * the tickets say who belongs together. */
  stmt = _tend_insights_db_prepare (idb, SQL_ORG_OPEN_COUNT, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, org_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return read_error (idb, stmt, rc, error);
  n_open = sqlite3_column_int64 (stmt, 0);
  _tend_store_stmt_done (stmt);
  self->n_org_open = (guint) n_open;

  if (n_open == 0)
    return TRUE;
  return load_tickets (idb, SQL_ORG_OPEN_TICKETS, org_id, user_id, self->org_open_tickets, error);
}

TendCustomerProfile *
tend_customer_profile_load (TendStore  *store,
                            gint64      user_id,
                            gint64      current_ticket_id,
                            GError    **error)
{
  g_autoptr(TendCustomerProfile) self = NULL;
  g_autoptr(TendInsightsDb) idb = NULL;
  sqlite3_stmt *stmt;
  gint64 latest_org_id = 0;
  gint64 org_id;
  gboolean current_is_theirs = FALSE;
  int rc;

  g_return_val_if_fail (TEND_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  idb = _tend_insights_db_acquire (store, error);
  if (idb == NULL)
    return NULL;

  self = g_object_new (TEND_TYPE_CUSTOMER_PROFILE, NULL);
  self->current_ticket_id = current_ticket_id;

  stmt = _tend_insights_db_prepare (idb, "SELECT " TEND_STORE_USER_COLUMNS " FROM users WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->user = _tend_store_user_from_stmt (stmt);
  else if (rc != SQLITE_DONE)
    {
      read_error (idb, stmt, rc, error);
      return NULL;
    }
  _tend_store_stmt_done (stmt);

  if (!load_counts (self, idb, user_id, &latest_org_id, error))
    return NULL;

  if (self->user == NULL)
    {
      if (self->n_tickets == 0)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);

          g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND, _("There is no user %s"), id);
          return NULL;
        }
      self->user = tend_user_new (user_id);
    }

  if (!load_last_rating (self, idb, user_id, error) ||
      !load_resolution (self, idb, user_id, error) ||
      !load_tickets (idb, SQL_OTHER_TICKETS, user_id, current_ticket_id, self->other_tickets, error))
    return NULL;

  /* The current ticket is one of theirs unless it was requested by
   * someone else (an agent may look at a colleague of the requester). */
  if (current_ticket_id != 0)
    {
      stmt = _tend_insights_db_prepare (idb, "SELECT 1 FROM tickets WHERE id = ?1 AND requester_id = ?2", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, current_ticket_id);
      sqlite3_bind_int64 (stmt, 2, user_id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          read_error (idb, stmt, rc, error);
          return NULL;
        }
      current_is_theirs = rc == SQLITE_ROW;
      _tend_store_stmt_done (stmt);
    }
  self->n_other_tickets = self->n_tickets - (current_is_theirs ? 1 : 0);

  org_id = tend_user_get_organization_id (self->user);
  if (org_id == 0)
    org_id = latest_org_id;
  if (org_id != 0 && !load_organization (self, idb, org_id, user_id, error))
    return NULL;

  return g_steal_pointer (&self);
}

typedef struct
{
  gint64 user_id;
  gint64 current_ticket_id;
} LoadData;

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  TendCustomerProfile *profile;

  if (g_task_return_error_if_cancelled (task))
    return;

  profile = tend_customer_profile_load (source_object, data->user_id, data->current_ticket_id, &error);
  if (profile != NULL)
    g_task_return_pointer (task, profile, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
tend_customer_profile_load_async (TendStore           *store,
                                  gint64               user_id,
                                  gint64               current_ticket_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (TEND_IS_STORE (store));

  data = g_new0 (LoadData, 1);
  data->user_id = user_id;
  data->current_ticket_id = current_ticket_id;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, tend_customer_profile_load_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, load_thread);
}

TendCustomerProfile *
tend_customer_profile_load_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tend_customer_profile_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Getters */

TendUser *
tend_customer_profile_get_user (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), NULL);
  return self->user;
}

TendOrganization *
tend_customer_profile_get_organization (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), NULL);
  return self->organization;
}

gint64
tend_customer_profile_get_current_ticket_id (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->current_ticket_id;
}

guint
tend_customer_profile_get_n_tickets (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->n_tickets;
}

guint
tend_customer_profile_get_n_open (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->n_open;
}

gint64
tend_customer_profile_get_first_contact (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->first_contact;
}

guint
tend_customer_profile_get_n_resolved (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->n_resolved;
}

gint64
tend_customer_profile_get_median_resolution (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), -1);
  return self->median_resolution;
}

guint
tend_customer_profile_get_csat_good (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->csat_good;
}

guint
tend_customer_profile_get_csat_bad (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->csat_bad;
}

const char *
tend_customer_profile_get_last_rating (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), NULL);
  return self->last_rating;
}

const char *
tend_customer_profile_get_last_rating_comment (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), NULL);
  return self->last_rating_comment;
}

gint64
tend_customer_profile_get_last_rating_ticket_id (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->last_rating_ticket_id;
}

GListModel *
tend_customer_profile_get_other_tickets (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), NULL);
  return G_LIST_MODEL (self->other_tickets);
}

guint
tend_customer_profile_get_n_other_tickets (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->n_other_tickets;
}

GListModel *
tend_customer_profile_get_org_open_tickets (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), NULL);
  return G_LIST_MODEL (self->org_open_tickets);
}

guint
tend_customer_profile_get_n_org_open (TendCustomerProfile *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), 0);
  return self->n_org_open;
}

/* Time */

GDateTime *
tend_customer_profile_dup_local_time (TendCustomerProfile *self,
                                      GDateTime           *now)
{
  g_autoptr(GTimeZone) zone = NULL;
  const char *name;

  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  name = tend_user_get_time_zone (self->user);
  if (name == NULL || name[0] == '\0')
    return NULL;

  /* NULL for what is not a zone GLib knows (a Zendesk display name the
   * backend could not map, say) rather than UTC in disguise. */
  zone = g_time_zone_new_identifier (name);
  if (zone == NULL)
    return NULL;

  return g_date_time_to_timezone (now, zone);
}

static char *
format_local (GDateTime *local)
{
  g_autofree char *clock = NULL;
  g_autofree char *offset = NULL;
  GTimeSpan utc_offset = g_date_time_get_utc_offset (local);
  gint64 minutes = ABS (utc_offset) / G_TIME_SPAN_MINUTE;

  /* TRANSLATORS: the customer's weekday and time, see strftime(3) */
  clock = g_date_time_format (local, _("%a %H:%M"));

  if (minutes == 0)
    offset = g_strdup ("UTC");
  else if (minutes % 60 == 0)
    offset = g_strdup_printf ("UTC%c%" G_GINT64_FORMAT, utc_offset < 0 ? '-' : '+', minutes / 60);
  else
    offset = g_strdup_printf ("UTC%c%" G_GINT64_FORMAT ":%02d", utc_offset < 0 ? '-' : '+',
                              minutes / 60, (int) (minutes % 60));

  return g_strdup_printf ("%s (%s)", clock, offset);
}

char *
tend_customer_profile_format_local_time (TendCustomerProfile *self,
                                         GDateTime           *now)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (TEND_IS_CUSTOMER_PROFILE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  local = tend_customer_profile_dup_local_time (self, now);
  return local != NULL ? format_local (local) : NULL;
}

char *
tend_format_local_time (const char *time_zone,
                        GDateTime  *now)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (time_zone == NULL || time_zone[0] == '\0')
    return NULL;
  zone = g_time_zone_new_identifier (time_zone);
  if (zone == NULL)
    return NULL;

  local = g_date_time_to_timezone (now, zone);
  return format_local (local);
}

char *
tend_format_duration (gint64 seconds)
{
  gint64 minutes = MAX (seconds, 0) / 60;
  gint64 hours = minutes / 60;
  gint64 days = hours / 24;

  if (minutes == 0)
    return g_strdup (_("less than a minute"));
  if (hours == 0)
    /* TRANSLATORS: a duration in minutes */
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (days == 0)
    {
      if (minutes % 60 == 0)
        /* TRANSLATORS: a duration in hours */
        return g_strdup_printf (_("%d h"), (int) hours);
      /* TRANSLATORS: a duration in hours and minutes */
      return g_strdup_printf (_("%d h %d min"), (int) hours, (int) (minutes % 60));
    }

  if (hours % 24 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) days),
                            (int) days);
  /* TRANSLATORS: a duration in days and hours, e.g. "3 days 4 h" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day %d h", "%d days %d h", (gulong) days),
                          (int) days, (int) (hours % 24));
}

/* GObject */

static void
tend_customer_profile_dispose (GObject *object)
{
  TendCustomerProfile *self = (TendCustomerProfile *) object;

  g_clear_object (&self->user);
  g_clear_object (&self->organization);
  g_clear_object (&self->other_tickets);
  g_clear_object (&self->org_open_tickets);

  G_OBJECT_CLASS (tend_customer_profile_parent_class)->dispose (object);
}

static void
tend_customer_profile_finalize (GObject *object)
{
  TendCustomerProfile *self = (TendCustomerProfile *) object;

  g_free (self->last_rating);
  g_free (self->last_rating_comment);

  G_OBJECT_CLASS (tend_customer_profile_parent_class)->finalize (object);
}

static void
tend_customer_profile_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TendCustomerProfile *self = TEND_CUSTOMER_PROFILE (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_value_set_object (value, self->user);
      break;

    case PROP_ORGANIZATION:
      g_value_set_object (value, self->organization);
      break;

    case PROP_CURRENT_TICKET_ID:
      g_value_set_int64 (value, self->current_ticket_id);
      break;

    case PROP_N_TICKETS:
      g_value_set_uint (value, self->n_tickets);
      break;

    case PROP_N_OPEN:
      g_value_set_uint (value, self->n_open);
      break;

    case PROP_FIRST_CONTACT:
      g_value_set_int64 (value, self->first_contact);
      break;

    case PROP_N_RESOLVED:
      g_value_set_uint (value, self->n_resolved);
      break;

    case PROP_MEDIAN_RESOLUTION:
      g_value_set_int64 (value, self->median_resolution);
      break;

    case PROP_CSAT_GOOD:
      g_value_set_uint (value, self->csat_good);
      break;

    case PROP_CSAT_BAD:
      g_value_set_uint (value, self->csat_bad);
      break;

    case PROP_LAST_RATING:
      g_value_set_string (value, self->last_rating);
      break;

    case PROP_LAST_RATING_COMMENT:
      g_value_set_string (value, self->last_rating_comment);
      break;

    case PROP_LAST_RATING_TICKET_ID:
      g_value_set_int64 (value, self->last_rating_ticket_id);
      break;

    case PROP_OTHER_TICKETS:
      g_value_set_object (value, self->other_tickets);
      break;

    case PROP_N_OTHER_TICKETS:
      g_value_set_uint (value, self->n_other_tickets);
      break;

    case PROP_ORG_OPEN_TICKETS:
      g_value_set_object (value, self->org_open_tickets);
      break;

    case PROP_N_ORG_OPEN:
      g_value_set_uint (value, self->n_org_open);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_customer_profile_class_init (TendCustomerProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tend_customer_profile_dispose;
  object_class->finalize = tend_customer_profile_finalize;
  object_class->get_property = tend_customer_profile_get_property;

  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, TEND_TYPE_USER, flags);
  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL, TEND_TYPE_ORGANIZATION, flags);
  properties[PROP_CURRENT_TICKET_ID] =
    g_param_spec_int64 ("current-ticket-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_N_TICKETS] =
    g_param_spec_uint ("n-tickets", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_OPEN] =
    g_param_spec_uint ("n-open", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FIRST_CONTACT] =
    g_param_spec_int64 ("first-contact", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_N_RESOLVED] =
    g_param_spec_uint ("n-resolved", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MEDIAN_RESOLUTION] =
    g_param_spec_int64 ("median-resolution", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_CSAT_GOOD] =
    g_param_spec_uint ("csat-good", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CSAT_BAD] =
    g_param_spec_uint ("csat-bad", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_RATING] =
    g_param_spec_string ("last-rating", NULL, NULL, NULL, flags);
  properties[PROP_LAST_RATING_COMMENT] =
    g_param_spec_string ("last-rating-comment", NULL, NULL, NULL, flags);
  properties[PROP_LAST_RATING_TICKET_ID] =
    g_param_spec_int64 ("last-rating-ticket-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_OTHER_TICKETS] =
    g_param_spec_object ("other-tickets", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_N_OTHER_TICKETS] =
    g_param_spec_uint ("n-other-tickets", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ORG_OPEN_TICKETS] =
    g_param_spec_object ("org-open-tickets", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_N_ORG_OPEN] =
    g_param_spec_uint ("n-org-open", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_customer_profile_init (TendCustomerProfile *self)
{
  self->median_resolution = -1;
  self->other_tickets = g_list_store_new (TEND_TYPE_TICKET);
  self->org_open_tickets = g_list_store_new (TEND_TYPE_TICKET);
}
