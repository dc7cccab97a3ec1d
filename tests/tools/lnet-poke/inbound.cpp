// SPDX-License-Identifier: GPL-2.0
// Cutting the server's byte stream into socklnd messages (inbound.hpp).
#include "inbound.hpp"

#include <cerrno>
#include <string>
#include <utility>

namespace poke {

namespace {

constexpr std::size_t kCompactAt = 1 << 20; // drop taken bytes beyond this

util::Error bad(const char *what, const char *why)
{
	return util::Error{EPROTO, std::string(what) + (why ? why : "malformed")};
}

} // namespace

void InboundStream::feed(std::span<const std::uint8_t> data)
{
	buf_.insert(buf_.end(), data.begin(), data.end());
}

util::Result<std::optional<Inbound>> InboundStream::next()
{
	const std::uint8_t *p = buf_.data() + start_;
	const std::size_t have = pending();
	std::size_t need = KSOCK_MSG_HDR_SIZE;
	const char *why = nullptr;
	Inbound in;

	if (have < need)
		return std::optional<Inbound>{};
	if (ksock_msg_hdr_decode(p, have, false, &in.ksm, &why))
		return bad("the server sent a bad socklnd header: ", why);
	if (in.ksm.type == KSOCK_MSG_LNET) {
		if (have < need + LNET_HDR_SIZE)
			return std::optional<Inbound>{};
		if (lnet_hdr_decode(p + need, have - need, false, &in.hdr, &why))
			return bad("the server sent a bad LNet header: ", why);
		need += LNET_HDR_SIZE;
		if (have < need + in.hdr.payload_length)
			return std::optional<Inbound>{};
		in.lnet = true;
		in.payload.assign(p + need, p + need + in.hdr.payload_length);
		need += in.hdr.payload_length;
	}
	start_ += need;
	if (start_ == buf_.size()) {
		buf_.clear();
		start_ = 0;
	} else if (start_ >= kCompactAt) {
		buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(start_));
		start_ = 0;
	}
	return std::optional<Inbound>{std::move(in)};
}

} // namespace poke
