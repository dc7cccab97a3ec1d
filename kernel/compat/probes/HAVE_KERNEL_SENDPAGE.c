// SPDX-License-Identifier: GPL-2.0
/* kernel_sendpage() was removed in 6.5 in favour of sendmsg() with
 * MSG_SPLICE_PAGES.  Debian's 6.1 defines MSG_SPLICE_PAGES (a stable
 * backport) but its TCP does not splice with it, so ksocklnd asks for the
 * old call first: present means "use kernel_sendpage() for zero-copy".
 */
#include <linux/net.h>

int probe(struct socket *sock, struct page *page);
int probe(struct socket *sock, struct page *page)
{
	return kernel_sendpage(sock, page, 0, PAGE_SIZE, 0);
}
