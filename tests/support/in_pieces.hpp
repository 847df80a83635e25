#pragma once
// Feeding a text to a reader a piece at a time, as read_file_in_pieces does: what the reader
// does not consume comes again with the next piece. Header-only: the fuzz targets use it too.
#include <cstddef>
#include <string>
#include <string_view>

namespace keysync::test {

// FEED(text, at_end) returns the bytes it consumed; TEXT is cut into pieces of PIECE bytes.
template <typename Feed>
void feed_in_pieces(std::string_view text, std::size_t piece, Feed feed) {
    std::string held;
    for (std::size_t at = 0; at < text.size(); at += piece) {
        held.append(text.substr(at, piece));
        held.erase(0, feed(std::string_view(held), false));
    }
    feed(std::string_view(held), true);
}

}  // namespace keysync::test
