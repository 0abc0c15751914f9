/* tend-generator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tend-generator"

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "tend-generator.h"
#include "tend-article.h"
#include "tend-attachment.h"
#include "tend-comment.h"
#include "tend-macro.h"
#include "tend-organization.h"
#include "tend-ticket.h"
#include "tend-user.h"

#include "tend-json.h"
#include "tend-generator-data.h"

/* Ids live in separate ranges so that a glance at one tells what it is. */
#define GEN_AGENT_ID_BASE      G_GINT64_CONSTANT (1000001)
#define GEN_ORG_ID_BASE        G_GINT64_CONSTANT (2000001)
#define GEN_CUSTOMER_ID_BASE   G_GINT64_CONSTANT (3000001)
#define GEN_MACRO_ID_BASE      G_GINT64_CONSTANT (5000001)
#define GEN_COMMENT_ID_BASE    G_GINT64_CONSTANT (10000001)
#define GEN_ATTACHMENT_ID_BASE G_GINT64_CONSTANT (20000001)
#define GEN_ARTICLE_ID_BASE    G_GINT64_CONSTANT (360001000000)
#define GEN_SECTION_ID_BASE    G_GINT64_CONSTANT (360000100001)
#define GEN_TICKET_ID_BASE     G_GINT64_CONSTANT (1001)

#define GEN_DAY                (G_GINT64_CONSTANT (86400))
#define GEN_TICKET_SPAN        (730 * GEN_DAY)
#define GEN_MAX_COMMENTS       24
#define GEN_DEFAULT_AVERAGE    5.0

/* ------------------------------------------------------------------ PRNG */

/* xoshiro256** seeded through splitmix64: small, fast, and the same on
 * every platform, which GLib's GRand does not promise across versions. */
typedef struct
{
  guint64 s[4];
} GenRng;

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
rng_seed (GenRng  *rng,
          guint64  seed,
          guint64  stream)
{
  guint64 state = seed ^ (stream * G_GUINT64_CONSTANT (0xd1342543de82ef95));

  /* Mix twice so that neighbouring streams (ticket n and n + 1) share
   * nothing visible. */
  state = splitmix64 (&state) ^ stream;
  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&state);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
rng_next (GenRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

/* In [0, n); n > 0. The multiply-shift has a bias of n / 2^32, far below
 * anything test data could show. */
static guint
rng_below (GenRng *rng,
           guint   n)
{
  return (guint) (((rng_next (rng) >> 32) * (guint64) n) >> 32);
}

static double
rng_double (GenRng *rng)
{
  return (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static gboolean
rng_chance (GenRng *rng,
            double  p)
{
  return rng_double (rng) < p;
}

static gint64
rng_range (GenRng *rng,
           gint64  lo,
           gint64  hi)
{
  if (hi <= lo)
    return lo;
  return lo + (gint64) (rng_next (rng) % (guint64) (hi - lo + 1));
}

/* Log-uniform: waiting times are spread over orders of magnitude. */
static gint64
rng_log_range (GenRng *rng,
               gint64  lo,
               gint64  hi)
{
  double l = log ((double) lo);
  double h = log ((double) hi);

  return (gint64) exp (l + (h - l) * rng_double (rng));
}

static guint
rng_weighted (GenRng      *rng,
              const guint *weights,
              guint        n)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < n; i++)
    total += weights[i];

  r = rng_below (rng, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }

  return n - 1;
}

#define RNG_PICK(rng, arr) ((arr)[rng_below ((rng), G_N_ELEMENTS (arr))])
#define RNG_PICK_N(rng, arr, n) ((arr)[rng_below ((rng), (n))])

/* ----------------------------------------------------------------- state */

typedef struct
{
  gint64      id;
  const char *name;
  const char *domain;
  const char *plan;
  gboolean    vip;
  gboolean    enterprise;
} GenOrg;

typedef struct
{
  gint64      id;
  const char *first;     /* for greetings */
  const char *full;
  const char *email;
  const char *phone;     /* may be NULL */
  guint       culture;
  gint        org;       /* index into orgs, -1 for none */
  gboolean    vip;
  gboolean    native_script;
} GenCustomer;

struct _TendGenerator
{
  guint64       seed;
  guint         n_tickets;
  gint64        now;

  double        comment_p;     /* per-trial chance, see comment_count () */
  guint         comment_trials;

  gboolean      started;
  guint         next_ticket;
  gint64        next_comment_id;
  gint64        next_attachment_id;

  GStringChunk *strings;
  GArray       *orgs;          /* GenOrg */
  GArray       *customers;     /* GenCustomer */
  const char   *agent_first[G_N_ELEMENTS (gen_agents)];
  gint          native[G_N_ELEMENTS (gen_cultures)][3];
};

G_DEFINE_POINTER_TYPE (TendGenerator, tend_generator)

/* ----------------------------------------------------------- text slots */

typedef enum
{
  SLOT_FIRST,
  SLOT_FULL,
  SLOT_AGENT,
  SLOT_AGENT2,
  SLOT_PRODUCT,
  SLOT_ORDER,
  SLOT_AMOUNT,
  SLOT_AMOUNT2,
  SLOT_INVOICE,
  SLOT_DATE,
  SLOT_TRACKING,
  SLOT_CARRIER,
  SLOT_ERROR,
  SLOT_HTTP,
  SLOT_ENDPOINT,
  SLOT_BROWSER,
  SLOT_OS,
  SLOT_VERSION,
  SLOT_PLAN,
  SLOT_FEATURE,
  SLOT_LAST4,
  SLOT_DAYS,
  SLOT_CITY,
  SLOT_COMPANY,
  SLOT_REQID,
  SLOT_TICKET,
  SLOT_PHONE,
  SLOT_MONTH,
  SLOT_LANG,
  N_SLOTS
} GenSlot;

static const char * const slot_names[N_SLOTS] = {
  [SLOT_FIRST] = "first",
  [SLOT_FULL] = "full",
  [SLOT_AGENT] = "agent",
  [SLOT_AGENT2] = "agent2",
  [SLOT_PRODUCT] = "product",
  [SLOT_ORDER] = "order",
  [SLOT_AMOUNT] = "amount",
  [SLOT_AMOUNT2] = "amount2",
  [SLOT_INVOICE] = "invoice",
  [SLOT_DATE] = "date",
  [SLOT_TRACKING] = "tracking",
  [SLOT_CARRIER] = "carrier",
  [SLOT_ERROR] = "error",
  [SLOT_HTTP] = "http",
  [SLOT_ENDPOINT] = "endpoint",
  [SLOT_BROWSER] = "browser",
  [SLOT_OS] = "os",
  [SLOT_VERSION] = "version",
  [SLOT_PLAN] = "plan",
  [SLOT_FEATURE] = "feature",
  [SLOT_LAST4] = "last4",
  [SLOT_DAYS] = "days",
  [SLOT_CITY] = "city",
  [SLOT_COMPANY] = "company",
  [SLOT_REQID] = "reqid",
  [SLOT_TICKET] = "ticket",
  [SLOT_PHONE] = "phone",
  [SLOT_MONTH] = "month",
  [SLOT_LANG] = "lang",
};

typedef struct
{
  const char *v[N_SLOTS];
  char        order[24];
  char        amount[40];
  char        amount2[40];
  char        invoice[24];
  char        date[24];
  char        tracking[32];
  char        reqid[24];
  char        ticket[24];
  char        days[8];
  char        last4[8];
  char        version[16];
} GenSlots;

/* Appends tmpl with every {slot} replaced; "{{" is a literal brace. */
static void
expand (GString        *out,
        const char     *tmpl,
        const GenSlots *slots)
{
  const char *p = tmpl;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close;
      gsize len;
      gboolean found = FALSE;

      if (open == NULL)
        {
          g_string_append (out, p);
          return;
        }

      g_string_append_len (out, p, open - p);

      if (open[1] == '{')
        {
          g_string_append_c (out, '{');
          p = open + 2;
          continue;
        }

      close = strchr (open, '}');
      if (close == NULL)
        {
          g_string_append (out, open);
          return;
        }

      len = close - open - 1;
      for (guint i = 0; i < N_SLOTS; i++)
        {
          if (strncmp (slot_names[i], open + 1, len) == 0 && slot_names[i][len] == '\0')
            {
              if (slots->v[i] != NULL)
                g_string_append (out, slots->v[i]);
              found = TRUE;
              break;
            }
        }

      /* Not a slot (JSON quoted by a customer, say): keep it verbatim. */
      if (!found)
        g_string_append_len (out, open, close - open + 1);

      p = close + 1;
    }
}

