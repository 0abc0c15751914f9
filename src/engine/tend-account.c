/* tend-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-account"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "tend-account.h"
#include "tend-http-private.h"
#include "tend-model-private.h"

/* The slug part of a generated id, before "-" and the suffix. */
#define ID_SLUG_MAX   31
#define ID_SUFFIX_LEN 8
#define ID_MAX        64

#define ZENDESK_SUFFIX ".zendesk.com"

struct _TendAccount
{
  GObject parent_instance;

  char *id;
  char *kind;
  char *display_name;
  char *base_url;
  char *login;
  char *role;
};

G_DEFINE_FINAL_TYPE (TendAccount, tend_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_DISPLAY_NAME,
  PROP_BASE_URL,
  PROP_LOGIN,
  PROP_ROLE,
  PROP_DATA_DIR,
  PROP_STORE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
tend_account_kind_is_known (const char *kind)
{
  return g_strcmp0 (kind, TEND_ACCOUNT_KIND_ZENDESK) == 0 ||
         g_strcmp0 (kind, TEND_ACCOUNT_KIND_RT) == 0;
}

gboolean
tend_account_id_is_valid (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;

  len = strlen (id);
  /* No leading dash: the id is also a command-line word and a file name. */
  if (len == 0 || len > ID_MAX || id[0] == '-')
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        return FALSE;
    }

  return TRUE;
}

char *
tend_account_generate_id (const char *hint)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  g_autofree char *ascii = NULL;
  GString *id = g_string_new (NULL);
  gboolean dash = FALSE;

  /* Transliterate first so "Café Support" gives "cafe-support" rather
   * than dropping letters. */
  if (hint != NULL && g_utf8_validate (hint, -1, NULL))
    ascii = g_str_to_ascii (hint, "C");

  for (const char *p = ascii; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          gboolean sep = dash && id->len > 0;

          if (id->len + (sep ? 2 : 1) > ID_SLUG_MAX)
            break;
          if (sep)
            g_string_append_c (id, '-');
          g_string_append_c (id, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        {
          dash = TRUE;
        }
    }

  if (id->len == 0)
    g_string_append (id, "account");

  /* The suffix keeps two accounts with the same name (two sandboxes of one
   * company) apart, and keeps a removed account's leftovers from ever
   * being picked up by a new one. */
  g_string_append_c (id, '-');
  for (guint i = 0; i < ID_SUFFIX_LEN; i++)
    g_string_append_c (id, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (id, FALSE);
}

/* A DNS name in ASCII (GUri already turned IDNs into punycode): labels of
 * letters, digits and inner dashes. */
static gboolean
host_is_valid (const char *host)
{
  g_auto(GStrv) labels = NULL;
  gsize len = strlen (host);

  if (g_hostname_is_ip_address (host))
    return TRUE;

  if (len == 0 || len > 253)
    return FALSE;

  labels = g_strsplit (host, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *label = labels[i];
      gsize label_len = strlen (label);

      /* One trailing dot ("example.com.") is a valid absolute name. */
      if (label_len == 0 && labels[i + 1] == NULL && i > 0)
        break;
      if (label_len == 0 || label_len > 63 ||
          label[0] == '-' || label[label_len - 1] == '-')
        return FALSE;
      for (const char *p = label; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-')
            return FALSE;
        }
    }

  return TRUE;
}

/* "acme" or "acme-eu": what Zendesk calls the subdomain. */
static gboolean
looks_like_subdomain (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 63 || text[0] == '-' || text[len - 1] == '-')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }

  return TRUE;
}

