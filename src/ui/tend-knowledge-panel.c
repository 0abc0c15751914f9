/* tend-knowledge-panel.c: knowledge-base search and suggestions
 *
 * With an empty search, the articles the store suggests for the open
 * ticket (in a worker thread); as the agent types, a search over the
 * cached articles (fast enough for the main thread: ≤ 20 ms over a
 * thousand articles). With a session that is online, the helpdesk's own
 * search is asked too, once the agent pauses (TendArticleSearch: in a
 * worker, cancelled by the next keystroke, another ticket or the panel
 * going away); what only the helpdesk knows is appended to the local
 * results, marked "From the help center", and saved for offline use.
 * Offline, or when the helpdesk fails, a quiet line says the results are
 * the saved articles only. A result opens a preview with "Insert Link" and
 * "Insert Text", which the panel only announces: the host routes them to
 * the composer. Titles and bodies are the helpdesk's: bodies are turned
 * into plain text (tend_html_to_text) and shown without markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-knowledge-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-knowledge-panel.h"
#include "tend-session.h"
#include "tend-ui-utils.h"

#define MAX_RESULTS        50
#define MAX_SUGGESTIONS    8
#define MAX_TITLE_CHARS    200
#define MAX_SUMMARY_CHARS  160
#define RELOAD_DEBOUNCE_MS 400
/* The helpdesk is asked this long after the last keystroke, so that
 * typing a word sends one request, not one per letter. */
#define REMOTE_DEBOUNCE_MS 275

/* What the line under the search says about the helpdesk's search. */
typedef enum
{
  REMOTE_NONE,      /* no helpdesk (a cache), or nothing typed */
  REMOTE_PENDING,   /* asked (or about to be) */
  REMOTE_DONE,
  REMOTE_OFFLINE,   /* no network, as the session sees it */
  REMOTE_SIGNED_OUT,
  REMOTE_FAILED,    /* unreachable, or an error answer */
} RemoteState;

struct _TendKnowledgePanel
{
  AdwBin              parent_instance;

  TendStore          *store;
  TendSession        *session;
  TendArticleSearch  *search;
  TendTicket         *ticket;
  TendArticle        *article;
  GPtrArray          *results;
  GPtrArray          *suggestions;
  GCancellable       *cancellable;
  /* Article id → its first line of plain text, so that typing does not
   * convert the same HTML over and over. */
  GHashTable         *summaries;
  gboolean            showing_suggestions;
  guint               reload_source_id;
  /* The first n_local results are the store's; the rest come from the
   * helpdesk's answer. */
  guint               n_local;
  GCancellable       *remote_cancellable;
  guint               remote_source_id;
  RemoteState         remote_state;

  /* Template widgets */
  GtkStack           *stack;
  GtkSearchEntry     *search_entry;
  GtkWidget          *remote_hint;
  GtkSpinner         *remote_spinner;
  GtkImage           *remote_icon;
  GtkLabel           *remote_label;
  GtkStack           *results_stack;
  GtkScrolledWindow  *results_scroller;
  GtkLabel           *results_heading;
  GtkListBox         *results_list;
  AdwStatusPage      *empty_page;
  GtkButton          *article_back_button;
  GtkScrolledWindow  *preview_scroller;
  GtkLabel           *preview_title;
  GtkLabel           *preview_url;
  GtkLabel           *preview_text;
  GtkButton          *insert_link_button;
  GtkButton          *insert_text_button;
};

G_DEFINE_FINAL_TYPE (TendKnowledgePanel, tend_knowledge_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  PROP_TICKET,
  N_PROPS
};

enum {
  INSERT_TEXT,
  INSERT_LINK,
  RESULTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static const char *
article_summary (TendKnowledgePanel *self,
                 TendArticle        *article)
{
  gint64 id = tend_article_get_id (article);
  const char *summary = g_hash_table_lookup (self->summaries, &id);

  if (summary == NULL)
    {
      g_autofree char *text = tend_html_to_text (tend_article_get_body (article));
      gint64 *key = g_new (gint64, 1);
      char *line;

      *key = id;
      line = tend_one_line (text, MAX_SUMMARY_CHARS);
      g_hash_table_insert (self->summaries, key, line);
      summary = line;
    }

  return summary;
}

static GtkWidget *
create_article_row (TendKnowledgePanel *self,
                    TendArticle        *article,
                    gboolean            remote)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (NULL);
  g_autofree char *title = tend_one_line (tend_article_get_title (article), MAX_TITLE_CHARS);
  const char *summary = article_summary (self, article);

