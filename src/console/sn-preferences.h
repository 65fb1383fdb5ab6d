/* sn-preferences.h — the Preferences window, bound to GSettings
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWindow *sn_preferences_new (GtkWindow *parent, GSettings *settings);

G_END_DECLS
