#pragma once
// One factory per app; registry.cpp lists them.
#include <memory>

#include "keysync/app.hpp"

namespace keysync {

std::unique_ptr<App> make_pidgin_app();
std::unique_ptr<App> make_irssi_app();
std::unique_ptr<App> make_xchat_app();
std::unique_ptr<App> make_hexchat_app();
std::unique_ptr<App> make_kopete_app();
std::unique_ptr<App> make_weechat_app();
std::unique_ptr<App> make_gajim_app();
std::unique_ptr<App> make_chatsecure_app();
std::unique_ptr<App> make_jitsi_app();
std::unique_ptr<App> make_adium_app();
std::unique_ptr<App> make_keyczar_app();
std::unique_ptr<App> make_gnupg_app();
std::unique_ptr<App> make_blink_app();
std::unique_ptr<App> make_otrjs_app();

}  // namespace keysync
