/* test-side-panel.c: the Customer and Knowledge tabs over a generated cache
 *
 * TendGenerator fills a temporary database; the side panel, alone in a
 * plain GtkWindow, shows a ticket whose requester has a history and whose
 * problem was solved before. The figures on screen are checked against
 * TendCustomerProfile and the store, the lists against the engine's
 * answers, and the knowledge tab's search, suggestions and "Insert" buttons
 * against the articles. Screenshots of both tabs, light and dark, go to
 * tests/ui/screenshots/ in the build directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-side-panel"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "tend-engine.h"
#include "tend-side-panel.h"
#include "tend-customer-panel.h"
#include "tend-knowledge-panel.h"
#include "tend-session.h"
#include "tend-demo-server.h"
#include "tend-ui-utils.h"
#include "ui-test-utils.h"

#define N_TICKETS 600

static TendStore *store;
static char *store_dir;
static gint64 chosen_id;

/* The fixture */

static void
create_store (void)
{
  g_autoptr(TendGenerator) generator = tend_generator_new (17, N_TICKETS, g_get_real_time () / G_USEC_PER_SEC);

  store = ui_test_create_store ("side-panel", generator, &store_dir);
}

static void
remove_store (void)
{
  ui_test_remove_store (store, &store_dir);
}

/* An open ticket that shows off the panel: a requester with other
 * tickets, an organization, a rating, and similar solved tickets. */
static gint64
choose_ticket (void)
{
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  gint64 best = 0;
  int best_score = -1;

  open = tend_store_list_tickets (store, TEND_VIEW_OPEN, NULL, 0, 300, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < open->len; i++)
    {
      TendTicket *ticket = open->pdata[i];
      g_autoptr(TendCustomerProfile) profile = NULL;
      g_autoptr(GPtrArray) similar = NULL;
      g_autoptr(TendUser) user = NULL;
      int score = 0;

      if (tend_ticket_get_requester_id (ticket) == 0)
        continue;
      profile = tend_customer_profile_load (store, tend_ticket_get_requester_id (ticket),
                                            tend_ticket_get_id (ticket), NULL);
      similar = tend_store_similar_tickets (store, tend_ticket_get_id (ticket), 5, NULL);
      user = tend_store_get_user (store, tend_ticket_get_requester_id (ticket), NULL);
      if (profile == NULL || similar == NULL || similar->len == 0 || user == NULL)
        continue;

      score += MIN (tend_customer_profile_get_n_other_tickets (profile), 4) * 2;
      score += tend_customer_profile_get_organization (profile) != NULL ? 3 : 0;
      score += tend_customer_profile_get_n_org_open (profile) > 0 ? 2 : 0;
      score += tend_customer_profile_get_last_rating (profile) != NULL ? 2 : 0;
      score += tend_customer_profile_get_last_rating_comment (profile) != NULL ? 1 : 0;
      score += tend_user_get_notes (user) != NULL ? 2 : 0;
      score += tend_user_get_tags (user) != NULL && tend_user_get_tags (user)[0] != NULL ? 1 : 0;
      score += tend_customer_profile_get_median_resolution (profile) >= 0 ? 1 : 0;
      if (score > best_score)
        {
          best_score = score;
          best = tend_ticket_get_id (ticket);
        }
    }

  g_assert_cmpint (best, !=, 0);
  g_test_message ("showing ticket %" G_GINT64_FORMAT " (score %d)", best, best_score);

  return best;
}

/* Helpers */

/* The application's style sheets, which AdwApplication would load from
 * the resource base path; a plain window needs them added by hand. */
static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

static GtkWidget *
nth_row (GtkWidget *list,
         guint      n)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n);

  g_assert_nonnull (row);

  return GTK_WIDGET (row);
}

static const char *
label_text (GtkWidget  *root,
            const char *id)
{
  GtkWidget *label = find_widget_by_id (root, id);

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  /* Server text is never parsed as markup. */
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));

  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
customer_loaded (gpointer data)
{
  TendCustomerPanel *panel = data;

  return !tend_customer_panel_is_loading (panel) &&
         tend_customer_panel_get_profile (panel) != NULL &&
         tend_customer_panel_get_similar (panel) != NULL;
}

static gboolean
showing_suggestions (gpointer data)
{
  return tend_knowledge_panel_showing_suggestions (data);
}

typedef struct
{
  TendKnowledgePanel *panel;
  const char         *word;
} SearchWait;

static gboolean
search_done (gpointer data)
{
  SearchWait *wait = data;

  /* GtkSearchEntry waits a moment before "search-changed". */
  return !tend_knowledge_panel_showing_suggestions (wait->panel) &&
         g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (wait->panel)), wait->word) == 0;
}

