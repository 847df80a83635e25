#pragma once
// Tasks 0..N-1 on a few threads, each started in order, with steps that must still happen in
// task order (a sync reads two locations at once but merges them one after the other). A
// failure ends the run as a loop over the tasks would have: the first failed task's error.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

namespace keysync {

// How many threads a sync uses: two (on two cores or more), or KEYSYNC_THREADS (1: no thread).
unsigned sync_threads();

class OrderedTasks {
public:
    OrderedTasks(std::size_t count, unsigned threads) : count_(count), threads_(threads ? threads : 1) {}
    OrderedTasks(const OrderedTasks&) = delete;
    OrderedTasks& operator=(const OrderedTasks&) = delete;

    // TASK(i) for each i, on up to THREADS threads (the caller's among them). Once a task has
    // thrown, no later task starts; when the started ones have ended, the error of the first
    // task that threw is rethrown.
    void run(const std::function<void(std::size_t)>& task);

    // Inside TASK(i): waits until tasks 0..i-1 have run their step, then runs STEP. Each task
    // calls it at most once, and a task that does not counts as having run it when it ends.
    void in_order(std::size_t i, const std::function<void()>& step);
    // The same without waiting for the turn, so the thread can go on to another task: STEP runs
    // now if it is I's turn, else later, on the thread that ends the turn before it (STEP must
    // own what it uses). One step waits at a time: a second one waits for its turn, as
    // in_order does, so no thread runs far ahead holding what its steps need.
    void in_order_later(std::size_t i, std::function<void()> step);

private:
    void work(const std::function<void(std::size_t)>& task);
    // Ends I's turn (recording ERROR as its), then runs each waiting step whose turn it now is;
    // LOCK holds mutex_ and is let go of while a step runs.
    void end_turn(std::unique_lock<std::mutex>& lock, std::size_t i, std::exception_ptr error);

    std::size_t count_;
    unsigned threads_;
    std::mutex mutex_;
    std::condition_variable turn_changed_;
    std::size_t next_ = 0;                // the next task to start
    std::size_t turn_ = 0;                // the task whose in-order step may run
    std::vector<bool> step_done_;         // by task: its turn is over
    std::vector<bool> left_step_;         // by task: it left a step to run later
    std::vector<std::function<void()>> waiting_;  // by task: the step left, until its turn
    std::size_t steps_waiting_ = 0;
    std::size_t first_failed_ = static_cast<std::size_t>(-1);
    std::vector<std::exception_ptr> errors_;  // by task
};

}  // namespace keysync
