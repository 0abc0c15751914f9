/* tend-account-dialog.c: adds a helpdesk account, or a new token for one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-account-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tend-credentials.h"
#include "rt/tend-rt-backend.h"
#include "zendesk/tend-zendesk-backend.h"

#include "tend-account-dialog.h"

#define TOKEN_HELP_URI "https://support.zendesk.com/hc/en-us/articles/4408889192858"
/* RT's own documentation of auth tokens, for when no address is typed
 * yet; with one, the help opens the server's own token page. */
#define RT_TOKEN_HELP_URI "https://docs.bestpractical.com/rt/5.0.3/RT/Authen/Token.html"
#define RT_TOKEN_PAGE "/Prefs/AuthTokens.html"
#define RT_REST_PATH "/REST/2.0"

/* The kind row's items, in the .ui's order. */
enum {
  KIND_ZENDESK,
  KIND_RT,
};

struct _TendAccountDialog
{
  AdwWindow         parent_instance;

  TendAccountList  *accounts;
  /* The account whose token is replaced; NULL when adding one. */
  TendAccount      *account;
  GCancellable     *cancellable;
  gboolean          busy;

  /* Template widgets */
  GtkWidget        *connect_button;
  GtkStack         *connect_stack;
  GtkSpinner       *connect_spinner;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *helpdesk_group;
  AdwPreferencesGroup *signin_group;
  AdwComboRow      *kind_row;
  AdwEntryRow      *url_row;
  AdwEntryRow      *email_row;
  AdwEntryRow      *token_row;
  GtkLabel         *address_error;
  GtkLabel         *signin_error;
  AdwActionRow     *help_row;
};

