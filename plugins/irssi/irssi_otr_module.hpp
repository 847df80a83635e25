#pragma once
// irssi's OTR module (Debian irssi-plugin-otr, libotr_core.so) as KeySync reaches it: its live
// libotr state and its own load/write functions (HOSTS.md §4). Its headers are not installed,
// so the one struct we need is mirrored here.
#include <string>

typedef struct s_OtrlUserState* OtrlUserState;

namespace keysync::irssi {

class OtrModule {
public:
    // Finds the loaded module; throws keysync::Error when it is not loaded.
    static OtrModule find();

    OtrlUserState state() const;
    void write_fingerprints() const;  // live trust -> otr.fp, before KeySync reads the files
    void reload() const;              // otr.key and otr.fp -> live state, after KeySync wrote them

private:
    struct UserState {  // irssi's struct otr_user_state
        OtrlUserState otr_state;
    };
    using Call = void (*)(UserState*);
    UserState** user_state_ = nullptr;
    Call key_load_ = nullptr, key_load_fingerprints_ = nullptr, key_write_fingerprints_ = nullptr;
};

}  // namespace keysync::irssi
