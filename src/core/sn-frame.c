/* sn-frame.c — the hub's stream frames decoded in one pass, without a JSON tree
 *
 *   text ─▶ size ─▶ copy ─▶ tokenize once (JSON, depth, UTF-8 inside strings) ─▶ tape
 *                          └▶ (not JSON) UTF-8 of the whole text, then the syntax error
 *   tape ─▶ an object's known members by name (last one wins, as in json-glib) ─▶ typed reads
 *           with sn-json's checks and messages ─▶ sn-frame-payload.c: SnTicket, SnQueueUpdate…
 *
 * The tape is a flat array of tokens; a container's token records where its contents end, so
 * skipping a member costs nothing. Strings stay in the frame's own copy of the text and are
 * unescaped in place, once, when first read. The frame, its tape and its copy are reused from
 * one frame to the next.
 *
 * UTF-8 is checked where it can be wrong: outside strings the tokenizer takes only ASCII, so
 * a frame it takes is valid UTF-8 once every string's bytes are; a frame it refuses gets the
 * whole-text check first, so the error is the one sn_json_parse_bounded() gives.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sn-frame-private.h"
#include "sn-json.h"

typedef enum {
  TOKEN_NULL,
  TOKEN_FALSE,
  TOKEN_TRUE,
  TOKEN_INT,
  TOKEN_DOUBLE,
  TOKEN_STRING,
  TOKEN_ARRAY,
  TOKEN_OBJECT,
} TokenKind;

enum {
  STRING_ESCAPED = 1 << 0,
  STRING_DECODED = 1 << 1,
};

/* Scalars: [start, end) in the text, strings without their quotes. Containers: start is
 * their offset, end the index of the first token after their contents. */
typedef struct
{
  guint8 kind;
  guint8 flags;
  guint32 start;
  guint32 end;
} Token;

#define FIELD_NAME(name) #name,
static const char *const field_names[SN_FRAME_N_FIELDS] = { SN_FRAME_FIELDS (FIELD_NAME) };
#undef FIELD_NAME

#define FIELD_SLOTS 256 /* open addressing, a power of two well above SN_FRAME_N_FIELDS */
#define FIELD_NAME_MAX 32
#define SHAPE_SLOTS 64 /* member positions remembered for lookup_field() */
#define TEXT_PADDING 8 /* zero bytes after the text's NUL: whole words can be read */

/* The name last found at one member position, and its field: objects of one kind (the
 * tickets of a snapshot) list the same names in the same order. */
typedef struct
{
  guint8 length; /* the name's length + 1; 0: nothing remembered */
  gint8 field; /* -1: not a known name */
  char name[FIELD_NAME_MAX];
} ShapeSlot;

struct _SnFrame
{
  char *text; /* a NUL-terminated copy of the frame; strings are unescaped in place */
  gsize text_allocated;
  Token *tokens;
  guint n_tokens;
  guint tokens_allocated;
  SnFrameMembers root;
  guint8 slots[FIELD_SLOTS]; /* hash of a name → its field + 1, 0 = empty */
  guint8 name_lengths[SN_FRAME_N_FIELDS];
  ShapeSlot shape[SHAPE_SLOTS];
  GPtrArray *borrowed; /* the NULL-terminated array sn_frame_borrow_strv() lends */
};

typedef struct
{
  SnFrame *frame;
  const guchar *s;
  gsize pos;
  guint max_depth;
  gboolean too_deep;
} Parser;

/* Characters that end the plain run of a string: '"', '\\', the NUL after the text, and the
 * first byte of every multi-byte character (checked as UTF-8 there). Raw control characters
 * are taken, as json-glib takes them (its generator writes U+001F raw). */
#define STOPS_16(b)                                                                                \
  [b] = 1, [b + 1] = 1, [b + 2] = 1, [b + 3] = 1, [b + 4] = 1, [b + 5] = 1, [b + 6] = 1,           \
  [b + 7] = 1, [b + 8] = 1, [b + 9] = 1, [b + 10] = 1, [b + 11] = 1, [b + 12] = 1, [b + 13] = 1,   \
  [b + 14] = 1, [b + 15] = 1
static const guint8 string_stops[256] = {
  [0] = 1,         ['"'] = 1,       ['\\'] = 1,      STOPS_16 (0x80),
  STOPS_16 (0x90), STOPS_16 (0xa0), STOPS_16 (0xb0), STOPS_16 (0xc0),
  STOPS_16 (0xd0), STOPS_16 (0xe0), STOPS_16 (0xf0),
};
#undef STOPS_16

/* ── tokenizing ────────────────────────────────────────────────────────────────── */

static G_GNUC_NO_INLINE void
grow_tape (SnFrame *f)
{
  f->tokens_allocated = MAX (64, f->tokens_allocated * 2);
  f->tokens = g_renew (Token, f->tokens, f->tokens_allocated);
}