static void
on_results_changed (TendKnowledgePanel *panel)
{
  GtkWidget *entry = find_widget_by_id (GTK_WIDGET (panel), "search_entry");

  /* Remember which text the results are for. */
  gtk_widget_set_name (GTK_WIDGET (panel), gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_open_ticket (TendSidePanel *panel,
                gint64         id,
                gint64        *out)
{
  *out = id;
}

static void
on_insert_string (TendSidePanel *panel,
                  const char    *text,
                  char         **out)
{
  g_free (*out);
  *out = g_strdup (text);
}

static TendSidePanel *
create_panel (GtkWindow **window_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  TendSidePanel *panel = TEND_SIDE_PANEL (tend_side_panel_new ());

  gtk_window_set_default_size (window, 380, 880);
  gtk_window_set_child (window, GTK_WIDGET (panel));
  gtk_window_present (window);
  wait_for_frame (GTK_WIDGET (panel));

  *window_out = window;

  return panel;
}

static void
destroy_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Customer tab */

static void
test_customer (void)
{
  g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, chosen_id, NULL);
  g_autoptr(TendUser) user = NULL;
  g_autoptr(TendCustomerProfile) expected = NULL;
  g_autoptr(GPtrArray) similar = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  g_autofree char *open = NULL;
  TendCustomerPanel *customer;
  GtkWindow *window;
  TendSidePanel *panel = create_panel (&window);
  GtkWidget *other_list;
  GtkWidget *similar_list;
  guint n_other;
  guint expected_rows;
  gint64 opened = 0;

  g_assert_nonnull (ticket);
  user = tend_store_get_user (store, tend_ticket_get_requester_id (ticket), &error);
  g_assert_no_error (error);
  expected = tend_customer_profile_load (store, tend_ticket_get_requester_id (ticket), chosen_id, &error);
  g_assert_no_error (error);
  similar = tend_store_similar_tickets (store, chosen_id, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (similar->len, >, 0);

  g_signal_connect (panel, "open-ticket", G_CALLBACK (on_open_ticket), &opened);
  tend_side_panel_set_store (panel, store);
  tend_side_panel_set_ticket (panel, ticket);
  g_assert_cmpstr (tend_side_panel_get_visible_tab (panel), ==, "customer");

  customer = tend_side_panel_get_customer_panel (panel);
  g_assert_true (wait_until (customer_loaded, customer));
  wait_for_frame (GTK_WIDGET (panel));

  /* Who */
  g_assert_cmpstr (label_text (GTK_WIDGET (customer), "name_label"), ==, tend_user_get_name (user));
  g_assert_cmpstr (label_text (GTK_WIDGET (customer), "email_label"), ==, tend_user_get_email (user));
  g_assert_true (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "email_label")));
  if (tend_user_get_notes (user) != NULL)
    g_assert_cmpstr (label_text (GTK_WIDGET (customer), "notes_label"), ==, tend_user_get_notes (user));
  else
    g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "notes_label")));

  /* Figures: the profile's, computed on its own here. */
  total = g_strdup_printf ("%u", tend_customer_profile_get_n_tickets (expected));
  open = g_strdup_printf ("%u", tend_customer_profile_get_n_open (expected));
  g_assert_cmpstr (label_text (GTK_WIDGET (customer), "total_value"), ==, total);
  g_assert_cmpstr (label_text (GTK_WIDGET (customer), "open_value"), ==, open);
  g_assert_cmpuint (tend_customer_profile_get_n_tickets (expected), >=, 2);

  /* Their other tickets: up to six rows, then one standing for the rest. */
  n_other = tend_customer_profile_get_n_other_tickets (expected);
  g_assert_cmpuint (n_other, >, 0);
  expected_rows = MIN (g_list_model_get_n_items (tend_customer_profile_get_other_tickets (expected)), 6);
  if (g_list_model_get_n_items (tend_customer_profile_get_other_tickets (expected)) > 6)
    expected_rows++;
  other_list = find_widget_by_id (GTK_WIDGET (customer), "other_list");
  g_assert_cmpuint (count_rows (other_list), ==, expected_rows);
  {
    g_autoptr(TendTicket) first = g_list_model_get_item (tend_customer_profile_get_other_tickets (expected), 0);

    g_signal_emit_by_name (other_list, "row-activated", nth_row (other_list, 0));
    g_assert_cmpint (opened, ==, tend_ticket_get_id (first));
  }

  /* Similar solved tickets: the engine's, best first, one click away. */
  similar_list = find_widget_by_id (GTK_WIDGET (customer), "similar_list");
  g_assert_true (gtk_widget_get_visible (similar_list));
  g_assert_cmpuint (count_rows (similar_list), ==, similar->len);
  g_signal_emit_by_name (similar_list, "row-activated", nth_row (similar_list, 0));
  g_assert_cmpint (opened, ==, tend_ticket_get_id (tend_similar_ticket_get_ticket (similar->pdata[0])));
  for (guint i = 0; i < similar->len; i++)
    g_assert_cmpuint (tend_ticket_get_status (tend_similar_ticket_get_ticket (similar->pdata[i])), >=,
                      TEND_TICKET_STATUS_SOLVED);

  /* The organization's card when there is one. */
  g_assert_cmpint (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "org_section")), ==,
                   tend_customer_profile_get_organization (expected) != NULL);

  save_light_and_dark (GTK_WIDGET (window), "side-panel-customer");

  /* The rest of the tab: the organization and the similar tickets. */
  {
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (find_widget_by_id (GTK_WIDGET (customer), "scroller")));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    spin_for (100);
    save_light_and_dark (GTK_WIDGET (window), "side-panel-customer-end");
  }

  /* No ticket: the empty state, nothing of the last customer left. */
  tend_side_panel_set_ticket (panel, NULL);
  g_assert_null (tend_customer_panel_get_profile (customer));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget_by_id (GTK_WIDGET (customer), "stack"))),
                   ==, "empty");

  destroy_window (window);
}

