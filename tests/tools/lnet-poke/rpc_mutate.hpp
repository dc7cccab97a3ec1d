// SPDX-License-Identifier: GPL-2.0
// rpc-fuzz's input: valid ptlrpc requests (OBD_PING, OST_CONNECT, OST_WRITE,
// OST_READ, LDLM_ENQUEUE) built with the kernel's own pack.c through
// nacre_pure, each then broken in one way drawn from a seed.
//
// The same seed gives the same messages on every host: the generator draws
// from its own splitmix64, never from <random>'s distributions (their
// results are left to the library).  Pure logic: no I/O, unit-tested in
// tests/unit/test_lnet_poke_rpc.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace poke {

// A message as sent.  std::vector storage comes from operator new, aligned
// to at least 16 bytes: the 8 pack.c needs to read a message in place.
using Bytes = std::vector<std::uint8_t>;

// splitmix64 (Steele, Lea, Flood 2014).
class Rng {
public:
	explicit Rng(std::uint64_t seed) : state_(seed) {}
	std::uint64_t next();
	// In [0, @n), @n > 0; the modulo bias does not matter here.
	std::uint64_t below(std::uint64_t n) { return next() % n; }

private:
	std::uint64_t state_;
};

// The valid requests the mutations start from.
enum class Base { Ping, Connect, Write, Read, Enqueue };
inline constexpr std::size_t kBaseCount = 5;

enum class Mutation {
	None,           // the valid request itself
	Truncate,       // cut short at a random length
	FlipBytes,      // 1 to 8 random bytes XORed with random non-zero values
	BufcountZero,   // lm_bufcount 0
	BufcountTwenty, // lm_bufcount 20, one over PTLRPC_MAX_BUFCOUNT
	BufcountHuge,   // lm_bufcount 0x10000, 0x7fffffff or 0xffffffff
	BuflenOverflow, // buffer lengths whose 32-bit sum wraps
	BadMagic,       // lm_magic neither V2 nor byte-swapped V2
	SwabbedMagic,   // lm_magic of a big-endian sender
	BadType,        // pb_type none of request, reply, error
	NotRequest,     // pb_type reply or error: well formed, not a request
	BadVersion,     // pb_version's message version not 3
	RandomHandle,   // pb_handle a random cookie
	LockCountHuge,  // LDLM_ENQUEUE only: lock_count beyond the handles sent
	StringNoNul,    // OST_CONNECT only: both UUID buffers full, no NUL
	EmptyBuffer,    // one buffer length 0, its bytes left in place
	Empty,          // no bytes at all
	RandomHuge,     // 64 KiB of random bytes (more than a service buffer)
};
inline constexpr std::size_t kMutationCount = 18;

// What lustre_msg_check() must say of a mutated message.
enum class Verdict {
	Accepted, // a well-formed message (the handlers must cope)
	Rejected, // malformed: the check must refuse it
	Either,   // random bytes changed: it depends which
};

struct FuzzMessage {
	Base base;
	Mutation mutation;
	Verdict verdict;
	Bytes bytes; // the LNet PUT payload
};

std::string_view base_name(Base b);
std::string_view mutation_name(Mutation m);

// Requests of "the export": pb_handle is the export handle the caller
// holds; other requests get a zero or a random handle.
class Mutator {
public:
	// @target: the target UUID connects name; @client: the client UUID
	// they give (both at most 38 characters).
	Mutator(std::uint64_t seed, std::string target, std::string client);

	// The next message.  @export_handle goes into the requests that use the
	// export (and into reconnects); the choices depend on the seed alone, so
	// equal seeds and equal handles give equal bytes.
	FuzzMessage next(std::uint64_t export_handle);

private:
	Bytes build(Base base, std::uint64_t handle, std::uint64_t export_handle);
	Mutation pick(Base base);
	Verdict mutate(FuzzMessage &m);

	Rng rng_;
	std::string target_, client_;
};

// Valid requests: a ping (a zero @handle asks "are you there" without a
// connection, which a target answers), and a first connect of @client to
// @target.
Bytes ping_request(std::uint64_t handle);
Bytes connect_request(const std::string &target, const std::string &client);

} // namespace poke
