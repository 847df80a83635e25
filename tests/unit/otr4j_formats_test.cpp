// The otr4j pieces: Java .properties, DSA DER, .ofcaes, and ChatSecure's keystore.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <random>
#include <set>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "formats/byte_scan.hpp"
#include "formats/contact_fingerprints.hpp"
#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/formats/chatsecure_keystore.hpp"
#include "keysync/formats/dsa_der.hpp"
#include "keysync/formats/java_properties.hpp"
#include "keysync/formats/ofcaes.hpp"
#include "keysync/registry.hpp"
#include "in_pieces.hpp"
#include "test_support.hpp"

namespace keysync {
namespace {
SecureString S(const std::string& s) { return SecureString(s.begin(), s.end()); }
const char kPassword[] = "6QpT40Omhp6YRX73BzxnPlSvvr7ZsPP6VaS4aqWOyqE=";
}  // namespace

TEST(JavaProperties, ReadsLikePropertiesLoad) {
    auto e = parse_java_properties(
        "# comment\n! also\n  key1 = value one\nkey\\:2:v\\=2\\u00e9\nkey3 continues\\\n    here\\n\nempty\n"
        "ACCOUNT_UID=Google Talk\\:g@gmail.com@talk.google.com\n\\ spaced\\ key=\\ lead\n",
        "p");
    ASSERT_EQ(e.size(), 6u);
    EXPECT_EQ(e[0].key, "key1");
    EXPECT_EQ(std::string(e[0].value), "value one");
    EXPECT_EQ(e[0].line, 3u);
    EXPECT_EQ(e[1].key, "key:2");
    EXPECT_EQ(std::string(e[1].value), "v=2\xc3\xa9");
    EXPECT_EQ(std::string(e[2].value), "continueshere\n");
    EXPECT_EQ(e[3].key, "empty");
    EXPECT_EQ(std::string(e[3].value), "");
    EXPECT_EQ(std::string(e[4].value), "Google Talk:g@gmail.com@talk.google.com");
    EXPECT_EQ(e[5].key, " spaced key");
    EXPECT_EQ(std::string(e[5].value), " lead");
    EXPECT_EQ(e[5].line, 9u);
}

TEST(JavaProperties, ViewsPointIntoTheTextUnlessUnescapedOrJoined) {
    std::string text = "plain.key=plain value\nesc\\ key=a\\=b\njoined=one\\\n  two\n";
    ParsedProperties parsed = parse_java_property_views(text, "p");
    const auto& e = parsed.entries();
    ASSERT_EQ(e.size(), 3u);
    auto inside = [&](std::string_view v) { return v.data() >= text.data() && v.data() < text.data() + text.size(); };
    EXPECT_TRUE(inside(e[0].key) && inside(e[0].value));
    EXPECT_EQ(e[1].key, "esc key");
    EXPECT_FALSE(inside(e[1].key));
    EXPECT_EQ(e[1].value, "a=b");
    EXPECT_EQ(e[2].value, "onetwo");
    EXPECT_FALSE(inside(e[2].value));
    EXPECT_EQ(e[2].line, 3u);
    text.assign(text.size(), 'x');  // the copies do not depend on the text
    EXPECT_EQ(e[1].key, "esc key");
    EXPECT_EQ(e[2].value, "onetwo");
}

// Only the keys asked for are kept, judged by their unescaped text; the others cost no view.
TEST(JavaProperties, ViewsOfOnlyTheKeysKept) {
    std::string text = "a.1=x\nb\\u002e2=y\nesc\\ a=z\\=w\na.3=v\n";
    ParsedProperties parsed = parse_java_property_views(text, "p", [](std::string_view key) { return key.substr(0, 1) != "b"; });
    const auto& e = parsed.entries();
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].key, "a.1");
    EXPECT_EQ(e[1].key, "esc a");
    EXPECT_EQ(e[1].value, "z=w");
    EXPECT_EQ(e[2].key, "a.3");
    EXPECT_EQ(e[2].line, 4u);
    EXPECT_EQ(parse_java_property_views(text, "p", [](std::string_view key) { return key == "b.2"; }).entries().size(), 1u);
}

// The vector scan finds what a byte-by-byte look finds, in any position of a 16-byte block.
TEST(ByteScan, FindsWhatAByteLoopFinds) {
    std::mt19937 rng(1);
    const ByteSet sets[] = {{"\\=: \t\f"}, {"\\", true, false}, {"=:#!\\", false, true}};
    for (int round = 0; round < 5000; ++round) {
        std::string text(rng() % 70, 'a');
        for (char& c : text) c = rng() % 10 == 0 ? static_cast<char>(rng() % 256) : static_cast<char>('a' + rng() % 26);
        for (const ByteSet& set : sets) {
            std::size_t from = rng() % (text.size() + 1), expected = text.size();
            for (std::size_t i = from; i < text.size() && expected == text.size(); ++i)
                if (set.contains(static_cast<unsigned char>(text[i]))) expected = i;
            ASSERT_EQ(find_first_in(text, from, set), expected) << round;
        }
    }
}

// A block of one property: its line as Properties.store writes it.
static std::string property_line(std::string_view key, std::string_view value) {
    PropertyBlock block;
    block.put(key, value);
    return std::string(block.text());
}

TEST(JavaProperties, WritesLikePropertiesStore) {
    EXPECT_EQ(property_line("a b:c", "x=y#z!\\ w"), "a\\ b\\:c=x\\=y\\#z\\!\\\\ w\n");
    EXPECT_EQ(property_line("k", " lead\t\xc3\xa9"), "k=\\ lead\\t\\u00E9\n");
    EXPECT_EQ(property_line("g@x.org/r.publicKey", "ab=="), "g@x.org/r.publicKey=ab\\=\\=\n");
    auto back = parse_java_properties(property_line("a b:c", "x=y#z!\\ w"), "p");
    EXPECT_EQ(back[0].key, "a b:c");
    EXPECT_EQ(std::string(back[0].value), "x=y#z!\\ w");
}

