/* sn-connect-dialog.h — asks for a hub's address and token; keeps the token in the keyring
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sn-context.h"

G_BEGIN_DECLS

/* Shows the dialog; on "Connect" the context's client connects and the token is stored. */
void sn_connect_dialog_present (GtkWindow *parent, SnContext *context, const char *url);

/* The token kept for @url in the user's keyring (libsecret), or NULL. Blocking: call once at
 * start-up. */
char *sn_token_lookup (const char *url);
void sn_token_store (const char *url, const char *token);

G_END_DECLS
