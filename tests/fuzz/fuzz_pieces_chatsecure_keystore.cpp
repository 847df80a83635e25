// ChatSecure's keystore read a piece at a time gives the accounts, peers, notes and errors the
// whole text gives.
#include "keysync/formats/chatsecure_keystore.hpp"
#include "fuzz_target.hpp"

namespace {
std::string store_text(const keysync::KeyStore& store) {
    std::string out;
    for (const keysync::Account& a : store.accounts) out += a.id.name + " " + a.key.fingerprint().hex() + " " + a.source + "\n";
    for (const keysync::PeerFingerprint& p : store.peers)
        out += p.peer + " " + p.fingerprint.hex() + " " + std::string(keysync::to_string(p.trust.level)) + " " + p.source.text() +
               (p.public_key ? " key" : "") + "\n";
    for (const std::string& n : store.notes) out += n + "\n";
    return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace keysync;
    fuzz::PiecesInput in = fuzz::pieces_input(data, size);
    std::string whole = fuzz::outcome([&] { return store_text(parse_chatsecure_keystore(in.text, "fuzz")); });
    std::string pieces = fuzz::outcome([&] {
        ChatSecureKeystoreReader reader("fuzz");
        fuzz::feed_in_pieces(in.text, in.piece, [&](std::string_view text, bool at_end) { return reader.feed(text, at_end); });
        return store_text(std::move(reader).finish());
    });
    fuzz::same_or_abort(whole, pieces);
    return 0;
}
