#include <gtest/gtest.h>
#include <thread>
#include <mutex>

#include <cerrno>
#include <csignal>
#include <random>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "keysync/error.hpp"
#include "keysync/safe_file.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;

namespace {
FileWrite file(const fs::path& path, const std::string& text, bool secret = true) {
    return FileWrite{path, SecureString(text.begin(), text.end()), secret};
}
std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// A FileSystemOps that fails the Nth call of one step, counting calls across the run.
struct Failing {
    static inline std::string step;
    static inline int fail_at = 0, calls = 0;
    static bool should_fail(const char* name) { return step == name && ++calls == fail_at; }
    static int open(const char* p, int f, unsigned m) {
        if (should_fail("open")) return errno = EACCES, -1;
        return FileSystemOps::real().open(p, f, m);
    }
    static long write(int fd, const void* d, unsigned long n) {
        if (should_fail("write")) return errno = ENOSPC, -1;
        return FileSystemOps::real().write(fd, d, n);
    }
    static int fsync(int fd) {
        if (should_fail("fsync")) return errno = EIO, -1;
        return FileSystemOps::real().fsync(fd);
    }
    static int close(int fd) { return FileSystemOps::real().close(fd); }
    static int rename(const char* a, const char* b) {
        if (should_fail("rename")) return errno = EXDEV, -1;
        return FileSystemOps::real().rename(a, b);
    }
    static int link(const char* a, const char* b) {
        if (should_fail("link")) return errno = EPERM, -1;
        return FileSystemOps::real().link(a, b);
    }
    static int unlink(const char* p) { return FileSystemOps::real().unlink(p); }
    static FileSystemOps ops() { return {open, write, fsync, close, rename, link, unlink}; }
};

// Counts the writes of a run.
struct Counting {
    static inline int writes = 0;
    static long write(int fd, const void* d, unsigned long n) { return ++writes, FileSystemOps::real().write(fd, d, n); }
};
}  // namespace

