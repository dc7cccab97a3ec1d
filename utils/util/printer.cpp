// SPDX-License-Identifier: GPL-2.0
// The Printer (print.hpp).  A tree is built bottom-up: each open level owns
// its value until close() moves it into its parent, so no reference into a
// growing vector is ever kept.
#include "print.hpp"
#include "result.hpp"

namespace util {

Printer::Printer(Format f) : format_(f)
{
	levels_.push_back(Level{{}, Value::map()});
}

void Printer::add(std::string key, Value v)
{
	Value &parent = levels_.back().value;
	if (parent.kind() == Value::Kind::Seq)
		parent.push(std::move(v));
	else
		parent.add(std::move(key), std::move(v));
}

void Printer::field(std::string key, Value v)
{
	if (is_text())
		text_ += v.text();
	else
		add(std::move(key), std::move(v));
}

void Printer::field(std::string key, Value v, std::string_view text)
{
	if (is_text())
		text_ += text;
	else
		add(std::move(key), std::move(v));
}

void Printer::text(std::string_view s)
{
	if (is_text())
		text_ += s;
}

void Printer::tree(std::string key, Value v)
{
	if (!is_text())
		add(std::move(key), std::move(v));
}

void Printer::open(std::string key, Value v)
{
	if (levels_.back().value.kind() == Value::Kind::Map && key.empty())
		throw Fatal("Printer: a map member needs a key");
	levels_.push_back(Level{std::move(key), std::move(v)});
}

void Printer::open_map(std::string key)
{
	open(std::move(key), Value::map());
}

void Printer::open_seq(std::string key)
{
	open(std::move(key), Value::seq());
}

void Printer::close()
{
	if (levels_.size() < 2)
		throw Fatal("Printer: close() without open");
	Level done = std::move(levels_.back());
	levels_.pop_back();
	if (!is_text())
		add(std::move(done.key), std::move(done.value));
}

std::string Printer::str() const
{
	if (levels_.size() != 1)
		throw Fatal("Printer: open without close()");
	if (is_text())
		return text_;
	return render(levels_.front().value, format_);
}

} // namespace util
