/* tend-account-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-account-list"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tend-account-list.h"

#define KEY_KIND  "kind"
#define KEY_NAME  "name"
#define KEY_URL   "url"
#define KEY_LOGIN "login"
#define KEY_ROLE  "role"

struct _TendAccountList
{
  GObject parent_instance;

  char *path;
  /* The file as read, so that what we do not know survives a save. */
  GKeyFile *key_file;
  GPtrArray *accounts;
  /* Set when the file exists but could not be read: saving would then
   * replace the agent's file with whatever little we understood. */
  gboolean load_failed;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TendAccountList, tend_account_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
tend_account_list_get_item_type (GListModel *model)
{
  return TEND_TYPE_ACCOUNT;
}

static guint
tend_account_list_get_n_items (GListModel *model)
{
  TendAccountList *self = TEND_ACCOUNT_LIST (model);

  return self->accounts->len;
}

static gpointer
tend_account_list_get_item (GListModel *model,
                            guint       position)
{
  TendAccountList *self = TEND_ACCOUNT_LIST (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tend_account_list_get_item_type;
  iface->get_n_items = tend_account_list_get_n_items;
  iface->get_item = tend_account_list_get_item;
}

TendAccountList *
tend_account_list_new (void)
{
  return g_object_new (TEND_TYPE_ACCOUNT_LIST, NULL);
}

TendAccountList *
tend_account_list_new_for_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (TEND_TYPE_ACCOUNT_LIST, "path", path, NULL);
}

const char *
tend_account_list_get_path (TendAccountList *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT_LIST (self), NULL);

  return self->path;
}

/* An agent who once pasted a token into the file gets it taken out at the
 * next save rather than carried along forever with the unknown keys. */
static gboolean
key_looks_secret (const char *key)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);

  return strstr (lower, "token") != NULL ||
         strstr (lower, "password") != NULL ||
         strstr (lower, "passwd") != NULL ||
         strstr (lower, "secret") != NULL;
}

static void
drop_secret_keys (GKeyFile   *key_file,
                  const char *group)
{
  g_auto(GStrv) keys = g_key_file_get_keys (key_file, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (key_looks_secret (keys[i]))
        {
          g_warning ("Removing key “%s” of account “%s” from the accounts file: "
                     "secrets belong in the keyring", keys[i], group);
          g_key_file_remove_key (key_file, group, keys[i], NULL);
        }
    }
}

static char *
get_trimmed_string (GKeyFile   *key_file,
                    const char *group,
                    const char *key)
{
  char *value = g_key_file_get_string (key_file, group, key, NULL);

  if (value == NULL)
    return NULL;

  g_strstrip (value);
  if (value[0] == '\0')
    g_clear_pointer (&value, g_free);

  return value;
}

/* Builds the account of @group, NULL with no error for a kind this version
 * does not know (the group stays in the file for the Tend that wrote it). */
static TendAccount *
account_from_group (TendAccountList  *self,
                    GKeyFile         *key_file,
                    const char       *group,
                    GError          **error)
{
  g_autofree char *kind = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url_text = NULL;
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;
  g_autofree char *role = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!tend_account_id_is_valid (group))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_CORRUPT,
                   _("The accounts file %s is damaged: “%s” is not an account id "
                     "(lower case letters, digits and dashes)."),
                   self->path, group);
      return NULL;
    }

  kind = get_trimmed_string (key_file, group, KEY_KIND);
  if (kind == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_CORRUPT,
                   _("The accounts file %s is damaged: account “%s” has no “%s”."),
                   self->path, group, KEY_KIND);
      return NULL;
    }

  if (!tend_account_kind_is_known (kind))
    {
      g_debug ("Skipping account “%s” of unknown kind “%s”", group, kind);
      return NULL;
    }

  url_text = get_trimmed_string (key_file, group, KEY_URL);
  login = get_trimmed_string (key_file, group, KEY_LOGIN);
  if (url_text == NULL || login == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_CORRUPT,
                   _("The accounts file %s is damaged: account “%s” has no “%s”."),
                   self->path, group, url_text == NULL ? KEY_URL : KEY_LOGIN);
      return NULL;
    }

  /* The same rules as when the account was added: a hand-edited
   * http://example.com must not get the token sent in clear. */
  url = tend_account_normalize_url (kind, url_text, &local_error);
  if (url == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_CORRUPT,
                   _("The accounts file %s is damaged: account “%s”: %s"),
                   self->path, group, local_error->message);
      return NULL;
    }

  name = get_trimmed_string (key_file, group, KEY_NAME);
  role = get_trimmed_string (key_file, group, KEY_ROLE);

  return g_object_new (TEND_TYPE_ACCOUNT,
                       "id", group,
                       "kind", kind,
                       "display-name", name != NULL ? name : group,
                       "base-url", url,
                       "login", login,
                       "role", role,
                       NULL);
}

