// Jitsi (otr4j): OTR keys as net.java.sip.communicator.plugin.otr.* properties inside
// sip-communicator.properties, ids mangled (formats.md 3.4). Reading is jitsi_read.cpp's;
// writing edits only the OTR properties and keeps every other line as it was.
#include <algorithm>
#include <memory>

#include "apps/app_factories.hpp"
#include "apps/jitsi_fold.hpp"
#include "apps/jitsi_properties.hpp"
#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/hashed_positions.hpp"
#include "keysync/i18n.hpp"
#include "keysync/formats/dsa_der.hpp"
#include "keysync/formats/java_properties.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {
namespace fs = std::filesystem;
using namespace jitsi;

// What Jitsi's OTR block is written from, kept compactly once the plan's entries are let go
// of: each Jitsi name's account keys and contact fingerprints.
struct JitsiBlock {
    PropertiesAroundBlock kept;  // the file's other lines
    struct Own {
        std::string_view mangled;  // in OWN_NAMES
        DsaKey key;
    };
    TextArena own_names;
    std::vector<Own> own;  // the accounts written, by Jitsi name
    FoldedContacts folded;
    struct Mark {
        Fingerprint fingerprint;
        bool verified;
    };
    std::vector<Mark> marks;  // each folded entry's, by position
    struct Name {  // 32 bytes: there are as many as contacts
        std::string_view mangled;
        std::uint32_t own_begin, own_end, contact = UINT32_MAX;
    };
    std::vector<Name> names;  // every name with properties, sorted and once: accounts' and contacts'

    // Fills NAMES.
    void name_all() {
        const std::vector<ContactGroup>& contacts = folded.groups;
        names.reserve(own.size() + contacts.size());  // at most (grown by doubling, it held up to twice its 3 MiB)
        for (std::size_t o = 0, c = 0; o < own.size() || c < contacts.size();) {
            bool contact_first = o == own.size() || (c < contacts.size() && contacts[c].mangled < own[o].mangled);
            Name n{contact_first ? contacts[c].mangled : own[o].mangled, static_cast<std::uint32_t>(o), static_cast<std::uint32_t>(o)};
            while (n.own_end < own.size() && own[n.own_end].mangled == n.mangled) ++n.own_end;
            if (c < contacts.size() && contacts[c].mangled == n.mangled) n.contact = static_cast<std::uint32_t>(c++);
            o = n.own_end;
            names.push_back(n);
        }
    }

    // The block's lines in key order, a name at a time, passed to WRITE in pieces.
    void write(const std::function<void(std::string_view)>& write) const {
        std::string key;  // each property's, built in place
        auto named = [&](std::string_view mangled, std::string_view rest, std::string_view suffix) -> const std::string& {
            return key.assign(kOtr).append(mangled).append(rest).append(suffix);
        };
        auto put_name = [&](std::size_t i, PropertyBlock& props) {
            const Name& n = names[i];
            for (std::size_t o = n.own_begin; o < n.own_end; ++o) {
                SecureBytes pkcs8 = write_dsa_pkcs8(own[o].key);
                Bytes spki = write_dsa_spki(own[o].key);
                props.put(named(n.mangled, "", kPrivate), base64_encode(pkcs8.data(), pkcs8.size()));
                props.put(named(n.mangled, "", kPublic), base64_encode(spki.data(), spki.size()));
            }
            if (n.contact == UINT32_MAX) return;
            const ContactGroup& g = folded.groups[n.contact];
            SecureString list;
            for (std::size_t e = g.begin; e < g.end; ++e) {
                char hex[40];
                marks[e].fingerprint.write_hex_upper(hex);
                if (!list.empty()) list += ',';
                list.append(hex, 40);
                props.put(named(n.mangled, std::string_view(hex, 40), kFingerprintVerified), marks[e].verified ? "true" : "false");
            }
            props.put(named(n.mangled, "", kFingerprints), list);
            if (g.key) {  // the old layout too, for Jitsi versions before the per-fingerprint one
                Bytes spki = write_dsa_spki(*g.key);
                props.put(named(n.mangled, "", kPublic), base64_encode(spki.data(), spki.size()));
                if (g.key_verified) props.put(named(n.mangled, "", kPublicVerified), "true");
            }
        };
        // A contact alone in its run with no account key and no old-layout key (nearly all of
        // 100k) is written straight into the text, as its block would write it: its
        // "<name><FINGERPRINT>_fingerprint_verified" lines (the fold gives each fingerprint once,
        // in order, and digits and capitals sort before '_'), then its "_fingerprints" list.
        // Copying each property into a block, sorting it as text and scanning it for escapes was
        // about a third of making the text.
        auto write_alone = [&](std::size_t i, SecureString& text) {
            const Name& n = names[i];
            if (n.own_begin != n.own_end || n.contact == UINT32_MAX) return false;
            const ContactGroup& g = folded.groups[n.contact];
            if (g.key || !written_as_is(n.mangled)) return false;
            char hex[40];
            for (std::uint32_t e = g.begin; e < g.end; ++e) {
                marks[e].fingerprint.write_hex_upper(hex);
                text.append(kOtr).append(n.mangled).append(hex, 40).append(kFingerprintVerified);
                text.append(marks[e].verified ? "=true\n" : "=false\n");
            }
            text.append(kOtr).append(n.mangled).append(kFingerprints).append("=");
            for (std::uint32_t e = g.begin; e < g.end; ++e) {
                marks[e].fingerprint.write_hex_upper(hex);
                if (e != g.begin) text += ',';
                text.append(hex, 40);
            }
            text += '\n';
            return true;
        };
        constexpr std::size_t kPiece = 64 << 10;
        SecureString out;
        out.reserve(kPiece + 8192);
        append_properties_by_name(
            out, names.size(), [&](std::size_t i) { return names[i].mangled; }, put_name,
            [&](SecureString& made) {
                if (made.size() >= kPiece) write(made), made.clear();
            },
            write_alone);
        write(out);
    }
};

