// Kopete (kopete-otr, KDE 4): privkeys and fingerprints in kopete_otr/, Kopete protocol names.
#include <memory>

#include "apps/app_factories.hpp"
#include "apps/libotr_app.hpp"

namespace keysync {

std::unique_ptr<App> make_kopete_app() {
    return std::make_unique<LibotrApp>(LibotrLayout{"kopete",
                                                    "Kopete (kopete-otr)",
                                                    {".kde/share/apps/kopete_otr", ".kde4/share/apps/kopete_otr"},
                                                    "",
                                                    "privkeys",
                                                    "fingerprints",
                                                    {"kopete"},
                                                    {{"Jabber", "prpl-jabber"}, {"Google Talk", "prpl-jabber"}},
                                                    {}});
}

}  // namespace keysync
