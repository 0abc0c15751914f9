/* tend-customer-panel.c: the customer 360 of the side panel
 *
 * Everything here is computed from the store (TendCustomerProfile and the
 * similar-tickets search), in worker threads, so it works offline and a
 * large cache never holds up the main thread. Names, notes, subjects and
 * comments are server text: they go into labels as plain text, never as
 * markup, and a missing value hides its line rather than showing a blank.
 *
 * The lists are GtkListBoxes: a customer's history is bounded (the
 * profile keeps at most TEND_CUSTOMER_PROFILE_MAX_TICKETS) and only the
 * first few rows are built until the agent asks for more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-customer-panel"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tend-customer-panel.h"
#include "tend-ui-utils.h"
#include "tend-wrap-layout.h"

/* Sync writes in bursts: reload once after the burst. */
#define RELOAD_DEBOUNCE_MS 400
/* Rows shown before a "Show N more" row. */
#define MAX_OTHER_ROWS     6
#define MAX_ORG_ROWS       5
#define MAX_SIMILAR        5
#define MAX_SUBJECT_CHARS  200
#define MAX_SUMMARY_CHARS  240
#define MAX_FIELD_CHARS    120
/* The local time line is refreshed while the panel is up. */
#define CLOCK_INTERVAL_S   30

struct _TendCustomerPanel
{
  AdwBin               parent_instance;

  TendStore           *store;
  TendTicket          *ticket;
  TendCustomerProfile *profile;
  GPtrArray           *similar;
  GCancellable        *cancellable;
  guint                n_loading;
  guint                reload_source_id;
  guint                clock_source_id;
  GtkLabel            *local_time_label;
  /* The photo: where it comes from, which one is on show (or coming). */
  TendFileCache       *file_cache;
  char                *photo_url;
  GCancellable        *photo_cancellable;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkScrolledWindow   *scroller;
  GtkStack            *avatar_stack;
  GtkLabel            *avatar_label;
  AdwAvatar           *photo_avatar;
  GtkLabel            *name_label;
  GtkLabel            *email_label;
  GtkGrid             *details_grid;
  GtkWidget           *tags_box;
  GtkLabel            *notes_label;
  GtkGrid             *fields_grid;
  GtkGrid             *figures_grid;
  GtkWidget           *rating_box;
  GtkImage            *rating_image;
  GtkLabel            *rating_label;
  GtkLabel            *rating_comment_label;
  GtkWidget           *other_section;
  GtkLabel            *other_heading;
  GtkListBox          *other_list;
  GtkWidget           *org_section;
  GtkLabel            *org_name_label;
  GtkLabel            *org_domains_label;
  GtkWidget           *org_tags_box;
  GtkLabel            *org_notes_label;
  GtkGrid             *org_fields_grid;
  GtkLabel            *org_open_heading;
  GtkListBox          *org_list;
  GtkWidget           *similar_section;
  GtkSpinner          *similar_spinner;
  GtkListBox          *similar_list;
  GtkLabel            *similar_empty_label;

  /* Figures, built in init */
  GtkLabel            *total_value;
  GtkLabel            *open_value;
  GtkLabel            *since_value;
  GtkLabel            *median_value;
  GtkLabel            *csat_value;
  GtkLabel            *resolved_value;
};

G_DEFINE_FINAL_TYPE (TendCustomerPanel, tend_customer_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_TICKET,
  PROP_LOADING,
  N_PROPS
};

enum {
  OPEN_TICKET,
  LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* From tend-ticket-row.c: the same pill and initials disc everywhere. */
void _tend_status_pill_update (GtkWidget        *pill,
                               TendTicketStatus  status);
void _tend_initials_update    (GtkLabel         *label,
                               const char       *name);

static void load (TendCustomerPanel *self,
                  gboolean           clear);

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else if (GTK_IS_GRID (parent))
        gtk_grid_remove (GTK_GRID (parent), child);
      else
        gtk_widget_unparent (child);
    }
}

static GtkWidget *
plain_label (const char *text,
             const char *first_class,
             ...)
{
  GtkWidget *label = gtk_label_new (NULL);
  va_list args;

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_label_set_xalign (GTK_LABEL (label), 0);

  va_start (args, first_class);
  for (const char *name = first_class; name != NULL; name = va_arg (args, const char *))
    gtk_widget_add_css_class (label, name);
  va_end (args);

  return label;
}

/* Identity */

/* A language name for a locale such as "de" or "pt-BR", in the agent's
 * language when GLib's tables know it; the code itself otherwise. */
