#include <algorithm>
#include <cstring>
#include <thread>

#include <gtest/gtest.h>

#include "keysync/hashed_positions.hpp"
#include "keysync/interned.hpp"

namespace keysync {

TEST(Interned, EqualStringsAreOneObject) {
    std::string built = std::string("bob@") + "example.org";
    Interned a("bob@example.org"), b(built), c("carol@example.org");
    EXPECT_EQ(a.str().data(), b.str().data());
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    EXPECT_EQ(a, "bob@example.org");
    EXPECT_EQ(a, built);
    EXPECT_LT(a, c);
    EXPECT_EQ(a + "/x", "bob@example.org/x");
    EXPECT_TRUE(Interned().empty());
    EXPECT_EQ(Interned(), Interned(""));
}

// The characters are kept in blocks of 64 KiB, a long name in one of its own: names of every
// length, across the blocks' ends, come back whole and NUL-terminated (c_str() goes to C APIs).
TEST(Interned, NamesOfAnyLengthComeBackWholeAndTerminated) {
    std::vector<std::pair<Interned, std::string>> kept;
    for (std::size_t length : {0, 1, 15, 16, 100, 4000, 8191, 8192, 8193, 70000})
        for (int copy = 0; copy < 40; ++copy) {
            std::string text = "len" + std::to_string(length) + "-" + std::to_string(copy) + ":" + std::string(length, 'x');
            kept.emplace_back(Interned(text), text);
        }
    for (std::size_t length : {65534, 65535, 65536})  // a page keeps a size up to 65534 beside the address, a larger one before the text
        for (char last : {'a', 'b'}) {
            std::string text = std::string(length - 1, 'y') + last;
            kept.emplace_back(Interned(text), text);
        }
    for (const auto& [name, text] : kept) {
        EXPECT_EQ(name.str(), text);
        EXPECT_EQ(std::strlen(name.c_str()), text.size());
        EXPECT_EQ(name.c_str(), Interned(text).c_str());
    }
}

// None is not the empty string (XMPP's empty resource is a real one).
TEST(Interned, OptionalNamesTellNoneFromEmpty) {
    OptionalInterned none, empty(""), named("laptop");
    EXPECT_FALSE(none.has_value());
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE((*empty).empty());
    EXPECT_EQ(*named, "laptop");
    EXPECT_FALSE(none == empty);
    EXPECT_TRUE(named == OptionalInterned(Interned("laptop")));
    named.reset();
    EXPECT_TRUE(named == none);
}

// Plugins intern on their main thread while a sync interns on the worker, and a sync reads two
// locations at once; over 20000 names each of the pool's shards grows its table many times and
// fills pages of strings while the other thread reads them.
TEST(Interned, ThreadsInterningTheSameNamesGetTheSameObjects) {
    constexpr int kNames = 20000;
    std::vector<const char*> seen[2];  // where each name's characters are
    auto work = [&](int t) {
        for (int i = 0; i < kNames; ++i) {
            Interned name("peer" + std::to_string(i) + "@x");
            if (name != Interned(name.str())) ADD_FAILURE() << "a name interned twice differs: " << name;
            seen[t].push_back(name.c_str());
        }
    };
    std::thread first(work, 0), second(work, 1);
    first.join();
    second.join();
    EXPECT_EQ(seen[0], seen[1]);
    for (int i = 0; i < kNames; ++i) EXPECT_EQ(std::string(seen[0][static_cast<std::size_t>(i)]), "peer" + std::to_string(i) + "@x");
    std::vector<const char*> distinct = seen[0];
    std::sort(distinct.begin(), distinct.end());
    EXPECT_EQ(std::unique(distinct.begin(), distinct.end()), distinct.end());
}

// A batch gives what one name at a time gives: names known and new, repeated within the batch,
// and empty, while another thread interns the same names (the batch's tables grow as it runs).
TEST(Interned, InternAllGivesWhatOneAtATimeGives) {
    std::vector<std::string> texts;
    for (int i = 0; i < 30000; ++i) texts.push_back("batch" + std::to_string(i % 20000) + "@x");  // 10000 twice
    texts.push_back("");
    Interned known("batch42@x");
    std::vector<const char*> other;
    std::thread interning([&] {
        for (int i = 19999; i >= 0; --i) other.push_back(Interned("batch" + std::to_string(i) + "@x").c_str());
    });
    std::vector<Interned> batch = intern_all(std::vector<std::string_view>(texts.begin(), texts.end()));
    interning.join();
    ASSERT_EQ(batch.size(), texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(batch[i].str(), texts[i]);
        EXPECT_EQ(batch[i].c_str(), Interned(texts[i]).c_str());
    }
    EXPECT_EQ(batch[42], known);
    EXPECT_EQ(batch[20042].c_str(), known.c_str());
    EXPECT_EQ(other[0], batch[19999].c_str());
    EXPECT_TRUE(intern_all({}).empty());
}

// Two batches at once (a sync's two readers): a batch takes a shard's lock once for all its names
// there, and leaves a shard the other holds for later; each name still comes back, as one object.
TEST(Interned, TwoBatchesAtOnceGetTheSameObjects) {
    std::vector<std::string> texts;
    for (int i = 0; i < 50000; ++i) texts.push_back("both" + std::to_string(i) + "@x");
    std::vector<std::string_view> forward(texts.begin(), texts.end()), backward(texts.rbegin(), texts.rend());
    std::vector<Interned> other;
    std::thread interning([&] { other = intern_all(backward); });
    std::vector<Interned> batch = intern_all(forward);
    interning.join();
    ASSERT_EQ(batch.size(), texts.size());
    ASSERT_EQ(other.size(), texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(batch[i].str(), texts[i]);
        EXPECT_EQ(batch[i].c_str(), other[texts.size() - 1 - i].c_str());
    }
}

// Grown by doubling, or with room made first for just as many (a table of 1429 slots, not a
// power of two: probes wrap around its end).
class HashedPositionsTest : public ::testing::TestWithParam<std::size_t> {};

TEST_P(HashedPositionsTest, FindsEveryPositionOfAHashAcrossGrowthAndRemoval) {
    HashedPositions index;
    index.reserve(GetParam());
    for (std::size_t i = 0; i < 1000; ++i) index.insert(i % 100, i);  // 10 positions per hash
    auto positions = [&](std::size_t hash) {
        std::vector<std::size_t> out;
        index.each(hash, [&](std::size_t p) { out.push_back(p); });
        std::sort(out.begin(), out.end());
        return out;
    };
    EXPECT_EQ(positions(7), (std::vector<std::size_t>{7, 107, 207, 307, 407, 507, 607, 707, 807, 907}));
    index.erase(7, 407);
    index.erase(7, 5);  // not stored under 7: nothing happens
    EXPECT_EQ(positions(7), (std::vector<std::size_t>{7, 107, 207, 307, 507, 607, 707, 807, 907}));
    EXPECT_EQ(positions(5).size(), 10u);
    index.insert(7, 407);
    EXPECT_EQ(positions(7).size(), 10u);
    EXPECT_TRUE(positions(100).empty());
    EXPECT_FALSE(index.empty());
    EXPECT_TRUE(HashedPositions().empty());
    for (std::size_t hash = 0; hash < 100; ++hash) EXPECT_EQ(positions(hash).size(), 10u) << hash;
}

INSTANTIATE_TEST_SUITE_P(Room, HashedPositionsTest, ::testing::Values(0u, 1000u));

}  // namespace keysync
