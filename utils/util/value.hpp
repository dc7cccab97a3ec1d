// SPDX-License-Identifier: GPL-2.0
// Value: a tree of what a tool prints (ordered maps, sequences, scalars), built
// once and rendered by print.hpp as YAML or JSON, so every output format comes
// from the same data (iproute2's json_print idea).
#pragma once

#include <concepts>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace util {

class Value {
public:
	enum class Kind { String, Number, Bool, Map, Seq };
	struct Member;

	// Defined below Member: a vector of an incomplete type cannot be built
	// or destroyed yet (clang with libstdc++ refuses it).
	Value(std::string s);
	Value(const char *s);
	Value(bool b);
	template <std::integral T>
	requires(!std::same_as<T, bool>) Value(T n);

	static Value map();
	static Value seq();

	// Append to a map (keys keep their insertion order) or a sequence.  The
	// reference returned stays valid until the next append to this value.
	Value &add(std::string key, Value v);
	Value &push(Value v);

	Kind kind() const { return kind_; }
	// The scalar's text: the string, the decimal number, "true"/"false".
	const std::string &text() const { return text_; }
	bool flag() const { return flag_; }
	const std::vector<Member> &members() const { return members_; }
	const std::vector<Value> &items() const { return items_; }
	// The member's value, or nullptr; for tools that update a tree.
	Value *find(const std::string &key);
	const Value *find(const std::string &key) const;

	// Where a reader found this value (1-based line), 0 in a built tree;
	// lets a configuration check name the line it rejects.
	std::size_t line() const { return line_; }
	void set_line(std::size_t line) { line_ = line; }

private:
	explicit Value(Kind k);

	Kind kind_;
	std::string text_;
	bool flag_ = false;
	std::size_t line_ = 0;
	std::vector<Member> members_;
	std::vector<Value> items_;
};

struct Value::Member {
	std::string key;
	Value value;
};

inline Value::Value(Kind k) : kind_(k)
{
}
inline Value::Value(std::string s) : kind_(Kind::String), text_(std::move(s))
{
}
inline Value::Value(const char *s) : Value(std::string(s))
{
}
inline Value::Value(bool b) : kind_(Kind::Bool), text_(b ? "true" : "false"), flag_(b)
{
}
template <std::integral T>
requires(!std::same_as<T, bool>) Value::Value(T n) : kind_(Kind::Number), text_(std::to_string(n))
{
}

inline Value Value::map()
{
	return Value(Kind::Map);
}
inline Value Value::seq()
{
	return Value(Kind::Seq);
}

} // namespace util