typedef struct
{
  TendCustomerPanel   *panel;
  TendCustomerProfile *before;
} ReloadWait;

static gboolean
customer_reloaded (gpointer data)
{
  ReloadWait *wait = data;

  return customer_loaded (wait->panel) && tend_customer_panel_get_profile (wait->panel) != wait->before;
}

/* A ticket changed by sync is reloaded (debounced), figures and all. */
static void
test_customer_refresh (void)
{
  g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, chosen_id, NULL);
  g_autoptr(TendTicket) extra = tend_ticket_new (880001);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(TendCustomerProfile) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  TendCustomerPanel *customer;
  GtkWindow *window;
  TendSidePanel *panel = create_panel (&window);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  ReloadWait reloaded_wait;

  tend_side_panel_set_store (panel, store);
  tend_side_panel_set_ticket (panel, ticket);
  customer = tend_side_panel_get_customer_panel (panel);
  g_assert_true (wait_until (customer_loaded, customer));
  before = g_object_ref (tend_customer_panel_get_profile (customer));

  /* The same customer writes in again. */
  tend_ticket_set_subject (extra, "Another question from the same customer");
  tend_ticket_set_description (extra, "Hello again.");
  tend_ticket_set_status (extra, TEND_TICKET_STATUS_NEW);
  tend_ticket_set_requester_id (extra, tend_ticket_get_requester_id (ticket));
  tend_ticket_set_created_at (extra, now);
  tend_ticket_set_updated_at (extra, now);
  tend_changeset_add_ticket (changes, extra);
  g_assert_true (tend_store_write (store, changes, &error));
  g_assert_no_error (error);

  reloaded_wait.panel = customer;
  reloaded_wait.before = before;
  g_assert_true (wait_until (customer_reloaded, &reloaded_wait));
  total = g_strdup_printf ("%u", tend_customer_profile_get_n_tickets (before) + 1);
  g_assert_cmpstr (label_text (GTK_WIDGET (customer), "total_value"), ==, total);

  destroy_window (window);
}

/* A customer the helpdesk knows little about, with markup in their name:
 * shown literally, and nothing shown for what is missing. */
#define SPARSE_ID   880100
#define SPARSE_NAME "<b>Zoë</b> & <i>co</i>"

static void
test_customer_sparse (void)
{
  g_autoptr(TendUser) user = tend_user_new (SPARSE_ID);
  g_autoptr(TendTicket) ticket = tend_ticket_new (SPARSE_ID);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;
  TendCustomerPanel *customer;
  GtkWindow *window;
  TendSidePanel *panel = create_panel (&window);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  tend_user_set_name (user, SPARSE_NAME);
  tend_user_set_role (user, TEND_USER_ROLE_END_USER);
  tend_changeset_add_user (changes, user);
  tend_ticket_set_subject (ticket, "<span foreground='red'>help</span>");
  tend_ticket_set_description (ticket, "Hello.");
  tend_ticket_set_status (ticket, TEND_TICKET_STATUS_OPEN);
  tend_ticket_set_requester_id (ticket, SPARSE_ID);
  tend_ticket_set_created_at (ticket, now);
  tend_ticket_set_updated_at (ticket, now);
  tend_changeset_add_ticket (changes, ticket);
  g_assert_true (tend_store_write (store, changes, &error));
  g_assert_no_error (error);

  tend_side_panel_set_store (panel, store);
  tend_side_panel_set_ticket (panel, ticket);
  customer = tend_side_panel_get_customer_panel (panel);
  g_assert_true (wait_until (customer_loaded, customer));

  g_assert_cmpstr (label_text (GTK_WIDGET (customer), "name_label"), ==, SPARSE_NAME);
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "email_label")));
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "details_grid")));
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "tags_box")));
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "notes_label")));
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "rating_box")));
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "other_section")));
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (customer), "org_section")));
  g_assert_cmpstr (label_text (GTK_WIDGET (customer), "total_value"), ==, "1");
  g_assert_cmpstr (label_text (GTK_WIDGET (customer), "median_value"), ==, "—");

  spin_for (100);
  save_screenshot (GTK_WIDGET (window), "side-panel-customer-sparse-light.png");

  destroy_window (window);
}

