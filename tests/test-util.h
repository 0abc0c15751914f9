/* test-util.h: helpers shared by the engine's unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void tend_test_isolate_dirs        (const char  *name);
void tend_test_add_isolated        (const char  *path,
                                    void       (*test) (void));
void tend_test_remove_isolated_dirs (void);

/* Deletes @path and everything under it, without following symbolic
 * links out of it. */
void tend_test_remove_tree         (const char  *path);

G_END_DECLS
