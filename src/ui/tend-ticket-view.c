/* tend-ticket-view.c: a ticket's header and conversation
 *
 * Subjects, names, tags and bodies are server text: they are set as label
 * text with use-markup off, never interpreted. When the ticket can be
 * changed (the view has an outbox), its status, priority, type, assignee,
 * group and tags are menus and buttons in the header; each change goes
 * through the outbox, so it works offline and shows at once: the store
 * applies it to the local copy, and its "changed" signal reloads the view.
 * Without an outbox they are read-only labels.
 *
 * The conversation is a GtkListBox: a ticket's thread is bounded (tens of
 * messages) and every message is shown whole, which a recycling list view
 * would not make cheaper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-ticket-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tend-application.h"
#include "tend-composer.h"
#include "tend-message-row.h"
#include "tend-ticket-view.h"
#include "tend-ui-utils.h"
#include "tend-wrap-layout.h"

/* Comments written by a sync land in bursts: re-read the open ticket once. */
#define RELOAD_DEBOUNCE_MS 200

/* Threads up to this long open whole; longer ones show the first message
 * and the last EXPANDED_AT_END, with a row standing for the others. */
#define MAX_EXPANDED    8
#define EXPANDED_AT_END 4

struct _TendTicketView
{
  AdwBin             parent_instance;

  TendStore         *store;
  TendTicket        *ticket;
  /* The assignee menu's agents (TendUser), read once per change of the
   * store's users rather than for every ticket opened; NULL: not read. */
  GPtrArray         *agents;
  guint              n_messages;
  guint              reload_source_id;

  /* Made by tend_ticket_view_set_outbox(): NULL without an outbox. */
  TendComposer      *composer;
  /* A "review" asked to show the end of the conversation once it has
   * been re-read. */
  gboolean           scroll_to_end;

  gint64             open_started_us;
  gulong             open_paint_id;

  /* Template widgets */
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkScrolledWindow *scroller;
  GtkLabel          *subject_label;
  GtkLabel          *id_label;
  GtkLabel          *requester_label;
  GtkLabel          *email_label;
  GtkWidget         *properties_box;
  GtkListBox        *conversation;
  AdwClamp          *composer_clamp;

  /* "ticket-view.set-status", "set-priority", "set-type", "set-assignee",
   * "set-group", "add-tag" and "remove-tag": the header's menus. */
  GSimpleActionGroup *actions;
};

G_DEFINE_FINAL_TYPE (TendTicketView, tend_ticket_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TICKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* From tend-ticket-row.c: the same pill in the list and the header. */
void _tend_status_pill_update (GtkWidget        *pill,
                               TendTicketStatus  status);

static GtkWidget *
add_chip (TendTicketView *self,
          const char     *icon_name,
          const char     *text,
          const char     *accessible,
          const char     *css_class)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (text);

  if (icon_name != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
      gtk_box_append (GTK_BOX (chip), image);
    }

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_widget_add_css_class (chip, "chip");
  /* The flow box may give its child more room than it asks for. */
  gtk_widget_set_halign (chip, GTK_ALIGN_START);
  if (css_class != NULL)
    gtk_widget_add_css_class (chip, css_class);
  tend_widget_set_tooltip (chip, accessible);

  gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  gtk_widget_set_parent (chip, self->properties_box);

  return chip;
}

static char *
user_name (TendTicketView *self,
           gint64          user_id)
{
  g_autoptr(TendUser) user = NULL;

  if (user_id == 0 || self->store == NULL)
    return NULL;

  user = tend_store_get_user (self->store, user_id, NULL);
  if (user == NULL)
    return NULL;

  return g_strdup (tend_user_get_name (user) ? tend_user_get_name (user) : tend_user_get_email (user));
}

static gboolean
strv_has (const char * const *strv,
          const char         *str)
{
  return strv != NULL && g_strv_contains (strv, str);
}

/* Whether the header offers to change the ticket: only through an outbox,
 * and not once the helpdesk has closed it (a closed ticket takes no more
 * changes; a deleted one is gone). */
static gboolean
can_change (TendTicketView *self,
            TendTicket     *ticket)
{
  return self->composer != NULL && self->store != NULL &&
         tend_ticket_get_status (ticket) < TEND_TICKET_STATUS_CLOSED;
}

/* The menu's last section: the choice of no value at all. */
static void
append_none (GMenu      *menu,
             const char *label,
             const char *detailed_action)
{
  g_autoptr(GMenu) none = g_menu_new ();

  g_menu_append (none, label, detailed_action);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (none));
}

/* The menus mark the ticket's current value. */
static void
set_action_state (TendTicketView *self,
                  const char     *name,
                  GVariant       *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
}

/* A chip that opens @menu: the look of add_chip(), the button's hover
 * feedback, and an arrow saying it is a menu. */
