#include <gtest/gtest.h>

#include "keysync/account_renames.hpp"

namespace keysync {

TEST(AccountRenames, RenamesAccountsAndTheirPeersAndBack) {
    AccountId pidgin_name{"prpl-irc", "alice@irc.libera.chat", std::nullopt}, weechat_name{"prpl-irc", "alice@libera", std::nullopt};
    KeyStore store;
    store.accounts.push_back({pidgin_name, {}, "s"});
    store.peers.push_back({"bob", pidgin_name, {}, Trust::verified(), "s"});
    store.peers.push_back({"carol@libera", pidgin_name, {}, {}, "s"});
    store.peers.push_back({"dave", {"prpl-irc", "other@x", std::nullopt}, {}, {}, "s"});
    AccountRename rename{pidgin_name, weechat_name, "@libera"};
    auto report = apply_account_renames(store, {rename});
    ASSERT_EQ(report.size(), 1u);
    EXPECT_EQ(report[0], "account alice@irc.libera.chat (prpl-irc) is alice@libera (prpl-irc) here");
    EXPECT_EQ(store.accounts[0].id.name, "alice@libera");
    EXPECT_EQ(store.peers[0].peer, "bob@libera");
    EXPECT_EQ(store.peers[1].peer, "carol@libera");
    EXPECT_EQ(store.peers[2].peer, "dave");  // another account: untouched
    apply_account_renames(store, {rename.reversed()});
    EXPECT_EQ(store.accounts[0].id.name, "alice@irc.libera.chat");
    EXPECT_EQ(store.peers[0].peer, "bob");
    EXPECT_EQ(store.peers[1].peer, "carol");
    EXPECT_TRUE(apply_account_renames(store, {{weechat_name, pidgin_name}}).empty());  // nothing named so
}

}  // namespace keysync
