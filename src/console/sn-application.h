/* sn-application.h — the console application: shuniu [--demo | --hub URL]
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sn-context.h"

G_BEGIN_DECLS

#define SN_TYPE_APPLICATION (sn_application_get_type ())
G_DECLARE_FINAL_TYPE (SnApplication, sn_application, SN, APPLICATION, AdwApplication)

SnApplication *sn_application_new (void);
SnContext *sn_application_get_context (SnApplication *self);

G_END_DECLS
