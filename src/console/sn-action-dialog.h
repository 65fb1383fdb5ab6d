/* sn-action-dialog.h — the supervisor's levers on one or several work orders: reassign
 * (转派), add a unit (加派), escalate (催办 → 督办 → 通报), approve an extension (延期), add a
 * note. Each asks for a reason; the unit picker searches units by name and shows each one's
 * load of open and overdue work orders.
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sn-context.h"
#include "sn-protocol.h"

G_BEGIN_DECLS

/* Called once with the filled-in command (id, ticket and expected_version left for the
 * caller), or NULL when the supervisor cancelled. */
typedef void (*SnActionDone) (SnCommand *command, gpointer user_data);

/* The dialog is an AdwMessageDialog, transient for @parent, with the responses "cancel" and
 * "apply" (the default). Its fields carry these widget names, for tests and tools that walk
 * the widget tree: */
#define SN_ACTION_DIALOG_REASON "action-reason" /* GtkEntry */
#define SN_ACTION_DIALOG_UNIT_SEARCH "action-unit-search" /* GtkSearchEntry */
#define SN_ACTION_DIALOG_UNIT "action-unit" /* GtkCheckButton per unit shown, "unit" data */
#define SN_ACTION_DIALOG_DATE "action-date" /* GtkEntry */

/* @ids: the work orders the action is for (one, or several for a bulk action). */
void sn_action_dialog_present (GtkWindow *parent, SnContext *context, SnAction action,
                               const char *const *ids, SnActionDone done, gpointer user_data);

/* "Reassign", "Add a Unit", … (translated). */
const char *sn_action_get_label (SnAction action);

/* Open and overdue work orders per unit, from the console model. */
typedef struct
{
  guint open;
  guint overdue;
} SnUnitLoad;

GHashTable *sn_unit_loads (SnContext *context);

G_END_DECLS