/* Appends a token; the tape may move. Inlined: it runs for every value of every frame. */
static G_ALWAYS_INLINE inline guint
push (Parser *p, TokenKind kind, gsize start, gsize end)
{
  SnFrame *f = p->frame;
  Token *t;

  if (G_UNLIKELY (f->n_tokens == f->tokens_allocated))
    grow_tape (f);
  t = &f->tokens[f->n_tokens];
  t->kind = kind;
  t->flags = 0;
  t->start = (guint32) start;
  t->end = (guint32) end;
  return f->n_tokens++;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static G_ALWAYS_INLINE inline void
skip_space (Parser *p)
{
  while (is_space ((char) p->s[p->pos]))
    p->pos++;
}

static gboolean
read_hex4 (const guchar *s, guint *out)
{
  guint v = 0;

  for (guint i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value ((char) s[i]);

      if (d < 0)
        return FALSE; /* stops at the final NUL too */
      v = v * 16 + (guint) d;
    }
  *out = v;
  return TRUE;
}

/* Reads \uXXXX (and the low half of a surrogate pair) at @s; returns the bytes read, 0 when
 * malformed. NUL and unpaired surrogates are refused: json-glib cuts a string at a NUL and
 * turns unpaired surrogates into errors or garbage, so only its own parser gives the same. */
static guint
read_unicode_escape (const guchar *s, gunichar *out)
{
  guint hi, lo;

  if (!read_hex4 (s + 2, &hi) || hi == 0 || (hi >= 0xdc00 && hi <= 0xdfff))
    return 0;
  if (hi < 0xd800 || hi > 0xdbff)
    {
      *out = hi;
      return 6;
    }
  if (s[6] != '\\' || s[7] != 'u' || !read_hex4 (s + 8, &lo) || lo < 0xdc00 || lo > 0xdfff)
    return 0;
  *out = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
  return 12;
}

/* The bytes of the escape at @s ('\'), 0 when malformed. */
static guint
escape_length (const guchar *s)
{
  gunichar c;

  switch (s[1])
    {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return 2;
      case 'u':
        return read_unicode_escape (s, &c);
      default:
        return 0;
    }
}

/* The bytes of the UTF-8 character at @s (a first byte of 0x80 or more), 0 when
 * g_utf8_validate() refuses it: overlong forms, surrogates, anything past U+10FFFF, stray
 * continuation bytes. It stops at the first byte that does not fit, so never reads past a
 * NUL. */
static guint
utf8_length (const guchar *s)
{
  gunichar c;

  if (s[0] >= 0xc2 && s[0] <= 0xdf)
    return (s[1] & 0xc0) == 0x80 ? 2 : 0;
  if ((s[0] & 0xf0) == 0xe0)
    {
      if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
        return 0;
      c = (gunichar) (s[0] & 0x0f) << 12 | (gunichar) (s[1] & 0x3f) << 6 | (s[2] & 0x3f);
      return c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 3 : 0;
    }
  if (s[0] >= 0xf0 && s[0] <= 0xf4)
    {
      if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
        return 0;
      c = (gunichar) (s[0] & 0x07) << 18 | (gunichar) (s[1] & 0x3f) << 12
          | (gunichar) (s[2] & 0x3f) << 6 | (s[3] & 0x3f);
      return c >= 0x10000 && c <= 0x10ffff ? 4 : 0;
    }
  return 0;
}

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Non-zero when one of the eight bytes of @x is zero (exact as a yes or no). */
static inline guint64
zero_bytes (guint64 x)
{
  return (x - ONES) & ~x & HIGHS;
}

/* Whether the eight bytes of @w hold a string stop: a NUL, '"', '\\' or a byte of 0x80 or
 * more. */
static inline gboolean
word_has_stop (guint64 w)
{
  return ((w & HIGHS) | zero_bytes (w) | zero_bytes (w ^ (ONES * '"'))
          | zero_bytes (w ^ (ONES * '\\')))
         != 0;
}

/* Skips the plain characters of a string from @pos, eight at a time while it can: the text
 * is followed by TEXT_PADDING zero bytes, so no word reads past its buffer. */
static inline gsize
skip_plain (const guchar *s, gsize pos)
{
  for (;;)
    {
      guint64 w;

      memcpy (&w, s + pos, sizeof w);
      if (word_has_stop (w))
        break;
      pos += sizeof w;
    }
  while (string_stops[s[pos]] == 0)
    pos++;
  return pos;
}

/* Skips a run of three-byte characters (CJK text) from @pos, four bytes read at a time; stops
 * at anything else, and leaves E0 and ED (where overlong forms and surrogates hide) to
 * utf8_length(). */
static inline gsize
skip_three_byte_run (const guchar *s, gsize pos)
{
  for (;;)
    {
      guint32 w;

      memcpy (&w, s + pos, sizeof w);
      w = GUINT32_FROM_LE (w);
      if ((w & 0xc0c0f0) != 0x8080e0 || (w & 0x0f) == 0x00 || (w & 0x0f) == 0x0d)
        return pos;
      pos += 3;
    }
}

static gboolean
scan_string (Parser *p)
{
  const guchar *s = p->s;
  gsize pos = p->pos + 1;
  guint8 flags = 0;
  guint index;

  for (;;)
    {
      guint n;

      pos = skip_plain (s, pos);
      if (s[pos] == '"')
        break;
      if (s[pos] >= 0x80)
        {
          pos = skip_three_byte_run (s, pos);
          if (s[pos] < 0x80)
            continue;
          if ((n = utf8_length (s + pos)) == 0)
            {
              p->pos = pos;
              return FALSE;
            }
          pos += n;
          continue;
        }
      if (s[pos] != '\\' || (n = escape_length (s + pos)) == 0)
        {
          p->pos = pos;
          return FALSE;
        }
      pos += n;
      flags = STRING_ESCAPED;
    }
  index = push (p, TOKEN_STRING, p->pos + 1, pos);
  p->frame->tokens[index].flags = flags;
  p->pos = pos + 1;
  return TRUE;
}

static gsize
skip_digits (const guchar *s, gsize pos)
{
  while (g_ascii_isdigit (s[pos]))
    pos++;
  return pos;
}

/* Whether an integer of 19 digits or more fits in 64 bits (json-glib wraps those that do
 * not, so they are left to it). */
static gboolean
fits_int64 (const guchar *s)
{
  errno = 0;
  g_ascii_strtoll ((const char *) s, NULL, 10);
  return errno != ERANGE;
}

static gboolean
scan_number (Parser *p)
{
  const guchar *s = p->s;
  gsize pos = p->pos + (s[p->pos] == '-'), digits = pos;
  TokenKind kind = TOKEN_INT;

  if (s[pos] == '0')
    pos++;
  else if (s[pos] >= '1' && s[pos] <= '9')
    pos = skip_digits (s, pos);
  else
    return FALSE;
  if (s[pos] == '.')
    {
      if (!g_ascii_isdigit (s[++pos]))
        return FALSE;
      pos = skip_digits (s, pos);
      kind = TOKEN_DOUBLE;
    }
  if (s[pos] == 'e' || s[pos] == 'E')
    {
      pos += s[pos + 1] == '+' || s[pos + 1] == '-' ? 2 : 1;
      if (!g_ascii_isdigit (s[pos]))
        return FALSE;
      pos = skip_digits (s, pos);
      kind = TOKEN_DOUBLE;
    }
  if (kind == TOKEN_INT && pos - digits >= 19 && !fits_int64 (s + p->pos))
    return FALSE;
  push (p, kind, p->pos, pos);
  p->pos = pos;
  return TRUE;
}

static gboolean
scan_literal (Parser *p, const char *word, gsize length, TokenKind kind)
{
  if (strncmp ((const char *) p->s + p->pos, word, length) != 0)
    return FALSE;
  push (p, kind, p->pos, p->pos + length);
  p->pos += length;
  return TRUE;
}

static gboolean parse_value (Parser *p, guint depth);

/* At '{' or '['; members are "key": value for objects. */
static gboolean
parse_container (Parser *p, guint depth, gboolean object)
{
  guchar close = object ? '}' : ']';
  guint index;

  if (depth > p->max_depth)
    {
      p->too_deep = TRUE;
      return FALSE;
    }
  index = push (p, object ? TOKEN_OBJECT : TOKEN_ARRAY, p->pos, 0);
  p->pos++;
  skip_space (p);
  if (p->s[p->pos] != close)
    for (;;)
      {
        if (object)
          {
            if (p->s[p->pos] != '"' || !scan_string (p))
              return FALSE;
            skip_space (p);
            if (p->s[p->pos++] != ':')
              return FALSE;
          }
        if (!parse_value (p, depth))
          return FALSE;
        skip_space (p);
        if (p->s[p->pos] == close)
          break;
        if (p->s[p->pos] != ',')
          return FALSE;
        p->pos++;
        skip_space (p);
      }
  p->pos++;
  p->frame->tokens[index].end = p->frame->n_tokens;
  return TRUE;
}

static gboolean
parse_value (Parser *p, guint depth)
{
  skip_space (p);
  switch (p->s[p->pos])
    {
      case '{':
        return parse_container (p, depth + 1, TRUE);
      case '[':
        return parse_container (p, depth + 1, FALSE);
      case '"':
        return scan_string (p);
      case 't':
        return scan_literal (p, "true", 4, TOKEN_TRUE);
      case 'f':
        return scan_literal (p, "false", 5, TOKEN_FALSE);
      case 'n':
        return scan_literal (p, "null", 4, TOKEN_NULL);
      default:
        return scan_number (p);
    }
}

/* The error sn_json_parse_bounded() gives for text that is not JSON: depth first (it is
 * checked before parsing there), then "empty", then a syntax error at line:column. */
static gboolean
syntax_error (Parser *p, const char *text, gsize length, GError **error)
{
  g_autofree char *where = NULL;
  guint line = 1, column = 1;
  gsize i;

  if (p->too_deep)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_TOO_DEEP,
                   _ ("JSON is nested deeper than %u levels"), p->max_depth);
      return FALSE;
    }
  if (!sn_json_check_depth (text, length, p->max_depth, error))
    return FALSE;
  for (i = 0; i < length && is_space (text[i]); i++)
    ;
  if (i == length)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED, _ ("Message is empty"));
      return FALSE;
    }
  for (i = 0; i < p->pos && i < length; i++)
    {
      column++;
      if (text[i] == '\n')
        line++, column = 1;
    }
  where = g_strdup_printf ("<data>:%u:%u", line, column);
  g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED,
               _ ("Message is not valid JSON: %s"), where);
  return FALSE;
}

