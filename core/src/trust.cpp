#include "keysync/trust.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

Trust Trust::from_libotr_word(std::string_view word) {
    if (word.empty()) return {};
    if (word == "smp") return {TrustLevel::Smp, std::string(word)};
    return {TrustLevel::Verified, std::string(word)};  // libotr: any other non-empty word is trusted
}

std::string Trust::libotr_word() const {
    switch (level) {
        case TrustLevel::Unverified: return "";
        case TrustLevel::Smp: return "smp";
        case TrustLevel::Verified:
            return (word.empty() || word == "smp") ? "verified" : word;
    }
    return "";
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
