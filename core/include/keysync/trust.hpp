#pragma once
// Trust in a peer's fingerprint (formats.md 1.6). The original word is kept so a file read and
// written by the same app comes back byte for byte (irssi says "manual", Pidgin "verified").
#include <cstdint>
#include <string>
#include <string_view>

#include "keysync/interned.hpp"

namespace keysync {

enum class TrustLevel : std::uint8_t { Unverified = 0, Verified = 1, Smp = 2 };

struct Trust {  // the level last: what follows a Trust in an entry may take its tail padding
    Interned word;  // as the source file wrote it; "" when unverified
    TrustLevel level = TrustLevel::Unverified;

    static Trust from_libotr_word(Interned word);  // "" unverified, "smp", anything else verified
    static Trust verified();
    static Trust smp();
    static Trust unverified() { return {}; }

    bool trusted() const { return level != TrustLevel::Unverified; }
    // The word to write into a libotr/potr trust column: the original one when it still says
    // the same thing, else the canonical "verified"/"smp"/"".
    Interned libotr_word() const;
    bool operator==(const Trust& o) const { return level == o.level; }
};

std::string_view to_string(TrustLevel level);  // "unverified" | "verified" | "smp"
// The same word for people, in their language; files and --json keep to_string's.
std::string trust_label(TrustLevel level);

}  // namespace keysync
