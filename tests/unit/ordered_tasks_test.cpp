// OrderedTasks: tasks run on two threads at once, in-order steps keep task order, and a failure
// ends the run with the first failed task's error, as a loop would have.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "keysync/ordered_tasks.hpp"

namespace keysync::test {
namespace {

TEST(OrderedTasks, RunsTwoTasksAtOnceAndTheirStepsInTaskOrder) {
    std::atomic<int> running{0}, most_at_once{0};
    std::vector<std::size_t> steps;
    OrderedTasks tasks(6, 2);
    tasks.run([&](std::size_t i) {
        int now = ++running;
        for (int seen = most_at_once; now > seen && !most_at_once.compare_exchange_weak(seen, now);) {
        }
        // Later tasks finish their work first: the steps must still come in task order.
        std::this_thread::sleep_for(std::chrono::milliseconds(i % 2 == 0 ? 40 : 5));
        --running;
        tasks.in_order(i, [&] { steps.push_back(i); });
    });
    EXPECT_EQ(most_at_once, 2);
    EXPECT_EQ(steps, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
}

TEST(OrderedTasks, ATaskWithoutAStepDoesNotHoldUpTheOthers) {
    std::vector<std::size_t> steps;
    OrderedTasks tasks(4, 2);
    tasks.run([&](std::size_t i) {
        if (i != 1) tasks.in_order(i, [&] { steps.push_back(i); });
    });
    EXPECT_EQ(steps, (std::vector<std::size_t>{0, 2, 3}));
}

TEST(OrderedTasks, TheFirstFailureIsRethrownAndNoLaterTaskStarts) {
    std::vector<std::atomic<bool>> started(8);  // each written by the thread running its task
    std::vector<std::size_t> steps;
    OrderedTasks tasks(8, 2);
    try {
        tasks.run([&](std::size_t i) {
            started[i] = true;
            if (i == 5) throw std::runtime_error("task 5 failed");
            // Task 2 fails late, after 3 has started: its error is still the one reported.
            if (i == 2) {
                std::this_thread::sleep_for(std::chrono::milliseconds(30));
                throw std::runtime_error("task 2 failed");
            }
            tasks.in_order(i, [&] { steps.push_back(i); });
        });
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "task 2 failed");
    }
    EXPECT_TRUE(started[0] && started[1] && started[2]);
    for (std::size_t i = 5; i < 8; ++i) EXPECT_FALSE(started[i] && i > 5) << i;
    // Nothing after the failed task took its turn.
    EXPECT_EQ(steps, (std::vector<std::size_t>{0, 1}));
}

TEST(OrderedTasks, OneThreadRunsTheTasksAsALoop) {
    std::vector<std::size_t> order;
    std::thread::id caller = std::this_thread::get_id();
    OrderedTasks tasks(3, 1);
    tasks.run([&](std::size_t i) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        order.push_back(i);
        tasks.in_order(i, [] {});
    });
    EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2}));
}

TEST(OrderedTasks, SyncThreadsFollowsKeysyncThreads) {
    setenv("KEYSYNC_THREADS", "1", 1);
    EXPECT_EQ(sync_threads(), 1u);
    setenv("KEYSYNC_THREADS", "3", 1);
    EXPECT_EQ(sync_threads(), 3u);
    unsetenv("KEYSYNC_THREADS");
    EXPECT_EQ(sync_threads(), std::thread::hardware_concurrency() >= 2 ? 2u : 1u);
}

}  // namespace
}  // namespace keysync::test
