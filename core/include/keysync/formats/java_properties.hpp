#pragma once
// java.util.Properties text (formats.md 1.5): read exactly as Properties.load does, write
// exactly as Properties.store escapes, and edit a file in place keeping every other line.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "keysync/secure_memory.hpp"

namespace keysync {

struct PropertyEntry {
    std::string key;     // UTF-8
    SecureString value;  // UTF-8; may be a private key
    std::size_t line = 0;
};

// The file is ISO-8859-1 (as Properties.load(InputStream) reads it); keys and values come out
// as UTF-8. Throws ParseError naming SOURCE and the line on a malformed \u escape.
std::vector<PropertyEntry> parse_java_properties(std::string_view text, const std::string& source);

// "key=value" with Properties.store's escaping, no line end.
SecureString format_property(const std::string& key, const SecureString& value);

// ORIGINAL with every logical line whose key KEEP rejects removed, and NEW_LINES (each already
// formatted) inserted where the first removed line was (or at the end). Other bytes unchanged.
SecureString edit_java_properties(std::string_view original, const std::function<bool(const std::string&)>& replace,
                                  const std::vector<SecureString>& new_lines, const std::string& source);

}  // namespace keysync
