#pragma once
// The fingerprints an otr4j store (Jitsi's, ChatSecure's) keeps per contact, collected flat as
// its properties are read and grouped once at the end: a store of 100k fingerprints costs one
// record each instead of a tree node per contact and per fingerprint.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "keysync/dsa_key.hpp"
#include "keysync/fingerprint.hpp"
#include "keysync/interned.hpp"
#include "keysync/prefault.hpp"

namespace keysync {

class ContactFingerprints {
public:
    // Room for RECORDS records, and for as many contacts (a contact has one or more): grown by
    // doubling, the contacts' names were copied to fresh pages at each step (400 page faults
    // for 100k).
    void reserve(std::size_t records) {
        reserve_ahead(found_, records);
        reserve_ahead(contacts_, records);
    }
    std::size_t size() const { return found_.size(); }  // records kept
    // CONTACT views text that outlives this (the parsed file). A fingerprint is the contact's
    // when some record KNOWS it; it is verified when some record says so.
    void add(std::string_view contact, const Fingerprint& fingerprint, bool knows, bool verified, std::size_t line) {
        add_record(contact, fingerprint, knows, verified, line, false);
    }
    // The contact's whole public key; its fingerprint is the contact's. A later one replaces it.
    void add_key(std::string_view contact, DsaKey key, std::size_t line) {
        Fingerprint fingerprint = key.fingerprint();
        keys_.push_back({contact, fingerprint, std::move(key)});
        add_record(contact, fingerprint, true, false, line, true);
    }
    // Before group(): drops what DROP(contact, fingerprint, from_key) tells, FROM_KEY for a key
    // and the record add_key made for it (a reader learns which names are its own accounts only
    // at the end of the file).
    template <typename Drop>
    void drop_if(Drop drop) {
        std::erase_if(found_, [&](const Record& r) { return drop(name(r), r.fingerprint, r.from_key); });
        std::erase_if(keys_, [&](const Key& k) { return drop(k.contact, k.fingerprint, true); });
    }

    struct Found {
        std::string_view contact;
        Fingerprint fingerprint;
        bool verified;
        const DsaKey* key;  // the contact's public key when it is this fingerprint's, else null
        std::size_t line;   // the contact's first line in the file
        std::size_t contact_number;  // the contact's place in contact_names()
    };
    // After group(): each contact's name once, in each()'s order (to intern them all at once).
    std::vector<std::string_view> contact_names() const;
    // After group(): contact_names() interned. The records' and keys' names then view the
    // interned text (the same text: each() is as before), so the text the reader kept them in
    // can be let go of before the entries are made (a keystore's 100k JIDs: 2.5 MiB at a sync's peak).
    std::vector<Interned> intern_contact_names();
    // Groups what was added; returns how many fingerprints each() gives (to reserve for them).
    std::size_t group();
    // After group(): F(found) for each fingerprint of each contact once, by contact name, then fingerprint.
    template <typename F>
    void each(F f) const {
        std::size_t contact_number = 0;
        for (std::size_t begin = 0, end; begin < found_.size(); begin = end, ++contact_number) {
            unsigned line = found_[begin].line;
            for (end = begin + 1; end < found_.size() && same(found_[end], found_[begin]);) line = std::min(line, found_[end++].line);
            const std::string_view contact = name(found_[begin]);
            const Key* key = key_of(contact);
            for (std::size_t i = begin, next; i < end; i = next) {
                bool knows = false, verified = false;
                for (next = i; next < end && found_[next].fingerprint == found_[i].fingerprint; ++next)
                    knows = knows || found_[next].knows, verified = verified || found_[next].verified;
                if (!knows) continue;
                f(Found{contact, found_[i].fingerprint, verified,
                        key && key->fingerprint == found_[i].fingerprint ? &key->key : nullptr, line, contact_number});
            }
        }
    }

private:
    // 28 bytes: a store of 100k fingerprints keeps 100-170k of them at the end of its read,
    // beside the entries made of them (two readers' at a sync's peak: 0.8 MiB less than with
    // the flags in bytes of their own). The contact is its run's number in CONTACTS_ (the
    // records of a contact come together), not a view of 16 bytes.
    struct Record {
        std::uint32_t contact;
        Fingerprint fingerprint;
        std::uint32_t line : 29;  // (a file of more lines is larger than any file read)
        std::uint32_t knows : 1, verified : 1, from_key : 1;
    };
    static_assert(sizeof(Record) == 28);
    static constexpr std::size_t kLastLine = (std::size_t{1} << 29) - 1;
    std::string_view name(const Record& r) const { return contacts_[r.contact]; }
    // Records of the same contact: one run's at once, else equal names (a file out of order).
    bool same(const Record& a, const Record& b) const { return a.contact == b.contact || name(a) == name(b); }
    void add_record(std::string_view contact, const Fingerprint& fingerprint, bool knows, bool verified, std::size_t line, bool from_key) {
        // A contact's records come together: they share one view, so comparing them is comparing addresses.
        if (contacts_.empty() || !(contacts_.back().size() == contact.size() && (contacts_.back().data() == contact.data() || contacts_.back() == contact)))
            prefault_ahead(contacts_), contacts_.push_back(contact);
        const auto number = static_cast<std::uint32_t>(contacts_.size() - 1);
        // One fingerprint's properties of a contact are one record, as each() would make of them:
        // ChatSecure writes three lines in a row for a verified one, Jitsi its verified marks
        // before its list. Only a contact's last few records are looked at (it has one or two).
        constexpr std::size_t kLookBack = 8;
        for (std::size_t i = found_.size(); !from_key && i > 0 && found_.size() - i < kLookBack && found_[i - 1].contact == number; --i) {
            Record& r = found_[i - 1];
            if (r.from_key || r.fingerprint != fingerprint) continue;
            r.knows = r.knows || knows;
            r.verified = r.verified || verified;
            r.line = std::min<std::size_t>(r.line, line);
            return;
        }
        prefault_ahead(found_);
        found_.push_back({number, fingerprint, static_cast<std::uint32_t>(std::min(line, kLastLine)), knows, verified, from_key});
    }
    struct Key {
        std::string_view contact;
        Fingerprint fingerprint;  // the key's
        DsaKey key;
    };
    const Key* key_of(std::string_view contact) const;

    std::vector<Record> found_;
    std::vector<std::string_view> contacts_;  // each run's name
    std::vector<Key> keys_;  // after group(): by contact, the last of each
};

}  // namespace keysync
