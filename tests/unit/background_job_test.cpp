// The plugins' background work: the client's loop is told through an fd, the continuation runs
// on the caller's thread with what the work threw, one job at a time, and stop() waits.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <poll.h>
#include <stdexcept>
#include <thread>
#include <vector>

#include "keysync/background_job.hpp"
#include "keysync/error.hpp"

namespace keysync::test {
namespace {

// A stand-in for a client's main loop: one watched fd at a time.
struct Loop {
    int watched = -1;
    int watches = 0, unwatches = 0;
    JobSlot slot{[this](int fd) {
                     watched = fd;
                     ++watches;
                     return JobSlot::Handle(42);
                 },
                 [this](JobSlot::Handle h) {
                     EXPECT_EQ(h, 42u);
                     watched = -1;
                     ++unwatches;
                 }};
    // Runs until the slot is idle, like the client's loop would.
    void run() {
        while (slot.busy()) {
            pollfd p{watched, POLLIN, 0};
            ASSERT_EQ(poll(&p, 1, 10000), 1) << "the job never said it was done";
            slot.on_ready();
        }
    }
};

TEST(BackgroundJob, TheContinuationRunsOnTheLoopsThreadAfterTheWork) {
    Loop loop;
    std::thread::id worker, continuation;
    bool ran = false;
    loop.slot.start([&] { worker = std::this_thread::get_id(); },
                    [&](std::exception_ptr error) {
                        continuation = std::this_thread::get_id();
                        ran = !error;
                    });
    EXPECT_TRUE(loop.slot.busy());
    loop.run();
    EXPECT_TRUE(ran);
    EXPECT_NE(worker, std::this_thread::get_id());
    EXPECT_EQ(continuation, std::this_thread::get_id());
    EXPECT_EQ(loop.watches, 1);
    EXPECT_EQ(loop.unwatches, 1);
}

TEST(BackgroundJob, WhatTheWorkThrowsReachesTheContinuation) {
    Loop loop;
    std::string message;
    loop.slot.start([] { throw Error("disk full"); },
                    [&](std::exception_ptr error) {
                        try {
                            if (error) std::rethrow_exception(error);
                        } catch (const Error& e) {
                            message = e.what();
                        }
                    });
    loop.run();
    EXPECT_EQ(message, "disk full");
}

TEST(BackgroundJob, ASecondCommandWhileOneRunsIsRefused) {
    Loop loop;
    std::atomic<bool> release{false};
    loop.slot.start([&] {
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }, [](std::exception_ptr) {});
    EXPECT_THROW(loop.slot.start([] {}, [](std::exception_ptr) {}), Error);
    release = true;
    loop.run();
    EXPECT_FALSE(loop.slot.busy());
}

TEST(BackgroundJob, TheContinuationMayStartTheNextJob) {
    Loop loop;
    int steps = 0;
    loop.slot.start([] {}, [&](std::exception_ptr) {
        ++steps;
        loop.slot.start([] {}, [&](std::exception_ptr) { ++steps; });
    });
    loop.run();
    EXPECT_EQ(steps, 2);
    EXPECT_EQ(loop.watches, 2);
    EXPECT_EQ(loop.unwatches, 2);
}

TEST(BackgroundJob, StopWaitsForTheWorkAndDropsTheContinuation) {
    Loop loop;
    std::atomic<bool> finished{false};
    bool continued = false;
    loop.slot.start([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        finished = true;
    }, [&](std::exception_ptr) { continued = true; });
    loop.slot.stop();
    EXPECT_TRUE(finished);  // the work was not abandoned half way
    EXPECT_FALSE(continued);
    EXPECT_FALSE(loop.slot.busy());
    EXPECT_EQ(loop.unwatches, 1);
}

TEST(BackgroundJob, AClientCommandSaysWorkingThenItsResultThenDone) {
    Loop loop;
    std::vector<std::string> said, errors;
    auto say = [&](const std::string& l) { said.push_back(l); };
    auto say_error = [&](const std::string& l) { errors.push_back(l); };
    run_client_command(loop.slot, "import", "irssi", say, say_error, [] {}, [&] { said.push_back("+ fingerprint"); });
    loop.run();
    EXPECT_EQ(said, (std::vector<std::string>{"import: working on it (irssi stays usable; the result follows)", "+ fingerprint",
                                              "import done"}));
    EXPECT_TRUE(errors.empty());

    said.clear();
    run_client_command(loop.slot, "sync", "irssi", say, say_error, [] { throw Error("x.fp:3: bad trust"); },
                       [&] { said.push_back("never shown"); });
    EXPECT_THROW(run_client_command(loop.slot, "sync", "irssi", say, say_error, [] {}, [] {}), Error);  // busy
    loop.run();
    EXPECT_EQ(said, (std::vector<std::string>{"sync: working on it (irssi stays usable; the result follows)"}));
    EXPECT_EQ(errors, (std::vector<std::string>{"sync failed: x.fp:3: bad trust"}));
}

}  // namespace
}  // namespace keysync::test