TEST(SafeFile, NewKeyFilesAre0600AndFoldersAre0700) {
    test::TempDir tmp;
    auto result = commit_files({file(tmp / "new/sub/otr.private_key", "secret"), file(tmp / "new/sub/fp", "x", false)});
    struct stat st {};
    ASSERT_EQ(::stat((tmp / "new/sub/otr.private_key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat((tmp / "new/sub").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    EXPECT_TRUE(result[0].changed);
    EXPECT_FALSE(result[0].backup);
}

TEST(SafeFile, OverwritingKeepsATimestampedBackup) {
    test::TempDir tmp;
    test::write_text(tmp / "k", "old");
    auto result = commit_files({file(tmp / "k", "new")}, {1700000000, nullptr});
    ASSERT_TRUE(result[0].backup);
    EXPECT_EQ(result[0].backup->filename(), "k.1700000000");
    EXPECT_EQ(test::read_text(tmp / "k.1700000000"), "old");
    EXPECT_EQ(test::read_text(tmp / "k"), "new");
    // Same second again: a second backup beside the first, not over it.
    commit_files({file(tmp / "k", "newer")}, {1700000000, nullptr});
    EXPECT_EQ(test::read_text(tmp / "k.1700000000-1"), "new");
    EXPECT_EQ(list_backups(tmp / "k"), (std::vector<fs::path>{tmp / "k.1700000000-1", tmp / "k.1700000000"}));
}

TEST(SafeFile, UnchangedFilesAreNotTouched) {
    test::TempDir tmp;
    test::write_text(tmp / "k", "same");
    auto result = commit_files({file(tmp / "k", "same")});
    EXPECT_FALSE(result[0].changed);
    EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"k"});
}

TEST(SafeFile, FileHoldsComparesEveryByteAndTheSize) {
    test::TempDir tmp;
    std::string big(200000, 'k');  // several compare blocks
    test::write_text(tmp / "k", big);
    EXPECT_TRUE(file_holds(tmp / "k", big));
    std::string last_differs = big;
    last_differs.back() = 'x';
    EXPECT_FALSE(file_holds(tmp / "k", last_differs));
    EXPECT_FALSE(file_holds(tmp / "k", big.substr(1)));
    EXPECT_FALSE(file_holds(tmp / "k", big + "k"));
    EXPECT_FALSE(file_holds(tmp / "missing", ""));
    test::write_text(tmp / "empty", "");
    EXPECT_TRUE(file_holds(tmp / "empty", ""));
    EXPECT_FALSE(file_holds(tmp.path(), ""));  // a folder holds no text
}

// A 20 MiB file read a piece at a time: every byte reaches the reader once and in order, what it
// does not consume comes again with the next bytes (growing past a piece when it consumes
// nothing), the last call says so, and a missing file reads as absent.
TEST(SafeFile, AFileReadInPiecesGivesEveryByteOnceWhateverTheReaderConsumes) {
    test::TempDir tmp;
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "line " + std::to_string(i) + (i % 7 ? "\n" : "\r\n");
    test::write_text(tmp / "f", text);
    for (std::size_t piece : {1u, 7u, 64u, 4096u, 1u << 20}) {
        for (int consuming : {0, 1, 2}) {  // nothing until the end, a byte less than given, all
            std::string seen;
            int at_end_calls = 0;
            ASSERT_TRUE(read_file_in_pieces(
                tmp / "f",
                [&](std::string_view given, bool at_end) {
                    at_end_calls += at_end;
                    std::size_t used = at_end || consuming == 2 ? given.size() : consuming == 1 && !given.empty() ? given.size() - 1 : 0;
                    seen.append(given.substr(0, used));
                    return used;
                },
                {}, piece));
            EXPECT_EQ(seen, text) << piece << " " << consuming;
            EXPECT_EQ(at_end_calls, 1);
        }
    }
    // Room is made once, after the second piece, for about as many lines as the file holds.
    std::string even;  // lines of one length: each piece's rate is the file's
    for (int i = 0; i < 3000; ++i) even += "line " + std::to_string(10000 + i) + "\n";
    test::write_text(tmp / "even", even);
    std::size_t lines = 0;
    std::vector<std::size_t> reserved;
    auto read_lines = [&](const std::string& name) {
        lines = 0;
        reserved.clear();
        return read_file_in_pieces(
            tmp / name,
            [&](std::string_view given, bool at_end) {
                std::size_t end = at_end ? given.size() : given.rfind('\n') + 1;  // whole lines (npos + 1 = none)
                lines += static_cast<std::size_t>(std::count(given.begin(), given.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
                return end;
            },
            {[&] { return lines; }, [&](std::size_t n) { reserved.push_back(n); }}, 4096);
    };
    auto made_once_for_all = [&](std::size_t expected) {
        EXPECT_EQ(lines, expected);
        ASSERT_EQ(reserved.size(), 1u);
        EXPECT_GE(reserved[0], expected);
        EXPECT_LE(reserved[0], expected * 107 / 100);
    };
    ASSERT_TRUE(read_lines("even"));
    made_once_for_all(3000);
    // A header of fewer lines a byte (a keystore's account keys) is not taken for the file's
    // rate: room is made once all the same, for all of them (not for too few, then moved).
    std::string headed = std::string(3000, '#') + "\n" + even;
    test::write_text(tmp / "headed", headed);
    ASSERT_TRUE(read_lines("headed"));
    made_once_for_all(3001);
    // When the rate rises further on (shorter lines), room is made again as it says, so the last
    // room made holds them all (a vector grown by doubling past the estimate would take twice the room).
    std::string denser = even;
    for (int i = 0; i < 6000; ++i) denser += "l" + std::to_string(i % 10) + "\n";
    test::write_text(tmp / "denser", denser);
    ASSERT_TRUE(read_lines("denser"));
    EXPECT_EQ(lines, 9000u);
    ASSERT_GE(reserved.size(), 2u);
    EXPECT_LT(reserved.front(), 9000u);
    EXPECT_GE(reserved.back(), 9000u);
    EXPECT_LE(reserved.back(), 9900u);
    EXPECT_TRUE(std::is_sorted(reserved.begin(), reserved.end()));
    EXPECT_FALSE(read_file_in_pieces(tmp / "missing", [](std::string_view, bool) -> std::size_t { return 0; }));
    EXPECT_THROW(read_file_in_pieces(tmp.path(), [](std::string_view, bool) -> std::size_t { return 0; }), Error);
    EXPECT_THROW(read_file_in_pieces(tmp / "f", [](std::string_view given, bool) { return given.size(); }, {}, 64, 100), Error);
}

TEST(SafeFile, StagedFilesChangeNothingUntilCommittedAndLeaveNoTempWhenDropped) {
    test::TempDir tmp;
    test::write_text(tmp / "k", "old");
    {
        StagedFiles staged({file(tmp / "k", "new"), file(tmp / "sub/n", "fresh")});
        EXPECT_EQ(test::read_text(tmp / "k"), "old");
        EXPECT_EQ(names_in(tmp.path()).size(), 3u);  // k, its temp, and the new folder
    }
    EXPECT_EQ(test::read_text(tmp / "k"), "old");
    EXPECT_EQ(names_in(tmp.path()), (std::vector<std::string>{"k", "sub"}));
    EXPECT_TRUE(names_in(tmp / "sub").empty());
    StagedFiles staged({file(tmp / "k", "new")}, {1700000000, nullptr});
    auto result = staged.commit();
    EXPECT_EQ(test::read_text(tmp / "k"), "new");
    EXPECT_EQ(test::read_text(tmp / "k.1700000000"), "old");
    EXPECT_TRUE(result[0].changed);
}

TEST(SafeFile, AProducedFileIsWrittenPieceByPieceAndAFailingOneChangesNothing) {
    test::TempDir tmp;
    test::write_text(tmp / "k", "old");
    FileWrite produced{tmp / "k", {}, true, [](const std::function<void(std::string_view)>& write) {
                           write("one ");
                           write("");
                           write("two");
                       }};
    auto result = commit_files({produced}, {1700000000, nullptr});
    EXPECT_TRUE(result[0].changed);
    EXPECT_EQ(test::read_text(tmp / "k"), "one two");
    EXPECT_EQ(test::read_text(tmp / "k.1700000000"), "old");
    struct stat st {};
    ASSERT_EQ(::stat((tmp / "k").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    FileWrite failing{tmp / "k", {}, true, [](const std::function<void(std::string_view)>& write) {
                          write("half");
                          throw Error("the producer failed");
                      }};
    EXPECT_THROW(commit_files({file(tmp / "other", "x"), failing}), Error);
    EXPECT_EQ(test::read_text(tmp / "k"), "one two");
    EXPECT_EQ(names_in(tmp.path()), (std::vector<std::string>{"k", "k.1700000000"}));
}

TEST(SafeFile, AProducedFileMadeTheSameAgainIsLeftAlone) {
    test::TempDir tmp;
    std::string old(150000, 'k');  // several compare blocks
    test::write_text(tmp / "k", old);
    auto pieces_of = [](std::string text) {
        return [text](const std::function<void(std::string_view)>& write) {
            for (std::size_t at = 0; at < text.size(); at += 7000) write(std::string_view(text).substr(at, 7000));
        };
    };
    EXPECT_TRUE(file_holds(tmp / "k", FileProducer(pieces_of(old))));
    StagedFiles same({FileWrite{tmp / "k", {}, true, pieces_of(old)}});
    EXPECT_TRUE(same.changed_files().empty());
    EXPECT_FALSE(same.commit()[0].changed);
    EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"k"});  // no temp, no backup
    for (std::string other : {old.substr(1), old + "k", old.substr(0, old.size() - 1) + "x"}) {
        EXPECT_FALSE(file_holds(tmp / "k", FileProducer(pieces_of(other))));
        StagedFiles changed({FileWrite{tmp / "k", {}, true, pieces_of(other)}}, {1700000000, nullptr});
        EXPECT_EQ(changed.changed_files(), std::vector<fs::path>{tmp / "k"});
    }  // dropped uncommitted: the file stays as it was
    EXPECT_EQ(test::read_text(tmp / "k"), old);
    EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"k"});
}

// A produced file is written only from its first piece that differs (the same bytes before it
// copied from the old file): an unchanged one is never written, not even to a temp file.
TEST(SafeFile, AProducedFileIsWrittenOnlyOnceItDiffers) {
    FileSystemOps ops = FileSystemOps::real();
    ops.write = Counting::write;
    test::TempDir tmp;
    std::string old;
    for (int i = 0; i < 30000; ++i) old += std::to_string(i) + "\n";  // several compare blocks
    test::write_text(tmp / "k", old);
    auto pieces_of = [](std::string text) {
        return [text](const std::function<void(std::string_view)>& write) {
            for (std::size_t at = 0; at < text.size(); at += 7000) write(std::string_view(text).substr(at, 7000));
        };
    };
    Counting::writes = 0;
    EXPECT_FALSE(StagedFiles({FileWrite{tmp / "k", {}, true, pieces_of(old)}}, {1700000000, &ops}).commit()[0].changed);
    EXPECT_EQ(Counting::writes, 0);
    for (std::string changed : {old.substr(0, 100000) + "x" + old.substr(100001), old + "more", old.substr(0, 99999), std::string()}) {
        test::write_text(tmp / "k", old);
        EXPECT_TRUE(commit_files({FileWrite{tmp / "k", {}, true, pieces_of(changed)}}, {1700000000, &ops})[0].changed);
        EXPECT_EQ(test::read_text(tmp / "k"), changed);
        fs::remove(tmp / "k.1700000000");
    }
    fs::remove(tmp / "k");  // a new file: all of it written
    EXPECT_TRUE(commit_files({FileWrite{tmp / "k", {}, true, pieces_of(old)}})[0].changed);
    EXPECT_EQ(test::read_text(tmp / "k"), old);
}

// Writing a large produced file to disk is started every 4 MiB as it is made, also for the old
// file's bytes copied before its first difference, and what is written so far is synced on
// another thread, so its fsync waits for the last part only; hints that fail change nothing.
struct Writeback {
    static inline std::vector<std::pair<long, long>> started;
    static inline bool fail = false;
    static int start(int fd, long offset, long length) {
        started.emplace_back(offset, length);
        return fail ? (errno = EIO, -1) : FileSystemOps::real().start_writeback(fd, offset, length);
    }
    static inline std::mutex flushes_lock;
    static inline std::vector<std::pair<std::thread::id, int>> flushes;  // on which thread, with what result
    static int flush(int fd) {
        int rc = FileSystemOps::real().flush_written(fd);
        std::lock_guard<std::mutex> lock(flushes_lock);
        flushes.emplace_back(std::this_thread::get_id(), rc);
        return fail ? (errno = EIO, -1) : rc;
    }
};

TEST(SafeFile, ALargeProducedFileHasItsDiskWritesStartedAsItIsMade) {
    constexpr long kMiB = 1 << 20;
    std::string made;
    for (int i = 0; made.size() < static_cast<std::size_t>(9 * kMiB + kMiB / 2); ++i) made += std::to_string(i) + "\n";
    auto pieces = [&](const std::function<void(std::string_view)>& write) {
        for (std::size_t at = 0; at < made.size(); at += 65536) write(std::string_view(made).substr(at, 65536));
    };
    FileSystemOps ops = FileSystemOps::real();
    ops.start_writeback = Writeback::start;
    ops.flush_written = Writeback::flush;
    for (bool fail : {false, true}) {
        for (std::size_t same_prefix : {std::size_t{0}, std::size_t(5 * kMiB + 7)}) {
            test::TempDir tmp;
            if (same_prefix) test::write_text(tmp / "k", made.substr(0, same_prefix) + "the rest differs");
            Writeback::started.clear();
            Writeback::flushes.clear();
            Writeback::fail = fail;
            EXPECT_TRUE(commit_files({FileWrite{tmp / "k", {}, true, pieces}}, {1700000000, &ops})[0].changed);
            EXPECT_EQ(test::read_text(tmp / "k"), made);
            ASSERT_FALSE(Writeback::flushes.empty());  // at the first 4 MiB at least (one at a time)
            for (const auto& [thread, rc] : Writeback::flushes) {
                EXPECT_NE(thread, std::this_thread::get_id());
                EXPECT_EQ(rc, 0);  // (on the temp file, open)
            }
            ASSERT_EQ(Writeback::started.size(), 2u) << same_prefix;
            EXPECT_EQ(Writeback::started[0].first, 0);
            EXPECT_GE(Writeback::started[0].second, 4 * kMiB);
            EXPECT_EQ(Writeback::started[1].first, Writeback::started[0].second);  // each part once, in order
            EXPECT_GE(Writeback::started[1].second, 4 * kMiB);
        }
    }
    test::TempDir tmp;  // a small one is left to its fsync
    Writeback::started.clear();
    Writeback::flushes.clear();
    Writeback::fail = false;
    commit_files({FileWrite{tmp / "k", {}, true, [](const std::function<void(std::string_view)>& write) { write("small"); }}}, {1700000000, &ops});
    EXPECT_TRUE(Writeback::started.empty());
    EXPECT_TRUE(Writeback::flushes.empty());
}

// The bytes before the first difference are copied from the old file: rewritten in place by
// someone else meanwhile, it is refused (they may not be the bytes compared) and left as it is.
TEST(SafeFile, AFileRewrittenWhileStagedIsRefused) {
    test::TempDir tmp;
    std::string old(100000, 'a');
    test::write_text(tmp / "k", old);
    std::string other(100000, 'b');
    FileWrite produced{tmp / "k", {}, true, [&](const std::function<void(std::string_view)>& write) {
                           write(std::string_view(old).substr(0, 50000));
                           struct timespec later[2] = {{0, UTIME_OMIT}, {2000000000, 0}};
                           test::write_text(tmp / "k", other);  // in place, as libotr rewrites its files
                           ASSERT_EQ(::utimensat(AT_FDCWD, (tmp / "k").c_str(), later, 0), 0);
                           write("changed");
                       }};
    try {
        commit_files({produced});
        FAIL() << "staged a file that changed meanwhile";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("it changed while KeySync was writing it"), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::read_text(tmp / "k"), other);
    EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"k"});
}

