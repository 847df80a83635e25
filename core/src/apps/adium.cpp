// Adium (macOS): libotr files whose account names are Adium's ObjectIDs and protocols its service
// types, mapped through Accounts.plist (formats.md 2.4-2.5).
#include <memory>
#include <string_view>
#include <unordered_map>

#include "apps/adium_accounts_plist.hpp"
#include "apps/app_factories.hpp"
#include "apps/libotr_app.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

class AdiumNaming : public ProtocolTableNaming {
public:
    // The accounts are looked up by a hash of their names, the first of a name as Accounts.plist
    // lists them (a search per lookup took seconds for a hostile list of 50k accounts).
    AdiumNaming(const LibotrLayout& layout, std::vector<AdiumAccount> accounts)
        : ProtocolTableNaming(layout), accounts_(std::move(accounts)) {
        for (std::size_t i = 0; i < accounts_.size(); ++i) {
            by_object_id_.emplace(accounts_[i].object_id, i);
            by_model_id_.emplace(model_key(accounts_[i].uid, protocol_to_model(accounts_[i].type)), i);
        }
    }

    AccountId to_model(const std::string& name, const std::string& protocol) const override {
        if (auto at = by_object_id_.find(name); at != by_object_id_.end()) {
            const AdiumAccount& a = accounts_[at->second];
            return {protocol_to_model(a.type.empty() ? protocol : a.type), a.uid, std::nullopt};
        }
        return ProtocolTableNaming::to_model(name, protocol);  // an ObjectID Accounts.plist lacks
    }

    std::optional<NativeAccount> to_native(const AccountId& id, std::string& why_not) const override {
        if (auto at = by_model_id_.find(model_key(id.name, id.protocol)); at != by_model_id_.end())
            return NativeAccount{accounts_[at->second].object_id, accounts_[at->second].type};
        // Read from an Adium file under an ObjectID Accounts.plist does not list: kept as it was.
        if (!id.name.empty() && id.name.str().find_first_not_of("0123456789") == std::string::npos)
            return NativeAccount{id.name, protocol_to_native(id.protocol)};
        why_not = fill(tr("Adium has no {} account {} in Accounts.plist (add it in Adium first)"), {id.protocol, id.name});
        return std::nullopt;
    }

private:
    static std::string model_key(std::string_view uid, std::string_view protocol) { return std::string(uid).append(1, '\0').append(protocol); }
    std::vector<AdiumAccount> accounts_;
    std::unordered_map<std::string, std::size_t> by_object_id_, by_model_id_;  // into ACCOUNTS_
};

class AdiumApp : public LibotrApp {
public:
    using LibotrApp::LibotrApp;

protected:
    std::unique_ptr<AccountNaming> naming(const std::filesystem::path& dir) const override {
        return std::make_unique<AdiumNaming>(layout(), read_adium_accounts(dir / "Accounts.plist"));
    }
};

}  // namespace

std::unique_ptr<App> make_adium_app() {
    return std::make_unique<AdiumApp>(LibotrLayout{"adium",
                                                   "Adium (macOS)",

                                                   {"Library/Application Support/Adium 2.0/Users/Default"},
                                                   "",
                                                   "otr.private_key",
                                                   "otr.fingerprints",
                                                   {"Adium"},
                                                   {{"libpurple-Jabber", "prpl-jabber"},
                                                    {"libpurple-jabber-gtalk", "prpl-jabber"},
                                                    {"libpurple-jabber-livejournal", "prpl-jabber"},
                                                    {"libpurple-jabber-facebook", "prpl-jabber"},
                                                    {"bonjour-libezv", "prpl-bonjour"},
                                                    {"libpurple-oscar-AIM", "prpl-aim"},
                                                    {"libpurple-oscar-ICQ", "prpl-icq"},
                                                    {"libpurple-Yahoo!", "prpl-yahoo"}},
                                                   {}});
}

}  // namespace keysync
