#pragma once
#include <string>
#include <string_view>

namespace keysync::cli {

// TEXT as a JSON string literal, quotes included. Invalid UTF-8 bytes become U+FFFD.
std::string json_string(std::string_view text);

}  // namespace keysync::cli
