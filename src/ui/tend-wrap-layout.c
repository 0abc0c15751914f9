/* tend-wrap-layout.c: children side by side, wrapping to new lines
 *
 * For the chips of a ticket's header (status, priority, assignee, tags):
 * each at its natural width, left to right, on as many lines as the width
 * needs. GtkFlowBox lines its children up in columns, which leaves uneven
 * gaps between chips of different widths; libadwaita 1.2 has no wrap box.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-wrap-layout"

#include "config.h"

#include "tend-wrap-layout.h"

struct _TendWrapLayout
{
  GtkLayoutManager parent_instance;

  int              spacing;
};

G_DEFINE_FINAL_TYPE (TendWrapLayout, tend_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

static void
child_size (GtkWidget *child,
            int       *width,
            int       *height)
{
  int min_width, nat_width, min_height, nat_height;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
  *width = nat_width;
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, nat_width, &min_height, &nat_height, NULL, NULL);
  *height = nat_height;
}

/* Lays the children out in @width (or on one line when @width < 0) and
 * returns the height that takes; with @allocate, also places them. */
static int
layout (TendWrapLayout *self,
        GtkWidget      *widget,
        int             width,
        gboolean        allocate)
{
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int x = 0;
  int y = 0;
  int line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width, child_height;

      if (!gtk_widget_should_layout (child))
        continue;

      child_size (child, &child_width, &child_height);
      if (width >= 0)
        child_width = MIN (child_width, width);

      if (width >= 0 && x > 0 && x + child_width > width)
        {
          x = 0;
          y += line_height + self->spacing;
          line_height = 0;
        }

      if (allocate)
        gtk_widget_size_allocate (child,
                                  &(GtkAllocation) {
                                    rtl ? width - x - child_width : x, y,
                                    child_width, child_height
                                  }, -1);

      x += child_width + self->spacing;
      line_height = MAX (line_height, child_height);
    }

  return y + line_height;
}

static GtkSizeRequestMode
tend_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                   GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
tend_wrap_layout_measure (GtkLayoutManager *manager,
                          GtkWidget        *widget,
                          GtkOrientation    orientation,
                          int               for_size,
                          int              *minimum,
                          int              *natural,
                          int              *minimum_baseline,
                          int              *natural_baseline)
{
  TendWrapLayout *self = TEND_WRAP_LAYOUT (manager);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int min = 0;
      int nat = 0;
      int n = 0;

      /* Narrowest: the widest child alone; natural: all on one line. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;

          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          min = MAX (min, child_min);
          nat += child_nat;
          n++;
        }

      *minimum = min;
      *natural = nat + MAX (0, n - 1) * self->spacing;
    }
  else
    {
      *minimum = *natural = layout (self, widget, for_size, FALSE);
    }
}

static void
tend_wrap_layout_allocate (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           int               width,
                           int               height,
                           int               baseline)
{
  layout (TEND_WRAP_LAYOUT (manager), widget, width, TRUE);
}

static void
tend_wrap_layout_class_init (TendWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->get_request_mode = tend_wrap_layout_get_request_mode;
  manager_class->measure = tend_wrap_layout_measure;
  manager_class->allocate = tend_wrap_layout_allocate;
}

static void
tend_wrap_layout_init (TendWrapLayout *self)
{
  self->spacing = 6;
}

GtkLayoutManager *
tend_wrap_layout_new (int spacing)
{
  TendWrapLayout *self = g_object_new (TEND_TYPE_WRAP_LAYOUT, NULL);

  self->spacing = MAX (0, spacing);

  return GTK_LAYOUT_MANAGER (self);
}