gboolean
tend_account_list_load (TendAccountList  *self,
                        GError          **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (TEND_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_key_file_load_from_file (key_file, self->path,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_clear_pointer (&key_file, g_key_file_unref);
          key_file = g_key_file_new ();
        }
      else
        {
          self->load_failed = TRUE;
          if (local_error->domain == G_FILE_ERROR)
            g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                         _("Cannot read the accounts file: %s"), local_error->message);
          else
            g_set_error (error, TEND_ERROR, TEND_ERROR_CORRUPT,
                         _("The accounts file %s is damaged: %s"),
                         self->path, local_error->message);
          goto failed;
        }
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      TendAccount *account;

      drop_secret_keys (key_file, groups[i]);

      account = account_from_group (self, key_file, groups[i], &local_error);
      if (local_error != NULL)
        {
          self->load_failed = TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto failed;
        }
      if (account != NULL)
        g_ptr_array_add (accounts, account);
    }

  self->load_failed = FALSE;
  g_key_file_unref (self->key_file);
  self->key_file = g_steal_pointer (&key_file);
  old = g_steal_pointer (&self->accounts);
  self->accounts = g_steal_pointer (&accounts);

  if (old->len > 0 || self->accounts->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, self->accounts->len);

  return TRUE;

failed:
  /* Nothing half-read stays around to be saved back. */
  if (self->accounts->len > 0)
    {
      guint removed = self->accounts->len;

      g_ptr_array_set_size (self->accounts, 0);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
    }
  g_key_file_unref (self->key_file);
  self->key_file = g_key_file_new ();
  return FALSE;
}

static void
write_account (GKeyFile    *key_file,
               TendAccount *account)
{
  const char *group = tend_account_get_id (account);
  const char *role = tend_account_get_role (account);

  g_key_file_set_string (key_file, group, KEY_KIND, tend_account_get_kind (account));
  g_key_file_set_string (key_file, group, KEY_NAME, tend_account_get_display_name (account));
  g_key_file_set_string (key_file, group, KEY_URL, tend_account_get_base_url (account));
  g_key_file_set_string (key_file, group, KEY_LOGIN, tend_account_get_login (account));
  if (role != NULL)
    g_key_file_set_string (key_file, group, KEY_ROLE, role);
  else
    g_key_file_remove_key (key_file, group, KEY_ROLE, NULL);
}

gboolean
tend_account_list_save (TendAccountList  *self,
                        GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (TEND_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->load_failed)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_CORRUPT,
                   _("The accounts file %s could not be read, so Tend does not change it. "
                     "Repair or move it away, then try again."),
                   self->path);
      return FALSE;
    }

  for (guint i = 0; i < self->accounts->len; i++)
    write_account (self->key_file, g_ptr_array_index (self->accounts, i));

  data = g_key_file_to_data (self->key_file, &length, NULL);

  /* 0700: the file holds no secret, but which helpdesks and logins an
   * agent uses is nobody else's business. */
  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  {
    g_autoptr(GError) local_error = NULL;

    if (!g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, &local_error))
      {
        g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                     _("Cannot save the accounts: %s"), local_error->message);
        return FALSE;
      }
  }

  return TRUE;
}

static gboolean
names_equal (const char *a,
             const char *b)
{
  g_autofree char *a_trimmed = g_strstrip (g_strdup (a != NULL ? a : ""));
  g_autofree char *b_trimmed = g_strstrip (g_strdup (b != NULL ? b : ""));
  g_autofree char *a_folded = g_utf8_casefold (a_trimmed, -1);
  g_autofree char *b_folded = g_utf8_casefold (b_trimmed, -1);

  return g_str_equal (a_folded, b_folded);
}

gboolean
tend_account_list_add (TendAccountList  *self,
                       TendAccount      *account,
                       GError          **error)
{
  const char *id;

  g_return_val_if_fail (TEND_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (TEND_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = tend_account_get_id (account);

  /* A group with this id may be an account of a kind we skipped. */
  if (tend_account_list_lookup (self, id) != NULL ||
      g_key_file_has_group (self->key_file, id))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("An account with the id “%s” already exists."), id);
      return FALSE;
    }

  if (tend_account_list_lookup_by_name (self, tend_account_get_display_name (account)) != NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("An account named “%s” already exists; choose another name."),
                   tend_account_get_display_name (account));
      return FALSE;
    }

  if (!tend_account_kind_is_known (tend_account_get_kind (account)) ||
      tend_account_get_base_url (account) == NULL ||
      tend_account_get_login (account) == NULL)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("The account lacks a helpdesk kind, address or login."));
      return FALSE;
    }

  g_ptr_array_add (self->accounts, g_object_ref (account));

  if (!tend_account_list_save (self, error))
    {
      g_ptr_array_remove_index (self->accounts, self->accounts->len - 1);
      g_key_file_remove_group (self->key_file, id, NULL);
      return FALSE;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);

  return TRUE;
}

