#pragma once
// Finding line ends in text files of 100k lines: memchr for each byte, since a generic search
// for either of "\r\n" was a large part of reading them.
#include <cstring>
#include <string_view>

namespace keysync {

// Where the line starting at POS ends: its '\r' or '\n', or the end of TEXT.
inline std::size_t line_end(std::string_view text, std::size_t pos) {
    const char* begin = text.data() + pos;
    std::size_t rest = text.size() - pos;
    const void* nl = std::memchr(begin, '\n', rest);
    std::size_t limit = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - begin) : rest;
    const void* cr = std::memchr(begin, '\r', limit);
    return pos + (cr ? static_cast<std::size_t>(static_cast<const char*>(cr) - begin) : limit);
}

}  // namespace keysync
