#pragma once
// Output helpers shared by the sub-commands.
#include <filesystem>
#include <string>
#include <vector>

#include "keysync/location.hpp"
#include "keysync/location_update.hpp"

namespace keysync::cli {

struct Arguments;

std::filesystem::path home_dir();  // $HOME; an Error when unset
Location location_argument(const std::string& spec);
// With the password of an encrypted keystore (--password), if one was given.
Location location_argument(const std::string& spec, const Arguments& args);

void print_conflicts(const std::vector<KeyConflict>& conflicts, const std::string& consequence);

}  // namespace keysync::cli