static gboolean
check_size (gsize length, gsize max_bytes, GError **error)
{
  if (length > max_bytes)
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_TOO_LARGE,
                   _ ("Message of %llu bytes exceeds the limit of %llu bytes"),
                   (unsigned long long) length, (unsigned long long) max_bytes);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_utf8 (const char *text, gsize length, GError **error)
{
  if (!g_utf8_validate (text, (gssize) length, NULL))
    {
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MALFORMED,
                   _ ("Message is not valid UTF-8"));
      return FALSE;
    }
  return TRUE;
}

static void
copy_text (SnFrame *f, const char *text, gsize length)
{
  if (length + 1 + TEXT_PADDING > f->text_allocated)
    {
      f->text_allocated = MAX (length + 1 + TEXT_PADDING, f->text_allocated * 2);
      g_free (f->text);
      f->text = g_malloc (f->text_allocated);
    }
  memcpy (f->text, text, length);
  memset (f->text + length, 0, 1 + TEXT_PADDING);
}

gboolean
sn_frame_load (SnFrame *frame, const char *text, gsize length, gsize max_bytes, guint max_depth,
               GError **error)
{
  Parser p = { frame, NULL, 0, max_depth, FALSE };

  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (max_bytes < G_MAXUINT32, FALSE);

  frame->n_tokens = 0;
  memset (frame->root, 0xff, sizeof frame->root);
  if (!check_size (length, max_bytes, error))
    return FALSE;
  copy_text (frame, text != NULL ? text : "", length);
  p.s = (const guchar *) frame->text;
  /* Taken: every byte was checked, strings as UTF-8, the rest as JSON's ASCII. */
  if (!parse_value (&p, 0) || (skip_space (&p), p.pos != length))
    {
      frame->n_tokens = 0;
      return check_utf8 (frame->text, length, error) && syntax_error (&p, text, length, error);
    }
  if (frame->tokens[0].kind != TOKEN_OBJECT)
    {
      frame->n_tokens = 0;
      g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_NOT_OBJECT,
                   _ ("Message is not a JSON object"));
      return FALSE;
    }
  sn_frame_collect (frame, 0, frame->root);
  return TRUE;
}