static char *
language_label (const char *locale)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "ar", N_("Arabic") }, { "da", N_("Danish") }, { "de", N_("German") },
    { "en", N_("English") }, { "es", N_("Spanish") }, { "fi", N_("Finnish") },
    { "fr", N_("French") }, { "he", N_("Hebrew") }, { "hi", N_("Hindi") },
    { "it", N_("Italian") }, { "ja", N_("Japanese") }, { "ko", N_("Korean") },
    { "nb", N_("Norwegian") }, { "nl", N_("Dutch") }, { "pl", N_("Polish") },
    { "pt", N_("Portuguese") }, { "ru", N_("Russian") }, { "sv", N_("Swedish") },
    { "tr", N_("Turkish") }, { "uk", N_("Ukrainian") }, { "zh", N_("Chinese") },
  };
  g_autofree char *lang = g_ascii_strdown (locale, -1);
  char *sep = strpbrk (lang, "-_");

  if (sep != NULL)
    *sep = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (lang, names[i].code))
      {
        if (sep != NULL)
          /* Translators: a language and the locale it came from: "Portuguese (pt-BR)". */
          return g_strdup_printf (_("%s (%s)"), _(names[i].name), locale);
        return g_strdup (_(names[i].name));
      }

  return g_strdup (locale);
}

static GtkLabel *
add_detail (GtkGrid    *grid,
            int         row,
            const char *icon_name,
            const char *text,
            const char *accessible)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = plain_label (text, NULL);

  gtk_widget_add_css_class (image, "dim-label");
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_widget_set_margin_top (image, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  tend_widget_set_tooltip (image, accessible);

  gtk_grid_attach (grid, image, 0, row, 1, 1);
  gtk_grid_attach (grid, label, 1, row, 1, 1);

  return GTK_LABEL (label);
}

static void
fill_chips (GtkWidget          *box,
            const char * const *tags)
{
  remove_children (box);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      GtkWidget *chip;
      g_autofree char *accessible = NULL;

      if (*tags[i] == '\0')
        continue;
      chip = plain_label (tags[i], "chip", "tag", NULL);
      gtk_label_set_ellipsize (GTK_LABEL (chip), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (chip), 24);
      gtk_widget_set_halign (chip, GTK_ALIGN_START);
      accessible = g_strdup_printf (_("Tag: %s"), tags[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_widget_set_parent (chip, box);
    }
  gtk_widget_set_visible (box, gtk_widget_get_first_child (box) != NULL);
}

/* "plan_type" → "Plan type": the helpdesk's field keys, for people. */
static char *
field_title (const char *key)
{
  char *title = g_strdup (key);

  g_strdelimit (title, "_-", ' ');
  if (*title != '\0')
    title[0] = g_ascii_toupper (title[0]);

  return title;
}

/* Custom fields kept verbatim in extra_json under @member (Zendesk's
 * "user_fields" / "organization_fields"): scalars only, empty ones left
 * out. */
static void
fill_fields (GtkGrid    *grid,
             const char *extra_json,
             const char *member)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *fields;
  g_autoptr(GList) names = NULL;
  int row = 0;

  remove_children (GTK_WIDGET (grid));
  gtk_widget_set_visible (GTK_WIDGET (grid), FALSE);
  if (!has_text (extra_json))
    return;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, extra_json, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  if (!json_object_has_member (json_node_get_object (root), member))
    return;
  fields = json_object_get_object_member (json_node_get_object (root), member);
  if (fields == NULL)
    return;

  names = json_object_get_members (fields);
  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (fields, l->data);
      g_autofree char *title = NULL;
      g_autofree char *value = NULL;
      GtkWidget *key_label;
      GtkWidget *value_label;

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          value = tend_one_line (json_node_get_string (node), MAX_FIELD_CHARS);
          break;
        case G_TYPE_BOOLEAN:
          value = g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
          break;
        case G_TYPE_INT64:
          value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          value = g_strdup_printf ("%g", json_node_get_double (node));
          break;
        default:
          break;
        }
      if (!has_text (value))
        continue;

      title = field_title (l->data);
      key_label = plain_label (title, "dim-label", "caption", NULL);
      value_label = plain_label (value, "caption", NULL);
      gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_hexpand (value_label, TRUE);
      gtk_grid_attach (grid, key_label, 0, row, 1, 1);
      gtk_grid_attach (grid, value_label, 1, row, 1, 1);
      row++;
    }
  gtk_widget_set_visible (GTK_WIDGET (grid), row > 0);
}

static void
update_local_time (TendCustomerPanel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *local = NULL;
  g_autofree char *text = NULL;
  TendUser *user;

  if (self->profile == NULL || self->local_time_label == NULL)
    return;

  user = tend_customer_profile_get_user (self->profile);
  local = tend_customer_profile_format_local_time (self->profile, now);
  if (local == NULL)
    return;
  /* Translators: the customer's local time and their time zone:
   * "Tue 14:05 (UTC+1) local time, Europe/Berlin". */
  text = g_strdup_printf (_("%s local time, %s"), local, tend_user_get_time_zone (user));
  gtk_label_set_text (self->local_time_label, text);
}

static gboolean
clock_cb (gpointer user_data)
{
  update_local_time (user_data);

  return G_SOURCE_CONTINUE;
}

/* The photo */

static void
show_initials (TendCustomerPanel *self)
{
  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  g_clear_pointer (&self->photo_url, g_free);
  gtk_stack_set_visible_child_name (self->avatar_stack, "initials");
  adw_avatar_set_custom_image (self->photo_avatar, NULL);
}