char *
tend_account_normalize_url (const char  *kind,
                            const char  *text,
                            GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  gboolean zendesk;
  int port;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!tend_account_kind_is_known (kind))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("Unknown helpdesk kind “%s”: Tend knows “zendesk” and “rt”."),
                   kind != NULL ? kind : "");
      return NULL;
    }
  zendesk = g_str_equal (kind, TEND_ACCOUNT_KIND_ZENDESK);

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           zendesk ? _("Enter your Zendesk subdomain or its address.")
                                   : _("Enter the address of your helpdesk."));
      return NULL;
    }

  if (zendesk && looks_like_subdomain (trimmed))
    {
      g_autofree char *lower = g_ascii_strdown (trimmed, -1);
      return g_strdup_printf ("https://%s" ZENDESK_SUFFIX, lower);
    }

  /* No scheme typed ("acme.zendesk.com/agent"): https, never a guess at
   * http. */
  if (strstr (trimmed, "://") == NULL)
    with_scheme = g_strconcat ("https://", trimmed, NULL);
  else
    with_scheme = g_strdup (trimmed);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_ENCODED_PATH, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("“%s” is not a web address: %s"), trimmed, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("“%s” is not a web address: it must start with https://."), trimmed);
      return NULL;
    }

  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("“%s” has no host name."), trimmed);
      return NULL;
    }

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (!host_is_valid (host))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("“%s” is not a valid host name."), g_uri_get_host (uri));
      return NULL;
    }
  if (g_str_has_suffix (host, ".") && !g_hostname_is_ip_address (host))
    host[strlen (host) - 1] = '\0';

  /* The account file is not a place for a password, and Tend would send it
   * in clear to whoever the URL names. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           _("Leave the user name and password out of the address: Tend asks for them separately and keeps the token in the keyring."));
      return NULL;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("“%s” has a query or a “#” part; enter only the helpdesk’s address."), trimmed);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !_tend_http_host_is_loopback (host))
    {
      g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                   _("Plain http:// would send the token in clear to %s. Use https://; "
                     "http:// is allowed only to this computer (localhost, 127.0.0.1, ::1)."),
                   host);
      return NULL;
    }

  port = g_uri_get_port (uri);
  if ((port == 443 && g_ascii_strcasecmp (scheme, "https") == 0) ||
      (port == 80 && g_ascii_strcasecmp (scheme, "http") == 0))
    port = -1;

  if (zendesk)
    {
      path = g_strdup ("");
    }
  else
    {
      gsize len;

      path = g_strdup (g_uri_get_path (uri));
      len = strlen (path);
      while (len > 0 && path[len - 1] == '/')
        path[--len] = '\0';
      if (path[0] != '\0' && path[0] != '/')
        {
          g_set_error (error, TEND_ERROR, TEND_ERROR_INVALID,
                       _("“%s” is not a web address."), trimmed);
          return NULL;
        }
    }

  {
    g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);

    return g_uri_join (G_URI_FLAGS_ENCODED_PATH, lower_scheme, NULL, host, port, path, NULL, NULL);
  }
}

/* "acme" for https://acme.zendesk.com, else the host. */
static char *
default_display_name (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (base_url);

  host = g_uri_get_host (uri);
  if (g_str_has_suffix (host, ZENDESK_SUFFIX))
    {
      g_autofree char *subdomain = g_strndup (host, strlen (host) - strlen (ZENDESK_SUFFIX));

      if (subdomain[0] != '\0' && strchr (subdomain, '.') == NULL)
        return g_steal_pointer (&subdomain);
    }

  return g_strdup (host);
}

TendAccount *
tend_account_new (const char  *kind,
                  const char  *display_name,
                  const char  *base_url,
                  const char  *login,
                  GError     **error)
{
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *trimmed_login = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = tend_account_normalize_url (kind, base_url, error);
  if (url == NULL)
    return NULL;

  trimmed_login = g_strstrip (g_strdup (login != NULL ? login : ""));
  if (trimmed_login[0] == '\0')
    {
      g_set_error_literal (error, TEND_ERROR, TEND_ERROR_INVALID,
                           g_str_equal (kind, TEND_ACCOUNT_KIND_ZENDESK)
                             ? _("Enter the email address you sign in to Zendesk with.")
                             : _("Enter the user name you sign in with."));
      return NULL;
    }

  name = g_strstrip (g_strdup (display_name != NULL ? display_name : ""));
  if (name[0] == '\0')
    {
      g_free (name);
      name = default_display_name (url);
    }

  id = tend_account_generate_id (name);

  return g_object_new (TEND_TYPE_ACCOUNT,
                       "id", id,
                       "kind", kind,
                       "display-name", name,
                       "base-url", url,
                       "login", trimmed_login,
                       NULL);
}