class JitsiApp : public App {
public:
    std::string name() const override { return "jitsi"; }
    std::string description() const override { return "Jitsi (otr4j)"; }
    std::vector<fs::path> default_dirs() const override { return {".jitsi", "Library/Application Support/Jitsi"}; }
    std::vector<std::string> process_names() const override { return {"jitsi"}; }
    bool keeps_mangled_names() const override { return true; }
    bool keeps_contacts_of_any_account() const override { return true; }
    TrustLevel highest_trust() const override { return TrustLevel::Verified; }
    bool present(const fs::path& dir) const override { return fs::exists(dir / kFile); }
    std::vector<fs::path> files(const fs::path& dir) const override { return {dir / kFile}; }

    KeyStore read(const fs::path& dir) const override { return read_jitsi(dir); }

    WritePlan plan_write(KeyStore store, const fs::path& dir) const override {
        fs::path path = dir / kFile;
        WritePlan plan;
        // In one pass, a piece of the file at a time: its accounts and their keys only (its
        // contacts' 150k properties are about to be replaced), and its other lines, kept; the
        // rest of the file (in a large store, 20 MiB of OTR lines) is never held.
        PropertiesScan scan(
            path.string(), [](std::string_view key) { return !starts_with(key, kOtr) || ends_with(key, kPrivate); }, is_key_property);
        if (!read_file_in_pieces(path, [&](std::string_view text, bool at_end) { return scan.feed(text, at_end); })) {
            plan.notes.push_back("jitsi: " + fill(tr("{} does not exist; start Jitsi and add your accounts first"), {path.string()}));
            return plan;
        }
        PropertiesEdit edit = std::move(scan).finish();
        auto accounts = jitsi_accounts(edit.entries.entries());
        KeyStore current = read_properties(edit.entries, dir, false);  // its accounts: a key it holds is kept
        edit.entries = {};
        PropertiesAroundBlock kept = std::move(edit.around);
        // Found by a hash of its names for each of 100k entries (a hostile file may name 100k
        // accounts); only the first of an id is indexed.
        HashedPositions accounts_by_id;
        auto jitsi_account = [&](const AccountId& id) -> const JitsiAccount* {
            const JitsiAccount* found = nullptr;
            accounts_by_id.each(account_hash(id), [&](std::size_t i) {
                if (accounts[i].id == id) found = &accounts[i];
            });
            return found;
        };
        for (std::size_t i = 0; i < accounts.size(); ++i)
            if (!jitsi_account(accounts[i].id)) accounts_by_id.insert(account_hash(accounts[i].id), i);
        auto block = std::make_shared<JitsiBlock>();
        block->kept = std::move(kept);
        for (const Account& a : store.accounts) {
            std::string why;
            const JitsiAccount* target = jitsi_account(a.id);
            if (!target) {
                plan.notes.push_back("jitsi: " + fill(tr("account {} not written: Jitsi has no such account (add it in Jitsi first)"),
                                                      {a.id.display()}));
                continue;
            }
            if (!account_writable_to(a, current, why)) {
                plan.notes.push_back("jitsi: " + fill(tr("account {} not written: {}"), {a.id.display(), why}));
                continue;
            }
            block->own.push_back({block->own_names.keep(jitsi_mangle(target->uid)), a.key});
            plan.content.accounts.push_back(a);
        }
        std::stable_sort(block->own.begin(), block->own.end(), [](const auto& a, const auto& b) { return a.mangled < b.mangled; });
        std::erase_if(store.peers, [&](const PeerFingerprint& p) {
            if (p.account.is_any() || jitsi_account(p.account)) return false;
            plan.notes.push_back("jitsi: " + fill(tr("fingerprint {} of {} not written: Jitsi has no account {}"),
                                                  {p.fingerprint.hex(), p.peer, p.account.display()}));
            return true;
        });
        block->folded = fold_contacts(store.peers);  // STORE's peers are what Jitsi will hold now
        block->marks.reserve(store.peers.size());
        for (const PeerFingerprint& p : store.peers) block->marks.push_back({p.fingerprint, p.trust.trusted()});
        block->name_all();
        plan.files.push_back({path, {}, true, [block](const std::function<void(std::string_view)>& write) {
                                  write_with_block(
                                      block->kept, [&](const std::function<void(std::string_view)>& w) { block->write(w); }, write);
                              }});
        plan.content.peers = std::move(store.peers);
        return plan;
    }
};

}  // namespace

std::unique_ptr<App> make_jitsi_app() { return std::make_unique<JitsiApp>(); }

}  // namespace keysync
