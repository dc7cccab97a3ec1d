// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel acks and end-of-dump messages: the errno and the extended-ack text,
 * from messages laid out as net/netlink/af_netlink.c builds them.
 */
#include <cerrno>
#include <cstring>
#include <linux/netlink.h>
#include <string>
#include <vector>

#include "util/nlstatus.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

using util::NlStatus;
using util::parse_nlstatus;

/* A netlink message assembled field by field, each part NLMSG_ALIGNed. */
class Msg {
public:
	Msg(uint16_t type, uint16_t flags) : b_(NLMSG_HDRLEN, 0)
	{
		hdr().nlmsg_type = type;
		hdr().nlmsg_flags = flags;
	}
	Msg &put(const void *p, size_t n)
	{
		size_t at = b_.size();
		b_.resize(at + NLMSG_ALIGN(n), 0);
		std::memcpy(b_.data() + at, p, n);
		return *this;
	}
	Msg &attr(uint16_t type, const void *p, size_t n)
	{
		nlattr a{static_cast<uint16_t>(NLA_HDRLEN + n), type};
		size_t at = b_.size();
		b_.resize(at + NLA_ALIGN(NLA_HDRLEN + n), 0);
		std::memcpy(b_.data() + at, &a, sizeof(a));
		std::memcpy(b_.data() + at + NLA_HDRLEN, p, n);
		return *this;
	}
	Msg &str(uint16_t type, const char *s) { return attr(type, s, std::strlen(s) + 1); }
	NlStatus parse()
	{
		hdr().nlmsg_len = static_cast<uint32_t>(b_.size());
		return parse_nlstatus(&hdr());
	}
	std::vector<unsigned char> &bytes() { return b_; }

private:
	nlmsghdr &hdr() { return *reinterpret_cast<nlmsghdr *>(b_.data()); }
	std::vector<unsigned char> b_;
};

static nlmsgerr err_of(int error, uint32_t request_len)
{
	nlmsgerr e{};
	e.error = error;
	e.msg.nlmsg_len = request_len;
	return e;
}

static void test_error_with_message_capped(void **)
{
	nlmsgerr e = err_of(-ENODEV, NLMSG_HDRLEN + 40);
	uint32_t offs = 20;
	Msg m(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	m.put(&e, sizeof(e))
	        .attr(NLMSGERR_ATTR_OFFS, &offs, sizeof(offs))
	        .str(NLMSGERR_ATTR_MSG, "no interface \"eth9\"");

	NlStatus st = m.parse();

	assert_int_equal(st.error, ENODEV);
	assert_string_equal(st.message.c_str(), "no interface \"eth9\"");
}

/* Without NETLINK_CAP_ACK the request (here 6 bytes of payload) is echoed first. */
static void test_error_with_message_uncapped(void **)
{
	nlmsgerr e = err_of(-EINVAL, NLMSG_HDRLEN + 6);
	const char request[6] = {'x', 'x', 'x', 'x', 'x', 'x'};
	Msg m(NLMSG_ERROR, NLM_F_ACK_TLVS);
	m.put(&e, sizeof(e)).put(request, sizeof(request)).str(NLMSGERR_ATTR_MSG, "bad NID");

	NlStatus st = m.parse();

	assert_int_equal(st.error, EINVAL);
	assert_string_equal(st.message.c_str(), "bad NID");
}

static void test_ack(void **)
{
	nlmsgerr e = err_of(0, NLMSG_HDRLEN);
	Msg m(NLMSG_ERROR, NLM_F_CAPPED);
	m.put(&e, sizeof(e));

	NlStatus st = m.parse();

	assert_int_equal(st.error, 0);
	assert_true(st.message.empty());
}

static void test_error_without_tlvs(void **)
{
	nlmsgerr e = err_of(-EPERM, NLMSG_HDRLEN);
	Msg m(NLMSG_ERROR, NLM_F_CAPPED);
	m.put(&e, sizeof(e));

	NlStatus st = m.parse();

	assert_int_equal(st.error, EPERM);
	assert_true(st.message.empty());
}

static void test_done_with_error(void **)
{
	int err = -ENOENT;
	Msg m(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS);
	m.put(&err, sizeof(err)).str(NLMSGERR_ATTR_MSG, "no network \"tcp7\"");

	NlStatus st = m.parse();

	assert_int_equal(st.error, ENOENT);
	assert_string_equal(st.message.c_str(), "no network \"tcp7\"");
}

static void test_done_ok(void **)
{
	int zero = 0;
	Msg m(NLMSG_DONE, NLM_F_MULTI);
	m.put(&zero, sizeof(zero));

	assert_int_equal(m.parse().error, 0);
}

static void test_truncated_error(void **)
{
	Msg m(NLMSG_ERROR, 0);
	int half = -EIO;
	m.put(&half, sizeof(half)); /* an int where a whole nlmsgerr belongs */

	assert_int_equal(m.parse().error, EPROTO);
}

/* An attribute claiming more bytes than the message holds is not read. */
static void test_overlong_attribute(void **)
{
	nlmsgerr e = err_of(-EINVAL, NLMSG_HDRLEN);
	Msg m(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	m.put(&e, sizeof(e)).str(NLMSGERR_ATTR_MSG, "cut");
	size_t at = NLMSG_HDRLEN + sizeof(e);
	uint16_t big = 200;
	std::memcpy(m.bytes().data() + at, &big, sizeof(big));

	NlStatus st = m.parse();

	assert_int_equal(st.error, EINVAL);
	assert_true(st.message.empty());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_error_with_message_capped),
	        cmocka_unit_test(test_error_with_message_uncapped),
	        cmocka_unit_test(test_ack),
	        cmocka_unit_test(test_error_without_tlvs),
	        cmocka_unit_test(test_done_with_error),
	        cmocka_unit_test(test_done_ok),
	        cmocka_unit_test(test_truncated_error),
	        cmocka_unit_test(test_overlong_attribute),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
