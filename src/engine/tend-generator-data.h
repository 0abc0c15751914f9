/* tend-generator-data.h: the word lists and message templates behind
 * TendGenerator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only tend-generator.c includes this. Templates hold slots such as
 * {order} or {first} that the generator fills per ticket, so that one
 * template gives many different texts while a conversation keeps talking
 * about the same order, amount or error code from its first message to its
 * last. Some texts deliberately look like HTML or Pango markup, or mix
 * scripts and emoji: the data is meant to catch code that trusts what a
 * helpdesk sends.
 */
#pragma once

#include <glib.h>

#define GEN_LIST(arr) (arr), G_N_ELEMENTS (arr)

/* ---------------------------------------------------------------- people */

typedef struct
{
  const char *display;   /* as the person writes it */
  const char *ascii;     /* for e-mail addresses; NULL: transliterate display */
} GenName;

typedef struct
{
  const char         *locale;
  const GenName      *first;
  guint               n_first;
  const GenName      *last;
  guint               n_last;
  gboolean            family_first;  /* "佐藤 花子", "김 민준" */
  const char * const *zones;
  guint               n_zones;
  const char * const *phones;        /* '#' becomes a digit */
  guint               n_phones;
  const char * const *free_mail;     /* webmail domains used there */
  guint               n_free_mail;
  const char         *cur_prefix;    /* an amount is prefix units sep cents suffix */
  const char         *cur_sep;
  const char         *cur_suffix;
  guint               weight;
} GenCulture;

static const GenName en_first[] = {
  { "James", NULL }, { "Mary", NULL }, { "Robert", NULL }, { "Patricia", NULL },
  { "Michael", NULL }, { "Jennifer", NULL }, { "David", NULL }, { "Linda", NULL },
  { "Emily", NULL }, { "Daniel", NULL }, { "Olivia", NULL }, { "Ethan", NULL },
  { "Madison", NULL }, { "Tyler", NULL }, { "Hannah", NULL }, { "Kevin", NULL },
  { "Rachel", NULL }, { "Brandon", NULL }, { "Megan", NULL }, { "Jordan", NULL },
  { "Chloe", NULL }, { "Nathan", NULL }, { "Grace", NULL }, { "Zoë", NULL },
  { "Siobhan", NULL }, { "Aidan", NULL }, { "Amara", NULL }, { "DeShawn", NULL },
};
static const GenName en_last[] = {
  { "Smith", NULL }, { "Johnson", NULL }, { "Williams", NULL }, { "Brown", NULL },
  { "Jones", NULL }, { "Miller", NULL }, { "Davis", NULL }, { "Wilson", NULL },
  { "Anderson", NULL }, { "Taylor", NULL }, { "Thomas", NULL }, { "Moore", NULL },
  { "Martin", NULL }, { "Thompson", NULL }, { "White", NULL }, { "Harris", NULL },
  { "Clark", NULL }, { "Lewis", NULL }, { "Robinson", NULL }, { "Walker", NULL },
  { "O'Connor", "oconnor" }, { "McAllister", NULL }, { "Nguyen", NULL }, { "Okafor", NULL },
  { "Fitzgerald", NULL }, { "Washington", NULL }, { "Brennan", NULL }, { "Kowalczyk", NULL },
};
static const char * const en_zones[] = {
  "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
  "America/Phoenix", "Europe/London", "Europe/Dublin", "America/Toronto",
  "Australia/Sydney", "Pacific/Auckland",
};
static const char * const en_phones[] = {
  "+1 212 555 0###", "+1 (415) 555-0###", "+1 312-555-0###", "+44 20 7946 0###",
  "+44 161 496 0###", "+61 2 5550 ####", "+1 646 555 0###",
};
static const char * const en_mail[] = {
  "gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "proton.me",
};

static const GenName de_first[] = {
  { "Jürgen", NULL }, { "Björn", NULL }, { "Lena", NULL }, { "Katharina", NULL },
  { "Matthias", NULL }, { "Sönke", NULL }, { "Anja", NULL }, { "Florian", NULL },
  { "Jörg", NULL }, { "Mareike", NULL }, { "Lukas", NULL }, { "Hannelore", NULL },
  { "Maximilian", NULL }, { "Annika", NULL }, { "Dörte", NULL }, { "Tobias", NULL },
};
static const GenName de_last[] = {
  { "Müller", "mueller" }, { "Schröder", "schroeder" }, { "Weiß", "weiss" },
  { "Schäfer", "schaefer" }, { "Becker", NULL }, { "Hoffmann", NULL },
  { "Krüger", "krueger" }, { "Wagner", NULL }, { "Schmidt", NULL }, { "Fischer", NULL },
  { "Köhler", "koehler" }, { "Zimmermann", NULL }, { "Groß", "gross" }, { "Bäcker", "baecker" },
  { "von Stein", "vonstein" }, { "Hübner", "huebner" },
};
static const char * const de_zones[] = {
  "Europe/Berlin", "Europe/Vienna", "Europe/Zurich",
};
static const char * const de_phones[] = {
  "+49 30 #######", "+49 89 ########", "+49 170 #######", "+43 1 #######", "+41 44 ### ## ##",
};
static const char * const de_mail[] = {
  "web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de",
};

static const GenName fr_first[] = {
  { "Élodie", NULL }, { "François", NULL }, { "Hélène", NULL }, { "Jérôme", NULL },
  { "Amélie", NULL }, { "Théo", NULL }, { "Océane", NULL }, { "Gaëlle", NULL },
  { "Benoît", NULL }, { "Loïc", NULL }, { "Camille", NULL }, { "Mathéo", NULL },
  { "Aurélie", NULL }, { "Noël", NULL },
};
static const GenName fr_last[] = {
  { "Lefèvre", NULL }, { "Dubois", NULL }, { "Moreau", NULL }, { "Girard", NULL },
  { "Bonnet", NULL }, { "Faure", NULL }, { "Rousseau", NULL }, { "Mercier", NULL },
  { "Lemaître", NULL }, { "Château", NULL }, { "Garçon", NULL }, { "Dupont", NULL },
  { "Bérubé", NULL }, { "Tremblay", NULL },
};
static const char * const fr_zones[] = {
  "Europe/Paris", "Europe/Brussels", "America/Montreal", "Europe/Luxembourg",
};
static const char * const fr_phones[] = {
  "+33 1 ## ## ## ##", "+33 6 ## ## ## ##", "+32 2 ### ## ##", "+1 514 555 0###",
};
static const char * const fr_mail[] = {
  "orange.fr", "free.fr", "laposte.net", "gmail.com", "hotmail.fr",
};

static const GenName ja_first[] = {
  { "花子", "hanako" }, { "翔太", "shota" }, { "美咲", "misaki" }, { "健太", "kenta" },
  { "陽菜", "hina" }, { "大輔", "daisuke" }, { "さくら", "sakura" }, { "Haruto", NULL },
  { "Yui", NULL }, { "Ren", NULL }, { "由美", "yumi" }, { "拓也", "takuya" },
};
static const GenName ja_last[] = {
  { "佐藤", "sato" }, { "鈴木", "suzuki" }, { "高橋", "takahashi" }, { "田中", "tanaka" },
  { "渡辺", "watanabe" }, { "伊藤", "ito" }, { "山本", "yamamoto" }, { "中村", "nakamura" },
  { "Kobayashi", NULL }, { "Yoshida", NULL }, { "加藤", "kato" }, { "松本", "matsumoto" },
};
static const char * const ja_zones[] = { "Asia/Tokyo" };
static const char * const ja_phones[] = { "+81 3-####-####", "+81 90-####-####", "+81 6-####-####" };
static const char * const ja_mail[] = { "yahoo.co.jp", "gmail.com", "docomo.ne.jp", "icloud.com" };

static const GenName ar_first[] = {
  { "ليلى", "layla" }, { "محمد", "mohammed" }, { "فاطمة", "fatima" }, { "عمر", "omar" },
  { "نور", "nour" }, { "يوسف", "youssef" }, { "Karim", NULL }, { "Amira", NULL },
  { "Hassan", NULL }, { "Rania", NULL }, { "خالد", "khaled" }, { "سلمى", "salma" },
};
static const GenName ar_last[] = {
  { "حداد", "haddad" }, { "الأحمد", "alahmad" }, { "منصور", "mansour" }, { "الخطيب", "alkhatib" },
  { "Saleh", NULL }, { "El-Sayed", "elsayed" }, { "Haddad", NULL }, { "Nasser", NULL },
  { "العلي", "alali" }, { "Khoury", NULL }, { "عبد الله", "abdullah" }, { "Farouk", NULL },
};
static const char * const ar_zones[] = {
  "Asia/Riyadh", "Asia/Dubai", "Africa/Cairo", "Asia/Amman", "Africa/Casablanca", "Asia/Beirut",
};
static const char * const ar_phones[] = {
  "+966 11 ### ####", "+971 4 ### ####", "+20 2 #### ####", "+962 6 ### ####", "+212 5## ## ## ##",
};
static const char * const ar_mail[] = { "gmail.com", "hotmail.com", "yahoo.com", "outlook.sa" };

static const GenName he_first[] = {
  { "נועה", "noa" }, { "איתי", "itai" }, { "תמר", "tamar" }, { "יונתן", "yonatan" },
  { "Shira", NULL }, { "Avi", NULL }, { "מיכל", "michal" }, { "דניאל", "daniel" },
};
static const GenName he_last[] = {
  { "כהן", "cohen" }, { "לוי", "levi" }, { "מזרחי", "mizrahi" }, { "פרץ", "peretz" },
  { "Friedman", NULL }, { "Ben-David", "bendavid" }, { "אברהם", "avraham" }, { "Shapiro", NULL },
};
static const char * const he_zones[] = { "Asia/Jerusalem" };
static const char * const he_phones[] = { "+972 3-###-####", "+972 52-###-####" };
static const char * const he_mail[] = { "gmail.com", "walla.co.il", "outlook.com" };

