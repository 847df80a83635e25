// Inputs that once crashed a parser (found by tests/fuzz): each runs through every parser, which
// must answer with keysync::Error or a result, never a crash.
#include <functional>

#include <gtest/gtest.h>

#include "apps/adium_accounts_plist.hpp"
#include "apps/gajim_config.hpp"
#include "apps/gnupg_packets.hpp"
#include "apps/purple_accounts_xml.hpp"
#include "keysync/error.hpp"
#include "keysync/formats/chatsecure_keystore.hpp"
#include "keysync/formats/java_properties.hpp"
#include "keysync/formats/libotr_fingerprints.hpp"
#include "keysync/formats/libotr_private_keys.hpp"
#include "keysync/formats/ofcaes.hpp"
#include "keysync/formats/potr_key.hpp"
#include "keysync/formats/sexp.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;

TEST(Regressions, EveryParserSurvivesEveryFormerCrash) {
    fs::path dir = fs::path(test::env("KEYSYNC_TEST_DATA")) / "regressions";
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::string text = test::read_text(entry.path());
        std::vector<std::function<void()>> parsers{
            [&] { parse_sexp(text, "r"); },
            [&] { parse_libotr_private_keys(text, "r"); },
            [&] { parse_fingerprint_rows(text, "r"); },
            [&] { parse_java_properties(text, "r"); },
            [&] { parse_chatsecure_keystore(text, "r"); },
            [&] { parse_potr_key(text, "r"); },
            [&] { ofcaes_decrypt(text, SecureString("pw"), "r"); },
            [&] { parse_gnupg_secring(text, "r"); },
            [&] { parse_adium_accounts(text, "r"); },
            [&] { parse_purple_accounts(text, "r"); },
            [&] { parse_gajim_config(text); },
        };
        for (auto& parse : parsers) {
            try {
                parse();
            } catch (const Error&) {
            }
        }
        ++files;
    }
    EXPECT_GE(files, 3);
}

}  // namespace keysync
