#include "keysync/background_job.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

BackgroundJob::BackgroundJob(std::function<void()> work) {
    if (pipe2(pipe_, O_CLOEXEC) != 0) throw Error(fill(tr("cannot start background work: {}"), {std::strerror(errno)}));

    thread_ = std::thread([this, work = std::move(work)] {
        try {
            work();
        } catch (...) {
            error_ = std::current_exception();
        }
        // The byte tells the client's loop; error_ is published before it (write is a barrier
        // for the reader, who joins the thread before looking at error_ anyway).
        char done = 1;
        while (write(pipe_[1], &done, 1) < 0 && errno == EINTR) {
        }
    });
}

std::exception_ptr BackgroundJob::finish() {
    if (thread_.joinable()) thread_.join();
    return error_;
}

BackgroundJob::~BackgroundJob() {
    if (thread_.joinable()) thread_.join();
    for (int fd : pipe_)
        if (fd >= 0) close(fd);
}

JobSlot::JobSlot(std::function<Handle(int)> watch, std::function<void(Handle)> unwatch)
    : watch_(std::move(watch)), unwatch_(std::move(unwatch)) {}

JobSlot::~JobSlot() { stop(); }

void JobSlot::start(std::function<void()> work, std::function<void(std::exception_ptr)> done) {
    if (busy()) throw Error(tr("KeySync is still busy with the previous command; try again when it has finished"));
    job_ = std::make_unique<BackgroundJob>(std::move(work));
    done_ = std::move(done);
    handle_ = watch_(job_->done_fd());
}

void JobSlot::on_ready() {
    if (!busy()) return;
    unwatch_(handle_);
    std::exception_ptr error = job_->finish();
    job_.reset();
    // Moved out first: the continuation may start the next job (a dry run's "apply").
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(error);
}

void JobSlot::stop() {
    if (!busy()) return;
    unwatch_(handle_);
    job_.reset();  // joins
    done_ = nullptr;
}

void run_client_command(JobSlot& jobs, const std::string& command, const std::string& client, const Say& say,
                        const Say& say_error, std::function<void()> work, std::function<void()> show) {
    jobs.start(std::move(work), [command, say, say_error, show = std::move(show)](std::exception_ptr error) {
        try {
            if (error) std::rethrow_exception(error);
            show();
            say(fill(tr("{} done"), {command}));
        } catch (const std::exception& e) {
            say_error(fill(tr("{} failed: {}"), {command, e.what()}));
        } catch (...) {
            say_error(fill(tr("{} failed unexpectedly"), {command}));
        }
    });
    say(fill(tr("{}: working on it ({} stays usable; the result follows)"), {command, client}));
}

}  // namespace keysync
