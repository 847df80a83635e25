#include "irssi_otr_module.hpp"

#include <dlfcn.h>

#include "irssi_headers.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync::irssi {
namespace {

// The symbol from the OTR module's own GModule, else from the global scope (irssi opens
// modules without BIND_LOCAL, so both work; the module lookup is the precise one).
void* otr_symbol(const char* name) {
    if (MODULE_REC* module = module_find("otr")) {
        for (GSList* f = module->files; f; f = f->next) {
            auto* file = static_cast<MODULE_FILE_REC*>(f->data);
            gpointer symbol = nullptr;
            if (file->gmodule && g_module_symbol(file->gmodule, name, &symbol) && symbol) return symbol;
        }
    }
    return dlsym(RTLD_DEFAULT, name);
}

}  // namespace

OtrModule OtrModule::find() {
    OtrModule m;
    m.user_state_ = static_cast<UserState**>(otr_symbol("user_state_global"));
    m.key_load_ = reinterpret_cast<Call>(otr_symbol("key_load"));
    m.key_load_fingerprints_ = reinterpret_cast<Call>(otr_symbol("key_load_fingerprints"));
    m.key_write_fingerprints_ = reinterpret_cast<Call>(otr_symbol("key_write_fingerprints"));
    if (!m.user_state_ || !*m.user_state_ || !m.key_load_ || !m.key_load_fingerprints_ || !m.key_write_fingerprints_)
        throw Error(tr("irssi's OTR module is not loaded (/load otr; Debian package irssi-plugin-otr)"));
    return m;
}

OtrlUserState OtrModule::state() const { return (*user_state_)->otr_state; }
void OtrModule::write_fingerprints() const { key_write_fingerprints_(*user_state_); }
void OtrModule::reload() const {
    key_load_(*user_state_);
    key_load_fingerprints_(*user_state_);
}

}  // namespace keysync::irssi
