/* sn-auth.h — roles, tokens and who is asking
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sn-store.h"

G_BEGIN_DECLS

typedef enum {
  SN_ROLE_SUPERVISOR, /* sees all, acts */
  SN_ROLE_OFFICIAL, /* read-only, scoped to its districts */
  SN_ROLE_MANAGER, /* read-only, all districts, exports */
  SN_ROLE_ADMIN, /* tokens, audit */
  SN_ROLE_INGEST, /* the feed from telephony and ticket systems */
  SN_N_ROLES
} SnRole;

const char *sn_role_to_string (SnRole role);
gboolean sn_role_from_string (const char *s, SnRole *out);

/* The authenticated caller of one request or connection. */
typedef struct
{
  char *token_id;
  char *name;
  SnRole role;
  char **districts; /* official scope; NULL = all */
} SnPrincipal;

void sn_principal_free (SnPrincipal *principal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnPrincipal, sn_principal_free)

/* Whether @principal may see things in @district (NULL = center-wide, e.g. queues). */
gboolean sn_principal_can_see (const SnPrincipal *principal, const char *district);
gboolean sn_principal_can_stream (const SnPrincipal *principal);
gboolean sn_principal_can_act (const SnPrincipal *principal);

/* A new random token ("sn_" + 43 base64url characters) and the hash that is stored. */
char *sn_token_generate (void);
char *sn_token_hash (const char *token);

/* Looks up the bearer token of an Authorization header value. NULL with no error when the
 * header is missing, malformed, unknown or revoked. */
SnPrincipal *sn_auth_lookup (SnStore *store, const char *authorization, GError **error);

/* token create: stores the hash and returns the token text (shown once). */
char *sn_auth_create_token (SnStore *store, SnRole role, const char *name,
                            const char *const *districts, gint64 now, char **out_id,
                            GError **error);

G_END_DECLS
