// Pidgin (libpurple + pidgin-otr): ~/.purple/otr.private_key and otr.fingerprints. XMPP account
// names carry the resource ("user@host/Resource"), which Pidgin's accounts.xml knows.
#include <memory>
#include <string>
#include <unordered_map>

#include "apps/app_factories.hpp"
#include "apps/libotr_app.hpp"
#include "apps/purple_accounts_xml.hpp"

namespace keysync {
namespace {

const char kJabber[] = "prpl-jabber";

class PidginNaming : public ProtocolTableNaming {
public:
    // Each XMPP account of Pidgin's list by its bare name, the first of a name as the list has
    // them (found by a hash: a hostile list may have 50k accounts, each looked up per account).
    PidginNaming(const LibotrLayout& layout, const std::vector<PurpleAccount>& accounts) : ProtocolTableNaming(layout) {
        for (const PurpleAccount& a : accounts)
            if (a.protocol == kJabber) xmpp_by_bare_name_.emplace(a.name.substr(0, a.name.find('/')), a.name);
    }

    AccountId to_model(const std::string& name, const std::string& protocol) const override {
        AccountId id = ProtocolTableNaming::to_model(name, protocol);
        std::size_t slash = name.find('/');
        if (id.protocol == kJabber && slash != std::string::npos) {
            id.name = name.substr(0, slash);
            id.resource = name.substr(slash + 1);
        }
        return id;
    }

    std::optional<NativeAccount> to_native(const AccountId& id, std::string& why_not) const override {
        auto native = ProtocolTableNaming::to_native(id, why_not);
        if (!native || id.protocol != kJabber) return native;
        if (id.resource) {  // read from a Pidgin file: keep it as it was
            native->name = id.name + "/" + *id.resource;
            return native;
        }
        // From another app: Pidgin's own account list knows the resource it will look up.
        if (auto a = xmpp_by_bare_name_.find(std::string(id.name.str())); a != xmpp_by_bare_name_.end()) {
            native->name = a->second.find('/') == std::string::npos ? a->second + "/" : a->second;
            return native;
        }
        native->name = id.name + "/";  // Pidgin's form for an account with an empty resource
        return native;
    }

private:
    std::unordered_map<std::string, std::string> xmpp_by_bare_name_;  // its name in the list, resource and all
};

class PidginApp : public LibotrApp {
public:
    using LibotrApp::LibotrApp;

protected:
    std::unique_ptr<AccountNaming> naming(const std::filesystem::path& dir) const override {
        return std::make_unique<PidginNaming>(layout(), read_purple_accounts(dir / "accounts.xml"));
    }
};

}  // namespace

std::unique_ptr<App> make_pidgin_app() {
    return std::make_unique<PidginApp>(LibotrLayout{
        "pidgin", "Pidgin (pidgin-otr)", {".purple"}, "", "otr.private_key", "otr.fingerprints", {"pidgin", "finch"}, {}, {}});
}

}  // namespace keysync