static gboolean
show_photo_file (TendCustomerPanel *self,
                 const char        *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

  /* A file the helpdesk called an image but is none: initials it is. */
  if (texture == NULL)
    {
      g_debug ("Cannot show the photo %s: %s", path, error->message);
      return FALSE;
    }
  adw_avatar_set_custom_image (self->photo_avatar, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->avatar_stack, "photo");
  return TRUE;
}

static void
on_photo_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TendCustomerPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tend_file_cache_fetch_finish (TEND_FILE_CACHE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Offline, gone, not an image: the initials stay, quietly; the next
   * refresh of the profile tries again. */
  if (path == NULL || !show_photo_file (self, path))
    {
      if (error != NULL)
        g_debug ("No photo: %s", error->message);
      g_clear_pointer (&self->photo_url, g_free);
    }
  g_clear_object (&self->photo_cancellable);
}

static void
update_photo (TendCustomerPanel *self,
              TendUser          *user,
              const char        *name)
{
  const char *url = tend_user_get_photo_url (user);
  TendFileCache *cache;
  g_autofree char *path = NULL;

  adw_avatar_set_text (self->photo_avatar, name);

  /* A refresh of the same customer: the photo is there, or coming. */
  if (url != NULL && g_strcmp0 (url, self->photo_url) == 0)
    return;

  show_initials (self);
  /* One set by hand (the tests) wins over the workspace's. */
  cache = self->file_cache != NULL ? self->file_cache : tend_widget_find_file_cache (GTK_WIDGET (self));
  if (url == NULL || *url == '\0' || cache == NULL)
    return;

  self->photo_url = g_strdup (url);
  path = tend_file_cache_lookup_photo (cache, user);
  if (path != NULL && show_photo_file (self, path))
    return;

  self->photo_cancellable = g_cancellable_new ();
  tend_file_cache_fetch_photo_async (cache, user, self->photo_cancellable,
                                     on_photo_fetched, g_object_ref (self));
}

static void
fill_identity (TendCustomerPanel *self)
{
  TendUser *user = tend_customer_profile_get_user (self->profile);
  TendOrganization *org = tend_customer_profile_get_organization (self->profile);
  const char *name = tend_user_get_name (user);
  const char *email = tend_user_get_email (user);
  const char *phone = tend_user_get_phone (user);
  const char *zone = tend_user_get_time_zone (user);
  const char *locale = tend_user_get_locale (user);
  const char *details = tend_user_get_details (user);
  const char *notes = tend_user_get_notes (user);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *local = NULL;
  int row = 0;

  /* A user the store does not have yet: the ticket knows a name. */
  if (!has_text (name) && self->ticket != NULL)
    name = tend_ticket_get_requester_name (self->ticket);
  if (!has_text (email) && self->ticket != NULL)
    email = tend_ticket_get_requester_email (self->ticket);

  _tend_initials_update (self->avatar_label, has_text (name) ? name : email);
  update_photo (self, user, has_text (name) ? name : email);
  gtk_label_set_text (self->name_label, has_text (name) ? name : has_text (email) ? email : _("Unknown customer"));
  gtk_label_set_text (self->email_label, has_text (email) ? email : "");
  gtk_widget_set_visible (GTK_WIDGET (self->email_label), has_text (email) && has_text (name));

  remove_children (GTK_WIDGET (self->details_grid));
  self->local_time_label = NULL;
  if (has_text (phone))
    add_detail (self->details_grid, row++, "call-start-symbolic", phone, _("Phone"));
  if (org != NULL && has_text (tend_organization_get_name (org)))
    add_detail (self->details_grid, row++, "system-users-symbolic",
                tend_organization_get_name (org), _("Organization"));
  if (has_text (zone) && (local = tend_customer_profile_format_local_time (self->profile, now)) != NULL)
    {
      self->local_time_label = add_detail (self->details_grid, row++, "preferences-system-time-symbolic",
                                           "", _("Local time"));
      update_local_time (self);
    }
  if (has_text (locale))
    {
      g_autofree char *language = language_label (locale);

      add_detail (self->details_grid, row++, "preferences-desktop-locale-symbolic", language, _("Language"));
    }
  if (has_text (details))
    add_detail (self->details_grid, row++, "user-info-symbolic", details, _("Details"));
  gtk_widget_set_visible (GTK_WIDGET (self->details_grid), row > 0);

  fill_chips (self->tags_box, tend_user_get_tags (user));

  gtk_label_set_text (self->notes_label, has_text (notes) ? notes : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), has_text (notes));

  fill_fields (self->fields_grid, tend_user_get_extra_json (user), "user_fields");
}

/* Figures */

static char *
format_day (gint64 when)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (when);

  if (date == NULL)
    return NULL;
  /* Translators: a date in the customer figures ("customer since"), see strftime. */
  return g_date_time_format (date, _("%-d %b %Y"));
}