static char *
expand_dup (const char     *tmpl,
            const GenSlots *slots)
{
  GString *out = g_string_sized_new (strlen (tmpl) + 64);

  expand (out, tmpl, slots);
  return g_string_free (out, FALSE);
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian), without a
 * GDateTime per call and without the C library's locale. */
static void
civil_from_days (gint64  days,
                 int    *year,
                 guint  *month,
                 guint  *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  guint doe = (guint) (z - era * 146097);
  guint yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 y = (gint64) yoe + era * 400;
  guint doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  guint mp = (5 * doy + 2) / 153;
  guint d = doy - (153 * mp + 2) / 5 + 1;
  guint m = mp < 10 ? mp + 3 : mp - 9;

  *year = (int) (y + (m <= 2));
  *month = m;
  *day = d;
}

static const char *
language_name (const char *locale)
{
  static const struct { const char *locale; const char *name; } names[] = {
    { "de", "German" }, { "fr", "French" }, { "ja", "Japanese" }, { "ar", "Arabic" },
    { "pt-BR", "Portuguese" }, { "es", "Spanish" }, { "ru", "Russian" }, { "zh-CN", "Chinese" },
    { "he", "Hebrew" }, { "sv", "Swedish" }, { "pl", "Polish" }, { "tr", "Turkish" },
    { "ko", "Korean" }, { "vi", "Vietnamese" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].locale, locale))
      return names[i].name;

  return "English";
}

/* ------------------------------------------------------------ the people */

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

static GUnicodeScript
script_of (const char *s)
{
  return g_unichar_get_script (g_utf8_get_char (s));
}

/* Lower-case letters and digits only, for the local part of an address. */
static char *
mail_part (const GenName *name)
{
  g_autofree char *ascii = NULL;
  GString *out;

  ascii = name->ascii != NULL ? g_strdup (name->ascii) : g_str_to_ascii (name->display, "C");
  out = g_string_sized_new (strlen (ascii));
  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));

  if (out->len == 0)
    g_string_append (out, "user");

  return g_string_free (out, FALSE);
}

/* "sato" → "Sato": romanized names are stored in lower case. */
static char *
romanized (const GenName *name)
{
  char *s;

  if (name->ascii == NULL || is_ascii (name->display))
    return g_strdup (name->display);

  s = g_strdup (name->ascii);
  s[0] = g_ascii_toupper (s[0]);
  return s;
}

static const char *
chunk_take (TendGenerator *self,
            char          *str)
{
  const char *ret = g_string_chunk_insert (self->strings, str);

  g_free (str);
  return ret;
}

static char *
make_phone (GenRng     *rng,
            const char *pattern)
{
  char *phone = g_strdup (pattern);

  for (char *p = phone; *p != '\0'; p++)
    if (*p == '#')
      *p = (char) ('0' + rng_below (rng, 10));

  return phone;
}

static void
setup_orgs (TendGenerator *self,
            GenRng        *rng)
{
  static const char * const suffixes[] = {
    "", " Group", " International", " Europe", " Holdings", " & Co.", " Asia", " Americas",
  };
  guint n_orgs = MAX (20, self->n_tickets / 100);
  const guint n_combos = G_N_ELEMENTS (gen_org_first) * G_N_ELEMENTS (gen_org_second);

  self->orgs = g_array_sized_new (FALSE, TRUE, sizeof (GenOrg), n_orgs);

  for (guint i = 0; i < n_orgs; i++)
    {
      GenOrg org = { 0 };
      guint r = rng_below (rng, 100);

      org.id = GEN_ORG_ID_BASE + i;

      if (i < G_N_ELEMENTS (gen_org_names))
        {
          org.name = gen_org_names[i].name;
          org.domain = gen_org_names[i].domain;
        }
      else
        {
          guint k = i - G_N_ELEMENTS (gen_org_names);
          const char *first = gen_org_first[k % G_N_ELEMENTS (gen_org_first)];
          const char *second = gen_org_second[(k / G_N_ELEMENTS (gen_org_first)) % G_N_ELEMENTS (gen_org_second)];
          guint round = k / n_combos;
          const char *suffix = suffixes[round % G_N_ELEMENTS (suffixes)];
          guint number = round / G_N_ELEMENTS (suffixes);
          g_autofree char *name = NULL;
          g_autofree char *slug = NULL;
          GString *domain = g_string_new (NULL);

          if (number > 0)
            name = g_strdup_printf ("%s %s%s %u", first, second, suffix, number + 1);
          else
            name = g_strdup_printf ("%s %s%s", first, second, suffix);

          for (const char *p = name; *p != '\0'; p++)
            if (g_ascii_isalnum (*p))
              g_string_append_c (domain, g_ascii_tolower (*p));
          g_string_append_printf (domain, ".%s", gen_org_tld[k % G_N_ELEMENTS (gen_org_tld)]);

          org.name = g_string_chunk_insert (self->strings, name);
          org.domain = chunk_take (self, g_string_free (domain, FALSE));
        }

      org.enterprise = r < 20;
      org.vip = r >= 20 && r < 30 ? TRUE : rng_chance (rng, 0.05);
      if (org.enterprise)
        org.plan = "Enterprise";
      else
        org.plan = RNG_PICK_N (rng, gen_plans, 3);

      g_array_append_val (self->orgs, org);
    }
}

static guint
pick_culture (GenRng *rng)
{
  guint weights[G_N_ELEMENTS (gen_cultures)];

  for (guint i = 0; i < G_N_ELEMENTS (gen_cultures); i++)
    weights[i] = gen_cultures[i].weight;

  return rng_weighted (rng, weights, G_N_ELEMENTS (gen_cultures));
}

static guint
culture_index (const char *locale)
{
  for (guint i = 0; i < G_N_ELEMENTS (gen_cultures); i++)
    if (g_str_equal (gen_cultures[i].locale, locale))
      return i;
  g_assert_not_reached ();
  return 0;
}

