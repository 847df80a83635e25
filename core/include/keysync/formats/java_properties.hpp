#pragma once
// java.util.Properties text (formats.md 1.5): read exactly as Properties.load does, write
// exactly as Properties.store escapes, and edit a file in place keeping every other line.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "keysync/secure_memory.hpp"

namespace keysync {

struct PropertyEntry {
    std::string key;     // UTF-8
    SecureString value;  // UTF-8; may be a private key
    std::size_t line = 0;
};

// Text copied into chunks (4 KiB growing to 1 MiB) that never move, so views into it stay valid
// (a doubling buffer would hold 1.5 copies of 20 MiB at once); wiped when freed: it may hold
// private keys.
class TextArena {
public:
    std::string_view keep(std::string_view text);
    std::size_t bytes() const { return bytes_; }
    void clear();  // keeps the first chunk's room for reuse; earlier views become invalid

private:
    std::vector<SecureString> chunks_;
    std::size_t bytes_ = 0;
};

// One property as parsed, without a copy: KEY and VALUE point into the parsed text when the
// line needed no unescaping (nearly every line), else into the parse's arena.
struct PropertyView {
    std::string_view key, value;  // UTF-8
    std::size_t line = 0;
};

// The properties of a text, viewing into it: TEXT must outlive them.
class ParsedProperties {
public:
    const std::vector<PropertyView>& entries() const { return entries_; }
    // Lets go of the views; the text they viewed stays valid (for views of keys kept elsewhere).
    void drop_views() { std::vector<PropertyView>().swap(entries_); }
    // Adds a copy of E (its text kept here): a reader taking properties as they are read keeps a few.
    void add_copy(const PropertyView& e) { entries_.push_back({unescaped_.keep(e.key), unescaped_.keep(e.value), e.line}); }

private:
    friend class PropertiesScan;
    TextArena unescaped_;
    std::vector<PropertyView> entries_;
};

// The file is ISO-8859-1 (as Properties.load(InputStream) reads it); keys and values come out
// as UTF-8. Throws ParseError naming SOURCE and the line on a malformed \u escape.
// KEEP, when given, says which keys to keep (the others are parsed, checked and let go of).
ParsedProperties parse_java_property_views(std::string_view text, const std::string& source,
                                           const std::function<bool(std::string_view)>& keep = nullptr);
// The same, each key and value copied out (for small files).
std::vector<PropertyEntry> parse_java_properties(std::string_view text, const std::string& source);

// Properties to write as one block sorted by key, as KeySync's writers always did. Collected
// flat and sorted once: the 200k properties of a large store cost no tree node and no string
// of their own.
class PropertyBlock {
public:
    void reserve(std::size_t properties) { entries_.reserve(properties); }
    void put(std::string_view key, std::string_view value);  // a later put of the same key wins
    void clear();
    SecureString text() const;  // "key=value\n" lines in key order, escaped as Properties.store does
    void append_to(SecureString& out) const;  // the same lines, written at the end of OUT
    std::size_t text_size() const;             // about the size of those lines, escapes included

private:
    struct Entry {
        std::string_view key, value;  // in TEXT_
    };
    TextArena text_;
    std::vector<Entry> entries_;
    mutable std::vector<const Entry*> order_;  // append_to's, kept for its room
};

// Properties appended to OUT in key order without one block of all of them: each of COUNT names
// (sorted, unique) owns the keys that start with it, which PUT(i, block) puts. A name's keys can
// interleave only with those of the names that start with it, and those sort right after it:
// such a run shares one block; every other run's keys are sorted on their own.
// AFTER_RUN, when given, is called with OUT after each run (to pass it on and empty it).
void append_properties_by_name(SecureString& out, std::size_t count, const std::function<std::string_view(std::size_t)>& name,
                               const std::function<void(std::size_t, PropertyBlock&)>& put,
                               const std::function<void(SecureString&)>& after_run = nullptr,
                               const std::function<bool(std::size_t, SecureString&)>& write_alone = nullptr);
// The same with the runs found already: RUN_END(begin) is the end of the run that starts at
// BEGIN, as properties_run_end gives it (a writer that laid its names out found them there,
// each name's text at hand, instead of looking each up again). WRITE_ALONE(i, out), when given,
// is asked first for a name alone in its run: it may append the name's lines to OUT itself,
// escaped and in key order as its block would write them, and return true; or return false to
// have them put in the block.
void append_properties_in_runs(SecureString& out, std::size_t count, const std::function<std::size_t(std::size_t)>& run_end,
                               const std::function<void(std::size_t, PropertyBlock&)>& put,
                               const std::function<void(SecureString&)>& after_run = nullptr,
                               const std::function<bool(std::size_t, SecureString&)>& write_alone = nullptr);
// Whether the writers write TEXT as it is, as a key or as a value (no byte Properties.store escapes).
bool written_as_is(std::string_view text);
// The end of the run of names that starts at BEGIN (the names after it that start with it share
// its block). Names [A, B) from one run's start to another's come out of append_properties_by_name
// alone as they do among all COUNT: a writer can make such parts at once.
std::size_t properties_run_end(std::size_t begin, std::size_t count, const std::function<std::string_view(std::size_t)>& name);

// ORIGINAL without the logical lines whose key REPLACE accepts: the bytes before the first such
// line and after it, every other byte unchanged, for a block of new lines to go between. The
// original need not be held while that block is built (it may be 20 MiB of replaced lines).
struct PropertiesAroundBlock {
    SecureString before, after;
    bool replaced = false;  // some line was taken out; else the block goes at the end
};
PropertiesAroundBlock without_properties(std::string_view original, const std::function<bool(std::string_view)>& replace,
                                         const std::string& source);

// Both in one pass over TEXT, for a writer that replaces some properties and reads others (Jitsi
// its accounts' keys, of a 20 MiB file): the views of the properties KEEP accepts (all without
// KEEP), and, with REPLACE, the text around the lines whose key it accepts.
struct PropertiesEdit {
    ParsedProperties entries;
    PropertiesAroundBlock around;
};
PropertiesEdit scan_properties(std::string_view text, const std::string& source, const std::function<bool(std::string_view)>& keep,
                               const std::function<bool(std::string_view)>& replace);

// The same a piece of the text at a time, so a 20 MiB file need not be held whole: feed() takes
// the logical lines TEXT holds whole (all of them AT_END, the last piece) and returns how many
// bytes they fill; the rest is to be fed again with the text after it. The kept entries are
// copied (the pieces do not last).
struct LogicalLine;  // one logical line of the text (java_properties.cpp)
class PropertiesScan {
public:
    PropertiesScan(std::string source, std::function<bool(std::string_view)> keep, std::function<bool(std::string_view)> replace);
    // Each property handed to VISIT as it is read, its views valid during the call only; the
    // scan keeps nothing (finish() gives an empty edit).
    PropertiesScan(std::string source, std::function<void(const PropertyView&)> visit);
    std::size_t feed(std::string_view text, bool at_end);
    PropertiesEdit finish() &&;

private:
    friend PropertiesEdit scan_properties(std::string_view text, const std::string& source,
                                          const std::function<bool(std::string_view)>& keep,
                                          const std::function<bool(std::string_view)>& replace);
    void take(const LogicalLine& line, std::string_view text, bool views_last);  // VIEWS_LAST: TEXT outlives the entries
    void reserve(std::size_t entries) { edit_.entries.entries_.reserve(entries); }

    std::string source_;
    std::function<bool(std::string_view)> keep_, replace_;
    std::function<void(const PropertyView&)> visit_;
    PropertiesEdit edit_;
    SecureString scratch_, value_scratch_;
    std::size_t line_ = 0;  // physical lines taken so far
};

// BEFORE, the block's lines (WRITE_BLOCK passes them on), then AFTER, each piece to WRITE; a
// block at the end of a file starts on a line of its own.
void write_with_block(const PropertiesAroundBlock& around,
                      const std::function<void(const std::function<void(std::string_view)>&)>& write_block,
                      const std::function<void(std::string_view)>& write);


}  // namespace keysync
