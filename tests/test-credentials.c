/* test-credentials.c: tokens in the keyring, and only there
 *
 * The round trips talk to the gnome-keyring that build-aux/test-session.sh
 * starts inside the test run's private D-Bus session; outside that script
 * they are skipped rather than write into the developer's own keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "tend-account.h"
#include "tend-account-list.h"
#include "tend-credentials.h"
#include "test-util.h"

#define NO_SERVICE "No secret service is available"

static gboolean in_test_session;

static gboolean
require_test_keyring (void)
{
  if (!in_test_session)
    {
      g_test_skip ("needs the keyring of build-aux/test-session.sh "
                   "(dbus-run-session -- build-aux/test-session.sh meson test ...)");
      return FALSE;
    }
  return TRUE;
}

static TendAccount *
make_account (const char *name)
{
  g_autoptr(GError) error = NULL;
  TendAccount *account;

  account = tend_account_new (TEND_ACCOUNT_KIND_ZENDESK, name, "http://127.0.0.1:8080",
                              "agent@example.test", &error);
  g_assert_no_error (error);
  return account;
}

/* A secret nobody else would have, so a match cannot be a leftover. */
static char *
make_secret (void)
{
  return g_strdup_printf ("tok-%08x%08x-%s", g_random_int (), g_random_int (), "Zk9/Ä+=");
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_async (TendAccount *account,
             const char  *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tend_credentials_store_async (account, secret, NULL, on_result, &result);
  g_assert_true (tend_credentials_store_finish (wait_for (&result), &error));
  g_assert_no_error (error);
}

static char *
lookup_async (TendAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  tend_credentials_lookup_async (account, NULL, on_result, &result);
  secret = tend_credentials_lookup_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  return secret;
}

static void
clear_async (TendAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tend_credentials_clear_async (account, NULL, on_result, &result);
  g_assert_true (tend_credentials_clear_finish (wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
test_round_trip_async (void)
{
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(TendAccount) other = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *secret2 = NULL;
  char *found;

  if (!require_test_keyring ())
    return;

  account = make_account ("Acme");
  other = make_account ("Acme");
  secret = make_secret ();
  secret2 = make_secret ();

  /* Nothing before the first store. */
  g_assert_null (lookup_async (account));

  store_async (account, secret);
  found = lookup_async (account);
  g_assert_cmpstr (found, ==, secret);
  tend_credentials_secret_free (found);

  /* Another account (same name, another id) does not see it. */
  g_assert_null (lookup_async (other));

  /* A second store replaces the first. */
  store_async (account, secret2);
  found = lookup_async (account);
  g_assert_cmpstr (found, ==, secret2);
  tend_credentials_secret_free (found);

  clear_async (account);
  g_assert_null (lookup_async (account));

  /* Clearing what is not there is fine. */
  clear_async (account);
}

static void
test_round_trip_sync (void)
{
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  char *found;

  if (!require_test_keyring ())
    return;

  account = make_account ("Sync");
  secret = make_secret ();

  g_assert_true (tend_credentials_store_sync (account, secret, NULL, &error));
  g_assert_no_error (error);

  found = tend_credentials_lookup_sync (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, secret);
  tend_credentials_secret_free (found);

  /* What the async API stored the sync one reads, and back. */
  found = lookup_async (account);
  g_assert_cmpstr (found, ==, secret);
  tend_credentials_secret_free (found);

  g_assert_true (tend_credentials_clear_sync (account, NULL, &error));
  g_assert_no_error (error);
  found = tend_credentials_lookup_sync (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

/* The item as another program (Seahorse, secret-tool) sees it. */
static void
test_schema_and_label (void)
{
  static const SecretSchema schema = {
    "io.github.tenddesk.Tend.Credentials", SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *label = NULL;
  GList *items;
  char *found;

  if (!require_test_keyring ())
    return;

  account = make_account ("Acme Support");
  secret = make_secret ();
  g_assert_true (tend_credentials_store_sync (account, secret, NULL, &error));
  g_assert_no_error (error);

  found = secret_password_lookup_sync (&schema, NULL, &error,
                                       "account", tend_account_get_id (account),
                                       "kind", "zendesk",
                                       NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, secret);
  secret_password_free (found);

  /* The kind is part of the key: the same id under another kind is not
   * this account. */
  found = secret_password_lookup_sync (&schema, NULL, &error,
                                       "account", tend_account_get_id (account),
                                       "kind", "rt",
                                       NULL);
  g_assert_no_error (error);
  g_assert_null (found);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  attributes = secret_attributes_build (&schema,
                                        "account", tend_account_get_id (account),
                                        NULL);
  items = secret_service_search_sync (service, &schema, attributes, SECRET_SEARCH_ALL,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Tend: Acme Support");
  g_list_free_full (items, g_object_unref);

  g_assert_true (tend_credentials_clear_sync (account, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  return g_strstr_len (contents, length, needle) != NULL;
}

/* Counts the regular files under @dir and fails on one holding @needle. */
static guint
assert_tree_lacks (const char *dir,
                   const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint files = 0;

  if (handle == NULL)
    return 0;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        files += assert_tree_lacks (path, needle);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          files++;
          if (file_contains (path, needle))
            g_error ("The secret was written to %s", path);
        }
    }

  return files;
}

static void
test_secret_not_on_disk (void)
{
  g_autoptr(TendAccountList) list = NULL;
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  char *found = NULL;
  const char *dirs[4];
  guint files = 0;

  if (!require_test_keyring ())
    return;

  list = tend_account_list_new ();
  account = make_account ("Disk check");
  secret = make_secret ();

  g_assert_true (tend_account_list_load (list, &error));
  g_assert_true (tend_account_list_add (list, account, &error));
  g_assert_no_error (error);
  store_async (account, secret);
  tend_account_set_role (account, "admin");
  g_assert_true (tend_account_list_save (list, &error));
  g_assert_no_error (error);

  found = lookup_async (account);
  g_assert_cmpstr (found, ==, secret);
  g_clear_pointer (&found, tend_credentials_secret_free);

  dirs[0] = g_get_user_config_dir ();
  dirs[1] = g_get_user_data_dir ();
  dirs[2] = g_get_user_cache_dir ();
  dirs[3] = g_get_user_state_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    files += assert_tree_lacks (dirs[i], secret);
  /* At least the accounts file was looked at. */
  g_assert_cmpuint (files, >=, 1);
  g_assert_false (file_contains (tend_account_list_get_path (list), secret));
  g_assert_true (file_contains (tend_account_list_get_path (list), tend_account_get_id (account)));

  clear_async (account);
}

static void
assert_no_service_error (const GError *error,
                         const char   *what)
{
  g_assert_error (error, TEND_ERROR, TEND_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, NO_SERVICE));
  g_assert_nonnull (strstr (error->message, what));
  g_assert_nonnull (strstr (error->message, "keyring"));
}

/* Every call fails the same clear way, async and sync, and leaves no file
 * behind as a fallback. */
static void
assert_every_call_fails (const char *what)
{
  g_autoptr(TendAccountList) list = tend_account_list_new ();
  g_autoptr(TendAccount) account = make_account ("Nowhere");
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = make_secret ();
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  const char *dirs[4];

  g_assert_true (tend_account_list_load (list, &error));
  g_assert_true (tend_account_list_add (list, account, &error));
  g_assert_no_error (error);

  g_assert_false (tend_credentials_store_sync (account, secret, NULL, &error));
  assert_no_service_error (error, what);
  g_clear_error (&error);

  g_assert_null (tend_credentials_lookup_sync (account, NULL, &error));
  assert_no_service_error (error, what);
  g_clear_error (&error);

  g_assert_false (tend_credentials_clear_sync (account, NULL, &error));
  assert_no_service_error (error, what);
  g_clear_error (&error);

  tend_credentials_store_async (account, secret, NULL, on_result, &stored);
  g_assert_false (tend_credentials_store_finish (wait_for (&stored), &error));
  assert_no_service_error (error, what);
  g_clear_error (&error);

  tend_credentials_lookup_async (account, NULL, on_result, &looked_up);
  g_assert_null (tend_credentials_lookup_finish (wait_for (&looked_up), &error));
  assert_no_service_error (error, what);
  g_clear_error (&error);

  tend_credentials_clear_async (account, NULL, on_result, &cleared);
  g_assert_false (tend_credentials_clear_finish (wait_for (&cleared), &error));
  assert_no_service_error (error, what);
  g_clear_error (&error);

  dirs[0] = g_get_user_config_dir ();
  dirs[1] = g_get_user_data_dir ();
  dirs[2] = g_get_user_cache_dir ();
  dirs[3] = g_get_user_state_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    assert_tree_lacks (dirs[i], secret);
}

static void
test_no_session_bus (void)
{
  if (g_test_subprocess ())
    {
      /* Nothing listens there: as on a bare tty or in a container. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
      assert_every_call_fails ("D-Bus session bus");
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_no_keyring_on_bus (void)
{
  if (g_test_subprocess ())
    {
      /* A private bus with no service files: the bus is there, nothing
       * on it provides org.freedesktop.secrets. */
      static GTestDBus *bus;

      bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_test_dbus_up (bus);
      assert_every_call_fails ("no keyring answers");
      /* Stopped, never finalized: libsecret 0.20 keeps a reference to the
       * bus connection after a failed secret_password_clear_sync(), and
       * g_test_dbus_down() would wait 30 s for it to go. This process
       * ends right after. */
      g_test_dbus_stop (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_cancelled (void)
{
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_test_keyring ())
    return;

  account = make_account ("Cancelled");
  g_cancellable_cancel (cancellable);

  tend_credentials_lookup_async (account, cancellable, on_result, &result);
  g_assert_null (tend_credentials_lookup_finish (wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  int ret;
  const char *home = g_getenv ("HOME");

  /* Read before tend_test_isolate_dirs() points HOME at a temporary folder. */
  in_test_session = home != NULL && strstr (home, "/tend-test-session.") != NULL &&
                    g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;

  tend_test_isolate_dirs ("credentials");
  g_test_init (&argc, &argv, NULL);

  tend_test_add_isolated ("/credentials/round-trip/async", test_round_trip_async);
  tend_test_add_isolated ("/credentials/round-trip/sync", test_round_trip_sync);
  tend_test_add_isolated ("/credentials/schema-and-label", test_schema_and_label);
  tend_test_add_isolated ("/credentials/secret-not-on-disk", test_secret_not_on_disk);
  tend_test_add_isolated ("/credentials/cancelled", test_cancelled);
  tend_test_add_isolated ("/credentials/unavailable/no-session-bus", test_no_session_bus);
  tend_test_add_isolated ("/credentials/unavailable/no-keyring", test_no_keyring_on_bus);

  ret = g_test_run ();
  tend_test_remove_isolated_dirs ();

  return ret;
}
