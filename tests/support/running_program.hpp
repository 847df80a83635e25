#pragma once
// A program a test talks to while it runs — a chat client that must stay usable while KeySync
// works in the background: the test types into its stdin and watches a file (its log).
#include <chrono>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace keysync::test {

class RunningProgram {
public:
    // Starts ARGS with ENV added; stdin is a pipe, stdout and stderr are kept in files.
    RunningProgram(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
    ~RunningProgram();  // kills the program if it still runs
    RunningProgram(const RunningProgram&) = delete;
    RunningProgram& operator=(const RunningProgram&) = delete;

    void type(const std::string& text);
    // Closes stdin and waits up to TIMEOUT for the exit status (killed after it: -1).
    int wait(std::chrono::seconds timeout = std::chrono::seconds(60));
    std::string output() const;  // stdout and stderr so far
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    int stdin_ = -1;
    std::filesystem::path output_;
};

// A file on a "hung disk": a FIFO, so whoever opens it for reading waits until answer().
class HungFile {
public:
    explicit HungFile(std::filesystem::path path);
    void answer() const;  // the reader's open returns (and it finds no regular file)

private:
    std::filesystem::path path_;
};

// Runs COMMAND in a real terminal (xterm, white on black, under Xvfb) until LOG contains TEXT,
// then saves a screenshot of it as PNG; the command's exit status is not waited for.
void screenshot_terminal(const std::vector<std::string>& command, const std::filesystem::path& log, const std::string& text,
                         const std::filesystem::path& png);

// Waits until FILE, from byte FROM on, contains one of TEXTS; where it was found (npos: timed out).
std::size_t wait_for_text(const std::filesystem::path& file, std::size_t from, const std::vector<std::string>& texts,
                          std::chrono::seconds timeout = std::chrono::seconds(60));

}  // namespace keysync::test

namespace keysync::test {

// After a chat client answered COMMAND (its log from byte FROM on has the answer): when it was a
// KeySync command that went to the background ("working on it"), waits for its "done" or "failed".
void wait_for_background_command(const std::filesystem::path& log, std::size_t from, const std::string& command);

}  // namespace keysync::test
