/* tend-types.c: the engine's error domain and enum names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-types"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-types.h"

G_DEFINE_QUARK (tend-error-quark, tend_error)

/* The strings are the store's and the command line's vocabulary; labels are
 * what the agent reads. Labels go through GETTEXT_PACKAGE explicitly because
 * the engine also runs inside tendctl and tests, which may not have called
 * textdomain(). An out-of-range value yields NULL: it can come from a newer
 * database or a bug, and inventing a name would hide either. */

static const char * const status_names[] = {
  [TEND_TICKET_STATUS_NEW] = "new",
  [TEND_TICKET_STATUS_OPEN] = "open",
  [TEND_TICKET_STATUS_PENDING] = "pending",
  [TEND_TICKET_STATUS_HOLD] = "hold",
  [TEND_TICKET_STATUS_SOLVED] = "solved",
  [TEND_TICKET_STATUS_CLOSED] = "closed",
  [TEND_TICKET_STATUS_DELETED] = "deleted",
};

static const char * const status_labels[] = {
  [TEND_TICKET_STATUS_NEW] = N_("New"),
  [TEND_TICKET_STATUS_OPEN] = N_("Open"),
  [TEND_TICKET_STATUS_PENDING] = N_("Pending"),
  [TEND_TICKET_STATUS_HOLD] = N_("On hold"),
  [TEND_TICKET_STATUS_SOLVED] = N_("Solved"),
  [TEND_TICKET_STATUS_CLOSED] = N_("Closed"),
  [TEND_TICKET_STATUS_DELETED] = N_("Deleted"),
};

static const char * const priority_names[] = {
  [TEND_TICKET_PRIORITY_NONE] = "none",
  [TEND_TICKET_PRIORITY_LOW] = "low",
  [TEND_TICKET_PRIORITY_NORMAL] = "normal",
  [TEND_TICKET_PRIORITY_HIGH] = "high",
  [TEND_TICKET_PRIORITY_URGENT] = "urgent",
};

static const char * const priority_labels[] = {
  [TEND_TICKET_PRIORITY_NONE] = N_("No priority"),
  [TEND_TICKET_PRIORITY_LOW] = N_("Low"),
  [TEND_TICKET_PRIORITY_NORMAL] = N_("Normal"),
  [TEND_TICKET_PRIORITY_HIGH] = N_("High"),
  [TEND_TICKET_PRIORITY_URGENT] = N_("Urgent"),
};

static const char * const role_names[] = {
  [TEND_USER_ROLE_END_USER] = "end-user",
  [TEND_USER_ROLE_AGENT] = "agent",
  [TEND_USER_ROLE_ADMIN] = "admin",
};

static const char * const view_names[] = {
  [TEND_VIEW_MINE] = "mine",
  [TEND_VIEW_UNASSIGNED] = "unassigned",
  [TEND_VIEW_OPEN] = "open",
  [TEND_VIEW_PENDING] = "pending",
  [TEND_VIEW_RECENT] = "recent",
  [TEND_VIEW_SOLVED] = "solved",
  [TEND_VIEW_ALL] = "all",
};

static const char * const view_labels[] = {
  [TEND_VIEW_MINE] = N_("Assigned to me"),
  [TEND_VIEW_UNASSIGNED] = N_("Unassigned"),
  [TEND_VIEW_OPEN] = N_("All open"),
  [TEND_VIEW_PENDING] = N_("Pending"),
  [TEND_VIEW_RECENT] = N_("Recently updated"),
  [TEND_VIEW_SOLVED] = N_("Solved"),
  [TEND_VIEW_ALL] = N_("All tickets"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (view_names) == TEND_N_VIEWS);
G_STATIC_ASSERT (G_N_ELEMENTS (view_labels) == TEND_N_VIEWS);

static const char *
lookup (const char * const *table,
        guint               n_entries,
        int                 value)
{
  if (value < 0 || (guint) value >= n_entries)
    return NULL;

  return table[value];
}

static const char *
lookup_label (const char * const *table,
              guint               n_entries,
              int                 value)
{
  const char *label = lookup (table, n_entries, value);

  return label != NULL ? g_dgettext (GETTEXT_PACKAGE, label) : NULL;
}

/* Case-insensitive; the index of @str in @table, or -1. */
static int
find (const char * const *table,
      guint               n_entries,
      const char         *str)
{
  if (str == NULL)
    return -1;

  for (guint i = 0; i < n_entries; i++)
    {
      if (g_ascii_strcasecmp (table[i], str) == 0)
        return i;
    }

  return -1;
}

const char *
tend_ticket_status_to_string (TendTicketStatus status)
{
  return lookup (status_names, G_N_ELEMENTS (status_names), status);
}

gboolean
tend_ticket_status_from_string (const char       *str,
                                TendTicketStatus *status)
{
  int value = find (status_names, G_N_ELEMENTS (status_names), str);

  /* Zendesk's UI and older exports spell it both ways. */
  if (value < 0 && str != NULL &&
      (g_ascii_strcasecmp (str, "on-hold") == 0 || g_ascii_strcasecmp (str, "on_hold") == 0))
    value = TEND_TICKET_STATUS_HOLD;

  if (value < 0)
    return FALSE;

  if (status != NULL)
    *status = value;
  return TRUE;
}

const char *
tend_ticket_status_get_label (TendTicketStatus status)
{
  return lookup_label (status_labels, G_N_ELEMENTS (status_labels), status);
}

const char *
tend_ticket_priority_to_string (TendTicketPriority priority)
{
  return lookup (priority_names, G_N_ELEMENTS (priority_names), priority);
}

gboolean
tend_ticket_priority_from_string (const char         *str,
                                  TendTicketPriority *priority)
{
  int value = find (priority_names, G_N_ELEMENTS (priority_names), str);

  if (value < 0)
    return FALSE;

  if (priority != NULL)
    *priority = value;
  return TRUE;
}

const char *
tend_ticket_priority_get_label (TendTicketPriority priority)
{
  return lookup_label (priority_labels, G_N_ELEMENTS (priority_labels), priority);
}

const char *
tend_user_role_to_string (TendUserRole role)
{
  return lookup (role_names, G_N_ELEMENTS (role_names), role);
}

gboolean
tend_user_role_from_string (const char   *str,
                            TendUserRole *role)
{
  int value = find (role_names, G_N_ELEMENTS (role_names), str);

  /* Zendesk's JSON says "end-user"; some exports say "end_user". */
  if (value < 0 && str != NULL && g_ascii_strcasecmp (str, "end_user") == 0)
    value = TEND_USER_ROLE_END_USER;

  if (value < 0)
    return FALSE;

  if (role != NULL)
    *role = value;
  return TRUE;
}

const char *
tend_view_to_string (TendView view)
{
  return lookup (view_names, G_N_ELEMENTS (view_names), view);
}

gboolean
tend_view_from_string (const char *str,
                       TendView   *view)
{
  int value = find (view_names, G_N_ELEMENTS (view_names), str);

  if (value < 0)
    return FALSE;

  if (view != NULL)
    *view = value;
  return TRUE;
}

const char *
tend_view_get_label (TendView view)
{
  return lookup_label (view_labels, G_N_ELEMENTS (view_labels), view);
}