/* Knowledge tab */

/* A word of @title long enough to be distinctive. */
static char *
pick_word (const char *title)
{
  g_auto(GStrv) words = g_strsplit_set (title, " ,.:;!?()'\"/-", -1);
  const char *best = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (strlen (words[i]) >= 6 && (best == NULL || strlen (words[i]) > strlen (best)))
      best = words[i];
  g_assert_nonnull (best);

  return g_utf8_strdown (best, -1);
}

static void
test_knowledge (void)
{
  g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, chosen_id, NULL);
  g_autoptr(GPtrArray) suggested = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *word = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *inserted_text = NULL;
  g_autofree char *inserted_link = NULL;
  g_autofree char *plain = NULL;
  TendKnowledgePanel *knowledge;
  GtkWindow *window;
  TendSidePanel *panel = create_panel (&window);
  GtkWidget *results_list;
  GtkWidget *entry;
  GPtrArray *results;
  TendArticle *article;
  SearchWait wait;

  suggested = tend_store_suggest_articles (store, chosen_id, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggested->len, >, 0);

  g_signal_connect (panel, "insert-text", G_CALLBACK (on_insert_string), &inserted_text);
  g_signal_connect (panel, "insert-link", G_CALLBACK (on_insert_string), &inserted_link);
  tend_side_panel_set_store (panel, store);
  tend_side_panel_set_ticket (panel, ticket);
  knowledge = tend_side_panel_get_knowledge_panel (panel);
  g_signal_connect (knowledge, "results-changed", G_CALLBACK (on_results_changed), NULL);

  /* Ctrl+K's entry point: the tab, the search focused. */
  tend_side_panel_focus_knowledge (panel);
  g_assert_cmpstr (tend_side_panel_get_visible_tab (panel), ==, "knowledge");
  entry = find_widget_by_id (GTK_WIDGET (knowledge), "search_entry");
  results_list = find_widget_by_id (GTK_WIDGET (knowledge), "results_list");
  wait_for_frame (GTK_WIDGET (panel));
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

    g_assert_true (focus == entry || (focus != NULL && gtk_widget_is_ancestor (focus, entry)));
  }

  /* Empty search: the ticket's suggestions, in the store's order. */
  g_assert_true (wait_until (showing_suggestions, knowledge));
  results = tend_knowledge_panel_get_results (knowledge);
  g_assert_cmpuint (results->len, ==, suggested->len);
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpint (tend_article_get_id (results->pdata[i]), ==, tend_article_get_id (suggested->pdata[i]));
  g_assert_cmpuint (count_rows (results_list), ==, suggested->len);
  g_assert_cmpstr (label_text (GTK_WIDGET (knowledge), "results_heading"), ==, "Suggested for This Ticket");

  save_light_and_dark (GTK_WIDGET (window), "side-panel-knowledge");

  /* Typing part of a word lists the articles that have it. */
  word = pick_word (tend_article_get_title (suggested->pdata[0]));
  prefix = g_strndup (word, strlen (word) - 2);
  gtk_editable_set_text (GTK_EDITABLE (entry), prefix);
  wait.panel = knowledge;
  wait.word = prefix;
  g_assert_true (wait_until (search_done, &wait));
  expected = tend_store_search_articles_as_you_type (store, prefix, 50, &error);
  g_assert_no_error (error);
  results = tend_knowledge_panel_get_results (knowledge);
  g_assert_cmpuint (results->len, >, 0);
  g_assert_cmpuint (results->len, ==, expected->len);
  g_assert_cmpuint (count_rows (results_list), ==, expected->len);
  for (guint i = 0; i < results->len; i++)
    {
      g_autofree char *title = g_utf8_strdown (tend_article_get_title (results->pdata[i]), -1);
      g_autofree char *body = g_utf8_strdown (tend_article_get_body (results->pdata[i]), -1);

      g_assert_cmpint (tend_article_get_id (results->pdata[i]), ==, tend_article_get_id (expected->pdata[i]));
      g_assert_true (strstr (title, prefix) != NULL || strstr (body, prefix) != NULL);
    }
  g_assert_cmpstr (label_text (GTK_WIDGET (knowledge), "results_heading"), ==, "Results");
  spin_for (100);
  save_screenshot (GTK_WIDGET (window), "side-panel-search-light.png");

  /* A word no article has: the empty state. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzqxjvv");
  wait.word = "zzqxjvv";
  g_assert_true (wait_until (search_done, &wait));
  g_assert_cmpuint (tend_knowledge_panel_get_results (knowledge)->len, ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget_by_id (GTK_WIDGET (knowledge), "results_stack"))),
                   ==, "empty");

  /* Back to the search that found something; open the first result. */
  gtk_editable_set_text (GTK_EDITABLE (entry), prefix);
  wait.word = prefix;
  g_assert_true (wait_until (search_done, &wait));
  article = tend_knowledge_panel_get_results (knowledge)->pdata[0];
  g_signal_emit_by_name (results_list, "row-activated", nth_row (results_list, 0));
  g_assert_true (tend_knowledge_panel_get_article (knowledge) == article);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget_by_id (GTK_WIDGET (knowledge), "stack"))),
                   ==, "preview");
  plain = tend_html_to_text (tend_article_get_body (article));
  g_assert_cmpstr (label_text (GTK_WIDGET (knowledge), "preview_title"), ==, tend_article_get_title (article));
  g_assert_cmpstr (label_text (GTK_WIDGET (knowledge), "preview_text"), ==, plain);
  g_assert_cmpstr (label_text (GTK_WIDGET (knowledge), "preview_url"), ==, tend_article_get_url (article));
  g_assert_null (strchr (plain, '<'));

  /* The buttons hand the article to the host. */
  g_signal_emit_by_name (find_widget_by_id (GTK_WIDGET (knowledge), "insert_text_button"), "clicked");
  g_assert_cmpstr (inserted_text, ==, plain);
  g_signal_emit_by_name (find_widget_by_id (GTK_WIDGET (knowledge), "insert_link_button"), "clicked");
  g_assert_cmpstr (inserted_link, ==, tend_article_get_url (article));

  spin_for (400);
  save_light_and_dark (GTK_WIDGET (window), "side-panel-article");

  /* Back: the results again, the search kept. */
  g_signal_emit_by_name (find_widget_by_id (GTK_WIDGET (knowledge), "article_back_button"), "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget_by_id (GTK_WIDGET (knowledge), "stack"))),
                   ==, "list");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, prefix);

  /* Emptying the search brings the suggestions back. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_true (wait_until (showing_suggestions, knowledge));
  g_assert_cmpuint (tend_knowledge_panel_get_results (knowledge)->len, ==, suggested->len);

  destroy_window (window);
}

/* Knowledge tab with the helpdesk's search (an in-process demo helpdesk) */

