// KeyCzar DSA keys (read only; formats.md 6): JSON files in a folder, v0.6b with the numbers in
// web-safe base64, v0.5b with X.509/PKCS#8 DER. The samples are not valid JSON (line breaks and
// a stray space inside strings, a trailing comma), so the reader only picks "name": "value"
// pairs. KeyCzar keys belong to no chat account: each becomes an XMPP account named after its
// file, for the user to map (keysync sync --map keyczar:FILE=you@example.org).
#include <map>
#include <memory>

#include "apps/app_factories.hpp"
#include "apps/potr_files.hpp"
#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/formats/dsa_der.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {
namespace fs = std::filesystem;

// Every "name": "value" pair, values with whitespace removed.
std::map<std::string, SecureString> string_pairs(std::string_view text) {
    std::map<std::string, SecureString> out;
    std::size_t pos = 0;
    auto next_string = [&](std::size_t from, std::size_t& end) -> std::optional<SecureString> {
        std::size_t open = text.find('"', from);
        if (open == std::string_view::npos) return std::nullopt;
        std::size_t close = text.find('"', open + 1);
        if (close == std::string_view::npos) return std::nullopt;
        end = close + 1;
        SecureString s;
        for (char c : text.substr(open + 1, close - open - 1))
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') s += c;
        return s;
    };
    while (pos < text.size()) {
        std::size_t end = 0;
        auto name = next_string(pos, end);
        if (!name) break;
        pos = end;
        std::size_t colon = text.find_first_not_of(" \t\r\n", pos);
        if (colon == std::string_view::npos || text[colon] != ':') continue;
        std::size_t value_start = text.find_first_not_of(" \t\r\n", colon + 1);
        if (value_start == std::string_view::npos || text[value_start] != '"') continue;
        auto value = next_string(value_start, end);
        if (!value) break;
        pos = end;
        out.emplace(std::string(name->begin(), name->end()), std::move(*value));
    }
    return out;
}

SecureBytes websafe_base64(const SecureString& text, const std::string& field, const std::string& source) {
    SecureString standard = text;
    for (char& c : standard) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (standard.size() % 4) standard += '=';
    auto bytes = base64_decode(standard);
    if (!bytes) throw ParseError(source, 0, fill(tr("field \"{}\" is not web-safe base64"), {field}));
    return std::move(*bytes);
}

DsaKey read_key(std::string_view text, const std::string& source) {
    auto pairs = string_pairs(text);
    auto field = [&](const std::string& name) -> const SecureString* {
        auto it = pairs.find(name);
        return it == pairs.end() ? nullptr : &it->second;
    };
    if (const SecureString* pkcs8 = field("pkcs8")) {  // v0.5b private
        SecureBytes der = websafe_base64(*pkcs8, "pkcs8", source);
        return parse_dsa_pkcs8(der.data(), der.size(), source);
    }
    if (const SecureString* x509 = field("x509")) {  // v0.5b public
        SecureBytes der = websafe_base64(*x509, "x509", source);
        return parse_dsa_spki(der.data(), der.size(), source);
    }
    DsaKey key;  // v0.6b
    for (const char* n : {"p", "q", "g", "y"}) {
        const SecureString* v = field(n);
        if (!v) throw ParseError(source, 0, fill(tr("no \"{}\" field: not a KeyCzar DSA key"), {n}));

        SecureBytes b = websafe_base64(*v, n, source);
        Bytes number = minimal_unsigned(b.data(), b.size());
        (n[0] == 'p' ? key.p : n[0] == 'q' ? key.q : n[0] == 'g' ? key.g : key.y) = number;
    }
    if (const SecureString* x = field("x")) {
        SecureBytes b = websafe_base64(*x, "x", source);
        key.x = minimal_unsigned_secret(b.data(), b.size());
    }
    if (std::string problem = key.problem(); !problem.empty()) throw ParseError(source, 0, problem);
    return key;
}

class KeyczarApp : public App {
public:
    std::string name() const override { return "keyczar"; }
    std::string description() const override { return tr("KeyCzar DSA key files"); }
    std::vector<fs::path> default_dirs() const override { return {".keyczar"}; }
    std::vector<std::string> process_names() const override { return {}; }
    bool writable() const override { return false; }
    bool present(const fs::path& dir) const override { return !files(dir).empty(); }
    std::vector<fs::path> files(const fs::path& dir) const override { return files_ending_with(dir, ".json"); }

    KeyStore read(const fs::path& dir) const override {
        KeyStore store;
        for (const fs::path& file : files(dir)) {
            DsaKey key = read_key(read_file(file, 1 << 20), file.string());
            Account account{{"prpl-jabber", file.stem().string(), std::nullopt}, std::move(key), "keyczar:" + file.string()};
            if (account.key.x && !account.key.private_matches_public()) store.notes.push_back(mismatched_key_note(account));
            store.accounts.push_back(std::move(account));
        }
        return store;
    }

    WritePlan plan_write(KeyStore, const fs::path&) const override {
        throw Error(tr("keyczar files can only be read, not written"));
    }
};

}  // namespace

std::unique_ptr<App> make_keyczar_app() { return std::make_unique<KeyczarApp>(); }

}  // namespace keysync
