#include "keysync/ordered_tasks.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

namespace keysync {
namespace {

// Thrown in a task waiting for its turn after an earlier one failed; never reaches the caller.
struct EarlierTaskFailed {};

}  // namespace

unsigned sync_threads() {
    if (const char* set = std::getenv("KEYSYNC_THREADS")) {
        int n = std::atoi(set);
        if (n >= 1) return static_cast<unsigned>(std::min(n, 8));
    }
    // Two, not one a core: each thread holds a whole location's file and entries while it works.
    return std::thread::hardware_concurrency() >= 2 ? 2 : 1;
}

void OrderedTasks::run(const std::function<void(std::size_t)>& task) {
    step_done_.assign(count_, false);
    left_step_.assign(count_, false);
    waiting_.assign(count_, nullptr);
    errors_.assign(count_, nullptr);
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads_ && t < count_; ++t) helpers.emplace_back([&] { work(task); });
    work(task);
    for (std::thread& h : helpers) h.join();
    waiting_.clear();  // steps of tasks after a failed one, never run
    for (std::size_t i = 0; i < count_; ++i)
        if (errors_[i]) std::rethrow_exception(errors_[i]);
}

void OrderedTasks::work(const std::function<void(std::size_t)>& task) {
    for (;;) {
        std::size_t i;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (next_ >= count_ || next_ > first_failed_) return;
            i = next_++;
        }
        std::exception_ptr error;
        try {
            task(i);
        } catch (const EarlierTaskFailed&) {
        } catch (...) {
            error = std::current_exception();
        }
        std::unique_lock<std::mutex> lock(mutex_);
        if (!left_step_[i] || error) end_turn(lock, i, error);
    }
}

void OrderedTasks::end_turn(std::unique_lock<std::mutex>& lock, std::size_t i, std::exception_ptr error) {
    for (;;) {
        if (error) {
            errors_[i] = error;
            first_failed_ = std::min(first_failed_, i);
        }
        step_done_[i] = true;
        while (turn_ < count_ && step_done_[turn_]) ++turn_;
        turn_changed_.notify_all();
        if (turn_ >= count_ || !waiting_[turn_]) return;
        i = turn_;
        std::function<void()> step = std::move(waiting_[i]);
        waiting_[i] = nullptr;
        --steps_waiting_;
        error = nullptr;
        if (first_failed_ < i) continue;  // as in_order: nothing after a failed task takes its turn
        lock.unlock();
        try {
            step();
        } catch (...) {
            error = std::current_exception();
        }
        step = nullptr;  // what it held, let go of before the next step runs
        lock.lock();
    }
}

void OrderedTasks::in_order(std::size_t i, const std::function<void()>& step) {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        turn_changed_.wait(lock, [&] { return turn_ == i || first_failed_ < i; });
        if (first_failed_ < i) throw EarlierTaskFailed{};
    }
    step();  // only this task's turn: the steps before it have all run
    std::unique_lock<std::mutex> lock(mutex_);
    end_turn(lock, i, nullptr);
}

void OrderedTasks::in_order_later(std::size_t i, std::function<void()> step) {
    std::unique_lock<std::mutex> lock(mutex_);
    turn_changed_.wait(lock, [&] { return turn_ == i || first_failed_ < i || steps_waiting_ == 0; });
    if (first_failed_ < i) throw EarlierTaskFailed{};
    left_step_[i] = true;
    if (turn_ != i) {
        waiting_[i] = std::move(step);
        ++steps_waiting_;
        return;
    }
    lock.unlock();
    std::exception_ptr error;
    try {
        step();
    } catch (...) {
        error = std::current_exception();
    }
    step = nullptr;
    lock.lock();
    end_turn(lock, i, error);
}

}  // namespace keysync