static void
fill_figures (TendCustomerPanel *self)
{
  TendCustomerProfile *p = self->profile;
  guint good = tend_customer_profile_get_csat_good (p);
  guint bad = tend_customer_profile_get_csat_bad (p);
  gint64 median = tend_customer_profile_get_median_resolution (p);
  gint64 first = tend_customer_profile_get_first_contact (p);
  const char *last = tend_customer_profile_get_last_rating (p);
  const char *comment = tend_customer_profile_get_last_rating_comment (p);
  g_autofree char *total = g_strdup_printf ("%u", tend_customer_profile_get_n_tickets (p));
  g_autofree char *open = g_strdup_printf ("%u", tend_customer_profile_get_n_open (p));
  g_autofree char *resolved = g_strdup_printf ("%u", tend_customer_profile_get_n_resolved (p));
  g_autofree char *since = first > 0 ? format_day (first) : NULL;
  g_autofree char *duration = median >= 0 ? tend_format_duration (median) : NULL;
  g_autofree char *csat = NULL;

  if (good + bad > 0)
    /* Translators: satisfaction ratings, good and bad: "4 👍  1 👎". */
    csat = g_strdup_printf (_("%u 👍  %u 👎"), good, bad);

  gtk_label_set_text (self->total_value, total);
  gtk_label_set_text (self->open_value, open);
  gtk_label_set_text (self->resolved_value, resolved);
  gtk_label_set_text (self->since_value, since ? since : "—");
  gtk_label_set_text (self->median_value, duration ? duration : "—");
  gtk_label_set_text (self->csat_value, csat ? csat : "—");

  if (tend_customer_profile_get_n_open (p) > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->open_value), "has-open");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->open_value), "has-open");

  gtk_widget_set_visible (self->rating_box, last != NULL);
  if (last != NULL)
    {
      gboolean is_good = g_str_equal (last, "good");
      g_autofree char *heading = NULL;
      gint64 rated = tend_customer_profile_get_last_rating_ticket_id (p);

      gtk_image_set_from_icon_name (self->rating_image, is_good ? "face-smile-symbolic" : "face-sad-symbolic");
      gtk_widget_remove_css_class (self->rating_box, is_good ? "bad" : "good");
      gtk_widget_add_css_class (self->rating_box, is_good ? "good" : "bad");
      if (rated != 0)
        /* Translators: the customer's last satisfaction rating and its ticket. */
        {
          g_autofree char *number = g_strdup_printf ("#%" G_GINT64_FORMAT, rated);

          heading = g_strdup_printf (is_good ? _("Last rated good, on %s") : _("Last rated bad, on %s"), number);
        }
      else
        heading = g_strdup (is_good ? _("Last rated good") : _("Last rated bad"));
      gtk_label_set_text (self->rating_label, heading);
      if (has_text (comment))
        {
          g_autofree char *quoted = g_strdup_printf ("“%s”", comment);

          gtk_label_set_text (self->rating_comment_label, quoted);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->rating_comment_label), has_text (comment));
    }
}

/* Ticket rows */

/*  [status]  subject ...................  time
 *            (requester, for the organization's list) */
static GtkWidget *
create_ticket_row (TendTicket *ticket,
                   gboolean    with_requester)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *pill = gtk_label_new (NULL);
  GtkWidget *subject_label;
  GtkWidget *time_label;
  g_autofree char *subject = tend_one_line (tend_ticket_get_subject (ticket), MAX_SUBJECT_CHARS);
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *number = NULL;
  gint64 when = tend_ticket_get_updated_at (ticket);

  if (*subject == '\0')
    {
      g_free (subject);
      subject = g_strdup (_("(No subject)"));
    }
  time = tend_format_relative_time (when, now_s ());
  date = tend_format_date_time (when);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);

  gtk_widget_add_css_class (pill, "status-pill");
  _tend_status_pill_update (pill, tend_ticket_get_status (ticket));
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (grid), pill, 0, 0, 1, 1);

  subject_label = plain_label (subject, "subject", NULL);
  gtk_label_set_ellipsize (GTK_LABEL (subject_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (subject_label), TRUE);
  gtk_widget_set_hexpand (subject_label, TRUE);
  gtk_grid_attach (GTK_GRID (grid), subject_label, 1, 0, 1, 1);

  time_label = plain_label (time, "caption", "dim-label", "numeric", NULL);
  gtk_label_set_xalign (GTK_LABEL (time_label), 1);
  tend_widget_set_tooltip (time_label, date);
  gtk_grid_attach (GTK_GRID (grid), time_label, 2, 0, 1, 1);

  if (with_requester)
    {
      const char *name = tend_ticket_get_requester_name (ticket);
      GtkWidget *who;

      if (!has_text (name))
        name = tend_ticket_get_requester_email (ticket);
      if (has_text (name))
        {
          who = plain_label (name, "caption", "dim-label", NULL);
          gtk_label_set_ellipsize (GTK_LABEL (who), PANGO_ELLIPSIZE_END);
          gtk_grid_attach (GTK_GRID (grid), who, 1, 1, 2, 1);
        }
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "side-ticket-row");
  g_object_set_data_full (G_OBJECT (row), "tend-ticket", g_object_ref (ticket), g_object_unref);

  number = g_strdup_printf ("#%" G_GINT64_FORMAT, tend_ticket_get_id (ticket));
  /* Translators: a ticket row for a screen reader: "#123 Open: Refund please, 3 h". */
  accessible = g_strdup_printf (_("%s %s: %s, %s"),
                                number,
                                tend_ticket_status_get_label (tend_ticket_get_status (ticket)),
                                subject, date);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return row;
}