/* ── reading the tape ──────────────────────────────────────────────────────────── */

static guint
skip (SnFrame *f, guint index)
{
  return f->tokens[index].kind >= TOKEN_ARRAY ? f->tokens[index].end : index + 1;
}

static TokenKind
kind_of (SnFrame *f, guint value)
{
  return value == SN_FRAME_NONE ? TOKEN_NULL : (TokenKind) f->tokens[value].kind;
}

/* Unescapes @n bytes at @s in place (escapes were checked by the tokenizer); returns the new
 * length. */
static gsize
unescape (char *s, gsize n)
{
  static const char simple[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
  gsize r = 0, w = 0;

  while (r < n)
    {
      gunichar c;
      guint used;

      if (s[r] != '\\')
        {
          s[w++] = s[r++];
          continue;
        }
      if (s[r + 1] == 'u')
        {
          used = read_unicode_escape ((const guchar *) s + r, &c);
          g_return_val_if_fail (used > 0, w); /* the tokenizer checked it */
          r += used;
          w += (gsize) g_unichar_to_utf8 (c, s + w);
          continue;
        }
      for (guint i = 0; i < sizeof simple - 1; i += 2)
        if (simple[i] == s[r + 1])
          s[w++] = simple[i + 1];
      r += 2;
    }
  return w;
}

static const char *
string_value (SnFrame *f, guint value)
{
  Token *t = &f->tokens[value];

  if ((t->flags & STRING_DECODED) == 0)
    {
      if (t->flags & STRING_ESCAPED)
        t->end = t->start + (guint32) unescape (f->text + t->start, t->end - t->start);
      f->text[t->end] = '\0';
      t->flags |= STRING_DECODED;
    }
  return f->text + t->start;
}

static guint32
hash_name (const char *s, gsize n)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < n; i++)
    h = (h ^ (guchar) s[i]) * 16777619u;
  return h;
}

