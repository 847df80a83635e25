#include "apps/potr_files.hpp"

#include <algorithm>

#include "keysync/formats/potr_key.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace fs = std::filesystem;

std::vector<fs::path> files_ending_with(const fs::path& dir, const std::string& suffix) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

Account read_key3_account(const fs::path& path, AccountId id, const std::string& app, KeyStore& store) {
    Account account{std::move(id), parse_potr_key(read_file(path), path.string()), app + ":" + path.string()};
    if (!account.key.private_matches_public()) store.notes.push_back(mismatched_key_note(account));
    return account;
}

void read_fpr_peers(const fs::path& path, const std::string& native_protocol, const std::string& prpl,
                    const std::string& app, KeyStore& store) {
    PeerIndex seen(store.peers);
    Interned file(app + ":" + path.string());
    for (const FingerprintRow& row : parse_fingerprint_rows(read_file(path), path.string())) {
        AccountId account{row.protocol == native_protocol ? Interned(prpl) : row.protocol, row.accountname, std::nullopt};
        PeerFingerprint peer{row.username, account, row.fingerprint, Trust::from_libotr_word(row.trust), SourceLine(file, row.line)};
        if (seen.find(peer)) continue;
        store.peers.push_back(std::move(peer));
        seen.add(store.peers.size() - 1);
    }
}

std::string potr_trust_word(const Trust& trust) {
    switch (trust.level) {
        case TrustLevel::Smp: return "smp";
        case TrustLevel::Verified: return "verified";
        case TrustLevel::Unverified: return "";
    }
    return "";
}

}  // namespace keysync
