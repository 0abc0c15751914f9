/* tend-application.c: the Tend application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-application"

#include "config.h"

#include <stdlib.h>
#include <glib/gi18n.h>

#include "tend-engine.h"

#include "tend-application.h"
#include "tend-window.h"

struct _TendApplication
{
  AdwApplication  parent_instance;

  /* `tend --db FILE`: a cached database opened as an offline account. */
  TendStore      *offline_store;
};

/* Taken by main() before anything else, so that TEND_DEBUG=timing reports
 * what the agent waits for, process start included. */
static gint64 process_start_us;

G_DEFINE_FINAL_TYPE (TendApplication, tend_application, ADW_TYPE_APPLICATION)

/* Actions the window offers before the feature behind them exists: they
 * are registered so that buttons and menus can name them, but stay disabled
 * (with an explanation on the button) until the accounts work lands. */
static const char * const not_yet_available_actions[] = {
  "add-account",
  "demo",
};

static void
tend_application_quit_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  TendApplication *self = TEND_APPLICATION (user_data);
  GList *windows;

  /* Close instead of destroying: each window saves its state in its
   * close-request handler, and the application exits by itself once the
   * last window is gone. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
}

static void
tend_application_about_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  TendApplication *self = TEND_APPLICATION (user_data);
  const char *developers[] = { _("The Tend developers"), NULL };
  /* Translators: your names, one per line, as "Name <email or URL>". */
  const char *translator_credits = _("translator-credits");
  GtkWindow *parent;
  AdwAboutWindow *about;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", parent != NULL,
                        "application-name", PACKAGE_NAME,
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Tend developers"),
                        "developers", developers,
                        "copyright", _("© 2026 The Tend developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/tenddesk/tend",
                        "issue-url", "https://github.com/tenddesk/tend/issues",
                        NULL);

  /* The msgid itself comes back when nobody has translated it: showing
   * "translator-credits" as a person's name would look broken. */
  if (g_strcmp0 (translator_credits, "translator-credits") != 0)
    adw_about_window_set_translator_credits (about, translator_credits);

  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_entries[] = {
  { .name = "quit", .activate = tend_application_quit_action },
  { .name = "about", .activate = tend_application_about_action },
  /* No handler: these stay disabled until they can do what they say. */
  { .name = "add-account" },
  { .name = "demo" },
};

static int
tend_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  TendApplication *self = TEND_APPLICATION (application);
  g_autofree char *db_path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("tend %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "db", "^ay", &db_path))
    {
      g_autoptr(GError) error = NULL;

      /* Opened here, before any window, so that a wrong path is a clear
       * message on the terminal and an exit status, not an empty window. */
      self->offline_store = tend_store_open_existing (db_path, &error);
      if (self->offline_store == NULL)
        {
          /* Translators: %s is the file name, then the reason. */
          g_printerr (_("Could not open the cache %s: %s\n"), db_path, error->message);
          return EXIT_FAILURE;
        }

      /* A cache under review is its own instance: handing the path to an
       * already running Tend would open it in somebody else's window. */
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (tend_application_parent_class)->handle_local_options (application, options);
}

static void
tend_application_startup (GApplication *application)
{
  TendApplication *self = TEND_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (tend_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_entries, G_N_ELEMENTS (app_entries),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (not_yet_available_actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self),
                                                    not_yet_available_actions[i]);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), FALSE);
    }

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

static void
tend_application_activate (GApplication *application)
{
  TendApplication *self = TEND_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    {
      window = GTK_WINDOW (tend_window_new (self));
      if (self->offline_store != NULL)
        tend_window_show_store (TEND_WINDOW (window), self->offline_store);
    }

  gtk_window_present (window);
}

static void
tend_application_dispose (GObject *object)
{
  TendApplication *self = TEND_APPLICATION (object);

  g_clear_object (&self->offline_store);

  G_OBJECT_CLASS (tend_application_parent_class)->dispose (object);
}

static void
tend_application_class_init (TendApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tend_application_dispose;
  app_class->handle_local_options = tend_application_handle_local_options;
  app_class->startup = tend_application_startup;
  app_class->activate = tend_application_activate;
}

static void
tend_application_init (TendApplication *self)
{
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Tend keeps a local copy of your helpdesk so that you can read, "
                                              "search and answer tickets at local speed, online or offline."));
  g_application_add_main_option (G_APPLICATION (self),
                                 "version", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Show the version and exit"),
                                 NULL);
  g_application_add_main_option (G_APPLICATION (self),
                                 "db", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME,
                                 _("Open a cached helpdesk database as an offline account"),
                                 /* Translators: the placeholder after --db in --help. */
                                 _("FILE"));
}

TendApplication *
tend_application_new (void)
{
  /* resource-base-path is what AdwApplication and GtkApplication use to find
   * style.css, gtk/help-overlay.ui and icons/; it follows the profile. */
  return g_object_new (TEND_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

void
tend_application_set_process_start (gint64 monotonic_us)
{
  process_start_us = monotonic_us;
}

gint64
tend_application_get_process_start (void)
{
  return process_start_us;
}
