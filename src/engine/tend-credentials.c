/* tend-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "tend-credentials.h"

#define ATTR_ACCOUNT "account"
#define ATTR_KIND    "kind"

typedef enum
{
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} Operation;

typedef struct
{
  Operation op;
  TendAccount *account;
  /* Held only between the bus check and the store call; wiped on free. */
  char *secret;
} Request;

static const SecretSchema *
get_schema (void)
{
  /* SECRET_SCHEMA_NONE: libsecret then also matches on the schema name
   * (xdg:schema), so another program's item with an "account" attribute
   * is never taken for ours. */
  static const SecretSchema schema = {
    TEND_CREDENTIALS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { ATTR_ACCOUNT, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_KIND, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

void
tend_credentials_secret_free (char *secret)
{
  if (secret != NULL)
    secret_password_free (secret);
}

static void
request_free (Request *request)
{
  g_clear_object (&request->account);
  g_clear_pointer (&request->secret, tend_credentials_secret_free);
  g_free (request);
}

static char *
make_label (TendAccount *account)
{
  return g_strdup_printf (_("Tend: %s"), tend_account_get_display_name (account));
}

/* What the agent reads when there is no session bus at all (a bare tty, a
 * container, ssh without a session). */
static void
set_no_bus_error (GError       **error,
                  const GError  *source)
{
  g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
               _("No secret service is available: there is no D-Bus session bus (%s). "
                 "Tend keeps tokens only in the keyring (GNOME Keyring or KWallet); "
                 "start a desktop session or a keyring and try again."),
               source->message);
}

static gboolean
is_no_service_error (const GError *error)
{
  if (error->domain != G_DBUS_ERROR)
    return FALSE;

  /* The bus is there but nothing owns or can be started as
   * org.freedesktop.secrets. */
  switch (error->code)
    {
    case G_DBUS_ERROR_SERVICE_UNKNOWN:
    case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
    case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
    case G_DBUS_ERROR_SPAWN_FORK_FAILED:
    case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
    case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
    case G_DBUS_ERROR_SPAWN_FAILED:
    case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
    case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
    case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
    case G_DBUS_ERROR_SPAWN_FILE_INVALID:
    case G_DBUS_ERROR_SPAWN_NO_MEMORY:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Turns libsecret's errors into ones a caller can act on and an agent can
 * read; cancellation stays G_IO_ERROR_CANCELLED. */
static void
set_keyring_error (GError       **error,
                   const GError  *source,
                   Operation      op)
{
  if (g_error_matches (source, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, source->message);
      return;
    }

  if (is_no_service_error (source))
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_FAILED,
                           _("No secret service is available: no keyring answers on the "
                             "D-Bus session bus. Tend keeps tokens only in the keyring "
                             "(GNOME Keyring or KWallet); start one and try again."));
      return;
    }

  if (g_error_matches (source, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_FAILED,
                           _("The keyring is locked. Unlock it and try again."));
      return;
    }

  switch (op)
    {
    case OP_STORE:
      g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
                   _("Could not save the token in the keyring: %s"), source->message);
      break;

    case OP_LOOKUP:
      g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
                   _("Could not read the token from the keyring: %s"), source->message);
      break;

    case OP_CLEAR:
      g_set_error (error, TEND_ERROR, TEND_ERROR_FAILED,
                   _("Could not delete the token from the keyring: %s"), source->message);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &local_error))
    {
      set_keyring_error (&error, local_error, OP_STORE);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &local_error);
  if (local_error != NULL)
    {
      tend_credentials_secret_free (secret);
      set_keyring_error (&error, local_error, OP_LOOKUP);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, secret, (GDestroyNotify) tend_credentials_secret_free);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;

  /* FALSE without an error only means there was nothing to delete. */
  secret_password_clear_finish (result, &local_error);
  if (local_error != NULL)
    {
      set_keyring_error (&error, local_error, OP_CLEAR);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* The session bus comes first so that its absence gets its own message;
 * libsecret would report it as one more I/O error. */
static void
bus_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) local_error = NULL;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *id = tend_account_get_id (request->account);
  const char *kind = tend_account_get_kind (request->account);

  bus = g_bus_get_finish (result, &local_error);
  if (bus == NULL)
    {
      GError *error = NULL;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&local_error));
      else
        {
          set_no_bus_error (&error, local_error);
          g_task_return_error (task, error);
        }
      return;
    }

  switch (request->op)
    {
    case OP_STORE:
      {
        g_autofree char *label = make_label (request->account);
        g_autofree char *secret = g_steal_pointer (&request->secret);

        /* libsecret copies the secret into its own (wiped) memory at
         * once, so ours can go before the call completes. */
        secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                               cancellable, store_cb, g_steal_pointer (&task),
                               ATTR_ACCOUNT, id, ATTR_KIND, kind, NULL);
        secret_password_wipe (secret);
      }
      break;

    case OP_LOOKUP:
      secret_password_lookup (get_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                              ATTR_ACCOUNT, id, ATTR_KIND, kind, NULL);
      break;

    case OP_CLEAR:
      secret_password_clear (get_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                             ATTR_ACCOUNT, id, ATTR_KIND, kind, NULL);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