  if (*title == '\0')
    {
      g_free (title);
      title = g_strdup (_("(Untitled article)"));
    }

  gtk_label_set_use_markup (GTK_LABEL (title_label), FALSE);
  gtk_label_set_text (GTK_LABEL (title_label), title);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title_label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_box_append (GTK_BOX (box), title_label);

  if (has_text (summary))
    {
      GtkWidget *summary_label = gtk_label_new (NULL);

      gtk_label_set_use_markup (GTK_LABEL (summary_label), FALSE);
      gtk_label_set_text (GTK_LABEL (summary_label), summary);
      gtk_label_set_xalign (GTK_LABEL (summary_label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (summary_label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (summary_label), TRUE);
      gtk_widget_add_css_class (summary_label, "dim-label");
      gtk_widget_add_css_class (summary_label, "caption");
      gtk_box_append (GTK_BOX (box), summary_label);
    }

  /* Found by the helpdesk's search, not in the saved articles when it
   * was typed: a hint where the row came from, not an alarm. */
  if (remote)
    {
      GtkWidget *origin = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *icon = gtk_image_new_from_icon_name ("web-browser-symbolic");
      GtkWidget *origin_label = gtk_label_new (_("From the help center"));

      gtk_image_set_pixel_size (GTK_IMAGE (icon), 12);
      gtk_label_set_xalign (GTK_LABEL (origin_label), 0);
      gtk_box_append (GTK_BOX (origin), icon);
      gtk_box_append (GTK_BOX (origin), origin_label);
      gtk_widget_add_css_class (origin, "caption");
      gtk_widget_add_css_class (origin, "accent");
      gtk_widget_set_margin_top (origin, 2);
      gtk_widget_set_name (origin, "remote-origin");
      gtk_box_append (GTK_BOX (box), origin);
      gtk_widget_add_css_class (row, "remote-article");
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_add_css_class (row, "article-row");
  g_object_set_data_full (G_OBJECT (row), "tend-article", g_object_ref (article), g_object_unref);
  {
    g_autofree char *description = NULL;

    if (remote)
      /* Translators: a knowledge search result's description for screen
       * readers: the article's first line, then where it was found. */
      description = g_strdup_printf (_("%s (from the help center)"), summary ? summary : "");
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    description ? description : summary ? summary : "",
                                    -1);
  }

  return row;
}

/* Whether @articles starts with the rows shown now, each as it was
 * (same id, same version): then the rows can stay. */
static gboolean
extends_results (TendKnowledgePanel *self,
                 GPtrArray          *articles,
                 guint               n_local,
                 const char         *heading)
{
  if (self->results == NULL || articles == NULL || articles == self->results ||
      articles->len < self->results->len || n_local != MIN (self->n_local, articles->len) ||
      self->n_local > self->results->len ||
      g_strcmp0 (gtk_label_get_text (self->results_heading), heading) != 0)
    return FALSE;

  for (guint i = 0; i < self->results->len; i++)
    {
      TendArticle *shown = g_ptr_array_index (self->results, i);
      TendArticle *article = g_ptr_array_index (articles, i);

      if (tend_article_get_id (shown) != tend_article_get_id (article) ||
          tend_article_get_updated_at (shown) != tend_article_get_updated_at (article))
        return FALSE;
    }

  return TRUE;
}

/* @n_local: the rows from @articles' start that are the store's; those
 * after come from the helpdesk's answer. */
static void
show_results (TendKnowledgePanel *self,
              GPtrArray          *articles,
              guint               n_local,
              const char         *heading)
{
  GtkWidget *child;
  guint first_new = 0;

  /* The helpdesk's answer adds rows under those the agent is looking at
   * (and maybe moving through with the keyboard): they stay put. */
  if (extends_results (self, articles, n_local, heading))
    first_new = self->results->len;
  else
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
        gtk_list_box_remove (self->results_list, child);
    }

  if (articles != self->results)
    {
      g_clear_pointer (&self->results, g_ptr_array_unref);
      self->results = articles ? g_ptr_array_ref (articles) : g_ptr_array_new_with_free_func (g_object_unref);
    }
  self->n_local = MIN (n_local, self->results->len);

  for (guint i = first_new; i < self->results->len; i++)
    {
      TendArticle *article = g_ptr_array_index (self->results, i);
      /* After the local matches come the rest of the helpdesk's answer;
       * only what the cache did not have is news worth a mark. */
      gboolean remote = i >= self->n_local && self->search != NULL &&
                        tend_article_search_is_remote_only (self->search, article);

      gtk_list_box_append (self->results_list, create_article_row (self, article, remote));
    }

  gtk_label_set_text (self->results_heading, heading);
  gtk_stack_set_visible_child_name (self->results_stack, self->results->len > 0 ? "results" : "empty");
  if (first_new == 0)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->results_scroller), 0);

  g_signal_emit (self, signals[RESULTS_CHANGED], 0);
}

