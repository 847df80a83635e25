// The fingerprint file read a piece at a time gives the rows (and errors) the whole text gives.
#include "keysync/formats/libotr_fingerprints.hpp"
#include "fuzz_target.hpp"

namespace {
std::string rows_text(const std::vector<keysync::FingerprintRow>& rows) {
    std::string out;
    for (const keysync::FingerprintRow& r : rows)
        out += r.username + "|" + r.accountname + "|" + r.protocol + "|" + r.fingerprint.hex() + "|" + r.trust + "@" + std::to_string(r.line) + "\n";
    return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace keysync;
    fuzz::PiecesInput in = fuzz::pieces_input(data, size);
    std::string whole = fuzz::outcome([&] { return rows_text(parse_fingerprint_rows(in.text, "fuzz")); });
    std::string pieces = fuzz::outcome([&] {
        std::vector<FingerprintRow> rows;
        FingerprintRowParser parser("fuzz");
        fuzz::feed_in_pieces(in.text, in.piece, [&](std::string_view text, bool at_end) {
            return parser.feed(text, at_end, [&](FingerprintRow&& row) { rows.push_back(std::move(row)); });
        });
        return rows_text(rows);
    });
    fuzz::same_or_abort(whole, pieces);
    return 0;
}
