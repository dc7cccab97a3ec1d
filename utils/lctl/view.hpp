// SPDX-License-Identifier: GPL-2.0
// What lctl prints, in Lustre's shapes: each object's output described once
// to a util::Printer (util/print.hpp), which prints it as text (Lustre's
// lines), YAML or JSON.  Text lines end with a newline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "obd.hpp"
#include "util/print.hpp"

namespace lctl {

// dl.  Text: "%3d %s %s %s %s %d" per device (index, state, type, name,
// uuid, refcount).  Tree: "devices:", one map per device with Lustre's dl -y
// keys (index, status, type, name, uuid, refcount).
void print_devices(util::Printer &p, const std::vector<DeviceInfo> &devs);

// ping.  Text: "12345-10.0.0.2@tcp" per NID the peer reported, a process id
// and a NID as Lustre's lctl ping prints them ("U" before a user-space
// process's id).  Tree: "ping:", one map per NID: nid, pid (without the
// user-space flag) and user_space: True for a user-space process.
struct PingNid {
	std::uint32_t pid = 0;
	std::string nid;
};
void print_ping(util::Printer &p, const std::vector<PingNid> &nids);

// Lines in a log: newline characters, plus one for an unterminated tail.
std::uint64_t count_lines(const std::string &text);
// The debug log's summary.  Text: "Debug log: N lines, K kept, D dropped.";
// lines = kept + dropped, kept the lines copied out, dropped the ones the
// kernel overwrote before.  Tree: "debug_log:" with lines, kept, dropped.
void print_dk_summary(util::Printer &p, std::uint64_t kept, std::uint64_t dropped);

// echo_test.  Text: "echo_test: op write, 1000 RPCs (16 in flight), 1048576
// bytes each: 1000 done, 0 errors, 12.3 s, 81.3 MiB/s, 81.3 RPC/s, latency
// min/avg/max 1.0/12.0/45.0 ms".  Seconds and milliseconds have one decimal
// from 1 up, three below; rates one.  MiB/s counts the bulk moved, RPC/s the
// RPCs done.  Tree: "echo_test:" with the parameters and the result
// (integers: bytes, microseconds, rates rounded down).
void print_echo(util::Printer &p, const std::string &device, const EchoParams &params, const EchoResult &r);

// echo_lock.  Text: "lock 0x1a2b3c PW [0, EOF] granted after 0.000250 s":
// the cookie in hexadecimal, the mode, the extent granted (EOF for the end
// of the object) and the wait: one decimal from 1 s up, three from 1 ms, six
// below.  Tree: cookie (a "0x..." string), mode, granted_start, granted_end
// (a number, 18446744073709551615 for EOF), wait_usec.
void print_echo_lock(util::Printer &p, const LockGrant &g);
// "0x1a2b3c".
std::string cookie_text(std::uint64_t cookie);

} // namespace lctl
