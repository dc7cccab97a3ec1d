// SPDX-License-Identifier: GPL-2.0
// list_param, get_param, set_param and conf_param: Lustre's grammar.  The
// permanent forms (set_param -P, conf_param) are parsed but refused: they
// are records in the MGS's configuration logs, and there is no MGS yet.
#include <memory>

#include <CLI/CLI.hpp>

#include "param_ops.hpp"
#include "session.hpp"

namespace lctl {

namespace {

const char *const param_footer =
        "PARAM is a parameter name such as ldlm.namespaces.*.lru_size: its path under\n"
        "/sys/fs/lustre, /sys/kernel/debug/lustre or /proc/fs/lustre (and LNet's\n"
        "trees) with '.' for '/'.  Each component may be a glob (*, ?, [...]); a\n"
        "directory name with dots in it (echo.1) is found as it is written.\n";

const char *const mgs_missing = "needs the MGS (not available yet)";

std::function<int()> declare_list(CLI::App &app, Session &s)
{
	auto o = std::make_shared<ListOptions>();
	auto patterns = std::make_shared<std::vector<std::string>>();
	app.add_flag("-D,--dir-only", o->dir_only, "list directories only");
	app.add_flag("-F,--classify", o->classify,
	             "append '/' to directories, '@' to symbolic links, '=' to writable files");
	app.add_flag("-R,--recursive", o->recursive, "also list everything below the directories matched");
	app.add_option("param", *patterns, "parameter names or patterns")->required()->type_name("PARAM");
	app.footer(std::string(param_footer) + "Examples:\n"
	                                       "  lctl list_param ldlm.namespaces.*\n"
	                                       "  lctl list_param -R -F osc");
	return [&s, o, patterns] { return list_param(s.params(), *patterns, *o, s.out(), s.err()); };
}

std::function<int()> declare_get(CLI::App &app, Session &s)
{
	auto o = std::make_shared<GetOptions>();
	auto patterns = std::make_shared<std::vector<std::string>>();
	app.add_flag("-n,--no-name", o->no_name, "print the values only");
	app.add_flag("-N,--only-name", o->only_name, "print the names only (files and directories)");
	app.add_flag("-R,--recursive", o->recursive, "also read the files below the directories matched");
	app.add_flag("-F,--classify", o->classify, "with -N: append '/', '@' or '=' as list_param -F does");
	app.add_option("param", *patterns, "parameter names or patterns")->required()->type_name("PARAM");
	app.footer(std::string(param_footer) +
	           "Prints name=value for a one-line value, name= and then the lines for a longer\n"
	           "one; nothing for an empty file.  Directories are not read.\n"
	           "Examples:\n"
	           "  lctl get_param ldlm.namespaces.*.lru_size\n"
	           "  lctl get_param -n version\n"
	           "  lctl get_param -N 'obdecho.*'");
	return [&s, o, patterns] { return get_param(s.params(), *patterns, *o, s.out(), s.err()); };
}

std::function<int()> declare_set(CLI::App &app, Session &s)
{
	auto no_name = std::make_shared<bool>(false);
	auto permanent = std::make_shared<bool>(false);
	auto del = std::make_shared<bool>(false);
	auto words = std::make_shared<std::vector<std::string>>();
	app.add_flag("-n,--no-name", *no_name, "do not print name=value for what was set");
	app.add_flag("-P,--permanent", *permanent, "set it on every node, permanently (through the MGS)");
	app.add_flag("-d,--delete", *del, "with -P: remove a permanent setting");
	app.add_option("settings", *words, "parameter names or patterns and their values")
	        ->required()
	        ->type_name("PARAM=VALUE");
	app.footer(std::string(param_footer) +
	           "Every file a name matches is written; each one refused is reported, the\n"
	           "others are still set.  \"PARAM VALUE\" (two words) is accepted too.\n"
	           "-P needs the MGS and is not available yet.\n"
	           "Examples:\n"
	           "  lctl set_param ldlm.namespaces.*.lru_size=400\n"
	           "  lctl set_param -n debug=-1");
	return [&s, no_name, permanent, del, words] {
		if (*del && !*permanent)
			return s.usage("set_param", "-d goes with -P");
		std::vector<Assignment> values;
		if (*del) {
			for (const auto &w : *words)
				if (w.find('=') != std::string::npos)
					return s.usage("set_param", "-P -d takes names only: '" + w + "'");
		} else {
			auto v = assignments(*words);
			if (!v)
				return s.usage("set_param", v.error().message);
			values = std::move(v).value();
		}
		if (*permanent)
			return s.fail("set_param", std::string("-P ") + mgs_missing);
		return set_param(s.params(), values, *no_name, s.out(), s.err());
	};
}

std::function<int()> declare_conf(CLI::App &app, Session &s)
{
	auto del = std::make_shared<bool>(false);
	auto word = std::make_shared<std::string>();
	app.add_flag("-d,--delete", *del, "remove the setting instead");
	app.add_option("setting", *word, "a file system or target name, the parameter and its value")
	        ->required()
	        ->type_name("TARGET.PARAM=VALUE");
	app.footer("Records a setting in the MGS's configuration log, for every node that mounts\n"
	           "the target.  Needs the MGS: not available yet.\n"
	           "Examples:\n"
	           "  lctl conf_param testfs.sys.timeout=40\n"
	           "  lctl conf_param -d testfs-OST0000.osc.max_dirty_mb");
	return [&s, del, word] {
		const auto eq = word->find('=');
		const std::string name = word->substr(0, eq);
		if (*del && eq != std::string::npos)
			return s.usage("conf_param", "-d takes a name only: '" + *word + "'");
		if (!*del && (eq == std::string::npos || eq == 0))
			return s.usage("conf_param", "'" + *word + "': expected TARGET.PARAM=VALUE");
		if (name.find('.') == std::string::npos)
			return s.usage("conf_param", "'" + name + "': expected TARGET.PARAM");
		return s.fail("conf_param", mgs_missing);
	};
}

} // namespace

void add_param_commands(std::vector<Command> &table)
{
	table.push_back({"list_param", "lp", "list parameter names", declare_list});
	table.push_back({"get_param", "gp", "print parameter values", declare_get});
	table.push_back({"set_param", "sp", "set parameters", declare_set});
	table.push_back(
	        {"conf_param", nullptr, "set a parameter permanently (through the MGS)", declare_conf});
}

} // namespace lctl
