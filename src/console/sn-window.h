/* sn-window.h — the main window: header with pages and the connection's state
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sn-context.h"

G_BEGIN_DECLS

#define SN_TYPE_WINDOW (sn_window_get_type ())
G_DECLARE_FINAL_TYPE (SnWindow, sn_window, SN, WINDOW, AdwApplicationWindow)

SnWindow *sn_window_new (AdwApplication *app, SnContext *context);
void sn_window_show_page (SnWindow *self, const char *name);
void sn_window_toast (SnWindow *self, const char *message);
/* Takes @toast. */
void sn_window_add_toast (SnWindow *self, AdwToast *toast);
GtkWidget *sn_window_get_overview (SnWindow *self);
GtkWidget *sn_window_get_stalled (SnWindow *self);
GtkWidget *sn_window_get_map (SnWindow *self);
/* Shows the Stalled page filtered to @district (a district code). */
void sn_window_show_stalled_district (SnWindow *self, const char *district);
GtkWidget *sn_window_get_status_indicator (SnWindow *self);

G_END_DECLS
