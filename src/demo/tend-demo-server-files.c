/* tend-demo-server-files.c: the demo helpdesk's files: profile photos and
 * attachment contents, drawn when asked for
 *
 * The generator only describes attachments (name, type, size) and gives
 * users no photos. Here they get addresses on this server, as paths
 * (the data must not depend on the port: the same seed gives the same
 * answers after a restart), which Tend resolves against the helpdesk's
 * address. The server makes up their contents on request, the same bytes
 * every time: abstract
 * avatars and screenshots drawn with cairo, PDFs with cairo's PDF
 * surface, log text, and noise for the types nothing here can draw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tend-demo-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>

#include "tend-demo-server-private.h"

#define PHOTO_SIZE        192
/* Noise for the types that cannot be drawn stops here. */
#define MAX_NOISE_BYTES   (8 * 1024 * 1024)
#define MAX_TEXT_BYTES    (256 * 1024)

/* Who gets a photo: most customers of a real helpdesk have none. */
static gboolean
user_has_photo (TendUser *user)
{
  return tend_user_get_role (user) != TEND_USER_ROLE_END_USER ||
         tend_user_get_id (user) % 3 != 0;
}

void
_tend_demo_server_dress (TendDemoServer *self,
                         TendChangeset  *changes)
{
  if (self->attachments == NULL)
    self->attachments = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  for (guint i = 0; i < changes->users->len; i++)
    {
      TendUser *user = g_ptr_array_index (changes->users, i);

      if (user_has_photo (user))
        {
          g_autofree char *url = g_strdup_printf ("/system/photos/%" G_GINT64_FORMAT ".png",
                                                  tend_user_get_id (user));

          tend_user_set_photo_url (user, url);
        }
    }

  for (guint i = 0; i < changes->comments->len; i++)
    {
      GPtrArray *attachments = tend_comment_get_attachments (g_ptr_array_index (changes->comments, i));

      for (guint j = 0; j < attachments->len; j++)
        {
          TendAttachment *attachment = g_ptr_array_index (attachments, j);
          const char *name = tend_attachment_get_file_name (attachment);
          g_autofree char *escaped = g_uri_escape_string (name != NULL ? name : "file", NULL, FALSE);
          g_autofree char *url = NULL;
          gint64 *key = g_new (gint64, 1);

          *key = tend_attachment_get_id (attachment);
          url = g_strdup_printf ("/attachments/token/%" G_GINT64_FORMAT "/?name=%s", *key, escaped);
          tend_attachment_set_content_url (attachment, url);
          g_hash_table_replace (self->attachments, key, g_object_ref (attachment));
        }
    }
}

/* Drawing */

typedef struct
{
  double r, g, b;
} Colour;

/* GNOME's palette, so the avatars sit well next to libadwaita. */
static const Colour palette[] = {
  { 0.21, 0.52, 0.89 }, { 0.15, 0.64, 0.41 }, { 0.96, 0.76, 0.07 },
  { 0.90, 0.38, 0.00 }, { 0.75, 0.11, 0.16 }, { 0.57, 0.25, 0.67 },
  { 0.39, 0.27, 0.18 }, { 0.13, 0.56, 0.62 }, { 0.85, 0.30, 0.55 },
};

static guint32
mix (guint64 *state)
{
  /* splitmix64: the same picture for the same id, on every machine. */
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return (guint32) ((z ^ (z >> 31)) >> 16);
}