static void
setup_customers (TendGenerator *self,
                 GenRng        *rng,
                 GHashTable    *emails)
{
  /* The first customers have fixed cultures and write in their own
   * script, so that even a small data set shows RTL and CJK text. */
  static const char * const fixed[] = { "en-US", "de", "fr", "ja", "ar", "pt-BR", "he", "ru", "zh-CN", "es" };
  guint n_customers = MAX (50, self->n_tickets / 3);

  self->customers = g_array_sized_new (FALSE, TRUE, sizeof (GenCustomer), n_customers);

  for (guint i = 0; i < n_customers; i++)
    {
      GenCustomer c = { 0 };
      const GenCulture *culture;
      const GenName *first, *last;
      g_autofree char *first_mail = NULL;
      g_autofree char *last_mail = NULL;
      g_autofree char *email = NULL;
      char *first_display, *last_display;
      const char *domain;
      guint style;

      c.id = GEN_CUSTOMER_ID_BASE + i;
      c.culture = i < G_N_ELEMENTS (fixed) ? culture_index (fixed[i]) : pick_culture (rng);
      culture = &gen_cultures[c.culture];

      if (i < G_N_ELEMENTS (fixed))
        {
          first = &culture->first[0];
          last = &culture->last[0];
        }
      else
        {
          first = &culture->first[rng_below (rng, culture->n_first)];
          last = &culture->last[rng_below (rng, culture->n_last)];
        }

      /* A name is written in one script: "Karim حداد" would be a data
       * entry mistake, so mixed pairs fall back to their romanization. */
      if (script_of (first->display) != script_of (last->display))
        {
          first_display = romanized (first);
          last_display = romanized (last);
        }
      else
        {
          first_display = g_strdup (first->display);
          last_display = g_strdup (last->display);
        }

      c.native_script = !is_ascii (first_display) &&
                        script_of (first_display) != G_UNICODE_SCRIPT_LATIN;

      if (culture->family_first && c.native_script)
        {
          /* Chinese and Korean names are written without a space. */
          const char *sep = g_str_equal (culture->locale, "ja") ? " " : "";
          c.full = chunk_take (self, g_strconcat (last_display, sep, first_display, NULL));
        }
      else
        {
          c.full = chunk_take (self, g_strconcat (first_display, " ", last_display, NULL));
        }
      c.first = chunk_take (self, first_display);
      g_free (last_display);

      c.org = -1;
      if (rng_chance (rng, 0.6))
        c.org = (gint) (self->orgs->len * pow (rng_double (rng), 1.3));

      first_mail = mail_part (first);
      last_mail = mail_part (last);
      style = rng_below (rng, 4);

      if (c.org >= 0)
        {
          domain = g_array_index (self->orgs, GenOrg, c.org).domain;
          switch (style)
            {
            case 0:
              email = g_strdup_printf ("%c%s@%s", first_mail[0], last_mail, domain);
              break;
            case 1:
              email = g_strdup_printf ("%s@%s", first_mail, domain);
              break;
            default:
              email = g_strdup_printf ("%s.%s@%s", first_mail, last_mail, domain);
              break;
            }
        }
      else
        {
          domain = RNG_PICK_N (rng, culture->free_mail, culture->n_free_mail);
          switch (style)
            {
            case 0:
              email = g_strdup_printf ("%s%s%02u@%s", first_mail, last_mail, rng_below (rng, 100), domain);
              break;
            case 1:
              email = g_strdup_printf ("%s_%s@%s", first_mail, last_mail, domain);
              break;
            case 2:
              email = g_strdup_printf ("%c.%s%u@%s", first_mail[0], last_mail, 1960 + rng_below (rng, 45), domain);
              break;
            default:
              email = g_strdup_printf ("%s.%s@%s", first_mail, last_mail, domain);
              break;
            }
        }

      /* Addresses are unique in a helpdesk; a second Anna Smirnova gets a
       * number, as she would in real life. */
      if (g_hash_table_contains (emails, email))
        {
          const char *at = strchr (email, '@');
          g_autofree char *local = g_strndup (email, at - email);

          for (guint n = 2;; n++)
            {
              g_autofree char *candidate = g_strdup_printf ("%s%u%s", local, n, at);

              if (!g_hash_table_contains (emails, candidate))
                {
                  g_free (email);
                  email = g_steal_pointer (&candidate);
                  break;
                }
            }
        }
      c.email = g_string_chunk_insert (self->strings, email);
      g_hash_table_add (emails, (gpointer) c.email);

      if (rng_chance (rng, 0.7))
        c.phone = chunk_take (self, make_phone (rng, RNG_PICK_N (rng, culture->phones, culture->n_phones)));

      c.vip = rng_chance (rng, 0.04) ||
              (c.org >= 0 && g_array_index (self->orgs, GenOrg, c.org).vip);

      g_array_append_val (self->customers, c);
    }
}

TendGenerator *
tend_generator_new (guint64 seed,
                    guint   n_tickets,
                    gint64  now)
{
  TendGenerator *self = g_new0 (TendGenerator, 1);
  g_autoptr(GHashTable) emails = g_hash_table_new (g_str_hash, g_str_equal);
  GenRng rng;

  self->seed = seed;
  self->n_tickets = n_tickets;
  self->now = now;
  self->next_comment_id = GEN_COMMENT_ID_BASE;
  self->next_attachment_id = GEN_ATTACHMENT_ID_BASE;
  self->strings = g_string_chunk_new (64 * 1024);

  for (guint i = 0; i < G_N_ELEMENTS (gen_agents); i++)
    {
      const char *space = strchr (gen_agents[i].name, ' ');
      self->agent_first[i] = g_string_chunk_insert_len (self->strings, gen_agents[i].name,
                                                        space - gen_agents[i].name);
      g_hash_table_add (emails, (gpointer) gen_agents[i].email);
    }

  for (guint c = 0; c < G_N_ELEMENTS (gen_cultures); c++)
    for (guint k = 0; k < 3; k++)
      {
        self->native[c][k] = -1;
        for (guint i = 0; i < G_N_ELEMENTS (gen_native); i++)
          if (gen_native[i].kind == k && g_str_equal (gen_native[i].locale, gen_cultures[c].locale))
            self->native[c][k] = (gint) i;
      }

  rng_seed (&rng, seed, G_GUINT64_CONSTANT (0x6f726773));
  setup_orgs (self, &rng);
  rng_seed (&rng, seed, G_GUINT64_CONSTANT (0x63757374));
  setup_customers (self, &rng, emails);

  tend_generator_set_average_comments (self, GEN_DEFAULT_AVERAGE);

  return self;
}

void
tend_generator_free (TendGenerator *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->orgs, g_array_unref);
  g_clear_pointer (&self->customers, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_free (self);
}

/* Comments per ticket are 1 + Binomial(trials, p): a bell around the
 * average, never zero. New tickets (8 %) only have one or two messages,
 * so the others carry a little more to keep the overall average. */
void
tend_generator_set_average_comments (TendGenerator *self,
                                     double         average)
{
  double others;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->started);

  average = CLAMP (average, 1.0, (double) GEN_MAX_COMMENTS - 1);
  others = MAX (1.0, (average - 0.08 * 1.3) / 0.92);

  self->comment_trials = 8;
  if (others - 1.0 > 0.9 * self->comment_trials)
    self->comment_trials = MIN (GEN_MAX_COMMENTS - 1, (guint) ceil ((others - 1.0) / 0.6));
  self->comment_p = CLAMP ((others - 1.0) / self->comment_trials, 0.0, 1.0);
}

gboolean
tend_generator_get_group (guint        index,
                          gint64      *id,
                          const char **name)
{
  if (index >= G_N_ELEMENTS (gen_groups))
    return FALSE;
  if (id != NULL)
    *id = gen_groups[index].id;
  if (name != NULL)
    *name = gen_groups[index].name;
  return TRUE;
}

gint64
tend_generator_get_me_id (TendGenerator *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return GEN_AGENT_ID_BASE;
}

guint
tend_generator_get_n_tickets (TendGenerator *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_tickets;
}

static void
add_tag (const char **tags,
         guint       *n_tags,
         guint        max,
         const char  *tag)
{
  for (guint i = 0; i < *n_tags; i++)
    if (g_str_equal (tags[i], tag))
      return;
  if (*n_tags < max)
    tags[(*n_tags)++] = tag;
}

/* The group list, as a helpdesk sends it whole (meta "groups"), so that
 * headers show "Billing" rather than a number. */
static void
emit_groups (TendChangeset *changes)
{
  g_autoptr(JsonArray) groups = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (gen_groups); i++)
    {
      JsonObject *group = json_object_new ();

      json_object_set_int_member (group, "id", gen_groups[i].id);
      json_object_set_string_member (group, "name", gen_groups[i].name);
      json_array_add_object_element (groups, group);
    }
  _tend_json_set_meta_array (changes, "groups", groups);
}

static void
emit_agents (TendGenerator *self,
             TendChangeset *changes)
{
  gint64 created = self->now - 3 * 365 * GEN_DAY;

  for (guint i = 0; i < G_N_ELEMENTS (gen_agents); i++)
    {
      TendUser *user = tend_user_new (GEN_AGENT_ID_BASE + i);
      static const char * const agent_tags[] = { "staff", NULL };

      tend_user_set_name (user, gen_agents[i].name);
      tend_user_set_email (user, gen_agents[i].email);
      tend_user_set_role (user, gen_agents[i].admin ? TEND_USER_ROLE_ADMIN : TEND_USER_ROLE_AGENT);
      tend_user_set_time_zone (user, gen_agents[i].zone);
      tend_user_set_locale (user, gen_agents[i].locale);
      tend_user_set_tags (user, agent_tags);
      tend_user_set_created_at (user, created + i * 40 * GEN_DAY);
      tend_user_set_updated_at (user, self->now - (gint64) (i + 1) * 3 * GEN_DAY);
      g_ptr_array_add (changes->users, user);
    }
}

