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
