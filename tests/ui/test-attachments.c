/* test-attachments.c: opening and saving a message's attachments
 *
 * A message of the demo helpdesk (in-process) with its attachments, in a
 * conversation list inside a toast overlay as in the window. "Open"
 * downloads into the file cache and asks the default application to
 * show the file: a fake application, registered for PDFs through a
 * temporary XDG_DATA_HOME and mimeapps.list, writes down what it was
 * given. "Save As…" goes through the real file chooser (GTK's own dialog
 * here, there being no portal), answered as an agent would. A missing
 * file shows a toast. Screenshots, light and dark, of the message, and of
 * a download under way (the server slowed down), go to
 * tests/ui/screenshots/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-attachments"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "tend-engine.h"
#include "tend-demo-server.h"
#include "tend-demo-server-private.h"
#include "tend-message-row.h"
#include "tend-customer-panel.h"
#include "tend-session.h"
#include "tend-workspace.h"
#include "tend-ui-utils.h"
#include "ui-test-utils.h"

static TendDemoServer *demo;
static TendComment *comment;     /* with a PDF among two or more attachments */
static guint pdf_index;
static char *record_path;        /* what the fake application writes */
static char *work_dir;

/* The default application for PDFs: a script that writes down its
 * argument. */
static void
install_fake_opener (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *apps = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *script = g_build_filename (work_dir, "opener.sh", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = g_build_filename (apps, "tend-test-opener.desktop", NULL);
  g_autofree char *desktop_text = NULL;
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);

  record_path = g_build_filename (work_dir, "opened.txt", NULL);
  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$1\" > '%s.tmp' && mv '%s.tmp' '%s'\n",
                                 record_path, record_path, record_path);
  g_file_set_contents (script, script_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  desktop_text = g_strdup_printf ("[Desktop Entry]\n"
                                  "Type=Application\n"
                                  "Name=Test Opener\n"
                                  "Exec=%s %%f\n"
                                  "MimeType=application/pdf;\n"
                                  "NoDisplay=true\n", script);
  g_file_set_contents (desktop, desktop_text, -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  g_file_set_contents (mimeapps,
                       "[Default Applications]\napplication/pdf=tend-test-opener.desktop\n",
                       -1, &error);
  g_assert_no_error (error);
}

/* A customer message with three of the demo helpdesk's attachments (a
 * PDF first): the generator gives a message one at most. */
static void
find_comment (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendStore) store = tend_store_open_existing (tend_demo_server_get_store_path (demo), &error);
  g_autoptr(GArray) ids = NULL;
  const char *types[] = { "application/pdf", "image/png", "other" };
  TendAttachment *found[G_N_ELEMENTS (types)] = { NULL, };
  TendComment *first = NULL;
  guint n_found = 0;

  g_assert_no_error (error);
  ids = tend_store_list_ticket_ids (store, TEND_VIEW_ALL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len && n_found < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GPtrArray) comments = tend_store_list_comments (store, g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      for (guint j = 0; j < comments->len; j++)
        {
          TendComment *c = g_ptr_array_index (comments, j);
          GPtrArray *attachments = tend_comment_get_attachments (c);

          for (guint k = 0; k < attachments->len; k++)
            for (guint t = 0; t < G_N_ELEMENTS (types); t++)
              if (found[t] == NULL &&
                  (g_strcmp0 (tend_attachment_get_content_type (attachments->pdata[k]), types[t]) == 0 ||
                   /* The last: anything the others are not. */
                   (t == G_N_ELEMENTS (types) - 1 &&
                    g_strcmp0 (tend_attachment_get_content_type (attachments->pdata[k]), types[0]) != 0 &&
                    g_strcmp0 (tend_attachment_get_content_type (attachments->pdata[k]), types[1]) != 0)))
                {
                  found[t] = g_object_ref (attachments->pdata[k]);
                  n_found++;
                  if (t == 0)
                    first = g_object_ref (c);
                }
        }
    }
  g_assert_cmpuint (n_found, ==, G_N_ELEMENTS (types));

  comment = tend_comment_new (tend_comment_get_id (first));
  tend_comment_set_ticket_id (comment, tend_comment_get_ticket_id (first));
  tend_comment_set_author_id (comment, tend_comment_get_author_id (first));
  tend_comment_set_author_name (comment, tend_comment_get_author_name (first));
  tend_comment_set_author_role (comment, TEND_USER_ROLE_END_USER);
  tend_comment_set_public (comment, TRUE);
  tend_comment_set_created_at (comment, tend_comment_get_created_at (first));
  tend_comment_set_body (comment, tend_comment_get_body (first));
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      tend_comment_add_attachment (comment, found[t]);
      g_object_unref (found[t]);
    }
  pdf_index = 0;
  g_object_unref (first);
}

