// SPDX-License-Identifier: GPL-2.0
#include "value.hpp"

#include "result.hpp"

namespace util {

Value &Value::add(std::string key, Value v)
{
	if (kind_ != Kind::Map)
		throw Fatal("Value::add on a non-map");
	members_.push_back(Member{std::move(key), std::move(v)});
	return members_.back().value;
}

Value &Value::push(Value v)
{
	if (kind_ != Kind::Seq)
		throw Fatal("Value::push on a non-sequence");
	items_.push_back(std::move(v));
	return items_.back();
}

Value *Value::find(const std::string &key)
{
	for (auto &m : members_)
		if (m.key == key)
			return &m.value;
	return nullptr;
}

const Value *Value::find(const std::string &key) const
{
	return const_cast<Value *>(this)->find(key);
}

} // namespace util