/* Nothing typed and no suggestion: the whole (cached) knowledge base, so
 * the tab is never a blank page. */
static void
show_all_articles (TendKnowledgePanel *self)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  self->showing_suggestions = FALSE;
  if (self->store == NULL)
    {
      show_results (self, NULL, 0, "");
      return;
    }

  all = tend_store_search_articles_as_you_type (self->store, "", MAX_RESULTS, &error);
  if (all == NULL)
    g_warning ("Could not list the articles: %s", error->message);
  show_results (self, all, all != NULL ? all->len : 0, _("All Articles"));
}


static void
on_suggestions (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TendLoad) data = user_data;
  TendKnowledgePanel *self = data->owner;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;

  suggestions = tend_store_suggest_articles_finish (TEND_STORE (source), result, &error);
  if (tend_load_is_stale (data))
    return;
  if (suggestions == NULL && !g_error_matches (error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
    g_warning ("Could not suggest articles: %s", error->message);

  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  self->suggestions = suggestions ? g_ptr_array_ref (suggestions) : g_ptr_array_new_with_free_func (g_object_unref);

  /* The agent may have typed meanwhile: their search wins. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    return;

  if (self->suggestions->len > 0)
    {
      self->showing_suggestions = TRUE;
      show_results (self, self->suggestions, self->suggestions->len, _("Suggested for This Ticket"));
    }
  else
    show_all_articles (self);
}

static void
refresh (TendKnowledgePanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint n_local = 0;

  if (*stripped == '\0')
    {
      if (self->suggestions != NULL && self->suggestions->len > 0)
        {
          self->showing_suggestions = TRUE;
          show_results (self, self->suggestions, self->suggestions->len, _("Suggested for This Ticket"));
        }
      else
        show_all_articles (self);
      return;
    }

  self->showing_suggestions = FALSE;
  if (self->search == NULL)
    return;

  /* The saved articles, with the helpdesk's answer once it is in. */
  found = tend_article_search_run (self->search, text, &n_local, &error);
  if (found == NULL)
    {
      /* Half-typed syntax (a lone quote, a dash) is not worth a warning. */
      if (!g_error_matches (error, TEND_ERROR, TEND_ERROR_BAD_QUERY))
        g_warning ("Could not search the articles: %s", error->message);
      found = g_ptr_array_new_with_free_func (g_object_unref);
    }
  show_results (self, found, n_local, _("Results"));
}

/* The helpdesk's search */

static void
set_remote_state (TendKnowledgePanel *self,
                  RemoteState         state)
{
  const char *text = NULL;
  const char *icon = NULL;

  self->remote_state = state;

  switch (state)
    {
    case REMOTE_PENDING:
      text = _("Searching the help center…");
      break;
    case REMOTE_OFFLINE:
      text = _("Offline — searching saved articles only");
      icon = "network-offline-symbolic";
      break;
    case REMOTE_SIGNED_OUT:
      text = _("Not signed in — searching saved articles only");
      icon = "dialog-password-symbolic";
      break;
    case REMOTE_FAILED:
      text = _("The help center did not answer — showing saved articles");
      icon = "network-no-route-symbolic";
      break;
    case REMOTE_NONE:
    case REMOTE_DONE:
    default:
      break;
    }

  /* Nothing saved matches yet: the empty page must not sound final. */
  adw_status_page_set_description (self->empty_page,
                                   state == REMOTE_PENDING ? _("Asking the help center…")
                                                           : _("Try other words, or fewer of them."));
  gtk_widget_set_visible (self->remote_hint, text != NULL);
  gtk_label_set_text (self->remote_label, text != NULL ? text : "");
  gtk_spinner_set_spinning (self->remote_spinner, state == REMOTE_PENDING);
  gtk_widget_set_visible (GTK_WIDGET (self->remote_spinner), state == REMOTE_PENDING);
  gtk_widget_set_visible (GTK_WIDGET (self->remote_icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->remote_icon, icon);
}

/* Whether the helpdesk can be asked now; if not, *why says what the
 * line under the search shows (REMOTE_NONE when there is no helpdesk to
 * ask at all, which needs no excuse). */
static gboolean
can_ask_remote (TendKnowledgePanel *self,
                RemoteState        *why)
{
  TendConnectivity *connectivity;

  *why = REMOTE_NONE;
  if (self->session == NULL || self->search == NULL ||
      tend_article_search_get_backend (self->search) == NULL)
    return FALSE;

  connectivity = tend_session_get_connectivity (self->session);
  if (connectivity != NULL && !tend_connectivity_get_network_available (connectivity))
    {
      *why = REMOTE_OFFLINE;
      return FALSE;
    }

  switch (tend_session_get_state (self->session))
    {
    case TEND_SESSION_STATE_OFFLINE:
      *why = REMOTE_OFFLINE;
      return FALSE;
    case TEND_SESSION_STATE_AUTH_FAILED:
      *why = REMOTE_SIGNED_OUT;
      return FALSE;
    case TEND_SESSION_STATE_CACHE_ONLY:
      return FALSE;
    case TEND_SESSION_STATE_STARTING:
    case TEND_SESSION_STATE_SYNCING:
    case TEND_SESSION_STATE_SYNCED:
    case TEND_SESSION_STATE_FAILED:
    default:
      /* A failed sync says little about one search: it is worth a try. */
      return TRUE;
    }
}

static void
cancel_remote (TendKnowledgePanel *self)
{
  g_clear_handle_id (&self->remote_source_id, g_source_remove);
  g_cancellable_cancel (self->remote_cancellable);
  g_clear_object (&self->remote_cancellable);
}

static void
on_remote_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TendLoad) data = user_data;
  TendKnowledgePanel *self = data->owner;
  g_autoptr(GPtrArray) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = tend_article_search_fetch_remote_finish (TEND_ARTICLE_SEARCH (source), result, &error);
  if (tend_load_is_stale (data) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->remote_cancellable);

  if (answer == NULL)
    {
      /* The local results stand; the line under the search says why
       * they are all there is. */
      g_debug ("The help center search failed: %s", error->message);
      /* NETWORK covers a helpdesk that is down as well as a lost
       * network: only the session knows which, and says so itself. */
      if (g_error_matches (error, TEND_ERROR, TEND_ERROR_OFFLINE))
        set_remote_state (self, REMOTE_OFFLINE);
      else if (g_error_matches (error, TEND_ERROR, TEND_ERROR_AUTH))
        set_remote_state (self, REMOTE_SIGNED_OUT);
      else
        set_remote_state (self, REMOTE_FAILED);
      return;
    }

  set_remote_state (self, REMOTE_DONE);
  if (TEND_ARTICLE_SEARCH (source) == self->search && !self->showing_suggestions)
    refresh (self);
}

