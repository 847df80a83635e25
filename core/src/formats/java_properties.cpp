#include "keysync/formats/java_properties.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "formats/byte_scan.hpp"
#include "formats/line_end.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/prefault.hpp"

namespace keysync {

// One logical line: its key/value text with continuations joined, and the byte range it covers.
struct LogicalLine {
    std::string_view text;  // into the original, or (continued lines) into a joining buffer
    std::size_t begin = 0, end = 0;  // bytes of the physical lines, line ends included
    std::size_t line = 0;
    bool comment_or_blank = false;
    bool joined = false;  // TEXT is in the joining buffer, valid during the visit only
};

namespace {

void append_utf8(SecureString& out, unsigned code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | code >> 6);
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | code >> 12);
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// Calls VISIT for each logical line of TEXT, split the way LineReader does: a line ending in an
// odd number of backslashes continues on the next, whose leading blanks are dropped. A line's
// text is a view valid during the call only. LINE_NUMBER counts the physical lines before TEXT
// (and is moved past those visited). Unless AT_END (more text follows), a logical line TEXT may
// not hold whole is left unvisited: returns where the visited lines end.
template <typename Visit>
std::size_t for_each_logical_line(std::string_view text, bool at_end, std::size_t& line_number, Visit&& visit) {
    SecureString joined;  // continued lines only
    std::size_t pos = 0;
    while (pos < text.size()) {
        LogicalLine l;
        l.begin = pos;
        l.line = ++line_number;
        bool first = true, continuing = false;
        joined.clear();
        do {
            std::size_t end = line_end(text, pos);
            // Its end unseen (a '\r' last may be half of "\r\n"), or its continuation: in the text to come.
            bool cut = end == text.size() || (text[end] == '\r' && end + 1 == text.size());
            if (!at_end && cut) {
                line_number = l.line - 1;
                return l.begin;
            }
            std::string_view physical = text.substr(pos, end - pos);
            pos = end == text.size() ? end : end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
            std::size_t skip = 0;
            while (skip < physical.size() && is_blank(physical[skip])) ++skip;
            physical.remove_prefix(skip);
            if (first && (physical.empty() || physical[0] == '#' || physical[0] == '!')) {
                l.comment_or_blank = true;
                break;
            }
            std::size_t slashes = 0;
            while (slashes < physical.size() && physical[physical.size() - 1 - slashes] == '\\') ++slashes;
            if (!at_end && slashes % 2 == 1 && pos == text.size()) {
                line_number = l.line - 1;
                return l.begin;
            }
            continuing = slashes % 2 == 1 && pos < text.size();
            if (slashes % 2 == 1) physical.remove_suffix(1);
            if (first && !continuing) {
                l.text = physical;  // one physical line, the usual case: no copy
            } else {
                joined.append(physical.data(), physical.size());
                l.text = joined;
                l.joined = true;
            }
            if (continuing) ++line_number;
            first = false;
        } while (continuing);
        l.end = pos;
        visit(l);
    }
    return text.size();
}
template <typename Visit>
void for_each_logical_line(std::string_view text, Visit&& visit) {
    std::size_t line_number = 0;
    for_each_logical_line(text, true, line_number, visit);
}

// Unescapes Properties.load's escapes; bytes >= 0x80 are ISO-8859-1 characters.
void unescape_into(SecureString& out, std::string_view s, const std::string& source, std::size_t line) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c != '\\') {
            append_utf8(out, c);
            continue;
        }
        if (++i >= s.size()) break;
        char e = s[i];
        switch (e) {
            case 't': out += '\t'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 'f': out += '\f'; break;
            case 'u': {
                if (s.size() - i - 1 < 4) throw ParseError(source, line, tr("malformed \\uXXXX escape"));
                unsigned code = 0;
                for (int k = 1; k <= 4; ++k) {
                    char h = s[i + static_cast<std::size_t>(k)];
                    int v = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
                    if (v < 0) throw ParseError(source, line, tr("malformed \\uXXXX escape"));
                    code = code * 16 + static_cast<unsigned>(v);
                }
                i += 4;
                append_utf8(out, code);
                break;
            }
            default: append_utf8(out, static_cast<unsigned char>(e));
        }
    }
}

