#include "keysync/formats/libotr_fingerprints.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <tuple>

#include "formats/line_end.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

constexpr std::size_t kMaxLine = 64 * 1024;

// The first six fields (more are an error anyway) and how many there are; no allocation per line.
struct Fields {
    std::array<std::string_view, 6> at;
    std::size_t count = 0;
    std::size_t size() const { return count; }
    std::string_view operator[](std::size_t i) const { return at[i]; }
};

Fields split_tabs(std::string_view line) {
    Fields fields;
    std::size_t start = 0;
    for (;;) {
        std::size_t tab = line.find('\t', start);
        if (fields.count < fields.at.size())
            fields.at[fields.count] = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
        ++fields.count;
        if (tab == std::string_view::npos) return fields;
        start = tab + 1;
    }
}

bool has_control_bytes(std::string_view s) { return std::memchr(s.data(), '\0', s.size()) != nullptr; }

}  // namespace

Interned FingerprintRowParser::RecentNames::get(std::string_view text) {
    for (const Recent& n : names_)  // compared with the texts kept beside them: no lookup in the pool
        if (n.text == text) return n.name;
    Recent& made = names_[next_++ % names_.size()];
    made.name = Interned(text);
    made.text = made.name.str();
    return made.name;
}

std::size_t FingerprintRowParser::feed(std::string_view text, bool at_end, const std::function<void(FingerprintRow&&)>& take) {
    // The rows of TEXT are passed on together once their contacts are interned together
    // (intern_all): 50k contacts' lookups in the pool overlap their waits on memory.
    rows_.clear();
    names_.clear();
    name_of_.clear();
    std::size_t read = parse_rows(text, at_end, previous_username_.str());
    std::vector<Interned> interned = intern_all(names_);
    for (std::size_t k = 0; k < rows_.size(); ++k) {
        rows_[k].username = name_of_[k] == kPrevious ? previous_username_ : interned[name_of_[k]];
        take(std::move(rows_[k]));
    }
    if (!interned.empty()) previous_username_ = interned.back();
    return read;
}

std::size_t FingerprintRowParser::parse_rows(std::string_view text, bool at_end, std::string_view last_name) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = line_end(text, pos);
        // Its end unseen (a '\r' last may be half of "\r\n"): in the text to come.
        if (!at_end && (end == text.size() || (text[end] == '\r' && end + 1 == text.size()))) {
            if (end - pos > kMaxLine) ++line_, end = text.size();  // too long to be a row: said now, not read on
            else return pos;
        } else {
            ++line_;
        }
        std::string_view line = text.substr(pos, end - pos);
        if (end == text.size())
            pos = text.size();
        else
            pos = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
        if (line.size() > kMaxLine)
            throw ParseError(source_, line_, fill(tr("line is {} bytes long; not a fingerprint file?"), {std::to_string(line.size())}));
        if (line.empty()) continue;
        if (has_control_bytes(line)) throw ParseError(source_, line_, tr("line contains a NUL byte; not a fingerprint file?"));
        auto fields = split_tabs(line);
        if (fields.size() < 4)
            throw ParseError(source_, line_,
                             fill(tr("expected 5 TAB-separated fields (contact, account, protocol, fingerprint, trust), found {}"),
                                  {std::to_string(fields.size())}));
        if (fields.size() > 5)
            throw ParseError(source_, line_, fill(tr("expected 5 TAB-separated fields, found {}"), {std::to_string(fields.size())}));
        static const char* empty_field[] = {tr_noop("the contact field is empty"), tr_noop("the account field is empty"),
                                            tr_noop("the protocol field is empty")};
        for (int i = 0; i < 3; ++i)
            if (fields[static_cast<std::size_t>(i)].empty()) throw ParseError(source_, line_, tr(empty_field[i]));
        auto fingerprint = fields[3].size() == 40 ? Fingerprint::parse(fields[3]) : std::nullopt;
        if (!fingerprint)
            throw ParseError(source_, line_,
                             fill(tr("field 4 must be a fingerprint of 40 hex digits, found \"{}\""), {std::string(fields[3].substr(0, 60))}));

        // Rows repeat the previous row's contact (libotr groups a contact's fingerprints), and a
        // file names a few accounts, protocols and trust words: those are reused instead of
        // looked up in the pool again for each of 100k rows.
        FingerprintRow& row = rows_.emplace_back();
        if (fields[0] != last_name) names_.push_back(last_name = fields[0]);
        name_of_.push_back(names_.empty() ? kPrevious : static_cast<std::uint32_t>(names_.size() - 1));
        row.accountname = accounts_.get(fields[1]);
        row.protocol = protocols_.get(fields[2]);
        row.fingerprint = *fingerprint;
        if (fields.size() == 5) row.trust = trust_words_.get(fields[4]);
        row.line = line_;
    }
    return text.size();
}

std::vector<FingerprintRow> parse_fingerprint_rows(std::string_view text, const std::string& source) {
    std::vector<FingerprintRow> rows;
    rows.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));  // no regrowth on 100k rows
    FingerprintRowParser(source).feed(text, true, [&](FingerprintRow&& row) { rows.push_back(std::move(row)); });
    return rows;
}

SecureString write_fingerprint_rows(const std::vector<FingerprintRow>& rows, RowOrder order) {
    return write_fingerprint_rows(
        rows.size(),
        [&](std::size_t i) {
            const FingerprintRow& r = rows[i];
            return FingerprintRowView{r.username, r.accountname, r.protocol, r.fingerprint, r.trust};
        },
        order);
}

void append_fingerprint_row(SecureString& out, const FingerprintRowView& row) {
    for (std::string_view field : {row.username, row.accountname, row.protocol}) {  // appended in place: no temporary string
        out.append(field);
        out += '\t';
    }
    char hex[40];
    row.fingerprint.write_hex(hex);
    out.append(hex, sizeof hex);
    out += '\t';
    out.append(row.trust);
    out += '\n';
}

std::size_t fingerprint_row_size(const FingerprintRowView& row) {
    return row.username.size() + row.accountname.size() + row.protocol.size() + 40 + row.trust.size() + 5;
}

}  // namespace keysync