static void
emit_orgs (TendGenerator *self,
           TendChangeset *changes,
           GenRng        *rng)
{
  for (guint i = 0; i < self->orgs->len; i++)
    {
      const GenOrg *org = &g_array_index (self->orgs, GenOrg, i);
      TendOrganization *o = tend_organization_new (org->id);
      const char *domains[3] = { org->domain, NULL, NULL };
      const char *tags[4] = { NULL, };
      guint n_tags = 0;
      gint64 created = self->now - GEN_TICKET_SPAN - rng_range (rng, 30 * GEN_DAY, 3 * 365 * GEN_DAY);
      g_autofree char *alt_domain = NULL;
      g_autofree char *details = NULL;
      g_autofree char *extra = NULL;
      g_autofree char *plan_lc = g_ascii_strdown (org->plan, -1);

      if (org->enterprise)
        tags[n_tags++] = "enterprise";
      if (org->vip)
        tags[n_tags++] = "vip";
      if (g_str_equal (org->plan, "Starter") && rng_chance (rng, 0.5))
        tags[n_tags++] = "trial";
      else if (rng_chance (rng, 0.4))
        tags[n_tags++] = RNG_PICK_N (rng, gen_org_tags + 3, G_N_ELEMENTS (gen_org_tags) - 3);

      /* Bigger companies often have a second domain for a subsidiary. */
      if (org->enterprise && rng_chance (rng, 0.5))
        {
          alt_domain = g_strconcat ("mail.", org->domain, NULL);
          domains[1] = alt_domain;
        }

      tend_organization_set_name (o, org->name);
      tend_organization_set_domain_names (o, domains);
      tend_organization_set_tags (o, tags);

      details = g_strdup_printf ("Plan: %s · Seats: %u · Account manager: %s",
                                 org->plan,
                                 org->enterprise ? 100 + rng_below (rng, 900) : 2 + rng_below (rng, 60),
                                 gen_agents[1 + rng_below (rng, G_N_ELEMENTS (gen_agents) - 1)].name);
      tend_organization_set_details (o, details);

      if (rng_chance (rng, 0.45) || org->vip)
        {
          GenSlots slots = { { NULL, } };
          g_autofree char *notes = NULL;

          slots.v[SLOT_MONTH] = RNG_PICK (rng, gen_months);
          notes = expand_dup (RNG_PICK (rng, gen_org_notes), &slots);
          tend_organization_set_notes (o, notes);
        }

      extra = g_strdup_printf ("{\"organization_fields\":{\"plan\":\"%s\",\"region\":\"%s\"}}",
                               plan_lc, rng_chance (rng, 0.6) ? "eu" : "us");
      tend_organization_set_extra_json (o, extra);
      tend_organization_set_created_at (o, created);
      tend_organization_set_updated_at (o, created + rng_range (rng, 0, self->now - created));
      g_ptr_array_add (changes->organizations, o);
    }
}

static void
emit_customers (TendGenerator *self,
                TendChangeset *changes,
                GenRng        *rng)
{
  for (guint i = 0; i < self->customers->len; i++)
    {
      const GenCustomer *c = &g_array_index (self->customers, GenCustomer, i);
      const GenCulture *culture = &gen_cultures[c->culture];
      TendUser *user = tend_user_new (c->id);
      const char *tags[4] = { NULL, };
      guint n_tags = 0;
      gint64 created = self->now - GEN_TICKET_SPAN - rng_range (rng, GEN_DAY, 2 * 365 * GEN_DAY);

      tend_user_set_name (user, c->full);
      tend_user_set_email (user, c->email);
      tend_user_set_role (user, TEND_USER_ROLE_END_USER);
      tend_user_set_phone (user, c->phone);
      tend_user_set_time_zone (user, RNG_PICK_N (rng, culture->zones, culture->n_zones));
      tend_user_set_locale (user, culture->locale);
      if (c->org >= 0)
        tend_user_set_organization_id (user, g_array_index (self->orgs, GenOrg, c->org).id);

      if (c->vip)
        add_tag (tags, &n_tags, 3, "vip");
      if (rng_chance (rng, 0.3))
        add_tag (tags, &n_tags, 3, RNG_PICK_N (rng, gen_customer_tags + 1, G_N_ELEMENTS (gen_customer_tags) - 1));
      if (c->org >= 0 && rng_chance (rng, 0.3))
        add_tag (tags, &n_tags, 3, "b2b");
      tend_user_set_tags (user, tags);

      if (rng_chance (rng, 0.15))
        {
          GenSlots slots = { { NULL, } };
          g_autofree char *notes = NULL;

          slots.v[SLOT_MONTH] = RNG_PICK (rng, gen_months);
          slots.v[SLOT_LANG] = language_name (culture->locale);
          notes = expand_dup (RNG_PICK (rng, gen_customer_notes), &slots);
          tend_user_set_notes (user, notes);
        }
      if (rng_chance (rng, 0.2))
        {
          g_autofree char *details = g_strdup_printf ("Preferred channel: %s", RNG_PICK (rng, gen_channels));
          tend_user_set_details (user, details);
        }

      tend_user_set_created_at (user, created);
      tend_user_set_updated_at (user, created + rng_range (rng, 0, self->now - created));
      g_ptr_array_add (changes->users, user);
    }
}

static char *
slugify (const char *title)
{
  GString *out = g_string_sized_new (strlen (title));
  gboolean dash = FALSE;

  for (const char *p = title; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && out->len > 0)
            g_string_append_c (out, '-');
          g_string_append_c (out, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }

  return g_string_free (out, FALSE);
}

static void
emit_articles (TendGenerator *self,
               TendChangeset *changes,
               GenRng        *rng)
{
  for (guint i = 0; i < G_N_ELEMENTS (gen_article_titles); i++)
    {
      const GenArticleTitle *t = &gen_article_titles[i];
      const GenSection *section = &gen_sections[t->section];
      gint64 id = GEN_ARTICLE_ID_BASE + i;
      TendArticle *article = tend_article_new (id);
      g_autofree char *slug = slugify (t->title);
      g_autofree char *url = g_strdup_printf ("https://help.example.com/hc/en-us/articles/%" G_GINT64_FORMAT "-%s", id, slug);
      g_autofree char *extra = NULL;
      GString *body = g_string_sized_new (2048);
      const char *labels[5] = { section->label, NULL, };
      guint n_labels = 1;
      guint n_steps = 3 + rng_below (rng, 3);
      guint first_step = rng_below (rng, section->n_steps);
      gint64 created = self->now - rng_range (rng, 60 * GEN_DAY, 3 * 365 * GEN_DAY);
      int year;
      guint month, day;
      g_auto(GStrv) words = g_strsplit_set (t->title, " :?,()", -1);

      /* Labels: the section plus the title's longer words, so that
       * keyword suggestions have something to match. */
      for (guint w = 0; words[w] != NULL && n_labels < 4; w++)
        {
          if (strlen (words[w]) >= 6 && is_ascii (words[w]))
            {
              char *lc = g_ascii_strdown (words[w], -1);
              labels[n_labels++] = g_string_chunk_insert (self->strings, lc);
              g_free (lc);
            }
        }

      g_string_append_printf (body, "<p>%s</p>\n", RNG_PICK (rng, gen_article_intros));
      g_string_append_printf (body, "<h2>Before you start</h2>\n<p>%s</p>\n",
                              section->tips[rng_below (rng, section->n_tips)]);
      g_string_append (body, "<h2>Steps</h2>\n<ol>\n");
      for (guint s = 0; s < n_steps; s++)
        g_string_append_printf (body, "  <li>%s</li>\n",
                                section->steps[(first_step + s) % section->n_steps]);
      g_string_append (body, "</ol>\n");
      g_string_append_printf (body, "<h2>Good to know</h2>\n<p>%s</p>\n",
                              section->tips[(first_step + 1) % section->n_tips]);
      civil_from_days ((self->now - rng_range (rng, GEN_DAY, 200 * GEN_DAY)) / GEN_DAY, &year, &month, &day);
      g_string_append_printf (body,
                              "<p>Still need help? <a href=\"https://help.example.com/hc/en-us/requests/new\">"
                              "Contact us</a> and mention the article title.</p>\n"
                              "<p><em>Applies to all plans. Last reviewed %s %u, %d.</em></p>\n",
                              gen_months[month - 1], day, year);

      extra = g_strdup_printf ("{\"vote_sum\":%u,\"vote_count\":%u,\"promoted\":%s}",
                               rng_below (rng, 60), 60 + rng_below (rng, 200),
                               i % 17 == 0 ? "true" : "false");

      tend_article_set_title (article, t->title);
      tend_article_set_body (article, body->str);
      tend_article_set_url (article, url);
      tend_article_set_locale (article, "en-us");
      tend_article_set_labels (article, labels);
      tend_article_set_section_id (article, GEN_SECTION_ID_BASE + t->section);
      tend_article_set_created_at (article, created);
      tend_article_set_updated_at (article, created + rng_range (rng, 0, self->now - created - GEN_DAY));
      tend_article_set_extra_json (article, extra);
      g_string_free (body, TRUE);
      g_ptr_array_add (changes->articles, article);
    }
}

