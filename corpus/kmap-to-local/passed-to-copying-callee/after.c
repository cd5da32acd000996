// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic (drbd_receiver.c read_in_block()-like): the address goes to a
 * helper of this file that wraps it in a kvec and receives into it with
 * sock_recvmsg(), which copies before it returns; and to net_send() of
 * another file of the directory, which does the same with kernel_sendmsg().
 * Neither keeps the address, so both functions are converted. net_keep()
 * of that file stores it: that one stays for review.
 */
#include <linux/highmem.h>
#include <linux/net.h>

int net_send(struct socket *sock, void *buf, size_t size);
int net_keep(struct socket *sock, void *buf);

static int recv_short(struct socket *sock, void *buf, size_t size, int flags)
{
	struct kvec iov = {
		.iov_base = buf,
		.iov_len = size,
	};
	struct msghdr msg = {
		.msg_flags = (flags ? flags : MSG_WAITALL | MSG_NOSIGNAL)
	};
	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &iov, 1, size);
	return sock_recvmsg(sock, &msg, msg.msg_flags);
}

static int read_in_block(struct socket *sock, struct page *page, size_t len)
{
	void *data = kmap_local_page(page);
	int err = recv_short(sock, data, len, 0);

	kunmap_local(data);
	return err;
}

static int send_block(struct socket *sock, struct page *page, size_t len)
{
	void *data = kmap_local_page(page);
	int err = net_send(sock, data, len);

	kunmap_local(data);
	return err;
}

static int keep_block(struct socket *sock, struct page *page)
{
	void *data = kmap(page);
	int err = net_keep(sock, data);

	kunmap(page);
	return err;
}
