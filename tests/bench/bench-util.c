/* bench-util.c — small helpers every benchmark uses
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-util.h"

double
bench_rss_mib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, field)) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field) + 1, NULL) / 1024.0;
}

const char *
bench_verdict (gboolean met)
{
  return met ? "MET" : "MISSED";
}

void
bench_apply_or_die (SnConsoleModel *model, const GString *frame)
{
  g_autoptr (GError) error = NULL;

  if (!sn_console_model_apply_text (model, frame->str, frame->len, &error))
    g_error ("%s", error->message);
}
