#include <gtest/gtest.h>

#include <array>

#include "keysync/error.hpp"
#include "keysync/formats/libotr_fingerprints.hpp"
#include "in_pieces.hpp"
#include "test_support.hpp"

namespace keysync {

TEST(LibotrFingerprints, ReadsLikeLibotr) {
    std::string text =
        "bob@x\talice@y/\tprpl-jabber\t" + std::string(40, 'a') + "\tverified\r\n"
        "carol\tnet\tIRC\t" + std::string(40, 'B') + "\r"                     // no trust column, CR
        "\r\n"                                                                // blank line
        "dave\tnet\tIRC\t" + std::string(40, 'c') + "\t";                     // empty trust, no newline
    auto rows = parse_fingerprint_rows(text, "fp");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].trust, "verified");
    EXPECT_EQ(rows[1].fingerprint.hex(), std::string(40, 'b'));
    EXPECT_EQ(rows[1].trust, "");
    EXPECT_EQ(rows[2].username, "dave");
    EXPECT_EQ(rows[2].line, 4u);
}

TEST(LibotrFingerprints, WritesContextsInLibotrOrderKeepingFingerprintOrder) {
    auto fp = [](char c) { return *Fingerprint::parse(std::string(40, c)); };
    std::vector<FingerprintRow> rows{
        {"zed", "me", "prpl-jabber", fp('1'), "", 0},
        {"amy", "me", "prpl-jabber", fp('2'), "smp", 0},
        {"zed", "me", "prpl-jabber", fp('0'), "verified", 0},
        {"amy", "Me", "prpl-jabber", fp('3'), "", 0},
    };
    EXPECT_EQ(std::string(write_fingerprint_rows(rows)),
              "amy\tMe\tprpl-jabber\t" + std::string(40, '3') + "\t\n"
              "amy\tme\tprpl-jabber\t" + std::string(40, '2') + "\tsmp\n"
              "zed\tme\tprpl-jabber\t" + std::string(40, '1') + "\t\n"
              "zed\tme\tprpl-jabber\t" + std::string(40, '0') + "\tverified\n");
    // In order but the last row: sorted all the same; in order: as they are; Given: as given.
    std::vector<FingerprintRow> last_out{rows[3], rows[1], rows[0], rows[2], {"bob", "me", "prpl-jabber", fp('4'), "", 0}};
    const std::string sorted = std::string(write_fingerprint_rows(last_out));
    EXPECT_EQ(sorted.substr(sorted.find("bob")).substr(0, 4), "bob\t");
    EXPECT_LT(sorted.find("bob"), sorted.find("zed"));
    last_out.pop_back();
    EXPECT_EQ(std::string(write_fingerprint_rows(last_out)), std::string(write_fingerprint_rows(rows)));
    EXPECT_EQ(std::string(write_fingerprint_rows(rows, RowOrder::Given)).substr(0, 4), "zed\t");
}

// A plan's fingerprint file is made a piece at a time when staged: the same bytes, libotr's
// order included, as the whole text.
TEST(LibotrFingerprints, WrittenInPiecesTheTextIsTheSame) {
    std::vector<FingerprintRow> rows;
    for (int i = 0; i < 3000; ++i) {  // 250 KiB: several pieces, rows out of order
        std::array<unsigned char, 20> bytes{};
        bytes[0] = static_cast<unsigned char>(i), bytes[1] = static_cast<unsigned char>(i >> 8);
        rows.push_back({"peer" + std::to_string((i * 7919) % 3000) + "@x.org", "me@y.org", "prpl-jabber", Fingerprint(bytes),
                        i % 3 ? "" : "verified", 0});
    }
    auto view = [&](std::size_t i) {
        return FingerprintRowView{rows[i].username, rows[i].accountname, rows[i].protocol, rows[i].fingerprint, rows[i].trust};
    };
    std::string whole(write_fingerprint_rows(rows.size(), view, RowOrder::Libotr)), pieced;
    std::size_t pieces = 0;
    write_fingerprint_rows(rows.size(), view, RowOrder::Libotr, [&](std::string_view piece) {
        pieced += piece;
        ++pieces;
    });
    EXPECT_EQ(pieced, whole);
    EXPECT_GE(pieces, 3u);
    EXPECT_EQ(whole, std::string(write_fingerprint_rows(rows)));  // the vector form's order
    EXPECT_EQ(whole.substr(0, 10), "peer0@x.or");
}

// Pidgin's 10 MiB file is read a piece at a time: cut anywhere (inside a CRLF too), the pieces
// give the rows and line numbers the whole text gives; a line too long to be a row is refused
// without reading on for its end.
TEST(LibotrFingerprints, ReadInPiecesAsWhole) {
    const std::string a(40, 'a'), b(40, 'B');
    std::string text = "bob@x\tme@x/r\tprpl-jabber\t" + a + "\tverified\r\n\r\ncarol\tme@x/r\tprpl-jabber\t" + b + "\r" +
                       "carol\tme@x/r\tprpl-jabber\t" + a + "\tsmp\n\ndave\tme\tprpl-irc\t" + b + "\t";
    auto listed = [](const std::vector<FingerprintRow>& rows) {
        std::vector<std::string> out;
        for (const FingerprintRow& r : rows)
            out.push_back(r.username + "|" + r.accountname + "|" + r.protocol + "|" + r.fingerprint.hex() + "|" + r.trust + "@" + std::to_string(r.line));
        return out;
    };
    const std::vector<std::string> whole = listed(parse_fingerprint_rows(text, "f"));
    ASSERT_EQ(whole.size(), 4u);
    EXPECT_EQ(whole[3], "dave|me|prpl-irc|" + std::string(40, 'b') + "|@6");
    auto in_pieces = [](const std::string& in, std::size_t piece) {
        std::vector<FingerprintRow> rows;
        FingerprintRowParser parser("f");
        auto take = [&](FingerprintRow&& r) { rows.push_back(std::move(r)); };
        test::feed_in_pieces(in, piece, [&](std::string_view text, bool at_end) {
            std::size_t used = parser.feed(text, at_end, take);
            EXPECT_TRUE(!at_end || used == text.size());
            return used;
        });
        return rows;
    };
    for (std::size_t piece = 1; piece <= text.size(); ++piece) EXPECT_EQ(listed(in_pieces(text, piece)), whole) << piece;
    std::string endless = "bob\t" + std::string(70000, 'x');  // no line end in sight
    try {
        in_pieces(endless, 4096);
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("f:1: line is"), std::string::npos) << e.what();
    }
}

TEST(LibotrFingerprints, FixturesRoundTrip) {
    for (const char* file : {"pidgin/otr.fingerprints", "irssi/otr.fp", "adium/otr.fingerprints"}) {
        auto rows = parse_fingerprint_rows(test::read_text(test::fixture(file)), file);
        auto again = parse_fingerprint_rows(write_fingerprint_rows(rows), file);
        ASSERT_EQ(rows.size(), again.size()) << file;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            bool found = false;
            for (const auto& r : again)
                found |= r.username == rows[i].username && r.accountname == rows[i].accountname &&
                         r.fingerprint == rows[i].fingerprint && r.trust == rows[i].trust;
            EXPECT_TRUE(found) << file << " row " << i;
        }
    }
}

}  // namespace keysync
