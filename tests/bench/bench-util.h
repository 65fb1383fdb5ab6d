/* bench-util.h — small helpers every benchmark uses: memory figures, verdicts, and applying
 * a stream frame to a console model (no hub, no display)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-console-model.h"

G_BEGIN_DECLS

/* A field of /proc/self/status ("VmRSS:", "VmHWM:") in MiB; -1 when it cannot be read. */
double bench_rss_mib (const char *field);
/* "MET" or "MISSED", next to a target. */
const char *bench_verdict (gboolean met);
/* Applies one stream text frame; aborts the benchmark with the model's error. */
void bench_apply_or_die (SnConsoleModel *model, const GString *frame);

G_END_DECLS