/* Deletes @file and, when it is a directory, what it holds. Symbolic links
 * are removed, never followed, so a link inside a store directory cannot
 * lead the deletion anywhere else. */
static gboolean
delete_recursively (GFile   *file,
                    GError **error)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (info == NULL)
    return FALSE;

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_autoptr(GFileEnumerator) children = NULL;

      children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                            NULL, error);
      if (children == NULL)
        return FALSE;

      for (;;)
        {
          GFile *child = NULL;

          if (!g_file_enumerator_iterate (children, NULL, &child, NULL, error))
            return FALSE;
          if (child == NULL)
            break;
          if (!delete_recursively (child, error))
            return FALSE;
        }
    }

  return g_file_delete (file, NULL, error);
}

static gboolean
delete_data_dir (const char  *id,
                 GError     **error)
{
  g_autofree char *tend_dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GError) local_error = NULL;

  /* Belt and braces: the id was checked when the account was built, but
   * this is the one place where a bad one would delete someone's files. */
  if (!tend_account_id_is_valid (id))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("Refusing to delete the data of an account with the id “%s”."), id);
      return FALSE;
    }

  tend_dir = g_build_filename (g_get_user_data_dir (), "tend", NULL);
  base = g_canonicalize_filename (tend_dir, NULL);
  path = g_build_filename (base, id, NULL);
  parent = g_path_get_dirname (path);
  if (!g_str_equal (parent, base))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("Refusing to delete %s: it is not inside %s."), path, base);
      return FALSE;
    }

  dir = g_file_new_for_path (path);
  if (!delete_recursively (dir, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;

      g_set_error (error, TEND_ERROR, TEND_ERROR_STORAGE,
                   _("The account was removed, but its data in %s could not be deleted: %s"),
                   path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
tend_account_list_remove (TendAccountList  *self,
                          TendAccount      *account,
                          GError          **error)
{
  g_autoptr(TendAccount) keep = NULL;
  g_autoptr(GKeyFile) backup = NULL;
  g_autofree char *data = NULL;
  guint position;

  g_return_val_if_fail (TEND_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (TEND_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_ptr_array_find (self->accounts, account, &position))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_NOT_FOUND,
                   _("There is no account “%s”."), tend_account_get_display_name (account));
      return FALSE;
    }

  /* A copy of the file's content, to put the group back if the save
   * fails: its unknown keys must not be lost on the way. */
  data = g_key_file_to_data (self->key_file, NULL, NULL);
  backup = g_key_file_new ();
  g_key_file_load_from_data (backup, data, (gsize) -1,
                             G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, NULL);

  keep = g_object_ref (account);
  g_ptr_array_remove_index (self->accounts, position);
  g_key_file_remove_group (self->key_file, tend_account_get_id (account), NULL);

  if (!tend_account_list_save (self, error))
    {
      g_ptr_array_insert (self->accounts, position, g_object_ref (account));
      g_key_file_unref (self->key_file);
      self->key_file = g_steal_pointer (&backup);
      return FALSE;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  return delete_data_dir (tend_account_get_id (account), error);
}

TendAccount *
tend_account_list_lookup (TendAccountList *self,
                          const char      *id)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT_LIST (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      TendAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_str_equal (tend_account_get_id (account), id))
        return account;
    }

  return NULL;
}

TendAccount *
tend_account_list_lookup_by_name (TendAccountList *self,
                                  const char      *name)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT_LIST (self), NULL);

  if (name == NULL)
    return NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      TendAccount *account = g_ptr_array_index (self->accounts, i);

      if (names_equal (tend_account_get_display_name (account), name))
        return account;
    }

  return NULL;
}

static void
tend_account_list_constructed (GObject *object)
{
  TendAccountList *self = (TendAccountList *) object;

  G_OBJECT_CLASS (tend_account_list_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_config_dir (), "tend", "accounts.ini", NULL);
}

static void
tend_account_list_finalize (GObject *object)
{
  TendAccountList *self = (TendAccountList *) object;

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->key_file, g_key_file_unref);
  g_free (self->path);

  G_OBJECT_CLASS (tend_account_list_parent_class)->finalize (object);
}

static void
tend_account_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TendAccountList *self = TEND_ACCOUNT_LIST (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_account_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TendAccountList *self = TEND_ACCOUNT_LIST (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_account_list_class_init (TendAccountListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tend_account_list_constructed;
  object_class->finalize = tend_account_list_finalize;
  object_class->get_property = tend_account_list_get_property;
  object_class->set_property = tend_account_list_set_property;

  /* NULL picks $XDG_CONFIG_HOME/tend/accounts.ini. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_account_list_init (TendAccountList *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->key_file = g_key_file_new ();
}
