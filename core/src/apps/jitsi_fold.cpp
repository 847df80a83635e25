#include "apps/jitsi_fold.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>

namespace keysync {

namespace {
// An entry's Jitsi name (in the fold's NAMES) and its position: 16 bytes, not a view and a
// size_t's 24 (100k of them live while Jitsi's plan holds its copy of the merged store).
struct NamedPosition {
    const char* name;
    std::uint32_t name_size, position;
    std::string_view first() const { return {name, name_size}; }
    std::size_t second() const { return position; }
};
}  // namespace

FoldedContacts fold_contacts(std::vector<PeerFingerprint>& peers) {
    if (peers.size() > UINT32_MAX) throw std::length_error("jitsi: too many entries");
    FoldedContacts folded;
    std::vector<NamedPosition> order;
    order.reserve(peers.size());
    std::string mangled;  // each name's, made in place
    for (std::size_t i = 0; i < peers.size(); ++i) {
        bool same = i > 0 && peers[i].peer == peers[i - 1].peer;  // a contact's entries are often together
        if (!same) jitsi_mangle_into(mangled, peers[i].peer);
        std::string_view name = same ? order.back().first() : folded.names.keep(mangled);
        order.push_back({name.data(), static_cast<std::uint32_t>(name.size()), static_cast<std::uint32_t>(i)});
    }
    auto by_name = [](const NamedPosition& a, const NamedPosition& b) { return a.first() < b.first(); };
    auto by_fingerprint = [](const PeerFingerprint& a, const PeerFingerprint& b) { return a.fingerprint < b.fingerprint; };
    if (!std::is_sorted(order.begin(), order.end(), by_name))  // a second sync: in Jitsi's order already
        std::stable_sort(order.begin(), order.end(), by_name);
    // Into name order in place, cycle by cycle: position k takes the entry at order[k].
    std::vector<bool> placed(peers.size(), false);
    for (std::size_t k = 0; k < peers.size(); ++k) {
        if (placed[k]) continue;
        PeerFingerprint held = std::move(peers[k]);
        for (std::size_t at = k;;) {
            std::size_t from = order[at].second();
            placed[at] = true;
            if (from == k) {
                peers[at] = std::move(held);
                break;
            }
            peers[at] = std::move(peers[from]);
            at = from;
        }
    }
    // Folded in place too: a group's folded entries are never more than its entries, so the
    // place written is never past the entry being read.
    std::vector<ContactGroup>& groups = folded.groups;
    std::size_t group_count = 0;  // counted first: grown by doubling, the groups held up to twice their 1-2 MiB
    for (std::size_t k = 0; k < order.size(); ++k) group_count += k == 0 || order[k].first() != order[k - 1].first();
    groups.reserve(group_count);
    std::size_t written = 0;
    for (std::size_t begin = 0, end; begin < order.size(); begin = end) {
        for (end = begin + 1; end < order.size() && order[end].first() == order[begin].first();) ++end;
        const Interned peer = peers[begin].peer, protocol = peers[begin].account.protocol;
        const SourceLine source = peers[begin].source;
        const bool mangled = peers[begin].name_is_mangled;
        ContactGroup g{order[begin].first(), static_cast<std::uint32_t>(written), 0, {}, false};
        std::optional<std::pair<Fingerprint, bool>> with_key;  // the entry whose key is kept: its fingerprint, trusted
        for (std::size_t e = begin; e < end; ++e) {
            bool trusted = peers[e].trust.trusted();
            if (peers[e].public_key && (!with_key || (trusted && !with_key->second))) {
                with_key.emplace(peers[e].fingerprint, trusted);
                g.key = peers[e].public_key;
            }
        }
        // Each fingerprint once, verified if any of its entries is: sorted first, a fingerprint's
        // entries are side by side (a contact of a hostile file may have 100k fingerprints).
        auto group_begin = peers.begin() + static_cast<std::ptrdiff_t>(begin), group_end = peers.begin() + static_cast<std::ptrdiff_t>(end);
        if (!std::is_sorted(group_begin, group_end, by_fingerprint)) std::sort(group_begin, group_end, by_fingerprint);
        for (std::size_t e = begin; e < end;) {
            const Fingerprint fp = peers[e].fingerprint;
            bool trusted = false;
            for (; e < end && peers[e].fingerprint == fp; ++e) trusted |= peers[e].trust.trusted();
            peers[written++] = {peer, AccountId::any(protocol), fp, trusted ? Trust::verified() : Trust::unverified(), source, mangled};
        }
        g.end = static_cast<std::uint32_t>(written);
        if (with_key)
            for (std::size_t e = g.begin; e < g.end; ++e)
                if (peers[e].fingerprint == with_key->first) g.key_verified = peers[e].trust.trusted();
        groups.push_back(std::move(g));
    }
    peers.resize(written);
    return folded;
}

}  // namespace keysync
