// SPDX-License-Identifier: GPL-2.0
// YAML to Value over libyaml's event parser: one recursive descent over the
// events of the single document.
#include "yaml_read.hpp"

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <string>

#include <yaml.h>

namespace util {
namespace {

constexpr int max_depth = 64;

Error error_at(std::size_t line, const std::string &what)
{
	return Error{EINVAL, "line " + std::to_string(line) + ": " + what};
}

// libyaml's parser and its current event, both released on destruction.
class Events {
public:
	explicit Events(std::string_view text)
	{
		if (!yaml_parser_initialize(&parser_))
			throw Fatal("libyaml: out of memory");
		yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char *>(text.data()),
		                             text.size());
	}
	~Events()
	{
		drop();
		yaml_parser_delete(&parser_);
	}
	Events(const Events &) = delete;
	Events &operator=(const Events &) = delete;

	// Advance to the next event; a syntax error names its line.
	Result<void> next()
	{
		drop();
		if (!yaml_parser_parse(&parser_, &event_))
			return syntax_error();
		have_ = true;
		return {};
	}
	const yaml_event_t &event() const { return event_; }
	yaml_event_type_t type() const { return event_.type; }
	std::size_t line() const { return event_.start_mark.line + 1; }

private:
	void drop()
	{
		if (have_)
			yaml_event_delete(&event_);
		have_ = false;
	}

	Error syntax_error() const
	{
		std::string what = parser_.problem ? parser_.problem : "malformed YAML";
		if (parser_.context)
			what += std::string(" (") + parser_.context + " starting on line " +
			        std::to_string(parser_.context_mark.line + 1) + ")";
		return error_at(parser_.problem_mark.line + 1, what);
	}

	yaml_parser_t parser_;
	yaml_event_t event_;
	bool have_ = false;
};

bool is_decimal(std::string_view s)
{
	std::string_view digits = s.starts_with('-') ? s.substr(1) : s;
	if (digits.empty() || (digits.size() > 1 && digits.front() == '0'))
		return false;
	for (char c : digits)
		if (c < '0' || c > '9')
			return false;
	return true;
}

template <typename T>
bool parse_int(std::string_view s, T &out)
{
	auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
	return ec == std::errc() && end == s.data() + s.size();
}

Value scalar(const yaml_event_t &e)
{
	std::string text(reinterpret_cast<const char *>(e.data.scalar.value), e.data.scalar.length);
	if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !e.data.scalar.plain_implicit)
		return Value(std::move(text));
	if (text == "true" || text == "True" || text == "TRUE")
		return Value(true);
	if (text == "false" || text == "False" || text == "FALSE")
		return Value(false);
	if (text == "~" || text == "null" || text == "Null" || text == "NULL")
		return Value("");
	if (is_decimal(text)) {
		std::int64_t n;
		std::uint64_t u;
		if (parse_int(text, n))
			return Value(n);
		if (parse_int(text, u))
			return Value(u);
	}
	return Value(std::move(text));
}

// The node whose first event is current; on return its last event is.
Result<Value> node(Events &ev, int depth)
{
	const std::size_t line = ev.line();
	if (depth >= max_depth)
		return error_at(line, "nesting deeper than " + std::to_string(max_depth) + " levels");

	switch (ev.type()) {
	case YAML_SCALAR_EVENT: {
		Value v = scalar(ev.event());
		v.set_line(line);
		return v;
	}
	case YAML_ALIAS_EVENT:
		return error_at(line, "aliases (*name) are not supported");
	case YAML_SEQUENCE_START_EVENT: {
		if (ev.event().data.sequence_start.anchor)
			return error_at(line, "anchors (&name) are not supported");
		Value seq = Value::seq();
		seq.set_line(line);
		for (;;) {
			if (auto r = ev.next(); !r)
				return r.error();
			if (ev.type() == YAML_SEQUENCE_END_EVENT)
				return seq;
			auto item = node(ev, depth + 1);
			if (!item)
				return item.error();
			seq.push(std::move(item).value());
		}
	}
	case YAML_MAPPING_START_EVENT: {
		if (ev.event().data.mapping_start.anchor)
			return error_at(line, "anchors (&name) are not supported");
		Value map = Value::map();
		map.set_line(line);
		for (;;) {
			if (auto r = ev.next(); !r)
				return r.error();
			if (ev.type() == YAML_MAPPING_END_EVENT)
				return map;
			if (ev.type() != YAML_SCALAR_EVENT)
				return error_at(ev.line(),
				                "a map key must be a plain word, not a list or map");
			const auto &s = ev.event().data.scalar;
			std::string key(reinterpret_cast<const char *>(s.value), s.length);
			if (map.find(key))
				return error_at(ev.line(), "duplicate key \"" + key + "\"");
			if (auto r = ev.next(); !r)
				return r.error();
			auto value = node(ev, depth + 1);
			if (!value)
				return value.error();
			map.add(std::move(key), std::move(value).value());
		}
	}
	default:
		return error_at(line, "unexpected YAML event");
	}
}

} // namespace

Result<Value> read_yaml(std::string_view text)
{
	Events ev(text);
	if (auto r = ev.next(); !r) // STREAM-START
		return r.error();
	if (auto r = ev.next(); !r)
		return r.error();
	if (ev.type() == YAML_STREAM_END_EVENT) {
		Value empty = Value::map();
		empty.set_line(1);
		return empty;
	}
	// DOCUMENT-START, then the root node.
	if (auto r = ev.next(); !r)
		return r.error();
	auto root = node(ev, 0);
	if (!root)
		return root.error();
	if (auto r = ev.next(); !r) // DOCUMENT-END
		return r.error();
	if (auto r = ev.next(); !r)
		return r.error();
	if (ev.type() != YAML_STREAM_END_EVENT)
		return error_at(ev.line(), "more than one YAML document (\"---\"); one is expected");
	return root;
}

} // namespace util
