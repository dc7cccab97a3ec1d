// SPDX-License-Identifier: GPL-2.0
// Lustre-style YAML (see print.hpp for the layout).
#include <cctype>
#include <cstdlib>
#include <string_view>

#include "print.hpp"
#include "quote.hpp"

namespace util {
namespace {

// Words YAML 1.1 readers turn into booleans or null.
bool reserved_word(const std::string &s)
{
	static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"};
	for (const char *w : words) {
		if (s.size() != std::string_view(w).size())
			continue;
		bool same = true;
		for (std::size_t i = 0; i < s.size(); i++)
			same = same && std::tolower(static_cast<unsigned char>(s[i])) == w[i];
		if (same)
			return true;
	}
	return false;
}

bool looks_numeric(const std::string &s)
{
	char *end = nullptr;
	std::strtod(s.c_str(), &end);
	return end != s.c_str() && *end == '\0';
}

bool needs_quotes(const std::string &s)
{
	if (s.empty() || reserved_word(s) || looks_numeric(s))
		return true;
	if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos)
		return true;
	// At the start of a line (a scalar document), "..." ends the document.
	if (s.starts_with("..."))
		return true;
	if (std::isspace(static_cast<unsigned char>(s.front())) ||
	    std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ':')
		return true;
	if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos)
		return true;
	char32_t cp;
	for (std::size_t i = 0; i < s.size(); i++)
		if (unprintable_at(s, i, cp))
			return true;
	return false;
}

std::string scalar(const Value &v)
{
	switch (v.kind()) {
	case Value::Kind::Bool:
		return v.flag() ? "True" : "False";
	case Value::Kind::Number:
		return v.text();
	case Value::Kind::Map:
		return "{}";
	case Value::Kind::Seq:
		return "[]";
	default:
		return yaml_scalar(v.text());
	}
}

bool is_block(const Value &v)
{
	return (v.kind() == Value::Kind::Map && !v.members().empty()) ||
	       (v.kind() == Value::Kind::Seq && !v.items().empty());
}

void write_seq(std::string &out, const Value &seq, int dash);

// The map's members at column indent; the first line starts with lead
// (a "- " of an enclosing sequence, as wide as indent) instead of spaces.
void write_map(std::string &out, const Value &map, int indent, std::string lead)
{
	for (const auto &m : map.members()) {
		out += lead.empty() ? std::string(indent, ' ') : lead;
		lead.clear();
		out += m.key + ":";
		if (!is_block(m.value)) {
			out += " " + scalar(m.value) + "\n";
		} else if (m.value.kind() == Value::Kind::Map) {
			out += "\n";
			write_map(out, m.value, indent + 4, "");
		} else {
			out += "\n";
			write_seq(out, m.value, indent == 0 ? 4 : indent + 2);
		}
	}
}

void write_seq(std::string &out, const Value &seq, int dash)
{
	for (const auto &item : seq.items()) {
		std::string lead = std::string(dash, ' ') + "- ";
		if (!is_block(item)) {
			out += lead + scalar(item) + "\n";
		} else if (item.kind() == Value::Kind::Map) {
			write_map(out, item, dash + 2, lead);
		} else {
			out += std::string(dash, ' ') + "-\n";
			write_seq(out, item, dash + 2);
		}
	}
}

} // namespace

std::string yaml_scalar(const std::string &s)
{
	if (!needs_quotes(s))
		return s;
	return double_quoted(s, QuoteStyle::Yaml);
}

std::string to_yaml(const Value &v)
{
	std::string out;
	if (v.kind() == Value::Kind::Map && is_block(v))
		write_map(out, v, 0, "");
	else if (v.kind() == Value::Kind::Seq && is_block(v))
		write_seq(out, v, 0);
	else
		out = scalar(v) + "\n";
	return out;
}

} // namespace util