static int
hash_lookup_field (SnFrame *f, const char *name, gsize n)
{
  for (guint slot = hash_name (name, n) % FIELD_SLOTS; f->slots[slot] != 0;
       slot = (slot + 1) % FIELD_SLOTS)
    {
      int field = f->slots[slot] - 1;

      if (f->name_lengths[field] == n && memcmp (field_names[field], name, n) == 0)
        return field;
    }
  return -1;
}

/* Whether @n bytes (at most FIELD_NAME_MAX) at @a and @b are the same, compared a word at a
 * time: both may be read up to the next multiple of eight (a ShapeSlot's name is
 * FIELD_NAME_MAX long; a member name in the text is followed by its value and the padding). */
static inline gboolean
same_name (const char *a, const char *b, gsize n)
{
  for (gsize i = 0; i < n; i += 8)
    {
      guint64 x, y, diff;

      memcpy (&x, a + i, sizeof x);
      memcpy (&y, b + i, sizeof y);
      diff = GUINT64_FROM_LE (x) ^ GUINT64_FROM_LE (y);
      if (n - i < 8)
        diff &= (G_GUINT64_CONSTANT (1) << (8 * (n - i))) - 1;
      if (diff != 0)
        return FALSE;
    }
  return TRUE;
}

/* The field of the member name @key, the @position-th of its object; -1 when unknown. */
static int
lookup_field (SnFrame *f, guint key, guint position)
{
  /* Read in place: a name without escapes needs no NUL (writing one just before reading the
   * same word stalls the load). */
  const char *name = f->tokens[key].flags & STRING_ESCAPED ? string_value (f, key)
                                                           : f->text + f->tokens[key].start;
  gsize n = f->tokens[key].end - f->tokens[key].start;
  ShapeSlot *shape;
  int field;

  if (n > FIELD_NAME_MAX)
    return -1;
  if (position >= SHAPE_SLOTS)
    return hash_lookup_field (f, name, n);
  shape = &f->shape[position];
  if (shape->length == n + 1 && same_name (shape->name, name, n))
    return shape->field;
  field = hash_lookup_field (f, name, n);
  shape->length = (guint8) (n + 1);
  shape->field = (gint8) field;
  memcpy (shape->name, name, n);
  return field;
}

const char *
sn_frame_field_name (SnFrameField field)
{
  return field_names[field];
}

void
sn_frame_collect (SnFrame *f, SnFrameValue object, SnFrameMembers members)
{
  guint end = f->tokens[object].end;

  memset (members, 0xff, sizeof (SnFrameMembers));
  for (guint i = object + 1, position = 0; i < end; i = skip (f, i + 1), position++)
    {
      int field = lookup_field (f, i, position);

      if (field >= 0)
        members[field] = i + 1;
    }
}

/* The integer token at @s, @n bytes: up to 18 digits by hand, longer ones (which the tokenizer
 * checked fit in 64 bits) by g_ascii_strtoll(). */
static gint64
parse_int (const char *s, gsize n)
{
  gboolean negative = *s == '-';
  guint64 v = 0;

  if (n - negative > 18)
    return g_ascii_strtoll (s, NULL, 10);
  for (gsize i = negative; i < n; i++)
    v = v * 10 + (guint64) (s[i] - '0');
  return negative ? -(gint64) v : (gint64) v;
}

/* The number token at @s, @n bytes, as g_ascii_strtod() reads it. Plain decimals whose digits
 * fit in 2^53 with at most 22 after the point are an exact integer divided by an exact power
 * of ten, which IEEE division rounds correctly, as strtod does (Clinger's fast path); anything
 * else goes to g_ascii_strtod(). */
static double
parse_double (const char *s, gsize n)
{
  static const double powers[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
  gboolean negative = *s == '-';
  guint64 mantissa = 0;
  guint digits = 0, decimals = 0;
  gboolean point = FALSE;

  for (gsize i = negative; i < n; i++)
    {
      if (s[i] == '.')
        {
          point = TRUE;
          continue;
        }
      if (s[i] < '0' || s[i] > '9' || ++digits > 15)
        return g_ascii_strtod (s, NULL); /* an exponent, or too many digits */
      mantissa = mantissa * 10 + (guint64) (s[i] - '0');
      decimals += point;
    }
  if (decimals >= G_N_ELEMENTS (powers))
    return g_ascii_strtod (s, NULL);
  /* -0.0 stays negative, as strtod gives it. */
  return (negative ? -1.0 : 1.0) * ((double) mantissa / powers[decimals]);
}

gboolean
sn_frame_value_int (SnFrame *frame, SnFrameValue value, gint64 *out)
{
  const Token *t;

  if (kind_of (frame, value) != TOKEN_INT)
    return FALSE;
  t = &frame->tokens[value];
  *out = parse_int (frame->text + t->start, t->end - t->start);
  return TRUE;
}

/* ── typed members, with sn-json's checks and messages ─────────────────────────── */

/* JSON null counts as missing. */
static guint
member (SnFrame *f, const SnFrameMembers m, SnFrameField field, gboolean required, GError **error)
{
  if (kind_of (f, m[field]) == TOKEN_NULL)
    {
      if (required)
        g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_MISSING_FIELD,
                     _ ("Field “%s” is missing"), field_names[field]);
      return SN_FRAME_NONE;
    }
  return m[field];
}

