/* tendctl-insights.h: `tendctl customer`, `kb`, `similar`, `bench insights`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `tendctl customer EMAIL|ID`: the customer 360 as text. */
int                 tendctl_customer_main            (int            argc,
                                                      char         **argv);
/* `tendctl kb QUERY…`, `kb --suggest ID`, `kb --show ARTICLE`. */
int                 tendctl_kb_main                  (int            argc,
                                                      char         **argv);
/* `tendctl similar ID`: solved tickets like it, and how they were solved. */
int                 tendctl_similar_main             (int            argc,
                                                      char         **argv);
/* `tendctl bench insights …`, argv[0] being the program and then its
 * options; db_path is the global --db (NULL when absent). */
int                 tendctl_bench_insights           (const char    *db_path,
                                                      int            argc,
                                                      char         **argv);

G_END_DECLS
