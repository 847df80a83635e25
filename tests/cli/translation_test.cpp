// German, KeySync's first translation: the CLI speaks it in a German locale and English
// otherwise, po/de.po translates every message, and po/ is up to date with the sources.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

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

// The core's parse errors are German too, after the file:line they point at.
TEST(Translation, ParseErrorsKeepTheirFileAndLine) {
    TempDir home;
    write_text(home / "otr.fingerprints", "alice@example.org\tbob@example.org\n");
    auto r = run_keysync({"list", "pidgin:" + home.path().string()}, german());
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.err, (home / "otr.fingerprints").string() +
                                    ":1: 5 durch TAB getrennte Felder erwartet (Kontakt, Konto, Protokoll, Fingerabdruck, "
                                    "Vertrauen), 2 gefunden"))
        << r.err;
    auto en = run_keysync({"list", "pidgin:" + home.path().string()});
    EXPECT_TRUE(contains(en.err, (home / "otr.fingerprints").string() + ":1: expected 5 TAB-separated fields")) << en.err;
}

// What people read is German (apps' state, trust words); list --json keeps its English words.
TEST(Translation, ListTextIsGermanButJsonStaysEnglish) {
    auto text = run_keysync({"list", "pidgin:" + fixture("pidgin").string()}, german());
    EXPECT_EQ(text.status, 0) << text.err;
    EXPECT_TRUE(contains(text.out, "  verifiziert  (Konto ")) << text.out;
    auto json = run_keysync({"list", "pidgin:" + fixture("pidgin").string(), "--json"}, german());
    EXPECT_TRUE(contains(json.out, "\"trust\":\"verified\"")) << json.out;
    EXPECT_FALSE(contains(json.out, "verifiziert")) << json.out;
    auto apps = run_keysync({"apps"}, german());
    EXPECT_TRUE(contains(apps.out, "gnupg      fehlt    ")) << apps.out;
    EXPECT_TRUE(contains(apps.out, "(nur lesbar)")) << apps.out;
}

// A translation uses the same arguments of fill() as its message ("{}" is the next one, "{N}"
// the Nth), so no value is lost or shown twice.
TEST(Translation, GermanKeepsEveryPlaceholder) {
    auto po = run_command({"msgattrib", "--no-obsolete", "--no-wrap", (source_root() / "po/de.po").string()});
    ASSERT_EQ(po.status, 0) << po.err;
    auto placeholders = [](const std::string& s) {
        std::multiset<int> arguments;
        int next = 1;
        for (std::size_t i = s.find('{'); i != std::string::npos; i = s.find('{', i + 1)) {
            if (s.compare(i, 2, "{}") == 0) arguments.insert(next++);
            else if (i + 2 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])) && s[i + 2] == '}')
                arguments.insert(next = s[i + 1] - '0'), ++next;
        }
        return arguments;
    };

    // Entries are msgid, [msgid_plural,] msgstr or msgstr[N]; a string may go on in "..." lines.
    std::string msgid, translation, *current = nullptr;
    int checked = 0;
    auto check = [&] {
        if (msgid.size() > 2 && !translation.empty()) {  // not the header (msgid "")
            EXPECT_EQ(placeholders(msgid), placeholders(translation)) << msgid << "\n -> " << translation;
            ++checked;
        }
        translation.clear();
    };
    std::istringstream lines(po.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("msgid ", 0) == 0) check(), msgid.clear(), current = &msgid;
        else if (line.rfind("msgid_plural ", 0) == 0) current = nullptr;
        else if (line.rfind("msgstr", 0) == 0) check(), current = &translation;  // each plural form on its own
        else if (line.empty() || line[0] != '"') continue;
        if (current) current->append(line.substr(line.find('"')));
    }
    check();
    EXPECT_GT(checked, 300);

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
    auto template_compared =
        run_command({"msgcmp", "--use-untranslated", (source_root() / "po/keysync.pot").string(), (tmp / "now.pot").string()});
    EXPECT_EQ(template_compared.status, 0) << "po/keysync.pot is out of date (ninja keysync-pot):\n" << template_compared.err;

}

}  // namespace
}  // namespace keysync::test
