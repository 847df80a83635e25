#pragma once
// How one app names local accounts in its files, and the model's name for them.
#include <optional>
#include <string>

#include "keysync/key_store.hpp"

namespace keysync {

struct NativeAccount {
    std::string name;
    std::string protocol;
};

class AccountNaming {
public:
    virtual ~AccountNaming() = default;
    virtual AccountId to_model(const std::string& name, const std::string& protocol) const = 0;
    // nullopt when the app cannot name this account; WHY_NOT then says why (for the report).
    virtual std::optional<NativeAccount> to_native(const AccountId& id, std::string& why_not) const = 0;
    // A peer's protocol, mapped the same way.
    virtual std::string protocol_to_model(const std::string& native) const = 0;
};

}  // namespace keysync
