// SPDX-License-Identifier: GPL-2.0
// Parameter words and NID lists (params.hpp); NIDs through the kernel's own
// parser (lnet/nidstr.c).
#include "params.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <netdb.h>
#include <sys/socket.h>

extern "C" {
#include <lnet/nid.h>
}

namespace tgt {

using util::Error;
using util::Result;

namespace {

bool key_is(const std::string &word, std::string_view key)
{
	return word.size() > key.size() && word.compare(0, key.size(), key) == 0 && word[key.size()] == '=';
}

// A host name to a dotted quad (the first IPv4 address); empty if none.
std::string resolve(const std::string &host)
{
	addrinfo hints{};
	hints.ai_family = AF_INET;
	addrinfo *res = nullptr;
	if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || !res)
		return {};
	char buf[INET_ADDRSTRLEN] = "";
	inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in *>(res->ai_addr)->sin_addr, buf, sizeof(buf));
	freeaddrinfo(res);
	return buf;
}

Result<std::string> one_nid(std::string text)
{
	if (text.empty())
		return Error{EINVAL, "empty NID"};
	if (text.find('@') == std::string::npos)
		text += "@tcp";
	lnet_nid nid;
	const char *why = nullptr;
	if (lnet_nid_parse(text.c_str(), &nid, &why) != 0) {
		// mgs1@tcp: an address that is a host name (it has a letter;
		// a bad dotted quad is not looked up).
		auto at = text.rfind('@');
		std::string host = text.substr(0, at);
		bool name =
		        std::any_of(host.begin(), host.end(), [](char c) { return std::isalpha(c & 0xff); });
		std::string addr =
		        name && host.find(':') == std::string::npos ? resolve(host) : std::string();
		if (addr.empty() || lnet_nid_parse((addr + text.substr(at)).c_str(), &nid, nullptr) != 0)
			return Error{EINVAL, "bad NID '" + text + "': " + (why ? why : "invalid")};
	}
	char buf[LNET_NIDSTR_SIZE];
	if (lnet_nid_format(&nid, buf, sizeof(buf)) < 0)
		return Error{EINVAL, "bad NID '" + text + "'"};
	return std::string(buf);
}

} // namespace

namespace {

Result<std::string> one_node(std::string_view arg)
{
	std::string out;
	std::size_t pos = 0;
	for (;;) {
		std::size_t comma = arg.find(',', pos);
		std::string_view part =
		        arg.substr(pos, comma == std::string_view::npos ? arg.npos : comma - pos);
		auto nid = one_nid(std::string(part));
		if (!nid)
			return nid.error();
		if (!out.empty())
			out += ',';
		out += *nid;
		if (comma == std::string_view::npos)
			return out;
		pos = comma + 1;
	}
}

} // namespace

Result<std::string> node_nids(std::string_view arg)
{
	// An IPv6 NID has ':' in it, so it is told apart before the split.
	std::size_t start = 0;
	for (;;) {
		std::size_t comma = arg.find(',', start);
		std::string item(
		        arg.substr(start, comma == std::string_view::npos ? arg.npos : comma - start));
		lnet_nid nid;
		char buf[LNET_NIDSTR_SIZE];
		if (item.find(':') != std::string::npos && lnet_nid_parse(item.c_str(), &nid, nullptr) == 0 &&
		    lnet_nid_format(&nid, buf, sizeof(buf)) > 0)
			return Error{EINVAL, "IPv6 NID '" + std::string(buf) +
			                             "' cannot be listed here (':' separates nodes)"};
		if (comma == std::string_view::npos)
			break;
		start = comma + 1;
	}
	// "A@tcp:B@tcp" is two nodes in one option, as Lustre accepts it.
	std::string out;
	std::size_t pos = 0;
	for (;;) {
		std::size_t colon = arg.find(':', pos);
		auto node =
		        one_node(arg.substr(pos, colon == std::string_view::npos ? arg.npos : colon - pos));
		if (!node)
			return node.error();
		if (!out.empty())
			out += ':';
		out += *node;
		if (colon == std::string_view::npos)
			return out;
		pos = colon + 1;
	}
}

Result<Params> Params::parse(std::string_view text)
{
	Params p;
	std::size_t pos = 0;
	while (pos < text.size()) {
		if (text[pos] == ' ') {
			pos++;
			continue;
		}
		std::size_t end = text.find(' ', pos);
		if (end == std::string_view::npos)
			end = text.size();
		std::string_view word = text.substr(pos, end - pos);
		auto r = check_word(word);
		if (!r)
			return r.error();
		p.words_.emplace_back(word);
		pos = end;
	}
	return p;
}

std::optional<std::string> Params::get(std::string_view key) const
{
	for (const std::string &w : words_)
		if (key_is(w, key))
			return w.substr(key.size() + 1);
	return std::nullopt;
}

void Params::erase(std::string_view key)
{
	std::erase_if(words_, [&](const std::string &w) { return key_is(w, key); });
}

void Params::set(std::string_view key, std::string_view value)
{
	std::string word = std::string(key) + "=" + std::string(value);
	for (auto it = words_.begin(); it != words_.end(); ++it) {
		if (key_is(*it, key)) {
			*it = word;
			auto rest = std::remove_if(std::next(it), words_.end(),
			                           [&](const std::string &w) { return key_is(w, key); });
			words_.erase(rest, words_.end());
			return;
		}
	}
	words_.push_back(std::move(word));
}

void Params::add_node(std::string_view key, std::string_view nids)
{
	auto old = get(key);
	set(key, old ? *old + ":" + std::string(nids) : std::string(nids));
}

Result<void> check_word(std::string_view word)
{
	std::size_t eq = word.find('=');
	if (eq == std::string_view::npos)
		return Error{EINVAL, "parameter '" + std::string(word) + "' is not KEY=VALUE"};
	if (eq == 0)
		return Error{EINVAL, "parameter '" + std::string(word) + "' has an empty key"};
	for (char c : word)
		if (c < 0x21 || c > 0x7e)
			return Error{EINVAL,
			             "parameter '" + std::string(word) +
			                     "' has a blank or a character that is not printable ASCII"};
	return {};
}

Result<void> Params::add_word(std::string_view word)
{
	auto r = check_word(word);
	if (!r)
		return r;
	std::size_t eq = word.find('=');
	set(word.substr(0, eq), word.substr(eq + 1));
	return {};
}

std::string Params::str() const
{
	std::string s;
	for (const std::string &w : words_)
		s += " " + w;
	return s;
}

} // namespace tgt