TEST(JavaProperties, EditKeepsEveryOtherLineByteForByte) {
    std::string original = "#Header\r\nkeep.a=1\r\nplugin.otr.x=old\r\nkeep.b=multi\\\r\n  line\r\nplugin.otr.y=old\r\n";
    PropertyBlock block;
    block.put("plugin.otr.z", "new");
    SecureString edited = test::edit_java_properties(
        original, [](std::string_view k) { return k.starts_with("plugin.otr."); }, block, "p");
    EXPECT_EQ(std::string(edited), "#Header\r\nkeep.a=1\r\nplugin.otr.z=new\nkeep.b=multi\\\r\n  line\r\n");
    auto otr = [](std::string_view k) { return k.starts_with("plugin.otr."); };
    // Replaced lines first: the block where they were; none replaced: at the end, after a line end.
    EXPECT_EQ(std::string(test::edit_java_properties("plugin.otr.x=1\nplugin.otr.y=2\nkeep=3", otr, block, "p")),
              "plugin.otr.z=new\nkeep=3");
    EXPECT_EQ(std::string(test::edit_java_properties("keep=3", otr, block, "p")), "keep=3\nplugin.otr.z=new\n");
    EXPECT_EQ(std::string(test::edit_java_properties("", otr, block, "p")), "plugin.otr.z=new\n");
}

// Jitsi's writer reads its accounts' keys and takes out the lines it replaces in one pass: the
// same views and the same text around the block as the two separate calls, also for a key both
// read and replaced, an escaped key and a continued line.
TEST(JavaProperties, OnePassScanGivesTheViewsAndTheTextAroundTheBlock) {
    std::string original = "#Header\nkeep.a=1\nplugin.otr.me_privateKey=c2Vj\\\n  cmV0\nplugin.otr.bob_fingerprints=AB\n"
                           "plugin\\.otr.x\\ y=z\nkeep.b=2\n";
    auto keep = [](std::string_view k) { return !k.starts_with("plugin.otr.") || k.ends_with("_privateKey"); };
    auto replace = [](std::string_view k) { return k.starts_with("plugin.otr."); };
    PropertiesEdit edit = scan_properties(original, "p", keep, replace);
    ParsedProperties alone = parse_java_property_views(original, "p", keep);
    auto listed = [](const ParsedProperties& parsed) {
        std::vector<std::string> out;
        for (const PropertyView& e : parsed.entries()) out.push_back(std::string(e.key) + "=" + std::string(e.value) + "@" + std::to_string(e.line));
        return out;
    };
    EXPECT_EQ(listed(edit.entries), (std::vector<std::string>{"keep.a=1@2", "plugin.otr.me_privateKey=c2VjcmV0@3", "keep.b=2@7"}));
    EXPECT_EQ(listed(edit.entries), listed(alone));
    PropertiesAroundBlock around = without_properties(original, replace, "p");
    EXPECT_EQ(std::string(edit.around.before), "#Header\nkeep.a=1\n");
    EXPECT_EQ(std::string(edit.around.after), "keep.b=2\n");
    EXPECT_EQ(std::string(edit.around.before), std::string(around.before));
    EXPECT_EQ(std::string(edit.around.after), std::string(around.after));
    EXPECT_TRUE(edit.around.replaced);
    // Without REPLACE: the views only.
    PropertiesEdit read_only = scan_properties(original, "p", nullptr, nullptr);
    EXPECT_EQ(read_only.entries.entries().size(), 5u);
    EXPECT_FALSE(read_only.around.replaced);
    EXPECT_TRUE(read_only.around.before.empty());
}

// Jitsi's writer scans its 20 MiB file a piece at a time: cut anywhere (inside a CRLF, a
// continued line, an escape), the pieces give what the whole text gives, line numbers too.
TEST(JavaProperties, AScanInPiecesIsTheScanOfTheWholeText) {
    std::string original = "#Head\\\r\nkeep.a=1\r\nplugin.otr.me_privateKey=c2Vj\\\r\n  cmV0\rplugin.otr.b=x\\\\\n"
                           "plugin\\.otr.x\\ y=z\\u00e9\n\n! note\nkeep.b=2\\\n\n#end";
    auto keep = [](std::string_view k) { return !k.starts_with("plugin.otr.") || k.ends_with("_privateKey"); };
    auto replace = [](std::string_view k) { return k.starts_with("plugin.otr."); };
    auto listed = [](const PropertiesEdit& edit) {
        std::vector<std::string> out;
        for (const PropertyView& e : edit.entries.entries()) out.push_back(std::string(e.key) + "=" + std::string(e.value) + "@" + std::to_string(e.line));
        out.push_back("before:" + std::string(edit.around.before));
        out.push_back("after:" + std::string(edit.around.after));
        out.push_back(edit.around.replaced ? "replaced" : "none replaced");
        return out;
    };
    const std::vector<std::string> whole = listed(scan_properties(original, "p", keep, replace));
    EXPECT_EQ(whole.front(), "keep.a=1@2");
    for (std::size_t piece = 1; piece <= original.size(); ++piece) {
        PropertiesScan scan("p", keep, replace);
        test::feed_in_pieces(original, piece, [&](std::string_view text, bool at_end) {
            std::size_t used = scan.feed(text, at_end);
            EXPECT_TRUE(!at_end || used == text.size());
            return used;
        });
        EXPECT_EQ(listed(std::move(scan).finish()), whole) << "pieces of " << piece;
    }
}

TEST(JavaProperties, BlockIsSortedByKeyEscapedAndTheLastPutOfAKeyWins) {
    PropertyBlock block;
    block.put("b.key", "2");
    block.put("a key", "x=y");
    block.put("b.key", "3");
    block.put("a", "");
    EXPECT_EQ(std::string(block.text()), "a=\na\\ key=x\\=y\nb.key=3\n");
    EXPECT_EQ(std::string(PropertyBlock().text()), "");
}

TEST(JavaProperties, BadUnicodeEscapeNamesTheLine) {
    try {
        parse_java_properties("a=1\nb=\\u12G4\n", "bad.properties");
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_EQ(std::string(e.what()), "bad.properties:2: malformed \\uXXXX escape");
    }
}

TEST(DsaDer, RoundTripsThroughOpenSsl) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    const DsaKey& key = pidgin.accounts[0].key;
    SecureBytes pkcs8 = write_dsa_pkcs8(key);
    Bytes spki = write_dsa_spki(key);
    DsaKey priv = parse_dsa_pkcs8(pkcs8.data(), pkcs8.size(), "k");
    DsaKey pub = parse_dsa_spki(spki.data(), spki.size(), "k");
    EXPECT_TRUE(priv.same_public(key));
    EXPECT_EQ(*priv.x, *key.x);
    EXPECT_TRUE(pub.same_public(key));
    EXPECT_FALSE(pub.x);
    EXPECT_EQ(base64_encode(spki.data(), spki.size()).substr(0, 6), "MIIBtz");
    EXPECT_THROW(parse_dsa_spki(spki.data(), spki.size() - 1, "k"), ParseError);
    EXPECT_THROW(parse_dsa_pkcs8(pkcs8.data(), 10, "k"), ParseError);
}

