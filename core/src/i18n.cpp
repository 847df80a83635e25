#include "keysync/i18n.hpp"

#include <cstdlib>
#include <libintl.h>
#include <mutex>

namespace keysync {
namespace {

constexpr const char* kDomain = "keysync";

// Bound once per process: the installed catalogues, or KEYSYNC_LOCALEDIR (tests, the build tree).
void bind_domain() {
    static std::once_flag once;
    std::call_once(once, [] {
        const char* dir = std::getenv("KEYSYNC_LOCALEDIR");
        bindtextdomain(kDomain, dir && *dir ? dir : KEYSYNC_LOCALEDIR);
        bind_textdomain_codeset(kDomain, "UTF-8");
    });
}

}  // namespace

const char* tr(const char* msgid) {
    bind_domain();
    return dgettext(kDomain, msgid);
}

const char* trn(const char* singular, const char* plural, unsigned long n) {
    bind_domain();
    return dngettext(kDomain, singular, plural, n);
}

std::string fill(const std::string& text, std::initializer_list<std::string> args) {
    std::string out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool numbered = i + 2 < text.size() && text[i] == '{' && text[i + 1] >= '1' && text[i + 1] <= '9' && text[i + 2] == '}';
        std::size_t index = numbered ? static_cast<std::size_t>(text[i + 1] - '1') : next;
        if ((numbered || text.compare(i, 2, "{}") == 0) && index < args.size()) {
            out += *(args.begin() + index);
            next = index + 1;
            i += numbered ? 2 : 1;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace keysync