static void
emit_macros (TendGenerator *self,
             TendChangeset *changes,
             GenRng        *rng)
{
  for (guint i = 0; i < G_N_ELEMENTS (gen_macros); i++)
    {
      TendMacro *macro = tend_macro_new (GEN_MACRO_ID_BASE + i);

      tend_macro_set_title (macro, gen_macros[i].title);
      tend_macro_set_description (macro, gen_macros[i].description);
      tend_macro_set_active (macro, gen_macros[i].active);
      tend_macro_set_position (macro, (gint) i);
      tend_macro_set_actions_json (macro, gen_macros[i].actions_json);
      tend_macro_set_updated_at (macro, self->now - rng_range (rng, GEN_DAY, 400 * GEN_DAY));
      g_ptr_array_add (changes->macros, macro);
    }
}

/* --------------------------------------------------------------- tickets */

typedef enum
{
  KIND_OPENING,
  KIND_REPLY,
  KIND_FOLLOW_UP,
  KIND_AGENT_MORE,
  KIND_NOTE,
  KIND_AGENT_SOLVED,
  KIND_THANKS,
} GenKind;

/* The newest tickets are the first an agent sees, so a few of them are
 * pinned to the awkward cases: right-to-left text in the requester's own
 * language, markup that must not be interpreted, a script tag. */
typedef struct
{
  gint topic;       /* -1: draw */
  gint subject;     /* -1: draw */
  gint opening;     /* -1: draw */
  gint customer;    /* -1: draw */
  gboolean native;
} GenForced;

static const GenForced forced_newest[] = {
  { GEN_TOPIC_ORDER, -1, -1, 4, TRUE },        /* Arabic */
  { GEN_TOPIC_BUG, 3, 0, -1, FALSE },          /* <script> */
  { GEN_TOPIC_BILLING, 2, 0, -1, FALSE },      /* <b>URGENT</b> */
  { GEN_TOPIC_LOGIN, -1, -1, 6, TRUE },        /* Hebrew */
  { GEN_TOPIC_BUG, 4, 1, -1, FALSE },          /* <span foreground> */
  { GEN_TOPIC_SHIPPING, -1, -1, 3, TRUE },     /* Japanese */
};

static guint
native_kind (GenTopicId topic)
{
  switch (topic)
    {
    case GEN_TOPIC_ORDER:
    case GEN_TOPIC_SHIPPING:
      return 0;
    case GEN_TOPIC_REFUND:
    case GEN_TOPIC_BILLING:
      return 1;
    case GEN_TOPIC_LOGIN:
    case GEN_TOPIC_2FA:
      return 2;
    case GEN_TOPIC_BUG:
    case GEN_TOPIC_DELETION:
    case GEN_TOPIC_API:
    case GEN_TOPIC_FEATURE:
    case GEN_N_TOPICS:
    default:
      return G_MAXUINT;
    }
}

static void
fill_slots (TendGenerator     *self,
            GenSlots          *slots,
            GenRng            *rng,
            gint64             ticket_id,
            gint64             created,
            const GenCustomer *customer,
            guint              agent,
            guint              agent2)
{
  const GenCulture *culture = &gen_cultures[customer->culture];
  const char *carrier = RNG_PICK (rng, gen_carriers);
  guint units = 9 + rng_below (rng, 490);
  static const guint cents[] = { 0, 49, 90, 95, 99 };
  int year;
  guint month, day;

  slots->v[SLOT_FIRST] = customer->first;
  slots->v[SLOT_FULL] = customer->full;
  slots->v[SLOT_AGENT] = self->agent_first[agent];
  slots->v[SLOT_AGENT2] = self->agent_first[agent2];
  slots->v[SLOT_PRODUCT] = RNG_PICK (rng, gen_products);

  g_snprintf (slots->order, sizeof slots->order, "EX-%07u", 1000000 + rng_below (rng, 8999999));
  slots->v[SLOT_ORDER] = slots->order;
  g_snprintf (slots->amount, sizeof slots->amount, "%s%u%s%02u%s",
              culture->cur_prefix, units, culture->cur_sep, RNG_PICK (rng, cents), culture->cur_suffix);
  slots->v[SLOT_AMOUNT] = slots->amount;
  g_snprintf (slots->amount2, sizeof slots->amount2, "%s%u%s%02u%s",
              culture->cur_prefix, 1 + units / 5, culture->cur_sep, RNG_PICK (rng, cents), culture->cur_suffix);
  slots->v[SLOT_AMOUNT2] = slots->amount2;

  civil_from_days ((created - rng_range (rng, 0, 12 * GEN_DAY)) / GEN_DAY, &year, &month, &day);
  g_snprintf (slots->invoice, sizeof slots->invoice, "INV-%d-%06u", year, rng_below (rng, 999999));
  slots->v[SLOT_INVOICE] = slots->invoice;
  g_snprintf (slots->date, sizeof slots->date, "%s %u", gen_months[month - 1], day);
  slots->v[SLOT_DATE] = slots->date;
  slots->v[SLOT_MONTH] = gen_months[month - 1];

  if (g_str_equal (carrier, "UPS"))
    g_snprintf (slots->tracking, sizeof slots->tracking, "1Z%03X%03X%010u",
                rng_below (rng, 0x1000), rng_below (rng, 0x1000), rng_below (rng, 2000000000));
  else
    g_snprintf (slots->tracking, sizeof slots->tracking, "%c%c%09u%s",
                'A' + rng_below (rng, 26), 'A' + rng_below (rng, 26),
                rng_below (rng, 1000000000), RNG_PICK (rng, ((const char * const[]) { "DE", "US", "FR", "JP", "BR", "GB" })));
  slots->v[SLOT_TRACKING] = slots->tracking;
  slots->v[SLOT_CARRIER] = carrier;

  slots->v[SLOT_ERROR] = RNG_PICK (rng, gen_errors);
  slots->v[SLOT_HTTP] = RNG_PICK (rng, gen_http);
  slots->v[SLOT_ENDPOINT] = RNG_PICK (rng, gen_endpoints);
  slots->v[SLOT_BROWSER] = RNG_PICK (rng, gen_browsers);
  slots->v[SLOT_OS] = RNG_PICK (rng, gen_oses);
  g_snprintf (slots->version, sizeof slots->version, "4.%u.%u", 2 + rng_below (rng, 14), rng_below (rng, 5));
  slots->v[SLOT_VERSION] = slots->version;
  slots->v[SLOT_FEATURE] = RNG_PICK (rng, gen_features);
  g_snprintf (slots->last4, sizeof slots->last4, "%04u", rng_below (rng, 10000));
  slots->v[SLOT_LAST4] = slots->last4;
  g_snprintf (slots->days, sizeof slots->days, "%u", 3 + rng_below (rng, 18));
  slots->v[SLOT_DAYS] = slots->days;
  slots->v[SLOT_CITY] = RNG_PICK (rng, gen_cities);
  g_snprintf (slots->reqid, sizeof slots->reqid, "%012" G_GINT64_MODIFIER "x",
              rng_next (rng) & G_GUINT64_CONSTANT (0xffffffffffff));
  slots->v[SLOT_REQID] = slots->reqid;
  g_snprintf (slots->ticket, sizeof slots->ticket, "#%" G_GINT64_FORMAT, ticket_id);
  slots->v[SLOT_TICKET] = slots->ticket;
  slots->v[SLOT_PHONE] = customer->phone != NULL ? customer->phone : "+1 555 0100";
  slots->v[SLOT_LANG] = language_name (culture->locale);

  if (customer->org >= 0)
    {
      const GenOrg *org = &g_array_index (self->orgs, GenOrg, customer->org);
      slots->v[SLOT_COMPANY] = org->name;
      slots->v[SLOT_PLAN] = org->plan;
    }
  else
    {
      slots->v[SLOT_COMPANY] = "our team";
      slots->v[SLOT_PLAN] = RNG_PICK_N (rng, gen_plans, 2);
    }
}