static const Colour *
pick_colour (guint64 *state)
{
  return &palette[mix (state) % G_N_ELEMENTS (palette)];
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
surface_to_png (cairo_surface_t *surface)
{
  GByteArray *array = g_byte_array_new ();

  cairo_surface_write_to_png_stream (surface, append_to_array, array);
  return g_byte_array_free_to_bytes (array);
}

GBytes *
_tend_demo_draw_photo (gint64 user_id)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PHOTO_SIZE, PHOTO_SIZE);
  cairo_t *cr = cairo_create (surface);
  guint64 state = (guint64) user_id * 7919;
  const Colour *bg = pick_colour (&state);
  const Colour *fg = pick_colour (&state);
  cairo_pattern_t *gradient;
  GBytes *bytes;
  guint shapes = 3 + mix (&state) % 3;

  gradient = cairo_pattern_create_linear (0, 0, PHOTO_SIZE, PHOTO_SIZE);
  cairo_pattern_add_color_stop_rgb (gradient, 0, bg->r, bg->g, bg->b);
  cairo_pattern_add_color_stop_rgb (gradient, 1, bg->r * 0.55, bg->g * 0.55, bg->b * 0.55);
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_pattern_destroy (gradient);

  for (guint i = 0; i < shapes; i++)
    {
      double x = mix (&state) % PHOTO_SIZE;
      double y = mix (&state) % PHOTO_SIZE;
      double radius = PHOTO_SIZE * (0.15 + (mix (&state) % 100) / 250.0);
      const Colour *c = i == 0 ? fg : pick_colour (&state);

      cairo_set_source_rgba (cr, c->r, c->g, c->b, 0.55 + (mix (&state) % 40) / 100.0);
      if (mix (&state) % 2 == 0)
        cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
      else
        {
          cairo_save (cr);
          cairo_translate (cr, x, y);
          cairo_rotate (cr, (mix (&state) % 360) * G_PI / 180);
          cairo_rectangle (cr, -radius, -radius / 2, radius * 2, radius);
          cairo_restore (cr);
        }
      cairo_fill (cr);
    }

  /* A light "head and shoulders", so it reads as a portrait. */
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_arc (cr, PHOTO_SIZE / 2.0, PHOTO_SIZE * 0.40, PHOTO_SIZE * 0.17, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_arc (cr, PHOTO_SIZE / 2.0, PHOTO_SIZE * 1.02, PHOTO_SIZE * 0.38, G_PI, 2 * G_PI);
  cairo_fill (cr);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = surface_to_png (surface);
  cairo_surface_destroy (surface);
  return bytes;
}

/* A screenshot of a made-up app with an error dialog. */
static GBytes *
draw_screenshot (gint64 id)
{
  const int width = 800;
  const int height = 500;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  guint64 state = (guint64) id;
  const Colour *accent = pick_colour (&state);
  GBytes *bytes;

  cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
  cairo_rectangle (cr, 0, 0, width, 46);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, accent->r, accent->g, accent->b);
  cairo_rectangle (cr, 0, 46, 180, height - 46);
  cairo_fill (cr);

  for (int i = 0; i < 8; i++)
    {
      cairo_set_source_rgb (cr, 0.86, 0.86, 0.86);
      cairo_rectangle (cr, 210, 80 + i * 44, 300 + mix (&state) % 250, 18);
      cairo_fill (cr);
    }

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 250, 170, 320, 150);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 18);
  cairo_move_to (cr, 270, 205);
  cairo_show_text (cr, "Something went wrong");
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 14);
  cairo_move_to (cr, 270, 240);
  {
    char line[64];

    g_snprintf (line, sizeof line, "Error code E-%04u. Please try again.", mix (&state) % 10000);
    cairo_show_text (cr, line);
  }

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = surface_to_png (surface);
  cairo_surface_destroy (surface);
  return bytes;
}

