/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the lock manager's RPC glue files only (ldlm_handler.c,
 * ldlm_ast.c, ldlm_request.c). */
#ifndef LDLM_RPC_INTERNAL_H
#define LDLM_RPC_INTERNAL_H

#include <nacre/ldlm_rpc.h>

/* ldlm_ast.c: the server's callbacks to clients */
extern const struct ldlm_ns_ops ldlm_srv_ns_ops;
int ldlm_ast_start(void);
void ldlm_ast_flush(void);
void ldlm_ast_stop(void);

/* ldlm_handler.c */
bool ldlm_export_gone(struct obd_export *exp);

#endif
