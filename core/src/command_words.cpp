#include "keysync/command_words.hpp"

#include <glib.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

CommandWords parse_command_words(const char* text) {
    CommandWords words;
    gint argc = 0;
    gchar** argv = nullptr;
    GError* error = nullptr;
    if (text && *text && !g_shell_parse_argv(text, &argc, &argv, &error)) {
        std::string message = error->message;
        g_error_free(error);
        throw Error(fill(tr("cannot read the arguments: {}"), {message}));

    }
    for (gint i = 0; i < argc; ++i) {
        std::string w = argv[i];
        if (w == "-yes") words.yes = true;
        else if (w == "-force") words.force = true;
        else if (w == "-reload") words.reload = true;
        else words.positional.push_back(w);
    }
    g_strfreev(argv);
    return words;
}

}  // namespace keysync