static gboolean
session_synced (gpointer data)
{
  return !tend_session_get_loading (data) &&
         tend_session_get_state (data) != TEND_SESSION_STATE_SYNCING;
}

static gboolean
session_offline (gpointer data)
{
  return tend_session_get_state (data) == TEND_SESSION_STATE_OFFLINE;
}

typedef struct
{
  TendKnowledgePanel *panel;
  gint64              id;
} RemoteWait;

static gboolean
remote_result_shown (gpointer data)
{
  RemoteWait *wait = data;
  GPtrArray *results = tend_knowledge_panel_get_results (wait->panel);

  for (guint i = tend_knowledge_panel_get_n_local (wait->panel); i < results->len; i++)
    if (tend_article_get_id (results->pdata[i]) == wait->id)
      return TRUE;

  return FALSE;
}

static gboolean
hint_says (gpointer data)
{
  SearchWait *wait = data;
  GtkWidget *hint = find_widget_by_id (GTK_WIDGET (wait->panel), "remote_hint");
  GtkWidget *label = find_widget_by_id (GTK_WIDGET (wait->panel), "remote_label");

  return gtk_widget_get_visible (hint) &&
         strstr (gtk_label_get_text (GTK_LABEL (label)), wait->word) != NULL;
}

static gboolean
remote_settled (gpointer data)
{
  GtkWidget *spinner = find_widget_by_id (GTK_WIDGET (data), "remote_spinner");

  return !gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

static gboolean
row_is_marked_remote (GtkWidget *row)
{
  return find_widget_by_id (row, "remote-origin") != NULL &&
         gtk_widget_has_css_class (row, "remote-article");
}

/* The results are the store's own for @text, none marked. */
static void
assert_local_results (TendKnowledgePanel *knowledge,
                      TendStore          *local_store,
                      const char         *text)
{
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list = find_widget_by_id (GTK_WIDGET (knowledge), "results_list");
  GPtrArray *results = tend_knowledge_panel_get_results (knowledge);

  expected = tend_store_search_articles_as_you_type (local_store, text, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (results->len, ==, expected->len);
  g_assert_cmpuint (tend_knowledge_panel_get_n_local (knowledge), ==, results->len);
  for (guint i = 0; i < results->len; i++)
    {
      g_assert_cmpint (tend_article_get_id (results->pdata[i]), ==, tend_article_get_id (expected->pdata[i]));
      g_assert_false (row_is_marked_remote (nth_row (list, i)));
    }
}

static void
test_knowledge_remote (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendDemoServer) server = NULL;
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(TendStore) session_store = NULL;
  g_autoptr(TendSession) session = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(TendArticle) saved = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  TendKnowledgePanel *knowledge;
  GtkWindow *window;
  TendSidePanel *panel;
  GtkWidget *entry;
  GtkWidget *results_list;
  GPtrArray *results;
  SearchWait wait;
  RemoteWait remote_wait;
  guint n_local;
  guint remote_row = G_MAXUINT;
  gint64 id;

  /* An agent's account on the demo helpdesk, synced once. */
  server = tend_demo_server_new (150, 23);
  g_assert_true (tend_demo_server_start (server, &error));
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("tend-knowledge-remote-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "store.db", NULL);
  session_store = tend_store_open (path, &error);
  g_assert_no_error (error);
  account = tend_account_new (TEND_ACCOUNT_KIND_ZENDESK, "Demo", tend_demo_server_get_url (server),
                              tend_demo_server_get_email (server), &error);
  g_assert_no_error (error);
  session = tend_session_new_ephemeral (account, session_store);
  /* The session stops the server and removes the folder when closed. */
  tend_session_set_demo (session, server, dir);
  g_assert_true (tend_session_start (session, tend_demo_server_get_token (server), 0, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until_timeout (session_synced, session, TEST_TIMEOUT_SECONDS));
  g_assert_cmpint (tend_session_get_state (session), ==, TEND_SESSION_STATE_SYNCED);

  /* Published on the help center after the sync: the cache lacks it. */
  id = tend_demo_server_add_article (server, "Reset the password of a shared kiosk",
                                     "<p>Kiosk accounts have no e-mail address: an administrator "
                                     "sets a new password from <b>Devices → Kiosks</b>.</p>");
  g_assert_cmpint (id, >, 0);
  g_assert_null (tend_store_get_article (session_store, id, NULL));

  panel = create_panel (&window);
  knowledge = tend_side_panel_get_knowledge_panel (panel);
  g_signal_connect (knowledge, "results-changed", G_CALLBACK (on_results_changed), NULL);
  tend_side_panel_set_store (panel, session_store);
  tend_knowledge_panel_set_session (knowledge, session);
  g_assert_true (tend_knowledge_panel_get_session (knowledge) == session);
  open = tend_store_list_tickets (session_store, TEND_VIEW_OPEN, NULL, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  tend_side_panel_set_ticket (panel, open->pdata[0]);
  tend_side_panel_focus_knowledge (panel);
  entry = find_widget_by_id (GTK_WIDGET (knowledge), "search_entry");
  results_list = find_widget_by_id (GTK_WIDGET (knowledge), "results_list");

  /* The saved articles at once, then the help center's find after them. */
  local = tend_store_search_articles_as_you_type (session_store, "reset password", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (local->len, >, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "reset password");
  wait.panel = knowledge;
  wait.word = "reset password";
  g_assert_true (wait_until (search_done, &wait));
  remote_wait.panel = knowledge;
  remote_wait.id = id;
  g_assert_true (wait_until (remote_result_shown, &remote_wait));

  results = tend_knowledge_panel_get_results (knowledge);
  n_local = tend_knowledge_panel_get_n_local (knowledge);
  g_assert_cmpuint (n_local, ==, local->len);
  g_assert_cmpuint (count_rows (results_list), ==, results->len);
  for (guint i = 0; i < results->len; i++)
    {
      gint64 article_id = tend_article_get_id (results->pdata[i]);

      /* Each article once, though the help center also has the saved ones. */
      g_assert_false (g_hash_table_contains (seen, &article_id));
      g_hash_table_add (seen, g_memdup2 (&article_id, sizeof article_id));
      if (i < n_local)
        g_assert_cmpint (article_id, ==, tend_article_get_id (local->pdata[i]));
      /* Only the article the cache lacked is marked. */
      g_assert_true (row_is_marked_remote (nth_row (results_list, i)) == (article_id == id));
      if (article_id == id)
        remote_row = i;
    }
  g_assert_cmpuint (remote_row, >=, n_local);
  g_assert_false (gtk_widget_get_visible (find_widget_by_id (GTK_WIDGET (knowledge), "remote_hint")));

  /* Kept for offline use. */
  saved = tend_store_get_article (session_store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_article_get_title (saved), ==, "Reset the password of a shared kiosk");

  /* Saving the find changed the store, which refreshes the tab: the same
   * rows, the help center's find still in its place and marked. */
  spin_for (600);
  results = tend_knowledge_panel_get_results (knowledge);
  g_assert_cmpuint (tend_knowledge_panel_get_n_local (knowledge), ==, n_local);
  g_assert_cmpuint (results->len, >, remote_row);
  g_assert_cmpint (tend_article_get_id (results->pdata[remote_row]), ==, id);
  g_assert_true (row_is_marked_remote (nth_row (results_list, remote_row)));

  /* Its row in view for the screenshots. */
  {
    GtkAdjustment *adjustment =
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (find_widget_by_id (GTK_WIDGET (knowledge),
                                                                                   "results_scroller")));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  spin_for (200);
  save_light_and_dark (GTK_WIDGET (window), "side-panel-knowledge-remote");

  /* Typing on: the help center is asked once the agent pauses, not at
   * every keystroke. */
  {
    static const char * const typed[] = { "k", "ki", "kio", "kios", "kiosk" };
    guint n_requests = tend_demo_server_get_n_requests (server);

    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        gtk_editable_set_text (GTK_EDITABLE (entry), typed[i]);
        spin_for (60);
      }
    g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (find_widget_by_id (GTK_WIDGET (knowledge), "remote_spinner"))));
    wait.word = "kiosk";
    g_assert_true (wait_until (search_done, &wait));
    g_assert_true (wait_until (remote_settled, knowledge));
    g_assert_cmpuint (tend_demo_server_get_n_requests (server) - n_requests, ==, 1);
    /* Known by now: found locally, not marked. */
    g_assert_cmpuint (tend_knowledge_panel_get_results (knowledge)->len, >, 0);
    g_assert_false (row_is_marked_remote (nth_row (results_list, 0)));
  }

  /* The help center failing: the saved articles, and a quiet line. */
  g_assert_true (tend_demo_server_set_faults (server, "500-every=1", &error));
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (entry), "invoice");
  wait.word = "invoice";
  g_assert_true (wait_until (search_done, &wait));
  wait.word = "did not answer";
  g_assert_true (wait_until_timeout (hint_says, &wait, 30));
  assert_local_results (knowledge, session_store, "invoice");
  g_assert_true (tend_demo_server_set_faults (server, NULL, NULL));
  spin_for (100);
  save_screenshot (GTK_WIDGET (window), "side-panel-knowledge-remote-failed-light.png");

  /* Offline: the helpdesk is gone and the session knows it; nothing is
   * asked, the saved articles answer, and the line says why. */
  tend_demo_server_stop (server);
  tend_session_sync_now (session);
  g_assert_true (wait_until_timeout (session_offline, session, 30));
  gtk_editable_set_text (GTK_EDITABLE (entry), "kiosk");
  wait.word = "kiosk";
  g_assert_true (wait_until (search_done, &wait));
  wait.word = "Offline";
  g_assert_true (wait_until (hint_says, &wait));
  assert_local_results (knowledge, session_store, "kiosk");
  /* The article the help center found earlier is there offline. */
  {
    GPtrArray *offline = tend_knowledge_panel_get_results (knowledge);
    gboolean found = FALSE;

    for (guint i = 0; i < offline->len; i++)
      found |= tend_article_get_id (offline->pdata[i]) == id;
    g_assert_true (found);
  }
  spin_for (100);
  ui_test_set_dark (TRUE);
  spin_for (100);
  save_screenshot (GTK_WIDGET (window), "side-panel-knowledge-offline-dark.png");
  ui_test_set_dark (FALSE);

  destroy_window (window);
  tend_session_close (session);
}

/* Customer tab: the requester's photo, from an in-process demo helpdesk */

static gboolean
photo_shown (gpointer data)
{
  TendCustomerPanel *customer = data;
  GtkWidget *stack = find_widget_by_id (GTK_WIDGET (customer), "avatar_stack");
  GtkWidget *avatar = find_widget_by_id (GTK_WIDGET (customer), "photo_avatar");

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "photo") == 0 &&
         adw_avatar_get_custom_image (ADW_AVATAR (avatar)) != NULL;
}