// The DER KeySync writes is byte for byte what Java (otr4j in Jitsi and ChatSecure) wrote for
// the same key, so a key carried between them reads the same everywhere.
TEST(DsaDer, WritesTheBytesJavaWroteForEachFixtureKey) {
    int keys = 0;
    for (const char* file : {"jitsi/sip-communicator.properties", "chatsecure/otr_keystore"}) {
        for (const PropertyEntry& e : parse_java_properties(test::read_text(test::fixture(file)), file)) {
            bool is_private = e.key.ends_with("privateKey"), is_public = e.key.ends_with("publicKey");
            if (!is_private && !is_public) continue;
            SCOPED_TRACE(file + std::string(": ") + e.key);
            std::optional<SecureBytes> der = base64_decode(std::string_view(e.value));
            ASSERT_TRUE(der);
            if (is_private) {
                DsaKey key = parse_dsa_pkcs8(der->data(), der->size(), file);
                EXPECT_TRUE(key.private_matches_public());
                EXPECT_EQ(write_dsa_pkcs8(key), *der);
            } else {
                DsaKey key = parse_dsa_spki(der->data(), der->size(), file);
                Bytes written = write_dsa_spki(key);
                EXPECT_EQ(SecureBytes(written.begin(), written.end()), *der);
            }
            ++keys;
        }
    }
    EXPECT_EQ(keys, 10);
}

// A key that is DER but not an OTR key gets an error naming what is wrong.
TEST(DsaDer, SaysWhatIsWrongWithAKeyThatIsNoDsaKey) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    const DsaKey& key = pidgin.accounts[0].key;
    auto message = [](const auto& parse) {
        try {
            parse();
        } catch (const ParseError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    Bytes spki = write_dsa_spki(key);
    SecureBytes pkcs8 = write_dsa_pkcs8(key);
    // The DSA OID 1.2.840.10040.4.1 ends in 04 01; 04 02 is another algorithm.
    auto other_algorithm = [](auto der) {
        const unsigned char dsa[] = {0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01};
        auto at = std::search(der.begin(), der.end(), std::begin(dsa), std::end(dsa));
        at[6] = 0x02;
        return der;
    };
    Bytes rsa_spki = other_algorithm(spki);
    SecureBytes rsa_pkcs8 = other_algorithm(pkcs8);
    EXPECT_EQ(message([&] { parse_dsa_spki(rsa_spki.data(), rsa_spki.size(), "k.der"); }), "k.der: not a DSA key (OTR keys are DSA)");
    EXPECT_EQ(message([&] { parse_dsa_pkcs8(rsa_pkcs8.data(), rsa_pkcs8.size(), "k.der"); }), "k.der: not a DSA key (OTR keys are DSA)");
    Bytes trailing = spki;
    trailing.push_back(0);
    EXPECT_EQ(message([&] { parse_dsa_spki(trailing.data(), trailing.size(), "k.der"); }), "k.der: unexpected bytes after the DER public key");
    EXPECT_EQ(message([&] { parse_dsa_spki(spki.data() + 1, spki.size() - 1, "k.der"); }),
              "k.der: not a DER public key (X.509 SubjectPublicKeyInfo)");
    // y's INTEGER made negative (the top bit of its first byte set): no DSA public key.
    Bytes negative = spki;
    std::size_t y_at = negative.size() - key.y.size();
    if (key.y[0] & 0x80) negative[y_at - 1] = 0xff;  // its leading zero, which keeps it positive
    else negative[y_at] |= 0x80;
    EXPECT_EQ(message([&] { parse_dsa_spki(negative.data(), negative.size(), "k.der"); }), "k.der: the DSA key has no y");
    // A q of 159 bits is no OTR key.
    DsaKey short_q = key;
    short_q.q[0] = 0x7f;
    short_q.x.reset();
    Bytes bad_q = write_dsa_spki(short_q);
    EXPECT_EQ(message([&] { parse_dsa_spki(bad_q.data(), bad_q.size(), "k.der"); }), "k.der: q is 159 bits; OTR needs a 160-bit q");
}

// PKCS#8 read as generic DER takes what OpenSSL's own PKCS#8 reader takes, the same key, and
// refuses the rest, naming what is wrong.
TEST(DsaDer, ReadsThePkcs8OpenSslReads) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    const DsaKey& key = pidgin.accounts[0].key;
    const SecureBytes written = write_dsa_pkcs8(key);
    ASSERT_EQ(written[0], 0x30);
    ASSERT_EQ(written[1], 0x82);  // (a two-byte length, as a 1024-bit key's takes)
    // The key's SEQUENCE with its items changed by CHANGE, its length set again.
    auto rewrapped = [&](const std::function<void(SecureBytes&)>& change) {
        SecureBytes items(written.begin() + 4, written.end());
        change(items);
        SecureBytes der{0x30, 0x82, static_cast<unsigned char>(items.size() >> 8), static_cast<unsigned char>(items.size() & 0xff)};
        der.insert(der.end(), items.begin(), items.end());
        return der;
    };
    auto append = [&](std::initializer_list<unsigned char> bytes) {
        return rewrapped([&](SecureBytes& items) { items.insert(items.end(), bytes); });
    };
    struct Case {
        const char* what;
        SecureBytes der;
        const char* error;  // nullptr: read
    } cases[] = {
        {"as written", written, nullptr},
        {"with attributes", append({0xa0, 0x00}), nullptr},
        {"with a NULL after", append({0x05, 0x00}), "k.der: not a DER private key (PKCS#8)"},
        {"with attributes twice", append({0xa0, 0x00, 0xa0, 0x00}), "k.der: not a DER private key (PKCS#8)"},
        {"with a [1] item", append({0xa1, 0x00}), "k.der: not a DER private key (PKCS#8)"},
        {"version as a string", rewrapped([](SecureBytes& items) { items[0] = 0x04; }), "k.der: not a DER private key (PKCS#8)"},
        {"followed by more", [&] { SecureBytes d = written; d.push_back(0); return d; }(), "k.der: unexpected bytes after the DER private key"},
        {"cut short", SecureBytes(written.begin(), written.end() - 1), "k.der: not a DER private key (PKCS#8)"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        const unsigned char* p = c.der.data();
        PKCS8_PRIV_KEY_INFO* info = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(c.der.size()));
        const bool openssl_reads = info && p == c.der.data() + c.der.size();
        PKCS8_PRIV_KEY_INFO_free(info);
        EXPECT_EQ(openssl_reads, c.error == nullptr);
        try {
            DsaKey read = parse_dsa_pkcs8(c.der.data(), c.der.size(), "k.der");
            EXPECT_EQ(c.error, nullptr);
            EXPECT_TRUE(read.same_public(key));
            EXPECT_EQ(*read.x, *key.x);
        } catch (const ParseError& e) {
            ASSERT_NE(c.error, nullptr) << e.what();
            EXPECT_EQ(std::string(e.what()), c.error);
        }
    }
    // An algorithm without its parameters is no OTR key.
    const std::size_t algorithm_at = 4 + 3;  // after the SEQUENCE's header and the version, INTEGER 0
    ASSERT_EQ(written[algorithm_at], 0x30);
    SecureBytes no_parameters = rewrapped([&](SecureBytes& items) {
        std::size_t at = algorithm_at - 4, oid_end = at + 4 + 2 + 7;  // SEQUENCE 30 82 LL LL, then OBJECT 06 07 <7 bytes>
        ASSERT_EQ(items[at + 1], 0x82);
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(oid_end),
                    items.begin() + static_cast<std::ptrdiff_t>(at + 4 + ((items[at + 2] << 8) | items[at + 3])));
        const std::size_t inner = oid_end - (at + 4);
        items[at + 2] = static_cast<unsigned char>(inner >> 8);
        items[at + 3] = static_cast<unsigned char>(inner & 0xff);
    });
    try {
        parse_dsa_pkcs8(no_parameters.data(), no_parameters.size(), "k.der");
        ADD_FAILURE() << "a key without parameters was read";
    } catch (const ParseError& e) {
        EXPECT_EQ(std::string(e.what()), "k.der: the DSA key has no p");
    }
}

