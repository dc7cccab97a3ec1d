// SPDX-License-Identifier: GPL-2.0
// The options and error path both tools share (cli.hpp).
#include "cli.hpp"

#include <cerrno>
#include <iostream>

namespace tgt {

namespace {

CLI::Option *repeatable(CLI::App &app, const char *name, std::vector<std::string> &v, const char *help)
{
	// One value per occurrence ("--mgsnode A DEVICE" leaves DEVICE alone),
	// every occurrence kept.
	return app.add_option(name, v, help)
	        ->expected(1)
	        ->allow_extra_args(false)
	        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

} // namespace

void add_edit_options(CLI::App &app, TargetEdits &e)
{
	repeatable(app, "--mgsnode", e.mgsnodes, "NIDs of the MGS node (repeat for each MGS failover node)")
	        ->type_name("NID[,NID]");
	repeatable(app, "--servicenode", e.servicenodes,
	           "NIDs of a node serving this target, this one included (repeatable)")
	        ->type_name("NID[,NID]");
	repeatable(app, "--failnode", e.failnodes, "NIDs of a failover partner (repeatable)")
	        ->type_name("NID[,NID]");
	repeatable(app, "--param", e.params, "a permanent parameter (repeatable)")->type_name("KEY=VALUE");
	app.add_option("--mountfsoptions", e.mountfsoptions, "options for mounting the backing ext4")
	        ->type_name("OPTS");
	app.add_option("--comment", e.comment, "a comment stored with the target")->type_name("TEXT");
}

bool parse_args(CLI::App &app, int argc, char **argv, const char *prog, int &status)
{
	try {
		app.parse(argc, argv);
	} catch (const CLI::CallForHelp &e) {
		status = app.exit(e);
		return false;
	} catch (const CLI::ParseError &e) {
		std::cerr << prog << ": " << e.what() << "\n"
		          << "Run '" << prog << " --help' for the options.\n";
		status = EINVAL;
		return false;
	}
	return true;
}

int fail(const char *prog, const util::Error &e)
{
	std::cerr << prog << ": " << e.message << "\n";
	return e.code > 0 && e.code < 126 ? e.code : EINVAL;
}

} // namespace tgt
