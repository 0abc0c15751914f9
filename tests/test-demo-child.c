/* test-demo-child.c: the demo helpdesk as a child process, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by test-sync and test-outbox.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "tend-http.h"
#include "test-demo-child.h"

void
test_demo_stop (TestDemo *demo)
{
  if (demo->process != NULL)
    {
      g_subprocess_force_exit (demo->process);
      g_subprocess_wait (demo->process, NULL, NULL);
    }
  g_clear_object (&demo->process);
}

void
test_demo_free (TestDemo *demo)
{
  test_demo_stop (demo);
  g_clear_object (&demo->control);
  g_free (demo->url);
  g_free (demo->email);
  g_free (demo->token);
  g_free (demo);
}

/* A test that aborts must not leave its helpdesk running (and holding
 * the test runner's pipes open). */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

TestDemo *
test_demo_start (TestDemo   *demo,
                 guint       n_tickets,
                 guint       seed,
                 gint64      anchor,
                 const char *role,
                 const char *faults)
{
  const char *program = g_getenv ("TEND_DEMO_SERVER");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;

  g_assert_nonnull (program);
  if (demo == NULL)
    demo = g_new0 (TestDemo, 1);

  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup_printf ("--tickets=%u", n_tickets));
  g_ptr_array_add (argv, g_strdup_printf ("--seed=%u", seed));
  g_ptr_array_add (argv, g_strdup_printf ("--anchor=%" G_GINT64_FORMAT, anchor));
  g_ptr_array_add (argv, g_strdup ("--rate-limit=0"));
  /* 0, the first time: any free port. */
  g_ptr_array_add (argv, g_strdup_printf ("--port=%u", demo->port));
  if (role != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--role=%s", role));
  if (faults != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--faults=%s", faults));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  demo->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (demo->process));
  /* Debug output (G_MESSAGES_DEBUG) may come first. */
  do
    {
      g_free (line);
      line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
    }
  while (!g_str_has_prefix (line, "url="));

  g_clear_pointer (&demo->url, g_free);
  g_clear_pointer (&demo->email, g_free);
  g_clear_pointer (&demo->token, g_free);
  words = g_strsplit (line, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_str_has_prefix (words[i], "url="))
        demo->url = g_strdup (words[i] + 4);
      else if (g_str_has_prefix (words[i], "email="))
        demo->email = g_strdup (words[i] + 6);
      else if (g_str_has_prefix (words[i], "token="))
        demo->token = g_strdup (words[i] + 6);
    }
  g_assert_nonnull (demo->url);
  g_assert_nonnull (demo->email);
  g_assert_nonnull (demo->token);
  g_assert_true (g_str_has_prefix (demo->url, "http://127.0.0.1:"));
  demo->port = (guint) g_ascii_strtoull (strrchr (demo->url, ':') + 1, NULL, 10);
  g_assert_cmpuint (demo->port, >, 0);

  if (demo->control == NULL)
    demo->control = soup_session_new ();
  return demo;
}

GBytes *
test_demo_control (TestDemo   *demo,
                   const char *method,
                   const char *path,
                   const char *body)
{
  g_autofree char *url = g_strconcat (demo->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "text/plain", bytes);
    }
  answer = soup_session_send_and_read (demo->control, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);
  return answer;
}

void
test_demo_set_faults (TestDemo   *demo,
                      const char *spec)
{
  g_autoptr(GBytes) answer = test_demo_control (demo, spec != NULL ? "POST" : "DELETE",
                                                "/__faults", spec);
}

gint64
test_demo_stat (TestDemo   *demo,
                const char *name)
{
  g_autoptr(GBytes) answer = test_demo_control (demo, "GET", "/__stats", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (answer, &length);

  root = tend_http_parse_json (data, length, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (root), name);
}

gint64
test_demo_live_step (TestDemo *demo)
{
  g_autoptr(GBytes) answer = test_demo_control (demo, "POST", "/__live", NULL);
  g_autoptr(JsonNode) root = NULL;
  gsize length;
  const char *data = g_bytes_get_data (answer, &length);

  root = tend_http_parse_json (data, length, NULL);
  g_assert_nonnull (root);
  return json_object_get_int_member (json_node_get_object (root), "ticket_id");
}

TendZendeskBackend *
test_demo_backend (TestDemo   *demo,
                   const char *token)
{
  g_autoptr(GError) error = NULL;
  TendZendeskBackend *backend;

  backend = tend_zendesk_backend_new (demo->url, demo->email,
                                      token != NULL ? token : demo->token, &error);
  g_assert_no_error (error);
  return backend;
}