/* A GtkMenuButton builds its whole popover when given a menu; a header
 * has six of them and is rebuilt for every ticket opened, so the menu
 * is handed over only when the agent opens it. */
static void
create_chip_popup (GtkMenuButton *button,
                   gpointer       user_data)
{
  GMenuModel *menu = g_object_get_data (G_OBJECT (button), "tend-menu");

  if (menu != NULL && gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, menu);
}

/* A chip button around @child that opens @menu, added to the header. */
static GtkWidget *
add_menu_button (TendTicketView *self,
                 GtkWidget      *child,
                 const char     *name,
                 const char     *accessible,
                 const char     *tooltip,
                 GMenuModel     *menu,
                 const char     *css_class)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), child);
  if (menu != NULL)
    {
      g_object_set_data_full (G_OBJECT (button), "tend-menu", g_object_ref (menu), g_object_unref);
      gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_chip_popup, NULL, NULL);
    }
  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "chip-button");
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  tend_widget_set_tooltip (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_parent (button, self->properties_box);

  return button;
}

/* A chip of an icon and @text that opens @menu. */
static GtkWidget *
add_menu_chip (TendTicketView *self,
               const char     *name,
               const char     *icon_name,
               const char     *text,
               const char     *label_name,
               const char     *accessible,
               const char     *tooltip,
               GMenuModel     *menu,
               const char     *css_class)
{
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  if (icon_name != NULL)
    {
      image = gtk_image_new_from_icon_name (icon_name);
      gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
      gtk_box_append (GTK_BOX (box), image);
    }
  label = gtk_label_new (text);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  if (label_name != NULL)
    gtk_widget_set_name (label, label_name);
  gtk_box_append (GTK_BOX (box), label);
  image = gtk_image_new_from_icon_name ("pan-down-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
  gtk_box_append (GTK_BOX (box), image);

  return add_menu_button (self, box, name, accessible, tooltip, menu, css_class);
}

/* Queues @edit of the open ticket. Shown at once from the local copy;
 * sent with the next push. On failure nothing changed on screen either. */
static void
enqueue_edit (TendTicketView       *self,
              const TendOutboxEdit *edit,
              const char           *what)
{
  g_autoptr(GError) error = NULL;

  if (tend_outbox_enqueue (tend_composer_get_outbox (self->composer),
                           tend_ticket_get_id (self->ticket), edit, &error) == 0)
    g_warning ("Could not change the %s of ticket %lld: %s",
               what, (long long) tend_ticket_get_id (self->ticket), error->message);
}

/* Status: the same pill as in the list. When the ticket can be changed,
 * the pill is the child of a menu of the statuses an agent can give. */
static void
add_status_chip (TendTicketView *self,
                 TendTicket     *ticket)
{
  TendTicketStatus status = tend_ticket_get_status (ticket);
  g_autofree char *accessible = NULL;
  g_autoptr(GMenu) menu = NULL;
  GtkWidget *pill;

  pill = gtk_label_new (NULL);
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_widget_set_name (pill, "status_label");
  _tend_status_pill_update (pill, status);
  /* Translators: for a screen reader: "Status: Open". */
  accessible = g_strdup_printf (_("Status: %s"), tend_ticket_status_get_label (status));

  if (!can_change (self, ticket))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (pill),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
      tend_widget_set_tooltip (pill, accessible);
      gtk_widget_set_parent (pill, self->properties_box);
      return;
    }

  /* Closed and deleted are the helpdesk's to give. */
  menu = g_menu_new ();
  for (int i = TEND_TICKET_STATUS_NEW; i <= TEND_TICKET_STATUS_SOLVED; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (tend_ticket_status_get_label (i), NULL);

      g_menu_item_set_action_and_target_value (item, "ticket-view.set-status",
                                               g_variant_new_int32 (i));
      g_menu_append_item (menu, item);
    }
  set_action_state (self, "set-status", g_variant_new_int32 (status));

  add_menu_button (self, pill, "status_chip", accessible,
                   /* Translators: the tooltip of a ticket's status, a menu to change it. */
                   _("Change the status"), G_MENU_MODEL (menu), "status-chip");
}