static GBytes *
draw_pdf (gint64      id,
          const char *name)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_array, array, 595, 842);
  cairo_t *cr = cairo_create (surface);
  guint64 state = (guint64) id;
  char line[128];
  double total = 0;

  /* Not today's date: the same bytes every time. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, "2024-03-14T10:00:00");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tend demo helpdesk");
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 24);
  cairo_move_to (cr, 60, 90);
  cairo_show_text (cr, g_str_has_prefix (name, "receipt") ? "Receipt" : "Invoice");
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  g_snprintf (line, sizeof line, "No. %" G_GINT64_FORMAT, id);
  cairo_move_to (cr, 60, 120);
  cairo_show_text (cr, line);

  for (int i = 0; i < 5; i++)
    {
      double amount = (mix (&state) % 20000) / 100.0;

      total += amount;
      g_snprintf (line, sizeof line, "Item %d", i + 1);
      cairo_move_to (cr, 60, 180 + i * 24);
      cairo_show_text (cr, line);
      g_snprintf (line, sizeof line, "%.2f EUR", amount);
      cairo_move_to (cr, 430, 180 + i * 24);
      cairo_show_text (cr, line);
    }
  g_snprintf (line, sizeof line, "Total  %.2f EUR", total);
  cairo_move_to (cr, 380, 320);
  cairo_show_text (cr, line);

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (array);
}

static GBytes *
make_log (gint64 id,
          gsize  size)
{
  static const char * const messages[] = {
    "INFO  sync started", "WARN  retrying request (timeout)", "ERROR payment declined: code 51",
    "INFO  user signed in", "DEBUG cache hit", "ERROR could not open file: permission denied",
  };
  GString *text = g_string_new (NULL);
  guint64 state = (guint64) id;
  guint n = 0;

  size = MIN (MAX (size, 200), MAX_TEXT_BYTES);
  for (; text->len < size; n++)
    g_string_append_printf (text, "2024-03-14 10:%02u:%02u %s\n", (n / 60) % 60, n % 60,
                            messages[mix (&state) % G_N_ELEMENTS (messages)]);
  return g_string_free_to_bytes (text);
}

static GBytes *
make_noise (gint64 id,
            gsize  size)
{
  guint64 state = (guint64) id;
  gsize n = MIN (size, MAX_NOISE_BYTES);
  guint32 *data = g_malloc ((n + 3) / 4 * 4);

  for (gsize i = 0; i < (n + 3) / 4; i++)
    data[i] = mix (&state) ^ (mix (&state) << 16);
  return g_bytes_new_take (data, n);
}

GBytes *
_tend_demo_draw_attachment (TendAttachment *attachment)
{
  const char *type = tend_attachment_get_content_type (attachment);
  const char *name = tend_attachment_get_file_name (attachment);
  gint64 id = tend_attachment_get_id (attachment);
  gsize size = (gsize) MAX (tend_attachment_get_size (attachment), 0);

  if (g_strcmp0 (type, "image/png") == 0 || g_strcmp0 (type, "image/jpeg") == 0)
    return draw_screenshot (id);
  if (g_strcmp0 (type, "application/pdf") == 0)
    return draw_pdf (id, name != NULL ? name : "");
  if (type != NULL && g_str_has_prefix (type, "text/"))
    return make_log (id, size);
  return make_noise (id, size);
}

/* Serving */

static void
respond_file (SoupServerMessage *msg,
              guint              status,
              const char        *content_type,
              GBytes            *bytes)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Content-Type", content_type);
  if (bytes != NULL)
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

gboolean
_tend_demo_files_handle (TendDemoServer    *self,
                         SoupServerMessage *msg,
                         const char        *path)
{
  const char *rest;
  char *end = NULL;
  gint64 id;

  if (g_str_has_prefix (path, "/system/photos/"))
    {
      TendUser *user;

      rest = path + strlen ("/system/photos/");
      id = g_ascii_strtoll (rest, &end, 10);
      user = end != rest && g_strcmp0 (end, ".png") == 0 ?
             g_hash_table_lookup (self->users, &id) : NULL;
      if (user == NULL || tend_user_get_photo_url (user) == NULL)
        respond_file (msg, SOUP_STATUS_NOT_FOUND, "text/plain", NULL);
      else
        {
          g_autoptr(GBytes) bytes = _tend_demo_draw_photo (id);

          respond_file (msg, SOUP_STATUS_OK, "image/png", bytes);
        }
      return TRUE;
    }

  if (g_str_has_prefix (path, "/attachments/token/"))
    {
      TendAttachment *attachment;

      rest = path + strlen ("/attachments/token/");
      id = g_ascii_strtoll (rest, &end, 10);
      attachment = end != rest && (*end == '/' || *end == '\0') && self->attachments != NULL ?
                   g_hash_table_lookup (self->attachments, &id) : NULL;
      if (attachment == NULL)
        respond_file (msg, SOUP_STATUS_NOT_FOUND, "text/plain", NULL);
      else
        {
          g_autoptr(GBytes) bytes = _tend_demo_draw_attachment (attachment);
          const char *type = tend_attachment_get_content_type (attachment);

          respond_file (msg, SOUP_STATUS_OK, type != NULL ? type : "application/octet-stream", bytes);
        }
      return TRUE;
    }

  return FALSE;
}