TEST(Ofcaes, DecryptsTheFixtureToTheKnownPlaintext) {
    std::string file = test::read_text(test::fixture("chatsecure/otr_keystore.ofcaes"));
    SecureString plain = ofcaes_decrypt(file, S(kPassword), "f");
    EXPECT_EQ(std::string(plain), test::read_text(test::fixture("_derived/chatsecure/otr_keystore.ofcaes.plaintext.properties")));
    EXPECT_EQ(plain.size(), 3861u);
}

TEST(Ofcaes, KeyDerivationMatchesTheTestVector) {
    // SOURCE.md: salt 89be1fd71eda1f25 -> key 841a8787..., IV 31ba26b0...
    std::string file = test::read_text(test::fixture("chatsecure/otr_keystore.ofcaes"));
    unsigned char key[32], iv[16];
    EVP_BytesToKey(EVP_aes_256_cbc(), EVP_md5(), reinterpret_cast<const unsigned char*>(file.data() + 8),
                   reinterpret_cast<const unsigned char*>(kPassword), sizeof kPassword - 1, 1, key, iv);
    EXPECT_EQ(Fingerprint(*reinterpret_cast<std::array<unsigned char, 20>*>(key)).hex(), "841a8787048af1a2880440874f1f13d704452aae");
    EXPECT_EQ(file.substr(8, 8), std::string("\x89\xbe\x1f\xd7\x1e\xda\x1f\x25", 8));
    EXPECT_EQ(iv[0], 0x31);
    EXPECT_EQ(iv[15], 0xfd);
}

TEST(Ofcaes, EncryptedPieceByPieceItDecryptsToTheWhole) {
    std::string whole;
    for (int i = 0; i < 5000; ++i) whole += "key" + std::to_string(i) + "=value\n";
    OfcaesEncryption encryption(S("pw"));
    SecureString file(encryption.header());
    for (std::size_t at = 0, piece = 1; at < whole.size(); at += piece, piece = piece * 3 % 997 + 1)  // pieces of every size
        encryption.update(std::string_view(whole).substr(at, piece), file);
    encryption.finish(file);
    EXPECT_EQ(file.size() % 16, 0u);
    EXPECT_EQ(std::string(ofcaes_decrypt(file, S("pw"), "f")), whole);
    OfcaesEncryption another(S("pw"));
    EXPECT_NE(another.header(), encryption.header());  // a fresh salt each time
}

TEST(Ofcaes, RoundTripArmouredAndWrongPassword) {
    SecureString text = S("a=1\nb=2\n");
    SecureString enc = test::ofcaes_encrypt(text, S("pw"));
    EXPECT_EQ(enc.substr(0, 8), "Salted__");
    EXPECT_EQ(std::string(ofcaes_decrypt(enc, S("pw"), "f")), "a=1\nb=2\n");
    SecureString armoured = base64_encode(reinterpret_cast<const unsigned char*>(enc.data()), enc.size());
    EXPECT_EQ(std::string(ofcaes_decrypt(armoured, S("pw"), "f")), "a=1\nb=2\n");
    try {
        ofcaes_decrypt(enc, S("wrong"), "k.ofcaes");
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("k.ofcaes: wrong password"), std::string::npos) << e.what();
    }
    EXPECT_THROW(ofcaes_decrypt(enc.substr(0, 20), S("pw"), "f"), ParseError);
    EXPECT_THROW(ofcaes_decrypt("junk", S("pw"), "f"), ParseError);
}

TEST(ChatSecureKeystore, FixturesReadWithTheListedFingerprints) {
    KeyStore old = find_app("chatsecure")->read(test::fixture("chatsecure"));
    EXPECT_EQ(test::account_summary(old),
              std::vector<std::string>{"gptest@jabber.org prpl-jabber 807493f49a027e8b81735bf3c7b9692b409dfc08 private"});
    EXPECT_EQ(test::peer_summary(old), std::vector<std::string>{
                                           "hans@eds.org  prpl-jabber ff66e8c909c4deb51cbd4a02b9e6af4d6af215f8 verified"});
    KeyStore derived = parse_chatsecure_keystore(
        test::read_text(test::fixture("_derived/chatsecure/otr_keystore.ofcaes.plaintext.properties")), "d");
    EXPECT_EQ(test::account_summary(derived),
              std::vector<std::string>{"guardianproject@gmail.com prpl-jabber 9e9448fa7bbf7b236936d2cb4808ae91bb39507b private"});
    auto peers = test::peer_summary(derived);
    EXPECT_NE(std::find(peers.begin(), peers.end(),
                        "hans@guardianproject.info  prpl-jabber df953988f5c05788c0327186d06d3bb4ddaaec7f verified"),
              peers.end());
}