static void
add_priority_chip (TendTicketView *self,
                   TendTicket     *ticket)
{
  TendTicketPriority priority = tend_ticket_get_priority (ticket);
  const char *icon_name = priority >= TEND_TICKET_PRIORITY_HIGH ? "emblem-important-symbolic" : NULL;
  const char *css_class = priority >= TEND_TICKET_PRIORITY_HIGH ? "priority-high" : NULL;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GMenu) menu = NULL;

  if (priority != TEND_TICKET_PRIORITY_NONE)
    {
      /* Translators: a ticket's priority as shown in its header: "High priority". */
      text = g_strdup_printf (_("%s priority"), tend_ticket_priority_get_label (priority));
      accessible = g_strdup_printf (_("Priority: %s"), tend_ticket_priority_get_label (priority));
    }
  else
    {
      text = g_strdup (_("No priority"));
      accessible = g_strdup (_("Priority: none"));
    }

  if (!can_change (self, ticket))
    {
      if (priority != TEND_TICKET_PRIORITY_NONE)
        add_chip (self, icon_name, text, accessible, css_class);
      return;
    }

  menu = g_menu_new ();
  for (int i = TEND_TICKET_PRIORITY_LOW; i <= TEND_TICKET_PRIORITY_URGENT; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (tend_ticket_priority_get_label (i), NULL);

      g_menu_item_set_action_and_target_value (item, "ticket-view.set-priority",
                                               g_variant_new_int32 (i));
      g_menu_append_item (menu, item);
    }
  append_none (menu, _("No priority"), "ticket-view.set-priority(0)");
  set_action_state (self, "set-priority", g_variant_new_int32 (priority));

  add_menu_chip (self, "priority_chip", icon_name, text, "priority_label", accessible,
                 /* Translators: the tooltip of a ticket's priority, a menu to change it. */
                 _("Change the priority"), G_MENU_MODEL (menu), css_class);
}

/* Type: the helpdesk's lower-case keyword ("incident"), shown as a word. */
static void
add_type_chip (TendTicketView *self,
               TendTicket     *ticket)
{
  static const struct {
    const char *keyword;
    const char *label;
  } types[] = {
    { "question", N_("Question") },
    { "incident", N_("Incident") },
    { "problem",  N_("Problem") },
    { "task",     N_("Task") },
  };
  const char *type = tend_ticket_get_ticket_type (ticket);
  gboolean has_type = type != NULL && *type != '\0';
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GMenu) menu = NULL;

  if (has_type)
    {
      text = g_strdup (type);
      text[0] = g_ascii_toupper (text[0]);
      accessible = g_strdup_printf (_("Type: %s"), text);
    }
  else
    {
      text = g_strdup (_("No type"));
      accessible = g_strdup (_("Type: none"));
    }

  if (!can_change (self, ticket))
    {
      if (has_type)
        add_chip (self, NULL, text, accessible, NULL);
      return;
    }

  menu = g_menu_new ();
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(types[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, "ticket-view.set-type",
                                               g_variant_new_string (types[i].keyword));
      g_menu_append_item (menu, item);
    }
  append_none (menu, _("No type"), "ticket-view.set-type('')");
  set_action_state (self, "set-type", g_variant_new_string (has_type ? type : ""));

  add_menu_chip (self, "type_chip", NULL, text, "type_label", accessible,
                 /* Translators: the tooltip of a ticket's type, a menu to change it. */
                 _("Change the type"), G_MENU_MODEL (menu), NULL);
}

/* Assignee: the agent themself first, then the helpdesk's agents by name
 * (a partial index keeps that list instant, 005-agents.sql), the current
 * assignee if the list misses them, and nobody. */
#define MAX_AGENTS_IN_MENU 50