start (Operation            op,
       TendAccount         *account,
       const char          *secret,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  request = g_new0 (Request, 1);
  request->op = op;
  request->account = g_object_ref (account);
  request->secret = g_strdup (secret);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, g_steal_pointer (&task));
}

void
tend_credentials_store_async (TendAccount         *account,
                              const char          *secret,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (TEND_IS_ACCOUNT (account));
  g_return_if_fail (secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (OP_STORE, account, secret, cancellable, callback, user_data,
         tend_credentials_store_async);
}

gboolean
tend_credentials_store_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tend_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tend_credentials_lookup_async (TendAccount         *account,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (TEND_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (OP_LOOKUP, account, NULL, cancellable, callback, user_data,
         tend_credentials_lookup_async);
}

char *
tend_credentials_lookup_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tend_credentials_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tend_credentials_clear_async (TendAccount         *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (TEND_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (OP_CLEAR, account, NULL, cancellable, callback, user_data,
         tend_credentials_clear_async);
}

gboolean
tend_credentials_clear_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tend_credentials_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
check_bus_sync (GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) local_error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &local_error);
  if (bus == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_no_bus_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

gboolean
tend_credentials_store_sync (TendAccount   *account,
                             const char    *secret,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (TEND_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_bus_sync (cancellable, error))
    return FALSE;

  label = make_label (account);
  if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                                   cancellable, &local_error,
                                   ATTR_ACCOUNT, tend_account_get_id (account),
                                   ATTR_KIND, tend_account_get_kind (account),
                                   NULL))
    {
      set_keyring_error (error, local_error, OP_STORE);
      return FALSE;
    }

  return TRUE;
}

char *
tend_credentials_lookup_sync (TendAccount   *account,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;

  g_return_val_if_fail (TEND_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_bus_sync (cancellable, error))
    return NULL;

  secret = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                        ATTR_ACCOUNT, tend_account_get_id (account),
                                        ATTR_KIND, tend_account_get_kind (account),
                                        NULL);
  if (local_error != NULL)
    {
      tend_credentials_secret_free (secret);
      set_keyring_error (error, local_error, OP_LOOKUP);
      return NULL;
    }

  return secret;
}

gboolean
tend_credentials_clear_sync (TendAccount   *account,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TEND_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_bus_sync (cancellable, error))
    return FALSE;

  secret_password_clear_sync (get_schema (), cancellable, &local_error,
                              ATTR_ACCOUNT, tend_account_get_id (account),
                              ATTR_KIND, tend_account_get_kind (account),
                              NULL);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error, OP_CLEAR);
      return FALSE;
    }

  return TRUE;
}
