#include "keysync/registry.hpp"

#include "apps/app_factories.hpp"

namespace keysync {

const std::vector<std::unique_ptr<App>>& all_apps() {
    static const std::vector<std::unique_ptr<App>> apps = [] {
        std::vector<std::unique_ptr<App>> v;
        v.push_back(make_pidgin_app());
        v.push_back(make_adium_app());
        v.push_back(make_irssi_app());
        v.push_back(make_xchat_app());
        v.push_back(make_hexchat_app());
        v.push_back(make_kopete_app());
        v.push_back(make_weechat_app());
        v.push_back(make_gajim_app());
        v.push_back(make_chatsecure_app());
        v.push_back(make_jitsi_app());
        v.push_back(make_blink_app());
        v.push_back(make_otrjs_app());
        v.push_back(make_gnupg_app());
        v.push_back(make_keyczar_app());
        return v;
    }();
    return apps;
}

const App* find_app(std::string_view name) {
    for (const auto& app : all_apps())
        if (app->name() == name) return app.get();
    return nullptr;
}

}  // namespace keysync
