/* test-accounts.c: TendAccount and the accounts key file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tend-account.h"
#include "tend-account-list.h"
#include "test-util.h"

static char *
tend_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "tend", NULL);
}

static char *
accounts_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "tend", "accounts.ini", NULL);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static TendAccount *
make_account (const char *name,
              const char *url,
              const char *login)
{
  g_autoptr(GError) error = NULL;
  TendAccount *account;

  account = tend_account_new (TEND_ACCOUNT_KIND_ZENDESK, name, url, login, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  return account;
}

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->calls++;
  record->position = position;
  record->removed = removed;
  record->added = added;
}

/* URLs */

static void
test_url_accepted (void)
{
  static const struct {
    const char *kind;
    const char *text;
    const char *expected;
  } cases[] = {
    { "zendesk", "acme", "https://acme.zendesk.com" },
    { "zendesk", "  ACME-eu ", "https://acme-eu.zendesk.com" },
    { "zendesk", "acme.zendesk.com", "https://acme.zendesk.com" },
    { "zendesk", "acme.zendesk.com/", "https://acme.zendesk.com" },
    { "zendesk", "https://acme.zendesk.com/", "https://acme.zendesk.com" },
    { "zendesk", "HTTPS://Acme.Zendesk.COM:443", "https://acme.zendesk.com" },
    { "zendesk", "https://acme.zendesk.com/agent/tickets/5", "https://acme.zendesk.com" },
    { "zendesk", "https://support.example.com:8443/", "https://support.example.com:8443" },
    { "zendesk", "https://bücher.example", "https://xn--bcher-kva.example" },
    { "zendesk", "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "zendesk", "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
    { "zendesk", "http://127.31.4.5:80/", "http://127.31.4.5" },
    { "zendesk", "http://localhost:8080", "http://localhost:8080" },
    { "zendesk", "http://LocalHost", "http://localhost" },
    { "zendesk", "http://[::1]:8080/", "http://[::1]:8080" },
    { "rt", "https://rt.example.com/rt/", "https://rt.example.com/rt" },
    { "rt", "rt.example.com", "https://rt.example.com" },
    { "rt", "http://127.0.0.1:9080/rt", "http://127.0.0.1:9080/rt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;

      url = tend_account_normalize_url (cases[i].kind, cases[i].text, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].expected);
    }
}

static void
test_url_refused (void)
{
  static const struct {
    const char *kind;
    const char *text;
    const char *in_message;   /* a part of the message the agent reads */
  } cases[] = {
    { "zendesk", "", "subdomain" },
    { "zendesk", "   ", "subdomain" },
    { "rt", "", "address" },
    { "zendesk", NULL, "subdomain" },
    /* http only to this computer */
    { "zendesk", "http://acme.zendesk.com", "only to this computer" },
    { "zendesk", "http://10.0.0.1:8080", "only to this computer" },
    { "zendesk", "http://192.168.1.20", "only to this computer" },
    { "zendesk", "http://localhost.example.com", "only to this computer" },
    { "zendesk", "http://127.0.0.1.nip.io", "only to this computer" },
    { "zendesk", "http://[2001:db8::1]", "only to this computer" },
    { "rt", "http://rt.example.com/rt", "only to this computer" },
    /* other schemes */
    { "zendesk", "ftp://acme.zendesk.com", "https://" },
    { "zendesk", "file:///etc/passwd", "https://" },
    /* secrets in the URL */
    { "zendesk", "https://ann:hunter2@acme.zendesk.com", "user name and password" },
    { "zendesk", "https://ann@acme.zendesk.com", "user name and password" },
    /* garbage */
    { "zendesk", "acme corp", "host name" },
    { "zendesk", "acme_support", "host name" },
    { "zendesk", "acme-", "host name" },
    { "zendesk", "https://", "host" },
    { "zendesk", "https://-acme.example.com", "host name" },
    { "zendesk", "https://acme..example.com", "host name" },
    { "zendesk", "https://acme.example.com:99999", "not a web address" },
    { "zendesk", "javascript:alert(1)", "not a web address" },
    { "zendesk", "../../etc/passwd", "host name" },
    { "zendesk", "https://acme.zendesk.com/?locale=de", "query" },
    { "zendesk", "https://acme.zendesk.com/#top", "query" },
    { "freshdesk", "https://acme.freshdesk.com", "Unknown helpdesk kind" },
    { NULL, "acme", "Unknown helpdesk kind" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;

      url = tend_account_normalize_url (cases[i].kind, cases[i].text, &error);
      if (url != NULL)
        g_error ("“%s” (%s) was accepted as %s", cases[i].text, cases[i].kind, url);
      g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
      if (strstr (error->message, cases[i].in_message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", cases[i].text, error->message, cases[i].in_message);
    }
}

/* The account object */

static void
test_account_new (void)
{
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(TendAccount) named = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *expected_dir = NULL;
  g_autofree char *prop_dir = NULL;

  account = make_account (NULL, "acme", " ann@acme.test ");
  g_assert_cmpstr (tend_account_get_kind (account), ==, "zendesk");
  g_assert_cmpstr (tend_account_get_base_url (account), ==, "https://acme.zendesk.com");
  g_assert_cmpstr (tend_account_get_display_name (account), ==, "acme");
  g_assert_cmpstr (tend_account_get_login (account), ==, "ann@acme.test");
  g_assert_null (tend_account_get_role (account));
  g_assert_true (g_str_has_prefix (tend_account_get_id (account), "acme-"));
  g_assert_true (tend_account_id_is_valid (tend_account_get_id (account)));

  data_dir = tend_account_dup_data_dir (account);
  expected_dir = g_build_filename (g_get_user_data_dir (), "tend", tend_account_get_id (account), NULL);
  g_assert_cmpstr (data_dir, ==, expected_dir);
  store_path = tend_account_dup_store_path (account);
  g_assert_true (g_str_has_prefix (store_path, data_dir));
  g_assert_true (g_str_has_suffix (store_path, G_DIR_SEPARATOR_S "store.db"));
  g_object_get (account, "data-dir", &prop_dir, NULL);
  g_assert_cmpstr (prop_dir, ==, data_dir);
  /* Nothing is created until a store is opened there. */
  g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));

  tend_account_set_role (account, "admin");
  g_assert_cmpstr (tend_account_get_role (account), ==, "admin");
  tend_account_set_role (account, "");
  g_assert_null (tend_account_get_role (account));

  named = make_account ("Acme Support (EU)", "http://127.0.0.1:8080", "ann@acme.test");
  g_assert_cmpstr (tend_account_get_display_name (named), ==, "Acme Support (EU)");
  g_assert_true (g_str_has_prefix (tend_account_get_id (named), "acme-support-eu-"));

  /* Bad input is refused with a reason, not turned into an account. */
  g_assert_null (tend_account_new ("zendesk", "X", "http://acme.zendesk.com", "a@b", &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tend_account_new ("zendesk", "X", "acme", "   ", &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tend_account_new ("other", "X", "acme", "a@b", &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
}

static void
test_account_ids (void)
{
  static const char *hints[] = {
    "Acme", "acme", "ACME", "../../etc", "/", "", "   ", "a/b\\c", "Café Støtte",
    "日本語サポート", "--leading-dashes--", "x.y.z", "name with\nnewline",
    "a very long account name that goes on and on well beyond any reasonable limit",
    "127.0.0.1", NULL,
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *tend_dir = tend_data_dir ();
  static const char *invalid[] = {
    "", "-acme", "../acme", "acme/..", "Acme", "acme corp", "acme.zendesk",
    "acme_1", "ac\nme", ".", "..",
    "a123456789012345678901234567890123456789012345678901234567890123456789",
  };

  for (guint round = 0; round < 150; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (hints); i++)
        {
          g_autofree char *id = tend_account_generate_id (hints[i]);
          g_autoptr(TendAccount) account = NULL;
          g_autofree char *data_dir = NULL;
          g_autofree char *parent = NULL;

          g_assert_true (tend_account_id_is_valid (id));
          g_assert_cmpuint (strlen (id), <=, 40);
          for (const char *p = id; *p != '\0'; p++)
            g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-');
          g_assert_false (g_str_has_prefix (id, "-"));
          g_assert_false (g_str_has_suffix (id, "-"));
          g_assert_null (strstr (id, "--"));

          /* The data directory is always a direct child of …/tend. */
          account = g_object_new (TEND_TYPE_ACCOUNT, "id", id, NULL);
          data_dir = tend_account_dup_data_dir (account);
          parent = g_path_get_dirname (data_dir);
          g_assert_cmpstr (parent, ==, tend_dir);

          if (!g_hash_table_add (seen, g_steal_pointer (&id)))
            g_error ("Generated the same id twice");
        }
    }

  {
    g_autofree char *cafe = tend_account_generate_id ("Café Støtte");
    g_autofree char *empty = tend_account_generate_id ("");

    g_assert_true (g_str_has_prefix (cafe, "cafe-"));
    g_assert_true (g_str_has_prefix (empty, "account-"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (tend_account_id_is_valid (invalid[i]));
  g_assert_false (tend_account_id_is_valid (NULL));
  g_assert_true (tend_account_id_is_valid ("acme-3f9x2k"));
}

/* The list and its file */

static void
test_list_round_trip (void)
{
  g_autoptr(TendAccountList) list = tend_account_list_new ();
  g_autoptr(TendAccountList) again = NULL;
  g_autoptr(TendAccount) acme = make_account ("Acme", "acme", "ann@acme.test");
  g_autoptr(TendAccount) demo = make_account ("Local demo", "http://127.0.0.1:8080", "agent@demo.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  ItemsChanged changes = { 0 };
  GStatBuf st;

  g_assert_cmpstr (tend_account_list_get_path (list), ==, path);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == TEND_TYPE_ACCOUNT);

  /* No file yet: an empty list, and loading does not create one. */
  g_assert_true (tend_account_list_load (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  tend_account_set_role (acme, "admin");
  g_assert_true (tend_account_list_add (list, acme, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);

  g_assert_true (tend_account_list_add (list, demo, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.calls, ==, 2);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* Saved on add, private to the agent. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  again = tend_account_list_new ();
  g_assert_true (tend_account_list_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TendAccount) loaded = g_list_model_get_item (G_LIST_MODEL (again), i);
      TendAccount *original = i == 0 ? acme : demo;

      g_assert_cmpstr (tend_account_get_id (loaded), ==, tend_account_get_id (original));
      g_assert_cmpstr (tend_account_get_kind (loaded), ==, tend_account_get_kind (original));
      g_assert_cmpstr (tend_account_get_display_name (loaded), ==, tend_account_get_display_name (original));
      g_assert_cmpstr (tend_account_get_base_url (loaded), ==, tend_account_get_base_url (original));
      g_assert_cmpstr (tend_account_get_login (loaded), ==, tend_account_get_login (original));
      g_assert_cmpstr (tend_account_get_role (loaded), ==, tend_account_get_role (original));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (again), 2));

  /* Lookups */
  {
    g_autoptr(TendAccount) second = g_list_model_get_item (G_LIST_MODEL (again), 1);

    g_assert_true (tend_account_list_lookup (again, tend_account_get_id (demo)) == second);
  }
  g_assert_nonnull (tend_account_list_lookup_by_name (again, "  ACME "));
  g_assert_cmpstr (tend_account_get_id (tend_account_list_lookup_by_name (again, "local DEMO")),
                   ==, tend_account_get_id (demo));
  g_assert_null (tend_account_list_lookup (again, "nope-123456"));
  g_assert_null (tend_account_list_lookup_by_name (again, "Acme2"));

  /* A changed field is written by save(). */
  tend_account_set_role (tend_account_list_lookup (again, tend_account_get_id (demo)), "agent");
  g_assert_true (tend_account_list_save (again, &error));
  g_assert_no_error (error);
  {
    g_autoptr(TendAccountList) third = tend_account_list_new ();

    g_assert_true (tend_account_list_load (third, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (tend_account_get_role (tend_account_list_lookup (third, tend_account_get_id (demo))),
                     ==, "agent");
  }

  /* Reloading replaces the items and says so. */
  changes.calls = 0;
  g_assert_true (tend_account_list_load (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 2);
  g_assert_cmpuint (changes.added, ==, 2);
}

static void
test_list_duplicates (void)
{
  g_autoptr(TendAccountList) list = tend_account_list_new ();
  g_autoptr(TendAccount) acme = make_account ("Acme", "acme", "ann@acme.test");
  g_autoptr(TendAccount) acme2 = make_account (" acme ", "acme2", "bob@acme.test");
  g_autoptr(TendAccount) twin = NULL;
  g_autoptr(GError) error = NULL;
  ItemsChanged changes = { 0 };

  g_assert_true (tend_account_list_load (list, &error));
  g_assert_true (tend_account_list_add (list, acme, &error));
  g_assert_no_error (error);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  g_assert_false (tend_account_list_add (list, acme, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (tend_account_list_add (list, acme2, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  twin = g_object_new (TEND_TYPE_ACCOUNT,
                       "id", tend_account_get_id (acme),
                       "display-name", "Other",
                       "base-url", "https://other.zendesk.com",
                       "login", "x@y",
                       NULL);
  g_assert_false (tend_account_list_add (list, twin, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);

  g_assert_cmpuint (changes.calls, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
}

static void
test_list_remove (void)
{
  g_autoptr(TendAccountList) list = tend_account_list_new ();
  g_autoptr(TendAccountList) again = tend_account_list_new ();
  g_autoptr(TendAccount) acme = make_account ("Acme", "acme", "ann@acme.test");
  g_autoptr(TendAccount) beta = make_account ("Beta", "beta", "bob@beta.test");
  g_autoptr(TendAccount) gamma = make_account ("Gamma", "gamma", "cy@gamma.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *acme_dir = tend_account_dup_data_dir (acme);
  g_autofree char *acme_store = tend_account_dup_store_path (acme);
  g_autofree char *acme_nested = g_build_filename (acme_dir, "attachments", "12", NULL);
  g_autofree char *beta_dir = tend_account_dup_data_dir (beta);
  g_autofree char *beta_store = tend_account_dup_store_path (beta);
  g_autofree char *tend_dir = tend_data_dir ();
  g_autofree char *sibling = g_build_filename (tend_dir, "keep-me.txt", NULL);
  g_autofree char *outside_dir = g_build_filename (g_get_user_cache_dir (), "outside", NULL);
  g_autofree char *outside_file = g_build_filename (outside_dir, "precious.txt", NULL);
  g_autofree char *link_to_dir = g_build_filename (acme_dir, "link-to-dir", NULL);
  g_autofree char *link_to_file = g_build_filename (acme_dir, "link-to-file", NULL);
  g_autofree char *nested_file = NULL;
  ItemsChanged changes = { 0 };

  g_assert_true (tend_account_list_add (list, acme, &error));
  g_assert_true (tend_account_list_add (list, beta, &error));
  g_assert_true (tend_account_list_add (list, gamma, &error));
  g_assert_no_error (error);

  /* Acme's data, with links pointing out of it; Beta's data; a file next
   * to them; a file elsewhere. Gamma never opened a store. */
  write_file (acme_store, "acme database");
  g_assert_cmpint (g_mkdir_with_parents (acme_nested, 0700), ==, 0);
  nested_file = g_build_filename (acme_nested, "invoice.pdf", NULL);
  write_file (nested_file, "pdf");
  write_file (beta_store, "beta database");
  write_file (sibling, "not an account");
  write_file (outside_file, "must survive");
  g_assert_cmpint (symlink (outside_dir, link_to_dir), ==, 0);
  g_assert_cmpint (symlink (outside_file, link_to_file), ==, 0);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  g_assert_true (tend_account_list_remove (list, acme, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_null (tend_account_list_lookup (list, tend_account_get_id (acme)));

  g_assert_false (g_file_test (acme_dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (beta_store, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sibling, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (outside_dir, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *contents = read_file (outside_file);

    g_assert_cmpstr (contents, ==, "must survive");
  }

  /* An account without a data directory is removed all the same. */
  g_assert_true (tend_account_list_remove (list, gamma, &error));
  g_assert_no_error (error);

  /* Removing twice is an error, not a crash. */
  g_assert_false (tend_account_list_remove (list, acme, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (tend_account_list_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_assert_nonnull (tend_account_list_lookup (again, tend_account_get_id (beta)));
}

static void
test_list_remove_symlinked_dir (void)
{
  g_autoptr(TendAccountList) list = tend_account_list_new ();
  g_autoptr(TendAccount) acme = make_account ("Acme", "acme", "ann@acme.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *acme_dir = tend_account_dup_data_dir (acme);
  g_autofree char *tend_dir = tend_data_dir ();
  g_autofree char *outside_dir = g_build_filename (g_get_user_cache_dir (), "elsewhere", NULL);
  g_autofree char *outside_file = g_build_filename (outside_dir, "store.db", NULL);

  /* The account's directory itself is a link: the link goes, never what
   * it points to. */
  g_assert_true (tend_account_list_add (list, acme, &error));
  write_file (outside_file, "must survive");
  g_assert_cmpint (g_mkdir_with_parents (tend_dir, 0700), ==, 0);
  g_assert_cmpint (symlink (outside_dir, acme_dir), ==, 0);

  g_assert_true (tend_account_list_remove (list, acme, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (acme_dir, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (outside_file, G_FILE_TEST_IS_REGULAR));
}

static void
assert_load_fails (const char *contents,
                   const char *in_message)
{
  g_autofree char *path = accounts_path ();
  g_autoptr(TendAccountList) list = tend_account_list_new ();
  g_autoptr(TendAccount) extra = make_account ("Extra", "extra", "e@x.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  write_file (path, contents);

  g_assert_false (tend_account_list_load (list, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  if (strstr (error->message, in_message) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, in_message);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* The agent's file is left alone until they fix it. */
  g_assert_false (tend_account_list_add (list, extra, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (tend_account_list_save (list, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_CORRUPT);
  after = read_file (path);
  g_assert_cmpstr (after, ==, contents);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

static void
test_list_malformed (void)
{
  assert_load_fails ("this is not a key file\n[unterminated\n", "damaged");
  assert_load_fails ("[acme-123456]\nkind=zendesk\nurl=https://acme.zendesk.com\nlogin=a@b\n"
                     "[../../escape]\nkind=zendesk\nurl=https://x.zendesk.com\nlogin=a@b\n",
                     "../../escape");
  assert_load_fails ("[acme-123456]\nkind=zendesk\nlogin=a@b\n", "url");
  assert_load_fails ("[acme-123456]\nkind=zendesk\nurl=https://acme.zendesk.com\n", "login");
  assert_load_fails ("[acme-123456]\nurl=https://acme.zendesk.com\nlogin=a@b\n", "kind");
  assert_load_fails ("[acme-123456]\nkind=zendesk\nurl=http://acme.zendesk.com\nlogin=a@b\n",
                     "only to this computer");
  assert_load_fails ("[acme-123456]\nkind=zendesk\nurl=not a url at all\nlogin=a@b\n", "acme-123456");
}

static void
test_list_unknown_kept (void)
{
  static const char original[] =
    "# Written by hand\n"
    "[acme-123456]\n"
    "kind=zendesk\n"
    "name=Acme\n"
    "url=https://acme.zendesk.com\n"
    "login=ann@acme.test\n"
    "x-future-setting=42\n"
    "\n"
    "[fresh-abcdef]\n"
    "kind=freshdesk\n"
    "name=From a newer Tend\n"
    "url=https://acme.freshdesk.com\n"
    "login=ann@acme.test\n";
  g_autofree char *path = accounts_path ();
  g_autoptr(TendAccountList) list = tend_account_list_new ();
  g_autoptr(TendAccount) beta = make_account ("Beta", "beta", "bob@beta.test");
  g_autoptr(TendAccount) clash = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *contents = NULL;

  write_file (path, original);
  g_assert_true (tend_account_list_load (list, &error));
  g_assert_no_error (error);
  /* The kind this version does not know is not shown... */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_null (tend_account_list_lookup (list, "fresh-abcdef"));

  /* ...and its id is still taken. */
  clash = g_object_new (TEND_TYPE_ACCOUNT,
                        "id", "fresh-abcdef",
                        "display-name", "Clash",
                        "base-url", "https://clash.zendesk.com",
                        "login", "c@d",
                        NULL);
  g_assert_false (tend_account_list_add (list, clash, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (tend_account_list_add (list, beta, &error));
  g_assert_no_error (error);

  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "# Written by hand"));
  g_key_file_load_from_data (key_file, contents, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  setting = g_key_file_get_string (key_file, "acme-123456", "x-future-setting", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (setting, ==, "42");
  g_assert_true (g_key_file_has_group (key_file, "fresh-abcdef"));
  g_assert_true (g_key_file_has_group (key_file, tend_account_get_id (beta)));

  /* Removing one account leaves the other groups as they were. */
  g_assert_true (tend_account_list_remove (list, beta, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "x-future-setting=42"));
  g_assert_nonnull (strstr (contents, "kind=freshdesk"));
  g_assert_null (strstr (contents, tend_account_get_id (beta)));
}

static void
test_list_no_secrets (void)
{
  g_autofree char *path = accounts_path ();
  g_autoptr(TendAccountList) list = tend_account_list_new ();
  g_autoptr(TendAccount) beta = make_account ("Beta", "beta", "bob@beta.test");
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *contents = NULL;

  /* Someone pasted a token into the file by hand. */
  write_file (path,
              "[acme-123456]\n"
              "kind=zendesk\n"
              "name=Acme\n"
              "url=https://acme.zendesk.com\n"
              "login=ann@acme.test\n"
              "api_token=Zk8s9TokenValue\n");

  g_test_expect_message ("tend-account-list", G_LOG_LEVEL_WARNING, "*api_token*keyring*");
  g_assert_true (tend_account_list_load (list, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  tend_account_set_role (beta, "agent");
  g_assert_true (tend_account_list_add (list, beta, &error));
  g_assert_no_error (error);

  contents = read_file (path);
  g_assert_null (strstr (contents, "Zk8s9TokenValue"));

  /* Only the documented keys, none of them a secret. */
  g_key_file_load_from_data (key_file, contents, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  groups = g_key_file_get_groups (key_file, NULL);
  g_assert_cmpuint (g_strv_length (groups), ==, 2);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (key_file, groups[i], NULL, &error);

      g_assert_no_error (error);
      for (guint j = 0; keys[j] != NULL; j++)
        {
          static const char *allowed[] = { "kind", "name", "url", "login", "role", NULL };

          if (!g_strv_contains (allowed, keys[j]))
            g_error ("Unexpected key “%s” in group “%s”", keys[j], groups[i]);
        }
    }
}

static void
test_list_save_error (void)
{
  g_autofree char *blocker = g_build_filename (g_get_user_config_dir (), "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "tend", "accounts.ini", NULL);
  g_autoptr(TendAccountList) list = NULL;
  g_autoptr(TendAccount) acme = make_account ("Acme", "acme", "ann@acme.test");
  g_autoptr(GError) error = NULL;
  ItemsChanged changes = { 0 };

  list = tend_account_list_new_for_path (path);
  g_assert_cmpstr (tend_account_list_get_path (list), ==, path);
  g_assert_true (tend_account_list_load (list, &error));
  g_assert_no_error (error);
  /* A plain file where the folder should be: fails even as root. */
  write_file (blocker, "in the way");
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  g_assert_false (tend_account_list_add (list, acme, &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_STORAGE);
  g_assert_cmpuint (changes.calls, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (tend_account_list_lookup (list, tend_account_get_id (acme)));

  /* Reading through it is a storage error too, not "damaged". */
  {
    g_autoptr(TendAccountList) other = tend_account_list_new_for_path (path);

    g_clear_error (&error);
    g_assert_false (tend_account_list_load (other, &error));
    g_assert_error (error, TEND_ERROR, TEND_ERROR_STORAGE);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;
  tend_test_isolate_dirs ("accounts");
  g_test_init (&argc, &argv, NULL);

  tend_test_add_isolated ("/accounts/url/accepted", test_url_accepted);
  tend_test_add_isolated ("/accounts/url/refused", test_url_refused);
  tend_test_add_isolated ("/accounts/account/new", test_account_new);
  tend_test_add_isolated ("/accounts/account/ids", test_account_ids);
  tend_test_add_isolated ("/accounts/list/round-trip", test_list_round_trip);
  tend_test_add_isolated ("/accounts/list/duplicates", test_list_duplicates);
  tend_test_add_isolated ("/accounts/list/remove", test_list_remove);
  tend_test_add_isolated ("/accounts/list/remove-symlinked-dir", test_list_remove_symlinked_dir);
  tend_test_add_isolated ("/accounts/list/malformed", test_list_malformed);
  tend_test_add_isolated ("/accounts/list/unknown-kept", test_list_unknown_kept);
  tend_test_add_isolated ("/accounts/list/no-secrets", test_list_no_secrets);
  tend_test_add_isolated ("/accounts/list/save-error", test_list_save_error);

  ret = g_test_run ();
  tend_test_remove_isolated_dirs ();

  return ret;
}