// The keystore is read a piece of the file at a time, and which names are accounts is known only
// once their privateKey line has come (here the account's own publicKey comes first): cut
// anywhere, it reads as the whole text does; the account's own key and fingerprint are no
// peer, its other device is.
TEST(ChatSecureKeystore, ReadInPiecesIsReadWhole) {
    std::string text = test::read_text(test::fixture("_derived/chatsecure/otr_keystore.ofcaes.plaintext.properties")) +
                       "guardianproject@gmail.com." + std::string(40, '1') + ".publicKey.verified=true\n";
    KeyStore whole = parse_chatsecure_keystore(text, "k");
    auto peers = test::peer_summary(whole);
    EXPECT_NE(std::find(peers.begin(), peers.end(), "guardianproject@gmail.com  prpl-jabber " + std::string(40, '1') + " verified"),
              peers.end());
    for (const std::string& p : peers) EXPECT_EQ(p.find("9e9448fa7bbf7b236936d2cb4808ae91bb39507b"), std::string::npos) << p;
    for (std::size_t piece : {1u, 5u, 77u, 1000u}) {
        ChatSecureKeystoreReader reader("k");
        test::feed_in_pieces(text, piece, [&](std::string_view t, bool at_end) { return reader.feed(t, at_end); });
        KeyStore read = std::move(reader).finish();
        EXPECT_EQ(test::account_summary(read), test::account_summary(whole)) << piece;
        EXPECT_EQ(test::peer_summary(read), peers) << piece;
        EXPECT_EQ(read.notes, whole.notes) << piece;
    }
}

// With several accounts, each account's own key and fingerprint are no peer, wherever its name
// sorts among the contacts' and the others'; each account's other devices are peers.
TEST(ChatSecureKeystore, EachAccountsOwnKeyIsNoPeerItsOtherDevicesAre) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    std::string text(write_chatsecure_keystore(pidgin).properties);
    KeyStore accounts_only = parse_chatsecure_keystore(text, "k");
    ASSERT_GE(accounts_only.accounts.size(), 2u);
    std::vector<std::string> devices;
    for (const Account& a : accounts_only.accounts) {
        std::string other(40, static_cast<char>('1' + devices.size()));
        text += std::string(a.id.name.str()) + "." + other + ".publicKey.verified=true\n";
        devices.push_back(std::string(a.id.name.str()) + "  prpl-jabber " + other + " verified");
    }
    text += "aaa@first.example." + std::string(40, 'a') + ".publicKey.verified=true\n";
    text += "zzz@last.example." + std::string(40, 'b') + ".publicKey.verified=true\n";
    KeyStore read = parse_chatsecure_keystore(text, "k");
    auto peers = test::peer_summary(read);
    for (const std::string& device : devices) EXPECT_NE(std::find(peers.begin(), peers.end(), device), peers.end()) << device;
    EXPECT_EQ(peers.size(), test::peer_summary(accounts_only).size() + devices.size() + 2);
    for (const Account& a : read.accounts)
        for (const PeerFingerprint& p : read.peers) EXPECT_NE(p.fingerprint, a.key.fingerprint()) << p.peer.str();
}

TEST(ChatSecureKeystore, WritesOnlyXmppAndOnlyTrustedAsVerifiedInBothCases) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    KeyStore irssi = find_app("irssi")->read(test::fixture("irssi"));
    KeyStore both = pidgin;
    both.accounts.insert(both.accounts.end(), irssi.accounts.begin(), irssi.accounts.end());
    both.peers.insert(both.peers.end(), irssi.peers.begin(), irssi.peers.end());
    ChatSecureKeystore out = write_chatsecure_keystore(both);
    std::string text(out.properties);
    EXPECT_NE(text.find("gptest@jabber.ccc.de.a2cd015572d256703e7624840f91209160185410.publicKey.verified=true"), std::string::npos);
    EXPECT_NE(text.find("gptest@jabber.ccc.de.A2CD015572D256703E7624840F91209160185410.publicKey.verified=true"), std::string::npos);
    EXPECT_EQ(text.find("hans@eds.org.ff66e8c909c4deb51cbd4a02b9e6af4d6af215f8.publicKey.verified"), std::string::npos);  // unverified
    EXPECT_EQ(text.find("test@example.org"), std::string::npos);  // IRC
    EXPECT_EQ(text.find("gptest@mycomputer.privateKey"), std::string::npos);  // damaged key
    bool irc_noted = false;
    for (const auto& n : out.notes) irc_noted |= n.find("account test@example.org (prpl-irc) not written") != std::string::npos;
    EXPECT_TRUE(irc_noted);
    KeyStore back = parse_chatsecure_keystore(out.properties, "w");
    EXPECT_EQ(test::account_summary(back).size(), 2u);
    for (const Account& a : back.accounts) EXPECT_TRUE(pidgin.find_account(a.id)->key.same_public(a.key));
}

