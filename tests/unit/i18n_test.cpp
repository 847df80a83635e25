// keysync::fill, the placeholders translations use; and untranslated text passes through.
#include <gtest/gtest.h>

#include "keysync/i18n.hpp"

namespace keysync::test {
namespace {

TEST(I18n, FillReplacesPlaceholdersInOrder) {
    EXPECT_EQ(fill("wrote {} ({} key(s))", {"/x/otr.key", "2"}), "wrote /x/otr.key (2 key(s))");
}

TEST(I18n, NumberedPlaceholdersLetATranslationReorder) {
    EXPECT_EQ(fill("der Schlüssel {3} von {2} für {1}", {"alice", "pidgin", "ABCD"}), "der Schlüssel ABCD von pidgin für alice");
    EXPECT_EQ(fill("{2} then {}", {"a", "b", "c"}), "b then c");  // "{}" goes on after the last one used
}

TEST(I18n, MissingArgumentsAndBracesStayAsWritten) {
    EXPECT_EQ(fill("{} and {} and {x}", {"one"}), "one and {} and {x}");
    EXPECT_EQ(fill("{9}", {"a"}), "{9}");
}

TEST(I18n, UntranslatedTextIsTheMessageItself) {
    // The tests run without a catalogue for their (C) locale.
    EXPECT_STREQ(tr("no changes"), "no changes");
    EXPECT_STREQ(trn("{} account:", "{} accounts:", 1), "{} account:");
    EXPECT_STREQ(trn("{} account:", "{} accounts:", 2), "{} accounts:");
}

}  // namespace
}  // namespace keysync::test
