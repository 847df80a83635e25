#include "running_program.hpp"

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace keysync::test {
namespace fs = std::filesystem;

RunningProgram::RunningProgram(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    char tmpl[] = "/tmp/keysync-program-XXXXXX";
    int out = mkstemp(tmpl);
    if (out < 0) throw std::runtime_error("mkstemp failed");
    output_ = tmpl;
    int in[2];
    if (pipe(in) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
        dup2(in[0], 0), dup2(out, 1), dup2(out, 2);
        close(in[0]), close(in[1]), close(out);
        for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
        std::vector<char*> argv;
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    close(in[0]), close(out);
    stdin_ = in[1];
}

RunningProgram::~RunningProgram() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (stdin_ >= 0) close(stdin_);
    std::error_code ignored;
    fs::remove(output_, ignored);
}

void RunningProgram::type(const std::string& text) {
    for (std::size_t done = 0; done < text.size();) {
        ssize_t n = write(stdin_, text.data() + done, text.size() - done);
        if (n <= 0) throw std::runtime_error("the program stopped reading its input");
        done += static_cast<std::size_t>(n);
    }
}

int RunningProgram::wait(std::chrono::seconds timeout) {
    if (stdin_ >= 0) close(stdin_), stdin_ = -1;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string RunningProgram::output() const {
    std::ifstream in(output_, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

HungFile::HungFile(fs::path path) : path_(std::move(path)) {
    fs::create_directories(path_.parent_path());
    if (mkfifo(path_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo " + path_.string() + " failed");
}

void HungFile::answer() const {
    int fd = open(path_.c_str(), O_WRONLY);
    if (fd < 0) throw std::runtime_error("cannot open " + path_.string());
    close(fd);
}

void screenshot_terminal(const std::vector<std::string>& command, const fs::path& log, const std::string& text,
                         const fs::path& png) {
    // The words reach xterm as sh's positional parameters, so none needs quoting. xterm draws
    // the block characters itself (forceBoxChars) so that a QR code's rows meet.
    std::string script =
        "log=$1 text=$2 png=$3; shift 3; "
        "xterm -bg black -fg white -xrm 'XTerm*forceBoxChars: true' -fa 'DejaVu Sans Mono' -fs 9 "
        "-geometry 112x50+0+0 -e \"$@\" & "
        "for i in $(seq 600); do grep -qF \"$text\" \"$log\" 2>/dev/null && break; sleep 0.1; done; "
        "sleep 0.5; import -window root \"$png\"; kill $!";
    std::vector<std::string> args{"/usr/bin/xvfb-run", "-a", "-s", "-screen 0 800x760x24", "/bin/sh", "-c", script, "sh",
                                  log.string(), text, png.string()};
    args.insert(args.end(), command.begin(), command.end());
    fs::create_directories(png.parent_path());
    fs::remove(png);
    RunningProgram program(args);
    if (program.wait(std::chrono::seconds(120)) < 0 || !fs::exists(png))
        throw std::runtime_error("no screenshot of the terminal: " + program.output());
}

std::size_t wait_for_text(const fs::path& file, std::size_t from, const std::vector<std::string>& texts,
                          std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        std::string content = s.str();
        if (content.size() > from)
            for (const std::string& t : texts)
                if (std::size_t at = content.find(t, from); at != std::string::npos) return at;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return std::string::npos;
}

}  // namespace keysync::test

namespace keysync::test {

void wait_for_background_command(const fs::path& log, std::size_t from, const std::string& command) {
    std::istringstream words(command);
    std::string slash_keysync, sub;
    words >> slash_keysync >> sub;
    if (slash_keysync != "/keysync" || sub.empty()) return;
    std::size_t started = wait_for_text(log, from, {"keysync: " + sub + ": working on it", "keysync: " + sub + ": in Arbeit"},
                                        std::chrono::seconds(0));
    if (started == std::string::npos) return;  // refused at once: nothing runs
    if (wait_for_text(log, started, {"keysync: " + sub + " done", sub + " failed", "keysync: " + sub + " fertig",
                                     sub + " fehlgeschlagen"}) == std::string::npos)
        throw std::runtime_error("\"" + command + "\" never ended; log " + log.string());
}

}  // namespace keysync::test