/* Agent replies come as HTML too, as Zendesk sends them: one <p> per
 * paragraph, escaped. */
static char *
html_from_text (const char *text)
{
  GString *html = g_string_sized_new (strlen (text) + 64);
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (paragraphs[i], -1);

      g_string_append (html, "<p>");
      for (const char *p = escaped; *p != '\0'; p++)
        {
          if (*p == '\n')
            g_string_append (html, "<br>");
          else
            g_string_append_c (html, *p);
        }
      g_string_append (html, "</p>");
    }

  return g_string_free (html, FALSE);
}

static const char *
content_type_for (const char *name)
{
  if (g_str_has_suffix (name, ".png"))
    return "image/png";
  if (g_str_has_suffix (name, ".jpg"))
    return "image/jpeg";
  if (g_str_has_suffix (name, ".HEIC"))
    return "image/heic";
  if (g_str_has_suffix (name, ".pdf"))
    return "application/pdf";
  if (g_str_has_suffix (name, ".txt"))
    return "text/plain";
  if (g_str_has_suffix (name, ".mp4"))
    return "video/mp4";
  return "application/octet-stream";
}

static void
add_attachment (TendGenerator *self,
                TendComment   *comment,
                gint64         ticket_id,
                GenRng        *rng)
{
  const char *name = RNG_PICK (rng, gen_attachment_names);
  gint64 id = self->next_attachment_id++;
  TendAttachment *attachment = tend_attachment_new (id);
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *url = NULL;

  url = g_strdup_printf ("https://example.zendesk.com/attachments/token/%012" G_GINT64_MODIFIER "x/?name=%s",
                         rng_next (rng) & G_GUINT64_CONSTANT (0xffffffffffff), escaped);
  tend_attachment_set_comment_id (attachment, tend_comment_get_id (comment));
  tend_attachment_set_ticket_id (attachment, ticket_id);
  tend_attachment_set_file_name (attachment, name);
  tend_attachment_set_content_type (attachment, content_type_for (name));
  tend_attachment_set_size (attachment, rng_log_range (rng, 2000, 8000000));
  tend_attachment_set_content_url (attachment, url);
  tend_comment_add_attachment (comment, attachment);
  g_object_unref (attachment);
}

static guint
comment_count (TendGenerator    *self,
               GenRng           *rng,
               TendTicketStatus  status)
{
  guint n = 1;

  if (status == TEND_TICKET_STATUS_NEW)
    return rng_chance (rng, 0.7) ? 1 : 2;

  for (guint i = 0; i < self->comment_trials; i++)
    if (rng_chance (rng, self->comment_p))
      n++;

  return CLAMP (n, 2, GEN_MAX_COMMENTS);
}