static const GenName pt_first[] = {
  { "João", NULL }, { "Conceição", NULL }, { "Thiago", NULL }, { "Ana Beatriz", NULL },
  { "Luíza", NULL }, { "Gonçalo", NULL }, { "Márcia", NULL }, { "Caio", NULL },
  { "Letícia", NULL }, { "Sebastião", NULL }, { "Rafaela", NULL }, { "Vinícius", NULL },
};
static const GenName pt_last[] = {
  { "Silva", NULL }, { "Santos", NULL }, { "Oliveira", NULL }, { "Gonçalves", NULL },
  { "Araújo", NULL }, { "Conceição", NULL }, { "Magalhães", NULL }, { "Assunção", NULL },
  { "Pereira", NULL }, { "Lima", NULL }, { "Brandão", NULL }, { "Falcão", NULL },
};
static const char * const pt_zones[] = {
  "America/Sao_Paulo", "America/Fortaleza", "America/Manaus", "Europe/Lisbon",
};
static const char * const pt_phones[] = { "+55 11 9####-####", "+55 21 9####-####", "+351 21 ### ####" };
static const char * const pt_mail[] = { "gmail.com", "uol.com.br", "bol.com.br", "hotmail.com" };

static const GenName ru_first[] = {
  { "Анна", "anna" }, { "Дмитрий", "dmitry" }, { "Екатерина", "ekaterina" }, { "Сергей", "sergey" },
  { "Ольга", "olga" }, { "Алексей", "alexey" }, { "Наталья", "natalya" }, { "Ivan", NULL },
  { "Юлия", "yulia" }, { "Максим", "maxim" },
};
static const GenName ru_last[] = {
  { "Смирнова", "smirnova" }, { "Иванов", "ivanov" }, { "Кузнецова", "kuznetsova" },
  { "Попов", "popov" }, { "Соколова", "sokolova" }, { "Волков", "volkov" },
  { "Petrov", NULL }, { "Лебедева", "lebedeva" }, { "Новиков", "novikov" }, { "Фёдоров", "fedorov" },
};
static const char * const ru_zones[] = { "Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Almaty" };
static const char * const ru_phones[] = { "+7 495 ###-##-##", "+7 812 ###-##-##", "+7 9## ###-##-##" };
static const char * const ru_mail[] = { "yandex.ru", "mail.ru", "gmail.com" };

static const GenName zh_first[] = {
  { "芳", "fang" }, { "伟", "wei" }, { "静", "jing" }, { "磊", "lei" }, { "秀英", "xiuying" },
  { "Wei", NULL }, { "Li", NULL }, { "敏", "min" }, { "浩然", "haoran" }, { "雨桐", "yutong" },
};
static const GenName zh_last[] = {
  { "王", "wang" }, { "李", "li" }, { "张", "zhang" }, { "刘", "liu" }, { "陈", "chen" },
  { "Zhou", NULL }, { "黄", "huang" }, { "吴", "wu" }, { "Lin", NULL }, { "赵", "zhao" },
};
static const char * const zh_zones[] = { "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore" };
static const char * const zh_phones[] = { "+86 10 #### ####", "+86 138 #### ####", "+852 #### ####", "+65 #### ####" };
static const char * const zh_mail[] = { "qq.com", "163.com", "gmail.com", "outlook.com" };

static const GenName es_first[] = {
  { "José", NULL }, { "María José", NULL }, { "Íñigo", NULL }, { "Lucía", NULL },
  { "Álvaro", NULL }, { "Begoña", NULL }, { "Sofía", NULL }, { "Andrés", NULL },
  { "Ximena", NULL }, { "Martín", NULL }, { "Valentina", NULL }, { "Raúl", NULL },
};
static const GenName es_last[] = {
  { "Núñez", NULL }, { "García", NULL }, { "Fernández", NULL }, { "López", NULL },
  { "Martínez", NULL }, { "Peña", NULL }, { "Ibáñez", NULL }, { "Ortega", NULL },
  { "Castaño", NULL }, { "Rodríguez", NULL }, { "Muñoz", NULL }, { "Vázquez", NULL },
};
static const char * const es_zones[] = {
  "Europe/Madrid", "America/Mexico_City", "America/Bogota", "America/Argentina/Buenos_Aires",
  "America/Santiago", "America/Lima",
};
static const char * const es_phones[] = { "+34 91 ### ## ##", "+52 55 #### ####", "+54 11 ####-####", "+57 1 ### ####" };
static const char * const es_mail[] = { "gmail.com", "hotmail.es", "yahoo.es", "outlook.com" };

static const GenName in_first[] = {
  { "Priya", NULL }, { "Arjun", NULL }, { "Ananya", NULL }, { "Rohan", NULL }, { "Kavya", NULL },
  { "Vikram", NULL }, { "Deepika", NULL }, { "Aditya", NULL }, { "Sneha", NULL }, { "Rahul", NULL },
};
static const GenName in_last[] = {
  { "Sharma", NULL }, { "Patel", NULL }, { "Iyer", NULL }, { "Reddy", NULL }, { "Gupta", NULL },
  { "Nair", NULL }, { "Banerjee", NULL }, { "Krishnamurthy", NULL }, { "Singh", NULL }, { "Desai", NULL },
};
static const char * const in_zones[] = { "Asia/Kolkata" };
static const char * const in_phones[] = { "+91 98### #####", "+91 22 #### ####", "+91 80 #### ####" };
static const char * const in_mail[] = { "gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com" };

static const GenName nord_first[] = {
  { "Åsa", NULL }, { "Björn", NULL }, { "Søren", NULL }, { "Ingrid", NULL }, { "Mikael", NULL },
  { "Astrid", NULL }, { "Øystein", NULL }, { "Sigríður", NULL }, { "Lars", NULL }, { "Freja", NULL },
};
static const GenName nord_last[] = {
  { "Ström", NULL }, { "Lindqvist", NULL }, { "Jørgensen", "joergensen" }, { "Åberg", NULL },
  { "Nielsen", NULL }, { "Hansen", NULL }, { "Virtanen", NULL }, { "Bergström", NULL },
  { "Guðmundsdóttir", "gudmundsdottir" }, { "Sæther", "saether" },
};
static const char * const nord_zones[] = {
  "Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki", "Atlantic/Reykjavik",
};
static const char * const nord_phones[] = { "+46 8 ### ### ##", "+47 ## ## ## ##", "+45 ## ## ## ##", "+358 9 #### ####" };
static const char * const nord_mail[] = { "gmail.com", "outlook.com", "telia.com" };

static const GenName pl_first[] = {
  { "Łukasz", NULL }, { "Małgorzata", NULL }, { "Wojciech", NULL }, { "Agnieszka", NULL },
  { "Paweł", NULL }, { "Zofia", NULL }, { "Grzegorz", NULL }, { "Joanna", NULL },
};
static const GenName pl_last[] = {
  { "Wójcik", NULL }, { "Kowalski", NULL }, { "Wiśniewska", NULL }, { "Dąbrowski", NULL },
  { "Zieliński", NULL }, { "Szymańska", NULL }, { "Woźniak", NULL }, { "Kozłowski", NULL },
};
static const char * const pl_zones[] = { "Europe/Warsaw", "Europe/Prague" };
static const char * const pl_phones[] = { "+48 22 ### ## ##", "+48 6## ### ###" };
static const char * const pl_mail[] = { "wp.pl", "onet.pl", "gmail.com", "interia.pl" };

static const GenName tr_first[] = {
  { "Çağla", NULL }, { "Emre", NULL }, { "Şule", NULL }, { "Oğuz", NULL }, { "Gülşen", NULL },
  { "Burak", NULL }, { "İrem", NULL }, { "Mustafa", NULL },
};
static const GenName tr_last[] = {
  { "Öztürk", NULL }, { "Yılmaz", NULL }, { "Kaya", NULL }, { "Şahin", NULL }, { "Çelik", NULL },
  { "Aydın", NULL }, { "Doğan", NULL }, { "Arslan", NULL },
};
static const char * const tr_zones[] = { "Europe/Istanbul" };
static const char * const tr_phones[] = { "+90 212 ### ## ##", "+90 5## ### ## ##" };
static const char * const tr_mail[] = { "gmail.com", "hotmail.com", "yandex.com.tr" };

static const GenName ko_first[] = {
  { "민준", "minjun" }, { "서연", "seoyeon" }, { "지훈", "jihoon" }, { "하은", "haeun" },
  { "Jisoo", NULL }, { "도윤", "doyoon" },
};
static const GenName ko_last[] = {
  { "김", "kim" }, { "이", "lee" }, { "박", "park" }, { "최", "choi" }, { "Jung", NULL }, { "강", "kang" },
};
static const char * const ko_zones[] = { "Asia/Seoul" };
static const char * const ko_phones[] = { "+82 2-####-####", "+82 10-####-####" };
static const char * const ko_mail[] = { "naver.com", "daum.net", "gmail.com" };

static const GenName vi_first[] = {
  { "Lan", NULL }, { "Minh", NULL }, { "Thảo", NULL }, { "Dũng", NULL }, { "Hương", NULL }, { "Quang", NULL },
};
static const GenName vi_last[] = {
  { "Nguyễn", "nguyen" }, { "Trần", "tran" }, { "Lê", "le" }, { "Phạm", "pham" },
  { "Hoàng", "hoang" }, { "Đặng", "dang" },
};
static const char * const vi_zones[] = { "Asia/Ho_Chi_Minh", "Asia/Bangkok" };
static const char * const vi_phones[] = { "+84 28 #### ####", "+84 9# ### ## ##" };
static const char * const vi_mail[] = { "gmail.com", "yahoo.com.vn" };