TEST(SafeFile, EveryFailingStepLeavesOldFilesIntactAndNoTempFiles) {
    for (std::string step : {"open", "write", "fsync", "link"}) {
        for (int at : {1, 2}) {
            test::TempDir tmp;
            test::write_text(tmp / "a", "old a");
            test::write_text(tmp / "b", "old b");
            Failing::step = step, Failing::fail_at = at, Failing::calls = 0;
            FileSystemOps ops = Failing::ops();
            EXPECT_THROW(commit_files({file(tmp / "a", "new a"), file(tmp / "b", "new b")}, {1700000000, &ops}), Error)
                << step << " #" << at;
            EXPECT_EQ(test::read_text(tmp / "a"), "old a") << step << " #" << at;
            EXPECT_EQ(test::read_text(tmp / "b"), "old b") << step << " #" << at;
            EXPECT_EQ(names_in(tmp.path()), (std::vector<std::string>{"a", "b"})) << step << " #" << at;
        }
    }
}

TEST(SafeFile, AFailedRenameLeavesThatFileIntactAndNoTempFile) {
    test::TempDir tmp;
    test::write_text(tmp / "a", "old a");
    Failing::step = "rename", Failing::fail_at = 1, Failing::calls = 0;
    FileSystemOps ops = Failing::ops();
    EXPECT_THROW(commit_files({file(tmp / "a", "new a")}, {1700000000, &ops}), Error);
    EXPECT_EQ(test::read_text(tmp / "a"), "old a");
    EXPECT_EQ(names_in(tmp.path()), (std::vector<std::string>{"a", "a.1700000000"}));  // the backup stays
}

