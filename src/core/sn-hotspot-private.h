/* sn-hotspot-private.h — what the hotspot index's files share: the index's structure and the
 * Morton-key helpers that read it
 *
 *   sn-hotspot.c           filters, building the cell pyramid, queries, districts
 *   sn-hotspot-emerging.c  emerging hotspots: binomial tests, Benjamini–Hochberg
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-hotspot.h"

G_BEGIN_DECLS

/* What an open point adds to its cell: its SLA class; closed points add nothing. */
typedef guint8 Grade;

typedef struct
{
  guint n_cells;
  SnHotspotCell *cells; /* NULL until materialized; written once, atomically */
} Level;

struct _SnHotspotIndex
{
  guint max_level;
  guint n_points;
  guint64 *keys; /* Morton keys at max_level, ascending */
  guint32 *members; /* point indices, in the order of keys */
  double *xs, *ys; /* the members' coordinates, same order */
  Grade *grades;
  Level *levels; /* max_level + 1 of them */
  GMutex *lock; /* serializes lazy materialization */
};

/* ---- Morton keys -------------------------------------------------------------------------- */

static inline guint64
spread_bits (guint32 v)
{
  guint64 x = v;

  x = (x | (x << 16)) & G_GUINT64_CONSTANT (0x0000FFFF0000FFFF);
  x = (x | (x << 8)) & G_GUINT64_CONSTANT (0x00FF00FF00FF00FF);
  x = (x | (x << 4)) & G_GUINT64_CONSTANT (0x0F0F0F0F0F0F0F0F);
  x = (x | (x << 2)) & G_GUINT64_CONSTANT (0x3333333333333333);
  x = (x | (x << 1)) & G_GUINT64_CONSTANT (0x5555555555555555);
  return x;
}

static inline guint32
compact_bits (guint64 x)
{
  x &= G_GUINT64_CONSTANT (0x5555555555555555);
  x = (x | (x >> 1)) & G_GUINT64_CONSTANT (0x3333333333333333);
  x = (x | (x >> 2)) & G_GUINT64_CONSTANT (0x0F0F0F0F0F0F0F0F);
  x = (x | (x >> 4)) & G_GUINT64_CONSTANT (0x00FF00FF00FF00FF);
  x = (x | (x >> 8)) & G_GUINT64_CONSTANT (0x0000FFFF0000FFFF);
  x = (x | (x >> 16)) & G_GUINT64_CONSTANT (0x00000000FFFFFFFF);
  return (guint32) x;
}

static inline guint64
morton (guint32 cx, guint32 cy)
{
  return spread_bits (cx) | (spread_bits (cy) << 1);
}

/* End of the run of leaf entries from @first (< @end) that share a cell at @shift. */
static inline guint
run_end (const SnHotspotIndex *index, guint first, guint end, guint shift)
{
  guint64 key = index->keys[first] >> shift;
  guint i = first + 1;

  while (i < end && (index->keys[i] >> shift) == key)
    i++;
  return i;
}

G_END_DECLS
