// SPDX-License-Identifier: GPL-2.0
/*
 * The loopback LND (network "lo", NID 0@lo), built into lnet.ko.  Sending
 * hands the message straight to lnet_parse() on the same NI; receiving
 * copies from the sender's MD into the receiver's.  Everything runs in the
 * sender's context.
 */
#include <linux/module.h>
#include <lnet/lib-lnet.h>

static int lolnd_startup(struct lnet_ni *ni, struct netlink_ext_ack *extack)
{
	memset(&ni->nid, 0, sizeof(ni->nid));
	ni->nid.nid_type = LNET_LND_LO;
	return 0;
}

static void lolnd_shutdown(struct lnet_ni *ni)
{
}

static int lolnd_send(struct lnet_ni *ni, struct lnet_msg *msg)
{
	int rc = lnet_parse(ni, &msg->hdr, lnet_nid_to_nid4(&ni->nid), msg);

	/* lnet_parse() consumed the message either way (dropped or received):
	 * the send is complete.
	 */
	lnet_finalize(msg, rc < 0 ? rc : 0);
	return 0;
}

static int lolnd_recv(struct lnet_ni *ni, void *private, struct lnet_msg *msg,
		      unsigned int mlen, unsigned int rlen)
{
	const struct lnet_msg *tx = private;

	lnet_copy_md(msg, tx, mlen);
	lnet_finalize(msg, 0);
	return 0;
}

struct lnet_lnd lnet_lolnd = {
	.owner = THIS_MODULE,
	.type = LNET_LND_LO,
	.name = "lo",
	.self = true,
	.implicit = true,
	.startup = lolnd_startup,
	.shutdown = lolnd_shutdown,
	.send = lolnd_send,
	.recv = lolnd_recv,
};