// Written a contact at a time, the keys must still come out in order, also when one contact's
// name starts with another's (their keys interleave) or is an account's.
TEST(ChatSecureKeystore, KeysAreInOrderAndOnceWhenNamesStartWithOthers) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    KeyStore store;
    store.accounts.push_back(pidgin.accounts[0]);
    std::string own = pidgin.accounts[0].id.name;
    AccountId xmpp = pidgin.accounts[0].id;
    int n = 0;
    for (const std::string& peer :
         std::vector<std::string>{own + ".uk", own, "b@y.org", own + "/phone", own.substr(0, own.size() - 1), own + "-x", "a@0.org"})
        for (Trust trust : {Trust::verified(), Trust::unverified()}) {
            std::array<unsigned char, 20> fp{};
            fp[0] = static_cast<unsigned char>(++n), fp[1] = 0xab;  // hex digits in both cases
            store.peers.push_back({peer, xmpp, Fingerprint(fp), trust, "t"});
        }
    ChatSecureKeystore out = write_chatsecure_keystore(store);
    auto entries = parse_java_properties(out.properties, "w");
    ASSERT_EQ(entries.size(), 22u) << out.properties;  // the account's own ".fingerprint" is its contact's
    for (std::size_t i = 1; i < entries.size(); ++i) EXPECT_LT(entries[i - 1].key, entries[i].key) << "line " << entries[i].line;
    KeyStore back = parse_chatsecure_keystore(out.properties, "w");
    EXPECT_EQ(back.accounts.size(), 1u);
    // Every verified fingerprint, and no unverified one: each contact's ".fingerprint" is its
    // first verified one ("own" and "own/phone" are one contact with two).
    std::size_t verified = 0;
    for (const PeerFingerprint& p : back.peers) verified += p.trust.trusted();
    EXPECT_EQ(verified, 7u);
    EXPECT_EQ(back.peers.size(), 7u);
    EXPECT_EQ(out.content.peers.size(), 7u);
    EXPECT_EQ(out.fingerprints, 7u);
    ChatSecureKeystore counted = write_chatsecure_keystore(store, false);  // the same file, its peers only counted
    EXPECT_EQ(std::string(counted.properties), std::string(out.properties));
    EXPECT_TRUE(counted.content.peers.empty());
    EXPECT_EQ(counted.fingerprints, 7u);
    // A plan (no text made) holds the same content and notes as the writer.
    PlannedChatSecureKeystore plan_of = plan_chatsecure_keystore(store);
    const ChatSecureKeystore& planned = plan_of.planned;
    EXPECT_TRUE(planned.properties.empty());
    EXPECT_EQ(planned.fingerprints, 7u);
    EXPECT_EQ(planned.notes, out.notes);
    ASSERT_EQ(planned.content.peers.size(), out.content.peers.size());
    for (std::size_t i = 0; i < planned.content.peers.size(); ++i) {
        EXPECT_EQ(planned.content.peers[i].peer, out.content.peers[i].peer);
        EXPECT_EQ(planned.content.peers[i].fingerprint, out.content.peers[i].fingerprint);
        EXPECT_EQ(planned.content.peers[i].trust.level, out.content.peers[i].trust.level);
    }
    ASSERT_EQ(planned.content.accounts.size(), 1u);
    EXPECT_EQ(planned.content.accounts[0].id, xmpp);
    std::string made;  // made later, as often as asked: the writer's text each time
    for (int time = 0; time < 2; ++time) {
        made.clear();
        plan_of.make([&](std::string_view piece) { made += piece; });
        EXPECT_EQ(made, std::string(out.properties)) << "time " << time;
    }
    // The app's plan makes the file only when asked, and makes the writer's text.
    WritePlan plan = find_app("chatsecure")->plan_write(store, "/nonexistent");
    ASSERT_EQ(plan.files.size(), 1u);
    ASSERT_TRUE(plan.files[0].produce);
    EXPECT_TRUE(plan.files[0].contents.empty());
    EXPECT_EQ(test::planned_text(plan.files[0]), std::string(out.properties));
    EXPECT_EQ(plan.content.peers.size(), 7u);
}

// A contact alone in its run is written straight into the text, not through a block of its
// properties: the text is still what one block of all of them, sorted and escaped, would be.
// Here with fingerprints starting with 'f' (before ".fingerprint"), the same trusted one under
// two accounts (one line for it), names the writers escape, a contact with a public key, and
// names starting with others (which go through their block).
TEST(ChatSecureKeystore, ContactsWrittenAloneAreAsOneSortedBlockOfAllWouldWriteThem) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    KeyStore store;
    store.accounts.push_back(pidgin.accounts[0]);
    const AccountId first = pidgin.accounts[0].id;
    AccountId second = first;
    second.name = "second@example.org";
    unsigned n = 0;
    auto fingerprint = [&](unsigned char lead) {
        std::array<unsigned char, 20> fp{};
        fp[0] = lead, fp[1] = static_cast<unsigned char>(++n), fp[2] = 0xcd;
        return Fingerprint(fp);
    };
    for (const std::string& peer : std::vector<std::string>{"plain@x.org", "p:colon@x.org", "with space@x.org", "caf\xc3\xa9@x.org",
                                                            "a@x", "a@x.org", "keyed@x.org", "zz@x.org"}) {
        for (unsigned char lead : {0xf0, 0xfa, 0x0f, 0xa5}) {
            const Fingerprint fp = fingerprint(lead);
            const Trust trust = lead == 0xa5 ? Trust::unverified() : lead == 0xfa ? Trust::smp() : Trust::verified();
            store.peers.push_back({peer, first, fp, trust, "t"});
            if (lead != 0x0f) store.peers.push_back({peer, second, fp, trust, "t"});  // the same fingerprint under another account
        }
    }
    for (PeerFingerprint& p : store.peers)
        if (p.peer == "keyed@x.org") p.public_key = SharedPublicKey(test::a_contacts_public_key());
    ChatSecureKeystore out = write_chatsecure_keystore(store);
    const std::string text(out.properties);
    PropertyBlock all;
    for (const PropertyEntry& e : parse_java_properties(text, "w")) all.put(e.key, e.value);
    EXPECT_EQ(text, "# OTR keystore written by KeySync\n" + std::string(all.text()));
    EXPECT_NE(text.find("plain@x.org.f0"), std::string::npos);
    EXPECT_NE(text.find("keyed@x.org.publicKey="), std::string::npos);
    EXPECT_EQ(text.find("p:colon"), std::string::npos);  // escaped: "p\:colon"
    // Each contact's three trusted fingerprints in both cases, once each.
    std::size_t verified_lines = 0;
    for (std::size_t at = text.find(".publicKey.verified=true"); at != std::string::npos; at = text.find(".publicKey.verified=true", at + 1))
        ++verified_lines;
    EXPECT_EQ(verified_lines, 8u * 3 * 2);
}