bool needs_unescaping(std::string_view s) { return find_first_in(s, 0, {"\\", true, false}) != s.size(); }

// S unescaped: S itself when it has nothing to unescape, else SCRATCH, overwritten by each call.
std::string_view unescaped(std::string_view s, SecureString& scratch, const std::string& source, std::size_t line) {
    if (!needs_unescaping(s)) return s;
    scratch.clear();
    unescape_into(scratch, s, source, line);
    return scratch;
}

// Decodes one UTF-8 character at S[I] (advancing I); invalid bytes are taken as Latin-1.
unsigned next_code(std::string_view s, std::size_t& i) {
    auto c = static_cast<unsigned char>(s[i++]);
    if (c < 0x80) return c;
    int extra = (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : 0;
    if (!extra || i + static_cast<std::size_t>(extra) > s.size()) return c;
    unsigned code = c & (extra == 1 ? 0x1F : 0x0F);
    for (int k = 0; k < extra; ++k) code = code << 6 | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
    i += static_cast<std::size_t>(extra);
    return code;
}

// Bytes not written as they are, wherever they are.
const ByteSet kNotPlain{"=:#!\\", false, true};

// Properties.saveConvert.
void escape(SecureString& out, std::string_view s, bool is_key) {
    static const char kHex[] = "0123456789ABCDEF";
    for (std::size_t i = 0; i < s.size();) {
        std::size_t run = find_first_in(s, i, kNotPlain);
        if (run > i) {  // most of a key or value: appended at once
            out.append(s.data() + i, run - i);
            i = run;
            continue;
        }
        bool first = i == 0;
        unsigned c = next_code(s, i);
        switch (c) {
            case ' ': out += (first || is_key) ? "\\ " : " "; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\f': out += "\\f"; break;
            case '=': case ':': case '#': case '!': case '\\':
                out += '\\';
                out += static_cast<char>(c);
                break;
            default:
                if (c < 0x20 || c > 0x7e) {
                    out += "\\u";
                    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(c >> shift) & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
}

// Where a logical line's key ends and its value starts, and whether the key is as unescaping
// leaves it (then it is not looked at again: 150k keys of Jitsi's file are read twice a sync).
struct SplitProperty {
    std::size_t key_end, value_start;
    bool key_plain;
};
SplitProperty split_property(std::string_view s) {
    const ByteSet kStop{"\\=: \t\f", true};  // and the non-ASCII bytes unescaping makes UTF-8 of
    bool plain = true;
    std::size_t key_end = 0;
    while ((key_end = find_first_in(s, key_end, kStop)) < s.size()) {
        if (s[key_end] == '\\') key_end += 2;  // an escaped character is part of the key
        else if (static_cast<unsigned char>(s[key_end]) >= 0x80) ++key_end;
        else break;
        plain = false;
    }
    key_end = std::min(key_end, s.size());
    std::size_t value_start = key_end;
    while (value_start < s.size() && is_blank(s[value_start])) ++value_start;
    if (value_start < s.size() && (s[value_start] == '=' || s[value_start] == ':')) ++value_start;
    while (value_start < s.size() && is_blank(s[value_start])) ++value_start;
    return {key_end, value_start, plain};
}

}  // namespace

std::string_view TextArena::keep(std::string_view text) {
    if (chunks_.empty() || chunks_.back().capacity() - chunks_.back().size() < text.size()) {
        // Chunks double from 4 KiB to 1 MiB: a small file's few escaped values cost no MiB.
        std::size_t chunk = chunks_.empty() ? 4096 : std::min<std::size_t>(chunks_.back().capacity() * 2, 1 << 20);
        chunks_.emplace_back();
        chunks_.back().reserve(std::max(chunk, text.size()));
    }
    SecureString& chunk = chunks_.back();
    std::size_t at = chunk.size();
    // Its room made resident 64 KiB ahead as it is reached (a Jitsi file's 100k names: 200 page
    // faults less), not a whole 1 MiB chunk the last names may leave unused.
    const std::size_t ahead = at == 0 ? 0 : (at + text.size()) / kPrefaultWorthIt * kPrefaultWorthIt;
    if (ahead >= at && ahead < chunk.capacity())
        prefault(chunk.data() + ahead, std::min(kPrefaultWorthIt, chunk.capacity() - ahead));
    chunk.append(text);  // within its capacity: earlier views into it stay valid
    bytes_ += text.size();
    return std::string_view(chunk).substr(at, text.size());
}

void TextArena::clear() {
    if (chunks_.size() > 1) chunks_.resize(1);
    if (!chunks_.empty()) chunks_[0].clear();
    bytes_ = 0;
}

PropertiesScan::PropertiesScan(std::string source, std::function<bool(std::string_view)> keep, std::function<bool(std::string_view)> replace)
    : source_(std::move(source)), keep_(std::move(keep)), replace_(std::move(replace)) {}

PropertiesScan::PropertiesScan(std::string source, std::function<void(const PropertyView&)> visit)
    : source_(std::move(source)), visit_(std::move(visit)) {}

void PropertiesScan::take(const LogicalLine& l, std::string_view text, bool views_last) {
    if (!l.comment_or_blank) {
        auto [key_end, value_start, key_plain] = split_property(l.text);
        std::string_view raw_key = l.text.substr(0, key_end);
        std::string_view key = key_plain ? raw_key : unescaped(raw_key, scratch_, source_, l.line);
        if (visit_) {  // handed on at once: nothing kept (the key may be in SCRATCH_)
            visit_(PropertyView{key, unescaped(l.text.substr(value_start), value_scratch_, source_, l.line), l.line});
            return;
        }
        bool replaced = replace_ && replace_(key);
        if (!keep_ || keep_(key)) {
            ParsedProperties& parsed = edit_.entries;
            // Unescaped text, a joined line's and a piece's live only during this call: kept in the arena.
            auto lasting = [&](std::string_view s, std::string_view u) {
                return views_last && u.data() == s.data() && !l.joined ? u : parsed.unescaped_.keep(u);
            };
            key = lasting(raw_key, key);
            std::string_view raw_value = l.text.substr(value_start);
            parsed.entries_.push_back({key, lasting(raw_value, unescaped(raw_value, scratch_, source_, l.line)), l.line});
        }
        if (replaced) {
            edit_.around.replaced = true;  // the kept lines after it go after the block
            return;
        }
    }
    if (replace_) (edit_.around.replaced ? edit_.around.after : edit_.around.before).append(text.data() + l.begin, l.end - l.begin);
}

std::size_t PropertiesScan::feed(std::string_view text, bool at_end) {
    return for_each_logical_line(text, at_end, line_, [&](const LogicalLine& l) { take(l, text, false); });
}

PropertiesEdit PropertiesScan::finish() && { return std::move(edit_); }

PropertiesEdit scan_properties(std::string_view text, const std::string& source, const std::function<bool(std::string_view)>& keep,
                               const std::function<bool(std::string_view)>& replace) {
    PropertiesScan scan(source, keep, replace);
    // A line is a property, nearly always: counted first, 150k views are not grown by doubling
    // (unless only some are kept).
    if (!keep) scan.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    for_each_logical_line(text, true, scan.line_, [&](const LogicalLine& l) { scan.take(l, text, true); });
    return std::move(scan).finish();
}

ParsedProperties parse_java_property_views(std::string_view text, const std::string& source,
                                           const std::function<bool(std::string_view)>& keep) {
    return std::move(scan_properties(text, source, keep, nullptr).entries);
}

std::vector<PropertyEntry> parse_java_properties(std::string_view text, const std::string& source) {
    std::vector<PropertyEntry> entries;
    ParsedProperties parsed = parse_java_property_views(text, source);
    for (const PropertyView& e : parsed.entries())
        entries.push_back({std::string(e.key), SecureString(e.value), e.line});
    return entries;
}

void PropertyBlock::put(std::string_view key, std::string_view value) {
    std::string_view k = text_.keep(key);
    entries_.push_back({k, text_.keep(value)});
}

void PropertyBlock::clear() {
    text_.clear();
    entries_.clear();
}

std::size_t PropertyBlock::text_size() const {
    std::size_t plain = text_.bytes() + 2 * entries_.size();  // with '=' and '\n'
    return plain + plain / 16;                          // and room for escapes ('=' in base64 keys)
}

SecureString PropertyBlock::text() const {
    SecureString out;
    append_to(out);
    return out;
}

void PropertyBlock::append_to(SecureString& out) const {
    auto key = [](const Entry& e) { return e.key; };
    std::vector<const Entry*>& order = order_;  // its room reused: a writer appends 50k small blocks
    order.clear();
    for (const Entry& e : entries_) order.push_back(&e);
    auto before = [&](const Entry* a, const Entry* b) { return key(*a) < key(*b); };
    if (order.size() <= 16) {  // a contact's few properties: a stable insertion sort, no buffer
        for (std::size_t i = 1; i < order.size(); ++i)
            for (std::size_t j = i; j > 0 && before(order[j], order[j - 1]); --j) std::swap(order[j], order[j - 1]);
    } else {
        std::stable_sort(order.begin(), order.end(), before);
    }
    out.reserve(out.size() + text_size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i + 1 < order.size() && key(*order[i + 1]) == key(*order[i])) continue;  // put again later
        escape(out, key(*order[i]), true);
        out += '=';
        escape(out, order[i]->value, false);
        out += '\n';
    }
}

std::size_t properties_run_end(std::size_t begin, std::size_t count, const std::function<std::string_view(std::size_t)>& name) {
    std::string_view first = name(begin);
    std::size_t end = begin + 1;
    while (end < count && name(end).substr(0, first.size()) == first) ++end;
    return end;
}

void append_properties_by_name(SecureString& out, std::size_t count, const std::function<std::string_view(std::size_t)>& name,
                               const std::function<void(std::size_t, PropertyBlock&)>& put,
                               const std::function<void(SecureString&)>& after_run,
                               const std::function<bool(std::size_t, SecureString&)>& write_alone) {
    append_properties_in_runs(
        out, count, [&](std::size_t begin) { return properties_run_end(begin, count, name); }, put, after_run, write_alone);
}

void append_properties_in_runs(SecureString& out, std::size_t count, const std::function<std::size_t(std::size_t)>& run_end,
                               const std::function<void(std::size_t, PropertyBlock&)>& put,
                               const std::function<void(SecureString&)>& after_run,
                               const std::function<bool(std::size_t, SecureString&)>& write_alone) {
    PropertyBlock block;  // one run's properties; its room reused by the next run
    for (std::size_t begin = 0, end; begin < count; begin = end) {
        end = run_end(begin);
        if (!(write_alone && end == begin + 1 && write_alone(begin, out))) {
            block.clear();
            for (std::size_t i = begin; i < end; ++i) put(i, block);
            block.append_to(out);
        }
        if (after_run) after_run(out);
    }
}

bool written_as_is(std::string_view text) { return find_first_in(text, 0, kNotPlain) == text.size(); }

PropertiesAroundBlock without_properties(std::string_view original, const std::function<bool(std::string_view)>& replace,
                                         const std::string& source) {
    return std::move(scan_properties(original, source, [](std::string_view) { return false; }, replace).around);
}

void write_with_block(const PropertiesAroundBlock& around,
                      const std::function<void(const std::function<void(std::string_view)>&)>& write_block,
                      const std::function<void(std::string_view)>& write) {
    write(around.before);
    if (!around.replaced && !around.before.empty() && around.before.back() != '\n') write("\n");
    write_block(write);
    write(around.after);
}

}  // namespace keysync