gboolean
sn_frame_bad_field (GError **error, SnFrameField field, const char *expected)
{
  g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD, _ ("Field “%s” must be %s"),
               field_names[field], expected);
  return FALSE;
}

gboolean
sn_frame_unknown_value (GError **error, SnFrameField field, const char *value)
{
  g_set_error (error, SN_PROTOCOL_ERROR, SN_PROTOCOL_ERROR_BAD_FIELD,
               _ ("Field “%s” has an unknown value “%s”"), field_names[field], value);
  return FALSE;
}

SnFrameValue
sn_frame_get_member (SnFrame *f, const SnFrameMembers m, SnFrameField field)
{
  return member (f, m, field, FALSE, NULL);
}

static void
set_present (gboolean *present, gboolean value)
{
  if (present != NULL)
    *present = value;
}

/* Each getter returns FALSE only on error; @present (may be NULL) says whether the member
 * was there, and @out is written only when it was. */
gboolean
sn_frame_get_string (SnFrame *f, const SnFrameMembers m, SnFrameField field, gboolean required,
                     const char **out, gboolean *present, GError **error)
{
  guint v = member (f, m, field, required, error);

  set_present (present, FALSE);
  if (v == SN_FRAME_NONE)
    return !required;
  if (kind_of (f, v) != TOKEN_STRING)
    return sn_frame_bad_field (error, field, _ ("a string"));
  *out = string_value (f, v);
  set_present (present, TRUE);
  return TRUE;
}

static gint64
int_value (SnFrame *f, guint value)
{
  gint64 v = 0;

  sn_frame_value_int (f, value, &v);
  return v;
}

gboolean
sn_frame_get_int (SnFrame *f, const SnFrameMembers m, SnFrameField field, gboolean required,
                  gint64 *out, gboolean *present, GError **error)
{
  guint v = member (f, m, field, required, error);

  set_present (present, FALSE);
  if (v == SN_FRAME_NONE)
    return !required;
  if (kind_of (f, v) != TOKEN_INT)
    return sn_frame_bad_field (error, field, _ ("an integer"));
  *out = int_value (f, v);
  set_present (present, TRUE);
  return TRUE;
}

gboolean
sn_frame_get_double (SnFrame *f, const SnFrameMembers m, SnFrameField field, double *out,
                     gboolean *present, GError **error)
{
  guint v = member (f, m, field, FALSE, error);
  const char *s;
  char *end = NULL;

  *present = FALSE;
  if (v == SN_FRAME_NONE)
    return TRUE;
  switch (kind_of (f, v))
    {
      case TOKEN_INT:
        *out = (double) int_value (f, v);
        break;
      case TOKEN_DOUBLE:
        *out = parse_double (f->text + f->tokens[v].start, f->tokens[v].end - f->tokens[v].start);
        break;
      case TOKEN_STRING:
        /* Open311 servers often send lat/long as strings. */
        s = string_value (f, v);
        *out = g_ascii_strtod (s, &end);
        if (*s == '\0' || end == NULL || *end != '\0')
          return sn_frame_bad_field (error, field, _ ("a number"));
        break;
      default:
        return sn_frame_bad_field (error, field, _ ("a number"));
    }
  *present = TRUE;
  return TRUE;
}

gboolean
sn_frame_get_bool (SnFrame *f, const SnFrameMembers m, SnFrameField field, GError **error)
{
  guint v = member (f, m, field, FALSE, error);
  TokenKind kind = kind_of (f, v);

  if (v != SN_FRAME_NONE && kind != TOKEN_TRUE && kind != TOKEN_FALSE)
    return sn_frame_bad_field (error, field, _ ("true or false"));
  return TRUE;
}

gboolean
sn_frame_get_time (SnFrame *f, const SnFrameMembers m, SnFrameField field, gboolean required,
                   gint64 *out, gboolean *present, GError **error)
{
  guint v = member (f, m, field, required, error);

  set_present (present, FALSE);
  if (v == SN_FRAME_NONE)
    return !required;
  if (kind_of (f, v) != TOKEN_STRING || !sn_frame_parse_time (string_value (f, v), out))
    return sn_frame_bad_field (error, field, _ ("an ISO 8601 date and time"));
  set_present (present, TRUE);
  return TRUE;
}

/* @out is SN_FRAME_NONE when the member is absent. */
gboolean
sn_frame_get_object (SnFrame *f, const SnFrameMembers m, SnFrameField field, gboolean required,
                     guint *out, GError **error)
{
  guint v = member (f, m, field, required, error);

  *out = SN_FRAME_NONE;
  if (v == SN_FRAME_NONE)
    return !required;
  if (kind_of (f, v) != TOKEN_OBJECT)
    return sn_frame_bad_field (error, field, _ ("an object"));
  *out = v;
  return TRUE;
}

