#pragma once
// Every supported app, by name.
#include <memory>
#include <string_view>
#include <vector>

#include "keysync/app.hpp"

namespace keysync {

const std::vector<std::unique_ptr<App>>& all_apps();
const App* find_app(std::string_view name);  // nullptr when unknown

}  // namespace keysync
