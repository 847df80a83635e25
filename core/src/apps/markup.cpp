#include "apps/markup.hpp"

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

void parse_markup(std::string_view xml, const GMarkupParser& parser, void* data, const std::string& source,
                  const std::string& what) {
    GMarkupParseContext* ctx = g_markup_parse_context_new(&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, data, nullptr);
    GError* error = nullptr;
    bool ok = g_markup_parse_context_parse(ctx, xml.data(), static_cast<gssize>(xml.size()), &error) &&
              g_markup_parse_context_end_parse(ctx, &error);
    int line = 0;
    g_markup_parse_context_get_position(ctx, &line, nullptr);
    g_markup_parse_context_free(ctx);
    if (!ok) {
        std::string message = error ? error->message : tr("invalid XML");
        g_clear_error(&error);
        throw ParseError(source, static_cast<std::size_t>(line), fill(tr("invalid {}: {}"), {what, message}));

    }
}

}  // namespace keysync
