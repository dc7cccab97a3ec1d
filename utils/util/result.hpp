// SPDX-License-Identifier: GPL-2.0
// Result<T>: a value or an Error, for recoverable failures (std::expected is
// C++23).  Fatal: the one exception type, for failures no caller can handle;
// main() catches it.
#pragma once

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace util {

// What went wrong: an errno value (positive, 0 if none applies) and a sentence
// for the user, such as the kernel's extended-ack message.
struct Error {
	int code = 0;
	std::string message;

	static Error from_errno(int code) { return Error{code, std::strerror(code)}; }
};

class Fatal : public std::runtime_error {
public:
	using std::runtime_error::runtime_error;
};

template <typename T>
class [[nodiscard]] Result {
public:
	Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
	Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

	bool ok() const { return v_.index() == 0; }
	explicit operator bool() const { return ok(); }

	// Asking for the wrong alternative is a programming error.
	T &value() & { return checked<0>(); }
	const T &value() const & { return checked<0>(); }
	T &&value() && { return std::move(checked<0>()); }
	const Error &error() const { return checked<1>(); }

	T &operator*() & { return value(); }
	const T &operator*() const & { return value(); }
	T *operator->() { return &value(); }
	const T *operator->() const { return &value(); }

private:
	template <std::size_t I>
	auto &checked()
	{
		if (v_.index() != I)
			throw Fatal(I == 0 ? "Result: value() on an error" : "Result: error() on a value");
		return std::get<I>(v_);
	}
	template <std::size_t I>
	const auto &checked() const
	{
		return const_cast<Result *>(this)->template checked<I>();
	}

	std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
	Result() = default;
	Result(Error error) : error_(std::move(error)), ok_(false) {}

	bool ok() const { return ok_; }
	explicit operator bool() const { return ok_; }
	const Error &error() const
	{
		if (ok_)
			throw Fatal("Result: error() on a value");
		return error_;
	}

private:
	Error error_;
	bool ok_ = true;
};

} // namespace util
