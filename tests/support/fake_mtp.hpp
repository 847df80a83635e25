#pragma once
// A folder-backed stand-in for an Android phone over MTP, with the failures a real one has.
#include <filesystem>
#include <fstream>

#include "keysync/error.hpp"
#include "keysync/mtp.hpp"

namespace keysync::test {

struct FakePhone {
    std::filesystem::path storage;       // the phone's storage root
    std::uint64_t free = 1 << 20;
    std::uint64_t fail_after = 0;        // >0: the cable is pulled after this many bytes
    bool remove_fails = false;           // and the phone is gone for the clean-up too
    int progress_calls = 0;
};

class FakeDevice : public MtpDevice {
public:
    explicit FakeDevice(FakePhone& phone) : phone_(phone) {}
    std::string description() const override { return "Fake Phone (Internal storage)"; }
    std::uint64_t free_bytes() const override { return phone_.free; }
    bool has_file(const std::string& name) const override { return std::filesystem::exists(phone_.storage / name); }
    void send(const std::filesystem::path& local, const std::string& name,
              const std::function<void(std::uint64_t, std::uint64_t)>& progress) override {
        std::ifstream in(local, std::ios::binary);
        std::ofstream out(phone_.storage / name, std::ios::binary);
        std::uint64_t total = std::filesystem::file_size(local), sent = 0;
        char c;
        while (in.get(c)) {
            if (phone_.fail_after && sent == phone_.fail_after) {
                out.flush();
                throw Error("the device was disconnected");
            }
            out.put(c);
            if (++sent % 256 == 0 || sent == total) ++phone_.progress_calls, progress(sent, total);
        }
    }
    void remove(const std::string& name) override {
        if (phone_.remove_fails) throw Error("no device");
        std::filesystem::remove(phone_.storage / name);
    }

private:
    FakePhone& phone_;
};

class FakeDevices : public MtpDevices {
public:
    explicit FakeDevices(FakePhone* phone) : phone_(phone) {}
    std::unique_ptr<MtpDevice> first_device() override { return phone_ ? std::make_unique<FakeDevice>(*phone_) : nullptr; }

private:
    FakePhone* phone_;
};

}  // namespace keysync::test
