#include "keysync/trust.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

namespace {
const Interned& smp_word() {
    static const Interned word("smp");
    return word;
}
const Interned& verified_word() {
    static const Interned word("verified");
    return word;
}
}  // namespace

Trust Trust::verified() { return {verified_word(), TrustLevel::Verified}; }
Trust Trust::smp() { return {smp_word(), TrustLevel::Smp}; }

Trust Trust::from_libotr_word(Interned word) {
    if (word.empty()) return {};
    if (word == smp_word()) return {word, TrustLevel::Smp};
    return {word, TrustLevel::Verified};  // libotr: any other non-empty word is trusted
}

Interned Trust::libotr_word() const {
    switch (level) {
        case TrustLevel::Unverified: return {};
        case TrustLevel::Smp: return smp_word();
        case TrustLevel::Verified:
            return (word.empty() || word == smp_word()) ? verified_word() : word;
    }
    return {};
}

std::string_view to_string(TrustLevel level) {
    switch (level) {
        case TrustLevel::Unverified: return "unverified";
        case TrustLevel::Verified: return "verified";
        case TrustLevel::Smp: return "smp";
    }
    return "unverified";
}

std::string trust_label(TrustLevel level) {
    switch (level) {
        case TrustLevel::Verified: return tr("verified");
        case TrustLevel::Smp: return tr("smp");
        case TrustLevel::Unverified: break;
    }
    return tr("unverified");
}

}  // namespace keysync
