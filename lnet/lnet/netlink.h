/* SPDX-License-Identifier: GPL-2.0 */
/* The "lnet" generic netlink family's command handlers, by file. */
#ifndef _LNET_NETLINK_H
#define _LNET_NETLINK_H

#include <net/genetlink.h>

extern struct genl_family lnet_family;
int lnet_nl_parse_net(struct genl_info *info, __u32 *net);

/* netlink_peer.c */
int lnet_nl_peer_get(struct sk_buff *skb, struct netlink_callback *cb);
int lnet_nl_peer_add(struct sk_buff *skb, struct genl_info *info);
int lnet_nl_peer_del(struct sk_buff *skb, struct genl_info *info);
int lnet_nl_discover(struct sk_buff *skb, struct genl_info *info);
int lnet_nl_route_add(struct sk_buff *skb, struct genl_info *info);
int lnet_nl_route_del(struct sk_buff *skb, struct genl_info *info);
int lnet_nl_route_get(struct sk_buff *skb, struct netlink_callback *cb);
int lnet_nl_stats_get(struct sk_buff *skb, struct genl_info *info);
int lnet_nl_global_get(struct sk_buff *skb, struct genl_info *info);
int lnet_nl_global_set(struct sk_buff *skb, struct genl_info *info);

#endif /* _LNET_NETLINK_H */
