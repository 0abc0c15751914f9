/* tend-types.h: forward declarations, enums and the engine's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _TendTicket        TendTicket;
typedef struct _TendComment       TendComment;
typedef struct _TendUser          TendUser;
typedef struct _TendOrganization  TendOrganization;
typedef struct _TendArticle       TendArticle;
typedef struct _TendMacro         TendMacro;
typedef struct _TendAttachment    TendAttachment;
typedef struct _TendChangeset     TendChangeset;
typedef struct _TendStore         TendStore;
typedef struct _TendQuery         TendQuery;
typedef struct _TendTicketList    TendTicketList;
typedef struct _TendGenerator     TendGenerator;

/* Ticket statuses in the order a helpdesk walks them; the numeric value is
 * what the store keeps, so never reorder, only append. */
typedef enum
{
  TEND_TICKET_STATUS_NEW = 0,
  TEND_TICKET_STATUS_OPEN = 1,
  TEND_TICKET_STATUS_PENDING = 2,
  TEND_TICKET_STATUS_HOLD = 3,
  TEND_TICKET_STATUS_SOLVED = 4,
  TEND_TICKET_STATUS_CLOSED = 5,
  TEND_TICKET_STATUS_DELETED = 6,
} TendTicketStatus;

/* Same rule: stored as its number. */
typedef enum
{
  TEND_TICKET_PRIORITY_NONE = 0,
  TEND_TICKET_PRIORITY_LOW = 1,
  TEND_TICKET_PRIORITY_NORMAL = 2,
  TEND_TICKET_PRIORITY_HIGH = 3,
  TEND_TICKET_PRIORITY_URGENT = 4,
} TendTicketPriority;

typedef enum
{
  TEND_USER_ROLE_END_USER = 0,
  TEND_USER_ROLE_AGENT = 1,
  TEND_USER_ROLE_ADMIN = 2,
} TendUserRole;

/* The inbox views of the sidebar. */
typedef enum
{
  TEND_VIEW_MINE = 0,        /* unsolved, assigned to the agent ("me") */
  TEND_VIEW_UNASSIGNED,      /* unsolved, nobody assigned */
  TEND_VIEW_OPEN,            /* every unsolved ticket: new, open, pending, on hold */
  TEND_VIEW_PENDING,         /* pending and on hold */
  TEND_VIEW_RECENT,          /* anything updated in the last 7 days */
  TEND_VIEW_SOLVED,          /* solved and closed */
  TEND_VIEW_ALL,             /* every ticket not deleted (search results, tests) */
  TEND_N_VIEWS
} TendView;

#define TEND_ERROR (tend_error_quark ())

/* Codes a caller can act on. */
typedef enum
{
  TEND_ERROR_FAILED,          /* anything else; the message says what */
  TEND_ERROR_AUTH,            /* wrong token or password: ask the agent */
  TEND_ERROR_NETWORK,         /* unreachable, cut connection, TLS: retry later */
  TEND_ERROR_RATE_LIMITED,    /* 429: wait for Retry-After */
  TEND_ERROR_CONFLICT,        /* 409 / 412: the ticket changed meanwhile */
  TEND_ERROR_BAD_RESPONSE,    /* the server answered something we cannot read */
  TEND_ERROR_NOT_FOUND,       /* no such ticket, user, account, file */
  TEND_ERROR_OFFLINE,         /* no network: work from the cache */
  TEND_ERROR_SCHEMA_TOO_NEW,  /* the database was written by a newer Tend */
  TEND_ERROR_CORRUPT,         /* the database file is damaged or not a database */
  TEND_ERROR_STORAGE,         /* disk full, read-only, I/O error */
  TEND_ERROR_BAD_QUERY,       /* the search query cannot be used */
  TEND_ERROR_INVALID,         /* bad arguments or input from the agent */
} TendError;

GQuark              tend_error_quark               (void);

const char         *tend_ticket_status_to_string   (TendTicketStatus    status);
gboolean            tend_ticket_status_from_string (const char         *str,
                                                    TendTicketStatus   *status);
const char         *tend_ticket_status_get_label   (TendTicketStatus    status);
const char         *tend_ticket_priority_to_string (TendTicketPriority  priority);
gboolean            tend_ticket_priority_from_string (const char       *str,
                                                      TendTicketPriority *priority);
const char         *tend_ticket_priority_get_label (TendTicketPriority  priority);
const char         *tend_user_role_to_string       (TendUserRole        role);
gboolean            tend_user_role_from_string     (const char         *str,
                                                    TendUserRole       *role);
const char         *tend_view_to_string            (TendView            view);
gboolean            tend_view_from_string          (const char         *str,
                                                    TendView           *view);
const char         *tend_view_get_label            (TendView            view);

G_END_DECLS