static GtkWidget *
create_more_row (guint n_more)
{
  GtkWidget *row = gtk_list_box_row_new ();
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show %u more", "Show %u more", n_more), n_more);
  GtkWidget *label = plain_label (text, NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.5);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_add_css_class (row, "show-more");

  return row;
}

/* Fills @list with the first @max tickets of @model, and a "Show N more"
 * row standing for the rest (max 0: all of them). */
static void
fill_ticket_list (GtkListBox *list,
                  GListModel *model,
                  guint       max,
                  gboolean    with_requester)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;
  guint shown = max > 0 ? MIN (n, max) : n;

  remove_children (GTK_WIDGET (list));
  for (guint i = 0; i < shown; i++)
    {
      g_autoptr(TendTicket) ticket = g_list_model_get_item (model, i);

      gtk_list_box_append (list, create_ticket_row (ticket, with_requester));
    }
  if (shown < n)
    gtk_list_box_append (list, create_more_row (n - shown));
}

static void
fill_history (TendCustomerPanel *self)
{
  TendCustomerProfile *p = self->profile;
  TendOrganization *org = tend_customer_profile_get_organization (p);
  GListModel *others = tend_customer_profile_get_other_tickets (p);
  GListModel *org_open = tend_customer_profile_get_org_open_tickets (p);
  guint n_others = tend_customer_profile_get_n_other_tickets (p);
  guint n_org_open = tend_customer_profile_get_n_org_open (p);
  g_autofree char *heading = NULL;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Other Ticket", "%u Other Tickets", n_others), n_others);
  gtk_label_set_text (self->other_heading, heading);
  gtk_widget_set_visible (self->other_section, n_others > 0);
  fill_ticket_list (self->other_list, others, MAX_OTHER_ROWS, FALSE);

  gtk_widget_set_visible (self->org_section, org != NULL);
  if (org != NULL)
    {
      const char *name = tend_organization_get_name (org);
      const char * const *domains = tend_organization_get_domain_names (org);
      const char *notes = tend_organization_get_notes (org);
      g_autofree char *domain_text = domains != NULL ? g_strjoinv (", ", (char **) domains) : NULL;
      g_autofree char *open_text = NULL;

      gtk_label_set_text (self->org_name_label, has_text (name) ? name : _("Unnamed organization"));
      gtk_label_set_text (self->org_domains_label, domain_text ? domain_text : "");
      gtk_widget_set_visible (GTK_WIDGET (self->org_domains_label), has_text (domain_text));
      fill_chips (self->org_tags_box, tend_organization_get_tags (org));
      gtk_label_set_text (self->org_notes_label, has_text (notes) ? notes : "");
      gtk_widget_set_visible (GTK_WIDGET (self->org_notes_label), has_text (notes));
      fill_fields (self->org_fields_grid, tend_organization_get_extra_json (org), "organization_fields");

      if (n_org_open > 0)
        open_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u open ticket from colleagues",
                                                  "%u open tickets from colleagues", n_org_open),
                                     n_org_open);
      else
        open_text = g_strdup (_("No open tickets from colleagues"));
      gtk_label_set_text (self->org_open_heading, open_text);
      fill_ticket_list (self->org_list, org_open, MAX_ORG_ROWS, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->org_list), n_org_open > 0);
    }
}

/* Similar tickets */

