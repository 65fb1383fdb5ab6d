/* sn-city-pack.h — where a city pack (data/cities/NAME/) is found, for the simulator and the
 * hub alike
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SN_CITY_PACK_ERROR (sn_city_pack_error_quark ())
GQuark sn_city_pack_error_quark (void);

typedef enum {
  SN_CITY_PACK_ERROR_NAME, /* not a folder name (empty, "..", a path) */
  SN_CITY_PACK_ERROR_NOT_FOUND,
} SnCityPackError;

/* The folder of city pack @city: in @first_base (may be NULL), then $SHUNIU_DATA_DIR/cities,
 * the installed data and the source tree's, the first that holds @required_file (NULL: the
 * first folder of that name). */
char *sn_city_pack_find (const char *first_base, const char *city, const char *required_file,
                         GError **error);

G_END_DECLS
