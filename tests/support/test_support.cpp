#include "test_support.hpp"

#include "keysync/formats/ofcaes.hpp"
#include "keysync/registry.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <openssl/evp.h>

namespace keysync::test {
namespace fs = std::filesystem;

namespace {
std::string env_or_fail(const char* name) {
    const char* v = std::getenv(name);
    if (!v) throw std::runtime_error(std::string(name) + " is not set; run the tests through meson test");
    return v;
}
std::string slurp_fd(int fd) {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    return out;
}
}  // namespace

std::string env(const char* name) { return env_or_fail(name); }

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

void libotr_oracle(const std::vector<std::string>& args, const std::string& input) {
    TempDir tmp;
    write_text(tmp / "in", input);
    std::string cmd = "'" + env("KEYSYNC_LIBOTR_ORACLE") + "'";
    for (const auto& a : args) cmd += " '" + a + "'";
    auto r = run_command({"/bin/sh", "-c", cmd + " < '" + (tmp / "in").string() + "'"});
    ASSERT_EQ(r.status, 0) << r.err;
}

std::string potr_oracle(const std::vector<std::string>& args) {
    std::vector<std::string> full{"/usr/bin/python3", env("KEYSYNC_TOOLS_DIR") + "/potr_oracle.py"};
    full.insert(full.end(), args.begin(), args.end());
    auto r = run_command(full);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}

fs::path fixture(const std::string& relative) { return fs::path(env_or_fail("KEYSYNC_FIXTURES")) / relative; }

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string planned_text(const FileWrite& file) {
    if (!file.produce) return std::string(file.contents);
    std::string text;
    file.produce([&](std::string_view piece) { text += piece; });
    return text;
}

void write_text(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
}

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "keysync-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

CommandResult run_command(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    // stdout and stderr go to temp files so a big output cannot deadlock the pipe.
    TempDir tmp;
    fs::path out_path = tmp / "out", err_path = tmp / "err";
    pid_t pid = ::fork();
    if (pid == 0) {
        int in = ::open("/dev/null", O_RDONLY);
        int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(in, 0), ::dup2(out, 1), ::dup2(err, 2);
        for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
        std::vector<char*> argv;
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    CommandResult r;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    int fd = ::open(out_path.c_str(), O_RDONLY);
    r.out = slurp_fd(fd);
    ::close(fd);
    fd = ::open(err_path.c_str(), O_RDONLY);
    r.err = slurp_fd(fd);
    ::close(fd);
    return r;
}

std::vector<std::string> client_env(std::vector<std::string> env) {
    if (const char* preload = std::getenv("KEYSYNC_HOST_PRELOAD"); preload && *preload) {
        env.push_back(std::string("LD_PRELOAD=") + preload);
        env.push_back("ASAN_OPTIONS=detect_leaks=0");
    }
    return env;
}

CommandResult run_keysync(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    std::vector<std::string> full{env_or_fail("KEYSYNC_BIN")};
    full.insert(full.end(), args.begin(), args.end());
    return run_command(full, env);
}

DsaKey a_contacts_public_key() {
    DsaKey key = find_app("pidgin")->read(fixture("pidgin")).accounts[0].key;
    key.x.reset();
    return key;
}

Fingerprint numbered_fingerprint(int n, unsigned char tag) {
    std::array<unsigned char, 20> bytes{};
    bytes[0] = static_cast<unsigned char>(n >> 8), bytes[1] = static_cast<unsigned char>(n), bytes[19] = tag;
    return Fingerprint(bytes);
}

KeyStore numbered_peers(int count, const std::function<AccountId(int)>& account) {
    KeyStore store;
    for (int i = 0; i < count; ++i)
        store.peers.push_back({"peer" + std::to_string(i) + "@y.org", account(i), numbered_fingerprint(i), Trust::verified(), "t"});
    return store;
}

void expect_rows_of_numbered_peers(const std::filesystem::path& path, int count, const std::function<std::string(int)>& account) {
    std::istringstream rows(read_text(path));
    int seen = 0;
    for (std::string line; std::getline(rows, line); ++seen) {
        int i = std::stoi(line.substr(4));
        EXPECT_EQ(line.substr(0, line.find('\t', line.find('\t') + 1)), "peer" + std::to_string(i) + "@y.org\t" + account(i)) << path;
    }
    EXPECT_EQ(seen, count) << path;
}

std::vector<std::string> peer_summary(const KeyStore& store) {
    std::vector<std::string> out;
    for (const PeerFingerprint& p : store.peers)
        out.push_back(p.peer + " " + p.account.name + " " + p.account.protocol + " " + p.fingerprint.hex() + " " +
                      std::string(to_string(p.trust.level)));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> account_summary(const KeyStore& store) {
    std::vector<std::string> out;
    for (const Account& a : store.accounts)
        out.push_back(a.id.name + " " + a.id.protocol + " " + a.key.fingerprint().hex() + (a.key.has_private() ? " private" : ""));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> tree_checksums(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::string data = read_text(entry.path());
        std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
        unsigned int len = 0;
        EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha1(), nullptr);
        std::string hex;
        for (unsigned i = 0; i < len; ++i) {
            char b[3];
            std::snprintf(b, sizeof b, "%02x", md[i]);
            hex += b;
        }
        out.push_back(fs::relative(entry.path(), dir).string() + " " + hex);
    }
    std::sort(out.begin(), out.end());
    return out;
}

CommandResult openssl_decrypt(const fs::path& keystore, const std::string& password) {
    return run_command({"openssl", "enc", "-d", "-aes-256-cbc", "-md", "md5", "-pass", "pass:" + password, "-in", keystore.string()});
}

void expect_keystore_holds(const fs::path& keystore, const std::string& password, const std::vector<std::string>& lines) {
    ASSERT_EQ(password.size(), 44u) << "not a KeySync password: " << password;
    auto plain = openssl_decrypt(keystore, password);
    ASSERT_EQ(plain.status, 0) << plain.err;
    for (const std::string& line : lines) EXPECT_TRUE(contains(plain.out, line)) << plain.out;
}

std::string scan_qr_code(const fs::path& image) {
    auto r = run_command({"zbarimg", "-q", "--raw", image.string()});
    std::string out = r.status == 0 ? r.out : "";
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

void terminal_art_to_pbm(const std::string& art, const fs::path& pbm) {
    std::vector<std::vector<bool>> rows;  // true = dark
    std::size_t pos = 0;
    while (pos < art.size()) {
        std::size_t end = art.find('\n', pos);
        std::string line = art.substr(pos, end - pos);
        pos = end + 1;
        std::vector<bool> top, bottom;
        for (std::size_t i = 0; i < line.size();) {
            if (line[i] == ' ') {
                top.push_back(true), bottom.push_back(true), ++i;
                continue;
            }
            std::string ch = line.substr(i, 3);
            i += 3;
            top.push_back(ch == "\u2584");
            bottom.push_back(ch == "\u2580");
        }
        rows.push_back(top);
        rows.push_back(bottom);
    }
    const int scale = 4;
    std::string out = "P1\n" + std::to_string(rows[0].size() * scale + 8 * scale) + " " + std::to_string(rows.size() * scale + 8 * scale) + "\n";
    auto pixel_row = [&](const std::vector<bool>* row) {
        std::string line;
        for (std::size_t x = 0; x < rows[0].size() + 8; ++x) {
            bool dark = row && x >= 4 && x - 4 < row->size() && (*row)[x - 4];
            for (int k = 0; k < scale; ++k) line += dark ? "1 " : "0 ";
        }
        return line + "\n";
    };
    for (int y = 0; y < static_cast<int>(rows.size()) + 8; ++y) {
        const std::vector<bool>* row = (y >= 4 && y - 4 < static_cast<int>(rows.size())) ? &rows[static_cast<std::size_t>(y - 4)] : nullptr;
        for (int k = 0; k < scale; ++k) out += pixel_row(row);
    }
    write_text(pbm, out);
}


std::string art_from_log(const std::string& log, const std::string& prefix) {
    std::string art;
    std::size_t pos = 0;
    while (pos < log.size()) {
        std::size_t end = log.find('\n', pos);
        if (end == std::string::npos) end = log.size();
        std::string line = log.substr(pos, end - pos);
        pos = end + 1;
        std::size_t at = line.find(prefix);
        if (at == std::string::npos) continue;
        std::string rest = line.substr(at + prefix.size());
        if (rest.find("\u2588") == std::string::npos && rest.find("\u2580") == std::string::npos) continue;
        if (rest.find_first_not_of(" \xe2\x96\x80\x84\x88") != std::string::npos) continue;
        art += rest + "\n";
    }
    return art;
}

SecureString edit_java_properties(std::string_view original, const std::function<bool(std::string_view)>& replace,
                                  const PropertyBlock& block, const std::string& source) {
    PropertiesAroundBlock around = without_properties(original, replace, source);
    SecureString out, lines;
    block.append_to(lines);
    write_with_block(
        around, [&](const std::function<void(std::string_view)>& write) { write(lines); }, [&](std::string_view piece) { out.append(piece); });
    return out;
}

SecureString ofcaes_encrypt(std::string_view text, const SecureString& password) {
    OfcaesEncryption encryption(password);
    SecureString out(encryption.header());
    encryption.update(text, out);
    encryption.finish(out);
    return out;
}

}  // namespace keysync::test