static void
add_assignee_chip (TendTicketView *self,
                   TendTicket     *ticket)
{
  gint64 assignee_id = tend_ticket_get_assignee_id (ticket);
  g_autofree char *assignee = user_name (self, assignee_id);
  g_autofree char *accessible = NULL;
  g_autoptr(GMenu) menu = NULL;
  GPtrArray *agents;
  gboolean listed = FALSE;
  gint64 me;

  if (assignee != NULL)
    accessible = g_strdup_printf (_("Assignee: %s"), assignee);
  else
    accessible = g_strdup (_("Assignee: nobody"));

  if (!can_change (self, ticket))
    {
      add_chip (self, "avatar-default-symbolic",
                assignee ? assignee : _("Unassigned"), accessible, NULL);
      return;
    }

  me = tend_store_get_me (self->store);
  menu = g_menu_new ();
  if (me != 0)
    {
      g_autoptr(GMenuItem) item = NULL;

      /* Translators: in the assignee menu: the agent using Tend. */
      item = g_menu_item_new (_("Me"), NULL);
      g_menu_item_set_action_and_target_value (item, "ticket-view.set-assignee",
                                               g_variant_new_int64 (me));
      g_menu_append_item (menu, item);
    }
  if (self->agents == NULL)
    self->agents = tend_store_list_agents (self->store, MAX_AGENTS_IN_MENU, NULL);
  agents = self->agents;
  if (agents != NULL && agents->len > 0)
    {
      g_autoptr(GMenu) others = g_menu_new ();

      for (guint i = 0; i < agents->len; i++)
        {
          TendUser *agent = g_ptr_array_index (agents, i);
          const char *name = tend_user_get_name (agent);
          g_autoptr(GMenuItem) item = NULL;

          if (tend_user_get_id (agent) == me)
            continue;
          if (tend_user_get_id (agent) == assignee_id)
            listed = TRUE;
          if (name == NULL || *name == '\0')
            name = tend_user_get_email (agent);
          item = g_menu_item_new (name != NULL && *name != '\0' ? name : _("Unnamed agent"), NULL);
          g_menu_item_set_action_and_target_value (item, "ticket-view.set-assignee",
                                                   g_variant_new_int64 (tend_user_get_id (agent)));
          g_menu_append_item (others, item);
        }
      if (g_menu_model_get_n_items (G_MENU_MODEL (others)) > 0)
        g_menu_append_section (menu, NULL, G_MENU_MODEL (others));
    }
  if (assignee_id != 0 && assignee_id != me && !listed)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *item_label = NULL;

      if (assignee != NULL)
        item_label = g_strdup (assignee);
      else
        /* Translators: an assignee known by their number only. */
        item_label = g_strdup_printf (_("Agent %lld"), (long long) assignee_id);
      item = g_menu_item_new (item_label, NULL);
      g_menu_item_set_action_and_target_value (item, "ticket-view.set-assignee",
                                               g_variant_new_int64 (assignee_id));
      g_menu_append_item (menu, item);
    }
  /* Translators: in the assignee menu: unassign the ticket. */
  append_none (menu, _("Nobody"), "ticket-view.set-assignee(int64 0)");
  set_action_state (self, "set-assignee", g_variant_new_int64 (assignee_id));

  add_menu_chip (self, "assignee_chip", "avatar-default-symbolic",
                 assignee ? assignee : _("Unassigned"), "assignee_label", accessible,
                 /* Translators: the tooltip of a ticket's assignee, a menu to change it. */
                 _("Change the assignee"), G_MENU_MODEL (menu), NULL);
}

/* Group: by the name the last sync listed (by its number until the
 * groups have been synced). When the ticket can be changed, the chip is a
 * menu of the helpdesk's groups; the change goes through the outbox. */
static void
add_group_chip (TendTicketView *self,
                TendTicket     *ticket)
{
  gint64 group_id = tend_ticket_get_group_id (ticket);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GMenu) menu = NULL;

  if (group_id != 0 && self->store != NULL)
    name = tend_store_dup_group_name (self->store, group_id);
  if (name != NULL)
    text = g_strdup (name);
  else if (group_id != 0)
    /* Translators: a ticket's group, known by its number only. */
    text = g_strdup_printf (_("Group %lld"), (long long) group_id);
  else
    text = g_strdup (_("No group"));
  accessible = g_strdup_printf (_("Group: %s"), text);

  if (can_change (self, ticket))
    groups = tend_store_list_groups (self->store, NULL);
  if (groups == NULL || groups->len == 0)
    {
      if (group_id != 0)
        add_chip (self, "system-users-symbolic", text, accessible, NULL);
      return;
    }

  menu = g_menu_new ();
  for (guint i = 0; i < groups->len; i++)
    {
      TendStoreGroup *group = g_ptr_array_index (groups, i);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *item_label = NULL;

      if (group->name[0] != '\0')
        item_label = g_strdup (group->name);
      else
        item_label = g_strdup_printf (_("Group %lld"), (long long) group->id);
      item = g_menu_item_new (item_label, NULL);
      g_menu_item_set_action_and_target_value (item, "ticket-view.set-group",
                                               g_variant_new_int64 (group->id));
      g_menu_append_item (menu, item);
    }
  append_none (menu, _("No group"), "ticket-view.set-group(int64 0)");
  set_action_state (self, "set-group", g_variant_new_int64 (group_id));

  add_menu_chip (self, "group_chip", "system-users-symbolic", text, "group_label", accessible,
                 /* Translators: the tooltip of a ticket's group, a menu to change it. */
                 _("Change the group"), G_MENU_MODEL (menu), NULL);
}

/* A tag chip; when the ticket can be changed, with a button that removes
 * the tag. Tags are server text: plain label text. */
static void
add_tag_chip (TendTicketView *self,
              const char     *tag,
              gboolean        removable)
{
  g_autofree char *accessible = g_strdup_printf (_("Tag: %s"), tag);
  g_autofree char *remove_label = NULL;
  GtkWidget *chip;
  GtkWidget *button;

  chip = add_chip (self, NULL, tag, accessible, "tag");
  if (!removable)
    return;

  /* Translators: the button on a tag chip; %s is the tag. */
  remove_label = g_strdup_printf (_("Remove tag %s"), tag);
  button = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, "tag-remove");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "ticket-view.remove-tag");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (tag));
  tend_widget_set_tooltip (button, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_box_append (GTK_BOX (chip), button);
  gtk_widget_add_css_class (chip, "removable");
}

