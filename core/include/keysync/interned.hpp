#pragma once
// Interned: a string kept once per process. Stores of 100k fingerprints repeat the same peer,
// account, protocol and file names in every entry and in every copy of the store a sync makes;
// as interned strings they are a 32-bit number each (half a pointer: an entry names six of
// them), copied without allocating and compared as numbers. Interned strings live until the
// process ends (about 60 bytes per distinct name of 20 characters: its characters in an arena,
// a view of them and a table slot); the pool is shared by all threads (plugins
// run syncs on a worker thread).
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace keysync {

namespace interned_pool {
// A string's number: its shard (the top bits) and its place in the shard, where the strings
// are kept a page at a time, so no string moves while another thread reads it.
constexpr int kShardBits = 5;
constexpr int kPlaceBits = 32 - kShardBits;
constexpr int kPageBits = 8;
constexpr std::size_t kPagesPerShard = std::size_t{1} << (20 - kPageBits);  // 1M strings a shard
constexpr std::uint32_t kNone = ~std::uint32_t{0};  // OptionalInterned's "none"; no string's number
// A string as its page keeps it: its characters' address in the low 48 bits (user space's
// addresses fit them) and its size in the top 16, in 8 bytes instead of a string_view's 16 (100k
// names: 0.8 MiB). A string of kLongSize characters or more has its size in the 8 bytes before them.
using PackedString = std::uint64_t;
constexpr int kAddressBits = 48;
constexpr std::size_t kLongSize = 0xFFFF;
struct Page {  // each string's characters (NUL-terminated) are in its shard's arena
    PackedString strings[std::size_t{1} << kPageBits];
};
extern Page* shard_pages[std::size_t{1} << kShardBits][kPagesPerShard];
inline std::string_view unpack(PackedString packed) {
    const char* at = reinterpret_cast<const char*>(static_cast<std::uintptr_t>(packed & ((PackedString{1} << kAddressBits) - 1)));
    std::size_t size = static_cast<std::size_t>(packed >> kAddressBits);
    if (size == kLongSize) [[unlikely]] std::memcpy(&size, at - sizeof size, sizeof size);
    return {at, size};
}
inline std::string_view text(std::uint32_t id) {
    std::uint32_t place = id & ((std::uint32_t{1} << kPlaceBits) - 1);
    return unpack(shard_pages[id >> kPlaceBits][place >> kPageBits]->strings[place & ((std::uint32_t{1} << kPageBits) - 1)]);
}
}  // namespace interned_pool

class Interned;
// Each of TEXTS interned, as Interned(text) would, in order. A reader's 50k contact names, looked
// up among 100k others, wait on memory more than they compute: a batch overlaps those waits
// (each lookup's table slot is fetched while the lookups before it run).
std::vector<Interned> intern_all(const std::vector<std::string_view>& texts);

class Interned {
public:
    Interned();  // ""
    Interned(std::string_view text);
    Interned(const std::string& text) : Interned(std::string_view(text)) {}
    Interned(const char* text) : Interned(std::string_view(text)) {}

    std::string_view str() const { return interned_pool::text(id_); }
    operator std::string_view() const { return str(); }
    operator std::string() const { return std::string(str()); }  // a copy, for what takes a std::string

    bool empty() const { return str().empty(); }
    std::size_t size() const { return str().size(); }
    const char* c_str() const { return str().data(); }  // NUL-terminated in the pool
    char operator[](std::size_t i) const { return str()[i]; }
    std::string_view::const_iterator begin() const { return str().begin(); }
    std::string_view::const_iterator end() const { return str().end(); }
    std::size_t find(std::string_view what, std::size_t from = 0) const { return str().find(what, from); }
    std::size_t find(char what, std::size_t from = 0) const { return str().find(what, from); }
    std::size_t find_first_of(const char* chars, std::size_t from = 0) const { return str().find_first_of(chars, from); }
    std::string substr(std::size_t from, std::size_t count = std::string::npos) const { return std::string(str().substr(from, count)); }
    bool starts_with(std::string_view prefix) const { return str().starts_with(prefix); }
    bool ends_with(std::string_view suffix) const { return str().ends_with(suffix); }

    // Equal strings have the same number, so equality is one comparison.
    friend bool operator==(const Interned& a, const Interned& b) { return a.id_ == b.id_; }
    friend bool operator==(const Interned& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const Interned& a, std::string_view b) { return a.str() == b; }
    friend bool operator==(const Interned& a, const char* b) { return a.str() == b; }
    friend std::strong_ordering operator<=>(const Interned& a, const Interned& b) {
        return a.id_ == b.id_ ? std::strong_ordering::equal : a.str() <=> b.str();
    }
    friend std::strong_ordering operator<=>(const Interned& a, const std::string& b) { return a.str() <=> b; }

    friend std::string operator+(const Interned& a, const Interned& b) { return std::string(a.str()).append(b.str()); }
    friend std::string operator+(const Interned& a, const std::string& b) { return std::string(a.str()).append(b); }
    friend std::string operator+(const std::string& a, const Interned& b) { return std::string(a).append(b.str()); }
    friend std::string operator+(std::string&& a, const Interned& b) { return std::move(a.append(b.str())); }
    friend std::string operator+(const Interned& a, const char* b) { return std::string(a.str()).append(b); }
    friend std::string operator+(const char* a, const Interned& b) { return std::string(a).append(b.str()); }
    friend std::string operator+(const Interned& a, char b) { return std::string(a.str()) + b; }
    friend std::string operator+(char a, const Interned& b) { return std::string(1, a).append(b.str()); }
    friend std::ostream& operator<<(std::ostream& out, const Interned& s) { return out << s.str(); }

    std::size_t number_hash() const { return id_ * std::size_t{0x9E3779B97F4A7C15ull}; }

private:
    friend class OptionalInterned;
    friend std::vector<Interned> intern_all(const std::vector<std::string_view>& texts);
    explicit Interned(std::uint32_t id) : id_(id) {}
    std::uint32_t id_;
};

// An interned string or none, in one number (std::optional<Interned> takes twice that): a
// store of 100k entries keeps one in each.
class OptionalInterned {
public:
    OptionalInterned() = default;
    OptionalInterned(std::nullopt_t) {}
    OptionalInterned(const Interned& text) : id_(text.id_) {}
    OptionalInterned(const std::string& text) : OptionalInterned(Interned(text)) {}
    OptionalInterned(std::string_view text) : OptionalInterned(Interned(text)) {}
    OptionalInterned(const char* text) : OptionalInterned(Interned(text)) {}
    explicit operator bool() const { return id_ != interned_pool::kNone; }
    bool has_value() const { return id_ != interned_pool::kNone; }
    Interned operator*() const { return Interned(id_); }  // only when it has one
    void reset() { id_ = interned_pool::kNone; }
    friend bool operator==(const OptionalInterned& a, const OptionalInterned& b) { return a.id_ == b.id_; }

private:
    std::uint32_t id_ = interned_pool::kNone;
};

}  // namespace keysync

template <>
struct std::hash<keysync::Interned> {
    std::size_t operator()(const keysync::Interned& s) const { return s.number_hash(); }
};
