/* test-i18n.c — the console in Simplified Chinese: with LANG=zh_CN.UTF-8 the window's text
 * is Chinese and the CJK glyphs render (a font covers them; no unknown-glyph boxes)
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "sn-console-resources.h"
#include "sn-overview-page.h"
#include "sn-queue-tile.h"
#include "sn-status-indicator.h"
#include "sn-window.h"

static void
test_window_in_chinese (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (SnContext) context = sn_context_new (settings);
  SnWindow *window = sn_window_new (NULL, context);
  GtkWidget *page = sn_window_get_overview (window);
  GtkWidget *center = sn_overview_page_get_tile (SN_OVERVIEW_PAGE (page), NULL);
  GtkWidget *status = sn_window_get_status_indicator (window);
  g_autoptr (PangoLayout) layout = NULL;
  const char *text;

  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  /* Translated strings, from C code and from the .ui template. */
  g_assert_cmpstr (sn_queue_tile_get_field (SN_QUEUE_TILE (center), "title"), ==, "全中心");
  g_assert_true (
      g_str_has_prefix (sn_status_indicator_get_text (SN_STATUS_INDICATOR (status)), "离线"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "枢纽");
  g_assert_cmpstr (sn_queue_tile_get_field (SN_QUEUE_TILE (center), "service-level"), ==, "—");
  /* And the glyphs exist in an installed font. */
  text = sn_queue_tile_get_field (SN_QUEUE_TILE (center), "title");
  layout = gtk_widget_create_pango_layout (center, text);
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  const char *localedir = g_getenv ("SHUNIU_LOCALEDIR");

  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() forces the C locale; this test is about Chinese. */
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    g_error ("The zh_CN.UTF-8 locale is not available (generate it with locale-gen)");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();
  g_resources_register (sn_console_get_resource ());
  g_test_add_func ("/i18n/zh_CN", test_window_in_chinese);
  return g_test_run ();
}