/* The array of non-empty strings @field, checked; SN_FRAME_NONE when absent. Returns FALSE on
 * error. */
static gboolean
strv_member (SnFrame *f, const SnFrameMembers m, SnFrameField field, guint *out, guint *length,
             GError **error)
{
  guint v = member (f, m, field, FALSE, error), el, n = 0;
  SnFrameIter iter;

  *out = SN_FRAME_NONE;
  if (v == SN_FRAME_NONE)
    return TRUE;
  if (kind_of (f, v) != TOKEN_ARRAY)
    return sn_frame_bad_field (error, field, _ ("an array of strings"));
  for (sn_frame_iter_init (&iter, f, v); sn_frame_iter_next (&iter, &el); n++)
    if (kind_of (f, el) != TOKEN_STRING || *string_value (f, el) == '\0')
      return sn_frame_bad_field (error, field, _ ("an array of non-empty strings"));
  *out = v;
  *length = n;
  return TRUE;
}

/* An array of non-empty strings, in the frame's lent array; @out untouched when absent. */
gboolean
sn_frame_get_strv_borrowed (SnFrame *f, const SnFrameMembers m, SnFrameField field, char ***out,
                            gboolean *present, GError **error)
{
  guint v, n = 0, el;
  SnFrameIter iter;

  *present = FALSE;
  if (!strv_member (f, m, field, &v, &n, error))
    return FALSE;
  if (v == SN_FRAME_NONE)
    return TRUE;
  g_ptr_array_set_size (f->borrowed, 0);
  for (sn_frame_iter_init (&iter, f, v); sn_frame_iter_next (&iter, &el);)
    g_ptr_array_add (f->borrowed, (gpointer) string_value (f, el));
  g_ptr_array_add (f->borrowed, NULL);
  *out = (char **) f->borrowed->pdata;
  *present = TRUE;
  return TRUE;
}

char **
sn_frame_borrow_strv (SnFrame *f, const char *s)
{
  g_ptr_array_set_size (f->borrowed, 0);
  g_ptr_array_add (f->borrowed, (gpointer) s);
  g_ptr_array_add (f->borrowed, NULL);
  return (char **) f->borrowed->pdata;
}

/* An array of non-empty strings, as a NULL-terminated copy; @out untouched when absent. */
gboolean
sn_frame_get_strv (SnFrame *f, const SnFrameMembers m, SnFrameField field, char ***out,
                   gboolean *present, GError **error)
{
  guint v, n = 0, el;
  SnFrameIter iter;
  char **strv;

  *present = FALSE;
  if (!strv_member (f, m, field, &v, &n, error))
    return FALSE;
  if (v == SN_FRAME_NONE)
    return TRUE;
  strv = g_new (char *, n + 1);
  n = 0;
  for (sn_frame_iter_init (&iter, f, v); sn_frame_iter_next (&iter, &el);)
    strv[n++] = g_strdup (string_value (f, el));
  strv[n] = NULL;
  *out = strv;
  *present = TRUE;
  return TRUE;
}

gint64
sn_frame_member_int (SnFrame *f, const SnFrameMembers m, SnFrameField field)
{
  return kind_of (f, m[field]) == TOKEN_INT ? int_value (f, m[field]) : 0;
}

gint64
sn_frame_member_time (SnFrame *f, const SnFrameMembers m, SnFrameField field)
{
  gint64 t = 0;

  if (kind_of (f, m[field]) == TOKEN_STRING)
    sn_frame_parse_time (string_value (f, m[field]), &t);
  return t;
}

const char *
sn_frame_member_string (SnFrame *f, const SnFrameMembers m, SnFrameField field)
{
  return kind_of (f, m[field]) == TOKEN_STRING ? string_value (f, m[field]) : NULL;
}

/* ── times ─────────────────────────────────────────────────────────────────────── */