G_DEFINE_FINAL_TYPE (TendAccountDialog, tend_account_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the validation thread needs; the token is wiped when freed. */
typedef struct
{
  char *kind;
  char *url;
  char *email;
  char *token;
} Validation;

static void
validation_free (Validation *validation)
{
  g_free (validation->kind);
  g_free (validation->url);
  g_free (validation->email);
  tend_credentials_secret_free (validation->token);
  g_free (validation);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Validation, validation_free)

static char *
dup_field (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
is_rt (TendAccountDialog *self)
{
  return adw_combo_row_get_selected (self->kind_row) == KIND_RT;
}

static const char *
selected_kind (TendAccountDialog *self)
{
  return is_rt (self) ? TEND_ACCOUNT_KIND_RT : TEND_ACCOUNT_KIND_ZENDESK;
}

/* The words around the fields follow the kind of helpdesk: each asks for
 * its own address, user and secret. */
static void
update_kind_texts (TendAccountDialog *self)
{
  gboolean rt = is_rt (self);

  adw_preferences_group_set_description (self->helpdesk_group,
                                         self->account != NULL ? NULL :
                                         rt ? _("The address of Request Tracker’s web interface, "
                                                "such as rt.example.com or example.com/rt.")
                                            : _("Your Zendesk address, such as acme.zendesk.com, "
                                                "or just its subdomain."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row),
                                 rt ? _("Server Address") : _("Subdomain or Address"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->email_row),
                                 rt ? _("User Name") : _("Email Address"));
  adw_entry_row_set_input_purpose (self->email_row, rt ? GTK_INPUT_PURPOSE_FREE_FORM : GTK_INPUT_PURPOSE_EMAIL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row),
                                 rt ? _("Auth Token or Password") : _("API Token"));
  if (self->account == NULL)
    adw_preferences_group_set_description (self->signin_group,
                                           rt ? _("Use your Request Tracker user name and an auth token, "
                                                  "or your password. Tend keeps it in your keyring, never in a file.")
                                              : _("Use your agent email address and an API token. "
                                                  "Tend keeps the token in your keyring, never in a file."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->help_row),
                                 rt ? _("How do I make an auth token?")
                                    : _("Where do I find my API token?"));
  adw_action_row_set_subtitle (self->help_row,
                               rt ? _("In Request Tracker, under Logged in as → Settings → Auth Tokens; "
                                      "opens that page on your server")
                                  : _("Zendesk admins create tokens in the Admin Center, "
                                      "under Apps and integrations"));
}

/* The account's address as typed, normalized; for RT its web root, also
 * when the agent pasted the REST address (what the backend talks to,
 * and what the help and the account list show). */
static char *
normalize_url (const char  *kind,
               const char  *typed,
               GError     **error)
{
  char *url = tend_account_normalize_url (kind, typed, error);
  gsize len;

  if (url == NULL || !g_str_equal (kind, TEND_ACCOUNT_KIND_RT))
    return url;

  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';
  if (g_str_has_suffix (url, RT_REST_PATH))
    url[len - strlen (RT_REST_PATH)] = '\0';
  return url;
}

/* Errors */

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_label (GtkLabel   *label,
            const char *primary,
            const char *details)
{
  g_autofree char *markup = NULL;

  if (primary == NULL)
    {
      gtk_label_set_text (label, "");
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      return;
    }

  /* Escaped: the details may quote what the server said. */
  if (details != NULL)
    markup = g_markup_printf_escaped ("%s\n<small>%s</small>", primary, details);
  else
    markup = g_markup_escape_text (primary, -1);
  gtk_label_set_markup (label, markup);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

static void
clear_errors (TendAccountDialog *self)
{
  show_label (self->address_error, NULL, NULL);
  show_label (self->signin_error, NULL, NULL);
  set_row_error (self->url_row, FALSE);
  set_row_error (self->email_row, FALSE);
  set_row_error (self->token_row, FALSE);
}

static void
show_address_error (TendAccountDialog *self,
                    const char        *primary,
                    const char        *details)
{
  show_label (self->address_error, primary, details);
  set_row_error (self->url_row, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

static void
show_signin_error (TendAccountDialog *self,
                   const char        *primary,
                   const char        *details,
                   gboolean           mark_fields)
{
  show_label (self->signin_error, primary, details);
  if (mark_fields)
    {
      set_row_error (self->email_row, self->account == NULL);
      set_row_error (self->token_row, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
    }
}

/* Puts a failed validation under the field it is about: our sentence
 * first, the engine's (which names the host and the cause) below it. */
static void
show_validation_error (TendAccountDialog *self,
                       const GError      *error)
{
  if (error->domain != TEND_ERROR)
    {
      show_signin_error (self, error->message, NULL, FALSE);
      return;
    }

  switch (error->code)
    {
    case TEND_ERROR_INVALID:
      /* A refused address (http:// to another computer, a query …):
       * normalize's message is written for the agent. */
      show_address_error (self, error->message, NULL);
      break;

    case TEND_ERROR_NETWORK:
    case TEND_ERROR_OFFLINE:
      show_address_error (self, _("Tend could not reach this helpdesk. Check the address and your connection."),
                          error->message);
      break;

    case TEND_ERROR_AUTH:
      show_signin_error (self,
                         is_rt (self) ?
                         _("Request Tracker did not accept this user name and token or password. "
                           "Check both, or create a new auth token.") :
                         _("The helpdesk did not accept this email address and API token. "
                           "Check both, or create a new token."),
                         error->message, TRUE);
      break;

    case TEND_ERROR_BAD_RESPONSE:
    case TEND_ERROR_NOT_FOUND:
    case TEND_ERROR_FAILED:
      show_address_error (self,
                          is_rt (self) ?
                          _("This address does not answer like Request Tracker 5. Check it: "
                            "it is the address of RT’s web interface.") :
                          _("This address does not answer like a Zendesk helpdesk. Check it."),
                          error->message);
      break;

    case TEND_ERROR_RATE_LIMITED:
    case TEND_ERROR_CONFLICT:
    case TEND_ERROR_SCHEMA_TOO_NEW:
    case TEND_ERROR_CORRUPT:
    case TEND_ERROR_STORAGE:
    case TEND_ERROR_BAD_QUERY:
    default:
      show_signin_error (self, error->message, NULL, FALSE);
      break;
    }
}

/* State */

static void
update_connect_sensitivity (TendAccountDialog *self)
{
  g_autofree char *url = dup_field (self->url_row);
  g_autofree char *email = dup_field (self->email_row);
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  gtk_widget_set_sensitive (self->connect_button,
                            !self->busy && url[0] != '\0' && email[0] != '\0' && token[0] != '\0');
}

static void
set_busy (TendAccountDialog *self,
          gboolean           busy)
{
  self->busy = busy;

  gtk_stack_set_visible_child_name (self->connect_stack, busy ? "spinner" : "label");
  gtk_spinner_set_spinning (self->connect_spinner, busy);

  /* Locked, not insensitive: making the focused entry insensitive would
   * throw the keyboard focus out of the window (GTK 4.8 also warns). */
  gtk_editable_set_editable (GTK_EDITABLE (self->url_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->email_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->token_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !busy && self->account == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), self->account == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), self->account == NULL);
  update_connect_sensitivity (self);
}

static void
on_field_changed (TendAccountDialog *self,
                  GtkEditable       *editable)
{
  /* What the agent fixes stops being marked wrong. */
  set_row_error (ADW_ENTRY_ROW (editable), FALSE);
  if (GTK_WIDGET (editable) == GTK_WIDGET (self->url_row))
    show_label (self->address_error, NULL, NULL);
  else
    show_label (self->signin_error, NULL, NULL);

  update_connect_sensitivity (self);
}

/* Saving, after a successful validation */

static char *
unique_display_name (TendAccountDialog *self,
                     TendAccount       *account)
{
  const char *name = tend_account_get_display_name (account);
  g_autofree char *with_login = NULL;

  if (tend_account_list_lookup_by_name (self->accounts, name) == NULL)
    return g_strdup (name);

  /* Two logins on one helpdesk: "acme (ann@acme.com)". */
  with_login = g_strdup_printf ("%s (%s)", name, tend_account_get_login (account));
  if (tend_account_list_lookup_by_name (self->accounts, with_login) == NULL)
    return g_steal_pointer (&with_login);

  for (guint i = 2; ; i++)
    {
      g_autofree char *numbered = g_strdup_printf ("%s (%u)", name, i);

      if (tend_account_list_lookup_by_name (self->accounts, numbered) == NULL)
        return g_steal_pointer (&numbered);
    }
}

static void
finish (TendAccountDialog *self,
        TendAccount       *account)
{
  g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));

  /* The entry's buffer should not keep the token longer than needed. */
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  set_busy (self, FALSE);

  g_signal_emit (self, signals[DONE], 0, account, token);
  tend_credentials_secret_free (g_steal_pointer (&token));

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_orphan_secret_cleared (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tend_credentials_clear_finish (result, &error))
    g_warning ("Could not delete the token of an account that was not added: %s", error->message);
}

/* The dialog may close while the keyring works: the callback finds it
 * (or not) through a weak reference rather than one that would keep a
 * closed window alive. */
typedef struct
{
  GWeakRef     dialog;
  TendAccount *account;
  gboolean     adding;
} Saving;

static void
saving_free (Saving *saving)
{
  g_weak_ref_clear (&saving->dialog);
  g_clear_object (&saving->account);
  g_free (saving);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Saving, saving_free)

static void
on_token_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Saving) saving = user_data;
  g_autoptr(TendAccountDialog) self = g_weak_ref_get (&saving->dialog);
  g_autoptr(GError) error = NULL;
  TendAccount *account = saving->account;

  if (!tend_credentials_store_finish (result, &error))
    {
      if (self == NULL || g_cancellable_is_cancelled (self->cancellable) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, FALSE);
      show_signin_error (self, _("The token could not be kept in the keyring, so nothing was saved."),
                         error->message, FALSE);
      return;
    }

  if (self == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      /* The agent gave up on the dialog: an account that was not added
       * must not leave its token behind. */
      if (saving->adding)
        tend_credentials_clear_async (account, NULL, on_orphan_secret_cleared, NULL);
      return;
    }

  if (saving->adding)
    {
      if (!tend_account_list_add (self->accounts, account, &error))
        {
          set_busy (self, FALSE);
          show_address_error (self, error->message, NULL);
          tend_credentials_clear_async (account, NULL, on_orphan_secret_cleared, NULL);
          return;
        }
    }
  else if (!tend_account_list_save (self->accounts, &error))
    {
      /* The token is in place; only the role could not be written. */
      g_warning ("Could not save the accounts: %s", error->message);
    }

  finish (self, account);
}

