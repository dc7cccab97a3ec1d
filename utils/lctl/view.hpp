// SPDX-License-Identifier: GPL-2.0
// What lctl prints, in Lustre's shapes: the lines of dl, ping and dk,
// echo_test's summary line and echo_lock's; dl, echo_test and echo_lock
// also as trees for the YAML and JSON print path (util/print.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "obd.hpp"
#include "util/value.hpp"

namespace lctl {

// "%3d %s %s %s %s %d": index, state, type, name, uuid, refcount.
std::string dl_line(const DeviceInfo &d);
// "devices:", one map per device (Lustre's dl -y keys).
util::Value dl_view(const std::vector<DeviceInfo> &devs);

// "12345-10.0.0.2@tcp": a process id and a NID, as Lustre's lctl ping prints
// each NID of the peer ("U" before a user-space process's id).
std::string ping_line(std::uint32_t pid, const std::string &nid);

// Lines in a log: newline characters, plus one for an unterminated tail.
std::uint64_t count_lines(const std::string &text);
// "Debug log: N lines, K kept, D dropped.": lines = kept + dropped; kept are
// the lines copied out, dropped the ones the kernel overwrote before.
std::string dk_summary(std::uint64_t kept, std::uint64_t dropped);

// "echo_test: op write, 1000 RPCs (16 in flight), 1048576 bytes each: 1000
// done, 0 errors, 12.3 s, 81.3 MiB/s, 81.3 RPC/s, latency min/avg/max
// 1.0/12.0/45.0 ms".  Seconds and milliseconds have one decimal from 1 up,
// three below; rates one.  MiB/s counts the bulk moved, RPC/s the RPCs done.
std::string echo_line(const EchoParams &p, const EchoResult &r);
// "echo_test:" with the parameters and the result (integers: bytes,
// microseconds, rates rounded down).
util::Value echo_view(const std::string &device, const EchoParams &p, const EchoResult &r);

// "lock 0x1a2b3c PW [0, EOF] granted after 0.000250 s": the cookie in
// hexadecimal, the mode, the extent granted (EOF for the end of the object)
// and the wait: one decimal from 1 s up, three from 1 ms, six below.
std::string echo_lock_line(const LockGrant &g);
// cookie (a "0x..." string), mode, granted_start, granted_end (a number,
// 18446744073709551615 for EOF), wait_usec.
util::Value echo_lock_view(const LockGrant &g);
// "0x1a2b3c".
std::string cookie_text(std::uint64_t cookie);

} // namespace lctl
