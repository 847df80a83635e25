// Export to ChatSecure: password, QR code (decoded by zbarimg, Debian zbar-tools), the push to
// a phone through a fake MTP device, and the export API the CLI and plugins share.
#include <gtest/gtest.h>

#include "fake_mtp.hpp"
#include "keysync/base64.hpp"
#include "keysync/chatsecure_export.hpp"
#include "keysync/formats/chatsecure_keystore.hpp"
#include "keysync/formats/ofcaes.hpp"
#include "keysync/merge.hpp"
#include "keysync/qr_code.hpp"
#include "keysync/registry.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;
namespace {

std::string zbarimg(const fs::path& image) { return test::scan_qr_code(image); }

}  // namespace

TEST(ChatSecureExport, PasswordsAre44CharBase64OfFreshRandomBytes) {
    SecureString a = random_password(), b = random_password();
    EXPECT_EQ(a.size(), 44u);
    EXPECT_EQ(a.back(), '=');
    EXPECT_NE(a, b);
    EXPECT_EQ(base64_decode(a)->size(), 32u);
}

TEST(ChatSecureExport, PngAndTerminalArtScanToThePassword) {
    test::TempDir tmp;
    SecureString password = random_password();
    QrCode qr = make_qr_code(password);
    Bytes png = qr_code_png(qr);
    test::write_text(tmp / "qr.png", std::string(png.begin(), png.end()));
    EXPECT_EQ(zbarimg(tmp / "qr.png"), std::string(password));
    test::terminal_art_to_pbm(qr_code_terminal_art(qr), tmp / "art.pbm");
    EXPECT_EQ(zbarimg(tmp / "art.pbm"), std::string(password));
}

TEST(ChatSecureExport, WritesADecryptableKeystoreAndPushesIt) {
    test::TempDir tmp;
    fs::create_directories(tmp / "phone");
    test::FakePhone phone{tmp / "phone"};
    test::FakeDevices devices(&phone);
    std::vector<std::string> progress;
    KeyStore store = find_app("pidgin")->read(test::fixture("pidgin"));
    ChatSecureExport result = export_chatsecure(store, {tmp / "out/otr_keystore.ofcaes", tmp / "out/qr.png", &devices,
                                                        [&](const std::string& l) { progress.push_back(l); }});
    EXPECT_TRUE(result.push.pushed) << result.push.message;
    EXPECT_EQ(test::read_text(tmp / "phone/otr_keystore.ofcaes"), test::read_text(tmp / "out/otr_keystore.ofcaes"));
    EXPECT_GT(phone.progress_calls, 1);
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back(), "copying to Fake Phone (Internal storage): 100%");
    KeyStore back = parse_chatsecure_keystore(ofcaes_decrypt(test::read_text(result.file), result.password, "f"), "f");
    EXPECT_EQ(back.accounts.size(), 2u);  // the two good XMPP keys; the damaged Bonjour key stays home
    EXPECT_EQ(test::account_summary(back), test::account_summary(KeyStore{result.accounts, {}, {}}));
    EXPECT_EQ(result.fingerprints, back.peers.size());
    EXPECT_EQ(zbarimg(tmp / "out/qr.png"), std::string(result.password));
    EXPECT_EQ(fs::status(tmp / "out/qr.png").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

TEST(ChatSecureExport, AFullPhoneGetsNothing) {
    test::TempDir tmp;
    fs::create_directories(tmp / "phone");
    test::FakePhone phone{tmp / "phone", 100};
    test::FakeDevices devices(&phone);
    KeyStore store = find_app("pidgin")->read(test::fixture("pidgin"));
    ChatSecureExport result = export_chatsecure(store, {tmp / "otr_keystore.ofcaes", {}, &devices, nullptr});
    EXPECT_FALSE(result.push.pushed);
    EXPECT_NE(result.push.message.find("is full"), std::string::npos) << result.push.message;
    EXPECT_TRUE(fs::is_empty(tmp / "phone"));
    EXPECT_TRUE(fs::exists(tmp / "otr_keystore.ofcaes"));  // still there to copy by hand
}

TEST(ChatSecureExport, APhoneGoneMidTransferKeepsNoPartialFile) {
    test::TempDir tmp;
    fs::create_directories(tmp / "phone");
    test::FakePhone phone{tmp / "phone", 1 << 20, 1000};
    test::FakeDevices devices(&phone);
    PushResult r = push_to_phone(devices, test::fixture("pidgin/otr.private_key"), nullptr);
    EXPECT_FALSE(r.pushed);
    EXPECT_NE(r.message.find("the device was disconnected; the partial file was removed"), std::string::npos) << r.message;
    EXPECT_TRUE(fs::is_empty(tmp / "phone"));
    phone.remove_fails = true;  // gone for good: the user is told to delete it
    r = push_to_phone(devices, test::fixture("pidgin/otr.private_key"), nullptr);
    EXPECT_NE(r.message.find("could not be removed (no device); delete otr.private_key on the phone"), std::string::npos) << r.message;
}

TEST(ChatSecureExport, NoPhoneSaysWhereToCopyAndRealLibmtpFindsNone) {
    test::TempDir tmp;
    test::FakeDevices none(nullptr);
    PushResult r = push_to_phone(none, test::fixture("pidgin/otr.private_key"), nullptr);
    EXPECT_FALSE(r.pushed);
    EXPECT_NE(r.message.find("copy " + test::fixture("pidgin/otr.private_key").string() + " to the phone's storage root"),
              std::string::npos);
    // No phone can be attached here: libmtp must say so cleanly, not crash.
    EXPECT_EQ(libmtp_devices()->first_device(), nullptr);
}

TEST(ChatSecureExport, NothingToExportIsAnError) {
    test::TempDir tmp;
    KeyStore irc_only = find_app("irssi")->read(test::fixture("irssi"));
    EXPECT_THROW(export_chatsecure(irc_only, {tmp / "x.ofcaes", {}, nullptr, nullptr}), Error);
    EXPECT_FALSE(fs::exists(tmp / "x.ofcaes"));
}

}  // namespace keysync

