#pragma once
// One error type for everything a user can cause: it names the file and, where known, the
// line or field, so the CLI can print a single clear line.
#include <stdexcept>
#include <string>

namespace keysync {

class Error : public std::runtime_error {
public:
    explicit Error(std::string message) : std::runtime_error(std::move(message)) {}
};

// "FILE:LINE: what" or "FILE: what"; line 0 means "no line".
class ParseError : public Error {
public:
    ParseError(std::string source, std::size_t line, std::string what)
        : Error(format(source, line, what)), source_(std::move(source)), line_(line) {}
    const std::string& source() const { return source_; }
    std::size_t line() const { return line_; }

private:
    static std::string format(const std::string& source, std::size_t line, const std::string& what) {
        std::string out = source.empty() ? std::string("<input>") : source;
        if (line) out += ":" + std::to_string(line);
        return out + ": " + what;
    }
    std::string source_;
    std::size_t line_;
};

}  // namespace keysync
