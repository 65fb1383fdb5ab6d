/* sn-city-pack.c — where a city pack is found
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sn-city-pack.h"

G_DEFINE_QUARK (sn_city_pack_error_quark, sn_city_pack_error)

static gboolean
holds (const char *dir, const char *required_file)
{
  g_autofree char *file = NULL;

  if (required_file == NULL)
    return g_file_test (dir, G_FILE_TEST_IS_DIR);
  file = g_build_filename (dir, required_file, NULL);
  return g_file_test (file, G_FILE_TEST_IS_REGULAR);
}

char *
sn_city_pack_find (const char *first_base, const char *city, const char *required_file,
                   GError **error)
{
  const char *env = g_getenv ("SHUNIU_DATA_DIR");
  g_autofree char *from_env = env ? g_build_filename (env, "cities", NULL) : NULL;
  g_autofree char *installed = g_build_filename (PKGDATADIR, "cities", NULL);
  g_autofree char *source = g_build_filename (SOURCE_DATA_DIR, "cities", NULL);
  const char *bases[] = { first_base, from_env, installed, source };

  g_return_val_if_fail (city != NULL, NULL);

  if (*city == '\0' || strchr (city, '/') != NULL || g_str_equal (city, ".")
      || g_str_equal (city, ".."))
    {
      g_set_error (error, SN_CITY_PACK_ERROR, SN_CITY_PACK_ERROR_NAME,
                   _ ("“%s” is not a city pack name (a folder name under data/cities)"), city);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      g_autofree char *dir = bases[i] ? g_build_filename (bases[i], city, NULL) : NULL;

      if (dir != NULL && holds (dir, required_file))
        return g_steal_pointer (&dir);
    }
  g_set_error (error, SN_CITY_PACK_ERROR, SN_CITY_PACK_ERROR_NOT_FOUND,
               _ ("No city pack “%s” was found (looked in %s, %s and %s)"), city,
               from_env ? from_env : "$SHUNIU_DATA_DIR/cities", installed, source);
  return NULL;
}