namespace keysync {

TEST(ChatSecureExport, ReportListsTheFirstNotesAndCountsTheRest) {
    test::TempDir tmp;
    KeyStore store = find_app("pidgin")->read(test::fixture("pidgin"));
    const AccountId xmpp = store.accounts[0].id, irc{"prpl-irc", "me@irc.example.net", std::nullopt};
    const std::size_t n = 2 * StoreChanges::kListed;
    for (std::size_t i = 0; i < n; ++i) {
        std::array<unsigned char, 20> a{}, b{};
        a[0] = b[0] = static_cast<unsigned char>(i), a[1] = b[1] = static_cast<unsigned char>(i >> 8), b[2] = 1;
        std::string peer = "peer" + std::to_string(i) + "@example.net";
        // A second unverified fingerprint ChatSecure cannot keep, and an IRC contact it cannot hold.
        store.peers.push_back({peer, xmpp, Fingerprint(a), Trust::unverified(), "t"});
        store.peers.push_back({peer, xmpp, Fingerprint(b), Trust::unverified(), "t"});
        store.peers.push_back({"nick" + std::to_string(i), irc, Fingerprint(a), Trust::verified(), "t"});
    }
    ChatSecureExport result = export_chatsecure(store, {tmp / "otr_keystore.ofcaes", {}, nullptr, nullptr});
    auto count = [&](const std::string& part) {
        return std::count_if(result.notes.begin(), result.notes.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
    };
    // Every IRC fingerprint noted; the first 50 unverified ones one by one, the rest in one note.
    EXPECT_EQ(static_cast<std::size_t>(count("ChatSecure has only XMPP accounts")), n);
    EXPECT_EQ(count("ChatSecure keeps one unverified fingerprint per contact"), 50);
    auto summary = std::find_if(result.notes.begin(), result.notes.end(),
                                [](const std::string& l) { return l.find("more unverified fingerprints not written, as those above") != std::string::npos; });
    ASSERT_NE(summary, result.notes.end());
    EXPECT_GE(std::stoul(summary->substr(std::string("chatsecure: ").size())), n - 50);  // the samples' own come on top
    std::vector<std::string> lines = describe_export(result);
    auto noted = std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("! ", 0) == 0; });
    EXPECT_EQ(static_cast<std::size_t>(noted), StoreChanges::kListed + 1);
    std::string more = "! " + std::to_string(result.notes.size() - StoreChanges::kListed) + " more notes like these";
    EXPECT_NE(std::find(lines.begin(), lines.end(), more), lines.end());
}

}  // namespace keysync
