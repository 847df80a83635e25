#pragma once
// pidgin-otr (plugin id "otr") as KeySync reaches it: its live libotr state and its reload and
// UI refresh functions, found through its GModule (HOSTS.md §3). When pidgin-otr is not loaded,
// KeySync works on the files in purple's user dir alone.
#include <filesystem>

#include "keysync/key_store.hpp"

typedef struct s_OtrlUserState* OtrlUserState;

namespace keysync::pidgin {

class PidginOtr {
public:
    // Looks pidgin-otr up now (load order is not guaranteed, so never cache across actions).
    static PidginOtr find();

    bool loaded() const { return state_ != nullptr; }
    std::filesystem::path user_dir() const;

    // The keys and fingerprints Pidgin uses right now: pidgin-otr's live state, else the files.
    KeyStore current_store() const;
    // Before KeySync rewrites the files: put pidgin-otr's live trust into them.
    void flush_to_files() const;
    // After: load the files into the live state and refresh pidgin-otr's windows.
    void reload_from_files() const;

private:
    OtrlUserState state_ = nullptr;
    void (*write_fingerprints_)() = nullptr;
    void (*update_fingerprint_ui_)() = nullptr;
    void (*resensitize_all_)() = nullptr;
};

}  // namespace keysync::pidgin