static gboolean
remote_timeout_cb (gpointer user_data)
{
  TendKnowledgePanel *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  RemoteState why;

  self->remote_source_id = 0;
  if (!can_ask_remote (self, &why))
    {
      set_remote_state (self, why);
      return G_SOURCE_REMOVE;
    }

  self->remote_cancellable = g_cancellable_new ();
  tend_article_search_fetch_remote_async (self->search, text, self->remote_cancellable,
                                          on_remote_done,
                                          tend_load_new (self, self->remote_cancellable));

  return G_SOURCE_REMOVE;
}

/* The text changed (or the helpdesk came within reach): what was asked
 * is moot, and the helpdesk is asked again once the agent pauses. */
static void
schedule_remote (TendKnowledgePanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  RemoteState why;

  cancel_remote (self);

  if (*stripped == '\0' || self->search == NULL)
    {
      set_remote_state (self, REMOTE_NONE);
      return;
    }
  /* Offline, an answer from before is still merged, but the line says
   * that nothing new can come. */
  if (!can_ask_remote (self, &why))
    {
      set_remote_state (self, why);
      return;
    }
  if (tend_article_search_has_remote (self->search, stripped))
    {
      set_remote_state (self, REMOTE_DONE);
      return;
    }

  set_remote_state (self, REMOTE_PENDING);
  self->remote_source_id = g_timeout_add (REMOTE_DEBOUNCE_MS, remote_timeout_cb, self);
}