static void
gen_ticket (TendGenerator *self,
            guint          index,
            TendChangeset *changes)
{
  static const guint unsolved_weights[] = { 8, 25, 12, 3 };
  static const guint priority_weights[] = { 4, 20, 50, 20, 6 };
  guint topic_weights[GEN_N_TOPICS];
  const GenForced *forced = NULL;
  const GenTopic *topic;
  const GenCustomer *customer;
  GenRng rng;
  GenSlots slots;
  GenKind kinds[GEN_MAX_COMMENTS + 2];
  gint64 gaps[GEN_MAX_COMMENTS + 2];
  gint64 ticket_id = GEN_TICKET_ID_BASE + index;
  gint64 created, t, last_at, updated, total;
  double u, p_unsolved;
  TendTicketStatus status;
  TendTicketPriority priority;
  TendTicket *ticket;
  guint topic_id, n, n_public, public_index;
  guint agent, agent2, assignee_agent;
  gboolean assigned;
  gint native = -1;
  const char *tags[10] = { NULL, };
  guint n_tags = 0;
  g_autofree char *subject = NULL;
  GString *text = g_string_sized_new (1024);

  rng_seed (&rng, self->seed, (guint64) index + 1);

  if (self->n_tickets - index <= G_N_ELEMENTS (forced_newest) && self->n_tickets >= 2 * G_N_ELEMENTS (forced_newest))
    forced = &forced_newest[self->n_tickets - 1 - index];

  /* Ticket ids grow with time as in a real helpdesk; the density of tickets
   * rises towards now, so recent weeks are busier than two years ago. */
  u = (index + 0.5) / MAX (self->n_tickets, 1);
  created = self->now - 3600 - (gint64) (pow (1.0 - u, 1.6) * GEN_TICKET_SPAN) - rng_below (&rng, 3600);

  /* Older tickets are mostly solved; the chance of still being open grows
   * with recency. The constants keep the overall shares at about new 8 %,
   * open 25 %, pending 12 %, hold 3 %, solved 35 %, closed 17 %. */
  p_unsolved = MIN (1.0, 1.644 * u * u);
  if (rng_chance (&rng, p_unsolved))
    status = (TendTicketStatus) (TEND_TICKET_STATUS_NEW + rng_weighted (&rng, unsolved_weights, 4));
  else if (rng_chance (&rng, 0.462 * (1.0 - u)))
    status = TEND_TICKET_STATUS_CLOSED;
  else
    status = TEND_TICKET_STATUS_SOLVED;

  for (guint i = 0; i < GEN_N_TOPICS; i++)
    topic_weights[i] = gen_topics[i].weight;
  topic_id = rng_weighted (&rng, topic_weights, GEN_N_TOPICS);

  /* Frequent requesters: a few customers write often, most only once. */
  customer = &g_array_index (self->customers, GenCustomer,
                             (guint) (self->customers->len * pow (rng_double (&rng), 1.5)));

  if (forced != NULL)
    {
      topic_id = (guint) forced->topic;
      if (forced->customer >= 0)
        customer = &g_array_index (self->customers, GenCustomer, forced->customer);
      status = TEND_TICKET_STATUS_OPEN;
    }
  topic = &gen_topics[topic_id];

  /* Who works on it. */
  agent = rng_below (&rng, G_N_ELEMENTS (gen_agents));
  agent2 = (agent + 1 + rng_below (&rng, G_N_ELEMENTS (gen_agents) - 1)) % G_N_ELEMENTS (gen_agents);
  switch (status)
    {
    case TEND_TICKET_STATUS_NEW:
      assigned = rng_chance (&rng, 0.15);
      break;
    case TEND_TICKET_STATUS_OPEN:
    case TEND_TICKET_STATUS_PENDING:
    case TEND_TICKET_STATUS_HOLD:
      assigned = rng_chance (&rng, 0.88);
      if (rng_chance (&rng, 0.35))
        agent = 0;
      break;
    case TEND_TICKET_STATUS_SOLVED:
    case TEND_TICKET_STATUS_CLOSED:
    case TEND_TICKET_STATUS_DELETED:
    default:
      assigned = TRUE;
      if (rng_chance (&rng, 0.25))
        agent = 0;
      break;
    }
  if (forced != NULL)
    {
      assigned = TRUE;
      agent = 0;
    }
  if (agent2 == agent)
    agent2 = (agent + 1) % G_N_ELEMENTS (gen_agents);
  assignee_agent = agent;

  fill_slots (self, &slots, &rng, ticket_id, created, customer, agent, agent2);

  /* Customers with a non-English locale often write in their language. */
  if (native_kind (topic_id) != G_MAXUINT &&
      (forced != NULL ? forced->native : rng_chance (&rng, 0.4)))
    native = self->native[customer->culture][native_kind (topic_id)];

  /* Subject. */
  if (native >= 0)
    subject = expand_dup (gen_native[native].subject, &slots);
  else
    {
      guint s = forced != NULL && forced->subject >= 0 ? (guint) forced->subject
                                                        : rng_below (&rng, topic->n_subjects);
      g_autofree char *base = expand_dup (topic->subjects[s], &slots);
      double r = rng_double (&rng);

      if (r < 0.08)
        subject = g_strconcat ("Re: ", base, NULL);
      else if (r < 0.11)
        subject = g_strconcat ("Fwd: ", base, NULL);
      else
        subject = g_steal_pointer (&base);
    }

  /* The shape of the conversation: public messages alternate between the
   * customer and an agent; internal notes fall in between. */
  n = comment_count (self, &rng, status);
  n_public = 0;
  for (guint j = 0; j < n; j++)
    {
      if (j > 0 && status != TEND_TICKET_STATUS_NEW && rng_chance (&rng, 0.19))
        kinds[j] = KIND_NOTE;
      else
        {
          kinds[j] = KIND_FOLLOW_UP;  /* refined below */
          n_public++;
        }
    }

  /* At least one agent answer once someone has touched the ticket, and a
   * pending or on-hold ticket waits for the customer, so an agent spoke
   * last. */
  if (status != TEND_TICKET_STATUS_NEW && n_public < 2)
    {
      for (guint j = n; j-- > 1;)
        if (kinds[j] == KIND_NOTE)
          {
            kinds[j] = KIND_FOLLOW_UP;
            n_public++;
            break;
          }
      if (n_public < 2)
        {
          kinds[n++] = KIND_FOLLOW_UP;
          n_public++;
        }
    }
  if ((status == TEND_TICKET_STATUS_PENDING || status == TEND_TICKET_STATUS_HOLD) && n_public % 2 == 1)
    {
      kinds[n++] = KIND_FOLLOW_UP;
      n_public++;
    }

  public_index = 0;
  for (guint j = 0; j < n; j++)
    {
      if (kinds[j] == KIND_NOTE)
        continue;
      if (public_index == 0)
        kinds[j] = KIND_OPENING;
      else if (status == TEND_TICKET_STATUS_NEW)
        kinds[j] = KIND_FOLLOW_UP;
      else if (public_index == 1)
        kinds[j] = KIND_REPLY;
      else if (public_index % 2 == 1)
        kinds[j] = KIND_AGENT_MORE;
      else
        kinds[j] = KIND_FOLLOW_UP;

      if (public_index == n_public - 1 && public_index >= 2 &&
          (status == TEND_TICKET_STATUS_SOLVED || status == TEND_TICKET_STATUS_CLOSED))
        kinds[j] = public_index % 2 == 1 ? KIND_AGENT_SOLVED : KIND_THANKS;

      public_index++;
    }

  /* When each message was written. */
  total = 0;
  gaps[0] = 0;
  for (guint j = 1; j < n; j++)
    {
      switch (kinds[j])
        {
        case KIND_NOTE:
          gaps[j] = rng_log_range (&rng, 60, 2 * 3600);
          break;
        case KIND_REPLY:
        case KIND_AGENT_MORE:
        case KIND_AGENT_SOLVED:
          gaps[j] = rng_log_range (&rng, 300, 30 * 3600);
          break;
        case KIND_OPENING:
        case KIND_FOLLOW_UP:
        case KIND_THANKS:
        default:
          gaps[j] = rng_log_range (&rng, 1200, 5 * GEN_DAY);
          break;
        }
      total += gaps[j];
    }

  {
    gint64 limit = self->now - 60 - created;
    gint64 target = -1;

    /* A ticket still open after months has had activity in the last few
     * weeks. */
    if (status < TEND_TICKET_STATUS_SOLVED && n > 1 && created + total < self->now - 60 * GEN_DAY)
      target = self->now - rng_range (&rng, 600, 60 * GEN_DAY) - created;
    else if (total > limit)
      target = limit;

    if (target > 0 && total > 0)
      {
        double factor = (double) target / (double) total;

        total = 0;
        for (guint j = 1; j < n; j++)
          {
            gaps[j] = MAX (1, (gint64) (gaps[j] * factor));
            total += gaps[j];
          }
      }
  }

  /* Now the ticket itself. */
  ticket = tend_ticket_new (ticket_id);
  tend_ticket_set_subject (ticket, subject);
  tend_ticket_set_status (ticket, status);

  priority = (TendTicketPriority) rng_weighted (&rng, priority_weights, G_N_ELEMENTS (priority_weights));
  if (strstr (subject, "URGENT") != NULL || strstr (subject, "!!") != NULL)
    priority = TEND_TICKET_PRIORITY_URGENT;
  else if ((topic_id == GEN_TOPIC_API || topic_id == GEN_TOPIC_LOGIN) && priority < TEND_TICKET_PRIORITY_HIGH &&
           rng_chance (&rng, 0.25))
    priority = TEND_TICKET_PRIORITY_HIGH;
  if (customer->vip && priority < TEND_TICKET_PRIORITY_HIGH && rng_chance (&rng, 0.5))
    priority = TEND_TICKET_PRIORITY_HIGH;
  tend_ticket_set_priority (ticket, priority);

  if (rng_chance (&rng, 0.92))
    tend_ticket_set_ticket_type (ticket, topic->types[rng_below (&rng, topic->n_types)]);

  tend_ticket_set_requester_id (ticket, customer->id);
  tend_ticket_set_submitter_id (ticket, rng_chance (&rng, 0.97) ? customer->id : GEN_AGENT_ID_BASE + agent);
  if (assigned)
    {
      tend_ticket_set_assignee_id (ticket, GEN_AGENT_ID_BASE + assignee_agent);
      tend_ticket_set_group_id (ticket, topic->group_id);
    }
  else if (rng_chance (&rng, 0.5))
    tend_ticket_set_group_id (ticket, GEN_GROUP_SUPPORT);
  if (customer->org >= 0)
    tend_ticket_set_organization_id (ticket, g_array_index (self->orgs, GenOrg, customer->org).id);

  add_tag (tags, &n_tags, G_N_ELEMENTS (tags) - 1, topic->tags[0]);
  for (guint k = 1; k < topic->n_tags; k++)
    if (rng_chance (&rng, 0.35))
      add_tag (tags, &n_tags, G_N_ELEMENTS (tags) - 1, topic->tags[k]);
  if (customer->vip)
    add_tag (tags, &n_tags, G_N_ELEMENTS (tags) - 1, "vip");
  if (customer->org >= 0 && g_array_index (self->orgs, GenOrg, customer->org).enterprise)
    add_tag (tags, &n_tags, G_N_ELEMENTS (tags) - 1, "enterprise");
  if (rng_chance (&rng, 0.3))
    add_tag (tags, &n_tags, G_N_ELEMENTS (tags) - 1, RNG_PICK (&rng, gen_extra_tags));
  if (native >= 0)
    add_tag (tags, &n_tags, G_N_ELEMENTS (tags) - 1, gen_cultures[customer->culture].locale);
  tend_ticket_set_tags (ticket, tags);

  if (rng_chance (&rng, 0.3))
    {
      g_autofree char *extra = NULL;
      g_autofree char *plan = g_ascii_strdown (slots.v[SLOT_PLAN], -1);

      extra = g_strdup_printf ("{\"custom_fields\":[{\"id\":360001,\"value\":\"%s\"},"
                               "{\"id\":360002,\"value\":\"%s\"},{\"id\":360003,\"value\":%s}]}",
                               plan, RNG_PICK (&rng, gen_channels),
                               rng_chance (&rng, 0.5) ? "null" : "true");
      tend_ticket_set_extra_json (ticket, extra);
    }

  /* The conversation. */
  t = created;
  last_at = created;
  for (guint j = 0; j < n; j++)
    {
      TendComment *comment = tend_comment_new (self->next_comment_id++);
      gboolean from_agent = kinds[j] != KIND_OPENING && kinds[j] != KIND_FOLLOW_UP && kinds[j] != KIND_THANKS;
      guint author_agent = agent;

      t += gaps[j];
      last_at = t;
      g_string_truncate (text, 0);

      switch (kinds[j])
        {
        case KIND_OPENING:
          if (native >= 0)
            expand (text, gen_native[native].body, &slots);
          else
            {
              guint o = forced != NULL && forced->opening >= 0 ? (guint) forced->opening
                                                              : rng_below (&rng, topic->n_openings);
              expand (text, RNG_PICK (&rng, gen_customer_greetings), &slots);
              expand (text, topic->openings[o], &slots);
              expand (text, RNG_PICK (&rng, gen_customer_signoffs), &slots);
            }
          break;

        case KIND_FOLLOW_UP:
          if (status != TEND_TICKET_STATUS_NEW && rng_chance (&rng, 0.65))
            expand (text, topic->follow_ups[rng_below (&rng, topic->n_follow_ups)], &slots);
          else
            expand (text, RNG_PICK (&rng, gen_customer_generic), &slots);
          if (rng_chance (&rng, 0.3))
            expand (text, RNG_PICK (&rng, gen_customer_signoffs), &slots);
          break;

        case KIND_THANKS:
          {
            const char *thanks = RNG_PICK (&rng, gen_customer_thanks);

            if (rng_chance (&rng, 0.5))
              for (guint k = 0; k < G_N_ELEMENTS (gen_customer_thanks_local); k++)
                if (g_str_equal (gen_customer_thanks_local[k][0], gen_cultures[customer->culture].locale))
                  thanks = gen_customer_thanks_local[k][1];
            expand (text, thanks, &slots);
          }
          break;

        case KIND_NOTE:
          if (rng_chance (&rng, 0.3))
            author_agent = agent2;
          if (rng_chance (&rng, 0.7))
            expand (text, topic->notes[rng_below (&rng, topic->n_notes)], &slots);
          else
            expand (text, RNG_PICK (&rng, gen_generic_notes), &slots);
          break;

        case KIND_REPLY:
        case KIND_AGENT_MORE:
        case KIND_AGENT_SOLVED:
        default:
          expand (text, RNG_PICK (&rng, gen_agent_greetings), &slots);
          g_string_append (text, "\n\n");
          if (kinds[j] == KIND_REPLY && native >= 0)
            g_string_append (text, "Thank you for writing to us. I'm answering in English so that the "
                                   "whole team can follow; I hope that's all right.\n\n");
          if (kinds[j] == KIND_REPLY)
            expand (text, topic->replies[rng_below (&rng, topic->n_replies)], &slots);
          else if (kinds[j] == KIND_AGENT_SOLVED)
            expand (text, RNG_PICK (&rng, gen_agent_solved), &slots);
          else if (rng_chance (&rng, 0.6))
            expand (text, topic->agent_more[rng_below (&rng, topic->n_agent_more)], &slots);
          else
            expand (text, RNG_PICK (&rng, gen_agent_generic), &slots);
          g_string_append (text, "\n\n");
          expand (text, RNG_PICK (&rng, gen_agent_signoffs), &slots);
          break;
        }

      tend_comment_set_ticket_id (comment, ticket_id);
      tend_comment_set_body (comment, text->str);
      tend_comment_set_created_at (comment, t);
      tend_comment_set_public (comment, kinds[j] != KIND_NOTE);
      if (from_agent)
        {
          g_autofree char *html = html_from_text (text->str);

          tend_comment_set_author_id (comment, GEN_AGENT_ID_BASE + author_agent);
          tend_comment_set_html_body (comment, html);
        }
      else
        {
          tend_comment_set_author_id (comment, customer->id);
          if (rng_chance (&rng, j == 0 ? 0.12 : 0.04))
            add_attachment (self, comment, ticket_id, &rng);
        }

      if (j == 0)
        tend_ticket_set_description (ticket, text->str);

      g_ptr_array_add (changes->comments, comment);
    }

  /* Solving and closing happen after the last message; a rating comes
   * after that. */
  updated = last_at;
  if (status == TEND_TICKET_STATUS_SOLVED || status == TEND_TICKET_STATUS_CLOSED)
    {
      double r = rng_double (&rng);

      updated += rng_range (&rng, 30, 2 * 3600);
      if (r < 0.45)
        {
          gboolean good = rng_chance (&rng, 0.82);

          tend_ticket_set_satisfaction (ticket, good ? "good" : "bad");
          if (rng_chance (&rng, 0.55))
            {
              g_autofree char *csat = expand_dup (good ? RNG_PICK (&rng, gen_csat_good)
                                                       : RNG_PICK (&rng, gen_csat_bad), &slots);
              tend_ticket_set_satisfaction_comment (ticket, csat);
            }
          updated += rng_range (&rng, 3600, 2 * GEN_DAY);
        }
      else if (r < 0.6)
        tend_ticket_set_satisfaction (ticket, "offered");
      else if (r < 0.8)
        tend_ticket_set_satisfaction (ticket, "unoffered");

      if (status == TEND_TICKET_STATUS_CLOSED)
        updated += 4 * GEN_DAY + rng_range (&rng, 0, 3600);
    }
  else if (rng_chance (&rng, 0.2))
    {
      /* A field edit (priority, tags) after the last message. */
      updated += rng_range (&rng, 60, 6 * 3600);
    }
  updated = CLAMP (updated, last_at, MAX (last_at, self->now));

  tend_ticket_set_created_at (ticket, created);
  tend_ticket_set_updated_at (ticket, updated);

  g_ptr_array_add (changes->tickets, ticket);
  g_string_free (text, TRUE);
}

