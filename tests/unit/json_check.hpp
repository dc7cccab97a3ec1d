// SPDX-License-Identifier: GPL-2.0
// A strict JSON syntax check (RFC 8259) for the printer tests: true when the
// whole text is exactly one JSON value, optionally surrounded by whitespace.
#pragma once

#include <cctype>
#include <string>

class JsonCheck {
public:
	static bool valid(const std::string &s)
	{
		JsonCheck c{s};
		c.ws();
		if (!c.value())
			return false;
		c.ws();
		return c.i == s.size();
	}

private:
	explicit JsonCheck(const std::string &s) : s(s) {}
	const std::string &s;
	std::size_t i = 0;

	bool eat(char c)
	{
		if (i < s.size() && s[i] == c) {
			i++;
			return true;
		}
		return false;
	}
	void ws()
	{
		while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))
			i++;
	}
	bool lit(const char *w)
	{
		std::string l(w);
		if (s.compare(i, l.size(), l) != 0)
			return false;
		i += l.size();
		return true;
	}
	bool digits()
	{
		std::size_t b = i;
		while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
			i++;
		return i > b;
	}
	bool number()
	{
		eat('-');
		if (eat('0')) {
		} else if (!digits())
			return false;
		if (eat('.') && !digits())
			return false;
		if (eat('e') || eat('E')) {
			if (!eat('+'))
				eat('-');
			if (!digits())
				return false;
		}
		return true;
	}
	bool string()
	{
		if (!eat('"'))
			return false;
		while (i < s.size()) {
			unsigned char c = s[i++];
			if (c == '"')
				return true;
			if (c < 0x20)
				return false;
			if (c == '\\') {
				if (i >= s.size())
					return false;
				char e = s[i++];
				if (e == 'u') {
					for (int k = 0; k < 4; k++)
						if (i >= s.size() ||
						    !std::isxdigit(static_cast<unsigned char>(s[i++])))
							return false;
				} else if (std::string("\"\\/bfnrt").find(e) == std::string::npos) {
					return false;
				}
			}
		}
		return false;
	}
	bool value()
	{
		if (i >= s.size())
			return false;
		switch (s[i]) {
		case '{':
			i++;
			ws();
			if (eat('}'))
				return true;
			do {
				ws();
				if (!string())
					return false;
				ws();
				if (!eat(':'))
					return false;
				ws();
				if (!value())
					return false;
				ws();
			} while (eat(','));
			return eat('}');
		case '[':
			i++;
			ws();
			if (eat(']'))
				return true;
			do {
				ws();
				if (!value())
					return false;
				ws();
			} while (eat(','));
			return eat(']');
		case '"':
			return string();
		case 't':
			return lit("true");
		case 'f':
			return lit("false");
		case 'n':
			return lit("null");
		default:
			return number();
		}
	}
};