static void
save_account (TendAccountDialog *self,
              Validation        *validation,
              TendUser          *me)
{
  g_autoptr(TendAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const char *role = tend_user_role_to_string (tend_user_get_role (me));
  Saving *saving;

  if (self->account != NULL)
    {
      account = g_object_ref (self->account);
    }
  else
    {
      g_autofree char *name = NULL;

      account = tend_account_new (validation->kind, NULL, validation->url, validation->email, &error);
      if (account == NULL)
        {
          set_busy (self, FALSE);
          show_address_error (self, error->message, NULL);
          return;
        }
      name = unique_display_name (self, account);
      tend_account_set_display_name (account, name);
    }
  tend_account_set_role (account, role);

  saving = g_new0 (Saving, 1);
  g_weak_ref_init (&saving->dialog, self);
  saving->account = g_object_ref (account);
  saving->adding = self->account == NULL;
  /* Not self->cancellable: once the keyring has the token, the account
   * must be added or the token cleared, whatever the dialog does. */
  tend_credentials_store_async (account, validation->token, NULL, on_token_stored, saving);
}

/* Validation */

static void
validate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Validation *validation = task_data;
  g_autoptr(TendBackend) backend = NULL;
  TendHttp *http;
  TendUser *me;
  GError *error = NULL;

  /* The same backends and the same who-am-I as `tendctl accounts add`. */
  if (g_str_equal (validation->kind, TEND_ACCOUNT_KIND_RT))
    {
      TendRtBackend *rt = tend_rt_backend_new (validation->url, validation->email, validation->token,
                                               tend_rt_auth_for_secret (validation->token), &error);

      backend = (TendBackend *) rt;
      http = rt != NULL ? tend_rt_backend_get_http (rt) : NULL;
    }
  else
    {
      TendZendeskBackend *zendesk = tend_zendesk_backend_new (validation->url, validation->email,
                                                              validation->token, &error);

      backend = (TendBackend *) zendesk;
      http = zendesk != NULL ? tend_zendesk_backend_get_http (zendesk) : NULL;
    }
  if (backend == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The agent is waiting: one attempt with short deadlines, so that a
   * wrong address is said within seconds, not after minutes of spinner. */
  tend_http_set_interactive (http, TRUE);

  me = tend_backend_who_am_i (backend, cancellable, &error);
  if (me == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, me, g_object_unref);
}

static void
on_validated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TendAccountDialog *self = TEND_ACCOUNT_DIALOG (source);
  g_autoptr(TendUser) me = NULL;
  g_autoptr(GError) error = NULL;
  Validation *validation = g_task_get_task_data (G_TASK (result));

  me = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (me == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, FALSE);
      show_validation_error (self, error);
      return;
    }

  save_account (self, validation, me);
}