static gboolean
read_digits (const char *s, guint n, int *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static gint64
days_from_civil (int y, int m, int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

gboolean
sn_frame_parse_time (const char *s, gint64 *out)
{
  int y, mo, d, h, mi, sec;

  /* Left to right, so that a short string stops at its NUL. */
  if (s != NULL && read_digits (s, 4, &y) && s[4] == '-' && read_digits (s + 5, 2, &mo)
      && s[7] == '-' && read_digits (s + 8, 2, &d) && s[10] == 'T' && read_digits (s + 11, 2, &h)
      && s[13] == ':' && read_digits (s + 14, 2, &mi) && s[16] == ':'
      && read_digits (s + 17, 2, &sec) && s[19] == 'Z' && s[20] == '\0' && y >= 1 && mo >= 1
      && mo <= 12 && d >= 1 && d <= g_date_get_days_in_month ((GDateMonth) mo, (GDateYear) y)
      && h <= 23 && mi <= 59 && sec <= 59)
    {
      *out = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
      return TRUE;
    }
  /* Offsets, fractions, out-of-range fields: GDateTime decides. */
  return sn_time_parse (s, out);
}

/* ── messages ──────────────────────────────────────────────────────────────────── */

gboolean
sn_frame_get_message_type (SnFrame *frame, SnMessageType *type)
{
  const char *s;

  g_return_val_if_fail (frame != NULL, FALSE);

  s = frame->n_tokens > 0 ? sn_frame_member_string (frame, frame->root, F_type) : NULL;
  return s != NULL && sn_message_type_from_string (s, type);
}

gboolean
sn_frame_read_event (SnFrame *frame, SnFrameEvent *event, GError **error)
{
  const char *kind;

  g_return_val_if_fail (frame != NULL && frame->n_tokens > 0, FALSE);

  if (!sn_frame_get_int (frame, frame->root, F_seq, TRUE, &event->seq, NULL, error)
      || !sn_frame_get_string (frame, frame->root, F_kind, TRUE, &kind, NULL, error)
      || !sn_frame_get_object (frame, frame->root, F_payload, TRUE, &event->payload, error))
    return FALSE;
  if (g_str_equal (kind, "ticket"))
    event->kind = SN_EVENT_KIND_TICKET;
  else if (g_str_equal (kind, "queue"))
    event->kind = SN_EVENT_KIND_QUEUE;
  else if (g_str_equal (kind, "agent"))
    event->kind = SN_EVENT_KIND_AGENT;
  else
    event->kind = SN_EVENT_KIND_OTHER;
  event->time = sn_frame_member_time (frame, frame->root, F_time);
  return TRUE;
}

void
sn_frame_read_snapshot (SnFrame *frame, SnFrameSnapshot *snapshot)
{
  g_return_if_fail (frame != NULL && frame->n_tokens > 0);

  snapshot->epoch = sn_frame_member_string (frame, frame->root, F_epoch);
  snapshot->head = sn_frame_member_int (frame, frame->root, F_head);
  snapshot->part = sn_frame_member_int (frame, frame->root, F_part);
  snapshot->last = kind_of (frame, frame->root[F_last]) == TOKEN_TRUE;
  snapshot->tickets = frame->root[F_tickets];
  snapshot->queues = frame->root[F_queues];
  snapshot->agents = frame->root[F_agents];
}

gboolean
sn_frame_is_array (SnFrame *frame, SnFrameValue value)
{
  return value < frame->n_tokens && frame->tokens[value].kind == TOKEN_ARRAY;
}

gboolean
sn_frame_is_object (SnFrame *frame, SnFrameValue value)
{
  return value < frame->n_tokens && frame->tokens[value].kind == TOKEN_OBJECT;
}

void
sn_frame_iter_init (SnFrameIter *iter, SnFrame *frame, SnFrameValue array)
{
  g_return_if_fail (sn_frame_is_array (frame, array));

  iter->frame = frame;
  iter->next = array + 1;
  iter->end = frame->tokens[array].end;
}

gboolean
sn_frame_iter_next (SnFrameIter *iter, SnFrameValue *element)
{
  if (iter->next >= iter->end)
    return FALSE;
  *element = iter->next;
  iter->next = skip (iter->frame, iter->next);
  return TRUE;
}

void
sn_frame_iter_init_object (SnFrameIter *iter, SnFrame *frame, SnFrameValue object)
{
  g_return_if_fail (sn_frame_is_object (frame, object));

  iter->frame = frame;
  iter->next = object + 1;
  iter->end = frame->tokens[object].end;
}

gboolean
sn_frame_iter_next_member (SnFrameIter *iter, const char **name, SnFrameValue *value)
{
  if (iter->next >= iter->end)
    return FALSE;
  *name = string_value (iter->frame, iter->next);
  *value = iter->next + 1;
  iter->next = skip (iter->frame, iter->next + 1);
  return TRUE;
}

/* ── the decoder ───────────────────────────────────────────────────────────────── */

SnFrame *
sn_frame_new (void)
{
  SnFrame *frame = g_new0 (SnFrame, 1);

  for (guint i = 0; i < SN_FRAME_N_FIELDS; i++)
    {
      gsize n = strlen (field_names[i]);
      guint slot = hash_name (field_names[i], n) % FIELD_SLOTS;

      g_assert (n <= FIELD_NAME_MAX);
      while (frame->slots[slot] != 0)
        slot = (slot + 1) % FIELD_SLOTS;
      frame->slots[slot] = (guint8) (i + 1);
      frame->name_lengths[i] = (guint8) n;
    }
  frame->borrowed = g_ptr_array_new ();
  return frame;
}

void
sn_frame_free (SnFrame *frame)
{
  if (frame == NULL)
    return;
  g_free (frame->text);
  g_free (frame->tokens);
  g_ptr_array_unref (frame->borrowed);
  g_free (frame);
}
