#pragma once
// Translations (gettext, text domain "keysync") of what people read: the CLI's help and
// messages, the plugins' menus and dialogs, the core's reports. Machine-readable output (list
// --json) and anything written into files stay English. Works inside the chat clients too
// (dgettext with our own domain; the client has set the locale).
#include <initializer_list>
#include <string>

namespace keysync {

// MSGID in the user's language (LC_MESSAGES / LANGUAGE), as UTF-8.
const char* tr(const char* msgid);
// The singular or plural form for N, translated.
const char* trn(const char* singular, const char* plural, unsigned long n);
// Marks a string for translation where it is defined (static tables); tr() it where shown.
constexpr const char* tr_noop(const char* msgid) { return msgid; }

// TEXT with each "{}" replaced by the next of ARGS and each "{N}" by the Nth (from 1), so a
// translation is a whole sentence that may put the arguments in its own order.
std::string fill(const std::string& text, std::initializer_list<std::string> args);

}  // namespace keysync
