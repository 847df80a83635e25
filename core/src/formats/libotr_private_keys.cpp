#include "keysync/formats/libotr_private_keys.hpp"

#include <set>
#include <utility>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/formats/sexp.hpp"

namespace keysync {
namespace {

// The single value of a "(NAME value)" child of PARENT.
const SexpNode& child_value(const SexpNode& parent, std::string_view name, const std::string& source,
                            const std::string& where) {
    const SexpNode* node = parent.find(name);
    if (!node) throw ParseError(source, parent.line, fill(tr("{} has no ({} ...) element"), {where, std::string(name)}));
    if (node->children.size() != 2 || node->children[1].is_list)
        throw ParseError(source, node->line, fill(tr("({} ...) in {} must hold exactly one value"), {std::string(name), where}));
    return node->children[1];
}

LibotrPrivateKey parse_account(const SexpNode& node, const std::string& source) {
    if (!node.is_list || node.children.empty() || !node.children[0].is_atom("account"))
        throw ParseError(source, node.line, tr("expected an (account ...) list inside (privkeys ...)"));
    LibotrPrivateKey out;
    out.line = node.line;
    out.account = child_value(node, "name", source, "(account ...)").atom_text();
    out.protocol = child_value(node, "protocol", source, "(account ...)").atom_text();
    std::string where = fill(tr("the key of account \"{}\" ({})"), {out.account, out.protocol});

    const SexpNode* private_key = node.find("private-key");
    if (!private_key) throw ParseError(source, node.line, fill(tr("{} is missing: no (private-key ...) element"), {where}));
    const SexpNode* dsa = private_key->find("dsa");
    if (!dsa) {
        std::string algorithm = private_key->children.size() > 1 && private_key->children[1].is_list &&
                                        !private_key->children[1].children.empty()
                                    ? private_key->children[1].children[0].atom_text()
                                    : "?";
        throw ParseError(source, private_key->line,
                         fill(tr("{} is not a DSA key (found \"{}\"); OTR uses DSA only"), {where, algorithm}));
    }
    auto number = [&](std::string_view n) {
        const SexpNode& v = child_value(*dsa, n, source, where);
        return minimal_unsigned(v.atom.data(), v.atom.size());
    };
    out.key.p = number("p");
    out.key.q = number("q");
    out.key.g = number("g");
    out.key.y = number("y");
    const SexpNode& x = child_value(*dsa, "x", source, where);
    out.key.x = minimal_unsigned_secret(x.atom.data(), x.atom.size());
    if (std::string problem = out.key.problem(); !problem.empty())
        throw ParseError(source, node.line, where + ": " + problem);
    return out;
}

void append_element(SecureString& out, std::string_view prefix, const unsigned char* data, std::size_t size,
                    bool number) {
    out += prefix;
    if (number)
        append_sexp_number(out, data, size);
    else
        append_sexp_string(out, data, size);
    out += ")\n";
}

}  // namespace

std::vector<LibotrPrivateKey> parse_libotr_private_keys(std::string_view text, const std::string& source) {
    SexpNode root = parse_sexp(text, source);
    if (!root.is_list || root.children.empty() || !root.children[0].is_atom("privkeys"))
        throw ParseError(source, root.line, tr("not a libotr private key file: it must start with (privkeys"));
    std::vector<LibotrPrivateKey> keys;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 1; i < root.children.size(); ++i) {
        LibotrPrivateKey key = parse_account(root.children[i], source);
        if (!seen.emplace(key.account, key.protocol).second)
            throw ParseError(source, key.line,
                             fill(tr("account \"{}\" ({}) is listed twice"), {key.account, key.protocol}));

        keys.push_back(std::move(key));
    }
    return keys;
}

SecureString write_libotr_private_keys(const std::vector<const LibotrPrivateKey*>& keys) {
    SecureString out = "(privkeys\n";
    for (const LibotrPrivateKey* k : keys) {
        const auto* name = reinterpret_cast<const unsigned char*>(k->account.data());
        const auto* protocol = reinterpret_cast<const unsigned char*>(k->protocol.data());
        out += " (account\n";
        append_element(out, "(name ", name, k->account.size(), false);
        append_element(out, "(protocol ", protocol, k->protocol.size(), false);
        out += "(private-key \n (dsa \n";
        append_element(out, "  (p ", k->key.p.data(), k->key.p.size(), true);
        append_element(out, "  (q ", k->key.q.data(), k->key.q.size(), true);
        append_element(out, "  (g ", k->key.g.data(), k->key.g.size(), true);
        append_element(out, "  (y ", k->key.y.data(), k->key.y.size(), true);
        append_element(out, "  (x ", k->key.x->data(), k->key.x->size(), true);
        out += "  )\n )\n";
        out += " )\n";
    }
    out += ")\n";
    return out;
}

}  // namespace keysync