/* The photo URLs of two users of @server that have one. */
static void
demo_photo_urls (TendDemoServer *server,
                 char          **first,
                 char          **second)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) served = tend_store_open_existing (tend_demo_server_get_store_path (server), &error);
  g_autoptr(GArray) ids = NULL;

  g_assert_no_error (error);
  ids = tend_store_list_ticket_ids (served, TEND_VIEW_ALL, NULL, &error);
  g_assert_no_error (error);
  *first = *second = NULL;
  for (guint i = 0; i < ids->len && *second == NULL; i++)
    {
      g_autoptr(TendTicket) ticket = tend_store_get_ticket (served, g_array_index (ids, gint64, i), NULL);
      g_autoptr(TendUser) user = tend_store_get_user (served, tend_ticket_get_requester_id (ticket), NULL);
      const char *url = user != NULL ? tend_user_get_photo_url (user) : NULL;

      if (url == NULL || g_strcmp0 (url, *first) == 0)
        continue;
      if (*first == NULL)
        *first = g_strdup (url);
      else
        *second = g_strdup (url);
    }
  g_assert_nonnull (*second);
}

/* Gives the requester of ticket @id the photo at @url, in the test store. */
static gint64
set_requester_photo (gint64      id,
                     const char *url)
{
  g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, id, NULL);
  g_autoptr(TendUser) user = tend_store_get_user (store, tend_ticket_get_requester_id (ticket), NULL);
  g_autoptr(TendChangeset) changes = tend_changeset_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (user);
  tend_user_set_photo_url (user, url);
  tend_changeset_add_user (changes, user);
  g_assert_true (tend_store_write (store, changes, &error));
  g_assert_no_error (error);
  return tend_user_get_id (user);
}

