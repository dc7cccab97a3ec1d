// SPDX-License-Identifier: GPL-2.0
// JSON, pretty-printed with 4-space indentation; bytes >= 0x80 pass through
// (the kernel's strings are ASCII; UTF-8 stays UTF-8).

#include "print.hpp"
#include "quote.hpp"

namespace util {
namespace {

void write(std::string &out, const Value &v, int indent)
{
	const std::string pad(indent + 4, ' ');
	switch (v.kind()) {
	case Value::Kind::String:
		out += json_string(v.text());
		break;
	case Value::Kind::Number:
	case Value::Kind::Bool:
		out += v.text();
		break;
	case Value::Kind::Map:
		if (v.members().empty()) {
			out += "{}";
			break;
		}
		out += "{\n";
		for (std::size_t i = 0; i < v.members().size(); i++) {
			const auto &m = v.members()[i];
			out += pad + json_string(m.key) + ": ";
			write(out, m.value, indent + 4);
			out += i + 1 < v.members().size() ? ",\n" : "\n";
		}
		out += std::string(indent, ' ') + "}";
		break;
	case Value::Kind::Seq:
		if (v.items().empty()) {
			out += "[]";
			break;
		}
		out += "[\n";
		for (std::size_t i = 0; i < v.items().size(); i++) {
			out += pad;
			write(out, v.items()[i], indent + 4);
			out += i + 1 < v.items().size() ? ",\n" : "\n";
		}
		out += std::string(indent, ' ') + "]";
		break;
	}
}

} // namespace

std::string json_string(const std::string &s)
{
	return double_quoted(s, QuoteStyle::Json);
}

std::string to_json(const Value &v)
{
	std::string out;
	write(out, v, 0);
	return out + "\n";
}

std::string render(const Value &v, Format f)
{
	return f == Format::Json ? to_json(v) : to_yaml(v); // Text: YAML (print.hpp)
}

} // namespace util