static void
on_tag_entry_activate (TendTicketView *self,
                       GtkEntry       *entry)
{
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkWidget *popover;

  if (*tag == '\0')
    return;

  g_action_group_activate_action (G_ACTION_GROUP (self->actions), "add-tag",
                                  g_variant_new_string (tag));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  popover = gtk_widget_get_ancestor (GTK_WIDGET (entry), GTK_TYPE_POPOVER);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* "Add tag": a chip that opens an entry; Enter adds what was typed. */
static void
add_new_tag_chip (TendTicketView *self)
{
  GtkWidget *button;
  GtkWidget *popover;
  GtkWidget *entry;

  button = add_menu_chip (self, "add_tag_chip", "list-add-symbolic",
                          /* Translators: a chip after a ticket's tags. */
                          _("Add tag"), NULL, _("Add tag"),
                          /* Translators: the tooltip of the "Add tag" chip. */
                          _("Add a tag to the ticket"), NULL, "add-tag");

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "tag_entry");
  /* Translators: the placeholder of the entry for a new tag. */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("New tag"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New tag"),
                                  -1);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_tag_entry_activate), self,
                           G_CONNECT_SWAPPED);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), entry);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
}

/* "set-status" and "set-priority": a number in the menu's range; the
 * ticket's own value changes nothing. */
static void
set_number_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  TendTicketView *self = TEND_TICKET_VIEW (user_data);
  gboolean status = g_str_equal (g_action_get_name (G_ACTION (action)), "set-status");
  int value = g_variant_get_int32 (parameter);
  int current;
  TendOutboxEdit edit;

  if (self->ticket == NULL || !can_change (self, self->ticket))
    return;
  current = status ? (int) tend_ticket_get_status (self->ticket) : (int) tend_ticket_get_priority (self->ticket);
  if (value == current ||
      value < (status ? TEND_TICKET_STATUS_NEW : TEND_TICKET_PRIORITY_NONE) ||
      value > (status ? TEND_TICKET_STATUS_SOLVED : TEND_TICKET_PRIORITY_URGENT))
    return;

  tend_outbox_edit_init (&edit);
  if (status)
    edit.status = value;
  else
    edit.priority = value;
  enqueue_edit (self, &edit, status ? "status" : "priority");
}

static void
set_type_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TendTicketView *self = TEND_TICKET_VIEW (user_data);
  const char *type;
  TendOutboxEdit edit;

  if (self->ticket == NULL || !can_change (self, self->ticket))
    return;
  type = tend_ticket_get_ticket_type (self->ticket);
  tend_outbox_edit_init (&edit);
  /* "" clears the type. */
  edit.ticket_type = g_variant_get_string (parameter, NULL);
  if (g_strcmp0 (edit.ticket_type, type != NULL ? type : "") == 0)
    return;
  enqueue_edit (self, &edit, "type");
}

/* "set-assignee" and "set-group": an id, 0 for nobody or none. */
static void
set_id_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TendTicketView *self = TEND_TICKET_VIEW (user_data);
  gboolean assignee = g_str_equal (g_action_get_name (G_ACTION (action)), "set-assignee");
  gint64 id = g_variant_get_int64 (parameter);
  TendOutboxEdit edit;

  if (self->ticket == NULL || !can_change (self, self->ticket))
    return;
  if (id < 0 || id == (assignee ? tend_ticket_get_assignee_id (self->ticket)
                                : tend_ticket_get_group_id (self->ticket)))
    return;

  tend_outbox_edit_init (&edit);
  if (assignee)
    edit.assignee_id = id;
  else
    edit.group_id = id;
  enqueue_edit (self, &edit, assignee ? "assignee" : "group");
}

/* "add-tag" and "remove-tag": a tag the ticket lacks, or has. */
static void
tag_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  TendTicketView *self = TEND_TICKET_VIEW (user_data);
  gboolean add = g_str_equal (g_action_get_name (G_ACTION (action)), "add-tag");
  const char *tags[] = { g_variant_get_string (parameter, NULL), NULL };
  TendOutboxEdit edit;

  if (self->ticket == NULL || !can_change (self, self->ticket))
    return;
  if (*tags[0] == '\0' || strv_has (tend_ticket_get_tags (self->ticket), tags[0]) == add)
    return;

  tend_outbox_edit_init (&edit);
  if (add)
    edit.add_tags = tags;
  else
    edit.remove_tags = tags;
  enqueue_edit (self, &edit, "tags");
}

