#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "keysync/store_building_turn.hpp"

namespace keysync {

// Readers on a sync's threads build their stores one at a time: a turn is held by one thread at
// once, and each waiting one gets it when it is let go of.
TEST(StoreBuildingTurn, OneThreadAtATime) {
    std::atomic<int> inside{0}, most{0}, done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int round = 0; round < 20; ++round) {
                StoreBuildingTurn turn;
                int now = ++inside;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                std::this_thread::sleep_for(std::chrono::microseconds(200));
                --inside;
                ++done;
            }
        });
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(done.load(), 80);
    EXPECT_EQ(most.load(), 1);
}

}  // namespace keysync