static gboolean
already_added (TendAccountDialog *self,
               const char        *url,
               const char        *email)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TendAccount) other = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (g_strcmp0 (tend_account_get_base_url (other), url) == 0 &&
          g_ascii_strcasecmp (tend_account_get_login (other), email) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
connect (TendAccountDialog *self)
{
  g_autoptr(Validation) validation = g_new0 (Validation, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *typed_url = dup_field (self->url_row);

  if (self->busy || !gtk_widget_get_sensitive (self->connect_button))
    return;

  clear_errors (self);

  validation->kind = g_strdup (selected_kind (self));
  validation->email = dup_field (self->email_row);
  validation->token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));

  /* At once, before any network: http:// to another computer, a typo. */
  validation->url = normalize_url (validation->kind, typed_url, &error);
  if (validation->url == NULL)
    {
      show_validation_error (self, error);
      return;
    }

  if (self->account == NULL && already_added (self, validation->url, validation->email))
    {
      show_address_error (self, _("This account is in Tend already."), NULL);
      return;
    }

  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, on_validated, NULL);
  g_task_set_source_tag (task, connect);
  g_task_set_task_data (task, g_steal_pointer (&validation), (GDestroyNotify) validation_free);
  g_task_run_in_thread (task, validate_thread);
}

static void
on_connect_clicked (TendAccountDialog *self,
                    GtkButton         *button)
{
  connect (self);
}

static void
on_entry_activated (TendAccountDialog *self,
                    AdwEntryRow       *row)
{
  if (gtk_widget_get_sensitive (self->connect_button))
    connect (self);
  else if (row == self->url_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->account == NULL ? self->email_row : self->token_row));
  else if (row == self->email_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
}

/* Where the help row leads: Zendesk's article, or for RT the token page
 * of the server typed so far (its documentation without one). */
static char *
dup_help_uri (TendAccountDialog *self)
{
  g_autofree char *typed = NULL;
  g_autofree char *url = NULL;

  if (!is_rt (self))
    return g_strdup (TOKEN_HELP_URI);

  typed = dup_field (self->url_row);
  url = normalize_url (TEND_ACCOUNT_KIND_RT, typed, NULL);
  if (url == NULL)
    return g_strdup (RT_TOKEN_HELP_URI);
  return g_strconcat (url, RT_TOKEN_PAGE, NULL);
}

