// SPDX-License-Identifier: GPL-2.0
// The one print path (iproute2's json_print is the model): a command
// describes its output once, to a Printer, and that description prints as
// text, as Lustre-style YAML or as JSON.  Each piece of the description says
// where it shows:
//
//   field(key, value, text)  both: "key: value" in a tree, `text` (the
//                            value's own text by default) in text
//   text(s)                  text only: separators, units, line ends
//   tree(key, value)         trees only: what the text leaves out
//   open_map/open_seq/close  a tree's nesting (nothing in text)
//
// so adding a command means writing its output once.  A tree is a util::Value
// (value.hpp) rendered at the end; tools that only print trees (lnetctl) build
// the Value and render() it.
//
// YAML layout follows Lustre's tools: a map nests 4 columns deeper than its
// key; a sequence's "- " sits 4 columns in at the top level and 2 columns in
// below it, with the item's keys aligned after the dash; booleans print as
// True/False.  Strings are quoted only when YAML would otherwise misread them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "value.hpp"

namespace util {

enum class Format { Text, Yaml, Json };

std::string to_yaml(const Value &v);
std::string to_json(const Value &v);
// A tree has no text form of its own: Text renders it as YAML, as lnetctl
// prints its trees.
std::string render(const Value &v, Format f);

// A string as a YAML scalar (quoted and escaped when needed) and as a JSON
// string literal (always quoted); exposed for tests.
std::string yaml_scalar(const std::string &s);
std::string json_string(const std::string &s);

class Printer {
public:
	explicit Printer(Format f);

	Format format() const { return format_; }
	bool is_text() const { return format_ == Format::Text; }

	// In a tree: the member `key` of the innermost map, or (key ignored) an
	// item of the innermost sequence.  In text: `text`, or the value's own
	// text (the string, the decimal number, true/false).
	void field(std::string key, Value v);
	void field(std::string key, Value v, std::string_view text);
	void text(std::string_view s);
	void tree(std::string key, Value v);

	// A map or sequence as the member `key` of the innermost map; without a
	// key, as an item of the innermost sequence.  Each open has its close.
	void open_map(std::string key = {});
	void open_seq(std::string key = {});
	void close();

	// What was printed: the text, or the tree rendered as YAML or JSON (an
	// empty tree prints as {}).  Throws Fatal when an open has no close.
	std::string str() const;

private:
	struct Level {
		std::string key;
		Value value;
	};
	void add(std::string key, Value v);
	void open(std::string key, Value v);

	Format format_;
	std::string text_;
	std::vector<Level> levels_; // [0] is the root map
};

// Describe with `describe(Printer &)` and print in format f.
template <typename F>
std::string print(Format f, F &&describe)
{
	Printer p(f);
	describe(p);
	return p.str();
}

} // namespace util
