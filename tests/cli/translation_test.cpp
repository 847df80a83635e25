// German, KeySync's first translation: the CLI speaks it in a German locale and English
// otherwise, po/de.po translates every message, and po/ is up to date with the sources.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {

// A German locale with the build tree's catalogues; CI generates de_DE.UTF-8 (.ci/install-deps).
std::vector<std::string> german() {
    auto locales = run_command({"locale", "-a"});
    EXPECT_TRUE(contains(locales.out, "de_DE.utf8")) << "the de_DE.UTF-8 locale is missing (locale-gen)";
    return {"LC_ALL=de_DE.UTF-8", "LANGUAGE=", "KEYSYNC_LOCALEDIR=" + env("KEYSYNC_BUILD_LOCALEDIR")};
}

fs::path source_root() { return env("KEYSYNC_SOURCE_ROOT"); }

TEST(Translation, HelpIsGermanInAGermanLocaleAndEnglishOtherwise) {
    auto de = run_keysync({"--help"}, german());
    EXPECT_EQ(de.status, 0);
    EXPECT_TRUE(contains(de.out, "Aufruf: keysync BEFEHL [ARGUMENTE]")) << de.out;
    EXPECT_TRUE(contains(de.out, "Rückgabewert: 0 Erfolg")) << de.out;
    auto en = run_keysync({"--help"}, {"LC_ALL=C", "KEYSYNC_LOCALEDIR=" + env("KEYSYNC_BUILD_LOCALEDIR")});
    EXPECT_TRUE(contains(en.out, "usage: keysync COMMAND [ARGS]")) << en.out;
}

TEST(Translation, ErrorsAndReportsAreGerman) {
    auto error = run_keysync({"list", "nosuch"}, german());
    EXPECT_EQ(error.status, 1);
    EXPECT_TRUE(contains(error.err, "keysync: unbekannte App „nosuch“ im Ort „nosuch“")) << error.err;
    auto list = run_keysync({"list", "pidgin:" + fixture("pidgin").string()}, german());
    EXPECT_EQ(list.status, 0) << list.err;
    EXPECT_TRUE(contains(list.out, "3 Konten:")) << list.out;  // the plural form
    auto usage = run_keysync({"sync", "pidgin"}, german());
    EXPECT_EQ(usage.status, 2);
    EXPECT_TRUE(contains(usage.err, "sync braucht mindestens zwei Orte (siehe keysync sync --help)")) << usage.err;
}

TEST(Translation, GermanIsCompleteAndChecked) {
    auto stats = run_command({"msgfmt", "--check", "--statistics", "-o", "/dev/null", (source_root() / "po/de.po").string()});
    EXPECT_EQ(stats.status, 0) << stats.err;
    EXPECT_TRUE(contains(stats.err, " translated messages.")) << stats.err;
    EXPECT_FALSE(contains(stats.err, "fuzzy")) << stats.err;
    EXPECT_FALSE(contains(stats.err, "untranslated")) << stats.err;
}

// Every file that uses keysync::tr is in po/POTFILES, and every message in them is in de.po.
TEST(Translation, PoFolderIsUpToDateWithTheSources) {
    std::set<std::string> listed, using_tr;
    std::ifstream potfiles(source_root() / "po/POTFILES");
    for (std::string line; std::getline(potfiles, line);)
        if (!line.empty() && line[0] != '#') listed.insert(line);
    for (const char* dir : {"core/src", "tools/keysync", "plugins"})
        for (const auto& entry : fs::recursive_directory_iterator(source_root() / dir))
            if (entry.path().extension() == ".cpp" && entry.path().filename() != "i18n.cpp" &&
                contains(read_text(entry.path()), "#include \"keysync/i18n.hpp\""))
                using_tr.insert(fs::relative(entry.path(), source_root()).string());
    EXPECT_EQ(listed, using_tr);

    TempDir tmp;
    std::vector<std::string> xgettext{"xgettext", "--keyword=tr", "--keyword=trn:1,2", "--keyword=tr_noop", "--from-code=UTF-8",
                                      "-D", source_root().string(), "-o", (tmp / "now.pot").string()};
    xgettext.insert(xgettext.end(), listed.begin(), listed.end());
    auto made = run_command(xgettext);
    ASSERT_EQ(made.status, 0) << made.err;
    auto compared = run_command({"msgcmp", (source_root() / "po/de.po").string(), (tmp / "now.pot").string()});
    EXPECT_EQ(compared.status, 0) << "po/de.po lacks messages of the sources (ninja keysync-update-po):\n" << compared.err;
}

}  // namespace
}  // namespace keysync::test