static void
on_help_activated (TendAccountDialog *self,
                   AdwActionRow      *row)
{
  g_autofree char *uri = dup_help_uri (self);

  /* GtkUriLauncher is GTK 4.10; in a Flatpak this goes through the
   * OpenURI portal either way. */
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
on_kind_changed (TendAccountDialog *self,
                 GParamSpec        *pspec,
                 AdwComboRow       *row)
{
  update_kind_texts (self);
  /* What was wrong for one kind may be right for the other. */
  clear_errors (self);
  update_connect_sensitivity (self);
}

/* GObject */

static gboolean
tend_account_dialog_close_request (GtkWindow *window)
{
  TendAccountDialog *self = TEND_ACCOUNT_DIALOG (window);

  /* Whatever was under way is abandoned: nothing gets saved. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (tend_account_dialog_parent_class)->close_request (window);
}

static void
tend_account_dialog_dispose (GObject *object)
{
  TendAccountDialog *self = TEND_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_ACCOUNT_DIALOG);
  g_clear_object (&self->accounts);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (tend_account_dialog_parent_class)->dispose (object);
}

static void
tend_account_dialog_finalize (GObject *object)
{
  TendAccountDialog *self = TEND_ACCOUNT_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tend_account_dialog_parent_class)->finalize (object);
}

static void
tend_account_dialog_class_init (TendAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tend_account_dialog_dispose;
  object_class->finalize = tend_account_dialog_finalize;
  window_class->close_request = tend_account_dialog_close_request;

  /* The account (added, or given a new token) and the token, which the
   * caller hands to the backend without reading the keyring back. */
  signals[DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TEND_TYPE_ACCOUNT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, connect_stack);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, connect_spinner);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, page);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, helpdesk_group);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, signin_group);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, address_error);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, signin_error);
  gtk_widget_class_bind_template_child (widget_class, TendAccountDialog, help_row);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_help_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tend_account_dialog_init (TendAccountDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  update_kind_texts (self);
}

TendAccountDialog *
tend_account_dialog_new (TendAccountList *accounts,
                         TendAccount     *account)
{
  TendAccountDialog *self;

  g_return_val_if_fail (TEND_IS_ACCOUNT_LIST (accounts), NULL);
  g_return_val_if_fail (account == NULL || TEND_IS_ACCOUNT (account), NULL);

  self = g_object_new (TEND_TYPE_ACCOUNT_DIALOG, NULL);
  self->accounts = g_object_ref (accounts);

  if (account != NULL)
    {
      g_autofree char *description = NULL;
      gboolean rt = g_strcmp0 (tend_account_get_kind (account), TEND_ACCOUNT_KIND_RT) == 0;
      const char *name = tend_account_get_display_name (account);

      self->account = g_object_ref (account);
      adw_combo_row_set_selected (self->kind_row, rt ? KIND_RT : KIND_ZENDESK);
      gtk_window_set_title (GTK_WINDOW (self), rt ? _("Update Token or Password") : _("Update API Token"));
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), tend_account_get_base_url (account));
      gtk_editable_set_text (GTK_EDITABLE (self->email_row), tend_account_get_login (account));
      if (rt)
        /* Translators: %s is the account's name. */
        description = g_strdup_printf (_("Enter a new auth token or the password for “%s”. Tend checks "
                                         "it with Request Tracker, then keeps it in your keyring."), name);
      else
        /* Translators: %s is the account's name. */
        description = g_strdup_printf (_("Enter a new API token for “%s”. Tend checks it with the "
                                         "helpdesk, then keeps it in your keyring."), name);
      adw_preferences_group_set_description (self->helpdesk_group, NULL);
      /* The group description is markup. */
      {
        g_autofree char *escaped = g_markup_escape_text (description, -1);

        adw_preferences_group_set_description (self->signin_group, escaped);
      }
      set_busy (self, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
    }
  else
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
    }

  update_connect_sensitivity (self);

  return self;
}

gboolean
tend_account_dialog_get_busy (TendAccountDialog *self)
{
  g_return_val_if_fail (TEND_IS_ACCOUNT_DIALOG (self), FALSE);

  return self->busy;
}