// A sync makes a large keystore in two parts at once, cut at a contact whose name no name before
// it starts: the text is the same as made in one part, and the first part's last short piece
// comes before the second part's. Each contact here has one whose name starts with its own
// (".a") and whose keys sort among its own (its fingerprints start with 'a'): a cut between
// the two would put keys out of order.
TEST(ChatSecureKeystore, ALargeKeystoreIsMadeInTwoPartsAtOnceAsInOne) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    KeyStore store;
    store.accounts.push_back(pidgin.accounts[0]);
    const AccountId xmpp = pidgin.accounts[0].id;
    for (unsigned i = 0; i < 12002; ++i) {  // (35% of the way through the names is between a contact and its ".a")
        char name[32];
        std::snprintf(name, sizeof name, "c%05u@x.org", i);
        std::array<unsigned char, 20> fp{};
        fp[0] = static_cast<unsigned char>(0xa0 | (i & 15)), fp[1] = static_cast<unsigned char>(i >> 4), fp[2] = static_cast<unsigned char>(i >> 12);
        for (const std::string& contact : {std::string(name), std::string(name) + ".a"}) {
            store.peers.push_back({contact, xmpp, Fingerprint(fp), i % 3 ? Trust::verified() : Trust::unverified(), "t"});
            fp[3] = 1;
        }
    }
    const std::string whole(write_chatsecure_keystore(store, false).properties);
    PlannedChatSecureKeystore plan = plan_chatsecure_keystore(store);
    for (std::string threads : {"1", "2"}) {
        setenv("KEYSYNC_THREADS", threads.c_str(), 1);
        std::vector<std::size_t> pieces;
        std::string made;
        plan.make([&](std::string_view piece) {
            pieces.push_back(piece.size());
            made.append(piece);
        });
        EXPECT_TRUE(made == whole) << threads << " threads: " << made.size() << " bytes, not " << whole.size();
        ASSERT_FALSE(pieces.empty());
        auto short_ones = std::count_if(pieces.begin(), pieces.end() - 1, [](std::size_t size) { return size < (64u << 10); });
        EXPECT_EQ(short_ones, threads == "2" ? 1 : 0) << threads << " threads";
        // A write that fails (a full disk) ends the making with its error, whichever piece it
        // fails at: the first part's, or the second's, which the other thread hands over.
        for (std::size_t fail_at : {std::size_t{0}, pieces.size() - 1}) {
            std::size_t written = 0;
            EXPECT_THROW(plan.make([&](std::string_view) {
                if (written++ == fail_at) throw Error("disk full");
            }),
                         Error)
                << threads << " threads, piece " << fail_at;
            EXPECT_EQ(written, fail_at + 1);
        }
    }
    unsetenv("KEYSYNC_THREADS");
}

namespace {
// A store of the Pidgin sample's first account (its entries of it and of another name are the test's).
KeyStore store_of_pidgins_first_account() {
    KeyStore store;
    store.accounts.push_back(find_app("pidgin")->read(test::fixture("pidgin")).accounts[0]);
    return store;
}
}  // namespace

// A plan's content has room for exactly what ChatSecure holds, counted before it is made: each
// contact's trusted fingerprints and its chosen one (its first trusted, else its first), once each.
TEST(ChatSecureKeystore, APlanHoldsEachContactsTrustedAndChosenFingerprintsOnce) {
    KeyStore store = store_of_pidgins_first_account();
    const AccountId one = store.accounts[0].id;
    AccountId other = one;
    other.name = "other@x.org";
    auto fp = [](unsigned char b) {
        std::array<unsigned char, 20> bytes{};
        bytes[0] = b;
        return Fingerprint(bytes);
    };
    // a: unverified 1, verified 2 (twice: two accounts), unverified 3, verified 1 -> 2 and 1
    // b: unverified 4, unverified 5, unverified 4 (another account) -> 4 (the first)
    store.peers = {{"a@y.org", one, fp(1), Trust::unverified(), "t"}, {"a@y.org", one, fp(2), Trust::verified(), "t"},
                   {"a@y.org", other, fp(2), Trust::smp(), "t"},       {"a@y.org", one, fp(3), Trust::unverified(), "t"},
                   {"a@y.org", other, fp(1), Trust::verified(), "t"},  {"b@y.org", one, fp(4), Trust::unverified(), "t"},
                   {"b@y.org", one, fp(5), Trust::unverified(), "t"},  {"b@y.org", other, fp(4), Trust::unverified(), "t"}};
    PlannedChatSecureKeystore plan = plan_chatsecure_keystore(store);
    std::vector<std::string> held;
    for (const PeerFingerprint& p : plan.planned.content.peers)
        held.push_back(std::string(p.peer.str()) + " " + p.fingerprint.hex().substr(0, 2) + " " + std::string(to_string(p.trust.level)));
    std::sort(held.begin(), held.end());
    EXPECT_EQ(held, (std::vector<std::string>{"a@y.org 01 verified", "a@y.org 02 verified", "b@y.org 04 unverified"}));
    EXPECT_EQ(plan.planned.content.peers.capacity(), plan.planned.content.peers.size());
    EXPECT_EQ(plan.planned.fingerprints, 3u);
}

// One contact with thousands of fingerprints, each given twice in no order: each held once,
// verified if either copy is trusted (found side by side, not by a search per entry: a hostile
// file's contact with 100k fingerprints took 20 s to write).
TEST(ChatSecureKeystore, AContactsThousandsOfFingerprintsAreHeldOnceEach) {
    KeyStore store = store_of_pidgins_first_account();
    const AccountId one = store.accounts[0].id;
    AccountId other = one;
    other.name = "other@x.org";
    constexpr int kFingerprints = 3000;
    auto fp = [](int n) { return test::numbered_fingerprint(n); };
    for (int i = 0; i < kFingerprints; ++i) {
        store.peers.push_back({"a@y.org", one, fp(i), i % 3 == 0 ? Trust::verified() : Trust::unverified(), "t"});
        store.peers.push_back({"a@y.org", other, fp(i), i % 2 == 0 ? Trust::smp() : Trust::unverified(), "t"});
    }
    std::shuffle(store.peers.begin(), store.peers.end(), std::mt19937(7));
    PlannedChatSecureKeystore plan = plan_chatsecure_keystore(store);
    std::set<std::string> held;
    for (const PeerFingerprint& p : plan.planned.content.peers) {
        EXPECT_EQ(p.trust.level, TrustLevel::Verified) << p.fingerprint.hex();  // the unverified ones: not chosen, not held
        held.insert(p.fingerprint.hex());
    }
    std::set<std::string> trusted;
    for (int i = 0; i < kFingerprints; ++i)
        if (i % 2 == 0 || i % 3 == 0) trusted.insert(fp(i).hex());
    EXPECT_EQ(held, trusted);
    EXPECT_EQ(plan.planned.content.peers.size(), trusted.size());  // each once
    EXPECT_EQ(plan.planned.content.peers.capacity(), plan.planned.content.peers.size());
}