static void
fill_properties (TendTicketView *self,
                 TendTicket     *ticket)
{
  const char * const *tags = tend_ticket_get_tags (ticket);
  gboolean editable = can_change (self, ticket);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->properties_box)) != NULL)
    gtk_widget_unparent (child);

  add_status_chip (self, ticket);
  add_priority_chip (self, ticket);
  add_type_chip (self, ticket);
  add_assignee_chip (self, ticket);
  add_group_chip (self, ticket);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    add_tag_chip (self, tags[i], editable);
  if (editable)
    add_new_tag_chip (self);
}

/* Replaces the "N more messages" row with those messages, collapsed to
 * one line each; a click on one expands it. */
static void
expand_more_row (TendTicketView *self,
                 GtkListBoxRow  *more)
{
  GPtrArray *comments = g_object_get_data (G_OBJECT (more), "tend-comments");
  guint first = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (more), "tend-first"));
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (more), "tend-n"));
  int position = gtk_list_box_row_get_index (more);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = tend_message_row_new (g_ptr_array_index (comments, first + i),
                                             tend_ticket_get_requester_id (self->ticket));

      tend_message_row_set_expanded (TEND_MESSAGE_ROW (row), FALSE);
      gtk_list_box_insert (self->conversation, row, position + i);
    }

  gtk_list_box_remove (self->conversation, GTK_WIDGET (more));
}

static GtkWidget *
create_more_row (TendTicketView *self,
                 GPtrArray      *comments,
                 guint           first,
                 guint           n)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label;
  g_autofree char *text = NULL;

  /* Translators: a row standing for the middle of a long conversation. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more message", "%u more messages", n), n);
  label = gtk_label_new (text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_add_css_class (row, "more-messages");
  gtk_widget_set_tooltip_text (row, _("Show the earlier messages"));

  g_object_set_data_full (G_OBJECT (row), "tend-comments",
                          g_ptr_array_ref (comments), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (row), "tend-first", GUINT_TO_POINTER (first));
  g_object_set_data (G_OBJECT (row), "tend-n", GUINT_TO_POINTER (n));

  return row;
}

static void
fill_conversation (TendTicketView *self,
                   TendTicket     *ticket)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conversation))) != NULL)
    gtk_list_box_remove (self->conversation, child);

  self->n_messages = 0;
  if (self->store == NULL)
    return;

  comments = tend_store_list_comments (self->store, tend_ticket_get_id (ticket), &error);
  if (comments == NULL)
    {
      g_warning ("Could not read the conversation of ticket %" G_GINT64_FORMAT ": %s",
                 tend_ticket_get_id (ticket), error->message);
      return;
    }

  /* A long thread opens with its first message and its latest ones; the
   * ones in between wait behind a "N more messages" row, so that opening
   * a ticket costs the same whatever the length of its thread. */
  for (guint i = 0; i < comments->len; i++)
    {
      if (comments->len > MAX_EXPANDED && i == 1)
        {
          guint n_hidden = comments->len - 1 - EXPANDED_AT_END;

          gtk_list_box_append (self->conversation, create_more_row (self, comments, 1, n_hidden));
          i += n_hidden - 1;
          continue;
        }

      gtk_list_box_append (self->conversation,
                           tend_message_row_new (g_ptr_array_index (comments, i),
                                                 tend_ticket_get_requester_id (ticket)));
    }

  self->n_messages = comments->len;
}

static void
fill (TendTicketView *self,
      TendTicket     *ticket)
{
  g_autofree char *id = g_strdup_printf ("#%" G_GINT64_FORMAT, tend_ticket_get_id (ticket));
  const char *subject = tend_ticket_get_subject (ticket);
  const char *name = tend_ticket_get_requester_name (ticket);
  const char *email = tend_ticket_get_requester_email (ticket);

  gtk_label_set_text (self->subject_label,
                      subject != NULL && *subject != '\0' ? subject : _("(No subject)"));
  gtk_label_set_text (self->id_label, id);
  gtk_label_set_text (self->requester_label, name ? name : "");
  gtk_label_set_text (self->email_label, email ? email : "");
  gtk_widget_set_visible (GTK_WIDGET (self->email_label), email != NULL && *email != '\0');

  fill_properties (self, ticket);
  fill_conversation (self, ticket);
}

static void
on_open_painted (GdkFrameClock  *clock,
                 TendTicketView *self)
{
  g_clear_signal_handler (&self->open_paint_id, clock);
  g_printerr ("ticket-open-ms %" G_GINT64_FORMAT "\n", (g_get_monotonic_time () - self->open_started_us + 500) / 1000);
}

/* After the rows of a reload have been measured. */
static gboolean
scroll_to_end_cb (gpointer user_data)
{
  TendTicketView *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));

  return G_SOURCE_REMOVE;
}

