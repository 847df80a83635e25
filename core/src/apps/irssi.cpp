// irssi's OTR module and its relatives xchat-otr and hexchat-otr: HOME/otr/otr.key and otr.fp,
// protocol "IRC", account = the network tag (irssi >= 1.0) or nick@server (older plugins).
#include <memory>

#include "apps/app_factories.hpp"
#include "apps/libotr_app.hpp"

namespace keysync {
namespace {

LibotrLayout irc_layout(std::string name, std::string description, std::filesystem::path home, std::string process) {
    return LibotrLayout{std::move(name), std::move(description), {std::move(home)}, "otr", "otr.key", "otr.fp",
                        {std::move(process)},  {{"IRC", "prpl-irc"}}, {"prpl-irc"}};
}

}  // namespace

std::unique_ptr<App> make_irssi_app() {
    return std::make_unique<LibotrApp>(irc_layout("irssi", "irssi (irssi-plugin-otr)", ".irssi", "irssi"));
}
std::unique_ptr<App> make_xchat_app() {
    return std::make_unique<LibotrApp>(irc_layout("xchat", "XChat (xchat-otr)", ".xchat2", "xchat"));
}
std::unique_ptr<App> make_hexchat_app() {
    return std::make_unique<LibotrApp>(irc_layout("hexchat", "HexChat (hexchat-otr)", ".config/hexchat", "hexchat"));
}

}  // namespace keysync
