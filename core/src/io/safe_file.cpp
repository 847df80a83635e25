#include "keysync/safe_file.hpp"

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <future>
#include <system_error>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace fs = std::filesystem;
namespace {

int real_open(const char* path, int flags, unsigned mode) { return ::open(path, flags, static_cast<mode_t>(mode)); }
long real_write(int fd, const void* data, unsigned long size) { return ::write(fd, data, size); }
int real_start_writeback(int fd, long offset, long length) { return ::sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE); }

std::string errno_text() { return std::strerror(errno); }

[[noreturn]] void fail(const fs::path& path, const std::string& what) { throw Error(path.string() + ": " + what); }

void write_all(const FileSystemOps& ops, int fd, std::string_view contents, const fs::path& path) {
    std::size_t done = 0;
    while (done < contents.size()) {
        long n = ops.write(fd, contents.data() + done, contents.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(path, fill(tr("cannot write: {}"), {n == 0 ? std::string(tr("no progress (disk full?)")) : errno_text()}));
        done += static_cast<std::size_t>(n);
    }
}

// Starts the disk writes of a file being made as each 4 MiB of it is written, and syncs what is
// written so far on a thread of its own (one sync at a time), so they run while the rest is made
// and its fsync waits for the last part only. Starting the writes was not enough: this VM's disk
// takes its time at the sync, about 0.8 ms a MiB however long ago the bytes were written (a 15 MiB
// ChatSecure keystore's fsync, at the very end of a sync: 12 ms, 3 ms so). Only hints: their
// results are not looked at, the fsync tells of any failure.
class EarlyWriteback {
public:
    static constexpr long kStep = 4 << 20;
    EarlyWriteback(const FileSystemOps& ops, int fd) : ops_(ops), fd_(fd) {}
    EarlyWriteback(const EarlyWriteback&) = delete;
    EarlyWriteback& operator=(const EarlyWriteback&) = delete;
    ~EarlyWriteback() {  // (its file is closed after)
        if (syncing_.valid()) syncing_.wait();
    }
    void wrote(std::size_t bytes) {
        written_ += static_cast<long>(bytes);
        if (written_ - started_ < kStep) return;
        if (ops_.start_writeback) ops_.start_writeback(fd_, started_, written_ - started_);
        started_ = written_;
        if (!ops_.flush_written || (syncing_.valid() && syncing_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)) return;
        try {
            syncing_ = std::async(std::launch::async, ops_.flush_written, fd_);
        } catch (const std::system_error&) {  // no thread to be had: left to the fsync
        }
    }

private:
    const FileSystemOps& ops_;
    int fd_;
    long written_ = 0, started_ = 0;
    std::future<int> syncing_;
};

void fsync_dir(const FileSystemOps& ops, const fs::path& dir) {
    int fd = ops.open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) fail(dir, fill(tr("cannot open folder to sync it: {}"), {errno_text()}));
    int rc = ops.fsync(fd);
    int saved = errno;
    ops.close(fd);
    errno = saved;
    if (rc != 0) fail(dir, fill(tr("cannot sync folder: {}"), {errno_text()}));
}

void make_dirs(const fs::path& dir) {
    if (dir.empty() || fs::exists(dir)) return;
    make_dirs(dir.parent_path());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) fail(dir, fill(tr("cannot create folder: {}"), {errno_text()}));
}

// A temp file beside TARGET: O_EXCL with a random-looking suffix so nothing else is clobbered.
fs::path create_temp(const FileSystemOps& ops, const FileWrite& w, int& fd) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path temp = w.path;
        temp += ".keysync-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(attempt);
        fd = ops.open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, w.secret ? 0600 : 0644);
        if (fd >= 0) return temp;
        if (errno != EEXIST) fail(w.path, fill(tr("cannot create temporary file {}: {}"), {temp.filename().string(), errno_text()}));
    }
    fail(w.path, tr("cannot create a temporary file beside it"));
}

// Temp files a killed KeySync left beside TARGET (their writer's pid is gone): removed, since
// they never became the file and may hold key material.
void remove_stale_temps(const fs::path& target) {
    std::string prefix = target.filename().string() + ".keysync-tmp-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(target.parent_path().empty() ? fs::path(".") : target.parent_path(), ec)) {
        std::string name = entry.path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        long pid = std::atol(name.c_str() + prefix.size());
        if (pid > 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove(entry.path(), ec);
    }
}

long long mtime_ns(const struct stat& st) { return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec; }

fs::path backup_name(const fs::path& target, std::time_t now, int attempt) {
    fs::path backup = target;
    backup += "." + std::to_string(static_cast<long long>(now));
    if (attempt) backup += "-" + std::to_string(attempt);
    return backup;
}

}  // namespace

