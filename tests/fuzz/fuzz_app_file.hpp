#pragma once
// Fuzz targets for the readers that parse a file found in the app's folder (potr .fpr, Blink
// trusted_peers, otr.js, KeyCzar JSON): the input becomes that FILE in a scratch folder and the
// whole App::read runs on it. A keysync::Error is the expected answer to bad input.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "keysync/error.hpp"
#include "keysync/registry.hpp"

namespace keysync::fuzz {

inline void read_app_file(const char* app, const char* file, const std::uint8_t* data, std::size_t size) {
    static const std::filesystem::path dir = [] {
        char tmpl[] = "/tmp/keysync-fuzz-XXXXXX";
        return std::filesystem::path(mkdtemp(tmpl));
    }();
    std::filesystem::path path = dir / file;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    try {
        (void)find_app(app)->read(dir);
    } catch (const Error&) {
    }
}

}  // namespace keysync::fuzz

#define KEYSYNC_FUZZ_APP_FILE(APP, FILE)                                                \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
        keysync::fuzz::read_app_file(APP, FILE, data, size);                            \
        return 0;                                                                       \
    }
