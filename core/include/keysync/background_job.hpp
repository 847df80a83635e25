#pragma once
// Slow work (reading and writing key files, an MTP push to a phone) run off a chat client's
// main loop, so the client stays responsive (DESIGN.md §8). The plugins only hook done_fd()
// into their own loop (libpurple input, GLib fd source, WeeChat hook_fd) and call
// JobSlot::on_ready from it; the work never touches the client, the continuation runs on the
// client's main thread.
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace keysync {

// One piece of work on its own thread; done_fd() becomes readable when it has ended.
class BackgroundJob {
public:
    explicit BackgroundJob(std::function<void()> work);
    ~BackgroundJob();  // waits for the work: a key file is never left half-written
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    int done_fd() const { return pipe_[0]; }
    // Waits for the work to end; what it threw (null when it succeeded).
    std::exception_ptr finish();

private:
    int pipe_[2] = {-1, -1};
    std::exception_ptr error_;
    std::thread thread_;
};

// A plugin's one running job and what to do after it. A second command while one runs is
// refused (busy()), so two writers never race on the same files.
class JobSlot {
public:
    using Handle = std::uintptr_t;
    // WATCH hooks an fd into the client's loop, so that readable calls on_ready(); UNWATCH undoes it.
    JobSlot(std::function<Handle(int fd)> watch, std::function<void(Handle)> unwatch);
    ~JobSlot();

    bool busy() const { return job_ != nullptr; }
    // Starts WORK; DONE runs on the main thread when it has ended, with what it threw (or null).
    void start(std::function<void()> work, std::function<void(std::exception_ptr)> done);
    // From the client's fd callback: ends the job and runs its continuation.
    void on_ready();
    // Unloading: waits for the running work, and forgets its continuation.
    void stop();

private:
    std::function<Handle(int)> watch_;
    std::function<void(Handle)> unwatch_;
    std::unique_ptr<BackgroundJob> job_;
    Handle handle_ = 0;
    std::function<void(std::exception_ptr)> done_;
};

}  // namespace keysync

namespace keysync {

// A plugin's /keysync command that goes to the background: WORK runs off the main loop (refused
// while another runs, through JobSlot::start's error); SAY then tells "COMMAND: working on it",
// and later, on the main loop, SHOW prints the result and SAY says "COMMAND done" — or
// SAY_ERROR says "COMMAND failed: why". Nothing thrown later escapes into the client.
using Say = std::function<void(const std::string&)>;
void run_client_command(JobSlot& jobs, const std::string& command, const std::string& client, const Say& say,
                        const Say& say_error, std::function<void()> work, std::function<void()> show);

}  // namespace keysync
