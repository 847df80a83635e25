#pragma once
// ChatSecure's otr4j keystore properties (formats.md 3.1, 3.3), as plaintext: the same text
// sits in otr_keystore and, encrypted, in otr_keystore.ofcaes.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "keysync/key_store.hpp"

namespace keysync {

// Accounts are the JIDs with a privateKey; ChatSecure does not tie peers to an account, so its
// peers belong to any account (AccountId::any), with a note when it holds no account at all.
KeyStore parse_chatsecure_keystore(std::string_view properties, const std::string& source);
// The same a piece of the text at a time (a 15 MiB file need not be held): feed() as
// PropertiesScan's, then finish().
class ChatSecureKeystoreReader {
public:
    explicit ChatSecureKeystoreReader(std::string source);
    ~ChatSecureKeystoreReader();
    ChatSecureKeystoreReader(const ChatSecureKeystoreReader&) = delete;
    ChatSecureKeystoreReader& operator=(const ChatSecureKeystoreReader&) = delete;
    std::size_t feed(std::string_view text, bool at_end);  // the bytes of whole lines taken
    std::size_t records() const;            // contacts' fingerprint records so far
    void reserve(std::size_t records);      // room for that many in all
    KeyStore finish() &&;

private:
    struct State;
    std::unique_ptr<State> state_;
};

struct ChatSecureKeystore {
    SecureString properties;         // the file's text
    KeyStore content;                // what it holds, in model terms (its peers only when asked for)
    std::size_t fingerprints = 0;    // contacts' fingerprints it holds
    std::vector<std::string> notes;  // what it cannot hold, by name
};
// Only XMPP (prpl-jabber, prpl-bonjour) accounts and their peers; only trusted fingerprints
// get a ".publicKey.verified=true", in both hex cases (ChatSecure's case changed over time).
// Without WITH_PEERS the content's peers are only counted (an export needs no summary of 100k).
ChatSecureKeystore write_chatsecure_keystore(const KeyStore& store, bool with_peers = true);
// The same, the text passed to WRITE a piece at a time as it is made instead of kept.
ChatSecureKeystore write_chatsecure_keystore(const KeyStore& store, bool with_peers,
                                             const std::function<void(std::string_view)>& write);
// A keystore planned now and made later (a sync's plan, whose file is made only when it is
// staged: 15 MiB of text for 100k fingerprints is never held): PLANNED is what it will hold
// (peers included) and its notes, without the text; MAKE passes the text to WRITE a piece at a
// time. STORE is kept, and laid out once for both.
struct PlannedChatSecureKeystore {
    ChatSecureKeystore planned;
    std::function<void(const std::function<void(std::string_view)>& write)> make;
};
PlannedChatSecureKeystore plan_chatsecure_keystore(KeyStore store);

// Whether some of STORE's accounts or contacts that a keystore holds come back from it under
// another name or protocol: a Bonjour one as an XMPP one, a contact without its resource.
bool keystore_gives_back_renamed(const KeyStore& store);

}  // namespace keysync
