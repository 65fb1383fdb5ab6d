/* sn-auth.c — roles, tokens and who is asking
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sys/random.h>

#include "sn-auth.h"
#include "sn-json.h"

static const char *const role_names[SN_N_ROLES] = {
  "supervisor", "official", "manager", "admin", "ingest",
};

const char *
sn_role_to_string (SnRole role)
{
  g_return_val_if_fail (role < SN_N_ROLES, NULL);
  return role_names[role];
}

gboolean
sn_role_from_string (const char *s, SnRole *out)
{
  int v;

  if (!sn_lookup_name (role_names, SN_N_ROLES, s, &v))
    return FALSE;
  *out = (SnRole) v;
  return TRUE;
}

void
sn_principal_free (SnPrincipal *principal)
{
  if (principal == NULL)
    return;
  g_free (principal->token_id);
  g_free (principal->name);
  g_strfreev (principal->districts);
  g_free (principal);
}

gboolean
sn_principal_can_see (const SnPrincipal *principal, const char *district)
{
  if (principal->role == SN_ROLE_INGEST)
    return FALSE;
  if (principal->role != SN_ROLE_OFFICIAL)
    return TRUE;
  /* Officials see only their districts; nothing center-wide. */
  return district != NULL && principal->districts != NULL
         && g_strv_contains ((const char *const *) principal->districts, district);
}

gboolean
sn_principal_can_stream (const SnPrincipal *principal)
{
  return principal->role != SN_ROLE_INGEST;
}

gboolean
sn_principal_can_act (const SnPrincipal *principal)
{
  return principal->role == SN_ROLE_SUPERVISOR;
}

char *
sn_token_generate (void)
{
  guint8 bytes[32];
  g_autofree char *b64 = NULL;

  /* The kernel's CSPRNG: a token must not be guessable from earlier ones. */
  if (getrandom (bytes, sizeof bytes, 0) != (gssize) sizeof bytes)
    g_error ("getrandom() failed: %s", g_strerror (errno));
  b64 = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  return g_strconcat ("sn_", b64, NULL);
}

char *
sn_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

SnPrincipal *
sn_auth_lookup (SnStore *store, const char *authorization, GError **error)
{
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (SnTokenInfo) info = NULL;
  SnPrincipal *principal;
  SnRole role;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  token = g_strstrip (g_strdup (authorization + 7));
  hash = sn_token_hash (token);
  info = sn_store_find_token (store, hash, error);
  if (info == NULL || info->revoked != 0 || !sn_role_from_string (info->role, &role))
    return NULL;
  principal = g_new0 (SnPrincipal, 1);
  principal->token_id = g_steal_pointer (&info->id);
  principal->name = g_steal_pointer (&info->name);
  principal->role = role;
  principal->districts = g_steal_pointer (&info->districts);
  return principal;
}

char *
sn_auth_create_token (SnStore *store, SnRole role, const char *name, const char *const *districts,
                      gint64 now, char **out_id, GError **error)
{
  g_autofree char *token = sn_token_generate ();
  g_autofree char *hash = sn_token_hash (token);
  g_autofree char *uuid = g_uuid_string_random ();
  SnTokenInfo info = { 0 };

  info.id = g_strndup (uuid, 8);
  info.role = (char *) sn_role_to_string (role);
  info.name = (char *) name;
  info.districts = (char **) districts;
  info.created = now;
  if (!sn_store_create_token (store, &info, hash, error))
    {
      g_free (info.id);
      return NULL;
    }
  if (out_id != NULL)
    *out_id = info.id;
  else
    g_free (info.id);
  return g_steal_pointer (&token);
}
