#include "arguments.hpp"
#include "keysync/i18n.hpp"

namespace keysync::cli {

std::string Arguments::option(const std::string& name, const std::string& fallback) const {
    auto it = options.find(name);
    return it == options.end() || it->second.empty() ? fallback : it->second.back();
}

Arguments parse_arguments(const std::vector<std::string>& words, const std::set<std::string>& flags,
                          const std::set<std::string>& valued) {
    Arguments out;
    bool only_positional = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (only_positional || w.size() < 2 || w[0] != '-') {
            out.positional.push_back(w);
            continue;
        }
        if (w == "--") {
            only_positional = true;
            continue;
        }
        std::string name = w, value;
        bool inline_value = false;
        if (auto eq = w.find('='); eq != std::string::npos) {
            name = w.substr(0, eq);
            value = w.substr(eq + 1);
            inline_value = true;
        }
        if (flags.count(name) && !inline_value) {
            out.flags.insert(name);
        } else if (valued.count(name)) {
            if (!inline_value) {
                if (i + 1 >= words.size()) throw UsageError(fill(tr("{} needs a value"), {name}));
                value = words[++i];
            }
            out.options[name].push_back(value);
        } else {
            throw UsageError(fill(tr("unknown option {}"), {name}));
        }
    }
    return out;
}

}  // namespace keysync::cli
