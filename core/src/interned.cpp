#include "keysync/interned.hpp"

#include <mutex>
#include <unordered_set>

namespace keysync {
namespace {

struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Pool {
    std::mutex mutex;
    std::unordered_set<std::string, TransparentHash, std::equal_to<>> strings;
};

// Never destroyed: interned strings may be used by other static objects' destructors.
Pool& pool() {
    static Pool* instance = new Pool;
    return *instance;
}

const std::string* intern(std::string_view text) {
    Pool& p = pool();
    std::lock_guard<std::mutex> lock(p.mutex);
    auto it = p.strings.find(text);
    if (it == p.strings.end()) it = p.strings.emplace(text).first;
    return &*it;  // set elements never move, also when the set rehashes
}

}  // namespace

Interned::Interned() {
    static const std::string* empty_string = intern("");
    text_ = empty_string;
}

Interned::Interned(std::string_view text) : text_(intern(text)) {}

}  // namespace keysync
