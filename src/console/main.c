/* main.c — shuniu, the console
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sn-application.h"

int
main (int argc, char **argv)
{
  g_autoptr (SnApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* $SHUNIU_LOCALEDIR: the build tree's translations, when running uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("SHUNIU_LOCALEDIR") ? g_getenv ("SHUNIU_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  app = sn_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
