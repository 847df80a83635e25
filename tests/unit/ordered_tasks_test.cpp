// OrderedTasks: tasks run on two threads at once, in-order steps keep task order, and a failure
// ends the run with the first failed task's error, as a loop would have.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
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

// A sync's reading thread leaves its merge to the thread before it and reads on; the steps still
// run in task order, and only one waits at a time.
TEST(OrderedTasks, AStepLeftForLaterRunsInOrderOnTheThreadBeforeIt) {
    std::mutex m;
    std::vector<std::string> events;
    auto note = [&](std::string e) {
        std::lock_guard<std::mutex> lock(m);
        events.push_back(std::move(e));
    };
    std::vector<std::thread::id> task_thread(3), step_thread(3);
    OrderedTasks tasks(3, 2);
    tasks.run([&](std::size_t i) {
        task_thread[i] = std::this_thread::get_id();
        note("start " + std::to_string(i));
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(80));
        tasks.in_order_later(i, [&, i] {
            step_thread[i] = std::this_thread::get_id();
            note("step " + std::to_string(i));
        });
        note("left " + std::to_string(i));
    });
    auto at = [&](const std::string& e) { return std::find(events.begin(), events.end(), e) - events.begin(); };
    // Task 1's step waited for task 0's; its thread went on to task 2 meanwhile.
    EXPECT_LT(at("left 1"), at("step 0"));
    EXPECT_LT(at("start 2"), at("step 0"));
    EXPECT_EQ(task_thread[2], task_thread[1]);
    EXPECT_EQ(step_thread[1], task_thread[0]);
    // Task 2's step could not wait beside task 1's: it was left only once task 1's was taken up.
    EXPECT_LT(at("step 0"), at("left 2"));
    EXPECT_LT(at("step 0"), at("step 1"));
    EXPECT_LT(at("step 1"), at("step 2"));
    EXPECT_EQ(events.size(), 9u);
}

TEST(OrderedTasks, AFailedStepLeftForLaterEndsTheRunWithItsError) {
    std::vector<std::size_t> steps;
    std::mutex m;
    OrderedTasks tasks(5, 2);
    try {
        tasks.run([&](std::size_t i) {
            if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(40));
            tasks.in_order_later(i, [&, i] {
                if (i == 1) throw std::runtime_error("step 1 failed");
                std::lock_guard<std::mutex> lock(m);
                steps.push_back(i);
            });
        });
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "step 1 failed");
    }
    EXPECT_EQ(steps, (std::vector<std::size_t>{0}));  // nothing after the failed step took its turn
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
