/* tend-html.c: plain text of the helpdesk's HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-html"

#include "config.h"

#include <string.h>

#include "tend-html.h"

/* Named character references worth knowing: what help-center editors and
 * mail clients actually produce. Anything else stays as typed. */
static const struct {
  const char *name;
  gunichar    c;
} entities[] = {
  { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
  { "nbsp", 0xA0 }, { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
  { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 }, { "bull", 0x2022 },
  { "middot", 0xB7 }, { "laquo", 0xAB }, { "raquo", 0xBB }, { "lsaquo", 0x2039 },
  { "rsaquo", 0x203A }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "sbquo", 0x201A },
  { "ldquo", 0x201C }, { "rdquo", 0x201D }, { "bdquo", 0x201E }, { "prime", 0x2032 },
  { "copy", 0xA9 }, { "reg", 0xAE }, { "trade", 0x2122 }, { "euro", 0x20AC },
  { "pound", 0xA3 }, { "yen", 0xA5 }, { "cent", 0xA2 }, { "curren", 0xA4 },
  { "sect", 0xA7 }, { "para", 0xB6 }, { "deg", 0xB0 }, { "plusmn", 0xB1 },
  { "times", 0xD7 }, { "divide", 0xF7 }, { "minus", 0x2212 }, { "frac12", 0xBD },
  { "frac14", 0xBC }, { "frac34", 0xBE }, { "sup1", 0xB9 }, { "sup2", 0xB2 },
  { "sup3", 0xB3 }, { "micro", 0xB5 }, { "iexcl", 0xA1 }, { "iquest", 0xBF },
  { "larr", 0x2190 }, { "uarr", 0x2191 }, { "rarr", 0x2192 }, { "darr", 0x2193 },
  { "harr", 0x2194 }, { "rArr", 0x21D2 }, { "check", 0x2713 }, { "hearts", 0x2665 },
  { "agrave", 0xE0 }, { "aacute", 0xE1 }, { "acirc", 0xE2 }, { "atilde", 0xE3 },
  { "auml", 0xE4 }, { "aring", 0xE5 }, { "aelig", 0xE6 }, { "ccedil", 0xE7 },
  { "egrave", 0xE8 }, { "eacute", 0xE9 }, { "ecirc", 0xEA }, { "euml", 0xEB },
  { "igrave", 0xEC }, { "iacute", 0xED }, { "icirc", 0xEE }, { "iuml", 0xEF },
  { "ntilde", 0xF1 }, { "ograve", 0xF2 }, { "oacute", 0xF3 }, { "ocirc", 0xF4 },
  { "otilde", 0xF5 }, { "ouml", 0xF6 }, { "oslash", 0xF8 }, { "ugrave", 0xF9 },
  { "uacute", 0xFA }, { "ucirc", 0xFB }, { "uuml", 0xFC }, { "yacute", 0xFD },
  { "yuml", 0xFF }, { "szlig", 0xDF }, { "oelig", 0x153 },
  { "Agrave", 0xC0 }, { "Aacute", 0xC1 }, { "Acirc", 0xC2 }, { "Atilde", 0xC3 },
  { "Auml", 0xC4 }, { "Aring", 0xC5 }, { "AElig", 0xC6 }, { "Ccedil", 0xC7 },
  { "Egrave", 0xC8 }, { "Eacute", 0xC9 }, { "Ecirc", 0xCA }, { "Euml", 0xCB },
  { "Igrave", 0xCC }, { "Iacute", 0xCD }, { "Icirc", 0xCE }, { "Iuml", 0xCF },
  { "Ntilde", 0xD1 }, { "Ograve", 0xD2 }, { "Oacute", 0xD3 }, { "Ocirc", 0xD4 },
  { "Otilde", 0xD5 }, { "Ouml", 0xD6 }, { "Oslash", 0xD8 }, { "Ugrave", 0xD9 },
  { "Uacute", 0xDA }, { "Ucirc", 0xDB }, { "Uuml", 0xDC }, { "Yacute", 0xDD },
  { "OElig", 0x152 },
  /* Invisible formatting: nothing to insert into a reply. */
  { "shy", 0 }, { "zwnj", 0 }, { "zwj", 0 }, { "lrm", 0 }, { "rlm", 0 },
};

/* What browsers make of &#128;–&#159;: Windows-1252, which is what the
 * text was really written in (HTML's "numeric character reference end
 * state"). 0 where Windows-1252 has nothing. */
static const gunichar windows_1252[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Elements that separate paragraphs (a blank line) or lines. */
static const char * const paragraph_tags[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
  "dl", "figure", "hr", "address", "fieldset", "form",
};
static const char * const line_tags[] = {
  "div", "tr", "dt", "dd", "section", "article", "header", "footer", "nav",
  "aside", "main", "caption", "figcaption", "details", "summary", "center",
  "tbody", "thead", "tfoot",
};
/* Elements whose whole content is not text anyone reads. */
static const char * const dropped_tags[] = {
  "script", "style", "head", "template", "noscript", "title", "svg", "object",
};

typedef struct
{
  gboolean ordered;
  guint    counter;
} ListLevel;

typedef struct
{
  GString  *out;
  gboolean  pending_space;   /* collapsed whitespace since the last text */
  guint     pending_breaks;  /* line breaks due before the next text */
  guint     pre_depth;
  GArray   *lists;           /* ListLevel, innermost last */
  gboolean  item_start;      /* a bullet was written, no text yet */

  gboolean  in_link;
  char     *href;            /* NULL when the link's URL is not kept */
  gsize     link_start;      /* where the link's text starts in out */
} Html;

typedef struct
{
  char     *name;            /* lower case */
  gboolean  closing;
  char     *href;
  char     *alt;
} Tag;

static void
tag_clear (Tag *tag)
{
  g_clear_pointer (&tag->name, g_free);
  g_clear_pointer (&tag->href, g_free);
  g_clear_pointer (&tag->alt, g_free);
}

static gboolean
is_html_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static gboolean
in_list (const char * const *names,
         gsize               n_names,
         const char         *name)
{
  for (gsize i = 0; i < n_names; i++)
    if (strcmp (names[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* Output */

/* Spaces before a line break are noise in a reply. */
static void
trim_trailing_spaces (Html *h)
{
  gsize len = h->out->len;

  while (len > 0 && h->out->str[len - 1] == ' ')
    len--;
  g_string_truncate (h->out, len);
  if (h->in_link && h->link_start > len)
    h->link_start = len;
}

static void
ensure_breaks (Html  *h,
               guint  n)
{
  guint have = 0;

  /* No blank lines at the top. */
  if (h->out->len == 0)
    return;

  trim_trailing_spaces (h);
  for (gsize i = h->out->len; i > 0 && h->out->str[i - 1] == '\n' && have < n; i--)
    have++;
  for (; have < n; have++)
    g_string_append_c (h->out, '\n');
}

/* Lays down the whitespace that is due before the next piece of text. */
static void
flush (Html *h)
{
  /* "<li><p>text": the paragraph starts on the bullet's line. */
  if (h->item_start)
    {
      h->pending_breaks = 0;
      h->pending_space = FALSE;
      h->item_start = FALSE;
    }

  if (h->pending_breaks > 0)
    ensure_breaks (h, h->pending_breaks);
  else if (h->pending_space && h->out->len > 0)
    {
      char last = h->out->str[h->out->len - 1];

      if (last != ' ' && last != '\n')
        g_string_append_c (h->out, ' ');
    }

  h->pending_breaks = 0;
  h->pending_space = FALSE;
}

static void
request_breaks (Html  *h,
                guint  n)
{
  h->pending_breaks = MAX (h->pending_breaks, n);
  h->pending_space = FALSE;
}

static void
put_char (Html     *h,
          gunichar  c)
{
  if (h->pre_depth == 0 && is_html_space (c))
    {
      h->pending_space = TRUE;
      return;
    }

  if (c == '\r')
    return;

  flush (h);
  g_string_append_unichar (h->out, c);
}

static void
put_text (Html       *h,
          const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    put_char (h, g_utf8_get_char (p));
}

/* Character references */

/* Decodes the reference at p (which points at '&'). Returns where the text
 * continues, or NULL when this '&' is just an ampersand. *c is 0 for a
 * reference that stands for nothing visible. */
static const char *
decode_reference (const char *p,
                  gunichar   *c)
{
  const char *semi;
  gsize len;

  semi = p + 1;
  while (*semi != '\0' && *semi != ';' && semi - p <= 32 &&
         (g_ascii_isalnum (*semi) || *semi == '#'))
    semi++;
  if (*semi != ';' || semi == p + 1)
    return NULL;

  len = semi - (p + 1);
  if (p[1] == '#')
    {
      gboolean hex = p[2] == 'x' || p[2] == 'X';
      const char *digits = hex ? p + 3 : p + 2;
      guint64 cp = 0;

      if (digits == semi)
        return NULL;
      for (const char *d = digits; d < semi; d++)
        {
          int v = hex ? g_ascii_xdigit_value (*d) : g_ascii_digit_value (*d);

          if (v < 0)
            return NULL;
          if (cp <= 0x10FFFF)
            cp = cp * (hex ? 16 : 10) + v;
        }

      if (cp >= 0x80 && cp <= 0x9F)
        *c = windows_1252[cp - 0x80];
      else if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        *c = 0xFFFD;
      else if (cp < 0x20 && !is_html_space ((gunichar) cp))
        *c = 0;
      else
        *c = (gunichar) cp;
      return semi + 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      if (strlen (entities[i].name) == len && strncmp (p + 1, entities[i].name, len) == 0)
        {
          *c = entities[i].c;
          return semi + 1;
        }
    }

  return NULL;
}

/* An attribute value with its references decoded. */
static char *
decode_attribute (const char *value,
                  gsize       len)
{
  g_autofree char *raw = g_strndup (value, len);
  GString *out = g_string_sized_new (len);

  for (const char *p = raw; *p != '\0';)
    {
      gunichar c = 0;
      const char *next = *p == '&' ? decode_reference (p, &c) : NULL;

      if (next != NULL)
        {
          if (c != 0)
            g_string_append_unichar (out, c);
          p = next;
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* Tags */

/* Parses the tag at p ('<' followed by a letter, or "</" and a letter).
 * Returns the character after its '>', or NULL when the tag never ends. */
static const char *
parse_tag (const char *p,
           Tag        *tag)
{
  const char *name;
  gsize name_len = 0;

  p++;
  if (*p == '/')
    {
      tag->closing = TRUE;
      p++;
    }

  name = p;
  while (g_ascii_isalnum (name[name_len]) || name[name_len] == '-' || name[name_len] == ':')
    name_len++;
  tag->name = g_ascii_strdown (name, name_len);
  p = name + name_len;

  for (;;)
    {
      const char *attr;
      gsize attr_len = 0;
      const char *value = NULL;
      gsize value_len = 0;

      while (g_ascii_isspace (*p) || *p == '/')
        p++;
      if (*p == '\0')
        return NULL;
      if (*p == '>')
        return p + 1;

      attr = p;
      while (*p != '\0' && !g_ascii_isspace (*p) && *p != '=' && *p != '>' && *p != '/')
        p++;
      attr_len = p - attr;
      if (attr_len == 0)
        {
          /* A stray '=' or the like: step over it. */
          p++;
          continue;
        }

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '=')
        {
          p++;
          while (g_ascii_isspace (*p))
            p++;
          if (*p == '"' || *p == '\'')
            {
              char quote = *p++;
              const char *end = strchr (p, quote);

              if (end == NULL)
                return NULL;
              value = p;
              value_len = end - p;
              p = end + 1;
            }
          else
            {
              value = p;
              while (*p != '\0' && !g_ascii_isspace (*p) && *p != '>')
                p++;
              value_len = p - value;
            }
        }

      if (value != NULL && attr_len == 4 && g_ascii_strncasecmp (attr, "href", 4) == 0 && tag->href == NULL)
        tag->href = decode_attribute (value, value_len);
      else if (value != NULL && attr_len == 3 && g_ascii_strncasecmp (attr, "alt", 3) == 0 && tag->alt == NULL)
        tag->alt = decode_attribute (value, value_len);
    }
}

/* Where the content of a dropped element ends: after its closing tag, or
 * at the end of the text when it has none. */
static const char *
skip_element (const char *p,
              const char *name)
{
  gsize name_len = strlen (name);

  for (const char *q = strchr (p, '<'); q != NULL; q = strchr (q + 1, '<'))
    {
      if (q[1] == '/' && g_ascii_strncasecmp (q + 2, name, name_len) == 0 &&
          !g_ascii_isalnum (q[2 + name_len]))
        {
          const char *end = strchr (q, '>');

          return end != NULL ? end + 1 : q + strlen (q);
        }
    }

  return p + strlen (p);
}

/* Only links an agent may want to pass on survive; a javascript: or data:
 * address in a reply helps nobody. */
static gboolean
is_kept_url (const char *url)
{
  return g_ascii_strncasecmp (url, "http://", 7) == 0 ||
         g_ascii_strncasecmp (url, "https://", 8) == 0 ||
         g_ascii_strncasecmp (url, "mailto:", 7) == 0;
}

static void
end_link (Html *h)
{
  g_autofree char *text = NULL;
  const char *href = h->href;

  if (!h->in_link)
    return;
  h->in_link = FALSE;

  if (href == NULL)
    return;

  text = g_strstrip (g_strdup (h->out->str + MIN (h->link_start, h->out->len)));
  if (text[0] == '\0')
    put_text (h, href);
  else if (strcmp (text, href) != 0 &&
           !(g_ascii_strncasecmp (href, "mailto:", 7) == 0 && strcmp (href + 7, text) == 0) &&
           !(g_ascii_strncasecmp (href, "https://", 8) == 0 && strcmp (href + 8, text) == 0) &&
           !(g_ascii_strncasecmp (href, "http://", 7) == 0 && strcmp (href + 7, text) == 0))
    {
      gboolean space = h->pending_space;

      /* Right after the text, whatever whitespace followed it inside. */
      h->pending_space = FALSE;
      g_string_append (h->out, " (");
      g_string_append (h->out, href);
      g_string_append_c (h->out, ')');
      h->pending_space = space;
    }

  g_clear_pointer (&h->href, g_free);
}

static void
start_link (Html       *h,
            const char *href)
{
  g_autofree char *url = href != NULL ? g_strstrip (g_strdup (href)) : NULL;

  end_link (h);

  /* An anchor without an address is just its text. */
  if (url == NULL || !is_kept_url (url))
    return;

  /* Whitespace due before the text may land after link_start: the text
   * is stripped when the link ends. */
  h->in_link = TRUE;
  h->href = g_steal_pointer (&url);
  h->link_start = h->out->len;
}

static void
start_list_item (Html *h)
{
  ListLevel *level;
  guint depth = h->lists->len;

  if (depth == 0)
    {
      ListLevel implicit = { FALSE, 0 };

      g_array_append_val (h->lists, implicit);
      depth = 1;
    }
  level = &g_array_index (h->lists, ListLevel, depth - 1);
  level->counter++;

  h->item_start = FALSE;
  request_breaks (h, 1);
  flush (h);
  for (guint i = 1; i < depth; i++)
    g_string_append (h->out, "  ");
  if (level->ordered)
    g_string_append_printf (h->out, "%u. ", level->counter);
  else
    g_string_append (h->out, "• ");
  h->item_start = TRUE;
}

static void
handle_tag (Html      *h,
            const Tag *tag)
{
  const char *name = tag->name;

  if (strcmp (name, "br") == 0)
    {
      flush (h);
      trim_trailing_spaces (h);
      if (h->out->len > 0)
        g_string_append_c (h->out, '\n');
      return;
    }

  if (strcmp (name, "a") == 0)
    {
      if (tag->closing)
        end_link (h);
      else
        start_link (h, tag->href);
      return;
    }

  if (strcmp (name, "img") == 0)
    {
      if (tag->alt != NULL && tag->alt[0] != '\0')
        {
          put_char (h, ' ');
          put_text (h, tag->alt);
          put_char (h, ' ');
        }
      return;
    }

  if (strcmp (name, "ul") == 0 || strcmp (name, "ol") == 0 || strcmp (name, "menu") == 0)
    {
      if (tag->closing && h->lists->len > 0)
        g_array_set_size (h->lists, h->lists->len - 1);

      /* A list inside a list item is part of that item: one line break. */
      request_breaks (h, h->lists->len > 0 ? 1 : 2);

      if (!tag->closing)
        {
          ListLevel level = { strcmp (name, "ol") == 0, 0 };

          g_array_append_val (h->lists, level);
        }
      return;
    }

  if (strcmp (name, "li") == 0)
    {
      if (tag->closing)
        request_breaks (h, 1);
      else
        start_list_item (h);
      return;
    }

  if (strcmp (name, "td") == 0 || strcmp (name, "th") == 0)
    {
      put_char (h, ' ');
      return;
    }

  if (strcmp (name, "pre") == 0)
    {
      request_breaks (h, 2);
      if (!tag->closing)
        h->pre_depth++;
      else if (h->pre_depth > 0)
        h->pre_depth--;
      return;
    }

  if (in_list (paragraph_tags, G_N_ELEMENTS (paragraph_tags), name))
    {
      /* Inside a list item, a paragraph is a new line of the item. */
      request_breaks (h, h->lists->len > 0 ? 1 : 2);
      return;
    }

  if (in_list (line_tags, G_N_ELEMENTS (line_tags), name))
    request_breaks (h, 1);
}

/* Lines without trailing spaces, at most one blank line in a row, none at
 * either end. */
static char *
tidy (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_sized_new (strlen (text));
  guint blank = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);

      if (line[0] == '\0')
        {
          blank++;
          continue;
        }

      if (out->len > 0)
        g_string_append (out, blank > 0 ? "\n\n" : "\n");
      g_string_append (out, line);
      blank = 0;
    }

  return g_string_free (out, FALSE);
}

char *
tend_html_to_text (const char *html)
{
  g_autofree char *valid = NULL;
  Html h = { 0 };
  const char *p;

  if (html == NULL)
    return g_strdup ("");

  /* The helpdesk's bytes are untrusted: decode them as UTF-8, whatever
   * they are. */
  valid = g_utf8_make_valid (html, -1);

  h.out = g_string_sized_new (strlen (valid));
  h.lists = g_array_new (FALSE, FALSE, sizeof (ListLevel));

  p = valid;
  while (*p != '\0')
    {
      if (*p == '<')
        {
          if (g_str_has_prefix (p, "<!--"))
            {
              const char *end = strstr (p + 4, "-->");

              p = end != NULL ? end + 3 : p + strlen (p);
              continue;
            }

          if (p[1] == '!' || p[1] == '?')
            {
              const char *end = strchr (p, '>');

              p = end != NULL ? end + 1 : p + strlen (p);
              continue;
            }

          if (g_ascii_isalpha (p[1]) || (p[1] == '/' && g_ascii_isalpha (p[2])))
            {
              Tag tag = { 0 };
              const char *next = parse_tag (p, &tag);

              /* An unfinished tag at the end swallows the rest, as in a
               * browser. */
              if (next == NULL)
                {
                  tag_clear (&tag);
                  break;
                }
              p = next;

              if (!tag.closing && in_list (dropped_tags, G_N_ELEMENTS (dropped_tags), tag.name))
                p = skip_element (p, tag.name);
              else
                handle_tag (&h, &tag);

              tag_clear (&tag);
              continue;
            }

          /* "a < b": a lone '<' is text. */
        }

      if (*p == '&')
        {
          gunichar c = 0;
          const char *next = decode_reference (p, &c);

          if (next != NULL)
            {
              /* A no-break space is text, not collapsible whitespace. */
              if (c == 0xA0)
                {
                  flush (&h);
                  g_string_append_c (h.out, ' ');
                }
              else if (c != 0)
                put_char (&h, c);
              p = next;
              continue;
            }
        }

      put_char (&h, g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }

  end_link (&h);
  g_array_unref (h.lists);
  g_free (h.href);

  {
    g_autofree char *raw = g_string_free (h.out, FALSE);

    return tidy (raw);
  }
}