static GtkWidget *
create_similar_row (TendSimilarTicket *similar)
{
  TendTicket *ticket = tend_similar_ticket_get_ticket (similar);
  TendComment *resolution = tend_similar_ticket_get_resolution (similar);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *subject_label;
  GtkWidget *time_label;
  GtkWidget *how_label;
  g_autofree char *subject = tend_one_line (tend_ticket_get_subject (ticket), MAX_SUBJECT_CHARS);
  g_autofree char *how = NULL;
  g_autofree char *time = tend_format_relative_time (tend_ticket_get_updated_at (ticket), now_s ());
  g_autofree char *date = tend_format_date_time (tend_ticket_get_updated_at (ticket));
  g_autofree char *number = g_strdup_printf ("#%" G_GINT64_FORMAT, tend_ticket_get_id (ticket));
  g_autofree char *accessible = NULL;

  if (*subject == '\0')
    {
      g_free (subject);
      subject = g_strdup (_("(No subject)"));
    }

  /* How it was resolved: the first line of the last agent reply. */
  if (resolution != NULL)
    {
      const char *body = tend_comment_get_body (resolution);
      g_autofree char *text = NULL;
      char **lines;

      if (!has_text (body) && has_text (tend_comment_get_html_body (resolution)))
        body = text = tend_html_to_text (tend_comment_get_html_body (resolution));
      lines = g_strsplit (body ? body : "", "\n", -1);
      /* Skip the greeting: "Hi Ann," says nothing about the fix. */
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *line = g_strstrip (g_strdup (lines[i]));
          gsize len = strlen (line);
          gboolean greeting = len > 0 && len < 40 && (line[len - 1] == ',' || line[len - 1] == '!');

          if (len == 0)
            continue;
          if (how == NULL || !greeting)
            {
              g_free (how);
              how = g_steal_pointer (&line);
            }
          if (!greeting)
            break;
        }
      g_strfreev (lines);
      if (how != NULL)
        {
          char *short_how = tend_one_line (how, MAX_SUMMARY_CHARS);

          g_free (how);
          how = short_how;
        }
    }

  subject_label = plain_label (subject, "heading", NULL);
  gtk_label_set_ellipsize (GTK_LABEL (subject_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (subject_label, TRUE);
  gtk_box_append (GTK_BOX (top), subject_label);
  time_label = plain_label (time, "caption", "dim-label", "numeric", NULL);
  tend_widget_set_tooltip (time_label, date);
  gtk_box_append (GTK_BOX (top), time_label);
  gtk_box_append (GTK_BOX (box), top);

  how_label = plain_label (how ? how : _("Solved without a public reply"), "resolution", NULL);
  gtk_label_set_wrap (GTK_LABEL (how_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (how_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (how_label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (how_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (how_label, how ? "dim-label" : "dim-label");
  gtk_box_append (GTK_BOX (box), how_label);

  if (resolution != NULL && has_text (tend_comment_get_author_name (resolution)))
    {
      /* Translators: who wrote the reply that solved a similar ticket. */
      g_autofree char *by = g_strdup_printf (_("Solved by %s · %s"),
                                             tend_comment_get_author_name (resolution),
                                             number);

      gtk_box_append (GTK_BOX (box), plain_label (by, "caption", "dim-label", NULL));
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_add_css_class (row, "similar-row");
  g_object_set_data_full (G_OBJECT (row), "tend-ticket", g_object_ref (ticket), g_object_unref);
  tend_widget_set_tooltip (row, _("Open this ticket"));

  /* Translators: a similar ticket for a screen reader: "#123: Refund please. Resolution: …". */
  accessible = g_strdup_printf (_("%s: %s. Resolution: %s"),
                                number, subject, how ? how : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return row;
}

static void
fill_similar (TendCustomerPanel *self)
{
  remove_children (GTK_WIDGET (self->similar_list));
  for (guint i = 0; self->similar != NULL && i < self->similar->len && i < MAX_SIMILAR; i++)
    gtk_list_box_append (self->similar_list, create_similar_row (g_ptr_array_index (self->similar, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->similar_list), self->similar != NULL && self->similar->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->similar_empty_label), self->similar != NULL && self->similar->len == 0);
}

/* Loading */

static void
set_loading (TendCustomerPanel *self,
             guint              n_loading)
{
  gboolean was = self->n_loading > 0;

  self->n_loading = n_loading;
  gtk_widget_set_visible (GTK_WIDGET (self->similar_spinner), self->similar == NULL && n_loading > 0);
  gtk_spinner_set_spinning (self->similar_spinner, self->similar == NULL && n_loading > 0);
  if (was != (n_loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (was && n_loading == 0)
    g_signal_emit (self, signals[LOADED], 0);
}

static TendLoad *
load_new (TendCustomerPanel *self)
{
  return tend_load_new (self, self->cancellable);
}

static void
on_profile_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TendLoad) data = user_data;
  TendCustomerPanel *self = data->owner;
  g_autoptr(TendCustomerProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = tend_customer_profile_load_finish (result, &error);
  if (tend_load_is_stale (data))
    return;

  if (profile == NULL)
    {
      if (!g_error_matches (error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
        g_warning ("Could not load the customer: %s", error->message);
      g_clear_object (&self->profile);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    {
      g_set_object (&self->profile, profile);
      fill_identity (self);
      fill_figures (self);
      fill_history (self);
      gtk_stack_set_visible_child_name (self->stack, "profile");
    }

  set_loading (self, self->n_loading - 1);
}

static void
on_similar_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TendLoad) data = user_data;
  TendCustomerPanel *self = data->owner;
  g_autoptr(GPtrArray) similar = NULL;
  g_autoptr(GError) error = NULL;

  similar = tend_store_similar_tickets_finish (TEND_STORE (source), result, &error);
  if (tend_load_is_stale (data))
    return;

  if (similar == NULL)
    {
      if (!g_error_matches (error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
        g_warning ("Could not find similar tickets: %s", error->message);
      similar = g_ptr_array_new_with_free_func (g_object_unref);
    }

  g_clear_pointer (&self->similar, g_ptr_array_unref);
  self->similar = g_steal_pointer (&similar);
  fill_similar (self);

  set_loading (self, self->n_loading - 1);
}

/* @clear: a different ticket, so nothing of the previous one stays on
 * screen; a refresh keeps it there until the new figures land. */
static void
load (TendCustomerPanel *self,
      gboolean           clear)
{
  gint64 requester_id;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source_id, g_source_remove);

  if (clear)
    {
      g_clear_object (&self->profile);
      g_clear_pointer (&self->similar, g_ptr_array_unref);
      remove_children (GTK_WIDGET (self->similar_list));
      gtk_widget_set_visible (GTK_WIDGET (self->similar_list), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->similar_empty_label), FALSE);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }

  if (self->store == NULL || self->ticket == NULL ||
      (requester_id = tend_ticket_get_requester_id (self->ticket)) == 0)
    {
      g_clear_object (&self->profile);
      g_clear_pointer (&self->similar, g_ptr_array_unref);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      set_loading (self, 0);
      return;
    }

  self->cancellable = g_cancellable_new ();
  /* The previous loads' callbacks see their cancellation and are not
   * counted any more. */
  self->n_loading = 0;
  set_loading (self, 2);
  tend_customer_profile_load_async (self->store, requester_id, tend_ticket_get_id (self->ticket),
                                    self->cancellable, on_profile_loaded, load_new (self));
  tend_store_similar_tickets_async (self->store, tend_ticket_get_id (self->ticket), MAX_SIMILAR,
                                    self->cancellable, on_similar_loaded, load_new (self));
}

static gboolean
reload_cb (gpointer user_data)
{
  TendCustomerPanel *self = user_data;

  self->reload_source_id = 0;
  load (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (TendCustomerPanel *self,
                  guint              changes,
                  TendStore         *store)
{
  const guint relevant = TEND_STORE_CHANGE_TICKETS | TEND_STORE_CHANGE_COMMENTS |
                         TEND_STORE_CHANGE_USERS | TEND_STORE_CHANGE_ORGANIZATIONS;

  if (self->ticket == NULL || (changes & relevant) == 0)
    return;
  if (self->reload_source_id == 0)
    self->reload_source_id = g_timeout_add (RELOAD_DEBOUNCE_MS, reload_cb, self);
}

static void
on_row_activated (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  TendCustomerPanel *self)
{
  TendTicket *ticket = g_object_get_data (G_OBJECT (row), "tend-ticket");

  if (gtk_widget_has_css_class (GTK_WIDGET (row), "show-more"))
    {
      if (self->profile == NULL)
        return;
      if (list == self->other_list)
        fill_ticket_list (list, tend_customer_profile_get_other_tickets (self->profile), 0, FALSE);
      else if (list == self->org_list)
        fill_ticket_list (list, tend_customer_profile_get_org_open_tickets (self->profile), 0, TRUE);
      return;
    }

  if (ticket != NULL)
    g_signal_emit (self, signals[OPEN_TICKET], 0, tend_ticket_get_id (ticket));
}

/* GObject */

static void
tend_customer_panel_map (GtkWidget *widget)
{
  TendCustomerPanel *self = TEND_CUSTOMER_PANEL (widget);

  GTK_WIDGET_CLASS (tend_customer_panel_parent_class)->map (widget);

  update_local_time (self);
  if (self->clock_source_id == 0)
    self->clock_source_id = g_timeout_add_seconds (CLOCK_INTERVAL_S, clock_cb, self);
}

static void
tend_customer_panel_unmap (GtkWidget *widget)
{
  TendCustomerPanel *self = TEND_CUSTOMER_PANEL (widget);

  g_clear_handle_id (&self->clock_source_id, g_source_remove);

  GTK_WIDGET_CLASS (tend_customer_panel_parent_class)->unmap (widget);
}

static void
tend_customer_panel_dispose (GObject *object)
{
  TendCustomerPanel *self = TEND_CUSTOMER_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  g_clear_object (&self->file_cache);
  g_clear_pointer (&self->photo_url, g_free);
  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  g_clear_handle_id (&self->clock_source_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->ticket);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->similar, g_ptr_array_unref);
  self->local_time_label = NULL;

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_CUSTOMER_PANEL);

  G_OBJECT_CLASS (tend_customer_panel_parent_class)->dispose (object);
}

static void
tend_customer_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TendCustomerPanel *self = TEND_CUSTOMER_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->n_loading > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_customer_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TendCustomerPanel *self = TEND_CUSTOMER_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      tend_customer_panel_set_store (self, g_value_get_object (value));
      break;

    case PROP_TICKET:
      tend_customer_panel_set_ticket (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_customer_panel_class_init (TendCustomerPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_customer_panel_dispose;
  object_class->get_property = tend_customer_panel_get_property;
  object_class->set_property = tend_customer_panel_set_property;
  widget_class->map = tend_customer_panel_map;
  widget_class->unmap = tend_customer_panel_unmap;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TEND_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         TEND_TYPE_TICKET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A ticket of the customer's history or a similar one was activated. */
  signals[OPEN_TICKET] =
    g_signal_new ("open-ticket",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The profile and the similar tickets of the ticket are on show. */
  signals[LOADED] =
    g_signal_new ("loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-customer-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, avatar_label);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, avatar_stack);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, photo_avatar);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, email_label);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, details_grid);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, tags_box);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, notes_label);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, figures_grid);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, rating_box);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, rating_image);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, rating_label);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, rating_comment_label);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, other_section);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, other_heading);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, other_list);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, org_section);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, org_name_label);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, org_domains_label);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, org_tags_box);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, org_notes_label);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, org_fields_grid);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, org_open_heading);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, org_list);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, similar_section);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, similar_spinner);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, similar_list);
  gtk_widget_class_bind_template_child (widget_class, TendCustomerPanel, similar_empty_label);

  gtk_widget_class_set_css_name (widget_class, "customerpanel");
}

/* One figure: a big value over its caption. */
static GtkLabel *
add_figure (GtkGrid    *grid,
            int         column,
            int         row,
            const char *name,
            const char *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value = plain_label ("—", "figure-value", "numeric", NULL);
  GtkWidget *caption_label = plain_label (caption, "caption", "dim-label", NULL);

  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (caption_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_name (value, name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), caption_label);
  gtk_widget_add_css_class (box, "figure");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption_label, NULL,
                                  -1);
  gtk_grid_attach (grid, box, column, row, 1, 1);

  return GTK_LABEL (value);
}

static void
tend_customer_panel_init (TendCustomerPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->total_value = add_figure (self->figures_grid, 0, 0, "total_value", _("Tickets in total"));
  self->open_value = add_figure (self->figures_grid, 1, 0, "open_value", _("Open now"));
  self->since_value = add_figure (self->figures_grid, 0, 1, "since_value", _("Customer since"));
  self->median_value = add_figure (self->figures_grid, 1, 1, "median_value", _("Median resolution"));
  self->resolved_value = add_figure (self->figures_grid, 0, 2, "resolved_value", _("Solved"));
  self->csat_value = add_figure (self->figures_grid, 1, 2, "csat_value", _("Satisfaction"));

  gtk_widget_set_layout_manager (self->tags_box, tend_wrap_layout_new (6));
  gtk_widget_set_layout_manager (self->org_tags_box, tend_wrap_layout_new (6));

  g_signal_connect_object (self->other_list, "row-activated", G_CALLBACK (on_row_activated), self, 0);
  g_signal_connect_object (self->org_list, "row-activated", G_CALLBACK (on_row_activated), self, 0);
  g_signal_connect_object (self->similar_list, "row-activated", G_CALLBACK (on_row_activated), self, 0);

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
tend_customer_panel_new (void)
{
  return g_object_new (TEND_TYPE_CUSTOMER_PANEL, NULL);
}

TendStore *
tend_customer_panel_get_store (TendCustomerPanel *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PANEL (self), NULL);

  return self->store;
}

void
tend_customer_panel_set_store (TendCustomerPanel *self,
                               TendStore         *store)
{
  g_return_if_fail (TEND_IS_CUSTOMER_PANEL (self));
  g_return_if_fail (store == NULL || TEND_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);

  /* Another account: its ticket ids mean nothing here. */
  g_clear_object (&self->ticket);
  load (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

TendTicket *
tend_customer_panel_get_ticket (TendCustomerPanel *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PANEL (self), NULL);

  return self->ticket;
}

void
tend_customer_panel_set_ticket (TendCustomerPanel *self,
                                TendTicket        *ticket)
{
  gboolean same;

  g_return_if_fail (TEND_IS_CUSTOMER_PANEL (self));
  g_return_if_fail (ticket == NULL || TEND_IS_TICKET (ticket));

  if (self->ticket == ticket)
    return;

  /* The same ticket refreshed (a new copy from the store) keeps the
   * panel as it is while the figures reload. */
  same = self->ticket != NULL && ticket != NULL &&
         tend_ticket_get_id (self->ticket) == tend_ticket_get_id (ticket) &&
         tend_ticket_get_requester_id (self->ticket) == tend_ticket_get_requester_id (ticket);
  g_set_object (&self->ticket, ticket);
  load (self, !same);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

TendCustomerProfile *
tend_customer_panel_get_profile (TendCustomerPanel *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PANEL (self), NULL);

  return self->profile;
}

GPtrArray *
tend_customer_panel_get_similar (TendCustomerPanel *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PANEL (self), NULL);

  return self->similar;
}

gboolean
tend_customer_panel_is_loading (TendCustomerPanel *self)
{
  g_return_val_if_fail (TEND_IS_CUSTOMER_PANEL (self), FALSE);

  return self->n_loading > 0;
}

void
tend_customer_panel_set_file_cache (TendCustomerPanel *self,
                                    TendFileCache     *cache)
{
  g_return_if_fail (TEND_IS_CUSTOMER_PANEL (self));
  g_return_if_fail (cache == NULL || TEND_IS_FILE_CACHE (cache));

  if (!g_set_object (&self->file_cache, cache))
    return;
  /* The photo on show may come from elsewhere now. */
  if (self->profile != NULL)
    {
      show_initials (self);
      fill_identity (self);
    }
}
