#pragma once
// Interned: a string kept once per process. Stores of 100k fingerprints repeat the same peer,
// account, protocol and file names in every entry and in every copy of the store a sync makes;
// as interned strings they are one pointer each, copied without allocating and compared by
// address. Interned strings live until the process ends (about 100 bytes per distinct name);
// the pool is shared by all threads (plugins run syncs on a worker thread).
#include <compare>
#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace keysync {

class Interned {
public:
    Interned();  // ""
    Interned(std::string_view text);
    Interned(const std::string& text) : Interned(std::string_view(text)) {}
    Interned(const char* text) : Interned(std::string_view(text)) {}

    const std::string& str() const { return *text_; }
    operator const std::string&() const { return *text_; }
    operator std::string_view() const { return *text_; }

    bool empty() const { return text_->empty(); }
    std::size_t size() const { return text_->size(); }
    const char* c_str() const { return text_->c_str(); }
    char operator[](std::size_t i) const { return (*text_)[i]; }
    std::string::const_iterator begin() const { return text_->begin(); }
    std::string::const_iterator end() const { return text_->end(); }
    std::size_t find(std::string_view what, std::size_t from = 0) const { return text_->find(what, from); }
    std::size_t find(char what, std::size_t from = 0) const { return text_->find(what, from); }
    std::size_t find_first_of(const char* chars, std::size_t from = 0) const { return text_->find_first_of(chars, from); }
    std::string substr(std::size_t from, std::size_t count = std::string::npos) const { return text_->substr(from, count); }
    bool starts_with(std::string_view prefix) const { return text_->starts_with(prefix); }
    bool ends_with(std::string_view suffix) const { return text_->ends_with(suffix); }

    // Equal strings are the same object, so equality is one comparison.
    friend bool operator==(const Interned& a, const Interned& b) { return a.text_ == b.text_; }
    friend bool operator==(const Interned& a, const std::string& b) { return *a.text_ == b; }
    friend bool operator==(const Interned& a, std::string_view b) { return *a.text_ == b; }
    friend bool operator==(const Interned& a, const char* b) { return *a.text_ == b; }
    friend std::strong_ordering operator<=>(const Interned& a, const Interned& b) {
        return a.text_ == b.text_ ? std::strong_ordering::equal : *a.text_ <=> *b.text_;
    }
    friend std::strong_ordering operator<=>(const Interned& a, const std::string& b) { return *a.text_ <=> b; }

    friend std::string operator+(const Interned& a, const Interned& b) { return *a.text_ + *b.text_; }
    friend std::string operator+(const Interned& a, const std::string& b) { return *a.text_ + b; }
    friend std::string operator+(const std::string& a, const Interned& b) { return a + *b.text_; }
    friend std::string operator+(std::string&& a, const Interned& b) { return std::move(a) + *b.text_; }
    friend std::string operator+(const Interned& a, const char* b) { return *a.text_ + b; }
    friend std::string operator+(const char* a, const Interned& b) { return a + *b.text_; }
    friend std::string operator+(const Interned& a, char b) { return *a.text_ + b; }
    friend std::string operator+(char a, const Interned& b) { return a + *b.text_; }
    friend std::ostream& operator<<(std::ostream& out, const Interned& s) { return out << *s.text_; }

    std::size_t address_hash() const { return std::hash<const void*>{}(text_); }

private:
    friend class OptionalInterned;
    explicit Interned(const std::string* pooled) : text_(pooled) {}
    const std::string* text_;
};

// An interned string or none, in one pointer (std::optional<Interned> takes two): a store of
// 100k entries keeps one in each.
class OptionalInterned {
public:
    OptionalInterned() = default;
    OptionalInterned(std::nullopt_t) {}
    OptionalInterned(const Interned& text) : text_(text.text_) {}
    OptionalInterned(const std::string& text) : OptionalInterned(Interned(text)) {}
    OptionalInterned(std::string_view text) : OptionalInterned(Interned(text)) {}
    OptionalInterned(const char* text) : OptionalInterned(Interned(text)) {}
    explicit operator bool() const { return text_ != nullptr; }
    bool has_value() const { return text_ != nullptr; }
    Interned operator*() const { return Interned(text_); }  // only when it has one
    void reset() { text_ = nullptr; }
    friend bool operator==(const OptionalInterned& a, const OptionalInterned& b) { return a.text_ == b.text_; }

private:
    const std::string* text_ = nullptr;
};

}  // namespace keysync

template <>
struct std::hash<keysync::Interned> {
    std::size_t operator()(const keysync::Interned& s) const { return s.address_hash(); }
};
