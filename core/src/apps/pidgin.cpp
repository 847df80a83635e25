// Pidgin (libpurple + pidgin-otr): ~/.purple/otr.private_key and otr.fingerprints. XMPP account
// names carry the resource ("user@host/Resource"), which Pidgin's accounts.xml knows.
#include <memory>

#include "apps/app_factories.hpp"
#include "apps/libotr_app.hpp"
#include "apps/purple_accounts_xml.hpp"

namespace keysync {
namespace {

const char kJabber[] = "prpl-jabber";

class PidginNaming : public ProtocolTableNaming {
public:
    PidginNaming(const LibotrLayout& layout, std::vector<PurpleAccount> accounts)
        : ProtocolTableNaming(layout), accounts_(std::move(accounts)) {}

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
        for (const PurpleAccount& a : accounts_) {
            std::size_t slash = a.name.find('/');
            if (a.protocol == kJabber && a.name.substr(0, slash) == id.name) {
                native->name = slash == std::string::npos ? a.name + "/" : a.name;
                return native;
            }
        }
        native->name = id.name + "/";  // Pidgin's form for an account with an empty resource
        return native;
    }

private:
    std::vector<PurpleAccount> accounts_;
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