const FileSystemOps& FileSystemOps::real() {
    static const FileSystemOps ops{real_open, real_write, ::fsync, ::close, ::rename, ::link, ::unlink, real_start_writeback, ::fdatasync};
    return ops;
}

SecureString read_file(const fs::path& path, std::size_t max_size) {
    auto contents = read_file_if_exists(path, max_size);
    if (!contents) fail(path, tr("file not found"));
    return std::move(*contents);
}

namespace {

// PATH opened to be read whole: -1 when it does not exist; throws Error naming it when it cannot
// be opened, is no regular file or is larger than MAX_SIZE. SIZE is its size now.
int open_input(const fs::path& path, std::size_t max_size, std::size_t& size) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return -1;
        fail(path, fill(tr("cannot open: {}"), {errno_text()}));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        fail(path, tr("not a regular file"));
    }
    if (static_cast<std::size_t>(st.st_size) > max_size) {
        ::close(fd);
        fail(path, fill(tr("file is {} bytes, more than the {} an OTR file can plausibly be"),
                        {std::to_string(st.st_size), std::to_string(max_size)}));
    }
    size = static_cast<std::size_t>(st.st_size);
    return fd;
}

// Reads into BUFFER[0, COUNT) (fewer at the end of the file); throws Error naming PATH (FD left open).
std::size_t read_some(int fd, char* buffer, std::size_t count, const fs::path& path) {
    for (;;) {
        ssize_t n = ::read(fd, buffer, count);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        fail(path, fill(tr("cannot read: {}"), {errno_text()}));
    }
}

}  // namespace