/* A side panel in a new window, showing @ticket's customer with the
 * photos of @cache. */
static TendSidePanel *
show_customer_with_cache (TendFileCache  *cache,
                          TendTicket     *ticket,
                          GtkWindow     **window)
{
  TendSidePanel *panel = create_panel (window);
  TendCustomerPanel *customer = tend_side_panel_get_customer_panel (panel);

  tend_customer_panel_set_file_cache (customer, cache);
  tend_side_panel_set_store (panel, store);
  tend_side_panel_set_ticket (panel, ticket);
  g_assert_true (wait_until (customer_loaded, customer));
  return panel;
}

static void
test_customer_photo (void)
{
  g_autoptr(TendDemoServer) server = tend_demo_server_new (80, 11);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *other_url = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "tend", "photo-test", "files", NULL);
  g_autoptr(TendTicket) ticket = NULL;
  g_autoptr(TendTicket) other = NULL;
  g_autoptr(GPtrArray) page = NULL;
  TendCustomerPanel *customer;
  GtkWindow *window;
  TendSidePanel *panel;
  guint requests;

  g_assert_true (tend_demo_server_start (server, &error));
  g_assert_no_error (error);
  demo_photo_urls (server, &url, &other_url);
  set_requester_photo (chosen_id, url);
  ticket = tend_store_get_ticket (store, chosen_id, NULL);

  /* Another customer, whose photo is never downloaded. */
  page = tend_store_list_tickets (store, TEND_VIEW_ALL, NULL, 0, 50, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->len && other == NULL; i++)
    if (tend_ticket_get_requester_id (page->pdata[i]) != tend_ticket_get_requester_id (ticket))
      other = g_object_ref (page->pdata[i]);
  g_assert_nonnull (other);
  set_requester_photo (tend_ticket_get_id (other), other_url);

  /* Online: initials first, then the photo once downloaded. */
  {
    g_autoptr(TendFileCache) cache = tend_file_cache_new (dir, tend_demo_server_get_url (server), &error);
    g_autofree char *cached = NULL;
    g_autoptr(TendUser) user = tend_store_get_user (store, tend_ticket_get_requester_id (ticket), NULL);

    g_assert_no_error (error);
    tend_file_cache_set_api_token (cache, tend_demo_server_get_email (server), tend_demo_server_get_token (server));
    panel = show_customer_with_cache (cache, ticket, &window);
    customer = tend_side_panel_get_customer_panel (panel);
    g_assert_true (wait_until (photo_shown, customer));

    cached = tend_file_cache_lookup_photo (cache, user);
    g_assert_nonnull (cached);
    /* The initials stay underneath, for when there is no photo. */
    g_assert_cmpstr (label_text (GTK_WIDGET (customer), "avatar_label"), !=, "");

    spin_for (300);
    save_light_and_dark (GTK_WIDGET (window), "side-panel-photo");
    destroy_window (window);
  }

  requests = tend_demo_server_get_n_requests (server);

  /* Offline, without credentials, after a restart: the cached photo
   * shows; a photo never downloaded leaves the initials. */
  {
    g_autoptr(TendFileCache) cache = tend_file_cache_new (dir, tend_demo_server_get_url (server), &error);

    g_assert_no_error (error);
    tend_file_cache_set_online (cache, FALSE);
    panel = show_customer_with_cache (cache, ticket, &window);
    customer = tend_side_panel_get_customer_panel (panel);
    g_assert_true (photo_shown (customer));

    tend_side_panel_set_ticket (panel, other);
    g_assert_true (wait_until (customer_loaded, customer));
    spin_for (200);
    g_assert_false (photo_shown (customer));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget_by_id (GTK_WIDGET (customer), "avatar_stack"))),
                     ==, "initials");

    /* And back: no flash of initials for a photo in the cache. */
    tend_side_panel_set_ticket (panel, ticket);
    g_assert_true (wait_until (customer_loaded, customer));
    g_assert_true (photo_shown (customer));
    destroy_window (window);
  }
  g_assert_cmpuint (tend_demo_server_get_n_requests (server), ==, requests);

  /* The photos stay out of the other tests. */
  set_requester_photo (chosen_id, NULL);
  set_requester_photo (tend_ticket_get_id (other), NULL);
  tend_demo_server_stop (server);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!ui_test_init (&argc, &argv))
    return 77;
  /* A helpdesk that fails is retried in milliseconds, not seconds. */
  g_setenv ("TEND_HTTP_BASE_DELAY_MS", "10", TRUE);

  adw_init ();
  /* Plain windows here, not TendApplication's. */
  ui_test_load_app_style ();
  create_store ();
  chosen_id = choose_ticket ();

  g_test_add_func ("/side-panel/customer", test_customer);
  g_test_add_func ("/side-panel/customer-refresh", test_customer_refresh);
  g_test_add_func ("/side-panel/customer-sparse", test_customer_sparse);
  g_test_add_func ("/side-panel/knowledge", test_knowledge);
  g_test_add_func ("/side-panel/knowledge-remote", test_knowledge_remote);
  g_test_add_func ("/side-panel/customer-photo", test_customer_photo);

  status = g_test_run ();

  remove_store ();
  ui_test_cleanup ();

  return status;
}
