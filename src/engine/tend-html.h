/* tend-html.h: plain text of the helpdesk's HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Readable plain text of untrusted HTML (an article body, a comment's
 * html_body), e.g. for "Insert text" into a reply:
 *
 * - whitespace collapses as a browser would, except inside <pre>;
 * - <br> is a line break; paragraphs, headings, block quotes, tables and
 *   lists are separated by a blank line; <div>, <tr> and list items
 *   start a new line;
 * - list items get "• " (or "1. ", "2. " … in an <ol>), indented by two
 *   spaces per nesting level;
 * - <a href="URL">text</a> becomes "text (URL)" (just "URL" when the text
 *   is empty or the URL itself), for http, https and mailto links only:
 *   other schemes (javascript:, data:) keep their text and lose the URL;
 * - <img alt="…"> gives its alt text;
 * - script, style, head, template, noscript and comments are dropped;
 * - character references (&amp;, &#233;, &#x2014;, …) are decoded.
 *
 * Never NULL; the result is valid UTF-8 even when the input is not, with
 * no leading or trailing blank lines and no spaces at line ends. */
char               *tend_html_to_text              (const char   *html);

G_END_DECLS
