/* tend-demo-server-private.h: what the parts of TendDemoServer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "tend-engine.h"
#include "tend-demo-server.h"

G_BEGIN_DECLS

typedef struct
{
  guint every_429;
  guint every_500;
  guint slow_ms;
  guint slow_every;
  guint truncate_every;
  guint malformed_every;
  guint drop_after_every;
  guint retry_after;
} TendDemoFaults;

/* A ticket's place in the change log. The log is ordered by seq, and
 * updated_at never decreases along it, so "changed since" is a binary
 * search and a cursor is simply a seq. */
typedef struct
{
  gint64 seq;
  gint64 updated_at;
  gint64 id;
} TendDemoTicketEntry;

/* Comments in the order the events export hands them out: by creation
 * time, then id. New comments are only ever appended. */
typedef struct
{
  gint64       created_at;
  gint64       id;
  TendComment *comment;   /* owned by the ticket's comment array */
} TendDemoCommentEntry;

struct _TendDemoServer
{
  GObject         parent_instance;

  /* Configuration; read by the server thread after start. */
  guint           n_tickets_wanted;
  guint64         seed;
  guint           port_wanted;
  TendUserRole    role;
  gint64          anchor;

  /* Set by the server thread before start returns, then read-only. */
  char           *url;
  guint           port;
  char           *email;
  char           *token;
  char           *auth_expected;  /* "email/token:TOKEN" */
  gint64          me_id;
  char           *dir;
  char           *store_path;

  /* Shared with any thread: under lock. */
  GMutex          lock;
  TendDemoFaults  faults;
  guint           fault_counter;
  guint           rate_limit;
  gint64          rate_window;     /* minute number of the current window */
  guint           rate_used;
  gboolean        live;
  guint           live_interval_ms;
  gboolean        live_dirty;      /* the live timer must be re-armed */

  /* Counters read from any thread. */
  gint            n_requests;      /* atomic */
  gint            n_live_tickets;  /* atomic: tickets not deleted */
  gint            n_live_comments; /* atomic */

  /* Thread handshake. */
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GCond           cond;
  gboolean        ready;
  GError         *start_error;

  /* Owned by the server thread. */
  SoupServer     *server;
  GSource        *live_source;
  TendStore      *store;
  GHashTable     *tickets;          /* id → TendTicket (deleted ones too) */
  GHashTable     *comments;         /* ticket id → GPtrArray of TendComment */
  GHashTable     *users;            /* id → TendUser */
  GHashTable     *organizations;    /* id → TendOrganization */
  GPtrArray      *articles;         /* TendArticle, by id */
  GPtrArray      *macros;           /* TendMacro, by position */
  GPtrArray      *customers;        /* TendUser, end users by id: for --live */
  GArray         *ticket_log;       /* TendDemoTicketEntry */
  GHashTable     *ticket_seq;       /* id → gint64 seq (boxed) */
  GArray         *comment_log;      /* TendDemoCommentEntry */
  GHashTable     *json_cache;       /* model object → its Zendesk JSON text */
  gint64          next_seq;
  gint64          max_ticket_id;
  gint64          max_comment_id;
  gint64          last_time;        /* latest time handed to a change */
  GHashTable     *attachments;      /* id → TendAttachment, for their contents */
  guint           live_step;
};

/* tend-demo-server-data.c: the helpdesk's contents (server thread) */
gboolean        _tend_demo_server_load            (TendDemoServer    *self,
                                                   GError           **error);
void            _tend_demo_server_unload          (TendDemoServer    *self);
/* A time for a change happening now: never before an earlier change, so
 * the logs stay ordered. */
gint64          _tend_demo_server_next_time       (TendDemoServer    *self,
                                                   gint64             at_least);
/* First index in the ticket log with seq > after_seq / updated_at >= since. */
guint           _tend_demo_server_log_after_seq   (TendDemoServer    *self,
                                                   gint64             after_seq);
guint           _tend_demo_server_log_since       (TendDemoServer    *self,
                                                   gint64             since);
guint           _tend_demo_server_events_since    (TendDemoServer    *self,
                                                   gint64             since);
TendUser       *_tend_demo_server_get_me          (TendDemoServer    *self);
/* The object's Zendesk JSON (ticket, comment, user, organization, article
 * or macro), serialized once and kept until the object changes: answering
 * a page is then copying text, not building and freeing a thousand JSON
 * trees. */
const char     *_tend_demo_server_json            (TendDemoServer    *self,
                                                   gpointer           object);
/* Replaces the ticket (already carrying its new updated_at), appends the
 * comment when not NULL, and writes both to the store. */
gboolean        _tend_demo_server_commit_ticket   (TendDemoServer    *self,
                                                   TendTicket        *ticket,
                                                   TendComment       *comment,
                                                   GError           **error);
gboolean        _tend_demo_server_delete_ticket   (TendDemoServer    *self,
                                                   gint64             id,
                                                   GError           **error);
gint64          _tend_demo_server_live_step       (TendDemoServer    *self);
gint64          _tend_demo_server_new_comment_id  (TendDemoServer    *self);
/* Plain text as the HTML Zendesk makes of it (paragraphs, line breaks). */
char           *_tend_demo_html_from_text         (const char        *text);

/* tend-demo-server-api.c: the endpoints (server thread). Fills the status
 * and the JSON body of the answer; returns FALSE for a path it does not
 * know. parts are the path segments after /api/v2, ".json" stripped. */
typedef struct
{
  TendDemoServer     *self;
  SoupServerMessage  *msg;
  const char         *method;
  char              **parts;
  guint               n_parts;
  GHashTable         *query;     /* may be NULL */
  guint               status;
  JsonNode           *body;
  GString            *raw;       /* the body as JSON text, instead of body */
} TendDemoRequest;

void            _tend_demo_api_handle             (TendDemoRequest   *request);
JsonNode       *_tend_demo_api_error              (const char        *error,
                                                   const char        *description);

/* tend-demo-server-files.c: photos and attachment contents (server
 * thread). Gives generated users and attachments addresses on this
 * server (paths: the port is not known yet). */
void            _tend_demo_server_dress           (TendDemoServer    *self,
                                                   TendChangeset     *changes);
/* Answers /system/photos/ID.png and /attachments/token/ID/…; FALSE for
 * other paths. */
gboolean        _tend_demo_files_handle           (TendDemoServer    *self,
                                                   SoupServerMessage *msg,
                                                   const char        *path);
/* The same bytes the server sends, for tests. */
GBytes         *_tend_demo_draw_photo             (gint64             user_id);
GBytes         *_tend_demo_draw_attachment        (TendAttachment    *attachment);

gboolean        _tend_demo_faults_parse           (const char        *spec,
                                                   TendDemoFaults    *faults,
                                                   GError           **error);

G_END_DECLS