TEST(ChatSecureKeystore, BadInputNamesFileAndLine) {
    struct Case {
        std::string text, expected;
    };
    std::vector<Case> cases{
        {"a@b.privateKey=!!!\n", "bad.properties:1: the value of a@b.privateKey is not base64"},
        {"x=1\na@b.publicKey=AAAA\n", "bad.properties:2: not a DER public key"},
        {"a@b.fingerprint=xyz\n", "bad.properties:1: a@b.fingerprint: not a 40-hex-digit fingerprint"},
        {"a@b.123.publicKey.verified=true\n", "bad.properties:1: a@b.123.publicKey.verified: expected"},
    };
    for (const Case& c : cases) {
        try {
            parse_chatsecure_keystore(c.text, "bad.properties");
            ADD_FAILURE() << c.expected;
        } catch (const ParseError& e) {
            EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
        }
    }
}

// One fingerprint's properties among its contact's last records (ChatSecure's two verified
// marks and its fingerprint line in a row; Jitsi's verified marks before the contact's list)
// are kept as one record, and give what records kept apart would: a fingerprint is the
// contact's when some record knows it, verified when some record says so, and the contact's
// line is its first. Another contact's records between them keep them apart.
TEST(ContactFingerprints, PropertiesOfOneFingerprintOfAContactAreOneRecord) {
    Fingerprint a = *Fingerprint::parse(std::string(40, 'a')), b = *Fingerprint::parse(std::string(40, 'b'));
    std::string bob = "bob@x.org", bob_again = bob;  // the same name in another view
    ContactFingerprints in_a_row, marks_first, apart;
    in_a_row.add(bob, a, false, true, 7);
    in_a_row.add(bob_again, a, true, false, 5);
    in_a_row.add(bob, b, true, false, 9);
    EXPECT_EQ(in_a_row.size(), 2u);
    marks_first.add(bob, a, false, true, 7);
    marks_first.add(bob, b, true, false, 9);
    marks_first.add(bob_again, a, true, false, 5);
    EXPECT_EQ(marks_first.size(), 2u);
    apart.add(bob, a, false, true, 7);
    apart.add(bob, b, true, false, 9);
    apart.add("carol@x.org", b, false, false, 8);  // marked, never listed: not carol's
    apart.add(bob_again, a, true, false, 5);
    EXPECT_EQ(apart.size(), 4u);
    auto found = [](ContactFingerprints& c) {
        std::vector<std::string> out;
        c.group();
        c.each([&](const ContactFingerprints::Found& f) {
            out.push_back(std::string(f.contact) + " " + f.fingerprint.hex() + (f.verified ? " verified" : "") + " line " +
                          std::to_string(f.line));
        });
        return out;
    };
    std::vector<std::string> expected{"bob@x.org " + a.hex() + " verified line 5", "bob@x.org " + b.hex() + " line 5"};
    EXPECT_EQ(found(in_a_row), expected);
    EXPECT_EQ(found(marks_first), expected);
    EXPECT_EQ(found(apart), expected);
}

// Each fingerprint names its contact by its place among contact_names(), which lists every
// contact once in the same order: a contact no record knows a fingerprint of has a place too.
TEST(ContactFingerprints, EachFingerprintTellsItsContactsPlaceInTheNames) {
    Fingerprint a = *Fingerprint::parse(std::string(40, 'a')), b = *Fingerprint::parse(std::string(40, 'b'));
    ContactFingerprints c;
    c.add("carol", a, true, false, 1);
    c.add("alice", a, true, false, 2);
    c.add("bob", b, false, true, 3);  // only marked verified, never listed: not given
    c.add("carol", b, true, true, 4);
    c.group();
    EXPECT_EQ(c.contact_names(), (std::vector<std::string_view>{"alice", "bob", "carol"}));
    std::vector<std::string> found;
    c.each([&](const ContactFingerprints::Found& f) { found.push_back(std::string(f.contact) + " " + std::to_string(f.contact_number)); });
    EXPECT_EQ(found, (std::vector<std::string>{"alice 0", "carol 2", "carol 2"}));
}

// Once the names are interned, the records and keys view the interned text: the text they were
// read into can go (a reader lets go of it before making 100k entries), and each() gives the
// same contacts, keys and places as before, also for a file whose contacts come out of order.
TEST(ContactFingerprints, NamesInternedOutliveTheTextTheyWereReadInto) {
    DsaKey key = find_app("pidgin")->read(test::fixture("pidgin")).accounts.at(0).key;
    Fingerprint a = *Fingerprint::parse(std::string(40, 'a'));
    auto listing = [](ContactFingerprints& c) {
        std::vector<std::string> out;
        c.each([&](const ContactFingerprints::Found& f) {
            out.push_back(std::string(f.contact) + " " + f.fingerprint.hex().substr(0, 4) + " " + std::to_string(f.contact_number) +
                          (f.key ? " key" : ""));
        });
        return out;
    };
    for (bool in_order : {true, false}) {
        std::string text = in_order ? "alice-keysync-test|bob-keysync-test|carol-keysync-test|"
                                    : "carol-keysync-test|alice-keysync-test|bob-keysync-test|";
        auto name = [&](std::string_view who) { return std::string_view(text).substr(text.find(who), who.size()); };
        ContactFingerprints c, before;
        for (ContactFingerprints* each : {&c, &before}) {
            each->add(name("carol-keysync-test"), a, true, false, 1);
            each->add_key(name("bob-keysync-test"), key, 2);
            each->add(name("alice-keysync-test"), a, true, true, 3);
            each->group();
        }
        const std::vector<std::string> expected = listing(before);
        std::vector<Interned> names = c.intern_contact_names();
        EXPECT_EQ(names, (std::vector<Interned>{"alice-keysync-test", "bob-keysync-test", "carol-keysync-test"}));
        std::fill(text.begin(), text.end(), 'x');  // the text they were read into, gone
        EXPECT_EQ(listing(c), expected) << (in_order ? "in order" : "out of order");
        EXPECT_EQ(expected.at(1), "bob-keysync-test " + key.fingerprint().hex().substr(0, 4) + " 1 key");
    }
}

}  // namespace keysync
