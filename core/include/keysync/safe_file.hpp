#pragma once
// The only module that touches the disk (DESIGN.md §5): bounded reads, and all-or-nothing
// writes through temp file + fsync + rename, with a "<name>.<unix-seconds>" backup of every
// file it replaces.
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keysync/app.hpp"
#include "keysync/secure_memory.hpp"

namespace keysync {

constexpr std::size_t kMaxInputFileSize = 64u << 20;  // no OTR file comes near this

// Reads a whole file; throws Error naming it when it cannot be read or exceeds MAX_SIZE.
SecureString read_file(const std::filesystem::path& path, std::size_t max_size = kMaxInputFileSize);
// Like read_file, but nullopt when the file does not exist.
std::optional<SecureString> read_file_if_exists(const std::filesystem::path& path,
                                                std::size_t max_size = kMaxInputFileSize);
// What a reader of a file in pieces collects (COUNT: how many so far) and makes room for
// (RESERVE): after the second piece, room is made for as many as the whole file holds at the
// rate since the first (its header's is not the file's), and again only if that rate rises, so
// 100k records are neither grown by doubling nor moved.
struct RoomInPieces {
    std::function<std::size_t()> count;
    std::function<void(std::size_t)> reserve;
};
// PATH a piece at a time, so a 20 MiB file is never held whole: CONSUME(text, at_end) gets the
// bytes read and not yet consumed, and returns how many of them it consumed; the others come
// again with the bytes after them (AT_END: there are none). False when PATH does not exist;
// errors as read_file's. The buffer is wiped when freed. Pieces of 128 KiB: a sync reads two
// files at once while a third may be scanned by a plan (1 MiB ones were at its peak; 256 KiB
// ones 0.3 MiB of the same sync again's, in the same time).
bool read_file_in_pieces(const std::filesystem::path& path, const std::function<std::size_t(std::string_view, bool)>& consume,
                         const RoomInPieces& room = {}, std::size_t piece = 128 << 10, std::size_t max_size = kMaxInputFileSize);

// Whether PATH holds exactly the bytes fed to it, piece by piece, compared a block at a time
// (checking a 20 MiB file for changes holds no second copy of it).
class FileComparison {
public:
    explicit FileComparison(const std::filesystem::path& path);  // a missing file holds nothing
    ~FileComparison();
    FileComparison(const FileComparison&) = delete;
    FileComparison& operator=(const FileComparison&) = delete;
    void feed(std::string_view piece);
    bool same_so_far() const { return same_; }  // every piece fed so far matched
    bool holds();  // after the last piece: the file has those bytes and no more
    // The file's first SIZE bytes (those fed before it stopped matching), passed to WRITE a
    // block at a time; throws Error naming the file when it changed since it was opened.
    void copy_prefix(std::size_t size, const std::function<void(std::string_view)>& write);

private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool same_ = false;
    long long opened_size_ = 0, opened_mtime_ns_ = 0;  // as it was when opened, to see it rewritten
    SecureString block_;  // may hold key material
};

// True when PATH exists and holds exactly CONTENTS.
bool file_holds(const std::filesystem::path& path, std::string_view contents);
// The same for the bytes PRODUCE makes (made, compared and let go of piece by piece).
bool file_holds(const std::filesystem::path& path, const FileProducer& produce);

struct CommittedFile {
    std::filesystem::path path;
    bool changed = false;                   // false: contents were already identical, untouched
    std::optional<std::filesystem::path> backup;  // the previous file, kept
};

// The system calls the writer makes, replaceable so tests can fail each step in turn.
struct FileSystemOps {
    int (*open)(const char*, int, unsigned) = nullptr;
    long (*write)(int, const void*, unsigned long) = nullptr;
    int (*fsync)(int) = nullptr;
    int (*close)(int) = nullptr;
    int (*rename)(const char*, const char*) = nullptr;
    int (*link)(const char*, const char*) = nullptr;
    int (*unlink)(const char*) = nullptr;
    // Starts writing LENGTH bytes at OFFSET to disk without waiting (a hint; null: none given).
    int (*start_writeback)(int fd, long offset, long length) = nullptr;
    // Syncs what is written so far to disk, called on a thread of its own while more is written
    // (a hint; null: none given).
    int (*flush_written)(int fd) = nullptr;
    static const FileSystemOps& real();
};

struct CommitOptions {
    std::time_t now = 0;  // backup suffix; 0 = current time
    const FileSystemOps* ops = nullptr;  // nullptr = real system calls
};

// The first half of a commit: every file of FILES whose bytes would change is written to a
// synced temp file beside it (missing folders are created 0700); nothing visible changes yet,
// and the contents need not be held any more. commit() makes the backups (hard links to the old
// files) and renames the temps over the targets. Destroyed uncommitted, it removes its temps,
// so a sync can stage every location before any of them changes. Throws Error on failure
// after removing its temp files.
// A produced file (FileWrite::produce) is made here piece by piece, written to its temp file and
// compared with the old one as it goes: unchanged, its temp is dropped.
class StagedFiles {
public:
    explicit StagedFiles(const std::vector<FileWrite>& files, const CommitOptions& options = {});
    std::vector<std::filesystem::path> changed_files() const;  // those commit() will replace
    StagedFiles(StagedFiles&& other) noexcept;
    StagedFiles& operator=(StagedFiles&&) = delete;
    ~StagedFiles();
    std::vector<CommittedFile> commit();  // once

private:
    struct Pending {
        std::filesystem::path target, temp;
    };
    void remove_temps() noexcept;
    const FileSystemOps* ops_;
    std::time_t now_;
    std::vector<CommittedFile> result_;
    std::vector<Pending> pending_;
};

// Writes every file of FILES or none: StagedFiles(files).commit(). Files whose bytes are
// unchanged are left alone.
std::vector<CommittedFile> commit_files(const std::vector<FileWrite>& files, const CommitOptions& options = {});

// Backups of PATH ("<name>.<digits>" beside it), newest first.
std::vector<std::filesystem::path> list_backups(const std::filesystem::path& path);

}  // namespace keysync
