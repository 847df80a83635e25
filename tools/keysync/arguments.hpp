#pragma once
// A small command-line parser: positional words, boolean flags and options with a value.
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace keysync::cli {

// A usage error: exit status 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Arguments {
    std::vector<std::string> positional;
    std::set<std::string> flags;
    std::map<std::string, std::vector<std::string>> options;

    bool has(const std::string& flag) const { return flags.count(flag) > 0; }
    std::string option(const std::string& name, const std::string& fallback = "") const;
};

// FLAGS are like "--json"; VALUED like "--prefer" (repeatable). Throws UsageError.
Arguments parse_arguments(const std::vector<std::string>& words, const std::set<std::string>& flags,
                          const std::set<std::string>& valued = {});

}  // namespace keysync::cli