TEST(SafeFile, ReadRefusesHugeFilesAndNamesThem) {
    test::TempDir tmp;
    test::write_text(tmp / "big", std::string(2000, 'x'));
    try {
        read_file(tmp / "big", 1000);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find((tmp / "big").string()), std::string::npos);
    }
    EXPECT_FALSE(read_file_if_exists(tmp / "missing"));
}

}  // namespace keysync

namespace keysync {

// A writer killed (SIGKILL) at random moments: the file is always the whole old or the whole new
// content, and the temp files it leaves are removed by the next run.
TEST(SafeFile, KilledWritersNeverLeaveAHalfFile) {
    test::TempDir tmp;
    fs::path target = tmp / "otr.private_key";
    std::string old_text(200000, 'o'), new_text(300000, 'n');
    test::write_text(target, old_text);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> delay_us(0, 3000);
    for (int round = 0; round < 40; ++round) {
        pid_t pid = ::fork();
        if (pid == 0) {
            for (;;) {
                commit_files({file(target, round % 2 ? old_text : new_text)});
                commit_files({file(target, round % 2 ? new_text : old_text)});
            }
        }
        ::usleep(static_cast<useconds_t>(delay_us(rng)));
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        std::string now = test::read_text(target);
        ASSERT_TRUE(now == old_text || now == new_text) << "round " << round << ": " << now.size() << " bytes";
        for (const auto& e : fs::directory_iterator(tmp.path())) {
            std::string name = e.path().filename().string();
            bool allowed = name == "otr.private_key" || name.find(".keysync-tmp-") != std::string::npos ||
                           name.rfind("otr.private_key.", 0) == 0;  // backups
            EXPECT_TRUE(allowed) << name;
        }
    }
    // The next run cleans the dead writers' temp files up.
    commit_files({file(target, "final")});
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().filename().string().find(".keysync-tmp-"), std::string::npos) << e.path();
}

}  // namespace keysync
