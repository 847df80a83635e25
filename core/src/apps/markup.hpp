#pragma once
// GLib's GMarkup over a whole XML text, with its error as a ParseError naming the file and line.
#include <string>
#include <string_view>

#include <glib.h>

namespace keysync {

// Runs PARSER with DATA over XML; WHAT names the file kind in the message ("accounts.xml").
void parse_markup(std::string_view xml, const GMarkupParser& parser, void* data, const std::string& source,
                  const std::string& what);

}  // namespace keysync