static void
on_text_changed (TendKnowledgePanel *self)
{
  schedule_remote (self);
}

/* Back online (or offline), signed in again: the line under the search
 * follows, and a search the helpdesk has not answered is asked now. */
static void
on_session_state_changed (TendKnowledgePanel *self)
{
  gboolean waiting = self->remote_source_id != 0 || self->remote_cancellable != NULL;
  RemoteState why;

  if (waiting && can_ask_remote (self, &why))
    return;
  schedule_remote (self);
}

static void
update_backend (TendKnowledgePanel *self)
{
  TendBackend *backend = NULL;

  if (self->search == NULL)
    return;
  /* Only the session of this store speaks for its helpdesk. */
  if (self->session != NULL && tend_session_get_store (self->session) == self->store)
    backend = tend_session_get_backend (self->session);
  if (tend_article_search_get_backend (self->search) == backend)
    return;
  tend_article_search_set_backend (self->search, backend);
  schedule_remote (self);
}

static void
load_suggestions (TendKnowledgePanel *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);

  if (self->store != NULL && self->ticket != NULL)
    {
      self->cancellable = g_cancellable_new ();
      tend_store_suggest_articles_async (self->store, tend_ticket_get_id (self->ticket),
                                         MAX_SUGGESTIONS, self->cancellable,
                                         on_suggestions, tend_load_new (self, self->cancellable));
    }

  /* Meanwhile (or without a ticket), what the search says. */
  refresh (self);
}

static void
on_search_changed (TendKnowledgePanel *self)
{
  refresh (self);
}

static void
on_stop_search (TendKnowledgePanel *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Enter in the search: the best match's preview. */
static void
on_search_activate (TendKnowledgePanel *self)
{
  if (self->results != NULL && self->results->len > 0)
    tend_knowledge_panel_show_article (self, g_ptr_array_index (self->results, 0));
}

static void
on_row_activated (TendKnowledgePanel *self,
                  GtkListBoxRow      *row)
{
  TendArticle *article = g_object_get_data (G_OBJECT (row), "tend-article");

  if (article != NULL)
    tend_knowledge_panel_show_article (self, article);
}

static void
on_back_clicked (TendKnowledgePanel *self)
{
  tend_knowledge_panel_focus_search (self);
}

static void
on_insert_text_clicked (TendKnowledgePanel *self)
{
  g_autofree char *text = NULL;

  if (self->article == NULL)
    return;
  text = tend_html_to_text (tend_article_get_body (self->article));
  g_signal_emit (self, signals[INSERT_TEXT], 0, text);
}

static void
on_insert_link_clicked (TendKnowledgePanel *self)
{
  if (self->article == NULL || !has_text (tend_article_get_url (self->article)))
    return;
  g_signal_emit (self, signals[INSERT_LINK], 0, tend_article_get_url (self->article));
}

static gboolean
reload_cb (gpointer user_data)
{
  TendKnowledgePanel *self = user_data;

  self->reload_source_id = 0;
  g_hash_table_remove_all (self->summaries);
  load_suggestions (self);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (TendKnowledgePanel *self,
                  guint               changes,
                  TendStore          *store)
{
  if ((changes & TEND_STORE_CHANGE_ARTICLES) == 0)
    return;
  if (self->reload_source_id == 0)
    self->reload_source_id = g_timeout_add (RELOAD_DEBOUNCE_MS, reload_cb, self);
}

/* GObject */

static void
tend_knowledge_panel_dispose (GObject *object)
{
  TendKnowledgePanel *self = TEND_KNOWLEDGE_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  cancel_remote (self);
  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->search);
  g_clear_object (&self->store);
  g_clear_object (&self->ticket);
  g_clear_object (&self->article);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_pointer (&self->summaries, g_hash_table_unref);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_KNOWLEDGE_PANEL);

  G_OBJECT_CLASS (tend_knowledge_panel_parent_class)->dispose (object);
}