std::optional<SecureString> read_file_if_exists(const fs::path& path, std::size_t max_size) {
    std::size_t size = 0;
    int fd = open_input(path, max_size, size);
    if (fd < 0) return std::nullopt;
    SecureString out;
    out.resize(size);
    std::size_t done = 0;
    try {
        while (done < out.size()) {
            std::size_t n = read_some(fd, out.data() + done, out.size() - done, path);
            if (n == 0) break;
            done += n;
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    out.resize(done);
    return out;
}

namespace {

// Makes room, as a file of SIZE bytes is consumed piece by piece, for about as many as it
// holds (5% more): those so far, and the bytes left at the rate of those consumed since the
// first piece; made after the second piece, and again whenever that rate says it falls short.
// Not at the first piece's rate: a file begins with its header and its accounts' keys, and a
// ChatSecure keystore's 100k records got room for 5% too few at it, then were moved (a Jitsi
// file's 100k, at 0.3% too few, grew by doubling to 6 MiB instead of 3).
class RoomMaker {
public:
    RoomMaker(const RoomInPieces& room, std::size_t size) : room_(room), size_(size) {}
    void after_piece(std::size_t consumed) {  // CONSUMED: all the bytes consumed so far
        const std::size_t count = room_.count();
        if (pieces_++ == 0) {
            first_count_ = count, first_consumed_ = consumed;
            return;
        }
        if (consumed <= first_consumed_ || consumed >= size_ || count < first_count_) return;
        const double rate = static_cast<double>(count - first_count_) / static_cast<double>(consumed - first_consumed_);
        const double holds = static_cast<double>(count) + static_cast<double>(size_ - consumed) * rate;
        if (made_ && holds <= static_cast<double>(made_)) return;
        made_ = static_cast<std::size_t>(holds * 1.05);
        room_.reserve(made_);
    }

private:
    const RoomInPieces& room_;
    const std::size_t size_;
    std::size_t pieces_ = 0, first_count_ = 0, first_consumed_ = 0, made_ = 0;
};

}  // namespace

bool read_file_in_pieces(const fs::path& path, const std::function<std::size_t(std::string_view, bool)>& consume,
                         const RoomInPieces& room, std::size_t piece, std::size_t max_size) {
    std::size_t size = 0;
    int fd = open_input(path, max_size, size);
    if (fd < 0) return false;
    // (No more than the file holds: a small file's read need not clear a whole piece.)
    SecureString buffer(std::max<std::size_t>(std::min(piece, size + 1), 1), '\0');
    std::size_t held = 0, total = 0, consumed = 0;  // bytes not yet consumed; read; consumed
    RoomMaker room_maker(room, size);
    try {
        for (;;) {
            if (held == buffer.size()) buffer.resize(buffer.size() * 2);  // a line longer than a piece
            std::size_t n = read_some(fd, buffer.data() + held, buffer.size() - held, path);
            total += n;
            if (total > max_size)
                fail(path, fill(tr("file is {} bytes, more than the {} an OTR file can plausibly be"),
                                {std::to_string(total), std::to_string(max_size)}));
            held += n;
            std::size_t used = std::min(consume(std::string_view(buffer.data(), held), n == 0), held);
            if (n == 0) break;
            consumed += used;
            if (room.reserve && used) room_maker.after_piece(consumed);
            std::memmove(buffer.data(), buffer.data() + used, held - used);
            held -= used;
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    return true;
}

FileComparison::FileComparison(const fs::path& path) : path_(path), block_(1 << 16, '\0') {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    same_ = fd_ >= 0 && ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
    if (same_) opened_size_ = st.st_size, opened_mtime_ns_ = mtime_ns(st);
}

FileComparison::~FileComparison() {
    if (fd_ >= 0) ::close(fd_);
}

void FileComparison::feed(std::string_view piece) {
    while (same_ && !piece.empty()) {
        ssize_t n = ::read(fd_, block_.data(), std::min(block_.size(), piece.size()));
        if (n < 0 && errno == EINTR) continue;
        same_ = n > 0 && piece.compare(0, static_cast<std::size_t>(n), block_.data(), static_cast<std::size_t>(n)) == 0;
        piece.remove_prefix(static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    }
}

void FileComparison::copy_prefix(std::size_t size, const std::function<void(std::string_view)>& write) {
    if (size == 0) return;
    // Read through the descriptor compared from: a file renamed over it meanwhile is not read.
    for (std::size_t done = 0; done < size;) {
        ssize_t n = ::pread(fd_, block_.data(), std::min(block_.size(), size - done), static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(path_, fill(tr("cannot read: {}"), {n == 0 ? std::string(tr("it changed while KeySync was writing it")) : errno_text()}));
        write(std::string_view(block_.data(), static_cast<std::size_t>(n)));
        done += static_cast<std::size_t>(n);
    }
    struct stat now {};  // rewritten in place since it was compared: the copied bytes may not be those compared
    if (::fstat(fd_, &now) != 0 || now.st_size != opened_size_ || mtime_ns(now) != opened_mtime_ns_)
        fail(path_, fill(tr("cannot read: {}"), {std::string(tr("it changed while KeySync was writing it"))}));
}

bool FileComparison::holds() {
    char extra;
    if (same_) same_ = ::read(fd_, &extra, 1) == 0;  // and no more bytes than that
    return same_;
}

bool file_holds(const fs::path& path, std::string_view contents) {
    FileComparison comparison(path);
    comparison.feed(contents);
    return comparison.holds();
}

bool file_holds(const fs::path& path, const FileProducer& produce) {
    FileComparison comparison(path);
    produce([&](std::string_view piece) { comparison.feed(piece); });
    return comparison.holds();
}

StagedFiles::StagedFiles(const std::vector<FileWrite>& files, const CommitOptions& options)
    : ops_(options.ops ? options.ops : &FileSystemOps::real()), now_(options.now ? options.now : std::time(nullptr)) {
    const FileSystemOps& ops = *ops_;
    try {
        for (const FileWrite& w : files) {
            CommittedFile committed{w.path, false, std::nullopt};
            if (!w.produce && file_holds(w.path, w.contents)) {
                result_.push_back(committed);
                continue;
            }
            int fd = -1;
            auto begin_temp = [&] {  // beside the target: its folder made, a killed run's temps removed
                make_dirs(w.path.parent_path());
                remove_stale_temps(w.path);
                pending_.push_back({w.path, create_temp(ops, w, fd)});
            };
            bool unchanged = false;
            try {
                if (w.produce) {
                    // Made and compared piece by piece; the temp file is begun only at the first
                    // piece that differs, with the old file's bytes before it (the same bytes),
                    // so an unchanged file of 20 MiB is never written again.
                    FileComparison old(w.path);
                    std::size_t matched = 0;
                    std::optional<EarlyWriteback> writeback;
                    auto write = [&](std::string_view block) {
                        write_all(ops, fd, block, w.path);
                        writeback->wrote(block.size());
                    };
                    auto start_writing = [&] {
                        begin_temp();
                        writeback.emplace(ops, fd);
                        old.copy_prefix(matched, write);
                    };
                    w.produce([&](std::string_view piece) {
                        if (fd < 0) {
                            old.feed(piece);
                            if (old.same_so_far()) {
                                matched += piece.size();
                                return;
                            }
                            start_writing();
                        }
                        write(piece);
                    });
                    unchanged = fd < 0 && old.holds();
                    if (!unchanged && fd < 0) start_writing();  // the old file is longer, or absent and this empty
                } else {
                    begin_temp();
                    write_all(ops, fd, w.contents, w.path);
                }
                if (!unchanged && ops.fsync(fd) != 0) fail(w.path, fill(tr("cannot sync temporary file: {}"), {errno_text()}));
            } catch (...) {
                if (fd >= 0) ops.close(fd);
                throw;
            }
            if (fd >= 0 && ops.close(fd) != 0) fail(w.path, fill(tr("cannot close temporary file: {}"), {errno_text()}));
            committed.changed = !unchanged;
            result_.push_back(committed);
        }
    } catch (...) {
        remove_temps();
        throw;
    }
}

StagedFiles::StagedFiles(StagedFiles&& other) noexcept
    : ops_(other.ops_), now_(other.now_), result_(std::move(other.result_)), pending_(std::move(other.pending_)) {
    other.pending_.clear();
}

StagedFiles::~StagedFiles() { remove_temps(); }

std::vector<fs::path> StagedFiles::changed_files() const {
    std::vector<fs::path> out;
    for (const CommittedFile& c : result_)
        if (c.changed) out.push_back(c.path);
    return out;
}

void StagedFiles::remove_temps() noexcept {
    for (const Pending& p : pending_) ops_->unlink(p.temp.c_str());
    pending_.clear();
}

std::vector<CommittedFile> StagedFiles::commit() {
    const FileSystemOps& ops = *ops_;
    // Keep the old files: a hard link keeps the old bytes after the rename replaces the name.
    try {
        for (CommittedFile& c : result_) {
            if (!c.changed || !fs::exists(c.path)) continue;
            for (int attempt = 0;; ++attempt) {
                fs::path backup = backup_name(c.path, now_, attempt);
                if (ops.link(c.path.c_str(), backup.c_str()) == 0) {
                    c.backup = backup;
                    break;
                }
                if (errno != EEXIST || attempt > 1000)
                    fail(c.path, fill(tr("cannot make backup {}: {}"), {backup.string(), errno_text()}));
            }
        }
    } catch (...) {
        remove_temps();
        for (const CommittedFile& c : result_)
            if (c.backup) ops.unlink(c.backup->c_str());
        throw;
    }
    // Renames are the commit point; the targets' folders are synced after.
    std::vector<Pending> pending = std::move(pending_);
    pending_.clear();
    for (std::size_t i = 0; i < pending.size(); ++i) {
        const Pending& p = pending[i];
        if (ops.rename(p.temp.c_str(), p.target.c_str()) != 0) {
            std::string why = errno_text();
            for (std::size_t j = i; j < pending.size(); ++j) ops.unlink(pending[j].temp.c_str());
            fail(p.target, i ? fill(tr("cannot replace file: {} (files written before it in this run were replaced; their "
                                       "backups are kept)"),
                                    {why})
                             : fill(tr("cannot replace file: {}"), {why}));
        }
    }
    std::vector<fs::path> dirs;
    for (const Pending& p : pending) dirs.push_back(p.target.parent_path());
    std::sort(dirs.begin(), dirs.end());
    dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
    for (const fs::path& d : dirs) fsync_dir(ops, d.empty() ? fs::path(".") : d);
    return std::move(result_);
}

std::vector<CommittedFile> commit_files(const std::vector<FileWrite>& files, const CommitOptions& options) {
    return StagedFiles(files, options).commit();
}

std::vector<fs::path> list_backups(const fs::path& path) {
    std::vector<std::pair<std::string, fs::path>> found;
    std::string prefix = path.filename().string() + ".";
    std::error_code ec;
    fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        std::string suffix = name.substr(prefix.size());
        std::size_t digits = 0;
        while (digits < suffix.size() && std::isdigit(static_cast<unsigned char>(suffix[digits]))) ++digits;
        if (!digits) continue;
        if (digits < suffix.size()) {
            if (suffix[digits] != '-' || digits + 1 == suffix.size() ||
                !std::all_of(suffix.begin() + static_cast<long>(digits) + 1, suffix.end(), ::isdigit))
                continue;
        }
        // Sort key: seconds zero-padded, then the attempt counter.
        std::string seconds = suffix.substr(0, digits);
        std::string attempt = digits < suffix.size() ? suffix.substr(digits + 1) : "0";
        found.emplace_back(std::string(20 - std::min<std::size_t>(20, seconds.size()), '0') + seconds + "." +
                               std::string(10 - std::min<std::size_t>(10, attempt.size()), '0') + attempt,
                           entry.path());
    }
    std::sort(found.rbegin(), found.rend());
    std::vector<fs::path> out;
    for (auto& f : found) out.push_back(f.second);
    return out;
}

}  // namespace keysync
