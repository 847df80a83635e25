#include "pidgin_otr_live.hpp"

#include <gcrypt.h>
#include <gmodule.h>
#include <libpurple/purple.h>
extern "C" {
#include <libotr/privkey.h>
#include <libotr/userstate.h>
}

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/libotr_family.hpp"
#include "keysync/registry.hpp"
#include "live_userstate.hpp"

namespace keysync::pidgin {
namespace {

const char kKeyFile[] = "otr.private_key";
const char kFingerprintFile[] = "otr.fingerprints";

template <typename T>
T symbol(PurplePlugin* plugin, const char* name) {
    gpointer found = nullptr;
    if (!plugin || !plugin->handle || !g_module_symbol(static_cast<GModule*>(plugin->handle), name, &found)) return nullptr;
    return reinterpret_cast<T>(found);
}

}  // namespace

PidginOtr PidginOtr::find() {
    PidginOtr otr;
    PurplePlugin* plugin = purple_plugins_find_with_id("otr");
    if (!plugin || !purple_plugin_is_loaded(plugin)) return otr;
    // purple opens plugins with G_MODULE_BIND_LOCAL, so dlsym(RTLD_DEFAULT) cannot see these.
    auto* state = symbol<OtrlUserState*>(plugin, "otrg_plugin_userstate");
    otr.write_fingerprints_ = symbol<void (*)()>(plugin, "otrg_plugin_write_fingerprints");
    otr.update_fingerprint_ui_ = symbol<void (*)()>(plugin, "otrg_ui_update_fingerprint");
    otr.resensitize_all_ = symbol<void (*)()>(plugin, "otrg_dialog_resensitize_all");
    if (state && *state && otr.write_fingerprints_ && otr.update_fingerprint_ui_) otr.state_ = *state;
    return otr;
}

std::filesystem::path PidginOtr::user_dir() const { return purple_user_dir(); }

KeyStore PidginOtr::current_store() const {
    const App& app = *find_app("pidgin");
    if (!state_) return app.present(user_dir()) ? app.read(user_dir()) : KeyStore{};
    LiveSnapshot snapshot = snapshot_userstate(state_);
    return libotr_records_to_store(app, user_dir(), std::move(snapshot.keys), snapshot.rows, "pidgin-otr (running)");
}

void PidginOtr::flush_to_files() const {
    if (state_) write_fingerprints_();
}

void PidginOtr::reload_from_files() const {
    if (!state_) return;
    std::string keys = (user_dir() / kKeyFile).string(), fingerprints = (user_dir() / kFingerprintFile).string();
    if (gcry_error_t err = otrl_privkey_read(state_, keys.c_str()))
        throw Error(keys + ": " + fill(tr("pidgin-otr could not reload it: {}"), {gcry_strerror(err)}));
    if (gcry_error_t err = otrl_privkey_read_fingerprints(state_, fingerprints.c_str(), nullptr, nullptr))
        throw Error(fingerprints + ": " + fill(tr("pidgin-otr could not reload it: {}"), {gcry_strerror(err)}));

    update_fingerprint_ui_();
    if (resensitize_all_) resensitize_all_();
}

}  // namespace keysync::pidgin
