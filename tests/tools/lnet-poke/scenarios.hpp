// SPDX-License-Identifier: GPL-2.0
// lnet-poke's scenarios: each sends one kind of bad (or, for "valid", good)
// input on a fresh connection to an LNet acceptor.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

#include "conn.hpp"

namespace poke {

struct FuzzOptions;  // rpc.hpp
struct ForgeOptions; // scenarios_forge.hpp
struct LstOptions;   // scenarios_lst.hpp

// One connection to the server and the NIDs of both ends.
struct Session {
	Conn conn;
	std::uint64_t my_nid;     // tcp0 NID of our end's address
	std::uint64_t server_nid; // tcp0 NID of the server's address
	std::chrono::duration<double> timeout;
	const FuzzOptions *fuzz = nullptr;   // rpc-fuzz's options
	const ForgeOptions *forge = nullptr; // scenarios_forge.hpp's
	const LstOptions *lst = nullptr;     // scenarios_lst.hpp's
};

// What the server must do after a scenario's input.
enum class Expect {
	Close,         // close the connection within the timeout
	CloseSilently, // ... without sending anything
	Hello,         // answer with a correct HELLO (the scenario checks it)
	Alive,         // stay open and keep answering (the scenario checks it)
};

struct Scenario {
	std::string_view name;
	std::string_view description;
	// Sends the input.  Errors with code EPROTO are the server's fault
	// (a missing or wrong HELLO in a handshake), others are local.
	Result<void> (*run)(Session &s);
	Expect expect = Expect::Close;
	SourcePort::Kind source = SourcePort::Kind::Privileged;
};

std::span<const Scenario> scenarios();

// The scenario called @name, or nullptr.
const Scenario *find_scenario(std::string_view name);

// Print "hello: ..." when @answer is a HELLO, "answer: N bytes" otherwise.
void report_answer(const Bytes &answer);

} // namespace poke