gboolean
tend_generator_next (TendGenerator *self,
                     TendChangeset *changes,
                     guint          max_tickets)
{
  gboolean added = FALSE;
  char me[32];

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (!self->started)
    {
      GenRng rng;

      self->started = TRUE;
      emit_agents (self, changes);
      rng_seed (&rng, self->seed, G_GUINT64_CONSTANT (0x6f7267656d6974));
      emit_orgs (self, changes, &rng);
      rng_seed (&rng, self->seed, G_GUINT64_CONSTANT (0x637573656d6974));
      emit_customers (self, changes, &rng);
      rng_seed (&rng, self->seed, G_GUINT64_CONSTANT (0x6172746963));
      emit_articles (self, changes, &rng);
      rng_seed (&rng, self->seed, G_GUINT64_CONSTANT (0x6d6163726f));
      emit_macros (self, changes, &rng);

      g_snprintf (me, sizeof me, "%" G_GINT64_FORMAT, tend_generator_get_me_id (self));
      tend_changeset_set_meta (changes, "me", me);
      emit_groups (changes);
      added = TRUE;
    }

  for (guint i = 0; i < max_tickets && self->next_ticket < self->n_tickets; i++)
    {
      gen_ticket (self, self->next_ticket, changes);
      self->next_ticket++;
      added = TRUE;
    }

  return added;
}
