// Java properties scanned a piece at a time give the entries, the kept text around the replaced
// lines and the errors the whole text gives.
#include "keysync/formats/java_properties.hpp"
#include "fuzz_target.hpp"

namespace {
bool keep(std::string_view key) { return key.size() % 2 == 0; }
bool replace(std::string_view key) { return key.find('o') != std::string_view::npos; }
std::string edit_text(const keysync::PropertiesEdit& edit) {
    std::string out;
    for (const keysync::PropertyView& e : edit.entries.entries())
        out += std::string(e.key) + "=" + std::string(e.value) + "@" + std::to_string(e.line) + "\n";
    return out + "before:" + std::string(edit.around.before) + "after:" + std::string(edit.around.after) + (edit.around.replaced ? "+" : "-");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace keysync;
    fuzz::PiecesInput in = fuzz::pieces_input(data, size);
    std::string whole = fuzz::outcome([&] { return edit_text(scan_properties(in.text, "fuzz", keep, replace)); });
    std::string pieces = fuzz::outcome([&] {
        PropertiesScan scan("fuzz", keep, replace);
        fuzz::feed_in_pieces(in.text, in.piece, [&](std::string_view text, bool at_end) { return scan.feed(text, at_end); });
        return edit_text(std::move(scan).finish());
    });
    fuzz::same_or_abort(whole, pieces);
    return 0;
}
