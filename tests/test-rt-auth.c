/* test-rt-auth.c: telling a Request Tracker auth token from a password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-rt-auth"

#include "config.h"

#include "tend-engine.h"
#include "tend-rt-backend.h"

static void
test_rt_auth_for_secret (void)
{
  /* As RT 5's RT::AuthToken makes them: "1-<owner id>-<32 hex digits>". */
  g_assert_cmpint (tend_rt_auth_for_secret ("1-14-0123456789abcdef0123456789abcdef"), ==, TEND_RT_AUTH_TOKEN);
  g_assert_cmpint (tend_rt_auth_for_secret ("1-27-00000000000000000000000000000000"), ==, TEND_RT_AUTH_TOKEN);
  g_assert_cmpint (tend_rt_auth_for_secret ("1-123456-ABCDEF0123456789ABCDEF0123456789"), ==, TEND_RT_AUTH_TOKEN);

  /* Anything else is the agent's password. */
  g_assert_cmpint (tend_rt_auth_for_secret ("hunter2"), ==, TEND_RT_AUTH_PASSWORD);
  g_assert_cmpint (tend_rt_auth_for_secret (""), ==, TEND_RT_AUTH_PASSWORD);
  /* One hex digit short, one too many, not hex, missing the owner. */
  g_assert_cmpint (tend_rt_auth_for_secret ("1-14-0123456789abcdef0123456789abcde"), ==, TEND_RT_AUTH_PASSWORD);
  g_assert_cmpint (tend_rt_auth_for_secret ("1-14-0123456789abcdef0123456789abcdef0"), ==, TEND_RT_AUTH_PASSWORD);
  g_assert_cmpint (tend_rt_auth_for_secret ("1-14-0123456789abcdef0123456789abcdeg"), ==, TEND_RT_AUTH_PASSWORD);
  g_assert_cmpint (tend_rt_auth_for_secret ("1--0123456789abcdef0123456789abcdef"), ==, TEND_RT_AUTH_PASSWORD);
  /* A token with something around it is not a token. */
  g_assert_cmpint (tend_rt_auth_for_secret (" 1-14-0123456789abcdef0123456789abcdef"), ==, TEND_RT_AUTH_PASSWORD);
  g_assert_cmpint (tend_rt_auth_for_secret ("token 1-14-0123456789abcdef0123456789abcdef"), ==, TEND_RT_AUTH_PASSWORD);
  g_assert_cmpint (tend_rt_auth_for_secret ("1-14-0123456789abcdef0123456789abcdef\n"), ==, TEND_RT_AUTH_PASSWORD);
}

/* The backend signs in the way the secret says. */
static void
test_rt_auth_backend (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TendRtBackend) by_token = NULL;
  g_autoptr(TendRtBackend) by_password = NULL;
  const char *token = "1-14-0123456789abcdef0123456789abcdef";

  by_token = tend_rt_backend_new ("https://rt.example.com/rt/REST/2.0/", NULL, token,
                                  tend_rt_auth_for_secret (token), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tend_rt_backend_get_web_url (by_token), ==, "https://rt.example.com/rt");

  /* A password needs the user name; a token names its owner. */
  g_assert_null (tend_rt_backend_new ("https://rt.example.com", NULL, "hunter2",
                                      tend_rt_auth_for_secret ("hunter2"), &error));
  g_assert_error (error, TEND_ERROR, TEND_ERROR_INVALID);
  g_clear_error (&error);
  by_password = tend_rt_backend_new ("https://rt.example.com", "agent", "hunter2",
                                     tend_rt_auth_for_secret ("hunter2"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (by_password);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rt/auth/for-secret", test_rt_auth_for_secret);
  g_test_add_func ("/rt/auth/backend", test_rt_auth_backend);

  return g_test_run ();
}