static gboolean
reload_cb (gpointer user_data)
{
  TendTicketView *self = user_data;
  g_autoptr(TendTicket) fresh = NULL;
  g_autoptr(GError) error = NULL;

  self->reload_source_id = 0;
  if (self->ticket == NULL || self->store == NULL)
    return G_SOURCE_REMOVE;

  fresh = tend_store_get_ticket (self->store, tend_ticket_get_id (self->ticket), &error);
  if (g_error_matches (error, TEND_ERROR, TEND_ERROR_NOT_FOUND))
    {
      /* Deleted on the helpdesk meanwhile. */
      tend_ticket_view_set_ticket (self, NULL);
      return G_SOURCE_REMOVE;
    }
  if (fresh == NULL)
    {
      /* The ticket stays as it was; the next change reloads it again. */
      g_message ("Could not reload ticket %" G_GINT64_FORMAT ": %s",
                 tend_ticket_get_id (self->ticket), error->message);
      return G_SOURCE_REMOVE;
    }

  g_set_object (&self->ticket, fresh);
  fill (self, fresh);
  if (self->composer != NULL)
    tend_composer_set_ticket (self->composer, fresh);

  if (self->scroll_to_end)
    {
      self->scroll_to_end = FALSE;
      g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self), g_object_unref);
    }

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (TendTicketView *self,
                  guint           changes,
                  TendStore      *store)
{
  if (changes & TEND_STORE_CHANGE_USERS)
    g_clear_pointer (&self->agents, g_ptr_array_unref);
  if (self->ticket == NULL)
    return;
  if ((changes & (TEND_STORE_CHANGE_TICKETS | TEND_STORE_CHANGE_COMMENTS | TEND_STORE_CHANGE_USERS |
                  TEND_STORE_CHANGE_GROUPS)) == 0)
    return;

  if (self->reload_source_id == 0)
    self->reload_source_id = g_timeout_add (RELOAD_DEBOUNCE_MS, reload_cb, self);
}

static void
tend_ticket_view_dispose (GObject *object)
{
  TendTicketView *self = TEND_TICKET_VIEW (object);

  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  self->composer = NULL;
  if (self->open_paint_id != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_clear_signal_handler (&self->open_paint_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  g_clear_object (&self->ticket);
  g_clear_object (&self->store);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  if (self->actions != NULL)
    gtk_widget_insert_action_group (GTK_WIDGET (self), "ticket-view", NULL);
  g_clear_object (&self->actions);
  /* AdwBin keeps its own pointer to its child: let it drop the child
   * before the template's references go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEND_TYPE_TICKET_VIEW);

  G_OBJECT_CLASS (tend_ticket_view_parent_class)->dispose (object);
}

static void
tend_ticket_view_unmap (GtkWidget *widget)
{
  TendTicketView *self = TEND_TICKET_VIEW (widget);

  if (self->open_paint_id != 0)
    g_clear_signal_handler (&self->open_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (tend_ticket_view_parent_class)->unmap (widget);
}

static void
tend_ticket_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TendTicketView *self = TEND_TICKET_VIEW (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tend_ticket_view_class_init (TendTicketViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tend_ticket_view_dispose;
  object_class->get_property = tend_ticket_view_get_property;
  widget_class->unmap = tend_ticket_view_unmap;

  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         TEND_TYPE_TICKET,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/tend-ticket-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, stack);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, scroller);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, subject_label);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, id_label);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, requester_label);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, email_label);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, properties_box);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, conversation);
  gtk_widget_class_bind_template_child (widget_class, TendTicketView, composer_clamp);
}

static void
on_message_activated (GtkListBox     *box,
                      GtkListBoxRow  *row,
                      TendTicketView *self)
{
  if (TEND_IS_MESSAGE_ROW (row))
    tend_message_row_set_expanded (TEND_MESSAGE_ROW (row), TRUE);
  else if (gtk_widget_has_css_class (GTK_WIDGET (row), "more-messages"))
    expand_more_row (self, row);
}

static void
tend_ticket_view_init (TendTicketView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->conversation, "row-activated",
                           G_CALLBACK (on_message_activated), self, 0);

  /* The chips go on as many lines as the pane's width needs. */
  gtk_widget_set_layout_manager (self->properties_box, tend_wrap_layout_new (6));

  /* Stateful actions (not class ones) so that each menu marks the
   * ticket's current value. */
  {
    static const GActionEntry entries[] = {
      { .name = "set-status", .activate = set_number_activated,
        .parameter_type = "i", .state = "0" },
      { .name = "set-priority", .activate = set_number_activated,
        .parameter_type = "i", .state = "0" },
      { .name = "set-type", .activate = set_type_activated,
        .parameter_type = "s", .state = "''" },
      { .name = "set-assignee", .activate = set_id_activated,
        .parameter_type = "x", .state = "int64 0" },
      { .name = "set-group", .activate = set_id_activated,
        .parameter_type = "x", .state = "int64 0" },
      { .name = "add-tag", .activate = tag_activated,
        .parameter_type = "s" },
      { .name = "remove-tag", .activate = tag_activated,
        .parameter_type = "s" },
    };

    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "ticket-view", G_ACTION_GROUP (self->actions));
  }
}

void
tend_ticket_view_set_store (TendTicketView *self,
                            TendStore      *store)
{
  g_return_if_fail (TEND_IS_TICKET_VIEW (self));
  g_return_if_fail (store == NULL || TEND_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self,
                             G_CONNECT_SWAPPED);

  /* A composer writes into the outbox of one store only. */
  if (self->composer != NULL && tend_composer_get_store (self->composer) != store)
    tend_ticket_view_set_outbox (self, NULL, NULL);

  tend_ticket_view_set_ticket (self, NULL);
}

static void
on_composer_review (TendTicketView *self,
                    gint64          comment_id,
                    TendComposer   *composer)
{
  /* The customer's new message may not be on screen yet: re-read the
   * ticket now, and show the end of the thread, where it is. */
  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  self->scroll_to_end = TRUE;
  reload_cb (self);
}

/* The agent's message, waiting to be sent, at the end of the thread:
 * read now and shown. */
static void
on_composer_sent (TendTicketView *self,
                  TendComposer   *composer)
{
  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  self->scroll_to_end = TRUE;
  reload_cb (self);
}

void
tend_ticket_view_set_outbox (TendTicketView *self,
                             TendOutbox     *outbox,
                             TendDrafts     *drafts)
{
  GtkWidget *composer;

  g_return_if_fail (TEND_IS_TICKET_VIEW (self));
  g_return_if_fail (outbox == NULL || TEND_IS_OUTBOX (outbox));
  g_return_if_fail (drafts == NULL || TEND_IS_DRAFTS (drafts));
  g_return_if_fail ((outbox == NULL) == (drafts == NULL));

  if (self->composer != NULL)
    {
      if (outbox == tend_composer_get_outbox (self->composer) &&
          drafts == tend_composer_get_drafts (self->composer))
        return;

      /* The composer keeps what was typed until the drafts take it. */
      tend_composer_set_ticket (self->composer, NULL);
      adw_clamp_set_child (self->composer_clamp, NULL);
      self->composer = NULL;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->composer_clamp), outbox != NULL);
  if (outbox == NULL)
    return;

  composer = tend_composer_new (tend_outbox_get_store (outbox), outbox, drafts);
  self->composer = TEND_COMPOSER (composer);
  adw_clamp_set_child (self->composer_clamp, composer);
  g_signal_connect_object (composer, "review", G_CALLBACK (on_composer_review), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (composer, "sent", G_CALLBACK (on_composer_sent), self,
                           G_CONNECT_SWAPPED);
  tend_composer_set_ticket (self->composer, self->ticket);
}

TendComposer *
tend_ticket_view_get_composer (TendTicketView *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_VIEW (self), NULL);

  return self->composer;
}