static TendFileCache *
make_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "tend", "test", "files", NULL);
  TendFileCache *cache = tend_file_cache_new (dir, tend_demo_server_get_url (demo), &error);

  g_assert_no_error (error);
  tend_file_cache_set_api_token (cache, tend_demo_server_get_email (demo), tend_demo_server_get_token (demo));
  return cache;
}

typedef struct
{
  GtkWindow      *window;
  GtkWidget      *overlay;
  TendMessageRow *row;
} Fixture;

static void
fixture_set_up (Fixture     *fixture,
                TendComment *shown,
                TendFileCache *cache)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->overlay = adw_toast_overlay_new ();
  fixture->row = TEND_MESSAGE_ROW (tend_message_row_new (shown, tend_comment_get_author_id (shown)));
  tend_message_row_set_file_cache (fixture->row, cache);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "conversation");
  gtk_widget_set_margin_top (list, 18);
  gtk_widget_set_margin_bottom (list, 18);
  gtk_widget_set_margin_start (list, 18);
  gtk_widget_set_margin_end (list, 18);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (fixture->row));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (fixture->overlay), scroller);
  gtk_window_set_child (fixture->window, fixture->overlay);
  gtk_window_set_default_size (fixture->window, 720, 380);
  gtk_window_present (fixture->window);
  wait_for_frame (GTK_WIDGET (fixture->row));
  /* Nothing focused: a focused body label would show all its text selected. */
  gtk_window_set_focus (fixture->window, NULL);
  gtk_label_select_region (GTK_LABEL (find_widget_by_id (GTK_WIDGET (fixture->row), "body_label")), 0, 0);
  spin_for (50);
}

static void
fixture_tear_down (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The n-th attachment's button with this accessible action. */
static GtkWidget *
attachment_button (TendMessageRow *row,
                   const char     *action,
                   guint           index)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (row), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkActionable *button = g_ptr_array_index (buttons, i);
      GVariant *target = gtk_actionable_get_action_target_value (button);

      if (g_strcmp0 (gtk_actionable_get_action_name (button), action) == 0 &&
          target != NULL && g_variant_get_uint32 (target) == index)
        return GTK_WIDGET (button);
    }
  return NULL;
}

