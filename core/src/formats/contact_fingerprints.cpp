#include "formats/contact_fingerprints.hpp"

namespace keysync {

std::size_t ContactFingerprints::group() {
    // Records come a contact at a time, contacts nearly always in name order (a store's keys are
    // read sorted): then each contact's run is sorted on its own, not 200k records by name.
    bool runs_in_order = true;
    std::size_t last_run = 0;
    for (std::size_t i = 1; i < found_.size() && runs_in_order; ++i) {
        if (same(found_[i], found_[i - 1])) continue;
        runs_in_order = name(found_[last_run]) < name(found_[i]);
        last_run = i;
    }
    auto by_fingerprint = [](const Record& a, const Record& b) { return a.fingerprint < b.fingerprint; };
    if (runs_in_order) {
        for (std::size_t begin = 0, end; begin < found_.size(); begin = end) {
            for (end = begin + 1; end < found_.size() && same(found_[end], found_[begin]);) ++end;
            std::sort(found_.begin() + static_cast<std::ptrdiff_t>(begin), found_.begin() + static_cast<std::ptrdiff_t>(end), by_fingerprint);
        }
    } else {
        std::sort(found_.begin(), found_.end(), [&](const Record& a, const Record& b) {
            if (!same(a, b)) return name(a) < name(b);
            return by_fingerprint(a, b);
        });
    }
    // The last key given for each contact (stable: a later one replaces an earlier one).
    std::stable_sort(keys_.begin(), keys_.end(), [](const Key& a, const Key& b) { return a.contact < b.contact; });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
        if (i + 1 < keys_.size() && keys_[i + 1].contact == keys_[i].contact) continue;
        if (kept != i) keys_[kept] = std::move(keys_[i]);
        ++kept;
    }
    keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(kept), keys_.end());
    std::size_t known = 0;
    for (std::size_t i = 0, next; i < found_.size(); i = next) {
        bool knows = false;
        for (next = i; next < found_.size() && same(found_[next], found_[i]) && found_[next].fingerprint == found_[i].fingerprint; ++next)
            knows = knows || found_[next].knows;
        known += knows;
    }
    return known;
}

std::vector<std::string_view> ContactFingerprints::contact_names() const {
    std::vector<std::string_view> names;
    reserve_resident(names, contacts_.size());  // at most one a run (grown by doubling, 50k took room for 100k)
    for (std::size_t i = 0; i < found_.size(); ++i)
        if (i == 0 || !same(found_[i], found_[i - 1])) names.push_back(name(found_[i]));
    return names;
}

std::vector<Interned> ContactFingerprints::intern_contact_names() {
    std::vector<Interned> interned = intern_all(contact_names());
    // Each run's name replaced as its records come (by the same text: same() answers as before),
    // in place (a second table of 100k names is 400 page faults). Contacts come in name order
    // (group() made them so), and so do the keys: one walk through both.
    std::vector<bool> renamed(contacts_.size(), false);
    std::string_view text;
    std::size_t contact = 0, key = 0, kept_keys = 0;
    for (std::size_t i = 0; i < found_.size(); ++i) {
        if (i == 0 || !same(found_[i], found_[i - 1])) {
            text = interned[i == 0 ? 0 : ++contact].str();
            for (; key < keys_.size() && keys_[key].contact <= text; ++key)
                if (keys_[key].contact == text) {  // (every key has its record: drop_if drops both or neither)
                    keys_[key].contact = text;
                    if (kept_keys != key) keys_[kept_keys] = std::move(keys_[key]);
                    ++kept_keys;
                }
        }
        contacts_[found_[i].contact] = text;
        renamed[found_[i].contact] = true;
    }
    keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(kept_keys), keys_.end());
    for (std::size_t r = 0; r < contacts_.size(); ++r)
        if (!renamed[r]) contacts_[r] = {};  // a run drop_if left no record of: it viewed the text let go of
    return interned;
}

const ContactFingerprints::Key* ContactFingerprints::key_of(std::string_view contact) const {
    auto it = std::lower_bound(keys_.begin(), keys_.end(), contact, [](const Key& k, std::string_view c) { return k.contact < c; });
    return it != keys_.end() && it->contact == contact ? &*it : nullptr;
}

}  // namespace keysync