#define GEN_CULTURE(loc, p, family, pre, sep, suf, w) \
  { loc, GEN_LIST (p##_first), GEN_LIST (p##_last), family, GEN_LIST (p##_zones), \
    GEN_LIST (p##_phones), GEN_LIST (p##_mail), pre, sep, suf, w }

static const GenCulture gen_cultures[] = {
  GEN_CULTURE ("en-US", en, FALSE, "$", ".", "", 34),
  GEN_CULTURE ("de", de, FALSE, "", ",", " €", 10),
  GEN_CULTURE ("fr", fr, FALSE, "", ",", " €", 8),
  GEN_CULTURE ("ja", ja, TRUE, "¥", "", "", 6),
  GEN_CULTURE ("ar", ar, FALSE, "$", ".", "", 6),
  GEN_CULTURE ("pt-BR", pt, FALSE, "R$ ", ",", "", 7),
  GEN_CULTURE ("es", es, FALSE, "", ",", " €", 6),
  GEN_CULTURE ("ru", ru, FALSE, "$", ".", "", 4),
  GEN_CULTURE ("zh-CN", zh, TRUE, "¥", ".", "", 4),
  GEN_CULTURE ("he", he, FALSE, "$", ".", "", 3),
  GEN_CULTURE ("en-IN", in, FALSE, "$", ".", "", 4),
  GEN_CULTURE ("sv", nord, FALSE, "", ",", " €", 3),
  GEN_CULTURE ("pl", pl, FALSE, "", ",", " €", 2),
  GEN_CULTURE ("tr", tr, FALSE, "$", ".", "", 2),
  GEN_CULTURE ("ko", ko, TRUE, "$", ".", "", 2),
  GEN_CULTURE ("vi", vi, TRUE, "$", ".", "", 1),
};

/* The support team. The first one is the agent running Tend ("me"). */
typedef struct
{
  const char *name;
  const char *email;
  const char *zone;
  const char *locale;
  gboolean    admin;
} GenAgent;

static const GenAgent gen_agents[] = {
  { "Sam Rivera", "sam.rivera@example.com", "Europe/Lisbon", "en-US", FALSE },
  { "Priya Natarajan", "priya.natarajan@example.com", "Europe/London", "en-US", TRUE },
  { "Jonas Becker", "jonas.becker@example.com", "Europe/Berlin", "de", FALSE },
  { "Mei Tanaka", "mei.tanaka@example.com", "Asia/Tokyo", "ja", FALSE },
  { "Lucas Oliveira", "lucas.oliveira@example.com", "America/Sao_Paulo", "pt-BR", FALSE },
  { "Fatima Zahra El Idrissi", "fatima.elidrissi@example.com", "Africa/Casablanca", "fr", FALSE },
};

/* --------------------------------------------------------- organizations */

typedef struct
{
  const char *name;
  const char *domain;
} GenOrgName;

/* Hand-written first; the rest are built from the parts below. */
static const GenOrgName gen_org_names[] = {
  { "Northwind Traders", "northwind.example" },
  { "Müller & Söhne GmbH", "mueller-soehne.de" },
  { "Café Lumière SARL", "cafe-lumiere.fr" },
  { "Tanaka Shōji K.K.", "tanaka-shoji.co.jp" },
  { "Al Noor Trading LLC", "alnoor-trading.ae" },
  { "Blue Harbor Logistics", "blueharbor.com" },
  { "Pão de Queijo Ltda.", "paodequeijo.com.br" },
  { "Nordlicht Energie AG", "nordlicht-energie.de" },
  { "Sakura Systems", "sakura-systems.jp" },
  { "Fjällräv Outdoor AB", "fjallrav-outdoor.se" },
  { "Kraków Design Studio", "krakow-design.pl" },
  { "Ölüdeniz Tours", "oludeniz-tours.com.tr" },
  { "Hanbit Electronics", "hanbit-elec.kr" },
  { "Andes Coffee Co.", "andescoffee.co" },
  { "Maple & Pine Furniture", "mapleandpine.ca" },
  { "Greenfield Schools District", "greenfield.k12.example" },
  { "Red Lantern Restaurants", "redlantern.com" },
  { "Orbital Analytics", "orbital-analytics.io" },
  { "Sunrise Dental Clinics", "sunrisedental.com" },
  { "Medina Pharmacy Group", "medina-pharmacy.sa" },
  { "Lyon Biotech", "lyon-biotech.fr" },
  { "Shiraz Carpets", "shirazcarpets.com" },
  { "Kiwi Craft Brewery", "kiwicraft.co.nz" },
  { "Bangalore Code Works", "bcw.co.in" },
  { "Helsinki Sauna Supply", "saunasupply.fi" },
  { "Tel Aviv Robotics", "tlv-robotics.co.il" },
  { "Hồ Tây Textiles", "hotay-textiles.vn" },
  { "Volga River Shipping", "volga-shipping.ru" },
  { "Patagonia Wool Cooperative", "patagoniawool.com.ar" },
  { "ACME Corporation", "acme.example" },
};
static const char * const gen_org_first[] = {
  "Silver", "Granite", "Coral", "Amber", "Cobalt", "Willow", "Summit", "Harbor", "Pioneer",
  "Lumen", "Evergreen", "Crescent", "Atlas", "Beacon", "Cedar", "Falcon", "Juniper", "Meridian",
  "Nimbus", "Oakridge", "Prairie", "Quartz", "Riverside", "Sequoia", "Tidewater", "Vertex",
};
static const char * const gen_org_second[] = {
  "Labs", "Logistics", "Health", "Foods", "Media", "Partners", "Robotics", "Bank", "Dental",
  "Studios", "Outfitters", "Energy", "Software", "Capital", "Hotels", "Motors", "Insurance",
  "Pharma", "Academy", "Retail", "Consulting", "Airlines", "Games", "Textiles",
};
static const char * const gen_org_tld[] = {
  "com", "io", "de", "fr", "co.uk", "com.br", "co.jp", "net", "es", "ca",
};
static const char * const gen_org_tags[] = {
  "enterprise", "vip", "trial", "smb", "partner", "nonprofit", "education", "reseller",
};
static const char * const gen_org_notes[] = {
  "Renewal due in {month}. Main contact prefers e-mail over phone.",
  "Signed DPA on file; their data must stay in the EU region.",
  "Pays by purchase order — send invoices to accounts payable, not to the requester.",
  "Escalations go to their IT lead first. Do not share roadmap dates.",
  "Long-time customer (since 2017) 🙂 — very friendly, usually reports real bugs.",
  "Trial ends soon; sales wants to hear about any blocker.",
  "Uses SSO with Okta. Password resets must go through their admin.",
  "Had an outage credit last quarter; handle billing questions with care.",
  "VIP: 4-hour response target, even on weekends.",
  "Nonprofit discount (30 %) applied manually — check before any plan change.",
};
static const char * const gen_plans[] = {
  "Starter", "Team", "Business", "Enterprise",
};

/* ------------------------------------------------------------ customers */

static const char * const gen_customer_tags[] = {
  "vip", "newsletter", "beta", "b2b", "returning", "at_risk", "early_adopter", "reseller",
};
static const char * const gen_customer_notes[] = {
  "Prefers to be contacted by phone after 2 pm local time.",
  "Has two accounts — merged on request in {month}.",
  "Long-time customer since 2019 🙂 Very patient.",
  "Escalated twice last quarter; be thorough and double-check before replying.",
  "Writes in {lang}; English replies are fine.",
  "Asked us not to call. E-mail only.",
  "Beta tester for the new mobile app. Send them release notes.",
  "Chargeback filed in the past — involve billing before any refund.",
};

/* ------------------------------------------------------------- products */

static const char * const gen_products[] = {
  "Nimbus Hub", "Nimbus Cam 2", "Aurora Lamp", "Beacon Tracker", "Orbit Speaker",
  "Pulse Band", "Pulse Band Pro", "Nimbus Doorbell", "Aurora Light Strip", "Orbit Mini",
  "Nimbus Cloud Plus", "Beacon Tracker (4-pack)",
};
static const char * const gen_carriers[] = {
  "UPS", "DHL", "FedEx", "USPS", "La Poste", "Yamato", "Correios", "Royal Mail", "GLS", "PostNL",
};
static const char * const gen_cities[] = {
  "Lyon", "Osaka", "Leipzig", "Porto Alegre", "Cairo", "Memphis", "Rotterdam", "Louisville",
  "Köln", "Montréal", "São Paulo", "Nagoya", "Gdańsk", "İzmir",
};
static const char * const gen_browsers[] = {
  "Firefox 121", "Chrome 120", "Safari 17.2", "Edge 120", "Firefox ESR 115", "Chrome 119 on Android",
};
static const char * const gen_oses[] = {
  "Windows 11", "Windows 10", "macOS Sonoma 14.2", "Ubuntu 22.04", "iOS 17.2", "Android 14",
  "Fedora 39", "ChromeOS",
};
static const char * const gen_errors[] = {
  "E-4031", "E-1107", "ERR_CONNECTION_RESET", "NET::ERR_CERT_DATE_INVALID", "AUTH_TOKEN_EXPIRED",
  "E-2210", "PAYMENT_DECLINED", "SYNC_CONFLICT", "0x80070005", "E-5002",
};
static const char * const gen_http[] = {
  "500", "502", "503", "504", "429", "401", "403", "422", "409",
};
static const char * const gen_endpoints[] = {
  "/api/v2/orders", "/api/v2/orders/{id}/refunds", "/api/v2/webhooks", "/api/v2/devices",
  "/api/v2/customers/search", "/api/v2/invoices", "/oauth/token", "/api/v2/exports",
};
static const char * const gen_features[] = {
  "dark mode", "CSV export of invoices", "SSO with Okta", "bulk editing of devices",
  "a Linux desktop app", "calendar sync", "webhooks for refunds", "a family plan",
  "scheduling scenes by sunset", "multiple shipping addresses", "an API for firmware updates",
  "two-factor authentication with a hardware key",
};
static const char * const gen_months[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

/* --------------------------------------------------------- conversations */

typedef enum
{
  GEN_TOPIC_ORDER,
  GEN_TOPIC_REFUND,
  GEN_TOPIC_LOGIN,
  GEN_TOPIC_2FA,
  GEN_TOPIC_BUG,
  GEN_TOPIC_BILLING,
  GEN_TOPIC_SHIPPING,
  GEN_TOPIC_DELETION,
  GEN_TOPIC_API,
  GEN_TOPIC_FEATURE,
  GEN_N_TOPICS
} GenTopicId;

typedef struct
{
  const char         *name;
  guint               weight;
  gint64              group_id;
  const char * const *tags;
  guint               n_tags;
  const char * const *subjects;
  guint               n_subjects;
  const char * const *openings;
  guint               n_openings;
  const char * const *replies;      /* the agent's first answer */
  guint               n_replies;
  const char * const *follow_ups;   /* the customer again */
  guint               n_follow_ups;
  const char * const *agent_more;   /* later agent answers */
  guint               n_agent_more;
  const char * const *notes;        /* internal notes */
  guint               n_notes;
  const char * const *types;        /* ticket types to draw from; NULL = none */
  guint               n_types;
} GenTopic;

#define GEN_GROUP_SUPPORT   9000001
#define GEN_GROUP_BILLING   9000002
#define GEN_GROUP_TIER2     9000003
#define GEN_GROUP_LOGISTICS 9000004

static const struct
{
  gint64      id;
  const char *name;
} gen_groups[] = {
  { GEN_GROUP_SUPPORT, "Support" },
  { GEN_GROUP_BILLING, "Billing" },
  { GEN_GROUP_TIER2, "Tier 2" },
  { GEN_GROUP_LOGISTICS, "Logistics" },
};

/* orders */
static const char * const order_tags[] = { "order", "order_status", "wrong_item", "damaged" };
static const char * const order_subjects[] = {
  "Where is my order {order}?",
  "Order {order} still not shipped",
  "Wrong item in order {order}",
  "My {product} arrived damaged",
  "Order {order} never arrived 😡",
  "Can I change the address on order {order}?",
  "Missing part in my {product} box",
  "Cancel order {order} please",
  "Question about order {order}",
  "Received two {product} instead of one",
};
static const char * const order_openings[] = {
  "I ordered a {product} on {date} (order {order}) and the status still says “processing”. "
  "Can you tell me when it will ship?",
  "My order {order} arrived today but the box contains the wrong item: I ordered the {product} "
  "and got something completely different. I need the right one before the weekend.",
  "The {product} from order {order} arrived with a cracked housing. The outer box looked fine. "
  "I attached photos. What are my options?",
  "I placed order {order} by mistake — I meant to order the {product} in white. Can you cancel it "
  "before it ships?",
  "Hello! I moved last week. Could you update the shipping address for order {order}? The new "
  "address is in {city}.",
  "It's been {days} days since I ordered ({order}) and nothing has happened. I paid {amount}. "
  "This is really frustrating 😡",
  "The {product} box was missing the power adapter. Everything else is there. Order {order}.",
  "I got charged {amount} for order {order} but the confirmation e-mail never came. Did the order "
  "go through?",
};
static const char * const order_replies[] = {
  "Thanks for your patience. I checked order {order}: it left our warehouse on {date} and is "
  "now with {carrier}. Your tracking number is {tracking}.",
  "I'm sorry the wrong item arrived. I've created a replacement order for the {product} and "
  "e-mailed you a prepaid return label for the item you received. No need to wait for the "
  "return — the replacement ships today.",
  "I'm really sorry your {product} arrived damaged. Could you confirm that the photos show the "
  "serial number sticker? Once I have that, I'll send a replacement right away.",
  "Good news: order {order} had not been picked yet, so I was able to cancel it. The refund of "
  "{amount} will show on your statement within 5–10 business days.",
  "I've updated the shipping address on order {order} to the new one in {city}. Since it had "
  "not shipped yet, there is no extra charge.",
  "I can see order {order} was delayed by a stock shortage of the {product}. It is back in "
  "stock and your order is first in line to ship on {date}.",
};
static const char * const order_follow_ups[] = {
  "Thanks! The tracking page for {tracking} says “label created” only. Is that normal?",
  "Yes, the serial number is on the second photo, next to the barcode.",
  "Great, thank you 👍",
  "I still haven't got anything. It's been {days} days now.",
  "Can you send the replacement by express? I need it for a trip.",
};
static const char * const order_agent_more[] = {
  "“Label created” means {carrier} has not scanned the parcel yet; it usually updates within "
  "24 hours. I'll keep an eye on it.",
  "I've upgraded the replacement to express shipping at no cost. It should arrive within 2 "
  "business days.",
  "I contacted {carrier} and opened a trace on {tracking}. I'll update you as soon as I hear back.",
};
static const char * const order_notes[] = {
  "Warehouse confirms order {order} was packed with the wrong SKU. Reported to logistics.",
  "Replacement order created; original {order} flagged for return inspection.",
  "Customer has had two damaged deliveries this year — consider switching carrier for them.",
};
static const char * const order_types[] = { "question", "question", "incident", "task" };

/* refunds */
static const char * const refund_tags[] = { "refund", "billing", "return" };
static const char * const refund_subjects[] = {
  "Refund for order {order}",
  "Requesting a refund — {product} doesn't work",
  "Still waiting for my refund of {amount}",
  "Refund not received after return",
  "Partial refund instead of full?",
  "<b>URGENT</b> invoice &amp; refund",
  "Refund request: charged after cancelling",
  "Money back for {product}",
};
static const char * const refund_openings[] = {
  "I returned the {product} from order {order} on {date} and I haven't seen the refund of {amount} "
  "yet. Can you check?",
  "The {product} stopped working after two weeks. I'd like a full refund, not a replacement.",
  "I cancelled my {plan} subscription on {date} but was still charged {amount}. Please refund it.",
  "You refunded {amount2} but I paid {amount}. Why only a partial refund?",
  "Hi — I'm within the 30-day window, so I'd like to return the {product} and get my money back. "
  "How do I get a return label?",
  "Your refund page just shows “&lt;error&gt; Something went wrong &amp; try again”. "
  "I've tried three times. I want my {amount} back.",
};
static const char * const refund_replies[] = {
  "I've checked with our billing team: the refund of {amount} for order {order} was issued on "
  "{date}. Banks usually take 5–10 business days to show it.",
  "I'm sorry the {product} let you down. I've approved a full refund of {amount} to your original "
  "payment method and e-mailed you a return label.",
  "You're right — the cancellation went through but the renewal had already been queued. I've "
  "refunded {amount}; you'll see it within a week.",
  "The difference is the {amount2} shipping fee, which is refundable only when the item was "
  "faulty. Since it was, I've refunded the rest as well.",
};
static const char * const refund_follow_ups[] = {
  "Thank you, I see it pending on my card now 🎉",
  "It's been 10 business days and still nothing. Can you send me the transaction reference?",
  "OK, I dropped the parcel off at the post office this morning.",
  "Why does a refund take so long when the charge was instant? 😡",
};
static const char * const refund_agent_more[] = {
  "Here is the refund reference: RF-{reqid}. Your bank can use it to trace the payment.",
  "We've received your return and the refund of {amount} is on its way.",
  "I understand the frustration. Card refunds go through the card network, which we can't speed "
  "up, but the reference above proves it was sent.",
};
static const char * const refund_notes[] = {
  "Refund of {amount} approved — within policy (30 days, faulty item).",
  "Billing: charge {invoice} captured twice; second capture refunded.",
  "Customer is outside the return window by 3 days. Approving as a goodwill gesture.",
};
static const char * const refund_types[] = { "question", "incident", "task" };

/* login */
static const char * const login_tags[] = { "login", "password", "account" };
static const char * const login_subjects[] = {
  "Can't log in",
  "Password reset e-mail never arrives",
  "Account locked after too many attempts",
  "Login loop on {browser}",
  "“Invalid credentials” but the password is right",
  "Locked out of my account!!",
  "Can't sign in with Google anymore",
};
static const char * const login_openings[] = {
  "I can't log in since this morning. It says “invalid credentials” but I'm sure the password "
  "is right — I use a password manager. Error {error}.",
  "I requested a password reset three times and no e-mail arrived. I checked spam too.",
  "After entering my password the page just reloads the login form. {browser} on {os}. Cleared "
  "cookies already.",
  "My account is locked after too many attempts. I need access today, we have a deadline.",
  "“Sign in with Google” shows a blank page and then error {error}. It worked last week.",
};
static const char * const login_replies[] = {
  "I've unlocked your account and sent a fresh password reset link. It expires in one hour, so "
  "please use it soon.",
  "Our e-mail logs show the reset messages were rejected by your mail server. I've sent the link "
  "from a different address; please also allow no-reply@example.com.",
  "This is a known issue with {browser} when third-party cookies are blocked. Please allow cookies "
  "for accounts.example.com and try again.",
  "The lock lifts automatically after 30 minutes, but I've cleared it now. You can sign in again.",
};
static const char * const login_follow_ups[] = {
  "That worked, I'm in. Thanks! 👍",
  "The link says it has expired already 🙁",
  "Still the same loop, even in a private window.",
  "Got it. Why did this happen in the first place?",
};
static const char * const login_agent_more[] = {
  "I've sent a new link and extended its validity to 24 hours.",
  "Could you send a screenshot of the browser console (F12 → Console) when the loop happens?",
  "Someone tried to sign in with a wrong password many times from another country, so the lock "
  "was a safety measure. I recommend turning on two-factor authentication.",
};
static const char * const login_notes[] = {
  "Auth logs show 14 failed attempts from an unknown IP before the lock. Possible credential "
  "stuffing — advised 2FA.",
  "Mail server returned 550 for our reset e-mails. Whitelisting request sent to their IT.",
  "Same login loop reported by 3 customers on {browser}. Linked to the tier 2 bug.",
};
static const char * const login_types[] = { "incident", "incident", "question", "problem" };

/* two-factor */
static const char * const twofa_tags[] = { "2fa", "login", "security" };
static const char * const twofa_subjects[] = {
  "Lost my phone — can't get 2FA codes",
  "Two-factor codes not accepted",
  "How do I set up two-factor authentication?",
  "Backup codes don't work",
  "2FA SMS never arrives",
  "New phone, authenticator app is empty",
};
static const char * const twofa_openings[] = {
  "I lost my phone and with it the authenticator app. I don't have the backup codes. How can I get "
  "back into my account?",
  "The six-digit codes from my authenticator are always rejected. The time on my phone is correct.",
  "Our admin wants everyone on two-factor authentication by {date}. Where do I turn it on?",
  "I'm trying my backup codes and each one says “code already used”. I never used them.",
  "The SMS with the code never arrives. My number is {phone}.",
  "I switched to a new phone and the authenticator app didn't transfer my accounts.",
};
static const char * const twofa_replies[] = {
  "To protect your account we need to verify your identity before removing two-factor "
  "authentication. Please reply from the e-mail on the account with the last four digits of the "
  "card you pay with.",
  "Rejected codes almost always mean the phone's clock drifted. In the app, use “Time correction "
  "for codes” and try again.",
  "Go to Settings → Security → Two-factor authentication and scan the QR code with an "
  "authenticator app. Save the backup codes somewhere safe!",
  "I've reset your two-factor authentication. The next time you sign in you'll be asked to set it "
  "up again.",
};
static const char * const twofa_follow_ups[] = {
  "The card ends in {last4}.",
  "Time correction fixed it 🎉 thank you!",
  "Done, and I printed the backup codes this time.",
  "I don't have a card on file, we pay by invoice {invoice}.",
};
static const char * const twofa_agent_more[] = {
  "Thank you, that matches. I've removed two-factor authentication; please set it up again right "
  "after you sign in.",
  "An invoice number works too — thank you. Two-factor is now reset.",
};
static const char * const twofa_notes[] = {
  "Identity verified with card ending {last4} and account e-mail. OK to reset 2FA.",
  "Do NOT reset 2FA: the request came from an address that is not on the account.",
};
static const char * const twofa_types[] = { "question", "incident", "task" };

/* bugs */
static const char * const bug_tags[] = { "bug", "app", "crash" };
static const char * const bug_subjects[] = {
  "App crashes when I open settings",
  "{product} firmware {version} broke Wi-Fi",
  "Error page says <title>500 Internal Server Error</title>",
  "Settings page shows code instead of the form",
  "Status label shows raw markup",
  "Sync conflict {error} every morning",
  "Dark mode makes the text unreadable",
  "Export button does nothing",
  "Notifications arrive twice 🔔🔔",
  "App stuck on “Loading…” after update {version}",
};
static const char * const bug_openings[] = {
  "After updating to {version} the settings page shows this instead of the form:\n\n"
  "    <script>alert(1)</script> Uncaught TypeError: e is undefined\n\n"
  "It happens in {browser} on {os}.",
  "The status label in the device list renders as raw markup: "
  "<span foreground=\"red\">Offline</span> instead of a red word. Screenshot attached.",
  "Since firmware {version} my {product} drops off Wi-Fi every few hours. I have to unplug it to "
  "get it back.",
  "The app crashes as soon as I tap Settings. {os}, app version {version}. Reinstalling didn't help.",
  "Every morning I get “{error}: sync conflict” and half of my scenes are gone.",
  "Clicking Export does nothing at all. The browser console says:\n\n"
  "    Refused to execute inline script because it violates the following Content Security "
  "Policy directive: \"script-src 'self'\"\n\n{browser}.",
  "The error page just says <h1>Oops</h1> and a request id {reqid}. Happens every time I save.",
};
static const char * const bug_replies[] = {
  "Thank you for the detailed report — that helps a lot. I could reproduce it with version "
  "{version} and have passed it to our engineers.",
  "Could you send the app logs? In the app: Help → Send diagnostics, and mention this ticket "
  "number {ticket}.",
  "This is a known issue in firmware {version}; a fix is in the next release. Until then, turning "
  "off “Wi-Fi power saving” in the device settings avoids the drop-outs.",
  "I'm sorry about the crash. Our engineers found the cause and the fix ships in the next update, "
  "expected within two weeks.",
};
static const char * const bug_follow_ups[] = {
  "Logs sent. It also happens on my partner's phone.",
  "Turning off power saving worked, thanks 👍",
  "Any news? It's still broken after the latest update 😡",
  "Here is another request id: {reqid}.",
};
static const char * const bug_agent_more[] = {
  "Thanks, the logs arrived. The engineers confirmed the cause and are testing a fix.",
  "Version {version}.1 is out now and contains the fix. Could you update and let me know?",
  "I've added your request id to the bug report. It's being worked on with high priority.",
};
static const char * const bug_notes[] = {
  "Reproduced on {os} with {browser}. Filed as BUG-{reqid}, linked this ticket.",
  "Engineering says the markup is not escaped in the device list — XSS risk, escalated to security.",
  "Duplicate of the firmware {version} Wi-Fi issue; 23 tickets linked so far.",
};
static const char * const bug_types[] = { "incident", "problem", "problem", "incident" };

/* billing */
static const char * const billing_tags[] = { "billing", "invoice", "payment" };
static const char * const billing_subjects[] = {
  "Charged twice this month",
  "Invoice {invoice} has the wrong VAT number",
  "<b>URGENT</b> invoice &amp; refund",
  "Payment declined but card is fine",
  "Why did my bill go up to {amount}?",
  "Need invoices for the last 12 months",
  "Switch from monthly to annual billing",
  "Company name on invoice {invoice}",
};
static const char * const billing_openings[] = {
  "I was charged {amount} twice on {date}. Please refund the duplicate charge.",
  "Invoice {invoice} shows the wrong VAT number. Our finance team can't book it. "
  "The correct one is DE{last4}56789.",
  "My card keeps getting declined ({error}), but it works everywhere else. We're on the {plan} plan.",
  "Our bill went from {amount2} to {amount} without any notice. What changed?",
  "Our accountant needs every invoice from the last 12 months as PDF. Is there a bulk download?",
  "We'd like to switch to annual billing to get the discount. Can we do that mid-cycle?",
};
static const char * const billing_replies[] = {
  "I see the two charges of {amount}. The second one was a temporary authorization and has been "
  "voided; it will disappear from your statement in a few days.",
  "I've corrected the VAT number and re-issued the invoice as {invoice}-R1. You'll find it under "
  "Billing → Invoices.",
  "The bank declined with code {error}, which usually means the card issuer blocked an "
  "international payment. Please ask them to allow it, or add another card.",
  "The increase comes from the extra seats added on {date}. The charge is prorated, so next "
  "month will be lower.",
  "Yes — under Billing → Invoices there is a “Download all” button that gives you a ZIP of PDFs.",
};
static const char * const billing_follow_ups[] = {
  "Thanks, I'll check my statement next week.",
  "Got the corrected invoice, perfect 👍",
  "The bank says they didn't block anything 😡",
  "Can you also put our PO number on future invoices?",
};
static const char * const billing_agent_more[] = {
  "I've added the PO number to your billing profile; it will show on every future invoice.",
  "In that case, please try paying through the invoice link instead — it uses a different "
  "payment processor.",
  "The switch to annual billing is done; the unused part of this month was credited.",
};
static const char * const billing_notes[] = {
  "Stripe shows a duplicate authorization for {amount}; voided, no refund needed.",
  "Customer on {plan}; seats went from 10 to 14 on {date}. Charge is correct.",
  "VAT numbers need finance approval before re-issuing — asked in #billing.",
};
static const char * const billing_types[] = { "question", "question", "incident", "task" };

/* shipping */
static const char * const shipping_tags[] = { "shipping", "delivery", "tracking" };
static const char * const shipping_subjects[] = {
  "Tracking number {tracking} doesn't work",
  "Package marked delivered but not here",
  "Customs fees on my order?",
  "How long does shipping to {city} take?",
  "Parcel stuck in {city} for a week",
  "Can you ship to a PO box?",
  "Delivered to the wrong address",
  "配送について / About shipping",
};
static const char * const shipping_openings[] = {
  "The tracking number {tracking} says “not found” on the {carrier} website.",
  "Tracking says my package was delivered yesterday, but it's not here and my neighbours don't "
  "have it either.",
  "{carrier} wants {amount2} in customs fees before delivering. Your site said duties were included!",
  "My parcel has been sitting in {city} for a week with no update. Order {order}.",
  "Do you ship to PO boxes? Deliveries to my house often get stolen.",
};
static const char * const shipping_replies[] = {
  "New tracking numbers take up to 24 hours to show on the {carrier} site. It should work by "
  "tomorrow.",
  "I'm sorry your parcel is missing. I've opened an investigation with {carrier}; they usually "
  "answer within 3 business days. If they can't find it, we'll send a replacement.",
  "You're right, orders to your country include duties. Please refuse the payment; I've asked "
  "{carrier} to correct it, and if you already paid, send us the receipt and we'll refund it.",
  "Parcels sometimes wait at the {city} hub during peak season. I've asked {carrier} to push it "
  "forward.",
};
static const char * const shipping_follow_ups[] = {
  "It works now, thanks!",
  "Still nothing after 3 days. Can you just send a new one?",
  "I already paid the {amount2}. Receipt attached.",
  "The parcel arrived this morning 🎉",
};
static const char * const shipping_agent_more[] = {
  "{carrier} couldn't locate the parcel, so I've sent a replacement with a new tracking number: "
  "{tracking}.",
  "Thanks for the receipt. I've refunded {amount2} to your card.",
};
static const char * const shipping_notes[] = {
  "Carrier trace opened: case {reqid}. Follow up in 3 business days.",
  "Third lost parcel to this address — require signature on delivery next time.",
};
static const char * const shipping_types[] = { "question", "incident" };

/* account deletion */
static const char * const deletion_tags[] = { "account_deletion", "gdpr", "privacy" };
static const char * const deletion_subjects[] = {
  "Delete my account",
  "GDPR request: erase all my data",
  "Close account and remove personal data",
  "Please remove my e-mail from your systems",
};
static const char * const deletion_openings[] = {
  "Please delete my account and all personal data you hold about me, as per Article 17 GDPR.",
  "I no longer use your products. How do I close my account? I don't want any more e-mails.",
  "I'd like a copy of my data first and then have the account deleted.",
};
static const char * const deletion_replies[] = {
  "We've received your deletion request. Before we go ahead: deleting the account also cancels "
  "your {plan} subscription and cannot be undone. Please confirm you'd like to proceed.",
  "I've started the data export; you'll get a download link by e-mail within 24 hours. Once you "
  "have it, reply here and I'll delete the account.",
};
static const char * const deletion_follow_ups[] = {
  "Yes, I confirm. Delete everything.",
  "Got the export. You can delete the account now.",
};
static const char * const deletion_agent_more[] = {
  "Your account and personal data have been deleted. Invoices are kept for 10 years as required "
  "by tax law, without any other personal data.",
};
static const char * const deletion_notes[] = {
  "Deletion confirmed by the account owner. Run the erasure job and close in 30 days.",
  "Open invoice {invoice} on the account — check with billing before deleting.",
};
static const char * const deletion_types[] = { "task", "task", "question" };

/* API */
static const char * const api_tags[] = { "api", "developer", "integration" };
static const char * const api_subjects[] = {
  "API returns {http} on {endpoint}",
  "Getting 429 Too Many Requests",
  "Webhook signature verification fails",
  "OAuth token expires after 5 minutes",
  "Pagination cursor returns the same page",
  "API error {error} when creating orders",
  "Timeouts on {endpoint} since {date}",
};
static const char * const api_openings[] = {
  "Since {date} every call to {endpoint} returns HTTP {http}. Request id {reqid}. Nothing changed "
  "on our side.",
  "We're getting 429 Too Many Requests even though we send fewer than 100 requests a minute.",
  "The X-Signature header on your webhooks never matches our HMAC. We use the secret from the "
  "dashboard.",
  "The response body was <html><body><h1>502 Bad Gateway</h1></body></html> instead of JSON, "
  "which broke our parser.",
  "Following after_cursor on {endpoint} returns the same 100 records again and again.",
  "Creating an order fails with {{\"error\":\"{error}\",\"description\":\"Invalid line item\"}.",
};
static const char * const api_replies[] = {
  "Thanks for the request id. Our logs show the {http} came from a bad deploy on {date}; it was "
  "rolled back. Could you retry?",
  "The limit is per token and per minute, but bursts above 10 requests per second are throttled "
  "too. Please honour the Retry-After header.",
  "The signature is computed over the raw request body, before any JSON parsing. Most mismatches "
  "come from re-serializing the body.",
  "The cursor must be passed exactly as returned, URL-encoded. Some HTTP clients decode the “=” "
  "at the end.",
};
static const char * const api_follow_ups[] = {
  "Works again, thanks.",
  "Using the raw body fixed it 👍",
  "We still see {http} on about 2 % of requests: {reqid}",
  "Is there a sandbox where we can test without hitting limits?",
};
static const char * const api_agent_more[] = {
  "Those remaining errors come from a single node; engineering has taken it out of rotation.",
  "Yes — every account gets a sandbox at sandbox.example.com with separate tokens and limits.",
};
static const char * const api_notes[] = {
  "Checked Kibana for {reqid}: upstream timeout on the orders service. Pinged #oncall.",
  "Customer's integration retries without backoff — 40k requests in 10 minutes.",
  "Escalating to tier 2: reproducible {http} on {endpoint}.",
};
static const char * const api_types[] = { "incident", "problem", "question" };

/* feature requests */
static const char * const feature_tags[] = { "feature_request", "feedback" };
static const char * const feature_subjects[] = {
  "Feature request: {feature}",
  "Please add {feature}",
  "Any plans for {feature}?",
  "Suggestion: {feature} would be great",
  "We'd pay more for {feature} 💡",
};
static const char * const feature_openings[] = {
  "We love the product, but we really need {feature}. Is it on the roadmap?",
  "Would it be possible to add {feature}? Our whole team ({company}) has been asking for it.",
  "Small suggestion: {feature}. Competitors have it and it's the one thing we miss.",
};
static const char * const feature_replies[] = {
  "Thank you for the suggestion! I've added your vote for {feature} to our product board; the "
  "team reviews it every month.",
  "Good news: {feature} is being worked on and should be in beta around {date}. I'll let you know "
  "when it's available.",
};
static const char * const feature_follow_ups[] = {
  "Great, looking forward to it 🎉",
  "Can we join the beta?",
  "Is there a public roadmap?",
};
static const char * const feature_agent_more[] = {
  "I've added you to the beta list; you'll get an invitation by e-mail.",
  "There isn't a public roadmap, but release notes are at https://example.com/changelog.",
};
static const char * const feature_notes[] = {
  "Adding +1 for {feature} from {company} ({plan}).",
  "Product says {feature} is planned for next quarter. Don't promise dates.",
};
static const char * const feature_types[] = { "question", "question", "task" };

#define GEN_TOPIC(name, w, group, p) \
  { name, w, group, GEN_LIST (p##_tags), GEN_LIST (p##_subjects), GEN_LIST (p##_openings), \
    GEN_LIST (p##_replies), GEN_LIST (p##_follow_ups), GEN_LIST (p##_agent_more), \
    GEN_LIST (p##_notes), GEN_LIST (p##_types) }

static const GenTopic gen_topics[GEN_N_TOPICS] = {
  [GEN_TOPIC_ORDER] = GEN_TOPIC ("order", 14, GEN_GROUP_LOGISTICS, order),
  [GEN_TOPIC_REFUND] = GEN_TOPIC ("refund", 12, GEN_GROUP_BILLING, refund),
  [GEN_TOPIC_LOGIN] = GEN_TOPIC ("login", 10, GEN_GROUP_SUPPORT, login),
  [GEN_TOPIC_2FA] = GEN_TOPIC ("2fa", 7, GEN_GROUP_SUPPORT, twofa),
  [GEN_TOPIC_BUG] = GEN_TOPIC ("bug", 12, GEN_GROUP_TIER2, bug),
  [GEN_TOPIC_BILLING] = GEN_TOPIC ("billing", 12, GEN_GROUP_BILLING, billing),
  [GEN_TOPIC_SHIPPING] = GEN_TOPIC ("shipping", 12, GEN_GROUP_LOGISTICS, shipping),
  [GEN_TOPIC_DELETION] = GEN_TOPIC ("deletion", 4, GEN_GROUP_SUPPORT, deletion),
  [GEN_TOPIC_API] = GEN_TOPIC ("api", 8, GEN_GROUP_TIER2, api),
  [GEN_TOPIC_FEATURE] = GEN_TOPIC ("feature", 9, GEN_GROUP_SUPPORT, feature),
};

/* A customer writing in their own language; one entry per locale and kind
 * of problem (0 = order/shipping, 1 = refund/billing, 2 = login/2FA). */
typedef struct
{
  const char *locale;
  guint       kind;
  const char *subject;
  const char *body;
} GenNative;

static const GenNative gen_native[] = {
  { "ar", 0, "طلبي رقم {order} لم يصل",
    "مرحباً، لم يصلني طلبي رقم {order} حتى الآن وقد مضى {days} أيام. هل يمكنكم التحقق من حالة الشحنة؟ شكراً لكم." },
  { "ar", 1, "طلب استرداد المبلغ",
    "أريد استرداد مبلغ {amount} لأن جهاز {product} وصل تالفاً. أرفقت صوراً للجهاز." },
  { "ar", 2, "لا أستطيع تسجيل الدخول",
    "لا أستطيع تسجيل الدخول إلى حسابي منذ أمس. تظهر رسالة الخطأ {error} في كل مرة." },
  { "he", 0, "ההזמנה {order} לא הגיעה",
    "שלום, ההזמנה שלי {order} עדיין לא הגיעה, כבר עברו {days} ימים. אפשר לבדוק מה קרה? תודה!" },
  { "he", 1, "בקשה להחזר כספי",
    "חויבתי פעמיים בסך {amount}. אבקש להחזיר את החיוב הכפול בהקדם." },
  { "he", 2, "לא מצליח להתחבר לחשבון",
    "אני לא מצליח להתחבר לחשבון שלי. קוד האימות הדו-שלבי לא מתקבל." },
  { "ja", 0, "注文{order}が届きません",
    "お世話になっております。{date}に注文した{product}（注文番号{order}）がまだ届いていません。配送状況を確認していただけますか？よろしくお願いいたします。" },
  { "ja", 1, "返金のお願い",
    "{product}が初期不良のため、{amount}の返金をお願いしたいです。写真を添付します。" },
  { "ja", 2, "ログインできません",
    "昨日からログインできません。「{error}」というエラーが表示されます。二段階認証のコードも届きません。" },
  { "de", 0, "Bestellung {order} nicht angekommen",
    "Hallo, meine Bestellung {order} vom {date} ist immer noch nicht angekommen. Können Sie bitte "
    "nachsehen, wo das Paket ist? Vielen Dank!" },
  { "de", 1, "Rückerstattung für {product}",
    "Guten Tag, ich möchte den {product} zurückgeben und bitte um Erstattung von {amount}. "
    "Das Gerät lässt sich nicht einschalten." },
  { "de", 2, "Anmeldung nicht möglich",
    "Ich kann mich seit heute Morgen nicht mehr anmelden. Fehlermeldung: {error}. Passwort ist "
    "sicher richtig." },
  { "fr", 0, "Commande {order} non reçue",
    "Bonjour, je n'ai toujours pas reçu ma commande {order} passée le {date}. Pouvez-vous "
    "vérifier où en est la livraison ? Merci d'avance." },
  { "fr", 1, "Demande de remboursement",
    "Bonjour, j'ai été débité deux fois de {amount}. Merci de rembourser le prélèvement en double." },
  { "fr", 2, "Impossible de me connecter",
    "Je n'arrive plus à me connecter à mon compte : « {error} ». J'ai déjà réinitialisé le mot de "
    "passe." },
  { "pt-BR", 0, "Pedido {order} não chegou",
    "Olá, meu pedido {order} ainda não chegou e já se passaram {days} dias. Vocês podem verificar? "
    "Obrigada!" },
  { "pt-BR", 1, "Reembolso do {product}",
    "Oi! O {product} chegou com defeito e eu gostaria do reembolso de {amount}, por favor." },
  { "pt-BR", 2, "Não consigo entrar na conta",
    "Não consigo fazer login desde ontem, aparece o erro {error}. Já tentei redefinir a senha." },
  { "es", 0, "Pedido {order} sin entregar",
    "Hola, mi pedido {order} todavía no ha llegado. ¿Podrían revisar el estado del envío? Gracias." },
  { "es", 1, "Solicitud de reembolso",
    "Me cobraron {amount} dos veces. ¿Pueden devolverme el cargo duplicado, por favor?" },
  { "ru", 0, "Заказ {order} не доставлен",
    "Здравствуйте! Мой заказ {order} до сих пор не доставлен, прошло уже {days} дней. Проверьте, "
    "пожалуйста." },
  { "ru", 2, "Не могу войти в аккаунт",
    "Не могу войти в аккаунт: ошибка {error}. Пароль точно правильный." },
  { "zh-CN", 0, "订单{order}还没有收到",
    "你好，我在{date}下的订单{order}到现在还没有收到，请帮忙查一下物流信息。谢谢！" },
  { "ko", 2, "로그인이 안 됩니다",
    "어제부터 로그인이 안 됩니다. 오류 코드 {error}가 표시됩니다." },
};

/* Shared pieces of every conversation. */
static const char * const gen_customer_greetings[] = {
  "Hi,\n\n", "Hello,\n\n", "Hi there,\n\n", "", "", "Good morning,\n\n", "Hey,\n\n", "Dear support team,\n\n",
};
static const char * const gen_customer_signoffs[] = {
  "\n\nThanks,\n{first}", "\n\nBest regards,\n{full}", "", "\n\n— {first}",
  "\n\nSent from my iPhone", "\n\nThank you!", "\n\nCheers,\n{first}", "",
};
static const char * const gen_agent_greetings[] = {
  "Hi {first},", "Hello {first},", "Dear {full},", "Hi {first},", "Hi there,",
};
static const char * const gen_agent_signoffs[] = {
  "Best,\n{agent}", "Kind regards,\n{agent}\nExample Support", "Thanks,\n{agent}",
  "All the best,\n{agent}", "Cheers,\n{agent} 🙂",
};
static const char * const gen_customer_generic[] = {
  "Any update on this? It's been {days} days. 😡",
  "Thanks for the quick reply!",
  "OK, I'll try that tonight and get back to you.",
  "I tried that but it still doesn't work.",
  "Sorry for the late answer, I was travelling.",
  "Can I call someone instead? This is taking too long.",
  "Hello?? Is anyone reading this? 😡😡",
};
static const char * const gen_agent_generic[] = {
  "Just checking in: did the steps above help?",
  "I'm following up on this with the team and will update you by {date}.",
  "Thanks for your patience while we look into this.",
  "I've escalated this to our specialists; you'll hear from us within one business day.",
};
static const char * const gen_agent_solved[] = {
  "I'm glad that's sorted! I'll mark this ticket as solved; just reply if anything else comes up. 🎉",
  "Great to hear it works now. I'm closing this ticket, but a reply will reopen it.",
  "Happy to help! Have a lovely week. 👍",
};
static const char * const gen_customer_thanks[] = {
  "Perfect, thank you so much! 🎉",
  "All good now, thanks 👍",
  "Thanks, you've been very helpful.",
  "Finally. Thanks.",
};
/* Thanks in the customer's language, by locale. */
static const char * const gen_customer_thanks_local[][2] = {
  { "fr", "Merci beaucoup ! 🙏" },
  { "ja", "ありがとうございました！" },
  { "ar", "شكراً جزيلاً 🙏" },
  { "he", "תודה רבה! 🙏" },
  { "de", "Vielen Dank, jetzt klappt alles 👍" },
  { "pt-BR", "Muito obrigada! 🎉" },
  { "es", "¡Muchas gracias! 🎉" },
};
static const char * const gen_generic_notes[] = {
  "@{agent2} can you take a look? Customer is on {plan}.",
  "Escalating to tier 2 — see request {reqid}.",
  "VIP customer, handle with care.",
  "Checked the logs; nothing unusual on our side so far.",
  "Waiting for the customer's answer before doing anything else.",
  "Customer also called the hotline about this; same details as here.",
};
static const char * const gen_csat_good[] = {
  "Fast and friendly, thank you!",
  "{agent} was great 👍",
  "Problem solved in one reply. Impressive.",
  "Très bon service, merci.",
  "Excellent 🎉",
};
static const char * const gen_csat_bad[] = {
  "Took way too long 😡",
  "I had to explain the problem three times.",
  "The refund still hasn't arrived.",
  "Nobody actually read my messages.",
  "Not solved, just closed.",
};
static const char * const gen_attachment_names[] = {
  "screenshot.png", "IMG_2041.HEIC", "photo 1.jpg", "invoice.pdf", "error-log.txt",
  "Bildschirmfoto 2024-03-14 um 10.22.31.png", "スクリーンショット.png", "receipt (2).pdf",
  "../../etc/passwd", "report<script>.pdf", "video.mp4",
};
static const char * const gen_extra_tags[] = {
  "mobile", "web", "ios", "android", "escalated", "follow_up", "phone", "chat", "email", "social",
};
static const char * const gen_channels[] = {
  "email", "web", "mobile", "chat", "api", "phone",
};

/* --------------------------------------------------------- knowledge base */

typedef struct
{
  const char         *name;
  const char         *label;
  const char * const *steps;
  guint               n_steps;
  const char * const *tips;
  guint               n_tips;
} GenSection;

static const char * const account_steps[] = {
  "Open <a href=\"https://example.com/account\">example.com/account</a> and sign in.",
  "Select <strong>Settings</strong> in the top-right menu.",
  "Choose <strong>Security</strong> from the list on the left.",
  "Follow the instructions on the screen and select <strong>Save</strong>.",
  "Check your inbox for a confirmation e-mail and open the link in it within one hour.",
  "Sign out and sign in again to make sure the change took effect.",
  "If you use the mobile app, pull down to refresh your account details.",
};
static const char * const account_tips[] = {
  "For your security, support agents will never ask for your password or a two-factor code.",
  "If the e-mail does not arrive within 10 minutes, check your spam folder and allow no-reply@example.com.",
  "Administrators of business accounts can do this for their team members under <em>Team</em>.",
};
static const char * const billing_steps[] = {
  "Sign in and open <strong>Billing</strong> from the account menu.",
  "Select the invoice or subscription you want to change.",
  "Choose <strong>Edit</strong> and update the details.",
  "Review the summary; prorated amounts are shown before you confirm.",
  "Select <strong>Confirm</strong>. A receipt is sent to the billing contact.",
  "Download the updated invoice as PDF from <strong>Billing → Invoices</strong>.",
};
static const char * const billing_tips[] = {
  "Refunds go back to the original payment method and usually appear within 5–10 business days.",
  "Invoices are kept for 10 years and can be downloaded at any time.",
  "Prices shown include VAT where it applies; business customers can add a VAT number to remove it.",
};
static const char * const shipping_steps[] = {
  "Open the order confirmation e-mail and select <strong>Track your order</strong>.",
  "Or sign in and open <strong>Orders</strong>; select the order number.",
  "Copy the tracking number and open the carrier's website.",
  "If the status has not changed for 5 business days, contact us with your order number.",
  "For returns, select <strong>Return an item</strong> next to the product.",
  "Print the prepaid label and drop the parcel off at any pickup point.",
};
static const char * const shipping_tips[] = {
  "Tracking numbers can take up to 24 hours to become active on the carrier's site.",
  "Orders placed before 2 pm (CET) on a business day ship the same day.",
  "Duties and taxes are included for deliveries to the EU, UK, US, Canada and Japan.",
};
static const char * const device_steps[] = {
  "Make sure the device is plugged in and the light is blinking blue.",
  "Open the Nimbus app and tap <strong>Devices → Add</strong>.",
  "Hold the button on the back of the device for 10 seconds until the light turns white.",
  "Choose your Wi-Fi network; only 2.4 GHz networks are supported by older devices.",
  "Wait for the app to show <strong>Connected</strong>. This can take up to two minutes.",
  "Check for a firmware update under <strong>Device → About</strong>.",
  "Restart your router if the device still does not connect.",
};
static const char * const device_tips[] = {
  "Keep the device within 10 m of your router during setup.",
  "A factory reset removes every schedule and scene stored on the device.",
  "Firmware updates install automatically at night when the device is idle.",
};
static const char * const api_steps[] = {
  "Create an API token under <strong>Settings → Developers → Tokens</strong>.",
  "Send the token in the <code>Authorization: Bearer &lt;token&gt;</code> header.",
  "Use <code>page[size]</code> and follow <code>links.next</code> until <code>meta.has_more</code> is false.",
  "When you receive <code>429 Too Many Requests</code>, wait for the number of seconds in <code>Retry-After</code>.",
  "Retry <code>5xx</code> responses with exponential backoff and jitter.",
  "Verify webhook signatures with HMAC-SHA256 over the raw request body.",
  "Rotate tokens every 90 days and revoke tokens you no longer use.",
};
static const char * const api_tips[] = {
  "The sandbox at sandbox.example.com has its own tokens and higher rate limits for testing.",
  "All timestamps are ISO 8601 in UTC, for example <code>2024-03-14T10:22:31Z</code>.",
  "Send an <code>Idempotency-Key</code> header to retry POST requests safely.",
};
static const char * const privacy_steps[] = {
  "Sign in and open <strong>Settings → Privacy</strong>.",
  "Select <strong>Download my data</strong> to receive an export by e-mail.",
  "To delete your account, select <strong>Delete account</strong> and confirm with your password.",
  "Your account is deactivated immediately and erased within 30 days.",
  "Invoices are kept as required by tax law, without other personal data.",
};
static const char * const privacy_tips[] = {
  "We will never ask for your password by e-mail. Report suspicious messages to security@example.com.",
  "Data of customers in the EU is stored in Frankfurt (Germany) and Dublin (Ireland).",
};
static const char * const general_steps[] = {
  "Visit <a href=\"https://help.example.com\">help.example.com</a> and search for your question.",
  "If you can't find an answer, select <strong>Submit a request</strong>.",
  "Describe the problem and add screenshots if you have them.",
  "We answer within one business day; VIP customers within 4 hours.",
  "You can follow your requests under <strong>My activities</strong>.",
};
static const char * const general_tips[] = {
  "Our support team is available Monday to Friday, 8:00–20:00 CET, in English, German, French, Portuguese and Japanese.",
  "Check <a href=\"https://status.example.com\">status.example.com</a> for ongoing incidents.",
};

static const GenSection gen_sections[] = {
  { "Account & sign-in", "account", GEN_LIST (account_steps), GEN_LIST (account_tips) },
  { "Billing & payments", "billing", GEN_LIST (billing_steps), GEN_LIST (billing_tips) },
  { "Orders & shipping", "shipping", GEN_LIST (shipping_steps), GEN_LIST (shipping_tips) },
  { "Devices & apps", "devices", GEN_LIST (device_steps), GEN_LIST (device_tips) },
  { "Developers & API", "api", GEN_LIST (api_steps), GEN_LIST (api_tips) },
  { "Privacy & security", "privacy", GEN_LIST (privacy_steps), GEN_LIST (privacy_tips) },
  { "General", "general", GEN_LIST (general_steps), GEN_LIST (general_tips) },
};

typedef struct
{
  guint       section;
  const char *title;
} GenArticleTitle;

static const GenArticleTitle gen_article_titles[] = {
  { 0, "How to reset your password" },
  { 0, "Setting up two-factor authentication" },
  { 0, "Recovering your account when you lose your 2FA device" },
  { 0, "Changing the e-mail address on your account" },
  { 0, "Why am I not receiving the password reset e-mail?" },
  { 0, "Signing in with Google or Microsoft" },
  { 0, "Using backup codes to sign in" },
  { 0, "Managing active sessions and signing out everywhere" },
  { 0, "Locked out after too many sign-in attempts" },
  { 0, "Updating your profile and notification settings" },
  { 0, "Setting up single sign-on (SSO) with Okta" },
  { 0, "Adding and removing team members" },
  { 0, "Understanding user roles and permissions" },
  { 0, "Fixing a login loop in your browser" },
  { 1, "Understanding your invoice" },
  { 1, "Requesting a refund" },
  { 1, "Updating your payment method" },
  { 1, "Why was I charged twice?" },
  { 1, "Changing or cancelling your subscription" },
  { 1, "Switching between monthly and annual billing" },
  { 1, "Adding a VAT number to your invoices" },
  { 1, "Accepted payment methods" },
  { 1, "What happens when a payment fails" },
  { 1, "Downloading past invoices" },
  { 1, "Prorated charges when you change plans" },
  { 1, "Using a promo code or gift card" },
  { 1, "Paying by bank transfer or purchase order" },
  { 1, "Discounts for nonprofits and education" },
  { 1, "When will I get my refund?" },
  { 2, "Tracking your order" },
  { 2, "Shipping times and costs" },
  { 2, "Changing or cancelling an order" },
  { 2, "My order arrived damaged" },
  { 2, "I received the wrong item" },
  { 2, "Returning a product" },
  { 2, "International shipping, customs and duties" },
  { 2, "My package is marked delivered but I don't have it" },
  { 2, "Shipping to a P.O. box or forwarding address" },
  { 2, "Exchanging an item for a different size or colour" },
  { 2, "Order confirmation e-mails" },
  { 2, "Pre-orders and backorders" },
  { 2, "Gift wrapping and gift messages" },
  { 2, "Printing a return shipping label" },
  { 2, "Delivery to a pickup point" },
  { 3, "Getting started with Nimbus Hub" },
  { 3, "Connecting Nimbus Cam 2 to Wi-Fi" },
  { 3, "Updating device firmware" },
  { 3, "Resetting your device to factory settings" },
  { 3, "Troubleshooting Bluetooth pairing" },
  { 3, "Aurora Lamp: setting schedules and scenes" },
  { 3, "Battery life tips for Pulse Band" },
  { 3, "Beacon Tracker is not showing its location" },
  { 3, "Orbit Speaker keeps disconnecting" },
  { 3, "Warranty coverage and how to claim it" },
  { 3, "Cleaning and caring for your devices" },
  { 3, "Supported browsers and operating systems" },
  { 3, "Clearing your browser cache and cookies" },
  { 3, "The app crashes on start: what to try" },
  { 3, "Syncing data between the mobile and desktop apps" },
  { 3, "Using the app offline" },
  { 3, "Exporting your data to CSV" },
  { 3, "Importing contacts from a spreadsheet" },
  { 3, "Keyboard shortcuts" },
  { 3, "Enabling dark mode" },
  { 3, "Fixing sync conflicts" },
  { 4, "Getting started with the REST API" },
  { 4, "Creating and rotating API tokens" },
  { 4, "Rate limits and the 429 status code" },
  { 4, "Paginating API results with cursors" },
  { 4, "Setting up webhooks" },
  { 4, "Verifying webhook signatures" },
  { 4, "Troubleshooting 401 and 403 errors" },
  { 4, "Handling 5xx errors and retries" },
  { 4, "API changelog and deprecations" },
  { 4, "Using OAuth 2.0 for third-party apps" },
  { 4, "Sandbox accounts for testing" },
  { 4, "Idempotency keys for safe retries" },
  { 4, "Bulk import through the API" },
  { 4, "Time zones and timestamps in the API" },
  { 4, "SDKs and client libraries" },
  { 5, "How we protect your data" },
  { 5, "Our GDPR commitments" },
  { 5, "Deleting your account and personal data" },
  { 5, "Downloading a copy of your data" },
  { 5, "Reporting a security vulnerability" },
  { 5, "Recognizing phishing e-mails" },
  { 5, "Data retention periods" },
  { 5, "Where your data is stored" },
  { 5, "Cookie preferences" },
  { 6, "Contacting support and response times" },
  { 6, "Our service status page" },
  { 6, "Scheduled maintenance windows" },
  { 6, "Accessibility features" },
  { 6, "Languages we support" },
  { 6, "Terms of service in plain words" },
  { 6, "Business accounts and volume pricing" },
  { 6, "Submitting a feature request" },
  { 6, "How we prioritize bug reports" },
  { 6, "Joining the beta program" },
  { 6, "Referral program rules" },
  { 6, "Holiday support hours" },
};

static const char * const gen_article_intros[] = {
  "This guide walks you through it step by step. It takes about five minutes.",
  "Many customers ask us about this. Here is everything you need to know.",
  "Follow the steps below. You need to be signed in to your account.",
  "In short: it only takes a few clicks. The details are below.",
  "Before contacting support, please try the steps in this article — they solve most cases.",
};

/* --------------------------------------------------------------- macros */

typedef struct
{
  const char *title;
  const char *description;
  gboolean    active;
  const char *actions_json;
} GenMacro;

static const GenMacro gen_macros[] = {
  { "Close and thank", "Thank the customer and mark the ticket solved.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"Thanks for getting in touch! I'm glad we could sort this out. "
    "If anything else comes up, just reply to this e-mail and the ticket will reopen.\"},"
    "{\"field\":\"public\",\"value\":true},{\"field\":\"status\",\"value\":\"solved\"}]" },
  { "Ask for order number", "We need the order number before we can look anything up.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"Thanks for reaching out. Could you send me your order number? "
    "It starts with EX- and is in your confirmation e-mail.\"},"
    "{\"field\":\"public\",\"value\":true},{\"field\":\"status\",\"value\":\"pending\"},"
    "{\"field\":\"add_tags\",\"value\":[\"needs_info\"]}]" },
  { "Escalate to tier 2", "Internal note, tier 2 group, high priority.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"Escalating to tier 2: reproduced, details below.\\n\\n\"},"
    "{\"field\":\"public\",\"value\":false},{\"field\":\"group\",\"value\":9000003},"
    "{\"field\":\"priority\",\"value\":\"high\"},{\"field\":\"add_tags\",\"value\":[\"escalated\"]}]" },
  { "Refund approved", "Confirm the refund and solve.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"Good news: your refund has been approved. It goes back to your "
    "original payment method and usually shows within 5–10 business days.\"},"
    "{\"field\":\"public\",\"value\":true},{\"field\":\"status\",\"value\":\"solved\"},"
    "{\"field\":\"add_tags\",\"value\":[\"refund\",\"refund_approved\"]}]" },
  { "Refund denied (outside return window)", "Polite refusal with the policy link.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"I'm sorry, but this order is outside our 30-day return window, "
    "so we can't refund it. Our policy: https://help.example.com/hc/en-us/articles/360001000015\"},"
    "{\"field\":\"public\",\"value\":true},{\"field\":\"status\",\"value\":\"solved\"},"
    "{\"field\":\"add_tags\",\"value\":[\"refund_denied\"]}]" },
  { "Password reset instructions", "Steps to reset a password; wait for the customer.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"You can reset your password at https://example.com/reset. "
    "The link in the e-mail is valid for one hour.\"},"
    "{\"field\":\"public\",\"value\":true},{\"field\":\"status\",\"value\":\"pending\"},"
    "{\"field\":\"add_tags\",\"value\":[\"login\"]}]" },
  { "2FA recovery: verify identity", "Ask for proof before resetting two-factor authentication.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"To protect your account, please reply from the account's e-mail "
    "address with the last four digits of the card on file.\"},"
    "{\"field\":\"public\",\"value\":true},{\"field\":\"status\",\"value\":\"pending\"},"
    "{\"field\":\"add_tags\",\"value\":[\"2fa\",\"identity_check\"]}]" },
  { "Shipping delay apology", "Carrier delay: apologise and keep it pending.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"I'm sorry your parcel is late. I've opened a trace with the "
    "carrier and will update you within 3 business days.\"},"
    "{\"field\":\"public\",\"value\":true},{\"field\":\"status\",\"value\":\"pending\"},"
    "{\"field\":\"add_tags\",\"value\":[\"shipping\",\"carrier_trace\"]}]" },
  { "Bug confirmed — logged with engineering", "Mark as problem and put on hold.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"Thanks for the report! I could reproduce it and our engineers "
    "are on it. I'll let you know as soon as a fix is out.\"},"
    "{\"field\":\"public\",\"value\":true},{\"field\":\"type\",\"value\":\"problem\"},"
    "{\"field\":\"status\",\"value\":\"hold\"},{\"field\":\"add_tags\",\"value\":[\"bug\"]}]" },
  { "Take it", "Assign to me and open.", TRUE,
    "[{\"field\":\"assignee\",\"value\":\"me\"},{\"field\":\"status\",\"value\":\"open\"}]" },
  { "Feature request logged", "Thank for the idea and solve.", TRUE,
    "[{\"field\":\"comment\",\"value\":\"Thank you for the suggestion! I've passed it to our product "
    "team, who review every request.\"},"
    "{\"field\":\"public\",\"value\":true},{\"field\":\"type\",\"value\":\"question\"},"
    "{\"field\":\"status\",\"value\":\"solved\"},{\"field\":\"add_tags\",\"value\":[\"feature_request\"]},"
    "{\"field\":\"remove_tags\",\"value\":[\"needs_info\"]}]" },
  { "Holiday auto-reply (2023)", "Old seasonal reply, kept for reference.", FALSE,
    "[{\"field\":\"comment\",\"value\":\"Our team is off until January 2nd 🎄 We'll answer as soon as "
    "we're back.\"},{\"field\":\"public\",\"value\":true}]" },
};
