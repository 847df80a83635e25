#pragma once
// The arguments of a client's /keysync command: shell-like words (quotes allowed) and the
// flags -yes, -force and -reload, as irssi and WeeChat users type them.
#include <string>
#include <vector>

namespace keysync {

struct CommandWords {
    std::vector<std::string> positional;
    bool yes = false, force = false, reload = false;
};

// Throws Error on unbalanced quotes.
CommandWords parse_command_words(const char* text);

}  // namespace keysync