static gboolean
not_busy (gpointer data)
{
  return !tend_message_row_get_busy (data);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
spinner_spinning (gpointer data)
{
  g_autoptr(GPtrArray) spinners = g_ptr_array_new ();

  collect_widgets (data, GTK_TYPE_SPINNER, spinners);
  for (guint i = 0; i < spinners->len; i++)
    if (gtk_widget_get_visible (spinners->pdata[i]) &&
        gtk_spinner_get_spinning (spinners->pdata[i]))
      return TRUE;
  return FALSE;
}


/* Tests */

static void
test_look (void)
{
  g_autoptr(TendFileCache) cache = make_cache ();
  GPtrArray *attachments = tend_comment_get_attachments (comment);
  Fixture fixture;

  fixture_set_up (&fixture, comment, cache);

  /* Every attachment has both buttons, labelled for screen readers. */
  for (guint i = 0; i < attachments->len; i++)
    {
      GtkWidget *open = attachment_button (fixture.row, "attachment.open", i);
      GtkWidget *save = attachment_button (fixture.row, "attachment.save", i);

      g_assert_nonnull (open);
      g_assert_nonnull (save);
      g_assert_true (gtk_widget_get_mapped (open));
      g_assert_true (gtk_widget_get_mapped (save));
      g_assert_nonnull (gtk_widget_get_tooltip_text (open));
    }

  save_light_and_dark (GTK_WIDGET (fixture.window), "attachments");

  fixture_tear_down (&fixture);
}

static void
test_open (void)
{
  g_autoptr(TendFileCache) cache = make_cache ();
  g_autoptr(GError) error = NULL;
  TendAttachment *pdf = g_ptr_array_index (tend_comment_get_attachments (comment), pdf_index);
  g_autoptr(GBytes) expected = _tend_demo_draw_attachment (pdf);
  g_autofree char *recorded = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  guint before = tend_demo_server_get_n_requests (demo);
  Fixture fixture;

  g_remove (record_path);
  fixture_set_up (&fixture, comment, cache);

  gtk_widget_activate (attachment_button (fixture.row, "attachment.open", pdf_index));
  g_assert_true (wait_until_timeout (file_exists, record_path, 30));
  g_assert_true (wait_until (not_busy, fixture.row));

  /* The default application was handed the cached file… */
  cached = tend_file_cache_lookup_attachment (cache, pdf);
  g_assert_nonnull (cached);
  g_file_get_contents (record_path, &recorded, NULL, &error);
  g_assert_no_error (error);
  g_strchomp (recorded);
  g_assert_cmpstr (recorded, ==, cached);
  /* …which is what the helpdesk serves, fetched once. */
  g_file_get_contents (cached, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (data, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpuint (tend_demo_server_get_n_requests (demo), ==, before + 1);

  /* Opening again uses the cache. */
  g_remove (record_path);
  gtk_widget_activate (attachment_button (fixture.row, "attachment.open", pdf_index));
  g_assert_true (wait_until (file_exists, record_path));
  g_assert_cmpuint (tend_demo_server_get_n_requests (demo), ==, before + 1);

  fixture_tear_down (&fixture);
}

static gboolean
chooser_shown (gpointer data)
{
  GtkWindow **out = data;

  *out = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  return *out != NULL && gtk_widget_get_mapped (GTK_WIDGET (*out));
}

static void
test_save (void)
{
  g_autoptr(TendFileCache) cache = make_cache ();
  g_autoptr(GError) error = NULL;
  TendAttachment *pdf = g_ptr_array_index (tend_comment_get_attachments (comment), pdf_index);
  g_autoptr(GBytes) expected = _tend_demo_draw_attachment (pdf);
  g_autofree char *safe_name = tend_attachment_dup_safe_file_name (pdf);
  g_autofree char *destination = g_build_filename (work_dir, "saved copy.pdf", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (work_dir);
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  GtkWindow *chooser = NULL;
  LabelQuery toast = { NULL, "Saved" };
  Fixture fixture;

  fixture_set_up (&fixture, comment, cache);

  /* "Save As…" asks where, suggesting the attachment's (safe) name. */
  gtk_widget_activate (attachment_button (fixture.row, "attachment.save", pdf_index));
  g_assert_true (wait_until (chooser_shown, &chooser));
  g_assert_true (gtk_window_get_modal (chooser));
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, safe_name);
  save_screenshot (GTK_WIDGET (chooser), "attachments-save-chooser.png");

  /* The agent picks a folder and a name, and saves. */
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error);
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "saved copy.pdf");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  g_assert_true (wait_until_timeout (file_exists, destination, 30));
  g_assert_true (wait_until (not_busy, fixture.row));
  g_file_get_contents (destination, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (data, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  toast.root = fixture.overlay;
  g_assert_true (wait_until (label_shown_with_prefix, &toast));

  /* The same save without the chooser: what it calls, into a file that
   * exists already (the chooser asked about replacing it). */
  {
    g_autoptr(GFile) again = g_file_new_for_path (destination);

    g_file_set_contents (destination, "old", -1, &error);
    g_assert_no_error (error);
    tend_message_row_save_attachment_to (fixture.row, pdf_index, again);
    g_assert_true (tend_message_row_get_busy (fixture.row));
    g_assert_true (wait_until (not_busy, fixture.row));
    g_clear_pointer (&data, g_free);
    g_file_get_contents (destination, &data, &length, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (data, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  }

  fixture_tear_down (&fixture);
}

static void
test_progress_and_errors (void)
{
  g_autoptr(TendFileCache) cache = make_cache ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TendComment) broken = tend_comment_new (1);
  g_autoptr(TendAttachment) gone = tend_attachment_new (999999999);
  GPtrArray *attachments = tend_comment_get_attachments (comment);
  guint slow_index = pdf_index == 0 ? 1 : 0;
  LabelQuery toast = { NULL, "Could not open “gone.pdf”" };
  Fixture fixture;

  /* A download under way shows a spinner on its attachment. */
  fixture_set_up (&fixture, comment, cache);
  g_assert_true (tend_demo_server_set_faults (demo, "slow-ms=8000", &error));
  g_assert_no_error (error);
  gtk_widget_activate (attachment_button (fixture.row, "attachment.open", slow_index));
  g_assert_true (wait_until (spinner_spinning, fixture.row));
  g_assert_true (tend_message_row_get_busy (fixture.row));
  /* The open button waits for the download. */
  g_assert_false (gtk_widget_get_sensitive (attachment_button (fixture.row, "attachment.open", slow_index)));
  ui_test_set_dark (FALSE);
  save_screenshot (GTK_WIDGET (fixture.window), "attachments-downloading-light.png");
  ui_test_set_dark (TRUE);
  spin_for (100);
  g_assert_true (spinner_spinning (fixture.row));
  save_screenshot (GTK_WIDGET (fixture.window), "attachments-downloading-dark.png");
  ui_test_set_dark (FALSE);
  tend_demo_server_set_faults (demo, NULL, NULL);
  g_assert_true (wait_until_timeout (not_busy, fixture.row, 30));
  g_assert_false (spinner_spinning (fixture.row));
  g_assert_nonnull (tend_file_cache_lookup_attachment (cache, g_ptr_array_index (attachments, slow_index)));
  fixture_tear_down (&fixture);

  /* A file the helpdesk no longer has: a toast says so. */
  tend_attachment_set_file_name (gone, "gone.pdf");
  tend_attachment_set_content_type (gone, "application/pdf");
  tend_attachment_set_size (gone, 1234);
  tend_attachment_set_content_url (gone, "/attachments/token/999999999/?name=gone.pdf");
  tend_comment_set_body (broken, "Here is the file.");
  tend_comment_set_author_name (broken, "Ana Lima");
  tend_comment_set_public (broken, TRUE);
  tend_comment_add_attachment (broken, gone);

  fixture_set_up (&fixture, broken, cache);
  gtk_widget_activate (attachment_button (fixture.row, "attachment.open", 0));
  toast.root = fixture.overlay;
  g_assert_true (wait_until (label_shown_with_prefix, &toast));
  g_assert_true (wait_until (not_busy, fixture.row));
  spin_for (300);
  save_screenshot (GTK_WIDGET (fixture.window), "attachments-error-light.png");
  fixture_tear_down (&fixture);
}

/* In the window: the session's own cache, found by the widgets */

static gboolean
session_synced (gpointer data)
{
  return !tend_session_get_loading (data) &&
         tend_session_get_state (data) == TEND_SESSION_STATE_SYNCED;
}

static gboolean
photo_shown (gpointer data)
{
  GtkWidget *stack = find_widget_by_id (data, "avatar_stack");
  GtkWidget *avatar = find_widget_by_id (data, "photo_avatar");

  return stack != NULL && avatar != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "photo") == 0 &&
         adw_avatar_get_custom_image (ADW_AVATAR (avatar)) != NULL;
}

typedef struct
{
  GtkWidget   *root;
  TendComment *comment;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_widgets (wait->root, TEND_TYPE_MESSAGE_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (tend_comment_get_id (tend_message_row_get_comment (rows->pdata[i])) == tend_comment_get_id (wait->comment))
      return TRUE;
  return FALSE;
}

static TendMessageRow *
find_row (GtkWidget   *root,
          TendComment *wanted)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_widgets (root, TEND_TYPE_MESSAGE_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (tend_comment_get_id (tend_message_row_get_comment (rows->pdata[i])) == tend_comment_get_id (wanted))
      return rows->pdata[i];
  return NULL;
}

static void
check_window (TendApplication *app,
              TendWindow      *window)
{
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(TendSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(TendComment) wanted = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *cache_dir = NULL;
  TendWorkspace *workspace;
  TendStore *store;
  TendMessageRow *row;
  GtkWidget *customer;
  RowWait wait;
  guint index = 0;
  gint64 ticket_id = 0;

  account = tend_account_new (TEND_ACCOUNT_KIND_ZENDESK, "Demo Support",
                              tend_demo_server_get_url (demo),
                              tend_demo_server_get_email (demo), &error);
  g_assert_no_error (error);
  session = tend_session_open (account, &error);
  g_assert_no_error (error);
  tend_window_show_session (window, session);
  g_assert_true (tend_session_start (session, tend_demo_server_get_token (demo), 0, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until_timeout (session_synced, session, TEST_TIMEOUT_SECONDS));

  /* An open ticket whose requester has a photo, with a PDF attached. */
  store = tend_session_get_store (session);
  ids = tend_store_list_ticket_ids (store, TEND_VIEW_OPEN, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len && wanted == NULL; i++)
    {
      g_autoptr(TendTicket) ticket = tend_store_get_ticket (store, g_array_index (ids, gint64, i), NULL);
      g_autoptr(TendUser) user = tend_store_get_user (store, tend_ticket_get_requester_id (ticket), NULL);
      g_autoptr(GPtrArray) comments = NULL;

      if (user == NULL || tend_user_get_photo_url (user) == NULL)
        continue;
      comments = tend_store_list_comments (store, tend_ticket_get_id (ticket), NULL);
      for (guint j = 0; comments != NULL && j < comments->len && wanted == NULL; j++)
        {
          GPtrArray *attachments = tend_comment_get_attachments (comments->pdata[j]);

          for (guint k = 0; k < attachments->len; k++)
            if (g_strcmp0 (tend_attachment_get_content_type (attachments->pdata[k]), "application/pdf") == 0)
              {
                wanted = g_object_ref (comments->pdata[j]);
                ticket_id = tend_ticket_get_id (ticket);
                index = k;
                break;
              }
        }
    }
  g_assert_nonnull (wanted);

  workspace = tend_window_get_workspace (window);
  tend_workspace_open_ticket (workspace, ticket_id);
  wait.root = GTK_WIDGET (workspace);
  wait.comment = wanted;
  g_assert_true (wait_until (row_shown, &wait));
  row = find_row (GTK_WIDGET (workspace), wanted);
  tend_message_row_set_expanded (row, TRUE);
  wait_for_frame (GTK_WIDGET (row));

  /* The customer tab downloads the requester's photo by itself. */
  customer = find_widget (GTK_WIDGET (workspace), TEND_TYPE_CUSTOMER_PANEL);
  g_assert_nonnull (customer);
  g_assert_true (wait_until_timeout (photo_shown, customer, 20));

  /* Open, with no cache given: the session's, under the account's id. */
  g_remove (record_path);
  gtk_widget_activate (attachment_button (row, "attachment.open", index));
  g_assert_true (wait_until_timeout (file_exists, record_path, 30));
  g_file_get_contents (record_path, &recorded, NULL, &error);
  g_assert_no_error (error);
  cache_dir = tend_file_cache_dup_default_directory (tend_account_get_id (account));
  g_assert_true (g_str_has_prefix (recorded, cache_dir));
  g_assert_true (wait_until (not_busy, row));

  spin_for (300);
  save_screenshot (GTK_WIDGET (window), "attachments-window-light.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  spin_for (300);
  save_screenshot (GTK_WIDGET (window), "attachments-window-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  tend_session_close (session);
}

static void
test_in_window (void)
{
  run_application (check_window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  if (!ui_test_init (&argc, &argv))
    return 77;
  /* Plain windows here, not TendApplication's. */
  ui_test_load_app_style ();

  work_dir = g_dir_make_tmp ("tend-attachments-XXXXXX", &error);
  g_assert_no_error (error);
  install_fake_opener ();

  demo = tend_demo_server_new (300, 23);
  if (!tend_demo_server_start (demo, &error))
    g_error ("The demo helpdesk did not start: %s", error->message);
  find_comment ();

  g_test_add_func ("/attachments/look", test_look);
  g_test_add_func ("/attachments/open", test_open);
  g_test_add_func ("/attachments/save", test_save);
  g_test_add_func ("/attachments/progress-and-errors", test_progress_and_errors);
  g_test_add_func ("/attachments/in-window", test_in_window);

  result = g_test_run ();

  g_clear_object (&comment);
  tend_demo_server_stop (demo);
  g_clear_object (&demo);
  tend_remove_tree (work_dir);
  g_free (work_dir);
  g_free (record_path);
  ui_test_cleanup ();
  return result;
}
