/* test-util.c: helpers shared by the engine's unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "test-util.h"

/* Each test gets empty XDG directories under one temporary root, set up
 * before GLib first reads them. (Not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74
 * leaks the previous paths each time it switches them, which fails the
 * LeakSanitizer run.) */
static char *test_root;

void
tend_test_remove_tree (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          tend_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static const char *xdg_vars[][2] = {
  { "HOME", "home" },
  { "XDG_CONFIG_HOME", "config" },
  { "XDG_DATA_HOME", "data" },
  { "XDG_CACHE_HOME", "cache" },
  { "XDG_STATE_HOME", "state" },
};

/* Points HOME and the XDG directories into a new temporary root named
 * after the test program @name; call it before g_test_init(). */
void
tend_test_isolate_dirs (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("tend-test-%s-XXXXXX", name);

  test_root = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg_vars); i++)
    {
      g_autofree char *path = g_build_filename (test_root, xdg_vars[i][1], NULL);

      g_setenv (xdg_vars[i][0], path, TRUE);
    }
}

static void
run_isolated (gconstpointer test)
{
  for (guint i = 0; i < G_N_ELEMENTS (xdg_vars); i++)
    {
      g_autofree char *path = g_build_filename (test_root, xdg_vars[i][1], NULL);

      tend_test_remove_tree (path);
      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    }

  ((void (*) (void)) test) ();
}

/* Adds @test, to run in empty XDG directories. */
void
tend_test_add_isolated (const char  *path,
                        void       (*test) (void))
{
  g_test_add_data_func (path, (gconstpointer) test, run_isolated);
}

void
tend_test_remove_isolated_dirs (void)
{
  tend_test_remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);
}