void
tend_ticket_view_set_ticket (TendTicketView *self,
                             TendTicket     *ticket)
{
  g_autoptr(TendTicket) fresh = NULL;

  g_return_if_fail (TEND_IS_TICKET_VIEW (self));
  g_return_if_fail (ticket == NULL || TEND_IS_TICKET (ticket));

  self->open_started_us = g_get_monotonic_time ();
  g_clear_handle_id (&self->reload_source_id, g_source_remove);

  /* The list's copy may be a page old; the store has the latest. */
  if (ticket != NULL && self->store != NULL)
    fresh = tend_store_get_ticket (self->store, tend_ticket_get_id (ticket), NULL);
  if (fresh == NULL && ticket != NULL)
    fresh = g_object_ref (ticket);

  if (fresh == NULL)
    {
      g_clear_object (&self->ticket);
      if (self->composer != NULL)
        tend_composer_set_ticket (self->composer, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      self->n_messages = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
      return;
    }

  g_set_object (&self->ticket, fresh);
  fill (self, fresh);
  if (self->composer != NULL)
    tend_composer_set_ticket (self->composer, fresh);
  gtk_stack_set_visible_child_name (self->stack, "ticket");

  /* A new ticket is read from its start. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  if (tend_debug_timing () && gtk_widget_get_mapped (GTK_WIDGET (self)) && self->open_paint_id == 0)
    self->open_paint_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)),
                                            "after-paint", G_CALLBACK (on_open_painted), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

TendTicket *
tend_ticket_view_get_ticket (TendTicketView *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_VIEW (self), NULL);

  return self->ticket;
}

guint
tend_ticket_view_get_n_messages (TendTicketView *self)
{
  g_return_val_if_fail (TEND_IS_TICKET_VIEW (self), 0);

  return self->n_messages;
}