const char *
tend_account_get_id (TendAccount *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT (self), NULL);

  return self->id;
}

const char *
tend_account_get_kind (TendAccount *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT (self), NULL);

  return self->kind;
}

const char *
tend_account_get_display_name (TendAccount *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

void
tend_account_set_display_name (TendAccount *self,
                               const char  *display_name)
{
  g_return_if_fail (TEND_IS_ACCOUNT (self));

  if (_tend_set_string (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
tend_account_get_base_url (TendAccount *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT (self), NULL);

  return self->base_url;
}

void
tend_account_set_base_url (TendAccount *self,
                           const char  *base_url)
{
  g_return_if_fail (TEND_IS_ACCOUNT (self));

  if (_tend_set_string (&self->base_url, base_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
tend_account_get_login (TendAccount *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT (self), NULL);

  return self->login;
}

void
tend_account_set_login (TendAccount *self,
                        const char  *login)
{
  g_return_if_fail (TEND_IS_ACCOUNT (self));

  if (_tend_set_string (&self->login, login))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
}

const char *
tend_account_get_role (TendAccount *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT (self), NULL);

  return self->role;
}

void
tend_account_set_role (TendAccount *self,
                       const char  *role)
{
  g_return_if_fail (TEND_IS_ACCOUNT (self));

  if (role != NULL && role[0] == '\0')
    role = NULL;

  if (_tend_set_string (&self->role, role))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

char *
tend_account_dup_data_dir (TendAccount *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT (self), NULL);

  return g_build_filename (g_get_user_data_dir (), "tend", self->id, NULL);
}

char *
tend_account_dup_store_path (TendAccount *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT (self), NULL);

  return g_build_filename (g_get_user_data_dir (), "tend", self->id, "store.db", NULL);
}

static void
tend_account_constructed (GObject *object)
{
  TendAccount *self = (TendAccount *) object;

  G_OBJECT_CLASS (tend_account_parent_class)->constructed (object);

  /* The id names a directory that tend_account_list_remove() deletes:
   * anything else than a slug would be a path traversal waiting to
   * happen, so a bad one is replaced rather than trusted. */
  if (!tend_account_id_is_valid (self->id))
    {
      if (self->id != NULL)
        g_critical ("Invalid account id “%s”; generating a new one", self->id);
      g_free (self->id);
      self->id = tend_account_generate_id (self->display_name);
    }

  if (self->kind == NULL)
    self->kind = g_strdup (TEND_ACCOUNT_KIND_ZENDESK);
}

static void
tend_account_finalize (GObject *object)
{
  TendAccount *self = (TendAccount *) object;

  g_free (self->id);
  g_free (self->kind);
  g_free (self->display_name);
  g_free (self->base_url);
  g_free (self->login);
  g_free (self->role);

  G_OBJECT_CLASS (tend_account_parent_class)->finalize (object);
}

static void
tend_account_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TendAccount *self = TEND_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;

    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    case PROP_DATA_DIR:
      g_value_take_string (value, tend_account_dup_data_dir (self));
      break;

    case PROP_STORE_PATH:
      g_value_take_string (value, tend_account_dup_store_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_account_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TendAccount *self = TEND_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_KIND:
      g_free (self->kind);
      self->kind = g_value_dup_string (value);
      break;

    case PROP_DISPLAY_NAME:
      tend_account_set_display_name (self, g_value_get_string (value));
      break;

    case PROP_BASE_URL:
      tend_account_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_LOGIN:
      tend_account_set_login (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      tend_account_set_role (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_account_class_init (TendAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tend_account_constructed;
  object_class->finalize = tend_account_finalize;
  object_class->get_property = tend_account_get_property;
  object_class->set_property = tend_account_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         TEND_ACCOUNT_KIND_ZENDESK,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE_PATH] =
    g_param_spec_string ("store-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tend_account_init (TendAccount *self)
{
}