static void
tend_knowledge_panel_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TendKnowledgePanel *self = TEND_KNOWLEDGE_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_knowledge_panel_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TendKnowledgePanel *self = TEND_KNOWLEDGE_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      tend_knowledge_panel_set_store (self, g_value_get_object (value));
      break;

    case PROP_SESSION:
      tend_knowledge_panel_set_session (self, g_value_get_object (value));
      break;

    case PROP_TICKET:
      tend_knowledge_panel_set_ticket (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_knowledge_panel_class_init (TendKnowledgePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_knowledge_panel_dispose;
  object_class->get_property = tend_knowledge_panel_get_property;
  object_class->set_property = tend_knowledge_panel_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TEND_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The account the store belongs to: its helpdesk is searched too. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         TEND_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         TEND_TYPE_TICKET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The previewed article's plain text, for the composer. */
  signals[INSERT_TEXT] =
    g_signal_new ("insert-text",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The previewed article's URL, for the composer. */
  signals[INSERT_LINK] =
    g_signal_new ("insert-link",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The results list was refilled (a search, the suggestions). */
  signals[RESULTS_CHANGED] =
    g_signal_new ("results-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-knowledge-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, remote_hint);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, remote_spinner);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, remote_icon);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, remote_label);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, results_stack);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, results_heading);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, results_list);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, article_back_button);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, preview_scroller);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, preview_title);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, preview_url);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, preview_text);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, insert_link_button);
  gtk_widget_class_bind_template_child (widget_class, TendKnowledgePanel, insert_text_button);

  gtk_widget_class_set_css_name (widget_class, "knowledgepanel");
}

static void
tend_knowledge_panel_init (TendKnowledgePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->summaries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "changed",
                           G_CALLBACK (on_text_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search",
                           G_CALLBACK (on_stop_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (on_search_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_list, "row-activated",
                           G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_back_button, "clicked",
                           G_CALLBACK (on_back_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->insert_text_button, "clicked",
                           G_CALLBACK (on_insert_text_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->insert_link_button, "clicked",
                           G_CALLBACK (on_insert_link_clicked), self, G_CONNECT_SWAPPED);

  /* Typing in the list goes on in the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->results_list));

  self->results = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_stack_set_visible_child_name (self->results_stack, "empty");
  set_remote_state (self, REMOTE_NONE);
}

GtkWidget *
tend_knowledge_panel_new (void)
{
  return g_object_new (TEND_TYPE_KNOWLEDGE_PANEL, NULL);
}

TendStore *
tend_knowledge_panel_get_store (TendKnowledgePanel *self)
{
  g_return_val_if_fail (TEND_IS_KNOWLEDGE_PANEL (self), NULL);

  return self->store;
}

void
tend_knowledge_panel_set_store (TendKnowledgePanel *self,
                                TendStore          *store)
{
  g_return_if_fail (TEND_IS_KNOWLEDGE_PANEL (self));
  g_return_if_fail (store == NULL || TEND_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);

  /* A new store is a new account: nothing of the last search carries over. */
  cancel_remote (self);
  g_clear_object (&self->search);
  if (store != NULL)
    {
      self->search = tend_article_search_new (store, NULL);
      tend_article_search_set_limit (self->search, MAX_RESULTS);
      update_backend (self);
    }

  g_hash_table_remove_all (self->summaries);
  g_clear_object (&self->ticket);
  g_clear_object (&self->article);
  gtk_stack_set_visible_child_name (self->stack, "list");
  load_suggestions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

TendSession *
tend_knowledge_panel_get_session (TendKnowledgePanel *self)
{
  g_return_val_if_fail (TEND_IS_KNOWLEDGE_PANEL (self), NULL);

  return self->session;
}

void
tend_knowledge_panel_set_session (TendKnowledgePanel *self,
                                  TendSession        *session)
{
  g_return_if_fail (TEND_IS_KNOWLEDGE_PANEL (self));
  g_return_if_fail (session == NULL || TEND_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      /* A new start brings a new backend (and announces it as "sync"). */
      g_signal_connect_object (session, "notify::sync",
                               G_CALLBACK (update_backend), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::state",
                               G_CALLBACK (on_session_state_changed), self, G_CONNECT_SWAPPED);
    }

  update_backend (self);
  schedule_remote (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

guint
tend_knowledge_panel_get_n_local (TendKnowledgePanel *self)
{
  g_return_val_if_fail (TEND_IS_KNOWLEDGE_PANEL (self), 0);

  return self->n_local;
}

TendTicket *
tend_knowledge_panel_get_ticket (TendKnowledgePanel *self)
{
  g_return_val_if_fail (TEND_IS_KNOWLEDGE_PANEL (self), NULL);

  return self->ticket;
}

void
tend_knowledge_panel_set_ticket (TendKnowledgePanel *self,
                                 TendTicket         *ticket)
{
  gboolean same;

  g_return_if_fail (TEND_IS_KNOWLEDGE_PANEL (self));
  g_return_if_fail (ticket == NULL || TEND_IS_TICKET (ticket));

  if (self->ticket == ticket)
    return;

  same = self->ticket != NULL && ticket != NULL &&
         tend_ticket_get_id (self->ticket) == tend_ticket_get_id (ticket);
  g_set_object (&self->ticket, ticket);

  /* A fresh copy of the same ticket keeps the agent's search and preview;
   * another ticket starts from its suggestions. */
  if (!same)
    {
      cancel_remote (self);
      g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
      gtk_stack_set_visible_child_name (self->stack, "list");
      load_suggestions (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

void
tend_knowledge_panel_focus_search (TendKnowledgePanel *self)
{
  g_return_if_fail (TEND_IS_KNOWLEDGE_PANEL (self));

  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GPtrArray *
tend_knowledge_panel_get_results (TendKnowledgePanel *self)
{
  g_return_val_if_fail (TEND_IS_KNOWLEDGE_PANEL (self), NULL);

  return self->results;
}

gboolean
tend_knowledge_panel_showing_suggestions (TendKnowledgePanel *self)
{
  g_return_val_if_fail (TEND_IS_KNOWLEDGE_PANEL (self), FALSE);

  return self->showing_suggestions;
}

void
tend_knowledge_panel_show_article (TendKnowledgePanel *self,
                                   TendArticle        *article)
{
  g_autofree char *text = NULL;
  const char *title;
  const char *url;

  g_return_if_fail (TEND_IS_KNOWLEDGE_PANEL (self));
  g_return_if_fail (TEND_IS_ARTICLE (article));

  g_set_object (&self->article, article);
  title = tend_article_get_title (article);
  url = tend_article_get_url (article);
  text = tend_html_to_text (tend_article_get_body (article));

  gtk_label_set_text (self->preview_title, has_text (title) ? title : _("(Untitled article)"));
  gtk_label_set_text (self->preview_url, has_text (url) ? url : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_url), has_text (url));
  gtk_label_set_text (self->preview_text, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->insert_link_button), has_text (url));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->preview_scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_grab_focus (GTK_WIDGET (self->insert_text_button));
}

TendArticle *
tend_knowledge_panel_get_article (TendKnowledgePanel *self)
{
  g_return_val_if_fail (TEND_IS_KNOWLEDGE_PANEL (self), NULL);

  return self->article;
}
