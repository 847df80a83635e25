#include <gtest/gtest.h>

#include "keysync/error.hpp"
#include "keysync/location.hpp"
#include "test_support.hpp"

namespace keysync {

TEST(Location, AppAloneIsItsDefaultFolderUnderHome) {
    test::TempDir home;
    Location l = parse_location("irssi", home.path());
    EXPECT_EQ(l.app->name(), "irssi");
    EXPECT_EQ(l.dir, home / ".irssi");
    // Of several default folders, the one that holds files wins.
    std::filesystem::create_directories(home / ".kde4/share/apps/kopete_otr");
    test::write_text(home / ".kde4/share/apps/kopete_otr/privkeys", "(privkeys)");
    EXPECT_EQ(parse_location("kopete", home.path()).dir, home / ".kde4/share/apps/kopete_otr");
}

TEST(Location, AppWithFolderAndTilde) {
    EXPECT_EQ(parse_location("pidgin:/x/y", "/home/u").dir, "/x/y");
    EXPECT_EQ(parse_location("pidgin:~/p", "/home/u").dir, "/home/u/p");
    EXPECT_EQ(parse_location("pidgin:rel/dir", "/home/u").dir, "rel/dir");
}

TEST(Location, UnknownAppOrEmptyFolderIsAnError) {
    EXPECT_THROW(parse_location("nosuch", "/h"), Error);
    EXPECT_THROW(parse_location("pidgin:", "/h"), Error);
}

}  // namespace keysync
