#pragma once
// One libFuzzer entry point per parser: CALL runs on the input as TEXT (a std::string_view).
// A keysync::Error is the expected answer to bad input; anything else (a crash, a sanitizer
// report, another exception) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "keysync/error.hpp"

#define KEYSYNC_FUZZ_TARGET(CALL)                                                          \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {    \
        std::string_view text(reinterpret_cast<const char*>(data), size);                  \
        try {                                                                              \
            (void)(CALL);                                                                  \
        } catch (const keysync::Error&) {                                                  \
        }                                                                                  \
        return 0;                                                                          \
    }

#include <cstdlib>
#include <string>

#include "in_pieces.hpp"

namespace keysync::fuzz {

using test::feed_in_pieces;

// The differential targets' input: the first byte chooses the size of the pieces (1-256), the
// rest is the text.
struct PiecesInput {
    std::size_t piece;
    std::string_view text;
};
inline PiecesInput pieces_input(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return {1, {}};
    return {static_cast<std::size_t>(data[0]) + 1, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1)};
}

// What RUN gives, or its error: a parse in pieces must give what the whole-text parse gives.
template <typename Run>
std::string outcome(Run run) {
    try {
        return run();
    } catch (const keysync::Error& e) {
        return std::string("error: ") + e.what();
    }
}

inline void same_or_abort(const std::string& whole, const std::string& in_pieces) {
    if (whole != in_pieces) std::abort();
}

}  // namespace keysync::fuzz
